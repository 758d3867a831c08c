//! The hints file (`specs/hints.yaml`): facts a maintainer wrote down where no
//! evidence on the pages settles the structure.
//!
//! ```yaml
//! placements:
//!   - page: bookings/resources/resources-v2/query-resources.md   # relative to specs/
//!     tree: response                                              # or request
//!     after: resources.workingHoursSchedules.values.scheduleId    # the entry just before
//!     path: resources.workingHoursSchedules.values.shared         # the field's true path
//!     draft: true    # written by `check-specs --write-hints`: not settled until deleted
//! types:
//!   - page: bookings/resources/resources-v2/query-resources.md   # any page of the SDK module
//!     type: Resource                  # as the pages print it; `Parent.field[]` for an array
//!                                     # whose element type a one-line page lost
//!     fields: [id, name, email]       # every field of the type, in the docs' order
//! elements:
//!   - page: bookings/resources/resources-v2/query-resources.md
//!     tree: response
//!     path: resources                 # an array field whose element type no page names
//!     element: Resource               # the element type's name, or a scalar type
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use super::place::{PlacementHint, TreeKind};
use crate::source::Pos;

/// The hints file, read.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// Placement hints by page (path relative to `specs/`), each with its
    /// 1-based line in the hints file.
    pub placements: BTreeMap<String, Vec<(PlacementHint, usize)>>,
    /// Draft placements (`draft: true`) by page, each with its line: the
    /// tool's suggestions, which settle nothing until a maintainer confirms
    /// them by deleting the `draft: true` line.
    pub drafts: BTreeMap<String, Vec<(PlacementHint, usize)>>,
    /// Array element hints by page, each with its 1-based line.
    pub elements: BTreeMap<String, Vec<(ElementHint, usize)>>,
    /// Field lists of types, by page (the list holds for the type in the
    /// page's SDK module), each with its 1-based line; confirmed ones.
    pub types: BTreeMap<String, Vec<(TypeHint, usize)>>,
    /// Draft field lists (`draft: true`), by page, each with its line.
    pub type_drafts: BTreeMap<String, Vec<(TypeHint, usize)>>,
}

/// A maintainer's word on a type: every field it has, in the docs' order.
/// Complete knowledge, like the catalogue's, for the type in one SDK module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeHint {
    /// The type's key as recovery names it: the type name the pages print,
    /// or `Parent.field[]` for an array whose element type a one-line page
    /// lost.
    pub ty: String,
    /// The fields, in order.
    pub fields: Vec<String>,
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
    #[serde(default)]
    types: Vec<TypeEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeEntry {
    page: String,
    #[serde(rename = "type")]
    ty: String,
    fields: Vec<String>,
    #[serde(default)]
    draft: bool,
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
    #[serde(default)]
    draft: bool,
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
        let mut lines = Lines::section(text, "placements");
        for entry in file.placements {
            let line = lines.find_path(&entry.path);
            let tree = tree_kind(&entry.tree, line)?;
            let path = dotted_path(&entry.path, line)?;
            let after: Vec<String> = entry
                .after
                .split('.')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let target = if entry.draft {
                &mut hints.drafts
            } else {
                &mut hints.placements
            };
            target
                .entry(entry.page)
                .or_default()
                .push((PlacementHint { tree, after, path }, line.unwrap_or(0)));
        }
        let mut lines = Lines::section(text, "elements");
        for entry in file.elements {
            let line = lines.find_path(&entry.path);
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
        let mut lines = Lines::section(text, "types");
        for entry in file.types {
            let line = lines.find_value("type", &entry.ty);
            let ty = entry.ty.trim().to_owned();
            if ty.is_empty() {
                return Err(HintsError {
                    message: "`type:` is empty: expected a type name such as `Resource`".to_owned(),
                    line,
                });
            }
            if let Some(bad) = entry
                .fields
                .iter()
                .find(|f| f.trim().is_empty() || f.contains(['.', ' ']))
            {
                return Err(HintsError {
                    message: format!(
                        "`fields:` of `{ty}` has `{bad}`: expected field names such as `id`"
                    ),
                    line,
                });
            }
            let target = if entry.draft {
                &mut hints.type_drafts
            } else {
                &mut hints.types
            };
            target.entry(entry.page).or_default().push((
                TypeHint {
                    ty,
                    fields: entry.fields,
                },
                line.unwrap_or(0),
            ));
        }
        Ok(hints)
    }
}

