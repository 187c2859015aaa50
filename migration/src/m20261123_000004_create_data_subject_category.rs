use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{catalogue_table, create_with_indexes, drop};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum DataSubjectCategory {
    Table,
    Children,
    Vulnerable,
    TaxonomyKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = catalogue_table(DataSubjectCategory::Table)
            .col(boolean(DataSubjectCategory::Children).default(false))
            .col(boolean(DataSubjectCategory::Vulnerable).default(false))
            .col(string_null(DataSubjectCategory::TaxonomyKey))
            .take();
        create_with_indexes(
            manager,
            table,
            DataSubjectCategory::Table,
            &["organization_id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, DataSubjectCategory::Table).await
    }
}
