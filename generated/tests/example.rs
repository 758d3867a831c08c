//! The `query_resources` example, run as the built program against a
//! wiremock server on 127.0.0.1 (`WIX_API_BASE_URL`), with proxy variables
//! removed so that it reaches nothing else.
//!
//! `cargo test` builds the examples with the tests; when only this test is
//! built (`cargo test --test example`), build the example first:
//! `cargo build -p wix-apis --example query_resources`.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod loopback;

const QUERY: &str = "/bookings/v2/resources/query";

/// The built example, beside the test binary's directory
/// (`target/<profile>/examples/query_resources`).
fn example() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps/<test>");
    let program = profile
        .join("examples")
        .join(format!("query_resources{}", std::env::consts::EXE_SUFFIX));
    assert!(
        program.exists(),
        "{} is not built: run `cargo test -p wix-apis` (which builds the examples) or `cargo build -p wix-apis --example query_resources`",
        program.display()
    );
    program
}

/// Runs the example with `vars` set (and no other Wix or proxy variable).
async fn run(vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(example());
    for name in [
        "WIX_API_KEY",
        "WIX_SITE_ID",
        "WIX_API_BASE_URL",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        command.env_remove(name);
    }
    command.env("NO_PROXY", "*").env("no_proxy", "*");
    for (name, value) in vars {
        command.env(name, value);
    }
    tokio::task::spawn_blocking(move || command.output().expect("the example runs"))
        .await
        .expect("the example's task")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A page of resources `(id, name)` with `next` as the next cursor.
fn page(resources: &[(&str, &str)], next: Option<&str>) -> Value {
    let resources: Vec<Value> = resources
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    let cursors = next.map_or_else(|| json!({}), |next| json!({"next": next}));
    json!({"resources": resources, "pagingMetadata": {"cursors": cursors}})
}

/// Answers the one request with `body` (and the example's API key headers).
async fn answer(server: &MockServer, body: Value, answer: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(QUERY))
        .and(header("authorization", "IST.example-key"))
        .and(header("wix-site-id", "site-1"))
        .and(body_json(body))
        .respond_with(answer)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn it_prints_every_resource_across_pages() {
    let (server, _) = loopback::server_and_client().await;
    answer(
        &server,
        json!({"query": {"cursorPaging": {"limit": 100}}}),
        ResponseTemplate::new(200)
            .set_body_json(page(&[("r1", "Room 1"), ("r2", "Room 2")], Some("CURSOR2"))),
    )
    .await;
    answer(
        &server,
        json!({"query": {"cursorPaging": {"cursor": "CURSOR2", "limit": 100}}}),
        ResponseTemplate::new(200).set_body_json(page(&[("r3", "Projector")], Some("CURSOR3"))),
    )
    .await;
    answer(
        &server,
        json!({"query": {"cursorPaging": {"cursor": "CURSOR3", "limit": 100}}}),
        ResponseTemplate::new(200).set_body_json(page(&[], None)),
    )
    .await;
    let output = run(&[
        ("WIX_API_KEY", "IST.example-key"),
        ("WIX_SITE_ID", "site-1"),
        ("WIX_API_BASE_URL", &server.uri()),
    ])
    .await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "r1\tRoom 1\nr2\tRoom 2\nr3\tProjector\n"
    );
}

#[tokio::test]
async fn a_missing_variable_is_named_and_fails() {
    for (missing, vars) in [
        ("WIX_API_KEY", [("WIX_SITE_ID", "site-1")]),
        ("WIX_SITE_ID", [("WIX_API_KEY", "IST.example-key")]),
    ] {
        let output = run(&vars).await;
        assert!(!output.status.success());
        let stderr = text(&output.stderr);
        assert!(stderr.contains(missing), "{stderr}");
        assert_eq!(text(&output.stdout), "");
    }
}

#[tokio::test]
async fn an_api_error_prints_status_code_and_request_id_and_fails() {
    let (server, _) = loopback::server_and_client().await;
    answer(
        &server,
        json!({"query": {"cursorPaging": {"limit": 100}}}),
        ResponseTemplate::new(403)
            .insert_header("x-wix-request-id", "req-403")
            .set_body_json(json!({
                "message": "not allowed",
                "details": {"applicationError": {"code": "MISSING_SCOPE", "description": "no scope"}}
            })),
    )
    .await;
    let output = run(&[
        ("WIX_API_KEY", "IST.example-key"),
        ("WIX_SITE_ID", "site-1"),
        ("WIX_API_BASE_URL", &server.uri()),
    ])
    .await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("status: 403"), "{stderr}");
    assert!(stderr.contains("code: MISSING_SCOPE"), "{stderr}");
    assert!(stderr.contains("request id: req-403"), "{stderr}");
    assert!(!stderr.contains("IST.example-key"), "{stderr}");
}
