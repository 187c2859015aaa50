//! Who may do what: every mutation under no token, a revoked token, and
//! each role, with the status it gets, nothing written when refused, and
//! an audit entry for every change made.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, each_backend, fixtures};

/// Every mutation, with arguments that succeed in order on the fixture
/// catalogue. Keys made here start with `m-`, so the sequence can be run
/// again with another prefix.
const CALLS: [(&str, &str); 59] = [
    (
        "createOrganization",
        r#"createOrganization(input: {key: "m-org", name: "M Org"})"#,
    ),
    (
        "updateOrganization",
        r#"updateOrganization(key: "m-org", version: 1, input: {phone: "+1 555 0100"})"#,
    ),
    (
        "createPurpose",
        r#"createPurpose(input: {key: "m-purpose", name: "M purpose"})"#,
    ),
    (
        "updatePurpose",
        r#"updatePurpose(key: "m-purpose", version: 1, input: {description: "d"})"#,
    ),
    (
        "createDataCategory",
        r#"createDataCategory(input: {key: "m-category", name: "M category"})"#,
    ),
    (
        "updateDataCategory",
        r#"updateDataCategory(key: "m-category", version: 1, input: {description: "d"})"#,
    ),
    (
        "createDataSubjectCategory",
        r#"createDataSubjectCategory(input: {key: "m-subjects", name: "M subjects"})"#,
    ),
    (
        "updateDataSubjectCategory",
        r#"updateDataSubjectCategory(key: "m-subjects", version: 1, input: {description: "d"})"#,
    ),
    (
        "createSource",
        r#"createSource(input: {key: "m-source", name: "M source", kind: DATA_SUBJECT})"#,
    ),
    (
        "updateSource",
        r#"updateSource(key: "m-source", version: 1, input: {description: "d"})"#,
    ),
    (
        "createRecipient",
        r#"createRecipient(input: {key: "m-recipient", name: "M recipient", kind: PROCESSOR})"#,
    ),
    (
        "updateRecipient",
        r#"updateRecipient(key: "m-recipient", version: 1, input: {country: "FR"})"#,
    ),
    (
        "createTransfer",
        r#"createTransfer(input: {key: "m-transfer", name: "M transfer", country: "US"})"#,
    ),
    (
        "updateTransfer",
        r#"updateTransfer(key: "m-transfer", version: 1, input: {mechanism: BINDING_CORPORATE_RULES})"#,
    ),
    (
        "createRetentionRule",
        r#"createRetentionRule(input: {key: "m-rule", name: "M rule", period: "P1Y"})"#,
    ),
    (
        "updateRetentionRule",
        r#"updateRetentionRule(key: "m-rule", version: 1, input: {period: "P2Y"})"#,
    ),
    (
        "createSystem",
        r#"createSystem(input: {key: "m-system", name: "M system"})"#,
    ),
    (
        "updateSystem",
        r#"updateSystem(key: "m-system", version: 1, input: {hostingCountry: "DE"})"#,
    ),
    (
        "createSecurityMeasure",
        r#"createSecurityMeasure(input: {key: "m-measure", name: "M measure", kind: TECHNICAL})"#,
    ),
    (
        "updateSecurityMeasure",
        r#"updateSecurityMeasure(key: "m-measure", version: 1, input: {description: "d"})"#,
    ),
    (
        "createProcessingActivity",
        r#"createProcessingActivity(input: {key: "m-activity", name: "M activity", organization: "acme"})"#,
    ),
    (
        "updateProcessingActivity",
        r#"updateProcessingActivity(key: "m-activity", version: 1, input: {description: "d"})"#,
    ),
    (
        "replaceProcessingActivity",
        r#"replaceProcessingActivity(key: "m-activity", version: 2, input: {name: "M activity", organization: "acme", role: CONTROLLER, status: ACTIVE, description: "e"})"#,
    ),
    (
        "linkPurpose",
        r#"linkPurpose(activity: "m-activity", input: {purpose: "m-purpose", lawfulBasis: CONSENT})"#,
    ),
    (
        "unlinkPurpose",
        r#"unlinkPurpose(activity: "m-activity", purpose: "m-purpose")"#,
    ),
    (
        "linkDataCategory",
        r#"linkDataCategory(activity: "m-activity", input: {dataCategory: "m-category", source: "m-source"})"#,
    ),
    (
        "unlinkDataCategory",
        r#"unlinkDataCategory(activity: "m-activity", dataCategory: "m-category", source: "m-source")"#,
    ),
    (
        "linkDataSubject",
        r#"linkDataSubject(activity: "m-activity", dataSubject: "m-subjects")"#,
    ),
    (
        "unlinkDataSubject",
        r#"unlinkDataSubject(activity: "m-activity", dataSubject: "m-subjects")"#,
    ),
    (
        "linkRecipient",
        r#"linkRecipient(activity: "m-activity", recipient: "m-recipient")"#,
    ),
    (
        "unlinkRecipient",
        r#"unlinkRecipient(activity: "m-activity", recipient: "m-recipient")"#,
    ),
    (
        "linkTransfer",
        r#"linkTransfer(activity: "m-activity", transfer: "m-transfer")"#,
    ),
    (
        "unlinkTransfer",
        r#"unlinkTransfer(activity: "m-activity", transfer: "m-transfer")"#,
    ),
    (
        "linkRetentionRule",
        r#"linkRetentionRule(activity: "m-activity", retentionRule: "m-rule")"#,
    ),
    (
        "unlinkRetentionRule",
        r#"unlinkRetentionRule(activity: "m-activity", retentionRule: "m-rule")"#,
    ),
    (
        "linkSystem",
        r#"linkSystem(activity: "m-activity", system: "m-system")"#,
    ),
    (
        "unlinkSystem",
        r#"unlinkSystem(activity: "m-activity", system: "m-system")"#,
    ),
    (
        "linkSecurityMeasure",
        r#"linkSecurityMeasure(activity: "m-activity", securityMeasure: "m-measure")"#,
    ),
    (
        "unlinkSecurityMeasure",
        r#"unlinkSecurityMeasure(activity: "m-activity", securityMeasure: "m-measure")"#,
    ),
    (
        "linkController",
        r#"linkController(activity: "m-activity", organization: "m-org")"#,
    ),
    (
        "unlinkController",
        r#"unlinkController(activity: "m-activity", organization: "m-org")"#,
    ),
    (
        "linkDataCategoryRetention",
        r#"linkDataCategoryRetention(dataCategory: "m-category", retentionRule: "m-rule")"#,
    ),
    (
        "unlinkDataCategoryRetention",
        r#"unlinkDataCategoryRetention(dataCategory: "m-category", retentionRule: "m-rule")"#,
    ),
    (
        "applyInventory",
        r#"applyInventory(document: "[[purposes]]\nkey = \"m-applied\"\nname = \"Applied\"\n")"#,
    ),
    (
        "publishNotice",
        r#"publishNotice(organization: "m-org", effectiveDate: "2026-12-01", force: true)"#,
    ),
    (
        "importArticle30",
        r#"importArticle30(organization: "m-importer", document: "Reference,Processing activity,Purpose of processing\nm-imported,Imported,Imported purpose\n")"#,
    ),
    (
        "deleteProcessingActivity",
        r#"deleteProcessingActivity(key: "m-activity")"#,
    ),
    ("deletePurpose", r#"deletePurpose(key: "m-purpose")"#),
    (
        "deleteDataCategory",
        r#"deleteDataCategory(key: "m-category")"#,
    ),
    (
        "deleteDataSubjectCategory",
        r#"deleteDataSubjectCategory(key: "m-subjects")"#,
    ),
    ("deleteSource", r#"deleteSource(key: "m-source")"#),
    ("deleteTransfer", r#"deleteTransfer(key: "m-transfer")"#),
    ("deleteSystem", r#"deleteSystem(key: "m-system")"#),
    ("deleteRecipient", r#"deleteRecipient(key: "m-recipient")"#),
    (
        "deleteRetentionRule",
        r#"deleteRetentionRule(key: "m-rule")"#,
    ),
    (
        "deleteSecurityMeasure",
        r#"deleteSecurityMeasure(key: "m-measure")"#,
    ),
    ("deleteOrganization", r#"deleteOrganization(key: "m-org")"#),
    (
        "createApiToken",
        r#"createApiToken(name: "m-token", role: VIEWER)"#,
    ),
    ("revokeApiToken", r#"revokeApiToken(name: "m-token")"#),
];

/// Mutations only an admin may send; every other one needs an editor.
const ADMIN_ONLY: [&str; 3] = ["createApiToken", "revokeApiToken", "publishNotice"];

/// Every table the application writes, with its row count: what must not
/// move when a request is refused.
async fn fingerprint(app: &TestApp) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for table in [
        "organization",
        "processing_activity",
        "purpose",
        "data_category",
        "data_subject_category",
        "source",
        "recipient",
        "transfer",
        "retention_rule",
        "system",
        "security_measure",
        "activity_controller",
        "activity_purpose",
        "activity_data_category",
        "activity_data_subject",
        "activity_recipient",
        "activity_transfer",
        "activity_retention",
        "activity_system",
        "activity_security_measure",
        "data_category_retention",
        "api_token",
        "audit_entry",
        "notice_version",
    ] {
        counts.push((table.to_owned(), app.count(table).await));
    }
    counts
}

fn code(body: &Value) -> Value {
    body["errors"][0]["extensions"]["code"].clone()
}

#[tokio::test]
async fn the_matrix_names_every_mutation_of_the_schema() {
    let app = TestApp::sqlite().await;
    let schema = app
        .ok(
            "{ __schema { mutationType { fields { name } } } }",
            json!({}),
        )
        .await;
    let served: BTreeSet<String> = schema["__schema"]["mutationType"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|field| field["name"].as_str().unwrap().to_owned())
        .collect();
    let tested: BTreeSet<String> = CALLS.iter().map(|(name, _)| (*name).to_owned()).collect();
    assert_eq!(served, tested, "add every new mutation to CALLS");
}

#[tokio::test]
async fn every_mutation_is_refused_or_done_by_role() {
    each_backend(|app| async move {
        fixtures::catalogue(&app).await;
        // The editor runs the sequence with `m-` keys, the admin with `a-` keys.
        for (runner, prefix) in [
            (app.tokens.editor.clone(), "m-"),
            (app.tokens.admin.clone(), "a-"),
        ] {
            for (name, call) in CALLS {
                let query = format!(
                    "mutation {{ {} {{ __typename }} }}",
                    call.replace("m-", prefix)
                );
                let before = fingerprint(&app).await;
                let refusals = [
                    (None, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED"),
                    (
                        Some(app.tokens.revoked.as_str()),
                        StatusCode::UNAUTHORIZED,
                        "UNAUTHENTICATED",
                    ),
                    (
                        Some(app.tokens.viewer.as_str()),
                        StatusCode::FORBIDDEN,
                        "FORBIDDEN",
                    ),
                ];
                for (token, status, expected) in refusals {
                    let reply = app.graphql_as(token, &query, json!({})).await;
                    assert_eq!(reply.status, status, "{name} with {token:?}");
                    assert_eq!(code(&reply.json()), json!(expected), "{name}");
                    assert_eq!(
                        fingerprint(&app).await,
                        before,
                        "{name} was refused but wrote"
                    );
                }
                let admin_only = ADMIN_ONLY.contains(&name);
                if admin_only && runner == app.tokens.editor {
                    let reply = app.graphql_as(Some(&runner), &query, json!({})).await;
                    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{name} by an editor");
                    assert_eq!(
                        fingerprint(&app).await,
                        before,
                        "{name} was refused but wrote"
                    );
                    continue;
                }
                let entries = app.count("audit_entry").await;
                let reply = app.graphql_as(Some(&runner), &query, json!({})).await;
                let body = reply.json();
                assert_eq!(reply.status, StatusCode::OK, "{name}: {body}");
                assert!(body.get("errors").is_none(), "{name} failed: {body}");
                assert!(
                    app.count("audit_entry").await > entries,
                    "{name} changed something but left no audit entry"
                );
            }
        }
    })
    .await;
}

#[tokio::test]
async fn reading_needs_a_live_token_of_any_role() {
    each_backend(|app| async move {
        fixtures::catalogue(&app).await;
        let read = r#"{ organizations { totalCount } inventoryFile(organization: "acme") article30(organization: "acme") { csv } currentToken { name role } }"#;
        for token in [&app.tokens.viewer, &app.tokens.editor, &app.tokens.admin] {
            let reply = app.graphql_as(Some(token), read, json!({})).await;
            assert_eq!(reply.status, StatusCode::OK);
            assert_eq!(reply.json()["data"]["organizations"]["totalCount"], json!(1));
        }
        let me = app.graphql_as(Some(&app.tokens.viewer), read, json!({})).await.json();
        assert_eq!(me["data"]["currentToken"], json!({"name": "test-viewer", "role": "VIEWER"}));
        for token in [None, Some(app.tokens.revoked.as_str()), Some("ropa_forged"), Some("not-even-a-token")] {
            let reply = app.graphql_as(token, read, json!({})).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{token:?}");
            assert_eq!(reply.headers.get("www-authenticate").unwrap(), "Bearer realm=\"ropa\"");
        }
        let tokens = app.graphql_as(Some(&app.tokens.editor), "{ apiTokens { name } }", json!({})).await;
        assert_eq!(tokens.status, StatusCode::FORBIDDEN, "only admins list tokens");
    })
    .await;
}

#[tokio::test]
async fn a_revoked_token_stops_working_at_once() {
    each_backend(|app| async move {
        let created = app
            .ok(r#"mutation { createApiToken(name: "desk", role: EDITOR) { secret token { name role revokedAt } } }"#, json!({}))
            .await;
        let secret = created["createApiToken"]["secret"].as_str().unwrap().to_owned();
        assert!(secret.starts_with("ropa_") && secret.len() > 40, "{secret}");
        assert_eq!(created["createApiToken"]["token"], json!({"name": "desk", "role": "EDITOR", "revokedAt": null}));
        let works = app.graphql_as(Some(&secret), "{ currentToken { name } }", json!({})).await;
        assert_eq!(works.status, StatusCode::OK);
        app.ok(r#"mutation { revokeApiToken(name: "desk") { revokedAt } }"#, json!({})).await;
        let refused = app.graphql_as(Some(&secret), "{ currentToken { name } }", json!({})).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        let listed = app.ok("{ apiTokens { name } }", json!({})).await;
        assert!(listed.to_string().contains("desk"), "revoked tokens stay listed");
        assert!(!listed.to_string().contains(&secret), "secrets are never shown again");
    })
    .await;
}
