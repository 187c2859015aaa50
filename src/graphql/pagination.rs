//! Relay connections over the domain's keyset pages.

use async_graphql::connection::{Connection, CursorType, Edge};
use async_graphql::{Context, Object, OutputType};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::{Condition, DatabaseConnection};

use crate::domain::listing::{self, Cursor, Ordering, PageRequest};
use crate::domain::node::Node;
use crate::error::Error;

impl CursorType for Cursor {
    type Error = Error;

    fn decode_cursor(text: &str) -> Result<Self, Self::Error> {
        let invalid = || {
            Error::invalid(
                "after",
                format!("'{text}' is not a cursor this server gave out"),
            )
        };
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
        serde_json::from_slice(&bytes).map_err(|_| invalid())
    }

    fn encode_cursor(&self) -> String {
        // A cursor is a plain struct of strings and numbers: serialising it
        // cannot fail.
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }
}

pub struct ConnectionTotals {
    db: DatabaseConnection,
    filter: Condition,
    count: for<'a> fn(
        &'a DatabaseConnection,
        Condition,
    ) -> futures::future::BoxFuture<'a, crate::Result<u64>>,
}

/// The fields a connection has besides its edges.
#[Object]
impl ConnectionTotals {
    /// How many entities match the filter, over all pages.
    async fn total_count(&self) -> async_graphql::Result<u64> {
        Ok((self.count)(&self.db, self.filter.clone()).await?)
    }
}

pub type EntityConnection<T> = Connection<Cursor, T, ConnectionTotals>;

/// Arguments every list field takes.
pub struct ListArgs {
    pub order_by: Option<Ordering>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub first: Option<i32>,
    pub last: Option<i32>,
}

/// One page of `E` entities matching `filter`, each shown as a `T`.
pub async fn connection<E, T>(
    ctx: &Context<'_>,
    filter: Condition,
    args: ListArgs,
    show: impl Fn(E::Model) -> T,
) -> async_graphql::Result<EntityConnection<T>>
where
    E: Node,
    T: OutputType,
{
    let db = super::db(ctx)?;
    let decode = |field: &str, text: Option<String>| -> crate::Result<Option<Cursor>> {
        text.map(|text| Cursor::decode_cursor(&text).map_err(|err| err.within_field(field)))
            .transpose()
    };
    let size = |field: &str, n: Option<i32>| -> crate::Result<Option<usize>> {
        n.map(|n| {
            usize::try_from(n).map_err(|_| {
                Error::invalid(field, format!("{field} must not be negative, got {n}"))
            })
        })
        .transpose()
    };
    let request = PageRequest {
        after: decode("after", args.after)?,
        before: decode("before", args.before)?,
        first: size("first", args.first)?,
        last: size("last", args.last)?,
    };
    let page = listing::page::<E>(
        db,
        filter.clone(),
        args.order_by.unwrap_or_default(),
        request,
    )
    .await?;
    let mut connection = Connection::with_additional_fields(
        page.has_previous_page,
        page.has_next_page,
        ConnectionTotals {
            db: db.clone(),
            filter,
            count: |db, filter| Box::pin(listing::count::<E>(db, filter)),
        },
    );
    connection.edges.extend(
        page.rows
            .into_iter()
            .map(|(cursor, row)| Edge::new(cursor, show(row))),
    );
    Ok(connection)
}
