//! End-to-end test support: a real etcd + kube-apiserver + kube-controller-manager on loopback
//! (built from Go modules by `e2e/build-components.sh`), test PKI, an Istio-shaped
//! MutatingWebhookConfiguration, our `sidecar-injector serve` binary as a child process, and a stub
//! HTTPS admission webhook. The suite itself is in `tests/`.

pub mod certs;
pub mod components;
pub mod configmap_dir;
pub mod control_plane;
pub mod injector_process;
pub mod istio_setup;
pub mod net;
pub mod process;
pub mod stub_webhook;
pub mod webhook_config;

/// Where kube-apiserver reaches an admission webhook: its URL and the PEM CA bundle that
/// verifies the webhook's serving certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookEndpoint {
    /// `https://127.0.0.1:<port>/inject`.
    pub url: String,
    /// PEM of the CA that signed the webhook's certificate (the `caBundle`, before base64).
    pub ca_bundle_pem: String,
}
