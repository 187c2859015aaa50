//! What the console's pages show, worked out from the loaded graph: pure
//! functions, like every other output, so the pages are as testable as the
//! record and the notice.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::article30::labels;
use crate::domain::kind::EntityKind;
use crate::graph::{ActivityIndex, Inventory};
use crate::lint::Finding;

/// A link to an entity's page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Link {
    pub text: String,
    pub href: String,
    /// What the link means here ("legitimate interests", "from the website").
    pub detail: Option<String>,
}

/// The path segment of a kind's pages.
pub fn collection(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Organization => "organizations",
        EntityKind::ProcessingActivity => "activities",
        EntityKind::Purpose => "purposes",
        EntityKind::DataCategory => "data-categories",
        EntityKind::DataSubjectCategory => "data-subjects",
        EntityKind::Source => "sources",
        EntityKind::Recipient => "recipients",
        EntityKind::Transfer => "transfers",
        EntityKind::RetentionRule => "retention-rules",
        EntityKind::System => "systems",
        EntityKind::SecurityMeasure => "security-measures",
    }
}

/// "Data category"
pub fn singular(kind: EntityKind) -> String {
    let words = match kind {
        EntityKind::ProcessingActivity => "processing activity".to_owned(),
        EntityKind::DataSubjectCategory => "data subject category".to_owned(),
        other => other.to_string(),
    };
    capitalised(&words)
}

/// "Data categories"
pub fn plural(kind: EntityKind) -> String {
    match kind {
        EntityKind::ProcessingActivity => "Processing activities".to_owned(),
        EntityKind::DataSubjectCategory => "Data subject categories".to_owned(),
        EntityKind::DataCategory => "Data categories".to_owned(),
        EntityKind::SecurityMeasure => "Security measures".to_owned(),
        EntityKind::Organization => "Organisations".to_owned(),
        other => format!("{}s", singular(other)),
    }
}

pub fn href(kind: EntityKind, key: &str) -> String {
    format!("/{}/{key}", collection(kind))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `legitimate_interests` → "Legitimate interests".
pub fn words(snake: &str) -> String {
    capitalised(&snake.replace('_', " "))
}

/// One entity as a list or a page shows it: the columns every kind has.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub id: i32,
    pub key: String,
    pub name: String,
    /// The organisation owning it; none for shared catalogue entries.
    pub organization_id: Option<i32>,
    /// Every column, as stored.
    pub row: Value,
}

fn summaries<M: Serialize>(rows: &[M]) -> Vec<Summary> {
    rows.iter()
        .filter_map(|row| {
            let value = serde_json::to_value(row).ok()?;
            let id = i32::try_from(value.get("id")?.as_i64()?).ok()?;
            let key = value.get("key")?.as_str()?.to_owned();
            let name = value.get("name")?.as_str()?.to_owned();
            let organization_id = value
                .get("organization_id")
                .and_then(Value::as_i64)
                .and_then(|id| i32::try_from(id).ok());
            Some(Summary {
                id,
                key,
                name,
                organization_id,
                row: value,
            })
        })
        .collect()
}

/// Every entity of `kind`, in key order.
pub fn entities(graph: &Inventory, kind: EntityKind) -> Vec<Summary> {
    match kind {
        EntityKind::Organization => summaries(graph.organizations.all()),
        EntityKind::ProcessingActivity => summaries(graph.activities.all()),
        EntityKind::Purpose => summaries(graph.purposes.all()),
        EntityKind::DataCategory => summaries(graph.data_categories.all()),
        EntityKind::DataSubjectCategory => summaries(graph.data_subjects.all()),
        EntityKind::Source => summaries(graph.sources.all()),
        EntityKind::Recipient => summaries(graph.recipients.all()),
        EntityKind::Transfer => summaries(graph.transfers.all()),
        EntityKind::RetentionRule => summaries(graph.retention_rules.all()),
        EntityKind::System => summaries(graph.systems.all()),
        EntityKind::SecurityMeasure => summaries(graph.security_measures.all()),
    }
}

