//! The client's behaviour over real HTTP to wiremock servers on 127.0.0.1:
//! credentials (`auth`), errors with typed application errors (`errors`),
//! retries (`retries`) and auto-pagination (`paging`). Each call goes
//! through the generated module clients and the hand-written runtime.

mod loopback;

#[path = "behaviour/auth.rs"]
mod auth;
#[path = "behaviour/errors.rs"]
mod errors;
#[path = "behaviour/paging.rs"]
mod paging;
#[path = "behaviour/retries.rs"]
mod retries;

use wiremock::{MockServer, Request};

/// Every request `server` received, in order.
async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The JSON body of `request`.
fn body_of(request: &Request) -> serde_json::Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

/// The value of header `name` of `request`, if it has one.
fn header_of<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("a text header"))
}
