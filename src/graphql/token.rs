use async_graphql::{Context, Object, Result, SimpleObject};
use sea_orm::prelude::DateTimeWithTimeZone;

use crate::domain::token::{self as domain, Principal};
use crate::domain::vocabulary::Role;

/// An API token; its secret is shown only when it is created.
pub struct ApiToken(entity::api_token::Model);

#[Object]
impl ApiToken {
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn role(&self) -> Role {
        self.0.role.into()
    }
    async fn created_at(&self) -> DateTimeWithTimeZone {
        self.0.created_at
    }
    /// When it stopped working; null while it works.
    async fn revoked_at(&self) -> Option<DateTimeWithTimeZone> {
        self.0.revoked_at
    }
}

/// A new token and its secret, which is shown this once.
#[derive(SimpleObject)]
pub struct IssuedApiToken {
    token: ApiToken,
    /// Send it as `Authorization: Bearer <secret>`. It cannot be shown again.
    secret: String,
}

/// The token a request was made with.
#[derive(SimpleObject)]
pub struct CurrentToken {
    name: String,
    role: Role,
}

#[derive(Default)]
pub struct TokenQuery;

#[Object]
impl TokenQuery {
    /// The token this request was made with, and its role.
    async fn current_token(&self, ctx: &Context<'_>) -> Result<CurrentToken> {
        let principal = ctx.data::<Principal>()?;
        Ok(CurrentToken {
            name: principal.name.clone(),
            role: principal.role,
        })
    }

    /// Every API token, revoked ones included (admin).
    async fn api_tokens(&self, ctx: &Context<'_>) -> Result<Vec<ApiToken>> {
        Ok(domain::list(super::db(ctx)?)
            .await?
            .into_iter()
            .map(ApiToken)
            .collect())
    }
}

#[derive(Default)]
pub struct TokenMutation;

#[Object]
impl TokenMutation {
    /// Creates an API token (admin); its secret is in the answer, once.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        name: String,
        role: Role,
    ) -> Result<IssuedApiToken> {
        let issued = domain::create(super::db(ctx)?, &super::actor(ctx)?, &name, role).await?;
        Ok(IssuedApiToken {
            token: ApiToken(issued.token),
            secret: issued.secret,
        })
    }

    /// Revokes an API token (admin): it stops working at once.
    async fn revoke_api_token(&self, ctx: &Context<'_>, name: String) -> Result<ApiToken> {
        Ok(ApiToken(
            domain::revoke(super::db(ctx)?, &super::actor(ctx)?, &name).await?,
        ))
    }
}
