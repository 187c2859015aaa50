//! The inventories `serve --demo` applies to an empty database, so that a
//! first-time user has something real to look at: the shared catalogue and
//! the five organisations modelled from their public privacy policies.

use entity::organization;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::domain::audit::Actor;
use crate::error::Result;
use crate::inventory::{self, ApplyOptions, SourceText};

/// The seed inventories, compiled in so the binary works from any directory.
pub const SEEDS: [(&str, &str); 6] = [
    ("seeds/catalog.toml", include_str!("../seeds/catalog.toml")),
    (
        "seeds/cloudinary.toml",
        include_str!("../seeds/cloudinary.toml"),
    ),
    (
        "seeds/mesosphere-cloud.toml",
        include_str!("../seeds/mesosphere-cloud.toml"),
    ),
    (
        "seeds/mesosphere-website.toml",
        include_str!("../seeds/mesosphere-website.toml"),
    ),
    ("seeds/minio.toml", include_str!("../seeds/minio.toml")),
    (
        "seeds/mirantis.toml",
        include_str!("../seeds/mirantis.toml"),
    ),
];

/// Applies the seeds when there is no organisation yet; says whether it did.
pub async fn load_if_empty(db: &DatabaseConnection) -> Result<bool> {
    if organization::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let sources: Vec<SourceText> = SEEDS
        .iter()
        .map(|(name, text)| SourceText::new(*name, *text))
        .collect();
    inventory::apply(
        db,
        &Actor::server("demo"),
        &sources,
        ApplyOptions::default(),
    )
    .await?;
    Ok(true)
}
