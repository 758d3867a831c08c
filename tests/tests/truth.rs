//! The recovered structure of every spec page matches the real API's JSON
//! shape, field path by field path, in both directions: nothing missing,
//! nothing extra. The shapes are written in a compact notation:
//! `a{b, c[]{d}}` is `a`, `a.b`, `a.c` and `a.c.d` (`[]` marks arrays and is
//! not part of the path).

use std::collections::BTreeSet;

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
