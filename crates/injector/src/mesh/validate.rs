//! Istio's mesh config validation (`istio/istio:pkg/config/validation/agent/validation.go`):
//! `ValidateMeshConfig` and `ValidateMeshConfigProxyConfig` with the helpers they call, producing Istio's
//! messages (multierror formatting included). `validateExtensionProvider` is not reproduced: Istio only
//! logs its result.

use std::collections::{BTreeMap, BTreeSet};

use super::config::MeshConfig;
use super::golang::{duration_string, quote, GoError, NANOS_PER_SECOND};
use super::message::{MapKey, Message, Value};

const MILLI: i64 = 1_000_000;
const HOUR: i64 = 3_600 * NANOS_PER_SECOND;

/// Errors and warnings, as Istio's `Validation`.
#[derive(Default)]
struct Validation {
    err: Option<GoError>,
    warn: Option<GoError>,
}

impl Validation {
    fn err(&mut self, e: Option<GoError>) {
        self.err = GoError::join(self.err.take(), e);
    }
    fn warn(&mut self, w: Option<GoError>) {
        self.warn = GoError::join(self.warn.take(), w);
    }
    fn merge(&mut self, other: Validation) {
        self.err(other.err);
        self.warn(other.warn);
    }
}

/// `multierror.Append` onto an optional accumulator.
fn push(errs: &mut Option<GoError>, e: GoError) {
    *errs = Some(GoError::append(errs.take(), e));
}

fn duration_nanos(msg: Option<&Message>) -> i64 {
    let Some(d) = msg else { return 0 };
    let seconds = match d.get_by_name("seconds") {
        Some(Value::I64(s)) => *s,
        _ => 0,
    };
    seconds
        .saturating_mul(NANOS_PER_SECOND)
        .saturating_add(i64::from(d.i32_field("nanos")))
}

/// `ValidateDuration`.
fn validate_duration(d: Option<&Message>) -> Option<GoError> {
    let nanos = duration_nanos(d);
    if nanos < MILLI {
        return Some(GoError::new("duration must be greater than 1ms"));
    }
    if nanos % MILLI != 0 {
        return Some(GoError::new("only durations to ms precision are supported"));
    }
    None
}

/// `ValidatePort`.
fn validate_port(port: i64) -> Option<GoError> {
    if (1..=65535).contains(&port) {
        None
    } else {
        Some(GoError::new(format!(
            "port number {port} must be in the range 1..65535"
        )))
    }
}

/// `labels.IsDNS1123Label` (Istio's variant accepts upper case letters).
fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

/// `labels.IsWildcardDNS1123Label`.
fn is_wildcard_dns1123_label(s: &str) -> bool {
    if s.len() > 63 {
        return false;
    }
    if s == "*" {
        return true;
    }
    let rest = s
        .strip_prefix("*-")
        .or_else(|| s.strip_prefix('*'))
        .unwrap_or(s);
    is_dns1123_label(rest)
}

/// Go's `strconv.Atoi` acceptance (optional sign, decimal digits, in range).
fn go_atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            quote(s)
        ));
    }
    s.parse::<i64>()
        .map_err(|_| format!("strconv.Atoi: parsing {}: value out of range", quote(s)))
}

fn check_dns1123_preconditions(name: &str) -> Option<GoError> {
    if name.len() > 255 {
        return Some(GoError::new(format!(
            "domain name {} too long (max 255)",
            quote(name)
        )));
    }
    if name.is_empty() {
        return Some(GoError::new("empty domain name not allowed"));
    }
    None
}

fn validate_dns1123_labels(domain: &str) -> Option<GoError> {
    let parts: Vec<&str> = domain.split('.').collect();
    let tld = parts[parts.len() - 1];
    if go_atoi(tld).is_ok() {
        return Some(GoError::new(format!(
            "domain name {} invalid (top level domain {} cannot be all-numeric)",
            quote(domain),
            quote(tld)
        )));
    }
    for (i, label) in parts.iter().enumerate() {
        if i == parts.len() - 1 && label.is_empty() {
            return None;
        }
        if !is_dns1123_label(label) {
            return Some(GoError::new(format!(
                "domain name {} invalid (label {} invalid)",
                quote(domain),
                quote(label)
            )));
        }
    }
    None
}

fn validate_fqdn(fqdn: &str) -> Option<GoError> {
    check_dns1123_preconditions(fqdn).or_else(|| validate_dns1123_labels(fqdn))
}

/// `netip.ParseAddr(s)` succeeds.
fn is_ip(s: &str) -> bool {
    if s.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    match s.split_once('%') {
        Some((addr, zone)) => !zone.is_empty() && addr.parse::<std::net::Ipv6Addr>().is_ok(),
        None => false,
    }
}

