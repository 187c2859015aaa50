//! The web console: pages for the privacy team, served by the same binary
//! and rendered on the server through the same template engine as the
//! notices. Pages read without scripts; htmx (vendored) only makes search
//! answer as one types. Every page acts as the signed-in token through the
//! same domain services, so a viewer reads and an editor edits, exactly as
//! with the API.

pub mod form;
pub mod query;
pub mod session;
pub mod views;

use std::sync::OnceLock;

use axum::Form;
use axum::Router;
use axum::extract::Request;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use minijinja::{Environment, Value, context};
use serde::Deserialize;

use crate::domain::activity;
use crate::domain::activity_form;
use crate::domain::kind::EntityKind;
use crate::domain::token;
use crate::domain::vocabulary::Role;
use crate::error::{Error, Result};
use crate::graph::Inventory;
use crate::http::{AppState, status_of};
use crate::lint;
use crate::notice::{self, Jurisdiction, publish};
use form::ActivityForm;
use query::PageQuery;
use session::Session;

const TEMPLATES: [(&str, &str); 12] = [
    ("base.html", include_str!("templates/base.html")),
    ("sign_in.html", include_str!("templates/sign_in.html")),
    ("home.html", include_str!("templates/home.html")),
    ("list.html", include_str!("templates/list.html")),
    ("search.html", include_str!("templates/search.html")),
    ("entity.html", include_str!("templates/entity.html")),
    (
        "organization.html",
        include_str!("templates/organization.html"),
    ),
    (
        "activity_form.html",
        include_str!("templates/activity_form.html"),
    ),
    ("findings.html", include_str!("templates/findings.html")),
    ("map.html", include_str!("templates/map.html")),
    ("notice.html", include_str!("templates/notice.html")),
    ("problem.html", include_str!("templates/problem.html")),
];

const ASSETS: [(&str, &str, &str); 3] = [
    (
        "console.css",
        "text/css; charset=utf-8",
        include_str!("assets/console.css"),
    ),
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/htmx.min.js"),
    ),
    (
        "htmx.LICENSE",
        "text/plain; charset=utf-8",
        include_str!("assets/htmx.LICENSE"),
    ),
];

/// The console's templates, compiled once. They are part of the binary, so
/// one that does not parse is a bug the tests catch, not bad input.
fn templates() -> &'static Environment<'static> {
    static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
    ENVIRONMENT.get_or_init(|| {
        let mut environment = Environment::new();
        environment.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, source) in TEMPLATES {
            if let Err(err) = environment.add_template(name, source) {
                tracing::error!(template = name, error = %err, "a console template does not parse");
            }
        }
        environment
    })
}

/// The console's routes; they sit beside `/graphql`, `/export` and
/// `/notices` on the same server.
pub fn routes() -> Router<AppState> {
    let router = Router::new()
        .route("/", get(home))
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/search", get(search))
        .route("/assets/{file}", get(asset))
        .route("/activities/new", get(new_activity).post(create_activity))
        .route(
            "/activities/{key}/edit",
            get(edit_activity).post(save_activity),
        )
        .route("/organizations/{key}/findings", get(findings))
        .route("/organizations/{key}/map", get(map_page))
        .route("/organizations/{key}/map.svg", get(map_svg))
        .route("/organizations/{key}/map.dot", get(map_dot))
        .route(
            "/organizations/{key}/notice",
            get(notice_page).post(publish_notice),
        )
        .route("/downloads/article30/{file}", get(download_article30))
        .layer(axum::middleware::from_fn(private));
    let mut pages = Router::new();
    for kind in EntityKind::ALL {
        let collection = views::collection(kind);
        pages = pages
            .route(
                &format!("/{collection}"),
                get(move |state, session, query| list(kind, state, session, query)),
            )
            .route(
                &format!("/{collection}/{{key}}"),
                get(move |state, session, path, query| show(kind, state, session, path, query)),
            );
    }
    router.merge(pages.layer(axum::middleware::from_fn(private)))
}

