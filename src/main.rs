#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| ropa::db::DEFAULT_DATABASE_URL.into());
    ropa::db::open(&url).await?;
    Ok(())
}
