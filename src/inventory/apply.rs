//! Applying inventory files: every entity upserted by key, every link made
//! to match the file, all in one transaction. A file with any problem
//! changes nothing, and every problem is reported with its place.

use std::collections::{BTreeSet, HashMap, HashSet};

use entity::{
    activity_controller, activity_data_category, activity_data_subject, activity_purpose,
    activity_recipient, activity_retention, activity_security_measure, activity_system,
    activity_transfer, data_category, data_category_retention, data_subject_category, organization,
    processing_activity, purpose, recipient, retention_rule, security_measure, source, system,
    transfer,
};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, EntityTrait, IdenStatic, Iterable, ModelTrait, QueryFilter, Statement,
    Value,
};

use crate::domain::activity::{purpose_row, same_purpose_link};
use crate::domain::audit::{self, Actor};
use crate::domain::deletion;
use crate::domain::keys::{Keys, KnownKeys};
use crate::domain::kind::EntityKind;
use crate::domain::links;
use crate::domain::node::{Link, Node};
use crate::domain::write::{self, Editable};
use crate::error::{Error, FileProblem, Result};
use crate::graph::{InGraph, Inventory, LinksInGraph, diff};
use crate::inventory::convert;
use crate::inventory::format::*;
use crate::inventory::source::{SourceText, Step};

#[derive(Debug, Clone, Copy, Default)]
pub struct ApplyOptions {
    /// Work out and report the changes, then write nothing.
    pub dry_run: bool,
    /// Delete what the files' organisations own that the files no longer name.
    pub prune: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum Action {
    Created,
    Updated,
    Unchanged,
    Deleted,
}

/// What happened to one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: EntityKind,
    pub key: String,
    pub action: Action,
}

/// What an apply did (or, in a dry run, would do), in the order it did it.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub changes: Vec<Change>,
    pub dry_run: bool,
    pub pruned: bool,
}

impl Report {
    pub fn count(&self, action: Action) -> usize {
        self.changes
            .iter()
            .filter(|change| change.action == action)
            .count()
    }

    /// "2 created, 1 updated, 40 unchanged" (and the deletions of a prune).
    pub fn summary(&self) -> String {
        let mut summary = format!(
            "{} created, {} updated, {} unchanged",
            self.count(Action::Created),
            self.count(Action::Updated),
            self.count(Action::Unchanged)
        );
        if self.pruned || self.count(Action::Deleted) > 0 {
            summary.push_str(&format!(", {} deleted", self.count(Action::Deleted)));
        }
        summary
    }
}

/// Applies inventory texts to the database in one transaction.
pub async fn apply(
    db: &DatabaseConnection,
    actor: &Actor,
    sources: &[SourceText],
    options: ApplyOptions,
) -> Result<Report> {
    let mut problems = Vec::new();
    let mut documents = Vec::new();
    for source in sources {
        match source.parse() {
            Ok(document) => documents.push(document),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(Error::InvalidInventory { problems });
    }
    let declared = Declarations::collect(sources, &documents, &mut problems);
    let txn = write::begin(db).await?;
    take_turn(&txn).await?;
    let graph = Inventory::load(&txn).await?;
    let mut run = Run::new(&txn, sources, &graph, problems);
    declared.check_references(&mut run);
    // Even with problems so far, go on: every entry's own problems are
    // found too, and the transaction is rolled back at the end.
    run.execute(&declared, options.prune).await?;
    let (mut problems, changes) = (run.problems, run.changes);
    if !problems.is_empty() {
        let order = |problem: &FileProblem| {
            let file = sources
                .iter()
                .position(|source| source.name == problem.file);
            (file, problem.line, problem.column)
        };
        problems.sort_by_key(order);
        problems.dedup();
        txn.rollback().await?;
        return Err(Error::InvalidInventory { problems });
    }
    let report = Report {
        changes,
        dry_run: options.dry_run,
        pruned: options.prune,
    };
    if options.dry_run {
        txn.rollback().await?;
    } else {
        let applied = Inventory::load(&txn).await?;
        audit::record_all(&txn, actor, diff::changes(&graph, &applied)).await?;
        txn.commit().await?;
    }
    Ok(report)
}

/// Any number will do, as long as every ropa process uses the same one.
const APPLY_LOCK_ID: i64 = 0x726f_7061_6170;

/// Makes concurrent applies take turns, each reading the graph as the one
/// before it left it (PostgreSQL: a lock held until the transaction ends;
/// SQLite: the write lock the transaction holds already). An apply compares
/// the whole graph with its files, so two at once would each miss the
/// other's changes.
async fn take_turn(txn: &DatabaseTransaction) -> Result<()> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [APPLY_LOCK_ID.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Where an entry stands: its file, its array and its index there (none
/// for the file's own `[organization]` table).
#[derive(Debug, Clone, Copy)]
struct Place {
    source: usize,
    array: &'static str,
    index: Option<usize>,
}

impl Place {
    fn path<'a>(&self, inner: &[Step<'a>]) -> Vec<Step<'a>> {
        let mut path = vec![Step::Field(self.array)];
        if let Some(index) = self.index {
            path.push(Step::Index(index));
        }
        path.extend_from_slice(inner);
        path
    }
}

/// One declared entity: its entry in a file, and its owner (the file's
/// organisation) if it has one.
struct Entry<'d, D> {
    doc: &'d D,
    place: Place,
    owner: Option<&'d str>,
}

/// Every entity the files declare, each once, in the order they are written.
#[derive(Default)]
struct Declarations<'d> {
    organizations: Vec<Entry<'d, OrganizationDoc>>,
    /// The organisations that files describe (their `[organization]`).
    described: Vec<&'d str>,
    purposes: Vec<Entry<'d, PurposeDoc>>,
    retention_rules: Vec<Entry<'d, RetentionRuleDoc>>,
    data_categories: Vec<Entry<'d, DataCategoryDoc>>,
    data_subjects: Vec<Entry<'d, DataSubjectDoc>>,
    sources: Vec<Entry<'d, SourceDoc>>,
    recipients: Vec<Entry<'d, RecipientDoc>>,
    transfers: Vec<Entry<'d, TransferDoc>>,
    systems: Vec<Entry<'d, SystemDoc>>,
    security_measures: Vec<Entry<'d, SecurityMeasureDoc>>,
    activities: Vec<Entry<'d, ActivityDoc>>,
}