/// A page from `template` with `values`, and who is signed in.
fn page(session: Option<&Session>, template: &str, values: Value) -> Response {
    page_with_status(StatusCode::OK, session, template, values)
}

fn page_with_status(
    status: StatusCode,
    session: Option<&Session>,
    template: &str,
    values: Value,
) -> Response {
    let me = session.map(|session| {
        context! {
            name => session.principal.name.clone(),
            role => session.principal.role.to_string(),
            can_edit => session.principal.role >= Role::Editor,
            can_publish => session.principal.role >= Role::Admin,
        }
    });
    let rendered = templates()
        .get_template(template)
        .and_then(|template| template.render(context! { me, ..values }));
    match rendered {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(template, error = %err, "a console page did not render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><title>Error</title><p>internal error</p>".to_owned()),
            )
                .into_response()
        }
    }
}

/// The page for an error, with the status the API would give it.
pub fn problem(error: &Error) -> Response {
    let message = if error.is_internal() {
        tracing::error!(error = %error, "a console request failed");
        "internal error".to_owned()
    } else {
        error.to_string()
    };
    page_with_status(
        status_of(error),
        None,
        "problem.html",
        context! { message, code => error.code() },
    )
}

fn refused(session: &Session, error: &Error) -> Response {
    page_with_status(
        status_of(error),
        Some(session),
        "problem.html",
        context! { message => error.to_string(), code => error.code() },
    )
}

fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

async fn graph(app: &AppState) -> Result<Inventory> {
    Inventory::load_current(&app.db).await
}

async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, body)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => problem(&Error::invalid(
            "file",
            format!("there is no asset `{file}`"),
        )),
    }
}

#[derive(Debug, Deserialize)]
struct SignInQuery {
    next: Option<String>,
}

async fn sign_in_page(PageQuery(query): PageQuery<SignInQuery>) -> Response {
    page(
        None,
        "sign_in.html",
        context! { next => session::safe_next(query.next.as_deref()), error => None::<String> },
    )
}

#[derive(Debug, Deserialize)]
struct SignInForm {
    token: String,
    next: Option<String>,
}

async fn sign_in(
    State(app): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    if !session::same_origin(&headers) {
        return problem(&Error::Forbidden {
            role: Role::Viewer,
            needed: Role::Viewer,
            action: "sign in from another site".into(),
        });
    }
    let next = session::safe_next(form.next.as_deref());
    let secret = form.token.trim();
    match token::authenticate(&app.db, secret).await {
        Ok(Some(_)) => {
            let mut response = see_other(&next);
            let secure = session::over_https(&headers);
            if let Some(cookie) = session::sign_in_cookie(secret, secure) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
        }
        Ok(None) => page_with_status(
            StatusCode::UNAUTHORIZED,
            None,
            "sign_in.html",
            context! {
                next,
                error => "That token is not valid: it may be mistyped, revoked, or from another server. Ask an admin for a token (`ropa token create`).",
            },
        ),
        Err(error) => problem(&error),
    }
}

async fn sign_out() -> Response {
    let mut response = see_other("/sign-in");
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::sign_out_cookie());
    response
}

async fn home(State(app): State<AppState>, session: Session) -> Response {
    let graph = match graph(&app).await {
        Ok(graph) => graph,
        Err(error) => return problem(&error),
    };
    let findings = lint::lint(&graph, None, today()).unwrap_or_default();
    let organizations: Vec<Value> = graph
        .organizations
        .all()
        .iter()
        .filter(|org| graph.activities.all().iter().any(|a| a.organization_id == org.id))
        .map(|org| {
            let mine = |severity| {
                findings
                    .iter()
                    .filter(|f| f.organization == org.key && f.severity == severity)
                    .count()
            };
            context! {
                name => org.name.clone(),
                href => views::href(EntityKind::Organization, &org.key),
                key => org.key.clone(),
                activities => graph.activities.all().iter().filter(|a| a.organization_id == org.id).count(),
                errors => mine(lint::codes::Severity::Error),
                warnings => mine(lint::codes::Severity::Warning),
            }
        })
        .collect();
    let kinds: Vec<Value> = EntityKind::ALL
        .iter()
        .map(|&kind| {
            context! {
                heading => views::plural(kind),
                href => format!("/{}", views::collection(kind)),
                count => views::entities(&graph, kind).len(),
            }
        })
        .collect();
    page(
        Some(&session),
        "home.html",
        context! { organizations, kinds },
    )
}

