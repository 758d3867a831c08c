//! Placing a page's flat field entries into trees: one decision per entry,
//! each made from evidence.
//!
//! Entries come in page order, a parent before its children, so an entry's
//! parent is the previous entry or one of its ancestors. On multi-line pages
//! indentation names the parent, except where the docs print it wrong: fields
//! printed as children of a parameter's top-level field may really be fields
//! of the parameter itself. On collapsed pages every open ancestor is a
//! candidate. Candidates are then judged by the evidence.
//!
//! An entry that no evidence settles is a question for the maintainer. The
//! placement goes on past it: the entry is put, provisionally, under a
//! suggested candidate, and every later decision records whether it holds
//! whatever the answer is. A later field that strong evidence or a hint puts under one of
//! the candidates shows that candidate was still open, which may settle the
//! question after all. Provisional placements never count as knowledge.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

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
    /// The entry the node comes from (`None` for the root); its name and
    /// type are the node's.
    pub field: Option<Arc<Field>>,
    /// The entry's id (`None` for the root).
    pub entry: Option<EntryId>,
    /// The parent node.
    pub parent: Option<usize>,
    /// The child nodes, in page order.
    pub children: Vec<usize>,
    /// The root's object type, when it has a name (a field's is its
    /// entry's: [`Node::type_name`]).
    root_type: Option<String>,
    /// One-of groups among the children: (members, required).
    pub one_of_groups: Vec<(Vec<String>, bool)>,
    /// Whether the node's place depends on a question still open: it was
    /// put there provisionally, or while such a question left its parent's
    /// being open in doubt.
    pub provisional: bool,
}

/// A recovered tree.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Which tree.
    pub kind: TreeKind,
    /// The nodes; the root is node 0.
    pub nodes: Vec<Node>,
}

impl Node {
    /// A node of `field` (from entry `entry`, if any) under `parent`, with
    /// no children yet.
    pub fn of_field(field: Arc<Field>, entry: Option<EntryId>, parent: usize) -> Self {
        Node {
            root_type: None,
            field: Some(field),
            entry,
            parent: Some(parent),
            children: Vec::new(),
            one_of_groups: Vec::new(),
            provisional: false,
        }
    }

    /// The field name (empty for the root).
    pub fn name(&self) -> &str {
        self.field.as_ref().map_or("", |field| field.name.as_str())
    }

    /// The object type the node holds, when it has a name.
    pub fn type_name(&self) -> Option<&str> {
        match &self.field {
            Some(field) => object_type_name(&field.ty),
            None => self.root_type.as_deref(),
        }
    }
}

impl Tree {
    /// A tree with only its root, with room for `entries` more nodes (so
    /// that placing them moves no node).
    fn new(kind: TreeKind, root_type: Option<String>, entries: usize) -> Self {
        let mut nodes = Vec::with_capacity(entries + 1);
        nodes.push(Node {
            field: None,
            entry: None,
            parent: None,
            children: Vec::new(),
            root_type,
            one_of_groups: Vec::new(),
            provisional: false,
        });
        Tree { kind, nodes }
    }

    /// The field names from the root to `node`.
    pub fn path(&self, node: usize) -> Vec<String> {
        let mut path = Vec::new();
        let mut at = Some(node);
        while let Some(index) = at {
            if index != 0 {
                path.push(self.nodes[index].name().to_owned());
            }
            at = self.nodes[index].parent;
        }
        path.reverse();
        path
    }

    /// Whether `segments` is the path of `node` (without making the path).
    pub(super) fn path_is(&self, node: usize, segments: &[String]) -> bool {
        if node == 0 {
            return segments.is_empty();
        }
        match segments.split_last() {
            Some((last, rest)) if *last == self.nodes[node].name() => match self.nodes[node].parent
            {
                Some(parent) => self.path_is(parent, rest),
                None => rest.is_empty(),
            },
            _ => false,
        }
    }

    /// Whether `segments` is the path of a field `name` under `node`: the
    /// path of `node`, then `name` (without making the path).
    fn is_child_path(&self, node: usize, name: &str, segments: &[String]) -> bool {
        let Some((last, mut rest)) = segments.split_last() else {
            return false;
        };
        if last != name {
            return false;
        }
        let mut at = Some(node);
        while let Some(index) = at {
            if index != 0 {
                match rest.split_last() {
                    Some((segment, before)) if *segment == self.nodes[index].name() => {
                        rest = before;
                    }
                    _ => return false,
                }
            }
            at = self.nodes[index].parent;
        }
        rest.is_empty()
    }

    /// Whether some node's path is `dotted` (`a.b.c`).
    pub fn has_path(&self, dotted: &str) -> bool {
        fn under(tree: &Tree, node: usize, segments: &[&str]) -> bool {
            let Some((first, rest)) = segments.split_first() else {
                return true;
            };
            tree.nodes[node]
                .children
                .iter()
                .any(|&child| tree.nodes[child].name() == *first && under(tree, child, rest))
        }
        if dotted.is_empty() {
            // The root's path.
            return !self.nodes.is_empty();
        }
        let segments: Vec<&str> = dotted.split('.').collect();
        !self.nodes.is_empty() && under(self, 0, &segments)
    }

    /// Every node's [`Tree::path_text`], in node order, each made from its
    /// parent's (a parent comes before its children).
    pub fn path_texts(&self) -> Vec<String> {
        let mut texts: Vec<String> = Vec::with_capacity(self.nodes.len());
        for (index, node) in self.nodes.iter().enumerate() {
            let text = match node.parent {
                _ if index == 0 => "(root)".to_owned(),
                Some(0) | None => node.name().to_owned(),
                Some(parent) if parent < index => format!("{}.{}", texts[parent], node.name()),
                // Not made in order: made from the root up.
                Some(_) => self.path_text(index),
            };
            texts.push(text);
        }
        texts
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

    /// How many parents `node` has (the root: 0).
    fn depth(&self, node: usize) -> usize {
        let mut depth = 0;
        let mut at = self.nodes[node].parent;
        while let Some(parent) = at {
            depth += 1;
            at = self.nodes[parent].parent;
        }
        depth
    }

    /// Whether `ancestor` is `node` or one of its ancestors.
    fn is_ancestor_or_self(&self, ancestor: usize, node: usize) -> bool {
        let mut at = Some(node);
        while let Some(index) = at {
            if index == ancestor {
                return true;
            }
            at = self.nodes[index].parent;
        }
        false
    }

    /// The key that identifies `node`'s object type on its page: the type's
    /// name where the page prints one; for an `array` whose element type the
    /// page lost (collapsed captures drop `<...>`), the parent's key and the
    /// field (`ParticipantChoices.serviceChoices[]`): a field of one type
    /// holds one element type in every tree.
    ///
    /// A type written like the field's own name (`services | type:
    /// array<services>`) names no type: it is keyed like a lost one.
    pub fn type_key(&self, node: usize) -> Option<String> {
        self.type_key_with(node, |parent| self.type_key(parent))
    }

    /// [`Tree::type_key`], the parent's key coming from `parent_key`
    /// (asked only when `node`'s key is made from it).
    fn type_key_with<K: AsRef<str>>(
        &self,
        node: usize,
        parent_key: impl FnOnce(usize) -> Option<K>,
    ) -> Option<String> {
        let n = &self.nodes[node];
        let ty = n.field.as_ref().map(|f| &f.ty);
        match n.type_name() {
            Some(name) if name != n.name() => return Some(name.to_owned()),
            Some(_) => {}
            None if matches!(ty, Some(TypeRef::Array(None))) => {}
            None => return None,
        }
        let parent = parent_key(n.parent?)?;
        let array = if matches!(ty, Some(TypeRef::Array(_))) {
            "[]"
        } else {
            ""
        };
        Some(format!("{}.{}{array}", parent.as_ref(), n.name()))
    }

    fn add(&mut self, parent: usize, field: &Arc<Field>, entry: EntryId) -> usize {
        let index = self.nodes.len();
        self.nodes
            .push(Node::of_field(Arc::clone(field), Some(entry), parent));
        self.nodes[parent].children.push(index);
        index
    }

    /// What identifies `node` as an occurrence of its type: its entry; for
    /// the root, which has none, a made-up id of page `page`'s tree.
    fn occurrence_id(&self, page: usize, node: usize) -> Option<EntryId> {
        match self.nodes[node].entry {
            Some(entry) => Some(entry),
            None if node == 0 => Some((page, usize::MAX - self.kind as usize)),
            None => None,
        }
    }

    /// Whether any node's place depends on an open question.
    pub fn is_provisional(&self) -> bool {
        self.nodes.iter().any(|n| n.provisional)
    }
}

impl Tree {
    /// Every node's [`Tree::type_key`], in node order; each made once
    /// (parents first), not from the root up.
    pub fn type_keys(&self) -> Vec<Option<String>> {
        TypeKeys::of(self).0
    }
}

/// Each node's [`Tree::type_key`], made once per node (parents first)
/// rather than from the root up at every question: placement asks often.
#[derive(Debug, Default)]
struct TypeKeys(Vec<Option<String>>);

impl TypeKeys {
    /// The keys of all of `tree`'s nodes.
    fn of(tree: &Tree) -> Self {
        let mut keys = TypeKeys(Vec::with_capacity(tree.nodes.len()));
        while keys.0.len() < tree.nodes.len() {
            keys.push_next(tree);
        }
        keys
    }

