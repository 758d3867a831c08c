//! Unit tests of IR assembly: each way a type is settled, and each error,
//! on small multi-line pages (indentation is trusted there, so the trees are
//! what the page prints and the tests exercise assembly alone).

use crate::diagnostics::{Diagnostic, Problem, Severity};
use crate::ir::{build_ir, Ir, NameOrigin, StringFormat, Type, TypeDef, TypeId, TypeKind};
use crate::read_page_text;
use crate::recovery::{recover, SpecPage};

/// A page of method `Do<name>` in npm package `npm` (SDK module `module`),
/// with request `params` and response `returns` (entry lines, already
/// indented), an example request `body`, and SDK `sdk` entries.
struct TestPage {
    name: &'static str,
    npm: &'static str,
    module: &'static str,
    params: &'static str,
    returns: &'static str,
    body: &'static str,
    sdk: &'static str,
    with_sdk: bool,
}

impl TestPage {
    fn new(name: &'static str, params: &'static str, returns: &'static str) -> Self {
        TestPage {
            name,
            npm: "@wix/things",
            module: "things",
            params,
            returns,
            body: "{}",
            sdk: "",
            with_sdk: true,
        }
    }

    fn text(&self) -> String {
        let name = self.name;
        let lower = name.to_ascii_lowercase();
        let sdk = if self.with_sdk {
            format!(
                "## JavaScript SDK\n\n### Schema\n\n```\n Method: wixClientAdmin.{module}.ThingsService.do{name}(thing)\n Description: Does it.\n Method parameters: \n   param name: thing | type: Thing\n{}\n Return type: PROMISE<Do{name}Response>\n```\n\n### Examples\n\n### do{name}\n```javascript\nimport {{ {module} }} from '{}';\n\nasync function run() {{ await {module}.do{name}(); }}\n```\n\n---\n",
                self.sdk,
                self.npm,
                module = self.module,
            )
        } else {
            String::new()
        };
        format!(
            "# Do{name}\n\n# Package: things\n\n# Namespace: ThingsService\n\n# Method link: https://dev.wix.com/docs/api-reference/business-solutions/things/things/do-{lower}.md\n\n## Permission Scopes:\nManage Things: SCOPE.THINGS.MANAGE\n\n## Introduction\n\nDoes it.\n\n---\n\n## REST API\n\n### Schema\n\n```\n Method: do{name}\n Description: Does it.\n URL: https://www.wixapis.com/things/v1/do-{lower}\n Method: POST\n Required parameters: thing\n Method parameters: \n{}\n Return type: Do{name}Response\n{}\n```\n\n### Examples\n\n### Do it\n```curl\ncurl -X POST \\\n'https://www.wixapis.com/things/v1/do-{lower}' \\\n-d '{}'\n```\n\n---\n\n{sdk}",
            self.params, self.returns, self.body
        )
    }
}

/// A reference to type `name` of the test pages' SDK module, `things`.
fn things_type(name: &str) -> Type {
    Type::Ref(TypeId::module("things", name))
}

struct Outcome {
    ir: Ir,
    diagnostics: Vec<Diagnostic>,
    texts: Vec<String>,
}

impl Outcome {
    fn errors(&self) -> Vec<&Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .collect()
    }

    fn ty(&self, name: &str) -> &TypeDef {
        self.ir
            .packages
            .iter()
            .flat_map(|p| &p.types)
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name} in {:#?}", self.ir))
    }

    fn field(&self, ty: &str, field: &str) -> Type {
        match &self.ty(ty).kind {
            TypeKind::Object { fields, .. } => fields
                .iter()
                .find(|f| f.name == field)
                .unwrap_or_else(|| panic!("{ty} has no field {field}"))
                .ty
                .clone(),
            TypeKind::Enum { .. } => panic!("{ty} is an enum"),
        }
    }

    /// Whether field `field` of object `ty` is required.
    fn required(&self, ty: &str, field: &str) -> bool {
        match &self.ty(ty).kind {
            TypeKind::Object { fields, .. } => {
                fields
                    .iter()
                    .find(|f| f.name == field)
                    .unwrap_or_else(|| panic!("{ty} has no field {field}"))
                    .required
            }
            TypeKind::Enum { .. } => panic!("{ty} is an enum"),
        }
    }

    /// The `line:column` of the first `needle` in page `page`.
    fn pos(&self, page: usize, needle: &str) -> String {
        let text = &self.texts[page];
        let offset = text.find(needle).expect("needle is on the page");
        let line = text[..offset].matches('\n').count() + 1;
        let column = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + 1;
        format!("{line}:{column}")
    }
}

