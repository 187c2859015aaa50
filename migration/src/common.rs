//! Column sets and constraints shared by the first schema's tables.
//!
//! These helpers are part of released migrations: never change what they
//! produce. A later migration that needs something else writes it out itself.

use sea_orm_migration::{prelude::*, schema::*};

/// Longest accepted entity key; keys are slugs typed by people.
pub const KEY_LENGTH: u32 = 100;

/// A graph entity table: numeric id, unique human key, name, optional
/// description, timestamps and the optimistic-concurrency version.
pub fn entity_table(table: impl IntoIden) -> TableCreateStatement {
    Table::create()
        .table(table)
        .if_not_exists()
        .col(pk_auto("id"))
        .col(string_len_uniq("key", KEY_LENGTH))
        .col(string("name"))
        .col(text_null("description"))
        .col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
        .col(integer("version").default(1))
        .take()
}

/// A catalogue table: an entity table with an optional owning organisation
/// (null for entries shared by every organisation).
pub fn catalogue_table<T: Iden + Copy + 'static>(table: T) -> TableCreateStatement {
    entity_table(table)
        .col(integer_null("organization_id"))
        .foreign_key(&mut restrict_fk(table, "organization_id", "organization"))
        .take()
}

/// A many-to-many link table keyed by both ids, with its creation time.
/// Deleting either side is refused by the database while the link exists.
pub fn link_table<T: Iden + Copy + 'static>(
    table: T,
    (left_column, left_table): (&'static str, &'static str),
    (right_column, right_table): (&'static str, &'static str),
) -> TableCreateStatement {
    Table::create()
        .table(table)
        .if_not_exists()
        .col(integer(left_column))
        .col(integer(right_column))
        .col(timestamp_with_time_zone("created_at"))
        .primary_key(Index::create().col(left_column).col(right_column))
        .foreign_key(&mut restrict_fk(table, left_column, left_table))
        .foreign_key(&mut restrict_fk(table, right_column, right_table))
        .take()
}

/// A foreign key to `target.id` that refuses deletes and key updates of the
/// referenced row: cascades are decided in code, where they can be reported.
pub fn restrict_fk<T: Iden + Copy + 'static>(
    table: T,
    column: &'static str,
    target: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{}_{column}", Iden::to_string(&table)))
        .from(table, column)
        .to(target, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .on_update(ForeignKeyAction::Restrict)
        .take()
}

/// An index on one column, for following a reference backwards.
pub fn column_index<T: Iden + Copy + 'static>(
    table: T,
    column: &'static str,
) -> IndexCreateStatement {
    Index::create()
        .name(format!("idx_{}_{column}", Iden::to_string(&table)))
        .table(table)
        .col(column)
        .if_not_exists()
        .take()
}

/// Creates a table and the indexes that follow its references backwards.
pub async fn create_with_indexes<T: Iden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    table: TableCreateStatement,
    name: T,
    indexed_columns: &[&'static str],
) -> Result<(), DbErr> {
    manager.create_table(table).await?;
    for column in indexed_columns {
        manager.create_index(column_index(name, column)).await?;
    }
    Ok(())
}

/// Drops a table created by this schema.
pub async fn drop(manager: &SchemaManager<'_>, table: impl IntoIden) -> Result<(), DbErr> {
    manager.drop_table(Table::drop().table(table).take()).await
}