    /// Adds the key of `tree`'s first node without one (a node's parent
    /// comes before it).
    fn push_next(&mut self, tree: &Tree) {
        let node = self.0.len();
        let key = tree.type_key_with(node, |parent| self.get(parent));
        self.0.push(key);
    }

    /// `node`'s key.
    fn get(&self, node: usize) -> Option<&str> {
        self.0[node].as_deref()
    }
}

/// The object type a field of type `ty` holds, when the page names it.
fn object_type_name(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Array(Some(inner)) => object_type_name(inner),
        _ => None,
    }
}

/// What the corpus knows of named types: their fields, the entry that shows
/// each, and the occurrence (the parent's entry) it was shown under.
///
/// A type is known only within its SDK module (`scope`): two modules'
/// `Location`s are two types, and a page never learns a type's fields from
/// another module. The catalogue's common types are knowledge of their own,
/// shared by all modules.
///
/// Indexed by scope, type and field, so that recording a fact and asking about
/// one field of one type cost a lookup, however many pages share the type.
#[derive(Debug, Clone, Default)]
pub struct TypeFacts {
    /// By scope (an index: scopes are numbered from 0), what its pages show.
    scopes: Vec<ScopeFacts>,
}

/// What the pages of one SDK module show of its types. Keyed by the type's
/// name alone, so that asking about a type needs no owned key.
#[derive(Debug, Clone, Default)]
struct ScopeFacts {
    /// By type, by field: every showing of the field (only searched, so
    /// a showing recorded twice would change nothing).
    fields: BTreeMap<String, BTreeMap<String, Vec<Shown>>>,
    /// By type: the field lists of its occurrences in responses without
    /// open questions, with the occurrence. A response shows every field of
    /// a type, so each is complete.
    complete: BTreeMap<String, Vec<CompleteList>>,
}

/// A type's fields as one occurrence in a response shows them, with the
/// occurrence.
type CompleteList = (EntryId, Vec<Arc<Field>>);

/// One showing of a field of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Shown {
    /// The entry showing the field.
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
    /// No facts.
    pub fn new() -> Self {
        TypeFacts::default()
    }

    /// What the pages of `scope` show, if anything.
    fn scope(&self, scope: usize) -> Option<&ScopeFacts> {
        self.scopes.get(scope)
    }

    /// What the pages of `scope` show, to add to.
    fn scope_mut(&mut self, scope: usize) -> &mut ScopeFacts {
        if self.scopes.len() <= scope {
            self.scopes.resize_with(scope + 1, ScopeFacts::default);
        }
        &mut self.scopes[scope]
    }

    /// The showings of `ty`'s fields in `scope`.
    fn fields_of(&self, scope: usize, ty: &str) -> Option<&BTreeMap<String, Vec<Shown>>> {
        self.scope(scope)?.fields.get(ty)
    }

    /// Records that type `ty` of SDK module `scope` has field `field`, as
    /// entry `source` shows under the occurrence `occurrence`.
    pub fn add(
        &mut self,
        scope: usize,
        ty: &str,
        field: &str,
        source: Option<EntryId>,
        occurrence: Option<EntryId>,
    ) {
        self.scope_mut(scope).add(ty, field, source, occurrence);
    }

    /// Records the placements of a tree of a page of module `scope`; what
    /// depends on an open question is not knowledge and is left out.
    pub fn add_tree(&mut self, scope: usize, tree: &Tree) {
        self.scope_mut(scope).add_tree(tree);
    }

    /// The facts the trees of `pages` show, page `i` being of module
    /// `scopes[i]`. Modules share no facts, so each module's are gathered
    /// on their own, on every core, from its pages in page order: the facts
    /// [`TypeFacts::add_tree`] gathers over all pages in page order.
    pub fn of_pages(pages: &[PlacedPage], scopes: &[usize]) -> Self {
        use rayon::prelude::*;
        let mut pages_of: Vec<Vec<&PlacedPage>> = Vec::new();
        for (page, &scope) in pages.iter().zip(scopes) {
            if pages_of.len() <= scope {
                pages_of.resize_with(scope + 1, Vec::new);
            }
            pages_of[scope].push(page);
        }
        let scopes = pages_of
            .par_iter()
            .with_max_len(1)
            .map(|pages| {
                let mut facts = ScopeFacts::default();
                for tree in pages.iter().flat_map(|page| &page.trees) {
                    facts.add_tree(tree);
                }
                facts
            })
            .collect();
        TypeFacts { scopes }
    }

    /// Whether anything is known of `ty` in `scope` from elsewhere: not
    /// counting what entry `excluding` says, nor what the occurrence
    /// `occurrence` itself shows (its other fields are no evidence that the
    /// list is complete).
    fn knows(
        &self,
        scope: usize,
        ty: &str,
        excluding: EntryId,
        occurrence: Option<EntryId>,
    ) -> bool {
        self.fields_of(scope, ty).is_some_and(|fields| {
            fields
                .values()
                .any(|showings| showings.iter().any(|s| s.counts(excluding, occurrence)))
        })
    }

    /// Whether a complete list of `ty`'s fields in `scope` (from another
    /// occurrence than `occurrence`) has `field`; `None` without one.
    fn complete_has(
        &self,
        scope: usize,
        ty: &str,
        field: &str,
        occurrence: Option<EntryId>,
    ) -> Option<bool> {
        self.scope(scope)?
            .complete
            .get(ty)?
            .iter()
            .find(|(o, _)| Some(*o) != occurrence)
            .map(|(_, fields)| fields.iter().any(|f| f.name == field))
    }

    /// Whether the pages of `scope` show `ty` with a field that `listed`
    /// does not list.
    fn beyond(&self, scope: usize, ty: &str, listed: impl Fn(&str) -> bool) -> bool {
        self.fields_of(scope, ty)
            .is_some_and(|fields| fields.keys().any(|f| !listed(f)))
    }

    /// Whether `ty` has a field `field` from elsewhere, in the sense of
    /// [`TypeFacts::knows`].
    fn has(
        &self,
        scope: usize,
        ty: &str,
        field: &str,
        excluding: EntryId,
        occurrence: Option<EntryId>,
    ) -> bool {
        self.fields_of(scope, ty)
            .and_then(|fields| fields.get(field))
            .is_some_and(|showings| showings.iter().any(|s| s.counts(excluding, occurrence)))
    }
}

impl ScopeFacts {
    /// Records that type `ty` has field `field`, as entry `source` shows
    /// under the occurrence `occurrence`.
    fn add(&mut self, ty: &str, field: &str, source: Option<EntryId>, occurrence: Option<EntryId>) {
        let shown = Shown { source, occurrence };
        let types = &mut self.fields;
        if !types.contains_key(ty) {
            types.insert(ty.to_owned(), BTreeMap::new());
        }
        let fields = types.get_mut(ty).expect("just inserted");
        match fields.get_mut(field) {
            Some(showings) => showings.push(shown),
            None => {
                fields.insert(field.to_owned(), vec![shown]);
            }
        }
    }

    /// Records the placements of a tree; what depends on an open question
    /// is not knowledge and is left out.
    fn add_tree(&mut self, tree: &Tree) {
        let page = tree
            .nodes
            .iter()
            .find_map(|n| n.entry)
            .map(|(page, _)| page);
        let provisional = tree.is_provisional();
        let keys = TypeKeys::of(tree);
        for (index, node) in tree.nodes.iter().enumerate() {
            let Some(ty) = keys.get(index) else {
                continue;
            };
            let occurrence = page.and_then(|page| tree.occurrence_id(page, index));
            if let (Some(occurrence), TreeKind::Response, false) = (
                occurrence,
                tree.kind,
                node.children.is_empty() || provisional,
            ) {
                let names = node
                    .children
                    .iter()
                    .filter_map(|&c| tree.nodes[c].field.clone())
                    .collect();
                self.complete
                    .entry(ty.to_owned())
                    .or_default()
                    .push((occurrence, names));
            }
            for &child in &node.children {
                if tree.nodes[child].provisional {
                    continue;
                }
                self.add(
                    ty,
                    tree.nodes[child].name(),
                    tree.nodes[child].entry,
                    occurrence,
                );
            }
        }
    }
}

