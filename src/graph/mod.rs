//! The inventory as a typed graph in memory, loaded in a fixed number of
//! queries (one per table). Renderers take it, never a connection, so every
//! output is a pure function of the graph.

pub mod diff;
pub mod snapshot;

use std::collections::HashMap;

use entity::{
    activity_controller, activity_data_category, activity_data_subject, activity_purpose,
    activity_recipient, activity_retention, activity_security_measure, activity_system,
    activity_transfer, data_category, data_category_retention, data_subject_category, organization,
    processing_activity, purpose, recipient, retention_rule, security_measure, source, system,
    transfer,
};
use futures::TryStreamExt;
use futures::future::BoxFuture;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, StreamTrait};

use crate::domain::node::Node;
use crate::error::Result;

/// The rows of one entity table, in key order, findable by id and key.
#[derive(Debug, Clone)]
pub struct Table<M> {
    rows: Vec<M>,
    by_id: HashMap<i32, usize>,
    by_key: HashMap<String, usize>,
}

impl<M> Table<M> {
    fn new<E: Node<Model = M>>(mut rows: Vec<M>) -> Self {
        rows.sort_by(|a, b| E::key(a).cmp(E::key(b)));
        let by_id = rows
            .iter()
            .enumerate()
            .map(|(at, row)| (E::id(row), at))
            .collect();
        let by_key = rows
            .iter()
            .enumerate()
            .map(|(at, row)| (E::key(row).to_owned(), at))
            .collect();
        Table {
            rows,
            by_id,
            by_key,
        }
    }

    /// Every row, in key order.
    pub fn all(&self) -> &[M] {
        &self.rows
    }

    pub fn get(&self, id: i32) -> Option<&M> {
        self.by_id.get(&id).map(|&at| &self.rows[at])
    }

    pub fn by_key(&self, key: &str) -> Option<&M> {
        self.by_key.get(key).map(|&at| &self.rows[at])
    }
}

/// The whole inventory graph.
#[derive(Debug, Clone)]
pub struct Inventory {
    pub organizations: Table<organization::Model>,
    pub activities: Table<processing_activity::Model>,
    pub purposes: Table<purpose::Model>,
    pub data_categories: Table<data_category::Model>,
    pub data_subjects: Table<data_subject_category::Model>,
    pub sources: Table<source::Model>,
    pub recipients: Table<recipient::Model>,
    pub transfers: Table<transfer::Model>,
    pub retention_rules: Table<retention_rule::Model>,
    pub systems: Table<system::Model>,
    pub security_measures: Table<security_measure::Model>,
    pub activity_controllers: Vec<activity_controller::Model>,
    pub activity_purposes: Vec<activity_purpose::Model>,
    pub activity_data_categories: Vec<activity_data_category::Model>,
    pub activity_data_subjects: Vec<activity_data_subject::Model>,
    pub activity_recipients: Vec<activity_recipient::Model>,
    pub activity_transfers: Vec<activity_transfer::Model>,
    pub activity_retentions: Vec<activity_retention::Model>,
    pub activity_systems: Vec<activity_system::Model>,
    pub activity_security_measures: Vec<activity_security_measure::Model>,
    pub data_category_retentions: Vec<data_category_retention::Model>,
}

impl Inventory {
    /// Loads every table through one connection or transaction: 21 queries,
    /// whatever the size of the inventory.
    pub async fn load(db: &impl Reader) -> Result<Inventory> {
        let nodes = Nodes::load(db).await?;
        let attributed = AttributedLinks::load(db).await?;
        let plain = PlainLinks::load(db).await?;
        Ok(Inventory::assemble(nodes, attributed, plain))
    }

    /// Loads the graph as it stands, for an output: the three groups of
    /// tables are read at once, through three transactions that see one
    /// snapshot, so the graph is that of one moment and big ones load about
    /// as fast as the cores allow.
    pub async fn load_current(db: &DatabaseConnection) -> Result<Inventory> {
        let Some(snapshot::Readers {
            transactions: [first, second, third],
            turn: _turn,
        }) = snapshot::readers::<3>(db).await?
        else {
            let txn = snapshot::read(db).await?;
            let graph = Inventory::load(&txn).await?;
            txn.rollback().await?;
            return Ok(graph);
        };
        let nodes = tokio::spawn(read_then_close(first, |txn| Box::pin(Nodes::load(txn))));
        let attributed = tokio::spawn(read_then_close(second, |txn| {
            Box::pin(AttributedLinks::load(txn))
        }));
        let plain = tokio::spawn(read_then_close(third, |txn| {
            Box::pin(PlainLinks::load(txn))
        }));
        Ok(Inventory::assemble(
            joined(nodes.await)?,
            joined(attributed.await)?,
            joined(plain.await)?,
        ))
    }

