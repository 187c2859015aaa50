//! The data-flow map: every seed's DOT as a snapshot, the SVG of a seed,
//! transfers marked by the lint's rules, errors, and the command line.

use std::process::Command;

use ropa::graph::Inventory;
use ropa::map::{self, Flow, Layer, MechanismClass, TransferFlow};

use crate::support::process::ROPA;
use crate::support::{each_backend, seeds};

fn date(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

/// Text as the SVG writes it.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The map's transfers by key (the first edge of each).
fn transfer<'m>(map: &'m map::Map, key: &str) -> &'m TransferFlow {
    map.edges
        .iter()
        .find_map(|edge| match &edge.flow {
            Flow::Transfer(transfer) if transfer.key == key => Some(transfer),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no transfer {key} on the map"))
}

#[tokio::test]
async fn every_seed_has_its_map() {
    each_backend(|app| async move {
        let organizations = seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        for organization in &organizations {
            let map = map::build(&graph, organization, None, date("2026-12-01")).unwrap();
            insta::with_settings!({ snapshot_suffix => organization.as_str() }, {
                insta::assert_snapshot!("map_dot", map::dot(&map));
            });
        }
    })
    .await;
}

#[tokio::test]
async fn the_svg_shows_every_activity_and_marks_privacy_shield() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        let map = map::build(&graph, "cloudinary", None, date("2026-12-01")).unwrap();
        let svg = map::svg(&map).unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"ropa-map-cloudinary-title"));
        let activities: Vec<_> = graph
            .activities
            .all()
            .iter()
            .filter(|activity| {
                graph
                    .organizations
                    .get(activity.organization_id)
                    .is_some_and(|owner| owner.key == "cloudinary")
            })
            .collect();
        assert!(activities.len() > 5);
        for activity in activities {
            assert!(
                svg.contains(&format!("<title>{}</title>", xml(&activity.name))),
                "{} is not on the map",
                activity.name
            );
        }
        assert!(svg.contains("Transfer mechanisms"), "the legend");
        for class in MechanismClass::ALL {
            assert!(
                svg.contains(&xml(class.legend())),
                "{class:?} in the legend"
            );
        }
        // Privacy Shield, struck down in 2020: red, dashed, and said so.
        let shield = svg
            .lines()
            .find(|line| line.contains("data-id=\"transfer:cloudinary-transfers-privacy-shield\""))
            .expect("the Privacy Shield transfer is drawn");
        assert!(
            shield.contains(&format!("stroke=\"{}\"", map::INVALID_COLOUR)),
            "{shield}"
        );
        assert!(shield.contains("stroke-dasharray"), "{shield}");
        assert!(
            shield.contains("not valid on 2026-12-01: relies on the EU-US Privacy Shield"),
            "{shield}"
        );
        // Laid out the same way every time.
        assert!(
            svg == map::svg(&map).unwrap(),
            "two renders of one map differ"
        );
    })
    .await;
}

const TRANSFERS: &str = r#"
[organization]
key = "globex"
name = "Globex GmbH"
address = "Hauptstraße 1, Berlin"
country = "DE"

[[sources]]
key = "globex-signup"
name = "Sign-up form"
kind = "data_subject"

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

[[transfers]]
key = "globex-dpf-certified"
name = "DPF, certified"
country = "US"
recipient = "globex-certified"
mechanism = "data_privacy_framework"

[[transfers]]
key = "globex-dpf-uncertified"
name = "DPF, uncertified"
country = "US"
recipient = "globex-cloud"
mechanism = "data_privacy_framework"

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
key = "globex-france"
name = "Within the EEA"
country = "FR"

[[activities]]
key = "globex-care"
name = "Care"
purposes = [{ purpose = "service-improvement", lawful_basis = "contract" }]
data_categories = [{ data_category = "email-address", source = "globex-signup" }]
recipients = ["globex-cloud"]
transfers = ["globex-dpf-certified", "globex-dpf-uncertified", "globex-nothing", "globex-old-scc", "globex-france"]
"#;

