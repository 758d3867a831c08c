//! Unit tests of the page grammar: each construct, read from a multi-line page
//! and from its whitespace-collapsed copy.

use crate::diagnostics::{Diagnostic, Problem};
use crate::page::{
    ConstraintKind, Entry, EnumStyle, ExampleCode, Field, HttpMethod, Page, TypeRef,
};
use crate::source::Layout;

use super::read_page_text;

const PARAMS: &str = "{PARAMS}";
const RETURN: &str = "{RETURN}";

/// A small but complete multi-line page; tests splice entries into it.
const TEMPLATE: &str = r#"# QueryThings

# Package: things

# Namespace: ThingsService

# Method link: https://dev.wix.com/docs/api-reference/business-solutions/things/things/query-things.md

## Permission Scopes:
Read Things: SCOPE.THINGS.READ
Manage Things - All Permissions: SCOPE.THINGS.MANAGE

## Introduction

Queries things. See `cursorPaging.limit`.

---

## REST API

### Schema

```
 Method: queryThings
 Description: Queries up to 100 things.  ### Paging  Use `query.cursorPaging`.
 URL: https://www.wixapis.com/things/v1/things/query
 Method: POST
 Required parameters: query, query.filter
 Method parameters: 
{PARAMS}
 Return type: QueryThingsResponse
{RETURN}

 Possible Errors:
   HTTP Code: 400 | Status Code: INVALID_ARGUMENT | Application Code: BAD_FILTER | Description: The filter is invalid.
```

### Examples

### Query things
Queries every thing.
```curl
curl -X POST \
'https://www.wixapis.com/things/v1/things/query' \
-H 'Authorization: TOKEN' \
-d '{
  "query": {
    "filter": {"ready": true},
    "cursorPaging": {"limit": 100, "cursor": null},
    "sort": [{"fieldName": "name", "order": "ASC"}]
  }
}'
```

---

## JavaScript SDK

### Schema

```
 Method: wixClientAdmin.things.ThingsService.queryThings(query, options)
 Description: Queries up to 100 things.
 Required parameters: query
 Method parameters: 
   param name: query | type: ThingQuery | required: true
 Return type: PROMISE
  - name: things | type: array | description: Things.
     - name: _id | type: string | description: Thing GUID.
     - name: _createdDate | type: Date | description: Creation time.
```

### Examples

### queryThings
```javascript
import { things } from '@wix/things';
import { auth } from '@wix/essentials';

async function queryThings(query) {
  const response = await things.queryThings(query);
};
```

---
"#;

const DEFAULT_PARAMS: &str = "   param name: query | type: ThingQuery | required: true\n      - name: filter | type: object | description: Filter object.";
const DEFAULT_RETURN: &str = "  - name: things | type: array | description: Things.\n     - name: id | type: string | description: Thing GUID.";

fn multi_line(params: &str, returns: &str) -> String {
    TEMPLATE.replace(PARAMS, params).replace(RETURN, returns)
}

/// The page as a whitespace-collapsed capture makes it.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page read in both forms; panics (failing the test) on errors.
fn both(text: &str) -> [Page; 2] {
    [text.to_owned(), collapse(text)].map(|text| match read_page_text("test.md", &text) {
        Ok(read) => read.page,
        Err(diagnostics) => panic!("unexpected errors:\n{}", render(&diagnostics)),
    })
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| d.to_string() + "\n").collect()
}

/// The errors of the page in both forms, with the page text for each.
fn errors(text: &str) -> [(String, Vec<Diagnostic>); 2] {
    [text.to_owned(), collapse(text)].map(|text| match read_page_text("test.md", &text) {
        Ok(_) => panic!("expected errors, the page read fine:\n{text}"),
        Err(diagnostics) => (text, diagnostics),
    })
}

fn fields(entries: &[Entry]) -> Vec<&Field> {
    entries
        .iter()
        .filter_map(|entry| match entry {
            Entry::Field(field) => Some(&**field),
            Entry::OneOf(_) => None,
        })
        .collect()
}

fn params(page: &Page) -> Vec<&Field> {
    fields(&page.rest.schema.signature.parameters[0].entries)
}

fn returns(page: &Page) -> Vec<&Field> {
    fields(&page.rest.schema.signature.return_type.entries)
}

