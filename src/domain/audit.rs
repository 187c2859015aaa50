//! The audit trail: who changed what and when, with the values before and
//! after (Art. 5(2) accountability). Entries are written in the same
//! transaction as the change they record, so there is an entry for every
//! change that happened and none for one that did not. Nothing updates or
//! deletes them.

use chrono::{DateTime, Utc};
use entity::audit_entry::{ActiveModel, Column, Entity, Model};
use entity::enums::AuditAction;
use sea_orm::ActiveValue::Set;
use sea_orm::prelude::DateTimeWithTimeZone;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::Value;

use crate::domain::kind::EntityKind;
use crate::domain::node::Node;
use crate::domain::token::Principal;
use crate::domain::write;
use crate::error::Result;

/// Who makes a change, as the audit trail names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(String);

impl Actor {
    /// A client of the API, by the name of its token.
    pub fn token(principal: &Principal) -> Self {
        Actor(format!("token:{}", principal.name))
    }

    /// Someone at the command line, by their login name where known.
    pub fn cli() -> Self {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".into());
        Actor(format!("cli:{user}"))
    }

    /// The server itself, doing something on its own (loading the demo).
    pub fn server(what: &str) -> Self {
        Actor(format!("server:{what}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The JSON of a value, for an entry's before or after.
pub fn snapshot(value: &impl Serialize) -> Option<Value> {
    serde_json::to_value(value).ok()
}

/// One change, as the audit trail records it: what was done to which
/// entity (by kind and key), with its values before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub action: AuditAction,
    pub kind: &'static str,
    pub key: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Change {
    /// An entity created (no `before`), updated, or deleted (no `after`):
    /// the stored row on each side.
    pub fn of_entity<E: Node>(before: Option<&E::Model>, after: Option<&E::Model>) -> Option<Self> {
        let action = match (before, after) {
            (None, _) => AuditAction::Create,
            (Some(_), Some(_)) => AuditAction::Update,
            (Some(_), None) => AuditAction::Delete,
        };
        let key = after.or(before).map(|model| E::key(model).to_owned())?;
        Some(Change {
            action,
            kind: E::KIND.as_str(),
            key,
            before: before.and_then(snapshot),
            after: after.and_then(snapshot),
        })
    }

    /// A link from `owner` made (`Link`, also when its attributes change)
    /// or removed (`Unlink`): the entry is the owner's, and each side names
    /// the entity at the other end by key, with the link's attributes.
    pub fn of_link(
        action: AuditAction,
        owner: (EntityKind, &str),
        target: (EntityKind, &str),
        (before, after): (Option<Value>, Option<Value>),
    ) -> Self {
        let describe = |fields: Option<Value>| {
            let mut described = serde_json::Map::new();
            described.insert(
                target.0.as_str().to_owned(),
                Value::String(target.1.to_owned()),
            );
            if let Some(Value::Object(fields)) = fields {
                described.extend(fields);
            }
            Value::Object(described)
        };
        let (before, after) = match action {
            AuditAction::Link => (
                before.map(|fields| describe(Some(fields))),
                Some(describe(after)),
            ),
            _ => (Some(describe(before)), None),
        };
        Change {
            action,
            kind: owner.0.as_str(),
            key: owner.1.to_owned(),
            before,
            after,
        }
    }

    fn into_row(self, actor: &Actor, at: DateTimeWithTimeZone) -> ActiveModel {
        ActiveModel {
            at: Set(at),
            actor: Set(actor.0.clone()),
            action: Set(self.action),
            entity_kind: Set(self.kind.to_owned()),
            entity_key: Set(self.key),
            before: Set(self.before),
            after: Set(self.after),
            ..Default::default()
        }
    }
}

/// Appends one entry.
pub async fn record(db: &impl ConnectionTrait, actor: &Actor, change: Change) -> Result<()> {
    change.into_row(actor, write::now()).insert(db).await?;
    Ok(())
}

/// Appends the entries of one change to the graph made of many, in order
/// and all at the same time.
pub async fn record_all(
    db: &impl ConnectionTrait,
    actor: &Actor,
    changes: Vec<Change>,
) -> Result<()> {
    let at = write::now();
    let mut rows = changes
        .into_iter()
        .map(|change| change.into_row(actor, at))
        .peekable();
    while rows.peek().is_some() {
        let chunk: Vec<ActiveModel> = rows
            .by_ref()
            .take(write::rows_per_insert::<Entity>())
            .collect();
        Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Appends the entry of an entity created, updated or deleted.
pub async fn entity<E: Node>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    before: Option<&E::Model>,
    after: Option<&E::Model>,
) -> Result<()> {
    match Change::of_entity::<E>(before, after) {
        Some(change) => record(db, actor, change).await,
        None => Ok(()),
    }
}

/// The JSON of the stored entity `id` of `kind`, for the entries of changes
/// made by table rather than through a model (deletes).
pub async fn stored_row(
    db: &impl ConnectionTrait,
    kind: EntityKind,
    id: i32,
) -> Result<Option<Value>> {
    use entity::*;
    match kind {
        EntityKind::Organization => row_of::<organization::Entity>(db, id).await,
        EntityKind::ProcessingActivity => row_of::<processing_activity::Entity>(db, id).await,
        EntityKind::Purpose => row_of::<purpose::Entity>(db, id).await,
        EntityKind::DataCategory => row_of::<data_category::Entity>(db, id).await,
        EntityKind::DataSubjectCategory => row_of::<data_subject_category::Entity>(db, id).await,
        EntityKind::Source => row_of::<source::Entity>(db, id).await,
        EntityKind::Recipient => row_of::<recipient::Entity>(db, id).await,
        EntityKind::Transfer => row_of::<transfer::Entity>(db, id).await,
        EntityKind::RetentionRule => row_of::<retention_rule::Entity>(db, id).await,
        EntityKind::System => row_of::<system::Entity>(db, id).await,
        EntityKind::SecurityMeasure => row_of::<security_measure::Entity>(db, id).await,
    }
}

async fn row_of<E: Node>(db: &impl ConnectionTrait, id: i32) -> Result<Option<Value>> {
    Ok(write::find_by_id::<E>(db, id)
        .await?
        .and_then(|row| snapshot(&row)))
}

/// The attributes of a purpose link.
pub fn purpose_link_fields(link: &entity::activity_purpose::Model) -> Value {
    serde_json::json!({
        "lawful_basis": link.lawful_basis,
        "legitimate_interest": link.legitimate_interest,
        "legitimate_interests_assessment_url": link.lia_url,
        "special_category_condition": link.special_category_condition,
        "criminal_offence_condition": link.criminal_offence_condition,
    })
}

/// The attributes of a data category link: the key of its source, and
/// whether providing the data is required.
pub fn data_category_link_fields(source: Option<&str>, required: Option<bool>) -> Value {
    serde_json::json!({ "source": source, "required": required })
}

/// Which entries to read: all conditions given apply.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub kind: Option<String>,
    pub key: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub actor: Option<String>,
    /// Whether entries about API tokens are included (admins only).
    pub include_tokens: bool,
}

/// The kind under which changes to API tokens are recorded.
pub const TOKEN_KIND: &str = "api_token";

/// The newest `limit` entries that match and were written before entry
/// `before` (all of them without it), newest first.
pub async fn entries(
    db: &impl ConnectionTrait,
    filter: AuditFilter,
    before: Option<i32>,
    limit: u64,
) -> Result<Vec<Model>> {
    let mut condition = Condition::all();
    if let Some(kind) = filter.kind {
        condition = condition.add(Column::EntityKind.eq(kind));
    }
    if let Some(key) = filter.key {
        condition = condition.add(Column::EntityKey.eq(key));
    }
    if let Some(since) = filter.since {
        condition = condition.add(Column::At.gte(since.fixed_offset()));
    }
    if let Some(actor) = filter.actor {
        condition = condition.add(Column::Actor.eq(actor));
    }
    if !filter.include_tokens {
        condition = condition.add(Column::EntityKind.ne(TOKEN_KIND));
    }
    if let Some(before) = before {
        condition = condition.add(Column::Id.lt(before));
    }
    // Ids grow with every entry, so their order is the order of writing.
    Ok(Entity::find()
        .filter(condition)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}