/// What one page's own trees show of its types: each expanded occurrence
/// with its fields in page order. The docs print a type's fields in one
/// order in every tree, a response shows every field of a type (a request
/// hides the read-only ones), so a page's trees are evidence for each other.
#[derive(Debug, Clone, Default)]
pub struct PageTypes {
    /// By type key: the occurrences that show fields.
    by_type: BTreeMap<String, Vec<Occurrence>>,
}

/// An occurrence of a type that shows its fields.
#[derive(Debug, Clone)]
struct Occurrence {
    /// The tree.
    tree: TreeKind,
    /// The occurrence's entry.
    entry: Option<EntryId>,
    /// Its fields' entries, in page order (only those whose place is
    /// certain).
    fields: Vec<Arc<Field>>,
    /// Whether the list is every field the tree shows for the type: a
    /// response tree without open questions.
    complete: bool,
}

impl PageTypes {
    /// Records the occurrences of `tree`, replacing what an earlier
    /// placement of the same tree showed.
    pub fn set_tree(&mut self, tree: &Tree) {
        for occurrences in self.by_type.values_mut() {
            occurrences.retain(|o| o.tree != tree.kind);
        }
        let complete = tree.kind == TreeKind::Response && !tree.is_provisional();
        for (index, node) in tree.nodes.iter().enumerate() {
            if node.children.is_empty() {
                continue;
            }
            let Some(key) = tree.type_key(index) else {
                continue;
            };
            let fields = node
                .children
                .iter()
                .filter(|&&c| !tree.nodes[c].provisional)
                .filter_map(|&c| tree.nodes[c].field.clone())
                .collect();
            self.by_type.entry(key).or_default().push(Occurrence {
                tree: tree.kind,
                entry: node.entry,
                fields,
                complete,
            });
        }
    }

    /// The occurrences of `key` other than the one at `entry` in `tree` (a
    /// root has no entry: it is told apart by its tree).
    fn others<'s>(
        &'s self,
        key: &str,
        tree: TreeKind,
        entry: Option<EntryId>,
    ) -> impl Iterator<Item = &'s Occurrence> + 's {
        self.by_type
            .get(key)
            .into_iter()
            .flatten()
            .filter(move |o| o.entry != entry || (entry.is_some() && o.tree != tree))
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
            || n.type_name().unwrap_or_default().to_owned(),
            |f| f.ty.to_string(),
        );
        let name = if node == 0 {
            self.kind.as_str()
        } else {
            n.name()
        };
        let _ = writeln!(out, "{}{name}: {ty}", "  ".repeat(depth));
        for &child in &n.children {
            self.outline_node(child, depth + 1, out);
        }
    }
}

/// Field lists the maintainers wrote down (the hints file's `types:`):
/// complete knowledge of a type in one SDK module, like the catalogue's.
#[derive(Debug, Clone, Default)]
pub struct DeclaredTypes {
    /// By scope, by type key: the fields in order, and where the list is
    /// written (`file:line`). Nested so that a lookup needs no owned key.
    by_type: BTreeMap<usize, BTreeMap<String, (Vec<String>, String)>>,
}

impl DeclaredTypes {
    /// Records that type `ty` of SDK module `scope` has exactly `fields`,
    /// as `source` says.
    pub fn insert(&mut self, scope: usize, ty: &str, fields: Vec<String>, source: String) {
        self.by_type
            .entry(scope)
            .or_default()
            .insert(ty.to_owned(), (fields, source));
    }

    /// The fields of `ty` in `scope`, and where the list is written.
    pub fn get(&self, scope: usize, ty: &str) -> Option<(&[String], &str)> {
        self.by_type
            .get(&scope)?
            .get(ty)
            .map(|(fields, source)| (fields.as_slice(), source.as_str()))
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
        /// out (all of them when it rules out every one), deepest first.
        candidates: Vec<String>,
        /// The tree.
        tree: TreeKind,
        /// The path of the entry placed just before it.
        after: Vec<String>,
        /// The path each candidate would give, for the hint example; the
        /// suggested one (where the entry is placed provisionally) first.
        hint_paths: Vec<Vec<String>>,
        /// Each candidate's type key (see [`Tree::type_key`]) and entry
        /// position, when it has them: a field list of the type may settle
        /// the question.
        types: Vec<Option<(String, Pos)>>,
        /// The earlier open questions this one assumes the suggested answer
        /// of (their fields' positions): another answer there may change
        /// this question's `after` or its candidates.
        depends_on: Vec<Pos>,
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
    /// The maintainers' field list of a type lacks a field that other
    /// evidence (an example body, `Required parameters`, indentation, or
    /// being the only possible parent) puts under an object of that type.
    ListContradicted {
        /// The entry.
        entry: EntryId,
        /// Where the entry is.
        at: Pos,
        /// The field's name.
        field: String,
        /// The parent the evidence puts it under.
        parent: String,
        /// What the list says.
        list: String,
        /// The evidence.
        evidence: Vec<String>,
    },
    /// A response object was kept open for a field that the request shows
    /// for the same type, and the field never came: the page's two trees
    /// disagree, so the placements made on that ground are not trusted.
    MissingFromResponse {
        /// The object's entry.
        entry: EntryId,
        /// Where the object's entry is.
        at: Pos,
        /// The object's path in the response.
        object: String,
        /// Its type.
        ty: String,
        /// The fields the request shows and the response's object lacks.
        missing: Vec<String>,
    },
}

impl PlacementError {
    /// Where the error is.
    pub fn at(&self) -> Pos {
        match self {
            PlacementError::Ambiguous { at, .. }
            | PlacementError::Conflict { at, .. }
            | PlacementError::HintContradicted { at, .. }
            | PlacementError::ListContradicted { at, .. }
            | PlacementError::MissingFromResponse { at, .. } => *at,
        }
    }
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
    /// The request and response trees. Where errors remain, some nodes are
    /// placed provisionally ([`Node::provisional`]).
    pub trees: Vec<Tree>,
    /// Placements that override the indentation.
    pub corrections: Vec<Correction>,
    /// Failures, in page order: every open question of every tree.
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
    /// Fields placed (by a hint or indentation) under an object of a
    /// catalogue type that lacks them: (position, field, type, parent path).
    /// The page's SDK module has its own type of that name.
    pub beyond_catalogue: Vec<(Pos, String, String, String)>,
    /// Where the response's type is named (`Return type:`): the root's
    /// position.
    pub return_type_at: Option<Pos>,
}

/// One placement and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The entry.
    pub entry: EntryId,
    /// The tree the field is placed in.
    pub tree: TreeKind,
    /// The field's node in that tree ([`PlacedPage::decision_path`] gives
    /// its path).
    pub node: usize,
    /// The kind of evidence that settled it.
    pub settled_by: &'static str,
    /// The evidence: for every decision when recovery was asked to explain
    /// them ([`Knowledge::explain`]), otherwise only where a report quotes
    /// it (a correction of the indentation); else empty.
    pub reasons: Vec<String>,
}

impl PlacedPage {
    /// The path of the field `decision` placed, as placed.
    pub fn decision_path(&self, decision: &Decision) -> String {
        self.trees
            .iter()
            .find(|tree| tree.kind == decision.tree)
            .map(|tree| tree.path(decision.node).join("."))
            .unwrap_or_default()
    }
}

/// What placing a page reads.
pub struct PageInput<'a> {
    /// The page's index in the corpus.
    pub index: usize,
    /// The page's SDK module, as an index: the scope of its types.
    pub scope: usize,
    /// The page.
    pub page: &'a Page,
    /// Its evidence.
    pub evidence: &'a PageEvidence,
    /// The hints for this page.
    pub hints: &'a [PlacementHint],
    /// What an earlier placement of this page showed of its types.
    pub own: &'a PageTypes,
}

/// What the corpus knows: the catalogue and the facts gathered so far.
pub struct Knowledge<'a> {
    /// The common types.
    pub catalogue: &'a Catalogue,
    /// Type facts.
    pub facts: &'a TypeFacts,
    /// The maintainers' field lists.
    pub declared: &'a DeclaredTypes,
    /// Whether every decision keeps its evidence's words
    /// ([`Decision::reasons`]); otherwise only what a report quotes does.
    pub explain: bool,
}

