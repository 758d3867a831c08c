//! Structure recovery speed over corpora of 10, 100 and 1,000 pages
//! (`codegen::corpus`: modules whose pages share types), multi-line and
//! one-line (with the hints one-line pages need): equal time per field entry
//! (throughput in elements) at every size shows recovery is near-linear in
//! the number of fields.

// `criterion_group!` defines an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use codegen::corpus::{corpus, Form};
use codegen::page::Entry;
use codegen::pipeline::spec_pages;
use codegen::recovery::recover;
use codegen::{Page, Severity};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};

const HINTS_DISPLAY_PATH: &str = "specs/hints.yaml";

/// The number of field entries recovery places: each parameter, its fields,
/// and the response's fields.
fn field_entries(page: &Page) -> usize {
    let fields = |entries: &[Entry]| {
        entries
            .iter()
            .filter(|entry| matches!(entry, Entry::Field(_)))
            .count()
    };
    let signature = &page.rest.schema.signature;
    signature
        .parameters
        .iter()
        .map(|parameter| 1 + fields(&parameter.entries))
        .sum::<usize>()
        + fields(&signature.return_type.entries)
}

fn bench_recover(c: &mut Criterion) {
    let mut group = c.benchmark_group("recover");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1));
    for form in [Form::MultiLine, Form::OneLine] {
        for pages in [10, 100, 1_000] {
            let corpus = corpus(pages, form);
            let files = codegen::specs::read_spec_texts(&corpus.pages);
            let pages_read = spec_pages(&files);
            assert_eq!(pages_read.len(), pages, "every page reads");
            // Never measure a failing run.
            let errors: Vec<String> = recover(&pages_read, &corpus.hints, HINTS_DISPLAY_PATH)
                .diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .map(ToString::to_string)
                .take(5)
                .collect();
            assert!(
                errors.is_empty(),
                "{pages} {form:?} pages:\n{}",
                errors.join("\n")
            );
            let fields: usize = pages_read.iter().map(|p| field_entries(p.page)).sum();
            group
                .throughput(Throughput::Elements(fields as u64))
                .measurement_time(Duration::from_secs(if pages >= 1_000 { 8 } else { 3 }));
            group.bench_function(BenchmarkId::new(format!("{form:?}"), pages), |b| {
                b.iter(|| {
                    recover(
                        black_box(&pages_read),
                        black_box(&corpus.hints),
                        HINTS_DISPLAY_PATH,
                    )
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_recover);
criterion_main!(benches);
