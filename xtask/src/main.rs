//! Maintainer commands, run as `cargo xtask <command>`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use codegen::recovery::{recover, Recovered, SpecPage};
use codegen::specs::{read_specs, spec_path_for, SpecFile};
use codegen::{read_page, Diagnostic};

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
    let mut diagnostics: Vec<Diagnostic> =
        files.iter().flat_map(|f| f.diagnostics.clone()).collect();
    // Recovery needs every page: it runs once all of them read without errors.
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(recover_specs(root, &files)?.diagnostics);
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    for diagnostic in &diagnostics {
        eprintln!("{diagnostic}");
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

/// Runs structure recovery over the read pages with `specs/hints.yaml`.
fn recover_specs(root: &Path, files: &[SpecFile]) -> Result<Recovered> {
    let hints_path = root.join("specs").join("hints.yaml");
    let hints_text = match std::fs::read_to_string(&hints_path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => {
            return Err(error).with_context(|| format!("reading {}", hints_path.display()))
        }
    };
    let pages: Vec<SpecPage<'_>> = files
        .iter()
        .filter_map(|file| {
            let page = file.page.as_ref()?;
            Some(SpecPage {
                display_path: &file.display_path,
                spec_path: file.display_path.trim_start_matches("specs/"),
                page,
            })
        })
        .collect();
    Ok(recover(&pages, &hints_text, "specs/hints.yaml"))
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
    let files = read_specs(&root.join("specs"), root)?;
    let recovered = recover_specs(root, &files)?;
    for (file, placed) in files
        .iter()
        .filter(|f| f.page.is_some())
        .zip(&recovered.placed)
    {
        println!("== {}", file.display_path);
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
    for diagnostic in &recovered.diagnostics {
        eprintln!("{diagnostic}");
    }
    Ok(ExitCode::SUCCESS)
}
