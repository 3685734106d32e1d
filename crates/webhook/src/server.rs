//! Listeners, routing and lifecycle (istiod's `bootstrap/webhook.go` HTTPS server plus its monitoring/debug mux):
//! the webhook listener (HTTPS, or plain HTTP when asked) serves `/inject` and health; the admin listener
//! (loopback by default) serves `/metrics`, health and `/debug/*`. Shutdown stops accepting, drains in-flight
//! requests within a grace period, then returns.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use crate::cert_reload::CertReloader;
use crate::config::ServerConfig;
use crate::config_source::{ConfigFiles, ConfigSource, Multicast};
use crate::debug::{describe_snapshot, DecisionLog};
use crate::engine::Engine;
use crate::health::Health;
use crate::inject_handler::{text, with_type, InjectHandler, InjectLimits, ResponseBody};
use crate::metrics::Metrics;
use crate::tls::{crypto_provider, server_config, CertStore};
use crate::watch::FileTrigger;

/// Errors that stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// A listener could not be bound.
    #[error("binding {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// No Kubernetes client could be built for the ConfigMap source.
    #[cfg(feature = "kube")]
    #[error("Kubernetes client: {0}")]
    Kube(String),
    /// The TLS configuration could not be built.
    #[error("TLS setup: {0}")]
    Tls(String),
}

struct Shared<E: Engine> {
    engine: Arc<E>,
    inject: InjectHandler<E>,
    config: Arc<Multicast<E::Settings>>,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    log: Arc<DecisionLog>,
}

#[derive(Clone, Copy)]
enum Role {
    Webhook,
    Admin,
}

impl<E: Engine> Shared<E> {
    async fn route(&self, role: Role, req: Request<Incoming>) -> Response<ResponseBody> {
        let path = req.uri().path();
        match (role, path) {
            (Role::Webhook, "/inject") => self.inject.handle(req).await,
            (Role::Webhook, p) if p.starts_with("/inject/") => self.inject.handle(req).await,
            (_, "/healthz") => text(StatusCode::OK, "ok"),
            (_, "/readyz") | (Role::Webhook, "/ready") => match self
                .health
                .not_ready_reason()
                .or_else(|| self.engine.not_ready_reason())
            {
                None => text(StatusCode::OK, "ready"),
                Some(why) => text(StatusCode::SERVICE_UNAVAILABLE, why),
            },
            (Role::Admin, "/metrics") => with_type(
                StatusCode::OK,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
                Bytes::from(self.metrics.encode()),
            ),
            (Role::Admin, "/debug/inject") => {
                let snap = self.config.current();
                let mut view = describe_snapshot(&*self.engine, snap.as_deref());
                view["patchCache"] = match self.inject.cache_stats() {
                    Some(s) => serde_json::json!({
                        "entries": s.entries, "bytes": s.bytes, "capacityBytes": s.capacity,
                    }),
                    None => serde_json::json!("disabled"),
                };
                json_response(&view)
            }
            (Role::Admin, "/debug/requests") => json_response(&self.log.snapshot()),
            _ => text(StatusCode::NOT_FOUND, "404 page not found"),
        }
    }
}

fn json_response<T: serde::Serialize>(value: &T) -> Response<ResponseBody> {
    match serde_json::to_vec_pretty(value) {
        Ok(body) => with_type(StatusCode::OK, "application/json", Bytes::from(body)),
        Err(e) => text(StatusCode::INTERNAL_SERVER_ERROR, format!("encoding: {e}")),
    }
}

/// A bound, not yet serving, webhook server.
pub struct Server<E: Engine> {
    shared: Arc<Shared<E>>,
    cfg: ServerConfig,
    webhook: TcpListener,
    admin: Option<TcpListener>,
    tls: Option<TlsAcceptor>,
    tasks: Tasks,
}

/// Background watchers, aborted when dropped (server finished, or `bind` failed part-way).
struct Tasks(Vec<JoinHandle<()>>);

