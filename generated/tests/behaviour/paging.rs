//! Auto-pagination: the first request is the caller's, each next one sends
//! only the cursor and the limit, paging goes on while
//! `pagingMetadata.cursors.next` is present, a repeated cursor ends the
//! stream with an error, and items come as their page arrives.

use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wix_apis::bookings::attendance::{AttendanceStatus, QueryAttendanceRequest, QueryV2};
use wix_apis::bookings::resources::{
    CursorPaging, CursorQuery, QueryResourcesRequest, Resource, SortOrder, Sorting,
};
use wix_apis::runtime::futures::{StreamExt, TryStreamExt};
use wix_apis::runtime::{ApiKey, Error};

use super::loopback::server_and_client;
use super::{body_of, header_of, received};

const QUERY: &str = "/bookings/v2/resources/query";

/// The first request: a filter, a sort and a limit of 2.
fn first_request() -> QueryResourcesRequest {
    QueryResourcesRequest {
        query: Some(CursorQuery {
            filter: json!({"typeId": {"$eq": "room"}}).as_object().cloned(),
            sort: Some(vec![Sorting {
                field_name: Some("name".to_owned()),
                order: Some(SortOrder::Asc),
                ..Sorting::default()
            }]),
            cursor_paging: Some(CursorPaging {
                limit: Some(2),
                ..CursorPaging::default()
            }),
            ..CursorQuery::default()
        }),
        ..QueryResourcesRequest::default()
    }
}

/// An answer with resources `ids` and `next` as the next cursor.
fn page(ids: &[&str], next: Option<&str>) -> Value {
    let resources: Vec<Value> = ids
        .iter()
        .map(|id| json!({"id": id, "name": format!("Room {id}")}))
        .collect();
    let cursors = match next {
        Some(next) => json!({"next": next, "prev": "PREV"}),
        None => json!({"prev": "PREV"}),
    };
    json!({
        "resources": resources,
        "pagingMetadata": {"count": ids.len(), "cursors": cursors, "hasNext": next.is_some()}
    })
}

/// Answers exactly one request whose body is `body` with `answer`.
async fn answer(server: &MockServer, body: &Value, answer: Value) {
    Mock::given(method("POST"))
        .and(path(QUERY))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(server)
        .await;
}

/// The body of a request for the page after cursor `cursor`.
fn next_body(cursor: &str) -> Value {
    json!({"query": {"cursorPaging": {"cursor": cursor, "limit": 2}}})
}

fn ids(resources: &[Resource]) -> Vec<&str> {
    resources.iter().filter_map(|r| r.id.as_deref()).collect()
}

#[tokio::test]
async fn items_stream_across_three_pages_and_next_requests_hold_only_cursor_and_limit() {
    let (server, client) = server_and_client().await;
    let client = client.with_api_key(ApiKey::for_site("IST.key", "site-1"));
    let first = serde_json::to_value(first_request()).expect("JSON");
    answer(&server, &first, page(&["r1", "r2"], Some("CURSOR2"))).await;
    answer(
        &server,
        &next_body("CURSOR2"),
        page(&["r3", "r4"], Some("CURSOR3")),
    )
    .await;
    answer(&server, &next_body("CURSOR3"), page(&["r5"], None)).await;

    let resources: Vec<Resource> = client
        .resources()
        .query_resources_items(&first_request())
        .try_collect()
        .await
        .expect("every page arrives");
    assert_eq!(ids(&resources), ["r1", "r2", "r3", "r4", "r5"]);
    assert_eq!(resources[4].name.as_deref(), Some("Room r5"));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(body_of(&requests[0]), first, "the caller's request first");
    assert_eq!(
        body_of(&requests[1]),
        json!({"query": {"cursorPaging": {"cursor": "CURSOR2", "limit": 2}}})
    );
    assert_eq!(
        body_of(&requests[2]),
        json!({"query": {"cursorPaging": {"cursor": "CURSOR3", "limit": 2}}})
    );
    for request in &requests {
        assert_eq!(header_of(request, "authorization"), Some("IST.key"));
        assert_eq!(header_of(request, "wix-site-id"), Some("site-1"));
    }
}

#[tokio::test]
async fn pages_stream_one_answer_per_page() {
    let (server, client) = server_and_client().await;
    let first = serde_json::to_value(first_request()).expect("JSON");
    answer(&server, &first, page(&["r1", "r2"], Some("CURSOR2"))).await;
    answer(&server, &next_body("CURSOR2"), page(&[], None)).await;
    let pages: Vec<_> = client
        .resources()
        .query_resources_pages(&first_request())
        .try_collect()
        .await
        .expect("both pages arrive");
    assert_eq!(pages.len(), 2);
    assert_eq!(
        ids(pages[0].resources.as_deref().unwrap_or_default()),
        ["r1", "r2"]
    );
    assert_eq!(pages[1].resources.as_deref(), Some(&[][..]));
}

