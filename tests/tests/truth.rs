//! The recovered structure of every spec page matches the real API's JSON
//! shape, field path by field path, in both directions: nothing missing,
//! nothing extra. The shapes are written in a compact notation:
//! `a{b, c[]{d}}` is `a`, `a.b`, `a.c` and `a.c.d` (`[]` marks arrays and is
//! not part of the path).

use std::collections::BTreeSet;

use codegen::ir::{Ir, Package, TypeId, TypeKind};
use codegen::recovery::place::{PlacedPage, Tree, TreeKind};

/// Parses the compact notation into the set of dotted paths it names.
fn paths(shape: &str) -> BTreeSet<String> {
    fn list(chars: &[char], at: &mut usize, prefix: &str, out: &mut BTreeSet<String>) {
        loop {
            while *at < chars.len() && (chars[*at].is_whitespace() || chars[*at] == ',') {
                *at += 1;
            }
            if *at >= chars.len() || chars[*at] == '}' {
                return;
            }
            let start = *at;
            while *at < chars.len() && (chars[*at].is_alphanumeric() || chars[*at] == '_') {
                *at += 1;
            }
            let name: String = chars[start..*at].iter().collect();
            assert!(!name.is_empty(), "bad shape near {start}");
            let path = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}.{name}")
            };
            out.insert(path.clone());
            if chars[*at..].starts_with(&['[', ']']) {
                *at += 2;
            }
            if chars.get(*at) == Some(&'{') {
                *at += 1;
                list(chars, at, &path, out);
                assert_eq!(chars.get(*at), Some(&'}'), "unclosed brace in shape");
                *at += 1;
            }
        }
    }
    let chars: Vec<char> = shape.chars().collect();
    let mut out = BTreeSet::new();
    list(&chars, &mut 0, "", &mut out);
    out
}

fn tree_paths(tree: &Tree, max_depth: usize) -> BTreeSet<String> {
    (1..tree.nodes.len())
        .map(|node| tree.path(node))
        .filter(|path| path.len() <= max_depth)
        .map(|path| path.join("."))
        .collect()
}

/// Every spec page placed with the hints file, by spec path.
fn placed_specs() -> Vec<(String, PlacedPage)> {
    let paths = tests::spec_pages().into_iter().map(|(path, _)| path);
    paths
        .zip(tests::recover_specs(&tests::spec_hints()).placed)
        .collect()
}

fn assert_shape(
    placed: &[(String, PlacedPage)],
    page: &str,
    kind: TreeKind,
    max_depth: usize,
    shape: &str,
) {
    let (_, placed) = placed
        .iter()
        .find(|(path, _)| path.ends_with(page))
        .unwrap_or_else(|| panic!("no spec page {page}"));
    assert!(placed.errors.is_empty(), "{page}: {:?}", placed.errors);
    let tree = placed
        .trees
        .iter()
        .find(|t| t.kind == kind)
        .expect("both trees");
    let actual = tree_paths(tree, max_depth);
    let expected: BTreeSet<String> = paths(shape)
        .into_iter()
        .filter(|p| p.split('.').count() <= max_depth)
        .collect();
    let missing: Vec<&String> = expected.difference(&actual).collect();
    let extra: Vec<&String> = actual.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{page} {}: missing {missing:?}, extra {extra:?}",
        kind.as_str()
    );
}

const QUERY_REQUEST: &str = "query{cursorPaging{limit, cursor}, filter, sort[]{fieldName, order}}";

#[test]
fn the_notation_parses() {
    let parsed: Vec<String> = paths("a{b, c[]{d}}, e").into_iter().collect();
    assert_eq!(parsed, ["a", "a.b", "a.c", "a.c.d", "e"]);
}

#[test]
fn query_attendance_has_the_real_shape() {
    let placed = placed_specs();
    assert_shape(
        &placed,
        "query-attendance.md",
        TreeKind::Request,
        usize::MAX,
        QUERY_REQUEST,
    );
    assert_shape(
        &placed,
        "query-attendance.md",
        TreeKind::Response,
        usize::MAX,
        "attendances[]{id, bookingId, status, numberOfAttendees, eventId}, pagingMetadata{cursors{next, prev}, hasNext}",
    );
}

