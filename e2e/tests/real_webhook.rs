//! kube-apiserver calls our `sidecar-injector serve` binary (a child process with a certificate from this run's CA
//! and Istio's default injection settings in a ConfigMap-style directory): pods in an `istio-injection=enabled`
//! namespace are stored injected, opted-out and unlabelled ones are not (the webhook is not even called), revision
//! labels route to it, a server-side dry run returns the injected pod and stores nothing, a Deployment's pods made by
//! kube-controller-manager are injected with the owner-derived workload identity, a config change on disk takes
//! effect without a restart, rotating the serving certificate during a stream of creates fails none of them, and
//! with the server stopped `failurePolicy: Fail` refuses selected pods while `Ignore` admits them unmutated.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use e2e::certs::TestCa;
use e2e::components::Components;
use e2e::configmap_dir::write_atomically;
use e2e::control_plane::ControlPlane;
use e2e::injector_process::{injector_binary, InjectorProcess};
use e2e::istio_setup::{components_or_skip, register_injector, InjectorSetup, WEBHOOK_CONFIG_NAME};
use k8s_openapi::api::admissionregistration::v1::MutatingWebhookConfiguration;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Container, Pod};
use kube::api::{Api, ListParams, PostParams};
use kube::Client;

const NAMESPACES: [(&str, &[(&str, &str)]); 3] = [
    ("real-inject", &[("istio-injection", "enabled")]),
    ("real-plain", &[]),
    ("real-rev", &[("istio.io/rev", "default")]),
];
/// Istio's counter of admission requests the injector received.
const REQUESTS: &str = "sidecar_injection_requests_total";

