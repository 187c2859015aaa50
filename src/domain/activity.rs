//! Processing activities and their links: the rows of the Article 30 record.

use std::collections::{HashMap, HashSet};

use async_graphql::{InputObject, MaybeUndefined};
use entity::enums::AuditAction;
use entity::processing_activity::{ActiveModel, Column, Entity, Model};
use entity::{
    activity_controller, activity_data_category, activity_data_subject, activity_purpose,
    activity_recipient, activity_retention, activity_security_measure, activity_system,
    activity_transfer, data_category, organization, purpose, recipient, source, transfer,
};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QuerySelect,
};

use crate::domain::audit::{self, Actor, Change};
use crate::domain::keys::Keys;
use crate::domain::kind::EntityKind;
use crate::domain::links::{insert_links, no_repeats, owner_for_change, touch_and_commit};
use crate::domain::node::{Link, Node};
use crate::domain::vocabulary::{
    ActivityRole, ActivityStatus, DpiaStatus, LawfulBasis, ProvisionRequirement,
    SpecialCategoryCondition,
};
use crate::domain::{listing, patch, validate, write};
use crate::error::{Error, Result};

/// The attributes of a processing activity. On update, a field left out
/// keeps its value and `null` clears it.
#[derive(InputObject, Debug, Default)]
pub struct ActivityAttributes {
    pub description: MaybeUndefined<String>,
    /// The team or business function that owns the activity.
    pub business_function: MaybeUndefined<String>,
    /// Whether decisions are made solely by automated means, including
    /// profiling (Art. 22); leave it out when not known.
    pub automated_decision_making: MaybeUndefined<bool>,
    /// The logic involved and the significance and consequences for the person.
    pub automated_decision_details: MaybeUndefined<String>,
    /// Whether providing the data is required, and by what (Art. 13(2)(e)).
    pub provision_requirement: MaybeUndefined<ProvisionRequirement>,
    /// What follows from not providing the data.
    pub provision_consequence: MaybeUndefined<String>,
    /// Whether a data protection impact assessment is required (Art. 35).
    pub dpia_required: MaybeUndefined<bool>,
    pub dpia_status: MaybeUndefined<DpiaStatus>,
    pub dpia_url: MaybeUndefined<String>,
    /// Processing on a large scale (a DPIA criterion).
    pub large_scale: MaybeUndefined<bool>,
    /// Systematic monitoring of people (a DPIA criterion).
    pub systematic_monitoring: MaybeUndefined<bool>,
    /// Innovative technology or organisational solutions (a DPIA criterion).
    pub innovative_technology: MaybeUndefined<bool>,
    /// Where the records of consent are kept.
    pub consent_record_url: MaybeUndefined<String>,
    /// Whether a personal data breach has occurred (Art. 33(5)).
    pub breach_occurred: MaybeUndefined<bool>,
    pub breach_record_url: MaybeUndefined<String>,
    /// UK: the Data Protection Act 2018 Schedule 1 condition relied on.
    pub uk_schedule1_condition: MaybeUndefined<String>,
    /// Whether data is kept and erased as the retention policy says.
    pub retention_policy_followed: MaybeUndefined<bool>,
    /// Why the retention policy is not followed, where it is not.
    pub retention_deviation_reason: MaybeUndefined<String>,
}

/// A purpose of an activity, with the lawful basis it rests on.
#[derive(InputObject, Debug, Clone, serde::Serialize)]
pub struct PurposeLinkInput {
    /// Key of the purpose.
    pub purpose: String,
    /// Art. 6(1) basis; leave it out where the basis is not stated.
    pub lawful_basis: Option<LawfulBasis>,
    /// The legitimate interest pursued, where the basis is legitimate interests.
    pub legitimate_interest: Option<String>,
    /// Where the legitimate interests assessment is kept.
    pub legitimate_interests_assessment_url: Option<String>,
    /// Art. 9(2) condition, where special category data is processed.
    pub special_category_condition: Option<SpecialCategoryCondition>,
    /// The Art. 10 authority for criminal offence data, where it is processed.
    pub criminal_offence_condition: Option<String>,
}

