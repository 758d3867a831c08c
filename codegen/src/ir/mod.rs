//! The intermediate model (IR): the whole API surface in `specs/`, with the
//! true nesting recovered. REST names are the wire names; the IR is what the
//! emitters (Rust, OpenAPI) read, and it dumps to YAML (`cargo xtask ir`).
//!
//! Everything is kept in sorted order so dumps are deterministic.

use std::fmt;

use serde::{Serialize, Serializer};

pub mod build;

pub use build::{build_ir, BuiltIr};

use crate::page::{ConstraintKind, HttpMethod};

/// The API surface: one entry per npm package.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Ir {
    /// Packages, sorted by npm name.
    pub packages: Vec<Package>,
}

/// An npm package (`@wix/bookings`): its SDK modules and its named types.
///
/// A named type belongs to one SDK module: each module is generated from its
/// own API service, so two modules' `Location`s are two types. Only the
/// platform's common types (the catalogue: `CursorPaging`, `Sorting`, ...)
/// are shared by the package's modules, and only where every module's pages
/// agree with the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Package {
    /// The npm package, e.g. `@wix/bookings`.
    pub npm: String,
    /// The SDK modules, sorted by name.
    pub modules: Vec<Module>,
    /// The named types, sorted by id: the shared platform types first, then
    /// each module's own.
    pub types: Vec<TypeDef>,
}

impl Package {
    /// What type name `name` means in SDK module `module`: the module's own
    /// type of that name when it has one, else the shared platform type.
    pub fn resolve(&self, module: &str, name: &str) -> TypeId {
        let own = TypeId::module(module, name);
        if self.type_def(&own).is_some() {
            own
        } else {
            TypeId::shared(name)
        }
    }

    /// The type `id` names, when the package defines it.
    pub fn type_def(&self, id: &TypeId) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|t| t.id().cmp_ref(id))
            .ok()
            .map(|index| &self.types[index])
    }
}

/// Which named type a field refers to: its SDK module (`None` for a shared
/// platform type) and its name. Unique within an npm package.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId {
    /// The SDK module the type belongs to; `None` for a platform type the
    /// package's modules share.
    pub module: Option<String>,
    /// The type's name as the docs give it.
    pub name: String,
}

impl TypeId {
    /// The id of type `name` of SDK module `module`.
    pub fn module(module: &str, name: &str) -> Self {
        TypeId {
            module: Some(module.to_owned()),
            name: name.to_owned(),
        }
    }

    /// The id of the shared platform type `name`.
    pub fn shared(name: &str) -> Self {
        TypeId {
            module: None,
            name: name.to_owned(),
        }
    }

    /// This id, borrowed.
    pub fn as_ref(&self) -> TypeIdRef<'_> {
        TypeIdRef {
            module: self.module.as_deref(),
            name: &self.name,
        }
    }
}

/// A borrowed [`TypeId`], so lookups need no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeIdRef<'a> {
    /// The SDK module, `None` for a shared type.
    pub module: Option<&'a str>,
    /// The name.
    pub name: &'a str,
}

impl TypeIdRef<'_> {
    fn cmp_ref(&self, id: &TypeId) -> std::cmp::Ordering {
        (self.module, self.name).cmp(&(id.module.as_deref(), id.name.as_str()))
    }
}

impl TypeIdRef<'_> {
    /// The owned id.
    pub fn to_id(self) -> TypeId {
        TypeId {
            module: self.module.map(str::to_owned),
            name: self.name.to_owned(),
        }
    }
}

/// A JavaScript SDK module (`attendance` in `import { attendance } from '@wix/bookings'`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Module {
    /// The module name.
    pub name: String,
    /// Its methods, sorted by name.
    pub methods: Vec<Method>,
}

/// One API method (one page).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Method {
    /// The page title, e.g. `QueryResources`.
    pub name: String,
    /// The REST schema's method name, e.g. `queryResources` (the OpenAPI operationId).
    pub operation_id: String,
    /// The description, as markdown.
    pub description: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The host of the schema URL, e.g. `www.wixapis.com`.
    pub host: String,
    /// The path of the schema URL.
    pub path: String,
    /// The docs page of the method.
    pub docs_url: String,
    /// The permission scopes a caller needs.
    pub permission_scopes: Vec<PermissionScope>,
    /// The request body type, `<Method>Request`.
    pub request: String,
    /// The response type, as the page names it.
    pub response: String,
    /// The spec file the method comes from.
    pub source: String,
    /// The wire paths of the request fields that must be set (the
    /// `Required parameters` list and `required: true` entries).
    pub required_paths: Vec<String>,
    /// The request bodies of the page's curl examples, in page order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub request_examples: Vec<RequestExample>,
}

/// A curl example's request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestExample {
    /// The example's heading.
    pub title: String,
    /// The JSON body, key order as on the page.
    pub body: serde_json::Value,
}

/// A permission scope, e.g. `Manage Bookings` (`SCOPE.DC-BOOKINGS.MANAGE-BOOKINGS`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PermissionScope {
    /// The human name.
    pub name: String,
    /// The scope id.
    pub id: String,
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// The name, as the docs give it (`CursorPagingMetadata`) or derived
    /// (`QueryResourcesRequest`, `Resource` for the elements of `resources`).
    pub name: String,
    /// The SDK module the type belongs to; `None` (YAML `null`) for a
    /// platform type the package's modules share.
    pub module: Option<String>,
    /// How the name was found.
    pub name_origin: NameOrigin,
    /// What the type is.
    #[serde(flatten)]
    pub kind: TypeKind,
    /// The SDK modules whose methods reach the type, sorted: only a shared
    /// platform type is reached from several.
    pub modules: Vec<String>,
    /// Where the type occurs: `file:position` of each occurrence, sorted.
    pub occurrences: Vec<String>,
}

