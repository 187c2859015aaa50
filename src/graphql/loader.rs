//! Request-scoped batch loading: one `IN (...)` query per table and column
//! for each step of a query, however many rows the step has.
//!
//! async-graphql resolves the items of a list inside one task, polling each
//! item in turn. The first item to ask for rows becomes the leader of a batch
//! and waits for a quiet pass over the request (`Passes`), when every item
//! that could ask has asked; then it runs one query for every key asked for
//! and hands each item its rows. Batches therefore depend on the query's shape,
//! never on timing, so the number of statements a query costs is fixed (the
//! stock `DataLoader` batches by a timer, which splits a large step
//! unpredictably).

use std::any::{Any, TypeId};
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

use sea_orm::IdenStatic;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, ModelTrait, QueryFilter, Value};
// Not tokio's oneshot: tokio's cooperative budget would make some waiters
// return Pending after a batch answered them, and a leader polled before them
// would close its next batch too early.
use futures::channel::oneshot;

use crate::error::{Error, Result};

type Rows<M> = Arc<HashMap<i32, Vec<M>>>;
type Outcome<M> = std::result::Result<Rows<M>, ()>;

/// A loader of some table by some column, typed again when taken out.
type AnyLoader = Arc<dyn Any + Send + Sync>;

/// Every loader of one request, created on first use.
pub struct Loaders {
    db: DatabaseConnection,
    passes: Passes,
    by_table_and_column: Mutex<HashMap<(TypeId, &'static str), AnyLoader>>,
}

impl Loaders {
    pub fn new(db: DatabaseConnection) -> Self {
        Loaders {
            db,
            passes: Passes::default(),
            by_table_and_column: Mutex::new(HashMap::new()),
        }
    }

