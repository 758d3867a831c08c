//! The generated client over real HTTP: each call goes through the generated
//! SDK-module client (`client.resources().query_resources(&request)`) and the
//! hand-written runtime to a wiremock server on 127.0.0.1, which checks the
//! HTTP method, the path from the page's schema URL, the JSON body and the
//! headers (`Authorization` with the raw API key, `wix-site-id`, `Accept`,
//! `Content-Type`), and answers with JSON the typed response must
//! decode.

use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use wix_apis::bookings::attendance::{
    AttendanceStatus, QueryAttendanceRequest, QueryAttendanceResponse, QueryV2,
};
use wix_apis::bookings::bookings::{BookingStatus, CreateBookingRequest, CreateBookingResponse};
use wix_apis::bookings::resources::{
    CursorPaging, CursorQuery, QueryResourcesRequest, QueryResourcesResponse, SortOrder, Sorting,
};
use wix_apis::runtime::chrono::{DateTime, TimeZone, Utc};
use wix_apis::runtime::ApiKey;
use wix_apis::{Client, Error};

/// The API key every test client sends as `Authorization`.
const KEY: &str = "key";

/// The site the API key acts on, sent as `wix-site-id`.
const SITE: &str = "site-1";

mod loopback;

/// A mock server on 127.0.0.1 and a generated-API client pointed at it,
/// sending `Authorization: key` and `wix-site-id: site-1`.
async fn server_and_client() -> (MockServer, Client) {
    let (server, client) = loopback::server_and_client().await;
    (server, client.with_api_key(ApiKey::for_site(KEY, SITE)))
}

/// Mounts a mock that answers `status` with `response` to exactly one
/// `POST path` carrying `body` as JSON and the `Authorization` header; the
/// server checks the count when it is dropped.
async fn expect_post(server: &MockServer, at: &str, body: &Value, status: u16, response: &Value) {
    Mock::given(method("POST"))
        .and(path(at))
        .and(header("authorization", KEY))
        .and(header("wix-site-id", SITE))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(status).set_body_json(response))
        .expect(1)
        .mount(server)
        .await;
}

/// `2024-01-05T10:00:00.000Z` and friends.
fn utc(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
        .single()
        .expect("a valid time")
}

/// A `QueryResourcesResponse` with every field the page documents, each set.
fn full_query_resources_response() -> Value {
    json!({
        "resources": [{
            "id": "8e5b2d5f-8d51-4a2a-9a57-05a1b6b2f7c1",
            "revision": "3",
            "createdDate": "2024-01-05T10:00:00.000Z",
            "updatedDate": "2024-02-06T11:30:00.000Z",
            "name": "Meeting room 1",
            "typeId": "d2b3c1a0-7c7e-4c1f-8d0b-6f4f0c3a1e22",
            "workingHoursSchedules": {
                "values": [{
                    "scheduleId": "0b9a5e1c-9d2c-4a3e-8b8f-2c1d7e6f5a41",
                    "shared": true
                }]
            },
            "locationOptions": {
                "availableInAllLocations": false,
                "specificLocationOptions": {
                    "availableInBusinessLocations": true,
                    "businessLocations": [
                        {"locationId": "a1c7e3f2-5b6d-4e8f-9a0b-1c2d3e4f5a6b"},
                        {"locationId": "b2d8f4a3-6c7e-4f9a-8b1c-2d3e4f5a6b7c"}
                    ]
                }
            },
            "eventsSchedule": {
                "scheduleId": "c3e9a5b4-7d8f-4a0b-9c2d-3e4f5a6b7c8d"
            },
            "extendedFields": {
                "namespaces": {
                    "@my-app/resources": {"floor": 3, "projector": true}
                }
            }
        }],
        "pagingMetadata": {
            "count": 1,
            "cursors": {"next": "next-cursor", "prev": "prev-cursor"},
            "hasNext": true
        }
    })
}

