use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{catalogue_table, create_with_indexes, drop, restrict_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Transfer {
    Table,
    Country,
    Mechanism,
    SccModule,
    Derogation,
    SafeguardUrl,
    SafeguardAccess,
    Occasional,
    ContractDate,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = catalogue_table(Transfer::Table)
            .col(integer_null("recipient_id"))
            .col(string_len_null(Transfer::Country, 2))
            .col(string_len_null(Transfer::Mechanism, 48))
            .col(string_len_null(Transfer::SccModule, 32))
            .col(string_len_null(Transfer::Derogation, 48))
            .col(string_null(Transfer::SafeguardUrl))
            .col(text_null(Transfer::SafeguardAccess))
            .col(boolean_null(Transfer::Occasional))
            .col(date_null(Transfer::ContractDate))
            .foreign_key(&mut restrict_fk(
                Transfer::Table,
                "recipient_id",
                "recipient",
            ))
            .take();
        create_with_indexes(
            manager,
            table,
            Transfer::Table,
            &["organization_id", "recipient_id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, Transfer::Table).await
    }
}
