//! Application probe rewriting: Istio's `app_probe.go` (`ShouldRewriteAppHTTPProbers`, `DumpAppProbers`,
//! `patchRewriteProbe`) and `mergeOrAppendProbers`.
//!
//! HTTP, TCP and gRPC probes and HTTP/TCP lifecycle hooks of the application containers are redirected to the
//! agent's status port (`/app-health/<container>/<readyz|livez|startupz>`,
//! `/app-lifecycle/<container>/<prestopz|poststartz>`); the original handlers travel to the agent in the
//! `ISTIO_KUBE_APP_PROBERS` env of the proxy.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::containers::{self, name_of, ContainerList, PROXY_CONTAINER};
use crate::goconv::{atoi, parse_bool};
use gotmpl::json::{self as gojson, ObjectWriter};

/// The env var carrying the original probes to the agent.
pub const KUBE_APP_PROBERS_ENV: &str = "ISTIO_KUBE_APP_PROBERS";
/// The annotation that turns rewriting on or off for a pod.
pub const REWRITE_ANNOTATION: &str = "sidecar.istio.io/rewriteAppHTTPProbers";
/// The annotation overriding the agent's status port.
pub const STATUS_PORT_ANNOTATION: &str = "status.sidecar.istio.io/port";

/// Whether to rewrite probes: the pod annotation when it parses as a bool, else the values setting.
pub fn should_rewrite(annotations: Option<&Map<String, Value>>, values_setting: bool) -> bool {
    annotations
        .and_then(|a| a.get(REWRITE_ANNOTATION))
        .and_then(Value::as_str)
        .and_then(parse_bool)
        .unwrap_or(values_setting)
}

/// The five agent URLs of a container, in the order readyz, livez, startupz, prestopz, poststartz.
fn prober_urls(container: &str) -> [String; 5] {
    [
        format!("/app-health/{container}/readyz"),
        format!("/app-health/{container}/livez"),
        format!("/app-health/{container}/startupz"),
        format!("/app-lifecycle/{container}/prestopz"),
        format!("/app-lifecycle/{container}/poststartz"),
    ]
}

/// One entry of `ISTIO_KUBE_APP_PROBERS`: a handler and its timeout.
#[derive(Debug, Clone, PartialEq)]
struct Prober {
    kind: Handler,
    action: Value,
    timeout_seconds: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Handler {
    HttpGet,
    TcpSocket,
    Grpc,
}

impl Handler {
    fn key(self) -> &'static str {
        match self {
            Handler::HttpGet => "httpGet",
            Handler::TcpSocket => "tcpSocket",
            Handler::Grpc => "grpc",
        }
    }
}

/// The prober of a probe (`with_timeout`) or lifecycle handler (HTTP and TCP only); `None` for exec, sleep and
/// absent handlers.
fn prober_of(handler: Option<&Value>, with_timeout: bool) -> Option<Prober> {
    let h = handler?.as_object()?;
    let kinds: &[Handler] = if with_timeout {
        &[Handler::HttpGet, Handler::TcpSocket, Handler::Grpc]
    } else {
        &[Handler::HttpGet, Handler::TcpSocket]
    };
    let kind = *kinds
        .iter()
        .find(|k| h.get(k.key()).is_some_and(|v| !v.is_null()))?;
    let timeout_seconds = if with_timeout {
        h.get("timeoutSeconds").and_then(Value::as_i64).unwrap_or(0)
    } else {
        0
    };
    Some(Prober {
        kind,
        action: h[kind.key()].clone(),
        timeout_seconds,
    })
}

/// Resolves a named port, and drops probes already aimed at the status port (or naming an unknown port).
fn resolve_port(
    mut p: Prober,
    named_ports: &BTreeMap<&str, i64>,
    status_port: i64,
) -> Option<Prober> {
    if p.kind == Handler::Grpc {
        return Some(p);
    }
    let port = p.action.get("port").cloned().unwrap_or(Value::from(0));
    match port {
        Value::String(name) => {
            let resolved = *named_ports.get(name.as_str())?;
            p.action["port"] = Value::from(resolved);
        }
        Value::Number(n) if n.as_i64() == Some(status_port) => return None,
        _ => {}
    }
    Some(p)
}

