//! Page text cannot become code. IRs are built by hand with names and texts
//! drawn from hostile text (comment and string terminators, markdown and
//! HTML, control and bidi characters, keywords, names that collide once
//! cleaned, very long strings); every file `codegen::rust::rust_files` and
//! `codegen::rust::roundtrip_tests` make from them must
//!
//! - parse (`syn::parse_file` on the text written to disk);
//! - hold only the items (struct, enum, impl, fn, use, mod), attributes
//!   (doc, derive, serde, cfg, allow) and identifiers (`[A-Za-z0-9_]`, after
//!   `r#`) the emitter means to write, and no macro or `unsafe`;
//! - carry every wire name, enum value and path exactly, and no other string;
//! - have docs rustdoc takes without a doctest, HTML, image, footnote, a link
//!   to anything but an `http(s)` URL, an intra-doc link that is not a Rust
//!   path, or a control or bidi character;
//! - hold together as a crate: no name defined twice, every `mod` has its
//!   file, every path the tests and the crate example use exists, names
//!   rustc does not warn about.
//!
//! The tests: each hostile text in each place of a small IR (the matrix),
//! random IRs full of hostile text whose names collide freely once cleaned
//! (fastrand, fixed seeds), minimal cases of names that collide with each
//! other or with what the crate defines, and hostile outputs compiled for
//! real in a standalone crate laid out like `generated/` (`cargo check
//! --all-targets`, `cargo doc` with `-D warnings`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Instant;

use codegen::generate::GeneratedFile;
use codegen::ir::{
    EnumValue, Field, Ir, Method, Module, NameOrigin, OneOfGroup, Package, PermissionScope,
    PossibleError, RequestExample, StringFormat, Type, TypeDef, TypeId, TypeKind,
};
use codegen::page::HttpMethod;
use codegen::rust::plan::{CratePlan, RUNTIME_CLIENT_METHODS};
use pulldown_cmark::{BrokenLink, CodeBlockKind, Event, Options, Parser, Tag};
use syn::visit::Visit;

// ---------------------------------------------------------------------------
// Hostile text

/// Text that means something to Rust, rustdoc, markdown, HTML or a terminal,
/// and names that collide with what the emitter writes.
const HOSTILE: &[&str] = &[
    "*/",
    "/*",
    "/**",
    "*/ pub fn injected() {} /*",
    "\"#",
    "\"###",
    "r#\"",
    "\"); pub fn injected() {} (\"",
    "`",
    "``",
    "```",
    "```\nfn main() { panic!(\"doctest\") }\n```",
    "~~~rust\npanic!()\n~~~",
    "]]",
    "[x]",
    "[`Client`]",
    "[link](javascript:alert(1))",
    "![img](https://example.com/x.png)",
    "[^note]",
    "<script>",
    "</script>",
    "<!--",
    "<https://example.com/a>",
    "https://example.com/bare",
    "\\",
    "\\\"",
    "\n",
    "\r",
    "\r\n",
    "\0",
    "\t",
    "\u{7}",
    "\u{1b}[31m",
    "\u{202E}",
    "\u{2066}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{2028}",
    "👩\u{200D}👩\u{200D}👧",
    "e\u{301}\u{301}",
    "ß",
    "İ",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "r#",
    "r#type",
    "_",
    "__",
    "1st",
    "9Lives",
    "0",
    "",
    " ",
    "fooBar",
    "foo_bar",
    "FooBar",
    "FOO_BAR",
    "new",
    "common",
    "runtime",
    "tags",
    "Status",
    "ItemsClient",
    "unknown_fields",
    "Unrecognized",
    "Ok",
    "Some",
    "Option",
    "Box",
    "String",
    "Client",
    "Error",
    "default",
    "as_str",
    "    let injected = 1;",
    "\n\n    let injected = 1;",
    "\n\n```\nlet injected = 1;\n```\n",
    "}",
    "{",
    "#[cfg(any())]",
    "#![allow(warnings)]",
    "# hidden",
    "|",
    "---",
    "> quote",
    "- item",
    "1. item",
    "$",
    "{{",
];

/// Plain words, so that names are not all punctuation.
const WORDS: &[&str] = &[
    "resources",
    "query",
    "Booking",
    "status",
    "createdDate",
    "id",
    "value",
    "x",
];

/// The characters rustc rejects in comments and literals
/// (`text_direction_codepoint_in_*`).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// How an IR slot's text reaches the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Into docs as prose, unsanitized (method names, scope names in the
    /// client docs, example titles in the round-trip tests).
    Prose,
    /// Into docs inside a code span, unsanitized (wire names, enum values,
    /// type, module and npm names, paths, scope ids in the client docs).
    Code,
    /// Into docs as `<url>` (the docs URL).
    Url,
    /// Through the rustdoc sanitizer (descriptions).
    Sanitized,
    /// Only into identifiers or string literals, or nowhere.
    Inert,
}

/// The names of the runtime `Client`'s own methods, from `generated/src/runtime.rs`.
fn runtime_client_methods() -> BTreeSet<String> {
    let text = std::fs::read_to_string(tests::repo_root().join("generated/src/runtime.rs"))
        .expect("the runtime is readable");
    let file = syn::parse_file(&text).expect("the runtime parses");
    let mut methods = BTreeSet::new();
    for item in file.items {
        if let syn::Item::Impl(block) = item {
            let is_client =
                matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
            if is_client && block.trait_.is_none() {
                for item in block.items {
                    if let syn::ImplItem::Fn(f) = item {
                        methods.insert(f.sig.ident.to_string());
                    }
                }
            }
        }
    }
    assert!(methods.contains("new"), "the runtime has `Client::new`");
    methods
}

/// rustc's `non_camel_case_types` rule.
fn is_camel(name: &str) -> bool {
    let name = name.trim_matches('_');
    let chars: Vec<char> = name.chars().collect();
    name.is_empty()
        || (!chars[0].is_lowercase()
            && !name.contains("__")
            && !chars.windows(2).any(|w| {
                (w[0].is_alphabetic() && w[1] == '_') || (w[1].is_alphabetic() && w[0] == '_')
            }))
}

/// rustc's `non_snake_case` rule.
fn is_snake(name: &str) -> bool {
    let name = name.strip_prefix("r#").unwrap_or(name).trim_matches('_');
    !name.contains("__") && !name.chars().any(char::is_uppercase)
}

/// The longest file name common file systems take, in bytes.
const MAX_FILE_NAME: usize = 255;

/// The longest type name whose rustdoc page (`struct.<name>.html`) has a
/// file name common file systems take.
const MAX_TYPE_NAME: usize = MAX_FILE_NAME - "struct..html".len();

// ---------------------------------------------------------------------------
// Random hostile IRs

/// Makes hostile text and IRs from it. Names are new as page text (the IR
/// keys types, modules and methods by their page names); once cleaned they
/// may meet anything, which the emitter must settle.
struct Gen {
    rng: fastrand::Rng,
}

impl Gen {
    fn new(seed: u64) -> Self {
        Gen {
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.rng.usize(..from.len())]
    }

