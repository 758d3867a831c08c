//! Realistic corpora of any size, for the benchmarks and `cargo xtask corpus`.
//!
//! A corpus is made of copies of 18 template pages (`codegen/corpus/pages/`):
//! the three spec pages (Query Attendance, Create Booking, Query Resources:
//! one SDK module each) and all the pages of two whole SDK modules of the
//! Bookings API (Categories V2: 7 methods sharing `Category`; Booking
//! Policies: 8 methods sharing `BookingPolicy`, each page documenting its
//! own subset of the fields, as real pages do: requests hide read-only
//! fields, a type already printed in a tree is printed again without
//! children). Every copy is its own set of five SDK modules (the import name
//! gets the copy's number), two copies make one npm package, and every copy's
//! pages are filed under their own method link (`copy-0007/bookings/...`), so
//! types are shared within a module, never across copies.
//!
//! Copies are multi-line (as the docs site prints them) or one-line
//! (collapsed as the one-line captures were: every `<...>` span removed,
//! every whitespace run made one space); a mixed corpus alternates by copy,
//! so each module is one capture form. The hints file holds what each copy's
//! pages need: the templates' own hints (`hints-multi-line.yaml`), or for a
//! one-line copy the field lists of types and element types the collapsed
//! pages need, settled from the multi-line templates' trees when first
//! needed (`one_line`), so they follow the recovery as it is.
//!
//! The corpus is the same for the same options, byte for byte.

use std::fmt::Write as _;
use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::specs::spec_path_for;

mod one_line;

pub use one_line::{one_line_hints, OneLineHints};

/// A template: its spec path and its multi-line text.
struct Template {
    spec_path: &'static str,
    text: &'static str,
}

macro_rules! templates {
    ($($path:literal),* $(,)?) => {
        [$(Template {
            spec_path: $path,
            text: include_str!(concat!("../corpus/pages/", $path)),
        }),*]
    };
}

/// The template pages, in the order a copy takes them: the single-page
/// modules first, then whole modules, so a corpus of 10 pages is three
/// single-page modules and one whole module.
const TEMPLATES: [Template; 18] = templates![
    "bookings/attendance/query-attendance.md",
    "bookings/bookings-writer-v2/create-booking.md",
    "bookings/resources/resources-v2/query-resources.md",
    "bookings/services/categories-v2/create-category.md",
    "bookings/services/categories-v2/get-category.md",
    "bookings/services/categories-v2/update-category.md",
    "bookings/services/categories-v2/delete-category.md",
    "bookings/services/categories-v2/query-categories.md",
    "bookings/services/categories-v2/count-categories.md",
    "bookings/services/categories-v2/move-category.md",
    "bookings/policies/booking-policies/create-booking-policy.md",
    "bookings/policies/booking-policies/get-booking-policy.md",
    "bookings/policies/booking-policies/update-booking-policy.md",
    "bookings/policies/booking-policies/delete-booking-policy.md",
    "bookings/policies/booking-policies/query-booking-policies.md",
    "bookings/policies/booking-policies/count-booking-policies.md",
    "bookings/policies/booking-policies/set-default-booking-policy.md",
    "bookings/policies/booking-policies/get-strictest-booking-policy.md",
];

/// The SDK module import names of the templates: each copy renames them.
const MODULES: [&str; 5] = [
    "attendance",
    "bookings",
    "resources",
    "categoriesV2",
    "bookingPolicies",
];

/// The npm package of the templates; copies after the first two are filed
/// in packages of their own (`@wix/bookings-2`, ...).
const PACKAGE: &str = "@wix/bookings";

/// How many copies (of five SDK modules each) one npm package holds.
pub const COPIES_PER_PACKAGE: usize = 2;

/// The hints of the multi-line templates.
const HINTS_MULTI_LINE: &str = include_str!("../corpus/hints-multi-line.yaml");

/// The capture form of a corpus's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Every page multi-line, as the docs site prints it.
    MultiLine,
    /// Every page collapsed to one line, as the one-line captures are.
    OneLine,
    /// Even copies multi-line, odd copies one-line.
    Mixed,
}