    /// The passes of the request these loaders serve: run the request
    /// through `Passes::drive` so that batches close at the end of a pass.
    pub fn passes(&self) -> Passes {
        self.passes.clone()
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
            .or_insert_with(|| {
                Arc::new(RowsBy::<E>::new(
                    self.db.clone(),
                    self.passes.clone(),
                    column,
                ))
            })
            .clone();
        drop(loaders);
        // The slot is keyed by `E`'s type, so the downcast cannot fail; if it
        // ever did, a fresh unbatched loader still answers correctly.
        loader
            .downcast::<RowsBy<E>>()
            .unwrap_or_else(|_| Arc::new(RowsBy::new(self.db.clone(), self.passes.clone(), column)))
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
    passes: Passes,
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
    fn new(db: DatabaseConnection, passes: Passes, column: E::Column) -> Self {
        RowsBy {
            db,
            passes,
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
            Err(_) => {
                if std::env::var("TEST_SQL").is_ok() {
                    eprintln!("FALLBACK {}", std::any::type_name::<E>());
                }
                Ok(self.fetch(vec![id]).await?.remove(&id).unwrap_or_default())
            }
        }
    }

    async fn lead(&self) {
        let mut guard = Leadership {
            batch: &self.batch,
            done: false,
        };
        self.passes.quiet().await;
        let (keys, waiters) = {
            let mut batch = lock(&self.batch);
            batch.has_leader = false;
            (
                std::mem::take(&mut batch.keys),
                std::mem::take(&mut batch.waiters),
            )
        };
        guard.done = true;
        let in_flight = self.passes.in_flight();
        let fetched = self.fetch(keys.into_iter().collect()).await;
        drop(in_flight);
        let outcome = match fetched {
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

/// The passes of one request over its pending futures.
///
/// A pass is one poll of the whole request future. A pass is *quiet* when
/// nothing became ready to run during it and no batch query is in flight:
/// every resolver that could ask for rows has asked. Leaders close their
/// batches at quiet passes only, so which requests share a batch depends on
/// the shape of the query and the data, never on how fast the database or
/// the scheduler is. (`tokio::task::yield_now` and a single pass are not
/// enough: `FuturesUnordered` polls at most 32 futures before yielding, so a
/// pass may leave ready siblings unpolled.)
#[derive(Clone, Default)]
pub struct Passes(Arc<PassState>);

#[derive(Default)]
struct PassState {
    driven: AtomicBool,
    in_flight: AtomicUsize,
    /// Quiet passes so far: a leader goes on only once this has moved past
    /// the count it saw, not whenever it happens to be polled (`join` polls
    /// every branch when any one of them is woken).
    quiet_passes: AtomicUsize,
    waiting: Mutex<Vec<Waker>>,
}

/// Forwards wakes to the task and notes that one happened.
struct NotingWaker {
    task: Mutex<Waker>,
    woken: AtomicBool,
}

impl Wake for NotingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        lock(&self.task).wake_by_ref();
    }
}

impl Passes {
    /// Runs `work`, waking the batch leaders at each quiet pass.
    pub async fn drive<F: Future>(&self, work: F) -> F::Output {
        let mut work = std::pin::pin!(work);
        let mut noting: Option<(Arc<NotingWaker>, Waker)> = None;
        self.0.driven.store(true, Ordering::SeqCst);
        let output = std::future::poll_fn(|cx| {
            let (note, waker) = noting.get_or_insert_with(|| {
                let note = Arc::new(NotingWaker {
                    task: Mutex::new(cx.waker().clone()),
                    woken: AtomicBool::new(false),
                });
                let waker = Waker::from(note.clone());
                (note, waker)
            });
            {
                let mut task = lock(&note.task);
                if !task.will_wake(cx.waker()) {
                    *task = cx.waker().clone();
                }
            }
            note.woken.store(false, Ordering::SeqCst);
            let polled = work.as_mut().poll(&mut Context::from_waker(waker));
            let quiet =
                !note.woken.load(Ordering::SeqCst) && self.0.in_flight.load(Ordering::SeqCst) == 0;
            if polled.is_pending() && quiet {
                self.0.quiet_passes.fetch_add(1, Ordering::SeqCst);
                for leader in std::mem::take(&mut *lock(&self.0.waiting)) {
                    leader.wake();
                }
            }
            polled
        })
        .await;
        self.0.driven.store(false, Ordering::SeqCst);
        output
    }

    /// Waits for the next quiet pass (at once, when nothing drives the
    /// passes: better an unbatched load than a hang).
    fn quiet(&self) -> QuietPass {
        QuietPass {
            state: self.0.clone(),
            seen: None,
        }
    }

    /// Marks a batch query as running until the guard is dropped.
    fn in_flight(&self) -> InFlight {
        self.0.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(self.0.clone())
    }
}

struct InFlight(Arc<PassState>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

struct QuietPass {
    state: Arc<PassState>,
    /// The count of quiet passes when first polled.
    seen: Option<usize>,
}

impl Future for QuietPass {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let passes = this.state.quiet_passes.load(Ordering::SeqCst);
        let driven = this.state.driven.load(Ordering::SeqCst);
        match this.seen {
            // Undriven, a leader goes on at its next poll.
            Some(_) if !driven => return Poll::Ready(()),
            Some(seen) if passes > seen => return Poll::Ready(()),
            Some(_) => {}
            None => {
                this.seen = Some(passes);
                if !driven {
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
            }
        }
        lock(&this.state.waiting).push(cx.waker().clone());
        Poll::Pending
    }
}

/// Locks a mutex; a panic elsewhere while it was held leaves data that is
/// still consistent here (plain collections), so poisoning is ignored.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A future that wakes itself `times` times before it is done, as a
    /// sibling whose rows keep arriving would.
    struct Busy {
        times: usize,
        log: Arc<Mutex<Vec<&'static str>>>,
    }

    impl Future for Busy {
        type Output = ();

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.times == 0 {
                lock(&self.log).push("sibling done");
                return Poll::Ready(());
            }
            self.times -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    #[tokio::test]
    async fn a_leader_waits_for_a_quiet_pass_however_often_it_is_polled() {
        let passes = Passes::default();
        let log = Arc::new(Mutex::new(Vec::new()));
        let leader = {
            let (passes, log) = (passes.clone(), log.clone());
            async move {
                passes.quiet().await;
                lock(&log).push("batch closed");
            }
        };
        let sibling = Busy {
            times: 3,
            log: log.clone(),
        };
        // `join` polls the leader again each time the sibling wakes.
        passes.drive(futures::future::join(leader, sibling)).await;
        assert_eq!(*lock(&log), ["sibling done", "batch closed"]);
    }

    #[tokio::test]
    async fn undriven_a_leader_goes_on_at_once() {
        let passes = Passes::default();
        passes.quiet().await;
    }
}