#[tokio::test]
async fn items_come_as_their_page_arrives() {
    let (server, client) = server_and_client().await;
    let first = serde_json::to_value(first_request()).expect("JSON");
    answer(&server, &first, page(&["r1", "r2"], Some("CURSOR2"))).await;
    answer(&server, &next_body("CURSOR2"), page(&["r3"], None)).await;
    let mut items = client.resources().query_resources_items(&first_request());
    assert!(received(&server).await.is_empty(), "nothing before polling");
    for id in ["r1", "r2"] {
        let item = items.try_next().await.expect("a page").expect("an item");
        assert_eq!(item.id.as_deref(), Some(id));
    }
    assert_eq!(
        received(&server).await.len(),
        1,
        "the second page is fetched only when needed"
    );
    let item = items.try_next().await.expect("a page").expect("an item");
    assert_eq!(item.id.as_deref(), Some("r3"));
    assert!(items.next().await.is_none());
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error() {
    let (server, client) = server_and_client().await;
    let first = serde_json::to_value(first_request()).expect("JSON");
    answer(&server, &first, page(&["r1"], Some("AGAIN"))).await;
    answer(&server, &next_body("AGAIN"), page(&["r2"], Some("AGAIN"))).await;
    let mut items = client.resources().query_resources_items(&first_request());
    let mut seen = Vec::new();
    let error = loop {
        match items.next().await {
            Some(Ok(item)) => seen.push(item.id.unwrap_or_default()),
            Some(Err(error)) => break error,
            None => panic!("the stream ended without an error"),
        }
    };
    assert_eq!(seen, ["r1", "r2"]);
    match &error {
        Error::RepeatedCursor { cursor } => assert_eq!(cursor, "AGAIN"),
        other => panic!("expected Error::RepeatedCursor, got {other:?}"),
    }
    assert!(items.next().await.is_none(), "the error is the last item");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn an_empty_first_page_yields_nothing() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path(QUERY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "resources": [],
            "pagingMetadata": {"count": 0, "cursors": {}, "hasNext": false}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<Resource> = client
        .resources()
        .query_resources_items(&QueryResourcesRequest::default())
        .try_collect()
        .await
        .expect("an empty page");
    assert!(items.is_empty());
}

#[tokio::test]
async fn has_next_without_a_next_cursor_ends_the_stream() {
    // As Wix's SDK, only `cursors.next` says there is another page.
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .and(path(QUERY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "resources": [{"id": "r1"}],
            "pagingMetadata": {"cursors": {"next": ""}, "hasNext": true}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<Resource> = client
        .resources()
        .query_resources_items(&QueryResourcesRequest::default())
        .try_collect()
        .await
        .expect("one page");
    assert_eq!(ids(&items), ["r1"]);
}

#[tokio::test]
async fn an_error_on_a_later_page_is_the_last_item() {
    let (server, client) = server_and_client().await;
    let first = serde_json::to_value(first_request()).expect("JSON");
    answer(&server, &first, page(&["r1"], Some("CURSOR2"))).await;
    Mock::given(method("POST"))
        .and(path(QUERY))
        .and(body_json(next_body("CURSOR2")))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"message": "cursor expired"})),
        )
        .mount(&server)
        .await;
    let results: Vec<Result<Resource, Error>> = client
        .resources()
        .query_resources_items(&first_request())
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let error = results[1].as_ref().expect_err("the second page fails");
    assert_eq!(error.status(), Some(400));
}

#[tokio::test]
async fn a_request_without_a_limit_sends_only_the_cursor() {
    let (server, client) = server_and_client().await;
    answer(&server, &json!({}), page(&["r1"], Some("CURSOR2"))).await;
    answer(
        &server,
        &json!({"query": {"cursorPaging": {"cursor": "CURSOR2"}}}),
        page(&["r2"], None),
    )
    .await;
    let items: Vec<Resource> = client
        .resources()
        .query_resources_items(&QueryResourcesRequest::default())
        .try_collect()
        .await
        .expect("both pages");
    assert_eq!(ids(&items), ["r1", "r2"]);
}

#[tokio::test]
async fn query_attendance_pages_the_same_way() {
    let (server, client) = server_and_client().await;
    let request = QueryAttendanceRequest {
        query: QueryV2 {
            filter: json!({"status": "NOT_ATTENDED"}).as_object().cloned(),
            cursor_paging: Some(CursorPaging {
                limit: Some(2),
                ..CursorPaging::default()
            }),
            ..QueryV2::default()
        },
        ..QueryAttendanceRequest::default()
    };
    let at = "/bookings/attendance/v2/attendance/query";
    Mock::given(method("POST"))
        .and(path(at))
        .and(body_json(json!({"query": {"filter": {"status": "NOT_ATTENDED"}, "cursorPaging": {"limit": 2}}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "attendances": [{"id": "att-1", "status": "NOT_ATTENDED"}, {"id": "att-2", "status": "NOT_ATTENDED"}],
            "pagingMetadata": {"cursors": {"next": "CURSOR2"}, "hasNext": true}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(at))
        .and(body_json(
            json!({"query": {"cursorPaging": {"cursor": "CURSOR2", "limit": 2}}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "attendances": [{"id": "att-3", "status": "ATTENDED"}],
            "pagingMetadata": {"cursors": {"prev": "CURSOR1"}, "hasNext": false}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let attendances: Vec<_> = client
        .attendance()
        .query_attendance_items(&request)
        .try_collect()
        .await
        .expect("both pages");
    let statuses: Vec<_> = attendances.iter().map(|a| a.status.clone()).collect();
    assert_eq!(
        statuses,
        [
            Some(AttendanceStatus::NotAttended),
            Some(AttendanceStatus::NotAttended),
            Some(AttendanceStatus::Attended)
        ]
    );
}

#[tokio::test]
async fn streams_are_send_and_static() {
    let (server, client) = server_and_client().await;
    answer(&server, &json!({}), page(&["r1"], None)).await;
    let items = client
        .resources()
        .query_resources_items(&QueryResourcesRequest::default());
    drop(client);
    let collected = tokio::spawn(items.try_collect::<Vec<Resource>>())
        .await
        .expect("the task runs")
        .expect("the page arrives");
    assert_eq!(ids(&collected), ["r1"]);
}
