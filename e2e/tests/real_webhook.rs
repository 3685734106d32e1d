//! kube-apiserver calls our webhook server (the `serve` server: `webhook::Server` with the Istio engine) with
//! Istio's default injection settings: pods in an `istio-injection=enabled` namespace are stored injected, opted-out
//! and unlabelled ones are not, revision labels route to it, a server-side dry run returns the injected pod and
//! stores nothing, a config change on disk takes effect for the next pod without a restart, and rotating the
//! serving certificate during a stream of creates fails none of them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use e2e::certs::TestCa;
use e2e::components::{locate, Availability, Components};
use e2e::control_plane::ControlPlane;
use e2e::webhook_config::{istio_injector_config, FailurePolicy};
use e2e::WebhookEndpoint;
use injector::settings::ProcessSettings;
use k8s_openapi::api::admissionregistration::v1::MutatingWebhookConfiguration;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, PostParams};
use kube::Client;
use webhook::{IstioEngine, Server, ServerConfig};

const NAMESPACES: [(&str, &[(&str, &str)]); 3] = [
    ("real-inject", &[("istio-injection", "enabled")]),
    ("real-plain", &[]),
    ("real-rev", &[("istio.io/rev", "default")]),
];

fn corpus() -> PathBuf {
    std::env::var_os("ISTIO_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/istio")
        })
}

/// Writes a file the way the kubelet updates a ConfigMap mount: a new generation dir, then an atomic
/// `..data` symlink swap.
fn atomic_write(dir: &Path, files: &[(&str, &str)]) -> Result<()> {
    static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let stamp = format!(
        "..gen-{}",
        GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let data = dir.join(&stamp);
    std::fs::create_dir_all(&data)?;
    for (name, text) in files {
        std::fs::write(data.join(name), text)?;
        let link = dir.join(name);
        if std::fs::symlink_metadata(&link).is_err() {
            std::os::unix::fs::symlink(Path::new("..data").join(name), &link)?;
        }
    }
    let tmp = dir.join("..data_tmp");
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(&stamp, &tmp)?;
    std::fs::rename(&tmp, dir.join("..data"))?;
    Ok(())
}

/// Creates pods continuously while the serving certificate is replaced three times (same CA, new keys): every create
/// must succeed and be injected.
async fn rotation_during_creates(client: &Client, ca: &TestCa, cert_dir: &Path) -> Result<()> {
    let pods = Api::<Pod>::namespaced(client.clone(), "real-inject");
    let mut rotations = 0;
    for i in 0..30 {
        if i % 10 == 5 {
            let cert = ca.issue_server_cert(&["127.0.0.1", "localhost"])?;
            atomic_write(
                cert_dir,
                &[("tls.crt", &cert.cert_pem), ("tls.key", &cert.key_pem)],
            )?;
            rotations += 1;
        }
        let created = pods
            .create(
                &PostParams::default(),
                &pod(&format!("rotating-{i}"), serde_json::json!({}))?,
            )
            .await
            .with_context(|| format!("create {i} during rotation"))?;
        ensure!(
            has_proxy(&created),
            "create {i} during rotation was not injected"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    ensure!(rotations == 3, "rotated {rotations} times");
    Ok(())
}

fn pod(name: &str, labels: serde_json::Value) -> Result<Pod> {
    Ok(serde_json::from_value(serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [{"name": "app", "image": "registry.invalid/app:1", "ports": [{"containerPort": 8080}]}]}
    }))?)
}

fn has_proxy(p: &Pod) -> bool {
    let spec = p.spec.as_ref();
    let in_list = |l: Option<&Vec<k8s_openapi::api::core::v1::Container>>| {
        l.is_some_and(|l| l.iter().any(|c| c.name == "istio-proxy"))
    };
    spec.is_some_and(|s| in_list(Some(&s.containers)) || in_list(s.init_containers.as_ref()))
}

fn annotation<'p>(p: &'p Pod, key: &str) -> Option<&'p str> {
    p.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(key))
        .map(String::as_str)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apiserver_calls_the_real_injector() {
    let components = match locate() {
        Ok(Availability::Ready(c)) => c,
        Ok(Availability::Skip(why)) => {
            eprintln!("SKIPPED apiserver_calls_the_real_injector: {why}");
            return;
        }
        Err(e) => panic!("locating control-plane binaries: {e:#}"),
    };
    if !corpus().join("settings/default/config").exists() {
        eprintln!(
            "SKIPPED apiserver_calls_the_real_injector: no Istio corpus at {}",
            corpus().display()
        );
        return;
    }
    if let Err(e) = run(&components).await {
        panic!("{e:#}");
    }
}

