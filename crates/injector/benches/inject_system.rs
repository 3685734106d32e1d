//! The `inject` bench with the system allocator (glibc malloc) instead of mimalloc, for comparison:
//! `webhook-system/hello` and `webhook-system/env-2000` (see `webhook/round.rs`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

#[path = "webhook/round.rs"]
mod round;

use std::alloc::System;

use criterion::{criterion_group, criterion_main, Criterion};
use stats_alloc::{StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn bench(c: &mut Criterion) {
    round::bench(c, "webhook-system", GLOBAL);
}

criterion_group!(benches, bench);
criterion_main!(benches);
