//! A small catalogue most tests build on, created through the API.

use serde_json::json;

use super::TestApp;

/// An organisation and one of each catalogue entry, none linked yet.
pub const CATALOGUE: &str = r#"
mutation Catalogue {
  acme: createOrganization(input: {key: "acme", name: "Acme Analytics GmbH", country: "DE",
    email: "privacy@acme.example", dpoName: "Dana Schutz", dpoEmail: "dpo@acme.example"}) { key }
  marketing: createPurpose(input: {key: "newsletter", name: "Sending the newsletter"}) { key }
  improvement: createPurpose(input: {key: "service-improvement", name: "Improving the service"}) { key }
  identifiers: createDataCategory(input: {key: "identifiers", name: "Identifiers", ccpaCategory: IDENTIFIERS}) { key }
  email: createDataCategory(input: {key: "email-address", name: "Email address", parent: "identifiers"}) { key }
  health: createDataCategory(input: {key: "health-data", name: "Health data", sensitivity: SPECIAL_CATEGORY, specialCategoryKind: HEALTH}) { key }
  subscribers: createDataSubjectCategory(input: {key: "subscribers", name: "Newsletter subscribers"}) { key }
  fromYou: createSource(input: {key: "sign-up-form", name: "The sign-up form", kind: DATA_SUBJECT}) { key }
  cloud: createRecipient(input: {key: "cloud-host", name: "Cloud Host Inc.", kind: PROCESSOR, country: "US"}) { key }
  transfer: createTransfer(input: {key: "cloud-host-us", name: "Mailing list hosted in the US", recipient: "cloud-host",
    country: "US", mechanism: STANDARD_CONTRACTUAL_CLAUSES, sccModule: CONTROLLER_TO_PROCESSOR,
    safeguardUrl: "https://acme.example/scc.pdf"}) { key }
  retention: createRetentionRule(input: {key: "two-years", name: "Two years after the last contact", period: "P2Y",
    runsFrom: "the last contact"}) { key }
  system: createSystem(input: {key: "mailer", name: "Mailing platform", hostingCountry: "US", vendor: "cloud-host"}) { key }
  measure: createSecurityMeasure(input: {key: "encryption", name: "Encryption at rest", kind: TECHNICAL}) { key }
}"#;

pub async fn catalogue(app: &TestApp) {
    app.ok(CATALOGUE, json!({})).await;
}

/// The catalogue and an activity linked to one of everything.
pub async fn linked_activity(app: &TestApp) {
    catalogue(app).await;
    app.ok(
        r#"mutation {
          createProcessingActivity(input: {
            key: "newsletter", name: "Newsletter", organization: "acme",
            purposes: [{purpose: "newsletter", lawfulBasis: CONSENT}],
            dataCategories: [{dataCategory: "email-address", source: "sign-up-form", required: true}],
            dataSubjects: ["subscribers"], recipients: ["cloud-host"], transfers: ["cloud-host-us"],
            retentionRules: ["two-years"], systems: ["mailer"], securityMeasures: ["encryption"]
          }) { key }
        }"#,
        json!({}),
    )
    .await;
}
