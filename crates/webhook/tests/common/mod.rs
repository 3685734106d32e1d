//! Test-only support: a fake engine, certificate generation, a Kubernetes-style config directory, a running
//! server and a real HTTPS client (tokio-rustls + hyper, HTTP/1.1 or HTTP/2 over ALPN).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls_pki_types::{CertificateDer, ServerName};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use webhook::{ConfigSet, Engine, InjectOutcome, InjectRequest, ServerConfig};

#[cfg(feature = "kube")]
pub mod fake_api;

// ---------------------------------------------------------------- Istio conformance corpus

/// The Istio conformance corpus: `ISTIO_CONFORMANCE_DIR`, or `../shared/conformance/istio` beside the checkout.
pub fn istio_corpus() -> PathBuf {
    std::env::var_os("ISTIO_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/istio")
        })
}

/// A corpus file's text, by path relative to the corpus.
pub fn read_corpus(rel: &str) -> String {
    std::fs::read_to_string(istio_corpus().join(rel)).unwrap()
}

/// Istio's default chart settings from the corpus (`settings/default`).
pub fn istio_default_settings() -> ConfigSet {
    ConfigSet {
        config: read_corpus("settings/default/config"),
        values: read_corpus("settings/default/values"),
        mesh: Some(read_corpus("settings/default/mesh")),
    }
}

/// The files of a ConfigMap mount holding `set`.
pub fn config_files(set: &ConfigSet) -> Vec<(&'static str, &str)> {
    let mut files = vec![("config", &*set.config), ("values", &*set.values)];
    if let Some(mesh) = &set.mesh {
        files.push(("mesh", mesh));
    }
    files
}

// ---------------------------------------------------------------- fake engine (test-only)

/// TEST-ONLY engine. Config text must be `annotation: <value>`; values must be JSON. Pods are:
/// skipped when label or annotation `sidecar.istio.io/inject` is "false" (reason `label_false`);
/// failed when label `fail` is "true"; panics when label `panic` is "true"; delayed by label `sleep-ms`; otherwise patched with annotations
/// recording the configured value, the namespace and the path.
pub struct FakeEngine;

/// Names of pods whose (test-only) engine call is currently sleeping.
pub static SLEEPING: std::sync::Mutex<std::collections::BTreeSet<String>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// Whether the fake engine is currently working on the pod named `name`.
pub fn engine_busy_with(name: &str) -> bool {
    SLEEPING.lock().unwrap().contains(name)
}

pub struct FakeSettings {
    pub annotation: String,
}

impl Engine for FakeEngine {
    type Settings = FakeSettings;

    fn load(&self, files: &ConfigSet) -> Result<FakeSettings, String> {
        let annotation = files
            .config
            .trim()
            .strip_prefix("annotation: ")
            .ok_or_else(|| "config: want `annotation: <value>`".to_string())?;
        serde_json::from_str::<Value>(&files.values).map_err(|e| format!("values: {e}"))?;
        Ok(FakeSettings {
            annotation: annotation.to_string(),
        })
    }

    fn inject(&self, settings: &FakeSettings, req: &InjectRequest<'_>) -> InjectOutcome {
        let meta = &req.pod["metadata"];
        let flag = |key: &str, name: &str| meta[key][name].as_str().map(str::to_owned);
        if flag("labels", "sidecar.istio.io/inject")
            .or(flag("annotations", "sidecar.istio.io/inject"))
            .as_deref()
            == Some("false")
        {
            return InjectOutcome::Skipped {
                reason: "label_false".into(),
            };
        }
        if flag("labels", "fail").as_deref() == Some("true") {
            return InjectOutcome::Failed {
                message: "fake engine refused the pod".into(),
                reason: "fake_failure".into(),
            };
        }
        if flag("labels", "panic").as_deref() == Some("true") {
            panic!("fake engine panics on request");
        }
        if let Some(ms) = flag("labels", "sleep-ms").and_then(|v| v.parse::<u64>().ok()) {
            let name = meta["name"].as_str().unwrap_or_default().to_string();
            SLEEPING.lock().unwrap().insert(name.clone());
            std::thread::sleep(Duration::from_millis(ms));
            SLEEPING.lock().unwrap().remove(&name);
        }
        let patch = json!([{"op": "add", "path": "/metadata/annotations", "value": {
            "fake/injected": settings.annotation, "fake/namespace": req.namespace, "fake/path": req.path,
            "fake/dry-run": req.dry_run.to_string(),
        }}]);
        InjectOutcome::Patched {
            patch: serde_json::to_vec(&patch).unwrap(),
            timings: vec![("render", Duration::from_micros(3))],
            debug: req
                .debug
                .then(|| json!({"context": {"annotation": settings.annotation}})),
        }
    }

