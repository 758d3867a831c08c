//! Placing a page's flat field entries into trees: one decision per entry,
//! each made from evidence.
//!
//! Entries come in page order, a parent before its children, so an entry's
//! parent is the previous entry or one of its ancestors. On multi-line pages
//! indentation names the parent, except where the docs print it wrong: fields
//! printed as children of a parameter's top-level field may really be fields
//! of the parameter itself. On collapsed pages every open ancestor is a
//! candidate. Candidates are then judged by the evidence.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::catalogue::{query_response_fields, Catalogue, CommonType};
use super::evidence::{PageEvidence, PathKind};
use crate::page::{Entry, Field, OneOf, Page, TypeRef};
use crate::source::Pos;

/// Identifies an entry in the corpus: (page index, byte offset of the entry).
pub type EntryId = (usize, usize);

/// Which tree of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TreeKind {
    /// The request body: the parameters and their fields.
    Request,
    /// The response body.
    Response,
}

impl TreeKind {
    /// The name hints use for the tree.
    pub fn as_str(self) -> &'static str {
        match self {
            TreeKind::Request => "request",
            TreeKind::Response => "response",
        }
    }
}

/// A node of a recovered tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// The field name (empty for the root).
    pub name: String,
    /// The entry the node comes from (`None` for the root).
    pub field: Option<Field>,
    /// The entry's id (`None` for the root).
    pub entry: Option<EntryId>,
    /// The parent node.
    pub parent: Option<usize>,
    /// The child nodes, in page order.
    pub children: Vec<usize>,
    /// The object type the node holds, when it has a name.
    pub type_name: Option<String>,
    /// One-of groups among the children: (members, required).
    pub one_of_groups: Vec<(Vec<String>, bool)>,
}

/// A recovered tree.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Which tree.
    pub kind: TreeKind,
    /// The nodes; the root is node 0.
    pub nodes: Vec<Node>,
}

impl Tree {
    fn new(kind: TreeKind, root_type: Option<String>) -> Self {
        Tree {
            kind,
            nodes: vec![Node {
                name: String::new(),
                field: None,
                entry: None,
                parent: None,
                children: Vec::new(),
                type_name: root_type,
                one_of_groups: Vec::new(),
            }],
        }
    }

    /// The field names from the root to `node`.
    pub fn path(&self, node: usize) -> Vec<String> {
        let mut path = Vec::new();
        let mut at = Some(node);
        while let Some(index) = at {
            if index != 0 {
                path.push(self.nodes[index].name.clone());
            }
            at = self.nodes[index].parent;
        }
        path.reverse();
        path
    }

    /// `node`'s path as text, `(root)` for the root.
    pub fn path_text(&self, node: usize) -> String {
        let path = self.path(node);
        if path.is_empty() {
            "(root)".to_owned()
        } else {
            path.join(".")
        }
    }

    fn add(&mut self, parent: usize, field: &Field, entry: EntryId) -> usize {
        let index = self.nodes.len();
        self.nodes.push(Node {
            name: field.name.clone(),
            type_name: object_type_name(&field.ty),
            field: Some(field.clone()),
            entry: Some(entry),
            parent: Some(parent),
            children: Vec::new(),
            one_of_groups: Vec::new(),
        });
        self.nodes[parent].children.push(index);
        index
    }
}

/// The object type a field of type `ty` holds, when the page names it.
fn object_type_name(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(name) => Some(name.clone()),
        TypeRef::Array(Some(inner)) => object_type_name(inner),
        _ => None,
    }
}

/// What the corpus knows of named types: their fields, the entry that shows
/// each, and the occurrence (the parent's entry) it was shown under.
///
/// Indexed by type and field, so that recording a fact and asking about one
/// field of one type cost a lookup, however many pages share the type.
#[derive(Debug, Clone, Default)]
pub struct TypeFacts {
    /// By type, by field: every showing of the field.
    fields: BTreeMap<String, BTreeMap<String, BTreeSet<Shown>>>,
}

/// One showing of a field of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Shown {
    /// The entry showing the field; `None` for the catalogue.
    source: Option<EntryId>,
    /// The entry of the occurrence of the type it is shown under.
    occurrence: Option<EntryId>,
}