/// Places the entries of `input`'s page into its request and response trees.
pub fn place_page(input: &PageInput<'_>, knowledge: &Knowledge<'_>) -> PlacedPage {
    place_page_noting_reads(input, knowledge).0
}

/// What a round knows that the one before did not, as one placement reads
/// it: the facts of all pages, and this page's trees of the round before.
/// Each read is noted: a placement that made none read only what every
/// round gives it alike (its page, evidence and hints, the catalogue and
/// the field lists), so placing the page again gives the same result.
struct RoundKnowledge<'p> {
    facts: &'p TypeFacts,
    own: &'p PageTypes,
    read: &'p Cell<bool>,
}

impl<'p> RoundKnowledge<'p> {
    fn facts(&self) -> &TypeFacts {
        self.read.set(true);
        self.facts
    }

    fn own(&self) -> &'p PageTypes {
        self.read.set(true);
        self.own
    }
}

/// [`place_page`], and whether the placement read what a round learns from
/// the one before (what `RoundKnowledge` notes): if not, it is the same in every
/// round.
pub fn place_page_noting_reads(
    input: &PageInput<'_>,
    knowledge: &Knowledge<'_>,
) -> (PlacedPage, bool) {
    let read = Cell::new(false);
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
        beyond_catalogue: Vec::new(),
        return_type_at: Some(signature.return_type.ty.at),
    };
    let mut own = input.own.clone();
    let request_entries = signature
        .parameters
        .iter()
        .map(|p| 1 + p.entries.len())
        .sum();
    let mut request = Tree::new(
        TreeKind::Request,
        Some(format!("{}Request", page.method_name.value)),
        request_entries,
    );
    let mut request_keys = TypeKeys::of(&request);
    let mut printed_types = BTreeSet::new();
    for parameter in &signature.parameters {
        let node = request.add(
            0,
            &parameter.field,
            (input.index, parameter.field.at.offset),
        );
        request_keys.push_next(&request);
        let mut parameter_placer = Placer::new(
            input,
            knowledge,
            RoundKnowledge {
                facts: knowledge.facts,
                own: &own,
                read: &read,
            },
            (&mut request, &mut request_keys),
            node,
            &mut placed,
            &mut printed_types,
        );
        parameter_placer.place_all(&parameter.entries);
        parameter_placer.finish();
    }
    // The response learns from the request just placed.
    own.set_tree(&request);
    placed.trees.push(request);
    let response_type = object_type_name(&signature.return_type.ty.value).map(str::to_owned);
    let mut response = Tree::new(
        TreeKind::Response,
        response_type,
        signature.return_type.entries.len(),
    );
    let mut response_keys = TypeKeys::of(&response);
    let mut printed_types = BTreeSet::new();
    let mut response_placer = Placer::new(
        input,
        knowledge,
        RoundKnowledge {
            facts: knowledge.facts,
            own: &own,
            read: &read,
        },
        (&mut response, &mut response_keys),
        0,
        &mut placed,
        &mut printed_types,
    );
    response_placer.place_all(&signature.return_type.entries);
    response_placer.finish();
    placed.trees.push(response);
    placed.errors.sort_by_key(|e| e.at().offset);
    (placed, read.get())
}

/// Pieces of evidence about a candidate: their words when the placement
/// may be shown (a report quotes them, or the caller asked), else only how
/// many there are. Most placements are never shown, and writing their
/// words was much of recovery's time.
#[derive(Debug)]
struct Reasons {
    count: usize,
    /// The words, when kept.
    words: Option<Vec<String>>,
}

impl Reasons {
    fn new(keep_words: bool) -> Self {
        Reasons {
            count: 0,
            words: keep_words.then(Vec::new),
        }
    }

    /// Adds a piece of evidence; `words` is called only when words are kept.
    fn push_with(&mut self, words: impl FnOnce() -> String) {
        self.count += 1;
        if let Some(kept) = &mut self.words {
            kept.push(words());
        }
    }

    fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The words (none when not kept).
    fn words(&self) -> Vec<String> {
        self.words.clone().unwrap_or_default()
    }

    /// Takes the evidence out, leaving none.
    fn take(&mut self) -> Reasons {
        let keep_words = self.words.is_some();
        std::mem::replace(self, Reasons::new(keep_words))
    }

    /// Adds `other`'s evidence, its words rewritten by `reword`.
    fn extend_reworded(&mut self, other: Reasons, reword: impl Fn(String) -> String) {
        self.count += other.count;
        if let (Some(kept), Some(words)) = (&mut self.words, other.words) {
            kept.extend(words.into_iter().map(reword));
        }
    }
}

/// Support for one candidate parent.
#[derive(Debug)]
struct Judgement {
    strong: Reasons,
    medium: Reasons,
    /// What rules the candidate out: complete knowledge of its type (the
    /// catalogue, the query-response shape, the same page's response) lacks
    /// the field, the docs' printing rules, or the field order.
    excluded: Reasons,
    /// What the docs' printing rules and the page's other trees rule out:
    /// a later occurrence of a type printed earlier (it has no fields), the
    /// field order, the response's complete field list, an object that must
    /// stay open. The candidate is ruled out, but a hint may still pick it:
    /// these are inferences, where the catalogue is knowledge.
    ruled_out: Reasons,
    /// What other pages (or this page's other tree) show of the
    /// candidate's type lacks the field; they may show only part of it, so
    /// this only breaks ties (and needs no words: no message quotes it).
    suspect: bool,
    /// The maintainers' field list of the candidate's type lacks the field
    /// (also in `excluded`): a placement there contradicts the hints file.
    declared_out: Reasons,
    /// The candidate's type has a field of this name elsewhere. Many types
    /// share field names (`id`, `name`, `createdDate`), so this settles
    /// nothing while another candidate's type may have one too: it only
    /// tells which candidate the evidence leaves, once the others are ruled
    /// out.
    member: Reasons,
    /// Whether a `member` reason is complete knowledge of the type (the
    /// catalogue, a field list, a response's list).
    member_complete: bool,
}

impl Judgement {
    /// No evidence yet; its words are kept when `keep_words`.
    fn new(keep_words: bool) -> Self {
        let reasons = || Reasons::new(keep_words);
        Judgement {
            strong: reasons(),
            medium: reasons(),
            excluded: reasons(),
            ruled_out: reasons(),
            suspect: false,
            declared_out: reasons(),
            member: reasons(),
            member_complete: false,
        }
    }

    fn is_viable(&self) -> bool {
        self.excluded.is_empty() && self.ruled_out.is_empty()
    }
}

/// A question left open in the tree being placed.
#[derive(Debug)]
struct OpenQuestion {
    /// Index into the placer's errors.
    error: usize,
    /// The entry's node (placed provisionally).
    node: usize,
    /// The candidates still possible, deepest first.
    viable: Vec<usize>,
    /// Where the entry is placed provisionally.
    suggested: usize,
    /// Whether later placements may settle it (ambiguities, not conflicts).
    settleable: bool,
    /// Whether what follows still depends on the answer.
    active: bool,
}

struct Placer<'p, 'a> {
    input: &'p PageInput<'a>,
    knowledge: &'p Knowledge<'a>,
    /// Other pages' facts and what this page's other trees show of its
    /// types, read only through it.
    round: RoundKnowledge<'p>,
    tree: &'p mut Tree,
    /// The type key of each of the tree's nodes.
    keys: &'p mut TypeKeys,
    /// The node the entries hang under (a parameter, or the response root).
    base: usize,
    placed: &'p mut PlacedPage,
    /// The last placed node.
    last: usize,
    /// Printed indentation stack: (indent, node, is a ONE-OF marker).
    printed: Vec<(u32, usize, bool)>,
    /// The objects given children under this base, by type.
    expanded: BTreeMap<String, Vec<usize>>,
    /// Types expanded anywhere in this tree (all parameters of a request).
    printed_types: &'p mut BTreeSet<String>,
    /// A ONE-OF marker waiting for its first member.
    pending_group: Option<(OneOf, usize)>,
    /// This base's errors; `None` where a later placement settled one.
    errors: Vec<Option<PlacementError>>,
    /// The questions of this base.
    questions: Vec<OpenQuestion>,
    /// Each placed node with the questions (indices into `questions`) whose
    /// answer decides whether its parent was open.
    conditions: BTreeMap<usize, Vec<usize>>,
    /// Response objects kept open for fields the request shows: (node,
    /// fields).
    kept_open: Vec<(usize, Vec<String>)>,
}

