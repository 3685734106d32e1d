//! Post-processing of the merged pod: what Istio's `postProcessPod` and `reapplyOverwrittenContainers` do after the
//! templates are applied.

pub mod cluster_env;
pub mod order;
pub mod probes;
pub mod prometheus;
pub mod status;
