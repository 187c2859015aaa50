//! The console in a real browser: headless Chromium driven through
//! chromedriver (Debian's `chromium` and `chromium-driver`, which `.ci/run`
//! installs), against `ropa serve --demo` on the seed inventories. Signs
//! in, edits an activity, meets a validation error, publishes a notice and
//! downloads the record. Screenshots of the main pages are kept in
//! `target/tmp/console-screenshots/` (not committed), and each main page is
//! checked with axe-core against WCAG 2.1 A and AA.
//!
//! Without chromedriver (or axe-core, `ROPA_AXE_SCRIPT`) on the machine the
//! test says so and skips that part, unless `ROPA_BROWSER_TESTS=required`
//! (as in `.ci/run`, which installs both), when it fails.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::support::process::Server;

const SCREENSHOTS: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/console-screenshots");

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_program(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

fn start_driver(program: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(program)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    driver
}

async fn browser(driver: &Driver) -> Client {
    let mut options = json!({
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1366,900"]
    });
    if let Some(chromium) = find_program("chromium") {
        options["binary"] = json!(chromium);
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), options);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a browser session")
}

/// axe-core's script: `ROPA_AXE_SCRIPT`, or where `.ci/run` installs it.
fn axe_script(required: bool) -> Option<String> {
    let path = std::env::var_os("ROPA_AXE_SCRIPT").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe-core/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(err) => {
            assert!(
                !required,
                "ROPA_BROWSER_TESTS=required but axe-core is not at {}: {err}",
                path.display()
            );
            eprintln!(
                "accessibility checks skipped: no axe-core at {}",
                path.display()
            );
            None
        }
    }
}

/// The main pages as the walk meets them: each kept as a screenshot and
/// checked for accessibility, the problems of all of them reported at the
/// end.
struct MainPages {
    axe: Option<String>,
    problems: Vec<String>,
}

impl MainPages {
    async fn keep(&mut self, client: &Client, name: &str) {
        let png = client.screenshot().await.expect("a screenshot");
        std::fs::create_dir_all(SCREENSHOTS).expect("screenshot folder");
        std::fs::write(format!("{SCREENSHOTS}/{name}.png"), png).expect("screenshot written");
        if let Some(axe) = &self.axe {
            for problem in accessibility_problems(client, axe).await {
                self.problems.push(format!("{name}: {problem}"));
            }
        }
    }
}

/// What axe-core finds on the page against WCAG 2.1 A and AA and its own
/// best practices, one line per rule broken, naming the elements.
async fn accessibility_problems(client: &Client, axe: &str) -> Vec<String> {
    client.execute(axe, vec![]).await.expect("axe-core loads");
    let found = client
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] })
                .then((result) => done(result.violations.map((rule) =>
                    `${rule.id} (${rule.impact}): ${rule.help}: ${rule.nodes.map((node) => node.target.join(" ")).join(", ")}`)))
                .catch((error) => done([`axe-core failed: ${error}`]));
            "#,
            vec![],
        )
        .await
        .expect("axe-core runs");
    serde_json::from_value(found).expect("a list of problems")
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|err| panic!("no `{css}` on the page: {err}"))
        .text()
        .await
        .expect("text")
}

async fn fill(client: &Client, css: &str, value: &str) {
    let field = client.find(Locator::Css(css)).await.expect("the field");
    field.clear().await.expect("cleared");
    field.send_keys(value).await.expect("typed");
}

