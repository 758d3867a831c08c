//! The OpenAPI emitter: [`render`] turns the IR into one OpenAPI 3.0.3 JSON
//! document.
//!
//! # What goes where
//!
//! - `info`, and `servers` with the methods' most common host.
//! - One operation per method, under its path and HTTP method: `operationId`,
//!   `summary` (the page title), `description`, `tags` (the SDK module),
//!   `externalDocs` (the docs page), the permission scopes in
//!   `x-wix-permission-scopes`, the required request paths in
//!   `x-wix-required-paths`, the npm package and the spec file in
//!   `x-wix-package` and `x-wix-source`. The `200` response refers to the
//!   response type; each HTTP status of the page's `Possible Errors` table
//!   is a response listing its application error codes (also in
//!   `x-wix-application-errors`), and `default` covers any other failure,
//!   all with Wix's error body (`WixError`: message, application error or
//!   field violations).
//! - One component schema per IR type: objects with their properties in field
//!   order, `required`, descriptions and limits; string enums with their values.
//!
//! # Choices
//!
//! - **Name clashes.** A type belongs to an SDK module, or is a platform type
//!   its npm package's modules share. A schema is keyed by the type's plain
//!   name when no other type has that name, else by `<module>.<Name>`
//!   (`services.Location`) for a module's type and `<package>.<Name>` for a
//!   shared one, then `<package>.<module>.<Name>`, where `<package>` is the
//!   npm name without `@wix/`. So a key changes only when a clash appears.
//!   The same rule keeps operation ids unique
//!   (`<package>.<operationId>`, then `<package>.<module>.<operationId>`).
//!   Whatever still clashes gets `_2`, `_3`, ... in IR order. Each schema's
//!   `title` is the type's own name.
//! - **Request bodies.** `POST`, `PUT` and `PATCH` send the request type as the
//!   JSON body. OpenAPI 3.0 gives a body no meaning on `GET` and `DELETE`, so
//!   there the request fields become query parameters, flattened the way the
//!   Wix gateway reads them: fields of nested objects by dotted name
//!   (`paging.limit`), arrays of plain values as repeated parameters (the
//!   default `form` style, exploded). What a query string cannot spell as plain
//!   values (free-form objects, arrays of objects, recursive types) becomes one
//!   query parameter holding JSON (`content: application/json`). The request
//!   type stays in the components and the operation names it in
//!   `x-wix-request-schema`, so its one-of groups and limits are still there.
//! - **Path parameters.** Each `{name}` (or `{a.b}`) in a path is a path
//!   parameter, typed and described by the request field at that path (a
//!   string when no field matches). A body keeps the field too.
//! - **Limits.** A constraint becomes `default`, `minimum` or `maximum` only
//!   when its value is JSON of the field's type with no unit word after it (and,
//!   for a default, within the other limits: the validator checks that). Every
//!   other constraint is kept as written in `x-wix-limits`; none is dropped.
//! - **Strings.** Zoned times are `format: date-time`; local times (no zone)
//!   are plain strings with `x-wix-format: local-date-time` and a note in the
//!   description.
//! - **One-of groups.** Their members are separate optional fields on the
//!   wire, so no `oneOf`: `x-wix-one-of` lists the groups and the object's
//!   description says what they mean.
//! - **Refs with siblings.** A `$ref` takes no siblings in 3.0, so a ref with a
//!   description, default or limit is wrapped: `allOf: [{$ref}]`.
//! - **Hosts.** The most common host is the document's server; a path on
//!   another host gets its own `servers` (each operation gets its own when the
//!   methods of one path are on different hosts).
//! - **Unresolved names.** A field type, request or response that names no
//!   type of its package is emitted as a ref to the plain name, which dangles:
//!   the document then fails validation (the `openapi` integration test checks
//!   every ref) instead of hiding the gap.
//! - **One path, one HTTP method, two IR methods.** The first in IR order is the
//!   operation; the others are kept in the path item's
//!   `x-wix-duplicate-operations`.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde_json::{json, Map, Value};

use crate::ir::{
    Constraint, Field, Ir, Method, NameOrigin, Package, StringFormat, Type, TypeDef, TypeId,
    TypeKind,
};
use crate::json::JsonWriter;
use crate::page::{ConstraintKind, HttpMethod};

/// The OpenAPI version of the document.
pub const OPENAPI_VERSION: &str = "3.0.3";

/// The document's title (`info.title`).
pub const TITLE: &str = "Wix APIs";

/// The document's own version (`info.version`): the version of the generated
/// description, bumped when its shape changes. The APIs version their paths
/// themselves (`/bookings/v2/...`).
pub const DOCUMENT_VERSION: &str = "0.1.0";

/// The host of the document's server when the IR has no methods.
pub const DEFAULT_HOST: &str = "www.wixapis.com";

/// Where component schemas live.
const SCHEMAS: &str = "#/components/schemas/";

/// The note added to the description of local (zone-less) date-time fields.
const LOCAL_DATE_TIME_NOTE: &str =
    "Local date and time, without a time zone: `YYYY-MM-DDThh:mm:ss`.";

/// The HTTP methods in the order OpenAPI lists them in a path item.
const HTTP_METHODS: [HttpMethod; 5] = [
    HttpMethod::Get,
    HttpMethod::Put,
    HttpMethod::Post,
    HttpMethod::Delete,
    HttpMethod::Patch,
];

/// Renders the IR as an OpenAPI 3.0.3 document: pretty JSON, keys in a fixed
/// order, ending with a newline. The same IR always gives the same text.
pub fn render(ir: &Ir) -> String {
    let emitter = Emitter::new(ir);
    // About 9 KB per method at scale; one allocation up front.
    let methods: usize = ir
        .packages
        .iter()
        .flat_map(|package| &package.modules)
        .map(|module| module.methods.len())
        .sum();
    let mut writer = JsonWriter::with_capacity(16 * 1024 + methods * 10 * 1024);
    emitter.document(&mut writer);
    let mut text = writer.finish();
    text.push('\n');
    text
}

/// A method's place in the IR: its package, module and own index.
#[derive(Clone, Copy)]
struct MethodAt {
    p: usize,
    m: usize,
    i: usize,
}

/// An operation before it is placed in its path item.
struct Operation<'a> {
    http_method: HttpMethod,
    host: &'a str,
    at: MethodAt,
}

/// The IR with its lookups and the names chosen for the document.
struct Emitter<'a> {
    ir: &'a Ir,
    /// Per package (by index): type -> its component key.
    keys: Vec<HashMap<TypeId, String>>,
    /// (package, module, method) indices -> the operation id.
    operation_ids: HashMap<(usize, usize, usize), String>,
}