    fn assemble(nodes: Nodes, attributed: AttributedLinks, plain: PlainLinks) -> Inventory {
        Inventory {
            organizations: nodes.organizations,
            activities: nodes.activities,
            purposes: nodes.purposes,
            data_categories: nodes.data_categories,
            data_subjects: nodes.data_subjects,
            sources: nodes.sources,
            recipients: nodes.recipients,
            transfers: nodes.transfers,
            retention_rules: nodes.retention_rules,
            systems: nodes.systems,
            security_measures: nodes.security_measures,
            activity_purposes: attributed.activity_purposes,
            activity_data_categories: attributed.activity_data_categories,
            activity_controllers: plain.activity_controllers,
            activity_data_subjects: plain.activity_data_subjects,
            activity_recipients: plain.activity_recipients,
            activity_transfers: plain.activity_transfers,
            activity_retentions: plain.activity_retentions,
            activity_systems: plain.activity_systems,
            activity_security_measures: plain.activity_security_measures,
            data_category_retentions: plain.data_category_retentions,
        }
    }

    /// The table of entity kind `E`.
    pub fn table<E: InGraph>(&self) -> &Table<E::Model> {
        E::table(self)
    }
}

async fn table<E: Node>(db: &impl Reader) -> Result<Table<E::Model>> {
    Ok(Table::new::<E>(rows::<E>(db).await?))
}

/// What the graph is read through: a connection or a transaction.
pub trait Reader: ConnectionTrait + StreamTrait + Send + Sync {}

impl<C: ConnectionTrait + StreamTrait + Send + Sync> Reader for C {}

/// Every row of a table, converted as it arrives rather than all kept as
/// raw rows first, which would double the memory an export peaks at.
async fn rows<E: EntityTrait>(db: &impl Reader) -> Result<Vec<E::Model>> {
    Ok(E::find().stream(db).await?.try_collect().await?)
}

/// Reads a group of tables in `txn`, then ends it (it only read).
async fn read_then_close<T>(
    txn: DatabaseTransaction,
    read: impl for<'t> FnOnce(&'t DatabaseTransaction) -> BoxFuture<'t, Result<T>>,
) -> Result<T> {
    let part = read(&txn).await?;
    txn.rollback().await?;
    Ok(part)
}

/// The outcome of a task that read tables; a panic in it goes on here.
fn joined<T>(outcome: std::result::Result<Result<T>, tokio::task::JoinError>) -> Result<T> {
    match outcome {
        Ok(part) => part,
        Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
        Err(err) => Err(std::io::Error::other(err).into()),
    }
}

// The tables in three groups that take about as long to read as each
// other on a large inventory: the entities; the links with attributes of
// their own; the plain links.

struct Nodes {
    organizations: Table<organization::Model>,
    activities: Table<processing_activity::Model>,
    purposes: Table<purpose::Model>,
    data_categories: Table<data_category::Model>,
    data_subjects: Table<data_subject_category::Model>,
    sources: Table<source::Model>,
    recipients: Table<recipient::Model>,
    transfers: Table<transfer::Model>,
    retention_rules: Table<retention_rule::Model>,
    systems: Table<system::Model>,
    security_measures: Table<security_measure::Model>,
}

impl Nodes {
    async fn load(db: &impl Reader) -> Result<Nodes> {
        Ok(Nodes {
            organizations: table::<organization::Entity>(db).await?,
            activities: table::<processing_activity::Entity>(db).await?,
            purposes: table::<purpose::Entity>(db).await?,
            data_categories: table::<data_category::Entity>(db).await?,
            data_subjects: table::<data_subject_category::Entity>(db).await?,
            sources: table::<source::Entity>(db).await?,
            recipients: table::<recipient::Entity>(db).await?,
            transfers: table::<transfer::Entity>(db).await?,
            retention_rules: table::<retention_rule::Entity>(db).await?,
            systems: table::<system::Entity>(db).await?,
            security_measures: table::<security_measure::Entity>(db).await?,
        })
    }
}

struct AttributedLinks {
    activity_purposes: Vec<activity_purpose::Model>,
    activity_data_categories: Vec<activity_data_category::Model>,
}

impl AttributedLinks {
    async fn load(db: &impl Reader) -> Result<AttributedLinks> {
        Ok(AttributedLinks {
            activity_purposes: rows::<activity_purpose::Entity>(db).await?,
            activity_data_categories: rows::<activity_data_category::Entity>(db).await?,
        })
    }
}

struct PlainLinks {
    activity_controllers: Vec<activity_controller::Model>,
    activity_data_subjects: Vec<activity_data_subject::Model>,
    activity_recipients: Vec<activity_recipient::Model>,
    activity_transfers: Vec<activity_transfer::Model>,
    activity_retentions: Vec<activity_retention::Model>,
    activity_systems: Vec<activity_system::Model>,
    activity_security_measures: Vec<activity_security_measure::Model>,
    data_category_retentions: Vec<data_category_retention::Model>,
}

