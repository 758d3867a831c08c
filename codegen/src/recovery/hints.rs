//! The hints file (`specs/hints.yaml`): facts a maintainer wrote down where no
//! evidence on the pages settles the structure.
//!
//! ```yaml
//! placements:
//!   - page: bookings/resources/resources-v2/query-resources.md   # relative to specs/
//!     tree: response                                              # or request
//!     after: resources.workingHoursSchedules.values.scheduleId    # the entry just before
//!     path: resources.workingHoursSchedules.values.shared         # the field's true path
//! elements:
//!   - page: bookings/resources/resources-v2/query-resources.md
//!     tree: response
//!     path: resources                 # an array field whose element type no page names
//!     element: Resource               # the element type's name, or a scalar type
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use super::place::{PlacementHint, TreeKind};

/// The hints file, read.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// Placement hints by page (path relative to `specs/`), each with its
    /// 1-based line in the hints file.
    pub placements: BTreeMap<String, Vec<(PlacementHint, usize)>>,
    /// Array element hints by page, each with its 1-based line.
    pub elements: BTreeMap<String, Vec<(ElementHint, usize)>>,
}

/// A maintainer's word on an array field's element type: the name of its
/// object type, or a scalar (`string`, `integer`, `number`, `boolean`,
/// `object`) when the elements are not objects with documented fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementHint {
    /// The tree.
    pub tree: TreeKind,
    /// The array field's path.
    pub path: Vec<String>,
    /// The element type as written in the hint.
    pub element: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HintsFile {
    #[serde(default)]
    placements: Vec<PlacementEntry>,
    #[serde(default)]
    elements: Vec<ElementEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ElementEntry {
    page: String,
    tree: String,
    path: String,
    element: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacementEntry {
    page: String,
    tree: String,
    #[serde(default)]
    after: String,
    path: String,
}

/// A hints file that cannot be read, with the 1-based line when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct HintsError {
    /// What is wrong.
    pub message: String,
    /// Where, when known.
    pub line: Option<usize>,
}

impl Hints {
    /// Parses the hints file's text.
    pub fn parse(text: &str) -> Result<Self, HintsError> {
        if text.trim().is_empty() {
            return Ok(Hints::default());
        }
        let file: HintsFile = serde_yaml::from_str(text).map_err(|error| HintsError {
            line: error.location().map(|l| l.line()),
            message: error.to_string(),
        })?;
        let mut hints = Hints::default();
        let mut search_from = 0;
        for entry in file.placements {
            let line = line_of(text, &entry.path, &mut search_from);
            let tree = tree_kind(&entry.tree, line)?;
            let path = dotted_path(&entry.path, line)?;
            let after: Vec<String> = entry
                .after
                .split('.')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            hints
                .placements
                .entry(entry.page)
                .or_default()
                .push((PlacementHint { tree, after, path }, line.unwrap_or(0)));
        }
        let mut search_from = text.find("\nelements:").unwrap_or(0);
        for entry in file.elements {
            let line = line_of(text, &entry.path, &mut search_from);
            let tree = tree_kind(&entry.tree, line)?;
            let path = dotted_path(&entry.path, line)?;
            if entry.element.trim().is_empty() {
                return Err(HintsError {
                    message:
                        "`element:` is empty: expected a type name such as `Resource`, or `string`"
                            .to_owned(),
                    line,
                });
            }
            hints.elements.entry(entry.page).or_default().push((
                ElementHint {
                    tree,
                    path,
                    element: entry.element.trim().to_owned(),
                },
                line.unwrap_or(0),
            ));
        }
        Ok(hints)
    }
}

fn tree_kind(text: &str, line: Option<usize>) -> Result<TreeKind, HintsError> {
    match text {
        "request" => Ok(TreeKind::Request),
        "response" => Ok(TreeKind::Response),
        other => Err(HintsError {
            message: format!("`tree: {other}`: expected `request` or `response`"),
            line,
        }),
    }
}

fn dotted_path(text: &str, line: Option<usize>) -> Result<Vec<String>, HintsError> {
    let path: Vec<String> = text.split('.').map(str::to_owned).collect();
    if path.iter().any(String::is_empty) {
        return Err(HintsError {
            message: format!("`path: {text}`: expected a dotted field path such as `a.b.c`"),
            line,
        });
    }
    Ok(path)
}

/// The 1-based line of the next `path: <path>` at or after byte `from`.
fn line_of(text: &str, path: &str, from: &mut usize) -> Option<usize> {
    let needle = format!("path: {path}");
    let found = *from + text.get(*from..)?.find(&needle)?;
    *from = found + needle.len();
    Some(text[..found].matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placements_are_read_with_their_lines() {
        let hints = Hints::parse(
            "# note\nplacements:\n  - page: a/b.md\n    tree: response\n    after: x.w\n    path: x.y\n  - page: a/b.md\n    tree: request\n    path: q.z\n",
        )
        .unwrap();
        let placements = &hints.placements["a/b.md"];
        assert_eq!(placements.len(), 2);
        assert_eq!(placements[0].0.path, ["x", "y"]);
        assert_eq!(placements[0].0.after, ["x", "w"]);
        assert_eq!(placements[0].1, 6);
        assert_eq!(placements[1].0.tree, TreeKind::Request);
        assert!(placements[1].0.after.is_empty());
        assert_eq!(placements[1].1, 9);
    }

    #[test]
    fn bad_hints_files_are_errors_with_lines() {
        let error = Hints::parse("placements:\n  - page: a.md\n    tree: sideways\n    path: x\n")
            .unwrap_err();
        assert_eq!(error.line, Some(4));
        assert!(
            Hints::parse("placements:\n  - page: a.md\n    tree: request\n    path: x..y\n")
                .is_err()
        );
        assert!(Hints::parse("placements:\n  - page: a.md\n    colour: red\n").is_err());
        assert!(Hints::parse("").unwrap().placements.is_empty());
    }
}
