//! The page model: everything one captured reference page says, with positions.
//!
//! The model is faithful, not interpreted. Field entries are kept as the flat
//! sequence the page prints, each with the indentation it was printed at (on
//! multi-line pages); recovering the true nesting is the job of a later stage.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::source::{Layout, Pos, Spanned};

/// One captured reference page: a single API method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// How the page was captured.
    pub layout: Layout,
    /// Text before the title (the docs portal's navigation note), if any.
    pub preamble: Option<Spanned<String>>,
    /// The title: the method's name, e.g. `QueryResources`.
    pub method_name: Spanned<String>,
    /// The `# Package:` value, e.g. `bookings`.
    pub package: Spanned<String>,
    /// The `# Namespace:` value, e.g. `ResourcesService`.
    pub namespace: Spanned<String>,
    /// The `# Method link:` URL of the docs page.
    pub method_link: Spanned<String>,
    /// The permission scopes a caller needs.
    pub permission_scopes: Vec<PermissionScope>,
    /// The introduction, as markdown.
    pub introduction: Spanned<String>,
    /// The `## REST API` section.
    pub rest: RestSection,
    /// The `## JavaScript SDK` section, when the page has one.
    pub sdk: Option<SdkSection>,
}

/// A permission scope, e.g. `Manage Bookings: SCOPE.DC-BOOKINGS.MANAGE-BOOKINGS`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PermissionScope {
    /// The human name, e.g. `Manage Bookings`.
    pub name: String,
    /// The scope id, e.g. `SCOPE.DC-BOOKINGS.MANAGE-BOOKINGS`.
    pub id: String,
    /// Where the scope's name starts.
    pub at: Pos,
}

/// The `## REST API` section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestSection {
    /// The schema block.
    pub schema: RestSchema,
    /// The examples (curl calls).
    pub examples: Vec<Example>,
}

/// The REST schema block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestSchema {
    /// Where the block's content starts.
    pub at: Pos,
    /// The `Method:` name, e.g. `queryResources`.
    pub method_name: Spanned<String>,
    /// The `Description:` text, as markdown.
    pub description: Spanned<String>,
    /// The endpoint URL.
    pub url: Url,
    /// The HTTP method.
    pub http_method: Spanned<HttpMethod>,
    /// Parameters, return type and their field trees.
    #[serde(flatten)]
    pub signature: Signature,
    /// The `Possible Errors:` table.
    pub possible_errors: Vec<PossibleError>,
}

/// The `## JavaScript SDK` section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SdkSection {
    /// The schema block, in SDK naming (`_id`, `Date`, `PROMISE<...>`).
    pub schema: SdkSchema,
    /// The examples (JavaScript).
    pub examples: Vec<Example>,
    /// The examples' import of the SDK module that holds the method, e.g.
    /// `import { attendance } from '@wix/bookings'`.
    pub module_import: Option<JsImport>,
}

/// The JavaScript SDK schema block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SdkSchema {
    /// Where the block's content starts.
    pub at: Pos,
    /// The `Method:` call, e.g. `wixClientAdmin.bookings.AttendanceService.queryAttendance(query)`.
    pub method: SdkMethod,
    /// The `Description:` text, as markdown.
    pub description: Spanned<String>,
    /// Parameters, return type and their field trees.
    #[serde(flatten)]
    pub signature: Signature,
}

/// The SDK method call as the schema writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SdkMethod {
    /// The dotted path, e.g. `[wixClientAdmin, bookings, AttendanceService, queryAttendance]`.
    pub path: Vec<String>,
    /// The argument names, e.g. `[query]`.
    pub arguments: Vec<String>,
    /// Where the call starts.
    pub at: Pos,
}

/// What both schema blocks share: required parameters, parameters and return type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    /// The `# Note:` line, if present.
    pub note: Option<Spanned<String>>,
    /// The `Required parameters:` list of dotted paths.
    pub required_parameters: Vec<Spanned<String>>,
    /// The `Method parameters:`, each with its field entries.
    pub parameters: Vec<Parameter>,
    /// The `Return type:` and its field entries.
    pub return_type: ReturnType,
}

/// A `param name:` entry and the entries printed after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// The parameter itself (shared with the trees recovery makes).
    #[serde(flatten)]
    pub field: Arc<Field>,
    /// The entries printed under it, in page order.
    pub entries: Vec<Entry>,
}

