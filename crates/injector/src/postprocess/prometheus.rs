//! Prometheus metrics merging: Istio's `applyPrometheusMerge` and `applySecurePrometheusAnnotation`.
//!
//! With merging on, the application's `prometheus.io/*` scrape settings move into the proxy's
//! `ISTIO_PROMETHEUS_ANNOTATIONS` env and the pod's annotations point Prometheus at the agent, which serves
//! Envoy's and the application's metrics together. Annotation keys are compared after sanitizing
//! (every character outside `[A-Za-z0-9_]` becomes `_`), so `prometheus.io/port` and `prometheus_io_port` are one.

use serde_json::{json, Map, Value};

use crate::containers::{self, PROXY_CONTAINER};
use crate::goconv::{atoi, parse_bool};
use crate::pod::ensure_object;
use gotmpl::json::{self as gojson, ObjectWriter};

/// The env carrying the application's scrape settings to the agent.
pub const PROMETHEUS_ENV: &str = "ISTIO_PROMETHEUS_ANNOTATIONS";
/// The annotation turning merging on or off for a pod.
pub const MERGE_METRICS_ANNOTATION: &str = "prometheus.istio.io/merge-metrics";
/// The annotation advertising the secure merged-metrics port.
pub const SECURE_PORT_ANNOTATION: &str = "prometheus.istio.io/secure-port";

const SCRAPE: &str = "prometheus_io_scrape";
const PORT: &str = "prometheus_io_port";
const PATH: &str = "prometheus_io_path";
const SCRAPE_TARGETS: &str = "prometheus_istio_io_scrape_targets";
const SECURE_PORT: &str = "prometheus_istio_io_secure_port";

/// Ports the Istio data plane owns, which an application scrape target may not use, with the reason.
pub const RESERVED_PORTS: [(&str, &str); 9] = [
    ("15000", "Envoy admin"),
    ("15001", "outbound traffic capture"),
    ("15004", "pilot debug"),
    ("15006", "inbound traffic capture"),
    ("15008", "HBONE tunnel"),
    ("15020", "pilot-agent status / merged Prometheus"),
    ("15021", "Envoy health"),
    ("15053", "DNS proxy"),
    ("15090", "Envoy Prometheus (already merged)"),
];

/// `strutil.SanitizeLabelName`.
pub fn sanitize(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `sanitize(key) == sanitized`, without building the sanitized key.
fn sanitizes_to(key: &str, sanitized: &str) -> bool {
    let mut want = sanitized.chars();
    key.chars().all(|c| {
        let c = if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '_'
        };
        want.next() == Some(c)
    }) && want.next().is_none()
}

/// The value of the first annotation (in key order) whose sanitized key is `sanitized`.
fn sanitized_get<'a>(annotations: &'a Map<String, Value>, sanitized: &str) -> Option<&'a str> {
    annotations
        .iter()
        .find(|(k, _)| sanitizes_to(k, sanitized))
        .and_then(|(_, v)| v.as_str())
}

/// One application metrics endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScrapeTarget {
    /// The port, as written.
    pub port: String,
    /// The path (`/metrics` when omitted).
    pub path: String,
}

/// The application's scrape settings (the agent's `PrometheusScrapeConfiguration`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScrapeConfig {
    /// `prometheus.io/scrape`.
    pub scrape: String,
    /// `prometheus.io/path`.
    pub path: String,
    /// `prometheus.io/port`.
    pub port: String,
    /// `prometheus.istio.io/scrape-targets`.
    pub targets: Vec<ScrapeTarget>,
}

impl ScrapeConfig {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.scrape.is_empty()
            && self.path.is_empty()
            && self.port.is_empty()
            && self.targets.is_empty()
    }

    /// The env value, as Go marshals the struct (`targets` omitted when empty).
    pub fn to_json(&self) -> String {
        let mut s = String::new();
        let mut w = ObjectWriter::new(&mut s);
        gojson::write_str(w.key("scrape"), &self.scrape);
        gojson::write_str(w.key("path"), &self.path);
        gojson::write_str(w.key("port"), &self.port);
        if !self.targets.is_empty() {
            let out = w.key("targets");
            out.push('[');
            for (i, t) in self.targets.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let mut tw = ObjectWriter::new(out);
                gojson::write_str(tw.key("port"), &t.port);
                gojson::write_str(tw.key("path"), &t.path);
                tw.finish();
            }
            out.push(']');
        }
        w.finish();
        s
    }
}

