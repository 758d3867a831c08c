//! Rendering the IR as Rust for the `generated/` crate: names, rustdoc-safe
//! docs, the emitter, and the generated crate's round-trip and HTTP tests.

pub mod calls;
pub mod docs;
mod emit;
mod exchange;
pub mod manifest;
pub mod names;
pub mod plan;
pub mod query;
mod roundtrip;

pub use emit::{rust_files, rust_files_planned};
pub use exchange::{exchange_tests, exchange_tests_planned};
pub use query::documented_file as query_documented_file;
pub use roundtrip::{roundtrip_tests, roundtrip_tests_planned};