/// A data category an activity processes, and where it comes from.
#[derive(InputObject, Debug, Clone, serde::Serialize)]
pub struct DataCategoryLinkInput {
    /// Key of the data category.
    pub data_category: String,
    /// Key of the source the data comes from.
    pub source: Option<String>,
    /// Whether the person must provide this data.
    pub required: Option<bool>,
}

/// Everything an activity links to, given by key.
#[derive(InputObject, Debug, Default, serde::Serialize)]
pub struct ActivityLinksInput {
    #[graphql(default)]
    pub purposes: Vec<PurposeLinkInput>,
    #[graphql(default)]
    pub data_categories: Vec<DataCategoryLinkInput>,
    /// Keys of data subject categories.
    #[graphql(default)]
    pub data_subjects: Vec<String>,
    /// Keys of recipients.
    #[graphql(default)]
    pub recipients: Vec<String>,
    /// Keys of transfers.
    #[graphql(default)]
    pub transfers: Vec<String>,
    /// Keys of retention rules.
    #[graphql(default)]
    pub retention_rules: Vec<String>,
    /// Keys of systems.
    #[graphql(default)]
    pub systems: Vec<String>,
    /// Keys of security measures.
    #[graphql(default)]
    pub security_measures: Vec<String>,
    /// Keys of the other controllers: those a processor acts for, or the
    /// joint controllers.
    #[graphql(default)]
    pub controllers: Vec<String>,
}

#[derive(InputObject, Debug)]
pub struct CreateProcessingActivityInput {
    pub key: String,
    pub name: String,
    /// Key of the organisation that carries out the activity.
    pub organization: String,
    #[graphql(default_with = "ActivityRole::Controller")]
    pub role: ActivityRole,
    #[graphql(default_with = "ActivityStatus::Active")]
    pub status: ActivityStatus,
    #[graphql(flatten)]
    pub attributes: ActivityAttributes,
    #[graphql(flatten)]
    pub links: ActivityLinksInput,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdateProcessingActivityInput {
    pub key: Option<String>,
    pub name: Option<String>,
    /// Moves the activity to another organisation.
    pub organization: Option<String>,
    pub role: Option<ActivityRole>,
    pub status: Option<ActivityStatus>,
    #[graphql(flatten)]
    pub attributes: ActivityAttributes,
}

/// Creates an activity with all its links, in one transaction.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreateProcessingActivityInput,
) -> Result<Model> {
    let txn = write::begin(db).await?;
    let mut model = write::new_entity::<Entity>(&input.key, &input.name)?;
    model.organization_id =
        ActiveValue::Set(write::id_of::<organization::Entity>(&txn, &input.organization).await?);
    model.role = ActiveValue::Set(input.role.into());
    model.status = ActiveValue::Set(input.status.into());
    apply(input.attributes, &mut model)?;
    let created = write::insert::<Entity>(&txn, model).await?;
    let mut changes: Vec<Change> = Change::of_entity::<Entity>(None, Some(&created))
        .into_iter()
        .collect();
    changes.extend(add_links(&txn, (created.id, &created.key), input.links).await?);
    audit::record_all(&txn, actor, changes).await?;
    txn.commit().await?;
    Ok(created)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    input: UpdateProcessingActivityInput,
) -> Result<Model> {
    let txn = write::begin(db).await?;
    let (current, mut model) =
        write::edit::<Entity>(&txn, key, version, input.key, input.name).await?;
    if let Some(organization) = input.organization {
        model.organization_id =
            ActiveValue::Set(write::id_of::<organization::Entity>(&txn, &organization).await?);
    }
    patch::required(&mut model.role, input.role);
    patch::required(&mut model.status, input.status);
    apply(input.attributes, &mut model)?;
    write::save_and_commit::<Entity>(txn, actor, &current, model).await
}

