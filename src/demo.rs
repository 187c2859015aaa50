//! The example inventory `serve --demo` loads into an empty database, so a
//! first-time user has something to look at.

use entity::organization;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::error::{Error, Result};
use crate::graphql::{self, AppSchema};

/// A GraphQL document of mutations that builds the example inventory.
pub const EXAMPLE: &str = include_str!("../seeds/example.graphql");

/// Loads the example when there is no organisation yet; says whether it did.
pub async fn load_if_empty(db: &DatabaseConnection, schema: &AppSchema) -> Result<bool> {
    if organization::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let response = graphql::execute(schema, async_graphql::Request::new(EXAMPLE), db).await;
    if response.errors.is_empty() {
        return Ok(true);
    }
    let reasons: Vec<String> = response
        .errors
        .iter()
        .map(|error| error.message.clone())
        .collect();
    Err(Error::invalid("seeds/example.graphql", reasons.join("; ")))
}
