//! The generated crate's round-trip tests (`generated/tests/roundtrip.rs`):
//! every curl example's body must deserialize into its method's request type
//! and serialize back to the same JSON value, and for every method a response
//! holding every documented field (plus a field and an enum value the docs do
//! not list) must survive the same trip. The samples are built from the IR,
//! so a new page brings its own tests.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};

use super::layout::{Flat, Lines};
use super::names::to_ident;
use super::plan::{CratePlan, ModulePlan, PackagePlan};
use crate::generate::GeneratedFile;
use crate::ir::{Ir, Module, Package, StringFormat, Type, TypeId, TypeKind};

/// The key of the field no page documents, added to every sample object.
pub const UNKNOWN_FIELD: &str = "fieldTheDocsDoNotList";

/// The enum value no page documents, used in the second sample.
pub const UNKNOWN_VALUE: &str = "VALUE_THE_DOCS_DO_NOT_LIST";

/// The generated test files: the test crate root, which only declares the
/// cases module so `cargo fmt` leaves the prettyplease-formatted cases alone,
/// and the cases.
///
/// # Panics
///
/// When the emitted tokens do not parse: a bug in this module.
pub fn roundtrip_tests(ir: &Ir) -> Vec<GeneratedFile> {
    roundtrip_tests_planned(ir, &CratePlan::of(ir))
}

/// The files [`roundtrip_tests_planned`] makes: the test crate's root and its cases.
pub const PATHS: [&str; 2] = [
    "generated/tests/roundtrip.rs",
    "generated/tests/roundtrip/cases.rs",
];

/// [`roundtrip_tests`] for `ir` named by `plan` (`CratePlan::of(ir)`,
/// computed once by the caller): the files of [`PATHS`].
///
/// # Panics
///
/// When the emitted tokens do not parse: a bug in this module.
pub fn roundtrip_tests_planned(ir: &Ir, plan: &CratePlan) -> Vec<GeneratedFile> {
    let package_mods = test_modules(ir, plan, |package, package_plan, module, module_plan| {
        let mut tests = Vec::new();
        let type_name = |id: &TypeId| to_ident(&package_plan.type_name(id));
        for (method, test_name) in module.methods.iter().zip(&module_plan.tests) {
            let response_id = package.resolve(&module.name, &method.response);
            let request = type_name(&package.resolve(&module.name, &method.request));
            let response = type_name(&response_id);
            for (index, example) in method.request_examples.iter().enumerate() {
                let mut test = Flat::at(2);
                test.docs(
                    0,
                    &[format!(
                        "The curl example {} of {}.",
                        super::docs::rustdoc_code_span(&example.title),
                        super::docs::rustdoc_code_span(&method.name)
                    )],
                );
                round_trip_test(
                    &mut test,
                    &format_ident!("{}_example_{}_round_trips", test_name, index + 1),
                    &request,
                    &super::json_text(&example.body),
                );
                tests.push(test);
            }
            for (suffix, unknown_values) in [("documented", false), ("undocumented", true)] {
                let sample = Sampler {
                    package,
                    unknown_values,
                }
                .object_json(&response_id);
                let mut test = Flat::at(2);
                round_trip_test(
                    &mut test,
                    &format_ident!("{}_full_response_{}_values_round_trips", test_name, suffix),
                    &response,
                    &sample,
                );
                tests.push(test);
            }
        }
        tests
    });
    let root = quote! {
        //! Round trips through the bindings: JSON -> typed value -> JSON gives
        //! the same JSON value, for every curl example's request body and for a
        //! full response of every method (every documented field, a field the
        //! docs do not list, and documented or undocumented enum values).
        //!
        //! One thing is not kept: a documented optional field sent as `null`
        //! reads as absent (as Wix's gateway reads it) and is not written
        //! back, so `null` members are dropped before comparing.

        #[rustfmt::skip]
        #[path = "roundtrip/cases.rs"]
        mod cases;
    };
    let without_null_members = without_null_members_fn();
    let tokens = quote! {
        //! The round-trip cases, one test per curl example and two per method.

        /// Deserializes `json` into `T`, serializes it back and compares values.
        #[allow(dead_code)]
        fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {
            let value: serde_json::Value = serde_json::from_str(json).expect("the sample is JSON");
            let typed: T = serde_json::from_value(value.clone())
                .unwrap_or_else(|error| panic!("does not deserialize: {error}\n{json}"));
            let back = serde_json::to_value(&typed).expect("serializes");
            assert_eq!(without_null_members(back), without_null_members(value), "the round trip changed the JSON");
        }

        #without_null_members
    };
    let [root_path, cases_path] = PATHS;
    test_files(&[
        (root_path, root, String::new()),
        (cases_path, tokens, package_mods),
    ])
}

