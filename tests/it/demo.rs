//! `serve --demo` fills an empty database with the seeds, once.

use serde_json::json;

use crate::support::each_backend;

#[tokio::test]
async fn the_seeds_load_once_into_an_empty_database() {
    each_backend(|app| async move {
        assert!(ropa::demo::load_if_empty(&app.db).await.unwrap());
        assert!(!ropa::demo::load_if_empty(&app.db).await.unwrap(), "loaded twice");
        let organizations = app.ok("{ organizations { nodes { key } } }", json!({})).await;
        assert_eq!(
            organizations["organizations"]["nodes"],
            json!([
                {"key": "cloudinary"},
                {"key": "mesosphere-cloud"},
                {"key": "mesosphere-website"},
                {"key": "minio"},
                {"key": "mirantis"},
            ])
        );
        let shield = app
            .ok(r#"{ transfers(filter: {organization: "cloudinary", mechanism: PRIVACY_SHIELD}) { totalCount } }"#, json!({}))
            .await;
        assert_eq!(shield["transfers"]["totalCount"], json!(1), "Cloudinary relies on the Privacy Shield");
    })
    .await;
}
