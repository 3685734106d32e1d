//! Server options with Istio's defaults (istiod's `--httpsAddr`, `--injectConfigFile`, `--valuesFile`,
//! `--meshConfigFile`, `kube.HTTPConfigReader`'s 6 MiB body limit, `bootstrap/webhook.go` timeouts).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// Default webhook listener: istiod's `--httpsAddr` (`:15017`).
pub const DEFAULT_WEBHOOK_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::UNSPECIFIED), 15017);
/// Default admin listener (metrics, health, debug): loopback only, port 15014 (istiod's monitoring port).
pub const DEFAULT_ADMIN_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::LOCALHOST), 15014);
/// Default injector config file (Istio's `--injectConfigFile`).
pub const DEFAULT_INJECT_CONFIG_FILE: &str = "/var/lib/istio/inject/config";
/// Default values file (Istio's `--valuesFile`).
pub const DEFAULT_VALUES_FILE: &str = "/var/lib/istio/inject/values";
/// Default mesh config file (Istio's `--meshConfigFile`).
pub const DEFAULT_MESH_CONFIG_FILE: &str = "/etc/istio/config/mesh";
/// Default serving certificate chain (istiod's `istiod-tls` secret mount).
pub const DEFAULT_CERT_FILE: &str = "/var/run/secrets/istiod/tls/tls.crt";
/// Default serving private key (istiod's `istiod-tls` secret mount).
pub const DEFAULT_KEY_FILE: &str = "/var/run/secrets/istiod/tls/tls.key";
/// Istio's admission body limit (`kube.HTTPConfigReader`): 6 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 6 * 1024 * 1024;
/// Default [`ServerConfig::patch_cache_bytes`]: 1 MiB, about 190 patches of Istio's default sidecar (5.5 KB each).
pub const DEFAULT_PATCH_CACHE_BYTES: usize = 1 << 20;