    fn describe(&self, settings: &FakeSettings) -> Value {
        json!({"annotation": settings.annotation})
    }
}

// ---------------------------------------------------------------- certificates

pub struct Ca {
    cert: rcgen::Certificate,
    key: rcgen::KeyPair,
    pub der: CertificateDer<'static>,
}

pub struct Leaf {
    pub cert_pem: String,
    pub key_pem: String,
    pub der: Vec<u8>,
}

impl Ca {
    pub fn new() -> Self {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "test ca");
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        let der = cert.der().clone();
        Self { cert, key, der }
    }

    pub fn leaf(&self, cn: &str) -> Leaf {
        let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, cn);
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.cert, &self.key).unwrap();
        Leaf {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            der: cert.der().to_vec(),
        }
    }

    pub fn connector(&self) -> TlsConnector {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(self.der.clone()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut cfg = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        TlsConnector::from(Arc::new(cfg))
    }

    /// A connector offering only HTTP/1.1 over ALPN.
    pub fn connector_h1(&self) -> TlsConnector {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(self.der.clone()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut cfg = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
        TlsConnector::from(Arc::new(cfg))
    }
}

// ---------------------------------------------------------------- files

static DIR_SEQ: AtomicU64 = AtomicU64::new(0);

pub fn temp_dir(tag: &str) -> PathBuf {
    let n = DIR_SEQ.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("webhook-test-{}-{tag}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Write `files` the way the kubelet updates a ConfigMap/Secret volume: into a fresh timestamped directory,
/// then an atomic rename of the `..data` symlink; the visible names are symlinks through `..data`.
pub fn kube_atomic_write(dir: &Path, files: &[(&str, &str)]) {
    let n = DIR_SEQ.fetch_add(1, Ordering::Relaxed);
    let version = format!("..v{n}");
    let vdir = dir.join(&version);
    std::fs::create_dir_all(&vdir).unwrap();
    for (name, content) in files {
        std::fs::write(vdir.join(name), content).unwrap();
    }
    let tmp = dir.join("..data_tmp");
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(&version, &tmp).unwrap();
    std::fs::rename(&tmp, dir.join("..data")).unwrap();
    for (name, _) in files {
        let link = dir.join(name);
        if std::fs::symlink_metadata(&link).is_err() {
            std::os::unix::fs::symlink(Path::new("..data").join(name), &link).unwrap();
        }
    }
}

// ---------------------------------------------------------------- server

pub struct TestServer {
    pub addr: SocketAddr,
    pub admin: SocketAddr,
    pub config_dir: PathBuf,
    pub cert_dir: PathBuf,
    pub ca: Ca,
    pub tls: bool,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    join: Option<tokio::task::JoinHandle<()>>,
}

pub const VALUES: &str = r#"{"global": {"hub": "test"}}"#;

pub fn test_config(config_dir: &Path, cert_dir: &Path) -> ServerConfig {
    ServerConfig {
        webhook_addr: "127.0.0.1:0".parse().unwrap(),
        admin_addr: Some("127.0.0.1:0".parse().unwrap()),
        cert_file: cert_dir.join("tls.crt"),
        key_file: cert_dir.join("tls.key"),
        inject_config_file: config_dir.join("config"),
        values_file: config_dir.join("values"),
        mesh_config_file: Some(config_dir.join("mesh")),
        reload_debounce: Duration::from_millis(20),
        reload_poll_interval: Duration::from_millis(300),
        shutdown_grace: Duration::from_secs(10),
        ..ServerConfig::default()
    }
}

impl TestServer {
    /// Start a TLS server with config `annotation: v1` and a fresh leaf certificate.
    pub async fn start() -> Self {
        Self::start_with(true, true, true, |_| {}).await
    }

    pub async fn start_with(
        tls: bool,
        with_config: bool,
        with_cert: bool,
        tweak: impl FnOnce(&mut ServerConfig),
    ) -> Self {
        let config: &[(&str, &str)] = if with_config {
            &[("config", "annotation: v1"), ("values", VALUES)]
        } else {
            &[]
        };
        Self::start_engine(FakeEngine, config, tls, with_cert, tweak).await
    }

    /// Start a server running `engine`, with `config` (file name, content) written to its config directory
    /// (nothing when empty), over TLS with a fresh leaf certificate (`with_cert`) unless `tls` is off.
    pub async fn start_engine<E: Engine>(
        engine: E,
        config: &[(&str, &str)],
        tls: bool,
        with_cert: bool,
        tweak: impl FnOnce(&mut ServerConfig),
    ) -> Self {
        let config_dir = temp_dir("config");
        let cert_dir = temp_dir("cert");
        let ca = Ca::new();
        if !config.is_empty() {
            kube_atomic_write(&config_dir, config);
        }
        if with_cert {
            let leaf = ca.leaf("first");
            kube_atomic_write(
                &cert_dir,
                &[("tls.crt", &leaf.cert_pem), ("tls.key", &leaf.key_pem)],
            );
        }
        let mut cfg = test_config(&config_dir, &cert_dir);
        cfg.insecure_http = !tls;
        tweak(&mut cfg);
        let server = webhook::Server::bind(engine, cfg).await.unwrap();
        let addr = server.webhook_addr().unwrap();
        let admin = server.admin_addr().unwrap().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let join = tokio::spawn(server.serve(async move {
            let _ = rx.await;
        }));
        Self {
            addr,
            admin,
            config_dir,
            cert_dir,
            ca,
            tls,
            shutdown: Some(tx),
            join: Some(join),
        }
    }

    pub async fn connect(&self) -> Conn {
        Conn::connect(self.addr, self.tls.then(|| self.ca.connector()), true).await
    }

    pub async fn connect_h1(&self) -> Conn {
        Conn::connect(self.addr, self.tls.then(|| self.ca.connector_h1()), false).await
    }

    pub async fn admin_get(&self, path: &str) -> (StatusCode, String) {
        let mut c = Conn::connect(self.admin, None, false).await;
        let (s, b) = c.send("GET", path, None, Bytes::new()).await.unwrap();
        (s, String::from_utf8_lossy(&b).into_owned())
    }

    pub async fn metrics(&self) -> String {
        self.admin_get("/metrics").await.1
    }

    /// Signal shutdown and wait for the server to return.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(j) = self.join.take() {
            tokio::time::timeout(Duration::from_secs(30), j)
                .await
                .unwrap()
                .unwrap();
        }
    }

    pub fn trigger_shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    pub async fn wait_stopped(mut self) {
        if let Some(j) = self.join.take() {
            tokio::time::timeout(Duration::from_secs(30), j)
                .await
                .unwrap()
                .unwrap();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.config_dir);
        let _ = std::fs::remove_dir_all(&self.cert_dir);
    }
}

/// The value of a counter line (exact sample name with labels) in an OpenMetrics text; 0 when absent.
pub fn metric(text: &str, sample: &str) -> f64 {
    text.lines()
        .find_map(|l| {
            l.strip_prefix(sample)
                .and_then(|rest| rest.strip_prefix(' '))
        })
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

/// Evaluate `$cond` (which may `.await`) until it holds; panics after a generous bound (only to avoid hanging).
#[macro_export]
macro_rules! eventually {
    ($what:expr, $cond:expr) => {{
        let give_up = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            if $cond {
                break;
            }
            assert!(
                tokio::time::Instant::now() < give_up,
                "gave up waiting for: {}",
                $what
            );
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
    }};
}

// ---------------------------------------------------------------- client

enum Sender {
    H1(hyper::client::conn::http1::SendRequest<Full<Bytes>>),
    H2(hyper::client::conn::http2::SendRequest<Full<Bytes>>),
}

/// One keep-alive client connection.
pub struct Conn {
    sender: Sender,
    pub peer_cert: Option<Vec<u8>>,
    pub alpn: Option<Vec<u8>>,
    authority: String,
}

impl Conn {
    pub async fn connect(addr: SocketAddr, tls: Option<TlsConnector>, allow_h2: bool) -> Conn {
        Self::try_connect(addr, tls, allow_h2).await.unwrap()
    }

    pub async fn try_connect(
        addr: SocketAddr,
        tls: Option<TlsConnector>,
        allow_h2: bool,
    ) -> Result<Conn, String> {
        let tcp = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        tcp.set_nodelay(true).map_err(|e| e.to_string())?;
        let authority = format!("localhost:{}", addr.port());
        match tls {
            Some(connector) => {
                let name = ServerName::try_from("localhost").unwrap();
                let stream = connector
                    .connect(name, tcp)
                    .await
                    .map_err(|e| format!("tls: {e}"))?;
                let (_, session) = stream.get_ref();
                let peer_cert = session
                    .peer_certificates()
                    .and_then(|c| c.first())
                    .map(|c| c.to_vec());
                let alpn = session.alpn_protocol().map(<[u8]>::to_vec);
                let h2 = allow_h2 && alpn.as_deref() == Some(b"h2");
                let sender = handshake(TokioIo::new(stream), h2).await?;
                Ok(Conn {
                    sender,
                    peer_cert,
                    alpn,
                    authority,
                })
            }
            None => {
                let sender = handshake(TokioIo::new(tcp), false).await?;
                Ok(Conn {
                    sender,
                    peer_cert: None,
                    alpn: None,
                    authority,
                })
            }
        }
    }

    /// Another handle on the same HTTP/2 connection (multiplexed streams); HTTP/1.1 connections cannot share.
    pub fn clone_sender(&self) -> Conn {
        let sender = match &self.sender {
            Sender::H2(s) => Sender::H2(s.clone()),
            Sender::H1(_) => panic!("HTTP/1.1 connections cannot be shared"),
        };
        Conn {
            sender,
            peer_cert: self.peer_cert.clone(),
            alpn: self.alpn.clone(),
            authority: self.authority.clone(),
        }
    }

    pub fn is_h2(&self) -> bool {
        matches!(self.sender, Sender::H2(_))
    }

    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Bytes,
    ) -> Result<(StatusCode, Bytes), String> {
        let uri = match self.sender {
            Sender::H1(_) => path.to_string(),
            Sender::H2(_) => format!("https://{}{path}", self.authority),
        };
        let mut builder = Request::builder().method(method).uri(uri);
        if matches!(self.sender, Sender::H1(_)) {
            builder = builder.header("host", &self.authority);
        }
        if let Some(ct) = content_type {
            builder = builder.header("content-type", ct);
        }
        let req = builder.body(Full::new(body)).map_err(|e| e.to_string())?;
        let resp = match &mut self.sender {
            Sender::H1(s) => {
                s.ready().await.map_err(|e| format!("ready: {e}"))?;
                s.send_request(req).await
            }
            Sender::H2(s) => {
                s.ready().await.map_err(|e| format!("ready: {e}"))?;
                s.send_request(req).await
            }
        }
        .map_err(|e| format!("request: {e}"))?;
        let status = resp.status();
        let body = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        Ok((status, body))
    }

    /// POST an AdmissionReview to `path`.
    pub async fn review(
        &mut self,
        path: &str,
        review: &Value,
    ) -> Result<(StatusCode, Value), String> {
        let (status, body) = self
            .send(
                "POST",
                path,
                Some("application/json"),
                Bytes::from(serde_json::to_vec(review).unwrap()),
            )
            .await?;
        let v = serde_json::from_slice(&body).unwrap_or(Value::Null);
        Ok((status, v))
    }
}

async fn handshake<I>(io: TokioIo<I>, h2: bool) -> Result<Sender, String>
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    if h2 {
        let (sender, conn) = hyper::client::conn::http2::handshake(TokioExecutor::new(), io)
            .await
            .map_err(|e| format!("h2 handshake: {e}"))?;
        tokio::spawn(conn);
        Ok(Sender::H2(sender))
    } else {
        let (sender, conn) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(|e| format!("h1 handshake: {e}"))?;
        tokio::spawn(conn);
        Ok(Sender::H1(sender))
    }
}

// ---------------------------------------------------------------- requests

pub fn review(api_version: &str, uid: &str, labels: Value) -> Value {
    review_named(api_version, uid, "p", labels)
}

/// A review for a pod with the given name.
pub fn review_named(api_version: &str, uid: &str, name: &str, labels: Value) -> Value {
    json!({
        "apiVersion": api_version,
        "kind": "AdmissionReview",
        "request": {
            "uid": uid,
            "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "namespace": "demo",
            "operation": "CREATE",
            "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": labels},
                       "spec": {"containers": [{"name": "app", "image": "app"}]}},
        }
    })
}

/// Decode `response.patch` (base64 JSON patch).
pub fn patch_of(resp: &Value) -> Value {
    let b64 = resp["response"]["patch"].as_str().expect("patch");
    serde_json::from_slice(
        &base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    )
    .unwrap()
}

/// The annotation value the fake engine injected.
pub fn injected(resp: &Value) -> String {
    patch_of(resp)[0]["value"]["fake/injected"]
        .as_str()
        .unwrap()
        .to_string()
}
