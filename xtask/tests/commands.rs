//! Every maintainer command, run as the built `xtask` binary on copies of the
//! repository: each changes nothing but what it says it writes (every file's
//! bytes are compared before and after), and each works on the copy it is run
//! in, wherever the binary was built (two copies share one binary here, as two
//! clones share one `CARGO_TARGET_DIR`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::generate::{OPENAPI_PATH, RUST_HEADER};

/// The repository these tests were built from: only ever copied, never run in.
fn source_repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ has a parent")
        .to_path_buf()
}

/// A directory under the system's temp dir (outside every repository),
/// removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path =
            std::env::temp_dir().join(format!("wix-xtask-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).expect("the temp dir can be made");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies the repository into `to`, leaving out `target/` and `.git`.
fn copy_repo(to: &Path) {
    fn copy_dir(from: &Path, to: &Path, top: bool) {
        std::fs::create_dir_all(to).expect("the copy's directory can be made");
        for entry in std::fs::read_dir(from).expect("the repository is readable") {
            let entry = entry.expect("a directory entry");
            let name = entry.file_name();
            if top && (name == "target" || name == ".git") {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                copy_dir(&path, &to.join(&name), false);
            } else {
                std::fs::copy(&path, to.join(&name)).expect("the file can be copied");
            }
        }
    }
    copy_dir(&source_repo(), to, true);
}

/// A copy of the repository in a temp dir.
fn repo_copy(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    copy_repo(&dir.0);
    dir
}

/// Every file under `root`: its path (relative, `/`-separated) and bytes.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("the copy is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .expect("under the root")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(
                    relative,
                    std::fs::read(&path).expect("the file is readable"),
                );
            }
        }
    }
    files
}

/// The paths whose bytes differ between two snapshots (added, removed or changed).
fn changed(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> BTreeSet<String> {
    before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .cloned()
        .collect()
}

/// Runs `xtask args` in `dir`; fails the test with its output unless it
/// exits as `success` says.
fn xtask(dir: &Path, args: &[&str], success: bool) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the xtask binary runs");
    assert_eq!(
        output.status.success(),
        success,
        "`xtask {}` in {}: {}\nstdout:\n{}\nstderr:\n{}",
        args.join(" "),
        dir.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs `xtask args` in `root` (or `root/subdir`) and returns the paths it changed.
fn changes_of(root: &Path, subdir: &str, args: &[&str], success: bool) -> BTreeSet<String> {
    let before = snapshot(root);
    xtask(&root.join(subdir), args, success);
    changed(&before, &snapshot(root))
}

const PAGE: &str = "specs/bookings/attendance/query-attendance.md";
const DESCRIPTION: &str = "Description: Retrieves up to 100";

/// Puts `word` into the REST method description of the copy's Query
/// Attendance page: it then shows in the OpenAPI document and the Rust docs.
fn mark_page(root: &Path, word: &str) {
    let path = root.join(PAGE);
    let text = std::fs::read_to_string(&path).expect("the page reads");
    assert!(text.contains(DESCRIPTION), "the page has its description");
    let marked = text.replacen(DESCRIPTION, &format!("{DESCRIPTION} {word}"), 1);
    std::fs::write(&path, marked).expect("the page can be written");
}

fn set(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| (*p).to_owned()).collect()
}

fn is_generated_rust(root: &Path, path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e == "rs")
        && std::fs::read_to_string(root.join(path)).is_ok_and(|t| t.starts_with(RUST_HEADER))
}

#[test]
fn reading_commands_change_nothing() {
    let copy = repo_copy("read");
    let root = &copy.0;
    for args in [
        &["check-specs"][..],
        &["page", PAGE],
        &["trees"],
        &["ir"],
        &["codegen", "--check"],
    ] {
        assert_eq!(
            changes_of(root, "", args, true),
            BTreeSet::new(),
            "`xtask {}` changed files",
            args.join(" ")
        );
    }
    // `--timings` reports each stage, and changes nothing either.
    let before = snapshot(root);
    let output = xtask(root, &["codegen", "--check", "--timings"], true);
    assert_eq!(changed(&before, &snapshot(root)), BTreeSet::new());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for stage in ["read", "recover", "ir", "plan", "generate", "total"] {
        assert!(
            stderr
                .lines()
                .any(|line| line.trim_start().starts_with(&format!("{stage}:"))
                    && line.trim_end().ends_with(" s")),
            "no `{stage}` timing in:\n{stderr}"
        );
    }
    // With a stale page, the check fails and still changes nothing.
    mark_page(root, "Stale");
    assert_eq!(
        changes_of(root, "", &["codegen", "--check"], false),
        BTreeSet::new()
    );
}

