//! The record as JSON, for machines: the organisation, the columns, and an
//! object per activity keyed by column id, several values as arrays.
//! Written activity by activity, so a large record streams.

use std::io::Write;

use serde_json::{Map, Value, json};

use super::{Cell, Record};
use crate::error::{Error, Result};

pub fn write(record: &Record<'_>, out: impl Write) -> Result<()> {
    let mut out = out;
    let organization = record.organization;
    let head = json!({
        "record": record.kind.word(),
        "article": match record.kind {
            super::RecordKind::Controller => "GDPR Art. 30(1)",
            super::RecordKind::Processor => "GDPR Art. 30(2)",
        },
        "organization": { "key": organization.key, "name": organization.name },
        "columns": record.columns().iter().map(|column| json!({
            "id": column.id,
            "header": column.header,
            "ico": column.ico,
            "several": column.several,
        })).collect::<Vec<_>>(),
    });
    // The head without its closing brace, then the activities one by one.
    let head = serde_json::to_string(&head).map_err(json_error)?;
    out.write_all(&head.as_bytes()[..head.len() - 1])?;
    out.write_all(b",\"activities\":[")?;
    for (at, row) in record.rows().enumerate() {
        if at > 0 {
            out.write_all(b",")?;
        }
        let object: Map<String, Value> = record
            .columns()
            .iter()
            .zip(&row.cells)
            .map(|(column, cell)| {
                let value = match cell {
                    Cell::One(value) => value.clone().map_or(Value::Null, Value::String),
                    Cell::Many(values) => values.clone().into(),
                };
                (column.id.to_owned(), value)
            })
            .collect();
        serde_json::to_writer(&mut out, &object).map_err(json_error)?;
    }
    out.write_all(b"]}\n")?;
    out.flush()?;
    Ok(())
}

fn json_error(err: serde_json::Error) -> Error {
    Error::Io(std::io::Error::other(err))
}
