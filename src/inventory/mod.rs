//! Inventory as code: TOML files that describe an organisation's graph by
//! keys, applied idempotently in one transaction and exported back.

pub mod apply;
mod convert;
pub mod export;
pub mod format;
pub mod source;

pub use apply::{Action, ApplyOptions, Change, Report, apply};
pub use source::{SourceText, Step};
