//! Load benchmark of the real `sidecar-injector serve` process, with Istio's default chart settings from the
//! conformance corpus (when present) and with the embedded defaults (`defaults/`): keep-alive HTTPS clients (TLS 1.3, HTTP/1.1, one connection per client) send AdmissionReviews at concurrency 1,
//! 16 and 64 and the bench prints throughput, latency percentiles and the server's resident memory.
//!
//! Every pod is the one of `examples/hello.yaml` as a default cluster hands it to webhooks: created by its
//! ReplicaSet (generateName, owner reference, no name yet), defaulted, and given a service-account token volume
//! whose name the ServiceAccount admission plugin draws at random for each pod. Workloads on the same stack:
//! - `hello`: that pod with a new token volume name in every request, as a ReplicaSet's replicas arrive; after
//!   a render and a confirming render, answered from the patch cache;
//! - `hello-new`: the pod with a label that differs in every request (and no token volume): a full injection
//!   (render, merge, post-process, patch) and a cache miss each time;
//! - `hello uncached`: `hello` against a server started with `--patch-cache-kib 0`;
//! - `floor`: `hello` labelled `sidecar.istio.io/inject: "false"`, answered without injection — the no-op
//!   handler the injection cost is compared against.
//!
//! Also measured: start-up to ready (process spawn until the admin `/readyz` answers 200).
//!
//! `cargo bench --bench serve_load -- [seconds per level, default 5]`
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::{json, Value};
use tokio_rustls::TlsConnector;

const LEVELS: [usize; 3] = [1, 16, 64];

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A CA and a serving certificate for `localhost`, written to `dir`; returns the CA certificate.
fn certificates(dir: &Path) -> CertificateDer<'static> {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key).unwrap();
    std::fs::write(dir.join("tls.crt"), leaf.pem()).unwrap();
    std::fs::write(dir.join("tls.key"), leaf_key.serialize_pem()).unwrap();
    ca.der().clone()
}

fn connector(ca: CertificateDer<'static>) -> TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut cfg = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    TlsConnector::from(Arc::new(cfg))
}

/// Plain HTTP GET on the admin port; the status code, or `None` when nothing answers yet.
/// GET `path` from the admin listener: status code and body.
fn admin_get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split(' ').nth(1)?.parse().ok()?;
    let body = out.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    Some((status, body.to_owned()))
}

/// The injection settings the server runs with.
#[derive(Clone)]
enum Settings {
    /// Istio's default chart settings from the conformance corpus (`settings/default`: all of Istio's templates).
    IstioDefault(PathBuf),
    /// The project's embedded defaults (`defaults/`: one compact sidecar template).
    Embedded,
}

impl Settings {
    fn name(&self) -> &'static str {
        match self {
            Settings::IstioDefault(_) => "istio-default",
            Settings::Embedded => "embedded",
        }
    }

    fn args(&self) -> Vec<std::ffi::OsString> {
        match self {
            Settings::IstioDefault(dir) => vec!["--config-dir".into(), dir.into()],
            Settings::Embedded => {
                let d = workspace().join("defaults");
                vec![
                    "--injectConfigFile".into(),
                    d.join("config.yaml").into(),
                    "--valuesFile".into(),
                    d.join("values.json").into(),
                    "--meshConfigFile".into(),
                    d.join("mesh.yaml").into(),
                ]
            }
        }
    }
}

/// Istio's default settings, when the corpus is present (`ISTIO_CONFORMANCE_DIR` or `../shared/conformance/istio`).
fn istio_default_settings() -> Option<Settings> {
    let corpus = std::env::var_os("ISTIO_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared/conformance/istio"));
    let dir = corpus.join("settings/default");
    dir.join("config")
        .exists()
        .then_some(Settings::IstioDefault(dir))
}

