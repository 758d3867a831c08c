//! The generated files in the repository are what `cargo xtask codegen`
//! makes from `specs/` now (as rust-analyzer's tests check its generated
//! files): a change to a page, the hints or the generator that is not
//! followed by a regeneration fails here.

#[test]
fn generated_files_are_fresh() {
    let ir = tests::spec_ir();
    let files = codegen::generate::generated_files(&ir);
    let drift =
        codegen::generate::check(&tests::repo_root(), &files).expect("the files are readable");
    assert!(
        drift.is_empty(),
        "generated files are out of date:\n{}\nrun `{}` and commit the result",
        drift
            .iter()
            .map(|d| format!("  {d}"))
            .collect::<Vec<_>>()
            .join("\n"),
        codegen::generate::COMMAND
    );
}