/// Go's `net.SplitHostPort`.
fn split_host_port(hostport: &str) -> Result<(&str, &str), String> {
    let err = |why: &str| {
        if hostport.is_empty() {
            Err(why.to_string())
        } else {
            Err(format!("address {hostport}: {why}"))
        }
    };
    let Some(i) = hostport.rfind(':') else {
        return err("missing port in address");
    };
    let (mut j, mut k) = (0, 0);
    let host;
    if hostport.starts_with('[') {
        let Some(end) = hostport.find(']') else {
            return err("missing ']' in address");
        };
        if end + 1 == hostport.len() {
            return err("missing port in address");
        } else if end + 1 != i {
            if hostport.as_bytes()[end + 1] == b':' {
                return err("too many colons in address");
            }
            return err("missing port in address");
        }
        host = &hostport[1..end];
        j = 1;
        k = end + 1;
    } else {
        host = &hostport[..i];
        if host.contains(':') {
            return err("too many colons in address");
        }
    }
    if hostport[j..].contains('[') {
        return err("unexpected '[' in address");
    }
    if hostport[k..].contains(']') {
        return err("unexpected ']' in address");
    }
    Ok((host, &hostport[i + 1..]))
}

/// `ValidateProxyAddress`.
fn validate_proxy_address(addr: &str) -> Option<GoError> {
    let (host, port) = match split_host_port(addr) {
        Ok(hp) => hp,
        Err(e) => {
            return Some(GoError::new(format!(
                "unable to split {}: {e}",
                quote(addr)
            )))
        }
    };
    let port = match go_atoi(port) {
        Ok(p) => p,
        Err(e) => return Some(GoError::new(format!("port ({port}) is not a number: {e}"))),
    };
    if let Some(e) = validate_port(port) {
        return Some(e);
    }
    if validate_fqdn(host).is_some() && !is_ip(host) {
        return Some(GoError::new(format!(
            "{} is not a valid hostname or an IP address",
            quote(host)
        )));
    }
    None
}

fn validate_tls(settings: &Message) -> Option<GoError> {
    let mut errs = None;
    let credential = settings.string_field("credential_name");
    let ca = settings.string_field("ca_certificates");
    let mode = settings.enum_name("mode").unwrap_or("");
    let has_sans = settings.get_by_name("subject_alt_names").is_some();
    if credential.starts_with("configmap://") {
        errs = GoError::join(
            errs,
            Some(GoError::new(
                "invalid configmap:// credentialName: namespace must match the configuration namespace \"\"",
            )),
        );
    }
    if matches!(
        settings.wrapper_field("insecure_skip_verify"),
        Some(Value::Bool(true))
    ) {
        if mode == "SIMPLE" && (!ca.is_empty() || !credential.is_empty() || has_sans) {
            errs = GoError::join(errs, Some(GoError::new("cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true")));
        }
        if mode == "MUTUAL" && (!ca.is_empty() || has_sans) {
            errs = GoError::join(
                errs,
                Some(GoError::new(
                    "cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true",
                )),
            );
        }
    }
    let client_cert = settings.string_field("client_certificate");
    let key = settings.string_field("private_key");
    if (mode == "SIMPLE" || mode == "MUTUAL") && !credential.is_empty() {
        if !client_cert.is_empty()
            || !ca.is_empty()
            || !key.is_empty()
            || !settings.string_field("ca_crl").is_empty()
        {
            errs = GoError::join(
                errs,
                Some(GoError::new(
                    "cannot specify client certificates or CA certificate or CA CRL If credentialName is set",
                )),
            );
        }
        return errs;
    }
    if mode == "MUTUAL" {
        if client_cert.is_empty() {
            errs = GoError::join(
                errs,
                Some(GoError::new("client certificate required for mutual tls")),
            );
        }
        if key.is_empty() {
            errs = GoError::join(
                errs,
                Some(GoError::new("private key required for mutual tls")),
            );
        }
    }
    errs
}

fn validate_private_key_provider(pkp: &Message) -> Option<GoError> {
    let mut errs = None;
    let provider = pkp
        .descriptor()
        .oneofs
        .iter()
        .position(|o| o.name == "provider")
        .and_then(|i| pkp.which_oneof(i));
    match provider.map(|f| f.name) {
        Some(name @ ("cryptomb" | "qat")) => match pkp.message_field(name) {
            None => push(
                &mut errs,
                GoError::new(format!("{name} configuration is required")),
            ),
            Some(conf) => match conf.message_field("poll_delay") {
                None => push(&mut errs, GoError::new("pollDelay is required")),
                Some(d) if duration_nanos(Some(d)) == 0 && d.is_empty() => {
                    push(&mut errs, GoError::new("pollDelay must be non zero"))
                }
                Some(_) => {}
            },
        },
        other => {
            if other.is_none() {
                push(
                    &mut errs,
                    GoError::new("private key provider configuration is required"),
                );
            }
            push(&mut errs, GoError::new("unknown private key provider"));
        }
    }
    errs
}

