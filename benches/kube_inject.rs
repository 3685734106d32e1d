//! Throughput of `kube-inject` over one stream of 10,000 Deployments with the embedded default settings
//! (the work `sidecar-injector kube-inject` does between reading the input and writing the output).
//! Prints `kube-inject throughput: N workloads/s` from a timed warm run, then runs criterion.

use std::time::{Duration, Instant};

use criterion::{criterion_main, Criterion, Throughput};
use injector::kube_inject::kube_inject_stream;
use injector::settings::{ProcessSettings, Settings};

// As in the binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WORKLOADS: usize = 10_000;

/// On-CPU time of this thread (Linux `/proc/thread-self/schedstat`), to report throughput independent of other
/// load on the machine; `None` elsewhere.
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

fn stream(n: usize) -> String {
    let mut s = String::with_capacity(n * 600);
    for i in 0..n {
        s.push_str(&format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: ns-{ns}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: app-{i}\n  template:\n    metadata:\n      labels:\n        app: app-{i}\n        version: v{v}\n    spec:\n      containers:\n      - name: app\n        image: registry.example.com/app:{i}\n        ports:\n        - name: http\n          containerPort: 8080\n        readinessProbe:\n          httpGet:\n            path: /ready\n            port: 8080\n---\n",
            ns = i % 17,
            v = i % 3,
        ));
    }
    s
}

fn settings() -> Settings {
    Settings::load(
        include_str!("../defaults/config.yaml"),
        include_str!("../defaults/values.json"),
        Some(include_str!("../defaults/mesh.yaml")),
        ProcessSettings::default(),
    )
    .unwrap_or_else(|e| panic!("embedded defaults: {e}"))
}

fn bench(c: &mut Criterion) {
    let settings = settings();
    let input = stream(WORKLOADS);

    let cpu_start = thread_cpu_time();
    let start = Instant::now();
    let out = kube_inject_stream(&settings, None, &input).unwrap_or_else(|e| panic!("{e}"));
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(out.injected, WORKLOADS);
    println!(
        "kube-inject throughput: {:.0} workloads/s wall ({WORKLOADS} Deployments in {secs:.3} s, {} bytes out)",
        WORKLOADS as f64 / secs,
        out.yaml.len()
    );
    if let (Some(a), Some(b)) = (cpu_start, thread_cpu_time()) {
        let cpu = (b - a).as_secs_f64();
        println!(
            "kube-inject throughput: {:.0} workloads/s on-CPU ({cpu:.3} s of CPU)",
            WORKLOADS as f64 / cpu
        );
    }

    let mut group = c.benchmark_group("kube_inject");
    group.throughput(Throughput::Elements(WORKLOADS as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("10k_deployments", |b| {
        b.iter(|| kube_inject_stream(&settings, None, &input).map(|o| o.injected))
    });
    group.finish();
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
