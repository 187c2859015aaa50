//! Data categories: a hierarchical catalogue of kinds of personal data.

use async_graphql::{InputObject, MaybeUndefined};
use entity::data_category::{ActiveModel, Column, Entity, Model};
use entity::{data_category_retention, organization, retention_rule};
use sea_orm::{ActiveValue, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::audit::Actor;
use crate::domain::keys::Keys;
use crate::domain::links;
use crate::domain::vocabulary::{CcpaCategory, Sensitivity, SpecialCategoryKind};
use crate::domain::{listing, patch, write};
use crate::error::{Error, Result};

#[derive(InputObject, Debug, Default)]
pub struct DataCategoryAttributes {
    pub description: MaybeUndefined<String>,
    /// Key of the broader category this one belongs to.
    pub parent: MaybeUndefined<String>,
    /// The Art. 9(1) kind, for special category data.
    pub special_category_kind: MaybeUndefined<SpecialCategoryKind>,
    /// The California category (Cal. Civ. Code §1798.140(v)(1)).
    pub ccpa_category: MaybeUndefined<CcpaCategory>,
    /// California "sensitive personal information" (§1798.140(ae)).
    pub ccpa_sensitive: Option<bool>,
    /// A key in a shared taxonomy (for example `user.contact.email`).
    pub taxonomy_key: MaybeUndefined<String>,
    /// Key of the organisation this category belongs to; null for the shared catalogue.
    pub organization: MaybeUndefined<String>,
}

#[derive(InputObject, Debug)]
pub struct CreateDataCategoryInput {
    pub key: String,
    pub name: String,
    #[graphql(default_with = "Sensitivity::Ordinary")]
    pub sensitivity: Sensitivity,
    #[graphql(flatten)]
    pub attributes: DataCategoryAttributes,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdateDataCategoryInput {
    pub key: Option<String>,
    pub name: Option<String>,
    pub sensitivity: Option<Sensitivity>,
    #[graphql(flatten)]
    pub attributes: DataCategoryAttributes,
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreateDataCategoryInput,
) -> Result<Model> {
    let sensitivity = input.sensitivity.into();
    write::create::<Entity>(
        db,
        actor,
        &input.key,
        &input.name,
        input.attributes,
        |model| {
            model.sensitivity = ActiveValue::Set(sensitivity);
        },
    )
    .await
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    input: UpdateDataCategoryInput,
) -> Result<Model> {
    let rename = write::Rename {
        key: input.key,
        name: input.name,
    };
    let sensitivity = input.sensitivity;
    write::update::<Entity>(db, actor, key, version, rename, input.attributes, |model| {
        patch::required(&mut model.sensitivity, sensitivity);
    })
    .await
}

impl write::Editable for Entity {
    type Attributes = DataCategoryAttributes;

    async fn apply(
        keys: &Keys<'_>,
        input: DataCategoryAttributes,
        model: &mut ActiveModel,
    ) -> Result<()> {
        patch::text("description", &mut model.description, input.description)?;
        patch::reference::<Entity>(keys, &mut model.parent_id, input.parent).await?;
        if let (ActiveValue::Unchanged(id), ActiveValue::Set(Some(parent))) =
            (&model.id, &model.parent_id)
        {
            refuse_cycle(keys.db, *id, *parent).await?;
        }
        patch::value(
            &mut model.special_category_kind,
            input.special_category_kind,
        );
        patch::value(&mut model.ccpa_category, input.ccpa_category);
        patch::required(&mut model.ccpa_sensitive, input.ccpa_sensitive);
        patch::text("taxonomyKey", &mut model.taxonomy_key, input.taxonomy_key)?;
        patch::reference::<organization::Entity>(
            keys,
            &mut model.organization_id,
            input.organization,
        )
        .await
    }
}

/// A category may not sit beneath itself, directly or further down.
async fn refuse_cycle(db: &impl ConnectionTrait, id: i32, parent: i32) -> Result<()> {
    let mut ancestor = parent;
    loop {
        if ancestor == id {
            return Err(Error::invalid(
                "parent",
                "a data category cannot be placed beneath itself or one of its own subcategories",
            ));
        }
        match write::find_by_id::<Entity>(db, ancestor)
            .await?
            .and_then(|found| found.parent_id)
        {
            Some(next) => ancestor = next,
            None => return Ok(()),
        }
    }
}

/// Adds a retention rule to a data category (retention per category, which
/// the CPRA asks for). Adding one that is already there changes nothing.
pub async fn link_retention(
    db: &DatabaseConnection,
    actor: &Actor,
    data_category: &str,
    retention_rule: &str,
) -> Result<Model> {
    links::link::<data_category_retention::Entity>(db, actor, data_category, retention_rule, None)
        .await
}

pub async fn unlink_retention(
    db: &DatabaseConnection,
    actor: &Actor,
    data_category: &str,
    retention_rule: &str,
) -> Result<Model> {
    links::unlink::<data_category_retention::Entity>(db, actor, data_category, retention_rule, None)
        .await
}

/// Which data categories a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct DataCategoryFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// Categories the organisation owns or its activities process (by key).
    pub organization: Option<String>,
    pub sensitivity: Option<Sensitivity>,
    pub ccpa_category: Option<CcpaCategory>,
    /// Only the direct subcategories of this category (by key).
    pub parent: Option<String>,
    /// Only top-level categories (true) or only subcategories (false).
    pub top_level: Option<bool>,
    /// Categories kept under this retention rule (by key).
    pub retention_rule: Option<String>,
}

impl DataCategoryFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        let mut condition = listing::catalogue_filter::<Entity>(
            db,
            self.search,
            self.organization,
            ("activity_data_category", "data_category_id"),
        )
        .await?;
        if let Some(sensitivity) = self.sensitivity {
            condition = condition
                .add(Column::Sensitivity.eq(entity::enums::Sensitivity::from(sensitivity)));
        }
        if let Some(category) = self.ccpa_category {
            condition =
                condition.add(Column::CcpaCategory.eq(entity::enums::CcpaCategory::from(category)));
        }
        if let Some(key) = self.parent {
            condition = condition.add(Column::ParentId.eq(write::id_of::<Entity>(db, &key).await?));
        }
        match self.top_level {
            Some(true) => condition = condition.add(Column::ParentId.is_null()),
            Some(false) => condition = condition.add(Column::ParentId.is_not_null()),
            None => {}
        }
        if let Some(key) = self.retention_rule {
            let rule = write::id_of::<retention_rule::Entity>(db, &key).await?;
            let kept = sea_orm::sea_query::Query::select()
                .column(data_category_retention::Column::DataCategoryId)
                .from(data_category_retention::Entity)
                .and_where(data_category_retention::Column::RetentionRuleId.eq(rule))
                .to_owned();
            condition = condition.add(Column::Id.in_subquery(kept));
        }
        Ok(condition)
    }
}
