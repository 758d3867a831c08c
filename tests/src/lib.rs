//! Integration tests over the real spec pages; the tests live in `tests/tests/`.
//!
//! This library holds what several test files share.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// Every spec page: its path relative to the repository root, and its text.
///
/// # Panics
///
/// When `specs/` or a page in it cannot be read: the tests need them.
pub fn spec_pages() -> Vec<(String, String)> {
    let root = repo_root();
    codegen::specs::find_pages(&root.join("specs"))
        .expect("specs/ is readable")
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("spec pages are UTF-8");
            let relative = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            (relative, text)
        })
        .collect()
}

/// Makes the collapsed capture of `text`: every `<...>` span removed (a `<`
/// with no `>` after it is kept), then every whitespace run made one space.
///
/// Leading and trailing whitespace (such as a final newline) is dropped rather
/// than kept as one space: the collapsed captures in `specs/` neither start nor
/// end with a space, and `collapsed_pages_are_fixed_points` checks exactly that.
pub fn collapse(text: &str) -> String {
    let mut without_spans = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        without_spans.push_str(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    without_spans.push_str(rest);
    without_spans
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
