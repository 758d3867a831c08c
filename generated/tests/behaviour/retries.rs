//! Retries: reads after 429/5xx and transport failures, writes only when
//! the request was not processed, `Retry-After` (seconds and HTTP dates),
//! the attempt limit, timeouts, and retries turned off. Counts come from
//! the requests the server received; nothing measures time.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wix_apis::bookings::bookings::CreateBookingRequest;
use wix_apis::bookings::resources::{QueryResourcesRequest, QueryResourcesResponse};
use wix_apis::runtime::{Error, RetryPolicy};
use wix_apis::Client;

use super::loopback::{fast_retries, server_and_client, LOCALHOST};
use super::received;

const QUERY: &str = "/bookings/v2/resources/query";
/// The schema URL of Create Booking (its curl examples call `/bookings/v2/bookings`).
const CREATE: &str = "/_api/bookings-service/v2/bookings";

/// Answers the first `times` requests to `at` with `first`, and every
/// later one with `200 {}`.
async fn fail_then_succeed(server: &MockServer, at: &str, first: ResponseTemplate, times: u64) {
    Mock::given(method("POST"))
        .and(path(at))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .with_priority(2)
        .mount(server)
        .await;
}

async fn query(client: &Client) -> Result<QueryResourcesResponse, Error> {
    client
        .resources()
        .query_resources(&QueryResourcesRequest::default())
        .await
}

async fn create(client: &Client) -> Result<(), Error> {
    client
        .bookings()
        .create_booking(&CreateBookingRequest::default())
        .await
        .map(drop)
}

#[tokio::test]
async fn a_read_is_retried_after_a_503_and_succeeds() {
    let (server, client) = server_and_client().await;
    fail_then_succeed(&server, QUERY, ResponseTemplate::new(503), 1).await;
    query(&client).await.expect("the retry succeeds");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body, "the same request again");
}

#[tokio::test]
async fn a_read_is_retried_after_each_retryable_status() {
    for status in [429, 500, 502, 503, 504] {
        let (server, client) = server_and_client().await;
        fail_then_succeed(&server, QUERY, ResponseTemplate::new(status), 1).await;
        query(&client).await.expect("the retry succeeds");
        assert_eq!(received(&server).await.len(), 2, "status {status}");
    }
}

