//! Compliance findings: what the law requires that the graph lacks, or
//! what it holds that the law does not allow, as a compiler reports errors:
//! a stable code, a severity, the entity at fault, the article and a fix.
//! A pure function of the loaded graph and the date of the check.

pub mod codes;
pub mod mechanisms;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use entity::enums::{
    ActivityRole, Derogation, LawfulBasis, RecipientKind, Sensitivity, TransferMechanism,
};
use entity::{organization, processing_activity, transfer};
use serde::Serialize;

use crate::domain::kind::EntityKind;
use crate::error::{Error, Result};
use crate::graph::{ActivityIndex, Inventory};
use crate::notice;
use codes::{Code, Severity};

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// The organisation it concerns.
    pub organization: String,
    pub severity: Severity,
    pub code: &'static str,
    /// The entity at fault.
    pub kind: EntityKind,
    pub key: String,
    pub message: String,
    pub article: &'static str,
    pub fix: &'static str,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}[{}]: {} `{}`: {} ({})\n  fix: {}",
            self.severity.word(),
            self.code,
            self.kind,
            self.key,
            self.message,
            self.article,
            self.fix
        )
    }
}

/// The findings of the organisation with `organization` (every
/// organisation that carries out activities, without one), as of `as_of`,
/// most severe first.
pub fn lint(
    graph: &Inventory,
    organization: Option<&str>,
    as_of: NaiveDate,
) -> Result<Vec<Finding>> {
    let organizations: Vec<&organization::Model> = match organization {
        Some(key) => vec![
            graph
                .organizations
                .by_key(key)
                .ok_or_else(|| Error::not_found(EntityKind::Organization, key))?,
        ],
        None => {
            let owners: BTreeSet<i32> = graph
                .activities
                .all()
                .iter()
                .map(|activity| activity.organization_id)
                .collect();
            graph
                .organizations
                .all()
                .iter()
                .filter(|organization| owners.contains(&organization.id))
                .collect()
        }
    };
    let index = ActivityIndex::new(graph);
    let mut findings = Vec::new();
    for owner in organizations {
        let mut check = Check {
            graph,
            index: &index,
            owner,
            as_of,
            findings: Vec::new(),
        };
        check.run();
        findings.extend(check.findings);
    }
    findings.sort_by(|a, b| {
        (
            &a.organization,
            a.severity,
            a.code,
            a.kind,
            &a.key,
            &a.message,
        )
            .cmp(&(
                &b.organization,
                b.severity,
                b.code,
                b.kind,
                &b.key,
                &b.message,
            ))
    });
    findings.dedup();
    Ok(findings)
}

/// How many findings of each severity.
pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings
        .iter()
        .filter(|finding| finding.severity == severity)
        .count()
}

