//! The GDPR Article 30 record of processing activities: the controller
//! record (Art. 30(1)) and the processor record (Art. 30(2)) of one
//! organisation, as rows of cells computed from the loaded graph, and
//! written as CSV, XLSX or JSON. Pure functions of the graph: the same
//! graph gives the same bytes.
//!
//! Rows come in activity key order; the values of a cell in the order of
//! their text (the rights in article order), joined as `items` describes.

pub mod columns;
pub mod csv;
pub mod import;

pub mod items;
pub mod json;
pub mod labels;
pub mod xlsx;

use std::collections::BTreeSet;

use entity::enums::{ActivityRole, SecurityMeasureKind};
use entity::{activity_purpose, organization, processing_activity, retention_rule, transfer};

use crate::domain::kind::EntityKind;
use crate::domain::rights;
use crate::error::{Error, Result};
use crate::graph::{ActivityIndex, Inventory};
use columns::*;
use items::{about, detailed};
use labels::{Labelled, yes_no};

/// Which record: Art. 30(1) for what the organisation controls (alone or
/// jointly), Art. 30(2) for what it processes on behalf of others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, async_graphql::Enum)]
#[graphql(name = "Article30Role")]
pub enum RecordKind {
    #[default]
    Controller,
    Processor,
}

impl RecordKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            RecordKind::Controller => columns::CONTROLLER,
            RecordKind::Processor => columns::PROCESSOR,
        }
    }

    fn covers(self, role: ActivityRole) -> bool {
        match self {
            RecordKind::Controller => role != ActivityRole::Processor,
            RecordKind::Processor => role == ActivityRole::Processor,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            RecordKind::Controller => "controller",
            RecordKind::Processor => "processor",
        }
    }
}

/// One cell: a single value, or several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    One(Option<String>),
    Many(Vec<String>),
}

impl Cell {
    /// The cell as one text: several values joined per `items`.
    pub fn text(&self) -> String {
        match self {
            Cell::One(value) => value.clone().unwrap_or_default(),
            Cell::Many(values) => items::join(values),
        }
    }

    pub fn values(&self) -> Vec<String> {
        match self {
            Cell::One(value) => value.iter().cloned().collect(),
            Cell::Many(values) => values.clone(),
        }
    }
}

/// One activity's row: a cell per column of its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub reference: String,
    pub cells: Vec<Cell>,
}

/// Rows a core computes at a time: enough to be worth a thread, few enough
/// that a batch of all cores' rows stays small in memory.
const ROWS_PER_TASK: usize = 256;

/// The rows of a record, in order.
pub struct Rows<'r, 'g> {
    record: &'r Record<'g>,
    /// Threads a batch is shared among.
    cores: usize,
    /// Activities whose rows are computed.
    done: usize,
    ready: std::vec::IntoIter<Row>,
}

impl Iterator for Rows<'_, '_> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if let Some(row) = self.ready.next() {
            return Some(row);
        }
        let rest = &self.record.activities[self.done..];
        let batch = &rest[..rest.len().min(ROWS_PER_TASK * self.cores)];
        if batch.is_empty() {
            return None;
        }
        self.done += batch.len();
        self.ready = self.record.batch(batch, self.cores).into_iter();
        self.ready.next()
    }
}

/// The record of one organisation, ready to yield its rows one at a time
/// (an export of many thousands of activities never holds them all).
pub struct Record<'g> {
    graph: &'g Inventory,
    pub kind: RecordKind,
    pub organization: &'g organization::Model,
    activities: Vec<&'g processing_activity::Model>,
    index: ActivityIndex<'g>,
}

impl<'g> Record<'g> {
    pub fn new(graph: &'g Inventory, organization_key: &str, kind: RecordKind) -> Result<Self> {
        let organization = graph
            .organizations
            .by_key(organization_key)
            .ok_or_else(|| Error::not_found(EntityKind::Organization, organization_key))?;
        let activities: Vec<_> = graph
            .activities
            .all()
            .iter()
            .filter(|activity| {
                activity.organization_id == organization.id && kind.covers(activity.role)
            })
            .collect();
        Ok(Record {
            graph,
            kind,
            organization,
            index: ActivityIndex::new(graph),
            activities,
        })
    }

