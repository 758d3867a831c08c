//! The small hand-written runtime the generated API modules call.
//!
//! This module is written by hand and never touched by `cargo xtask codegen`.
//! It holds the [`Client`] (an HTTP client, a base URL and an optional
//! `Authorization` header value), the JSON transport
//! ([`Client::send_json`]), the [`Error`] every call returns, and the serde
//! helpers for the timestamps Wix writes ([`timestamp`]).
//!
//! # How a request goes on the wire
//!
//! Every request is sent to the client's base URL followed by the method's
//! path, with `Accept: application/json`, the `Authorization` header when one
//! is set, and a `User-Agent` naming this crate.
//!
//! - `POST`, `PUT` and `PATCH` send the request as a JSON body with
//!   `Content-Type: application/json`.
//! - `GET` and `DELETE` send no body. The request is serialized to a JSON
//!   object and its fields become query parameters, the way Wix's REST
//!   gateway reads them (gRPC HTTP transcoding):
//!   - a string, number or boolean is one parameter, `name=value`;
//!   - a nested object is flattened with dotted names: `{"paging": {"limit": 10}}`
//!     becomes `paging.limit=10`;
//!   - an array repeats the parameter once per element, in order:
//!     `{"fields": ["A", "B"]}` becomes `fields=A&fields=B` (an element that is
//!     itself an object or array is sent as its JSON text);
//!   - `null` fields and empty objects send nothing.
//!
//!   A request that serializes to `null` (such as `()`) sends no parameters;
//!   anything else that is not an object is an [`Error::Encode`].
//!
//! # Path parameters
//!
//! A path may name request fields in braces, as the API's schema URL does:
//! `/bookings/v2/bookings/{bookingId}`, or `/bookings/v2/bookings/{booking.id}`
//! for a nested field (`booking` -> `id`). Each `{name}` is replaced by the
//! value of that field in the request serialized to JSON:
//!
//! - a string is its own text, a number or boolean its JSON text (`42`,
//!   `true`);
//! - the value is percent-encoded as one path segment (RFC 3986): only
//!   `A-Z a-z 0-9 - . _ ~` are kept, every other byte of its UTF-8 text is
//!   written `%XX`, so `a b/c` becomes `a%20b%2Fc`;
//! - a field that is missing, `null`, an object, an array, an empty string,
//!   or exactly `.` or `..` (which URL parsing would read as "this" or "the
//!   parent" directory, even encoded), is an [`Error::PathParameter`], as is a
//!   template whose braces do not pair up (`{` never closed, `}` never
//!   opened, `{}`, or a `{` inside braces). Nothing is sent then.
//!
//! For `GET` and `DELETE`, the fields that fill the path are not sent again as
//! query parameters. `POST`, `PUT` and `PATCH` still send the whole request as
//! the body, so those fields are both in the path and in the body.
//!
//! A path without `{` is sent as it is.
//!
//! A `2xx` response is decoded from JSON into the expected type; an empty
//! `2xx` body is read as `{}` (Wix answers some calls with no content). Any
//! other status is an [`Error::Status`] that keeps the body and, when the body
//! is Wix's JSON error, its message and application error code.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The time crate of the timestamp fields (`chrono::DateTime<Utc>`), so
/// callers use the same version.
pub use chrono;
/// The JSON crate of `object` fields and `unknown_fields`
/// (`serde_json::Map<String, Value>`), so callers use the same version.
pub use serde_json;

/// The base URL of the Wix REST APIs, used by [`Client::new`].
pub const DEFAULT_BASE_URL: &str = "https://www.wixapis.com";

/// The bytes a path parameter keeps as they are: RFC 3986's unreserved
/// characters. Everything else is percent-encoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The `User-Agent` header sent with every request.
const USER_AGENT: &str = concat!("wix-apis/", env!("CARGO_PKG_VERSION"));

/// The response header in which Wix names the request, for support.
const REQUEST_ID_HEADER: &str = "x-wix-request-id";

/// A client for the Wix REST APIs: an HTTP client, a base URL and an optional
/// `Authorization` header value.
///
/// Cloning is cheap: clones share the HTTP client's connection pool.
///
/// The [`Debug`] output never shows the `Authorization` value.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    authorization: Option<String>,
}