impl write::Editable for Entity {
    type Attributes = ActivityAttributes;

    async fn apply(_: &Keys<'_>, input: ActivityAttributes, model: &mut ActiveModel) -> Result<()> {
        apply(input, model)
    }
}

pub(crate) fn apply(input: ActivityAttributes, model: &mut ActiveModel) -> Result<()> {
    patch::text("description", &mut model.description, input.description)?;
    patch::text(
        "businessFunction",
        &mut model.business_function,
        input.business_function,
    )?;
    patch::value(
        &mut model.automated_decision_making,
        input.automated_decision_making,
    );
    patch::text(
        "automatedDecisionDetails",
        &mut model.automated_decision_details,
        input.automated_decision_details,
    )?;
    patch::value(
        &mut model.provision_requirement,
        input.provision_requirement,
    );
    patch::text(
        "provisionConsequence",
        &mut model.provision_consequence,
        input.provision_consequence,
    )?;
    patch::value(&mut model.dpia_required, input.dpia_required);
    patch::value(&mut model.dpia_status, input.dpia_status);
    patch::link("dpiaUrl", &mut model.dpia_url, input.dpia_url)?;
    patch::value(&mut model.large_scale, input.large_scale);
    patch::value(
        &mut model.systematic_monitoring,
        input.systematic_monitoring,
    );
    patch::value(
        &mut model.innovative_technology,
        input.innovative_technology,
    );
    patch::link(
        "consentRecordUrl",
        &mut model.consent_record_url,
        input.consent_record_url,
    )?;
    patch::value(&mut model.breach_occurred, input.breach_occurred);
    patch::link(
        "breachRecordUrl",
        &mut model.breach_record_url,
        input.breach_record_url,
    )?;
    patch::text(
        "ukSchedule1Condition",
        &mut model.uk_schedule1_condition,
        input.uk_schedule1_condition,
    )?;
    patch::value(
        &mut model.retention_policy_followed,
        input.retention_policy_followed,
    );
    patch::text(
        "retentionDeviationReason",
        &mut model.retention_deviation_reason,
        input.retention_deviation_reason,
    )?;
    Ok(())
}

/// Inserts the links of a new activity; returns their audit entries.
async fn add_links(
    db: &impl ConnectionTrait,
    (activity_id, activity_key): (i32, &str),
    links: ActivityLinksInput,
) -> Result<Vec<Change>> {
    let owner = (EntityKind::ProcessingActivity, activity_key);
    let linked = |kind: EntityKind, key: &str, fields: Option<serde_json::Value>| {
        Change::of_link(AuditAction::Link, owner, (kind, key), (None, fields))
    };
    let mut changes = Vec::new();
    let purpose_keys: Vec<&String> = links.purposes.iter().map(|link| &link.purpose).collect();
    no_repeats("purposes", &purpose_keys)?;
    for (index, link) in links.purposes.into_iter().enumerate() {
        let purpose_key = link.purpose.clone();
        let purpose_id = write::id_of::<purpose::Entity>(db, &purpose_key).await?;
        let row = purpose_row(activity_id, purpose_id, link)
            .map_err(|err| err.within(&format!("purposes[{index}]")))?;
        let fields = audit::purpose_link_fields(&row.insert(db).await?);
        changes.push(linked(EntityKind::Purpose, &purpose_key, Some(fields)));
    }
    let mut seen = HashSet::new();
    for (index, link) in links.data_categories.into_iter().enumerate() {
        if !seen.insert((link.data_category.clone(), link.source.clone())) {
            return Err(Error::invalid(
                format!("dataCategories[{index}]"),
                format!(
                    "data category `{}` from the same source is listed twice",
                    link.data_category
                ),
            ));
        }
        data_category_row(db, activity_id, &link)
            .await?
            .insert(db)
            .await?;
        let fields = audit::data_category_link_fields(link.source.as_deref(), link.required);
        changes.push(linked(
            EntityKind::DataCategory,
            &link.data_category,
            Some(fields),
        ));
    }
    let activity = (activity_id, activity_key);
    changes.extend(
        add_simple::<activity_data_subject::Entity>(
            db,
            activity,
            "dataSubjects",
            &links.data_subjects,
        )
        .await?,
    );
    changes.extend(
        add_simple::<activity_recipient::Entity>(db, activity, "recipients", &links.recipients)
            .await?,
    );
    changes.extend(
        add_simple::<activity_transfer::Entity>(db, activity, "transfers", &links.transfers)
            .await?,
    );
    changes.extend(
        add_simple::<activity_retention::Entity>(
            db,
            activity,
            "retentionRules",
            &links.retention_rules,
        )
        .await?,
    );
    changes.extend(
        add_simple::<activity_system::Entity>(db, activity, "systems", &links.systems).await?,
    );
    changes.extend(
        add_simple::<activity_security_measure::Entity>(
            db,
            activity,
            "securityMeasures",
            &links.security_measures,
        )
        .await?,
    );
    changes.extend(
        add_simple::<activity_controller::Entity>(db, activity, "controllers", &links.controllers)
            .await?,
    );
    Ok(changes)
}