/// A document entry with a key.
trait Keyed: PartialEq {
    fn key(&self) -> &str;
}

macro_rules! keyed {
    ($($doc:ty),*) => {
        $(impl Keyed for $doc {
            fn key(&self) -> &str {
                &self.key
            }
        })*
    };
}

keyed!(
    OrganizationDoc,
    PurposeDoc,
    RetentionRuleDoc,
    DataCategoryDoc,
    DataSubjectDoc,
    SourceDoc,
    RecipientDoc,
    TransferDoc,
    SystemDoc,
    SecurityMeasureDoc,
    ActivityDoc
);

/// Gathers declarations, and the problems of entries declared twice.
struct Collector<'s> {
    sources: &'s [SourceText],
    problems: &'s mut Vec<FileProblem>,
}

impl Collector<'_> {
    /// Adds `entries` of one array to `into`.
    fn declare<'d, D: Keyed>(
        &mut self,
        into: &mut Vec<Entry<'d, D>>,
        entries: &'d [D],
        (source, array): (usize, &'static str),
        owner: Option<&'d str>,
        kind: EntityKind,
    ) {
        for (index, doc) in entries.iter().enumerate() {
            let place = Place {
                source,
                array,
                index: Some(index),
            };
            self.declare_one(into, doc, place, owner, kind);
        }
    }

    /// Adds one entry, refusing a key declared twice with different
    /// contents (the same entry repeated is harmless).
    fn declare_one<'d, D: Keyed>(
        &mut self,
        into: &mut Vec<Entry<'d, D>>,
        doc: &'d D,
        place: Place,
        owner: Option<&'d str>,
        kind: EntityKind,
    ) {
        match into.iter().find(|entry| entry.doc.key() == doc.key()) {
            Some(earlier) if earlier.doc == doc && earlier.owner == owner => {}
            Some(earlier) => {
                let key = [Step::Field("key")];
                let first =
                    self.sources[earlier.place.source].problem(&earlier.place.path(&key), "");
                self.problems.push(self.sources[place.source].problem(
                    &place.path(&key),
                    format!(
                        "{} `{}` is declared twice, differently: also at {}:{}:{}",
                        noun(kind),
                        doc.key(),
                        first.file,
                        first.line,
                        first.column
                    ),
                ));
            }
            None => into.push(Entry { doc, place, owner }),
        }
    }
}

/// How inventory messages name a kind.
fn noun(kind: EntityKind) -> String {
    match kind {
        EntityKind::ProcessingActivity => "activity".to_owned(),
        other => other.to_string(),
    }
}

impl<'d> Declarations<'d> {
    fn collect(
        sources: &[SourceText],
        documents: &'d [Document],
        problems: &mut Vec<FileProblem>,
    ) -> Self {
        use EntityKind as K;
        let mut declared = Declarations::default();
        let mut collector = Collector { sources, problems };
        for (source, document) in documents.iter().enumerate() {
            let owner = document
                .organization
                .as_ref()
                .map(|organization| organization.key.as_str());
            if let Some(organization) = &document.organization {
                let place = Place {
                    source,
                    array: "organization",
                    index: None,
                };
                collector.declare_one(
                    &mut declared.organizations,
                    organization,
                    place,
                    None,
                    K::Organization,
                );
                declared.described.push(&organization.key);
            }
            let d = &mut declared;
            let c = &mut collector;
            c.declare(
                &mut d.organizations,
                &document.organizations,
                (source, "organizations"),
                None,
                K::Organization,
            );
            c.declare(
                &mut d.purposes,
                &document.purposes,
                (source, "purposes"),
                owner,
                K::Purpose,
            );
            c.declare(
                &mut d.retention_rules,
                &document.retention_rules,
                (source, "retention_rules"),
                owner,
                K::RetentionRule,
            );
            c.declare(
                &mut d.data_categories,
                &document.data_categories,
                (source, "data_categories"),
                owner,
                K::DataCategory,
            );
            c.declare(
                &mut d.data_subjects,
                &document.data_subjects,
                (source, "data_subjects"),
                owner,
                K::DataSubjectCategory,
            );
            c.declare(
                &mut d.sources,
                &document.sources,
                (source, "sources"),
                owner,
                K::Source,
            );
            c.declare(
                &mut d.recipients,
                &document.recipients,
                (source, "recipients"),
                owner,
                K::Recipient,
            );
            c.declare(
                &mut d.transfers,
                &document.transfers,
                (source, "transfers"),
                owner,
                K::Transfer,
            );
            c.declare(
                &mut d.systems,
                &document.systems,
                (source, "systems"),
                owner,
                K::System,
            );
            c.declare(
                &mut d.security_measures,
                &document.security_measures,
                (source, "security_measures"),
                owner,
                K::SecurityMeasure,
            );
            if owner.is_none() && !document.activities.is_empty() {
                c.problems.push(sources[source].problem(
                    &[Step::Field("activities")],
                    "activities belong to an organisation: add an [organization] table to this file",
                ));
                continue;
            }
            c.declare(
                &mut d.activities,
                &document.activities,
                (source, "activities"),
                owner,
                K::ProcessingActivity,
            );
        }
        declared.organizations = ordered(declared.organizations, |doc| {
            [&doc.eu_representative, &doc.uk_representative, &doc.parent]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect()
        });
        declared.data_categories = ordered(declared.data_categories, |doc| {
            doc.parent.iter().map(String::as_str).collect()
        });
        declared
    }

