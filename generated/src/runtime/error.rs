//! The one error type every call returns, and Wix's error bodies decoded.

use std::fmt;

use serde_json::Value;

use super::wire::MALFORMED_TEMPLATE;

/// Any error a token source may return; [`Error::Auth`] keeps it as its
/// source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The most bytes of a response body an error keeps
/// ([`ApiError::body`], [`DecodeError::body`]).
pub const MAX_BODY_PIECE: usize = 4096;

/// Why an API call failed. Match on the variant for the kind of failure; the
/// helpers ([`Error::status`], [`Error::request_id`],
/// [`Error::is_retryable`], [`Error::application_error_code`],
/// [`Error::application_error`]) answer the common questions for every
/// kind.
///
/// No variant holds a credential: API keys, client secrets and tokens never
/// appear in an error's `Debug` or `Display` text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent, or the response could not be read:
    /// the connection failed, the attempt timed out
    /// ([`Client::with_timeout`](super::Client::with_timeout)), TLS
    /// failed, the connection closed early. [`Error::is_timeout`] and
    /// [`Error::is_connect`] tell which.
    #[error("could not send the request or read the response: {0}")]
    Transport(#[source] reqwest::Error),
    /// The server answered with a status other than `2xx`; Wix's error body
    /// is decoded in the [`ApiError`].
    #[error("{0}")]
    Status(Box<ApiError>),
    /// The server answered `2xx`, but the body is not the JSON the response
    /// type expects.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The request could not be serialized as JSON (or, for `GET` and
    /// `DELETE`, did not serialize to a JSON object). Nothing was sent.
    #[error("could not encode the request as JSON: {0}")]
    Encode(#[source] serde_json::Error),
    /// The path has a `{name}` parameter whose request field is not a
    /// non-empty string, a number or a boolean, or its braces do not pair up
    /// (see the [runtime docs](super)). Nothing was sent.
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
    /// No credential could be had for the call. Nothing was sent to the
    /// API method.
    #[error("could not authenticate: {failure}")]
    Auth {
        /// What failed.
        failure: AuthFailure,
        /// The underlying error: the [`Error`] of the `POST /oauth2/token`
        /// call for [`AuthFailure::TokenRequest`], the token source's own
        /// error for [`AuthFailure::TokenSource`].
        #[source]
        source: Option<BoxError>,
    },
    /// An auto-paginating stream got a `next` cursor it had already sent:
    /// following it would loop forever, so the stream ends with this error.
    #[error(
        "the server returned the cursor `{cursor}` a second time; paging stopped to avoid a loop"
    )]
    RepeatedCursor {
        /// The cursor that came back.
        cursor: String,
    },
}

/// What kind of credential failure an [`Error::Auth`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthFailure {
    /// The credential (or a site or account id) cannot be an HTTP header
    /// value: it holds a line break or another control character.
    InvalidHeaderValue,
    /// `POST /oauth2/token` failed: the source is its [`Error`] (a status,
    /// a transport failure...).
    TokenRequest,
    /// `POST /oauth2/token` answered `2xx` without a usable `access_token`.
    /// The answer is not kept, since it may hold a token.
    TokenResponse,
    /// A [`TokenSource`](super::TokenSource) returned an error, its source.
    TokenSource,
}

impl fmt::Display for AuthFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthFailure::InvalidHeaderValue => {
                "the credential, site id or account id is not a valid HTTP header value"
            }
            AuthFailure::TokenRequest => {
                "the app instance token request (POST /oauth2/token) failed"
            }
            AuthFailure::TokenResponse => {
                "the app instance token answer (POST /oauth2/token) has no usable access_token"
            }
            AuthFailure::TokenSource => "the token source failed",
        })
    }
}