/// The `Return type:` line and the entries printed after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnType {
    /// The type, e.g. `QueryResourcesResponse` or `PROMISE<CreateBookingResponse>`.
    pub ty: Spanned<TypeRef>,
    /// The entries printed under it, in page order.
    pub entries: Vec<Entry>,
}

/// One entry of a field list, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Entry {
    /// A `- name: ... | type: ...` entry (shared with the trees recovery
    /// makes).
    Field(Arc<Field>),
    /// A `- ONE-OF:` marker; the group's members follow it.
    OneOf(OneOf),
}

/// A field entry: `- name: x | type: T | description: ... | required: true`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The field's name as written (REST: wire name; SDK: `_id` style).
    pub name: String,
    /// The type as written.
    pub ty: TypeRef,
    /// The description, as markdown, when the entry has one.
    pub description: Option<String>,
    /// Whether the entry says `required: true`.
    pub required: bool,
    /// The enum values listed after the entry.
    pub enum_values: Option<EnumValues>,
    /// Defaults and limits stated in the description.
    pub constraints: Vec<Constraint>,
    /// The column the entry was printed at (multi-line pages only).
    pub indent: Option<u32>,
    /// Where the entry starts.
    pub at: Pos,
}

/// A `- ONE-OF:` group marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OneOf {
    /// Whether the marker says `- required: true` (one member must be set).
    pub required: bool,
    /// The names of the entries printed as the group's members, judged by
    /// indentation; `None` on collapsed pages, where indentation is lost.
    pub members: Option<Vec<String>>,
    /// The column the marker was printed at (multi-line pages only).
    pub indent: Option<u32>,
    /// Where the marker starts.
    pub at: Pos,
}

/// An enum's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumValues {
    /// How the page lists them.
    pub style: EnumStyle,
    /// The values, in page order.
    pub values: Vec<EnumValue>,
    /// Where the `- enum:` marker starts.
    pub at: Pos,
}

/// How a page lists enum values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EnumStyle {
    /// `- enum: ASC, DESC`.
    Inline,
    /// `- enum:` followed by `- NAME: description` items.
    List,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    /// The wire value, e.g. `ASC`.
    pub name: String,
    /// Its description, for list-style enums.
    pub description: Option<String>,
    /// Where the value starts.
    pub at: Pos,
}

/// A default or limit stated in a description, e.g. ``Default: `50` ``.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Constraint {
    /// What the statement sets.
    pub kind: ConstraintKind,
    /// The stated value as written, without backticks, e.g. `50` or `1 minute`.
    pub text: String,
    /// The value as JSON when it is one (`50`, `false`), with an optional unit
    /// word after a number (`1 minute` is `1` with unit `minute`).
    pub value: Option<serde_json::Value>,
    /// The unit word after a number, if any.
    pub unit: Option<String>,
    /// Where the statement starts.
    pub at: Pos,
}

/// What a [`Constraint`] sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConstraintKind {
    /// `Default:`.
    Default,
    /// `Min:` or `Minimum:`.
    Minimum,
    /// `Max:` or `Maximum:`.
    Maximum,
}

