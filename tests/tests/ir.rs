//! The IR of the spec pages: an insta snapshot of its YAML dump (what
//! `cargo xtask ir` prints), and the dump is deterministic.

#[test]
fn ir_snapshot() {
    let yaml = tests::spec_ir().to_yaml().expect("the IR serializes");
    insta::assert_snapshot!("ir", yaml);
}

#[test]
fn ir_is_deterministic() {
    let first = tests::spec_ir().to_yaml().expect("the IR serializes");
    let second = tests::spec_ir().to_yaml().expect("the IR serializes");
    assert_eq!(first, second);
}

/// Every reference names a type of its package; a module's type refers only
/// to its own module's types and the shared platform types, and a shared
/// type only to shared ones; types are sorted by id, so lookups find them.
#[test]
fn every_reference_names_a_type_in_scope() {
    for package in tests::spec_ir().packages {
        let ids: Vec<_> = package.types.iter().map(codegen::ir::TypeDef::id).collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "types are sorted by id"
        );
        for module in &package.modules {
            for method in &module.methods {
                for name in [&method.request, &method.response] {
                    let id = package.resolve(&module.name, name);
                    assert!(package.type_def(&id).is_some(), "{name} is not defined");
                }
            }
        }
        for ty in &package.types {
            let codegen::ir::TypeKind::Object { fields, .. } = &ty.kind else {
                continue;
            };
            for field in fields {
                let Some(target) = field.ty.referenced() else {
                    continue;
                };
                assert!(
                    package.type_def(target).is_some(),
                    "{}: `{target:?}` is referenced but not defined",
                    package.npm
                );
                assert!(
                    target.module.is_none() || target.module == ty.module,
                    "{}.{} of module {:?} refers to {target:?} of another module",
                    ty.name,
                    field.name,
                    ty.module
                );
            }
        }
    }
}