fn validate_connection_settings(cs: &Message) -> Option<GoError> {
    let mut errs = None;
    let wrapped = |name: &str| match cs.wrapper_field(name) {
        Some(Value::I32(v)) => Some(i64::from(v)),
        Some(Value::U32(v)) => Some(i64::from(v)),
        Some(Value::I64(v)) => Some(v),
        Some(Value::U64(v)) => Some(i64::try_from(v).unwrap_or(i64::MAX)),
        _ => None,
    };
    for name in [
        "listener_per_connection_buffer_limit_bytes",
        "cluster_per_connection_buffer_limit_bytes",
    ] {
        if wrapped(name).is_some_and(|v| v < 0) {
            push(
                &mut errs,
                GoError::new(format!("{name} must be non-negative")),
            );
        }
    }
    for name in [
        "http_idle_timeout",
        "http_max_connection_duration",
        "http_drain_timeout",
        "http_request_timeout",
        "http_request_headers_timeout",
        "http_stream_idle_timeout",
        "http_max_stream_duration",
    ] {
        if let Some(d) = cs.message_field(name) {
            if duration_nanos(Some(d)) < 0 {
                push(
                    &mut errs,
                    GoError::new(format!("{name} must be non-negative")),
                );
            }
        }
    }
    if wrapped("http_max_concurrent_streams").is_some_and(|v| v <= 0) {
        push(
            &mut errs,
            GoError::new("http_max_concurrent_streams must be positive"),
        );
    }
    for name in [
        "http2_initial_stream_window_size",
        "http2_initial_connection_window_size",
    ] {
        if wrapped(name).is_some_and(|v| v < 65535) {
            push(
                &mut errs,
                GoError::new(format!("{name} must be at least 65535")),
            );
        }
    }
    for name in [
        "listener_connection_limit",
        "global_downstream_connection_limit",
    ] {
        if wrapped(name).is_some_and(|v| v <= 0) {
            push(&mut errs, GoError::new(format!("{name} must be positive")));
        }
    }
    errs
}

/// `ValidateMeshConfigProxyConfig`.
fn validate_proxy_config(pc: &Message) -> Validation {
    let mut errs = None;
    let mut warnings = None;
    if pc.string_field("config_path").is_empty() {
        push(&mut errs, GoError::new("config path must be set"));
    }
    if pc.string_field("binary_path").is_empty() {
        push(&mut errs, GoError::new("binary path must be set"));
    }
    let cluster = pc
        .descriptor()
        .oneofs
        .iter()
        .position(|o| o.name == "cluster_name");
    match cluster.and_then(|i| pc.which_oneof(i)).map(|f| f.name) {
        Some("service_cluster") => {
            if pc.string_field("service_cluster").is_empty() {
                push(&mut errs, GoError::new("service cluster must be specified"));
            }
        }
        Some("tracing_service_name") => {}
        _ => push(
            &mut errs,
            GoError::new("oneof service cluster or tracing service name must be specified"),
        ),
    }
    let drain = pc.message_field("drain_duration");
    if let Some(e) = validate_duration(drain) {
        push(
            &mut errs,
            GoError::append(None, e.prefix("invalid drain duration:")),
        );
    } else if duration_nanos(drain) % NANOS_PER_SECOND != 0 {
        push(
            &mut errs,
            GoError::new("drain time only supports durations to seconds precision"),
        );
    }
    let discovery = pc.string_field("discovery_address");
    if discovery.is_empty() {
        push(
            &mut errs,
            GoError::new("discovery address must be set to the proxy discovery service"),
        );
    } else if let Some(e) = validate_proxy_address(discovery) {
        push(&mut errs, e.prefix("invalid discovery address:"));
    }
    if let Some(tracing) = pc.message_field("tracing") {
        if let Some(ls) = tracing.message_field("lightstep") {
            let mut ls_errs = None;
            let addr = ls.string_field("address");
            if addr.is_empty() {
                push(&mut ls_errs, GoError::new("address is required"));
            }
            if let Some(e) = validate_proxy_address(addr) {
                push(&mut ls_errs, e.prefix("invalid lightstep address:"));
            }
            if ls.string_field("access_token").is_empty() {
                push(&mut ls_errs, GoError::new("access token is required"));
            }
            if let Some(e) = ls_errs {
                push(&mut errs, e.prefix("invalid lightstep config:"));
            }
        }
        for (name, label) in [
            ("zipkin", "invalid zipkin config:"),
            ("datadog", "invalid datadog config:"),
        ] {
            if let Some(t) = tracing.message_field(name) {
                let addr = t
                    .string_field("address")
                    .replacen("$(HOST_IP)", "127.0.0.1", 1);
                if let Some(e) = validate_proxy_address(&addr) {
                    push(&mut errs, e.prefix(label));
                }
            }
        }
        if let Some(tls) = tracing.message_field("tls_settings") {
            if let Some(e) = validate_tls(tls) {
                push(&mut errs, e.prefix("invalid tracing TLS config:"));
            }
        }
    }
    for (name, label) in [
        ("statsd_udp_address", "invalid statsd udp address"),
        (
            "envoy_metrics_service_address",
            "invalid envoy metrics service address",
        ),
    ] {
        let addr = pc.string_field(name);
        if !addr.is_empty() {
            if let Some(e) = validate_proxy_address(addr) {
                push(&mut errs, e.prefix(&format!("{label} {}:", quote(addr))));
            }
        }
    }
    if pc
        .string_map("proxy_metadata")
        .contains_key("ISTIO_META_DNS_AUTO_ALLOCATE")
    {
        push(&mut warnings, GoError::new("'ISTIO_META_DNS_AUTO_ALLOCATE' is deprecated; review https://istio.io/latest/docs/ops/configuration/traffic-management/dns-proxy/#dns-auto-allocation-v2 for information about replacement functionality"));
    }
    for (name, label) in [
        (
            "envoy_metrics_service",
            "invalid envoy metrics service address",
        ),
        (
            "envoy_access_log_service",
            "invalid envoy access log service address",
        ),
    ] {
        if let Some(svc) = pc.message_field(name) {
            let addr = svc.string_field("address");
            if !addr.is_empty() {
                if let Some(e) = validate_proxy_address(addr) {
                    push(&mut errs, e.prefix(&format!("{label} {}:", quote(addr))));
                }
            }
        }
    }
    if let Some(e) = validate_port(pc.i32_field("proxy_admin_port").into()) {
        push(&mut errs, e.prefix("invalid proxy admin port:"));
    }
    let policy = pc.enum_field("control_plane_auth_policy");
    if policy != 0 && policy != 1 {
        let shown = pc
            .enum_name("control_plane_auth_policy")
            .map_or_else(|| policy.to_string(), str::to_string);
        push(
            &mut errs,
            GoError::new(format!(
                "unrecognized control plane auth policy {}",
                quote(&shown)
            ))
            .prefix("invalid authentication policy:"),
        );
    }
    if let Some(e) = validate_port(pc.i32_field("status_port").into()) {
        push(&mut errs, e.prefix("invalid status port:"));
    }
    if let Some(pkp) = pc.message_field("private_key_provider") {
        if let Some(e) = validate_private_key_provider(pkp) {
            push(
                &mut errs,
                e.prefix("invalid private key provider configuration:"),
            );
        }
    }
    if let Some(cs) = pc.message_field("connection_settings") {
        if let Some(e) = validate_connection_settings(cs) {
            push(&mut errs, e.prefix("invalid connection settings:"));
        }
    }
    Validation {
        err: errs,
        warn: warnings,
    }
}

