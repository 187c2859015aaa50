//! Writing an organisation's graph back as an inventory file: a pure
//! function of the loaded graph, in a stable order (everything by key), so
//! that applying an export changes nothing and exporting again gives the
//! same bytes.

use std::collections::{BTreeMap, BTreeSet};

use entity::{organization, processing_activity};
use toml::value::{Date, Datetime};

use crate::domain::kind::EntityKind;
use crate::error::{Error, Result};
use crate::graph::{InGraph, Inventory};
use crate::inventory::format::*;

/// The inventory file of the organisation with `key`.
pub fn to_toml(graph: &Inventory, key: &str) -> Result<String> {
    let document = document(graph, key)?;
    let body = toml::to_string_pretty(&document)
        .map_err(|err| Error::Io(std::io::Error::other(format!("cannot write TOML: {err}"))))?;
    Ok(format!(
        "# Inventory of {} (`{key}`), written by `ropa export inventory`.\n# Apply it with `ropa apply`.\n\n{body}",
        document
            .organization
            .as_ref()
            .map_or(key, |organization| organization.name.as_str()),
    ))
}

/// The document of the organisation with `key`: the organisation, the
/// organisations it refers to, the catalogue entries it owns, its activities.
pub fn document(graph: &Inventory, key: &str) -> Result<Document> {
    let owner = graph
        .organizations
        .by_key(key)
        .ok_or_else(|| Error::not_found(EntityKind::Organization, key))?;
    let names = Names(graph);
    let activities: Vec<&processing_activity::Model> = graph
        .activities
        .all()
        .iter()
        .filter(|activity| activity.organization_id == owner.id)
        .collect();
    let activity_ids: BTreeSet<i32> = activities.iter().map(|activity| activity.id).collect();

    // The organisations it refers to, and those they refer to.
    let mut referred: BTreeSet<i32> = graph
        .activity_controllers
        .iter()
        .filter(|link| activity_ids.contains(&link.activity_id))
        .map(|link| link.organization_id)
        .collect();
    let mut pending: Vec<&organization::Model> = vec![owner];
    while let Some(organization) = pending.pop() {
        for id in [
            organization.eu_representative_id,
            organization.uk_representative_id,
            organization.parent_id,
        ]
        .into_iter()
        .flatten()
        {
            if id != owner.id && referred.insert(id) {
                pending.extend(graph.organizations.get(id));
            }
        }
    }
    let mut others: Vec<OrganizationDoc> = referred
        .iter()
        .filter(|&&id| id != owner.id)
        .filter_map(|&id| graph.organizations.get(id))
        .map(|organization| organization_doc(organization, &names))
        .collect();
    others.sort_by(|a, b| a.key.cmp(&b.key));

    Ok(Document {
        organization: Some(organization_doc(owner, &names)),
        organizations: others,
        activities: activities
            .into_iter()
            .map(|activity| activity_doc(graph, activity, &names))
            .collect(),
        ..catalogue(graph, Some(owner.id))
    })
}

/// The catalogue entries no organisation owns (a shared catalogue's), as a
/// document of them alone.
pub fn shared_catalogue(graph: &Inventory) -> Document {
    catalogue(graph, None)
}

/// An organisation as its inventory file holds it.
pub fn organization(graph: &Inventory, row: &organization::Model) -> OrganizationDoc {
    organization_doc(row, &Names(graph))
}

