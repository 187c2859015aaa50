//! The audit trail: every change, through the API or an inventory file,
//! leaves exactly the entries that describe it, written with it; a change
//! refused or failed leaves none.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::support::{TestApp, each_backend, fixtures};

const LOG: &str = r#"query Log($entity: EntityKind, $key: String, $since: DateTime,
    $actor: String, $first: Int, $after: String) {
  auditLog(entity: $entity, key: $key, since: $since, actor: $actor, first: $first, after: $after) {
    edges { cursor node { actor action entityKind entityKey before after at } }
    pageInfo { hasNextPage hasPreviousPage }
  }
}"#;

/// The entries `token` may see that match `filter`, newest first.
async fn log(app: &TestApp, token: &str, filter: Value) -> Vec<Value> {
    let reply = app
        .graphql_as(Some(token), LOG, filtered(filter, json!({"first": 1000})))
        .await;
    let body = reply.json();
    assert!(body.get("errors").is_none(), "{body:#}");
    body["data"]["auditLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| edge["node"].clone())
        .collect()
}

/// `variables` with the conditions of `filter` added.
fn filtered(filter: Value, mut variables: Value) -> Value {
    if let (Value::Object(conditions), Value::Object(all)) = (filter, &mut variables) {
        all.extend(conditions);
    }
    variables
}

/// An entry with its times blanked out and its keys in order, so that it
/// reads the same on every backend and every run.
fn steady(value: Value) -> Value {
    match value {
        Value::Object(fields) => {
            let sorted: BTreeMap<String, Value> = fields
                .into_iter()
                .map(|(key, value)| {
                    let timed = matches!(key.as_str(), "at" | "created_at" | "updated_at");
                    let value = if timed && !value.is_null() {
                        json!("[time]")
                    } else {
                        steady(value)
                    };
                    (key, value)
                })
                .collect();
            Value::Object(sorted.into_iter().collect::<Map<String, Value>>())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(steady).collect()),
        other => other,
    }
}

/// (action, kind, key) of each entry, oldest first.
fn summary(entries: &[Value]) -> Vec<(String, String, String)> {
    entries
        .iter()
        .rev()
        .map(|entry| {
            let text = |field: &str| entry[field].as_str().unwrap_or_default().to_owned();
            (text("action"), text("entityKind"), text("entityKey"))
        })
        .collect()
}

fn triple(action: &str, kind: &str, key: &str) -> (String, String, String) {
    (action.to_owned(), kind.to_owned(), key.to_owned())
}

#[tokio::test]
async fn every_change_through_the_api_leaves_its_entry() {
    each_backend(|app| async move {
        app.ok(
            r#"mutation {
              createOrganization(input: {key: "acme", name: "Acme"}) { key }
              createPurpose(input: {key: "newsletter", name: "Newsletter"}) { key }
              createRecipient(input: {key: "mailer", name: "Mailer Inc.", kind: PROCESSOR}) { key }
              createTransfer(input: {key: "mailer-us", name: "Mailing list in the US",
                recipient: "mailer", country: "US", mechanism: DATA_PRIVACY_FRAMEWORK}) { key }
              createProcessingActivity(input: {key: "newsletter", name: "Newsletter",
                organization: "acme", purposes: [{purpose: "newsletter", lawfulBasis: CONSENT}],
                recipients: ["mailer"]}) { key }
            }"#,
            json!({}),
        )
        .await;
        app.ok(
            r#"mutation {
              updatePurpose(key: "newsletter", version: 1, input: {description: "Monthly news"}) { version }
              linkPurpose(activity: "newsletter", input: {purpose: "newsletter",
                lawfulBasis: LEGITIMATE_INTERESTS, legitimateInterest: "Keeping customers informed"}) { version }
              linkTransfer(activity: "newsletter", transfer: "mailer-us") { version }
              unlinkTransfer(activity: "newsletter", transfer: "mailer-us") { version }
              deleteRecipient(key: "mailer", cascade: true) { linksRemoved }
            }"#,
            json!({}),
        )
        .await;
        let entries = log(&app, &app.tokens.viewer, json!(null)).await;
        let entries: Vec<Value> = entries.into_iter().rev().map(steady).collect();
        insta::assert_json_snapshot!("audit_log_of_api_changes", entries);
    })
    .await;
}

