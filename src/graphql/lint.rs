//! Compliance findings through GraphQL.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::domain::kind::EntityKind;
use crate::graph::Inventory;
use crate::lint::{self, codes::Severity};

#[derive(Default)]
pub struct LintQuery;

#[Object]
impl LintQuery {
    /// What the law requires that the graph lacks: the findings of one
    /// organisation (or of every one), at `severity` or worse, as of
    /// `asOf` (today by default), most severe first.
    async fn findings(
        &self,
        ctx: &Context<'_>,
        organization: Option<String>,
        #[graphql(default_with = "Severity::Info")] severity: Severity,
        as_of: Option<chrono::NaiveDate>,
    ) -> Result<Vec<Finding>> {
        let graph = Inventory::load_current(super::db(ctx)?).await?;
        let as_of = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
        Ok(lint::lint(&graph, organization.as_deref(), as_of)?
            .into_iter()
            .filter(|finding| finding.severity <= severity)
            .map(|finding| Finding {
                organization: finding.organization,
                severity: finding.severity,
                code: finding.code.to_owned(),
                kind: finding.kind,
                key: finding.key,
                message: finding.message,
                article: finding.article.to_owned(),
                fix: finding.fix.to_owned(),
            })
            .collect())
    }
}

/// One finding: a stable code, the entity at fault, the article, a fix.
#[derive(SimpleObject)]
pub struct Finding {
    organization: String,
    severity: Severity,
    /// Stable, never reused: `ROPA-E001`; `ropa lint --explain` says more.
    code: String,
    kind: EntityKind,
    key: String,
    message: String,
    article: String,
    fix: String,
}
