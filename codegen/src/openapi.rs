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
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{json, Map, Value};

use crate::ir::{
    Constraint, Field, Ir, Method, Module, NameOrigin, Package, StringFormat, Type, TypeDef,
    TypeId, TypeKind,
};
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
    let document = Emitter::new(ir).document();
    // Straight into a buffer: through `Display` every write goes through a
    // formatter, which was a quarter of this module's time.
    // (A `Value` always serializes; `Display` is the same text anyway.)
    let mut text =
        serde_json::to_string_pretty(&document).unwrap_or_else(|_| format!("{document:#}"));
    text.push('\n');
    text
}

/// A JSON object of `members`, moved in: `json!` would copy each value
/// (it serializes every expression it is given).
fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    )
}

/// An operation before it is placed in its path item.
struct Operation<'a> {
    http_method: HttpMethod,
    host: &'a str,
    body: Map<String, Value>,
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
        let mut keys = vec![HashMap::new(); ir.packages.len()];
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
    fn document(&self) -> Value {
        let main_host = self.main_host();
        let mut document = Map::new();
        // JSON has no comments: the generated-file header is an extension.
        document.insert(
            "x-generated-by".into(),
            "cargo xtask codegen (from specs/; do not edit)".into(),
        );
        document.insert("openapi".into(), OPENAPI_VERSION.into());
        document.insert(
            "info".into(),
            json!({
                "title": TITLE,
                "version": DOCUMENT_VERSION,
                "description": "The Wix REST APIs, generated from their reference pages.",
            }),
        );
        document.insert("servers".into(), servers(main_host));
        let tags = self.tags();
        if !tags.is_empty() {
            document.insert("tags".into(), Value::Array(tags));
        }
        document.insert("paths".into(), Value::Object(self.paths(main_host)));
        document.insert(
            "components".into(),
            object([("schemas", Value::Object(self.schemas()))]),
        );
        Value::Object(document)
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

    /// One tag per module name, saying which packages have such a module.
    fn tags(&self) -> Vec<Value> {
        let mut modules: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for package in &self.ir.packages {
            for module in &package.modules {
                modules
                    .entry(module.name.as_str())
                    .or_default()
                    .insert(package.npm.as_str());
            }
        }
        modules
            .into_iter()
            .map(|(module, packages)| {
                let packages: Vec<String> = packages.iter().map(|npm| format!("`{npm}`")).collect();
                json!({
                    "name": module,
                    "description": format!("The `{module}` module of {}.", packages.join(", ")),
                })
            })
            .collect()
    }

    /// The path items, sorted by path.
    fn paths(&self, main_host: &str) -> Map<String, Value> {
        let mut by_path: BTreeMap<String, Vec<Operation<'a>>> = BTreeMap::new();
        for (p, package) in self.ir.packages.iter().enumerate() {
            for (m, module) in package.modules.iter().enumerate() {
                for (i, method) in module.methods.iter().enumerate() {
                    let path = if method.path.starts_with('/') {
                        method.path.clone()
                    } else {
                        format!("/{}", method.path)
                    };
                    let id = &self.operation_ids[&(p, m, i)];
                    by_path.entry(path).or_default().push(Operation {
                        http_method: method.http_method,
                        host: &method.host,
                        body: self.operation(p, package, module, method, id),
                    });
                }
            }
        }
        let mut paths = Map::new();
        for (path, operations) in by_path {
            let hosts: BTreeSet<&str> = operations.iter().map(|op| op.host).collect();
            let path_host = match hosts.len() {
                1 => hosts.first().copied(),
                _ => None,
            };
            let mut item = Map::new();
            let mut duplicates = Vec::new();
            for http_method in HTTP_METHODS {
                let key = http_method.as_str().to_ascii_lowercase();
                let same_method = operations.iter().filter(|op| op.http_method == http_method);
                for (n, op) in same_method.enumerate() {
                    let mut body = op.body.clone();
                    if path_host.is_none() && op.host != main_host {
                        body.insert("servers".into(), servers(op.host));
                    }
                    if n == 0 {
                        item.insert(key.clone(), Value::Object(body));
                    } else {
                        duplicates.push(object([
                            ("method", Value::from(key.as_str())),
                            ("operation", Value::Object(body)),
                        ]));
                    }
                }
            }
            if let Some(host) = path_host.filter(|&host| host != main_host) {
                item.insert("servers".into(), servers(host));
            }
            if !duplicates.is_empty() {
                item.insert("x-wix-duplicate-operations".into(), duplicates.into());
            }
            paths.insert(path, Value::Object(item));
        }
        paths
    }

    /// A method's operation object.
    fn operation(
        &self,
        p: usize,
        package: &Package,
        module: &Module,
        method: &Method,
        id: &str,
    ) -> Map<String, Value> {
        let mut op = Map::new();
        op.insert("operationId".into(), id.into());
        op.insert("summary".into(), method.name.clone().into());
        if !method.description.is_empty() {
            op.insert("description".into(), method.description.clone().into());
        }
        op.insert("tags".into(), json!([module.name]));
        if !method.docs_url.is_empty() {
            op.insert("externalDocs".into(), json!({ "url": method.docs_url }));
        }
        let takes_body = matches!(
            method.http_method,
            HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch
        );
        let request = package.resolve(&module.name, &method.request);
        let response = package.resolve(&module.name, &method.response);
        let path_names = crate::ir::path_parameter_names(&method.path);
        let mut parameters: Vec<Value> = path_names
            .iter()
            .map(|name| self.path_parameter(p, &request, name))
            .collect();
        if !takes_body {
            let mut walk = QueryWalk {
                emitter: self,
                p,
                skip: path_names.iter().copied().collect(),
                required_paths: method.required_paths.iter().map(String::as_str).collect(),
                stack: Vec::new(),
                parameters: Vec::new(),
            };
            walk.walk(&request, "", true);
            parameters.append(&mut walk.parameters);
        }
        if !parameters.is_empty() {
            op.insert("parameters".into(), parameters.into());
        }
        if takes_body {
            op.insert(
                "requestBody".into(),
                json!({
                    "required": true,
                    "content": { "application/json": { "schema": self.reference(p, &request) } },
                }),
            );
        }
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            json!({
                "description": "Success.",
                "content": { "application/json": { "schema": self.reference(p, &response) } },
            }),
        );
        responses.extend(error_responses(method));
        op.insert("responses".into(), Value::Object(responses));
        if !method.permission_scopes.is_empty() {
            let scopes: Vec<Value> = method
                .permission_scopes
                .iter()
                .map(|scope| json!({ "name": scope.name, "id": scope.id }))
                .collect();
            op.insert("x-wix-permission-scopes".into(), scopes.into());
        }
        if !method.required_paths.is_empty() {
            op.insert("x-wix-required-paths".into(), json!(method.required_paths));
        }
        if !takes_body {
            op.insert(
                "x-wix-request-schema".into(),
                Value::Object(self.reference(p, &request)),
            );
        }
        op.insert("x-wix-package".into(), package.npm.clone().into());
        op.insert("x-wix-source".into(), method.source.clone().into());
        op
    }

    /// The path parameter `name` of a method, described by the request field
    /// at that (dotted) path.
    fn path_parameter(&self, p: usize, request: &TypeId, name: &str) -> Value {
        let field = self.field_at(p, request, name);
        let mut parameter = Map::new();
        parameter.insert("name".into(), name.into());
        parameter.insert("in".into(), "path".into());
        if let Some(description) = field.and_then(field_description) {
            parameter.insert("description".into(), description.into());
        }
        parameter.insert("required".into(), true.into());
        let schema = match field {
            Some(field) if self.is_plain_value(p, &field.ty) => self.field_schema(p, field, None),
            _ => string_schema(),
        };
        parameter.insert("schema".into(), Value::Object(schema));
        Value::Object(parameter)
    }

    /// A query parameter for a request field at `path`.
    fn query_parameter(&self, p: usize, field: &Field, path: &str, required: bool) -> Value {
        let mut parameter = Map::new();
        parameter.insert("name".into(), path.into());
        parameter.insert("in".into(), "query".into());
        if let Some(description) = field_description(field) {
            parameter.insert("description".into(), description.into());
        }
        if required {
            parameter.insert("required".into(), true.into());
        }
        let schema = Value::Object(self.field_schema(p, field, None));
        if self.is_plain_value(p, &field.ty) {
            parameter.insert("schema".into(), schema);
        } else {
            parameter.insert(
                "content".into(),
                object([("application/json", object([("schema", schema)]))]),
            );
        }
        Value::Object(parameter)
    }

    /// The component schemas, sorted by key.
    fn schemas(&self) -> Map<String, Value> {
        let mut schemas: BTreeMap<String, Value> = error_schemas().into_iter().collect();
        for (p, package) in self.ir.packages.iter().enumerate() {
            for ty in &package.types {
                let key = self.keys[p][&ty.id().to_id()].clone();
                schemas.insert(key, self.type_def_schema(p, package, ty));
            }
        }
        schemas.into_iter().collect()
    }

    /// The schema of a named type.
    fn type_def_schema(&self, p: usize, package: &Package, ty: &TypeDef) -> Value {
        let mut schema = Map::new();
        match &ty.kind {
            TypeKind::Object {
                fields,
                one_of_groups,
            } => {
                schema.insert("type".into(), "object".into());
                schema.insert("title".into(), ty.name.clone().into());
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
                    schema.insert("description".into(), lines.join("\n\n").into());
                }
                if !fields.is_empty() {
                    let properties: Map<String, Value> = fields
                        .iter()
                        .map(|field| {
                            let schema = self.field_schema(p, field, field_description(field));
                            (field.name.clone(), Value::Object(schema))
                        })
                        .collect();
                    schema.insert("properties".into(), properties.into());
                }
                let required: Vec<&str> = fields
                    .iter()
                    .filter(|field| field.required)
                    .map(|field| field.name.as_str())
                    .collect();
                if !required.is_empty() {
                    schema.insert("required".into(), json!(required));
                }
                if !one_of_groups.is_empty() {
                    let groups: Vec<Value> = one_of_groups
                        .iter()
                        .map(
                            |group| json!({ "members": group.members, "required": group.required }),
                        )
                        .collect();
                    schema.insert("x-wix-one-of".into(), groups.into());
                }
            }
            TypeKind::Enum { values } => {
                schema.insert("type".into(), "string".into());
                schema.insert("title".into(), ty.name.clone().into());
                if values.iter().any(|value| value.description.is_some()) {
                    let lines: Vec<String> = values
                        .iter()
                        .map(|value| match &value.description {
                            Some(description) => format!("- `{}`: {description}", value.name),
                            None => format!("- `{}`", value.name),
                        })
                        .collect();
                    schema.insert("description".into(), lines.join("\n").into());
                }
                if values.is_empty() {
                    // `enum` must not be empty: any string, and say so.
                    schema.insert(
                        "description".into(),
                        "The values are not documented.".into(),
                    );
                } else {
                    let names: Vec<&str> = values.iter().map(|value| value.name.as_str()).collect();
                    schema.insert("enum".into(), json!(names));
                }
                if values.iter().any(|value| value.description.is_some()) {
                    let descriptions: Vec<&str> = values
                        .iter()
                        .map(|value| value.description.as_deref().unwrap_or(""))
                        .collect();
                    schema.insert("x-enum-descriptions".into(), json!(descriptions));
                }
            }
        }
        schema.insert("x-wix-package".into(), package.npm.clone().into());
        schema.insert(
            "x-wix-name-origin".into(),
            name_origin(ty.name_origin).into(),
        );
        Value::Object(schema)
    }

    /// A field's schema: its type's, with `description` (when given),
    /// `default`, `minimum`, `maximum` and `x-wix-limits`; a ref with any of
    /// them is wrapped in `allOf`.
    fn field_schema(
        &self,
        p: usize,
        field: &Field,
        description: Option<String>,
    ) -> Map<String, Value> {
        let base = self.type_schema(p, &field.ty);
        let (keywords, limits) = self.constraints(p, &field.ty, &field.constraints);
        let mut schema = if base.contains_key("$ref")
            && (description.is_some() || !keywords.is_empty() || !limits.is_empty())
        {
            let mut wrapper = Map::new();
            wrapper.insert("allOf".into(), Value::Array(vec![Value::Object(base)]));
            wrapper
        } else {
            base
        };
        if let Some(description) = description {
            schema.insert("description".into(), description.into());
        }
        for (keyword, value) in keywords {
            schema.insert(keyword.into(), value);
        }
        if !limits.is_empty() {
            schema.insert("x-wix-limits".into(), limits.into());
        }
        schema
    }

    /// The schema of a type, without anything a field adds.
    fn type_schema(&self, p: usize, ty: &Type) -> Map<String, Value> {
        let schema = match ty {
            Type::String { format: None } => json!({ "type": "string" }),
            Type::String {
                format: Some(StringFormat::DateTime),
            } => json!({ "type": "string", "format": "date-time" }),
            Type::String {
                format: Some(StringFormat::LocalDateTime),
            } => json!({ "type": "string", "x-wix-format": "local-date-time" }),
            Type::Integer => json!({ "type": "integer" }),
            Type::Number => json!({ "type": "number" }),
            Type::Boolean => json!({ "type": "boolean" }),
            Type::Object => json!({ "type": "object", "additionalProperties": true }),
            Type::Array(item) => object([
                ("type", "array".into()),
                ("items", Value::Object(self.type_schema(p, item))),
            ]),
            // Any JSON value: the empty schema.
            Type::Any => json!({}),
            Type::Ref(id) => return self.reference(p, id),
        };
        match schema {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    /// `{"$ref": ...}` to the type `id` of package `p`. An id with no type
    /// is referred to by its plain name, and dangles (see the module docs).
    fn reference(&self, p: usize, id: &TypeId) -> Map<String, Value> {
        let key = self.keys[p]
            .get(id)
            .cloned()
            .unwrap_or_else(|| type_key(&id.name));
        let mut reference = Map::new();
        reference.insert("$ref".into(), format!("{SCHEMAS}{key}").into());
        reference
    }

    /// Splits a field's constraints into schema keywords (in the order
    /// `default`, `minimum`, `maximum`) and the `x-wix-limits` entries for the
    /// rest, in page order.
    fn constraints(
        &self,
        p: usize,
        ty: &Type,
        constraints: &[Constraint],
    ) -> (Vec<(&'static str, Value)>, Vec<Value>) {
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
            if let Some(value) = chosen[slot].and_then(|index| constraints[index].value.clone()) {
                keywords.push((keyword, value));
            }
        }
        let limits = constraints
            .iter()
            .enumerate()
            .filter(|(index, _)| !chosen.contains(&Some(*index)))
            .map(|(_, constraint)| limit(constraint))
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
    parameters: Vec<Value>,
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
                _ => {
                    let parameter = emitter.query_parameter(self.p, field, &path, required);
                    self.parameters.push(parameter);
                }
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

fn string_schema() -> Map<String, Value> {
    let mut schema = Map::new();
    schema.insert("type".into(), "string".into());
    schema
}

fn servers(host: &str) -> Value {
    json!([{ "url": format!("https://{host}") }])
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
fn limit(constraint: &Constraint) -> Value {
    let kind = match constraint.kind {
        ConstraintKind::Default => "default",
        ConstraintKind::Minimum => "minimum",
        ConstraintKind::Maximum => "maximum",
    };
    let mut entry = Map::new();
    entry.insert("kind".into(), kind.into());
    entry.insert("text".into(), constraint.text.clone().into());
    if let Some(value) = &constraint.value {
        entry.insert("value".into(), value.clone());
    }
    if let Some(unit) = &constraint.unit {
        entry.insert("unit".into(), unit.clone().into());
    }
    Value::Object(entry)
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

/// A method's error responses: one per HTTP status of its `Possible Errors`
/// table (its application error codes in the description and in
/// `x-wix-application-errors`), and `default` for any other failure, all
/// with Wix's error body.
fn error_responses(method: &Method) -> Map<String, Value> {
    let body =
        json!({ "application/json": { "schema": { "$ref": format!("{SCHEMAS}WixError") } } });
    let mut by_status: BTreeMap<u16, Vec<&crate::ir::PossibleError>> = BTreeMap::new();
    // A success status in an errors table is a page's slip; the IR keeps
    // the row, and the `200` response is not replaced.
    for error in method.possible_errors.iter().filter(|e| e.http_code >= 300) {
        by_status.entry(error.http_code).or_default().push(error);
    }
    let mut responses = Map::new();
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
        let listed: Vec<Value> = errors
            .iter()
            .map(|error| {
                json!({
                    "code": error.code,
                    "statusCode": error.status_code,
                    "description": error.description,
                })
            })
            .collect();
        responses.insert(
            status.to_string(),
            json!({
                "description": format!("Application errors:\n\n{}", lines.join("\n")),
                "content": body,
                "x-wix-application-errors": listed,
            }),
        );
    }
    responses.insert(
        "default".into(),
        json!({ "description": "Any other failure, with Wix's error body.", "content": body }),
    );
    responses
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
        let mut counts: HashMap<&str, usize> = HashMap::new();
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
    let mut used: HashSet<String> = HashSet::new();
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
    use crate::ir::{EnumValue, OneOfGroup, PermissionScope};

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
