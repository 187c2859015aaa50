//! The HTTP server: GraphQL over HTTP at `/graphql` (GraphiQL for a
//! browser), the Article 30 exports under `/export/article30/`, the
//! published notices under `/notices/` (public), and `/healthz`.

pub(crate) mod export;
mod notices;

use std::time::Duration;

use async_graphql::http::GraphiQLSource;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use sea_orm::DatabaseConnection;
use serde_json::json;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

use crate::config::ServeConfig;
use crate::domain::audit::Actor;
use crate::domain::token::{self, Principal};
use crate::domain::vocabulary::Role;
use crate::error::{Error, Result};
use crate::graphql::{self, AppSchema, access};
use crate::{db, demo};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub schema: AppSchema,
}

/// Limits on what one HTTP request may cost.
#[derive(Debug, Clone, Copy)]
pub struct HttpLimits {
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
}

pub fn router(state: AppState, limits: HttpLimits) -> Router {
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/export/article30/{file}", get(export::article30))
        .route("/notices/{organization}", get(notices::latest))
        .route(
            "/notices/{organization}/versions/{number}",
            get(notices::numbered),
        )
        .route("/healthz", get(healthz))
        .merge(crate::console::routes())
        .with_state(state)
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(request_span))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(CatchPanicLayer::new())
                .layer(middleware::from_fn_with_state(
                    limits.request_timeout,
                    time_limit,
                )),
        )
}

/// Stops a request that runs longer than `limit` and says so. Dropping it
/// rolls back the transaction it had open, so a change cut short is not
/// written at all.
async fn time_limit(
    State(limit): State<Duration>,
    request: Request<axum::body::Body>,
    next: Next,
) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(
                limit_secs = limit.as_secs_f64(),
                "a request ran out of time"
            );
            let message = format!(
                "the request took longer than the server allows ({} s) and was stopped; a change it had not finished was not written",
                limit.as_secs_f64()
            );
            refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "TIMEOUT",
                &message,
                MediaType::Json,
            )
        }
    }
}

/// The span of one request: method, path and request id. Never the query
/// string: a GET query carries GraphQL variables.
fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request.id = %id)
}

/// Runs the server until SIGINT or SIGTERM, then finishes the requests in
/// flight and stops.
pub async fn serve(config: ServeConfig) -> Result<()> {
    let db = db::open(&config.database.url).await?;
    let schema = graphql::schema(db.clone(), config.limits());
    if config.demo && demo::load_if_empty(&db).await? {
        tracing::info!("the database was empty: loaded the seed inventories");
    }
    if token::count_active(&db).await? == 0 {
        if config.demo {
            let actor = Actor::server("demo");
            let issued = token::create(&db, &actor, "demo-admin", Role::Admin).await?;
            // Printed, never logged: logs are kept and shipped, this secret must not be.
            println!(
                "No API token existed, so an admin token named `demo-admin` was created. It is shown only now:\n\n    {}\n\nIn GraphiQL, add the header {{\"Authorization\": \"Bearer {}\"}}.",
                issued.secret, issued.secret
            );
        } else {
            tracing::warn!(
                "no API token exists: create one with `ropa token create --name NAME --role admin`"
            );
        }
    }
    let listener = TcpListener::bind(config.listen).await?;
    let address = listener.local_addr()?;
    tracing::info!(%address, "listening; GraphiQL at http://{address}/graphql");
    let limits = HttpLimits {
        max_body_bytes: config.max_body_bytes,
        request_timeout: config.request_timeout(),
    };
    axum::serve(
        listener,
        router(
            AppState {
                db: db.clone(),
                schema,
            },
            limits,
        ),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    db.close().await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

async fn healthz(State(app): State<AppState>) -> Response {
    match app.db.ping().await {
        Ok(()) => (StatusCode::OK, axum::Json(json!({"status": "ok"}))).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
}

/// The two media types of the GraphQL-over-HTTP specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaType {
    /// `application/graphql-response+json`: status codes follow the outcome.
    GraphqlResponse,
    /// `application/json`: every well-formed request is answered with 200.
    Json,
}

impl MediaType {
    fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json; charset=utf-8",
        })
    }
}

/// Picks the response type from `Accept`; `None` when the client accepts
/// neither. No `Accept` at all means JSON, as older clients expect.
fn negotiate(headers: &HeaderMap) -> Option<MediaType> {
    let Some(accept) = headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
    else {
        return Some(MediaType::Json);
    };
    let accepted: Vec<String> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';').map(str::trim);
            let media = parts.next()?.to_ascii_lowercase();
            let refused = parts.any(|param| {
                matches!(
                    param.replace(' ', "").as_str(),
                    "q=0" | "q=0.0" | "q=0.00" | "q=0.000"
                )
            });
            (!refused).then_some(media)
        })
        .collect();
    if accepted
        .iter()
        .any(|media| media == "application/graphql-response+json")
    {
        Some(MediaType::GraphqlResponse)
    } else if accepted
        .iter()
        .any(|media| matches!(media.as_str(), "application/json" | "application/*" | "*/*"))
    {
        Some(MediaType::Json)
    } else {
        None
    }
}

/// An error answered before GraphQL runs, in the GraphQL response shape.
fn refuse(status: StatusCode, code: &str, message: &str, media: MediaType) -> Response {
    let body = json!({"errors": [{"message": message, "extensions": {"code": code}}]});
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, media.content_type());
    response
}

fn not_acceptable() -> Response {
    refuse(
        StatusCode::NOT_ACCEPTABLE,
        "NOT_ACCEPTABLE",
        "this endpoint answers with application/graphql-response+json or application/json",
        MediaType::Json,
    )
}