impl Shown {
    /// Whether the showing counts when judging entry `excluding` under the
    /// occurrence `occurrence`: not the entry's own, nor one of the same
    /// occurrence (its other fields are no evidence that the list is
    /// complete).
    fn counts(&self, excluding: EntryId, occurrence: Option<EntryId>) -> bool {
        self.source != Some(excluding)
            && (self.occurrence.is_none() || self.occurrence != occurrence)
    }
}

impl TypeFacts {
    /// Facts from the catalogue alone.
    pub fn from_catalogue(catalogue: &Catalogue) -> Self {
        let mut facts = TypeFacts::default();
        for name in catalogue.types.keys() {
            for field in catalogue.fields(name).unwrap_or_default() {
                facts.add(name, field, None, None);
            }
        }
        facts
    }

    /// Records that type `ty` has field `field`, as entry `source` shows
    /// under the occurrence `occurrence`.
    pub fn add(
        &mut self,
        ty: &str,
        field: &str,
        source: Option<EntryId>,
        occurrence: Option<EntryId>,
    ) {
        let shown = Shown { source, occurrence };
        let Some(fields) = self.fields.get_mut(ty) else {
            let fields = BTreeMap::from([(field.to_owned(), BTreeSet::from([shown]))]);
            self.fields.insert(ty.to_owned(), fields);
            return;
        };
        match fields.get_mut(field) {
            Some(showings) => {
                showings.insert(shown);
            }
            None => {
                fields.insert(field.to_owned(), BTreeSet::from([shown]));
            }
        }
    }

    /// Records the placements of a tree.
    pub fn add_tree(&mut self, tree: &Tree) {
        for node in &tree.nodes {
            let Some(ty) = &node.type_name else { continue };
            for &child in &node.children {
                self.add(
                    ty,
                    &tree.nodes[child].name,
                    tree.nodes[child].entry,
                    node.entry,
                );
            }
        }
    }

    /// Whether anything is known of `ty` from elsewhere: not counting what
    /// entry `excluding` says, nor what the occurrence `occurrence` itself
    /// shows (its other fields are no evidence that the list is complete).
    ///
    /// Only showings that do not count are passed over before one that does:
    /// the entry's own, and one per field of the occurrence.
    fn knows(&self, ty: &str, excluding: EntryId, occurrence: Option<EntryId>) -> bool {
        self.fields.get(ty).is_some_and(|fields| {
            fields
                .values()
                .any(|showings| showings.iter().any(|s| s.counts(excluding, occurrence)))
        })
    }

    /// Whether `ty` has a field `field` from elsewhere, in the sense of
    /// [`TypeFacts::knows`].
    fn has(&self, ty: &str, field: &str, excluding: EntryId, occurrence: Option<EntryId>) -> bool {
        self.fields
            .get(ty)
            .and_then(|fields| fields.get(field))
            .is_some_and(|showings| showings.iter().any(|s| s.counts(excluding, occurrence)))
    }
}

impl Tree {
    /// The tree as indented text, one field per line: `name: type`.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        self.outline_node(0, 0, &mut out);
        out
    }

    fn outline_node(&self, node: usize, depth: usize, out: &mut String) {
        let n = &self.nodes[node];
        let ty = n.field.as_ref().map_or_else(
            || n.type_name.clone().unwrap_or_default(),
            |f| f.ty.to_string(),
        );
        let name = if node == 0 {
            self.kind.as_str()
        } else {
            n.name.as_str()
        };
        let _ = writeln!(out, "{}{name}: {ty}", "  ".repeat(depth));
        for &child in &n.children {
            self.outline_node(child, depth + 1, out);
        }
    }
}

/// A maintainer's placement: in a page's `tree`, the entry that follows the
/// node at `after` (empty: the first entry) belongs at `path`. Naming the
/// previous entry pins the hint to one entry, since a name may recur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementHint {
    /// The tree.
    pub tree: TreeKind,
    /// The path of the entry placed just before (of the parameter itself, for
    /// a parameter's first field).
    pub after: Vec<String>,
    /// The field's full path; its parent is all but the last name.
    pub path: Vec<String>,
}