/// What the lint finds in a transfer on `as_of`: whether its mechanism
/// covers it (a problem of severity error when not), and what is worth
/// knowing besides. The data-flow map marks transfers by the same rules.
pub fn transfer_problems(
    graph: &Inventory,
    transfer: &transfer::Model,
    as_of: NaiveDate,
) -> Vec<TransferProblem> {
    let country = transfer.country.as_deref();
    if country.is_some_and(|country| mechanisms::in_eea(country, as_of)) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let mut push = |code: Code, reason: String| problems.push(TransferProblem { code, reason });
    if country.is_none() {
        push(
            codes::TRANSFER_WITHOUT_COUNTRY,
            "names no country".to_owned(),
        );
    }
    // Without a country only what the mechanism alone decides is judged:
    // Privacy Shield is invalid wherever the data goes.
    let destination = country.map_or_else(String::new, |country| format!("to {country} "));
    let invalid = |until: NaiveDate| as_of > until;
    match transfer.mechanism {
        None | Some(TransferMechanism::None) => push(codes::TRANSFER_WITHOUT_MECHANISM, format!("{destination}relies on no mechanism")),
        Some(TransferMechanism::PrivacyShield) if invalid(mechanisms::PRIVACY_SHIELD_UNTIL) => push(codes::MECHANISM_NOT_VALID, "relies on the EU-US Privacy Shield, invalid since the CJEU's Schrems II judgment of 16 July 2020".to_owned()),
        Some(TransferMechanism::SafeHarbor) if invalid(mechanisms::SAFE_HARBOR_UNTIL) => push(codes::MECHANISM_NOT_VALID, "relies on Safe Harbor, invalid since the CJEU's Schrems I judgment of 6 October 2015".to_owned()),
        Some(mechanism @ (TransferMechanism::PrivacyShield | TransferMechanism::SafeHarbor)) => push(codes::HISTORICAL_MECHANISM, format!("relies on {}, valid on {as_of} but since invalidated", if mechanism == TransferMechanism::PrivacyShield { "the EU-US Privacy Shield" } else { "Safe Harbor" })),
        Some(TransferMechanism::LegacyStandardContractualClauses) if invalid(mechanisms::LEGACY_SCC_UNTIL) => push(codes::MECHANISM_NOT_VALID, "relies on standard contractual clauses from before 2021, which stopped covering transfers after 27 December 2022".to_owned()),
        Some(TransferMechanism::StandardContractualClauses) if as_of < mechanisms::SCC_2021_FROM => push(codes::MECHANISM_NOT_VALID, format!("relies on the 2021 standard contractual clauses, not adopted on {as_of}")),
        Some(TransferMechanism::DataPrivacyFramework) => problems.extend(data_privacy_framework(graph, transfer, country, as_of)),
        Some(TransferMechanism::AdequacyDecision) => {
            if let Some(country) = country.filter(|country| mechanisms::adequacy(country, as_of).is_none()) {
                push(codes::NO_ADEQUACY, format!("relies on an adequacy decision, but {country} has none in force on {as_of}"));
            }
        }
        Some(TransferMechanism::Derogation) if transfer.derogation == Some(Derogation::ExplicitConsent) && transfer.occasional != Some(true) => push(codes::CONSENT_FOR_REGULAR_TRANSFERS, "relies on explicit consent (Art. 49(1)(a)) but is not marked occasional".to_owned()),
        Some(_) => {}
    }
    problems
}

fn data_privacy_framework(
    graph: &Inventory,
    transfer: &transfer::Model,
    country: Option<&str>,
    as_of: NaiveDate,
) -> Vec<TransferProblem> {
    let mut problems = Vec::new();
    if let Some(country) = country.filter(|country| *country != "US") {
        problems.push(TransferProblem { code: codes::MECHANISM_NOT_VALID, reason: format!("to {country} relies on the EU-US Data Privacy Framework, which covers only the United States") });
    } else if as_of < mechanisms::DPF_FROM {
        problems.push(TransferProblem {
            code: codes::MECHANISM_NOT_VALID,
            reason: "relies on the EU-US Data Privacy Framework, in force only from 10 July 2023"
                .to_owned(),
        });
    }
    let certified = transfer
        .recipient_id
        .and_then(|id| graph.recipients.get(id))
        .is_some_and(|recipient| recipient.dpf_certified);
    if !certified {
        problems.push(TransferProblem {
            code: codes::DPF_NOT_CERTIFIED,
            reason:
                "relies on the Data Privacy Framework, but its recipient is not marked as certified"
                    .to_owned(),
        });
    }
    problems
}

/// A problem the lint finds in a transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferProblem {
    pub code: Code,
    /// What is wrong, said of the transfer: the finding's message is
    /// "transfer '<name>' " and this ("relies on no mechanism").
    pub reason: String,
}

impl TransferProblem {
    /// Whether the transfer is unlawful as it stands: its mechanism does
    /// not cover it (an error), rather than a warning or a note.
    pub fn invalidates(&self) -> bool {
        self.code.severity == Severity::Error
    }
}

struct Check<'g> {
    graph: &'g Inventory,
    index: &'g ActivityIndex<'g>,
    owner: &'g organization::Model,
    as_of: NaiveDate,
    findings: Vec<Finding>,
}

impl<'g> Check<'g> {
    fn report(&mut self, code: Code, kind: EntityKind, key: &str, message: String) {
        self.findings.push(Finding {
            organization: self.owner.key.clone(),
            severity: code.severity,
            code: code.code,
            kind,
            key: key.to_owned(),
            message,
            article: code.article,
            fix: code.fix,
        });
    }

