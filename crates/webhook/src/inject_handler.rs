//! The `/inject` handler (Istio's `Webhook.serveInject` + the response half of `Webhook.inject`): body limits,
//! Content-Type check, AdmissionReview decoding, bounded concurrency, the apiserver's `?timeout=`, the engine
//! call, metrics and the decision log.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::Semaphore;
use tokio::time::timeout_at;

use crate::admission::{decode_review, encode_response, ApiVersion, DecodeError, Review, Verdict};
use crate::config_source::{Multicast, Snapshot};
use crate::debug::{micros, pod_identity, rfc3339, DecisionLog, DecisionRecord};
use crate::duration::parse_go_duration;
use crate::engine::{Engine, InjectOutcome, InjectRequest};
use crate::metrics::Metrics;
use crate::patch_cache::{
    CacheStats, CachedPatch, Epoch, PatchCache, RequestDigest, RequestKey, Reuse,
};
use crate::token_volume::{self, Suffix, TokenVolume};

/// Response body type of every endpoint.
pub type ResponseBody = Full<Bytes>;

/// Limits applied to `/inject` requests.
#[derive(Debug, Clone, Copy)]
pub struct InjectLimits {
    /// Largest body accepted (413 beyond).
    pub body_limit: usize,
    /// Upper bound on handling time; `?timeout=` may lower it.
    pub request_timeout: Duration,
    /// Ask the engine for debug payloads and keep them in the decision log.
    pub debug_payloads: bool,
    /// Run the engine on the blocking pool (timeouts enforced even if it hangs) instead of inline.
    pub isolate_engine: bool,
    /// Byte budget of the patch cache ([`crate::patch_cache`]); 0 disables it.
    pub patch_cache_bytes: usize,
}

/// Serves `/inject` for one engine.
pub struct InjectHandler<E: Engine> {
    engine: Arc<E>,
    config: Arc<Multicast<E::Settings>>,
    metrics: Arc<Metrics>,
    limiter: Arc<Semaphore>,
    log: Arc<DecisionLog>,
    limits: InjectLimits,
    cache: Option<PatchCache>,
}

/// A plain-text response.
pub fn text(status: StatusCode, body: impl Into<Bytes>) -> Response<ResponseBody> {
    with_type(status, "text/plain; charset=utf-8", body.into())
}

