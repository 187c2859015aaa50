//! The activity form: what it shows (from the graph, or as the person
//! filled it in) and how a submitted form becomes the domain's input. Field
//! names are the API's (`dpiaUrl`, `purposes[0].lawfulBasis`), so a
//! validation error from the domain lands beside the field it is about.

use std::collections::{BTreeMap, BTreeSet};

use async_graphql::MaybeUndefined;
use async_graphql::resolver_utils::EnumType;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::activity::{
    ActivityAttributes, ActivityLinksInput, CreateProcessingActivityInput, DataCategoryLinkInput,
    PurposeLinkInput,
};
use crate::domain::activity_form::ReplaceProcessingActivityInput;
use crate::domain::kind::EntityKind;
use crate::domain::vocabulary::{
    ActivityRole, ActivityStatus, DpiaStatus, LawfulBasis, ProvisionRequirement,
    SpecialCategoryCondition,
};
use crate::graph::{ActivityIndex, Inventory};

use super::views::{self, words};

/// Empty rows offered below the filled ones, for adding without scripts.
const SPARE_ROWS: usize = 2;

/// Text fields of an activity, by their API names.
const TEXT_FIELDS: [&str; 10] = [
    "description",
    "businessFunction",
    "automatedDecisionDetails",
    "provisionConsequence",
    "dpiaUrl",
    "consentRecordUrl",
    "breachRecordUrl",
    "ukSchedule1Condition",
    "retentionDeviationReason",
    "name",
];

/// Yes / no / not known fields.
const CHOICE_FIELDS: [&str; 7] = [
    "automatedDecisionMaking",
    "dpiaRequired",
    "largeScale",
    "systematicMonitoring",
    "innovativeTechnology",
    "breachOccurred",
    "retentionPolicyFollowed",
];

/// Lists of keys, by their API names, with the kind they name.
const KEY_LISTS: [(&str, EntityKind); 7] = [
    ("dataSubjects", EntityKind::DataSubjectCategory),
    ("recipients", EntityKind::Recipient),
    ("transfers", EntityKind::Transfer),
    ("retentionRules", EntityKind::RetentionRule),
    ("systems", EntityKind::System),
    ("securityMeasures", EntityKind::SecurityMeasure),
    ("controllers", EntityKind::Organization),
];