/// A placement the tool suggests for an open question, to be written to the
/// hints file as a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftHint {
    /// The page, relative to `specs/`.
    pub page: String,
    /// The suggested placement.
    pub hint: PlacementHint,
    /// The field's position, as diagnostics show it (`file:position`).
    pub at: String,
    /// The candidate parents' paths.
    pub candidates: Vec<String>,
    /// The positions of the earlier open questions whose suggested answers
    /// this one assumes.
    pub assumes: Vec<String>,
    /// Whether suggested field lists of types may settle the question
    /// instead ([`TypeDraft`]).
    pub by_types: bool,
}

impl DraftHint {
    /// The draft as entries of the `placements:` list, with its candidates
    /// in a comment.
    fn render(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "  # draft for {}: candidates {}{}",
            self.at,
            self.candidates
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if self.assumes.is_empty() {
                String::new()
            } else {
                format!("; assumes the drafts at {}", self.assumes.join(", "))
            }
        );
        let _ = writeln!(out, "  - page: {}", quote(&self.page));
        let _ = writeln!(out, "    tree: {}", self.hint.tree.as_str());
        let _ = writeln!(out, "    after: {}", quote(&self.hint.after.join(".")));
        let _ = writeln!(out, "    path: {}", quote(&self.hint.path.join(".")));
        let _ = writeln!(out, "    draft: true");
    }
}

/// A field list the tool suggests for a type, to settle open questions: to
/// be written to the hints file as a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDraft {
    /// A page of the type's SDK module, relative to `specs/`.
    pub page: String,
    /// The suggested list.
    pub hint: TypeHint,
    /// Where the occurrence it is drafted from is, as diagnostics show it.
    pub at: String,
    /// The occurrence's position in its page.
    pub occurrence: Pos,
    /// The occurrence's path in its tree.
    pub path: String,
    /// The positions of the fields whose questions the list settles.
    pub questions: Vec<String>,
    /// Whether the type's name (`Parent.field[]`, for an array whose element
    /// type the page lost) rests on suggested answers to open questions:
    /// another answer there names the type otherwise.
    pub name_assumed: bool,
}

impl TypeDraft {
    fn render(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "  # draft: every field of `{}`, in the docs' order; drafted from `{}` at {} with the fields the suggested answers give it: check them against the docs",
            self.hint.ty, self.path, self.at,
        );
        let _ = writeln!(
            out,
            "  # it settles {} question(s), the first at {}",
            self.questions.len(),
            self.questions.first().map_or("", String::as_str)
        );
        if self.name_assumed {
            let _ = writeln!(
                out,
                "  # the name `{}` assumes the suggested parents of `{}`: if another answer is right, delete this draft",
                self.hint.ty, self.path
            );
        }
        let _ = writeln!(out, "  - page: {}", quote(&self.page));
        let _ = writeln!(out, "    type: {}", quote(&self.hint.ty));
        let fields: Vec<String> = self.hint.fields.iter().map(|f| quote(f)).collect();
        let _ = writeln!(out, "    fields: [{}]", fields.join(", "));
        let _ = writeln!(out, "    draft: true");
    }
}

/// `text` as a YAML scalar: plain where YAML reads it back as the same
/// string, else quoted.
fn quote(text: &str) -> String {
    serde_yaml::to_string(text).map_or_else(|_| text.to_owned(), |y| y.trim_end().to_owned())
}

/// The hints file's text with the drafts added: placements at the end of
/// its `placements:` list and field lists at the end of its `types:` list
/// (each created when there is none). Drafts already in the file (a
/// placement for the same page, tree, `after` and field; a list for the
/// same page and type) are not added again.
///
/// # Errors
///
/// When the file writes a list the drafts go to inline (`placements: []`),
/// where no entry can be added without rewriting it.
pub fn with_drafts(
    text: &str,
    existing: &Hints,
    drafts: &[DraftHint],
    types: &[TypeDraft],
) -> Result<String, HintsError> {
    let mut block = String::new();
    for draft in drafts {
        let known = |hints: &BTreeMap<String, Vec<(PlacementHint, usize)>>| {
            hints.get(&draft.page).is_some_and(|list| {
                list.iter().any(|(hint, _)| {
                    hint.tree == draft.hint.tree
                        && hint.after == draft.hint.after
                        && hint.path.last() == draft.hint.path.last()
                })
            })
        };
        if !known(&existing.placements) && !known(&existing.drafts) {
            draft.render(&mut block);
        }
    }
    let text = add_to_section(text, "placements", &block)?;
    let mut block = String::new();
    for draft in types {
        let known = |hints: &BTreeMap<String, Vec<(TypeHint, usize)>>| {
            hints
                .get(&draft.page)
                .is_some_and(|list| list.iter().any(|(hint, _)| hint.ty == draft.hint.ty))
        };
        if !known(&existing.types) && !known(&existing.type_drafts) {
            draft.render(&mut block);
        }
    }
    add_to_section(&text, "types", &block)
}

