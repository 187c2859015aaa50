//! The data-flow map of an organisation: where its data comes from, which
//! processing activities use it, whom they disclose it to and in which
//! countries it ends up, as a layered graph
//! (sources -> activities -> recipients -> countries). Transfers out of the
//! EEA are edges coloured by their mechanism and marked when the mechanism
//! does not cover them on the date of the map, by the lint's rules.
//!
//! [`build`] derives the model from the graph; [`dot`] and [`svg`] draw it.

mod dot;
mod svg;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use entity::enums::TransferMechanism;
use entity::{processing_activity, transfer};

use crate::article30::labels::{self, Labelled};
use crate::domain::kind::EntityKind;
use crate::error::{Error, Result};
use crate::graph::{ActivityIndex, Inventory};
use crate::lint;

pub use dot::dot;
pub use svg::svg;

/// An organisation's data flows on a date, or those of one of its
/// activities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Map {
    pub organization: String,
    pub organization_name: String,
    /// The one activity drawn, when the map is not the whole organisation's.
    pub activity: Option<MapActivity>,
    pub as_of: NaiveDate,
    /// In layer order, then by key.
    pub nodes: Vec<Node>,
    /// By source node, target node, then transfer key.
    pub edges: Vec<Edge>,
}

/// The activity a map is drawn for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapActivity {
    pub key: String,
    pub name: String,
}

impl Map {
    /// Whose flows the map shows: "MinIO, Inc." or "Marketing (MinIO, Inc.)".
    pub fn subject(&self) -> String {
        match &self.activity {
            Some(activity) => format!("{} ({})", activity.name, self.organization_name),
            None => self.organization_name.clone(),
        }
    }
}

/// The columns of the map, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    Source,
    Activity,
    Recipient,
    Country,
}

impl Layer {
    pub const ALL: [Layer; 4] = [
        Layer::Source,
        Layer::Activity,
        Layer::Recipient,
        Layer::Country,
    ];

    /// The prefix of its nodes' ids.
    pub fn word(self) -> &'static str {
        match self {
            Layer::Source => "source",
            Layer::Activity => "activity",
            Layer::Recipient => "recipient",
            Layer::Country => "country",
        }
    }

    /// The heading of its column.
    pub fn title(self) -> &'static str {
        match self {
            Layer::Source => "Sources",
            Layer::Activity => "Processing activities",
            Layer::Recipient => "Recipients",
            Layer::Country => "Countries",
        }
    }
}

/// What the key of a country node is when a transfer names no country.
pub const COUNTRY_NOT_STATED: &str = "not-stated";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Stable across runs and inventories: `<layer>:<key>`, such as
    /// `activity:minio-support` or `country:US`.
    pub id: String,
    pub layer: Layer,
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub flow: Flow,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flow {
    /// A source supplies data an activity uses.
    Supplies,
    /// An activity discloses data to a recipient.
    Discloses,
    /// A recipient is established in a country.
    LocatedIn,
    /// Data leaves for a country, under a mechanism.
    Transfer(TransferFlow),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferFlow {
    pub key: String,
    pub name: String,
    pub mechanism: Option<TransferMechanism>,
    pub class: MechanismClass,
    /// Why the mechanism does not cover the transfer on the map's date;
    /// empty when it does (or when none is needed, within the EEA).
    pub invalid_because: Vec<String>,
    /// What else the lint says of it (a mechanism since invalidated, no
    /// country named).
    pub notes: Vec<String>,
}

impl TransferFlow {
    pub fn is_valid(&self) -> bool {
        self.invalid_because.is_empty()
    }

    /// The mechanism as a reader names it.
    pub fn mechanism_label(&self) -> &'static str {
        self.mechanism.unwrap_or(TransferMechanism::None).label()
    }
}

/// The kinds of transfer mechanism the map tells apart by colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MechanismClass {
    Adequacy,
    DataPrivacyFramework,
    ContractualClauses,
    BindingCorporateRules,
    CodeOrCertification,
    Derogation,
    /// Privacy Shield and Safe Harbor, struck down by the CJEU.
    Historical,
    None,
}

