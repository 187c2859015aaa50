//! Reads by key and versioned writes shared by every entity.

use std::collections::HashMap;
use std::future::Future;

use chrono::{SubsecRound, Utc};
use sea_orm::prelude::DateTimeWithTimeZone;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, IdenStatic, IntoActiveModel, Iterable, ModelTrait, QueryFilter,
    QuerySelect, SqliteTransactionMode, TransactionOptions, TransactionTrait, Value,
};

use crate::domain::audit::{self, Actor};
use crate::domain::keys::Keys;
use crate::domain::node::Node;
use crate::domain::validate;
use crate::error::{EntityRef, Error, Result};

/// The current time as stored: UTC, to the microsecond, so that SQLite and
/// PostgreSQL give back exactly what was written.
pub fn now() -> DateTimeWithTimeZone {
    Utc::now().trunc_subsecs(6).fixed_offset()
}

/// Bound parameters one insert statement may carry: under SQLite's limit
/// (32,766) and PostgreSQL's (65,535).
const PARAMETERS_PER_STATEMENT: usize = 30_000;

/// Rows of table `E` per multi-row insert. Few large statements rather than
/// many: each statement is a round trip, and on a network a message larger
/// than one packet can wait for the peer's delayed acknowledgement.
pub fn rows_per_insert<E: sea_orm::EntityTrait>() -> usize {
    PARAMETERS_PER_STATEMENT / E::Column::iter().count().max(1)
}

pub fn entity_ref<E: Node>(model: &E::Model) -> EntityRef {
    EntityRef {
        kind: E::KIND,
        key: E::key(model).to_owned(),
    }
}

pub async fn find_by_key<E: Node>(db: &impl ConnectionTrait, key: &str) -> Result<E::Model> {
    E::find()
        .filter(E::KEY.eq(key))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(E::KIND, key))
}

pub async fn find_by_id<E: Node>(db: &impl ConnectionTrait, id: i32) -> Result<Option<E::Model>> {
    Ok(E::find().filter(E::ID.eq(id)).one(db).await?)
}

/// The id of the entity with `key`, or `NOT_FOUND`.
pub async fn id_of<E: Node>(db: &impl ConnectionTrait, key: &str) -> Result<i32> {
    E::find()
        .select_only()
        .column(E::ID)
        .filter(E::KEY.eq(key))
        .into_tuple::<i32>()
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(E::KIND, key))
}

/// A new entity with its key and name checked and its bookkeeping set.
pub fn new_entity<E: Node>(key: &str, name: &str) -> Result<E::ActiveModel> {
    let mut model = E::ActiveModel::default();
    model.set(E::KEY, validate::key("key", key)?.into());
    model.set(E::NAME, validate::name("name", name)?.into());
    let created = now();
    model.set(E::CREATED_AT, created.into());
    model.set(E::UPDATED_AT, created.into());
    model.set(E::VERSION, 1.into());
    Ok(model)
}

pub async fn insert<E: Node>(db: &impl ConnectionTrait, model: E::ActiveModel) -> Result<E::Model> {
    let key = key_of::<E>(&model);
    model
        .insert(db)
        .await
        .map_err(|err| Error::from_write(err, E::KIND, &key))
}

fn key_of<E: Node>(model: &E::ActiveModel) -> String {
    match model.get(E::KEY) {
        ActiveValue::Set(Value::String(Some(key)))
        | ActiveValue::Unchanged(Value::String(Some(key))) => key,
        _ => String::new(),
    }
}

/// An entity whose attributes a client sets through one input object.
pub trait Editable: Node {
    type Attributes: Send;

    /// Checks each attribute given and sets it on the entity being written,
    /// looking references up in `keys`.
    fn apply(
        keys: &Keys<'_>,
        attributes: Self::Attributes,
        model: &mut Self::ActiveModel,
    ) -> impl Future<Output = Result<()>> + Send;
}

/// A new entity with its key, name, required fields and attributes checked
/// and set: what `create` inserts, and what an inventory compares with the
/// stored entity.
pub async fn prepare<E: Editable>(
    keys: &Keys<'_>,
    key: &str,
    name: &str,
    attributes: E::Attributes,
    required: impl FnOnce(&mut E::ActiveModel) + Send,
) -> Result<E::ActiveModel> {
    let mut model = new_entity::<E>(key, name)?;
    required(&mut model);
    E::apply(keys, attributes, &mut model).await?;
    Ok(model)
}

