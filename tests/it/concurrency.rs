//! Two `ropa serve` processes on one database (PostgreSQL, and a SQLite
//! file), many editors at once: every change either applies or gets `CONFLICT`, none is lost, and
//! the audit trail holds exactly one entry per accepted change.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::support::process::{ScratchSchema, Server, ropa};

/// Editors working at once, and the changes each tries.
const EDITORS: usize = 8;
const UPDATES_EACH: usize = 25;
const APPLIES_EACH: usize = 4;

struct Cluster {
    servers: Vec<Server>,
    token: String,
    client: reqwest::Client,
}

/// What a change got.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// Accepted; the description it wrote.
    Applied(String),
    Conflict,
}

impl Cluster {
    async fn graphql(&self, server: usize, query: &str, variables: Value) -> Value {
        let reply = self
            .client
            .post(self.servers[server % self.servers.len()].url("/graphql"))
            .bearer_auth(&self.token)
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .expect("the server answers");
        let status = reply.status();
        let body: Value = reply.json().await.expect("a JSON answer");
        assert_eq!(status, reqwest::StatusCode::OK, "{body:#}");
        body
    }

    /// Sends a change; anything but success or `CONFLICT` fails the test.
    async fn change(&self, server: usize, query: &str, variables: Value, wrote: String) -> Outcome {
        let body = self.graphql(server, query, variables).await;
        match body["errors"][0]["extensions"]["code"].as_str() {
            None => Outcome::Applied(wrote),
            Some("CONFLICT") => Outcome::Conflict,
            Some(other) => panic!("a change failed with {other}: {body:#}"),
        }
    }

    /// The audit entries of an entity, oldest first.
    async fn history(&self, entity: &str, key: &str) -> Vec<Value> {
        let body = self
            .graphql(
                1,
                r#"query History($entity: EntityKind!, $key: String!) {
                  auditLog(entity: $entity, key: $key, first: 1000) {
                    edges { node { action before after } } pageInfo { hasNextPage } } }"#,
                json!({"entity": entity, "key": key}),
            )
            .await;
        let log = &body["data"]["auditLog"];
        assert_eq!(log["pageInfo"]["hasNextPage"], json!(false));
        let mut entries: Vec<Value> = log["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|edge| edge["node"].clone())
            .collect();
        entries.reverse();
        entries
    }
}

