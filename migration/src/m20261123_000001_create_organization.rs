use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{create_with_indexes, drop, entity_table, restrict_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Organization {
    Table,
    Address,
    Country,
    Email,
    Phone,
    Website,
    DpoName,
    DpoEmail,
    DpoPhone,
    DpoAddress,
    SupervisoryAuthority,
    EmployeeCount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = entity_table(Organization::Table)
            .col(text_null(Organization::Address))
            .col(string_len_null(Organization::Country, 2))
            .col(string_null(Organization::Email))
            .col(string_null(Organization::Phone))
            .col(string_null(Organization::Website))
            .col(string_null(Organization::DpoName))
            .col(string_null(Organization::DpoEmail))
            .col(string_null(Organization::DpoPhone))
            .col(text_null(Organization::DpoAddress))
            .col(integer_null("eu_representative_id"))
            .col(integer_null("uk_representative_id"))
            .col(integer_null("parent_id"))
            .col(string_null(Organization::SupervisoryAuthority))
            .col(integer_null(Organization::EmployeeCount))
            .foreign_key(&mut restrict_fk(
                Organization::Table,
                "eu_representative_id",
                "organization",
            ))
            .foreign_key(&mut restrict_fk(
                Organization::Table,
                "uk_representative_id",
                "organization",
            ))
            .foreign_key(&mut restrict_fk(
                Organization::Table,
                "parent_id",
                "organization",
            ))
            .take();
        create_with_indexes(
            manager,
            table,
            Organization::Table,
            &["eu_representative_id", "uk_representative_id", "parent_id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, Organization::Table).await
    }
}
