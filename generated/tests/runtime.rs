//! The hand-written runtime over real HTTP: every request goes to a wiremock
//! server on 127.0.0.1 started by the test, and to no other address.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use wix_apis::runtime::chrono::{DateTime, TimeZone, Utc};
use wix_apis::runtime::{AuthFailure, Client, Error, HttpMethod, MethodKind, DEFAULT_BASE_URL};

mod loopback;

use loopback::server_and_client;

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct QueryRequest {
    query: Query,
}

#[derive(Debug, Serialize)]
struct Query {
    filter: Value,
    paging: Paging,
}

#[derive(Debug, Serialize)]
struct Paging {
    limit: u32,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryResponse {
    resources: Vec<Resource>,
    paging_metadata: PagingMetadata,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Resource {
    id: String,
    name: String,
}

#[derive(Debug, PartialEq, Deserialize)]
struct PagingMetadata {
    count: u32,
}

#[tokio::test]
async fn post_sends_the_json_body_path_and_headers_and_decodes_the_response() {
    let (server, client) = server_and_client().await;
    let client = client.with_access_token("IST.secret-token");
    Mock::given(method("POST"))
        .and(path("/bookings/v2/resources/query"))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(header("authorization", "IST.secret-token"))
        .and(body_json(json!({
            "query": { "filter": { "name": "Room 1" }, "paging": { "limit": 5 } }
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "resources": [{ "id": "r1", "name": "Room 1" }],
            "pagingMetadata": { "count": 1 }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let request = QueryRequest {
        query: Query {
            filter: json!({ "name": "Room 1" }),
            paging: Paging { limit: 5 },
        },
    };
    let response: QueryResponse = client
        .send_json(
            HttpMethod::Post,
            "/bookings/v2/resources/query",
            MethodKind::Read,
            &request,
        )
        .await
        .expect("the call succeeds");
    assert_eq!(
        response,
        QueryResponse {
            resources: vec![Resource {
                id: "r1".into(),
                name: "Room 1".into()
            }],
            paging_metadata: PagingMetadata { count: 1 },
        }
    );

    let sent = only_request(&server).await;
    assert!(sent
        .headers
        .get("user-agent")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|agent| agent.starts_with("wix-apis/")));
}

#[tokio::test]
async fn put_and_patch_send_a_json_body_too() {
    let (server, client) = server_and_client().await;
    for verb in ["PUT", "PATCH"] {
        Mock::given(method(verb))
            .and(path("/items/1"))
            .and(header("content-type", "application/json"))
            .and(body_json(json!({ "item": { "name": verb } })))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": verb })))
            .expect(1)
            .mount(&server)
            .await;
    }
    for (verb, http_method) in [("PUT", HttpMethod::Put), ("PATCH", HttpMethod::Patch)] {
        let response: Value = client
            .send_json(
                http_method,
                "/items/1",
                MethodKind::Read,
                &json!({ "item": { "name": verb } }),
            )
            .await
            .expect("the call succeeds");
        assert_eq!(response, json!({ "ok": verb }));
    }
}

#[tokio::test]
async fn a_non_2xx_status_is_a_status_error_with_the_body_and_wix_details() {
    let (server, client) = server_and_client().await;
    let body = json!({
        "message": "Resource not found",
        "details": {
            "applicationError": {
                "description": "Resource not found",
                "code": "RESOURCE_NOT_FOUND",
                "data": {}
            }
        }
    });
    Mock::given(method("POST"))
        .and(path("/bookings/v2/resources/get"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(&body)
                .insert_header("x-wix-request-id", "1700000000.123"),
        )
        .mount(&server)
        .await;

    let error = client
        .send_json::<_, Value>(
            HttpMethod::Post,
            "/bookings/v2/resources/get",
            MethodKind::Read,
            &json!({ "id": "r1" }),
        )
        .await
        .expect_err("a 404 is an error");
    assert_eq!(error.status(), Some(404));
    assert_eq!(
        error.to_string(),
        "the server answered 404: Resource not found (RESOURCE_NOT_FOUND) (request id 1700000000.123)"
    );
    assert_eq!(error.request_id(), Some("1700000000.123"));
    assert_eq!(error.application_error_code(), Some("RESOURCE_NOT_FOUND"));
    assert!(!error.is_retryable());
    match error {
        Error::Status(api) => {
            assert_eq!(api.status, 404);
            assert_eq!(
                serde_json::from_str::<Value>(&api.body).expect("JSON body"),
                body
            );
            assert!(!api.body_truncated);
            assert_eq!(api.message.as_deref(), Some("Resource not found"));
            let application = api.details.application_error.expect("an application error");
            assert_eq!(application.code, "RESOURCE_NOT_FOUND");
            assert_eq!(
                application.description.as_deref(),
                Some("Resource not found")
            );
            assert_eq!(application.data, Some(json!({})));
            assert_eq!(api.details.validation_error, None);
            assert_eq!(api.request_id.as_deref(), Some("1700000000.123"));
        }
        other => panic!("expected Error::Status, got {other:?}"),
    }
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_as_text() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"))
        .mount(&server)
        .await;

    let error = client
        .send_json::<_, Value>(HttpMethod::Post, "/anything", MethodKind::Read, &json!({}))
        .await
        .expect_err("a 502 is an error");
    assert_eq!(
        error.to_string(),
        "the server answered 502: <html>Bad gateway</html>"
    );
    assert!(error.is_retryable());
    match error {
        Error::Status(api) => {
            assert_eq!(api.status, 502);
            assert_eq!(api.body, "<html>Bad gateway</html>");
            assert_eq!(api.message, None);
            assert_eq!(api.application_error_code(), None);
            assert_eq!(api.request_id, None);
        }
        other => panic!("expected Error::Status, got {other:?}"),
    }
}

#[tokio::test]
async fn a_2xx_body_that_is_not_the_expected_json_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/not-json"))
        .respond_with(ResponseTemplate::new(200).set_body_string("definitely not JSON"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/wrong-shape"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "resources": "nope" })))
        .mount(&server)
        .await;

    let error = client
        .send_json::<_, QueryResponse>(HttpMethod::Post, "/not-json", MethodKind::Read, &json!({}))
        .await
        .expect_err("not JSON");
    assert_eq!(error.status(), Some(200));
    match error {
        Error::Decode(decode) => {
            assert_eq!(decode.body, "definitely not JSON");
            assert_eq!(decode.status, 200);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }

    let error = client
        .send_json::<_, QueryResponse>(
            HttpMethod::Post,
            "/wrong-shape",
            MethodKind::Read,
            &json!({}),
        )
        .await
        .expect_err("JSON of another shape");
    match error {
        Error::Decode(decode) => {
            assert_eq!(
                serde_json::from_str::<Value>(&decode.body).expect("JSON"),
                json!({ "resources": "nope" })
            );
            assert!(decode.source.is_data(), "{}", decode.source);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_2xx_body_reads_as_an_empty_object() {
    let (server, client) = server_and_client().await;
    Mock::given(method("DELETE"))
        .and(path("/bookings/v2/resources/r1"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let response: Value = client
        .send_json(
            HttpMethod::Delete,
            "/bookings/v2/resources/r1",
            MethodKind::Read,
            &(),
        )
        .await
        .expect("an empty body is `{}`");
    assert_eq!(response, json!({}));
}

#[tokio::test]
async fn get_sends_query_parameters_and_no_body() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/members/v1/members"))
        .and(query_param("fieldsets", "FULL"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "members": [] })))
        .expect(1)
        .mount(&server)
        .await;

    let request = json!({
        "fieldsets": ["FULL", "PUBLIC"],
        "paging": { "limit": 10, "offset": 0 },
        "includeDeleted": false,
        "search": "a b&c=d",
        "nothing": null,
        "sort": [{ "fieldName": "name", "order": "ASC" }]
    });
    let response: Value = client
        .send_json(
            HttpMethod::Get,
            "/members/v1/members",
            MethodKind::Read,
            &request,
        )
        .await
        .expect("the call succeeds");
    assert_eq!(response, json!({ "members": [] }));

    let sent = only_request(&server).await;
    assert!(sent.body.is_empty(), "a GET sends no body");
    assert!(sent.headers.get("content-type").is_none());
    assert_eq!(
        sent.headers.get("accept").and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let pairs: Vec<(String, String)> = sent
        .url
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("fieldsets", "FULL"),
        ("fieldsets", "PUBLIC"),
        ("paging.limit", "10"),
        ("paging.offset", "0"),
        ("includeDeleted", "false"),
        ("search", "a b&c=d"),
        ("sort", r#"{"fieldName":"name","order":"ASC"}"#),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value.to_owned()))
    .collect();
    assert_eq!(pairs, expected);
}

#[tokio::test]
async fn a_get_request_that_is_not_an_object_is_an_encode_error() {
    let client = Client::new().with_base_url("http://127.0.0.1:9");
    let error = client
        .send_json::<_, Value>(HttpMethod::Get, "/x", MethodKind::Read, &json!(["a"]))
        .await
        .expect_err("an array cannot be query parameters");
    assert!(matches!(error, Error::Encode(_)), "{error:?}");
}

#[test]
fn the_default_base_url_is_wixapis() {
    assert_eq!(DEFAULT_BASE_URL, "https://www.wixapis.com");
    assert_eq!(Client::new().base_url(), "https://www.wixapis.com");
    assert_eq!(Client::default().base_url(), DEFAULT_BASE_URL);
    assert_eq!(
        Client::new()
            .with_base_url("http://127.0.0.1:8080/")
            .base_url(),
        "http://127.0.0.1:8080"
    );
}

#[test]
fn debug_output_hides_the_authorization_value() {
    let client = Client::new().with_access_token("IST.secret-token");
    let debug = format!("{client:?}");
    assert!(!debug.contains("secret-token"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}

#[test]
fn http_methods_name_themselves() {
    let names: Vec<String> = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(names, ["GET", "POST", "PUT", "PATCH", "DELETE"]);
    assert!(HttpMethod::Post.has_body());
    assert!(!HttpMethod::Get.has_body());
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stamped {
    #[serde(with = "wix_apis::runtime::timestamp")]
    created_date: DateTime<Utc>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "wix_apis::runtime::timestamp::option"
    )]
    updated_date: Option<DateTime<Utc>>,
}

#[test]
fn a_documented_timestamp_round_trips_byte_for_byte() {
    let text =
        r#"{"createdDate":"2024-01-05T10:00:00.000Z","updatedDate":"2024-01-05T10:00:00.123Z"}"#;
    let stamped: Stamped = serde_json::from_str(text).expect("timestamps");
    assert_eq!(
        stamped.created_date,
        Utc.with_ymd_and_hms(2024, 1, 5, 10, 0, 0).unwrap()
    );
    assert_eq!(
        stamped
            .updated_date
            .map(|date| date.timestamp_subsec_millis()),
        Some(123)
    );
    assert_eq!(serde_json::to_string(&stamped).expect("JSON"), text);
}

#[test]
fn a_timestamp_with_an_offset_reads_as_utc() {
    let stamped: Stamped =
        serde_json::from_str(r#"{"createdDate":"2024-01-05T12:00:00+02:00"}"#).expect("timestamp");
    assert_eq!(
        stamped.created_date,
        Utc.with_ymd_and_hms(2024, 1, 5, 10, 0, 0).unwrap()
    );
    assert_eq!(stamped.updated_date, None);
    assert_eq!(
        serde_json::to_string(&stamped).expect("JSON"),
        r#"{"createdDate":"2024-01-05T10:00:00.000Z"}"#
    );
}

#[test]
fn finer_than_millisecond_precision_is_kept() {
    let text = r#"{"createdDate":"2024-01-05T10:00:00.123456Z"}"#;
    let stamped: Stamped = serde_json::from_str(text).expect("timestamp");
    assert_eq!(serde_json::to_string(&stamped).expect("JSON"), text);
}

#[test]
fn optional_timestamps_read_null_and_absence_as_none() {
    let stamped: Stamped =
        serde_json::from_str(r#"{"createdDate":"2024-01-05T10:00:00.000Z","updatedDate":null}"#)
            .expect("timestamps");
    assert_eq!(stamped.updated_date, None);
}

#[test]
fn a_malformed_timestamp_is_rejected_with_the_expected_format() {
    let error = serde_json::from_str::<Stamped>(r#"{"createdDate":"2024-01-05 10:00"}"#)
        .expect_err("not RFC 3339");
    assert!(
        error.to_string().contains("2024-01-05T10:00:00.000Z"),
        "{error}"
    );
}

#[tokio::test]
async fn an_invalid_authorization_value_is_an_auth_error_before_sending() {
    let (server, client) = server_and_client().await;
    let client = client.with_access_token("line\nbreak");
    let error = client
        .send_json::<_, Value>(HttpMethod::Post, "/x", MethodKind::Read, &json!({}))
        .await
        .expect_err("an invalid header value");
    match &error {
        Error::Auth {
            failure: AuthFailure::InvalidHeaderValue,
            source: None,
        } => {}
        other => panic!("expected Error::Auth, got {other:?}"),
    }
    assert!(!format!("{error} {error:?}").contains("line"), "{error:?}");
    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests.is_empty(), "nothing is sent");
}

#[test]
fn send_json_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::new();
    let request = json!({});
    let future = client.send_json::<_, Value>(HttpMethod::Post, "/x", MethodKind::Read, &request);
    assert_send(&future);
}

/// The query parameters of a received request, in order.
fn query_pairs_of(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

#[derive(Debug, Serialize)]
struct CreateThing {
    thing: Thing,
    reason: &'static str,
}

#[derive(Debug, Serialize)]
struct Thing {
    name: &'static str,
    id: &'static str,
}

#[tokio::test]
async fn post_fills_a_dotted_path_parameter_percent_encoded_and_keeps_the_body_whole() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/things/v1/things/a%20b%2Fc%3Fd%25%C3%A9/rename"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": true })))
        .expect(1)
        .mount(&server)
        .await;

    let request = CreateThing {
        thing: Thing {
            name: "Room 1",
            id: "a b/c?d%é",
        },
        reason: "tidy",
    };
    let response: Value = client
        .send_json(
            HttpMethod::Post,
            "/things/v1/things/{thing.id}/rename",
            MethodKind::Read,
            &request,
        )
        .await
        .expect("the call succeeds");
    assert_eq!(response, json!({ "ok": true }));

    let sent = only_request(&server).await;
    assert_eq!(
        sent.url.path(),
        "/things/v1/things/a%20b%2Fc%3Fd%25%C3%A9/rename"
    );
    assert_eq!(sent.url.query(), None, "a POST sends no query string");
    assert_eq!(
        sent.headers
            .get("content-type")
            .and_then(|value| value.to_str().ok()),
        Some("application/json")
    );
    // The body is the whole request, the path field included, in field order.
    assert_eq!(
        String::from_utf8(sent.body).expect("UTF-8 body"),
        r#"{"thing":{"name":"Room 1","id":"a b/c?d%é"},"reason":"tidy"}"#
    );
}

#[tokio::test]
async fn get_fills_the_path_and_leaves_the_path_field_out_of_the_query() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/things/v1/things/t-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "thing": {} })))
        .expect(1)
        .mount(&server)
        .await;

    let request = json!({
        "fieldsets": ["FULL"],
        "thingId": "t-1",
        "includeDeleted": true
    });
    let response: Value = client
        .send_json(
            HttpMethod::Get,
            "/things/v1/things/{thingId}",
            MethodKind::Read,
            &request,
        )
        .await
        .expect("the call succeeds");
    assert_eq!(response, json!({ "thing": {} }));

    let sent = only_request(&server).await;
    assert!(sent.body.is_empty(), "a GET sends no body");
    assert_eq!(
        query_pairs_of(&sent),
        [
            ("fieldsets".to_owned(), "FULL".to_owned()),
            ("includeDeleted".to_owned(), "true".to_owned()),
        ]
    );
}

#[tokio::test]
async fn delete_leaves_out_only_the_nested_path_field() {
    let (server, client) = server_and_client().await;
    Mock::given(method("DELETE"))
        .and(path("/things/v1/things/t-1/parts/p-2"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    let request = json!({
        "thing": { "id": "t-1", "revision": 3 },
        "part": { "id": "p-2" },
        "force": true
    });
    let response: Value = client
        .send_json(
            HttpMethod::Delete,
            "/things/v1/things/{thing.id}/parts/{part.id}",
            MethodKind::Read,
            &request,
        )
        .await
        .expect("the call succeeds");
    assert_eq!(response, json!({}));

    let sent = only_request(&server).await;
    // `part` is left empty and sends nothing; `thing.revision` stays.
    assert_eq!(
        query_pairs_of(&sent),
        [
            ("thing.revision".to_owned(), "3".to_owned()),
            ("force".to_owned(), "true".to_owned()),
        ]
    );
}

#[tokio::test]
async fn integers_booleans_and_repeated_parameters_fill_the_path() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/things/v1/pages/-42/do-true/-42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": 1 })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/things/v1/versions/7/1.5"))
        .and(body_json(json!({ "version": 7, "ratio": 1.5 })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": 2 })))
        .expect(1)
        .mount(&server)
        .await;

    let response: Value = client
        .send_json(
            HttpMethod::Get,
            "/things/v1/pages/{page}/do-{flag}/{page}",
            MethodKind::Read,
            &json!({ "page": -42, "flag": true, "limit": 10 }),
        )
        .await
        .expect("an integer and a boolean fill the path");
    assert_eq!(response, json!({ "ok": 1 }));
    let response: Value = client
        .send_json(
            HttpMethod::Put,
            "/things/v1/versions/{version}/{ratio}",
            MethodKind::Read,
            &json!({ "version": 7, "ratio": 1.5 }),
        )
        .await
        .expect("numbers fill the path");
    assert_eq!(response, json!({ "ok": 2 }));

    let requests = server.received_requests().await.expect("recording is on");
    let get = requests
        .iter()
        .find(|request| request.method.as_str() == "GET")
        .expect("the GET was sent");
    assert_eq!(query_pairs_of(get), [("limit".to_owned(), "10".to_owned())]);
}

#[tokio::test]
async fn a_path_parameter_without_a_plain_value_is_an_error_and_nothing_is_sent() {
    let (server, client) = server_and_client().await;
    let cases = [
        (
            "/things/{thingId}",
            json!({ "other": "x" }),
            "thingId",
            "nothing",
        ),
        (
            "/things/{thing.id}",
            json!({ "other": "x" }),
            "thing.id",
            "nothing",
        ),
        (
            "/things/{thing.id}",
            json!({ "thing": "t-1" }),
            "thing.id",
            "nothing",
        ),
        (
            "/things/{thing.id}",
            json!({ "thing": {} }),
            "thing.id",
            "nothing",
        ),
        (
            "/things/{thingId}",
            json!({ "thingId": null }),
            "thingId",
            "null",
        ),
        (
            "/things/{thing}",
            json!({ "thing": { "id": "t-1" } }),
            "thing",
            "an object",
        ),
        (
            "/things/{ids}",
            json!({ "ids": ["a", "b"] }),
            "ids",
            "an array",
        ),
        (
            "/things/{thingId}",
            json!({ "thingId": "" }),
            "thingId",
            "an empty string",
        ),
        (
            "/things/{thingId}/x",
            json!({ "thingId": ".." }),
            "thingId",
            "a dot segment (`.` or `..`)",
        ),
        (
            "/things/{thingId}/x",
            json!({ "thingId": "." }),
            "thingId",
            "a dot segment (`.` or `..`)",
        ),
    ];
    for http_method in [HttpMethod::Post, HttpMethod::Get] {
        for (template, request, name, found) in &cases {
            let error = client
                .send_json::<_, Value>(http_method, template, MethodKind::Read, request)
                .await
                .expect_err("the path cannot be filled");
            assert_eq!(error.status(), None);
            assert_eq!(
                error.to_string(),
                format!(
                    "the request field `{name}` fills the URL path, so it must be set to a \
                     non-empty string (other than `.` and `..`), number or boolean; found {found}"
                )
            );
            match error {
                Error::PathParameter {
                    name: got_name,
                    found: got_found,
                } => {
                    assert_eq!(
                        (got_name.as_str(), got_found),
                        (*name, *found),
                        "{template} {request}"
                    );
                }
                other => panic!("expected Error::PathParameter, got {other:?}"),
            }
        }
    }
    // `()` serializes to `null`, which has no fields at all.
    let error = client
        .send_json::<_, Value>(
            HttpMethod::Delete,
            "/things/{thingId}",
            MethodKind::Read,
            &(),
        )
        .await
        .expect_err("no request fields");
    assert!(
        matches!(&error, Error::PathParameter { name, found: "nothing" } if name == "thingId"),
        "{error:?}"
    );

    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests.is_empty(), "nothing is sent: {requests:?}");
}

#[tokio::test]
async fn a_malformed_path_template_is_an_error_and_nothing_is_sent() {
    let (server, client) = server_and_client().await;
    let request = json!({ "thingId": "t-1", "a": "x" });
    for template in [
        "/things/{thingId",
        "/things/{",
        "/things/{}",
        "/things/{}/{thingId}",
        "/things/{thingId}/}",
        "/things/}{thingId}",
        "/things/{a{thingId}}",
        // Malformed after a parameter whose field is missing: still malformed.
        "/things/{missing}/{",
    ] {
        for http_method in [HttpMethod::Post, HttpMethod::Get] {
            let error = client
                .send_json::<_, Value>(http_method, template, MethodKind::Read, &request)
                .await
                .expect_err("a malformed template");
            assert!(
                error.to_string().contains(template) && error.to_string().contains("malformed"),
                "{error}"
            );
            match error {
                Error::PathParameter { name, found } => {
                    assert_eq!(name, template);
                    assert_eq!(found, "a malformed path template");
                }
                other => panic!("expected Error::PathParameter, got {other:?}"),
            }
        }
    }
    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests.is_empty(), "nothing is sent: {requests:?}");
}
