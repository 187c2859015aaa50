//! The Article 30 record through GraphQL: the same rows as the CSV, cell
//! by cell, and the CSV itself.

use async_graphql::{Context, Object, Result, SimpleObject};

use super::inventory::ApplyReport;
use crate::article30::csv::CsvOptions;
use crate::article30::import::{ImportOptions, ImportReport};
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
        let graph = Inventory::load_current(super::db(ctx)?).await?;
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

#[derive(Default)]
pub struct Article30Mutation;

#[Object]
impl Article30Mutation {
    /// Reads an Article 30 record (CSV: ours, or the UK ICO template's
    /// layout) into the organisation's activities, as `ropa import
    /// article30` does: one transaction, nothing written when a row has a
    /// problem (each listed with its row and column in
    /// `extensions.problems`) unless `skipInvalid`.
    async fn import_article30(
        &self,
        ctx: &Context<'_>,
        organization: String,
        document: String,
        role: Option<RecordKind>,
        #[graphql(default)] skip_invalid: bool,
        #[graphql(default)] dry_run: bool,
    ) -> Result<Article30Import> {
        let report = article30::import::import(
            super::db(ctx)?,
            &super::actor(ctx)?,
            "<document>",
            document.as_bytes(),
            &organization,
            ImportOptions {
                kind: role,
                skip_invalid,
                dry_run,
            },
        )
        .await?;
        Ok(Article30Import(report))
    }
}

/// What an import did, or in a dry run would do.
pub struct Article30Import(ImportReport);

#[Object]
impl Article30Import {
    /// Which record the document was read as.
    async fn role(&self) -> RecordKind {
        self.0.kind
    }
    /// Rows read into activities.
    async fn imported_rows(&self) -> usize {
        self.0.imported_rows
    }
    /// Rows left out, each with its row, column and why.
    async fn skipped(&self) -> Vec<String> {
        self.0.skipped.iter().map(ToString::to_string).collect()
    }
    /// What the file says that was not applied, and why.
    async fn notes(&self) -> &[String] {
        &self.0.notes
    }
    /// Headers the record has no column for; those columns were not read.
    async fn ignored_columns(&self) -> &[String] {
        &self.0.ignored_columns
    }
    /// What the rows did to the graph.
    async fn applied(&self) -> ApplyReport {
        ApplyReport(self.0.applied.clone())
    }
}