/// One round-trip test: `json` through type `api::<ty>`.
fn round_trip_test(
    test: &mut Flat,
    name: &proc_macro2::Ident,
    ty: &proc_macro2::Ident,
    json: &str,
) {
    test.code(0, "#[test]")
        .unbreakable(0, format_args!("fn {name}() {{"))
        .unbreakable(
            1,
            format_args!("let json = {};", super::str_literal_source(json)),
        )
        .code(
            1,
            format_args!("crate::cases::round_trip::<api::{ty}>(json);"),
        )
        .code(0, "}");
}

/// The test modules of a generated test file, laid out: a module per
/// package, in it a module per SDK module (behind the module's Cargo
/// feature) holding the tests `module_tests` makes for it (each written at
/// depth 2), which reach the module's types as `api::<Type>`. The SDK modules
/// are built and laid out on every core.
pub(super) fn test_modules(
    ir: &Ir,
    plan: &CratePlan,
    module_tests: impl Fn(&Package, &PackagePlan, &Module, &ModulePlan) -> Vec<Flat> + Sync,
) -> String {
    use rayon::prelude::*;
    let mut modules = Vec::new();
    for (package, package_plan) in ir.packages.iter().zip(&plan.packages) {
        for (module, module_plan) in package.modules.iter().zip(&package_plan.modules) {
            modules.push((package, package_plan, module, module_plan));
        }
    }
    let laid_out: Vec<String> = modules
        .par_iter()
        .with_max_len(1)
        .map(|&(package, package_plan, module, module_plan)| {
            let module_mod = to_ident(&module_plan.module);
            let doc = format!(
                " The module {} of {}.",
                super::docs::rustdoc_code_span(&module.name),
                super::docs::rustdoc_code_span(&package.npm)
            );
            let inception = module_plan.module == package_plan.module;
            let module_feature = &module_plan.feature;
            let mut lines = Lines::default();
            let tests = module_tests(package, package_plan, module, module_plan);
            let mut head = Flat::default();
            head.docs(0, &[doc.trim_start().to_owned()]).code(
                0,
                format_args!(
                    "#[cfg(feature = {})]",
                    super::layout::string_token(module_feature)
                ),
            );
            if inception {
                head.code(0, "#[allow(clippy::module_inception)]");
            }
            head.code(0, format_args!("mod {module_mod} {{")).code(
                1,
                format_args!(
                    "use ::wix_apis::{}::{module_mod} as api;",
                    to_ident(&package_plan.module)
                ),
            );
            // Each test is laid out on its own, so one that does not fit
            // costs prettyplease that test, not the module.
            lines.module(&["mod w {"], &head, &tests);
            lines.finish()
        })
        .collect();
    // The modules' text and a few lines per package, in one allocation.
    let size = laid_out.iter().map(String::len).sum::<usize>() + ir.packages.len() * 256;
    let mut laid_out = laid_out.into_iter();
    let mut lines = Lines::with_capacity(size);
    for (package, package_plan) in ir.packages.iter().zip(&plan.packages) {
        let mut doc = Flat::default();
        doc.docs(
            0,
            &[format!(
                "The package {}.",
                super::docs::rustdoc_code_span(&package.npm)
            )],
        );
        lines.member(&[], &doc);
        let package_mod = to_ident(&package_plan.module);
        if package.modules.is_empty() {
            lines.line(0, &format!("mod {package_mod} {{}}"));
            continue;
        }
        lines.line(0, &format!("mod {package_mod} {{"));
        for _ in &package.modules {
            lines.push_laid_out(&laid_out.next().unwrap_or_default());
        }
        lines.line(0, "}");
    }
    lines.finish()
}

