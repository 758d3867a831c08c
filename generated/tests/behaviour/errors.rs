//! Every error shape: Wix's application and validation errors (the typed
//! application error matched), a message alone, empty and non-JSON bodies,
//! a body too long to keep, a `2xx` that does not decode, a request that
//! does not encode, and a failed connection. The bodies are the ones Wix's
//! JavaScript SDK was recorded receiving (`shared/peer/d_errors.json`).

use std::collections::BTreeMap;
use std::net::TcpListener;

use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use wix_apis::bookings::attendance::{QueryAttendanceRequest, QueryAttendanceResponse};
use wix_apis::bookings::bookings::{CreateBookingApplicationError, CreateBookingRequest};
use wix_apis::bookings::resources::{QueryResourcesApplicationError, QueryResourcesRequest};
use wix_apis::runtime::{
    ApplicationErrorCode, Error, FieldViolation, HttpMethod, MethodKind, RetryPolicy,
    MAX_BODY_PIECE,
};
use wix_apis::Client;

use super::loopback::server_and_client;
use super::received;

/// A server answering every request with `answer`, and a client without
/// retries pointed at it.
async fn answering(answer: ResponseTemplate) -> (MockServer, Client) {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .respond_with(answer)
        .mount(&server)
        .await;
    (server, client.with_retry_policy(RetryPolicy::none()))
}

async fn query_resources(client: &Client) -> Error {
    client
        .resources()
        .query_resources(&QueryResourcesRequest::default())
        .await
        .expect_err("the call fails")
}

async fn query_attendance(client: &Client) -> Result<QueryAttendanceResponse, Error> {
    client
        .attendance()
        .query_attendance(&QueryAttendanceRequest::default())
        .await
}

#[tokio::test]
async fn an_application_error_is_decoded_and_keeps_the_request_id() {
    let (_server, client) = answering(
        ResponseTemplate::new(404)
            .insert_header("x-wix-request-id", "req-404")
            .set_body_json(json!({
                "message": "not found",
                "details": {"applicationError": {"code": "RESOURCE_NOT_FOUND", "description": "nope"}}
            })),
    )
    .await;
    let error = query_resources(&client).await;
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.request_id(), Some("req-404"));
    assert_eq!(error.application_error_code(), Some("RESOURCE_NOT_FOUND"));
    assert!(!error.is_retryable());
    // Query Resources documents no codes: the code is kept as it came.
    assert_eq!(
        error.application_error::<QueryResourcesApplicationError>(),
        Some(QueryResourcesApplicationError::Unrecognized(
            "RESOURCE_NOT_FOUND".to_owned()
        ))
    );
    assert_eq!(
        error.to_string(),
        "the server answered 404: not found (RESOURCE_NOT_FOUND) (request id req-404)"
    );
    let api = error.api_error().expect("an API error");
    let application = api.details.application_error.as_ref().expect("decoded");
    assert_eq!(application.description.as_deref(), Some("nope"));
    assert_eq!(application.data, None);
}

#[tokio::test]
async fn a_documented_application_error_is_matched_as_its_variant() {
    let (server, client) = answering(
        ResponseTemplate::new(428)
            .insert_header("x-wix-request-id", "req-428")
            .set_body_json(json!({
                "message": "slot is taken",
                "details": {"applicationError": {
                    "code": "SLOT_NOT_AVAILABLE",
                    "description": "The slot is no longer available for booking.",
                    "data": {"slotId": "slot-1"}
                }}
            })),
    )
    .await;
    let error = client
        .bookings()
        .create_booking(&CreateBookingRequest::default())
        .await
        .expect_err("the booking fails");
    match error.application_error::<CreateBookingApplicationError>() {
        Some(CreateBookingApplicationError::SlotNotAvailable) => {}
        other => panic!("expected SlotNotAvailable, got {other:?}"),
    }
    assert_eq!(
        CreateBookingApplicationError::SlotNotAvailable.code(),
        "SLOT_NOT_AVAILABLE"
    );
    let data = error
        .api_error()
        .and_then(|api| api.details.application_error.as_ref())
        .and_then(|application| application.data.clone());
    assert_eq!(data, Some(json!({"slotId": "slot-1"})));
    assert_eq!(error.request_id(), Some("req-428"));
    assert_eq!(received(&server).await.len(), 1);
    // A code the page does not list keeps its text.
    assert_eq!(
        CreateBookingApplicationError::from_code("NEW_CODE"),
        CreateBookingApplicationError::Unrecognized("NEW_CODE".to_owned())
    );
}

