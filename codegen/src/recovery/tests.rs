//! Unit tests of structure recovery, on small synthetic pages read in both
//! capture forms (multi-line, and whitespace-collapsed): each source of
//! evidence settling a placement that is ambiguous without it, and each error
//! with its exact diagnostic.
//!
//! Most pages derive from [`BASE`], which is ambiguous without evidence
//! (`without_evidence_the_base_page_is_ambiguous_in_both_forms`); each
//! evidence test adds one source to it and checks where it puts the field,
//! both ways where the source can point both ways.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Problem};
use crate::page::{ExampleCode, Page};
use crate::read_page_text;
use crate::source::{Pos, Source};

use super::catalogue::Catalogue;
use super::place::{PlacedPage, PlacementError, TreeKind};
use super::{place_pages, recover_explaining, Recovered, SpecPage};

/// Recovers `pages` keeping every decision's words (what the tests read),
/// and checks that recovery without them decides and reports the same.
fn recover(pages: &[SpecPage<'_>], hints: &str, hints_display_path: &str) -> Recovered {
    let explained = recover_explaining(pages, hints, hints_display_path);
    let quiet = super::recover(pages, hints, hints_display_path);
    assert_eq!(quiet.diagnostics, explained.diagnostics);
    for (quiet, explained) in quiet.placed.iter().zip(&explained.placed) {
        let outline = |placed: &PlacedPage| -> Vec<String> {
            placed
                .trees
                .iter()
                .map(super::place::Tree::outline)
                .collect()
        };
        assert_eq!(outline(quiet), outline(explained));
        let decided = |placed: &PlacedPage| -> Vec<(String, &'static str)> {
            placed
                .decisions
                .iter()
                .map(|d| (placed.decision_path(d), d.settled_by))
                .collect()
        };
        assert_eq!(decided(quiet), decided(explained));
        for (quiet, explained) in quiet.decisions.iter().zip(&explained.decisions) {
            assert!(quiet.reasons.is_empty() || quiet.reasons == explained.reasons);
        }
        assert_eq!(quiet.corrections, explained.corrections);
        assert_eq!(quiet.errors, explained.errors);
    }
    explained
}

/// Where the test page lives under `specs/`, as hints name it.
const SPEC_PATH: &str = "things/create-thing.md";
/// The test page's path in diagnostics.
const FILE: &str = "specs/things/create-thing.md";
/// The hints file's path in diagnostics.
const HINTS_FILE: &str = "specs/hints.yaml";

/// A small multi-line page; the `{...}` slots come from a [`Spec`].
const TEMPLATE: &str = r"# {TITLE}

# Package: things

# Namespace: ThingsService

# Method link: https://dev.wix.com/docs/api-reference/things/things/create-thing.md

## Permission Scopes:
Manage Things: SCOPE.THINGS.MANAGE

## Introduction

{INTRO}

---

## REST API

### Schema

```
 Method: {METHOD}
 Description: Does things.
 URL: https://www.wixapis.com/things/v1/things
 Method: POST
 Required parameters: {REQUIRED}
 Method parameters: 
{PARAMS}
 Return type: {RETURN_TYPE}
{RETURNS}
```

### Examples

### An example
```curl
curl -X POST \
'https://www.wixapis.com/things/v1/things' \
-H 'Authorization: TOKEN' \
-d '{BODY}'
```

---
";

/// What a test page varies. Field lines are written as a multi-line page
/// prints them, indentation included.
#[derive(Clone, Copy)]
struct Spec {
    /// The REST method name; the title is the same, capitalised.
    method: &'static str,
    intro: &'static str,
    /// The `Required parameters:` list.
    required: &'static str,
    /// The `param name:` lines and the field lines under them.
    params: &'static [&'static str],
    return_type: &'static str,
    /// The field lines under `Return type:`.
    returns: &'static [&'static str],
    /// The JSON body of the page's curl example.
    body: &'static str,
}

/// The page most tests start from: `y` follows `thing.a.x`, and could be a
/// field of `thing.a` or of `thing`. On collapsed pages both are open; on
/// multi-line pages `y` is printed under `a`, a top-level field of the
/// parameter, the spot where the docs print some fields one level too deep.
const BASE: Spec = Spec {
    method: "createThing",
    intro: "Creates a thing.",
    required: "thing",
    params: &[
        "   param name: thing | type: Thing | description: The thing. | required: true",
        "      - name: a | type: A | description: An A.",
        "         - name: x | type: string | description: X.",
        "         - name: y | type: string | description: Y.",
    ],
    return_type: "CreateThingResponse",
    returns: &[],
    body: r#"{"thing": {}}"#,
};

/// The request paths of [`BASE`] with `y` a field of `thing`, and of `thing.a`.
const Y_UNDER_THING: [&str; 4] = ["thing", "thing.a", "thing.a.x", "thing.y"];
const Y_UNDER_A: [&str; 4] = ["thing", "thing.a", "thing.a.x", "thing.a.y"];

/// A parameter without fields, for pages whose test is in the response.
const ID_PARAM: &[&str] =
    &["   param name: thingId | type: string | description: GUID. | required: true"];

/// A page whose response is open on collapsed pages: `z` follows `a.x`, and
/// could be a field of `a` or of the response.
const RESPONSE: Spec = Spec {
    method: "getThing",
    required: "thingId",
    params: ID_PARAM,
    return_type: "GetThingResponse",
    returns: &[
        "  - name: a | type: A | description: An A.",
        "     - name: x | type: string | description: X.",
        "  - name: z | type: string | description: Z.",
    ],
    body: r#"{"thingId": "1"}"#,
    ..BASE
};

/// A parameter whose fields after a one-of member are printed one level too
/// deep, under the member `choices`, as the docs do.
const ONE_OF: Spec = Spec {
    params: &[
        "   param name: thing | type: Thing | description: The thing. | required: true",
        "    - ONE-OF: - required: true",
        "     - name: total | type: integer | description: Total.",
        "     - name: choices | type: Choices | description: Choices.",
        "        - name: count | type: integer | description: Count.",
        "        - name: title | type: string | description: Title.",
    ],
    ..BASE
};

impl Spec {
    /// The page as the docs site prints it.
    fn multi_line(&self) -> String {
        let mut title = self.method.to_owned();
        title[..1].make_ascii_uppercase();
        TEMPLATE
            .replace("{TITLE}", &title)
            .replace("{INTRO}", self.intro)
            .replace("{METHOD}", self.method)
            .replace("{REQUIRED}", self.required)
            .replace("{PARAMS}", &self.params.join("\n"))
            .replace("{RETURN_TYPE}", self.return_type)
            .replace("{RETURNS}", &self.returns.join("\n"))
            .replace("{BODY}", self.body)
    }

    /// The page as a whitespace-collapsed capture makes it: every `<...>`
    /// span lost, every whitespace run one space.
    fn collapsed(&self) -> String {
        let text = self.multi_line();
        let mut kept = String::new();
        let mut depth = 0_usize;
        for c in text.chars() {
            match c {
                '<' => depth += 1,
                '>' if depth > 0 => depth -= 1,
                _ if depth == 0 => kept.push(c),
                _ => {}
            }
        }
        kept.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Both forms: `[multi-line, collapsed]`.
    fn texts(&self) -> [String; 2] {
        [self.multi_line(), self.collapsed()]
    }
}

/// The page `text` reads to; panics (failing the test) on reader errors.
fn read(text: &str) -> Page {
    match read_page_text(FILE, text) {
        Ok(read) => read.page,
        Err(diagnostics) => panic!("the page does not read:\n{}", render(&diagnostics)),
    }
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| d.to_string() + "\n").collect()
}

