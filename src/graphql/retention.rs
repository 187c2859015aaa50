use async_graphql::{Context, ID, Object, Result};
use entity::{activity_retention, data_category_retention, organization, retention_rule};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::activity::ProcessingActivity;
use super::common::DeletePayload;
use super::data_category::DataCategory;
use super::organization::Organization;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::relations::{linked_from, one};
use crate::domain::deletion;
use crate::domain::listing::Ordering;
use crate::domain::retention::{
    self as domain, CreateRetentionRuleInput, RetentionRuleFilter, UpdateRetentionRuleInput,
};
use crate::domain::vocabulary::EndAction;

pub struct RetentionRule(pub retention_rule::Model);

/// How long data is kept, or the criteria that decide it (Art. 30(1)(f), 13(2)(a)).
#[Object]
impl RetentionRule {
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
    /// How long, as an ISO 8601 duration (P7Y, P26M).
    async fn period(&self) -> Option<&str> {
        self.0.period.as_deref()
    }
    /// The criteria that decide how long, where there is no fixed period.
    async fn criteria(&self) -> Option<&str> {
        self.0.criteria.as_deref()
    }
    /// The event the period runs from.
    async fn runs_from(&self) -> Option<&str> {
        self.0.runs_from.as_deref()
    }
    /// The law or requirement behind the period.
    async fn legal_requirement(&self) -> Option<&str> {
        self.0.legal_requirement.as_deref()
    }
    async fn end_action(&self) -> Option<EndAction> {
        self.0.end_action.map(Into::into)
    }
    async fn policy_url(&self) -> Option<&str> {
        self.0.policy_url.as_deref()
    }
    async fn created_at(&self) -> DateTimeWithTimeZone {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTimeWithTimeZone {
        self.0.updated_at
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The organisation this rule belongs to; null for the shared catalogue.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(one::<organization::Entity>(ctx, self.0.organization_id)
            .await?
            .map(Organization))
    }
    /// The activities whose data is kept under this rule.
    async fn activities(&self, ctx: &Context<'_>) -> Result<Vec<ProcessingActivity>> {
        let found = linked_from::<activity_retention::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(ProcessingActivity).collect())
    }
    /// The data categories kept under this rule specifically.
    async fn data_categories(&self, ctx: &Context<'_>) -> Result<Vec<DataCategory>> {
        let found = linked_from::<data_category_retention::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(DataCategory).collect())
    }
}

#[derive(Default)]
pub struct RetentionQuery;

#[Object]
impl RetentionQuery {
    /// One retention rule, by `id` or by `key`.
    async fn retention_rule(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<RetentionRule>> {
        Ok(super::lookup::<retention_rule::Entity>(ctx, id, key)
            .await?
            .map(RetentionRule))
    }

    /// Retention rules, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn retention_rules(
        &self,
        ctx: &Context<'_>,
        filter: Option<RetentionRuleFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<RetentionRule>> {
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
        connection::<retention_rule::Entity, _>(ctx, filter, args, RetentionRule).await
    }
}

#[derive(Default)]
pub struct RetentionMutation;

#[Object]
impl RetentionMutation {
    async fn create_retention_rule(
        &self,
        ctx: &Context<'_>,
        input: CreateRetentionRuleInput,
    ) -> Result<RetentionRule> {
        Ok(RetentionRule(
            domain::create(super::db(ctx)?, &super::actor(ctx)?, input).await?,
        ))
    }

    /// Changes a retention rule; `version` is the version you read.
    async fn update_retention_rule(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdateRetentionRuleInput,
    ) -> Result<RetentionRule> {
        Ok(RetentionRule(
            domain::update(super::db(ctx)?, &super::actor(ctx)?, &key, version, input).await?,
        ))
    }

    /// Deletes a retention rule; refused while activities or data categories
    /// use it, unless `cascade` is true.
    async fn delete_retention_rule(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        Ok(DeletePayload(
            deletion::delete::<retention_rule::Entity>(
                super::db(ctx)?,
                &super::actor(ctx)?,
                &key,
                version,
                cascade,
            )
            .await?,
        ))
    }
}
