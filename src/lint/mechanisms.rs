//! When each transfer mechanism covers a transfer from the EEA: the
//! adequacy decisions and the mechanisms with dates, as data. Source: the
//! legal reference's mechanism validity table (§6.3), compiled 2026-11 from
//! the Commission's decisions and the CJEU's judgments named there.

use chrono::NaiveDate;

/// The EU-27 and the EEA EFTA states (ISO 3166-1 alpha-2).
pub const EEA: [&str; 30] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// Whether `country` was in the EEA on `date` (the UK until its
/// transition period ended, 31 December 2020).
pub fn in_eea(country: &str, date: NaiveDate) -> bool {
    EEA.contains(&country) || (country == "GB" && date <= day(2020, 12, 31))
}

/// An adequacy decision: the country, and when it covers transfers.
pub struct Adequacy {
    pub country: &'static str,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub decision: &'static str,
}

const fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("a date in the table does not exist"),
    }
}

/// The Commission's adequacy decisions for countries (not the DPF, which
/// covers only certified recipients, and not the invalidated US ones).
pub const ADEQUACY: [Adequacy; 15] = [
    Adequacy {
        country: "CH",
        from: day(2000, 7, 26),
        until: None,
        decision: "Decision 2000/518/EC",
    },
    Adequacy {
        country: "CA",
        from: day(2001, 12, 20),
        until: None,
        decision: "Decision 2002/2/EC (PIPEDA)",
    },
    Adequacy {
        country: "AR",
        from: day(2003, 6, 30),
        until: None,
        decision: "Decision 2003/490/EC",
    },
    Adequacy {
        country: "GG",
        from: day(2003, 11, 21),
        until: None,
        decision: "Decision 2003/821/EC",
    },
    Adequacy {
        country: "IM",
        from: day(2004, 4, 28),
        until: None,
        decision: "Decision 2004/411/EC",
    },
    Adequacy {
        country: "JE",
        from: day(2008, 5, 8),
        until: None,
        decision: "Decision 2008/393/EC",
    },
    Adequacy {
        country: "FO",
        from: day(2010, 3, 5),
        until: None,
        decision: "Decision 2010/146/EU",
    },
    Adequacy {
        country: "AD",
        from: day(2010, 10, 19),
        until: None,
        decision: "Decision 2010/625/EU",
    },
    Adequacy {
        country: "IL",
        from: day(2011, 1, 31),
        until: None,
        decision: "Decision 2011/61/EU",
    },
    Adequacy {
        country: "UY",
        from: day(2012, 8, 21),
        until: None,
        decision: "Decision 2012/484/EU",
    },
    Adequacy {
        country: "NZ",
        from: day(2012, 12, 19),
        until: None,
        decision: "Decision 2013/65/EU",
    },
    Adequacy {
        country: "JP",
        from: day(2019, 1, 23),
        until: None,
        decision: "Decision (EU) 2019/419",
    },
    Adequacy {
        country: "GB",
        from: day(2021, 6, 28),
        until: Some(day(2031, 12, 27)),
        decision: "Decision (EU) 2021/1772, renewed 19 December 2025",
    },
    Adequacy {
        country: "KR",
        from: day(2021, 12, 17),
        until: None,
        decision: "Decision (EU) 2022/254",
    },
    Adequacy {
        country: "BR",
        from: day(2026, 1, 26),
        until: None,
        decision: "C(2026) 373",
    },
];

/// The decision that makes `country` adequate on `date`, if any.
pub fn adequacy(country: &str, date: NaiveDate) -> Option<&'static Adequacy> {
    ADEQUACY.iter().find(|decision| {
        decision.country == country
            && decision.from <= date
            && decision.until.is_none_or(|until| date <= until)
    })
}

/// The EU-US Data Privacy Framework's adequacy decision.
pub const DPF_FROM: NaiveDate = day(2023, 7, 10);
/// Safe Harbor, until the CJEU's Schrems I judgment (6 October 2015).
pub const SAFE_HARBOR_UNTIL: NaiveDate = day(2015, 10, 5);
/// Privacy Shield, until the CJEU's Schrems II judgment (16 July 2020).
pub const PRIVACY_SHIELD_UNTIL: NaiveDate = day(2020, 7, 15);
/// Contracts on the standard contractual clauses before 2021 stopped
/// covering transfers after 27 December 2022 (Decision (EU) 2021/914, Art. 4).
pub const LEGACY_SCC_UNTIL: NaiveDate = day(2022, 12, 27);
/// The 2021 standard contractual clauses.
pub const SCC_2021_FROM: NaiveDate = day(2021, 6, 27);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adequacy_follows_the_dates() {
        assert!(adequacy("JP", day(2019, 1, 22)).is_none());
        assert!(adequacy("JP", day(2019, 1, 23)).is_some());
        assert!(adequacy("US", day(2026, 1, 1)).is_none());
        assert!(adequacy("GB", day(2021, 3, 1)).is_none());
        assert!(in_eea("GB", day(2020, 6, 1)));
        assert!(!in_eea("GB", day(2021, 1, 1)));
        assert!(adequacy("BR", day(2026, 2, 1)).is_some());
        assert!(adequacy("GI", day(2026, 2, 1)).is_none());
    }
}