/// Recovers the one page `text` (at [`SPEC_PATH`]) with the hints file `hints`.
fn recover_one(text: &str, hints: &str) -> Recovered {
    let page = read(text);
    recover(
        &[SpecPage {
            display_path: FILE,
            spec_path: SPEC_PATH,
            page: &page,
        }],
        hints,
        HINTS_FILE,
    )
}

/// A hints entry for the test page.
fn hint(tree: &str, after: &str, path: &str) -> String {
    format!("  - page: {SPEC_PATH}\n    tree: {tree}\n    after: {after}\n    path: {path}\n")
}

/// A hints file of `entries` (its first two lines: a comment, `placements:`).
fn hints_file(entries: &[String]) -> String {
    format!("# Hints.\nplacements:\n{}", entries.concat())
}

/// Every field path of a page's tree, in node order.
fn paths(placed: &PlacedPage, kind: TreeKind) -> Vec<String> {
    let tree = placed
        .trees
        .iter()
        .find(|t| t.kind == kind)
        .expect("both trees are built");
    (1..tree.nodes.len()).map(|n| tree.path_text(n)).collect()
}

/// The request paths of the first page.
fn request(recovered: &Recovered) -> Vec<String> {
    paths(&recovered.placed[0], TreeKind::Request)
}

/// The request paths of the first page whose place is settled, and those
/// placed provisionally (their place depends on an open question).
fn request_split(recovered: &Recovered) -> (Vec<String>, Vec<String>) {
    let tree = &recovered.placed[0].trees[0];
    assert_eq!(tree.kind, TreeKind::Request);
    let (provisional, settled): (Vec<usize>, Vec<usize>) =
        (1..tree.nodes.len()).partition(|&n| tree.nodes[n].provisional);
    let text = |nodes: Vec<usize>| nodes.into_iter().map(|n| tree.path_text(n)).collect();
    (text(settled), text(provisional))
}

/// The response paths of the first page.
fn response(recovered: &Recovered) -> Vec<String> {
    paths(&recovered.placed[0], TreeKind::Response)
}

/// What settled the field placed at `path`, and the evidence.
fn settled(placed: &PlacedPage, path: &str) -> (&'static str, Vec<String>) {
    let decision = placed
        .decisions
        .iter()
        .find(|d| placed.decision_path(d) == path)
        .unwrap_or_else(|| panic!("`{path}` was not placed"));
    (decision.settled_by, decision.reasons.clone())
}

fn assert_no_errors(recovered: &Recovered) {
    assert!(
        !recovered.diagnostics.iter().any(Diagnostic::is_error),
        "unexpected errors:\n{}",
        render(&recovered.diagnostics)
    );
}

/// The one diagnostic of `recovered`; panics when there are others.
fn sole(recovered: &Recovered) -> &Diagnostic {
    assert_eq!(
        recovered.diagnostics.len(),
        1,
        "expected one diagnostic, got:\n{}",
        render(&recovered.diagnostics)
    );
    &recovered.diagnostics[0]
}

/// The field and candidates of the one diagnostic, an ambiguity.
fn sole_ambiguity(recovered: &Recovered) -> (&str, &str) {
    match &sole(recovered).problem {
        Problem::AmbiguousParent {
            field, candidates, ..
        } => (field, candidates),
        other => panic!("expected an ambiguity, got: {other}"),
    }
}

/// The position of the first `needle` in `text`, as the reader reports it.
fn pos_of(text: &str, needle: &str) -> Pos {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in the page"));
    Source::new(text).pos(offset)
}

/// Where the body of the page's curl example starts.
fn body_at(text: &str) -> Pos {
    match &read(text).rest.examples[0].code {
        ExampleCode::Curl(call) => call.body.as_ref().expect("the example has a body").at,
        ExampleCode::JavaScript(_) | ExampleCode::Other { .. } => panic!("expected a curl example"),
    }
}

/// Where `Required parameters` lists `path`.
fn required_at(text: &str, path: &str) -> Pos {
    read(text)
        .rest
        .schema
        .signature
        .required_parameters
        .iter()
        .find(|p| p.value == path)
        .unwrap_or_else(|| panic!("`{path}` is not a required parameter"))
        .at
}

#[test]
fn without_evidence_the_base_page_is_ambiguous_in_both_forms() {
    for text in BASE.texts() {
        let recovered = recover_one(&text, "");
        assert_eq!(sole_ambiguity(&recovered), ("y", "`thing.a`, `thing`"));
        // The unsettled field is placed provisionally under its deepest
        // candidate (keeping the others open for what follows), and marked.
        assert_eq!(
            request_split(&recovered),
            (
                vec!["thing".into(), "thing.a".into(), "thing.a.x".into()],
                vec!["thing.a.y".into()]
            )
        );
    }
}

// Evidence, one source at a time.

#[test]
fn indentation_settles_placements_on_multi_line_pages() {
    let z_at_top = RESPONSE;
    let z_under_a = Spec {
        returns: &[
            "  - name: a | type: A | description: An A.",
            "     - name: x | type: string | description: X.",
            "     - name: z | type: string | description: Z.",
        ],
        ..z_at_top
    };
    for (spec, expected) in [
        (z_at_top, ["a", "a.x", "z"]),
        (z_under_a, ["a", "a.x", "a.z"]),
    ] {
        let recovered = recover_one(&spec.multi_line(), "");
        assert_no_errors(&recovered);
        assert_eq!(response(&recovered), expected);
        let (by, reasons) = settled(&recovered.placed[0], expected[2]);
        assert_eq!(
            (by, reasons.as_slice()),
            ("indentation", ["the indentation".to_owned()].as_slice())
        );
    }
    // Without indentation the two pages are the same text, and `z` is open.
    assert_eq!(z_at_top.collapsed(), z_under_a.collapsed());
    let recovered = recover_one(&z_at_top.collapsed(), "");
    assert_eq!(sole_ambiguity(&recovered), ("z", "`a`, `(root)`"));
}

#[test]
fn fields_printed_too_deep_after_a_one_of_member_move_up_when_evidence_says_so() {
    let moved = Spec {
        body: r#"{"thing": {"total": 1, "title": "T"}}"#,
        ..ONE_OF
    };
    let text = moved.multi_line();
    let recovered = recover_one(&text, "");
    assert_eq!(
        request(&recovered),
        [
            "thing",
            "thing.total",
            "thing.choices",
            "thing.choices.count",
            "thing.title"
        ]
    );
    let warning = sole(&recovered);
    assert!(!warning.is_error());
    assert_eq!(warning.file, FILE);
    assert_eq!(warning.at, Some(pos_of(&text, "- name: title")));
    assert_eq!(
        warning.problem,
        Problem::CorrectedIndentation {
            field: "title".into(),
            printed: "thing.choices".into(),
            placed: "thing".into(),
            reason: format!("the example body at {} has `thing.title`", body_at(&text)),
        }
    );
    // The collapsed copy places it the same, with nothing to correct.
    let recovered = recover_one(&moved.collapsed(), "");
    assert_no_errors(&recovered);
    assert!(recovered.placed[0].corrections.is_empty());
    assert_eq!(
        request(&recovered).last().map(String::as_str),
        Some("thing.title")
    );
}