/// The link to entity `id` of `kind`, if it exists.
fn link_to(graph: &Inventory, kind: EntityKind, id: i32) -> Option<Link> {
    let (key, name) = match kind {
        EntityKind::Organization => graph.organizations.get(id).map(|r| (&r.key, &r.name)),
        EntityKind::ProcessingActivity => graph.activities.get(id).map(|r| (&r.key, &r.name)),
        EntityKind::Purpose => graph.purposes.get(id).map(|r| (&r.key, &r.name)),
        EntityKind::DataCategory => graph.data_categories.get(id).map(|r| (&r.key, &r.name)),
        EntityKind::DataSubjectCategory => graph.data_subjects.get(id).map(|r| (&r.key, &r.name)),
        EntityKind::Source => graph.sources.get(id).map(|r| (&r.key, &r.name)),
        EntityKind::Recipient => graph.recipients.get(id).map(|r| (&r.key, &r.name)),
        EntityKind::Transfer => graph.transfers.get(id).map(|r| (&r.key, &r.name)),
        EntityKind::RetentionRule => graph.retention_rules.get(id).map(|r| (&r.key, &r.name)),
        EntityKind::System => graph.systems.get(id).map(|r| (&r.key, &r.name)),
        EntityKind::SecurityMeasure => graph.security_measures.get(id).map(|r| (&r.key, &r.name)),
    }?;
    Some(Link {
        text: name.clone(),
        href: href(kind, key),
        detail: None,
    })
}

fn with_detail(link: Option<Link>, detail: Option<String>) -> Option<Link> {
    link.map(|link| Link { detail, ..link })
}

/// A row of a list page.
#[derive(Debug, Clone, Serialize)]
pub struct ListRow {
    pub link: Link,
    pub key: String,
    /// The owning organisation, or "shared".
    pub owner: String,
    /// How many activities use it (the organisation's own, for organisations).
    pub activities: usize,
}

/// The entities of `kind` whose name or key contains `search` (any case).
pub fn list(graph: &Inventory, kind: EntityKind, search: &str) -> Vec<ListRow> {
    let needle = search.trim().to_lowercase();
    let uses = usage_counts(graph, kind);
    entities(graph, kind)
        .into_iter()
        .filter(|entity| {
            needle.is_empty()
                || entity.name.to_lowercase().contains(&needle)
                || entity.key.to_lowercase().contains(&needle)
        })
        .map(|entity| {
            let owner = match (kind, entity.organization_id) {
                (EntityKind::ProcessingActivity, Some(id)) | (_, Some(id)) => graph
                    .organizations
                    .get(id)
                    .map_or_else(String::new, |org| org.name.clone()),
                (_, None) if kind == EntityKind::Organization => String::new(),
                (_, None) => "shared".to_owned(),
            };
            ListRow {
                link: Link {
                    text: entity.name.clone(),
                    href: href(kind, &entity.key),
                    detail: None,
                },
                activities: uses.get(&entity.id).map_or(0, BTreeSet::len),
                key: entity.key,
                owner,
            }
        })
        .collect()
}

/// For each entity of `kind`, the activities that use it.
fn usage_counts(graph: &Inventory, kind: EntityKind) -> BTreeMap<i32, BTreeSet<i32>> {
    let mut uses: BTreeMap<i32, BTreeSet<i32>> = BTreeMap::new();
    let mut add = |target: i32, activity: i32| {
        uses.entry(target).or_default().insert(activity);
    };
    match kind {
        EntityKind::Organization => graph
            .activities
            .all()
            .iter()
            .for_each(|a| add(a.organization_id, a.id)),
        EntityKind::ProcessingActivity => {}
        EntityKind::Purpose => graph
            .activity_purposes
            .iter()
            .for_each(|l| add(l.purpose_id, l.activity_id)),
        EntityKind::DataCategory => graph
            .activity_data_categories
            .iter()
            .for_each(|l| add(l.data_category_id, l.activity_id)),
        EntityKind::DataSubjectCategory => graph
            .activity_data_subjects
            .iter()
            .for_each(|l| add(l.data_subject_category_id, l.activity_id)),
        EntityKind::Source => graph.activity_data_categories.iter().for_each(|l| {
            if let Some(source) = l.source_id {
                add(source, l.activity_id);
            }
        }),
        EntityKind::Recipient => graph
            .activity_recipients
            .iter()
            .for_each(|l| add(l.recipient_id, l.activity_id)),
        EntityKind::Transfer => graph
            .activity_transfers
            .iter()
            .for_each(|l| add(l.transfer_id, l.activity_id)),
        EntityKind::RetentionRule => graph
            .activity_retentions
            .iter()
            .for_each(|l| add(l.retention_rule_id, l.activity_id)),
        EntityKind::System => graph
            .activity_systems
            .iter()
            .for_each(|l| add(l.system_id, l.activity_id)),
        EntityKind::SecurityMeasure => graph
            .activity_security_measures
            .iter()
            .for_each(|l| add(l.security_measure_id, l.activity_id)),
    }
    uses
}