impl PlainLinks {
    async fn load(db: &impl Reader) -> Result<PlainLinks> {
        Ok(PlainLinks {
            activity_controllers: rows::<activity_controller::Entity>(db).await?,
            activity_data_subjects: rows::<activity_data_subject::Entity>(db).await?,
            activity_recipients: rows::<activity_recipient::Entity>(db).await?,
            activity_transfers: rows::<activity_transfer::Entity>(db).await?,
            activity_retentions: rows::<activity_retention::Entity>(db).await?,
            activity_systems: rows::<activity_system::Entity>(db).await?,
            activity_security_measures: rows::<activity_security_measure::Entity>(db).await?,
            data_category_retentions: rows::<data_category_retention::Entity>(db).await?,
        })
    }
}

/// A link table without attributes, with its rows in the graph.
pub trait LinksInGraph: crate::domain::node::Link {
    fn rows(inventory: &Inventory) -> &[Self::Model];
}

macro_rules! links_in_graph {
    ($module:ident, $field:ident) => {
        impl LinksInGraph for entity::$module::Entity {
            fn rows(inventory: &Inventory) -> &[Self::Model] {
                &inventory.$field
            }
        }
    };
}

links_in_graph!(activity_controller, activity_controllers);
links_in_graph!(activity_data_subject, activity_data_subjects);
links_in_graph!(activity_recipient, activity_recipients);
links_in_graph!(activity_transfer, activity_transfers);
links_in_graph!(activity_retention, activity_retentions);
links_in_graph!(activity_system, activity_systems);
links_in_graph!(activity_security_measure, activity_security_measures);
links_in_graph!(data_category_retention, data_category_retentions);

/// An entity kind with a table in the graph.
pub trait InGraph: Node {
    fn table(inventory: &Inventory) -> &Table<Self::Model>;
}

macro_rules! in_graph {
    ($module:ident, $field:ident) => {
        impl InGraph for entity::$module::Entity {
            fn table(inventory: &Inventory) -> &Table<Self::Model> {
                &inventory.$field
            }
        }
    };
}

in_graph!(organization, organizations);
in_graph!(processing_activity, activities);
in_graph!(purpose, purposes);
in_graph!(data_category, data_categories);
in_graph!(data_subject_category, data_subjects);
in_graph!(source, sources);
in_graph!(recipient, recipients);
in_graph!(transfer, transfers);
in_graph!(retention_rule, retention_rules);
in_graph!(system, systems);
in_graph!(security_measure, security_measures);

/// Each activity's link rows (and each data category's retention rules),
/// grouped once, so that renderers and rules look them up instead of
/// scanning every link table for every activity.
pub struct ActivityIndex<'g> {
    pub purposes: Grouped<'g, activity_purpose::Model>,
    pub data_categories: Grouped<'g, activity_data_category::Model>,
    pub data_subjects: Grouped<'g, activity_data_subject::Model>,
    pub recipients: Grouped<'g, activity_recipient::Model>,
    pub transfers: Grouped<'g, activity_transfer::Model>,
    pub retentions: Grouped<'g, activity_retention::Model>,
    pub systems: Grouped<'g, activity_system::Model>,
    pub security_measures: Grouped<'g, activity_security_measure::Model>,
    pub controllers: Grouped<'g, activity_controller::Model>,
    /// By data category id.
    pub category_retentions: Grouped<'g, data_category_retention::Model>,
}

/// Rows grouped by an id.
pub struct Grouped<'g, M>(HashMap<i32, Vec<&'g M>>);

impl<'g, M> Grouped<'g, M> {
    fn new(rows: &'g [M], id: impl Fn(&M) -> i32) -> Self {
        let mut groups: HashMap<i32, Vec<&'g M>> = HashMap::new();
        for row in rows {
            groups.entry(id(row)).or_default().push(row);
        }
        Grouped(groups)
    }

    /// The rows of `id` (none: an empty slice).
    pub fn of(&self, id: i32) -> &[&'g M] {
        self.0.get(&id).map_or(&[], Vec::as_slice)
    }
}

impl<'g> ActivityIndex<'g> {
    pub fn new(graph: &'g Inventory) -> Self {
        ActivityIndex {
            purposes: Grouped::new(&graph.activity_purposes, |link| link.activity_id),
            data_categories: Grouped::new(&graph.activity_data_categories, |link| link.activity_id),
            data_subjects: Grouped::new(&graph.activity_data_subjects, |link| link.activity_id),
            recipients: Grouped::new(&graph.activity_recipients, |link| link.activity_id),
            transfers: Grouped::new(&graph.activity_transfers, |link| link.activity_id),
            retentions: Grouped::new(&graph.activity_retentions, |link| link.activity_id),
            systems: Grouped::new(&graph.activity_systems, |link| link.activity_id),
            security_measures: Grouped::new(&graph.activity_security_measures, |link| {
                link.activity_id
            }),
            controllers: Grouped::new(&graph.activity_controllers, |link| link.activity_id),
            category_retentions: Grouped::new(&graph.data_category_retentions, |link| {
                link.data_category_id
            }),
        }
    }
}