/// Istio's `DumpAppProbers`: the `ISTIO_KUBE_APP_PROBERS` value for `pod`, or `None` when there is nothing to
/// rewrite. Init containers come first, `istio-proxy` is skipped.
pub fn dump_app_probers(pod: &Value, status_port: i64) -> Option<String> {
    let mut out: BTreeMap<String, Prober> = BTreeMap::new();
    let all = containers::list(pod, ContainerList::InitContainers)
        .iter()
        .chain(containers::list(pod, ContainerList::Containers));
    for c in all {
        let name = name_of(c);
        if name == PROXY_CONTAINER {
            continue;
        }
        let named_ports: BTreeMap<&str, i64> = c
            .get("ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let n = p
                    .get("name")
                    .and_then(Value::as_str)
                    .filter(|n| !n.is_empty())?;
                Some((
                    n,
                    p.get("containerPort").and_then(Value::as_i64).unwrap_or(0),
                ))
            })
            .collect();
        let [readyz, livez, startupz, prestopz, poststartz] = prober_urls(name);
        let lifecycle = c.get("lifecycle");
        let candidates = [
            (readyz, prober_of(c.get("readinessProbe"), true)),
            (livez, prober_of(c.get("livenessProbe"), true)),
            (startupz, prober_of(c.get("startupProbe"), true)),
            (
                prestopz,
                prober_of(lifecycle.and_then(|l| l.get("preStop")), false),
            ),
            (
                poststartz,
                prober_of(lifecycle.and_then(|l| l.get("postStart")), false),
            ),
        ];
        for (url, prober) in candidates {
            if let Some(p) = prober.and_then(|p| resolve_port(p, &named_ports, status_port)) {
                out.insert(url, p);
            }
        }
    }
    if out.is_empty() {
        return None;
    }
    let mut s = String::new();
    let mut w = ObjectWriter::new(&mut s);
    for (url, p) in &out {
        write_prober(w.key(url), p);
    }
    w.finish();
    Some(s)
}

/// Writes a prober as Go marshals `inject.Prober` (fields in declaration order, typed actions).
fn write_prober(out: &mut String, p: &Prober) {
    let mut w = ObjectWriter::new(out);
    let action = w.key(p.kind.key());
    match p.kind {
        Handler::HttpGet => write_http_get(action, &p.action),
        Handler::TcpSocket => write_tcp_socket(action, &p.action),
        Handler::Grpc => write_grpc(action, &p.action),
    }
    if p.timeout_seconds != 0 {
        gojson::write_number(w.key("timeoutSeconds"), &p.timeout_seconds.into());
    }
    w.finish();
}

fn non_empty_str<'v>(a: &'v Value, key: &str) -> Option<&'v str> {
    a.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn int_or_string(a: &Value, key: &str) -> Value {
    match a.get(key) {
        Some(v @ (Value::Number(_) | Value::String(_))) => v.clone(),
        _ => Value::from(0),
    }
}

/// `corev1.HTTPGetAction`: path, port, host, scheme, httpHeaders.
fn write_http_get(out: &mut String, a: &Value) {
    let mut w = ObjectWriter::new(out);
    if let Some(path) = non_empty_str(a, "path") {
        gojson::write_str(w.key("path"), path);
    }
    w.value("port", &int_or_string(a, "port"));
    if let Some(host) = non_empty_str(a, "host") {
        gojson::write_str(w.key("host"), host);
    }
    if let Some(scheme) = non_empty_str(a, "scheme") {
        gojson::write_str(w.key("scheme"), scheme);
    }
    if let Some(headers) = a
        .get("httpHeaders")
        .and_then(Value::as_array)
        .filter(|h| !h.is_empty())
    {
        let out = w.key("httpHeaders");
        out.push('[');
        for (i, h) in headers.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let mut hw = ObjectWriter::new(out);
            gojson::write_str(
                hw.key("name"),
                h.get("name").and_then(Value::as_str).unwrap_or(""),
            );
            gojson::write_str(
                hw.key("value"),
                h.get("value").and_then(Value::as_str).unwrap_or(""),
            );
            hw.finish();
        }
        out.push(']');
    }
    w.finish();
}

