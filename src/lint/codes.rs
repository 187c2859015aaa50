//! Every finding's code, with its severity, the article it rests on and how
//! to fix it. Codes are stable: never renumbered, never reused.

use serde::Serialize;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Unlawful or required and missing.
    Error,
    /// Likely a problem, or required "where possible".
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Code {
    pub code: &'static str,
    pub severity: Severity,
    pub article: &'static str,
    pub title: &'static str,
    pub fix: &'static str,
}

const fn code(
    code: &'static str,
    severity: Severity,
    article: &'static str,
    title: &'static str,
    fix: &'static str,
) -> Code {
    Code {
        code,
        severity,
        article,
        title,
        fix,
    }
}

use Severity::*;

pub const PURPOSE_WITHOUT_BASIS: Code = code(
    "ROPA-E001",
    Error,
    "GDPR Art. 6(1)",
    "a purpose of an activity has no lawful basis",
    "set the lawful basis on the activity's purpose link (lawful_basis = \"...\")",
);
pub const INTEREST_NOT_STATED: Code = code(
    "ROPA-E002",
    Error,
    "GDPR Arts. 6(1)(f), 13(1)(d)",
    "legitimate interests are the basis but the interest is not stated",
    "state the interest pursued (legitimate_interest = \"...\")",
);
pub const SPECIAL_WITHOUT_CONDITION: Code = code(
    "ROPA-E003",
    Error,
    "GDPR Art. 9(2)",
    "special category data without an Art. 9(2) condition",
    "set special_category_condition on the purpose link that uses the data",
);
pub const CRIMINAL_WITHOUT_CONDITION: Code = code(
    "ROPA-E004",
    Error,
    "GDPR Art. 10",
    "criminal offence data without an Art. 10 authorisation",
    "state the law or official authority in criminal_offence_condition",
);
pub const TRANSFER_WITHOUT_MECHANISM: Code = code(
    "ROPA-E010",
    Error,
    "GDPR Arts. 44-46",
    "a transfer outside the EEA without a mechanism",
    "record the mechanism (adequacy, standard contractual clauses, BCRs, ...) on the transfer",
);
pub const MECHANISM_NOT_VALID: Code = code(
    "ROPA-E011",
    Error,
    "GDPR Arts. 44-45",
    "a transfer mechanism that does not cover the transfer on the check date",
    "move the transfer to a mechanism valid today (for the US: the Data Privacy Framework for certified recipients, or the 2021 standard contractual clauses)",
);
pub const DPF_NOT_CERTIFIED: Code = code(
    "ROPA-E012",
    Error,
    "GDPR Art. 45; Decision (EU) 2023/1795",
    "the Data Privacy Framework for a recipient not marked as certified",
    "mark the recipient dpf_certified after checking the DPF List, or use another mechanism",
);
pub const NO_ADEQUACY: Code = code(
    "ROPA-E013",
    Error,
    "GDPR Art. 45",
    "an adequacy decision for a country that has none on the check date",
    "use another mechanism for this country",
);
pub const CONSENT_FOR_REGULAR_TRANSFERS: Code = code(
    "ROPA-E014",
    Error,
    "GDPR Art. 49(1)(a); EDPB Guidelines 2/2018",
    "explicit consent (Art. 49(1)(a)) for transfers not marked occasional",
    "mark the transfer occasional if it is, or use an Art. 46 safeguard for regular transfers",
);
pub const HISTORICAL_MECHANISM: Code = code(
    "ROPA-I015",
    Info,
    "GDPR Art. 45",
    "a mechanism since invalidated, valid on the check date",
    "plan the move to a mechanism valid today",
);
pub const TRANSFER_WITHOUT_COUNTRY: Code = code(
    "ROPA-W016",
    Warning,
    "GDPR Art. 30(1)(e)",
    "a transfer that names no country",
    "set the destination country (ISO 3166-1 alpha-2)",
);
pub const NO_RETENTION: Code = code(
    "ROPA-W020",
    Warning,
    "GDPR Arts. 30(1)(f), 13(2)(a)",
    "an activity with no retention rule",
    "link a retention rule with a period or the criteria that decide it",
);
pub const EMPTY_RETENTION: Code = code(
    "ROPA-E021",
    Error,
    "GDPR Arts. 5(1)(e), 13(2)(a)",
    "a retention rule with neither a period nor criteria",
    "give the rule a period (P7Y) or criteria",
);
pub const NO_PERIOD: Code = code(
    "ROPA-W022",
    Warning,
    "GDPR Art. 13(2)(a); WP260 rev.01",
    "a retention rule with criteria but no period",
    "give the period the criteria lead to, per category or purpose, where one can be given",
);
pub const NO_PURPOSE: Code = code(
    "ROPA-E030",
    Error,
    "GDPR Art. 30(1)(b)",
    "an activity with no purpose",
    "link the purposes of the activity",
);
pub const NO_DATA_CATEGORIES: Code = code(
    "ROPA-E031",
    Error,
    "GDPR Art. 30(1)(c)",
    "an activity with no categories of personal data",
    "link the data categories it uses",
);
pub const NO_DATA_SUBJECTS: Code = code(
    "ROPA-E032",
    Error,
    "GDPR Art. 30(1)(c)",
    "an activity with no categories of data subjects",
    "link the data subject categories",
);
pub const NO_SECURITY_MEASURES: Code = code(
    "ROPA-W033",
    Warning,
    "GDPR Art. 30(1)(g)",
    "an activity with no security measures described",
    "link the technical and organisational measures that protect it",
);
pub const NO_CONTACT: Code = code(
    "ROPA-E034",
    Error,
    "GDPR Arts. 30(1)(a), 13(1)(a)",
    "an organisation with neither an address nor an email",
    "set the organisation's address or email",
);
pub const PROCESSOR_WITHOUT_CONTROLLER: Code = code(
    "ROPA-E035",
    Error,
    "GDPR Art. 30(2)(a)",
    "processing on behalf of others that names no controller",
    "link the controllers the organisation processes for",
);
pub const NO_RECIPIENTS: Code = code(
    "ROPA-I036",
    Info,
    "GDPR Art. 30(1)(d)",
    "an activity that names no recipients",
    "link its recipients, or leave it if there are none",
);
pub const UNUSED_RECIPIENT: Code = code(
    "ROPA-W040",
    Warning,
    "GDPR Art. 30(1)(d)",
    "a recipient no activity discloses to",
    "link it to the activities that disclose to it, or delete it",
);
pub const UNUSED_DATA_CATEGORY: Code = code(
    "ROPA-W041",
    Warning,
    "GDPR Art. 30(1)(c)",
    "a data category no activity uses",
    "link it to the activities that use it, or delete it",
);
pub const PROCESSOR_WITHOUT_CONTRACT: Code = code(
    "ROPA-W042",
    Warning,
    "GDPR Art. 28(3)",
    "a processor with no link to its contract",
    "record the data processing agreement (contract_url)",
);
pub const DPIA_LIKELY: Code = code(
    "ROPA-W050",
    Warning,
    "GDPR Art. 35(1); WP248 rev.01",
    "two or more DPIA criteria and no DPIA recorded",
    "carry out a DPIA and record its status and link, or record why none is required",
);
pub const DPIA_REQUIRED: Code = code(
    "ROPA-E051",
    Error,
    "GDPR Art. 35(3)",
    "a case Art. 35(3) names, with no DPIA recorded",
    "carry out the DPIA before the processing and record it",
);
pub const NO_EU_REPRESENTATIVE: Code = code(
    "ROPA-W060",
    Warning,
    "GDPR Art. 27",
    "an organisation outside the EEA with no EU representative",
    "designate a representative in the EU if you offer goods or services to, or monitor, people there",
);
pub const NOTICE_CANNOT_STATE_RIGHTS: Code = code(
    "ROPA-W070",
    Warning,
    "GDPR Arts. 13(2)(b), 14(2)(c)",
    "the notice cannot say which rights apply (no lawful basis anywhere)",
    "state the lawful bases of the purposes",
);
pub const NOTICE_NO_EMAIL: Code = code(
    "ROPA-W071",
    Warning,
    "GDPR Arts. 12(2), 13(1)(a)",
    "the notice has no email address for requests",
    "set the organisation's or the DPO's email",
);
pub const NOTICE_SALE_UNKNOWN: Code = code(
    "ROPA-I072",
    Info,
    "Cal. Civ. Code §1798.130(a)(5)(C)",
    "the California section cannot say whether personal information is sold or shared",
    "record it when the inventory can hold it",
);
pub const NOTICE_NO_CALIFORNIA_CATEGORY: Code = code(
    "ROPA-I073",
    Info,
    "Cal. Civ. Code §1798.140(v)",
    "a data category with no California category",
    "set ccpa_category on the data category",
);