#[tokio::test]
async fn query_resources_posts_the_request_and_decodes_a_full_response() {
    let (server, client) = server_and_client().await;
    let request = QueryResourcesRequest {
        query: Some(CursorQuery {
            filter: Some(
                json!({"name": {"$startsWith": "Meeting"}})
                    .as_object()
                    .cloned()
                    .expect("an object"),
            ),
            sort: Some(vec![Sorting {
                field_name: Some("name".to_owned()),
                order: Some(SortOrder::Desc),
                ..Sorting::default()
            }]),
            cursor_paging: Some(CursorPaging {
                limit: Some(10),
                ..CursorPaging::default()
            }),
            ..CursorQuery::default()
        }),
        ..QueryResourcesRequest::default()
    };
    let wire = json!({
        "query": {
            "cursorPaging": {"limit": 10},
            "filter": {"name": {"$startsWith": "Meeting"}},
            "sort": [{"fieldName": "name", "order": "DESC"}]
        }
    });
    assert_eq!(
        serde_json::to_value(&request).expect("serializes"),
        wire,
        "the typed request is this JSON"
    );
    let full = full_query_resources_response();
    expect_post(&server, "/bookings/v2/resources/query", &wire, 200, &full).await;

    let response: QueryResourcesResponse = client
        .resources()
        .query_resources(&request)
        .await
        .expect("the call succeeds");

    // Every field of the fixture is a documented field: nothing lands in
    // `unknown_fields`, and the typed response writes back the same JSON.
    assert_eq!(
        serde_json::to_value(&response).expect("serializes"),
        full,
        "the response keeps every field"
    );
    assert!(response.unknown_fields.is_empty());

    let resources = response.resources.expect("resources");
    assert_eq!(resources.len(), 1);
    let resource = &resources[0];
    assert!(resource.unknown_fields.is_empty());
    assert_eq!(
        resource.id.as_deref(),
        Some("8e5b2d5f-8d51-4a2a-9a57-05a1b6b2f7c1")
    );
    assert_eq!(resource.revision.as_deref(), Some("3"));
    assert_eq!(resource.created_date, Some(utc(2024, 1, 5, 10, 0)));
    assert_eq!(resource.updated_date, Some(utc(2024, 2, 6, 11, 30)));
    assert_eq!(resource.name.as_deref(), Some("Meeting room 1"));
    assert_eq!(
        resource.type_id.as_deref(),
        Some("d2b3c1a0-7c7e-4c1f-8d0b-6f4f0c3a1e22")
    );

    let schedules = resource
        .working_hours_schedules
        .as_ref()
        .and_then(|s| s.values.as_ref())
        .expect("working hours schedules");
    assert_eq!(schedules.len(), 1);
    assert_eq!(
        schedules[0].schedule_id.as_deref(),
        Some("0b9a5e1c-9d2c-4a3e-8b8f-2c1d7e6f5a41")
    );
    assert_eq!(schedules[0].shared, Some(true));

    let location = resource
        .location_options
        .as_ref()
        .expect("location options");
    assert_eq!(location.available_in_all_locations, Some(false));
    let specific = location
        .specific_location_options
        .as_ref()
        .expect("specific location options");
    assert_eq!(specific.available_in_business_locations, Some(true));
    let location_ids: Vec<Option<&str>> = specific
        .business_locations
        .as_ref()
        .expect("business locations")
        .iter()
        .map(|l| l.location_id.as_deref())
        .collect();
    assert_eq!(
        location_ids,
        [
            Some("a1c7e3f2-5b6d-4e8f-9a0b-1c2d3e4f5a6b"),
            Some("b2d8f4a3-6c7e-4f9a-8b1c-2d3e4f5a6b7c")
        ]
    );

    assert_eq!(
        resource
            .events_schedule
            .as_ref()
            .and_then(|e| e.schedule_id.as_deref()),
        Some("c3e9a5b4-7d8f-4a0b-9c2d-3e4f5a6b7c8d")
    );
    let namespaces = resource
        .extended_fields
        .as_ref()
        .and_then(|e| e.namespaces.as_ref())
        .expect("extended fields");
    assert_eq!(
        namespaces.get("@my-app/resources"),
        Some(&json!({"floor": 3, "projector": true}))
    );

    let paging = response.paging_metadata.expect("paging metadata");
    assert_eq!(paging.count, Some(1));
    assert_eq!(paging.has_next, Some(true));
    let cursors = paging.cursors.expect("cursors");
    assert_eq!(cursors.next.as_deref(), Some("next-cursor"));
    assert_eq!(cursors.prev.as_deref(), Some("prev-cursor"));
}

