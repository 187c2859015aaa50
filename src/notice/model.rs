//! What a privacy notice must say (GDPR Arts. 13-14, and the California
//! privacy policy items), worked out from the loaded graph. Every sentence
//! the templates write comes from a field here; what the graph does not
//! state is left out and listed in `gaps`, never filled with filler.

use std::collections::{BTreeMap, BTreeSet};

use entity::enums::{
    ActivityRole, ActivityStatus, CcpaCategory, LawfulBasis, ProvisionRequirement, RecipientKind,
    SourceKind, SpecialCategoryCondition,
};
use entity::{organization, processing_activity};
use serde::Serialize;

use crate::article30::labels::{self, Labelled};
use crate::domain::kind::EntityKind;
use crate::domain::rights::{self, Right};
use crate::error::{Error, Result};
use crate::graph::{ActivityIndex, Inventory};

/// The laws a notice is written for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    /// GDPR Arts. 13 and 14 (and the UK GDPR).
    Gdpr,
    /// California: CCPA as amended by the CPRA.
    Ccpa,
}

impl Jurisdiction {
    /// `gdpr` or `ccpa`, as the command line and URLs spell them.
    pub fn parse(word: &str) -> Option<Self> {
        match word.trim().to_ascii_lowercase().as_str() {
            "gdpr" | "uk-gdpr" | "eu" => Some(Jurisdiction::Gdpr),
            "ccpa" | "cpra" | "california" => Some(Jurisdiction::Ccpa),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    pub organization: Party,
    pub dpo: Option<Dpo>,
    pub eu_representative: Option<Party>,
    pub uk_representative: Option<Party>,
    pub supervisory_authority: Option<String>,
    pub jurisdictions: Vec<Jurisdiction>,
    /// Set when the notice is published.
    pub effective_date: Option<String>,
    pub version: Option<i32>,
    pub summary: Summary,
    pub collection: Vec<CollectionGroup>,
    pub purposes: Vec<PurposeEntry>,
    pub recipients: Vec<RecipientGroup>,
    pub transfers: Vec<TransferEntry>,
    pub retention: Vec<RetentionEntry>,
    pub rights: Vec<RightEntry>,
    /// Where to send requests to exercise rights.
    pub contact_points: Vec<String>,
    pub automated_decisions: Vec<AutomatedDecision>,
    pub requirements: Vec<Requirement>,
    pub children: Vec<String>,
    pub california: Option<California>,
    /// What the notice should say and the graph does not state.
    pub gaps: Vec<Gap>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    pub name: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
    pub website: Option<String>,
}

/// The data protection officer; the name is often not published.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dpo {
    pub name: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// One line each: what is collected, by where it comes from.
    pub collected: Vec<String>,
    pub purposes: Vec<String>,
    pub shared_with: Vec<String>,
    pub countries: Vec<String>,
    pub rights: Vec<String>,
}

/// Data collected one way (from you, automatically, from others).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CollectionGroup {
    pub anchor: &'static str,
    pub title: &'static str,
    pub categories: Vec<String>,
    /// The sources, where the data does not come from the person.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurposeEntry {
    pub name: String,
    pub description: Option<String>,
    /// The data used for it.
    pub data: Vec<String>,
    pub bases: Vec<BasisEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct BasisEntry {
    /// "your consent", "our legitimate interests", ...
    pub basis: String,
    pub article: String,
    pub legitimate_interest: Option<String>,
    pub special_category_condition: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecipientGroup {
    pub title: &'static str,
    pub recipients: Vec<RecipientEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RecipientEntry {
    pub name: String,
    /// False when the name describes a category of recipients.
    pub named: bool,
    pub country: Option<String>,
    pub privacy_policy: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TransferEntry {
    pub name: String,
    pub country: Option<String>,
    pub recipient: Option<String>,
    pub safeguard: Option<String>,
    pub derogation: Option<String>,
    pub copy_at: Option<String>,
    pub how_to_get_a_copy: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RetentionEntry {
    pub name: String,
    /// The data or activities it applies to.
    pub applies_to: Vec<String>,
    pub period: Option<String>,
    pub runs_from: Option<String>,
    pub criteria: Option<String>,
    pub legal_requirement: Option<String>,
    pub end_action: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RightEntry {
    pub anchor: &'static str,
    pub right: &'static str,
    /// A word or two, for the summary.
    pub short: &'static str,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AutomatedDecision {
    pub activity: String,
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    pub activity: String,
    pub requirement: &'static str,
    pub consequence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct California {
    /// "A. Identifiers", with the data in it.
    pub categories: Vec<CaliforniaCategory>,
    pub sensitive: Vec<String>,
    pub sources: Vec<String>,
    pub business_purposes: Vec<String>,
    pub service_providers: Vec<String>,
    pub third_parties: Vec<String>,
    pub retention: Vec<String>,
    pub rights: Vec<RightEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaliforniaCategory {
    pub letter: &'static str,
    pub name: &'static str,
    pub examples: Vec<String>,
}

/// Something the notice ought to say that the graph does not state.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Gap {
    pub section: &'static str,
    pub kind: EntityKind,
    pub key: String,
    pub message: String,
}

/// The notice of the organisation with `key`, from the activities it
/// controls (alone or jointly) and has not retired.
pub fn notice(graph: &Inventory, key: &str, jurisdictions: &[Jurisdiction]) -> Result<Notice> {
    notice_indexed(graph, &ActivityIndex::new(graph), key, jurisdictions)
}

/// [`notice`], with the graph's links already indexed (the lint makes a
/// notice per organisation, from one index).
pub fn notice_indexed<'g>(
    graph: &'g Inventory,
    index: &'g ActivityIndex<'g>,
    key: &str,
    jurisdictions: &[Jurisdiction],
) -> Result<Notice> {
    let owner = graph
        .organizations
        .by_key(key)
        .ok_or_else(|| Error::not_found(EntityKind::Organization, key))?;
    let activities: Vec<&processing_activity::Model> = graph
        .activities
        .all()
        .iter()
        .filter(|activity| {
            activity.organization_id == owner.id
                && activity.role != ActivityRole::Processor
                && activity.status != ActivityStatus::Retired
        })
        .collect();
    let mut jurisdictions: Vec<Jurisdiction> = jurisdictions.to_vec();
    if jurisdictions.is_empty() {
        jurisdictions.push(Jurisdiction::Gdpr);
    }
    jurisdictions.sort();
    jurisdictions.dedup();
    let mut builder = Builder::new(graph, index, owner, activities);
    Ok(builder.build(jurisdictions))
}

struct Builder<'g> {
    graph: &'g Inventory,
    index: &'g ActivityIndex<'g>,
    owner: &'g organization::Model,
    activities: Vec<&'g processing_activity::Model>,
    ids: BTreeSet<i32>,
    gaps: Vec<Gap>,
}

impl<'g> Builder<'g> {
    fn new(
        graph: &'g Inventory,
        index: &'g ActivityIndex<'g>,
        owner: &'g organization::Model,
        activities: Vec<&'g processing_activity::Model>,
    ) -> Self {
        let ids = activities.iter().map(|activity| activity.id).collect();
        Builder {
            graph,
            index,
            owner,
            activities,
            ids,
            gaps: Vec::new(),
        }
    }

    fn gap(&mut self, section: &'static str, kind: EntityKind, key: &str, message: String) {
        self.gaps.push(Gap {
            section,
            kind,
            key: key.to_owned(),
            message,
        });
    }

    fn build(&mut self, jurisdictions: Vec<Jurisdiction>) -> Notice {
        let graph = self.graph;
        let owner = self.owner;
        let representative =
            |id: Option<i32>| id.and_then(|id| graph.organizations.get(id)).map(party);
        let dpo =
            (owner.dpo_name.is_some() || owner.dpo_email.is_some() || owner.dpo_phone.is_some())
                .then(|| Dpo {
                    name: owner.dpo_name.clone(),
                    address: owner.dpo_address.clone(),
                    email: owner.dpo_email.clone(),
                    telephone: owner.dpo_phone.clone(),
                });
        let collection = self.collection();
        let purposes = self.purposes();
        let recipients = self.recipients();
        let transfers = self.transfers();
        let retention = self.retention();
        let bases: Vec<LawfulBasis> = graph
            .activity_purposes
            .iter()
            .filter(|link| self.ids.contains(&link.activity_id))
            .filter_map(|link| link.lawful_basis)
            .collect();
        let automated = self
            .activities
            .iter()
            .any(|activity| activity.automated_decision_making == Some(true));
        let rights = gdpr_rights(&bases, automated);
        if bases.is_empty() && !self.activities.is_empty() {
            self.gap(
                "rights",
                EntityKind::Organization,
                &owner.key,
                "no purpose states a lawful basis, so the notice cannot say which rights apply"
                    .to_owned(),
            );
        }
        let mut contact_points: Vec<String> = [owner.dpo_email.clone(), owner.email.clone()]
            .into_iter()
            .flatten()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if contact_points.is_empty() {
            // Requests by post are requests too.
            contact_points.extend(
                owner
                    .address
                    .clone()
                    .map(|address| format!("{}, {address}", owner.name)),
            );
            self.gap(
                "contact",
                EntityKind::Organization,
                &owner.key,
                "the organisation has no email address for requests".to_owned(),
            );
        }
        let automated_decisions = self
            .activities
            .iter()
            .filter(|activity| activity.automated_decision_making == Some(true))
            .map(|activity| AutomatedDecision {
                activity: activity.name.clone(),
                details: activity.automated_decision_details.clone(),
            })
            .collect();
        let requirements = self
            .activities
            .iter()
            .filter_map(|activity| {
                Some(Requirement {
                    activity: activity.name.clone(),
                    requirement: requirement_words(activity.provision_requirement?),
                    consequence: activity.provision_consequence.clone(),
                })
            })
            .collect();
        let children = self.children();
        let california = jurisdictions
            .contains(&Jurisdiction::Ccpa)
            .then(|| self.california(&purposes, &recipients, &collection));
        let summary = Summary {
            collected: collection
                .iter()
                .map(|group| format!("{} ({} kinds)", group.title, group.categories.len()))
                .collect(),
            purposes: purposes
                .iter()
                .map(|purpose| purpose.name.clone())
                .collect(),
            shared_with: recipients
                .iter()
                .map(|group| group.title.to_owned())
                .collect(),
            countries: transfers
                .iter()
                .filter_map(|transfer| transfer.country.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            rights: rights.iter().map(|right| right.short.to_owned()).collect(),
        };
        let mut gaps = std::mem::take(&mut self.gaps);
        gaps.sort();
        gaps.dedup();
        Notice {
            organization: party(owner),
            dpo,
            eu_representative: representative(owner.eu_representative_id),
            uk_representative: representative(owner.uk_representative_id),
            supervisory_authority: owner.supervisory_authority.clone(),
            jurisdictions,
            effective_date: None,
            version: None,
            summary,
            collection,
            purposes,
            recipients,
            transfers,
            retention,
            rights,
            contact_points,
            automated_decisions,
            requirements,
            children,
            california,
            gaps,
        }
    }

    /// The data collected, by where it comes from.
    fn collection(&mut self) -> Vec<CollectionGroup> {
        let graph = self.graph;
        let mut groups: BTreeMap<Option<u8>, (BTreeSet<String>, BTreeSet<String>)> =
            BTreeMap::new();
        for link in &graph.activity_data_categories {
            if !self.ids.contains(&link.activity_id) {
                continue;
            }
            let Some(category) = graph.data_categories.get(link.data_category_id) else {
                continue;
            };
            let source = link.source_id.and_then(|id| graph.sources.get(id));
            let entry = groups
                .entry(source.map(|source| source_order(source.kind)))
                .or_default();
            entry.0.insert(category.name.clone());
            if let Some(source) = source
                && source.kind != SourceKind::DataSubject
            {
                entry.1.insert(source.name.clone());
            }
        }
        if groups.is_empty() && !self.activities.is_empty() {
            let key = self.owner.key.clone();
            self.gap(
                "collection",
                EntityKind::Organization,
                &key,
                "no activity names the personal data it uses".to_owned(),
            );
        }
        groups
            .into_iter()
            .map(|(order, (categories, sources))| {
                let (anchor, title) = match order {
                    Some(0) => ("from-you", "Information you give us"),
                    Some(1) => ("automatically", "Information we collect automatically"),
                    Some(2) => ("from-others", "Information we receive from others"),
                    Some(_) => (
                        "public-sources",
                        "Information from publicly available sources",
                    ),
                    None => ("other-information", "Other information we process"),
                };
                CollectionGroup {
                    anchor,
                    title,
                    categories: categories.into_iter().collect(),
                    sources: sources.into_iter().collect(),
                }
            })
            .collect()
    }

    fn purposes(&mut self) -> Vec<PurposeEntry> {
        let graph = self.graph;
        let mut entries: BTreeMap<(String, String), (PurposeEntry, BTreeSet<BasisEntry>)> =
            BTreeMap::new();
        let mut unstated = Vec::new();
        for link in &graph.activity_purposes {
            if !self.ids.contains(&link.activity_id) {
                continue;
            }
            let Some(purpose) = graph.purposes.get(link.purpose_id) else {
                continue;
            };
            let data: BTreeSet<String> = self
                .index
                .data_categories
                .of(link.activity_id)
                .iter()
                .filter_map(|category| graph.data_categories.get(category.data_category_id))
                .map(|category| category.name.clone())
                .collect();
            let entry = entries
                .entry((purpose.name.clone(), purpose.key.clone()))
                .or_insert_with(|| {
                    (
                        PurposeEntry {
                            name: purpose.name.clone(),
                            description: purpose.description.clone(),
                            data: Vec::new(),
                            bases: Vec::new(),
                        },
                        BTreeSet::new(),
                    )
                });
            let mut all_data: BTreeSet<String> = entry.0.data.iter().cloned().collect();
            all_data.extend(data);
            entry.0.data = all_data.into_iter().collect();
            match link.lawful_basis {
                Some(basis) => {
                    entry.1.insert(BasisEntry {
                        basis: basis_words(basis).to_owned(),
                        article: basis
                            .label()
                            .split(' ')
                            .take(2)
                            .collect::<Vec<_>>()
                            .join(" "),
                        legitimate_interest: link.legitimate_interest.clone(),
                        special_category_condition: link
                            .special_category_condition
                            .map(condition_words),
                    });
                }
                None => unstated.push(purpose.key.clone()),
            }
        }
        for key in unstated {
            let stated = entries.values().any(|(entry, bases)| {
                !bases.is_empty()
                    && graph
                        .purposes
                        .by_key(&key)
                        .is_some_and(|purpose| purpose.name == entry.name)
            });
            if !stated {
                let name = graph
                    .purposes
                    .by_key(&key)
                    .map(|purpose| purpose.name.clone())
                    .unwrap_or_default();
                self.gap(
                    "purposes",
                    EntityKind::Purpose,
                    &key,
                    format!(
                        "purpose '{name}' has no lawful basis, so the notice states none for it"
                    ),
                );
            }
        }
        entries
            .into_values()
            .map(|(mut entry, bases)| {
                entry.bases = bases.into_iter().collect();
                entry
            })
            .collect()
    }

    fn recipients(&mut self) -> Vec<RecipientGroup> {
        let graph = self.graph;
        let mut groups: BTreeMap<u8, BTreeSet<RecipientEntry>> = BTreeMap::new();
        for link in &graph.activity_recipients {
            if !self.ids.contains(&link.activity_id) {
                continue;
            }
            let Some(recipient) = graph.recipients.get(link.recipient_id) else {
                continue;
            };
            groups
                .entry(recipient_order(recipient.kind))
                .or_default()
                .insert(RecipientEntry {
                    name: recipient.name.clone(),
                    named: recipient.named,
                    country: recipient.country.as_deref().map(labels::country),
                    privacy_policy: recipient.privacy_policy_url.clone(),
                });
        }
        groups
            .into_iter()
            .map(|(order, recipients)| RecipientGroup {
                title: recipient_title(order),
                recipients: recipients.into_iter().collect(),
            })
            .collect()
    }

    fn transfers(&mut self) -> Vec<TransferEntry> {
        let graph = self.graph;
        let ids: BTreeSet<i32> = graph
            .activity_transfers
            .iter()
            .filter(|link| self.ids.contains(&link.activity_id))
            .map(|link| link.transfer_id)
            .collect();
        let mut entries = BTreeSet::new();
        for id in ids {
            let Some(transfer) = graph.transfers.get(id) else {
                continue;
            };
            if transfer.mechanism.is_none() {
                self.gap(
                    "transfers",
                    EntityKind::Transfer,
                    &transfer.key,
                    format!("transfer '{}' states no safeguard", transfer.name),
                );
            }
            entries.insert(TransferEntry {
                name: transfer.name.clone(),
                country: transfer.country.as_deref().map(labels::country),
                recipient: transfer
                    .recipient_id
                    .and_then(|id| graph.recipients.get(id))
                    .map(|recipient| recipient.name.clone()),
                safeguard: transfer
                    .mechanism
                    .map(|mechanism| mechanism.label().to_owned()),
                derogation: transfer
                    .derogation
                    .map(|derogation| derogation.label().to_owned()),
                copy_at: transfer.safeguard_url.clone(),
                how_to_get_a_copy: transfer.safeguard_access.clone(),
            });
        }
        entries.into_iter().collect()
    }

    fn retention(&mut self) -> Vec<RetentionEntry> {
        let graph = self.graph;
        let mut applies: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
        for activity in &self.activities {
            for link in self.index.retentions.of(activity.id) {
                applies
                    .entry(link.retention_rule_id)
                    .or_default()
                    .insert(activity.name.clone());
            }
        }
        let categories: BTreeSet<i32> = graph
            .activity_data_categories
            .iter()
            .filter(|link| self.ids.contains(&link.activity_id))
            .map(|link| link.data_category_id)
            .collect();
        for link in &graph.data_category_retentions {
            if categories.contains(&link.data_category_id)
                && let Some(category) = graph.data_categories.get(link.data_category_id)
            {
                applies
                    .entry(link.retention_rule_id)
                    .or_default()
                    .insert(category.name.clone());
            }
        }
        for activity in self.activities.clone() {
            let has_rule = !self.index.retentions.of(activity.id).is_empty();
            if !has_rule {
                self.gap(
                    "retention",
                    EntityKind::ProcessingActivity,
                    &activity.key,
                    format!(
                        "activity '{}' states no retention period or criteria",
                        activity.name
                    ),
                );
            }
        }
        let mut entries: Vec<RetentionEntry> = applies
            .into_iter()
            .filter_map(|(rule, applies_to)| {
                let rule = graph.retention_rules.get(rule)?;
                Some(RetentionEntry {
                    name: rule.name.clone(),
                    applies_to: applies_to.into_iter().collect(),
                    period: rule.period.as_deref().map(labels::period),
                    runs_from: rule.runs_from.clone(),
                    criteria: rule.criteria.clone(),
                    legal_requirement: rule.legal_requirement.clone(),
                    end_action: rule.end_action.map(|action| action.label().to_owned()),
                })
            })
            .collect();
        entries.sort();
        entries
    }

    fn children(&self) -> Vec<String> {
        let graph = self.graph;
        graph
            .activity_data_subjects
            .iter()
            .filter(|link| self.ids.contains(&link.activity_id))
            .filter_map(|link| graph.data_subjects.get(link.data_subject_category_id))
            .filter(|subjects| subjects.children)
            .map(|subjects| subjects.name.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    fn california(
        &mut self,
        purposes: &[PurposeEntry],
        recipients: &[RecipientGroup],
        collection: &[CollectionGroup],
    ) -> California {
        let graph = self.graph;
        let mut by_letter: BTreeMap<&'static str, (CcpaCategory, BTreeSet<String>)> =
            BTreeMap::new();
        let mut sensitive = BTreeSet::new();
        let categories: BTreeSet<i32> = graph
            .activity_data_categories
            .iter()
            .filter(|link| self.ids.contains(&link.activity_id))
            .map(|link| link.data_category_id)
            .collect();
        for id in &categories {
            let Some(category) = graph.data_categories.get(*id) else {
                continue;
            };
            match category.ccpa_category {
                Some(ccpa) => {
                    by_letter
                        .entry(ccpa_letter(ccpa))
                        .or_insert_with(|| (ccpa, BTreeSet::new()))
                        .1
                        .insert(category.name.clone());
                }
                None => self.gaps.push(Gap {
                    section: "california",
                    kind: EntityKind::DataCategory,
                    key: category.key.clone(),
                    message: format!(
                        "data category '{}' has no California category, so the California section cannot list it",
                        category.name
                    ),
                }),
            }
            if category.ccpa_sensitive {
                sensitive.insert(category.name.clone());
            }
        }
        let key = self.owner.key.clone();
        self.gap(
            "california",
            EntityKind::Organization,
            &key,
            "the inventory does not record whether personal information is sold or shared, so the notice cannot say it".to_owned(),
        );
        let retention = self.retention_for(&categories).into_iter().collect();
        California {
            categories: by_letter
                .into_iter()
                .map(|(letter, (category, examples))| CaliforniaCategory {
                    letter,
                    name: ccpa_name(category),
                    examples: examples.into_iter().collect(),
                })
                .collect(),
            sensitive: sensitive.into_iter().collect(),
            sources: collection
                .iter()
                .flat_map(|group| {
                    if group.sources.is_empty() {
                        vec![group.title.to_owned()]
                    } else {
                        group.sources.clone()
                    }
                })
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            business_purposes: purposes
                .iter()
                .map(|purpose| purpose.name.clone())
                .collect(),
            service_providers: recipients
                .iter()
                .filter(|group| group.title == recipient_title(0))
                .flat_map(|group| {
                    group
                        .recipients
                        .iter()
                        .map(|recipient| recipient.name.clone())
                })
                .collect(),
            third_parties: recipients
                .iter()
                .filter(|group| group.title != recipient_title(0))
                .flat_map(|group| {
                    group
                        .recipients
                        .iter()
                        .map(|recipient| recipient.name.clone())
                })
                .collect(),
            retention,
            rights: california_rights(),
        }
    }

    /// "Category: rule" for each data category with its own retention.
    fn retention_for(&self, categories: &BTreeSet<i32>) -> BTreeSet<String> {
        let graph = self.graph;
        graph
            .data_category_retentions
            .iter()
            .filter(|link| categories.contains(&link.data_category_id))
            .filter_map(|link| {
                let category = graph.data_categories.get(link.data_category_id)?;
                let rule = graph.retention_rules.get(link.retention_rule_id)?;
                let how_long = rule
                    .period
                    .as_deref()
                    .map(labels::period)
                    .or_else(|| rule.criteria.clone())
                    .unwrap_or_else(|| rule.name.clone());
                Some(format!("{}: {how_long}", category.name))
            })
            .collect()
    }
}

fn party(organization: &organization::Model) -> Party {
    Party {
        name: organization.name.clone(),
        address: organization.address.clone(),
        email: organization.email.clone(),
        telephone: organization.phone.clone(),
        website: organization.website.clone(),
    }
}

fn source_order(kind: SourceKind) -> u8 {
    match kind {
        SourceKind::DataSubject => 0,
        SourceKind::Automatic => 1,
        SourceKind::ThirdParty => 2,
        SourceKind::PubliclyAvailable => 3,
    }
}

fn recipient_order(kind: RecipientKind) -> u8 {
    match kind {
        RecipientKind::Processor => 0,
        RecipientKind::Affiliate => 1,
        RecipientKind::ThirdParty => 2,
        RecipientKind::PublicAuthority => 3,
        RecipientKind::Acquirer => 4,
        RecipientKind::Public => 5,
    }
}

fn recipient_title(order: u8) -> &'static str {
    match order {
        0 => "Service providers who process information on our behalf",
        1 => "Companies in our group",
        2 => "Other companies and organisations",
        3 => "Public authorities",
        4 => "Buyers and successors of our business",
        _ => "The public",
    }
}

/// The lawful basis in plain words.
pub fn basis_words(basis: LawfulBasis) -> &'static str {
    match basis {
        LawfulBasis::Consent => "your consent",
        LawfulBasis::Contract => "our contract with you, or steps you asked for before one",
        LawfulBasis::LegalObligation => "a legal obligation we must comply with",
        LawfulBasis::VitalInterests => "protecting your or someone else's vital interests",
        LawfulBasis::PublicTask => "a task in the public interest",
        LawfulBasis::LegitimateInterests => "our legitimate interests",
    }
}

fn condition_words(condition: SpecialCategoryCondition) -> String {
    condition.label().to_owned()
}

fn requirement_words(requirement: ProvisionRequirement) -> &'static str {
    match requirement {
        ProvisionRequirement::Statutory => "The law requires you to provide this information.",
        ProvisionRequirement::Contractual => "Our contract with you requires this information.",
        ProvisionRequirement::ContractPrerequisite => {
            "We need this information to enter into a contract with you."
        }
        ProvisionRequirement::Voluntary => "Providing this information is up to you.",
    }
}

/// The GDPR rights that follow from `bases`, each explained.
fn gdpr_rights(bases: &[LawfulBasis], automated: bool) -> Vec<RightEntry> {
    rights::available(bases.iter().copied(), automated)
        .into_iter()
        .map(|right| {
            let (anchor, title, short, explanation) = match right {
                Right::Informed => ("informed", "The right to be informed (Arts. 13-14)", "to be informed", "You have the right to be told how we use your information; this notice does that."),
                Right::Access => ("access", "The right of access (Art. 15)", "access", "You can ask for a copy of the information we hold about you."),
                Right::Rectification => ("rectification", "The right to rectification (Art. 16)", "rectification", "You can ask us to correct information that is wrong or incomplete."),
                Right::Erasure => ("erasure", "The right to erasure (Art. 17)", "erasure", "You can ask us to delete your information where we no longer need it, you withdraw consent or object, or it was processed unlawfully."),
                Right::Restriction => ("restriction", "The right to restriction of processing (Art. 18)", "restriction", "You can ask us to limit what we do with your information while a question about it is settled."),
                Right::Portability => ("portability", "The right to data portability (Art. 20)", "portability", "For information you gave us on the basis of consent or a contract, you can receive it in a machine-readable format or have it sent to another organisation."),
                Right::Object => ("object", "The right to object (Art. 21(1))", "objection", "Where we rely on legitimate interests or a task in the public interest, you can object on grounds relating to your particular situation."),
                Right::ObjectToDirectMarketing => ("direct-marketing", "The right to object to direct marketing (Art. 21(2))", "objection to direct marketing", "You can object at any time to the use of your information for direct marketing, and we will stop."),
                Right::AutomatedDecisions => ("automated-decisions", "The right not to be subject to a decision based solely on automated processing (Art. 22)", "no solely automated decisions", "You have the right not to be subject to a decision based solely on automated processing that significantly affects you, and to ask for a person to review it."),
                Right::WithdrawConsent => ("withdraw-consent", "The right to withdraw consent (Art. 7(3))", "withdrawal of consent", "Where we rely on your consent, you can withdraw it at any time; this does not affect what we did before."),
                Right::Complain => ("complain", "The right to complain to a supervisory authority (Art. 77)", "complaint to a supervisory authority", "You can complain to a data protection supervisory authority, in particular in the country where you live or work or where you think your rights were infringed."),
            };
            RightEntry {
                anchor,
                right: title,
                short,
                explanation: explanation.to_owned(),
            }
        })
        .collect()
}

fn california_rights() -> Vec<RightEntry> {
    [
        ("ca-know", "Right to know (Cal. Civ. Code §§1798.100, .110, .115)", "You can ask what personal information we collected about you, where it came from, why we use it, whom we disclose it to, and for a copy of it."),
        ("ca-delete", "Right to delete (§1798.105)", "You can ask us to delete the personal information we collected from you."),
        ("ca-correct", "Right to correct (§1798.106)", "You can ask us to correct inaccurate personal information."),
        ("ca-opt-out", "Right to opt out of sale or sharing (§1798.120)", "You can tell us not to sell or share your personal information."),
        ("ca-limit", "Right to limit the use of sensitive personal information (§1798.121)", "You can ask us to use sensitive personal information only as needed to provide our services."),
        ("ca-no-discrimination", "Right to non-discrimination (§1798.125)", "We will not treat you differently for exercising these rights."),
    ]
    .into_iter()
    .map(|(anchor, right, explanation)| RightEntry {
        anchor,
        right,
        short: right,
        explanation: explanation.to_owned(),
    })
    .collect()
}

fn ccpa_letter(category: CcpaCategory) -> &'static str {
    use CcpaCategory::*;
    match category {
        Identifiers => "A",
        CustomerRecords => "B",
        ProtectedClassifications => "C",
        CommercialInformation => "D",
        BiometricInformation => "E",
        InternetActivity => "F",
        Geolocation => "G",
        SensoryData => "H",
        ProfessionalInformation => "I",
        EducationInformation => "J",
        Inferences => "K",
    }
}

/// The statutory names of Cal. Civ. Code §1798.140(v)(1)(A)-(K).
fn ccpa_name(category: CcpaCategory) -> &'static str {
    use CcpaCategory::*;
    match category {
        Identifiers => "Identifiers",
        CustomerRecords => {
            "Personal information categories listed in the California Customer Records statute (Cal. Civ. Code §1798.80(e))"
        }
        ProtectedClassifications => {
            "Characteristics of protected classifications under California or federal law"
        }
        CommercialInformation => "Commercial information",
        BiometricInformation => "Biometric information",
        InternetActivity => "Internet or other electronic network activity information",
        Geolocation => "Geolocation data",
        SensoryData => "Audio, electronic, visual, thermal, olfactory, or similar information",
        ProfessionalInformation => "Professional or employment-related information",
        EducationInformation => "Non-public education information",
        Inferences => "Inferences drawn from other personal information",
    }
}
