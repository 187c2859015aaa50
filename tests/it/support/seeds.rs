//! The seed inventories in `seeds/`, for tests of what the graph gives.

use ropa::domain::audit::Actor;
use ropa::inventory::{self, ApplyOptions, SourceText};

use super::TestApp;

/// The organisations' seed inventories: `seeds/*.toml` but the catalogue,
/// as (file name, organisation key = file stem, text), sorted.
pub fn seed_files() -> Vec<(String, String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut seeds: Vec<(String, String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .filter(|path| path.file_stem().is_some_and(|stem| stem != "catalog"))
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            (format!("seeds/{stem}.toml"), stem, text)
        })
        .collect();
    seeds.sort();
    seeds
}

pub const CATALOG: &str = include_str!("../../../seeds/catalog.toml");

/// Applies the catalogue and every seed; returns the organisation keys.
pub async fn apply_all(app: &TestApp) -> Vec<String> {
    let seeds = seed_files();
    let mut sources = vec![SourceText::new("seeds/catalog.toml", CATALOG)];
    sources.extend(
        seeds
            .iter()
            .map(|(name, _, text)| SourceText::new(name.clone(), text.clone())),
    );
    inventory::apply(&app.db, &Actor::cli(), &sources, ApplyOptions::default())
        .await
        .unwrap();
    seeds.into_iter().map(|(_, key, _)| key).collect()
}

/// Applies one inventory text, which must apply.
pub async fn apply_text(app: &TestApp, name: &str, text: &str) {
    let sources = [SourceText::new(name, text)];
    inventory::apply(&app.db, &Actor::cli(), &sources, ApplyOptions::default())
        .await
        .unwrap();
}