#[test]
fn the_template_reads_in_both_layouts() {
    let text = multi_line(DEFAULT_PARAMS, DEFAULT_RETURN);
    let [multi, collapsed] = both(&text);
    assert_eq!(multi.layout, Layout::MultiLine);
    assert_eq!(collapsed.layout, Layout::Collapsed);
    assert!(multi.method_name.at.to_string().contains(':'));
    assert!(collapsed.method_name.at.to_string().starts_with("byte "));
}

#[test]
fn header() {
    for page in both(&multi_line(DEFAULT_PARAMS, DEFAULT_RETURN)) {
        assert_eq!(page.method_name.value, "QueryThings");
        assert_eq!(page.package.value, "things");
        assert_eq!(page.namespace.value, "ThingsService");
        assert!(page
            .method_link
            .value
            .ends_with("/things/things/query-things.md"));
        let scopes: Vec<_> = page
            .permission_scopes
            .iter()
            .map(|s| (s.name.as_str(), s.id.as_str()))
            .collect();
        assert_eq!(
            scopes,
            [
                ("Read Things", "SCOPE.THINGS.READ"),
                ("Manage Things - All Permissions", "SCOPE.THINGS.MANAGE")
            ]
        );
        assert_eq!(
            page.introduction.value,
            "Queries things. See `cursorPaging.limit`."
        );
        assert_eq!(page.preamble, None);
    }
}

#[test]
fn schema_lines() {
    for page in both(&multi_line(DEFAULT_PARAMS, DEFAULT_RETURN)) {
        let schema = &page.rest.schema;
        assert_eq!(schema.method_name.value, "queryThings");
        assert!(schema
            .description
            .value
            .starts_with("Queries up to 100 things."));
        assert!(schema.description.value.contains("### Paging"));
        assert_eq!(schema.url.host, "www.wixapis.com");
        assert_eq!(schema.url.path, "/things/v1/things/query");
        assert_eq!(schema.http_method.value, HttpMethod::Post);
        let required: Vec<_> = schema
            .signature
            .required_parameters
            .iter()
            .map(|p| p.value.as_str())
            .collect();
        assert_eq!(required, ["query", "query.filter"]);
        assert_eq!(schema.possible_errors.len(), 1);
        assert_eq!(schema.possible_errors[0].http_code, 400);
        assert_eq!(schema.possible_errors[0].application_code, "BAD_FILTER");
        assert_eq!(
            schema.possible_errors[0].description,
            "The filter is invalid."
        );
    }
}

#[test]
fn parameter_entries() {
    let params_text = "   param name: query | type: ThingQuery | description: The query. | required: true\n      - name: filter | type: object | description: Filter object.\n   param name: fields | type: array<string>";
    for page in both(&multi_line(params_text, DEFAULT_RETURN)) {
        let parameters = &page.rest.schema.signature.parameters;
        assert_eq!(parameters.len(), 2);
        assert_eq!(parameters[0].field.name, "query");
        assert_eq!(parameters[0].field.ty, TypeRef::Named("ThingQuery".into()));
        assert_eq!(
            parameters[0].field.description.as_deref(),
            Some("The query.")
        );
        assert!(parameters[0].field.required);
        assert_eq!(fields(&parameters[0].entries)[0].name, "filter");
        assert_eq!(parameters[1].field.ty.to_string(), "array<string>");
        assert!(!parameters[1].field.required);
        assert_eq!(parameters[1].field.description, None);
    }
}

#[test]
fn descriptions_full_of_markup_do_not_start_fields() {
    let tricky = "Sort: `[ {\"fieldName\":\"a\",\"order\":\"ASC\"} ]`. - `true`: yes. - `false`: no. A | B | C table. ### Heading [a link](https://x.y/z.md#part) - name: prose without a pipe. Use `cursorPaging.limit`.";
    let params_text = format!("   param name: query | type: ThingQuery | required: true\n      - name: sort | type: array | description: {tricky}\n      - name: next | type: string | description: After.");
    for page in both(&multi_line(&params_text, DEFAULT_RETURN)) {
        let entries = params(&page);
        let names: Vec<_> = entries.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["sort", "next"]);
        assert_eq!(entries[0].description.as_deref(), Some(tricky));
    }
}