impl<'a> Emitter<'a> {
    fn new(ir: &'a Ir) -> Self {
        let mut type_ids = Vec::new();
        let mut type_candidates = Vec::new();
        let mut method_ids = Vec::new();
        let mut method_candidates = Vec::new();
        for (p, package) in ir.packages.iter().enumerate() {
            let short = package_key(&package.npm);
            for ty in &package.types {
                type_ids.push((p, ty.id().to_id()));
                let plain = type_key(&ty.name);
                type_candidates.push(match &ty.module {
                    Some(module) => vec![
                        plain.clone(),
                        format!("{module}.{plain}"),
                        format!("{short}.{module}.{plain}"),
                    ],
                    None => vec![plain.clone(), format!("{short}.{plain}")],
                });
            }
            for (m, module) in package.modules.iter().enumerate() {
                for (i, method) in module.methods.iter().enumerate() {
                    let id = if method.operation_id.is_empty() {
                        &method.name
                    } else {
                        &method.operation_id
                    };
                    method_ids.push((p, m, i));
                    method_candidates.push(vec![
                        id.clone(),
                        format!("{short}.{id}"),
                        format!("{short}.{}.{id}", module.name),
                    ]);
                }
            }
        }
        // Wix's error body schemas take their plain names first (their
        // only candidate); an IR type of the same name moves to its next.
        let reserved: Vec<Vec<String>> = ERROR_SCHEMAS
            .iter()
            .map(|name| vec![(*name).to_owned()])
            .collect();
        let type_keys = unique_names(&[reserved, type_candidates].concat());
        let mut keys = vec![HashMap::default(); ir.packages.len()];
        for ((p, id), key) in type_ids
            .into_iter()
            .zip(type_keys.into_iter().skip(ERROR_SCHEMAS.len()))
        {
            keys[p].insert(id, key);
        }
        let operation_ids = method_ids
            .into_iter()
            .zip(unique_names(&method_candidates))
            .collect();
        Emitter {
            ir,
            keys,
            operation_ids,
        }
    }

    /// The whole document.
    fn document(&self, w: &mut JsonWriter) {
        let main_host = self.main_host();
        w.object(|w| {
            // JSON has no comments: the generated-file header is an extension.
            w.key("x-generated-by")
                .string("cargo xtask codegen (from specs/; do not edit)");
            w.key("openapi").string(OPENAPI_VERSION);
            w.key("info").object(|w| {
                w.key("title").string(TITLE);
                w.key("version").string(DOCUMENT_VERSION);
                w.key("description")
                    .string("The Wix REST APIs, generated from their reference pages.");
            });
            w.key("servers");
            servers(w, main_host);
            self.tags(w);
            w.key("paths");
            self.paths(w, main_host);
            w.key("components").object(|w| {
                w.key("schemas");
                self.schemas(w);
            });
        });
    }

    /// The host most methods use (ties: [`DEFAULT_HOST`], else the first by
    /// name).
    fn main_host(&self) -> &'a str {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for package in &self.ir.packages {
            for module in &package.modules {
                for method in &module.methods {
                    *counts.entry(method.host.as_str()).or_default() += 1;
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(host, count)| (count, host == DEFAULT_HOST, Reverse(host)))
            .map_or(DEFAULT_HOST, |(host, _)| host)
    }

    /// `tags`, one per module name, saying which packages have such a
    /// module; nothing when there are no modules.
    fn tags(&self, w: &mut JsonWriter) {
        let mut modules: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for package in &self.ir.packages {
            for module in &package.modules {
                modules
                    .entry(module.name.as_str())
                    .or_default()
                    .insert(package.npm.as_str());
            }
        }
        if modules.is_empty() {
            return;
        }
        w.key("tags").array(|w| {
            for (module, packages) in modules {
                let packages: Vec<String> = packages.iter().map(|npm| format!("`{npm}`")).collect();
                w.element().object(|w| {
                    w.key("name").string(module);
                    w.key("description").string(&format!(
                        "The `{module}` module of {}.",
                        packages.join(", ")
                    ));
                });
            }
        });
    }

    /// The path items, sorted by path.
    fn paths(&self, w: &mut JsonWriter, main_host: &str) {
        let mut by_path: BTreeMap<String, Vec<Operation<'a>>> = BTreeMap::new();
        for (p, package) in self.ir.packages.iter().enumerate() {
            for (m, module) in package.modules.iter().enumerate() {
                for (i, method) in module.methods.iter().enumerate() {
                    let path = if method.path.starts_with('/') {
                        method.path.clone()
                    } else {
                        format!("/{}", method.path)
                    };
                    by_path.entry(path).or_default().push(Operation {
                        http_method: method.http_method,
                        host: &method.host,
                        at: MethodAt { p, m, i },
                    });
                }
            }
        }
        w.object(|w| {
            for (path, operations) in &by_path {
                let hosts: BTreeSet<&str> = operations.iter().map(|op| op.host).collect();
                let path_host = match hosts.len() {
                    1 => hosts.first().copied(),
                    _ => None,
                };
                w.key(path).object(|w| {
                    let mut duplicates = Vec::new();
                    for http_method in HTTP_METHODS {
                        let key = http_method.as_str().to_ascii_lowercase();
                        let same_method =
                            operations.iter().filter(|op| op.http_method == http_method);
                        for (n, op) in same_method.enumerate() {
                            let own_servers =
                                (path_host.is_none() && op.host != main_host).then_some(op.host);
                            if n == 0 {
                                w.key(&key);
                                self.operation(w, op.at, own_servers);
                            } else {
                                duplicates.push((key.clone(), op.at, own_servers));
                            }
                        }
                    }
                    if let Some(host) = path_host.filter(|&host| host != main_host) {
                        w.key("servers");
                        servers(w, host);
                    }
                    if !duplicates.is_empty() {
                        w.key("x-wix-duplicate-operations").array(|w| {
                            for (key, at, own_servers) in &duplicates {
                                w.element().object(|w| {
                                    w.key("method").string(key);
                                    w.key("operation");
                                    self.operation(w, *at, *own_servers);
                                });
                            }
                        });
                    }
                });
            }
        });
    }

    /// A method's operation object, with its own `servers` when it is on
    /// `own_servers`.
    fn operation(&self, w: &mut JsonWriter, at: MethodAt, own_servers: Option<&str>) {
        let p = at.p;
        let package = &self.ir.packages[p];
        let module = &package.modules[at.m];
        let method = &module.methods[at.i];
        let id = &self.operation_ids[&(at.p, at.m, at.i)];
        let takes_body = matches!(
            method.http_method,
            HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch
        );
        let request = package.resolve(&module.name, &method.request);
        let response = package.resolve(&module.name, &method.response);
        let path_names = crate::ir::path_parameter_names(&method.path);
        let mut query = QueryWalk {
            emitter: self,
            p,
            skip: path_names.iter().copied().collect(),
            required_paths: method.required_paths.iter().map(String::as_str).collect(),
            stack: Vec::new(),
            parameters: Vec::new(),
        };
        if !takes_body {
            query.walk(&request, "", true);
        }
        let query = query.parameters;
        w.object(|w| {
            w.key("operationId").string(id);
            w.key("summary").string(&method.name);
            if !method.description.is_empty() {
                w.key("description").string(&method.description);
            }
            w.key("tags").array(|w| w.element().string(&module.name));
            if !method.docs_url.is_empty() {
                w.key("externalDocs")
                    .object(|w| w.key("url").string(&method.docs_url));
            }
            if !path_names.is_empty() || !query.is_empty() {
                w.key("parameters").array(|w| {
                    for name in &path_names {
                        w.element();
                        self.path_parameter(w, p, &request, name);
                    }
                    for (field, path, required) in &query {
                        w.element();
                        self.query_parameter(w, p, field, path, *required);
                    }
                });
            }
            if takes_body {
                w.key("requestBody").object(|w| {
                    w.key("required").bool(true);
                    w.key("content").object(|w| {
                        w.key("application/json").object(|w| {
                            w.key("schema");
                            self.reference(w, p, &request);
                        });
                    });
                });
            }
            w.key("responses").object(|w| {
                w.key("200").object(|w| {
                    w.key("description").string("Success.");
                    w.key("content").object(|w| {
                        w.key("application/json").object(|w| {
                            w.key("schema");
                            self.reference(w, p, &response);
                        });
                    });
                });
                error_responses(w, method);
            });
            if !method.permission_scopes.is_empty() {
                w.key("x-wix-permission-scopes").array(|w| {
                    for scope in &method.permission_scopes {
                        w.element().object(|w| {
                            w.key("name").string(&scope.name);
                            w.key("id").string(&scope.id);
                        });
                    }
                });
            }
            if !method.required_paths.is_empty() {
                w.key("x-wix-required-paths").array(|w| {
                    for path in &method.required_paths {
                        w.element().string(path);
                    }
                });
            }
            if !takes_body {
                w.key("x-wix-request-schema");
                self.reference(w, p, &request);
            }
            w.key("x-wix-package").string(&package.npm);
            w.key("x-wix-source").string(&method.source);
            if let Some(host) = own_servers {
                w.key("servers");
                servers(w, host);
            }
        });
    }

