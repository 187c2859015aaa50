use async_graphql::{Context, ID, Object, Result};
use entity::{activity_data_category, data_category, organization, source};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::activity::ActivityDataCategory;
use super::common::DeletePayload;
use super::organization::Organization;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::relations::{link_rows, one, with_targets};
use crate::domain::deletion;
use crate::domain::listing::Ordering;
use crate::domain::source::{self as domain, CreateSourceInput, SourceFilter, UpdateSourceInput};
use crate::domain::vocabulary::SourceKind;

pub struct Source(pub source::Model);

/// Where personal data comes from (Art. 14(2)(f)).
#[Object]
impl Source {
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
    async fn kind(&self) -> SourceKind {
        self.0.kind.into()
    }
    /// Whether the data comes from publicly accessible sources.
    async fn publicly_available(&self) -> bool {
        self.0.kind == entity::enums::SourceKind::PubliclyAvailable
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
    /// The organisation this source belongs to; null for the shared catalogue.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(one::<organization::Entity>(ctx, self.0.organization_id)
            .await?
            .map(Organization))
    }
    /// The data categories that come from this source, with the activities that get them.
    async fn data_categories(&self, ctx: &Context<'_>) -> Result<Vec<ActivityDataCategory>> {
        let links = link_rows::<activity_data_category::Entity>(
            ctx,
            activity_data_category::Column::SourceId,
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
                activity: None,
                data_category: Some(category),
            })
            .collect())
    }
}

#[derive(Default)]
pub struct SourceQuery;

#[Object]
impl SourceQuery {
    /// One source, by `id` or by `key`.
    async fn source(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<Source>> {
        Ok(super::lookup::<source::Entity>(ctx, id, key)
            .await?
            .map(Source))
    }

    /// Sources, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        filter: Option<SourceFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<Source>> {
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
        connection::<source::Entity, _>(ctx, filter, args, Source).await
    }
}

#[derive(Default)]
pub struct SourceMutation;

#[Object]
impl SourceMutation {
    async fn create_source(&self, ctx: &Context<'_>, input: CreateSourceInput) -> Result<Source> {
        Ok(Source(
            domain::create(super::db(ctx)?, &super::actor(ctx)?, input).await?,
        ))
    }

    /// Changes a source; `version` is the version you read.
    async fn update_source(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdateSourceInput,
    ) -> Result<Source> {
        Ok(Source(
            domain::update(super::db(ctx)?, &super::actor(ctx)?, &key, version, input).await?,
        ))
    }

    /// Deletes a source; refused while activities name it as the source of a
    /// data category, unless `cascade` is true, which removes those links.
    async fn delete_source(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        Ok(DeletePayload(
            deletion::delete::<source::Entity>(
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