#[test]
fn fields_printed_under_a_top_level_field_stay_when_evidence_agrees_and_are_open_without_it() {
    let kept = Spec {
        body: r#"{"thing": {"choices": {"count": 1, "title": "T"}}}"#,
        ..ONE_OF
    };
    for text in kept.texts() {
        let recovered = recover_one(&text, "");
        assert_no_errors(&recovered);
        assert!(recovered.placed[0].corrections.is_empty());
        assert_eq!(
            request(&recovered).last().map(String::as_str),
            Some("thing.choices.title")
        );
    }
    // The printed parent is not trusted on its own in this spot.
    let recovered = recover_one(&ONE_OF.multi_line(), "");
    assert_eq!(
        sole_ambiguity(&recovered),
        ("title", "`thing.choices`, `thing`")
    );
}

#[test]
fn example_bodies_settle_a_parent() {
    let under_thing = Spec {
        body: r#"{"thing": {"a": {"x": "1"}, "y": "2"}}"#,
        ..BASE
    };
    let under_a = Spec {
        body: r#"{"thing": {"a": {"x": "1", "y": "2"}}}"#,
        ..BASE
    };
    for (spec, expected, path) in [
        (under_thing, Y_UNDER_THING, "thing.y"),
        (under_a, Y_UNDER_A, "thing.a.y"),
    ] {
        for text in spec.texts() {
            let recovered = recover_one(&text, "");
            assert_no_errors(&recovered);
            assert_eq!(request(&recovered), expected);
            assert_eq!(
                settled(&recovered.placed[0], path),
                (
                    "example body or required path",
                    vec![format!(
                        "the example body at {} has `{path}`",
                        body_at(&text)
                    )]
                )
            );
        }
    }
}

#[test]
fn required_paths_settle_a_parent() {
    let under_thing = Spec {
        required: "thing, thing.y",
        ..BASE
    };
    let under_a = Spec {
        required: "thing, thing.a.y",
        ..BASE
    };
    for (spec, expected, path) in [
        (under_thing, Y_UNDER_THING, "thing.y"),
        (under_a, Y_UNDER_A, "thing.a.y"),
    ] {
        for text in spec.texts() {
            let recovered = recover_one(&text, "");
            assert_no_errors(&recovered);
            assert_eq!(request(&recovered), expected);
            assert_eq!(
                settled(&recovered.placed[0], path),
                (
                    "example body or required path",
                    vec![format!(
                        "the `Required parameters` list at {} has `{path}`",
                        required_at(&text, path)
                    )]
                )
            );
        }
    }
}

#[test]
fn backticked_paths_in_the_introduction_and_descriptions_settle_a_parent() {
    let in_intro = Spec {
        intro: "Creates a thing. Set `a.y` to name it.",
        ..BASE
    };
    let in_description = Spec {
        params: &[
            "   param name: thing | type: Thing | description: The thing. | required: true",
            "      - name: a | type: A | description: An A.",
            "         - name: x | type: string | description: X. Ignored when `thing.y` is set.",
            "         - name: y | type: string | description: Y.",
        ],
        ..BASE
    };
    for text in in_intro.texts() {
        let recovered = recover_one(&text, "");
        assert_no_errors(&recovered);
        assert_eq!(request(&recovered), Y_UNDER_A);
        let intro_at = read(&text).introduction.at;
        assert_eq!(
            settled(&recovered.placed[0], "thing.a.y"),
            (
                "text, catalogue or other pages",
                vec![format!("the text at {intro_at} says `a.y`")]
            )
        );
    }
    for text in in_description.texts() {
        let recovered = recover_one(&text, "");
        assert_no_errors(&recovered);
        assert_eq!(request(&recovered), Y_UNDER_THING);
        let x_at = pos_of(&text, "- name: x");
        assert_eq!(
            settled(&recovered.placed[0], "thing.y"),
            (
                "text, catalogue or other pages",
                vec![format!("the text at {x_at} says `thing.y`")]
            )
        );
    }
}

/// A query page: `status` follows `things.kind.label`, and could be a field
/// of `things.kind` or of the queried items `things` (the response itself
/// holds only `things` and `pagingMetadata`).
const QUERY: Spec = Spec {
    method: "queryThings",
    intro: "Queries things.",
    required: "query",
    params: &["   param name: query | type: QueryV2 | description: The query. | required: true"],
    return_type: "QueryThingsResponse",
    returns: &[
        "  - name: things | type: array<Thing> | description: Things.",
        "     - name: id | type: string | description: GUID.",
        "     - name: kind | type: Kind | description: Kind.",
        "        - name: label | type: string | description: Label.",
        "     - name: status | type: string | description: Status.",
        "  - name: pagingMetadata | type: CursorPagingMetadata | description: Paging.",
    ],
    body: r#"{"query": {}}"#,
};

#[test]
fn query_filter_keys_name_fields_of_the_queried_items() {
    let recovered = recover_one(&QUERY.collapsed(), "");
    // Not the root: a query response holds only the items and
    // `pagingMetadata`.
    assert_eq!(
        sole_ambiguity(&recovered),
        ("status", "`things.kind`, `things`")
    );
    let filtered = Spec {
        body: r#"{"query": {"filter": {"$and": [{"status": {"$eq": "READY"}}]}}}"#,
        ..QUERY
    };
    let text = filtered.collapsed();
    let recovered = recover_one(&text, "");
    assert_no_errors(&recovered);
    assert_eq!(
        response(&recovered),
        [
            "things",
            "things.id",
            "things.kind",
            "things.kind.label",
            "things.status",
            "pagingMetadata"
        ]
    );
    assert_eq!(
        settled(&recovered.placed[0], "things.status"),
        (
            "text, catalogue or other pages",
            vec![format!(
                "the example filter at {} names `status` as a field of the queried items",
                body_at(&text)
            )]
        )
    );
    // A dotted key names its parent: `kind.status` is a field of `kind`.
    let dotted = Spec {
        body: r#"{"query": {"filter": {"kind.status": "READY"}}}"#,
        ..QUERY
    };
    let recovered = recover_one(&dotted.collapsed(), "");
    assert_no_errors(&recovered);
    assert!(response(&recovered).contains(&"things.kind.status".to_owned()));
}

/// A list page's paging metadata: `hasNext` follows
/// `pagingMetadata.cursors.next`.
const PAGING: Spec = Spec {
    method: "listThings",
    required: "thingId",
    params: ID_PARAM,
    return_type: "ListThingsResponse",
    returns: &[
        "  - name: pagingMetadata | type: CursorPagingMetadata | description: Paging.",
        "     - name: cursors | type: Cursors | description: Cursors.",
        "        - name: next | type: string | description: Next.",
        "     - name: hasNext | type: boolean | description: Whether there are more.",
    ],
    body: r#"{"thingId": "1"}"#,
    ..BASE
};

