use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{create_with_indexes, drop, link_table};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ActivityPurpose {
    Table,
    LawfulBasis,
    LegitimateInterest,
    LiaUrl,
    SpecialCategoryCondition,
    CriminalOffenceCondition,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ActivityPurpose as L;
        let table = link_table(
            L::Table,
            ("activity_id", "processing_activity"),
            ("purpose_id", "purpose"),
        )
        .col(string_len_null(L::LawfulBasis, 32))
        .col(text_null(L::LegitimateInterest))
        .col(string_null(L::LiaUrl))
        .col(string_len_null(L::SpecialCategoryCondition, 48))
        .col(text_null(L::CriminalOffenceCondition))
        .take();
        create_with_indexes(manager, table, L::Table, &["purpose_id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ActivityPurpose::Table).await
    }
}
