//! Checks of single input values. Each returns the normalised value or an
//! `Error::Invalid` naming the field and saying what is wrong and how to fix it.

use std::str::FromStr;

use crate::error::{Error, Result};

/// Longest accepted key; the database column has the same limit.
pub const MAX_KEY_LENGTH: usize = 100;
const MAX_NAME_LENGTH: usize = 300;
const MAX_TEXT_LENGTH: usize = 20_000;
const MAX_URL_LENGTH: usize = 2_000;

/// A key is a slug: lowercase ASCII letters and digits in words joined by
/// single '-', '_' or '.', so that it reads well in files and URLs.
pub fn key(field: &str, value: &str) -> Result<String> {
    let valid = !value.is_empty()
        && value.len() <= MAX_KEY_LENGTH
        && value.split(['-', '_', '.']).all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if valid {
        return Ok(value.to_owned());
    }
    let reason = if value.len() > MAX_KEY_LENGTH {
        format!("key '{value}' is longer than {MAX_KEY_LENGTH} characters")
    } else {
        let suggestion = slugify(value);
        let hint = if suggestion.is_empty() {
            String::new()
        } else {
            format!("; did you mean '{suggestion}'?")
        };
        format!(
            "key '{value}' is not a valid key: use lowercase letters and digits, joined by single '-', '_' or '.'{hint}"
        )
    };
    Err(Error::invalid(field, reason))
}

/// The closest valid key to `value`: lowercase, other characters as '-'.
pub fn slugify(value: &str) -> String {
    let mut slug = String::with_capacity(value.len());
    for c in value.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-')
        .chars()
        .take(MAX_KEY_LENGTH)
        .collect()
}

/// A required display name: trimmed, not blank, of reasonable length.
pub fn name(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, format!("{field} must not be blank")));
    }
    bounded(field, trimmed, MAX_NAME_LENGTH)
}

/// Optional free text: trimmed; blank means "not stated".
pub fn text(field: &str, value: &str) -> Result<Option<String>> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    bounded(field, trimmed, MAX_TEXT_LENGTH).map(Some)
}

/// An optional link: an absolute http(s) or mailto URL, or a reference such
/// as a document number (anything without spaces).
pub fn link(field: &str, value: &str) -> Result<Option<String>> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            field,
            format!(
                "link '{trimmed}' contains spaces; give a URL such as 'https://example.com/dpa.pdf'"
            ),
        ));
    }
    bounded(field, trimmed, MAX_URL_LENGTH).map(Some)
}

/// An optional email address: one '@' with text on both sides, no spaces.
pub fn email(field: &str, value: &str) -> Result<Option<String>> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let looks_right = matches!(trimmed.split_once('@'), Some((local, domain))
        if !local.is_empty() && domain.contains('.') && !domain.contains('@'))
        && !trimmed.chars().any(char::is_whitespace);
    if !looks_right {
        return Err(Error::invalid(
            field,
            format!("'{trimmed}' is not an email address"),
        ));
    }
    bounded(field, trimmed, MAX_NAME_LENGTH).map(Some)
}

fn bounded(field: &str, value: &str, max: usize) -> Result<String> {
    // Control characters have no place in an inventory, and PostgreSQL
    // refuses NUL in text outright. Line breaks and tabs are text.
    if let Some(control) = value
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Error::invalid(
            field,
            format!(
                "contains the control character U+{:04X}; remove it",
                u32::from(control)
            ),
        ));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("{field} is longer than {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

/// An ISO 3166-1 alpha-2 country code, upper case. Names, alpha-3 codes and
/// the codes the EU uses instead ("UK", "EL") are refused with the right code.
pub fn country(field: &str, value: &str) -> Result<String> {
    let code = value.trim();
    if code.len() == 2 && celes::Country::from_alpha2(code).is_ok() {
        return Ok(code.to_ascii_uppercase());
    }
    let hint = country_suggestion(code)
        .map(|alpha2| format!("; did you mean '{alpha2}'?"))
        .unwrap_or_default();
    Err(Error::invalid(
        field,
        format!("country '{code}' is not an ISO 3166-1 alpha-2 code{hint}"),
    ))
}

fn country_suggestion(value: &str) -> Option<&'static str> {
    // ISO 3166 reserves these two for the EU's own use; people type them.
    match value.to_ascii_uppercase().as_str() {
        "UK" => return Some("GB"),
        "EL" => return Some("GR"),
        _ => {}
    }
    let squashed: String = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let squashed = squashed.strip_prefix("the").unwrap_or(&squashed);
    celes::Country::from_alpha3(squashed)
        .or_else(|_| celes::Country::from_alias(squashed))
        .or_else(|_| celes::Country::from_name(squashed))
        .or_else(|_| celes::Country::from_str(squashed))
        .ok()
        .map(|country| country.alpha2)
}

