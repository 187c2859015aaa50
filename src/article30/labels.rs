//! The words the record uses for the stored vocabularies, and reading them
//! back. Each label names the article it stands for, so that a regulator
//! reads "Art. 6(1)(f) legitimate interests", not `legitimate_interests`.

use std::str::FromStr;

use entity::enums::{
    ActivityStatus, Derogation, DpiaStatus, EndAction, LawfulBasis, RecipientKind, SccModule,
    SecurityMeasureKind, SourceKind, SpecialCategoryCondition, TransferMechanism,
};
use sea_orm::Iterable;

/// A stored vocabulary with a label per value.
pub trait Labelled: Iterable + Copy + 'static {
    fn label(self) -> &'static str;

    /// The value whose label is `text`, ignoring case and spacing; also
    /// accepts what a spreadsheet typed by hand is likely to hold (the
    /// article reference alone, or the words alone).
    fn parse(text: &str) -> Option<Self> {
        let wanted = squash(text);
        if wanted.is_empty() {
            return None;
        }
        Self::iter().find(|value| {
            let label = value.label();
            squash(label) == wanted
                || label.split_once(") ").is_some_and(|(article, words)| {
                    squash(words) == wanted || squash(&format!("{article})")) == wanted
                })
        })
    }
}

/// Lower case, without spaces, and "article" read as "art.".
fn squash(text: &str) -> String {
    text.to_lowercase()
        .replace("article", "art.")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

impl Labelled for LawfulBasis {
    fn label(self) -> &'static str {
        match self {
            LawfulBasis::Consent => "Art. 6(1)(a) consent",
            LawfulBasis::Contract => "Art. 6(1)(b) contract",
            LawfulBasis::LegalObligation => "Art. 6(1)(c) legal obligation",
            LawfulBasis::VitalInterests => "Art. 6(1)(d) vital interests",
            LawfulBasis::PublicTask => "Art. 6(1)(e) public task",
            LawfulBasis::LegitimateInterests => "Art. 6(1)(f) legitimate interests",
        }
    }
}

impl Labelled for SpecialCategoryCondition {
    fn label(self) -> &'static str {
        use SpecialCategoryCondition::*;
        match self {
            ExplicitConsent => "Art. 9(2)(a) explicit consent",
            EmploymentAndSocialSecurity => {
                "Art. 9(2)(b) employment, social security and social protection law"
            }
            VitalInterests => "Art. 9(2)(c) vital interests",
            NotForProfitBody => "Art. 9(2)(d) not-for-profit body",
            MadePublicBySubject => "Art. 9(2)(e) manifestly made public by the data subject",
            LegalClaims => "Art. 9(2)(f) legal claims",
            SubstantialPublicInterest => "Art. 9(2)(g) substantial public interest",
            HealthOrSocialCare => "Art. 9(2)(h) health or social care",
            PublicHealth => "Art. 9(2)(i) public health",
            ArchivingResearchStatistics => {
                "Art. 9(2)(j) archiving, scientific or historical research, statistics"
            }
        }
    }
}

impl Labelled for RecipientKind {
    fn label(self) -> &'static str {
        match self {
            RecipientKind::Processor => "processor",
            RecipientKind::ThirdParty => "third party",
            RecipientKind::Affiliate => "affiliate",
            RecipientKind::PublicAuthority => "public authority",
            RecipientKind::Acquirer => "acquirer",
            RecipientKind::Public => "the public",
        }
    }
}

impl Labelled for SourceKind {
    fn label(self) -> &'static str {
        match self {
            SourceKind::DataSubject => "the data subject",
            SourceKind::Automatic => "automatic collection",
            SourceKind::ThirdParty => "third party",
            SourceKind::PubliclyAvailable => "publicly available",
        }
    }
}

