use async_graphql::{Context, ID, Object, Result};
use entity::{
    activity_controller, activity_data_category, activity_data_subject, activity_purpose,
    activity_recipient, activity_retention, activity_security_measure, activity_system,
    activity_transfer, data_category, organization, processing_activity, purpose,
};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::common::DeletePayload;
use super::data_category::DataCategory;
use super::data_subject::DataSubjectCategory;
use super::organization::Organization;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::purpose::Purpose;
use super::recipient::Recipient;
use super::relations::{link_rows, linked_to, one, referenced, with_targets};
use super::retention::RetentionRule;
use super::security_measure::SecurityMeasure;
use super::source::Source;
use super::system::System;
use super::transfer::Transfer;
use crate::domain::activity::{
    self as domain, ActivityFilter, CreateProcessingActivityInput, DataCategoryLinkInput,
    PurposeLinkInput, UpdateProcessingActivityInput,
};
use crate::domain::activity_form::{self, ReplaceProcessingActivityInput};
use crate::domain::deletion;
use crate::domain::links;
use crate::domain::listing::Ordering;
use crate::domain::node::Link;
use crate::domain::vocabulary::{
    ActivityRole, ActivityStatus, DpiaStatus, LawfulBasis, ProvisionRequirement,
    SpecialCategoryCondition,
};

pub struct ProcessingActivity(pub processing_activity::Model);

/// One processing operation with its purposes: a row of the Article 30 record.
#[Object]
impl ProcessingActivity {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// The role the owning organisation plays.
    async fn role(&self) -> ActivityRole {
        self.0.role.into()
    }
    async fn status(&self) -> ActivityStatus {
        self.0.status.into()
    }
    /// The team or business function that owns the activity.
    async fn business_function(&self) -> Option<&str> {
        self.0.business_function.as_deref()
    }
    /// Whether decisions are made solely by automated means (Art. 22); null when not stated.
    async fn automated_decision_making(&self) -> Option<bool> {
        self.0.automated_decision_making
    }
    async fn automated_decision_details(&self) -> Option<&str> {
        self.0.automated_decision_details.as_deref()
    }
    /// Whether providing the data is required, and by what (Art. 13(2)(e)).
    async fn provision_requirement(&self) -> Option<ProvisionRequirement> {
        self.0.provision_requirement.map(Into::into)
    }
    async fn provision_consequence(&self) -> Option<&str> {
        self.0.provision_consequence.as_deref()
    }
    async fn dpia_required(&self) -> Option<bool> {
        self.0.dpia_required
    }
    async fn dpia_status(&self) -> Option<DpiaStatus> {
        self.0.dpia_status.map(Into::into)
    }
    async fn dpia_url(&self) -> Option<&str> {
        self.0.dpia_url.as_deref()
    }
    async fn large_scale(&self) -> Option<bool> {
        self.0.large_scale
    }
    async fn systematic_monitoring(&self) -> Option<bool> {
        self.0.systematic_monitoring
    }
    async fn innovative_technology(&self) -> Option<bool> {
        self.0.innovative_technology
    }
    async fn consent_record_url(&self) -> Option<&str> {
        self.0.consent_record_url.as_deref()
    }
    async fn breach_occurred(&self) -> Option<bool> {
        self.0.breach_occurred
    }
    async fn breach_record_url(&self) -> Option<&str> {
        self.0.breach_record_url.as_deref()
    }
    async fn uk_schedule1_condition(&self) -> Option<&str> {
        self.0.uk_schedule1_condition.as_deref()
    }
    async fn retention_policy_followed(&self) -> Option<bool> {
        self.0.retention_policy_followed
    }
    async fn retention_deviation_reason(&self) -> Option<&str> {
        self.0.retention_deviation_reason.as_deref()
    }
    async fn created_at(&self) -> DateTimeWithTimeZone {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTimeWithTimeZone {
        self.0.updated_at
    }
    /// Goes up by one with every change, links included.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The organisation that carries out the activity.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Organization> {
        let owner = referenced::<organization::Entity>(ctx, &None, self.0.organization_id).await?;
        Ok(Organization(owner))
    }
    /// The other controllers: those a processor acts for, or the joint controllers.
    async fn controllers(&self, ctx: &Context<'_>) -> Result<Vec<Organization>> {
        let found = linked_to::<activity_controller::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(Organization).collect())
    }
    /// The purposes, each with its lawful basis.
    async fn purposes(&self, ctx: &Context<'_>) -> Result<Vec<ActivityPurpose>> {
        let links = link_rows::<activity_purpose::Entity>(
            ctx,
            activity_purpose::Column::ActivityId,
            self.0.id,
        )
        .await?;
        let pairs = with_targets::<_, purpose::Entity>(ctx, links, |link| link.purpose_id).await?;
        Ok(pairs
            .into_iter()
            .map(|(link, purpose)| ActivityPurpose {
                link,
                activity: Some(self.0.clone()),
                purpose: Some(purpose),
            })
            .collect())
    }
    /// The data categories processed, each with where it comes from.
    async fn data_categories(&self, ctx: &Context<'_>) -> Result<Vec<ActivityDataCategory>> {
        let links = link_rows::<activity_data_category::Entity>(
            ctx,
            activity_data_category::Column::ActivityId,
            self.0.id,
        )
        .await?;
        let pairs =
            with_targets::<_, data_category::Entity>(ctx, links, |link| link.data_category_id)
                .await?;
        Ok(pairs
            .into_iter()
            .map(|(link, category)| ActivityDataCategory {
                link,
                activity: Some(self.0.clone()),
                data_category: Some(category),
            })
            .collect())
    }
    /// The categories of people whose data is processed.
    async fn data_subjects(&self, ctx: &Context<'_>) -> Result<Vec<DataSubjectCategory>> {
        let found = linked_to::<activity_data_subject::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(DataSubjectCategory).collect())
    }
    /// Who receives the data.
    async fn recipients(&self, ctx: &Context<'_>) -> Result<Vec<Recipient>> {
        let found = linked_to::<activity_recipient::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(Recipient).collect())
    }
    /// Transfers of the data out of the EEA or the UK.
    async fn transfers(&self, ctx: &Context<'_>) -> Result<Vec<Transfer>> {
        let found = linked_to::<activity_transfer::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(Transfer).collect())
    }
    /// How long the data is kept.
    async fn retention_rules(&self, ctx: &Context<'_>) -> Result<Vec<RetentionRule>> {
        let found = linked_to::<activity_retention::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(RetentionRule).collect())
    }
    /// Where the data lives.
    async fn systems(&self, ctx: &Context<'_>) -> Result<Vec<System>> {
        let found = linked_to::<activity_system::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(System).collect())
    }
    /// The Art. 32 measures protecting the data.
    async fn security_measures(&self, ctx: &Context<'_>) -> Result<Vec<SecurityMeasure>> {
        let found = linked_to::<activity_security_measure::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(SecurityMeasure).collect())
    }
}

