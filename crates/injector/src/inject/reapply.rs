//! User overrides of injected containers: Istio's `reapplyOverwrittenContainers` and `adjustInitContainerUser`.
//!
//! A pod may declare its own `istio-proxy` (or `istio-init`) with a few fields set; those fields win over the
//! template's. They are recorded in `proxy.istio.io/overrides` on first injection so re-injection can apply them
//! again after stripping the previous injection.
//!
//! Deliberate deviation from Istio (re-injection only; first injections are unchanged): Istio skips every
//! container listed in `sidecar.istio.io/status`, so the recorded overrides of `istio-proxy`/`istio-init` are
//! lost when an injected pod is injected again. Here a listed container gets its recorded override re-applied
//! (never the previously injected container itself), and `adjustInitContainerUser` reads the user's proxy UID/GID
//! from the recorded override instead of from the injected proxy. Re-injecting an injected pod then changes
//! nothing (see `docs/injector-deviations.md`).

use serde_json::{json, Value};

use super::render::{apply_overlay, recorded_overrides, PROXY_OVERRIDES_ANNOTATION};
use super::InjectError;
use crate::containers::{
    self, name_of, ContainerList, INIT_CONTAINER, PROXY_CONTAINER, VALIDATION_CONTAINER,
};
use crate::kube::marshal::marshal_struct;
use crate::kube::schema::struct_by_name;
use crate::postprocess::prometheus::annotations_mut;
use crate::postprocess::status::{parse_status, STATUS_ANNOTATION};

/// The image name meaning "keep the injected image".
pub const AUTO_IMAGE: &str = "auto";
const INTERCEPTION_MODE_ANNOTATION: &str = "sidecar.istio.io/interceptionMode";

fn overlay_of(c: &Value) -> Value {
    let mut overlay = c.clone();
    if overlay.get("image").and_then(Value::as_str) == Some(AUTO_IMAGE) {
        if let Some(o) = overlay.as_object_mut() {
            o.remove("image");
        }
    }
    overlay
}

/// Re-applies the user's versions of injected containers onto the merged pod.
pub(super) fn reapply_overwritten_containers(
    mut merged: Value,
    original: &Value,
    template_pod: &Value,
    interception_mode: &str,
) -> Result<Value, InjectError> {
    let (existing_containers, existing_init) = recorded_overrides(original)?;
    let status = original
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(STATUS_ANNOTATION));
    let already_injected = status.is_some();
    let injected = status
        .and_then(Value::as_str)
        .and_then(parse_status)
        .unwrap_or_default();

    let mut recorded_containers = Vec::new();
    for c in containers::list(template_pod, ContainerList::Containers) {
        let name = name_of(c);
        // A container the previous injection added is the injected one, not the user's: only its recorded
        // override (if any) is re-applied (Istio skips it altogether, see the module docs).
        let listed = injected.containers.iter().any(|n| n == name);
        let source = containers::find(&existing_containers, name).or_else(|| {
            (!listed)
                .then(|| {
                    containers::find(containers::list(original, ContainerList::Containers), name)
                })
                .flatten()
        });
        let Some(source) = source else { continue };
        let overlay = overlay_of(source);
        recorded_containers.push(overlay.clone());
        merged = apply_overlay(merged, json!({"spec": {"containers": [overlay]}}))
            .map_err(|e| InjectError::Reapply(format!("failed to apply sidecar container: {e}")))?;
    }
    let mut recorded_init = Vec::new();
    for c in containers::list(template_pod, ContainerList::InitContainers) {
        let name = name_of(c);
        let listed = injected.init_containers.iter().any(|n| n == name);
        let source = containers::find(&existing_init, name).or_else(|| {
            (!listed)
                .then(|| containers::find_in_pod(original, name))
                .flatten()
        });
        let Some(source) = source else { continue };
        let overlay = overlay_of(source);
        recorded_init.push(overlay.clone());
        merged = apply_overlay(
            merged,
            json!({"spec": {"containers": [], "initContainers": [overlay]}}),
        )
        .map_err(|e| {
            InjectError::Reapply(format!("failed to apply sidecar init container: {e}"))
        })?;
    }

    if !already_injected && (!recorded_containers.is_empty() || !recorded_init.is_empty()) {
        let text = overrides_json(&recorded_containers, &recorded_init)?;
        annotations_mut(&mut merged).insert(PROXY_OVERRIDES_ANNOTATION.into(), Value::from(text));
    }
    // On re-injection the pod's istio-proxy is the injected one; the user's is the recorded override.
    let user_proxy = if already_injected {
        containers::find(&existing_containers, PROXY_CONTAINER)
            .or_else(|| containers::find(&existing_init, PROXY_CONTAINER))
    } else {
        containers::find_sidecar(original)
    };
    adjust_init_container_user(&mut merged, user_proxy, interception_mode);
    Ok(merged)
}