/// Why a placement failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementError {
    /// No evidence settles the parent.
    Ambiguous {
        /// The entry.
        entry: EntryId,
        /// Where the entry is.
        at: Pos,
        /// The field's name.
        field: String,
        /// The candidate parents' paths: those the evidence does not rule
        /// out (all of them when it rules out every one).
        candidates: Vec<String>,
        /// The tree.
        tree: TreeKind,
        /// The path of the entry placed just before it.
        after: Vec<String>,
        /// The path each candidate would give, for the hint example.
        hint_paths: Vec<Vec<String>>,
    },
    /// Strong evidence supports two parents.
    Conflict {
        /// The entry.
        entry: EntryId,
        /// Where the entry is.
        at: Pos,
        /// The field's name.
        field: String,
        /// Each supported parent with its evidence.
        parents: Vec<(String, Vec<String>)>,
    },
    /// A hint picks a parent that strong evidence contradicts, or one whose
    /// type is completely known (catalogue, query-response shape) and lacks
    /// the field.
    HintContradicted {
        /// The entry.
        entry: EntryId,
        /// Where the entry is.
        at: Pos,
        /// The field's name.
        field: String,
        /// The hinted parent.
        hinted: String,
        /// The parent the evidence supports and the evidence; or the
        /// hinted parent and what rules it out.
        evidence: (String, Vec<String>),
    },
}

/// A placement that differs from the page's indentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The entry.
    pub entry: EntryId,
    /// Where the entry is.
    pub at: Pos,
    /// The field's name.
    pub field: String,
    /// Where the indentation puts it.
    pub printed_parent: String,
    /// Where the evidence puts it.
    pub parent: String,
    /// The evidence.
    pub reasons: Vec<String>,
}

/// The outcome of placing one page.
#[derive(Debug, Clone)]
pub struct PlacedPage {
    /// The request and response trees (possibly incomplete after an error).
    pub trees: Vec<Tree>,
    /// Placements that override the indentation.
    pub corrections: Vec<Correction>,
    /// Failures; a tree stops at its first failure.
    pub errors: Vec<PlacementError>,
    /// How many entries each kind of decision settled.
    pub settled_by: BTreeMap<&'static str, usize>,
    /// The hints that matched an entry (index into the page's hints): used,
    /// or refuted by the evidence (an error).
    pub used_hints: Vec<usize>,
    /// ONE-OF markers whose members could not be known (collapsed pages).
    pub unknown_one_ofs: Vec<Pos>,
    /// Every placement, with what settled it and the evidence.
    pub decisions: Vec<Decision>,
}

/// One placement and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The entry.
    pub entry: EntryId,
    /// The field's path as placed.
    pub path: String,
    /// The kind of evidence that settled it.
    pub settled_by: &'static str,
    /// The evidence.
    pub reasons: Vec<String>,
}

/// What placing a page reads.
pub struct PageInput<'a> {
    /// The page's index in the corpus.
    pub index: usize,
    /// The page.
    pub page: &'a Page,
    /// Its evidence.
    pub evidence: &'a PageEvidence,
    /// The hints for this page.
    pub hints: &'a [PlacementHint],
}

/// What the corpus knows: the catalogue and the facts gathered so far.
pub struct Knowledge<'a> {
    /// The common types.
    pub catalogue: &'a Catalogue,
    /// Type facts.
    pub facts: &'a TypeFacts,
}

/// Places the entries of `input`'s page into its request and response trees.
pub fn place_page(input: &PageInput<'_>, knowledge: &Knowledge<'_>) -> PlacedPage {
    let page = input.page;
    let signature = &page.rest.schema.signature;
    let mut placed = PlacedPage {
        trees: Vec::new(),
        corrections: Vec::new(),
        errors: Vec::new(),
        settled_by: BTreeMap::new(),
        used_hints: Vec::new(),
        unknown_one_ofs: Vec::new(),
        decisions: Vec::new(),
    };
    let mut request = Tree::new(
        TreeKind::Request,
        Some(format!("{}Request", page.method_name.value)),
    );
    for parameter in &signature.parameters {
        let node = request.add(
            0,
            &parameter.field,
            (input.index, parameter.field.at.offset),
        );
        Placer::new(input, knowledge, &mut request, node, &mut placed)
            .place_all(&parameter.entries);
    }
    placed.trees.push(request);
    let response_type = object_type_name(&signature.return_type.ty.value);
    let mut response = Tree::new(TreeKind::Response, response_type);
    Placer::new(input, knowledge, &mut response, 0, &mut placed)
        .place_all(&signature.return_type.entries);
    placed.trees.push(response);
    placed
}