    /// Every reference names an entity the files declare or the database
    /// has; each wrong one is a problem, with the nearest key offered.
    fn check_references(&self, run: &mut Run<'_>) {
        let mut known: HashMap<EntityKind, BTreeSet<String>> = HashMap::new();
        for kind in EntityKind::ALL {
            let keys = known.entry(kind).or_default();
            keys.extend(run.known.keys_of(kind).map(str::to_owned));
        }
        let mut add = |kind: EntityKind, keys: Vec<&str>| {
            known
                .entry(kind)
                .or_default()
                .extend(keys.into_iter().map(str::to_owned));
        };
        add(
            EntityKind::Organization,
            self.organizations
                .iter()
                .map(|e| e.doc.key.as_str())
                .collect(),
        );
        add(
            EntityKind::Purpose,
            self.purposes.iter().map(|e| e.doc.key.as_str()).collect(),
        );
        add(
            EntityKind::RetentionRule,
            self.retention_rules
                .iter()
                .map(|e| e.doc.key.as_str())
                .collect(),
        );
        add(
            EntityKind::DataCategory,
            self.data_categories
                .iter()
                .map(|e| e.doc.key.as_str())
                .collect(),
        );
        add(
            EntityKind::DataSubjectCategory,
            self.data_subjects
                .iter()
                .map(|e| e.doc.key.as_str())
                .collect(),
        );
        add(
            EntityKind::Source,
            self.sources.iter().map(|e| e.doc.key.as_str()).collect(),
        );
        add(
            EntityKind::Recipient,
            self.recipients.iter().map(|e| e.doc.key.as_str()).collect(),
        );
        add(
            EntityKind::Transfer,
            self.transfers.iter().map(|e| e.doc.key.as_str()).collect(),
        );
        add(
            EntityKind::System,
            self.systems.iter().map(|e| e.doc.key.as_str()).collect(),
        );
        add(
            EntityKind::SecurityMeasure,
            self.security_measures
                .iter()
                .map(|e| e.doc.key.as_str())
                .collect(),
        );
        let mut checker = References { run, known };

        for entry in &self.organizations {
            let holder = (EntityKind::Organization, entry.doc.key.as_str());
            for (field, key) in [
                ("eu_representative", &entry.doc.eu_representative),
                ("uk_representative", &entry.doc.uk_representative),
                ("parent", &entry.doc.parent),
            ] {
                if let Some(key) = key {
                    checker.refers(
                        holder,
                        EntityKind::Organization,
                        key,
                        entry.place,
                        &[Step::Field(field)],
                    );
                }
            }
        }
        for entry in &self.data_categories {
            let holder = (EntityKind::DataCategory, entry.doc.key.as_str());
            if let Some(parent) = &entry.doc.parent {
                checker.refers(
                    holder,
                    EntityKind::DataCategory,
                    parent,
                    entry.place,
                    &[Step::Field("parent")],
                );
            }
            checker.links(
                holder,
                EntityKind::RetentionRule,
                &entry.doc.retention_rules,
                entry.place,
                "retention_rules",
            );
        }
        for entry in &self.transfers {
            if let Some(recipient) = &entry.doc.recipient {
                let holder = (EntityKind::Transfer, entry.doc.key.as_str());
                checker.refers(
                    holder,
                    EntityKind::Recipient,
                    recipient,
                    entry.place,
                    &[Step::Field("recipient")],
                );
            }
        }
        for entry in &self.systems {
            if let Some(vendor) = &entry.doc.vendor {
                let holder = (EntityKind::System, entry.doc.key.as_str());
                checker.refers(
                    holder,
                    EntityKind::Recipient,
                    vendor,
                    entry.place,
                    &[Step::Field("vendor")],
                );
            }
        }
        for entry in &self.activities {
            let doc = entry.doc;
            let holder = (EntityKind::ProcessingActivity, doc.key.as_str());
            checker.links(
                holder,
                EntityKind::Organization,
                &doc.controllers,
                entry.place,
                "controllers",
            );
            let purposes: Vec<String> = doc
                .purposes
                .iter()
                .map(|link| link.purpose.clone())
                .collect();
            checker.repeats(
                holder,
                EntityKind::Purpose,
                &purposes,
                entry.place,
                "purposes",
            );
            for (index, link) in doc.purposes.iter().enumerate() {
                let at = [
                    Step::Field("purposes"),
                    Step::Index(index),
                    Step::Field("purpose"),
                ];
                checker.links_one(holder, EntityKind::Purpose, &link.purpose, entry.place, &at);
            }
            let mut seen = HashSet::new();
            for (index, link) in doc.data_categories.iter().enumerate() {
                let at = [Step::Field("data_categories"), Step::Index(index)];
                if !seen.insert((&link.data_category, &link.source)) {
                    checker.problem(
                        entry.place,
                        &at,
                        format!(
                            "activity `{}` lists data category `{}` from the same source twice",
                            doc.key, link.data_category
                        ),
                    );
                }
                let category = [at[0], at[1], Step::Field("data_category")];
                checker.links_one(
                    holder,
                    EntityKind::DataCategory,
                    &link.data_category,
                    entry.place,
                    &category,
                );
                if let Some(source) = &link.source {
                    let field = [at[0], at[1], Step::Field("source")];
                    checker.links_one(holder, EntityKind::Source, source, entry.place, &field);
                }
            }
            checker.links(
                holder,
                EntityKind::DataSubjectCategory,
                &doc.data_subjects,
                entry.place,
                "data_subjects",
            );
            checker.links(
                holder,
                EntityKind::Recipient,
                &doc.recipients,
                entry.place,
                "recipients",
            );
            checker.links(
                holder,
                EntityKind::Transfer,
                &doc.transfers,
                entry.place,
                "transfers",
            );
            checker.links(
                holder,
                EntityKind::RetentionRule,
                &doc.retention_rules,
                entry.place,
                "retention_rules",
            );
            checker.links(
                holder,
                EntityKind::System,
                &doc.systems,
                entry.place,
                "systems",
            );
            checker.links(
                holder,
                EntityKind::SecurityMeasure,
                &doc.security_measures,
                entry.place,
                "security_measures",
            );
        }
    }
}

/// Orders entries so that each comes after the declared entries it refers
/// to (parents before children, representatives before the represented).
/// References in a circle keep their file order; the database refuses
/// nothing there, and the domain refuses a category beneath itself.
fn ordered<'d, D: Keyed>(
    entries: Vec<Entry<'d, D>>,
    refers: impl Fn(&D) -> Vec<&str>,
) -> Vec<Entry<'d, D>> {
    let index: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(at, e)| (e.doc.key(), at))
        .collect();
    let mut order = Vec::with_capacity(entries.len());
    let mut state = vec![0u8; entries.len()]; // 0 new, 1 in progress, 2 placed
    fn visit<D: Keyed>(
        at: usize,
        entries: &[Entry<'_, D>],
        index: &HashMap<&str, usize>,
        refers: &dyn Fn(&D) -> Vec<&str>,
        state: &mut [u8],
        order: &mut Vec<usize>,
    ) {
        if state[at] != 0 {
            return;
        }
        state[at] = 1;
        for key in refers(entries[at].doc) {
            if let Some(&next) = index.get(key) {
                visit(next, entries, index, refers, state, order);
            }
        }
        state[at] = 2;
        order.push(at);
    }
    for at in 0..entries.len() {
        visit(at, &entries, &index, &refers, &mut state, &mut order);
    }
    let mut slots: Vec<Option<Entry<'d, D>>> = entries.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|at| slots[at].take())
        .collect()
}

