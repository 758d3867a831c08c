//! Structure recovery on a collapsed copy of `create-booking.md` (every `<...>`
//! span removed, every whitespace run made one space, as the seed captures were
//! made), read alone: no field may land under a wrong parent. Each field is
//! placed as in the multi-line page or reported as ambiguous; the test plays
//! the maintainer, answering each ambiguity with the hint the error asks for,
//! and counts how many fields evidence settled and how many needed a hint.

use std::collections::BTreeMap;

use codegen::page::Entry;
use codegen::recovery::catalogue::Catalogue;
use codegen::recovery::place::{PlacedPage, PlacementError, PlacementHint, TreeKind};
use codegen::recovery::place_pages;

const PAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../specs/bookings/bookings-writer-v2/create-booking.md"
);

/// At most this many hints: the count measured when the test was written.
/// Fewer is better; more means recovery got worse.
const MAX_HINTS: usize = 59;

fn place(page: &codegen::Page, hints: &[PlacementHint]) -> PlacedPage {
    let catalogue = Catalogue::builtin();
    place_pages(&[page], &[hints.to_vec()], &catalogue).remove(0)
}

/// The ordinal of every entry of the REST schema, by byte offset: the k-th
/// entry of the multi-line page is the k-th entry of its collapsed copy.
fn ordinals(page: &codegen::Page) -> BTreeMap<usize, usize> {
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

/// Every placed entry's path, by the entry's ordinal.
fn placed_paths(
    placed: &PlacedPage,
    ordinals: &BTreeMap<usize, usize>,
) -> BTreeMap<usize, (TreeKind, String)> {
    let mut paths = BTreeMap::new();
    for tree in &placed.trees {
        for (index, node) in tree.nodes.iter().enumerate() {
            if let Some((_, offset)) = node.entry {
                paths.insert(ordinals[&offset], (tree.kind, tree.path(index).join(".")));
            }
        }
    }
    paths
}

#[test]
fn collapsed_create_booking_places_every_field_right_or_asks() {
    let text = std::fs::read_to_string(PAGE).expect("the page is readable");
    let multi_line = codegen::read_page_text(PAGE, &text)
        .expect("the page reads")
        .page;
    let truth = place(&multi_line, &[]);
    assert!(
        truth.errors.is_empty(),
        "the multi-line page recovers: {:?}",
        truth.errors
    );
    let truth_paths = placed_paths(&truth, &ordinals(&multi_line));

    let collapsed = codegen::read_page_text("collapsed copy", &tests::collapse(&text))
        .expect("the copy reads")
        .page;
    let collapsed_ordinals = ordinals(&collapsed);
    assert_eq!(
        collapsed_ordinals.len(),
        truth_paths.len(),
        "both forms have the same entries"
    );
    let mut hints: Vec<PlacementHint> = Vec::new();
    loop {
        let placed = place(&collapsed, &hints);
        for (ordinal, path) in placed_paths(&placed, &collapsed_ordinals) {
            let why = || {
                placed
                    .decisions
                    .iter()
                    .find(|d| d.path == path.1)
                    .map(|d| format!("{}: {:?}", d.settled_by, d.reasons))
            };
            assert_eq!(
                path,
                truth_paths[&ordinal],
                "entry {ordinal} landed under a wrong parent because {:?}",
                why()
            );
        }
        let Some(error) = placed.errors.first() else {
            let parameters = collapsed.rest.schema.signature.parameters.len();
            let fields = truth_paths.len() - parameters;
            println!(
                "collapsed create-booking: {fields} field entries; {} settled by evidence, {} needed a hint",
                fields - hints.len(),
                hints.len()
            );
            assert!(
                hints.len() <= MAX_HINTS,
                "{} hints needed, more than the {MAX_HINTS} measured before",
                hints.len()
            );
            return;
        };
        let PlacementError::Ambiguous {
            entry,
            candidates,
            after,
            ..
        } = error
        else {
            panic!("evidence conflicts on the collapsed copy: {error:?}");
        };
        // Answer as a maintainer would: with the multi-line page's placement.
        let (tree, truth_path) = truth_paths[&collapsed_ordinals[&entry.1]].clone();
        eprintln!("AMB {:?} after {} -> {} among {:?}", tree, after.join("."), truth_path, candidates);
        let parent = truth_path
            .rsplit_once('.')
            .map_or("(root)", |(parent, _)| parent);
        assert!(
            candidates.iter().any(|c| c == parent),
            "the true parent {parent} is among {candidates:?}"
        );
        hints.push(PlacementHint {
            tree,
            after: after.clone(),
            path: truth_path.split('.').map(str::to_owned).collect(),
        });
        assert!(hints.len() <= 200, "no progress");
    }
}
