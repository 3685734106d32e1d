//! Injector configuration from the Kubernetes API (Istio's `NewConfigMapWatcher` + `readConfigMap`, used by
//! istiod when no config file is mounted): a field-selected watch on the injector ConfigMap and, when no mesh file
//! is mounted, on the mesh ConfigMap; every add/update offers the `config`/`values` keys (plus the mesh config) to
//! the [`ConfigSource`], which validates before publishing.
//! A deleted ConfigMap, or one missing a key, is an error that keeps the last good set.
//! Only built with the `kube` feature.

use futures_util::StreamExt;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::runtime::watcher::{self, Event};
use kube::runtime::WatchStreamExt;
use kube::Api;

use crate::config_source::ConfigSource;
use crate::engine::{ConfigSet, Engine};
use crate::watch::FileTrigger;

/// Which ConfigMap holds the injector configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigMapRef {
    /// Namespace (istiod's `POD_NAMESPACE`, default `istio-system`).
    pub namespace: String,
    /// ConfigMap name.
    pub name: String,
    /// Key of the injector config.
    pub config_key: String,
    /// Key of the values.
    pub values_key: String,
}

impl ConfigMapRef {
    /// Istio's ConfigMap: `istio-sidecar-injector`, suffixed `-<revision>` unless the revision is empty or
    /// `default`, keys `config` and `values`.
    pub fn istio(namespace: &str, revision: &str) -> Self {
        let name = if revision.is_empty() || revision == "default" {
            "istio-sidecar-injector".to_owned()
        } else {
            format!("istio-sidecar-injector-{revision}")
        };
        Self {
            namespace: namespace.to_owned(),
            name,
            config_key: "config".into(),
            values_key: "values".into(),
        }
    }
}

/// Istio's `readConfigMap`: the configuration set held by a ConfigMap (`None`: it does not exist).
pub fn config_set_from_configmap(
    cm: Option<&ConfigMap>,
    cm_ref: &ConfigMapRef,
    mesh: Option<String>,
) -> Result<ConfigSet, String> {
    let cm = cm.ok_or_else(|| "no ConfigMap found".to_owned())?;
    let get = |key: &str| {
        cm.data
            .as_ref()
            .and_then(|d| d.get(key))
            .cloned()
            .ok_or_else(|| format!("missing ConfigMap {} key {key:?}", cm_ref.name))
    };
    Ok(ConfigSet {
        config: get(&cm_ref.config_key)?,
        values: get(&cm_ref.values_key)?,
        mesh,
    })
}

/// Which ConfigMap holds the mesh config when no mesh file is mounted (istiod's `istio[-<rev>]`, key `mesh`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeshConfigMapRef {
    /// Namespace.
    pub namespace: String,
    /// ConfigMap name.
    pub name: String,
    /// Key of the mesh config.
    pub key: String,
}

impl MeshConfigMapRef {
    /// Istio's mesh ConfigMap: `istio`, suffixed `-<revision>` unless the revision is empty or `default`, key
    /// `mesh`.
    pub fn istio(namespace: &str, revision: &str) -> Self {
        let name = if revision.is_empty() || revision == "default" {
            "istio".to_owned()
        } else {
            format!("istio-{revision}")
        };
        Self {
            namespace: namespace.to_owned(),
            name,
            key: "mesh".into(),
        }
    }

    /// The mesh config text a ConfigMap holds; a missing ConfigMap or key means Istio's defaults (`None`).
    pub fn mesh_of(&self, cm: Option<&ConfigMap>) -> Option<String> {
        cm?.data.as_ref()?.get(&self.key).cloned()
    }
}

/// The latest state of one watched ConfigMap, following the watcher's (re)list protocol.
#[derive(Default)]
struct Tracked {
    current: Option<ConfigMap>,
    relisted: Option<ConfigMap>,
}

impl Tracked {
    /// Apply one watch event; returns (the ConfigMap may have changed, count it as a ConfigMap event).
    fn apply(
        &mut self,
        event: Option<Result<Event<ConfigMap>, watcher::Error>>,
        what: &str,
    ) -> (bool, bool) {
        match event {
            None => (false, false),
            Some(Err(e)) => {
                tracing::warn!(error = %e, configmap = %what, "ConfigMap watch error; retrying");
                (false, false)
            }
            Some(Ok(Event::Init)) => {
                self.relisted = None;
                (false, false)
            }
            Some(Ok(Event::InitApply(cm))) => {
                self.relisted = Some(cm);
                (false, false)
            }
            Some(Ok(Event::InitDone)) => {
                // After a (re)list, the ConfigMap is whatever the list held, possibly nothing.
                self.current = self.relisted.take();
                (true, false)
            }
            Some(Ok(Event::Apply(cm))) => {
                self.current = Some(cm);
                (true, true)
            }
            Some(Ok(Event::Delete(_))) => {
                self.current = None;
                (true, true)
            }
        }
    }
}