impl Labelled for TransferMechanism {
    fn label(self) -> &'static str {
        use TransferMechanism::*;
        match self {
            AdequacyDecision => "adequacy decision (Art. 45)",
            DataPrivacyFramework => "EU-US Data Privacy Framework",
            StandardContractualClauses => "standard contractual clauses of 2021",
            LegacyStandardContractualClauses => "standard contractual clauses before 2021",
            BindingCorporateRules => "binding corporate rules (Art. 47)",
            UkIdta => "UK international data transfer agreement",
            UkAddendum => "UK addendum to the standard contractual clauses",
            CodeOfConduct => "approved code of conduct (Art. 46(2)(e))",
            Certification => "approved certification (Art. 46(2)(f))",
            AdHocContractualClauses => "ad hoc contractual clauses (Art. 46(3)(a))",
            Derogation => "derogation (Art. 49)",
            PrivacyShield => "EU-US Privacy Shield (invalid since 16 July 2020)",
            SafeHarbor => "Safe Harbor (invalid since 6 October 2015)",
            None => "no safeguard",
        }
    }
}

impl Labelled for SccModule {
    fn label(self) -> &'static str {
        match self {
            SccModule::ControllerToController => "module 1 controller to controller",
            SccModule::ControllerToProcessor => "module 2 controller to processor",
            SccModule::ProcessorToProcessor => "module 3 processor to processor",
            SccModule::ProcessorToController => "module 4 processor to controller",
        }
    }
}

impl Labelled for Derogation {
    fn label(self) -> &'static str {
        use Derogation::*;
        match self {
            ExplicitConsent => "Art. 49(1)(a) explicit consent",
            ContractWithSubject => "Art. 49(1)(b) contract with the data subject",
            ContractInSubjectInterest => "Art. 49(1)(c) contract in the data subject's interest",
            ImportantPublicInterest => "Art. 49(1)(d) important reasons of public interest",
            LegalClaims => "Art. 49(1)(e) legal claims",
            VitalInterests => "Art. 49(1)(f) vital interests",
            PublicRegister => "Art. 49(1)(g) public register",
            CompellingLegitimateInterests => {
                "Art. 49(1) second subparagraph compelling legitimate interests"
            }
        }
    }
}

impl Labelled for EndAction {
    fn label(self) -> &'static str {
        match self {
            EndAction::Delete => "delete",
            EndAction::Anonymise => "anonymise",
            EndAction::Archive => "archive",
            EndAction::Review => "review",
        }
    }
}

impl Labelled for DpiaStatus {
    fn label(self) -> &'static str {
        match self {
            DpiaStatus::NotStarted => "not started",
            DpiaStatus::InProgress => "in progress",
            DpiaStatus::Completed => "completed",
        }
    }
}

impl Labelled for ActivityStatus {
    fn label(self) -> &'static str {
        match self {
            ActivityStatus::Planned => "planned",
            ActivityStatus::Active => "active",
            ActivityStatus::Retired => "retired",
        }
    }
}

impl Labelled for SecurityMeasureKind {
    fn label(self) -> &'static str {
        match self {
            SecurityMeasureKind::Technical => "technical",
            SecurityMeasureKind::Organisational => "organisational",
        }
    }
}

pub fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// "yes", "no" and their usual spreadsheet spellings.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// "United States (US)": the name a reader knows, and the code.
pub fn country(code: &str) -> String {
    match celes::Country::from_alpha2(code) {
        Ok(country) => format!("{} ({code})", plain(country.long_name)),
        Err(_) => code.to_owned(),
    }
}

/// The ISO code in "United States (US)", or of a country named or coded
/// alone.
pub fn parse_country(text: &str) -> Option<String> {
    let text = text.trim();
    let code = text
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
        .map_or(text, |(_, code)| code);
    crate::domain::validate::country("country", code)
        .ok()
        .or_else(|| {
            celes::Country::from_str(text)
                .or_else(|_| celes::Country::from_name(text))
                .or_else(|_| celes::Country::from_alias(text))
                .ok()
                .map(|country| country.alpha2.to_owned())
        })
}

/// celes capitalises every word ("The United States Of America").
fn plain(name: &str) -> String {
    name.replace(" Of ", " of ")
        .replace(" And ", " and ")
        .replace(" The ", " the ")
}

const UNITS: [(&str, &str, bool); 7] = [
    ("year", "Y", false),
    ("month", "M", false),
    ("week", "W", false),
    ("day", "D", false),
    ("hour", "H", true),
    ("minute", "M", true),
    ("second", "S", true),
];