#[test]
fn the_catalogue_settles_paging_metadata_fields() {
    let text = PAGING.collapsed();
    let recovered = recover_one(&text, "");
    assert_no_errors(&recovered);
    assert_eq!(
        response(&recovered),
        [
            "pagingMetadata",
            "pagingMetadata.cursors",
            "pagingMetadata.cursors.next",
            "pagingMetadata.hasNext"
        ]
    );
    assert_eq!(
        settled(&recovered.placed[0], "pagingMetadata.hasNext"),
        (
            "text, catalogue or other pages",
            vec!["type `CursorPagingMetadata` has a field `hasNext` elsewhere, and a response shows every field of a type, so the deepest open object shows it".to_owned()]
        )
    );
    // `prev` in the same spot is a field of `Cursors`.
    let prev = Spec {
        returns: &[
            "  - name: pagingMetadata | type: CursorPagingMetadata | description: Paging.",
            "     - name: cursors | type: Cursors | description: Cursors.",
            "        - name: next | type: string | description: Next.",
            "        - name: prev | type: string | description: Previous.",
        ],
        ..PAGING
    };
    let recovered = recover_one(&prev.collapsed(), "");
    assert_no_errors(&recovered);
    assert_eq!(
        response(&recovered).last().map(String::as_str),
        Some("pagingMetadata.cursors.prev")
    );
    // The catalogue is complete: a field neither common type has can only
    // be the response's own.
    let total = Spec {
        returns: &[
            "  - name: pagingMetadata | type: CursorPagingMetadata | description: Paging.",
            "     - name: cursors | type: Cursors | description: Cursors.",
            "        - name: next | type: string | description: Next.",
            "  - name: total | type: integer | description: Total.",
        ],
        ..PAGING
    };
    let recovered = recover_one(&total.collapsed(), "");
    assert_no_errors(&recovered);
    assert_eq!(
        settled(&recovered.placed[0], "total"),
        (
            "elimination",
            vec![
                "the common type `Cursors` has no field `total`".to_owned(),
                "the common type `CursorPagingMetadata` has no field `total`".to_owned()
            ]
        )
    );
    // Without the catalogue nothing settles `hasNext`.
    let page = read(&text);
    let empty = Catalogue {
        types: BTreeMap::new(),
    };
    let placed = place_pages(&[&page], &[Vec::new()], &empty).remove(0);
    let [PlacementError::Ambiguous {
        field, candidates, ..
    }] = placed.errors.as_slice()
    else {
        panic!("expected one ambiguity, got {:?}", placed.errors);
    };
    assert_eq!(field, "hasNext");
    assert_eq!(
        candidates,
        &["pagingMetadata.cursors", "pagingMetadata", "(root)"]
    );
}

/// A page of the same module whose response shows `thing` and its `a`,
/// with the fields given: a response shows every field of a type.
fn shows(thing: &'static [&'static str]) -> Spec {
    Spec {
        method: "getThing",
        required: "thingId",
        params: ID_PARAM,
        return_type: "GetThingResponse",
        returns: thing,
        body: r#"{"thingId": "1"}"#,
        ..BASE
    }
}

/// [`BASE`] placed beside `other` (multi-line), read in both forms.
fn beside(other: &Spec) -> Vec<Recovered> {
    let other_text = other.multi_line();
    let other_page = read(&other_text);
    BASE.texts()
        .iter()
        .map(|text| {
            let page = read(text);
            recover(
                &[
                    SpecPage {
                        display_path: "specs/things/get-thing.md",
                        spec_path: "things/get-thing.md",
                        page: &other_page,
                    },
                    SpecPage {
                        display_path: FILE,
                        spec_path: SPEC_PATH,
                        page: &page,
                    },
                ],
                "",
                HINTS_FILE,
            )
        })
        .collect()
}

#[test]
fn what_another_page_shows_of_a_type_settles_a_page() {
    // Another page's response shows both types whole: the one without `y`
    // is ruled out.
    let a_has_y = shows(&[
        "  - name: thing | type: Thing | description: The thing.",
        "     - name: a | type: A | description: An A.",
        "        - name: x | type: string | description: X.",
        "        - name: y | type: string | description: Y.",
    ]);
    let thing_has_y = shows(&[
        "  - name: thing | type: Thing | description: The thing.",
        "     - name: a | type: A | description: An A.",
        "        - name: x | type: string | description: X.",
        "     - name: y | type: string | description: Y.",
    ]);
    for (other, expected, reason) in [
        (
            a_has_y,
            Y_UNDER_A,
            "a response on another page shows every field of `Thing`, and `y` is not one",
        ),
        (
            thing_has_y,
            Y_UNDER_THING,
            "a response on another page shows every field of `A`, and `y` is not one",
        ),
    ] {
        for (form, recovered) in beside(&other).into_iter().enumerate() {
            assert_no_errors(&recovered);
            assert_eq!(paths(&recovered.placed[1], TreeKind::Request), expected);
            let (settled_by, reasons) = settled(&recovered.placed[1], expected[3]);
            if form == 0 && expected == Y_UNDER_A {
                // Multi-line: the indentation says `a`, and `A`'s complete
                // list (a response shows every field) agrees.
                assert_eq!(settled_by, "text, catalogue or other pages");
                assert_eq!(
                    reasons,
                    ["the indentation puts it here, and type `A` has a field `y` elsewhere (a complete list)"]
                );
            } else {
                assert_eq!(settled_by, "elimination");
                assert!(reasons.contains(&reason.to_owned()), "{reasons:?}");
            }
        }
    }
    // On a collapsed page, knowing only that `A` has a `y` settles nothing:
    // `Thing` may have one too, and `a` may have ended (a request hides
    // read-only fields). On the multi-line page the indentation says `a`.
    let only_a = shows(&[
        "  - name: a | type: A | description: An A.",
        "     - name: x | type: string | description: X.",
        "     - name: y | type: string | description: Y.",
    ]);
    let [multi_line, collapsed] = beside(&only_a).try_into().ok().expect("two forms");
    assert_no_errors(&multi_line);
    assert_eq!(paths(&multi_line.placed[1], TreeKind::Request), Y_UNDER_A);
    assert_eq!(sole_ambiguity(&collapsed), ("y", "`thing.a`, `thing`"));
}

#[test]
fn a_hint_settles_an_ambiguity_and_is_marked_used() {
    for (path, expected) in [("thing.y", Y_UNDER_THING), ("thing.a.y", Y_UNDER_A)] {
        let hints = hints_file(&[hint("request", "thing.a.x", path)]);
        for text in BASE.texts() {
            let recovered = recover_one(&text, &hints);
            assert_no_errors(&recovered);
            assert_eq!(request(&recovered), expected);
            assert_eq!(recovered.placed[0].used_hints, [0]);
            assert_eq!(
                settled(&recovered.placed[0], path),
                ("hint", vec!["the hints file says so".to_owned()])
            );
        }
    }
}

// Errors.

