//! The `ropa` binary run as a user runs it: commands, and servers that are
//! stopped when the test ends, however it ends.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection};

pub const ROPA: &str = env!("CARGO_BIN_EXE_ropa");

/// Runs `ropa` with `args` to the end.
pub fn ropa(args: &[&str]) -> Output {
    Command::new(ROPA).args(args).output().expect("ropa runs")
}

/// A running `ropa serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// Where it listens, as it logged it.
    pub address: String,
    /// Its log lines up to the one that said where it listens.
    pub startup_log: Vec<String>,
}

impl Server {
    /// Starts `ropa serve` on a free loopback port with `args` added, and
    /// waits until it listens. Its stdout is left for the caller; its log
    /// (stderr) is read, so that a chatty server never blocks on a full pipe.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(ROPA)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "info")
            .env("ROPA_LOG_FORMAT", "json")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ropa serve starts");
        let Some(stderr) = child.stderr.take() else {
            unreachable!("stderr is piped")
        };
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                // The receiver goes away once the server listens; the rest of
                // the log is read and dropped.
                let _ = sender.send(line);
            }
        });
        // Made before it listens, so that a server that fails to start is
        // killed all the same.
        let mut server = Server {
            child,
            address: String::new(),
            startup_log: Vec::new(),
        };
        loop {
            let Ok(line) = receiver.recv_timeout(Duration::from_secs(60)) else {
                panic!("the server did not start: {:#?}", server.startup_log);
            };
            let record: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
            server.startup_log.push(line);
            if let Some(address) = record["fields"]["address"].as_str() {
                server.address = address.to_owned();
                return server;
            }
        }
    }

    pub fn stdout(&mut self) -> ChildStdout {
        self.child.stdout.take().expect("stdout is taken once")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Sends SIGTERM and waits: whether it stopped cleanly.
    pub fn terminate(mut self) -> bool {
        let signalled = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|status| status.success());
        signalled && self.child.wait().is_ok_and(|status| status.success())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A PostgreSQL schema of its own for a test that runs processes, and its
/// URL for them. `finish` drops it; one a failed test leaves behind is swept
/// by a later run.
pub struct ScratchSchema {
    admin: DatabaseConnection,
    name: String,
    pub url: String,
}

impl ScratchSchema {
    pub async fn create(url: &str) -> ScratchSchema {
        let admin = ropa::db::connect(url)
            .await
            .expect("connect to TEST_DATABASE_URL");
        super::sweep_old_schemas(&admin).await;
        let name = super::unique_schema_name();
        admin
            .execute_unprepared(&format!("CREATE SCHEMA \"{name}\""))
            .await
            .expect("create test schema");
        let separator = if url.contains('?') { '&' } else { '?' };
        ScratchSchema {
            admin,
            url: format!("{url}{separator}options=-csearch_path%3D{name}"),
            name,
        }
    }

    pub async fn finish(self) {
        self.admin
            .execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.name))
            .await
            .expect("drop test schema");
    }
}