/// "7 years" for P7Y, "1 year 6 months" for P1Y6M; the text as given
/// where it is not a plain duration.
pub fn period(iso: &str) -> String {
    let mut parts = Vec::new();
    let mut number = String::new();
    let mut in_time = false;
    for c in iso.trim_start_matches('P').chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' | '.' | ',' => number.push(c),
            _ => {
                let Some((unit, _, _)) = UNITS
                    .iter()
                    .find(|(_, letter, time)| letter.starts_with(c) && *time == in_time)
                else {
                    return iso.to_owned();
                };
                let plural = if number == "1" { "" } else { "s" };
                parts.push(format!("{number} {unit}{plural}"));
                number.clear();
            }
        }
    }
    if parts.is_empty() || !number.is_empty() {
        return iso.to_owned();
    }
    parts.join(" ")
}

/// The ISO 8601 duration of "7 years" or "1 year 6 months"; also takes an
/// ISO duration as it is.
pub fn parse_period(text: &str) -> Option<String> {
    let text = text.trim();
    if let Ok(iso) = crate::domain::validate::duration("period", text) {
        return Some(iso);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || !words.len().is_multiple_of(2) {
        return None;
    }
    let (mut date, mut time) = (String::new(), String::new());
    for pair in words.chunks(2) {
        let number = pair[0];
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let unit = pair[1].to_lowercase();
        let unit = unit.strip_suffix('s').unwrap_or(&unit);
        let (_, letter, in_time) = UNITS.iter().find(|(name, _, _)| *name == unit)?;
        let part = if *in_time { &mut time } else { &mut date };
        part.push_str(number);
        part.push_str(letter);
    }
    let iso = if time.is_empty() {
        format!("P{date}")
    } else {
        format!("P{date}T{time}")
    };
    crate::domain::validate::duration("period", &iso).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_reads_back_as_its_value() {
        fn check<E: Labelled + PartialEq + std::fmt::Debug>() {
            for value in E::iter() {
                assert_eq!(E::parse(value.label()), Some(value), "{}", value.label());
                assert_eq!(E::parse(&value.label().to_uppercase()), Some(value));
            }
        }
        check::<LawfulBasis>();
        check::<SpecialCategoryCondition>();
        check::<RecipientKind>();
        check::<SourceKind>();
        check::<TransferMechanism>();
        check::<SccModule>();
        check::<Derogation>();
        check::<EndAction>();
        check::<DpiaStatus>();
        check::<ActivityStatus>();
        check::<SecurityMeasureKind>();
    }

    #[test]
    fn hand_typed_bases_are_understood() {
        assert_eq!(
            LawfulBasis::parse("Legitimate interests"),
            Some(LawfulBasis::LegitimateInterests)
        );
        assert_eq!(
            LawfulBasis::parse("Article 6(1)(b)"),
            Some(LawfulBasis::Contract)
        );
        assert_eq!(LawfulBasis::parse("because we can"), None);
    }

    #[test]
    fn periods_read_both_ways() {
        for (iso, words) in [
            ("P7Y", "7 years"),
            ("P1Y6M", "1 year 6 months"),
            ("P26M", "26 months"),
            ("P30D", "30 days"),
            ("P2W", "2 weeks"),
            ("PT12H", "12 hours"),
            ("P1DT30M", "1 day 30 minutes"),
        ] {
            assert_eq!(period(iso), words);
            assert_eq!(parse_period(words).as_deref(), Some(iso));
        }
        assert_eq!(parse_period("P3Y").as_deref(), Some("P3Y"));
        assert_eq!(parse_period("forever"), None);
        assert_eq!(parse_period("7 fortnights"), None);
    }

    #[test]
    fn countries_show_name_and_code() {
        let shown = country("US");
        assert!(shown.ends_with("(US)"), "{shown}");
        assert_eq!(parse_country(&shown).as_deref(), Some("US"));
        assert_eq!(parse_country("DE").as_deref(), Some("DE"));
        assert_eq!(parse_country("Germany").as_deref(), Some("DE"));
        assert_eq!(parse_country("Atlantis"), None);
    }
}