#[test]
fn openapi_writes_only_the_openapi_document_and_codegen_only_generated_files() {
    let copy = repo_copy("write");
    let root = &copy.0;
    mark_page(root, "Renewed");
    // A generated file that generation no longer produces.
    let stray = "generated/src/stray.rs";
    std::fs::write(
        root.join(stray),
        format!("{RUST_HEADER}pub struct Stray;\n"),
    )
    .expect("the stray file can be written");

    assert_eq!(
        changes_of(root, "", &["openapi"], true),
        set(&[OPENAPI_PATH])
    );
    let openapi = std::fs::read_to_string(root.join(OPENAPI_PATH)).expect("openapi.json reads");
    assert!(openapi.contains("Retrieves up to 100 Renewed"));
    assert!(root.join(stray).exists(), "openapi deleted {stray}");
    // The Rust files are still stale: codegen --check says so.
    let output = xtask(root, &["codegen", "--check"], false);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("stale: generated/src/bookings/attendance.rs"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("extra: {stray}")), "{stderr}");
    assert!(!stderr.contains(OPENAPI_PATH), "{stderr}");

    let before = snapshot(root);
    xtask(root, &["codegen"], true);
    let after = snapshot(root);
    let changes = changed(&before, &after);
    assert!(changes.contains("generated/src/bookings/attendance.rs"));
    assert!(
        changes.contains(stray),
        "codegen deletes a stray generated file"
    );
    assert!(!after.contains_key(stray));
    for path in &changes {
        assert!(
            path == stray || is_generated_rust(root, path),
            "codegen changed {path}, which is not a generated file"
        );
    }
    assert_eq!(
        changes_of(root, "", &["codegen", "--check"], true),
        BTreeSet::new()
    );
    // A second run has nothing left to do.
    assert_eq!(changes_of(root, "", &["codegen"], true), BTreeSet::new());
}

#[test]
fn codegen_writes_nothing_when_a_file_to_write_is_hand_written() {
    let copy = repo_copy("hand");
    let root = &copy.0;
    // Every module is stale, and one of them is now hand-written.
    mark_page(root, "Mine");
    let module = "generated/src/bookings/attendance.rs";
    std::fs::write(root.join(module), "// mine\npub struct Mine;\n").expect("writable");
    let before = snapshot(root);
    let output = xtask(root, &["codegen"], false);
    assert_eq!(changed(&before, &snapshot(root)), BTreeSet::new());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("hand-written: {module}"))
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert!(!stderr.contains("wrote "), "{stderr}");
    // The check lists it with the stale files.
    let output = xtask(root, &["codegen", "--check"], false);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("hand-written: {module}"))
            && stderr.contains(&format!("stale: {OPENAPI_PATH}")),
        "{stderr}"
    );
    // Once it is moved out of the way, codegen writes again.
    std::fs::remove_file(root.join(module)).expect("removable");
    xtask(root, &["codegen"], true);
    assert_eq!(
        changes_of(root, "", &["codegen", "--check"], true),
        BTreeSet::new()
    );
}

#[test]
fn add_spec_writes_only_the_filed_page() {
    let copy = repo_copy("add");
    let root = &copy.0;
    let outside = TempDir::new("add-page");
    let text = std::fs::read_to_string(root.join(PAGE)).expect("the page reads");
    let link = "/bookings/bookings/attendance/query-attendance.md";
    assert!(text.contains(link), "the page has its method link");
    let page = text.replacen(
        link,
        "/bookings/bookings/attendance/query-attendance-again.md",
        1,
    );
    let captured = outside.0.join("captured.md");
    std::fs::write(&captured, &page).expect("the captured page can be written");
    let captured = captured.to_str().expect("a UTF-8 temp path");

    let filed = "specs/bookings/attendance/query-attendance-again.md";
    let before = snapshot(root);
    xtask(root, &["add-spec", captured], true);
    let after = snapshot(root);
    assert_eq!(changed(&before, &after), set(&[filed]));
    assert_eq!(after[filed], page.as_bytes());
    // Filing it again is refused and changes nothing.
    assert_eq!(
        changes_of(root, "", &["add-spec", captured], false),
        BTreeSet::new()
    );
}

#[test]
fn two_copies_sharing_one_binary_each_use_their_own_files() {
    let a = repo_copy("copy-a");
    let b = repo_copy("copy-b");
    mark_page(&a.0, "CopyA");
    mark_page(&b.0, "CopyB");

    // Each copy's IR is read from that copy, from any directory inside it.
    for (copy, own, other) in [(&a, "CopyA", "CopyB"), (&b, "CopyB", "CopyA")] {
        for subdir in ["", "specs/bookings", "generated/src"] {
            let output = xtask(&copy.0.join(subdir), &["ir"], true);
            let ir = String::from_utf8_lossy(&output.stdout);
            assert!(ir.contains(own), "the IR run in {subdir:?} lacks {own}");
            assert!(!ir.contains(other), "the IR run in {subdir:?} has {other}");
        }
    }

    // Writing in one copy writes that copy and leaves the other alone.
    let b_before = snapshot(&b.0);
    let a_changes = changes_of(&a.0, "specs", &["codegen"], true);
    assert!(a_changes.contains(OPENAPI_PATH), "{a_changes:?}");
    assert_eq!(changed(&b_before, &snapshot(&b.0)), BTreeSet::new());
    let a_after = snapshot(&a.0);
    assert_eq!(
        changes_of(&b.0, "", &["openapi"], true),
        set(&[OPENAPI_PATH])
    );
    assert_eq!(changed(&a_after, &snapshot(&a.0)), BTreeSet::new());
    for (copy, own, other) in [(&a, "CopyA", "CopyB"), (&b, "CopyB", "CopyA")] {
        let openapi = std::fs::read_to_string(copy.0.join(OPENAPI_PATH)).expect("reads");
        assert!(openapi.contains(own) && !openapi.contains(other));
    }
}

