//! Integration tests: requests go through the real router to a real
//! database (SQLite, and PostgreSQL when `TEST_DATABASE_URL` is set).

#![allow(clippy::unwrap_used)]

mod access;
mod article30;
mod audit;
mod batching;
mod browser;
mod cli;
mod concurrency;
mod console;
mod deletion;
mod demo;
mod errors;
mod graphql;
mod http;
mod inventory;
mod lint;
mod map;
mod migrations;
mod notice;
mod pagination;
mod robustness;
mod schema;
mod snapshot;
mod support;