#[test]
fn query_resources_has_the_real_shape() {
    let placed = placed_specs();
    assert_shape(
        &placed,
        "query-resources.md",
        TreeKind::Request,
        usize::MAX,
        QUERY_REQUEST,
    );
    assert_shape(
        &placed,
        "query-resources.md",
        TreeKind::Response,
        usize::MAX,
        "resources[]{id, revision, createdDate, updatedDate, name, typeId, \
         workingHoursSchedules{values[]{scheduleId, shared}}, \
         locationOptions{availableInAllLocations, specificLocationOptions{availableInBusinessLocations, businessLocations[]{locationId}}}, \
         eventsSchedule{scheduleId}, extendedFields{namespaces}}, \
         pagingMetadata{count, cursors{next, prev}, hasNext}",
    );
}

#[test]
fn create_booking_has_the_real_shape() {
    let placed = placed_specs();
    assert_shape(
        &placed,
        "create-booking.md",
        TreeKind::Request,
        2,
        "booking{totalParticipants, participantsChoices, bookedEntity, contactDetails, status, \
         selectedPaymentOption, bookedAddOns[], revision, extendedFields, externalUserId, \
         formSubmissionId, paymentStatus, depositSelected}, \
         participantNotification{notifyParticipants, message, metadata}, sendSmsReminder, \
         flowControlSettings{skipAvailabilityValidation, skipBusinessConfirmation, \
         skipSelectedPaymentOptionValidation, skipAddOnValidation}, formSubmission",
    );
    // Every field with its documented children: this file was written from the
    // page's printed indentation and reviewed entry by entry against it.
    assert_shape(
        &placed,
        "create-booking.md",
        TreeKind::Request,
        usize::MAX,
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/truth/create-booking-request.shape"
        ))
        .expect("the shape file is readable")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n"),
    );
    assert_shape(
        &placed,
        "create-booking.md",
        TreeKind::Response,
        1,
        "booking",
    );
}

/// The field paths of IR type `id` of package `package`.
fn ir_paths(package: &Package, id: &TypeId) -> BTreeSet<String> {
    tests::type_paths(package, id, tests::Arrays::Plain)
}

/// The package of method `method`, and its request and response types.
fn method_types<'i>(ir: &'i Ir, method: &str) -> (&'i Package, TypeId, TypeId) {
    ir.packages
        .iter()
        .flat_map(|p| p.modules.iter().map(move |m| (p, m)))
        .flat_map(|(p, m)| m.methods.iter().map(move |method| (p, m, method)))
        .find(|(_, _, m)| m.name == method)
        .map_or_else(
            || panic!("no method {method} in the IR"),
            |(package, module, method)| {
                (
                    package,
                    package.resolve(&module.name, &method.request),
                    package.resolve(&module.name, &method.response),
                )
            },
        )
}

fn assert_same(what: &str, actual: &BTreeSet<String>, expected: &BTreeSet<String>) {
    let missing: Vec<&String> = expected.difference(actual).collect();
    let extra: Vec<&String> = actual.difference(expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: missing {missing:?}, extra {extra:?}"
    );
}

#[test]
fn the_ir_of_the_query_methods_has_the_real_shape() {
    let ir = tests::spec_ir();
    let (package, request, response) = method_types(&ir, "QueryAttendance");
    assert_same(
        "QueryAttendance request",
        &ir_paths(package, &request),
        &paths(QUERY_REQUEST),
    );
    // The Attendance API's paging metadata has no `count`: only the
    // Resources API's has.
    assert_same(
        "QueryAttendance response",
        &ir_paths(package, &response),
        &paths(
            "attendances[]{id, bookingId, status, numberOfAttendees, eventId}, \
             pagingMetadata{cursors{next, prev}, hasNext}",
        ),
    );
    let (package, request, response) = method_types(&ir, "QueryResources");
    assert_same(
        "QueryResources request",
        &ir_paths(package, &request),
        &paths(QUERY_REQUEST),
    );
    assert_same(
        "QueryResources response",
        &ir_paths(package, &response),
        &paths(
            "resources[]{id, revision, createdDate, updatedDate, name, typeId, \
             workingHoursSchedules{values[]{scheduleId, shared}}, \
             locationOptions{availableInAllLocations, specificLocationOptions{availableInBusinessLocations, businessLocations[]{locationId}}}, \
             eventsSchedule{scheduleId}, extendedFields{namespaces}}, \
             pagingMetadata{count, cursors{next, prev}, hasNext}",
        ),
    );
}

