//! The `sidecar` bench with mimalloc as the global allocator, as in the shipped `sidecar-injector` binary. The
//! library itself is allocator-agnostic; the system-allocator figure (`sidecar` bench) is the reference.

mod common;

use criterion::{criterion_main, Criterion};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    common::bench_sidecar(c, "sidecar template execute (mimalloc)");
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
