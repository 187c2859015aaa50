//! Saving an activity the way an editing form does: its attributes and all
//! its links at once, set to what the form shows. Links the form no longer
//! shows are removed, new ones added, changed ones updated; links left as
//! they were keep their rows (and creation times). One transaction, one
//! version check, an audit entry for each change.

use std::collections::{BTreeMap, BTreeSet};

use async_graphql::InputObject;
use entity::enums::AuditAction;
use entity::processing_activity::{Entity, Model};
use entity::{
    activity_controller, activity_data_category, activity_data_subject, activity_purpose,
    activity_recipient, activity_retention, activity_security_measure, activity_system,
    activity_transfer, data_category, organization, purpose, source,
};
use sea_orm::{
    ActiveValue, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect,
};

use crate::domain::activity::{
    ActivityAttributes, ActivityLinksInput, DataCategoryLinkInput, PurposeLinkInput, apply,
    purpose_row, same_purpose_link,
};
use crate::domain::audit::{self, Actor, Change};
use crate::domain::kind::EntityKind;
use crate::domain::links::{insert_links, no_repeats};
use crate::domain::node::{Link, Node};
use crate::domain::vocabulary::{ActivityRole, ActivityStatus};
use crate::domain::{listing, patch, write};
use crate::error::{Error, Result};

/// Everything about an activity an editing form holds.
#[derive(InputObject, Debug)]
pub struct ReplaceProcessingActivityInput {
    pub name: String,
    /// Key of the organisation that carries out the activity.
    pub organization: String,
    pub role: ActivityRole,
    pub status: ActivityStatus,
    #[graphql(flatten)]
    pub attributes: ActivityAttributes,
    #[graphql(flatten)]
    pub links: ActivityLinksInput,
}

/// Sets activity `key`, read at `version`, to `input`: attributes left out
/// keep their value, links not listed are removed.
pub async fn replace(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    input: ReplaceProcessingActivityInput,
) -> Result<Model> {
    let txn = write::begin(db).await?;
    let (current, mut model) =
        write::edit::<Entity>(&txn, key, version, None, Some(input.name)).await?;
    model.organization_id =
        ActiveValue::Set(write::id_of::<organization::Entity>(&txn, &input.organization).await?);
    patch::required(&mut model.role, Some(input.role));
    patch::required(&mut model.status, Some(input.status));
    apply(input.attributes, &mut model)?;
    let owner = (current.id, current.key.as_str());
    let links = input.links;
    let mut changes = replace_purposes(&txn, owner, links.purposes).await?;
    changes.extend(replace_data_categories(&txn, owner, links.data_categories).await?);
    changes.extend(
        replace_simple::<activity_data_subject::Entity>(
            &txn,
            owner,
            "dataSubjects",
            &links.data_subjects,
        )
        .await?,
    );
    changes.extend(
        replace_simple::<activity_recipient::Entity>(&txn, owner, "recipients", &links.recipients)
            .await?,
    );
    changes.extend(
        replace_simple::<activity_transfer::Entity>(&txn, owner, "transfers", &links.transfers)
            .await?,
    );
    changes.extend(
        replace_simple::<activity_retention::Entity>(
            &txn,
            owner,
            "retentionRules",
            &links.retention_rules,
        )
        .await?,
    );
    changes.extend(
        replace_simple::<activity_system::Entity>(&txn, owner, "systems", &links.systems).await?,
    );
    changes.extend(
        replace_simple::<activity_security_measure::Entity>(
            &txn,
            owner,
            "securityMeasures",
            &links.security_measures,
        )
        .await?,
    );
    changes.extend(
        replace_simple::<activity_controller::Entity>(
            &txn,
            owner,
            "controllers",
            &links.controllers,
        )
        .await?,
    );
    let attributes_changed = write::differs::<Entity>(&current, &model);
    if !attributes_changed && changes.is_empty() {
        txn.rollback().await?;
        return Ok(current);
    }
    // Saved even when only links changed: the version goes up, so an editor
    // holding the old form conflicts instead of undoing these links.
    let saved = write::save::<Entity>(&txn, &current, model).await?;
    if attributes_changed {
        changes.insert(
            0,
            Change::of_entity::<Entity>(Some(&current), Some(&saved))
                .ok_or_else(|| Error::not_found(EntityKind::ProcessingActivity, key))?,
        );
    }
    audit::record_all(&txn, actor, changes).await?;
    txn.commit().await?;
    Ok(saved)
}