async fn run(components: &Components) -> Result<()> {
    let mut plane = ControlPlane::start(components).await?;
    let client = plane.client()?;
    for (name, labels) in NAMESPACES {
        plane.prepare_namespace(name, labels).await?;
    }

    // Our server: Istio's default settings in a ConfigMap-style directory, a certificate from a CA of this run.
    let work = plane.dir().join("injector");
    let (config_dir, cert_dir) = (work.join("config"), work.join("certs"));
    std::fs::create_dir_all(&config_dir)?;
    std::fs::create_dir_all(&cert_dir)?;
    let read = |f: &str| std::fs::read_to_string(corpus().join("settings/default").join(f));
    let (config, values, mesh) = (read("config")?, read("values")?, read("mesh")?);
    atomic_write(
        &config_dir,
        &[("config", &config), ("values", &values), ("mesh", &mesh)],
    )?;
    let ca = TestCa::new("e2e-injector-ca")?;
    let cert = ca.issue_server_cert(&["127.0.0.1", "localhost"])?;
    atomic_write(
        &cert_dir,
        &[("tls.crt", &cert.cert_pem), ("tls.key", &cert.key_pem)],
    )?;

    let cfg = ServerConfig {
        webhook_addr: "127.0.0.1:0".parse()?,
        admin_addr: None,
        cert_file: cert_dir.join("tls.crt"),
        key_file: cert_dir.join("tls.key"),
        inject_config_file: config_dir.join("config"),
        values_file: config_dir.join("values"),
        mesh_config_file: Some(config_dir.join("mesh")),
        reload_debounce: Duration::from_millis(50),
        reload_poll_interval: Duration::from_millis(500),
        ..ServerConfig::default()
    };
    let process = ProcessSettings::from_env([("REVISION".to_string(), "default".to_string())])
        .map_err(anyhow::Error::msg)?;
    let server = Server::bind(IstioEngine::new(process, None, Default::default()), cfg).await?;
    let addr = server.webhook_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server.serve(async move {
        let _ = stopped.await;
    }));

    let endpoint = WebhookEndpoint {
        url: format!("https://{addr}/inject"),
        ca_bundle_pem: ca.cert_pem(),
    };
    let mwcs = Api::<MutatingWebhookConfiguration>::all(client.clone());
    mwcs.create(
        &PostParams::default(),
        &istio_injector_config("istio-sidecar-injector", &endpoint, FailurePolicy::Fail)?,
    )
    .await
    .context("creating the MutatingWebhookConfiguration")?;

    let mut result = scenarios(&client, &config_dir, &config, &values, &mesh).await;
    if result.is_ok() {
        result = rotation_during_creates(&client, &ca, &cert_dir)
            .await
            .context("certificate rotation");
    }
    let _ = stop.send(());
    let _ = task.await;
    if result.is_err() {
        plane.ensure_running()?;
        eprintln!(
            "--- kube-apiserver log tail ---\n{}",
            plane.apiserver_log_tail(40)
        );
    }
    result
}

async fn scenarios(
    client: &Client,
    config_dir: &Path,
    config: &str,
    values: &str,
    mesh: &str,
) -> Result<()> {
    let injected = Api::<Pod>::namespaced(client.clone(), "real-inject");
    let plain = Api::<Pod>::namespaced(client.clone(), "real-plain");

    // The webhook configuration takes a moment to reach the admission chain.
    let start = Instant::now();
    loop {
        let probe = injected
            .create(
                &PostParams {
                    dry_run: true,
                    ..Default::default()
                },
                &pod("probe", serde_json::json!({}))?,
            )
            .await;
        match probe {
            Ok(p) if has_proxy(&p) => break,
            _ if start.elapsed() > Duration::from_secs(60) => {
                bail!("webhook never became active: {probe:?}")
            }
            _ => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }

    // A pod in an injection-enabled namespace is stored with the sidecar and Istio's status annotation.
    injected
        .create(
            &PostParams::default(),
            &pod("app", serde_json::json!({"app": "web"}))?,
        )
        .await?;
    let stored = injected.get("app").await?;
    ensure!(has_proxy(&stored), "stored pod lacks istio-proxy");
    let status = annotation(&stored, "sidecar.istio.io/status").context("no status annotation")?;
    ensure!(
        status.contains("istio-proxy") && status.contains("\"revision\":\"default\""),
        "status {status}"
    );

    // A namespace selecting the revision routes to the injector too.
    let rev = Api::<Pod>::namespaced(client.clone(), "real-rev");
    rev.create(
        &PostParams::default(),
        &pod("rev-app", serde_json::json!({}))?,
    )
    .await?;
    ensure!(
        has_proxy(&rev.get("rev-app").await?),
        "pod in an istio.io/rev=default namespace was not injected"
    );

    // Opted out, or in an unlabelled namespace: untouched.
    injected
        .create(
            &PostParams::default(),
            &pod(
                "opted-out",
                serde_json::json!({"sidecar.istio.io/inject": "false"}),
            )?,
        )
        .await?;
    ensure!(
        !has_proxy(&injected.get("opted-out").await?),
        "opted-out pod was injected"
    );
    plain
        .create(
            &PostParams::default(),
            &pod("plain", serde_json::json!({}))?,
        )
        .await?;
    ensure!(
        !has_proxy(&plain.get("plain").await?),
        "pod in an unlabelled namespace was injected"
    );

    // Server-side dry run returns the injected pod and stores nothing.
    let dry = injected
        .create(
            &PostParams {
                dry_run: true,
                ..Default::default()
            },
            &pod("dry", serde_json::json!({}))?,
        )
        .await?;
    ensure!(has_proxy(&dry), "dry-run result lacks istio-proxy");
    ensure!(
        injected.get_opt("dry").await?.is_none(),
        "dry run stored the pod"
    );

    // A config change on disk applies to the next pod without a restart.
    let changed = config.replace(
        "injectedAnnotations:\n",
        "injectedAnnotations:\n  e2e.example/config: changed\n",
    );
    ensure!(
        changed != config,
        "the default config has no injectedAnnotations key to extend"
    );
    atomic_write(
        config_dir,
        &[("config", &changed), ("values", values), ("mesh", mesh)],
    )?;
    let start = Instant::now();
    loop {
        let p = injected
            .create(
                &PostParams {
                    dry_run: true,
                    ..Default::default()
                },
                &pod("after-change", serde_json::json!({}))?,
            )
            .await?;
        if annotation(&p, "e2e.example/config") == Some("changed") {
            break;
        }
        ensure!(
            start.elapsed() < Duration::from_secs(30),
            "new config not in effect after 30s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}