fn build(pages: &[TestPage], hints: &str) -> Outcome {
    let texts: Vec<String> = pages.iter().map(TestPage::text).collect();
    let paths: Vec<String> = (0..pages.len()).map(|i| format!("p{i}.md")).collect();
    let read: Vec<_> = texts
        .iter()
        .zip(&paths)
        .map(|(text, path)| match read_page_text(path, text) {
            Ok(read) => read.page,
            Err(errors) => panic!("{errors:#?}\n{text}"),
        })
        .collect();
    let specs: Vec<SpecPage<'_>> = read
        .iter()
        .zip(&paths)
        .map(|(page, path)| SpecPage {
            display_path: path,
            spec_path: path,
            page,
        })
        .collect();
    let recovered = recover(&specs, hints, "hints.yaml");
    let recovery_errors: Vec<&Diagnostic> = recovered
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    assert!(recovery_errors.is_empty(), "{recovery_errors:#?}");
    let built = build_ir(&specs, &recovered);
    Outcome {
        ir: built.ir,
        diagnostics: built.diagnostics,
        texts,
    }
}

const THING_SIZE_INT: &str = "   param name: thing | type: Thing | description: The thing.\n      - name: size | type: integer | description: Size.";
const THING_SIZE_STRING: &str = "   param name: thing | type: Thing | description: The thing.\n      - name: size | type: string | description: Size.";
const THING_COLOR: &str = "   param name: thing | type: Thing | description: The thing.\n      - name: color | type: string | description: Color.";
const NO_RETURN: &str = "  - name: ok | type: boolean | description: Done.";

#[test]
fn a_type_is_the_union_of_its_occurrences() {
    let out = build(
        &[
            TestPage::new("A", THING_SIZE_INT, NO_RETURN),
            TestPage::new("B", THING_COLOR, NO_RETURN),
        ],
        "",
    );
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    let TypeKind::Object { fields, .. } = &out.ty("Thing").kind else {
        panic!("Thing is an object");
    };
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["size", "color"]);
    assert_eq!(
        out.ty("Thing").occurrences,
        [
            format!("p0.md:{}", out.pos(0, "param name: thing")),
            format!("p1.md:{}", out.pos(1, "param name: thing"))
        ]
    );
    // Both methods are in the `things` module and reach `Thing`.
    assert_eq!(out.ty("Thing").modules, ["things"]);
    assert_eq!(out.ir.packages[0].modules[0].methods.len(), 2);
}

#[test]
fn occurrences_that_disagree_on_a_field_type_are_an_error_naming_both_places() {
    let out = build(
        &[
            TestPage::new("A", THING_SIZE_INT, NO_RETURN),
            TestPage::new("B", THING_SIZE_STRING, NO_RETURN),
        ],
        "",
    );
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, "p1.md");
    assert_eq!(
        errors[0].at.unwrap().to_string(),
        out.pos(1, "- name: size")
    );
    let Problem::TypeConflict {
        ty,
        field,
        here,
        there,
        there_at,
    } = &errors[0].problem
    else {
        panic!("{errors:#?}")
    };
    assert_eq!((ty.as_str(), field.as_str()), ("Thing", "size"));
    assert_eq!((here.as_str(), there.as_str()), ("`string`", "`integer`"));
    assert_eq!(*there_at, format!("p0.md:{}", out.pos(0, "- name: size")));
}

