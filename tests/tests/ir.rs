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

#[test]
fn every_reference_names_a_type_of_its_package() {
    for package in tests::spec_ir().packages {
        let names: Vec<&str> = package.types.iter().map(|t| t.name.as_str()).collect();
        let mut referenced: Vec<String> = Vec::new();
        for method in package.modules.iter().flat_map(|m| &m.methods) {
            referenced.push(method.request.clone());
            referenced.push(method.response.clone());
        }
        for ty in &package.types {
            if let codegen::ir::TypeKind::Object { fields, .. } = &ty.kind {
                for field in fields {
                    let mut t = &field.ty;
                    while let codegen::ir::Type::Array(inner) = t {
                        t = inner;
                    }
                    if let codegen::ir::Type::Ref(name) = t {
                        referenced.push(name.clone());
                    }
                }
            }
        }
        for name in referenced {
            assert!(
                names.contains(&name.as_str()),
                "{}: `{name}` is referenced but not defined",
                package.npm
            );
        }
    }
}