impl TypeDef {
    /// The type's id within its package.
    pub fn id(&self) -> TypeIdRef<'_> {
        TypeIdRef {
            module: self.module.as_deref(),
            name: &self.name,
        }
    }
}

/// Where a type's name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameOrigin {
    /// A page names it.
    Documented,
    /// A method's request body: `<Method>Request`.
    Request,
    /// The singular of an array field whose element type no page names.
    Singular,
    /// The hints file names it.
    Hint,
}

/// An object or an enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TypeKind {
    /// A JSON object with known fields.
    Object {
        /// The fields, in first-seen page order.
        fields: Vec<Field>,
        /// Its one-of groups: at most one member of each is set.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        one_of_groups: Vec<OneOfGroup>,
    },
    /// A string enum.
    Enum {
        /// The documented values, in page order.
        values: Vec<EnumValue>,
    },
}

/// A field of an object type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The wire name (REST naming).
    pub name: String,
    /// The type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// The description, as markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the field must be present.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Defaults and limits from the description.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
}

/// A default or a limit stated in a field's description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Constraint {
    /// What it sets.
    pub kind: ConstraintKind,
    /// The value as written, e.g. `50` or `1 minute`.
    pub text: String,
    /// The value as JSON, when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// The unit word after a number, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A one-of group of an object type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OneOfGroup {
    /// The members' wire names.
    pub members: Vec<String>,
    /// Whether one member must be set.
    pub required: bool,
}

/// An enum value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    /// The wire value.
    pub name: String,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A field's type. In YAML it is one word: `string`, `date-time`,
/// `local-date-time`, `integer`, `number`, `boolean`, `object` (free-form
/// JSON), `any` (any JSON value), `array<T>`, or a type name (`Resource`):
/// the module's own type of that name when the module has one, else the
/// shared platform type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A string; `format` says when it holds something more specific.
    String {
        /// The string's format, when documented.
        format: Option<StringFormat>,
    },
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// A free-form JSON object.
    Object,
    /// An array.
    Array(Box<Type>),
    /// Any JSON value: the elements of a bare `array` that no evidence
    /// types (the docs print arrays of scalars as plain `array`).
    Any,
    /// A named type of the same package.
    Ref(TypeId),
}

/// What a string field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StringFormat {
    /// An RFC 3339 time with zone (`YYYY-MM-DDThh:mm:ss.sssZ`, SDK type `Date`).
    DateTime,
    /// A local time without zone (`YYYY-MM-DDThh:mm:ss`), kept as text.
    LocalDateTime,
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String { format: None } => f.write_str("string"),
            Type::String {
                format: Some(StringFormat::DateTime),
            } => f.write_str("date-time"),
            Type::String {
                format: Some(StringFormat::LocalDateTime),
            } => f.write_str("local-date-time"),
            Type::Integer => f.write_str("integer"),
            Type::Number => f.write_str("number"),
            Type::Boolean => f.write_str("boolean"),
            Type::Object => f.write_str("object"),
            Type::Array(inner) => write!(f, "array<{inner}>"),
            Type::Any => f.write_str("any"),
            Type::Ref(id) => f.write_str(&id.name),
        }
    }
}

impl Type {
    /// The named type this type holds, directly or as array elements.
    pub fn referenced(&self) -> Option<&TypeId> {
        match self {
            Type::Ref(id) => Some(id),
            Type::Array(inner) => inner.referenced(),
            _ => None,
        }
    }

    /// Whether this type holds any JSON value where a type is unknown.
    pub fn holds_any(&self) -> bool {
        match self {
            Type::Any => true,
            Type::Array(inner) => inner.holds_any(),
            _ => false,
        }
    }

    /// Whether `other` is this type with some unknown element types known.
    pub fn is_refined_by(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Any, other) => *other != Type::Any,
            (Type::Array(mine), Type::Array(theirs)) => mine.is_refined_by(theirs),
            _ => false,
        }
    }

    /// This type with each named type `id` replaced by `map(id)`.
    #[must_use]
    pub fn map_refs(&self, map: &impl Fn(&TypeId) -> TypeId) -> Type {
        match self {
            Type::Ref(id) => Type::Ref(map(id)),
            Type::Array(inner) => Type::Array(Box::new(inner.map_refs(map))),
            other => other.clone(),
        }
    }
}

impl Serialize for Type {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Ir {
    /// The IR as YAML, as `cargo xtask ir` prints it.
    pub fn to_yaml(&self) -> Result<String, serde_yaml::Error> {
        serde_yaml::to_string(self)
    }
}

#[cfg(test)]
mod tests;

/// The names in `{...}` of a URL path template, each once, in order:
/// `/v2/bookings/{booking.id}` -> `booking.id`, the dotted path of the
/// request field that fills it.
pub fn path_parameter_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
        rest = &after[close + 1..];
    }
    names
}

/// What is wrong with a URL path template's braces, if anything: an
/// unclosed `{`, a `}` with no `{`, `{}` or a `{` inside braces.
pub fn path_template_problem(path: &str) -> Option<String> {
    let mut open: Option<usize> = None;
    for (at, c) in path.char_indices() {
        match (c, open) {
            ('{', None) => open = Some(at),
            ('{', Some(first)) => {
                return Some(format!(
                    "a `{{` at byte {at} inside the braces opened at byte {first}"
                ))
            }
            ('}', None) => return Some(format!("a `}}` at byte {at} closes no `{{`")),
            ('}', Some(first)) if first + 1 == at => {
                return Some(format!("empty braces at byte {first}"))
            }
            ('}', Some(_)) => open = None,
            _ => {}
        }
    }
    open.map(|first| format!("the `{{` at byte {first} is never closed"))
}