/// Checks that the updates of one entity form one unbroken chain of
/// versions, each entry an accepted change, and that the last is what is
/// stored; returns the descriptions the chain wrote, in order.
fn unbroken_chain(history: &[Value], stored: &Value) -> Vec<String> {
    let updates: Vec<&Value> = history
        .iter()
        .filter(|entry| entry["action"] == json!("UPDATE"))
        .collect();
    for pair in updates.windows(2) {
        assert_eq!(
            pair[1]["before"], pair[0]["after"],
            "an update did not start from the one before it"
        );
    }
    for update in &updates {
        assert_eq!(
            update["after"]["version"].as_i64(),
            update["before"]["version"]
                .as_i64()
                .map(|version| version + 1)
        );
    }
    if let Some(last) = updates.last() {
        assert_eq!(last["after"]["description"], stored["description"]);
        assert_eq!(last["after"]["version"], stored["version"]);
    }
    updates
        .iter()
        .map(|update| {
            update["after"]["description"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

fn applied(outcomes: &[Outcome]) -> Vec<String> {
    outcomes
        .iter()
        .filter_map(|outcome| match outcome {
            Outcome::Applied(description) => Some(description.clone()),
            Outcome::Conflict => None,
        })
        .collect()
}

const READ: &str = r#"query Read { processingActivity(key: "shared") { version description }
  purpose(key: "shared-purpose") { version description } }"#;

const UPDATE: &str = r#"mutation Update($version: Int!, $description: String!) {
  updateProcessingActivity(key: "shared", version: $version, input: {description: $description}) { version }
}"#;

const APPLY: &str =
    r#"mutation Apply($document: String!) { applyInventory(document: $document) { updated } }"#;

/// The organisation's file, with the activity and its purpose described so.
fn document(description: &str) -> String {
    format!(
        r#"[organization]
key = "shared-org"
name = "Shared Org"

[[purposes]]
key = "shared-purpose"
name = "Shared purpose"
description = "{description}"

[[activities]]
key = "shared"
name = "Shared activity"
description = "{description}"
purposes = [{{ purpose = "shared-purpose", lawful_basis = "consent" }}]
"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_postgres_lose_nothing() {
    let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("skipped: needs the PostgreSQL of TEST_DATABASE_URL");
        return;
    };
    let schema = ScratchSchema::create(&url).await;
    let figures = edit_at_once(&schema.url).await;
    eprintln!("PostgreSQL, two servers: {figures}");
    schema.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_sqlite_file_lose_nothing() {
    let dir = std::env::temp_dir().join(format!("ropa-concurrency-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("ropa.db").display());
    let figures = edit_at_once(&url).await;
    eprintln!("SQLite, two servers: {figures}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Starts two servers on the database at `url` and has many editors change
/// one activity through both at once, by updates and then by applies mixed
/// with updates; checks that nothing is lost and returns the figures.
async fn edit_at_once(url: &str) -> String {
    // Both start at once on an empty database: their migrations take turns.
    let urls = [url.to_owned(), url.to_owned()];
    let starting = urls.map(|url| std::thread::spawn(move || Server::start(&["--database", &url])));
    let servers: Vec<Server> = starting
        .into_iter()
        .map(|thread| thread.join().expect("a server starts"))
        .collect();
    let issued = ropa(&[
        "token",
        "create",
        "--name",
        "editors",
        "--role",
        "editor",
        "--database",
        url,
    ]);
    assert!(issued.status.success(), "{issued:?}");
    let token = String::from_utf8(issued.stdout).unwrap().trim().to_owned();
    let cluster = Arc::new(Cluster {
        servers,
        token,
        client: reqwest::Client::new(),
    });
    let first = cluster
        .graphql(0, APPLY, json!({"document": document("first")}))
        .await;
    assert!(first.get("errors").is_none(), "{first:#}");

    // Updates of one activity, each editor going to both servers in turn.
    let mut editors = Vec::new();
    for editor in 0..EDITORS {
        let cluster = cluster.clone();
        editors.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for round in 0..UPDATES_EACH {
                let server = editor + round;
                let read = cluster.graphql(server, READ, json!({})).await;
                let version = read["data"]["processingActivity"]["version"].clone();
                let description = format!("update {editor}.{round}");
                let variables = json!({"version": version, "description": description});
                outcomes.push(
                    cluster
                        .change(server + 1, UPDATE, variables, description)
                        .await,
                );
            }
            outcomes
        }));
    }
    let mut updates = Vec::new();
    for editor in editors {
        updates.extend(editor.await.expect("an editor finishes"));
    }
    let stored = cluster.graphql(0, READ, json!({})).await["data"].clone();
    let activity = cluster.history("PROCESSING_ACTIVITY", "shared").await;
    let chain = unbroken_chain(&activity, &stored["processingActivity"]);
    let accepted = applied(&updates);
    // Every description is unique: the history holds each accepted update
    // once, and nothing else.
    let written: BTreeSet<&String> = chain.iter().collect();
    let wanted: BTreeSet<&String> = accepted.iter().collect();
    assert_eq!(
        written, wanted,
        "an accepted update is missing from the history"
    );
    assert_eq!(chain.len(), accepted.len(), "one entry per accepted update");
    assert!(!accepted.is_empty());
    let mut figures = format!(
        "updates: {} tried, {} applied, {} conflicts, 0 lost",
        updates.len(),
        accepted.len(),
        updates.len() - accepted.len()
    );

    // Applies of the whole file, and updates of the activity, at once.
    let mut editors = Vec::new();
    for editor in 0..EDITORS {
        let cluster = cluster.clone();
        editors.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for round in 0..APPLIES_EACH {
                let server = editor + round;
                let description = format!("apply {editor}.{round}");
                let variables = json!({"document": document(&description)});
                outcomes.push(cluster.change(server, APPLY, variables, description).await);
                let read = cluster.graphql(server, READ, json!({})).await;
                let version = read["data"]["processingActivity"]["version"].clone();
                let description = format!("edit {editor}.{round}");
                let variables = json!({"version": version, "description": description});
                outcomes.push(
                    cluster
                        .change(server + 1, UPDATE, variables, description)
                        .await,
                );
            }
            outcomes
        }));
    }
    let mut mixed = Vec::new();
    for editor in editors {
        mixed.extend(editor.await.expect("an editor finishes"));
    }
    let stored = cluster.graphql(0, READ, json!({})).await["data"].clone();
    let before = chain.len();
    let accepted = applied(&mixed);
    let applies: BTreeSet<&String> = accepted
        .iter()
        .filter(|description| description.starts_with("apply"))
        .collect();
    let activity = cluster.history("PROCESSING_ACTIVITY", "shared").await;
    let chain = unbroken_chain(&activity, &stored["processingActivity"]);
    let written: BTreeSet<&String> = chain[before..].iter().collect();
    let wanted: BTreeSet<&String> = accepted.iter().collect();
    assert_eq!(
        written, wanted,
        "an accepted change is missing from the history"
    );
    assert_eq!(
        chain.len() - before,
        accepted.len(),
        "one entry per accepted change"
    );
    // Only applies change the purpose: one entry per accepted apply.
    let purpose = cluster.history("PURPOSE", "shared-purpose").await;
    let purpose_chain = unbroken_chain(&purpose, &stored["purpose"]);
    let purpose_written: BTreeSet<&String> = purpose_chain.iter().collect();
    assert_eq!(purpose_written, applies);
    assert_eq!(purpose_chain.len(), applies.len());
    let tried_applies = mixed.len() / 2;
    figures.push_str(&format!(
        "; applies with concurrent updates: {tried_applies} applies tried, {} applied, {} updates tried, {} applied, {} conflicts in all, 0 lost",
        applies.len(),
        mixed.len() - tried_applies,
        accepted.len() - applies.len(),
        mixed.len() - accepted.len(),
    ));
    figures
}
