use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{create_with_indexes, drop, restrict_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A data category an activity processes, optionally with the source it
/// comes from. The same category may come from several sources, so the link
/// has its own id and its identity is (activity, category, source).
#[derive(DeriveIden, Clone, Copy)]
enum ActivityDataCategory {
    Table,
    Required,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ActivityDataCategory as L;
        let table = Table::create()
            .table(L::Table)
            .if_not_exists()
            .col(pk_auto("id"))
            .col(integer("activity_id"))
            .col(integer("data_category_id"))
            .col(integer_null("source_id"))
            .col(boolean_null(L::Required))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut restrict_fk(
                L::Table,
                "activity_id",
                "processing_activity",
            ))
            .foreign_key(&mut restrict_fk(
                L::Table,
                "data_category_id",
                "data_category",
            ))
            .foreign_key(&mut restrict_fk(L::Table, "source_id", "source"))
            .take();
        create_with_indexes(
            manager,
            table,
            L::Table,
            &["activity_id", "data_category_id", "source_id"],
        )
        .await?;
        // A unique index over an expression: NULL sources must collide too,
        // and both SQLite and PostgreSQL accept this statement as written.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX IF NOT EXISTS uq_activity_data_category \
                 ON activity_data_category (activity_id, data_category_id, COALESCE(source_id, 0))",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ActivityDataCategory::Table).await
    }
}
