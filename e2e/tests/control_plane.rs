//! kube-apiserver → admission webhook, end to end, against a real etcd + kube-apiserver on
//! loopback. Skips (printing why) when the control-plane binaries are not built and `E2E_BUILD`
//! is not set; see `e2e/README.md`.
//!
//! One control plane serves every scenario (starting one costs tens of seconds on two cores), so
//! the scenarios run in sequence inside a single test.

use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use e2e::components::{locate, Availability, Components};
use e2e::control_plane::ControlPlane;
use e2e::stub_webhook::{StubWebhook, STUB_ANNOTATION};
use e2e::webhook_config::{istio_injector_config, FailurePolicy};
use k8s_openapi::api::admissionregistration::v1::MutatingWebhookConfiguration;
use k8s_openapi::api::core::v1::{Namespace, Pod};
use kube::api::{Api, PostParams};
use kube::Client;

const CONFIG_NAME: &str = "istio-sidecar-injector";
/// Namespaces: (name, labels).
const NAMESPACES: [(&str, &[(&str, &str)]); 4] = [
    ("e2e-inject", &[("istio-injection", "enabled")]),
    ("e2e-plain", &[]),
    ("e2e-rev", &[("istio.io/rev", "default")]),
    ("e2e-disabled", &[("istio-injection", "disabled")]),
];
/// How long a MutatingWebhookConfiguration change may take to reach the admission chain.
const CONFIG_PROPAGATION: Duration = Duration::from_secs(60);

// ---- Swap point -------------------------------------------------------------------------------
// When `sidecar-injector serve` exists, these two functions are the only ones to change: start
// the real server (same `endpoint()` / `stop()` surface) and recognise its mutation.

/// Starts the webhook under test.
async fn start_webhook_under_test() -> Result<StubWebhook> {
    StubWebhook::start().await
}

/// Whether the webhook under test mutated `pod`.
fn is_injected(pod: &Pod) -> bool {
    pod.metadata
        .annotations
        .as_ref()
        .is_some_and(|a| a.get(STUB_ANNOTATION).map(String::as_str) == Some("true"))
}
// -----------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apiserver_calls_mutating_webhook() {
    let components = match locate() {
        Ok(Availability::Ready(c)) => c,
        Ok(Availability::Skip(why)) => {
            eprintln!("SKIPPED apiserver_calls_mutating_webhook: {why}");
            return;
        }
        Err(e) => panic!("locating control-plane binaries: {e:#}"),
    };
    if let Err(e) = run(&components).await {
        panic!("{e:#}");
    }
}

async fn run(components: &Components) -> Result<()> {
    let t0 = Instant::now();
    let mut plane = ControlPlane::start(components).await?;
    eprintln!(
        "control plane ready in {:.1?} at {} (state in {})",
        t0.elapsed(),
        plane.url(),
        plane.dir().display()
    );
    let client = plane.client()?;
    for (name, labels) in NAMESPACES {
        plane.prepare_namespace(name, labels).await?;
    }

    let result = scenarios(&client).await;
    if result.is_err() {
        plane.ensure_running()?;
        eprintln!(
            "--- kube-apiserver log tail ---\n{}",
            plane.apiserver_log_tail(60)
        );
    }
    result
}

async fn scenarios(client: &Client) -> Result<()> {
    baseline_without_webhook(client).await.context("baseline")?;

    let mut webhook = start_webhook_under_test().await?;
    let mwcs = Api::<MutatingWebhookConfiguration>::all(client.clone());
    let config = istio_injector_config(CONFIG_NAME, webhook.endpoint(), FailurePolicy::Fail)?;
    mwcs.create(&PostParams::default(), &config)
        .await
        .context("creating the MutatingWebhookConfiguration")?;
    wait_until_webhook_active(client)
        .await
        .context("webhook activation")?;

    selectors_route_pods(client, &webhook)
        .await
        .context("selector routing")?;
    dry_run_returns_mutated_pod_and_stores_nothing(client, &webhook)
        .await
        .context("dry-run")?;

    webhook.stop().await;
    failure_policies_with_webhook_down(client, &mwcs)
        .await
        .context("failure policies")?;
    Ok(())
}

