//! Domain services: validation, transactions and version checks for every
//! change to the inventory graph. Adapters (GraphQL, CLI) call these.

pub mod kind;