/// The outcome of judging where an entry goes.
enum Outcome {
    /// Settled: the parent, the kind of evidence, the evidence; `decisive`
    /// when the evidence is a hint or strong (it then proves its parent open).
    Settled {
        parent: usize,
        settled_by: &'static str,
        reasons: Vec<String>,
        decisive: bool,
    },
    /// Not settled: the error, the candidates still possible (deepest
    /// first), the suggested one, and whether later placements may settle
    /// it.
    Open {
        error: PlacementError,
        viable: Vec<usize>,
        suggested: usize,
        settleable: bool,
    },
}

impl Outcome {
    /// Whether what is reported of this outcome quotes the evidence: a
    /// settled placement away from the `printed` parent (a correction of
    /// the indentation), or an error other than an open question.
    fn quotes_evidence(&self, printed: Option<usize>) -> bool {
        match self {
            Outcome::Settled { parent, .. } => printed.is_some_and(|p| p != *parent),
            Outcome::Open { error, .. } => !matches!(error, PlacementError::Ambiguous { .. }),
        }
    }
}

/// One piece of evidence's words, as a list, when `keep_words`; else none.
fn words(keep_words: bool, words: impl FnOnce() -> String) -> Vec<String> {
    if keep_words {
        vec![words()]
    } else {
        Vec::new()
    }
}

impl<'p, 'a> Placer<'p, 'a> {
    fn new(
        input: &'p PageInput<'a>,
        knowledge: &'p Knowledge<'a>,
        round: RoundKnowledge<'p>,
        (tree, keys): (&'p mut Tree, &'p mut TypeKeys),
        base: usize,
        placed: &'p mut PlacedPage,
        printed_types: &'p mut BTreeSet<String>,
    ) -> Self {
        let base_indent = tree.nodes[base]
            .field
            .as_ref()
            .and_then(|f| f.indent)
            .unwrap_or(0);
        Placer {
            input,
            knowledge,
            round,
            tree,
            keys,
            base,
            placed,
            last: base,
            printed: vec![(base_indent, base, false)],
            expanded: BTreeMap::new(),
            printed_types,
            pending_group: None,
            errors: Vec::new(),
            questions: Vec::new(),
            conditions: BTreeMap::new(),
            kept_open: Vec::new(),
        }
    }

    fn place_all(&mut self, entries: &[Entry]) {
        for entry in entries {
            let placed = match entry {
                Entry::OneOf(marker) => {
                    self.one_of(marker);
                    true
                }
                Entry::Field(field) => self.place(field),
            };
            if !placed {
                return;
            }
        }
    }

    /// Ends the base: checks the objects kept open, marks what depends on
    /// open questions, and hands over the errors.
    fn finish(self) {
        let Placer {
            tree,
            keys,
            placed,
            mut errors,
            questions,
            conditions,
            kept_open,
            ..
        } = self;
        let mut reported = BTreeSet::new();
        // While questions are open the objects' fields may sit provisionally
        // elsewhere: the check waits for the answers.
        let settled = errors
            .iter()
            .flatten()
            .all(|e| !matches!(e, PlacementError::Ambiguous { .. }));
        for (node, fields) in kept_open.into_iter().filter(|_| settled) {
            let children: BTreeSet<&str> = tree.nodes[node]
                .children
                .iter()
                .map(|&c| tree.nodes[c].name())
                .collect();
            let missing: Vec<String> = fields
                .iter()
                .filter(|f| !children.contains(f.as_str()))
                .cloned()
                .collect();
            let (Some(field), Some(entry)) = (&tree.nodes[node].field, tree.nodes[node].entry)
            else {
                continue;
            };
            if !missing.is_empty() && reported.insert(node) {
                errors.push(Some(PlacementError::MissingFromResponse {
                    entry,
                    at: field.at,
                    object: tree.path_text(node),
                    ty: keys.get(node).unwrap_or_default().to_owned(),
                    missing,
                }));
            }
        }
        let open = |q: usize| errors[questions[q].error].is_some();
        for (node, depends) in &conditions {
            if depends.iter().any(|&q| open(q)) {
                tree.nodes[*node].provisional = true;
            }
        }
        // A question lists only the questions still open that it assumes.
        let still_open: Vec<Pos> = (0..questions.len())
            .filter(|&q| open(q))
            .filter_map(|q| tree.nodes[questions[q].node].field.as_ref().map(|f| f.at))
            .collect();
        for error in errors.into_iter().flatten() {
            let error = match error {
                PlacementError::Ambiguous {
                    entry,
                    at,
                    field,
                    candidates,
                    tree: kind,
                    after,
                    hint_paths,
                    types,
                    depends_on,
                } => {
                    let depends_on = depends_on
                        .into_iter()
                        .filter(|pos| still_open.contains(pos))
                        .collect();
                    PlacementError::Ambiguous {
                        entry,
                        at,
                        field,
                        candidates,
                        tree: kind,
                        after,
                        hint_paths,
                        types,
                        depends_on,
                    }
                }
                other => other,
            };
            placed.errors.push(error);
        }
    }

    /// Whether `node`'s place depends on a question still open: what the
    /// rules that look at an object's fields must not count.
    fn is_tentative(&self, node: usize) -> bool {
        self.tree.nodes[node].provisional
            || self.conditions.get(&node).is_some_and(|depends| {
                depends
                    .iter()
                    .any(|&q| self.errors[self.questions[q].error].is_some())
            })
    }

    /// Whether `node` has a child named `name` whose place is certain.
    fn has_certain_child(&self, node: usize, name: &str) -> bool {
        // The name first: it rules out nearly every child, and is cheaper.
        self.tree.nodes[node]
            .children
            .iter()
            .any(|&c| self.tree.nodes[c].name() == name && !self.is_tentative(c))
    }

    /// The names of `node`'s children whose place is certain.
    fn certain_children(&self, node: usize) -> impl Iterator<Item = &str> + '_ {
        self.tree.nodes[node]
            .children
            .iter()
            .filter(move |&&c| !self.is_tentative(c))
            .map(move |&c| self.tree.nodes[c].name())
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
            // Collapsed pages lost `<Type>`; on multi-line pages a plain
            // `array` holds scalars, unless the indentation shows fields.
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

    /// The open response objects that must stay open: each has shown some
    /// of its fields, and the request of the same page shows the type with
    /// fields it has not shown yet (a response shows every field), with
    /// those fields.
    fn kept_open_objects(&self) -> Vec<(usize, Vec<&'p str>)> {
        let mut kept = Vec::new();
        if self.tree.kind != TreeKind::Response {
            return kept;
        }
        let mut at = Some(self.last);
        while let Some(node) = at {
            let n = &self.tree.nodes[node];
            if !n.children.is_empty() {
                if let Some(key) = self.keys.get(node) {
                    // An object shows few fields: a scan beats building a set.
                    let shown = |field: &str| {
                        n.children
                            .iter()
                            .any(|&c| self.tree.nodes[c].name() == field)
                    };
                    let mut missing: Vec<&'p str> = Vec::new();
                    for occurrence in self.round.own().others(key, self.tree.kind, n.entry) {
                        if occurrence.tree != TreeKind::Request {
                            continue;
                        }
                        for field in &occurrence.fields {
                            if !shown(&field.name) && !missing.contains(&field.name.as_str()) {
                                missing.push(&field.name);
                            }
                        }
                    }
                    if !missing.is_empty() {
                        kept.push((node, missing));
                    }
                }
            }
            if node == self.base {
                break;
            }
            at = n.parent;
        }
        kept
    }

