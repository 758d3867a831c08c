//! Structure recovery: the true nesting of every field, from evidence.
//!
//! Whitespace-collapsed pages lost their indentation, and multi-line pages
//! print some fields one level too deep. Each field's parent is settled by
//! evidence (indentation where it is trusted, example bodies, dotted paths in
//! the text, the common-types catalogue, what other pages say about a type,
//! and last the maintainers' hints), never by position alone.

pub mod catalogue;
pub mod evidence;
