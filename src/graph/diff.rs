//! What changed between two states of the graph, as audit entries: the
//! same entries the API writes for the same changes made one by one, so
//! that a history reads alike however the inventory was edited.

use std::collections::{BTreeMap, BTreeSet};

use entity::enums::AuditAction;
use entity::{
    activity_controller, activity_data_subject, activity_recipient, activity_retention,
    activity_security_measure, activity_system, activity_transfer, data_category,
    data_category_retention, data_subject_category, organization, processing_activity, purpose,
    recipient, retention_rule, security_measure, source, system, transfer,
};
use sea_orm::{ModelTrait, Value};
use serde_json::Value as Json;

use crate::domain::audit::{self, Change};
use crate::domain::kind::EntityKind;
use crate::graph::{InGraph, Inventory, LinksInGraph};

/// The entries that take the graph from `before` to `after`: entities
/// created and updated, links made and removed, entities deleted (each
/// with the keys of the links it took with it).
pub fn changes(before: &Inventory, after: &Inventory) -> Vec<Change> {
    let mut diff = Diff {
        before,
        after,
        written: Vec::new(),
        links: Vec::new(),
        unlinks: Vec::new(),
        deleted_links: BTreeMap::new(),
    };
    diff.simple_links::<activity_controller::Entity>();
    diff.simple_links::<activity_data_subject::Entity>();
    diff.simple_links::<activity_recipient::Entity>();
    diff.simple_links::<activity_transfer::Entity>();
    diff.simple_links::<activity_retention::Entity>();
    diff.simple_links::<activity_system::Entity>();
    diff.simple_links::<activity_security_measure::Entity>();
    diff.simple_links::<data_category_retention::Entity>();
    diff.purpose_links();
    diff.data_category_links();
    let mut deleted = Vec::new();
    diff.entities::<organization::Entity>(&mut deleted);
    diff.entities::<processing_activity::Entity>(&mut deleted);
    diff.entities::<purpose::Entity>(&mut deleted);
    diff.entities::<data_category::Entity>(&mut deleted);
    diff.entities::<data_subject_category::Entity>(&mut deleted);
    diff.entities::<source::Entity>(&mut deleted);
    diff.entities::<recipient::Entity>(&mut deleted);
    diff.entities::<transfer::Entity>(&mut deleted);
    diff.entities::<retention_rule::Entity>(&mut deleted);
    diff.entities::<system::Entity>(&mut deleted);
    diff.entities::<security_measure::Entity>(&mut deleted);
    let mut changes = diff.written;
    changes.extend(diff.links);
    changes.extend(diff.unlinks);
    changes.extend(deleted);
    changes
}

/// The links a deleted entity had: the keys at their other ends, by kind.
type DeletedLinks = BTreeMap<&'static str, BTreeSet<String>>;

struct Diff<'a> {
    before: &'a Inventory,
    after: &'a Inventory,
    written: Vec<Change>,
    links: Vec<Change>,
    unlinks: Vec<Change>,
    deleted_links: BTreeMap<(EntityKind, i32), DeletedLinks>,
}

