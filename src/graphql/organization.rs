use async_graphql::{Context, ID, Object, Result};
use entity::{activity_controller, organization, processing_activity};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::activity::ProcessingActivity;
use super::common::DeletePayload;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::relations::{linked_from, one, referring};
use crate::domain::deletion;
use crate::domain::listing::Ordering;
use crate::domain::organization::{
    CreateOrganizationInput, OrganizationFilter, UpdateOrganizationInput,
};

pub struct Organization(pub organization::Model);

/// A legal entity: a controller, joint controller or processor, an
/// affiliate, or a representative (Art. 30(1)(a), 13(1)(a)-(b)).
#[Object]
impl Organization {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// Legal name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    /// ISO 3166-1 alpha-2 code of the country of establishment.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }
    /// The data protection officer (Art. 37), a person or a firm.
    async fn dpo_name(&self) -> Option<&str> {
        self.0.dpo_name.as_deref()
    }
    async fn dpo_email(&self) -> Option<&str> {
        self.0.dpo_email.as_deref()
    }
    async fn dpo_phone(&self) -> Option<&str> {
        self.0.dpo_phone.as_deref()
    }
    async fn dpo_address(&self) -> Option<&str> {
        self.0.dpo_address.as_deref()
    }
    /// The lead supervisory authority (Art. 56).
    async fn supervisory_authority(&self) -> Option<&str> {
        self.0.supervisory_authority.as_deref()
    }
    async fn employee_count(&self) -> Option<i32> {
        self.0.employee_count
    }
    async fn created_at(&self) -> DateTimeWithTimeZone {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTimeWithTimeZone {
        self.0.updated_at
    }
    /// Goes up by one with every change; updates must send the version they read.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// The representative in the EU (Art. 27).
    async fn eu_representative(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(
            one::<organization::Entity>(ctx, self.0.eu_representative_id)
                .await?
                .map(Organization),
        )
    }
    /// The representative in the UK.
    async fn uk_representative(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(
            one::<organization::Entity>(ctx, self.0.uk_representative_id)
                .await?
                .map(Organization),
        )
    }
    /// The parent company, for an affiliate.
    async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(one::<organization::Entity>(ctx, self.0.parent_id)
            .await?
            .map(Organization))
    }
    /// The organisations whose parent this is.
    async fn affiliates(&self, ctx: &Context<'_>) -> Result<Vec<Organization>> {
        let found =
            referring::<organization::Entity>(ctx, organization::Column::ParentId, self.0.id)
                .await?;
        Ok(found.into_iter().map(Organization).collect())
    }
    /// The organisations this one represents.
    async fn represents(&self, ctx: &Context<'_>) -> Result<Vec<Organization>> {
        let mut found = referring::<organization::Entity>(
            ctx,
            organization::Column::EuRepresentativeId,
            self.0.id,
        )
        .await?;
        found.extend(
            referring::<organization::Entity>(
                ctx,
                organization::Column::UkRepresentativeId,
                self.0.id,
            )
            .await?,
        );
        found.sort_by(|a, b| a.key.cmp(&b.key));
        found.dedup_by(|a, b| a.id == b.id);
        Ok(found.into_iter().map(Organization).collect())
    }
    /// The processing activities this organisation carries out.
    async fn activities(&self, ctx: &Context<'_>) -> Result<Vec<ProcessingActivity>> {
        let found = referring::<processing_activity::Entity>(
            ctx,
            processing_activity::Column::OrganizationId,
            self.0.id,
        )
        .await?;
        Ok(found.into_iter().map(ProcessingActivity).collect())
    }
    /// Activities of other organisations in which this one is a controller:
    /// as the controller a processor acts for, or as a joint controller.
    async fn controller_of(&self, ctx: &Context<'_>) -> Result<Vec<ProcessingActivity>> {
        let found = linked_from::<activity_controller::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(ProcessingActivity).collect())
    }
}

#[derive(Default)]
pub struct OrganizationQuery;

#[Object]
impl OrganizationQuery {
    /// One organisation, by `id` or by `key`.
    async fn organization(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<Organization>> {
        Ok(super::lookup::<organization::Entity>(ctx, id, key)
            .await?
            .map(Organization))
    }

    /// Organisations, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        filter: Option<OrganizationFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<Organization>> {
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
        connection::<organization::Entity, _>(ctx, filter, args, Organization).await
    }
}

#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
    ) -> Result<Organization> {
        let created =
            crate::domain::organization::create(super::db(ctx)?, &super::actor(ctx)?, input)
                .await?;
        Ok(Organization(created))
    }

    /// Changes an organisation; `version` is the version you read.
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdateOrganizationInput,
    ) -> Result<Organization> {
        let updated = crate::domain::organization::update(
            super::db(ctx)?,
            &super::actor(ctx)?,
            &key,
            version,
            input,
        )
        .await?;
        Ok(Organization(updated))
    }

    /// Deletes an organisation. Refused while anything refers to it, unless
    /// `cascade` is true: then its activities and the catalogue entries it
    /// owns are deleted too, and references to it are cleared.
    async fn delete_organization(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        let report = deletion::delete::<organization::Entity>(
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
