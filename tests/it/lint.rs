//! Compliance findings: every seed's, as a snapshot; the rules that matter
//! most checked by name; dates of the check; GraphQL.

use std::collections::BTreeSet;

use ropa::graph::Inventory;
use ropa::lint::{self, codes::Severity};
use serde_json::json;

use crate::support::{TestApp, each_backend, seeds};

fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

#[tokio::test]
async fn every_seed_has_its_findings() {
    each_backend(|app| async move {
        let organizations = seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        for organization in &organizations {
            let findings = lint::lint(&graph, Some(organization), date("2026-12-01")).unwrap();
            insta::with_settings!({ snapshot_suffix => organization.as_str() }, {
                insta::assert_json_snapshot!("findings", findings);
            });
        }
        let everyone = lint::lint(&graph, None, date("2026-12-01")).unwrap();
        assert!(
            everyone
                .iter()
                .any(|finding| finding.organization == "mirantis")
        );
        assert!(
            everyone
                .iter()
                .any(|finding| finding.organization == "cloudinary")
        );
    })
    .await;
}

#[tokio::test]
async fn the_seeds_report_what_their_policies_lack() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        let codes = |organization: &str, as_of: &str| -> Vec<(String, String)> {
            lint::lint(&graph, Some(organization), date(as_of))
                .unwrap()
                .into_iter()
                .map(|finding| (finding.code.to_owned(), finding.key))
                .collect()
        };
        // Cloudinary relied on Privacy Shield: an error today, history in 2019.
        let shield = (
            "ROPA-E011".to_owned(),
            "cloudinary-transfers-privacy-shield".to_owned(),
        );
        assert!(codes("cloudinary", "2026-12-01").contains(&shield));
        let in_2019 = codes("cloudinary", "2019-06-01");
        assert!(!in_2019.contains(&shield));
        assert!(in_2019.contains(&(
            "ROPA-I015".to_owned(),
            "cloudinary-transfers-privacy-shield".to_owned()
        )));
        // The Mesosphere website's 2016 policy gives no lawful basis and no
        // retention period.
        let website = codes("mesosphere-website", "2026-12-01");
        assert!(
            website
                .iter()
                .filter(|(code, _)| code == "ROPA-E001")
                .count()
                > 10
        );
        assert!(website.iter().any(|(code, _)| code == "ROPA-W022"));
        assert!(website.iter().any(|(code, _)| code == "ROPA-W070"));
        // MinIO's onward transfers on consent are not marked occasional, and
        // its Privacy Shield transfers are invalid although the policy names
        // no country for them.
        let minio = codes("minio", "2026-12-01");
        assert!(minio.iter().any(|(code, _)| code == "ROPA-E014"));
        assert!(minio.contains(&(
            "ROPA-E011".to_owned(),
            "minio-transfer-privacy-shield".to_owned()
        )));
        assert!(minio.contains(&(
            "ROPA-E011".to_owned(),
            "minio-transfer-contractual-protections".to_owned()
        )));
    })
    .await;
}

const TRANSFERS: &str = r#"
[organization]
key = "globex"
name = "Globex GmbH"
address = "Hauptstraße 1, Berlin"
country = "DE"

[[recipients]]
key = "globex-cloud"
name = "Cloud Inc."
kind = "processor"
country = "US"

[[recipients]]
key = "globex-certified"
name = "Certified Inc."
kind = "processor"
country = "US"
dpf_certified = true
contract_url = "https://globex.example/dpa"

[[transfers]]
key = "globex-dpf-uncertified"
name = "DPF, uncertified"
country = "US"
recipient = "globex-cloud"
mechanism = "data_privacy_framework"

[[transfers]]
key = "globex-dpf-certified"
name = "DPF, certified"
country = "US"
recipient = "globex-certified"
mechanism = "data_privacy_framework"

[[transfers]]
key = "globex-adequacy-us"
name = "Adequacy for the US"
country = "US"
mechanism = "adequacy_decision"

[[transfers]]
key = "globex-adequacy-jp"
name = "Adequacy for Japan"
country = "JP"
mechanism = "adequacy_decision"