    pub fn columns(&self) -> &'static [Column] {
        self.kind.columns()
    }

    pub fn len(&self) -> usize {
        self.activities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
    }

    /// The rows in order, computed a batch at a time on every core.
    pub fn rows(&self) -> Rows<'_, 'g> {
        Rows {
            record: self,
            // Asked once: on Linux the answer is read from cgroup files.
            cores: std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            done: 0,
            ready: Vec::new().into_iter(),
        }
    }

    /// The rows of `activities`, shared out among the cores.
    fn batch(&self, activities: &[&'g processing_activity::Model], cores: usize) -> Vec<Row> {
        if cores == 1 || activities.len() < 2 * ROWS_PER_TASK {
            return activities
                .iter()
                .map(|activity| self.row(activity))
                .collect();
        }
        std::thread::scope(|scope| {
            let tasks: Vec<_> = activities
                .chunks(activities.len().div_ceil(cores))
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|activity| self.row(activity))
                            .collect::<Vec<Row>>()
                    })
                })
                .collect();
            tasks
                .into_iter()
                .flat_map(|task| {
                    task.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    }

    fn row(&self, activity: &processing_activity::Model) -> Row {
        let facts = Facts::of(self.graph, &self.index, activity);
        let cells = self
            .columns()
            .iter()
            .map(|column| self.cell(activity, &facts, column.id))
            .collect();
        Row {
            reference: activity.key.clone(),
            cells,
        }
    }

    fn cell(&self, activity: &processing_activity::Model, facts: &Facts<'_>, id: &str) -> Cell {
        let graph = self.graph;
        let text = |value: &Option<String>| Cell::One(value.clone());
        let flag = |value: Option<bool>| Cell::One(value.map(|value| yes_no(value).to_owned()));
        match id {
            REFERENCE => Cell::One(Some(activity.key.clone())),
            ACTIVITY => Cell::One(Some(activity.name.clone())),
            DESCRIPTION => text(&activity.description),
            STATUS => Cell::One(Some(activity.status.label().to_owned())),
            BUSINESS_FUNCTION => text(&activity.business_function),
            PURPOSES | PROCESSING => {
                sorted(facts.purposes.iter().map(|(purpose, _)| purpose.clone()))
            }
            JOINT_CONTROLLERS | CONTROLLERS => {
                sorted(facts.controllers.iter().map(|controller| party(controller)))
            }
            CONTROLLER_REPRESENTATIVES => sorted(facts.controllers.iter().flat_map(|controller| {
                [
                    ("EU representative", controller.eu_representative_id),
                    ("UK representative", controller.uk_representative_id),
                ]
                .into_iter()
                .filter_map(|(role, id)| {
                    let representative = graph.organizations.get(id?)?;
                    Some(about(
                        &controller.name,
                        &format!("{role} {}", party(representative)),
                    ))
                })
            })),
            CONTROLLER_DPOS => sorted(facts.controllers.iter().filter_map(|controller| {
                let dpo = dpo(controller)?;
                Some(about(&controller.name, &dpo))
            })),
            DATA_SUBJECTS => sorted(facts.data_subjects.iter().cloned()),
            DATA_CATEGORIES => sorted(
                facts
                    .data_categories
                    .iter()
                    .map(|(category, _)| category.clone())
                    .collect::<BTreeSet<_>>(),
            ),
            RECIPIENTS => sorted(facts.recipients.iter().map(|recipient| {
                detailed(
                    &recipient.name,
                    &[
                        ("kind", Some(recipient.kind.label().to_owned())),
                        ("country", recipient.country.as_deref().map(labels::country)),
                    ],
                )
            })),
            PROCESSOR_CONTRACTS => sorted(facts.recipients.iter().filter_map(|recipient| {
                Some(about(&recipient.name, recipient.contract_url.as_deref()?))
            })),
            THIRD_COUNTRIES => sorted(
                facts
                    .transfers
                    .iter()
                    .filter_map(|transfer| transfer.country.as_deref().map(labels::country))
                    .collect::<BTreeSet<_>>(),
            ),
            TRANSFERS => sorted(
                facts
                    .transfers
                    .iter()
                    .map(|transfer| self.transfer(transfer)),
            ),
            RETENTION => sorted(
                facts
                    .retention
                    .iter()
                    .map(|(category, rule)| match category {
                        Some(category) => about(category, &retention(rule)),
                        None => retention(rule),
                    })
                    .collect::<BTreeSet<_>>(),
            ),
            SECURITY_MEASURES => sorted(facts.security_measures.iter().map(|measure| {
                detailed(
                    &measure.name,
                    &[
                        ("kind", Some(kind_label(measure.kind).to_owned())),
                        ("description", measure.description.clone()),
                    ],
                )
            })),
            LAWFUL_BASES => sorted(
                facts
                    .purposes
                    .iter()
                    .filter_map(|(purpose, link)| Some(about(purpose, link.lawful_basis?.label()))),
            ),
            UK_LAWFUL_BASES => match activity.uk_schedule1_condition {
                Some(_) => self.cell(activity, facts, LAWFUL_BASES),
                None => Cell::Many(Vec::new()),
            },
            SPECIAL_CATEGORY_CONDITIONS => {
                sorted(facts.purposes.iter().flat_map(|(purpose, link)| {
                    let special = link
                        .special_category_condition
                        .map(|condition| about(purpose, condition.label()));
                    let criminal = link
                        .criminal_offence_condition
                        .as_deref()
                        .map(|condition| about(purpose, &format!("{CRIMINAL_PREFIX}{condition}")));
                    special.into_iter().chain(criminal)
                }))
            }
            LEGITIMATE_INTERESTS => sorted(facts.purposes.iter().filter_map(|(purpose, link)| {
                Some(about(purpose, link.legitimate_interest.as_deref()?))
            })),
            LEGITIMATE_INTERESTS_ASSESSMENTS => sorted(
                facts
                    .purposes
                    .iter()
                    .filter_map(|(purpose, link)| Some(about(purpose, link.lia_url.as_deref()?))),
            ),
            RIGHTS => Cell::Many(
                rights::available(
                    facts
                        .purposes
                        .iter()
                        .filter_map(|(_, link)| link.lawful_basis),
                    activity.automated_decision_making == Some(true),
                )
                .into_iter()
                .map(|right| right.label().to_owned())
                .collect(),
            ),
            AUTOMATED_DECISION_MAKING => {
                Cell::One(activity.automated_decision_making.map(|used| {
                    match (used, &activity.automated_decision_details) {
                        (true, Some(details)) => format!("yes: {details}"),
                        (used, _) => yes_no(used).to_owned(),
                    }
                }))
            }
            SOURCES => sorted(
                facts
                    .data_categories
                    .iter()
                    .filter_map(|(category, source)| {
                        let source = (*source)?;
                        Some(about(
                            category,
                            &detailed(
                                &source.name,
                                &[("kind", Some(source.kind.label().to_owned()))],
                            ),
                        ))
                    })
                    .collect::<BTreeSet<_>>(),
            ),
            CONSENT_RECORD => text(&activity.consent_record_url),
            LOCATIONS => sorted(facts.systems.iter().map(|system| {
                let vendor = system
                    .vendor_id
                    .and_then(|id| graph.recipients.get(id))
                    .map(referred_recipient);
                detailed(
                    &system.name,
                    &[
                        (
                            "hosted in",
                            system.hosting_country.as_deref().map(labels::country),
                        ),
                        ("location", system.location.clone()),
                        ("vendor", vendor),
                    ],
                )
            })),
            DPIA_REQUIRED => flag(activity.dpia_required),
            DPIA_PROGRESS => {
                Cell::One(activity.dpia_status.map(|status| status.label().to_owned()))
            }
            DPIA_LINK => text(&activity.dpia_url),
            BREACH_OCCURRED => flag(activity.breach_occurred),
            BREACH_RECORD => text(&activity.breach_record_url),
            UK_SCHEDULE1_CONDITION => text(&activity.uk_schedule1_condition),
            RETENTION_POLICIES => sorted(
                facts
                    .retention
                    .iter()
                    .filter_map(|(_, rule)| Some(about(&rule.name, rule.policy_url.as_deref()?)))
                    .collect::<BTreeSet<_>>(),
            ),
            RETENTION_POLICY_FOLLOWED => flag(activity.retention_policy_followed),
            RETENTION_POLICY_DEVIATION => text(&activity.retention_deviation_reason),
            _ => Cell::One(self.contact(id).flatten()),
        }
    }

    /// The cell of a column of the organisation's contact block; `None`
    /// for other columns.
    pub fn contact(&self, id: &str) -> Option<Option<String>> {
        let graph = self.graph;
        let organization = self.organization;
        let eu = organization
            .eu_representative_id
            .and_then(|id| graph.organizations.get(id));
        let uk = organization
            .uk_representative_id
            .and_then(|id| graph.organizations.get(id));
        Some(match id {
            ORGANIZATION => Some(organization.name.clone()),
            ORGANIZATION_ADDRESS => organization.address.clone(),
            ORGANIZATION_EMAIL => organization.email.clone(),
            ORGANIZATION_TELEPHONE => organization.phone.clone(),
            DPO => organization.dpo_name.clone(),
            DPO_ADDRESS => organization.dpo_address.clone(),
            DPO_EMAIL => organization.dpo_email.clone(),
            DPO_TELEPHONE => organization.dpo_phone.clone(),
            EU_REPRESENTATIVE => eu.map(|rep| rep.name.clone()),
            EU_REPRESENTATIVE_ADDRESS => eu.and_then(|rep| rep.address.clone()),
            EU_REPRESENTATIVE_EMAIL => eu.and_then(|rep| rep.email.clone()),
            EU_REPRESENTATIVE_TELEPHONE => eu.and_then(|rep| rep.phone.clone()),
            UK_REPRESENTATIVE => uk.map(|rep| rep.name.clone()),
            UK_REPRESENTATIVE_ADDRESS => uk.and_then(|rep| rep.address.clone()),
            UK_REPRESENTATIVE_EMAIL => uk.and_then(|rep| rep.email.clone()),
            UK_REPRESENTATIVE_TELEPHONE => uk.and_then(|rep| rep.phone.clone()),
            _ => return None,
        })
    }

    /// The organisation's contact block: each header with its value.
    pub fn contact_block(&self) -> Vec<(&'static str, Option<String>)> {
        self.columns()
            .iter()
            .filter_map(|column| Some((column.header, self.contact(column.id)?)))
            .collect()
    }

    fn transfer(&self, transfer: &transfer::Model) -> String {
        let recipient = transfer
            .recipient_id
            .and_then(|id| self.graph.recipients.get(id))
            .map(referred_recipient);
        detailed(
            &transfer.name,
            &[
                ("to", transfer.country.as_deref().map(labels::country)),
                (
                    "mechanism",
                    transfer
                        .mechanism
                        .map(|mechanism| mechanism.label().to_owned()),
                ),
                (
                    "module",
                    transfer.scc_module.map(|module| module.label().to_owned()),
                ),
                (
                    "derogation",
                    transfer
                        .derogation
                        .map(|derogation| derogation.label().to_owned()),
                ),
                ("recipient", recipient),
                (
                    "occasional",
                    transfer
                        .occasional
                        .map(|occasional| yes_no(occasional).to_owned()),
                ),
                (
                    "contract date",
                    transfer.contract_date.map(|date| date.to_string()),
                ),
                ("safeguard", transfer.safeguard_url.clone()),
                ("access", transfer.safeguard_access.clone()),
            ],
        )
    }
}

