//! Security measures: the Art. 32 technical and organisational measures
//! (Art. 30(1)(g)).

use async_graphql::{InputObject, MaybeUndefined};
use entity::organization;
use entity::security_measure::{ActiveModel, Column, Entity, Model};
use sea_orm::{ActiveValue, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::vocabulary::SecurityMeasureKind;
use crate::domain::{listing, patch, write};
use crate::error::Result;

#[derive(InputObject, Debug, Default)]
pub struct SecurityMeasureAttributes {
    pub description: MaybeUndefined<String>,
    /// Key of the organisation this measure belongs to; null for the shared catalogue.
    pub organization: MaybeUndefined<String>,
}

#[derive(InputObject, Debug)]
pub struct CreateSecurityMeasureInput {
    pub key: String,
    pub name: String,
    pub kind: SecurityMeasureKind,
    #[graphql(flatten)]
    pub attributes: SecurityMeasureAttributes,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdateSecurityMeasureInput {
    pub key: Option<String>,
    pub name: Option<String>,
    pub kind: Option<SecurityMeasureKind>,
    #[graphql(flatten)]
    pub attributes: SecurityMeasureAttributes,
}

pub async fn create(db: &DatabaseConnection, input: CreateSecurityMeasureInput) -> Result<Model> {
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
    input: UpdateSecurityMeasureInput,
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
    input: SecurityMeasureAttributes,
    model: &mut ActiveModel,
) -> Result<()> {
    patch::text("description", &mut model.description, input.description)?;
    patch::reference::<organization::Entity>(db, &mut model.organization_id, input.organization)
        .await
}

/// Which security measures a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct SecurityMeasureFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// Measures the organisation owns or its activities apply (by key).
    pub organization: Option<String>,
    pub kind: Option<SecurityMeasureKind>,
}

impl SecurityMeasureFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        let mut condition = Condition::all();
        if let Some(text) = self.search {
            condition = condition.add(listing::name_contains::<Entity>(&text));
        }
        if let Some(key) = self.organization {
            let id = write::id_of::<organization::Entity>(db, &key).await?;
            condition = condition.add(listing::of_organization::<Entity>(
                id,
                "activity_security_measure",
                "security_measure_id",
            ));
        }
        if let Some(kind) = self.kind {
            condition =
                condition.add(Column::Kind.eq(entity::enums::SecurityMeasureKind::from(kind)));
        }
        Ok(condition)
    }
}
