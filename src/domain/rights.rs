//! The data subject rights that follow from the lawful bases an activity
//! relies on (GDPR Arts. 7(3), 13-22 and 77; the table in the legal
//! reference, §4.3). Derived, never typed: a right shown where it does not
//! apply misleads people, one left out hides it from them.

use std::collections::BTreeSet;

use entity::enums::LawfulBasis;

/// A right, in the order of the articles that give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Right {
    Informed,
    Access,
    Rectification,
    Erasure,
    Restriction,
    Portability,
    Object,
    ObjectToDirectMarketing,
    AutomatedDecisions,
    WithdrawConsent,
    Complain,
}

impl Right {
    pub fn label(self) -> &'static str {
        match self {
            Right::Informed => "be informed (Arts. 13-14)",
            Right::Access => "access (Art. 15)",
            Right::Rectification => "rectification (Art. 16)",
            Right::Erasure => "erasure (Art. 17)",
            Right::Restriction => "restriction of processing (Art. 18)",
            Right::Portability => "data portability (Art. 20)",
            Right::Object => "object (Art. 21(1))",
            Right::ObjectToDirectMarketing => "object to direct marketing (Art. 21(2))",
            Right::AutomatedDecisions => {
                "not to be subject to a decision based solely on automated processing (Art. 22)"
            }
            Right::WithdrawConsent => "withdraw consent at any time (Art. 7(3))",
            Right::Complain => "complain to a supervisory authority (Art. 77)",
        }
    }
}

/// The rights of people whose data is processed on `bases`; none when no
/// basis is known, since then nothing can be said (the lint reports it).
pub fn available(
    bases: impl IntoIterator<Item = LawfulBasis>,
    automated_decisions: bool,
) -> BTreeSet<Right> {
    use LawfulBasis::*;
    let bases: Vec<LawfulBasis> = bases.into_iter().collect();
    let uses = |basis: LawfulBasis| bases.contains(&basis);
    let mut rights = BTreeSet::new();
    if bases.is_empty() {
        return rights;
    }
    rights.extend([
        Right::Informed,
        Right::Access,
        Right::Rectification,
        Right::Restriction,
        Right::ObjectToDirectMarketing,
        Right::Complain,
    ]);
    // Art. 17(3)(b): no erasure of what a legal obligation or public task needs.
    if [Consent, Contract, VitalInterests, LegitimateInterests]
        .into_iter()
        .any(uses)
    {
        rights.insert(Right::Erasure);
    }
    // Art. 20(1)(a): consent or contract, processed by automated means.
    if uses(Consent) || uses(Contract) {
        rights.insert(Right::Portability);
    }
    // Art. 21(1): public task or legitimate interests.
    if uses(PublicTask) || uses(LegitimateInterests) {
        rights.insert(Right::Object);
    }
    if uses(Consent) {
        rights.insert(Right::WithdrawConsent);
    }
    if automated_decisions {
        rights.insert(Right::AutomatedDecisions);
    }
    rights
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rights_follow_the_bases() {
        let legal_obligation = available([LawfulBasis::LegalObligation], false);
        assert!(!legal_obligation.contains(&Right::Erasure));
        assert!(!legal_obligation.contains(&Right::Portability));
        assert!(!legal_obligation.contains(&Right::Object));
        assert!(legal_obligation.contains(&Right::Access));

        let consent = available([LawfulBasis::Consent], false);
        assert!(consent.contains(&Right::WithdrawConsent));
        assert!(consent.contains(&Right::Portability));
        assert!(!consent.contains(&Right::Object));

        let interests = available([LawfulBasis::LegitimateInterests], true);
        assert!(interests.contains(&Right::Object));
        assert!(interests.contains(&Right::Erasure));
        assert!(interests.contains(&Right::AutomatedDecisions));
        assert!(!interests.contains(&Right::WithdrawConsent));

        assert!(available([], true).is_empty());
    }
}
