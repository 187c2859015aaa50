//! Inventory texts, their parsing, and the places problems are reported at.

use std::ops::Range;

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use crate::error::FileProblem;
use crate::inventory::format::Document;

/// An inventory text and the name problems are reported under: a file's
/// path, or `<document>` for one sent through the API.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub name: String,
    pub text: String,
}

impl SourceText {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceText {
            name: name.into(),
            text: text.into(),
        }
    }

    /// Reads a file, naming it as given.
    pub fn read(path: &std::path::Path) -> std::io::Result<Self> {
        Ok(SourceText::new(
            path.display().to_string(),
            std::fs::read_to_string(path)?,
        ))
    }

    /// The document, or the problem that stops it from being one (TOML
    /// syntax, duplicate or unknown fields, wrong types and enum values).
    pub fn parse(&self) -> Result<Document, FileProblem> {
        let table = DeTable::parse(&self.text).map_err(|err| self.problem_from_toml(&err))?;
        Document::deserialize(toml::de::Deserializer::from(table))
            .map_err(|err| self.problem_from_toml(&err))
    }

    fn problem_from_toml(&self, err: &toml::de::Error) -> FileProblem {
        let offset = err.span().map_or(0, |span| span.start);
        self.problem_at(offset, err.message().trim_end().to_owned())
    }

    /// A problem at the value found by `path` (falling back to its nearest
    /// enclosing value that exists, then to the start of the file).
    pub fn problem(&self, path: &[Step<'_>], message: impl Into<String>) -> FileProblem {
        let offset = self.span_of(path).map_or(0, |span| span.start);
        self.problem_at(offset, message.into())
    }

    fn problem_at(&self, offset: usize, message: String) -> FileProblem {
        let (line, column) = line_and_column(&self.text, offset);
        FileProblem {
            file: self.name.clone(),
            line,
            column,
            message,
        }
    }

    fn span_of(&self, path: &[Step<'_>]) -> Option<Range<usize>> {
        let root = DeTable::parse(&self.text).ok()?;
        let mut best = None;
        let mut here: Option<&toml::Spanned<DeValue<'_>>> = None;
        let root_table = root.get_ref();
        for step in path {
            let next = match (here, step) {
                (None, Step::Field(name)) => root_table.get(*name),
                (Some(value), Step::Field(name)) => value.get_ref().get(*name),
                (Some(value), Step::Index(index)) => value.get_ref().get(*index),
                (None, Step::Index(_)) => None,
            };
            match next {
                Some(value) => {
                    best = Some(value.span());
                    here = Some(value);
                }
                None => break,
            }
        }
        best
    }
}

/// One step of a path into a document: a field of a table, or an element
/// of an array.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    Field(&'a str),
    Index(usize),
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str) -> SourceText {
        SourceText::new("seeds/test.toml", body)
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let problem = text("[organization]\nkey = \"acme\"\nname = ")
            .parse()
            .unwrap_err();
        assert_eq!(
            (problem.file.as_str(), problem.line),
            ("seeds/test.toml", 3)
        );
    }

    #[test]
    fn unknown_fields_and_bad_enums_are_errors() {
        let unknown = text("[[purposes]]\nkey = \"a\"\nname = \"A\"\ncolour = \"blue\"\n")
            .parse()
            .unwrap_err();
        assert_eq!((unknown.line, unknown.column), (4, 1));
        assert!(unknown.message.contains("colour"), "{}", unknown.message);

        let bad = text("[[sources]]\nkey = \"s\"\nname = \"S\"\nkind = \"website\"\n")
            .parse()
            .unwrap_err();
        assert_eq!(bad.line, 4);
        assert!(
            bad.message.contains("data_subject"),
            "lists the values: {}",
            bad.message
        );
    }

    #[test]
    fn duplicate_fields_are_errors() {
        let problem = text("[organization]\nkey = \"a\"\nkey = \"b\"\nname = \"A\"\n")
            .parse()
            .unwrap_err();
        assert_eq!(problem.line, 3);
    }

    #[test]
    fn problems_point_at_the_value_on_the_path() {
        let source =
            text("[[activities]]\nkey = \"a\"\nname = \"A\"\nrecipients = [\"x\", \"nobody\"]\n");
        let at = source.problem(
            &[
                Step::Field("activities"),
                Step::Index(0),
                Step::Field("recipients"),
                Step::Index(1),
            ],
            "unknown",
        );
        assert_eq!((at.line, at.column), (4, 20));
        let missing = source.problem(
            &[
                Step::Field("activities"),
                Step::Index(0),
                Step::Field("country"),
            ],
            "x",
        );
        assert_eq!(missing.line, 1, "falls back to the enclosing table");
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(line_and_column("ab\ncdé f", 9), (2, 6));
        assert_eq!(line_and_column("", 0), (1, 1));
    }
}
