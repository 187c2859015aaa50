//! Categories of data subjects: customers, website visitors, children, ...

use async_graphql::{InputObject, MaybeUndefined};
use entity::data_subject_category::{ActiveModel, Column, Entity, Model};
use entity::organization;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::audit::Actor;
use crate::domain::keys::Keys;
use crate::domain::{listing, patch, write};
use crate::error::Result;

#[derive(InputObject, Debug, Default)]
pub struct DataSubjectAttributes {
    pub description: MaybeUndefined<String>,
    /// The people are children.
    pub children: Option<bool>,
    /// The people are vulnerable (children, employees, patients, ...): a DPIA criterion.
    pub vulnerable: Option<bool>,
    /// A key in a shared taxonomy of data subjects (for example `customer`).
    pub taxonomy_key: MaybeUndefined<String>,
    /// Key of the organisation this category belongs to; null for the shared catalogue.
    pub organization: MaybeUndefined<String>,
}

#[derive(InputObject, Debug)]
pub struct CreateDataSubjectCategoryInput {
    pub key: String,
    pub name: String,
    #[graphql(flatten)]
    pub attributes: DataSubjectAttributes,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdateDataSubjectCategoryInput {
    pub key: Option<String>,
    pub name: Option<String>,
    #[graphql(flatten)]
    pub attributes: DataSubjectAttributes,
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreateDataSubjectCategoryInput,
) -> Result<Model> {
    write::create::<Entity>(db, actor, &input.key, &input.name, input.attributes, |_| ()).await
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    input: UpdateDataSubjectCategoryInput,
) -> Result<Model> {
    let rename = write::Rename {
        key: input.key,
        name: input.name,
    };
    write::update::<Entity>(db, actor, key, version, rename, input.attributes, |_| ()).await
}

impl write::Editable for Entity {
    type Attributes = DataSubjectAttributes;

    async fn apply(
        keys: &Keys<'_>,
        input: DataSubjectAttributes,
        model: &mut ActiveModel,
    ) -> Result<()> {
        patch::text("description", &mut model.description, input.description)?;
        patch::required(&mut model.children, input.children);
        patch::required(&mut model.vulnerable, input.vulnerable);
        patch::text("taxonomyKey", &mut model.taxonomy_key, input.taxonomy_key)?;
        patch::reference::<organization::Entity>(
            keys,
            &mut model.organization_id,
            input.organization,
        )
        .await
    }
}

/// Which data subject categories a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct DataSubjectFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// Categories the organisation owns or its activities concern (by key).
    pub organization: Option<String>,
    pub children: Option<bool>,
    pub vulnerable: Option<bool>,
}

impl DataSubjectFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        let mut condition = listing::catalogue_filter::<Entity>(
            db,
            self.search,
            self.organization,
            ("activity_data_subject", "data_subject_category_id"),
        )
        .await?;
        if let Some(children) = self.children {
            condition = condition.add(Column::Children.eq(children));
        }
        if let Some(vulnerable) = self.vulnerable {
            condition = condition.add(Column::Vulnerable.eq(vulnerable));
        }
        Ok(condition)
    }
}
