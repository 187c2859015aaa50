use sea_orm_migration::prelude::*;

use crate::common::{create_with_indexes, drop, link_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The other controllers of an activity: the controllers a processor acts
/// for, or the joint controllers of a jointly controlled activity.
#[derive(DeriveIden, Clone, Copy)]
enum ActivityController {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = link_table(
            ActivityController::Table,
            ("activity_id", "processing_activity"),
            ("organization_id", "organization"),
        );
        create_with_indexes(
            manager,
            table,
            ActivityController::Table,
            &["organization_id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ActivityController::Table).await
    }
}
