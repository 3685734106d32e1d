//! Istio's sidecar injection engine, pure and synchronous: settings, policy, template data, rendering,
//! strategic merge, post-processing and JSON patch.

pub mod containers;
pub mod deploy_meta;
pub mod goconv;
pub mod inject;
pub mod kube;
pub mod kube_inject;
pub mod merge;
pub mod mesh;
pub mod native;
pub mod openshift;
pub mod patch;
pub mod patch_noop;
pub mod path_envs;
pub mod pod;
pub mod policy;
pub mod postprocess;
pub mod selector;
pub mod settings;
pub mod template;
pub mod validate;
pub mod yaml;
