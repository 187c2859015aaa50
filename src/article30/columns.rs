//! The columns of the two records. The GDPR Art. 30(1) controller record
//! follows the UK ICO's documentation template, columns A-AD in its order
//! with its headers verbatim (so a team's old spreadsheet imports by
//! header), after four columns that name the activity. The Art. 30(2)
//! processor record has the items of Art. 30(2)(a)-(d). Both end with the
//! organisation's identity and contact block (Art. 30(1)(a), 30(2)(a)),
//! repeated on every row so that each row stands on its own.

/// One column: its stable id (JSON field), its header, the ICO template
/// column it fills, and whether it holds several values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub id: &'static str,
    pub header: &'static str,
    pub ico: Option<&'static str>,
    pub several: bool,
}

const fn one(id: &'static str, header: &'static str, ico: Option<&'static str>) -> Column {
    Column {
        id,
        header,
        ico,
        several: false,
    }
}

const fn many(id: &'static str, header: &'static str, ico: Option<&'static str>) -> Column {
    Column {
        id,
        header,
        ico,
        several: true,
    }
}

pub const REFERENCE: &str = "reference";
pub const ACTIVITY: &str = "activity";
pub const DESCRIPTION: &str = "description";
pub const STATUS: &str = "status";
pub const BUSINESS_FUNCTION: &str = "business_function";
pub const PURPOSES: &str = "purposes";
pub const JOINT_CONTROLLERS: &str = "joint_controllers";
pub const DATA_SUBJECTS: &str = "data_subjects";
pub const DATA_CATEGORIES: &str = "data_categories";
pub const RECIPIENTS: &str = "recipients";
pub const PROCESSOR_CONTRACTS: &str = "processor_contracts";
pub const THIRD_COUNTRIES: &str = "third_countries";
pub const TRANSFERS: &str = "transfers";
pub const RETENTION: &str = "retention";
pub const SECURITY_MEASURES: &str = "security_measures";
pub const LAWFUL_BASES: &str = "lawful_bases";
pub const SPECIAL_CATEGORY_CONDITIONS: &str = "special_category_conditions";
pub const LEGITIMATE_INTERESTS: &str = "legitimate_interests";
pub const LEGITIMATE_INTERESTS_ASSESSMENTS: &str = "legitimate_interests_assessments";
pub const RIGHTS: &str = "rights";
pub const AUTOMATED_DECISION_MAKING: &str = "automated_decision_making";
pub const SOURCES: &str = "sources";
pub const CONSENT_RECORD: &str = "consent_record";
pub const LOCATIONS: &str = "locations";
pub const DPIA_REQUIRED: &str = "dpia_required";
pub const DPIA_PROGRESS: &str = "dpia_progress";
pub const DPIA_LINK: &str = "dpia_link";
pub const BREACH_OCCURRED: &str = "breach_occurred";
pub const BREACH_RECORD: &str = "breach_record";
pub const UK_SCHEDULE1_CONDITION: &str = "uk_schedule1_condition";
pub const UK_LAWFUL_BASES: &str = "uk_lawful_bases";
pub const RETENTION_POLICIES: &str = "retention_policies";
pub const RETENTION_POLICY_FOLLOWED: &str = "retention_policy_followed";
pub const RETENTION_POLICY_DEVIATION: &str = "retention_policy_deviation";
pub const CONTROLLERS: &str = "controllers";
pub const CONTROLLER_REPRESENTATIVES: &str = "controller_representatives";
pub const CONTROLLER_DPOS: &str = "controller_dpos";
pub const PROCESSING: &str = "processing";
pub const ORGANIZATION: &str = "organization";
pub const ORGANIZATION_ADDRESS: &str = "organization_address";
pub const ORGANIZATION_EMAIL: &str = "organization_email";
pub const ORGANIZATION_TELEPHONE: &str = "organization_telephone";
pub const DPO: &str = "dpo";
pub const DPO_ADDRESS: &str = "dpo_address";
pub const DPO_EMAIL: &str = "dpo_email";
pub const DPO_TELEPHONE: &str = "dpo_telephone";
pub const EU_REPRESENTATIVE: &str = "eu_representative";
pub const EU_REPRESENTATIVE_ADDRESS: &str = "eu_representative_address";
pub const EU_REPRESENTATIVE_EMAIL: &str = "eu_representative_email";
pub const EU_REPRESENTATIVE_TELEPHONE: &str = "eu_representative_telephone";
pub const UK_REPRESENTATIVE: &str = "uk_representative";
pub const UK_REPRESENTATIVE_ADDRESS: &str = "uk_representative_address";
pub const UK_REPRESENTATIVE_EMAIL: &str = "uk_representative_email";
pub const UK_REPRESENTATIVE_TELEPHONE: &str = "uk_representative_telephone";