impl Client {
    /// A client for [`DEFAULT_BASE_URL`], without an `Authorization` header.
    pub fn new() -> Self {
        Self {
            http: reqwest::Client::new(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            authorization: None,
        }
    }

    /// Sends requests to `base_url` instead of [`DEFAULT_BASE_URL`] (tests point
    /// it at `http://127.0.0.1:PORT`). A trailing `/` is dropped, since every
    /// path starts with one.
    #[must_use]
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        self.base_url = base_url;
        self
    }

    /// Sends `value` as the `Authorization` header of every request: an API key,
    /// or an OAuth access token as Wix issues it.
    ///
    /// A value that is not a valid header value (a line break, for instance)
    /// makes every call fail with [`Error::Transport`].
    #[must_use]
    pub fn with_authorization(mut self, value: impl Into<String>) -> Self {
        self.authorization = Some(value.into());
        self
    }

    /// Uses `http` to send requests, for its timeouts, proxy or TLS settings.
    #[must_use]
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The base URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `body` as JSON with `method` to the base URL followed by `path`
    /// (which starts with `/`), and decodes a `2xx` JSON response into `Resp`.
    ///
    /// `path` may be a template such as `/bookings/v2/bookings/{booking.id}`:
    /// each `{name}` is filled, percent-encoded, from the field of `body` at
    /// that dotted path. `GET` and `DELETE` send `body` as query parameters
    /// instead of a body, leaving out the fields that filled the path; the
    /// [module docs](self) say how.
    ///
    /// # Errors
    ///
    /// - [`Error::PathParameter`] when `path` has a `{name}` whose field in
    ///   `body` is not a non-empty string, a number or a boolean, or when its
    ///   braces do not pair up; nothing is sent;
    /// - [`Error::Encode`] when `body` cannot be serialized (or, for `GET` and
    ///   `DELETE`, is not a JSON object);
    /// - [`Error::Transport`] when the request cannot be sent or the response
    ///   cannot be read;
    /// - [`Error::Status`] when the response status is not `2xx`;
    /// - [`Error::Decode`] when a `2xx` response is not the JSON `Resp` expects.
    pub async fn send_json<Req, Resp>(
        &self,
        method: HttpMethod,
        path: &str,
        body: &Req,
    ) -> Result<Resp, Error>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        // For a template, the request as JSON, less (for `GET` and `DELETE`)
        // the fields that filled the path.
        let (path, request_json): (Cow<'_, str>, Option<Value>) = if path.contains('{') {
            let mut json = serde_json::to_value(body).map_err(Error::Encode)?;
            let (filled, names) = fill_path(path, &json)?;
            if !method.has_body() {
                for name in names {
                    remove_field(&mut json, name);
                }
            }
            (Cow::Owned(filled), Some(json))
        } else {
            (Cow::Borrowed(path), None)
        };
        let url = if path.starts_with('/') {
            format!("{}{path}", self.base_url)
        } else {
            format!("{}/{path}", self.base_url)
        };
        let mut request = self
            .http
            .request(method.to_reqwest(), url)
            .header(reqwest::header::ACCEPT, "application/json")
            .header(reqwest::header::USER_AGENT, USER_AGENT);
        if let Some(authorization) = &self.authorization {
            request = match reqwest::header::HeaderValue::try_from(authorization.as_str()) {
                Ok(mut value) => {
                    value.set_sensitive(true);
                    request.header(reqwest::header::AUTHORIZATION, value)
                }
                // reqwest reports the invalid value when the request is sent.
                Err(_) => request.header(reqwest::header::AUTHORIZATION, authorization.as_str()),
            };
        }
        request = if method.has_body() {
            let json = serde_json::to_vec(body).map_err(Error::Encode)?;
            request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(json)
        } else {
            let value = match request_json {
                Some(json) => json,
                None => serde_json::to_value(body).map_err(Error::Encode)?,
            };
            request.query(&query_pairs(&value)?)
        };

        let response = request.send().await?;
        let status = response.status();
        let request_id = response
            .headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await?;
        if !status.is_success() {
            return Err(Error::from_status(status.as_u16(), &bytes, request_id));
        }
        let json: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        serde_json::from_slice(json).map_err(|source| Error::Decode {
            source,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

impl Default for Client {
    /// The same as [`Client::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("http", &self.http)
            .field("base_url", &self.base_url)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// `template` with each `{name}` replaced by the percent-encoded value of the
/// field of `request` at the dotted path `name`, and the names filled, in
/// order (see the [module docs](self)).
fn fill_path<'t>(template: &'t str, request: &Value) -> Result<(String, Vec<&'t str>), Error> {
    // The whole template is checked before any field is looked up, so that a
    // malformed one is always reported as such.
    let (pieces, tail) = parse_template(template).ok_or_else(|| Error::PathParameter {
        name: template.to_owned(),
        found: MALFORMED_TEMPLATE,
    })?;
    let mut path = String::with_capacity(template.len());
    let mut names = Vec::with_capacity(pieces.len());
    for (literal, name) in pieces {
        path.push_str(literal);
        let text = path_parameter_text(name, request)?;
        path.extend(utf8_percent_encode(&text, PATH_SEGMENT));
        names.push(name);
    }
    path.push_str(tail);
    Ok((path, names))
}

/// `template` split into (text before a `{`, name in the braces) pairs and
/// the text after the last `}`; `None` when the braces do not pair up (a `{`
/// never closed, a `}` never opened, `{}` or a `{` inside braces).
fn parse_template(template: &str) -> Option<(Vec<(&str, &str)>, &str)> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return None;
        }
        let after = &rest[open + 1..];
        let close = after.find(['{', '}'])?;
        let name = &after[..close];
        if name.is_empty() || after[close..].starts_with('{') {
            return None;
        }
        pieces.push((&rest[..open], name));
        rest = &after[close + 1..];
    }
    Some((pieces, rest))
}

/// The [`Error::PathParameter`] `found` of a template whose braces do not
/// pair up.
const MALFORMED_TEMPLATE: &str = "a malformed path template";

/// The text that fills the path parameter `{name}`, not yet encoded.
fn path_parameter_text<'v>(name: &str, request: &'v Value) -> Result<Cow<'v, str>, Error> {
    let error = |found| Error::PathParameter {
        name: name.to_owned(),
        found,
    };
    let mut value = request;
    for key in name.split('.') {
        value = value.get(key).ok_or_else(|| error("nothing"))?;
    }
    match value {
        Value::String(text) if text.is_empty() => Err(error("an empty string")),
        Value::String(text) if text == "." || text == ".." => {
            Err(error("a dot segment (`.` or `..`)"))
        }
        Value::String(text) => Ok(Cow::Borrowed(text)),
        Value::Number(number) => Ok(Cow::Owned(number.to_string())),
        Value::Bool(flag) => Ok(Cow::Owned(flag.to_string())),
        other => Err(error(json_kind(other))),
    }
}

