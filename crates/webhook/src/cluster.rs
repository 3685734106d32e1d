//! What the engine knows about the cluster: the nodes' kubelet versions (native-sidecar `auto` mode) and the
//! Namespace objects (OpenShift UID ranges). Either fixed at start-up (flags, outside a cluster) or kept current by
//! the Kubernetes API reflectors of [`crate::cluster_watch`]; the engine reads a consistent snapshot per request.
//!
//! A fact that is being watched counts as unknown until its first list has completed, and the server reports
//! not ready until then, as istiod waits for its informers to sync before serving.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use injector::native::NodeInfo;
use serde_json::{json, Value};

/// Namespace objects by name.
pub trait NamespaceSource: Send + Sync {
    /// The Namespace object named `name` as Kubernetes JSON, if known.
    fn get(&self, name: &str) -> Option<Value>;
    /// How many namespaces are known.
    fn len(&self) -> usize;
    /// Whether no namespace is known.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl NamespaceSource for HashMap<String, Value> {
    fn get(&self, name: &str) -> Option<Value> {
        HashMap::get(self, name).cloned()
    }

    fn len(&self) -> usize {
        HashMap::len(self)
    }
}

/// Where a fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactOrigin {
    /// Not known (node facts: classic sidecars unless forced on).
    Unknown,
    /// Given at start-up.
    Fixed,
    /// Watched through the Kubernetes API; `synced` once the first list is complete.
    Watched {
        /// Whether the first list has completed.
        synced: bool,
    },
}

impl FactOrigin {
    fn name(self) -> &'static str {
        match self {
            FactOrigin::Unknown => "unknown",
            FactOrigin::Fixed => "fixed",
            FactOrigin::Watched { synced: true } => "watched",
            FactOrigin::Watched { synced: false } => "watching (not synced)",
        }
    }
}

struct NodesFact {
    origin: FactOrigin,
    /// Sorted by name; `None` while unknown.
    nodes: Option<Arc<[NodeInfo]>>,
}

struct NamespacesFact {
    origin: FactOrigin,
    source: Arc<dyn NamespaceSource>,
}

/// The cluster facts shared by the engine (readers) and the watchers (writers).
pub struct ClusterState {
    nodes: RwLock<NodesFact>,
    namespaces: RwLock<NamespacesFact>,
    /// Bumped after every change to what the engine can read.
    generation: AtomicU64,
}

impl Default for ClusterState {
    fn default() -> Self {
        Self {
            nodes: RwLock::new(NodesFact {
                origin: FactOrigin::Unknown,
                nodes: None,
            }),
            namespaces: RwLock::new(NamespacesFact {
                origin: FactOrigin::Unknown,
                source: Arc::new(HashMap::new()),
            }),
            generation: AtomicU64::new(0),
        }
    }
}

impl std::fmt::Debug for ClusterState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterState")
            .field("summary", &self.describe())
            .finish()
    }
}

fn sorted(mut nodes: Vec<NodeInfo>) -> Arc<[NodeInfo]> {
    nodes.sort_by(|a, b| a.name.cmp(&b.name));
    nodes.into()
}

impl ClusterState {
    /// Facts given at start-up: `nodes` (`None`: unknown) and Namespace objects by name.
    pub fn fixed(nodes: Option<Vec<NodeInfo>>, namespaces: HashMap<String, Value>) -> Self {
        let state = Self::default();
        if let Ok(mut n) = state.nodes.write() {
            if let Some(list) = nodes {
                n.origin = FactOrigin::Fixed;
                n.nodes = Some(sorted(list));
            }
        }
        if let Ok(mut ns) = state.namespaces.write() {
            if !namespaces.is_empty() {
                ns.origin = FactOrigin::Fixed;
                ns.source = Arc::new(namespaces);
            }
        }
        state
    }

    /// The nodes, sorted by name; `None` while unknown (or not yet listed).
    pub fn nodes(&self) -> Option<Arc<[NodeInfo]>> {
        self.nodes.read().ok().and_then(|n| n.nodes.clone())
    }

    /// The Namespace object named `name`, if known.
    pub fn namespace(&self, name: &str) -> Option<Value> {
        let source = self.namespaces.read().ok()?.source.clone();
        source.get(name)
    }

    /// A counter that grows whenever a fact changes, so that results computed from the facts can be tied to
    /// them. Bumped after the change is visible.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Nodes are about to be watched: unknown (and the server not ready) until [`Self::set_nodes`].
    pub fn watch_nodes(&self) {
        if let Ok(mut n) = self.nodes.write() {
            n.origin = FactOrigin::Watched { synced: false };
            n.nodes = None;
        }
        self.changed();
    }

    /// Replaces the node list (a complete list from the API). Returns whether it changed.
    pub fn set_nodes(&self, nodes: Vec<NodeInfo>) -> bool {
        let nodes = sorted(nodes);
        let Ok(mut n) = self.nodes.write() else {
            return false;
        };
        let changed = n.nodes.as_deref() != Some(&*nodes);
        n.nodes = Some(nodes);
        if let FactOrigin::Watched { synced } = &mut n.origin {
            *synced = true;
        }
        drop(n);
        if changed {
            self.changed();
        }
        changed
    }

