//! Lists of entities: filters, ordering and keyset pagination.
//!
//! A cursor names the position of a row in its ordering (the ordering value
//! and the id, which breaks ties), so pages stay correct while other people
//! add and delete entities between two requests.

use async_graphql::{Enum, InputObject};
use sea_orm::prelude::DateTimeWithTimeZone;
use sea_orm::sea_query::{Expr, ExprTrait, Func, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, ModelTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Value,
};
use serde::{Deserialize, Serialize};

use crate::domain::node::Node;
use crate::error::{Error, Result};

/// The most rows one page may hold.
pub const MAX_PAGE_SIZE: u64 = 1000;
/// The page size when the client gives neither `first` nor `last`.
pub const DEFAULT_PAGE_SIZE: u64 = 100;

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OrderField {
    #[default]
    Key,
    /// Case-insensitive.
    Name,
    CreatedAt,
    UpdatedAt,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderDirection {
    #[default]
    Asc,
    Desc,
}

#[derive(InputObject, Debug, Clone, Copy, Default)]
pub struct Ordering {
    #[graphql(default)]
    pub field: OrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// A position in an ordering: the ordering value of a row and its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    pub field: OrderField,
    pub value: String,
    pub id: i32,
}

/// What a client asks of a list: Relay's `first`/`after`, `last`/`before`.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
    pub first: Option<usize>,
    pub last: Option<usize>,
}

pub struct Page<M> {
    pub rows: Vec<(Cursor, M)>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
}

/// One page of `E` rows matching `filter`, in `ordering`.
pub async fn page<E: Node>(
    db: &impl ConnectionTrait,
    filter: Condition,
    ordering: Ordering,
    request: PageRequest,
) -> Result<Page<E::Model>> {
    let size = |field: &str, value: Option<usize>| -> Result<Option<u64>> {
        match value {
            Some(n) if n as u64 > MAX_PAGE_SIZE => Err(Error::invalid(
                field,
                format!("{field} must be at most {MAX_PAGE_SIZE}, got {n}"),
            )),
            other => Ok(other.map(|n| n as u64)),
        }
    };
    let first = size("first", request.first)?;
    let last = size("last", request.last)?;
    let sort = sort_expression::<E>(ordering.field);
    let mut condition = filter;
    for (cursor, field, after) in [
        (&request.after, "after", true),
        (&request.before, "before", false),
    ] {
        if let Some(cursor) = cursor {
            if cursor.field != ordering.field {
                return Err(Error::invalid(
                    field,
                    "the cursor belongs to a list in another order; ask for the first page again",
                ));
            }
            let forward = after == (ordering.direction == OrderDirection::Asc);
            condition = condition.add(beyond::<E>(sort.clone(), cursor, forward)?);
        }
    }
    // Reading from the end (`last` without `first`) walks the ordering backwards.
    let from_end = first.is_none() && last.is_some();
    let limit = first.or(last).unwrap_or(DEFAULT_PAGE_SIZE);
    let ascending = (ordering.direction == OrderDirection::Asc) != from_end;
    let order = if ascending { Order::Asc } else { Order::Desc };
    let mut rows = E::find()
        .filter(condition)
        .order_by(sort, order.clone())
        .order_by(E::ID, order)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    if from_end {
        rows.reverse();
    }
    if let (Some(_), Some(last)) = (first, last) {
        let skip = rows.len().saturating_sub(last as usize);
        rows.drain(..skip);
    }
    let rows = rows
        .into_iter()
        .map(|row| (cursor_of::<E>(&row, ordering.field), row))
        .collect();
    let (has_previous_page, has_next_page) = if from_end {
        (more, request.before.is_some())
    } else {
        (request.after.is_some(), more)
    };
    Ok(Page {
        rows,
        has_previous_page,
        has_next_page,
    })
}

/// How many `E` rows match `filter`.
pub async fn count<E: Node>(db: &impl ConnectionTrait, filter: Condition) -> Result<u64> {
    Ok(E::find().filter(filter).count(db).await?)
}

fn sort_expression<E: Node>(field: OrderField) -> SimpleExpr {
    let column = match field {
        OrderField::Key => E::KEY,
        OrderField::Name => E::NAME,
        OrderField::CreatedAt => E::CREATED_AT,
        OrderField::UpdatedAt => E::UPDATED_AT,
    };
    let column = Expr::col((E::default(), column));
    match field {
        OrderField::Name => Func::lower(column).into(),
        _ => column,
    }
}

