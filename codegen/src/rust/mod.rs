//! Rendering the IR as Rust for the `generated/` crate: names, rustdoc-safe
//! docs, and the emitter.

pub mod calls;
pub mod docs;
mod emit;
pub mod names;
pub mod plan;
mod roundtrip;

pub use emit::{rust_files, rust_files_planned};
pub use roundtrip::{roundtrip_tests, roundtrip_tests_planned};
