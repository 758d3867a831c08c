//! Every entry of the common-types catalogue (`codegen/src/recovery/catalogue.yaml`)
//! is checked against every page where the type occurs: the IR type built from
//! the pages has only fields the catalogue lists, each of the type the
//! catalogue gives, and an enum has the catalogue's values. The catalogue is
//! knowledge recovery relies on, so a page that contradicts it fails here.

use codegen::ir::{Type, TypeId, TypeKind};
use codegen::page::TypeRef;
use codegen::recovery::catalogue::{Catalogue, CommonType};

/// Whether an IR type is what the catalogue writes (as a page would).
fn agrees(ir: &Type, written: &TypeRef) -> bool {
    match (ir, written) {
        (Type::String { .. }, TypeRef::String)
        | (Type::Integer, TypeRef::Integer)
        | (Type::Number, TypeRef::Number)
        | (Type::Boolean, TypeRef::Boolean)
        | (Type::Object, TypeRef::Object) => true,
        (Type::Ref(id), TypeRef::Named(written)) => &id.name == written,
        (Type::Array(inner), TypeRef::Array(Some(written))) => agrees(inner, written),
        _ => false,
    }
}

#[test]
fn the_pages_agree_with_the_catalogue() {
    let catalogue = Catalogue::builtin();
    let ir = tests::spec_ir();
    let mut checked = Vec::new();
    for package in &ir.packages {
        for ty in &package.types {
            let Some(common) = catalogue.types.get(&ty.name) else {
                continue;
            };
            match (common, &ty.kind) {
                (CommonType::Object(known), TypeKind::Object { fields, .. }) => {
                    for field in fields {
                        let written = known.get(&field.name).unwrap_or_else(|| {
                            panic!(
                                "{}: the pages give `{}` a field `{}` the catalogue does not list (occurrences: {:?})",
                                package.npm, ty.name, field.name, ty.occurrences
                            )
                        });
                        assert!(
                            agrees(&field.ty, written),
                            "{}: `{}.{}` is `{}` on the pages but `{written}` in the catalogue",
                            package.npm,
                            ty.name,
                            field.name,
                            field.ty
                        );
                    }
                }
                (CommonType::Enum(values), TypeKind::Enum { values: shown }) => {
                    let shown: Vec<&str> = shown.iter().map(|v| v.name.as_str()).collect();
                    assert_eq!(shown, *values, "{}: enum `{}`", package.npm, ty.name);
                }
                _ => panic!(
                    "{}: `{}` is an object in one of the catalogue and the pages, an enum in the other",
                    package.npm, ty.name
                ),
            }
            checked.push(ty.name.clone());
        }
    }
    // The spec pages show every catalogue type, so each entry was checked.
    checked.sort();
    checked.dedup();
    let all: Vec<String> = catalogue.types.keys().cloned().collect();
    assert_eq!(checked, all, "catalogue types no spec page shows");
}

#[test]
fn the_check_can_fail() {
    // The comparison rejects what it must.
    assert!(!agrees(&Type::Integer, &TypeRef::String));
    assert!(!agrees(
        &Type::Ref(TypeId::shared("Cursors")),
        &TypeRef::Named("Sorting".to_owned())
    ));
    assert!(agrees(
        &Type::Array(Box::new(Type::Ref(TypeId::shared("Sorting")))),
        &TypeRef::Array(Some(Box::new(TypeRef::Named("Sorting".to_owned()))))
    ));
}
