//! The typed query builder (`wix_apis::runtime::query` and the generated
//! `fields()`, `<Type>Fields` and `From<Query<_>>` of each query method):
//!
//! - every filter and sort the spec pages document (the generated list in
//!   `query/documented.rs`, which `cargo xtask codegen --check` keeps equal
//!   to the pages) is rebuilt here with the builder and compared as JSON;
//!   a documented one without a case here, or a case here the pages no
//!   longer document, fails the test;
//! - the JSON of each operator, of `$and`/`$or`/`$not`, of combining, of
//!   sorts and of a whole request;
//! - a built query sent over HTTP to a server on 127.0.0.1.

mod loopback;

#[rustfmt::skip]
#[path = "query/documented.rs"]
mod documented;

use serde_json::{json, Map, Value};
use wix_apis::bookings::attendance::{Attendance, AttendanceStatus, QueryAttendanceRequest};
use wix_apis::bookings::resources::{QueryResourcesRequest, Resource};
use wix_apis::runtime::chrono::{TimeZone, Utc};
use wix_apis::runtime::query::{
    ArrayField, BoolField, Direction, Filter, JsonField, NumberField, Query, Sort, StringField,
};

use documented::{Documented, DOCUMENTED};

/// How a documented filter or sort is rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coverage {
    /// With the typed handles of the generated `fields()`.
    Typed,
    /// With `Filter::raw` / `Sort::raw`: the page's placeholder names
    /// (`fieldName1`, `sortField1`), which are no fields of any entity.
    Placeholder,
    /// With `Filter::raw`: the field is not one the IR has for the entity.
    NotInIr(&'static str),
}

/// A documented filter or sort and its rebuild.
struct Case {
    method: &'static str,
    source: &'static str,
    kind: &'static str,
    coverage: Coverage,
    /// The rebuilt JSON.
    json: Value,
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn to_json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("serializes")
}

/// One case per documented filter and sort of the spec pages.
fn cases() -> Vec<Case> {
    let resource = Resource::fields();
    let attendance = Attendance::fields();
    let specific = resource.location_options().specific_location_options();
    vec![
        Case {
            method: "QueryAttendance",
            source: "curl example \"Query attendance information by status Retrieves information about sessions that were not attended.\"",
            kind: "filter",
            coverage: Coverage::Typed,
            json: to_json(attendance.status().is(AttendanceStatus::NotAttended)),
        },
        Case {
            method: "QueryAttendance",
            source: "description of QueryV2.sort",
            kind: "sort",
            coverage: Coverage::Placeholder,
            json: to_json([
                Sort::<Attendance>::raw("sortField1", Direction::Ascending),
                Sort::<Attendance>::raw("sortField2", Direction::Descending),
            ]),
        },
        Case {
            method: "QueryResources",
            source: "curl example \"Query resources. Query resources, providing a filter by a specific business location.\"",
            kind: "filter",
            coverage: Coverage::Typed,
            json: to_json(Filter::and([
                specific.available_in_business_locations().eq(true),
                specific
                    .business_locations()
                    .location_id()
                    .has_some_value("1295e5ff-ecb3-41bc-8b6f-7345792e5ec0"),
            ])),
        },
        Case {
            method: "QueryResources",
            source: "curl example \"Query resources. Query resources, filtering by resource type and providing a limit to the number of results returned.\"",
            kind: "filter",
            coverage: Coverage::NotInIr("type"),
            json: to_json(Filter::<Resource>::raw(object(
                json!({"type": {"$eq": "dd7790c7-f3ac-4821-accb-52ed385fd932"}}),
            ))),
        },
        Case {
            method: "QueryResources",
            source: "description of CursorQuery.filter",
            kind: "filter",
            coverage: Coverage::Placeholder,
            json: to_json(Filter::<Resource>::raw(object(json!({
                "fieldName1": "value1",
                "fieldName2": {"$operator": "value2"}
            })))),
        },
        Case {
            method: "QueryResources",
            source: "description of CursorQuery.sort",
            kind: "sort",
            coverage: Coverage::Placeholder,
            json: to_json([
                Sort::<Resource>::raw("sortField1", Direction::Ascending),
                Sort::<Resource>::raw("sortField2", Direction::Descending),
            ]),
        },
    ]
}

