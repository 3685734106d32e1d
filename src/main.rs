//! The `sidecar-injector` command line.

use clap::Parser;

/// Istio-compatible sidecar injection: webhook, kube-inject, check-inject and render.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
}