#[derive(Debug, Deserialize, Default)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

async fn search(
    State(app): State<AppState>,
    session: Session,
    PageQuery(query): PageQuery<SearchQuery>,
) -> Response {
    match graph(&app).await {
        Ok(graph) => page(
            Some(&session),
            "search.html",
            context! { groups => Value::from(minijinja::value::Serde(views::search(&graph, &query.q))), q => query.q },
        ),
        Err(error) => problem(&error),
    }
}

async fn list(
    kind: EntityKind,
    State(app): State<AppState>,
    session: Session,
    PageQuery(query): PageQuery<SearchQuery>,
) -> Response {
    match graph(&app).await {
        Ok(graph) => page(
            Some(&session),
            "list.html",
            context! {
                heading => views::plural(kind),
                collection => views::collection(kind),
                activities_column => kind != EntityKind::ProcessingActivity,
                rows => Value::from(minijinja::value::Serde(views::list(&graph, kind, &query.q))),
                q => query.q,
            },
        ),
        Err(error) => problem(&error),
    }
}

#[derive(Debug, Deserialize, Default)]
struct ShowQuery {
    saved: Option<i32>,
}

async fn show(
    kind: EntityKind,
    State(app): State<AppState>,
    session: Session,
    Path(key): Path<String>,
    PageQuery(query): PageQuery<ShowQuery>,
) -> Response {
    let graph = match graph(&app).await {
        Ok(graph) => graph,
        Err(error) => return problem(&error),
    };
    let organization = match kind {
        EntityKind::Organization => Some(key.clone()),
        EntityKind::ProcessingActivity => graph
            .activities
            .by_key(&key)
            .and_then(|activity| graph.organizations.get(activity.organization_id))
            .map(|org| org.key.clone()),
        _ => None,
    };
    let findings = organization
        .as_deref()
        .and_then(|org| lint::lint(&graph, Some(org), today()).ok())
        .unwrap_or_default();
    if kind == EntityKind::Organization {
        return match views::organization_page(&graph, &key, &findings) {
            Some(organization) => page(
                Some(&session),
                "organization.html",
                context! { organization => Value::from(minijinja::value::Serde(organization)) },
            ),
            None => refused(&session, &Error::not_found(kind, key)),
        };
    }
    match views::entity_page(&graph, kind, &key, &findings) {
        Some(entity) => page(
            Some(&session),
            "entity.html",
            context! {
                entity => Value::from(minijinja::value::Serde(entity)),
                editable => kind == EntityKind::ProcessingActivity,
                saved => query.saved,
            },
        ),
        None => refused(&session, &Error::not_found(kind, key)),
    }
}

#[derive(Debug, Deserialize, Default)]
struct NewQuery {
    organization: Option<String>,
}

/// The activity form, with what a save found wrong.
fn form_page(
    status: StatusCode,
    session: &Session,
    graph: &Inventory,
    form: &ActivityForm,
    errors: &form::Errors,
    banner: Option<String>,
) -> Response {
    let creating = form.key.is_empty() || form.version == 0;
    page_with_status(
        status,
        Some(session),
        "activity_form.html",
        context! {
            form => Value::from(minijinja::value::Serde(form)),
            creating,
            options => Value::from(minijinja::value::Serde(form::options(graph, &form.organization))),
            errors => Value::from(minijinja::value::Serde(&errors.0)),
            banner,
        },
    )
}

