//! URL-derived proxy envs: Istio's `overwriteClusterInfo` / `updateClusterEnvs`. Envs given in the webhook path
//! (and the cluster and network Istio adds to them) replace same-named envs of `istio-proxy` and are appended in
//! key order.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::containers::{self, PROXY_CONTAINER};

/// Replaces and appends `envs` on the proxy container of `pod`, if it has one and `envs` is not empty.
pub fn overwrite_cluster_info(pod: &mut Value, envs: &BTreeMap<String, String>) {
    if envs.is_empty() {
        return;
    }
    if let Some(proxy) = containers::find_in_pod_mut(pod, PROXY_CONTAINER) {
        update_cluster_envs(proxy, envs);
    }
}

/// Istio's `updateClusterEnvs` on one container.
pub fn update_cluster_envs(container: &mut Value, envs: &BTreeMap<String, String>) {
    let Some(env) = containers::env_mut(container) else {
        return;
    };
    env.retain(|e| {
        !e.get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| envs.contains_key(n))
    });
    env.extend(envs.iter().map(|(k, v)| json!({"name": k, "value": v})));
}
