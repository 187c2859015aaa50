use async_graphql::{Context, ID, Object, Result};
use entity::{activity_recipient, organization, recipient, system, transfer};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::activity::ProcessingActivity;
use super::common::DeletePayload;
use super::organization::Organization;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::relations::{linked_from, one, referring};
use super::system::System;
use super::transfer::Transfer;
use crate::domain::deletion;
use crate::domain::listing::Ordering;
use crate::domain::recipient::{
    self as domain, CreateRecipientInput, RecipientFilter, UpdateRecipientInput,
};
use crate::domain::vocabulary::RecipientKind;

pub struct Recipient(pub recipient::Model);

/// Who receives personal data: a named organisation or a category of
/// recipients (Art. 30(1)(d), 13(1)(e)).
#[Object]
impl Recipient {
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
    async fn kind(&self) -> RecipientKind {
        self.0.kind.into()
    }
    /// True when the name identifies one organisation; false for a category.
    async fn named(&self) -> bool {
        self.0.named
    }
    /// ISO 3166-1 alpha-2 code of the recipient's country.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }
    async fn contract_url(&self) -> Option<&str> {
        self.0.contract_url.as_deref()
    }
    async fn privacy_policy_url(&self) -> Option<&str> {
        self.0.privacy_policy_url.as_deref()
    }
    /// Certified under the EU-U.S. Data Privacy Framework.
    async fn dpf_certified(&self) -> bool {
        self.0.dpf_certified
    }
    async fn dpf_uk_extension(&self) -> bool {
        self.0.dpf_uk_extension
    }
    async fn dpf_swiss(&self) -> bool {
        self.0.dpf_swiss
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
    /// The organisation this recipient belongs to; null for the shared catalogue.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(one::<organization::Entity>(ctx, self.0.organization_id)
            .await?
            .map(Organization))
    }
    /// The activities that disclose data to this recipient.
    async fn activities(&self, ctx: &Context<'_>) -> Result<Vec<ProcessingActivity>> {
        let found = linked_from::<activity_recipient::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(ProcessingActivity).collect())
    }
    /// Transfers of data to this recipient.
    async fn transfers(&self, ctx: &Context<'_>) -> Result<Vec<Transfer>> {
        let found =
            referring::<transfer::Entity>(ctx, transfer::Column::RecipientId, self.0.id).await?;
        Ok(found.into_iter().map(Transfer).collect())
    }
    /// Systems this recipient provides.
    async fn systems(&self, ctx: &Context<'_>) -> Result<Vec<System>> {
        let found = referring::<system::Entity>(ctx, system::Column::VendorId, self.0.id).await?;
        Ok(found.into_iter().map(System).collect())
    }
}

#[derive(Default)]
pub struct RecipientQuery;

#[Object]
impl RecipientQuery {
    /// One recipient, by `id` or by `key`.
    async fn recipient(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<Recipient>> {
        Ok(super::lookup::<recipient::Entity>(ctx, id, key)
            .await?
            .map(Recipient))
    }

    /// Recipients, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn recipients(
        &self,
        ctx: &Context<'_>,
        filter: Option<RecipientFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<Recipient>> {
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
        connection::<recipient::Entity, _>(ctx, filter, args, Recipient).await
    }
}

#[derive(Default)]
pub struct RecipientMutation;

#[Object]
impl RecipientMutation {
    async fn create_recipient(
        &self,
        ctx: &Context<'_>,
        input: CreateRecipientInput,
    ) -> Result<Recipient> {
        Ok(Recipient(
            domain::create(super::db(ctx)?, &super::actor(ctx)?, input).await?,
        ))
    }

    /// Changes a recipient; `version` is the version you read.
    async fn update_recipient(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdateRecipientInput,
    ) -> Result<Recipient> {
        Ok(Recipient(
            domain::update(super::db(ctx)?, &super::actor(ctx)?, &key, version, input).await?,
        ))
    }

    /// Deletes a recipient; refused while activities disclose to it or
    /// transfers and systems name it, unless `cascade` is true, which removes
    /// those links and clears those references.
    async fn delete_recipient(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        Ok(DeletePayload(
            deletion::delete::<recipient::Entity>(
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
