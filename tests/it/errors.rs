//! Bad input: each case gets its code, says what is wrong and where, and
//! writes nothing.

use sea_orm::ConnectionTrait;
use serde_json::{Map, Value, json};

use crate::support::{TestApp, each_backend, fixtures};

/// Tables whose row counts must not move when a request is refused.
const TABLES: [&str; 8] = [
    "organization",
    "processing_activity",
    "activity_purpose",
    "activity_recipient",
    "source",
    "retention_rule",
    "recipient",
    "transfer",
];

async fn counts(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in TABLES {
        counts.push(app.count(table).await);
    }
    counts
}

#[tokio::test]
async fn each_bad_input_has_its_code_and_writes_nothing() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        let cases: [(&str, &str, Value); 14] = [
            (
                "unknown_enum",
                r#"mutation { linkPurpose(activity: "newsletter", input: {purpose: "newsletter", lawfulBasis: CONSNET}) { key } }"#,
                json!({}),
            ),
            (
                "unknown_enum_in_variables",
                "mutation($input: CreateSourceInput!) { createSource(input: $input) { key } }",
                json!({"input": {"key": "s", "name": "S", "kind": "CONSNET"}}),
            ),
            (
                "bad_country",
                r#"mutation { createRecipient(input: {key: "r", name: "R", kind: PROCESSOR, country: "UK"}) { key } }"#,
                json!({}),
            ),
            (
                "bad_duration",
                r#"mutation { createRetentionRule(input: {key: "r", name: "R", period: "P7"}) { key } }"#,
                json!({}),
            ),
            (
                "duplicate_key",
                r#"mutation { createOrganization(input: {key: "acme", name: "Another Acme"}) { key } }"#,
                json!({}),
            ),
            (
                "bad_key",
                r#"mutation { createOrganization(input: {key: "Acme Corp", name: "Acme Corp"}) { key } }"#,
                json!({}),
            ),
            (
                "link_to_missing_entity",
                r#"mutation { linkRecipient(activity: "newsletter", recipient: "nobody") { key } }"#,
                json!({}),
            ),
            (
                "link_from_missing_activity",
                r#"mutation { linkPurpose(activity: "ghost", input: {purpose: "newsletter", lawfulBasis: CONSENT}) { key } }"#,
                json!({}),
            ),
            (
                "stale_version",
                r#"mutation { updateOrganization(key: "acme", version: 7, input: {name: "Acme AG"}) { key } }"#,
                json!({}),
            ),
            (
                "stale_version_on_link",
                r#"mutation { linkRecipient(activity: "newsletter", recipient: "cloud-host", activityVersion: 0) { key } }"#,
                json!({}),
            ),
            (
                "delete_in_use",
                r#"mutation { deleteRecipient(key: "cloud-host") { linksRemoved } }"#,
                json!({}),
            ),
            (
                "module_without_clauses",
                r#"mutation { createTransfer(input: {key: "t", name: "T", mechanism: BINDING_CORPORATE_RULES, sccModule: CONTROLLER_TO_PROCESSOR}) { key } }"#,
                json!({}),
            ),
            (
                "lookup_without_key_or_id",
                "{ organization { key } }",
                json!({}),
            ),
            (
                "page_too_large",
                "{ purposes(first: 5000) { totalCount } }",
                json!({}),
            ),
        ];
        let before = counts(&app).await;
        let mut errors = Map::new();
        for (name, query, variables) in cases {
            let response = app.graphql(query, variables).await;
            let error = response["errors"][0].clone();
            assert!(error["extensions"]["code"].is_string(), "{name}: every error has a code: {response:#}");
            errors.insert(name.to_owned(), response);
            assert_eq!(counts(&app).await, before, "{name} changed the database");
        }
        insta::assert_json_snapshot!("bad_input_errors", errors);
    })
    .await;
}

#[tokio::test]
async fn conflicts_say_which_version_is_current() {
    each_backend(|app| async move {
        fixtures::catalogue(&app).await;
        let update = r#"mutation($name: String) { updateOrganization(key: "acme", version: 1, input: {name: $name}) { version name } }"#;
        let first = app.ok(update, json!({"name": "Acme AG"})).await;
        assert_eq!(first["updateOrganization"], json!({"version": 2, "name": "Acme AG"}));
        // A second editor who also read version 1 is refused, not merged.
        let second = app.error(update, json!({"name": "Acme SE"})).await;
        assert_eq!(second["extensions"]["code"], json!("CONFLICT"));
        assert_eq!(second["extensions"]["expectedVersion"], json!(1));
        assert_eq!(second["extensions"]["currentVersion"], json!(2));
        let stored = app.ok(r#"{ organization(key: "acme") { name version } }"#, json!({})).await;
        assert_eq!(stored["organization"], json!({"name": "Acme AG", "version": 2}));
    })
    .await;
}

#[tokio::test]
async fn internal_errors_are_hidden_from_clients() {
    each_backend(|app| async move {
        // A table the schema needs is gone: the database fails, the client
        // learns only that something went wrong on our side.
        let drop = match app.backend {
            sea_orm::DatabaseBackend::Postgres => "DROP TABLE security_measure CASCADE",
            _ => "DROP TABLE security_measure",
        };
        app.db.execute_unprepared(drop).await.unwrap();
        let error = app
            .error("{ securityMeasures { totalCount } }", json!({}))
            .await;
        assert_eq!(error["extensions"]["code"], json!("INTERNAL"));
        assert_eq!(error["message"], json!("internal error"));
    })
    .await;
}