/// Inserts links of one kind without attributes; returns their entries.
async fn add_simple<L: Link>(
    db: &impl ConnectionTrait,
    (activity_id, activity_key): (i32, &str),
    field: &str,
    keys: &[String],
) -> Result<Vec<Change>> {
    no_repeats(field, keys)?;
    let ids = listing::ids_by_keys::<L::To>(db, keys).await?;
    insert_links::<L>(db, activity_id, &ids).await?;
    let owner = (EntityKind::ProcessingActivity, activity_key);
    Ok(keys
        .iter()
        .map(|key| {
            let target = (<L::To as Node>::KIND, key.as_str());
            Change::of_link(AuditAction::Link, owner, target, (None, None))
        })
        .collect())
}

pub(crate) fn purpose_row(
    activity_id: i32,
    purpose_id: i32,
    link: PurposeLinkInput,
) -> Result<activity_purpose::ActiveModel> {
    Ok(activity_purpose::ActiveModel {
        activity_id: ActiveValue::Set(activity_id),
        purpose_id: ActiveValue::Set(purpose_id),
        created_at: ActiveValue::Set(write::now()),
        lawful_basis: ActiveValue::Set(link.lawful_basis.map(Into::into)),
        legitimate_interest: ActiveValue::Set(optional(link.legitimate_interest, |text| {
            validate::text("legitimateInterest", text)
        })?),
        lia_url: ActiveValue::Set(optional(
            link.legitimate_interests_assessment_url,
            |text| validate::link("legitimateInterestsAssessmentUrl", text),
        )?),
        special_category_condition: ActiveValue::Set(
            link.special_category_condition.map(Into::into),
        ),
        criminal_offence_condition: ActiveValue::Set(optional(
            link.criminal_offence_condition,
            |text| validate::text("criminalOffenceCondition", text),
        )?),
    })
}

/// Whether a purpose link would stay as it is if given `wanted`'s attributes.
pub(crate) fn same_purpose_link(
    current: &activity_purpose::Model,
    wanted: &activity_purpose::ActiveModel,
) -> bool {
    current.lawful_basis == *wanted.lawful_basis.as_ref()
        && current.legitimate_interest == *wanted.legitimate_interest.as_ref()
        && current.lia_url == *wanted.lia_url.as_ref()
        && current.special_category_condition == *wanted.special_category_condition.as_ref()
        && current.criminal_offence_condition == *wanted.criminal_offence_condition.as_ref()
}

fn optional(
    value: Option<String>,
    check: impl FnOnce(&str) -> Result<Option<String>>,
) -> Result<Option<String>> {
    match value {
        Some(text) => check(&text),
        None => Ok(None),
    }
}

