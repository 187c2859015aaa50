//! Sources: where personal data comes from (Art. 14(2)(f)).

use async_graphql::{InputObject, MaybeUndefined};
use entity::organization;
use entity::source::{ActiveModel, Column, Entity, Model};
use sea_orm::{ActiveValue, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::audit::Actor;
use crate::domain::keys::Keys;
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

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreateSourceInput,
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
    input: UpdateSourceInput,
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
    type Attributes = SourceAttributes;

    async fn apply(
        keys: &Keys<'_>,
        input: SourceAttributes,
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
        let mut condition = listing::catalogue_filter::<Entity>(
            db,
            self.search,
            self.organization,
            ("activity_data_category", "source_id"),
        )
        .await?;
        if let Some(kind) = self.kind {
            condition = condition.add(Column::Kind.eq(entity::enums::SourceKind::from(kind)));
        }
        Ok(condition)
    }
}