/// Marks an Art. 10 condition among the Art. 9 ones of column M.
pub const CRIMINAL_PREFIX: &str = "Art. 10 ";

/// The labels of the details of each kind of value, in their order.
pub const PARTY_DETAILS: &[&str] = &["email", "telephone", "address"];
pub const RECIPIENT_DETAILS: &[&str] = &["kind", "country"];
pub const TRANSFER_DETAILS: &[&str] = &[
    "to",
    "mechanism",
    "module",
    "derogation",
    "recipient",
    "occasional",
    "contract date",
    "safeguard",
    "access",
];
pub const RETENTION_DETAILS: &[&str] = &["period", "from", "criteria", "legal requirement", "then"];
pub const MEASURE_DETAILS: &[&str] = &["kind", "description"];
pub const SOURCE_DETAILS: &[&str] = &["kind"];
pub const SYSTEM_DETAILS: &[&str] = &["hosted in", "location", "vendor"];

fn kind_label(kind: SecurityMeasureKind) -> &'static str {
    kind.label()
}

fn sorted(values: impl IntoIterator<Item = String>) -> Cell {
    let mut values: Vec<String> = values.into_iter().collect();
    values.sort();
    values.dedup();
    Cell::Many(values)
}

/// A recipient a transfer or system refers to: its name and kind (enough
/// to create it where the activity does not list it among its recipients).
fn referred_recipient(recipient: &entity::recipient::Model) -> String {
    format!("{} ({})", recipient.name, recipient.kind.label())
}

