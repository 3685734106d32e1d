//! Whether the proxy runs as a Kubernetes native sidecar (an init container with `restartPolicy: Always`):
//! Istio's `DetectNativeSidecar` over the `ENABLE_NATIVE_SIDECARS` mode and the cluster's kubelet versions.

use std::fmt;
use std::str::FromStr;

/// The `ENABLE_NATIVE_SIDECARS` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NativeSidecarMode {
    /// Native sidecars when every relevant node's kubelet is 1.33 or newer (Istio's default).
    #[default]
    Auto,
    /// Always native sidecars.
    Enabled,
    /// Never native sidecars.
    Disabled,
}

impl FromStr for NativeSidecarMode {
    type Err = String;

    /// Accepts Istio's `true` / `false` / `auto` and the names `enabled` / `disabled`.
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" | "" => Ok(NativeSidecarMode::Auto),
            "true" | "enabled" => Ok(NativeSidecarMode::Enabled),
            "false" | "disabled" => Ok(NativeSidecarMode::Disabled),
            other => Err(format!("invalid native sidecar mode {other:?}: want auto, enabled (true) or disabled (false)")),
        }
    }
}

impl fmt::Display for NativeSidecarMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NativeSidecarMode::Auto => "auto",
            NativeSidecarMode::Enabled => "enabled",
            NativeSidecarMode::Disabled => "disabled",
        })
    }
}

/// A node as far as the decision needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeInfo {
    /// `metadata.name`.
    pub name: String,
    /// `status.nodeInfo.kubeletVersion`.
    pub kubelet_version: String,
}

/// The first Kubernetes minor version whose kubelet runs native sidecars the way Istio requires.
pub const NATIVE_SIDECAR_MIN_MINOR: u64 = 33;

/// Decides native sidecars for a pod scheduled on `pod_node_name` (empty when not yet bound).
///
/// In `auto` mode without node information (`nodes == None`) the answer is false; with a bound pod whose node
/// is known only that node counts; otherwise every node must qualify (an empty list qualifies).
pub fn detect_native_sidecar(
    mode: NativeSidecarMode,
    nodes: Option<&[NodeInfo]>,
    pod_node_name: &str,
) -> bool {
    match mode {
        NativeSidecarMode::Enabled => true,
        NativeSidecarMode::Disabled => false,
        NativeSidecarMode::Auto => {
            let Some(nodes) = nodes else { return false };
            if !pod_node_name.is_empty() {
                if let Some(n) = nodes.iter().find(|n| n.name == pod_node_name) {
                    return node_supports_native(n);
                }
            }
            nodes.iter().all(node_supports_native)
        }
    }
}

fn node_supports_native(node: &NodeInfo) -> bool {
    kubelet_minor(&node.kubelet_version).is_some_and(|minor| minor >= NATIVE_SIDECAR_MIN_MINOR)
}

/// The minor version of a kubelet version string as hashicorp/go-version reads it (`v1.33.2-eks-1` → 33):
/// an optional `v`, dot-separated numeric segments, then an optional `-prerelease` and `+metadata`.
/// A single segment has minor 0. `None` when the string is not a version.
pub fn kubelet_minor(version: &str) -> Option<u64> {
    let v = version.strip_prefix('v').unwrap_or(version);
    let end = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (numeric, rest) = v.split_at(end);
    if numeric.is_empty() || numeric.ends_with('.') || numeric.contains("..") {
        return None;
    }
    let valid_rest = rest.is_empty()
        || rest.starts_with('+')
        || (rest.starts_with('-') && rest.len() > 1)
        || rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '~');
    if !valid_rest {
        return None;
    }
    let mut segments = numeric.split('.');
    segments.next()?.parse::<u64>().ok()?;
    match segments.next() {
        Some(minor) => minor.parse().ok(),
        None => Some(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(versions: &[&str]) -> Vec<NodeInfo> {
        versions
            .iter()
            .enumerate()
            .map(|(i, v)| NodeInfo {
                name: format!("node-{}", i + 1),
                kubelet_version: v.to_string(),
            })
            .collect()
    }

    #[test]
    fn versions_parse_like_go_version() {
        assert_eq!(kubelet_minor("v1.33.0"), Some(33));
        assert_eq!(kubelet_minor("1.34.1-eks-abc"), Some(34));
        assert_eq!(kubelet_minor("v1.29.3+k3s1"), Some(29));
        assert_eq!(kubelet_minor(""), None);
        assert_eq!(kubelet_minor("v1..2"), None);
        assert_eq!(kubelet_minor("2"), Some(0));
    }

    #[test]
    fn auto_mode_needs_every_node() {
        let n = nodes(&["v1.33.0", "v1.28.0"]);
        assert!(!detect_native_sidecar(
            NativeSidecarMode::Auto,
            Some(&n),
            ""
        ));
        assert!(detect_native_sidecar(
            NativeSidecarMode::Auto,
            Some(&n),
            "node-1"
        ));
        assert!(detect_native_sidecar(
            NativeSidecarMode::Auto,
            Some(&[]),
            ""
        ));
        assert!(!detect_native_sidecar(NativeSidecarMode::Auto, None, ""));
        assert!(detect_native_sidecar(
            NativeSidecarMode::Enabled,
            Some(&n),
            ""
        ));
    }
}