impl Diff<'_> {
    fn entities<E: InGraph>(&mut self, deleted: &mut Vec<Change>)
    where
        E::Model: PartialEq,
    {
        let (old, new) = (E::table(self.before), E::table(self.after));
        for row in new.all() {
            let previous = old.get(E::id(row));
            if previous != Some(row) {
                self.written
                    .extend(Change::of_entity::<E>(previous, Some(row)));
            }
        }
        for row in old.all() {
            if new.get(E::id(row)).is_some() {
                continue;
            }
            let Some(mut change) = Change::of_entity::<E>(Some(row), None) else {
                continue;
            };
            // As a delete through the API records it: the row, and the
            // links that went with it.
            if let Some(links) = self.deleted_links.remove(&(E::KIND, E::id(row))) {
                let links: serde_json::Map<String, Json> = links
                    .into_iter()
                    .map(|(kind, keys)| (kind.to_owned(), keys.into_iter().collect()))
                    .collect();
                let mut described = serde_json::Map::new();
                described.insert(
                    E::KIND.as_str().to_owned(),
                    change.before.unwrap_or_default(),
                );
                described.insert("links".to_owned(), Json::Object(links));
                change.before = Some(Json::Object(described));
            }
            deleted.push(change);
        }
    }

    /// The key of entity `id` of `E` on either side of the change.
    fn key_of<E: InGraph>(&self, id: i32) -> Option<String> {
        E::table(self.after)
            .get(id)
            .or_else(|| E::table(self.before).get(id))
            .map(|row| E::key(row).to_owned())
    }

    fn owner_deleted<E: InGraph>(&self, id: i32) -> bool {
        E::table(self.after).get(id).is_none()
    }

    /// A link that is gone: part of its owner's delete entry if the owner
    /// went, else an unlink entry of its own.
    fn removed<From: InGraph, To: InGraph>(&mut self, from: i32, to: i32, fields: Option<Json>) {
        let (Some(owner), Some(target)) = (self.key_of::<From>(from), self.key_of::<To>(to)) else {
            return;
        };
        if self.owner_deleted::<From>(from) {
            self.deleted_links
                .entry((From::KIND, from))
                .or_default()
                .entry(To::KIND.as_str())
                .or_default()
                .insert(target);
            return;
        }
        let ends = ((From::KIND, owner.as_str()), (To::KIND, target.as_str()));
        let change = Change::of_link(AuditAction::Unlink, ends.0, ends.1, (fields, None));
        self.unlinks.push(change);
    }

    fn made<From: InGraph, To: InGraph>(
        &mut self,
        (from, to): (i32, i32),
        fields: (Option<Json>, Option<Json>),
    ) {
        let (Some(owner), Some(target)) = (self.key_of::<From>(from), self.key_of::<To>(to)) else {
            return;
        };
        let ends = ((From::KIND, owner.as_str()), (To::KIND, target.as_str()));
        self.links
            .push(Change::of_link(AuditAction::Link, ends.0, ends.1, fields));
    }

    fn simple_links<L: LinksInGraph>(&mut self)
    where
        L::From: InGraph,
        L::To: InGraph,
    {
        let pairs = |graph: &Inventory| -> BTreeSet<(i32, i32)> {
            L::rows(graph)
                .iter()
                .filter_map(|row| match (row.get(L::FROM), row.get(L::TO)) {
                    (Value::Int(Some(from)), Value::Int(Some(to))) => Some((from, to)),
                    _ => None,
                })
                .collect()
        };
        let (old, new) = (pairs(self.before), pairs(self.after));
        for &pair in new.difference(&old) {
            self.made::<L::From, L::To>(pair, (None, None));
        }
        for &(from, to) in old.difference(&new) {
            self.removed::<L::From, L::To>(from, to, None);
        }
    }

    fn purpose_links(&mut self) {
        let fields = |graph: &Inventory| -> AttributedLinks {
            graph
                .activity_purposes
                .iter()
                .map(|row| {
                    let fields = audit::purpose_link_fields(row);
                    ((row.activity_id, row.purpose_id, None), fields)
                })
                .collect()
        };
        self.attributed_links::<purpose::Entity>(fields(self.before), fields(self.after));
    }

    fn data_category_links(&mut self) {
        // One activity may take a category from several sources: each
        // (category, source) pair is a link of its own.
        let fields = |graph: &Inventory| -> AttributedLinks {
            graph
                .activity_data_categories
                .iter()
                .map(|row| {
                    let source = row
                        .source_id
                        .and_then(|id| self.key_of::<source::Entity>(id));
                    let fields = audit::data_category_link_fields(source.as_deref(), row.required);
                    (
                        (row.activity_id, row.data_category_id, row.source_id),
                        fields,
                    )
                })
                .collect()
        };
        self.attributed_links::<data_category::Entity>(fields(self.before), fields(self.after));
    }

    /// Links from activities to `To` with attributes of their own: a link
    /// whose attributes change is made again, with its old attributes.
    fn attributed_links<To: InGraph>(&mut self, old: AttributedLinks, new: AttributedLinks) {
        for (&(activity, target, qualifier), fields) in &new {
            let previous = old.get(&(activity, target, qualifier));
            if previous != Some(fields) {
                self.made::<processing_activity::Entity, To>(
                    (activity, target),
                    (previous.cloned(), Some(fields.clone())),
                );
            }
        }
        for (link, fields) in old {
            if !new.contains_key(&link) {
                self.removed::<processing_activity::Entity, To>(link.0, link.1, Some(fields));
            }
        }
    }
}

/// Links with attributes by (activity, target, source where it matters).
type AttributedLinks = BTreeMap<(i32, i32, Option<i32>), Json>;
