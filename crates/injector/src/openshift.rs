//! OpenShift: the proxy's UID/GID from the namespace's pre-allocated ranges (Istio's `GetProxyIDs`) and the reset
//! of a user-supplied proxy UID that would collide with the application's (`isSidecarUserMatchingAppUser`).

use serde_json::Value;

use crate::containers::{name_of, INIT_CONTAINER, PROXY_CONTAINER, VALIDATION_CONTAINER};
use crate::pod::PodRef;

/// The UID and GID the proxy runs as when nothing else says otherwise.
pub const DEFAULT_PROXY_UID: i64 = 1337;
/// The namespace annotation holding the UID range (`<start>/<size>` or `<start>-<end>`).
pub const UID_RANGE_ANNOTATION: &str = "openshift.io/sa.scc.uid-range";
/// The namespace annotation holding supplemental group ranges (comma-separated blocks).
pub const SUPPLEMENTAL_GROUPS_ANNOTATION: &str = "openshift.io/sa.scc.supplemental-groups";

/// An ID range `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// First ID.
    pub start: u32,
    /// Last ID.
    pub end: u32,
}

/// Reads `<start>/<size>` or `<start>-<end>` (as Go's `fmt.Sscanf` with `%d/%d` / `%d-%d` does: leading spaces
/// before each number are skipped, anything after the second number is ignored).
pub fn parse_block(s: &str) -> Result<Block, String> {
    let (sep, slash) = if s.contains('/') {
        ('/', true)
    } else {
        ('-', false)
    };
    let (first, rest) = scan_u32(s).ok_or_else(|| format!("expected integer in {s:?}"))?;
    let rest = rest
        .strip_prefix(sep)
        .ok_or_else(|| format!("input does not match format in {s:?}"))?;
    let (second, _) = scan_u32(rest).ok_or_else(|| format!("expected integer in {s:?}"))?;
    let end = if slash {
        first.wrapping_add(second).wrapping_sub(1)
    } else {
        second
    };
    Ok(Block { start: first, end })
}

fn scan_u32(s: &str) -> Option<(u32, &str)> {
    let s = s.trim_start();
    let s = s.strip_prefix('+').unwrap_or(s);
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let n = s[..end].parse().ok()?;
    Some((n, &s[end..]))
}

/// The proxy UID and GID for a pod in `namespace` (a Namespace object as JSON, if known): the end of the UID range
/// and of the first supplemental group block (falling back to the UID range), else 1337.
pub fn proxy_ids(namespace: Option<&Value>) -> (i64, i64) {
    let mut ids = (DEFAULT_PROXY_UID, DEFAULT_PROXY_UID);
    let Some(ns) = namespace.map(PodRef::new) else {
        return ids;
    };
    let uid_range = ns
        .annotation(UID_RANGE_ANNOTATION)
        .filter(|v| !v.is_empty());
    if let Some(block) = uid_range.and_then(|v| parse_block(v).ok()) {
        ids.0 = i64::from(block.end);
    }
    let groups = ns
        .annotation(SUPPLEMENTAL_GROUPS_ANNOTATION)
        .or(uid_range)
        .filter(|v| !v.is_empty());
    if let Some(blocks) = groups.and_then(|g| {
        g.split(',')
            .map(parse_block)
            .collect::<Result<Vec<_>, _>>()
            .ok()
    }) {
        if let Some(first) = blocks.first() {
            ids.1 = i64::from(first.end);
        }
    }
    ids
}

fn run_as_user(c: &Value) -> Option<i64> {
    c.pointer("/securityContext/runAsUser")
        .and_then(Value::as_i64)
}

/// Whether the pod's own `istio-proxy` UID equals the application's (the last non-Istio container's, regular
/// containers scanned before init containers); unset UIDs count as 0, as in Istio.
pub fn sidecar_user_matches_app_user(pod: &Value) -> bool {
    let (mut sidecar, mut app) = (0, 0);
    let spec = pod.get("spec");
    let lists = ["containers", "initContainers"]
        .map(|k| spec.and_then(|s| s.get(k)).and_then(Value::as_array));
    for c in lists.into_iter().flatten().flatten() {
        match name_of(c) {
            PROXY_CONTAINER => sidecar = run_as_user(c).unwrap_or(sidecar),
            INIT_CONTAINER | VALIDATION_CONTAINER => {}
            _ => app = run_as_user(c).unwrap_or(app),
        }
    }
    sidecar == app
}

/// Whether [`reset_matching_sidecar_user`] would change the pod: its `istio-proxy` has a `runAsUser` or
/// `runAsGroup` and its UID matches the application's.
pub fn resets_sidecar_user(pod: &Value) -> bool {
    let Some(sc) = crate::containers::find_in_pod(pod, PROXY_CONTAINER)
        .and_then(|c| c.get("securityContext"))
        .and_then(Value::as_object)
    else {
        return false;
    };
    (sc.contains_key("runAsUser") || sc.contains_key("runAsGroup"))
        && sidecar_user_matches_app_user(pod)
}

/// On OpenShift, when the pod's own `istio-proxy` has a security context and its UID matches the application's,
/// clears its `runAsUser` and `runAsGroup` so the namespace-derived IDs apply. Returns whether it changed the pod.
/// Istio does this before taking the patch base, so the patch does not remove them.
pub fn reset_matching_sidecar_user(pod: &mut Value) -> bool {
    if !sidecar_user_matches_app_user(pod) {
        return false;
    }
    let Some(proxy) = crate::containers::find_in_pod_mut(pod, PROXY_CONTAINER) else {
        return false;
    };
    let Some(sc) = proxy
        .get_mut("securityContext")
        .and_then(Value::as_object_mut)
    else {
        return false;
    };
    sc.remove("runAsUser").is_some() | sc.remove("runAsGroup").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_come_from_range_ends() {
        let ns = json!({"metadata": {"annotations": {UID_RANGE_ANNOTATION: "1000620000/10000",
            SUPPLEMENTAL_GROUPS_ANNOTATION: "1000620000/10000"}}});
        assert_eq!(proxy_ids(Some(&ns)), (1000629999, 1000629999));
        assert_eq!(proxy_ids(None), (1337, 1337));
        let dash = json!({"metadata": {"annotations": {UID_RANGE_ANNOTATION: "5-9"}}});
        assert_eq!(proxy_ids(Some(&dash)), (9, 9));
        assert!(parse_block("x/1").is_err());
    }

    #[test]
    fn user_match_counts_unset_as_zero() {
        let mut pod = json!({"spec": {"containers": [{"name": "app"},
            {"name": "istio-proxy", "securityContext": {"runAsGroup": 5}}]}});
        assert!(sidecar_user_matches_app_user(&pod));
        assert!(resets_sidecar_user(&pod));
        assert!(reset_matching_sidecar_user(&mut pod));
        assert!(!resets_sidecar_user(&pod));
        assert_eq!(pod["spec"]["containers"][1]["securityContext"], json!({}));
        let differs = json!({"spec": {"containers": [{"name": "app", "securityContext": {"runAsUser": 7}},
            {"name": "istio-proxy", "securityContext": {"runAsUser": 5}}]}});
        assert!(!resets_sidecar_user(&differs));
    }
}
