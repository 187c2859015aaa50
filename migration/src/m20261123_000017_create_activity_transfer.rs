use sea_orm_migration::prelude::*;

use crate::common::{create_with_indexes, drop, link_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The international transfers an activity makes.
#[derive(DeriveIden, Clone, Copy)]
enum ActivityTransfer {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = link_table(
            ActivityTransfer::Table,
            ("activity_id", "processing_activity"),
            ("transfer_id", "transfer"),
        );
        create_with_indexes(manager, table, ActivityTransfer::Table, &["transfer_id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ActivityTransfer::Table).await
    }
}