/// Creates pods continuously while the serving certificate is replaced three times (same CA, new keys): every create
/// must succeed and be injected, and the server ends up serving the last certificate.
async fn rotation_during_creates(
    client: &Client,
    server: &InjectorProcess,
    ca: &TestCa,
    cert_dir: &Path,
) -> Result<()> {
    let pods = Api::<Pod>::namespaced(client.clone(), "real-inject");
    let mut rotations = 0;
    let mut last = Vec::new();
    for i in 0..30 {
        if i % 10 == 5 {
            let cert = ca.issue_server_cert(&["127.0.0.1", "localhost"])?;
            write_atomically(
                cert_dir,
                &[("tls.crt", &cert.cert_pem), ("tls.key", &cert.key_pem)],
            )?;
            last = cert.cert_der;
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
    let start = Instant::now();
    while server.served_certificate(&ca.cert_der()).await? != last {
        ensure!(
            start.elapsed() < Duration::from_secs(15),
            "the server still serves an older certificate 15s after the last rotation"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

fn pod(name: &str, labels: serde_json::Value) -> Result<Pod> {
    Ok(serde_json::from_value(serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [{"name": "app", "image": "registry.invalid/app:1", "ports": [{"containerPort": 8080}]}]}
    }))?)
}

fn proxy(p: &Pod) -> Option<&Container> {
    let spec = p.spec.as_ref()?;
    spec.containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .find(|c| c.name == "istio-proxy")
}

fn has_proxy(p: &Pod) -> bool {
    proxy(p).is_some()
}

/// The literal value of env var `key` of the istio-proxy container.
fn proxy_env(p: &Pod, key: &str) -> Option<String> {
    proxy(p)?
        .env
        .as_ref()?
        .iter()
        .find(|e| e.name == key)?
        .value
        .clone()
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
    let Some(components) = components_or_skip("apiserver_calls_the_real_injector") else {
        return;
    };
    if let Err(e) = run(&components).await {
        panic!("{e:#}");
    }
}

async fn run(components: &Components) -> Result<()> {
    let binary = injector_binary()?;
    let t0 = Instant::now();
    let mut plane = ControlPlane::start(components).await?;
    eprintln!("control plane ready in {:.1?}", t0.elapsed());
    let client = plane.client()?;
    for (name, labels) in NAMESPACES {
        plane.prepare_namespace(name, labels).await?;
    }

    // Istio's default settings in a ConfigMap-style directory, a certificate from a CA of this run. Files only:
    // a KUBECONFIG in the environment must not make the server wait for a cluster.
    let setup = InjectorSetup::prepare(
        &plane.dir().join("injector"),
        "e2e-injector-ca",
        vec!["--kube-api=off".to_owned()],
    )?;
    let InjectorSetup {
        ca,
        config_dir,
        cert_dir,
        config,
        values,
        mesh,
        files,
    } = setup;
    let t0 = Instant::now();
    let mut server = InjectorProcess::start(&binary, &files).await?;
    eprintln!("sidecar-injector ready in {:.1?}", t0.elapsed());

    register_injector(&client, &server, &ca).await?;
    let mwcs = Api::<MutatingWebhookConfiguration>::all(client.clone());

    let mut result = scenarios(&client, &server, &config_dir, &config, &values, &mesh).await;
    if result.is_ok() {
        result = deployment_pods_are_injected(&client, &server)
            .await
            .context("deployment");
    }
    if result.is_ok() {
        result = rotation_during_creates(&client, &server, &ca, &cert_dir)
            .await
            .context("certificate rotation");
    }
    if result.is_ok() {
        server.stop();
        result = failure_policies_with_server_stopped(&client, &mwcs)
            .await
            .context("failure policies");
    }
    if result.is_err() {
        let running = plane.ensure_running();
        eprintln!(
            "--- kube-apiserver log tail ---\n{}\n--- kube-controller-manager log tail ---\n{}\n\
             --- sidecar-injector log tail ---\n{}",
            plane.apiserver_log_tail(40),
            plane.controller_manager_log_tail(20),
            server.log_tail(40)
        );
        running?;
    }
    server.stop();
    result
}

/// With the server stopped, `failurePolicy: Fail` refuses pods the webhooks select while unselected
/// pods are still admitted, and after switching to `Ignore` a selected pod is admitted unmutated.
async fn failure_policies_with_server_stopped(
    client: &Client,
    mwcs: &Api<MutatingWebhookConfiguration>,
) -> Result<()> {
    let injected = Api::<Pod>::namespaced(client.clone(), "real-inject");
    match injected
        .create(
            &PostParams::default(),
            &pod("while-down", serde_json::json!({}))?,
        )
        .await
    {
        Ok(_) => bail!("failurePolicy Fail admitted a pod while the server was stopped"),
        Err(kube::Error::Api(status)) => ensure!(
            status.message.contains("failed calling webhook"),
            "unexpected refusal: {status:?}"
        ),
        Err(e) => bail!("unexpected error: {e}"),
    }
    ensure!(injected.get_opt("while-down").await?.is_none());
    Api::<Pod>::namespaced(client.clone(), "real-plain")
        .create(
            &PostParams::default(),
            &pod("unselected-while-down", serde_json::json!({}))?,
        )
        .await
        .context("a pod no webhook selects must not depend on the server")?;

    let mut config = mwcs.get(WEBHOOK_CONFIG_NAME).await?;
    for hook in config.webhooks.iter_mut().flatten() {
        hook.failure_policy = Some("Ignore".to_owned());
    }
    mwcs.replace(WEBHOOK_CONFIG_NAME, &PostParams::default(), &config)
        .await?;
    let start = Instant::now();
    loop {
        match injected
            .create(
                &PostParams::default(),
                &pod("ignored-while-down", serde_json::json!({}))?,
            )
            .await
        {
            Ok(p) => {
                ensure!(!has_proxy(&p), "injected while the server was stopped");
                return Ok(());
            }
            Err(e) => ensure!(
                start.elapsed() < Duration::from_secs(60),
                "failurePolicy Ignore still refusing after 60s: {e}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// A Deployment in an injection-enabled namespace: kube-controller-manager creates a ReplicaSet and
/// its pods (generateName, no name, a controller owner reference), the webhook injects them, and
/// the sidecar carries the workload identity Istio derives from the owner chain. The replicas reach
/// the webhook differing only in the name of their service-account token volume, which the
/// ServiceAccount admission plugin draws at random (the apiserver names a pod after admission, and
/// the managed fields' timestamp has one-second resolution), so after one render and one confirming
/// render the rest of the ReplicaSet's creates are answered from the patch cache.
async fn deployment_pods_are_injected(client: &Client, server: &InjectorProcess) -> Result<()> {
    const NAME: &str = "hello-dep";
    const NS: &str = "real-inject";
    // The ReplicaSet creates pods in slow-start batches of 1, 2 and 3, each batch concurrently.
    const REPLICAS: usize = 6;
    const HITS: &str = r#"sidecar_injection_patch_cache_lookups_total{result="hit"}"#;
    let hits_before = server.metric(HITS).await?;
    let deployment: Deployment = serde_json::from_value(serde_json::json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": NAME},
        "spec": {
            "replicas": REPLICAS,
            "selector": {"matchLabels": {"e2e-workload": NAME}},
            // No `app` label: the canonical name must come from the owner-derived workload name.
            "template": {
                "metadata": {"labels": {"e2e-workload": NAME}},
                "spec": {"containers": [{"name": "app", "image": "registry.invalid/app:1"}]}
            }
        }
    }))?;
    Api::<Deployment>::namespaced(client.clone(), NS)
        .create(&PostParams::default(), &deployment)
        .await?;
    let pods = Api::<Pod>::namespaced(client.clone(), NS);
    let selector = ListParams::default().labels(&format!("e2e-workload={NAME}"));
    let start = Instant::now();
    let listed = loop {
        let listed = pods.list(&selector).await?.items;
        if listed.len() == REPLICAS {
            break listed;
        }
        ensure!(
            start.elapsed() < Duration::from_secs(120),
            "kube-controller-manager made {} of {REPLICAS} pods in 120s",
            listed.len()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let hits = server.metric(HITS).await? - hits_before;
    eprintln!(
        "deployment pods stored after {:.1?}; {hits} of {REPLICAS} answered from the patch cache",
        start.elapsed()
    );
    ensure!(
        hits >= 1.0,
        "no replica was answered from the patch cache:\n{}",
        server.log_tail(20)
    );
    let owner_uri = format!("kubernetes://apis/apps/v1/namespaces/{NS}/deployments/{NAME}");
    for p in &listed {
        let meta = &p.metadata;
        let name = meta.name.as_deref().unwrap_or_default();
        let generate_name = meta.generate_name.as_deref().unwrap_or_default();
        ensure!(
            generate_name.starts_with(&format!("{NAME}-")) && name.starts_with(generate_name),
            "pod {name} from generateName {generate_name:?}"
        );
        let owner = meta
            .owner_references
            .as_ref()
            .and_then(|o| o.first())
            .context("pod without owner")?;
        ensure!(
            owner.kind == "ReplicaSet" && owner.controller == Some(true),
            "{name}: owner {owner:?}"
        );
        ensure!(has_proxy(p), "{name} was not injected");
        let env = |key: &str| proxy_env(p, key);
        ensure!(
            env("ISTIO_META_WORKLOAD_NAME").as_deref() == Some(NAME),
            "{name}: ISTIO_META_WORKLOAD_NAME {:?}",
            env("ISTIO_META_WORKLOAD_NAME")
        );
        ensure!(
            env("ISTIO_META_OWNER").as_deref() == Some(owner_uri.as_str()),
            "{name}: ISTIO_META_OWNER {:?}",
            env("ISTIO_META_OWNER")
        );
        let label = |key: &str| {
            meta.labels
                .as_ref()
                .and_then(|l| l.get(key))
                .map(String::as_str)
        };
        ensure!(
            label("service.istio.io/canonical-name") == Some(NAME)
                && label("service.istio.io/canonical-revision") == Some("latest"),
            "{name}: labels {:?}",
            meta.labels
        );
        ensure!(
            annotation(p, "sidecar.istio.io/status").is_some(),
            "{name}: no status annotation"
        );
    }
    Ok(())
}

async fn scenarios(
    client: &Client,
    server: &InjectorProcess,
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

    // Opted out, or in an unlabelled namespace: untouched, because no webhook selects them (the
    // injector's request counter does not move).
    let requests_before = server.metric(REQUESTS).await?;
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
    let requests_after = server.metric(REQUESTS).await?;
    ensure!(
        requests_after == requests_before,
        "{REQUESTS} went from {requests_before} to {requests_after} for pods no webhook selects"
    );

    // Server-side dry run returns the injected pod and stores nothing.
    let requests_before = server.metric(REQUESTS).await?;
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
    let requests_after = server.metric(REQUESTS).await?;
    ensure!(
        requests_after == requests_before + 1.0,
        "{REQUESTS} went from {requests_before} to {requests_after} for one dry-run create"
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
    write_atomically(
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
