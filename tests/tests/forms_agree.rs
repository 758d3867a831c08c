//! The two capture forms agree: a multi-line page and the collapsed copy made
//! from it read to the same page model, up to what collapsing loses.
//!
//! Collapsed captures were made from multi-line pages by removing every `<...>`
//! span (a `<` up to the next `>`: `array<Sorting>` became `array`, HTML
//! comments vanished) and then turning every whitespace run into one space.
//! [`collapse`] repeats that, so the reader can be checked against itself.
//!
//! What collapsing loses, and the comparison therefore ignores or normalizes:
//! - positions (`at`), entry indentation (`indent`) and the `layout` itself;
//! - the members of one-of groups (judged by indentation; `null` when collapsed);
//! - `<...>` spans and whitespace inside every string (type names such as
//!   `array<Foo>` and `PROMISE<Foo>` included), with the ends trimmed, since the
//!   reader trims what it reads and a removed span at an end leaves a space;
//! - the split between an example's heading and the text after it: collapsed,
//!   both are the `title` and `description` is `null`.
//!
//! Everything else must be equal: names, types, descriptions, required flags,
//! enum values, constraints, URLs, curl calls and bodies, JavaScript code,
//! permission scopes, the errors table and so on.

use std::fmt::Write as _;

use codegen::{read_page_text, Page};
use serde_json::{Map, Value};
use tests::collapse;

const MULTI_LINE_PAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../specs/bookings/bookings-writer-v2/create-booking.md"
);

const COLLAPSED_PAGES: [&str; 2] = [
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../specs/bookings/attendance/query-attendance.md"
    ),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../specs/bookings/resources/resources-v2/query-resources.md"
    ),
];

/// How many differing paths a failure lists.
const SHOWN_DIFFERENCES: usize = 12;

fn read(file: &str, text: &str) -> Page {
    match read_page_text(file, text) {
        Ok(read) => read.page,
        Err(diagnostics) => {
            let mut listed = String::new();
            for diagnostic in diagnostics {
                let _ = write!(listed, "\n  {diagnostic}");
            }
            panic!("{file} did not read:{listed}");
        }
    }
}

fn to_json(page: &Page) -> Value {
    serde_json::to_value(page).expect("a page serializes to JSON")
}

/// The page model as JSON, reduced to what both capture forms can express.
fn comparable(page: &Page) -> Value {
    let mut value = to_json(page);
    for section in ["rest", "sdk"] {
        if let Some(Value::Array(examples)) = value.pointer_mut(&format!("/{section}/examples")) {
            examples.iter_mut().for_each(merge_example_heading);
        }
    }
    normalize(value, None, false)
}

/// Moves an example's description into its title, as collapsing does.
fn merge_example_heading(example: &mut Value) {
    let Some(example) = example.as_object_mut() else {
        return;
    };
    if let Some(Value::String(description)) = example.insert("description".into(), Value::Null) {
        let title = example
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let merged = format!("{title} {description}");
        example.insert("title".into(), Value::String(merged));
    }
}

/// Drops what collapsing loses and normalizes every string. `key` is the key
/// `value` is found under; `data` is set inside a curl body, which is the
/// example's JSON rather than the model's, so no keys are dropped there.
fn normalize(value: Value, key: Option<&str>, data: bool) -> Value {
    match value {
        Value::String(text) => Value::String(normalize_text(&text)),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| normalize(item, None, data))
                .collect(),
        ),
        Value::Object(fields) => {
            let mut kept = Map::new();
            for (name, field) in fields {
                let dropped = matches!(name.as_str(), "at" | "indent" | "layout")
                    || (key == Some("one-of") && name == "members");
                if dropped && !data {
                    continue;
                }
                let inner_data = data || (key == Some("body") && name == "value");
                let name = if data { normalize_text(&name) } else { name };
                let field = normalize(field, Some(&name), inner_data);
                kept.insert(name, field);
            }
            Value::Object(kept)
        }
        other => other,
    }
}

/// A string as a collapsed capture would hold it, ends trimmed.
fn normalize_text(text: &str) -> String {
    collapse(text)
}

/// A path where two JSON values differ, and what each holds there.
#[derive(Debug)]
struct Difference {
    /// The path, e.g. `rest.schema.parameters[0].entries[3].field.name`.
    path: String,
    left: String,
    right: String,
}

/// The paths where `left` and `right` differ, in document order.
fn differences(left: &Value, right: &Value) -> Vec<Difference> {
    let mut found = Vec::new();
    walk(left, right, &mut String::new(), &mut found);
    found
}