/// `text` with `block` (list entries) added at the end of the top-level
/// list `key:`, created at the end of the file when there is none.
fn add_to_section(text: &str, key: &str, block: &str) -> Result<String, HintsError> {
    if block.is_empty() {
        return Ok(text.to_owned());
    }
    // The end of the section: the next top-level key.
    let mut in_section = false;
    let mut insert_at = None;
    for (offset, line) in line_starts(text) {
        if in_section && is_top_level(line) {
            insert_at = Some(offset);
            break;
        }
        if is_key_line(line, key) {
            in_section = true;
        }
    }
    let mut out = String::with_capacity(text.len() + block.len() + 16);
    let push_line_end = |out: &mut String| {
        if !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
    };
    match (in_section, insert_at) {
        (true, Some(at)) => {
            // Before the blank lines and comments that lead the next key.
            let head = &text[..at];
            let mut cut = head.len();
            let lines: Vec<(usize, &str)> = line_starts(head).collect();
            for &(offset, line) in lines.iter().rev() {
                if offset >= head.len() {
                    continue;
                }
                let trimmed = line.trim();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    cut = offset;
                } else {
                    break;
                }
            }
            out.push_str(&text[..cut]);
            push_line_end(&mut out);
            out.push_str(block);
            out.push_str(&text[cut..]);
        }
        (true, None) => {
            out.push_str(text);
            push_line_end(&mut out);
            out.push_str(block);
        }
        (false, _) => {
            let prefix = format!("{key}:");
            if let Some(line) = line_starts(text).position(|(_, line)| line.starts_with(&prefix)) {
                return Err(HintsError {
                    message: format!("`{key}:` is written as an inline list: write it as a block list (`{key}:` on a line of its own) to add drafts"),
                    line: Some(line + 1),
                });
            }
            out.push_str(text);
            push_line_end(&mut out);
            out.push_str(&prefix);
            out.push('\n');
            out.push_str(block);
        }
    }
    Ok(out)
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

/// A cursor over the lines of one top-level section of the hints file
/// (`placements:`, `elements:`), moving forward only: entries come in file
/// order, so finding every entry's line reads the section about once.
struct Lines<'t> {
    /// The section's text from the start of the cursor's line on.
    rest: &'t str,
    /// The 1-based number of the cursor's line.
    line: usize,
}

impl<'t> Lines<'t> {
    /// The lines of section `key` of `text`: from the line after `key:` to
    /// the next top-level key. Empty when there is no such section (or its
    /// entries are written on the key's line).
    fn section(text: &'t str, key: &str) -> Self {
        let mut start: Option<(usize, usize)> = None;
        for (index, (offset, line)) in line_starts(text).enumerate() {
            match start {
                None if is_key_line(line, key) => {
                    let next = (offset + line.len() + 1).min(text.len());
                    start = Some((next, index + 2));
                }
                Some((from, number)) if is_top_level(line) => {
                    return Lines {
                        rest: &text[from..offset],
                        line: number,
                    };
                }
                _ => {}
            }
        }
        match start {
            Some((from, line)) => Lines {
                rest: &text[from..],
                line,
            },
            None => Lines { rest: "", line: 1 },
        }
    }

    /// The 1-based line of the next line whose key is `key:` and whose
    /// value is `value` (see [`Lines::find_path`]).
    fn find_value(&mut self, key: &str, value: &str) -> Option<usize> {
        let (index, (offset, line)) = line_starts(self.rest)
            .enumerate()
            .find(|(_, (_, line))| key_value(line, key) == Some(value))?;
        let found = self.line + index;
        self.rest = &self.rest[(offset + line.len() + 1).min(self.rest.len())..];
        self.line = found + 1;
        Some(found)
    }