fn link_change(
    action: AuditAction,
    (_, activity): (i32, &str),
    target: (EntityKind, &str),
    fields: (Option<serde_json::Value>, Option<serde_json::Value>),
) -> Change {
    Change::of_link(
        action,
        (EntityKind::ProcessingActivity, activity),
        target,
        fields,
    )
}

async fn replace_purposes(
    db: &impl ConnectionTrait,
    owner: (i32, &str),
    wanted: Vec<PurposeLinkInput>,
) -> Result<Vec<Change>> {
    let keys: Vec<&String> = wanted.iter().map(|link| &link.purpose).collect();
    no_repeats("purposes", &keys)?;
    let mut rows = BTreeMap::new();
    for (index, link) in wanted.into_iter().enumerate() {
        let within = |err: Error| err.within(&format!("purposes[{index}]"));
        let purpose_id = write::id_of::<purpose::Entity>(db, &link.purpose)
            .await
            .map_err(within)?;
        let key = link.purpose.clone();
        rows.insert(key, purpose_row(owner.0, purpose_id, link).map_err(within)?);
    }
    let existing = activity_purpose::Entity::find()
        .filter(activity_purpose::Column::ActivityId.eq(owner.0))
        .all(db)
        .await?;
    let names = keys_of::<purpose::Entity>(db, existing.iter().map(|link| link.purpose_id)).await?;
    let mut changes = Vec::new();
    for link in existing {
        let key = names.get(&link.purpose_id).cloned().unwrap_or_default();
        let before = audit::purpose_link_fields(&link);
        match rows.remove(&key) {
            Some(row) => {
                if !same_purpose_link(&link, &row) {
                    let mut changed = row;
                    changed.created_at = ActiveValue::Unchanged(link.created_at);
                    let after = sea_orm::ActiveModelTrait::update(changed, db).await?;
                    let target = (EntityKind::Purpose, key.as_str());
                    let fields = (Some(before), Some(audit::purpose_link_fields(&after)));
                    changes.push(link_change(AuditAction::Link, owner, target, fields));
                }
            }
            None => {
                activity_purpose::Entity::delete_by_id((link.activity_id, link.purpose_id))
                    .exec(db)
                    .await?;
                let target = (EntityKind::Purpose, key.as_str());
                changes.push(link_change(
                    AuditAction::Unlink,
                    owner,
                    target,
                    (Some(before), None),
                ));
            }
        }
    }
    for (key, row) in rows {
        let inserted = sea_orm::ActiveModelTrait::insert(row, db).await?;
        let fields = (None, Some(audit::purpose_link_fields(&inserted)));
        changes.push(link_change(
            AuditAction::Link,
            owner,
            (EntityKind::Purpose, &key),
            fields,
        ));
    }
    Ok(changes)
}

/// A data category link as the form wants it: (category id, source id,
/// whether it is required).
type WantedCategory = (i32, Option<i32>, Option<bool>);