pub struct ActivityPurpose {
    pub link: activity_purpose::Model,
    pub activity: Option<processing_activity::Model>,
    pub purpose: Option<purpose::Model>,
}

/// A purpose of an activity, with the lawful basis it rests on.
#[Object]
impl ActivityPurpose {
    async fn activity(&self, ctx: &Context<'_>) -> Result<ProcessingActivity> {
        let activity =
            referenced::<processing_activity::Entity>(ctx, &self.activity, self.link.activity_id)
                .await?;
        Ok(ProcessingActivity(activity))
    }
    async fn purpose(&self, ctx: &Context<'_>) -> Result<Purpose> {
        let purpose =
            referenced::<purpose::Entity>(ctx, &self.purpose, self.link.purpose_id).await?;
        Ok(Purpose(purpose))
    }
    /// Art. 6(1) basis; null where none is recorded.
    async fn lawful_basis(&self) -> Option<LawfulBasis> {
        self.link.lawful_basis.map(Into::into)
    }
    /// The legitimate interest pursued, where the basis is legitimate interests.
    async fn legitimate_interest(&self) -> Option<&str> {
        self.link.legitimate_interest.as_deref()
    }
    async fn legitimate_interests_assessment_url(&self) -> Option<&str> {
        self.link.lia_url.as_deref()
    }
    /// Art. 9(2) condition, where special category data is processed.
    async fn special_category_condition(&self) -> Option<SpecialCategoryCondition> {
        self.link.special_category_condition.map(Into::into)
    }
    /// The Art. 10 authority for criminal offence data.
    async fn criminal_offence_condition(&self) -> Option<&str> {
        self.link.criminal_offence_condition.as_deref()
    }
}

pub struct ActivityDataCategory {
    pub link: activity_data_category::Model,
    pub activity: Option<processing_activity::Model>,
    pub data_category: Option<data_category::Model>,
}

