//! Nested list queries cost the same number of SQL statements whatever the
//! number of rows: every relation is loaded once per step, for all rows.

use entity::{
    activity_data_category, activity_purpose, activity_recipient, activity_retention,
    activity_transfer, processing_activity,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::support::{TestApp, each_backend, fixtures};

const NESTED: &str = r#"query($first: Int) {
  processingActivities(first: $first) {
    nodes {
      key
      organization { key }
      purposes { lawfulBasis purpose { key } }
      dataCategories { required dataCategory { key parent { key } } source { kind } }
      recipients { key country }
      transfers { country mechanism recipient { key } }
      retentionRules { period }
    }
  }
}"#;

/// The numeric id of the entity `field(key:)` names.
async fn id_of(app: &TestApp, field: &str, key: &str) -> i32 {
    let data = app
        .ok(
            &format!("query($key: String) {{ {field}(key: $key) {{ id }} }}"),
            json!({"key": key}),
        )
        .await;
    data[field]["id"].as_str().unwrap().parse().unwrap()
}

/// Adds activities `bulk-<n>` for each n in `numbers`, each linked to a
/// purpose, a data category from a source, a recipient, a transfer and a
/// retention rule of the catalogue.
async fn activities(app: &TestApp, numbers: std::ops::Range<usize>) {
    let now = chrono::Utc::now().fixed_offset();
    let organization = id_of(app, "organization", "acme").await;
    let purpose = id_of(app, "purpose", "newsletter").await;
    let category = id_of(app, "dataCategory", "email-address").await;
    let source = id_of(app, "source", "sign-up-form").await;
    let recipient = id_of(app, "recipient", "cloud-host").await;
    let transfer = id_of(app, "transfer", "cloud-host-us").await;
    let retention = id_of(app, "retentionRule", "two-years").await;
    let keys: Vec<String> = numbers.map(|n| format!("bulk-{n:05}")).collect();
    let rows: Vec<processing_activity::ActiveModel> = keys
        .iter()
        .map(|key| processing_activity::ActiveModel {
            key: Set(key.clone()),
            name: Set(format!("Bulk activity {key}")),
            organization_id: Set(organization),
            role: Set(entity::enums::ActivityRole::Controller),
            status: Set(entity::enums::ActivityStatus::Active),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        processing_activity::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
    let mut ids = Vec::new();
    for chunk in keys.chunks(500) {
        let found = processing_activity::Entity::find()
            .filter(processing_activity::Column::Key.is_in(chunk.iter().cloned()))
            .all(&app.db)
            .await
            .unwrap();
        ids.extend(found.into_iter().map(|activity| activity.id));
    }
    for chunk in ids.chunks(500) {
        let purposes = chunk
            .iter()
            .map(|&activity_id| activity_purpose::ActiveModel {
                activity_id: Set(activity_id),
                purpose_id: Set(purpose),
                lawful_basis: Set(Some(entity::enums::LawfulBasis::Consent)),
                created_at: Set(now),
                ..Default::default()
            });
        activity_purpose::Entity::insert_many(purposes)
            .exec_without_returning(&app.db)
            .await
            .unwrap();
        let categories = chunk
            .iter()
            .map(|&activity_id| activity_data_category::ActiveModel {
                activity_id: Set(activity_id),
                data_category_id: Set(category),
                source_id: Set(Some(source)),
                required: Set(Some(true)),
                created_at: Set(now),
                ..Default::default()
            });
        activity_data_category::Entity::insert_many(categories)
            .exec_without_returning(&app.db)
            .await
            .unwrap();
        let recipients = chunk
            .iter()
            .map(|&activity_id| activity_recipient::ActiveModel {
                activity_id: Set(activity_id),
                recipient_id: Set(recipient),
                created_at: Set(now),
            });
        activity_recipient::Entity::insert_many(recipients)
            .exec_without_returning(&app.db)
            .await
            .unwrap();
        let transfers = chunk
            .iter()
            .map(|&activity_id| activity_transfer::ActiveModel {
                activity_id: Set(activity_id),
                transfer_id: Set(transfer),
                created_at: Set(now),
            });
        activity_transfer::Entity::insert_many(transfers)
            .exec_without_returning(&app.db)
            .await
            .unwrap();
        let rules = chunk
            .iter()
            .map(|&activity_id| activity_retention::ActiveModel {
                activity_id: Set(activity_id),
                retention_rule_id: Set(retention),
                created_at: Set(now),
            });
        activity_retention::Entity::insert_many(rules)
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
}

/// Statements one run of the nested query costs, the rows it returned, and
/// the statements' SQL.
async fn cost(app: &TestApp, first: usize) -> (usize, usize, Vec<String>) {
    let before = app.statements();
    let data = app.ok(NESTED, json!({"first": first})).await;
    let nodes = data["processingActivities"]["nodes"].as_array().unwrap();
    for node in nodes {
        assert_eq!(node["purposes"][0]["purpose"]["key"], json!("newsletter"));
        assert_eq!(
            node["dataCategories"][0]["dataCategory"]["parent"]["key"],
            json!("identifiers")
        );
        assert_eq!(
            node["transfers"][0]["recipient"]["key"],
            json!("cloud-host")
        );
    }
    let count = app.statements() - before;
    (count, nodes.len(), app.last_statements(count))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statement_count_does_not_grow_with_rows() {
    each_backend(|app| async move {
        fixtures::catalogue(&app).await;
        activities(&app, 0..10).await;
        let (small, rows, small_sql) = cost(&app, 10).await;
        assert_eq!(rows, 10);
        activities(&app, 10..1000).await;
        let (large, rows, large_sql) = cost(&app, 1000).await;
        assert_eq!(rows, 1000);
        eprintln!(
            "{:?}: nested query of 10 rows: {small} statements; of 1000 rows: {large}",
            app.backend
        );
        assert_eq!(
            small, large,
            "the statement count grew with the rows:\n{small_sql:#?}\n{large_sql:#?}"
        );
        // One to check the token, one for the page, then one per relation
        // and step: the organisation; the five link tables; their five
        // targets; the categories' parents, the sources and the transfers'
        // recipients.
        assert_eq!(large, 16, "statements for one nested query: {large_sql:#?}");
    })
    .await;
}
