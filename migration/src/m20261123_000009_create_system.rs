use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{catalogue_table, create_with_indexes, drop, restrict_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum System {
    Table,
    HostingCountry,
    Location,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = catalogue_table(System::Table)
            .col(string_len_null(System::HostingCountry, 2))
            .col(string_null(System::Location))
            .col(integer_null("vendor_id"))
            .foreign_key(&mut restrict_fk(System::Table, "vendor_id", "recipient"))
            .take();
        create_with_indexes(
            manager,
            table,
            System::Table,
            &["organization_id", "vendor_id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, System::Table).await
    }
}