/// A data category an activity processes, and where it comes from.
#[Object]
impl ActivityDataCategory {
    async fn activity(&self, ctx: &Context<'_>) -> Result<ProcessingActivity> {
        let activity =
            referenced::<processing_activity::Entity>(ctx, &self.activity, self.link.activity_id)
                .await?;
        Ok(ProcessingActivity(activity))
    }
    async fn data_category(&self, ctx: &Context<'_>) -> Result<DataCategory> {
        let category = referenced::<data_category::Entity>(
            ctx,
            &self.data_category,
            self.link.data_category_id,
        )
        .await?;
        Ok(DataCategory(category))
    }
    /// Where the data comes from; null where the inventory does not say.
    async fn source(&self, ctx: &Context<'_>) -> Result<Option<Source>> {
        Ok(one::<entity::source::Entity>(ctx, self.link.source_id)
            .await?
            .map(Source))
    }
    /// Whether the person must provide this data; null where not stated.
    async fn required(&self) -> Option<bool> {
        self.link.required
    }
}

#[derive(Default)]
pub struct ActivityQuery;

#[Object]
impl ActivityQuery {
    /// One processing activity, by `id` or by `key`.
    async fn processing_activity(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<ProcessingActivity>> {
        Ok(super::lookup::<processing_activity::Entity>(ctx, id, key)
            .await?
            .map(ProcessingActivity))
    }

    /// Processing activities, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn processing_activities(
        &self,
        ctx: &Context<'_>,
        filter: Option<ActivityFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<ProcessingActivity>> {
        let filter = filter
            .unwrap_or_default()
            .condition(super::db(ctx)?)
            .await?;
        let args = ListArgs {
            order_by,
            after,
            before,
            first,
            last,
        };
        connection::<processing_activity::Entity, _>(ctx, filter, args, ProcessingActivity).await
    }
}

#[derive(Default)]
pub struct ActivityMutation;

/// Links an activity to another entity through `L`, as the mutations below do.
async fn link<L: Link<From = processing_activity::Entity>>(
    ctx: &Context<'_>,
    activity: &str,
    target: &str,
    activity_version: Option<i32>,
) -> Result<ProcessingActivity> {
    let changed = links::link::<L>(
        super::db(ctx)?,
        &super::actor(ctx)?,
        activity,
        target,
        activity_version,
    )
    .await?;
    Ok(ProcessingActivity(changed))
}

async fn unlink<L: Link<From = processing_activity::Entity>>(
    ctx: &Context<'_>,
    activity: &str,
    target: &str,
    activity_version: Option<i32>,
) -> Result<ProcessingActivity> {
    let changed = links::unlink::<L>(
        super::db(ctx)?,
        &super::actor(ctx)?,
        activity,
        target,
        activity_version,
    )
    .await?;
    Ok(ProcessingActivity(changed))
}

/// Every link mutation takes the activity's key, and optionally the version
/// the client read: a stale version is refused with `CONFLICT`. Linking what
/// is already linked changes nothing; unlinking what is not linked is
/// `NOT_FOUND`. Each returns the activity, at its new version.
#[Object]
impl ActivityMutation {
    /// Creates an activity with all its links in one transaction.
    async fn create_processing_activity(
        &self,
        ctx: &Context<'_>,
        input: CreateProcessingActivityInput,
    ) -> Result<ProcessingActivity> {
        Ok(ProcessingActivity(
            domain::create(super::db(ctx)?, &super::actor(ctx)?, input).await?,
        ))
    }

    /// Changes an activity's attributes; `version` is the version you read.
    async fn update_processing_activity(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdateProcessingActivityInput,
    ) -> Result<ProcessingActivity> {
        Ok(ProcessingActivity(
            domain::update(super::db(ctx)?, &super::actor(ctx)?, &key, version, input).await?,
        ))
    }

    /// Sets an activity's attributes and all its links at once, as an
    /// editing form does: attributes left out keep their value, links not
    /// listed are removed. `version` is the version you read.
    async fn replace_processing_activity(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: ReplaceProcessingActivityInput,
    ) -> Result<ProcessingActivity> {
        Ok(ProcessingActivity(
            activity_form::replace(super::db(ctx)?, &super::actor(ctx)?, &key, version, input)
                .await?,
        ))
    }

    /// Deletes an activity with its own links. Nothing else refers to an
    /// activity, so `cascade` changes nothing here; it is accepted for symmetry.
    async fn delete_processing_activity(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        let report = deletion::delete::<processing_activity::Entity>(
            super::db(ctx)?,
            &super::actor(ctx)?,
            &key,
            version,
            cascade,
        )
        .await?;
        Ok(DeletePayload(report))
    }

    /// Links a purpose with its lawful basis, or changes the basis of a linked one.
    async fn link_purpose(
        &self,
        ctx: &Context<'_>,
        activity: String,
        activity_version: Option<i32>,
        input: PurposeLinkInput,
    ) -> Result<ProcessingActivity> {
        Ok(ProcessingActivity(
            domain::link_purpose(
                super::db(ctx)?,
                &super::actor(ctx)?,
                &activity,
                activity_version,
                input,
            )
            .await?,
        ))
    }