fn messages<'a>(msg: &'a Message, name: &str) -> Vec<&'a Message> {
    match msg.get_by_name(name) {
        Some(Value::List(items)) => items.iter().filter_map(Value::as_message).collect(),
        _ => Vec::new(),
    }
}

fn locality_param(locality: &str) -> Option<(String, String, String, usize)> {
    let items: Vec<&str> = locality.splitn(3, '/').collect();
    if items.iter().any(|i| i.is_empty()) {
        return None;
    }
    let get = |i: usize| items.get(i).map_or_else(String::new, |s| s.to_string());
    Some((get(0), get(1), get(2), items.len() - 1))
}

/// `validateLocalities`.
fn validate_localities(localities: &[String]) -> Option<GoError> {
    type Zones = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;
    let mut map: Zones = BTreeMap::new();
    let overlap = |l: &str| {
        Some(GoError::new(format!(
            "locality {l} overlap with previous specified ones"
        )))
    };
    for locality in localities {
        let stars = locality.matches('*').count();
        if stars > 0 && (stars > 1 || !locality.ends_with('*')) {
            return Some(GoError::new(format!(
                "locality {locality} wildcard '*' number can not exceed 1 and must be in the end"
            )));
        }
        if map.contains_key("*") {
            return overlap(locality);
        }
        let Some((region, zone, sub, idx)) = locality_param(locality) else {
            return Some(GoError::new(format!(
                "locality {locality} must not contain empty region/zone/subzone info"
            )));
        };
        let star = || BTreeSet::from(["*".to_string()]);
        match idx {
            0 => {
                if map.contains_key(&region) {
                    return overlap(locality);
                }
                map.insert(region, BTreeMap::from([("*".to_string(), star())]));
            }
            1 => match map.get_mut(&region) {
                Some(zones) => {
                    if zones.contains_key("*") || zones.contains_key(&zone) {
                        return overlap(locality);
                    }
                    zones.insert(zone, star());
                }
                None => {
                    map.insert(region, BTreeMap::from([(zone, star())]));
                }
            },
            _ => match map.get_mut(&region) {
                Some(zones) => {
                    if zones.contains_key("*") {
                        return overlap(locality);
                    }
                    match zones.get_mut(&zone) {
                        Some(subs) => {
                            if subs.contains("*") || subs.contains(&sub) {
                                return overlap(locality);
                            }
                            subs.insert(sub);
                        }
                        None => {
                            zones.insert(zone, BTreeSet::from([sub]));
                        }
                    }
                }
                None => {
                    map.insert(region, BTreeMap::from([(zone, BTreeSet::from([sub]))]));
                }
            },
        }
    }
    None
}