impl Form {
    /// Whether copy `copy` is collapsed.
    fn collapses(self, copy: usize) -> bool {
        match self {
            Form::MultiLine => false,
            Form::OneLine => true,
            Form::Mixed => copy % 2 == 1,
        }
    }
}

impl std::str::FromStr for Form {
    type Err = CorpusError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "multi-line" => Ok(Form::MultiLine),
            "one-line" => Ok(Form::OneLine),
            "mixed" => Ok(Form::Mixed),
            other => Err(CorpusError::UnknownForm(other.to_owned())),
        }
    }
}

/// What can go wrong making or writing a corpus.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A form name that is none of `multi-line`, `one-line`, `mixed`.
    #[error("unknown capture form `{0}`: use multi-line, one-line or mixed")]
    UnknownForm(String),
    /// The output directory already has a `specs/` directory.
    #[error("{0} already exists: the corpus is written only into a new directory")]
    Exists(String),
    /// Writing a file failed.
    #[error("writing {path}: {source}")]
    Write {
        /// The file or directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// One page of a corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusPage {
    /// Its path under `specs/` (where its method link files it).
    pub spec_path: String,
    /// Its text.
    pub text: String,
}

/// A corpus: its pages, the hints they need, and its npm packages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corpus {
    /// The pages, in copy order.
    pub pages: Vec<CorpusPage>,
    /// The `specs/hints.yaml` the pages need.
    pub hints: String,
    /// The npm packages, in order (`cargo xtask codegen` gives each its
    /// Cargo features).
    pub packages: Vec<String>,
}

/// A corpus of `pages` pages in capture form `form`.
pub fn corpus(pages: usize, form: Form) -> Corpus {
    let multi_line_hints = template_hints(HINTS_MULTI_LINE);
    let mut out = Vec::with_capacity(pages);
    let mut hints: Vec<(String, Value)> = Vec::new();
    let mut packages: Vec<String> = Vec::new();
    for copy in 0..pages.div_ceil(TEMPLATES.len()) {
        let package = package_name(copy);
        if packages.last() != Some(&package) {
            packages.push(package.clone());
        }
        let collapses = form.collapses(copy);
        // Settled on first use: a multi-line corpus never needs them.
        let template_hints: &[(String, Mapping)] = if collapses {
            &one_line_hints().entries
        } else {
            &multi_line_hints
        };
        for template in TEMPLATES.iter().take(pages - out.len()) {
            let text = copy_page(template.text, copy, &package);
            let text = if collapses { collapse(&text) } else { text };
            let spec_path = copy_spec_path(template.spec_path, copy);
            for (section, entry) in template_hints.iter().filter(|(_, entry)| {
                entry.get("page").and_then(Value::as_str) == Some(template.spec_path)
            }) {
                let mut entry = entry.clone();
                entry.insert("page".into(), Value::String(spec_path.clone()));
                hints.push((section.clone(), Value::Mapping(entry)));
            }
            out.push(CorpusPage { spec_path, text });
        }
    }
    Corpus {
        pages: out,
        hints: hints_file(hints),
        packages,
    }
}

/// The npm package of copy `copy`.
fn package_name(copy: usize) -> String {
    match copy / COPIES_PER_PACKAGE {
        0 => PACKAGE.to_owned(),
        n => format!("{PACKAGE}-{}", n + 1),
    }
}

/// Where copy `copy` of the template at `spec_path` is filed.
fn copy_spec_path(spec_path: &str, copy: usize) -> String {
    if copy == 0 {
        spec_path.to_owned()
    } else {
        format!("copy-{copy:04}/{spec_path}")
    }
}

/// The template `text` as copy `copy` in `package`: its method link files it
/// under the copy's directory, its REST URLs start with the copy's directory,
/// its JavaScript examples import the copy's modules (`categoriesV2C7`) from
/// `package`.
fn copy_page(text: &str, copy: usize, package: &str) -> String {
    if copy == 0 {
        return text.to_owned();
    }
    let text = text.replace(
        "/api-reference/business-solutions/",
        &format!("/api-reference/business-solutions/copy-{copy:04}/"),
    );
    // Each copy's REST methods have their own URLs (one service each), so
    // no two methods of a corpus share a path.
    let text = text.replace(
        "https://www.wixapis.com/",
        &format!("https://www.wixapis.com/copy-{copy:04}/"),
    );
    let text = text.replace(&format!("'{PACKAGE}'"), &format!("'{package}'"));
    rename_modules(&text, copy)
}