async fn new_activity(
    State(app): State<AppState>,
    session: Session,
    PageQuery(query): PageQuery<NewQuery>,
) -> Response {
    if let Err(error) = session.principal.require(Role::Editor, "add an activity") {
        return refused(&session, &error);
    }
    let graph = match graph(&app).await {
        Ok(graph) => graph,
        Err(error) => return problem(&error),
    };
    let organization = query.organization.unwrap_or_default();
    form_page(
        StatusCode::OK,
        &session,
        &graph,
        &ActivityForm::blank(&organization),
        &form::Errors::default(),
        None,
    )
}

async fn edit_activity(
    State(app): State<AppState>,
    session: Session,
    Path(key): Path<String>,
) -> Response {
    if let Err(error) = session.principal.require(Role::Editor, "edit an activity") {
        return refused(&session, &error);
    }
    let graph = match graph(&app).await {
        Ok(graph) => graph,
        Err(error) => return problem(&error),
    };
    match ActivityForm::of_activity(&graph, &key) {
        Some(form) => form_page(
            StatusCode::OK,
            &session,
            &graph,
            &form,
            &form::Errors::default(),
            None,
        ),
        None => refused(
            &session,
            &Error::not_found(EntityKind::ProcessingActivity, key),
        ),
    }
}

/// Checks a form submission before anything is written.
fn check_post(session: &Session, headers: &HeaderMap, action: &str) -> Option<Response> {
    if !session::same_origin(headers) {
        return Some(refused(
            session,
            &Error::invalid(
                "origin",
                "the form was sent from another site; nothing was saved",
            ),
        ));
    }
    session
        .principal
        .require(Role::Editor, action)
        .err()
        .map(|error| refused(session, &error))
}

async fn save_activity(
    State(app): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(key): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if let Some(refusal) = check_post(&session, &headers, "edit an activity") {
        return refusal;
    }
    let mut form = ActivityForm::submitted(&pairs);
    form.key = key.clone();
    let saved = match form.replacement() {
        Ok(input) => activity_form::replace(&app.db, &session.actor(), &key, form.version, input)
            .await
            .map_err(Refusal::Domain),
        Err(errors) => Err(Refusal::Form(errors)),
    };
    match saved {
        Ok(saved) => see_other(&format!(
            "{}?saved={}",
            views::href(EntityKind::ProcessingActivity, &saved.key),
            saved.version
        )),
        Err(refusal) => form_refused(&app, &session, form, refusal).await,
    }
}

async fn create_activity(
    State(app): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if let Some(refusal) = check_post(&session, &headers, "add an activity") {
        return refusal;
    }
    let mut form = ActivityForm::submitted(&pairs);
    form.version = 0;
    let created = match form.creation() {
        Ok(input) => activity::create(&app.db, &session.actor(), input)
            .await
            .map_err(Refusal::Domain),
        Err(errors) => Err(Refusal::Form(errors)),
    };
    match created {
        Ok(created) => see_other(&format!(
            "{}?saved={}",
            views::href(EntityKind::ProcessingActivity, &created.key),
            created.version
        )),
        Err(refusal) => form_refused(&app, &session, form, refusal).await,
    }
}

/// Why a form was not saved.
enum Refusal {
    /// Problems found in the form itself.
    Form(form::Errors),
    /// The domain refused the change.
    Domain(Error),
}

/// The form again, as the person filled it in, with what stopped the save.
async fn form_refused(
    app: &AppState,
    session: &Session,
    form: ActivityForm,
    refusal: Refusal,
) -> Response {
    let graph = match graph(app).await {
        Ok(graph) => graph,
        Err(error) => return problem(&error),
    };
    let correct = "Nothing was saved. Correct the fields marked below and save again.";
    let (status, errors, banner) = match refusal {
        Refusal::Form(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, correct.to_owned()),
        Refusal::Domain(Error::Invalid { field, reason, .. }) => {
            let mut errors = form::Errors::default();
            errors.add(&field, reason);
            (StatusCode::UNPROCESSABLE_ENTITY, errors, correct.to_owned())
        }
        Refusal::Domain(error @ Error::Conflict { .. }) => (
            StatusCode::CONFLICT,
            form::Errors::default(),
            format!(
                "Someone else saved this activity after you opened it ({error}). Nothing was saved, so their changes stand. Your entries are still below: open the saved version in a new tab, then make your changes there."
            ),
        ),
        Refusal::Domain(error) if error.is_internal() => return problem(&error),
        Refusal::Domain(error) => (
            status_of(&error),
            form::Errors::default(),
            format!("Nothing was saved: {error}"),
        ),
    };
    form_page(
        status,
        session,
        &graph,
        &form.again(),
        &errors,
        Some(banner),
    )
}

