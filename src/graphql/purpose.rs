use async_graphql::{Context, ID, Object, Result};
use entity::{activity_purpose, organization, processing_activity, purpose};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::activity::ActivityPurpose;
use super::common::DeletePayload;
use super::organization::Organization;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::relations::{link_rows, one, with_targets};
use crate::domain::deletion;
use crate::domain::listing::Ordering;
use crate::domain::purpose::{
    self as domain, CreatePurposeInput, PurposeFilter, UpdatePurposeInput,
};

pub struct Purpose(pub purpose::Model);

/// A reason for processing (Art. 30(1)(b)); each activity that pursues it
/// states its lawful basis.
#[Object]
impl Purpose {
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
    async fn taxonomy_key(&self) -> Option<&str> {
        self.0.taxonomy_key.as_deref()
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
    /// The organisation this purpose belongs to; null for the shared catalogue.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(one::<organization::Entity>(ctx, self.0.organization_id)
            .await?
            .map(Organization))
    }
    /// The activities that pursue this purpose, each with its lawful basis.
    async fn activities(&self, ctx: &Context<'_>) -> Result<Vec<ActivityPurpose>> {
        let links = link_rows::<activity_purpose::Entity>(
            ctx,
            activity_purpose::Column::PurposeId,
            self.0.id,
        )
        .await?;
        let pairs =
            with_targets::<_, processing_activity::Entity>(ctx, links, |link| link.activity_id)
                .await?;
        Ok(pairs
            .into_iter()
            .map(|(link, activity)| ActivityPurpose {
                link,
                activity: Some(activity),
                purpose: Some(self.0.clone()),
            })
            .collect())
    }
}

#[derive(Default)]
pub struct PurposeQuery;

#[Object]
impl PurposeQuery {
    /// One purpose, by `id` or by `key`.
    async fn purpose(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<Purpose>> {
        Ok(super::lookup::<purpose::Entity>(ctx, id, key)
            .await?
            .map(Purpose))
    }

    /// Purposes, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn purposes(
        &self,
        ctx: &Context<'_>,
        filter: Option<PurposeFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<Purpose>> {
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
        connection::<purpose::Entity, _>(ctx, filter, args, Purpose).await
    }
}

#[derive(Default)]
pub struct PurposeMutation;

#[Object]
impl PurposeMutation {
    async fn create_purpose(
        &self,
        ctx: &Context<'_>,
        input: CreatePurposeInput,
    ) -> Result<Purpose> {
        Ok(Purpose(
            domain::create(super::db(ctx)?, &super::actor(ctx)?, input).await?,
        ))
    }

    /// Changes a purpose; `version` is the version you read.
    async fn update_purpose(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdatePurposeInput,
    ) -> Result<Purpose> {
        Ok(Purpose(
            domain::update(super::db(ctx)?, &super::actor(ctx)?, &key, version, input).await?,
        ))
    }

    /// Deletes a purpose; refused while activities pursue it, unless `cascade`
    /// is true, which removes it from them.
    async fn delete_purpose(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        Ok(DeletePayload(
            deletion::delete::<purpose::Entity>(
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
