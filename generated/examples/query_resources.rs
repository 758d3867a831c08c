//! Lists every bookings resource of a site, one line each: its id, a tab,
//! its name. Pages through them with the auto-pagination stream.
//!
//! ```sh
//! WIX_API_KEY=... WIX_SITE_ID=... cargo run -p wix-apis --example query_resources
//! ```
//!
//! `WIX_API_BASE_URL` sends the calls elsewhere than
//! `https://www.wixapis.com` (the tests point it at a local server).
//!
//! Exit status: 0 when every resource was listed; 2 when a variable is
//! missing (it says which); 1 when the API call fails (it prints the status,
//! the application error code and the request id).

use std::process::ExitCode;

use wix_apis::bookings::resources::{CursorPaging, CursorQuery, QueryResourcesRequest};
use wix_apis::runtime::futures::TryStreamExt;
use wix_apis::runtime::{ApiKey, DEFAULT_BASE_URL};
use wix_apis::{Client, Error};

/// The resources asked for per page.
const PAGE_SIZE: i64 = 100;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (key, site_id) = match (variable("WIX_API_KEY"), variable("WIX_SITE_ID")) {
        (Ok(key), Ok(site_id)) => (key, site_id),
        (Err(missing), _) | (_, Err(missing)) => {
            eprintln!("error: {missing}");
            return ExitCode::from(2);
        }
    };
    let base_url = variable("WIX_API_BASE_URL").unwrap_or_else(|_| DEFAULT_BASE_URL.to_owned());
    let client = Client::new()
        .with_base_url(base_url)
        .with_api_key(ApiKey::for_site(key, site_id));
    match print_resources(&client).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

/// The value of environment variable `name`, or what to say when it is
/// missing.
fn variable(name: &str) -> Result<String, String> {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => Ok(value),
        Ok(_) => Err(format!("the environment variable {name} is empty")),
        Err(_) => Err(format!("the environment variable {name} is not set")),
    }
}

/// Prints `id<TAB>name` for every resource, as each page arrives.
async fn print_resources(client: &Client) -> Result<(), Error> {
    let request = QueryResourcesRequest {
        query: Some(CursorQuery {
            cursor_paging: Some(CursorPaging {
                limit: Some(PAGE_SIZE),
                ..CursorPaging::default()
            }),
            ..CursorQuery::default()
        }),
        ..QueryResourcesRequest::default()
    };
    let mut resources = client.resources().query_resources_items(&request);
    while let Some(resource) = resources.try_next().await? {
        println!(
            "{}\t{}",
            resource.id.unwrap_or_default(),
            resource.name.unwrap_or_default()
        );
    }
    Ok(())
}

/// Prints what failed: for an API answer its status, application error code
/// and request id, which Wix support asks for.
fn report(error: &Error) {
    let shown = |value: Option<&str>| value.unwrap_or("none").to_owned();
    eprintln!("error: {error}");
    eprintln!(
        "status: {}",
        error
            .status()
            .map_or_else(|| "none".to_owned(), |status| status.to_string())
    );
    eprintln!("code: {}", shown(error.application_error_code()));
    eprintln!("request id: {}", shown(error.request_id()));
}