    async fn unlink_purpose(
        &self,
        ctx: &Context<'_>,
        activity: String,
        purpose: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        Ok(ProcessingActivity(
            domain::unlink_purpose(
                super::db(ctx)?,
                &super::actor(ctx)?,
                &activity,
                &purpose,
                activity_version,
            )
            .await?,
        ))
    }

    /// Links a data category from a source, or changes whether it is required.
    async fn link_data_category(
        &self,
        ctx: &Context<'_>,
        activity: String,
        activity_version: Option<i32>,
        input: DataCategoryLinkInput,
    ) -> Result<ProcessingActivity> {
        let changed = domain::link_data_category(
            super::db(ctx)?,
            &super::actor(ctx)?,
            &activity,
            activity_version,
            input,
        )
        .await?;
        Ok(ProcessingActivity(changed))
    }

    /// Removes the link to a data category from the given source (or from no source).
    async fn unlink_data_category(
        &self,
        ctx: &Context<'_>,
        activity: String,
        data_category: String,
        source: Option<String>,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        let changed = domain::unlink_data_category(
            super::db(ctx)?,
            &super::actor(ctx)?,
            &activity,
            &data_category,
            source,
            activity_version,
        )
        .await?;
        Ok(ProcessingActivity(changed))
    }

    async fn link_data_subject(
        &self,
        ctx: &Context<'_>,
        activity: String,
        data_subject: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        link::<activity_data_subject::Entity>(ctx, &activity, &data_subject, activity_version).await
    }
    async fn unlink_data_subject(
        &self,
        ctx: &Context<'_>,
        activity: String,
        data_subject: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        unlink::<activity_data_subject::Entity>(ctx, &activity, &data_subject, activity_version)
            .await
    }
    async fn link_recipient(
        &self,
        ctx: &Context<'_>,
        activity: String,
        recipient: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        link::<activity_recipient::Entity>(ctx, &activity, &recipient, activity_version).await
    }
    async fn unlink_recipient(
        &self,
        ctx: &Context<'_>,
        activity: String,
        recipient: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        unlink::<activity_recipient::Entity>(ctx, &activity, &recipient, activity_version).await
    }
    async fn link_transfer(
        &self,
        ctx: &Context<'_>,
        activity: String,
        transfer: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        link::<activity_transfer::Entity>(ctx, &activity, &transfer, activity_version).await
    }
    async fn unlink_transfer(
        &self,
        ctx: &Context<'_>,
        activity: String,
        transfer: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        unlink::<activity_transfer::Entity>(ctx, &activity, &transfer, activity_version).await
    }
    async fn link_retention_rule(
        &self,
        ctx: &Context<'_>,
        activity: String,
        retention_rule: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        link::<activity_retention::Entity>(ctx, &activity, &retention_rule, activity_version).await
    }
    async fn unlink_retention_rule(
        &self,
        ctx: &Context<'_>,
        activity: String,
        retention_rule: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        unlink::<activity_retention::Entity>(ctx, &activity, &retention_rule, activity_version)
            .await
    }
    async fn link_system(
        &self,
        ctx: &Context<'_>,
        activity: String,
        system: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        link::<activity_system::Entity>(ctx, &activity, &system, activity_version).await
    }
    async fn unlink_system(
        &self,
        ctx: &Context<'_>,
        activity: String,
        system: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        unlink::<activity_system::Entity>(ctx, &activity, &system, activity_version).await
    }
    async fn link_security_measure(
        &self,
        ctx: &Context<'_>,
        activity: String,
        security_measure: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        link::<activity_security_measure::Entity>(
            ctx,
            &activity,
            &security_measure,
            activity_version,
        )
        .await
    }
    async fn unlink_security_measure(
        &self,
        ctx: &Context<'_>,
        activity: String,
        security_measure: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        unlink::<activity_security_measure::Entity>(
            ctx,
            &activity,
            &security_measure,
            activity_version,
        )
        .await
    }
    /// Names another controller of the activity (by organisation key).
    async fn link_controller(
        &self,
        ctx: &Context<'_>,
        activity: String,
        organization: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        link::<activity_controller::Entity>(ctx, &activity, &organization, activity_version).await
    }
    async fn unlink_controller(
        &self,
        ctx: &Context<'_>,
        activity: String,
        organization: String,
        activity_version: Option<i32>,
    ) -> Result<ProcessingActivity> {
        unlink::<activity_controller::Entity>(ctx, &activity, &organization, activity_version).await
    }
}