#[derive(Debug, Clone, Default, Serialize)]
pub struct PurposeRow {
    pub purpose: String,
    pub lawful_basis: String,
    pub legitimate_interest: String,
    pub assessment_url: String,
    pub special_category_condition: String,
    pub criminal_offence_condition: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CategoryRow {
    pub data_category: String,
    pub source: String,
    /// "yes", "no" or "" (not known).
    pub required: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// An activity's form as the person sees it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ActivityForm {
    /// Set when editing; empty for a new activity.
    pub key: String,
    pub version: i32,
    pub organization: String,
    pub role: String,
    pub status: String,
    pub provision_requirement: String,
    pub dpia_status: String,
    /// Text and yes/no fields, by API name.
    pub values: BTreeMap<String, String>,
    pub purposes: Vec<PurposeRow>,
    pub data_categories: Vec<CategoryRow>,
    /// The keys picked in each list, by API name.
    pub selected: BTreeMap<String, BTreeSet<String>>,
}

/// Everything a form offers to pick from.
#[derive(Debug, Clone, Serialize)]
pub struct Options {
    pub organizations: Vec<Choice>,
    pub purposes: Vec<Choice>,
    pub data_categories: Vec<Choice>,
    pub sources: Vec<Choice>,
    /// The key lists, by API name, with their headings.
    pub lists: Vec<KeyList>,
    pub roles: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub lawful_bases: Vec<Choice>,
    pub special_category_conditions: Vec<Choice>,
    pub provision_requirements: Vec<Choice>,
    pub dpia_statuses: Vec<Choice>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyList {
    pub field: &'static str,
    pub heading: String,
    pub choices: Vec<Choice>,
}

fn vocabulary<T: EnumType + Serialize>() -> Vec<Choice> {
    T::items()
        .iter()
        .filter_map(|item| {
            let value = serde_json::to_value(item.value).ok()?.as_str()?.to_owned();
            Some(Choice {
                label: words(&value),
                value,
            })
        })
        .collect()
}

/// The choices of `kind` the form of an activity of organisation
/// `organization` offers: the shared catalogue and the organisation's own,
/// by name.
fn catalogue(graph: &Inventory, kind: EntityKind, organization: Option<i32>) -> Vec<Choice> {
    let mut choices: Vec<Choice> = views::entities(graph, kind)
        .into_iter()
        .filter(|entity| {
            kind == EntityKind::Organization
                || entity.organization_id.is_none()
                || entity.organization_id == organization
        })
        .map(|entity| Choice {
            label: format!("{} ({})", entity.name, entity.key),
            value: entity.key,
        })
        .collect();
    choices.sort_by_key(|choice| choice.label.to_lowercase());
    choices
}

pub fn options(graph: &Inventory, organization: &str) -> Options {
    let owner = graph.organizations.by_key(organization).map(|org| org.id);
    Options {
        organizations: catalogue(graph, EntityKind::Organization, owner),
        purposes: catalogue(graph, EntityKind::Purpose, owner),
        data_categories: catalogue(graph, EntityKind::DataCategory, owner),
        sources: catalogue(graph, EntityKind::Source, owner),
        lists: KEY_LISTS
            .iter()
            .map(|&(field, kind)| KeyList {
                field,
                heading: match kind {
                    EntityKind::Organization => "Other controllers".to_owned(),
                    other => views::plural(other),
                },
                choices: catalogue(graph, kind, owner),
            })
            .collect(),
        roles: vocabulary::<ActivityRole>(),
        statuses: vocabulary::<ActivityStatus>(),
        lawful_bases: vocabulary::<LawfulBasis>(),
        special_category_conditions: vocabulary::<SpecialCategoryCondition>(),
        provision_requirements: vocabulary::<ProvisionRequirement>(),
        dpia_statuses: vocabulary::<DpiaStatus>(),
    }
}

fn snake(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "yes".to_owned(),
        Some(false) => "no".to_owned(),
        None => String::new(),
    }
}

impl ActivityForm {
    /// The form of a new activity of `organization`.
    pub fn blank(organization: &str) -> Self {
        let mut form = ActivityForm {
            organization: organization.to_owned(),
            role: "controller".to_owned(),
            status: "active".to_owned(),
            ..Default::default()
        };
        form.add_spare_rows();
        form
    }

