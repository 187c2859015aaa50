//! Sources: where personal data comes from (Art. 14(2)(f)).

use async_graphql::{InputObject, MaybeUndefined};
use entity::organization;
use entity::source::{ActiveModel, Column, Entity, Model};
use sea_orm::{ActiveValue, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::vocabulary::SourceKind;
use crate::domain::{listing, patch, write};
use crate::error::Result;

#[derive(InputObject, Debug, Default)]
pub struct SourceAttributes {
    pub description: MaybeUndefined<String>,
    /// Key of the organisation this source belongs to; null for the shared catalogue.
    pub organization: MaybeUndefined<String>,
}

#[derive(InputObject, Debug)]
pub struct CreateSourceInput {
    pub key: String,
    pub name: String,
    pub kind: SourceKind,
    #[graphql(flatten)]
    pub attributes: SourceAttributes,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdateSourceInput {
    pub key: Option<String>,
    pub name: Option<String>,
    pub kind: Option<SourceKind>,
    #[graphql(flatten)]
    pub attributes: SourceAttributes,
}

pub async fn create(db: &DatabaseConnection, input: CreateSourceInput) -> Result<Model> {
    let txn = write::begin(db).await?;
    let mut model = write::new_entity::<Entity>(&input.key, &input.name)?;
    model.kind = ActiveValue::Set(input.kind.into());
    apply(&txn, input.attributes, &mut model).await?;
    write::insert_and_commit::<Entity>(txn, model).await
}

pub async fn update(
    db: &DatabaseConnection,
    key: &str,
    version: i32,
    input: UpdateSourceInput,
) -> Result<Model> {
    let txn = write::begin(db).await?;
    let (current, mut model) =
        write::edit::<Entity>(&txn, key, version, input.key, input.name).await?;
    patch::required(&mut model.kind, input.kind);
    apply(&txn, input.attributes, &mut model).await?;
    write::save_and_commit::<Entity>(txn, &current, model).await
}

async fn apply(
    db: &impl ConnectionTrait,
    input: SourceAttributes,
    model: &mut ActiveModel,
) -> Result<()> {
    patch::text("description", &mut model.description, input.description)?;
    patch::reference::<organization::Entity>(db, &mut model.organization_id, input.organization)
        .await
}

/// Which sources a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct SourceFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// Sources the organisation owns or its activities draw on (by key).
    pub organization: Option<String>,
    pub kind: Option<SourceKind>,
}

impl SourceFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        let mut condition = Condition::all();
        if let Some(text) = self.search {
            condition = condition.add(listing::name_contains::<Entity>(&text));
        }
        if let Some(key) = self.organization {
            let id = write::id_of::<organization::Entity>(db, &key).await?;
            condition = condition.add(listing::of_organization::<Entity>(
                id,
                "activity_data_category",
                "source_id",
            ));
        }
        if let Some(kind) = self.kind {
            condition = condition.add(Column::Kind.eq(entity::enums::SourceKind::from(kind)));
        }
        Ok(condition)
    }
}
