//! Published notices: immutable, numbered, dated versions, each with the
//! notice in every format, a hash of its content and the inventory it came
//! from. Publishing an unchanged notice makes no new version.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use entity::enums::AuditAction;
use entity::notice_version;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, Statement,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Format, Jurisdiction, Templates, notice, render};
use crate::domain::audit::{self, Actor, Change};
use crate::domain::write;
use crate::error::{Error, Result};
use crate::graph::Inventory;

/// What the audit trail calls a published notice.
pub const NOTICE_KIND: &str = "notice_version";

/// Any number will do, as long as every ropa process uses the same one.
const PUBLISH_LOCK_ID: i64 = 0x726f_7061_6e6f;

#[derive(Debug, Clone)]
pub struct Published {
    pub version: notice_version::Model,
    /// False when the notice had not changed, and `version` is the latest.
    pub created: bool,
}

/// Publishes the organisation's notice as it is now, effective on `effective`.
pub async fn publish(
    db: &DatabaseConnection,
    actor: &Actor,
    organization: &str,
    effective: NaiveDate,
    jurisdictions: &[Jurisdiction],
    force: bool,
) -> Result<Published> {
    let txn = write::begin(db).await?;
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        // One publish at a time, so two never take the same number.
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [PUBLISH_LOCK_ID.into()],
        ))
        .await?;
    }
    let graph = Inventory::load(&txn).await?;
    let mut model = notice(&graph, organization, jurisdictions)?;
    if !force {
        let errors: Vec<_> = crate::lint::lint(&graph, Some(organization), effective)?
            .into_iter()
            .filter(|finding| finding.severity == crate::lint::codes::Severity::Error)
            .collect();
        if !errors.is_empty() {
            return Err(Error::Findings {
                organization: organization.to_owned(),
                findings: errors,
            });
        }
    }
    let content =
        serde_json::to_string(&model).map_err(|err| Error::Io(std::io::Error::other(err)))?;
    let content_hash = hex(&Sha256::digest(content.as_bytes()));
    let latest = latest(&txn, organization).await?;
    if let Some(latest) = latest.as_ref() {
        if latest.content_hash == content_hash {
            txn.rollback().await?;
            return Ok(Published {
                version: latest.clone(),
                created: false,
            });
        }
        if effective < latest.effective_date {
            return Err(Error::invalid(
                "effectiveDate",
                format!(
                    "{effective} is before {}, when version {} took effect; a new version takes effect on or after it",
                    latest.effective_date, latest.number
                ),
            ));
        }
    }
    let number = latest.map_or(1, |latest| latest.number + 1);
    model.effective_date = Some(effective.to_string());
    model.version = Some(number);
    let templates = Templates::default();
    let jurisdictions_text = model
        .jurisdictions
        .iter()
        .map(|jurisdiction| match jurisdiction {
            Jurisdiction::Gdpr => "gdpr",
            Jurisdiction::Ccpa => "ccpa",
        })
        .collect::<Vec<_>>()
        .join(",");
    let row = notice_version::ActiveModel {
        organization_key: Set(organization.to_owned()),
        number: Set(number),
        effective_date: Set(effective),
        published_at: Set(write::now()),
        published_by: Set(actor.as_str().to_owned()),
        jurisdictions: Set(jurisdictions_text.clone()),
        content_hash: Set(content_hash.clone()),
        html: Set(render(&model, Format::Html, &templates)?),
        markdown: Set(render(&model, Format::Markdown, &templates)?),
        plain_text: Set(render(&model, Format::Text, &templates)?),
        json: Set(render(&model, Format::Json, &templates)?),
        snapshot: Set(crate::inventory::export::to_toml(&graph, organization)?),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Change {
            action: AuditAction::Create,
            kind: NOTICE_KIND,
            key: format!("{organization}/{number}"),
            before: None,
            after: Some(json!({
                "number": number,
                "effective_date": effective,
                "jurisdictions": jurisdictions_text,
                "content_hash": content_hash,
            })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Published {
        version: row,
        created: true,
    })
}

async fn latest(
    db: &impl ConnectionTrait,
    organization: &str,
) -> Result<Option<notice_version::Model>> {
    Ok(notice_version::Entity::find()
        .filter(notice_version::Column::OrganizationKey.eq(organization))
        .order_by_desc(notice_version::Column::Number)
        .one(db)
        .await?)
}

/// Version `number` of the organisation's notice, or its latest.
pub async fn version(
    db: &impl ConnectionTrait,
    organization: &str,
    number: Option<i32>,
) -> Result<notice_version::Model> {
    let found = match number {
        None => latest(db, organization).await?,
        Some(number) => {
            notice_version::Entity::find()
                .filter(notice_version::Column::OrganizationKey.eq(organization))
                .filter(notice_version::Column::Number.eq(number))
                .one(db)
                .await?
        }
    };
    found.ok_or_else(|| Error::NotPublished {
        organization: organization.to_owned(),
        version: number,
    })
}

/// Every version of the organisation's notice, oldest first.
pub async fn versions(
    db: &impl ConnectionTrait,
    organization: &str,
) -> Result<Vec<notice_version::Model>> {
    Ok(notice_version::Entity::find()
        .filter(notice_version::Column::OrganizationKey.eq(organization))
        .order_by_asc(notice_version::Column::Number)
        .all(db)
        .await?)
}

/// A published version in `format`.
pub fn content(version: &notice_version::Model, format: Format) -> &str {
    match format {
        Format::Html => &version.html,
        Format::Markdown => &version.markdown,
        Format::Text => &version.plain_text,
        Format::Json => &version.json,
    }
}

/// What changed from one version to another, in words, section by section.
pub fn changes(from: &notice_version::Model, to: &notice_version::Model) -> Result<Vec<String>> {
    Ok(changes_between(
        &published_model(from)?,
        &published_model(to)?,
    ))
}

/// What would change from the published version `from` if the notice
/// `draft` were published.
pub fn draft_changes(
    from: &notice_version::Model,
    draft: &crate::notice::Notice,
) -> Result<Vec<String>> {
    let draft = serde_json::to_value(draft).map_err(|err| Error::Io(std::io::Error::other(err)))?;
    Ok(changes_between(&published_model(from)?, &draft))
}

fn published_model(version: &notice_version::Model) -> Result<Value> {
    serde_json::from_str(&version.json).map_err(|err| Error::Io(std::io::Error::other(err)))
}

fn changes_between(before: &Value, after: &Value) -> Vec<String> {
    let mut said = Vec::new();
    for (what, items) in [
        (
            "data collected",
            collected as fn(&Value) -> BTreeMap<String, String>,
        ),
        ("purpose", purposes),
        ("recipient", recipients),
        ("transfer", transfers),
        ("retention rule", retention),
        ("right", rights),
        ("contact detail", contacts),
    ] {
        let (old, new) = (items(before), items(after));
        for (name, detail) in &new {
            match old.get(name) {
                None => said.push(format!("new {what}: {}", described(name, detail))),
                Some(previous) if previous != detail => {
                    said.push(format!("changed {what}: {}", described(name, detail)))
                }
                Some(_) => {}
            }
        }
        for (name, detail) in &old {
            if !new.contains_key(name) {
                said.push(format!("no longer: {what} {}", described(name, detail)));
            }
        }
    }
    said
}

fn described(name: &str, detail: &str) -> String {
    if detail.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({detail})")
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn array<'v>(notice: &'v Value, field: &str) -> impl Iterator<Item = &'v Value> {
    notice[field].as_array().into_iter().flatten()
}