const THING_COLOR_ENUM: &str = "   param name: thing | type: Thing | description: The thing.\n      - name: color | type: Color | description: Color.\n         - enum: RED, GREEN";

#[test]
fn the_same_name_in_two_modules_is_two_types_each_as_its_pages_document_it() {
    let mut other = TestPage::new("B", THING_COLOR_ENUM, NO_RETURN);
    other.module = "gadgets";
    let out = build(&[TestPage::new("A", THING_SIZE_INT, NO_RETURN), other], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    let package = &out.ir.packages[0];
    let things: Vec<(Option<&str>, Vec<&str>)> = package
        .types
        .iter()
        .filter(|t| t.name == "Thing")
        .map(|t| {
            let TypeKind::Object { fields, .. } = &t.kind else {
                panic!("Thing is an object");
            };
            (
                t.module.as_deref(),
                fields.iter().map(|f| f.name.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        things,
        [
            (Some("gadgets"), vec!["color"]),
            (Some("things"), vec!["size"])
        ]
    );
    assert_eq!(
        out.field("DoBRequest", "thing"),
        Type::Ref(TypeId::module("gadgets", "Thing"))
    );
}

const PAGING_FULL: &str = "   param name: paging | type: CursorPaging | description: Paging.\n      - name: limit | type: integer | description: Limit.\n      - name: cursor | type: string | description: Cursor.";
const PAGING_PART: &str = "   param name: paging | type: CursorPaging | description: Paging.\n      - name: limit | type: integer | description: Limit.";

#[test]
fn a_platform_type_is_shared_only_where_a_module_documents_it_as_the_catalogue_does() {
    let mut second = TestPage::new("B", PAGING_FULL, NO_RETURN);
    second.module = "gadgets";
    let mut third = TestPage::new("C", PAGING_PART, NO_RETURN);
    third.module = "widgets";
    let out = build(
        &[TestPage::new("A", PAGING_FULL, NO_RETURN), second, third],
        "",
    );
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    let package = &out.ir.packages[0];
    let paging: Vec<(Option<&str>, &[String])> = package
        .types
        .iter()
        .filter(|t| t.name == "CursorPaging")
        .map(|t| (t.module.as_deref(), t.modules.as_slice()))
        .collect();
    assert_eq!(
        paging,
        [
            (None, &["gadgets".to_owned(), "things".to_owned()][..]),
            (Some("widgets"), &["widgets".to_owned()][..]),
        ]
    );
    assert_eq!(
        out.field("DoARequest", "paging"),
        Type::Ref(TypeId::shared("CursorPaging"))
    );
    assert_eq!(
        out.field("DoCRequest", "paging"),
        Type::Ref(TypeId::module("widgets", "CursorPaging"))
    );
}

#[test]
fn the_same_name_in_two_packages_is_two_types() {
    let mut other = TestPage::new("B", THING_SIZE_STRING, NO_RETURN);
    other.npm = "@wix/other";
    let out = build(&[TestPage::new("A", THING_SIZE_INT, NO_RETURN), other], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    let npms: Vec<&str> = out.ir.packages.iter().map(|p| p.npm.as_str()).collect();
    assert_eq!(npms, ["@wix/other", "@wix/things"]);
    assert_eq!(
        out.ir.packages[0]
            .types
            .iter()
            .filter(|t| t.name == "Thing")
            .count(),
        1
    );
    assert_eq!(
        out.ir.packages[1]
            .types
            .iter()
            .filter(|t| t.name == "Thing")
            .count(),
        1
    );
}

#[test]
fn without_an_sdk_import_the_package_and_namespace_name_the_module() {
    let mut page = TestPage::new("A", THING_SIZE_INT, NO_RETURN);
    page.with_sdk = false;
    let out = build(&[page], "");
    assert_eq!(out.ir.packages[0].npm, "@wix/things");
    assert_eq!(out.ir.packages[0].modules[0].name, "ThingsService");
}

#[test]
fn a_field_name_written_as_type_is_resolved_from_the_sdk_schema() {
    let mut page = TestPage::new(
        "A",
        "   param name: thing | type: Thing | description: The thing.\n      - name: size | type: integer | description: Size.\n   param name: notify | type: notify | description: Whether to notify.",
        NO_RETURN,
    );
    page.sdk = "   param name: options | type: DoAOptions | description: Options.\n        - name: notify | type: boolean | description: Whether to notify.";
    let out = build(&[page], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.field("DoARequest", "notify"), Type::Boolean);
    let resolved: Vec<&Diagnostic> = out
        .diagnostics
        .iter()
        .filter(|d| matches!(d.problem, Problem::TypeResolved { .. }))
        .collect();
    assert_eq!(resolved.len(), 1);
    assert_eq!(
        resolved[0].at.unwrap().to_string(),
        out.pos(0, "param name: notify")
    );
    assert!(
        resolved[0].to_string().contains("taken as `boolean`"),
        "{}",
        resolved[0]
    );
}

#[test]
fn a_field_name_written_as_type_without_sdk_evidence_is_an_error() {
    let page = TestPage::new(
        "A",
        "   param name: thing | type: Thing | description: The thing.\n      - name: size | type: integer | description: Size.\n   param name: notify | type: notify | description: Whether to notify.",
        NO_RETURN,
    );
    let out = build(&[page], "");
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        matches!(&errors[0].problem, Problem::TypeUnresolved { field, found, .. } if field == "notify" && found == "no SDK parameter or top-level parameter field `notify`"),
        "{errors:#?}"
    );
}

const WIDGETS: &str = "  - name: widgets | type: array | description: Widgets.\n     - name: id | type: string | description: Widget GUID.";

#[test]
fn unnamed_array_elements_take_the_singular_of_the_field() {
    let out = build(&[TestPage::new("A", THING_SIZE_INT, WIDGETS)], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.field("DoAResponse", "widgets"),
        Type::Array(Box::new(things_type("Widget")))
    );
    assert_eq!(out.ty("Widget").name_origin, NameOrigin::Singular);
}

const WIDGET_PARAM: &str = "   param name: widgets | type: array | description: Widgets.\n      - name: id | type: string | description: Widget GUID.";

#[test]
fn the_sdk_schema_names_array_elements_the_rest_schema_leaves_unnamed() {
    // The SDK field at the same place: a parameter, or a top-level field of
    // an options parameter.
    for sdk in [
        "   param name: widgets | type: array<Gadget> | description: Widgets.",
        "   param name: options | type: DoAOptions | description: Options.\n      - name: widgets | type: array<Gadget> | description: Widgets.",
    ] {
        let mut page = TestPage::new("A", WIDGET_PARAM, NO_RETURN);
        page.sdk = sdk;
        let out = build(&[page], "");
        assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
        assert_eq!(
            out.field("DoARequest", "widgets"),
            Type::Array(Box::new(things_type("Gadget")))
        );
        assert_eq!(out.ty("Gadget").name_origin, NameOrigin::Documented);
    }
}

#[test]
fn a_field_name_type_is_looked_up_at_its_place_in_the_sdk_tree() {
    // Two SDK fields are called `bookings`: the parameter, and a field deep
    // in another parameter. The parameter is the one at the same place.
    let params = "   param name: bookings | type: bookings | description: Bookings.\n      - name: id | type: string | description: Booking GUID.";
    let mut page = TestPage::new("A", params, NO_RETURN);
    page.sdk = "   param name: bookings | type: array<Booking> | description: Bookings.\n      - name: id | type: string | description: Booking GUID.\n   param name: options | type: DoAOptions | description: Options.\n      - name: related | type: Related | description: Related.\n         - name: bookings | type: array<string> | description: Their GUIDs.";
    let out = build(&[page], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.field("DoARequest", "bookings"),
        Type::Array(Box::new(things_type("Booking")))
    );
}

#[test]
fn an_array_whose_element_type_is_spelled_like_the_field_is_one_array() {
    let params = "   param name: tagIds | type: array<tagIds> | description: Tag GUIDs.";
    let mut page = TestPage::new("A", params, NO_RETURN);
    page.sdk = "   param name: tagIds | type: array<string> | description: Tag GUIDs.";
    let out = build(&[page], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.field("DoARequest", "tagIds"),
        Type::Array(Box::new(Type::String { format: None }))
    );
    // Without SDK evidence the elements are any JSON value, never arrays.
    let out = build(&[TestPage::new("A", params, NO_RETURN)], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.field("DoARequest", "tagIds"),
        Type::Array(Box::new(Type::Any))
    );
}

#[test]
fn a_hint_overrides_the_element_name() {
    let hints =
        "elements:\n  - page: p0.md\n    tree: response\n    path: widgets\n    element: Gizmo\n";
    let out = build(&[TestPage::new("A", THING_SIZE_INT, WIDGETS)], hints);
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.field("DoAResponse", "widgets"),
        Type::Array(Box::new(things_type("Gizmo")))
    );
    assert_eq!(out.ty("Gizmo").name_origin, NameOrigin::Hint);
}

#[test]
fn a_derived_name_never_merges_with_another_type() {
    // `Widget` is a documented type of the request; the response's bare
    // `widgets` array would derive the same name.
    let params = "   param name: thing | type: Thing | description: The thing.\n      - name: widget | type: Widget | description: One widget.\n         - name: weight | type: number | description: Weight.";
    let out = build(&[TestPage::new("A", params, WIDGETS)], "");
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let Problem::DerivedNameTaken {
        field, name, hint, ..
    } = &errors[0].problem
    else {
        panic!("{errors:#?}");
    };
    assert_eq!((field.as_str(), name.as_str()), ("widgets", "Widget"));
    // The hint shown settles it once filled in.
    let filled = hint.replace("<TypeName>", "WidgetSummary");
    let out = build(&[TestPage::new("A", params, WIDGETS)], &filled);
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.field("DoAResponse", "widgets"),
        Type::Array(Box::new(things_type("WidgetSummary")))
    );
}

const TAGS: &str = "   param name: thing | type: Thing | description: The thing.\n      - name: tags | type: array | description: Tags.";

#[test]
fn scalar_elements_come_from_example_values() {
    let mut page = TestPage::new("A", TAGS, NO_RETURN);
    page.body = r#"{"thing": {"tags": ["a", "b"]}}"#;
    let out = build(&[page], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.field("Thing", "tags"),
        Type::Array(Box::new(Type::String { format: None }))
    );
}

#[test]
fn scalar_elements_without_evidence_are_any_json_value_with_a_warning_and_the_hint_to_add() {
    let out = build(&[TestPage::new("A", TAGS, NO_RETURN)], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.field("Thing", "tags"), Type::Array(Box::new(Type::Any)));
    let warnings: Vec<&Diagnostic> = out
        .diagnostics
        .iter()
        .filter(|d| matches!(d.problem, Problem::ElementTypeUnknown { .. }))
        .collect();
    assert_eq!(warnings.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(warnings[0].severity(), Severity::Warning);
    assert_eq!(
        warnings[0].at.unwrap().to_string(),
        out.pos(0, "- name: tags")
    );
    let Problem::ElementTypeUnknown { field, hint } = &warnings[0].problem else {
        unreachable!("filtered above");
    };
    assert_eq!(field, "thing.tags");
    let hint = hint.replace("element: string", "element: integer");
    let out = build(&[TestPage::new("A", TAGS, NO_RETURN)], &hint);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.field("Thing", "tags"),
        Type::Array(Box::new(Type::Integer))
    );
}

#[test]
fn another_occurrence_of_the_type_settles_a_scalar_element() {
    // Page B shows `tags` of `Thing` with no example; page A's example does.
    let mut with_example = TestPage::new("A", TAGS, NO_RETURN);
    with_example.body = r#"{"thing": {"tags": [1, 2]}}"#;
    let out = build(&[TestPage::new("B", TAGS, NO_RETURN), with_example], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.field("Thing", "tags"),
        Type::Array(Box::new(Type::Integer))
    );
}

#[test]
fn element_hints_that_do_not_fit_are_errors() {
    // A scalar for elements that have fields.
    let hints =
        "elements:\n  - page: p0.md\n    tree: response\n    path: widgets\n    element: string\n";
    let out = build(&[TestPage::new("A", THING_SIZE_INT, WIDGETS)], hints);
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, "hints.yaml");
    assert_eq!(errors[0].at.unwrap().to_string(), "4:1");
    assert!(matches!(errors[0].problem, Problem::BadElementHint { .. }));
    // A path that is no bare array, and a page that does not exist.
    let hints = "elements:\n  - page: p0.md\n    tree: request\n    path: thing.size\n    element: string\n  - page: nowhere.md\n    tree: request\n    path: x\n    element: string\n";
    let out = build(&[TestPage::new("A", THING_SIZE_INT, NO_RETURN)], hints);
    let errors: Vec<String> = out.errors().iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].contains("hints.yaml:4:1") && errors[0].contains("no bare `array` field"),
        "{errors:#?}"
    );
    assert!(
        errors[1].contains("hints.yaml:8:1") && errors[1].contains("no page specs/nowhere.md"),
        "{errors:#?}"
    );
}

