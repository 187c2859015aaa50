//! Organisations: controllers, processors, their affiliates and representatives.

use async_graphql::{InputObject, MaybeUndefined};
use entity::organization::{ActiveModel, Entity, Model};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::audit::Actor;
use crate::domain::keys::Keys;
use crate::domain::{listing, patch, validate, write};
use crate::error::Result;

/// The attributes of an organisation. On update, a field left out keeps its
/// value and `null` clears it.
#[derive(InputObject, Debug, Default)]
pub struct OrganizationAttributes {
    pub description: MaybeUndefined<String>,
    /// Postal address of the establishment.
    pub address: MaybeUndefined<String>,
    /// ISO 3166-1 alpha-2 code of the country of establishment.
    pub country: MaybeUndefined<String>,
    /// General contact email address.
    pub email: MaybeUndefined<String>,
    pub phone: MaybeUndefined<String>,
    pub website: MaybeUndefined<String>,
    /// Name of the data protection officer (Art. 37), a person or a firm.
    pub dpo_name: MaybeUndefined<String>,
    pub dpo_email: MaybeUndefined<String>,
    pub dpo_phone: MaybeUndefined<String>,
    pub dpo_address: MaybeUndefined<String>,
    /// Key of the organisation that represents this one in the EU (Art. 27).
    pub eu_representative: MaybeUndefined<String>,
    /// Key of the organisation that represents this one in the UK.
    pub uk_representative: MaybeUndefined<String>,
    /// Key of the parent company, for an affiliate.
    pub parent: MaybeUndefined<String>,
    /// The lead supervisory authority (Art. 56), by name.
    pub supervisory_authority: MaybeUndefined<String>,
    /// Number of employees (Art. 30(5) exempts some under 250).
    pub employee_count: MaybeUndefined<i32>,
}

#[derive(InputObject, Debug)]
pub struct CreateOrganizationInput {
    /// Stable key: lowercase letters and digits joined by '-', '_' or '.'.
    pub key: String,
    /// Legal name.
    pub name: String,
    #[graphql(flatten)]
    pub attributes: OrganizationAttributes,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdateOrganizationInput {
    /// A new key; the old one stops working.
    pub key: Option<String>,
    pub name: Option<String>,
    #[graphql(flatten)]
    pub attributes: OrganizationAttributes,
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreateOrganizationInput,
) -> Result<Model> {
    write::create::<Entity>(db, actor, &input.key, &input.name, input.attributes, |_| ()).await
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    input: UpdateOrganizationInput,
) -> Result<Model> {
    let rename = write::Rename {
        key: input.key,
        name: input.name,
    };
    write::update::<Entity>(db, actor, key, version, rename, input.attributes, |_| ()).await
}

impl write::Editable for Entity {
    type Attributes = OrganizationAttributes;

    async fn apply(
        keys: &Keys<'_>,
        input: OrganizationAttributes,
        model: &mut ActiveModel,
    ) -> Result<()> {
        patch::text("description", &mut model.description, input.description)?;
        patch::text("address", &mut model.address, input.address)?;
        patch::country("country", &mut model.country, input.country)?;
        patch::email("email", &mut model.email, input.email)?;
        patch::text("phone", &mut model.phone, input.phone)?;
        patch::link("website", &mut model.website, input.website)?;
        patch::text("dpoName", &mut model.dpo_name, input.dpo_name)?;
        patch::email("dpoEmail", &mut model.dpo_email, input.dpo_email)?;
        patch::text("dpoPhone", &mut model.dpo_phone, input.dpo_phone)?;
        patch::text("dpoAddress", &mut model.dpo_address, input.dpo_address)?;
        patch::reference::<Entity>(
            keys,
            &mut model.eu_representative_id,
            input.eu_representative,
        )
        .await?;
        patch::reference::<Entity>(
            keys,
            &mut model.uk_representative_id,
            input.uk_representative,
        )
        .await?;
        patch::reference::<Entity>(keys, &mut model.parent_id, input.parent).await?;
        patch::text(
            "supervisoryAuthority",
            &mut model.supervisory_authority,
            input.supervisory_authority,
        )?;
        patch::count(
            "employeeCount",
            &mut model.employee_count,
            input.employee_count,
        )?;
        Ok(())
    }
}

/// Which organisations a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct OrganizationFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// ISO 3166-1 alpha-2 code of the country of establishment.
    pub country: Option<String>,
    /// Only the affiliates of this parent organisation (by key).
    pub parent: Option<String>,
}

impl OrganizationFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        use entity::organization::Column;
        let mut condition = Condition::all();
        if let Some(text) = self.search {
            condition = condition.add(listing::name_contains::<Entity>(&text));
        }
        if let Some(country) = self.country {
            condition =
                condition.add(Column::Country.eq(validate::country("filter.country", &country)?));
        }
        if let Some(parent) = self.parent {
            condition =
                condition.add(Column::ParentId.eq(write::id_of::<Entity>(db, &parent).await?));
        }
        Ok(condition)
    }
}
