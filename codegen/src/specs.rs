//! The `specs/` directory: finding its pages and where each page belongs.

use std::path::{Path, PathBuf};

use crate::corpus::CorpusPage;
use crate::diagnostics::{Diagnostic, Problem};
use crate::page::Page;
use crate::reader::{read_page, ReadPage};

/// Every `*.md` file under `dir`, at any depth, sorted so runs are deterministic.
pub fn find_pages(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut pages = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            // The directory listing tells the type without a `stat` per
            // file; a symbolic link is followed, as `Path::is_dir` does.
            let file_type = entry.file_type()?;
            let path = entry.path();
            let is_dir = if file_type.is_symlink() {
                path.is_dir()
            } else {
                file_type.is_dir()
            };
            if is_dir {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "md") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    Ok(pages)
}

/// Where a page belongs under `specs/`, derived from its method link: the path
/// after `api-reference/<portal>/`, with repeated segments said once, e.g.
/// `.../business-solutions/bookings/bookings/attendance/query-attendance.md`
/// -> `bookings/attendance/query-attendance.md`.
pub fn spec_path_for(method_link: &str) -> Option<String> {
    let (_, after) = method_link.split_once("/api-reference/")?;
    let after = after.split(['#', '?']).next()?;
    let mut segments: Vec<&str> = after.split('/').skip(1).filter(|s| !s.is_empty()).collect();
    segments.dedup();
    let safe = segments.iter().all(|s| {
        *s != "."
            && *s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    });
    let last = segments.last()?;
    let is_markdown = Path::new(last)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
    (safe && is_markdown && segments.len() > 1).then(|| segments.join("/"))
}

/// One spec file, read.
#[derive(Debug)]
pub struct SpecFile {
    /// The path as shown in diagnostics (relative to the specs' parent).
    pub display_path: String,
    /// The path relative to `specs/`, as the hints file names it.
    pub spec_path: String,
    /// The page, when it has no errors.
    pub page: Option<Page>,
    /// Its errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads every page under `specs_dir`. `display_root` is the directory paths
/// are shown relative to (usually the repository root).
///
/// Pages are read on every core (each page alone); the result is in
/// [`find_pages`] order whatever the threads do, so runs are identical.
pub fn read_specs(specs_dir: &Path, display_root: &Path) -> std::io::Result<Vec<SpecFile>> {
    use rayon::prelude::*;
    let paths = find_pages(specs_dir)?;
    Ok(paths
        .par_iter()
        .with_max_len(crate::PAGES_PER_JOB)
        .map(|path| read_spec(path, specs_dir, display_root))
        .collect())
}

/// Reads pages held in memory (a corpus's), each shown as
/// `specs/<spec path>`, exactly as [`read_specs`] reads files (on every
/// core, the result in input order).
pub fn read_spec_texts(pages: &[CorpusPage]) -> Vec<SpecFile> {
    use rayon::prelude::*;
    pages
        .par_iter()
        .with_max_len(crate::PAGES_PER_JOB)
        .map(|page| {
            read_spec_bytes(
                format!("specs/{}", page.spec_path),
                page.spec_path.clone(),
                Ok(page.text.as_bytes()),
            )
        })
        .collect()
}

/// Reads one page, with its diagnostics (and a warning when it is filed
/// elsewhere than its method link says).
fn read_spec(path: &Path, specs_dir: &Path, display_root: &Path) -> SpecFile {
    let display_path = path
        .strip_prefix(display_root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let spec_path = path
        .strip_prefix(specs_dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let bytes = std::fs::read(path);
    read_spec_bytes(display_path, spec_path, bytes.as_deref())
}

/// Reads one page's bytes (or reports why they could not be had).
fn read_spec_bytes(
    display_path: String,
    spec_path: String,
    bytes: Result<&[u8], &std::io::Error>,
) -> SpecFile {
    let mut file = match bytes {
        Ok(bytes) => match read_page(&display_path, bytes) {
            Ok(ReadPage { page, warnings }) => SpecFile {
                display_path,
                spec_path,
                page: Some(page),
                diagnostics: warnings,
            },
            Err(diagnostics) => SpecFile {
                display_path,
                spec_path,
                page: None,
                diagnostics,
            },
        },
        Err(error) => SpecFile {
            diagnostics: vec![Diagnostic::new(
                &display_path,
                None,
                Problem::Unreadable {
                    reason: error.to_string(),
                },
            )],
            display_path,
            spec_path,
            page: None,
        },
    };
    if let Some(page) = &file.page {
        let relative = &file.spec_path;
        if let Some(expected) =
            spec_path_for(&page.method_link.value).filter(|expected| expected != relative)
        {
            file.diagnostics.push(Diagnostic::new(
                &file.display_path,
                Some(page.method_link.at),
                Problem::MisplacedSpec {
                    expected: format!("specs/{expected}"),
                    found: format!("specs/{relative}"),
                },
            ));
        }
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_paths_come_from_method_links() {
        let link = |path: &str| {
            format!("https://dev.wix.com/docs/api-reference/business-solutions/{path}")
        };
        assert_eq!(
            spec_path_for(&link("bookings/bookings/attendance/query-attendance.md")).as_deref(),
            Some("bookings/attendance/query-attendance.md")
        );
        assert_eq!(
            spec_path_for(&link("bookings/resources/resources-v2/query-resources.md")).as_deref(),
            Some("bookings/resources/resources-v2/query-resources.md")
        );
        assert_eq!(spec_path_for("https://example.com/x.md"), None);
        assert_eq!(spec_path_for(&link("../../etc/passwd.md")), None);
    }

    #[test]
    fn pages_are_found_at_any_depth_through_linked_directories_in_path_order() {
        let root = std::env::temp_dir().join(format!("codegen-find-pages-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let specs = root.join("specs");
        let outside = root.join("outside");
        for dir in [specs.join("b/deep/er"), specs.join("a"), outside.clone()] {
            std::fs::create_dir_all(dir).unwrap();
        }
        for file in [
            "b/deep/er/z.md",
            "b/y.md",
            "a/x.md",
            "a/notes.txt",
            "hints.yaml",
        ] {
            std::fs::write(specs.join(file), "").unwrap();
        }
        std::fs::write(outside.join("linked.md"), "").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, specs.join("c")).unwrap();
        let found: Vec<String> = find_pages(&specs)
            .unwrap()
            .iter()
            .map(|p| {
                p.strip_prefix(&specs)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        let mut expected = vec!["a/x.md", "b/deep/er/z.md", "b/y.md"];
        if cfg!(unix) {
            expected.push("c/linked.md");
        }
        assert_eq!(found, expected);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