#[test]
fn time_formats_come_from_descriptions_and_the_sdk_date_type() {
    let params = "   param name: thing | type: Thing | description: The thing.\n      - name: at | type: string | description: When, in `YYYY-MM-DDThh:mm:ss.sssZ` format.\n      - name: local | type: string | description: Local time in `YYYY-MM-DDThh:mm:ss` format.\n      - name: updated | type: string | description: Last update.\n      - name: plain | type: string | description: Text.";
    let mut page = TestPage::new("A", params, NO_RETURN);
    page.sdk = "   param name: options | type: DoAOptions | description: Options.\n        - name: _updated | type: Date | description: Last update.";
    let out = build(&[page], "");
    let format = |field| match out.field("Thing", field) {
        Type::String { format } => format,
        other => panic!("{other:?}"),
    };
    assert_eq!(format("at"), Some(StringFormat::DateTime));
    assert_eq!(format("local"), Some(StringFormat::LocalDateTime));
    assert_eq!(format("updated"), Some(StringFormat::DateTime));
    assert_eq!(format("plain"), None);
}

#[test]
fn enums_required_fields_and_one_of_groups() {
    let params = "   param name: thing | type: Thing | description: The thing.\n      - name: mode | type: Mode | description: Mode.\n         - enum:\n           - FAST: Quickly.\n           - SLOW: Slowly.\n      - ONE-OF: \n         - name: small | type: boolean | description: Small.\n         - name: large | type: boolean | description: Large.";
    let out = build(&[TestPage::new("A", params, NO_RETURN)], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    let TypeKind::Enum { values } = &out.ty("Mode").kind else {
        panic!("Mode is an enum");
    };
    let values: Vec<(&str, Option<&str>)> = values
        .iter()
        .map(|v| (v.name.as_str(), v.description.as_deref()))
        .collect();
    assert_eq!(
        values,
        [("FAST", Some("Quickly.")), ("SLOW", Some("Slowly."))]
    );
    let TypeKind::Object { one_of_groups, .. } = &out.ty("Thing").kind else {
        panic!("Thing is an object");
    };
    assert_eq!(one_of_groups.len(), 1);
    assert_eq!(one_of_groups[0].members, ["small", "large"]);
    // `Required parameters: thing` makes the parameter required.
    let TypeKind::Object { fields, .. } = &out.ty("DoARequest").kind else {
        panic!("the request is an object");
    };
    assert!(fields[0].required);
    assert_eq!(
        out.ir.packages[0].modules[0].methods[0].required_paths,
        ["thing"]
    );
}

#[test]
fn a_type_that_is_an_enum_in_one_place_and_an_object_in_another_is_an_error() {
    let enum_page = "   param name: thing | type: Thing | description: The thing.\n      - name: mode | type: Mode | description: Mode.\n         - enum: FAST, SLOW";
    let object_page = "   param name: thing | type: Thing | description: The thing.\n      - name: mode | type: Mode | description: Mode.\n         - name: speed | type: integer | description: Speed.";
    let out = build(
        &[
            TestPage::new("A", enum_page, NO_RETURN),
            TestPage::new("B", object_page, NO_RETURN),
        ],
        "",
    );
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        matches!(&errors[0].problem, Problem::TypeConflict { ty, field, .. } if ty == "Mode" && field == "(kind)"),
        "{errors:#?}"
    );
}