#[tokio::test]
async fn a_validation_error_keeps_every_field_violation() {
    let (_server, client) = answering(
        ResponseTemplate::new(400)
            .insert_header("x-wix-request-id", "req-400")
            .set_body_json(json!({
                "message": "bad filter",
                "details": {"validationError": {"fieldViolations": [
                    {"field": "query.filter", "description": "invalid"},
                    {
                        "field": "query.cursorPaging.limit",
                        "description": "must be at most 100",
                        "violatedRule": "MAX",
                        "ruleName": "LIMIT_MAX",
                        "data": {"max": 100}
                    }
                ]}}
            })),
    )
    .await;
    let error = query_attendance(&client).await.expect_err("a 400");
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.request_id(), Some("req-400"));
    assert_eq!(error.application_error_code(), None);
    let api = error.api_error().expect("an API error");
    let violations = &api
        .details
        .validation_error
        .as_ref()
        .expect("a validation error")
        .field_violations;
    assert_eq!(violations.len(), 2);
    assert_eq!(violations[0].field.as_deref(), Some("query.filter"));
    assert_eq!(violations[0].description.as_deref(), Some("invalid"));
    let FieldViolation {
        field,
        violated_rule,
        rule_name,
        data,
        ..
    } = &violations[1];
    assert_eq!(field.as_deref(), Some("query.cursorPaging.limit"));
    assert_eq!(violated_rule.as_deref(), Some("MAX"));
    assert_eq!(rule_name.as_deref(), Some("LIMIT_MAX"));
    assert_eq!(data, &Some(json!({"max": 100})));
    assert_eq!(
        error.to_string(),
        "the server answered 400: bad filter; `query.filter`: invalid; `query.cursorPaging.limit`: must be at most 100 (request id req-400)"
    );
}

#[tokio::test]
async fn a_message_alone_is_a_useful_error() {
    let (_server, client) =
        answering(ResponseTemplate::new(403).set_body_json(json!({"message": "forbidden"}))).await;
    let error = query_attendance(&client).await.expect_err("a 403");
    assert_eq!(error.to_string(), "the server answered 403: forbidden");
    assert_eq!(error.request_id(), None);
    let api = error.api_error().expect("an API error");
    assert_eq!(api.message.as_deref(), Some("forbidden"));
    assert_eq!(api.details.application_error, None);
    assert_eq!(api.details.validation_error, None);
}

#[tokio::test]
async fn an_empty_error_body_still_gives_the_status_and_request_id() {
    let (_server, client) =
        answering(ResponseTemplate::new(500).insert_header("x-wix-request-id", "req-500")).await;
    let error = query_attendance(&client).await.expect_err("a 500");
    assert_eq!(
        error.to_string(),
        "the server answered 500 (request id req-500)"
    );
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.request_id(), Some("req-500"));
    assert!(error.is_retryable());
    assert_eq!(error.api_error().map(|api| api.body.as_str()), Some(""));
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_as_text() {
    let (_server, client) = answering(
        ResponseTemplate::new(502).set_body_string("<html><h1>502 Bad Gateway</h1></html>"),
    )
    .await;
    let error = query_attendance(&client).await.expect_err("a 502");
    assert_eq!(
        error.to_string(),
        "the server answered 502: <html><h1>502 Bad Gateway</h1></html>"
    );
    let api = error.api_error().expect("an API error");
    assert_eq!(api.message, None);
    assert_eq!(api.details.application_error, None);
}

#[tokio::test]
async fn a_long_error_body_is_cut_to_a_bounded_piece() {
    // Multi-byte characters across the cut: the piece ends on a whole one.
    let long = "é".repeat(MAX_BODY_PIECE);
    let (_server, client) = answering(ResponseTemplate::new(503).set_body_string(long)).await;
    let error = query_attendance(&client).await.expect_err("a 503");
    let api = error.api_error().expect("an API error");
    assert!(api.body_truncated);
    assert!(api.body.len() <= MAX_BODY_PIECE);
    assert!(api.body.len() > MAX_BODY_PIECE - 2);
    assert!(api.body.chars().all(|c| c == 'é'));
    assert!(error.to_string().ends_with("..."), "{error}");
}

#[tokio::test]
async fn a_2xx_answer_that_does_not_decode_keeps_status_request_id_and_body() {
    let (_server, client) = answering(
        ResponseTemplate::new(200)
            .insert_header("x-wix-request-id", "req-200")
            .set_body_json(json!({"attendances": "not a list"})),
    )
    .await;
    let error = query_attendance(&client).await.expect_err("not decodable");
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.request_id(), Some("req-200"));
    match &error {
        Error::Decode(decode) => {
            assert_eq!(
                serde_json::from_str::<Value>(&decode.body).expect("JSON"),
                json!({"attendances": "not a list"})
            );
            assert!(!decode.body_truncated);
            assert!(decode.source.is_data());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_request_that_does_not_encode_is_an_error_and_nothing_is_sent() {
    let (server, client) = server_and_client().await;
    // JSON object keys must be strings.
    let request: BTreeMap<(u8, u8), u8> = BTreeMap::from([((1, 2), 3)]);
    let error = client
        .send_json::<_, Value>(HttpMethod::Post, "/x", MethodKind::Write, &request)
        .await
        .expect_err("not encodable");
    assert!(matches!(error, Error::Encode(_)), "{error:?}");
    assert_eq!(error.status(), None);
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // A port that was free a moment ago: nothing listens on it.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let client = Client::new()
        .with_http_client(
            reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("an HTTP client"),
        )
        .with_base_url(format!("http://127.0.0.1:{port}"))
        .with_retry_policy(super::loopback::fast_retries());
    let error = query_attendance(&client).await.expect_err("refused");
    assert!(error.is_connect(), "{error:?}");
    assert!(error.is_retryable());
    assert!(matches!(error, Error::Transport(_)));
    assert_eq!(error.status(), None);
    assert_eq!(error.request_id(), None);
}
