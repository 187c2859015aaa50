//! Random and damaged inventory files and Article 30 records: never a
//! panic, always a clear error that names a place in the file, and nothing
//! written. Bounded so the suite stays fast; `PROPTEST_CASES=10000` runs the properties longer.

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use ropa::Error;
use ropa::article30::import::{self, ImportOptions, ImportReport};
use ropa::article30::{Record, RecordKind, columns};
use ropa::domain::audit::Actor;
use ropa::graph::Inventory;
use ropa::inventory::{self, ApplyOptions, SourceText};

use crate::support::{TestApp, each_backend, seeds};

const CATALOG: &str = include_str!("../../seeds/catalog.toml");
const SEED: &str = include_str!("../../seeds/minio.toml");

/// Every table: what "nothing written" is checked against.
const TABLES: [&str; 24] = [
    "notice_version",
    "organization",
    "purpose",
    "data_category",
    "data_subject_category",
    "source",
    "recipient",
    "transfer",
    "retention_rule",
    "system",
    "security_measure",
    "processing_activity",
    "activity_controller",
    "activity_purpose",
    "activity_data_category",
    "activity_data_subject",
    "activity_recipient",
    "activity_transfer",
    "activity_retention",
    "data_category_retention",
    "activity_system",
    "activity_security_measure",
    "api_token",
    "audit_entry",
];

/// Rows per table and the versions of everything: any write changes it
/// (and any committed change adds audit entries).
async fn fingerprint(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        counts.push(app.count(table).await);
    }
    counts
}

fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Checks an apply's outcome: a success, or an error about the input that
/// names places inside the file; never an error of the database, which
/// would mean bad input got past the checks.
fn judge(text: &str, outcome: Result<(), Error>) -> Result<bool, TestCaseError> {
    match outcome {
        Ok(()) => Ok(true),
        Err(Error::InvalidInventory { problems }) => {
            prop_assert!(!problems.is_empty());
            let lines = text.lines().count().max(1) + 1;
            for problem in &problems {
                prop_assert!(!problem.message.trim().is_empty(), "{problem}");
                prop_assert!(
                    (1..=lines).contains(&problem.line) && problem.column >= 1,
                    "{problem} is outside the file"
                );
            }
            Ok(false)
        }
        Err(Error::Db(err)) => Err(TestCaseError::fail(format!(
            "bad input reached the database: {err}"
        ))),
        Err(other) => {
            prop_assert!(!other.to_string().is_empty());
            Ok(false)
        }
    }
}

/// One way to damage a line of an inventory file.
#[derive(Debug, Clone)]
enum Damage {
    DeleteLines(usize, usize),
    DuplicateLine(usize),
    ReplaceValue(usize, String),
    Insert(usize, String),
}

fn odd_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\"\"".to_owned()),
        Just("-1".to_owned()),
        Just("2147483648".to_owned()),
        Just("true".to_owned()),
        Just("[1, \"two\", [3]]".to_owned()),
        Just("{ a = 1 }".to_owned()),
        Just("1979-05-27T07:32:00Z".to_owned()),
        Just("\"XX\"".to_owned()),
        Just("\"P-1Y\"".to_owned()),
        Just("\"not a key\"".to_owned()),
        Just("\"controller_to_everyone\"".to_owned()),
        Just(format!("\"{}\"", "x".repeat(5000))),
        Just("\"\\u0000\"".to_owned()),
        "\"[^\"\\\\]{0,40}\"",
        "[a-z_]{1,12}",
    ]
}

fn damage(text: &str) -> impl Strategy<Value = Vec<Damage>> + use<> {
    let lines = text.lines().count();
    let one = prop_oneof![
        (0..lines, 1..4usize).prop_map(|(at, n)| Damage::DeleteLines(at, n)),
        (0..lines).prop_map(Damage::DuplicateLine),
        (0..lines, odd_value()).prop_map(|(at, value)| Damage::ReplaceValue(at, value)),
        (0..lines, "[\\[\\]{}=\",.#\n a-z0-9\u{1F4A5}]{1,12}")
            .prop_map(|(at, text)| Damage::Insert(at, text)),
    ];
    prop::collection::vec(one, 1..4)
}

