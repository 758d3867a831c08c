//! Credentials on the wire, app instance tokens (cached, refreshed, one
//! refresh for concurrent calls), token sources, and secrets kept out of
//! `Debug`, errors and logs.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once};

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wix_apis::bookings::resources::QueryResourcesRequest;
use wix_apis::runtime::futures::future::{join_all, BoxFuture};
use wix_apis::runtime::{
    ApiKey, AppInstance, AuthFailure, BoxError, Error, RetryPolicy, Secret, TokenSource,
};
use wix_apis::Client;

use super::loopback::server_and_client;
use super::{header_of, received};

const QUERY: &str = "/bookings/v2/resources/query";

/// Answers every `POST /bookings/v2/resources/query` with an empty page.
async fn answer_queries(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(QUERY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"resources": []})))
        .mount(server)
        .await;
}

/// One Query Resources call.
async fn query(client: &Client) -> Result<(), Error> {
    client
        .resources()
        .query_resources(&QueryResourcesRequest::default())
        .await
        .map(drop)
}

#[tokio::test]
async fn an_api_key_for_a_site_sends_the_raw_key_and_the_site_id() {
    let (server, client) = server_and_client().await;
    answer_queries(&server).await;
    let client = client.with_api_key(ApiKey::for_site("IST.key-1", "site-1"));
    query(&client).await.expect("the call succeeds");
    let requests = received(&server).await;
    assert_eq!(header_of(&requests[0], "authorization"), Some("IST.key-1"));
    assert_eq!(header_of(&requests[0], "wix-site-id"), Some("site-1"));
    assert_eq!(header_of(&requests[0], "wix-account-id"), None);
}

#[tokio::test]
async fn an_api_key_for_an_account_sends_the_account_id() {
    let (server, client) = server_and_client().await;
    answer_queries(&server).await;
    let client = client.with_api_key(ApiKey::for_account("IST.key-2", "account-1"));
    query(&client).await.expect("the call succeeds");
    let requests = received(&server).await;
    assert_eq!(header_of(&requests[0], "authorization"), Some("IST.key-2"));
    assert_eq!(header_of(&requests[0], "wix-account-id"), Some("account-1"));
    assert_eq!(header_of(&requests[0], "wix-site-id"), None);
}

#[tokio::test]
async fn an_access_token_is_the_authorization_value() {
    let (server, client) = server_and_client().await;
    answer_queries(&server).await;
    let client = client.with_access_token("OAUTH.token-1");
    query(&client).await.expect("the call succeeds");
    let requests = received(&server).await;
    assert_eq!(
        header_of(&requests[0], "authorization"),
        Some("OAUTH.token-1")
    );
    assert_eq!(header_of(&requests[0], "wix-site-id"), None);
}

#[tokio::test]
async fn no_credentials_send_no_authorization() {
    let (server, client) = server_and_client().await;
    answer_queries(&server).await;
    query(&client).await.expect("the call succeeds");
    assert_eq!(
        header_of(&received(&server).await[0], "authorization"),
        None
    );
}

/// Mounts `POST /oauth2/token` for the app `app-1`, answering `token` that
/// lives `expires_in` seconds, and expecting `times` requests.
async fn token_endpoint(server: &MockServer, token: &str, expires_in: u64, times: u64) {
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "grant_type": "client_credentials",
            "client_id": "app-1",
            "client_secret": "s3cret-client",
            "instance_id": "instance-1",
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": expires_in,
        })))
        .expect(times)
        .mount(server)
        .await;
}

fn app() -> AppInstance {
    AppInstance::new("app-1", "s3cret-client", "instance-1")
}

