//! Structure recovery on collapsed copies of multi-line pages (every `<...>`
//! span removed, every whitespace run made one space, as the one-line
//! captures were made): no field may land under a wrong parent. Each field
//! is placed as in the multi-line page or reported as an open question.
//!
//! The test plays the maintainer, run after run of `check-specs`: it writes
//! the drafts `--write-hints` would write (each must be an error until
//! confirmed), answers each drafted field list with the type's true fields
//! and each drafted placement whose `after` is right with the true path, and
//! drops the drafts that assumed a wrong answer to an earlier question (they
//! are asked again). Every run, every field the recovery calls settled must
//! be under its true parent. It counts the hints and the runs until a run
//! has no error. `RECOVERY_SHOW_HINTS=1` prints the final hints and the
//! dropped drafts; `RECOVERY_DUMP_HINTS=<path>` writes each run's hints file.
//!
//! The pages:
//! - `specs/.../create-booking.md`, read alone; its truth is its multi-line
//!   form, which indentation settles completely;
//! - hand-made pages (`tests/tests/recovery/`) of a type printed a second
//!   time without its fields, and followed by a field of the enclosing type,
//!   the shape that once put `nestedTimeSlots[].scheduleId` under
//!   `nestedTimeSlots[].availableResources[]`;
//! - synthetic pages of four SDK modules of the Bookings API
//!   (`tests/tests/synthetic/`), each module read as one corpus, whose truth
//!   is the JSON paths of Wix's published SDK types (`truth.json`): the
//!   multi-line form is settled first with that truth, and its placements
//!   are then the collapsed form's truth.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use codegen::diagnostics::{Diagnostic, Problem};
use codegen::page::{Entry, Field, Page, TypeRef};
use codegen::recovery::hints::{with_drafts, DraftHint, Hints, TypeDraft, TypeHint};
use codegen::recovery::place::{PlacementHint, Tree, TreeKind};
use codegen::recovery::{recover, Recovered, SpecPage};
use serde_json::Value;

const CREATE_BOOKING: &str = "bookings/bookings-writer-v2/create-booking.md";

/// At most this many hints for the collapsed `create-booking.md`, read
/// alone: 59 placements when each run asked one question per tree; 17 field
/// lists of types since lists are asked for.
const MAX_CREATE_BOOKING_HINTS: usize = 18;
/// The same, answered with placements only (as measured): a placement
/// drafted after a wrong suggestion is asked again, in the next run.
const MAX_CREATE_BOOKING_PLACEMENTS: usize = 77;
const MAX_CREATE_BOOKING_PLACEMENT_RUNS: usize = 5;
/// At most this many runs of `check-specs`, the last one without errors:
/// for a page, and for each module of the synthetic set in the repository.
const MAX_RUNS: usize = 3;
/// The most runs a measurement over a larger set (`RECOVERY_SYNTHETIC_DIR`)
/// may take; it reports how many it took.
const MEASURED_RUNS: usize = 10;

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The synthetic pages' directory: `RECOVERY_SYNTHETIC_DIR` (for measuring
/// on a larger set, such as all six modules), else the copy in the repository.
fn synthetic_dir() -> PathBuf {
    std::env::var_os("RECOVERY_SYNTHETIC_DIR")
        .map_or_else(|| tests_dir().join("synthetic"), PathBuf::from)
}

