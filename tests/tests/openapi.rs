//! The OpenAPI document of the spec pages: every `$ref` resolves to a
//! component, and the real validator (`openapi-spec-validator`, Python, the
//! version `.ci/run` installs) accepts it and rejects broken documents.
//!
//! The validator is required: without `python3` or the package these tests
//! fail and say how to install it.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};

const SCHEMAS: &str = "#/components/schemas/";

/// The document rendered from the spec pages' IR.
fn spec_document() -> (codegen::ir::Ir, String) {
    let ir = tests::spec_ir();
    let text = codegen::openapi::render(&ir);
    (ir, text)
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("the OpenAPI document is JSON")
}

/// Every `$ref` in the document (extensions included) that does not name an
/// existing component schema.
fn dangling_refs(document: &Value) -> Vec<String> {
    fn walk(value: &Value, schemas: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    if key == "$ref" {
                        let resolves = value
                            .as_str()
                            .and_then(|target| target.strip_prefix(SCHEMAS))
                            .is_some_and(|name| schemas.get(name).is_some());
                        if !resolves {
                            out.push(value.to_string());
                        }
                    } else {
                        walk(value, schemas, out);
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, schemas, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(document, &document["components"]["schemas"], &mut out);
    out
}

fn ref_count(value: &Value) -> usize {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| usize::from(key == "$ref") + ref_count(value))
            .sum(),
        Value::Array(items) => items.iter().map(ref_count).sum(),
        _ => 0,
    }
}

#[test]
fn every_ref_resolves_and_everything_is_there() {
    let (ir, text) = spec_document();
    assert_eq!(
        text,
        codegen::openapi::render(&ir),
        "rendering is deterministic"
    );
    let document = parse(&text);
    assert_eq!(document["openapi"], "3.0.3");
    assert!(ref_count(&document) > 0, "the document has refs to check");
    let dangling = dangling_refs(&document);
    assert!(dangling.is_empty(), "refs to no component: {dangling:?}");

    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("components.schemas is an object");
    for key in schemas.keys() {
        assert!(
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
            "component key {key:?} does not match ^[a-zA-Z0-9.-_]+$"
        );
    }
    let types: usize = ir.packages.iter().map(|p| p.types.len()).sum();
    assert_eq!(schemas.len(), types, "one schema per IR type");

    let mut operation_ids = Vec::new();
    for item in document["paths"].as_object().expect("paths").values() {
        for (key, operation) in item.as_object().expect("a path item") {
            if ["get", "put", "post", "delete", "patch"].contains(&key.as_str()) {
                operation_ids.push(operation["operationId"].as_str().expect("operationId"));
            }
        }
    }
    let methods: Vec<&codegen::ir::Method> = ir
        .packages
        .iter()
        .flat_map(|p| &p.modules)
        .flat_map(|m| &m.methods)
        .collect();
    assert!(!methods.is_empty(), "the spec pages have methods");
    assert_eq!(
        operation_ids.len(),
        methods.len(),
        "one operation per method"
    );
    for method in methods {
        assert!(
            operation_ids.iter().any(|id| *id == method.operation_id
                || id.ends_with(&format!(".{}", method.operation_id))),
            "no operation for {}",
            method.operation_id
        );
    }
}

/// The validator version `.ci/run` pins.
fn pinned_validator() -> String {
    let ci =
        std::fs::read_to_string(tests::repo_root().join(".ci/run")).expect(".ci/run is readable");
    let pin = ci
        .split_whitespace()
        .find(|word| word.starts_with("openapi-spec-validator=="))
        .expect(".ci/run installs openapi-spec-validator==<version>");
    pin.trim_matches(|c| c == '"' || c == '\'').to_owned()
}

/// Fails, saying how to install it, unless `python3` can import the validator.
fn require_validator() {
    let install = format!(
        "the OpenAPI check needs the Python package openapi-spec-validator; install it with:\n    python3 -m pip install {}",
        pinned_validator()
    );
    match Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output()
    {
        Err(error) => panic!("cannot run python3 ({error});\n{install}"),
        Ok(output) if !output.status.success() => panic!(
            "python3 cannot import openapi_spec_validator:\n{}\n{install}",
            String::from_utf8_lossy(&output.stderr).trim()
        ),
        Ok(_) => {}
    }
}

/// Runs the validator on `document` (written to a file named `name`):
/// `Ok` with its output when it accepts the document, `Err` with its output
/// when it rejects it.
fn validate(name: &str, document: &str) -> Result<String, String> {
    require_validator();
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, document).expect("the temp file is writable");
    let output = Command::new("python3")
        .args(["-m", "openapi_spec_validator", "--schema", "3.0"])
        .arg(&path)
        .output()
        .expect("python3 runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(text)
    } else {
        Err(text)
    }
}

#[test]
fn the_validator_accepts_the_document() {
    let (_, text) = spec_document();
    match validate("openapi-spec.json", &text) {
        Ok(output) => assert!(
            output.contains("OK"),
            "unexpected validator output: {output}"
        ),
        Err(output) => panic!("openapi-spec-validator rejects the document:\n{output}"),
    }
}

/// The first schema that has a property, and that property's name.
fn some_property(document: &Value) -> (String, String) {
    document["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .iter()
        .find_map(|(key, schema)| {
            let property = schema["properties"].as_object()?.keys().next()?;
            Some((key.clone(), property.clone()))
        })
        .expect("some schema has a property")
}

#[test]
fn the_validator_rejects_broken_documents() {
    let (_, text) = spec_document();
    let document = parse(&text);
    let (schema, property) = some_property(&document);

    // A ref to no component: the ref check above and the validator both catch it.
    let mut dangling = document.clone();
    dangling["components"]["schemas"][&schema]["properties"][&property] =
        json!({ "$ref": "#/components/schemas/NoSuchSchema" });
    assert_eq!(
        dangling_refs(&dangling),
        ["\"#/components/schemas/NoSuchSchema\""]
    );

    // A type OpenAPI does not have.
    let mut wrong_type = document.clone();
    wrong_type["components"]["schemas"][&schema]["properties"][&property] =
        json!({ "type": "text" });

    // A default outside its own limit.
    let mut bad_default = document.clone();
    bad_default["components"]["schemas"][&schema]["properties"][&property] =
        json!({ "type": "integer", "default": 5, "maximum": 3 });

    for (name, broken, expected) in [
        ("dangling-ref", dangling, "NoSuchSchema"),
        ("wrong-type", wrong_type, "Validation Error"),
        (
            "bad-default",
            bad_default,
            "5 is greater than the maximum of 3",
        ),
    ] {
        let text = serde_json::to_string_pretty(&broken).expect("JSON");
        match validate(&format!("openapi-broken-{name}.json"), &text) {
            Ok(output) => panic!("the validator accepts the broken document ({name}): {output}"),
            Err(output) => assert!(
                output.contains(expected),
                "the validator rejects {name} for another reason than expected ({expected}):\n{output}"
            ),
        }
    }
}
