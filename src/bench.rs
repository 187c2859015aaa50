//! Synthetic inventories for the benchmark: one organisation of a given
//! size, generated from a fixed seed (the same files every time), skewed
//! the way real inventories are (a few recipients and data categories used
//! everywhere, most rarely), written as ordinary inventory files so that
//! every figure can be repeated with the plain `ropa` commands.

use std::collections::BTreeSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::domain::vocabulary::{
    LawfulBasis, RecipientKind, SccModule, SecurityMeasureKind, Sensitivity, SourceKind,
    TransferMechanism,
};
use crate::inventory::format::*;

/// How large an inventory to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub name: &'static str,
    pub activities: usize,
    pub systems: usize,
    pub recipients: usize,
    pub data_categories: usize,
    pub countries: usize,
    pub purposes: usize,
}

pub const SMALL: Size = Size {
    name: "small",
    activities: 100,
    systems: 20,
    recipients: 20,
    data_categories: 30,
    countries: 10,
    purposes: 15,
};

pub const MEDIUM: Size = Size {
    name: "medium",
    activities: 1_000,
    systems: 200,
    recipients: 100,
    data_categories: 100,
    countries: 25,
    purposes: 40,
};

pub const LARGE: Size = Size {
    name: "large",
    activities: 10_000,
    systems: 2_000,
    recipients: 500,
    data_categories: 300,
    countries: 50,
    purposes: 120,
};

impl Size {
    pub fn parse(name: &str) -> Option<Size> {
        [SMALL, MEDIUM, LARGE]
            .into_iter()
            .find(|size| size.name == name)
    }

    /// The key of the organisation of this size: `bench-large`.
    pub fn organization(&self) -> String {
        format!("bench-{}", self.name)
    }
}

/// Third countries the transfers go to (none in the EEA).
const COUNTRIES: [&str; 50] = [
    "US", "IN", "CN", "JP", "BR", "CA", "CH", "AU", "SG", "KR", "ZA", "MX", "AR", "IL", "NZ", "AE",
    "TR", "ID", "PH", "VN", "TH", "MY", "EG", "NG", "KE", "CL", "CO", "PE", "UY", "UA", "RS", "GE",
    "AM", "MA", "TN", "SA", "QA", "KW", "PK", "BD", "LK", "HK", "TW", "NO", "IS", "GB", "JE", "GG",
    "IM", "FO",
];

/// The seed: the same inventory on every machine.
const SEED: u64 = 0x726f_7061;