/// `corev1.TCPSocketAction`: port, host.
fn write_tcp_socket(out: &mut String, a: &Value) {
    let mut w = ObjectWriter::new(out);
    w.value("port", &int_or_string(a, "port"));
    if let Some(host) = non_empty_str(a, "host") {
        gojson::write_str(w.key("host"), host);
    }
    w.finish();
}

/// `corev1.GRPCAction`: port, service (a pointer without omitempty: `null` when unset).
fn write_grpc(out: &mut String, a: &Value) {
    let mut w = ObjectWriter::new(out);
    w.value(
        "port",
        &a.get("port")
            .filter(|p| p.is_number())
            .cloned()
            .unwrap_or(Value::from(0)),
    );
    w.value(
        "service",
        &a.get("service")
            .filter(|s| s.is_string())
            .cloned()
            .unwrap_or(Value::Null),
    );
    w.finish();
}

/// Istio's `patchRewriteProbe`: points every HTTP/TCP/gRPC probe and HTTP/TCP lifecycle hook of the
/// non-proxy containers at the agent. The port comes from the status-port annotation (read with `Atoi`, untrimmed;
/// an unparsable value gives port 0, as in Istio), else `default_port`.
pub fn patch_rewrite_probes(pod: &mut Value, default_port: i64) {
    let status_port = match pod
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(STATUS_PORT_ANNOTATION))
    {
        Some(v) => v.as_str().and_then(atoi).unwrap_or(0),
        None => default_port,
    };
    for which in [ContainerList::Containers, ContainerList::InitContainers] {
        let Some(list) = pod
            .pointer_mut(&format!("/spec/{}", which.key()))
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        for c in list.iter_mut().filter(|c| name_of(c) != PROXY_CONTAINER) {
            let [readyz, livez, startupz, prestopz, poststartz] = prober_urls(name_of(c));
            let Some(obj) = c.as_object_mut() else {
                continue;
            };
            for (key, url) in [
                ("readinessProbe", readyz),
                ("livenessProbe", livez),
                ("startupProbe", startupz),
            ] {
                if let Some(probe) = obj.get_mut(key) {
                    rewrite_handler(probe, &url, status_port, true);
                }
            }
            if let Some(lifecycle) = obj.get_mut("lifecycle").and_then(Value::as_object_mut) {
                for (key, url) in [("preStop", prestopz), ("postStart", poststartz)] {
                    if let Some(h) = lifecycle.get_mut(key) {
                        rewrite_handler(h, &url, status_port, false);
                    }
                }
            }
        }
    }
}

fn rewrite_handler(handler: &mut Value, url: &str, port: i64, grpc_allowed: bool) {
    let Some(h) = handler.as_object_mut() else {
        return;
    };
    let present = |h: &Map<String, Value>, k: &str| h.get(k).is_some_and(|v| !v.is_null());
    if present(h, "httpGet") {
        if let Some(get) = h.get_mut("httpGet").and_then(Value::as_object_mut) {
            rewrite_http_get(get, url, port);
        }
        return;
    }
    let from = if present(h, "tcpSocket") {
        "tcpSocket"
    } else if grpc_allowed && present(h, "grpc") {
        "grpc"
    } else {
        return;
    };
    h.remove(from);
    let mut get = Map::new();
    rewrite_http_get(&mut get, url, port);
    h.insert("httpGet".to_string(), Value::Object(get));
}