/// One attribute on an entity's page.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    /// Empty when the inventory does not say.
    pub value: String,
    pub link: Option<Link>,
}

/// Links of one kind on an entity's page.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub heading: String,
    pub links: Vec<Link>,
}

/// An entity's page: its attributes, everything it links to and everything
/// linking to it, and the findings about it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityPage {
    pub kind: String,
    pub collection: &'static str,
    pub key: String,
    pub name: String,
    pub version: i64,
    pub summary: String,
    pub organization: Option<Link>,
    pub facts: Vec<Fact>,
    pub groups: Vec<Group>,
    pub findings: Vec<FindingRow>,
}

/// A finding as the console lists it, with the page to fix it on.
#[derive(Debug, Clone, Serialize)]
pub struct FindingRow {
    pub severity: String,
    pub code: &'static str,
    pub entity: Link,
    pub message: String,
    pub article: &'static str,
    pub fix: &'static str,
}

pub fn finding_rows(graph: &Inventory, findings: &[Finding]) -> Vec<FindingRow> {
    findings
        .iter()
        .map(|finding| {
            let name = entities_by_key(graph, finding.kind, &finding.key)
                .map_or_else(|| finding.key.clone(), |entity| entity.name);
            FindingRow {
                severity: finding.severity.word().to_owned(),
                code: finding.code,
                entity: Link {
                    text: name,
                    href: href(finding.kind, &finding.key),
                    detail: Some(singular(finding.kind)),
                },
                message: finding.message.clone(),
                article: finding.article,
                fix: finding.fix,
            }
        })
        .collect()
}

fn entities_by_key(graph: &Inventory, kind: EntityKind, key: &str) -> Option<Summary> {
    entities(graph, kind)
        .into_iter()
        .find(|entity| entity.key == key)
}

/// The columns every page shows elsewhere, or that are ids.
const NOT_FACTS: [&str; 6] = ["id", "key", "name", "version", "created_at", "updated_at"];

/// The page of entity `key` of `kind`; `None` when there is none.
pub fn entity_page(
    graph: &Inventory,
    kind: EntityKind,
    key: &str,
    findings: &[Finding],
) -> Option<EntityPage> {
    let entity = entities_by_key(graph, kind, key)?;
    let index = ActivityIndex::new(graph);
    let mut facts = Vec::new();
    let mut organization = None;
    if let Value::Object(columns) = &entity.row {
        for (column, value) in columns {
            if NOT_FACTS.contains(&column.as_str()) {
                continue;
            }
            if let Some(stem) = column.strip_suffix("_id") {
                let target = reference_kind(kind, stem);
                let linked = value
                    .as_i64()
                    .and_then(|id| i32::try_from(id).ok())
                    .and_then(|id| target.and_then(|target| link_to(graph, target, id)));
                if stem == "organization" {
                    organization = linked.clone();
                }
                facts.push(Fact {
                    label: label(stem),
                    value: linked
                        .as_ref()
                        .map_or_else(String::new, |link| link.text.clone()),
                    link: linked,
                });
                continue;
            }
            facts.push(Fact {
                label: label(column),
                value: shown(column, value),
                link: None,
            });
        }
    }
    let groups = groups(graph, &index, kind, entity.id);
    let summary = summary(graph, &index, kind, &entity);
    let findings = finding_rows(
        graph,
        &findings
            .iter()
            .filter(|finding| finding.kind == kind && finding.key == key)
            .cloned()
            .collect::<Vec<_>>(),
    );
    Some(EntityPage {
        kind: singular(kind),
        collection: collection(kind),
        version: entity
            .row
            .get("version")
            .and_then(Value::as_i64)
            .unwrap_or(0),
        key: entity.key,
        name: entity.name,
        summary,
        organization,
        facts,
        groups,
        findings,
    })
}

