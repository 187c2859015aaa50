//! Deleting entities without losing anything silently.
//!
//! Every reference to an entity is listed here with what deleting it means.
//! Without `cascade`, a delete that would remove or change anything other
//! than the entity's own links is refused with `IN_USE`, naming the users;
//! with `cascade`, it removes those links, clears optional references, and
//! deletes what the entity owns, and reports all of it.

use std::future::Future;
use std::pin::Pin;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use entity::enums::AuditAction;
use serde_json::Value;

use crate::domain::audit::{self, Actor, Change};
use crate::domain::kind::EntityKind;
use crate::domain::node::Node;
use crate::domain::write;
use crate::error::{EntityRef, Error, Result};

/// What happened in a delete, for the caller to show.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DeletionReport {
    /// Every entity deleted, the requested one first.
    pub deleted: Vec<EntityRef>,
    /// Entities that lost an optional reference to a deleted entity.
    pub detached: Vec<EntityRef>,
    /// How many link rows were removed.
    pub links_removed: u64,
    /// Every change made, for the audit trail.
    pub changes: Vec<Change>,
}

/// What a reference means for a delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    /// One of the entity's own links: removed with it.
    Part,
    /// Another entity's link to it: blocks, or is removed with `cascade`.
    Link,
    /// An optional reference from another entity: blocks, or is cleared.
    Detach,
    /// An entity it owns: blocks, or is deleted too.
    Owned,
}

/// A column that refers to an entity, and who holds the reference.
#[derive(Debug, Clone, Copy)]
struct Reference {
    table: &'static str,
    column: &'static str,
    /// For a link table, the column naming the entity on the other side;
    /// for an entity table, `None`: the row itself holds the reference.
    other_side: Option<&'static str>,
    holder: EntityKind,
    effect: Effect,
}

const fn link(
    table: &'static str,
    column: &'static str,
    other_side: &'static str,
    holder: EntityKind,
    effect: Effect,
) -> Reference {
    Reference {
        table,
        column,
        other_side: Some(other_side),
        holder,
        effect,
    }
}

const fn row(holder: EntityKind, column: &'static str, effect: Effect) -> Reference {
    Reference {
        table: holder.table(),
        column,
        other_side: None,
        holder,
        effect,
    }
}

fn references(kind: EntityKind) -> Vec<Reference> {
    use Effect::*;
    use EntityKind::*;
    const ACTIVITY: &str = "activity_id";
    match kind {
        Organization => {
            let mut refs = vec![
                row(ProcessingActivity, "organization_id", Owned),
                link(
                    "activity_controller",
                    "organization_id",
                    ACTIVITY,
                    ProcessingActivity,
                    Link,
                ),
                row(Organization, "eu_representative_id", Detach),
                row(Organization, "uk_representative_id", Detach),
                row(Organization, "parent_id", Detach),
            ];
            refs.extend(
                EntityKind::catalogue()
                    .iter()
                    .map(|&owned| row(owned, "organization_id", Owned)),
            );
            refs
        }
        ProcessingActivity => vec![
            link(
                "activity_controller",
                ACTIVITY,
                "organization_id",
                Organization,
                Part,
            ),
            link("activity_purpose", ACTIVITY, "purpose_id", Purpose, Part),
            link(
                "activity_data_category",
                ACTIVITY,
                "data_category_id",
                DataCategory,
                Part,
            ),
            link(
                "activity_data_subject",
                ACTIVITY,
                "data_subject_category_id",
                DataSubjectCategory,
                Part,
            ),
            link(
                "activity_recipient",
                ACTIVITY,
                "recipient_id",
                Recipient,
                Part,
            ),
            link("activity_transfer", ACTIVITY, "transfer_id", Transfer, Part),
            link(
                "activity_retention",
                ACTIVITY,
                "retention_rule_id",
                RetentionRule,
                Part,
            ),
            link("activity_system", ACTIVITY, "system_id", System, Part),
            link(
                "activity_security_measure",
                ACTIVITY,
                "security_measure_id",
                SecurityMeasure,
                Part,
            ),
        ],
        Purpose => vec![link(
            "activity_purpose",
            "purpose_id",
            ACTIVITY,
            ProcessingActivity,
            Link,
        )],
        DataCategory => vec![
            link(
                "data_category_retention",
                "data_category_id",
                "retention_rule_id",
                RetentionRule,
                Part,
            ),
            link(
                "activity_data_category",
                "data_category_id",
                ACTIVITY,
                ProcessingActivity,
                Link,
            ),
            row(DataCategory, "parent_id", Detach),
        ],
        DataSubjectCategory => vec![link(
            "activity_data_subject",
            "data_subject_category_id",
            ACTIVITY,
            ProcessingActivity,
            Link,
        )],
        Source => vec![link(
            "activity_data_category",
            "source_id",
            ACTIVITY,
            ProcessingActivity,
            Link,
        )],
        Recipient => vec![
            link(
                "activity_recipient",
                "recipient_id",
                ACTIVITY,
                ProcessingActivity,
                Link,
            ),
            row(Transfer, "recipient_id", Detach),
            row(System, "vendor_id", Detach),
        ],
        Transfer => vec![link(
            "activity_transfer",
            "transfer_id",
            ACTIVITY,
            ProcessingActivity,
            Link,
        )],
        RetentionRule => vec![
            link(
                "activity_retention",
                "retention_rule_id",
                ACTIVITY,
                ProcessingActivity,
                Link,
            ),
            link(
                "data_category_retention",
                "retention_rule_id",
                "data_category_id",
                DataCategory,
                Link,
            ),
        ],
        System => vec![link(
            "activity_system",
            "system_id",
            ACTIVITY,
            ProcessingActivity,
            Link,
        )],
        SecurityMeasure => vec![link(
            "activity_security_measure",
            "security_measure_id",
            ACTIVITY,
            ProcessingActivity,
            Link,
        )],
    }
}