/// `CursorPagingMetadata` belongs to each module: the Attendance API's page
/// does not show `count`, so its module keeps its own type; the Resources
/// API's is the catalogue's, so it is the shared platform type.
#[test]
fn each_module_keeps_a_platform_type_its_pages_document_otherwise() {
    let ir = tests::spec_ir();
    let package = &ir.packages[0];
    let attendance = package.resolve("attendance", "CursorPagingMetadata");
    let resources = package.resolve("resources", "CursorPagingMetadata");
    assert_eq!(
        attendance,
        TypeId::module("attendance", "CursorPagingMetadata")
    );
    assert_eq!(resources, TypeId::shared("CursorPagingMetadata"));
    assert!(!ir_paths(package, &attendance).contains("count"));
    assert!(ir_paths(package, &resources).contains("count"));
}

/// `CreateBooking`'s request and response share `Booking` (and `Location`
/// sits under both `slot` and `schedule`): each IR type is the union of the
/// occurrences of its name in both trees. So every tree path is in the IR,
/// and each named type has exactly the fields its occurrences show.
#[test]
fn the_ir_of_create_booking_is_the_union_of_its_trees() {
    let ir = tests::spec_ir();
    let placed = placed_specs();
    let (_, page) = placed
        .iter()
        .find(|(path, _)| path.ends_with("create-booking.md"))
        .expect("the create-booking page");
    let (package, request, response) = method_types(&ir, "CreateBooking");
    let request_ir = ir_paths(package, &request);
    assert_same(
        "CreateBooking request top level",
        &request_ir.iter().filter(|p| !p.contains('.')).cloned().collect(),
        &paths("booking, participantNotification, sendSmsReminder, flowControlSettings, formSubmission"),
    );
    let mut occurrences: std::collections::BTreeMap<String, BTreeSet<String>> =
        std::collections::BTreeMap::new();
    for tree in &page.trees {
        let ir_side = ir_paths(
            package,
            if tree.kind == TreeKind::Request {
                &request
            } else {
                &response
            },
        );
        let missing: Vec<String> = tree_paths(tree, usize::MAX)
            .difference(&ir_side)
            .cloned()
            .collect();
        assert!(
            missing.is_empty(),
            "{} tree paths missing from the IR: {missing:?}",
            tree.kind.as_str()
        );
        for node in &tree.nodes {
            if let (Some(name), false) = (node.type_name(), node.children.is_empty()) {
                occurrences.entry(name.to_owned()).or_default().extend(
                    node.children
                        .iter()
                        .map(|&c| tree.nodes[c].name().to_owned()),
                );
            }
        }
    }
    assert!(occurrences.contains_key("Booking") && occurrences.contains_key("Location"));
    for (name, fields) in &occurrences {
        let ty = package
            .type_def(&package.resolve("bookings", name))
            .unwrap_or_else(|| panic!("type {name} is not in the IR"));
        let TypeKind::Object {
            fields: ir_fields, ..
        } = &ty.kind
        else {
            panic!("{name} is not an object");
        };
        let ir_fields: BTreeSet<String> = ir_fields.iter().map(|f| f.name.clone()).collect();
        assert_same(&format!("type {name}"), &ir_fields, fields);
    }
    // The request truth is all there.
    let truth = paths(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/truth/create-booking-request.shape"
        ))
        .expect("the shape file is readable")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n"),
    );
    let missing: Vec<&String> = truth.difference(&request_ir).collect();
    assert!(missing.is_empty(), "missing from the IR: {missing:?}");
}
