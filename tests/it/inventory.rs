//! Inventory files: apply is idempotent and atomic, reports its plan,
//! prunes on request, names every problem's place, and export round-trips.

use ropa::Error;
use ropa::domain::audit::Actor;
use ropa::graph::Inventory;
use ropa::inventory::{self, Action, ApplyOptions, Report, SourceText};
use serde_json::json;

use crate::support::seeds::seed_files;
use crate::support::{TestApp, each_backend};

const CATALOG: &str = include_str!("../../seeds/catalog.toml");

/// A small organisation using the catalogue, with one of everything.
const ACME: &str = r#"
[organization]
key = "acme"
name = "Acme Analytics GmbH"
country = "DE"
email = "privacy@acme.example"
eu_representative = "acme-rep"

[[organizations]]
key = "acme-rep"
name = "Acme Representation Ltd"
country = "IE"

[[retention_rules]]
key = "acme-two-years"
name = "Two years after the last contact"
period = "P2Y"
runs_from = "the last contact"

[[data_categories]]
key = "acme-newsletter-topics"
name = "Newsletter topics chosen"
parent = "preferences"
retention_rules = ["acme-two-years"]

[[recipients]]
key = "acme-mailer"
name = "Mailer Inc."
kind = "processor"
country = "US"

[[transfers]]
key = "acme-mailer-us"
name = "Mailing list held in the United States"
recipient = "acme-mailer"
country = "US"
mechanism = "standard_contractual_clauses"
scc_module = "controller_to_processor"
contract_date = 2022-03-01

[[security_measures]]
key = "acme-encryption"
name = "Encryption at rest"
kind = "technical"

[[activities]]
key = "acme-newsletter"
name = "Newsletter"
purposes = [{ purpose = "marketing-communications", lawful_basis = "consent" }]
data_categories = [
  { data_category = "email-address", source = "the-data-subject", required = true },
  { data_category = "acme-newsletter-topics", source = "the-data-subject" },
]
data_subjects = ["newsletter-subscribers"]
recipients = ["acme-mailer"]
transfers = ["acme-mailer-us"]
retention_rules = ["acme-two-years"]
security_measures = ["acme-encryption"]

[[activities]]
key = "acme-website"
name = "Website visits"
purposes = [{ purpose = "analytics", lawful_basis = "legitimate_interests", legitimate_interest = "Knowing which pages help visitors" }]
data_categories = [{ data_category = "ip-address", source = "automatic-collection" }]
data_subjects = ["website-visitors"]
"#;

fn sources(texts: &[(&str, &str)]) -> Vec<SourceText> {
    texts
        .iter()
        .map(|(name, text)| SourceText::new(*name, *text))
        .collect()
}

async fn apply(
    app: &TestApp,
    texts: &[(&str, &str)],
    options: ApplyOptions,
) -> Result<Report, Error> {
    inventory::apply(&app.db, &Actor::cli(), &sources(texts), options).await
}

async fn export(app: &TestApp, key: &str) -> String {
    let graph = Inventory::load(&app.db).await.unwrap();
    inventory::export::to_toml(&graph, key).unwrap()
}

/// Problems of applying one text named `seeds/x.toml`.
async fn parse(app: &TestApp, text: &str) -> Vec<String> {
    problems(apply(app, &[("seeds/x.toml", text)], ApplyOptions::default()).await)
}