fn apply_damage(text: &str, damages: &[Damage]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for damage in damages {
        if lines.is_empty() {
            break;
        }
        match damage {
            Damage::DeleteLines(at, n) => {
                let at = at % lines.len();
                let end = (at + n).min(lines.len());
                lines.drain(at..end);
            }
            Damage::DuplicateLine(at) => {
                let at = at % lines.len();
                let line = lines[at].clone();
                lines.insert(at, line);
            }
            Damage::ReplaceValue(at, value) => {
                let at = at % lines.len();
                if let Some((field, _)) = lines[at].split_once('=') {
                    lines[at] = format!("{field}= {value}");
                }
            }
            Damage::Insert(at, text) => {
                let at = at % lines.len();
                let line = &mut lines[at];
                let cut = line
                    .char_indices()
                    .map(|(index, _)| index)
                    .nth(line.chars().count() / 2)
                    .unwrap_or(0);
                line.insert_str(cut, text);
            }
        }
    }
    lines.join("\n")
}

#[test]
fn any_text_parses_or_names_a_line() {
    let mut runner = TestRunner::new(cases(2000));
    let text = prop_oneof![
        any::<String>(),
        "[\\[\\]{}=\",.#\n a-z_0-9]{0,200}",
        "(\\[\\[?[a-z_]{1,16}\\]\\]?\n([a-z_]{1,12} = (\"[a-z ]{0,8}\"|[0-9]{1,3}|true|\\[\\])\n){0,4}){0,4}",
    ];
    runner
        .run(&text, |text| {
            let source = SourceText::new("random.toml", text.clone());
            let outcome = source
                .parse()
                .map(|_| ())
                .map_err(|problem| Error::InvalidInventory {
                    problems: vec![problem],
                });
            judge(&text, outcome).map(|_| ())
        })
        .unwrap();
}

