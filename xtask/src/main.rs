//! Maintainer commands, run as `cargo xtask <command>`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use codegen::generate;
use codegen::pipeline::{self, Pipeline};
use codegen::read_page;
use codegen::specs::spec_path_for;

#[derive(Parser)]
#[command(about = "Maintainer commands for the Wix API binding generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read every page in `specs/` and print every error and warning.
    /// Exits non-zero when any page has an error.
    CheckSpecs {
        /// Also add a draft entry to `specs/hints.yaml` for every open
        /// question (`draft: true`: settled only once a maintainer checks
        /// it and deletes that line).
        #[arg(long)]
        write_hints: bool,
    },
    /// Print the page model of one page as YAML.
    Page {
        /// The page file.
        file: PathBuf,
    },
    /// Print the recovered field trees of every page in `specs/`.
    Trees,
    /// Regenerate every generated file from `specs/`: the Rust modules of
    /// `generated/` and `generated/openapi.json`. Any error means nothing is
    /// written.
    Codegen {
        /// Change nothing; exit non-zero listing each stale, missing or extra
        /// generated file.
        #[arg(long)]
        check: bool,
        /// Print how long each stage took on stderr (read, recover, ir, plan,
        /// generate: making each file, comparing it with the disk and
        /// writing it when it differs, and deleting generated files no
        /// longer made).
        #[arg(long)]
        timings: bool,
    },
    /// Write `generated/openapi.json`, the OpenAPI 3.0.3 document of every method.
    Openapi,
    /// Print the intermediate model (IR) of every page in `specs/` as YAML.
    /// Exits non-zero, printing nothing on stdout, when any page has an error.
    Ir,
    /// File a captured page under `specs/` at the path its method link gives.
    AddSpec {
        /// The captured page.
        file: PathBuf,
    },
    /// Write a realistic corpus of spec pages (for benchmarks and scale
    /// tests) into `OUT/specs/`, with the hints its pages need. Writes
    /// nothing else (`cargo xtask codegen` on those specs writes the
    /// generated crate's features itself).
    Corpus(CorpusArgs),
}

/// The options of `cargo xtask corpus`.
#[derive(clap::Args)]
struct CorpusArgs {
    /// How many pages.
    #[arg(long)]
    pages: usize,
    /// The directory to write `specs/` into (`OUT/specs` must not exist).
    #[arg(long)]
    out: PathBuf,
    /// The capture form: multi-line, one-line or mixed (alternating by SDK module copy).
    #[arg(long, default_value = "mixed")]
    form: codegen::corpus::Form,
}

// Generation allocates and frees millions of small strings and token trees;
// glibc's allocator spent about 40% of a 5,000-page run in malloc and free
// (fragmentation: `malloc_consolidate`, `unlink_chunk`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The repository the command works on: the nearest directory, from the
/// current one up, whose `Cargo.toml` declares a `[workspace]` and that has
/// this tool's `xtask/Cargo.toml`. `cargo xtask` keeps the directory it was
/// run from, so this is the clone the maintainer is in, never the one the
/// binary was built from (one `CARGO_TARGET_DIR` may serve several clones).
fn repo_root() -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("finding the current directory")?;
    find_repo_root(&cwd).with_context(|| {
        format!(
            "{} is not inside the repository: no directory from here up has a Cargo.toml with a [workspace] table and an xtask/Cargo.toml; run `cargo xtask` from inside a clone of the repository",
            cwd.display()
        )
    })
}

/// The nearest ancestor of `dir` (itself included) that is the repository root.
fn find_repo_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|dir| {
            let declares_workspace = std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|manifest| manifest.lines().any(|line| line.trim() == "[workspace]"));
            declares_workspace && dir.join("xtask/Cargo.toml").is_file()
        })
        .map(Path::to_path_buf)
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        // A page may be read from anywhere: it needs no repository.
        Command::Page { file } => page(&file),
        Command::CheckSpecs { write_hints } => check_specs(&repo_root()?, write_hints),
        Command::AddSpec { file } => add_spec(&repo_root()?, &file),
        Command::Trees => trees(&repo_root()?),
        Command::Ir => ir(&repo_root()?),
        Command::Codegen { check, timings } => {
            codegen_files(&repo_root()?, check, timings, generate::Scope::Everything)
        }
        Command::Openapi => codegen_files(&repo_root()?, false, false, generate::Scope::OpenApi),
        // A corpus goes where it is told: it needs no repository.
        Command::Corpus(args) => corpus(&args),
    }
}

fn page(file: &Path) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    match read_page(&file.display().to_string(), &bytes) {
        Ok(read) => {
            for warning in &read.warnings {
                eprintln!("{warning}");
            }
            print!("{}", serde_yaml_string(&read.page)?);
            Ok(ExitCode::SUCCESS)
        }
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}");
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