    /// The 1-based line of the next line whose key is `path:` and whose
    /// value (without YAML quotes or a trailing comment) is `path`; the
    /// cursor moves past it. `None`, leaving the cursor, when there is none.
    fn find_path(&mut self, path: &str) -> Option<usize> {
        let (index, (offset, line)) = line_starts(self.rest)
            .enumerate()
            .find(|(_, (_, line))| path_value(line) == Some(path))?;
        let found = self.line + index;
        self.rest = &self.rest[(offset + line.len() + 1).min(self.rest.len())..];
        self.line = found + 1;
        Some(found)
    }
}

/// Whether `line` is the top-level key `key:` (with nothing after it but a
/// comment).
fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|rest| {
            let rest = rest.trim();
            rest.is_empty() || rest.starts_with('#')
        })
}

/// Each line of `text` with its byte offset, without its line break.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split('\n').map(move |line| {
        let start = offset;
        offset += line.len() + 1;
        (start, line)
    })
}

/// Whether `line` starts a new top-level key: text at column 0 that is not
/// a comment or a sequence item.
fn is_top_level(line: &str) -> bool {
    line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-')
}

/// The value of a `path:` line (`path: x.y`, `- path: 'x.y'  # note`).
fn path_value(line: &str) -> Option<&str> {
    key_value(line, "path")
}