#[test]
fn types() {
    let returns_text = [
        ("s", "string"),
        ("i", "integer"),
        ("n", "number"),
        ("b", "boolean"),
        ("o", "object"),
        ("d", "Date"),
        ("named", "CursorPagingMetadata"),
        ("plain", "array"),
        ("typed", "array<Thing>"),
        ("nested", "array<array<string>>"),
    ]
    .map(|(name, ty)| format!("  - name: {name} | type: {ty} | description: x."))
    .join("\n");
    let [multi, collapsed] = both(&multi_line(DEFAULT_PARAMS, &returns_text));
    let types: Vec<_> = returns(&multi).iter().map(|f| f.ty.clone()).collect();
    assert_eq!(
        types,
        [
            TypeRef::String,
            TypeRef::Integer,
            TypeRef::Number,
            TypeRef::Boolean,
            TypeRef::Object,
            TypeRef::Date,
            TypeRef::Named("CursorPagingMetadata".into()),
            TypeRef::Array(None),
            TypeRef::Array(Some(Box::new(TypeRef::Named("Thing".into())))),
            TypeRef::Array(Some(Box::new(TypeRef::Array(Some(Box::new(
                TypeRef::String
            )))))),
        ]
    );
    // The collapsed copy here keeps its `<...>` spans, so it reads the same.
    assert_eq!(
        types,
        returns(&collapsed)
            .iter()
            .map(|f| f.ty.clone())
            .collect::<Vec<_>>()
    );
    // The SDK schema's `PROMISE` return type and `Date` fields.
    let sdk = multi.sdk.as_ref().unwrap();
    assert_eq!(
        sdk.schema.signature.return_type.ty.value,
        TypeRef::Promise(None)
    );
    let page = both(
        &multi_line(DEFAULT_PARAMS, DEFAULT_RETURN)
            .replace("PROMISE", "PROMISE<QueryThingsResponse>"),
    );
    assert_eq!(
        page[0]
            .sdk
            .as_ref()
            .unwrap()
            .schema
            .signature
            .return_type
            .ty
            .value
            .to_string(),
        "PROMISE<QueryThingsResponse>"
    );
}

#[test]
fn inline_and_list_enums() {
    let params_text = "   param name: query | type: ThingQuery | required: true\n      - name: order | type: SortOrder | description: Sort order.\n         - enum: ASC, DESC\n      - name: after | type: string | description: After.";
    let returns_text = "  - name: status | type: Status | description: Status.\n         - enum:\n         -     NOT_SET: There is no information.\n         -     ATTENDED: At least one participant attended. - Note: prose.\n  - name: count | type: integer | description: Count.\n  - name: last | type: Level | description: Last.\n     - enum:\n     -     LOW: Low.\n     -     HIGH: High.";
    for page in both(&multi_line(params_text, returns_text)) {
        let order = params(&page)[0].enum_values.clone().unwrap();
        assert_eq!(order.style, EnumStyle::Inline);
        let names: Vec<_> = order.values.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["ASC", "DESC"]);
        assert_eq!(params(&page)[1].name, "after");

        let entries = returns(&page);
        let status = entries[0].enum_values.clone().unwrap();
        assert_eq!(status.style, EnumStyle::List);
        let values: Vec<_> = status
            .values
            .iter()
            .map(|v| (v.name.as_str(), v.description.as_deref()))
            .collect();
        assert_eq!(
            values,
            [
                ("NOT_SET", Some("There is no information.")),
                (
                    "ATTENDED",
                    Some("At least one participant attended. - Note: prose.")
                )
            ]
        );
        assert_eq!(entries[1].name, "count");
        assert_eq!(entries[2].enum_values.as_ref().unwrap().values.len(), 2);
    }
}

