use std::process::ExitCode;

use clap::Parser;
use ropa::cli::{self, Cli};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    ropa::telemetry::init(cli.log_format, &cli.log_filter);
    match cli::run(cli).await {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
