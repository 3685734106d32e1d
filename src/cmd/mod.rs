//! The subcommands, each validating its raw arguments into a typed configuration and then running it.

pub mod check_inject;
pub mod kube_inject;
pub mod render;
pub mod serve;
pub mod workloads;
