use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{catalogue_table, create_with_indexes, drop};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Recipient {
    Table,
    Kind,
    Named,
    Country,
    ContractUrl,
    PrivacyPolicyUrl,
    DpfCertified,
    DpfUkExtension,
    DpfSwiss,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = catalogue_table(Recipient::Table)
            .col(string_len(Recipient::Kind, 32))
            .col(boolean(Recipient::Named).default(true))
            .col(string_len_null(Recipient::Country, 2))
            .col(string_null(Recipient::ContractUrl))
            .col(string_null(Recipient::PrivacyPolicyUrl))
            .col(boolean(Recipient::DpfCertified).default(false))
            .col(boolean(Recipient::DpfUkExtension).default(false))
            .col(boolean(Recipient::DpfSwiss).default(false))
            .take();
        create_with_indexes(manager, table, Recipient::Table, &["organization_id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, Recipient::Table).await
    }
}
