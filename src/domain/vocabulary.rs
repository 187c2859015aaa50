//! The closed vocabularies as the API shows them, with their legal meaning.
//! Each mirrors a stored enum of `entity::enums` and converts both ways.
//! Inventory files spell the values in lower case (`legitimate_interests`).

use async_graphql::Enum;
use entity::enums as stored;
use serde::{Deserialize, Serialize};

/// GDPR Art. 6(1) lawful basis for processing.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::LawfulBasis")]
#[serde(rename_all = "snake_case")]
pub enum LawfulBasis {
    /// Art. 6(1)(a): the data subject has given consent.
    Consent,
    /// Art. 6(1)(b): necessary for a contract with the data subject, or steps before one.
    Contract,
    /// Art. 6(1)(c): necessary to comply with a legal obligation of the controller.
    LegalObligation,
    /// Art. 6(1)(d): necessary to protect someone's vital interests.
    VitalInterests,
    /// Art. 6(1)(e): a task in the public interest or in the exercise of official authority.
    PublicTask,
    /// Art. 6(1)(f): legitimate interests of the controller or a third party.
    LegitimateInterests,
}

/// GDPR Art. 9(2) condition for processing special category data.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::SpecialCategoryCondition")]
#[serde(rename_all = "snake_case")]
pub enum SpecialCategoryCondition {
    /// Art. 9(2)(a): explicit consent.
    ExplicitConsent,
    /// Art. 9(2)(b): employment, social security and social protection law.
    EmploymentAndSocialSecurity,
    /// Art. 9(2)(c): vital interests of a subject unable to consent.
    VitalInterests,
    /// Art. 9(2)(d): a not-for-profit body, about its members or regular contacts.
    NotForProfitBody,
    /// Art. 9(2)(e): data manifestly made public by the data subject.
    MadePublicBySubject,
    /// Art. 9(2)(f): legal claims, or courts acting in their judicial capacity.
    LegalClaims,
    /// Art. 9(2)(g): substantial public interest under law.
    SubstantialPublicInterest,
    /// Art. 9(2)(h): preventive or occupational medicine, health or social care.
    HealthOrSocialCare,
    /// Art. 9(2)(i): public health.
    PublicHealth,
    /// Art. 9(2)(j): archiving in the public interest, research or statistics.
    ArchivingResearchStatistics,
}

/// The role the owning organisation plays in a processing activity.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::ActivityRole")]
#[serde(rename_all = "snake_case")]
pub enum ActivityRole {
    /// Decides the purposes and means (Art. 4(7)); the Art. 30(1) record.
    Controller,
    /// Decides them together with other controllers (Art. 26).
    JointController,
    /// Processes on behalf of controllers (Art. 4(8)); the Art. 30(2) record.
    Processor,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::ActivityStatus")]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Designed but not started.
    Planned,
    /// Processing takes place.
    Active,
    /// Processing has stopped; kept for the record.
    Retired,
}

/// Whether providing the data is required, and by what (Art. 13(2)(e)).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::ProvisionRequirement")]
#[serde(rename_all = "snake_case")]
pub enum ProvisionRequirement {
    /// Required by law.
    Statutory,
    /// Required by a contract.
    Contractual,
    /// Required to enter into a contract.
    ContractPrerequisite,
    /// Not required; the data subject chooses.
    Voluntary,
}

/// Progress of a data protection impact assessment (Art. 35).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::DpiaStatus")]
#[serde(rename_all = "snake_case")]
pub enum DpiaStatus {
    NotStarted,
    InProgress,
    Completed,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::Sensitivity")]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Ordinary personal data.
    Ordinary,
    /// Special category data (Art. 9(1)).
    SpecialCategory,
    /// Personal data relating to criminal convictions and offences (Art. 10).
    Criminal,
}

/// The Art. 9(1) kinds of special category data.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::SpecialCategoryKind")]
#[serde(rename_all = "snake_case")]
pub enum SpecialCategoryKind {
    RacialOrEthnicOrigin,
    PoliticalOpinions,
    ReligiousOrPhilosophicalBeliefs,
    TradeUnionMembership,
    Genetic,
    /// Biometric data processed to identify a person uniquely.
    Biometric,
    Health,
    SexLifeOrSexualOrientation,
}

