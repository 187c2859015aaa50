//! Purposes: the reasons for processing, shared across activities.

use async_graphql::{InputObject, MaybeUndefined};
use entity::purpose::{ActiveModel, Entity, Model};
use entity::{activity_purpose, organization};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::audit::Actor;
use crate::domain::keys::Keys;
use crate::domain::vocabulary::LawfulBasis;
use crate::domain::{listing, patch, write};
use crate::error::Result;

#[derive(InputObject, Debug, Default)]
pub struct PurposeAttributes {
    pub description: MaybeUndefined<String>,
    /// A key in a shared taxonomy of data uses (for example `marketing.communications.email`).
    pub taxonomy_key: MaybeUndefined<String>,
    /// Key of the organisation this purpose belongs to; null for the shared catalogue.
    pub organization: MaybeUndefined<String>,
}

#[derive(InputObject, Debug)]
pub struct CreatePurposeInput {
    pub key: String,
    pub name: String,
    #[graphql(flatten)]
    pub attributes: PurposeAttributes,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdatePurposeInput {
    pub key: Option<String>,
    pub name: Option<String>,
    #[graphql(flatten)]
    pub attributes: PurposeAttributes,
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreatePurposeInput,
) -> Result<Model> {
    write::create::<Entity>(db, actor, &input.key, &input.name, input.attributes, |_| ()).await
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    input: UpdatePurposeInput,
) -> Result<Model> {
    let rename = write::Rename {
        key: input.key,
        name: input.name,
    };
    write::update::<Entity>(db, actor, key, version, rename, input.attributes, |_| ()).await
}

impl write::Editable for Entity {
    type Attributes = PurposeAttributes;

    async fn apply(
        keys: &Keys<'_>,
        input: PurposeAttributes,
        model: &mut ActiveModel,
    ) -> Result<()> {
        patch::text("description", &mut model.description, input.description)?;
        patch::text("taxonomyKey", &mut model.taxonomy_key, input.taxonomy_key)?;
        patch::reference::<organization::Entity>(
            keys,
            &mut model.organization_id,
            input.organization,
        )
        .await
    }
}

/// Which purposes a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct PurposeFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// Purposes the organisation owns or its activities pursue (by key).
    pub organization: Option<String>,
    /// Purposes some activity pursues on this lawful basis.
    pub lawful_basis: Option<LawfulBasis>,
}

impl PurposeFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        let mut condition = listing::catalogue_filter::<Entity>(
            db,
            self.search,
            self.organization,
            ("activity_purpose", "purpose_id"),
        )
        .await?;
        if let Some(basis) = self.lawful_basis {
            let on_basis = Query::select()
                .column(activity_purpose::Column::PurposeId)
                .from(activity_purpose::Entity)
                .and_where(
                    Expr::col(activity_purpose::Column::LawfulBasis)
                        .eq(entity::enums::LawfulBasis::from(basis)),
                )
                .to_owned();
            condition = condition.add(entity::purpose::Column::Id.in_subquery(on_basis));
        }
        Ok(condition)
    }
}
