use sea_orm_migration::prelude::*;

use crate::common::{create_with_indexes, drop, link_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The systems where an activity's data lives.
#[derive(DeriveIden, Clone, Copy)]
enum ActivitySystem {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = link_table(
            ActivitySystem::Table,
            ("activity_id", "processing_activity"),
            ("system_id", "system"),
        );
        create_with_indexes(manager, table, ActivitySystem::Table, &["system_id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ActivitySystem::Table).await
    }
}