const THIRD_COUNTRIES_HEADER: &str = "Names of third countries or international organisations that personal data are transferred to (if applicable)";
const TRANSFERS_HEADER: &str = "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)";
const SECURITY_HEADER: &str =
    "General description of technical and organisational security measures (if possible)";

/// A record's columns: its own, then the organisation's contact block,
/// headed by the organisation's role in it.
macro_rules! record {
    ($role:literal; $($column:expr),* $(,)?) => {
        &[
            $($column,)*
            one(ORGANIZATION, $role, None),
            one(ORGANIZATION_ADDRESS, concat!($role, " address"), None),
            one(ORGANIZATION_EMAIL, concat!($role, " email"), None),
            one(ORGANIZATION_TELEPHONE, concat!($role, " telephone"), None),
            one(DPO, "Data protection officer", None),
            one(DPO_ADDRESS, "Data protection officer address", None),
            one(DPO_EMAIL, "Data protection officer email", None),
            one(DPO_TELEPHONE, "Data protection officer telephone", None),
            one(EU_REPRESENTATIVE, "EU representative", None),
            one(EU_REPRESENTATIVE_ADDRESS, "EU representative address", None),
            one(EU_REPRESENTATIVE_EMAIL, "EU representative email", None),
            one(EU_REPRESENTATIVE_TELEPHONE, "EU representative telephone", None),
            one(UK_REPRESENTATIVE, "UK representative", None),
            one(UK_REPRESENTATIVE_ADDRESS, "UK representative address", None),
            one(UK_REPRESENTATIVE_EMAIL, "UK representative email", None),
            one(UK_REPRESENTATIVE_TELEPHONE, "UK representative telephone", None),
        ]
    };
}