#[test]
fn an_ambiguity_names_field_position_candidates_and_the_hint_that_settles_it() {
    let cases = [
        (
            BASE.multi_line(),
            "y",
            "`thing.a`, `thing`",
            "request",
            "thing.a.x",
            "thing.a.y",
            "`A`, `Thing`",
        ),
        (
            BASE.collapsed(),
            "y",
            "`thing.a`, `thing`",
            "request",
            "thing.a.x",
            "thing.a.y",
            "`A`, `Thing`",
        ),
        (
            RESPONSE.collapsed(),
            "z",
            "`a`, `(root)`",
            "response",
            "a.x",
            "a.z",
            "`A`, `GetThingResponse`",
        ),
    ];
    for (text, field, candidates, tree, after, path, lists) in cases {
        let recovered = recover_one(&text, "");
        let error = sole(&recovered);
        assert!(error.is_error());
        assert_eq!(error.file, FILE);
        assert_eq!(error.at, Some(pos_of(&text, &format!("- name: {field} "))));
        let entry = hint(tree, after, path);
        assert_eq!(
            error.problem,
            Problem::AmbiguousParent {
                field: field.into(),
                candidates: candidates.into(),
                hint: format!(
                    "{}\n  or, settling it and the other fields of the same types: list every field of {lists} under `types:` (`cargo xtask check-specs --write-hints` drafts the lists)",
                    entry.trim_end()
                ),
                assumes: String::new(),
            }
        );
        assert!(error.to_string().contains(&entry), "{error}");
        assert!(error.problem.help().contains("add the hints entry shown"));
        // The round trip: the entry shown, added to the hints file, settles it.
        let recovered = recover_one(&text, &hints_file(&[entry]));
        assert_eq!(render(&recovered.diagnostics), "");
        assert_eq!(recovered.placed[0].used_hints, [0]);
        let placed = paths(
            &recovered.placed[0],
            if tree == "request" {
                TreeKind::Request
            } else {
                TreeKind::Response
            },
        );
        assert_eq!(placed.last().map(String::as_str), Some(path));
    }
}

#[test]
fn strong_evidence_for_two_parents_is_a_conflict() {
    let conflicting = Spec {
        required: "thing, thing.y",
        body: r#"{"thing": {"a": {"x": "1", "y": "2"}}}"#,
        ..BASE
    };
    for text in conflicting.texts() {
        let recovered = recover_one(&text, "");
        let error = sole(&recovered);
        assert!(error.is_error());
        assert_eq!(error.at, Some(pos_of(&text, "- name: y ")));
        assert_eq!(
            error.problem,
            Problem::ConflictingEvidence {
                field: "y".into(),
                details: format!(
                    "`thing.a` (the example body at {} has `thing.a.y`) vs `thing` (the `Required parameters` list at {} has `thing.y`)",
                    body_at(&text),
                    required_at(&text, "thing.y")
                ),
            }
        );
        let (settled, provisional) = request_split(&recovered);
        assert_eq!(settled, ["thing", "thing.a", "thing.a.x"]);
        assert_eq!(provisional.len(), 1, "{provisional:?}");
    }
}

#[test]
fn a_hint_outweighs_a_path_stated_for_another_parent() {
    // `Required parameters` names `thing.y`: it says the field exists, not
    // that this entry is it. The maintainer's hint stands; the stated path,
    // which no entry documents then, is reported.
    let required = Spec {
        required: "thing, thing.y",
        ..BASE
    };
    let hints = hints_file(&[hint("request", "thing.a.x", "thing.a.y")]);
    for text in required.texts() {
        let recovered = recover_one(&text, &hints);
        let warning = sole(&recovered);
        assert!(!warning.is_error());
        assert_eq!(
            (warning.file.as_str(), warning.at),
            (FILE, Some(required_at(&text, "thing.y")))
        );
        assert_eq!(
            warning.problem,
            Problem::UndocumentedRequiredPath {
                path: "thing.y".into()
            }
        );
        assert_eq!(request(&recovered), Y_UNDER_A);
    }
}

#[test]
fn a_hint_that_a_field_list_contradicts_is_an_error() {
    let hints = format!(
        "{}types:\n  - page: {SPEC_PATH}\n    type: A\n    fields: [x]\n",
        hints_file(&[hint("request", "thing.a.x", "thing.a.y")])
    );
    for text in BASE.texts() {
        let recovered = recover_one(&text, &hints);
        // Reported once: the hint matched `y`, so it is not also reported
        // as matching no entry.
        let error = sole(&recovered);
        assert!(error.is_error());
        assert_eq!(
            (error.file.as_str(), error.at),
            (FILE, Some(pos_of(&text, "- name: y ")))
        );
        assert_eq!(
            error.problem,
            Problem::HintContradicted {
                field: "y".into(),
                hinted: "`thing.a`".into(),
                evidence: format!(
                    "`thing.a`: {HINTS_FILE}:{} lists every field of `A`, and `y` is not one",
                    hints
                        .lines()
                        .position(|l| l.contains("type: A"))
                        .unwrap_or(0)
                        + 1
                ),
            }
        );
        let (settled, provisional) = request_split(&recovered);
        assert_eq!(settled, ["thing", "thing.a", "thing.a.x"]);
        assert_eq!(provisional, ["thing.a.y"]);
    }
}

#[test]
fn hints_that_match_no_entry_are_errors_at_their_line() {
    // The page needs no hint: `Required parameters` settles `y`.
    let settled_page = Spec {
        required: "thing, thing.a.y",
        ..BASE
    };
    let unused = |path: &str, after: &str, tree: &str| Problem::UnusedHint {
        path: path.into(),
        after: after.into(),
        tree: tree.into(),
    };
    let cases = [
        // No such field.
        (
            hint("request", "thing.a.x", "thing.a.nothing"),
            unused("thing.a.nothing", "thing.a.x", "request"),
        ),
        // The field, but not after that entry.
        (
            hint("request", "thing.a", "thing.a.y"),
            unused("thing.a.y", "thing.a", "request"),
        ),
        // The field, in the other tree.
        (
            hint("response", "thing.a.x", "thing.a.y"),
            unused("thing.a.y", "thing.a.x", "response"),
        ),
        // No such page.
        (
            "  - page: things/none.md\n    tree: request\n    after: thing.a.x\n    path: thing.a.y\n"
                .to_owned(),
            unused(
                "thing.a.y",
                "thing.a.x",
                "request (there is no page specs/things/none.md)",
            ),
        ),
    ];
    for text in settled_page.texts() {
        for (entry, problem) in &cases {
            // A used hint first: it is not reported.
            let hints = hints_file(&[hint("request", "thing", "thing.a"), entry.clone()]);
            let recovered = recover_one(&text, &hints);
            assert_eq!(request(&recovered), Y_UNDER_A);
            assert_eq!(recovered.placed[0].used_hints, [0]);
            let error = sole(&recovered);
            assert!(error.is_error());
            assert_eq!(error.file, HINTS_FILE);
            // Comment, `placements:`, the used hint (4 lines), then the
            // unused one, whose `path:` is its 4th line.
            assert_eq!(error.at.and_then(|at| at.line_column), Some((10, 1)));
            assert_eq!(&error.problem, problem);
        }
    }
}