async fn path_of(client: &Client) -> String {
    let url = client.current_url().await.expect("a URL");
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// Waits until the browser shows `path` after a click sent it on its way.
async fn arrive(client: &Client, path: &str) {
    let started = Instant::now();
    loop {
        let now = path_of(client).await;
        if now == path {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the browser is at {now}, not {path}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks what `css` finds, then waits for `path`.
async fn click_to(client: &Client, css: &str, path: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|err| panic!("no `{css}` on the page: {err}"))
        .click()
        .await
        .expect("clicked");
    arrive(client, path).await;
}

#[tokio::test]
async fn the_console_walk_in_a_real_browser() {
    let required = std::env::var("ROPA_BROWSER_TESTS").is_ok_and(|value| value == "required");
    let Some(chromedriver) = find_program("chromedriver") else {
        assert!(
            !required,
            "ROPA_BROWSER_TESTS=required but chromedriver is not installed"
        );
        eprintln!(
            "browser test skipped: no chromedriver (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("ropa-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let database = format!("sqlite://{}?mode=rwc", dir.join("ropa.db").display());
    let mut server = Server::start(&["--demo", "--database", &database]);
    let token = BufReader::new(server.stdout())
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.trim()
                .strip_prefix("ropa_")
                .map(|rest| format!("ropa_{rest}"))
        })
        .expect("the demo prints its admin token");
    let mut pages = MainPages {
        axe: axe_script(required),
        problems: Vec::new(),
    };
    let driver = start_driver(&chromedriver);
    let client = browser(&driver).await;

    // Signing in.
    client.goto(&server.url("/")).await.expect("home");
    assert_eq!(path_of(&client).await, "/sign-in?next=/");
    pages.keep(&client, "sign-in").await;
    fill(&client, "#token", &token).await;
    click_to(&client, "main form button[type=submit]", "/").await;
    assert!(text_of(&client, "header .me").await.contains("demo-admin"));
    pages.keep(&client, "home").await;

    for (path, name) in [
        ("/organizations/minio", "organization"),
        ("/activities/minio-marketing", "activity"),
        ("/data-categories/ip-address", "data-category"),
        ("/organizations/minio/findings", "findings"),
    ] {
        client.goto(&server.url(path)).await.expect("a page");
        assert_eq!(path_of(&client).await, path);
        pages.keep(&client, name).await;
    }
    assert!(
        text_of(&client, "main tbody").await.contains("E001"),
        "MinIO's findings include activities without a lawful basis"
    );

    // Finding as you type: htmx (served by the console itself, which its
    // Content-Security-Policy allows) swaps the results in and updates the
    // address; nothing is submitted.
    client
        .goto(&server.url("/activities"))
        .await
        .expect("the activities");
    let everything = text_of(&client, "#results .count").await;
    fill(&client, "#filter", "marketing").await;
    arrive(&client, "/activities?q=marketing").await;
    let started = Instant::now();
    while text_of(&client, "#results .count").await == everything {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the results never narrowed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        text_of(&client, "#results tbody")
            .await
            .contains("minio-marketing")
    );

    // The data-flow map: drawn in the page, big enough to read, with the
    // struck-down Privacy Shield transfer listed as not covered.
    client
        .goto(&server.url("/organizations/cloudinary/map"))
        .await
        .expect("the map");
    let drawing = client
        .find(Locator::Css("figure.map svg"))
        .await
        .expect("the map is drawn inline");
    let (_, _, width, height) = drawing.rectangle().await.expect("its size");
    assert!(width > 400.0 && height > 200.0, "drawn at {width}x{height}");
    let transfers = text_of(&client, "#transfers + table").await;
    assert!(
        transfers.to_lowercase().contains("not covered"),
        "Cloudinary's Privacy Shield transfer is not covered today: {transfers}"
    );
    pages.keep(&client, "map").await;

    // Editing an activity.
    client
        .goto(&server.url("/activities/minio-marketing/edit"))
        .await
        .expect("the form");
    pages.keep(&client, "activity-form").await;
    fill(&client, "#description", "Newsletters about MinIO releases").await;
    click_to(
        &client,
        ".submit button",
        "/activities/minio-marketing?saved=2",
    )
    .await;
    assert_eq!(
        text_of(&client, "p.notice").await,
        "Saved. This is version 2."
    );
    assert!(
        text_of(&client, "main .facts")
            .await
            .contains("Newsletters about MinIO releases")
    );

    // A validation error appears beside its field; nothing is saved.
    client
        .goto(&server.url("/activities/minio-marketing/edit"))
        .await
        .expect("the form again");
    fill(&client, "#dpiaUrl", "not a link").await;
    // Refused: the browser stays on the form's address.
    click_to(
        &client,
        ".submit button",
        "/activities/minio-marketing/edit",
    )
    .await;
    client
        .wait()
        .for_element(Locator::Css("#error-dpiaUrl"))
        .await
        .expect("the error appears");
    let error = text_of(&client, "#error-dpiaUrl").await;
    assert!(!error.is_empty(), "the error is shown beside the field");
    let field = client
        .find(Locator::Css("#dpiaUrl"))
        .await
        .expect("the field");
    assert_eq!(
        field
            .attr("aria-invalid")
            .await
            .expect("attribute")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        field
            .attr("aria-describedby")
            .await
            .expect("attribute")
            .as_deref(),
        Some("error-dpiaUrl")
    );
    pages.keep(&client, "activity-form-error").await;

    // Publishing the notice (MinIO has error findings: publish anyway).
    client
        .goto(&server.url("/organizations/minio/notice"))
        .await
        .expect("the notice page");
    pages.keep(&client, "notice").await;
    client
        .find(Locator::Css("input[name=force]"))
        .await
        .expect("the force box")
        .click()
        .await
        .expect("ticked");
    click_to(
        &client,
        "main form[method=post] button",
        "/organizations/minio/notice?published=1",
    )
    .await;
    assert_eq!(
        text_of(&client, "p.notice").await,
        "Version 1 is published."
    );

    // The record downloads with the session, from the organisation's page.
    client
        .goto(&server.url("/organizations/minio"))
        .await
        .expect("the organisation");
    let link = client
        .find(Locator::Css("a[href='/downloads/article30/minio.csv']"))
        .await
        .expect("the CSV link");
    assert!(link.attr("download").await.expect("attribute").is_some());
    let csv = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/downloads/article30/minio.csv').then(r => r.text()).then(done);",
            vec![],
        )
        .await
        .expect("the download");
    let csv = csv.as_str().expect("text");
    assert!(csv.starts_with("Reference,Processing activity,"), "{csv}");
    assert!(
        csv.contains("Newsletters about MinIO releases"),
        "the edit is in the record"
    );

    assert!(
        pages.problems.is_empty(),
        "accessibility problems found by axe-core:\n{}",
        pages.problems.join("\n")
    );
    client.close().await.expect("browser closed");
    drop(driver);
    assert!(server.terminate(), "the server stops cleanly");
    let _ = std::fs::remove_dir_all(&dir);
}