const TOPOLOGY_LABELS: [&str; 3] = [
    "topology.kubernetes.io/region",
    "topology.kubernetes.io/zone",
    "topology.istio.io/subzone",
];

/// `ValidateLocalityLbSetting` with a non-nil outlier detection (as `ValidateMeshConfig` calls it).
fn validate_locality_lb(lb: &Message) -> Validation {
    let mut v = Validation::default();
    let distribute = messages(lb, "distribute");
    let failover = messages(lb, "failover");
    let priority = lb.string_list("failover_priority");
    if !distribute.is_empty() && !failover.is_empty() {
        v.err(Some(GoError::new(
            "can not simultaneously specify 'distribute' and 'failover'",
        )));
        return v;
    }
    if !failover.is_empty() {
        if let Some(l) = priority.iter().find(|p| TOPOLOGY_LABELS.contains(p)) {
            v.err(Some(GoError::new(format!(
                "can not simultaneously set 'failover' and topology label '{l}' in 'failover_priority'"
            ))));
            return v;
        }
    }
    let mut sources = Vec::new();
    for d in &distribute {
        sources.push(d.string_field("from").to_string());
        let mut total: u64 = 0;
        let mut dest = Vec::new();
        if let Some(Value::Map(to)) = d.get_by_name("to") {
            for (k, w) in to {
                let MapKey::String(k) = k else { continue };
                dest.push(k.clone());
                let w = match w {
                    Value::U32(w) => u64::from(*w),
                    _ => 0,
                };
                if w == 0 || w > 100 {
                    v.err(Some(GoError::new(
                        "locality weight must be in range [1, 100]",
                    )));
                    return v;
                }
                total += w;
            }
        }
        if total != 100 {
            v.err(Some(GoError::new(format!(
                "total locality weight {total} != 100"
            ))));
            return v;
        }
        v.err(validate_localities(&dest));
    }
    v.err(validate_localities(&sources));
    for f in &failover {
        let (from, to) = (f.string_field("from"), f.string_field("to"));
        if from == to {
            v.err(Some(GoError::new(
                "locality lb failover settings must specify different regions",
            )));
        }
        if from.contains('/') || to.contains('/') {
            v.err(Some(GoError::new(
                "locality lb failover only specify region",
            )));
        }
        if from.contains('*') || to.contains('*') {
            v.err(Some(GoError::new(
                "locality lb failover region should not contain '*' wildcard",
            )));
        }
    }
    v
}

/// `ValidateZoneAwareLbSetting` with a non-nil outlier detection.
fn validate_zone_aware_lb(lb: &Message) -> Validation {
    let mut v = Validation::default();
    for l in lb.string_list("failover_priority") {
        if TOPOLOGY_LABELS.contains(&l) {
            v.err(Some(GoError::new(format!("'failover_priority' for zone aware lb must not use topology label '{l}'; region- and zone-level routing are handled automatically"))));
        }
    }
    for f in messages(lb, "failover") {
        let (from, to) = (f.string_field("from"), f.string_field("to"));
        if from == to {
            v.err(Some(GoError::new(
                "zone aware lb failover settings must specify different regions",
            )));
        }
        if from.contains('/') || to.contains('/') {
            v.err(Some(GoError::new("zone aware lb failover only specifies region; zone and subzone failover are handled automatically")));
        }
        if from.contains('*') || to.contains('*') {
            v.err(Some(GoError::new(
                "zone aware lb failover region should not contain '*' wildcard",
            )));
        }
    }
    v
}

fn validate_wildcard_domain(domain: &str) -> Option<GoError> {
    if let Some(e) = check_dns1123_preconditions(domain) {
        return Some(e);
    }
    let (first, rest) = match domain.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (domain, None),
    };
    if !is_wildcard_dns1123_label(first) {
        return Some(GoError::new(format!(
            "domain name {} invalid (label {} invalid)",
            quote(domain),
            quote(first)
        )));
    }
    rest.and_then(validate_dns1123_labels)
}

fn validate_trust_domain(domain: &str) -> Option<GoError> {
    if domain.is_empty() {
        return Some(GoError::new("empty domain name not allowed"));
    }
    let parts: Vec<&str> = domain.split('.').collect();
    for (i, label) in parts.iter().enumerate() {
        if i == parts.len() - 1 && label.is_empty() {
            return None;
        }
        if !is_dns1123_label(label) {
            return Some(GoError::new(format!(
                "trust domain name {} invalid",
                quote(domain)
            )));
        }
    }
    None
}

const VALID_ECDH_CURVES: [&str; 7] = [
    "P-224",
    "P-256",
    "P-521",
    "P-384",
    "X25519",
    "X25519Kyber768Draft00",
    "X25519MLKEM768",
];