/// The generated test helper that drops `null` object members before two
/// JSON values are compared (a documented optional field sent as `null`
/// reads as absent and is not written back).
pub(super) fn without_null_members_fn() -> TokenStream {
    quote! {
        /// `value` with every object member whose value is `null` removed.
        #[allow(dead_code)]
        fn without_null_members(value: serde_json::Value) -> serde_json::Value {
            match value {
                serde_json::Value::Object(members) => members
                    .into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k, without_null_members(v)))
                    .collect(),
                serde_json::Value::Array(items) => items.into_iter().map(without_null_members).collect(),
                other => other,
            }
        }
    }
}

/// Generated test files from their tokens (laid out by prettyplease), each
/// followed by its test modules ([`test_modules`]) and headed by the
/// generated marker.
///
/// # Panics
///
/// When tokens do not parse: a bug in the emitter that made them.
pub(super) fn test_files(files: &[(&str, TokenStream, String)]) -> Vec<GeneratedFile> {
    files
        .iter()
        .map(|(path, tokens, modules)| {
            let mut items = Lines::default();
            items.items(tokens);
            let items = items.finish();
            // The test modules are most of the file (tens of MB at scale):
            // copied once, into a text of their size.
            let header = crate::generate::RUST_HEADER;
            let mut lines = Lines::with_capacity(header.len() + 1 + items.len() + modules.len());
            lines.push_laid_out(header);
            lines.push_laid_out("\n");
            lines.push_laid_out(&items);
            lines.push_laid_out(modules);
            GeneratedFile {
                path: (*path).to_owned(),
                contents: lines.finish(),
            }
        })
        .collect()
}

/// Whether [`Sampler::value`] leaves a field of type `ty` out (it would
/// recurse).
fn left_out(ty: &Type, on_way: &[TypeId]) -> bool {
    match ty {
        Type::Array(inner) => left_out(inner, on_way),
        Type::Ref(id) => on_way.contains(id),
        _ => false,
    }
}

/// A JSON string, escaped as `serde_json` escapes it.
fn write_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    crate::json::escape_into(out, text);
    out.push(b'"');
}

/// Builds a JSON sample holding every documented field of a type (and a
/// field the docs do not list).
pub(super) struct Sampler<'a> {
    /// The package the types are looked up in.
    pub(super) package: &'a Package,
    /// Whether enums take a value the docs do not list.
    pub(super) unknown_values: bool,
}

