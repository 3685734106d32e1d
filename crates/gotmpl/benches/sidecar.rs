//! Executes Istio's `sidecar` injection template (from the Istio conformance settings, `templates.sidecar` of the
//! injector config) on a realistic hello-pod context. Parsing happens once; only execution is measured.
//!
//! The Istio helper functions the template calls are BENCH-ONLY stand-ins (see `common`).
//!
//! Besides criterion's wall-clock figure it prints the mean on-CPU time per execution, which stays meaningful on
//! a shared, loaded machine.

mod common;

use criterion::{criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    common::bench_sidecar(c, "sidecar template execute");
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
