use std::process::ExitCode;

use clap::Parser;
use ropa::cli::{self, Cli};

/// The engine allocates many small values (a graph's rows, a record's
/// cells) on several threads; mimalloc renders a large record about twice
/// as fast as the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    ropa::telemetry::init(cli.log_format, cli.log_filter());
    match cli::run(cli).await {
        Ok(code) => code,
        Err(err) if closed_early(&err) => ExitCode::FAILURE,
        Err(err) => {
            // Problems in inventory files: one line each, as compilers do.
            if let Some(ropa::Error::InvalidInventory { problems }) = err.downcast_ref() {
                for problem in problems {
                    eprintln!("{problem}");
                }
                eprintln!("error: {} problem(s); nothing was written", problems.len());
            } else if let Some(ropa::Error::InvalidRecord { problems }) = err.downcast_ref() {
                for problem in problems {
                    eprintln!("{problem}");
                }
                eprintln!(
                    "error: {} row problem(s); nothing was written (--skip-invalid imports the other rows)",
                    problems.len()
                );
            } else {
                eprintln!("error: {err:#}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Output piped into a reader that stopped (`| head`): nothing to say.
fn closed_early(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || matches!(
                cause.downcast_ref::<ropa::Error>(),
                Some(ropa::Error::Io(io)) if io.kind() == std::io::ErrorKind::BrokenPipe
            )
    })
}