/// Checks references against the keys the files and the database know.
struct References<'r, 'a> {
    run: &'r mut Run<'a>,
    known: HashMap<EntityKind, BTreeSet<String>>,
}

impl References<'_, '_> {
    fn problem(&mut self, place: Place, at: &[Step<'_>], message: String) {
        let problem = self.run.sources[place.source].problem(&place.path(at), message);
        self.run.problems.push(problem);
    }

    fn unknown(&self, kind: EntityKind, key: &str) -> Option<String> {
        let keys = self.known.get(&kind)?;
        if keys.contains(key) {
            return None;
        }
        let nearest = keys
            .iter()
            .map(|candidate| (strsim::jaro_winkler(key, candidate), candidate))
            .filter(|(score, _)| *score >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, candidate)| format!(" (did you mean `{candidate}`?)"))
            .unwrap_or_default();
        Some(nearest)
    }

    fn refers(
        &mut self,
        holder: (EntityKind, &str),
        kind: EntityKind,
        key: &str,
        place: Place,
        at: &[Step<'_>],
    ) {
        if let Some(hint) = self.unknown(kind, key) {
            let message = format!(
                "{} `{}` refers to unknown {kind} `{key}`{hint}",
                noun(holder.0),
                holder.1
            );
            self.problem(place, at, message);
        }
    }

    fn links_one(
        &mut self,
        holder: (EntityKind, &str),
        kind: EntityKind,
        key: &str,
        place: Place,
        at: &[Step<'_>],
    ) {
        if let Some(hint) = self.unknown(kind, key) {
            let message = format!(
                "{} `{}` links unknown {kind} `{key}`{hint}",
                noun(holder.0),
                holder.1
            );
            self.problem(place, at, message);
        }
    }

    fn links(
        &mut self,
        holder: (EntityKind, &str),
        kind: EntityKind,
        keys: &[String],
        place: Place,
        field: &'static str,
    ) {
        self.repeats(holder, kind, keys, place, field);
        for (index, key) in keys.iter().enumerate() {
            self.links_one(
                holder,
                kind,
                key,
                place,
                &[Step::Field(field), Step::Index(index)],
            );
        }
    }

    fn repeats(
        &mut self,
        holder: (EntityKind, &str),
        kind: EntityKind,
        keys: &[String],
        place: Place,
        field: &'static str,
    ) {
        for (index, key) in keys.iter().enumerate() {
            if keys[..index].contains(key) {
                let message = format!(
                    "{} `{}` lists {kind} `{key}` twice",
                    noun(holder.0),
                    holder.1
                );
                self.problem(place, &[Step::Field(field), Step::Index(index)], message);
            }
        }
    }
}

/// The state of one apply: its transaction, what it knows, what it did.
struct Run<'a> {
    txn: &'a DatabaseTransaction,
    sources: &'a [SourceText],
    graph: &'a Inventory,
    known: KnownKeys,
    problems: Vec<FileProblem>,
    changes: Vec<Change>,
    /// Entities whose entry had a problem: references to them are not
    /// reported again.
    failed: HashSet<(EntityKind, String)>,
    new_links: NewLinks,
}

impl<'a> Run<'a> {
    fn new(
        txn: &'a DatabaseTransaction,
        sources: &'a [SourceText],
        graph: &'a Inventory,
        problems: Vec<FileProblem>,
    ) -> Self {
        let mut known = KnownKeys::default();
        remember::<organization::Entity>(&mut known, graph);
        remember::<processing_activity::Entity>(&mut known, graph);
        remember::<purpose::Entity>(&mut known, graph);
        remember::<data_category::Entity>(&mut known, graph);
        remember::<data_subject_category::Entity>(&mut known, graph);
        remember::<source::Entity>(&mut known, graph);
        remember::<recipient::Entity>(&mut known, graph);
        remember::<transfer::Entity>(&mut known, graph);
        remember::<retention_rule::Entity>(&mut known, graph);
        remember::<system::Entity>(&mut known, graph);
        remember::<security_measure::Entity>(&mut known, graph);
        Run {
            txn,
            sources,
            graph,
            known,
            problems,
            changes: Vec::new(),
            failed: HashSet::new(),
            new_links: NewLinks::default(),
        }
    }

    async fn execute(&mut self, declared: &Declarations<'_>, prune: bool) -> Result<()> {
        for entry in &declared.organizations {
            let attributes = convert::organization(entry.doc);
            self.upsert::<organization::Entity>(entry.doc, entry.place, attributes, |_| ())
                .await?;
        }
        for entry in &declared.purposes {
            let attributes = convert::purpose(entry.doc, entry.owner);
            self.upsert::<purpose::Entity>(entry.doc, entry.place, attributes, |_| ())
                .await?;
        }
        for entry in &declared.retention_rules {
            let attributes = convert::retention_rule(entry.doc, entry.owner);
            self.upsert::<retention_rule::Entity>(entry.doc, entry.place, attributes, |_| ())
                .await?;
        }
        for entry in &declared.data_categories {
            let attributes = convert::data_category(entry.doc, entry.owner);
            let sensitivity = convert::sensitivity(entry.doc);
            self.upsert::<data_category::Entity>(
                entry.doc,
                entry.place,
                attributes,
                move |model| {
                    model.sensitivity = Set(sensitivity);
                },
            )
            .await?;
        }
        for entry in &declared.data_subjects {
            let attributes = convert::data_subject(entry.doc, entry.owner);
            self.upsert::<data_subject_category::Entity>(
                entry.doc,
                entry.place,
                attributes,
                |_| (),
            )
            .await?;
        }
        for entry in &declared.sources {
            let attributes = convert::source(entry.doc, entry.owner);
            let kind = entry.doc.kind.into();
            self.upsert::<source::Entity>(entry.doc, entry.place, attributes, move |model| {
                model.kind = Set(kind)
            })
            .await?;
        }
        for entry in &declared.recipients {
            let attributes = convert::recipient(entry.doc, entry.owner);
            let kind = entry.doc.kind.into();
            self.upsert::<recipient::Entity>(entry.doc, entry.place, attributes, move |model| {
                model.kind = Set(kind)
            })
            .await?;
        }
        for entry in &declared.transfers {
            match convert::transfer(entry.doc, entry.owner) {
                Ok(attributes) => {
                    self.upsert::<transfer::Entity>(entry.doc, entry.place, attributes, |_| ())
                        .await?;
                }
                Err(err) => self.report(EntityKind::Transfer, &entry.doc.key, entry.place, err)?,
            }
        }
        for entry in &declared.systems {
            let attributes = convert::system(entry.doc, entry.owner);
            self.upsert::<system::Entity>(entry.doc, entry.place, attributes, |_| ())
                .await?;
        }
        for entry in &declared.security_measures {
            let attributes = convert::security_measure(entry.doc, entry.owner);
            let kind = entry.doc.kind.into();
            self.upsert::<security_measure::Entity>(
                entry.doc,
                entry.place,
                attributes,
                move |model| {
                    model.kind = Set(kind);
                },
            )
            .await?;
        }
        self.category_retention(declared).await?;
        self.activities(declared).await?;
        // With problems, nothing is kept: no need to write the links.
        if self.problems.is_empty() {
            std::mem::take(&mut self.new_links).write(self.txn).await?;
        }
        if prune {
            self.prune(declared).await?;
        }
        Ok(())
    }