/// `text` with each template module `m` renamed `m` + `C<copy>` where the
/// examples use it as a module: `{ m }` (imports, client modules) and
/// `m.method(` / `m.method)` after a character that cannot continue a name
/// (so `wixClientAdmin.bookings.BookingsService` and `/bookings/` stay).
fn rename_modules(text: &str, copy: usize) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    let mut index = 0;
    while index < bytes.len() {
        let starts_name = index == 0 || {
            let before = bytes[index - 1];
            !(before.is_ascii_alphanumeric() || matches!(before, b'_' | b'.' | b'/' | b'-' | b'$'))
        };
        let found = starts_name
            .then(|| {
                MODULES.iter().find(|m| {
                    bytes[index..].starts_with(m.as_bytes()) && used_as_module(text, index, m)
                })
            })
            .flatten();
        if let Some(module) = found {
            out.push_str(&text[last..index]);
            let _ = write!(out, "{module}C{copy}");
            index += module.len();
            last = index;
        } else {
            index += 1;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Whether the module name `module` at `index` of `text` is used as a
/// module: `{ module }`, or `module.name(` / `module.name)`.
fn used_as_module(text: &str, index: usize, module: &str) -> bool {
    let after = &text[index + module.len()..];
    if text[..index].ends_with("{ ") && after.starts_with(" }") {
        return true;
    }
    let Some(member) = after.strip_prefix('.') else {
        return false;
    };
    let name_end = member
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(member.len());
    name_end > 0 && matches!(member.as_bytes().get(name_end), Some(b'(' | b')'))
}

/// A page collapsed as the one-line captures were: every `<...>` span
/// removed, every whitespace run made one space.
pub fn collapse(text: &str) -> String {
    let mut without_spans = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        without_spans.push_str(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    without_spans.push_str(rest);
    let mut out = String::with_capacity(without_spans.len());
    for word in without_spans.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The entries of a templates' hints file: (section, entry).
fn template_hints(text: &str) -> Vec<(String, Mapping)> {
    // The files are part of this crate, and a test reads both.
    let Ok(Value::Mapping(sections)) = serde_yaml::from_str::<Value>(text) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    for (section, list) in sections {
        let (Value::String(section), Value::Sequence(list)) = (section, list) else {
            continue;
        };
        for entry in list {
            if let Value::Mapping(entry) = entry {
                entries.push((section.clone(), entry));
            }
        }
    }
    entries
}

/// The hints file holding `entries`, by section in first-seen order.
fn hints_file(entries: Vec<(String, Value)>) -> String {
    let mut sections = Mapping::new();
    for (section, entry) in entries {
        let list = sections
            .entry(Value::String(section))
            .or_insert_with(|| Value::Sequence(Vec::new()));
        if let Value::Sequence(list) = list {
            list.push(entry);
        }
    }
    let body = if sections.is_empty() {
        String::new()
    } else {
        serde_yaml::to_string(&sections).unwrap_or_default()
    };
    format!("# Made by `cargo xtask corpus`: the hints the corpus's pages need.\n{body}")
}

impl Corpus {
    /// Writes the pages and `hints.yaml` into `specs_dir`, which must not
    /// exist yet.
    pub fn write(&self, specs_dir: &Path) -> Result<(), CorpusError> {
        if specs_dir.exists() {
            return Err(CorpusError::Exists(specs_dir.display().to_string()));
        }
        let write = |path: &Path, contents: &str| -> Result<(), CorpusError> {
            let failed = |source| CorpusError::Write {
                path: path.display().to_string(),
                source,
            };
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(failed)?;
            }
            std::fs::write(path, contents).map_err(failed)
        };
        for page in &self.pages {
            write(&specs_dir.join(&page.spec_path), &page.text)?;
        }
        write(&specs_dir.join("hints.yaml"), &self.hints)
    }

    /// The total size of the pages, in bytes.
    pub fn bytes(&self) -> usize {
        self.pages.iter().map(|p| p.text.len()).sum()
    }
}

/// Checks a copy's spec path against where its method link files it (the
/// corpus's pages must carry no misplaced-page warning).
pub fn filed_where_linked(page: &CorpusPage) -> bool {
    page.text
        .split("# Method link: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(spec_path_for)
        .is_some_and(|linked| linked == page.spec_path)
}

/// The pipeline's run over a corpus of `pages` pages of `form` (for tests).
#[cfg(test)]
pub(crate) fn run_corpus(pages: usize, form: Form) -> crate::pipeline::Pipeline {
    let corpus = corpus(pages, form);
    let files = crate::specs::read_spec_texts(&corpus.pages);
    crate::pipeline::run_on(files, &corpus.hints, "specs/hints.yaml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filed_where_their_links_say() {
        for copy in [0, 1, 7] {
            for page in corpus(TEMPLATES.len() * (copy + 1), Form::Mixed)
                .pages
                .iter()
                .skip(TEMPLATES.len() * copy)
            {
                assert!(filed_where_linked(page), "{}", page.spec_path);
            }
        }
    }

    #[test]
    fn copies_rename_modules_only_where_examples_use_them() {
        let text = "import { bookings } from '@wix/bookings';\nbookings.createBooking(x); auth.elevate(bookings.createBooking)\nwixClientAdmin.bookings.BookingsService.createBooking(booking)\n`bookings.status` /bookings/v2 { bookings },";
        assert_eq!(
            copy_page(text, 3, "@wix/bookings-2"),
            "import { bookingsC3 } from '@wix/bookings-2';\nbookingsC3.createBooking(x); auth.elevate(bookingsC3.createBooking)\nwixClientAdmin.bookings.BookingsService.createBooking(booking)\n`bookings.status` /bookings/v2 { bookingsC3 },"
        );
    }

    #[test]
    fn sizes_forms_and_packages() {
        let small = corpus(10, Form::MultiLine);
        assert_eq!(small.pages.len(), 10);
        assert_eq!(small.packages, ["@wix/bookings"]);
        let mixed = corpus(100, Form::Mixed);
        assert_eq!(mixed.pages.len(), 100);
        assert_eq!(
            mixed.packages,
            ["@wix/bookings", "@wix/bookings-2", "@wix/bookings-3"]
        );
        assert!(mixed.pages[3].text.contains('\n'), "copy 0 is multi-line");
        assert!(
            !mixed.pages[18 + 3].text.contains('\n'),
            "copy 1 is one-line"
        );
        assert!(mixed.pages[18 + 4]
            .text
            .contains("URL: https://www.wixapis.com/copy-0001/bookings/v2/categories/"));
        // Every one-line copy's hints, and the multi-line templates' own.
        assert!(mixed
            .hints
            .contains("page: copy-0001/bookings/services/categories-v2/query-categories.md"));
        assert!(mixed
            .hints
            .contains("page: bookings/resources/resources-v2/query-resources.md"));
        assert_eq!(corpus(100, Form::Mixed), mixed, "deterministic");
    }

    #[test]
    fn template_hints_read() {
        assert_eq!(template_hints(HINTS_MULTI_LINE).len(), 4);
    }

    #[test]
    fn collapsing_is_a_fixed_point() {
        let once = collapse(TEMPLATES[1].text);
        assert!(!once.contains('\n'));
        assert_eq!(collapse(&once), once);
    }

    fn errors(corpus: &Corpus, hints: &str) -> Vec<String> {
        let files = crate::specs::read_spec_texts(&corpus.pages);
        let pipeline = crate::pipeline::run_on(files, hints, "specs/hints.yaml");
        assert!(pipeline.ir.is_some() || pipeline.has_errors());
        pipeline
            .diagnostics
            .iter()
            .filter(|d| d.is_error() || matches!(d.problem, crate::Problem::MisplacedSpec { .. }))
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn corpora_of_every_form_check_without_errors() {
        // Whole modules, a module cut short, and more than one package.
        for pages in [10, 14, 40] {
            for form in [Form::MultiLine, Form::OneLine, Form::Mixed] {
                let corpus = corpus(pages, form);
                let errors = errors(&corpus, &corpus.hints);
                assert!(
                    errors.is_empty(),
                    "{pages} pages {form:?}:\n{}",
                    errors.join("\n")
                );
            }
        }
    }

    #[test]
    fn recovery_on_every_core_is_recovery_on_one_thread() {
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let corpus = corpus(40, Form::Mixed);
        // With the hints, and without (open questions, several rounds).
        for hints in [corpus.hints.as_str(), ""] {
            let parallel = recovery_of(&corpus.pages, hints, "");
            let single = one_thread.install(|| recovery_of(&corpus.pages, hints, ""));
            assert!(!parallel.is_empty());
            assert_eq!(parallel, single, "hints: {}", !hints.is_empty());
        }
    }

    /// What recovery makes of the pages under `prefix`: every decision
    /// (path, what settled it, the evidence) and every diagnostic, with
    /// `hints` (also naming pages of other modules).
    fn recovery_of(pages: &[CorpusPage], hints: &str, prefix: &str) -> Vec<String> {
        let files = crate::specs::read_spec_texts(pages);
        let spec_pages = crate::pipeline::spec_pages(&files);
        let recovered = crate::recovery::recover_explaining(&spec_pages, hints, "specs/hints.yaml");
        let mut out = Vec::new();
        for (page, placed) in spec_pages.iter().zip(&recovered.placed) {
            if !page.spec_path.starts_with(prefix) {
                continue;
            }
            for decision in &placed.decisions {
                out.push(format!(
                    "{}: {} {} {:?}",
                    page.spec_path,
                    placed.decision_path(decision),
                    decision.settled_by,
                    decision.reasons
                ));
            }
        }
        let display = format!("specs/{prefix}");
        out.extend(
            recovered
                .diagnostics
                .iter()
                .map(ToString::to_string)
                .filter(|d| d.starts_with(&display)),
        );
        out
    }

    #[test]
    fn recovery_knowledge_never_crosses_sdk_modules() {
        // Copy 1 (one-line, five SDK modules of `@wix/bookings`) beside
        // multi-line copies 0 and 2, beside one-line copies 0 and 2, and
        // alone: the same decisions and diagnostics, with the hints in
        // force and without any (its questions stay the same questions).
        let pages = 3 * TEMPLATES.len();
        let mixed = corpus(pages, Form::Mixed);
        let one_line = corpus(pages, Form::OneLine);
        let copy = |corpus: &Corpus| -> Vec<CorpusPage> {
            corpus.pages[TEMPLATES.len()..2 * TEMPLATES.len()].to_vec()
        };
        assert_eq!(copy(&mixed), copy(&one_line), "the same pages");
        for hints in [one_line.hints.as_str(), ""] {
            let alone = recovery_of(&copy(&one_line), hints, "copy-0001/");
            assert!(alone.len() > 300, "{}", alone.len());
            assert_eq!(recovery_of(&mixed.pages, hints, "copy-0001/"), alone);
            assert_eq!(recovery_of(&one_line.pages, hints, "copy-0001/"), alone);
        }
    }

    #[test]
    fn every_method_of_a_corpus_has_its_own_url() {
        let ir = run_corpus(40, Form::Mixed).ir.unwrap();
        let urls: std::collections::BTreeSet<(String, &str)> = ir
            .packages
            .iter()
            .flat_map(|p| &p.modules)
            .flat_map(|m| &m.methods)
            .map(|m| (m.http_method.to_string(), m.path.as_str()))
            .collect();
        assert_eq!(urls.len(), 40);
    }

    #[test]
    fn one_line_pages_need_their_hints() {
        let corpus = corpus(TEMPLATES.len(), Form::OneLine);
        let without = errors(&corpus, "");
        assert!(
            without.iter().any(|e| e.contains("no evidence settles")),
            "{without:?}"
        );
        let multi_line = super::corpus(TEMPLATES.len(), Form::MultiLine);
        assert!(
            !errors(&multi_line, "").is_empty(),
            "Query Resources needs its hints"
        );
    }
}