/// Support for one candidate parent.
#[derive(Debug, Default)]
struct Judgement {
    strong: Vec<String>,
    medium: Vec<String>,
    /// Complete knowledge of the candidate's type (the catalogue, the query
    /// response shape) lacks the field: the candidate is ruled out.
    excluded: Vec<String>,
    /// What other pages show of the candidate's type lacks the field; they
    /// may show only part of it, so this only breaks ties.
    suspect: Vec<String>,
}

struct Placer<'p, 'a> {
    input: &'p PageInput<'a>,
    knowledge: &'p Knowledge<'a>,
    tree: &'p mut Tree,
    /// The node the entries hang under (a parameter, or the response root).
    base: usize,
    placed: &'p mut PlacedPage,
    /// The last placed node.
    last: usize,
    /// Printed indentation stack: (indent, node, is a ONE-OF marker).
    printed: Vec<(u32, usize, bool)>,
    /// Types already expanded (given children) on this page.
    expanded: Vec<String>,
    /// A ONE-OF marker waiting for its first member.
    pending_group: Option<(OneOf, usize)>,
}

impl<'p, 'a> Placer<'p, 'a> {
    fn new(
        input: &'p PageInput<'a>,
        knowledge: &'p Knowledge<'a>,
        tree: &'p mut Tree,
        base: usize,
        placed: &'p mut PlacedPage,
    ) -> Self {
        let base_indent = tree.nodes[base]
            .field
            .as_ref()
            .and_then(|f| f.indent)
            .unwrap_or(0);
        Placer {
            input,
            knowledge,
            tree,
            base,
            placed,
            last: base,
            printed: vec![(base_indent, base, false)],
            expanded: Vec::new(),
            pending_group: None,
        }
    }

    fn place_all(&mut self, entries: &[Entry]) {
        for entry in entries {
            let ok = match entry {
                Entry::OneOf(marker) => {
                    self.one_of(marker);
                    true
                }
                Entry::Field(field) => self.place(field),
            };
            if !ok {
                return;
            }
        }
    }

    fn id(&self, field: &Field) -> EntryId {
        (self.input.index, field.at.offset)
    }

    fn can_have_children(&self, node: usize) -> bool {
        let Some(field) = &self.tree.nodes[node].field else {
            return true;
        };
        if field.enum_values.is_some() {
            return false;
        }
        let is_enum = |name: &str| self.knowledge.catalogue.is_enum(name);
        match &field.ty {
            TypeRef::Named(name) => !is_enum(name),
            TypeRef::Array(Some(inner)) => {
                matches!(inner.as_ref(), TypeRef::Named(name) if !is_enum(name))
            }
            TypeRef::Array(None) => true,
            _ => false,
        }
    }

    /// The printed parent of an entry at `indent`: markers are transparent.
    fn printed_parent(&mut self, indent: u32) -> usize {
        while self.printed.len() > 1 && self.printed.last().is_some_and(|&(i, _, _)| i >= indent) {
            self.printed.pop();
        }
        self.printed.last().map_or(self.base, |&(_, node, _)| node)
    }

    fn one_of(&mut self, marker: &OneOf) {
        let parent = match marker.indent {
            Some(indent) => {
                let parent = self.printed_parent(indent);
                self.printed.push((indent, parent, true));
                parent
            }
            None => self.last,
        };
        self.pending_group = Some((marker.clone(), parent));
    }