    fn piece(&mut self) -> &'static str {
        if self.rng.u8(..4) == 0 {
            self.pick(WORDS)
        } else {
            self.pick(HOSTILE)
        }
    }

    /// A description, title, path or URL.
    fn raw_text(&mut self) -> String {
        match self.rng.u8(..12) {
            0 => String::new(),
            1 => {
                let piece = self.piece();
                let mut long = String::new();
                while long.len() < 5_000 {
                    long.push_str(piece);
                    long.push_str(self.pick(&[" ", "", "\n", "x"]));
                }
                long
            }
            _ => {
                let mut text = String::new();
                for _ in 0..self.rng.usize(1..=6) {
                    text.push_str(self.piece());
                    text.push_str(self.pick(&[" ", "", "\n", "\n\n", ". ", "\r\n"]));
                }
                text
            }
        }
    }

    /// A name: a type, field, module, method or npm name, or an enum value.
    fn raw_name(&mut self) -> String {
        match self.rng.u8(..12) {
            0 => "a".repeat(300) + self.piece(),
            1 => self.raw_text(),
            _ => {
                let mut name = String::new();
                for _ in 0..self.rng.usize(1..=3) {
                    name.push_str(self.piece());
                }
                name
            }
        }
    }

    /// Hostile text for a slot (every kind of text is covered: the
    /// sanitizer handles all of it).
    fn text(&mut self, _kind: Kind) -> String {
        self.raw_text()
    }

    /// A hostile name for a slot.
    fn name(&mut self, _kind: Kind) -> String {
        self.raw_name()
    }

    /// A hostile name of `kind` that is new to `raw`, which it joins.
    fn fresh(&mut self, kind: Kind, raw: &mut BTreeSet<String>) -> String {
        for n in 0.. {
            let mut name = self.name(kind);
            if n >= 50 {
                name = format!("{}{n}", self.pick(WORDS));
            }
            if raw.insert(name.clone()) {
                return name;
            }
        }
        unreachable!()
    }

    fn maybe_text(&mut self, kind: Kind) -> Option<String> {
        self.rng.bool().then(|| self.text(kind))
    }

    fn scalar(&mut self) -> Type {
        match self.rng.u8(..8) {
            0 => Type::String { format: None },
            1 => Type::String {
                format: Some(StringFormat::DateTime),
            },
            2 => Type::String {
                format: Some(StringFormat::LocalDateTime),
            },
            3 => Type::Integer,
            4 => Type::Number,
            5 => Type::Boolean,
            _ => Type::Object,
        }
    }

    fn field_type(&mut self, types: &[String], depth: u8) -> Type {
        match self.rng.u8(..10) {
            0..=3 => self.scalar(),
            4 | 5 if depth < 2 => Type::Array(Box::new(self.field_type(types, depth + 1))),
            // Scoped by `scope_types` once the modules that reach it are known.
            _ => Type::Ref(TypeId::shared(&types[self.rng.usize(..types.len())])),
        }
    }

    /// An IR that holds together (every reference names a type of its
    /// package, a type lists the modules that reach it) with hostile names
    /// and texts everywhere.
    fn ir(&mut self, packages: usize) -> Ir {
        let mut raw = BTreeSet::new();
        let mut ir = Ir::default();
        for _ in 0..packages {
            let prefix = if self.rng.bool() { "@wix/" } else { "" };
            let npm = self.fresh(Kind::Code, &mut raw);
            ir.packages.push(self.package(format!("{prefix}{npm}")));
        }
        ir.packages.sort_by(|a, b| a.npm.cmp(&b.npm));
        ir.packages.dedup_by(|a, b| a.npm == b.npm);
        ir
    }

    fn package(&mut self, npm: String) -> Package {
        let mut raw_types = BTreeSet::new();
        let mut raw_modules = BTreeSet::new();
        let mut modules = Vec::new();
        let mut objects = Vec::new();
        for _ in 0..self.rng.usize(1..=3) {
            modules.push(Module {
                name: self.fresh(Kind::Code, &mut raw_modules),
                methods: Vec::new(),
            });
        }
        for _ in 0..self.rng.usize(..=3) {
            objects.push(self.fresh(Kind::Code, &mut raw_types));
        }
        let enums: Vec<String> = (0..self.rng.usize(..=2))
            .map(|_| self.fresh(Kind::Code, &mut raw_types))
            .collect();
        let mut raw_ops = BTreeSet::new();
        for module in &mut modules {
            for _ in 0..self.rng.usize(1..=2) {
                let request = if self.rng.bool() {
                    // As the IR names request bodies.
                    let name = format!("{}Request", self.name(Kind::Code));
                    if raw_types.insert(name.clone()) {
                        name
                    } else {
                        self.fresh(Kind::Code, &mut raw_types)
                    }
                } else {
                    self.fresh(Kind::Code, &mut raw_types)
                };
                objects.push(request.clone());
                let response = objects[self.rng.usize(..objects.len())].clone();
                // Operation ids may repeat across modules, as on real pages.
                let operation_id = self.fresh(Kind::Inert, &mut raw_ops);
                if self.rng.u8(..4) == 0 {
                    raw_ops.clear();
                }
                let method = self.method(operation_id, request, response);
                module.methods.push(method);
            }
            module.methods.sort_by(|a, b| a.name.cmp(&b.name));
        }
        let all: Vec<String> = objects.iter().chain(&enums).cloned().collect();
        let mut types = Vec::new();
        for name in &objects {
            let kind = self.object(&all);
            types.push(self.type_def(name, kind));
        }
        for name in &enums {
            let mut raw_values = BTreeSet::new();
            let values = (0..self.rng.usize(..=4))
                .map(|_| EnumValue {
                    name: self.fresh(Kind::Code, &mut raw_values),
                    description: self.maybe_text(Kind::Sanitized),
                })
                .collect();
            types.push(self.type_def(name, TypeKind::Enum { values }));
        }
        types.sort_by(|a, b| a.name.cmp(&b.name));
        modules.sort_by(|a, b| a.name.cmp(&b.name));
        let mut package = Package {
            npm,
            modules,
            types,
        };
        scope_types(&mut package);
        package
    }

    fn object(&mut self, types: &[String]) -> TypeKind {
        let mut raw = BTreeSet::new();
        let mut fields: Vec<Field> = Vec::new();
        for _ in 0..self.rng.usize(..=5) {
            let name = self.fresh(Kind::Code, &mut raw);
            fields.push(Field {
                name,
                ty: self.field_type(types, 0),
                description: self.maybe_text(Kind::Sanitized),
                required: self.rng.u8(..4) == 0,
                constraints: Vec::new(),
            });
        }
        let one_of_groups = if fields.len() >= 2 && self.rng.u8(..3) == 0 {
            vec![OneOfGroup {
                members: fields[..2].iter().map(|f| f.name.clone()).collect(),
                required: self.rng.bool(),
            }]
        } else {
            Vec::new()
        };
        TypeKind::Object {
            fields,
            one_of_groups,
        }
    }

    fn method(&mut self, operation_id: String, request: String, response: String) -> Method {
        Method {
            name: self.name(Kind::Prose),
            operation_id,
            description: self.text(Kind::Sanitized),
            http_method: match self.rng.u8(..5) {
                0 => HttpMethod::Get,
                1 => HttpMethod::Post,
                2 => HttpMethod::Put,
                3 => HttpMethod::Patch,
                _ => HttpMethod::Delete,
            },
            host: self.text(Kind::Inert),
            path: self.text(Kind::Code),
            docs_url: if self.rng.bool() {
                format!("https://dev.wix.com/docs/{}", self.rng.u32(..))
            } else {
                self.text(Kind::Url)
            },
            permission_scopes: (0..self.rng.usize(..3))
                .map(|_| PermissionScope {
                    name: self.text(Kind::Prose),
                    id: self.text(Kind::Code),
                })
                .collect(),
            request,
            response,
            source: self.text(Kind::Inert),
            required_paths: vec![self.text(Kind::Inert)],
            request_examples: (0..self.rng.usize(..3))
                .map(|_| RequestExample {
                    title: self.text(Kind::Prose),
                    body: serde_json::json!({ self.raw_name(): self.raw_text() }),
                })
                .collect(),
            possible_errors: (0..self.rng.usize(..4))
                .map(|_| PossibleError {
                    http_code: self.rng.u16(..),
                    status_code: self.text(Kind::Code),
                    code: self.raw_name(),
                    description: self.text(Kind::Sanitized),
                })
                .collect(),
        }
    }

    fn type_def(&mut self, name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            module: None,
            name_origin: NameOrigin::Documented,
            kind,
            modules: Vec::new(),
            occurrences: vec![self.raw_text()],
        }
    }
}

/// Puts each type of a package whose types are all named `None`-scoped (and
/// refer to each other by name) where the IR builder would: a type one module
/// reaches belongs to it; one several modules (or none) reach is shared, with
/// what it refers to. Refs name the scoped types, and the types are sorted by
/// id, as the IR keeps them.
fn scope_types(package: &mut Package) {
    reach_modules(package);
    let mut shared: BTreeSet<String> = package
        .types
        .iter()
        .filter(|t| t.modules.len() != 1)
        .map(|t| t.name.clone())
        .collect();
    let mut todo: Vec<String> = shared.iter().cloned().collect();
    while let Some(name) = todo.pop() {
        let Some(ty) = package.types.iter().find(|t| t.name == name) else {
            continue;
        };
        if let TypeKind::Object { fields, .. } = &ty.kind {
            for field in fields {
                if let Some(target) = field.ty.referenced() {
                    if shared.insert(target.name.clone()) {
                        todo.push(target.name.clone());
                    }
                }
            }
        }
    }
    let scope: BTreeMap<String, Option<String>> = package
        .types
        .iter()
        .map(|t| {
            let module = (!shared.contains(&t.name)).then(|| t.modules[0].clone());
            (t.name.clone(), module)
        })
        .collect();
    let id = |id: &TypeId| TypeId {
        module: scope.get(&id.name).cloned().flatten(),
        name: id.name.clone(),
    };
    for ty in &mut package.types {
        ty.module = scope[&ty.name].clone();
        if let TypeKind::Object { fields, .. } = &mut ty.kind {
            for field in fields {
                field.ty = field.ty.map_refs(&id);
            }
        }
    }
    package.types.sort_by(|a, b| a.id().cmp(&b.id()));
}

/// Sets each type's `modules` to the modules whose methods reach it, as the
/// IR builder does.
fn reach_modules(package: &mut Package) {
    let mut reached: Vec<BTreeSet<String>> = vec![BTreeSet::new(); package.types.len()];
    let index = |name: &str| package.types.iter().position(|t| t.name == name);
    for module in &package.modules {
        let mut stack: Vec<String> = module
            .methods
            .iter()
            .flat_map(|m| [m.request.clone(), m.response.clone()])
            .collect();
        while let Some(name) = stack.pop() {
            let Some(i) = index(&name) else { continue };
            if !reached[i].insert(module.name.clone()) {
                continue;
            }
            if let TypeKind::Object { fields, .. } = &package.types[i].kind {
                for field in fields {
                    let mut ty = &field.ty;
                    while let Type::Array(inner) = ty {
                        ty = inner;
                    }
                    if let Type::Ref(target) = ty {
                        stack.push(target.name.clone());
                    }
                }
            }
        }
    }
    for (ty, modules) in package.types.iter_mut().zip(reached) {
        ty.modules = modules.into_iter().collect();
    }
}

// ---------------------------------------------------------------------------
// Checks of one emitted file

/// The attribute paths the emitter writes (and `rustfmt::skip`, which keeps
/// `cargo fmt` off generated files).
const ATTRIBUTES: &[&str] = &["doc", "derive", "cfg", "allow"];

/// The derives the emitter writes.
const DERIVES: &[&str] = &[
    "Debug",
    "Clone",
    "Copy",
    "PartialEq",
    "Eq",
    "Hash",
    "Default",
];

/// The runtime helpers a struct's `Serialize` and `Deserialize` impls call
/// on `object`, the wire name first.
const FIELD_HELPERS: &[&str] = &[
    "required",
    "optional",
    "required_timestamp",
    "optional_timestamp",
];