fn watch_one(
    client: kube::Client,
    namespace: &str,
    name: &str,
) -> futures_util::stream::BoxStream<'static, Result<Event<ConfigMap>, watcher::Error>> {
    let api: Api<ConfigMap> = Api::namespaced(client, namespace);
    let config = watcher::Config::default().fields(&format!("metadata.name={name}"));
    watcher::watcher(api, config).default_backoff().boxed()
}

/// Watch the injector ConfigMap and the mesh config forever, feeding `source`. The mesh config comes from the
/// ConfigMap `mesh_cm` when given (a missing ConfigMap or key means Istio's defaults), otherwise from the mesh
/// file, re-read whenever `mesh_trigger` fires.
pub async fn watch_configmap<E: Engine>(
    client: kube::Client,
    cm_ref: ConfigMapRef,
    mesh_cm: Option<MeshConfigMapRef>,
    mut source: ConfigSource<E>,
    mesh_trigger: FileTrigger,
) {
    let mut injector_events = watch_one(client.clone(), &cm_ref.namespace, &cm_ref.name);
    let mut mesh_events = match &mesh_cm {
        Some(m) => watch_one(client, &m.namespace, &m.name),
        None => futures_util::stream::pending().boxed(),
    };
    let metrics = source.metrics().clone();
    let mut injector = Tracked::default();
    let mut mesh = Tracked::default();
    loop {
        let (changed, counted) = tokio::select! {
            event = injector_events.next() => {
                if event.is_none() {
                    return;
                }
                injector.apply(event, &cm_ref.name)
            }
            event = mesh_events.next() => {
                let name = mesh_cm.as_ref().map_or("", |m| m.name.as_str());
                mesh.apply(event, name)
            }
            _ = mesh_trigger.next(), if mesh_cm.is_none() => (true, false),
        };
        if changed {
            let mesh_text = match &mesh_cm {
                Some(m) => Ok(m.mesh_of(mesh.current.as_ref())),
                None => source.files().read_mesh(),
            };
            let set = mesh_text.and_then(|mesh| {
                config_set_from_configmap(injector.current.as_ref(), &cm_ref, mesh)
            });
            // Errors are logged and counted inside offer.
            let _ = source.offer(set).await;
        }
        if counted {
            metrics.configmap_events.inc();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn mesh_configmap_names_and_defaults() {
        let m = MeshConfigMapRef::istio("istio-system", "");
        assert_eq!(m.name, "istio");
        assert_eq!(MeshConfigMapRef::istio("ns", "canary").name, "istio-canary");
        let cm = ConfigMap {
            data: Some(BTreeMap::from([("mesh".to_string(), "a: b".to_string())])),
            ..Default::default()
        };
        assert_eq!(m.mesh_of(Some(&cm)).as_deref(), Some("a: b"));
        assert_eq!(m.mesh_of(Some(&ConfigMap::default())), None);
        assert_eq!(m.mesh_of(None), None);
    }

    #[test]
    fn reads_keys_like_istio() {
        let r = ConfigMapRef::istio("istio-system", "default");
        assert_eq!(r.name, "istio-sidecar-injector");
        assert_eq!(
            ConfigMapRef::istio("ns", "canary").name,
            "istio-sidecar-injector-canary"
        );
        let cm = |pairs: &[(&str, &str)]| ConfigMap {
            data: Some(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<BTreeMap<_, _>>(),
            ),
            ..Default::default()
        };
        let set = config_set_from_configmap(
            Some(&cm(&[("config", "c"), ("values", "v")])),
            &r,
            Some("m".into()),
        );
        assert_eq!(
            set,
            Ok(ConfigSet {
                config: "c".into(),
                values: "v".into(),
                mesh: Some("m".into())
            })
        );
        let missing =
            config_set_from_configmap(Some(&cm(&[("config", "c")])), &r, None).unwrap_err();
        assert!(missing.contains("\"values\""), "{missing}");
        assert_eq!(
            config_set_from_configmap(None, &r, None),
            Err("no ConfigMap found".into())
        );
    }
}