#[test]
fn a_malformed_hints_file_is_an_error_at_its_line_and_recovery_runs_without_it() {
    let cases = [
        (
            "placements:\n  - page: a.md\n    tree: request\n    path: [x\n",
            4,
            "invalid type: sequence",
        ),
        (
            "placements:\n  - page: a.md\n    colour: red\n    path: x\n",
            3,
            "unknown field `colour`",
        ),
        (
            "placements:\n  - page: a.md\n    tree: sideways\n    path: x.y\n",
            4,
            "`tree: sideways`: expected `request` or `response`",
        ),
        (
            "placements:\n  - page: a.md\n    tree: request\n    path: x..y\n",
            4,
            "`path: x..y`: expected a dotted field path such as `a.b.c`",
        ),
    ];
    for text in BASE.texts() {
        for (hints, line, reason) in cases {
            let recovered = recover_one(&text, hints);
            let [bad, ambiguous] = recovered.diagnostics.as_slice() else {
                panic!("{}", render(&recovered.diagnostics));
            };
            assert_eq!(bad.file, HINTS_FILE);
            assert_eq!(
                bad.at.and_then(|at| at.line_column),
                Some((line, 1)),
                "{bad}"
            );
            let Problem::BadHints { reason: found } = &bad.problem else {
                panic!("{bad}");
            };
            assert!(found.contains(reason), "{found}");
            assert!(bad.is_error());
            // The page is still recovered, without hints.
            assert!(
                matches!(&ambiguous.problem, Problem::AmbiguousParent { field, .. } if field == "y")
            );
        }
    }
}

#[test]
fn a_required_path_the_page_never_documents_is_a_warning_on_complete_trees() {
    let undocumented = Spec {
        required: "thing, thing.a.y, thing.missing",
        ..BASE
    };
    for text in undocumented.texts() {
        let recovered = recover_one(&text, "");
        assert_eq!(request(&recovered), Y_UNDER_A);
        let warning = sole(&recovered);
        assert!(!warning.is_error());
        assert_eq!(warning.file, FILE);
        assert_eq!(warning.at, Some(required_at(&text, "thing.missing")));
        assert_eq!(
            warning.problem,
            Problem::UndocumentedRequiredPath {
                path: "thing.missing".into()
            }
        );
    }
    // An incomplete tree cannot tell: only the ambiguity is reported.
    let incomplete = Spec {
        required: "thing, thing.missing",
        ..BASE
    };
    for text in incomplete.texts() {
        let recovered = recover_one(&text, "");
        assert_eq!(sole_ambiguity(&recovered).0, "y");
    }
}

#[test]
fn one_of_members_are_unknown_on_collapsed_pages() {
    let settled_page = Spec {
        body: r#"{"thing": {"choices": {"count": 1, "title": "T"}}}"#,
        ..ONE_OF
    };
    // Multi-line: the group is recorded on its parent, with its members.
    let recovered = recover_one(&settled_page.multi_line(), "");
    assert_eq!(render(&recovered.diagnostics), "");
    let tree = &recovered.placed[0].trees[0];
    let thing = (0..tree.nodes.len())
        .find(|&n| tree.path_text(n) == "thing")
        .expect("`thing` is placed");
    assert_eq!(
        tree.nodes[thing].one_of_groups,
        [(vec!["total".to_owned(), "choices".to_owned()], true)]
    );
    // Collapsed: a warning at the marker; the fields are placed all the same.
    let text = settled_page.collapsed();
    let recovered = recover_one(&text, "");
    let warning = sole(&recovered);
    assert!(!warning.is_error());
    assert_eq!(
        (warning.file.as_str(), warning.at, &warning.problem),
        (
            FILE,
            Some(pos_of(&text, "- ONE-OF:")),
            &Problem::OneOfMembersUnknown
        )
    );
    let tree = &recovered.placed[0].trees[0];
    assert!(tree.nodes.iter().all(|n| n.one_of_groups.is_empty()));
    assert_eq!(
        request(&recovered),
        [
            "thing",
            "thing.total",
            "thing.choices",
            "thing.choices.count",
            "thing.choices.title"
        ]
    );
}

// Bugs found while writing these tests, each pinned by the test that
// states the intended behaviour.

/// Two ambiguities in one tree: `thing.a.y` and then `thing.b.v` (the
/// example body settles `thing.b`, open on collapsed pages).
const TWO_OPEN: Spec = Spec {
    params: &[
        "   param name: thing | type: Thing | description: The thing. | required: true",
        "      - name: a | type: A | description: An A.",
        "         - name: x | type: string | description: X.",
        "         - name: y | type: string | description: Y.",
        "      - name: b | type: B | description: A B.",
        "         - name: u | type: string | description: U.",
        "         - name: v | type: string | description: V.",
    ],
    body: r#"{"thing": {"b": {}}}"#,
    ..BASE
};

#[test]
fn a_hint_after_an_open_question_is_used_where_it_does_not_depend_on_it() {
    let second = hint("request", "thing.b.u", "thing.b.v");
    for text in TWO_OPEN.texts() {
        // Both hints together settle the page, so the second one is right.
        let both = hints_file(&[hint("request", "thing.a.x", "thing.a.y"), second.clone()]);
        let recovered = recover_one(&text, &both);
        assert_eq!(render(&recovered.diagnostics), "");
        assert_eq!(
            request(&recovered),
            [
                "thing",
                "thing.a",
                "thing.a.x",
                "thing.a.y",
                "thing.b",
                "thing.b.u",
                "thing.b.v"
            ]
        );
        // Alone, it is still used: the example body puts `b` under
        // `thing`, the shallowest candidate of `y`, so what follows `b`
        // does not depend on where `y` goes.
        let recovered = recover_one(&text, &hints_file(std::slice::from_ref(&second)));
        assert_eq!(sole_ambiguity(&recovered).0, "y");
        assert_eq!(recovered.placed[0].used_hints, [0]);
        let (settled, provisional) = request_split(&recovered);
        assert_eq!(provisional, ["thing.a.y"]);
        assert!(settled.iter().any(|p| p == "thing.b.v"), "{settled:?}");
    }
}

#[test]
fn an_unused_hint_with_a_quoted_path_is_reported_at_its_line() {
    let settled_page = Spec {
        required: "thing, thing.a.y",
        ..BASE
    };
    let hints = format!(
        "placements:\n  - page: {SPEC_PATH}\n    tree: request\n    after: thing.a.x\n    path: 'thing.a.nothing'\n"
    );
    let recovered = recover_one(&settled_page.collapsed(), &hints);
    let error = sole(&recovered);
    assert!(
        matches!(&error.problem, Problem::UnusedHint { path, .. } if path == "thing.a.nothing")
    );
    // Not `specs/hints.yaml:0:1`, a line that does not exist.
    assert_eq!(error.at.and_then(|at| at.line_column), Some((5, 1)));
}

/// `w` follows `b.cursors.next`: the catalogue rules out `b.cursors`
/// (`Cursors` has only `next` and `prev`), which leaves `b` and the root.
const CURSORS: Spec = Spec {
    method: "getThing",
    required: "thingId",
    params: ID_PARAM,
    return_type: "GetThingResponse",
    returns: &[
        "  - name: b | type: B | description: A B.",
        "     - name: cursors | type: Cursors | description: Cursors.",
        "        - name: next | type: string | description: Next.",
        "     - name: w | type: string | description: W.",
    ],
    body: r#"{"thingId": "1"}"#,
    ..BASE
};

