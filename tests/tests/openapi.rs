//! The OpenAPI document of the spec pages: every `$ref` resolves to a
//! component, and the real validator (`openapi-spec-validator`, Python)
//! accepts it and rejects broken documents.
//!
//! The test gets the validator itself: the first run pip-installs the pinned
//! version into the cargo target directory (`<target>/tmp/`), later runs and
//! other test processes reuse it. It needs `python3` with pip, and the Python
//! package index the first time; without them these tests fail and say what
//! is missing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

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
    assert_eq!(
        schemas.len(),
        types + codegen::openapi::ERROR_SCHEMAS.len(),
        "one schema per IR type, and Wix's error body"
    );
    for key in codegen::openapi::ERROR_SCHEMAS {
        assert_eq!(schemas[key]["title"], key, "{key} is the error body's");
    }

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
    for method in &methods {
        assert!(
            operation_ids.iter().any(|id| *id == method.operation_id
                || id.ends_with(&format!(".{}", method.operation_id))),
            "no operation for {}",
            method.operation_id
        );
    }

    // Every documented application error is under its HTTP status.
    let documented: usize = methods.iter().map(|m| m.possible_errors.len()).sum();
    assert!(documented > 0, "the spec pages document errors");
    for method in methods {
        let operation =
            &document["paths"][&method.path][method.http_method.as_str().to_lowercase()];
        for error in &method.possible_errors {
            let listed = operation["responses"][error.http_code.to_string()]
                ["x-wix-application-errors"]
                .as_array()
                .is_some_and(|errors| errors.iter().any(|e| e["code"] == error.code.as_str()));
            assert!(
                listed,
                "{} {} is not a response of {}",
                error.http_code, error.code, method.name
            );
        }
    }
}

/// The validator the check runs, pinned.
const VALIDATOR_PACKAGE: &str = "openapi-spec-validator";
const VALIDATOR_VERSION: &str = "0.9.0";

/// `python3` with the pinned validator importable from `packages`.
struct Validator {
    packages: PathBuf,
}

impl Validator {
    /// `python3` (user site-packages off) that imports from `packages` first.
    fn python(packages: &Path) -> Command {
        let mut command = Command::new("python3");
        command.arg("-s").env("PYTHONPATH", packages);
        command
    }

    /// Whether `packages` holds the pinned validator, as `python3` sees it.
    fn installed_in(packages: &Path) -> bool {
        packages.is_dir()
            && Validator::python(packages)
                .args([
                    "-c",
                    "import importlib.metadata as m, openapi_spec_validator; print(m.version('openapi-spec-validator'))",
                ])
                .output()
                .is_ok_and(|output| {
                    output.status.success()
                        && String::from_utf8_lossy(&output.stdout).trim() == VALIDATOR_VERSION
                })
    }
}

/// The validator, installed on first use. Concurrent test processes each
/// install into a directory of their own and rename it into place: the
/// first rename wins, the others find it there and drop theirs, so no
/// process ever sees a half-installed directory.
fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Result<Validator, String>> = OnceLock::new();
    match VALIDATOR.get_or_init(install_validator) {
        Ok(validator) => validator,
        Err(message) => panic!("{message}"),
    }
}

fn install_validator() -> Result<Validator, String> {
    let pin = format!("{VALIDATOR_PACKAGE}=={VALIDATOR_VERSION}");
    let version = Command::new("python3")
        .args(["-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
        .output()
        .map_err(|error| {
            format!(
                "the OpenAPI check runs the Python package {pin}, but `python3` does not run ({error}): install Python 3 with pip"
            )
        })?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    // Per Python version: the validator's dependencies include compiled wheels.
    let packages = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{VALIDATOR_PACKAGE}-{VALIDATOR_VERSION}-python{version}"
    ));
    if Validator::installed_in(&packages) {
        return Ok(Validator { packages });
    }
    let unique = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    if packages.exists() {
        // Broken (an interrupted copy by hand, another Python): set it aside.
        let aside = packages.with_extension(format!("broken-{unique}"));
        if std::fs::rename(&packages, &aside).is_ok() {
            let _ = std::fs::remove_dir_all(&aside);
        }
    }
    let staging = packages.with_extension(format!("partial-{unique}"));
    let output = Command::new("python3")
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            "--target",
        ])
        .arg(&staging)
        .arg(&pin)
        .output();
    let failed = match &output {
        Err(error) => Some(error.to_string()),
        Ok(output) if !output.status.success() => Some(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )),
        Ok(_) => None,
    };
    if let Some(reason) = failed {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(format!(
            "the OpenAPI check runs the Python package {pin}, and installing it into {} failed:\n{}\nIt needs `python3 -m pip` and, the first time, access to PyPI. To install it by hand:\n    python3 -m pip install --target {} {pin}",
            packages.display(),
            reason.trim(),
            packages.display()
        ));
    }
    if std::fs::rename(&staging, &packages).is_err() {
        // Another test process got there first.
        let _ = std::fs::remove_dir_all(&staging);
    }
    if Validator::installed_in(&packages) {
        Ok(Validator { packages })
    } else {
        Err(format!(
            "{pin} was installed into {}, but `python3` cannot import that version from there; delete the directory and rerun the tests",
            packages.display()
        ))
    }
}

/// Runs the validator on `document` (written to a file named `name`):
/// `Ok` with its output when it accepts the document, `Err` with its output
/// when it rejects it.
fn validate(name: &str, document: &str) -> Result<String, String> {
    let validator = validator();
    // Per process: test runs of two clones may share the target directory.
    let path =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{}-{name}", std::process::id()));
    std::fs::write(&path, document).expect("the temp file is writable");
    let output = Validator::python(&validator.packages)
        .args(["-m", "openapi_spec_validator", "--schema", "3.0"])
        .arg(&path)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_file(&path);
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
