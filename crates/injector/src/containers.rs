//! Container lookups and moves over pod JSON: Istio's `FindContainer`, `FindContainerFromPod`, `FindSidecar`,
//! `modifyContainers` and `moveContainer`.

use serde_json::Value;

/// The proxy container's name.
pub const PROXY_CONTAINER: &str = "istio-proxy";
/// The iptables init container's name.
pub const INIT_CONTAINER: &str = "istio-init";
/// The CNI validation init container's name.
pub const VALIDATION_CONTAINER: &str = "istio-validation";
/// The core-dump enabling init container's name.
pub const ENABLE_CORE_DUMP_CONTAINER: &str = "enable-core-dump";

/// Which container list of a pod spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerList {
    /// `spec.containers`.
    Containers,
    /// `spec.initContainers`.
    InitContainers,
}

impl ContainerList {
    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            ContainerList::Containers => "containers",
            ContainerList::InitContainers => "initContainers",
        }
    }
}

/// A container's `name` (empty when absent).
pub fn name_of(c: &Value) -> &str {
    c.get("name").and_then(Value::as_str).unwrap_or("")
}

/// The list `which` of `pod.spec`, if present.
pub fn list(pod: &Value, which: ContainerList) -> &[Value] {
    pod.get("spec")
        .and_then(|s| s.get(which.key()))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The list `which` of `pod.spec` for modification, created (empty) when absent.
pub fn list_mut(pod: &mut Value, which: ContainerList) -> Option<&mut Vec<Value>> {
    let spec = pod
        .as_object_mut()?
        .entry("spec")
        .or_insert_with(|| Value::Object(Default::default()));
    let list = spec
        .as_object_mut()?
        .entry(which.key())
        .or_insert_with(|| Value::Array(Vec::new()));
    if list.is_null() {
        *list = Value::Array(Vec::new());
    }
    list.as_array_mut()
}

/// The first container called `name` in a list.
pub fn find<'p>(containers: &'p [Value], name: &str) -> Option<&'p Value> {
    containers.iter().find(|c| name_of(c) == name)
}

/// The container called `name` in `spec.containers`, else in `spec.initContainers`.
pub fn find_in_pod<'p>(pod: &'p Value, name: &str) -> Option<&'p Value> {
    find(list(pod, ContainerList::Containers), name)
        .or_else(|| find(list(pod, ContainerList::InitContainers), name))
}

/// Like [`find_in_pod`], for modification.
pub fn find_in_pod_mut<'p>(pod: &'p mut Value, name: &str) -> Option<&'p mut Value> {
    let in_containers = find(list(pod, ContainerList::Containers), name).is_some();
    let which = if in_containers {
        ContainerList::Containers
    } else {
        ContainerList::InitContainers
    };
    let spec = pod.get_mut("spec")?;
    spec.get_mut(which.key())?
        .as_array_mut()?
        .iter_mut()
        .find(|c| name_of(c) == name)
}

/// The `istio-proxy` container (Istio's `FindSidecar`).
pub fn find_sidecar(pod: &Value) -> Option<&Value> {
    find_in_pod(pod, PROXY_CONTAINER)
}

/// Where [`modify`] puts the named container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reorder {
    /// Move it to the front.
    MoveFirst,
    /// Move it to the back.
    MoveLast,
    /// Drop it.
    Remove,
}

/// Istio's `modifyContainers`: the containers other than `name` keep their order; of several containers called
/// `name` only the last survives, placed as `how` says.
pub fn modify(containers: &mut Vec<Value>, name: &str, how: Reorder) {
    let Some(last) = containers.iter().rposition(|c| name_of(c) == name) else {
        return;
    };
    let matched = containers.remove(last);
    containers.retain(|c| name_of(c) != name);
    match how {
        Reorder::MoveFirst => containers.insert(0, matched),
        Reorder::MoveLast => containers.push(matched),
        Reorder::Remove => {}
    }
}

/// Istio's `moveContainer`: moves the first container called `name` from `from` to the end of `to`.
pub fn move_container(from: &mut Vec<Value>, to: &mut Vec<Value>, name: &str) {
    if let Some(i) = from.iter().position(|c| name_of(c) == name) {
        to.push(from.remove(i));
    }
}

/// The `env` list of a container for modification, created when absent.
pub fn env_mut(container: &mut Value) -> Option<&mut Vec<Value>> {
    let env = container
        .as_object_mut()?
        .entry("env")
        .or_insert_with(|| Value::Array(Vec::new()));
    if env.is_null() {
        *env = Value::Array(Vec::new());
    }
    env.as_array_mut()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(v: &[Value]) -> Vec<&str> {
        v.iter().map(name_of).collect()
    }

    #[test]
    fn modify_keeps_last_duplicate() {
        let mut l = vec![
            json!({"name": "a", "n": 1}),
            json!({"name": "b"}),
            json!({"name": "a", "n": 2}),
        ];
        modify(&mut l, "a", Reorder::MoveFirst);
        assert_eq!(names(&l), ["a", "b"]);
        assert_eq!(l[0]["n"], 2);
        modify(&mut l, "a", Reorder::Remove);
        assert_eq!(names(&l), ["b"]);
    }

    #[test]
    fn sidecar_found_in_either_list() {
        let pod = json!({"spec": {"containers": [{"name": "app"}], "initContainers": [{"name": "istio-proxy"}]}});
        assert!(find_sidecar(&pod).is_some());
        let mut pod = pod;
        assert!(find_in_pod_mut(&mut pod, "istio-proxy").is_some());
        assert!(find_in_pod_mut(&mut pod, "nope").is_none());
    }
}