    /// The form of activity `key` as stored.
    pub fn of_activity(graph: &Inventory, key: &str) -> Option<Self> {
        let activity = graph.activities.by_key(key)?;
        let index = ActivityIndex::new(graph);
        let id = activity.id;
        let key_of = |kind: EntityKind, id: i32| {
            views::entities(graph, kind)
                .into_iter()
                .find(|entity| entity.id == id)
                .map(|entity| entity.key)
        };
        let mut values = BTreeMap::new();
        let mut text = |field: &str, value: &Option<String>| {
            values.insert(field.to_owned(), value.clone().unwrap_or_default());
        };
        text("name", &Some(activity.name.clone()));
        text("description", &activity.description);
        text("businessFunction", &activity.business_function);
        text(
            "automatedDecisionDetails",
            &activity.automated_decision_details,
        );
        text("provisionConsequence", &activity.provision_consequence);
        text("dpiaUrl", &activity.dpia_url);
        text("consentRecordUrl", &activity.consent_record_url);
        text("breachRecordUrl", &activity.breach_record_url);
        text("ukSchedule1Condition", &activity.uk_schedule1_condition);
        text(
            "retentionDeviationReason",
            &activity.retention_deviation_reason,
        );
        for (field, value) in [
            (
                "automatedDecisionMaking",
                activity.automated_decision_making,
            ),
            ("dpiaRequired", activity.dpia_required),
            ("largeScale", activity.large_scale),
            ("systematicMonitoring", activity.systematic_monitoring),
            ("innovativeTechnology", activity.innovative_technology),
            ("breachOccurred", activity.breach_occurred),
            (
                "retentionPolicyFollowed",
                activity.retention_policy_followed,
            ),
        ] {
            values.insert(field.to_owned(), yes_no(value));
        }
        let purposes = index
            .purposes
            .of(id)
            .iter()
            .filter_map(|link| {
                Some(PurposeRow {
                    purpose: key_of(EntityKind::Purpose, link.purpose_id)?,
                    lawful_basis: link.lawful_basis.as_ref().map(snake).unwrap_or_default(),
                    legitimate_interest: link.legitimate_interest.clone().unwrap_or_default(),
                    assessment_url: link.lia_url.clone().unwrap_or_default(),
                    special_category_condition: link
                        .special_category_condition
                        .as_ref()
                        .map(snake)
                        .unwrap_or_default(),
                    criminal_offence_condition: link
                        .criminal_offence_condition
                        .clone()
                        .unwrap_or_default(),
                })
            })
            .collect();
        let data_categories = index
            .data_categories
            .of(id)
            .iter()
            .filter_map(|link| {
                Some(CategoryRow {
                    data_category: key_of(EntityKind::DataCategory, link.data_category_id)?,
                    source: link
                        .source_id
                        .and_then(|id| key_of(EntityKind::Source, id))
                        .unwrap_or_default(),
                    required: yes_no(link.required),
                })
            })
            .collect();
        let keys = |kind: EntityKind, ids: Vec<i32>| -> BTreeSet<String> {
            ids.into_iter().filter_map(|id| key_of(kind, id)).collect()
        };
        let mut selected = BTreeMap::new();
        selected.insert(
            "dataSubjects".to_owned(),
            keys(
                EntityKind::DataSubjectCategory,
                index
                    .data_subjects
                    .of(id)
                    .iter()
                    .map(|l| l.data_subject_category_id)
                    .collect(),
            ),
        );
        selected.insert(
            "recipients".to_owned(),
            keys(
                EntityKind::Recipient,
                index
                    .recipients
                    .of(id)
                    .iter()
                    .map(|l| l.recipient_id)
                    .collect(),
            ),
        );
        selected.insert(
            "transfers".to_owned(),
            keys(
                EntityKind::Transfer,
                index
                    .transfers
                    .of(id)
                    .iter()
                    .map(|l| l.transfer_id)
                    .collect(),
            ),
        );
        selected.insert(
            "retentionRules".to_owned(),
            keys(
                EntityKind::RetentionRule,
                index
                    .retentions
                    .of(id)
                    .iter()
                    .map(|l| l.retention_rule_id)
                    .collect(),
            ),
        );
        selected.insert(
            "systems".to_owned(),
            keys(
                EntityKind::System,
                index.systems.of(id).iter().map(|l| l.system_id).collect(),
            ),
        );
        selected.insert(
            "securityMeasures".to_owned(),
            keys(
                EntityKind::SecurityMeasure,
                index
                    .security_measures
                    .of(id)
                    .iter()
                    .map(|l| l.security_measure_id)
                    .collect(),
            ),
        );
        selected.insert(
            "controllers".to_owned(),
            keys(
                EntityKind::Organization,
                index
                    .controllers
                    .of(id)
                    .iter()
                    .map(|l| l.organization_id)
                    .collect(),
            ),
        );
        let organization = graph
            .organizations
            .get(activity.organization_id)
            .map(|org| org.key.clone())
            .unwrap_or_default();
        let mut form = ActivityForm {
            key: activity.key.clone(),
            version: activity.version,
            organization,
            role: snake(&activity.role),
            status: snake(&activity.status),
            provision_requirement: activity
                .provision_requirement
                .as_ref()
                .map(snake)
                .unwrap_or_default(),
            dpia_status: activity.dpia_status.as_ref().map(snake).unwrap_or_default(),
            values,
            purposes,
            data_categories,
            selected,
        };
        form.add_spare_rows();
        Some(form)
    }

    fn add_spare_rows(&mut self) {
        self.purposes
            .extend(std::iter::repeat_with(PurposeRow::default).take(SPARE_ROWS));
        self.data_categories
            .extend(std::iter::repeat_with(CategoryRow::default).take(SPARE_ROWS));
    }

