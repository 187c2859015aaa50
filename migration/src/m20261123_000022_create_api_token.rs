use sea_orm_migration::{prelude::*, schema::*};

use crate::common::drop;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// API tokens: only a hash of each token is stored; the token itself is
/// shown once, when it is created.
#[derive(DeriveIden, Clone, Copy)]
enum ApiToken {
    Table,
    Id,
    Name,
    Role,
    TokenHash,
    CreatedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = Table::create()
            .table(ApiToken::Table)
            .if_not_exists()
            .col(pk_auto(ApiToken::Id))
            .col(string_len_uniq(ApiToken::Name, 100))
            .col(string_len(ApiToken::Role, 16))
            .col(string_len_uniq(ApiToken::TokenHash, 64))
            .col(timestamp_with_time_zone(ApiToken::CreatedAt))
            .col(timestamp_with_time_zone_null(ApiToken::RevokedAt))
            .take();
        manager.create_table(table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ApiToken::Table).await
    }
}
