//! Snapshots of the Rust the emitter writes for each spec page on its own:
//! the page alone is read, recovered (with the hints about that page) and
//! built into an IR, and every file `codegen::rust::rust_files` makes from it
//! is snapshotted as `<page>__<file>` (e.g. `query-resources__bookings__resources.rs`).
//!
//! Review changes with `cargo insta review` (or accept them with
//! `INSTA_UPDATE=always cargo test -p tests --test emitted_snapshots`).

use codegen::pipeline::run_on;
use codegen::specs::read_specs;

/// `hints` (the text of `specs/hints.yaml`) with only the entries about
/// `spec_path`: a hint about another page would be unused when `spec_path`
/// is recovered alone.
fn hints_for(hints: &str, spec_path: &str) -> String {
    let mut document: serde_yaml::Value =
        serde_yaml::from_str(hints).expect("specs/hints.yaml is YAML");
    let serde_yaml::Value::Mapping(sections) = &mut document else {
        panic!("specs/hints.yaml is a mapping");
    };
    for (_, entries) in sections.iter_mut() {
        if let serde_yaml::Value::Sequence(entries) = entries {
            entries.retain(|entry| {
                entry.get("page").and_then(serde_yaml::Value::as_str) == Some(spec_path)
            });
        }
    }
    serde_yaml::to_string(&document).expect("the hints serialize")
}

#[test]
fn hints_for_keeps_only_the_page_s_entries() {
    let hints = "placements:\n  - page: a.md\n    tree: response\n    after: x\n    path: y\n  - page: b.md\n    tree: response\n    after: x\n    path: z\nelements: []\n";
    let only_b: serde_yaml::Value = serde_yaml::from_str(&hints_for(hints, "b.md")).unwrap();
    assert_eq!(
        only_b,
        serde_yaml::from_str::<serde_yaml::Value>(
            "placements:\n  - page: b.md\n    tree: response\n    after: x\n    path: z\nelements: []\n"
        )
        .unwrap()
    );
}

#[test]
fn every_spec_page_emits_as_snapshotted() {
    let root = tests::repo_root();
    let hints = tests::spec_hints();
    let files = read_specs(&root.join("specs"), &root).expect("specs/ is readable");
    assert!(files.len() >= 3, "specs/ holds the real pages");
    for file in files {
        let display_path = file.display_path.clone();
        let page_hints = hints_for(&hints, &file.spec_path);
        let stem = std::path::Path::new(&file.spec_path)
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("a page file name")
            .to_owned();
        let pipeline = run_on(vec![file], &page_hints, "specs/hints.yaml");
        let errors: Vec<String> = pipeline
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        assert!(
            errors.is_empty(),
            "{display_path} alone has errors:\n{}",
            errors.join("\n")
        );
        let ir = pipeline
            .ir
            .expect("the IR is built when nothing has errors");
        let emitted = codegen::rust::rust_files(&ir);
        assert!(
            emitted.iter().any(|f| f.path.ends_with("/lib.rs")),
            "{display_path}: no lib.rs"
        );
        for emitted_file in emitted {
            let relative = emitted_file
                .path
                .strip_prefix("generated/src/")
                .unwrap_or_else(|| panic!("{} is outside generated/src/", emitted_file.path));
            let name = format!("{stem}__{}", relative.replace('/', "__"));
            let description = format!("{display_path} alone -> {}", emitted_file.path);
            insta::with_settings!({
                snapshot_path => "snapshots/emitted",
                prepend_module_to_snapshot => false,
                description => description.as_str(),
            }, {
                insta::assert_snapshot!(name, emitted_file.contents);
            });
        }
    }
}