async fn data_category_row(
    db: &impl ConnectionTrait,
    activity_id: i32,
    link: &DataCategoryLinkInput,
) -> Result<activity_data_category::ActiveModel> {
    let source_id = match &link.source {
        Some(source) => Some(write::id_of::<source::Entity>(db, source).await?),
        None => None,
    };
    Ok(activity_data_category::ActiveModel {
        activity_id: ActiveValue::Set(activity_id),
        data_category_id: ActiveValue::Set(
            write::id_of::<data_category::Entity>(db, &link.data_category).await?,
        ),
        source_id: ActiveValue::Set(source_id),
        required: ActiveValue::Set(link.required),
        created_at: ActiveValue::Set(write::now()),
        ..Default::default()
    })
}

/// Links a purpose to an activity, or changes the link's lawful basis and
/// other attributes if it is already there.
pub async fn link_purpose(
    db: &DatabaseConnection,
    actor: &Actor,
    activity: &str,
    expected_version: Option<i32>,
    input: PurposeLinkInput,
) -> Result<Model> {
    let txn = write::begin(db).await?;
    let owner = owner_for_change::<Entity>(&txn, activity, expected_version).await?;
    let purpose_key = input.purpose.clone();
    let purpose_id = write::id_of::<purpose::Entity>(&txn, &purpose_key).await?;
    let row = purpose_row(owner.id, purpose_id, input)?;
    let existing = activity_purpose::Entity::find_by_id((owner.id, purpose_id))
        .one(&txn)
        .await?;
    let (before, after) = match existing {
        Some(existing) => {
            let unchanged = same_purpose_link(&existing, &row);
            if unchanged {
                return Ok(owner);
            }
            let mut changed = row;
            changed.created_at = ActiveValue::Unchanged(existing.created_at);
            let after = changed.update(&txn).await?;
            (
                Some(audit::purpose_link_fields(&existing)),
                audit::purpose_link_fields(&after),
            )
        }
        None => (None, audit::purpose_link_fields(&row.insert(&txn).await?)),
    };
    let ends = (
        (EntityKind::ProcessingActivity, activity),
        (EntityKind::Purpose, purpose_key.as_str()),
    );
    let change = (before, Some(after));
    audit::record(
        &txn,
        actor,
        audit::Change::of_link(AuditAction::Link, ends.0, ends.1, change),
    )
    .await?;
    touch_and_commit::<Entity>(txn, &owner).await
}

pub async fn unlink_purpose(
    db: &DatabaseConnection,
    actor: &Actor,
    activity: &str,
    purpose: &str,
    expected_version: Option<i32>,
) -> Result<Model> {
    let txn = write::begin(db).await?;
    let owner = owner_for_change::<Entity>(&txn, activity, expected_version).await?;
    let target = write::find_by_key::<purpose::Entity>(&txn, purpose).await?;
    let Some(existing) = activity_purpose::Entity::find_by_id((owner.id, target.id))
        .one(&txn)
        .await?
    else {
        return Err(Error::NotLinked {
            from: write::entity_ref::<Entity>(&owner),
            to: write::entity_ref::<purpose::Entity>(&target),
        });
    };
    activity_purpose::Entity::delete_by_id((owner.id, target.id))
        .exec(&txn)
        .await?;
    let ends = (
        (EntityKind::ProcessingActivity, activity),
        (EntityKind::Purpose, purpose),
    );
    let change = (Some(audit::purpose_link_fields(&existing)), None);
    audit::record(
        &txn,
        actor,
        audit::Change::of_link(AuditAction::Unlink, ends.0, ends.1, change),
    )
    .await?;
    touch_and_commit::<Entity>(txn, &owner).await
}

