//! Post-processing of the merged pod: what Istio's `postProcessPod` and `reapplyOverwrittenContainers` do after the
//! templates are applied.

pub mod probes;
pub mod prometheus;
