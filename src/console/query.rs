//! A page's query string, read so that a bad one gets the console's own
//! error page naming the parameter, not the framework's plain text.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use chrono::NaiveDate;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use crate::error::Error;

/// The parameters of a page's address, as `T`.
pub struct PageQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for PageQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parse(parts.uri.query().unwrap_or_default())
            .map(PageQuery)
            .map_err(|error| super::problem(&error))
    }
}

fn parse<T: DeserializeOwned>(query: &str) -> Result<T, Error> {
    let pairs = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(pairs).map_err(|error| {
        let field = error.path().to_string();
        Error::Invalid {
            reason: format!("{} (in the address: ?{query})", error.into_inner()),
            field: if field == "." {
                "query".to_owned()
            } else {
                field
            },
            key: None,
        }
    })
}

/// A date parameter; left empty (a date field submitted blank) it is not
/// given at all.
pub fn optional_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    let text = String::deserialize(deserializer)?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| {
        D::Error::custom(format!(
            "`{text}` is not a date; write it as YYYY-MM-DD, for example 2026-12-01"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Dated {
        #[serde(default, deserialize_with = "optional_date")]
        as_of: Option<NaiveDate>,
        saved: Option<i32>,
    }

    #[test]
    fn a_bad_parameter_is_named_with_what_was_wrong() {
        let dated: Dated = parse("as_of=2026-12-01&saved=3").unwrap();
        assert_eq!(dated.as_of, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(dated.saved, Some(3));
        let blank: Dated = parse("as_of=").unwrap();
        assert_eq!(blank.as_of, None);
        let Err(Error::Invalid { field, reason, .. }) = parse::<Dated>("as_of=2026-13-01") else {
            panic!("a month 13 is refused");
        };
        assert_eq!(field, "as_of");
        assert!(
            reason.starts_with("`2026-13-01` is not a date; write it as YYYY-MM-DD"),
            "{reason}"
        );
        let Err(Error::Invalid { field, .. }) = parse::<Dated>("saved=many") else {
            panic!("a count that is no number is refused");
        };
        assert_eq!(field, "saved");
    }
}
