//! The same migrations build the same schema on SQLite and PostgreSQL, with
//! the constraints in the database itself.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

use crate::support::each_backend;

#[tokio::test]
async fn every_migration_is_applied_and_can_be_rolled_back() {
    each_backend(|app| async move {
        let pending = Migrator::get_pending_migrations(&app.db).await.unwrap();
        assert!(
            pending.is_empty(),
            "pending after migrate: {}",
            pending.len()
        );
        let applied = Migrator::get_applied_migrations(&app.db)
            .await
            .unwrap()
            .len();
        assert_eq!(applied, Migrator::migrations().len());

        Migrator::down(&app.db, None).await.unwrap();
        assert_eq!(
            Migrator::get_applied_migrations(&app.db)
                .await
                .unwrap()
                .len(),
            0
        );
        ropa::db::migrate(&app.db).await.unwrap();
        assert_eq!(app.count("processing_activity").await, 0, "tables are back");
    })
    .await;
}

#[tokio::test]
async fn the_database_itself_refuses_broken_references_and_duplicate_keys() {
    each_backend(|app| async move {
        let now = "'2026-01-01T00:00:00+00:00'";
        let sql = |text: String| Statement::from_string(app.backend, text);
        app.db
            .execute_raw(sql(format!(
                "INSERT INTO organization (key, name, created_at, updated_at, version) VALUES ('acme', 'Acme', {now}, {now}, 1)"
            )))
            .await
            .unwrap();
        let duplicate = app
            .db
            .execute_raw(sql(format!(
                "INSERT INTO organization (key, name, created_at, updated_at, version) VALUES ('acme', 'Acme again', {now}, {now}, 1)"
            )))
            .await;
        assert!(duplicate.is_err(), "a second `acme` was accepted");
        let orphan = app
            .db
            .execute_raw(sql(format!(
                "INSERT INTO activity_purpose (activity_id, purpose_id, created_at) VALUES (4242, 4343, {now})"
            )))
            .await;
        assert!(orphan.is_err(), "a link to nothing was accepted");
        let orphan_activity = app
            .db
            .execute_raw(sql(format!(
                "INSERT INTO processing_activity (key, name, organization_id, role, status, created_at, updated_at, version) \
                 VALUES ('a', 'A', 4242, 'controller', 'active', {now}, {now}, 1)"
            )))
            .await;
        assert!(orphan_activity.is_err(), "an activity of no organisation was accepted");
    })
    .await;
}
