//! Links between entities without attributes of their own.
//!
//! A link belongs to the entity it goes from (an activity's recipients are
//! part of the activity), so linking and unlinking change that entity: its
//! version goes up, and a client may pass the version it read to be sure it
//! changes what it saw.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter,
};

use entity::enums::AuditAction;

use crate::domain::audit::{self, Actor};
use crate::domain::node::{Link, Node};
use crate::domain::write;
use crate::error::{Error, Result};

type FromModel<L> = <<L as Link>::From as EntityTrait>::Model;

/// Links `from` to `to`. Linking what is already linked changes nothing.
pub async fn link<L: Link>(
    db: &DatabaseConnection,
    actor: &Actor,
    from: &str,
    to: &str,
    expected_version: Option<i32>,
) -> Result<FromModel<L>> {
    let txn = write::begin(db).await?;
    let owner = owner_for_change::<L::From>(&txn, from, expected_version).await?;
    let to_id = write::id_of::<L::To>(&txn, to).await?;
    let from_id = <L::From as Node>::id(&owner);
    if is_linked::<L>(&txn, from_id, to_id).await? {
        return Ok(owner);
    }
    insert_links::<L>(&txn, from_id, &[to_id]).await?;
    let ends = ((<L::From as Node>::KIND, from), (<L::To as Node>::KIND, to));
    let change = audit::Change::of_link(AuditAction::Link, ends.0, ends.1, (None, None));
    audit::record(&txn, actor, change).await?;
    touch_and_commit::<L::From>(txn, &owner).await
}

/// Removes the link from `from` to `to`, or says there is none.
pub async fn unlink<L: Link>(
    db: &DatabaseConnection,
    actor: &Actor,
    from: &str,
    to: &str,
    expected_version: Option<i32>,
) -> Result<FromModel<L>> {
    let txn = write::begin(db).await?;
    let owner = owner_for_change::<L::From>(&txn, from, expected_version).await?;
    let target = write::find_by_key::<L::To>(&txn, to).await?;
    let removed = L::delete_many()
        .filter(L::FROM.eq(<L::From as Node>::id(&owner)))
        .filter(L::TO.eq(<L::To as Node>::id(&target)))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(Error::NotLinked {
            from: write::entity_ref::<L::From>(&owner),
            to: write::entity_ref::<L::To>(&target),
        });
    }
    let ends = ((<L::From as Node>::KIND, from), (<L::To as Node>::KIND, to));
    let change = audit::Change::of_link(AuditAction::Unlink, ends.0, ends.1, (None, None));
    audit::record(&txn, actor, change).await?;
    touch_and_commit::<L::From>(txn, &owner).await
}

/// Loads the entity whose links change, checking the version if given.
pub async fn owner_for_change<E: Node>(
    db: &impl ConnectionTrait,
    key: &str,
    expected_version: Option<i32>,
) -> Result<E::Model> {
    let owner = write::find_for_change::<E>(db, key).await?;
    if let Some(expected) = expected_version {
        write::check_version::<E>(&owner, expected)?;
    }
    Ok(owner)
}

/// Records the change of links on their owner and commits.
pub async fn touch_and_commit<E: Node>(
    txn: DatabaseTransaction,
    owner: &E::Model,
) -> Result<E::Model> {
    let touched = write::touch::<E>(&txn, owner).await?;
    txn.commit().await?;
    Ok(touched)
}

async fn is_linked<L: Link>(db: &impl ConnectionTrait, from_id: i32, to_id: i32) -> Result<bool> {
    let found = L::find()
        .filter(L::FROM.eq(from_id))
        .filter(L::TO.eq(to_id))
        .count(db)
        .await?;
    Ok(found > 0)
}

/// Inserts links from one entity to several, in as few statements as the
/// database allows.
pub async fn insert_links<L: Link>(
    db: &impl ConnectionTrait,
    from_id: i32,
    to_ids: &[i32],
) -> Result<()> {
    let pairs: Vec<(i32, i32)> = to_ids.iter().map(|&to_id| (from_id, to_id)).collect();
    insert_pairs::<L>(db, &pairs).await
}

/// Inserts links given as (from, to) ids, in as few statements as the
/// database allows.
pub async fn insert_pairs<L: Link>(db: &impl ConnectionTrait, pairs: &[(i32, i32)]) -> Result<()> {
    let created = write::now();
    for chunk in pairs.chunks(write::rows_per_insert::<L>()) {
        let rows = chunk.iter().map(|&(from_id, to_id)| {
            let mut row = L::ActiveModel::default();
            row.set(L::FROM, from_id.into());
            row.set(L::TO, to_id.into());
            row.set(L::CREATED_AT, created.into());
            row
        });
        L::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Refuses a list that names the same thing twice, pointing at the repeat.
pub fn no_repeats<T: PartialEq + std::fmt::Display>(field: &str, items: &[T]) -> Result<()> {
    for (index, item) in items.iter().enumerate() {
        if items[..index].contains(item) {
            return Err(Error::invalid(
                format!("{field}[{index}]"),
                format!("`{item}` is listed twice"),
            ));
        }
    }
    Ok(())
}
