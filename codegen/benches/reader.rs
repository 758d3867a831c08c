//! Reader speed over the pages of corpora of 10, 100 and 1,000 pages
//! (`codegen::corpus`), multi-line and one-line, each page alone on one
//! thread: equal throughput (bytes per second) at every size shows reading
//! is linear.

// `criterion_group!` defines an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;

use codegen::corpus::{corpus, Form};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn read(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_pages");
    group.sample_size(10);
    for form in [Form::MultiLine, Form::OneLine] {
        for pages in [10, 100, 1_000] {
            let corpus = corpus(pages, form);
            for page in &corpus.pages {
                assert!(
                    codegen::read_page_text(&page.spec_path, &page.text).is_ok(),
                    "{} reads",
                    page.spec_path
                );
            }
            group.throughput(Throughput::Bytes(corpus.bytes() as u64));
            group.bench_with_input(
                BenchmarkId::new(format!("{form:?}"), pages),
                &corpus,
                |b, corpus| {
                    b.iter(|| {
                        for page in &corpus.pages {
                            let _ = black_box(codegen::read_page_text(
                                black_box(&page.spec_path),
                                black_box(&page.text),
                            ));
                        }
                    });
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
