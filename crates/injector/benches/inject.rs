//! Webhook-path injection with the allocator the shipped binary uses (mimalloc): AdmissionReview bytes in →
//! response bytes out, as `webhook/hello` and `webhook/env-2000` (see `webhook/round.rs`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "webhook/round.rs"]
mod round;

use criterion::{criterion_group, criterion_main, Criterion};
use stats_alloc::StatsAlloc;

#[global_allocator]
static GLOBAL: StatsAlloc<mimalloc::MiMalloc> = StatsAlloc::new(mimalloc::MiMalloc);

fn bench(c: &mut Criterion) {
    round::bench(c, "webhook", &GLOBAL);
}

criterion_group!(benches, bench);
criterion_main!(benches);