/// Links a data category (from a source) to an activity, or changes whether
/// it is required if that link is already there.
pub async fn link_data_category(
    db: &DatabaseConnection,
    actor: &Actor,
    activity: &str,
    expected_version: Option<i32>,
    input: DataCategoryLinkInput,
) -> Result<Model> {
    let txn = write::begin(db).await?;
    let owner = owner_for_change::<Entity>(&txn, activity, expected_version).await?;
    let row = data_category_row(&txn, owner.id, &input).await?;
    let existing = find_data_category_link(&txn, &row).await?;
    let before = match existing {
        Some(existing) if existing.required == input.required => return Ok(owner),
        Some(existing) => {
            let before =
                audit::data_category_link_fields(input.source.as_deref(), existing.required);
            let mut changed: activity_data_category::ActiveModel = existing.into();
            changed.required = ActiveValue::Set(input.required);
            changed.update(&txn).await?;
            Some(before)
        }
        None => {
            row.insert(&txn).await?;
            None
        }
    };
    let ends = (
        (EntityKind::ProcessingActivity, activity),
        (EntityKind::DataCategory, input.data_category.as_str()),
    );
    let after = audit::data_category_link_fields(input.source.as_deref(), input.required);
    let change = (before, Some(after));
    audit::record(
        &txn,
        actor,
        audit::Change::of_link(AuditAction::Link, ends.0, ends.1, change),
    )
    .await?;
    touch_and_commit::<Entity>(txn, &owner).await
}

pub async fn unlink_data_category(
    db: &DatabaseConnection,
    actor: &Actor,
    activity: &str,
    data_category: &str,
    source: Option<String>,
    expected_version: Option<i32>,
) -> Result<Model> {
    let txn = write::begin(db).await?;
    let owner = owner_for_change::<Entity>(&txn, activity, expected_version).await?;
    let link = DataCategoryLinkInput {
        data_category: data_category.to_owned(),
        source,
        required: None,
    };
    let row = data_category_row(&txn, owner.id, &link).await?;
    let Some(existing) = find_data_category_link(&txn, &row).await? else {
        let target = write::find_by_key::<data_category::Entity>(&txn, data_category).await?;
        return Err(Error::NotLinked {
            from: write::entity_ref::<Entity>(&owner),
            to: write::entity_ref::<data_category::Entity>(&target),
        });
    };
    activity_data_category::Entity::delete_by_id(existing.id)
        .exec(&txn)
        .await?;
    let ends = (
        (EntityKind::ProcessingActivity, activity),
        (EntityKind::DataCategory, data_category),
    );
    let before = audit::data_category_link_fields(link.source.as_deref(), existing.required);
    let change = (Some(before), None);
    audit::record(
        &txn,
        actor,
        audit::Change::of_link(AuditAction::Unlink, ends.0, ends.1, change),
    )
    .await?;
    touch_and_commit::<Entity>(txn, &owner).await
}

async fn find_data_category_link(
    db: &impl ConnectionTrait,
    row: &activity_data_category::ActiveModel,
) -> Result<Option<activity_data_category::Model>> {
    use activity_data_category::Column as L;
    let source = match row.source_id.as_ref() {
        Some(id) => Condition::all().add(L::SourceId.eq(*id)),
        None => Condition::all().add(L::SourceId.is_null()),
    };
    Ok(activity_data_category::Entity::find()
        .filter(L::ActivityId.eq(*row.activity_id.as_ref()))
        .filter(L::DataCategoryId.eq(*row.data_category_id.as_ref()))
        .filter(source)
        .one(db)
        .await?)
}

/// Which activities a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct ActivityFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// Key of the organisation that carries out the activities.
    pub organization: Option<String>,
    pub role: Option<ActivityRole>,
    pub status: Option<ActivityStatus>,
    /// Activities with at least one purpose on this lawful basis.
    pub lawful_basis: Option<LawfulBasis>,
    /// Activities that process this data category or one beneath it (by key).
    pub data_category: Option<String>,
    /// Activities that disclose data to this recipient (by key).
    pub recipient: Option<String>,
    /// Activities whose data goes to this country (ISO 3166-1 alpha-2):
    /// through a transfer to it, or a recipient located in it.
    pub country: Option<String>,
}