    fn run(&mut self) {
        let graph = self.graph;
        let activities: Vec<&processing_activity::Model> = graph
            .activities
            .all()
            .iter()
            .filter(|activity| activity.organization_id == self.owner.id)
            .collect();
        self.organization(&activities);
        let mut transfers = BTreeMap::new();
        for activity in &activities {
            self.activity(activity);
            for link in self.index.transfers.of(activity.id) {
                if let Some(transfer) = graph.transfers.get(link.transfer_id) {
                    transfers.insert(transfer.key.clone(), transfer);
                }
            }
        }
        for transfer in transfers.into_values() {
            self.transfer(transfer);
        }
        self.catalogue(&activities);
        self.notice();
    }

    fn organization(&mut self, activities: &[&processing_activity::Model]) {
        let owner = self.owner;
        if owner.address.is_none() && owner.email.is_none() {
            self.report(
                codes::NO_CONTACT,
                EntityKind::Organization,
                &owner.key,
                format!("'{}' has neither an address nor an email", owner.name),
            );
        }
        let controls = activities
            .iter()
            .any(|activity| activity.role != ActivityRole::Processor);
        if let Some(country) = owner.country.as_deref()
            && controls
            && !mechanisms::in_eea(country, self.as_of)
            && owner.eu_representative_id.is_none()
        {
            self.report(
                codes::NO_EU_REPRESENTATIVE,
                EntityKind::Organization,
                &owner.key,
                format!(
                    "'{}' is established in {country} and names no EU representative",
                    owner.name
                ),
            );
        }
    }

    fn activity(&mut self, activity: &processing_activity::Model) {
        let graph = self.graph;
        let key = activity.key.as_str();
        let index = self.index;
        let purposes = index.purposes.of(activity.id);
        let categories: Vec<_> = index
            .data_categories
            .of(activity.id)
            .iter()
            .filter_map(|link| graph.data_categories.get(link.data_category_id))
            .collect();
        let subjects: Vec<_> = index
            .data_subjects
            .of(activity.id)
            .iter()
            .filter_map(|link| graph.data_subjects.get(link.data_subject_category_id))
            .collect();
        if purposes.is_empty() {
            self.report(
                codes::NO_PURPOSE,
                EntityKind::ProcessingActivity,
                key,
                format!("'{}' states no purpose", activity.name),
            );
        }
        if index.security_measures.of(activity.id).is_empty() {
            self.report(
                codes::NO_SECURITY_MEASURES,
                EntityKind::ProcessingActivity,
                key,
                format!("'{}' describes no security measures", activity.name),
            );
        }
        if activity.role == ActivityRole::Processor {
            if index.controllers.of(activity.id).is_empty() {
                self.report(
                    codes::PROCESSOR_WITHOUT_CONTROLLER,
                    EntityKind::ProcessingActivity,
                    key,
                    format!(
                        "'{}' is processing on behalf of others but names no controller",
                        activity.name
                    ),
                );
            }
            return;
        }
        for link in purposes {
            let name = graph
                .purposes
                .get(link.purpose_id)
                .map_or("", |purpose| purpose.name.as_str());
            match link.lawful_basis {
                None => self.report(codes::PURPOSE_WITHOUT_BASIS, EntityKind::ProcessingActivity, key, format!("purpose '{name}' of '{}' has no lawful basis", activity.name)),
                Some(LawfulBasis::LegitimateInterests) if link.legitimate_interest.is_none() => self.report(codes::INTEREST_NOT_STATED, EntityKind::ProcessingActivity, key, format!("purpose '{name}' of '{}' rests on legitimate interests without saying which", activity.name)),
                Some(_) => {}
            }
        }
        let has_special_condition = purposes
            .iter()
            .any(|link| link.special_category_condition.is_some());
        let has_criminal_condition = purposes
            .iter()
            .any(|link| link.criminal_offence_condition.is_some());
        for category in &categories {
            match category.sensitivity {
                Sensitivity::SpecialCategory if !has_special_condition => self.report(
                    codes::SPECIAL_WITHOUT_CONDITION,
                    EntityKind::ProcessingActivity,
                    key,
                    format!(
                        "'{}' uses '{}', special category data, with no Art. 9(2) condition",
                        activity.name, category.name
                    ),
                ),
                Sensitivity::Criminal if !has_criminal_condition => self.report(
                    codes::CRIMINAL_WITHOUT_CONDITION,
                    EntityKind::ProcessingActivity,
                    key,
                    format!(
                        "'{}' uses '{}', criminal offence data, with no Art. 10 authorisation",
                        activity.name, category.name
                    ),
                ),
                _ => {}
            }
        }
        if categories.is_empty() {
            self.report(
                codes::NO_DATA_CATEGORIES,
                EntityKind::ProcessingActivity,
                key,
                format!("'{}' names no personal data", activity.name),
            );
        }
        if subjects.is_empty() {
            self.report(
                codes::NO_DATA_SUBJECTS,
                EntityKind::ProcessingActivity,
                key,
                format!("'{}' names no data subjects", activity.name),
            );
        }
        if index.recipients.of(activity.id).is_empty() {
            self.report(
                codes::NO_RECIPIENTS,
                EntityKind::ProcessingActivity,
                key,
                format!("'{}' names no recipients", activity.name),
            );
        }
        let rules: Vec<_> = index
            .retentions
            .of(activity.id)
            .iter()
            .filter_map(|link| graph.retention_rules.get(link.retention_rule_id))
            .collect();
        let category_rules = categories
            .iter()
            .any(|category| !index.category_retentions.of(category.id).is_empty());
        if rules.is_empty() && !category_rules {
            self.report(
                codes::NO_RETENTION,
                EntityKind::ProcessingActivity,
                key,
                format!("'{}' says nothing of how long data is kept", activity.name),
            );
        }
        for rule in rules {
            match (&rule.period, &rule.criteria) {
                (None, None) => self.report(
                    codes::EMPTY_RETENTION,
                    EntityKind::RetentionRule,
                    &rule.key,
                    format!(
                        "retention rule '{}' gives neither a period nor criteria",
                        rule.name
                    ),
                ),
                (None, Some(_)) => self.report(
                    codes::NO_PERIOD,
                    EntityKind::RetentionRule,
                    &rule.key,
                    format!(
                        "retention rule '{}' gives criteria but no period",
                        rule.name
                    ),
                ),
                _ => {}
            }
        }
        self.dpia(activity, &categories, &subjects);
    }

