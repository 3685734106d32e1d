//! A real Kubernetes control plane on loopback: etcd, kube-apiserver and kube-controller-manager, each in its own process
//! group with a temporary data directory, torn down when [`ControlPlane`] is dropped.
//!
//! Authentication is a static bearer token (`--token-auth-file`) for a user in `system:masters`,
//! authorization is RBAC, and the admission chain is the default one (which includes
//! `MutatingAdmissionWebhook`). kube-controller-manager runs only the deployment and replicaset
//! controllers (no scheduler or kubelet exist, so pods are only ever stored); without its
//! serviceaccount controller, tests create the `default` ServiceAccount of a namespace themselves
//! ([`ControlPlane::prepare_namespace`]).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};
use kube::api::{Api, PostParams};
use kube::Client;
use tempfile::TempDir;

use crate::certs::{service_account_key, TestCa};
use crate::components::Components;
use crate::net::free_loopback_ports;
use crate::process::ManagedProcess;

/// How long kube-apiserver gets to report `/readyz` ok.
const READY_TIMEOUT: Duration = Duration::from_secs(180);

/// A running etcd + kube-apiserver + kube-controller-manager.
pub struct ControlPlane {
    // Field order is drop order: the controller-manager, then the apiserver, then etcd stop; the
    // directory goes last.
    controller_manager: Option<ManagedProcess>,
    apiserver: ManagedProcess,
    etcd: ManagedProcess,
    url: String,
    ca_der: Vec<u8>,
    token: String,
    dir: TempDir,
}

impl ControlPlane {
    /// Starts etcd and kube-apiserver on free loopback ports, waits until `/readyz` is ok, then
    /// starts kube-controller-manager against it.
    pub async fn start(components: &Components) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("e2e-control-plane-")
            .tempdir()
            .context("creating control-plane directory")?;
        let root = dir.path();

        let ca = TestCa::new("e2e-apiserver-ca")?;
        let serving = ca.issue_server_cert(&[
            "127.0.0.1",
            "localhost",
            "kubernetes",
            "kubernetes.default",
            "kubernetes.default.svc",
        ])?;
        write(root, "ca.crt", &ca.cert_pem())?;
        write(root, "apiserver.crt", &serving.cert_pem)?;
        write(root, "apiserver.key", &serving.key_pem)?;
        let sa = service_account_key()?;
        write(root, "sa.key", &sa.private_pem)?;
        write(root, "sa.pub", &sa.public_pem)?;
        let token = format!("e2e-admin-{:016x}", rand::random::<u64>());
        write(
            root,
            "tokens.csv",
            &format!("{token},e2e-admin,e2e-admin,\"system:masters\"\n"),
        )?;

        let [client_port, peer_port, secure_port] = free_loopback_ports()?;
        let etcd_client = format!("http://127.0.0.1:{client_port}");
        let etcd_peer = format!("http://127.0.0.1:{peer_port}");
        let etcd_args = vec![
            "--name=e2e".to_owned(),
            format!("--data-dir={}", root.join("etcd").display()),
            format!("--listen-client-urls={etcd_client}"),
            format!("--advertise-client-urls={etcd_client}"),
            format!("--listen-peer-urls={etcd_peer}"),
            format!("--initial-advertise-peer-urls={etcd_peer}"),
            format!("--initial-cluster=e2e={etcd_peer}"),
            "--unsafe-no-fsync=true".to_owned(),
            "--log-level=warn".to_owned(),
        ];
        let mut etcd =
            ManagedProcess::spawn("etcd", &components.etcd, &etcd_args, &root.join("etcd.log"))?;

        let p = |name: &str| root.join(name).display().to_string();
        let apiserver_args = vec![
            format!("--etcd-servers={etcd_client}"),
            "--bind-address=127.0.0.1".to_owned(),
            "--advertise-address=127.0.0.1".to_owned(),
            format!("--secure-port={secure_port}"),
            format!("--tls-cert-file={}", p("apiserver.crt")),
            format!("--tls-private-key-file={}", p("apiserver.key")),
            format!("--cert-dir={}", p("apiserver-certs")),
            format!("--token-auth-file={}", p("tokens.csv")),
            "--authorization-mode=RBAC".to_owned(),
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local".to_owned(),
            format!("--service-account-key-file={}", p("sa.pub")),
            format!("--service-account-signing-key-file={}", p("sa.key")),
            "--service-cluster-ip-range=10.96.0.0/24".to_owned(),
            "--enable-admission-plugins=MutatingAdmissionWebhook,ValidatingAdmissionWebhook"
                .to_owned(),
            // No kubelet or node network here: don't try to publish 127.0.0.1 as the
            // `kubernetes` Service endpoint.
            "--endpoint-reconciler-type=none".to_owned(),
            "--profiling=false".to_owned(),
            "--v=1".to_owned(),
        ];
        let apiserver = ManagedProcess::spawn(
            "kube-apiserver",
            &components.kube_apiserver,
            &apiserver_args,
            &root.join("kube-apiserver.log"),
        )?;
        etcd.ensure_running()?;