    /// The path parameter `name` of a method, described by the request field
    /// at that (dotted) path.
    fn path_parameter(&self, w: &mut JsonWriter, p: usize, request: &TypeId, name: &str) {
        let field = self.field_at(p, request, name);
        w.object(|w| {
            w.key("name").string(name);
            w.key("in").string("path");
            if let Some(description) = field.and_then(field_description) {
                w.key("description").string(&description);
            }
            w.key("required").bool(true);
            w.key("schema");
            match field {
                Some(field) if self.is_plain_value(p, &field.ty) => {
                    self.field_schema(w, p, field, None);
                }
                _ => w.object(|w| w.key("type").string("string")),
            }
        });
    }

    /// A query parameter for a request field at `path`.
    fn query_parameter(
        &self,
        w: &mut JsonWriter,
        p: usize,
        field: &Field,
        path: &str,
        required: bool,
    ) {
        w.object(|w| {
            w.key("name").string(path);
            w.key("in").string("query");
            if let Some(description) = field_description(field) {
                w.key("description").string(&description);
            }
            if required {
                w.key("required").bool(true);
            }
            if self.is_plain_value(p, &field.ty) {
                w.key("schema");
                self.field_schema(w, p, field, None);
            } else {
                w.key("content").object(|w| {
                    w.key("application/json").object(|w| {
                        w.key("schema");
                        self.field_schema(w, p, field, None);
                    });
                });
            }
        });
    }

    /// The component schemas, sorted by key.
    fn schemas(&self, w: &mut JsonWriter) {
        /// Where a component schema comes from.
        enum Source<'s> {
            Error(&'s Value),
            Type(usize, &'s Package, &'s TypeDef),
        }
        let errors = error_schemas();
        let mut schemas: Vec<(&str, Source)> = errors
            .iter()
            .map(|(key, schema)| (key.as_str(), Source::Error(schema)))
            .collect();
        for (p, package) in self.ir.packages.iter().enumerate() {
            for ty in &package.types {
                let key = self.keys[p][&ty.id().to_id()].as_str();
                schemas.push((key, Source::Type(p, package, ty)));
            }
        }
        // Keys are unique (the error schemas' are reserved).
        schemas.sort_unstable_by(|a, b| a.0.cmp(b.0));
        w.object(|w| {
            for (key, source) in &schemas {
                w.key(key);
                match source {
                    Source::Error(schema) => w.value(schema),
                    Source::Type(p, package, ty) => self.type_def_schema(w, *p, package, ty),
                }
            }
        });
    }

    /// The schema of a named type.
    fn type_def_schema(&self, w: &mut JsonWriter, p: usize, package: &Package, ty: &TypeDef) {
        w.object(|w| {
            match &ty.kind {
                TypeKind::Object {
                    fields,
                    one_of_groups,
                } => {
                    w.key("type").string("object");
                    w.key("title").string(&ty.name);
                    let lines: Vec<String> = one_of_groups
                        .iter()
                        .map(|group| {
                            let members: Vec<String> =
                                group.members.iter().map(|m| format!("`{m}`")).collect();
                            if group.required {
                                format!("Exactly one of {} must be set.", members.join(", "))
                            } else {
                                format!("At most one of {} may be set.", members.join(", "))
                            }
                        })
                        .collect();
                    if !lines.is_empty() {
                        w.key("description").string(&lines.join("\n\n"));
                    }
                    if !fields.is_empty() {
                        w.key("properties").object(|w| {
                            for field in fields {
                                w.key(&field.name);
                                self.field_schema(w, p, field, field_description(field).as_deref());
                            }
                        });
                    }
                    if fields.iter().any(|field| field.required) {
                        w.key("required").array(|w| {
                            for field in fields.iter().filter(|field| field.required) {
                                w.element().string(&field.name);
                            }
                        });
                    }
                    if !one_of_groups.is_empty() {
                        w.key("x-wix-one-of").array(|w| {
                            for group in one_of_groups {
                                w.element().object(|w| {
                                    w.key("members").array(|w| {
                                        for member in &group.members {
                                            w.element().string(member);
                                        }
                                    });
                                    w.key("required").bool(group.required);
                                });
                            }
                        });
                    }
                }
                TypeKind::Enum { values } => {
                    w.key("type").string("string");
                    w.key("title").string(&ty.name);
                    let described = values.iter().any(|value| value.description.is_some());
                    // An empty `enum` is invalid: any string, and say so.
                    if values.is_empty() {
                        w.key("description")
                            .string("The values are not documented.");
                    } else if described {
                        let lines: Vec<String> = values
                            .iter()
                            .map(|value| match &value.description {
                                Some(description) => format!("- `{}`: {description}", value.name),
                                None => format!("- `{}`", value.name),
                            })
                            .collect();
                        w.key("description").string(&lines.join("\n"));
                    }
                    if !values.is_empty() {
                        w.key("enum").array(|w| {
                            for value in values {
                                w.element().string(&value.name);
                            }
                        });
                    }
                    if described {
                        w.key("x-enum-descriptions").array(|w| {
                            for value in values {
                                w.element()
                                    .string(value.description.as_deref().unwrap_or(""));
                            }
                        });
                    }
                }
            }
            w.key("x-wix-package").string(&package.npm);
            w.key("x-wix-name-origin")
                .string(name_origin(ty.name_origin));
        });
    }

    /// A field's schema: its type's, with `description` (when given),
    /// `default`, `minimum`, `maximum` and `x-wix-limits`; a ref with any of
    /// them is wrapped in `allOf`.
    fn field_schema(&self, w: &mut JsonWriter, p: usize, field: &Field, description: Option<&str>) {
        let (keywords, limits) = self.constraints(p, &field.ty, &field.constraints);
        let wrapped = matches!(field.ty, Type::Ref(_))
            && (description.is_some() || !keywords.is_empty() || !limits.is_empty());
        w.object(|w| {
            if wrapped {
                w.key("allOf").array(|w| {
                    w.element();
                    self.type_schema(w, p, &field.ty);
                });
            } else {
                self.type_schema_members(w, p, &field.ty);
            }
            if let Some(description) = description {
                w.key("description").string(description);
            }
            for (keyword, value) in &keywords {
                w.key(keyword).value(value);
            }
            if !limits.is_empty() {
                w.key("x-wix-limits").array(|w| {
                    for constraint in &limits {
                        w.element();
                        limit(w, constraint);
                    }
                });
            }
        });
    }

    /// The schema of a type, without anything a field adds.
    fn type_schema(&self, w: &mut JsonWriter, p: usize, ty: &Type) {
        w.object(|w| self.type_schema_members(w, p, ty));
    }

