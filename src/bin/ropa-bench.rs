//! The benchmark: generates synthetic inventories and measures what the
//! engine does with them. Not part of the test suite; `BENCHMARKS.md`
//! says how each figure is taken.
//!
//! ```text
//! cargo run --release --bin ropa-bench -- generate --size large --out large/
//! ropa apply large/*.toml
//! cargo run --release --bin ropa-bench -- run --size large
//! ```

#![recursion_limit = "256"]

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use ropa::article30::csv::CsvOptions;
use ropa::article30::{Record, RecordKind};
use ropa::bench::{self, Size};
use ropa::config::DatabaseArgs;
use ropa::graph::Inventory;
use ropa::notice::{self, Format, Jurisdiction, Templates};

/// The engine allocates many small values (a graph's rows, a record's
/// cells) on several threads; mimalloc renders a large record about twice
/// as fast as the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "ropa-bench",
    about = "Synthetic inventories and the figures of the benchmark"
)]
struct Cli {
    #[command(subcommand)]
    command: Action,
}

#[derive(Subcommand)]
enum Action {
    /// Write the inventory file of a synthetic organisation (`bench-SIZE`).
    Generate {
        /// small (100 activities), medium (1,000) or large (10,000).
        #[arg(long, default_value = "small")]
        size: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Throughput of the GraphQL server under concurrent clients (with
    /// `wrk`): one or more `ropa serve` processes on the database, the
    /// clients spread across them.
    Load {
        #[command(flatten)]
        target: Target,
        /// How many servers share the database.
        #[arg(long, default_value_t = 1)]
        servers: usize,
        /// Concurrent connections in all.
        #[arg(long, default_value_t = 16)]
        connections: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Measure, on a database where the inventory of `size` is applied.
    Run {
        #[command(flatten)]
        target: Target,
        /// How many times each figure is taken (the median is shown).
        #[arg(long, default_value_t = 5)]
        repeat: usize,
    },
}

/// Which inventory, in which database.
#[derive(clap::Args)]
struct Target {
    /// small (100 activities), medium (1,000) or large (10,000).
    #[arg(long, default_value = "small")]
    size: String,
    #[command(flatten)]
    database: DatabaseArgs,
}

fn size(name: &str) -> anyhow::Result<Size> {
    Size::parse(name).with_context(|| format!("'{name}' is not a size: small, medium or large"))
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        Action::Generate { size: name, out } => {
            let size = size(&name)?;
            std::fs::create_dir_all(&out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            let document = bench::generate(size);
            let path = out.join(format!("{}.toml", size.organization()));
            let text = toml::to_string(&document)?;
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            println!(
                "{}: {} activities, {} link rows",
                path.display(),
                document.activities.len(),
                bench::link_rows(&document)
            );
        }
        Action::Run { target, repeat } => {
            run(size(&target.size)?, &target.database.url, repeat.max(1)).await?
        }
        Action::Load {
            target,
            servers,
            connections,
            seconds,
        } => load(
            size(&target.size)?,
            &target.database.url,
            servers.max(1),
            connections.max(servers),
            seconds,
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn run(size: Size, database: &str, repeat: usize) -> anyhow::Result<()> {
    let organization = size.organization();
    let db = ropa::db::open(database).await?;
    let graph = Inventory::load_current(&db).await?;
    if graph.organizations.by_key(&organization).is_none() {
        bail!("`{organization}` is not in {database}: generate it and `ropa apply` it first");
    }
    println!(
        "| figure ({}, {} activities) | median | runs |",
        size.name, size.activities
    );
    println!("| --- | --- | --- |");
    let load = median(repeat, || async {
        Inventory::load_current(&db).await.map(|_| ())
    })
    .await?;
    row("load the graph (21 queries)", load, repeat);
    let export = median(repeat, || async {
        let record = Record::new(&graph, &organization, RecordKind::Controller)?;
        ropa::article30::csv::write(&record, std::io::sink(), CsvOptions::default())
    })
    .await?;
    row("Article 30 CSV, rendering only", export, repeat);
    let render = median(repeat, || async {
        let model = notice::notice(&graph, &organization, &[Jurisdiction::Gdpr])?;
        notice::render(&model, Format::Html, &Templates::default()).map(|_| ())
    })
    .await?;
    row("notice HTML, rendering only", render, repeat);
    let today = chrono::Utc::now().date_naive();
    let lint = median(repeat, || async {
        ropa::lint::lint(&graph, Some(&organization), today).map(|_| ())
    })
    .await?;
    row("lint, rules only", lint, repeat);
    let (query, statements) = nested_query(database, repeat).await?;
    println!(
        "| nested GraphQL query, first 1,000 activities with data categories, recipients, transfers, retention | {} | {repeat} ({statements} SQL statements) |",
        millis(query)
    );
    // The export and the floor take turns, so that both see the machine
    // in the same state.
    let (mut wholes, mut floors, mut peak) = (Vec::new(), Vec::new(), 0);
    let mut floor_error = None;
    for _ in 0..repeat {
        let (whole, run_peak) = process(&[
            "export",
            "article30",
            "--org",
            &organization,
            "--database",
            database,
        ])?;
        wholes.push(whole);
        peak = peak.max(run_peak);
        match floor(database, &organization) {
            Ok(floor) => floors.push(floor),
            Err(err) => floor_error = Some(err),
        }
    }
    let whole = median_of(wholes);
    println!(
        "| `ropa export article30` whole process | {} | {repeat} (peak memory {} MB) |",
        millis(whole),
        peak / 1024
    );
    match floor_error {
        None => {
            let floor = median_of(floors);
            println!(
                "| floor: the database alone writing the joined rows as CSV | {} | {repeat} (export / floor = {:.1}) |",
                millis(floor),
                whole.as_secs_f64() / floor.as_secs_f64()
            );
        }
        Some(err) => println!("| floor | not measured: {err:#} | |"),
    }
    Ok(())
}

/// The columns of the record, joined by the database alone: every link of
/// every activity named, as the CSV names it.
fn floor_query(aggregate: &str, organization: &str) -> String {
    let list = |expression: &str, from: &str| {
        format!("(SELECT {aggregate}({expression}, '; ') FROM {from})")
    };
    let columns = [
        list(
            "p.name",
            "activity_purpose l JOIN purpose p ON p.id = l.purpose_id WHERE l.activity_id = a.id",
        ),
        list(
            "p.name || ': ' || l.lawful_basis",
            "activity_purpose l JOIN purpose p ON p.id = l.purpose_id WHERE l.activity_id = a.id AND l.lawful_basis IS NOT NULL",
        ),
        list(
            "d.name",
            "activity_data_category l JOIN data_category d ON d.id = l.data_category_id WHERE l.activity_id = a.id",
        ),
        list(
            "d.name || ': ' || s.name || ' (' || s.kind || ')'",
            "activity_data_category l JOIN data_category d ON d.id = l.data_category_id JOIN source s ON s.id = l.source_id WHERE l.activity_id = a.id",
        ),
        list(
            "x.name",
            "activity_data_subject l JOIN data_subject_category x ON x.id = l.data_subject_category_id WHERE l.activity_id = a.id",
        ),
        list(
            "r.name || ' (' || r.kind || ', ' || coalesce(r.country, '') || ')'",
            "activity_recipient l JOIN recipient r ON r.id = l.recipient_id WHERE l.activity_id = a.id",
        ),
        list(
            "t.name || ' (' || coalesce(t.country, '') || ', ' || coalesce(t.mechanism, '') || ')'",
            "activity_transfer l JOIN transfer t ON t.id = l.transfer_id WHERE l.activity_id = a.id",
        ),
        list(
            "rr.name || ' (' || coalesce(rr.period, '') || ')'",
            "activity_retention l JOIN retention_rule rr ON rr.id = l.retention_rule_id WHERE l.activity_id = a.id",
        ),
        list(
            "y.name || ' (' || coalesce(y.hosting_country, '') || ')'",
            "activity_system l JOIN \"system\" y ON y.id = l.system_id WHERE l.activity_id = a.id",
        ),
        list(
            "m.name || ' (' || m.kind || ')'",
            "activity_security_measure l JOIN security_measure m ON m.id = l.security_measure_id WHERE l.activity_id = a.id",
        ),
    ];
    format!(
        "SELECT a.key, a.name, a.description, a.status, a.business_function, {} FROM processing_activity a JOIN organization o ON o.id = a.organization_id WHERE o.key = '{organization}' ORDER BY a.key",
        columns.join(", ")
    )
}

/// How long the database's own shell takes to write the joined rows as
/// CSV: `sqlite3 -csv` for a SQLite file, `psql` with `COPY ... TO STDOUT`.
fn floor(database: &str, organization: &str) -> anyhow::Result<Duration> {
    let mut command = if let Some(rest) = database.strip_prefix("sqlite://") {
        let path = rest.split('?').next().unwrap_or(rest);
        let mut command = Command::new("sqlite3");
        command.args(["-csv", path, &floor_query("group_concat", organization)]);
        command
    } else {
        let mut command = Command::new("psql");
        command.args([
            database,
            "-c",
            &format!(
                "COPY ({}) TO STDOUT WITH CSV",
                floor_query("string_agg", organization)
            ),
        ]);
        command
    };
    let started = Instant::now();
    let output = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .context("the database's shell (sqlite3 or psql) is not installed")?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        bail!("{}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(elapsed)
}

/// The nested list query of the issue, run through the schema as an
/// admin would send it (without HTTP): its median time and how many SQL
/// statements one run costs.
async fn nested_query(database: &str, repeat: usize) -> anyhow::Result<(Duration, usize)> {
    const NESTED: &str = "{ processingActivities(first: 1000) { nodes { key dataCategories { dataCategory { key } source { kind } } recipients { key country } transfers { country mechanism } retentionRules { period } } } }";
    let mut db = ropa::db::open(database).await?;
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    let schema = ropa::graphql::schema(db.clone(), ropa::graphql::Limits::default());
    let principal = || ropa::domain::token::Principal {
        name: "ropa-bench".to_owned(),
        role: ropa::domain::vocabulary::Role::Admin,
    };
    let mut counted = 0;
    let mut times = Vec::with_capacity(repeat);
    for _ in 0..repeat {
        let before = statements.load(Ordering::Relaxed);
        let started = Instant::now();
        let response = ropa::graphql::execute(
            &schema,
            async_graphql::Request::new(NESTED),
            &db,
            principal(),
        )
        .await;
        times.push(started.elapsed());
        if !response.errors.is_empty() {
            bail!("the nested query failed: {:?}", response.errors);
        }
        counted = statements.load(Ordering::Relaxed) - before;
    }
    times.sort();
    Ok((times[times.len() / 2], counted))
}

async fn median<F, Fut>(repeat: usize, mut step: F) -> anyhow::Result<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ropa::Result<()>>,
{
    let mut times = Vec::with_capacity(repeat);
    for _ in 0..repeat {
        let started = Instant::now();
        step().await?;
        times.push(started.elapsed());
    }
    Ok(median_of(times))
}

fn median_of(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn row(figure: &str, time: Duration, repeat: usize) {
    println!("| {figure} | {} | {repeat} |", millis(time));
}

fn millis(time: Duration) -> String {
    format!("{:.0} ms", time.as_secs_f64() * 1000.0)
}

/// A `ropa serve` started for the load test, stopped when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn load(
    size: Size,
    database: &str,
    servers: usize,
    connections: usize,
    seconds: u64,
) -> anyhow::Result<()> {
    let ropa = sibling("ropa")?;
    let name = format!("ropa-bench-{}", std::process::id());
    let created = Command::new(&ropa)
        .args([
            "token",
            "create",
            "--name",
            &name,
            "--role",
            "viewer",
            "--database",
            database,
        ])
        .output()?;
    if !created.status.success() {
        bail!(
            "cannot create a token: {}",
            String::from_utf8_lossy(&created.stderr)
        );
    }
    let token = String::from_utf8(created.stdout)?.trim().to_owned();
    // Ports nothing listens on: a server left over from an earlier run
    // (another database, another token) must not answer in place of ours.
    let ports: Vec<u16> = (0..servers)
        .map(|_| free_port())
        .collect::<anyhow::Result<_>>()?;
    let mut running = Vec::new();
    let mut logs = Vec::new();
    for port in &ports {
        let listen = format!("127.0.0.1:{port}");
        let log = std::env::temp_dir().join(format!("{name}-{port}.log"));
        running.push(Server(
            Command::new(&ropa)
                .args(["serve", "--listen", &listen, "--database", database])
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&log)?)
                .spawn()?,
        ));
        logs.push(log);
        wait_until_up(*port)?;
    }
    let activity = format!("{}-activity-00042", size.organization());
    let queries = [
        (
            "single activity",
            format!("{{ processingActivity(key: \"{activity}\") {{ key name purposes {{ lawfulBasis purpose {{ name }} }} recipients {{ name }} }} }}"),
        ),
        (
            "nested, first 1,000 activities",
            "{ processingActivities(first: 1000) { nodes { key dataCategories { dataCategory { key } source { kind } } recipients { key country } transfers { country mechanism } retentionRules { period } } } }".to_owned(),
        ),
    ];
    println!(
        "| query ({}, {servers} server(s), {connections} connections, {seconds} s) | requests/s | mean latency |",
        size.name
    );
    println!("| --- | --- | --- |");
    for (label, query) in queries {
        let script = std::env::temp_dir().join(format!("{name}.lua"));
        // The body as JSON, then as a Lua string in single quotes.
        let body = serde_json::json!({ "query": query })
            .to_string()
            .replace('\\', "\\\\")
            .replace('\'', "\\'");
        std::fs::write(
            &script,
            format!(
                "wrk.method = \"POST\"\nwrk.body = '{body}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.headers[\"Authorization\"] = \"Bearer {token}\"\n"
            ),
        )?;
        let clients: Vec<_> = ports
            .iter()
            .map(|port| {
                Command::new("wrk")
                    .args([
                        "-t1",
                        &format!("-c{}", connections / servers),
                        &format!("-d{seconds}s"),
                        "-s",
                        &script.display().to_string(),
                        &format!("http://127.0.0.1:{port}/graphql"),
                    ])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .context("`wrk` is not installed (Debian: apt-get install wrk)")
            })
            .collect::<anyhow::Result<_>>()?;
        let (mut total, mut latencies) = (0.0, Vec::new());
        for client in clients {
            let output = client.wait_with_output()?;
            let text = String::from_utf8_lossy(&output.stdout);
            if text.contains("Non-2xx") {
                let _ = std::fs::remove_file(&script);
                let said: Vec<String> = logs
                    .iter()
                    .map(|log| std::fs::read_to_string(log).unwrap_or_default())
                    .collect();
                bail!(
                    "the server refused requests:\n{text}\nthe servers' logs:\n{}",
                    said.join("\n")
                );
            }
            total += field(&text, "Requests/sec:")
                .and_then(|rate| rate.parse::<f64>().ok())
                .unwrap_or(0.0);
            latencies.extend(
                text.lines()
                    .find(|line| line.trim_start().starts_with("Latency"))
                    .and_then(|line| line.split_whitespace().nth(1))
                    .map(str::to_owned),
            );
        }
        std::fs::remove_file(&script)?;
        println!("| {label} | {total:.0} | {} |", latencies.join(" / "));
    }
    drop(running);
    for log in &logs {
        let _ = std::fs::remove_file(log);
    }
    let _ = Command::new(&ropa)
        .args(["token", "revoke", &name, "--database", database])
        .output();
    Ok(())
}

/// The value after `label` in wrk's report.
fn field<'t>(text: &'t str, label: &str) -> Option<&'t str> {
    text.lines()
        .find_map(|line| line.trim_start().strip_prefix(label))
        .map(str::trim)
}

/// A port free on loopback at this moment, as the system hands them out.
fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Waits (up to a minute: a server migrates first) for `/healthz` to answer.
fn wait_until_up(port: u16) -> anyhow::Result<()> {
    use std::io::{Read, Write};
    for _ in 0..600 {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let _ = stream.write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n");
            let mut reply = String::new();
            let _ = stream.read_to_string(&mut reply);
            if reply.starts_with("HTTP/1.0 200") || reply.starts_with("HTTP/1.1 200") {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("the server on port {port} did not come up")
}

/// The binary `name` beside this one.
fn sibling(name: &str) -> anyhow::Result<PathBuf> {
    std::env::current_exe()?
        .parent()
        .map(|dir| dir.join(name))
        .filter(|path| path.exists())
        .with_context(|| format!("no `{name}` binary beside ropa-bench: build both"))
}

/// Runs the `ropa` beside this binary, and returns how long it took and
/// its peak resident memory in KiB (the kernel's high-water mark, read
/// while it runs).
fn process(args: &[&str]) -> anyhow::Result<(Duration, u64)> {
    let ropa = sibling("ropa")?;
    let started = Instant::now();
    let mut child = Command::new(&ropa)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak = 0;
    loop {
        peak = peak.max(high_water_mark(&status_file).unwrap_or(0));
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                bail!("`ropa {}` failed", args.join(" "));
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Ok((started.elapsed(), peak))
}

fn high_water_mark(status: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(status).ok()?;
    let line = text.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
