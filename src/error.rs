//! The library's one error type, with a stable code per variant.
//!
//! Adapters map it once: to GraphQL errors (`graphql::errors`), to HTTP
//! statuses (`http`) and to CLI exit codes (`cli`).

use std::fmt;

use sea_orm::{DbErr, SqlErr};

use crate::domain::kind::EntityKind;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An entity named by kind and key, as errors and reports name things.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct EntityRef {
    pub kind: EntityKind,
    pub key: String,
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.kind, self.key)
    }
}

/// A problem at a place in an inventory file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileProblem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// A problem in a row of an imported spreadsheet: its row as a spreadsheet
/// numbers it (the header row too), and its column (letter and header).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowProblem {
    pub file: String,
    pub row: usize,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(
                f,
                "{}: row {}, column {column}: {}",
                self.file, self.row, self.message
            ),
            None => write!(f, "{}: row {}: {}", self.file, self.row, self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{kind} `{key}` not found")]
    NotFound { kind: EntityKind, key: String },

    #[error("{from} is not linked to {to}")]
    NotLinked { from: EntityRef, to: EntityRef },

    /// Bad input: `field` is the path of the offending input field in the
    /// API's spelling (`purposes[1].lawfulBasis`), `reason` a full sentence
    /// that names the bad value.
    #[error("{field}: {reason}")]
    Invalid {
        field: String,
        reason: String,
        key: Option<String>,
    },

    #[error(
        "{target} is in use by {}; pass cascade: true to delete it with its links",
        list(used_by)
    )]
    InUse {
        target: EntityRef,
        used_by: Vec<EntityRef>,
    },

    #[error(
        "{target} was changed by someone else: you sent version {expected}, it is now at version {found}; reload it and apply your change again"
    )]
    Conflict {
        target: EntityRef,
        expected: i32,
        found: i32,
    },

    #[error(
        "this request needs an API token: send `Authorization: Bearer <token>` (the token is unknown or revoked, or none was sent)"
    )]
    Unauthenticated,

    #[error("the `{role}` role may not {action}; it needs the `{needed}` role")]
    Forbidden {
        role: crate::domain::vocabulary::Role,
        needed: crate::domain::vocabulary::Role,
        action: String,
    },

    /// Inventory files with problems; nothing was written.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    InvalidInventory { problems: Vec<FileProblem> },

    /// Rows of an imported record that could not be understood; nothing
    /// was written.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    InvalidRecord { problems: Vec<RowProblem> },

    /// No published notice of the organisation, or not that version.
    #[error("{}", match version {
        Some(number) => format!("`{organization}` has published no notice version {number}"),
        None => format!("`{organization}` has published no notice"),
    })]
    NotPublished {
        organization: String,
        version: Option<i32>,
    },

    /// A notice not published because its inventory has errors.
    #[error(
        "`{organization}` has {} error finding(s), so its notice was not published (publish with force to do it anyway): {}",
        findings.len(),
        findings.iter().take(5).map(|finding| format!("{} {}", finding.code, finding.key)).collect::<Vec<_>>().join(", ")
    )]
    Findings {
        organization: String,
        findings: Vec<crate::lint::Finding>,
    },

    /// A notice template that does not parse or render.
    #[error("template {file}: {message}")]
    Template { file: String, message: String },

    #[error("database error: {0}")]
    Db(#[from] DbErr),

    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

fn list(refs: &[EntityRef]) -> String {
    let shown: Vec<String> = refs.iter().take(10).map(ToString::to_string).collect();
    match refs.len() {
        n if n > shown.len() => format!("{} and {} more", shown.join(", "), n - shown.len()),
        _ => shown.join(", "),
    }
}

impl Error {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            reason: reason.into(),
            key: None,
        }
    }

    pub fn not_found(kind: EntityKind, key: impl Into<String>) -> Self {
        Error::NotFound {
            kind,
            key: key.into(),
        }
    }

    /// The stable code clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } | Error::NotLinked { .. } | Error::NotPublished { .. } => {
                "NOT_FOUND"
            }
            Error::Invalid { .. }
            | Error::InvalidInventory { .. }
            | Error::InvalidRecord { .. } => "VALIDATION",
            Error::InUse { .. } => "IN_USE",
            Error::Unauthenticated => "UNAUTHENTICATED",
            Error::Forbidden { .. } => "FORBIDDEN",
            Error::Template { .. } => "TEMPLATE",
            Error::Findings { .. } => "FINDINGS",
            Error::Conflict { .. } => "CONFLICT",
            Error::Db(_) | Error::Io(_) => "INTERNAL",
        }
    }

    /// Internal errors are logged where they are mapped and never shown to
    /// clients, whose requests may carry personal data.
    pub fn is_internal(&self) -> bool {
        matches!(self, Error::Db(_) | Error::Io(_))
    }

    /// Prefixes the field path of a validation error, so that an error found
    /// in a nested input names its place in the whole input.
    pub fn within(self, prefix: &str) -> Self {
        match self {
            Error::Invalid { field, reason, key } => Error::Invalid {
                field: format!("{prefix}.{field}"),
                reason,
                key,
            },
            other => other,
        }
    }

    /// Puts a validation error on another field (the argument that carried
    /// the bad value).
    pub fn within_field(self, field: &str) -> Self {
        match self {
            Error::Invalid { reason, key, .. } => Error::Invalid {
                field: field.to_owned(),
                reason,
                key,
            },
            other => other,
        }
    }

    /// Turns a unique-key violation on `kind` into a validation error on the
    /// `key` field; other database errors stay as they are.
    pub fn from_write(err: DbErr, kind: EntityKind, key: &str) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Error::Invalid {
                field: "key".into(),
                reason: format!("the key `{key}` is already taken by another {kind}"),
                key: Some(key.into()),
            },
            _ => Error::Db(err),
        }
    }
}