    /// The members of [`Emitter::type_schema`], written into an open object.
    fn type_schema_members(&self, w: &mut JsonWriter, p: usize, ty: &Type) {
        match ty {
            Type::String { format } => {
                w.key("type").string("string");
                match format {
                    None => {}
                    Some(StringFormat::DateTime) => w.key("format").string("date-time"),
                    Some(StringFormat::LocalDateTime) => {
                        w.key("x-wix-format").string("local-date-time");
                    }
                }
            }
            Type::Integer => w.key("type").string("integer"),
            Type::Number => w.key("type").string("number"),
            Type::Boolean => w.key("type").string("boolean"),
            Type::Object => {
                w.key("type").string("object");
                w.key("additionalProperties").bool(true);
            }
            Type::Array(item) => {
                w.key("type").string("array");
                w.key("items");
                self.type_schema(w, p, item);
            }
            // Any JSON value: the empty schema.
            Type::Any => {}
            Type::Ref(id) => self.reference_members(w, p, id),
        }
    }

    /// `{"$ref": ...}` to the type `id` of package `p`. An id with no type
    /// is referred to by its plain name, and dangles (see the module docs).
    fn reference(&self, w: &mut JsonWriter, p: usize, id: &TypeId) {
        w.object(|w| self.reference_members(w, p, id));
    }

    /// The `$ref` member of [`Emitter::reference`].
    fn reference_members(&self, w: &mut JsonWriter, p: usize, id: &TypeId) {
        w.key("$ref");
        match self.keys[p].get(id) {
            Some(key) => w.string_of(&[SCHEMAS, key]),
            None => w.string_of(&[SCHEMAS, &type_key(&id.name)]),
        }
    }

    /// Splits a field's constraints into schema keywords (in the order
    /// `default`, `minimum`, `maximum`) and the `x-wix-limits` entries for the
    /// rest, in page order.
    fn constraints<'c>(
        &self,
        p: usize,
        ty: &Type,
        constraints: &'c [Constraint],
    ) -> (Vec<(&'static str, &'c Value)>, Vec<&'c Constraint>) {
        // Which constraint, if any, becomes each keyword.
        let mut chosen: [Option<usize>; 3] = [None; 3];
        for (index, constraint) in constraints.iter().enumerate() {
            let slot = keyword_slot(constraint.kind);
            let fits = constraint.unit.is_none()
                && constraint
                    .value
                    .as_ref()
                    .is_some_and(|value| self.value_fits(p, ty, constraint.kind, value));
            if fits && chosen[slot].is_none() {
                chosen[slot] = Some(index);
            }
        }
        // A default outside the limits would make the document invalid.
        let number = |slot: usize| {
            chosen[slot].and_then(|index| constraints[index].value.as_ref()?.as_f64())
        };
        if let Some(default) = number(0) {
            let below = number(1).is_some_and(|minimum| default < minimum);
            let above = number(2).is_some_and(|maximum| default > maximum);
            if below || above {
                chosen[0] = None;
            }
        }
        let mut keywords = Vec::new();
        for (slot, keyword) in ["default", "minimum", "maximum"].into_iter().enumerate() {
            if let Some(value) = chosen[slot].and_then(|index| constraints[index].value.as_ref()) {
                keywords.push((keyword, value));
            }
        }
        let limits = constraints
            .iter()
            .enumerate()
            .filter(|(index, _)| !chosen.contains(&Some(*index)))
            .map(|(_, constraint)| constraint)
            .collect();
        (keywords, limits)
    }

    /// Whether a constraint's JSON value can be the schema keyword for a field
    /// of type `ty`.
    fn value_fits(&self, p: usize, ty: &Type, kind: ConstraintKind, value: &Value) -> bool {
        match ty {
            Type::Integer => value.is_i64() || value.is_u64(),
            Type::Number => value.is_number(),
            _ if kind != ConstraintKind::Default => false,
            Type::Boolean => value.is_boolean(),
            Type::String { format: None } => value.is_string(),
            Type::Ref(id) => match (self.ir.packages[p].type_def(id), value.as_str()) {
                (Some(def), Some(text)) => match &def.kind {
                    TypeKind::Enum { values } => values.iter().any(|v| v.name == text),
                    TypeKind::Object { .. } => false,
                },
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether a value of type `ty` fits a query or path parameter as plain
    /// text: a scalar, an enum, or an array of those.
    fn is_plain_value(&self, p: usize, ty: &Type) -> bool {
        match ty {
            Type::Array(item) => !matches!(**item, Type::Array(_)) && self.is_plain_value(p, item),
            _ => self.is_scalar(p, ty),
        }
    }

    /// A string, number, boolean or enum of package `p`.
    fn is_scalar(&self, p: usize, ty: &Type) -> bool {
        match ty {
            Type::String { .. } | Type::Integer | Type::Number | Type::Boolean => true,
            Type::Object | Type::Any | Type::Array(_) => false,
            Type::Ref(id) => self.ir.packages[p]
                .type_def(id)
                .is_some_and(|def| matches!(def.kind, TypeKind::Enum { .. })),
        }
    }

    /// The object type `ty` refers to in package `p`, if it is one.
    fn object_type(&self, p: usize, ty: &Type) -> Option<&'a TypeDef> {
        let Type::Ref(id) = ty else { return None };
        let def = self.ir.packages[p].type_def(id)?;
        matches!(def.kind, TypeKind::Object { .. }).then_some(def)
    }

    /// The field at a dotted path from type `id` of package `p`.
    fn field_at(&self, p: usize, id: &TypeId, path: &str) -> Option<&'a Field> {
        let mut def = self.ir.packages[p].type_def(id)?;
        let mut segments = path.split('.').peekable();
        loop {
            let segment = segments.next()?;
            let TypeKind::Object { fields, .. } = &def.kind else {
                return None;
            };
            let field = fields.iter().find(|field| field.name == segment)?;
            if segments.peek().is_none() {
                return Some(field);
            }
            def = self.object_type(p, &field.ty)?;
        }
    }
}

