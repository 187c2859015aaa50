//! The web console, through the router: signing in, reading every kind of
//! page over the seed inventories, editing an activity (with a validation
//! error and a stale edit), adding one, publishing a notice and downloading
//! the record. The same walk in a real browser is in `browser.rs`.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use crate::support::{Reply, TestApp, each_backend, fixtures, seeds};

/// A page as the holder of `token` sees it in a browser.
async fn page(app: &TestApp, token: &str, path: &str) -> Reply {
    let request = Request::get(path)
        .header(header::COOKIE, format!("ropa_session={token}"))
        .body(Body::empty())
        .unwrap();
    app.send(request).await
}

/// A form sent from one of the console's own pages.
async fn submit(app: &TestApp, token: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let request = Request::post(path)
        .header(header::COOKIE, format!("ropa_session={token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

/// The text of a page, with the escapes of `/` and quotes undone.
fn text(reply: &Reply) -> String {
    String::from_utf8_lossy(&reply.body)
        .replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// What a person reads on a page: the main part, tags removed.
fn readable(reply: &Reply) -> String {
    let html = text(reply);
    let main = html
        .split_once("<main id=\"main\">")
        .and_then(|(_, rest)| rest.split_once("</main>"))
        .map_or(html.as_str(), |(main, _)| main);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn location(reply: &Reply) -> &str {
    reply
        .headers
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn signing_in_sets_a_same_site_cookie_and_pages_ask_for_it() {
    let app = TestApp::sqlite().await;
    let anonymous = app.get_as(None, "/activities?q=x").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&anonymous), "/sign-in?next=/activities%3Fq%3Dx");

    let form = app.get_as(None, "/sign-in?next=/activities").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(text(&form).contains(r#"<label for="token">API token</label>"#));

    let wrong = submit(
        &app,
        "",
        "/sign-in",
        &[("token", "ropa_wrong"), ("next", "/")],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(readable(&wrong).contains("That token is not valid"));

    let viewer = app.tokens.viewer.clone();
    let signed_in = submit(
        &app,
        "",
        "/sign-in",
        &[("token", viewer.as_str()), ("next", "/activities")],
    )
    .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_in), "/activities");
    let cookie = signed_in.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with(&format!("ropa_session={viewer};")));
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");

    // Behind a proxy that terminates HTTPS the cookie is only sent back
    // over HTTPS.
    let request = Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-proto", "https")
        .body(Body::from(format!("token={viewer}&next=/")))
        .unwrap();
    let over_https = app.send(request).await;
    assert_eq!(over_https.status, StatusCode::SEE_OTHER);
    let cookie = over_https.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.ends_with("; Secure"), "{cookie}");

    // Somewhere else than this site: never followed.
    let elsewhere = submit(
        &app,
        "",
        "/sign-in",
        &[("token", viewer.as_str()), ("next", "//evil.example/")],
    )
    .await;
    assert_eq!(location(&elsewhere), "/");

    // A form from another site is refused even with the right token.
    let request = Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(format!("token={viewer}")))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);

    let revoked = page(&app, &app.tokens.revoked, "/").await;
    assert_eq!(
        revoked.status,
        StatusCode::SEE_OTHER,
        "a revoked token signs nobody in"
    );
    let home = page(&app, &viewer, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(
        home.headers[header::CACHE_CONTROL],
        "private, no-store",
        "one person's pages stay out of shared caches"
    );
    let policy = home.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    for directive in [
        "script-src 'self';",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ] {
        assert!(policy.contains(directive), "{policy}");
    }
    assert_eq!(home.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(home.headers[header::X_FRAME_OPTIONS], "DENY");
    app.finish().await;
}

#[tokio::test]
async fn every_kind_of_page_renders_over_the_seed_inventories() {
    each_backend(|app| async move {
        let organizations = seeds::apply_all(&app).await;
        let viewer = app.tokens.viewer.clone();
        let home = page(&app, &viewer, "/").await;
        assert_eq!(home.status, StatusCode::OK);
        for organization in &organizations {
            assert!(text(&home).contains(&format!("/organizations/{organization}\"")));
            for path in [
                format!("/organizations/{organization}"),
                format!("/organizations/{organization}/findings"),
                format!("/organizations/{organization}/notice"),
            ] {
                let reply = page(&app, &viewer, &path).await;
                assert_eq!(reply.status, StatusCode::OK, "{path}: {}", readable(&reply));
            }
        }
        // Every list, and the page of every entry it links to.
        for collection in [
            "organizations",
            "activities",
            "purposes",
            "data-categories",
            "data-subjects",
            "sources",
            "recipients",
            "transfers",
            "retention-rules",
            "systems",
            "security-measures",
        ] {
            let list = page(&app, &viewer, &format!("/{collection}")).await;
            assert_eq!(list.status, StatusCode::OK, "/{collection}");
            let prefix = format!("href=\"/{collection}/");
            let html = text(&list);
            let entries: Vec<&str> = html
                .split(&prefix)
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .filter(|key| *key != "new")
                .collect();
            assert!(!entries.is_empty(), "/{collection} lists nothing");
            for key in entries {
                let path = format!("/{collection}/{key}");
                let reply = page(&app, &viewer, &path).await;
                assert_eq!(reply.status, StatusCode::OK, "{path}: {}", readable(&reply));
            }
        }
        // A page shows its links both ways, with a sentence that sums them up.
        let ip = page(&app, &viewer, "/data-categories/ip-address").await;
        insta::assert_snapshot!("console_data_category_page", readable(&ip));
        let activity = page(&app, &viewer, "/activities/minio-marketing").await;
        insta::assert_snapshot!("console_activity_page", readable(&activity));

        let found = page(&app, &viewer, "/search?q=ip%20address").await;
        assert!(readable(&found).contains("Data categories 1 IP address ip-address"));
        let filtered = page(&app, &viewer, "/recipients?q=SERVICE%20PROVIDERS").await;
        assert!(
            readable(&filtered).contains("Service providers acting on our behalf"),
            "{}",
            readable(&filtered)
        );
        assert!(!readable(&filtered).contains("Affiliates and subsidiaries"));
        let missing = page(&app, &viewer, "/recipients/no-such-recipient").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(readable(&missing).contains("recipient `no-such-recipient` not found"));
    })
    .await;
}

/// The edit form of the fixture's activity as it was saved, with changes.
fn edited(version: &str, description: &str, dpia_url: &str) -> Vec<(&'static str, String)> {
    [
        ("version", version),
        ("name", "Newsletter"),
        ("organization", "acme"),
        ("role", "controller"),
        ("status", "active"),
        ("description", description),
        ("dpiaUrl", dpia_url),
        ("purposes[0].purpose", "newsletter"),
        ("purposes[0].lawfulBasis", "consent"),
        ("purposes[1].purpose", "service-improvement"),
        ("purposes[1].lawfulBasis", "legitimate_interests"),
        (
            "purposes[1].legitimateInterest",
            "Knowing which articles readers open",
        ),
        ("purposes[2].purpose", ""),
        ("dataCategories[0].dataCategory", "email-address"),
        ("dataCategories[0].source", "sign-up-form"),
        ("dataCategories[0].required", "yes"),
        ("dataSubjects", "subscribers"),
        ("recipients", "cloud-host"),
        ("transfers", "cloud-host-us"),
        ("retentionRules", "two-years"),
        ("systems", "mailer"),
    ]
    .into_iter()
    .map(|(name, value)| (name, value.to_owned()))
    .collect()
}

async fn submit_owned(app: &TestApp, token: &str, path: &str, fields: &[(&str, String)]) -> Reply {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
    submit(app, token, path, &borrowed).await
}

#[tokio::test]
async fn an_editor_edits_an_activity_and_sees_what_stopped_a_save() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        let editor = app.tokens.editor.clone();
        let form = page(&app, &editor, "/activities/newsletter/edit").await;
        assert_eq!(form.status, StatusCode::OK);
        let html = text(&form);
        assert!(html.contains(r#"<input type="hidden" name="version" value="1">"#));
        assert!(html.contains(r#"<option value="consent" selected>Consent</option>"#));
        assert!(html.contains(r#"name="recipients" value="cloud-host" checked"#));

        // Saved: the description, a new purpose, the security measure dropped.
        let saved = submit_owned(
            &app,
            &editor,
            "/activities/newsletter/edit",
            &edited("1", "Monthly news", ""),
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", readable(&saved));
        assert_eq!(location(&saved), "/activities/newsletter?saved=2");
        let stored = app
            .ok(
                r#"{ processingActivity(key: "newsletter") { version description purposes { purpose { key } lawfulBasis } securityMeasures { key } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            stored["processingActivity"],
            json!({"version": 2, "description": "Monthly news", "securityMeasures": [],
                   "purposes": [{"purpose": {"key": "newsletter"}, "lawfulBasis": "CONSENT"},
                                {"purpose": {"key": "service-improvement"}, "lawfulBasis": "LEGITIMATE_INTERESTS"}]})
        );
        let shown = page(&app, &editor, "/activities/newsletter?saved=2").await;
        assert!(readable(&shown).contains("Saved. This is version 2."));

        // A bad link: the form comes back with the error beside the field.
        let refused = submit_owned(
            &app,
            &editor,
            "/activities/newsletter/edit",
            &edited("2", "Weekly news", "not a link"),
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = text(&refused);
        assert!(html.contains(r#"id="dpiaUrl" name="dpiaUrl" value="not a link" aria-invalid="true" aria-describedby="error-dpiaUrl""#), "{html}");
        assert!(html.contains(r#"<p class="field-error" id="error-dpiaUrl">"#));
        assert!(html.contains("Weekly news"), "what was typed is kept");

        // A row without its purpose is pointed at, by row.
        let mut rowless = edited("2", "Weekly news", "");
        rowless.push(("purposes[3].lawfulBasis", "contract".to_owned()));
        let refused = submit_owned(&app, &editor, "/activities/newsletter/edit", &rowless).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused).contains(r#"id="error-purposes-2-purpose""#));

        // Someone saved since version 1 was read: shown, not overwritten.
        let stale = submit_owned(
            &app,
            &editor,
            "/activities/newsletter/edit",
            &edited("1", "An old idea", ""),
        )
        .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(readable(&stale).contains("Someone else saved this activity after you opened it"));
        let after = app
            .ok(r#"{ processingActivity(key: "newsletter") { version description } }"#, json!({}))
            .await;
        assert_eq!(
            after["processingActivity"],
            json!({"version": 2, "description": "Monthly news"}),
            "refused saves wrote nothing"
        );

        // A viewer reads but cannot edit.
        let viewer = app.tokens.viewer.clone();
        let page_of_viewer = page(&app, &viewer, "/activities/newsletter").await;
        assert!(!text(&page_of_viewer).contains("/activities/newsletter/edit"));
        assert_eq!(
            page(&app, &viewer, "/activities/newsletter/edit").await.status,
            StatusCode::FORBIDDEN
        );
        let forbidden = submit_owned(
            &app,
            &viewer,
            "/activities/newsletter/edit",
            &edited("2", "By a viewer", ""),
        )
        .await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

        // The change is in the audit trail under the editor's token.
        let trail = app
            .ok(
                r#"{ auditLog(entity: PROCESSING_ACTIVITY, key: "newsletter", first: 1) { edges { node { actor action } } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            trail["auditLog"]["edges"][0]["node"]["actor"],
            json!("token:test-editor")
        );
    })
    .await;
}

#[tokio::test]
async fn an_activity_is_added_from_the_form() {
    each_backend(|app| async move {
        fixtures::catalogue(&app).await;
        let editor = app.tokens.editor.clone();
        let blank = page(&app, &editor, "/activities/new?organization=acme").await;
        assert_eq!(blank.status, StatusCode::OK);
        assert!(text(&blank).contains(r#"<option value="acme" selected>"#));

        let fields = [
            ("key", "webinars"),
            ("name", "Webinars"),
            ("organization", "acme"),
            ("role", "controller"),
            ("status", "planned"),
            ("purposes[0].purpose", "newsletter"),
            ("purposes[0].lawfulBasis", "consent"),
            ("recipients", "cloud-host"),
        ];
        let without_key: Vec<(&str, &str)> =
            fields.iter().copied().filter(|(name, _)| *name != "key").collect();
        let refused = submit(&app, &editor, "/activities/new", &without_key).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text(&refused).contains(r#"id="error-key""#));
        assert_eq!(app.count("processing_activity").await, 0);

        let created = submit(&app, &editor, "/activities/new", &fields).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", readable(&created));
        assert_eq!(location(&created), "/activities/webinars?saved=1");
        let shown = readable(&page(&app, &editor, "/activities/webinars").await);
        assert!(shown.contains("Webinars serves 1 purpose, processes 0 data categories and shares it with 1 recipient."), "{shown}");

        let again = submit(&app, &editor, "/activities/new", &fields).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "the key is taken");
        assert!(text(&again).contains(r#"id="error-key""#));
    })
    .await;
}

#[tokio::test]
async fn a_notice_is_previewed_published_and_compared_from_the_console() {
    each_backend(|app| async move {
        fixtures::linked_activity(&app).await;
        let admin = app.tokens.admin.clone();
        let preview = page(&app, &admin, "/organizations/acme/notice").await;
        assert_eq!(preview.status, StatusCode::OK);
        let html = text(&preview);
        assert!(html.contains(r#"<iframe title="Preview of the privacy notice" srcdoc=""#));
        assert!(readable(&preview).contains("Nothing is published yet"));

        let refused = submit(
            &app,
            &admin,
            "/organizations/acme/notice",
            &[("effectiveDate", "someday"), ("jurisdiction", "gdpr")],
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(readable(&refused).contains("as YYYY-MM-DD"));

        let fields = [
            ("effectiveDate", "2026-12-01"),
            ("jurisdiction", "gdpr"),
            ("force", "yes"),
        ];
        let editor = app.tokens.editor.clone();
        let forbidden = submit(&app, &editor, "/organizations/acme/notice", &fields).await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

        let published = submit(&app, &admin, "/organizations/acme/notice", &fields).await;
        assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", readable(&published));
        assert_eq!(location(&published), "/organizations/acme/notice?published=1");
        let after = readable(&page(&app, &admin, "/organizations/acme/notice?published=1").await);
        assert!(after.contains("Version 1 is published."));
        assert!(after.contains("None: the preview says what the published version says."));

        // A change to the graph shows as a change against version 1.
        app.ok(
            r#"mutation { createRecipient(input: {key: "printer", name: "Print Shop Ltd", kind: PROCESSOR, country: "GB"}) { key }
                         linkRecipient(activity: "newsletter", recipient: "printer") { key } }"#,
            json!({}),
        )
        .await;
        let changed = readable(&page(&app, &admin, "/organizations/acme/notice").await);
        assert!(changed.contains("new recipient: Print Shop Ltd"), "{changed}");
    })
    .await;
}

#[tokio::test]
async fn the_record_downloads_with_the_session() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let viewer = app.tokens.viewer.clone();
        let from_console = page(&app, &viewer, "/downloads/article30/minio.csv").await;
        assert_eq!(from_console.status, StatusCode::OK);
        assert_eq!(from_console.content_type(), "text/csv; charset=utf-8");
        let from_api = app.download("/export/article30/minio.csv").await;
        assert_eq!(from_console.body, from_api.body);
        let workbook = page(&app, &viewer, "/downloads/article30/minio.xlsx").await;
        assert_eq!(workbook.status, StatusCode::OK);
        assert!(workbook.body.starts_with(b"PK"), "a zip archive");
        let anonymous = app.get_as(None, "/downloads/article30/minio.csv").await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn the_data_flow_map_is_drawn_with_its_transfers_listed_and_judged() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let viewer = app.tokens.viewer.clone();
        let map = page(
            &app,
            &viewer,
            "/organizations/cloudinary/map?as_of=2026-12-01",
        )
        .await;
        assert_eq!(map.status, StatusCode::OK);
        let html = text(&map);
        assert!(
            html.contains("<svg") && html.contains("role=\"img\""),
            "the drawing is inline, not escaped"
        );
        let read = readable(&map);
        assert!(read.contains("as of 2026-12-01"), "{read}");
        // The Privacy Shield transfer, struck down in 2020, is listed as not
        // covered, with the reason, and links to its entry.
        assert!(
            html.contains("href=\"/transfers/cloudinary-transfers-privacy-shield\""),
            "{html}"
        );
        assert!(
            read.contains("not covered relies on the EU-US Privacy Shield"),
            "{read}"
        );

        // On a date the Privacy Shield was in force, the same transfer is covered.
        let earlier = readable(
            &page(
                &app,
                &viewer,
                "/organizations/cloudinary/map?as_of=2019-06-01",
            )
            .await,
        );
        assert!(
            !earlier.contains("not covered relies on the EU-US Privacy Shield"),
            "{earlier}"
        );

        let svg = page(
            &app,
            &viewer,
            "/organizations/cloudinary/map.svg?as_of=2026-12-01",
        )
        .await;
        assert_eq!(svg.status, StatusCode::OK);
        assert_eq!(svg.content_type(), "image/svg+xml");
        assert!(String::from_utf8_lossy(&svg.body).starts_with("<svg"));
        let dot = page(&app, &viewer, "/organizations/cloudinary/map.dot").await;
        assert_eq!(dot.content_type(), "text/vnd.graphviz");
        assert!(String::from_utf8_lossy(&dot.body).starts_with("digraph \"map:cloudinary\""));
        assert!(
            dot.headers[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .contains("cloudinary-map-"),
        );

        // One activity's map, reached from the activity's page, with its
        // downloads drawn for that activity too.
        let marketing = text(&page(&app, &viewer, "/activities/minio-marketing").await);
        assert!(
            marketing.contains("href=\"/organizations/minio/map?activity=minio-marketing\""),
            "{marketing}"
        );
        let alone = page(
            &app,
            &viewer,
            "/organizations/minio/map?activity=minio-marketing&as_of=2026-12-01",
        )
        .await;
        assert_eq!(alone.status, StatusCode::OK);
        let html = text(&alone);
        assert!(html.contains("<h1>Data-flow map of "), "{html}");
        assert!(html.contains("(MinIO, Inc.)</h1>"), "{html}");
        assert!(
            html.contains("href=\"/activities/minio-marketing\""),
            "the crumbs lead back"
        );
        assert!(
            html.contains("map.svg?as_of=2026-12-01&activity=minio-marketing"),
            "{html}"
        );
        let whole = page(&app, &viewer, "/organizations/minio/map?as_of=2026-12-01").await;
        let activity_nodes = |html: &str| html.matches("data-id=\"activity:").count();
        assert_eq!(activity_nodes(&html), 1, "only the one activity is drawn");
        assert!(activity_nodes(&text(&whole)) > 1);
        let svg = page(
            &app,
            &viewer,
            "/organizations/minio/map.svg?activity=minio-marketing",
        )
        .await;
        assert!(
            svg.headers[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .contains("minio-marketing-map-"),
        );
        let elsewhere = page(
            &app,
            &viewer,
            "/organizations/cloudinary/map?activity=minio-marketing",
        )
        .await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);

        let unknown = page(&app, &viewer, "/organizations/nobody/map").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert!(readable(&unknown).contains("nobody"));
        let bad_date = page(
            &app,
            &viewer,
            "/organizations/cloudinary/map?as_of=yesterday",
        )
        .await;
        assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            readable(&bad_date)
                .contains("as_of: `yesterday` is not a date; write it as YYYY-MM-DD"),
            "{}",
            readable(&bad_date)
        );
        // A date field submitted blank means today.
        let blank = page(&app, &viewer, "/organizations/cloudinary/map?as_of=").await;
        assert_eq!(blank.status, StatusCode::OK);
        let anonymous = app.get_as(None, "/organizations/cloudinary/map.svg").await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    })
    .await;
}
