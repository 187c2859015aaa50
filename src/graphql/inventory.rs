use async_graphql::{Context, Object, Result, SimpleObject};

use crate::domain::kind::EntityKind;
use crate::graph::Inventory;
use crate::inventory::{self, Action, ApplyOptions, Report, SourceText};

#[derive(Default)]
pub struct InventoryQuery;

#[Object]
impl InventoryQuery {
    /// An organisation's inventory file (TOML), as `ropa export inventory`
    /// writes it: applying it changes nothing.
    async fn inventory_file(&self, ctx: &Context<'_>, organization: String) -> Result<String> {
        let graph = Inventory::load_current(super::db(ctx)?).await?;
        Ok(inventory::export::to_toml(&graph, &organization)?)
    }
}

#[derive(Default)]
pub struct InventoryMutation;

#[Object]
impl InventoryMutation {
    /// Applies an inventory document (TOML), as `ropa apply` does: creates
    /// what is missing and updates what changed, in one transaction. A
    /// document with problems changes nothing; the error lists every
    /// problem with its line and column in `extensions.problems`.
    async fn apply_inventory(
        &self,
        ctx: &Context<'_>,
        document: String,
        #[graphql(default)] dry_run: bool,
        #[graphql(default)] prune: bool,
    ) -> Result<ApplyReport> {
        let sources = [SourceText::new("<document>", document)];
        let report = inventory::apply(
            super::db(ctx)?,
            &super::actor(ctx)?,
            &sources,
            ApplyOptions { dry_run, prune },
        )
        .await?;
        Ok(ApplyReport(report))
    }
}

/// What applying an inventory did, or in a dry run would do.
pub struct ApplyReport(pub Report);

#[Object]
impl ApplyReport {
    /// True when nothing was written.
    async fn dry_run(&self) -> bool {
        self.0.dry_run
    }
    async fn created(&self) -> usize {
        self.0.count(Action::Created)
    }
    async fn updated(&self) -> usize {
        self.0.count(Action::Updated)
    }
    async fn unchanged(&self) -> usize {
        self.0.count(Action::Unchanged)
    }
    async fn deleted(&self) -> usize {
        self.0.count(Action::Deleted)
    }
    /// "2 created, 1 updated, 40 unchanged".
    async fn summary(&self) -> String {
        self.0.summary()
    }
    /// Every entity of the document, and what happened to it, in the order applied.
    async fn changes(&self) -> Vec<InventoryChange> {
        self.0
            .changes
            .iter()
            .map(|change| InventoryChange {
                kind: change.kind,
                key: change.key.clone(),
                action: change.action,
            })
            .collect()
    }
}

#[derive(SimpleObject)]
pub struct InventoryChange {
    kind: EntityKind,
    key: String,
    action: Action,
}
