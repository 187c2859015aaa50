//! The walk-through a privacy engineer does in GraphiQL, and the other
//! reads and writes of the API.

use serde_json::{Value, json};

use crate::support::{each_backend, fixtures};

const READ_BACK: &str = r#"
query ReadBack {
  processingActivity(key: "newsletter") {
    key name version role status
    organization { key name country dpoName }
    purposes { purpose { key name } lawfulBasis legitimateInterest }
    dataCategories { dataCategory { key name parent { key } } source { key kind } required }
    dataSubjects { key name }
    recipients { key name kind country }
    transfers { key country mechanism sccModule safeguardUrl recipient { key } }
    retentionRules { key period runsFrom }
    systems { key hostingCountry vendor { key } }
    securityMeasures { key kind }
  }
}"#;

#[tokio::test]
async fn walk_through_create_link_and_read_back_both_ways() {
    each_backend(|app| async move {
        fixtures::catalogue(&app).await;
        let created = app
            .ok(
                r#"mutation { createProcessingActivity(input: {key: "newsletter", name: "Newsletter", organization: "acme"}) { key version role status } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            created["createProcessingActivity"],
            json!({"key": "newsletter", "version": 1, "role": "CONTROLLER", "status": "ACTIVE"})
        );

        let links = [
            r#"linkPurpose(activity: "newsletter", input: {purpose: "newsletter", lawfulBasis: CONSENT}) { version }"#,
            r#"linkPurpose(activity: "newsletter", input: {purpose: "service-improvement", lawfulBasis: LEGITIMATE_INTERESTS, legitimateInterest: "Knowing which articles readers open"}) { version }"#,
            r#"linkDataCategory(activity: "newsletter", input: {dataCategory: "email-address", source: "sign-up-form", required: true}) { version }"#,
            r#"linkDataSubject(activity: "newsletter", dataSubject: "subscribers") { version }"#,
            r#"linkRecipient(activity: "newsletter", recipient: "cloud-host") { version }"#,
            r#"linkTransfer(activity: "newsletter", transfer: "cloud-host-us") { version }"#,
            r#"linkRetentionRule(activity: "newsletter", retentionRule: "two-years") { version }"#,
            r#"linkSystem(activity: "newsletter", system: "mailer") { version }"#,
            r#"linkSecurityMeasure(activity: "newsletter", securityMeasure: "encryption") { version }"#,
        ];
        for (done, link) in links.iter().enumerate() {
            let data = app.ok(&format!("mutation {{ {link} }}"), json!({})).await;
            let version = data.as_object().unwrap().values().next().unwrap()["version"].clone();
            assert_eq!(version, json!(done + 2), "each link is a change of the activity");
        }

        let activity = app.ok(READ_BACK, json!({})).await["processingActivity"].clone();
        insta::assert_json_snapshot!("walk_through_read_back", activity);

        // The same links, followed backwards.
        let reverse = app
            .ok(
                r#"{
                  dataCategory(key: "email-address") { activities { activity { key } source { key } required } parent { key children { key } } }
                  purpose(key: "service-improvement") { activities { activity { key } lawfulBasis legitimateInterest } }
                  dataSubjectCategory(key: "subscribers") { activities { key } }
                  source(key: "sign-up-form") { dataCategories { dataCategory { key } activity { key } } }
                  recipient(key: "cloud-host") { activities { key } transfers { key } systems { key } }
                  transfer(key: "cloud-host-us") { activities { key } }
                  retentionRule(key: "two-years") { activities { key } }
                  system(key: "mailer") { activities { key } }
                  securityMeasure(key: "encryption") { activities { key } }
                  organization(key: "acme") { activities { key } }
                }"#,
                json!({}),
            )
            .await;
        insta::assert_json_snapshot!("walk_through_reverse", reverse);
    })
    .await;
}

#[tokio::test]
async fn create_with_links_is_one_mutation_and_all_or_nothing() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        let activity = app.ok(READ_BACK, json!({})).await["processingActivity"].clone();
        assert_eq!(activity["version"], json!(1), "created with its links in one change");
        assert_eq!(activity["purposes"][0]["lawfulBasis"], json!("CONSENT"));
        assert_eq!(activity["transfers"][0]["mechanism"], json!("STANDARD_CONTRACTUAL_CLAUSES"));
        assert_eq!(activity["systems"][0]["vendor"]["key"], json!("cloud-host"));

        // The last link names a recipient that does not exist: nothing of
        // the activity may remain.
        let before = (app.count("processing_activity").await, app.count("activity_purpose").await);
        let error = app
            .error(
                r#"mutation { createProcessingActivity(input: {key: "broken", name: "Broken", organization: "acme",
                    purposes: [{purpose: "newsletter", lawfulBasis: CONSENT}],
                    recipients: ["cloud-host", "no-such-recipient"]}) { key } }"#,
                json!({}),
            )
            .await;
        assert_eq!(error["extensions"]["code"], json!("NOT_FOUND"));
        assert_eq!(error["extensions"]["key"], json!("no-such-recipient"));
        let after = (app.count("processing_activity").await, app.count("activity_purpose").await);
        assert_eq!(before, after);
    })
    .await;
}