fn serde_yaml_string(page: &codegen::Page) -> Result<String> {
    codegen::page::to_yaml(page).context("serializing the page model")
}

fn run_pipeline(root: &Path) -> Result<Pipeline> {
    let specs = root.join("specs");
    pipeline::run(&specs, root).with_context(|| format!("reading {}", specs.display()))
}

/// Prints every diagnostic and a summary line; returns the number of errors.
fn report(pipeline: &Pipeline) -> usize {
    let (text, errors) = report_text(pipeline);
    eprint!("{text}");
    errors
}

/// Every diagnostic and a summary line, and the number of errors.
fn report_text(pipeline: &Pipeline) -> (String, usize) {
    use std::fmt::Write as _;
    let errors = pipeline.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = pipeline.diagnostics.len() - errors;
    let mut text = codegen::diagnostics::render_all(&pipeline.diagnostics);
    let _ = writeln!(
        text,
        "checked {} page(s): {errors} error(s), {warnings} warning(s)",
        pipeline.files.len()
    );
    (text, errors)
}

/// The stamp of the last `codegen` run in `root`, kept beside the xtask
/// binary (in the build directory, never in the repository's files) and
/// tied to this build of it.
fn codegen_stamp(root: &Path) -> Result<generate::Stamp> {
    let exe = std::env::current_exe().context("finding the xtask binary")?;
    let meta = std::fs::metadata(&exe).context("reading the xtask binary's metadata")?;
    let built = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let generator = format!("{} {} {built}", exe.display(), meta.len());
    let dir = exe
        .parent()
        .map_or_else(|| PathBuf::from("."), |d| d.join("codegen-stamps"));
    generate::Stamp::new(&dir, root, &generator).context("fingerprinting specs/")
}

