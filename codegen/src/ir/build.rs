//! Assembling the IR from the recovered trees of every page.
//!
//! Each object node of a tree is an occurrence of a named type; a type's
//! occurrences across all pages of its npm package become one type holding
//! the union of their fields. What a tree leaves open is settled from the
//! page, never guessed: field types written as field names (`type:
//! sendSmsReminder`) from the SDK schema; element types of bare `array`
//! fields from the catalogue, the SDK schema, example values or the hints
//! file; time formats from the descriptions and the SDK's `Date`.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;

use serde_json::Value;

use super::{
    path_parameter_names, path_template_problem, Constraint, EnumValue, Field, Ir, Method, Module,
    NameOrigin, OneOfGroup, Package, PermissionScope, PossibleError, RequestExample, StringFormat,
    Type, TypeDef, TypeId, TypeKind,
};
use crate::diagnostics::{Diagnostic, Problem};
use crate::page::{self, Entry, ExampleCode, TypeRef};
use crate::recovery::catalogue::{Catalogue, CommonType};
use crate::recovery::hints::Hints;
use crate::recovery::place::{Node, Tree, TreeKind};
use crate::recovery::{Recovered, SpecPage};
use crate::source::Pos;

/// The IR of the pages, with the problems found while assembling it.
#[derive(Debug, Clone)]
pub struct BuiltIr {
    /// The IR. Pages whose structure could not be recovered are left out.
    pub ir: Ir,
    /// Errors and warnings, with file and position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the IR of `pages` from their recovered trees (`recovered.placed[i]`
/// belongs to `pages[i]`).
pub fn build_ir(pages: &[SpecPage<'_>], recovered: &Recovered) -> BuiltIr {
    use rayon::prelude::*;
    let catalogue = Catalogue::builtin();
    // Types and methods belong to their npm package: each package is built
    // on its own, on every core, and the parts are put together as one
    // builder over all pages would have made them (diagnostics in the same
    // order: per page in page order, the hints file's, then the packages').
    let mut by_package: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, (spec, placed)) in pages.iter().zip(&recovered.placed).enumerate() {
        // A page whose trees stop at an error would give its types a wrong
        // shape; recovery has reported the error.
        if placed.errors.is_empty() {
            by_package
                .entry(spec.page.sdk_module().npm)
                .or_default()
                .push(index);
        }
    }
    let by_package: Vec<Vec<usize>> = by_package.into_values().collect();
    let parts: Vec<PackageParts> = by_package
        .par_iter()
        .with_max_len(1)
        .map(|indices| {
            let mut builder = Builder {
                catalogue: &catalogue,
                hints: &recovered.hints,
                hints_path: &recovered.hints_display_path,
                page_index: 0,
                types: BTreeMap::new(),
                accs: Vec::new(),
                acc_index: HashMap::default(),
                page_paths: Vec::new(),
                methods: BTreeMap::new(),
                used_element_hints: BTreeSet::new(),
                unknown_elements: Vec::new(),
                diagnostics: Vec::new(),
            };
            let mut page_diagnostics = Vec::new();
            for &index in indices {
                builder.page_index = index;
                builder.page(&pages[index], &recovered.placed[index].trees);
                page_diagnostics.extend(builder.diagnostics.drain(..).map(|d| (index, d)));
            }
            let used_element_hints = std::mem::take(&mut builder.used_element_hints);
            let (packages, untyped, diagnostics) = builder.finish();
            PackageParts {
                page_diagnostics,
                used_element_hints,
                packages,
                untyped,
                diagnostics,
            }
        })
        .collect();
    let mut page_diagnostics = Vec::new();
    let mut used_element_hints = BTreeSet::new();
    let mut untyped = Vec::new();
    let mut package_diagnostics = Vec::new();
    let mut packages = Vec::new();
    for part in parts {
        page_diagnostics.extend(part.page_diagnostics);
        used_element_hints.extend(part.used_element_hints);
        untyped.extend(part.untyped);
        package_diagnostics.extend(part.diagnostics);
        packages.extend(part.packages);
    }
    // Stable sorts: a page's own diagnostics keep their order.
    page_diagnostics.sort_by_key(|(index, _)| *index);
    untyped.sort_by_key(|(index, _)| *index);
    let mut diagnostics: Vec<Diagnostic> = page_diagnostics.into_iter().map(|(_, d)| d).collect();
    diagnostics.extend(unused_element_hints(
        &recovered.hints,
        &recovered.hints_display_path,
        &used_element_hints,
        pages,
    ));
    diagnostics.extend(untyped.into_iter().map(|(_, d)| d));
    diagnostics.extend(package_diagnostics);
    BuiltIr {
        ir: Ir { packages },
        diagnostics,
    }
}

/// What building one npm package's pages made.
struct PackageParts {
    /// Diagnostics while reading each page, by page index.
    page_diagnostics: Vec<(usize, Diagnostic)>,
    used_element_hints: BTreeSet<(String, usize)>,
    /// The package (none when its pages made nothing).
    packages: Vec<Package>,
    /// Arrays left untyped, by the index of the page that showed them.
    untyped: Vec<(usize, Diagnostic)>,
    /// What assembling the package's types found.
    diagnostics: Vec<Diagnostic>,
}

/// The element hints no page used, in the hints file's line order.
fn unused_element_hints(
    hints: &Hints,
    hints_path: &str,
    used: &BTreeSet<(String, usize)>,
    pages: &[SpecPage<'_>],
) -> Vec<Diagnostic> {
    let mut unused = Vec::new();
    for (spec_path, list) in &hints.elements {
        for (index, (hint, line)) in list.iter().enumerate() {
            if used.contains(&(spec_path.clone(), index)) {
                continue;
            }
            let reason = if pages.iter().any(|p| p.spec_path == spec_path) {
                "the page has no bare `array` field at that path (or its structure could not be recovered)".to_owned()
            } else {
                format!("there is no page specs/{spec_path}")
            };
            unused.push((
                *line,
                Diagnostic::new(
                    hints_path,
                    Some(line_pos(*line)),
                    Problem::BadElementHint {
                        path: hint.path.join("."),
                        tree: hint.tree.as_str().to_owned(),
                        reason,
                    },
                ),
            ));
        }
    }
    unused.sort_by_key(|(line, _)| *line);
    unused
        .into_iter()
        .map(|(_, diagnostic)| diagnostic)
        .collect()
}

/// What the builder knows of one named type so far.
struct TypeAcc {
    origin: NameOrigin,
    /// For derived names: the array field the name was derived from
    /// (`Parent.field`), so one name never silently merges two arrays' elements.
    derived_from: Option<String>,
    /// The first occurrence with fields, and the first with enum values.
    object_at: Option<Place>,
    enum_at: Option<Place>,
    fields: Vec<(Field, Place)>,
    one_of_groups: Vec<OneOfGroup>,
    values: Vec<EnumValue>,
    /// Sorted by (file, byte offset), so they are in page order, and the
    /// same place kept once, when the type is made. Pages come in order,
    /// so the sort finds them nearly sorted.
    occurrences: Vec<Place>,
    /// Where a shapeless type is reported.
    first_at: Place,
}

/// `place` as text, `file:position`: made with room for the position, so a
/// type's many occurrences are written without growing their strings.
fn place_text(paths: &[String], place: Place) -> String {
    use std::fmt::Write as _;
    let path = &paths[place.page];
    let mut text = String::with_capacity(path.len() + 24);
    text.push_str(path);
    text.push(':');
    let _ = write!(text, "{}", place.at);
    text
}

/// A place on a page the builder has read: the page's number among them
/// (its path is [`Builder::page_paths`]`[page]`) and the position. Types
/// record a place per occurrence; the text `file:position` is made only
/// for what the IR or a diagnostic shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    page: usize,
    at: Pos,
}

impl TypeAcc {
    /// A type first met on `ctx`'s page at `at`, nothing collected yet.
    fn new(origin: NameOrigin, derived_from: Option<&str>, first_at: Place) -> Self {
        TypeAcc {
            origin,
            derived_from: derived_from.map(str::to_owned),
            object_at: None,
            enum_at: None,
            fields: Vec::new(),
            one_of_groups: Vec::new(),
            values: Vec::new(),
            occurrences: Vec::new(),
            first_at,
        }
    }
}

struct Builder<'a> {
    catalogue: &'a Catalogue,
    hints: &'a Hints,
    hints_path: &'a str,
    /// The index of the page being read (among all pages).
    page_index: usize,
    /// By (npm package, SDK module, type name): a type belongs to its module
    /// until `finish` finds it is a platform type every module agrees on.
    /// Filled from `accs` when the pages are in.
    types: BTreeMap<TypeKey, TypeAcc>,
    /// The types while pages are read, in the order first met, and their
    /// index by npm package, SDK module and name: a type is looked up once
    /// per occurrence and per field, so no key is copied to look one up.
    accs: Vec<(TypeKey, TypeAcc)>,
    acc_index: HashMap<String, HashMap<String, HashMap<String, usize>>>,
    /// The display path of each page read, by its number in [`Place`].
    page_paths: Vec<String>,
    /// By npm package, then module.
    methods: BTreeMap<String, BTreeMap<String, Vec<Method>>>,
    /// (page, index into the page's element hints).
    used_element_hints: BTreeSet<(String, usize)>,
    /// Arrays whose element type this occurrence does not show, by the type
    /// and field holding them: another occurrence of the type may show it.
    unknown_elements: Vec<(usize, TypeKey, String, Diagnostic)>,
    diagnostics: Vec<Diagnostic>,
}

