//! Emitting speed: every generated file (`generate::generated_files`: the
//! OpenAPI document, the Rust modules and the round-trip tests) for the IR of
//! the spec pages, and for IRs of 10 and 100 copies of its packages (copy `i`
//! is the npm package `@wix/bookings<i>`, so every copy is its own module
//! tree and all copies share one `Client`). Equal time per type (throughput
//! in elements) at every size shows emitting is linear in the IR.

// `criterion_group!` defines an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use codegen::generate::generated_files;
use codegen::ir::Ir;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// The IR of `specs/`, as `cargo xtask codegen` builds it.
fn specs_ir() -> Ir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pipeline = codegen::pipeline::run(&root.join("specs"), &root).expect("specs/ is readable");
    assert!(!pipeline.has_errors(), "the specs build without errors");
    pipeline.ir.expect("the specs build an IR")
}

/// `copies` copies of every package of `ir`, each under its own npm name.
fn copies(ir: &Ir, copies: usize) -> Ir {
    let mut scaled = Ir::default();
    for i in 0..copies {
        for package in &ir.packages {
            let mut package = package.clone();
            package.npm = format!("{}{i}", package.npm);
            scaled.packages.push(package);
        }
    }
    scaled
}

fn types(ir: &Ir) -> u64 {
    ir.packages.iter().map(|p| p.types.len() as u64).sum()
}

fn emit(c: &mut Criterion) {
    let ir = specs_ir();
    let mut group = c.benchmark_group("emit");
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(types(&ir)));
    group.bench_function("specs", |b| b.iter(|| generated_files(black_box(&ir))));
    for size in [10, 100] {
        let scaled = copies(&ir, size);
        group.throughput(Throughput::Elements(types(&scaled)));
        if size >= 100 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("copies", size), &scaled, |b, scaled| {
            b.iter(|| generated_files(black_box(scaled)));
        });
    }
    group.finish();
}

criterion_group!(benches, emit);
criterion_main!(benches);
