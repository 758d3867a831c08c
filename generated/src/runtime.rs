//! The hand-written runtime the generated API modules call.
//!
//! This module and its submodules are written by hand and never touched by
//! `cargo xtask codegen`. It holds the [`Client`] (an HTTP client, a base
//! URL, credentials, a [`RetryPolicy`] and a timeout), the JSON transport
//! ([`Client::send_json`]), the [`Error`] every call returns with Wix's
//! decoded error bodies, credentials ([`ApiKey`], [`AppInstance`],
//! [`TokenSource`]), auto-pagination ([`paging`]), typed queries
//! ([`query`]), the helpers every generated struct is read and written
//! with ([`object`]: known fields by wire name, the rest kept as unknown
//! fields) and the serde helpers for the timestamps Wix writes
//! ([`timestamp`]).
//!
//! # How a request goes on the wire
//!
//! Every request is sent to the client's base URL followed by the method's
//! path, with `Accept: application/json`, a `User-Agent` naming this crate,
//! and the client's credentials:
//!
//! - an [`ApiKey`]: `Authorization: <key>` (the raw key, no `Bearer`) and
//!   `wix-site-id: <id>` or `wix-account-id: <id>`;
//! - an OAuth access token ([`Client::with_access_token`]), an
//!   [`AppInstance`]'s token or a [`TokenSource`]'s: `Authorization: <token>`.
//!
//! Then, by HTTP method:
//!
//! - `POST`, `PUT` and `PATCH` send the request as a JSON body with
//!   `Content-Type: application/json`.
//! - `GET` and `DELETE` send no body (and no `Content-Type`). The request is
//!   serialized to a JSON object and its fields become query parameters, the
//!   way Wix's REST gateway reads them (gRPC HTTP transcoding):
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
//! # Answers, errors and retries
//!
//! A `2xx` answer is decoded from JSON into the expected type; an empty
//! `2xx` body is read as `{}` (Wix answers some calls with no content).
//! (Wix's JavaScript SDK fails on any status but 200; this client takes every
//! `2xx` as success.) Any other status is an [`Error::Status`] whose
//! [`ApiError`] holds Wix's decoded error body (message, application error,
//! validation error), the start of the body and the `x-wix-request-id`
//! header.
//!
//! A failed attempt is tried again as the client's [`RetryPolicy`] says
//! (on by default): for a [`MethodKind::Read`] after 429, 500, 502, 503 and
//! 504 answers and transport failures; for a [`MethodKind::Write`] only when
//! the failure shows the request was not processed (the connection failed
//! before sending, or 429 or 503). Each attempt has the client's timeout
//! ([`Client::with_timeout`], 60 seconds by default).
//!
//! With an [`AppInstance`], a `401` answer drops the cached token (it was
//! revoked, or the app's permissions changed, before it expired) and the
//! call is sent once more with a new token.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

mod auth;
mod error;
pub mod object;
pub mod paging;
pub mod query;
mod retry;
pub mod timestamp;
mod wire;

pub use auth::{ApiKey, AppInstance, Secret, TokenSource};
pub use error::{
    ApiError, ApplicationError, ApplicationErrorCode, AuthFailure, BoxError, DecodeError, Error,
    ErrorDetails, FieldViolation, ValidationError, MAX_BODY_PIECE,
};
pub use retry::{MethodKind, RetryPolicy};

/// The time crate of the timestamp fields (`chrono::DateTime<Utc>`), so
/// callers use the same version.
pub use chrono;
/// The futures crate of the paging streams ([`futures::Stream`],
/// [`futures::TryStreamExt`]) and of [`TokenSource`], so callers use the
/// same version.
pub use futures;
/// The JSON crate of `object` fields and `unknown_fields`
/// (`serde_json::Map<String, Value>`), so callers use the same version.
pub use serde_json;

/// A JSON object: the type of free-form `object` fields and of every
/// struct's `unknown_fields`.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

use auth::{AppTokens, Credentials};

/// The repository README, whose "Using the bindings" examples run as this
/// crate's doctests (`cargo test -p wix-apis --doc`), so they always compile.
/// They call the `bookings` package, hence the feature (which a copy of the
/// crate with other packages does not declare).
#[allow(unexpected_cfgs)]
mod readme {
    /// The README.
    #[cfg(all(doctest, feature = "bookings"))]
    #[doc = include_str!("../../README.md")]
    pub struct ReadmeDoctests;
}

/// The base URL of the Wix REST APIs, used by [`Client::new`].
pub const DEFAULT_BASE_URL: &str = "https://www.wixapis.com";

/// The timeout of each attempt unless [`Client::with_timeout`] sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The `User-Agent` header sent with every request.
const USER_AGENT: &str = concat!("wix-apis/", env!("CARGO_PKG_VERSION"));