/// What the emitted code may contain, from the IR.
struct Expected {
    /// Every field's wire name.
    wire_names: BTreeSet<String>,
    /// Every enum value, method path, application error code and field
    /// wire name (the query accessors join wire names into paths): the
    /// string literals in code.
    code_strings: BTreeSet<String>,
}

impl Expected {
    fn of(ir: &Ir) -> Self {
        let mut expected = Expected {
            wire_names: BTreeSet::new(),
            code_strings: BTreeSet::new(),
        };
        for package in &ir.packages {
            for method in package.modules.iter().flat_map(|m| &m.methods) {
                expected.code_strings.insert(method.path.clone());
                expected
                    .code_strings
                    .extend(method.possible_errors.iter().map(|e| e.code.clone()));
            }
            for ty in &package.types {
                match &ty.kind {
                    TypeKind::Object { fields, .. } => {
                        expected
                            .wire_names
                            .extend(fields.iter().map(|f| f.name.clone()));
                        expected
                            .code_strings
                            .extend(fields.iter().map(|f| f.name.clone()));
                    }
                    TypeKind::Enum { values } => {
                        expected
                            .code_strings
                            .extend(values.iter().map(|v| v.name.clone()));
                    }
                }
            }
        }
        expected
    }
}

/// Which file the emitter made.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    /// `generated/src/lib.rs`: its docs hold the one intended example.
    Lib,
    /// A package's or SDK module's source file.
    Module,
    /// A file of the round-trip tests (`generated/tests/`).
    Test,
}

/// What one file defines, for the checks across files.
#[derive(Default)]
struct Defined {
    /// `mod x;` declarations (without `r#`).
    mods: Vec<String>,
    /// Names in the type namespace: structs, enums, modules, `use`d names.
    types: Vec<String>,
    /// Functions.
    fns: Vec<String>,
    /// Inherent impls: the type as written and its methods.
    impls: Vec<(String, Vec<String>)>,
    /// Each struct's derives.
    derives: BTreeMap<String, Vec<String>>,
    /// Paths starting with `wix_apis` (in tests).
    crate_paths: Vec<Vec<String>>,
}

/// Walks one emitted file's syntax tree and records what is wrong.
struct Walk<'a> {
    kind: FileKind,
    problems: Vec<String>,
    /// Every wire name of a field: the first argument of each call of a
    /// field helper on `object` in the structs' serde impls.
    renames: Vec<String>,
    /// Every string literal in code (not in attributes).
    strings: Vec<String>,
    defined: &'a mut Defined,
    /// Nesting depth of items (0: the file's own items).
    depth: usize,
    /// The inline modules the walk is in (test files only have them).
    mod_path: Vec<String>,
}

/// Cargo's rule for feature names.
fn cargo_feature_name(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-+.".contains(c))
}

fn bare(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").unwrap_or(&text).to_owned()
}

/// A path as written, without spaces or generics: `::serde::Serialize`.
fn path_text(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let prefix = if path.leading_colon.is_some() {
        "::"
    } else {
        ""
    };
    format!("{prefix}{}", segments.join("::"))
}

/// The string value of `#[doc = "..."]`.
fn doc_string(attr: &syn::Attribute) -> Option<String> {
    match &attr.meta {
        syn::Meta::NameValue(syn::MetaNameValue {
            path,
            value:
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }),
            ..
        }) if path.is_ident("doc") => Some(s.value()),
        _ => None,
    }
}

/// Every name a `use` tree brings in.
fn use_names(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree, out),
        syn::UseTree::Name(n) => out.push(bare(&n.ident)),
        syn::UseTree::Rename(r) => out.push(bare(&r.rename)),
        syn::UseTree::Glob(_) => out.push("*".to_owned()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
    }
}

impl Walk<'_> {
    fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    fn attribute(&mut self, attr: &syn::Attribute) {
        let path = path_text(attr.path());
        let allowed = ATTRIBUTES.contains(&path.as_str())
            || path == "rustfmt::skip"
            || (self.kind == FileKind::Test && ["test", "path"].contains(&path.as_str()));
        if !allowed {
            self.problem(format!("unexpected attribute `#[{path}]`"));
            return;
        }
        let result = match path.as_str() {
            "doc" => match doc_string(attr) {
                Some(_) => Ok(()),
                None => Err(syn::Error::new_spanned(attr, "not a string")),
            },
            "derive" => attr.parse_nested_meta(|meta| {
                let derive = path_text(&meta.path);
                if DERIVES.contains(&derive.as_str()) {
                    Ok(())
                } else {
                    Err(meta.error(format!("unexpected derive `{derive}`")))
                }
            }),
            "cfg" => attr.parse_nested_meta(|meta| {
                // `any(feature = "...", ...)` gates a package module.
                if meta.path.is_ident("any") {
                    return meta.parse_nested_meta(|feature| {
                        let value = feature.value()?.parse::<syn::LitStr>()?.value();
                        if feature.path.is_ident("feature") && cargo_feature_name(&value) {
                            Ok(())
                        } else {
                            Err(feature.error(format!("cfg {value:?} is no Cargo feature")))
                        }
                    });
                }
                let value = meta.value()?.parse::<syn::LitStr>()?.value();
                if meta.path.is_ident("feature") && cargo_feature_name(&value) {
                    Ok(())
                } else {
                    Err(meta.error(format!("cfg {value:?} is no Cargo feature")))
                }
            }),
            "path" => match &attr.meta {
                syn::Meta::NameValue(syn::MetaNameValue {
                    value:
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }),
                    ..
                }) if s.value().starts_with("roundtrip/") => Ok(()),
                _ => Err(syn::Error::new_spanned(attr, "an unexpected module path")),
            },
            // Lint names are paths of identifiers, which `visit_ident` checks.
            _ => Ok(()),
        };
        if let Err(error) = result {
            self.problem(format!("attribute `#[{path}]`: {error}"));
        }
    }

    /// Checks the docs `attrs` give one item.
    fn docs(&mut self, attrs: &[syn::Attribute], what: &str) {
        let fragments: Vec<String> = attrs.iter().filter_map(doc_string).collect();
        if fragments.is_empty() {
            return;
        }
        let intended_example = self.kind == FileKind::Lib && what == "the crate";
        for problem in doc_problems(&rustdoc_text(&fragments), intended_example) {
            self.problem(format!("docs of {what}: {problem}"));
        }
    }

    fn camel(&mut self, ident: &syn::Ident, what: &str) {
        if ident.to_string().len() > MAX_TYPE_NAME && what != "variant" {
            self.problem(format!(
                "{what} `{ident}`: its rustdoc page has a file name longer than {MAX_FILE_NAME} bytes"
            ));
        }
        if !is_camel(&ident.to_string()) {
            self.problem(format!("{what} `{ident}` is not camel case (rustc warns)"));
        }
    }

    fn snake(&mut self, ident: &syn::Ident, what: &str) {
        if !is_snake(&ident.to_string()) {
            self.problem(format!("{what} `{ident}` is not snake case (rustc warns)"));
        }
    }
}

