//! The inventory file format: one TOML document per organisation (or a
//! shared catalogue), naming every entity by its key.
//!
//! Field names are the API's in snake case; enum values are lower case
//! (`legitimate_interests`); a field left out is "not stated". Unknown fields
//! are errors. `seeds/README.md` documents the format with examples.

use serde::{Deserialize, Serialize};
use toml::value::Datetime;

use crate::domain::vocabulary::{
    ActivityRole, ActivityStatus, CcpaCategory, Derogation, DpiaStatus, EndAction, LawfulBasis,
    ProvisionRequirement, RecipientKind, SccModule, SecurityMeasureKind, Sensitivity, SourceKind,
    SpecialCategoryCondition, SpecialCategoryKind, TransferMechanism,
};

/// One inventory file.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The organisation the file describes; it owns the file's catalogue
    /// entries and carries out its activities. A file without one is a
    /// shared catalogue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationDoc>,
    /// Other legal entities the file refers to: representatives, parents,
    /// the controllers a processor acts for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<OrganizationDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<PurposeDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retention_rules: Vec<RetentionRuleDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_categories: Vec<DataCategoryDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_subjects: Vec<DataSubjectDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<RecipientDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<TransferDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub systems: Vec<SystemDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_measures: Vec<SecurityMeasureDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<ActivityDoc>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpo_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_representative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uk_representative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervisory_authority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_count: Option<i32>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_key: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionRuleDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// ISO 8601 duration: `P7Y`, `P26M`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_requirement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_action: Option<EndAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_url: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataCategoryDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Sensitivity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_kind: Option<SpecialCategoryKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ccpa_category: Option<CcpaCategory>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub ccpa_sensitive: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_key: Option<String>,
    /// Retention rules for this category specifically (by key).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retention_rules: Vec<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSubjectDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub children: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub vulnerable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub kind: SourceKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub kind: RecipientKind,
    /// False when the name describes a category of recipients.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub named: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_policy_url: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub dpf_certified: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub dpf_uk_extension: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub dpf_swiss: bool,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<TransferMechanism>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scc_module: Option<SccModule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derogation: Option<Derogation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safeguard_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safeguard_access: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasional: Option<bool>,
    /// A TOML date: `contract_date = 2019-05-01`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_date: Option<Datetime>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosting_country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityMeasureDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub kind: SecurityMeasureKind,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityDoc {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<ActivityRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ActivityStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_function: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated_decision_making: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated_decision_details: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provision_requirement: Option<ProvisionRequirement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provision_consequence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia_required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia_status: Option<DpiaStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpia_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_scale: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systematic_monitoring: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innovative_technology: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_record_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_occurred: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_record_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uk_schedule1_condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_policy_followed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_deviation_reason: Option<String>,
    /// The other controllers (by organisation key): those a processor acts
    /// for, or the joint controllers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controllers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<PurposeLinkDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_categories: Vec<DataCategoryLinkDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_subjects: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retention_rules: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub systems: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_measures: Vec<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeLinkDoc {
    pub purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lawful_basis: Option<LawfulBasis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legitimate_interest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legitimate_interests_assessment_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_condition: Option<SpecialCategoryCondition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_offence_condition: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataCategoryLinkDoc {
    pub data_category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_true(value: &bool) -> bool {
    *value
}

fn yes() -> bool {
    true
}