/// The catalogue entries `owner` owns (none: the shared ones).
fn catalogue(graph: &Inventory, owner: Option<i32>) -> Document {
    let names = Names(graph);
    let owned = |id: Option<i32>| id == owner;
    Document {
        purposes: graph
            .purposes
            .all()
            .iter()
            .filter(|row| owned(row.organization_id))
            .map(|row| PurposeDoc {
                key: row.key.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                taxonomy_key: row.taxonomy_key.clone(),
            })
            .collect(),
        retention_rules: graph
            .retention_rules
            .all()
            .iter()
            .filter(|row| owned(row.organization_id))
            .map(|row| RetentionRuleDoc {
                key: row.key.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                period: row.period.clone(),
                criteria: row.criteria.clone(),
                runs_from: row.runs_from.clone(),
                legal_requirement: row.legal_requirement.clone(),
                end_action: row.end_action.map(Into::into),
                policy_url: row.policy_url.clone(),
            })
            .collect(),
        data_categories: graph
            .data_categories
            .all()
            .iter()
            .filter(|row| owned(row.organization_id))
            .map(|row| DataCategoryDoc {
                key: row.key.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                parent: names.key::<entity::data_category::Entity>(row.parent_id),
                sensitivity: match row.sensitivity {
                    entity::enums::Sensitivity::Ordinary => None,
                    other => Some(other.into()),
                },
                special_category_kind: row.special_category_kind.map(Into::into),
                ccpa_category: row.ccpa_category.map(Into::into),
                ccpa_sensitive: row.ccpa_sensitive,
                taxonomy_key: row.taxonomy_key.clone(),
                retention_rules: names.sorted_keys::<entity::retention_rule::Entity>(
                    graph
                        .data_category_retentions
                        .iter()
                        .filter(|link| link.data_category_id == row.id)
                        .map(|link| link.retention_rule_id),
                ),
            })
            .collect(),
        data_subjects: graph
            .data_subjects
            .all()
            .iter()
            .filter(|row| owned(row.organization_id))
            .map(|row| DataSubjectDoc {
                key: row.key.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                children: row.children,
                vulnerable: row.vulnerable,
                taxonomy_key: row.taxonomy_key.clone(),
            })
            .collect(),
        sources: graph
            .sources
            .all()
            .iter()
            .filter(|row| owned(row.organization_id))
            .map(|row| SourceDoc {
                key: row.key.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                kind: row.kind.into(),
            })
            .collect(),
        recipients: graph
            .recipients
            .all()
            .iter()
            .filter(|row| owned(row.organization_id))
            .map(|row| RecipientDoc {
                key: row.key.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                kind: row.kind.into(),
                named: row.named,
                country: row.country.clone(),
                contract_url: row.contract_url.clone(),
                privacy_policy_url: row.privacy_policy_url.clone(),
                dpf_certified: row.dpf_certified,
                dpf_uk_extension: row.dpf_uk_extension,
                dpf_swiss: row.dpf_swiss,
            })
            .collect(),
        transfers: graph
            .transfers
            .all()
            .iter()
            .filter(|row| owned(row.organization_id))
            .map(|row| TransferDoc {
                key: row.key.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                recipient: names.key::<entity::recipient::Entity>(row.recipient_id),
                country: row.country.clone(),
                mechanism: row.mechanism.map(Into::into),
                scc_module: row.scc_module.map(Into::into),
                derogation: row.derogation.map(Into::into),
                safeguard_url: row.safeguard_url.clone(),
                safeguard_access: row.safeguard_access.clone(),
                occasional: row.occasional,
                contract_date: row.contract_date.map(toml_date),
            })
            .collect(),
        systems: graph
            .systems
            .all()
            .iter()
            .filter(|row| owned(row.organization_id))
            .map(|row| SystemDoc {
                key: row.key.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                hosting_country: row.hosting_country.clone(),
                location: row.location.clone(),
                vendor: names.key::<entity::recipient::Entity>(row.vendor_id),
            })
            .collect(),
        security_measures: graph
            .security_measures
            .all()
            .iter()
            .filter(|row| owned(row.organization_id))
            .map(|row| SecurityMeasureDoc {
                key: row.key.clone(),
                name: row.name.clone(),
                description: row.description.clone(),
                kind: row.kind.into(),
            })
            .collect(),
        ..Document::default()
    }
}

fn organization_doc(row: &organization::Model, names: &Names<'_>) -> OrganizationDoc {
    OrganizationDoc {
        key: row.key.clone(),
        name: row.name.clone(),
        description: row.description.clone(),
        address: row.address.clone(),
        country: row.country.clone(),
        email: row.email.clone(),
        phone: row.phone.clone(),
        website: row.website.clone(),
        dpo_name: row.dpo_name.clone(),
        dpo_email: row.dpo_email.clone(),
        dpo_phone: row.dpo_phone.clone(),
        dpo_address: row.dpo_address.clone(),
        eu_representative: names.key::<organization::Entity>(row.eu_representative_id),
        uk_representative: names.key::<organization::Entity>(row.uk_representative_id),
        parent: names.key::<organization::Entity>(row.parent_id),
        supervisory_authority: row.supervisory_authority.clone(),
        employee_count: row.employee_count,
    }
}

