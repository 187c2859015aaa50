use async_graphql::{Context, ID, Object, Result};
use entity::{
    activity_data_category, data_category, data_category_retention, organization,
    processing_activity,
};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::activity::ActivityDataCategory;
use super::common::DeletePayload;
use super::organization::Organization;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::relations::{link_rows, linked_to, one, referring, with_targets};
use super::retention::RetentionRule;
use crate::domain::data_category::{
    self as domain, CreateDataCategoryInput, DataCategoryFilter, UpdateDataCategoryInput,
};
use crate::domain::deletion;
use crate::domain::listing::Ordering;
use crate::domain::vocabulary::{CcpaCategory, Sensitivity, SpecialCategoryKind};

pub struct DataCategory(pub data_category::Model);

/// A kind of personal data, in a hierarchy (Art. 30(1)(c)).
#[Object]
impl DataCategory {
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
    async fn sensitivity(&self) -> Sensitivity {
        self.0.sensitivity.into()
    }
    /// The Art. 9(1) kind, for special category data.
    async fn special_category_kind(&self) -> Option<SpecialCategoryKind> {
        self.0.special_category_kind.map(Into::into)
    }
    /// The California category (Cal. Civ. Code §1798.140(v)(1)).
    async fn ccpa_category(&self) -> Option<CcpaCategory> {
        self.0.ccpa_category.map(Into::into)
    }
    /// California "sensitive personal information" (§1798.140(ae)).
    async fn ccpa_sensitive(&self) -> bool {
        self.0.ccpa_sensitive
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
    /// The organisation this category belongs to; null for the shared catalogue.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(one::<organization::Entity>(ctx, self.0.organization_id)
            .await?
            .map(Organization))
    }
    /// The broader category this one belongs to.
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<DataCategory>> {
        Ok(one::<data_category::Entity>(ctx, self.0.parent_id)
            .await?
            .map(DataCategory))
    }
    /// The categories directly beneath this one.
    async fn children(&self, ctx: &Context<'_>) -> Result<Vec<DataCategory>> {
        let found =
            referring::<data_category::Entity>(ctx, data_category::Column::ParentId, self.0.id)
                .await?;
        Ok(found.into_iter().map(DataCategory).collect())
    }
    /// The activities that process this category, and where they get it.
    async fn activities(&self, ctx: &Context<'_>) -> Result<Vec<ActivityDataCategory>> {
        let links = link_rows::<activity_data_category::Entity>(
            ctx,
            activity_data_category::Column::DataCategoryId,
            self.0.id,
        )
        .await?;
        let pairs =
            with_targets::<_, processing_activity::Entity>(ctx, links, |link| link.activity_id)
                .await?;
        Ok(pairs
            .into_iter()
            .map(|(link, activity)| ActivityDataCategory {
                link,
                activity: Some(activity),
                data_category: Some(self.0.clone()),
            })
            .collect())
    }
    /// The retention rules for this category specifically.
    async fn retention_rules(&self, ctx: &Context<'_>) -> Result<Vec<RetentionRule>> {
        let found = linked_to::<data_category_retention::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(RetentionRule).collect())
    }
}

#[derive(Default)]
pub struct DataCategoryQuery;

#[Object]
impl DataCategoryQuery {
    /// One data category, by `id` or by `key`.
    async fn data_category(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<DataCategory>> {
        Ok(super::lookup::<data_category::Entity>(ctx, id, key)
            .await?
            .map(DataCategory))
    }

    /// Data categories, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn data_categories(
        &self,
        ctx: &Context<'_>,
        filter: Option<DataCategoryFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<DataCategory>> {
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
        connection::<data_category::Entity, _>(ctx, filter, args, DataCategory).await
    }
}

#[derive(Default)]
pub struct DataCategoryMutation;

#[Object]
impl DataCategoryMutation {
    async fn create_data_category(
        &self,
        ctx: &Context<'_>,
        input: CreateDataCategoryInput,
    ) -> Result<DataCategory> {
        Ok(DataCategory(
            domain::create(super::db(ctx)?, &super::actor(ctx)?, input).await?,
        ))
    }

    /// Changes a data category; `version` is the version you read.
    async fn update_data_category(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdateDataCategoryInput,
    ) -> Result<DataCategory> {
        Ok(DataCategory(
            domain::update(super::db(ctx)?, &super::actor(ctx)?, &key, version, input).await?,
        ))
    }

    /// Deletes a data category; refused while activities process it, unless
    /// `cascade` is true, which removes it from them and lifts its
    /// subcategories to the top level.
    async fn delete_data_category(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        Ok(DeletePayload(
            deletion::delete::<data_category::Entity>(
                super::db(ctx)?,
                &super::actor(ctx)?,
                &key,
                version,
                cascade,
            )
            .await?,
        ))
    }

    /// Keeps a data category under a retention rule of its own.
    async fn link_data_category_retention(
        &self,
        ctx: &Context<'_>,
        data_category: String,
        retention_rule: String,
    ) -> Result<DataCategory> {
        Ok(DataCategory(
            domain::link_retention(
                super::db(ctx)?,
                &super::actor(ctx)?,
                &data_category,
                &retention_rule,
            )
            .await?,
        ))
    }

    async fn unlink_data_category_retention(
        &self,
        ctx: &Context<'_>,
        data_category: String,
        retention_rule: String,
    ) -> Result<DataCategory> {
        Ok(DataCategory(
            domain::unlink_retention(
                super::db(ctx)?,
                &super::actor(ctx)?,
                &data_category,
                &retention_rule,
            )
            .await?,
        ))
    }
}
