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

/// At most this many pages in one job on a core: a core that runs out of
/// work takes more from another, but not from inside a job it has started,
/// so a large job would leave the first core idle at a stage's end.
/// Packages, modules and files are a job each.
pub(crate) const PAGES_PER_JOB: usize = 16;
pub use page::Page;
pub use reader::{read_page, read_page_text, ReadPage};
