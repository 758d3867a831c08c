//! Emitting speed: every generated file (`generate::generated_files_planned`:
//! the OpenAPI document, the Rust modules and the round-trip tests) for the
//! IR of corpora of 10, 100 and 1,000 pages (`codegen::corpus`, mixed capture
//! forms). Equal time per page (throughput in elements = pages) at every
//! size shows emitting is linear.

// `criterion_group!` defines an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use codegen::corpus::{corpus, Form};
use codegen::generate::generated_files_planned;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn emit(c: &mut Criterion) {
    let mut group = c.benchmark_group("emit");
    group.measurement_time(Duration::from_secs(5));
    for pages in [10, 100, 1_000] {
        let corpus = corpus(pages, Form::Mixed);
        let files = codegen::specs::read_spec_texts(&corpus.pages);
        let pipeline = codegen::pipeline::run_on(files, &corpus.hints, "specs/hints.yaml");
        assert!(!pipeline.has_errors(), "the corpus builds without errors");
        let (Some(ir), Some(plan)) = (pipeline.ir, pipeline.plan) else {
            panic!("no IR");
        };
        group.throughput(Throughput::Elements(pages as u64));
        if pages >= 100 {
            group.sample_size(10);
        }
        group.bench_function(BenchmarkId::new("pages", pages), |b| {
            b.iter(|| generated_files_planned(black_box(&ir), black_box(&plan)));
        });
    }
    group.finish();
}

criterion_group!(benches, emit);
criterion_main!(benches);
