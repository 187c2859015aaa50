//! Retention rules: how long data is kept, or by what criteria (Art.
//! 30(1)(f), 13(2)(a)).

use async_graphql::{InputObject, MaybeUndefined};
use entity::organization;
use entity::retention_rule::{ActiveModel, Entity, Model};
use sea_orm::{Condition, ConnectionTrait, DatabaseConnection};

use crate::domain::audit::Actor;
use crate::domain::keys::Keys;
use crate::domain::vocabulary::EndAction;
use crate::domain::{listing, patch, write};
use crate::error::Result;

#[derive(InputObject, Debug, Default)]
pub struct RetentionRuleAttributes {
    pub description: MaybeUndefined<String>,
    /// How long, as an ISO 8601 duration: P7Y, P26M, P30D.
    pub period: MaybeUndefined<String>,
    /// The criteria that decide how long, where there is no fixed period.
    pub criteria: MaybeUndefined<String>,
    /// The event the period runs from ("after the account is closed").
    pub runs_from: MaybeUndefined<String>,
    /// The law or requirement behind the period.
    pub legal_requirement: MaybeUndefined<String>,
    /// What happens to the data at the end.
    pub end_action: MaybeUndefined<EndAction>,
    /// Where the retention and erasure policy document is kept.
    pub policy_url: MaybeUndefined<String>,
    /// Key of the organisation this rule belongs to; null for the shared catalogue.
    pub organization: MaybeUndefined<String>,
}

#[derive(InputObject, Debug)]
pub struct CreateRetentionRuleInput {
    pub key: String,
    pub name: String,
    #[graphql(flatten)]
    pub attributes: RetentionRuleAttributes,
}

#[derive(InputObject, Debug, Default)]
pub struct UpdateRetentionRuleInput {
    pub key: Option<String>,
    pub name: Option<String>,
    #[graphql(flatten)]
    pub attributes: RetentionRuleAttributes,
}

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    input: CreateRetentionRuleInput,
) -> Result<Model> {
    write::create::<Entity>(db, actor, &input.key, &input.name, input.attributes, |_| ()).await
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    version: i32,
    input: UpdateRetentionRuleInput,
) -> Result<Model> {
    let rename = write::Rename {
        key: input.key,
        name: input.name,
    };
    write::update::<Entity>(db, actor, key, version, rename, input.attributes, |_| ()).await
}

impl write::Editable for Entity {
    type Attributes = RetentionRuleAttributes;

    async fn apply(
        keys: &Keys<'_>,
        input: RetentionRuleAttributes,
        model: &mut ActiveModel,
    ) -> Result<()> {
        patch::text("description", &mut model.description, input.description)?;
        patch::duration("period", &mut model.period, input.period)?;
        patch::text("criteria", &mut model.criteria, input.criteria)?;
        patch::text("runsFrom", &mut model.runs_from, input.runs_from)?;
        patch::text(
            "legalRequirement",
            &mut model.legal_requirement,
            input.legal_requirement,
        )?;
        patch::value(&mut model.end_action, input.end_action);
        patch::link("policyUrl", &mut model.policy_url, input.policy_url)?;
        patch::reference::<organization::Entity>(
            keys,
            &mut model.organization_id,
            input.organization,
        )
        .await
    }
}

/// Which retention rules a list shows; all given conditions apply.
#[derive(InputObject, Debug, Default)]
pub struct RetentionRuleFilter {
    /// Text the name contains, in any case.
    pub search: Option<String>,
    /// Rules the organisation owns or its activities apply (by key).
    pub organization: Option<String>,
}

impl RetentionRuleFilter {
    pub async fn condition(self, db: &impl ConnectionTrait) -> Result<Condition> {
        listing::catalogue_filter::<Entity>(
            db,
            self.search,
            self.organization,
            ("activity_retention", "retention_rule_id"),
        )
        .await
    }
}
