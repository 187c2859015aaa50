//! Signing in to the console: the API token a person pastes once is kept
//! in an HTTP-only, same-site cookie, and every page checks it as the API
//! checks a bearer token, so the console has exactly the API's permissions.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::domain::audit::Actor;
use crate::domain::token::{self, Principal};
use crate::http::AppState;

/// The cookie holding the token of the signed-in person.
pub const COOKIE: &str = "ropa_session";

/// How long a sign-in lasts: a working day.
const LIFETIME_SECONDS: u32 = 8 * 60 * 60;

/// The signed-in person of a console request.
#[derive(Debug, Clone)]
pub struct Session {
    pub principal: Principal,
}

impl Session {
    pub fn actor(&self) -> Actor {
        Actor::token(&self.principal)
    }
}

impl<S> FromRequestParts<S> for Session
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let to_sign_in = || {
            let next = parts.uri.path_and_query().map_or("/", |path| path.as_str());
            Redirect::to(&format!("/sign-in?next={}", encode(next))).into_response()
        };
        let Some(secret) = cookie(&parts.headers, COOKIE) else {
            return Err(to_sign_in());
        };
        match token::authenticate(&app.db, &secret).await {
            Ok(Some(principal)) => Ok(Session { principal }),
            Ok(None) => Err(to_sign_in()),
            Err(error) => Err(super::problem(&error)),
        }
    }
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"').to_owned())
}

/// The `Set-Cookie` that signs in with `secret`. `SameSite=Strict` keeps
/// other sites from sending it (no cross-site request can act as the
/// person); `HttpOnly` keeps scripts from reading it. `Secure` is added
/// when the request came over HTTPS, so the cookie never travels in clear
/// afterwards.
pub fn sign_in_cookie(secret: &str, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={LIFETIME_SECONDS}{secure}"
    ))
    .ok()
}

/// Whether the browser reached us over HTTPS. ropa itself speaks plain
/// HTTP, so HTTPS means a proxy in front that says so (`X-Forwarded-Proto`,
/// or the standard `Forwarded`). Believing a forged header costs only the
/// forger: their cookie would then not be sent back over plain HTTP.
pub fn over_https(headers: &HeaderMap) -> bool {
    let header_text = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_ascii_lowercase)
    };
    let forwarded_proto = header_text("x-forwarded-proto")
        .is_some_and(|proto| proto.split(',').next().map(str::trim) == Some("https"));
    let forwarded = header_text("forwarded").is_some_and(|forwarded| {
        forwarded
            .split(',')
            .next()
            .into_iter()
            .flat_map(|first| first.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(key, value)| key == "proto" && value.trim_matches('"') == "https")
    });
    forwarded_proto || forwarded
}

pub fn sign_out_cookie() -> HeaderValue {
    HeaderValue::from_static("ropa_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// Whether a form was sent from one of the console's own pages. Browsers
/// say where a request comes from (`Sec-Fetch-Site`, `Origin`); a request
/// from another site is refused even though the cookie would not be sent
/// with it anyway.
pub fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok())
    {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
    else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority == host)
}

/// Where to go after signing in: only a path on this site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Percent-encodes a path for a query string.
pub fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~' | b'/') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/activities/x?q=1")), "/activities/x?q=1");
        assert_eq!(safe_next(Some("//evil.example/")), "/");
        assert_eq!(safe_next(Some("https://evil.example/")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn the_cookie_is_secure_when_a_proxy_says_the_browser_used_https() {
        let with = |name: &'static str, value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(name, HeaderValue::from_static(value));
            over_https(&headers)
        };
        assert!(!over_https(&HeaderMap::new()));
        assert!(with("x-forwarded-proto", "https"));
        assert!(with("x-forwarded-proto", "HTTPS, http"));
        assert!(!with("x-forwarded-proto", "http"));
        assert!(with(
            "forwarded",
            "for=192.0.2.60;proto=https;by=203.0.113.43"
        ));
        assert!(with("forwarded", "proto=\"https\", proto=http"));
        assert!(!with("forwarded", "for=192.0.2.60;proto=http"));
        let cookie = |secure| sign_in_cookie("s3cret", secure).unwrap();
        assert!(cookie(true).to_str().unwrap().ends_with("; Secure"));
        assert!(!cookie(false).to_str().unwrap().contains("Secure"));
    }

    #[test]
    fn forms_from_other_sites_are_refused() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(same_origin(&headers), "no browser headers: not a browser");
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&headers));
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&headers));
        headers.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(same_origin(&headers));
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; ropa_session=ropa_abc; other=1"),
        );
        assert_eq!(cookie(&headers, COOKIE).as_deref(), Some("ropa_abc"));
        assert_eq!(cookie(&headers, "missing"), None);
    }
}
