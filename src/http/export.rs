//! `GET /export/article30/{organization}.{csv,xlsx,json}`: the Article 30
//! record for a signed-in viewer, `?role=processor` for the processor
//! record, `?excel=true` for CSV with a byte order mark and CRLF. CSV and
//! JSON stream as they are written, so a large record never sits whole in
//! memory; the workbook is written to temporary files first, as a zip
//! archive must be.

use std::io::Write;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::mpsc;

use super::{AppState, MediaType, authenticate};
use crate::article30::csv::CsvOptions;
use crate::article30::{self, Record, RecordKind};
use crate::domain::vocabulary::Role;
use crate::error::{Error, Result};
use crate::graph::Inventory;

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub excel: Option<bool>,
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
    Json,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Json => "application/json; charset=utf-8",
        }
    }
}

pub async fn article30(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(query): Query<ExportQuery>,
) -> Response {
    let principal = match authenticate(&app, &headers, MediaType::Json).await {
        Ok(principal) => principal,
        Err(response) => return response,
    };
    if let Err(error) = principal.require(Role::Viewer, "export the Article 30 record") {
        return error.into_response();
    }
    match respond(&app, &file, query).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

/// The record file `file` (`minio.csv`) as a download, for a caller
/// already allowed to export.
pub(crate) async fn respond(app: &AppState, file: &str, query: ExportQuery) -> Result<Response> {
    let (organization, format) = parse_file(file)?;
    let kind = match query.role.as_deref() {
        None | Some("controller") => RecordKind::Controller,
        Some("processor") => RecordKind::Processor,
        Some(other) => {
            return Err(Error::invalid(
                "role",
                format!("role '{other}' is not a record; use 'controller' or 'processor'"),
            ));
        }
    };
    let options = CsvOptions {
        excel: query.excel.unwrap_or(false),
    };
    let graph = Arc::new(Inventory::load_current(&app.db).await?);
    // Refuse an unknown organisation with a 404 before the body starts.
    Record::new(&graph, &organization, kind)?;
    let suffix = match kind {
        RecordKind::Controller => "",
        RecordKind::Processor => "-processor",
    };
    let extension = file.rsplit('.').next().unwrap_or_default();
    let disposition =
        format!("attachment; filename=\"{organization}-article30{suffix}.{extension}\"");
    let body = match format {
        Format::Xlsx => {
            let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>> {
                let mut workbook = std::io::Cursor::new(Vec::new());
                article30::xlsx::write(&graph, &organization, &mut workbook)?;
                Ok(workbook.into_inner())
            })
            .await
            .map_err(|err| Error::Io(std::io::Error::other(err)))??;
            Body::from(bytes)
        }
        Format::Csv | Format::Json => stream(move |out| {
            let record = Record::new(&graph, &organization, kind)?;
            match format {
                Format::Json => article30::json::write(&record, out),
                _ => article30::csv::write(&record, out, options),
            }
        }),
    };
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `minio.csv` → (`minio`, CSV).
fn parse_file(file: &str) -> Result<(String, Format)> {
    let (organization, extension) = file.rsplit_once('.').unwrap_or((file, ""));
    let format = match extension {
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        "json" => Format::Json,
        _ => {
            return Err(Error::invalid(
                "format",
                format!(
                    "'{file}' names no format the record is written in; ask for {organization}.csv, {organization}.xlsx or {organization}.json"
                ),
            ));
        }
    };
    Ok((organization.to_owned(), format))
}

const CHUNK: usize = 64 * 1024;

/// A body fed by `write`, run on a blocking thread, chunk by chunk.
fn stream<F>(write: F) -> Body
where
    F: FnOnce(&mut ChunkWriter) -> Result<()> + Send + 'static,
{
    let (sender, receiver) = mpsc::channel::<std::io::Result<Bytes>>(4);
    tokio::task::spawn_blocking(move || {
        let mut out = ChunkWriter {
            sender: sender.clone(),
            buffer: Vec::with_capacity(CHUNK),
        };
        let written = write(&mut out).and_then(|()| Ok(out.flush()?));
        if let Err(error) = written {
            tracing::error!(error = %error, "the Article 30 export stopped part way");
            // The client sees the body end in an error, never a short file
            // that looks whole.
            let _ = sender.blocking_send(Err(std::io::Error::other("export failed")));
        }
    });
    Body::from_stream(futures::stream::unfold(receiver, |mut receiver| async {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    }))
}

struct ChunkWriter {
    sender: mpsc::Sender<std::io::Result<Bytes>>,
    buffer: Vec<u8>,
}

impl Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))
    }
}
