//! Finding entities' ids by key while a change is being written.

use std::collections::HashMap;

use sea_orm::DatabaseTransaction;

use crate::domain::kind::EntityKind;
use crate::domain::node::Node;
use crate::domain::write;
use crate::error::Result;

/// Ids a change already knows, by kind and key: an inventory being applied
/// knows every entity it loaded or created, and saves a query per reference.
#[derive(Debug, Default, Clone)]
pub struct KnownKeys(HashMap<(EntityKind, String), i32>);

impl KnownKeys {
    pub fn insert(&mut self, kind: EntityKind, key: impl Into<String>, id: i32) {
        self.0.insert((kind, key.into()), id);
    }

    pub fn get(&self, kind: EntityKind, key: &str) -> Option<i32> {
        self.0.get(&(kind, key.to_owned())).copied()
    }

    pub fn contains(&self, kind: EntityKind, key: &str) -> bool {
        self.get(kind, key).is_some()
    }

    /// Every known key of one kind.
    pub fn keys_of(&self, kind: EntityKind) -> impl Iterator<Item = &str> {
        self.0
            .keys()
            .filter(move |(known, _)| *known == kind)
            .map(|(_, key)| key.as_str())
    }
}

/// Where the references of one change are looked up: the keys the change
/// knows, then the database, inside the change's transaction.
#[derive(Clone, Copy)]
pub struct Keys<'a> {
    pub db: &'a DatabaseTransaction,
    known: Option<&'a KnownKeys>,
}

impl<'a> Keys<'a> {
    pub fn new(db: &'a DatabaseTransaction) -> Self {
        Keys { db, known: None }
    }

    pub fn with_known(db: &'a DatabaseTransaction, known: &'a KnownKeys) -> Self {
        Keys {
            db,
            known: Some(known),
        }
    }

    /// The id of the `E` with `key`, or `NOT_FOUND`.
    pub async fn id_of<E: Node>(&self, key: &str) -> Result<i32> {
        if let Some(id) = self.known.and_then(|known| known.get(E::KIND, key)) {
            return Ok(id);
        }
        write::id_of::<E>(self.db, key).await
    }
}