fn pod(name: &str, labels: &[(&str, &str)]) -> Result<Pod> {
    let labels: serde_json::Map<String, serde_json::Value> = labels
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
        .collect();
    Ok(serde_json::from_value(serde_json::json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": { "name": name, "labels": labels },
        "spec": { "containers": [{ "name": "app", "image": "registry.invalid/app:1" }] }
    }))?)
}

fn dry_run() -> PostParams {
    PostParams {
        dry_run: true,
        ..PostParams::default()
    }
}

/// The apiserver is the pinned release, namespaces carry their labels, and a pod round-trips through etcd untouched.
async fn baseline_without_webhook(client: &Client) -> Result<()> {
    // The build stamps the pinned release; k8s-openapi's feature must match its minor version.
    let version = client.apiserver_version().await?;
    ensure!(
        (version.major.as_str(), version.minor.as_str()) == ("1", "37"),
        "kube-apiserver reports {version:?}; expected 1.37 (k8s-openapi feature v1_37)"
    );
    let ns = Api::<Namespace>::all(client.clone())
        .get("e2e-inject")
        .await?;
    let labels = ns.metadata.labels.unwrap_or_default();
    ensure!(
        labels.get("istio-injection").map(String::as_str) == Some("enabled"),
        "namespace labels read back as {labels:?}"
    );
    let pods = Api::<Pod>::namespaced(client.clone(), "e2e-inject");
    pods.create(&PostParams::default(), &pod("baseline", &[])?)
        .await?;
    let back = pods.get("baseline").await?;
    let spec = back.spec.as_ref().context("pod without spec")?;
    ensure!(spec.containers[0].image.as_deref() == Some("registry.invalid/app:1"));
    ensure!(
        spec.service_account_name.as_deref() == Some("default"),
        "ServiceAccount admission ran"
    );
    ensure!(
        !is_injected(&back),
        "no webhook is configured yet, but the pod is mutated"
    );
    Ok(())
}