#[tokio::test]
async fn concurrent_calls_share_one_app_instance_token_request() {
    let (server, client) = server_and_client().await;
    token_endpoint(&server, "OAUTH2.instance-token", 14_400, 1).await;
    Mock::given(method("POST"))
        .and(path(QUERY))
        .and(header("authorization", "OAUTH2.instance-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"resources": []})))
        .expect(20)
        .mount(&server)
        .await;
    let client = client.with_app_instance(app());
    let calls = (0..20).map(|_| query(&client));
    for result in join_all(calls).await {
        result.expect("every call succeeds");
    }
    // The token request carries no credential of its own.
    let token_requests: Vec<_> = received(&server)
        .await
        .into_iter()
        .filter(|r| r.url.path() == "/oauth2/token")
        .collect();
    assert_eq!(token_requests.len(), 1);
    assert_eq!(header_of(&token_requests[0], "authorization"), None);
}

#[tokio::test]
async fn a_cached_token_is_reused_and_clones_share_it() {
    let (server, client) = server_and_client().await;
    token_endpoint(&server, "OAUTH2.long-lived", 3_600, 1).await;
    answer_queries(&server).await;
    let client = client.with_app_instance(app());
    query(&client).await.expect("the first call succeeds");
    query(&client.clone())
        .await
        .expect("the second call succeeds");
}

#[tokio::test]
async fn an_expired_token_is_refreshed() {
    let (server, client) = server_and_client().await;
    // A token that expires at once is refreshed on the next call.
    token_endpoint(&server, "OAUTH2.short-lived", 0, 2).await;
    answer_queries(&server).await;
    let client = client.with_app_instance(app());
    query(&client).await.expect("the first call succeeds");
    query(&client).await.expect("the second call succeeds");
}

/// Mounts a token endpoint that answers `first` once, then `second`.
async fn rotating_token_endpoint(server: &MockServer, first: &str, second: &str) {
    for (token, priority) in [(first, 1), (second, 2)] {
        Mock::given(method("POST"))
            .and(path("/oauth2/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": token,
                "expires_in": 14_400,
            })))
            .up_to_n_times(1)
            .with_priority(priority)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn a_refused_token_is_dropped_and_the_call_made_once_more_with_a_new_one() {
    let (server, client) = server_and_client().await;
    rotating_token_endpoint(&server, "OAUTH2.revoked", "OAUTH2.fresh").await;
    Mock::given(method("POST"))
        .and(path(QUERY))
        .and(header("authorization", "OAUTH2.revoked"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "token revoked"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(QUERY))
        .and(header("authorization", "OAUTH2.fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"resources": []})))
        .mount(&server)
        .await;
    let client = client.with_app_instance(app());
    query(&client)
        .await
        .expect("the second try has a new token");
    // The new token is cached: the next call asks for none.
    query(&client).await.expect("the next call succeeds");
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.url.path(),
                header_of(r, "authorization").unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        paths,
        [
            "/oauth2/token ".to_owned(),
            format!("{QUERY} OAUTH2.revoked"),
            "/oauth2/token ".to_owned(),
            format!("{QUERY} OAUTH2.fresh"),
            format!("{QUERY} OAUTH2.fresh"),
        ]
    );
}

#[tokio::test]
async fn a_401_with_a_new_token_too_fails_after_one_more_try() {
    let (server, client) = server_and_client().await;
    rotating_token_endpoint(&server, "OAUTH2.first", "OAUTH2.second").await;
    Mock::given(method("POST"))
        .and(path(QUERY))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "no access"})))
        .mount(&server)
        .await;
    let client = client.with_app_instance(app());
    let error = query(&client).await.expect_err("every try is refused");
    assert_eq!(error.status(), Some(401));
    let calls = received(&server)
        .await
        .iter()
        .filter(|r| r.url.path() == QUERY)
        .count();
    assert_eq!(calls, 2, "one try with each token, no loop");
}

#[tokio::test]
async fn a_401_with_an_api_key_is_not_retried() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path(QUERY))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let client = client.with_api_key(ApiKey::for_site("key", "site-1"));
    let error = query(&client).await.expect_err("refused");
    assert_eq!(error.status(), Some(401));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_failed_token_request_is_an_auth_error_and_the_method_is_not_called() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("x-wix-request-id", "req-token")
                .set_body_json(json!({
                    "message": "bad client secret s3cret-client",
                    "details": {"applicationError": {"code": "INVALID_CLIENT", "description": "s3cret-client is wrong"}},
                })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client.with_app_instance(app());
    let error = query(&client).await.expect_err("no token, no call");
    assert!(
        matches!(
            error,
            Error::Auth {
                failure: AuthFailure::TokenRequest,
                source: Some(_),
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.request_id(), Some("req-token"));
    let shown = format!("{error} {error:?} {:?}", std::error::Error::source(&error));
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(
        received(&server)
            .await
            .iter()
            .all(|r| r.url.path() == "/oauth2/token"),
        "the method is not called"
    );
}

#[tokio::test]
async fn a_token_answer_without_a_token_is_an_error_that_keeps_nothing_of_it() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"accessToken": "OAUTH2.misnamed-token", "expires_in": 60})),
        )
        .mount(&server)
        .await;
    let client = client.with_app_instance(app());
    let error = query(&client).await.expect_err("no usable token");
    assert!(
        matches!(
            error,
            Error::Auth {
                failure: AuthFailure::TokenResponse,
                source: None,
            }
        ),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains("misnamed"));
}