/// `{"containers":[...],"initContainers":[...]}` with each container as Go marshals `corev1.Container`.
fn overrides_json(containers_: &[Value], init: &[Value]) -> Result<String, InjectError> {
    let def = struct_by_name("corev1.Container")
        .ok_or_else(|| InjectError::Internal("no schema for Container".into()))?;
    let mut out = String::from("{");
    for (key, list) in [("containers", containers_), ("initContainers", init)] {
        if list.is_empty() {
            continue;
        }
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&format!("\"{key}\":["));
        for (i, c) in list.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&marshal_struct(def, c).map_err(|e| InjectError::Reapply(e.to_string()))?);
        }
        out.push(']');
    }
    out.push('}');
    Ok(out)
}

fn security_int(c: &Value, key: &str) -> Option<i64> {
    c.pointer(&format!("/securityContext/{key}"))
        .and_then(Value::as_i64)
}

/// Istio's `adjustInitContainerUser`: keeps the iptables/validation container in step with a user-chosen proxy UID.
fn adjust_init_container_user(merged: &mut Value, user: Option<&Value>, interception_mode: &str) {
    let Some(user) = user else {
        return;
    };
    let (user_uid, user_gid) = (
        security_int(user, "runAsUser"),
        security_int(user, "runAsGroup"),
    );
    if user_uid.is_none() && user_gid.is_none() {
        return;
    }
    let init_name = [INIT_CONTAINER, VALIDATION_CONTAINER]
        .into_iter()
        .find(|n| {
            containers::find(containers::list(merged, ContainerList::InitContainers), n).is_some()
        });
    let Some(init_name) = init_name else { return };
    let tproxy = interception_mode == "TPROXY"
        || merged
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(INTERCEPTION_MODE_ANNOTATION))
            .and_then(Value::as_str)
            == Some("TPROXY");

    if tproxy && user_uid.is_some() {
        if let Some(sc) = containers::find_in_pod_mut(merged, PROXY_CONTAINER)
            .and_then(|c| c.get_mut("securityContext"))
        {
            if let Some(obj) = sc.as_object_mut() {
                obj.insert("runAsUser".into(), Value::from(0));
            }
        }
    }
    let Some(init) = merged
        .pointer_mut("/spec/initContainers")
        .and_then(Value::as_array_mut)
        .and_then(|l| l.iter_mut().find(|c| name_of(c) == init_name))
    else {
        return;
    };
    if !tproxy && init_name == VALIDATION_CONTAINER {
        let sc = crate::pod::ensure_object(
            crate::pod::ensure_object(init)
                .entry("securityContext")
                .or_insert(Value::Null),
        );
        if let Some(uid) = user_uid {
            sc.insert("runAsUser".into(), Value::from(uid));
        }
        if let Some(gid) = user_gid {
            sc.insert("runAsGroup".into(), Value::from(gid));
        }
    }
    let Some(uid) = user_uid.filter(|u| *u != 0) else {
        return;
    };
    if let Some(args) = init.get_mut("args").and_then(Value::as_array_mut) {
        if let Some(i) = args.iter().position(|a| a.as_str() == Some("-u")) {
            if let Some(next) = args.get_mut(i + 1) {
                *next = Value::from(uid.to_string());
            }
        }
    }
}
