pub mod db;
pub mod domain;
pub mod error;

pub use error::{Error, Result};
