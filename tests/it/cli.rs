//! The `ropa` binary as a user runs it.

use std::io::{BufRead, BufReader};

use migration::MigratorTrait;
use std::process::Command;

use crate::support::process::{ROPA, Server};

fn scratch_database(name: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("ropa-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("ropa.db").display());
    (dir, url)
}

/// Runs `ropa` on the database at `url`, with the default log level.
fn run_on(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(ROPA)
        .args(args)
        .env("DATABASE_URL", url)
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

#[test]
fn schema_prints_the_served_sdl() {
    let output = Command::new(ROPA).arg("schema").output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        ropa::graphql::sdl()
    );
}

#[test]
fn migrate_creates_the_database_and_reports_its_state() {
    let (dir, url) = scratch_database("migrate");
    let first = Command::new(ROPA)
        .args(["migrate", "--database", &url])
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let all = migration::Migrator::migrations().len();
    assert!(
        String::from_utf8_lossy(&first.stdout).contains(&format!("{all} migration(s) applied"))
    );
    let again = Command::new(ROPA)
        .args(["migrate"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 migration(s) applied"));
    let status = Command::new(ROPA)
        .args(["migrate", "--database", &url, "status"])
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&status.stdout);
    assert_eq!(listing.lines().count(), all);
    assert!(
        listing.lines().all(|line| line.starts_with("Applied")),
        "{listing}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unreachable_database_is_a_clear_error() {
    let output = Command::new(ROPA)
        .args([
            "migrate",
            "--database",
            "postgres://nobody:secret@127.0.0.1:1/none",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot open the database at postgres://nobody:***@127.0.0.1:1/none"),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"));
}

#[test]
fn serve_demo_answers_and_stops_cleanly_on_sigterm() {
    let (dir, url) = scratch_database("serve");
    let mut server = Server::start(&["--demo", "--database", &url]);
    // The admin token of an empty database is printed once, on stdout.
    let printed = BufReader::new(server.stdout())
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.trim()
                .strip_prefix("ropa_")
                .map(|rest| format!("ropa_{rest}"))
        })
        .expect("the demo prints its admin token");
    assert!(
        server
            .startup_log
            .iter()
            .all(|line| !line.contains(&printed)),
        "the token must never be logged"
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ask = |token: Option<&str>| {
        let mut request = reqwest::Client::new()
            .post(server.url("/graphql"))
            .json(&serde_json::json!({"query": "{ organizations(first: 1) { nodes { key } } }"}));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        runtime.block_on(async { request.send().await.unwrap() })
    };
    assert_eq!(ask(None).status(), reqwest::StatusCode::UNAUTHORIZED);
    let answer = ask(Some(&printed));
    let body: serde_json::Value = runtime.block_on(answer.json()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"data": {"organizations": {"nodes": [{"key": "cloudinary"}]}}})
    );
    assert!(
        server.terminate(),
        "the server should stop cleanly on SIGTERM"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn apply_reports_its_plan_and_is_idempotent() {
    let (dir, url) = scratch_database("apply");
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/catalog.toml");
    let org = dir.join("acme.toml");
    std::fs::write(
        &org,
        "[organization]\nkey = \"acme\"\nname = \"Acme\"\n\n[[activities]]\nkey = \"acme-web\"\nname = \"Website\"\ndata_categories = [{ data_category = \"ip-address\", source = \"automatic-collection\" }]\n",
    )
    .unwrap();
    let run = |args: &[&str]| run_on(&url, args);
    let org_path = org.to_str().unwrap();

    let planned = run(&["apply", "--dry-run", catalog, org_path]);
    assert!(
        planned.status.success(),
        "{}",
        String::from_utf8_lossy(&planned.stderr)
    );
    let plan = String::from_utf8_lossy(&planned.stdout);
    assert!(
        plan.contains("would create processing activity `acme-web`"),
        "{plan}"
    );
    assert!(
        plan.ends_with("dry run, nothing written: 94 created, 0 updated, 0 unchanged\n"),
        "{plan}"
    );

    let applied = run(&["apply", catalog, org_path]);
    let report = String::from_utf8_lossy(&applied.stdout);
    assert!(report.contains("created organization `acme`"), "{report}");
    assert!(
        report.ends_with("94 created, 0 updated, 0 unchanged\n"),
        "{report}"
    );
    let again = run(&["apply", catalog, org_path]);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "0 created, 0 updated, 94 unchanged\n"
    );

    let exported = run(&["export", "inventory", "--org", "acme"]);
    assert!(exported.status.success());
    let text = String::from_utf8_lossy(&exported.stdout);
    assert!(text.starts_with("# Inventory of Acme (`acme`)"), "{text}");
    let file = dir.join("export.toml");
    let written = run(&[
        "export",
        "inventory",
        "--org",
        "acme",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert!(written.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);

    // The apply is in the audit trail, under the user who ran it.
    let audited = run(&[
        "audit",
        "--entity",
        "processing_activity",
        "--key",
        "acme-web",
    ]);
    assert!(audited.status.success());
    let entries: Vec<serde_json::Value> = String::from_utf8_lossy(&audited.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let actions: Vec<&str> = entries
        .iter()
        .map(|entry| entry["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "link"]);
    assert!(entries[0]["actor"].as_str().unwrap().starts_with("cli:"));
    assert_eq!(entries[1]["after"]["data_category"], "ip-address");
    let refused = run(&["audit", "--entity", "activity"]);
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains(
            "'activity' is not a kind of entity; one of organization, processing_activity"
        ),
        "{message}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn apply_prints_one_line_per_problem_and_fails() {
    let (dir, url) = scratch_database("apply-problems");
    let org = dir.join("broken.toml");
    std::fs::write(
        &org,
        "[organization]\nkey = \"acme\"\nname = \"Acme\"\ncountry = \"UK\"\nemail = \"nobody\"\n",
    )
    .unwrap();
    let output = Command::new(ROPA)
        .args(["apply", "--database", &url, org.to_str().unwrap()])
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let file = org.display().to_string();
    assert_eq!(
        lines,
        [
            format!(
                "{file}:4:11: organization `acme`: country 'UK' is not an ISO 3166-1 alpha-2 code; did you mean 'GB'?"
            ),
            "error: 1 problem(s); nothing was written".to_owned(),
        ],
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn article30_records_go_out_and_come_back_in() {
    let (dir, url) = scratch_database("article30");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let run = run_on;
    let applied = run(
        &url,
        &[
            "apply",
            &format!("{seeds}/catalog.toml"),
            &format!("{seeds}/minio.toml"),
        ],
    );
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );

    let csv_file = dir.join("minio-article30.csv");
    let csv_path = csv_file.to_str().unwrap();
    let exported = run(
        &url,
        &["export", "article30", "--org", "minio", "-o", csv_path],
    );
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let csv = std::fs::read_to_string(&csv_file).unwrap();
    assert!(csv.starts_with("Reference,Processing activity,"), "{csv}");
    let to_stdout = run(&url, &["export", "article30", "--org", "minio"]);
    assert_eq!(String::from_utf8_lossy(&to_stdout.stdout), csv);
    let excel = run(&url, &["export", "article30", "--org", "minio", "--excel"]);
    assert!(excel.stdout.starts_with(b"\xEF\xBB\xBFReference,"));

    let json = run(
        &url,
        &["export", "article30", "--org", "minio", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["organization"]["name"], "MinIO, Inc.");
    let workbook = dir.join("minio.xlsx");
    let xlsx = run(
        &url,
        &[
            "export",
            "article30",
            "--org",
            "minio",
            "--format",
            "xlsx",
            "-o",
            workbook.to_str().unwrap(),
        ],
    );
    assert!(
        xlsx.status.success(),
        "{}",
        String::from_utf8_lossy(&xlsx.stderr)
    );
    assert!(std::fs::read(&workbook).unwrap().starts_with(b"PK"));
    let unknown = run(&url, &["export", "article30", "--org", "nobody"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("organization `nobody` not found"));

    // Into an empty database, and out again: the same bytes.
    let (other_dir, empty) = scratch_database("article30-empty");
    let dry = run(
        &empty,
        &[
            "import",
            "article30",
            "--org",
            "minio",
            "--dry-run",
            csv_path,
        ],
    );
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let plan = String::from_utf8_lossy(&dry.stdout);
    assert!(plan.contains("dry run, nothing written"), "{plan}");
    let imported = run(&empty, &["import", "article30", "--org", "minio", csv_path]);
    let report = String::from_utf8_lossy(&imported.stdout);
    assert!(
        report.ends_with(
            "controller record, 13 row(s) read, 0 skipped: 77 created, 0 updated, 0 unchanged\n"
        ),
        "{report}"
    );
    let again = run(&empty, &["export", "article30", "--org", "minio"]);
    assert_eq!(String::from_utf8_lossy(&again.stdout), csv);

    // A row that cannot be read: one line per problem, nothing written.
    let broken = dir.join("broken.csv");
    std::fs::write(
        &broken,
        "Processing activity,Purpose of processing,Article 6 lawful basis for processing personal data\nGood,Sales,\nBad,Sales,Because\n",
    )
    .unwrap();
    let refused = run(
        &empty,
        &[
            "import",
            "article30",
            "--org",
            "acme",
            broken.to_str().unwrap(),
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.starts_with(&format!(
            "{}: row 3, column C (Article 6 lawful basis for processing personal data): 'Because' is not an Art. 6(1) lawful basis",
            broken.display()
        )),
        "{message}"
    );
    assert!(
        message.contains("1 row problem(s); nothing was written"),
        "{message}"
    );
    let skipped = run(
        &empty,
        &[
            "import",
            "article30",
            "--org",
            "acme",
            "--skip-invalid",
            broken.to_str().unwrap(),
        ],
    );
    let report = String::from_utf8_lossy(&skipped.stdout);
    assert!(report.contains("skipped "), "{report}");
    assert!(report.contains("1 row(s) read, 1 skipped"), "{report}");
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(other_dir).unwrap();
}

#[test]
fn notice_is_written_with_its_gaps_on_stderr() {
    let (dir, url) = scratch_database("notice");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let run = |args: &[&str]| run_on(&url, args);
    let applied = run(&[
        "apply",
        &format!("{seeds}/catalog.toml"),
        &format!("{seeds}/mesosphere-website.toml"),
    ]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let notice = run(&[
        "notice",
        "--org",
        "mesosphere-website",
        "--format",
        "md",
        "--jurisdiction",
        "gdpr,ccpa",
    ]);
    assert!(
        notice.status.success(),
        "{}",
        String::from_utf8_lossy(&notice.stderr)
    );
    let text = String::from_utf8_lossy(&notice.stdout);
    assert!(
        text.starts_with("# Privacy notice of Mesosphere, Inc."),
        "{text}"
    );
    assert!(text.contains("## California residents"), "{text}");
    let gaps = String::from_utf8_lossy(&notice.stderr);
    assert!(
        gaps.contains("not stated (rights): no purpose states a lawful basis"),
        "the 2016 policy states no lawful basis: {gaps}"
    );
    let html = dir.join("notice.html");
    let written = run(&[
        "notice",
        "--org",
        "mesosphere-website",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(written.status.success());
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let refused = run(&["notice", "--org", "mesosphere-website", "--format", "pdf"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("'pdf' is not a notice format; use html, md, text or json")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn lint_fails_on_errors_and_explains_its_codes() {
    let (dir, url) = scratch_database("lint");
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let run = |args: &[&str]| run_on(&url, args);
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
    let lint = run(&["lint", "--as-of", "2026-12-01"]);
    assert_eq!(lint.status.code(), Some(1), "errors fail the run");
    let text = String::from_utf8_lossy(&lint.stdout);
    assert!(
        text.contains("error[ROPA-E011]: transfer `cloudinary-transfers-privacy-shield`"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("as of 2026-12-01"), "{text}");
    let json = run(&["lint", "--org", "cloudinary", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        findings
            .iter()
            .all(|finding| finding["organization"] == "cloudinary")
    );
    let explained = run(&["lint", "--explain", "ROPA-E011"]);
    assert!(explained.status.success());
    assert!(String::from_utf8_lossy(&explained.stdout).starts_with("ROPA-E011 (error): "));
    let unknown = run(&["lint", "--explain", "E999"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("'E999' is not a finding code"));

    // An organisation with warnings only passes, unless warnings are denied.
    let tidy = dir.join("tidy.toml");
    std::fs::write(
        &tidy,
        "[organization]\nkey = \"tidy\"\nname = \"Tidy\"\nemail = \"privacy@tidy.example\"\ncountry = \"DE\"\n\n[[activities]]\nkey = \"tidy-newsletter\"\nname = \"Newsletter\"\npurposes = [{ purpose = \"marketing-communications\", lawful_basis = \"consent\" }]\ndata_categories = [{ data_category = \"email-address\", source = \"the-data-subject\" }]\ndata_subjects = [\"customers\"]\n",
    )
    .unwrap();
    assert!(run(&["apply", tidy.to_str().unwrap()]).status.success());
    let passes = run(&["lint", "--org", "tidy"]);
    let report = String::from_utf8_lossy(&passes.stdout);
    assert!(passes.status.success(), "{report}");
    assert!(
        report.contains("0 error(s)") && report.contains("warning[ROPA-W020]"),
        "{report}"
    );
    let denied = run(&["lint", "--org", "tidy", "--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    std::fs::remove_dir_all(dir).unwrap();
}