/// Creates an entity in one transaction: its key and name, the fields the
/// create input requires (`required`), then its attributes.
pub async fn create<E: Editable>(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    name: &str,
    attributes: E::Attributes,
    required: impl FnOnce(&mut E::ActiveModel) + Send,
) -> Result<E::Model> {
    let txn = begin(db).await?;
    let model = prepare::<E>(&Keys::new(&txn), key, name, attributes, required).await?;
    insert_and_commit::<E>(txn, actor, model).await
}

/// What an update changes besides the attributes: a new key and name.
#[derive(Debug, Default)]
pub struct Rename {
    pub key: Option<String>,
    pub name: Option<String>,
}

/// Updates the entity with `key` in one transaction, if it is still at
/// `version`: its key and name, the fields `required` sets, its attributes.
pub async fn update<E: Editable>(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    rename: Rename,
    attributes: E::Attributes,
    required: impl FnOnce(&mut E::ActiveModel) + Send,
) -> Result<E::Model> {
    let txn = begin(db).await?;
    let (current, mut model) = edit::<E>(&txn, key, version, rename.key, rename.name).await?;
    required(&mut model);
    E::apply(&Keys::new(&txn), attributes, &mut model).await?;
    save_and_commit::<E>(txn, actor, &current, model).await
}

/// Starts the transaction of one change to the graph. On SQLite it takes
/// the write lock at once (`BEGIN IMMEDIATE`): a change reads before it
/// writes, and a transaction that only read when another writer committed
/// could not write any more; this way it waits its turn (busy timeout).
pub async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    Ok(db.begin_with_options(options).await?)
}

/// Loads the entity with `key` to change it, locking its row until the
/// transaction ends (PostgreSQL; on SQLite the transaction holds the
/// database's write lock already), so that concurrent changes to one
/// entity take turns and each sees the one before.
pub async fn find_for_change<E: Node>(db: &impl ConnectionTrait, key: &str) -> Result<E::Model> {
    E::find()
        .filter(E::KEY.eq(key))
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(E::KIND, key))
}

/// Locks the rows of `rows` as `find_for_change` does, and refuses with
/// `CONFLICT` if any of them changed since it was read.
pub async fn lock_unchanged<E: Node>(db: &impl ConnectionTrait, rows: &[&E::Model]) -> Result<()> {
    for chunk in rows.chunks(LOCK_CHUNK) {
        let ids = chunk.iter().map(|row| E::id(row));
        let stored: HashMap<i32, i32> = E::find()
            .select_only()
            .column(E::ID)
            .column(E::VERSION)
            .filter(E::ID.is_in(ids))
            .lock_exclusive()
            .into_tuple::<(i32, i32)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        for row in chunk {
            match stored.get(&E::id(row)) {
                Some(&found) if found == E::version(row) => {}
                Some(&found) => {
                    return Err(Error::Conflict {
                        target: entity_ref::<E>(row),
                        expected: E::version(row),
                        found,
                    });
                }
                None => return Err(Error::not_found(E::KIND, E::key(row))),
            }
        }
    }
    Ok(())
}

/// Ids per locking statement: well under every backend's parameter limit.
const LOCK_CHUNK: usize = 1000;

/// Inserts a new entity, records it in the audit trail and commits.
pub async fn insert_and_commit<E: Node>(
    txn: DatabaseTransaction,
    actor: &Actor,
    model: E::ActiveModel,
) -> Result<E::Model> {
    let created = insert::<E>(&txn, model).await?;
    audit::entity::<E>(&txn, actor, None, Some(&created)).await?;
    txn.commit().await?;
    Ok(created)
}

/// Loads an entity for a change at the version the client read, applies
/// its new key and name, and hands back the stored and the editable model.
pub async fn edit<E: Node>(
    db: &impl ConnectionTrait,
    key: &str,
    expected_version: i32,
    new_key: Option<String>,
    new_name: Option<String>,
) -> Result<(E::Model, E::ActiveModel)> {
    let current = load_for_update::<E>(db, key, expected_version).await?;
    let mut model = current.clone().into_active_model();
    rename::<E>(&mut model, new_key, new_name)?;
    Ok((current, model))
}

