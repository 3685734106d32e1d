//! Executes Istio's `sidecar` injection template (from the Istio conformance settings, `templates.sidecar` of the
//! injector config) on a realistic hello-pod context. Parsing happens once; only execution is measured.
//!
//! The Istio helper functions the template calls are BENCH-ONLY stand-ins (see `common`).
//!
//! Besides criterion's wall-clock figure it prints the mean on-CPU time per execution, which stays meaningful on
//! a shared, loaded machine.

mod common;

use common::{bench_istio_funcs, context, sidecar_template};
use criterion::{criterion_main, Criterion};
use gotmpl::Templates;

/// This thread's on-CPU time in nanoseconds (Linux `/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn bench(c: &mut Criterion) {
    let text = sidecar_template();
    let mut funcs = gotmpl::sprig::funcs();
    funcs.extend(&bench_istio_funcs());
    let mut t = Templates::with_funcs(&funcs);
    t.parse("sidecar", &text)
        .unwrap_or_else(|e| panic!("parse: {e}"));
    let data = context();
    let mut out = String::with_capacity(16 * 1024);
    t.execute("sidecar", &data, &mut out)
        .unwrap_or_else(|e| panic!("execute: {e}"));
    if std::env::var_os("SIDECAR_BENCH_PRINT").is_some() {
        println!("{out}");
    }
    // On a shared machine wall-clock numbers include time spent descheduled; report on-CPU time as well.
    if let Some(start) = thread_cpu_ns() {
        const N: u64 = 2000;
        for _ in 0..N {
            out.clear();
            let r = t.execute("sidecar", &data, &mut out);
            std::hint::black_box(&r);
        }
        if let Some(end) = thread_cpu_ns() {
            println!(
                "sidecar template execute: {:.2} µs on-CPU per execution (mean of {N})",
                (end - start) as f64 / N as f64 / 1000.0
            );
        }
    }
    c.bench_function("sidecar template execute", |b| {
        b.iter(|| {
            out.clear();
            let r = t.execute("sidecar", &data, &mut out);
            std::hint::black_box(&r);
        })
    });
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