/// A token source that counts its calls.
struct Counting {
    calls: Arc<AtomicUsize>,
    fail: bool,
}

impl TokenSource for Counting {
    fn token(&self) -> BoxFuture<'_, Result<Secret, BoxError>> {
        Box::pin(async move {
            let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            if self.fail {
                Err("the vault is sealed".into())
            } else {
                Ok(Secret::new(format!("CUSTOM.token-{call}")))
            }
        })
    }
}

#[tokio::test]
async fn a_token_source_is_asked_once_per_call() {
    let (server, client) = server_and_client().await;
    answer_queries(&server).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = client.with_token_source(Counting {
        calls: Arc::clone(&calls),
        fail: false,
    });
    query(&client).await.expect("the first call succeeds");
    query(&client).await.expect("the second call succeeds");
    let requests = received(&server).await;
    assert_eq!(
        header_of(&requests[0], "authorization"),
        Some("CUSTOM.token-1")
    );
    assert_eq!(
        header_of(&requests[1], "authorization"),
        Some("CUSTOM.token-2")
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failing_token_source_fails_the_call_before_sending() {
    let (server, client) = server_and_client().await;
    let client = client.with_token_source(Counting {
        calls: Arc::new(AtomicUsize::new(0)),
        fail: true,
    });
    let error = query(&client).await.expect_err("no token");
    match &error {
        Error::Auth {
            failure: AuthFailure::TokenSource,
            source: Some(source),
        } => assert_eq!(source.to_string(), "the vault is sealed"),
        other => panic!("expected Error::Auth, got {other:?}"),
    }
    assert!(received(&server).await.is_empty(), "nothing is sent");
}

/// Everything logged through the `log` crate while the tests run.
static LOGS: Mutex<String> = Mutex::new(String::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let line = format!(
            "{} {}: {}\n",
            record.level(),
            record.target(),
            record.args()
        );
        LOGS.lock().expect("the log lock").push_str(&line);
    }

    fn flush(&self) {}
}

/// Logs every record of every level into [`LOGS`].
fn capture_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        log::set_logger(&Capture).expect("no other logger");
        log::set_max_level(log::LevelFilter::Trace);
    });
}

#[tokio::test]
async fn secrets_never_appear_in_debug_output_errors_or_logs() {
    capture_logs();
    let (server, client) = server_and_client().await;
    let client = client.with_retry_policy(RetryPolicy::none());
    token_endpoint(&server, "OAUTH2.s3cret-token", 3_600, 1).await;
    Mock::given(method("POST"))
        .and(path(QUERY))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"message": "forbidden"})))
        .mount(&server)
        .await;
    let clients = [
        client
            .clone()
            .with_api_key(ApiKey::for_site("IST.s3cret-key", "site-1")),
        client.clone().with_access_token("OAUTH.s3cret-access"),
        client.clone().with_app_instance(app()),
        client.clone().with_token_source(Counting {
            calls: Arc::new(AtomicUsize::new(0)),
            fail: false,
        }),
        client.with_access_token("s3cret\nwith a line break"),
    ];
    let mut shown = String::new();
    for client in &clients {
        writeln!(shown, "{client:?}").expect("a String takes it");
        let error = query(client).await.expect_err("every call fails");
        writeln!(shown, "{error}\n{error:?}").expect("a String takes it");
        // Again, with the app instance's token cached.
        let error = query(client).await.expect_err("every call fails");
        writeln!(shown, "{error}\n{error:?}").expect("a String takes it");
    }
    assert!(shown.contains("forbidden"), "{shown}");
    assert!(!shown.contains("s3cret"), "{shown}");
    let logs = LOGS.lock().expect("the log lock").clone();
    assert!(!logs.contains("s3cret"), "{logs}");
    // The HTTP stack did log these calls, so the check above can fail.
    assert!(logs.contains(super::loopback::LOCALHOST), "{logs}");
    // The secrets did reach the server, so the check above can fail.
    let sent: Vec<String> = received(&server)
        .await
        .iter()
        .filter_map(|r| header_of(r, "authorization").map(str::to_owned))
        .collect();
    assert!(
        sent.iter().any(|value| value == "IST.s3cret-key"),
        "{sent:?}"
    );
    assert!(
        sent.iter().any(|value| value == "OAUTH2.s3cret-token"),
        "{sent:?}"
    );
}