async fn graphql_post(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: std::result::Result<Bytes, BytesRejection>,
) -> Response {
    let Some(media) = negotiate(&headers) else {
        return not_acceptable();
    };
    let principal = match authenticate(&app, &headers, media).await {
        Ok(principal) => principal,
        Err(refusal) => return refusal,
    };
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "send the GraphQL request as JSON, with Content-Type: application/json",
            media,
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let status = rejection.status();
            let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "PAYLOAD_TOO_LARGE"
            } else {
                "BAD_REQUEST"
            };
            return refuse(status, code, &rejection.body_text(), media);
        }
    };
    match serde_json::from_slice::<async_graphql::Request>(&body) {
        Ok(request) => execute(&app, request, media, principal).await,
        Err(err) => refuse(
            StatusCode::BAD_REQUEST,
            graphql::errors::BAD_REQUEST,
            &format!(
                "the body is not a GraphQL request ({err}); send {{\"query\": \"...\", \"variables\": {{...}}}}"
            ),
            media,
        ),
    }
}

async fn graphql_get(
    State(app): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let browser = headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if query.is_empty() && browser {
        return Html(
            GraphiQLSource::build()
                .endpoint("/graphql")
                .title("ropa")
                .finish(),
        )
        .into_response();
    }
    let Some(media) = negotiate(&headers) else {
        return not_acceptable();
    };
    let principal = match authenticate(&app, &headers, media).await {
        Ok(principal) => principal,
        Err(refusal) => return refusal,
    };
    let request = match async_graphql::http::parse_query_string(&query) {
        Ok(request) => request,
        Err(err) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                graphql::errors::BAD_REQUEST,
                &format!("the query string is not a GraphQL request ({err}); pass ?query=..."),
                media,
            );
        }
    };
    if is_mutation(&request) {
        let mut response = refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "mutations must be sent with POST",
            media,
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    execute(&app, request, media, principal).await
}

/// Whether the operation a request would run is a mutation. A document that
/// does not parse is left for the executor to report.
fn is_mutation(request: &async_graphql::Request) -> bool {
    use async_graphql::parser::types::{DocumentOperations, OperationType};
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        return false;
    };
    let kind = match (&document.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(operation), _) => Some(operation.node.ty),
        (DocumentOperations::Multiple(operations), Some(name)) => {
            operations.get(name).map(|operation| operation.node.ty)
        }
        (DocumentOperations::Multiple(_), None) => None,
    };
    kind == Some(OperationType::Mutation)
}

/// The principal of the request's bearer token, or the 401 answer.
async fn authenticate(
    app: &AppState,
    headers: &HeaderMap,
    media: MediaType,
) -> std::result::Result<Principal, Response> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let found = match presented {
        Some(token) => token::authenticate(&app.db, token).await,
        None => Ok(None),
    };
    match found {
        Ok(Some(principal)) => Ok(principal),
        Ok(None) => {
            let error = Error::Unauthenticated;
            let mut response = refuse(
                StatusCode::UNAUTHORIZED,
                error.code(),
                &error.to_string(),
                media,
            );
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"ropa\""),
            );
            Err(response)
        }
        Err(error) => Err(error.into_response()),
    }
}

async fn execute(
    app: &AppState,
    request: async_graphql::Request,
    media: MediaType,
    principal: Principal,
) -> Response {
    if request.query.trim().is_empty() {
        return refuse(
            StatusCode::BAD_REQUEST,
            graphql::errors::BAD_REQUEST,
            "the request has no query; send {\"query\": \"...\"} (or ?query=... with GET)",
            media,
        );
    }
    let (needed, action) = access::required_role(&request.query, request.operation_name.as_deref());
    if let Err(error) = principal.require(needed, action) {
        return refuse(
            StatusCode::FORBIDDEN,
            error.code(),
            &error.to_string(),
            media,
        );
    }
    let response = graphql::execute(&app.schema, request, &app.db, principal).await;
    // A request error (a document that does not parse or validate) has no
    // data at all; field errors have a path.
    let request_error = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty());
    let mut body = match serde_json::to_value(&response) {
        Ok(body) => body,
        Err(err) => return Error::from(std::io::Error::other(err)).into_response(),
    };
    if request_error && let Some(fields) = body.as_object_mut() {
        fields.remove("data");
    }
    let status = if request_error && media == MediaType::GraphqlResponse {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut reply = (status, axum::Json(body)).into_response();
    reply
        .headers_mut()
        .insert(header::CONTENT_TYPE, media.content_type());
    reply
}

/// The HTTP status of each error code, for routes outside GraphQL.
pub fn status_of(error: &Error) -> StatusCode {
    match error {
        Error::NotFound { .. } | Error::NotLinked { .. } | Error::NotPublished { .. } => {
            StatusCode::NOT_FOUND
        }
        Error::Invalid { .. } | Error::InvalidInventory { .. } | Error::InvalidRecord { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Error::InUse { .. } | Error::Conflict { .. } => StatusCode::CONFLICT,
        Error::Unauthenticated => StatusCode::UNAUTHORIZED,
        Error::Forbidden { .. } => StatusCode::FORBIDDEN,
        Error::Template { .. } | Error::Findings { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Db(_) | Error::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let message = if self.is_internal() {
            tracing::error!(error = %self, "request failed");
            "internal error".to_owned()
        } else {
            self.to_string()
        };
        let body = json!({"errors": [{"message": message, "extensions": {"code": self.code()}}]});
        (status_of(&self), axum::Json(body)).into_response()
    }
}