/// A response with the given Content-Type.
pub fn with_type(
    status: StatusCode,
    content_type: &'static str,
    body: Bytes,
) -> Response<ResponseBody> {
    let mut resp = Response::new(Full::new(body));
    *resp.status_mut() = status;
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

struct Decision {
    outcome: &'static str,
    reason: String,
    timings: Vec<(&'static str, Duration)>,
    patch_bytes: usize,
    debug: Option<serde_json::Value>,
}

impl<E: Engine> InjectHandler<E> {
    /// A handler reading the active settings from `config`, running at most `max_concurrent` engine calls at once.
    pub fn new(
        engine: Arc<E>,
        config: Arc<Multicast<E::Settings>>,
        metrics: Arc<Metrics>,
        log: Arc<DecisionLog>,
        max_concurrent: usize,
        limits: InjectLimits,
    ) -> Self {
        let limiter = Arc::new(Semaphore::new(max_concurrent.max(1)));
        Self {
            engine,
            config,
            metrics,
            limiter,
            log,
            limits,
            cache: PatchCache::new(limits.patch_cache_bytes),
        }
    }

    /// The patch cache's size and budget (`None` when disabled).
    pub fn cache_stats(&self) -> Option<CacheStats> {
        self.cache.as_ref().map(PatchCache::stats)
    }

    /// Handle one request to `/inject` or `/inject/...`.
    pub async fn handle<B>(&self, req: Request<B>) -> Response<ResponseBody>
    where
        B: hyper::body::Body<Data = Bytes> + Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let started = Instant::now();
        let arrived = SystemTime::now();
        self.metrics.requests.inc();
        let resp = self.handle_inner(req, started, arrived).await;
        self.metrics.time.observe(started.elapsed().as_secs_f64());
        resp
    }

    fn reject(&self, status: StatusCode, reason: &str, message: String) -> Response<ResponseBody> {
        self.metrics.failed(reason);
        tracing::warn!(status = status.as_u16(), reason, error = %message, "admission request rejected");
        text(status, message)
    }

    async fn handle_inner<B>(
        &self,
        req: Request<B>,
        started: Instant,
        arrived: SystemTime,
    ) -> Response<ResponseBody>
    where
        B: hyper::body::Body<Data = Bytes> + Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        if req.method() != Method::POST {
            return self.reject(
                StatusCode::METHOD_NOT_ALLOWED,
                "method",
                format!("method {} not allowed", req.method()),
            );
        }
        let budget = match requested_timeout(req.uri().query()) {
            // Answer a little before the apiserver gives up, so the denial reaches it.
            Some(t) => (t - (t / 10).min(Duration::from_secs(1))).min(self.limits.request_timeout),
            None => self.limits.request_timeout,
        };
        // A configured timeout too large to represent means "no practical limit".
        let deadline = started
            .checked_add(budget)
            .unwrap_or(started + Duration::from_secs(365 * 86_400));
        let deadline = tokio::time::Instant::from_std(deadline);
        let limit = self.limits.body_limit;
        let declared_len = req
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared_len.is_some_and(|n| n > limit as u64) {
            return self.reject(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                too_large(limit),
            );
        }
        let content_type_ok = req
            .headers()
            .get(CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes() == b"application/json");
        let path = req.uri().path().to_owned();
        let body = match timeout_at(deadline, Limited::new(req.into_body(), limit).collect()).await
        {
            Err(_) => {
                return self.reject(
                    StatusCode::REQUEST_TIMEOUT,
                    "timeout",
                    "request body not received in time".into(),
                )
            }
            Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
                return self.reject(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    too_large(limit),
                );
            }
            Ok(Err(e)) => {
                return self.reject(
                    StatusCode::BAD_REQUEST,
                    "body_read",
                    format!("reading body: {e}"),
                )
            }
            Ok(Ok(collected)) => collected.to_bytes(),
        };
        let read_at = Instant::now();
        // Istio checks for a body before the Content-Type.
        if body.is_empty() {
            return self.reject(StatusCode::BAD_REQUEST, "no_body", "no body found".into());
        }
        if !content_type_ok {
            return self.reject(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "content_type",
                "invalid Content-Type, want `application/json`".into(),
            );
        }
        let review = match decode_review(&body) {
            Ok(r) => r,
            Err(e) => return self.undecodable(e, arrived, started, path),
        };
        drop(body);
        let api = review.api_version;

        let Some(snapshot) = self.config.current() else {
            self.metrics.failed("no_config");
            let resp = self.reply(
                Some(api),
                &review.uid,
                Verdict::Deny("injector configuration is not loaded yet"),
            );
            let pod_name = review
                .pod()
                .map(|p| pod_identity(&p, &review.namespace))
                .unwrap_or_default();
            self.record(
                arrived,
                started,
                pod_name,
                review.uid,
                path,
                error_decision("no_config"),
            );
            return resp;
        };

        // An identical request under the same settings and engine state gets the patch it got before.
        let pending = match self.consult_cache(&snapshot, &review, &path) {
            Lookup::Hit(entry, token) => {
                let patch = entry.patch_for(token.as_ref());
                tracing::debug!(pod = %entry.pod(), patch_bytes = patch.len(), "injection patched (cached)");
                let resp = self.reply(Some(api), &review.uid, Verdict::Patch(&patch));
                let decision = Decision {
                    outcome: "patched",
                    reason: "cached".to_owned(),
                    timings: vec![
                        ("read", read_at.saturating_duration_since(started)),
                        ("decode+cache", read_at.elapsed()),
                    ],
                    patch_bytes: patch.len(),
                    debug: None,
                };
                let pod = entry.pod().to_owned();
                self.record(arrived, started, pod, review.uid, path, decision);
                return resp;
            }
            Lookup::Render(pending) => pending,
        };

        let pod = match review.pod() {
            Ok(p) => p,
            Err(e) => return self.undecodable(e, arrived, started, path),
        };
        let decoded_at = Instant::now();
        let uid = review.uid.clone();
        let pod_name = pod_identity(&pod, &review.namespace);
        let permit = match timeout_at(deadline, self.limiter.clone().acquire_owned()).await {
            Ok(Ok(p)) => p,
            _ => {
                self.metrics.failed("overloaded");
                let msg = format!("injector overloaded: no capacity within {budget:?}");
                let resp = self.reply(Some(api), &uid, Verdict::Deny(&msg));
                self.record(
                    arrived,
                    started,
                    pod_name,
                    uid,
                    path,
                    error_decision("overloaded"),
                );
                return resp;
            }
        };
        let engine = self.engine.clone();
        let debug = self.limits.debug_payloads;
        let (namespace, dry_run) = (review.namespace.clone(), review.dry_run);
        let call_path = path.clone();
        let call = move || {
            let _permit = permit;
            let began = Instant::now();
            let req = InjectRequest {
                pod: &pod,
                namespace: &namespace,
                path: &call_path,
                dry_run,
                debug,
            };
            let outcome = engine.inject(&snapshot.settings, &req);
            (outcome, began, began.elapsed())
        };
        let result = if self.limits.isolate_engine {
            // Off the async workers: a slow or stuck engine call cannot stall the server, and the apiserver
            // still gets an answer within its timeout.
            match timeout_at(deadline, tokio::task::spawn_blocking(call)).await {
                Ok(Ok(outcome)) => Ok(outcome),
                Ok(Err(join)) => Err(("engine_panic", format!("injection engine crashed: {join}"))),
                Err(_) => Err((
                    "timeout",
                    format!("injection did not complete within {budget:?}"),
                )),
            }
        } else {
            // Inline: no thread hand-off; an overrun is only detected once the call returns.
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)) {
                Ok(_) if tokio::time::Instant::now() > deadline => Err((
                    "timeout",
                    format!("injection did not complete within {budget:?}"),
                )),
                Ok(outcome) => Ok(outcome),
                Err(_) => Err(("engine_panic", "injection engine crashed".to_owned())),
            }
        };
        let (outcome, phases) = match result {
            Ok((outcome, began, engine_time)) => {
                // Where the time went before and around the engine call, for /debug/requests.
                let phases = [
                    ("read", read_at.saturating_duration_since(started)),
                    ("decode", decoded_at.saturating_duration_since(read_at)),
                    ("queue", began.saturating_duration_since(decoded_at)),
                    ("engine", engine_time),
                ];
                (outcome, phases)
            }
            Err((reason, message)) => {
                self.metrics.failed(reason);
                tracing::warn!(pod = %pod_name, reason, error = %message, "injection aborted");
                let resp = self.reply(Some(api), &uid, Verdict::Deny(&message));
                self.record(
                    arrived,
                    started,
                    pod_name,
                    uid,
                    path,
                    error_decision(reason),
                );
                return resp;
            }
        };
        let (resp, decision) = match outcome {
            InjectOutcome::Skipped { reason } => {
                self.metrics.skipped(&reason);
                tracing::debug!(pod = %pod_name, reason = %reason, "injection skipped");
                let resp = self.reply(Some(api), &uid, Verdict::Allow);
                (
                    resp,
                    Decision {
                        outcome: "skipped",
                        reason,
                        timings: phases.to_vec(),
                        patch_bytes: 0,
                        debug: None,
                    },
                )
            }
            InjectOutcome::Patched {
                patch,
                timings,
                debug,
            } => {
                tracing::debug!(pod = %pod_name, patch_bytes = patch.len(), "injection patched");
                let resp = self.reply(Some(api), &uid, Verdict::Patch(&patch));
                if let Some(pending) = &pending {
                    pending.rendered(&patch, &pod_name);
                }
                let debug = if self.limits.debug_payloads {
                    debug
                } else {
                    None
                };
                (
                    resp,
                    Decision {
                        outcome: "patched",
                        reason: String::new(),
                        timings: phases.iter().copied().chain(timings).collect(),
                        patch_bytes: patch.len(),
                        debug,
                    },
                )
            }
            InjectOutcome::Failed { message, reason } => {
                self.metrics.failed(&reason);
                tracing::warn!(pod = %pod_name, reason = %reason, error = %message, "injection failed");
                let resp = self.reply(Some(api), &uid, Verdict::Deny(&message));
                (
                    resp,
                    Decision {
                        outcome: "failed",
                        reason,
                        timings: phases.to_vec(),
                        patch_bytes: 0,
                        debug: None,
                    },
                )
            }
        };
        self.record(arrived, started, pod_name, uid, path, decision);
        resp
    }

    /// Looks the request up in the patch cache, counting the result.
    fn consult_cache<'r>(
        &'r self,
        snapshot: &Snapshot<E::Settings>,
        review: &'r Review,
        path: &'r str,
    ) -> Lookup<'r> {
        let (Some(cache), false) = (&self.cache, self.limits.debug_payloads) else {
            return Lookup::Render(None);
        };
        let object = review.object.get().as_bytes();
        let Some(key) = self.cache_key(snapshot, object, &review.namespace, path, review.dry_run)
        else {
            return Lookup::Render(None);
        };
        let digest = RequestDigest::of(&key);
        let entry = cache.get(&digest);
        let reuse = entry.as_ref().map(|e| e.reuse(key.token.as_ref()));
        self.metrics.patch_cache_lookup(match reuse {
            None => "miss",
            Some(Reuse::Serve) => "hit",
            Some(Reuse::Confirm) => "confirm",
            Some(Reuse::Refuted) => "refuted",
        });
        let then = match (reuse, entry) {
            (Some(Reuse::Serve), Some(entry)) => return Lookup::Hit(entry, key.token),
            (Some(Reuse::Confirm), Some(entry)) => AfterRender::Confirm(entry),
            (Some(Reuse::Refuted), _) => AfterRender::Nothing,
            _ => AfterRender::Insert,
        };
        Lookup::Render(Some(PendingEntry {
            cache,
            key,
            digest,
            then,
        }))
    }

    /// The patch cache key of a request, if its outcome may be reused: the engine allows reuse under these
    /// settings, and the pod either has no generated token volume or the engine treats its name as opaque.
    fn cache_key<'r>(
        &self,
        snapshot: &Snapshot<E::Settings>,
        object: &'r [u8],
        namespace: &'r str,
        path: &'r str,
        dry_run: bool,
    ) -> Option<RequestKey<'r>> {
        let scope = self.engine.reuse_scope(&snapshot.settings)?;
        let token = match token_volume::scan(object) {
            TokenVolume::Absent => None,
            TokenVolume::Named(s)
                if self.engine.token_volume_name_is_opaque(&snapshot.settings) =>
            {
                Some(s)
            }
            _ => return None,
        };
        Some(RequestKey {
            epoch: Epoch {
                settings: snapshot.generation,
                scope,
            },
            object,
            namespace,
            path,
            dry_run,
            token,
        })
    }

    fn undecodable(
        &self,
        e: DecodeError,
        arrived: SystemTime,
        started: Instant,
        path: String,
    ) -> Response<ResponseBody> {
        self.metrics.failed("decode");
        tracing::warn!(error = %e.message, "could not decode AdmissionReview");
        let resp = self.reply(e.api_version, &e.uid, Verdict::Deny(&e.message));
        self.record(
            arrived,
            started,
            String::new(),
            e.uid,
            path,
            error_decision("decode"),
        );
        resp
    }

    fn reply(
        &self,
        api: Option<ApiVersion>,
        uid: &str,
        verdict: Verdict<'_>,
    ) -> Response<ResponseBody> {
        let body = encode_response(api, uid, verdict);
        self.metrics.success.inc();
        with_type(StatusCode::OK, "application/json", Bytes::from(body))
    }

    fn record(
        &self,
        arrived: SystemTime,
        started: Instant,
        pod: String,
        uid: String,
        path: String,
        d: Decision,
    ) {
        if !self.log.enabled() {
            return;
        }
        self.log.push(DecisionRecord {
            time: rfc3339(arrived),
            pod,
            uid,
            path,
            outcome: d.outcome,
            reason: d.reason,
            timings_us: d.timings.into_iter().map(|(k, v)| (k, micros(v))).collect(),
            total_us: micros(started.elapsed()),
            patch_bytes: d.patch_bytes,
            debug: d.debug,
        });
    }
}

