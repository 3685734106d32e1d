//! Injector configuration from the Kubernetes API (Istio's `NewConfigMapWatcher` + `readConfigMap`, used by
//! istiod when no config file is mounted): a field-selected watch on one ConfigMap; every add/update offers the
//! `config`/`values` keys (plus the mesh file) to the [`ConfigSource`], which validates before publishing.
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

/// Watch the ConfigMap (and the mesh file, through `mesh_trigger`) forever, feeding `source`.
pub async fn watch_configmap<E: Engine>(
    client: kube::Client,
    cm_ref: ConfigMapRef,
    mut source: ConfigSource<E>,
    mesh_trigger: FileTrigger,
) {
    let api: Api<ConfigMap> = Api::namespaced(client, &cm_ref.namespace);
    let config = watcher::Config::default().fields(&format!("metadata.name={}", cm_ref.name));
    let mut events = watcher::watcher(api, config).default_backoff().boxed();
    let metrics = source.metrics().clone();
    let mut current: Option<ConfigMap> = None;
    let mut relisted: Option<ConfigMap> = None;
    loop {
        // (re-offer the set, count a ConfigMap event once it has been handled)
        let (changed, counted) = tokio::select! {
            event = events.next() => match event {
                None => return,
                Some(Err(e)) => {
                    tracing::warn!(error = %e, configmap = %cm_ref.name, "ConfigMap watch error; retrying");
                    (false, false)
                }
                Some(Ok(Event::Init)) => {
                    relisted = None;
                    (false, false)
                }
                Some(Ok(Event::InitApply(cm))) => {
                    relisted = Some(cm);
                    (false, false)
                }
                Some(Ok(Event::InitDone)) => {
                    // After a (re)list, the ConfigMap is whatever the list held, possibly nothing.
                    current = relisted.take();
                    (true, false)
                }
                Some(Ok(Event::Apply(cm))) => {
                    current = Some(cm);
                    (true, true)
                }
                Some(Ok(Event::Delete(_))) => {
                    current = None;
                    (true, true)
                }
            },
            _ = mesh_trigger.next() => (true, false),
        };
        if changed {
            let set = source
                .files()
                .read_mesh()
                .and_then(|mesh| config_set_from_configmap(current.as_ref(), &cm_ref, mesh));
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