/// Removes the field at the dotted path `name` from `request`, if it is there.
fn remove_field(request: &mut Value, name: &str) {
    let (parents, leaf) = match name.rsplit_once('.') {
        Some((parents, leaf)) => (Some(parents), leaf),
        None => (None, name),
    };
    let mut value = request;
    for key in parents.into_iter().flat_map(|parents| parents.split('.')) {
        match value.get_mut(key) {
            Some(child) => value = child,
            None => return,
        }
    }
    if let Value::Object(fields) = value {
        fields.shift_remove(leaf);
    }
}

/// The query parameters a `GET` or `DELETE` request sends (see the
/// [module docs](self)).
fn query_pairs(value: &Value) -> Result<Vec<(String, String)>, Error> {
    let mut pairs = Vec::new();
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (name, field) in fields {
                push_query_pairs(&mut pairs, name.clone(), field);
            }
        }
        other => {
            return Err(Error::Encode(serde::ser::Error::custom(format_args!(
                "a GET or DELETE request must serialize to a JSON object, not {}",
                json_kind(other)
            ))))
        }
    }
    Ok(pairs)
}

/// Appends the parameters for one field called `name`.
fn push_query_pairs(pairs: &mut Vec<(String, String)>, name: String, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (key, field) in fields {
                push_query_pairs(pairs, format!("{name}.{key}"), field);
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Null => {}
                    Value::Object(_) | Value::Array(_) => {
                        pairs.push((name.clone(), item.to_string()));
                    }
                    scalar => pairs.push((name.clone(), scalar_text(scalar))),
                }
            }
        }
        scalar => pairs.push((name, scalar_text(scalar))),
    }
}