#[tokio::test]
async fn updates_change_what_they_name_and_nothing_else() {
    each_backend(|app| async move {
        fixtures::catalogue(&app).await;
        let updated = app
            .ok(
                r#"mutation { updateOrganization(key: "acme", version: 1, input: {key: "acme-gmbh", phone: "+49 30 1234", dpoName: null}) {
                    key version name phone dpoName dpoEmail } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            updated["updateOrganization"],
            json!({"key": "acme-gmbh", "version": 2, "name": "Acme Analytics GmbH", "phone": "+49 30 1234",
                   "dpoName": null, "dpoEmail": "dpo@acme.example"})
        );
        // The old key no longer answers; the new one does.
        let gone = app.error(r#"{ organization(key: "acme") { key } }"#, json!({})).await;
        assert_eq!(gone["extensions"]["code"], json!("NOT_FOUND"));
        let found = app.ok(r#"{ organization(key: "acme-gmbh") { id } }"#, json!({})).await;
        let id = found["organization"]["id"].as_str().unwrap().to_owned();
        let by_id = app.ok("query($id: ID) { organization(id: $id) { key } }", json!({"id": id})).await;
        assert_eq!(by_id["organization"]["key"], json!("acme-gmbh"));
    })
    .await;
}

#[tokio::test]
async fn linking_twice_changes_nothing_and_unlinking_removes() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        let again = app
            .ok(r#"mutation { linkRecipient(activity: "newsletter", recipient: "cloud-host") { version } }"#, json!({}))
            .await;
        assert_eq!(again["linkRecipient"]["version"], json!(1));
        assert_eq!(app.count("activity_recipient").await, 1);

        let rebased = app
            .ok(
                r#"mutation { linkPurpose(activity: "newsletter", activityVersion: 1, input: {purpose: "newsletter", lawfulBasis: CONTRACT}) {
                    version purposes { lawfulBasis } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(rebased["linkPurpose"], json!({"version": 2, "purposes": [{"lawfulBasis": "CONTRACT"}]}));

        let unlinked = app
            .ok(
                r#"mutation {
                  a: unlinkRecipient(activity: "newsletter", recipient: "cloud-host") { version recipients { key } }
                  b: unlinkDataCategory(activity: "newsletter", dataCategory: "email-address", source: "sign-up-form") { version dataCategories { required } }
                  c: unlinkPurpose(activity: "newsletter", purpose: "newsletter") { version purposes { lawfulBasis } }
                }"#,
                json!({}),
            )
            .await;
        assert_eq!(unlinked["a"], json!({"version": 3, "recipients": []}));
        assert_eq!(unlinked["b"], json!({"version": 4, "dataCategories": []}));
        assert_eq!(unlinked["c"], json!({"version": 5, "purposes": []}));

        let error = app
            .error(r#"mutation { unlinkRecipient(activity: "newsletter", recipient: "cloud-host") { version } }"#, json!({}))
            .await;
        assert_eq!(error["extensions"]["code"], json!("NOT_FOUND"));
        assert_eq!(error["message"], json!("processing activity `newsletter` is not linked to recipient `cloud-host`"));
    })
    .await;
}

#[tokio::test]
async fn the_same_category_may_come_from_two_sources_but_not_twice_from_one() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        app.ok(r#"mutation { createSource(input: {key: "partners", name: "Partners", kind: THIRD_PARTY}) { key } }"#, json!({}))
            .await;
        let linked = app
            .ok(
                r#"mutation {
                  a: linkDataCategory(activity: "newsletter", input: {dataCategory: "email-address", source: "partners"}) { version }
                  b: linkDataCategory(activity: "newsletter", input: {dataCategory: "email-address"}) { version }
                  c: linkDataCategory(activity: "newsletter", input: {dataCategory: "email-address"}) { version }
                }"#,
                json!({}),
            )
            .await;
        assert_eq!(linked, json!({"a": {"version": 2}, "b": {"version": 3}, "c": {"version": 3}}));
        assert_eq!(app.count("activity_data_category").await, 3);

        let error = app
            .error(
                r#"mutation { createProcessingActivity(input: {key: "twice", name: "Twice", organization: "acme",
                    dataCategories: [{dataCategory: "email-address"}, {dataCategory: "email-address"}]}) { key } }"#,
                json!({}),
            )
            .await;
        assert_eq!(error["extensions"]["code"], json!("VALIDATION"));
        assert_eq!(error["extensions"]["field"], json!("dataCategories[1]"));
    })
    .await;
}

