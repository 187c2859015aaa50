//! Outputs read the graph through several connections at once; what they
//! read must still be the graph of one moment.

use std::time::{Duration, Instant};

use entity::organization;
use ropa::domain::write;
use ropa::graph::{Inventory, snapshot};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait, Statement,
    TransactionTrait,
};
use serde_json::json;

use crate::support::{TestApp, seeds};

/// Databases with a server's pool: a SQLite file, and PostgreSQL when the
/// tests have one.
async fn pooled_backends(name: &str) -> Vec<TestApp> {
    let mut apps = vec![TestApp::sqlite_file(name).await];
    if let Ok(url) = std::env::var("TEST_DATABASE_URL")
        && !url.is_empty()
    {
        apps.push(TestApp::postgres(&url).await);
    }
    apps
}

/// Readers, once the turn is free (other tests read graphs too).
async fn three_readers(db: &DatabaseConnection) -> snapshot::Readers<3> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(readers) = snapshot::readers::<3>(db).await.unwrap() {
            return readers;
        }
        assert!(Instant::now() < deadline, "no turn to read in parallel");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn organizations(db: &impl ConnectionTrait) -> u64 {
    organization::Entity::find().count(db).await.unwrap()
}

/// The graph's rows, table by table, to compare two loads.
fn contents(graph: &Inventory) -> String {
    let entities = format!(
        "{:?}",
        (
            graph.organizations.all(),
            graph.activities.all(),
            graph.purposes.all(),
            graph.data_categories.all(),
            graph.data_subjects.all(),
            graph.sources.all(),
            graph.recipients.all(),
            graph.transfers.all(),
            graph.retention_rules.all(),
            graph.systems.all(),
            graph.security_measures.all(),
        )
    );
    let links = format!(
        "{:?}",
        (
            &graph.activity_controllers,
            &graph.activity_purposes,
            &graph.activity_data_categories,
            &graph.activity_data_subjects,
            &graph.activity_recipients,
            &graph.activity_transfers,
            &graph.activity_retentions,
            &graph.activity_systems,
            &graph.activity_security_measures,
            &graph.data_category_retentions,
        )
    );
    entities + &links
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_see_the_moment_they_opened_not_later_writes() {
    for app in pooled_backends("snapshot-readers").await {
        seeds::apply_all(&app).await;
        let before = organizations(&app.db).await;
        let readers = three_readers(&app.db).await;
        app.ok(
            r#"mutation { createOrganization(input: {key: "later", name: "Later"}) { key } }"#,
            json!({}),
        )
        .await;
        for reader in &readers.transactions {
            assert_eq!(organizations(reader).await, before, "{:?}", app.backend);
        }
        drop(readers);
        let current = Inventory::load_current(&app.db).await.unwrap();
        assert!(current.organizations.by_key("later").is_some());
        let plain = Inventory::load(&app.db).await.unwrap();
        assert!(
            contents(&current) == contents(&plain),
            "{:?}: the parallel load differs from the plain one",
            app.backend
        );
        app.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_in_progress_on_sqlite_sends_readers_to_one_transaction() {
    let app = TestApp::sqlite_file("snapshot-busy").await;
    seeds::apply_all(&app).await;
    let before = organizations(&app.db).await;
    let writer = write::begin(&app.db).await.unwrap();
    writer
        .execute_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "UPDATE organization SET name = name || ' (renamed)'",
        ))
        .await
        .unwrap();
    let started = Instant::now();
    assert!(snapshot::readers::<3>(&app.db).await.unwrap().is_none());
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "readers waited for the writer"
    );
    let graph = Inventory::load_current(&app.db).await.unwrap();
    assert_eq!(graph.organizations.all().len() as u64, before);
    assert!(
        graph
            .organizations
            .all()
            .iter()
            .all(|org| !org.name.ends_with("(renamed)")),
        "a reader saw a write that was not committed"
    );
    writer.commit().await.unwrap();
    let graph = Inventory::load_current(&app.db).await.unwrap();
    assert!(
        graph
            .organizations
            .all()
            .iter()
            .all(|org| org.name.ends_with("(renamed)"))
    );
    // The write lock was let go: writes go on as before.
    let txn = app.db.begin().await.unwrap();
    txn.commit().await.unwrap();
    app.ok(
        r#"mutation { createOrganization(input: {key: "after", name: "After"}) { key } }"#,
        json!({}),
    )
    .await;
    app.finish().await;
}
