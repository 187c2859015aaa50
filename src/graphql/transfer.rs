use async_graphql::{Context, ID, Object, Result};
use chrono::NaiveDate;
use entity::{activity_transfer, organization, recipient, transfer};
use sea_orm::prelude::DateTimeWithTimeZone;

use super::activity::ProcessingActivity;
use super::common::DeletePayload;
use super::organization::Organization;
use super::pagination::{EntityConnection, ListArgs, connection};
use super::recipient::Recipient;
use super::relations::{linked_from, one};
use crate::domain::deletion;
use crate::domain::listing::Ordering;
use crate::domain::transfer::{
    self as domain, CreateTransferInput, TransferFilter, UpdateTransferInput,
};
use crate::domain::vocabulary::{Derogation, SccModule, TransferMechanism};

pub struct Transfer(pub transfer::Model);

/// Data leaving the EEA or the UK, and the mechanism it relies on
/// (Art. 30(1)(e), 13(1)(f), 44-49).
#[Object]
impl Transfer {
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
    /// ISO 3166-1 alpha-2 code of the destination country.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }
    /// The mechanism relied on; null where none is stated.
    async fn mechanism(&self) -> Option<TransferMechanism> {
        self.0.mechanism.map(Into::into)
    }
    async fn scc_module(&self) -> Option<SccModule> {
        self.0.scc_module.map(Into::into)
    }
    async fn derogation(&self) -> Option<Derogation> {
        self.0.derogation.map(Into::into)
    }
    /// Where a copy of the safeguard can be obtained.
    async fn safeguard_url(&self) -> Option<&str> {
        self.0.safeguard_url.as_deref()
    }
    /// How a copy of the safeguard can be obtained, in words.
    async fn safeguard_access(&self) -> Option<&str> {
        self.0.safeguard_access.as_deref()
    }
    /// Occasional rather than regular; null where not stated.
    async fn occasional(&self) -> Option<bool> {
        self.0.occasional
    }
    async fn contract_date(&self) -> Option<NaiveDate> {
        self.0.contract_date
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
    /// The organisation this transfer belongs to; null for the shared catalogue.
    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        Ok(one::<organization::Entity>(ctx, self.0.organization_id)
            .await?
            .map(Organization))
    }
    /// The recipient the data goes to.
    async fn recipient(&self, ctx: &Context<'_>) -> Result<Option<Recipient>> {
        Ok(one::<recipient::Entity>(ctx, self.0.recipient_id)
            .await?
            .map(Recipient))
    }
    /// The activities that make this transfer.
    async fn activities(&self, ctx: &Context<'_>) -> Result<Vec<ProcessingActivity>> {
        let found = linked_from::<activity_transfer::Entity>(ctx, self.0.id).await?;
        Ok(found.into_iter().map(ProcessingActivity).collect())
    }
}

#[derive(Default)]
pub struct TransferQuery;

#[Object]
impl TransferQuery {
    /// One transfer, by `id` or by `key`.
    async fn transfer(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<Transfer>> {
        Ok(super::lookup::<transfer::Entity>(ctx, id, key)
            .await?
            .map(Transfer))
    }

    /// Transfers, a page at a time.
    #[allow(clippy::too_many_arguments)]
    async fn transfers(
        &self,
        ctx: &Context<'_>,
        filter: Option<TransferFilter>,
        order_by: Option<Ordering>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<EntityConnection<Transfer>> {
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
        connection::<transfer::Entity, _>(ctx, filter, args, Transfer).await
    }
}

#[derive(Default)]
pub struct TransferMutation;

#[Object]
impl TransferMutation {
    async fn create_transfer(
        &self,
        ctx: &Context<'_>,
        input: CreateTransferInput,
    ) -> Result<Transfer> {
        Ok(Transfer(
            domain::create(super::db(ctx)?, &super::actor(ctx)?, input).await?,
        ))
    }

    /// Changes a transfer; `version` is the version you read.
    async fn update_transfer(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: i32,
        input: UpdateTransferInput,
    ) -> Result<Transfer> {
        Ok(Transfer(
            domain::update(super::db(ctx)?, &super::actor(ctx)?, &key, version, input).await?,
        ))
    }

    /// Deletes a transfer; refused while activities make it, unless `cascade` is true.
    async fn delete_transfer(
        &self,
        ctx: &Context<'_>,
        key: String,
        version: Option<i32>,
        #[graphql(default)] cascade: bool,
    ) -> Result<DeletePayload> {
        Ok(DeletePayload(
            deletion::delete::<transfer::Entity>(
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
