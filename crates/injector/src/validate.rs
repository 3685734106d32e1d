//! Annotation validation before templating: Istio's `validateAnnotations` (`pkg/kube/inject/validate.go`).
//!
//! Values of the annotations Istio knows are checked before they reach a template; a bad one rejects the pod with
//! `invalid value '<v>' for annotation '<k>': <reason>`. Resource annotations must be clean quantities, which
//! also stops YAML injection through them.

use std::net::IpAddr;

use serde_json::{Map, Value};

use crate::goconv::{parse_bool, parse_uint};
use crate::kube::quantity::Quantity;

type Check = fn(&str) -> Result<(), String>;

/// The validated annotations, in Istio's table order.
const CHECKS: &[(&str, Check)] = &[
    ("sidecar.istio.io/interceptionMode", interception_mode),
    ("status.sidecar.istio.io/port", status_port),
    (
        "readiness.status.sidecar.istio.io/initialDelaySeconds",
        uint32,
    ),
    ("readiness.status.sidecar.istio.io/periodSeconds", uint32),
    ("readiness.status.sidecar.istio.io/failureThreshold", uint32),
    (
        "traffic.sidecar.istio.io/includeOutboundIPRanges",
        include_ip_ranges,
    ),
    (
        "traffic.sidecar.istio.io/excludeOutboundIPRanges",
        exclude_ip_ranges,
    ),
    (
        "traffic.sidecar.istio.io/includeInboundPorts",
        include_inbound_ports,
    ),
    (
        "traffic.sidecar.istio.io/excludeInboundPorts",
        exclude_inbound_ports,
    ),
    (
        "traffic.sidecar.istio.io/excludeOutboundPorts",
        exclude_outbound_ports,
    ),
    (
        "traffic.sidecar.istio.io/excludeInterfaces",
        interface_names,
    ),
    (
        "traffic.sidecar.istio.io/kubevirtInterfaces",
        interface_names,
    ),
    ("istio.io/reroute-virtual-interfaces", interface_names),
    ("prometheus.istio.io/merge-metrics", boolean),
    ("sidecar.istio.io/proxyCPU", resource_quantity),
    ("sidecar.istio.io/proxyMemory", resource_quantity),
    ("sidecar.istio.io/proxyCPULimit", resource_quantity),
    ("sidecar.istio.io/proxyMemoryLimit", resource_quantity),
];

/// The annotation holding a per-pod ProxyConfig; validated by the mesh module, not here.
pub const PROXY_CONFIG_ANNOTATION: &str = "proxy.istio.io/config";

/// Every problem found, as Istio words them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", format_errors(.0))]
pub struct InvalidAnnotations(pub Vec<String>);

/// go-multierror's format: `1 error occurred:\n\t* <e>\n\n`.
fn format_errors(errors: &[String]) -> String {
    let head = if errors.len() == 1 {
        "1 error occurred:".to_string()
    } else {
        format!("{} errors occurred:", errors.len())
    };
    let items: String = errors.iter().map(|e| format!("\n\t* {e}")).collect();
    format!("{head}{items}\n\n")
}

/// A check for one more annotation: its name and a validation function.
pub type ExtraCheck<'f> = (&'f str, &'f dyn Fn(&str) -> Result<(), String>);

