//! Structure recovery: the true nesting of every field, from evidence.
//!
//! Whitespace-collapsed pages lost their indentation, and multi-line pages
//! print some fields one level too deep. Each field's parent is settled by
//! evidence (indentation where it is trusted, example bodies, dotted paths in
//! the text, the common-types catalogue, what other pages say about a type,
//! and last the maintainers' hints), never by position alone.

pub mod catalogue;
pub mod evidence;
pub mod hints;
pub mod place;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use catalogue::Catalogue;
use evidence::PageEvidence;
use place::{
    place_page_noting_reads, DeclaredTypes, Knowledge, PageInput, PageTypes, PlacedPage,
    PlacementHint, TypeFacts,
};

use crate::page::{Page, SdkModule};

/// The most rounds recovery runs: each round places every page with what the
/// previous round learned about types from all pages (a page whose placement
/// read none of it keeps its placement: it would be the same).
const MAX_ROUNDS: usize = 4;

/// Places every page's entries; `hints[i]` are the hints for `pages[i]`.
///
/// Knowledge of types is scoped to each page's SDK module
/// ([`Page::sdk_module`]): a page learns only from pages of its module (and
/// from the catalogue, which all share).
pub fn place_pages(
    pages: &[&Page],
    hints: &[Vec<PlacementHint>],
    catalogue: &Catalogue,
) -> Vec<PlacedPage> {
    place_pages_with(pages, hints, &TypeLists::new(), catalogue, false)
}

/// The maintainers' field lists of types: by (SDK module, type key), the
/// fields in order and where the list is written (`file:line`).
pub type TypeLists = BTreeMap<(SdkModule, String), (Vec<String>, String)>;

/// Each page's SDK module as an index (in order of first appearance), and
/// the index of each module.
fn scopes(pages: &[&Page]) -> (Vec<usize>, BTreeMap<SdkModule, usize>) {
    let mut modules: BTreeMap<SdkModule, usize> = BTreeMap::new();
    let scopes = pages
        .iter()
        .map(|page| {
            let next = modules.len();
            *modules.entry(page.sdk_module()).or_insert(next)
        })
        .collect();
    (scopes, modules)
}

/// [`place_pages`] with the maintainers' field lists of types; with
/// `explain`, every decision keeps its evidence's words
/// ([`place::Decision::reasons`]).
pub fn place_pages_with(
    pages: &[&Page],
    hints: &[Vec<PlacementHint>],
    lists: &TypeLists,
    catalogue: &Catalogue,
    explain: bool,
) -> Vec<PlacedPage> {
    let evidence = evidence_of(pages);
    place_pages_given(pages, evidence, hints, lists, catalogue, explain)
}

/// Each page's evidence, made on every core.
fn evidence_of(pages: &[&Page]) -> Vec<PageEvidence> {
    use rayon::prelude::*;
    pages
        .par_iter()
        .with_max_len(crate::PAGES_PER_JOB)
        .map(|page| PageEvidence::of(page))
        .collect()
}