#[derive(Debug, Deserialize, Default)]
struct AsOfQuery {
    #[serde(default, deserialize_with = "query::optional_date")]
    as_of: Option<NaiveDate>,
}

async fn findings(
    State(app): State<AppState>,
    session: Session,
    Path(key): Path<String>,
    PageQuery(query): PageQuery<AsOfQuery>,
) -> Response {
    let graph = match graph(&app).await {
        Ok(graph) => graph,
        Err(error) => return problem(&error),
    };
    let as_of = query.as_of.unwrap_or_else(today);
    match lint::lint(&graph, Some(&key), as_of) {
        Ok(findings) => {
            let name = graph
                .organizations
                .by_key(&key)
                .map(|org| org.name.clone())
                .unwrap_or_default();
            page(
                Some(&session),
                "findings.html",
                context! {
                    organization => context! { href => views::href(EntityKind::Organization, &key), key, name },
                    as_of => as_of.to_string(),
                    findings => Value::from(minijinja::value::Serde(views::finding_rows(&graph, &findings))),
                },
            )
        }
        Err(error) => refused(&session, &error),
    }
}

#[derive(Debug, Deserialize, Default)]
struct MapQuery {
    #[serde(default, deserialize_with = "query::optional_date")]
    as_of: Option<NaiveDate>,
    /// One activity's flows instead of the whole organisation's.
    activity: Option<String>,
}

impl MapQuery {
    fn activity(&self) -> Option<&str> {
        self.activity.as_deref().filter(|key| !key.is_empty())
    }
}

/// The organisation's data-flow map (or one activity's) on a date, drawn
/// inline, with its transfers listed below as a table that links to the
/// entries.
async fn map_page(
    State(app): State<AppState>,
    session: Session,
    Path(key): Path<String>,
    PageQuery(query): PageQuery<MapQuery>,
) -> Response {
    let as_of = query.as_of.unwrap_or_else(today);
    let map = match graph(&app)
        .await
        .and_then(|graph| crate::map::build(&graph, &key, query.activity(), as_of))
    {
        Ok(map) => map,
        Err(error) => return refused(&session, &error),
    };
    let drawing = match crate::map::svg(&map) {
        Ok(drawing) => drawing,
        Err(error) => return problem(&error),
    };
    let transfers = views::map_transfers(&map);
    let invalid = transfers
        .iter()
        .filter(|row| !row.invalid_because.is_empty())
        .count();
    page(
        Some(&session),
        "map.html",
        context! {
            organization => context! { href => views::href(EntityKind::Organization, &key), name => map.organization_name.clone(), key },
            activity => map.activity.as_ref().map(|activity| context! {
                href => views::href(EntityKind::ProcessingActivity, &activity.key),
                key => activity.key.clone(),
                name => activity.name.clone(),
            }),
            subject => map.subject(),
            as_of => as_of.to_string(),
            dated => query.as_of.is_some(),
            // The drawing is our own SVG writer's output, with every label
            // escaped there; it goes into the page as markup.
            drawing => Value::from_safe_string(drawing),
            transfers => Value::from(minijinja::value::Serde(transfers)),
            invalid,
        },
    )
}

async fn map_svg(
    State(app): State<AppState>,
    session: Session,
    Path(key): Path<String>,
    PageQuery(query): PageQuery<MapQuery>,
) -> Response {
    map_file(&app, &session, &key, &query, MapFile::Svg).await
}

