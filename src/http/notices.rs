//! `GET /notices/{org}` and `GET /notices/{org}/versions/{n}`: published
//! notices, for anyone, no token: HTML by default, `?format=md|text|json`.
//! A numbered version never changes, so it may be cached for good.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use crate::error::{Error, Result};
use crate::notice::Format;
use crate::notice::publish::{self, content};

#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    #[serde(default)]
    format: Option<String>,
}

pub async fn latest(
    State(app): State<AppState>,
    Path(organization): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    respond(&app, &organization, None, query)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

pub async fn numbered(
    State(app): State<AppState>,
    Path((organization, number)): Path<(String, String)>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let number = match number.parse::<i32>() {
        Ok(number) if number > 0 => number,
        _ => {
            return Error::invalid(
                "version",
                format!("'{number}' is not a version number; versions count from 1"),
            )
            .into_response();
        }
    };
    respond(&app, &organization, Some(number), query)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn respond(
    app: &AppState,
    organization: &str,
    number: Option<i32>,
    query: NoticeQuery,
) -> Result<Response, Error> {
    let format = match query.format.as_deref() {
        None => Format::Html,
        Some(word) => Format::parse(word).ok_or_else(|| {
            Error::invalid(
                "format",
                format!("'{word}' is not a notice format; use html, md, text or json"),
            )
        })?,
    };
    let version = publish::version(&app.db, organization, number).await?;
    let mut response = (StatusCode::OK, content(&version, format).to_owned()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static("en"));
    if let Ok(tag) = HeaderValue::from_str(&format!("\"{}-{:?}\"", version.content_hash, format)) {
        headers.insert(header::ETAG, tag);
    }
    if let Ok(value) = HeaderValue::from_str(&version.number.to_string()) {
        headers.insert("x-notice-version", value);
    }
    let caching = if number.is_some() {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(caching));
    Ok(response)
}
