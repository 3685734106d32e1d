//! The admission webhook server: HTTPS, AdmissionReview handling, configuration watchers, metrics, health and
//! debug endpoints. Generic over an [`Engine`] (the injection engine is plugged in by the binary).

pub mod admission;
pub mod cert_reload;
pub mod config;
pub mod config_source;
pub mod debug;
pub mod duration;
pub mod engine;
pub mod health;
pub mod inject_handler;
pub mod logging;
pub mod metrics;
pub mod server;
pub mod tls;
pub mod watch;

pub use config::ServerConfig;
pub use engine::{ConfigSet, Engine, InjectOutcome, InjectRequest};
pub use logging::init_logging;
pub use server::{run, shutdown_signal, Server, ServerError};
