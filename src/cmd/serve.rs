//! `sidecar-injector serve`: the admission webhook server (istiod's injector) on the injection engine.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use injector::native::NodeInfo;
use injector::settings::ProcessSettings;
use serde_json::Value;
use webhook::{ClusterState, IstioEngine, ServerConfig};

use crate::cli::ServeArgs;

/// Validated `serve` arguments.
pub struct ServeConfig {
    server: ServerConfig,
    process: ProcessSettings,
    nodes: Option<Vec<NodeInfo>>,
    namespaces: HashMap<String, Value>,
    json_logs: bool,
    log_level: String,
    #[cfg(feature = "kube")]
    kube: Option<KubeApi>,
}

/// How `serve` uses the Kubernetes API.
#[cfg(feature = "kube")]
struct KubeApi {
    kubeconfig: Option<PathBuf>,
    istio_namespace: String,
    revision: String,
    watch_nodes: bool,
    watch_namespaces: bool,
}

#[cfg(feature = "kube")]
impl KubeApi {
    /// `--kube-api`: `on`, `off`, or `auto` (in a cluster, or with a kubeconfig).
    fn from_args(args: &ServeArgs, process: &ProcessSettings, fixed_nodes: bool) -> Option<Self> {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        let enabled = match args.kube_api.as_str() {
            "on" => true,
            "off" => false,
            _ => args.kubeconfig.is_some() || set("KUBECONFIG") || set("KUBERNETES_SERVICE_HOST"),
        };
        enabled.then(|| KubeApi {
            kubeconfig: args.kubeconfig.clone(),
            istio_namespace: args.istio_namespace.clone(),
            revision: args.revision.clone(),
            watch_nodes: !fixed_nodes
                && process.native_sidecars == injector::native::NativeSidecarMode::Auto,
            watch_namespaces: args.namespaces_file.is_none()
                && process.platform == injector::settings::Platform::OpenShift,
        })
    }

    async fn client(&self) -> Result<kube::Client> {
        let config = match &self.kubeconfig {
            Some(path) => {
                let kubeconfig = kube::config::Kubeconfig::read_from(path)
                    .with_context(|| format!("--kubeconfig {}", path.display()))?;
                kube::Config::from_custom_kubeconfig(kubeconfig, &Default::default())
                    .await
                    .with_context(|| format!("--kubeconfig {}", path.display()))?
            }
            None => kube::Config::infer()
                .await
                .context("no Kubernetes API configuration (in-cluster or $KUBECONFIG)")?,
        };
        kube::Client::try_from(config).context("Kubernetes API client")
    }

    /// Start the reflectors and point the server's ConfigMap fallback at the API.
    async fn start(&self, cluster: &Arc<ClusterState>, server: &mut ServerConfig) -> Result<()> {
        let client = self.client().await?;
        if self.watch_nodes {
            tokio::spawn(webhook::cluster_watch::watch_nodes(
                client.clone(),
                cluster.clone(),
            ));
        }
        if self.watch_namespaces {
            tokio::spawn(webhook::cluster_watch::watch_namespaces(
                client.clone(),
                cluster.clone(),
            ));
        }
        server.config_map = Some(webhook::configmap_source::ConfigMapRef::istio(
            &self.istio_namespace,
            &self.revision,
        ));
        server.mesh_config_map = Some(webhook::configmap_source::MeshConfigMapRef::istio(
            &self.istio_namespace,
            &self.revision,
        ));
        server.kube_client = Some(webhook::config::KubeClient(client));
        tracing::info!(
            nodes = self.watch_nodes,
            namespaces = self.watch_namespaces,
            configmap_namespace = %self.istio_namespace,
            "using the Kubernetes API"
        );
        Ok(())
    }
}

