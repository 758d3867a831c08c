//! The Wix API binding generator's library: it reads captured reference pages
//! (`specs/`) into a page model, with every problem reported by file and
//! position.
//!
//! Data flows one way: [`source`] text -> [`reader`] -> [`page`] model.

pub mod corpus;
pub mod diagnostics;
pub mod generate;
pub mod ir;
mod json;
pub mod openapi;
pub mod page;
pub mod pipeline;
pub mod reader;
pub mod recovery;
pub mod rust;
pub mod source;
pub mod specs;

pub use diagnostics::{Diagnostic, Problem, Severity};
pub use page::Page;
pub use reader::{read_page, read_page_text, ReadPage};