/// The kind a `<stem>_id` column of `kind` refers to.
fn reference_kind(kind: EntityKind, stem: &str) -> Option<EntityKind> {
    match (kind, stem) {
        (_, "organization" | "eu_representative" | "uk_representative") => {
            Some(EntityKind::Organization)
        }
        (EntityKind::Organization, "parent") => Some(EntityKind::Organization),
        (EntityKind::DataCategory, "parent") => Some(EntityKind::DataCategory),
        (_, "recipient" | "vendor") => Some(EntityKind::Recipient),
        _ => None,
    }
}

/// Columns holding a closed vocabulary, stored in snake case.
const VOCABULARY_COLUMNS: [&str; 12] = [
    "role",
    "status",
    "kind",
    "sensitivity",
    "special_category_kind",
    "ccpa_category",
    "mechanism",
    "scc_module",
    "derogation",
    "end_action",
    "provision_requirement",
    "dpia_status",
];

/// A column's name as a label: `dpia_url` → "DPIA link".
fn label(column: &str) -> String {
    let spelled: Vec<&str> = column
        .split('_')
        .map(|word| match word {
            "ccpa" => "CCPA",
            "dpia" => "DPIA",
            "dpo" => "DPO",
            "uk" => "UK",
            "eu" => "EU",
            "dpf" => "DPF",
            "scc" => "SCC",
            "url" => "link",
            "organization" => "organisation",
            other => other,
        })
        .collect();
    capitalised(&spelled.join(" "))
}