[[transfers]]
key = "globex-nothing"
name = "No mechanism"
country = "IN"

[[transfers]]
key = "globex-old-scc"
name = "Old clauses"
country = "IN"
mechanism = "legacy_standard_contractual_clauses"

[[transfers]]
key = "globex-shield-somewhere"
name = "Privacy Shield, no country"
mechanism = "privacy_shield"

[[transfers]]
key = "globex-adequacy-somewhere"
name = "Adequacy, no country"
mechanism = "adequacy_decision"

[[transfers]]
key = "globex-france"
name = "Within the EEA"
country = "FR"

[[data_categories]]
key = "globex-health"
name = "Health records"
sensitivity = "special_category"

[[data_categories]]
key = "globex-unused"
name = "Never used"

[[retention_rules]]
key = "globex-empty-rule"
name = "A rule that says nothing"

[[activities]]
key = "globex-care"
name = "Care"
large_scale = true
purposes = [{ purpose = "service-improvement", lawful_basis = "legitimate_interests" }]
data_categories = [{ data_category = "globex-health" }]
recipients = ["globex-cloud", "globex-certified"]
transfers = ["globex-dpf-uncertified", "globex-dpf-certified", "globex-adequacy-us", "globex-adequacy-jp", "globex-nothing", "globex-old-scc", "globex-shield-somewhere", "globex-adequacy-somewhere", "globex-france"]
retention_rules = ["globex-empty-rule"]
"#;

#[tokio::test]
async fn each_rule_names_the_entity_at_fault() {
    each_backend(|app| async move {
        seeds::apply_text(&app, "catalog.toml", seeds::CATALOG).await;
        seeds::apply_text(&app, "globex.toml", TRANSFERS).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        let findings = lint::lint(&graph, Some("globex"), date("2026-12-01")).unwrap();
        let found: Vec<(&str, &str)> = findings.iter().map(|finding| (finding.code, finding.key.as_str())).collect();
        for expected in [
            ("ROPA-E002", "globex-care"),
            ("ROPA-E003", "globex-care"),
            ("ROPA-E010", "globex-nothing"),
            ("ROPA-E011", "globex-old-scc"),
            ("ROPA-E012", "globex-dpf-uncertified"),
            ("ROPA-E013", "globex-adequacy-us"),
            ("ROPA-E011", "globex-shield-somewhere"),
            ("ROPA-W016", "globex-shield-somewhere"),
            ("ROPA-W016", "globex-adequacy-somewhere"),
            ("ROPA-E021", "globex-empty-rule"),
            ("ROPA-E032", "globex-care"),
            ("ROPA-E051", "globex-care"),
            ("ROPA-W033", "globex-care"),
            ("ROPA-W041", "globex-unused"),
            ("ROPA-W042", "globex-cloud"),
        ] {
            assert!(found.contains(&expected), "{expected:?} missing from {found:#?}");
        }
        for absent in ["globex-dpf-certified", "globex-adequacy-jp", "globex-france"] {
            assert!(!found.iter().any(|(_, key)| *key == absent), "{absent} is fine: {found:#?}");
        }
        // Without a country, whether an adequacy decision exists is unknown:
        // only the missing country is reported.
        assert_eq!(found.iter().filter(|(_, key)| *key == "globex-adequacy-somewhere").count(), 1, "{found:#?}");
        // Before 2023-01-01 the old clauses still covered the transfer.
        let in_2022 = lint::lint(&graph, Some("globex"), date("2022-06-01")).unwrap();
        assert!(!in_2022.iter().any(|finding| finding.key == "globex-old-scc"));
        assert!(in_2022.iter().any(|finding| finding.code == "ROPA-E011" && finding.key == "globex-dpf-certified"), "the DPF came in 2023");
        for finding in &findings {
            assert!(finding.message.len() > 10 && !finding.fix.is_empty() && !finding.article.is_empty(), "{finding}");
        }
    })
    .await;
}

