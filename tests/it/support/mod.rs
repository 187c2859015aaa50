//! The test application: the real router over a freshly migrated database,
//! on SQLite always and on PostgreSQL when `TEST_DATABASE_URL` names one.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use ropa::domain::audit::Actor;
use ropa::domain::token;
use ropa::domain::vocabulary::Role;
use ropa::graphql::{self, Limits};
use ropa::http::{AppState, HttpLimits, router};
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use serde_json::{Value, json};
use tower::ServiceExt;

pub mod fixtures;
pub mod process;
pub mod seeds;

pub const LIMITS: HttpLimits = HttpLimits {
    max_body_bytes: 256 * 1024,
    request_timeout: Duration::from_secs(30),
};

/// A token of each role, and a revoked one.
pub struct Tokens {
    pub viewer: String,
    pub editor: String,
    pub admin: String,
    pub revoked: String,
}

pub struct TestApp {
    pub db: DatabaseConnection,
    pub router: Router,
    pub backend: DatabaseBackend,
    pub tokens: Tokens,
    statements: Arc<AtomicUsize>,
    /// The latest statements' SQL, to show when a count is not what a test
    /// expected.
    recent_statements: Arc<Mutex<VecDeque<String>>>,
    cleanup: Option<(DatabaseConnection, String)>,
    /// The directory of a SQLite file.
    dir: Option<std::path::PathBuf>,
}

const RECENT_STATEMENTS: usize = 64;

/// What an HTTP exchange gave back.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!(
                "body is not JSON ({err}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }
}

impl TestApp {
    pub async fn sqlite() -> Self {
        // One connection: every connection to `:memory:` is its own database.
        let mut options = ConnectOptions::new("sqlite::memory:");
        options.max_connections(1).min_connections(1);
        let db = ropa::db::connect_with(options).await.expect("open SQLite");
        Self::migrated(db, None).await
    }

    /// SQLite in a file of its own, with the pool a server has (several
    /// connections), where `:memory:` has one. Its directory goes at
    /// [`TestApp::finish`].
    pub async fn sqlite_file(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("ropa-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a directory for the database");
        let url = format!("sqlite://{}?mode=rwc", dir.join("ropa.db").display());
        let db = ropa::db::connect(&url).await.expect("open SQLite");
        let mut app = Self::migrated(db, None).await;
        app.dir = Some(dir);
        app
    }

    pub async fn postgres(url: &str) -> Self {
        let admin = ropa::db::connect(url)
            .await
            .expect("connect to TEST_DATABASE_URL");
        sweep_old_schemas(&admin).await;
        let schema = unique_schema_name();
        admin
            .execute_unprepared(&format!("CREATE SCHEMA \"{schema}\""))
            .await
            .expect("create test schema");
        let mut options = ConnectOptions::new(url);
        options
            .set_schema_search_path(schema.clone())
            .max_connections(4);
        let db = ropa::db::connect_with(options)
            .await
            .expect("connect to test schema");
        Self::migrated(db, Some((admin, schema))).await
    }

