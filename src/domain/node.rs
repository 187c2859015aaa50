//! What every entity and every link table has in common, so that loading,
//! versioned writes, deletes and pagination are written once.

use sea_orm::{ActiveModelBehavior, ActiveModelTrait, EntityTrait, IntoActiveModel};

use crate::domain::kind::EntityKind;

/// An entity of the graph: numeric id, unique key, name, timestamps, version.
pub trait Node:
    EntityTrait<
        Model: IntoActiveModel<Self::ActiveModel> + Clone + Send + Sync + serde::Serialize,
        ActiveModel: ActiveModelTrait<Entity = Self> + ActiveModelBehavior + Send + Sync,
    >
{
    const KIND: EntityKind;
    const ID: Self::Column;
    const KEY: Self::Column;
    const NAME: Self::Column;
    const CREATED_AT: Self::Column;
    const UPDATED_AT: Self::Column;
    const VERSION: Self::Column;

    fn id(model: &Self::Model) -> i32;
    fn key(model: &Self::Model) -> &str;
    fn version(model: &Self::Model) -> i32;
}

macro_rules! node {
    ($module:ident, $kind:ident) => {
        impl Node for entity::$module::Entity {
            const KIND: EntityKind = EntityKind::$kind;
            const ID: Self::Column = entity::$module::Column::Id;
            const KEY: Self::Column = entity::$module::Column::Key;
            const NAME: Self::Column = entity::$module::Column::Name;
            const CREATED_AT: Self::Column = entity::$module::Column::CreatedAt;
            const UPDATED_AT: Self::Column = entity::$module::Column::UpdatedAt;
            const VERSION: Self::Column = entity::$module::Column::Version;

            fn id(model: &Self::Model) -> i32 {
                model.id
            }
            fn key(model: &Self::Model) -> &str {
                &model.key
            }
            fn version(model: &Self::Model) -> i32 {
                model.version
            }
        }
    };
}

node!(organization, Organization);
node!(processing_activity, ProcessingActivity);
node!(purpose, Purpose);
node!(data_category, DataCategory);
node!(data_subject_category, DataSubjectCategory);
node!(source, Source);
node!(recipient, Recipient);
node!(transfer, Transfer);
node!(retention_rule, RetentionRule);
node!(system, System);
node!(security_measure, SecurityMeasure);

/// A many-to-many link table without attributes of its own: the pair of ids
/// is the whole link.
pub trait Link:
    EntityTrait<
        Model: Clone + Send + Sync,
        ActiveModel: ActiveModelTrait<Entity = Self> + ActiveModelBehavior + Send + Sync,
    >
{
    type From: Node;
    type To: Node;
    const FROM: Self::Column;
    const TO: Self::Column;
    const CREATED_AT: Self::Column;
}

macro_rules! link {
    ($module:ident: $from_col:ident -> $from:ident, $to_col:ident -> $to:ident) => {
        impl Link for entity::$module::Entity {
            type From = entity::$from::Entity;
            type To = entity::$to::Entity;
            const FROM: Self::Column = entity::$module::Column::$from_col;
            const TO: Self::Column = entity::$module::Column::$to_col;
            const CREATED_AT: Self::Column = entity::$module::Column::CreatedAt;
        }
    };
}

link!(activity_controller: ActivityId -> processing_activity, OrganizationId -> organization);
link!(activity_data_subject: ActivityId -> processing_activity, DataSubjectCategoryId -> data_subject_category);
link!(activity_recipient: ActivityId -> processing_activity, RecipientId -> recipient);
link!(activity_transfer: ActivityId -> processing_activity, TransferId -> transfer);
link!(activity_retention: ActivityId -> processing_activity, RetentionRuleId -> retention_rule);
link!(activity_system: ActivityId -> processing_activity, SystemId -> system);
link!(activity_security_measure: ActivityId -> processing_activity, SecurityMeasureId -> security_measure);
link!(data_category_retention: DataCategoryId -> data_category, RetentionRuleId -> retention_rule);
