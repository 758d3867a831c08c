//! The hints the one-line copies of the templates need, settled from the
//! templates' own multi-line trees, so they follow the recovery as it is
//! and cannot go stale.
//!
//! The multi-line templates are recovered with their hints
//! (`hints-multi-line.yaml`); their trees are the truth (indentation settles
//! them). Then the collapsed templates are recovered as a maintainer would
//! settle them, run after run of `check-specs --write-hints`: every drafted
//! field list of a type (`types:`) is answered with the type's fields in its
//! SDK module, taken from the multi-line trees, and every drafted placement
//! no list may settle is answered with the field's true path; a draft that
//! rests on a wrong suggestion (its type key or its `after` is not the
//! truth's) is dropped and asked again in the next run. Element types of
//! bare arrays (`elements:`) are the multi-line templates' own, plus each
//! element type a collapsed page lost (`array<Category>` read as `array`)
//! where the elements show fields or values and the name the IR derives
//! from the field differs from it (`values` -> `Value`) or is a type a
//! collapsed page of the module prints (`categories` -> `Category`, printed
//! by Create Category: taken).
//!
//! Only the templates are settled (once per process); a corpus points each
//! entry at its copy's page.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde_yaml::{Mapping, Value};

use super::{collapse, hints_file, template_hints, HINTS_MULTI_LINE, TEMPLATES};
use crate::diagnostics::{Diagnostic, Problem};
use crate::ir::build::singular_type_name;
use crate::page::{Entry, Field, Page, TypeRef};
use crate::recovery::hints::{DraftHint, TypeDraft, TypeHint};
use crate::recovery::place::{PlacementHint, TreeKind};
use crate::recovery::{recover, Recovered, SpecPage};

/// At most this many runs of `check-specs` settle the collapsed templates.
const MAX_RUNS: usize = 8;

/// The settled hints of the collapsed templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneLineHints {
    /// The entries: (section, entry), `page` being the template's spec path.
    pub entries: Vec<(String, Mapping)>,
    /// How many placements, field lists and element types.
    pub placements: usize,
    /// Field lists of types.
    pub types: usize,
    /// Element types of bare arrays.
    pub elements: usize,
    /// The runs of `check-specs` it took, the last one without errors.
    pub runs: usize,
    /// What kept the templates from settling (empty when they settled): the
    /// last run's errors, or why no run could be made.
    pub unsettled: Vec<String>,
}

/// The one-line templates' hints, settled once per process.
pub fn one_line_hints() -> &'static OneLineHints {
    static HINTS: OnceLock<OneLineHints> = OnceLock::new();
    HINTS.get_or_init(settle)
}

/// Where an entry truly belongs, and what the multi-line tree shows of it.
#[derive(Debug, Clone)]
struct Truth {
    tree: TreeKind,
    /// The parent's ordinal (`None`: the tree's root).
    parent: Option<usize>,
    path: Vec<String>,
    /// The object type the multi-line node holds, when it has a name.
    type_name: Option<String>,
    /// The multi-line node's children, by name.
    children: Vec<String>,
}

/// A template in both forms.
struct Forms {
    spec_path: &'static str,
    /// The SDK module (npm package, module): knowledge of a type holds there.
    module: (String, String),
    multi: Page,
    collapsed: Page,
}

/// Everything the maintainer knows: the multi-line truth of every template.
struct Knowledge {
    forms: Vec<Forms>,
    /// Per page, by ordinal.
    truths: Vec<Vec<Truth>>,
    /// Per page, the collapsed page's entries by ordinal.
    collapsed_fields: Vec<Vec<Field>>,
    /// Per page, the collapsed entries' offsets to ordinals.
    collapsed_ordinals: Vec<BTreeMap<usize, usize>>,
    /// Per page, the type key recovery gives each collapsed entry once it is
    /// placed right.
    keys: Vec<Vec<Option<String>>>,
    /// The fields of each multi-line type name, per SDK module.
    type_fields: BTreeMap<((String, String), String), Vec<String>>,
    /// The fields of each collapsed type key, per SDK module.
    key_fields: BTreeMap<((String, String), String), Vec<String>>,
}

