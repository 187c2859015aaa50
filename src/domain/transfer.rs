//! International transfers: data leaving the EEA or the UK, and the Chapter V
//! mechanism each relies on (Art. 30(1)(e), 13(1)(f), 44-49).

use async_graphql::{InputObject, MaybeUndefined};
use chrono::NaiveDate;
use entity::enums::TransferMechanism as StoredMechanism;
use entity::transfer::{ActiveModel, Column, Entity, Model};
use entity::{organization, recipient};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::audit::Actor;
use crate::domain::keys::Keys;
use crate::domain::vocabulary::{Derogation, SccModule, TransferMechanism};
use crate::domain::{listing, patch, validate, write};
use crate::error::{Error, Result};

#[derive(InputObject, Debug, Default)]
pub struct TransferAttributes {
    pub description: MaybeUndefined<String>,
    /// Key of the recipient the data goes to.
    pub recipient: MaybeUndefined<String>,
    /// ISO 3166-1 alpha-2 code of the destination country.
    pub country: MaybeUndefined<String>,
    /// The mechanism the transfer relies on; leave it out where none is stated.
    pub mechanism: MaybeUndefined<TransferMechanism>,
    /// The module, for the 2021 standard contractual clauses.
    pub scc_module: MaybeUndefined<SccModule>,
    /// The derogation, for a transfer under Art. 49.
    pub derogation: MaybeUndefined<Derogation>,
    /// Where a copy of the safeguard can be obtained (Art. 13(1)(f)).
    pub safeguard_url: MaybeUndefined<String>,
    /// How a copy of the safeguard can be obtained, in words.
    pub safeguard_access: MaybeUndefined<String>,
    /// Whether the transfer is occasional rather than regular (Art. 49 derogations are for occasional ones).
    pub occasional: MaybeUndefined<bool>,
    /// When the contract behind the safeguard was concluded (old clauses expire by contract date).
    pub contract_date: MaybeUndefined<NaiveDate>,
    /// Key of the organisation this transfer belongs to; null for the shared catalogue.
    pub organization: MaybeUndefined<String>,
}

#[derive(InputObject, Debug)]
pub struct CreateTransferInput {
    pub key: String,
    pub name: String,
    #[graphql(flatten)]
    pub attributes: TransferAttributes,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdateTransferInput {
    pub key: Option<String>,
    pub name: Option<String>,
    #[graphql(flatten)]
    pub attributes: TransferAttributes,
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreateTransferInput,
) -> Result<Model> {
    write::create::<Entity>(db, actor, &input.key, &input.name, input.attributes, |_| ()).await
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    input: UpdateTransferInput,
) -> Result<Model> {
    let rename = write::Rename {
        key: input.key,
        name: input.name,
    };
    write::update::<Entity>(db, actor, key, version, rename, input.attributes, |_| ()).await
}

impl write::Editable for Entity {
    type Attributes = TransferAttributes;

    async fn apply(
        keys: &Keys<'_>,
        input: TransferAttributes,
        model: &mut ActiveModel,
    ) -> Result<()> {
        patch::text("description", &mut model.description, input.description)?;
        patch::reference::<recipient::Entity>(keys, &mut model.recipient_id, input.recipient)
            .await?;
        patch::country("country", &mut model.country, input.country)?;
        patch::value(&mut model.mechanism, input.mechanism);
        patch::value(&mut model.scc_module, input.scc_module);
        patch::value(&mut model.derogation, input.derogation);
        patch::link(
            "safeguardUrl",
            &mut model.safeguard_url,
            input.safeguard_url,
        )?;
        patch::text(
            "safeguardAccess",
            &mut model.safeguard_access,
            input.safeguard_access,
        )?;
        patch::value(&mut model.occasional, input.occasional);
        patch::value(&mut model.contract_date, input.contract_date);
        patch::reference::<organization::Entity>(
            keys,
            &mut model.organization_id,
            input.organization,
        )
        .await?;
        check_details(model)
    }
}

/// A module belongs to the standard contractual clauses, a derogation to
/// Art. 49: either one given with another mechanism is a mistake.
fn check_details(model: &ActiveModel) -> Result<()> {
    let mechanism = patch::current(&model.mechanism);
    if patch::current(&model.scc_module).is_some()
        && mechanism != Some(StoredMechanism::StandardContractualClauses)
    {
        return Err(Error::invalid(
            "sccModule",
            "a module applies only to the mechanism STANDARD_CONTRACTUAL_CLAUSES",
        ));
    }
    if patch::current(&model.derogation).is_some() && mechanism != Some(StoredMechanism::Derogation)
    {
        return Err(Error::invalid(
            "derogation",
            "a derogation applies only to the mechanism DEROGATION",
        ));
    }
    Ok(())
}

/// Which transfers a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct TransferFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// Transfers the organisation owns or its activities make (by key).
    pub organization: Option<String>,
    /// ISO 3166-1 alpha-2 code of the destination.
    pub country: Option<String>,
    pub mechanism: Option<TransferMechanism>,
    /// Transfers to this recipient (by key).
    pub recipient: Option<String>,
}

impl TransferFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        let mut condition = listing::catalogue_filter::<Entity>(
            db,
            self.search,
            self.organization,
            ("activity_transfer", "transfer_id"),
        )
        .await?;
        if let Some(country) = self.country {
            condition =
                condition.add(Column::Country.eq(validate::country("filter.country", &country)?));
        }
        if let Some(mechanism) = self.mechanism {
            condition = condition.add(Column::Mechanism.eq(StoredMechanism::from(mechanism)));
        }
        if let Some(key) = self.recipient {
            condition = condition
                .add(Column::RecipientId.eq(write::id_of::<recipient::Entity>(db, &key).await?));
        }
        Ok(condition)
    }
}