#[tokio::test]
async fn activity_lists_filter_by_organisation_basis_category_recipient_country_and_name() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        app.ok(
            r#"mutation {
              other: createOrganization(input: {key: "other", name: "Other Ltd", country: "IE"}) { key }
              eu: createRecipient(input: {key: "eu-printer", name: "Print Shop", kind: PROCESSOR, country: "FR"}) { key }
              a: createProcessingActivity(input: {key: "payroll", name: "Payroll", organization: "other",
                purposes: [{purpose: "service-improvement", lawfulBasis: LEGAL_OBLIGATION}],
                dataCategories: [{dataCategory: "health-data"}], recipients: ["eu-printer"]}) { key }
              b: createProcessingActivity(input: {key: "events", name: "Customer events", organization: "acme",
                dataCategories: [{dataCategory: "identifiers"}]}) { key }
            }"#,
            json!({}),
        )
        .await;
        let keys = |data: Value| -> Vec<String> {
            data["processingActivities"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|node| node["key"].as_str().unwrap().to_owned())
                .collect()
        };
        let list = "query($filter: ActivityFilter) { processingActivities(filter: $filter) { nodes { key } } }";
        let cases = [
            (json!({"organization": "acme"}), vec!["events", "newsletter"]),
            (json!({"lawfulBasis": "CONSENT"}), vec!["newsletter"]),
            (json!({"lawfulBasis": "LEGAL_OBLIGATION"}), vec!["payroll"]),
            // A category covers the categories beneath it.
            (json!({"dataCategory": "identifiers"}), vec!["events", "newsletter"]),
            (json!({"dataCategory": "email-address"}), vec!["newsletter"]),
            (json!({"recipient": "eu-printer"}), vec!["payroll"]),
            (json!({"country": "US"}), vec!["newsletter"]),
            (json!({"country": "fr"}), vec!["payroll"]),
            (json!({"search": "EVENT"}), vec!["events"]),
            (json!({"search": "%"}), vec![]),
            (json!({"organization": "acme", "search": "news"}), vec!["newsletter"]),
            (json!({"status": "RETIRED"}), vec![]),
        ];
        for (filter, expected) in cases {
            let found = keys(app.ok(list, json!({"filter": filter.clone()})).await);
            assert_eq!(found, expected, "filter {filter}");
        }
        let catalogue = app
            .ok(
                r#"{ recipients(filter: {organization: "other"}) { nodes { key } }
                     dataCategories(filter: {sensitivity: SPECIAL_CATEGORY}) { nodes { key } }
                     transfers(filter: {country: "US", mechanism: STANDARD_CONTRACTUAL_CLAUSES}) { nodes { key } }
                     purposes(filter: {lawfulBasis: CONSENT}) { nodes { key } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            catalogue,
            json!({
                "recipients": {"nodes": [{"key": "eu-printer"}]},
                "dataCategories": {"nodes": [{"key": "health-data"}]},
                "transfers": {"nodes": [{"key": "cloud-host-us"}]},
                "purposes": {"nodes": [{"key": "newsletter"}]},
            })
        );
    })
    .await;
}

#[tokio::test]
async fn controllers_and_category_retention_are_followed_both_ways() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        app.ok(
            r#"mutation {
              client: createOrganization(input: {key: "client", name: "Client AB", country: "SE"}) { key }
              role: updateProcessingActivity(key: "newsletter", version: 1, input: {role: PROCESSOR}) { role }
              controller: linkController(activity: "newsletter", organization: "client") { version }
              kept: linkDataCategoryRetention(dataCategory: "email-address", retentionRule: "two-years") { key }
            }"#,
            json!({}),
        )
        .await;
        let both_ways = app
            .ok(
                r#"{
                  processingActivity(key: "newsletter") { role controllers { key } organization { key } }
                  organization(key: "client") { controllerOf { key } activities { key } }
                  dataCategory(key: "email-address") { retentionRules { key } }
                  retentionRule(key: "two-years") { dataCategories { key } }
                }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            both_ways,
            json!({
                "processingActivity": {"role": "PROCESSOR", "controllers": [{"key": "client"}], "organization": {"key": "acme"}},
                "organization": {"controllerOf": [{"key": "newsletter"}], "activities": []},
                "dataCategory": {"retentionRules": [{"key": "two-years"}]},
                "retentionRule": {"dataCategories": [{"key": "email-address"}]},
            })
        );
        let removed = app
            .ok(
                r#"mutation {
                  a: unlinkController(activity: "newsletter", organization: "client") { controllers { key } }
                  b: unlinkDataCategoryRetention(dataCategory: "email-address", retentionRule: "two-years") { retentionRules { key } }
                }"#,
                json!({}),
            )
            .await;
        assert_eq!(removed, json!({"a": {"controllers": []}, "b": {"retentionRules": []}}));
    })
    .await;
}