fn settle() -> OneLineHints {
    let unsettled = |why: Vec<String>| OneLineHints {
        entries: Vec::new(),
        placements: 0,
        types: 0,
        elements: 0,
        runs: 0,
        unsettled: why,
    };
    let knowledge = match Knowledge::of_templates() {
        Ok(knowledge) => knowledge,
        Err(why) => return unsettled(why),
    };
    let elements = knowledge.elements();
    let mut placements: Vec<(String, PlacementHint)> = Vec::new();
    let mut types: Vec<(String, TypeHint)> = Vec::new();
    let mut listed: BTreeSet<((String, String), String)> = BTreeSet::new();
    let mut last_errors = Vec::new();
    for run in 1..=MAX_RUNS {
        let entries = entries(&placements, &types, &elements);
        let text = hints_text(&entries);
        let recovered = knowledge.recover_collapsed(&text);
        let errors: Vec<&Diagnostic> = recovered
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        if errors.is_empty() {
            return OneLineHints {
                entries,
                placements: placements.len(),
                types: types.len(),
                elements: elements.len(),
                runs: run,
                unsettled: Vec::new(),
            };
        }
        last_errors = errors.iter().map(ToString::to_string).collect();
        if errors
            .iter()
            .any(|d| !matches!(d.problem, Problem::AmbiguousParent { .. }))
        {
            break;
        }
        let before = placements.len() + types.len();
        for draft in &recovered.type_suggestions {
            let Some(page) = knowledge.page(&draft.page) else {
                continue;
            };
            let Some(hint) = knowledge.fields(page, draft) else {
                continue;
            };
            if listed.insert((knowledge.forms[page].module.clone(), hint.ty.clone())) {
                types.push((draft.page.clone(), hint));
            }
        }
        for draft in recovered.suggestions.iter().filter(|s| !s.by_types) {
            let Some(page) = knowledge.page(&draft.page) else {
                continue;
            };
            if let Some(hint) = knowledge.placement(page, draft) {
                let entry = (draft.page.clone(), hint);
                if !placements.contains(&entry) {
                    placements.push(entry);
                }
            }
        }
        if placements.len() + types.len() == before {
            break;
        }
    }
    unsettled(last_errors)
}