/// A stored value as a person reads it.
fn shown(column: &str, value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => "Yes".to_owned(),
        Value::Bool(false) => "No".to_owned(),
        Value::Number(number) => number.to_string(),
        Value::String(text) if column.ends_with("country") => labels::country(text),
        Value::String(text) if column == "period" => labels::period(text),
        Value::String(text) if VOCABULARY_COLUMNS.contains(&column) => words(text),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn activities_linking(
    graph: &Inventory,
    ids: impl Iterator<Item = (i32, Option<String>)>,
) -> Vec<Link> {
    let mut links: Vec<Link> = ids
        .filter_map(|(id, detail)| {
            with_detail(link_to(graph, EntityKind::ProcessingActivity, id), detail)
        })
        .collect();
    links.sort();
    links.dedup();
    links
}

fn group(heading: &str, mut links: Vec<Link>) -> Option<Group> {
    links.sort();
    links.dedup();
    (!links.is_empty()).then(|| Group {
        heading: heading.to_owned(),
        links,
    })
}

fn basis(link: &entity::activity_purpose::Model) -> Option<String> {
    let basis = link
        .lawful_basis
        .as_ref()
        .and_then(|basis| serde_json::to_value(basis).ok())
        .and_then(|value| value.as_str().map(words));
    match (basis, &link.legitimate_interest) {
        (Some(basis), Some(interest)) => Some(format!("{basis}: {interest}")),
        (Some(basis), None) => Some(basis),
        (None, _) => Some("no lawful basis recorded".to_owned()),
    }
}

fn category_detail(
    graph: &Inventory,
    link: &entity::activity_data_category::Model,
) -> Option<String> {
    let source = link
        .source_id
        .and_then(|id| graph.sources.get(id))
        .map(|source| format!("from {}", source.name));
    let required = link
        .required
        .map(|required| if required { "required" } else { "optional" }.to_owned());
    let parts: Vec<String> = source.into_iter().chain(required).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn transfer_detail(graph: &Inventory, id: i32) -> Option<String> {
    let transfer = graph.transfers.get(id)?;
    let country = transfer.country.as_deref().map(labels::country);
    let mechanism = transfer
        .mechanism
        .as_ref()
        .and_then(|mechanism| serde_json::to_value(mechanism).ok())
        .and_then(|value| value.as_str().map(words))
        .unwrap_or_else(|| "no safeguard recorded".to_owned());
    Some(match country {
        Some(country) => format!("to {country}, {mechanism}"),
        None => mechanism,
    })
}

fn retention_detail(graph: &Inventory, id: i32) -> Option<String> {
    let rule = graph.retention_rules.get(id)?;
    rule.period
        .as_deref()
        .map(labels::period)
        .or_else(|| rule.criteria.clone())
}

fn groups(graph: &Inventory, index: &ActivityIndex<'_>, kind: EntityKind, id: i32) -> Vec<Group> {
    let simple = |target: EntityKind, ids: Vec<i32>| -> Vec<Link> {
        ids.into_iter()
            .filter_map(|id| link_to(graph, target, id))
            .collect()
    };
    let mut groups = Vec::new();
    match kind {
        EntityKind::ProcessingActivity => {
            groups.extend(group(
                "Purposes and lawful bases",
                index
                    .purposes
                    .of(id)
                    .iter()
                    .filter_map(|l| {
                        with_detail(link_to(graph, EntityKind::Purpose, l.purpose_id), basis(l))
                    })
                    .collect(),
            ));
            groups.extend(group(
                "Data categories",
                index
                    .data_categories
                    .of(id)
                    .iter()
                    .filter_map(|l| {
                        with_detail(
                            link_to(graph, EntityKind::DataCategory, l.data_category_id),
                            category_detail(graph, l),
                        )
                    })
                    .collect(),
            ));
            groups.extend(group(
                "Data subjects",
                simple(
                    EntityKind::DataSubjectCategory,
                    index
                        .data_subjects
                        .of(id)
                        .iter()
                        .map(|l| l.data_subject_category_id)
                        .collect(),
                ),
            ));
            groups.extend(group(
                "Recipients",
                simple(
                    EntityKind::Recipient,
                    index
                        .recipients
                        .of(id)
                        .iter()
                        .map(|l| l.recipient_id)
                        .collect(),
                ),
            ));
            groups.extend(group(
                "International transfers",
                index
                    .transfers
                    .of(id)
                    .iter()
                    .filter_map(|l| {
                        with_detail(
                            link_to(graph, EntityKind::Transfer, l.transfer_id),
                            transfer_detail(graph, l.transfer_id),
                        )
                    })
                    .collect(),
            ));
            groups.extend(group(
                "Retention",
                index
                    .retentions
                    .of(id)
                    .iter()
                    .filter_map(|l| {
                        with_detail(
                            link_to(graph, EntityKind::RetentionRule, l.retention_rule_id),
                            retention_detail(graph, l.retention_rule_id),
                        )
                    })
                    .collect(),
            ));
            groups.extend(group(
                "Systems",
                simple(
                    EntityKind::System,
                    index.systems.of(id).iter().map(|l| l.system_id).collect(),
                ),
            ));
            groups.extend(group(
                "Security measures",
                simple(
                    EntityKind::SecurityMeasure,
                    index
                        .security_measures
                        .of(id)
                        .iter()
                        .map(|l| l.security_measure_id)
                        .collect(),
                ),
            ));
            groups.extend(group(
                "Other controllers",
                simple(
                    EntityKind::Organization,
                    index
                        .controllers
                        .of(id)
                        .iter()
                        .map(|l| l.organization_id)
                        .collect(),
                ),
            ));
        }
        EntityKind::Organization => {
            groups.extend(group(
                "Processing activities",
                graph
                    .activities
                    .all()
                    .iter()
                    .filter(|a| a.organization_id == id)
                    .filter_map(|a| link_to(graph, EntityKind::ProcessingActivity, a.id))
                    .collect(),
            ));
        }
        EntityKind::Purpose => groups.extend(group(
            "Used by",
            activities_linking(
                graph,
                graph
                    .activity_purposes
                    .iter()
                    .filter(|l| l.purpose_id == id)
                    .map(|l| (l.activity_id, basis(l))),
            ),
        )),
        EntityKind::DataCategory => {
            let links: Vec<&entity::activity_data_category::Model> = graph
                .activity_data_categories
                .iter()
                .filter(|l| l.data_category_id == id)
                .collect();
            groups.extend(group(
                "Used by",
                activities_linking(
                    graph,
                    links
                        .iter()
                        .map(|l| (l.activity_id, category_detail(graph, l))),
                ),
            ));
            groups.extend(group(
                "Sent to",
                recipients_of(graph, index, links.iter().map(|l| l.activity_id)),
            ));
            groups.extend(group(
                "Kept under",
                retention_of_category(graph, index, id, links.iter().map(|l| l.activity_id)),
            ));
            groups.extend(group(
                "Narrower categories",
                simple(
                    EntityKind::DataCategory,
                    graph
                        .data_categories
                        .all()
                        .iter()
                        .filter(|c| c.parent_id == Some(id))
                        .map(|c| c.id)
                        .collect(),
                ),
            ));
        }
        EntityKind::DataSubjectCategory => groups.extend(group(
            "Used by",
            activities_linking(
                graph,
                graph
                    .activity_data_subjects
                    .iter()
                    .filter(|l| l.data_subject_category_id == id)
                    .map(|l| (l.activity_id, None)),
            ),
        )),
        EntityKind::Source => groups.extend(group(
            "Provides data to",
            activities_linking(
                graph,
                graph
                    .activity_data_categories
                    .iter()
                    .filter(|l| l.source_id == Some(id))
                    .map(|l| {
                        let category = graph.data_categories.get(l.data_category_id);
                        (l.activity_id, category.map(|c| c.name.clone()))
                    }),
            ),
        )),
        EntityKind::Recipient => {
            groups.extend(group(
                "Receives data from",
                activities_linking(
                    graph,
                    graph
                        .activity_recipients
                        .iter()
                        .filter(|l| l.recipient_id == id)
                        .map(|l| (l.activity_id, None)),
                ),
            ));
            groups.extend(group(
                "Transfers to it",
                graph
                    .transfers
                    .all()
                    .iter()
                    .filter(|t| t.recipient_id == Some(id))
                    .filter_map(|t| {
                        with_detail(
                            link_to(graph, EntityKind::Transfer, t.id),
                            transfer_detail(graph, t.id),
                        )
                    })
                    .collect(),
            ));
            groups.extend(group(
                "Systems it provides",
                simple(
                    EntityKind::System,
                    graph
                        .systems
                        .all()
                        .iter()
                        .filter(|s| s.vendor_id == Some(id))
                        .map(|s| s.id)
                        .collect(),
                ),
            ));
        }
        EntityKind::Transfer => groups.extend(group(
            "Used by",
            activities_linking(
                graph,
                graph
                    .activity_transfers
                    .iter()
                    .filter(|l| l.transfer_id == id)
                    .map(|l| (l.activity_id, None)),
            ),
        )),
        EntityKind::RetentionRule => {
            groups.extend(group(
                "Used by",
                activities_linking(
                    graph,
                    graph
                        .activity_retentions
                        .iter()
                        .filter(|l| l.retention_rule_id == id)
                        .map(|l| (l.activity_id, None)),
                ),
            ));
            groups.extend(group(
                "Data categories kept under it",
                simple(
                    EntityKind::DataCategory,
                    graph
                        .data_category_retentions
                        .iter()
                        .filter(|l| l.retention_rule_id == id)
                        .map(|l| l.data_category_id)
                        .collect(),
                ),
            ));
        }
        EntityKind::System => groups.extend(group(
            "Used by",
            activities_linking(
                graph,
                graph
                    .activity_systems
                    .iter()
                    .filter(|l| l.system_id == id)
                    .map(|l| (l.activity_id, None)),
            ),
        )),
        EntityKind::SecurityMeasure => groups.extend(group(
            "Used by",
            activities_linking(
                graph,
                graph
                    .activity_security_measures
                    .iter()
                    .filter(|l| l.security_measure_id == id)
                    .map(|l| (l.activity_id, None)),
            ),
        )),
    }
    groups
}

fn recipients_of(
    graph: &Inventory,
    index: &ActivityIndex<'_>,
    activities: impl Iterator<Item = i32>,
) -> Vec<Link> {
    let ids: BTreeSet<i32> = activities
        .flat_map(|activity| index.recipients.of(activity).iter().map(|l| l.recipient_id))
        .collect();
    ids.into_iter()
        .filter_map(|id| link_to(graph, EntityKind::Recipient, id))
        .collect()
}

/// The rules a data category is kept under: its own, and those of the
/// activities using it.
fn retention_of_category(
    graph: &Inventory,
    index: &ActivityIndex<'_>,
    category: i32,
    activities: impl Iterator<Item = i32>,
) -> Vec<Link> {
    let mut ids: BTreeSet<i32> = index
        .category_retentions
        .of(category)
        .iter()
        .map(|l| l.retention_rule_id)
        .collect();
    ids.extend(activities.flat_map(|activity| {
        index
            .retentions
            .of(activity)
            .iter()
            .map(|l| l.retention_rule_id)
    }));
    ids.into_iter()
        .filter_map(|id| {
            with_detail(
                link_to(graph, EntityKind::RetentionRule, id),
                retention_detail(graph, id),
            )
        })
        .collect()
}

fn counted(count: usize, one: &str, many: &str) -> String {
    match count {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// One sentence that says how an entity is used.
fn summary(
    graph: &Inventory,
    index: &ActivityIndex<'_>,
    kind: EntityKind,
    entity: &Summary,
) -> String {
    let users = usage_counts(graph, kind)
        .remove(&entity.id)
        .unwrap_or_default();
    let used = counted(users.len(), "activity", "activities");
    match kind {
        EntityKind::ProcessingActivity => {
            let purposes = index.purposes.of(entity.id).len();
            let categories = index.data_categories.of(entity.id).len();
            let recipients = index.recipients.of(entity.id).len();
            format!(
                "{} serves {}, processes {} and shares it with {}.",
                entity.name,
                counted(purposes, "purpose", "purposes"),
                counted(categories, "data category", "data categories"),
                counted(recipients, "recipient", "recipients")
            )
        }
        EntityKind::Organization => format!("{} carries out {used}.", entity.name),
        EntityKind::DataCategory => {
            let recipients = recipients_of(graph, index, users.iter().copied()).len();
            let rules = retention_of_category(graph, index, entity.id, users.iter().copied());
            let periods: BTreeSet<String> = rules
                .iter()
                .filter_map(|link| link.href.rsplit('/').next())
                .filter_map(|key| graph.retention_rules.by_key(key))
                .filter_map(|rule| rule.period.as_deref().map(labels::period))
                .collect();
            let kept = match (rules.len(), periods.is_empty()) {
                (0, _) => "with no retention rule recorded".to_owned(),
                (count, true) => format!(
                    "kept under {} that state no period",
                    counted(count, "retention rule", "retention rules")
                ),
                (count, false) => format!(
                    "kept for {} (under {})",
                    periods.into_iter().collect::<Vec<_>>().join(", "),
                    counted(count, "retention rule", "retention rules")
                ),
            };
            format!(
                "{} is used by {used}, sent to {}, {kept}.",
                entity.name,
                counted(recipients, "recipient", "recipients")
            )
        }
        EntityKind::Recipient => format!("{} receives data from {used}.", entity.name),
        EntityKind::Source => format!("{} provides data to {used}.", entity.name),
        _ => format!("{} is used by {used}.", entity.name),
    }
}

/// An organisation's front page in the console.
#[derive(Debug, Clone, Serialize)]
pub struct OrganizationPage {
    pub page: EntityPage,
    pub activities: Vec<ActivityRow>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActivityRow {
    pub link: Link,
    pub role: String,
    pub status: String,
    pub findings: usize,
}

pub fn organization_page(
    graph: &Inventory,
    key: &str,
    findings: &[Finding],
) -> Option<OrganizationPage> {
    let page = entity_page(graph, EntityKind::Organization, key, findings)?;
    let organization = graph.organizations.by_key(key)?;
    let activities = graph
        .activities
        .all()
        .iter()
        .filter(|activity| activity.organization_id == organization.id)
        .map(|activity| ActivityRow {
            link: Link {
                text: activity.name.clone(),
                href: href(EntityKind::ProcessingActivity, &activity.key),
                detail: None,
            },
            role: enum_words(&activity.role),
            status: enum_words(&activity.status),
            findings: findings
                .iter()
                .filter(|f| f.kind == EntityKind::ProcessingActivity && f.key == activity.key)
                .count(),
        })
        .collect();
    let count = |severity: crate::lint::codes::Severity| {
        findings.iter().filter(|f| f.severity == severity).count()
    };
    Some(OrganizationPage {
        page,
        activities,
        errors: count(crate::lint::codes::Severity::Error),
        warnings: count(crate::lint::codes::Severity::Warning),
        infos: count(crate::lint::codes::Severity::Info),
    })
}

/// A stored enum value in words.
pub fn enum_words(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(words))
        .unwrap_or_default()
}

/// What matches a search across every kind.
#[derive(Debug, Clone, Serialize)]
pub struct SearchGroup {
    pub heading: String,
    pub collection: &'static str,
    pub rows: Vec<ListRow>,
}

pub fn search(graph: &Inventory, text: &str) -> Vec<SearchGroup> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    EntityKind::ALL
        .iter()
        .map(|&kind| SearchGroup {
            heading: plural(kind),
            collection: collection(kind),
            rows: list(graph, kind, text),
        })
        .filter(|group| !group.rows.is_empty())
        .collect()
}

/// A transfer on the data-flow map, as the table beside the drawing lists
/// it: the drawing's text alternative, with links to the entries.
#[derive(Debug, Clone, Serialize)]
pub struct MapTransferRow {
    pub transfer: Link,
    pub from: Link,
    pub country: String,
    pub colour: &'static str,
    pub mechanism: &'static str,
    /// Why the mechanism does not cover the transfer on the map's date.
    pub invalid_because: Vec<String>,
    pub notes: Vec<String>,
}

/// The transfers of `map`, in the map's order.
pub fn map_transfers(map: &crate::map::Map) -> Vec<MapTransferRow> {
    use crate::map::{Flow, Layer};
    let label = |id: &str| {
        map.nodes
            .iter()
            .find(|node| node.id == id)
            .map(|node| (node.layer, node.key.clone(), node.label.clone()))
    };
    map.edges
        .iter()
        .filter_map(|edge| {
            let Flow::Transfer(transfer) = &edge.flow else {
                return None;
            };
            let (layer, key, text) = label(&edge.from)?;
            let kind = match layer {
                Layer::Source => EntityKind::Source,
                Layer::Activity => EntityKind::ProcessingActivity,
                Layer::Recipient => EntityKind::Recipient,
                Layer::Country => return None,
            };
            let country = label(&edge.to).map_or_else(|| edge.to.clone(), |(_, _, text)| text);
            Some(MapTransferRow {
                transfer: Link {
                    text: transfer.name.clone(),
                    href: href(EntityKind::Transfer, &transfer.key),
                    detail: None,
                },
                from: Link {
                    href: href(kind, &key),
                    text,
                    detail: Some(singular(kind)),
                },
                country,
                colour: if transfer.is_valid() {
                    transfer.class.colour()
                } else {
                    crate::map::INVALID_COLOUR
                },
                mechanism: transfer.mechanism_label(),
                invalid_because: transfer.invalid_because.clone(),
                notes: transfer.notes.clone(),
            })
        })
        .collect()
}
