//! The admission webhook server: HTTPS, AdmissionReview handling, configuration watchers, metrics, health and
//! debug endpoints. Generic over an [`Engine`] (the injection engine is plugged in by the binary).
//!
//! # Use
//! ```no_run
//! # async fn serve<E: webhook::Engine>(engine: E) -> Result<(), webhook::ServerError> {
//! webhook::run(engine, webhook::ServerConfig::default(), webhook::shutdown_signal()).await
//! # }
//! ```
//! [`Server::bind`] + [`Server::serve`] split the same thing when the bound addresses are needed (port 0).
//!
//! # Endpoints
//! | listener | path | |
//! |---|---|---|
//! | webhook (`0.0.0.0:15017`, HTTPS; plain HTTP with `insecure_http`) | `POST /inject`, `POST /inject/<k>/<v>/...` | AdmissionReview v1 / v1beta1 |
//! | webhook | `/healthz`, `/readyz`, `/ready` | liveness; readiness latch (config AND certificate loaded, watched cluster facts listed; 503 while draining) |
//! | admin (`127.0.0.1:15014`, plain HTTP) | `/metrics` | OpenMetrics text, Istio's metric names |
//! | admin | `/healthz`, `/readyz` | as above |
//! | admin | `/debug/inject` | active settings ([`Engine::describe`]) with version hash, generation, load time |
//! | admin | `/debug/requests` | last [`ServerConfig::debug_history`] decisions |
//!
//! # `/inject` status codes
//! Body over [`ServerConfig::body_limit`] → 413; empty body → 400 `no body found`; Content-Type not exactly
//! `application/json` → 415 ``invalid Content-Type, want `application/json` ``; method other than POST → 405;
//! everything else → 200 with an AdmissionReview (`allowed: false` and `status.message` for undecodable bodies,
//! non-Pod objects, engine failures, no configuration yet, overload and timeouts).
//!
//! # Files
//! The injector `config`/`values` and the mesh file are re-read when their parent directories change (so
//! Kubernetes' `..data` symlink swap is seen), after a debounce, and on a fallback poll. A set is published only
//! after [`Engine::load`] accepts it; a rejected set is logged and counted and the previous one keeps serving.
//! The certificate and key are reloaded the same way and swapped atomically for new handshakes.

pub mod admission;
pub mod cert_reload;
pub mod cluster;
#[cfg(feature = "kube")]
pub mod cluster_watch;
pub mod config;
pub mod config_source;
#[cfg(feature = "kube")]
pub mod configmap_source;
pub mod debug;
pub mod duration;
pub mod engine;
pub mod health;
pub mod inject_handler;
pub mod istio;
pub mod logging;
pub mod metrics;
pub mod patch_cache;
pub mod server;
pub mod tls;
pub mod token_volume;
pub mod watch;

pub use cluster::ClusterState;
pub use config::ServerConfig;
pub use engine::{ConfigSet, Engine, InjectOutcome, InjectRequest};
pub use istio::IstioEngine;
pub use logging::init_logging;
pub use server::{run, shutdown_signal, Server, ServerError};