/// A non-`2xx` answer, with Wix's JSON error body decoded where it is one.
///
/// Wix answers errors as
/// `{"message": ..., "details": {"applicationError": {"code", "description", "data"}}}`
/// or `{"message": ..., "details": {"validationError": {"fieldViolations": [...]}}}`.
/// A body without `details`, with another shape, or that is not JSON at all
/// still makes an `ApiError`: the status, the request id and the start of
/// the body are always there.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The `x-wix-request-id` response header, which Wix support asks for.
    pub request_id: Option<String>,
    /// The body's `message`, when it has a non-empty one.
    pub message: Option<String>,
    /// The body's `details`.
    pub details: ErrorDetails,
    /// The start of the body, at most [`MAX_BODY_PIECE`] bytes, lossily
    /// decoded as UTF-8.
    pub body: String,
    /// Whether [`body`](Self::body) was cut.
    pub body_truncated: bool,
}

/// The `details` of Wix's error body: an application error, a validation
/// error, or neither.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ErrorDetails {
    /// `details.applicationError`: an error the method documents, by code.
    pub application_error: Option<ApplicationError>,
    /// `details.validationError`: the request broke field rules.
    pub validation_error: Option<ValidationError>,
}

/// `details.applicationError` of Wix's error body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApplicationError {
    /// The application error code, such as `SLOT_NOT_AVAILABLE` (a number
    /// the server sends is kept as its JSON text). Each method's
    /// `<Method>ApplicationError` enum types the codes its page documents.
    pub code: String,
    /// What went wrong.
    pub description: Option<String>,
    /// More about the error, as the method defines it.
    pub data: Option<Value>,
}

/// `details.validationError` of Wix's error body.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ValidationError {
    /// Each broken rule.
    pub field_violations: Vec<FieldViolation>,
}

/// One entry of `validationError.fieldViolations`.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct FieldViolation {
    /// The request field, as a dotted path (`query.filter`).
    pub field: Option<String>,
    /// What is wrong with it.
    pub description: Option<String>,
    /// The rule broken, such as `REQUIRED_FIELD` or `MAX`.
    pub violated_rule: Option<String>,
    /// The rule's name.
    pub rule_name: Option<String>,
    /// More about the violation.
    pub data: Option<Value>,
}

/// A `2xx` answer whose body is not the JSON the response type expects.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status code.
    pub status: u16,
    /// The `x-wix-request-id` response header.
    pub request_id: Option<String>,
    /// What serde found wrong.
    pub source: serde_json::Error,
    /// The start of the body, at most [`MAX_BODY_PIECE`] bytes, lossily
    /// decoded as UTF-8.
    pub body: String,
    /// Whether [`body`](Self::body) was cut.
    pub body_truncated: bool,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response is not the expected JSON: {}",
            self.status, self.source
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The codes of one method's documented application errors: each generated
/// `<Method>ApplicationError` enum implements it, so that
/// [`Error::application_error`] can read the code as that enum.
pub trait ApplicationErrorCode: Sized {
    /// The value for `code`: a documented code's variant, or the variant
    /// keeping an undocumented one.
    fn from_code(code: &str) -> Self;

    /// The code as Wix sends it.
    fn code(&self) -> &str;
}