/// Flattening a request type into query parameters.
struct QueryWalk<'e, 'a> {
    emitter: &'e Emitter<'a>,
    p: usize,
    /// Paths already sent as path parameters.
    skip: BTreeSet<&'e str>,
    /// The method's required request paths.
    required_paths: BTreeSet<&'e str>,
    /// The object types being walked (to stop at recursion).
    stack: Vec<TypeId>,
    /// Each parameter's field, dotted path and whether it is required.
    parameters: Vec<(&'a Field, String, bool)>,
}

impl QueryWalk<'_, '_> {
    /// Adds the parameters of object type `type_name` whose fields sit at
    /// `prefix`; `parent_required` says whether the object itself is.
    fn walk(&mut self, id: &TypeId, prefix: &str, parent_required: bool) {
        let emitter = self.emitter;
        let Some(def) = emitter.ir.packages[self.p].type_def(id) else {
            return;
        };
        let TypeKind::Object { fields, .. } = &def.kind else {
            return;
        };
        self.stack.push(id.clone());
        for field in fields {
            let path = if prefix.is_empty() {
                field.name.clone()
            } else {
                format!("{prefix}.{}", field.name)
            };
            if self.skip.contains(path.as_str()) {
                continue;
            }
            let required =
                parent_required && (field.required || self.required_paths.contains(path.as_str()));
            match emitter.object_type(self.p, &field.ty) {
                Some(nested) if !self.stack.contains(&nested.id().to_id()) => {
                    self.walk(&nested.id().to_id(), &path, required);
                }
                _ => self.parameters.push((field, path, required)),
            }
        }
        self.stack.pop();
    }
}

/// A field's description, with the note for local date-times.
fn field_description(field: &Field) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(description) = field.description.as_deref().filter(|d| !d.is_empty()) {
        parts.push(description);
    }
    if holds_local_date_time(&field.ty) {
        parts.push(LOCAL_DATE_TIME_NOTE);
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn holds_local_date_time(ty: &Type) -> bool {
    match ty {
        Type::String {
            format: Some(StringFormat::LocalDateTime),
        } => true,
        Type::Array(item) => holds_local_date_time(item),
        _ => false,
    }
}

/// `servers` with the one `host`.
fn servers(w: &mut JsonWriter, host: &str) {
    w.array(|w| {
        w.element()
            .object(|w| w.key("url").string_of(&["https://", host]));
    });
}

/// The index of a constraint's keyword in `default`, `minimum`, `maximum`.
fn keyword_slot(kind: ConstraintKind) -> usize {
    match kind {
        ConstraintKind::Default => 0,
        ConstraintKind::Minimum => 1,
        ConstraintKind::Maximum => 2,
    }
}

/// A constraint as an `x-wix-limits` entry.
fn limit(w: &mut JsonWriter, constraint: &Constraint) {
    let kind = match constraint.kind {
        ConstraintKind::Default => "default",
        ConstraintKind::Minimum => "minimum",
        ConstraintKind::Maximum => "maximum",
    };
    w.object(|w| {
        w.key("kind").string(kind);
        w.key("text").string(&constraint.text);
        if let Some(value) = &constraint.value {
            w.key("value").value(value);
        }
        if let Some(unit) = &constraint.unit {
            w.key("unit").string(unit);
        }
    });
}

fn name_origin(origin: NameOrigin) -> &'static str {
    match origin {
        NameOrigin::Documented => "documented",
        NameOrigin::Request => "request",
        NameOrigin::Singular => "singular",
        NameOrigin::Hint => "hint",
    }
}

/// The component keys of Wix's error body and its parts, beside the IR's
/// types.
pub const ERROR_SCHEMAS: [&str; 5] = [
    "WixError",
    "WixErrorDetails",
    "WixApplicationError",
    "WixValidationError",
    "WixFieldViolation",
];

/// The schemas of the error body every Wix API answers a failed call with:
/// `{"message", "details": {"applicationError": {...}}}` or
/// `{"message", "details": {"validationError": {"fieldViolations": [...]}}}`.
fn error_schemas() -> Map<String, Value> {
    let [_, details, application, validation, violation] =
        ERROR_SCHEMAS.map(|key| json!({ "$ref": format!("{SCHEMAS}{key}") }));
    let mut schemas = Map::new();
    schemas.insert(
        ERROR_SCHEMAS[0].into(),
        json!({
            "type": "object",
            "title": "WixError",
            "description": "The body of a failed call.",
            "properties": {
                "message": { "type": "string", "description": "What went wrong." },
                "details": details,
            },
        }),
    );
    schemas.insert(
        ERROR_SCHEMAS[1].into(),
        json!({
            "type": "object",
            "title": "WixErrorDetails",
            "description": "Why the call failed: an application error or a validation error.",
            "properties": {
                "applicationError": application,
                "validationError": validation,
            },
        }),
    );
    schemas.insert(
        ERROR_SCHEMAS[2].into(),
        json!({
            "type": "object",
            "title": "WixApplicationError",
            "description": "An error of the API's own: a code from the method's possible errors.",
            "properties": {
                "code": { "type": "string", "description": "The application error code." },
                "description": { "type": "string", "description": "What the code means." },
                "data": {
                    "type": "object",
                    "additionalProperties": true,
                    "description": "More about this occurrence.",
                },
            },
        }),
    );
    schemas.insert(
        ERROR_SCHEMAS[3].into(),
        json!({
            "type": "object",
            "title": "WixValidationError",
            "description": "The request fields that broke a rule.",
            "properties": {
                "fieldViolations": { "type": "array", "items": violation },
            },
        }),
    );
    schemas.insert(
        ERROR_SCHEMAS[4].into(),
        json!({
            "type": "object",
            "title": "WixFieldViolation",
            "description": "A request field that broke a rule.",
            "properties": {
                "field": { "type": "string", "description": "The field's path." },
                "description": { "type": "string", "description": "What is wrong." },
                "violatedRule": { "type": "string", "description": "The kind of rule." },
                "ruleName": { "type": "string", "description": "The rule's name." },
                "data": {
                    "type": "object",
                    "additionalProperties": true,
                    "description": "The rule's parameters.",
                },
            },
        }),
    );
    schemas
}

/// A method's error responses, written into the open `responses` object:
/// one per HTTP status of its `Possible Errors` table (its application error
/// codes in the description and in `x-wix-application-errors`), and
/// `default` for any other failure, all with Wix's error body.
fn error_responses(w: &mut JsonWriter, method: &Method) {
    let body = |w: &mut JsonWriter| {
        w.key("content").object(|w| {
            w.key("application/json").object(|w| {
                w.key("schema")
                    .object(|w| w.key("$ref").string_of(&[SCHEMAS, "WixError"]));
            });
        });
    };
    let mut by_status: BTreeMap<u16, Vec<&crate::ir::PossibleError>> = BTreeMap::new();
    // A success status in an errors table is a page's slip; the IR keeps
    // the row, and the `200` response is not replaced.
    for error in method.possible_errors.iter().filter(|e| e.http_code >= 300) {
        by_status.entry(error.http_code).or_default().push(error);
    }
    for (status, errors) in by_status {
        let lines: Vec<String> = errors
            .iter()
            .map(|error| {
                let description = error.description.trim();
                if description.is_empty() {
                    format!("- `{}` ({})", error.code, error.status_code)
                } else {
                    format!("- `{}` ({}): {description}", error.code, error.status_code)
                }
            })
            .collect();
        w.key(&status.to_string()).object(|w| {
            w.key("description")
                .string(&format!("Application errors:\n\n{}", lines.join("\n")));
            body(w);
            w.key("x-wix-application-errors").array(|w| {
                for error in &errors {
                    w.element().object(|w| {
                        w.key("code").string(&error.code);
                        w.key("statusCode").string(&error.status_code);
                        w.key("description").string(&error.description);
                    });
                }
            });
        });
    }
    w.key("default").object(|w| {
        w.key("description")
            .string("Any other failure, with Wix's error body.");
        body(w);
    });
}

/// The package part of a prefixed schema key: `@wix/bookings` -> `bookings`,
/// another scope `@a/b` -> `a.b`.
fn package_key(npm: &str) -> String {
    let short = npm.strip_prefix("@wix/").map_or_else(
        || npm.trim_start_matches('@').replace('/', "."),
        str::to_owned,
    );
    let key: String = short
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if key.is_empty() {
        "package".to_owned()
    } else {
        key
    }
}

/// A type name as a schema key: only `[A-Za-z0-9_-]` (no dot, so a plain key
/// never looks like a prefixed one).
fn type_key(name: &str) -> String {
    let key: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if key.is_empty() {
        "_".to_owned()
    } else {
        key
    }
}

/// Picks one name per item from its candidates (plain first, then more and
/// more qualified): an item moves to its next candidate while its name is
/// shared. Names still shared after the last candidate get `_2`, `_3`, ... in
/// item order.
fn unique_names(candidates: &[Vec<String>]) -> Vec<String> {
    let mut levels = vec![0_usize; candidates.len()];
    loop {
        let mut counts: HashMap<&str, usize> = HashMap::default();
        for (names, &level) in candidates.iter().zip(&levels) {
            *counts.entry(names[level].as_str()).or_default() += 1;
        }
        let mut changed = false;
        for (names, level) in candidates.iter().zip(levels.iter_mut()) {
            if counts[names[*level].as_str()] > 1 && *level + 1 < names.len() {
                *level += 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let chosen: Vec<&str> = candidates
        .iter()
        .zip(&levels)
        .map(|(names, &level)| names[level].as_str())
        .collect();
    let all: HashSet<&str> = chosen.iter().copied().collect();
    let mut used: HashSet<String> = HashSet::default();
    chosen
        .into_iter()
        .map(|name| {
            let mut unique = name.to_owned();
            let mut n = 2;
            while used.contains(&unique) || (unique != name && all.contains(unique.as_str())) {
                unique = format!("{name}_{n}");
                n += 1;
            }
            used.insert(unique.clone());
            unique
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumValue, Module, OneOfGroup, PermissionScope};

    fn field(name: &str, ty: Type) -> Field {
        Field {
            name: name.into(),
            ty,
            description: None,
            required: false,
            constraints: Vec::new(),
        }
    }

    fn described(mut field: Field, description: &str) -> Field {
        field.description = Some(description.into());
        field
    }

    fn required(mut field: Field) -> Field {
        field.required = true;
        field
    }

    fn constrained(
        mut field: Field,
        constraints: &[(ConstraintKind, &str, Option<Value>, Option<&str>)],
    ) -> Field {
        field.constraints = constraints
            .iter()
            .map(|(kind, text, value, unit)| Constraint {
                kind: *kind,
                text: (*text).into(),
                value: value.clone(),
                unit: unit.map(Into::into),
            })
            .collect();
        field
    }

    fn string() -> Type {
        Type::String { format: None }
    }

    fn reference(name: &str) -> Type {
        Type::Ref(TypeId::shared(name))
    }

    fn array(ty: Type) -> Type {
        Type::Array(Box::new(ty))
    }

    fn object(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.into(),
            module: None,
            name_origin: NameOrigin::Documented,
            kind: TypeKind::Object {
                fields,
                one_of_groups: Vec::new(),
            },
            modules: Vec::new(),
            occurrences: Vec::new(),
        }
    }

    fn enumeration(name: &str, values: &[(&str, Option<&str>)]) -> TypeDef {
        TypeDef {
            name: name.into(),
            module: None,
            name_origin: NameOrigin::Documented,
            kind: TypeKind::Enum {
                values: values
                    .iter()
                    .map(|(name, description)| EnumValue {
                        name: (*name).into(),
                        description: description.map(Into::into),
                    })
                    .collect(),
            },
            modules: Vec::new(),
            occurrences: Vec::new(),
        }
    }

    fn method(name: &str, operation_id: &str, http_method: HttpMethod, path: &str) -> Method {
        Method {
            name: name.into(),
            operation_id: operation_id.into(),
            description: format!("{name} does things."),
            http_method,
            host: "www.wixapis.com".into(),
            path: path.into(),
            docs_url: format!("https://dev.wix.com/docs/{operation_id}.md"),
            permission_scopes: vec![PermissionScope {
                name: "Manage Things".into(),
                id: "SCOPE.THINGS.MANAGE".into(),
            }],
            request: format!("{name}Request"),
            response: format!("{name}Response"),
            source: format!("specs/{operation_id}.md"),
            required_paths: Vec::new(),
            request_examples: Vec::new(),
            possible_errors: Vec::new(),
        }
    }

    fn package(npm: &str, modules: Vec<Module>, mut types: Vec<TypeDef>) -> Package {
        types.sort_by(|a, b| a.name.cmp(&b.name));
        Package {
            npm: npm.into(),
            modules,
            types,
        }
    }

    /// Two packages, both with a `Booking`; a POST query method and a GET.
    fn sample() -> Ir {
        let mut query = method(
            "QueryAttendance",
            "queryAttendance",
            HttpMethod::Post,
            "/bookings/v2/attendance/query",
        );
        query.required_paths = vec!["query".into()];
        let mut booking = object(
            "Booking",
            vec![
                required(field("id", string())),
                field("slot", Type::Object),
                field("schedule", Type::Object),
            ],
        );
        if let TypeKind::Object { one_of_groups, .. } = &mut booking.kind {
            one_of_groups.push(OneOfGroup {
                members: vec!["slot".into(), "schedule".into()],
                required: true,
            });
        }
        let bookings = package(
            "@wix/bookings",
            vec![Module {
                name: "attendance".into(),
                methods: vec![query],
            }],
            vec![
                object(
                    "QueryAttendanceRequest",
                    vec![required(field("query", reference("QueryV2")))],
                ),
                object(
                    "QueryV2",
                    vec![
                        described(
                            field("cursorPaging", reference("CursorPaging")),
                            "Cursor paging.",
                        ),
                        field("filter", Type::Object),
                        field("sort", array(reference("Sorting"))),
                    ],
                ),
                object(
                    "CursorPaging",
                    vec![
                        constrained(
                            field("limit", Type::Integer),
                            &[
                                (ConstraintKind::Default, "`50`", Some(json!(50)), None),
                                (ConstraintKind::Maximum, "`1000`", Some(json!(1000)), None),
                            ],
                        ),
                        field("cursor", string()),
                    ],
                ),
                object(
                    "Sorting",
                    vec![
                        field("fieldName", string()),
                        constrained(
                            field("order", reference("SortOrder")),
                            &[(
                                ConstraintKind::Default,
                                "`\"ASC\"`",
                                Some(json!("ASC")),
                                None,
                            )],
                        ),
                    ],
                ),
                enumeration("SortOrder", &[("ASC", Some("Ascending.")), ("DESC", None)]),
                object(
                    "QueryAttendanceResponse",
                    vec![field("attendances", array(reference("Attendance")))],
                ),
                object(
                    "Attendance",
                    vec![
                        required(field("id", string())),
                        field(
                            "createdDate",
                            Type::String {
                                format: Some(StringFormat::DateTime),
                            },
                        ),
                        described(
                            field(
                                "localStart",
                                Type::String {
                                    format: Some(StringFormat::LocalDateTime),
                                },
                            ),
                            "Start.",
                        ),
                        constrained(
                            field("numberOfAttendees", Type::Integer),
                            &[
                                (ConstraintKind::Default, "1", Some(json!(1)), None),
                                (ConstraintKind::Minimum, "2", Some(json!(2)), None),
                                (
                                    ConstraintKind::Maximum,
                                    "1 hour",
                                    Some(json!(1)),
                                    Some("hour"),
                                ),
                            ],
                        ),
                        constrained(
                            field("filter", Type::Object),
                            &[(
                                ConstraintKind::Maximum,
                                "1 filter",
                                Some(json!(1)),
                                Some("filter"),
                            )],
                        ),
                        constrained(
                            field("count", Type::Integer),
                            &[(
                                ConstraintKind::Default,
                                "`\"many\"`",
                                Some(json!("many")),
                                None,
                            )],
                        ),
                    ],
                ),
                booking,
            ],
        );
        let mut get = method(
            "GetEvent",
            "getEvent",
            HttpMethod::Get,
            "/events/v1/events/{eventId}",
        );
        get.required_paths = vec!["paging.limit".into()];
        let events = package(
            "@wix/events",
            vec![Module {
                name: "events".into(),
                methods: vec![get],
            }],
            vec![
                object(
                    "GetEventRequest",
                    vec![
                        described(field("eventId", string()), "Event ID."),
                        field("fieldsets", array(reference("Fieldset"))),
                        required(field("paging", reference("Paging"))),
                        field("filter", Type::Object),
                        field("sort", array(reference("Paging"))),
                        field("next", reference("GetEventRequest")),
                    ],
                ),
                enumeration("Fieldset", &[("FULL", None)]),
                object(
                    "Paging",
                    vec![
                        required(field("limit", Type::Integer)),
                        field("offset", Type::Integer),
                    ],
                ),
                object(
                    "GetEventResponse",
                    vec![field("booking", reference("Booking"))],
                ),
                object("Booking", vec![field("eventId", string())]),
            ],
        );
        Ir {
            packages: vec![bookings, events],
        }
    }

    fn document(ir: &Ir) -> Value {
        serde_json::from_str(&render(ir)).expect("the document is JSON")
    }

    fn refs<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("$ref", Value::String(target)) => out.push(target),
                        _ => refs(value, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| refs(item, out)),
            _ => {}
        }
    }

    #[test]
    fn openapi_refs_resolve_and_bodies_are_refs() {
        let doc = document(&sample());
        let op = &doc["paths"]["/bookings/v2/attendance/query"]["post"];
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"],
            json!({ "$ref": "#/components/schemas/QueryAttendanceRequest" })
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"],
            json!({ "$ref": "#/components/schemas/QueryAttendanceResponse" })
        );
        assert_eq!(op["operationId"], "queryAttendance");
        assert_eq!(op["summary"], "QueryAttendance");
        assert_eq!(op["tags"], json!(["attendance"]));
        assert_eq!(
            op["externalDocs"]["url"],
            "https://dev.wix.com/docs/queryAttendance.md"
        );
        assert_eq!(
            op["x-wix-permission-scopes"],
            json!([{ "name": "Manage Things", "id": "SCOPE.THINGS.MANAGE" }])
        );
        assert_eq!(op["x-wix-required-paths"], json!(["query"]));
        // A described ref is wrapped; a bare one is not.
        let query = &doc["components"]["schemas"]["QueryV2"]["properties"];
        assert_eq!(
            query["cursorPaging"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/CursorPaging" }], "description": "Cursor paging." })
        );
        assert_eq!(
            query["sort"],
            json!({ "type": "array", "items": { "$ref": "#/components/schemas/Sorting" } })
        );
        assert_eq!(
            query["filter"],
            json!({ "type": "object", "additionalProperties": true })
        );
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 5);
        for target in found {
            let key = target.strip_prefix(SCHEMAS).expect("a component ref");
            assert!(
                doc["components"]["schemas"].get(key).is_some(),
                "{target} dangles"
            );
        }
    }

    #[test]
    fn possible_errors_are_responses_per_status_with_wix_error_bodies() {
        let mut ir = sample();
        let query = &mut ir.packages[0].modules[0].methods[0];
        assert_eq!(query.name, "QueryAttendance");
        query.possible_errors = vec![
            crate::ir::PossibleError {
                http_code: 400,
                status_code: "INVALID_ARGUMENT".into(),
                code: "BAD_FILTER".into(),
                description: "The filter is invalid.".into(),
            },
            crate::ir::PossibleError {
                http_code: 404,
                status_code: "NOT_FOUND".into(),
                code: "NO_SESSION".into(),
                description: String::new(),
            },
            crate::ir::PossibleError {
                http_code: 400,
                status_code: "INVALID_ARGUMENT".into(),
                code: "BAD_SORT".into(),
                description: "The sort is invalid.".into(),
            },
        ];
        // A type of the API named like the error body keeps a key of its own.
        ir.packages[0].types.push(object("WixError", Vec::new()));
        ir.packages[0].types.sort_by(|a, b| a.name.cmp(&b.name));
        let doc = document(&ir);
        let responses = &doc["paths"]["/bookings/v2/attendance/query"]["post"]["responses"];
        let statuses: Vec<&String> = responses.as_object().expect("responses").keys().collect();
        assert_eq!(statuses, ["200", "400", "404", "default"]);
        assert_eq!(
            responses["400"]["description"],
            "Application errors:\n\n- `BAD_FILTER` (INVALID_ARGUMENT): The filter is invalid.\n- `BAD_SORT` (INVALID_ARGUMENT): The sort is invalid."
        );
        assert_eq!(
            responses["400"]["x-wix-application-errors"][1],
            json!({ "code": "BAD_SORT", "statusCode": "INVALID_ARGUMENT", "description": "The sort is invalid." })
        );
        assert_eq!(
            responses["404"]["description"],
            "Application errors:\n\n- `NO_SESSION` (NOT_FOUND)"
        );
        for status in ["400", "404", "default"] {
            assert_eq!(
                responses[status]["content"]["application/json"]["schema"],
                json!({ "$ref": "#/components/schemas/WixError" })
            );
        }
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["WixError"]["description"],
            "The body of a failed call."
        );
        assert_eq!(
            schemas["WixValidationError"]["properties"]["fieldViolations"]["items"],
            json!({ "$ref": "#/components/schemas/WixFieldViolation" })
        );
        let api_type = schemas
            .as_object()
            .expect("schemas")
            .iter()
            .find(|(key, schema)| *key != "WixError" && schema["title"] == "WixError")
            .map(|(key, _)| key.as_str());
        assert_eq!(api_type, Some("bookings.WixError"));
        // Another method without a table still has the default error.
        let get = doc["paths"]
            .as_object()
            .expect("paths")
            .values()
            .find_map(|item| item.get("get"));
        let get = get.expect("the sample's GET method");
        assert!(get["responses"]["default"].is_object());
        assert!(get["responses"].get("400").is_none());
    }

