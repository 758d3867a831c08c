//! The whole flow as `cargo xtask codegen` runs it, on corpora of 10, 100,
//! 1,000 and 5,000 pages (`codegen::corpus`, mixed capture forms: every
//! other copy of the templates is one-line, with its hints): read every page
//! from disk, recover, build the IR, plan the Rust names, emit and format
//! every generated file, and write them into an empty `generated/`. Time per
//! page (throughput in elements = pages) should be flat from 10 to 5,000.
//! It runs on mimalloc, as `cargo xtask` does.

// `criterion_group!` defines an undocumented function.
#![allow(missing_docs)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use codegen::corpus::{corpus, Form};
use codegen::generate;
use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput,
};

/// The allocator `cargo xtask` runs the generator with, so the bench
/// measures the flow as maintainers run it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The corpus sizes, in pages.
const SIZES: [usize; 4] = [10, 100, 1_000, 5_000];

/// A directory holding `specs/` (the corpus) and `generated/` (written by
/// each run), removed when dropped.
struct Root(PathBuf);

impl Root {
    fn new(pages: usize) -> Root {
        let root =
            std::env::temp_dir().join(format!("wix-codegen-flow-{pages}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("the temp dir can be made");
        corpus(pages, Form::Mixed)
            .write(&root.join("specs"))
            .expect("the corpus can be written");
        Root(root)
    }
}

impl Drop for Root {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Everything `cargo xtask codegen` does; returns the number of files written.
fn flow(root: &Path) -> usize {
    let pipeline = codegen::pipeline::run(&root.join("specs"), root).expect("specs/ reads");
    assert!(!pipeline.has_errors(), "the corpus builds without errors");
    let (Some(ir), Some(plan)) = (&pipeline.ir, &pipeline.plan) else {
        panic!("no IR");
    };
    generate::regenerate(
        root,
        ir,
        plan,
        generate::Scope::Everything,
        generate::Mode::Write,
    )
    .expect("the files are written")
    .drift
    .len()
}

fn bench_flow(c: &mut Criterion) {
    let mut group = c.benchmark_group("codegen_flow");
    group
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1));
    for pages in SIZES {
        let root = Root::new(pages);
        group
            .throughput(Throughput::Elements(pages as u64))
            .sample_size(10)
            .measurement_time(Duration::from_secs(if pages <= 100 {
                5
            } else if pages <= 1_000 {
                30
            } else {
                120
            }));
        group.bench_function(BenchmarkId::new("mixed_pages", pages), |b| {
            b.iter_batched(
                || {
                    let _ = std::fs::remove_dir_all(root.0.join("generated"));
                },
                |()| flow(&root.0),
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, bench_flow);
criterion_main!(benches);