impl Knowledge {
    fn of_templates() -> Result<Self, Vec<String>> {
        let mut forms = Vec::with_capacity(TEMPLATES.len());
        for template in &TEMPLATES {
            let read = |text: &str| {
                crate::read_page_text(template.spec_path, text)
                    .map(|read| read.page)
                    .map_err(|diagnostics| {
                        diagnostics
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                    })
            };
            let multi = read(template.text)?;
            let collapsed = read(&collapse(template.text))?;
            let module = multi.sdk_module();
            forms.push(Forms {
                spec_path: template.spec_path,
                module: (module.npm, module.module),
                multi,
                collapsed,
            });
        }
        let display: Vec<String> = forms
            .iter()
            .map(|f| format!("specs/{}", f.spec_path))
            .collect();
        let pages: Vec<SpecPage<'_>> = forms
            .iter()
            .zip(&display)
            .map(|(form, display_path)| SpecPage {
                display_path,
                spec_path: form.spec_path,
                page: &form.multi,
            })
            .collect();
        let settled = recover(
            &pages,
            HINTS_MULTI_LINE,
            "codegen/corpus/hints-multi-line.yaml",
        );
        let errors: Vec<String> = settled
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut truths = Vec::with_capacity(forms.len());
        let mut collapsed_fields = Vec::with_capacity(forms.len());
        let mut collapsed_ordinals = Vec::with_capacity(forms.len());
        let mut keys = Vec::with_capacity(forms.len());
        let mut type_fields: BTreeMap<((String, String), String), Vec<String>> = BTreeMap::new();
        for (page, form) in forms.iter().enumerate() {
            let truth = truth_of(&settled, page, &form.multi)
                .ok_or_else(|| vec![format!("{}: an entry was not placed", form.spec_path)])?;
            let fields = fields_by_ordinal(&form.collapsed);
            if fields.len() != truth.len() {
                return Err(vec![format!(
                    "{}: the collapsed page has {} entries, the multi-line one {}",
                    form.spec_path,
                    fields.len(),
                    truth.len()
                )]);
            }
            let roots = [
                Some(format!("{}Request", form.collapsed.method_name.value)),
                match &form.collapsed.rest.schema.signature.return_type.ty.value {
                    TypeRef::Named(name) => Some(name.clone()),
                    _ => None,
                },
            ];
            keys.push(
                (0..fields.len())
                    .map(|ordinal| collapsed_key(&fields, &truth, ordinal, &roots))
                    .collect::<Vec<_>>(),
            );
            for tree in &settled.placed[page].trees {
                for node in &tree.nodes {
                    if let Some(name) = node.type_name() {
                        let children: Vec<String> = node
                            .children
                            .iter()
                            .map(|&c| tree.nodes[c].name().to_owned())
                            .collect();
                        merge(
                            type_fields
                                .entry((form.module.clone(), name.to_owned()))
                                .or_default(),
                            &children,
                        );
                    }
                }
            }
            collapsed_ordinals.push(ordinals(&form.collapsed));
            collapsed_fields.push(fields);
            truths.push(truth);
        }
        let mut key_fields: BTreeMap<((String, String), String), Vec<String>> = BTreeMap::new();
        for (page, form) in forms.iter().enumerate() {
            for (ordinal, key) in keys[page].iter().enumerate() {
                if let Some(key) = key {
                    merge(
                        key_fields
                            .entry((form.module.clone(), key.clone()))
                            .or_default(),
                        &truths[page][ordinal].children,
                    );
                }
            }
        }
        Ok(Knowledge {
            forms,
            truths,
            collapsed_fields,
            collapsed_ordinals,
            keys,
            type_fields,
            key_fields,
        })
    }

    fn page(&self, spec_path: &str) -> Option<usize> {
        self.forms.iter().position(|f| f.spec_path == spec_path)
    }

    fn recover_collapsed(&self, hints: &str) -> Recovered {
        let display: Vec<String> = self
            .forms
            .iter()
            .map(|f| format!("specs/{}", f.spec_path))
            .collect();
        let pages: Vec<SpecPage<'_>> = self
            .forms
            .iter()
            .zip(&display)
            .map(|(form, display_path)| SpecPage {
                display_path,
                spec_path: form.spec_path,
                page: &form.collapsed,
            })
            .collect();
        recover(&pages, hints, "specs/hints.yaml")
    }

    /// The true field list for a drafted one, or `None` when the draft's
    /// type key rests on a wrong suggestion (it names another object).
    fn fields(&self, page: usize, draft: &TypeDraft) -> Option<TypeHint> {
        let module = &self.forms[page].module;
        let ty = &draft.hint.ty;
        // A printed type name is the same in both forms, wherever its
        // occurrence was placed.
        let fields = if ty.contains('.') {
            let &ordinal = self.collapsed_ordinals[page].get(&draft.occurrence.offset)?;
            if self.keys[page][ordinal].as_ref() != Some(ty) {
                return None;
            }
            let truth = &self.truths[page][ordinal];
            match &truth.type_name {
                Some(name) if truth.path.last() != Some(name) => {
                    self.type_fields.get(&(module.clone(), name.clone()))?
                }
                _ => self.key_fields.get(&(module.clone(), ty.clone()))?,
            }
        } else {
            self.type_fields.get(&(module.clone(), ty.clone()))?
        };
        Some(TypeHint {
            ty: ty.clone(),
            fields: fields.clone(),
        })
    }

