//! The example inventory of `serve --demo` loads into an empty database only.

use ropa::graphql::{self, Limits};
use serde_json::json;

use crate::support::each_backend;

#[tokio::test]
async fn the_example_loads_once_and_reads_back() {
    each_backend(|app| async move {
        let schema = graphql::schema(app.db.clone(), Limits::default());
        assert!(ropa::demo::load_if_empty(&app.db, &schema).await.unwrap());
        assert!(
            !ropa::demo::load_if_empty(&app.db, &schema).await.unwrap(),
            "loaded twice"
        );
        assert_eq!(app.count("organization").await, 1);
        assert_eq!(app.count("processing_activity").await, 2);
        let orders = app
            .ok(
                r#"{ processingActivity(key: "example-online-orders") {
                    purposes { lawfulBasis } transfers { country mechanism }
                    dataCategories { dataCategory { key } } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            orders["processingActivity"]["purposes"],
            json!([{"lawfulBasis": "LEGAL_OBLIGATION"}, {"lawfulBasis": "CONTRACT"}])
        );
        assert_eq!(
            orders["processingActivity"]["transfers"],
            json!([{"country": "US", "mechanism": "STANDARD_CONTRACTUAL_CLAUSES"}])
        );
        assert_eq!(
            orders["processingActivity"]["dataCategories"]
                .as_array()
                .unwrap()
                .len(),
            5
        );
    })
    .await;
}