fn collected(notice: &Value) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    for group in array(notice, "collection") {
        for category in group["categories"].as_array().into_iter().flatten() {
            items.insert(text(category), text(&group["title"]).to_lowercase());
        }
    }
    items
}

fn purposes(notice: &Value) -> BTreeMap<String, String> {
    array(notice, "purposes")
        .map(|purpose| {
            let bases: BTreeSet<String> = purpose["bases"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|basis| text(&basis["basis"]))
                .collect();
            (
                text(&purpose["name"]),
                bases.into_iter().collect::<Vec<_>>().join("; "),
            )
        })
        .collect()
}

fn recipients(notice: &Value) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    for group in array(notice, "recipients") {
        for recipient in group["recipients"].as_array().into_iter().flatten() {
            items.insert(
                text(&recipient["name"]),
                text(&group["title"]).to_lowercase(),
            );
        }
    }
    items
}

fn transfers(notice: &Value) -> BTreeMap<String, String> {
    array(notice, "transfers")
        .map(|transfer| {
            let detail = [text(&transfer["country"]), text(&transfer["safeguard"])]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            (text(&transfer["name"]), detail)
        })
        .collect()
}

fn retention(notice: &Value) -> BTreeMap<String, String> {
    array(notice, "retention")
        .map(|rule| {
            let detail = [text(&rule["period"]), text(&rule["criteria"])]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            (text(&rule["name"]), detail)
        })
        .collect()
}

fn rights(notice: &Value) -> BTreeMap<String, String> {
    array(notice, "rights")
        .map(|right| (text(&right["right"]), String::new()))
        .collect()
}

fn contacts(notice: &Value) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    for (label, value) in [
        ("address", &notice["organization"]["address"]),
        ("email", &notice["organization"]["email"]),
        ("telephone", &notice["organization"]["telephone"]),
        ("data protection officer", &notice["dpo"]["email"]),
        ("EU representative", &notice["eu_representative"]["name"]),
        ("UK representative", &notice["uk_representative"]["name"]),
    ] {
        let value = text(value);
        if !value.is_empty() {
            items.insert(label.to_owned(), value);
        }
    }
    items
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
