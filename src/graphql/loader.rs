//! Request-scoped batch loading: one `IN (...)` query per table and column
//! for each step of a query, however many rows the step has.
//!
//! async-graphql resolves the items of a list inside one task, polling each
//! item in turn. The first item to ask for rows becomes the leader of a batch
//! and yields until a full pass over its siblings adds no new key; then it
//! runs one query for every key asked for and hands each item its rows.
//! Batches therefore depend on the query's shape, never on timing, so the
//! number of statements a query costs is fixed (the stock `DataLoader`
//! batches by a timer, which splits a large step unpredictably).

use std::any::{Any, TypeId};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use sea_orm::IdenStatic;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, QueryFilter, Value};
use tokio::sync::oneshot;

use crate::error::{Error, Result};

type Rows<M> = Arc<HashMap<i32, Vec<M>>>;
type Outcome<M> = std::result::Result<Rows<M>, ()>;

/// A loader of some table by some column, typed again when taken out.
type AnyLoader = Arc<dyn Any + Send + Sync>;

/// Every loader of one request, created on first use.
pub struct Loaders {
    db: DatabaseConnection,
    by_table_and_column: Mutex<HashMap<(TypeId, &'static str), AnyLoader>>,
}

impl Loaders {
    pub fn new(db: DatabaseConnection) -> Self {
        Loaders {
            db,
            by_table_and_column: Mutex::new(HashMap::new()),
        }
    }

    /// The loader of `E` rows by `column` (an integer column: an id or a
    /// reference to one).
    pub fn rows_by<E: EntityTrait>(&self, column: E::Column) -> Arc<RowsBy<E>>
    where
        E::Model: Send + Sync,
    {
        let slot = (TypeId::of::<E>(), column.as_str());
        let mut loaders = lock(&self.by_table_and_column);
        let loader = loaders
            .entry(slot)
            .or_insert_with(|| Arc::new(RowsBy::<E>::new(self.db.clone(), column)))
            .clone();
        drop(loaders);
        // The slot is keyed by `E`'s type, so the downcast cannot fail; if it
        // ever did, a fresh unbatched loader still answers correctly.
        loader
            .downcast::<RowsBy<E>>()
            .unwrap_or_else(|_| Arc::new(RowsBy::new(self.db.clone(), column)))
    }

    /// The entity with `id`, through the batched loader of its table.
    pub async fn by_id<E: EntityTrait>(
        &self,
        id_column: E::Column,
        id: i32,
    ) -> Result<Option<E::Model>>
    where
        E::Model: Send + Sync + Clone,
    {
        Ok(self
            .rows_by::<E>(id_column)
            .load(id)
            .await?
            .into_iter()
            .next())
    }
}

/// Loads the rows of `E` whose `column` equals a requested id.
pub struct RowsBy<E: EntityTrait> {
    db: DatabaseConnection,
    column: E::Column,
    batch: Mutex<Batch<E::Model>>,
}

struct Batch<M> {
    keys: BTreeSet<i32>,
    waiters: Vec<oneshot::Sender<Outcome<M>>>,
    has_leader: bool,
}

impl<E: EntityTrait> RowsBy<E>
where
    E::Model: Send + Sync + Clone,
{
    fn new(db: DatabaseConnection, column: E::Column) -> Self {
        RowsBy {
            db,
            column,
            batch: Mutex::new(Batch {
                keys: BTreeSet::new(),
                waiters: Vec::new(),
                has_leader: false,
            }),
        }
    }

    /// The rows whose column equals `id`, in no particular order.
    pub async fn load(&self, id: i32) -> Result<Vec<E::Model>> {
        let (answer, leads) = {
            let mut batch = lock(&self.batch);
            batch.keys.insert(id);
            let (sender, answer) = oneshot::channel();
            batch.waiters.push(sender);
            let leads = !batch.has_leader;
            batch.has_leader = true;
            (answer, leads)
        };
        if leads {
            self.lead().await;
        }
        match answer.await {
            Ok(Ok(rows)) => Ok(rows.get(&id).cloned().unwrap_or_default()),
            Ok(Err(())) => Err(Error::Db(sea_orm::DbErr::Custom(
                "batched load failed".into(),
            ))),
            // The leader went away before answering (its branch of the query
            // was cancelled): load this one alone.
            Err(_) => Ok(self.fetch(vec![id]).await?.remove(&id).unwrap_or_default()),
        }
    }

    async fn lead(&self) {
        let mut guard = Leadership {
            batch: &self.batch,
            done: false,
        };
        let mut seen = 0;
        loop {
            tokio::task::yield_now().await;
            let now = lock(&self.batch).keys.len();
            if now == seen {
                break;
            }
            seen = now;
        }
        let (keys, waiters) = {
            let mut batch = lock(&self.batch);
            batch.has_leader = false;
            (
                std::mem::take(&mut batch.keys),
                std::mem::take(&mut batch.waiters),
            )
        };
        guard.done = true;
        let outcome = match self.fetch(keys.into_iter().collect()).await {
            Ok(rows) => Ok(Arc::new(rows)),
            Err(err) => {
                tracing::error!(error = %err, "batched load failed");
                Err(())
            }
        };
        for waiter in waiters {
            // A waiter whose resolver was cancelled no longer listens.
            let _ = waiter.send(outcome.clone());
        }
    }

    async fn fetch(&self, ids: Vec<i32>) -> Result<HashMap<i32, Vec<E::Model>>> {
        let rows = E::find()
            .filter(self.column.is_in(ids))
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<i32, Vec<E::Model>> = HashMap::new();
        for row in rows {
            if let Value::Int(Some(id)) = row.get(self.column) {
                grouped.entry(id).or_default().push(row);
            }
        }
        Ok(grouped)
    }
}

/// Releases a batch whose leader is dropped before it takes the batch: the
/// waiters see their channel close and load alone.
struct Leadership<'a, M> {
    batch: &'a Mutex<Batch<M>>,
    done: bool,
}

impl<M> Drop for Leadership<'_, M> {
    fn drop(&mut self) {
        if !self.done {
            let mut batch = lock(self.batch);
            batch.has_leader = false;
            batch.keys.clear();
            batch.waiters.clear();
        }
    }
}

/// Locks a mutex; a panic elsewhere while it was held leaves data that is
/// still consistent here (plain collections), so poisoning is ignored.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
