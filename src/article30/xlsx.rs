//! The record as an XLSX workbook: the organisation's contact block, the
//! controller record, the processor record and the international
//! transfers, a sheet each, with a frozen, styled header, widths fitted to
//! the columns and wrapped text. Cells are written as text, never as
//! formulas, so nothing in them runs. Sheets are written row by row to
//! temporary files (constant memory), so a large record does not sit in
//! memory.

use std::io::{Seek, Write};

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Record, RecordKind, TRANSFER_HEADERS};
use crate::error::{Error, Result};
use crate::graph::Inventory;

const WIDEST: f64 = 60.0;
const NARROWEST: f64 = 12.0;
/// Wide enough for a few words of a wrapped value a line.
const MOST_COLUMNS: f64 = 24.0;

/// Writes the workbook of the organisation with `organization_key`.
pub fn write<W: Write + Seek + Send>(
    graph: &Inventory,
    organization_key: &str,
    out: W,
) -> Result<()> {
    let controller = Record::new(graph, organization_key, RecordKind::Controller)?;
    let processor = Record::new(graph, organization_key, RecordKind::Processor)?;
    let mut workbook = Workbook::new();
    let styles = Styles::new();
    contact_sheet(&mut workbook, &controller, &styles).map_err(xlsx_error)?;
    for record in [&controller, &processor] {
        record_sheet(&mut workbook, record, &styles).map_err(xlsx_error)?;
    }
    transfers_sheet(&mut workbook, [&controller, &processor], &styles).map_err(xlsx_error)?;
    workbook.save_to_writer(out).map_err(xlsx_error)?;
    Ok(())
}

struct Styles {
    header: Format,
    text: Format,
    label: Format,
}

impl Styles {
    fn new() -> Self {
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F_4E_79))
                .set_border(FormatBorder::Thin),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            label: Format::new().set_bold().set_align(FormatAlign::Top),
        }
    }
}

fn contact_sheet(
    workbook: &mut Workbook,
    record: &Record<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let organization = record.organization;
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Organisation")?;
    sheet.set_column_width(0, 32)?;
    sheet.set_column_width(1, WIDEST)?;
    // The contact block of the records, and what else identifies the
    // organisation.
    let mut rows = record.contact_block();
    rows.extend([
        ("Country", organization.country.clone()),
        ("Website", organization.website.clone()),
        (
            "Lead supervisory authority",
            organization.supervisory_authority.clone(),
        ),
    ]);
    for (at, (label, value)) in rows.into_iter().enumerate() {
        let row = at as u32;
        sheet.write_string_with_format(row, 0, label, &styles.label)?;
        sheet.write_string_with_format(row, 1, value.as_deref().unwrap_or(""), &styles.text)?;
    }
    Ok(())
}

fn record_sheet(
    workbook: &mut Workbook,
    record: &Record<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(match record.kind {
        RecordKind::Controller => "Controller record",
        RecordKind::Processor => "Processor record",
    })?;
    let columns = record.columns();
    let headers: Vec<&str> = columns.iter().map(|column| column.header).collect();
    header(sheet, &headers, styles)?;
    for (at, row) in record.rows().enumerate() {
        let row_number = at as u32 + 1;
        for (column, cell) in row.cells.iter().enumerate() {
            // One value a line: easier to read than "; " in a wrapped cell.
            let text = cell.values().join("\n");
            sheet.write_string_with_format(row_number, column as u16, &text, &styles.text)?;
        }
    }
    Ok(())
}

fn transfers_sheet(
    workbook: &mut Workbook,
    records: [&Record<'_>; 2],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("International transfers")?;
    header(sheet, TRANSFER_HEADERS, styles)?;
    let rows = records
        .into_iter()
        .flat_map(|record| record.transfer_rows());
    for (at, cells) in rows.enumerate() {
        for (column, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(at as u32 + 1, column as u16, text, &styles.text)?;
        }
    }
    Ok(())
}

/// The styled, frozen header row, and column widths that fit the headers
/// within reason (set first: a constant-memory sheet takes them only then).
fn header(sheet: &mut Worksheet, headers: &[&str], styles: &Styles) -> Result<(), XlsxError> {
    for (column, text) in headers.iter().enumerate() {
        // Long headers wrap over a few lines rather than make wide columns.
        let width = (text.chars().count() as f64 * 0.4).clamp(NARROWEST, WIDEST);
        sheet.set_column_width(column as u16, width.max(MOST_COLUMNS))?;
    }
    for (column, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *text, &styles.header)?;
    }
    sheet.set_row_height(0, 60)?;
    sheet.set_freeze_panes(1, 2)?;
    Ok(())
}

fn xlsx_error(err: XlsxError) -> Error {
    Error::Io(std::io::Error::other(err.to_string()))
}