#[test]
fn one_of_groups() {
    let params_text = "   param name: thing | type: Thing | required: true\n    - ONE-OF: - required: true\n     - name: total | type: integer | description: Total.\n     - name: choices | type: Choices | description: Choices.\n        - name: count | type: integer | description: Count.\n        - name: after | type: string | description: Printed too deep.\n    - name: title | type: string | description: Title.";
    let [multi, collapsed] = both(&multi_line(params_text, DEFAULT_RETURN));
    for page in [&multi, &collapsed] {
        let entries = &page.rest.schema.signature.parameters[0].entries;
        let Entry::OneOf(group) = &entries[0] else {
            panic!("expected a ONE-OF marker first, got {:?}", entries[0]);
        };
        assert!(group.required);
        let names: Vec<_> = fields(entries).iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["total", "choices", "count", "after", "title"]);
    }
    let group = |page: &Page| match &page.rest.schema.signature.parameters[0].entries[0] {
        Entry::OneOf(group) => group.clone(),
        Entry::Field(_) => unreachable!(),
    };
    // Multi-line pages name the members by indentation; collapsed pages cannot.
    assert_eq!(
        group(&multi).members,
        Some(vec!["total".to_owned(), "choices".to_owned()])
    );
    assert_eq!(group(&multi).indent, Some(4));
    assert_eq!(group(&collapsed).members, None);
    assert_eq!(params(&multi)[3].indent, Some(8));
}

#[test]
fn defaults_and_limits() {
    let params_text = "   param name: query | type: ThingQuery | required: true\n      - name: limit | type: integer | description: Number to return. Default: `50` Maximum: `1000`\n      - name: minutes | type: integer | description: Minutes. Min: 1 minute, Max: 30 days";
    for page in both(&multi_line(params_text, DEFAULT_RETURN)) {
        let entries = params(&page);
        let limit: Vec<_> = entries[0]
            .constraints
            .iter()
            .map(|c| (c.kind, c.value.clone()))
            .collect();
        assert_eq!(
            limit,
            [
                (ConstraintKind::Default, Some(50.into())),
                (ConstraintKind::Maximum, Some(1000.into()))
            ]
        );
        let minutes: Vec<_> = entries[1]
            .constraints
            .iter()
            .map(|c| (c.kind, c.text.as_str(), c.unit.as_deref()))
            .collect();
        assert_eq!(
            minutes,
            [
                (ConstraintKind::Minimum, "1 minute", Some("minute")),
                (ConstraintKind::Maximum, "30 days", Some("days"))
            ]
        );
    }
}

#[test]
fn curl_examples() {
    for page in both(&multi_line(DEFAULT_PARAMS, DEFAULT_RETURN)) {
        let example = &page.rest.examples[0];
        let ExampleCode::Curl(call) = &example.code else {
            panic!("expected a curl example");
        };
        assert_eq!(call.http_method, HttpMethod::Post);
        assert_eq!(call.url.as_ref().unwrap().path, "/things/v1/things/query");
        assert_eq!(call.headers, ["Authorization: TOKEN"]);
        let body = &call.body.as_ref().unwrap().value;
        assert_eq!(
            *body,
            serde_json::json!({"query": {"filter": {"ready": true}, "cursorPaging": {"limit": 100, "cursor": null}, "sort": [{"fieldName": "name", "order": "ASC"}]}})
        );
        // Key order is kept: it is evidence of the page's field order.
        let keys: Vec<_> = body["query"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["filter", "cursorPaging", "sort"]);
    }
    let [multi, collapsed] = both(&multi_line(DEFAULT_PARAMS, DEFAULT_RETURN));
    assert_eq!(multi.rest.examples[0].title, "Query things");
    assert_eq!(
        multi.rest.examples[0].description.as_deref(),
        Some("Queries every thing.")
    );
    // Collapsed headings run into the text after them.
    assert_eq!(
        collapsed.rest.examples[0].title,
        "Query things Queries every thing."
    );
    assert_eq!(collapsed.rest.examples[0].description, None);
}

#[test]
fn sdk_section() {
    for page in both(&multi_line(DEFAULT_PARAMS, DEFAULT_RETURN)) {
        let sdk = page.sdk.as_ref().unwrap();
        assert_eq!(
            sdk.schema.method.path,
            ["wixClientAdmin", "things", "ThingsService", "queryThings"]
        );
        assert_eq!(sdk.schema.method.arguments, ["query", "options"]);
        let names: Vec<_> = fields(&sdk.schema.signature.return_type.entries)
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, ["things", "_id", "_createdDate"]);
        let ExampleCode::JavaScript(code) = &sdk.examples[0].code else {
            panic!("expected a javascript example");
        };
        assert_eq!(code.imports.len(), 2);
        let import = sdk.module_import.as_ref().unwrap();
        assert_eq!(
            (import.name.as_str(), import.package.as_str()),
            ("things", "@wix/things")
        );
    }
}