/// Every code, in order.
pub const ALL: [Code; 31] = [
    PURPOSE_WITHOUT_BASIS,
    INTEREST_NOT_STATED,
    SPECIAL_WITHOUT_CONDITION,
    CRIMINAL_WITHOUT_CONDITION,
    TRANSFER_WITHOUT_MECHANISM,
    MECHANISM_NOT_VALID,
    DPF_NOT_CERTIFIED,
    NO_ADEQUACY,
    CONSENT_FOR_REGULAR_TRANSFERS,
    HISTORICAL_MECHANISM,
    TRANSFER_WITHOUT_COUNTRY,
    NO_RETENTION,
    EMPTY_RETENTION,
    NO_PERIOD,
    NO_PURPOSE,
    NO_DATA_CATEGORIES,
    NO_DATA_SUBJECTS,
    NO_SECURITY_MEASURES,
    NO_CONTACT,
    PROCESSOR_WITHOUT_CONTROLLER,
    NO_RECIPIENTS,
    UNUSED_RECIPIENT,
    UNUSED_DATA_CATEGORY,
    PROCESSOR_WITHOUT_CONTRACT,
    DPIA_LIKELY,
    DPIA_REQUIRED,
    NO_EU_REPRESENTATIVE,
    NOTICE_CANNOT_STATE_RIGHTS,
    NOTICE_NO_EMAIL,
    NOTICE_SALE_UNKNOWN,
    NOTICE_NO_CALIFORNIA_CATEGORY,
];

/// The code `code` (`ROPA-E001`, or `E001`).
pub fn find(code: &str) -> Option<&'static Code> {
    let wanted = code.trim().to_ascii_uppercase();
    ALL.iter()
        .find(|known| known.code == wanted || known.code.strip_prefix("ROPA-") == Some(&wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_say_their_severity() {
        let mut seen = std::collections::BTreeSet::new();
        for known in ALL {
            assert!(seen.insert(known.code), "{} twice", known.code);
            let letter = match known.severity {
                Severity::Error => 'E',
                Severity::Warning => 'W',
                Severity::Info => 'I',
            };
            assert_eq!(known.code.chars().nth(5), Some(letter), "{}", known.code);
        }
        assert_eq!(find("e001"), Some(&PURPOSE_WITHOUT_BASIS));
    }
}
