//! What the HTTP tests share: a wiremock server on 127.0.0.1 and a client
//! pointed at it that ignores proxy settings, so no test reaches any other
//! address.

use wiremock::MockServer;
use wix_apis::Client;

/// A mock server on 127.0.0.1 and a client pointed at it. The HTTP client
/// ignores proxy settings from the environment, so nothing leaves loopback.
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
        .with_base_url(server.uri());
    (server, client)
}
