//! Read transactions that all see the database in one state, so that the
//! graph can be read through several connections at once and still be the
//! graph of one moment: no link to a row that another reader saw deleted.
//!
//! PostgreSQL: the first transaction exports its snapshot and the others
//! import it (`SET TRANSACTION SNAPSHOT`). SQLite (WAL): each reader's
//! snapshot starts at its first read, so the readers make their first read
//! while the write lock is held and nobody can commit in between. When
//! someone is writing, the write lock is not waited for: the graph is then
//! read through one transaction instead.

use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

use sea_orm::sqlx::sqlite::SqliteConnection;
use sea_orm::sqlx::{self, Connection as _, Executor as _};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    IsolationLevel, RuntimeErr, Statement, TransactionOptions, TransactionTrait,
};

use crate::error::Result;

/// How long a reader waits for SQLite's write lock before it reads the
/// graph through one transaction instead.
const SQLITE_LOCK_WAIT: Duration = Duration::from_millis(200);

/// Read transactions on one state of the database, and the turn they hold.
pub struct Readers<const N: usize> {
    pub transactions: [DatabaseTransaction; N],
    pub turn: Turn,
}

/// Held while a graph is read through several connections; one graph at a
/// time is, so readers never wait on each other for the pool's last
/// connections.
pub struct Turn(#[allow(dead_code)] SemaphorePermit<'static>);

static PARALLEL_READS: Semaphore = Semaphore::const_new(1);

/// Opens `N` read transactions on one state of the database; `None` when
/// they cannot be had now (another graph is being read this way, the pool
/// has fewer connections, or SQLite is busy with a write), and then one
/// transaction from [`read`] does.
pub async fn readers<const N: usize>(db: &DatabaseConnection) -> Result<Option<Readers<N>>> {
    let Ok(permit) = PARALLEL_READS.try_acquire() else {
        return Ok(None);
    };
    let opened = match db.get_database_backend() {
        DatabaseBackend::Postgres
            if db
                .get_postgres_connection_pool()
                .options()
                .get_max_connections() as usize
                >= N =>
        {
            Some(postgres_readers(db, N).await?)
        }
        DatabaseBackend::Sqlite
            if db
                .get_sqlite_connection_pool()
                .options()
                .get_max_connections() as usize
                >= N =>
        {
            sqlite_readers(db, N).await?
        }
        _ => None,
    };
    Ok(opened
        .and_then(|transactions| <[DatabaseTransaction; N]>::try_from(transactions).ok())
        .map(|transactions| Readers {
            transactions,
            turn: Turn(permit),
        }))
}

/// One read transaction: a consistent view on either backend.
pub async fn read(db: &DatabaseConnection) -> Result<DatabaseTransaction> {
    Ok(db.begin_with_options(read_options(db)).await?)
}

fn read_options(db: &DatabaseConnection) -> TransactionOptions {
    match db.get_database_backend() {
        // A snapshot for the whole transaction, and a promise not to write.
        DatabaseBackend::Postgres => TransactionOptions {
            isolation_level: Some(IsolationLevel::RepeatableRead),
            access_mode: Some(AccessMode::ReadOnly),
            sqlite_transaction_mode: None,
        },
        // SQLite's read transactions are snapshots already.
        _ => TransactionOptions::default(),
    }
}

async fn postgres_readers(
    db: &DatabaseConnection,
    count: usize,
) -> Result<Vec<DatabaseTransaction>> {
    // Connections are opened side by side (each costs round trips); the
    // others only import the first one's snapshot before their first query.
    let readers = futures::future::try_join_all((0..count).map(|_| read(db))).await?;
    let Some(first) = readers.first() else {
        return Ok(readers);
    };
    let exported = first
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT pg_export_snapshot() AS snapshot",
        ))
        .await?
        .map(|row| row.try_get::<String>("", "snapshot"))
        .transpose()?;
    let snapshot = exported.ok_or_else(|| DbErr::RecordNotFound("pg_export_snapshot()".into()))?;
    // Snapshot ids are the server's own text (digits, hyphens, hex).
    let import = format!(
        "SET TRANSACTION SNAPSHOT '{}'",
        snapshot.replace('\'', "''")
    );
    for reader in &readers[1..] {
        reader.execute_unprepared(&import).await?;
    }
    Ok(readers)
}

async fn sqlite_readers(
    db: &DatabaseConnection,
    count: usize,
) -> Result<Option<Vec<DatabaseTransaction>>> {
    // The lock is taken on a connection of its own, with a short wait, so
    // that a long write (an apply) sends readers to one transaction instead
    // of keeping them waiting; and if the caller gives up half way, closing
    // that connection lets go of the lock.
    let options = db
        .get_sqlite_connection_pool()
        .connect_options()
        .as_ref()
        .clone()
        .busy_timeout(SQLITE_LOCK_WAIT);
    let mut lock = SqliteConnection::connect_with(&options)
        .await
        .map_err(sqlx_error)?;
    let readers = match lock.execute("BEGIN IMMEDIATE").await {
        Ok(_) => {
            let opened = open_pinned(db, count).await;
            lock.execute("ROLLBACK").await.map_err(sqlx_error)?;
            Some(opened?)
        }
        Err(_) => None,
    };
    lock.close().await.map_err(sqlx_error)?;
    Ok(readers)
}

/// Opens `count` SQLite read transactions and makes each read once, which
/// fixes its snapshot.
async fn open_pinned(db: &DatabaseConnection, count: usize) -> Result<Vec<DatabaseTransaction>> {
    let mut readers = Vec::with_capacity(count);
    for _ in 0..count {
        let reader = db.begin().await?;
        reader
            .execute_unprepared("SELECT count(*) FROM sqlite_master")
            .await?;
        readers.push(reader);
    }
    Ok(readers)
}

fn sqlx_error(err: sqlx::Error) -> DbErr {
    DbErr::Conn(RuntimeErr::SqlxError(err.into()))
}
