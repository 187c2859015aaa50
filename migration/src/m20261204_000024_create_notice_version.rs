use sea_orm_migration::{prelude::*, schema::*};

use crate::common::drop;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Published privacy notices: an append-only archive, one row per version,
/// keyed by the organisation's key rather than a foreign key, so that what
/// was published stays published whatever later happens to the graph.
#[derive(DeriveIden, Clone, Copy)]
enum NoticeVersion {
    Table,
    Id,
    OrganizationKey,
    Number,
    EffectiveDate,
    PublishedAt,
    PublishedBy,
    Jurisdictions,
    ContentHash,
    Html,
    Markdown,
    PlainText,
    Json,
    Snapshot,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = Table::create()
            .table(NoticeVersion::Table)
            .if_not_exists()
            .col(pk_auto(NoticeVersion::Id))
            .col(string_len(NoticeVersion::OrganizationKey, 100))
            .col(integer(NoticeVersion::Number))
            .col(date(NoticeVersion::EffectiveDate))
            .col(timestamp_with_time_zone(NoticeVersion::PublishedAt))
            .col(string_len(NoticeVersion::PublishedBy, 200))
            .col(string_len(NoticeVersion::Jurisdictions, 64))
            .col(string_len(NoticeVersion::ContentHash, 64))
            .col(text(NoticeVersion::Html))
            .col(text(NoticeVersion::Markdown))
            .col(text(NoticeVersion::PlainText))
            .col(text(NoticeVersion::Json))
            .col(text(NoticeVersion::Snapshot))
            .index(
                Index::create()
                    .name("notice_version_organization_number")
                    .col(NoticeVersion::OrganizationKey)
                    .col(NoticeVersion::Number)
                    .unique(),
            )
            .take();
        manager.create_table(table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, NoticeVersion::Table).await
    }
}