    /// The WP248 criteria the graph can see, and the Art. 35(3) cases.
    fn dpia(
        &mut self,
        activity: &processing_activity::Model,
        categories: &[&entity::data_category::Model],
        subjects: &[&entity::data_subject_category::Model],
    ) {
        let recorded = activity.dpia_status.is_some()
            || activity.dpia_url.is_some()
            || activity.dpia_required == Some(false);
        if recorded {
            return;
        }
        let sensitive = categories.iter().any(|category| {
            category.sensitivity != Sensitivity::Ordinary || category.ccpa_sensitive
        });
        let special = categories
            .iter()
            .any(|category| category.sensitivity != Sensitivity::Ordinary);
        let large = activity.large_scale == Some(true);
        let monitoring = activity.systematic_monitoring == Some(true);
        let automated = activity.automated_decision_making == Some(true);
        let vulnerable = subjects
            .iter()
            .any(|subjects| subjects.children || subjects.vulnerable);
        let innovative = activity.innovative_technology == Some(true);
        let met: Vec<&str> = [
            (sensitive, "sensitive data"),
            (large, "large scale"),
            (monitoring, "systematic monitoring"),
            (automated, "automated decisions"),
            (vulnerable, "vulnerable data subjects"),
            (innovative, "innovative technology"),
        ]
        .into_iter()
        .filter_map(|(met, name)| met.then_some(name))
        .collect();
        let case = if special && large {
            Some("Art. 35(3)(b): special category or criminal data on a large scale")
        } else if automated {
            Some("Art. 35(3)(a): automated decisions with legal or similarly significant effects")
        } else if monitoring && large {
            Some("Art. 35(3)(c): systematic monitoring on a large scale")
        } else {
            None
        };
        if let Some(case) = case {
            self.report(
                codes::DPIA_REQUIRED,
                EntityKind::ProcessingActivity,
                &activity.key,
                format!(
                    "'{}' is a case of {case}, and no DPIA is recorded",
                    activity.name
                ),
            );
        } else if met.len() >= 2 {
            self.report(
                codes::DPIA_LIKELY,
                EntityKind::ProcessingActivity,
                &activity.key,
                format!(
                    "'{}' meets {} DPIA criteria ({}) and no DPIA is recorded",
                    activity.name,
                    met.len(),
                    met.join(", ")
                ),
            );
        }
    }

