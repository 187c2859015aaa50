//! Settings of the server, from flags or `ROPA_*` environment variables,
//! with defaults that give a working SQLite server with no set-up.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Args;

use crate::db::DEFAULT_DATABASE_URL;
use crate::graphql::Limits;

/// Where the database is: every command that touches it takes this.
#[derive(Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://file.db` (created if missing) or
    /// `postgres://user@host/db`.
    #[arg(long = "database", env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub url: String,
}

#[derive(Args, Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on; loopback by default, so nothing is exposed by accident.
    #[arg(long, env = "ROPA_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Fill an empty database with the seed inventories (the catalogue and
    /// five organisations).
    #[arg(long, env = "ROPA_DEMO")]
    pub demo: bool,

    /// Deepest GraphQL query accepted.
    #[arg(long, env = "ROPA_MAX_QUERY_DEPTH", default_value_t = Limits::default().depth)]
    pub max_query_depth: usize,

    /// Most complex GraphQL query accepted (one point per field, times list sizes).
    #[arg(long, env = "ROPA_MAX_QUERY_COMPLEXITY", default_value_t = Limits::default().complexity)]
    pub max_query_complexity: usize,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "ROPA_MAX_BODY_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Longest a request may take before it is answered with 503, in seconds.
    #[arg(long, env = "ROPA_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
}

impl ServeConfig {
    pub fn limits(&self) -> Limits {
        Limits {
            depth: self.max_query_depth,
            complexity: self.max_query_complexity,
        }
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
}