fn rewrite_http_get(get: &mut Map<String, Value>, url: &str, port: i64) {
    get.insert("port".to_string(), Value::from(port));
    get.insert("path".to_string(), Value::from(url));
    if get.get("scheme").and_then(Value::as_str) == Some("HTTPS") {
        get.insert("scheme".to_string(), Value::from("HTTP"));
    }
}

/// Istio's `mergeOrAppendProbers`: appends `ISTIO_KUBE_APP_PROBERS`, or on re-injection merges the new probers
/// into the existing value (old entries win) and re-serializes it in place.
pub fn merge_or_append_probers(previously_injected: bool, env: &mut Vec<Value>, new_probers: &str) {
    let append = |env: &mut Vec<Value>| {
        env.push(json!({"name": KUBE_APP_PROBERS_ENV, "value": new_probers}))
    };
    if !previously_injected {
        return append(env);
    }
    let Some(existing) = env
        .iter_mut()
        .find(|e| e.get("name").and_then(Value::as_str) == Some(KUBE_APP_PROBERS_ENV))
    else {
        return append(env);
    };
    let old: Option<BTreeMap<String, Value>> =
        serde_json::from_str(existing.get("value").and_then(Value::as_str).unwrap_or("")).ok();
    let new: Option<BTreeMap<String, Value>> = serde_json::from_str(new_probers).ok();
    let (Some(old), Some(mut merged)) = (old, new) else {
        return;
    };
    merged.extend(old);
    let mut s = String::new();
    let mut w = ObjectWriter::new(&mut s);
    for (url, p) in &merged {
        match p.as_object().and_then(|_| decode_prober(p)) {
            Some(prober) => write_prober(w.key(url), &prober),
            None => gojson::write_value(w.key(url), &Value::Null),
        }
    }
    w.finish();
    *existing = json!({"name": KUBE_APP_PROBERS_ENV, "value": s});
}

/// Reads back a serialized prober (as Go unmarshals `inject.Prober`).
fn decode_prober(v: &Value) -> Option<Prober> {
    let kind = [Handler::HttpGet, Handler::TcpSocket, Handler::Grpc]
        .into_iter()
        .find(|k| v.get(k.key()).is_some_and(|a| !a.is_null()))?;
    Some(Prober {
        kind,
        action: v[kind.key()].clone(),
        timeout_seconds: v.get("timeoutSeconds").and_then(Value::as_i64).unwrap_or(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dumps_named_ports_and_skips_status_port() {
        let pod = json!({"spec": {"containers": [{"name": "app",
            "ports": [{"name": "http", "containerPort": 8080}],
            "readinessProbe": {"httpGet": {"port": "http", "path": "/ready"}, "timeoutSeconds": 1},
            "livenessProbe": {"httpGet": {"port": 15020, "path": "/x"}},
            "startupProbe": {"tcpSocket": {"port": "missing"}}}]}});
        let dumped = dump_app_probers(&pod, 15020).unwrap();
        assert_eq!(
            dumped,
            r#"{"/app-health/app/readyz":{"httpGet":{"path":"/ready","port":8080},"timeoutSeconds":1}}"#
        );
    }

    #[test]
    fn rewrites_tcp_and_grpc_to_http() {
        let mut pod = json!({"metadata": {"annotations": {STATUS_PORT_ANNOTATION: " 15021"}},
            "spec": {"containers": [{"name": "app",
                "livenessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 3},
                "readinessProbe": {"grpc": {"port": 90}},
                "lifecycle": {"preStop": {"httpGet": {"port": 80, "scheme": "HTTPS"}}}}]}});
        patch_rewrite_probes(&mut pod, 15020);
        let c = &pod["spec"]["containers"][0];
        assert_eq!(
            c["livenessProbe"],
            json!({"httpGet": {"path": "/app-health/app/livez", "port": 0}, "periodSeconds": 3})
        );
        assert_eq!(
            c["readinessProbe"],
            json!({"httpGet": {"path": "/app-health/app/readyz", "port": 0}})
        );
        assert_eq!(c["lifecycle"]["preStop"]["httpGet"]["scheme"], "HTTP");
    }
}