    fn transfer(&mut self, transfer: &transfer::Model) {
        for problem in transfer_problems(self.graph, transfer, self.as_of) {
            let message = format!("transfer '{}' {}", transfer.name, problem.reason);
            self.report(problem.code, EntityKind::Transfer, &transfer.key, message);
        }
    }

    /// The organisation's own catalogue: entries nothing uses, processors
    /// without contracts.
    fn catalogue(&mut self, activities: &[&processing_activity::Model]) {
        let graph = self.graph;
        let owner = Some(self.owner.id);
        let mine: BTreeSet<i32> = activities.iter().map(|activity| activity.id).collect();
        let used_recipients: BTreeSet<i32> = graph
            .activity_recipients
            .iter()
            .map(|link| link.recipient_id)
            .collect();
        let used_categories: BTreeSet<i32> = graph
            .activity_data_categories
            .iter()
            .map(|link| link.data_category_id)
            .collect();
        for recipient in graph
            .recipients
            .all()
            .iter()
            .filter(|recipient| recipient.organization_id == owner)
        {
            if !used_recipients.contains(&recipient.id) {
                self.report(
                    codes::UNUSED_RECIPIENT,
                    EntityKind::Recipient,
                    &recipient.key,
                    format!("recipient '{}' is linked to no activity", recipient.name),
                );
            }
        }
        for category in graph
            .data_categories
            .all()
            .iter()
            .filter(|category| category.organization_id == owner)
        {
            if !used_categories.contains(&category.id) {
                self.report(
                    codes::UNUSED_DATA_CATEGORY,
                    EntityKind::DataCategory,
                    &category.key,
                    format!("data category '{}' is linked to no activity", category.name),
                );
            }
        }
        let processors: BTreeSet<i32> = graph
            .activity_recipients
            .iter()
            .filter(|link| mine.contains(&link.activity_id))
            .map(|link| link.recipient_id)
            .collect();
        for id in processors {
            if let Some(recipient) = graph.recipients.get(id)
                && recipient.kind == RecipientKind::Processor
                && recipient.named
                && recipient.contract_url.is_none()
            {
                self.report(
                    codes::PROCESSOR_WITHOUT_CONTRACT,
                    EntityKind::Recipient,
                    &recipient.key,
                    format!("processor '{}' has no link to its contract", recipient.name),
                );
            }
        }
    }

    /// What the notice cannot state that no rule above reports.
    fn notice(&mut self) {
        // The California section is wanted where the organisation's data
        // is classified by the California categories.
        let graph = self.graph;
        let california = graph.activity_data_categories.iter().any(|link| {
            graph
                .activities
                .get(link.activity_id)
                .is_some_and(|activity| activity.organization_id == self.owner.id)
                && graph
                    .data_categories
                    .get(link.data_category_id)
                    .is_some_and(|category| category.ccpa_category.is_some())
        });
        let mut jurisdictions = vec![notice::Jurisdiction::Gdpr];
        if california {
            jurisdictions.push(notice::Jurisdiction::Ccpa);
        }
        let Ok(draft) =
            notice::model::notice_indexed(self.graph, self.index, &self.owner.key, &jurisdictions)
        else {
            return;
        };
        for gap in draft.gaps {
            let code = match (gap.section, gap.kind) {
                ("rights", _) => codes::NOTICE_CANNOT_STATE_RIGHTS,
                ("contact", _) if self.owner.address.is_some() => codes::NOTICE_NO_EMAIL,
                ("california", EntityKind::DataCategory) => codes::NOTICE_NO_CALIFORNIA_CATEGORY,
                ("california", _) => codes::NOTICE_SALE_UNKNOWN,
                _ => continue,
            };
            self.report(code, gap.kind, &gap.key, gap.message);
        }
    }
}