/// An ISO 8601 duration such as P7Y, P26M or P30D, as given (upper case).
pub fn duration(field: &str, value: &str) -> Result<String> {
    let period = value.trim().to_ascii_uppercase();
    match iso8601::Duration::from_str(&period) {
        Ok(_) => Ok(period),
        Err(_) => Err(Error::invalid(
            field,
            format!(
                "retention '{}' is not an ISO 8601 duration; write for example 'P7Y' (7 years), 'P26M' (26 months) or 'P30D' (30 days)",
                value.trim()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_but_line_breaks_are_text() {
        let refused = text("description", "a\u{0}b")
            .err()
            .map(|err| err.to_string());
        assert_eq!(
            refused.as_deref(),
            Some("description: contains the control character U+0000; remove it")
        );
        assert!(name("name", "bell\u{7}").is_err());
        assert_eq!(
            text("description", "two\nlines\tand a tab")
                .unwrap()
                .as_deref(),
            Some("two\nlines\tand a tab")
        );
    }

    fn reason(result: Result<impl std::fmt::Debug>) -> String {
        match result {
            Err(Error::Invalid { reason, .. }) => reason,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn keys_are_slugs() {
        assert_eq!(
            key("key", "web-analytics").ok().as_deref(),
            Some("web-analytics")
        );
        assert!(key("key", "user.contact.email").is_ok());
        assert!(key("key", "a").is_ok());
        assert!(key("key", "").is_err());
        assert!(key("key", "double--dash").is_err());
        assert!(key("key", "-leading").is_err());
        assert!(key("key", &"x".repeat(101)).is_err());
        assert_eq!(
            reason(key("key", "Web Analytics")),
            "key 'Web Analytics' is not a valid key: use lowercase letters and digits, joined by single '-', '_' or '.'; did you mean 'web-analytics'?"
        );
    }

    #[test]
    fn countries_suggest_the_code_meant() {
        assert_eq!(country("country", "US").ok().as_deref(), Some("US"));
        assert_eq!(country("country", "de").ok().as_deref(), Some("DE"));
        assert_eq!(
            reason(country("country", "UK")),
            "country 'UK' is not an ISO 3166-1 alpha-2 code; did you mean 'GB'?"
        );
        assert!(reason(country("country", "EL")).ends_with("did you mean 'GR'?"));
        assert!(reason(country("country", "USA")).ends_with("did you mean 'US'?"));
        assert!(reason(country("country", "Germany")).ends_with("did you mean 'DE'?"));
        assert_eq!(
            reason(country("country", "XX")),
            "country 'XX' is not an ISO 3166-1 alpha-2 code"
        );
    }

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(duration("period", "P7Y").ok().as_deref(), Some("P7Y"));
        assert_eq!(duration("period", "p26m").ok().as_deref(), Some("P26M"));
        assert!(duration("period", "P1Y6M").is_ok());
        assert!(duration("period", "PT12H").is_ok());
        assert_eq!(
            reason(duration("period", "P7")),
            "retention 'P7' is not an ISO 8601 duration; write for example 'P7Y' (7 years), 'P26M' (26 months) or 'P30D' (30 days)"
        );
        assert!(duration("period", "7 years").is_err());
    }

    #[test]
    fn text_is_trimmed_and_blank_is_absent() {
        assert_eq!(
            text("description", "  hello ").ok().flatten().as_deref(),
            Some("hello")
        );
        assert_eq!(text("description", "   ").ok().flatten(), None);
        assert!(name("name", " ").is_err());
        assert!(email("email", "privacy@example.com").is_ok());
        assert!(email("email", "privacy at example.com").is_err());
        assert!(link("contractUrl", "https://example.com/dpa").is_ok());
        assert!(link("contractUrl", "see the DPA").is_err());
    }
}