struct Server {
    child: Child,
    webhook: SocketAddr,
    admin: SocketAddr,
    startup: Duration,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(cert_dir: &Path, settings: &Settings, extra: &[&str]) -> Server {
        let webhook = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let admin = SocketAddr::from(([127, 0, 0, 1], free_port()));
        let started = Instant::now();
        let child = Command::new(env!("CARGO_BIN_EXE_sidecar-injector"))
            .arg("serve")
            .args(["--port", &webhook.port().to_string()])
            .args(["--admin-addr", &admin.to_string()])
            .arg("--tls-cert-file")
            .arg(cert_dir.join("tls.crt"))
            .arg("--tls-key-file")
            .arg(cert_dir.join("tls.key"))
            .args(settings.args())
            .args(["--kube-api", "off", "--log-level", "warn"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn sidecar-injector serve");
        let mut server = Server {
            child,
            webhook,
            admin,
            startup: Duration::ZERO,
        };
        loop {
            if admin_get(admin, "/readyz").is_some_and(|(status, _)| status == 200) {
                server.startup = started.elapsed();
                return server;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "server not ready after 30 s"
            );
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("server exited: {status}");
            }
            std::thread::sleep(Duration::from_micros(500));
        }
    }

    /// (VmRSS, VmHWM) in MiB.
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .map_or(0.0, |kb| kb / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

/// Stands for five characters that differ in every request (a token volume's random suffix, or a label).
const PLACEHOLDER: &str = "@@@@@";

/// The characters the apiserver draws random name suffixes from.
const SUFFIX_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// What one client sends as its `n`-th request.
#[derive(Clone)]
enum Body {
    /// The same bytes every time.
    Same(Bytes),
    /// The review with every [`PLACEHOLDER`] replaced by a suffix unique to the client and request.
    PerRequest(Arc<String>),
}

impl Body {
    fn nth(&self, client: usize, n: u64) -> Bytes {
        match self {
            Body::Same(b) => b.clone(),
            Body::PerRequest(text) => {
                let base = SUFFIX_ALPHABET.len() as u64;
                let mut id = client as u64 * 200_000 + n % 200_000;
                let suffix: String = (0..5)
                    .map(|_| {
                        let c = SUFFIX_ALPHABET[(id % base) as usize] as char;
                        id /= base;
                        c
                    })
                    .collect();
                Bytes::from(text.replace(PLACEHOLDER, &suffix))
            }
        }
    }
}

/// How the bench's pod differs between workloads.
#[derive(Clone, Copy, PartialEq)]
enum PodShape {
    /// A token volume named per request.
    WithToken,
    /// No token volume (`automountServiceAccountToken: false`), a label valued per request.
    NoTokenNewLabel,
}

/// The pod of the example Deployment as the apiserver sends it to webhooks, in an AdmissionReview.
fn review(opt_out: bool, shape: PodShape) -> Body {
    let text = std::fs::read_to_string(workspace().join("examples/hello.yaml")).unwrap();
    let first = text.split("\n---").next().unwrap();
    let deployment: Value = injector::yaml::from_str(first).unwrap();
    let template = &deployment["spec"]["template"];
    let mut pod = json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": template["metadata"], "spec": template["spec"]});
    pod["metadata"]["generateName"] = json!("hello-5d4f8b7c9-");
    pod["metadata"]["namespace"] = json!("demo");
    pod["metadata"]["labels"]["pod-template-hash"] = json!("5d4f8b7c9");
    pod["metadata"]["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet",
        "name": "hello-5d4f8b7c9", "uid": "5f3e2a61-0000-4000-8000-000000000001", "controller": true,
        "blockOwnerDeletion": true}]);
    if opt_out {
        pod["metadata"]["labels"]["sidecar.istio.io/inject"] = json!("false");
    }
    // What defaulting and the built-in admission plugins add before webhooks.
    let spec = pod["spec"].as_object_mut().unwrap();
    for (k, v) in [
        ("dnsPolicy", json!("ClusterFirst")),
        ("enableServiceLinks", json!(true)),
        ("preemptionPolicy", json!("PreemptLowerPriority")),
        ("priority", json!(0)),
        ("restartPolicy", json!("Always")),
        ("schedulerName", json!("default-scheduler")),
        ("securityContext", json!({})),
        ("serviceAccount", json!("default")),
        ("serviceAccountName", json!("default")),
        ("terminationGracePeriodSeconds", json!(30)),
        (
            "tolerations",
            json!([
            {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
            {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300}]),
        ),
    ] {
        spec.entry(k).or_insert(v);
    }
    let token = format!("kube-api-access-{PLACEHOLDER}");
    for c in pod["spec"]["containers"].as_array_mut().unwrap() {
        let c = c.as_object_mut().unwrap();
        c.entry("imagePullPolicy").or_insert(json!("IfNotPresent"));
        c.entry("resources").or_insert(json!({}));
        c.entry("terminationMessagePath")
            .or_insert(json!("/dev/termination-log"));
        c.entry("terminationMessagePolicy").or_insert(json!("File"));
        if shape == PodShape::WithToken {
            c.insert(
                "volumeMounts".into(),
                json!([{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                "name": token, "readOnly": true}]),
            );
        }
    }
    match shape {
        PodShape::WithToken => {
            pod["spec"]["volumes"] = json!([{"name": token, "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                    "path": "namespace"}]}}]}}]);
        }
        PodShape::NoTokenNewLabel => {
            pod["spec"]["automountServiceAccountToken"] = json!(false);
        }
    }
    if shape == PodShape::NoTokenNewLabel {
        pod["metadata"]["labels"]["bench/request"] = json!(PLACEHOLDER);
    }
    let review = json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
        "request": {"uid": "0d6c2d1e-bench", "kind": {"group": "", "version": "v1", "kind": "Pod"},
            "resource": {"group": "", "version": "v1", "resource": "pods"},
            "namespace": "demo", "operation": "CREATE", "object": pod,
            "userInfo": {"username": "system:serviceaccount:kube-system:replicaset-controller"}}});
    let text = serde_json::to_string(&review).unwrap();
    if text.contains(PLACEHOLDER) {
        Body::PerRequest(Arc::new(text))
    } else {
        Body::Same(Bytes::from(text))
    }
}

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

/// A workload's name, what its clients send, and whether the answers carry a patch.
type Workload<'a> = (&'a str, &'a Body, bool);

async fn connect(addr: SocketAddr, tls: &TlsConnector) -> Sender {
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    tcp.set_nodelay(true).unwrap();
    let stream = tls
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    sender
}

struct Stats {
    requests: usize,
    seconds: f64,
    latencies_us: Vec<u32>,
}

impl Stats {
    fn rate(&self) -> f64 {
        self.requests as f64 / self.seconds
    }

    fn percentile(&self, p: f64) -> f64 {
        let n = self.latencies_us.len();
        if n == 0 {
            return 0.0;
        }
        let i = ((n as f64 * p).ceil() as usize).clamp(1, n) - 1;
        f64::from(self.latencies_us[i]) / 1000.0
    }
}

async fn drive(
    addr: SocketAddr,
    tls: &TlsConnector,
    body: &Body,
    expect_patch: bool,
    clients: usize,
    secs: f64,
) -> Stats {
    let mut senders = Vec::new();
    for _ in 0..clients {
        senders.push(connect(addr, tls).await);
    }
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(secs);
    let mut tasks = Vec::new();
    for (client, mut sender) in senders.into_iter().enumerate() {
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(50_000);
            let mut n = 0u64;
            while Instant::now() < until {
                let payload = body.nth(client, n);
                n += 1;
                let t = Instant::now();
                let req = hyper::Request::post("/inject")
                    .header("host", "localhost")
                    .header("content-type", "application/json")
                    .body(Full::new(payload))
                    .unwrap();
                let resp = sender.send_request(req).await.unwrap();
                assert!(resp.status().is_success(), "status {}", resp.status());
                let bytes = resp.into_body().collect().await.unwrap().to_bytes();
                lat.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
                // A cheap check that the server did what the workload expects.
                let patched = bytes.windows(7).any(|w| w == b"\"patch\"");
                assert_eq!(patched, expect_patch, "{}", String::from_utf8_lossy(&bytes));
            }
            lat
        }));
    }
    let mut latencies_us = Vec::new();
    for t in tasks {
        latencies_us.extend(t.await.unwrap());
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies_us.sort_unstable();
    Stats {
        requests: latencies_us.len(),
        seconds,
        latencies_us,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; the first number, if any, is the seconds per level.
    let secs: f64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5.0);
    let dir = std::env::temp_dir().join(format!("serve-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tls = connector(certificates(&dir));

    let sets: Vec<Settings> = istio_default_settings()
        .into_iter()
        .chain([Settings::Embedded])
        .collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let hello = review(false, PodShape::WithToken);
    let new = review(false, PodShape::NoTokenNewLabel);
    let floor = review(true, PodShape::WithToken);
    for settings in &sets {
        println!("\n## settings: {}", settings.name());
        // Start-up to ready, a few times (fresh processes).
        let mut startups: Vec<f64> = (0..5)
            .map(|_| Server::start(&dir, settings, &[]).startup.as_secs_f64() * 1000.0)
            .collect();
        startups.sort_by(f64::total_cmp);
        println!(
            "start-up to ready: median {:.1} ms (min {:.1}, max {:.1}, 5 runs)",
            startups[2], startups[0], startups[4]
        );
        // Requests per second at concurrency 16, by workload.
        let mut at16: Vec<(&str, f64)> = Vec::new();
        let servers: [(&str, &[&str], Vec<Workload>); 2] = [
            (
                "default flags (patch cache on)",
                &[],
                vec![
                    ("hello", &hello, true),
                    ("hello-new", &new, true),
                    ("floor", &floor, false),
                ],
            ),
            (
                "--patch-cache-kib 0",
                &["--patch-cache-kib", "0"],
                vec![("hello uncached", &hello, true)],
            ),
        ];
        for (flags, extra, workloads) in servers {
            let server = Server::start(&dir, settings, extra);
            let (rss_idle, _) = server.memory();
            println!("\n### server: {flags}\n\nresident memory when ready: {rss_idle:.1} MiB");
            println!(
                "\n| workload | concurrency | requests/s | p50 ms | p99 ms | max ms | RSS after MiB |"
            );
            println!("|---|---|---|---|---|---|---|");
            runtime.block_on(async {
                // Warm-up: connections, allocator, caches.
                drive(server.webhook, &tls, &new, true, 4, 1.0).await;
                for (name, body, patched) in workloads {
                    for clients in LEVELS {
                        let s = drive(server.webhook, &tls, body, patched, clients, secs).await;
                        let (rss, _) = server.memory();
                        println!(
                            "| {name} | {clients} | {:.0} | {:.3} | {:.3} | {:.3} | {rss:.1} |",
                            s.rate(),
                            s.percentile(0.50),
                            s.percentile(0.99),
                            s.percentile(1.0),
                        );
                        if clients == 16 {
                            at16.push((name, s.rate()));
                        }
                    }
                }
            });
            let (_, peak) = server.memory();
            println!("\npeak resident memory (VmHWM): {peak:.1} MiB");
            // The admin body may be chunked; the cache summary is one line of it.
            if let Some((_, body)) = admin_get(server.admin, "/debug/inject") {
                let cache = body
                    .lines()
                    .skip_while(|l| !l.contains("\"patchCache\""))
                    .take_while(|l| !l.trim_start().starts_with('}') && !l.contains("\"settings\""))
                    .map(str::trim)
                    .collect::<String>();
                println!("patch cache at the end: {cache}");
            }
        }
        let floor_rate = at16
            .iter()
            .find(|(n, _)| *n == "floor")
            .map_or(0.0, |(_, r)| *r);
        println!();
        for (name, rate) in &at16 {
            if *name != "floor" && *rate > 0.0 {
                println!(
                    "cost of `{name}` at concurrency 16: {:.2}x the floor's time per request",
                    floor_rate / rate
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