    async fn migrated(
        mut db: DatabaseConnection,
        cleanup: Option<(DatabaseConnection, String)>,
    ) -> Self {
        ropa::telemetry::init_for_test();
        ropa::db::migrate(&db).await.expect("migrations run");
        let statements = Arc::new(AtomicUsize::new(0));
        let counter = statements.clone();
        let recent_statements = Arc::new(Mutex::new(VecDeque::new()));
        let recent = recent_statements.clone();
        db.set_metric_callback(move |info| {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut recent = recent
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if recent.len() == RECENT_STATEMENTS {
                recent.pop_front();
            }
            recent.push_back(info.statement.sql.chars().take(160).collect());
        });
        let schema = graphql::schema(db.clone(), Limits::default());
        let router = router(
            AppState {
                db: db.clone(),
                schema,
            },
            LIMITS,
        );
        let issue = |name: &'static str, role: Role| {
            let db = db.clone();
            async move {
                token::create(&db, &Actor::server("tests"), name, role)
                    .await
                    .expect("token")
                    .secret
            }
        };
        let tokens = Tokens {
            viewer: issue("test-viewer", Role::Viewer).await,
            editor: issue("test-editor", Role::Editor).await,
            admin: issue("test-admin", Role::Admin).await,
            revoked: issue("test-revoked", Role::Admin).await,
        };
        token::revoke(&db, &Actor::server("tests"), "test-revoked")
            .await
            .expect("revoke");
        TestApp {
            backend: db.get_database_backend(),
            db,
            router,
            tokens,
            statements,
            recent_statements,
            cleanup,
            dir: None,
        }
    }

    /// A second, empty database on the same backend (finish it too).
    pub async fn another(&self) -> TestApp {
        match self.backend {
            DatabaseBackend::Postgres => {
                let url =
                    std::env::var("TEST_DATABASE_URL").expect("a PostgreSQL test has its URL");
                TestApp::postgres(&url).await
            }
            _ => TestApp::sqlite().await,
        }
    }

    /// Drops the PostgreSQL schema of this test, or its SQLite file.
    pub async fn finish(self) {
        if let Some(dir) = &self.dir {
            let _ = self.db.clone().close().await;
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((admin, schema)) = self.cleanup {
            let _ = self.db.close().await;
            admin
                .execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                .await
                .expect("drop test schema");
        }
    }

    /// How many SQL statements the application has run so far.
    pub fn statements(&self) -> usize {
        self.statements.load(Ordering::SeqCst)
    }

    /// The SQL of the last `count` statements (at most the last
    /// `RECENT_STATEMENTS`), oldest first.
    pub fn last_statements(&self, count: usize) -> Vec<String> {
        let recent = self
            .recent_statements
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        recent
            .iter()
            .skip(recent.len().saturating_sub(count))
            .cloned()
            .collect()
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        exchange(self.router.clone(), request).await
    }

    /// Sends `request` through a router over the same database with other
    /// HTTP limits.
    pub async fn send_limited(&self, limits: HttpLimits, request: Request<Body>) -> Reply {
        let state = AppState {
            db: self.db.clone(),
            schema: graphql::schema(self.db.clone(), Limits::default()),
        };
        exchange(router(state, limits), request).await
    }

    /// Gets `path` with `token` (none: anonymous).
    pub async fn get_as(&self, token: Option<&str>, path: &str) -> Reply {
        let mut request = Request::get(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(Body::empty()).expect("request builds"))
            .await
    }

    /// Gets `path` as a viewer; it must succeed.
    pub async fn download(&self, path: &str) -> Reply {
        let reply = self.get_as(Some(&self.tokens.viewer), path).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{path}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        reply
    }

    /// Posts a GraphQL request with `token` (none: anonymous).
    pub async fn graphql_as(&self, token: Option<&str>, query: &str, variables: Value) -> Reply {
        let body = json!({"query": query, "variables": variables});
        let mut request =
            Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(
            request
                .body(Body::from(body.to_string()))
                .expect("request builds"),
        )
        .await
    }

    /// Posts a GraphQL request as an admin and returns the whole response body.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        let reply = self
            .graphql_as(Some(&self.tokens.admin), query, variables)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        reply.json()
    }

    /// Posts a GraphQL request that must succeed, and returns its data.
    pub async fn ok(&self, query: &str, variables: Value) -> Value {
        let response = self.graphql(query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors on {:?}: {response:#}",
            self.backend
        );
        response["data"].clone()
    }

    /// Posts a GraphQL request that must fail, and returns its first error.
    pub async fn error(&self, query: &str, variables: Value) -> Value {
        let response = self.graphql(query, variables).await;
        let errors = response["errors"].as_array().cloned().unwrap_or_default();
        assert!(!errors.is_empty(), "expected an error, got {response:#}");
        errors[0].clone()
    }

    /// Rows in a table: what tests use to prove nothing was written.
    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(Statement::from_string(
                self.backend,
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query")
            .expect("a count row");
        row.try_get::<i64>("", "n").expect("count value")
    }
}

/// One request through `router`, and its whole answer.
async fn exchange(router: Router, request: Request<Body>) -> Reply {
    let response = router.oneshot(request).await.expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body reads")
        .to_bytes();
    Reply {
        status,
        headers,
        body,
    }
}

/// Runs a test body on SQLite, then on PostgreSQL when `TEST_DATABASE_URL` is set.
pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Arc<TestApp>) -> Fut,
    Fut: Future<Output = ()>,
{
    let app = Arc::new(TestApp::sqlite().await);
    test(app.clone()).await;
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            let app = Arc::new(TestApp::postgres(&url).await);
            test(app.clone()).await;
            if let Ok(app) = Arc::try_unwrap(app) {
                app.finish().await;
            }
        }
        _ => eprintln!("PostgreSQL leg skipped: TEST_DATABASE_URL is not set"),
    }
}

pub fn unique_schema_name() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "test_{}_{}_{}_{}",
        now.as_secs(),
        std::process::id(),
        now.subsec_nanos(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

/// Drops schemas that tests older than an hour left behind (a test that
/// panics does not clean up); younger ones may belong to running tests.
pub async fn sweep_old_schemas(admin: &DatabaseConnection) {
    let cutoff = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
        .saturating_sub(3600);
    let rows = admin
        .query_all_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'test\\_%'",
        ))
        .await
        .unwrap_or_default();
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "nspname") else {
            continue;
        };
        let created = name
            .split('_')
            .nth(1)
            .and_then(|secs| secs.parse::<u64>().ok());
        if created.is_some_and(|secs| secs < cutoff) {
            let _ = admin
                .execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE"))
                .await;
        }
    }
}
