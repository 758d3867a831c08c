//! The generated crate's HTTP tests (`generated/tests/exchanges.rs`): for
//! every method, the client sends a request to a real HTTP server on
//! 127.0.0.1 and the test checks what went over the wire (HTTP method, path
//! with its parameters filled and percent-encoded, query parameters, the
//! credential and content headers, the JSON body) and the typed response
//! decoded from the server's answer.
//!
//! The expected wire form is worked out here, from the IR and the schema
//! URL, independently of the runtime that sends it: a runtime change that
//! alters what a method sends fails these tests.
//!
//! Requests: a sample of the method's request type holding every documented
//! field (as the round-trip tests build it), and each curl example's body
//! that fills the path's parameters. A sample that cannot fill a path
//! parameter (the field is not a plain value) gets a test that the call
//! fails before sending anything.

use std::fmt::Write as _;

use quote::{format_ident, quote};
use serde_json::Value;

use super::layout::{string_token, Flat};
use super::names::to_ident;
use super::plan::CratePlan;
use super::roundtrip::{test_files, test_modules, without_null_members_fn, Sampler};
use crate::generate::GeneratedFile;
use crate::ir::{path_parameter_names, Ir, Method};
use crate::page::HttpMethod;

/// The API key the tests' client sends.
const API_KEY: &str = "test-api-key";

/// The site id the tests' client sends.
const SITE_ID: &str = "test-site-id";

/// The generated HTTP test files: the test crate root (which also pulls in
/// the hand-written loopback helpers) and the cases.
///
/// # Panics
///
/// When the emitted tokens do not parse: a bug in this module.
pub fn exchange_tests(ir: &Ir) -> Vec<GeneratedFile> {
    exchange_tests_planned(ir, &CratePlan::of(ir))
}

/// The files [`exchange_tests_planned`] makes: the test crate's root and its cases.
pub const PATHS: [&str; 2] = [
    "generated/tests/exchanges.rs",
    "generated/tests/exchanges/cases.rs",
];