fn read(name: &str, text: &str) -> Page {
    match codegen::read_page_text(name, text) {
        Ok(read) => read.page,
        Err(diagnostics) => panic!(
            "{name} does not read:\n{}",
            diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// A corpus: pages with their paths under `specs/`.
struct Corpus {
    pages: Vec<(String, Page)>,
}

impl Corpus {
    fn read(pages: &[(String, String)], collapsed: bool) -> Self {
        Corpus {
            pages: pages
                .iter()
                .map(|(path, text)| {
                    let text = if collapsed {
                        tests::collapse(text)
                    } else {
                        text.clone()
                    };
                    (path.clone(), read(path, &text))
                })
                .collect(),
        }
    }

    fn recover(&self, hints: &str) -> Recovered {
        let display: Vec<String> = self
            .pages
            .iter()
            .map(|(path, _)| format!("specs/{path}"))
            .collect();
        let pages: Vec<SpecPage<'_>> = self
            .pages
            .iter()
            .zip(&display)
            .map(|((path, page), display_path)| SpecPage {
                display_path,
                spec_path: path,
                page,
            })
            .collect();
        recover(&pages, hints, "specs/hints.yaml")
    }

    fn index(&self, spec_path: &str) -> usize {
        self.pages
            .iter()
            .position(|(path, _)| path == spec_path)
            .unwrap_or_else(|| panic!("no page {spec_path}"))
    }
}

/// A page's entries (parameters and fields), by ordinal.
fn fields_by_ordinal(page: &Page) -> Vec<Field> {
    let signature = &page.rest.schema.signature;
    let mut fields = Vec::new();
    let entries = |entries: &[Entry], fields: &mut Vec<Field>| {
        for entry in entries {
            if let Entry::Field(field) = entry {
                fields.push((**field).clone());
            }
        }
    };
    for parameter in &signature.parameters {
        fields.push((*parameter.field).clone());
        entries(&parameter.entries, &mut fields);
    }
    entries(&signature.return_type.entries, &mut fields);
    fields
}

/// The type key recovery gives entry `ordinal` of a collapsed page once it
/// is placed right: its printed type name, or its true parent's key and
/// its name for an array whose type was lost (or a type spelled like the
/// field).
fn collapsed_key(
    fields: &[Field],
    truth: &[EntryTruth],
    ordinal: usize,
    roots: &[Option<String>; 2],
) -> Option<String> {
    let field = &fields[ordinal];
    if let TypeRef::Named(name) = &field.ty {
        if *name != field.name {
            return Some(name.clone());
        }
    }
    let named_like_field = matches!(&field.ty, TypeRef::Named(_));
    if !named_like_field && !matches!(&field.ty, TypeRef::Array(None)) {
        if let TypeRef::Array(Some(inner)) = &field.ty {
            if let TypeRef::Named(name) = inner.as_ref() {
                if *name != field.name {
                    return Some(name.clone());
                }
            }
        }
        if !matches!(&field.ty, TypeRef::Array(Some(_))) {
            return None;
        }
    }
    let parent = match truth[ordinal].parent {
        Some(parent) => collapsed_key(fields, truth, parent, roots)?,
        None => match truth[ordinal].tree {
            TreeKind::Request => roots[0].clone()?,
            TreeKind::Response => roots[1].clone()?,
        },
    };
    let array = if matches!(&field.ty, TypeRef::Array(_)) {
        "[]"
    } else {
        ""
    };
    Some(format!("{parent}.{}{array}", field.name))
}

/// Where an entry truly belongs.
#[derive(Debug, Clone)]
struct EntryTruth {
    tree: TreeKind,
    /// The parent's ordinal (`None`: the tree's root).
    parent: Option<usize>,
    path: Vec<String>,
}

/// Every entry's ordinal, by byte offset: the k-th entry of a multi-line
/// page is the k-th entry of its collapsed copy.
fn ordinals(page: &Page) -> BTreeMap<usize, usize> {
    let signature = &page.rest.schema.signature;
    let mut offsets = Vec::new();
    for parameter in &signature.parameters {
        offsets.push(parameter.field.at.offset);
        offsets.extend(parameter.entries.iter().filter_map(field_offset));
    }
    offsets.extend(
        signature
            .return_type
            .entries
            .iter()
            .filter_map(field_offset),
    );
    offsets
        .into_iter()
        .enumerate()
        .map(|(ordinal, offset)| (offset, ordinal))
        .collect()
}

fn field_offset(entry: &Entry) -> Option<usize> {
    match entry {
        Entry::Field(field) => Some(field.at.offset),
        Entry::OneOf(_) => None,
    }
}

/// The placements of a settled page, by ordinal.
fn truth_of(recovered: &Recovered, corpus: &Corpus, page: usize) -> Vec<EntryTruth> {
    let ordinals = ordinals(&corpus.pages[page].1);
    let mut truth: Vec<Option<EntryTruth>> = vec![None; ordinals.len()];
    for tree in &recovered.placed[page].trees {
        for (index, node) in tree.nodes.iter().enumerate() {
            let Some((_, offset)) = node.entry else {
                continue;
            };
            let parent = node
                .parent
                .and_then(|p| tree.nodes[p].entry)
                .map(|(_, offset)| ordinals[&offset]);
            truth[ordinals[&offset]] = Some(EntryTruth {
                tree: tree.kind,
                parent,
                path: tree.path(index),
            });
        }
    }
    truth
        .into_iter()
        .enumerate()
        .map(|(ordinal, t)| t.unwrap_or_else(|| panic!("entry {ordinal} was not placed")))
        .collect()
}

/// The path of the entry placed just before entry `ordinal`.
fn after_of(truth: &[EntryTruth], ordinal: usize) -> Vec<String> {
    match ordinal.checked_sub(1).map(|p| &truth[p]) {
        Some(previous) if previous.tree == truth[ordinal].tree => previous.path.clone(),
        _ => Vec::new(),
    }
}

/// Every misplaced entry whose place the recovery calls settled: its parent
/// is not the true one.
fn misplacements(
    recovered: &Recovered,
    corpus: &Corpus,
    truths: &[Vec<EntryTruth>],
) -> Vec<String> {
    let mut wrong = Vec::new();
    for (page, placed) in recovered.placed.iter().enumerate() {
        let ordinals = ordinals(&corpus.pages[page].1);
        for tree in &placed.trees {
            for (index, node) in tree.nodes.iter().enumerate() {
                let Some(entry) = node.entry else { continue };
                if node.provisional {
                    continue;
                }
                let parent = node
                    .parent
                    .and_then(|p| tree.nodes[p].entry)
                    .map(|(_, offset)| ordinals[&offset]);
                let truth = &truths[page][ordinals[&entry.1]];
                if parent != truth.parent {
                    let path = tree.path(index).join(".");
                    let why = placed
                        .decisions
                        .iter()
                        .find(|d| d.entry == entry)
                        .map(|d| format!("{}: {:?}", d.settled_by, d.reasons));
                    wrong.push(format!(
                        "{}: {path} should be {} ({why:?})",
                        corpus.pages[page].0,
                        truth.path.join(".")
                    ));
                }
            }
        }
    }
    wrong
}

/// The hints file with the confirmed placements and field lists.
fn hints_text(confirmed: &Confirmed) -> String {
    let mut text = String::from("placements:\n");
    for (page, hint) in &confirmed.placements {
        let _ = write!(
            text,
            "  - page: {page}\n    tree: {}\n    after: '{}'\n    path: '{}'\n",
            hint.tree.as_str(),
            hint.after.join("."),
            hint.path.join(".")
        );
    }
    text.push_str("types:\n");
    for (page, hint) in &confirmed.types {
        let _ = write!(
            text,
            "  - page: {page}\n    type: '{}'\n    fields: [{}]\n",
            hint.ty,
            hint.fields.join(", ")
        );
    }
    text
}

/// The hints the maintainer confirmed.
#[derive(Default)]
struct Confirmed {
    placements: Vec<(String, PlacementHint)>,
    types: Vec<(String, TypeHint)>,
}

impl Confirmed {
    fn len(&self) -> usize {
        self.placements.len() + self.types.len()
    }
}

/// How settling a corpus went.
struct Settled {
    /// The hints confirmed.
    hints: usize,
    /// The runs of `check-specs`, the last one without errors.
    runs: usize,
    /// The questions of the first run.
    first_questions: usize,
    /// The last run's outcome.
    recovered: Recovered,
}

/// A maintainer who knows the truth.
trait Maintainer {
    /// The hint for a suggested placement, or `None` to drop it.
    fn placement(
        &self,
        recovered: &Recovered,
        page: usize,
        draft: &DraftHint,
    ) -> Option<PlacementHint>;
    /// The true field list for a suggested one, or `None` to drop it; only
    /// asked when `answers_types`.
    fn fields(&self, page: usize, draft: &TypeDraft) -> Option<TypeHint>;
    /// Whether the maintainer answers with field lists where they are
    /// drafted (else with a placement for every question).
    fn answers_types(&self) -> bool;
}

/// Plays the maintainer until a run has no error; `check` looks at every
/// run.
fn settle(
    corpus: &Corpus,
    max_runs: usize,
    maintainer: &dyn Maintainer,
    check: &dyn Fn(&Recovered),
) -> Settled {
    let mut confirmed = Confirmed::default();
    let mut first_questions = None;
    for run in 1..=max_runs {
        let text = hints_text(&confirmed);
        if let Some(path) = std::env::var_os("RECOVERY_DUMP_HINTS") {
            let mut path = std::path::PathBuf::from(path);
            path.set_extension(format!("{run}.yaml"));
            let _ = std::fs::write(path, &text);
        }
        let recovered = corpus.recover(&text);
        check(&recovered);
        let errors: Vec<&Diagnostic> = recovered
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        let questions = errors
            .iter()
            .filter(|d| matches!(d.problem, Problem::AmbiguousParent { .. }))
            .count();
        first_questions.get_or_insert(questions);
        if errors.is_empty() {
            if std::env::var_os("RECOVERY_SHOW_HINTS").is_some() {
                eprintln!("{text}");
            }
            return Settled {
                hints: confirmed.len(),
                runs: run,
                first_questions: first_questions.unwrap_or(0),
                recovered,
            };
        }
        let others: Vec<String> = errors
            .iter()
            .filter(|d| !matches!(d.problem, Problem::AmbiguousParent { .. }))
            .map(ToString::to_string)
            .collect();
        assert!(others.is_empty(), "run {run}: {}", others.join("\n"));
        assert_eq!(
            recovered.suggestions.len(),
            questions,
            "every question has a suggested entry"
        );
        // `--write-hints`: the suggestions become drafts, and a draft
        // settles nothing: each one is an error naming it.
        let (placements, types) = recovered.drafts_to_write();
        let drafted = with_drafts(&text, &recovered.hints, &placements, &types)
            .expect("the drafts are added");
        let parsed = Hints::parse(&drafted).expect("the drafted file reads");
        assert_eq!(
            parsed.drafts.values().map(Vec::len).sum::<usize>(),
            placements.len()
        );
        assert_eq!(
            parsed.type_drafts.values().map(Vec::len).sum::<usize>(),
            types.len()
        );
        if run == 1 {
            let with_drafts = corpus.recover(&drafted);
            let unconfirmed = with_drafts
                .diagnostics
                .iter()
                .filter(|d| matches!(d.problem, Problem::UnconfirmedDraft { .. }))
                .count();
            assert_eq!(
                unconfirmed,
                placements.len() + types.len(),
                "each draft is an error"
            );
            let asked: Vec<String> = with_drafts
                .diagnostics
                .iter()
                .filter(|d| matches!(d.problem, Problem::AmbiguousParent { .. }))
                .map(ToString::to_string)
                .collect();
            assert!(
                asked.is_empty(),
                "a drafted question is reported with its draft:\n{}",
                asked.join("\n")
            );
        }
        let before = confirmed.len();
        let answered_by_types = maintainer.answers_types();
        for suggestion in &recovered.suggestions {
            if answered_by_types && suggestion.by_types {
                continue;
            }
            let page = corpus.index(&suggestion.page);
            if let Some(hint) = maintainer.placement(&recovered, page, suggestion) {
                let entry = (suggestion.page.clone(), hint);
                assert!(
                    !confirmed.placements.contains(&entry),
                    "{}: asked again, though the hints file has its answer: {:?}",
                    suggestion.at,
                    entry.1
                );
                confirmed.placements.push(entry);
            } else if std::env::var_os("RECOVERY_SHOW_HINTS").is_some() {
                eprintln!(
                    "dropped placement {:?} after {:?}",
                    suggestion.hint.path, suggestion.hint.after
                );
            }
        }
        if answered_by_types {
            for draft in &types {
                let page = corpus.index(&draft.page);
                if let Some(hint) = maintainer.fields(page, draft) {
                    confirmed.types.push((draft.page.clone(), hint));
                } else if std::env::var_os("RECOVERY_SHOW_HINTS").is_some() {
                    eprintln!("dropped draft {} ({})", draft.hint.ty, draft.path);
                }
            }
        }
        eprintln!(
            "run {run}: {questions} questions, {} answered",
            confirmed.len() - before
        );
        assert!(
            confirmed.len() > before,
            "run {run}: no question answerable:\n{}\ndrafts: {:?}",
            errors
                .iter()
                .take(6)
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            types.iter().map(|t| &t.hint.ty).collect::<Vec<_>>()
        );
    }
    let left = corpus.recover(&hints_text(&confirmed));
    panic!(
        "not settled in {max_runs} runs ({} hints); still open:\n{}",
        confirmed.len(),
        left.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The maintainer of a collapsed copy: knows the multi-line form's
/// placements.
struct FromMultiLine<'t> {
    /// Whether the maintainer answers with field lists where drafted (else
    /// with placements only).
    lists: bool,
    truths: &'t [Vec<EntryTruth>],
    /// Each collapsed page's entries, by ordinal.
    collapsed_fields: Vec<Vec<Field>>,
    /// Each page's root type keys: the request's and the response's.
    roots: Vec<[Option<String>; 2]>,
    /// Each page's entry offsets in the collapsed copy, by ordinal.
    ordinals: Vec<BTreeMap<usize, usize>>,
    /// The multi-line corpus, settled: its type names and field lists.
    multi_line: &'t Corpus,
    settled: &'t Recovered,
}

impl Maintainer for FromMultiLine<'_> {
    fn placement(&self, _: &Recovered, page: usize, draft: &DraftHint) -> Option<PlacementHint> {
        answer_from(self.truths, page, draft)
    }

    fn fields(&self, page: usize, draft: &TypeDraft) -> Option<TypeHint> {
        // A name that rests on a wrong suggestion names another object.
        if let Some(&ordinal) = self.ordinals[page].get(&draft.occurrence.offset) {
            if collapsed_key(
                &self.collapsed_fields[page],
                &self.truths[page],
                ordinal,
                &self.roots[page],
            )? != draft.hint.ty
            {
                return None;
            }
        }
        // The occurrence on the multi-line page, and its type's name there
        // (the response's root is at `Return type:`).
        let root = &self.multi_line.pages[page]
            .1
            .rest
            .schema
            .signature
            .return_type;
        let name = match self.ordinals[page].get(&draft.occurrence.offset) {
            Some(&ordinal) => {
                let multi_offset = ordinals(&self.multi_line.pages[page].1)
                    .into_iter()
                    .find(|&(_, k)| k == ordinal)?
                    .0;
                let node = self.settled.placed[page].trees.iter().find_map(|tree| {
                    tree.nodes
                        .iter()
                        .find(|n| n.entry.is_some_and(|(_, offset)| offset == multi_offset))
                })?;
                match node.type_name() {
                    // A type spelled like the field names no type: its
                    // fields are the node's own.
                    Some(name) if name == node.name() => {
                        let tree = self.settled.placed[page]
                            .trees
                            .iter()
                            .find(|t| t.nodes.iter().any(|n| std::ptr::eq(n, node)))?;
                        return Some(TypeHint {
                            ty: draft.hint.ty.clone(),
                            fields: node
                                .children
                                .iter()
                                .map(|&c| tree.nodes[c].name().to_owned())
                                .collect(),
                        });
                    }
                    Some(name) => name.to_owned(),
                    // A plain `array` on the multi-line page holds scalars:
                    // no fields.
                    None => {
                        return Some(TypeHint {
                            ty: draft.hint.ty.clone(),
                            fields: Vec::new(),
                        })
                    }
                }
            }
            None => match &root.ty.value {
                TypeRef::Named(name) => name.clone(),
                _ => return None,
            },
        };
        // Its fields: the longest list any occurrence in the module shows
        // (a response shows them all), in the docs' order.
        let mut fields: Vec<String> = Vec::new();
        for placed in &self.settled.placed {
            for tree in &placed.trees {
                for node in &tree.nodes {
                    if node.type_name() == Some(name.as_str()) && node.children.len() > fields.len()
                    {
                        fields = node
                            .children
                            .iter()
                            .map(|&c| tree.nodes[c].name().to_owned())
                            .collect();
                    }
                }
            }
        }
        Some(TypeHint {
            ty: draft.hint.ty.clone(),
            fields,
        })
    }

    fn answers_types(&self) -> bool {
        self.lists
    }
}

/// The maintainer's answer from the truth: a draft whose `after` is the
/// path of the entry truly before a field of its name gets that field's
/// true path; the true parent must be among the candidates offered.
fn answer_from(
    truths: &[Vec<EntryTruth>],
    page: usize,
    draft: &DraftHint,
) -> Option<PlacementHint> {
    let truth = &truths[page];
    let name = draft.hint.path.last()?;
    let ordinal = (0..truth.len()).find(|&k| {
        truth[k].tree == draft.hint.tree
            && truth[k].path.last() == Some(name)
            && after_of(truth, k) == draft.hint.after
    })?;
    let path = truth[ordinal].path.clone();
    let parent = if path.len() > 1 {
        path[..path.len() - 1].join(".")
    } else {
        "(root)".to_owned()
    };
    assert!(
        draft.candidates.contains(&parent),
        "{}: the true parent `{parent}` of `{name}` is not among {:?}",
        draft.at,
        draft.candidates
    );
    Some(PlacementHint {
        tree: draft.hint.tree,
        after: draft.hint.after.clone(),
        path,
    })
}

/// Settles the collapsed copy of `pages` against the truth of the settled
/// multi-line corpus; panics on any misplacement.
fn settle_collapsed(
    pages: &[(String, String)],
    multi_line: &Corpus,
    settled: &Recovered,
    max_runs: usize,
) -> Settled {
    settle_collapsed_with(pages, multi_line, settled, max_runs, true)
}

/// [`settle_collapsed`], the maintainer answering with field lists or with
/// placements only.
fn settle_collapsed_with(
    pages: &[(String, String)],
    multi_line: &Corpus,
    settled: &Recovered,
    max_runs: usize,
    lists: bool,
) -> Settled {
    let truths: Vec<Vec<EntryTruth>> = (0..multi_line.pages.len())
        .map(|page| truth_of(settled, multi_line, page))
        .collect();
    let collapsed = Corpus::read(pages, true);
    for (page, truth) in truths.iter().enumerate() {
        assert_eq!(
            ordinals(&collapsed.pages[page].1).len(),
            truth.len(),
            "both forms of {} have the same entries",
            pages[page].0
        );
    }
    let check = |recovered: &Recovered| {
        let wrong = misplacements(recovered, &collapsed, &truths);
        assert!(
            wrong.is_empty(),
            "fields under a wrong parent:\n{}",
            wrong.join("\n")
        );
    };
    let maintainer = FromMultiLine {
        lists,
        truths: &truths,
        collapsed_fields: collapsed
            .pages
            .iter()
            .map(|(_, page)| fields_by_ordinal(page))
            .collect(),
        roots: collapsed
            .pages
            .iter()
            .map(|(_, page)| {
                let response = match &page.rest.schema.signature.return_type.ty.value {
                    TypeRef::Named(name) => Some(name.clone()),
                    _ => None,
                };
                [Some(format!("{}Request", page.method_name.value)), response]
            })
            .collect(),
        ordinals: collapsed
            .pages
            .iter()
            .map(|(_, page)| ordinals(page))
            .collect(),
        multi_line,
        settled,
    };
    settle(&collapsed, max_runs, &maintainer, &check)
}

fn spec_page(path: &str) -> (String, String) {
    let file = tests::repo_root().join("specs").join(path);
    let text = std::fs::read_to_string(&file).expect("the page is readable");
    (path.to_owned(), text)
}

#[test]
fn collapsed_create_booking_places_every_field_right_or_asks() {
    let pages = [spec_page(CREATE_BOOKING)];
    let multi_line = Corpus::read(&pages, false);
    let settled = multi_line.recover("");
    assert!(
        !settled.diagnostics.iter().any(Diagnostic::is_error),
        "the multi-line page recovers"
    );
    let outcome = settle_collapsed(&pages, &multi_line, &settled, MAX_RUNS);
    let fields = ordinals(&multi_line.pages[0].1).len()
        - multi_line.pages[0].1.rest.schema.signature.parameters.len();
    println!(
        "collapsed create-booking: {fields} field entries; {} hints in {} runs ({} questions in the first run)",
        outcome.hints, outcome.runs, outcome.first_questions
    );
    assert!(
        outcome.hints <= MAX_CREATE_BOOKING_HINTS,
        "{} hints needed, more than the {MAX_CREATE_BOOKING_HINTS} measured before",
        outcome.hints
    );
    // A maintainer who answers each question with its placement instead:
    // more entries, and the drafts that assumed a wrong answer come back.
    let placements = settle_collapsed_with(
        &pages,
        &multi_line,
        &settled,
        MAX_CREATE_BOOKING_PLACEMENT_RUNS,
        false,
    );
    println!(
        "collapsed create-booking with placements only: {} hints in {} runs",
        placements.hints, placements.runs
    );
    assert!(placements.hints <= MAX_CREATE_BOOKING_PLACEMENTS);
}

/// Whether `node` or an ancestor is placed provisionally: its path depends
/// on an open question.
fn under_provisional(tree: &Tree, node: usize) -> bool {
    let mut at = Some(node);
    while let Some(index) = at {
        if tree.nodes[index].provisional {
            return true;
        }
        at = tree.nodes[index].parent;
    }
    false
}

/// A field's JSON path (`a.b[].c`): `[]` after each array.
fn json_path(tree: &Tree, node: usize) -> String {
    let mut segments = Vec::new();
    let mut at = Some(node);
    while let Some(index) = at {
        if index == 0 {
            break;
        }
        let n = &tree.nodes[index];
        let array = matches!(n.field.as_ref().map(|f| &f.ty), Some(TypeRef::Array(_)));
        segments.push(format!("{}{}", n.name(), if array { "[]" } else { "" }));
        at = n.parent;
    }
    segments.reverse();
    segments.join(".")
}

/// The JSON paths a method may declare, by tree: what its page documents
/// and every path of the real type.
struct TruthPaths {
    documented: BTreeMap<TreeKind, BTreeSet<String>>,
    valid: BTreeMap<TreeKind, BTreeSet<String>>,
}

fn truth_paths(truth: &Value, page: &str) -> TruthPaths {
    let method = truth
        .as_object()
        .and_then(|methods| {
            methods
                .values()
                .find(|m| m.get("doc_page").and_then(Value::as_str) == Some(page))
        })
        .unwrap_or_else(|| panic!("truth.json has no method for {page}"));
    let set = |key: &str| -> BTreeSet<String> {
        method
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    TruthPaths {
        documented: BTreeMap::from([
            (TreeKind::Request, set("request")),
            (TreeKind::Response, set("response")),
        ]),
        valid: BTreeMap::from([
            (TreeKind::Request, set("request_valid")),
            (TreeKind::Response, set("response_valid")),
        ]),
    }
}

/// The synthetic pages of `module`, as `module/page.md` paths and texts.
fn synthetic_module(dir: &Path, module: &str) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(module))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(module).display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
            let text = std::fs::read_to_string(&file).expect("a synthetic page is readable");
            (format!("{module}/{}", name.unwrap_or_default()), text)
        })
        .collect()
}