    /// The form as submitted: every field as typed, blank rows dropped, so
    /// that row numbers in errors match the rows shown again.
    pub fn submitted(pairs: &[(String, String)]) -> Self {
        let mut form = ActivityForm::default();
        let mut purposes: BTreeMap<usize, PurposeRow> = BTreeMap::new();
        let mut categories: BTreeMap<usize, CategoryRow> = BTreeMap::new();
        for (name, value) in pairs {
            let value = value.replace("\r\n", "\n");
            if let Some((row, field)) = row_field(name, "purposes") {
                let entry = purposes.entry(row).or_default();
                match field {
                    "purpose" => entry.purpose = value,
                    "lawfulBasis" => entry.lawful_basis = value,
                    "legitimateInterest" => entry.legitimate_interest = value,
                    "legitimateInterestsAssessmentUrl" => entry.assessment_url = value,
                    "specialCategoryCondition" => entry.special_category_condition = value,
                    "criminalOffenceCondition" => entry.criminal_offence_condition = value,
                    _ => {}
                }
                continue;
            }
            if let Some((row, field)) = row_field(name, "dataCategories") {
                let entry = categories.entry(row).or_default();
                match field {
                    "dataCategory" => entry.data_category = value,
                    "source" => entry.source = value,
                    "required" => entry.required = value,
                    _ => {}
                }
                continue;
            }
            match name.as_str() {
                "key" => form.key = value.trim().to_owned(),
                "version" => form.version = value.trim().parse().unwrap_or(0),
                "organization" => form.organization = value,
                "role" => form.role = value,
                "status" => form.status = value,
                "provisionRequirement" => form.provision_requirement = value,
                "dpiaStatus" => form.dpia_status = value,
                list if KEY_LISTS.iter().any(|(field, _)| *field == list) && !value.is_empty() => {
                    form.selected
                        .entry(list.to_owned())
                        .or_default()
                        .insert(value);
                }
                field if TEXT_FIELDS.contains(&field) || CHOICE_FIELDS.contains(&field) => {
                    form.values.insert(field.to_owned(), value);
                }
                _ => {}
            }
        }
        form.purposes = purposes
            .into_values()
            .filter(|row| {
                !(row.purpose.is_empty()
                    && row.lawful_basis.is_empty()
                    && row.legitimate_interest.trim().is_empty()
                    && row.assessment_url.trim().is_empty()
                    && row.special_category_condition.is_empty()
                    && row.criminal_offence_condition.trim().is_empty())
            })
            .collect();
        form.data_categories = categories
            .into_values()
            .filter(|row| {
                !(row.data_category.is_empty() && row.source.is_empty() && row.required.is_empty())
            })
            .collect();
        form
    }

    /// Shows the form again after a refusal, with room to add rows.
    pub fn again(mut self) -> Self {
        self.add_spare_rows();
        self
    }

    fn text(&self, field: &str) -> MaybeUndefined<String> {
        match self.values.get(field).map(|value| value.trim()) {
            Some(value) if !value.is_empty() => MaybeUndefined::Value(value.to_owned()),
            Some(_) => MaybeUndefined::Null,
            None => MaybeUndefined::Undefined,
        }
    }

    fn choice(&self, field: &str, errors: &mut Errors) -> MaybeUndefined<bool> {
        match self.values.get(field).map(String::as_str) {
            Some("yes") => MaybeUndefined::Value(true),
            Some("no") => MaybeUndefined::Value(false),
            Some("") => MaybeUndefined::Null,
            None => MaybeUndefined::Undefined,
            Some(other) => {
                errors.add(
                    field,
                    format!("`{other}` is not one of yes, no, or not known"),
                );
                MaybeUndefined::Undefined
            }
        }
    }