fn validate_default_traffic_policy(dtp: &Message) -> Validation {
    let mut v = Validation::default();
    let dur = |m: &Message, name: &str| m.message_field(name).map(|d| validate_duration(Some(d)));
    if let Some(cp) = dtp.message_field("connection_pool") {
        let http = cp.message_field("http");
        let tcp = cp.message_field("tcp");
        if http.is_none() && tcp.is_none() {
            v.err(Some(GoError::new(
                "connection pool must have at least one field",
            )));
        }
        if let Some(h) = http {
            for (name, msg) in [
                (
                    "http1_max_pending_requests",
                    "http1 max pending requests must be non-negative",
                ),
                (
                    "http2_max_requests",
                    "http2 max requests must be non-negative",
                ),
                (
                    "max_requests_per_connection",
                    "max requests per connection must be non-negative",
                ),
                ("max_retries", "max retries must be non-negative"),
                (
                    "max_concurrent_streams",
                    "max concurrent streams must be non-negative",
                ),
            ] {
                if h.i32_field(name) < 0 {
                    v.err(Some(GoError::new(msg)));
                }
            }
            if let Some(e) = dur(h, "idle_timeout") {
                v.err(e);
            }
            if h.enum_name("h2_upgrade_policy") == Some("UPGRADE")
                && h.bool_field("use_client_protocol")
            {
                v.err(Some(GoError::new(
                    "use client protocol must not be true when H2UpgradePolicy is UPGRADE",
                )));
            }
        }
        if let Some(t) = tcp {
            if t.i32_field("max_connections") < 0 {
                v.err(Some(GoError::new("max connections must be non-negative")));
            }
            for name in ["connect_timeout", "max_connection_duration"] {
                if let Some(e) = dur(t, name) {
                    v.err(e);
                }
            }
            if let Some(idle) = t.message_field("idle_timeout") {
                if duration_nanos(Some(idle)) / MILLI != 0 {
                    v.err(validate_duration(Some(idle)));
                }
            }
            if let Some(ka) = t.message_field("tcp_keepalive") {
                for name in ["time", "interval"] {
                    if let Some(e) = dur(ka, name) {
                        v.err(e);
                    }
                }
            }
        }
    }
    if let Some(od) = dtp.message_field("outlier_detection") {
        for name in ["base_ejection_time", "interval"] {
            if let Some(e) = dur(od, name) {
                v.err(e);
            }
        }
        let local = matches!(od.wrapper_field("consecutive_local_origin_failures"), Some(Value::U32(n)) if n > 0);
        if !od.bool_field("split_external_local_origin_errors") && local {
            v.err(Some(GoError::new("outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false")));
        }
        for name in ["max_ejection_percent", "min_health_percent"] {
            let val = od.i32_field(name);
            if !(0..=100).contains(&val) {
                v.err(Some(GoError::new(format!(
                    "percentage {val} is not in range 0..100"
                ))));
            }
        }
    }
    v
}

const RETRY_ON_POLICIES: [&str; 16] = [
    "5xx",
    "gateway-error",
    "reset",
    "reset-before-request",
    "connect-failure",
    "retriable-4xx",
    "refused-stream",
    "retriable-status-codes",
    "retriable-headers",
    "envoy-ratelimited",
    "http3-post-connect-failure",
    "cancelled",
    "deadline-exceeded",
    "internal",
    "resource-exhausted",
    "unavailable",
];

/// Whether Go's `net/http.StatusText(code)` is non-empty.
fn is_http_status(code: i64) -> bool {
    matches!(code, 100..=103 | 200..=208 | 226 | 300..=305 | 307 | 308 | 400..=418 | 421..=426 | 428 | 429 | 431 | 451 | 500..=508 | 510 | 511)
}

fn validate_http_retry(r: &Message) -> Option<GoError> {
    let mut errs = None;
    let attempts = r.i32_field("attempts");
    if attempts < 0 {
        push(&mut errs, GoError::new("attempts cannot be negative"));
    }
    let retry_on = r.string_field("retry_on");
    if attempts == 0
        && (r.message_field("per_try_timeout").is_some()
            || !retry_on.is_empty()
            || r.message_field("retry_remote_localities").is_some())
    {
        errs = GoError::join(
            errs,
            Some(GoError::new(
                "http retry policy configured when attempts are set to 0 (disabled)",
            )),
        );
    }
    if let Some(d) = r.message_field("per_try_timeout") {
        errs = GoError::join(errs, validate_duration(Some(d)));
    }
    if !retry_on.is_empty() {
        for policy in retry_on.split(',') {
            let code = go_atoi(policy).unwrap_or(0);
            if !is_http_status(code) && !RETRY_ON_POLICIES.contains(&policy) {
                errs = GoError::join(
                    errs,
                    Some(GoError::new(format!(
                        "{} is not a valid retryOn policy",
                        quote(policy)
                    ))),
                );
            }
        }
    }
    if let Some(d) = r.message_field("backoff") {
        errs = GoError::join(errs, validate_duration(Some(d)));
    }
    errs
}