/// The one error of `text` in both forms: its problem, and the page text at its position.
fn sole_error(text: &str) -> Vec<(Problem, String)> {
    errors(text)
        .into_iter()
        .map(|(page, diagnostics)| {
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            assert_eq!(
                errors.len(),
                1,
                "expected one error, got:\n{}",
                render(&diagnostics)
            );
            let at = errors[0].at.expect("errors are positioned");
            let here: String = page[at.offset..].chars().take(24).collect();
            (errors[0].problem.clone(), here)
        })
        .collect()
}

#[test]
fn a_truncated_page_is_an_error_at_its_end() {
    let text = multi_line(DEFAULT_PARAMS, DEFAULT_RETURN);
    let cut = &text[..text.find("Return type").unwrap()];
    for (problem, here) in sole_error(cut) {
        assert!(matches!(problem, Problem::Truncated { .. }), "{problem}");
        assert_eq!(here, "");
    }
}

#[test]
fn a_page_without_rest_schema_is_an_error() {
    let text = multi_line(DEFAULT_PARAMS, DEFAULT_RETURN);
    let start = text.find("### Schema").unwrap();
    let end = text.find("### Examples").unwrap();
    let text = format!("{}{}", &text[..start], &text[end..]);
    for (problem, _) in sole_error(&text) {
        assert!(
            matches!(&problem, Problem::MissingPart { part, .. } if part.contains("REST `### Schema`")),
            "{problem}"
        );
    }
}

#[test]
fn missing_url_and_http_method_are_errors() {
    let text = multi_line(DEFAULT_PARAMS, DEFAULT_RETURN);
    let no_url = text.replace(" URL: https://www.wixapis.com/things/v1/things/query\n", "");
    for (problem, here) in sole_error(&no_url) {
        assert!(
            matches!(problem, Problem::MissingSchemaKey { key: "URL:", .. }),
            "{problem}"
        );
        assert!(
            here.trim_start().starts_with("Method: queryThings"),
            "{here}"
        );
    }
    let no_method = text.replace(" Method: POST\n", "");
    for (problem, _) in sole_error(&no_method) {
        assert!(
            matches!(
                problem,
                Problem::MissingSchemaKey {
                    key: "Method: <HTTP method>",
                    ..
                }
            ),
            "{problem}"
        );
    }
    let unknown = text.replace(" Method: POST\n", " Method: FETCH\n");
    for (problem, here) in sole_error(&unknown) {
        assert!(
            matches!(problem, Problem::UnknownHttpMethod { .. }),
            "{problem}"
        );
        assert!(here.starts_with("FETCH"), "{here}");
    }
    let bad_url = text.replace("URL: https://www.wixapis.com", "URL: www.wixapis.com");
    for (problem, here) in sole_error(&bad_url) {
        assert!(matches!(problem, Problem::BadUrl { .. }), "{problem}");
        assert!(here.starts_with("www.wixapis.com"), "{here}");
    }
}

#[test]
fn a_field_without_type_is_an_error() {
    let params_text = "   param name: query | type: ThingQuery | required: true\n      - name: filter | description: Filter object.";
    for (problem, here) in sole_error(&multi_line(params_text, DEFAULT_RETURN)) {
        assert_eq!(
            problem,
            Problem::FieldWithoutType {
                field: "filter".into(),
                found: "`| description: Filter object.`".into()
            }
        );
        assert!(here.starts_with(" | description"), "{here}");
    }
}

#[test]
fn an_enum_without_values_is_an_error() {
    let returns_text = "  - name: status | type: Status | description: Status.\n     - enum:\n  - name: count | type: integer | description: Count.";
    for (problem, here) in sole_error(&multi_line(DEFAULT_PARAMS, returns_text)) {
        assert!(
            matches!(&problem, Problem::EnumWithoutValues { field, .. } if field == "status"),
            "{problem}"
        );
        assert!(here.starts_with("- enum:"), "{here}");
    }
}