/// [`place_pages_with`], `evidence` being [`evidence_of`] the pages.
fn place_pages_given(
    pages: &[&Page],
    evidence: Vec<PageEvidence>,
    hints: &[Vec<PlacementHint>],
    lists: &TypeLists,
    catalogue: &Catalogue,
    explain: bool,
) -> Vec<PlacedPage> {
    use rayon::prelude::*;
    // Pages are placed on every core; each page's placement reads only the
    // round's shared knowledge, so the result is the one thread's.
    let (scopes, modules) = scopes(pages);
    let mut declared = DeclaredTypes::default();
    for ((module, ty), (fields, source)) in lists {
        if let Some(&scope) = modules.get(module) {
            declared.insert(scope, ty, fields.clone(), source.clone());
        }
    }
    let no_hints = Vec::new();
    let mut facts = TypeFacts::new();
    let mut own: Vec<PageTypes> = vec![PageTypes::default(); pages.len()];
    let place = |index: usize, facts: &TypeFacts, own: &PageTypes| {
        let input = PageInput {
            index,
            scope: scopes[index],
            page: pages[index],
            evidence: &evidence[index],
            hints: hints.get(index).unwrap_or(&no_hints),
            own,
        };
        let knowledge = Knowledge {
            catalogue,
            facts,
            declared: &declared,
            explain,
        };
        place_page_noting_reads(&input, &knowledge)
    };
    // Each page's placement, and whether it read what a round learns from
    // the one before.
    let (mut placed, mut read): (Vec<PlacedPage>, Vec<bool>) = (0..pages.len())
        .into_par_iter()
        .with_max_len(crate::PAGES_PER_JOB)
        .map(|index| place(index, &facts, &own[index]))
        .unzip();
    let mut errors = usize::MAX;
    let mut round = 1;
    loop {
        let round_errors: usize = placed.iter().map(|p| p.errors.len()).sum();
        if round_errors == 0 || round_errors >= errors || round == MAX_ROUNDS {
            // What the rounds learned is large: it is dropped on a thread of
            // its own while the next stage runs, which is not waited for.
            drop(std::thread::spawn(move || drop((own, facts, evidence))));
            return placed;
        }
        errors = round_errors;
        round += 1;
        // What this round placed informs the next.
        facts = TypeFacts::of_pages(&placed, &scopes);
        // A page whose placement read none of it reads only what every round
        // gives it alike: placed again, it would be placed the same, so it
        // is not (nor are its own trees kept for it). Every other page is
        // placed again, its placements dropped as it is.
        own.par_iter_mut()
            .zip(&mut placed)
            .zip(&mut read)
            .enumerate()
            .with_max_len(crate::PAGES_PER_JOB)
            .filter(|(_, (_, read))| **read)
            .for_each(|(index, ((own, placed), read))| {
                for tree in &placed.trees {
                    own.set_tree(tree);
                }
                (*placed, *read) = place(index, &facts, own);
            });
    }
}

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::diagnostics::{Diagnostic, Problem};
use crate::source::{Layout, Pos};
use hints::{DraftHint, Hints, TypeDraft, TypeHint};
use place::PlacementError;

/// A page to recover: its path as shown in diagnostics, its path under
/// `specs/` (as the hints file names it), and the page.
pub struct SpecPage<'a> {
    /// The path shown in diagnostics, e.g. `specs/bookings/x.md`.
    pub display_path: &'a str,
    /// The path relative to `specs/`, as hints name it.
    pub spec_path: &'a str,
    /// The page.
    pub page: &'a Page,
}

/// The outcome of recovery over all pages.
pub struct Recovered {
    /// Each page's trees and decisions, in input order.
    pub placed: Vec<PlacedPage>,
    /// Errors and warnings, with file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The hints file as read (empty when it cannot be read).
    pub hints: Hints,
    /// The hints file's path as diagnostics show it.
    pub hints_display_path: String,
    /// A suggested placement for every open question that has no draft
    /// yet, in page order.
    pub suggestions: Vec<DraftHint>,
    /// Suggested field lists of the types whose lists would settle open
    /// questions (every candidate's type but the shallowest's), one per type.
    pub type_suggestions: Vec<TypeDraft>,
}

impl Recovered {
    /// The drafts `check-specs --write-hints` writes: every suggested field
    /// list, and the suggested placements of the questions no suggested
    /// list may settle.
    pub fn drafts_to_write(&self) -> (Vec<DraftHint>, Vec<TypeDraft>) {
        let placements = self
            .suggestions
            .iter()
            .filter(|s| !s.by_types)
            .cloned()
            .collect();
        (placements, self.type_suggestions.clone())
    }
}

/// How many unsettled fields make a one-line capture worth recapturing.
const RECAPTURE_AT: usize = 3;