impl MechanismClass {
    pub const ALL: [MechanismClass; 8] = [
        MechanismClass::Adequacy,
        MechanismClass::DataPrivacyFramework,
        MechanismClass::ContractualClauses,
        MechanismClass::BindingCorporateRules,
        MechanismClass::CodeOrCertification,
        MechanismClass::Derogation,
        MechanismClass::Historical,
        MechanismClass::None,
    ];

    pub fn of(mechanism: Option<TransferMechanism>) -> MechanismClass {
        use TransferMechanism as M;
        match mechanism {
            Some(M::AdequacyDecision) => MechanismClass::Adequacy,
            Some(M::DataPrivacyFramework) => MechanismClass::DataPrivacyFramework,
            Some(
                M::StandardContractualClauses
                | M::LegacyStandardContractualClauses
                | M::UkIdta
                | M::UkAddendum
                | M::AdHocContractualClauses,
            ) => MechanismClass::ContractualClauses,
            Some(M::BindingCorporateRules) => MechanismClass::BindingCorporateRules,
            Some(M::CodeOfConduct | M::Certification) => MechanismClass::CodeOrCertification,
            Some(M::Derogation) => MechanismClass::Derogation,
            Some(M::PrivacyShield | M::SafeHarbor) => MechanismClass::Historical,
            Some(M::None) | None => MechanismClass::None,
        }
    }

    /// Its colour; distinct in hue and lightness, and never the red of an
    /// invalid transfer.
    pub fn colour(self) -> &'static str {
        match self {
            MechanismClass::Adequacy => "#2e7d32",
            MechanismClass::DataPrivacyFramework => "#1565c0",
            MechanismClass::ContractualClauses => "#6a1b9a",
            MechanismClass::BindingCorporateRules => "#00838f",
            MechanismClass::CodeOrCertification => "#9e7c00",
            MechanismClass::Derogation => "#e65100",
            MechanismClass::Historical => "#6d4c41",
            MechanismClass::None => "#616161",
        }
    }

    /// A name for ids and classes.
    pub fn key(self) -> &'static str {
        match self {
            MechanismClass::Adequacy => "adequacy",
            MechanismClass::DataPrivacyFramework => "dpf",
            MechanismClass::ContractualClauses => "clauses",
            MechanismClass::BindingCorporateRules => "bcr",
            MechanismClass::CodeOrCertification => "code-or-certification",
            MechanismClass::Derogation => "derogation",
            MechanismClass::Historical => "historical",
            MechanismClass::None => "none",
        }
    }

    /// What the legend says of it.
    pub fn legend(self) -> &'static str {
        match self {
            MechanismClass::Adequacy => "adequacy decision",
            MechanismClass::DataPrivacyFramework => "EU-US Data Privacy Framework",
            MechanismClass::ContractualClauses => "contractual clauses (SCCs, UK IDTA)",
            MechanismClass::BindingCorporateRules => "binding corporate rules",
            MechanismClass::CodeOrCertification => "code of conduct or certification",
            MechanismClass::Derogation => "Art. 49 derogation",
            MechanismClass::Historical => "Privacy Shield or Safe Harbor",
            MechanismClass::None => "no mechanism",
        }
    }
}

/// The colour of a transfer whose mechanism does not cover it.
pub const INVALID_COLOUR: &str = "#c62828";
/// The colour of flows that are not transfers.
pub const FLOW_COLOUR: &str = "#9e9e9e";

/// The data-flow map of the organisation with key `organization` (or of
/// only its activity with key `activity`), with transfers judged as of
/// `as_of`.
pub fn build(
    graph: &Inventory,
    organization: &str,
    activity: Option<&str>,
    as_of: NaiveDate,
) -> Result<Map> {
    let owner = graph
        .organizations
        .by_key(organization)
        .ok_or_else(|| Error::not_found(EntityKind::Organization, organization))?;
    let index = ActivityIndex::new(graph);
    let mut drawing = Drawing::default();
    let focus = activity
        .map(|key| {
            graph
                .activities
                .by_key(key)
                .filter(|activity| activity.organization_id == owner.id)
                .ok_or_else(|| Error::not_found(EntityKind::ProcessingActivity, key))
        })
        .transpose()?;
    let activities: Vec<&processing_activity::Model> = match focus {
        Some(activity) => vec![activity],
        None => graph
            .activities
            .all()
            .iter()
            .filter(|activity| activity.organization_id == owner.id)
            .collect(),
    };
    for activity in activities {
        drawing.activity(graph, &index, activity, as_of);
    }
    let focus = focus.map(|activity| MapActivity {
        key: activity.key.clone(),
        name: activity.name.clone(),
    });
    Ok(drawing.finish(owner.key.clone(), owner.name.clone(), focus, as_of))
}