/// Rows strictly after (`forward`) or before the cursor's position.
fn beyond<E: Node>(sort: SimpleExpr, cursor: &Cursor, forward: bool) -> Result<Condition> {
    let value = cursor_value(cursor)?;
    let id = Expr::col((E::default(), E::ID));
    Ok(if forward {
        Condition::any()
            .add(sort.clone().gt(value.clone()))
            .add(Condition::all().add(sort.eq(value)).add(id.gt(cursor.id)))
    } else {
        Condition::any()
            .add(sort.clone().lt(value.clone()))
            .add(Condition::all().add(sort.eq(value)).add(id.lt(cursor.id)))
    })
}

fn cursor_value(cursor: &Cursor) -> Result<Value> {
    match cursor.field {
        OrderField::Key | OrderField::Name => Ok(cursor.value.clone().into()),
        OrderField::CreatedAt | OrderField::UpdatedAt => {
            DateTimeWithTimeZone::parse_from_rfc3339(&cursor.value)
                .map(Value::from)
                .map_err(|_| Error::invalid("after", "the cursor is not one this server gave out"))
        }
    }
}

fn cursor_of<E: Node>(row: &E::Model, field: OrderField) -> Cursor {
    let value = match field {
        OrderField::Key => E::key(row).to_owned(),
        OrderField::Name => match row.get(E::NAME) {
            Value::String(Some(name)) => name.to_lowercase(),
            _ => String::new(),
        },
        OrderField::CreatedAt | OrderField::UpdatedAt => {
            let column = if field == OrderField::CreatedAt {
                E::CREATED_AT
            } else {
                E::UPDATED_AT
            };
            match row.get(column) {
                Value::ChronoDateTimeWithTimeZone(Some(at)) => at.to_rfc3339(),
                _ => String::new(),
            }
        }
    };
    Cursor {
        field,
        value,
        id: E::id(row),
    }
}

/// A case-insensitive "name contains" condition, with `%` and `_` taken
/// literally.
pub fn name_contains<E: Node>(text: &str) -> Condition {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let pattern = format!("%{escaped}%");
    Condition::all().add(
        Func::lower(Expr::col((E::default(), E::NAME)))
            .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
    )
}

/// Ids of `E` entities for a list of keys, failing on the first unknown key.
pub async fn ids_by_keys<E: Node>(db: &impl ConnectionTrait, keys: &[String]) -> Result<Vec<i32>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<(i32, String)> = E::find()
        .select_only()
        .column(E::ID)
        .column(E::KEY)
        .filter(E::KEY.is_in(keys.iter().cloned()))
        .into_tuple()
        .all(db)
        .await?;
    let by_key: std::collections::HashMap<&str, i32> =
        found.iter().map(|(id, key)| (key.as_str(), *id)).collect();
    keys.iter()
        .map(|key| {
            by_key
                .get(key.as_str())
                .copied()
                .ok_or_else(|| Error::not_found(E::KIND, key))
        })
        .collect()
}

/// The conditions every catalogue list offers: text in the name, and the
/// entries of one organisation (those it owns, and those its activities use
/// through `used_through`: a link table and its column naming the entry).
pub async fn catalogue_filter<E: Node>(
    db: &impl ConnectionTrait,
    search: Option<String>,
    organization: Option<String>,
    used_through: (&'static str, &'static str),
) -> Result<Condition> {
    let mut condition = Condition::all();
    if let Some(text) = search {
        condition = condition.add(name_contains::<E>(&text));
    }
    if let Some(key) = organization {
        let id = crate::domain::write::id_of::<entity::organization::Entity>(db, &key).await?;
        condition = condition.add(of_organization::<E>(id, used_through));
    }
    Ok(condition)
}

fn of_organization<E: Node>(
    organization_id: i32,
    (link_table, link_column): (&'static str, &'static str),
) -> Condition {
    use sea_orm::sea_query::{Alias, Query};
    let link = Alias::new(link_table);
    let activity = Alias::new("processing_activity");
    let used = Query::select()
        .column((link.clone(), Alias::new(link_column)))
        .from(link.clone())
        .inner_join(
            activity.clone(),
            Expr::col((activity.clone(), Alias::new("id")))
                .equals((link, Alias::new("activity_id"))),
        )
        .and_where(Expr::col((activity, Alias::new("organization_id"))).eq(organization_id))
        .to_owned();
    Condition::any()
        .add(Expr::col((E::default(), Alias::new("organization_id"))).eq(organization_id))
        .add(Expr::col((E::default(), E::ID)).in_subquery(used))
}
