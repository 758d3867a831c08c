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