    /// Whether `node` is already known with the same kubelet version.
    pub fn has_node(&self, node: &NodeInfo) -> bool {
        let Ok(n) = self.nodes.read() else {
            return false;
        };
        n.nodes.as_deref().is_some_and(|list| {
            list.binary_search_by(|probe| probe.name.as_str().cmp(&node.name))
                .is_ok_and(|i| list[i].kubelet_version == node.kubelet_version)
        })
    }

    /// Namespaces come from `source`, a live view kept current by a watcher; unknown (and the server not ready)
    /// until [`Self::namespaces_synced`].
    pub fn watch_namespaces(&self, source: Arc<dyn NamespaceSource>) {
        if let Ok(mut ns) = self.namespaces.write() {
            ns.origin = FactOrigin::Watched { synced: false };
            ns.source = source;
        }
        self.changed();
    }

    /// The watched namespaces changed (the live view already shows the change).
    pub fn namespaces_changed(&self) {
        self.changed();
    }

    /// The namespace watcher's first list has completed.
    pub fn namespaces_synced(&self) {
        if let Ok(mut ns) = self.namespaces.write() {
            if let FactOrigin::Watched { synced } = &mut ns.origin {
                *synced = true;
            }
        }
        self.changed();
    }

    /// Why injection decisions cannot be trusted yet (a watched fact has not been listed), if so.
    pub fn not_ready_reason(&self) -> Option<&'static str> {
        let nodes = self.nodes.read().map(|n| n.origin).ok()?;
        let namespaces = self.namespaces.read().map(|n| n.origin).ok()?;
        if nodes == (FactOrigin::Watched { synced: false }) {
            Some("waiting for the node list from the Kubernetes API")
        } else if namespaces == (FactOrigin::Watched { synced: false }) {
            Some("waiting for the namespace list from the Kubernetes API")
        } else {
            None
        }
    }

    /// A summary for `/debug/inject`: where each fact comes from, the nodes' kubelet versions and the namespace
    /// count.
    pub fn describe(&self) -> Value {
        let (node_origin, nodes) = match self.nodes.read() {
            Ok(n) => (n.origin, n.nodes.clone()),
            Err(_) => (FactOrigin::Unknown, None),
        };
        let (ns_origin, ns_count) = match self.namespaces.read() {
            Ok(n) => (n.origin, n.source.len()),
            Err(_) => (FactOrigin::Unknown, 0),
        };
        let nodes = nodes.map(|list| {
            list.iter()
                .map(|n| json!({"name": n.name, "kubeletVersion": n.kubelet_version}))
                .collect::<Vec<_>>()
        });
        json!({
            "nodes": {"source": node_origin.name(), "items": nodes},
            "namespaces": {"source": ns_origin.name(), "count": ns_count},
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, v: &str) -> NodeInfo {
        NodeInfo {
            name: name.into(),
            kubelet_version: v.into(),
        }
    }

    #[test]
    fn fixed_facts_are_ready_and_sorted() {
        let ns = HashMap::from([("a".to_string(), json!({"metadata": {"name": "a"}}))]);
        let state =
            ClusterState::fixed(Some(vec![node("n2", "v1.33.0"), node("n1", "v1.29.0")]), ns);
        assert_eq!(state.not_ready_reason(), None);
        let nodes = state.nodes().unwrap();
        assert_eq!(nodes[0].name, "n1");
        assert_eq!(state.namespace("a").unwrap()["metadata"]["name"], "a");
        assert_eq!(state.namespace("b"), None);
        assert_eq!(state.describe()["nodes"]["source"], "fixed");
        assert_eq!(ClusterState::default().nodes(), None);
    }

    #[test]
    fn watched_nodes_are_unknown_until_listed() {
        let state = ClusterState::default();
        state.watch_nodes();
        assert_eq!(state.nodes(), None);
        assert!(state.not_ready_reason().unwrap().contains("node list"));
        assert!(state.set_nodes(vec![node("b", "v1.33.1"), node("a", "v1.33.0")]));
        assert_eq!(state.not_ready_reason(), None);
        assert!(state.has_node(&node("a", "v1.33.0")));
        assert!(!state.has_node(&node("a", "v1.34.0")));
        assert!(!state.has_node(&node("c", "v1.33.0")));
        let listed = state.generation();
        assert!(!state.set_nodes(vec![node("a", "v1.33.0"), node("b", "v1.33.1")]));
        assert_eq!(
            state.generation(),
            listed,
            "an unchanged list keeps the generation"
        );
        assert!(state.set_nodes(vec![node("a", "v1.33.0")]));
        assert!(state.generation() > listed);
        assert_eq!(state.describe()["nodes"]["items"][0]["name"], "a");
    }

    #[test]
    fn watched_namespaces_read_through_the_live_source() {
        let state = ClusterState::default();
        let source = Arc::new(HashMap::from([(
            "team".to_string(),
            json!({"metadata": {"name": "team"}}),
        )]));
        state.watch_namespaces(source);
        assert!(state.not_ready_reason().unwrap().contains("namespace list"));
        let before = state.generation();
        state.namespaces_synced();
        assert_eq!(state.not_ready_reason(), None);
        state.namespaces_changed();
        assert_eq!(state.generation(), before + 2);
        assert!(state.namespace("team").is_some());
        assert_eq!(state.describe()["namespaces"]["count"], 1);
    }
}
