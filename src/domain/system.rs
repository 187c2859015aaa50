//! Systems: the IT systems and data stores where personal data lives.

use async_graphql::{InputObject, MaybeUndefined};
use entity::system::{ActiveModel, Column, Entity, Model};
use entity::{organization, recipient};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::audit::Actor;
use crate::domain::keys::Keys;
use crate::domain::{listing, patch, validate, write};
use crate::error::Result;

#[derive(InputObject, Debug, Default)]
pub struct SystemAttributes {
    pub description: MaybeUndefined<String>,
    /// ISO 3166-1 alpha-2 code of the country where the data is hosted.
    pub hosting_country: MaybeUndefined<String>,
    /// Where it runs, in words ("AWS eu-west-1", "own data centre in Berlin").
    pub location: MaybeUndefined<String>,
    /// Key of the recipient that provides the system.
    pub vendor: MaybeUndefined<String>,
    /// Key of the organisation this system belongs to; null for the shared catalogue.
    pub organization: MaybeUndefined<String>,
}

#[derive(InputObject, Debug)]
pub struct CreateSystemInput {
    pub key: String,
    pub name: String,
    #[graphql(flatten)]
    pub attributes: SystemAttributes,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdateSystemInput {
    pub key: Option<String>,
    pub name: Option<String>,
    #[graphql(flatten)]
    pub attributes: SystemAttributes,
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreateSystemInput,
) -> Result<Model> {
    write::create::<Entity>(db, actor, &input.key, &input.name, input.attributes, |_| ()).await
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    input: UpdateSystemInput,
) -> Result<Model> {
    let rename = write::Rename {
        key: input.key,
        name: input.name,
    };
    write::update::<Entity>(db, actor, key, version, rename, input.attributes, |_| ()).await
}

impl write::Editable for Entity {
    type Attributes = SystemAttributes;

    async fn apply(
        keys: &Keys<'_>,
        input: SystemAttributes,
        model: &mut ActiveModel,
    ) -> Result<()> {
        patch::text("description", &mut model.description, input.description)?;
        patch::country(
            "hostingCountry",
            &mut model.hosting_country,
            input.hosting_country,
        )?;
        patch::text("location", &mut model.location, input.location)?;
        patch::reference::<recipient::Entity>(keys, &mut model.vendor_id, input.vendor).await?;
        patch::reference::<organization::Entity>(
            keys,
            &mut model.organization_id,
            input.organization,
        )
        .await
    }
}

/// Which systems a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct SystemFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// Systems the organisation owns or its activities use (by key).
    pub organization: Option<String>,
    /// ISO 3166-1 alpha-2 code of the hosting country.
    pub hosting_country: Option<String>,
    /// Systems provided by this recipient (by key).
    pub vendor: Option<String>,
}

impl SystemFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        let mut condition = listing::catalogue_filter::<Entity>(
            db,
            self.search,
            self.organization,
            ("activity_system", "system_id"),
        )
        .await?;
        if let Some(country) = self.hosting_country {
            condition = condition.add(
                Column::HostingCountry.eq(validate::country("filter.hostingCountry", &country)?),
            );
        }
        if let Some(key) = self.vendor {
            condition = condition
                .add(Column::VendorId.eq(write::id_of::<recipient::Entity>(db, &key).await?));
        }
        Ok(condition)
    }
}
