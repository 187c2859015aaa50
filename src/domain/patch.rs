//! Applying input attributes to an entity being created or updated.
//!
//! Inputs use `MaybeUndefined`: a field left out keeps the stored value
//! (nothing, on create), `null` clears it, a value replaces it after its check.

use async_graphql::MaybeUndefined;
use sea_orm::ActiveValue;

use crate::domain::keys::Keys;
use crate::domain::node::Node;
use crate::domain::validate;
use crate::error::{Error, Result};

/// Sets a nullable column from an input through `check`, which may also
/// decide that the value means "nothing" (blank text).
pub fn checked<T, V>(
    target: &mut ActiveValue<Option<T>>,
    input: MaybeUndefined<V>,
    check: impl FnOnce(V) -> Result<Option<T>>,
) -> Result<()>
where
    Option<T>: Into<sea_orm::Value>,
{
    match input {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *target = ActiveValue::Set(None),
        MaybeUndefined::Value(value) => *target = ActiveValue::Set(check(value)?),
    }
    Ok(())
}

/// Free text: trimmed, blank clears.
pub fn text(
    field: &str,
    target: &mut ActiveValue<Option<String>>,
    input: MaybeUndefined<String>,
) -> Result<()> {
    checked(target, input, |value| validate::text(field, &value))
}

/// A link (URL or document reference).
pub fn link(
    field: &str,
    target: &mut ActiveValue<Option<String>>,
    input: MaybeUndefined<String>,
) -> Result<()> {
    checked(target, input, |value| validate::link(field, &value))
}

pub fn email(
    field: &str,
    target: &mut ActiveValue<Option<String>>,
    input: MaybeUndefined<String>,
) -> Result<()> {
    checked(target, input, |value| validate::email(field, &value))
}

pub fn country(
    field: &str,
    target: &mut ActiveValue<Option<String>>,
    input: MaybeUndefined<String>,
) -> Result<()> {
    checked(target, input, |value| {
        validate::country(field, &value).map(Some)
    })
}

pub fn duration(
    field: &str,
    target: &mut ActiveValue<Option<String>>,
    input: MaybeUndefined<String>,
) -> Result<()> {
    checked(target, input, |value| {
        validate::duration(field, &value).map(Some)
    })
}

/// A value that needs no check beyond its type (enums, flags, numbers).
pub fn value<T, V>(target: &mut ActiveValue<Option<T>>, input: MaybeUndefined<V>)
where
    Option<T>: Into<sea_orm::Value>,
    V: Into<T>,
{
    match input {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *target = ActiveValue::Set(None),
        MaybeUndefined::Value(value) => *target = ActiveValue::Set(Some(value.into())),
    }
}

/// A non-null column: absent keeps, a value replaces.
pub fn required<T, V>(target: &mut ActiveValue<T>, input: Option<V>)
where
    T: Into<sea_orm::Value>,
    V: Into<T>,
{
    if let Some(value) = input {
        *target = ActiveValue::Set(value.into());
    }
}

/// The value a nullable column will have once written.
pub fn current<T: Clone>(value: &ActiveValue<Option<T>>) -> Option<T>
where
    Option<T>: Into<sea_orm::Value>,
{
    match value {
        ActiveValue::Set(value) | ActiveValue::Unchanged(value) => value.clone(),
        ActiveValue::NotSet => None,
    }
}

/// A non-negative count.
pub fn count(
    field: &str,
    target: &mut ActiveValue<Option<i32>>,
    input: MaybeUndefined<i32>,
) -> Result<()> {
    checked(target, input, |value| {
        if value < 0 {
            Err(Error::invalid(
                field,
                format!("{field} must not be negative, got {value}"),
            ))
        } else {
            Ok(Some(value))
        }
    })
}

/// An optional reference to another entity, given by its key.
pub async fn reference<E: Node>(
    keys: &Keys<'_>,
    target: &mut ActiveValue<Option<i32>>,
    input: MaybeUndefined<String>,
) -> Result<()> {
    match input {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *target = ActiveValue::Set(None),
        MaybeUndefined::Value(key) => {
            *target = ActiveValue::Set(Some(keys.id_of::<E>(&key).await?))
        }
    }
    Ok(())
}