#[test]
fn a_named_type_with_no_fields_anywhere_is_a_warning() {
    let params = "   param name: thing | type: Thing | description: The thing.\n      - name: blob | type: Blob | description: Opaque.";
    let out = build(&[TestPage::new("A", params, NO_RETURN)], "");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    let shapeless: Vec<&Diagnostic> = out
        .diagnostics
        .iter()
        .filter(|d| matches!(&d.problem, Problem::ShapelessType { ty } if ty == "Blob"))
        .collect();
    assert_eq!(shapeless.len(), 1, "{:#?}", out.diagnostics);
    assert_eq!(
        shapeless[0].at.unwrap().to_string(),
        out.pos(0, "- name: blob")
    );
}

/// The IR and diagnostics of one page whose URL path is `path` (and whose
/// `Required parameters` line lists `required`).
fn with_path(params: &'static str, path: &str, required: &str) -> Outcome {
    let page = TestPage::new("A", params, NO_RETURN);
    let text = page
        .text()
        .replace("/things/v1/do-a\n", &format!("{path}\n"))
        .replace(
            "Required parameters: thing\n",
            &format!("Required parameters: {required}\n"),
        );
    let read = read_page_text("p0.md", &text).expect("the page reads").page;
    let specs = [SpecPage {
        display_path: "p0.md",
        spec_path: "p0.md",
        page: &read,
    }];
    let recovered = recover(&specs, "", "hints.yaml");
    let built = build_ir(&specs, &recovered);
    Outcome {
        ir: built.ir,
        diagnostics: built.diagnostics,
        texts: vec![text],
    }
}

