use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{catalogue_table, create_with_indexes, drop};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum RetentionRule {
    Table,
    Period,
    Criteria,
    RunsFrom,
    LegalRequirement,
    EndAction,
    PolicyUrl,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = catalogue_table(RetentionRule::Table)
            .col(string_len_null(RetentionRule::Period, 64))
            .col(text_null(RetentionRule::Criteria))
            .col(string_null(RetentionRule::RunsFrom))
            .col(text_null(RetentionRule::LegalRequirement))
            .col(string_len_null(RetentionRule::EndAction, 32))
            .col(string_null(RetentionRule::PolicyUrl))
            .take();
        create_with_indexes(manager, table, RetentionRule::Table, &["organization_id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, RetentionRule::Table).await
    }
}