impl Drop for Tasks {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

impl<E: Engine> Server<E> {
    /// Bind the listeners, load the initial configuration and certificate (failures are logged, counted and
    /// retried by the watchers; the server is simply not ready until both are valid) and start the watchers.
    pub async fn bind(engine: E, cfg: ServerConfig) -> Result<Self, ServerError> {
        // Listeners first: nothing is started if an address is taken.
        let bind = |addr: SocketAddr| async move {
            TcpListener::bind(addr)
                .await
                .map_err(|source| ServerError::Bind { addr, source })
        };
        let webhook = bind(cfg.webhook_addr).await?;
        let admin = match cfg.admin_addr {
            Some(addr) => Some(bind(addr).await?),
            None => None,
        };
        let engine = Arc::new(engine);
        let metrics = Arc::new(Metrics::new());
        let health = Arc::new(Health::new(!cfg.insecure_http));
        let config = Arc::new(Multicast::default());
        let log = Arc::new(DecisionLog::new(cfg.debug_history));
        let mut tasks = Tasks(Vec::new());

        let files = ConfigFiles {
            config: cfg.inject_config_file.clone(),
            values: cfg.values_file.clone(),
            mesh: cfg.mesh_config_file.clone(),
        };
        let source = ConfigSource::new(
            engine.clone(),
            files,
            config.clone(),
            metrics.clone(),
            health.clone(),
        );
        #[cfg(feature = "kube")]
        let source = match cfg
            .config_map
            .clone()
            .filter(|_| !cfg.inject_config_file.exists())
        {
            Some(cm_ref) => {
                // Istio: without a mounted config file, read the injector ConfigMap from the API.
                let client = match cfg.kube_client.clone() {
                    Some(client) => client.0,
                    None => kube::Client::try_default()
                        .await
                        .map_err(|e| ServerError::Kube(e.to_string()))?,
                };
                tracing::info!(namespace = %cm_ref.namespace, name = %cm_ref.name, "injector configuration from the Kubernetes API");
                let mesh: Vec<&std::path::Path> =
                    source.files().mesh.iter().map(|p| p.as_path()).collect();
                // The mesh ConfigMap only when no mesh file is mounted (istiod's order).
                let mesh_file_exists = source.files().mesh.as_ref().is_some_and(|p| p.exists());
                let mesh_cm = cfg.mesh_config_map.clone().filter(|_| !mesh_file_exists);
                if let Some(m) = &mesh_cm {
                    tracing::info!(namespace = %m.namespace, name = %m.name, "mesh configuration from the Kubernetes API");
                }
                let trigger =
                    FileTrigger::new(&mesh, cfg.reload_debounce, cfg.reload_poll_interval);
                tasks
                    .0
                    .push(tokio::spawn(crate::configmap_source::watch_configmap(
                        client, cm_ref, mesh_cm, source, trigger,
                    )));
                None
            }
            None => Some(source),
        };
        #[cfg(not(feature = "kube"))]
        let source = Some(source);
        if let Some(mut source) = source {
            // An initial failure is logged and counted inside reload; the watcher retries.
            let _ = source.reload().await;
            let watched: Vec<&std::path::Path> = [
                Some(&source.files().config),
                Some(&source.files().values),
                source.files().mesh.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(|p| p.as_path())
            .collect();
            let trigger = FileTrigger::new(&watched, cfg.reload_debounce, cfg.reload_poll_interval);
            tasks.0.push(tokio::spawn(source.watch(trigger)));
        }

        let tls = if cfg.insecure_http {
            tracing::warn!("serving the webhook over plain HTTP (insecure, local use only)");
            None
        } else {
            let provider = crypto_provider();
            let store = Arc::new(CertStore::default());
            let tls_config =
                server_config(store.clone(), provider.clone()).map_err(ServerError::Tls)?;
            let mut reloader = CertReloader::new(
                cfg.cert_file.clone(),
                cfg.key_file.clone(),
                store.clone(),
                provider.clone(),
                metrics.clone(),
                health.clone(),
            );
            let _ = reloader.reload();
            let trigger = FileTrigger::new(
                &[&cfg.cert_file, &cfg.key_file],
                cfg.reload_debounce,
                cfg.reload_poll_interval,
            );
            tasks.0.push(tokio::spawn(reloader.watch(trigger)));
            Some(TlsAcceptor::from(Arc::new(tls_config)))
        };

        let limits = InjectLimits {
            body_limit: cfg.body_limit,
            request_timeout: cfg.request_timeout,
            debug_payloads: cfg.debug_payloads,
            isolate_engine: cfg.isolate_engine,
            patch_cache_bytes: cfg.patch_cache_bytes,
        };
        let inject = InjectHandler::new(
            engine.clone(),
            config.clone(),
            metrics.clone(),
            log.clone(),
            cfg.max_concurrent_requests,
            limits,
        );
        let shared = Arc::new(Shared {
            engine,
            inject,
            config,
            metrics,
            health,
            log,
        });
        Ok(Self {
            shared,
            cfg,
            webhook,
            admin,
            tls,
            tasks,
        })
    }

    /// The bound webhook address (useful with port 0).
    pub fn webhook_addr(&self) -> std::io::Result<SocketAddr> {
        self.webhook.local_addr()
    }

    /// The bound admin address, if the admin listener is enabled.
    pub fn admin_addr(&self) -> Option<std::io::Result<SocketAddr>> {
        self.admin.as_ref().map(TcpListener::local_addr)
    }

    /// The server's metrics.
    pub fn metrics(&self) -> Arc<Metrics> {
        self.shared.metrics.clone()
    }

    /// Serve until `shutdown` completes; then report not ready, keep accepting for
    /// [`ServerConfig::shutdown_delay`], stop accepting and drain in-flight requests within
    /// [`ServerConfig::shutdown_grace`].
    pub async fn serve(self, shutdown: impl Future<Output = ()>) {
        let Server {
            shared,
            cfg,
            webhook,
            admin,
            tls,
            tasks,
        } = self;
        let graceful = GracefulShutdown::new();
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(cfg.header_read_timeout);
        builder.http2().timer(TokioTimer::new());
        if let Ok(addr) = webhook.local_addr() {
            tracing::info!(%addr, tls = tls.is_some(), "webhook listening");
        }
        if let Some(Ok(addr)) = admin.as_ref().map(TcpListener::local_addr) {
            tracing::info!(%addr, "admin listening");
        }
        tokio::pin!(shutdown);
        let mut signalled = false;
        let stop_accepting = tokio::time::sleep(std::time::Duration::MAX / 4);
        tokio::pin!(stop_accepting);
        let connections = Arc::new(tokio::sync::Semaphore::new(cfg.max_connections.max(1)));
        loop {
            let next = tokio::select! {
                _ = &mut shutdown, if !signalled => {
                    signalled = true;
                    shared.health.start_draining();
                    if cfg.shutdown_delay.is_zero() {
                        break;
                    }
                    tracing::info!(delay = ?cfg.shutdown_delay, "shutdown signalled: not ready, still accepting");
                    stop_accepting.as_mut().reset(tokio::time::Instant::now() + cfg.shutdown_delay);
                    continue;
                }
                _ = &mut stop_accepting => break,
                next = next_connection(&connections, &webhook, admin.as_ref()) => next,
            };
            let (permit, stream, peer, role) = match next {
                Ok(n) => n,
                Err(e) => {
                    // Transient (e.g. out of file descriptors): back off briefly instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let conn = ConnCtx {
                shared: shared.clone(),
                builder: builder.clone(),
                watcher: graceful.watcher(),
                role,
                _permit: permit,
            };
            match (role, &tls) {
                (Role::Webhook, Some(acceptor)) => {
                    let acceptor = acceptor.clone();
                    let handshake_timeout = cfg.tls_handshake_timeout;
                    tokio::spawn(async move {
                        match tokio::time::timeout(handshake_timeout, acceptor.accept(stream)).await
                        {
                            Ok(Ok(tls)) => conn.serve(tls).await,
                            Ok(Err(e)) => {
                                tracing::debug!(%peer, error = %e, "TLS handshake failed")
                            }
                            Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                        }
                    });
                }
                _ => {
                    tokio::spawn(conn.serve(stream));
                }
            }
        }
        tracing::info!(
            "shutting down: no longer accepting connections, draining in-flight requests"
        );
        shared.health.start_draining();
        drop(webhook);
        drop(admin);
        if tokio::time::timeout(cfg.shutdown_grace, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!(grace = ?cfg.shutdown_grace, "in-flight requests did not finish within the grace period");
        }
        drop(tasks);
        tracing::info!("shutdown complete");
    }
}

struct ConnCtx<E: Engine> {
    shared: Arc<Shared<E>>,
    builder: auto::Builder<TokioExecutor>,
    watcher: Watcher,
    role: Role,
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl<E: Engine> ConnCtx<E> {
    async fn serve<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(self, stream: S) {
        let ConnCtx {
            shared,
            builder,
            watcher,
            role,
            _permit,
        } = self;
        let service = service_fn(move |req: Request<Incoming>| {
            let shared = shared.clone();
            async move { Ok::<_, Infallible>(shared.route(role, req).await) }
        });
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        if let Err(e) = watcher.watch(conn).await {
            tracing::debug!(error = %e, "connection ended with an error");
        }
    }
}

/// Wait for a connection on either listener. A webhook connection first needs a free slot: at the limit no
/// webhook connection is accepted (the kernel backlog holds them) until one closes. Admin connections are
/// not limited, so metrics and health stay reachable under load.
async fn next_connection(
    slots: &Arc<tokio::sync::Semaphore>,
    webhook: &TcpListener,
    admin: Option<&TcpListener>,
) -> std::io::Result<(
    Option<tokio::sync::OwnedSemaphorePermit>,
    TcpStream,
    SocketAddr,
    Role,
)> {
    let webhook_conn = async {
        let permit = slots
            .clone()
            .acquire_owned()
            .await
            .map_err(std::io::Error::other)?;
        let (s, peer) = webhook.accept().await?;
        Ok((Some(permit), s, peer, Role::Webhook))
    };
    tokio::select! {
        r = webhook_conn => r,
        r = accept_opt(admin) => r.map(|(s, peer)| (None, s, peer, Role::Admin)),
    }
}

async fn accept_opt(listener: Option<&TcpListener>) -> std::io::Result<(TcpStream, SocketAddr)> {
    match listener {
        Some(l) => l.accept().await,
        None => std::future::pending().await,
    }
}

/// Bind and serve until `shutdown` completes (see [`Server::bind`] and [`Server::serve`]).
pub async fn run<E: Engine>(
    engine: E,
    cfg: ServerConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServerError> {
    Server::bind(engine, cfg).await?.serve(shutdown).await;
    Ok(())
}

/// Completes on SIGTERM or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => tracing::info!("received SIGINT"),
        _ = term => tracing::info!("received SIGTERM"),
    }
}
