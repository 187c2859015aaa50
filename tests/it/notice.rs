//! Privacy notices: every seed's notice in every format, stating every fact
//! its inventory holds (and so its original policy); drafts through
//! GraphQL; an organisation's own templates.

use std::collections::BTreeSet;

use ropa::graph::Inventory;
use ropa::notice::{self, Format, Jurisdiction, Templates};
use serde_json::json;

use crate::support::{each_backend, seeds};

const FORMATS: [(Format, &str); 4] = [
    (Format::Html, "html"),
    (Format::Markdown, "md"),
    (Format::Text, "text"),
    (Format::Json, "json"),
];

#[tokio::test]
async fn every_seed_notice_in_every_format() {
    each_backend(|app| async move {
        let organizations = seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        for organization in &organizations {
            let draft = notice::notice(
                &graph,
                organization,
                &[Jurisdiction::Gdpr, Jurisdiction::Ccpa],
            )
            .unwrap();
            for (format, name) in FORMATS {
                let text = notice::render(&draft, format, &Templates::default()).unwrap();
                insta::with_settings!({ snapshot_suffix => format!("{organization}-{name}") }, {
                    insta::assert_snapshot!("notice", text);
                });
            }
        }
    })
    .await;
}

/// Everything the inventory says about what the organisation controls, as
/// phrases the notice must contain.
fn facts(graph: &Inventory, organization: &str) -> BTreeSet<String> {
    let owner = graph.organizations.by_key(organization).unwrap();
    let mut facts = BTreeSet::new();
    facts.insert(owner.name.clone());
    facts.extend(owner.email.clone());
    facts.extend(owner.phone.clone());
    facts.extend(owner.address.clone());
    facts.extend(owner.dpo_email.clone());
    facts.extend(owner.dpo_name.clone());
    let activities: BTreeSet<i32> = graph
        .activities
        .all()
        .iter()
        .filter(|activity| {
            activity.organization_id == owner.id
                && activity.role != entity::enums::ActivityRole::Processor
                && activity.status != entity::enums::ActivityStatus::Retired
        })
        .map(|activity| activity.id)
        .collect();
    for link in graph
        .activity_purposes
        .iter()
        .filter(|link| activities.contains(&link.activity_id))
    {
        facts.insert(graph.purposes.get(link.purpose_id).unwrap().name.clone());
        if let Some(basis) = link.lawful_basis {
            facts.insert(notice::model::basis_words(basis).to_owned());
        }
        facts.extend(link.legitimate_interest.clone());
    }
    for link in graph
        .activity_data_categories
        .iter()
        .filter(|link| activities.contains(&link.activity_id))
    {
        facts.insert(
            graph
                .data_categories
                .get(link.data_category_id)
                .unwrap()
                .name
                .clone(),
        );
        if let Some(source) = link.source_id.and_then(|id| graph.sources.get(id))
            && source.kind != entity::enums::SourceKind::DataSubject
        {
            facts.insert(source.name.clone());
        }
    }
    for link in graph
        .activity_recipients
        .iter()
        .filter(|link| activities.contains(&link.activity_id))
    {
        facts.insert(
            graph
                .recipients
                .get(link.recipient_id)
                .unwrap()
                .name
                .clone(),
        );
    }
    for link in graph
        .activity_transfers
        .iter()
        .filter(|link| activities.contains(&link.activity_id))
    {
        let transfer = graph.transfers.get(link.transfer_id).unwrap();
        facts.insert(transfer.name.clone());
        facts.extend(transfer.safeguard_url.clone());
        facts.extend(transfer.safeguard_access.clone());
        if let Some(mechanism) = transfer.mechanism {
            facts.insert(ropa::article30::labels::Labelled::label(mechanism).to_owned());
        }
    }
    for link in graph
        .activity_retentions
        .iter()
        .filter(|link| activities.contains(&link.activity_id))
    {
        let rule = graph.retention_rules.get(link.retention_rule_id).unwrap();
        facts.insert(rule.name.clone());
        facts.extend(
            rule.criteria
                .clone()
                .map(|criteria| criteria.trim_end_matches('.').to_owned()),
        );
        facts.extend(rule.period.as_deref().map(ropa::article30::labels::period));
    }
    facts
}

