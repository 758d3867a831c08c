//! Snapshots of the page model of every spec page, with its warnings.
//!
//! Review changes with `cargo insta review` (or accept them with
//! `INSTA_UPDATE=always cargo test -p tests --test page_snapshots`).

use serde::Serialize;

#[derive(Serialize)]
struct Snapshot<'a> {
    warnings: Vec<String>,
    page: &'a codegen::Page,
}

#[test]
fn every_spec_page_reads_as_snapshotted() {
    let pages = tests::spec_pages();
    assert!(pages.len() >= 3, "specs/ holds the real pages");
    for (path, text) in pages {
        let read = match codegen::read_page_text(&path, &text) {
            Ok(read) => read,
            Err(diagnostics) => {
                let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                panic!("{path} has errors:\n{}", shown.join("\n"));
            }
        };
        let snapshot = Snapshot {
            warnings: read.warnings.iter().map(ToString::to_string).collect(),
            page: &read.page,
        };
        let yaml = serde_yaml::to_string(&snapshot).expect("the page model serializes");
        let name = path
            .trim_start_matches("specs/")
            .trim_end_matches(".md")
            .replace('/', "__");
        insta::with_settings!({ snapshot_path => "snapshots/pages", prepend_module_to_snapshot => false, description => path.as_str() }, {
            insta::assert_snapshot!(name, yaml);
        });
    }
}