#[tokio::test]
async fn create_booking_posts_to_the_schema_url_path() {
    let (server, client) = server_and_client().await;
    // The body of the page's first curl example ("Create an appointment booking").
    let wire = json!({
        "booking": {
            "bookedEntity": {
                "slot": {
                    "serviceId": "8ee826a3-64c4-416d-a22c-e01d39f56931",
                    "scheduleId": "844772a6-ad31-49fb-b3d9-7aef1e559b7e",
                    "startDate": "2022-12-26T12:00:00.000Z",
                    "endDate": "2022-12-26T13:00:00.000Z",
                    "timezone": "Europe/Dublin",
                    "resource": {
                        "id": "5fa50f19-4c94-4c42-a72b-289505ba2028",
                        "name": "Tom Jones",
                        "scheduleId": "a4166c1f-728c-4895-8a6e-1942bb321315"
                    },
                    "location": {
                        "id": "9de094d5-8985-484e-9218-d020d9d17953",
                        "name": "Location Name",
                        "formattedAddress": "Location Address",
                        "locationType": "OWNER_BUSINESS"
                    }
                },
                "title": "In-person Appointment",
                "tags": ["INDIVIDUAL"]
            },
            "contactDetails": {"firstName": "John", "email": "john@example.com"},
            "additionalFields": [],
            "totalParticipants": 1,
            "selectedPaymentOption": "ONLINE"
        },
        "sendSmsReminder": false,
        "participantNotification": {"notifyParticipants": true},
        "flowControlSettings": {
            "skipAvailabilityValidation": false,
            "skipBusinessConfirmation": false,
            "skipSelectedPaymentOptionValidation": false
        }
    });
    let request: CreateBookingRequest =
        serde_json::from_value(wire.clone()).expect("the example is a CreateBookingRequest");
    let answer = json!({
        "booking": {
            "id": "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "status": "CONFIRMED",
            "createdDate": "2022-12-20T08:15:00.000Z",
            "totalParticipants": 1,
            "bookedEntity": {"title": "In-person Appointment"}
        }
    });
    // Paths come from the page's schema URL
    // (`https://www.wixapis.com/_api/bookings-service/v2/bookings`), not from
    // its curl examples (`/bookings/v2/bookings`).
    expect_post(
        &server,
        "/_api/bookings-service/v2/bookings",
        &wire,
        200,
        &answer,
    )
    .await;

    let response: CreateBookingResponse = client
        .bookings()
        .create_booking(&request)
        .await
        .expect("the call succeeds");
    let booking = response.booking.expect("the booking");
    assert_eq!(
        booking.id.as_deref(),
        Some("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
    );
    assert_eq!(booking.status, Some(BookingStatus::Confirmed));
    assert_eq!(booking.created_date, Some(utc(2022, 12, 20, 8, 15)));
    assert_eq!(booking.total_participants, Some(1));
}

#[tokio::test]
async fn query_attendance_decodes_documented_and_undocumented_enum_values() {
    let (server, client) = server_and_client().await;
    let request = QueryAttendanceRequest {
        query: QueryV2 {
            filter: Some(
                json!({"bookingId": "2ad5b3f5-bd4a-4b45-8b60-2d5e4f1e5a10"})
                    .as_object()
                    .cloned()
                    .expect("an object"),
            ),
            ..QueryV2::default()
        },
        ..QueryAttendanceRequest::default()
    };
    let wire = json!({"query": {"filter": {"bookingId": "2ad5b3f5-bd4a-4b45-8b60-2d5e4f1e5a10"}}});
    let answer = json!({
        "attendances": [
            {
                "id": "a0000000-0000-4000-8000-000000000001",
                "bookingId": "2ad5b3f5-bd4a-4b45-8b60-2d5e4f1e5a10",
                "status": "ATTENDED",
                "numberOfAttendees": 2,
                "eventId": "event-1"
            },
            {
                "id": "a0000000-0000-4000-8000-000000000002",
                "status": "A_STATUS_THE_DOCS_DO_NOT_LIST"
            }
        ],
        "pagingMetadata": {"count": 2, "hasNext": false, "cursors": {}}
    });
    expect_post(
        &server,
        "/bookings/attendance/v2/attendance/query",
        &wire,
        200,
        &answer,
    )
    .await;

    let response: QueryAttendanceResponse = client
        .attendance()
        .query_attendance(&request)
        .await
        .expect("the call succeeds");
    let attendances = response.attendances.as_ref().expect("attendances");
    assert_eq!(attendances.len(), 2);
    assert_eq!(attendances[0].status, Some(AttendanceStatus::Attended));
    assert_eq!(attendances[0].number_of_attendees, Some(2));
    assert_eq!(attendances[0].event_id.as_deref(), Some("event-1"));
    assert_eq!(
        attendances[1].status,
        Some(AttendanceStatus::Unrecognized(
            "A_STATUS_THE_DOCS_DO_NOT_LIST".to_owned()
        ))
    );
    assert_eq!(
        response.paging_metadata.as_ref().and_then(|p| p.has_next),
        Some(false)
    );
    assert_eq!(
        serde_json::to_value(&response).expect("serializes"),
        answer,
        "the undocumented value is written back unchanged"
    );
}

#[tokio::test]
async fn a_4xx_answer_is_a_status_error() {
    let (server, client) = server_and_client().await;
    let request = QueryResourcesRequest::default();
    let wix_error = json!({
        "message": "Resource not found",
        "details": {
            "applicationError": {
                "code": "RESOURCE_NOT_FOUND",
                "description": "Resource not found"
            }
        }
    });
    expect_post(
        &server,
        "/bookings/v2/resources/query",
        &json!({}),
        404,
        &wix_error,
    )
    .await;

    let error = client
        .resources()
        .query_resources(&request)
        .await
        .expect_err("a 404 is an error");
    assert_eq!(error.status(), Some(404));
    match error {
        Error::Status(api) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.message.as_deref(), Some("Resource not found"));
            assert_eq!(api.application_error_code(), Some("RESOURCE_NOT_FOUND"));
            assert_eq!(
                serde_json::from_str::<Value>(&api.body).expect("the body is kept"),
                wix_error
            );
        }
        other => panic!("expected Error::Status, got {other:?}"),
    }
}