#[test]
fn outside_a_repository_commands_stop_with_a_clear_error() {
    let outside = TempDir::new("outside");
    let before = snapshot(&outside.0);
    let output = xtask(&outside.0, &["check-specs"], false);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("is not inside the repository")
            && stderr.contains("run `cargo xtask` from inside a clone"),
        "{stderr}"
    );
    assert_eq!(changed(&before, &snapshot(&outside.0)), BTreeSet::new());
    // Reading one page needs no repository.
    let page = source_repo().join(PAGE);
    let output = xtask(
        &outside.0,
        &["page", page.to_str().expect("a UTF-8 path")],
        true,
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("method_name"));
}

#[test]
fn corpus_writes_only_its_output_directory_and_checks_without_errors() {
    let copy = repo_copy("corpus");
    let root = &copy.0;
    let out = TempDir::new("corpus-out");
    let target = out.0.join("made");
    let target_arg = target.to_str().expect("a UTF-8 temp path");
    let args = [
        "corpus", "--pages", "40", "--out", target_arg, "--form", "mixed",
    ];
    // Run from inside the repository: it changes nothing there.
    let before = snapshot(root);
    let output = xtask(root, &args, true);
    assert_eq!(changed(&before, &snapshot(root)), BTreeSet::new());
    let written = snapshot(&target);
    assert_eq!(written.len(), 41, "40 pages and hints.yaml");
    assert!(written.keys().all(|path| path.starts_with("specs/")));
    assert!(written.contains_key("specs/hints.yaml"));
    // Writing it again is refused and changes nothing.
    xtask(root, &args, false);
    assert_eq!(snapshot(&target), written);

    // The corpus, as a repository's specs/, checks without errors, and
    // codegen makes its crate (features included) from it.
    assert!(output.stdout.is_empty(), "nothing on stdout");
    std::fs::remove_dir_all(root.join("specs")).expect("specs/ can be removed");
    std::fs::rename(target.join("specs"), root.join("specs")).expect("the corpus moves");
    let output = xtask(root, &["check-specs"], true);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("checked 40 page(s): 0 error(s)"),
        "{stderr}"
    );
    assert!(!stderr.contains("is filed"), "{stderr}");
    xtask(root, &["codegen"], true);
    assert_eq!(
        changes_of(root, "", &["codegen", "--check"], true),
        BTreeSet::new()
    );
}

#[test]
fn codegen_with_nothing_changed_skips_generation_and_writes_nothing() {
    const SKIPPED: &str = "nothing changed since the last `cargo xtask codegen`";
    let copy = repo_copy("again");
    let root = &copy.0;
    mark_page(root, "Again");
    let first = xtask(root, &["codegen"], true);
    assert!(!String::from_utf8_lossy(&first.stderr).contains(SKIPPED));
    // The same inputs again: nothing is made or written, the report repeats.
    let before = snapshot(root);
    let again = xtask(root, &["codegen"], true);
    assert_eq!(changed(&before, &snapshot(root)), BTreeSet::new());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains(SKIPPED) && stderr.contains("checked 3 page(s)"),
        "{stderr}"
    );
    // A generated file edited by hand is seen and made again.
    let module = "generated/src/bookings/attendance.rs";
    let made = std::fs::read_to_string(root.join(module)).expect("the module reads");
    std::fs::write(root.join(module), format!("{made}// edited\n")).expect("writable");
    let output = xtask(root, &["codegen"], true);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains(SKIPPED) && stderr.contains(&format!("wrote {module}")),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join(module)).expect("reads"),
        made
    );
    // So is a deleted one, and a changed page or hints file.
    std::fs::remove_file(root.join(module)).expect("removable");
    let output = xtask(root, &["codegen"], true);
    assert!(String::from_utf8_lossy(&output.stderr).contains(&format!("wrote {module}")));
    mark_page(root, "Twice");
    let output = xtask(root, &["codegen"], true);
    assert!(String::from_utf8_lossy(&output.stderr).contains(&format!("wrote {OPENAPI_PATH}")));
    let hints = root.join("specs/hints.yaml");
    let text = std::fs::read_to_string(&hints).expect("the hints read");
    std::fs::write(&hints, format!("{text}\n# a comment\n")).expect("writable");
    let output = xtask(root, &["codegen"], true);
    assert!(!String::from_utf8_lossy(&output.stderr).contains(SKIPPED));
    assert_eq!(
        changes_of(root, "", &["codegen", "--check"], true),
        BTreeSet::new()
    );
}