/// Recovers every page's structure with the hints file's text
/// (`hints_display_path` names it in diagnostics). Decisions keep the words
/// of their evidence only where a diagnostic quotes them; see
/// [`recover_explaining`].
pub fn recover(pages: &[SpecPage<'_>], hints_text: &str, hints_display_path: &str) -> Recovered {
    recover_with(pages, hints_text, hints_display_path, false)
}

/// [`recover`], every decision keeping the words of its evidence
/// ([`place::Decision::reasons`]): what the tests and corpus checks read.
pub fn recover_explaining(
    pages: &[SpecPage<'_>],
    hints_text: &str,
    hints_display_path: &str,
) -> Recovered {
    recover_with(pages, hints_text, hints_display_path, true)
}

/// [`recover`] with the hints file already parsed ([`Hints::parse`] of its
/// text, or why it could not be): the pipeline parses it while the pages are
/// read, on a core the reading shares.
pub fn recover_parsed(
    pages: &[SpecPage<'_>],
    hints: Result<Hints, hints::HintsError>,
    hints_display_path: &str,
) -> Recovered {
    let refs: Vec<&Page> = pages.iter().map(|p| p.page).collect();
    let evidence = evidence_of(&refs);
    recover_given(pages, &refs, hints, evidence, hints_display_path, false)
}

fn recover_with(
    pages: &[SpecPage<'_>],
    hints_text: &str,
    hints_display_path: &str,
    explain: bool,
) -> Recovered {
    let refs: Vec<&Page> = pages.iter().map(|p| p.page).collect();
    // The hints file is read while the pages' evidence is gathered.
    let (hints, evidence) = rayon::join(|| Hints::parse(hints_text), || evidence_of(&refs));
    recover_given(pages, &refs, hints, evidence, hints_display_path, explain)
}

/// Recovery once the hints file is parsed and the pages' evidence gathered.
fn recover_given(
    pages: &[SpecPage<'_>],
    refs: &[&Page],
    hints: Result<Hints, hints::HintsError>,
    evidence: Vec<PageEvidence>,
    hints_display_path: &str,
    explain: bool,
) -> Recovered {
    let mut diagnostics = Vec::new();
    let hints = match hints {
        Ok(hints) => hints,
        Err(error) => {
            diagnostics.push(Diagnostic::new(
                hints_display_path,
                error.line.map(line_pos),
                Problem::BadHints {
                    reason: error.message,
                },
            ));
            Hints::default()
        }
    };
    let page_hints: Vec<Vec<PlacementHint>> = pages
        .iter()
        .map(|p| {
            hints
                .placements
                .get(p.spec_path)
                .map(|h| h.iter().map(|(hint, _)| hint.clone()).collect())
                .unwrap_or_default()
        })
        .collect();
    let (page_scopes, _) = scopes(refs);
    // Hints name pages by path: one lookup each, not a scan of the pages.
    let page_index: std::collections::HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .rev()
        .map(|(index, p)| (p.spec_path, index))
        .collect();
    let module_of = |spec_path: &str| {
        page_index
            .get(spec_path)
            .map(|&index| (index, pages[index].page.sdk_module()))
    };
    let mut lists = TypeLists::new();
    // The type keys each module's trees have, for the lists that name none.
    let mut type_hint_pages: Vec<(&str, &TypeHint, usize, Option<usize>)> = Vec::new();
    for (spec_path, list) in &hints.types {
        for (hint, line) in list {
            let page = module_of(spec_path);
            if let Some((_, module)) = &page {
                lists.insert(
                    (module.clone(), hint.ty.clone()),
                    (hint.fields.clone(), format!("{hints_display_path}:{line}")),
                );
            }
            type_hint_pages.push((spec_path, hint, *line, page.map(|(index, _)| index)));
        }
    }
    let catalogue = Catalogue::builtin();
    let placed = place_pages_given(refs, evidence, &page_hints, &lists, &catalogue, explain);
    let mut used_drafts: BTreeSet<(&str, usize)> = BTreeSet::new();
    let mut suggestions = Vec::new();
    let mut type_suggestions: Vec<TypeDraft> = Vec::new();
    let mut type_drafted: BTreeMap<(usize, String), usize> = BTreeMap::new();
    let mut type_draft_questions: BTreeMap<(String, usize), Vec<String>> = BTreeMap::new();
    let declared_keys: BTreeSet<(usize, &str)> = type_hint_pages
        .iter()
        .filter_map(|(_, hint, _, page)| page.map(|p| (page_scopes[p], hint.ty.as_str())))
        .collect();
    let drafted_keys: BTreeMap<(usize, &str), (&str, usize)> = hints
        .type_drafts
        .iter()
        .flat_map(|(spec_path, list)| {
            list.iter().enumerate().filter_map(|(index, (hint, _))| {
                module_of(spec_path).map(|(p, _)| {
                    (
                        (page_scopes[p], hint.ty.as_str()),
                        (spec_path.as_str(), index),
                    )
                })
            })
        })
        .collect();
    for (page_index, (page, placed)) in pages.iter().zip(&placed).enumerate() {
        let file = page.display_path;
        let scope = page_scopes[page_index];
        for correction in &placed.corrections {
            diagnostics.push(Diagnostic::new(
                file,
                Some(correction.at),
                Problem::CorrectedIndentation {
                    field: correction.field.clone(),
                    printed: correction.printed_parent.clone(),
                    placed: correction.parent.clone(),
                    reason: correction.reasons.join("; "),
                },
            ));
        }
        let drafts = hints.drafts.get(page.spec_path);
        let mut questions = 0;
        for error in &placed.errors {
            let PlacementError::Ambiguous {
                at,
                field,
                candidates,
                tree,
                after,
                hint_paths,
                types,
                depends_on,
                ..
            } = error
            else {
                diagnostics.push(placement_diagnostic(page, error));
                continue;
            };
            questions += 1;
            let draft = drafts.and_then(|list| {
                list.iter().enumerate().find(|(_, (hint, _))| {
                    hint.tree == *tree && hint.after == *after && hint.path.last() == Some(field)
                })
            });
            if let Some((index, (hint, line))) = draft {
                used_drafts.insert((page.spec_path, index));
                diagnostics.push(Diagnostic::new(
                    page.display_path,
                    Some(*at),
                    Problem::UnconfirmedDraft {
                        path: hint.path.join("."),
                        detail: format!(
                            "{hints_display_path}:{line} answers where field `{field}` belongs, among {}",
                            quoted(candidates)
                        ),
                    },
                ));
                continue;
            }
            // Field lists of the candidates' types settle the question (all
            // but one rule their type out, or the order does); the lists no
            // one has written yet are suggested, one per type.
            let listable: Vec<&(String, Pos)> = types
                .iter()
                .flatten()
                .filter(|(key, _)| {
                    !declared_keys.contains(&(scope, key.as_str()))
                        && !matches!(
                            catalogue.types.get(key.as_str()),
                            Some(catalogue::CommonType::Object(_))
                        )
                })
                .collect();
            let where_ = format!("{}:{at}", page.display_path);
            let mut by_drafts = false;
            for (key, _) in &listable {
                if let Some(&(spec_path, index)) = drafted_keys.get(&(scope, key.as_str())) {
                    type_draft_questions
                        .entry((spec_path.to_owned(), index))
                        .or_default()
                        .push(where_.clone());
                    by_drafts = true;
                }
            }
            if by_drafts {
                // Reported with the drafts that would settle it.
                continue;
            }
            let mut diagnostic = placement_diagnostic(page, error);
            if let Problem::AmbiguousParent { hint, .. } = &mut diagnostic.problem {
                if !listable.is_empty() {
                    let _ = write!(
                        hint,
                        "\n  or, settling it and the other fields of the same types: list every field of {} under `types:` (`cargo xtask check-specs --write-hints` drafts the lists)",
                        quoted(&listable.iter().map(|(key, _)| key.clone()).collect::<Vec<_>>())
                    );
                }
            }
            diagnostics.push(diagnostic);
            for (key, occurrence) in &listable {
                let fields = occurrence_fields(placed, *occurrence);
                match type_drafted.get(&(scope, key.clone())) {
                    Some(&index) => {
                        let draft = &mut type_suggestions[index];
                        if fields.len() > draft.hint.fields.len() {
                            draft.hint.fields = fields;
                        }
                        if !draft.questions.contains(&where_) {
                            draft.questions.push(where_.clone());
                        }
                    }
                    None => {
                        type_drafted.insert((scope, key.clone()), type_suggestions.len());
                        type_suggestions.push(TypeDraft {
                            name_assumed: !key_is_certain(placed, *occurrence),
                            page: page.spec_path.to_owned(),
                            hint: TypeHint {
                                ty: key.clone(),
                                fields,
                            },
                            at: format!("{}:{occurrence}", page.display_path),
                            occurrence: *occurrence,
                            path: occurrence_path(placed, *occurrence),
                            questions: vec![where_.clone()],
                        });
                    }
                }
            }
            if let Some(path) = hint_paths.first() {
                suggestions.push(DraftHint {
                    // Lists whose names rest on suggested answers may be
                    // dropped: then the placement is drafted too.
                    by_types: listable
                        .iter()
                        .any(|(_, occurrence)| key_is_certain(placed, *occurrence)),
                    page: page.spec_path.to_owned(),
                    hint: PlacementHint {
                        tree: *tree,
                        after: after.clone(),
                        path: path.clone(),
                    },
                    at: format!("{}:{at}", page.display_path),
                    candidates: candidates.clone(),
                    assumes: depends_on
                        .iter()
                        .map(|pos| format!("{}:{pos}", page.display_path))
                        .collect(),
                });
            }
        }
        if questions >= RECAPTURE_AT && page.page.layout == Layout::Collapsed {
            let link = &page.page.method_link.value;
            let link = if link.to_ascii_lowercase().ends_with(".md") {
                link.clone()
            } else {
                format!("{link}.md")
            };
            diagnostics.push(Diagnostic::new(
                page.display_path,
                None,
                Problem::OneLineCapture { questions, link },
            ));
        }
        let request = placed
            .trees
            .iter()
            .find(|t| t.kind == place::TreeKind::Request);
        let complete = placed.errors.is_empty();
        for required in &page.page.rest.schema.signature.required_parameters {
            let documented = request.is_some_and(|tree| tree.has_path(&required.value));
            // An incomplete tree cannot tell what is undocumented.
            if complete && !documented {
                diagnostics.push(Diagnostic::new(
                    file,
                    Some(required.at),
                    Problem::UndocumentedRequiredPath {
                        path: required.value.clone(),
                    },
                ));
            }
        }
        for (at, field, ty, parent) in &placed.beyond_catalogue {
            // What depends on an open question is no finding yet.
            if occurrence_node(placed, *at).is_none_or(|(tree, node)| tree.nodes[node].provisional)
            {
                continue;
            }
            let settled_by = placed
                .decisions
                .iter()
                .find(|d| d.entry.1 == at.offset)
                .map_or("an open question's suggestion", |d| d.settled_by);
            diagnostics.push(Diagnostic::new(
                file,
                Some(*at),
                Problem::BeyondCatalogue {
                    field: field.clone(),
                    parent: parent.clone(),
                    ty: ty.clone(),
                    settled_by: format!("by {settled_by}"),
                },
            ));
        }
        for &at in &placed.unknown_one_ofs {
            diagnostics.push(Diagnostic::new(
                file,
                Some(at),
                Problem::OneOfMembersUnknown,
            ));
        }
    }
    // A hint that no entry matched names nothing that exists. A page whose
    // placement failed cannot tell: its trees stop at their first unsettled
    // field, so hints for entries after it are never reached.
    let mut page_indices: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        page_indices.entry(page.spec_path).or_insert(index);
    }
    for (spec_path, page_hints) in &hints.placements {
        let page_index = page_indices.get(spec_path.as_str()).copied();
        if page_index.is_some_and(|p| !placed[p].errors.is_empty()) {
            continue;
        }
        for (index, (hint, line)) in page_hints.iter().enumerate() {
            if page_index.is_some_and(|p| placed[p].used_hints.contains(&index)) {
                continue;
            }
            let mut tree = hint.tree.as_str().to_owned();
            if page_index.is_none() {
                tree = format!("{tree} (there is no page specs/{spec_path})");
            }
            diagnostics.push(Diagnostic::new(
                hints_display_path,
                Some(line_pos(*line)),
                Problem::UnusedHint {
                    path: hint.path.join("."),
                    after: hint.after.join("."),
                    tree,
                },
            ));
        }
    }
    // A draft no open question needs is still unconfirmed: nothing is
    // settled by a suggestion alone.
    for (spec_path, drafts) in &hints.drafts {
        for (index, (hint, line)) in drafts.iter().enumerate() {
            if used_drafts.contains(&(spec_path.as_str(), index)) {
                continue;
            }
            diagnostics.push(Diagnostic::new(
                hints_display_path,
                Some(line_pos(*line)),
                Problem::UnconfirmedDraft {
                    path: hint.path.join("."),
                    detail: format!(
                        "for the {} of specs/{spec_path}, after `{}`; no open question matches it now",
                        hint.tree.as_str(),
                        hint.after.join(".")
                    ),
                },
            ));
        }
    }
    for (spec_path, drafts) in &hints.type_drafts {
        for (index, (hint, line)) in drafts.iter().enumerate() {
            let questions = type_draft_questions.get(&(spec_path.clone(), index));
            diagnostics.push(Diagnostic::new(
                hints_display_path,
                Some(line_pos(*line)),
                Problem::UnconfirmedDraft {
                    path: format!("fields of {}", hint.ty),
                    detail: match questions {
                        Some(questions) => format!(
                            "it would settle where the fields at {} belong",
                            questions.join(", ")
                        ),
                        None => "no open question needs it now".to_owned(),
                    },
                },
            ));
        }
    }
    // A field list names a type of its page's module.
    // Only the modules some list names are looked through.
    let listed_scopes: BTreeSet<usize> = type_hint_pages
        .iter()
        .filter_map(|(_, _, _, page)| page.map(|p| page_scopes[p]))
        .collect();
    let mut keys: BTreeSet<(usize, String)> = BTreeSet::new();
    for (index, page) in placed.iter().enumerate() {
        if !listed_scopes.contains(&page_scopes[index]) {
            continue;
        }
        for tree in &page.trees {
            for key in tree.type_keys().into_iter().flatten() {
                keys.insert((page_scopes[index], key));
            }
        }
    }
    for (spec_path, hint, line, page) in &type_hint_pages {
        let known = page.is_some_and(|p| keys.contains(&(page_scopes[p], hint.ty.clone())));
        if !known {
            diagnostics.push(Diagnostic::new(
                hints_display_path,
                Some(line_pos(*line)),
                Problem::UnusedTypeHint {
                    ty: hint.ty.clone(),
                    page: (*spec_path).to_owned(),
                },
            ));
        }
    }
    Recovered {
        placed,
        diagnostics,
        hints,
        hints_display_path: hints_display_path.to_owned(),
        suggestions,
        type_suggestions,
    }
}

/// The node of `placed`'s trees whose entry is at `at` (the response's
/// root: at its `Return type:`), and its tree.
fn occurrence_node(placed: &PlacedPage, at: Pos) -> Option<(&place::Tree, usize)> {
    placed
        .trees
        .iter()
        .find_map(|tree| {
            (1..tree.nodes.len())
                .find(|&n| tree.nodes[n].field.as_ref().is_some_and(|f| f.at == at))
                .map(|n| (tree, n))
        })
        .or_else(|| {
            let response = placed
                .trees
                .iter()
                .find(|t| t.kind == place::TreeKind::Response)?;
            (placed.return_type_at == Some(at)).then_some((response, 0))
        })
}

/// Whether the type key of the node whose entry is at `at` holds whatever
/// the open questions' answers: a printed type name does; the key of an
/// array whose element type was lost names its parent's type, so it holds
/// when the node's place and its parent's key do.
fn key_is_certain(placed: &PlacedPage, at: Pos) -> bool {
    let Some((tree, mut node)) = occurrence_node(placed, at) else {
        return false;
    };
    loop {
        let n = &tree.nodes[node];
        if n.type_name().as_ref().is_some_and(|ty| *ty != n.name()) {
            return true;
        }
        match n.parent {
            Some(parent) if !n.provisional => node = parent,
            _ => return false,
        }
    }
}

/// The field names under the node whose entry is at `at`, as placed.
fn occurrence_fields(placed: &PlacedPage, at: Pos) -> Vec<String> {
    occurrence_node(placed, at).map_or_else(Vec::new, |(tree, node)| {
        tree.nodes[node]
            .children
            .iter()
            .map(|&c| tree.nodes[c].name().to_owned())
            .collect()
    })
}

/// The path of the node whose entry is at `at`.
fn occurrence_path(placed: &PlacedPage, at: Pos) -> String {
    occurrence_node(placed, at).map_or_else(String::new, |(tree, node)| tree.path_text(node))
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn line_pos(line: usize) -> Pos {
    Pos {
        offset: 0,
        line_column: Some((u32::try_from(line).unwrap_or(u32::MAX), 1)),
    }
}

fn placement_diagnostic(page: &SpecPage<'_>, error: &PlacementError) -> Diagnostic {
    let (at, problem) = match error {
        PlacementError::Ambiguous {
            at,
            field,
            candidates,
            tree,
            after,
            hint_paths,
            depends_on,
            ..
        } => {
            let tree = tree.as_str();
            let hint = format!(
                "  - page: {}\n    tree: {tree}\n    after: {}\n    path: {}",
                page.spec_path,
                after.join("."),
                hint_paths.first().map(|p| p.join(".")).unwrap_or_default()
            );
            (
                *at,
                Problem::AmbiguousParent {
                    field: field.clone(),
                    candidates: quoted(candidates),
                    hint,
                    assumes: if depends_on.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "\n  (this question assumes the suggested answers (each entry's first `path`) of the open question(s) at {}; another answer there may change its `after` or its candidates)",
                            depends_on
                                .iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                },
            )
        }
        PlacementError::Conflict {
            at, field, parents, ..
        } => (
            *at,
            Problem::ConflictingEvidence {
                field: field.clone(),
                details: parents
                    .iter()
                    .map(|(parent, reasons)| format!("`{parent}` ({})", reasons.join("; ")))
                    .collect::<Vec<_>>()
                    .join(" vs "),
            },
        ),
        PlacementError::ListContradicted {
            at,
            field,
            parent,
            list,
            evidence,
            ..
        } => (
            *at,
            Problem::FieldListContradicted {
                field: field.clone(),
                parent: format!("`{parent}`"),
                evidence: evidence.join("; "),
                list: list.clone(),
            },
        ),
        PlacementError::MissingFromResponse {
            at,
            object,
            ty,
            missing,
            ..
        } => (
            *at,
            Problem::MissingFromResponse {
                object: object.clone(),
                ty: ty.clone(),
                missing: missing.join("`, `"),
            },
        ),
        PlacementError::HintContradicted {
            at,
            field,
            hinted,
            evidence,
            ..
        } => (
            *at,
            Problem::HintContradicted {
                field: field.clone(),
                hinted: format!("`{hinted}`"),
                evidence: format!("`{}`: {}", evidence.0, evidence.1.join("; ")),
            },
        ),
    };
    Diagnostic::new(page.display_path, Some(at), problem)
}
