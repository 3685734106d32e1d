//! The logic of Istio's template helpers (`pkg/kube/inject/template.go`) over plain data. The template functions
//! registered for templates adapt their arguments to these.

use serde_json::{Map, Value};

use crate::containers::{name_of, PROXY_CONTAINER};

/// `directory`: the directory part of a slash-separated path, with its trailing `/` (`path.Split`).
pub fn directory(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    }
}

/// `indent`: pads every line except the first with `spaces` spaces (blank lines too).
pub fn indent(spaces: usize, source: &str) -> String {
    let pad = " ".repeat(spaces);
    let mut out = String::with_capacity(source.len() + spaces * source.matches('\n').count());
    for (i, line) in source.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}

/// `excludeInboundPort`: adds `port` (already printed and trimmed by the caller) to a comma-separated port list
/// unless it is empty, `0`, or already listed (compared untrimmed, as Istio does).
pub fn exclude_inbound_port(port: &str, excluded: &str) -> String {
    if port.is_empty() || port == "0" {
        return excluded.to_string();
    }
    let mut out = Vec::new();
    for p in excluded.split(',') {
        if p == port {
            return excluded.to_string();
        }
        let p = p.trim();
        if !p.is_empty() {
            out.push(p);
        }
    }
    out.push(port);
    out.join(",")
}

/// The TCP container ports of a container (UDP and SCTP ports are not captured), as decimal strings.
pub fn container_ports(container: &Value) -> Vec<String> {
    container
        .get("ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|p| {
            !matches!(
                p.get("protocol").and_then(Value::as_str),
                Some("UDP" | "SCTP")
            )
        })
        .map(|p| {
            p.get("containerPort")
                .and_then(Value::as_i64)
                .unwrap_or(0)
                .to_string()
        })
        .collect()
}

/// `includeInboundPorts` (`skip_proxy == false`) and `applicationPorts` (`true`).
pub fn inbound_ports<'c>(
    containers: impl IntoIterator<Item = &'c Value>,
    skip_proxy: bool,
) -> String {
    containers
        .into_iter()
        .filter(|c| !(skip_proxy && name_of(c) == PROXY_CONTAINER))
        .flat_map(container_ports)
        .collect::<Vec<_>>()
        .join(",")
}

/// `appendMultusNetwork`: adds `network` (`[ns/]name`) to a Multus networks annotation, flat or JSON, unless it is
/// already there. Unparsable JSON is returned unchanged.
pub fn append_multus_network(existing: &str, network: &str) -> String {
    if existing.is_empty() {
        return network.to_string();
    }
    if let Some(i) = existing.rfind(']') {
        let Ok(networks) = serde_json::from_str::<Vec<Map<String, Value>>>(existing) else {
            return existing.to_string();
        };
        let (ns, name) = network.split_once('/').unwrap_or(("", network));
        let present = networks.iter().any(|n| {
            n.get("name").and_then(Value::as_str) == Some(name)
                && match n.get("namespace") {
                    None | Some(Value::Null) => ns.is_empty(),
                    Some(v) => v.as_str() == Some(ns),
                }
        });
        if present {
            return existing.to_string();
        }
        let entry = if ns.is_empty() {
            format!(r#", {{"name": "{name}"}}"#)
        } else {
            format!(r#", {{"name": "{name}", "namespace": "{ns}"}}"#)
        };
        return format!("{}{entry}{}", &existing[..i], &existing[i..]);
    }
    if existing.split(',').any(|n| n.trim() == network) {
        return existing.to_string();
    }
    format!("{existing}, {network}")
}

/// `omitNil`: drops `null`s from maps and lists, recursively; containers left empty by that become `null`.
pub fn omit_nil(v: &Value) -> Value {
    omit_nil_changed(v).unwrap_or_else(|| v.clone())
}

/// The pruned value, or `None` when nothing changes (the input is kept as it is, empty containers included).
fn omit_nil_changed(v: &Value) -> Option<Value> {
    match v {
        Value::Null => Some(Value::Null),
        Value::Object(m) => {
            if !m.values().any(|x| omit_nil_changed(x).is_some()) {
                return None;
            }
            let out: Map<String, Value> = m
                .iter()
                .map(|(k, x)| (k.clone(), omit_nil(x)))
                .filter(|(_, x)| !x.is_null())
                .collect();
            Some(if out.is_empty() {
                Value::Null
            } else {
                Value::Object(out)
            })
        }
        Value::Array(items) => {
            let first = items.iter().position(|x| omit_nil_changed(x).is_some())?;
            let out: Vec<Value> = items[..first]
                .iter()
                .cloned()
                .chain(items[first..].iter().map(omit_nil).filter(|x| !x.is_null()))
                .collect();
            Some(if out.is_empty() {
                Value::Null
            } else {
                Value::Array(out)
            })
        }
        _ => None,
    }
}

fn non_empty<'m>(m: Option<&'m Map<String, Value>>, k: &str) -> Option<&'m str> {
    m.and_then(|m| m.get(k))
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
}