impl<'ast> Visit<'ast> for Walk<'_> {
    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        self.attribute(attr);
    }

    fn visit_ident(&mut self, ident: &'ast syn::Ident) {
        let text = bare(ident);
        if text.is_empty()
            || text.starts_with(|c: char| c.is_ascii_digit())
            || !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.problem(format!("identifier {:?}", ident.to_string()));
        }
    }

    fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
        self.strings.push(lit.value());
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.segments.first().is_some_and(|s| s.ident == "wix_apis") {
            self.defined
                .crate_paths
                .push(path.segments.iter().map(|s| bare(&s.ident)).collect());
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_file(&mut self, file: &'ast syn::File) {
        self.docs(&file.attrs, "the crate");
        syn::visit::visit_file(self, file);
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        let top = self.depth == 0;
        let (attrs, what) = match item {
            syn::Item::Struct(s) => {
                self.camel(&s.ident, "struct");
                if top {
                    self.defined.types.push(bare(&s.ident));
                    let derives = s
                        .attrs
                        .iter()
                        .filter(|a| a.path().is_ident("derive"))
                        .flat_map(|a| {
                            let mut paths = Vec::new();
                            let _ = a.parse_nested_meta(|meta| {
                                paths.push(path_text(&meta.path));
                                Ok(())
                            });
                            paths
                        })
                        .collect();
                    self.defined.derives.insert(bare(&s.ident), derives);
                }
                (&s.attrs, format!("struct {}", s.ident))
            }
            syn::Item::Enum(e) => {
                self.camel(&e.ident, "enum");
                if top {
                    self.defined.types.push(bare(&e.ident));
                }
                (&e.attrs, format!("enum {}", e.ident))
            }
            syn::Item::Impl(i) => {
                if i.unsafety.is_some() {
                    self.problem("an unsafe impl".to_owned());
                }
                if let (None, syn::Type::Path(target)) = (&i.trait_, &*i.self_ty) {
                    let fns = i
                        .items
                        .iter()
                        .filter_map(|item| match item {
                            syn::ImplItem::Fn(f) => Some(bare(&f.sig.ident)),
                            _ => None,
                        })
                        .collect();
                    self.defined.impls.push((path_text(&target.path), fns));
                }
                (&i.attrs, "an impl".to_owned())
            }
            syn::Item::Fn(f) => {
                self.snake(&f.sig.ident, "fn");
                // A test's path names its inline modules.
                if self.depth == self.mod_path.len() {
                    let mut path = self.mod_path.clone();
                    path.push(bare(&f.sig.ident));
                    self.defined.fns.push(path.join("::"));
                }
                (&f.attrs, format!("fn {}", f.sig.ident))
            }
            syn::Item::Use(u) => {
                if top {
                    use_names(&u.tree, &mut self.defined.types);
                }
                (&u.attrs, "a use".to_owned())
            }
            syn::Item::Mod(m) => {
                if m.content.is_some() {
                    if self.kind == FileKind::Test && self.depth == self.mod_path.len() {
                        self.snake(&m.ident, "module");
                        self.docs(&m.attrs, &format!("mod {}", m.ident));
                        self.mod_path.push(bare(&m.ident));
                        self.depth += 1;
                        syn::visit::visit_item(self, item);
                        self.depth -= 1;
                        self.mod_path.pop();
                        return;
                    }
                    self.problem(format!("an inline module {}", m.ident));
                }
                self.snake(&m.ident, "module");
                if top {
                    self.defined.mods.push(bare(&m.ident));
                    self.defined.types.push(bare(&m.ident));
                }
                (&m.attrs, format!("mod {}", m.ident))
            }
            other => {
                self.problem(format!("an unexpected item: {}", item_kind(other)));
                return;
            }
        };
        self.docs(attrs, &what);
        self.depth += 1;
        syn::visit::visit_item(self, item);
        self.depth -= 1;
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        match item {
            syn::ImplItem::Fn(f) => {
                self.snake(&f.sig.ident, "method");
                self.docs(&f.attrs, &format!("fn {}", f.sig.ident));
                syn::visit::visit_impl_item(self, item);
            }
            _ => self.problem("an impl item that is not a fn".to_owned()),
        }
    }

    fn visit_signature(&mut self, sig: &'ast syn::Signature) {
        if sig.unsafety.is_some() || sig.abi.is_some() || sig.constness.is_some() {
            self.problem(format!("fn {} is unsafe, extern or const", sig.ident));
        }
        syn::visit::visit_signature(self, sig);
    }

    fn visit_field(&mut self, field: &'ast syn::Field) {
        let what = match &field.ident {
            Some(ident) => {
                self.snake(ident, "field");
                format!("field {ident}")
            }
            None => "a tuple field".to_owned(),
        };
        self.docs(&field.attrs, &what);
        syn::visit::visit_field(self, field);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let on_object = matches!(&*call.receiver, syn::Expr::Path(p) if p.path.is_ident("object"));
        if on_object && FIELD_HELPERS.contains(&call.method.to_string().as_str()) {
            match call.args.first() {
                Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(wire),
                    ..
                })) => self.renames.push(wire.value()),
                _ => self.problem(format!("`object.{}` without a wire name", call.method)),
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_variant(&mut self, variant: &'ast syn::Variant) {
        self.camel(&variant.ident, "variant");
        self.docs(&variant.attrs, &format!("variant {}", variant.ident));
        syn::visit::visit_variant(self, variant);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = path_text(&mac.path);
        // Only the test files' assertions; nothing from a page.
        if !(self.kind == FileKind::Test && ["panic", "assert_eq"].contains(&name.as_str())) {
            self.problem(format!("a macro call `{name}!`"));
        }
        syn::visit::visit_macro(self, mac);
    }

    fn visit_expr_unsafe(&mut self, _: &'ast syn::ExprUnsafe) {
        self.problem("an unsafe block".to_owned());
    }
}

fn item_kind(item: &syn::Item) -> &'static str {
    match item {
        syn::Item::Const(_) => "const",
        syn::Item::ExternCrate(_) => "extern crate",
        syn::Item::ForeignMod(_) => "extern block",
        syn::Item::Macro(_) => "macro",
        syn::Item::Static(_) => "static",
        syn::Item::Trait(_) => "trait",
        syn::Item::TraitAlias(_) => "trait alias",
        syn::Item::Type(_) => "type alias",
        syn::Item::Union(_) => "union",
        syn::Item::Verbatim(_) => "verbatim tokens",
        _ => "other",
    }
}

/// The markdown rustdoc reads from an item's doc fragments: each fragment's
/// lines with the indentation they all share removed (rustdoc's
/// `unindent_doc_fragments`), each fragment ending in a line break.
fn rustdoc_text(fragments: &[String]) -> String {
    let indent = fragments
        .iter()
        .flat_map(|f| f.lines())
        .filter(|line| line.chars().any(|c| !c.is_whitespace()))
        .map(|line| line.chars().take_while(|&c| c == ' ' || c == '\t').count())
        .min()
        .unwrap_or(0);
    let mut text = String::new();
    for fragment in fragments {
        for line in fragment.lines() {
            if line.chars().any(|c| !c.is_whitespace()) {
                text.extend(line.chars().skip(indent));
            } else {
                text.push_str(line);
            }
            text.push('\n');
        }
    }
    text
}

/// What rustdoc could make of one item's docs that the emitter did not mean:
/// a doctest (a code block rustdoc compiles), HTML, an image or footnote, a
/// link to anything but an `http(s)` URL, an intra-doc link that is not a
/// Rust path, a control or bidi character. `intended_example` allows the
/// crate docs' one `no_run` example.
fn doc_problems(doc: &str, intended_example: bool) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(c) = doc
        .chars()
        .find(|&c| (c.is_control() && c != '\n' && c != '\t') || is_bidi(c))
    {
        problems.push(format!("the character {c:?}"));
    }
    let mut broken = Vec::new();
    let mut examples = 0;
    {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_SMART_PUNCTUATION;
        let callback = |link: BrokenLink<'_>| {
            broken.push(link.reference.to_string());
            None
        };
        for event in Parser::new_with_broken_link_callback(doc, options, Some(callback)) {
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match &kind {
                        CodeBlockKind::Indented => String::new(),
                        CodeBlockKind::Fenced(info) => info.to_string(),
                    };
                    if intended_example && info == "no_run" {
                        examples += 1;
                    } else if is_doctest(&kind) {
                        problems.push(format!("a doctest (code block {info:?})"));
                    }
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    problems.push(format!("HTML {:?}", html.to_string()));
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    problems.push(format!("an image {:?}", dest_url.to_string()));
                }
                Event::Start(Tag::FootnoteDefinition(_)) | Event::FootnoteReference(_) => {
                    problems.push("a footnote".to_owned());
                }
                Event::Start(Tag::Link { dest_url, .. })
                    if !(dest_url.starts_with("https://") || dest_url.starts_with("http://")) =>
                {
                    problems.push(format!("a link to {:?}", dest_url.to_string()));
                }
                _ => {}
            }
        }
    }
    if examples > 1 {
        problems.push(format!("{examples} examples"));
    }
    for reference in broken {
        if !is_intra_doc_path(&reference) {
            problems.push(format!("an intra-doc link {reference:?}"));
        }
    }
    problems
}

/// Whether rustdoc compiles a code block of this kind as a doctest.
fn is_doctest(kind: &CodeBlockKind<'_>) -> bool {
    match kind {
        CodeBlockKind::Indented => true,
        CodeBlockKind::Fenced(info) => info
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|word| !word.is_empty())
            .all(|word| {
                matches!(
                    word,
                    "rust"
                        | "no_run"
                        | "should_panic"
                        | "compile_fail"
                        | "test_harness"
                        | "edition2015"
                        | "edition2018"
                        | "edition2021"
                        | "edition2024"
                ) || word.starts_with('{')
            }),
    }
}

