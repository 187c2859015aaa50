//! Reading an Article 30 record back into the graph: our own CSV, or the
//! spreadsheet a team kept in the ICO template's layout (a CSV saved from
//! it, preamble rows and all). Columns are matched by header, ignoring case
//! and spacing; unknown columns are reported and left alone.
//!
//! Each row becomes a processing activity of the organisation, created or
//! updated by its `Reference` (or, without one, by its name); the purposes,
//! data categories, recipients and other entries it names are found by
//! name among the organisation's and the shared catalogue's, or created.
//! A value with details (`AWS (kind: processor, country: US)`) states all
//! of them; a bare name states none and changes nothing about an entry
//! that exists. The rows are turned into an inventory document and applied
//! as `ropa apply` applies one: in one transaction, audited, and not at all
//! when any row has a problem (unless rows with problems are to be
//! skipped).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sea_orm::DatabaseConnection;

use super::columns::{self, Column, squash_header};
use super::csv::restore;
use super::items::{self, Detailed, read_about, read_detailed};
use super::labels::{self, Labelled, parse_yes_no};
use super::{
    CRIMINAL_PREFIX, MEASURE_DETAILS, PARTY_DETAILS, RECIPIENT_DETAILS, RETENTION_DETAILS,
    RecordKind, SOURCE_DETAILS, SYSTEM_DETAILS, TRANSFER_DETAILS,
};
use crate::domain::audit::Actor;
use crate::domain::kind::EntityKind;
use crate::domain::validate;
use crate::error::{Error, Result, RowProblem};
use crate::graph::Inventory;
use crate::inventory::format::*;
use crate::inventory::{self, ApplyOptions, Report, SourceText};

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Which record the file is; by default, told from its headers.
    pub kind: Option<RecordKind>,
    /// Import the rows that can be read, and report the others.
    pub skip_invalid: bool,
    /// Work out what would change, and write nothing.
    pub dry_run: bool,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub kind: RecordKind,
    /// Rows read into activities.
    pub imported_rows: usize,
    /// Rows left out (with `skip_invalid`), with why.
    pub skipped: Vec<RowProblem>,
    /// Things the import did not change although the file said otherwise.
    pub notes: Vec<String>,
    /// Headers the record does not have, whose columns were not read.
    pub ignored_columns: Vec<String>,
    /// What applying the rows did to the graph.
    pub applied: Report,
}

/// How far down a sheet the header row may be (the ICO template has a
/// title and the contact block above it).
const HEADER_SEARCH_ROWS: usize = 30;

pub async fn import(
    db: &DatabaseConnection,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
    organization: &str,
    options: ImportOptions,
) -> Result<ImportReport> {
    let organization = validate::key("organization", organization)?;
    let sheet = Sheet::read(file, bytes, options.kind)?;
    let graph = Inventory::load_current(db).await?;
    let mut importer = Importer::new(&graph, &organization, &sheet);

    let mut problems = Vec::new();
    let mut imported_rows = 0;
    for (row_number, cells) in &sheet.rows {
        let row = Row {
            number: *row_number,
            sheet: &sheet,
            cells,
        };
        match importer.plan(&row) {
            Ok(plan) => {
                importer.commit(plan, row.number);
                imported_rows += 1;
            }
            Err(mut row_problems) => problems.append(&mut row_problems),
        }
    }
    if !problems.is_empty() && !options.skip_invalid {
        return Err(Error::InvalidRecord { problems });
    }
    let document = importer.finish();
    let text = toml::to_string(&document)
        .map_err(|err| Error::Io(std::io::Error::other(format!("cannot write TOML: {err}"))))?;
    let source = SourceText::new(format!("{file} (as an inventory)"), text);
    let applied = inventory::apply(
        db,
        actor,
        &[source],
        ApplyOptions {
            dry_run: options.dry_run,
            prune: false,
        },
    )
    .await?;
    Ok(ImportReport {
        kind: sheet.kind,
        imported_rows,
        skipped: problems,
        notes: importer.notes,
        ignored_columns: sheet.ignored,
        applied,
    })
}

/// The table in a file: its header, which column is which, its rows.
struct Sheet {
    file: String,
    kind: RecordKind,
    /// The record's column at each position, if the header names one.
    columns: Vec<Option<&'static Column>>,
    headers: Vec<String>,
    ignored: Vec<String>,
    /// Rows below the header, numbered as a spreadsheet numbers them.
    rows: Vec<(usize, Vec<String>)>,
    /// The contact block above the header, as the ICO template has it.
    contacts: Preamble,
}

impl Sheet {
    fn read(file: &str, bytes: &[u8], kind: Option<RecordKind>) -> Result<Sheet> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let problem = |row: usize, message: String| Error::InvalidRecord {
            problems: vec![RowProblem {
                file: file.to_owned(),
                row,
                column: None,
                message,
            }],
        };
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut records: Vec<Vec<String>> = Vec::new();
        for record in reader.records() {
            match record {
                Ok(record) => records.push(record.iter().map(str::to_owned).collect()),
                Err(err) => {
                    let row = err
                        .position()
                        .map_or(records.len() + 1, |position| position.record() as usize + 1);
                    let message = match err.kind() {
                        ::csv::ErrorKind::Utf8 { .. } => {
                            "the file is not UTF-8 text; save the spreadsheet as \"CSV UTF-8\""
                                .to_owned()
                        }
                        _ => format!("not readable as CSV: {err}"),
                    };
                    return Err(problem(row, message));
                }
            }
        }
        let all: Vec<&'static Column> = columns::CONTROLLER
            .iter()
            .chain(columns::PROCESSOR)
            .collect();
        let known = |header: &str| {
            let squashed = squash_header(header);
            all.iter()
                .any(|column| squash_header(column.header) == squashed)
        };
        // The row naming the most of the record's columns (a contact block
        // above the header may name one or two).
        let Some(header_at) = records
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .enumerate()
            .map(|(at, cells)| (cells.iter().filter(|cell| known(cell)).count(), at))
            .filter(|(matches, _)| *matches >= 2)
            .max_by_key(|(matches, at)| (*matches, std::cmp::Reverse(*at)))
            .map(|(_, at)| at)
        else {
            return Err(problem(
                1,
                format!(
                    "no header row in the first {HEADER_SEARCH_ROWS} rows: the record needs columns such as \"Processing activity\", \"Purpose of processing\" and \"Categories of personal data\""
                ),
            ));
        };
        let headers = records[header_at].clone();
        let processor_only = [
            columns::CONTROLLERS,
            columns::CONTROLLER_REPRESENTATIVES,
            columns::CONTROLLER_DPOS,
            columns::PROCESSING,
        ];
        let kind = kind.unwrap_or_else(|| {
            let says_processor = headers.iter().any(|header| {
                columns::PROCESSOR.iter().any(|column| {
                    processor_only.contains(&column.id)
                        && squash_header(column.header) == squash_header(header)
                })
            });
            if says_processor {
                RecordKind::Processor
            } else {
                RecordKind::Controller
            }
        });
        let mut columns_at = Vec::with_capacity(headers.len());
        let mut ignored = Vec::new();
        let mut seen: HashMap<&'static str, usize> = HashMap::new();
        for (at, header) in headers.iter().enumerate() {
            let squashed = squash_header(header);
            let column = kind
                .columns()
                .iter()
                .find(|column| squash_header(column.header) == squashed);
            if let Some(column) = column
                && let Some(first) = seen.insert(column.id, at)
            {
                return Err(Error::InvalidRecord {
                    problems: vec![RowProblem {
                        file: file.to_owned(),
                        row: header_at + 1,
                        column: Some(column_name(at, header)),
                        message: format!(
                            "the column \"{header}\" is there twice (also column {}); keep one",
                            letter(first)
                        ),
                    }],
                });
            }
            if column.is_none() && !header.trim().is_empty() {
                ignored.push(header.trim().to_owned());
            }
            columns_at.push(column);
        }
        let contacts = Preamble::read(&records[..header_at]);
        let rows = records
            .into_iter()
            .enumerate()
            .skip(header_at + 1)
            .filter(|(_, cells)| cells.iter().any(|cell| !cell.trim().is_empty()))
            .map(|(at, cells)| (at + 1, cells))
            .collect();
        Ok(Sheet {
            file: file.to_owned(),
            kind,
            columns: columns_at,
            headers,
            ignored,
            rows,
            contacts,
        })
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|column| column.is_some_and(|column| column.id == id))
    }
}