/// The nodes and edges found so far, keyed so that each is drawn once and
/// in a stable order.
#[derive(Default)]
struct Drawing {
    nodes: BTreeMap<(Layer, String), String>,
    plain_edges: BTreeSet<(String, String, FlowKind)>,
    transfers: BTreeMap<(String, String, String), TransferFlow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum FlowKind {
    Supplies,
    Discloses,
    LocatedIn,
}

fn node_id(layer: Layer, key: &str) -> String {
    format!("{}:{key}", layer.word())
}

impl Drawing {
    fn node(&mut self, layer: Layer, key: &str, label: impl FnOnce() -> String) -> String {
        self.nodes
            .entry((layer, key.to_owned()))
            .or_insert_with(label);
        node_id(layer, key)
    }

    fn country(&mut self, code: Option<&str>) -> String {
        match code {
            Some(code) => self.node(Layer::Country, code, || labels::country(code)),
            None => self.node(Layer::Country, COUNTRY_NOT_STATED, || {
                "country not stated".to_owned()
            }),
        }
    }

    fn recipient(&mut self, recipient: &entity::recipient::Model) -> String {
        let id = self.node(Layer::Recipient, &recipient.key, || recipient.name.clone());
        if let Some(code) = recipient.country.as_deref() {
            let country = self.country(Some(code));
            self.plain_edges
                .insert((id.clone(), country, FlowKind::LocatedIn));
        }
        id
    }

    fn activity(
        &mut self,
        graph: &Inventory,
        index: &ActivityIndex<'_>,
        activity: &processing_activity::Model,
        as_of: NaiveDate,
    ) {
        let id = self.node(Layer::Activity, &activity.key, || activity.name.clone());
        for link in index.data_categories.of(activity.id) {
            if let Some(source) = link.source_id.and_then(|id| graph.sources.get(id)) {
                let from = self.node(Layer::Source, &source.key, || source.name.clone());
                self.plain_edges
                    .insert((from, id.clone(), FlowKind::Supplies));
            }
        }
        for link in index.recipients.of(activity.id) {
            if let Some(recipient) = graph.recipients.get(link.recipient_id) {
                let to = self.recipient(recipient);
                self.plain_edges
                    .insert((id.clone(), to, FlowKind::Discloses));
            }
        }
        for link in index.transfers.of(activity.id) {
            let Some(transfer) = graph.transfers.get(link.transfer_id) else {
                continue;
            };
            // A transfer to a recipient leaves from the recipient, which the
            // activity discloses to, whether or not it lists it.
            let from = match transfer
                .recipient_id
                .and_then(|id| graph.recipients.get(id))
            {
                Some(recipient) => {
                    let recipient = self.recipient(recipient);
                    self.plain_edges
                        .insert((id.clone(), recipient.clone(), FlowKind::Discloses));
                    recipient
                }
                None => id.clone(),
            };
            let to = self.country(transfer.country.as_deref());
            self.transfers
                .entry((from, to, transfer.key.clone()))
                .or_insert_with(|| transfer_flow(graph, transfer, as_of));
        }
    }