    fn attributes(&self, errors: &mut Errors) -> ActivityAttributes {
        ActivityAttributes {
            description: self.text("description"),
            business_function: self.text("businessFunction"),
            automated_decision_making: self.choice("automatedDecisionMaking", errors),
            automated_decision_details: self.text("automatedDecisionDetails"),
            provision_requirement: set_or_clear(optional_enum(
                &self.provision_requirement,
                "provisionRequirement",
                errors,
            )),
            provision_consequence: self.text("provisionConsequence"),
            dpia_required: self.choice("dpiaRequired", errors),
            dpia_status: set_or_clear(optional_enum(&self.dpia_status, "dpiaStatus", errors)),
            dpia_url: self.text("dpiaUrl"),
            large_scale: self.choice("largeScale", errors),
            systematic_monitoring: self.choice("systematicMonitoring", errors),
            innovative_technology: self.choice("innovativeTechnology", errors),
            consent_record_url: self.text("consentRecordUrl"),
            breach_occurred: self.choice("breachOccurred", errors),
            breach_record_url: self.text("breachRecordUrl"),
            uk_schedule1_condition: self.text("ukSchedule1Condition"),
            retention_policy_followed: self.choice("retentionPolicyFollowed", errors),
            retention_deviation_reason: self.text("retentionDeviationReason"),
        }
    }

    fn links(&self, errors: &mut Errors) -> ActivityLinksInput {
        let purposes = self
            .purposes
            .iter()
            .enumerate()
            .filter_map(|(row, purpose)| {
                let field = |name: &str| format!("purposes[{row}].{name}");
                if purpose.purpose.is_empty() {
                    errors.add(
                        &field("purpose"),
                        "choose the purpose this lawful basis is for, or clear the row".into(),
                    );
                    return None;
                }
                let text = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
                Some(PurposeLinkInput {
                    purpose: purpose.purpose.clone(),
                    lawful_basis: optional_enum(
                        &purpose.lawful_basis,
                        &field("lawfulBasis"),
                        errors,
                    ),
                    legitimate_interest: text(&purpose.legitimate_interest),
                    legitimate_interests_assessment_url: text(&purpose.assessment_url),
                    special_category_condition: optional_enum(
                        &purpose.special_category_condition,
                        &field("specialCategoryCondition"),
                        errors,
                    ),
                    criminal_offence_condition: text(&purpose.criminal_offence_condition),
                })
            })
            .collect();
        let data_categories = self
            .data_categories
            .iter()
            .enumerate()
            .filter_map(|(row, category)| {
                if category.data_category.is_empty() {
                    errors.add(
                        &format!("dataCategories[{row}].dataCategory"),
                        "choose the data category, or clear the row".into(),
                    );
                    return None;
                }
                Some(DataCategoryLinkInput {
                    data_category: category.data_category.clone(),
                    source: Some(category.source.clone()).filter(|s| !s.is_empty()),
                    required: match category.required.as_str() {
                        "yes" => Some(true),
                        "no" => Some(false),
                        _ => None,
                    },
                })
            })
            .collect();
        let list = |field: &str| -> Vec<String> {
            self.selected
                .get(field)
                .map(|keys| keys.iter().cloned().collect())
                .unwrap_or_default()
        };
        ActivityLinksInput {
            purposes,
            data_categories,
            data_subjects: list("dataSubjects"),
            recipients: list("recipients"),
            transfers: list("transfers"),
            retention_rules: list("retentionRules"),
            systems: list("systems"),
            security_measures: list("securityMeasures"),
            controllers: list("controllers"),
        }
    }

    fn name(&self, errors: &mut Errors) -> String {
        let name = self.values.get("name").map_or("", |name| name.trim());
        if name.is_empty() {
            errors.add("name", "give the activity a name".into());
        }
        name.to_owned()
    }

    fn role_and_status(&self, errors: &mut Errors) -> (ActivityRole, ActivityStatus) {
        let role = optional_enum(&self.role, "role", errors).unwrap_or(ActivityRole::Controller);
        let status =
            optional_enum(&self.status, "status", errors).unwrap_or(ActivityStatus::Active);
        (role, status)
    }

    /// The input that saves an existing activity, or the problems found
    /// before asking the domain.
    pub fn replacement(&self) -> Result<ReplaceProcessingActivityInput, Errors> {
        let mut errors = Errors::default();
        let name = self.name(&mut errors);
        let (role, status) = self.role_and_status(&mut errors);
        let input = ReplaceProcessingActivityInput {
            name,
            organization: self.organization.clone(),
            role,
            status,
            attributes: self.attributes(&mut errors),
            links: self.links(&mut errors),
        };
        errors.into_result(input)
    }