/// A string's own text (unquoted), or a number's or boolean's JSON text.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// What kind of JSON value `value` is, for error messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The HTTP method of an API call, as its schema URL states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`: the request goes in the query string.
    Get,
    /// `POST`: the request is the JSON body.
    Post,
    /// `PUT`: the request is the JSON body.
    Put,
    /// `PATCH`: the request is the JSON body.
    Patch,
    /// `DELETE`: the request goes in the query string.
    Delete,
}

impl HttpMethod {
    /// The method's name on the wire, e.g. `"GET"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// Whether the request is sent as a JSON body (`POST`, `PUT`, `PATCH`)
    /// rather than as query parameters (`GET`, `DELETE`).
    pub const fn has_body(self) -> bool {
        matches!(self, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch)
    }

    fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Delete => reqwest::Method::DELETE,
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an API call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent, or the response could not be read
    /// (connection refused, timeout, TLS failure, an invalid header value...).
    #[error("could not send the request or read the response: {0}")]
    Transport(#[from] reqwest::Error),
    /// The server answered with a status other than `2xx`.
    #[error("the server answered {status}{}", status_detail(message.as_deref(), code.as_deref(), body))]
    #[non_exhaustive]
    Status {
        /// The HTTP status code.
        status: u16,
        /// The response body as received (lossily decoded as UTF-8).
        body: String,
        /// The `message` of Wix's JSON error body, when there is one.
        message: Option<String>,
        /// The `details.applicationError.code` of Wix's JSON error body, when
        /// there is one (e.g. `"RESOURCE_NOT_FOUND"`).
        code: Option<String>,
        /// The `x-wix-request-id` response header, which Wix support asks for.
        request_id: Option<String>,
    },
    /// The server answered `2xx`, but the body is not the JSON the response
    /// type expects.
    #[error("the response is not the expected JSON: {source}")]
    Decode {
        /// What serde found wrong.
        source: serde_json::Error,
        /// The response body as received (lossily decoded as UTF-8).
        body: String,
    },
    /// The request could not be serialized as JSON.
    #[error("could not encode the request as JSON: {0}")]
    Encode(#[source] serde_json::Error),
    /// The path has a `{name}` parameter whose request field is not a
    /// non-empty string, a number or a boolean, or its braces do not pair up
    /// (see the [module docs](self)). Nothing was sent.
    #[error("{}", path_parameter_message(name, found))]
    PathParameter {
        /// The dotted path of the request field that fills the parameter, such
        /// as `booking.id`; for a malformed template, the whole template.
        name: String,
        /// What the field holds instead: `"nothing"` (the field, or an object
        /// on its path, is missing), `"null"`, `"an object"`, `"an array"`,
        /// `"an empty string"` or ``"a dot segment (`.` or `..`)"``; or
        /// `"a malformed path template"`.
        found: &'static str,
    },
}

impl Error {
    /// The HTTP status of an [`Error::Status`] (or of a transport error that
    /// has one), `None` otherwise.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } => Some(*status),
            Error::Transport(error) => error.status().map(|status| status.as_u16()),
            Error::Decode { .. } | Error::Encode(_) | Error::PathParameter { .. } => None,
        }
    }

    /// An [`Error::Status`] for `body`, with Wix's error message and code read
    /// from it when it is Wix's JSON error.
    fn from_status(status: u16, body: &[u8], request_id: Option<String>) -> Self {
        let json: Option<Value> = serde_json::from_slice(body).ok();
        let text_at = |pointer: &str| {
            json.as_ref()
                .and_then(|json| json.pointer(pointer))
                .and_then(Value::as_str)
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
        };
        Error::Status {
            status,
            message: text_at("/message"),
            code: text_at("/details/applicationError/code"),
            body: String::from_utf8_lossy(body).into_owned(),
            request_id,
        }
    }
}

