use sea_orm_migration::prelude::*;

use crate::common::{create_with_indexes, drop, link_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Retention per data category (the CPRA asks for periods per category).
#[derive(DeriveIden, Clone, Copy)]
enum DataCategoryRetention {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = link_table(
            DataCategoryRetention::Table,
            ("data_category_id", "data_category"),
            ("retention_rule_id", "retention_rule"),
        );
        create_with_indexes(
            manager,
            table,
            DataCategoryRetention::Table,
            &["retention_rule_id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, DataCategoryRetention::Table).await
    }
}
