//! Deleting what others link to is refused unless cascaded, and a cascade
//! reports everything it removed or changed.

use serde_json::json;

use crate::support::{each_backend, fixtures};

#[tokio::test]
async fn deleting_a_used_recipient_is_refused_with_its_users() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        let error = app
            .error(
                r#"mutation { deleteRecipient(key: "cloud-host") { linksRemoved } }"#,
                json!({}),
            )
            .await;
        assert_eq!(error["extensions"]["code"], json!("IN_USE"));
        assert_eq!(
            error["extensions"]["usedBy"],
            json!([
                {"kind": "processing_activity", "key": "newsletter"},
                {"kind": "transfer", "key": "cloud-host-us"},
                {"kind": "system", "key": "mailer"},
            ])
        );
        assert_eq!(app.count("recipient").await, 1);
        assert_eq!(app.count("activity_recipient").await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_cascade_removes_links_clears_references_and_says_so() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        let report = app
            .ok(
                r#"mutation { deleteRecipient(key: "cloud-host", cascade: true) {
                    deleted { kind key } detached { kind key } linksRemoved } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            report["deleteRecipient"],
            json!({
                "deleted": [{"kind": "RECIPIENT", "key": "cloud-host"}],
                "detached": [{"kind": "TRANSFER", "key": "cloud-host-us"}, {"kind": "SYSTEM", "key": "mailer"}],
                "linksRemoved": 1,
            })
        );
        let after = app
            .ok(
                r#"{ transfer(key: "cloud-host-us") { recipient { key } version }
                     system(key: "mailer") { vendor { key } version }
                     processingActivity(key: "newsletter") { recipients { key } transfers { key } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            after,
            json!({
                "transfer": {"recipient": null, "version": 2},
                "system": {"vendor": null, "version": 2},
                "processingActivity": {"recipients": [], "transfers": [{"key": "cloud-host-us"}]},
            })
        );
    })
    .await;
}

#[tokio::test]
async fn an_activity_goes_with_its_own_links() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        let report = app
            .ok(r#"mutation { deleteProcessingActivity(key: "newsletter", version: 1) { deleted { key } linksRemoved } }"#, json!({}))
            .await;
        assert_eq!(report["deleteProcessingActivity"], json!({"deleted": [{"key": "newsletter"}], "linksRemoved": 8}));
        for table in ["processing_activity", "activity_purpose", "activity_data_category", "activity_recipient"] {
            assert_eq!(app.count(table).await, 0, "{table}");
        }
        // The catalogue it used stays.
        assert_eq!(app.count("recipient").await, 1);
    })
    .await;
}

#[tokio::test]
async fn deleting_an_organisation_takes_what_it_owns_only_when_cascaded() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        app.ok(
            r#"mutation {
              owned: createPurpose(input: {key: "acme-only", name: "Acme's own purpose", organization: "acme"}) { key }
              shared: createPurpose(input: {key: "shared", name: "Shared purpose"}) { key }
            }"#,
            json!({}),
        )
        .await;
        let refused = app.error(r#"mutation { deleteOrganization(key: "acme") { linksRemoved } }"#, json!({})).await;
        assert_eq!(refused["extensions"]["code"], json!("IN_USE"));
        assert_eq!(
            refused["extensions"]["usedBy"],
            json!([{"kind": "processing_activity", "key": "newsletter"}, {"kind": "purpose", "key": "acme-only"}])
        );

        let report = app
            .ok(r#"mutation { deleteOrganization(key: "acme", cascade: true) { deleted { kind key } linksRemoved } }"#, json!({}))
            .await;
        assert_eq!(
            report["deleteOrganization"]["deleted"],
            json!([
                {"kind": "PROCESSING_ACTIVITY", "key": "newsletter"},
                {"kind": "PURPOSE", "key": "acme-only"},
                {"kind": "ORGANIZATION", "key": "acme"},
            ])
        );
        assert_eq!(app.count("organization").await, 0);
        assert_eq!(app.count("purpose").await, 3, "the shared catalogue stays");
    })
    .await;
}

#[tokio::test]
async fn subcategories_are_lifted_when_their_parent_goes() {
    each_backend(|app| async move {
        fixtures::catalogue(&app).await;
        let refused = app.error(r#"mutation { deleteDataCategory(key: "identifiers") { linksRemoved } }"#, json!({})).await;
        assert_eq!(refused["extensions"]["usedBy"], json!([{"kind": "data_category", "key": "email-address"}]));
        app.ok(r#"mutation { deleteDataCategory(key: "identifiers", cascade: true) { linksRemoved } }"#, json!({}))
            .await;
        let email = app.ok(r#"{ dataCategory(key: "email-address") { parent { key } } }"#, json!({})).await;
        assert_eq!(email["dataCategory"]["parent"], json!(null));
    })
    .await;
}

#[tokio::test]
async fn a_category_cannot_sit_beneath_itself() {
    each_backend(|app| async move {
        fixtures::catalogue(&app).await;
        let error = app
            .error(r#"mutation { updateDataCategory(key: "identifiers", version: 1, input: {parent: "email-address"}) { key } }"#, json!({}))
            .await;
        assert_eq!(error["extensions"]["code"], json!("VALIDATION"));
        assert_eq!(error["extensions"]["field"], json!("parent"));
    })
    .await;
}