    /// The true placement for a drafted one whose `after` is the path of
    /// the entry truly before a field of its name.
    fn placement(&self, page: usize, draft: &DraftHint) -> Option<PlacementHint> {
        let truth = &self.truths[page];
        let name = draft.hint.path.last()?;
        let ordinal = (0..truth.len()).find(|&k| {
            truth[k].tree == draft.hint.tree
                && truth[k].path.last() == Some(name)
                && after_of(truth, k) == draft.hint.after
        })?;
        Some(PlacementHint {
            tree: draft.hint.tree,
            after: draft.hint.after.clone(),
            path: truth[ordinal].path.clone(),
        })
    }

    /// The element types of bare arrays: the multi-line templates' hints,
    /// and each element type a collapsed page lost (`array<Category>` read
    /// as `array`) where the elements show fields or values and the name
    /// derived from the field differs or is printed in the module.
    fn elements(&self) -> Vec<Mapping> {
        let mut out: Vec<Mapping> = Vec::new();
        let mut hinted: BTreeSet<(String, String, String)> = BTreeSet::new();
        for (section, entry) in template_hints(HINTS_MULTI_LINE) {
            if section != "elements" {
                continue;
            }
            let text = |key: &str| {
                entry
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            hinted.insert((text("page"), text("tree"), text("path")));
            out.push(entry);
        }
        // The type names the collapsed pages print, per module.
        let mut printed: BTreeSet<((String, String), String)> = BTreeSet::new();
        for (page, form) in self.forms.iter().enumerate() {
            let return_type = &form.collapsed.rest.schema.signature.return_type.ty.value;
            let fields = self.collapsed_fields[page].iter().map(|f| (&f.ty, &f.name));
            for (ty, name) in fields.chain([(return_type, &String::new())]) {
                if let TypeRef::Named(ty) = ty {
                    if ty != name {
                        printed.insert((form.module.clone(), ty.clone()));
                    }
                }
            }
        }
        for (page, form) in self.forms.iter().enumerate() {
            let multi_fields = fields_by_ordinal(&form.multi);
            for (ordinal, field) in self.collapsed_fields[page].iter().enumerate() {
                let truth = &self.truths[page][ordinal];
                let lost = matches!(field.ty, TypeRef::Array(None));
                let Some(TypeRef::Array(Some(inner))) = multi_fields.get(ordinal).map(|f| &f.ty)
                else {
                    continue;
                };
                let TypeRef::Named(element) = inner.as_ref() else {
                    continue;
                };
                let has_shape = !truth.children.is_empty() || field.enum_values.is_some();
                // The name the IR derives is the element type's, and no
                // collapsed page of the module prints a type of that name.
                let derived_fits = singular_type_name(&field.name) == *element
                    && !printed.contains(&(form.module.clone(), element.clone()));
                if !lost || !has_shape || *element == field.name || derived_fits {
                    continue;
                }
                let path = truth.path.join(".");
                let tree = truth.tree.as_str().to_owned();
                if !hinted.insert((form.spec_path.to_owned(), tree.clone(), path.clone())) {
                    continue;
                }
                let mut entry = Mapping::new();
                entry.insert("page".into(), form.spec_path.into());
                entry.insert("tree".into(), tree.into());
                entry.insert("path".into(), path.into());
                entry.insert("element".into(), element.clone().into());
                out.push(entry);
            }
        }
        out
    }
}

/// The hints entries, by section.
fn entries(
    placements: &[(String, PlacementHint)],
    types: &[(String, TypeHint)],
    elements: &[Mapping],
) -> Vec<(String, Mapping)> {
    let mut out = Vec::with_capacity(placements.len() + types.len() + elements.len());
    for (page, hint) in placements {
        let mut entry = Mapping::new();
        entry.insert("page".into(), page.as_str().into());
        entry.insert("tree".into(), hint.tree.as_str().into());
        entry.insert("after".into(), hint.after.join(".").into());
        entry.insert("path".into(), hint.path.join(".").into());
        out.push(("placements".to_owned(), entry));
    }
    for (page, hint) in types {
        let mut entry = Mapping::new();
        entry.insert("page".into(), page.as_str().into());
        entry.insert("type".into(), hint.ty.as_str().into());
        entry.insert(
            "fields".into(),
            Value::Sequence(hint.fields.iter().map(|f| f.as_str().into()).collect()),
        );
        out.push(("types".to_owned(), entry));
    }
    for entry in elements {
        out.push(("elements".to_owned(), entry.clone()));
    }
    out
}

fn hints_text(entries: &[(String, Mapping)]) -> String {
    hints_file(
        entries
            .iter()
            .map(|(section, entry)| (section.clone(), Value::Mapping(entry.clone())))
            .collect(),
    )
}

/// Adds the fields of `more` that `fields` lacks, each after the field it
/// follows in `more` (the docs print a type's fields in one order).
fn merge(fields: &mut Vec<String>, more: &[String]) {
    let mut at = 0;
    for field in more {
        match fields.iter().position(|f| f == field) {
            Some(index) => at = index + 1,
            None => {
                fields.insert(at, field.clone());
                at += 1;
            }
        }
    }
}

/// A page's entries (parameters and fields), by ordinal.
fn fields_by_ordinal(page: &Page) -> Vec<Field> {
    let signature = &page.rest.schema.signature;
    let mut fields = Vec::new();
    let entries = |entries: &[Entry], fields: &mut Vec<Field>| {
        for entry in entries {
            if let Entry::Field(field) = entry {
                fields.push((**field).clone());
            }
        }
    };
    for parameter in &signature.parameters {
        fields.push((*parameter.field).clone());
        entries(&parameter.entries, &mut fields);
    }
    entries(&signature.return_type.entries, &mut fields);
    fields
}

/// Every entry's ordinal, by byte offset: the k-th entry of a multi-line
/// page is the k-th entry of its collapsed copy.
fn ordinals(page: &Page) -> BTreeMap<usize, usize> {
    fields_by_ordinal(page)
        .iter()
        .enumerate()
        .map(|(ordinal, field)| (field.at.offset, ordinal))
        .collect()
}

/// The placements of a settled page, by ordinal; `None` if an entry was
/// not placed.
fn truth_of(recovered: &Recovered, page: usize, multi: &Page) -> Option<Vec<Truth>> {
    let ordinals = ordinals(multi);
    let mut truth: Vec<Option<Truth>> = vec![None; ordinals.len()];
    for tree in &recovered.placed.get(page)?.trees {
        for (index, node) in tree.nodes.iter().enumerate() {
            let Some((_, offset)) = node.entry else {
                continue;
            };
            let ordinal = *ordinals.get(&offset)?;
            let parent = match node.parent.and_then(|p| tree.nodes[p].entry) {
                Some((_, offset)) => Some(*ordinals.get(&offset)?),
                None => None,
            };
            *truth.get_mut(ordinal)? = Some(Truth {
                tree: tree.kind,
                parent,
                path: tree.path(index),
                type_name: node.type_name().map(str::to_owned),
                children: node
                    .children
                    .iter()
                    .map(|&c| tree.nodes[c].name().to_owned())
                    .collect(),
            });
        }
    }
    truth.into_iter().collect()
}

/// The path of the entry placed just before entry `ordinal`.
fn after_of(truth: &[Truth], ordinal: usize) -> Vec<String> {
    match ordinal.checked_sub(1).map(|p| &truth[p]) {
        Some(previous) if previous.tree == truth[ordinal].tree => previous.path.clone(),
        _ => Vec::new(),
    }
}

/// The type key recovery gives entry `ordinal` of a collapsed page once it
/// is placed right (`Tree::type_key` on the true tree): its printed type
/// name, or its true parent's key and its name for an array whose type was
/// lost, or a type spelled like the field.
fn collapsed_key(
    fields: &[Field],
    truth: &[Truth],
    ordinal: usize,
    roots: &[Option<String>; 2],
) -> Option<String> {
    let field = fields.get(ordinal)?;
    let printed = match &field.ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Array(Some(inner)) => match inner.as_ref() {
            TypeRef::Named(name) => Some(name),
            _ => None,
        },
        _ => None,
    };
    match printed {
        Some(name) if *name != field.name => return Some(name.clone()),
        Some(_) => {}
        None if matches!(field.ty, TypeRef::Array(None)) => {}
        None => return None,
    }
    let parent = match truth.get(ordinal)?.parent {
        Some(parent) => collapsed_key(fields, truth, parent, roots)?,
        None => match truth[ordinal].tree {
            TreeKind::Request => roots[0].clone()?,
            TreeKind::Response => roots[1].clone()?,
        },
    };
    let array = if matches!(field.ty, TypeRef::Array(_)) {
        "[]"
    } else {
        ""
    };
    Some(format!("{parent}.{}{array}", field.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At most this many hints settle the 18 collapsed templates (as
    /// measured: field lists wherever one is drafted).
    const MAX_HINTS: usize = 60;

    #[test]
    fn the_collapsed_templates_settle() {
        let hints = one_line_hints();
        assert!(
            hints.unsettled.is_empty(),
            "the collapsed templates do not settle:\n{}",
            hints.unsettled.join("\n")
        );
        let total = hints.placements + hints.types + hints.elements;
        assert_eq!(hints.entries.len(), total);
        println!(
            "one-line templates: {} field lists, {} placements, {} element types in {} runs",
            hints.types, hints.placements, hints.elements, hints.runs
        );
        assert!(total <= MAX_HINTS, "{total} hints, more than {MAX_HINTS}");
        assert_eq!(settle(), *hints, "deterministic");
    }

    /// Every entry of every collapsed template, recovered with the settled
    /// hints, is certain and under its multi-line parent: a wrong hint (a
    /// field list that lacks a field, a placement elsewhere) fails here.
    #[test]
    fn collapsed_templates_recover_as_the_multi_line_ones() {
        let knowledge = Knowledge::of_templates().unwrap_or_else(|e| panic!("{}", e.join("\n")));
        let recovered = knowledge.recover_collapsed(&hints_text(&one_line_hints().entries));
        let errors: Vec<String> = recovered
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        let mut wrong = Vec::new();
        let mut placed = 0;
        for (page, form) in knowledge.forms.iter().enumerate() {
            let ordinals = &knowledge.collapsed_ordinals[page];
            for tree in &recovered.placed[page].trees {
                for (index, node) in tree.nodes.iter().enumerate() {
                    let Some((_, offset)) = node.entry else {
                        continue;
                    };
                    placed += 1;
                    let ordinal = ordinals[&offset];
                    let parent = node
                        .parent
                        .and_then(|p| tree.nodes[p].entry)
                        .map(|(_, offset)| ordinals[&offset]);
                    let truth = &knowledge.truths[page][ordinal];
                    if node.provisional || parent != truth.parent || tree.kind != truth.tree {
                        wrong.push(format!(
                            "{}: {} should be {}",
                            form.spec_path,
                            tree.path(index).join("."),
                            truth.path.join(".")
                        ));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        let entries: usize = knowledge.truths.iter().map(Vec::len).sum();
        assert_eq!(placed, entries, "every entry is placed");
    }

    #[test]
    fn merging_keeps_the_docs_order() {
        let mut fields = vec!["id".to_owned(), "name".to_owned()];
        merge(
            &mut fields,
            &["id", "revision", "name", "createdDate"].map(str::to_owned),
        );
        assert_eq!(fields, ["id", "revision", "name", "createdDate"]);
        merge(&mut fields, &["extendedFields".to_owned()]);
        assert_eq!(
            fields,
            ["extendedFields", "id", "revision", "name", "createdDate"]
        );
    }
}
