//! Istio's sidecar injection engine, pure and synchronous: settings, policy, template data, rendering,
//! strategic merge, post-processing and JSON patch.
pub mod kube;
