//! Kubernetes API reflectors that keep [`ClusterState`] current (istiod's node and namespace informers):
//! nodes for their kubelet versions (native-sidecar `auto` mode) and namespaces, metadata only, for OpenShift UID
//! ranges. Each is a kube-rs reflector over a watcher with the default backoff: watch errors are logged and
//! retried, and a re-list replaces the cached objects. Only built with the `kube` feature.

use std::sync::Arc;

use futures_util::StreamExt;
use injector::native::NodeInfo;
use k8s_openapi::api::core::v1::{Namespace, Node};
use kube::core::PartialObjectMeta;
use kube::runtime::reflector::{self, ObjectRef, Store};
use kube::runtime::watcher::{self, Event};
use kube::runtime::WatchStreamExt;
use kube::Api;
use serde_json::{json, Value};

use crate::cluster::{ClusterState, NamespaceSource};

/// The namespace reflector's cache, as the engine's [`NamespaceSource`].
struct NamespaceStore(Store<PartialObjectMeta<Namespace>>);

impl NamespaceSource for NamespaceStore {
    fn get(&self, name: &str) -> Option<Value> {
        let ns = self.0.get(&ObjectRef::new(name))?;
        let metadata = serde_json::to_value(&ns.metadata).ok()?;
        Some(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": metadata}))
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

fn node_info(node: &Node) -> Option<NodeInfo> {
    Some(NodeInfo {
        name: node.metadata.name.clone()?,
        kubelet_version: node
            .status
            .as_ref()
            .and_then(|s| s.node_info.as_ref())
            .map(|i| i.kubelet_version.clone())
            .unwrap_or_default(),
    })
}

/// Keep only what the node list needs, so large clusters cost little memory.
fn trim_node(node: &mut Node) {
    let kubelet_version = node
        .status
        .as_ref()
        .and_then(|s| s.node_info.as_ref())
        .map(|i| i.kubelet_version.clone());
    node.metadata.managed_fields = None;
    node.metadata.annotations = None;
    node.metadata.labels = None;
    node.spec = None;
    node.status = kubelet_version.map(|v| k8s_openapi::api::core::v1::NodeStatus {
        node_info: Some(k8s_openapi::api::core::v1::NodeSystemInfo {
            kubelet_version: v,
            ..Default::default()
        }),
        ..Default::default()
    });
}

fn publish_nodes(state: &ClusterState, store: &Store<Node>) {
    let nodes: Vec<NodeInfo> = store.state().iter().filter_map(|n| node_info(n)).collect();
    let count = nodes.len();
    if state.set_nodes(nodes) {
        tracing::info!(nodes = count, "node list changed");
    }
}

/// A task watching all Nodes forever, publishing their kubelet versions into `state`. The node list is unknown
/// (and `state` not ready) from this call until the first list completes.
pub fn watch_nodes(
    client: kube::Client,
    state: Arc<ClusterState>,
) -> impl std::future::Future<Output = ()> + Send + 'static {
    state.watch_nodes();
    run_node_reflector(client, state)
}

async fn run_node_reflector(client: kube::Client, state: Arc<ClusterState>) {
    let (store, writer) = reflector::store::<Node>();
    let api: Api<Node> = Api::all(client);
    let mut events = watcher::watcher(api, watcher::Config::default())
        .default_backoff()
        .modify(trim_node)
        .reflect(writer)
        .boxed();
    while let Some(event) = events.next().await {
        match event {
            Err(e) => tracing::warn!(error = %e, "node watch error; retrying"),
            Ok(Event::Apply(node)) => {
                // Status heartbeats re-apply unchanged nodes: rebuild only when a kubelet version changed.
                if node_info(&node).is_some_and(|info| !state.has_node(&info)) {
                    publish_nodes(&state, &store);
                }
            }
            Ok(Event::Delete(_)) | Ok(Event::InitDone) => publish_nodes(&state, &store),
            Ok(Event::Init) | Ok(Event::InitApply(_)) => {}
        }
    }
}

/// A task watching all Namespaces (metadata only) forever; `state` reads them through the reflector's cache.
/// Namespaces are unknown (and `state` not ready) from this call until the first list completes.
pub fn watch_namespaces(
    client: kube::Client,
    state: Arc<ClusterState>,
) -> impl std::future::Future<Output = ()> + Send + 'static {
    let (store, writer) = reflector::store::<PartialObjectMeta<Namespace>>();
    state.watch_namespaces(Arc::new(NamespaceStore(store)));
    run_namespace_reflector(client, state, writer)
}

async fn run_namespace_reflector(
    client: kube::Client,
    state: Arc<ClusterState>,
    writer: reflector::store::Writer<PartialObjectMeta<Namespace>>,
) {
    let api: Api<PartialObjectMeta<Namespace>> = Api::all(client);
    let mut events = watcher::watcher(api, watcher::Config::default())
        .default_backoff()
        .modify(|ns| ns.metadata.managed_fields = None)
        .reflect(writer)
        .boxed();
    while let Some(event) = events.next().await {
        match event {
            Err(e) => tracing::warn!(error = %e, "namespace watch error; retrying"),
            Ok(Event::InitDone) => state.namespaces_synced(),
            Ok(Event::Apply(_)) | Ok(Event::Delete(_)) => state.namespaces_changed(),
            Ok(Event::Init) | Ok(Event::InitApply(_)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{NodeStatus, NodeSystemInfo};

    #[test]
    fn nodes_are_trimmed_to_name_and_kubelet_version() {
        let mut node: Node = serde_json::from_value(json!({
            "metadata": {"name": "n1", "labels": {"a": "b"}},
            "spec": {"podCIDR": "10.0.0.0/24"},
            "status": {"nodeInfo": {"kubeletVersion": "v1.33.2", "osImage": "x", "architecture": "amd64",
                "bootID": "", "containerRuntimeVersion": "", "kernelVersion": "", "kubeProxyVersion": "",
                "machineID": "", "operatingSystem": "linux", "systemUUID": ""},
                "images": [{"names": ["big"], "sizeBytes": 1}]}
        }))
        .unwrap();
        trim_node(&mut node);
        assert_eq!(
            node_info(&node),
            Some(NodeInfo {
                name: "n1".into(),
                kubelet_version: "v1.33.2".into()
            })
        );
        assert!(node.spec.is_none() && node.metadata.labels.is_none());
        let status = node.status.unwrap();
        assert!(status.images.is_none());
        let bare = Node {
            metadata: kube::core::ObjectMeta {
                name: Some("n2".into()),
                ..Default::default()
            },
            status: Some(NodeStatus {
                node_info: Some(NodeSystemInfo::default()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(node_info(&bare).unwrap().kubelet_version, "");
    }
}
