use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{catalogue_table, create_with_indexes, drop};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SecurityMeasure {
    Table,
    Kind,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = catalogue_table(SecurityMeasure::Table)
            .col(string_len(SecurityMeasure::Kind, 32))
            .take();
        create_with_indexes(manager, table, SecurityMeasure::Table, &["organization_id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, SecurityMeasure::Table).await
    }
}
