//! How several values share one cell, and how one value carries its
//! details, so that a person reads the cell and the importer reads it back.
//!
//! - Values are joined with "; ". A value that itself holds ';' or '\'
//!   has them escaped with '\' (rare: names seldom hold either).
//! - A value with details is `Name (label: value, label: value)`, with its
//!   labels always in one order; a detail's value may hold anything but
//!   the next label.
//! - A value about another one is `Other: value` (a purpose's lawful basis:
//!   `Billing: Art. 6(1)(b) contract`).

/// One cell's values joined, each escaped.
pub fn join<I, S>(values: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut cell = String::new();
    for (at, value) in values.into_iter().enumerate() {
        if at > 0 {
            cell.push_str("; ");
        }
        for c in value.as_ref().chars() {
            if c == ';' || c == '\\' {
                cell.push('\\');
            }
            cell.push(c);
        }
    }
    cell
}

/// The values of a cell written by [`join`]; blank values are dropped.
pub fn split(cell: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut value = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped) => value.push(escaped),
                None => value.push('\\'),
            },
            ';' => values.push(std::mem::take(&mut value)),
            _ => value.push(c),
        }
    }
    values.push(value);
    values
        .into_iter()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
        .collect()
}

/// `Name (label: value, ...)`, leaving out details that are not stated.
pub fn detailed(name: &str, details: &[(&str, Option<String>)]) -> String {
    let stated: Vec<String> = details
        .iter()
        .filter_map(|(label, value)| value.as_ref().map(|value| format!("{label}: {value}")))
        .collect();
    if stated.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({})", stated.join(", "))
    }
}

/// A value read by [`read_detailed`]: its name and the details it states,
/// by label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detailed {
    pub name: String,
    pub details: Vec<(&'static str, String)>,
}

impl Detailed {
    pub fn get(&self, label: &str) -> Option<&str> {
        self.details
            .iter()
            .find(|(known, _)| *known == label)
            .map(|(_, value)| value.as_str())
    }
}

/// Reads `Name (label: value, ...)` where the labels are `labels`, in that
/// order; a value without such details is a name alone.
pub fn read_detailed(value: &str, labels: &[&'static str]) -> Detailed {
    let value = value.trim();
    let opening = value.strip_suffix(')').and_then(|inner| {
        labels
            .iter()
            .filter_map(|label| inner.find(&format!(" ({label}: ")))
            .min()
            .map(|at| (at, inner))
    });
    let Some((at, inner)) = opening else {
        return Detailed {
            name: value.to_owned(),
            details: Vec::new(),
        };
    };
    let name = inner[..at].trim().to_owned();
    let mut rest = &inner[at + 2..];
    let mut details = Vec::new();
    let mut from = 0;
    while let Some((index, label)) = labels
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, label)| rest.starts_with(&format!("{label}: ")))
    {
        rest = &rest[label.len() + 2..];
        let next = labels
            .iter()
            .enumerate()
            .skip(index + 1)
            .filter_map(|(later, label)| rest.find(&format!(", {label}: ")).map(|at| (at, later)))
            .min();
        match next {
            Some((end, later)) => {
                details.push((*label, rest[..end].trim().to_owned()));
                rest = &rest[end + 2..];
                from = later;
            }
            None => {
                details.push((*label, rest.trim().to_owned()));
                break;
            }
        }
    }
    Detailed { name, details }
}

/// `Other: value`.
pub fn about(other: &str, value: &str) -> String {
    format!("{other}: {value}")
}

/// Splits `Other: value` where `Other` is one of `known` (the longest that
/// fits, as names may hold ": " too).
pub fn read_about<'k>(
    value: &str,
    known: impl IntoIterator<Item = &'k str>,
) -> Option<(&'k str, String)> {
    known
        .into_iter()
        .filter(|other| {
            value
                .strip_prefix(other)
                .is_some_and(|rest| rest.starts_with(": "))
        })
        .max_by_key(|other| other.len())
        .map(|other| (other, value[other.len() + 2..].trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_separators_survive_the_cell() {
        let values = ["Plain", "Until deletion; then gone", r"C:\path", "Last"];
        let cell = join(values);
        assert_eq!(cell, r"Plain; Until deletion\; then gone; C:\\path; Last");
        assert_eq!(split(&cell), values);
        assert!(split("").is_empty());
        assert_eq!(split(" a ;; b "), ["a", "b"]);
    }

    #[test]
    fn details_read_back_in_order() {
        let labels = ["email", "telephone", "address"];
        let written = detailed(
            "Acme (UK) Ltd",
            &[
                ("email", Some("dpo@acme.example".into())),
                ("telephone", None),
                (
                    "address",
                    Some("1 Road, Town, email: not a label here".into()),
                ),
            ],
        );
        assert_eq!(
            written,
            "Acme (UK) Ltd (email: dpo@acme.example, address: 1 Road, Town, email: not a label here)"
        );
        let read = read_detailed(&written, &labels);
        assert_eq!(read.name, "Acme (UK) Ltd");
        assert_eq!(read.get("email"), Some("dpo@acme.example"));
        assert_eq!(read.get("telephone"), None);
        assert_eq!(
            read.get("address"),
            Some("1 Road, Town, email: not a label here")
        );

        let plain = read_detailed("Acme (UK) Ltd", &labels);
        assert_eq!(plain.name, "Acme (UK) Ltd");
        assert!(plain.details.is_empty());
    }

    #[test]
    fn values_about_others_take_the_longest_known_name() {
        let known = ["Support", "Support: premium"];
        assert_eq!(
            read_about("Support: premium: Art. 6(1)(b) contract", known),
            Some(("Support: premium", "Art. 6(1)(b) contract".to_owned()))
        );
        assert_eq!(read_about("Billing: x", known), None);
    }
}