#[tokio::test]
async fn every_seed_notice_states_every_fact_of_its_inventory() {
    each_backend(|app| async move {
        let organizations = seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        for organization in &organizations {
            let draft = notice::notice(&graph, organization, &[Jurisdiction::Gdpr]).unwrap();
            let expected = facts(&graph, organization);
            assert!(
                expected.len() > 20,
                "{organization}: only {} facts",
                expected.len()
            );
            for (format, _) in [(Format::Text, "text"), (Format::Markdown, "md")] {
                let text = notice::render(&draft, format, &Templates::default()).unwrap();
                let missing: Vec<&String> = expected
                    .iter()
                    .filter(|fact| !text.contains(fact.as_str()))
                    .collect();
                assert!(
                    missing.is_empty(),
                    "{organization} ({format:?}) does not state: {missing:#?}"
                );
            }
            let html = notice::render(&draft, Format::Html, &Templates::default()).unwrap();
            // Compare with the text a browser shows.
            let shown = html
                .replace("&#x2f;", "/")
                .replace("&#x27;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            let missing: Vec<&String> = expected
                .iter()
                .filter(|fact| !shown.contains(fact.as_str()))
                .collect();
            assert!(
                missing.is_empty(),
                "{organization} (HTML) does not state: {missing:#?}"
            );
        }
    })
    .await;
}

#[test]
fn the_templates_speak_plainly() {
    for (name, text) in [
        (
            "notice.html",
            include_str!("../../src/notice/templates/notice.html"),
        ),
        (
            "notice.md",
            include_str!("../../src/notice/templates/notice.md"),
        ),
        (
            "notice.txt",
            include_str!("../../src/notice/templates/notice.txt"),
        ),
    ] {
        let lower = text.to_lowercase();
        for hedge in [" may ", " might ", " some ", " often ", " possibly "] {
            assert!(!lower.contains(hedge), "{name} says{hedge}");
        }
    }
}

#[tokio::test]
async fn a_draft_through_graphql_lists_what_the_graph_does_not_say() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let data = app
            .ok(
                "{ notice(organization: \"minio\", format: MARKDOWN) { format content gaps { section kind key message } } }",
                json!({}),
            )
            .await;
        let draft = &data["notice"];
        assert_eq!(draft["format"], "MARKDOWN");
        assert!(draft["content"].as_str().unwrap().starts_with("# Privacy notice of MinIO, Inc."));
        let gaps = draft["gaps"].as_array().unwrap();
        assert!(
            gaps.iter().any(|gap| gap["section"] == "purposes" && gap["key"] == "surveys-and-feedback"),
            "MinIO's policy gives no lawful basis for surveys: {gaps:#?}"
        );
        assert!(
            gaps.iter().any(|gap| gap["section"] == "contact"),
            "MinIO's policy gives no email for requests: {gaps:#?}"
        );
        let html = app
            .ok("{ notice(organization: \"mirantis\") { content } }", json!({}))
            .await;
        let page = html["notice"]["content"].as_str().unwrap();
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{page}");
        let missing = app.error("{ notice(organization: \"nobody\") { content } }", json!({})).await;
        assert_eq!(missing["extensions"]["code"], "NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn an_organisation_can_use_its_own_wording() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        let draft = notice::notice(&graph, "minio", &[]).unwrap();
        let dir = std::env::temp_dir().join(format!("ropa-templates-{}-{:?}", std::process::id(), app.backend));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notice.txt"), "Our notice for {{ organization.name }}\n{% for purpose in purposes %}- {{ purpose.name }}\n{% endfor %}").unwrap();
        let templates = Templates::from_directory(&dir);
        let text = notice::render(&draft, Format::Text, &templates).unwrap();
        assert!(text.starts_with("Our notice for MinIO, Inc.\n- "), "{text}");
        // Formats without an override keep the built-in wording.
        let markdown = notice::render(&draft, Format::Markdown, &templates).unwrap();
        assert!(markdown.starts_with("# Privacy notice of MinIO, Inc."));
        // A broken template names its file and line.
        std::fs::write(dir.join("notice.txt"), "line one\n{% for purpose in purposes %}\n{{ purpose.nmae }}\n{% endfor %}\n").unwrap();
        let error = notice::render(&draft, Format::Text, &templates).unwrap_err();
        assert_eq!(error.code(), "TEMPLATE");
        let message = error.to_string();
        assert!(message.contains(&format!("{}:3", dir.join("notice.txt").display())), "{message}");
        std::fs::write(dir.join("notice.txt"), "{% if %}").unwrap();
        let message = notice::render(&draft, Format::Text, &templates).unwrap_err().to_string();
        assert!(message.contains("notice.txt:1: syntax error"), "{message}");
        let missing = notice::render(&draft, Format::Text, &Templates::from_directory(dir.join("nowhere"))).unwrap_err();
        assert!(missing.to_string().contains("is not a directory of templates"));
        std::fs::remove_dir_all(&dir).unwrap();
    })
    .await;
}

const PUBLISH: &str = "mutation($org: String!, $date: NaiveDate!) { publishNotice(organization: $org, effectiveDate: $date, force: true) { created version { number effectiveDate publishedBy contentHash url } } }";