/// Validates the known annotations of a pod. `extra` checks further annotations (the ProxyConfig one).
pub fn validate_annotations(
    annotations: Option<&Map<String, Value>>,
    extra: &[ExtraCheck<'_>],
) -> Result<(), InvalidAnnotations> {
    let Some(annotations) = annotations else {
        return Ok(());
    };
    let mut errors = Vec::new();
    for (name, value) in annotations {
        let Some(value) = value.as_str() else {
            continue;
        };
        let result = match CHECKS.iter().find(|(k, _)| k == name) {
            Some((_, check)) => check(value),
            None => match extra.iter().find(|(k, _)| k == name) {
                Some((_, check)) => check(value),
                None => continue,
            },
        };
        if let Err(e) = result {
            errors.push(format!(
                "invalid value '{value}' for annotation '{name}': {e}"
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InvalidAnnotations(errors))
    }
}

fn strconv_err(func: &str, s: &str, range: bool) -> String {
    let what = if range {
        "value out of range"
    } else {
        "invalid syntax"
    };
    format!("strconv.{func}: parsing {s:?}: {what}")
}

fn parse_uint_err(s: &str, bits: u32) -> Result<u64, String> {
    parse_uint(s, bits).ok_or_else(|| {
        let range = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        strconv_err("ParseUint", s, range)
    })
}

fn interception_mode(mode: &str) -> Result<(), String> {
    match mode {
        "REDIRECT" | "TPROXY" | "NONE" => Ok(()),
        other => Err(format!(
            "interceptionMode invalid, use REDIRECT,TPROXY,NONE: {other}"
        )),
    }
}

fn parse_port(port: &str) -> Result<u64, String> {
    parse_uint_err(port.trim(), 16).map_err(|e| format!("failed parsing port '{port}': {e}"))
}

fn status_port(port: &str) -> Result<(), String> {
    parse_port(port)
        .map(drop)
        .map_err(|e| format!("excludeInboundPorts invalid: {e}"))
}

fn uint32(v: &str) -> Result<(), String> {
    parse_uint_err(v, 32).map(drop)
}

fn boolean(v: &str) -> Result<(), String> {
    parse_bool(v)
        .map(drop)
        .ok_or_else(|| strconv_err("ParseBool", v, false))
}

fn port_list(parameter: &str, ports: &str) -> Result<(), String> {
    let ports = ports.trim();
    if ports.is_empty() {
        return Ok(());
    }
    for p in ports.split(',') {
        parse_port(p)
            .map_err(|e| format!("{parameter} invalid: failed parsing port '{p}': {e}"))?;
    }
    Ok(())
}

fn include_inbound_ports(ports: &str) -> Result<(), String> {
    if ports == "*" {
        Ok(())
    } else {
        port_list("includeInboundPorts", ports)
    }
}

fn exclude_inbound_ports(ports: &str) -> Result<(), String> {
    port_list("excludeInboundPorts", ports)
}

fn exclude_outbound_ports(ports: &str) -> Result<(), String> {
    port_list("excludeOutboundPorts", ports)
}

/// `netip.ParsePrefix`: an address, `/`, and a decimal prefix length within the address size (no zone, no
/// leading zeros).
fn parse_prefix(cidr: &str) -> Result<(), String> {
    let fail = |why: &str| Err(format!("netip.ParsePrefix({cidr:?}): {why}"));
    let Some((addr, bits)) = cidr.rsplit_once('/') else {
        return fail("no '/'");
    };
    if addr.contains('%') {
        return fail("IPv6 zones cannot be present in a prefix");
    }
    let Ok(ip) = addr.parse::<IpAddr>() else {
        return fail("ParseAddr: unable to parse IP");
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let valid_bits = !bits.is_empty()
        && bits.bytes().all(|b| b.is_ascii_digit())
        && (bits == "0" || !bits.starts_with('0'))
        && bits.parse::<u32>().is_ok_and(|b| b <= max);
    if valid_bits {
        Ok(())
    } else {
        fail(&format!("bad bits after slash: {bits:?}"))
    }
}

fn cidr_list(cidrs: &str) -> Result<(), String> {
    if cidrs.is_empty() {
        return Ok(());
    }
    for cidr in cidrs.split(',') {
        parse_prefix(cidr).map_err(|e| format!("failed parsing cidr '{cidr}': {e}"))?;
    }
    Ok(())
}

fn include_ip_ranges(ranges: &str) -> Result<(), String> {
    if ranges == "*" {
        return Ok(());
    }
    cidr_list(ranges).map_err(|e| format!("includeIPRanges invalid: {e}"))
}

fn exclude_ip_ranges(ranges: &str) -> Result<(), String> {
    cidr_list(ranges).map_err(|e| format!("excludeIPRanges invalid: {e}"))
}

/// `ValidateInterfaceNames`.
fn interface_names(interfaces: &str) -> Result<(), String> {
    if interfaces.is_empty() {
        return Ok(());
    }
    for iface in interfaces.split(',').map(str::trim) {
        if iface.is_empty() {
            return Err("empty interface name".into());
        }
        if iface.len() > 15 {
            return Err(format!("interface name {iface:?} too long (max 15 chars)"));
        }
        let valid = iface.starts_with(|c: char| c.is_ascii_alphabetic())
            && iface
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !valid {
            return Err(format!(
                "interface name {iface:?} contains invalid characters"
            ));
        }
    }
    Ok(())
}

/// A clean resource quantity: no control characters, and `resource.ParseQuantity` accepts it.
pub fn resource_quantity(value: &str) -> Result<(), String> {
    if value.chars().any(char::is_control) {
        return Err("value contains control characters".into());
    }
    Quantity::parse(value).map(drop).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(annotations: Value) -> Result<(), InvalidAnnotations> {
        validate_annotations(annotations.as_object(), &[])
    }

    #[test]
    fn accepts_good_values() {
        check(json!({
            "traffic.sidecar.istio.io/includeOutboundIPRanges": "10.0.0.0/8,fd00::/8",
            "traffic.sidecar.istio.io/excludeInboundPorts": " 80, 443 ",
            "traffic.sidecar.istio.io/includeInboundPorts": "*",
            "sidecar.istio.io/interceptionMode": "TPROXY",
            "status.sidecar.istio.io/port": " 15020",
            "prometheus.istio.io/merge-metrics": "F",
            "traffic.sidecar.istio.io/kubevirtInterfaces": "net1, eth0.1",
            "unrelated": "anything"
        }))
        .unwrap();
    }

    #[test]
    fn rejects_bad_values_with_istio_wording() {
        let e =
            check(json!({"traffic.sidecar.istio.io/excludeOutboundPorts": "80,abc"})).unwrap_err();
        assert_eq!(
            e.0,
            ["invalid value '80,abc' for annotation 'traffic.sidecar.istio.io/excludeOutboundPorts': excludeOutboundPorts invalid: failed parsing port 'abc': failed parsing port 'abc': strconv.ParseUint: parsing \"abc\": invalid syntax"]
        );
        assert!(e
            .to_string()
            .starts_with("1 error occurred:\n\t* invalid value"));
        assert!(
            check(json!({"traffic.sidecar.istio.io/includeOutboundIPRanges": "10.0.0.0/33"}))
                .is_err()
        );
        assert!(
            check(json!({"traffic.sidecar.istio.io/includeOutboundIPRanges": "10.0.0.1"})).is_err()
        );
        assert!(check(json!({"traffic.sidecar.istio.io/excludeInterfaces": "1bad"})).is_err());
        assert!(check(json!({"sidecar.istio.io/interceptionMode": "redirect"})).is_err());
        assert!(check(json!({"readiness.status.sidecar.istio.io/periodSeconds": "-1"})).is_err());
    }
}
