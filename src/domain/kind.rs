//! The kinds of entity in the inventory graph.

use std::fmt;

/// Every kind of entity that has a key. Its `Display` is the human name used
/// in messages; `as_str` is the machine name used in error extensions.
#[derive(
    async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Organization,
    ProcessingActivity,
    Purpose,
    DataCategory,
    DataSubjectCategory,
    Source,
    Recipient,
    Transfer,
    RetentionRule,
    System,
    SecurityMeasure,
}

impl EntityKind {
    /// Every kind: organisations, activities, then the catalogue kinds.
    pub const ALL: [EntityKind; 11] = [
        EntityKind::Organization,
        EntityKind::ProcessingActivity,
        EntityKind::Purpose,
        EntityKind::DataCategory,
        EntityKind::DataSubjectCategory,
        EntityKind::Source,
        EntityKind::Recipient,
        EntityKind::Transfer,
        EntityKind::RetentionRule,
        EntityKind::System,
        EntityKind::SecurityMeasure,
    ];

    /// The kinds that may belong to one organisation or be shared by all:
    /// every kind but organisations and activities.
    pub fn catalogue() -> &'static [EntityKind] {
        &Self::ALL[2..]
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            EntityKind::Organization => "organization",
            EntityKind::ProcessingActivity => "processing_activity",
            EntityKind::Purpose => "purpose",
            EntityKind::DataCategory => "data_category",
            EntityKind::DataSubjectCategory => "data_subject_category",
            EntityKind::Source => "source",
            EntityKind::Recipient => "recipient",
            EntityKind::Transfer => "transfer",
            EntityKind::RetentionRule => "retention_rule",
            EntityKind::System => "system",
            EntityKind::SecurityMeasure => "security_measure",
        }
    }

    /// The table holding entities of this kind (the machine name).
    pub const fn table(self) -> &'static str {
        self.as_str()
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str().replace('_', " "))
    }
}
