//! The `sidecar.istio.io/status` annotation: what injection added (Istio's `getInjectionStatus`), and reading it
//! back on re-injection (`parseStatus`).

use serde_json::Value;

use crate::containers::{self, name_of, ContainerList};
use gotmpl::json::{self as gojson, ObjectWriter};

/// The annotation recording what was injected.
pub const STATUS_ANNOTATION: &str = "sidecar.istio.io/status";

fn names(list: &[Value]) -> Vec<&str> {
    list.iter().map(name_of).collect()
}

/// The status JSON for the pod the templates rendered (`template_pod`): the names of its init containers,
/// containers, volumes and image pull secrets, and the revision (`default` when empty). Empty lists are `null`,
/// as Go marshals nil slices.
pub fn injection_status(template_pod: &Value, revision: &str) -> String {
    let spec_list = |key: &str| -> Vec<&str> {
        template_pod
            .pointer(&format!("/spec/{key}"))
            .and_then(Value::as_array)
            .map(|l| names(l))
            .unwrap_or_default()
    };
    let mut s = String::new();
    let mut w = ObjectWriter::new(&mut s);
    for (key, list) in [
        (
            "initContainers",
            names(containers::list(
                template_pod,
                ContainerList::InitContainers,
            )),
        ),
        (
            "containers",
            names(containers::list(template_pod, ContainerList::Containers)),
        ),
        ("volumes", spec_list("volumes")),
        ("imagePullSecrets", spec_list("imagePullSecrets")),
    ] {
        let out = w.key(key);
        if list.is_empty() {
            out.push_str("null");
        } else {
            out.push('[');
            for (i, n) in list.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                gojson::write_str(out, n);
            }
            out.push(']');
        }
    }
    gojson::write_str(
        w.key("revision"),
        if revision.is_empty() {
            "default"
        } else {
            revision
        },
    );
    w.finish();
    s
}

/// Container names recorded in a status annotation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InjectedContainers {
    /// Regular containers.
    pub containers: Vec<String>,
    /// Init containers.
    pub init_containers: Vec<String>,
}

/// Reads the container names of a status annotation (Istio's `parseStatus`); `None` when it is not a JSON object.
pub fn parse_status(status: &str) -> Option<InjectedContainers> {
    let Ok(Value::Object(v)) = serde_json::from_str::<Value>(status) else {
        return None;
    };
    let list = |key: &str| -> Vec<String> {
        v.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect()
    };
    Some(InjectedContainers {
        containers: list("containers"),
        init_containers: list("initContainers"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn status_lists_names_and_nulls() {
        let tp =
            json!({"spec": {"containers": [{"name": "istio-proxy"}], "volumes": [{"name": "v"}]}});
        assert_eq!(
            injection_status(&tp, ""),
            r#"{"initContainers":null,"containers":["istio-proxy"],"volumes":["v"],"imagePullSecrets":null,"revision":"default"}"#
        );
    }

    #[test]
    fn parse_tolerates_nulls_and_garbage() {
        let p = parse_status(r#"{"containers":null,"initContainers":["istio-init"]}"#).unwrap();
        assert_eq!(p.init_containers, ["istio-init"]);
        assert!(p.containers.is_empty());
        assert_eq!(parse_status("nope"), None);
    }
}