/// A type as a page writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// `object`: a free-form JSON object.
    Object,
    /// `Date` (SDK schemas only).
    Date,
    /// `array<T>`, or `array` when the page does not name the element type.
    Array(Option<Box<TypeRef>>),
    /// `PROMISE<T>` (SDK return types), or `PROMISE` when the name was lost.
    Promise(Option<Box<TypeRef>>),
    /// Any other name: a named object or enum type.
    Named(String),
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (wrapper, inner) = match self {
            TypeRef::String => return f.write_str("string"),
            TypeRef::Integer => return f.write_str("integer"),
            TypeRef::Number => return f.write_str("number"),
            TypeRef::Boolean => return f.write_str("boolean"),
            TypeRef::Object => return f.write_str("object"),
            TypeRef::Date => return f.write_str("Date"),
            TypeRef::Named(name) => return f.write_str(name),
            TypeRef::Array(inner) => ("array", inner),
            TypeRef::Promise(inner) => ("PROMISE", inner),
        };
        match inner {
            Some(inner) => write!(f, "{wrapper}<{inner}>"),
            None => f.write_str(wrapper),
        }
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An absolute URL, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Url {
    /// `https` or `http`.
    pub scheme: String,
    /// The host, e.g. `www.wixapis.com`.
    pub host: String,
    /// The path, starting with `/`, e.g. `/bookings/v2/resources/query`.
    pub path: String,
    /// Where the URL starts.
    pub at: Pos,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum HttpMethod {
    /// `GET`.
    #[serde(rename = "GET")]
    Get,
    /// `POST`.
    #[serde(rename = "POST")]
    Post,
    /// `PUT`.
    #[serde(rename = "PUT")]
    Put,
    /// `PATCH`.
    #[serde(rename = "PATCH")]
    Patch,
    /// `DELETE`.
    #[serde(rename = "DELETE")]
    Delete,
}

impl HttpMethod {
    /// Parses an upper-case method name.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            _ => return None,
        })
    }

    /// The method's name, e.g. `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A row of the `Possible Errors:` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PossibleError {
    /// The HTTP status code, e.g. 400.
    pub http_code: u16,
    /// The gRPC-style status, e.g. `INVALID_ARGUMENT`.
    pub status_code: String,
    /// The application error code, e.g. `INVALID_TIME_ZONE`.
    pub application_code: String,
    /// What the error means.
    pub description: String,
    /// Where the row starts.
    pub at: Pos,
}

/// An example under `### Examples`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The example's heading. On collapsed pages the heading and the text
    /// after it ran together, so this holds both and `description` is `None`.
    pub title: String,
    /// The text between the heading and the code block (multi-line pages).
    pub description: Option<String>,
    /// The code block.
    pub code: ExampleCode,
    /// Where the example's heading starts.
    pub at: Pos,
}

/// An example's code block.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExampleCode {
    /// A ```` ```curl ```` block.
    Curl(CurlCall),
    /// A ```` ```javascript ```` block.
    JavaScript(JsCode),
    /// Any other block, kept as text.
    Other {
        /// The block's info string.
        info: String,
        /// The block's text.
        text: String,
    },
}

/// A curl call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurlCall {
    /// The `-X` method, or the one curl implies (POST with a body, else GET).
    pub http_method: HttpMethod,
    /// The URL called.
    pub url: Option<Url>,
    /// The `-H` headers, as written.
    pub headers: Vec<String>,
    /// The `-d` body, parsed.
    pub body: Option<JsonBody>,
    /// Where the block's content starts.
    pub at: Pos,
}

/// A JSON request body of an example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonBody {
    /// The parsed body; key order is kept.
    pub value: serde_json::Value,
    /// Where the body's text starts.
    pub at: Pos,
}

/// A JavaScript example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsCode {
    /// The code as captured.
    pub text: String,
    /// Its `import { name } from 'package'` lines.
    pub imports: Vec<JsImport>,
}

/// One imported name of a JavaScript `import { ... } from '...'` line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsImport {
    /// The imported name, e.g. `attendance`.
    pub name: String,
    /// The npm package, e.g. `@wix/bookings`.
    pub package: String,
    /// Where the import statement starts.
    pub at: Pos,
}

/// The page model as YAML, as the snapshots and `cargo xtask page` show it.
pub fn to_yaml(page: &Page) -> Result<String, serde_yaml::Error> {
    serde_yaml::to_string(page)
}

/// The SDK module a page's method belongs to: the scope of its types. A type
/// is identified by (npm package, SDK module, name); the same name in two
/// modules is two types.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SdkModule {
    /// The npm package, e.g. `@wix/bookings`.
    pub npm: String,
    /// The JavaScript SDK module, e.g. `resources`.
    pub module: String,
}

impl Page {
    /// The page's SDK module: from its SDK import
    /// (`import { resources } from '@wix/bookings'` -> `@wix/bookings`,
    /// `resources`), else `@wix/<Package>` and the `# Namespace:`.
    pub fn sdk_module(&self) -> SdkModule {
        let import = self.sdk.as_ref().and_then(|sdk| sdk.module_import.as_ref());
        match import {
            Some(import) => SdkModule {
                npm: import.package.clone(),
                module: import.name.clone(),
            },
            None => SdkModule {
                npm: format!("@wix/{}", self.package.value),
                module: self.namespace.value.clone(),
            },
        }
    }
}