/// Deletes the entity with `key`, in one transaction.
pub async fn delete<E: Node>(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    expected_version: Option<i32>,
    cascade: bool,
) -> Result<DeletionReport> {
    let txn = write::begin(db).await?;
    let target = write::find_for_change::<E>(&txn, key).await?;
    if let Some(expected) = expected_version {
        write::check_version::<E>(&target, expected)?;
    }
    let mut report = DeletionReport::default();
    let target = (E::KIND, E::id(&target), E::key(&target).to_owned());
    delete_entity(&txn, target, cascade, &mut report).await?;
    audit::record_all(&txn, actor, std::mem::take(&mut report.changes)).await?;
    txn.commit().await?;
    report
        .detached
        .retain(|entity| !report.deleted.contains(entity));
    report.detached.sort();
    report.detached.dedup();
    Ok(report)
}

/// Deletes entity `id` of `kind` inside the caller's transaction, as
/// `delete` does, leaving the audit trail to the caller: the report lists
/// the changes.
pub async fn delete_in(
    db: &impl ConnectionTrait,
    (kind, id, key): (EntityKind, i32, &str),
    cascade: bool,
) -> Result<DeletionReport> {
    let mut report = DeletionReport::default();
    delete_entity(db, (kind, id, key.to_owned()), cascade, &mut report).await?;
    Ok(report)
}

