//! Debug views for the admin listener: the active settings (`/debug/inject`, like istiod's `/debug/inject`, with a
//! version hash and load time) and a ring buffer of recent decisions (`/debug/requests`).

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde_json::{json, Value};

use crate::config_source::Snapshot;
use crate::engine::Engine;

/// One admission decision as shown by `/debug/requests`.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionRecord {
    /// RFC 3339 time the request arrived.
    pub time: String,
    /// `namespace/name` of the pod (`generateName` when it has no name yet).
    pub pod: String,
    /// Admission request uid.
    pub uid: String,
    /// URL path.
    pub path: String,
    /// `patched`, `skipped`, `failed` or `error` (request-level errors before the engine ran).
    pub outcome: &'static str,
    /// Reason code (skip/failure), empty for patched.
    pub reason: String,
    /// Per-phase timings in microseconds: `read` (body), `decode` (AdmissionReview), `queue` (waiting for a
    /// concurrency permit and an engine thread), `engine` (the whole engine call), then the engine's own phases.
    pub timings_us: Vec<(&'static str, u64)>,
    /// Whole request handling time in microseconds.
    pub total_us: u64,
    /// Size of the JSON patch in bytes.
    pub patch_bytes: usize,
    /// Engine debug payload; only kept when debug payloads are enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debug: Option<Value>,
}

/// Fixed-size history of recent decisions.
#[derive(Debug)]
pub struct DecisionLog {
    capacity: usize,
    entries: Mutex<VecDeque<DecisionRecord>>,
}

impl DecisionLog {
    /// A log keeping the last `capacity` decisions (0 keeps none).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Mutex::new(VecDeque::with_capacity(capacity.min(1024))),
        }
    }

    /// Whether records are kept at all (callers skip building them otherwise).
    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    /// Append a decision, evicting the oldest beyond capacity.
    pub fn push(&self, record: DecisionRecord) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = match self.entries.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if entries.len() == self.capacity {
            entries.pop_front();
        }
        entries.push_back(record);
    }

    /// The kept decisions, newest last.
    pub fn snapshot(&self) -> Vec<DecisionRecord> {
        match self.entries.lock() {
            Ok(g) => g.iter().cloned().collect(),
            Err(p) => p.into_inner().iter().cloned().collect(),
        }
    }
}

/// RFC 3339 rendering of a time, UTC, millisecond precision.
pub fn rfc3339(t: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Microseconds, saturating.
pub fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// `/debug/inject` body: the engine's description plus version, generation and load time.
pub fn describe_snapshot<E: Engine>(engine: &E, snapshot: Option<&Snapshot<E::Settings>>) -> Value {
    match snapshot {
        None => json!({ "loaded": false }),
        Some(s) => json!({
            "loaded": true,
            "version": s.version,
            "generation": s.generation,
            "loadedAt": rfc3339(s.loaded_at),
            "settings": engine.describe(&s.settings),
        }),
    }
}

/// `namespace/name` of a pod object.
pub fn pod_identity(pod: &Value, namespace: &str) -> String {
    let meta = pod.get("metadata");
    let name = meta
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .or_else(|| {
            meta.and_then(|m| m.get("generateName"))
                .and_then(Value::as_str)
        })
        .unwrap_or("");
    let ns = meta
        .and_then(|m| m.get("namespace"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or(namespace);
    format!("{ns}/{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(n: usize) -> DecisionRecord {
        DecisionRecord {
            time: String::new(),
            pod: n.to_string(),
            uid: String::new(),
            path: String::new(),
            outcome: "skipped",
            reason: String::new(),
            timings_us: vec![],
            total_us: 0,
            patch_bytes: 0,
            debug: None,
        }
    }

    #[test]
    fn ring_keeps_last_n() {
        let log = DecisionLog::new(3);
        for i in 0..5 {
            log.push(rec(i));
        }
        let pods: Vec<String> = log.snapshot().into_iter().map(|r| r.pod).collect();
        assert_eq!(pods, ["2", "3", "4"]);
        let off = DecisionLog::new(0);
        off.push(rec(1));
        assert!(off.snapshot().is_empty());
    }

    #[test]
    fn identity_prefers_name() {
        assert_eq!(
            pod_identity(&json!({"metadata": {"name": "a", "namespace": "x"}}), "y"),
            "x/a"
        );
        assert_eq!(
            pod_identity(&json!({"metadata": {"generateName": "g-"}}), "y"),
            "y/g-"
        );
        assert_eq!(pod_identity(&json!({}), ""), "/");
    }
}
