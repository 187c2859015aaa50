use sea_orm_migration::prelude::*;

use crate::common::{create_with_indexes, drop, link_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The Art. 32 measures that protect an activity's data.
#[derive(DeriveIden, Clone, Copy)]
enum ActivitySecurityMeasure {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = link_table(
            ActivitySecurityMeasure::Table,
            ("activity_id", "processing_activity"),
            ("security_measure_id", "security_measure"),
        );
        create_with_indexes(
            manager,
            table,
            ActivitySecurityMeasure::Table,
            &["security_measure_id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ActivitySecurityMeasure::Table).await
    }
}