/// Problems of an apply that must fail, as `file:line:column: message`.
fn problems(result: Result<Report, Error>) -> Vec<String> {
    match result {
        Err(Error::InvalidInventory { problems }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        Err(other) => panic!("expected problems in the files, got {other}"),
        Ok(report) => panic!("expected problems, but it applied: {}", report.summary()),
    }
}

#[tokio::test]
async fn a_second_apply_changes_nothing() {
    each_backend(|app| async move {
        let first = apply(&app, &[("catalog.toml", CATALOG), ("acme.toml", ACME)], ApplyOptions::default())
            .await
            .unwrap();
        let declared = first.changes.len();
        assert_eq!(first.count(Action::Created), declared);
        let second = apply(&app, &[("catalog.toml", CATALOG), ("acme.toml", ACME)], ApplyOptions::default())
            .await
            .unwrap();
        assert_eq!(second.summary(), format!("0 created, 0 updated, {declared} unchanged"));
        let versions = app
            .ok(r#"{ processingActivity(key: "acme-newsletter") { version } organization(key: "acme") { version } }"#, json!({}))
            .await;
        assert_eq!(versions, json!({"processingActivity": {"version": 1}, "organization": {"version": 1}}));
    })
    .await;
}

#[tokio::test]
async fn what_changed_is_updated_once_and_nothing_else() {
    each_backend(|app| async move {
        apply(&app, &[("catalog.toml", CATALOG), ("acme.toml", ACME)], ApplyOptions::default())
            .await
            .unwrap();
        let changed = ACME
            .replace("email = \"privacy@acme.example\"", "email = \"dpo@acme.example\"")
            .replace("recipients = [\"acme-mailer\"]", "recipients = [\"acme-mailer\", \"service-providers\"]")
            .replace("lawful_basis = \"consent\"", "lawful_basis = \"contract\"");
        let report = apply(&app, &[("acme.toml", &changed)], ApplyOptions::default()).await.unwrap();
        let updated: Vec<(String, String)> = report
            .changes
            .iter()
            .filter(|change| change.action == Action::Updated)
            .map(|change| (change.kind.as_str().to_owned(), change.key.clone()))
            .collect();
        assert_eq!(
            updated,
            [("organization".into(), "acme".into()), ("processing_activity".into(), "acme-newsletter".into())]
        );
        let read = app
            .ok(
                r#"{ processingActivity(key: "acme-newsletter") { version purposes { lawfulBasis } recipients { key } }
                     organization(key: "acme") { email version } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            read,
            json!({
                "processingActivity": {"version": 2, "purposes": [{"lawfulBasis": "CONTRACT"}],
                    "recipients": [{"key": "acme-mailer"}, {"key": "service-providers"}]},
                "organization": {"email": "dpo@acme.example", "version": 2},
            })
        );
    })
    .await;
}

#[tokio::test]
async fn a_dry_run_reports_the_plan_and_writes_nothing() {
    each_backend(|app| async move {
        let plan = apply(
            &app,
            &[("catalog.toml", CATALOG), ("acme.toml", ACME)],
            ApplyOptions {
                dry_run: true,
                prune: false,
            },
        )
        .await
        .unwrap();
        assert!(plan.dry_run);
        assert!(plan.count(Action::Created) > 90, "{}", plan.summary());
        for table in [
            "organization",
            "purpose",
            "data_category",
            "processing_activity",
            "activity_purpose",
        ] {
            assert_eq!(app.count(table).await, 0, "{table}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_file_with_an_error_in_its_last_entry_changes_nothing() {
    each_backend(|app| async move {
        apply(&app, &[("catalog.toml", CATALOG), ("acme.toml", ACME)], ApplyOptions::default())
            .await
            .unwrap();
        let before = export(&app, "acme").await;
        let tables = ["organization", "recipient", "transfer", "processing_activity", "activity_recipient"];
        let mut counts = Vec::new();
        for table in tables {
            counts.push(app.count(table).await);
        }
        // Changes to earlier entries, a new recipient, and a last entry that is wrong.
        let broken = format!(
            "{}\n[[transfers]]\nkey = \"acme-late\"\nname = \"Late\"\ncountry = \"UK\"\n",
            ACME.replace("name = \"Acme Analytics GmbH\"", "name = \"Acme AG\"")
                .replace("[[security_measures]]", "[[recipients]]\nkey = \"acme-new\"\nname = \"New\"\nkind = \"processor\"\n\n[[security_measures]]")
        );
        let found = problems(apply(&app, &[("acme.toml", &broken)], ApplyOptions::default()).await);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].ends_with("transfer `acme-late`: country 'UK' is not an ISO 3166-1 alpha-2 code; did you mean 'GB'?"), "{found:?}");
        assert_eq!(export(&app, "acme").await, before);
        let mut after = Vec::new();
        for table in tables {
            after.push(app.count(table).await);
        }
        assert_eq!(after, counts);
    })
    .await;
}

#[tokio::test]
async fn problems_name_file_line_column_and_key() {
    each_backend(|app| async move {
        apply(&app, &[("catalog.toml", CATALOG)], ApplyOptions::default()).await.unwrap();
        let broken = ACME
            .replace("data_category = \"email-address\"", "data_category = \"emial-address\"")
            .replace("period = \"P2Y\"", "period = \"P2\"")
            .replace("country = \"IE\"", "country = \"Ireland\"")
            .replace("transfers = [\"acme-mailer-us\"]", "transfers = [\"acme-mailer-us\", \"acme-mailer-us\"]");
        let found = problems(apply(&app, &[("seeds/acme.toml", &broken)], ApplyOptions::default()).await);
        insta::assert_snapshot!("inventory_problems", found.join("\n"));

        let unknown_field = parse(&app, "[organization]\nkey = \"x\"\nname = \"X\"\ncolour = \"red\"\n").await;
        assert!(unknown_field[0].starts_with("seeds/x.toml:4:1: unknown field `colour`"), "{unknown_field:?}");
        let bad_enum = parse(&app, "[[sources]]\nkey = \"s\"\nname = \"S\"\nkind = \"website\"\n").await;
        assert!(bad_enum[0].starts_with("seeds/x.toml:4:8: unknown variant `website`"), "{bad_enum:?}");
        let wrong_type = parse(&app, "[organization]\nkey = \"x\"\nname = \"X\"\nemployee_count = \"many\"\n").await;
        assert!(wrong_type[0].starts_with("seeds/x.toml:4:18: invalid type"), "{wrong_type:?}");
        let twice = parse(&app, "[[purposes]]\nkey = \"p\"\nname = \"P\"\n\n[[purposes]]\nkey = \"p\"\nname = \"Q\"\n").await;
        assert_eq!(twice, ["seeds/x.toml:6:7: purpose `p` is declared twice, differently: also at seeds/x.toml:2:7"]);
        let orphan = parse(&app, "[[activities]]\nkey = \"a\"\nname = \"A\"\n").await;
        assert!(orphan[0].contains("activities belong to an organisation"), "{orphan:?}");
    })
    .await;
}

#[tokio::test]
async fn prune_deletes_only_what_the_organisation_owns_and_no_longer_names() {
    each_backend(|app| async move {
        let extra = format!(
            "{ACME}\n[[activities]]\nkey = \"acme-old\"\nname = \"Old activity\"\nrecipients = [\"acme-old-vendor\"]\n\n[[recipients]]\nkey = \"acme-old-vendor\"\nname = \"Old vendor\"\nkind = \"processor\"\n"
        );
        apply(&app, &[("catalog.toml", CATALOG), ("acme.toml", &extra)], ApplyOptions::default())
            .await
            .unwrap();
        let kept = apply(&app, &[("acme.toml", ACME)], ApplyOptions::default()).await.unwrap();
        assert_eq!(kept.count(Action::Deleted), 0);
        assert_eq!(app.count("processing_activity").await, 3);

        let pruned = apply(
            &app,
            &[("acme.toml", ACME)],
            ApplyOptions {
                dry_run: false,
                prune: true,
            },
        )
        .await
        .unwrap();
        let deleted: Vec<&str> = pruned
            .changes
            .iter()
            .filter(|change| change.action == Action::Deleted)
            .map(|change| change.key.as_str())
            .collect();
        assert_eq!(deleted, ["acme-old", "acme-old-vendor"]);
        assert!(pruned.summary().ends_with(", 2 deleted"), "{}", pruned.summary());
        assert_eq!(app.count("processing_activity").await, 2);
        assert!(app.count("purpose").await > 10, "the shared catalogue is never pruned");
    })
    .await;
}

#[tokio::test]
async fn export_round_trips_byte_for_byte() {
    each_backend(|app| async move {
        apply(
            &app,
            &[("catalog.toml", CATALOG), ("acme.toml", ACME)],
            ApplyOptions::default(),
        )
        .await
        .unwrap();
        let exported = export(&app, "acme").await;
        insta::assert_snapshot!("inventory_export_acme", exported);
        let again = apply(&app, &[("export.toml", &exported)], ApplyOptions::default())
            .await
            .unwrap();
        assert_eq!(
            again.count(Action::Created)
                + again.count(Action::Updated)
                + again.count(Action::Deleted),
            0
        );
        assert_eq!(export(&app, "acme").await, exported);
    })
    .await;
}

#[tokio::test]
async fn the_api_applies_documents_and_lists_problems() {
    each_backend(|app| async move {
        let apply = r#"mutation($document: String!, $dryRun: Boolean = false) {
          applyInventory(document: $document, dryRun: $dryRun) { dryRun created updated unchanged summary changes { kind key action } }
        }"#;
        app.ok(apply, json!({"document": CATALOG})).await;
        let planned = app.ok(apply, json!({"document": ACME, "dryRun": true})).await;
        assert_eq!(planned["applyInventory"]["dryRun"], json!(true));
        assert_eq!(planned["applyInventory"]["created"], json!(9));
        assert_eq!(app.count("processing_activity").await, 0);
        let applied = app.ok(apply, json!({"document": ACME})).await;
        assert_eq!(applied["applyInventory"]["changes"][0], json!({"kind": "ORGANIZATION", "key": "acme-rep", "action": "CREATED"}));

        let file = app.ok(r#"{ inventoryFile(organization: "acme") }"#, json!({})).await;
        assert_eq!(file["inventoryFile"].as_str().unwrap(), export(&app, "acme").await);

        let error = app.error(apply, json!({"document": "[organization]\nkey = \"Bad Key\"\nname = \"B\"\n"})).await;
        assert_eq!(error["extensions"]["code"], json!("VALIDATION"));
        assert_eq!(
            error["extensions"]["problems"],
            json!([{"file": "<document>", "line": 2, "column": 7,
                    "message": "organization `Bad Key`: key 'Bad Key' is not a valid key: use lowercase letters and digits, joined by single '-', '_' or '.'; did you mean 'bad-key'?"}])
        );
    })
    .await;
}

#[tokio::test]
async fn every_seed_applies_once_and_round_trips() {
    each_backend(|app| async move {
        let seeds = seed_files();
        assert_eq!(seeds.len(), 5, "the five real organisations");
        let mut texts: Vec<(&str, &str)> = vec![("seeds/catalog.toml", CATALOG)];
        texts.extend(
            seeds
                .iter()
                .map(|(name, _, text)| (name.as_str(), text.as_str())),
        );
        let first = apply(&app, &texts, ApplyOptions::default()).await.unwrap();
        let again = apply(&app, &texts, ApplyOptions::default()).await.unwrap();
        assert_eq!(
            again.summary(),
            format!("0 created, 0 updated, {} unchanged", first.changes.len())
        );

        for (_, organization, _) in &seeds {
            let exported = export(&app, organization).await;
            insta::with_settings!({ snapshot_suffix => organization.as_str() }, {
                insta::assert_snapshot!("inventory_export", exported);
            });
            let reapplied = apply(
                &app,
                &[("export.toml", exported.as_str())],
                ApplyOptions::default(),
            )
            .await
            .unwrap();
            assert_eq!(
                reapplied.count(Action::Created) + reapplied.count(Action::Updated),
                0,
                "{organization}: applying its export changed something"
            );
            assert_eq!(
                export(&app, organization).await,
                exported,
                "{organization}: export is not stable"
            );
        }
    })
    .await;
}