/// An organisation with its contact details.
fn party(organization: &organization::Model) -> String {
    detailed(
        &organization.name,
        &[
            ("email", organization.email.clone()),
            ("telephone", organization.phone.clone()),
            ("address", organization.address.clone()),
        ],
    )
}

/// An organisation's DPO with contact details, if it has one.
fn dpo(organization: &organization::Model) -> Option<String> {
    let name = organization.dpo_name.clone().or_else(|| {
        (organization.dpo_email.is_some() || organization.dpo_phone.is_some())
            .then(|| "Data protection officer".to_owned())
    })?;
    Some(detailed(
        &name,
        &[
            ("email", organization.dpo_email.clone()),
            ("telephone", organization.dpo_phone.clone()),
            ("address", organization.dpo_address.clone()),
        ],
    ))
}

/// A retention rule with what it says.
fn retention(rule: &retention_rule::Model) -> String {
    detailed(
        &rule.name,
        &[
            ("period", rule.period.as_deref().map(labels::period)),
            ("from", rule.runs_from.clone()),
            ("criteria", rule.criteria.clone()),
            ("legal requirement", rule.legal_requirement.clone()),
            (
                "then",
                rule.end_action.map(|action| action.label().to_owned()),
            ),
        ],
    )
}

/// The rows of `table` that `links` point at.
fn rows<'g, L, M>(
    table: &'g crate::graph::Table<M>,
    links: &[&L],
    target: impl Fn(&L) -> i32,
) -> Vec<&'g M> {
    links
        .iter()
        .filter_map(|link| table.get(target(link)))
        .collect()
}

