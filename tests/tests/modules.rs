//! Types belong to their SDK module. Pages of two more modules of
//! `@wix/bookings` are added beside the specs: Get Staff Member (from Wix's
//! SDK types, in the docs' layout; its `Resource` is not the Resources API's)
//! and Get Availability Time Slot (made after the Availability Time Slots
//! API: its `Location`, `LocationType` and `Resource` share names with the
//! other modules' types but differ in fields and enum values). Each module
//! gets its own exact types, and the specs' own types do not change.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use codegen::ir::{Ir, Package, Type, TypeId, TypeKind};
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/modules");

/// A copy of `specs/` with the fixture pages added, under the test target dir.
fn specs_with_fixtures(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&tests::repo_root().join("specs"), &dir.join("specs"));
    for (module, page) in [
        ("staff-members", "get-staff-member.md"),
        ("availability-time-slots", "get-availability-time-slot.md"),
    ] {
        let to = dir.join("specs/bookings").join(module);
        std::fs::create_dir_all(&to).expect("the fixture dir is writable");
        std::fs::copy(Path::new(FIXTURES).join(module).join(page), to.join(page))
            .expect("the fixture page is copied");
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the copy dir is writable");
    for entry in std::fs::read_dir(from).expect("the dir is readable") {
        let entry = entry.expect("the dir entry is readable");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("the file type is known").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("the file is copied");
        }
    }
}

fn ir_of(root: &Path) -> Ir {
    let pipeline = codegen::pipeline::run(&root.join("specs"), root).expect("specs are readable");
    // The one array nothing types is any JSON value, and a warning says so.
    let untyped: Vec<String> = pipeline
        .diagnostics
        .iter()
        .filter_map(|d| match &d.problem {
            codegen::Problem::ElementTypeUnknown { field, .. } => {
                Some(format!("{} {field}", d.file))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        untyped,
        ["specs/bookings/staff-members/get-staff-member.md staffMember.tags.privateTags.tagIds"]
    );
    tests::ir_without_errors(pipeline)
}

/// The IR of the specs and the fixture pages, built once for all tests.
fn combined_ir() -> &'static Ir {
    static IR: OnceLock<Ir> = OnceLock::new();
    IR.get_or_init(|| ir_of(&specs_with_fixtures("modules-combined")))
}

/// The JSON paths type `id` declares, arrays marked `[]` as the truth files
/// write them.
fn json_paths(package: &Package, id: &TypeId) -> BTreeSet<String> {
    tests::type_paths(package, id, tests::Arrays::Marked)
}

/// The package, module and request/response types of method `name`.
fn method<'i>(ir: &'i Ir, name: &str) -> (&'i Package, String, TypeId, TypeId) {
    for package in &ir.packages {
        for module in &package.modules {
            if let Some(method) = module.methods.iter().find(|m| m.name == name) {
                return (
                    package,
                    module.name.clone(),
                    package.resolve(&module.name, &method.request),
                    package.resolve(&module.name, &method.response),
                );
            }
        }
    }
    panic!("no method {name}");
}

fn field_names(package: &Package, id: &TypeId) -> Vec<String> {
    match &package.type_def(id).expect("the type exists").kind {
        TypeKind::Object { fields, .. } => fields.iter().map(|f| f.name.clone()).collect(),
        TypeKind::Enum { values } => values.iter().map(|v| v.name.clone()).collect(),
    }
}

