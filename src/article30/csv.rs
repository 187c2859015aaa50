//! The record as CSV: RFC 4180 quoting, UTF-8, a header row first, one row
//! per activity. Written row by row, so a large record streams.
//!
//! A cell that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, which
//! spreadsheets show as text: an inventory is edited by many people, and
//! an export must never execute anything on the reader's machine. A cell
//! that starts with `'` gets one more, so the importer can take exactly
//! one away.

use std::io::Write;

use super::Record;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// A byte order mark and CRLF line ends, for spreadsheet programs.
    pub excel: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the whole record to `out`.
pub fn write(record: &Record<'_>, out: impl Write, options: CsvOptions) -> Result<()> {
    let mut out = out;
    if options.excel {
        out.write_all(BOM)?;
    }
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(if options.excel {
            ::csv::Terminator::CRLF
        } else {
            ::csv::Terminator::Any(b'\n')
        })
        .from_writer(out);
    writer
        .write_record(record.columns().iter().map(|column| column.header))
        .map_err(csv_error)?;
    for row in record.rows() {
        writer
            .write_record(row.cells.iter().map(|cell| defuse(cell.text())))
            .map_err(csv_error)?;
    }
    writer.flush()?;
    Ok(())
}

/// The record as a string (for GraphQL and tests).
pub fn to_string(record: &Record<'_>, options: CsvOptions) -> Result<String> {
    let mut bytes = Vec::new();
    write(record, &mut bytes, options)?;
    String::from_utf8(bytes).map_err(|err| Error::Io(std::io::Error::other(err)))
}

fn csv_error(err: ::csv::Error) -> Error {
    match err.into_kind() {
        ::csv::ErrorKind::Io(err) => Error::Io(err),
        other => Error::Io(std::io::Error::other(format!("{other:?}"))),
    }
}

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as text a spreadsheet shows and never runs.
pub fn defuse(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) || cell.starts_with('\'') {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The cell as it was before [`defuse`].
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_shown_as_text_and_read_back() {
        for hostile in [
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tcmd",
            "\rcmd",
            "'quoted",
        ] {
            let safe = defuse(hostile.to_owned());
            assert!(safe.starts_with('\''), "{safe}");
            assert_eq!(restore(&safe), hostile);
        }
        assert_eq!(defuse("Plain".into()), "Plain");
        assert_eq!(restore("Plain"), "Plain");
        assert_eq!(restore("'plain"), "'plain");
    }
}