    /// Creates or updates one entity; returns it (none after a problem)
    /// and what happened to it, which it has not yet recorded.
    async fn prepare_and_write<E: Editable + InGraph>(
        &mut self,
        doc: &(impl Keyed + HasName),
        place: Place,
        attributes: E::Attributes,
        required: impl FnOnce(&mut E::ActiveModel) + Send,
    ) -> Result<Option<(E::Model, Action)>> {
        let keys = Keys::with_known(self.txn, &self.known);
        let desired =
            match write::prepare::<E>(&keys, doc.key(), doc.name(), attributes, required).await {
                Ok(desired) => desired,
                Err(err) => {
                    self.report(E::KIND, doc.key(), place, err)?;
                    return Ok(None);
                }
            };
        let written = match self.graph.table::<E>().by_key(doc.key()) {
            None => {
                let created = write::insert::<E>(self.txn, desired).await?;
                self.known.insert(E::KIND, doc.key(), E::id(&created));
                (created, Action::Created)
            }
            Some(current) if write::differs::<E>(current, &desired) => (
                write::overwrite::<E>(self.txn, current, &desired).await?,
                Action::Updated,
            ),
            Some(current) => (current.clone(), Action::Unchanged),
        };
        Ok(Some(written))
    }

    async fn upsert<E: Editable + InGraph>(
        &mut self,
        doc: &(impl Keyed + HasName),
        place: Place,
        attributes: E::Attributes,
        required: impl FnOnce(&mut E::ActiveModel) + Send,
    ) -> Result<Option<E::Model>> {
        let written = self
            .prepare_and_write::<E>(doc, place, attributes, required)
            .await?;
        Ok(written.map(|(model, action)| {
            self.record(E::KIND, doc.key(), action);
            model
        }))
    }

    fn record(&mut self, kind: EntityKind, key: &str, action: Action) {
        self.changes.push(Change {
            kind,
            key: key.to_owned(),
            action,
        });
    }

    /// Turns a domain error about an entry into a problem at its place;
    /// errors of the database stop the apply.
    fn report(&mut self, kind: EntityKind, key: &str, place: Place, err: Error) -> Result<()> {
        self.report_within(kind, key, place, &[], err)
    }

