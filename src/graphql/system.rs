use async_graphql::{Context, ID, Object, Result};
use entity::{activity_system, organization, recipient, system};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::activity::ProcessingActivity;
use super::common::DeletePayload;
use super::organization::Organization;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::recipient::Recipient;
use super::relations::{linked_from, one};
use crate::domain::deletion;
use crate::domain::listing::Ordering;
use crate::domain::system::{self as domain, CreateSystemInput, SystemFilter, UpdateSystemInput};

pub struct System(pub system::Model);

/// An IT system or data store where personal data lives.
#[Object]
impl System {
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
    /// ISO 3166-1 alpha-2 code of the country where the data is hosted.
    async fn hosting_country(&self) -> Option<&str> {
        self.0.hosting_country.as_deref()
    }
    /// Where it runs, in words.
    async fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
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
    /// The organisation this system belongs to; null for the shared catalogue.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(one::<organization::Entity>(ctx, self.0.organization_id)
            .await?
            .map(Organization))
    }
    /// The recipient that provides the system.
    async fn vendor(&self, ctx: &Context<'_>) -> Result<Option<Recipient>> {
        Ok(one::<recipient::Entity>(ctx, self.0.vendor_id)
            .await?
            .map(Recipient))
    }
    /// The activities whose data lives here.
    async fn activities(&self, ctx: &Context<'_>) -> Result<Vec<ProcessingActivity>> {
        let found = linked_from::<activity_system::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(ProcessingActivity).collect())
    }
}

#[derive(Default)]
pub struct SystemQuery;

#[Object]
impl SystemQuery {
    /// One system, by `id` or by `key`.
    async fn system(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<System>> {
        Ok(super::lookup::<system::Entity>(ctx, id, key)
            .await?
            .map(System))
    }

    /// Systems, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn systems(
        &self,
        ctx: &Context<'_>,
        filter: Option<SystemFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<System>> {
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
        connection::<system::Entity, _>(ctx, filter, args, System).await
    }
}

#[derive(Default)]
pub struct SystemMutation;

#[Object]
impl SystemMutation {
    async fn create_system(&self, ctx: &Context<'_>, input: CreateSystemInput) -> Result<System> {
        Ok(System(
            domain::create(super::db(ctx)?, &super::actor(ctx)?, input).await?,
        ))
    }

    /// Changes a system; `version` is the version you read.
    async fn update_system(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdateSystemInput,
    ) -> Result<System> {
        Ok(System(
            domain::update(super::db(ctx)?, &super::actor(ctx)?, &key, version, input).await?,
        ))
    }

    /// Deletes a system; refused while activities use it, unless `cascade` is true.
    async fn delete_system(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        Ok(DeletePayload(
            deletion::delete::<system::Entity>(
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
