use sea_orm_migration::prelude::*;

use crate::common::{create_with_indexes, drop, link_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The recipients an activity discloses data to.
#[derive(DeriveIden, Clone, Copy)]
enum ActivityRecipient {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = link_table(
            ActivityRecipient::Table,
            ("activity_id", "processing_activity"),
            ("recipient_id", "recipient"),
        );
        create_with_indexes(manager, table, ActivityRecipient::Table, &["recipient_id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ActivityRecipient::Table).await
    }
}