/// `` `a::b::C` ``: an intra-doc link the emitter writes on purpose.
fn is_intra_doc_path(reference: &str) -> bool {
    let Some(path) = reference
        .strip_prefix('`')
        .and_then(|r| r.strip_suffix('`'))
    else {
        return false;
    };
    path.split("::").all(|segment| {
        let bare = segment.strip_prefix("r#").unwrap_or(segment);
        !bare.is_empty()
            && !bare.starts_with(|c: char| c.is_ascii_digit())
            && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Every problem of one emitted file; what it defines goes to `defined`.
fn file_problems(
    file: &GeneratedFile,
    kind: FileKind,
    expected: &Expected,
    renames: &mut Vec<String>,
    defined: &mut Defined,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut chars = file.contents.chars().peekable();
    while let Some(c) = chars.next() {
        // CRLF is read as a line break; anything else is in a comment or
        // string where rustc or a terminal takes it badly.
        let crlf = c == '\r' && chars.peek() == Some(&'\n');
        if ((c.is_control() && c != '\n' && c != '\t') || is_bidi(c)) && !crlf {
            problems.push(format!("the raw character {c:?} in the source"));
            break;
        }
    }
    let syntax = match syn::parse_file(&file.contents) {
        Ok(syntax) => syntax,
        Err(error) => {
            problems.push(format!("does not parse: {error}"));
            return problems;
        }
    };
    let mut walk = Walk {
        kind,
        problems: Vec::new(),
        renames: Vec::new(),
        strings: Vec::new(),
        defined,
        depth: 0,
        mod_path: Vec::new(),
    };
    walk.visit_file(&syntax);
    problems.append(&mut walk.problems);
    if kind != FileKind::Test {
        for rename in &walk.renames {
            if !expected.wire_names.contains(rename) {
                problems.push(format!("field helper's name {rename:?} is no wire name"));
            }
        }
        for string in &walk.strings {
            if !expected.code_strings.contains(string) {
                problems.push(format!(
                    "string literal {string:?} is no enum value or path"
                ));
            }
        }
    }
    renames.append(&mut walk.renames);
    problems
}

// ---------------------------------------------------------------------------
// Checks across files

/// The module path of a source file: `generated/src/things/items.rs` ->
/// `things::items`.
fn module_path(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix("generated/src/")?.strip_suffix(".rs")?;
    let mut segments: Vec<String> = rest.split('/').map(str::to_owned).collect();
    if segments == ["lib"] {
        return Some(Vec::new());
    }
    if segments.last().is_some_and(|s| s == "mod") {
        segments.pop();
    }
    Some(segments)
}

/// The crate example in lib.rs's docs, as code (hidden lines shown).
fn example_code(lib_rs: &str) -> Option<String> {
    let syntax = syn::parse_file(lib_rs).ok()?;
    let fragments: Vec<String> = syntax.attrs.iter().filter_map(doc_string).collect();
    let docs = rustdoc_text(&fragments);
    let start = docs.find("```no_run\n")? + "```no_run\n".len();
    let end = start + docs[start..].find("```")?;
    let code: Vec<&str> = docs[start..end]
        .lines()
        .map(|line| {
            if line == "#" {
                ""
            } else {
                line.strip_prefix("# ").unwrap_or(line)
            }
        })
        .collect();
    Some(code.join("\n"))
}

/// The method calls in `code`.
fn method_calls(code: &str) -> Vec<String> {
    struct Calls(Vec<String>);
    impl<'ast> Visit<'ast> for Calls {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            self.0.push(bare(&call.method));
            syn::visit::visit_expr_method_call(self, call);
        }
    }
    let mut calls = Calls(Vec::new());
    if let Ok(file) = syn::parse_file(code) {
        calls.visit_file(&file);
    }
    calls.0
}

/// The problems of the files together: names defined twice, `mod`s without
/// files or files without `mod`s, paths in the tests and the crate example
/// that name nothing.
fn crate_problems(
    modules: &BTreeMap<Vec<String>, Defined>,
    tests: &Defined,
    example: Option<(&str, &Defined)>,
    client_methods: &BTreeSet<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut methods: BTreeMap<String, Vec<String>> = BTreeMap::new();
    methods.insert(
        "runtime::Client".to_owned(),
        client_methods.iter().cloned().collect(),
    );
    for (path, defined) in modules {
        let shown = format!("crate::{}", path.join("::"));
        let mut seen = BTreeSet::new();
        for name in &defined.types {
            if !seen.insert(name) {
                problems.push(format!("{shown}: `{name}` is defined twice"));
            }
        }
        let mut seen = BTreeSet::new();
        for name in &defined.fns {
            if !seen.insert(name) {
                problems.push(format!("{shown}: fn `{name}` is defined twice"));
            }
        }
        for module in &defined.mods {
            let mut child = path.clone();
            child.push(module.clone());
            if !modules.contains_key(&child) && (!path.is_empty() || module != "runtime") {
                problems.push(format!("{shown}: `mod {module};` has no file"));
            }
        }
        if let Some((name, parent)) = path.split_last() {
            if !modules.get(parent).is_some_and(|p| p.mods.contains(name)) {
                problems.push(format!("{shown}: its file is not declared as a module"));
            }
        }
        for (target, fns) in &defined.impls {
            let target = target.strip_prefix("crate::").map_or_else(
                || {
                    let mut full = path.clone();
                    full.push(target.clone());
                    full.join("::")
                },
                str::to_owned,
            );
            methods
                .entry(target)
                .or_default()
                .extend(fns.iter().cloned());
        }
    }
    for (target, fns) in &methods {
        let mut seen = BTreeSet::new();
        for name in fns {
            if !seen.insert(name) {
                problems.push(format!("`{target}::{name}` is defined twice"));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for name in &tests.fns {
        if !seen.insert(name) {
            problems.push(format!("the tests: fn `{name}` is defined twice"));
        }
    }
    let mut paths: Vec<(&str, &Vec<String>)> =
        tests.crate_paths.iter().map(|p| ("the tests", p)).collect();
    if let Some((_, defined)) = example {
        paths.extend(defined.crate_paths.iter().map(|p| ("the crate example", p)));
    }
    for (place, path) in paths {
        // `wix_apis::a::b::Type` or `wix_apis::a::b::Type::default`.
        let mut module = Vec::new();
        let mut rest = path[1..].iter();
        let mut next = rest.next();
        while let Some(segment) = next {
            let mut deeper = module.clone();
            deeper.push(segment.clone());
            if !modules.contains_key(&deeper) {
                break;
            }
            module = deeper;
            next = rest.next();
        }
        let Some(item) = next else { continue };
        let defined = &modules[&module];
        // A type the module re-exports from its package's `common`.
        let common = module.split_last().and_then(|(_, parent)| {
            let mut common = parent.to_vec();
            common.push("common".to_owned());
            modules.get(&common)
        });
        let derives = defined
            .derives
            .get(item)
            .or_else(|| common.and_then(|c| c.derives.get(item)));
        if !defined.types.contains(item) {
            problems.push(format!("{place} use `{}`: no such item", path.join("::")));
        } else if rest.next().is_some_and(|f| f == "default")
            && !derives.is_some_and(|d| d.iter().any(|d| d == "Default"))
        {
            problems.push(format!("{place} call `{}`: no `Default`", path.join("::")));
        }
    }
    if let Some((code, _)) = example {
        let known: BTreeSet<&String> = methods.values().flatten().collect();
        for call in method_calls(code) {
            if !known.contains(&call) {
                problems.push(format!(
                    "the crate example calls `.{call}()`: no such method"
                ));
            }
        }
    }
    problems
}

/// Emits `ir` and returns every problem, each with the file it is in.
fn ir_problems(ir: &Ir, client_methods: &BTreeSet<String>) -> Vec<String> {
    let emitted = catch_unwind(AssertUnwindSafe(|| {
        (
            codegen::rust::rust_files(ir),
            codegen::rust::roundtrip_tests(ir),
        )
    }));
    let (files, test_files) = match emitted {
        Ok(emitted) => emitted,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            return vec![format!("the emitter panicked: {message}")];
        }
    };
    let expected = Expected::of(ir);
    let mut problems = Vec::new();
    let mut renames = Vec::new();
    let mut modules = BTreeMap::new();
    let mut example = None;
    for file in files.iter().chain(&test_files) {
        if file.path.split('/').any(|name| name.len() > MAX_FILE_NAME) {
            problems.push(format!(
                "{}: a file name longer than {MAX_FILE_NAME} bytes",
                file.path
            ));
        }
    }
    for file in &files {
        let Some(path) = module_path(&file.path) else {
            problems.push(format!("{}: outside generated/src/", file.path));
            continue;
        };
        let kind = if path.is_empty() {
            FileKind::Lib
        } else {
            FileKind::Module
        };
        let mut defined = Defined::default();
        for problem in file_problems(file, kind, &expected, &mut renames, &mut defined) {
            problems.push(format!("{}: {problem}", file.path));
        }
        if kind == FileKind::Lib {
            example = example_code(&file.contents);
        }
        if modules.insert(path, defined).is_some() {
            problems.push(format!("{}: written twice", file.path));
        }
    }
    let mut tests = Defined::default();
    for file in &test_files {
        for problem in file_problems(file, FileKind::Test, &expected, &mut Vec::new(), &mut tests) {
            problems.push(format!("{}: {problem}", file.path));
        }
    }
    let example = example.map(|code| {
        let mut defined = Defined::default();
        match syn::parse_file(&code) {
            Ok(file) => Walk {
                kind: FileKind::Test,
                problems: Vec::new(),
                renames: Vec::new(),
                strings: Vec::new(),
                defined: &mut defined,
                depth: 0,
                mod_path: Vec::new(),
            }
            .visit_file(&file),
            Err(error) => problems.push(format!("the crate example does not parse: {error}")),
        }
        (code, defined)
    });
    if problems.iter().any(|p| p.contains("does not parse")) {
        // What the file holds is unknown, so the checks across files would
        // only repeat that.
        return problems;
    }
    problems.extend(crate_problems(
        &modules,
        &tests,
        example
            .as_ref()
            .map(|(code, defined)| (code.as_str(), defined)),
        client_methods,
    ));
    let renames: BTreeSet<String> = renames.into_iter().collect();
    for wire in expected.wire_names.difference(&renames) {
        problems.push(format!("the wire name {wire:?} is not on the wire"));
    }
    problems
}

// ---------------------------------------------------------------------------
// A small IR and the places hostile text goes

/// A small IR as the pages give it: two SDK modules of one package, a type
/// they share, an enum, a timestamp, arrays, a one-of group, a curl example.
fn base_ir() -> Ir {
    let field = |name: &str, ty: Type, required: bool| Field {
        name: name.to_owned(),
        ty,
        description: Some(format!("The {name}.")),
        required,
        constraints: Vec::new(),
    };
    let object = |name: &str, fields: Vec<Field>, groups: Vec<OneOfGroup>| TypeDef {
        name: name.to_owned(),
        module: None,
        name_origin: NameOrigin::Documented,
        kind: TypeKind::Object {
            fields,
            one_of_groups: groups,
        },
        modules: Vec::new(),
        occurrences: Vec::new(),
    };
    let method = |name: &str, op: &str, path: &str, request: &str, response: &str| Method {
        name: name.to_owned(),
        operation_id: op.to_owned(),
        description: format!("Does {name}."),
        http_method: HttpMethod::Post,
        host: "www.wixapis.com".to_owned(),
        path: path.to_owned(),
        docs_url: format!("https://dev.wix.com/docs/{op}.md"),
        permission_scopes: vec![PermissionScope {
            name: "Manage Things".to_owned(),
            id: "SCOPE.THINGS.MANAGE".to_owned(),
        }],
        request: request.to_owned(),
        response: response.to_owned(),
        source: format!("specs/{op}.md"),
        required_paths: Vec::new(),
        request_examples: vec![RequestExample {
            title: "An example".to_owned(),
            body: serde_json::json!({"query": {"limit": 1}}),
        }],
        possible_errors: vec![
            PossibleError {
                http_code: 404,
                status_code: "NOT_FOUND".to_owned(),
                code: "THING_NOT_FOUND".to_owned(),
                description: "No such thing.".to_owned(),
            },
            PossibleError {
                http_code: 428,
                status_code: "FAILED_PRECONDITION".to_owned(),
                code: "THING_NOT_FOUND".to_owned(),
                description: "The thing went away.".to_owned(),
            },
        ],
    };
    let mut package = Package {
        npm: "@wix/things".to_owned(),
        modules: vec![
            Module {
                name: "items".to_owned(),
                methods: vec![method(
                    "QueryItems",
                    "queryItems",
                    "/things/v1/items/query",
                    "QueryItemsRequest",
                    "QueryItemsResponse",
                )],
            },
            Module {
                name: "tags".to_owned(),
                methods: vec![method(
                    "ListTags",
                    "listTags",
                    "/things/v1/tags/{paging.limit}",
                    "ListTagsRequest",
                    "ListTagsResponse",
                )],
            },
        ],
        types: vec![
            object(
                "Item",
                vec![
                    field("name", Type::String { format: None }, false),
                    field("status", Type::Ref(TypeId::shared("Status")), false),
                ],
                Vec::new(),
            ),
            object(
                "ListTagsRequest",
                vec![field("paging", Type::Ref(TypeId::shared("Paging")), false)],
                Vec::new(),
            ),
            object(
                "ListTagsResponse",
                vec![field(
                    "tags",
                    Type::Array(Box::new(Type::String { format: None })),
                    false,
                )],
                Vec::new(),
            ),
            object(
                "Paging",
                vec![field("limit", Type::Integer, false)],
                Vec::new(),
            ),
            object(
                "QueryItemsRequest",
                vec![
                    field("paging", Type::Ref(TypeId::shared("Paging")), true),
                    // A query (`QueryItems` is over `Item`s): `Item` gets
                    // typed query fields.
                    field("filter", Type::Object, false),
                    field("byId", Type::String { format: None }, false),
                    field("byName", Type::String { format: None }, false),
                ],
                vec![OneOfGroup {
                    members: vec!["byId".to_owned(), "byName".to_owned()],
                    required: false,
                }],
            ),
            object(
                "QueryItemsResponse",
                vec![
                    field(
                        "items",
                        Type::Array(Box::new(Type::Ref(TypeId::shared("Item")))),
                        false,
                    ),
                    field(
                        "createdDate",
                        Type::String {
                            format: Some(StringFormat::DateTime),
                        },
                        false,
                    ),
                ],
                Vec::new(),
            ),
            TypeDef {
                name: "Status".to_owned(),
                module: None,
                name_origin: NameOrigin::Documented,
                kind: TypeKind::Enum {
                    values: vec![
                        EnumValue {
                            name: "ACTIVE".to_owned(),
                            description: Some("Active.".to_owned()),
                        },
                        EnumValue {
                            name: "INACTIVE".to_owned(),
                            description: None,
                        },
                    ],
                },
                modules: Vec::new(),
                occurrences: Vec::new(),
            },
        ],
    };
    scope_types(&mut package);
    Ir {
        packages: vec![package],
    }
}

/// A place of the IR that page text fills: its name, how its text reaches the
/// output, and how to put text there.
type Slot = (&'static str, Kind, fn(&mut Ir, &str));

fn package(ir: &mut Ir) -> &mut Package {
    &mut ir.packages[0]
}

fn method(ir: &mut Ir) -> &mut Method {
    &mut ir.packages[0].modules[0].methods[0]
}

fn type_def<'a>(ir: &'a mut Ir, name: &str) -> &'a mut TypeDef {
    ir.packages[0]
        .types
        .iter_mut()
        .find(|t| t.name == name)
        .expect("the base IR has the type")
}

fn fields<'a>(ir: &'a mut Ir, name: &str) -> &'a mut Vec<Field> {
    match &mut type_def(ir, name).kind {
        TypeKind::Object { fields, .. } => fields,
        TypeKind::Enum { .. } => panic!("{name} is an enum"),
    }
}

fn values<'a>(ir: &'a mut Ir, name: &str) -> &'a mut Vec<EnumValue> {
    match &mut type_def(ir, name).kind {
        TypeKind::Enum { values } => values,
        TypeKind::Object { .. } => panic!("{name} is an object"),
    }
}

