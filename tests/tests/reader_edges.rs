//! Real pages at the reader's edges, kept as fixtures in `tests/fixtures/`
//! (test data, not specs): Calculate Price, a method whose REST schema has
//! `Method parameters:` directly followed by `Return type:`, in both capture
//! forms (from the synthetic bookings pages).

use codegen::page::{Entry, TypeRef};
use codegen::source::Layout;

fn fixture(name: &str) -> String {
    let path = tests::repo_root().join("tests/fixtures").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

#[test]
fn a_method_without_parameters_reads_in_both_forms() {
    for (name, layout) in [
        ("calculate-price/multi-line.md", Layout::MultiLine),
        ("calculate-price/one-line.md", Layout::Collapsed),
    ] {
        let read = codegen::read_page_text(name, &fixture(name)).unwrap_or_else(|diagnostics| {
            let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            panic!("{name} does not read:\n{}", shown.join("\n"))
        });
        let page = read.page;
        assert_eq!(page.layout, layout, "{name}");
        let signature = &page.rest.schema.signature;
        assert!(signature.parameters.is_empty(), "{name}: no parameters");
        assert!(signature.required_parameters.is_empty(), "{name}");
        assert_eq!(
            signature.return_type.ty.value,
            TypeRef::Named("CalculatePriceResponse".into()),
            "{name}"
        );
        let first = signature.return_type.entries.first();
        assert!(
            matches!(first, Some(Entry::Field(field)) if field.name == "priceInfo"),
            "{name}: the return type keeps its entries: {first:?}"
        );
        // The SDK method does take a parameter: the two schemas stay apart.
        let sdk = page.sdk.expect("the SDK section reads");
        let names: Vec<&str> = sdk
            .schema
            .signature
            .parameters
            .iter()
            .map(|p| p.field.name.as_str())
            .collect();
        assert_eq!(names, ["options"], "{name}");
    }
}