/// The message of an [`Error::PathParameter`].
fn path_parameter_message(name: &str, found: &str) -> String {
    if found == MALFORMED_TEMPLATE {
        format!(
            "the URL path template `{name}` is malformed: each `{{` needs a `}}` after it, with the name of a request field between them"
        )
    } else {
        format!(
            "the request field `{name}` fills the URL path, so it must be set to a non-empty string (other than `.` and `..`), number or boolean; found {found}"
        )
    }
}

/// The part of an [`Error::Status`] message after the status code.
fn status_detail(message: Option<&str>, code: Option<&str>, body: &str) -> String {
    match (message, code) {
        (Some(message), Some(code)) => format!(": {message} ({code})"),
        (Some(message), None) => format!(": {message}"),
        (None, Some(code)) => format!(" ({code})"),
        (None, None) if body.trim().is_empty() => String::new(),
        (None, None) => {
            const MAX: usize = 200;
            let body = body.trim();
            match body.char_indices().nth(MAX) {
                Some((end, _)) => format!(": {}...", &body[..end]),
                None => format!(": {body}"),
            }
        }
    }
}

/// Serde helpers for the RFC 3339 timestamps Wix writes
/// (`YYYY-MM-DDThh:mm:ss.sssZ`), as [`chrono::DateTime<Utc>`](chrono::DateTime).
///
/// Use with `#[serde(with = "crate::runtime::timestamp")]` on a
/// `DateTime<Utc>` field, or [`timestamp::option`] on an
/// `Option<DateTime<Utc>>` one.
///
/// Reading accepts any RFC 3339 timestamp (any number of fractional digits,
/// `Z` or an offset such as `+02:00`) and converts it to UTC. Writing uses
/// UTC, `Z` and three fractional digits, so a value as Wix documents it,
/// `2024-01-05T10:00:00.000Z`, round-trips byte for byte; a value with finer
/// precision than milliseconds is written with 6 or 9 digits so that nothing
/// is lost.
pub mod timestamp {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `value` as `YYYY-MM-DDThh:mm:ss.sssZ` (see the [module docs](self)).
    pub fn serialize<S: Serializer>(
        value: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format(value))
    }

    /// Reads an RFC 3339 timestamp and converts it to UTC (see the
    /// [module docs](self)).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).map_err(serde::de::Error::custom)
    }

    /// The text [`serialize`] writes for `value`.
    fn format(value: &DateTime<Utc>) -> String {
        let precision = if value.timestamp_subsec_nanos() % 1_000_000 == 0 {
            SecondsFormat::Millis
        } else {
            SecondsFormat::AutoSi
        };
        value.to_rfc3339_opts(precision, true)
    }

    /// Parses an RFC 3339 timestamp to UTC.
    fn parse(text: &str) -> Result<DateTime<Utc>, String> {
        DateTime::parse_from_rfc3339(text)
            .map(|value| value.with_timezone(&Utc))
            .map_err(|error| format!("expected an RFC 3339 timestamp such as `2024-01-05T10:00:00.000Z`, found `{text}`: {error}"))
    }

    /// The same helpers for `Option<DateTime<Utc>>` fields: `None` is written
    /// as `null` (pair it with `skip_serializing_if = "Option::is_none"` and
    /// `default` to omit it) and `null` reads as `None`.
    pub mod option {
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer};

        /// Writes `Some(value)` as a timestamp and `None` as `null`.
        pub fn serialize<S: Serializer>(
            value: &Option<DateTime<Utc>>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => serializer.serialize_str(&super::format(value)),
                None => serializer.serialize_none(),
            }
        }

        /// Reads a timestamp as `Some` and `null` as `None`.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<DateTime<Utc>>, D::Error> {
            Option::<String>::deserialize(deserializer)?
                .map(|text| super::parse(&text).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}
