//! GraphQL over HTTP as client libraries expect it, and the other routes.

use std::future::IntoFuture;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ropa::http::HttpLimits;
use sea_orm::{ConnectionTrait, DatabaseBackend, TransactionTrait};
use serde_json::json;

use crate::support::{LIMITS, Reply, TestApp, each_backend};

/// A POST to /graphql with the app's admin token.
fn post(
    app: &TestApp,
    body: &str,
    content_type: Option<&str>,
    accept: Option<&str>,
) -> Request<Body> {
    let mut request = Request::post("/graphql").header(
        header::AUTHORIZATION,
        format!("Bearer {}", app.tokens.admin),
    );
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT, accept);
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

/// A GET with the app's admin token.
fn get(app: &TestApp, uri: &str, accept: Option<&str>) -> Request<Body> {
    anonymous_get(uri, accept, Some(&app.tokens.admin))
}

/// A GET with `token`, or none.
fn anonymous_get(uri: &str, accept: Option<&str>, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT, accept);
    }
    request.body(Body::empty()).unwrap()
}

const JSON: Option<&str> = Some("application/json");
const GRAPHQL_RESPONSE: Option<&str> = Some("application/graphql-response+json");

fn code(reply: &Reply) -> serde_json::Value {
    reply.json()["errors"][0]["extensions"]["code"].clone()
}