fn walk(left: &Value, right: &Value, path: &mut String, found: &mut Vec<Difference>) {
    let len = path.len();
    match (left, right) {
        (Value::Object(l), Value::Object(r)) => {
            let keys = l.keys().chain(r.keys().filter(|k| !l.contains_key(*k)));
            for key in keys {
                path.truncate(len);
                let _ = write!(path, ".{key}");
                match (l.get(key), r.get(key)) {
                    (Some(a), Some(b)) => walk(a, b, path, found),
                    (a, b) => found.push(difference(path, short(a), short(b))),
                }
            }
        }
        (Value::Array(l), Value::Array(r)) => {
            for (i, (a, b)) in l.iter().zip(r).enumerate() {
                path.truncate(len);
                let _ = write!(path, "[{i}]");
                walk(a, b, path, found);
            }
            path.truncate(len);
            if l.len() != r.len() {
                let items = |items: &[Value], other: usize| match items.get(other) {
                    Some(extra) => format!(
                        "{} items, the first extra: {}",
                        items.len(),
                        short(Some(extra))
                    ),
                    None => format!("{} items", items.len()),
                };
                found.push(difference(path, items(l, r.len()), items(r, l.len())));
            }
        }
        (a, b) if a != b => found.push(difference(path, short(Some(a)), short(Some(b)))),
        _ => {}
    }
    path.truncate(len);
}

fn difference(path: &str, left: String, right: String) -> Difference {
    let path = match path.strip_prefix('.').unwrap_or(path) {
        "" => "(the whole value)".to_owned(),
        path => path.to_owned(),
    };
    Difference { path, left, right }
}

/// A value as JSON, cut short when long.
fn short(value: Option<&Value>) -> String {
    let Some(value) = value else {
        return "(missing)".into();
    };
    let text = value.to_string();
    let chars = text.chars().count();
    if chars > 300 {
        let cut: String = text.chars().take(300).collect();
        format!("{cut}... ({chars} chars)")
    } else {
        text
    }
}

/// Panics listing the first paths where `left` and `right` differ, if any;
/// `names` name the two sides in the report.
fn assert_same(what: &str, names: [&str; 2], left: &Value, right: &Value) {
    let found = differences(left, right);
    if found.is_empty() {
        return;
    }
    let width = names[0].len().max(names[1].len()) + 1;
    let mut report = format!("{what}: {} differing paths", found.len());
    for Difference { path, left, right } in found.iter().take(SHOWN_DIFFERENCES) {
        let _ = write!(
            report,
            "\n  - {path}\n      {:width$} {left}\n      {:width$} {right}",
            format!("{}:", names[0]),
            format!("{}:", names[1]),
        );
    }
    if found.len() > SHOWN_DIFFERENCES {
        let _ = write!(
            report,
            "\n  ... and {} more",
            found.len() - SHOWN_DIFFERENCES
        );
    }
    panic!("{report}");
}

#[test]
fn collapsed_copy_reads_like_the_multi_line_page() {
    let text = std::fs::read_to_string(MULTI_LINE_PAGE).expect("the multi-line page is readable");
    let collapsed = collapse(&text);
    let multi_line = read(MULTI_LINE_PAGE, &text);
    let collapsed_page = read(&format!("{MULTI_LINE_PAGE} (collapsed copy)"), &collapsed);
    assert_eq!(
        serde_json::to_value(multi_line.layout).unwrap(),
        "multi-line"
    );
    assert_eq!(
        serde_json::to_value(collapsed_page.layout).unwrap(),
        "collapsed"
    );
    assert_same(
        "the multi-line page and its collapsed copy",
        ["multi-line", "collapsed"],
        &comparable(&multi_line),
        &comparable(&collapsed_page),
    );
}

#[test]
fn collapsed_pages_are_fixed_points() {
    for file in COLLAPSED_PAGES {
        let text = std::fs::read_to_string(file).expect("the collapsed page is readable");
        let again = collapse(&text);
        assert!(again == text, "{file} changes when collapsed again");
        let first = read(file, &text);
        let second = read(file, &again);
        if first != second {
            assert_same(
                file,
                ["as captured", "collapsed again"],
                &to_json(&first),
                &to_json(&second),
            );
            panic!("{file}: the page models differ where JSON does not show it");
        }
    }
}

#[test]
fn collapse_removes_spans_and_whitespace() {
    assert_eq!(collapse("a <b>\n  c<!-- x -->d\n"), "a cd");
    assert_eq!(collapse("array<Foo> |  PROMISE<X>"), "array | PROMISE");
    assert_eq!(collapse("1 < 2"), "1 < 2");
}

#[test]
fn differences_name_their_paths() {
    let left = serde_json::json!({"a": [1, {"b": "x"}], "c": true});
    let right = serde_json::json!({"a": [1, {"b": "y"}, 3], "d": null});
    let found: Vec<(String, String, String)> = differences(&left, &right)
        .into_iter()
        .map(|d| (d.path, d.left, d.right))
        .collect();
    let expected = [
        ("a[1].b", "\"x\"", "\"y\""),
        ("a", "2 items", "3 items, the first extra: 3"),
        ("c", "true", "(missing)"),
        ("d", "(missing)", "null"),
    ]
    .map(|(path, left, right)| (path.to_owned(), left.to_owned(), right.to_owned()));
    assert_eq!(found, expected);
    assert!(differences(&left, &left).is_empty());
}
