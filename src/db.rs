//! Connecting to the database and bringing its schema up to date.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr,
    IntoDatabaseExecutor, RuntimeErr, SqliteTransactionMode, Statement, TransactionOptions,
    TransactionTrait,
};

/// The embedded default: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://ropa.db?mode=rwc";

/// Any number will do, as long as every ropa process uses the same one.
const MIGRATION_LOCK_ID: i64 = 0x726f_7061;

/// Connects to `url` (SQLite or PostgreSQL) with the settings ropa relies on.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with(ConnectOptions::new(url)).await
}

/// Connects with caller-supplied options (tests use it to pick a schema).
pub async fn connect_with(mut options: ConnectOptions) -> Result<DatabaseConnection, DbErr> {
    // sea-orm gives SQLite one connection unless told otherwise, which would
    // make every request wait for the one before it; WAL lets readers work
    // side by side, and writers take turns through the write lock.
    if options.get_max_connections().is_none() && options.get_url().starts_with("sqlite:") {
        options.max_connections(SQLITE_CONNECTIONS);
    }
    options
        .sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10))
        // SQLite: a file that does not exist yet is created; concurrent
        // readers and one writer work together (WAL), and a writer waits for
        // a busy database instead of failing at once.
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .foreign_keys(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
        });
    // A SQLite file that another process is creating this very moment can
    // refuse the switch to WAL outright ("database is locked"), without
    // waiting: wait here instead, briefly.
    let mut attempts = 0;
    loop {
        match Database::connect(options.clone()).await {
            Err(err) if is_busy(&err) && attempts < CONNECT_ATTEMPTS => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(100 * attempts)).await;
            }
            result => return result,
        }
    }
}

/// Connections to a SQLite file: enough for a server's concurrent readers.
const SQLITE_CONNECTIONS: u32 = 8;

/// Tries at connecting to a busy SQLite file: about ten seconds in all.
const CONNECT_ATTEMPTS: u64 = 13;

/// Whether SQLite said the database is busy (`SQLITE_BUSY`, code 5).
fn is_busy(err: &DbErr) -> bool {
    let DbErr::Conn(RuntimeErr::SqlxError(err)) = err else {
        return false;
    };
    err.as_database_error()
        .and_then(|err| err.code())
        .is_some_and(|code| code == "5")
}

/// Applies pending migrations. On PostgreSQL an advisory lock makes servers
/// that start together take turns instead of racing: even finding out what
/// is pending creates the migrations table on an empty database.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        // SQLite: the write lock, taken at once, does the same; its DDL is
        // transactional, so a migration either happens whole or not at all.
        let txn = db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?;
        apply_pending(&txn).await?;
        return txn.commit().await;
    }
    let lock = db.begin().await?;
    lock.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1)",
        [MIGRATION_LOCK_ID.into()],
    ))
    .await?;
    let result = apply_pending(db).await;
    lock.commit().await?;
    result
}

async fn apply_pending<'c, C>(db: &'c C) -> Result<(), DbErr>
where
    C: ConnectionTrait,
    &'c C: IntoDatabaseExecutor<'c>,
{
    let pending = Migrator::get_pending_migrations(db).await?.len();
    if pending == 0 {
        return Ok(());
    }
    tracing::info!(
        migrations = pending,
        "bringing the database schema up to date"
    );
    Migrator::up(db, None).await
}

/// Connects and migrates: what every command that touches the database does.
pub async fn open(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    migrate(&db).await?;
    Ok(db)
}