/// The value of a `key:` line (`key: x.y`, `- key: 'x.y'  # note`).
fn key_value<'l>(line: &'l str, key: &str) -> Option<&'l str> {
    let mut rest = line.trim();
    if let Some(item) = rest.strip_prefix('-') {
        rest = item.trim_start();
    }
    // The key bare, or in single or double quotes.
    let rest = rest
        .strip_prefix(key)
        .or_else(|| {
            ['\'', '"'].into_iter().find_map(|quote| {
                rest.strip_prefix(quote)?
                    .strip_prefix(key)?
                    .strip_prefix(quote)
            })
        })?
        .trim_start()
        .strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let value = rest.trim();
    for quote in ['\'', '"'] {
        if let Some(quoted) = value.strip_prefix(quote) {
            return quoted.split(quote).next();
        }
    }
    let value = match value.find(" #").or_else(|| value.find("\t#")) {
        Some(comment) => &value[..comment],
        None => value,
    };
    Some(value.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_found_bare_or_quoted_with_its_value_plain_or_quoted() {
        for (line, value) in [
            ("path: x.y", Some("x.y")),
            ("  - path: x.y  # a note", Some("x.y")),
            ("- 'path': 'x.y'", Some("x.y")),
            ("\"path\" : \"x.y\" # note", Some("x.y")),
            ("path:", Some("")),
            ("path:x.y", None),
            ("paths: x.y", None),
            ("'path\": x.y", None),
            ("\"path': x.y", None),
            ("type: x.y", None),
        ] {
            assert_eq!(key_value(line, "path"), value, "{line}");
        }
    }

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
    fn lines_are_found_however_the_path_is_written() {
        let text = "elements:\r\n  - page: a.md\r\n    tree: response\r\n    path: x.y\r\n    element: string\r\n# placements\r\nplacements:\r\n  - page: a.md\r\n    tree: request\r\n    path: x.yz # not x.y\r\n  - path: \"x.y\"\r\n    page: a.md\r\n    tree: request\r\n  - {page: a.md, tree: request, path: q}\r\n  - page: a.md\r\n    tree: request\r\n    'path':   'x.y'   # quoted\r\n";
        let hints = Hints::parse(text).unwrap();
        let lines: Vec<(String, usize)> = hints.placements["a.md"]
            .iter()
            .map(|(hint, line)| (hint.path.join("."), *line))
            .collect();
        // A flow mapping is not looked into: its line is unknown (0).
        assert_eq!(
            lines,
            [
                ("x.yz".to_owned(), 10),
                ("x.y".to_owned(), 11),
                ("q".to_owned(), 0),
                ("x.y".to_owned(), 17)
            ]
        );
        // The `elements:` section, before `placements:`, is searched apart.
        assert_eq!(hints.elements["a.md"][0].1, 4);
    }

    fn draft(page: &str, after: &str, path: &str) -> DraftHint {
        DraftHint {
            page: page.to_owned(),
            hint: PlacementHint {
                tree: TreeKind::Request,
                after: after.split('.').map(str::to_owned).collect(),
                path: path.split('.').map(str::to_owned).collect(),
            },
            at: format!("specs/{page}:byte 7"),
            candidates: vec!["x".to_owned(), "(root)".to_owned()],
            assumes: Vec::new(),
            by_types: false,
        }
    }

    fn type_draft(page: &str, ty: &str, fields: &[&str]) -> TypeDraft {
        TypeDraft {
            page: page.to_owned(),
            hint: TypeHint {
                ty: ty.to_owned(),
                fields: fields.iter().map(|f| (*f).to_owned()).collect(),
            },
            at: format!("specs/{page}:byte 3"),
            occurrence: Pos {
                offset: 3,
                line_column: None,
            },
            path: "x".to_owned(),
            questions: vec![format!("specs/{page}:byte 7")],
            name_assumed: true,
        }
    }

    #[test]
    fn drafts_go_to_the_end_of_their_lists_and_read_back_as_drafts() {
        let text = "# note\nplacements:\n  - page: a.md\n    tree: request\n    path: q.z\n\n# Elements say...\nelements:\n  - page: a.md\n    tree: response\n    path: x.y\n    element: string\n";
        let existing = Hints::parse(text).unwrap();
        let drafted = with_drafts(
            text,
            &existing,
            &[draft("a.md", "x.w", "x.v")],
            &[type_draft("a.md", "X", &["w", "v"])],
        )
        .unwrap();
        // The placement goes before the comment that leads `elements:`.
        let placement = drafted.find("    path: x.v").unwrap();
        assert!(
            placement < drafted.find("# Elements say").unwrap(),
            "{drafted}"
        );
        assert!(drafted.contains("types:\n  # draft: every field of `X`"));
        assert!(drafted.contains("the name `X` assumes the suggested parents of `x`"));
        let read = Hints::parse(&drafted).unwrap();
        // Drafts settle nothing: they are kept apart from the hints.
        assert_eq!(read.placements["a.md"].len(), 1);
        assert_eq!(read.drafts["a.md"][0].0.path, ["x", "v"]);
        assert_eq!(read.type_drafts["a.md"][0].0.fields, ["w", "v"]);
        assert!(read.types.is_empty());
        assert_eq!(read.elements["a.md"].len(), 1);
        // Lines point at the drafts' `path:` and `type:` lines.
        let line = |needle: &str| drafted.lines().position(|l| l.contains(needle)).unwrap() + 1;
        assert_eq!(read.drafts["a.md"][0].1, line("path: x.v"));
        assert_eq!(read.type_drafts["a.md"][0].1, line("type: X"));
        // The same drafts again add nothing.
        let again = with_drafts(
            &drafted,
            &read,
            &[draft("a.md", "x.w", "x.v")],
            &[type_draft("a.md", "X", &["w"])],
        )
        .unwrap();
        assert_eq!(again, drafted);
    }

    #[test]
    fn drafts_start_lists_that_are_missing_and_refuse_inline_ones() {
        let drafted =
            with_drafts("", &Hints::default(), &[draft("a.md", "x", "x.y")], &[]).unwrap();
        assert!(drafted.starts_with("placements:\n  # draft for specs/a.md:byte 7"));
        assert_eq!(Hints::parse(&drafted).unwrap().drafts["a.md"].len(), 1);
        let error = with_drafts(
            "elements: []\nplacements: []\n",
            &Hints::default(),
            &[draft("a.md", "x", "x.y")],
            &[],
        )
        .unwrap_err();
        assert_eq!(error.line, Some(2));
    }

    #[test]
    fn field_lists_are_read_with_their_lines_and_checked() {
        let hints =
            Hints::parse("types:\n  - page: a.md\n    type: 'A.items[]'\n    fields: [id, name]\n")
                .unwrap();
        assert_eq!(
            hints.types["a.md"],
            [(
                TypeHint {
                    ty: "A.items[]".to_owned(),
                    fields: vec!["id".to_owned(), "name".to_owned()]
                },
                3
            )]
        );
        let error =
            Hints::parse("types:\n  - page: a.md\n    type: A\n    fields: [a.b]\n").unwrap_err();
        assert_eq!(error.line, Some(3));
        assert!(Hints::parse("types:\n  - page: a.md\n    type: ''\n    fields: []\n").is_err());
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