    #[test]
    fn openapi_required_lists_only_when_not_empty() {
        let doc = document(&sample());
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["QueryAttendanceRequest"]["required"],
            json!(["query"])
        );
        assert!(schemas["CursorPaging"].get("required").is_none());
        assert_eq!(schemas["CursorPaging"]["type"], "object");
        let properties: Vec<&String> = schemas["Attendance"]["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .collect();
        assert_eq!(
            properties,
            [
                "id",
                "createdDate",
                "localStart",
                "numberOfAttendees",
                "filter",
                "count"
            ]
        );
    }

    #[test]
    fn openapi_enums() {
        let doc = document(&sample());
        let order = &doc["components"]["schemas"]["SortOrder"];
        assert_eq!(order["type"], "string");
        assert_eq!(order["enum"], json!(["ASC", "DESC"]));
        assert_eq!(order["x-enum-descriptions"], json!(["Ascending.", ""]));
        assert_eq!(order["description"], "- `ASC`: Ascending.\n- `DESC`");
        let fieldset = &doc["components"]["schemas"]["events.Fieldset"];
        assert!(fieldset.is_null(), "Fieldset is unique: no prefix");
        let fieldset = &doc["components"]["schemas"]["Fieldset"];
        assert!(fieldset.get("x-enum-descriptions").is_none());
        assert!(fieldset.get("description").is_none());
        // An enum default goes next to the wrapped ref.
        assert_eq!(
            doc["components"]["schemas"]["Sorting"]["properties"]["order"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/SortOrder" }], "default": "ASC" })
        );
    }

    #[test]
    fn openapi_date_times() {
        let doc = document(&sample());
        let attendance = &doc["components"]["schemas"]["Attendance"]["properties"];
        assert_eq!(
            attendance["createdDate"],
            json!({ "type": "string", "format": "date-time" })
        );
        assert_eq!(attendance["localStart"]["type"], "string");
        assert!(attendance["localStart"].get("format").is_none());
        assert_eq!(attendance["localStart"]["x-wix-format"], "local-date-time");
        assert_eq!(
            attendance["localStart"]["description"],
            format!("Start.\n\n{LOCAL_DATE_TIME_NOTE}")
        );
    }

    #[test]
    fn openapi_name_clashes_get_the_package_prefix() {
        let doc = document(&sample());
        let schemas = doc["components"]["schemas"].as_object().expect("schemas");
        assert!(!schemas.contains_key("Booking"));
        assert_eq!(schemas["bookings.Booking"]["title"], "Booking");
        assert_eq!(
            schemas["bookings.Booking"]["x-wix-package"],
            "@wix/bookings"
        );
        assert_eq!(schemas["events.Booking"]["x-wix-package"], "@wix/events");
        assert!(schemas.contains_key("Attendance"));
        assert_eq!(
            schemas["GetEventResponse"]["properties"]["booking"]["$ref"],
            "#/components/schemas/events.Booking"
        );
        let keys: Vec<&String> = schemas.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        for key in keys {
            assert!(
                key.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
                "{key}"
            );
        }
    }

    #[test]
    fn openapi_operation_ids_are_unique() {
        let mut ir = sample();
        for package in &mut ir.packages {
            for module in &mut package.modules {
                for method in &mut module.methods {
                    method.operation_id = "getThing".into();
                }
            }
        }
        let doc = document(&ir);
        assert_eq!(
            doc["paths"]["/bookings/v2/attendance/query"]["post"]["operationId"],
            "bookings.getThing"
        );
        assert_eq!(
            doc["paths"]["/events/v1/events/{eventId}"]["get"]["operationId"],
            "events.getThing"
        );
    }

    #[test]
    fn openapi_constraints_become_keywords_or_limits() {
        let doc = document(&sample());
        let paging = &doc["components"]["schemas"]["CursorPaging"]["properties"]["limit"];
        assert_eq!(
            paging,
            &json!({ "type": "integer", "default": 50, "maximum": 1000 })
        );
        let attendance = &doc["components"]["schemas"]["Attendance"]["properties"];
        // Default 1 is below Minimum 2, and `1 hour` has a unit: both kept as written.
        assert_eq!(
            attendance["numberOfAttendees"],
            json!({
                "type": "integer",
                "minimum": 2,
                "x-wix-limits": [
                    { "kind": "default", "text": "1", "value": 1 },
                    { "kind": "maximum", "text": "1 hour", "value": 1, "unit": "hour" },
                ],
            })
        );
        assert_eq!(
            attendance["filter"]["x-wix-limits"],
            json!([{ "kind": "maximum", "text": "1 filter", "value": 1, "unit": "filter" }])
        );
        assert_eq!(
            attendance["count"],
            json!({
                "type": "integer",
                "x-wix-limits": [{ "kind": "default", "text": "`\"many\"`", "value": "many" }],
            })
        );
    }

    #[test]
    fn openapi_one_of_groups_are_an_extension() {
        let text = render(&sample());
        assert!(!text.contains("\"oneOf\""));
        let doc = document(&sample());
        let booking = &doc["components"]["schemas"]["bookings.Booking"];
        assert_eq!(
            booking["x-wix-one-of"],
            json!([{ "members": ["slot", "schedule"], "required": true }])
        );
        assert_eq!(
            booking["description"],
            "Exactly one of `slot`, `schedule` must be set."
        );
        assert_eq!(booking["required"], json!(["id"]));
    }

    #[test]
    fn openapi_get_requests_use_path_and_query_parameters() {
        let doc = document(&sample());
        let op = &doc["paths"]["/events/v1/events/{eventId}"]["get"];
        assert!(op.get("requestBody").is_none());
        assert_eq!(
            op["x-wix-request-schema"],
            json!({ "$ref": "#/components/schemas/GetEventRequest" })
        );
        assert_eq!(
            op["parameters"],
            json!([
                { "name": "eventId", "in": "path", "description": "Event ID.", "required": true, "schema": { "type": "string" } },
                { "name": "fieldsets", "in": "query", "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Fieldset" } } },
                { "name": "paging.limit", "in": "query", "required": true, "schema": { "type": "integer" } },
                { "name": "paging.offset", "in": "query", "schema": { "type": "integer" } },
                { "name": "filter", "in": "query", "content": { "application/json": { "schema": { "type": "object", "additionalProperties": true } } } },
                { "name": "sort", "in": "query", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Paging" } } } } },
                { "name": "next", "in": "query", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/GetEventRequest" } } } },
            ])
        );
    }

    #[test]
    fn openapi_other_hosts_get_their_own_servers() {
        let mut ir = sample();
        ir.packages[1].modules[0].methods[0].host = "events.example.com".into();
        let doc = document(&ir);
        assert_eq!(
            doc["servers"],
            json!([{ "url": "https://www.wixapis.com" }])
        );
        assert_eq!(
            doc["paths"]["/events/v1/events/{eventId}"]["servers"],
            json!([{ "url": "https://events.example.com" }])
        );
        assert!(doc["paths"]["/bookings/v2/attendance/query"]
            .get("servers")
            .is_none());
    }

    #[test]
    fn openapi_is_deterministic() {
        let ir = sample();
        let text = render(&ir);
        assert_eq!(text, render(&ir));
        assert_eq!(text, render(&ir.clone()));
        assert!(text.starts_with(
            "{\n  \"x-generated-by\": \"cargo xtask codegen (from specs/; do not edit)\",\n  \"openapi\": \"3.0.3\",\n  \"info\": {\n    \"title\": \"Wix APIs\""
        ));
        assert!(text.ends_with("}\n"));
        let doc = document(&ir);
        let top: Vec<&String> = doc.as_object().expect("object").keys().collect();
        assert_eq!(
            top,
            [
                "x-generated-by",
                "openapi",
                "info",
                "servers",
                "tags",
                "paths",
                "components"
            ]
        );
    }

    #[test]
    fn openapi_empty_ir() {
        let doc = document(&Ir::default());
        assert_eq!(
            doc["servers"],
            json!([{ "url": "https://www.wixapis.com" }])
        );
        assert_eq!(doc["paths"], json!({}));
        assert!(doc.get("tags").is_none());
    }

    #[test]
    fn openapi_unique_names() {
        let candidates = |names: &[&[&str]]| -> Vec<Vec<String>> {
            names
                .iter()
                .map(|c| c.iter().map(|s| (*s).to_owned()).collect())
                .collect()
        };
        assert_eq!(
            unique_names(&candidates(&[&["A", "x.A"], &["A", "y.A"], &["B", "x.B"]])),
            ["x.A", "y.A", "B"]
        );
        assert_eq!(
            unique_names(&candidates(&[&["A", "x.A"], &["A", "x.A"], &["x.A_2"]])),
            ["x.A", "x.A_3", "x.A_2"]
        );
        assert_eq!(package_key("@wix/bookings"), "bookings");
        assert_eq!(package_key("@other/some pkg"), "other.some_pkg");
        assert_eq!(type_key("Foo.Bar"), "Foo_Bar");
    }
}