#[tokio::test]
async fn findings_through_graphql_filter_by_severity() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let all = app
            .ok("{ findings(organization: \"cloudinary\", asOf: \"2026-12-01\") { severity code key article fix } }", json!({}))
            .await;
        let errors = app
            .ok("{ findings(organization: \"cloudinary\", severity: ERROR, asOf: \"2026-12-01\") { severity code } }", json!({}))
            .await;
        let all = all["findings"].as_array().unwrap();
        let errors = errors["findings"].as_array().unwrap();
        assert!(errors.len() < all.len());
        assert!(errors.iter().all(|finding| finding["severity"] == "ERROR"));
        assert!(errors.iter().any(|finding| finding["code"] == "ROPA-E011"));
        let missing = app.error("{ findings(organization: \"nobody\") { code } }", json!({})).await;
        assert_eq!(missing["extensions"]["code"], "NOT_FOUND");
        let graph = Inventory::load(&app.db).await.unwrap();
        let counted = lint::lint(&graph, Some("cloudinary"), date("2026-12-01")).unwrap();
        assert_eq!(lint::count(&counted, Severity::Error), errors.len());
    })
    .await;
}

#[test]
fn every_code_is_documented_in_the_readme() {
    let readme = include_str!("../../README.md");
    for code in lint::codes::ALL {
        let row = format!(
            "| {} | {} | {} | {} |",
            code.code,
            code.severity.word(),
            code.article,
            code.title
        );
        assert!(
            readme.contains(&row),
            "README.md lacks the row of {}",
            code.code
        );
    }
}

/// The benchmark's smallest inventory applies, and every output takes it.
#[tokio::test]
async fn the_small_benchmark_inventory_goes_through_every_output() {
    each_backend(|app| async move {
        let document = ropa::bench::generate(ropa::bench::SMALL);
        let text = toml::to_string(&document).unwrap();
        seeds::apply_text(&app, "bench-small.toml", &text).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        let record = ropa::article30::Record::new(
            &graph,
            "bench-small",
            ropa::article30::RecordKind::Controller,
        )
        .unwrap();
        assert_eq!(record.len(), 100);
        let csv = ropa::article30::csv::to_string(&record, Default::default()).unwrap();
        assert_eq!(csv.lines().count(), 101);
        let notice = ropa::notice::notice(&graph, "bench-small", &[]).unwrap();
        assert!(notice.gaps.is_empty(), "{:#?}", notice.gaps);
        let findings = lint::lint(&graph, Some("bench-small"), date("2026-12-01")).unwrap();
        // The generator leaves out Art. 9 conditions, so the lint always has
        // something to report; nothing else is wrong with the inventory.
        let errors: BTreeSet<&str> = findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
            .map(|finding| finding.code)
            .collect();
        assert_eq!(errors, BTreeSet::from(["ROPA-E003"]), "{findings:#?}");
    })
    .await;
}

/// A record of many activities is computed on every core, a batch at a
/// time; its rows still come out whole and in key order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_record_comes_out_whole_and_in_order() {
    let size = ropa::bench::Size {
        name: "rows",
        activities: 700,
        ..ropa::bench::SMALL
    };
    let app = TestApp::sqlite().await;
    let text = toml::to_string(&ropa::bench::generate(size)).unwrap();
    seeds::apply_text(&app, "bench-rows.toml", &text).await;
    let graph = Inventory::load_current(&app.db).await.unwrap();
    let record = ropa::article30::Record::new(
        &graph,
        "bench-rows",
        ropa::article30::RecordKind::Controller,
    )
    .unwrap();
    let mut keys: Vec<&str> = graph
        .activities
        .all()
        .iter()
        .map(|activity| activity.key.as_str())
        .collect();
    keys.sort_unstable();
    let csv = ropa::article30::csv::to_string(&record, Default::default()).unwrap();
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    let references: Vec<String> = reader
        .records()
        .map(|row| row.unwrap()[0].to_owned())
        .collect();
    assert_eq!(references, keys);
    // However the cores share the work out, the bytes are the same.
    let again = ropa::article30::csv::to_string(&record, Default::default()).unwrap();
    assert!(csv == again, "two renders of one record differ");
}
