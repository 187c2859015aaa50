//! The privacy notice through GraphQL: a draft rendered from the graph as
//! it is now, with what the graph could not say.

use async_graphql::{Context, Object, Result, SimpleObject};

use entity::notice_version;

use crate::domain::kind::EntityKind;
use crate::graph::Inventory;
use crate::notice::{self, Format, Jurisdiction, Templates, publish};

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
        let graph = Inventory::load_current(super::db(ctx)?).await?;
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

#[derive(Default)]
pub struct NoticeMutation;

#[Object]
impl NoticeMutation {
    /// Publishes the organisation's notice as the graph gives it now, as a
    /// numbered, immutable version effective on `effectiveDate`; anyone can
    /// read it at `/notices/{organization}`. An unchanged notice makes no
    /// new version (`created` is false). Refused, with the findings in
    /// `extensions.findings`, while the inventory has errors, unless
    /// `force`. Admins only.
    async fn publish_notice(
        &self,
        ctx: &Context<'_>,
        organization: String,
        effective_date: chrono::NaiveDate,
        #[graphql(default_with = "vec![Jurisdiction::Gdpr]")] jurisdictions: Vec<Jurisdiction>,
        #[graphql(default)] force: bool,
    ) -> Result<PublishedNotice> {
        let published = publish::publish(
            super::db(ctx)?,
            &super::actor(ctx)?,
            &organization,
            effective_date,
            &jurisdictions,
            force,
        )
        .await?;
        Ok(PublishedNotice {
            created: published.created,
            version: published.version.into(),
        })
    }
}

#[derive(SimpleObject)]
pub struct PublishedNotice {
    /// False when nothing had changed since the latest version.
    created: bool,
    version: NoticeVersion,
}

/// One published version of a notice.
#[derive(SimpleObject)]
pub struct NoticeVersion {
    organization: String,
    number: i32,
    effective_date: chrono::NaiveDate,
    published_at: chrono::DateTime<chrono::FixedOffset>,
    published_by: String,
    /// Comma separated: `gdpr`, `ccpa`.
    jurisdictions: String,
    /// SHA-256 of the notice's content.
    content_hash: String,
    /// Where anyone can read it.
    url: String,
}

impl From<notice_version::Model> for NoticeVersion {
    fn from(row: notice_version::Model) -> Self {
        NoticeVersion {
            url: format!("/notices/{}/versions/{}", row.organization_key, row.number),
            organization: row.organization_key,
            number: row.number,
            effective_date: row.effective_date,
            published_at: row.published_at,
            published_by: row.published_by,
            jurisdictions: row.jurisdictions,
            content_hash: row.content_hash,
        }
    }
}

#[derive(Default)]
pub struct NoticeVersionsQuery;

#[Object]
impl NoticeVersionsQuery {
    /// Every published version of the organisation's notice, oldest first.
    async fn notice_versions(
        &self,
        ctx: &Context<'_>,
        organization: String,
    ) -> Result<Vec<NoticeVersion>> {
        Ok(publish::versions(super::db(ctx)?, &organization)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// What changed between two published versions, in words ("new
    /// recipient: Stripe, Inc. (service providers who process information
    /// on our behalf)").
    async fn notice_changes(
        &self,
        ctx: &Context<'_>,
        organization: String,
        from: i32,
        to: i32,
    ) -> Result<Vec<String>> {
        let db = super::db(ctx)?;
        let from = publish::version(db, &organization, Some(from)).await?;
        let to = publish::version(db, &organization, Some(to)).await?;
        Ok(publish::changes(&from, &to)?)
    }
}