/// Deletes one entity and, as the references say, what goes with it,
/// listing each change in the report.
fn delete_entity<'a, C: ConnectionTrait + Sync>(
    db: &'a C,
    (kind, id, key): (EntityKind, i32, String),
    cascade: bool,
    report: &'a mut DeletionReport,
) -> Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>> {
    Box::pin(async move {
        let stored = audit::stored_row(db, kind, id).await?;
        let mut parts = serde_json::Map::new();
        let mut users = Vec::new();
        let mut effects = Vec::new();
        for reference in references(kind) {
            let holders = holders(db, &reference, id).await?;
            if holders.is_empty() {
                continue;
            }
            if reference.effect != Effect::Part && !cascade {
                users.extend(holders.iter().map(|(_, holder_key)| EntityRef {
                    kind: reference.holder,
                    key: holder_key.clone(),
                }));
            }
            effects.push((reference, holders));
        }
        if !users.is_empty() {
            users.sort();
            users.dedup();
            return Err(Error::InUse {
                target: EntityRef { kind, key },
                used_by: users,
            });
        }
        for (reference, holders) in effects {
            match reference.effect {
                Effect::Part | Effect::Link => {
                    let removed = Query::delete()
                        .from_table(Alias::new(reference.table))
                        .and_where(Expr::col(Alias::new(reference.column)).eq(id))
                        .to_owned();
                    report.links_removed += db.execute(&removed).await?.rows_affected();
                    if reference.effect == Effect::Part {
                        let keys = holders.into_iter().map(|(_, key)| Value::String(key));
                        parts.insert(reference.holder.as_str().to_owned(), keys.collect());
                        continue;
                    }
                    for (_, holder_key) in holders {
                        let holder = (reference.holder, holder_key.as_str());
                        let unlinked = (kind, key.as_str());
                        let change = (None, None);
                        report.changes.push(Change::of_link(
                            AuditAction::Unlink,
                            holder,
                            unlinked,
                            change,
                        ));
                    }
                }
                Effect::Detach => {
                    let mut before = Vec::with_capacity(holders.len());
                    for (holder_id, _) in &holders {
                        before.push(audit::stored_row(db, reference.holder, *holder_id).await?);
                    }
                    let cleared = Query::update()
                        .table(Alias::new(reference.table))
                        .value(Alias::new(reference.column), Expr::val(Option::<i32>::None))
                        .value(
                            Alias::new("version"),
                            Expr::col(Alias::new("version")).add(1),
                        )
                        .value(Alias::new("updated_at"), write::now())
                        .and_where(Expr::col(Alias::new(reference.column)).eq(id))
                        .to_owned();
                    db.execute(&cleared).await?;
                    for ((holder_id, holder_key), before) in holders.iter().zip(before) {
                        let after = audit::stored_row(db, reference.holder, *holder_id).await?;
                        report.changes.push(Change {
                            action: AuditAction::Update,
                            kind: reference.holder.as_str(),
                            key: holder_key.clone(),
                            before,
                            after,
                        });
                    }
                    report
                        .detached
                        .extend(holders.into_iter().map(|(_, holder_key)| EntityRef {
                            kind: reference.holder,
                            key: holder_key,
                        }));
                }
                Effect::Owned => {
                    for (holder_id, holder_key) in holders {
                        let owned = (reference.holder, holder_id, holder_key);
                        delete_entity(db, owned, true, report).await?;
                    }
                }
            }
        }
        let deleted = Query::delete()
            .from_table(Alias::new(kind.table()))
            .and_where(Expr::col(Alias::new("id")).eq(id))
            .to_owned();
        db.execute(&deleted).await?;
        // An entity deleted with links of its own is recorded with the keys
        // of what they linked to, so the entry says everything that went.
        let before = if parts.is_empty() {
            stored
        } else {
            let mut described = serde_json::Map::new();
            described.insert(kind.as_str().to_owned(), stored.unwrap_or(Value::Null));
            described.insert("links".to_owned(), Value::Object(parts));
            Some(Value::Object(described))
        };
        report.changes.push(Change {
            action: AuditAction::Delete,
            kind: kind.as_str(),
            key: key.clone(),
            before,
            after: None,
        });
        report.deleted.push(EntityRef { kind, key });
        Ok(())
    })
}

/// The (id, key) of each entity holding `reference` to entity `id`.
async fn holders(
    db: &impl ConnectionTrait,
    reference: &Reference,
    id: i32,
) -> Result<Vec<(i32, String)>> {
    let holder_table = Alias::new(reference.holder.table());
    let mut select = Query::select();
    select
        .column((holder_table.clone(), Alias::new("id")))
        .column((holder_table.clone(), Alias::new("key")))
        .distinct();
    match reference.other_side {
        Some(other_side) => {
            let link_table = Alias::new(reference.table);
            select
                .from(link_table.clone())
                .inner_join(
                    holder_table.clone(),
                    Expr::col((holder_table.clone(), Alias::new("id")))
                        .equals((link_table.clone(), Alias::new(other_side))),
                )
                .and_where(Expr::col((link_table, Alias::new(reference.column))).eq(id));
        }
        None => {
            select
                .from(holder_table.clone())
                .and_where(Expr::col((holder_table.clone(), Alias::new(reference.column))).eq(id));
        }
    }
    select.order_by(
        (holder_table, Alias::new("key")),
        sea_orm::sea_query::Order::Asc,
    );
    let rows = db.query_all(&select).await?;
    rows.into_iter()
        .map(|row| {
            Ok((
                row.try_get_by_index::<i32>(0)?,
                row.try_get_by_index::<String>(1)?,
            ))
        })
        .collect()
}