/// A type while the builder collects it: (npm package, SDK module, name).
type TypeKey = (String, String, String);

/// What the builder needs of the page being assembled.
struct PageCtx<'p> {
    spec: &'p SpecPage<'p>,
    npm: String,
    /// The SDK module the page's types belong to.
    module: String,
    /// SDK field types by name (leading `_` removed), with positions.
    sdk_types: BTreeMap<String, Vec<(TypeRef, Pos)>>,
    /// The request paths that must be set.
    required: BTreeSet<String>,
    /// Each node's path in the request tree ([`Tree::path_texts`]), once
    /// the tree is being assembled.
    request_paths: Vec<String>,
}

impl PageCtx<'_> {
    fn key(&self, name: &str) -> TypeKey {
        (self.npm.clone(), self.module.clone(), name.to_owned())
    }

    /// The SDK fields at the same place as the top-level field `name` of a
    /// REST tree: a request field is an SDK parameter of that name or a
    /// top-level field of a parameter (`options`); a response field is a
    /// top-level field of the return type. Names are compared without the
    /// SDK's leading `_`.
    fn sdk_top_level(&self, kind: TreeKind, name: &str) -> Vec<(&TypeRef, Pos)> {
        let Some(sdk) = &self.spec.page.sdk else {
            return Vec::new();
        };
        let signature = &sdk.schema.signature;
        let named = |field: &&page::Field| field.name.trim_start_matches('_') == name;
        let mut found: Vec<(&TypeRef, Pos)> = Vec::new();
        match kind {
            TreeKind::Request => {
                for parameter in &signature.parameters {
                    if named(&&*parameter.field) {
                        found.push((&parameter.field.ty, parameter.field.at));
                    }
                    found.extend(
                        top_level(&parameter.entries)
                            .filter(named)
                            .map(|f| (&f.ty, f.at)),
                    );
                }
            }
            TreeKind::Response => found.extend(
                top_level(&signature.return_type.entries)
                    .filter(named)
                    .map(|f| (&f.ty, f.at)),
            ),
        }
        found
    }

    /// The one type the SDK gives the field at `at`: looked up by its place
    /// for a top-level field, else by its name (the SDK tree is not
    /// recovered, so deeper places are not known).
    fn sdk_field_type(&self, at: &At<'_>) -> Option<(&TypeRef, Pos)> {
        let field = at.field();
        let name = field.name.trim_start_matches('_');
        if at.tree.nodes[at.node].parent == Some(0) {
            let shown = self.sdk_top_level(at.tree.kind, name);
            let (first, first_at) = *shown.first()?;
            return shown
                .iter()
                .all(|(ty, _)| *ty == first)
                .then_some((first, first_at));
        }
        self.sdk_type(name)
    }

    /// What the SDK schema shows for the field at `at`, for messages.
    fn sdk_field_shown(&self, at: &At<'_>) -> String {
        let field = at.field();
        let name = field.name.trim_start_matches('_');
        if at.tree.nodes[at.node].parent != Some(0) {
            return self.sdk_shown(name);
        }
        let shown = self.sdk_top_level(at.tree.kind, name);
        if self.spec.page.sdk.is_none() {
            "no SDK section".to_owned()
        } else if shown.is_empty() {
            format!(
                "no SDK {} field `{name}`",
                match at.tree.kind {
                    TreeKind::Request => "parameter or top-level parameter",
                    TreeKind::Response => "top-level return",
                }
            )
        } else {
            shown
                .iter()
                .map(|(ty, at)| format!("`{ty}` at {at}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// The one type every SDK field named `name` has, with where it is shown.
    fn sdk_type(&self, name: &str) -> Option<(&TypeRef, Pos)> {
        let shown = self.sdk_types.get(name)?;
        let (first, at) = shown.first()?;
        shown
            .iter()
            .all(|(ty, _)| ty == first)
            .then_some((first, *at))
    }

    /// What the SDK schema shows for `name`, for messages.
    fn sdk_shown(&self, name: &str) -> String {
        match self.sdk_types.get(name) {
            None if self.spec.page.sdk.is_none() => "no SDK section".to_owned(),
            None => "no SDK field of that name".to_owned(),
            Some(shown) => shown
                .iter()
                .map(|(ty, at)| format!("`{ty}` at {at}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The values example bodies show at `path` of the request tree; arrays
    /// on the way are stepped into, so `a.b` of `{"a": [{"b": 1}]}` is `1`.
    fn example_values(&self, kind: TreeKind, path: &[String]) -> Vec<&Value> {
        if kind != TreeKind::Request {
            return Vec::new();
        }
        let mut values: Vec<&Value> = self
            .spec
            .page
            .rest
            .examples
            .iter()
            .filter_map(|example| match &example.code {
                ExampleCode::Curl(call) => call.body.as_ref().map(|body| &body.value),
                _ => None,
            })
            .collect();
        for name in path {
            values = values
                .into_iter()
                .flat_map(|value| match value {
                    Value::Array(items) => items.iter().collect(),
                    other => vec![other],
                })
                .filter_map(|value| value.get(name))
                .collect();
        }
        values
    }
}

/// A field's place in a tree, for messages and hints.
struct At<'t> {
    tree: &'t Tree,
    node: usize,
}

impl At<'_> {
    fn field(&self) -> &page::Field {
        self.tree.nodes[self.node]
            .field
            .as_ref()
            .expect("only the root has no field, and the root is never a field")
    }

    fn path(&self) -> String {
        self.tree.path_text(self.node)
    }

    fn has_children(&self) -> bool {
        !self.tree.nodes[self.node].children.is_empty()
    }
}

/// The scalar element types a hint may give.
const SCALARS: [&str; 5] = ["string", "integer", "number", "boolean", "object"];

/// All field entries of a list, one-of members included.
fn entry_fields(entries: &[Entry]) -> impl Iterator<Item = &page::Field> {
    entries.iter().filter_map(|entry| match entry {
        Entry::Field(field) => Some(&**field),
        Entry::OneOf(_) => None,
    })
}

/// The top-level fields of an SDK entry list: those at its smallest
/// indentation on multi-line pages; on collapsed pages, which lost the
/// indentation, every field (the caller checks that they agree).
fn top_level(entries: &[Entry]) -> impl Iterator<Item = &page::Field> {
    let least = entry_fields(entries).filter_map(|f| f.indent).min();
    entry_fields(entries).filter(move |f| least.is_none() || f.indent == least)
}

/// The string field a URL path parameter shows the request has, though the
/// page does not document it.
fn path_parameter_field(name: &str, parameter: &str, top_level: bool, at: Pos) -> page::Field {
    page::Field {
        name: name.to_owned(),
        ty: TypeRef::String,
        description: Some(format!(
            "Fills the URL path parameter `{{{parameter}}}`; the page does not document the field."
        )),
        required: top_level,
        enum_values: None,
        constraints: Vec::new(),
        indent: None,
        at,
    }
}

/// A written type that names a type rather than a field: `Booking`, not
/// `sendSmsReminder`.
fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
}

/// `resources` -> `Resource`, `businessLocations` -> `BusinessLocation`.
pub fn singular_type_name(field: &str) -> String {
    let stem = if let Some(stem) = field.strip_suffix("ies") {
        format!("{stem}y")
    } else if ["sses", "ches", "shes", "xes"]
        .iter()
        .any(|suffix| field.ends_with(suffix))
    {
        field[..field.len() - 2].to_owned()
    } else if let Some(stem) = field
        .strip_suffix('s')
        .filter(|s| !s.ends_with(['s', 'u', 'i']))
    {
        stem.to_owned()
    } else {
        format!("{field}Item")
    };
    let mut chars = stem.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

fn scalar(name: &str) -> Option<Type> {
    Some(match name {
        "string" => Type::String { format: None },
        "integer" => Type::Integer,
        "number" => Type::Number,
        "boolean" => Type::Boolean,
        "object" => Type::Object,
        _ => return None,
    })
}

/// The time format a string field's description or SDK type states.
fn string_format(field: &page::Field, ctx: &PageCtx<'_>) -> Option<StringFormat> {
    let description = field.description.as_deref().unwrap_or_default();
    if description.contains("YYYY-MM-DDThh:mm:ss.sssZ") {
        Some(StringFormat::DateTime)
    } else if description.contains("YYYY-MM-DDThh:mm:ss") {
        Some(StringFormat::LocalDateTime)
    } else if matches!(ctx.sdk_type(&field.name), Some((TypeRef::Date, _))) {
        Some(StringFormat::DateTime)
    } else {
        None
    }
}

/// The type of JSON example values, when they all agree on a scalar.
fn example_scalar(values: &[&Value]) -> Option<Type> {
    let mut kinds = values.iter().map(|value| match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Object(_) => Some("object"),
        Value::Null | Value::Array(_) => None,
    });
    let first = kinds.next()??;
    kinds
        .all(|kind| kind == Some(first))
        .then(|| scalar(first))?
}

impl Builder<'_> {
    /// `at` on the page being read.
    fn place(&self, at: Pos) -> Place {
        Place {
            page: self.page_paths.len() - 1,
            at,
        }
    }

    /// The type `name` of `ctx`'s SDK module, if met before: its index in
    /// `accs`.
    fn acc_of(&self, ctx: &PageCtx<'_>, name: &str) -> Option<usize> {
        self.acc_index
            .get(&ctx.npm)?
            .get(&ctx.module)?
            .get(name)
            .copied()
    }

    fn place_text(&self, place: Place) -> String {
        place_text(&self.page_paths, place)
    }

    fn page(&mut self, spec: &SpecPage<'_>, trees: &[Tree]) {
        self.page_paths.push(spec.display_path.to_owned());
        let page = spec.page;
        let crate::page::SdkModule { npm, module } = page.sdk_module();
        let mut sdk_types: BTreeMap<String, Vec<(TypeRef, Pos)>> = BTreeMap::new();
        if let Some(sdk) = &page.sdk {
            let signature = &sdk.schema.signature;
            let fields = signature
                .parameters
                .iter()
                .flat_map(|p| std::iter::once(&*p.field).chain(entry_fields(&p.entries)))
                .chain(entry_fields(&signature.return_type.entries));
            for field in fields {
                let name = field.name.trim_start_matches('_').to_owned();
                sdk_types
                    .entry(name)
                    .or_default()
                    .push((field.ty.clone(), field.at));
            }
        }
        let signature = &page.rest.schema.signature;
        let mut ctx = PageCtx {
            spec,
            npm: npm.clone(),
            module: module.clone(),
            sdk_types,
            required: signature
                .required_parameters
                .iter()
                .map(|r| r.value.clone())
                .collect(),
            request_paths: Vec::new(),
        };
        let method_name = page.method_name.value.clone();
        let request = format!("{method_name}Request");
        let response = match &signature.return_type.ty.value {
            TypeRef::Named(name) => name.clone(),
            TypeRef::Promise(Some(inner)) if matches!(**inner, TypeRef::Named(_)) => {
                inner.to_string()
            }
            _ => format!("{method_name}Response"),
        };
        let trees = self.path_parameters(spec, trees, &mut ctx);
        let mut required_paths = BTreeSet::new();
        for tree in trees.iter() {
            let (name, origin, at) = match tree.kind {
                TreeKind::Request => (&request, NameOrigin::Request, page.rest.schema.at),
                TreeKind::Response => (
                    &response,
                    NameOrigin::Documented,
                    signature.return_type.ty.at,
                ),
            };
            if tree.kind == TreeKind::Request {
                let paths = tree.path_texts();
                for (node, path) in paths.iter().enumerate().skip(1) {
                    if tree.nodes[node].field.as_ref().is_some_and(|f| f.required)
                        || ctx.required.contains(path)
                    {
                        required_paths.insert(path.clone());
                    }
                }
                ctx.required.clone_from(&required_paths);
                ctx.request_paths = paths;
            }
            self.occurrence(&ctx, tree, 0, name, origin, None, at);
        }
        let schema = &page.rest.schema;
        self.methods
            .entry(npm)
            .or_default()
            .entry(module)
            .or_default()
            .push(Method {
                name: method_name,
                operation_id: schema.method_name.value.clone(),
                description: schema.description.value.clone(),
                http_method: schema.http_method.value,
                host: schema.url.host.clone(),
                path: schema.url.path.clone(),
                docs_url: page.method_link.value.clone(),
                permission_scopes: page
                    .permission_scopes
                    .iter()
                    .map(|scope| PermissionScope {
                        name: scope.name.clone(),
                        id: scope.id.clone(),
                    })
                    .collect(),
                request,
                response,
                source: spec.display_path.to_owned(),
                required_paths: required_paths.into_iter().collect(),
                request_examples: page
                    .rest
                    .examples
                    .iter()
                    .filter_map(|example| match &example.code {
                        ExampleCode::Curl(call) => call.body.as_ref().map(|body| RequestExample {
                            title: example.title.clone(),
                            body: body.value.clone(),
                        }),
                        _ => None,
                    })
                    .collect(),
                possible_errors: schema
                    .possible_errors
                    .iter()
                    .map(|error| PossibleError {
                        http_code: error.http_code,
                        status_code: error.status_code.clone(),
                        code: error.application_code.clone(),
                        description: error.description.clone(),
                    })
                    .collect(),
            });
    }

    /// Checks the URL's path parameters against the request tree: each names
    /// a request field holding a plain value. A top-level one is required
    /// (the call cannot be made without it), said in a warning when the page
    /// does not say so; a nested one (`{booking.id}`) is left as the page has
    /// it, since its type is shared with other requests and responses. A
    /// parameter naming a field the request does not document, under a
    /// documented object or at the top level, is evidence that the field
    /// exists: it is added as a string, with a warning (the docs hide
    /// read-only fields such as `category.id` in requests).
    fn path_parameters<'t>(
        &mut self,
        spec: &SpecPage<'_>,
        trees: &'t [Tree],
        ctx: &mut PageCtx<'_>,
    ) -> Cow<'t, [Tree]> {
        let mut trees = Cow::Borrowed(trees);
        let url = &spec.page.rest.schema.url;
        let error = |problem| Diagnostic::new(spec.display_path, Some(url.at), problem);
        if let Some(problem) = path_template_problem(&url.path) {
            self.diagnostics.push(error(Problem::BadPathTemplate {
                path: url.path.clone(),
                problem,
            }));
            return trees;
        }
        let Some(request) = trees.iter().position(|t| t.kind == TreeKind::Request) else {
            for name in path_parameter_names(&url.path) {
                self.diagnostics.push(error(Problem::PathParameterUnknown {
                    path: url.path.clone(),
                    name: name.to_owned(),
                    fields: "none".to_owned(),
                }));
            }
            return trees;
        };
        for name in path_parameter_names(&url.path) {
            let tree = &trees[request];
            let find = |tree: &Tree, path: &str| {
                (1..tree.nodes.len()).find(|&node| tree.path_text(node) == path)
            };
            let Some(node) = find(tree, name) else {
                let (parent_path, leaf) = name.rsplit_once('.').unwrap_or(("", name));
                let parent = if parent_path.is_empty() {
                    Some(0)
                } else {
                    find(tree, parent_path).filter(|&node| {
                        tree.nodes[node].field.as_ref().is_some_and(
                            |field| matches!(&field.ty, TypeRef::Named(ty) if is_type_name(ty)),
                        )
                    })
                };
                let Some(parent) = parent else {
                    let fields: Vec<String> = (1..tree.nodes.len())
                        .map(|node| format!("`{}`", tree.path_text(node)))
                        .collect();
                    self.diagnostics.push(error(Problem::PathParameterUnknown {
                        path: url.path.clone(),
                        name: name.to_owned(),
                        fields: if fields.is_empty() {
                            "none".to_owned()
                        } else {
                            fields.join(", ")
                        },
                    }));
                    continue;
                };
                self.diagnostics.push(error(Problem::PathParameterAdded {
                    path: url.path.clone(),
                    name: name.to_owned(),
                    parent: tree.path_text(parent),
                }));
                let added = path_parameter_field(leaf, name, parent == 0, url.at);
                let tree = &mut trees.to_mut()[request];
                let node = tree.nodes.len();
                tree.nodes
                    .push(Node::of_field(std::sync::Arc::new(added), None, parent));
                tree.nodes[parent].children.push(node);
                if parent == 0 {
                    ctx.required.insert(name.to_owned());
                }
                continue;
            };
            let Some(field) = &tree.nodes[node].field else {
                continue;
            };
            let found = if tree.nodes[node].children.is_empty() {
                match &field.ty {
                    TypeRef::Object => Some("a JSON object".to_owned()),
                    TypeRef::Array(_) => Some("an array".to_owned()),
                    TypeRef::Promise(_) => Some("a promise".to_owned()),
                    _ => None,
                }
            } else {
                Some(format!("an object (`{}`)", field.ty))
            };
            if let Some(found) = found {
                self.diagnostics.push(Diagnostic::new(
                    spec.display_path,
                    Some(field.at),
                    Problem::PathParameterNotPlain {
                        name: name.to_owned(),
                        found,
                    },
                ));
                continue;
            }
            if !name.contains('.') && !field.required && !ctx.required.contains(name) {
                self.diagnostics.push(Diagnostic::new(
                    spec.display_path,
                    Some(field.at),
                    Problem::PathParameterMadeRequired {
                        name: name.to_owned(),
                    },
                ));
                ctx.required.insert(name.to_owned());
            }
        }
        trees
    }

    /// Records node `node` of `tree` as an occurrence of type `name`: its
    /// children are fields of the type, its enum values the type's values.
    #[allow(clippy::too_many_arguments)]
    fn occurrence(
        &mut self,
        ctx: &PageCtx<'_>,
        tree: &Tree,
        node: usize,
        name: &str,
        origin: NameOrigin,
        derived_from: Option<&str>,
        at: Pos,
    ) {
        let here = self.place(at);
        let index = match self.acc_of(ctx, name) {
            Some(index) => index,
            None => {
                let index = self.accs.len();
                self.accs
                    .push((ctx.key(name), TypeAcc::new(origin, derived_from, here)));
                self.acc_index
                    .entry(ctx.npm.clone())
                    .or_default()
                    .entry(ctx.module.clone())
                    .or_default()
                    .insert(name.to_owned(), index);
                index
            }
        };
        let acc = &mut self.accs[index].1;
        acc.occurrences.push(here);
        let holder = &tree.nodes[node];
        if let Some(values) = holder.field.as_ref().and_then(|f| f.enum_values.as_ref()) {
            acc.enum_at.get_or_insert(here);
            for value in &values.values {
                if !acc.values.iter().any(|v| v.name == value.name) {
                    acc.values.push(EnumValue {
                        name: value.name.clone(),
                        description: value.description.clone(),
                    });
                }
            }
        }
        if !holder.children.is_empty() {
            acc.object_at.get_or_insert(here);
        }
        if let (Some(object_at), Some(enum_at)) = (acc.object_at, acc.enum_at) {
            if (object_at == here) != (enum_at == here) || object_at == enum_at {
                let (here_kind, there_kind, there_at) = if enum_at == here {
                    ("an enum", "an object", self.place_text(object_at))
                } else {
                    ("an object", "an enum", self.place_text(enum_at))
                };
                self.diagnostics.push(Diagnostic::new(
                    ctx.spec.display_path,
                    Some(at),
                    Problem::TypeConflict {
                        ty: name.to_owned(),
                        field: "(kind)".to_owned(),
                        here: here_kind.to_owned(),
                        there: there_kind.to_owned(),
                        there_at,
                    },
                ));
                return;
            }
        }
        for (members, required) in &holder.one_of_groups {
            let group = OneOfGroup {
                members: members.clone(),
                required: *required,
            };
            let groups = &mut self.accs[index].1.one_of_groups;
            // Occurrences may disagree on whether one member must be set (a
            // request requires it, a response shows the group plainly): the
            // group is one, and required when any occurrence says so.
            match groups.iter_mut().find(|g| g.members == group.members) {
                Some(known) => known.required |= group.required,
                None => groups.push(group),
            }
        }
        for &child in &holder.children {
            let field_at = At { tree, node: child };
            let Some(ty) = self.field_type(ctx, &field_at, name) else {
                continue;
            };
            let entry = field_at.field();
            let required = tree.kind == TreeKind::Request
                && ctx
                    .request_paths
                    .get(child)
                    .is_some_and(|path| ctx.required.contains(path));
            self.add_field(index, entry, ty, required);
        }
    }

    /// Adds the field `entry` (of IR type `ty`) to the type `key`, or merges
    /// it into the type's field of that name. Its description and
    /// constraints are copied only where they are kept: most occurrences are
    /// of a field known already.
    fn add_field(&mut self, index: usize, entry: &crate::page::Field, ty: Type, required: bool) {
        let description = || entry.description.clone().filter(|d| !d.trim().is_empty());
        let constraints = || {
            entry
                .constraints
                .iter()
                .map(|c| Constraint {
                    kind: c.kind,
                    text: c.text.clone(),
                    value: c.value.clone(),
                    unit: c.unit.clone(),
                })
                .collect::<Vec<_>>()
        };
        let here = self.place(entry.at);
        let (key, acc) = &mut self.accs[index];
        let Some((known, known_at)) = acc.fields.iter_mut().find(|(f, _)| f.name == entry.name)
        else {
            let field = Field {
                name: entry.name.clone(),
                ty,
                description: description(),
                required,
                constraints: constraints(),
            };
            acc.fields.push((field, here));
            return;
        };
        // Elements of any JSON value are what one occurrence could not type;
        // another occurrence that types them settles them.
        if known.ty.is_refined_by(&ty) {
            known.ty = ty.clone();
        }
        if known.ty != ty && !ty.is_refined_by(&known.ty) {
            let problem = Problem::TypeConflict {
                ty: key.2.clone(),
                field: entry.name.clone(),
                here: format!("`{ty}`"),
                there: format!("`{}`", known.ty),
                there_at: place_text(&self.page_paths, *known_at),
            };
            self.diagnostics.push(Diagnostic::new(
                &self.page_paths[here.page],
                Some(entry.at),
                problem,
            ));
            return;
        }
        known.required |= required;
        if known.description.is_none() {
            known.description = description();
        }
        if known.constraints.is_empty() {
            known.constraints = constraints();
        }
    }

    /// The IR type of a field, recording the named types it holds; `None`
    /// when it cannot be settled (reported).
    fn field_type(&mut self, ctx: &PageCtx<'_>, at: &At<'_>, parent: &str) -> Option<Type> {
        let field = at.field();
        match &field.ty {
            // `array<fieldName>` spells the element type like the field: it
            // is an array whose element type the evidence gives, as for a
            // bare `array`.
            TypeRef::Array(None) => self
                .element_type(ctx, at, parent)
                .map(|ty| Type::Array(Box::new(ty))),
            TypeRef::Array(Some(inner)) if matches!(&**inner, TypeRef::Named(name) if !is_type_name(name)) => {
                self.element_type(ctx, at, parent)
                    .map(|ty| Type::Array(Box::new(ty)))
            }
            TypeRef::Array(Some(inner)) => self
                .written_type(ctx, at, parent, inner)
                .map(|ty| Type::Array(Box::new(ty))),
            TypeRef::Promise(Some(inner)) => self.written_type(ctx, at, parent, inner),
            written => self.written_type(ctx, at, parent, written),
        }
    }

    /// The IR type for a type as written (not a bare array).
    fn written_type(
        &mut self,
        ctx: &PageCtx<'_>,
        at: &At<'_>,
        parent: &str,
        written: &TypeRef,
    ) -> Option<Type> {
        let field = at.field();
        Some(match written {
            TypeRef::String => Type::String {
                format: string_format(field, ctx),
            },
            TypeRef::Date => Type::String {
                format: Some(StringFormat::DateTime),
            },
            TypeRef::Integer => Type::Integer,
            TypeRef::Number => Type::Number,
            TypeRef::Boolean => Type::Boolean,
            TypeRef::Object | TypeRef::Promise(None) => Type::Object,
            TypeRef::Array(None) => Type::Array(Box::new(Type::Object)),
            TypeRef::Array(Some(inner)) => {
                Type::Array(Box::new(self.written_type(ctx, at, parent, inner)?))
            }
            TypeRef::Promise(Some(inner)) => return self.written_type(ctx, at, parent, inner),
            TypeRef::Named(name) if is_type_name(name) => {
                self.occurrence(
                    ctx,
                    at.tree,
                    at.node,
                    name,
                    NameOrigin::Documented,
                    None,
                    field.at,
                );
                Type::Ref(TypeId::module(&ctx.module, name))
            }
            TypeRef::Named(name) => return self.resolve_field_name_type(ctx, at, parent, name),
        })
    }

    /// `type: sendSmsReminder`: the REST schema wrote a field name where the
    /// type belongs; the SDK schema's field of that name gives the type.
    fn resolve_field_name_type(
        &mut self,
        ctx: &PageCtx<'_>,
        at: &At<'_>,
        parent: &str,
        written: &str,
    ) -> Option<Type> {
        let field = at.field();
        // The SDK field at the same place; a type written as another field's
        // name is looked up by that name.
        let same_name = field.name.trim_start_matches('_') == written;
        let resolved = if same_name {
            ctx.sdk_field_type(at)
        } else {
            ctx.sdk_type(written)
        }
        .filter(|(ty, _)| !matches!(ty, TypeRef::Named(name) if !is_type_name(name)))
        .map(|(ty, sdk_at)| {
            (
                ty.clone(),
                format!("the SDK schema's field `{written}` at {sdk_at}"),
            )
        });
        // A request field that fills a URL path parameter is text on the wire.
        let path = at.path();
        let resolved = resolved.or_else(|| {
            (at.tree.kind == TreeKind::Request
                && path_parameter_names(&ctx.spec.page.rest.schema.url.path).contains(&path.as_str()))
            .then(|| {
                (
                    TypeRef::String,
                    format!("the URL path parameter `{{{path}}}`, which it fills (path segments are text); the SDK schema shows {}", ctx.sdk_field_shown(at)),
                )
            })
        });
        let Some((ty, evidence)) = resolved else {
            self.diagnostics.push(Diagnostic::new(
                ctx.spec.display_path,
                Some(field.at),
                Problem::TypeUnresolved {
                    field: at.path(),
                    written: written.to_owned(),
                    found: if same_name {
                        ctx.sdk_field_shown(at)
                    } else {
                        ctx.sdk_shown(written)
                    },
                },
            ));
            return None;
        };
        self.diagnostics.push(Diagnostic::new(
            ctx.spec.display_path,
            Some(field.at),
            Problem::TypeResolved {
                field: at.path(),
                written: written.to_owned(),
                resolved: ty.to_string(),
                evidence,
            },
        ));
        match ty {
            TypeRef::Array(None) => self
                .element_type(ctx, at, parent)
                .map(|t| Type::Array(Box::new(t))),
            ty => self.written_type(ctx, at, parent, &ty),
        }
    }

    /// The element type of a bare `array` field.
    fn element_type(&mut self, ctx: &PageCtx<'_>, at: &At<'_>, parent: &str) -> Option<Type> {
        let field = at.field();
        let path = at.path();
        let has_shape = at.has_children() || field.enum_values.is_some();
        if let Some((index, element)) = self.element_hint(ctx, at) {
            self.used_element_hints
                .insert((ctx.spec.spec_path.to_owned(), index));
            if let Some(ty) = scalar(&element) {
                if has_shape {
                    self.bad_element_hint(
                        ctx,
                        at,
                        format!("the hint says `{element}`, but the page documents fields or values of the elements"),
                    );
                    return None;
                }
                return Some(ty);
            }
            if !is_type_name(&element) {
                self.bad_element_hint(
                    ctx,
                    at,
                    format!(
                        "`element: {element}` is neither a type name (`Resource`) nor one of {}",
                        SCALARS.join(", ")
                    ),
                );
                return None;
            }
            if !has_shape {
                self.bad_element_hint(
                    ctx,
                    at,
                    format!("the hint names type `{element}`, but the page documents no fields or values of the elements; give a scalar type instead"),
                );
                return None;
            }
            self.occurrence(
                ctx,
                at.tree,
                at.node,
                &element,
                NameOrigin::Hint,
                None,
                field.at,
            );
            return Some(Type::Ref(TypeId::module(&ctx.module, &element)));
        }
        if has_shape {
            let documented = match self.catalogue.field_type(parent, &field.name) {
                Some(TypeRef::Array(Some(inner))) => Some(inner.to_string()),
                _ => match ctx.sdk_field_type(at) {
                    Some((TypeRef::Array(Some(inner)), _))
                        if matches!(**inner, TypeRef::Named(_)) =>
                    {
                        Some(inner.to_string())
                    }
                    _ => None,
                },
            };
            if let Some(name) = documented {
                self.occurrence(
                    ctx,
                    at.tree,
                    at.node,
                    &name,
                    NameOrigin::Documented,
                    None,
                    field.at,
                );
                return Some(Type::Ref(TypeId::module(&ctx.module, &name)));
            }
            let name = singular_type_name(&field.name);
            let derived_from = format!("{parent}.{}", field.name);
            let taken = self
                .acc_of(ctx, &name)
                .map(|index| &self.accs[index].1)
                .filter(|acc| acc.derived_from.as_ref() != Some(&derived_from))
                .map(|acc| match &acc.derived_from {
                    Some(other) => format!("the element type of `{other}`"),
                    None => format!(
                        "a type named on a page ({})",
                        self.page_paths[acc.first_at.page]
                    ),
                });
            if let Some(other) = taken {
                let hint = Self::element_hint_text(ctx, at, "<TypeName>");
                self.diagnostics.push(Diagnostic::new(
                    ctx.spec.display_path,
                    Some(field.at),
                    Problem::DerivedNameTaken {
                        field: path,
                        name,
                        other,
                        hint,
                    },
                ));
                return None;
            }
            self.occurrence(
                ctx,
                at.tree,
                at.node,
                &name,
                NameOrigin::Singular,
                Some(&derived_from),
                field.at,
            );
            return Some(Type::Ref(TypeId::module(&ctx.module, &name)));
        }
        let path_segments = at.tree.path(at.node);
        if let Some(ty) = example_scalar(
            &ctx.example_values(at.tree.kind, &path_segments)
                .into_iter()
                .flat_map(|value| match value {
                    Value::Array(items) => items.iter().collect::<Vec<_>>(),
                    _ => Vec::new(),
                })
                .collect::<Vec<_>>(),
        ) {
            return Some(ty);
        }
        if let Some((TypeRef::Array(Some(inner)), _)) = ctx.sdk_field_type(at) {
            if let Some(ty) = scalar(&inner.to_string()) {
                return Some(ty);
            }
        }
        // Any JSON value is never wrong; the warning waits until every
        // occurrence of the holder is in, since another may type the elements.
        let hint = Self::element_hint_text(ctx, at, "string");
        self.unknown_elements.push((
            self.page_index,
            ctx.key(parent),
            field.name.clone(),
            Diagnostic::new(
                ctx.spec.display_path,
                Some(field.at),
                Problem::ElementTypeUnknown { field: path, hint },
            ),
        ));
        Some(Type::Any)
    }

    /// The hint for the element type of the array at `at`: its index among
    /// the page's element hints, and the element as written.
    fn element_hint(&self, ctx: &PageCtx<'_>, at: &At<'_>) -> Option<(usize, String)> {
        let path = at.tree.path(at.node);
        self.hints
            .elements
            .get(ctx.spec.spec_path)?
            .iter()
            .enumerate()
            .find(|(_, (hint, _))| hint.tree == at.tree.kind && hint.path == path)
            .map(|(index, (hint, _))| (index, hint.element.clone()))
    }

    fn element_hint_text(ctx: &PageCtx<'_>, at: &At<'_>, element: &str) -> String {
        format!(
            "elements:\n  - page: {}\n    tree: {}\n    path: {}\n    element: {element}",
            ctx.spec.spec_path,
            at.tree.kind.as_str(),
            at.path()
        )
    }

    fn bad_element_hint(&mut self, ctx: &PageCtx<'_>, at: &At<'_>, reason: String) {
        let line = self
            .element_hint(ctx, at)
            .and_then(|(index, _)| self.hints.elements[ctx.spec.spec_path].get(index))
            .map_or(0, |(_, line)| *line);
        self.diagnostics.push(Diagnostic::new(
            self.hints_path,
            Some(line_pos(line)),
            Problem::BadElementHint {
                path: at.path(),
                tree: at.tree.kind.as_str().to_owned(),
                reason,
            },
        ));
    }

    /// The packages built (each npm package of the pages), the untyped
    /// arrays by page index, and what assembling the types found.
    fn finish(mut self) -> (Vec<Package>, Vec<(usize, Diagnostic)>, Vec<Diagnostic>) {
        self.types = std::mem::take(&mut self.accs).into_iter().collect();
        let untyped = self.untyped_elements();
        let shared = self.shared_platform_types();
        // Refs to a module's copy of a shared platform type now name the
        // shared one.
        let id_of = |npm: &str, id: &TypeId| -> TypeId {
            match &id.module {
                Some(module)
                    if shared.contains(&(npm.to_owned(), module.clone(), id.name.clone())) =>
                {
                    TypeId::shared(&id.name)
                }
                _ => id.clone(),
            }
        };
        let mut merged: BTreeMap<(String, TypeId), TypeAcc> = BTreeMap::new();
        for ((npm, module, name), mut acc) in std::mem::take(&mut self.types) {
            for (field, _) in &mut acc.fields {
                field.ty = field.ty.map_refs(&|id| id_of(&npm, id));
            }
            let id = id_of(&npm, &TypeId::module(&module, &name));
            match merged.entry((npm, id)) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(acc);
                }
                // Every module's copy agrees with the catalogue, so with
                // each other: the first module's descriptions are kept.
                std::collections::btree_map::Entry::Occupied(mut slot) => {
                    let known = slot.get_mut();
                    known.occurrences.extend(acc.occurrences);
                    for (field, _) in &mut known.fields {
                        if field.description.is_none() {
                            field.description = acc
                                .fields
                                .iter()
                                .find(|(f, _)| f.name == field.name)
                                .and_then(|(f, _)| f.description.clone());
                        }
                    }
                }
            }
        }
        // Which modules reach each type, through the types' fields.
        let mut reached: BTreeMap<(String, TypeId), BTreeSet<String>> = BTreeMap::new();
        for (npm, modules) in &self.methods {
            for (module, methods) in modules {
                let mut stack: Vec<TypeId> = methods
                    .iter()
                    .flat_map(|m| [&m.request, &m.response])
                    .map(|name| TypeId::module(module, name))
                    .collect();
                while let Some(id) = stack.pop() {
                    let key = (npm.clone(), id);
                    if !reached
                        .entry(key.clone())
                        .or_default()
                        .insert(module.clone())
                    {
                        continue;
                    }
                    if let Some(acc) = merged.get(&key) {
                        for (field, _) in &acc.fields {
                            if let Some(target) = field.ty.referenced() {
                                stack.push(target.clone());
                            }
                        }
                    }
                }
            }
        }
        let mut packages: BTreeMap<String, Package> = BTreeMap::new();
        for ((npm, id), acc) in merged {
            let kind = if acc.enum_at.is_some() {
                TypeKind::Enum { values: acc.values }
            } else {
                if acc.object_at.is_none() && acc.origin == NameOrigin::Documented {
                    self.diagnostics.push(Diagnostic::new(
                        &self.page_paths[acc.first_at.page],
                        Some(acc.first_at.at),
                        Problem::ShapelessType {
                            ty: id.name.clone(),
                        },
                    ));
                }
                TypeKind::Object {
                    fields: acc.fields.into_iter().map(|(field, _)| field).collect(),
                    one_of_groups: acc.one_of_groups,
                }
            };
            let modules = reached
                .remove(&(npm.clone(), id.clone()))
                .unwrap_or_default()
                .into_iter()
                .collect();
            package(&mut packages, &npm).types.push(TypeDef {
                name: id.name,
                module: id.module,
                name_origin: acc.origin,
                kind,
                modules,
                occurrences: {
                    let paths = &self.page_paths;
                    let mut occurrences = acc.occurrences;
                    let order = |place: &Place| (&paths[place.page], place.at.offset);
                    occurrences.sort_by(|a, b| order(a).cmp(&order(b)));
                    occurrences.dedup_by(|a, b| order(a) == order(b));
                    occurrences
                        .into_iter()
                        .map(|place| place_text(paths, place))
                        .collect()
                },
            });
        }
        for (npm, modules) in std::mem::take(&mut self.methods) {
            let package = package(&mut packages, &npm);
            for (name, mut methods) in modules {
                methods.sort_by(|a, b| a.name.cmp(&b.name));
                package.modules.push(Module { name, methods });
            }
        }
        (packages.into_values().collect(), untyped, self.diagnostics)
    }

    /// A warning once per array field whose elements no occurrence of its
    /// holder typed (they stay any JSON value), with the index of the page
    /// that showed it.
    fn untyped_elements(&mut self) -> Vec<(usize, Diagnostic)> {
        let mut reported = BTreeSet::new();
        let mut untyped = Vec::new();
        for (page, key, field, diagnostic) in std::mem::take(&mut self.unknown_elements) {
            let holder_untyped = self
                .types
                .get(&key)
                .and_then(|acc| acc.fields.iter().find(|(f, _)| f.name == field))
                .is_none_or(|(f, _)| f.ty.holds_any());
            if holder_untyped && reported.insert((key, field)) {
                untyped.push((page, diagnostic));
            }
        }
        untyped
    }

    /// The module types that are platform types shared by the package's
    /// modules: named like a catalogue type, exactly as the catalogue has
    /// it, and referring only to types that are shared too. A module whose
    /// pages document such a type otherwise keeps its own.
    fn shared_platform_types(&self) -> BTreeSet<TypeKey> {
        let mut shared: BTreeSet<TypeKey> = self
            .types
            .iter()
            .filter(|((_, _, name), acc)| {
                self.catalogue
                    .types
                    .get(name)
                    .is_some_and(|common| agrees_with_catalogue(common, acc))
            })
            .map(|(key, _)| key.clone())
            .collect();
        loop {
            let demoted: Vec<TypeKey> = shared
                .iter()
                .filter(|(npm, module, name)| {
                    let acc = &self.types[&(npm.clone(), module.clone(), name.clone())];
                    acc.fields.iter().any(|(field, _)| {
                        field.ty.referenced().is_some_and(|target| {
                            !shared.contains(&(npm.clone(), module.clone(), target.name.clone()))
                        })
                    })
                })
                .cloned()
                .collect();
            if demoted.is_empty() {
                return shared;
            }
            for key in demoted {
                shared.remove(&key);
            }
        }
    }
}