/// Parses `port[:path],...` (entries trimmed, empty entries skipped, path defaulting to `/metrics`).
pub fn parse_scrape_targets(raw: &str) -> Result<Vec<ScrapeTarget>, String> {
    let mut targets = Vec::new();
    for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (port, path) = match entry.split_once(':') {
            Some((port, path)) => (port.trim(), path.trim()),
            None => (entry, ""),
        };
        if port.is_empty() {
            return Err(format!("empty port in scrape target {entry:?}"));
        }
        let path = if path.is_empty() { "/metrics" } else { path };
        targets.push(ScrapeTarget {
            port: port.to_string(),
            path: path.to_string(),
        });
    }
    Ok(targets)
}

/// Collects the scrape settings from the pod's annotations (`getPrometheusScrapeConfiguration`). A target list
/// that does not parse is ignored, as Istio only warns about it.
pub fn scrape_config(annotations: &Map<String, Value>) -> ScrapeConfig {
    let get = |k| sanitized_get(annotations, k).unwrap_or("").to_string();
    ScrapeConfig {
        scrape: get(SCRAPE),
        path: get(PATH),
        port: get(PORT),
        targets: sanitized_get(annotations, SCRAPE_TARGETS)
            .and_then(|raw| parse_scrape_targets(raw).ok())
            .unwrap_or_default(),
    }
}

/// Whether merging is on: the merge-metrics annotation when it parses, else the mesh setting, else true.
pub fn merge_enabled(
    mesh_enable_prometheus_merge: Option<bool>,
    annotations: Option<&Map<String, Value>>,
) -> bool {
    annotations
        .and_then(|a| a.get(MERGE_METRICS_ANNOTATION))
        .and_then(Value::as_str)
        .and_then(parse_bool)
        .or(mesh_enable_prometheus_merge)
        .unwrap_or(true)
}

fn scrape_wanted(annotations: &Map<String, Value>) -> bool {
    annotations
        .iter()
        .filter(|(k, _)| sanitizes_to(k, SCRAPE))
        .find_map(|(_, v)| v.as_str().and_then(parse_bool))
        .unwrap_or(true)
}

fn check_port(kind: &str, port: &str, agent_port: &str) -> Result<(), String> {
    let valid = atoi(port).filter(|p| (1..=65535).contains(p));
    let (what, label) = if kind == "targets" {
        ("target port", "scrape targets")
    } else {
        ("port", "scrape configuration")
    };
    let Some(n) = valid else {
        return Err(format!(
            "invalid prometheus {label}: invalid {what} {port:?}"
        ));
    };
    let canonical = n.to_string();
    if canonical == agent_port {
        return Err(format!(
            "invalid prometheus {label}: {what} {port} conflicts with agent port"
        ));
    }
    if let Some((_, reason)) = RESERVED_PORTS.iter().find(|(p, _)| *p == canonical) {
        return Err(format!("invalid prometheus {label}: {what} {port} is reserved for Istio ({reason}) and cannot be scraped"));
    }
    Ok(())
}

/// Istio's `applyPrometheusMerge` on the merged pod. `status_port` is the mesh default status port (the pod's
/// status-port annotation is deliberately not used, as in Istio). An invalid scrape port rejects the pod.
pub fn apply_prometheus_merge(
    pod: &mut Value,
    status_port: i64,
    mesh_enable_merge: Option<bool>,
) -> Result<(), String> {
    let empty = Map::new();
    let annotations = pod
        .pointer("/metadata/annotations")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    if !(scrape_wanted(annotations) && merge_enabled(mesh_enable_merge, Some(annotations))) {
        return Ok(());
    }
    let agent_port = status_port.to_string();
    if sanitized_get(annotations, PORT) == Some(agent_port.as_str()) {
        return Ok(());
    }
    let mut scrape = scrape_config(annotations);
    if let Some(first) = scrape.targets.first().cloned() {
        scrape.port = first.port;
        scrape.path = first.path;
        for t in &scrape.targets {
            check_port("targets", &t.port, &agent_port)?;
        }
    } else if !scrape.port.is_empty() {
        check_port("port", &scrape.port, &agent_port)?;
    }

    if !scrape.is_empty() {
        if let Some(env) =
            containers::find_in_pod_mut(pod, PROXY_CONTAINER).and_then(containers::env_mut)
        {
            env.push(json!({"name": PROMETHEUS_ENV, "value": scrape.to_json()}));
        }
    }
    let annotations = annotations_mut(pod);
    annotations
        .retain(|k, _| !matches!(sanitize(k).as_str(), SCRAPE | PORT | PATH | SCRAPE_TARGETS));
    annotations.insert("prometheus.io/port".into(), Value::from(agent_port));
    annotations.insert(
        "prometheus.io/path".into(),
        Value::from("/stats/prometheus"),
    );
    annotations.insert("prometheus.io/scrape".into(), Value::from("true"));
    Ok(())
}