impl ServeConfig {
    /// Validates the raw flags.
    pub fn from_args(args: &ServeArgs) -> Result<Self> {
        let mut server = ServerConfig::default();
        server.webhook_addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), args.port);
        server.admin_addr = match args.admin_addr.as_deref() {
            Some("") | Some("off") => None,
            Some(a) => Some(
                a.parse()
                    .with_context(|| format!("--admin-addr {a:?}: not an address"))?,
            ),
            None => server.admin_addr,
        };
        server.insecure_http = args.insecure_http;
        if !args.insecure_http {
            match (&args.tls_cert_file, &args.tls_key_file) {
                (Some(cert), Some(key)) => {
                    server.cert_file = cert.clone();
                    server.key_file = key.clone();
                }
                (None, None) => {}
                _ => bail!("--tls-cert-file and --tls-key-file go together"),
            }
        }
        let dir_file = |name: &str| args.config_dir.as_ref().map(|d| d.join(name));
        if let Some(p) = args
            .inject_config_file
            .clone()
            .or_else(|| dir_file("config"))
        {
            server.inject_config_file = p;
        }
        if let Some(p) = args.values_file.clone().or_else(|| dir_file("values")) {
            server.values_file = p;
        }
        if let Some(p) = args.mesh_config_file.clone().or_else(|| dir_file("mesh")) {
            server.mesh_config_file = Some(p);
        }
        server.request_timeout = Duration::from_secs(args.request_timeout_seconds);
        server.max_concurrent_requests = args.max_concurrent_requests;
        server.isolate_engine = !args.inline_engine;
        server.debug_payloads = args.debug_payloads;
        server.patch_cache_bytes = args.patch_cache_kib.saturating_mul(1024);

        let (process, nodes) = crate::settings::process_settings(&args.process, &args.revision)?;
        let namespaces = match &args.namespaces_file {
            Some(path) => read_namespaces(path)?,
            None => HashMap::new(),
        };
        Ok(ServeConfig {
            #[cfg(feature = "kube")]
            kube: KubeApi::from_args(args, &process, nodes.is_some()),
            server,
            process,
            nodes,
            namespaces,
            json_logs: args.log_format == "json",
            log_level: args.log_level.clone(),
        })
    }
}

/// Namespace objects (YAML stream or List) for OpenShift UID ranges outside a cluster.
fn read_namespaces(path: &PathBuf) -> Result<HashMap<String, Value>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = HashMap::new();
    for doc in
        injector::yaml::split_documents(&text).with_context(|| format!("{}", path.display()))?
    {
        let v =
            injector::yaml::from_str(&doc.text).with_context(|| format!("{}", path.display()))?;
        let items = match v.get("kind").and_then(Value::as_str) {
            Some("List") | Some("NamespaceList") => {
                v["items"].as_array().cloned().unwrap_or_default()
            }
            _ => vec![v],
        };
        for ns in items {
            if let Some(name) = ns.pointer("/metadata/name").and_then(Value::as_str) {
                out.insert(name.to_string(), ns.clone());
            }
        }
    }
    Ok(out)
}

/// Runs the server until SIGTERM or SIGINT.
pub fn run(cfg: ServeConfig) -> Result<()> {
    webhook::init_logging(cfg.json_logs, &cfg.log_level).map_err(|e| anyhow::anyhow!(e))?;
    // Injection is CPU-bound work on the blocking pool: more threads than cores only add contention and
    // per-thread allocator caches (tokio's default allows 512).
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(cores.max(2))
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(async move {
        let cluster = Arc::new(ClusterState::fixed(cfg.nodes, cfg.namespaces));
        #[allow(unused_mut)]
        let mut server = cfg.server;
        #[cfg(feature = "kube")]
        if let Some(kube) = &cfg.kube {
            kube.start(&cluster, &mut server).await?;
        }
        let engine = IstioEngine::with_cluster(cfg.process, cluster);
        webhook::run(engine, server, webhook::shutdown_signal())
            .await
            .map_err(anyhow::Error::from)
    })?;
    Ok(())
}