#[test]
fn an_ambiguity_offers_only_parents_the_catalogue_allows() {
    let text = CURSORS.collapsed();
    let recovered = recover_one(&text, "");
    let Problem::AmbiguousParent {
        candidates,
        hint: shown,
        ..
    } = &sole(&recovered).problem
    else {
        panic!("{}", render(&recovered.diagnostics));
    };
    // Not "`b.cursors`, `b`, `(root)`" with the entry shown having `path:
    // b.cursors.w`: following it would put `w` under `Cursors`.
    assert!(!candidates.contains("`b.cursors`"), "{candidates}");
    assert!(!shown.contains("path: b.cursors.w"), "{shown}");
    // A hint may still put `w` there: the page's module then has its own
    // `Cursors`, as a module may (the issue of `count` in paging metadata).
    // That is said, as a warning at the field.
    let recovered = recover_one(
        &text,
        &hints_file(&[hint("response", "b.cursors.next", "b.cursors.w")]),
    );
    assert_no_errors(&recovered);
    let warning = sole(&recovered);
    assert_eq!(
        (warning.file.as_str(), warning.at),
        (FILE, Some(pos_of(&text, "- name: w ")))
    );
    assert_eq!(
        warning.problem,
        Problem::BeyondCatalogue {
            field: "w".into(),
            parent: "b.cursors".into(),
            ty: "Cursors".into(),
            settled_by: "by hint".into(),
        }
    );
    assert_eq!(
        response(&recovered).last().map(String::as_str),
        Some("b.cursors.w")
    );
    // The entry the ambiguity shows settles it.
    let recovered = recover_one(
        &text,
        &hints_file(&[hint("response", "b.cursors.next", "b.w")]),
    );
    assert_eq!(render(&recovered.diagnostics), "");
    assert_eq!(response(&recovered).last().map(String::as_str), Some("b.w"));
}

// Knowledge per SDK module, open questions, drafts and field lists.

#[test]
fn another_modules_type_of_the_same_name_settles_nothing() {
    // The same page as in `what_another_page_shows_of_a_type_settles_a_page`,
    // but of another SDK module (its Namespace, as it has no SDK import):
    // its `Thing` and `A` are other types.
    let a_has_y = shows(&[
        "  - name: thing | type: Thing | description: The thing.",
        "     - name: a | type: A | description: An A.",
        "        - name: x | type: string | description: X.",
        "        - name: y | type: string | description: Y.",
    ]);
    let other_text = a_has_y.multi_line().replace(
        "# Namespace: ThingsService",
        "# Namespace: OtherThingsService",
    );
    let other_page = read(&other_text);
    assert_ne!(
        other_page.sdk_module(),
        read(&BASE.collapsed()).sdk_module()
    );
    let page = read(&BASE.collapsed());
    let recovered = recover(
        &[
            SpecPage {
                display_path: "specs/things/get-thing.md",
                spec_path: "things/get-thing.md",
                page: &other_page,
            },
            SpecPage {
                display_path: FILE,
                spec_path: SPEC_PATH,
                page: &page,
            },
        ],
        "",
        HINTS_FILE,
    );
    assert_eq!(sole_ambiguity(&recovered), ("y", "`thing.a`, `thing`"));
}

/// A collapsed page where `items` is an array whose element type the
/// capture lost, followed by a field: of `items`' elements, or of `thing`.
const LOST_ARRAY: Spec = Spec {
    params: &[
        "   param name: thing | type: Thing | description: The thing. | required: true",
        "      - name: items | type: array<Item> | description: Items.",
        "         - name: id | type: string | description: Item GUID.",
        "      - name: note | type: Note | description: A note.",
        "         - name: text | type: string | description: Text.",
    ],
    body: r#"{"thing": {}}"#,
    ..BASE
};

#[test]
fn an_array_whose_type_was_lost_is_no_evidence_for_the_field_after_it() {
    // The first field of an object whose type is printed the first time is
    // its field (`note` -> `text`); after `items`, whose `<Item>` the
    // collapsed copy lost, nothing says whether `id` is an item's field.
    let recovered = recover_one(&LOST_ARRAY.collapsed(), "");
    let id = recovered
        .diagnostics
        .iter()
        .find_map(|d| match &d.problem {
            Problem::AmbiguousParent {
                field, candidates, ..
            } if field == "id" => Some(candidates.as_str()),
            _ => None,
        })
        .expect("`id` is asked");
    assert_eq!(id, "`thing.items`, `thing`");
    // (`note` itself is a question: `text` is placed under it for sure.)
    let placed = &recovered.placed[0];
    let text = placed
        .decisions
        .iter()
        .find(|d| placed.decision_path(d).ends_with("note.text"))
        .expect("`text` is placed");
    assert_eq!(text.settled_by, "text, catalogue or other pages");
    // The multi-line page prints it; indentation settles it.
    assert_no_errors(&recover_one(&LOST_ARRAY.multi_line(), ""));
}

/// A response where `Place` is printed with its fields under `a`, and again
/// without them under `b`, followed by a field of `b`.
const REPEATED: Spec = Spec {
    method: "getThing",
    required: "thingId",
    params: ID_PARAM,
    return_type: "GetThingResponse",
    returns: &[
        "  - name: a | type: A | description: An A.",
        "     - name: place | type: Place | description: A place.",
        "        - name: id | type: string | description: GUID.",
        "  - name: b | type: B | description: A B.",
        "     - name: place | type: Place | description: The same type, printed without fields.",
        "     - name: size | type: integer | description: Size.",
    ],
    body: r#"{"thingId": "1"}"#,
    ..BASE
};

#[test]
fn a_type_printed_again_without_fields_holds_none() {
    let text = REPEATED.collapsed();
    let recovered = recover_one(&text, "");
    // `size` is never offered to the second `place`: the docs print a
    // type's fields once per tree.
    let size = recovered
        .suggestions
        .iter()
        .find(|s| s.hint.path.last().map(String::as_str) == Some("size"))
        .expect("`size` is asked");
    assert!(
        !size.candidates.iter().any(|c| c.ends_with("b.place")),
        "{:?}",
        size.candidates
    );
    // With the other types' fields listed, it is `b`'s by elimination.
    let lists = format!(
        "types:\n  - page: {SPEC_PATH}\n    type: GetThingResponse\n    fields: [a, b]\n  - page: {SPEC_PATH}\n    type: A\n    fields: [place]\n  - page: {SPEC_PATH}\n    type: Place\n    fields: [id]\n"
    );
    let recovered = recover_one(&text, &lists);
    assert_no_errors(&recovered);
    let (settled_by, reasons) = settled(&recovered.placed[0], "b.size");
    assert_eq!(settled_by, "elimination");
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("`place` is a later occurrence of `Place`")),
        "{reasons:?}"
    );
}