fn validate_inbound_retry(r: &Message) -> Validation {
    let mut v = Validation::default();
    v.err(validate_http_retry(r).map(|e| e.prefix("invalid default inbound http retry policy:")));
    if r.i32_field("attempts") == 0 && r.message_field("backoff").is_some() {
        v.err(Some(GoError::new(
            "invalid default inbound http retry policy: backoff configured when attempts are set to 0 (disabled)",
        )));
    }
    for (name, label) in [
        ("per_try_timeout", "perTryTimeout"),
        ("retry_remote_localities", "retryRemoteLocalities"),
        ("retry_ignore_previous_hosts", "retryIgnorePreviousHosts"),
    ] {
        if r.message_field(name).is_some() {
            v.warn(Some(GoError::new(format!(
                "{label} is ignored by the default inbound http retry policy"
            ))));
        }
    }
    v
}

/// Istio's `agent.ValidateMeshConfig`: `(warnings, errors)`.
pub fn validate_mesh_config(mesh: &MeshConfig) -> (Option<GoError>, Option<GoError>) {
    let m = mesh.as_message();
    let mut v = Validation::default();
    if let Some(e) = validate_port(m.i32_field("proxy_listen_port").into()) {
        v.err(Some(e.prefix("invalid proxy listen port:")));
    }
    let connect = m.message_field("connect_timeout");
    let connect_err = validate_duration(connect).or_else(|| {
        let d = duration_nanos(connect);
        (!(MILLI..=HOUR).contains(&d)).then(|| {
            GoError::new(format!(
                "time {} must be >{} and <{}",
                duration_string(d),
                duration_string(MILLI),
                duration_string(HOUR)
            ))
        })
    });
    if let Some(e) = connect_err {
        v.err(Some(e.prefix("invalid connect timeout:")));
    }
    let pdt = duration_nanos(m.message_field("protocol_detection_timeout"));
    if pdt != 0 && pdt % MILLI != 0 {
        v.err(Some(
            GoError::new("only durations to ms precision are supported")
                .prefix("invalid protocol detection timeout:"),
        ));
    }
    match m.message_field("default_config") {
        None => v.err(Some(GoError::new("missing default config"))),
        Some(pc) => v.merge(validate_proxy_config(pc)),
    }
    if let Some(lb) = m.message_field("locality_lb_setting") {
        v.merge(validate_locality_lb(lb));
    }
    if let Some(lb) = m.message_field("zone_aware_lb_setting") {
        v.merge(validate_zone_aware_lb(lb));
    }
    let mut service_errs = None;
    for (i, s) in messages(m, "service_settings").iter().enumerate() {
        for h in s.string_list("hosts") {
            if let Some(e) = validate_wildcard_domain(h) {
                push(
                    &mut service_errs,
                    GoError::new(format!("serviceSettings[{i}], host `{h}`: {e}")),
                );
            }
        }
    }
    v.err(service_errs);
    let mut td_errs = None;
    if let Some(e) = validate_trust_domain(m.string_field("trust_domain")) {
        push(&mut td_errs, GoError::new(format!("trustDomain: {e}")));
    }
    for (i, alias) in m.string_list("trust_domain_aliases").iter().enumerate() {
        if let Some(e) = validate_trust_domain(alias) {
            push(
                &mut td_errs,
                GoError::new(format!("trustDomainAliases[{i}], domain `{alias}` : {e}")),
            );
        }
    }
    v.err(td_errs);
    if let Some(mtls) = m.message_field("mesh_mTLS") {
        if mtls.get_by_name("ecdh_curves").is_some() {
            v.err(Some(GoError::append(
                None,
                GoError::new("mesh TLS does not support ECDH curves configuration"),
            )));
        }
    }
    if let Some(tls) = m.message_field("tls_defaults") {
        let mut unrecognized = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut duplicate = BTreeSet::new();
        for c in tls.string_list("ecdh_curves") {
            if !c.is_empty() && !VALID_ECDH_CURVES.contains(&c) {
                unrecognized.insert(c);
            } else if !seen.insert(c) {
                duplicate.insert(c);
            }
        }
        let list =
            |s: &BTreeSet<&str>| format!("[{}]", s.iter().copied().collect::<Vec<_>>().join(" "));
        if !unrecognized.is_empty() {
            v.warn(Some(GoError::new(format!(
                "detected unrecognized ECDH curves: {}",
                list(&unrecognized)
            ))));
        }
        if !duplicate.is_empty() {
            v.warn(Some(GoError::new(format!(
                "detected duplicate ECDH curves: {}",
                list(&duplicate)
            ))));
        }
    }
    if let Some(dtp) = m.message_field("default_traffic_policy") {
        v.merge(validate_default_traffic_policy(dtp));
    }
    if let Some(r) = m.message_field("default_inbound_http_retry_policy") {
        v.merge(validate_inbound_retry(r));
    }
    (v.warn, v.err)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::mesh::apply::apply_mesh_config_defaults;

    fn err(yaml: &str) -> String {
        apply_mesh_config_defaults(yaml).unwrap_err().to_string()
    }

    #[test]
    fn defaults_are_valid() {
        let (warn, errs) = validate_mesh_config(&crate::mesh::defaults::default_mesh_config());
        assert!(warn.is_none());
        assert!(errs.is_none());
    }

    #[test]
    fn reports_istio_messages() {
        assert_eq!(
            err("proxyListenPort: 70000"),
            "invalid proxy listen port: port number 70000 must be in the range 1..65535"
        );
        assert_eq!(
            err("connectTimeout: 2h"),
            "invalid connect timeout: time 2h0m0s must be >1ms and <1h0m0s"
        );
        assert_eq!(
            err("defaultConfig:\n  statusPort: 70000\n"),
            "1 error occurred:\n\t* invalid status port: port number 70000 must be in the range 1..65535\n\n"
        );
        assert_eq!(
            err("defaultConfig:\n  discoveryAddress: foo\n  drainDuration: 1.5s\n"),
            "2 errors occurred:\n\t* drain time only supports durations to seconds precision\n\t* invalid discovery address: unable to split \"foo\": address foo: missing port in address\n\n"
        );
        assert_eq!(
            err("trustDomain: Bad_Domain"),
            "1 error occurred:\n\t* trustDomain: trust domain name \"Bad_Domain\" invalid\n\n"
        );
        assert_eq!(
            err("defaultConfig:\n  tracing:\n    zipkin:\n      address: zipkin\n"),
            "1 error occurred:\n\t* invalid zipkin config: unable to split \"zipkin\": address zipkin: missing port in address\n\n"
        );
    }

    #[test]
    fn reports_nested_policy_messages() {
        let cases = [
            (
                "defaultConfig: {controlPlaneAuthPolicy: INHERIT}",
                "1 error occurred:\n\t* invalid authentication policy: unrecognized control plane auth policy \"INHERIT\"\n\n",
            ),
            (
                "defaultConfig: {privateKeyProvider: {}}",
                "2 errors occurred:\n\t* invalid private key provider configuration: private key provider configuration is required\n\t* invalid private key provider configuration: unknown private key provider\n\n",
            ),
            (
                "serviceSettings: [{hosts: ['*.foo.com', 'bad_host', '*', 'a.*.c']}]",
                "2 errors occurred:\n\t* serviceSettings[0], host `bad_host`: domain name \"bad_host\" invalid (label \"bad_host\" invalid)\n\t* serviceSettings[0], host `a.*.c`: domain name \"*.c\" invalid (label \"*\" invalid)\n\n",
            ),
            (
                "localityLbSetting: {distribute: [{from: 'a/b/*', to: {'a/b/c': 50}}]}",
                "total locality weight 50 != 100",
            ),
            (
                "localityLbSetting: {distribute: [{from: 'a/b', to: {b: 100}}, {from: 'a', to: {c: 100}}]}",
                "locality a overlap with previous specified ones",
            ),
            (
                "defaultTrafficPolicy: {outlierDetection: {consecutiveLocalOriginFailures: 3, maxEjectionPercent: 101, minHealthPercent: -1, interval: 0s}}",
                "4 errors occurred:\n\t* duration must be greater than 1ms\n\t* outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false\n\t* percentage 101 is not in range 0..100\n\t* percentage -1 is not in range 0..100\n\n",
            ),
            (
                "defaultInboundHttpRetryPolicy: {attempts: 0, backoff: 1s, perTryTimeout: 1s, retryOn: '5xx,foo,503,,gateway-error'}",
                "4 errors occurred:\n\t* invalid default inbound http retry policy: http retry policy configured when attempts are set to 0 (disabled)\n\t* invalid default inbound http retry policy: \"foo\" is not a valid retryOn policy\n\t* invalid default inbound http retry policy: \"\" is not a valid retryOn policy\n\t* invalid default inbound http retry policy: backoff configured when attempts are set to 0 (disabled)\n\n",
            ),
        ];
        for (yaml, want) in cases {
            assert_eq!(err(yaml), want, "{yaml}");
        }
    }

    #[test]
    fn warnings_are_returned_separately() {
        let (_, warn) = crate::mesh::apply::apply_mesh_config_with_warnings(
            "tlsDefaults:\n  ecdhCurves: [P-256, P-256, bogus]\n",
            &crate::mesh::defaults::default_mesh_config(),
        )
        .unwrap();
        assert_eq!(
            warn.unwrap(),
            "2 errors occurred:\n\t* detected unrecognized ECDH curves: [bogus]\n\t* detected duplicate ECDH curves: [P-256]\n\n"
        );
    }

    #[test]
    fn addresses() {
        assert!(validate_proxy_address("istiod.istio-system.svc:15012").is_none());
        assert!(validate_proxy_address("10.0.0.1:80").is_none());
        assert!(validate_proxy_address("[::1]:80").is_none());
        assert_eq!(
            validate_proxy_address("").unwrap().to_string(),
            "unable to split \"\": missing port in address"
        );
        assert_eq!(
            validate_proxy_address("a_b:80").unwrap().to_string(),
            "\"a_b\" is not a valid hostname or an IP address"
        );
        assert_eq!(
            validate_proxy_address("a:x").unwrap().to_string(),
            "port (x) is not a number: strconv.Atoi: parsing \"x\": invalid syntax"
        );
    }
}
