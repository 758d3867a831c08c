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
use place::{place_page, Knowledge, PageInput, PageTypes, PlacedPage, PlacementHint, TypeFacts};

use crate::page::{Page, SdkModule};

/// The most rounds recovery runs: each round places every page with what the
/// previous round learned about types from all pages.
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
    let evidence: Vec<PageEvidence> = pages.iter().map(|page| PageEvidence::of(page)).collect();
    let mut modules: BTreeMap<SdkModule, usize> = BTreeMap::new();
    let scopes: Vec<usize> = pages
        .iter()
        .map(|page| {
            let next = modules.len();
            *modules.entry(page.sdk_module()).or_insert(next)
        })
        .collect();
    let no_hints = Vec::new();
    let mut facts = TypeFacts::new();
    let mut own: Vec<PageTypes> = vec![PageTypes::default(); pages.len()];
    let mut errors = usize::MAX;
    let mut round = 1;
    loop {
        let knowledge = Knowledge {
            catalogue,
            facts: &facts,
        };
        let placed: Vec<PlacedPage> = pages
            .iter()
            .enumerate()
            .map(|(index, page)| {
                let input = PageInput {
                    index,
                    scope: scopes[index],
                    page,
                    evidence: &evidence[index],
                    hints: hints.get(index).unwrap_or(&no_hints),
                    own: &own[index],
                };
                place_page(&input, &knowledge)
            })
            .collect();
        let round_errors: usize = placed.iter().map(|p| p.errors.len()).sum();
        if round_errors == 0 || round_errors >= errors || round == MAX_ROUNDS {
            return placed;
        }
        errors = round_errors;
        round += 1;
        // What this round placed informs the next; its placements are
        // dropped before the next round makes its own.
        let mut next = TypeFacts::new();
        for (index, page) in placed.iter().enumerate() {
            for tree in &page.trees {
                next.add_tree(scopes[index], tree);
                own[index].set_tree(tree);
            }
        }
        facts = next;
    }
}

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Problem};
use crate::source::{Layout, Pos};
use hints::{DraftHint, Hints};
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
    /// A suggested hints entry for every open question that has neither a
    /// hint nor a draft yet, in page order (`check-specs --write-hints`
    /// writes them as drafts).
    pub suggestions: Vec<DraftHint>,
}

/// How many unsettled fields make a one-line capture worth recapturing.
const RECAPTURE_AT: usize = 3;

/// Recovers every page's structure with the hints file's text
/// (`hints_display_path` names it in diagnostics).
pub fn recover(pages: &[SpecPage<'_>], hints_text: &str, hints_display_path: &str) -> Recovered {
    let mut diagnostics = Vec::new();
    let hints = match Hints::parse(hints_text) {
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
    let refs: Vec<&Page> = pages.iter().map(|p| p.page).collect();
    let placed = place_pages(&refs, &page_hints, &Catalogue::builtin());
    let mut used_drafts: BTreeSet<(&str, usize)> = BTreeSet::new();
    let mut suggestions = Vec::new();
    for (page, placed) in pages.iter().zip(&placed) {
        let file = page.display_path;
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
                    hint.tree == *tree
                        && hint.after == *after
                        && hint.path.last() == Some(field)
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
            diagnostics.push(placement_diagnostic(page, error));
            if let Some(path) = hint_paths.first() {
                suggestions.push(DraftHint {
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
            let link = if link.ends_with(".md") {
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
            let documented = request.is_some_and(|tree| {
                (0..tree.nodes.len()).any(|node| tree.path(node).join(".") == required.value)
            });
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
    Recovered {
        placed,
        diagnostics,
        hints,
        hints_display_path: hints_display_path.to_owned(),
        suggestions,
    }
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
                            "\n  (this question assumes the first candidate of the open question(s) at {}; another answer there may change its `after` or its candidates)",
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
