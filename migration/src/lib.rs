//! Schema migrations of the ropa inventory graph. They run unchanged on
//! SQLite and PostgreSQL, never import the entity crate, and never seed data.

pub use sea_orm_migration::prelude::*;

mod common;
mod m20261123_000001_create_organization;
mod m20261123_000002_create_purpose;
mod m20261123_000003_create_data_category;
mod m20261123_000004_create_data_subject_category;
mod m20261123_000005_create_source;
mod m20261123_000006_create_recipient;
mod m20261123_000007_create_transfer;
mod m20261123_000008_create_retention_rule;
mod m20261123_000009_create_system;
mod m20261123_000010_create_security_measure;
mod m20261123_000011_create_processing_activity;
mod m20261123_000012_create_activity_controller;
mod m20261123_000013_create_activity_purpose;
mod m20261123_000014_create_activity_data_category;
mod m20261123_000015_create_activity_data_subject;
mod m20261123_000016_create_activity_recipient;
mod m20261123_000017_create_activity_transfer;
mod m20261123_000018_create_activity_retention;
mod m20261123_000019_create_data_category_retention;
mod m20261123_000020_create_activity_system;
mod m20261123_000021_create_activity_security_measure;
mod m20261123_000022_create_api_token;
mod m20261123_000023_create_audit_entry;
mod m20261204_000024_create_notice_version;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_organization::Migration),
            Box::new(m20261123_000002_create_purpose::Migration),
            Box::new(m20261123_000003_create_data_category::Migration),
            Box::new(m20261123_000004_create_data_subject_category::Migration),
            Box::new(m20261123_000005_create_source::Migration),
            Box::new(m20261123_000006_create_recipient::Migration),
            Box::new(m20261123_000007_create_transfer::Migration),
            Box::new(m20261123_000008_create_retention_rule::Migration),
            Box::new(m20261123_000009_create_system::Migration),
            Box::new(m20261123_000010_create_security_measure::Migration),
            Box::new(m20261123_000011_create_processing_activity::Migration),
            Box::new(m20261123_000012_create_activity_controller::Migration),
            Box::new(m20261123_000013_create_activity_purpose::Migration),
            Box::new(m20261123_000014_create_activity_data_category::Migration),
            Box::new(m20261123_000015_create_activity_data_subject::Migration),
            Box::new(m20261123_000016_create_activity_recipient::Migration),
            Box::new(m20261123_000017_create_activity_transfer::Migration),
            Box::new(m20261123_000018_create_activity_retention::Migration),
            Box::new(m20261123_000019_create_data_category_retention::Migration),
            Box::new(m20261123_000020_create_activity_system::Migration),
            Box::new(m20261123_000021_create_activity_security_measure::Migration),
            Box::new(m20261123_000022_create_api_token::Migration),
            Box::new(m20261123_000023_create_audit_entry::Migration),
            Box::new(m20261204_000024_create_notice_version::Migration),
        ]
    }
}
