//! Security measures: the Art. 32 technical and organisational measures
//! (Art. 30(1)(g)).

use async_graphql::{InputObject, MaybeUndefined};
use entity::organization;
use entity::security_measure::{ActiveModel, Column, Entity, Model};
use sea_orm::{ActiveValue, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::audit::Actor;
use crate::domain::keys::Keys;
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

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreateSecurityMeasureInput,
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
    input: UpdateSecurityMeasureInput,
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
    type Attributes = SecurityMeasureAttributes;

    async fn apply(
        keys: &Keys<'_>,
        input: SecurityMeasureAttributes,
        model: &mut ActiveModel,
    ) -> Result<()> {
        patch::text("description", &mut model.description, input.description)?;
        patch::reference::<organization::Entity>(
            keys,
            &mut model.organization_id,
            input.organization,
        )
        .await
    }
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
        let mut condition = listing::catalogue_filter::<Entity>(
            db,
            self.search,
            self.organization,
            ("activity_security_measure", "security_measure_id"),
        )
        .await?;
        if let Some(kind) = self.kind {
            condition =
                condition.add(Column::Kind.eq(entity::enums::SecurityMeasureKind::from(kind)));
        }
        Ok(condition)
    }
}
