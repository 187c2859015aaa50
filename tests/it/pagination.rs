//! Lists come in pages with cursors that stay right while people edit.

use serde_json::{Value, json};

use crate::support::{TestApp, each_backend};

async fn purposes(app: &TestApp, count: usize) {
    let mut mutation = String::from("mutation {");
    for n in 0..count {
        mutation.push_str(&format!(
            r#" p{n}: createPurpose(input: {{key: "purpose-{n:02}", name: "{} purpose {n:02}"}}) {{ key }}"#,
            if n % 2 == 0 { "Even" } else { "odd" }
        ));
    }
    mutation.push('}');
    app.ok(&mutation, json!({})).await;
}

const PAGE: &str = r#"query($first: Int, $last: Int, $after: String, $before: String, $orderBy: Ordering) {
  purposes(first: $first, last: $last, after: $after, before: $before, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { key } }
  }
}"#;

fn keys(page: &Value) -> Vec<String> {
    page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| edge["node"]["key"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn forward_pages_cover_every_row_once() {
    each_backend(|app| async move {
        purposes(&app, 25).await;
        let mut seen = Vec::new();
        let mut after = Value::Null;
        let mut pages = 0;
        loop {
            let page = app.ok(PAGE, json!({"first": 10, "after": after})).await["purposes"].clone();
            assert_eq!(page["totalCount"], json!(25));
            seen.extend(keys(&page));
            pages += 1;
            if page["pageInfo"]["hasNextPage"] == json!(false) {
                break;
            }
            assert_eq!(page["pageInfo"]["hasPreviousPage"], json!(pages > 1));
            after = page["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(pages, 3);
        let expected: Vec<String> = (0..25).map(|n| format!("purpose-{n:02}")).collect();
        assert_eq!(seen, expected);
    })
    .await;
}

#[tokio::test]
async fn a_cursor_survives_inserts_and_deletes_before_it() {
    each_backend(|app| async move {
        purposes(&app, 6).await;
        let first = app.ok(PAGE, json!({"first": 3})).await["purposes"].clone();
        assert_eq!(keys(&first), ["purpose-00", "purpose-01", "purpose-02"]);
        // Someone deletes a row already seen and adds one before the cursor.
        app.ok(
            r#"mutation { deletePurpose(key: "purpose-01") { linksRemoved } createPurpose(input: {key: "purpose-00a", name: "New"}) { key } }"#,
            json!({}),
        )
        .await;
        let next = app
            .ok(PAGE, json!({"first": 3, "after": first["pageInfo"]["endCursor"]}))
            .await["purposes"]
            .clone();
        assert_eq!(keys(&next), ["purpose-03", "purpose-04", "purpose-05"]);
    })
    .await;
}

#[tokio::test]
async fn pages_follow_the_order_asked_for_both_ways() {
    each_backend(|app| async move {
        purposes(&app, 6).await;
        // Names order without regard to case: "Even ..." and "odd ..." interleave by word.
        let by_name = app
            .ok(PAGE, json!({"first": 6, "orderBy": {"field": "NAME", "direction": "DESC"}}))
            .await["purposes"]
            .clone();
        assert_eq!(
            keys(&by_name),
            ["purpose-05", "purpose-03", "purpose-01", "purpose-04", "purpose-02", "purpose-00"]
        );
        let tail = app.ok(PAGE, json!({"last": 2})).await["purposes"].clone();
        assert_eq!(keys(&tail), ["purpose-04", "purpose-05"]);
        assert_eq!(tail["pageInfo"]["hasPreviousPage"], json!(true));
        let before = app
            .ok(PAGE, json!({"last": 2, "before": tail["pageInfo"]["startCursor"]}))
            .await["purposes"]
            .clone();
        assert_eq!(keys(&before), ["purpose-02", "purpose-03"]);
        let newest = app
            .ok(PAGE, json!({"first": 2, "orderBy": {"field": "CREATED_AT", "direction": "DESC"}}))
            .await["purposes"]
            .clone();
        let after_newest = app
            .ok(
                PAGE,
                json!({"first": 10, "orderBy": {"field": "CREATED_AT", "direction": "DESC"}, "after": newest["pageInfo"]["endCursor"]}),
            )
            .await["purposes"]
            .clone();
        assert_eq!(keys(&newest).len() + keys(&after_newest).len(), 6);
    })
    .await;
}

#[tokio::test]
async fn bad_page_arguments_are_refused() {
    each_backend(|app| async move {
        purposes(&app, 3).await;
        let by_key =
            app.ok(PAGE, json!({"first": 1})).await["purposes"]["pageInfo"]["endCursor"].clone();
        for (variables, field) in [
            (json!({"first": -1}), "first"),
            (json!({"first": 1001}), "first"),
            (json!({"after": "not-a-cursor"}), "after"),
            (
                json!({"after": by_key, "orderBy": {"field": "NAME"}}),
                "after",
            ),
        ] {
            let error = app.error(PAGE, variables.clone()).await;
            assert_eq!(
                error["extensions"]["code"],
                json!("VALIDATION"),
                "{variables}"
            );
            assert_eq!(error["extensions"]["field"], json!(field), "{variables}");
        }
    })
    .await;
}