fn synthetic_modules(dir: &Path) -> Vec<String> {
    let mut modules: Vec<String> = std::fs::read_dir(dir)
        .expect("the synthetic pages are there")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    modules.sort();
    modules
}

/// Settles a module's multi-line pages with the truth: each question gets
/// the one candidate whose path the real type documents. Checks that every
/// settled placement has a real path.
fn settle_multi_line(corpus: &Corpus, truth: &[TruthPaths]) -> Settled {
    let maintainer = FromTruthPaths { truth };
    let check = |recovered: &Recovered| {
        let mut wrong = Vec::new();
        for (page, placed) in recovered.placed.iter().enumerate() {
            for tree in &placed.trees {
                let documented = &truth[page].documented[&tree.kind];
                let valid = &truth[page].valid[&tree.kind];
                for node in 1..tree.nodes.len() {
                    if under_provisional(tree, node) {
                        continue;
                    }
                    let path = json_path(tree, node);
                    if !documented.contains(&path) && !valid.contains(&path) {
                        wrong.push(format!("{}: {path}", corpus.pages[page].0));
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "multi-line placements the real types do not have:\n{}",
            wrong.join("\n")
        );
    };
    settle(corpus, MAX_RUNS, &maintainer, &check)
}

/// The maintainer of a multi-line page: knows the real types' JSON paths
/// (not their field order, so answers with placements).
struct FromTruthPaths<'t> {
    truth: &'t [TruthPaths],
}

impl Maintainer for FromTruthPaths<'_> {
    fn placement(
        &self,
        recovered: &Recovered,
        page: usize,
        draft: &DraftHint,
    ) -> Option<PlacementHint> {
        let placed = &recovered.placed[page];
        let tree = placed.trees.iter().find(|t| t.kind == draft.hint.tree)?;
        let name = draft.hint.path.last()?;
        // The provisional node of the question: the suggested path.
        let node = (1..tree.nodes.len())
            .find(|&n| tree.nodes[n].provisional && tree.path(n) == draft.hint.path)?;
        let leaf = json_path(tree, node);
        let leaf = leaf.rsplit('.').next().unwrap_or_default().to_owned();
        let documented = &self.truth[page].documented[&draft.hint.tree];
        let fitting: Vec<&String> = draft
            .candidates
            .iter()
            .filter(|candidate| {
                let parent = (0..tree.nodes.len()).find(|&n| tree.path_text(n) == **candidate);
                parent.is_some_and(|p| {
                    let prefix = json_path(tree, p);
                    let path = if prefix.is_empty() {
                        leaf.clone()
                    } else {
                        format!("{prefix}.{leaf}")
                    };
                    documented.contains(&path)
                })
            })
            .collect();
        let [parent] = fitting.as_slice() else {
            panic!(
                "{}: `{name}` fits {} candidates of {:?}",
                draft.at,
                fitting.len(),
                draft.candidates
            );
        };
        let mut path: Vec<String> = if parent.as_str() == "(root)" {
            Vec::new()
        } else {
            parent.split('.').map(str::to_owned).collect()
        };
        path.push(name.clone());
        Some(PlacementHint {
            tree: draft.hint.tree,
            after: draft.hint.after.clone(),
            path,
        })
    }

    fn fields(&self, _: usize, _: &TypeDraft) -> Option<TypeHint> {
        None
    }

    fn answers_types(&self) -> bool {
        false
    }
}

#[test]
fn collapsed_synthetic_modules_place_every_field_right_or_ask() {
    let dir = synthetic_dir();
    let truth_text =
        std::fs::read_to_string(dir.join("truth.json")).expect("truth.json is readable");
    let truth: Value = serde_json::from_str(&truth_text).expect("truth.json is JSON");
    let mut report = Vec::new();
    let measuring = std::env::var_os("RECOVERY_SYNTHETIC_DIR").is_some();
    let only = std::env::var("RECOVERY_SYNTHETIC_MODULES").ok();
    for module in synthetic_modules(&dir) {
        if only
            .as_deref()
            .is_some_and(|only| !only.split(',').any(|m| m == module))
        {
            continue;
        }
        let pages = synthetic_module(&dir, &module);
        let unreadable: Vec<&str> = pages
            .iter()
            .filter(|(path, text)| codegen::read_page_text(path, text).is_err())
            .map(|(path, _)| path.as_str())
            .collect();
        if !unreadable.is_empty() {
            // Only a measurement over another set may meet pages the
            // reader cannot read yet; the repository's set all reads.
            assert!(measuring, "unreadable synthetic pages: {unreadable:?}");
            report.push(format!("{module}: skipped, unreadable: {unreadable:?}"));
            continue;
        }
        let multi_line = Corpus::read(&pages, false);
        let paths: Vec<TruthPaths> = pages.iter().map(|(p, _)| truth_paths(&truth, p)).collect();
        let settled = settle_multi_line(&multi_line, &paths);
        let max_runs = if measuring { MEASURED_RUNS } else { MAX_RUNS };
        let collapsed = settle_collapsed(&pages, &multi_line, &settled.recovered, max_runs);
        report.push(format!(
            "{module}: {} pages; multi-line: {} questions at the known bad spot, {} hints, {} runs; one-line: {} questions first, {} hints, {} runs",
            pages.len(),
            settled.first_questions,
            settled.hints,
            settled.runs,
            collapsed.first_questions,
            collapsed.hints,
            collapsed.runs
        ));
    }
    println!("{}", report.join("\n"));
}

#[test]
fn collapsed_repeated_types_printed_without_fields_are_asked_not_guessed() {
    let dir = tests_dir().join("recovery");
    let pages = synthetic_module(&dir, "availability");
    let multi_line = Corpus::read(&pages, false);
    let settled = multi_line.recover("");
    assert!(
        !settled.diagnostics.iter().any(Diagnostic::is_error),
        "the multi-line pages recover by indentation"
    );
    // The one-line copy lost `<AvailableResources>` and the indentation:
    // `scheduleId` may belong to `availableResources` as far as the page
    // says, so it is asked, and never put there.
    let collapsed = Corpus::read(&pages, true);
    let first = collapsed.recover("");
    let asked: Vec<&DraftHint> = first
        .suggestions
        .iter()
        .filter(|s| s.hint.path.last().map(String::as_str) == Some("scheduleId"))
        .collect();
    let [question] = asked.as_slice() else {
        panic!("`scheduleId` is asked once: {asked:?}");
    };
    // (Paths as the first run placed things, provisionally.)
    let ends = |tail: &str| question.candidates.iter().any(|c| c.ends_with(tail));
    assert!(
        ends("nestedTimeSlots.availableResources") && ends("nestedTimeSlots"),
        "{:?}",
        question.candidates
    );
    // The later `location` is a second `Location`: no field goes under it.
    let after_location = first
        .suggestions
        .iter()
        .find(|s| s.hint.path.last().map(String::as_str) == Some("maxParticipantsPerBooking"));
    if let Some(question) = after_location {
        assert!(
            !question
                .candidates
                .iter()
                .any(|c| c.ends_with("bookingPolicySettings.location")),
            "{:?}",
            question.candidates
        );
    }
    let outcome = settle_collapsed(&pages, &multi_line, &settled, MAX_RUNS);
    println!(
        "hand-made repeated types: {} hints in {} runs",
        outcome.hints, outcome.runs
    );
}