#[tokio::test]
async fn a_client_error_is_not_retried() {
    let (server, client) = server_and_client().await;
    fail_then_succeed(&server, QUERY, ResponseTemplate::new(400), 1).await;
    let error = query(&client).await.expect_err("a 400 is final");
    assert_eq!(error.status(), Some(400));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn the_client_gives_up_after_the_attempt_limit() {
    let (server, client) = server_and_client().await;
    fail_then_succeed(&server, QUERY, ResponseTemplate::new(503), 100).await;
    let client = client.with_retry_policy(fast_retries().with_max_attempts(4));
    let error = query(&client).await.expect_err("every attempt fails");
    assert_eq!(error.status(), Some(503));
    assert!(error.is_retryable());
    assert_eq!(received(&server).await.len(), 4);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let (server, client) = server_and_client().await;
    fail_then_succeed(&server, QUERY, ResponseTemplate::new(503), 1).await;
    let client = client.with_retry_policy(RetryPolicy::none());
    let error = query(&client).await.expect_err("no second attempt");
    assert_eq!(error.status(), Some(503));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_create_is_not_retried_after_a_500() {
    let (server, client) = server_and_client().await;
    fail_then_succeed(&server, CREATE, ResponseTemplate::new(500), 1).await;
    let error = create(&client).await.expect_err("the 500 is final");
    assert_eq!(error.status(), Some(500));
    assert_eq!(received(&server).await.len(), 1, "no second booking");
}

#[tokio::test]
async fn a_create_is_not_retried_after_a_502_or_504() {
    for status in [502, 504] {
        let (server, client) = server_and_client().await;
        fail_then_succeed(&server, CREATE, ResponseTemplate::new(status), 1).await;
        create(&client).await.expect_err("final");
        assert_eq!(received(&server).await.len(), 1, "status {status}");
    }
}

#[tokio::test]
async fn a_create_is_retried_when_the_answer_shows_it_was_not_processed() {
    for status in [429, 503] {
        let (server, client) = server_and_client().await;
        fail_then_succeed(&server, CREATE, ResponseTemplate::new(status), 1).await;
        create(&client).await.expect("the retry succeeds");
        assert_eq!(received(&server).await.len(), 2, "status {status}");
    }
}

/// A client whose policy waits at most 5 s for a `Retry-After`.
fn patient(client: Client) -> Client {
    client.with_retry_policy(fast_retries().with_max_retry_after(Duration::from_secs(5)))
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured_up_to_the_policy_limit() {
    // `Retry-After: 0`: retried at once.
    let (server, client) = server_and_client().await;
    fail_then_succeed(
        &server,
        QUERY,
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        1,
    )
    .await;
    query(&patient(client)).await.expect("the retry succeeds");
    assert_eq!(received(&server).await.len(), 2);

    // An hour is longer than the policy waits: the call fails at once.
    let (server, client) = server_and_client().await;
    fail_then_succeed(
        &server,
        QUERY,
        ResponseTemplate::new(429).insert_header("retry-after", "3600"),
        1,
    )
    .await;
    let error = query(&patient(client))
        .await
        .expect_err("not worth waiting for");
    assert_eq!(error.status(), Some(429));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured_up_to_the_policy_limit() {
    // A date that has passed: retried at once.
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(3600));
    let (server, client) = server_and_client().await;
    fail_then_succeed(
        &server,
        QUERY,
        ResponseTemplate::new(503).insert_header("retry-after", past.as_str()),
        1,
    )
    .await;
    query(&patient(client)).await.expect("the retry succeeds");
    assert_eq!(received(&server).await.len(), 2);

    // A date a day away: the call fails at once.
    let tomorrow = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(86_400));
    let (server, client) = server_and_client().await;
    fail_then_succeed(
        &server,
        QUERY,
        ResponseTemplate::new(503).insert_header("retry-after", tomorrow.as_str()),
        1,
    )
    .await;
    query(&patient(client))
        .await
        .expect_err("not worth waiting for");
    assert_eq!(received(&server).await.len(), 1);
}

/// A server that answers only after a minute.
async fn slow_server() -> (MockServer, Client) {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(Duration::from_secs(60)),
        )
        .mount(&server)
        .await;
    (server, client.with_timeout(Duration::from_millis(200)))
}

#[tokio::test]
async fn a_timed_out_read_is_retried_then_fails_as_a_timeout() {
    let (server, client) = slow_server().await;
    let client = client.with_retry_policy(fast_retries().with_max_attempts(2));
    let error = query(&client).await.expect_err("too slow");
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(error, Error::Transport(_)));
    assert!(error.is_retryable());
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_timed_out_create_is_not_retried() {
    let (server, client) = slow_server().await;
    let error = create(&client).await.expect_err("too slow");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(
        received(&server).await.len(),
        1,
        "it may have been processed"
    );
}

/// A client for a loopback port nothing listens on (so every connection is
/// refused), and the number of connections its HTTP client tried, counted
/// by a layer around reqwest's own connector.
fn refused_client() -> (Client, Arc<AtomicUsize>) {
    let listener = std::net::TcpListener::bind((LOCALHOST, 0)).expect("a free port");
    let address = listener.local_addr().expect("its address");
    drop(listener);
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&connections);
    let http = reqwest::Client::builder()
        .no_proxy()
        .connector_layer(tower::util::MapRequestLayer::new(move |target| {
            counter.fetch_add(1, Ordering::SeqCst);
            target
        }))
        .build()
        .expect("an HTTP client");
    let client = Client::new()
        .with_http_client(http)
        .with_base_url(format!("http://{address}"))
        .with_retry_policy(fast_retries().with_max_attempts(4));
    (client, connections)
}

#[tokio::test]
async fn a_create_is_retried_when_the_connection_is_refused() {
    let (client, connections) = refused_client();
    let error = create(&client).await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(
        connections.load(Ordering::SeqCst),
        4,
        "a refused connection sent nothing, so every attempt is made"
    );
}

#[tokio::test]
async fn a_refused_read_is_retried_up_to_the_limit_and_not_beyond() {
    let (client, connections) = refused_client();
    let client = client.with_retry_policy(fast_retries().with_max_attempts(2));
    query(&client).await.expect_err("nothing listens");
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}