const REPLACE: &str = r#"
mutation Replace($version: Int!, $input: ReplaceProcessingActivityInput!) {
  replaceProcessingActivity(key: "newsletter", version: $version, input: $input) {
    version description
    purposes { purpose { key } lawfulBasis legitimateInterest }
    dataCategories { dataCategory { key } source { key } required }
    recipients { key } transfers { key } systems { key } securityMeasures { key }
  }
}"#;

#[tokio::test]
async fn a_whole_activity_is_replaced_at_once_with_an_entry_per_change() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        let input = json!({
            "name": "Newsletter", "organization": "acme", "role": "CONTROLLER", "status": "ACTIVE",
            "description": "Monthly news to subscribers",
            "purposes": [
                {"purpose": "newsletter", "lawfulBasis": "CONSENT"},
                {"purpose": "service-improvement", "lawfulBasis": "LEGITIMATE_INTERESTS",
                 "legitimateInterest": "Knowing which articles readers open"}
            ],
            "dataCategories": [{"dataCategory": "email-address", "source": "sign-up-form", "required": false}],
            "dataSubjects": ["subscribers"], "recipients": ["cloud-host"], "transfers": [],
            "retentionRules": ["two-years"], "systems": ["mailer"], "securityMeasures": []
        });
        let saved = app
            .ok(REPLACE, json!({"version": 1, "input": input.clone()}))
            .await["replaceProcessingActivity"]
            .clone();
        insta::assert_json_snapshot!("replace_activity_saved", saved);

        // Each change is one entry: the description, the new purpose, the
        // data category no longer required, the transfer and measure removed.
        let entries = app
            .ok(
                r#"{ auditLog(entity: PROCESSING_ACTIVITY, key: "newsletter", first: 10) { edges { node { action before after } } } }"#,
                json!({}),
            )
            .await;
        let newest: Vec<Value> = entries["auditLog"]["edges"].as_array().unwrap()[..5]
            .iter()
            .map(|edge| edge["node"].clone())
            .collect();
        insta::assert_json_snapshot!("replace_activity_audit", newest[..4]);
        assert_eq!(newest[4]["action"], json!("UPDATE"));
        assert_eq!(newest[4]["before"]["description"], Value::Null);
        assert_eq!(
            newest[4]["after"]["description"],
            json!("Monthly news to subscribers")
        );

        // The same form again changes nothing, not even the version.
        let again = app
            .ok(REPLACE, json!({"version": 2, "input": input.clone()}))
            .await;
        assert_eq!(again["replaceProcessingActivity"]["version"], json!(2));

        // A form read at version 1 is stale now: refused, nothing written.
        let stale = app
            .error(REPLACE, json!({"version": 1, "input": {"name": "Old", "organization": "acme",
                "role": "CONTROLLER", "status": "ACTIVE"}}))
            .await;
        assert_eq!(stale["extensions"]["code"], json!("CONFLICT"));

        // A bad value names its row and field; the transaction writes nothing.
        let mut bad = input.clone();
        bad["purposes"][1]["legitimateInterestsAssessmentUrl"] = json!("not a link");
        bad["transfers"] = json!(["cloud-host-us"]);
        let refused = app.error(REPLACE, json!({"version": 2, "input": bad})).await;
        assert_eq!(refused["extensions"]["code"], json!("VALIDATION"));
        assert_eq!(
            refused["extensions"]["field"],
            json!("purposes[1].legitimateInterestsAssessmentUrl")
        );
        let after = app
            .ok(r#"{ processingActivity(key: "newsletter") { version transfers { key } } }"#, json!({}))
            .await;
        assert_eq!(
            after["processingActivity"],
            json!({"version": 2, "transfers": []})
        );
    })
    .await;
}