/// Saves an edited entity (see `save`), records the change in the audit
/// trail and commits.
pub async fn save_and_commit<E: Node>(
    txn: DatabaseTransaction,
    actor: &Actor,
    current: &E::Model,
    changed: E::ActiveModel,
) -> Result<E::Model> {
    let saved = save::<E>(&txn, current, changed).await?;
    audit::entity::<E>(&txn, actor, Some(current), Some(&saved)).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Loads the entity a client wants to change, refusing a stale version.
pub async fn load_for_update<E: Node>(
    db: &impl ConnectionTrait,
    key: &str,
    expected_version: i32,
) -> Result<E::Model> {
    let current = find_for_change::<E>(db, key).await?;
    check_version::<E>(&current, expected_version)?;
    Ok(current)
}

pub fn check_version<E: Node>(current: &E::Model, expected_version: i32) -> Result<()> {
    if E::version(current) == expected_version {
        Ok(())
    } else {
        Err(Error::Conflict {
            target: entity_ref::<E>(current),
            expected: expected_version,
            found: E::version(current),
        })
    }
}

/// Applies a new key and name to an entity being updated.
pub fn rename<E: Node>(
    model: &mut E::ActiveModel,
    key: Option<String>,
    name: Option<String>,
) -> Result<()> {
    if let Some(key) = key {
        model.set(E::KEY, validate::key("key", &key)?.into());
    }
    if let Some(name) = name {
        model.set(E::NAME, validate::name("name", &name)?.into());
    }
    Ok(())
}

/// Writes an updated entity if, and only if, it is still at the version the
/// client read; the version goes up by one.
pub async fn save<E: Node>(
    db: &impl ConnectionTrait,
    current: &E::Model,
    mut changed: E::ActiveModel,
) -> Result<E::Model> {
    let expected = E::version(current);
    changed.set(E::VERSION, (expected + 1).into());
    changed.set(E::UPDATED_AT, now().into());
    let key = key_of::<E>(&changed);
    let update = E::update(changed).validate()?;
    match update.filter(E::VERSION.eq(expected)).exec(db).await {
        Ok(model) => Ok(model),
        Err(DbErr::RecordNotUpdated) => Err(stale::<E>(db, current).await),
        Err(err) => Err(Error::from_write(err, E::KIND, &key)),
    }
}

/// Whether a prepared entity (`desired`) differs from the stored one in any
/// column but the bookkeeping ones; a column `desired` leaves unset counts
/// as empty.
pub fn differs<E: Node>(current: &E::Model, desired: &E::ActiveModel) -> bool {
    content_columns::<E>().any(|column| {
        let stored = current.get(column);
        desired_value::<E>(desired, column, &stored) != stored
    })
}

/// Gives the stored entity every value of `desired` (its id and bookkeeping
/// aside), at the next version.
pub async fn overwrite<E: Node>(
    db: &impl ConnectionTrait,
    current: &E::Model,
    desired: &E::ActiveModel,
) -> Result<E::Model> {
    let mut changed = current.clone().into_active_model();
    for column in content_columns::<E>() {
        let value = desired_value::<E>(desired, column, &current.get(column));
        changed.set(column, value);
    }
    save::<E>(db, current, changed).await
}

fn content_columns<E: Node>() -> impl Iterator<Item = E::Column> {
    let bookkeeping = [E::ID, E::CREATED_AT, E::UPDATED_AT, E::VERSION];
    E::Column::iter().filter(move |column| {
        !bookkeeping
            .iter()
            .any(|kept| kept.as_str() == column.as_str())
    })
}

fn desired_value<E: Node>(desired: &E::ActiveModel, column: E::Column, stored: &Value) -> Value {
    match desired.get(column) {
        ActiveValue::Set(value) | ActiveValue::Unchanged(value) => value,
        ActiveValue::NotSet => stored.as_null(),
    }
}

/// Records that an entity changed through its links: the version goes up
/// and `updated_at` moves, so other editors see the change and conflict.
pub async fn touch<E: Node>(db: &impl ConnectionTrait, current: &E::Model) -> Result<E::Model> {
    save::<E>(db, current, current.clone().into_active_model()).await
}

/// The conflict to report when a versioned write matched no row.
async fn stale<E: Node>(db: &impl ConnectionTrait, current: &E::Model) -> Error {
    let found = match find_by_id::<E>(db, E::id(current)).await {
        Ok(Some(now)) => E::version(&now),
        Ok(None) => return Error::not_found(E::KIND, E::key(current)),
        Err(err) => return err,
    };
    Error::Conflict {
        target: entity_ref::<E>(current),
        expected: E::version(current),
        found,
    }
}