#[test]
fn a_field_list_settles_every_question_it_answers_and_is_checked() {
    // Listing the fields of `A` and `Thing` settles `y` (a list is
    // complete knowledge); one of them is not enough, as the other type may
    // have a `y` too.
    let list = |ty: &str, fields: &str| {
        format!("  - page: {SPEC_PATH}\n    type: {ty}\n    fields: [{fields}]\n")
    };
    let lists = |a: &str, thing: &str| format!("types:\n{}{}", list("A", a), list("Thing", thing));
    for (a, thing, expected) in [("x, y", "a", Y_UNDER_A), ("x", "a, y", Y_UNDER_THING)] {
        let recovered = recover_one(&BASE.collapsed(), &lists(a, thing));
        assert_eq!(render(&recovered.diagnostics), "", "{a} / {thing}");
        assert_eq!(request(&recovered), expected);
    }
    let only_a = format!("types:\n{}", list("A", "x, y"));
    assert_eq!(
        sole_ambiguity(&recover_one(&BASE.collapsed(), &only_a)),
        ("y", "`thing.a`, `thing`")
    );
    let lists = |fields: &str| format!("types:\n{}", list("A", fields));
    // A list that lacks a field the indentation puts there (below the
    // spot where the docs misprint) is an error.
    let text = Spec {
        required: "thing",
        params: &[
            "   param name: thing | type: Thing | description: The thing. | required: true",
            "      - name: b | type: B | description: A B.",
            "         - name: a | type: A | description: An A.",
            "            - name: x | type: string | description: X.",
        ],
        ..BASE
    }
    .multi_line();
    let recovered = recover_one(&text, &lists("y"));
    let error = sole(&recovered);
    assert_eq!(error.at, Some(pos_of(&text, "- name: x ")));
    assert!(
        matches!(&error.problem, Problem::FieldListContradicted { field, .. } if field == "x"),
        "{error}"
    );
    // A list for a type no page of the module has matches nothing.
    let recovered = recover_one(
        &BASE.multi_line(),
        &format!("types:\n  - page: {SPEC_PATH}\n    type: Nowhere\n    fields: [x]\n"),
    );
    assert!(
        recovered.diagnostics.iter().any(|d| d.file == HINTS_FILE
            && d.at
                == Some(Pos {
                    offset: 0,
                    line_column: Some((3, 1))
                })
            && matches!(&d.problem, Problem::UnusedTypeHint { ty, .. } if ty == "Nowhere")),
        "{}",
        render(&recovered.diagnostics)
    );
}

#[test]
fn a_draft_settles_nothing_and_is_an_error_naming_it() {
    let text = BASE.collapsed();
    let recovered = recover_one(&text, "");
    let (placements, types) = recovered.drafts_to_write();
    // The question can be settled by lists of `A` and `Thing`: those are
    // drafted, not the placement.
    assert!(placements.is_empty(), "{placements:?}");
    let listed: Vec<&str> = types.iter().map(|t| t.hint.ty.as_str()).collect();
    assert_eq!(listed, ["A", "Thing"]);
    assert_eq!(recovered.suggestions.len(), 1);
    let drafted =
        super::hints::with_drafts("", &recovered.hints, &recovered.suggestions, &types).unwrap();
    let again = recover_one(&text, &drafted);
    let drafts: Vec<&Diagnostic> = again
        .diagnostics
        .iter()
        .filter(|d| matches!(d.problem, Problem::UnconfirmedDraft { .. }))
        .collect();
    // One error per draft, and the question is not asked again beside them.
    assert_eq!(drafts.len(), 3, "{}", render(&again.diagnostics));
    assert!(!again
        .diagnostics
        .iter()
        .any(|d| matches!(d.problem, Problem::AmbiguousParent { .. })));
    let placement_draft = drafts
        .iter()
        .find(|d| d.file == FILE)
        .expect("the placement draft is reported at the field");
    assert_eq!(placement_draft.at, Some(pos_of(&text, "- name: y ")));
    assert!(placement_draft.to_string().contains("specs/hints.yaml:"));
    // Confirmed (the `draft: true` lines deleted), the drafts settle it.
    let confirmed = drafted.replace("    draft: true\n", "");
    let recovered = recover_one(&text, &confirmed);
    assert_no_errors(&recovered);
}

/// A collapsed page with three open questions in a row.
const MANY_OPEN: Spec = Spec {
    params: &[
        "   param name: thing | type: Thing | description: The thing. | required: true",
        "      - name: a | type: A | description: An A.",
        "         - name: x | type: string | description: X.",
        "         - name: y | type: string | description: Y.",
        "         - name: z | type: string | description: Z.",
        "         - name: w | type: string | description: W.",
    ],
    ..BASE
};

#[test]
fn every_question_is_asked_in_one_run_with_what_it_assumes() {
    let text = MANY_OPEN.collapsed();
    let recovered = recover_one(&text, "");
    let questions: Vec<&Diagnostic> = recovered
        .diagnostics
        .iter()
        .filter(|d| matches!(d.problem, Problem::AmbiguousParent { .. }))
        .collect();
    assert_eq!(questions.len(), 3, "{}", render(&recovered.diagnostics));
    // `z`'s candidates depend on where `y` goes: it says so.
    let Problem::AmbiguousParent { assumes, .. } = &questions[1].problem else {
        unreachable!()
    };
    assert!(
        assumes.contains(&pos_of(&text, "- name: y ").to_string()),
        "{assumes}"
    );
    // A one-line capture with this many questions is told to recapture.
    let advice = recovered
        .diagnostics
        .iter()
        .find(|d| matches!(d.problem, Problem::OneLineCapture { .. }))
        .expect("the recapture advice");
    assert!(!advice.is_error());
    assert_eq!(
        advice.problem,
        Problem::OneLineCapture {
            questions: 3,
            link: "https://dev.wix.com/docs/api-reference/things/things/create-thing.md".into()
        }
    );
}

#[test]
fn a_later_field_placed_for_sure_settles_an_earlier_question() {
    // `y` could belong to `thing.a` or `thing`; the example body shows
    // `thing.a.z`, so `a` was still open at `z`, and `y` is `a`'s.
    let spec = Spec {
        body: r#"{"thing": {"a": {"z": "1"}}}"#,
        ..MANY_OPEN
    };
    let recovered = recover_one(&spec.collapsed(), "");
    let questions: Vec<String> = recovered
        .diagnostics
        .iter()
        .filter_map(|d| match &d.problem {
            Problem::AmbiguousParent { field, .. } => Some(field.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(questions, ["w"]);
    let (settled_by, reasons) = settled(&recovered.placed[0], "thing.a.y");
    assert_eq!(settled_by, "a later field's placement");
    assert!(reasons[0].contains("`z`"), "{reasons:?}");
}

#[test]
fn a_path_is_matched_and_all_paths_are_made_without_making_each_from_the_root() {
    let recovered = recover_one(&LOST_ARRAY.multi_line(), "");
    let trees = &recovered.placed[0].trees;
    assert!(trees.iter().any(|tree| tree.nodes.len() > 4));
    for tree in trees {
        let texts: Vec<String> = (0..tree.nodes.len()).map(|n| tree.path_text(n)).collect();
        assert_eq!(tree.path_texts(), texts);
        for node in 0..tree.nodes.len() {
            let path = tree.path(node);
            for other in 0..tree.nodes.len() {
                assert_eq!(tree.path_is(other, &path), tree.path(other) == path);
            }
            let mut longer = path.clone();
            longer.push("x".to_owned());
            assert!(!tree.path_is(node, &longer));
            if let Some((_, shorter)) = path.split_last() {
                assert!(!tree.path_is(node, shorter));
            }
        }
    }
}