fn same_place(case: &Case, documented: &Documented) -> bool {
    (case.method, case.source, case.kind) == (documented.method, documented.source, documented.kind)
}

#[test]
fn every_documented_filter_and_sort_is_rebuilt_with_the_builder() {
    assert!(
        DOCUMENTED.len() >= 6,
        "the pages document filters and sorts"
    );
    let cases = cases();
    for documented in DOCUMENTED {
        let matching: Vec<&Case> = cases.iter().filter(|c| same_place(c, documented)).collect();
        assert_eq!(
            matching.len(),
            1,
            "exactly one case must rebuild the {} of {} in {}: {}",
            documented.kind,
            documented.method,
            documented.source,
            documented.json
        );
        // Byte for byte: same members, same order, same values.
        assert_eq!(
            matching[0].json.to_string(),
            documented.json,
            "the {} of {} in {}",
            documented.kind,
            documented.method,
            documented.source
        );
    }
    for case in &cases {
        assert!(
            DOCUMENTED.iter().any(|d| same_place(case, d)),
            "no page documents the {} of {} in {} any more: remove the case",
            case.kind,
            case.method,
            case.source
        );
    }
}

/// Each case that is not typed says why, and the reason holds.
#[test]
fn every_raw_case_is_a_placeholder_or_a_field_the_ir_lacks() {
    let raw: Vec<(&str, Coverage)> = cases()
        .into_iter()
        .filter(|c| c.coverage != Coverage::Typed)
        .map(|c| (c.source, c.coverage))
        .collect();
    assert_eq!(
        raw,
        [
            ("description of QueryV2.sort", Coverage::Placeholder),
            (
                "curl example \"Query resources. Query resources, filtering by resource type and providing a limit to the number of results returned.\"",
                Coverage::NotInIr("type")
            ),
            ("description of CursorQuery.filter", Coverage::Placeholder),
            ("description of CursorQuery.sort", Coverage::Placeholder),
        ]
    );
    for case in cases() {
        match case.coverage {
            Coverage::Typed => {}
            Coverage::Placeholder => {
                let names: Vec<String> = match &case.json {
                    Value::Object(map) => map.keys().cloned().collect(),
                    Value::Array(sorts) => sorts
                        .iter()
                        .map(|s| s["fieldName"].as_str().unwrap_or_default().to_owned())
                        .collect(),
                    other => panic!("unexpected {other}"),
                };
                assert!(!names.is_empty());
                for name in names {
                    assert!(
                        name.starts_with("fieldName") || name.starts_with("sortField"),
                        "{name} is not a placeholder"
                    );
                }
            }
            Coverage::NotInIr(field) => {
                // A field the bindings do not know lands in `unknown_fields`.
                let resource: Resource =
                    serde_json::from_value(json!({ field: "x" })).expect("a resource");
                assert!(resource.unknown_fields.contains_key(field), "{field}");
            }
        }
    }
}

/// The curl example with the `type` filter and a limit, rebuilt as a whole
/// request: `null` members (the example's `"cursor": null`) read as absent.
#[test]
fn a_curl_example_body_is_a_built_request() {
    let query = Query::new()
        .filter(Filter::<Resource>::raw(object(
            json!({"type": {"$eq": "dd7790c7-f3ac-4821-accb-52ed385fd932"}}),
        )))
        .limit(100);
    assert_eq!(
        to_json(QueryResourcesRequest::from(query)),
        json!({"query": {
            "filter": {"type": {"$eq": "dd7790c7-f3ac-4821-accb-52ed385fd932"}},
            "cursorPaging": {"limit": 100}
        }})
    );
    let attendance = Query::new().filter(
        Attendance::fields()
            .status()
            .is(AttendanceStatus::NotAttended),
    );
    assert_eq!(
        to_json(QueryAttendanceRequest::from(attendance)),
        json!({"query": {"filter": {"status": "NOT_ATTENDED"}}})
    );
}

