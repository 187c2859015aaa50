use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{catalogue_table, create_with_indexes, drop, restrict_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum DataCategory {
    Table,
    Sensitivity,
    SpecialCategoryKind,
    CcpaCategory,
    CcpaSensitive,
    TaxonomyKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = catalogue_table(DataCategory::Table)
            .col(integer_null("parent_id"))
            .col(string_len(DataCategory::Sensitivity, 32).default("ordinary"))
            .col(string_len_null(DataCategory::SpecialCategoryKind, 48))
            .col(string_len_null(DataCategory::CcpaCategory, 1))
            .col(boolean(DataCategory::CcpaSensitive).default(false))
            .col(string_null(DataCategory::TaxonomyKey))
            .foreign_key(&mut restrict_fk(
                DataCategory::Table,
                "parent_id",
                "data_category",
            ))
            .take();
        create_with_indexes(
            manager,
            table,
            DataCategory::Table,
            &["organization_id", "parent_id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, DataCategory::Table).await
    }
}