fn set(paths: &str) -> BTreeSet<String> {
    paths.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn the_same_name_in_two_modules_is_two_exact_types() {
    let ir = combined_ir();
    let package = &ir.packages[0];
    let scopes = |name: &str| -> Vec<Option<String>> {
        package
            .types
            .iter()
            .filter(|t| t.name == name)
            .map(|t| t.module.clone())
            .collect()
    };
    let some = |m: &str| Some(m.to_owned());
    assert_eq!(
        scopes("Location"),
        [some("availabilityTimeSlots"), some("bookings")]
    );
    assert_eq!(
        scopes("Resource"),
        [
            some("availabilityTimeSlots"),
            some("resources"),
            some("staffMembers")
        ]
    );
    let availability = |name: &str| TypeId::module("availabilityTimeSlots", name);
    let bookings = |name: &str| TypeId::module("bookings", name);
    assert_eq!(
        field_names(package, &availability("Location")),
        ["id", "name", "formattedAddress", "locationType"]
    );
    assert!(field_names(package, &bookings("Location"))
        .contains(&"formattedAddressTranslated".to_owned()));
    assert_eq!(
        field_names(package, &availability("LocationType")),
        ["BUSINESS", "CUSTOM", "CUSTOMER"]
    );
    assert_eq!(
        field_names(package, &bookings("LocationType")),
        ["UNDEFINED", "OWNER_BUSINESS", "OWNER_CUSTOM", "CUSTOM"]
    );
    assert_eq!(
        field_names(package, &availability("Resource")),
        ["id", "name"]
    );
    assert_eq!(
        field_names(package, &TypeId::module("staffMembers", "Resource")),
        [
            "id",
            "workingHoursSchedules",
            "eventsSchedule",
            "usesDefaultWorkingHours",
            "revision"
        ]
    );
}

#[test]
fn the_new_time_slot_page_comes_out_exact() {
    let ir = combined_ir();
    let (package, module, request, response) = method(ir, "GetAvailabilityTimeSlot");
    assert_eq!(module, "availabilityTimeSlots");
    assert_eq!(
        json_paths(package, &request),
        set("serviceId localStartDate localEndDate timeZone \
             location location.id location.name location.formattedAddress location.locationType \
             resourceIds[] includeResourceTypeIds[]")
    );
    assert_eq!(
        json_paths(package, &response),
        set("timeSlot timeSlot.serviceId timeSlot.localStartDate timeSlot.localEndDate timeSlot.bookable \
             timeSlot.location timeSlot.location.id timeSlot.location.name \
             timeSlot.location.formattedAddress timeSlot.location.locationType \
             timeSlot.availableResources[] timeSlot.availableResources[].resourceTypeId \
             timeSlot.availableResources[].resources[] timeSlot.availableResources[].resources[].id \
             timeSlot.availableResources[].resources[].name \
             timeSlot.nestedTimeSlots[] timeSlot.nestedTimeSlots[].serviceId \
             timeSlot.nestedTimeSlots[].localStartDate \
             timeSlot.nestedTimeSlots[].availableResources[] \
             timeSlot.nestedTimeSlots[].availableResources[].resourceTypeId \
             timeSlot.nestedTimeSlots[].availableResources[].resources[] \
             timeSlot.nestedTimeSlots[].availableResources[].resources[].id \
             timeSlot.nestedTimeSlots[].availableResources[].resources[].name \
             timeSlot.nestedTimeSlots[].scheduleId timeZone")
    );
    // `array<includeResourceTypeIds>` spells the element type like the
    // field: one array, of the SDK's `string`.
    let TypeKind::Object { fields, .. } = &package.type_def(&request).expect("request").kind else {
        panic!("the request is an object");
    };
    for name in ["includeResourceTypeIds", "resourceIds"] {
        let field = fields.iter().find(|f| f.name == name).expect("the field");
        assert_eq!(
            field.ty,
            Type::Array(Box::new(Type::String { format: None })),
            "{name}"
        );
    }
}

#[test]
fn the_staff_member_page_matches_the_sdk_types() {
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(FIXTURES).join("staff-members/truth.json"))
            .expect("the truth file is readable"),
    )
    .expect("the truth file is JSON");
    let truth = &truth["getStaffMember"];
    let strings = |key: &str| -> BTreeSet<String> {
        truth[key]
            .as_array()
            .expect("a list of paths")
            .iter()
            .map(|p| p.as_str().expect("a path").to_owned())
            .collect()
    };
    let ir = combined_ir();
    let (package, _, request, response) = method(ir, "GetStaffMember");
    for (side, id) in [("request", request), ("response", response)] {
        let declared = json_paths(package, &id);
        let documented = strings(side);
        let valid = strings(&format!("{side}_valid"));
        let missing: Vec<&String> = documented.difference(&declared).collect();
        let wrong: Vec<&String> = declared.difference(&valid).collect();
        assert!(
            missing.is_empty() && wrong.is_empty(),
            "{side}: missing {missing:?}, not in the real type {wrong:?}"
        );
    }
}

/// Adding other modules' pages changes nothing of the specs' own types.
#[test]
fn the_specs_types_do_not_change_when_other_modules_are_added() {
    let alone = tests::spec_ir();
    let combined = combined_ir();
    for module in &alone.packages[0].modules {
        for method in &module.methods {
            let (package, _, request, response) = self::method(&alone, &method.name);
            let (other, _, other_request, other_response) = self::method(combined, &method.name);
            assert_eq!(request, other_request);
            assert_eq!(response, other_response);
            for id in [request, response] {
                assert_eq!(
                    json_paths(package, &id),
                    json_paths(other, &id),
                    "{}",
                    method.name
                );
            }
        }
    }
}

#[test]
fn openapi_keys_and_rust_names_keep_the_modules_apart() {
    let ir = combined_ir();
    let document: Value =
        serde_json::from_str(&codegen::openapi::render(ir)).expect("the document is JSON");
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("schemas");
    for key in [
        "availabilityTimeSlots.Location",
        "bookings.Location",
        "availabilityTimeSlots.Resource",
        "resources.Resource",
        "staffMembers.Resource",
    ] {
        assert!(schemas.contains_key(key), "no schema {key}");
    }
    // A name only one module has keeps its plain key.
    assert!(schemas.contains_key("TimeSlot"));
    let files = codegen::rust::rust_files(ir);
    for (file, declares) in [
        (
            "bookings/availability_time_slots.rs",
            "pub struct Location {",
        ),
        ("bookings/bookings.rs", "pub struct Location {"),
        (
            "bookings/availability_time_slots.rs",
            "pub enum LocationType {",
        ),
        ("bookings/bookings.rs", "pub enum LocationType {"),
    ] {
        let file = files
            .iter()
            .find(|f| f.path.ends_with(file))
            .unwrap_or_else(|| panic!("no file {file}"));
        assert!(
            file.contents.contains(declares),
            "{}: {declares}",
            file.path
        );
    }
}
