use sea_orm_migration::prelude::*;

use crate::common::{create_with_indexes, drop, link_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The retention rules that apply to an activity's data.
#[derive(DeriveIden, Clone, Copy)]
enum ActivityRetention {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = link_table(
            ActivityRetention::Table,
            ("activity_id", "processing_activity"),
            ("retention_rule_id", "retention_rule"),
        );
        create_with_indexes(
            manager,
            table,
            ActivityRetention::Table,
            &["retention_rule_id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ActivityRetention::Table).await
    }
}