/// The Art. 30(1) controller record.
pub const CONTROLLER: &[Column] = record!("Controller";
    one(REFERENCE, "Reference", None),
    one(ACTIVITY, "Processing activity", None),
    one(DESCRIPTION, "Description", None),
    one(STATUS, "Status", None),
    one(BUSINESS_FUNCTION, "Business function", Some("A")),
    many(PURPOSES, "Purpose of processing", Some("B")),
    many(
        JOINT_CONTROLLERS,
        "Name and contact details of joint controller (if applicable)",
        Some("C"),
    ),
    many(DATA_SUBJECTS, "Categories of individuals", Some("D")),
    many(DATA_CATEGORIES, "Categories of personal data", Some("E")),
    many(RECIPIENTS, "Categories of recipients", Some("F")),
    many(
        PROCESSOR_CONTRACTS,
        "Link to contract with processor",
        Some("G"),
    ),
    many(THIRD_COUNTRIES, THIRD_COUNTRIES_HEADER, Some("H")),
    many(TRANSFERS, TRANSFERS_HEADER, Some("I")),
    many(RETENTION, "Retention schedule (if possible)", Some("J")),
    many(SECURITY_MEASURES, SECURITY_HEADER, Some("K")),
    many(
        LAWFUL_BASES,
        "Article 6 lawful basis for processing personal data",
        Some("L"),
    ),
    many(
        SPECIAL_CATEGORY_CONDITIONS,
        "Article 9 condition for processing special category data",
        Some("M"),
    ),
    many(
        LEGITIMATE_INTERESTS,
        "Legitimate interests for the processing (if applicable)",
        Some("N"),
    ),
    many(
        LEGITIMATE_INTERESTS_ASSESSMENTS,
        "Link to record of legitimate interests assessment (if applicable)",
        Some("O"),
    ),
    many(RIGHTS, "Rights available to individuals", Some("P")),
    one(
        AUTOMATED_DECISION_MAKING,
        "Existence of automated decision-making, including profiling (if applicable)",
        Some("Q"),
    ),
    many(
        SOURCES,
        "The source of the personal data (if applicable)",
        Some("R"),
    ),
    one(CONSENT_RECORD, "Link to record of consent", Some("S")),
    many(LOCATIONS, "Location of personal data", Some("T")),
    one(
        DPIA_REQUIRED,
        "Data Protection Impact Assessment required?",
        Some("U"),
    ),
    one(
        DPIA_PROGRESS,
        "Data Protection Impact Assessment progress",
        Some("V"),
    ),
    one(
        DPIA_LINK,
        "Link to Data Protection Impact Assessment",
        Some("W"),
    ),
    one(
        BREACH_OCCURRED,
        "Has a personal data breach occurred?",
        Some("X"),
    ),
    one(
        BREACH_RECORD,
        "Link to record of personal data breach",
        Some("Y"),
    ),
    one(
        UK_SCHEDULE1_CONDITION,
        "Data Protection Act 2018 Schedule 1 Condition for processing",
        Some("Z"),
    ),
    many(
        UK_LAWFUL_BASES,
        "GDPR Article 6 lawful basis for processing",
        Some("AA"),
    ),
    many(
        RETENTION_POLICIES,
        "Link to retention and erasure policy document",
        Some("AB"),
    ),
    one(
        RETENTION_POLICY_FOLLOWED,
        "Is personal data retained and erased in accordance with the policy document?",
        Some("AC"),
    ),
    one(
        RETENTION_POLICY_DEVIATION,
        "Reasons for not adhering to policy document (if applicable)",
        Some("AD"),
    ),
);

/// The Art. 30(2) processor record.
pub const PROCESSOR: &[Column] = record!("Processor";
    one(REFERENCE, "Reference", None),
    one(ACTIVITY, "Processing activity", None),
    one(DESCRIPTION, "Description", None),
    one(STATUS, "Status", None),
    many(CONTROLLERS, "Name and contact details of controller", None),
    many(
        CONTROLLER_REPRESENTATIVES,
        "Name and contact details of controller's representative (if applicable)",
        None,
    ),
    many(
        CONTROLLER_DPOS,
        "Name and contact details of controller's data protection officer (if applicable)",
        None,
    ),
    many(
        PROCESSING,
        "Categories of processing carried out on behalf of each controller",
        None,
    ),
    many(THIRD_COUNTRIES, THIRD_COUNTRIES_HEADER, None),
    many(TRANSFERS, TRANSFERS_HEADER, None),
    many(SECURITY_MEASURES, SECURITY_HEADER, None),
);

/// A header as the importer compares it: lower case, spacing ignored.
pub fn squash_header(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ico_columns_come_in_the_template_order() {
        let letters: Vec<&str> = CONTROLLER.iter().filter_map(|column| column.ico).collect();
        let expected: Vec<String> = ('A'..='Z')
            .map(String::from)
            .chain(["AA", "AB", "AC", "AD"].map(String::from))
            .collect();
        assert_eq!(letters, expected);
    }

    #[test]
    fn ids_and_headers_are_unique() {
        for columns in [CONTROLLER, PROCESSOR] {
            let mut ids: Vec<&str> = columns.iter().map(|column| column.id).collect();
            let mut headers: Vec<String> = columns
                .iter()
                .map(|column| squash_header(column.header))
                .collect();
            ids.sort();
            ids.dedup();
            headers.sort();
            headers.dedup();
            assert_eq!(ids.len(), columns.len());
            assert_eq!(headers.len(), columns.len());
        }
    }
}