#[test]
fn string_operators() {
    let name = StringField::<Resource>::new("name");
    let cases = [
        (name.is("A"), json!({"name": "A"})),
        (name.eq("A"), json!({"name": {"$eq": "A"}})),
        (name.ne("A"), json!({"name": {"$ne": "A"}})),
        (name.is_in(["A", "B"]), json!({"name": {"$in": ["A", "B"]}})),
        (name.not_in(["A"]), json!({"name": {"$nin": ["A"]}})),
        (name.exists(false), json!({"name": {"$exists": false}})),
        (name.lt("m"), json!({"name": {"$lt": "m"}})),
        (name.lte("m"), json!({"name": {"$lte": "m"}})),
        (name.gt("m"), json!({"name": {"$gt": "m"}})),
        (name.gte("m"), json!({"name": {"$gte": "m"}})),
        (
            name.starts_with("Ro"),
            json!({"name": {"$startsWith": "Ro"}}),
        ),
        (name.contains("oo"), json!({"name": {"$contains": "oo"}})),
    ];
    for (filter, expected) in cases {
        assert_eq!(to_json(&filter), expected);
    }
}

#[test]
fn number_bool_enum_and_json_operators() {
    let count = Attendance::fields().number_of_attendees();
    assert_eq!(count.path(), "numberOfAttendees");
    assert_eq!(
        to_json(count.gt(1)),
        json!({"numberOfAttendees": {"$gt": 1}})
    );
    assert_eq!(
        to_json(count.lte(3)),
        json!({"numberOfAttendees": {"$lte": 3}})
    );
    assert_eq!(
        to_json(count.is_in([1, 2])),
        json!({"numberOfAttendees": {"$in": [1, 2]}})
    );
    let price = NumberField::<Resource, f64>::new("price");
    assert_eq!(to_json(price.gte(2.5)), json!({"price": {"$gte": 2.5}}));
    assert_eq!(to_json(price.eq(f64::NAN)), json!({"price": {"$eq": null}}));
    let flag = BoolField::<Resource>::new("on");
    assert_eq!(to_json(flag.is(true)), json!({"on": true}));
    assert_eq!(to_json(flag.ne(true)), json!({"on": {"$ne": true}}));
    let status = Attendance::fields().status();
    assert_eq!(
        to_json(status.not_in([
            AttendanceStatus::Attended,
            AttendanceStatus::Unrecognized("NEW".into())
        ])),
        json!({"status": {"$nin": ["ATTENDED", "NEW"]}})
    );
    assert_eq!(
        to_json(status.eq(AttendanceStatus::NotSet)),
        json!({"status": {"$eq": "NOT_SET"}})
    );
    let namespaces = Resource::fields().extended_fields().namespaces();
    assert_eq!(namespaces.path(), "extendedFields.namespaces");
    assert_eq!(
        to_json(namespaces.field("@my/app").field("level").eq(json!(3))),
        json!({"extendedFields.namespaces.@my/app.level": {"$eq": 3}})
    );
    assert_eq!(
        to_json(JsonField::<Resource>::new("x").exists(true)),
        json!({"x": {"$exists": true}})
    );
}

#[test]
fn timestamps_are_written_as_the_wire_format() {
    let created = Resource::fields().created_date();
    let at = Utc
        .with_ymd_and_hms(2024, 1, 5, 10, 0, 0)
        .single()
        .expect("a time");
    assert_eq!(
        to_json(created.gte(at)),
        json!({"createdDate": {"$gte": "2024-01-05T10:00:00.000Z"}})
    );
    let precise = at + wix_apis::runtime::chrono::Duration::microseconds(1);
    assert_eq!(
        to_json(created.lt(precise)),
        json!({"createdDate": {"$lt": "2024-01-05T10:00:00.000001Z"}})
    );
}

