//! Domain services: validation, transactions and version checks for every
//! change to the inventory graph. Adapters (GraphQL, CLI) call these.

pub mod activity;
pub mod activity_form;
pub mod audit;
pub mod data_category;
pub mod data_subject;
pub mod deletion;
pub mod keys;
pub mod kind;
pub mod links;
pub mod listing;
pub mod node;
pub mod organization;
pub mod patch;
pub mod purpose;
pub mod recipient;
pub mod retention;
pub mod rights;
pub mod security_measure;
pub mod source;
pub mod system;
pub mod token;
pub mod transfer;
pub mod validate;
pub mod vocabulary;
pub mod write;