    /// As `report`, for a problem inside the entry at `within` (a link).
    fn report_within(
        &mut self,
        kind: EntityKind,
        key: &str,
        place: Place,
        within: &[Step<'_>],
        err: Error,
    ) -> Result<()> {
        self.failed.insert((kind, key.to_owned()));
        let source = &self.sources[place.source];
        let problem = match err {
            Error::Invalid { field, reason, .. } => {
                let path: Vec<String> = field.split('.').map(snake_case).collect();
                let mut steps: Vec<Step<'_>> = within.to_vec();
                steps.extend(path.iter().map(|part| Step::Field(part.as_str())));
                source.problem(
                    &place.path(&steps),
                    format!("{} `{key}`: {reason}", noun(kind)),
                )
            }
            Error::NotFound {
                kind: missing,
                key: missing_key,
            } => {
                if self.failed.contains(&(missing, missing_key.clone())) {
                    return Ok(());
                }
                source.problem(
                    &place.path(&[Step::Field("key")]),
                    format!(
                        "{} `{key}`: {missing} `{missing_key}` not found",
                        noun(kind)
                    ),
                )
            }
            Error::InUse { .. } | Error::Conflict { .. } | Error::NotLinked { .. } => {
                source.problem(&place.path(&[Step::Field("key")]), err.to_string())
            }
            internal => return Err(internal),
        };
        self.problems.push(problem);
        Ok(())
    }

    async fn category_retention(&mut self, declared: &Declarations<'_>) -> Result<()> {
        let stored: Vec<&data_category::Model> = declared
            .data_categories
            .iter()
            .filter_map(|entry| self.graph.data_categories.by_key(&entry.doc.key))
            .collect();
        // Links are synced with the graph as read: nobody may change them
        // in between.
        write::lock_unchanged::<data_category::Entity>(self.txn, &stored).await?;
        let existing = grouped::<data_category_retention::Entity>(self.graph);
        for entry in &declared.data_categories {
            let Some(category) = self.known.get(EntityKind::DataCategory, &entry.doc.key) else {
                continue;
            };
            let Some(wanted) = self.ids::<retention_rule::Entity>(&entry.doc.retention_rules)
            else {
                continue;
            };
            let changed = sync_links::<data_category_retention::Entity>(
                self.txn,
                category,
                &wanted,
                existing.get(&category),
                &mut self.new_links.category_retentions,
            )
            .await?;
            if changed {
                self.mark_updated(EntityKind::DataCategory, &entry.doc.key);
            }
        }
        Ok(())
    }

    /// Ids of known keys, or none when one of them failed earlier.
    fn ids<E: Node>(&self, keys: &[String]) -> Option<Vec<i32>> {
        keys.iter()
            .map(|key| self.known.get(E::KIND, key))
            .collect()
    }

    /// An entity recorded as unchanged whose links changed is updated.
    fn mark_updated(&mut self, kind: EntityKind, key: &str) {
        let unchanged = |change: &&mut Change| {
            change.kind == kind && change.key == key && change.action == Action::Unchanged
        };
        if let Some(change) = self.changes.iter_mut().find(unchanged) {
            change.action = Action::Updated;
        }
    }

    async fn activities(&mut self, declared: &Declarations<'_>) -> Result<()> {
        let stored: Vec<&processing_activity::Model> = declared
            .activities
            .iter()
            .filter_map(|entry| self.graph.activities.by_key(&entry.doc.key))
            .collect();
        // Links are synced with the graph as read: nobody may change them
        // in between.
        write::lock_unchanged::<processing_activity::Entity>(self.txn, &stored).await?;
        let existing = ExistingLinks::of(self.graph);
        for entry in &declared.activities {
            let Some(organization_id) = entry
                .owner
                .and_then(|owner| self.known.get(EntityKind::Organization, owner))
            else {
                continue;
            };
            let doc = entry.doc;
            let attributes = convert::activity(doc);
            let required = convert::activity_required(doc, organization_id);
            let Some((activity, action)) = self
                .prepare_and_write::<processing_activity::Entity>(
                    doc,
                    entry.place,
                    attributes,
                    required,
                )
                .await?
            else {
                continue;
            };
            let links_changed = self
                .activity_links(doc, entry.place, activity.id, &existing)
                .await?;
            let action = match action {
                Action::Unchanged if links_changed => {
                    write::touch::<processing_activity::Entity>(self.txn, &activity).await?;
                    Action::Updated
                }
                other => other,
            };
            self.record(EntityKind::ProcessingActivity, &doc.key, action);
        }
        Ok(())
    }

    /// Makes an activity's links those of its entry; says whether any changed.
    async fn activity_links(
        &mut self,
        doc: &ActivityDoc,
        place: Place,
        activity: i32,
        existing: &ExistingLinks,
    ) -> Result<bool> {
        // A link to an entity that failed earlier is skipped: its problem
        // is reported already, and nothing will be written.
        let (
            Some(controllers),
            Some(subjects),
            Some(recipients),
            Some(transfers),
            Some(rules),
            Some(systems),
            Some(measures),
        ) = (
            self.ids::<organization::Entity>(&doc.controllers),
            self.ids::<data_subject_category::Entity>(&doc.data_subjects),
            self.ids::<recipient::Entity>(&doc.recipients),
            self.ids::<transfer::Entity>(&doc.transfers),
            self.ids::<retention_rule::Entity>(&doc.retention_rules),
            self.ids::<system::Entity>(&doc.systems),
            self.ids::<security_measure::Entity>(&doc.security_measures),
        )
        else {
            return Ok(false);
        };
        let mut changed = false;
        let txn = self.txn;
        changed |= sync_links::<activity_controller::Entity>(
            txn,
            activity,
            &controllers,
            existing.controllers.get(&activity),
            &mut self.new_links.controllers,
        )
        .await?;
        changed |= sync_links::<activity_data_subject::Entity>(
            txn,
            activity,
            &subjects,
            existing.subjects.get(&activity),
            &mut self.new_links.data_subjects,
        )
        .await?;
        changed |= sync_links::<activity_recipient::Entity>(
            txn,
            activity,
            &recipients,
            existing.recipients.get(&activity),
            &mut self.new_links.recipients,
        )
        .await?;
        changed |= sync_links::<activity_transfer::Entity>(
            txn,
            activity,
            &transfers,
            existing.transfers.get(&activity),
            &mut self.new_links.transfers,
        )
        .await?;
        changed |= sync_links::<activity_retention::Entity>(
            txn,
            activity,
            &rules,
            existing.retention.get(&activity),
            &mut self.new_links.retentions,
        )
        .await?;
        changed |= sync_links::<activity_system::Entity>(
            txn,
            activity,
            &systems,
            existing.systems.get(&activity),
            &mut self.new_links.systems,
        )
        .await?;
        changed |= sync_links::<activity_security_measure::Entity>(
            txn,
            activity,
            &measures,
            existing.measures.get(&activity),
            &mut self.new_links.security_measures,
        )
        .await?;
        changed |= self
            .purpose_links(doc, place, activity, existing.purposes.get(&activity))
            .await?;
        changed |= self
            .data_category_links(doc, activity, existing.data_categories.get(&activity))
            .await?;
        Ok(changed)
    }

    async fn purpose_links(
        &mut self,
        doc: &ActivityDoc,
        place: Place,
        activity: i32,
        existing: Option<&Vec<activity_purpose::Model>>,
    ) -> Result<bool> {
        let mut wanted = Vec::new();
        for (index, link) in doc.purposes.iter().enumerate() {
            let Some(purpose) = self.known.get(EntityKind::Purpose, &link.purpose) else {
                return Ok(false);
            };
            // Listed twice: reported already, and written once.
            if wanted
                .iter()
                .any(|row: &activity_purpose::ActiveModel| *row.purpose_id.as_ref() == purpose)
            {
                continue;
            }
            match purpose_row(activity, purpose, convert::purpose_link(link)) {
                Ok(row) => wanted.push(row),
                Err(err) => {
                    let within = [Step::Field("purposes"), Step::Index(index)];
                    self.report_within(
                        EntityKind::ProcessingActivity,
                        &doc.key,
                        place,
                        &within,
                        err,
                    )?;
                    return Ok(false);
                }
            }
        }
        let existing: HashMap<i32, &activity_purpose::Model> = existing
            .into_iter()
            .flatten()
            .map(|row| (row.purpose_id, row))
            .collect();
        let mut changed = false;
        for row in &wanted {
            let purpose = *row.purpose_id.as_ref();
            match existing.get(&purpose) {
                Some(current) if same_purpose_link(current, row) => {}
                Some(current) => {
                    let mut update = row.clone();
                    update.created_at = sea_orm::ActiveValue::Unchanged(current.created_at);
                    update.update(self.txn).await?;
                    changed = true;
                }
                None => {
                    self.new_links.purposes.push(row.clone());
                    changed = true;
                }
            }
        }
        for (purpose, _) in existing {
            if !wanted.iter().any(|row| *row.purpose_id.as_ref() == purpose) {
                activity_purpose::Entity::delete_by_id((activity, purpose))
                    .exec(self.txn)
                    .await?;
                changed = true;
            }
        }
        Ok(changed)
    }

    async fn data_category_links(
        &mut self,
        doc: &ActivityDoc,
        activity: i32,
        existing: Option<&Vec<activity_data_category::Model>>,
    ) -> Result<bool> {
        let mut wanted = Vec::new();
        for link in &doc.data_categories {
            let Some(category) = self
                .known
                .get(EntityKind::DataCategory, &link.data_category)
            else {
                return Ok(false);
            };
            let source = match &link.source {
                Some(key) => match self.known.get(EntityKind::Source, key) {
                    Some(id) => Some(id),
                    None => return Ok(false),
                },
                None => None,
            };
            // Listed twice: reported already, and written once.
            if !wanted.iter().any(|&(c, s, _)| c == category && s == source) {
                wanted.push((category, source, link.required));
            }
        }
        let existing: Vec<&activity_data_category::Model> =
            existing.into_iter().flatten().collect();
        let mut changed = false;
        for &(category, source, required) in &wanted {
            let current = existing
                .iter()
                .find(|row| row.data_category_id == category && row.source_id == source);
            match current {
                Some(row) if row.required == required => {}
                Some(row) => {
                    let mut update: activity_data_category::ActiveModel = (*row).clone().into();
                    update.required = Set(required);
                    update.update(self.txn).await?;
                    changed = true;
                }
                None => {
                    self.new_links
                        .data_categories
                        .push(activity_data_category::ActiveModel {
                            activity_id: Set(activity),
                            data_category_id: Set(category),
                            source_id: Set(source),
                            required: Set(required),
                            created_at: Set(write::now()),
                            ..Default::default()
                        });
                    changed = true;
                }
            }
        }
        for row in existing {
            if !wanted.iter().any(|&(category, source, _)| {
                row.data_category_id == category && row.source_id == source
            }) {
                activity_data_category::Entity::delete_by_id(row.id)
                    .exec(self.txn)
                    .await?;
                changed = true;
            }
        }
        Ok(changed)
    }

    /// Deletes what the described organisations own that the files no
    /// longer declare: their activities first, then their catalogue entries.
    async fn prune(&mut self, declared: &Declarations<'_>) -> Result<()> {
        for owner_key in &declared.described {
            let Some(owner) = self
                .graph
                .organizations
                .by_key(owner_key)
                .map(|found| found.id)
            else {
                continue;
            };
            let place = declared
                .organizations
                .iter()
                .find(|entry| entry.doc.key == *owner_key)
                .map(|entry| entry.place)
                .unwrap_or(Place {
                    source: 0,
                    array: "organization",
                    index: None,
                });
            let keep: HashSet<&str> = declared
                .activities
                .iter()
                .map(|entry| entry.doc.key.as_str())
                .collect();
            let activities: Vec<(i32, String)> = self
                .graph
                .activities
                .all()
                .iter()
                .filter(|activity| {
                    activity.organization_id == owner && !keep.contains(activity.key.as_str())
                })
                .map(|activity| (activity.id, activity.key.clone()))
                .collect();
            for (id, key) in activities {
                self.delete(EntityKind::ProcessingActivity, id, &key, place)
                    .await?;
            }
            self.prune_owned::<purpose::Entity>(
                owner,
                declared.purposes.iter().map(|e| e.doc.key.as_str()),
                place,
            )
            .await?;
            self.prune_owned::<security_measure::Entity>(
                owner,
                declared
                    .security_measures
                    .iter()
                    .map(|e| e.doc.key.as_str()),
                place,
            )
            .await?;
            self.prune_owned::<system::Entity>(
                owner,
                declared.systems.iter().map(|e| e.doc.key.as_str()),
                place,
            )
            .await?;
            self.prune_owned::<transfer::Entity>(
                owner,
                declared.transfers.iter().map(|e| e.doc.key.as_str()),
                place,
            )
            .await?;
            self.prune_owned::<recipient::Entity>(
                owner,
                declared.recipients.iter().map(|e| e.doc.key.as_str()),
                place,
            )
            .await?;
            self.prune_owned::<source::Entity>(
                owner,
                declared.sources.iter().map(|e| e.doc.key.as_str()),
                place,
            )
            .await?;
            self.prune_owned::<data_subject_category::Entity>(
                owner,
                declared.data_subjects.iter().map(|e| e.doc.key.as_str()),
                place,
            )
            .await?;
            self.prune_owned::<data_category::Entity>(
                owner,
                declared.data_categories.iter().map(|e| e.doc.key.as_str()),
                place,
            )
            .await?;
            self.prune_owned::<retention_rule::Entity>(
                owner,
                declared.retention_rules.iter().map(|e| e.doc.key.as_str()),
                place,
            )
            .await?;
        }
        Ok(())
    }

    async fn prune_owned<'k, E: InGraph>(
        &mut self,
        owner: i32,
        declared: impl Iterator<Item = &'k str>,
        place: Place,
    ) -> Result<()> {
        let keep: HashSet<&str> = declared.collect();
        let Some(owner_column) =
            E::Column::iter().find(|column| column.as_str() == "organization_id")
        else {
            return Ok(());
        };
        let stale: Vec<(i32, String)> = self
            .graph
            .table::<E>()
            .all()
            .iter()
            .filter(|row| {
                row.get(owner_column) == Value::Int(Some(owner)) && !keep.contains(E::key(row))
            })
            .map(|row| (E::id(row), E::key(row).to_owned()))
            .collect();
        for (id, key) in stale {
            self.delete(E::KIND, id, &key, place).await?;
        }
        Ok(())
    }

