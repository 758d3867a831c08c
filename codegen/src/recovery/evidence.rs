//! Evidence a page gives about nesting, besides indentation: the key paths of
//! its example bodies, its `Required parameters`, dotted paths written in its
//! prose, the dotted keys of query filters, and JSON shown in descriptions.

use rustc_hash::FxHashMap as HashMap;

use serde_json::Value;

use crate::page::{Entry, ExampleCode, Field, Page};
use crate::source::Pos;

/// Where a path fact comes from; the kind also says where the path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PathKind {
    /// A key path of a REST example's JSON body, from the request root.
    ExampleBody,
    /// A `Required parameters` path, from the request root.
    Required,
    /// A backticked dotted path in prose (`cursorPaging.limit`): it may start at any level.
    Text,
    /// A key of a query example's `filter`: a field path of the queried entity.
    FilterKey,
}

/// A dotted field path the page states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFact {
    /// The path's field names.
    pub segments: Vec<String>,
    /// What kind of statement it is.
    pub kind: PathKind,
    /// Where it is stated.
    pub at: Pos,
}

/// Object keys shown as JSON in a field's description, e.g. `sort`'s
/// `[{"fieldName":"sortField1","order":"ASC"}]`: the field's children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribedShape {
    /// The field whose description shows the JSON.
    pub field: String,
    /// Where that field's entry is.
    pub field_at: Pos,
    /// The keys of the objects shown.
    pub keys: Vec<String>,
}

/// Everything a page states about paths.
#[derive(Debug, Clone, Default)]
pub struct PageEvidence {
    /// Path facts, in page order.
    pub paths: Vec<PathFact>,
    /// JSON shapes shown in field descriptions.
    pub shapes: Vec<DescribedShape>,
    /// For each segment name, the indices (ascending) of the path facts
    /// naming it: a field is judged only by the facts that name it.
    naming: HashMap<String, Vec<usize>>,
}

impl PageEvidence {
    /// Collects the evidence of `page`.
    pub fn of(page: &Page) -> Self {
        let mut evidence = PageEvidence::default();
        let schema = &page.rest.schema;
        for required in &schema.signature.required_parameters {
            evidence.push_path(split(&required.value), PathKind::Required, required.at);
        }
        for example in &page.rest.examples {
            if let ExampleCode::Curl(call) = &example.code {
                if let Some(body) = &call.body {
                    evidence.walk_body(&body.value, &mut Vec::new(), body.at, false);
                }
            }
        }
        evidence.prose(&page.introduction.value, page.introduction.at);
        evidence.prose(&schema.description.value, schema.description.at);
        let signature = &schema.signature;
        for parameter in &signature.parameters {
            evidence.field(&parameter.field);
            evidence.entries(&parameter.entries);
        }
        evidence.entries(&signature.return_type.entries);
        for (index, fact) in evidence.paths.iter().enumerate() {
            for segment in &fact.segments {
                let facts = evidence.naming.entry(segment.clone()).or_default();
                if facts.last() != Some(&index) {
                    facts.push(index);
                }
            }
        }
        evidence
    }

    /// The path facts that have `name` among their segments, in page order.
    pub fn paths_naming<'e>(&'e self, name: &str) -> impl Iterator<Item = &'e PathFact> + 'e {
        self.naming
            .get(name)
            .into_iter()
            .flatten()
            .map(|&index| &self.paths[index])
    }

    fn push_path(&mut self, segments: Vec<String>, kind: PathKind, at: Pos) {
        if !segments.is_empty() {
            self.paths.push(PathFact { segments, kind, at });
        }
    }

    fn walk_body(&mut self, value: &Value, path: &mut Vec<String>, at: Pos, in_filter: bool) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    if in_filter {
                        // Filter keys name the queried entity's fields; `$and`,
                        // `$eq`... are operators around them.
                        if !key.starts_with('$') {
                            self.push_path(split(key), PathKind::FilterKey, at);
                        }
                        self.walk_body(child, path, at, true);
                        continue;
                    }
                    path.push(key.clone());
                    self.push_path(path.clone(), PathKind::ExampleBody, at);
                    self.walk_body(child, path, at, key == "filter" && child.is_object());
                    path.pop();
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.walk_body(item, path, at, in_filter);
                }
            }
            _ => {}
        }
    }

    fn entries(&mut self, entries: &[Entry]) {
        for entry in entries {
            if let Entry::Field(field) = entry {
                self.field(field);
            }
        }
    }

    fn field(&mut self, field: &Field) {
        if let Some(description) = &field.description {
            self.prose(description, field.at);
            let keys = shown_object_keys(description);
            if !keys.is_empty() {
                self.shapes.push(DescribedShape {
                    field: field.name.clone(),
                    field_at: field.at,
                    keys,
                });
            }
        }
        for value in field.enum_values.iter().flat_map(|values| &values.values) {
            if let Some(description) = &value.description {
                self.prose(description, value.at);
            }
        }
    }

    /// Backticked dotted paths: `a.b.c`, each part a field name, the first
    /// starting lower-case (`CustomServiceOption.choices` names a type).
    fn prose(&mut self, text: &str, at: Pos) {
        for span in backticked(text) {
            let segments = split(span);
            let is_path = segments.len() >= 2
                && segments.iter().all(|s| is_field_name(s))
                && segments[0].starts_with(|c: char| c.is_ascii_lowercase());
            if is_path {
                self.push_path(segments, PathKind::Text, at);
            }
        }
    }
}