fn check_specs(root: &Path, write_hints: bool) -> Result<ExitCode> {
    let pipeline = run_pipeline(root)?;
    if write_hints {
        write_drafts(root, &pipeline)?;
    }
    Ok(if report(&pipeline) == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Adds the drafts of the run's open questions to `specs/hints.yaml`.
fn write_drafts(root: &Path, pipeline: &Pipeline) -> Result<()> {
    let Some(recovered) = &pipeline.recovered else {
        eprintln!("no drafts written: the pages must read first");
        return Ok(());
    };
    let (placements, types) = recovered.drafts_to_write();
    let path = root.join("specs").join("hints.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error).with_context(|| format!("reading {}", path.display())),
    };
    let drafted =
        codegen::recovery::hints::with_drafts(&text, &recovered.hints, &placements, &types)
            .with_context(|| format!("adding drafts to {}", path.display()))?;
    if drafted != text {
        std::fs::write(&path, drafted).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!(
        "suggested {} placement(s) and {} field list(s); the new ones are drafts in {}, each an error until confirmed",
        placements.len(),
        types.len(),
        path.display()
    );
    Ok(())
}

fn ir(root: &Path) -> Result<ExitCode> {
    let pipeline = run_pipeline(root)?;
    if report(&pipeline) > 0 {
        return Ok(ExitCode::FAILURE);
    }
    let Some(ir) = &pipeline.ir else {
        bail!("no IR was built");
    };
    print!("{}", ir.to_yaml().context("serializing the IR")?);
    Ok(ExitCode::SUCCESS)
}

/// Generates the files of `scope`; with `check`, only compares them.
fn codegen_files(
    root: &Path,
    check: bool,
    timings: bool,
    scope: generate::Scope,
) -> Result<ExitCode> {
    use generate::{Drift, Mode, Scope};
    // `codegen` with the same pages, hints and generator as its
    // last run, and the generated files as it wrote them: nothing to do.
    let stamp = match (check, scope) {
        (false, Scope::Everything) => Some(codegen_stamp(root)?),
        _ => None,
    };
    if let Some(report) = stamp.as_ref().map(|s| s.fresh(root)).transpose()?.flatten() {
        eprint!("{report}");
        eprintln!("nothing changed since the last `cargo xtask codegen` here (same spec pages, hints and generator; every generated file as it wrote them): nothing was written");
        return Ok(ExitCode::SUCCESS);
    }
    let pipeline = run_pipeline(root)?;
    let (report_text, errors) = report_text(&pipeline);
    eprint!("{report_text}");
    if errors > 0 {
        eprintln!("nothing was written: fix the errors above first");
        return Ok(ExitCode::FAILURE);
    }
    // Only the IR and its plan are needed from here: the pages, trees and
    // diagnostics are freed on another thread while the files are made.
    let Pipeline {
        files: pages,
        recovered,
        ir: Some(ir),
        plan: Some(plan),
        diagnostics,
        stage_times: pipeline_times,
    } = pipeline
    else {
        bail!("no IR was built");
    };
    let mut stage_times = pipeline_times;
    let started = std::time::Instant::now();
    let freeing = std::thread::spawn(move || drop((pages, recovered, diagnostics)));
    // Each file is compared with the disk (and written when it differs) as
    // soon as it is made, on the core that made it: the files are never
    // all held at once.
    let mode = if check { Mode::Check } else { Mode::Write };
    let run = generate::regenerate(root, &ir, &plan, scope, mode)?;
    let _ = freeing.join();
    // The IR and plan are freed while the rest is done; the thread is not
    // waited for (the process may end first).
    drop(std::thread::spawn(move || drop((ir, plan))));
    stage_times.push(("generate", started.elapsed()));
    let files = run.files.len();
    let refused = run.drift.iter().any(|d| matches!(d, Drift::HandWritten(_)));
    if check || refused {
        if timings {
            print_stage_times(&stage_times);
        }
        if run.drift.is_empty() {
            eprintln!("{files} generated file(s) are fresh");
            return Ok(ExitCode::SUCCESS);
        }
        for change in &run.drift {
            eprintln!("{change}");
        }
        if check {
            eprintln!(
                "generated files are out of date: run `{}`",
                generate::COMMAND
            );
        } else {
            eprintln!("nothing was written");
        }
        return Ok(ExitCode::FAILURE);
    }
    for change in &run.drift {
        match change {
            Drift::Stale(path) | Drift::Missing(path) => eprintln!("wrote {path}"),
            Drift::Extra(path) => eprintln!("deleted {path} (no longer generated)"),
            Drift::HandWritten(_) => {}
        }
    }
    eprintln!("{files} generated file(s), {} changed", run.drift.len());
    if timings {
        print_stage_times(&stage_times);
    }
    if let Some(stamp) = stamp {
        stamp
            .record(&run.files, &report_text)
            .context("recording the run's stamp")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints each stage's wall time and their sum on stderr.
fn print_stage_times(times: &[(&str, std::time::Duration)]) {
    for (stage, time) in times {
        eprintln!("{stage:>9}: {:8.3} s", time.as_secs_f64());
    }
    let total: std::time::Duration = times.iter().map(|(_, time)| *time).sum();
    eprintln!("{:>9}: {:8.3} s", "total", total.as_secs_f64());
}

fn add_spec(root: &Path, file: &Path) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let read = match read_page(&file.display().to_string(), &bytes) {
        Ok(read) => read,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}");
            }
            bail!("not filing a page that has errors");
        }
    };
    let Some(relative) = spec_path_for(&read.page.method_link.value) else {
        bail!(
            "cannot derive a spec path from the method link {}",
            read.page.method_link.value
        );
    };
    let target = root.join("specs").join(&relative);
    if target.exists() {
        bail!("{} already exists", target.display());
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&target, &bytes)?;
    println!("filed as specs/{relative}");
    Ok(ExitCode::SUCCESS)
}

fn trees(root: &Path) -> Result<ExitCode> {
    let pipeline = run_pipeline(root)?;
    let Some(recovered) = &pipeline.recovered else {
        report(&pipeline);
        return Ok(ExitCode::FAILURE);
    };
    for (page, placed) in pipeline.spec_pages().iter().zip(&recovered.placed) {
        println!("== {}", page.display_path);
        for tree in &placed.trees {
            print!("{}", tree.outline());
        }
        let settled: Vec<String> = placed
            .settled_by
            .iter()
            .map(|(how, n)| format!("{n} by {how}"))
            .collect();
        println!("settled: {}", settled.join(", "));
    }
    report(&pipeline);
    Ok(ExitCode::SUCCESS)
}

fn corpus(args: &CorpusArgs) -> Result<ExitCode> {
    let corpus = codegen::corpus::corpus(args.pages, args.form);
    let specs = args.out.join("specs");
    corpus.write(&specs)?;
    eprintln!(
        "wrote {} page(s) ({} bytes) of {} npm package(s) and hints.yaml into {}",
        corpus.pages.len(),
        corpus.bytes(),
        corpus.packages.len(),
        specs.display()
    );
    if args.form != codegen::corpus::Form::MultiLine {
        let hints = codegen::corpus::one_line_hints();
        if hints.unsettled.is_empty() {
            eprintln!(
                "each one-line copy's hints: {} field lists, {} placements, {} element types (settled in {} runs)",
                hints.types, hints.placements, hints.elements, hints.runs
            );
        } else {
            eprintln!(
                "warning: the one-line templates' hints did not settle; `check-specs` on the corpus reports:\n{}",
                hints.unsettled.join("\n")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