#[tokio::test]
async fn published_versions_are_public_immutable_and_compared_in_words() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let before = app.get_as(None, "/notices/minio").await;
        assert_eq!(before.status, axum::http::StatusCode::NOT_FOUND);
        assert!(String::from_utf8_lossy(&before.body).contains("`minio` has published no notice"));

        // MinIO's inventory has errors (purposes without a lawful basis):
        // publishing is refused, naming them, unless forced.
        let refused = app
            .graphql("mutation { publishNotice(organization: \"minio\", effectiveDate: \"2026-12-01\") { created } }", json!({}))
            .await;
        let error = &refused["errors"][0];
        assert_eq!(error["extensions"]["code"], "FINDINGS", "{refused:#}");
        let findings = error["extensions"]["findings"].as_array().unwrap();
        assert!(findings.iter().all(|finding| finding["severity"] == "error"));
        assert!(findings.iter().any(|finding| finding["code"] == "ROPA-E001"));
        assert!(app.get_as(None, "/notices/minio").await.status == axum::http::StatusCode::NOT_FOUND);

        let first = app.ok(PUBLISH, json!({"org": "minio", "date": "2026-12-01"})).await;
        let published = &first["publishNotice"];
        assert_eq!(published["created"], true);
        assert_eq!(published["version"]["number"], 1);
        assert_eq!(published["version"]["publishedBy"], "token:test-admin");
        assert_eq!(published["version"]["url"], "/notices/minio/versions/1");
        let again = app.ok(PUBLISH, json!({"org": "minio", "date": "2026-12-02"})).await;
        assert_eq!(again["publishNotice"]["created"], false, "an unchanged notice makes no version");
        assert_eq!(again["publishNotice"]["version"]["number"], 1);

        // Anyone reads it, in every format, without a token.
        let page = app.get_as(None, "/notices/minio").await;
        assert_eq!(page.status, axum::http::StatusCode::OK);
        assert_eq!(page.content_type(), "text/html; charset=utf-8");
        assert_eq!(page.headers["x-notice-version"], "1");
        let html = String::from_utf8(page.body.to_vec()).unwrap();
        assert!(html.contains("Effective 2026-12-01 (version 1)."), "{html}");
        for (format, content_type) in [
            ("md", "text/markdown; charset=utf-8"),
            ("text", "text/plain; charset=utf-8"),
            ("json", "application/json; charset=utf-8"),
        ] {
            let reply = app.get_as(None, &format!("/notices/minio?format={format}")).await;
            assert_eq!(reply.status, axum::http::StatusCode::OK, "{format}");
            assert_eq!(reply.content_type(), content_type);
        }
        let version_one = app.get_as(None, "/notices/minio/versions/1").await;
        assert_eq!(version_one.body, page.body);
        assert!(version_one.headers["cache-control"].to_str().unwrap().contains("immutable"));

        // The graph changes; the published version does not.
        app.ok(
            "mutation { createRecipient(input: {key: \"minio-stripe\", name: \"Stripe, Inc.\", kind: PROCESSOR, country: \"US\"}) { key } }",
            json!({}),
        )
        .await;
        app.ok(
            "mutation { linkRecipient(activity: \"minio-customer-relationships\", recipient: \"minio-stripe\") { key } }",
            json!({}),
        )
        .await;
        let early = app.graphql(PUBLISH, json!({"org": "minio", "date": "2026-11-01"})).await;
        assert_eq!(early["errors"][0]["extensions"]["code"], "VALIDATION", "{early:#}");
        let second = app.ok(PUBLISH, json!({"org": "minio", "date": "2026-12-15"})).await;
        assert_eq!(second["publishNotice"]["version"]["number"], 2);
        assert_eq!(app.get_as(None, "/notices/minio/versions/1").await.body, page.body);
        let latest = app.get_as(None, "/notices/minio?format=text").await;
        assert_eq!(latest.headers["x-notice-version"], "2");
        assert!(String::from_utf8_lossy(&latest.body).contains("Stripe, Inc."));

        let changes = app
            .ok("{ noticeChanges(organization: \"minio\", from: 1, to: 2) noticeVersions(organization: \"minio\") { number effectiveDate } }", json!({}))
            .await;
        assert_eq!(
            changes["noticeChanges"],
            json!(["new recipient: Stripe, Inc. (service providers who process information on our behalf)"])
        );
        assert_eq!(changes["noticeVersions"][1]["effectiveDate"], "2026-12-15");

        for (path, status) in [
            ("/notices/minio/versions/3", axum::http::StatusCode::NOT_FOUND),
            ("/notices/minio/versions/zero", axum::http::StatusCode::UNPROCESSABLE_ENTITY),
            ("/notices/nobody", axum::http::StatusCode::NOT_FOUND),
            ("/notices/minio?format=pdf", axum::http::StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            let reply = app.get_as(None, path).await;
            assert_eq!(reply.status, status, "{path}");
            assert!(reply.json()["errors"][0]["message"].as_str().is_some());
        }
        let audited = app
            .ok("{ auditLog(key: \"minio/2\") { edges { node { action entityKind actor } } } }", json!({}))
            .await;
        assert_eq!(audited["auditLog"]["edges"][0]["node"]["entityKind"], "notice_version", "{audited:#}");
    })
    .await;
}
