//! Prometheus metrics with Istio's names (`istio/istio:pkg/kube/inject/monitoring.go`), plus reason labels on
//! skip/failure and reload counters for configuration and certificates.
//!
//! prometheus-client appends `_total` to counter names, so counters are registered without it and exposed with
//! exactly Istio's names (`sidecar_injection_requests_total`, ...).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Histogram buckets for `sidecar_injection_time_seconds`: sub-millisecond buckets followed by Istio's
/// (.1, 1, 3, 5, 10, 20, 30, 60).
pub const TIME_BUCKETS: [f64; 20] = [
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
    3.0, 5.0, 10.0, 20.0, 30.0, 60.0,
];

/// A `reason` label.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabel {
    /// Reason code.
    pub reason: String,
}

/// A `result` label (`success` / `failure`; `hit` / `miss` / `confirm` / `refuted` for the patch cache).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ResultLabel {
    /// `success` or `failure`; a patch cache lookup's result.
    pub result: &'static str,
}

/// All metrics of the webhook server.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// `sidecar_injection_requests_total`.
    pub requests: Counter,
    /// `sidecar_injection_success_total`: an AdmissionReview response was written (Istio counts this even when
    /// the response denies the pod).
    pub success: Counter,
    /// `sidecar_injection_skip_total{reason}`.
    pub skip: Family<ReasonLabel, Counter>,
    /// `sidecar_injection_failure_total{reason}`.
    pub failure: Family<ReasonLabel, Counter>,
    /// `sidecar_injection_time_seconds`.
    pub time: Histogram,
    /// `sidecar_injection_config_reloads_total{result}`.
    pub config_reloads: Family<ResultLabel, Counter>,
    /// `sidecar_injection_cert_reloads_total{result}`.
    pub cert_reloads: Family<ResultLabel, Counter>,
    /// `sidecar_injection_config_generation`: how many configuration sets have been accepted.
    pub config_generation: Gauge,
    /// `sidecar_injection_configmap_events_total`: ConfigMap add/update/delete events seen (API source only).
    pub configmap_events: Counter,
    /// `sidecar_injection_patch_cache_lookups_total{result}`: requests looked up in the patch cache.
    pub patch_cache: Family<ResultLabel, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Create and register every metric.
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let requests = Counter::default();
        let success = Counter::default();
        let skip = Family::<ReasonLabel, Counter>::default();
        let failure = Family::<ReasonLabel, Counter>::default();
        let time = Histogram::new(TIME_BUCKETS);
        let config_reloads = Family::<ResultLabel, Counter>::default();
        let cert_reloads = Family::<ResultLabel, Counter>::default();
        let config_generation = Gauge::default();
        let configmap_events = Counter::default();
        let patch_cache = Family::<ResultLabel, Counter>::default();
        registry.register(
            "sidecar_injection_requests",
            "Total number of sidecar injection requests.",
            requests.clone(),
        );
        registry.register(
            "sidecar_injection_success",
            "Total number of successful sidecar injection requests.",
            success.clone(),
        );
        registry.register(
            "sidecar_injection_skip",
            "Total number of skipped sidecar injection requests.",
            skip.clone(),
        );
        registry.register(
            "sidecar_injection_failure",
            "Total number of failed sidecar injection requests.",
            failure.clone(),
        );
        registry.register(
            "sidecar_injection_time_seconds",
            "Total time taken for injection in seconds.",
            time.clone(),
        );
        registry.register(
            "sidecar_injection_config_reloads",
            "Injector configuration reload attempts, by result.",
            config_reloads.clone(),
        );
        registry.register(
            "sidecar_injection_cert_reloads",
            "Serving certificate reload attempts, by result.",
            cert_reloads.clone(),
        );
        registry.register(
            "sidecar_injection_config_generation",
            "Number of injector configuration sets accepted since start.",
            config_generation.clone(),
        );
        registry.register(
            "sidecar_injection_patch_cache_lookups",
            "Admission requests looked up in the patch cache, by result (hit: answered without rendering; confirm: rendered to confirm an entry shared across token volume names; refuted: such an entry did not match).",
            patch_cache.clone(),
        );
        if cfg!(feature = "kube") {
            registry.register(
                "sidecar_injection_configmap_events",
                "Injector ConfigMap events seen from the Kubernetes API.",
                configmap_events.clone(),
            );
        }
        Self {
            registry,
            requests,
            success,
            skip,
            failure,
            time,
            config_reloads,
            cert_reloads,
            config_generation,
            configmap_events,
            patch_cache,
        }
    }

    /// Count a patch cache lookup: `hit`, `miss`, `confirm` (rendered to confirm an entry shared across token
    /// volume names) or `refuted` (such an entry did not match a render and is not used).
    pub fn patch_cache_lookup(&self, result: &'static str) {
        self.patch_cache
            .get_or_create(&ResultLabel { result })
            .inc();
    }

    /// Count a skipped pod.
    pub fn skipped(&self, reason: &str) {
        self.skip
            .get_or_create(&ReasonLabel {
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// Count a failed request.
    pub fn failed(&self, reason: &str) {
        self.failure
            .get_or_create(&ReasonLabel {
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// Count a configuration reload attempt.
    pub fn config_reload(&self, ok: bool) {
        self.config_reloads
            .get_or_create(&ResultLabel { result: result(ok) })
            .inc();
    }

    /// Count a certificate reload attempt.
    pub fn cert_reload(&self, ok: bool) {
        self.cert_reloads
            .get_or_create(&ResultLabel { result: result(ok) })
            .inc();
    }

    /// The OpenMetrics text exposition.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(4096);
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

fn result(ok: bool) -> &'static str {
    if ok {
        "success"
    } else {
        "failure"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposes_istio_names() {
        let m = Metrics::new();
        m.requests.inc();
        m.success.inc();
        m.skipped("label_false");
        m.failed("decode");
        m.time.observe(0.0001);
        m.config_reload(true);
        m.cert_reload(false);
        let text = m.encode();
        for line in [
            "sidecar_injection_requests_total 1",
            "sidecar_injection_success_total 1",
            "sidecar_injection_skip_total{reason=\"label_false\"} 1",
            "sidecar_injection_failure_total{reason=\"decode\"} 1",
            "sidecar_injection_time_seconds_count 1",
            "sidecar_injection_time_seconds_bucket{le=\"0.00025\"} 1",
            "sidecar_injection_config_reloads_total{result=\"success\"} 1",
            "sidecar_injection_cert_reloads_total{result=\"failure\"} 1",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line:?} in\n{text}"
            );
        }
        assert!(!text.contains("_total_total"));
    }
}
