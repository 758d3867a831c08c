//! The whole flow from `specs/` to the IR, as the maintainer commands and the
//! tests run it: read every page, recover the structure of all of them with
//! the hints file, assemble the IR, and report the Rust names that differ
//! from the pages'.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Problem};
use crate::ir::{build_ir, Ir};
use crate::recovery::hints::{Hints, HintsError};
use crate::recovery::{recover, recover_parsed, Recovered, SpecPage};
use crate::rust::plan::CratePlan;
use crate::specs::{read_specs, SpecFile};

/// Everything one run over `specs/` found.
pub struct Pipeline {
    /// Every page file, read (their diagnostics moved into `diagnostics`).
    pub files: Vec<SpecFile>,
    /// The recovered structure, when every page read without errors
    /// (recovery needs all pages: they are each other's evidence); its
    /// diagnostics are moved into `diagnostics`.
    pub recovered: Option<Recovered>,
    /// The IR, when recovery ran.
    pub ir: Option<Ir>,
    /// The Rust names of the IR, decided once for every later step (the
    /// rename warnings here, the feature check, the Rust files and the
    /// round-trip tests).
    pub plan: Option<CratePlan>,
    /// Every error and warning of every stage, in stage order.
    pub diagnostics: Vec<Diagnostic>,
    /// How long each stage took (wall time), in stage order: `read`,
    /// `recover`, `ir`, `plan` (the last three only when they ran).
    pub stage_times: Vec<(&'static str, Duration)>,
}

impl Pipeline {
    /// Whether any stage found an error: then nothing may be generated.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The pages that read, as recovery takes them.
    pub fn spec_pages(&self) -> Vec<SpecPage<'_>> {
        spec_pages(&self.files)
    }
}

/// The pages of `files` that read, as recovery takes them.
pub fn spec_pages(files: &[SpecFile]) -> Vec<SpecPage<'_>> {
    files
        .iter()
        .filter_map(|file| {
            Some(SpecPage {
                display_path: &file.display_path,
                spec_path: &file.spec_path,
                page: file.page.as_ref()?,
            })
        })
        .collect()
}

/// Runs the flow over the pages under `specs_dir` with `specs_dir/hints.yaml`
/// (absent means no hints); paths in diagnostics are relative to `display_root`.
pub fn run(specs_dir: &Path, display_root: &Path) -> std::io::Result<Pipeline> {
    let started = Instant::now();
    let hints_path = specs_dir.join("hints.yaml");
    let hints_text = match std::fs::read_to_string(&hints_path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error),
    };
    // The hints file is parsed while the pages are read: a long job beside
    // many short ones, so both cores stay busy.
    let (files, hints) = rayon::join(
        || read_specs(specs_dir, display_root),
        || Hints::parse(&hints_text),
    );
    let files = files?;
    let read = started.elapsed();
    let hints_display = hints_path
        .strip_prefix(display_root)
        .unwrap_or(&hints_path)
        .to_string_lossy()
        .replace('\\', "/");
    let mut pipeline = run_given(files, HintsInput::Parsed(hints), &hints_display);
    pipeline.stage_times.insert(0, ("read", read));
    Ok(pipeline)
}

/// The hints file as the pipeline gets it.
enum HintsInput<'t> {
    /// Its text, parsed while the pages' evidence is gathered.
    Text(&'t str),
    /// Already parsed.
    Parsed(Result<Hints, HintsError>),
}

/// A warning for each name the Rust bindings spell otherwise than the pages.
fn rust_name_diagnostics(plan: &CratePlan) -> Vec<Diagnostic> {
    plan.renames
        .iter()
        .cloned()
        .map(|rename| {
            Diagnostic::new(
                &rename.file,
                None,
                Problem::RenamedInRust {
                    what: rename.what,
                    at: rename
                        .at
                        .map_or_else(String::new, |at| format!(" (at {at})")),
                    rust: rename.rust,
                    because: rename.because,
                },
            )
        })
        .collect()
}

/// Runs recovery, IR assembly and Rust naming over pages already read.
pub fn run_on(files: Vec<SpecFile>, hints_text: &str, hints_display: &str) -> Pipeline {
    run_given(files, HintsInput::Text(hints_text), hints_display)
}

fn run_given(files: Vec<SpecFile>, hints: HintsInput<'_>, hints_display: &str) -> Pipeline {
    let mut files = files;
    // Each page's diagnostics move into the run's (the page keeps none).
    let mut diagnostics: Vec<Diagnostic> = files
        .iter_mut()
        .flat_map(|f| std::mem::take(&mut f.diagnostics))
        .collect();
    let mut stage_times = Vec::new();
    let mut timed = |stage: &'static str, started: Instant| {
        stage_times.push((stage, started.elapsed()));
        Instant::now()
    };
    let (recovered, ir, plan) = if diagnostics.iter().any(Diagnostic::is_error) {
        (None, None, None)
    } else {
        let started = Instant::now();
        let pages = spec_pages(&files);
        let mut recovered = match hints {
            HintsInput::Text(text) => recover(&pages, text, hints_display),
            HintsInput::Parsed(hints) => recover_parsed(&pages, hints, hints_display),
        };
        diagnostics.append(&mut recovered.diagnostics);
        let started = timed("recover", started);
        let built = build_ir(&pages, &recovered);
        diagnostics.extend(built.diagnostics);
        let started = timed("ir", started);
        let plan = CratePlan::of(&built.ir);
        diagnostics.extend(rust_name_diagnostics(&plan));
        timed("plan", started);
        (Some(recovered), Some(built.ir), Some(plan))
    };
    Pipeline {
        files,
        recovered,
        ir,
        plan,
        diagnostics,
        stage_times,
    }
}