/// The inventory file of an organisation of `size`, with its own catalogue.
pub fn generate(size: Size) -> Document {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ size.activities as u64);
    let prefix = size.organization();
    let key = |kind: &str, n: usize| format!("{prefix}-{kind}-{n}");
    let countries = &COUNTRIES[..size.countries.min(COUNTRIES.len())];
    let rules = (size.purposes / 2).max(5);
    let subjects = (size.purposes / 3).max(5);
    let sources = 12;
    let measures = (size.purposes / 2).max(5);
    let transfers = (size.recipients / 3).max(5);

    let purposes = (0..size.purposes)
        .map(|n| PurposeDoc {
            key: key("purpose", n),
            name: format!("Purpose {n}"),
            description: Some(format!("What purpose {n} is for, in a sentence.")),
            taxonomy_key: None,
        })
        .collect();
    let retention_rules = (0..rules)
        .map(|n| RetentionRuleDoc {
            key: key("rule", n),
            name: format!("Retention rule {n}"),
            period: Some(format!("P{}Y", 1 + n % 10)),
            runs_from: Some("the end of the relationship".to_owned()),
            end_action: Some(crate::domain::vocabulary::EndAction::Delete),
            ..RetentionRuleDoc::default()
        })
        .collect();
    let data_categories = (0..size.data_categories)
        .map(|n| DataCategoryDoc {
            key: key("category", n),
            name: format!("Data category {n}"),
            // A few special categories, with no Art. 9 condition on the
            // activities that use them: work for the lint at every size.
            sensitivity: (n % 37 == 5).then_some(Sensitivity::SpecialCategory),
            retention_rules: if n % 5 == 0 {
                vec![key("rule", n % rules)]
            } else {
                Vec::new()
            },
            ..DataCategoryDoc::default()
        })
        .collect();
    let data_subjects = (0..subjects)
        .map(|n| DataSubjectDoc {
            key: key("subjects", n),
            name: format!("Data subjects {n}"),
            ..DataSubjectDoc::default()
        })
        .collect();
    let source_kinds = [
        SourceKind::DataSubject,
        SourceKind::Automatic,
        SourceKind::ThirdParty,
        SourceKind::PubliclyAvailable,
    ];
    let sources_docs = (0..sources)
        .map(|n| SourceDoc {
            key: key("source", n),
            name: format!("Source {n}"),
            description: None,
            kind: source_kinds[n % source_kinds.len()],
        })
        .collect();
    let recipient_kinds = [
        RecipientKind::Processor,
        RecipientKind::ThirdParty,
        RecipientKind::Affiliate,
    ];
    let recipients = (0..size.recipients)
        .map(|n| RecipientDoc {
            key: key("recipient", n),
            name: format!("Vendor {n}"),
            description: None,
            kind: recipient_kinds[n % recipient_kinds.len()],
            named: true,
            country: Some(countries[n % countries.len()].to_owned()),
            contract_url: Some(format!("https://contracts.example/{prefix}/{n}")),
            privacy_policy_url: None,
            dpf_certified: false,
            dpf_uk_extension: false,
            dpf_swiss: false,
        })
        .collect();
    let transfers_docs = (0..transfers)
        .map(|n| TransferDoc {
            key: key("transfer", n),
            name: format!("Transfer {n}"),
            recipient: Some(key("recipient", n % size.recipients)),
            country: Some(countries[n % countries.len()].to_owned()),
            mechanism: Some(TransferMechanism::StandardContractualClauses),
            scc_module: Some(SccModule::ControllerToProcessor),
            safeguard_url: Some(format!("https://example.com/{prefix}/scc/{n}")),
            ..TransferDoc::default()
        })
        .collect();
    let systems = (0..size.systems)
        .map(|n| SystemDoc {
            key: key("system", n),
            name: format!("System {n}"),
            hosting_country: Some(countries[n % countries.len()].to_owned()),
            vendor: Some(key("recipient", n % size.recipients)),
            ..SystemDoc::default()
        })
        .collect();
    let security_measures = (0..measures)
        .map(|n| SecurityMeasureDoc {
            key: key("measure", n),
            name: format!("Measure {n}"),
            description: Some(format!(
                "Measure {n} protects the data; it is reviewed yearly."
            )),
            kind: if n % 2 == 0 {
                SecurityMeasureKind::Technical
            } else {
                SecurityMeasureKind::Organisational
            },
        })
        .collect();
    let bases = [
        LawfulBasis::Consent,
        LawfulBasis::Contract,
        LawfulBasis::LegalObligation,
        LawfulBasis::LegitimateInterests,
    ];
    let activities = (0..size.activities)
        .map(|n| {
            let mut pick = |count: std::ops::RangeInclusive<usize>, of: usize, skewed: bool| {
                let wanted = rng.random_range(count);
                let mut chosen = BTreeSet::new();
                for _ in 0..wanted {
                    chosen.insert(if skewed {
                        skewed_index(&mut rng, of)
                    } else {
                        rng.random_range(0..of)
                    });
                }
                chosen
            };
            let purposes = pick(1..=4, size.purposes, true);
            let categories = pick(5..=20, size.data_categories, true);
            let subjects_of = pick(1..=4, subjects, true);
            let recipients_of = pick(2..=8, size.recipients, true);
            let transfers_of = pick(0..=4, transfers, true);
            let rules_of = pick(1..=2, rules, true);
            let systems_of = pick(1..=6, size.systems, false);
            let measures_of = pick(2..=6, measures, true);
            let sources_of: Vec<usize> = categories
                .iter()
                .map(|category| (category + n) % sources)
                .collect();
            ActivityDoc {
                key: format!("{prefix}-activity-{n:05}"),
                name: format!("Activity {n}"),
                description: Some(format!(
                    "What activity {n} does, in a sentence or two, with commas, and \"quotes\"."
                )),
                business_function: Some(format!("Function {}", n % 25)),
                purposes: purposes
                    .iter()
                    .map(|&purpose| {
                        let basis = bases[(purpose + n) % bases.len()];
                        PurposeLinkDoc {
                            purpose: key("purpose", purpose),
                            lawful_basis: Some(basis),
                            legitimate_interest: (basis == LawfulBasis::LegitimateInterests)
                                .then(|| format!("Interest {purpose}")),
                            ..PurposeLinkDoc::default()
                        }
                    })
                    .collect(),
                data_categories: categories
                    .iter()
                    .zip(sources_of)
                    .map(|(&category, source)| DataCategoryLinkDoc {
                        data_category: key("category", category),
                        source: Some(key("source", source)),
                        required: None,
                    })
                    .collect(),
                data_subjects: subjects_of.iter().map(|&n| key("subjects", n)).collect(),
                recipients: recipients_of.iter().map(|&n| key("recipient", n)).collect(),
                transfers: transfers_of.iter().map(|&n| key("transfer", n)).collect(),
                retention_rules: rules_of.iter().map(|&n| key("rule", n)).collect(),
                systems: systems_of.iter().map(|&n| key("system", n)).collect(),
                security_measures: measures_of.iter().map(|&n| key("measure", n)).collect(),
                ..ActivityDoc::default()
            }
        })
        .collect();
    Document {
        organization: Some(OrganizationDoc {
            key: prefix.clone(),
            name: format!("Bench {} Ltd", size.name),
            address: Some("1 Bench Street, Leeds".to_owned()),
            country: Some("GB".to_owned()),
            email: Some("privacy@bench.example".to_owned()),
            ..OrganizationDoc::default()
        }),
        purposes,
        retention_rules,
        data_categories,
        data_subjects,
        sources: sources_docs,
        recipients,
        transfers: transfers_docs,
        systems,
        security_measures,
        activities,
        ..Document::default()
    }
}

