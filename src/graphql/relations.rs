//! Following references and links from one entity to others, batched
//! through the request's loaders and sorted by key for stable output.

use async_graphql::Context;
use futures::future::try_join_all;
use sea_orm::{EntityTrait, ModelTrait, Value};

use crate::domain::node::{Link, Node};
use crate::error::{Error, Result};
use crate::graphql::loader::Loaders;

pub fn loaders<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Loaders> {
    ctx.data::<Loaders>()
}

/// The entity with `id`, if there is one.
pub async fn one<E: Node>(
    ctx: &Context<'_>,
    id: Option<i32>,
) -> async_graphql::Result<Option<E::Model>> {
    match id {
        Some(id) => Ok(loaders(ctx)?.by_id::<E>(E::ID, id).await?),
        None => Ok(None),
    }
}

/// The entity a required reference names: the copy already at hand, or the
/// one loaded by `id`.
pub async fn referenced<E: Node>(
    ctx: &Context<'_>,
    at_hand: &Option<E::Model>,
    id: i32,
) -> async_graphql::Result<E::Model> {
    if let Some(model) = at_hand {
        return Ok(model.clone());
    }
    // Gone only if deleted between two statements of this request.
    one::<E>(ctx, Some(id))
        .await?
        .ok_or_else(|| Error::not_found(E::KIND, format!("#{id}")).into())
}

/// The entities with these ids, sorted by key.
pub async fn many<E: Node>(
    ctx: &Context<'_>,
    ids: impl IntoIterator<Item = i32>,
) -> async_graphql::Result<Vec<E::Model>> {
    let loaders = loaders(ctx)?;
    let found = try_join_all(ids.into_iter().map(|id| loaders.by_id::<E>(E::ID, id))).await?;
    let mut models: Vec<E::Model> = found.into_iter().flatten().collect();
    sort_by_key::<E>(&mut models);
    Ok(models)
}

/// The rows of `E` whose `column` refers to `id`, sorted by key.
pub async fn referring<E: Node>(
    ctx: &Context<'_>,
    column: E::Column,
    id: i32,
) -> async_graphql::Result<Vec<E::Model>> {
    let mut models = loaders(ctx)?.rows_by::<E>(column).load(id).await?;
    sort_by_key::<E>(&mut models);
    Ok(models)
}

/// The rows of a link table `L` whose `column` is `id`.
pub async fn link_rows<L: EntityTrait>(
    ctx: &Context<'_>,
    column: L::Column,
    id: i32,
) -> Result<Vec<L::Model>, async_graphql::Error>
where
    L::Model: Send + Sync + Clone,
{
    Ok(loaders(ctx)?.rows_by::<L>(column).load(id).await?)
}

/// Following link table `L` forwards: the `L::To` entities linked from `id`.
pub async fn linked_to<L: Link>(
    ctx: &Context<'_>,
    id: i32,
) -> async_graphql::Result<Vec<<L::To as EntityTrait>::Model>> {
    let links = link_rows::<L>(ctx, L::FROM, id).await?;
    many::<L::To>(ctx, links.iter().filter_map(|link| int(link.get(L::TO)))).await
}

/// Following link table `L` backwards: the `L::From` entities linking to `id`.
pub async fn linked_from<L: Link>(
    ctx: &Context<'_>,
    id: i32,
) -> async_graphql::Result<Vec<<L::From as EntityTrait>::Model>> {
    let links = link_rows::<L>(ctx, L::TO, id).await?;
    many::<L::From>(ctx, links.iter().filter_map(|link| int(link.get(L::FROM)))).await
}

pub fn sort_by_key<E: Node>(models: &mut [E::Model]) {
    models.sort_by(|a, b| E::key(a).cmp(E::key(b)));
}

fn int(value: Value) -> Option<i32> {
    match value {
        Value::Int(Some(id)) => Some(id),
        _ => None,
    }
}

/// Loads the entity at the other end of each link row, and pairs them,
/// sorted by that entity's key.
pub async fn with_targets<L, E>(
    ctx: &Context<'_>,
    links: Vec<L>,
    target_id: impl Fn(&L) -> i32,
) -> async_graphql::Result<Vec<(L, E::Model)>>
where
    E: Node,
{
    let loaders = loaders(ctx)?;
    let targets = try_join_all(
        links
            .iter()
            .map(|link| loaders.by_id::<E>(E::ID, target_id(link))),
    )
    .await?;
    let mut pairs: Vec<(L, E::Model)> = links
        .into_iter()
        .zip(targets)
        .filter_map(|(link, target)| target.map(|target| (link, target)))
        .collect();
    pairs.sort_by(|(_, a), (_, b)| E::key(a).cmp(E::key(b)));
    Ok(pairs)
}