#[tokio::test]
async fn transfers_are_judged_by_the_lint_rules_on_the_map_date() {
    each_backend(|app| async move {
        seeds::apply_text(&app, "catalog.toml", seeds::CATALOG).await;
        seeds::apply_text(&app, "globex.toml", TRANSFERS).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        let map = map::build(&graph, "globex", None, date("2026-12-01")).unwrap();
        let ids: Vec<&str> = map.nodes.iter().map(|node| node.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "source:globex-signup",
                "activity:globex-care",
                "recipient:globex-certified",
                "recipient:globex-cloud",
                "country:FR",
                "country:IN",
                "country:US",
            ],
            "layer by layer, by key; a transfer's recipient is drawn though the activity does not list it"
        );
        assert_eq!(map.nodes[0].layer, Layer::Source);

        let certified = transfer(&map, "globex-dpf-certified");
        assert!(certified.is_valid(), "{certified:?}");
        assert_eq!(certified.class, MechanismClass::DataPrivacyFramework);
        assert!(transfer(&map, "globex-france").is_valid(), "no mechanism needed in the EEA");
        let uncertified = transfer(&map, "globex-dpf-uncertified");
        assert_eq!(
            uncertified.invalid_because,
            ["relies on the Data Privacy Framework, but its recipient is not marked as certified"]
        );
        let nothing = transfer(&map, "globex-nothing");
        assert_eq!(nothing.class, MechanismClass::None);
        assert_eq!(nothing.invalid_because, ["to IN relies on no mechanism"]);
        assert!(!transfer(&map, "globex-old-scc").is_valid());

        // The transfer edge replaces the plain "located in" line of its
        // recipient and country; the other recipient keeps its own.
        let between = |from: &str, to: &str| {
            map.edges
                .iter()
                .filter(|edge| edge.from == from && edge.to == to)
                .count()
        };
        assert_eq!(between("recipient:globex-cloud", "country:US"), 1);
        assert_eq!(between("activity:globex-care", "country:IN"), 2);

        let text = map::dot(&map);
        // The edge says that it is not covered; its tooltip says why.
        assert!(
            text.contains("label=\"no safeguard\\nnot valid on 2026-12-01\", tooltip=\"No mechanism\\nno safeguard\\nnot valid on 2026-12-01: to IN relies on no mechanism\""),
            "{text}"
        );
        assert!(text.contains(&format!("color=\"{}\"", map::INVALID_COLOUR)));

        // In 2022 the old clauses still covered transfers; the DPF came in 2023.
        let in_2022 = map::build(&graph, "globex", None, date("2022-06-01")).unwrap();
        assert!(transfer(&in_2022, "globex-old-scc").is_valid());
        assert!(
            transfer(&in_2022, "globex-dpf-certified").invalid_because
                == ["relies on the EU-US Data Privacy Framework, in force only from 10 July 2023"]
        );
    })
    .await;
}

#[tokio::test]
async fn privacy_shield_was_valid_in_2019() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        let map = map::build(&graph, "cloudinary", None, date("2019-06-01")).unwrap();
        let shield = transfer(&map, "cloudinary-transfers-privacy-shield");
        assert!(shield.is_valid());
        assert_eq!(shield.class, MechanismClass::Historical);
        assert_eq!(
            shield.notes,
            ["relies on the EU-US Privacy Shield, valid on 2019-06-01 but since invalidated"]
        );
    })
    .await;
}