/// An index in `0..of`, small ones much more likely (a Pareto tail): the
/// few entries every activity uses, and the many each uses rarely.
fn skewed_index(rng: &mut ChaCha8Rng, of: usize) -> usize {
    let uniform: f64 = rng.random_range(0.0..1.0);
    let pareto = (1.0 - uniform).powf(-1.0 / 1.1);
    ((pareto - 1.0) as usize).min(of - 1)
}

/// How many link rows a document makes.
pub fn link_rows(document: &Document) -> usize {
    document
        .activities
        .iter()
        .map(|activity| {
            activity.purposes.len()
                + activity.data_categories.len()
                + activity.data_subjects.len()
                + activity.recipients.len()
                + activity.transfers.len()
                + activity.retention_rules.len()
                + activity.systems.len()
                + activity.security_measures.len()
        })
        .sum::<usize>()
        + document
            .data_categories
            .iter()
            .map(|category| category.retention_rules.len())
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_inventory() {
        assert_eq!(generate(SMALL), generate(SMALL));
        let large = generate(LARGE);
        assert_eq!(large.activities.len(), 10_000);
        assert_eq!(large.systems.len(), 2_000);
        assert_eq!(large.recipients.len(), 500);
        assert_eq!(large.data_categories.len(), 300);
        assert!(
            link_rows(&large) >= 200_000,
            "{} link rows",
            link_rows(&large)
        );
    }
}