/// Feeds each text `strategy` makes to `attempt`, which says whether the
/// text was taken (or fails the case); a refused text must leave the
/// database as it was. Returns how many were taken and how many refused.
fn each_text<S, F, Fut>(
    app: &TestApp,
    strategy: S,
    config: Config,
    text_of: impl Fn(S::Value) -> String,
    attempt: F,
) -> (usize, usize)
where
    S: Strategy,
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<bool, TestCaseError>>,
{
    let handle = tokio::runtime::Handle::current();
    let (taken, refused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let mut runner = TestRunner::new(config);
    tokio::task::block_in_place(|| {
        runner
            .run(&strategy, |value| {
                let text = text_of(value);
                handle.block_on(async {
                    let before = fingerprint(app).await;
                    if attempt(text).await? {
                        taken.fetch_add(1, Ordering::Relaxed);
                    } else {
                        refused.fetch_add(1, Ordering::Relaxed);
                        prop_assert_eq!(fingerprint(app).await, before, "a refused text wrote");
                    }
                    Ok(())
                })
            })
            .unwrap();
    });
    (taken.into_inner(), refused.into_inner())
}

/// Applies each text `strategy` makes as an inventory file.
fn apply_each<S: Strategy>(
    app: &TestApp,
    strategy: S,
    config: Config,
    text_of: impl Fn(S::Value) -> String,
) -> (usize, usize) {
    each_text(app, strategy, config, text_of, |text| async move {
        let sources = [SourceText::new("random.toml", text.clone())];
        let outcome = inventory::apply(&app.db, &Actor::cli(), &sources, ApplyOptions::default())
            .await
            .map(|_| ());
        judge(&text, outcome)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_inventory_applies_whole_or_writes_nothing() {
    each_backend(|app| async move {
        let catalog = [SourceText::new("catalog.toml", CATALOG)];
        inventory::apply(&app.db, &Actor::cli(), &catalog, ApplyOptions::default())
            .await
            .unwrap();
        let (applied, refused) = apply_each(&app, damage(SEED), cases(96), |damages| {
            apply_damage(SEED, &damages)
        });
        eprintln!(
            "{:?}: damaged seeds: {applied} applied, {refused} refused",
            app.backend
        );
        assert!(refused > 0);
    })
    .await;
}

/// A random entry: a section of the format, with fields of the format and
/// made-up ones, holding values of any type.
fn random_document() -> impl Strategy<Value = String> {
    let section = prop::sample::select(vec![
        "[organization]",
        "[[organizations]]",
        "[[purposes]]",
        "[[retention_rules]]",
        "[[data_categories]]",
        "[[data_subjects]]",
        "[[sources]]",
        "[[recipients]]",
        "[[transfers]]",
        "[[systems]]",
        "[[security_measures]]",
        "[[activities]]",
    ]);
    let field = prop::sample::select(vec![
        "key",
        "key",
        "name",
        "name",
        "description",
        "country",
        "email",
        "parent",
        "kind",
        "period",
        "sensitivity",
        "mechanism",
        "scc_module",
        "recipient",
        "role",
        "purposes",
        "data_categories",
        "retention_rules",
        "employee_count",
        "contract_date",
        "named",
        "dpo_email",
        "website",
        "vendor",
        "hosting_country",
        "unknown_field",
    ]);
    let value = prop_oneof![
        "\"[a-z][a-z0-9-]{0,12}\"".prop_map(|text| text),
        odd_value(),
        Just("\"acme\"".to_owned()),
        Just("\"marketing-communications\"".to_owned()),
        Just("[{ purpose = \"analytics\", lawful_basis = \"consent\" }]".to_owned()),
        Just("[{ data_category = \"email-address\", source = \"nowhere\" }]".to_owned()),
        Just("\"standard_contractual_clauses\"".to_owned()),
        Just("\"processor\"".to_owned()),
    ];
    // Mostly well-formed entries (a key and a name, few other fields), so
    // that many get as far as the database.
    let entry = (
        section,
        "[a-z][a-z0-9-]{0,10}",
        "[A-Za-z ]{1,20}",
        prop::collection::vec((field, value), 0..3),
    )
        .prop_map(|(section, key, name, fields)| {
            let mut text = format!("{section}\nkey = \"{key}\"\nname = \"{name}\"\n");
            for (field, value) in fields {
                text.push_str(&format!("{field} = {value}\n"));
            }
            text
        });
    prop::collection::vec(entry, 1..4).prop_map(|entries| entries.join("\n"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_random_document_applies_whole_or_writes_nothing() {
    each_backend(|app| async move {
        let (applied, refused) = apply_each(&app, random_document(), cases(256), |text| text);
        eprintln!(
            "{:?}: random documents: {applied} applied, {refused} refused",
            app.backend
        );
        assert!(refused > 0);
    })
    .await;
}

/// Checks an import's outcome like [`judge`]: a success, or problems that
/// name rows inside the file; never an error of the database.
fn judge_import(text: &str, outcome: &Result<ImportReport, Error>) -> Result<bool, TestCaseError> {
    match outcome {
        Ok(_) => Ok(true),
        Err(Error::InvalidRecord { problems }) => {
            prop_assert!(!problems.is_empty());
            // A quoted cell may hold line breaks, so rows are at most lines;
            // CSV ends a record at a lone carriage return too.
            let rows = text.split(['\r', '\n']).count() + 1;
            for problem in problems {
                prop_assert!(!problem.message.trim().is_empty(), "{problem}");
                prop_assert!(
                    (1..=rows).contains(&problem.row),
                    "{problem} is outside the file"
                );
            }
            Ok(false)
        }
        Err(Error::Db(err)) => Err(TestCaseError::fail(format!(
            "bad input reached the database: {err}"
        ))),
        Err(Error::InvalidInventory { problems }) => Err(TestCaseError::fail(format!(
            "the import passed on rows it should have refused: {}",
            problems[0]
        ))),
        Err(other) => {
            prop_assert!(!other.to_string().is_empty());
            Ok(false)
        }
    }
}

/// Imports each text `strategy` makes as the record of `organization`.
fn import_each<S: Strategy>(
    app: &TestApp,
    organization: &str,
    strategy: S,
    config: Config,
    text_of: impl Fn(S::Value) -> String,
) -> (usize, usize) {
    each_text(app, strategy, config, text_of, |text| async move {
        let outcome = import::import(
            &app.db,
            &Actor::cli(),
            "random.csv",
            text.as_bytes(),
            organization,
            ImportOptions::default(),
        )
        .await;
        judge_import(&text, &outcome)
    })
}

/// A cell: mostly what a record holds, in its own notation; sometimes what
/// breaks the notation or the rules.
fn odd_cell() -> impl Strategy<Value = String> {
    let fine = prop_oneof![
        Just(String::new()),
        Just("Billing".to_owned()),
        Just("Billing; Support".to_owned()),
        Just("Billing: Art. 6(1)(b) contract".to_owned()),
        Just("Art. 6(1)(f) legitimate interests".to_owned()),
        Just("AWS (kind: processor, country: US)".to_owned()),
        Just("Vendor (processor)".to_owned()),
        Just("Email address: Form (kind: the data subject)".to_owned()),
        Just("yes: scoring".to_owned()),
        Just("=1+1".to_owned()),
        Just("'=1+1".to_owned()),
        "[A-Za-z ]{1,20}",
    ];
    let odd = prop_oneof![
        Just("AWS (kind: nobody, country: Atlantis)".to_owned()),
        Just("To the US (to: US, mechanism: no safeguard, contract date: 2019-02-30)".to_owned()),
        Just("Rule (period: 7 fortnights, then: shred)".to_owned()),
        Just("maybe".to_owned()),
        Just("\\;\\\\; ;".to_owned()),
        Just("Not A Key!".to_owned()),
        Just("x".repeat(400)),
        Just("\u{0}\u{7}".to_owned()),
        Just("https://example.com/a b".to_owned()),
        "[A-Za-z ():;,\\\\'=-]{0,30}",
    ];
    prop_oneof![6 => fine, 1 => odd]
}

/// A random table under a header of the record's columns (and others).
fn random_record() -> impl Strategy<Value = String> {
    let header = prop::sample::select(
        columns::CONTROLLER
            .iter()
            .chain(columns::PROCESSOR)
            .map(|column| column.header)
            .chain(["Favourite colour", "", "reference"])
            .collect::<Vec<_>>(),
    );
    // Rows name their activity (mostly), under headers that may repeat.
    (prop::collection::vec(header, 1..7), 1..5usize)
        .prop_flat_map(|(mut headers, rows)| {
            headers.insert(0, "Processing activity");
            let width = headers.len();
            let row = (
                prop_oneof![4 => "[A-Z][a-z]{2,12}", 1 => odd_cell()],
                prop::collection::vec(odd_cell(), width - 1),
            );
            (Just(headers), prop::collection::vec(row, rows))
        })
        .prop_map(|(headers, rows)| {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(&headers).unwrap();
            for (name, cells) in rows {
                writer
                    .write_record(std::iter::once(name).chain(cells))
                    .unwrap();
            }
            String::from_utf8(writer.into_inner().unwrap()).unwrap()
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_random_record_imports_whole_or_writes_nothing() {
    each_backend(|app| async move {
        let (imported, refused) =
            import_each(&app, "fuzz", random_record(), cases(64), |text| text);
        eprintln!(
            "{:?}: random records: {imported} imported, {refused} refused",
            app.backend
        );
        assert!(
            imported > 0 && refused > 0,
            "{imported} imported, {refused} refused"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_record_imports_whole_or_writes_nothing() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let graph = Inventory::load(&app.db).await.unwrap();
        let record = Record::new(&graph, "minio", RecordKind::Controller).unwrap();
        let exported = ropa::article30::csv::to_string(&record, Default::default()).unwrap();
        let (imported, refused) =
            import_each(&app, "minio", damage(&exported), cases(48), |damages| {
                apply_csv_damage(&exported, &damages)
            });
        eprintln!(
            "{:?}: damaged records: {imported} imported, {refused} refused",
            app.backend
        );
        assert!(refused > 0);
    })
    .await;
}

/// Damage made for CSV: the same cuts as for TOML, with cells for values.
fn apply_csv_damage(text: &str, damages: &[Damage]) -> String {
    let cells: Vec<Damage> = damages
        .iter()
        .map(|damage| match damage {
            // A "value" in CSV is a cell: replace the line's third one.
            Damage::ReplaceValue(at, value) => Damage::Insert(*at, format!(",{value},")),
            other => other.clone(),
        })
        .collect();
    apply_damage(text, &cells)
}