const THING_ID: &str = "   param name: thingId | type: string | description: Thing GUID.\n   param name: thing | type: Thing | description: The thing.\n      - name: size | type: integer | description: Size.";

#[test]
fn path_parameters_name_plain_request_fields() {
    let out = with_path(
        THING_ID,
        "/things/v1/{thingId}/sizes/{thing.size}",
        "thingId, thing",
    );
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    let method = &out.ir.packages[0].modules[0].methods[0];
    assert_eq!(method.path, "/things/v1/{thingId}/sizes/{thing.size}");
    assert!(out.required("DoARequest", "thingId"));
    // A nested parameter's type is shared: the page's word stands.
    assert!(!out.required("Thing", "size"));
}

#[test]
fn a_top_level_path_parameter_is_required_and_a_warning_says_so_when_the_page_does_not() {
    let out = with_path(THING_ID, "/things/v1/{thingId}", "thing");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.diagnostics.len(), 1, "{:#?}", out.diagnostics);
    assert!(
        matches!(&out.diagnostics[0].problem, Problem::PathParameterMadeRequired { name } if name == "thingId"),
        "{:#?}",
        out.diagnostics
    );
    assert!(out.diagnostics[0].at.is_some());
    assert!(out.required("DoARequest", "thingId"));
}

#[test]
fn path_parameters_naming_undocumented_fields_add_them_as_strings_with_a_warning() {
    // `{thing.id}`: the request documents `thing` but not its read-only `id`.
    let out = with_path(THING_ID, "/things/v1/{thing.id}/{thingKey}", "thing");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    let added: Vec<(&str, &str)> = out
        .diagnostics
        .iter()
        .filter_map(|d| match &d.problem {
            Problem::PathParameterAdded { name, parent, .. } => {
                Some((name.as_str(), parent.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(added, [("thing.id", "thing"), ("thingKey", "(root)")]);
    assert_eq!(out.field("Thing", "id"), Type::String { format: None });
    assert!(!out.required("Thing", "id"));
    assert_eq!(
        out.field("DoARequest", "thingKey"),
        Type::String { format: None }
    );
    assert!(out.required("DoARequest", "thingKey"));
}

#[test]
fn path_parameters_that_name_no_plain_field_are_errors() {
    // No documented object `widget` to add `id` to.
    let out = with_path(THING_ID, "/things/v1/{widget.id}", "thing");
    assert!(
        matches!(&out.errors()[..], [d] if matches!(&d.problem, Problem::PathParameterUnknown { name, fields, .. } if name == "widget.id" && fields == "`thingId`, `thing`, `thing.size`")),
        "{:#?}",
        out.diagnostics
    );
    let out = with_path(THING_ID, "/things/v1/{thing}", "thing");
    assert!(
        matches!(&out.errors()[..], [d] if matches!(&d.problem, Problem::PathParameterNotPlain { name, .. } if name == "thing")),
        "{:#?}",
        out.diagnostics
    );
    for bad in [
        "/things/{thingId",
        "/things/thingId}",
        "/things/{}",
        "/things/{a{b}}",
    ] {
        let out = with_path(THING_ID, bad, "thing");
        assert!(
            matches!(&out.errors()[..], [d] if matches!(&d.problem, Problem::BadPathTemplate { path, .. } if path == bad)),
            "{bad}: {:#?}",
            out.diagnostics
        );
    }
}

#[test]
fn path_parameter_names_are_read_once_each_in_order() {
    assert_eq!(
        crate::ir::path_parameter_names("/a/{x}/b/{y.z}/{x}"),
        ["x", "y.z"]
    );
    assert_eq!(crate::ir::path_template_problem("/a/{x}:cancel"), None);
}

#[test]
fn a_field_name_type_filling_a_path_parameter_is_a_string_with_a_warning() {
    let params = "   param name: thingKey | type: thingKey | description: Thing key. | required: true\n   param name: thing | type: Thing | description: The thing.\n      - name: size | type: integer | description: Size.";
    let out = with_path(params, "/things/v1/{thingKey}", "thingKey, thing");
    assert!(out.errors().is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(
        out.field("DoARequest", "thingKey"),
        Type::String { format: None }
    );
    assert!(
        out.diagnostics.iter().any(|d| matches!(&d.problem,
            Problem::TypeResolved { field, evidence, .. }
                if field == "thingKey" && evidence.contains("URL path parameter `{thingKey}`"))),
        "{:#?}",
        out.diagnostics
    );
    // Not a path parameter: nothing settles it.
    let out = with_path(params, "/things/v1/get", "thingKey, thing");
    assert!(
        matches!(&out.errors()[..], [d] if matches!(&d.problem, Problem::TypeUnresolved { field, .. } if field == "thingKey")),
        "{:#?}",
        out.diagnostics
    );
}
