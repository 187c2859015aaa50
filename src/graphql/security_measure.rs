use async_graphql::{Context, ID, Object, Result};
use entity::{activity_security_measure, organization, security_measure};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::activity::ProcessingActivity;
use super::common::DeletePayload;
use super::organization::Organization;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::relations::{linked_from, one};
use crate::domain::deletion;
use crate::domain::listing::Ordering;
use crate::domain::security_measure::{
    self as domain, CreateSecurityMeasureInput, SecurityMeasureFilter, UpdateSecurityMeasureInput,
};
use crate::domain::vocabulary::SecurityMeasureKind;

pub struct SecurityMeasure(pub security_measure::Model);

/// A technical or organisational security measure (Art. 32, 30(1)(g)).
#[Object]
impl SecurityMeasure {
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
    async fn kind(&self) -> SecurityMeasureKind {
        self.0.kind.into()
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
    /// The organisation this measure belongs to; null for the shared catalogue.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(one::<organization::Entity>(ctx, self.0.organization_id)
            .await?
            .map(Organization))
    }
    /// The activities this measure protects.
    async fn activities(&self, ctx: &Context<'_>) -> Result<Vec<ProcessingActivity>> {
        let found = linked_from::<activity_security_measure::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(ProcessingActivity).collect())
    }
}

#[derive(Default)]
pub struct SecurityMeasureQuery;

#[Object]
impl SecurityMeasureQuery {
    /// One security measure, by `id` or by `key`.
    async fn security_measure(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<SecurityMeasure>> {
        Ok(super::lookup::<security_measure::Entity>(ctx, id, key)
            .await?
            .map(SecurityMeasure))
    }

    /// Security measures, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn security_measures(
        &self,
        ctx: &Context<'_>,
        filter: Option<SecurityMeasureFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<SecurityMeasure>> {
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
        connection::<security_measure::Entity, _>(ctx, filter, args, SecurityMeasure).await
    }
}

#[derive(Default)]
pub struct SecurityMeasureMutation;

#[Object]
impl SecurityMeasureMutation {
    async fn create_security_measure(
        &self,
        ctx: &Context<'_>,
        input: CreateSecurityMeasureInput,
    ) -> Result<SecurityMeasure> {
        Ok(SecurityMeasure(
            domain::create(super::db(ctx)?, &super::actor(ctx)?, input).await?,
        ))
    }

    /// Changes a security measure; `version` is the version you read.
    async fn update_security_measure(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdateSecurityMeasureInput,
    ) -> Result<SecurityMeasure> {
        Ok(SecurityMeasure(
            domain::update(super::db(ctx)?, &super::actor(ctx)?, &key, version, input).await?,
        ))
    }

    /// Deletes a security measure; refused while activities rely on it, unless
    /// `cascade` is true.
    async fn delete_security_measure(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        Ok(DeletePayload(
            deletion::delete::<security_measure::Entity>(
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
