//! API tokens: random, shown once, stored only as a hash, revocable.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use entity::api_token::{ActiveModel, Column, Entity, Model};
use entity::enums::AuditAction;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use sha2::{Digest, Sha256};

use crate::domain::audit::{self, Actor, Change};
use crate::domain::vocabulary::Role;
use crate::domain::{validate, write};
use crate::error::{Error, Result};

/// Every token starts so, which lets secret scanners recognise a leaked one.
const PREFIX: &str = "ropa_";

/// Who is making a request: the name of the token presented, and its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub name: String,
    pub role: Role,
}

impl Principal {
    /// Refuses an action the role may not take.
    pub fn require(&self, needed: Role, action: impl Into<String>) -> Result<()> {
        if self.role >= needed {
            Ok(())
        } else {
            Err(Error::Forbidden {
                role: self.role,
                needed,
                action: action.into(),
            })
        }
    }
}

/// A new token, with the secret that is shown only now.
pub struct Issued {
    pub token: Model,
    pub secret: String,
}

/// Creates a token; its secret is returned once and never stored.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    name: &str,
    role: Role,
) -> Result<Issued> {
    let name = validate::key("name", name)?;
    let mut random = [0u8; 32];
    getrandom::fill(&mut random)
        .map_err(|err| Error::Io(std::io::Error::other(err.to_string())))?;
    let secret = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(random));
    let txn = write::begin(db).await?;
    let token = ActiveModel {
        name: Set(name.clone()),
        role: Set(role.into()),
        token_hash: Set(hash(&secret)),
        created_at: Set(write::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|err| match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            Error::invalid("name", format!("a token named `{name}` exists already"))
        }
        _ => Error::Db(err),
    })?;
    let change = entry(AuditAction::Create, &token, None);
    audit::record(&txn, actor, change).await?;
    txn.commit().await?;
    Ok(Issued { token, secret })
}

/// Every token, revoked ones included, by name.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<Model>> {
    Ok(Entity::find().order_by_asc(Column::Name).all(db).await?)
}

/// How many tokens can still be used.
pub async fn count_active(db: &DatabaseConnection) -> Result<u64> {
    Ok(Entity::find()
        .filter(Column::RevokedAt.is_null())
        .count(db)
        .await?)
}

/// Revokes the token named `name`: it stops working at once. Revoking a
/// revoked token changes nothing.
pub async fn revoke(db: &DatabaseConnection, actor: &Actor, name: &str) -> Result<Model> {
    let txn = write::begin(db).await?;
    let token = Entity::find()
        .filter(Column::Name.eq(name))
        .one(&txn)
        .await?
        .ok_or_else(|| Error::invalid("name", format!("there is no token named `{name}`")))?;
    if token.revoked_at.is_some() {
        return Ok(token);
    }
    let mut revoked: ActiveModel = token.clone().into();
    revoked.revoked_at = Set(Some(write::now()));
    let revoked = revoked.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        entry(AuditAction::Revoke, &revoked, Some(&token)),
    )
    .await?;
    txn.commit().await?;
    Ok(revoked)
}

/// The audit entry of a token created or revoked: never its hash.
fn entry(action: AuditAction, token: &Model, before: Option<&Model>) -> Change {
    Change {
        action,
        kind: audit::TOKEN_KIND,
        key: token.name.clone(),
        before: before.and_then(audit::snapshot),
        after: audit::snapshot(token),
    }
}

/// The principal a presented token stands for, if it is a live token.
pub async fn authenticate(db: &DatabaseConnection, presented: &str) -> Result<Option<Principal>> {
    if !presented.starts_with(PREFIX) {
        return Ok(None);
    }
    let found = Entity::find()
        .filter(Column::TokenHash.eq(hash(presented)))
        .filter(Column::RevokedAt.is_null())
        .one(db)
        .await?;
    Ok(found.map(|token| Principal {
        name: token.name,
        role: token.role.into(),
    }))
}

/// Tokens are 256 random bits, so a fast hash is enough: there is nothing
/// to guess, only a stolen database to be useless.
fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_hex_sha256() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn roles_allow_what_the_roles_below_them_allow() {
        let editor = Principal {
            name: "desk".into(),
            role: Role::Editor,
        };
        assert!(editor.require(Role::Viewer, "read").is_ok());
        assert!(editor.require(Role::Editor, "edit").is_ok());
        let refused = editor.require(Role::Admin, "manage tokens");
        assert_eq!(
            refused.err().map(|err| err.to_string()),
            Some("the `editor` role may not manage tokens; it needs the `admin` role".to_owned())
        );
    }
}