impl Error {
    /// The HTTP status of an [`Error::Status`] or [`Error::Decode`] (or of
    /// the token request of an [`Error::Auth`]); `None` otherwise.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status(error) => Some(error.status),
            Error::Decode(error) => Some(error.status),
            Error::Transport(error) => error.status().map(|status| status.as_u16()),
            Error::Auth { .. } => self.token_request_error().and_then(Error::status),
            Error::Encode(_) | Error::PathParameter { .. } | Error::RepeatedCursor { .. } => None,
        }
    }

    /// The `x-wix-request-id` header of the answer, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Status(error) => error.request_id.as_deref(),
            Error::Decode(error) => error.request_id.as_deref(),
            Error::Auth { .. } => self.token_request_error().and_then(Error::request_id),
            Error::Transport(_)
            | Error::Encode(_)
            | Error::PathParameter { .. }
            | Error::RepeatedCursor { .. } => None,
        }
    }

    /// Wix's decoded error body, for an [`Error::Status`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Status(error) => Some(error),
            _ => None,
        }
    }

    /// The application error code (`details.applicationError.code`), such as
    /// `"SLOT_NOT_AVAILABLE"`.
    pub fn application_error_code(&self) -> Option<&str> {
        self.api_error()?
            .details
            .application_error
            .as_ref()
            .map(|error| error.code.as_str())
    }

    /// The application error code read as a method's generated enum of its
    /// documented codes (`<Method>ApplicationError`, such as
    /// `wix_apis::bookings::bookings::CreateBookingApplicationError`), so it
    /// can be matched; `None` when the error has no application error code.
    ///
    /// ```
    /// # use wix_apis::runtime::ApplicationErrorCode;
    /// # /// What the generated enum of Create Booking looks like.
    /// # #[derive(Debug, PartialEq)]
    /// # enum CreateBookingApplicationError { SlotNotAvailable, Unrecognized(String) }
    /// # impl ApplicationErrorCode for CreateBookingApplicationError {
    /// #     fn from_code(code: &str) -> Self {
    /// #         match code {
    /// #             "SLOT_NOT_AVAILABLE" => Self::SlotNotAvailable,
    /// #             other => Self::Unrecognized(other.to_owned()),
    /// #         }
    /// #     }
    /// #     fn code(&self) -> &str {
    /// #         match self { Self::SlotNotAvailable => "SLOT_NOT_AVAILABLE", Self::Unrecognized(code) => code }
    /// #     }
    /// # }
    /// fn explain(error: &wix_apis::Error) -> String {
    ///     match error.application_error::<CreateBookingApplicationError>() {
    ///         Some(CreateBookingApplicationError::SlotNotAvailable) => "pick another slot".to_owned(),
    ///         Some(other) => format!("application error {}", other.code()),
    ///         None => error.to_string(),
    ///     }
    /// }
    /// # let _ = explain;
    /// ```
    pub fn application_error<C: ApplicationErrorCode>(&self) -> Option<C> {
        self.application_error_code().map(C::from_code)
    }

    /// Whether trying the same request again may succeed: the answer was
    /// 429, 500, 502, 503 or 504, or the connection failed or timed out.
    /// The client already retries these as its
    /// [`RetryPolicy`](super::RetryPolicy) says, for writes only when the
    /// request was surely not processed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Status(error) => super::retry::RETRYABLE_STATUSES.contains(&error.status),
            Error::Transport(error) => super::retry::is_retryable_transport(error),
            _ => false,
        }
    }

    /// Whether this is a [`Error::Transport`] whose attempt timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(error) if error.is_timeout())
    }

    /// Whether this is a [`Error::Transport`] that failed to connect, before
    /// anything was sent.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(error) if error.is_connect())
    }

    /// The [`Error`] of the token request of an [`Error::Auth`].
    fn token_request_error(&self) -> Option<&Error> {
        match self {
            Error::Auth {
                source: Some(source),
                ..
            } => source.downcast_ref::<Error>(),
            _ => None,
        }
    }

    /// An [`Error::Decode`] for a `2xx` answer.
    pub(super) fn decode(
        status: u16,
        request_id: Option<String>,
        body: &[u8],
        source: serde_json::Error,
    ) -> Self {
        let (body, body_truncated) = body_piece(body);
        Error::Decode(Box::new(DecodeError {
            status,
            request_id,
            source,
            body,
            body_truncated,
        }))
    }

    /// An [`Error::Auth`].
    pub(super) fn auth(failure: AuthFailure, source: Option<BoxError>) -> Self {
        Error::Auth { failure, source }
    }
}

