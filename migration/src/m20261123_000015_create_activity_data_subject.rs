use sea_orm_migration::prelude::*;

use crate::common::{create_with_indexes, drop, link_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The categories of people whose data an activity processes.
#[derive(DeriveIden, Clone, Copy)]
enum ActivityDataSubject {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = link_table(
            ActivityDataSubject::Table,
            ("activity_id", "processing_activity"),
            ("data_subject_category_id", "data_subject_category"),
        );
        create_with_indexes(
            manager,
            table,
            ActivityDataSubject::Table,
            &["data_subject_category_id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ActivityDataSubject::Table).await
    }
}
