use sea_orm_migration::{prelude::*, schema::*};

use crate::common::drop;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The audit trail: one row per change, written in the change's own
/// transaction. Rows name entities by kind and key, not by foreign key, so
/// that deleting an entity never touches its history.
#[derive(DeriveIden, Clone, Copy)]
enum AuditEntry {
    Table,
    Id,
    At,
    Actor,
    Action,
    EntityKind,
    EntityKey,
    Before,
    After,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = Table::create()
            .table(AuditEntry::Table)
            .if_not_exists()
            .col(pk_auto(AuditEntry::Id))
            .col(timestamp_with_time_zone(AuditEntry::At))
            .col(string(AuditEntry::Actor))
            .col(string_len(AuditEntry::Action, 16))
            .col(string_len(AuditEntry::EntityKind, 32))
            .col(string_len(AuditEntry::EntityKey, 100))
            .col(json_binary_null(AuditEntry::Before))
            .col(json_binary_null(AuditEntry::After))
            .take();
        manager.create_table(table).await?;
        for (name, columns) in [
            (
                "idx_audit_entry_entity",
                [AuditEntry::EntityKind, AuditEntry::EntityKey],
            ),
            ("idx_audit_entry_at", [AuditEntry::At, AuditEntry::Id]),
        ] {
            let mut index = Index::create();
            index.name(name).table(AuditEntry::Table).if_not_exists();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.take()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, AuditEntry::Table).await
    }
}
