//! Maintainer commands, run as `cargo xtask <command>`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use codegen::specs::{read_specs, spec_path_for};
use codegen::{read_page, Severity};

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
    CheckSpecs,
    /// Print the page model of one page as YAML.
    Page {
        /// The page file.
        file: PathBuf,
    },
    /// Print the recovered field trees of every page in `specs/`.
    Trees,
    /// File a captured page under `specs/` at the path its method link gives.
    AddSpec {
        /// The captured page.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root: the parent of this crate's directory.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn run(cli: Cli) -> Result<ExitCode> {
    let root = repo_root();
    match cli.command {
        Command::CheckSpecs => check_specs(&root),
        Command::Page { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
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
        Command::AddSpec { file } => add_spec(&root, &file),
        Command::Trees => trees(&root),
    }
}

fn serde_yaml_string(page: &codegen::Page) -> Result<String> {
    codegen::page::to_yaml(page).context("serializing the page model")
}

fn check_specs(root: &Path) -> Result<ExitCode> {
    let specs = root.join("specs");
    let files = read_specs(&specs, root).with_context(|| format!("reading {}", specs.display()))?;
    let mut errors = 0;
    let mut warnings = 0;
    for file in &files {
        for diagnostic in &file.diagnostics {
            match diagnostic.severity() {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            eprintln!("{diagnostic}");
        }
    }
    eprintln!(
        "checked {} page(s): {errors} error(s), {warnings} warning(s)",
        files.len()
    );
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
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
    let specs = root.join("specs");
    let files = read_specs(&specs, root)?;
    let pages: Vec<&codegen::Page> = files.iter().filter_map(|f| f.page.as_ref()).collect();
    let catalogue = codegen::recovery::catalogue::Catalogue::builtin();
    let hints_text = std::fs::read_to_string(specs.join("hints.yaml")).unwrap_or_default();
    let hints = codegen::recovery::hints::Hints::parse(&hints_text)?;
    let page_hints: Vec<Vec<_>> = files
        .iter()
        .filter(|f| f.page.is_some())
        .map(|f| {
            let relative = f.display_path.trim_start_matches("specs/");
            hints
                .placements
                .get(relative)
                .map(|h| h.iter().map(|(hint, _)| hint.clone()).collect())
                .unwrap_or_default()
        })
        .collect();
    let placed = codegen::recovery::place_pages(&pages, &page_hints, &catalogue);
    for (file, placed) in files.iter().filter(|f| f.page.is_some()).zip(&placed) {
        println!("== {}", file.display_path);
        for tree in &placed.trees {
            print!("{}", tree.outline());
        }
        for correction in &placed.corrections {
            println!("corrected: {correction:?}");
        }
        for error in &placed.errors {
            println!("ERROR: {error:?}");
        }
        println!("settled by: {:?}", placed.settled_by);
    }
    Ok(ExitCode::SUCCESS)
}