/// The ICO template's contact block: a row of titles (Controller, Data
/// Protection Officer, Representative) and rows of Name, Address, Email and
/// Telephone under them.
#[derive(Debug, Default)]
struct Preamble {
    controller: Vec<(&'static str, String)>,
    dpo: Vec<(&'static str, String)>,
    representative: Vec<(&'static str, String)>,
    /// The row of the representative's name, for problems.
    representative_row: usize,
}

impl Preamble {
    fn read(rows: &[Vec<String>]) -> Preamble {
        let mut preamble = Preamble::default();
        let Some(titles) = rows
            .iter()
            .find(|cells| cells.iter().any(|cell| squash_header(cell) == "controller"))
        else {
            return preamble;
        };
        let at = |wanted: &[&str]| {
            titles
                .iter()
                .position(|cell| wanted.contains(&squash_header(cell).as_str()))
        };
        let controller = at(&["controller"]);
        let dpo = at(&["dataprotectionofficer", "dpo"]);
        let representative = at(&["representative"]);
        for (number, cells) in rows.iter().enumerate() {
            let Some(label) = cells.iter().find(|cell| !cell.trim().is_empty()) else {
                continue;
            };
            let label = match squash_header(label).trim_end_matches(':') {
                "name" => "name",
                "address" => "address",
                "email" | "e-mail" => "email",
                "telephone" | "phone" => "telephone",
                _ => continue,
            };
            for (column, into) in [
                (controller, &mut preamble.controller),
                (dpo, &mut preamble.dpo),
                (representative, &mut preamble.representative),
            ] {
                if let Some(value) = column
                    .and_then(|column| cells.get(column))
                    .map(|value| value.trim())
                    .filter(|value| !value.is_empty())
                {
                    into.push((label, value.to_owned()));
                }
            }
            if label == "name" {
                preamble.representative_row = number + 1;
            }
        }
        preamble
    }
}

fn stated(details: &[(&'static str, String)], label: &str) -> Option<String> {
    details
        .iter()
        .find(|(known, _)| *known == label)
        .map(|(_, value)| value.clone())
}

/// "F (Categories of recipients)".
fn column_name(at: usize, header: &str) -> String {
    format!("{} ({})", letter(at), header.trim())
}

/// The spreadsheet letter of the column at `at` (0: A, 26: AA).
fn letter(at: usize) -> String {
    let mut at = at + 1;
    let mut letters = Vec::new();
    while at > 0 {
        let rest = (at - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        at = (at - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// One row of the sheet.
struct Row<'s> {
    number: usize,
    sheet: &'s Sheet,
    cells: &'s [String],
}

impl Row<'_> {
    /// The cell of column `id` as it was before the export guarded it;
    /// `None` when the sheet has no such column.
    fn cell(&self, id: &str) -> Option<&str> {
        let at = self.sheet.position(id)?;
        Some(restore(self.cells.get(at).map_or("", |cell| cell.trim())))
    }

    /// The cell's text, `None` when blank or absent.
    fn text(&self, id: &str) -> Option<&str> {
        self.cell(id).filter(|cell| !cell.is_empty())
    }

    fn values(&self, id: &str) -> Vec<String> {
        self.cell(id).map(items::split).unwrap_or_default()
    }

    fn has(&self, id: &str) -> bool {
        self.sheet.position(id).is_some()
    }

    fn problem(&self, id: &str, message: impl Into<String>) -> RowProblem {
        let column = self
            .sheet
            .position(id)
            .map(|at| column_name(at, &self.sheet.headers[at]));
        RowProblem {
            file: self.sheet.file.clone(),
            row: self.number,
            column,
            message: message.into(),
        }
    }
}

/// A catalogue entry type of inventory documents.
trait Entry: Clone + PartialEq + Sized {
    const KIND: EntityKind;
    fn key(&self) -> &str;
    fn name(&self) -> &str;
    fn set_identity(&mut self, key: String, name: String);
    fn list(document: &Document) -> &Vec<Self>;
    fn list_mut(document: &mut Document) -> &mut Vec<Self>;
    fn wrap(self) -> Write;
    fn unwrap(write: &mut Write) -> Option<&mut Self>;
}

/// One entry a row creates or changes.
#[derive(Debug, Clone)]
enum Write {
    Organization(OrganizationDoc),
    Purpose(PurposeDoc),
    RetentionRule(RetentionRuleDoc),
    DataCategory(DataCategoryDoc),
    DataSubject(DataSubjectDoc),
    Source(SourceDoc),
    Recipient(RecipientDoc),
    Transfer(TransferDoc),
    System(SystemDoc),
    SecurityMeasure(SecurityMeasureDoc),
}

macro_rules! entry {
    ($doc:ty, $kind:ident, $list:ident, $variant:ident) => {
        impl Entry for $doc {
            const KIND: EntityKind = EntityKind::$kind;
            fn key(&self) -> &str {
                &self.key
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn set_identity(&mut self, key: String, name: String) {
                self.key = key;
                self.name = name;
            }
            fn list(document: &Document) -> &Vec<Self> {
                &document.$list
            }
            fn list_mut(document: &mut Document) -> &mut Vec<Self> {
                &mut document.$list
            }
            fn wrap(self) -> Write {
                Write::$variant(self)
            }
            fn unwrap(write: &mut Write) -> Option<&mut Self> {
                match write {
                    Write::$variant(doc) => Some(doc),
                    _ => None,
                }
            }
        }
    };
}

entry!(OrganizationDoc, Organization, organizations, Organization);
entry!(PurposeDoc, Purpose, purposes, Purpose);
entry!(
    RetentionRuleDoc,
    RetentionRule,
    retention_rules,
    RetentionRule
);
entry!(DataCategoryDoc, DataCategory, data_categories, DataCategory);
entry!(
    DataSubjectDoc,
    DataSubjectCategory,
    data_subjects,
    DataSubject
);
entry!(SourceDoc, Source, sources, Source);
entry!(RecipientDoc, Recipient, recipients, Recipient);
entry!(TransferDoc, Transfer, transfers, Transfer);
entry!(SystemDoc, System, systems, System);
entry!(
    SecurityMeasureDoc,
    SecurityMeasure,
    security_measures,
    SecurityMeasure
);

/// Whose an entry found by name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// The organisation's own: the import may change it.
    Ours,
    /// The shared catalogue's, or another organisation: linked, never changed.
    Elsewhere,
}

/// What one row creates and changes, worked out without changing anything,
/// so that a row with a problem leaves no trace.
#[derive(Default)]
struct Plan {
    writes: Vec<Write>,
    /// The entries whose details the row states (not those it only names).
    stated: HashSet<(EntityKind, String)>,
    organization: Option<OrganizationDoc>,
    activity: Option<ActivityDoc>,
    notes: Vec<String>,
}

/// A change to an entry's fields, from what a row states about it.
type State<'a, D> = Option<&'a dyn Fn(&mut D)>;

struct Importer<'g> {
    graph: &'g Inventory,
    organization: String,
    kind: RecordKind,
    /// The document being built: the organisation's entries and activities
    /// as they stand, with the rows' changes.
    document: Document,
    /// The shared catalogue's entries, to compare what rows state.
    shared: Document,
    names: HashMap<(EntityKind, String), (String, Owner)>,
    positions: HashMap<(EntityKind, String), usize>,
    taken: HashSet<(EntityKind, String)>,
    /// The row that stated an entry's details (or the contact block, under
    /// the organisation's key), so later rows must agree with it.
    stated_by: HashMap<(EntityKind, String), usize>,
    activity_rows: HashMap<String, usize>,
    notes: Vec<String>,
}

impl<'g> Importer<'g> {
    fn new(graph: &'g Inventory, organization: &str, sheet: &Sheet) -> Self {
        let existing = graph.organizations.by_key(organization);
        let document = match existing {
            Some(_) => inventory::export::document(graph, organization).unwrap_or_default(),
            None => Document {
                organization: Some(OrganizationDoc {
                    key: organization.to_owned(),
                    name: organization.to_owned(),
                    ..OrganizationDoc::default()
                }),
                ..Document::default()
            },
        };
        let shared = inventory::export::shared_catalogue(graph);
        let mut importer = Importer {
            graph,
            organization: organization.to_owned(),
            kind: sheet.kind,
            document,
            shared,
            names: HashMap::new(),
            positions: HashMap::new(),
            taken: HashSet::new(),
            stated_by: HashMap::new(),
            activity_rows: HashMap::new(),
            notes: Vec::new(),
        };
        importer.index();
        importer.read_contacts(&sheet.contacts);
        importer
    }

    /// The organisation's contact block from above the header, where the
    /// columns do not give it.
    fn read_contacts(&mut self, contacts: &Preamble) {
        let Some(mut organization) = self.document.organization.clone() else {
            return;
        };
        let text = |value: Option<String>| {
            value.and_then(|value| validate::text("contact", &value).ok().flatten())
        };
        if let Some(name) =
            stated(&contacts.controller, "name").and_then(|name| validate::name("name", &name).ok())
        {
            organization.name = name;
        }
        let email = |value: Option<String>| {
            value.and_then(|value| validate::email("email", &value).ok().flatten())
        };
        for (field, value) in [
            (
                &mut organization.address,
                text(stated(&contacts.controller, "address")),
            ),
            (
                &mut organization.email,
                email(stated(&contacts.controller, "email")),
            ),
            (
                &mut organization.phone,
                text(stated(&contacts.controller, "telephone")),
            ),
            (
                &mut organization.dpo_name,
                text(stated(&contacts.dpo, "name")),
            ),
            (
                &mut organization.dpo_address,
                text(stated(&contacts.dpo, "address")),
            ),
            (
                &mut organization.dpo_email,
                email(stated(&contacts.dpo, "email")),
            ),
            (
                &mut organization.dpo_phone,
                text(stated(&contacts.dpo, "telephone")),
            ),
        ] {
            if value.is_some() {
                *field = value;
            }
        }
        if let Some(name) = stated(&contacts.representative, "name") {
            // The ICO template is the UK's: its representative is the UK one.
            let party = Detailed {
                name,
                details: contacts
                    .representative
                    .iter()
                    .filter(|(label, _)| *label != "name")
                    .cloned()
                    .collect(),
            };
            let mut plan = Plan::default();
            match self.party(contacts.representative_row, &mut plan, &party) {
                Ok(key) => {
                    organization.uk_representative = Some(key);
                    self.commit(plan, contacts.representative_row);
                }
                Err(message) => self.notes.push(format!(
                    "row {}: the representative was not read: {message}",
                    contacts.representative_row
                )),
            }
        }
        self.document.organization = Some(organization);
    }

    /// Names and keys of every entry the rows may name: the
    /// organisation's own first, then the shared ones.
    fn index(&mut self) {
        fn ours<D: Entry>(importer: &mut Importer<'_>) {
            for (at, doc) in D::list(&importer.document).iter().enumerate() {
                importer
                    .positions
                    .insert((D::KIND, doc.key().to_owned()), at);
                importer.names.insert(
                    (D::KIND, folded(doc.name())),
                    (doc.key().to_owned(), Owner::Ours),
                );
            }
            for doc in D::list(&importer.shared) {
                importer
                    .names
                    .entry((D::KIND, folded(doc.name())))
                    .or_insert_with(|| (doc.key().to_owned(), Owner::Elsewhere));
            }
        }
        ours::<PurposeDoc>(self);
        ours::<RetentionRuleDoc>(self);
        ours::<DataCategoryDoc>(self);
        ours::<DataSubjectDoc>(self);
        ours::<SourceDoc>(self);
        ours::<RecipientDoc>(self);
        ours::<TransferDoc>(self);
        ours::<SystemDoc>(self);
        ours::<SecurityMeasureDoc>(self);
        ours::<OrganizationDoc>(self);
        for organization in self.graph.organizations.all() {
            if organization.key != self.organization {
                self.names
                    .entry((EntityKind::Organization, folded(&organization.name)))
                    .or_insert_with(|| (organization.key.clone(), Owner::Elsewhere));
            }
        }
        let graph = self.graph;
        let mut taken: Vec<(EntityKind, String)> = Vec::new();
        taken.extend(
            graph
                .organizations
                .all()
                .iter()
                .map(|row| (EntityKind::Organization, row.key.clone())),
        );
        taken.extend(
            graph
                .activities
                .all()
                .iter()
                .map(|row| (EntityKind::ProcessingActivity, row.key.clone())),
        );
        taken.extend(
            graph
                .purposes
                .all()
                .iter()
                .map(|row| (EntityKind::Purpose, row.key.clone())),
        );
        taken.extend(
            graph
                .data_categories
                .all()
                .iter()
                .map(|row| (EntityKind::DataCategory, row.key.clone())),
        );
        taken.extend(
            graph
                .data_subjects
                .all()
                .iter()
                .map(|row| (EntityKind::DataSubjectCategory, row.key.clone())),
        );
        taken.extend(
            graph
                .sources
                .all()
                .iter()
                .map(|row| (EntityKind::Source, row.key.clone())),
        );
        taken.extend(
            graph
                .recipients
                .all()
                .iter()
                .map(|row| (EntityKind::Recipient, row.key.clone())),
        );
        taken.extend(
            graph
                .transfers
                .all()
                .iter()
                .map(|row| (EntityKind::Transfer, row.key.clone())),
        );
        taken.extend(
            graph
                .retention_rules
                .all()
                .iter()
                .map(|row| (EntityKind::RetentionRule, row.key.clone())),
        );
        taken.extend(
            graph
                .systems
                .all()
                .iter()
                .map(|row| (EntityKind::System, row.key.clone())),
        );
        taken.extend(
            graph
                .security_measures
                .all()
                .iter()
                .map(|row| (EntityKind::SecurityMeasure, row.key.clone())),
        );
        self.taken.extend(taken);
        self.taken
            .insert((EntityKind::Organization, self.organization.clone()));
    }

    /// A key for a new entry named `name`: its slug, after the
    /// organisation's key for its own catalogue, made unique.
    fn new_key(&self, kind: EntityKind, name: &str, plan: &Plan) -> String {
        let slug = validate::slugify(name);
        let slug = if slug.is_empty() {
            "entry".to_owned()
        } else {
            slug
        };
        let base = if kind == EntityKind::Organization || slug.starts_with(&self.organization) {
            slug
        } else {
            format!("{}-{slug}", self.organization)
        };
        let base: String = base.chars().take(validate::MAX_KEY_LENGTH - 4).collect();
        let base = base.trim_end_matches(['-', '_', '.']).to_owned();
        let free = |key: &str| {
            !self.taken.contains(&(kind, key.to_owned()))
                && !plan
                    .writes
                    .iter()
                    .any(|write| write_key(write) == (kind, key))
        };
        if free(&base) {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|key| free(key))
            .unwrap_or(base)
    }

    /// The key of the entry named `name`: found (and changed as `state`
    /// says, if it is ours) or created with `create`.
    fn mention<D: Entry>(
        &self,
        plan: &mut Plan,
        row: usize,
        name: &str,
        state: State<'_, D>,
        create: &dyn Fn(String) -> std::result::Result<D, String>,
    ) -> std::result::Result<String, String> {
        let name = name.trim();
        if let Some(doc) = plan
            .writes
            .iter_mut()
            .filter_map(D::unwrap)
            .find(|doc| folded(doc.name()) == folded(name))
        {
            if let Some(state) = state {
                let mut next = doc.clone();
                state(&mut next);
                if next != *doc {
                    return Err(format!(
                        "the row names {} '{name}' twice, with different details",
                        D::KIND
                    ));
                }
            }
            return Ok(doc.key().to_owned());
        }
        match self.names.get(&(D::KIND, folded(name))) {
            Some((key, Owner::Ours)) => {
                let Some(state) = state else {
                    return Ok(key.clone());
                };
                let current = self
                    .positions
                    .get(&(D::KIND, key.clone()))
                    .and_then(|&at| D::list(&self.document).get(at))
                    .ok_or_else(|| format!("{} '{name}' went missing", D::KIND))?;
                let mut next = current.clone();
                state(&mut next);
                if next != *current
                    && let Some(earlier) = self.stated_by.get(&(D::KIND, key.clone()))
                    && *earlier != row
                {
                    return Err(format!(
                        "row {earlier} states other details for {} '{name}'; make the rows agree",
                        D::KIND
                    ));
                }
                plan.stated.insert((D::KIND, key.clone()));
                plan.writes.push(next.wrap());
                Ok(key.clone())
            }
            Some((key, Owner::Elsewhere)) => {
                if let Some(state) = state
                    && let Some(current) = D::list(&self.shared).iter().find(|doc| doc.key() == key)
                {
                    let mut next = current.clone();
                    state(&mut next);
                    if next != *current {
                        plan.notes.push(format!(
                            "row {row}: {} '{name}' is in the shared catalogue; the details the file gives for it were not applied",
                            D::KIND
                        ));
                    }
                }
                Ok(key.clone())
            }
            None => {
                let key = self.new_key(D::KIND, name, plan);
                let mut doc = create(key.clone())?;
                if let Some(state) = state {
                    state(&mut doc);
                    plan.stated.insert((D::KIND, key.clone()));
                }
                plan.writes.push(doc.wrap());
                Ok(key)
            }
        }
    }

    /// Records a planned row's changes.
    fn commit(&mut self, plan: Plan, row: usize) {
        // An entry only named (created with no more than it needs) may get
        // its details from a later row; one whose details a row states may not.
        fn upsert<D: Entry>(
            importer: &mut Importer<'_>,
            doc: D,
            row: usize,
            stated: &HashSet<(EntityKind, String)>,
        ) {
            let key = (D::KIND, doc.key().to_owned());
            importer.taken.insert(key.clone());
            if stated.contains(&key) {
                importer.stated_by.insert(key.clone(), row);
            }
            importer
                .names
                .entry((D::KIND, folded(doc.name())))
                .or_insert_with(|| (doc.key().to_owned(), Owner::Ours));
            match importer.positions.get(&key) {
                Some(&at) => D::list_mut(&mut importer.document)[at] = doc,
                None => {
                    let list = D::list_mut(&mut importer.document);
                    importer.positions.insert(key, list.len());
                    list.push(doc);
                }
            }
        }
        let stated = plan.stated;
        for write in plan.writes {
            match write {
                Write::Organization(doc) => upsert(self, doc, row, &stated),
                Write::Purpose(doc) => upsert(self, doc, row, &stated),
                Write::RetentionRule(doc) => upsert(self, doc, row, &stated),
                Write::DataCategory(doc) => upsert(self, doc, row, &stated),
                Write::DataSubject(doc) => upsert(self, doc, row, &stated),
                Write::Source(doc) => upsert(self, doc, row, &stated),
                Write::Recipient(doc) => upsert(self, doc, row, &stated),
                Write::Transfer(doc) => upsert(self, doc, row, &stated),
                Write::System(doc) => upsert(self, doc, row, &stated),
                Write::SecurityMeasure(doc) => upsert(self, doc, row, &stated),
            }
        }
        if let Some(organization) = plan.organization {
            if self.document.organization.as_ref() != Some(&organization) {
                self.stated_by
                    .insert((EntityKind::Organization, self.organization.clone()), row);
            }
            self.document.organization = Some(organization);
        }
        if let Some(activity) = plan.activity {
            self.taken
                .insert((EntityKind::ProcessingActivity, activity.key.clone()));
            self.activity_rows.insert(activity.key.clone(), row);
            match self
                .document
                .activities
                .iter_mut()
                .find(|existing| existing.key == activity.key)
            {
                Some(existing) => *existing = activity,
                None => self.document.activities.push(activity),
            }
        }
        self.notes.extend(plan.notes);
    }

    fn finish(&mut self) -> Document {
        std::mem::take(&mut self.document)
    }

    /// Works out what `row` creates and changes.
    fn plan(&self, row: &Row<'_>) -> std::result::Result<Plan, Vec<RowProblem>> {
        let mut plan = Plan::default();
        let mut problems = Vec::new();
        self.plan_organization(row, &mut plan, &mut problems);
        let activity = self.plan_activity(row, &mut plan, &mut problems);
        if problems.is_empty() {
            plan.activity = activity;
            Ok(plan)
        } else {
            Err(problems)
        }
    }

    /// The organisation's contact block.
    fn plan_organization(&self, row: &Row<'_>, plan: &mut Plan, problems: &mut Vec<RowProblem>) {
        use columns::*;
        let Some(mut organization) = self.document.organization.clone() else {
            return;
        };
        let before = organization.clone();
        if let Some(name) = row.cell(ORGANIZATION) {
            match validate::name(ORGANIZATION, name) {
                Ok(name) => organization.name = name,
                Err(err) => problems.push(row.problem(ORGANIZATION, reason(err))),
            }
        }
        let mut text = |id: &str, field: &mut Option<String>| {
            if let Some(value) = row.cell(id) {
                match validate::text(id, value) {
                    Ok(value) => *field = value,
                    Err(err) => problems.push(row.problem(id, reason(err))),
                }
            }
        };
        text(ORGANIZATION_ADDRESS, &mut organization.address);
        text(ORGANIZATION_TELEPHONE, &mut organization.phone);
        text(DPO, &mut organization.dpo_name);
        text(DPO_ADDRESS, &mut organization.dpo_address);
        text(DPO_TELEPHONE, &mut organization.dpo_phone);
        for (id, field) in [
            (ORGANIZATION_EMAIL, &mut organization.email),
            (DPO_EMAIL, &mut organization.dpo_email),
        ] {
            if let Some(value) = row.cell(id) {
                match validate::email(id, value) {
                    Ok(value) => *field = value,
                    Err(err) => problems.push(row.problem(id, reason(err))),
                }
            }
        }
        for (name_id, address_id, email_id, telephone_id, eu) in [
            (
                EU_REPRESENTATIVE,
                EU_REPRESENTATIVE_ADDRESS,
                EU_REPRESENTATIVE_EMAIL,
                EU_REPRESENTATIVE_TELEPHONE,
                true,
            ),
            (
                UK_REPRESENTATIVE,
                UK_REPRESENTATIVE_ADDRESS,
                UK_REPRESENTATIVE_EMAIL,
                UK_REPRESENTATIVE_TELEPHONE,
                false,
            ),
        ] {
            let Some(name) = row.cell(name_id) else {
                continue;
            };
            let representative = if name.is_empty() {
                None
            } else {
                let contact = Detailed {
                    name: name.to_owned(),
                    details: [
                        ("address", address_id),
                        ("email", email_id),
                        ("telephone", telephone_id),
                    ]
                    .into_iter()
                    .filter_map(|(label, id)| Some((label, row.text(id)?.to_owned())))
                    .collect(),
                };
                match self.party(row.number, plan, &contact) {
                    Ok(key) => Some(key),
                    Err(message) => {
                        problems.push(row.problem(name_id, message));
                        None
                    }
                }
            };
            if eu {
                organization.eu_representative = representative;
            } else {
                organization.uk_representative = representative;
            }
        }
        if organization != before
            && let Some(earlier) = self
                .stated_by
                .get(&(EntityKind::Organization, self.organization.clone()))
            && *earlier != row.number
        {
            problems.push(row.problem(
                ORGANIZATION,
                format!("the organisation's contact details differ from those in row {earlier}; make the rows agree"),
            ));
            return;
        }
        plan.organization = Some(organization);
    }

    /// An organisation named with its contact details (a joint controller,
    /// a controller, a representative).
    fn party(
        &self,
        row: usize,
        plan: &mut Plan,
        party: &Detailed,
    ) -> std::result::Result<String, String> {
        let mut email = None;
        if let Some(value) = party.get("email") {
            email = validate::email("email", value).map_err(reason)?;
        }
        let telephone = party.get("telephone").map(str::to_owned);
        let address = party.get("address").map(str::to_owned);
        let stated = !party.details.is_empty();
        let state = move |doc: &mut OrganizationDoc| {
            doc.email = email.clone();
            doc.phone = telephone.clone();
            doc.address = address.clone();
        };
        let name = validate::name("name", &party.name).map_err(reason)?;
        self.mention::<OrganizationDoc>(
            plan,
            row,
            &name,
            stated.then_some(&state as &dyn Fn(&mut OrganizationDoc)),
            &|key| {
                Ok(OrganizationDoc {
                    key,
                    name: name.clone(),
                    ..OrganizationDoc::default()
                })
            },
        )
    }

    fn plan_activity(
        &self,
        row: &Row<'_>,
        plan: &mut Plan,
        problems: &mut Vec<RowProblem>,
    ) -> Option<ActivityDoc> {
        use columns::*;
        let purposes_named = row.values(if self.kind == RecordKind::Processor {
            PROCESSING
        } else {
            PURPOSES
        });
        let name = row
            .text(ACTIVITY)
            .map(str::to_owned)
            .or_else(|| purposes_named.first().cloned())
            .or_else(|| row.text(BUSINESS_FUNCTION).map(str::to_owned));
        let Some(name) = name else {
            problems.push(row.problem(
                ACTIVITY,
                "the row names no processing activity: fill \"Processing activity\" or \"Purpose of processing\"",
            ));
            return None;
        };
        let name = match validate::name(ACTIVITY, &name) {
            Ok(name) => name,
            Err(err) => {
                problems.push(row.problem(ACTIVITY, reason(err)));
                return None;
            }
        };
        let key = match row.text(REFERENCE) {
            Some(reference) => match validate::key(REFERENCE, reference) {
                Ok(key) => key,
                Err(err) => {
                    problems.push(row.problem(REFERENCE, reason(err)));
                    return None;
                }
            },
            None => self
                .document
                .activities
                .iter()
                .find(|activity| folded(&activity.name) == folded(&name))
                .map(|activity| activity.key.clone())
                .unwrap_or_else(|| self.new_key(EntityKind::ProcessingActivity, &name, plan)),
        };
        if let Some(earlier) = self.activity_rows.get(&key) {
            problems.push(row.problem(
                REFERENCE,
                format!("row {earlier} already describes activity `{key}`; one row per activity"),
            ));
            return None;
        }
        if self.graph.activities.by_key(&key).is_some_and(|activity| {
            self.graph
                .organizations
                .get(activity.organization_id)
                .is_some_and(|owner| owner.key != self.organization)
        }) {
            problems.push(row.problem(
                REFERENCE,
                format!("activity `{key}` belongs to another organisation; give this row another reference"),
            ));
            return None;
        }
        let mut activity = self
            .document
            .activities
            .iter()
            .find(|activity| activity.key == key)
            .cloned()
            .unwrap_or_else(|| ActivityDoc {
                key: key.clone(),
                ..ActivityDoc::default()
            });
        activity.name = name;
        let mut fields = Fields { row, problems };
        fields.text(DESCRIPTION, &mut activity.description);
        fields.text(BUSINESS_FUNCTION, &mut activity.business_function);
        fields.text(UK_SCHEDULE1_CONDITION, &mut activity.uk_schedule1_condition);
        fields.text(
            RETENTION_POLICY_DEVIATION,
            &mut activity.retention_deviation_reason,
        );
        fields.link(CONSENT_RECORD, &mut activity.consent_record_url);
        fields.link(DPIA_LINK, &mut activity.dpia_url);
        fields.link(BREACH_RECORD, &mut activity.breach_record_url);
        fields.flag(DPIA_REQUIRED, &mut activity.dpia_required);
        fields.flag(BREACH_OCCURRED, &mut activity.breach_occurred);
        fields.flag(
            RETENTION_POLICY_FOLLOWED,
            &mut activity.retention_policy_followed,
        );
        fields.label::<entity::enums::DpiaStatus, _>(DPIA_PROGRESS, &mut activity.dpia_status);
        let mut status = None;
        fields.label::<entity::enums::ActivityStatus, _>(STATUS, &mut status);
        if row.has(STATUS) {
            // Active is the default, which inventory files leave out.
            activity.status = status
                .filter(|status| *status != crate::domain::vocabulary::ActivityStatus::Active);
        }
        if let Some(cell) = row.cell(AUTOMATED_DECISION_MAKING) {
            let (answer, details) = match cell.split_once(':') {
                Some((answer, details)) => (answer, Some(details.trim())),
                None => (cell, None),
            };
            if cell.is_empty() {
                activity.automated_decision_making = None;
                activity.automated_decision_details = None;
            } else {
                match parse_yes_no(answer) {
                    Some(used) => {
                        activity.automated_decision_making = Some(used);
                        activity.automated_decision_details =
                            details.filter(|details| !details.is_empty()).map(str::to_owned);
                    }
                    None => fields.problems.push(row.problem(
                        AUTOMATED_DECISION_MAKING,
                        format!("'{cell}' does not say yes or no; write 'no', 'yes' or 'yes: how decisions are made'"),
                    )),
                }
            }
        }
        self.plan_links(row, plan, &mut activity, problems);
        Some(activity)
    }

    fn plan_links(
        &self,
        row: &Row<'_>,
        plan: &mut Plan,
        activity: &mut ActivityDoc,
        problems: &mut Vec<RowProblem>,
    ) {
        use columns::*;
        let number = row.number;
        let mut fail = |id: &str, message: String| problems.push(row.problem(id, message));

        // Purposes, with what each link says.
        let purpose_column = if self.kind == RecordKind::Processor {
            PROCESSING
        } else {
            PURPOSES
        };
        let per_purpose = [
            LAWFUL_BASES,
            UK_LAWFUL_BASES,
            SPECIAL_CATEGORY_CONDITIONS,
            LEGITIMATE_INTERESTS,
            LEGITIMATE_INTERESTS_ASSESSMENTS,
        ];
        if row.has(purpose_column) || per_purpose.iter().any(|id| row.has(id)) {
            let mut links: BTreeMap<String, PurposeLinkDoc> = BTreeMap::new();
            let existing: HashMap<String, PurposeLinkDoc> = activity
                .purposes
                .iter()
                .map(|link| (link.purpose.clone(), link.clone()))
                .collect();
            // Without a purpose column, the per-purpose columns speak of
            // the purposes the activity has.
            let named = if row.has(purpose_column) {
                row.values(purpose_column)
            } else {
                activity
                    .purposes
                    .iter()
                    .filter_map(|link| self.purpose_name(&link.purpose))
                    .collect()
            };
            for name in &named {
                match self.mention::<PurposeDoc>(plan, number, name, None, &|key| {
                    fresh::<PurposeDoc>(key, "purpose", name)
                }) {
                    Ok(key) => {
                        let mut link = existing.get(&key).cloned().unwrap_or(PurposeLinkDoc {
                            purpose: key.clone(),
                            ..PurposeLinkDoc::default()
                        });
                        // What the per-purpose columns say replaces what was.
                        if row.has(LAWFUL_BASES) || row.has(UK_LAWFUL_BASES) {
                            link.lawful_basis = None;
                        }
                        if row.has(SPECIAL_CATEGORY_CONDITIONS) {
                            link.special_category_condition = None;
                            link.criminal_offence_condition = None;
                        }
                        if row.has(LEGITIMATE_INTERESTS) {
                            link.legitimate_interest = None;
                        }
                        if row.has(LEGITIMATE_INTERESTS_ASSESSMENTS) {
                            link.legitimate_interests_assessment_url = None;
                        }
                        links.insert(name.clone(), link);
                    }
                    Err(message) => fail(purpose_column, message),
                }
            }
            let bases_column = if row.text(LAWFUL_BASES).is_some() || !row.has(UK_LAWFUL_BASES) {
                LAWFUL_BASES
            } else {
                UK_LAWFUL_BASES
            };
            for (id, set) in [
                (bases_column, set_basis as Setter),
                (SPECIAL_CATEGORY_CONDITIONS, set_condition),
                (LEGITIMATE_INTERESTS, set_interest),
                (LEGITIMATE_INTERESTS_ASSESSMENTS, set_assessment),
            ] {
                for value in row.values(id) {
                    let (targets, value) =
                        match read_about(&value, named.iter().map(String::as_str)) {
                            Some((purpose, value)) => (vec![purpose.to_owned()], value),
                            None => (named.clone(), value),
                        };
                    if targets.is_empty() {
                        fail(
                            id,
                            format!(
                                "'{value}' says nothing about which purpose: the row names none in \"Purpose of processing\""
                            ),
                        );
                    }
                    for purpose in targets {
                        if let Some(link) = links.get_mut(&purpose)
                            && let Err(message) = set(link, &value)
                        {
                            fail(id, message);
                        }
                    }
                }
            }
            activity.purposes = links.into_values().collect();
            activity.purposes.sort_by(|a, b| a.purpose.cmp(&b.purpose));
        }

        // Data subjects.
        if row.has(DATA_SUBJECTS) && self.kind == RecordKind::Controller {
            let mut keys = BTreeSet::new();
            for name in row.values(DATA_SUBJECTS) {
                match self.mention::<DataSubjectDoc>(plan, number, &name, None, &|key| {
                    fresh::<DataSubjectDoc>(key, "data subject", &name)
                }) {
                    Ok(key) => {
                        keys.insert(key);
                    }
                    Err(message) => fail(DATA_SUBJECTS, message),
                }
            }
            activity.data_subjects = keys.into_iter().collect();
        }

        // Recipients, and their contracts.
        let contracts = row.values(PROCESSOR_CONTRACTS);
        let recipient_names: Vec<String> = row
            .values(RECIPIENTS)
            .iter()
            .map(|value| {
                bare_label::<entity::enums::RecipientKind>(&read_detailed(value, RECIPIENT_DETAILS))
                    .0
            })
            .collect();
        let mut contract_of: HashMap<String, String> = HashMap::new();
        for value in &contracts {
            match read_about(value, recipient_names.iter().map(String::as_str)) {
                Some((recipient, link)) => {
                    contract_of.insert(folded(recipient), link);
                }
                None if recipient_names.len() == 1 => {
                    contract_of.insert(folded(&recipient_names[0]), value.clone());
                }
                None => fail(
                    PROCESSOR_CONTRACTS,
                    format!(
                        "'{value}' does not say which recipient's contract it is: write 'Recipient name: link'"
                    ),
                ),
            }
        }
        if row.has(RECIPIENTS) && self.kind == RecordKind::Controller {
            let mut keys = BTreeSet::new();
            for value in row.values(RECIPIENTS) {
                let item = read_detailed(&value, RECIPIENT_DETAILS);
                let name = bare_label::<entity::enums::RecipientKind>(&item).0;
                match self.recipient(row, plan, &item, contract_of.get(&folded(&name)), false) {
                    Ok(key) => {
                        keys.insert(key);
                    }
                    Err(message) => fail(RECIPIENTS, message),
                }
            }
            activity.recipients = keys.into_iter().collect();
        }

        // Data categories with their sources, and retention.
        let categories_named = row.values(DATA_CATEGORIES);
        let mut category_rules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut activity_rules = BTreeSet::new();
        let retention_values = row.values(RETENTION);
        let rule_names: Vec<String> = retention_values
            .iter()
            .map(|value| {
                let rule = read_about(value, categories_named.iter().map(String::as_str))
                    .map_or(value.clone(), |(_, rule)| rule);
                read_detailed(&rule, RETENTION_DETAILS).name
            })
            .collect();
        let mut policy_of: HashMap<String, String> = HashMap::new();
        for value in row.values(RETENTION_POLICIES) {
            match read_about(&value, rule_names.iter().map(String::as_str)) {
                Some((rule, link)) => {
                    policy_of.insert(folded(rule), link);
                }
                None => {
                    for rule in &rule_names {
                        policy_of.insert(folded(rule), value.clone());
                    }
                }
            }
        }
        if row.has(RETENTION) && self.kind == RecordKind::Controller {
            for value in &retention_values {
                let (category, rule) =
                    match read_about(value, categories_named.iter().map(String::as_str)) {
                        Some((category, rule)) => (Some(category.to_owned()), rule),
                        None => (None, value.clone()),
                    };
                let item = read_detailed(&rule, RETENTION_DETAILS);
                match self.retention_rule(row, plan, &item, policy_of.get(&folded(&item.name))) {
                    Ok(key) => match category {
                        Some(category) => {
                            category_rules
                                .entry(folded(&category))
                                .or_default()
                                .insert(key);
                        }
                        None => {
                            activity_rules.insert(key);
                        }
                    },
                    Err(message) => fail(RETENTION, message),
                }
            }
            activity.retention_rules = activity_rules.into_iter().collect();
        }
        // A row in this record's own layout states each category's rules
        // ("Category: Rule (...)"); a plain schedule says nothing of them.
        let states_category_rules = !category_rules.is_empty();
        if (row.has(DATA_CATEGORIES) || row.has(SOURCES)) && self.kind == RecordKind::Controller {
            let mut sources_of: BTreeMap<String, BTreeSet<Option<String>>> = BTreeMap::new();
            let mut category_keys: BTreeMap<String, String> = BTreeMap::new();
            for name in &categories_named {
                let rules: Vec<String> = category_rules
                    .get(&folded(name))
                    .map(|rules| rules.iter().cloned().collect())
                    .unwrap_or_default();
                let state = move |doc: &mut DataCategoryDoc| doc.retention_rules = rules.clone();
                match self.mention::<DataCategoryDoc>(
                    plan,
                    number,
                    name,
                    states_category_rules.then_some(&state as &dyn Fn(&mut DataCategoryDoc)),
                    &|key| fresh::<DataCategoryDoc>(key, "data category", name),
                ) {
                    Ok(key) => {
                        category_keys.insert(folded(name), key);
                    }
                    Err(message) => fail(DATA_CATEGORIES, message),
                }
            }
            for value in row.values(SOURCES) {
                let (categories, source) =
                    match read_about(&value, categories_named.iter().map(String::as_str)) {
                        Some((category, source)) => (vec![category.to_owned()], source),
                        None => (categories_named.clone(), value.clone()),
                    };
                let item = read_detailed(&source, SOURCE_DETAILS);
                match self.source(row, plan, &item) {
                    Ok(key) => {
                        for category in categories {
                            sources_of
                                .entry(folded(&category))
                                .or_default()
                                .insert(Some(key.clone()));
                        }
                    }
                    Err(message) => fail(SOURCES, message),
                }
            }
            let required: HashMap<(String, Option<String>), Option<bool>> = activity
                .data_categories
                .iter()
                .map(|link| {
                    (
                        (link.data_category.clone(), link.source.clone()),
                        link.required,
                    )
                })
                .collect();
            let mut links = Vec::new();
            for (folded_name, key) in &category_keys {
                let sources = sources_of
                    .remove(folded_name)
                    .unwrap_or_else(|| BTreeSet::from([None]));
                for source in sources {
                    links.push(DataCategoryLinkDoc {
                        data_category: key.clone(),
                        required: required
                            .get(&(key.clone(), source.clone()))
                            .copied()
                            .flatten(),
                        source,
                    });
                }
            }
            links.sort_by(|a, b| (&a.data_category, &a.source).cmp(&(&b.data_category, &b.source)));
            activity.data_categories = links;
        }

        // Transfers; third countries alone where the safeguards column
        // names none.
        if row.has(TRANSFERS) || row.has(THIRD_COUNTRIES) {
            let mut keys = BTreeSet::new();
            let transfers = row.values(TRANSFERS);
            for value in &transfers {
                let item = read_detailed(value, TRANSFER_DETAILS);
                match self.transfer(row, plan, &item) {
                    Ok(key) => {
                        keys.insert(key);
                    }
                    Err(message) => fail(TRANSFERS, message),
                }
            }
            if transfers.is_empty() {
                for country in row.values(THIRD_COUNTRIES) {
                    let Some(code) = labels::parse_country(&country) else {
                        fail(
                            THIRD_COUNTRIES,
                            format!(
                                "'{country}' is not a country this record knows; write its name or ISO 3166-1 code"
                            ),
                        );
                        continue;
                    };
                    let item = Detailed {
                        name: format!("Transfer to {}", labels::country(&code)),
                        details: vec![("to", code)],
                    };
                    match self.transfer(row, plan, &item) {
                        Ok(key) => {
                            keys.insert(key);
                        }
                        Err(message) => fail(THIRD_COUNTRIES, message),
                    }
                }
            }
            if row.has(TRANSFERS) || !keys.is_empty() {
                activity.transfers = keys.into_iter().collect();
            }
        }

        // Security measures.
        if row.has(SECURITY_MEASURES) {
            let mut keys = BTreeSet::new();
            for value in row.values(SECURITY_MEASURES) {
                let item = read_detailed(&value, MEASURE_DETAILS);
                match self.security_measure(row, plan, &item) {
                    Ok(key) => {
                        keys.insert(key);
                    }
                    Err(message) => fail(SECURITY_MEASURES, message),
                }
            }
            activity.security_measures = keys.into_iter().collect();
        }

        // Systems: where the data is.
        if row.has(LOCATIONS) && self.kind == RecordKind::Controller {
            let mut keys = BTreeSet::new();
            for value in row.values(LOCATIONS) {
                let item = read_detailed(&value, SYSTEM_DETAILS);
                match self.system(row, plan, &item) {
                    Ok(key) => {
                        keys.insert(key);
                    }
                    Err(message) => fail(LOCATIONS, message),
                }
            }
            activity.systems = keys.into_iter().collect();
        }

        // Joint controllers, or the controllers a processor acts for.
        let (controllers_column, role) = match self.kind {
            RecordKind::Controller => (JOINT_CONTROLLERS, None),
            RecordKind::Processor => (
                CONTROLLERS,
                Some(crate::domain::vocabulary::ActivityRole::Processor),
            ),
        };
        if row.has(controllers_column) {
            let mut keys = BTreeSet::new();
            for value in row.values(controllers_column) {
                let item = read_detailed(&value, PARTY_DETAILS);
                match self.party(row.number, plan, &item) {
                    Ok(key) => {
                        keys.insert(key);
                    }
                    Err(message) => fail(controllers_column, message),
                }
            }
            activity.controllers = keys.into_iter().collect();
        }
        activity.role = match role {
            Some(role) => Some(role),
            None if !activity.controllers.is_empty() => {
                Some(crate::domain::vocabulary::ActivityRole::JointController)
            }
            // A controller activity is the default, which files leave out.
            None => None,
        };
    }

    /// The name of the purpose with `key`, in the graph or new in this
    /// import.
    fn purpose_name(&self, key: &str) -> Option<String> {
        self.graph
            .purposes
            .by_key(key)
            .map(|purpose| purpose.name.clone())
            .or_else(|| {
                self.document
                    .purposes
                    .iter()
                    .find(|purpose| purpose.key == key)
                    .map(|purpose| purpose.name.clone())
            })
    }

    fn recipient(
        &self,
        row: &Row<'_>,
        plan: &mut Plan,
        item: &Detailed,
        contract: Option<&String>,
        referred: bool,
    ) -> std::result::Result<String, String> {
        let (name, bare_kind) = bare_label::<entity::enums::RecipientKind>(item);
        let kind = match item.get("kind") {
            Some(kind) => Some(parse_label::<entity::enums::RecipientKind>(
                kind,
                "a kind of recipient",
            )?),
            None => bare_kind,
        };
        let country = country_detail(item, "country")?;
        let contract = contract
            .map(|link| validate::link("contract", link).map_err(reason))
            .transpose()?
            .flatten();
        // A recipient referred to by a transfer or a system carries its kind
        // for its creation only; its row's recipients column states the rest.
        let stated = !referred && (!item.details.is_empty() || bare_kind.is_some());
        let state = |doc: &mut RecipientDoc| {
            if stated {
                if let Some(kind) = kind {
                    doc.kind = kind.into();
                }
                doc.country = country.clone();
            }
            if contract.is_some() {
                doc.contract_url = contract.clone();
            }
        };
        let changes = stated || contract.is_some();
        self.mention::<RecipientDoc>(
            plan,
            row.number,
            &name,
            changes.then_some(&state as &dyn Fn(&mut RecipientDoc)),
            &|key| {
                let kind = kind.ok_or_else(|| {
                    format!(
                        "recipient '{name}' is new and its kind is not stated; write for example '{name} (kind: processor)' ({})",
                        choices::<entity::enums::RecipientKind>()
                    )
                })?;
                Ok(RecipientDoc {
                    key,
                    name: validate::name("recipient", &name).map_err(reason)?,
                    description: None,
                    kind: kind.into(),
                    named: true,
                    country: None,
                    contract_url: None,
                    privacy_policy_url: None,
                    dpf_certified: false,
                    dpf_uk_extension: false,
                    dpf_swiss: false,
                })
            },
        )
    }

    fn source(
        &self,
        row: &Row<'_>,
        plan: &mut Plan,
        item: &Detailed,
    ) -> std::result::Result<String, String> {
        let (name, bare_kind) = bare_label::<entity::enums::SourceKind>(item);
        let kind = match item.get("kind") {
            Some(kind) => Some(parse_label::<entity::enums::SourceKind>(
                kind,
                "a kind of source",
            )?),
            None => bare_kind,
        };
        let state = |doc: &mut SourceDoc| {
            if let Some(kind) = kind {
                doc.kind = kind.into();
            }
        };
        self.mention::<SourceDoc>(
            plan,
            row.number,
            &name,
            kind.is_some().then_some(&state as &dyn Fn(&mut SourceDoc)),
            &|key| {
                let kind = kind.ok_or_else(|| {
                    format!(
                        "source '{name}' is new and its kind is not stated; write for example '{name} (kind: the data subject)' ({})",
                        choices::<entity::enums::SourceKind>()
                    )
                })?;
                Ok(SourceDoc {
                    key,
                    name: validate::name("source", &name).map_err(reason)?,
                    description: None,
                    kind: kind.into(),
                })
            },
        )
    }

    fn security_measure(
        &self,
        row: &Row<'_>,
        plan: &mut Plan,
        item: &Detailed,
    ) -> std::result::Result<String, String> {
        let (name, bare_kind) = bare_label::<entity::enums::SecurityMeasureKind>(item);
        let kind = match item.get("kind") {
            Some(kind) => Some(parse_label::<entity::enums::SecurityMeasureKind>(
                kind,
                "a kind of security measure",
            )?),
            None => bare_kind,
        };
        let description = text_detail(item, "description")?;
        let stated = !item.details.is_empty() || bare_kind.is_some();
        let state = |doc: &mut SecurityMeasureDoc| {
            if let Some(kind) = kind {
                doc.kind = kind.into();
            }
            doc.description = description.clone();
        };
        self.mention::<SecurityMeasureDoc>(
            plan,
            row.number,
            &name,
            stated.then_some(&state as &dyn Fn(&mut SecurityMeasureDoc)),
            &|key| {
                let kind = kind.ok_or_else(|| {
                    format!(
                        "security measure '{name}' is new and its kind is not stated; write '{name} (kind: technical)' or '{name} (kind: organisational)'"
                    )
                })?;
                Ok(SecurityMeasureDoc {
                    key,
                    name: validate::name("security measure", &name).map_err(reason)?,
                    description: None,
                    kind: kind.into(),
                })
            },
        )
    }

    fn retention_rule(
        &self,
        row: &Row<'_>,
        plan: &mut Plan,
        item: &Detailed,
        policy: Option<&String>,
    ) -> std::result::Result<String, String> {
        let period = item
            .get("period")
            .map(|period| {
                labels::parse_period(period).ok_or_else(|| {
                    format!("'{period}' is not a period; write for example '7 years', '26 months' or 'P30D'")
                })
            })
            .transpose()?;
        let end_action = item
            .get("then")
            .map(|action| {
                parse_label::<entity::enums::EndAction>(action, "an action at the end of retention")
            })
            .transpose()?;
        let runs_from = text_detail(item, "from")?;
        let criteria = text_detail(item, "criteria")?;
        let legal_requirement = text_detail(item, "legal requirement")?;
        let policy = policy
            .map(|link| validate::link("policy", link).map_err(reason))
            .transpose()?
            .flatten();
        let stated = !item.details.is_empty();
        let state = |doc: &mut RetentionRuleDoc| {
            if stated {
                doc.period = period.clone();
                doc.runs_from = runs_from.clone();
                doc.criteria = criteria.clone();
                doc.legal_requirement = legal_requirement.clone();
                doc.end_action = end_action.map(Into::into);
            }
            if policy.is_some() {
                doc.policy_url = policy.clone();
            }
        };
        let changes = stated || policy.is_some();
        self.mention::<RetentionRuleDoc>(
            plan,
            row.number,
            &item.name,
            changes.then_some(&state as &dyn Fn(&mut RetentionRuleDoc)),
            &|key| fresh::<RetentionRuleDoc>(key, "retention rule", &item.name),
        )
    }

    fn transfer(
        &self,
        row: &Row<'_>,
        plan: &mut Plan,
        item: &Detailed,
    ) -> std::result::Result<String, String> {
        let country = country_detail(item, "to")?;
        let mechanism = item
            .get("mechanism")
            .map(|value| {
                parse_label::<entity::enums::TransferMechanism>(value, "a transfer mechanism")
            })
            .transpose()?;
        let module = item
            .get("module")
            .map(|value| {
                parse_label::<entity::enums::SccModule>(
                    value,
                    "a module of the standard contractual clauses",
                )
            })
            .transpose()?;
        let derogation = item
            .get("derogation")
            .map(|value| parse_label::<entity::enums::Derogation>(value, "an Art. 49 derogation"))
            .transpose()?;
        let occasional = item
            .get("occasional")
            .map(|value| {
                parse_yes_no(value).ok_or_else(|| format!("occasional: '{value}' is not yes or no"))
            })
            .transpose()?;
        let contract_date = item
            .get("contract date")
            .map(|value| {
                value
                    .parse::<toml::value::Datetime>()
                    .ok()
                    .filter(|date| date.date.is_some() && date.time.is_none())
                    .ok_or_else(|| {
                        format!("contract date: '{value}' is not a date such as 2021-09-27")
                    })
            })
            .transpose()?;
        let recipient = item
            .get("recipient")
            .map(|name| {
                let found = Detailed {
                    name: name.to_owned(),
                    details: Vec::new(),
                };
                self.recipient(row, plan, &found, None, true)
            })
            .transpose()?;
        let safeguard = link_detail(item, "safeguard")?;
        let access = text_detail(item, "access")?;
        let stated = !item.details.is_empty();
        let state = |doc: &mut TransferDoc| {
            doc.country = country.clone();
            doc.mechanism = mechanism.map(Into::into);
            doc.scc_module = module.map(Into::into);
            doc.derogation = derogation.map(Into::into);
            doc.recipient = recipient.clone();
            doc.occasional = occasional;
            doc.contract_date = contract_date;
            doc.safeguard_url = safeguard.clone();
            doc.safeguard_access = access.clone();
        };
        self.mention::<TransferDoc>(
            plan,
            row.number,
            &item.name,
            stated.then_some(&state as &dyn Fn(&mut TransferDoc)),
            &|key| fresh::<TransferDoc>(key, "transfer", &item.name),
        )
    }

    fn system(
        &self,
        row: &Row<'_>,
        plan: &mut Plan,
        item: &Detailed,
    ) -> std::result::Result<String, String> {
        let hosting_country = country_detail(item, "hosted in")?;
        let location = text_detail(item, "location")?;
        let vendor = item
            .get("vendor")
            .map(|name| {
                let found = Detailed {
                    name: name.to_owned(),
                    details: Vec::new(),
                };
                self.recipient(row, plan, &found, None, true)
            })
            .transpose()?;
        let stated = !item.details.is_empty();
        let state = |doc: &mut SystemDoc| {
            doc.hosting_country = hosting_country.clone();
            doc.location = location.clone();
            doc.vendor = vendor.clone();
        };
        self.mention::<SystemDoc>(
            plan,
            row.number,
            &item.name,
            stated.then_some(&state as &dyn Fn(&mut SystemDoc)),
            &|key| fresh::<SystemDoc>(key, "system", &item.name),
        )
    }
}

/// Reads the plain cells of an activity, noting problems.
struct Fields<'r, 's> {
    row: &'r Row<'s>,
    problems: &'r mut Vec<RowProblem>,
}

impl Fields<'_, '_> {
    fn text(&mut self, id: &str, field: &mut Option<String>) {
        if let Some(value) = self.row.cell(id) {
            match validate::text(id, value) {
                Ok(value) => *field = value,
                Err(err) => self.problems.push(self.row.problem(id, reason(err))),
            }
        }
    }

    fn link(&mut self, id: &str, field: &mut Option<String>) {
        if let Some(value) = self.row.cell(id) {
            match validate::link(id, value) {
                Ok(value) => *field = value,
                Err(err) => self.problems.push(self.row.problem(id, reason(err))),
            }
        }
    }

    fn flag(&mut self, id: &str, field: &mut Option<bool>) {
        if let Some(value) = self.row.cell(id) {
            if value.is_empty() {
                *field = None;
            } else {
                match parse_yes_no(value) {
                    Some(value) => *field = Some(value),
                    None => self
                        .problems
                        .push(self.row.problem(id, format!("'{value}' is not yes or no"))),
                }
            }
        }
    }

    fn label<L: Labelled, V: From<L>>(&mut self, id: &str, field: &mut Option<V>) {
        if let Some(value) = self.row.cell(id) {
            if value.is_empty() {
                *field = None;
            } else {
                match L::parse(value) {
                    Some(parsed) => *field = Some(parsed.into()),
                    None => self.problems.push(
                        self.row
                            .problem(id, format!("'{value}' is not one of {}", choices::<L>())),
                    ),
                }
            }
        }
    }
}

type Setter = fn(&mut PurposeLinkDoc, &str) -> std::result::Result<(), String>;

fn set_basis(link: &mut PurposeLinkDoc, value: &str) -> std::result::Result<(), String> {
    let basis = parse_label::<entity::enums::LawfulBasis>(value, "an Art. 6(1) lawful basis")?;
    agree(&mut link.lawful_basis, basis.into(), "lawful basis")
}

fn set_condition(link: &mut PurposeLinkDoc, value: &str) -> std::result::Result<(), String> {
    if let Some(condition) = value.strip_prefix(CRIMINAL_PREFIX) {
        let condition = validate::text("condition", condition)
            .map_err(reason)?
            .unwrap_or_default();
        return agree(
            &mut link.criminal_offence_condition,
            condition,
            "Art. 10 condition",
        );
    }
    let condition =
        parse_label::<entity::enums::SpecialCategoryCondition>(value, "an Art. 9(2) condition")?;
    agree(
        &mut link.special_category_condition,
        condition.into(),
        "Art. 9 condition",
    )
}

fn set_interest(link: &mut PurposeLinkDoc, value: &str) -> std::result::Result<(), String> {
    let interest = validate::text("legitimate interest", value)
        .map_err(reason)?
        .unwrap_or_default();
    agree(
        &mut link.legitimate_interest,
        interest,
        "legitimate interest",
    )
}

fn set_assessment(link: &mut PurposeLinkDoc, value: &str) -> std::result::Result<(), String> {
    let url = validate::link("assessment", value)
        .map_err(reason)?
        .unwrap_or_default();
    agree(
        &mut link.legitimate_interests_assessment_url,
        url,
        "legitimate interests assessment",
    )
}

/// Sets a purpose link's field, refusing a second, different value.
fn agree<T: PartialEq>(
    field: &mut Option<T>,
    value: T,
    what: &str,
) -> std::result::Result<(), String> {
    match field {
        Some(existing) if *existing != value => Err(format!(
            "the row gives one purpose two different values for its {what}; give each purpose one"
        )),
        _ => {
            *field = Some(value);
            Ok(())
        }
    }
}

/// A new entry of its kind, with its key and name and nothing else stated.
fn fresh<D: Entry + Default>(
    key: String,
    what: &str,
    name: &str,
) -> std::result::Result<D, String> {
    let mut doc = D::default();
    doc.set_identity(key, validate::name(what, name).map_err(reason)?);
    Ok(doc)
}

/// The country a detail names.
fn country_detail(item: &Detailed, label: &str) -> std::result::Result<Option<String>, String> {
    item.get(label)
        .map(|country| {
            labels::parse_country(country)
                .ok_or_else(|| format!("'{country}' is not a country this record knows"))
        })
        .transpose()
}

fn text_detail(item: &Detailed, label: &str) -> std::result::Result<Option<String>, String> {
    item.get(label)
        .map(|value| validate::text(label, value).map_err(reason))
        .transpose()
        .map(Option::flatten)
}

fn link_detail(item: &Detailed, label: &str) -> std::result::Result<Option<String>, String> {
    item.get(label)
        .map(|value| validate::link(label, value).map_err(reason))
        .transpose()
        .map(Option::flatten)
}

fn parse_label<L: Labelled>(value: &str, what: &str) -> std::result::Result<L, String> {
    L::parse(value)
        .ok_or_else(|| format!("'{value}' is not {what}; write one of {}", choices::<L>()))
}

/// "Name (processor)": a kind written after the name without its label.
fn bare_label<L: Labelled>(item: &Detailed) -> (String, Option<L>) {
    if item.details.is_empty()
        && let Some((name, inner)) = item
            .name
            .strip_suffix(')')
            .and_then(|rest| rest.rsplit_once(" ("))
        && let Some(kind) = L::parse(inner)
    {
        return (name.trim().to_owned(), Some(kind));
    }
    (item.name.clone(), None)
}

fn choices<L: Labelled>() -> String {
    L::iter()
        .map(|value| format!("'{}'", value.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn folded(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The reason of a validation error, without its field (the problem names
/// the column).
fn reason(err: Error) -> String {
    match err {
        Error::Invalid { reason, .. } => reason,
        other => other.to_string(),
    }
}

fn write_key(write: &Write) -> (EntityKind, &str) {
    match write {
        Write::Organization(doc) => (EntityKind::Organization, doc.key.as_str()),
        Write::Purpose(doc) => (EntityKind::Purpose, doc.key.as_str()),
        Write::RetentionRule(doc) => (EntityKind::RetentionRule, doc.key.as_str()),
        Write::DataCategory(doc) => (EntityKind::DataCategory, doc.key.as_str()),
        Write::DataSubject(doc) => (EntityKind::DataSubjectCategory, doc.key.as_str()),
        Write::Source(doc) => (EntityKind::Source, doc.key.as_str()),
        Write::Recipient(doc) => (EntityKind::Recipient, doc.key.as_str()),
        Write::Transfer(doc) => (EntityKind::Transfer, doc.key.as_str()),
        Write::System(doc) => (EntityKind::System, doc.key.as_str()),
        Write::SecurityMeasure(doc) => (EntityKind::SecurityMeasure, doc.key.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_have_spreadsheet_letters() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(29), "AD");
        assert_eq!(letter(51), "AZ");
        assert_eq!(letter(52), "BA");
    }

    #[test]
    fn a_kind_may_follow_the_name_unlabelled() {
        let item = read_detailed("Payroll bureau (processor)", RECIPIENT_DETAILS);
        let (name, kind) = bare_label::<entity::enums::RecipientKind>(&item);
        assert_eq!(name, "Payroll bureau");
        assert_eq!(kind, Some(entity::enums::RecipientKind::Processor));
        let item = read_detailed("Acme (UK) Ltd", RECIPIENT_DETAILS);
        assert_eq!(bare_label::<entity::enums::RecipientKind>(&item).1, None);
    }
}