/// [`exchange_tests`] for `ir` named by `plan` (`CratePlan::of(ir)`,
/// computed once by the caller): the files of [`PATHS`].
///
/// # Panics
///
/// When the emitted tokens do not parse: a bug in this module.
pub fn exchange_tests_planned(ir: &Ir, plan: &CratePlan) -> Vec<GeneratedFile> {
    let package_mods = test_modules(ir, plan, |package, package_plan, module, module_plan| {
        let accessor = to_ident(&module_plan.accessor);
        let mut tests = Vec::new();
        for ((method, test_name), method_fn) in module
            .methods
            .iter()
            .zip(&module_plan.tests)
            .zip(&module_plan.methods)
        {
            let request_id = package.resolve(&module.name, &method.request);
            let response_id = package.resolve(&module.name, &method.response);
            let request = to_ident(&package_plan.type_name(&request_id));
            let response = to_ident(&package_plan.type_name(&response_id));
            let method_fn = to_ident(method_fn);
            // The call under test, as a function its types are read from
            // (inside a test, inside the package's and the SDK module's
            // test modules).
            let mut call = Flat::at(3);
            call.signature(
                0,
                "async fn call",
                &[
                    "client: ::wix_apis::Client".to_owned(),
                    format!("request: api::{request}"),
                ],
                &format!("Result<api::{response}, ::wix_apis::Error>"),
            )
            .chain(
                1,
                "client",
                &[
                    format!(".{accessor}()"),
                    format!(".{method_fn}(&request)"),
                    ".await".to_owned(),
                ],
            )
            .code(0, "}");
            let sampler = Sampler {
                package,
                unknown_values: false,
            };
            let answer = super::str_literal_source(&sampler.object_json(&response_id));
            let mut requests = vec![(
                format_ident!("{}_sends_a_full_request_and_decodes_the_answer", test_name),
                "A request holding every documented field.".to_owned(),
                sampler.object(&request_id, &mut Vec::new()),
            )];
            for (index, example) in method.request_examples.iter().enumerate() {
                if expected_path(&method.path, &example.body).is_some() {
                    requests.push((
                        format_ident!("{}_sends_curl_example_{}", test_name, index + 1),
                        format!(
                            "The curl example {}.",
                            super::docs::rustdoc_code_span(&example.title)
                        ),
                        example.body.clone(),
                    ));
                }
            }
            for (test, doc, body) in requests {
                let request_json = super::str_literal_source(&super::json_text(&body));
                let mut flat = Flat::at(2);
                let Some(path) = expected_path(&method.path, &body) else {
                    flat.docs(
                        0,
                        &[
                            doc,
                            "Its path cannot be filled, so nothing is sent.".to_owned(),
                        ],
                    )
                    .code(0, "#[tokio::test]")
                    .unbreakable(0, format_args!("async fn {test}() {{"))
                    .nested(1, &call)
                    .unbreakable(1, format_args!("let request = {request_json};"))
                    .code(1, "crate::cases::refused(request, call).await;")
                    .code(0, "}");
                    tests.push(flat);
                    continue;
                };
                let (sent_body, query) = if has_body(method.http_method) {
                    ("Some(request)", Vec::new())
                } else {
                    ("None", query_pairs(method, &body))
                };
                let query: Vec<Vec<String>> = query
                    .iter()
                    .map(|(name, value)| vec![string_token(name), string_token(value)])
                    .collect();
                flat.docs(0, &[doc])
                    .code(0, "#[tokio::test]")
                    .unbreakable(0, format_args!("async fn {test}() {{"))
                    .nested(1, &call)
                    .unbreakable(1, format_args!("let request = {request_json};"))
                    .unbreakable(1, format_args!("let answer = {answer};"))
                    .code(1, "let expected = crate::cases::Expected {")
                    .code(
                        2,
                        format_args!("method: {},", string_token(method.http_method.as_str())),
                    )
                    .code(2, format_args!("path: {},", string_token(&path)))
                    .tuple_array(2, "query: &", &query, ",")
                    .code(2, format_args!("body: {sent_body},"))
                    .code(1, "};")
                    .code(
                        1,
                        "crate::cases::exchange(expected, request, answer, call).await;",
                    )
                    .code(0, "}");
                tests.push(flat);
            }
        }
        tests
    });
    let root = quote! {
        //! Every method over real HTTP on 127.0.0.1: the request the client
        //! sends (HTTP method, path, query parameters, headers, JSON body)
        //! and the typed response it decodes from the server's answer.
        //!
        //! The expected requests are worked out by the generator from the
        //! schema URL and the IR, not by the runtime that sends them.

        #[path = "loopback/mod.rs"]
        #[allow(dead_code)]
        mod loopback;

        #[rustfmt::skip]
        #[path = "exchanges/cases.rs"]
        mod cases;
    };
    let without_null_members = without_null_members_fn();
    let tokens = quote! {
        //! The exchange cases: per method, a full request and each curl example.

        /// What one call must put on the wire.
        #[allow(dead_code)]
        pub struct Expected {
            /// The HTTP method.
            pub method: &'static str,
            /// The path, parameters filled and percent-encoded.
            pub path: &'static str,
            /// The query parameters, decoded, in order.
            pub query: &'static [(&'static str, &'static str)],
            /// The JSON body, if the method sends one.
            pub body: Option<&'static str>,
        }

        /// Sends the request `request` (JSON) with `call` to a server that
        /// answers `answer`, then checks the one request it got against
        /// `expected`, and the typed response against `answer`.
        #[allow(dead_code)]
        pub async fn exchange<Req, Resp, Call, Fut>(
            expected: Expected,
            request: &str,
            answer: &str,
            call: Call,
        ) where
            Req: serde::de::DeserializeOwned,
            Resp: serde::Serialize,
            Call: FnOnce(::wix_apis::Client, Req) -> Fut,
            Fut: ::std::future::Future<Output = Result<Resp, ::wix_apis::Error>>,
        {
            let (server, client) = crate::loopback::server_and_client().await;
            let answer: serde_json::Value = serde_json::from_str(answer).expect("the answer is JSON");
            wiremock::Mock::given(wiremock::matchers::any())
                .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(&answer))
                .mount(&server)
                .await;
            let client = client.with_api_key(::wix_apis::runtime::ApiKey::for_site(#API_KEY, #SITE_ID));
            let typed: Req = serde_json::from_str(request).expect("the request deserializes");
            let response = call(client, typed).await.expect("the call succeeds");
            let received = server.received_requests().await.expect("requests are recorded");
            assert_eq!(received.len(), 1, "one request");
            let sent = &received[0];
            assert_eq!(sent.method.as_str(), expected.method);
            assert_eq!(sent.url.path(), expected.path);
            let query: Vec<(String, String)> = sent.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            let expected_query: Vec<(String, String)> = expected.query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
            assert_eq!(query, expected_query, "query parameters");
            let header = |name: &str| sent.headers.get(name).map(|value| value.to_str().expect("a text header"));
            assert_eq!(header("authorization"), Some(#API_KEY));
            assert_eq!(header("wix-site-id"), Some(#SITE_ID));
            assert_eq!(header("accept"), Some("application/json"));
            match expected.body {
                Some(body) => {
                    assert_eq!(header("content-type"), Some("application/json"));
                    let sent_body: serde_json::Value = serde_json::from_slice(&sent.body).expect("a JSON body");
                    let body: serde_json::Value = serde_json::from_str(body).expect("the expected body is JSON");
                    assert_eq!(without_null_members(sent_body), without_null_members(body), "the body");
                }
                None => {
                    assert_eq!(header("content-type"), None);
                    assert!(sent.body.is_empty(), "no body");
                }
            }
            let decoded = serde_json::to_value(&response).expect("the response serializes");
            assert_eq!(without_null_members(decoded), without_null_members(answer), "the typed response");
        }

        /// Calls with the request `request` (JSON), whose path cannot be
        /// filled: the call fails with a path parameter error, sending nothing.
        #[allow(dead_code)]
        pub async fn refused<Req, Resp, Call, Fut>(request: &str, call: Call)
        where
            Req: serde::de::DeserializeOwned,
            Call: FnOnce(::wix_apis::Client, Req) -> Fut,
            Fut: ::std::future::Future<Output = Result<Resp, ::wix_apis::Error>>,
        {
            let (server, client) = crate::loopback::server_and_client().await;
            let typed: Req = serde_json::from_str(request).expect("the request deserializes");
            let error = call(client, typed).await.err().expect("the path cannot be filled");
            assert!(matches!(error, ::wix_apis::Error::PathParameter { .. }), "{error:?}");
            let received = server.received_requests().await.expect("requests are recorded");
            assert!(received.is_empty(), "nothing is sent");
        }

        #without_null_members
    };
    let [root_path, cases_path] = PATHS;
    test_files(&[
        (root_path, root, String::new()),
        (cases_path, tokens, package_mods),
    ])
}

/// Whether the method sends its request as a JSON body.
fn has_body(method: HttpMethod) -> bool {
    matches!(
        method,
        HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch
    )
}

/// The path `template` with each `{name}` replaced by the value at that
/// dotted path of `request`, percent-encoded as one segment; `None` when a
/// value is missing or not a non-empty plain value (the client then refuses
/// to send).
fn expected_path(template: &str, request: &Value) -> Option<String> {
    let mut path = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}')?;
        path.push_str(&rest[..open]);
        let text = plain_text(value_at(request, &rest[open + 1..close])?)?;
        if text.is_empty() || text == "." || text == ".." {
            return None;
        }
        path.push_str(&encode_segment(&text));
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return None;
    }
    path.push_str(rest);
    Some(path)
}

/// The value at a dotted path of a JSON object.
fn value_at<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(value, |value, key| value.get(key))
}

/// A string's own text, a number's or boolean's JSON text; `None` for
/// anything else.
fn plain_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

/// `text` percent-encoded as one path segment (RFC 3986 unreserved kept).
fn encode_segment(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// The query parameters of a `GET` or `DELETE` request, as Wix's gateway
/// reads them: dotted names for nested fields, arrays repeated, objects and
/// arrays inside arrays as JSON text, `null` left out; the fields that fill
/// the path are not repeated.
fn query_pairs(method: &Method, request: &Value) -> Vec<(String, String)> {
    let mut request = request.clone();
    for name in path_parameter_names(&method.path) {
        remove_at(&mut request, name);
    }
    let mut pairs = Vec::new();
    if let Value::Object(fields) = &request {
        for (name, value) in fields {
            push_pairs(&mut pairs, name.clone(), value);
        }
    }
    pairs
}

/// Removes the member at a dotted path.
fn remove_at(value: &mut Value, path: &str) {
    let (parent, last) = match path.rsplit_once('.') {
        Some((parent, last)) => (
            parent
                .split('.')
                .try_fold(value, |value, key| value.get_mut(key)),
            last,
        ),
        None => (Some(value), path),
    };
    if let Some(Value::Object(members)) = parent {
        members.shift_remove(last);
    }
}

/// The parameters of one field called `name`.
fn push_pairs(pairs: &mut Vec<(String, String)>, name: String, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (key, field) in fields {
                push_pairs(pairs, format!("{name}.{key}"), field);
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Null => {}
                    Value::Object(_) | Value::Array(_) => {
                        pairs.push((name.clone(), item.to_string()));
                    }
                    other => pairs.extend(plain_text(other).map(|text| (name.clone(), text))),
                }
            }
        }
        other => pairs.extend(plain_text(other).map(|text| (name, text))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_are_filled_from_dotted_fields_and_encoded_as_one_segment() {
        let request = json!({"booking": {"id": "a b/c"}, "n": 7, "empty": "", "dot": ".."});
        assert_eq!(
            expected_path("/v2/bookings/{booking.id}/n/{n}", &request).as_deref(),
            Some("/v2/bookings/a%20b%2Fc/n/7")
        );
        assert_eq!(expected_path("/plain", &request).as_deref(), Some("/plain"));
        for broken in [
            "/{missing}",
            "/{empty}",
            "/{dot}",
            "/{booking}",
            "/{n",
            "/n}",
        ] {
            assert_eq!(expected_path(broken, &request), None, "{broken}");
        }
    }

    #[test]
    fn get_requests_flatten_into_query_parameters_without_path_fields() {
        let method = Method {
            name: "GetThing".into(),
            operation_id: "getThing".into(),
            description: String::new(),
            http_method: HttpMethod::Get,
            host: "www.wixapis.com".into(),
            path: "/v1/things/{thing.id}".into(),
            docs_url: String::new(),
            permission_scopes: Vec::new(),
            request: "GetThingRequest".into(),
            response: "GetThingResponse".into(),
            source: "specs/get-thing.md".into(),
            required_paths: Vec::new(),
            request_examples: Vec::new(),
            possible_errors: Vec::new(),
        };
        let request = json!({
            "thing": {"id": "t1", "name": "x"},
            "fields": ["A", "B", null],
            "nested": [{"a": 1}, [2]],
            "paging": {"limit": 10, "offset": null},
            "flag": true,
            "gone": null,
        });
        assert_eq!(
            query_pairs(&method, &request),
            [
                ("thing.name", "x"),
                ("fields", "A"),
                ("fields", "B"),
                ("nested", "{\"a\":1}"),
                ("nested", "[2]"),
                ("paging.limit", "10"),
                ("flag", "true"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
    }
}
