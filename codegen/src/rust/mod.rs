//! Rendering the IR as Rust for the `generated/` crate: names, rustdoc-safe
//! docs, and the emitter.

pub mod calls;
pub mod docs;
mod emit;
pub mod names;
pub mod plan;
pub mod query;
mod roundtrip;

pub use emit::rust_files;
pub use query::documented_file as query_documented_file;
pub use roundtrip::roundtrip_tests;
