//! Errors as GraphQL clients see them: every error carries
//! `extensions.code`, and validation errors name the field at fault.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{
    ErrorExtensions, Response, ServerError, ServerResult, ValidationResult, Variables,
};

use crate::error::Error;

/// Code of a request that is not a GraphQL document at all.
pub const BAD_REQUEST: &str = "BAD_REQUEST";
/// Code of a query over the depth or complexity limit.
pub const LIMIT_EXCEEDED: &str = "LIMIT_EXCEEDED";

impl ErrorExtensions for Error {
    fn extend(&self) -> async_graphql::Error {
        let message = if self.is_internal() {
            tracing::error!(error = %self, "request failed");
            "internal error".to_owned()
        } else {
            match self {
                // The field is reported on its own; the reason is a sentence.
                Error::Invalid { reason, .. } => reason.clone(),
                other => other.to_string(),
            }
        };
        async_graphql::Error::new(message).extend_with(|_, extensions| {
            extensions.set("code", self.code());
            match self {
                Error::NotFound { kind, key } => {
                    extensions.set("kind", kind.as_str());
                    extensions.set("key", key.as_str());
                }
                Error::Invalid { field, key, .. } => {
                    extensions.set("field", field.as_str());
                    if let Some(key) = key {
                        extensions.set("key", key.as_str());
                    }
                }
                Error::InUse { target, used_by } => {
                    extensions.set("kind", target.kind.as_str());
                    extensions.set("key", target.key.as_str());
                    let users: Vec<async_graphql::Value> = used_by
                        .iter()
                        .map(|user| {
                            async_graphql::Value::from_json(serde_json::json!({
                                "kind": user.kind.as_str(),
                                "key": user.key,
                            }))
                            .unwrap_or_default()
                        })
                        .collect();
                    extensions.set("usedBy", users);
                }
                Error::Conflict {
                    target,
                    expected,
                    found,
                } => {
                    extensions.set("kind", target.kind.as_str());
                    extensions.set("key", target.key.as_str());
                    extensions.set("expectedVersion", *expected);
                    extensions.set("currentVersion", *found);
                }
                Error::InvalidInventory { problems } => {
                    extensions.set("problems", as_values(problems));
                }
                Error::InvalidRecord { problems } => {
                    extensions.set("problems", as_values(problems));
                }
                Error::Forbidden { role, needed, .. } => {
                    extensions.set("role", role.to_string());
                    extensions.set("neededRole", needed.to_string());
                }
                Error::Findings { findings, .. } => {
                    extensions.set("findings", as_values(findings));
                }
                Error::Template { file, .. } => {
                    extensions.set("file", file.as_str());
                }
                Error::NotLinked { .. }
                | Error::NotPublished { .. }
                | Error::Unauthenticated
                | Error::Db(_)
                | Error::Io(_) => {}
            }
        })
    }
}

/// Problems as the `problems` extension lists them.
fn as_values<T: serde::Serialize>(problems: &[T]) -> Vec<async_graphql::Value> {
    problems
        .iter()
        .map(|problem| {
            async_graphql::Value::from_json(serde_json::json!(problem)).unwrap_or_default()
        })
        .collect()
}

/// Resolvers use `?` on library errors; this keeps their code (the blanket
/// conversion from `Display` is switched off for that reason).
impl From<Error> for async_graphql::Error {
    fn from(error: Error) -> Self {
        error.extend()
    }
}

/// Gives a code to the errors async-graphql raises itself: documents that do
/// not parse, documents or variables that do not fit the schema, limits.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

#[async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            explain_bad_enum(ctx, error);
            if code_of(error).is_none() {
                // Input values are coerced while resolving: what is left
                // without a code is a value that does not fit its type, or
                // a fault of ours, which is logged and not shown.
                let code = classify_uncoded(&error.message);
                if code == "INTERNAL" {
                    tracing::error!(error = %error.message, "request failed");
                    error.message = "internal error".to_owned();
                }
                set_code(error, code);
            }
        }
        response
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables).await.map_err(|mut error| {
            set_code(&mut error, BAD_REQUEST);
            error
        })
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|mut errors| {
            for error in &mut errors {
                let code = if is_limit(&error.message) {
                    LIMIT_EXCEEDED
                } else {
                    "VALIDATION"
                };
                set_code(error, code);
            }
            errors
        })
    }
}

/// async-graphql says an enum lacks a value; add the field and the values
/// it has, with the nearest one, so the client can fix the request.
fn explain_bad_enum(ctx: &ExtensionContext<'_>, error: &mut ServerError) {
    let message = error.message.clone();
    let Some((type_name, value)) = quoted_after(&message, "enumeration type ")
        .zip(quoted_after(&message, "does not contain the value "))
    else {
        return;
    };
    let Some(async_graphql::registry::MetaType::Enum { enum_values, .. }) =
        ctx.schema_env.registry.types.get(type_name)
    else {
        return;
    };
    let names: Vec<&str> = enum_values.keys().map(String::as_str).collect();
    let nearest = names
        .iter()
        .map(|name| (strsim::jaro_winkler(&value.to_uppercase(), name), *name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| format!(" Did you mean {name}?"))
        .unwrap_or_default();
    error.message = format!("{message}; it is one of {}.{nearest}", names.join(", "));
    if let Some(field) = quoted_after(&message, "argument ") {
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("field", field);
    }
}

/// The text between the double quotes that follow `marker`.
fn quoted_after<'a>(message: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &message[message.find(marker)? + marker.len()..];
    let rest = rest.strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

fn is_limit(message: &str) -> bool {
    message.contains("nested too deep") || message.contains("too complex")
}

fn classify_uncoded(message: &str) -> &'static str {
    const BAD_INPUT: [&str; 3] = ["Failed to parse", "Invalid value", "Expected input type"];
    if BAD_INPUT.iter().any(|start| message.starts_with(start)) {
        "VALIDATION"
    } else if is_limit(message) {
        LIMIT_EXCEEDED
    } else {
        "INTERNAL"
    }
}

pub fn code_of(error: &ServerError) -> Option<&async_graphql::Value> {
    error
        .extensions
        .as_ref()
        .and_then(|extensions| extensions.get("code"))
}

fn set_code(error: &mut ServerError, code: &str) {
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
}
