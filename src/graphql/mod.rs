//! The GraphQL API: one schema over the inventory graph.
//!
//! Each entity has a module with its output type, its queries (one by id or
//! key, a paginated list) and its mutations; the roots merge them.

pub mod access;
pub mod errors;
pub mod loader;
pub mod pagination;
pub mod relations;

mod activity;
mod article30;
mod audit;
mod common;
mod data_category;
mod data_subject;
mod inventory;
mod lint;
mod notice;
mod organization;
mod purpose;
mod recipient;
mod retention;
mod security_measure;
mod source;
mod system;
mod token;
mod transfer;

use async_graphql::{Context, EmptySubscription, ID, MergedObject, Schema, SchemaBuilder};
use sea_orm::DatabaseConnection;

use crate::domain::audit::Actor;
use crate::domain::node::Node;
use crate::domain::token::Principal;
use crate::domain::write;
use crate::error::Error;

pub use loader::Loaders;

#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    organization::OrganizationQuery,
    activity::ActivityQuery,
    purpose::PurposeQuery,
    data_category::DataCategoryQuery,
    data_subject::DataSubjectQuery,
    source::SourceQuery,
    recipient::RecipientQuery,
    transfer::TransferQuery,
    retention::RetentionQuery,
    system::SystemQuery,
    security_measure::SecurityMeasureQuery,
    inventory::InventoryQuery,
    token::TokenQuery,
    audit::AuditQuery,
    article30::Article30Query,
    notice::NoticeQuery,
    notice::NoticeVersionsQuery,
    lint::LintQuery,
);

#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    organization::OrganizationMutation,
    activity::ActivityMutation,
    purpose::PurposeMutation,
    data_category::DataCategoryMutation,
    data_subject::DataSubjectMutation,
    source::SourceMutation,
    recipient::RecipientMutation,
    transfer::TransferMutation,
    retention::RetentionMutation,
    system::SystemMutation,
    security_measure::SecurityMeasureMutation,
    inventory::InventoryMutation,
    article30::Article30Mutation,
    notice::NoticeMutation,
    token::TokenMutation,
);

pub type AppSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Bounds on the queries a client may send.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub depth: usize,
    pub complexity: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            depth: 12,
            complexity: 20_000,
        }
    }
}

/// The schema without a database, so that its SDL can be printed anywhere.
pub fn schema_builder(limits: Limits) -> SchemaBuilder<QueryRoot, MutationRoot, EmptySubscription> {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .limit_depth(limits.depth)
    .limit_complexity(limits.complexity)
    .extension(errors::ErrorCodes)
}

/// The served schema, over `db`. It has no per-field tracing: field errors
/// can quote input values, which may be personal data.
pub fn schema(db: DatabaseConnection, limits: Limits) -> AppSchema {
    schema_builder(limits).data(db).finish()
}

/// The SDL of the served schema: what `schema.graphql` holds.
pub fn sdl() -> String {
    schema_builder(Limits::default()).finish().sdl()
}

/// Executes one request for `principal`, with its own batch loaders. The
/// caller has checked that the principal's role allows the operation
/// (`access::required_role`).
pub async fn execute(
    schema: &AppSchema,
    request: async_graphql::Request,
    db: &DatabaseConnection,
    principal: Principal,
) -> async_graphql::Response {
    let loaders = Loaders::new(db.clone());
    let passes = loaders.passes();
    passes
        .drive(schema.execute(request.data(loaders).data(principal)))
        .await
}

pub fn db<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
}

/// Who makes the change a mutation asks for, as the audit trail names them.
pub fn actor(ctx: &Context<'_>) -> async_graphql::Result<Actor> {
    Ok(Actor::token(ctx.data::<Principal>()?))
}

/// The entity a lookup names by `id` or by `key` (exactly one of them).
pub async fn lookup<E: Node>(
    ctx: &Context<'_>,
    id: Option<ID>,
    key: Option<String>,
) -> async_graphql::Result<Option<E::Model>> {
    let db = db(ctx)?;
    let found = match (id, key) {
        (Some(id), None) => {
            let number = id.parse::<i32>().map_err(|_| {
                Error::invalid(
                    "id",
                    format!("'{}' is not an id of this server", id.as_str()),
                )
            })?;
            write::find_by_id::<E>(db, number)
                .await?
                .ok_or_else(|| Error::not_found(E::KIND, format!("#{number}")))?
        }
        (None, Some(key)) => write::find_by_key::<E>(db, &key).await?,
        _ => {
            return Err(Error::invalid(
                "id",
                "give either `id` or `key`, not both and not neither",
            )
            .into());
        }
    };
    Ok(Some(found))
}
