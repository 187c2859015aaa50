use async_graphql::connection::{Connection, CursorType, Edge};
use async_graphql::{Context, Json, Object, Result};
use chrono::{DateTime, Utc};
use sea_orm::prelude::DateTimeWithTimeZone;

use crate::domain::audit::{self as domain, AuditFilter};
use crate::domain::kind::EntityKind;
use crate::domain::listing::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::domain::token::Principal;
use crate::domain::vocabulary::{AuditAction, Role};
use crate::error::Error;

/// One change to the inventory (or to the API tokens), as it was made.
pub struct AuditEntry(entity::audit_entry::Model);

#[Object]
impl AuditEntry {
    /// When the change was committed.
    async fn at(&self) -> DateTimeWithTimeZone {
        self.0.at
    }
    /// Who made it: `token:<name>` for the API, `cli:<user>` for the
    /// command line, `server:<task>` for the server itself.
    async fn actor(&self) -> &str {
        &self.0.actor
    }
    async fn action(&self) -> AuditAction {
        self.0.action.into()
    }
    /// The kind of what changed: an entity kind in snake case, or
    /// `api_token`.
    async fn entity_kind(&self) -> &str {
        &self.0.entity_kind
    }
    /// The key of what changed (for a token, its name), as it was then.
    async fn entity_key(&self) -> &str {
        &self.0.entity_key
    }
    /// What it was before: the stored entity, or for a link, the key of the
    /// entity at its other end and the link's attributes. Null for what was
    /// created.
    async fn before(&self) -> Option<Json<serde_json::Value>> {
        self.0.before.clone().map(Json)
    }
    /// What it was after; null for what was deleted or unlinked.
    async fn after(&self) -> Option<Json<serde_json::Value>> {
        self.0.after.clone().map(Json)
    }
}

/// A place in the audit log: the entry after which a page starts.
pub struct AuditCursor(i32);

impl CursorType for AuditCursor {
    type Error = Error;

    fn decode_cursor(text: &str) -> std::result::Result<Self, Self::Error> {
        text.parse().map(AuditCursor).map_err(|_| {
            Error::invalid(
                "after",
                format!("'{text}' is not a cursor this server gave out"),
            )
        })
    }

    fn encode_cursor(&self) -> String {
        self.0.to_string()
    }
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit log, newest change first. Entries about API tokens are
    /// listed for admins only.
    // Each argument is one of the field's GraphQL arguments.
    #[allow(clippy::too_many_arguments)]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Changes to entities of this kind.")] entity: Option<EntityKind>,
        #[graphql(desc = "Changes to the entity with this key (with `entity`, to one entity).")]
        key: Option<String>,
        #[graphql(desc = "Changes made at or after this time.")] since: Option<DateTime<Utc>>,
        #[graphql(desc = "Changes by this actor, as entries name them (`token:privacy-desk`).")]
        actor: Option<String>,
        #[graphql(desc = "How many entries to return (at most 1000; 100 if not given).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: older entries than those seen.")] after: Option<
            String,
        >,
    ) -> Result<Connection<AuditCursor, AuditEntry>> {
        let principal = ctx.data::<Principal>()?;
        let limit = match first {
            None => DEFAULT_PAGE_SIZE,
            Some(first) if (1..=MAX_PAGE_SIZE as i32).contains(&first) => first as u64,
            Some(first) => {
                let reason = format!("must be between 1 and {MAX_PAGE_SIZE}; got {first}");
                return Err(Error::invalid("first", reason).into());
            }
        };
        let before = after
            .map(|text| AuditCursor::decode_cursor(&text))
            .transpose()?
            .map(|cursor| cursor.0);
        let conditions = AuditFilter {
            kind: entity.map(|kind| kind.as_str().to_owned()),
            key,
            since,
            actor,
            include_tokens: principal.role >= Role::Admin,
        };
        // One more than asked for says whether there is a next page.
        let mut rows = domain::entries(super::db(ctx)?, conditions, before, limit + 1).await?;
        let has_next_page = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let mut connection = Connection::new(before.is_some(), has_next_page);
        connection.edges.extend(
            rows.into_iter()
                .map(|row| Edge::new(AuditCursor(row.id), AuditEntry(row))),
        );
        Ok(connection)
    }
}