    fn finish(
        self,
        organization: String,
        organization_name: String,
        activity: Option<MapActivity>,
        as_of: NaiveDate,
    ) -> Map {
        let nodes = self
            .nodes
            .into_iter()
            .map(|((layer, key), label)| Node {
                id: node_id(layer, &key),
                layer,
                key,
                label,
            })
            .collect();
        // A transfer from a recipient to its own country says more than
        // that the recipient is there: draw only the transfer.
        let transferred: BTreeSet<(&str, &str)> = self
            .transfers
            .keys()
            .map(|(from, to, _)| (from.as_str(), to.as_str()))
            .collect();
        let mut edges: Vec<Edge> = self
            .plain_edges
            .iter()
            .filter(|(from, to, kind)| {
                *kind != FlowKind::LocatedIn || !transferred.contains(&(from.as_str(), to.as_str()))
            })
            .map(|(from, to, kind)| Edge {
                from: from.clone(),
                to: to.clone(),
                flow: match kind {
                    FlowKind::Supplies => Flow::Supplies,
                    FlowKind::Discloses => Flow::Discloses,
                    FlowKind::LocatedIn => Flow::LocatedIn,
                },
            })
            .collect();
        edges.extend(
            self.transfers
                .into_iter()
                .map(|((from, to, _), flow)| Edge {
                    from,
                    to,
                    flow: Flow::Transfer(flow),
                }),
        );
        edges.sort_by(|a, b| {
            (&a.from, &a.to, transfer_key(a)).cmp(&(&b.from, &b.to, transfer_key(b)))
        });
        Map {
            organization,
            organization_name,
            activity,
            as_of,
            nodes,
            edges,
        }
    }
}

fn transfer_key(edge: &Edge) -> &str {
    match &edge.flow {
        Flow::Transfer(transfer) => &transfer.key,
        _ => "",
    }
}

fn transfer_flow(graph: &Inventory, transfer: &transfer::Model, as_of: NaiveDate) -> TransferFlow {
    let (invalid, notes): (Vec<_>, Vec<_>) = lint::transfer_problems(graph, transfer, as_of)
        .into_iter()
        .partition(lint::TransferProblem::invalidates);
    TransferFlow {
        key: transfer.key.clone(),
        name: transfer.name.clone(),
        mechanism: transfer.mechanism,
        class: MechanismClass::of(transfer.mechanism),
        invalid_because: invalid.into_iter().map(|problem| problem.reason).collect(),
        notes: notes.into_iter().map(|problem| problem.reason).collect(),
    }
}

/// What a transfer's edge says in the drawing: its mechanism, and whether
/// that covers it on the date. The reasons are longer than an edge can carry
/// legibly; they are in `transfer_description` (the hover title) and in the
/// console's table of transfers.
fn transfer_caption(transfer: &TransferFlow, as_of: NaiveDate) -> String {
    let mechanism = transfer.mechanism_label();
    if transfer.is_valid() {
        mechanism.to_owned()
    } else {
        format!("{mechanism}\nnot valid on {as_of}")
    }
}

/// Everything about a transfer, one line each: its name, its mechanism, why
/// that does not cover it on the date, and what else the lint says.
fn transfer_description(transfer: &TransferFlow, as_of: NaiveDate) -> String {
    let mut lines = vec![transfer.name.clone(), transfer.mechanism_label().to_owned()];
    if !transfer.is_valid() {
        lines.push(format!(
            "not valid on {as_of}: {}",
            transfer.invalid_because.join("; ")
        ));
    }
    lines.extend(transfer.notes.iter().map(|note| format!("note: {note}")));
    lines.join("\n")
}

/// Breaks `text` into lines of at most `width` characters where it can,
/// at spaces; existing line breaks stay.
fn wrap(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_and_keeps_line_breaks() {
        assert_eq!(wrap("one two three four", 9), "one two\nthree\nfour");
        assert_eq!(wrap("a\nb c", 10), "a\nb c");
        assert_eq!(wrap("unbreakablewordhere", 5), "unbreakablewordhere");
    }

    #[test]
    fn every_mechanism_has_a_class_with_its_own_colour() {
        let colours: BTreeSet<&str> = MechanismClass::ALL
            .iter()
            .map(|class| class.colour())
            .collect();
        assert_eq!(colours.len(), MechanismClass::ALL.len());
        assert!(!colours.contains(INVALID_COLOUR));
        assert_eq!(
            MechanismClass::of(Some(TransferMechanism::PrivacyShield)),
            MechanismClass::Historical
        );
        assert_eq!(MechanismClass::of(None), MechanismClass::None);
    }
}
