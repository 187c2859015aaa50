//! Recipients: who receives personal data (Art. 30(1)(d), 13(1)(e)).

use async_graphql::{InputObject, MaybeUndefined};
use entity::organization;
use entity::recipient::{ActiveModel, Column, Entity, Model};
use sea_orm::{ActiveValue, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::audit::Actor;
use crate::domain::keys::Keys;
use crate::domain::vocabulary::RecipientKind;
use crate::domain::{listing, patch, validate, write};
use crate::error::Result;

#[derive(InputObject, Debug, Default)]
pub struct RecipientAttributes {
    pub description: MaybeUndefined<String>,
    /// True when the name identifies one organisation (a named vendor);
    /// false when it describes a category of recipients.
    pub named: Option<bool>,
    /// ISO 3166-1 alpha-2 code of the country the recipient is in.
    pub country: MaybeUndefined<String>,
    /// Where the contract with the recipient is kept (Art. 28(3) for processors).
    pub contract_url: MaybeUndefined<String>,
    /// The recipient's own privacy policy.
    pub privacy_policy_url: MaybeUndefined<String>,
    /// Certified under the EU-U.S. Data Privacy Framework.
    pub dpf_certified: Option<bool>,
    /// Certified under the UK Extension to the Data Privacy Framework.
    pub dpf_uk_extension: Option<bool>,
    /// Certified under the Swiss-U.S. Data Privacy Framework.
    pub dpf_swiss: Option<bool>,
    /// Key of the organisation this recipient belongs to; null for the shared catalogue.
    pub organization: MaybeUndefined<String>,
}

#[derive(InputObject, Debug)]
pub struct CreateRecipientInput {
    pub key: String,
    pub name: String,
    pub kind: RecipientKind,
    #[graphql(flatten)]
    pub attributes: RecipientAttributes,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdateRecipientInput {
    pub key: Option<String>,
    pub name: Option<String>,
    pub kind: Option<RecipientKind>,
    #[graphql(flatten)]
    pub attributes: RecipientAttributes,
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreateRecipientInput,
) -> Result<Model> {
    let kind = input.kind.into();
    write::create::<Entity>(
        db,
        actor,
        &input.key,
        &input.name,
        input.attributes,
        |model| {
            model.kind = ActiveValue::Set(kind);
        },
    )
    .await
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    input: UpdateRecipientInput,
) -> Result<Model> {
    let rename = write::Rename {
        key: input.key,
        name: input.name,
    };
    let kind = input.kind;
    write::update::<Entity>(db, actor, key, version, rename, input.attributes, |model| {
        patch::required(&mut model.kind, kind);
    })
    .await
}

impl write::Editable for Entity {
    type Attributes = RecipientAttributes;

    async fn apply(
        keys: &Keys<'_>,
        input: RecipientAttributes,
        model: &mut ActiveModel,
    ) -> Result<()> {
        patch::text("description", &mut model.description, input.description)?;
        patch::required(&mut model.named, input.named);
        patch::country("country", &mut model.country, input.country)?;
        patch::link("contractUrl", &mut model.contract_url, input.contract_url)?;
        patch::link(
            "privacyPolicyUrl",
            &mut model.privacy_policy_url,
            input.privacy_policy_url,
        )?;
        patch::required(&mut model.dpf_certified, input.dpf_certified);
        patch::required(&mut model.dpf_uk_extension, input.dpf_uk_extension);
        patch::required(&mut model.dpf_swiss, input.dpf_swiss);
        patch::reference::<organization::Entity>(
            keys,
            &mut model.organization_id,
            input.organization,
        )
        .await
    }
}

/// Which recipients a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct RecipientFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// Recipients the organisation owns or its activities disclose to (by key).
    pub organization: Option<String>,
    pub kind: Option<RecipientKind>,
    /// ISO 3166-1 alpha-2 code of the recipient's country.
    pub country: Option<String>,
}

impl RecipientFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        let mut condition = listing::catalogue_filter::<Entity>(
            db,
            self.search,
            self.organization,
            ("activity_recipient", "recipient_id"),
        )
        .await?;
        if let Some(kind) = self.kind {
            condition = condition.add(Column::Kind.eq(entity::enums::RecipientKind::from(kind)));
        }
        if let Some(country) = self.country {
            condition =
                condition.add(Column::Country.eq(validate::country("filter.country", &country)?));
        }
        Ok(condition)
    }
}