fn activity_doc(
    graph: &Inventory,
    row: &processing_activity::Model,
    names: &Names<'_>,
) -> ActivityDoc {
    let id = row.id;
    let mut purposes: Vec<PurposeLinkDoc> = graph
        .activity_purposes
        .iter()
        .filter(|link| link.activity_id == id)
        .filter_map(|link| {
            Some(PurposeLinkDoc {
                purpose: names.key::<entity::purpose::Entity>(Some(link.purpose_id))?,
                lawful_basis: link.lawful_basis.map(Into::into),
                legitimate_interest: link.legitimate_interest.clone(),
                legitimate_interests_assessment_url: link.lia_url.clone(),
                special_category_condition: link.special_category_condition.map(Into::into),
                criminal_offence_condition: link.criminal_offence_condition.clone(),
            })
        })
        .collect();
    purposes.sort_by(|a, b| a.purpose.cmp(&b.purpose));
    let mut data_categories: Vec<DataCategoryLinkDoc> = graph
        .activity_data_categories
        .iter()
        .filter(|link| link.activity_id == id)
        .filter_map(|link| {
            Some(DataCategoryLinkDoc {
                data_category: names
                    .key::<entity::data_category::Entity>(Some(link.data_category_id))?,
                source: names.key::<entity::source::Entity>(link.source_id),
                required: link.required,
            })
        })
        .collect();
    data_categories
        .sort_by(|a, b| (&a.data_category, &a.source).cmp(&(&b.data_category, &b.source)));
    let linked =
        |to: &mut dyn Iterator<Item = i32>, keys: &dyn Fn(i32) -> Option<String>| -> Vec<String> {
            let sorted: BTreeSet<String> = to.filter_map(keys).collect();
            sorted.into_iter().collect()
        };
    ActivityDoc {
        key: row.key.clone(),
        name: row.name.clone(),
        description: row.description.clone(),
        role: match row.role {
            entity::enums::ActivityRole::Controller => None,
            other => Some(other.into()),
        },
        status: match row.status {
            entity::enums::ActivityStatus::Active => None,
            other => Some(other.into()),
        },
        business_function: row.business_function.clone(),
        automated_decision_making: row.automated_decision_making,
        automated_decision_details: row.automated_decision_details.clone(),
        provision_requirement: row.provision_requirement.map(Into::into),
        provision_consequence: row.provision_consequence.clone(),
        dpia_required: row.dpia_required,
        dpia_status: row.dpia_status.map(Into::into),
        dpia_url: row.dpia_url.clone(),
        large_scale: row.large_scale,
        systematic_monitoring: row.systematic_monitoring,
        innovative_technology: row.innovative_technology,
        consent_record_url: row.consent_record_url.clone(),
        breach_occurred: row.breach_occurred,
        breach_record_url: row.breach_record_url.clone(),
        uk_schedule1_condition: row.uk_schedule1_condition.clone(),
        retention_policy_followed: row.retention_policy_followed,
        retention_deviation_reason: row.retention_deviation_reason.clone(),
        controllers: linked(
            &mut graph
                .activity_controllers
                .iter()
                .filter(|l| l.activity_id == id)
                .map(|l| l.organization_id),
            &|to| names.key::<organization::Entity>(Some(to)),
        ),
        purposes,
        data_categories,
        data_subjects: linked(
            &mut graph
                .activity_data_subjects
                .iter()
                .filter(|l| l.activity_id == id)
                .map(|l| l.data_subject_category_id),
            &|to| names.key::<entity::data_subject_category::Entity>(Some(to)),
        ),
        recipients: linked(
            &mut graph
                .activity_recipients
                .iter()
                .filter(|l| l.activity_id == id)
                .map(|l| l.recipient_id),
            &|to| names.key::<entity::recipient::Entity>(Some(to)),
        ),
        transfers: linked(
            &mut graph
                .activity_transfers
                .iter()
                .filter(|l| l.activity_id == id)
                .map(|l| l.transfer_id),
            &|to| names.key::<entity::transfer::Entity>(Some(to)),
        ),
        retention_rules: linked(
            &mut graph
                .activity_retentions
                .iter()
                .filter(|l| l.activity_id == id)
                .map(|l| l.retention_rule_id),
            &|to| names.key::<entity::retention_rule::Entity>(Some(to)),
        ),
        systems: linked(
            &mut graph
                .activity_systems
                .iter()
                .filter(|l| l.activity_id == id)
                .map(|l| l.system_id),
            &|to| names.key::<entity::system::Entity>(Some(to)),
        ),
        security_measures: linked(
            &mut graph
                .activity_security_measures
                .iter()
                .filter(|l| l.activity_id == id)
                .map(|l| l.security_measure_id),
            &|to| names.key::<entity::security_measure::Entity>(Some(to)),
        ),
    }
}

/// Keys of the graph's entities by id.
struct Names<'g>(&'g Inventory);

impl Names<'_> {
    fn key<E: InGraph>(&self, id: Option<i32>) -> Option<String> {
        id.and_then(|id| self.0.table::<E>().get(id))
            .map(|row| E::key(row).to_owned())
    }

    fn sorted_keys<E: InGraph>(&self, ids: impl Iterator<Item = i32>) -> Vec<String> {
        let keys: BTreeMap<String, ()> = ids
            .filter_map(|id| self.key::<E>(Some(id)))
            .map(|key| (key, ()))
            .collect();
        keys.into_keys().collect()
    }
}

fn toml_date(date: chrono::NaiveDate) -> Datetime {
    use chrono::Datelike;
    Datetime {
        date: Some(Date {
            year: u16::try_from(date.year()).unwrap_or_default(),
            month: u8::try_from(date.month()).unwrap_or_default(),
            day: u8::try_from(date.day()).unwrap_or_default(),
        }),
        time: None,
        offset: None,
    }
}
