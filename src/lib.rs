//! ropa: a data inventory and records-of-processing engine.
//!
//! The inventory is a graph (organisations, processing activities, purposes,
//! data categories, recipients, transfers, ...) kept in SQLite or
//! PostgreSQL; the Article 30 record, the privacy notice and the compliance
//! findings are views of it.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod article30;
pub mod bench;
pub mod cli;
pub mod config;
pub mod console;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod graph;
pub mod graphql;
pub mod http;
pub mod inventory;
pub mod lint;
pub mod map;
pub mod notice;
pub mod telemetry;

pub use error::{Error, Result};