/// The California categories of personal information, Cal. Civ. Code
/// §1798.140(v)(1)(A)-(K).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::CcpaCategory")]
#[serde(rename_all = "snake_case")]
pub enum CcpaCategory {
    /// (A) Identifiers.
    Identifiers,
    /// (B) Personal information categories listed in §1798.80(e) ("customer records").
    CustomerRecords,
    /// (C) Characteristics of protected classifications.
    ProtectedClassifications,
    /// (D) Commercial information.
    CommercialInformation,
    /// (E) Biometric information.
    BiometricInformation,
    /// (F) Internet or other electronic network activity information.
    InternetActivity,
    /// (G) Geolocation data.
    Geolocation,
    /// (H) Audio, electronic, visual, thermal, olfactory or similar information.
    SensoryData,
    /// (I) Professional or employment-related information.
    ProfessionalInformation,
    /// (J) Non-public education information.
    EducationInformation,
    /// (K) Inferences drawn to create a profile.
    Inferences,
}

/// Where data comes from (Art. 14(2)(f)).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::SourceKind")]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// The data subject provides it.
    DataSubject,
    /// Collected automatically (cookies, logs, device signals).
    Automatic,
    /// Received from a third party.
    ThirdParty,
    /// Obtained from publicly accessible sources.
    PubliclyAvailable,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::RecipientKind")]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// A processor or service provider acting on instructions (Art. 28).
    Processor,
    /// An independent controller or other third party.
    ThirdParty,
    /// A company of the same group.
    Affiliate,
    /// A public authority, regulator, court or law enforcement.
    PublicAuthority,
    /// A buyer or successor in a merger, acquisition or sale of assets.
    Acquirer,
    /// The public: data published for anyone to see.
    Public,
}

/// The GDPR Chapter V basis a transfer relies on.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::TransferMechanism")]
#[serde(rename_all = "snake_case")]
pub enum TransferMechanism {
    /// Art. 45: an adequacy decision covers the destination.
    AdequacyDecision,
    /// Art. 45: the EU-U.S. Data Privacy Framework (recipient certified).
    DataPrivacyFramework,
    /// Art. 46(2)(c): the 2021 EU standard contractual clauses.
    StandardContractualClauses,
    /// The pre-2021 EU model clauses (2001, 2004, 2010 sets).
    LegacyStandardContractualClauses,
    /// Arts. 46(2)(b), 47: binding corporate rules.
    BindingCorporateRules,
    /// UK International Data Transfer Agreement.
    UkIdta,
    /// UK Addendum to the EU standard contractual clauses.
    UkAddendum,
    /// Art. 46(2)(e): an approved code of conduct.
    CodeOfConduct,
    /// Art. 46(2)(f): an approved certification mechanism.
    Certification,
    /// Art. 46(3)(a): contractual clauses authorised by a supervisory authority.
    AdHocContractualClauses,
    /// Art. 49: a derogation for a specific situation.
    Derogation,
    /// The EU-U.S. Privacy Shield, invalidated on 16 July 2020 (C-311/18).
    PrivacyShield,
    /// The Safe Harbor principles, invalidated on 6 October 2015 (C-362/14).
    SafeHarbor,
    /// No mechanism: stated explicitly.
    None,
}

/// The module of the 2021 EU standard contractual clauses.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::SccModule")]
#[serde(rename_all = "snake_case")]
pub enum SccModule {
    /// Module 1.
    ControllerToController,
    /// Module 2.
    ControllerToProcessor,
    /// Module 3.
    ProcessorToProcessor,
    /// Module 4.
    ProcessorToController,
}

/// The Art. 49 derogation a transfer relies on.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::Derogation")]
#[serde(rename_all = "snake_case")]
pub enum Derogation {
    /// Art. 49(1)(a).
    ExplicitConsent,
    /// Art. 49(1)(b).
    ContractWithSubject,
    /// Art. 49(1)(c).
    ContractInSubjectInterest,
    /// Art. 49(1)(d).
    ImportantPublicInterest,
    /// Art. 49(1)(e).
    LegalClaims,
    /// Art. 49(1)(f).
    VitalInterests,
    /// Art. 49(1)(g).
    PublicRegister,
    /// Art. 49(1), second subparagraph.
    CompellingLegitimateInterests,
}

/// What happens to data when its retention ends.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::EndAction")]
#[serde(rename_all = "snake_case")]
pub enum EndAction {
    Delete,
    Anonymise,
    Archive,
    Review,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::SecurityMeasureKind")]
#[serde(rename_all = "snake_case")]
pub enum SecurityMeasureKind {
    Technical,
    Organisational,
}

/// What an API token may do; each role may also do what the roles before it may.
#[derive(
    Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[graphql(remote = "stored::Role")]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Read the inventory and export it.
    Viewer,
    /// Also change the inventory, apply inventory files and import.
    Editor,
    /// Also manage API tokens and publish notices.
    Admin,
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        })
    }
}

/// What an audited change did.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[graphql(remote = "stored::AuditAction")]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    /// A link made, or its attributes changed.
    Link,
    Unlink,
    /// An API token revoked.
    Revoke,
}
