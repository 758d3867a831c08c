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

/// Every spec page read into its page model, with its path.
///
/// # Panics
///
/// When a spec page has errors: the spec pages must read.
pub fn read_spec_pages() -> Vec<(String, codegen::Page)> {
    spec_pages()
        .into_iter()
        .map(|(path, text)| {
            let page = codegen::read_page_text(&path, &text)
                .expect("spec pages read")
                .page;
            (path, page)
        })
        .collect()
}

/// The text of `specs/hints.yaml`.
///
/// # Panics
///
/// When the file cannot be read.
pub fn spec_hints() -> String {
    std::fs::read_to_string(repo_root().join("specs/hints.yaml"))
        .expect("specs/hints.yaml is readable")
}

/// Structure recovery over every spec page with the given hints file text.
pub fn recover_specs(hints: &str) -> codegen::recovery::Recovered {
    let pages = read_spec_pages();
    let specs: Vec<codegen::recovery::SpecPage<'_>> = pages
        .iter()
        .map(|(path, page)| codegen::recovery::SpecPage {
            display_path: path,
            spec_path: path.trim_start_matches("specs/"),
            page,
        })
        .collect();
    codegen::recovery::recover(&specs, hints, "specs/hints.yaml")
}

/// The whole flow (read, recover, build the IR) over `specs/`.
///
/// # Panics
///
/// When `specs/` cannot be read.
pub fn spec_pipeline() -> codegen::pipeline::Pipeline {
    let root = repo_root();
    codegen::pipeline::run(&root.join("specs"), &root).expect("specs/ is readable")
}

/// The IR of every spec page.
///
/// # Panics
///
/// When any stage reports an error: the spec pages must build.
pub fn spec_ir() -> codegen::ir::Ir {
    ir_without_errors(spec_pipeline())
}

/// The IR of a pipeline run.
///
/// # Panics
///
/// When any stage reported an error, listing them.
pub fn ir_without_errors(pipeline: codegen::pipeline::Pipeline) -> codegen::ir::Ir {
    let errors: Vec<String> = pipeline
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(
        errors.is_empty(),
        "the pages have errors:\n{}",
        errors.join("\n")
    );
    pipeline
        .ir
        .expect("the IR is built when nothing has errors")
}

/// How [`type_paths`] writes the paths through arrays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrays {
    /// `a.b.c`, as the recovered trees write them.
    Plain,
    /// `a.b[]`, `a.b[].c`, as the truth files of the synthetic pages write them.
    Marked,
}

/// The JSON paths IR type `id` of `package` declares, expanded through the
/// types its fields refer to (a type already on the way is not expanded
/// again).
///
/// # Panics
///
/// When `id` or a type it refers to is not in the package.
pub fn type_paths(
    package: &codegen::ir::Package,
    id: &codegen::ir::TypeId,
    arrays: Arrays,
) -> std::collections::BTreeSet<String> {
    fn expand(
        package: &codegen::ir::Package,
        id: &codegen::ir::TypeId,
        prefix: &str,
        arrays: Arrays,
        on_way: &mut Vec<codegen::ir::TypeId>,
        out: &mut std::collections::BTreeSet<String>,
    ) {
        let Some(ty) = package.type_def(id) else {
            panic!("type {id:?} is not in the IR");
        };
        let codegen::ir::TypeKind::Object { fields, .. } = &ty.kind else {
            return;
        };
        if on_way.contains(id) {
            return;
        }
        on_way.push(id.clone());
        for field in fields {
            let mut path = if prefix.is_empty() {
                field.name.clone()
            } else {
                format!("{prefix}.{}", field.name)
            };
            if arrays == Arrays::Marked && matches!(field.ty, codegen::ir::Type::Array(_)) {
                path.push_str("[]");
            }
            out.insert(path.clone());
            if let Some(inner) = field.ty.referenced() {
                expand(package, inner, &path, arrays, on_way, out);
            }
        }
        on_way.pop();
    }
    let mut out = std::collections::BTreeSet::new();
    expand(package, id, "", arrays, &mut Vec::new(), &mut out);
    out
}