    fn candidates(&mut self, field: &Field) -> (Vec<usize>, Option<usize>) {
        if let Some(indent) = field.indent {
            let printed = self.printed_parent(indent);
            if self.can_have_children(printed) {
                // The docs print a parameter's fields that follow a one-of
                // member one level too deep: as children of a field printed
                // at the parameter's top level.
                let printed_depth = self
                    .printed
                    .iter()
                    .filter(|&&(_, _, is_marker)| !is_marker)
                    .count();
                let in_bad_spot = self.tree.kind == TreeKind::Request && printed_depth == 2;
                let candidates = if in_bad_spot {
                    vec![printed, self.base]
                } else {
                    vec![printed]
                };
                return (candidates, Some(printed));
            }
        }
        // Every open ancestor of the last entry that can hold fields, deepest first.
        let mut candidates = Vec::new();
        let mut at = Some(self.last);
        while let Some(node) = at {
            if self.can_have_children(node) {
                candidates.push(node);
            }
            if node == self.base {
                break;
            }
            at = self.tree.nodes[node].parent;
        }
        (candidates, None)
    }

    fn judge(&self, field: &Field, candidate: usize) -> Judgement {
        let mut judgement = Judgement::default();
        let name = field.name.as_str();
        let tree = &*self.tree;
        let node = &tree.nodes[candidate];
        let mut path = tree.path(candidate);
        path.push(name.to_owned());
        for fact in &self.input.evidence.paths {
            let segments = &fact.segments;
            match fact.kind {
                PathKind::ExampleBody | PathKind::Required
                    if tree.kind == TreeKind::Request && *segments == path =>
                {
                    let what = if fact.kind == PathKind::Required {
                        "`Required parameters` list"
                    } else {
                        "example body"
                    };
                    judgement.strong.push(format!(
                        "the {what} at {} has `{}`",
                        fact.at,
                        segments.join(".")
                    ));
                }
                PathKind::Text | PathKind::FilterKey => {
                    let pair = segments
                        .windows(2)
                        .any(|w| w[0] == node.name && w[1] == name);
                    if pair && !node.name.is_empty() {
                        judgement.medium.push(format!(
                            "the text at {} says `{}`",
                            fact.at,
                            segments.join(".")
                        ));
                    }
                    if fact.kind == PathKind::FilterKey
                        && segments[0] == name
                        && self.is_queried_entity(candidate)
                    {
                        judgement.medium.push(format!(
                            "the example filter at {} names `{}` as a field of the queried items",
                            fact.at,
                            segments.join(".")
                        ));
                    }
                }
                _ => {}
            }
        }
        if let Some(node_field) = &node.field {
            for shape in &self.input.evidence.shapes {
                if shape.field_at == node_field.at && shape.keys.iter().any(|k| k == name) {
                    judgement.medium.push(format!(
                        "the description of `{}` shows it holding `{name}`",
                        shape.field
                    ));
                }
            }
        }
        if let Some(ty) = &node.type_name {
            match self.knows_field(candidate, ty, field) {
                Some((true, _)) => {
                    judgement
                        .medium
                        .push(format!("type `{ty}` has a field `{name}` elsewhere"));
                }
                Some((false, true)) => judgement
                    .excluded
                    .push(format!("the common type `{ty}` has no field `{name}`")),
                Some((false, false)) => judgement
                    .suspect
                    .push(format!("type `{ty}` has no field `{name}` anywhere else")),
                None => {}
            }
        }
        if candidate == self.last
            && candidate != self.base
            && self.is_undocumented_type(candidate, field)
        {
            judgement
                .medium
                .push(format!("`{}` is an object field whose type is documented nowhere else, so the entry after it is its first field", node.name));
        }
        judgement
    }

    /// Whether what is known of `ty` (at `candidate`), not counting `field`
    /// itself, has `field`, and whether that knowledge is complete (common
    /// types and the query-response shape are); `None` when nothing is known.
    fn knows_field(&self, candidate: usize, ty: &str, field: &Field) -> Option<(bool, bool)> {
        let name = field.name.as_str();
        if candidate == 0 && self.tree.kind == TreeKind::Response {
            let first = self.tree.nodes[0]
                .children
                .first()
                .map(|&c| self.tree.nodes[c].name.as_str());
            let method = &self.input.page.rest.schema.method_name.value;
            if let Some(fields) = first.and_then(|first| query_response_fields(method, ty, first)) {
                return Some((fields.iter().any(|f| f == name), true));
            }
        }
        if let Some(CommonType::Object(fields)) = self.knowledge.catalogue.types.get(ty) {
            return Some((fields.contains_key(name), true));
        }
        let facts = self.knowledge.facts;
        let (excluding, occurrence) = (self.id(field), self.tree.nodes[candidate].entry);
        facts
            .knows(ty, excluding, occurrence)
            .then(|| (facts.has(ty, name, excluding, occurrence), false))
    }

