//! The checked-in `schema.graphql` is the schema the server serves.

#[test]
fn schema_graphql_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == ropa::graphql::sdl(),
        "schema.graphql is stale; regenerate it with `cargo run -- schema > schema.graphql`"
    );
}
