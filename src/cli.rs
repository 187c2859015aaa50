//! The `ropa` command line.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};

use crate::config::{DatabaseArgs, ServeConfig};
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

    /// What to log, in `RUST_LOG` syntax (for example `info,ropa=debug`).
    #[arg(
        long = "log",
        global = true,
        env = "RUST_LOG",
        default_value = "info,sea_orm_migration=warn"
    )]
    pub log_filter: String,

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

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(config) => {
            http::serve(config).await?;
        }
        Command::Migrate { database, action } => {
            migrate(&database, action.unwrap_or(MigrateAction::Up)).await?;
        }
        Command::Schema => print!("{}", graphql::sdl()),
    }
    Ok(ExitCode::SUCCESS)
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