#[tokio::test]
async fn a_change_refused_or_failed_leaves_no_entry() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        let before = app.count("audit_entry").await;
        let failing = [
            // A stale version.
            r#"mutation { updatePurpose(key: "newsletter", version: 7, input: {description: "x"}) { key } }"#,
            // Bad input.
            r#"mutation { createPurpose(input: {key: "Not A Key", name: "x"}) { key } }"#,
            // A link that is not there.
            r#"mutation { unlinkSystem(activity: "newsletter", system: "nowhere") { key } }"#,
            // In use, without cascade.
            r#"mutation { deleteRecipient(key: "cloud-host") { linksRemoved } }"#,
            // An inventory with a problem.
            r#"mutation { applyInventory(document: "[[purposes]]\nkey = \"p\"\n") { created } }"#,
        ];
        for mutation in failing {
            app.error(mutation, json!({})).await;
        }
        // Refused before it runs: a viewer may not change anything.
        let refused = app
            .graphql_as(
                Some(&app.tokens.viewer),
                r#"mutation { createPurpose(input: {key: "p", name: "P"}) { key } }"#,
                json!({}),
            )
            .await;
        assert_eq!(refused.status.as_u16(), 403);
        // A dry run writes nothing, its entries included.
        app.ok(
            r#"mutation { applyInventory(document: "[[purposes]]\nkey = \"p\"\nname = \"P\"\n", dryRun: true) { created } }"#,
            json!({}),
        )
        .await;
        assert_eq!(app.count("audit_entry").await, before);
        assert_eq!(app.count("purpose").await, 2);
    })
    .await;
}

#[tokio::test]
async fn an_applied_inventory_leaves_the_entries_of_what_it_changed() {
    const FIRST: &str = r#"
[organization]
key = "acme"
name = "Acme"

[[purposes]]
key = "newsletter"
name = "Newsletter"

[[purposes]]
key = "analytics"
name = "Analytics"

[[retention_rules]]
key = "two-years"
name = "Two years"
period = "P2Y"

[[data_categories]]
key = "email"
name = "Email address"
retention_rules = ["two-years"]

[[activities]]
key = "newsletter"
name = "Newsletter"
purposes = [{ purpose = "newsletter", lawful_basis = "consent" }]
data_categories = [{ data_category = "email", required = true }]

[[activities]]
key = "analytics"
name = "Analytics"
purposes = [{ purpose = "analytics", lawful_basis = "legitimate_interests" }]
"#;
    const APPLY: &str = r#"mutation Apply($document: String!, $prune: Boolean!) {
      applyInventory(document: $document, prune: $prune) { created updated deleted }
    }"#;
    each_backend(|app| async move {
        let editor = &app.tokens.editor;
        let apply = |document: String, prune: bool| {
            let app = app.clone();
            async move {
                let reply = app
                    .graphql_as(
                        Some(&app.tokens.editor),
                        APPLY,
                        json!({"document": document, "prune": prune}),
                    )
                    .await;
                let body = reply.json();
                assert!(body.get("errors").is_none(), "{body:#}");
                body["data"]["applyInventory"].clone()
            }
        };
        let report = apply(FIRST.to_owned(), false).await;
        assert_eq!(report["created"], json!(7));
        let entries = log(&app, editor, json!(null)).await;
        assert!(
            entries
                .iter()
                .all(|entry| entry["actor"] == json!("token:test-editor"))
        );
        let mut expected = vec![
            triple("CREATE", "organization", "acme"),
            triple("CREATE", "processing_activity", "analytics"),
            triple("CREATE", "processing_activity", "newsletter"),
            triple("CREATE", "purpose", "analytics"),
            triple("CREATE", "purpose", "newsletter"),
            triple("CREATE", "data_category", "email"),
            triple("CREATE", "retention_rule", "two-years"),
            triple("LINK", "data_category", "email"),
            triple("LINK", "processing_activity", "analytics"),
            triple("LINK", "processing_activity", "newsletter"),
            triple("LINK", "processing_activity", "newsletter"),
        ];
        let mut found = summary(&entries);
        found.sort();
        expected.sort();
        assert_eq!(found, expected);
        let consent = entries
            .iter()
            .find(|entry| entry["action"] == json!("LINK") && entry["after"]["purpose"] == json!("newsletter"))
            .unwrap();
        assert_eq!(consent["after"]["lawful_basis"], json!("consent"));
        assert_eq!(consent["before"], json!(null));

        // The same file again changes nothing, and says nothing.
        let count = app.count("audit_entry").await;
        apply(FIRST.to_owned(), false).await;
        assert_eq!(app.count("audit_entry").await, count);

        // One attribute and one lawful basis changed, one activity gone.
        let second = FIRST
            .replace("name = \"Two years\"", "name = \"Two years after the last contact\"")
            .replace("lawful_basis = \"legitimate_interests\"", "lawful_basis = \"consent\"");
        let second = second[..second.rfind("[[activities]]").unwrap()].to_owned();
        let second = format!(
            "{second}\n[[activities]]\nkey = \"analytics-2\"\nname = \"Analytics\"\npurposes = [{{ purpose = \"analytics\", lawful_basis = \"consent\" }}]\n"
        );
        let report = apply(second, true).await;
        assert_eq!(report, json!({"created": 1, "updated": 1, "deleted": 1}));
        let newest = log(&app, editor, json!(null)).await;
        let newest = &newest[..newest.len() - entries.len()];
        let mut found = summary(newest);
        found.sort();
        assert_eq!(
            found,
            vec![
                triple("CREATE", "processing_activity", "analytics-2"),
                triple("DELETE", "processing_activity", "analytics"),
                triple("LINK", "processing_activity", "analytics-2"),
                triple("UPDATE", "retention_rule", "two-years"),
            ]
        );
        let renamed = newest
            .iter()
            .find(|entry| entry["action"] == json!("UPDATE"))
            .unwrap();
        assert_eq!(renamed["before"]["name"], json!("Two years"));
        assert_eq!(renamed["after"]["name"], json!("Two years after the last contact"));
        // A pruned activity is recorded as a delete through the API is:
        // the row, and the keys of the links that went with it.
        let pruned = newest
            .iter()
            .find(|entry| entry["action"] == json!("DELETE"))
            .unwrap();
        assert_eq!(pruned["before"]["links"], json!({"purpose": ["analytics"]}));
        assert_eq!(pruned["before"]["processing_activity"]["key"], json!("analytics"));
        app.ok(
            r#"mutation { deleteProcessingActivity(key: "newsletter") { linksRemoved } }"#,
            json!({}),
        )
        .await;
        let deleted = &log(&app, editor, json!({"entity": "PROCESSING_ACTIVITY", "key": "newsletter"})).await[0];
        assert_eq!(deleted["action"], json!("DELETE"));
        assert_eq!(
            deleted["before"]["links"],
            json!({"data_category": ["email"], "purpose": ["newsletter"]})
        );
    })
    .await;
}

