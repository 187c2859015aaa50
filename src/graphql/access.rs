//! Which role a GraphQL operation needs, decided from its root fields
//! before anything runs: reading needs a viewer, changing the inventory an
//! editor, managing tokens an admin.

use std::collections::HashSet;

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};

use crate::domain::vocabulary::Role;

/// Root fields only an admin may use.
const ADMIN_FIELDS: [&str; 4] = [
    "apiTokens",
    "createApiToken",
    "revokeApiToken",
    "publishNotice",
];

/// The role the operation a request selects needs, and what it does, for
/// the refusal message. A document that does not parse needs only a viewer:
/// the executor reports what is wrong with it.
pub fn required_role(query: &str, operation_name: Option<&str>) -> (Role, &'static str) {
    let Ok(document) = async_graphql::parser::parse_query(query) else {
        return (Role::Viewer, "read the inventory");
    };
    let operation = match (&document.operations, operation_name) {
        (DocumentOperations::Single(operation), _) => Some(&operation.node),
        (DocumentOperations::Multiple(operations), Some(name)) => {
            operations.get(name).map(|operation| &operation.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    };
    let Some(operation) = operation else {
        return (Role::Viewer, "read the inventory");
    };
    let mut fields = HashSet::new();
    root_fields(&document, &operation.selection_set.node, &mut fields, 0);
    if fields.contains("publishNotice") {
        return (Role::Admin, "publish notices");
    }
    if fields
        .iter()
        .any(|field| ADMIN_FIELDS.contains(&field.as_str()))
    {
        return (Role::Admin, "manage API tokens");
    }
    match operation.ty {
        OperationType::Mutation => (Role::Editor, "change the inventory"),
        _ => (Role::Viewer, "read the inventory"),
    }
}

/// The names of the root fields a selection set selects, through fragments.
fn root_fields(
    document: &ExecutableDocument,
    set: &SelectionSet,
    into: &mut HashSet<String>,
    depth: usize,
) {
    // Fragments that spread each other in a circle are refused by
    // validation; the bound only keeps this walk finite until then.
    if depth > 16 {
        return;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                into.insert(field.node.name.node.to_string());
            }
            Selection::InlineFragment(fragment) => {
                root_fields(document, &fragment.node.selection_set.node, into, depth + 1);
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    root_fields(document, &fragment.node.selection_set.node, into, depth + 1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_follows_the_operation_and_its_root_fields() {
        assert_eq!(
            required_role("{ organizations { totalCount } }", None).0,
            Role::Viewer
        );
        assert_eq!(
            required_role(
                "mutation { deleteSource(key: \"s\") { linksRemoved } }",
                None
            )
            .0,
            Role::Editor
        );
        assert_eq!(required_role("{ apiTokens { name } }", None).0, Role::Admin);
        let hidden = "mutation { ...M } fragment M on Mutation { ... on Mutation { revokeApiToken(name: \"x\") { name } } }";
        assert_eq!(required_role(hidden, None).0, Role::Admin);
        let named = "query Read { organizations { totalCount } } mutation Write { deleteSource(key: \"s\") { linksRemoved } }";
        assert_eq!(required_role(named, Some("Write")).0, Role::Editor);
        assert_eq!(required_role(named, Some("Read")).0, Role::Viewer);
        assert_eq!(required_role("{ not valid", None).0, Role::Viewer);
    }
}