    /// The input that creates the activity, or the problems found first.
    pub fn creation(&self) -> Result<CreateProcessingActivityInput, Errors> {
        let mut errors = Errors::default();
        if self.key.is_empty() {
            errors.add(
                "key",
                "give the activity a key: lower-case words joined by hyphens, such as `newsletter-sign-up`".into(),
            );
        }
        let name = self.name(&mut errors);
        let (role, status) = self.role_and_status(&mut errors);
        let input = CreateProcessingActivityInput {
            key: self.key.clone(),
            name,
            organization: self.organization.clone(),
            role,
            status,
            attributes: self.attributes(&mut errors),
            links: self.links(&mut errors),
        };
        errors.into_result(input)
    }
}

/// A choice left empty clears the value: every field is on the form.
fn set_or_clear<T>(value: Option<T>) -> MaybeUndefined<T> {
    value.map_or(MaybeUndefined::Null, MaybeUndefined::Value)
}

/// `purposes[2].lawfulBasis` → (2, "lawfulBasis") when `list` is "purposes".
fn row_field<'n>(name: &'n str, list: &str) -> Option<(usize, &'n str)> {
    let rest = name.strip_prefix(list)?.strip_prefix('[')?;
    let (row, field) = rest.split_once("].")?;
    Some((row.parse().ok()?, field))
}

fn optional_enum<T: DeserializeOwned>(value: &str, field: &str, errors: &mut Errors) -> Option<T> {
    if value.is_empty() {
        return None;
    }
    match serde_json::from_value(serde_json::Value::String(value.to_owned())) {
        Ok(parsed) => Some(parsed),
        Err(_) => {
            errors.add(
                field,
                format!("`{value}` is not one of the choices offered"),
            );
            None
        }
    }
}

/// Problems with a submitted form, by field name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Errors(pub BTreeMap<String, String>);

impl Errors {
    pub fn add(&mut self, field: &str, message: String) {
        self.0.entry(field.to_owned()).or_insert(message);
    }

    fn into_result<T>(self, value: T) -> Result<T, Errors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn a_submitted_form_keeps_filled_rows_in_order_and_drops_blank_ones() {
        let form = ActivityForm::submitted(&pairs(&[
            ("name", "Newsletter"),
            ("purposes[0].purpose", "newsletter"),
            ("purposes[0].lawfulBasis", "consent"),
            ("purposes[1].purpose", ""),
            ("purposes[1].lawfulBasis", ""),
            ("purposes[2].purpose", "analytics"),
            ("purposes[2].lawfulBasis", "legitimate_interests"),
            (
                "purposes[2].legitimateInterest",
                "Knowing what readers open",
            ),
            ("dataCategories[0].dataCategory", "email"),
            ("dataCategories[0].required", "yes"),
            ("recipients", "mailer"),
            ("recipients", "host"),
            ("dpiaRequired", "no"),
        ]));
        let input = form.replacement().expect("a valid form");
        let purposes: Vec<&str> = input
            .links
            .purposes
            .iter()
            .map(|p| p.purpose.as_str())
            .collect();
        assert_eq!(purposes, ["newsletter", "analytics"]);
        assert_eq!(
            input.links.purposes[1].lawful_basis,
            Some(LawfulBasis::LegitimateInterests)
        );
        assert_eq!(input.links.data_categories[0].required, Some(true));
        assert_eq!(input.links.recipients, ["host", "mailer"]);
        assert_eq!(input.attributes.dpia_required, MaybeUndefined::Value(false));
        assert_eq!(input.attributes.description, MaybeUndefined::Undefined);
    }

    #[test]
    fn problems_are_named_by_the_field_they_are_about() {
        let form = ActivityForm::submitted(&pairs(&[
            ("name", "  "),
            ("purposes[0].lawfulBasis", "consent"),
            ("purposes[1].purpose", "x"),
            ("purposes[1].lawfulBasis", "because"),
            ("largeScale", "maybe"),
        ]));
        let errors = form.replacement().expect_err("problems").0;
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            [
                "largeScale",
                "name",
                "purposes[0].purpose",
                "purposes[1].lawfulBasis"
            ]
        );
    }
}
