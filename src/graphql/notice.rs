//! The privacy notice through GraphQL: a draft rendered from the graph as
//! it is now, with what the graph could not say.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::domain::kind::EntityKind;
use crate::graph::Inventory;
use crate::notice::{self, Format, Jurisdiction, Templates};

#[derive(Default)]
pub struct NoticeQuery;

#[Object]
impl NoticeQuery {
    /// The organisation's privacy notice as the graph gives it now (a
    /// draft: publishing makes a dated, immutable version).
    async fn notice(
        &self,
        ctx: &Context<'_>,
        organization: String,
        #[graphql(default_with = "Format::Html")] format: Format,
        #[graphql(default_with = "vec![Jurisdiction::Gdpr]")] jurisdictions: Vec<Jurisdiction>,
    ) -> Result<NoticeDraft> {
        let graph = Inventory::load(super::db(ctx)?).await?;
        let draft = notice::notice(&graph, &organization, &jurisdictions)?;
        let content = notice::render(&draft, format, &Templates::default())?;
        Ok(NoticeDraft {
            format,
            content,
            gaps: draft
                .gaps
                .into_iter()
                .map(|gap| NoticeGap {
                    section: gap.section.to_owned(),
                    kind: gap.kind,
                    key: gap.key,
                    message: gap.message,
                })
                .collect(),
        })
    }
}

#[derive(SimpleObject)]
pub struct NoticeDraft {
    format: Format,
    /// The notice in that format.
    content: String,
    /// What the notice should say and the graph does not state; the
    /// notice leaves these out rather than guess.
    gaps: Vec<NoticeGap>,
}

#[derive(SimpleObject)]
pub struct NoticeGap {
    /// The section of the notice it belongs in.
    section: String,
    kind: EntityKind,
    key: String,
    message: String,
}