/// The response header in which Wix names the request, for support.
const REQUEST_ID_HEADER: &str = "x-wix-request-id";

/// A client for the Wix REST APIs: an HTTP client, a base URL, credentials,
/// a [`RetryPolicy`] and a timeout per attempt.
///
/// ```no_run
/// use wix_apis::runtime::{ApiKey, RetryPolicy};
///
/// let client = wix_apis::Client::new()
///     .with_api_key(ApiKey::for_site("<API key>", "<site id>"))
///     .with_retry_policy(RetryPolicy::new().with_max_attempts(5));
/// # let _ = client;
/// ```
///
/// Cloning is cheap: clones share the HTTP client's connection pool and an
/// [`AppInstance`]'s token cache.
///
/// The [`Debug`] output never shows a credential.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    retry: RetryPolicy,
    timeout: Duration,
}

impl Client {
    /// A client for [`DEFAULT_BASE_URL`] without credentials, with the
    /// default [`RetryPolicy`] and [`DEFAULT_TIMEOUT`].
    pub fn new() -> Self {
        Self {
            http: reqwest::Client::new(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: Credentials::None,
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
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

    /// Authenticates with a Wix API key for a site or an account:
    /// `Authorization: <key>` and `wix-site-id` or `wix-account-id`.
    #[must_use]
    pub fn with_api_key(mut self, key: ApiKey) -> Self {
        self.credentials = Credentials::ApiKey(key);
        self
    }

    /// Authenticates with an OAuth access token: `Authorization: <token>`.
    #[must_use]
    pub fn with_access_token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials = Credentials::AccessToken(token.into());
        self
    }

    /// Authenticates as a Wix app on one of its installations, with tokens
    /// from `POST /oauth2/token` on the client's base URL, cached and
    /// refreshed shortly before they expire (see [`AppInstance`]).
    #[must_use]
    pub fn with_app_instance(mut self, instance: AppInstance) -> Self {
        self.credentials = Credentials::AppInstance(std::sync::Arc::new(AppTokens::new(instance)));
        self
    }

    /// Authenticates with the tokens `source` gives: `Authorization: <token>`.
    #[must_use]
    pub fn with_token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.credentials = Credentials::Source(std::sync::Arc::new(source));
        self
    }

    /// Retries failed attempts as `policy` says ([`RetryPolicy::none`]
    /// turns retries off).
    #[must_use]
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Gives up an attempt (connecting, sending, and reading the whole
    /// answer) after `timeout`, with an [`Error::Transport`] for which
    /// [`Error::is_timeout`] holds; a read is then retried.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Uses `http` to send requests, for its proxy, TLS or pool settings
    /// (the client's own timeout still applies to each attempt).
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
    /// (which starts with `/`), retrying as the client's [`RetryPolicy`] says
    /// for a method of `kind`, and decodes a `2xx` JSON response into `Resp`.
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
    /// - [`Error::Auth`] when no credential can be had;
    /// - [`Error::Transport`] when the request cannot be sent or the response
    ///   cannot be read;
    /// - [`Error::Status`] when the response status is not `2xx`;
    /// - [`Error::Decode`] when a `2xx` response is not the JSON `Resp` expects.
    pub async fn send_json<Req, Resp>(
        &self,
        method: HttpMethod,
        path: &str,
        kind: MethodKind,
        body: &Req,
    ) -> Result<Resp, Error>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        send_with_credentials(self, method, path, kind, body)
            .await?
            .decode()
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
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A `2xx` answer.
struct Answer {
    status: u16,
    request_id: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    /// The body as JSON; an empty body reads as `{}`.
    fn json(&self) -> Result<Value, Error> {
        self.decode()
    }

    /// The body decoded into `T`; an empty body reads as `{}`.
    fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let json: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &self.body
        };
        serde_json::from_slice(json).map_err(|source| {
            Error::decode(self.status, self.request_id.clone(), &self.body, source)
        })
    }
}

/// Sends `body` with the client's credentials (see [`Client::send_json`]).
async fn send_with_credentials<Req: Serialize + ?Sized>(
    client: &Client,
    method: HttpMethod,
    path: &str,
    kind: MethodKind,
    body: &Req,
) -> Result<Answer, Error> {
    // The request is checked and encoded before any token is fetched.
    let prepared = Prepared::new(client, method, path, body)?;
    let credentials = client.credentials.headers(client).await?;
    let result = send_prepared(client, &prepared, kind, credentials.clone()).await;
    match (&client.credentials, &result) {
        // A cached app token refused before it expired (revoked, or the
        // app's permissions changed) is dropped, and the call tried once more
        // with a new one; a 401 shows the call was not processed, so this
        // holds for writes too.
        (Credentials::AppInstance(tokens), Err(error)) if error.status() == Some(401) => {
            tokens.forget(&credentials).await;
            let credentials = client.credentials.headers(client).await?;
            send_prepared(client, &prepared, kind, credentials).await
        }
        _ => result,
    }
}

/// Sends `body` with `credentials` only (see [`Client::send_json`]).
async fn send_bytes<Req: Serialize + ?Sized>(
    client: &Client,
    method: HttpMethod,
    path: &str,
    kind: MethodKind,
    body: &Req,
    credentials: HeaderMap,
) -> Result<Answer, Error> {
    let prepared = Prepared::new(client, method, path, body)?;
    send_prepared(client, &prepared, kind, credentials).await
}

/// A request ready to send, as many times as the retries need.
struct Prepared {
    method: HttpMethod,
    url: String,
    /// The JSON body (`POST`, `PUT`, `PATCH`).
    body: Option<Vec<u8>>,
    /// The query parameters (`GET`, `DELETE`).
    query: Vec<(String, String)>,
}

impl Prepared {
    /// Fills the path and encodes the body or query of `body`.
    fn new<Req: Serialize + ?Sized>(
        client: &Client,
        method: HttpMethod,
        path: &str,
        body: &Req,
    ) -> Result<Self, Error> {
        // For a template, the request as JSON, less (for `GET` and `DELETE`)
        // the fields that filled the path.
        let (path, request_json) = if path.contains(['{', '}']) {
            let mut json = serde_json::to_value(body).map_err(Error::Encode)?;
            let (filled, names) = wire::fill_path(path, &json)?;
            if !method.has_body() {
                for name in names {
                    wire::remove_field(&mut json, name);
                }
            }
            (filled, Some(json))
        } else {
            (path.to_owned(), None)
        };
        let url = if path.starts_with('/') {
            format!("{}{path}", client.base_url)
        } else {
            format!("{}/{path}", client.base_url)
        };
        let (body, query) = if method.has_body() {
            let bytes = match &request_json {
                Some(json) => serde_json::to_vec(json),
                None => serde_json::to_vec(body),
            };
            (Some(bytes.map_err(Error::Encode)?), Vec::new())
        } else {
            let value = match request_json {
                Some(json) => json,
                None => serde_json::to_value(body).map_err(Error::Encode)?,
            };
            (None, wire::query_pairs(&value)?)
        };
        Ok(Prepared {
            method,
            url,
            body,
            query,
        })
    }
}

/// Sends `prepared` until an attempt succeeds, fails in a way the
/// [`RetryPolicy`] does not retry for `kind`, or the attempts are used up.
async fn send_prepared(
    client: &Client,
    prepared: &Prepared,
    kind: MethodKind,
    credentials: HeaderMap,
) -> Result<Answer, Error> {
    let mut attempt = 1;
    loop {
        let (error, retry_after) = match attempt_once(client, prepared, &credentials).await {
            Ok(Ok(answer)) => return Ok(answer),
            Ok(Err((api, retry_after))) => {
                if !retry::retry_status(kind, api.status) {
                    return Err(Error::Status(Box::new(api)));
                }
                (Error::Status(Box::new(api)), retry_after)
            }
            Err(error) => {
                if !retry::retry_transport(kind, &error) {
                    return Err(Error::Transport(error));
                }
                (Error::Transport(error), None)
            }
        };
        match client.retry.wait(attempt, retry_after) {
            Some(wait) => tokio::time::sleep(wait).await,
            None => return Err(error),
        }
        attempt += 1;
    }
}

/// One attempt: a `2xx` answer, a non-`2xx` one (with the wait its
/// `Retry-After` asks for), or a transport failure.
async fn attempt_once(
    client: &Client,
    prepared: &Prepared,
    credentials: &HeaderMap,
) -> Result<Result<Answer, (ApiError, Option<Duration>)>, reqwest::Error> {
    let mut request = client
        .http
        .request(prepared.method.to_reqwest(), &prepared.url)
        .timeout(client.timeout)
        .header(reqwest::header::ACCEPT, "application/json")
        .header(reqwest::header::USER_AGENT, USER_AGENT)
        .headers(credentials.clone());
    request = match &prepared.body {
        Some(body) => request
            .header(
                reqwest::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )
            .body(body.clone()),
        None => request.query(&prepared.query),
    };
    let response = request.send().await?;
    let status = response.status();
    let headers = response.headers();
    let request_id = headers
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let retry_after = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| retry::parse_retry_after(value, SystemTime::now()));
    let body = response.bytes().await?.to_vec();
    if status.is_success() {
        Ok(Ok(Answer {
            status: status.as_u16(),
            request_id,
            body,
        }))
    } else {
        Ok(Err((
            ApiError::new(status.as_u16(), request_id, &body),
            retry_after,
        )))
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
