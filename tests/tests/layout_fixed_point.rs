//! The emitter writes most Rust as text laid out the way prettyplease lays
//! it out (`codegen/src/rust/layout.rs`), and the rest through prettyplease.
//! Either way every generated Rust file must be exactly what prettyplease
//! prints for it: a file prettyplease would lay out differently means the
//! text layout took a wrong turn somewhere. Checked on the specs and on a
//! mixed corpus of 90 pages (every template page, both capture forms).

use std::path::Path;

use codegen::corpus::{corpus, Form};
use codegen::generate::{self, GeneratedFile, RUST_HEADER};

/// The Rust files generated from the `specs/` under `root`.
fn rust_files(root: &Path) -> Vec<GeneratedFile> {
    let pipeline = codegen::pipeline::run(&root.join("specs"), root).expect("specs/ reads");
    assert!(!pipeline.has_errors(), "the pages build without errors");
    let (Some(ir), Some(plan)) = (&pipeline.ir, &pipeline.plan) else {
        panic!("no IR");
    };
    generate::generated_files_planned(ir, plan)
        .into_iter()
        .filter(|file| {
            std::path::Path::new(&file.path)
                .extension()
                .is_some_and(|extension| extension == "rs")
        })
        .collect()
}

/// The files whose text prettyplease would print otherwise, with the first
/// line that differs.
fn not_as_prettyplease_prints(files: &[GeneratedFile]) -> Vec<String> {
    let mut differing = Vec::new();
    for file in files {
        let body = file
            .contents
            .strip_prefix(RUST_HEADER)
            .and_then(|rest| rest.strip_prefix('\n'))
            .unwrap_or_else(|| panic!("{} starts with the generated header", file.path));
        let syntax = syn::parse_file(body)
            .unwrap_or_else(|error| panic!("{} does not parse: {error}", file.path));
        let printed = prettyplease::unparse(&syntax);
        if printed != body {
            let line = printed
                .lines()
                .zip(body.lines())
                .position(|(a, b)| a != b)
                .map_or_else(|| "the length".to_owned(), |at| format!("line {}", at + 1));
            differing.push(format!("{}: {line}", file.path));
        }
    }
    differing
}

#[test]
fn the_specs_bindings_are_laid_out_as_prettyplease_prints_them() {
    let files = rust_files(&tests::repo_root());
    assert!(files.len() > 10, "{} files", files.len());
    assert_eq!(not_as_prettyplease_prints(&files), Vec::<String>::new());
}

#[test]
fn a_mixed_corpus_s_bindings_are_laid_out_as_prettyplease_prints_them() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("layout-fixed-point");
    let _ = std::fs::remove_dir_all(&root);
    corpus(90, Form::Mixed)
        .write(&root.join("specs"))
        .expect("the corpus can be written");
    let files = rust_files(&root);
    assert!(files.len() > 30, "{} files", files.len());
    assert_eq!(not_as_prettyplease_prints(&files), Vec::<String>::new());
}