#[tokio::test]
async fn the_log_filters_and_pages_and_keeps_tokens_for_admins() {
    each_backend(|app| async move {
        fixtures::catalogue(&app).await;
        app.ok(
            r#"mutation { updatePurpose(key: "newsletter", version: 1, input: {description: "a"}) { key } }"#,
            json!({}),
        )
        .await;
        let reply = app
            .graphql_as(
                Some(&app.tokens.editor),
                r#"mutation { updatePurpose(key: "newsletter", version: 2, input: {description: "b"}) { key } }"#,
                json!({}),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 200);

        let viewer = &app.tokens.viewer;
        let purpose = log(
            &app,
            viewer,
            json!({"entity": "PURPOSE", "key": "newsletter"}),
        )
        .await;
        assert_eq!(
            summary(&purpose),
            vec![
                triple("CREATE", "purpose", "newsletter"),
                triple("UPDATE", "purpose", "newsletter"),
                triple("UPDATE", "purpose", "newsletter"),
            ]
        );
        assert_eq!(purpose[0]["actor"], json!("token:test-editor"));
        assert_eq!(purpose[0]["before"]["description"], json!("a"));
        assert_eq!(purpose[0]["after"]["description"], json!("b"));
        let by_editor = log(&app, viewer, json!({"actor": "token:test-editor"})).await;
        assert_eq!(by_editor.len(), 1);
        let later = log(&app, viewer, json!({"since": "2999-01-01T00:00:00Z"})).await;
        assert!(later.is_empty());

        // Pages of two, newest first, until there are no more.
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let reply = app
                .graphql_as(
                    Some(viewer),
                    LOG,
                    json!({"entity": "PURPOSE", "first": 2, "after": after}),
                )
                .await
                .json();
            let page = &reply["data"]["auditLog"];
            let edges = page["edges"].as_array().unwrap();
            seen.extend(edges.iter().map(|edge| edge["node"]["entityKey"].clone()));
            if page["pageInfo"]["hasNextPage"] != json!(true) {
                break;
            }
            after = edges.last().unwrap()["cursor"].as_str().map(str::to_owned);
        }
        assert_eq!(
            seen,
            json!(["newsletter", "newsletter", "service-improvement", "newsletter"])
                .as_array()
                .unwrap()
                .clone()
        );

        // Token entries: the four made for the tests and the revocation,
        // for admins only; never a secret or its hash.
        let tokens = |entries: &[Value]| {
            entries
                .iter()
                .filter(|entry| entry["entityKind"] == json!("api_token"))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert!(tokens(&log(&app, viewer, json!(null)).await).is_empty());
        let seen_by_admin = tokens(&log(&app, &app.tokens.admin, json!(null)).await);
        assert_eq!(seen_by_admin.len(), 5);
        assert_eq!(seen_by_admin[0]["action"], json!("REVOKE"));
        assert_eq!(seen_by_admin[0]["actor"], json!("server:tests"));
        let text = serde_json::to_string(&seen_by_admin).unwrap();
        assert!(!text.contains("hash") && !text.contains("ropa_"), "{text}");

        let bad = app
            .error(
                r#"{ auditLog(first: 0) { edges { cursor } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(bad["extensions"]["code"], json!("VALIDATION"));
        let bad = app
            .error(
                r#"{ auditLog(after: "yesterday") { edges { cursor } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(bad["extensions"]["field"], json!("after"));
    })
    .await;
}

#[tokio::test]
async fn no_mutation_can_change_the_audit_log() {
    each_backend(|app| async move {
        let schema = app
            .ok(
                r#"{ __type(name: "Mutation") { fields { name } } }"#,
                json!({}),
            )
            .await;
        let names: Vec<&str> = schema["__type"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|field| field["name"].as_str())
            .collect();
        assert!(names.len() > 50);
        assert!(
            names
                .iter()
                .all(|name| !name.to_lowercase().contains("audit")),
            "{names:?}"
        );
    })
    .await;
}
