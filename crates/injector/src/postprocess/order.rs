//! Container ordering after the merge: Istio's `reorderPod`.
//!
//! The proxy goes last among the containers (so `kubectl exec` defaults to the application) unless the application
//! must wait for it (`holdApplicationUntilProxyStarts`). As a native sidecar it goes first among the init containers,
//! right after `istio-init`/`istio-validation`, so later init containers are in the mesh; otherwise `istio-init` goes
//! last so that it does not black-hole the application's init containers.

use serde_json::Value;

use crate::containers::{
    self, ContainerList, Reorder, ENABLE_CORE_DUMP_CONTAINER, INIT_CONTAINER, PROXY_CONTAINER,
    VALIDATION_CONTAINER,
};

/// Reorders the containers of the merged pod. `hold_application` is the effective
/// `holdApplicationUntilProxyStarts`.
pub fn reorder_pod(pod: &mut Value, hold_application: bool) {
    if let Some(list) = containers::list_mut(pod, ContainerList::Containers) {
        let how = if hold_application {
            Reorder::MoveFirst
        } else {
            Reorder::MoveLast
        };
        containers::modify(list, PROXY_CONTAINER, how);
    }
    let native = containers::find(
        containers::list(pod, ContainerList::InitContainers),
        PROXY_CONTAINER,
    )
    .is_some();
    let has_init = pod
        .pointer("/spec/initContainers")
        .is_some_and(|v| !v.is_null());
    if !has_init {
        return;
    }
    let Some(init) = containers::list_mut(pod, ContainerList::InitContainers) else {
        return;
    };
    let moves: &[(&str, Reorder)] = if native {
        &[
            (ENABLE_CORE_DUMP_CONTAINER, Reorder::MoveFirst),
            (PROXY_CONTAINER, Reorder::MoveFirst),
            (VALIDATION_CONTAINER, Reorder::MoveFirst),
            (INIT_CONTAINER, Reorder::MoveFirst),
        ]
    } else {
        &[
            (VALIDATION_CONTAINER, Reorder::MoveFirst),
            (INIT_CONTAINER, Reorder::MoveLast),
            (ENABLE_CORE_DUMP_CONTAINER, Reorder::MoveLast),
        ]
    };
    for (name, how) in moves {
        containers::modify(init, name, *how);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(pod: &Value, key: &str) -> Vec<String> {
        pod["spec"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn native_sidecar_order() {
        let mut pod = json!({"spec": {"containers": [{"name": "app"}],
            "initContainers": [{"name": "user"}, {"name": "istio-init"}, {"name": "enable-core-dump"}, {"name": "istio-proxy"}]}});
        reorder_pod(&mut pod, false);
        assert_eq!(
            names(&pod, "initContainers"),
            ["istio-init", "istio-proxy", "enable-core-dump", "user"]
        );
    }

    #[test]
    fn classic_sidecar_order() {
        let mut pod = json!({"spec": {"containers": [{"name": "istio-proxy"}, {"name": "app"}],
            "initContainers": [{"name": "istio-init"}, {"name": "user"}]}});
        reorder_pod(&mut pod, false);
        assert_eq!(names(&pod, "containers"), ["app", "istio-proxy"]);
        assert_eq!(names(&pod, "initContainers"), ["user", "istio-init"]);
        reorder_pod(&mut pod, true);
        assert_eq!(names(&pod, "containers"), ["istio-proxy", "app"]);
    }
}
