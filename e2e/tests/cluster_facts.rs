//! `sidecar-injector serve --kubeconfig` keeps its cluster facts from the real apiserver: it is ready only once the
//! node list is in, a pod is injected with a classic sidecar while some node runs a kubelet older than 1.33, and,
//! after that node's status reports 1.33, the next pod gets a native sidecar (an init container with
//! `restartPolicy: Always`) — no restart, no flag.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use e2e::certs::TestCa;
use e2e::components::Components;
use e2e::control_plane::ControlPlane;
use e2e::injector_process::{injector_binary, InjectorProcess};
use e2e::istio_setup::{components_or_skip, register_injector, InjectorSetup};
use k8s_openapi::api::core::v1::{Node, Pod};
use kube::api::{Api, Patch, PatchParams, PostParams};
use kube::Client;
use serde_json::{json, Value};

const NAMESPACE: &str = "facts";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn native_sidecars_follow_the_nodes_kubelet_versions() {
    let Some(components) = components_or_skip("native_sidecars_follow_the_nodes_kubelet_versions")
    else {
        return;
    };
    if let Err(e) = run(&components).await {
        panic!("{e:#}");
    }
}

async fn set_kubelet_version(nodes: &Api<Node>, name: &str, version: &str) -> Result<()> {
    let status = json!({"status": {"nodeInfo": {"kubeletVersion": version}}});
    nodes
        .patch_status(name, &PatchParams::default(), &Patch::Merge(&status))
        .await
        .with_context(|| format!("setting node {name} to kubelet {version}"))?;
    Ok(())
}

async fn create_node(nodes: &Api<Node>, name: &str, version: &str) -> Result<()> {
    let node: Node = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Node", "metadata": {"name": name}
    }))?;
    nodes
        .create(&PostParams::default(), &node)
        .await
        .with_context(|| format!("creating node {name}"))?;
    set_kubelet_version(nodes, name, version).await
}

/// Where the stored pod's istio-proxy is: `"containers"`, `"initContainers"` (native: restartPolicy Always).
async fn create_and_locate_proxy(pods: &Api<Pod>, name: &str) -> Result<&'static str> {
    let pod: Pod = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
        "spec": {"containers": [{"name": "app", "image": "registry.invalid/app:1"}]}
    }))?;
    let stored = pods
        .create(&PostParams::default(), &pod)
        .await
        .with_context(|| format!("creating pod {name}"))?;
    let spec = stored.spec.context("stored pod has no spec")?;
    if spec.containers.iter().any(|c| c.name == "istio-proxy") {
        return Ok("containers");
    }
    match spec
        .init_containers
        .iter()
        .flatten()
        .find(|c| c.name == "istio-proxy")
    {
        Some(c) if c.restart_policy.as_deref() == Some("Always") => Ok("initContainers"),
        Some(_) => bail!("{name}: istio-proxy is an init container without restartPolicy Always"),
        None => bail!("{name}: not injected"),
    }
}

/// The server's view of the nodes (`/debug/inject`): name → kubelet version.
async fn watched_nodes(server: &InjectorProcess) -> Result<Vec<(String, String)>> {
    let (status, body) = server.admin_get("/debug/inject").await?;
    ensure!(status == 200, "/debug/inject answered {status}: {body}");
    let v: Value = serde_json::from_str(&body)?;
    let nodes = &v["settings"]["cluster"]["nodes"];
    ensure!(
        nodes["source"] == "watched",
        "nodes are not watched: {nodes}"
    );
    Ok(nodes["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            (
                n["name"].as_str().unwrap_or_default().to_owned(),
                n["kubeletVersion"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect())
}

async fn run(components: &Components) -> Result<()> {
    let binary = injector_binary()?;
    let plane = ControlPlane::start(components).await?;
    let client: Client = plane.client()?;
    plane
        .prepare_namespace(NAMESPACE, &[("istio-injection", "enabled")])
        .await?;
    let nodes = Api::<Node>::all(client.clone());
    create_node(&nodes, "node-a", "v1.33.2").await?;
    create_node(&nodes, "node-b", "v1.32.9").await?;

    let setup = InjectorSetup::prepare(
        &plane.dir().join("injector"),
        "e2e-facts-ca",
        vec![
            "--kube-api=on".to_owned(),
            format!("--kubeconfig={}", plane.kubeconfig().display()),
        ],
    )?;
    let (ca, files) = (setup.ca, setup.files);
    // Ready means the node list has been read.
    let server = InjectorProcess::start(&binary, &files).await?;
    let result = scenario(&client, &nodes, &server, &ca).await;
    if result.is_err() {
        eprintln!(
            "--- kube-apiserver log tail ---\n{}\n--- sidecar-injector log tail ---\n{}",
            plane.apiserver_log_tail(30),
            server.log_tail(40)
        );
    }
    result
}

async fn scenario(
    client: &Client,
    nodes: &Api<Node>,
    server: &InjectorProcess,
    ca: &TestCa,
) -> Result<()> {
    ensure!(
        watched_nodes(server).await?
            == [
                ("node-a".to_owned(), "v1.33.2".to_owned()),
                ("node-b".to_owned(), "v1.32.9".to_owned())
            ],
        "node list at start"
    );
    register_injector(client, server, ca).await?;
    let pods = Api::<Pod>::namespaced(client.clone(), NAMESPACE);

    // The webhook configuration takes a moment to reach the apiserver's admission chain.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut attempt = 0;
    let first = loop {
        attempt += 1;
        match create_and_locate_proxy(&pods, &format!("before-{attempt}")).await {
            Ok(place) => break place,
            Err(e) if Instant::now() < deadline && format!("{e:#}").contains("not injected") => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => return Err(e),
        }
    };
    ensure!(
        first == "containers",
        "node-b runs kubelet 1.32: expected a classic sidecar, got the proxy in {first}"
    );

    set_kubelet_version(nodes, "node-b", "v1.33.0").await?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while watched_nodes(server).await?.get(1).map(|n| n.1.as_str()) != Some("v1.33.0") {
        ensure!(
            Instant::now() < deadline,
            "the server never saw node-b's new kubelet version"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after = create_and_locate_proxy(&pods, "after-upgrade").await?;
    ensure!(
        after == "initContainers",
        "every node runs kubelet 1.33+: expected a native sidecar, got the proxy in {after}"
    );
    Ok(())
}