/// Renames type `from` of the first package everywhere.
fn rename_type(ir: &mut Ir, from: &str, to: &str) {
    let package = package(ir);
    for ty in &mut package.types {
        if ty.name == from {
            to.clone_into(&mut ty.name);
        }
        if let TypeKind::Object { fields, .. } = &mut ty.kind {
            for field in fields {
                let mut ty = &mut field.ty;
                while let Type::Array(inner) = ty {
                    ty = inner;
                }
                if let Type::Ref(id) = ty {
                    if id.name == from {
                        to.clone_into(&mut id.name);
                    }
                }
            }
        }
    }
    for method in package.modules.iter_mut().flat_map(|m| &mut m.methods) {
        for name in [&mut method.request, &mut method.response] {
            if name == from {
                to.clone_into(name);
            }
        }
    }
    package.types.sort_by(|a, b| a.id().cmp(&b.id()));
}

/// Renames module `from` of the first package, and the types' mentions of it.
fn rename_module(ir: &mut Ir, from: &str, to: &str) {
    rename_module_in(package(ir), from, to);
}

/// Renames module `from` of `package`, and the types' mentions of it.
fn rename_module_in(package: &mut Package, from: &str, to: &str) {
    for module in &mut package.modules {
        if module.name == from {
            to.clone_into(&mut module.name);
        }
    }
    let rename = |module: &mut Option<String>| {
        if module.as_deref() == Some(from) {
            *module = Some(to.to_owned());
        }
    };
    for ty in &mut package.types {
        for module in &mut ty.modules {
            if module == from {
                to.clone_into(module);
            }
        }
        rename(&mut ty.module);
        if let TypeKind::Object { fields, .. } = &mut ty.kind {
            for field in fields {
                field.ty = field.ty.map_refs(&|id| {
                    let mut id = id.clone();
                    rename(&mut id.module);
                    id
                });
            }
        }
    }
    package.types.sort_by(|a, b| a.id().cmp(&b.id()));
}

/// Every place of [`base_ir`] that page text fills.
fn slots() -> Vec<Slot> {
    vec![
        ("npm name", Kind::Code, |ir, t| {
            t.clone_into(&mut package(ir).npm);
        }),
        ("module name", Kind::Code, |ir, t| {
            rename_module(ir, "items", t);
        }),
        ("method name", Kind::Prose, |ir, t| {
            t.clone_into(&mut method(ir).name);
        }),
        ("operation id", Kind::Code, |ir, t| {
            t.clone_into(&mut method(ir).operation_id);
        }),
        ("application error code", Kind::Code, |ir, t| {
            t.clone_into(&mut method(ir).possible_errors[0].code);
        }),
        ("application error status", Kind::Code, |ir, t| {
            t.clone_into(&mut method(ir).possible_errors[0].status_code);
        }),
        ("application error description", Kind::Sanitized, |ir, t| {
            t.clone_into(&mut method(ir).possible_errors[0].description);
        }),
        ("method description", Kind::Sanitized, |ir, t| {
            t.clone_into(&mut method(ir).description);
        }),
        ("path", Kind::Code, |ir, t| {
            t.clone_into(&mut method(ir).path);
        }),
        ("docs URL", Kind::Url, |ir, t| {
            t.clone_into(&mut method(ir).docs_url);
        }),
        ("scope name", Kind::Prose, |ir, t| {
            t.clone_into(&mut method(ir).permission_scopes[0].name);
        }),
        ("scope id", Kind::Code, |ir, t| {
            t.clone_into(&mut method(ir).permission_scopes[0].id);
        }),
        ("example title", Kind::Prose, |ir, t| {
            t.clone_into(&mut method(ir).request_examples[0].title);
        }),
        ("example body", Kind::Inert, |ir, t| {
            method(ir).request_examples[0].body = serde_json::json!({ t: [t] });
        }),
        (
            "host, source, required path, occurrence",
            Kind::Inert,
            |ir, t| {
                let method = method(ir);
                t.clone_into(&mut method.host);
                t.clone_into(&mut method.source);
                method.required_paths = vec![t.to_owned()];
                type_def(ir, "Item").occurrences = vec![t.to_owned()];
            },
        ),
        ("type name (own)", Kind::Code, |ir, t| {
            rename_type(ir, "Item", t);
        }),
        ("type name (shared)", Kind::Code, |ir, t| {
            rename_type(ir, "Paging", t);
        }),
        ("type name (enum)", Kind::Code, |ir, t| {
            rename_type(ir, "Status", t);
        }),
        ("type name (request)", Kind::Code, |ir, t| {
            rename_type(ir, "QueryItemsRequest", t);
        }),
        ("field wire name", Kind::Code, |ir, t| {
            t.clone_into(&mut fields(ir, "QueryItemsRequest")[1].name);
            if let TypeKind::Object { one_of_groups, .. } =
                &mut type_def(ir, "QueryItemsRequest").kind
            {
                t.clone_into(&mut one_of_groups[0].members[0]);
            }
        }),
        ("field description", Kind::Sanitized, |ir, t| {
            fields(ir, "Item")[0].description = Some(t.to_owned());
        }),
        ("enum value", Kind::Code, |ir, t| {
            t.clone_into(&mut values(ir, "Status")[0].name);
        }),
        ("enum value description", Kind::Sanitized, |ir, t| {
            values(ir, "Status")[0].description = Some(t.to_owned());
        }),
    ]
}

// ---------------------------------------------------------------------------
// The tests