impl Sampler<'_> {
    /// A sample of object type `name`; fields of types already being built
    /// (recursion) are left out.
    pub(super) fn object(&self, id: &TypeId, on_way: &mut Vec<TypeId>) -> Value {
        let Some(ty) = self.package.type_def(id) else {
            return json!({});
        };
        match &ty.kind {
            TypeKind::Enum { values } => {
                if self.unknown_values || values.is_empty() {
                    Value::String(UNKNOWN_VALUE.to_owned())
                } else {
                    Value::String(values[values.len() / 2].name.clone())
                }
            }
            TypeKind::Object { fields, .. } => {
                on_way.push(id.clone());
                let mut object = Map::new();
                for field in fields {
                    if let Some(value) = self.value(&field.ty, on_way) {
                        object.insert(field.name.clone(), value);
                    }
                }
                object.insert(UNKNOWN_FIELD.to_owned(), json!({"kept": [1, "two", null]}));
                on_way.pop();
                Value::Object(object)
            }
        }
    }

    /// [`Sampler::object`] as compact JSON text (as `serde_json` writes it),
    /// written without building the value.
    pub(super) fn object_json(&self, id: &TypeId) -> String {
        let mut out = Vec::with_capacity(1024);
        self.write_object(id, &mut Vec::new(), &mut out);
        // Only `str`s and ASCII were written.
        String::from_utf8(out)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }

    fn write_object(&self, id: &TypeId, on_way: &mut Vec<TypeId>, out: &mut Vec<u8>) {
        let Some(ty) = self.package.type_def(id) else {
            out.extend_from_slice(b"{}");
            return;
        };
        match &ty.kind {
            TypeKind::Enum { values } => {
                let value = if self.unknown_values || values.is_empty() {
                    UNKNOWN_VALUE
                } else {
                    &values[values.len() / 2].name
                };
                write_string(out, value);
            }
            // The type's field names are unique (the IR merges a name's
            // occurrences); a field named like the undocumented one would
            // be replaced by it in place, which the value does.
            TypeKind::Object { fields, .. }
                if fields.iter().any(|field| field.name == UNKNOWN_FIELD) =>
            {
                let value = self.object(id, on_way);
                if serde_json::to_writer(&mut *out, &value).is_err() {
                    out.extend_from_slice(b"null");
                }
            }
            TypeKind::Object { fields, .. } => {
                on_way.push(id.clone());
                out.push(b'{');
                for field in fields {
                    if left_out(&field.ty, on_way) {
                        continue;
                    }
                    write_string(out, &field.name);
                    out.push(b':');
                    self.write_value(&field.ty, on_way, out);
                    out.push(b',');
                }
                write_string(out, UNKNOWN_FIELD);
                out.extend_from_slice(br#":{"kept":[1,"two",null]}}"#);
                on_way.pop();
            }
        }
    }

    /// [`Sampler::value`] as JSON text, for a type it does not leave out.
    fn write_value(&self, ty: &Type, on_way: &mut Vec<TypeId>, out: &mut Vec<u8>) {
        let text: &[u8] = match ty {
            Type::String { format: None } => br#""text""#,
            Type::String {
                format: Some(StringFormat::DateTime),
            } => br#""2024-01-05T10:00:00.000Z""#,
            Type::String {
                format: Some(StringFormat::LocalDateTime),
            } => br#""2024-01-05T10:00:00""#,
            Type::Integer => b"7",
            Type::Number => b"1.5",
            Type::Boolean => b"true",
            Type::Object => br#"{"any":{"json":[true]}}"#,
            Type::Any => br#"["any",1,{"json":null}]"#,
            Type::Array(inner) => {
                out.push(b'[');
                self.write_value(inner, on_way, out);
                out.push(b']');
                return;
            }
            Type::Ref(id) => {
                self.write_object(id, on_way, out);
                return;
            }
        };
        out.extend_from_slice(text);
    }

    fn value(&self, ty: &Type, on_way: &mut Vec<TypeId>) -> Option<Value> {
        Some(match ty {
            Type::String { format: None } => json!("text"),
            Type::String {
                format: Some(StringFormat::DateTime),
            } => json!("2024-01-05T10:00:00.000Z"),
            Type::String {
                format: Some(StringFormat::LocalDateTime),
            } => json!("2024-01-05T10:00:00"),
            Type::Integer => json!(7),
            Type::Number => json!(1.5),
            Type::Boolean => json!(true),
            Type::Object => json!({"any": {"json": [true]}}),
            Type::Any => json!(["any", 1, {"json": null}]),
            Type::Array(inner) => Value::Array(vec![self.value(inner, on_way)?]),
            Type::Ref(id) => {
                if on_way.contains(id) {
                    return None;
                }
                self.object(id, on_way)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Field;

    fn field(name: &str, ty: Type) -> Field {
        Field {
            name: name.to_owned(),
            ty,
            required: false,
            description: None,
            constraints: Vec::new(),
        }
    }

    /// The text written directly is the value's text, for every type of a
    /// corpus (with recursion and enums) and for a type with a field named
    /// like the undocumented one.
    #[test]
    fn samples_written_as_text_are_the_values_text() {
        let pipeline = crate::corpus::run_corpus(60, crate::corpus::Form::Mixed);
        let mut ir = pipeline.ir.expect("the corpus has an IR");
        let package = &mut ir.packages[0];
        let mut clash = package.types[0].clone();
        clash.name = "Clash".to_owned();
        clash.kind = TypeKind::Object {
            fields: vec![
                field("a", Type::Integer),
                field(UNKNOWN_FIELD, Type::Boolean),
                field("self", Type::Array(Box::new(Type::Ref(clash.id().to_id())))),
                field("é\"\n", Type::Any),
            ],
            one_of_groups: Vec::new(),
        };
        package.types.push(clash);
        let mut checked = 0;
        for package in &ir.packages {
            for ty in &package.types {
                for unknown_values in [false, true] {
                    let sampler = Sampler {
                        package,
                        unknown_values,
                    };
                    let id = ty.id().to_id();
                    let value = sampler.object(&id, &mut Vec::new());
                    assert_eq!(sampler.object_json(&id), super::super::json_text(&value));
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
