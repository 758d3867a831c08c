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

use catalogue::Catalogue;
use evidence::PageEvidence;
use place::{place_page, Knowledge, PageInput, PlacedPage, PlacementHint, TypeFacts};

use crate::page::Page;

/// The most rounds recovery runs: each round places every page with what the
/// previous round learned about types from all pages.
const MAX_ROUNDS: usize = 4;

/// Places every page's entries; `hints[i]` are the hints for `pages[i]`.
pub fn place_pages(
    pages: &[&Page],
    hints: &[Vec<PlacementHint>],
    catalogue: &Catalogue,
) -> Vec<PlacedPage> {
    let evidence: Vec<PageEvidence> = pages.iter().map(|page| PageEvidence::of(page)).collect();
    let no_hints = Vec::new();
    let mut facts = TypeFacts::from_catalogue(catalogue);
    let mut placed: Vec<PlacedPage> = Vec::new();
    let mut errors = usize::MAX;
    for _ in 0..MAX_ROUNDS {
        let knowledge = Knowledge {
            catalogue,
            facts: &facts,
        };
        placed = pages
            .iter()
            .enumerate()
            .map(|(index, page)| {
                let input = PageInput {
                    index,
                    page,
                    evidence: &evidence[index],
                    hints: hints.get(index).unwrap_or(&no_hints),
                };
                place_page(&input, &knowledge)
            })
            .collect();
        let round_errors: usize = placed.iter().map(|p| p.errors.len()).sum();
        let mut next = TypeFacts::from_catalogue(catalogue);
        for tree in placed.iter().flat_map(|p| &p.trees) {
            next.add_tree(tree);
        }
        facts = next;
        if round_errors == 0 || round_errors >= errors {
            break;
        }
        errors = round_errors;
    }
    placed
}