#[test]
fn each_hostile_text_in_each_place() {
    let start = Instant::now();
    let client_methods = runtime_client_methods();
    let base = base_ir();
    assert_eq!(
        ir_problems(&base, &client_methods),
        Vec::<String>::new(),
        "the base IR emits cleanly"
    );
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut skipped = 0;
    for (slot, _kind, set) in slots() {
        for text in HOSTILE {
            cases += 1;
            let mut ir = base_ir();
            set(&mut ir, text);
            if !names_are_unique(&ir) {
                // Not an IR the pages make: `Item` renamed `Status`.
                skipped += 1;
                continue;
            }
            for problem in ir_problems(&ir, &client_methods) {
                failures.push(format!("{slot} = {text:?}: {problem}"));
            }
        }
    }
    eprintln!("{cases} cases ({skipped} skipped) in {:?}", start.elapsed());
    assert!(skipped < 20, "most cases are IRs the pages can make");
    assert!(
        failures.is_empty(),
        "hostile text makes the emitter write what it does not mean:\n{}",
        failures.join("\n")
    );
}

/// Whether the names the IR keys things by are unique, as in every IR the
/// pages make: npm names, and per package the module and type names, per
/// object its wire names, per enum its values.
fn names_are_unique(ir: &Ir) -> bool {
    fn unique<'a>(names: impl Iterator<Item = &'a String>) -> bool {
        let mut seen = BTreeSet::new();
        names.into_iter().all(|n| seen.insert(n))
    }
    unique(ir.packages.iter().map(|p| &p.npm))
        && ir.packages.iter().all(|p| {
            unique(p.modules.iter().map(|m| &m.name))
                && unique(p.types.iter().map(|t| &t.name))
                && p.types.iter().all(|t| match &t.kind {
                    TypeKind::Object { fields, .. } => unique(fields.iter().map(|f| &f.name)),
                    TypeKind::Enum { values } => unique(values.iter().map(|v| &v.name)),
                })
        })
}

/// How many random IRs the random test emits.
const CASES: u64 = 250;

#[test]
fn random_hostile_irs_emit_only_what_the_emitter_means() {
    let start = Instant::now();
    let client_methods = runtime_client_methods();
    let mut failures = Vec::new();
    for seed in 0..CASES {
        let packages = 1 + usize::try_from(seed % 3).expect("small");
        let ir = Gen::new(seed).ir(packages);
        let problems = ir_problems(&ir, &client_methods);
        if !problems.is_empty() {
            failures.push(format!("seed {seed}:\n  {}", problems.join("\n  ")));
        }
    }
    eprintln!("{CASES} random hostile IRs in {:?}", start.elapsed());
    assert!(
        failures.is_empty(),
        "{} of {CASES} random hostile IRs emit what the emitter does not mean \
         (rerun one with `Gen::new(seed).ir(1 + seed % 3)`):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The seed of the IR compiled for real.
const COMPILE_SEED: u64 = 2024;

#[test]
fn hostile_outputs_compile_and_document() {
    let client_methods = runtime_client_methods();
    // A handful of hostile packages side by side in one crate, so that the
    // dependencies are checked once, and beside them the packages of every
    // name collision case (whose names then collide across packages too).
    let mut ir = Gen::new(COMPILE_SEED).ir(5);
    for (index, (_, change)) in collision_cases().iter().enumerate() {
        let mut case = base_ir();
        change(&mut case);
        for mut package in case.packages {
            package.npm = format!("@case{index}/{}", package.npm.trim_start_matches('@'));
            ir.packages.push(package);
        }
    }
    assert_eq!(ir_problems(&ir, &client_methods), Vec::<String>::new());
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-crate");
    write_crate(&ir, &dir);
    let start = Instant::now();
    if let Err(error) = compile(&dir) {
        panic!(
            "the hostile crate in {} does not build:\n{error}",
            dir.display()
        );
    }
    eprintln!("checked and documented in {:?}", start.elapsed());
}

// ---------------------------------------------------------------------------
// Compiling for real

/// The lines of `section` (`[name]`) of a TOML file, up to the next header.
fn toml_section<'a>(toml: &'a str, section: &str) -> Vec<&'a str> {
    toml.lines()
        .skip_while(|line| line.trim() != section)
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .collect()
}

/// The `Cargo.toml` of a standalone copy of `generated/` with `features`:
/// the dependencies of `generated/Cargo.toml` as the workspace pins them, and
/// the workspace's lints.
fn crate_manifest(features: &str) -> String {
    let root = tests::repo_root();
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let generated =
        std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("generated/Cargo.toml");
    let pinned = toml_section(&workspace, "[workspace.dependencies]");
    // Each dependency of a section of `generated/Cargo.toml`, as the
    // workspace pins it.
    let pin_section = |section: &str| {
        let mut pins = String::new();
        for line in toml_section(&generated, section) {
            let name = line
                .split(['.', '=', ' '])
                .next()
                .expect("a dependency name");
            assert!(
                line.replace(' ', "") == format!("{name}.workspace=true"),
                "generated/Cargo.toml: expected `{name}.workspace = true`, found `{line}`"
            );
            let pin = pinned
                .iter()
                .find(|l| l.split(['=', ' ']).next() == Some(name))
                .unwrap_or_else(|| panic!("the workspace does not pin `{name}`"));
            pins.push_str(pin);
            pins.push('\n');
        }
        pins
    };
    let dependencies = pin_section("[dependencies]");
    let dev_dependencies = pin_section("[dev-dependencies]");
    let mut lints = String::new();
    for table in ["rust", "clippy"] {
        writeln!(lints, "[lints.{table}]").expect("a String takes it");
        for line in toml_section(&workspace, &format!("[workspace.lints.{table}]")) {
            lints.push_str(line);
            lints.push('\n');
        }
    }
    // The features table is codegen's own, as in `generated/Cargo.toml`.
    let mut manifest = format!(
        "[package]\nname = \"wix-apis\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [lib]\nname = \"wix_apis\"\n\n{features}"
    );
    write!(
        manifest,
        "\n[dependencies]\n{dependencies}\n[dev-dependencies]\n{dev_dependencies}\n{lints}\n[workspace]\n"
    )
    .expect("a String takes it");
    manifest
}

/// Writes `ir` as a standalone crate laid out like `generated/` in `dir`:
/// the emitted sources, round-trip and exchange tests, the hand-written
/// runtime and loopback server, the
/// crate docs' example as a test (so `cargo check --tests` compiles what
/// `cargo test --doc` would, without linking), and the workspace's lock file.
fn write_crate(ir: &Ir, dir: &Path) {
    let root = tests::repo_root();
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("the old crate is removable");
    }
    let mut files = codegen::rust::rust_files(ir);
    files.extend(codegen::rust::roundtrip_tests(ir));
    files.extend(codegen::rust::exchange_tests(ir));
    let features = codegen::rust::manifest::features_table(ir, &CratePlan::of(ir));
    let write = |path: &str, contents: &str| {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("a directory");
        std::fs::write(target, contents).expect("the file is written");
    };
    write("Cargo.toml", &crate_manifest(&features));
    write(
        "Cargo.lock",
        &std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock"),
    );
    write(
        "src/runtime.rs",
        &std::fs::read_to_string(root.join("generated/src/runtime.rs")).expect("the runtime"),
    );
    for entry in std::fs::read_dir(root.join("generated/src/runtime")).expect("the runtime modules")
    {
        let path = entry.expect("a runtime module").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name");
        write(
            &format!("src/runtime/{name}"),
            &std::fs::read_to_string(&path).expect("a runtime module"),
        );
    }
    // The exchange tests' loopback server is hand-written.
    write(
        "tests/loopback/mod.rs",
        &std::fs::read_to_string(root.join("generated/tests/loopback/mod.rs"))
            .expect("the loopback server"),
    );
    for file in &files {
        let path = file
            .path
            .strip_prefix("generated/")
            .expect("under generated/");
        write(path, &file.contents);
        if path == "src/lib.rs" {
            if let Some(code) = example_code(&file.contents) {
                write(
                    "tests/example.rs",
                    &format!("//! The crate docs' example.\n#![allow(dead_code, missing_docs)]\n{code}\n"),
                );
            }
        }
    }
}

/// Runs cargo `args` in `dir` with `env`, in a target directory apart from
/// the workspace's; `Err` holds its output.
fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-target");
    let mut command = std::process::Command::new(cargo);
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(text)
    } else {
        Err(format!("`cargo {}` failed:\n{text}", args.join(" ")))
    }
}

