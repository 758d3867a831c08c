//! Each SDK module is a Cargo feature of `wix-apis`: the crate builds, and
//! its docs build without warnings, with any one module's feature alone, so a
//! downstream crate can compile only the module it uses. The features are
//! the ones `generated/Cargo.toml` declares, which codegen writes from the IR.

use std::path::Path;
use std::process::Command;

use codegen::rust::plan::CratePlan;

/// Runs cargo on the repository's `wix-apis` with `args`, warnings denied,
/// in a target directory of its own (shared with the hostile-text crate's
/// builds, which have the same dependencies).
fn cargo_on_wix_apis(args: &[&str], doc: bool) {
    let root = tests::repo_root();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .args(args)
        .arg("--manifest-path")
        .arg(root.join("generated/Cargo.toml"))
        .args(["--offline", "--locked"])
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    if doc {
        command.env("RUSTDOCFLAGS", "-D warnings");
    } else {
        command.env_remove("RUSTDOCFLAGS");
    }
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` failed:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_module_builds_alone_and_its_docs_too() {
    let ir = tests::spec_ir();
    let plan = CratePlan::of(&ir);
    let features: Vec<&str> = plan
        .packages
        .iter()
        .flat_map(|p| &p.modules)
        .map(|m| m.feature.as_str())
        .collect();
    assert!(features.len() >= 3, "the specs have several modules");
    let manifest = std::fs::read_to_string(tests::repo_root().join("generated/Cargo.toml"))
        .expect("generated/Cargo.toml");
    for feature in &features {
        assert!(
            manifest.contains(&format!("\n{feature} = []\n")),
            "generated/Cargo.toml lacks {feature}"
        );
        cargo_on_wix_apis(
            &[
                "check",
                "--lib",
                "--no-default-features",
                "--features",
                feature,
            ],
            false,
        );
    }
    cargo_on_wix_apis(
        &[
            "doc",
            "--no-deps",
            "--no-default-features",
            "--features",
            features[0],
        ],
        true,
    );
    // No module at all: the runtime alone.
    cargo_on_wix_apis(&["check", "--lib", "--no-default-features"], false);
}

#[test]
fn a_module_feature_leaves_the_other_modules_out() {
    let ir = tests::spec_ir();
    let plan = CratePlan::of(&ir);
    let package = &plan.packages[0];
    let lib =
        std::fs::read_to_string(tests::repo_root().join("generated/src/lib.rs")).expect("lib.rs");
    let package_mod = std::fs::read_to_string(
        tests::repo_root().join(format!("generated/src/{}/mod.rs", package.feature)),
    )
    .expect("the package module");
    for module in &package.modules {
        // The module and its client accessor are behind the module's feature.
        let gate = format!("#[cfg(feature = \"{}\")]", module.feature);
        assert!(
            package_mod.matches(&gate).count() >= 2,
            "{} is not gated by {gate}",
            module.module
        );
        assert!(lib.contains(&format!("feature = \"{}\"", module.feature)));
    }
}