/// Whether a MeshConfig (proto JSON) has an OpenTelemetry provider with OTel semantic-convention enrichment.
pub fn has_otel_semantic_conventions(mesh: &Value) -> bool {
    mesh.get("extensionProviders")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|ep| {
            ep.pointer("/opentelemetry/serviceAttributeEnrichment")
                .and_then(Value::as_str)
                == Some("OTEL_SEMANTIC_CONVENTIONS")
        })
}

/// `otelResourceAttributes`: the `OTEL_RESOURCE_ATTRIBUTES` value (empty unless the mesh asks for OTel semantic
/// conventions).
pub fn otel_resource_attributes(
    mesh: &Value,
    annotations: Option<&Map<String, Value>>,
    labels: Option<&Map<String, Value>>,
    namespace: &str,
    containers: &[&Value],
) -> String {
    if !has_otel_semantic_conventions(mesh) {
        return String::new();
    }
    let mut attrs = Vec::new();
    if let Some(v) = non_empty(annotations, "resource.opentelemetry.io/service.namespace") {
        attrs.push(format!("service.namespace={v}"));
    } else if !namespace.is_empty() {
        attrs.push(format!("service.namespace={namespace}"));
    }
    if let Some(v) = non_empty(annotations, "resource.opentelemetry.io/service.version")
        .or_else(|| non_empty(labels, "app.kubernetes.io/version"))
    {
        attrs.push(format!("service.version={v}"));
    } else if let [only] = containers {
        let image = only.get("image").and_then(Value::as_str).unwrap_or("");
        let version = match image_tag_digest(image) {
            (tag, digest) if !tag.is_empty() && !digest.is_empty() => format!("{tag}@{digest}"),
            (_, digest) if !digest.is_empty() => digest.to_string(),
            (tag, _) => tag.to_string(),
        };
        if !version.is_empty() {
            attrs.push(format!("service.version={version}"));
        }
    }
    if let Some(v) = non_empty(annotations, "resource.opentelemetry.io/service.instance.id") {
        attrs.push(format!("service.instance.id={v}"));
    } else if let Some(first) = containers.first() {
        attrs.push(format!(
            "service.instance.id={namespace}.$(POD_NAME).{}",
            name_of(first)
        ));
    }
    attrs.join(",")
}

/// The tag (after the last `:` following the last `/`) and digest (after `@`) of an image reference.
fn image_tag_digest(image: &str) -> (&str, &str) {
    let (image, digest) = image.split_once('@').unwrap_or((image, ""));
    let last_slash = image.rfind('/');
    let tag = match image.rfind(':') {
        Some(c) if last_slash.is_none_or(|s| c > s) => &image[c + 1..],
        _ => "",
    };
    (tag, digest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_helpers() {
        assert_eq!(directory("/var/run/secrets/x.pem"), "/var/run/secrets/");
        assert_eq!(directory("x"), "");
        assert_eq!(indent(2, "a\n\nb"), "a\n  \n  b");
        assert_eq!(exclude_inbound_port("15020", "80, 8080"), "80,8080,15020");
        assert_eq!(exclude_inbound_port("15020", "15020"), "15020");
        assert_eq!(exclude_inbound_port("0", "80"), "80");
    }

    #[test]
    fn omit_nil_keeps_untouched_values() {
        assert_eq!(
            omit_nil(&json!({"a": {}, "b": 1})),
            json!({"a": {}, "b": 1})
        );
        assert_eq!(
            omit_nil(&json!({"a": {"x": null}, "b": [null, 1]})),
            json!({"b": [1]})
        );
        assert_eq!(omit_nil(&json!({"a": null})), Value::Null);
    }

    #[test]
    fn image_versions() {
        assert_eq!(
            image_tag_digest("reg:5000/app:1.2@sha256:abc"),
            ("1.2", "sha256:abc")
        );
        assert_eq!(image_tag_digest("reg:5000/app"), ("", ""));
    }
}