#[tokio::test]
async fn one_activity_can_be_drawn_alone() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        let whole = map::build(&graph, "minio", None, date("2026-12-01")).unwrap();
        let alone =
            map::build(&graph, "minio", Some("minio-marketing"), date("2026-12-01")).unwrap();
        let activities: Vec<&str> = alone
            .nodes
            .iter()
            .filter(|node| node.layer == Layer::Activity)
            .map(|node| node.key.as_str())
            .collect();
        assert_eq!(activities, ["minio-marketing"]);
        let own: Vec<_> = whole
            .edges
            .iter()
            .filter(|edge| {
                edge.from == "activity:minio-marketing" || edge.to == "activity:minio-marketing"
            })
            .collect();
        assert!(own.len() > 3, "marketing has flows: {own:#?}");
        for edge in &own {
            assert!(alone.edges.contains(edge), "{edge:?} is missing");
        }
        for edge in &alone.edges {
            assert!(
                whole.edges.contains(edge),
                "{edge:?} is not in the whole map"
            );
        }
        assert!(alone.edges.len() < whole.edges.len());
        let marketing = graph.activities.by_key("minio-marketing").unwrap();
        assert!(
            map::dot(&alone).contains(&format!(
                "Data flows of {} (MinIO, Inc.) as of 2026-12-01",
                marketing.name
            )),
            "the title names the activity"
        );

        let unknown = map::build(&graph, "minio", Some("nothing"), date("2026-12-01")).unwrap_err();
        assert!(
            matches!(&unknown, ropa::Error::NotFound { key, .. } if key == "nothing"),
            "{unknown:?}"
        );
        // Another organisation's activity is not found under this one.
        let elsewhere = graph
            .activities
            .all()
            .iter()
            .find(|activity| activity.key.starts_with("cloudinary-"))
            .unwrap();
        let err =
            map::build(&graph, "minio", Some(&elsewhere.key), date("2026-12-01")).unwrap_err();
        assert_eq!(err.code(), "NOT_FOUND");
    })
    .await;
}

#[tokio::test]
async fn an_unknown_organisation_is_not_found() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        let err = map::build(&graph, "nobody", None, date("2026-12-01")).unwrap_err();
        assert!(
            matches!(&err, ropa::Error::NotFound { key, .. } if key == "nobody"),
            "{err:?}"
        );
        assert_eq!(err.code(), "NOT_FOUND");
    })
    .await;
}

#[test]
fn map_command_writes_dot_and_svg() {
    let dir = std::env::temp_dir().join(format!("ropa-cli-{}-map", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("ropa.db").display());
    let run = |args: &[&str]| {
        Command::new(ROPA)
            .args(args)
            .env("DATABASE_URL", &url)
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    };
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let applied = run(&[
        "apply",
        &format!("{seeds}/catalog.toml"),
        &format!("{seeds}/cloudinary.toml"),
    ]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );

    let dot = run(&[
        "map",
        "--org",
        "cloudinary",
        "--format",
        "dot",
        "--as-of",
        "2026-12-01",
    ]);
    assert!(
        dot.status.success(),
        "{}",
        String::from_utf8_lossy(&dot.stderr)
    );
    let text = String::from_utf8_lossy(&dot.stdout);
    assert!(text.starts_with("digraph \"map:cloudinary\" {"), "{text}");
    assert!(text.contains("rankdir=LR"));
    assert!(
        text.contains("not valid on 2026-12-01: relies on the EU-US Privacy Shield, invalid since")
    );

    let alone = run(&[
        "map",
        "--org",
        "cloudinary",
        "--activity",
        "cloudinary-account-registration",
        "--format",
        "dot",
    ]);
    assert!(
        alone.status.success(),
        "{}",
        String::from_utf8_lossy(&alone.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&alone.stdout)
            .matches("\"activity:")
            .count(),
        String::from_utf8_lossy(&alone.stdout)
            .matches("\"activity:cloudinary-account-registration\"")
            .count(),
        "only the one activity"
    );
    let missing = run(&["map", "--org", "cloudinary", "--activity", "nothing"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nothing"));

    let svg = run(&["map", "--org", "cloudinary", "--as-of", "2026-12-01"]);
    assert!(
        svg.status.success(),
        "{}",
        String::from_utf8_lossy(&svg.stderr)
    );
    let drawn = String::from_utf8_lossy(&svg.stdout);
    assert!(drawn.starts_with("<svg "), "svg is the default");

    let file = dir.join("map.svg");
    let written = run(&[
        "map",
        "--org",
        "cloudinary",
        "--as-of",
        "2026-12-01",
        "--format",
        "svg",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(written.status.success());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        drawn,
        "the same bytes in the file"
    );

    let unknown = run(&["map", "--org", "nobody"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("`nobody` not found"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
    let refused = run(&["map", "--org", "cloudinary", "--format", "png"]);
    assert_eq!(refused.status.code(), Some(2));
    std::fs::remove_dir_all(dir).unwrap();
}
