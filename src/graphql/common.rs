//! Output types shared by every entity.

use async_graphql::{Object, SimpleObject};

use crate::domain::deletion::DeletionReport;
use crate::domain::kind::EntityKind;
use crate::error::EntityRef;

/// An entity named by its kind and key.
#[derive(SimpleObject)]
#[graphql(name = "EntityRef")]
pub struct EntityRefObject {
    pub kind: EntityKind,
    pub key: String,
}

impl From<EntityRef> for EntityRefObject {
    fn from(entity: EntityRef) -> Self {
        EntityRefObject {
            kind: entity.kind,
            key: entity.key,
        }
    }
}

pub struct DeletePayload(pub DeletionReport);

/// What a delete removed and changed.
#[Object]
impl DeletePayload {
    /// Every entity deleted: the one asked for first, then what it owned.
    async fn deleted(&self) -> Vec<EntityRefObject> {
        self.0.deleted.iter().cloned().map(Into::into).collect()
    }

    /// Entities that lost an optional reference to a deleted entity.
    async fn detached(&self) -> Vec<EntityRefObject> {
        self.0.detached.iter().cloned().map(Into::into).collect()
    }

    /// How many links were removed.
    async fn links_removed(&self) -> u64 {
        self.0.links_removed
    }
}
