//! From the entries of an inventory file to the domain's inputs, so that a
//! file goes through the same checks as the API.

use async_graphql::MaybeUndefined;
use chrono::NaiveDate;
use entity::enums as stored;
use sea_orm::ActiveValue::Set;

use crate::domain::activity::{ActivityAttributes, PurposeLinkInput};
use crate::domain::data_category::DataCategoryAttributes;
use crate::domain::data_subject::DataSubjectAttributes;
use crate::domain::organization::OrganizationAttributes;
use crate::domain::purpose::PurposeAttributes;
use crate::domain::recipient::RecipientAttributes;
use crate::domain::retention::RetentionRuleAttributes;
use crate::domain::security_measure::SecurityMeasureAttributes;
use crate::domain::source::SourceAttributes;
use crate::domain::system::SystemAttributes;
use crate::domain::transfer::TransferAttributes;
use crate::domain::vocabulary::{ActivityRole, ActivityStatus, Sensitivity};
use crate::error::{Error, Result};
use crate::inventory::format::*;

/// A field the file states, or nothing: entities are prepared fresh, so an
/// unstated field ends up empty.
fn stated<T: Clone>(value: &Option<T>) -> MaybeUndefined<T> {
    value
        .clone()
        .map_or(MaybeUndefined::Undefined, MaybeUndefined::Value)
}

fn owner(owner: Option<&str>) -> MaybeUndefined<String> {
    owner.map_or(MaybeUndefined::Undefined, |key| {
        MaybeUndefined::Value(key.to_owned())
    })
}

pub fn organization(doc: &OrganizationDoc) -> OrganizationAttributes {
    OrganizationAttributes {
        description: stated(&doc.description),
        address: stated(&doc.address),
        country: stated(&doc.country),
        email: stated(&doc.email),
        phone: stated(&doc.phone),
        website: stated(&doc.website),
        dpo_name: stated(&doc.dpo_name),
        dpo_email: stated(&doc.dpo_email),
        dpo_phone: stated(&doc.dpo_phone),
        dpo_address: stated(&doc.dpo_address),
        eu_representative: stated(&doc.eu_representative),
        uk_representative: stated(&doc.uk_representative),
        parent: stated(&doc.parent),
        supervisory_authority: stated(&doc.supervisory_authority),
        employee_count: stated(&doc.employee_count),
    }
}

pub fn purpose(doc: &PurposeDoc, owned_by: Option<&str>) -> PurposeAttributes {
    PurposeAttributes {
        description: stated(&doc.description),
        taxonomy_key: stated(&doc.taxonomy_key),
        organization: owner(owned_by),
    }
}

pub fn retention_rule(doc: &RetentionRuleDoc, owned_by: Option<&str>) -> RetentionRuleAttributes {
    RetentionRuleAttributes {
        description: stated(&doc.description),
        period: stated(&doc.period),
        criteria: stated(&doc.criteria),
        runs_from: stated(&doc.runs_from),
        legal_requirement: stated(&doc.legal_requirement),
        end_action: stated(&doc.end_action),
        policy_url: stated(&doc.policy_url),
        organization: owner(owned_by),
    }
}

pub fn data_category(doc: &DataCategoryDoc, owned_by: Option<&str>) -> DataCategoryAttributes {
    DataCategoryAttributes {
        description: stated(&doc.description),
        parent: stated(&doc.parent),
        special_category_kind: stated(&doc.special_category_kind),
        ccpa_category: stated(&doc.ccpa_category),
        ccpa_sensitive: Some(doc.ccpa_sensitive),
        taxonomy_key: stated(&doc.taxonomy_key),
        organization: owner(owned_by),
    }
}

pub fn sensitivity(doc: &DataCategoryDoc) -> stored::Sensitivity {
    doc.sensitivity.unwrap_or(Sensitivity::Ordinary).into()
}

pub fn data_subject(doc: &DataSubjectDoc, owned_by: Option<&str>) -> DataSubjectAttributes {
    DataSubjectAttributes {
        description: stated(&doc.description),
        children: Some(doc.children),
        vulnerable: Some(doc.vulnerable),
        taxonomy_key: stated(&doc.taxonomy_key),
        organization: owner(owned_by),
    }
}

pub fn source(doc: &SourceDoc, owned_by: Option<&str>) -> SourceAttributes {
    SourceAttributes {
        description: stated(&doc.description),
        organization: owner(owned_by),
    }
}