#[tokio::test]
async fn post_follows_the_graphql_over_http_rules() {
    let app = TestApp::sqlite().await;
    let query = json!({"query": "{ organizations { totalCount } }"}).to_string();

    let ok = app.send(post(&app, &query, JSON, None)).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.content_type(), "application/json; charset=utf-8");
    assert_eq!(
        ok.json(),
        json!({"data": {"organizations": {"totalCount": 0}}})
    );
    assert!(
        ok.headers.contains_key("x-request-id"),
        "every response carries its request id"
    );

    let modern = app
        .send(post(
            &app,
            &query,
            Some("application/json; charset=utf-8"),
            GRAPHQL_RESPONSE,
        ))
        .await;
    assert_eq!(modern.status, StatusCode::OK);
    assert_eq!(
        modern.content_type(),
        "application/graphql-response+json; charset=utf-8"
    );

    // Request errors: 400 under the new media type, with no `data` at all.
    let syntax = json!({"query": "{ organizations { "}).to_string();
    let broken = app.send(post(&app, &syntax, JSON, GRAPHQL_RESPONSE)).await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&broken), json!("BAD_REQUEST"));
    assert!(broken.json().get("data").is_none());
    let invalid = json!({"query": "{ organizations { nme } }"}).to_string();
    let unknown = app.send(post(&app, &invalid, JSON, GRAPHQL_RESPONSE)).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&unknown), json!("VALIDATION"));
    // ... and 200 under plain JSON, as older clients expect.
    let legacy = app.send(post(&app, &invalid, JSON, JSON)).await;
    assert_eq!(legacy.status, StatusCode::OK);
    assert_eq!(code(&legacy), json!("VALIDATION"));

    // A field error is a partial success: 200, with the data that could be had.
    let missing =
        json!({"query": r#"{ organization(key: "nobody") { key } organizations { totalCount } }"#})
            .to_string();
    let partial = app.send(post(&app, &missing, JSON, GRAPHQL_RESPONSE)).await;
    assert_eq!(partial.status, StatusCode::OK);
    assert_eq!(
        partial.json()["data"]["organizations"],
        json!({"totalCount": 0})
    );
    assert_eq!(code(&partial), json!("NOT_FOUND"));
}

#[tokio::test]
async fn malformed_requests_are_refused_with_the_right_status() {
    let app = TestApp::sqlite().await;
    let query = json!({"query": "{ organizations { totalCount } }"}).to_string();
    let cases = [
        (
            post(&app, &query, None, None),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            post(&app, &query, Some("text/plain"), None),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            post(&app, "{not json", JSON, None),
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
        ),
        (
            post(&app, r#"{"variables": {}}"#, JSON, None),
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
        ),
        (
            post(&app, &query, JSON, Some("text/xml")),
            StatusCode::NOT_ACCEPTABLE,
            "NOT_ACCEPTABLE",
        ),
        (
            post(&app, &"x".repeat(LIMITS.max_body_bytes + 1), JSON, None),
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
        ),
    ];
    for (request, status, expected) in cases {
        let reply = app.send(request).await;
        assert_eq!(
            reply.status,
            status,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(code(&reply), json!(expected));
    }
}

#[tokio::test]
async fn get_runs_queries_and_refuses_mutations() {
    let app = TestApp::sqlite().await;
    let reply = app
        .send(get(
            &app,
            "/graphql?query=%7B%20organizations%20%7B%20totalCount%20%7D%20%7D",
            JSON,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json(),
        json!({"data": {"organizations": {"totalCount": 0}}})
    );

    let mutation = "/graphql?query=mutation%20%7B%20createOrganization(input%3A%20%7Bkey%3A%20%22x%22%2C%20name%3A%20%22X%22%7D)%20%7B%20key%20%7D%20%7D";
    let refused = app.send(get(&app, mutation, JSON)).await;
    assert_eq!(refused.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(refused.headers.get(header::ALLOW).unwrap(), "POST");
    assert_eq!(app.count("organization").await, 0);

    let bare = app.send(get(&app, "/graphql", JSON)).await;
    assert_eq!(bare.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_browser_gets_graphiql() {
    let app = TestApp::sqlite().await;
    let page = app
        .send(get(
            &app,
            "/graphql",
            Some("text/html,application/xhtml+xml,*/*;q=0.8"),
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type().starts_with("text/html"));
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("graphiql"), "{html}");
}

#[tokio::test]
async fn health_answers_while_the_database_does() {
    each_backend(|app| async move {
        let reply = app.send(anonymous_get("/healthz", None, None)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json(), json!({"status": "ok"}));
    })
    .await;
}

#[tokio::test]
async fn queries_over_the_limits_are_refused_not_run() {
    let app = TestApp::sqlite().await;
    let mut deep = String::from("organization(key: \"x\") { key ");
    for _ in 0..20 {
        deep.push_str("parent { key ");
    }
    deep.push_str(&"}".repeat(21));
    let reply = app
        .send(post(
            &app,
            &json!({"query": format!("{{ {deep} }}")}).to_string(),
            JSON,
            GRAPHQL_RESPONSE,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&reply), json!("LIMIT_EXCEEDED"));

    let wide: String = (0..2500)
        .map(|n| format!("a{n}:organizations{{nodes{{id key name description address country email phone}}}} "))
        .collect();
    let reply = app
        .send(post(
            &app,
            &json!({"query": format!("{{ {wide} }}")}).to_string(),
            JSON,
            GRAPHQL_RESPONSE,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&reply), json!("LIMIT_EXCEEDED"));
}

#[tokio::test]
async fn a_real_server_answers_over_tcp() {
    let app = TestApp::sqlite().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(axum::serve(listener, app.router.clone()).into_future());
    let client = reqwest::Client::new();
    let reply = client
        .post(format!("http://{address}/graphql"))
        .bearer_auth(&app.tokens.editor)
        .json(&json!({"query": "mutation { createOrganization(input: {key: \"tcp\", name: \"Over TCP\"}) { key version } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), reqwest::StatusCode::OK);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(
        body,
        json!({"data": {"createOrganization": {"key": "tcp", "version": 1}}})
    );
    let health = client
        .get(format!("http://{address}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    server.abort();
}

#[tokio::test]
async fn a_request_that_runs_out_of_time_is_stopped_and_writes_nothing() {
    each_backend(|app| async move {
        let limits = HttpLimits {
            request_timeout: Duration::from_millis(300),
            ..LIMITS
        };
        let catalog = include_str!("../../seeds/catalog.toml");
        let apply = || {
            post(
                &app,
                &json!({"query": "mutation Apply($document: String!) { applyInventory(document: $document) { created } }",
                        "variables": {"document": catalog}})
                .to_string(),
                JSON,
                None,
            )
        };
        let entries = app.count("audit_entry").await;
        // Hold the database up: SQLite's one connection is taken; on
        // PostgreSQL the table the apply reads is locked.
        let blocker = app.db.begin().await.unwrap();
        if app.backend == DatabaseBackend::Postgres {
            blocker
                .execute_unprepared("LOCK TABLE purpose IN ACCESS EXCLUSIVE MODE")
                .await
                .unwrap();
        }
        let started = Instant::now();
        let reply = app.send_limited(limits, apply()).await;
        let waited = started.elapsed();
        blocker.rollback().await.unwrap();
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(code(&reply), json!("TIMEOUT"));
        assert!(
            waited < Duration::from_secs(5),
            "answered after {waited:?}, not at the limit"
        );
        assert_eq!(app.count("purpose").await, 0);
        assert_eq!(app.count("audit_entry").await, entries);
        // The server and its connections are fine afterwards.
        let reply = app.send_limited(limits, apply()).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(app.count("purpose").await > 0);
    })
    .await;
}
