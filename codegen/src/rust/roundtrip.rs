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

/// [`roundtrip_tests`] for `ir` named by `plan` (`CratePlan::of(ir)`,
/// computed once by the caller).
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
                let sample = super::json_text(
                    &Sampler {
                        package,
                        unknown_values,
                    }
                    .object(&response_id, &mut Vec::new()),
                );
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
    test_files(&[
        ("generated/tests/roundtrip.rs", root, String::new()),
        ("generated/tests/roundtrip/cases.rs", tokens, package_mods),
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
    let mut laid_out = laid_out.into_iter();
    let mut lines = Lines::default();
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
            let mut lines = Lines::default();
            lines.items(tokens);
            lines.push_laid_out(modules);
            GeneratedFile {
                path: (*path).to_owned(),
                contents: format!("{}\n{}", crate::generate::RUST_HEADER, lines.finish()),
            }
        })
        .collect()
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