/// What the patch cache offers a request.
enum Lookup<'r> {
    /// A patch to serve, for a pod with this token suffix.
    Hit(CachedPatch, Option<Suffix>),
    /// Render; then, if the request is a cache candidate, tell the cache.
    Render(Option<PendingEntry<'r>>),
}

/// A cache candidate being rendered.
struct PendingEntry<'r> {
    cache: &'r PatchCache,
    key: RequestKey<'r>,
    digest: RequestDigest,
    then: AfterRender,
}

enum AfterRender {
    /// Remember the patch.
    Insert,
    /// Confirm (or refute) this entry with the patch.
    Confirm(CachedPatch),
    /// The entry found is refuted: leave it.
    Nothing,
}

impl PendingEntry<'_> {
    /// The engine rendered `patch` for the pod `pod` (its decision-log identity).
    fn rendered(&self, patch: &[u8], pod: &str) {
        match &self.then {
            AfterRender::Insert => self.cache.insert(&self.key, self.digest, patch, pod),
            AfterRender::Confirm(entry) => {
                let token = self.key.token.as_ref();
                if !self.cache.confirm(&self.digest, entry, patch, token) {
                    tracing::warn!(pod = %pod, "a patch shared across token volume names did not match a fresh render; not reusing it");
                }
            }
            AfterRender::Nothing => {}
        }
    }
}

fn error_decision(reason: &str) -> Decision {
    Decision {
        outcome: "error",
        reason: reason.to_owned(),
        timings: vec![],
        patch_bytes: 0,
        debug: None,
    }
}

fn too_large(limit: usize) -> String {
    format!("request entity too large: limit is {limit} bytes")
}

/// The apiserver's `timeout` query parameter (a Go duration), if present and valid.
pub fn requested_timeout(query: Option<&str>) -> Option<Duration> {
    let value = query?
        .split('&')
        .find_map(|kv| kv.strip_prefix("timeout="))?;
    match parse_go_duration(value) {
        Ok(d) if !d.is_zero() => Some(d),
        _ => {
            tracing::debug!(value, "ignoring invalid timeout query parameter");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_query() {
        assert_eq!(
            requested_timeout(Some("timeout=10s")),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            requested_timeout(Some("a=b&timeout=1m30s")),
            Some(Duration::from_secs(90))
        );
        assert_eq!(requested_timeout(Some("timeout=bogus")), None);
        assert_eq!(requested_timeout(Some("timeout=0")), None);
        assert_eq!(requested_timeout(None), None);
    }
}
