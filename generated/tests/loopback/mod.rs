//! What the HTTP tests share: a wiremock server on 127.0.0.1 and a client
//! pointed at it that ignores proxy settings, so no test reaches any other
//! address.

use std::time::Duration;

use wiremock::MockServer;
use wix_apis::runtime::RetryPolicy;
use wix_apis::Client;

/// A mock server on 127.0.0.1 and a client pointed at it. The HTTP client
/// ignores proxy settings from the environment, so nothing leaves loopback.
/// Retries are on as by default, with backoffs of a few milliseconds.
pub async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    assert!(
        server.address().ip().is_loopback(),
        "the mock server must listen on loopback, not {}",
        server.address()
    );
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("an HTTP client");
    let client = Client::new()
        .with_http_client(http)
        .with_base_url(server.uri())
        .with_retry_policy(fast_retries());
    (server, client)
}

/// The host every test server listens on.
#[allow(dead_code)]
pub const LOCALHOST: &str = "127.0.0.1";

/// The default retry policy with backoffs of a few milliseconds.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::new()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}