/// Polls server-side dry-run creates until the new configuration is in the admission chain.
async fn wait_until_webhook_active(client: &Client) -> Result<()> {
    let pods = Api::<Pod>::namespaced(client.clone(), "e2e-inject");
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < CONFIG_PROPAGATION {
        match pods.create(&dry_run(), &pod("probe", &[])?).await {
            Ok(p) if is_injected(&p) => {
                eprintln!("webhook active after {:.1?}", start.elapsed());
                return Ok(());
            }
            Ok(_) => last = "pod admitted unmutated".into(),
            Err(e) => last = format!("{e}"),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    bail!("webhook not called within {CONFIG_PROPAGATION:?}: {last}")
}

/// (namespace, pod name, pod labels, expect injected).
type RouteCase = (&'static str, &'static str, Labels, bool);
type Labels = &'static [(&'static str, &'static str)];

/// Istio's four selectors decide which pods reach the webhook; each matched pod is sent exactly
/// once (the selectors are mutually exclusive) as a v1 AdmissionReview.
async fn selectors_route_pods(client: &Client, webhook: &StubWebhook) -> Result<()> {
    let cases: [RouteCase; 8] = [
        ("e2e-inject", "ns-enabled", &[], true),
        (
            "e2e-inject",
            "ns-enabled-pod-opt-out",
            &[("sidecar.istio.io/inject", "false")],
            false,
        ),
        ("e2e-plain", "plain", &[], false),
        (
            "e2e-plain",
            "plain-pod-opt-in",
            &[("sidecar.istio.io/inject", "true")],
            true,
        ),
        (
            "e2e-plain",
            "plain-pod-rev",
            &[("istio.io/rev", "default")],
            true,
        ),
        ("e2e-rev", "ns-rev", &[], true),
        (
            "e2e-rev",
            "ns-rev-pod-opt-out",
            &[("sidecar.istio.io/inject", "false")],
            false,
        ),
        (
            "e2e-disabled",
            "ns-disabled-pod-opt-in",
            &[("sidecar.istio.io/inject", "true")],
            false,
        ),
    ];
    for (ns, name, labels, want) in cases {
        let pods = Api::<Pod>::namespaced(client.clone(), ns);
        let created = pods
            .create(&PostParams::default(), &pod(name, labels)?)
            .await
            .with_context(|| format!("creating {ns}/{name}"))?;
        let stored = pods.get(name).await?;
        let calls: Vec<_> = webhook
            .reviews()
            .into_iter()
            .filter(|r| r.namespace == ns && r.name == name)
            .collect();
        ensure!(
            is_injected(&created) == want && is_injected(&stored) == want,
            "{ns}/{name}: expected injected={want}, create returned {}, stored {}",
            is_injected(&created),
            is_injected(&stored)
        );
        ensure!(
            calls.len() == usize::from(want),
            "{ns}/{name}: webhook called {} times: {calls:?}",
            calls.len()
        );
        if let Some(call) = calls.first() {
            ensure!(call.api_version == "admission.k8s.io/v1", "{call:?}");
            ensure!(call.operation == "CREATE" && !call.dry_run, "{call:?}");
        }
    }
    Ok(())
}

/// Server-side dry-run runs the webhook (told `dryRun: true`) and returns the mutated pod, but
/// nothing is persisted.
async fn dry_run_returns_mutated_pod_and_stores_nothing(
    client: &Client,
    webhook: &StubWebhook,
) -> Result<()> {
    let pods = Api::<Pod>::namespaced(client.clone(), "e2e-inject");
    let returned = pods.create(&dry_run(), &pod("dry", &[])?).await?;
    ensure!(is_injected(&returned), "dry-run returned an unmutated pod");
    ensure!(
        pods.get_opt("dry").await?.is_none(),
        "dry-run pod was stored"
    );
    let calls: Vec<_> = webhook
        .reviews()
        .into_iter()
        .filter(|r| r.name == "dry")
        .collect();
    ensure!(
        calls.len() == 1 && calls[0].dry_run,
        "webhook saw {calls:?}"
    );
    Ok(())
}

/// With the webhook unreachable, `failurePolicy: Fail` refuses matched pods (unmatched ones are
/// unaffected) and `Ignore` admits them unmutated.
async fn failure_policies_with_webhook_down(
    client: &Client,
    mwcs: &Api<MutatingWebhookConfiguration>,
) -> Result<()> {
    let injected_ns = Api::<Pod>::namespaced(client.clone(), "e2e-inject");
    match injected_ns
        .create(&PostParams::default(), &pod("while-down", &[])?)
        .await
    {
        Ok(_) => bail!("failurePolicy Fail admitted a pod while the webhook was down"),
        Err(kube::Error::Api(status)) => ensure!(
            status.message.contains("failed calling webhook"),
            "unexpected refusal: {status:?}"
        ),
        Err(e) => bail!("unexpected error: {e}"),
    }
    ensure!(injected_ns.get_opt("while-down").await?.is_none());

    Api::<Pod>::namespaced(client.clone(), "e2e-plain")
        .create(&PostParams::default(), &pod("unmatched-while-down", &[])?)
        .await
        .context("a pod no webhook selects must not depend on the webhook")?;

    let mut config = mwcs.get(CONFIG_NAME).await?;
    for hook in config.webhooks.iter_mut().flatten() {
        hook.failure_policy = Some("Ignore".to_owned());
    }
    mwcs.replace(CONFIG_NAME, &PostParams::default(), &config)
        .await?;

    let start = Instant::now();
    loop {
        match injected_ns
            .create(&PostParams::default(), &pod("ignored-while-down", &[])?)
            .await
        {
            Ok(p) => {
                ensure!(!is_injected(&p), "mutated while the webhook was down");
                return Ok(());
            }
            Err(_) if start.elapsed() < CONFIG_PROPAGATION => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => {
                bail!("failurePolicy Ignore still refusing after {CONFIG_PROPAGATION:?}: {e}")
            }
        }
    }
}