    /// Whether `candidate` holds the items a query method lists: the element
    /// of the response's first (array) field.
    fn is_queried_entity(&self, candidate: usize) -> bool {
        let method = &self.input.page.rest.schema.method_name.value;
        let Some(node) = self.tree.nodes.get(candidate) else {
            return false;
        };
        self.tree.kind == TreeKind::Response
            && method.starts_with("query")
            && node.parent == Some(0)
            && self.tree.nodes[0].children.first() == Some(&candidate)
            && matches!(node.field.as_ref().map(|f| &f.ty), Some(TypeRef::Array(_)))
    }

    /// Whether `candidate`'s type is one nothing else documents: then the
    /// entry right after it must be its first field.
    fn is_undocumented_type(&self, candidate: usize, field: &Field) -> bool {
        match &self.tree.nodes[candidate].type_name {
            None => true,
            Some(ty) => {
                !self.expanded.contains(ty)
                    && !matches!(
                        self.knowledge.catalogue.types.get(ty),
                        Some(CommonType::Object(_))
                    )
                    && !self.knowledge.facts.knows(
                        ty,
                        self.id(field),
                        self.tree.nodes[candidate].entry,
                    )
            }
        }
    }

    /// The hint for `field` (its index) and the candidate it picks.
    fn hinted(&self, field: &Field, candidates: &[usize]) -> Option<(usize, usize)> {
        if self.input.hints.is_empty() {
            return None;
        }
        let after = self.tree.path(self.last);
        self.input
            .hints
            .iter()
            .enumerate()
            .find_map(|(hint_index, hint)| {
                if hint.tree != self.tree.kind
                    || hint.path.last().map(String::as_str) != Some(field.name.as_str())
                    || hint.after != after
                {
                    return None;
                }
                let parent = &hint.path[..hint.path.len() - 1];
                candidates
                    .iter()
                    .find(|&&c| self.tree.path(c) == parent)
                    .map(|&c| (hint_index, c))
            })
    }