async fn map_dot(
    State(app): State<AppState>,
    session: Session,
    Path(key): Path<String>,
    PageQuery(query): PageQuery<MapQuery>,
) -> Response {
    map_file(&app, &session, &key, &query, MapFile::Dot).await
}

#[derive(Clone, Copy)]
enum MapFile {
    Svg,
    Dot,
}

/// The map as a file to save or to draw elsewhere (Graphviz takes the DOT).
async fn map_file(
    app: &AppState,
    session: &Session,
    key: &str,
    query: &MapQuery,
    file: MapFile,
) -> Response {
    let as_of = query.as_of.unwrap_or_else(today);
    let map = match graph(app)
        .await
        .and_then(|graph| crate::map::build(&graph, key, query.activity(), as_of))
    {
        Ok(map) => map,
        Err(error) => return refused(session, &error),
    };
    let (body, content_type, extension) = match file {
        MapFile::Svg => match crate::map::svg(&map) {
            Ok(svg) => (svg, "image/svg+xml", "svg"),
            Err(error) => return problem(&error),
        },
        MapFile::Dot => (crate::map::dot(&map), "text/vnd.graphviz", "dot"),
    };
    let drawn = query.activity().unwrap_or(key);
    let disposition = format!("attachment; filename=\"{drawn}-map-{as_of}.{extension}\"");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The jurisdictions named in a query or form (`jurisdiction=gdpr&...`).
fn jurisdictions(pairs: &[(String, String)]) -> Vec<Jurisdiction> {
    let mut chosen: Vec<Jurisdiction> = pairs
        .iter()
        .filter(|(name, _)| name == "jurisdiction")
        .filter_map(|(_, value)| Jurisdiction::parse(value))
        .collect();
    chosen.sort();
    chosen.dedup();
    chosen
}

async fn notice_page(
    State(app): State<AppState>,
    session: Session,
    Path(key): Path<String>,
    PageQuery(pairs): PageQuery<Vec<(String, String)>>,
) -> Response {
    let published = pairs
        .iter()
        .find(|(name, _)| name == "published")
        .map(|(_, number)| number.clone());
    let outcome = published.map(|number| format!("Version {number} is published."));
    notice_view(
        &app,
        &session,
        &key,
        jurisdictions(&pairs),
        StatusCode::OK,
        outcome,
        None,
    )
    .await
}

/// The notice as it would be published now, beside the published one.
async fn notice_view(
    app: &AppState,
    session: &Session,
    key: &str,
    mut chosen: Vec<Jurisdiction>,
    status: StatusCode,
    outcome: Option<String>,
    error: Option<(String, String)>,
) -> Response {
    let graph = match graph(app).await {
        Ok(graph) => graph,
        Err(error) => return problem(&error),
    };
    let versions = match publish::versions(&app.db, key).await {
        Ok(versions) => versions,
        Err(error) => return problem(&error),
    };
    let latest = versions.last();
    if chosen.is_empty() {
        chosen = latest
            .map(|version| {
                version
                    .jurisdictions
                    .split(',')
                    .filter_map(Jurisdiction::parse)
                    .collect()
            })
            .unwrap_or_else(|| vec![Jurisdiction::Gdpr]);
    }
    let model = match notice::notice(&graph, key, &chosen) {
        Ok(model) => model,
        Err(error) => return refused(session, &error),
    };
    let html = match notice::render(&model, notice::Format::Html, &notice::Templates::default()) {
        Ok(html) => html,
        Err(error) => return problem(&error),
    };
    let changes = match latest.map(|version| publish::draft_changes(version, &model)) {
        Some(Ok(changes)) => Some(changes),
        Some(Err(error)) => return problem(&error),
        None => None,
    };
    let errors = lint::lint(&graph, Some(key), today())
        .map(|findings| lint::count(&findings, lint::codes::Severity::Error))
        .unwrap_or(0);
    let versions: Vec<Value> = versions
        .iter()
        .rev()
        .map(|version| {
            context! {
                number => version.number,
                effective_date => version.effective_date.to_string(),
                published_by => version.published_by.clone(),
                href => format!("/notices/{key}/versions/{}", version.number),
            }
        })
        .collect();
    let gaps: Vec<Value> = model
        .gaps
        .iter()
        .map(|gap| {
            context! {
                section => gap.section,
                message => gap.message.clone(),
                href => views::href(gap.kind, &gap.key),
            }
        })
        .collect();
    let name = graph
        .organizations
        .by_key(key)
        .map(|org| org.name.clone())
        .unwrap_or_default();
    page_with_status(
        status,
        Some(session),
        "notice.html",
        context! {
            organization => context! { key, name, href => views::href(EntityKind::Organization, key) },
            html,
            gaps,
            changes,
            versions,
            errors,
            gdpr => chosen.contains(&Jurisdiction::Gdpr),
            ccpa => chosen.contains(&Jurisdiction::Ccpa),
            today => today().to_string(),
            outcome,
            error => error.map(|(field, message)| context! { field, message }),
        },
    )
}

async fn publish_notice(
    State(app): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(key): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if !session::same_origin(&headers) {
        return refused(
            &session,
            &Error::invalid(
                "origin",
                "the form was sent from another site; nothing was published",
            ),
        );
    }
    if let Err(error) = session.principal.require(Role::Admin, "publish a notice") {
        return refused(&session, &error);
    }
    let chosen = jurisdictions(&pairs);
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default()
    };
    let effective = match NaiveDate::parse_from_str(&field("effectiveDate"), "%Y-%m-%d") {
        Ok(date) => date,
        Err(_) => {
            let message = "give the date the notice takes effect, as YYYY-MM-DD".to_owned();
            return notice_view(
                &app,
                &session,
                &key,
                chosen,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(("effectiveDate".into(), message)),
            )
            .await;
        }
    };
    if chosen.is_empty() {
        let message = "choose at least one jurisdiction".to_owned();
        return notice_view(
            &app,
            &session,
            &key,
            chosen,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some(("jurisdiction".into(), message)),
        )
        .await;
    }
    let force = field("force") == "yes";
    match publish::publish(&app.db, &session.actor(), &key, effective, &chosen, force).await {
        Ok(published) if published.created => see_other(&format!(
            "/organizations/{key}/notice?published={}",
            published.version.number
        )),
        Ok(published) => {
            let outcome = format!(
                "Nothing changed since version {}, so no new version was published.",
                published.version.number
            );
            notice_view(
                &app,
                &session,
                &key,
                chosen,
                StatusCode::OK,
                Some(outcome),
                None,
            )
            .await
        }
        Err(error) if error.is_internal() => problem(&error),
        Err(error) => {
            let field = match &error {
                Error::Invalid { field, .. } => field.clone(),
                Error::Findings { .. } => "force".to_owned(),
                _ => String::new(),
            };
            notice_view(
                &app,
                &session,
                &key,
                chosen,
                status_of(&error),
                None,
                Some((field, error.to_string())),
            )
            .await
        }
    }
}

#[derive(Debug, Deserialize, Default)]
struct DownloadQuery {
    role: Option<String>,
    excel: Option<bool>,
}

async fn download_article30(
    State(app): State<AppState>,
    session: Session,
    Path(file): Path<String>,
    PageQuery(query): PageQuery<DownloadQuery>,
) -> Response {
    let query = crate::http::export::ExportQuery {
        role: query.role,
        excel: query.excel,
    };
    match crate::http::export::respond(&app, &file, query).await {
        Ok(response) => response,
        Err(error) => refused(&session, &error),
    }
}

/// What the console's pages may load: only their own scripts, styles and
/// images (the map is inline SVG), no plug-ins, no framing by other sites,
/// forms sent only back here. Inline styles stay allowed for the colour
/// swatches and for htmx's indicator rule; inline scripts do not.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Keeps a console response out of shared caches (it is one person's
/// view) and tells the browser what the page may do.
pub async fn private(request: Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "private, no-store"),
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}