/// Istio's `clearPrometheusAnnotations`: drops every variant of the scrape, port, path and scrape-targets
/// annotations.
pub fn clear_scrape_annotations(annotations: &mut Map<String, Value>) {
    annotations
        .retain(|k, _| !matches!(sanitize(k).as_str(), SCRAPE | PORT | PATH | SCRAPE_TARGETS));
}

/// Istio's `applySecurePrometheusAnnotation`: advertises `ENVOY_SECURE_MERGED_METRICS_PORT` of the proxy as
/// `prometheus.istio.io/secure-port`, unless the pod already has that annotation.
pub fn apply_secure_prometheus_annotation(pod: &mut Value) {
    let has_annotation = pod
        .pointer("/metadata/annotations")
        .and_then(Value::as_object)
        .is_some_and(|a| a.keys().any(|k| sanitizes_to(k, SECURE_PORT)));
    if has_annotation {
        return;
    }
    let port = containers::find_sidecar(pod)
        .and_then(|c| c.get("env"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|e| e.get("name").and_then(Value::as_str) == Some("ENVOY_SECURE_MERGED_METRICS_PORT"))
        .and_then(|e| e.get("value").and_then(Value::as_str))
        .filter(|v| !v.is_empty() && *v != "0")
        .map(str::to_string);
    if let Some(port) = port {
        annotations_mut(pod).insert(SECURE_PORT_ANNOTATION.into(), Value::from(port));
    }
}

/// `metadata.annotations` for modification, created when absent.
pub(crate) fn annotations_mut(pod: &mut Value) -> &mut Map<String, Value> {
    let meta = ensure_object(pod).entry("metadata").or_insert(Value::Null);
    ensure_object(
        ensure_object(meta)
            .entry("annotations")
            .or_insert(Value::Null),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_to_matches_sanitize() {
        for key in [
            "prometheus.io/scrape",
            "prometheus_io_scrape",
            "prometheus.io/scrapes",
            "prometheus.io/scrap",
            "prométheus.io/scrape",
            "",
            "_",
            "a-b",
            "ü",
            "prometheus.io/port",
        ] {
            for target in ["prometheus_io_scrape", "prometheus_io_port", "", "_", "a_b"] {
                assert_eq!(
                    sanitizes_to(key, target),
                    sanitize(key) == target,
                    "{key} {target}"
                );
            }
        }
    }

    #[test]
    fn moves_app_settings_to_the_proxy_env() {
        let mut pod = json!({"metadata": {"annotations": {"prometheus.io/port": "8080", "prometheus_io_path": "/m"}},
            "spec": {"containers": [{"name": "app"}, {"name": "istio-proxy"}]}});
        apply_prometheus_merge(&mut pod, 15020, None).unwrap();
        assert_eq!(
            pod["metadata"]["annotations"],
            json!({"prometheus.io/port": "15020", "prometheus.io/path": "/stats/prometheus", "prometheus.io/scrape": "true"})
        );
        assert_eq!(
            pod["spec"]["containers"][1]["env"][0]["value"],
            r#"{"scrape":"","path":"/m","port":"8080"}"#
        );
    }

    #[test]
    fn opt_outs_and_bad_ports() {
        let mut off = json!({"metadata": {"annotations": {"prometheus.io/scrape": "false"}}});
        apply_prometheus_merge(&mut off, 15020, None).unwrap();
        assert_eq!(
            off["metadata"]["annotations"].as_object().map(Map::len),
            Some(1)
        );
        let mut bad = json!({"metadata": {"annotations": {"prometheus.io/port": "15090"}}});
        let err = apply_prometheus_merge(&mut bad, 15020, None).unwrap_err();
        assert!(
            err.contains("reserved for Istio (Envoy Prometheus (already merged))"),
            "{err}"
        );
        let mut agent =
            json!({"metadata": {"annotations": {"prometheus.istio.io/scrape-targets": "15020"}}});
        assert!(apply_prometheus_merge(&mut agent, 15021, None).is_err());
    }
}