    /// Weighs the evidence for `candidate`. For a `lone` candidate only
    /// what [`Placer::decide`] looks at when there is no other is weighed:
    /// the strong evidence and the maintainers' field list of its type (the
    /// rest only tells candidates apart).
    fn judge(&self, field: &Field, candidate: usize, lone: bool, keep_words: bool) -> Judgement {
        let mut judgement = Judgement::new(keep_words);
        let name = field.name.as_str();
        let tree = &*self.tree;
        let node = &tree.nodes[candidate];
        // Every fact below is about a path holding `name`.
        for fact in self.input.evidence.paths_naming(name) {
            let segments = &fact.segments;
            match fact.kind {
                PathKind::ExampleBody | PathKind::Required
                    if tree.kind == TreeKind::Request
                        && tree.is_child_path(candidate, name, segments) =>
                {
                    let what = if fact.kind == PathKind::Required {
                        "`Required parameters` list"
                    } else {
                        "example body"
                    };
                    judgement.strong.push_with(|| {
                        format!("the {what} at {} has `{}`", fact.at, segments.join("."))
                    });
                }
                PathKind::Text | PathKind::FilterKey if !lone => {
                    let pair = segments
                        .windows(2)
                        .any(|w| w[0] == node.name() && w[1] == name);
                    if pair && !node.name().is_empty() {
                        judgement.medium.push_with(|| {
                            format!("the text at {} says `{}`", fact.at, segments.join("."))
                        });
                    }
                    if fact.kind == PathKind::FilterKey
                        && segments[0] == name
                        && self.is_queried_entity(candidate)
                    {
                        judgement.medium.push_with(|| {
                            format!(
                            "the example filter at {} names `{}` as a field of the queried items",
                            fact.at,
                            segments.join(".")
                        )
                        });
                    }
                }
                _ => {}
            }
        }
        if let Some(node_field) = node.field.as_ref().filter(|_| !lone) {
            for shape in &self.input.evidence.shapes {
                if shape.field_at == node_field.at && shape.keys.iter().any(|k| k == name) {
                    judgement.medium.push_with(|| {
                        format!(
                            "the description of `{}` shows it holding `{name}`",
                            shape.field
                        )
                    });
                }
            }
        }
        let key = self.keys.get(candidate);
        let declared = key.and_then(|ty| self.knowledge.declared.get(self.input.scope, ty));
        if let (Some(ty), Some((fields, source))) = (key, declared) {
            match fields.iter().position(|f| f == name) {
                Some(at) => {
                    let later = self.certain_children(candidate).find(|child| {
                        fields
                            .iter()
                            .position(|f| f == child)
                            .is_some_and(|p| p > at)
                    });
                    match later {
                        Some(later) => judgement.ruled_out.push_with(|| format!(
                            "{source} lists `{name}` before `{later}` among the fields of `{ty}`, and the docs print a type's fields in one order"
                        )),
                        None => {
                            judgement.member.push_with(|| format!(
                                "{source} lists `{name}` among the fields of `{ty}`"
                            ));
                            judgement.member_complete = true;
                        }
                    }
                }
                None => {
                    let reason =
                        || format!("{source} lists every field of `{ty}`, and `{name}` is not one");
                    judgement.declared_out.push_with(reason);
                    judgement.excluded.push_with(reason);
                }
            }
        } else if lone {
        } else if let Some(fields) = self.query_shape(candidate) {
            // The query-response shape is the platform's: the items and
            // `pagingMetadata`, nothing else.
            if fields.iter().any(|f| f == name) {
                judgement
                    .medium
                    .push_with(|| format!("a query response holds `{}`", fields.join("` and `")));
            } else {
                judgement.excluded.push_with(|| {
                    format!("a query response holds only `{}`", fields.join("` and `"))
                });
            }
        } else if let Some(ty) = key {
            match self.knows_field(candidate, ty, field) {
                Some((true, complete)) => {
                    judgement
                        .member
                        .push_with(|| format!("type `{ty}` has a field `{name}` elsewhere"));
                    judgement.member_complete |= complete;
                }
                Some((false, true)) if self.knowledge.catalogue.types.contains_key(ty) => judgement
                    .excluded
                    .push_with(|| format!("the common type `{ty}` has no field `{name}`")),
                Some((false, true)) => judgement.excluded.push_with(|| format!(
                    "a response on another page shows every field of `{ty}`, and `{name}` is not one"
                )),
                Some((false, false)) => judgement.suspect = true,
                None => {}
            }
        }
        if lone {
            return judgement;
        }
        if let Some(ty) = key {
            self.judge_by_own_trees(ty, candidate, name, &mut judgement);
        }
        if candidate != self.base && node.children.is_empty() {
            if let Some(ty) = self.printed_type(candidate) {
                let printed_before = self.expanded.get(ty).is_some_and(|objects| {
                    objects.iter().any(|&o| {
                        self.tree.nodes[o]
                            .children
                            .iter()
                            .any(|&c| !self.is_tentative(c))
                    })
                });
                if printed_before {
                    // The docs print a type's fields only at its first
                    // occurrence in a tree.
                    judgement.ruled_out.push_with(|| format!(
                        "`{}` is a later occurrence of `{ty}`, whose fields are printed earlier in this tree: the docs print them once",
                        node.name()
                    ));
                } else if candidate == self.last && !self.printed_types.contains(ty) {
                    judgement.medium.push_with(|| format!(
                        "`{}` is the first occurrence of `{ty}` in this tree, and the docs print a type's fields at its first occurrence, so the entry after it is its first field",
                        node.name()
                    ));
                }
            }
        }
        judgement
    }

    /// What this page's other trees show of the candidate's type `ty`: the
    /// field (and after the candidate's fields so far, in the docs' one
    /// order per type), or, for a request, its absence from the response,
    /// which shows every field.
    fn judge_by_own_trees(
        &self,
        ty: &str,
        candidate: usize,
        name: &str,
        judgement: &mut Judgement,
    ) {
        let node = &self.tree.nodes[candidate];
        for occurrence in self.round.own().others(ty, self.tree.kind, node.entry) {
            let label = occurrence.tree.as_str();
            let position = |field: &str| occurrence.fields.iter().position(|f| f.name == field);
            match position(name) {
                Some(at) => {
                    let later = self
                        .certain_children(candidate)
                        .find(|child| position(child).is_some_and(|p| p > at));
                    match later {
                        Some(later) => judgement.ruled_out.push_with(|| format!(
                            "the {label} shows `{ty}` with `{name}` before `{later}`, and the docs print a type's fields in one order"
                        )),
                        None => judgement
                            .member
                            .push_with(|| format!("the {label} shows `{ty}` with a field `{name}`")),
                    }
                }
                None if occurrence.complete && self.tree.kind == TreeKind::Request => {
                    judgement.ruled_out.push_with(|| {
                        format!("the response shows every field of `{ty}`, and `{name}` is not one")
                    });
                }
                None => judgement.suspect = true,
            }
        }
    }

    /// The type name the page prints for `node`'s object, when it is a real
    /// type name (not a field name written as a type).
    fn printed_type(&self, node: usize) -> Option<&str> {
        let n = &self.tree.nodes[node];
        n.type_name()
            .filter(|ty| *ty != n.name() && self.can_have_children(node))
    }

    /// Whether what is known of `ty` (at `candidate`), not counting `field`
    /// itself, has `field`, and whether that knowledge is complete (common
    /// types and the query-response shape are); `None` when nothing is known.
    fn knows_field(&self, candidate: usize, ty: &str, field: &Field) -> Option<(bool, bool)> {
        let name = field.name.as_str();
        let facts = self.round.facts();
        let scope = self.input.scope;
        let excluding = self.id(field);
        let occurrence = self.tree.occurrence_id(self.input.index, candidate);
        if let Some(CommonType::Object(fields)) = self.knowledge.catalogue.types.get(ty) {
            // A module whose pages show the type with another field keeps
            // its own type: there the catalogue is not the whole list.
            let own = facts.beyond(scope, ty, |f| fields.contains_key(f));
            return Some(if own {
                (
                    fields.contains_key(name) || facts.has(scope, ty, name, excluding, occurrence),
                    false,
                )
            } else {
                (fields.contains_key(name), true)
            });
        }
        if let Some(has) = facts.complete_has(scope, ty, name, occurrence) {
            return Some((has, true));
        }
        facts
            .knows(scope, ty, excluding, occurrence)
            .then(|| (facts.has(scope, ty, name, excluding, occurrence), false))
    }