impl ActivityFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        let mut condition = Condition::all();
        if let Some(text) = self.search {
            condition = condition.add(listing::name_contains::<Entity>(&text));
        }
        if let Some(key) = self.organization {
            condition = condition.add(
                Column::OrganizationId.eq(write::id_of::<organization::Entity>(db, &key).await?),
            );
        }
        if let Some(role) = self.role {
            condition = condition.add(Column::Role.eq(entity::enums::ActivityRole::from(role)));
        }
        if let Some(status) = self.status {
            condition =
                condition.add(Column::Status.eq(entity::enums::ActivityStatus::from(status)));
        }
        if let Some(basis) = self.lawful_basis {
            let with_basis = Query::select()
                .column(activity_purpose::Column::ActivityId)
                .from(activity_purpose::Entity)
                .and_where(
                    Expr::col(activity_purpose::Column::LawfulBasis)
                        .eq(entity::enums::LawfulBasis::from(basis)),
                )
                .to_owned();
            condition = condition.add(Column::Id.in_subquery(with_basis));
        }
        if let Some(key) = self.data_category {
            let category = write::id_of::<data_category::Entity>(db, &key).await?;
            let categories = with_descendants(db, category).await?;
            let using = Query::select()
                .column(activity_data_category::Column::ActivityId)
                .from(activity_data_category::Entity)
                .and_where(
                    Expr::col(activity_data_category::Column::DataCategoryId).is_in(categories),
                )
                .to_owned();
            condition = condition.add(Column::Id.in_subquery(using));
        }
        if let Some(key) = self.recipient {
            let recipient = write::id_of::<recipient::Entity>(db, &key).await?;
            let disclosing = Query::select()
                .column(activity_recipient::Column::ActivityId)
                .from(activity_recipient::Entity)
                .and_where(Expr::col(activity_recipient::Column::RecipientId).eq(recipient))
                .to_owned();
            condition = condition.add(Column::Id.in_subquery(disclosing));
        }
        if let Some(country) = self.country {
            let country = validate::country("filter.country", &country)?;
            let by_transfer = Query::select()
                .column((
                    activity_transfer::Entity,
                    activity_transfer::Column::ActivityId,
                ))
                .from(activity_transfer::Entity)
                .inner_join(
                    transfer::Entity,
                    Expr::col((transfer::Entity, transfer::Column::Id)).equals((
                        activity_transfer::Entity,
                        activity_transfer::Column::TransferId,
                    )),
                )
                .and_where(
                    Expr::col((transfer::Entity, transfer::Column::Country)).eq(country.clone()),
                )
                .to_owned();
            let by_recipient = Query::select()
                .column((
                    activity_recipient::Entity,
                    activity_recipient::Column::ActivityId,
                ))
                .from(activity_recipient::Entity)
                .inner_join(
                    recipient::Entity,
                    Expr::col((recipient::Entity, recipient::Column::Id)).equals((
                        activity_recipient::Entity,
                        activity_recipient::Column::RecipientId,
                    )),
                )
                .and_where(Expr::col((recipient::Entity, recipient::Column::Country)).eq(country))
                .to_owned();
            condition = condition.add(
                Condition::any()
                    .add(Column::Id.in_subquery(by_transfer))
                    .add(Column::Id.in_subquery(by_recipient)),
            );
        }
        Ok(condition)
    }
}

/// A data category and every category beneath it.
async fn with_descendants(db: &impl ConnectionTrait, root: i32) -> Result<Vec<i32>> {
    let pairs: Vec<(i32, Option<i32>)> = data_category::Entity::find()
        .select_only()
        .column(data_category::Column::Id)
        .column(data_category::Column::ParentId)
        .into_tuple()
        .all(db)
        .await?;
    let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
    for (id, parent) in pairs {
        if let Some(parent) = parent {
            children.entry(parent).or_default().push(id);
        }
    }
    let mut found = vec![root];
    let mut next = 0;
    while let Some(&id) = found.get(next) {
        for &child in children.get(&id).into_iter().flatten() {
            if !found.contains(&child) {
                found.push(child);
            }
        }
        next += 1;
    }
    Ok(found)
}
