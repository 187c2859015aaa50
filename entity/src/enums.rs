//! The closed vocabularies stored in text columns. Written by hand (the
//! generator sees plain strings); the stored values are snake_case words,
//! never renamed once released.

use sea_orm::entity::prelude::*;
use serde::Serialize;

/// GDPR Art. 6(1) lawful basis for processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum LawfulBasis {
    Consent,
    Contract,
    LegalObligation,
    VitalInterests,
    PublicTask,
    LegitimateInterests,
}

/// GDPR Art. 9(2) condition for processing special category data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(48))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCategoryCondition {
    ExplicitConsent,
    EmploymentAndSocialSecurity,
    VitalInterests,
    NotForProfitBody,
    MadePublicBySubject,
    LegalClaims,
    SubstantialPublicInterest,
    HealthOrSocialCare,
    PublicHealth,
    ArchivingResearchStatistics,
}

/// The role an organisation plays in a processing activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum ActivityRole {
    Controller,
    JointController,
    Processor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Planned,
    Active,
    Retired,
}

/// Whether providing the data is a statutory or contractual requirement
/// (Art. 13(2)(e)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum ProvisionRequirement {
    Statutory,
    Contractual,
    ContractPrerequisite,
    Voluntary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum DpiaStatus {
    NotStarted,
    InProgress,
    Completed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    Ordinary,
    SpecialCategory,
    Criminal,
}

/// The Art. 9(1) kinds of special category data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(48))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCategoryKind {
    RacialOrEthnicOrigin,
    PoliticalOpinions,
    ReligiousOrPhilosophicalBeliefs,
    TradeUnionMembership,
    Genetic,
    Biometric,
    Health,
    SexLifeOrSexualOrientation,
}

/// The California categories of personal information, Cal. Civ. Code
/// §1798.140(v)(1)(A)-(K), stored as their statutory letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(1))")]
pub enum CcpaCategory {
    #[sea_orm(string_value = "A")]
    Identifiers,
    #[sea_orm(string_value = "B")]
    CustomerRecords,
    #[sea_orm(string_value = "C")]
    ProtectedClassifications,
    #[sea_orm(string_value = "D")]
    CommercialInformation,
    #[sea_orm(string_value = "E")]
    BiometricInformation,
    #[sea_orm(string_value = "F")]
    InternetActivity,
    #[sea_orm(string_value = "G")]
    Geolocation,
    #[sea_orm(string_value = "H")]
    SensoryData,
    #[sea_orm(string_value = "I")]
    ProfessionalInformation,
    #[sea_orm(string_value = "J")]
    EducationInformation,
    #[sea_orm(string_value = "K")]
    Inferences,
}

/// Where data comes from (Art. 14(2)(f)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    DataSubject,
    Automatic,
    ThirdParty,
    PubliclyAvailable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    Processor,
    ThirdParty,
    Affiliate,
    PublicAuthority,
    Acquirer,
    Public,
}

/// The Chapter V basis a transfer relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(48))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum TransferMechanism {
    AdequacyDecision,
    DataPrivacyFramework,
    StandardContractualClauses,
    LegacyStandardContractualClauses,
    BindingCorporateRules,
    UkIdta,
    UkAddendum,
    CodeOfConduct,
    Certification,
    AdHocContractualClauses,
    Derogation,
    PrivacyShield,
    SafeHarbor,
    None,
}

/// The module of the 2021 EU standard contractual clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum SccModule {
    ControllerToController,
    ControllerToProcessor,
    ProcessorToProcessor,
    ProcessorToController,
}

/// The Art. 49(1) derogation a transfer relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(48))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum Derogation {
    ExplicitConsent,
    ContractWithSubject,
    ContractInSubjectInterest,
    ImportantPublicInterest,
    LegalClaims,
    VitalInterests,
    PublicRegister,
    CompellingLegitimateInterests,
}

/// What happens to data when its retention period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum EndAction {
    Delete,
    Anonymise,
    Archive,
    Review,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(32))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum SecurityMeasureKind {
    Technical,
    Organisational,
}

/// What an API token may do. Ordered: each role may do what the ones
/// before it may.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum, Serialize,
)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(16))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Editor,
    Admin,
}

/// What an audited change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize)]
#[sea_orm(
    rs_type = "String",
    db_type = "String(StringLen::N(16))",
    rename_all = "snake_case"
)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    Link,
    Unlink,
    Revoke,
}