impl ApiError {
    /// The error for a non-`2xx` answer with `body`.
    pub(super) fn new(status: u16, request_id: Option<String>, body: &[u8]) -> Self {
        let json: Option<Value> = serde_json::from_slice(body).ok();
        let (piece, body_truncated) = body_piece(body);
        ApiError {
            status,
            request_id,
            message: json
                .as_ref()
                .and_then(|json| text(json.get("message")))
                .filter(|text| !text.is_empty()),
            details: json
                .as_ref()
                .and_then(|json| json.get("details"))
                .map(ErrorDetails::from_json)
                .unwrap_or_default(),
            body: piece,
            body_truncated,
        }
    }

    /// The application error's code, when there is one.
    pub fn application_error_code(&self) -> Option<&str> {
        self.details
            .application_error
            .as_ref()
            .map(|error| error.code.as_str())
    }

    /// Replaces each occurrence of `secret` in the kept text with
    /// `<redacted>`.
    pub(super) fn redact(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        self.body = self.body.replace(secret, "<redacted>");
        if let Some(message) = &mut self.message {
            *message = message.replace(secret, "<redacted>");
        }
        if let Some(error) = &mut self.details.application_error {
            if let Some(description) = &mut error.description {
                *description = description.replace(secret, "<redacted>");
            }
            error.data = None;
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        let code = self.application_error_code();
        match (&self.message, code) {
            (Some(message), Some(code)) => write!(f, ": {message} ({code})")?,
            (Some(message), None) => write!(f, ": {message}")?,
            (None, Some(code)) => write!(f, " ({code})")?,
            (None, None) => {
                const SHOWN: usize = 200;
                let body = self.body.trim();
                match body.char_indices().nth(SHOWN) {
                    Some((end, _)) => write!(f, ": {}...", &body[..end])?,
                    None if body.is_empty() => {}
                    None => write!(f, ": {body}")?,
                }
            }
        }
        if let Some(violations) = &self.details.validation_error {
            for violation in &violations.field_violations {
                let field = violation.field.as_deref().unwrap_or("?");
                match &violation.description {
                    Some(description) => write!(f, "; `{field}`: {description}")?,
                    None => write!(f, "; `{field}` is invalid")?,
                }
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl ErrorDetails {
    /// Reads what it can of `details`; anything of another shape is left
    /// out (the body keeps it).
    fn from_json(details: &Value) -> Self {
        ErrorDetails {
            application_error: details.get("applicationError").and_then(|error| {
                Some(ApplicationError {
                    code: code_text(error.get("code")?)?,
                    description: text(error.get("description")),
                    data: error.get("data").filter(|data| !data.is_null()).cloned(),
                })
            }),
            validation_error: details
                .get("validationError")
                .filter(|error| error.is_object())
                .map(|error| ValidationError {
                    field_violations: error
                        .get("fieldViolations")
                        .and_then(Value::as_array)
                        .map(|violations| {
                            violations
                                .iter()
                                .filter(|violation| violation.is_object())
                                .map(|violation| FieldViolation {
                                    field: text(violation.get("field")),
                                    description: text(violation.get("description")),
                                    violated_rule: text(violation.get("violatedRule")),
                                    rule_name: text(violation.get("ruleName")),
                                    data: violation
                                        .get("data")
                                        .filter(|data| !data.is_null())
                                        .cloned(),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                }),
        }
    }
}

/// A string member's text.
fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

/// An application error code: a non-empty string, or a number's JSON text.
fn code_text(value: &Value) -> Option<String> {
    match value {
        Value::String(code) if !code.is_empty() => Some(code.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The first [`MAX_BODY_PIECE`] bytes of `body` (cut back to a character
/// boundary), lossily decoded, and whether it was cut.
pub(super) fn body_piece(body: &[u8]) -> (String, bool) {
    if body.len() <= MAX_BODY_PIECE {
        return (String::from_utf8_lossy(body).into_owned(), false);
    }
    let mut end = MAX_BODY_PIECE;
    // A UTF-8 continuation byte is `10xxxxxx`: step back to a start.
    while end > 0 && (body[end] & 0b1100_0000) == 0b1000_0000 {
        end -= 1;
    }
    (String::from_utf8_lossy(&body[..end]).into_owned(), true)
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