#[test]
fn an_example_body_that_is_not_json_is_an_error_at_the_bad_token() {
    let text =
        multi_line(DEFAULT_PARAMS, DEFAULT_RETURN).replace("\"ready\": true", "\"ready\": yes");
    for (problem, here) in sole_error(&text) {
        assert!(
            matches!(problem, Problem::ExampleBodyNotJson { .. }),
            "{problem}"
        );
        assert!(here.starts_with("yes"), "{here}");
    }
}

#[test]
fn all_errors_of_a_page_are_reported_together() {
    let params_text = "   param name: query | type: ThingQuery | required: true\n      - name: filter | description: Filter object.";
    let text = multi_line(params_text, DEFAULT_RETURN)
        .replace(" Method: POST\n", " Method: FETCH\n")
        .replace("\"ready\": true", "\"ready\": yes");
    for (_, diagnostics) in errors(&text) {
        let kinds: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| std::mem::discriminant(&d.problem))
            .collect();
        assert_eq!(kinds.len(), 3, "{}", render(&diagnostics));
    }
}

#[test]
fn odd_but_usable_input_gives_warnings() {
    let params_text = "   param name: query | type: ThingQuery | required: true\n   param name: sendReminder | type: sendReminder | description: Whether to remind.\n   param name: options | type: Options  none ";
    let text = multi_line(params_text, DEFAULT_RETURN).replace(
        "'https://www.wixapis.com/things/v1/things/query'",
        "'https://www.wixapis.com/things/v2/query'",
    );
    for text in [text.clone(), collapse(&text)] {
        let read = read_page_text("test.md", &text).unwrap();
        let problems: Vec<_> = read.warnings.iter().map(|w| w.problem.clone()).collect();
        assert!(problems
            .iter()
            .any(|p| matches!(p, Problem::SuspiciousTypeName { ty, .. } if ty == "sendReminder")));
        assert!(problems
            .iter()
            .any(|p| matches!(p, Problem::IgnoredText { found, .. } if found == "`none`")));
        assert!(problems.iter().any(|p| matches!(p, Problem::ExampleUrlDiffers { example_path, .. } if example_path == "/things/v2/query")));
    }
}

#[test]
fn an_example_url_filling_the_schema_path_parameters_is_no_difference() {
    let text = multi_line(
        "   param name: query | type: ThingQuery | required: true",
        DEFAULT_RETURN,
    )
    .replace(
        "URL: https://www.wixapis.com/things/v1/things/query",
        "URL: https://www.wixapis.com/things/v1/{thing.id}/x-{kind}:cancel",
    );
    let differs = |example: &str| {
        let text = text.replace(
            "'https://www.wixapis.com/things/v1/things/query'",
            &format!("'https://www.wixapis.com{example}'"),
        );
        let read = read_page_text("test.md", &text).unwrap();
        read.warnings
            .iter()
            .any(|w| matches!(w.problem, Problem::ExampleUrlDiffers { .. }))
    };
    assert!(!differs("/things/v1/abc-123/x-big:cancel"));
    assert!(
        differs("/things/v1/abc/123/x-big:cancel"),
        "a parameter is one segment"
    );
    assert!(
        differs("/things/v1//x-big:cancel"),
        "a parameter is not empty"
    );
    assert!(differs("/things/v1/abc/y-big:cancel"));
    assert!(differs("/things/v1/abc/x-big:undo"));
}

#[test]
fn input_that_is_no_page_at_all_is_an_error() {
    for text in [
        "",
        "hello",
        "# Title\n\n# Package: x\n",
        "\u{feff}# T # Package: p",
    ] {
        let diagnostics = read_page_text("test.md", text).unwrap_err();
        assert!(diagnostics.iter().any(|d| d.is_error() && d.at.is_some()));
    }
    let diagnostics = super::read_page("test.md", b"# T\xff\xfe").unwrap_err();
    assert!(matches!(
        diagnostics[0].problem,
        Problem::NotUtf8 { valid_up_to: 3 }
    ));
}

