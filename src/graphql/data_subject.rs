use async_graphql::{Context, ID, Object, Result};
use entity::{activity_data_subject, data_subject_category, organization};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::activity::ProcessingActivity;
use super::common::DeletePayload;
use super::organization::Organization;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::relations::{linked_from, one};
use crate::domain::data_subject::{
    self as domain, CreateDataSubjectCategoryInput, DataSubjectFilter,
    UpdateDataSubjectCategoryInput,
};
use crate::domain::deletion;
use crate::domain::listing::Ordering;

pub struct DataSubjectCategory(pub data_subject_category::Model);

/// A category of people whose data is processed (Art. 30(1)(c)).
#[Object]
impl DataSubjectCategory {
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
    /// The people are children.
    async fn children(&self) -> bool {
        self.0.children
    }
    /// The people are vulnerable: a DPIA criterion.
    async fn vulnerable(&self) -> bool {
        self.0.vulnerable
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
    /// The activities that process these people's data.
    async fn activities(&self, ctx: &Context<'_>) -> Result<Vec<ProcessingActivity>> {
        let found = linked_from::<activity_data_subject::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(ProcessingActivity).collect())
    }
}

#[derive(Default)]
pub struct DataSubjectQuery;

#[Object]
impl DataSubjectQuery {
    /// One category of data subjects, by `id` or by `key`.
    async fn data_subject_category(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<DataSubjectCategory>> {
        Ok(super::lookup::<data_subject_category::Entity>(ctx, id, key)
            .await?
            .map(DataSubjectCategory))
    }

    /// Categories of data subjects, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn data_subject_categories(
        &self,
        ctx: &Context<'_>,
        filter: Option<DataSubjectFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<DataSubjectCategory>> {
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
        connection::<data_subject_category::Entity, _>(ctx, filter, args, DataSubjectCategory).await
    }
}

#[derive(Default)]
pub struct DataSubjectMutation;

#[Object]
impl DataSubjectMutation {
    async fn create_data_subject_category(
        &self,
        ctx: &Context<'_>,
        input: CreateDataSubjectCategoryInput,
    ) -> Result<DataSubjectCategory> {
        Ok(DataSubjectCategory(
            domain::create(super::db(ctx)?, &super::actor(ctx)?, input).await?,
        ))
    }

    /// Changes a category of data subjects; `version` is the version you read.
    async fn update_data_subject_category(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdateDataSubjectCategoryInput,
    ) -> Result<DataSubjectCategory> {
        Ok(DataSubjectCategory(
            domain::update(super::db(ctx)?, &super::actor(ctx)?, &key, version, input).await?,
        ))
    }

    /// Deletes a category of data subjects; refused while activities concern
    /// it, unless `cascade` is true.
    async fn delete_data_subject_category(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        let report = deletion::delete::<data_subject_category::Entity>(
            super::db(ctx)?,
            &super::actor(ctx)?,
            &key,
            version,
            cascade,
        )
        .await?;
        Ok(DeletePayload(report))
    }
}
