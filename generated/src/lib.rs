//! Typed Rust bindings for the Wix REST APIs.
//!
//! The bindings are generated from the API reference pages in `specs/` by
//! `cargo xtask codegen`. Until the emitter lands this crate holds no API
//! modules yet.