    fn place(&mut self, field: &Field) -> bool {
        let entry = self.id(field);
        let (mut candidates, printed) = self.candidates(field);
        // An object cannot have two fields of one name: where the name is
        // taken, the evidence for it is already explained by that field.
        candidates.retain(|&c| {
            !self.tree.nodes[c]
                .children
                .iter()
                .any(|&child| self.tree.nodes[child].name == field.name)
        });
        let judgements: Vec<(usize, Judgement)> = candidates
            .iter()
            .map(|&c| (c, self.judge(field, c)))
            .collect();
        let strong: Vec<&(usize, Judgement)> = judgements
            .iter()
            .filter(|(_, j)| !j.strong.is_empty())
            .collect();
        let decision = if let Some((hint_index, hinted)) = self.hinted(field, &candidates) {
            // The hint matched this entry, whether or not the evidence lets
            // it stand: it is not one that names nothing.
            self.placed.used_hints.push(hint_index);
            // Strong evidence for another parent, or complete knowledge of
            // the hinted parent's type without the field, refutes the hint.
            let refuted = strong
                .iter()
                .find(|(c, _)| *c != hinted)
                .map(|(c, j)| (*c, j.strong.clone()))
                .or_else(|| {
                    judgements
                        .iter()
                        .find(|(c, j)| *c == hinted && !j.excluded.is_empty())
                        .map(|(c, j)| (*c, j.excluded.clone()))
                });
            if let Some((other, evidence)) = refuted {
                self.placed.errors.push(PlacementError::HintContradicted {
                    entry,
                    at: field.at,
                    field: field.name.clone(),
                    hinted: self.tree.path_text(hinted),
                    evidence: (self.tree.path_text(other), evidence),
                });
                return false;
            }
            Some((hinted, "hint", vec!["the hints file says so".to_owned()]))
        } else if strong.len() == 1 {
            Some((
                strong[0].0,
                "example body or required path",
                strong[0].1.strong.clone(),
            ))
        } else if strong.len() > 1 {
            self.placed.errors.push(PlacementError::Conflict {
                entry,
                at: field.at,
                field: field.name.clone(),
                parents: strong
                    .iter()
                    .map(|(c, j)| (self.tree.path_text(*c), j.strong.clone()))
                    .collect(),
            });
            return false;
        } else if candidates.len() == 1 {
            let reason = if printed.is_some() {
                "indentation"
            } else {
                "only possible parent"
            };
            Some((candidates[0], reason, vec![format!("the {reason}")]))
        } else {
            let viable: Vec<&(usize, Judgement)> = judgements
                .iter()
                .filter(|(_, j)| j.excluded.is_empty())
                .collect();
            let supported: Vec<&(usize, Judgement)> = viable
                .iter()
                .copied()
                .filter(|(_, j)| !j.medium.is_empty())
                .collect();
            let unsuspected: Vec<&(usize, Judgement)> = supported
                .iter()
                .copied()
                .filter(|(_, j)| j.suspect.is_empty())
                .collect();
            let chosen = match (supported.as_slice(), unsuspected.as_slice()) {
                ([only], _) | (_, [only]) => Some(*only),
                _ => None,
            };
            if let Some((node, judgement)) = chosen {
                Some((
                    *node,
                    "text, catalogue or other pages",
                    judgement.medium.clone(),
                ))
            } else if supported.is_empty() && viable.len() == 1 {
                let ruled_out: Vec<String> = judgements
                    .iter()
                    .flat_map(|(_, j)| j.excluded.clone())
                    .collect();
                Some((viable[0].0, "elimination", ruled_out))
            } else {
                None
            }
        };
        let Some((parent, settled_by, reasons)) = decision else {
            // Only candidates the evidence leaves open are offered; when it
            // rules out every one, all are, as none is better.
            let mut open: Vec<usize> = judgements
                .iter()
                .filter(|(_, j)| j.excluded.is_empty())
                .map(|&(c, _)| c)
                .collect();
            if open.is_empty() {
                open = candidates;
            }
            let candidates = open;
            let hint_paths = candidates
                .iter()
                .map(|&c| {
                    let mut path = self.tree.path(c);
                    path.push(field.name.clone());
                    path
                })
                .collect();
            self.placed.errors.push(PlacementError::Ambiguous {
                entry,
                at: field.at,
                field: field.name.clone(),
                candidates: candidates.iter().map(|&c| self.tree.path_text(c)).collect(),
                tree: self.tree.kind,
                after: self.tree.path(self.last),
                hint_paths,
            });
            return false;
        };
        *self.placed.settled_by.entry(settled_by).or_default() += 1;
        if let Some(printed) = printed.filter(|&p| p != parent) {
            self.placed.corrections.push(Correction {
                entry,
                at: field.at,
                field: field.name.clone(),
                printed_parent: self.tree.path_text(printed),
                parent: self.tree.path_text(parent),
                reasons: reasons.clone(),
            });
        }
        if let Some(ty) = self.tree.nodes[parent].type_name.clone() {
            if !self.expanded.contains(&ty) {
                self.expanded.push(ty);
            }
        }
        let node = self.tree.add(parent, field, entry);
        self.placed.decisions.push(Decision {
            entry,
            path: self.tree.path(node).join("."),
            settled_by,
            reasons,
        });
        if let Some((marker, _)) = self.pending_group.take() {
            match &marker.members {
                Some(members) => self.tree.nodes[parent]
                    .one_of_groups
                    .push((members.clone(), marker.required)),
                None => self.placed.unknown_one_ofs.push(marker.at),
            }
        }
        if let Some(indent) = field.indent {
            self.printed.push((indent, node, false));
        }
        self.last = node;
        true
    }
}
