//! The public privacy notice: what GDPR Arts. 13-14 (and, on request, the
//! California privacy policy rules) require an organisation to tell people,
//! worked out from the graph (`model`) and written through templates
//! (`render`) as HTML, Markdown, text or JSON.

pub mod model;
pub mod publish;
pub mod render;

pub use model::{Jurisdiction, Notice, notice};
pub use render::{Format, Templates, render};