async fn replace_data_categories(
    db: &impl ConnectionTrait,
    owner: (i32, &str),
    wanted: Vec<DataCategoryLinkInput>,
) -> Result<Vec<Change>> {
    // Keyed by (category, source): the same data from two sources is two links.
    let mut rows: BTreeMap<(String, Option<String>), WantedCategory> = BTreeMap::new();
    for (index, link) in wanted.into_iter().enumerate() {
        let field = |name: &str| format!("dataCategories[{index}].{name}");
        let category = write::id_of::<data_category::Entity>(db, &link.data_category)
            .await
            .map_err(|err| err.within_field(&field("dataCategory")))?;
        let source = match &link.source {
            Some(source) => Some(
                write::id_of::<source::Entity>(db, source)
                    .await
                    .map_err(|err| err.within_field(&field("source")))?,
            ),
            None => None,
        };
        let slot = (link.data_category.clone(), link.source.clone());
        if rows
            .insert(slot, (category, source, link.required))
            .is_some()
        {
            return Err(Error::invalid(
                field("dataCategory"),
                format!(
                    "data category `{}` from the same source is listed twice",
                    link.data_category
                ),
            ));
        }
    }
    let existing = activity_data_category::Entity::find()
        .filter(activity_data_category::Column::ActivityId.eq(owner.0))
        .all(db)
        .await?;
    let categories =
        keys_of::<data_category::Entity>(db, existing.iter().map(|link| link.data_category_id))
            .await?;
    let sources =
        keys_of::<source::Entity>(db, existing.iter().filter_map(|link| link.source_id)).await?;
    let mut changes = Vec::new();
    for link in existing {
        let category = categories
            .get(&link.data_category_id)
            .cloned()
            .unwrap_or_default();
        let source = link.source_id.and_then(|id| sources.get(&id).cloned());
        let before = audit::data_category_link_fields(source.as_deref(), link.required);
        let target = (EntityKind::DataCategory, category.as_str());
        match rows.remove(&(category.clone(), source.clone())) {
            Some((_, _, required)) if required == link.required => {}
            Some((_, _, required)) => {
                let mut changed: activity_data_category::ActiveModel = link.into();
                changed.required = ActiveValue::Set(required);
                sea_orm::ActiveModelTrait::update(changed, db).await?;
                let after = audit::data_category_link_fields(source.as_deref(), required);
                changes.push(link_change(
                    AuditAction::Link,
                    owner,
                    target,
                    (Some(before), Some(after)),
                ));
            }
            None => {
                activity_data_category::Entity::delete_by_id(link.id)
                    .exec(db)
                    .await?;
                changes.push(link_change(
                    AuditAction::Unlink,
                    owner,
                    target,
                    (Some(before), None),
                ));
            }
        }
    }
    for ((category, source), (category_id, source_id, required)) in rows {
        let row = activity_data_category::ActiveModel {
            activity_id: ActiveValue::Set(owner.0),
            data_category_id: ActiveValue::Set(category_id),
            source_id: ActiveValue::Set(source_id),
            required: ActiveValue::Set(required),
            created_at: ActiveValue::Set(write::now()),
            ..Default::default()
        };
        sea_orm::ActiveModelTrait::insert(row, db).await?;
        let after = audit::data_category_link_fields(source.as_deref(), required);
        changes.push(link_change(
            AuditAction::Link,
            owner,
            (EntityKind::DataCategory, &category),
            (None, Some(after)),
        ));
    }
    Ok(changes)
}

/// Makes the links of one kind without attributes those of `keys`.
async fn replace_simple<L: Link>(
    db: &impl ConnectionTrait,
    owner: (i32, &str),
    field: &str,
    keys: &[String],
) -> Result<Vec<Change>> {
    no_repeats(field, keys)?;
    let wanted = listing::ids_by_keys::<L::To>(db, keys)
        .await
        .map_err(|err| err.within_field(field))?;
    let linked: Vec<i32> = L::find()
        .select_only()
        .column(L::TO)
        .filter(L::FROM.eq(owner.0))
        .into_tuple()
        .all(db)
        .await?;
    let linked: BTreeSet<i32> = linked.into_iter().collect();
    let wanted_set: BTreeSet<i32> = wanted.iter().copied().collect();
    let removed: Vec<i32> = linked.difference(&wanted_set).copied().collect();
    let added: Vec<i32> = wanted
        .iter()
        .copied()
        .filter(|id| !linked.contains(id))
        .collect();
    if !removed.is_empty() {
        L::delete_many()
            .filter(L::FROM.eq(owner.0))
            .filter(L::TO.is_in(removed.iter().copied()))
            .exec(db)
            .await?;
    }
    insert_links::<L>(db, owner.0, &added).await?;
    let names = keys_of::<L::To>(db, removed.iter().chain(&added).copied()).await?;
    let kind = <L::To as Node>::KIND;
    let change = |action, id: &i32| {
        let key = names.get(id).map_or("", String::as_str);
        link_change(action, owner, (kind, key), (None, None))
    };
    Ok(removed
        .iter()
        .map(|id| change(AuditAction::Unlink, id))
        .chain(added.iter().map(|id| change(AuditAction::Link, id)))
        .collect())
}

/// The keys of entities of kind `E`, by id.
async fn keys_of<E: Node>(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = i32>,
) -> Result<BTreeMap<i32, String>> {
    let ids: BTreeSet<i32> = ids.collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let found: Vec<(i32, String)> = E::find()
        .select_only()
        .column(E::ID)
        .column(E::KEY)
        .filter(E::ID.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(found.into_iter().collect())
}
