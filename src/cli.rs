//! The `ropa` command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};

use crate::article30::csv::CsvOptions;
use crate::article30::import::ImportOptions;
use crate::article30::{self, Record, RecordKind};
use crate::config::{DatabaseArgs, ServeConfig};
use crate::domain::audit::{self, Actor, AuditFilter};
use crate::domain::kind::EntityKind;
use crate::domain::token;
use crate::domain::vocabulary::Role;
use crate::error::Error;
use crate::graph::Inventory;
use crate::inventory::{self, Action, ApplyOptions, SourceText};
use crate::lint::{self, codes::Severity};
use crate::telemetry::LogFormat;
use crate::{db, graphql, http};

#[derive(Parser, Debug)]
#[command(
    name = "ropa",
    version,
    about = "Records of processing activities, privacy notices and compliance findings from one data inventory"
)]
pub struct Cli {
    /// Log line format.
    #[arg(long, global = true, env = "ROPA_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// What to log, in `RUST_LOG` syntax (for example `info,ropa=debug`);
    /// by default `info` for the server and warnings only for other commands.
    #[arg(long = "log", global = true, env = "RUST_LOG")]
    pub log_filter: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the GraphQL server (migrating the database first).
    Serve(ServeConfig),
    /// Bring the database schema up to date, or show where it stands.
    Migrate {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(subcommand)]
        action: Option<MigrateAction>,
    },
    /// Print the GraphQL schema (SDL) the server serves.
    Schema,
    /// Apply inventory files: create what is missing, update what changed,
    /// in one transaction (a file with any problem changes nothing).
    Apply {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Report what would change, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also delete what the files' organisations own that the files no
        /// longer name.
        #[arg(long)]
        prune: bool,
        /// Inventory files (TOML), applied together.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Manage API tokens: clients send `Authorization: Bearer <token>`.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Print the audit trail, one JSON object per line in the order the
    /// changes were made: the newest `--limit` entries that match.
    Audit {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Changes to entities of this kind (`processing_activity`,
        /// `purpose`, …, or `api_token`).
        #[arg(long)]
        entity: Option<String>,
        /// Changes to the entity with this key.
        #[arg(long)]
        key: Option<String>,
        /// Changes by this actor (`token:privacy-desk`, `cli:alice`).
        #[arg(long)]
        actor: Option<String>,
        /// Changes made at or after this time (RFC 3339, such as
        /// `2026-11-01T00:00:00Z`).
        #[arg(long)]
        since: Option<chrono::DateTime<chrono::Utc>>,
        /// How many entries at most.
        #[arg(long, default_value_t = 1000)]
        limit: u64,
    },
    /// Write part of the graph out.
    Export {
        #[command(subcommand)]
        what: Export,
    },
    /// Write an organisation's privacy notice (GDPR Arts. 13-14, and the
    /// California section on request) from the graph.
    Notice {
        /// Key of the organisation.
        #[arg(long)]
        org: String,
        /// html, md, text or json.
        #[arg(long, default_value = "html", value_parser = parse_format)]
        format: crate::notice::Format,
        /// The laws to write for, comma separated: gdpr, ccpa.
        #[arg(long, value_delimiter = ',', default_value = "gdpr", value_parser = parse_jurisdiction)]
        jurisdiction: Vec<crate::notice::Jurisdiction>,
        /// A directory whose notice.html, notice.md or notice.txt replace
        /// the built-in templates.
        #[arg(long)]
        templates: Option<PathBuf>,
        #[command(flatten)]
        database: DatabaseArgs,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Report what the law requires that the graph lacks: a finding per
    /// problem, with its code, the entity, the article and a fix. Exits 1
    /// when there is an error (or a warning, with --deny warnings).
    Lint {
        /// Only this organisation (default: every one with activities).
        #[arg(long)]
        org: Option<String>,
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
        /// Fail on warnings too, as CI should.
        #[arg(long, value_enum)]
        deny: Option<DenyArg>,
        /// Check as of this date (default: today), to see what an old
        /// inventory lacked at the time.
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        /// Explain a code (`ROPA-E010`) and stop.
        #[arg(long)]
        explain: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Draw an organisation's data-flow map: sources -> processing
    /// activities -> recipients -> countries, with transfers coloured by
    /// their mechanism and those it does not cover marked (red, dashed).
    Map {
        /// Key of the organisation.
        #[arg(long)]
        org: String,
        /// Draw only this processing activity's flows (its key).
        #[arg(long)]
        activity: Option<String>,
        #[arg(long, value_enum, default_value_t = MapFormat::Svg)]
        format: MapFormat,
        /// Judge transfers as of this date (default: today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        #[command(flatten)]
        database: DatabaseArgs,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Read a record into the graph.
    Import {
        #[command(subcommand)]
        what: Import,
    },
}

#[derive(Subcommand, Debug)]
pub enum Import {
    /// An Article 30 record as CSV: ours, or a spreadsheet in the UK ICO
    /// template's layout saved as CSV. Creates or updates each row's
    /// processing activity and the entries it names, in one transaction; a
    /// row that cannot be read stops the import unless --skip-invalid.
    Article30 {
        /// Key of the organisation the activities belong to (created if
        /// missing).
        #[arg(long)]
        org: String,
        /// Which record the file is; by default, told from its headers.
        #[arg(long, value_enum)]
        role: Option<RecordArg>,
        /// Import the rows that can be read, and list the others.
        #[arg(long)]
        skip_invalid: bool,
        /// Report what would change, and write nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        database: DatabaseArgs,
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenAction {
    /// Create a token and print it, once: only its hash is stored.
    Create {
        /// A name for the token, such as who or what uses it.
        #[arg(long)]
        name: String,
        /// `viewer` reads and exports, `editor` also changes the inventory,
        /// `admin` also manages tokens.
        #[arg(long, value_enum)]
        role: RoleArg,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List tokens: name, role, when created, and when revoked.
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revoke a token: it stops working at once.
    Revoke {
        /// The token's name.
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum RoleArg {
    Viewer,
    Editor,
    Admin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Editor => Role::Editor,
            RoleArg::Admin => Role::Admin,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Export {
    /// An organisation's inventory file, for `ropa apply`.
    Inventory {
        /// Key of the organisation.
        #[arg(long)]
        org: String,
        #[command(flatten)]
        database: DatabaseArgs,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// An organisation's GDPR Article 30 record of processing activities:
    /// the controller record (Art. 30(1)) or the processor record
    /// (Art. 30(2)), in the UK ICO template's columns.
    Article30 {
        /// Key of the organisation.
        #[arg(long)]
        org: String,
        /// Which record: what the organisation controls, or what it
        /// processes on behalf of others. An XLSX workbook holds both.
        #[arg(long, value_enum, default_value_t = RecordArg::Controller)]
        role: RecordArg,
        #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
        format: FormatArg,
        /// CSV for spreadsheet programs: a byte order mark and CRLF line ends.
        #[arg(long)]
        excel: bool,
        #[command(flatten)]
        database: DatabaseArgs,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum RecordArg {
    Controller,
    Processor,
}

impl From<RecordArg> for RecordKind {
    fn from(record: RecordArg) -> Self {
        match record {
            RecordArg::Controller => RecordKind::Controller,
            RecordArg::Processor => RecordKind::Processor,
        }
    }
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum LintFormat {
    Text,
    Json,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum MapFormat {
    /// SVG, laid out here (no Graphviz needed).
    Svg,
    /// Graphviz DOT, for `dot -Tpng` and other tools.
    Dot,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum DenyArg {
    Warnings,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum FormatArg {
    Csv,
    Xlsx,
    Json,
}

#[derive(Subcommand, Debug, Clone, Copy)]
pub enum MigrateAction {
    /// Apply every pending migration (the default).
    Up,
    /// List migrations and whether each is applied.
    Status,
    /// Roll back the last `steps` migrations.
    Down {
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
}

impl Cli {
    /// The log filter in force: the one asked for, or the command's default.
    pub fn log_filter(&self) -> &str {
        match (&self.log_filter, &self.command) {
            (Some(filter), _) => filter,
            (None, Command::Serve(_)) => "info,sea_orm_migration=warn",
            (None, _) => "warn",
        }
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(config) => {
            http::serve(config).await?;
        }
        Command::Migrate { database, action } => {
            migrate(&database, action.unwrap_or(MigrateAction::Up)).await?;
        }
        Command::Schema => print!("{}", graphql::sdl()),
        Command::Apply {
            database,
            dry_run,
            prune,
            files,
        } => apply(&database, &files, ApplyOptions { dry_run, prune }).await?,
        Command::Token { action } => manage_tokens(action).await?,
        Command::Audit {
            database,
            entity,
            key,
            actor,
            since,
            limit,
        } => {
            let kind = entity.map(|kind| audited_kind(&kind)).transpose()?;
            let filter = AuditFilter {
                kind,
                key,
                since,
                actor,
                include_tokens: true,
            };
            let connection = open(&database).await?;
            let mut entries = audit::entries(&connection, filter, None, limit).await?;
            entries.reverse();
            let mut out = std::io::stdout().lock();
            for entry in entries {
                serde_json::to_writer(&mut out, &entry)?;
                writeln!(out)?;
            }
        }
        Command::Export {
            what:
                Export::Inventory {
                    org,
                    database,
                    output,
                },
        } => {
            let connection = open(&database).await?;
            let graph = Inventory::load_current(&connection).await?;
            let text = inventory::export::to_toml(&graph, &org)?;
            write_out(output.as_deref(), &text)?;
        }
        Command::Export {
            what:
                Export::Article30 {
                    org,
                    role,
                    format,
                    excel,
                    database,
                    output,
                },
        } => {
            let connection = open(&database).await?;
            let graph = Inventory::load_current(&connection).await?;
            export_article30(&graph, &org, role.into(), format, excel, output.as_deref())?;
        }
        Command::Notice {
            org,
            format,
            jurisdiction,
            templates,
            database,
            output,
        } => {
            let connection = open(&database).await?;
            let graph = Inventory::load_current(&connection).await?;
            let notice = crate::notice::notice(&graph, &org, &jurisdiction)?;
            let templates = templates
                .map(crate::notice::Templates::from_directory)
                .unwrap_or_default();
            let text = crate::notice::render(&notice, format, &templates)?;
            write_out(output.as_deref(), &text)?;
            for gap in &notice.gaps {
                eprintln!("not stated ({}): {}", gap.section, gap.message);
            }
        }
        Command::Lint {
            org,
            format,
            deny,
            as_of,
            explain,
            database,
        } => {
            if let Some(code) = explain {
                return explain_code(&code);
            }
            let connection = open(&database).await?;
            let graph = Inventory::load_current(&connection).await?;
            let as_of = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let findings = lint::lint(&graph, org.as_deref(), as_of)?;
            let mut out = std::io::stdout().lock();
            match format {
                LintFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &findings)?;
                    writeln!(out)?;
                }
                LintFormat::Text => {
                    for finding in &findings {
                        writeln!(out, "{finding}\n")?;
                    }
                    writeln!(
                        out,
                        "{} error(s), {} warning(s), {} info, as of {as_of}",
                        lint::count(&findings, Severity::Error),
                        lint::count(&findings, Severity::Warning),
                        lint::count(&findings, Severity::Info)
                    )?;
                }
            }
            let failing = lint::count(&findings, Severity::Error) > 0
                || (deny.is_some() && lint::count(&findings, Severity::Warning) > 0);
            if failing {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Map {
            org,
            activity,
            format,
            as_of,
            database,
            output,
        } => {
            let connection = open(&database).await?;
            let graph = Inventory::load_current(&connection).await?;
            let as_of = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let map = crate::map::build(&graph, &org, activity.as_deref(), as_of)?;
            let text = match format {
                MapFormat::Svg => crate::map::svg(&map)?,
                MapFormat::Dot => crate::map::dot(&map),
            };
            write_out(output.as_deref(), &text)?;
        }
        Command::Import {
            what:
                Import::Article30 {
                    org,
                    role,
                    skip_invalid,
                    dry_run,
                    database,
                    file,
                },
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let connection = open(&database).await?;
            let options = ImportOptions {
                kind: role.map(Into::into),
                skip_invalid,
                dry_run,
            };
            let name = file.display().to_string();
            let report =
                article30::import::import(&connection, &Actor::cli(), &name, &bytes, &org, options)
                    .await?;
            print_changes(&report.applied);
            for column in &report.ignored_columns {
                println!("ignored column \"{column}\": the record has no such column");
            }
            for note in &report.notes {
                println!("note: {note}");
            }
            for problem in &report.skipped {
                println!("skipped {problem}");
            }
            println!(
                "{} record, {} row(s) read, {} skipped{}: {}",
                report.kind.word(),
                report.imported_rows,
                report.skipped.len(),
                if dry_run {
                    "; dry run, nothing written"
                } else {
                    ""
                },
                report.applied.summary()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The kind named on the command line, as the audit trail stores it.
fn audited_kind(name: &str) -> anyhow::Result<String> {
    let known = EntityKind::ALL
        .iter()
        .map(|kind| kind.as_str())
        .chain([audit::TOKEN_KIND]);
    if known.clone().any(|kind| kind == name) {
        return Ok(name.to_owned());
    }
    let known: Vec<&str> = known.collect();
    Err(Error::invalid(
        "--entity",
        format!(
            "'{name}' is not a kind of entity; one of {}",
            known.join(", ")
        ),
    )
    .into())
}

async fn manage_tokens(action: TokenAction) -> anyhow::Result<()> {
    match action {
        TokenAction::Create {
            name,
            role,
            database,
        } => {
            let connection = open(&database).await?;
            let issued = token::create(&connection, &Actor::cli(), &name, role.into()).await?;
            println!("{}", issued.secret);
            eprintln!(
                "created {} token `{}`; it is shown only now: send it as `Authorization: Bearer <token>`",
                Role::from(issued.token.role),
                issued.token.name
            );
        }
        TokenAction::List { database } => {
            let connection = open(&database).await?;
            for listed in token::list(&connection).await? {
                let state = match listed.revoked_at {
                    Some(at) => format!("revoked {}", at.to_rfc3339()),
                    None => "active".to_owned(),
                };
                println!(
                    "{}\t{}\tcreated {}\t{state}",
                    listed.name,
                    Role::from(listed.role),
                    listed.created_at.to_rfc3339()
                );
            }
        }
        TokenAction::Revoke { name, database } => {
            let connection = open(&database).await?;
            token::revoke(&connection, &Actor::cli(), &name).await?;
            println!("revoked token `{name}`");
        }
    }
    Ok(())
}

async fn open(database: &DatabaseArgs) -> anyhow::Result<sea_orm::DatabaseConnection> {
    db::open(&database.url)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(&database.url)))
}

async fn apply(
    database: &DatabaseArgs,
    files: &[PathBuf],
    options: ApplyOptions,
) -> anyhow::Result<()> {
    let mut sources = Vec::with_capacity(files.len());
    for file in files {
        sources.push(
            SourceText::read(file).with_context(|| format!("cannot read {}", file.display()))?,
        );
    }
    let connection = open(database).await?;
    let report = inventory::apply(&connection, &Actor::cli(), &sources, options).await?;
    print_changes(&report);
    if report.dry_run {
        println!("dry run, nothing written: {}", report.summary());
    } else {
        println!("{}", report.summary());
    }
    Ok(())
}

/// A line per entity created, updated or deleted.
fn print_changes(report: &inventory::Report) {
    for change in report
        .changes
        .iter()
        .filter(|change| change.action != Action::Unchanged)
    {
        let verb = match (change.action, report.dry_run) {
            (Action::Created, false) => "created",
            (Action::Updated, false) => "updated",
            (Action::Deleted, false) => "deleted",
            (Action::Created, true) => "would create",
            (Action::Updated, true) => "would update",
            (Action::Deleted, true) => "would delete",
            (Action::Unchanged, _) => continue,
        };
        println!("{verb} {} `{}`", change.kind, change.key);
    }
}

fn export_article30(
    graph: &Inventory,
    org: &str,
    kind: RecordKind,
    format: FormatArg,
    excel: bool,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let record = Record::new(graph, org, kind)?;
    let mut out: Box<dyn Write> = match output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match format {
        FormatArg::Csv => article30::csv::write(&record, &mut out, CsvOptions { excel })?,
        FormatArg::Json => article30::json::write(&record, &mut out)?,
        FormatArg::Xlsx => {
            // A workbook is a zip archive, which needs to seek as it is written.
            let mut workbook = std::io::Cursor::new(Vec::new());
            article30::xlsx::write(graph, org, &mut workbook)?;
            out.write_all(workbook.get_ref())?;
        }
    }
    out.flush()?;
    Ok(())
}

/// What a finding's code means, and how to fix it.
fn explain_code(code: &str) -> anyhow::Result<ExitCode> {
    let Some(known) = lint::codes::find(code) else {
        return Err(Error::invalid(
            "--explain",
            format!("'{code}' is not a finding code; codes look like ROPA-E001"),
        )
        .into());
    };
    println!(
        "{} ({}): {}\n  rests on: {}\n  fix: {}",
        known.code,
        known.severity.word(),
        known.title,
        known.article,
        known.fix
    );
    Ok(ExitCode::SUCCESS)
}

fn parse_format(word: &str) -> Result<crate::notice::Format, String> {
    crate::notice::Format::parse(word)
        .ok_or_else(|| format!("'{word}' is not a notice format; use html, md, text or json"))
}

fn parse_jurisdiction(word: &str) -> Result<crate::notice::Jurisdiction, String> {
    crate::notice::Jurisdiction::parse(word)
        .ok_or_else(|| format!("'{word}' is not a jurisdiction; use gdpr or ccpa"))
}

fn write_out(output: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

async fn migrate(database: &DatabaseArgs, action: MigrateAction) -> anyhow::Result<()> {
    let connection = db::connect(&database.url)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(&database.url)))?;
    match action {
        MigrateAction::Up => {
            let pending = Migrator::get_pending_migrations(&connection).await?.len();
            db::migrate(&connection).await.context("migration failed")?;
            println!("{pending} migration(s) applied; the schema is up to date");
        }
        MigrateAction::Status => {
            for migration in Migrator::get_migration_with_status(&connection).await? {
                println!("{}\t{}", migration.status(), migration.name());
            }
        }
        MigrateAction::Down { steps } => {
            Migrator::down(&connection, Some(steps))
                .await
                .context("rollback failed")?;
            println!("{steps} migration(s) rolled back");
        }
    }
    Ok(())
}

/// A database URL fit for messages: without its password.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://app:secret@db:5432/ropa"),
            "postgres://app:***@db:5432/ropa"
        );
        assert_eq!(redact("postgres://app@db/ropa"), "postgres://app@db/ropa");
        assert_eq!(
            redact("sqlite://ropa.db?mode=rwc"),
            "sqlite://ropa.db?mode=rwc"
        );
    }
}