fn split(path: &str) -> Vec<String> {
    path.split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn is_field_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The contents of the `...` spans of `text`.
fn backticked(text: &str) -> impl Iterator<Item = &str> {
    text.split('`').skip(1).step_by(2)
}

/// The keys of JSON objects (or arrays of objects) shown in backticks.
fn shown_object_keys(text: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for span in backticked(text) {
        let span = span.trim();
        if !(span.starts_with('{') || span.starts_with('[')) {
            continue;
        }
        let Ok(value) = serde_json::from_str::<Value>(span) else {
            continue;
        };
        let objects: Vec<&serde_json::Map<String, Value>> = match &value {
            Value::Object(map) => vec![map],
            Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
            _ => Vec::new(),
        };
        for key in objects.into_iter().flat_map(|map| map.keys()) {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn pos() -> Pos {
        Source::new("x").pos(0)
    }

    #[test]
    fn example_bodies_give_paths_from_the_root_and_filters_give_entity_paths() {
        let mut evidence = PageEvidence::default();
        let body = serde_json::json!({
            "query": {
                "filter": {"$and": [{"locationOptions.specificLocationOptions.availableInBusinessLocations": {"$eq": true}}, {"status": "X"}]},
                "cursorPaging": {"limit": 100},
                "sort": [{"fieldName": "name"}]
            }
        });
        evidence.walk_body(&body, &mut Vec::new(), pos(), false);
        let shown: Vec<(String, PathKind)> = evidence
            .paths
            .iter()
            .map(|p| (p.segments.join("."), p.kind))
            .collect();
        assert_eq!(
            shown,
            [
                ("query".into(), PathKind::ExampleBody),
                ("query.filter".into(), PathKind::ExampleBody),
                (
                    "locationOptions.specificLocationOptions.availableInBusinessLocations".into(),
                    PathKind::FilterKey
                ),
                ("status".into(), PathKind::FilterKey),
                ("query.cursorPaging".into(), PathKind::ExampleBody),
                ("query.cursorPaging.limit".into(), PathKind::ExampleBody),
                ("query.sort".into(), PathKind::ExampleBody),
                ("query.sort.fieldName".into(), PathKind::ExampleBody),
            ]
        );
    }

    #[test]
    fn prose_paths_are_backticked_dotted_field_names() {
        let mut evidence = PageEvidence::default();
        evidence.prose(
            "Specify `cursorPaging.limit`, not `query.filter`. See `CustomServiceOption.choices`, `.md`, `status=CREATED`, `a`, `https://x.y/z`.",
            pos(),
        );
        let shown: Vec<String> = evidence
            .paths
            .iter()
            .map(|p| p.segments.join("."))
            .collect();
        assert_eq!(shown, ["cursorPaging.limit", "query.filter"]);
    }

    #[test]
    fn json_in_descriptions_gives_object_keys() {
        assert_eq!(
            shown_object_keys("Sort object: `[ {\"fieldName\":\"a\",\"order\":\"ASC\"}, {\"fieldName\":\"b\",\"order\":\"DESC\"} ]`"),
            ["fieldName", "order"]
        );
        assert!(shown_object_keys("`\"filter\" : { \"a\": 1 }` and `[1, 2]`").is_empty());
    }
}