    /// The fields of a query response, when `candidate` is the root of one.
    fn query_shape(&self, candidate: usize) -> Option<Vec<String>> {
        if candidate != 0 || self.tree.kind != TreeKind::Response {
            return None;
        }
        let ty = self.tree.nodes[0].type_name()?;
        let first = self.tree.nodes[0]
            .children
            .first()
            .map(|&c| self.tree.nodes[c].name())?;
        let method = &self.input.page.rest.schema.method_name.value;
        query_response_fields(method, ty, first).map(|fields| fields.to_vec())
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

    /// The hint for `field` (its index) and the candidate it picks.
    fn hinted(&self, field: &Field, candidates: &[usize]) -> Option<(usize, usize)> {
        if self.input.hints.is_empty() {
            return None;
        }
        self.input
            .hints
            .iter()
            .enumerate()
            .find_map(|(hint_index, hint)| {
                if hint.tree != self.tree.kind
                    || hint.path.last().map(String::as_str) != Some(field.name.as_str())
                    || !self.tree.path_is(self.last, &hint.after)
                {
                    return None;
                }
                let parent = &hint.path[..hint.path.len() - 1];
                candidates
                    .iter()
                    .find(|&&c| self.tree.path_is(c, parent))
                    .map(|&c| (hint_index, c))
            })
    }

    /// Judges the candidates and decides, or says why not. The evidence's
    /// words are written only for an outcome that is shown (a correction of
    /// the indentation, an error that quotes evidence) or when the caller
    /// asked for every decision's: the decision is then made again, with
    /// them (it is the same decision).
    fn decide(&mut self, field: &Field, candidates: &[usize], printed: Option<usize>) -> Outcome {
        let explain = self.knowledge.explain;
        let outcome = self.decide_keeping(field, candidates, printed, explain);
        if !explain && outcome.quotes_evidence(printed) {
            return self.decide_keeping(field, candidates, printed, true);
        }
        outcome
    }

    /// [`Placer::decide`], keeping the evidence's words when `keep_words`.
    fn decide_keeping(
        &mut self,
        field: &Field,
        candidates: &[usize],
        printed: Option<usize>,
        keep_words: bool,
    ) -> Outcome {
        let entry = self.id(field);
        // A lone candidate is settled by a hint, strong evidence or being
        // the only one, unless its type's field list lacks the field: the
        // rest of the evidence only tells candidates apart.
        let lone = candidates.len() == 1;
        let mut judgements: Vec<(usize, Judgement)> = candidates
            .iter()
            .map(|&c| (c, self.judge(field, c, lone, keep_words)))
            .collect();
        let hint = self.hinted(field, candidates);
        // The objects kept open rule candidates out, and a hint or strong
        // evidence relies on them; a lone candidate settled otherwise does
        // not need them.
        let kept = if lone && hint.is_none() && judgements[0].1.strong.is_empty() {
            Vec::new()
        } else {
            self.kept_open_objects()
        };
        // A candidate above an object that must stay open cannot hold the
        // entry: placing it there would close the object.
        for (candidate, judgement) in &mut judgements {
            let depth = self.tree.depth(*candidate);
            for (object, missing) in &kept {
                if self.tree.depth(*object) > depth {
                    judgement.ruled_out.push_with(|| format!(
                        "`{}` has not shown `{}` yet, which the request shows for `{}`; a response shows every field, so it is still open",
                        self.tree.path_text(*object),
                        missing.join("`, `"),
                        self.keys.get(*object).unwrap_or_default()
                    ));
                }
            }
        }
        let strong: Vec<&(usize, Judgement)> = judgements
            .iter()
            .filter(|(_, j)| !j.strong.is_empty())
            .collect();
        if let Some((hint_index, hinted)) = hint {
            // The hint matched this entry, whether or not the evidence lets
            // it stand: it is not one that names nothing.
            if !self.placed.used_hints.contains(&hint_index) {
                self.placed.used_hints.push(hint_index);
            }
            // A field list in the hints file without the field refutes the
            // hint: the two facts disagree. A path stated on the page for
            // another parent does not: it says the field exists there, not
            // that this entry is it (a path no entry documents is reported).
            let refuted = judgements
                .iter()
                .find(|(c, j)| *c == hinted && !j.declared_out.is_empty())
                .map(|(c, j)| (*c, j.declared_out.words()));
            if let Some((other, evidence)) = refuted {
                return Outcome::Open {
                    error: PlacementError::HintContradicted {
                        entry,
                        at: field.at,
                        field: field.name.clone(),
                        hinted: self.tree.path_text(hinted),
                        evidence: (self.tree.path_text(other), evidence),
                    },
                    viable: vec![hinted],
                    suggested: hinted,
                    settleable: false,
                };
            }
            self.note_kept_open(&kept, hinted);
            return Outcome::Settled {
                parent: hinted,
                settled_by: "hint",
                reasons: words(keep_words, || "the hints file says so".to_owned()),
                decisive: true,
            };
        }
        let contradicted = |parent: usize, evidence: Vec<String>| {
            judgements
                .iter()
                .find(|(c, j)| *c == parent && !j.declared_out.is_empty())
                .map(|(_, j)| Outcome::Open {
                    error: PlacementError::ListContradicted {
                        entry,
                        at: field.at,
                        field: field.name.clone(),
                        parent: self.tree.path_text(parent),
                        list: j.declared_out.words().join("; "),
                        evidence,
                    },
                    viable: vec![parent],
                    suggested: parent,
                    settleable: false,
                })
        };
        // A path stated on the page says the field exists there, not that
        // this entry is that field: where another candidate has evidence of
        // its own (a later entry may be the stated one), it is a question.
        let rivals = strong.len() == 1
            && judgements
                .iter()
                .any(|(c, j)| *c != strong[0].0 && j.is_viable() && !j.medium.is_empty());
        if strong.len() == 1 && !rivals {
            if let Some(open) = contradicted(strong[0].0, strong[0].1.strong.words()) {
                return open;
            }
            self.note_kept_open(&kept, strong[0].0);
            return Outcome::Settled {
                parent: strong[0].0,
                settled_by: "example body or required path",
                reasons: strong[0].1.strong.words(),
                decisive: true,
            };
        }
        if strong.len() > 1 {
            return Outcome::Open {
                error: PlacementError::Conflict {
                    entry,
                    at: field.at,
                    field: field.name.clone(),
                    parents: strong
                        .iter()
                        .map(|(c, j)| (self.tree.path_text(*c), j.strong.words()))
                        .collect(),
                },
                viable: strong.iter().map(|(c, _)| *c).collect(),
                suggested: strong[0].0,
                settleable: false,
            };
        }
        if candidates.len() == 1 && !rivals {
            let reason = if printed.is_some() {
                "indentation"
            } else {
                "only possible parent"
            };
            let reasons = words(keep_words, || format!("the {reason}"));
            if let Some(open) = contradicted(candidates[0], reasons.clone()) {
                return open;
            }
            return Outcome::Settled {
                parent: candidates[0],
                settled_by: reason,
                reasons,
                decisive: false,
            };
        }
        // On a multi-line page the indentation names a parent; where the
        // docs may print it one level too deep, the printed parent's type
        // having the field (complete knowledge of it) confirms it.
        if let Some(printed) = printed {
            if let Some((_, judgement)) = judgements.iter_mut().find(|(c, _)| *c == printed) {
                if judgement.is_viable() && judgement.medium.is_empty() && judgement.member_complete
                {
                    let members = judgement.member.take();
                    judgement.medium.extend_reworded(members, |m| {
                        format!("the indentation puts it here, and {m} (a complete list)")
                    });
                }
            }
        }
        // In a response, an object shows every field of its type: when the
        // deepest candidate left is an object whose type has the field, it
        // shows it here (a shallower one may have it too, and the deeper
        // object may have ended: that is no evidence for the shallower).
        if self.tree.kind == TreeKind::Response {
            if let Some((_, deepest)) = judgements.iter_mut().find(|(_, j)| j.is_viable()) {
                if deepest.medium.is_empty() && !deepest.member.is_empty() {
                    let members = deepest.member.take();
                    deepest.medium.extend_reworded(members, |m| {
                        format!("{m}, and a response shows every field of a type, so the deepest open object shows it")
                    });
                }
            }
        }
        let viable: Vec<&(usize, Judgement)> =
            judgements.iter().filter(|(_, j)| j.is_viable()).collect();
        let supported: Vec<&(usize, Judgement)> = viable
            .iter()
            .copied()
            .filter(|(_, j)| !j.medium.is_empty())
            .collect();
        let unsuspected: Vec<&(usize, Judgement)> = supported
            .iter()
            .copied()
            .filter(|(_, j)| !j.suspect)
            .collect();
        let chosen = match (supported.as_slice(), unsuspected.as_slice()) {
            _ if rivals => None,
            ([only], _) | (_, [only]) => Some(*only),
            _ => None,
        };
        if let Some((node, judgement)) = chosen {
            self.note_kept_open(&kept, *node);
            return Outcome::Settled {
                parent: *node,
                settled_by: "text, catalogue or other pages",
                reasons: judgement.medium.words(),
                decisive: false,
            };
        }
        if viable.len() == 1 && !rivals {
            let ruled_out: Vec<String> = judgements
                .iter()
                .flat_map(|(_, j)| [&j.excluded, &j.ruled_out, &j.member])
                .flat_map(Reasons::words)
                .collect();
            self.note_kept_open(&kept, viable[0].0);
            return Outcome::Settled {
                parent: viable[0].0,
                settled_by: "elimination",
                reasons: ruled_out,
                decisive: false,
            };
        }
        // Only candidates the evidence leaves open are offered; when it
        // rules out every one, all are, as none is better.
        let mut open: Vec<usize> = viable.iter().map(|&&(c, _)| c).collect();
        if open.is_empty() {
            open = candidates.to_vec();
        }
        // The suggestion: the deepest candidate whose type is known to have
        // the field (complete knowledge first), else the deepest. A guess,
        // for the provisional placement and the drafts, never a decision.
        // Not where a provisional field already has the name: two fields
        // of one name under one object make two questions look alike.
        let free = |c: &usize| {
            !self.tree.nodes[*c]
                .children
                .iter()
                .any(|&child| self.tree.nodes[child].name() == field.name)
        };
        let member = |complete: bool| {
            judgements
                .iter()
                .find(|(c, j)| {
                    open.contains(c)
                        && free(c)
                        && !j.member.is_empty()
                        && (j.member_complete || !complete)
                })
                .map(|(c, _)| *c)
        };
        let suggested = member(true)
            .or_else(|| member(false))
            .or_else(|| open.iter().copied().find(|c| free(c)))
            .unwrap_or(open[0]);
        let hint_paths = std::iter::once(suggested)
            .chain(open.iter().copied().filter(|&c| c != suggested))
            .map(|c| {
                let mut path = self.tree.path(c);
                path.push(field.name.clone());
                path
            })
            .collect();
        let depends_on = self
            .questions
            .iter()
            .filter(|q| q.active)
            .filter_map(|q| self.tree.nodes[q.node].field.as_ref().map(|f| f.at))
            .collect();
        let types = open
            .iter()
            .map(|&c| {
                let node = &self.tree.nodes[c];
                // The root has no entry: its type is at `Return type:`.
                let at = match &node.field {
                    Some(field) => Some(field.at),
                    None if self.tree.kind == TreeKind::Response => {
                        Some(self.input.page.rest.schema.signature.return_type.ty.at)
                    }
                    None => None,
                };
                self.keys.get(c).map(str::to_owned).zip(at)
            })
            .collect();
        Outcome::Open {
            error: PlacementError::Ambiguous {
                entry,
                at: field.at,
                field: field.name.clone(),
                candidates: open.iter().map(|&c| self.tree.path_text(c)).collect(),
                tree: self.tree.kind,
                after: self.tree.path(self.last),
                hint_paths,
                types,
                depends_on,
            },
            viable: open,
            suggested,
            settleable: true,
        }
    }

    /// Records the objects kept open that placing under `parent` relied on.
    fn note_kept_open(&mut self, kept: &[(usize, Vec<&str>)], parent: usize) {
        let depth = self.tree.depth(parent);
        for (object, missing) in kept {
            if self.tree.depth(*object) >= depth && !self.kept_open.iter().any(|(o, _)| o == object)
            {
                self.kept_open
                    .push((*object, missing.iter().map(|&m| m.to_owned()).collect()));
            }
        }
    }

    fn place(&mut self, field: &Arc<Field>) -> bool {
        let entry = self.id(field);
        let (mut candidates, printed) = self.candidates(field);
        // An object cannot have two fields of one name: where the name is
        // taken, the evidence for it is already explained by that field.
        candidates.retain(|&c| !self.has_certain_child(c, &field.name));
        if candidates.is_empty() {
            // Every open object already has a field of this name: nothing
            // after this entry can be placed with any confidence.
            let hint_paths = Vec::new();
            self.errors.push(Some(PlacementError::Ambiguous {
                entry,
                at: field.at,
                field: field.name.clone(),
                candidates: Vec::new(),
                tree: self.tree.kind,
                after: self.tree.path(self.last),
                hint_paths,
                types: Vec::new(),
                depends_on: Vec::new(),
            }));
            return false;
        }
        let (parent, settled, own_question) = match self.decide(field, &candidates, printed) {
            Outcome::Settled {
                parent,
                settled_by,
                reasons,
                decisive,
            } => (parent, Some((settled_by, reasons, decisive)), None),
            Outcome::Open {
                error,
                viable,
                suggested,
                settleable,
            } => {
                // Provisionally under the suggested candidate; what follows
                // records whether it depends on that.
                self.errors.push(Some(error));
                self.questions.push(OpenQuestion {
                    error: self.errors.len() - 1,
                    node: self.tree.nodes.len(),
                    viable,
                    suggested,
                    settleable,
                    active: true,
                });
                (suggested, None, Some(self.questions.len() - 1))
            }
        };
        if let Some((settled_by, reasons, _)) = &settled {
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
        }
        if let Some(ty) = self.keys.get(parent) {
            if self.tree.nodes[parent].type_name().is_some() {
                match self.expanded.get_mut(ty) {
                    Some(objects) if objects.contains(&parent) => {}
                    Some(objects) => objects.push(parent),
                    None => {
                        self.expanded.insert(ty.to_owned(), vec![parent]);
                    }
                }
                if !self.printed_types.contains(ty) {
                    self.printed_types.insert(ty.to_owned());
                }
            }
        }
        if settled.is_some() {
            if let Some(ty) = self.keys.get(parent) {
                if let Some(CommonType::Object(fields)) = self.knowledge.catalogue.types.get(ty) {
                    if !fields.contains_key(&field.name) {
                        self.placed.beyond_catalogue.push((
                            field.at,
                            field.name.clone(),
                            ty.to_owned(),
                            self.tree.path_text(parent),
                        ));
                    }
                }
            }
        }
        let node = self.tree.add(parent, field, entry);
        self.keys.push_next(self.tree);
        let decisive = settled.as_ref().is_some_and(|(_, _, d)| *d);
        if let Some((settled_by, reasons, _)) = settled {
            self.placed.decisions.push(Decision {
                entry,
                tree: self.tree.kind,
                node,
                settled_by,
                reasons,
            });
        }
        self.follow_up(node, parent, decisive, own_question, &field.name);
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

    /// What a placement under `parent` says about the open questions: one
    /// at or above the shallowest candidate of a question no longer depends
    /// on it; a decisive one deeper proves its parent was still open, which
    /// rules out the question's shallower candidates (and may settle it);
    /// any other deeper one holds only if the question's answer keeps its
    /// parent open.
    fn follow_up(
        &mut self,
        node: usize,
        parent: usize,
        decisive: bool,
        own_question: Option<usize>,
        name: &str,
    ) {
        let mut depends: Vec<usize> = own_question.into_iter().collect();
        let depth = self.tree.depth(parent);
        for index in 0..self.questions.len() {
            let question = &self.questions[index];
            if !question.active
                || Some(index) == own_question
                || self.tree.is_ancestor_or_self(question.node, parent)
            {
                continue;
            }
            let shallowest = question
                .viable
                .iter()
                .map(|&c| self.tree.depth(c))
                .min()
                .unwrap_or(0);
            if depth <= shallowest {
                self.questions[index].active = false;
                continue;
            }
            if decisive && question.settleable {
                let tree = &*self.tree;
                self.questions[index]
                    .viable
                    .retain(|&c| tree.depth(c) >= depth);
                // Settled when the one candidate left is where the entry
                // is; left otherwise for the next run, whose placements
                // start from that.
                let question = &self.questions[index];
                if question.viable == [question.suggested] {
                    self.settle_later(index, parent, name);
                    continue;
                }
            }
            depends.push(index);
        }
        self.conditions.insert(node, depends);
    }

    /// Settles question `index`: a field placed later under `parent` by
    /// strong evidence or a hint shows `parent` was still open, which leaves
    /// the question one candidate (where it is placed already).
    fn settle_later(&mut self, index: usize, parent: usize, name: &str) {
        let question = &mut self.questions[index];
        question.active = false;
        let node = question.node;
        if self.errors[question.error].take().is_none() {
            return;
        }
        let Some(entry) = self.tree.nodes[node].entry else {
            return;
        };
        *self
            .placed
            .settled_by
            .entry("a later field's placement")
            .or_default() += 1;
        let reasons = words(self.knowledge.explain, || {
            format!(
                "the later field `{name}` belongs under `{}` (a hint or strong evidence), so `{}` was still open and `{}` is its only possible parent left",
                self.tree.path_text(parent),
                self.tree.path_text(parent),
                self.tree.nodes[node].name()
            )
        });
        self.placed.decisions.push(Decision {
            entry,
            tree: self.tree.kind,
            node,
            settled_by: "a later field's placement",
            reasons,
        });
    }
}
