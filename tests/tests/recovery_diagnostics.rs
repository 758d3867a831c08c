//! Recovery's diagnostics over the real pages: what a missing hint, a wrong
//! hint and the docs' known indentation slip produce.

use codegen::Problem;
use tests::{recover_specs, spec_hints as real_hints};

#[test]
fn the_real_hints_leave_no_errors() {
    let recovered = recover_specs(&real_hints());
    let errors: Vec<String> = recovered
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn without_hints_every_unsettled_field_is_an_error_that_prints_its_hint() {
    let recovered = recover_specs("");
    let errors: Vec<_> = recovered
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    // Every question of the run, in page order; the real hints answer three
    // of them, and the answer for `shared` settles `scheduleId` (a later
    // field under `values` shows `values` was still open).
    let fields: Vec<&str> = errors
        .iter()
        .map(|error| match &error.problem {
            Problem::AmbiguousParent { field, .. } => field.as_str(),
            _ => panic!("expected only ambiguities, got {error}"),
        })
        .collect();
    assert_eq!(
        fields,
        ["scheduleId", "shared", "eventsSchedule", "extendedFields"]
    );
    let error = errors[1];
    assert_eq!(
        error.file,
        "specs/bookings/resources/resources-v2/query-resources.md"
    );
    assert!(error.at.is_some());
    let Problem::AmbiguousParent {
        candidates, hint, ..
    } = &error.problem
    else {
        unreachable!();
    };
    assert!(candidates.contains("`resources.workingHoursSchedules.values`"));
    assert!(
        hint.contains("after: resources.workingHoursSchedules.values.scheduleId"),
        "{hint}"
    );
    // The page is a one-line capture: recapturing it is the cheaper fix.
    let advice: Vec<String> = recovered
        .diagnostics
        .iter()
        .filter(|d| matches!(d.problem, Problem::OneLineCapture { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(advice.len(), 1, "{advice:?}");
    assert!(
        advice[0].contains("resources-v2/query-resources.md")
            && advice[0].contains("leaves 4 field(s) unsettled"),
        "{}",
        advice[0]
    );
}

#[test]
fn a_hint_that_matches_nothing_is_an_error_at_its_line() {
    let hints = real_hints().replacen(
        "placements:\n",
        "placements:\n  - page: bookings/attendance/query-attendance.md\n    tree: response\n    after: attendances.id\n    path: attendances.nothingLikeThis\n",
        1,
    );
    let recovered = recover_specs(&hints);
    let errors: Vec<_> = recovered
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "specs/hints.yaml");
    assert!(
        matches!(&errors[0].problem, Problem::UnusedHint { path, .. } if path == "attendances.nothingLikeThis")
    );
    let line = hints
        .lines()
        .position(|l| l.contains("nothingLikeThis"))
        .unwrap()
        + 1;
    assert_eq!(
        errors[0]
            .at
            .and_then(|at| at.line_column)
            .map(|(l, _)| l as usize),
        Some(line)
    );
}

#[test]
fn a_malformed_hints_file_is_an_error() {
    let recovered = recover_specs("placements: [ { page: x } ]");
    assert!(recovered
        .diagnostics
        .iter()
        .any(|d| matches!(d.problem, Problem::BadHints { .. })));
}

#[test]
fn fields_printed_one_level_too_deep_are_corrected_with_a_warning() {
    let recovered = recover_specs(&real_hints());
    let corrected: Vec<String> = recovered
        .diagnostics
        .iter()
        .filter_map(|d| match &d.problem {
            Problem::CorrectedIndentation {
                field,
                printed,
                placed,
                ..
            } => {
                assert!(!d.is_error());
                assert_eq!(
                    (printed.as_str(), placed.as_str()),
                    ("booking.participantsChoices", "booking")
                );
                Some(field.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        corrected,
        [
            "bookedEntity",
            "contactDetails",
            "status",
            "paymentStatus",
            "selectedPaymentOption",
            "externalUserId",
            "revision",
            "extendedFields",
            "formSubmissionId",
            "bookedAddOns",
            "depositSelected"
        ]
    );
}

#[test]
fn a_required_path_the_page_never_documents_is_a_warning() {
    let recovered = recover_specs(&real_hints());
    let undocumented: Vec<_> = recovered
        .diagnostics
        .iter()
        .filter_map(|d| match &d.problem {
            Problem::UndocumentedRequiredPath { path } => {
                Some((d.file.as_str(), path.as_str(), d.is_error()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        undocumented,
        [(
            "specs/bookings/bookings-writer-v2/create-booking.md",
            "booking.additionalFields.id",
            false
        )]
    );
}