/// Whether a module's type is exactly the catalogue's: the same fields with
/// the same types, or the same enum values.
fn agrees_with_catalogue(common: &CommonType, acc: &TypeAcc) -> bool {
    match common {
        CommonType::Object(fields) => {
            acc.enum_at.is_none()
                && acc.fields.len() == fields.len()
                && acc.fields.iter().all(|(field, _)| {
                    fields
                        .get(&field.name)
                        .is_some_and(|written| written.to_string() == field.ty.to_string())
                })
        }
        CommonType::Enum(values) => {
            acc.object_at.is_none()
                && acc.values.len() == values.len()
                && acc.values.iter().all(|value| values.contains(&value.name))
        }
    }
}

fn package<'p>(packages: &'p mut BTreeMap<String, Package>, npm: &str) -> &'p mut Package {
    packages.entry(npm.to_owned()).or_insert_with(|| Package {
        npm: npm.to_owned(),
        modules: Vec::new(),
        types: Vec::new(),
    })
}

fn line_pos(line: usize) -> Pos {
    Pos {
        offset: 0,
        line_column: Some((u32::try_from(line).unwrap_or(u32::MAX), 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packages built on every core make the IR and diagnostics one thread
    /// makes, including the warnings given after all pages are in.
    #[test]
    fn packages_built_on_every_core_are_built_as_on_one_thread() {
        use crate::corpus::{corpus, Form};
        let corpus = corpus(60, Form::Mixed);
        // Without the element types of the one-line copies, their arrays
        // stay untyped (warned once all pages are in) and the hints file
        // names element hints no page uses.
        let elements = corpus.hints.find("\nelements:").expect("element hints");
        let types = corpus.hints[elements..]
            .find("\ntypes:")
            .map_or(corpus.hints.len(), |end| elements + end);
        let unused = "\nelements:\n  - page: nowhere.md\n    tree: response\n    path: a.b\n    element: string";
        let hints = format!(
            "{}{unused}{}",
            &corpus.hints[..elements],
            &corpus.hints[types..]
        );
        let files = crate::specs::read_spec_texts(&corpus.pages);
        let spec_pages = crate::pipeline::spec_pages(&files);
        let recovered = crate::recovery::recover(&spec_pages, &hints, "specs/hints.yaml");
        let parallel = build_ir(&spec_pages, &recovered);
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let single = one_thread.install(|| build_ir(&spec_pages, &recovered));
        assert!(parallel.ir.packages.len() > 1);
        let kinds: BTreeSet<&str> = parallel
            .diagnostics
            .iter()
            .map(|d| match d.problem {
                Problem::ElementTypeUnknown { .. } => "untyped",
                Problem::BadElementHint { .. } => "unused hint",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds.len(), 3, "{kinds:?}");
        assert_eq!(parallel.ir, single.ir);
        let shown = |built: &BuiltIr| -> Vec<String> {
            built.diagnostics.iter().map(ToString::to_string).collect()
        };
        assert_eq!(shown(&parallel), shown(&single));
    }

    #[test]
    fn singular_names() {
        assert_eq!(singular_type_name("resources"), "Resource");
        assert_eq!(singular_type_name("attendances"), "Attendance");
        assert_eq!(singular_type_name("businessLocations"), "BusinessLocation");
        assert_eq!(singular_type_name("values"), "Value");
        assert_eq!(singular_type_name("categories"), "Category");
        assert_eq!(singular_type_name("addresses"), "Address");
        assert_eq!(singular_type_name("batches"), "Batch");
        assert_eq!(singular_type_name("boxes"), "Box");
        assert_eq!(singular_type_name("status"), "StatusItem");
        assert_eq!(singular_type_name("data"), "DataItem");
    }
}