        let mut plane = Self {
            controller_manager: None,
            apiserver,
            etcd,
            url: format!("https://127.0.0.1:{secure_port}"),
            ca_der: ca.cert_der(),
            token,
            dir,
        };
        plane.wait_ready().await?;
        plane.start_controller_manager(&components.kube_controller_manager)?;
        Ok(plane)
    }

    /// Starts kube-controller-manager with the deployment and replicaset controllers, talking to
    /// the apiserver as the admin user through a kubeconfig. No leader election (one instance),
    /// no HTTPS endpoint of its own.
    fn start_controller_manager(&mut self, binary: &Path) -> Result<()> {
        let root = self.dir.path();
        // kubeconfig is YAML, so JSON will do.
        let kubeconfig = serde_json::json!({
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{ "name": "e2e", "cluster": {
                "server": self.url,
                "certificate-authority": root.join("ca.crt"),
            }}],
            "users": [{ "name": "e2e-admin", "user": { "token": self.token } }],
            "contexts": [{ "name": "e2e", "context": { "cluster": "e2e", "user": "e2e-admin" } }],
            "current-context": "e2e",
        })
        .to_string();
        write(root, "controller-manager.kubeconfig", &kubeconfig)?;
        let args = vec![
            format!(
                "--kubeconfig={}",
                root.join("controller-manager.kubeconfig").display()
            ),
            "--controllers=deployment-controller,replicaset-controller".to_owned(),
            "--leader-elect=false".to_owned(),
            "--secure-port=0".to_owned(),
            "--v=1".to_owned(),
        ];
        let mut kcm = ManagedProcess::spawn(
            "kube-controller-manager",
            binary,
            &args,
            &root.join("kube-controller-manager.log"),
        )?;
        kcm.ensure_running()?;
        self.controller_manager = Some(kcm);
        Ok(())
    }

    /// The apiserver's base URL, `https://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The bearer token of the `system:masters` user.
    pub fn admin_token(&self) -> &str {
        &self.token
    }

    /// A kubeconfig file for the admin user (the one kube-controller-manager uses).
    pub fn kubeconfig(&self) -> PathBuf {
        self.dir.path().join("controller-manager.kubeconfig")
    }

    /// The temporary directory holding certificates, data and logs.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A kube client authenticated as the admin user, trusting only the apiserver's CA.
    pub fn client(&self) -> Result<Client> {
        let mut config = kube::Config::new(self.url.parse().context("apiserver URL")?);
        config.root_cert = Some(vec![self.ca_der.clone()]);
        config.auth_info = serde_json::from_value(serde_json::json!({ "token": self.token }))
            .context("building auth info")?;
        config.connect_timeout = Some(Duration::from_secs(5));
        config.read_timeout = Some(Duration::from_secs(30));
        Client::try_from(config).context("building kube client")
    }

    /// Fails with the log tails if etcd, kube-apiserver or kube-controller-manager has exited.
    pub fn ensure_running(&mut self) -> Result<()> {
        self.etcd.ensure_running()?;
        self.apiserver.ensure_running()?;
        match self.controller_manager.as_mut() {
            Some(kcm) => kcm.ensure_running(),
            None => Ok(()),
        }
    }

    /// The last lines of kube-controller-manager's log (empty before it started).
    pub fn controller_manager_log_tail(&self, lines: usize) -> String {
        self.controller_manager
            .as_ref()
            .map(|kcm| kcm.log_tail(lines))
            .unwrap_or_default()
    }

    /// The last lines of kube-apiserver's log (for diagnosing a failed assertion).
    pub fn apiserver_log_tail(&self, lines: usize) -> String {
        self.apiserver.log_tail(lines)
    }

    /// Creates namespace `name` with `labels`, plus its `default` ServiceAccount (which the
    /// ServiceAccount admission plugin requires for pods, and which a controller-manager would
    /// otherwise create).
    pub async fn prepare_namespace(&self, name: &str, labels: &[(&str, &str)]) -> Result<()> {
        let client = self.client()?;
        let labels: serde_json::Map<String, serde_json::Value> = labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
            .collect();
        let ns: Namespace = serde_json::from_value(serde_json::json!({
            "metadata": { "name": name, "labels": labels }
        }))?;
        Api::<Namespace>::all(client.clone())
            .create(&PostParams::default(), &ns)
            .await
            .with_context(|| format!("creating namespace {name}"))?;
        let sa: ServiceAccount =
            serde_json::from_value(serde_json::json!({ "metadata": { "name": "default" } }))?;
        Api::<ServiceAccount>::namespaced(client, name)
            .create(&PostParams::default(), &sa)
            .await
            .with_context(|| format!("creating {name}/default service account"))?;
        Ok(())
    }

    async fn wait_ready(&mut self) -> Result<()> {
        let client = self.client()?;
        let start = Instant::now();
        let mut last = String::from("no answer yet");
        while start.elapsed() < READY_TIMEOUT {
            self.ensure_running()?;
            match get_text(&client, "/readyz").await {
                Ok(body) if body.trim() == "ok" => return Ok(()),
                Ok(body) => last = body,
                Err(e) => last = format!("{e:#}"),
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let verbose = get_text(&client, "/readyz?verbose")
            .await
            .unwrap_or_else(|e| format!("{e:#}"));
        Err(anyhow!(
            "kube-apiserver not ready after {READY_TIMEOUT:?}: {last}\n{verbose}\n--- kube-apiserver log ---\n{}\n--- etcd log ---\n{}",
            self.apiserver.log_tail(40),
            self.etcd.log_tail(20)
        ))
    }
}

async fn get_text(client: &Client, path: &str) -> Result<String> {
    let req = http::Request::get(path).body(Vec::new())?;
    Ok(client.request_text(req).await?)
}

fn write(dir: &Path, name: &str, contents: &str) -> Result<()> {
    let path = dir.join(name);
    std::fs::write(&path, contents).with_context(|| format!("writing {}", path.display()))
}