#[test]
fn fields_through_arrays_of_objects_are_arrays() {
    let schedules = Resource::fields().working_hours_schedules().values();
    let shared: ArrayField<Resource, bool> = schedules.shared();
    assert_eq!(shared.path(), "workingHoursSchedules.values.shared");
    let ids = Resource::fields()
        .location_options()
        .specific_location_options()
        .business_locations()
        .location_id();
    assert_eq!(
        ids.path(),
        "locationOptions.specificLocationOptions.businessLocations.locationId"
    );
    assert_eq!(
        to_json(ids.has_some(["a", "b"])),
        json!({"locationOptions.specificLocationOptions.businessLocations.locationId": {"$hasSome": ["a", "b"]}})
    );
    assert_eq!(
        to_json(ids.has_all(["a"])),
        json!({"locationOptions.specificLocationOptions.businessLocations.locationId": {"$hasAll": ["a"]}})
    );
    assert_eq!(
        to_json(shared.exists(true)),
        json!({"workingHoursSchedules.values.shared": {"$exists": true}})
    );
}

#[test]
fn and_or_not_and_combine() {
    let fields = Resource::fields();
    let a = fields.name().eq("A");
    let b = fields.type_id().is("t");
    assert_eq!(
        to_json(Filter::or([a.clone(), b.clone()])),
        json!({"$or": [{"name": {"$eq": "A"}}, {"typeId": "t"}]})
    );
    assert_eq!(
        to_json(Filter::not(a.clone())),
        json!({"$not": {"name": {"$eq": "A"}}})
    );
    assert_eq!(to_json(!a.clone()), to_json(Filter::not(a.clone())));
    assert_eq!(
        to_json(a.clone().combine(b.clone())),
        json!({"name": {"$eq": "A"}, "typeId": "t"})
    );
    // The same field twice: both conditions kept with `$and`.
    let c = fields.name().ne("B");
    assert_eq!(
        to_json(a.clone().combine(c)),
        json!({"$and": [{"name": {"$eq": "A"}}, {"name": {"$ne": "B"}}]})
    );
    assert_eq!(to_json(Filter::<Resource>::default()), json!({}));
    assert_eq!(to_json(Filter::<Resource>::and([])), json!({"$and": []}));
}

#[test]
fn sorts_and_a_whole_request() {
    let fields = Resource::fields();
    let query = Query::new()
        .filter(fields.name().starts_with("Room"))
        .sort(fields.name().asc())
        .sort(fields.created_date().desc())
        .limit(10);
    assert_eq!(query.sorts().len(), 2);
    assert_eq!(query.limit_value(), Some(10));
    assert_eq!(
        to_json(QueryResourcesRequest::from(query)),
        json!({"query": {
            "cursorPaging": {"limit": 10},
            "filter": {"name": {"$startsWith": "Room"}},
            "sort": [
                {"fieldName": "name", "order": "ASC"},
                {"fieldName": "createdDate", "order": "DESC"}
            ]
        }})
    );
    // An empty query is the API's defaults.
    assert_eq!(
        to_json(QueryAttendanceRequest::from(Query::new())),
        json!({"query": {}})
    );
    assert_eq!(
        to_json(QueryResourcesRequest::from(Query::new())),
        json!({"query": {}})
    );
}

#[tokio::test]
async fn a_built_query_goes_over_http_as_built() {
    use wiremock::matchers::{body_json, method, path};
    use wiremock::{Mock, ResponseTemplate};

    let (server, client) = loopback::server_and_client().await;
    let fields = Attendance::fields();
    let query = Query::new()
        .filter(Filter::and([
            fields.status().is(AttendanceStatus::NotAttended),
            fields.number_of_attendees().gte(2),
        ]))
        .sort(fields.id().desc())
        .limit(25);
    let expected = json!({"query": {
        "cursorPaging": {"limit": 25},
        "filter": {"$and": [
            {"status": "NOT_ATTENDED"},
            {"numberOfAttendees": {"$gte": 2}}
        ]},
        "sort": [{"fieldName": "id", "order": "DESC"}]
    }});
    Mock::given(method("POST"))
        .and(path("/bookings/attendance/v2/attendance/query"))
        .and(body_json(&expected))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"attendances": [{"id": "a-1"}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let answer = client
        .attendance()
        .query_attendance(&QueryAttendanceRequest::from(query))
        .await
        .expect("the server answers the built query");
    assert_eq!(
        answer.attendances.unwrap_or_default()[0].id.as_deref(),
        Some("a-1")
    );
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 1);
    let body: Value = serde_json::from_slice(&received[0].body).expect("JSON");
    assert_eq!(body, expected);
}
