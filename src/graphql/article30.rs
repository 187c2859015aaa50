//! The Article 30 record through GraphQL: the same rows as the CSV, cell
//! by cell, and the CSV itself.

use async_graphql::{Context, Object, Result, SimpleObject};

use crate::article30::csv::CsvOptions;
use crate::article30::{self, Record, RecordKind};
use crate::graph::Inventory;

#[derive(Default)]
pub struct Article30Query;

#[Object]
impl Article30Query {
    /// An organisation's GDPR Article 30 record of processing activities:
    /// the controller record (Art. 30(1)) or the processor record
    /// (Art. 30(2)), in the UK ICO template's columns, one row per
    /// processing activity.
    async fn article30(
        &self,
        ctx: &Context<'_>,
        organization: String,
        #[graphql(default)] role: RecordKind,
    ) -> Result<Article30Record> {
        let graph = Inventory::load(super::db(ctx)?).await?;
        let record = Record::new(&graph, &organization, role)?;
        let columns = record
            .columns()
            .iter()
            .map(|column| Article30Column {
                id: column.id.to_owned(),
                header: column.header.to_owned(),
                ico: column.ico.map(str::to_owned),
                several: column.several,
            })
            .collect();
        let rows = record
            .rows()
            .map(|row| Article30Row {
                reference: row.reference,
                cells: record
                    .columns()
                    .iter()
                    .zip(row.cells)
                    .map(|(column, cell)| Article30Cell {
                        column: column.id.to_owned(),
                        text: cell.text(),
                        values: cell.values(),
                    })
                    .collect(),
            })
            .collect();
        let csv = article30::csv::to_string(&record, CsvOptions::default())?;
        Ok(Article30Record {
            organization,
            role,
            columns,
            rows,
            csv,
        })
    }
}

/// One organisation's record.
#[derive(SimpleObject)]
pub struct Article30Record {
    /// The organisation's key.
    organization: String,
    role: RecordKind,
    /// The columns, in order.
    columns: Vec<Article30Column>,
    /// A row per processing activity, in key order.
    rows: Vec<Article30Row>,
    /// The record as CSV, as `GET /export/article30/{organization}.csv` gives it.
    csv: String,
}

#[derive(SimpleObject)]
pub struct Article30Column {
    /// Stable id, also the field name in the JSON export.
    id: String,
    header: String,
    /// The column of the UK ICO template it fills, if any.
    ico: Option<String>,
    /// Whether the column holds several values.
    several: bool,
}

#[derive(SimpleObject)]
pub struct Article30Row {
    /// The processing activity's key.
    reference: String,
    cells: Vec<Article30Cell>,
}

#[derive(SimpleObject)]
pub struct Article30Cell {
    /// The column's id.
    column: String,
    /// The cell as the CSV holds it (before formula neutralisation).
    text: String,
    /// Its values, one each.
    values: Vec<String>,
}