    async fn delete(&mut self, kind: EntityKind, id: i32, key: &str, place: Place) -> Result<()> {
        match deletion::delete_in(self.txn, (kind, id, key), false).await {
            Ok(_) => {
                self.record(kind, key, Action::Deleted);
                Ok(())
            }
            Err(Error::InUse { target, used_by }) => {
                let users: Vec<String> = used_by.iter().map(ToString::to_string).collect();
                let message = format!("cannot prune {target}: {} still uses it", users.join(", "));
                let problem =
                    self.sources[place.source].problem(&place.path(&[Step::Field("key")]), message);
                self.problems.push(problem);
                Ok(())
            }
            Err(other) => Err(other),
        }
    }
}

/// The name every entry has.
trait HasName {
    fn name(&self) -> &str;
}

macro_rules! named {
    ($($doc:ty),*) => {
        $(impl HasName for $doc {
            fn name(&self) -> &str {
                &self.name
            }
        })*
    };
}

named!(
    OrganizationDoc,
    PurposeDoc,
    RetentionRuleDoc,
    DataCategoryDoc,
    DataSubjectDoc,
    SourceDoc,
    RecipientDoc,
    TransferDoc,
    SystemDoc,
    SecurityMeasureDoc,
    ActivityDoc
);

fn remember<E: InGraph>(known: &mut KnownKeys, graph: &Inventory) {
    for row in graph.table::<E>().all() {
        known.insert(E::KIND, E::key(row), E::id(row));
    }
}

/// `camelCase` field names of the API as the file spells them.
fn snake_case(field: &str) -> String {
    let mut snake = String::with_capacity(field.len() + 4);
    for c in field.chars() {
        if c.is_ascii_uppercase() {
            snake.push('_');
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    snake
}

/// The links of the graph, grouped by the entity they go from.
struct ExistingLinks {
    controllers: HashMap<i32, BTreeSet<i32>>,
    subjects: HashMap<i32, BTreeSet<i32>>,
    recipients: HashMap<i32, BTreeSet<i32>>,
    transfers: HashMap<i32, BTreeSet<i32>>,
    retention: HashMap<i32, BTreeSet<i32>>,
    systems: HashMap<i32, BTreeSet<i32>>,
    measures: HashMap<i32, BTreeSet<i32>>,
    purposes: HashMap<i32, Vec<activity_purpose::Model>>,
    data_categories: HashMap<i32, Vec<activity_data_category::Model>>,
}

impl ExistingLinks {
    fn of(graph: &Inventory) -> Self {
        let mut purposes: HashMap<i32, Vec<activity_purpose::Model>> = HashMap::new();
        for row in &graph.activity_purposes {
            purposes
                .entry(row.activity_id)
                .or_default()
                .push(row.clone());
        }
        let mut data_categories: HashMap<i32, Vec<activity_data_category::Model>> = HashMap::new();
        for row in &graph.activity_data_categories {
            data_categories
                .entry(row.activity_id)
                .or_default()
                .push(row.clone());
        }
        ExistingLinks {
            controllers: grouped::<activity_controller::Entity>(graph),
            subjects: grouped::<activity_data_subject::Entity>(graph),
            recipients: grouped::<activity_recipient::Entity>(graph),
            transfers: grouped::<activity_transfer::Entity>(graph),
            retention: grouped::<activity_retention::Entity>(graph),
            systems: grouped::<activity_system::Entity>(graph),
            measures: grouped::<activity_security_measure::Entity>(graph),
            purposes,
            data_categories,
        }
    }
}

fn grouped<L: LinksInGraph>(graph: &Inventory) -> HashMap<i32, BTreeSet<i32>> {
    let mut groups: HashMap<i32, BTreeSet<i32>> = HashMap::new();
    for row in L::rows(graph) {
        if let (Value::Int(Some(from)), Value::Int(Some(to))) = (row.get(L::FROM), row.get(L::TO)) {
            groups.entry(from).or_default().insert(to);
        }
    }
    groups
}

/// Makes the links of `L` from `from` exactly `wanted`: removes the others
/// at once and adds the new ones to `new` to be written later; says
/// whether any changed.
async fn sync_links<L: Link>(
    txn: &DatabaseTransaction,
    from: i32,
    wanted: &[i32],
    existing: Option<&BTreeSet<i32>>,
    new: &mut Vec<(i32, i32)>,
) -> Result<bool> {
    let empty = BTreeSet::new();
    let existing = existing.unwrap_or(&empty);
    let removed: Vec<i32> = existing
        .iter()
        .copied()
        .filter(|id| !wanted.contains(id))
        .collect();
    // A key listed twice is reported as a problem already; the apply goes
    // on to find more, so it must not write the link twice meanwhile.
    let added: Vec<i32> = wanted
        .iter()
        .copied()
        .filter(|id| !existing.contains(id))
        .collect::<BTreeSet<i32>>()
        .into_iter()
        .collect();
    if !removed.is_empty() {
        L::delete_many()
            .filter(L::FROM.eq(from))
            .filter(L::TO.is_in(removed.iter().copied()))
            .exec(txn)
            .await?;
    }
    new.extend(added.iter().map(|&to| (from, to)));
    Ok(!removed.is_empty() || !added.is_empty())
}

/// The links an apply adds, written once every entity is, a few
/// statements per link table instead of one or more per activity.
#[derive(Default)]
struct NewLinks {
    controllers: Vec<(i32, i32)>,
    data_subjects: Vec<(i32, i32)>,
    recipients: Vec<(i32, i32)>,
    transfers: Vec<(i32, i32)>,
    retentions: Vec<(i32, i32)>,
    systems: Vec<(i32, i32)>,
    security_measures: Vec<(i32, i32)>,
    category_retentions: Vec<(i32, i32)>,
    purposes: Vec<activity_purpose::ActiveModel>,
    data_categories: Vec<activity_data_category::ActiveModel>,
}

impl NewLinks {
    async fn write(self, txn: &DatabaseTransaction) -> Result<()> {
        links::insert_pairs::<activity_controller::Entity>(txn, &self.controllers).await?;
        links::insert_pairs::<activity_data_subject::Entity>(txn, &self.data_subjects).await?;
        links::insert_pairs::<activity_recipient::Entity>(txn, &self.recipients).await?;
        links::insert_pairs::<activity_transfer::Entity>(txn, &self.transfers).await?;
        links::insert_pairs::<activity_retention::Entity>(txn, &self.retentions).await?;
        links::insert_pairs::<activity_system::Entity>(txn, &self.systems).await?;
        links::insert_pairs::<activity_security_measure::Entity>(txn, &self.security_measures)
            .await?;
        links::insert_pairs::<data_category_retention::Entity>(txn, &self.category_retentions)
            .await?;
        insert_chunked::<activity_purpose::Entity>(txn, &self.purposes).await?;
        insert_chunked::<activity_data_category::Entity>(txn, &self.data_categories).await
    }
}

/// Inserts links with attributes of their own, in as few statements as the
/// database allows.
async fn insert_chunked<E: EntityTrait>(
    txn: &DatabaseTransaction,
    rows: &[E::ActiveModel],
) -> Result<()>
where
    E::ActiveModel: Clone,
{
    for chunk in rows.chunks(write::rows_per_insert::<E>()) {
        E::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}