/// `cargo check` of the library and its tests, and `cargo doc`, with every
/// warning an error.
fn compile(dir: &Path) -> Result<(), String> {
    cargo(dir, &["check", "--offline", "--all-targets"], &[])?;
    cargo(
        dir,
        &["doc", "--offline", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Minimal cases

/// A change to [`base_ir`] and what it is.
type Change = (&'static str, fn(&mut Ir));

/// Asserts that [`base_ir`] with each change emits cleanly.
fn assert_clean(changes: &[Change]) {
    let client_methods = runtime_client_methods();
    let mut failures = Vec::new();
    for (what, change) in changes {
        let mut ir = base_ir();
        change(&mut ir);
        let problems = ir_problems(&ir, &client_methods);
        if !problems.is_empty() {
            failures.push(format!("{what}:\n  {}", problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn page_text_in_docs_is_sanitized() {
    assert_clean(&[
        (
            "a field wire name with a CR (bare CR: does not compile)",
            |ir| {
                fields(ir, "QueryItemsRequest")[1].name = "by\rId".to_owned();
            },
        ),
        ("a method name with U+202E (does not compile)", |ir| {
            method(ir).name = "Query\u{202E}Items".to_owned();
        }),
        ("a method name `[x]` (cargo doc: unresolved link)", |ir| {
            method(ir).name = "[x]".to_owned();
        }),
        (
            "a scope name `<script>` in the client docs (cargo doc: HTML)",
            |ir| {
                method(ir).permission_scopes[0].name = "<script>".to_owned();
            },
        ),
        (
            "a method name with a fenced block (a doctest cargo test runs)",
            |ir| {
                method(ir).name = "QueryItems\n\n```\nstd::process::exit(0);\n```".to_owned();
            },
        ),
        ("an enum value with an indented line (a doctest)", |ir| {
            values(ir, "Status")[0].name = "A\n\n    std::process::exit(0);\n".to_owned();
        }),
    ]);
}

#[test]
fn a_docs_url_that_is_not_a_url_makes_no_markup() {
    assert_clean(&[("the docs URL `type`", |ir| {
        "type".clone_into(&mut method(ir).docs_url);
    })]);
}

#[test]
fn keyword_module_and_package_names_have_bare_file_and_feature_names() {
    assert_clean(&[
        ("a module `type`", |ir| rename_module(ir, "items", "type")),
        ("a package `@wix/type`", |ir| {
            "@wix/type".clone_into(&mut package(ir).npm);
        }),
    ]);
}

/// Gives `QueryItems` cursor paging, as the platform's query methods have
/// it: `cursorPaging.cursor` in the request and `pagingMetadata.cursors.next`
/// in the response, whose `items` are the items. The module client then has
/// `query_items_pages` and `query_items_items`.
fn make_paged(ir: &mut Ir) {
    let field = |name: &str, ty: Type| Field {
        name: name.to_owned(),
        ty,
        description: None,
        required: false,
        constraints: Vec::new(),
    };
    let object = |name: &str, fields: Vec<Field>| TypeDef {
        name: name.to_owned(),
        module: None,
        name_origin: NameOrigin::Documented,
        kind: TypeKind::Object {
            fields,
            one_of_groups: Vec::new(),
        },
        modules: Vec::new(),
        occurrences: Vec::new(),
    };
    let text = || Type::String { format: None };
    fields(ir, "QueryItemsRequest").push(field(
        "cursorPaging",
        Type::Ref(TypeId::shared("CursorPaging")),
    ));
    fields(ir, "QueryItemsResponse").push(field(
        "pagingMetadata",
        Type::Ref(TypeId::shared("PagingMetadata")),
    ));
    package(ir).types.extend([
        object(
            "CursorPaging",
            vec![field("limit", Type::Integer), field("cursor", text())],
        ),
        object(
            "PagingMetadata",
            vec![field("cursors", Type::Ref(TypeId::shared("Cursors")))],
        ),
        object("Cursors", vec![field("next", text())]),
    ]);
    scope_types(package(ir));
}

/// Names that meet once cleaned, or meet what the crate defines, or are too
/// long for a file: the emitter renames them, and the crate still holds
/// together without a warning.
fn collision_cases() -> Vec<Change> {
    vec![
        // generated helpers and error enums
        ("a method with cursor paging", make_paged),
        (
            "a paged method beside methods named like its helpers",
            |ir| {
                make_paged(ir);
                for (operation, title) in [
                    ("queryItemsPages", "QueryItemsPages"),
                    ("queryItemsItems", "QueryItemsItems"),
                ] {
                    let mut twin = method(ir).clone();
                    operation.clone_into(&mut twin.operation_id);
                    title.clone_into(&mut twin.name);
                    package(ir).modules[0].methods.push(twin);
                }
            },
        ),
        ("a paged method `self`", |ir| {
            make_paged(ir);
            "self".clone_into(&mut method(ir).operation_id);
        }),
        ("a type named like a method's application errors", |ir| {
            rename_type(ir, "Item", "QueryItemsApplicationError");
        }),
        ("application error codes that meet once cleaned", |ir| {
            let mut twin = method(ir).possible_errors[0].clone();
            "thing-not-found".clone_into(&mut twin.code);
            method(ir).possible_errors.push(twin);
            let mut reserved = method(ir).possible_errors[0].clone();
            "Unrecognized".clone_into(&mut reserved.code);
            method(ir).possible_errors.push(reserved);
        }),
        // package collision
        ("a package `@wix/runtime`", |ir| {
            "@wix/runtime".clone_into(&mut package(ir).npm);
        }),
        ("packages `@wix/things` and `@other/things`", |ir| {
            let mut other = ir.packages[0].clone();
            "@other/things".clone_into(&mut other.npm);
            let names: Vec<String> = other.modules.iter().map(|m| m.name.clone()).collect();
            for name in names {
                rename_module_in(&mut other, &name, &format!("other_{name}"));
            }
            ir.packages.insert(0, other);
        }),
        // accessor collision
        ("a module `new`", |ir| rename_module(ir, "items", "new")),
        ("a module `items` in two packages", |ir| {
            let mut other = ir.packages[0].clone();
            "@wix/others".clone_into(&mut other.npm);
            ir.packages.push(other);
        }),
        // deduped module path
        ("a module `common`", |ir| {
            rename_module(ir, "items", "common");
        }),
        // type collision
        ("types `*/` and `/*` (both `Type`)", |ir| {
            rename_type(ir, "Item", "*/");
            rename_type(ir, "Paging", "/*");
        }),
        ("a type `ItemsClient` in module `items`", |ir| {
            rename_type(ir, "Item", "ItemsClient");
        }),
        // method collision
        ("a method `new`", |ir| {
            "new".clone_into(&mut method(ir).operation_id);
        }),
        (
            "methods `queryItems` and `query_items` in one module",
            |ir| {
                let mut twin = method(ir).clone();
                "query_items".clone_into(&mut twin.operation_id);
                "QueryItemsToo".clone_into(&mut twin.name);
                package(ir).modules[0].methods.push(twin);
            },
        ),
        // naming lints
        ("enum values `fooBar` and `FOO_BAR` (`FooBar_2`)", |ir| {
            let values = values(ir, "Status");
            "fooBar".clone_into(&mut values[0].name);
            "FOO_BAR".clone_into(&mut values[1].name);
        }),
        ("fields `self` and `Self` (`self__2`)", |ir| {
            let fields = fields(ir, "QueryItemsRequest");
            "self".clone_into(&mut fields[1].name);
            "Self".clone_into(&mut fields[2].name);
        }),
        ("a module `self` (`Self_Client`)", |ir| {
            rename_module(ir, "items", "self");
        }),
        (
            "a method `self` (test `self__example_1_round_trips`)",
            |ir| {
                "self".clone_into(&mut method(ir).operation_id);
            },
        ),
        // test name collision
        ("methods `listTags` in two modules", |ir| {
            "listTags".clone_into(&mut method(ir).operation_id);
        }),
        // long file name
        ("a module named with 300 characters", |ir| {
            rename_module(ir, "items", &"a".repeat(300));
        }),
        ("a type named with 300 characters", |ir| {
            rename_type(ir, "Item", &"A".repeat(300));
        }),
        // example without default
        ("a required enum field in the first request", |ir| {
            fields(ir, "QueryItemsRequest").push(Field {
                name: "status".to_owned(),
                ty: Type::Ref(TypeId::shared("Status")),
                description: None,
                required: true,
                constraints: Vec::new(),
            });
            scope_types(package(ir));
        }),
        (
            "no request has a Default, and the first module is `type`",
            |ir| {
                for request in ["QueryItemsRequest", "ListTagsRequest"] {
                    fields(ir, request).push(Field {
                        name: "status".to_owned(),
                        ty: Type::Ref(TypeId::shared("Status")),
                        description: None,
                        required: true,
                        constraints: Vec::new(),
                    });
                }
                rename_module(ir, "items", "type");
                // `Status` is now reached from `tags` too: it is shared.
                scope_types(package(ir));
            },
        ),
        ("a struct whose required field is itself", |ir| {
            fields(ir, "Paging").push(Field {
                name: "next".to_owned(),
                ty: Type::Ref(TypeId::shared("Paging")),
                description: None,
                required: true,
                constraints: Vec::new(),
            });
            scope_types(package(ir));
        }),
    ]
}

#[test]
fn the_emitter_knows_the_runtime_client_methods() {
    let listed: BTreeSet<String> = RUNTIME_CLIENT_METHODS
        .iter()
        .map(|&m| m.to_owned())
        .collect();
    assert_eq!(
        listed,
        runtime_client_methods(),
        "codegen::rust::plan::RUNTIME_CLIENT_METHODS must list the methods of `Client` in generated/src/runtime.rs, so SDK module accessors never take their names"
    );
}

#[test]
fn colliding_names_are_settled() {
    assert_clean(&collision_cases());
}

/// Page text that becomes a doctest runs under `cargo test --doc`. Slow (it
/// builds the dependencies), so it is ignored.
#[test]
#[ignore = "slow (about 50 s): runs `cargo test --doc` on a crate of hostile page text; run with --ignored"]
fn page_text_never_runs_as_a_doctest() {
    let mut ir = base_ir();
    method(&mut ir).name =
        "QueryItems\n\n```\nassert!(false, \"page text ran as a doctest\");\n```".to_owned();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-doctest");
    write_crate(&ir, &dir);
    let result = cargo(&dir, &["test", "--offline", "--doc"], &[]);
    let output = match &result {
        Ok(output) | Err(output) => output,
    };
    // The doctests ran (the crate example is one), so the check below means something.
    assert!(
        output.contains("Doc-tests wix_apis") && output.contains("test result"),
        "the doctests did not run:\n{output}"
    );
    assert!(
        !output.contains("page text ran as a doctest") && !output.contains("query_items (line"),
        "a method name ran as a doctest:\n{output}"
    );
}