pub fn recipient(doc: &RecipientDoc, owned_by: Option<&str>) -> RecipientAttributes {
    RecipientAttributes {
        description: stated(&doc.description),
        named: Some(doc.named),
        country: stated(&doc.country),
        contract_url: stated(&doc.contract_url),
        privacy_policy_url: stated(&doc.privacy_policy_url),
        dpf_certified: Some(doc.dpf_certified),
        dpf_uk_extension: Some(doc.dpf_uk_extension),
        dpf_swiss: Some(doc.dpf_swiss),
        organization: owner(owned_by),
    }
}

pub fn transfer(doc: &TransferDoc, owned_by: Option<&str>) -> Result<TransferAttributes> {
    let contract_date = match &doc.contract_date {
        Some(value) => MaybeUndefined::Value(date("contractDate", value)?),
        None => MaybeUndefined::Undefined,
    };
    Ok(TransferAttributes {
        description: stated(&doc.description),
        recipient: stated(&doc.recipient),
        country: stated(&doc.country),
        mechanism: stated(&doc.mechanism),
        scc_module: stated(&doc.scc_module),
        derogation: stated(&doc.derogation),
        safeguard_url: stated(&doc.safeguard_url),
        safeguard_access: stated(&doc.safeguard_access),
        occasional: stated(&doc.occasional),
        contract_date,
        organization: owner(owned_by),
    })
}

/// A TOML date without a time, as a calendar date.
fn date(field: &str, value: &toml::value::Datetime) -> Result<NaiveDate> {
    match (value.date, value.time) {
        (Some(date), None) => NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .ok_or_else(|| Error::invalid(field, format!("{value} is not a calendar date"))),
        _ => Err(Error::invalid(
            field,
            format!("{value} is not a date; write it as 2019-05-01"),
        )),
    }
}

pub fn system(doc: &SystemDoc, owned_by: Option<&str>) -> SystemAttributes {
    SystemAttributes {
        description: stated(&doc.description),
        hosting_country: stated(&doc.hosting_country),
        location: stated(&doc.location),
        vendor: stated(&doc.vendor),
        organization: owner(owned_by),
    }
}

pub fn security_measure(
    doc: &SecurityMeasureDoc,
    owned_by: Option<&str>,
) -> SecurityMeasureAttributes {
    SecurityMeasureAttributes {
        description: stated(&doc.description),
        organization: owner(owned_by),
    }
}

pub fn activity(doc: &ActivityDoc) -> ActivityAttributes {
    ActivityAttributes {
        description: stated(&doc.description),
        business_function: stated(&doc.business_function),
        automated_decision_making: stated(&doc.automated_decision_making),
        automated_decision_details: stated(&doc.automated_decision_details),
        provision_requirement: stated(&doc.provision_requirement),
        provision_consequence: stated(&doc.provision_consequence),
        dpia_required: stated(&doc.dpia_required),
        dpia_status: stated(&doc.dpia_status),
        dpia_url: stated(&doc.dpia_url),
        large_scale: stated(&doc.large_scale),
        systematic_monitoring: stated(&doc.systematic_monitoring),
        innovative_technology: stated(&doc.innovative_technology),
        consent_record_url: stated(&doc.consent_record_url),
        breach_occurred: stated(&doc.breach_occurred),
        breach_record_url: stated(&doc.breach_record_url),
        uk_schedule1_condition: stated(&doc.uk_schedule1_condition),
        retention_policy_followed: stated(&doc.retention_policy_followed),
        retention_deviation_reason: stated(&doc.retention_deviation_reason),
    }
}

/// The fields an activity row must have, from its file and its organisation.
pub fn activity_required(
    doc: &ActivityDoc,
    organization_id: i32,
) -> impl FnOnce(&mut entity::processing_activity::ActiveModel) + Send + use<> {
    let role: stored::ActivityRole = doc.role.unwrap_or(ActivityRole::Controller).into();
    let status: stored::ActivityStatus = doc.status.unwrap_or(ActivityStatus::Active).into();
    move |model| {
        model.organization_id = Set(organization_id);
        model.role = Set(role);
        model.status = Set(status);
    }
}

pub fn purpose_link(doc: &PurposeLinkDoc) -> PurposeLinkInput {
    PurposeLinkInput {
        purpose: doc.purpose.clone(),
        lawful_basis: doc.lawful_basis,
        legitimate_interest: doc.legitimate_interest.clone(),
        legitimate_interests_assessment_url: doc.legitimate_interests_assessment_url.clone(),
        special_category_condition: doc.special_category_condition,
        criminal_offence_condition: doc.criminal_offence_condition.clone(),
    }
}