/// Every option of the webhook server. [`Default`] gives Istio's values.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Webhook listener address (`/inject`, `/healthz`, `/readyz`, `/ready`). Default `0.0.0.0:15017`.
    pub webhook_addr: SocketAddr,
    /// Admin listener (`/metrics`, `/healthz`, `/readyz`, `/debug/*`); `None` disables it.
    /// Default `127.0.0.1:15014`: debug data never leaves the host unless this is changed.
    pub admin_addr: Option<SocketAddr>,
    /// Serve plain HTTP instead of HTTPS on the webhook listener (local use only). Default `false`.
    pub insecure_http: bool,
    /// PEM certificate chain for the webhook listener; reloaded when it changes.
    pub cert_file: PathBuf,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1) for the webhook listener; reloaded when it changes.
    pub key_file: PathBuf,
    /// Injector config file (ConfigMap key `config`).
    pub inject_config_file: PathBuf,
    /// Values file (ConfigMap key `values`).
    pub values_file: PathBuf,
    /// Mesh config file; `None`, or a file that does not exist, means mesh defaults.
    pub mesh_config_file: Option<PathBuf>,
    /// Read the injector config and values from this ConfigMap through the Kubernetes API when
    /// `inject_config_file` does not exist (istiod's fallback). Default `None`.
    #[cfg(feature = "kube")]
    pub config_map: Option<crate::configmap_source::ConfigMapRef>,
    /// With [`Self::config_map`] in use and no mesh file present: read the mesh config from this ConfigMap
    /// (istiod's `istio[-<rev>]`, key `mesh`). Default `None`.
    #[cfg(feature = "kube")]
    pub mesh_config_map: Option<crate::configmap_source::MeshConfigMapRef>,
    /// The Kubernetes API client for [`Self::config_map`]; `None` infers one (in-cluster or `KUBECONFIG`).
    #[cfg(feature = "kube")]
    pub kube_client: Option<KubeClient>,
    /// Largest accepted admission body in bytes; larger bodies get 413. Default 6 MiB.
    pub body_limit: usize,
    /// Most `/inject` requests handled at once; further requests wait (within their deadline). Default 64.
    pub max_concurrent_requests: usize,
    /// Most open webhook connections; further connections wait in the accept backlog (admin connections are
    /// not limited).
    /// Default 4096.
    pub max_connections: usize,
    /// Upper bound on one `/inject` request; the apiserver's `?timeout=` lowers it. Default 30 s.
    pub request_timeout: Duration,
    /// Run each engine call on tokio's blocking pool (default `true`): a slow or stuck call cannot stall the
    /// server and the apiserver's timeout is always honoured, at the cost of a thread hand-off per request.
    /// `false` runs the engine inline on the async worker (fastest; overruns are detected only afterwards).
    pub isolate_engine: bool,
    /// Time allowed for a client to send request headers (istiod's ReadHeaderTimeout). Default 30 s.
    pub header_read_timeout: Duration,
    /// Time allowed for a TLS handshake. Default 10 s.
    pub tls_handshake_timeout: Duration,
    /// Quiet period after a file event before re-reading files (Istio's watcher: 100 ms).
    pub reload_debounce: Duration,
    /// Fallback polling interval for config and certificate files (catches missed events). Default 5 s.
    pub reload_poll_interval: Duration,
    /// After a shutdown signal, keep accepting (while `/readyz` reports not ready) for this long, so load
    /// balancers and the apiserver's endpoints stop sending new connections first. Default 0.
    pub shutdown_delay: Duration,
    /// Time allowed for in-flight requests to finish after the listeners close. Default 15 s.
    pub shutdown_grace: Duration,
    /// Number of decisions kept for `/debug/requests`. Default 100; 0 disables recording.
    pub debug_history: usize,
    /// Ask the engine for debug payloads (template context, patch) and keep them in `/debug/requests`.
    /// Default `false`: payloads may hold pod specs. While on, the patch cache is bypassed.
    pub debug_payloads: bool,
    /// Byte budget of the patch cache that answers repeated identical requests (a ReplicaSet's pods) without
    /// rendering again; see [`crate::patch_cache`]. Default [`DEFAULT_PATCH_CACHE_BYTES`]; 0 disables it.
    pub patch_cache_bytes: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            webhook_addr: DEFAULT_WEBHOOK_ADDR,
            admin_addr: Some(DEFAULT_ADMIN_ADDR),
            insecure_http: false,
            cert_file: PathBuf::from(DEFAULT_CERT_FILE),
            key_file: PathBuf::from(DEFAULT_KEY_FILE),
            inject_config_file: PathBuf::from(DEFAULT_INJECT_CONFIG_FILE),
            values_file: PathBuf::from(DEFAULT_VALUES_FILE),
            mesh_config_file: Some(PathBuf::from(DEFAULT_MESH_CONFIG_FILE)),
            #[cfg(feature = "kube")]
            config_map: None,
            #[cfg(feature = "kube")]
            mesh_config_map: None,
            #[cfg(feature = "kube")]
            kube_client: None,
            body_limit: DEFAULT_BODY_LIMIT,
            max_concurrent_requests: 64,
            max_connections: 4096,
            request_timeout: Duration::from_secs(30),
            isolate_engine: true,
            header_read_timeout: Duration::from_secs(30),
            tls_handshake_timeout: Duration::from_secs(10),
            reload_debounce: Duration::from_millis(100),
            reload_poll_interval: Duration::from_secs(5),
            shutdown_delay: Duration::ZERO,
            shutdown_grace: Duration::from_secs(15),
            debug_history: 100,
            debug_payloads: false,
            patch_cache_bytes: DEFAULT_PATCH_CACHE_BYTES,
        }
    }
}

/// A Kubernetes API client as a server option.
#[cfg(feature = "kube")]
#[derive(Clone)]
pub struct KubeClient(pub kube::Client);

#[cfg(feature = "kube")]
impl std::fmt::Debug for KubeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KubeClient")
    }
}