#[test]
fn a_method_without_parameters_reads_with_none() {
    // `Method parameters:` directly followed by `Return type:`, as on a page
    // whose method takes no request body (Calculate Price).
    let text = multi_line("", DEFAULT_RETURN)
        .replace(" Required parameters: query, query.filter\n", "")
        .replace(" Method parameters: \n\n", " Method parameters:\n");
    assert!(text.contains(" Method parameters:\n Return type: QueryThingsResponse\n"));
    for page in both(&text) {
        let signature = &page.rest.schema.signature;
        assert!(signature.parameters.is_empty());
        assert!(signature.required_parameters.is_empty());
        assert_eq!(
            signature.return_type.ty.value,
            TypeRef::Named("QueryThingsResponse".into())
        );
        let names: Vec<_> = returns(&page).iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["things", "id"]);
        assert_eq!(page.rest.schema.possible_errors.len(), 1);
    }
}

#[test]
fn an_sdk_method_without_parameters_reads_with_none() {
    let text = multi_line(DEFAULT_PARAMS, DEFAULT_RETURN)
        .replace("queryThings(query, options)", "queryThings()")
        .replace(
            " Required parameters: query\n Method parameters: \n   param name: query | type: ThingQuery | required: true\n",
            " Method parameters:\n",
        );
    assert!(text.contains(" Method parameters:\n Return type: PROMISE\n"));
    for page in both(&text) {
        let sdk = page.sdk.as_ref().expect("the SDK section reads");
        assert!(sdk.schema.signature.parameters.is_empty());
        assert_eq!(
            fields(&sdk.schema.signature.return_type.entries).len(),
            3,
            "the return type keeps its entries"
        );
    }
}

#[test]
fn a_code_fence_in_a_description_does_not_end_the_schema_block() {
    // Snippets with and without an info string, one followed by a heading
    // (as a real closing fence is), one ending the description.
    let descriptions = [
        "Filter, for example: ```json { \"filter\": { \"status\": \"READY\" } } ``` More text.",
        "Filter: ```json {\"a\": [1, 2]} ``` ### Sorting ```js {\"b\": true} ``` --- More.",
        "Filter: ``` { \"plain\": true } ``` and after it, ``` [1] ```",
    ];
    for description in descriptions {
        let params_text = format!(
            "   param name: query | type: ThingQuery | required: true\n      - name: filter | type: object | description: {description}\n      - name: sort | type: array | description: Sorting."
        );
        for page in both(&multi_line(&params_text, DEFAULT_RETURN)) {
            let entries = params(&page);
            let names: Vec<_> = entries.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(
                names,
                ["filter", "sort"],
                "{description} in {:?}",
                page.layout
            );
            assert_eq!(entries[0].description.as_deref(), Some(description));
            let returned: Vec<_> = returns(&page).iter().map(|f| f.name.as_str()).collect();
            assert_eq!(
                returned,
                ["things", "id"],
                "{description} in {:?}",
                page.layout
            );
            assert_eq!(page.rest.schema.possible_errors.len(), 1);
            assert_eq!(page.rest.examples.len(), 1, "the examples still read");
        }
    }
    // A snippet right before the block's real closing fence.
    let text = multi_line(DEFAULT_PARAMS, DEFAULT_RETURN).replace(
        "The filter is invalid.",
        "The filter is invalid, as in ```json {\"x\": 1} ```",
    );
    for page in both(&text) {
        assert_eq!(
            page.rest.schema.possible_errors[0].description,
            "The filter is invalid, as in ```json {\"x\": 1} ```"
        );
        assert_eq!(page.rest.examples.len(), 1, "the examples still read");
    }
}

#[test]
fn a_description_snippet_left_open_is_a_truncated_block() {
    // An unbalanced snippet cannot be told from the block's own fence: the
    // block then runs to the end of the page, reported where it opened.
    let params_text = "   param name: query | type: ThingQuery | required: true\n      - name: filter | type: object | description: Filter: ```json {\"a\": 1}";
    let text = collapse(&multi_line(params_text, DEFAULT_RETURN));
    let diagnostics = read_page_text("test.md", &text).unwrap_err();
    assert!(
        diagnostics
            .iter()
            .any(|d| matches!(&d.problem, Problem::Truncated { block, .. } if block == "the REST schema block")),
        "{}",
        render(&diagnostics)
    );
}