/// What one activity links to, resolved to the linked rows.
struct Facts<'g> {
    purposes: Vec<(String, &'g activity_purpose::Model)>,
    /// Category name, and the source of that link.
    data_categories: Vec<(String, Option<&'g entity::source::Model>)>,
    controllers: Vec<&'g organization::Model>,
    data_subjects: Vec<String>,
    recipients: Vec<&'g entity::recipient::Model>,
    transfers: Vec<&'g transfer::Model>,
    /// Each rule, with the data category it is specific to.
    retention: Vec<(Option<String>, &'g retention_rule::Model)>,
    systems: Vec<&'g entity::system::Model>,
    security_measures: Vec<&'g entity::security_measure::Model>,
}

impl<'g> Facts<'g> {
    fn of(
        graph: &'g Inventory,
        index: &ActivityIndex<'g>,
        activity: &processing_activity::Model,
    ) -> Self {
        let id = activity.id;
        let purposes = index
            .purposes
            .of(id)
            .iter()
            .filter_map(|link| Some((graph.purposes.get(link.purpose_id)?.name.clone(), *link)))
            .collect();
        let category_links = index.data_categories.of(id);
        let data_categories = category_links
            .iter()
            .filter_map(|link| {
                let category = graph.data_categories.get(link.data_category_id)?;
                let source = link.source_id.and_then(|source| graph.sources.get(source));
                Some((category.name.clone(), source))
            })
            .collect();
        let mut retention: Vec<(Option<String>, &retention_rule::Model)> =
            rows(&graph.retention_rules, index.retentions.of(id), |link| {
                link.retention_rule_id
            })
            .into_iter()
            .map(|rule| (None, rule))
            .collect();
        let categories: BTreeSet<i32> = category_links
            .iter()
            .map(|link| link.data_category_id)
            .collect();
        for category_id in categories {
            let Some(category) = graph.data_categories.get(category_id) else {
                continue;
            };
            for link in index.category_retentions.of(category_id) {
                if let Some(rule) = graph.retention_rules.get(link.retention_rule_id) {
                    retention.push((Some(category.name.clone()), rule));
                }
            }
        }
        Facts {
            purposes,
            data_categories,
            controllers: rows(&graph.organizations, index.controllers.of(id), |link| {
                link.organization_id
            }),
            data_subjects: rows(&graph.data_subjects, index.data_subjects.of(id), |link| {
                link.data_subject_category_id
            })
            .into_iter()
            .map(|subject| subject.name.clone())
            .collect(),
            recipients: rows(&graph.recipients, index.recipients.of(id), |link| {
                link.recipient_id
            }),
            transfers: rows(&graph.transfers, index.transfers.of(id), |link| {
                link.transfer_id
            }),
            retention,
            systems: rows(&graph.systems, index.systems.of(id), |link| link.system_id),
            security_measures: rows(
                &graph.security_measures,
                index.security_measures.of(id),
                |link| link.security_measure_id,
            ),
        }
    }
}

/// The headers of the transfers sheet, one row per activity and transfer.
pub const TRANSFER_HEADERS: &[&str] = &[
    "Reference",
    "Processing activity",
    "Transfer",
    "Country",
    "Mechanism",
    "Standard contractual clauses module",
    "Art. 49 derogation",
    "Recipient",
    "Occasional",
    "Contract date",
    "Safeguard document",
    "How to obtain a copy",
];

impl Record<'_> {
    /// Every transfer of every activity in the record, a row each with
    /// the cells of [`TRANSFER_HEADERS`].
    pub fn transfer_rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        self.activities.iter().flat_map(move |activity| {
            let mut transfers = rows(
                &self.graph.transfers,
                self.index.transfers.of(activity.id),
                |link| link.transfer_id,
            );
            transfers.sort_by(|a, b| (&a.name, &a.key).cmp(&(&b.name, &b.key)));
            transfers.into_iter().map(move |transfer| {
                let text = |value: Option<String>| value.unwrap_or_default();
                vec![
                    activity.key.clone(),
                    activity.name.clone(),
                    transfer.name.clone(),
                    text(transfer.country.as_deref().map(labels::country)),
                    text(transfer.mechanism.map(|value| value.label().to_owned())),
                    text(transfer.scc_module.map(|value| value.label().to_owned())),
                    text(transfer.derogation.map(|value| value.label().to_owned())),
                    text(
                        transfer
                            .recipient_id
                            .and_then(|id| self.graph.recipients.get(id))
                            .map(|recipient| recipient.name.clone()),
                    ),
                    text(transfer.occasional.map(|value| yes_no(value).to_owned())),
                    text(transfer.contract_date.map(|date| date.to_string())),
                    text(transfer.safeguard_url.clone()),
                    text(transfer.safeguard_access.clone()),
                ]
            })
        })
    }
}
