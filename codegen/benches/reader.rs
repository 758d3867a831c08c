//! Reader speed over the spec pages, and over pages whose field list is
//! repeated 10 times: equal throughput (bytes per second) at both sizes shows
//! reading is linear in page size.

// `criterion_group!` defines an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn spec_pages() -> Vec<(String, String)> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    codegen::specs::find_pages(&specs)
        .expect("specs/ is readable")
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (
                name,
                std::fs::read_to_string(&path).expect("spec pages are UTF-8"),
            )
        })
        .collect()
}

/// The page with its return type's field list repeated `times` times.
fn with_repeated_fields(text: &str, times: usize) -> String {
    let start = text.find("Return type:").expect("pages have a return type");
    let list_start = start
        + text[start..]
            .find("- name:")
            .expect("the return type has fields");
    let list_end = list_start
        + text[list_start..]
            .find("Possible Errors:")
            .or_else(|| text[list_start..].find("```"))
            .expect("the schema block ends");
    let list = &text[list_start..list_end];
    format!(
        "{}{}{}",
        &text[..list_start],
        list.repeat(times),
        &text[list_end..]
    )
}

fn read(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_page");
    for (name, text) in spec_pages() {
        for (size, text) in [
            ("1x", text.clone()),
            ("10x-fields", with_repeated_fields(&text, 10)),
        ] {
            assert!(
                codegen::read_page_text(&name, &text).is_ok(),
                "{name} {size} reads"
            );
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(&name, size), &text, |b, text| {
                b.iter(|| codegen::read_page_text(black_box(&name), black_box(text)));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
