//! Command-line syntax: the clap derive structs of every subcommand, with no validation beyond what clap does.
//! Each `cmd::*` module turns its raw arguments into a typed configuration before doing any work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  an error (unreadable input, invalid settings, injection failure, unwritable output)
  2  usage error (unknown flag, missing or invalid argument)";

/// Istio-compatible sidecar injection: kube-inject, check-inject and render.
#[derive(Parser, Debug)]
#[command(name = "sidecar-injector", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Inject the Istio sidecar into Kubernetes manifests (like `istioctl kube-inject`).
    #[command(
        name = "kube-inject",
        after_help = "Examples:
  # Inject with the embedded default settings
  sidecar-injector kube-inject -f deployment.yaml

  # Inject with the settings of a mounted istio-sidecar-injector ConfigMap, into a file
  sidecar-injector kube-inject -f deployment.yaml --config-dir /etc/istio/inject -o injected.yaml

  # Use istioctl-style settings files, reading the manifests from stdin
  kubectl get deploy web -o yaml | sidecar-injector kube-inject -f - \\
      --injectConfigFile inject-config.yaml --valuesFile values.json --meshConfigFile mesh.yaml

  # Native sidecars when every node runs kubelet 1.33 or newer
  sidecar-injector kube-inject -f app.yaml --kubelet-version v1.33.1 --kubelet-version v1.34.0"
    )]
    KubeInject(KubeInjectArgs),
    /// Explain, for each workload, whether the sidecar would be injected and why.
    #[command(
        name = "check-inject",
        after_help = "Examples:
  # Check the workloads of a manifest against a namespace labelled istio-injection=enabled
  sidecar-injector check-inject -f app.yaml --namespace-labels istio-injection=enabled

  # Revision-based injection, machine-readable
  sidecar-injector check-inject -f app.yaml -r canary --namespace-labels istio.io/rev=canary --output json"
    )]
    CheckInject(CheckInjectArgs),
    /// Show every stage of one injection: template context, rendered templates, merged pod and JSON patch.
    #[command(after_help = "Examples:
  # Everything about the first workload of a manifest
  sidecar-injector render -f app.yaml

  # Only the rendered templates and the patch of the third workload
  sidecar-injector render -f app.yaml --index 2 --show templates,patch")]
    Render(RenderArgs),
    /// Run the admission webhook server (istiod's sidecar injector).
    #[command(after_help = "Examples:
  # In a cluster: Istio's mounted ConfigMaps and a serving certificate
  sidecar-injector serve --config-dir /var/lib/istio/inject --meshConfigFile /etc/istio/config/mesh \\
      --tls-cert-file /etc/certs/tls.crt --tls-key-file /etc/certs/tls.key

  # Locally over plain HTTP with the repository's default settings
  sidecar-injector serve --insecure-http --port 15017 --injectConfigFile defaults/config.yaml \\
      --valuesFile defaults/values.json --meshConfigFile defaults/mesh.yaml")]
    Serve(ServeArgs),
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  sidecar-injector completions bash > /etc/bash_completion.d/sidecar-injector
  sidecar-injector completions zsh > \"${fpath[1]}/_sidecar-injector\"")]
    Completions(CompletionsArgs),
}

/// Where the injection settings come from, and the injector's process settings.
#[derive(Args, Debug, Clone, Default)]
pub struct SettingsArgs {
    /// Injector config file (`config` key of the istio-sidecar-injector ConfigMap), or a raw `sidecar` template.
    #[arg(long = "injectConfigFile", value_name = "FILE")]
    pub inject_config_file: Option<PathBuf>,
    /// Helm values file (`values` key of the istio-sidecar-injector ConfigMap).
    #[arg(long = "valuesFile", value_name = "FILE")]
    pub values_file: Option<PathBuf>,
    /// Mesh config file (`mesh` key of the istio ConfigMap).
    #[arg(long = "meshConfigFile", value_name = "FILE")]
    pub mesh_config_file: Option<PathBuf>,
    /// A mounted ConfigMap directory holding `config`, `values` and optionally `mesh`.
    #[arg(long = "config-dir", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Control plane revision (`default` means the default revision).
    #[arg(short = 'r', long, value_name = "REVISION", default_value = "")]
    pub revision: String,
    /// Process settings.
    #[command(flatten)]
    pub process: ProcessArgs,
}

/// The injector's process settings (istiod reads them from its environment) and the cluster's node versions.
#[derive(Args, Debug, Clone, Default)]
pub struct ProcessArgs {
    /// Native sidecars: auto (decided from --kubelet-version), enabled or disabled.
    #[arg(long, env = "ENABLE_NATIVE_SIDECARS", value_name = "MODE")]
    pub native_sidecars: Option<String>,
    /// Compliance policy exposed to templates as `.CompliancePolicy` (e.g. fips-140-3).
    #[arg(long, env = "COMPLIANCE_POLICY", value_name = "POLICY")]
    pub compliance_policy: Option<String>,
    /// Platform: kubernetes or openshift.
    #[arg(long, env = "PLATFORM", value_name = "PLATFORM")]
    pub platform: Option<String>,
    /// Kubelet version of a cluster node (repeatable); without it, `auto` means classic sidecars.
    #[arg(long = "kubelet-version", value_name = "VERSION")]
    pub kubelet_versions: Vec<String>,
}

/// `kube-inject` arguments.
#[derive(Args, Debug)]
pub struct KubeInjectArgs {
    /// Input manifests (`-` for stdin).
    #[arg(short = 'f', long = "filename", value_name = "FILE")]
    pub filename: PathBuf,
    /// Output file (default: stdout); written atomically.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Settings.
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// `check-inject` output formats.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// A human-readable table.
    #[default]
    Table,
    /// JSON.
    Json,
}

/// `check-inject` arguments.
#[derive(Args, Debug)]
pub struct CheckInjectArgs {
    /// Input manifests (`-` for stdin).
    #[arg(short = 'f', long = "filename", value_name = "FILE")]
    pub filename: PathBuf,
    /// Labels of the namespace the workloads are created in (`k=v,k2=v2`).
    #[arg(long = "namespace-labels", value_name = "K=V,...", default_value = "")]
    pub namespace_labels: String,
    /// Namespace assumed for workloads that name none.
    #[arg(
        short = 'n',
        long = "namespace",
        value_name = "NAMESPACE",
        default_value = "default"
    )]
    pub namespace: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Settings.
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// The sections `render` can print.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The template context (`.Values`, `.MeshConfig`, `.ProxyConfig`, ...).
    Context,
    /// The selected templates and each one's rendered output.
    Templates,
    /// The injected (merged and post-processed) pod.
    Merged,
    /// The RFC 6902 JSON patch.
    Patch,
}

/// `render` arguments.
#[derive(Args, Debug)]
pub struct RenderArgs {
    /// Input manifests (`-` for stdin).
    #[arg(short = 'f', long = "filename", value_name = "FILE")]
    pub filename: PathBuf,
    /// Which workload of the input (0-based, counting workloads only).
    #[arg(long, default_value_t = 0)]
    pub index: usize,
    /// Sections to print, in this order.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "SECTIONS",
        default_value = "context,templates,merged,patch"
    )]
    pub show: Vec<Section>,
    /// Settings.
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// `serve` arguments.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Webhook port (HTTPS unless --insecure-http).
    #[arg(long, default_value_t = 15017)]
    pub port: u16,
    /// Admin listener for /metrics, /healthz, /readyz and /debug/* (`off` to disable).
    #[arg(long = "admin-addr", value_name = "ADDR")]
    pub admin_addr: Option<String>,
    /// PEM certificate chain of the webhook (reloaded when it changes).
    #[arg(long = "tls-cert-file", value_name = "FILE")]
    pub tls_cert_file: Option<PathBuf>,
    /// PEM private key of the webhook (reloaded when it changes).
    #[arg(long = "tls-key-file", value_name = "FILE")]
    pub tls_key_file: Option<PathBuf>,
    /// Serve plain HTTP (local use only).
    #[arg(long = "insecure-http")]
    pub insecure_http: bool,
    /// Injector config file (default /var/lib/istio/inject/config).
    #[arg(long = "injectConfigFile", value_name = "FILE")]
    pub inject_config_file: Option<PathBuf>,
    /// Values file (default /var/lib/istio/inject/values).
    #[arg(long = "valuesFile", value_name = "FILE")]
    pub values_file: Option<PathBuf>,
    /// Mesh config file (default /etc/istio/config/mesh; defaults when absent).
    #[arg(long = "meshConfigFile", value_name = "FILE")]
    pub mesh_config_file: Option<PathBuf>,
    /// A mounted ConfigMap directory holding `config`, `values` and optionally `mesh`.
    #[arg(long = "config-dir", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Revision recorded in the status annotation.
    #[arg(short = 'r', long, env = "REVISION", default_value = "")]
    pub revision: String,
    /// Process settings.
    #[command(flatten)]
    pub process: ProcessArgs,
    /// Namespace objects (YAML) consulted on OpenShift for UID ranges (instead of watching them).
    #[arg(long = "namespaces-file", value_name = "FILE")]
    pub namespaces_file: Option<PathBuf>,
    /// Use the Kubernetes API: watch nodes (native sidecars `auto`, unless --kubelet-version is given), namespaces
    /// (OpenShift, unless --namespaces-file is given) and, when no config file is mounted, the
    /// istio-sidecar-injector ConfigMap. `auto`: when running in a cluster or given a kubeconfig.
    #[cfg(feature = "kube")]
    #[arg(long = "kube-api", default_value = "auto", value_parser = ["auto", "on", "off"])]
    pub kube_api: String,
    /// Kubeconfig for the Kubernetes API (default: in-cluster, or $KUBECONFIG).
    #[cfg(feature = "kube")]
    #[arg(long, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,
    /// Namespace of the istio-sidecar-injector ConfigMap.
    #[cfg(feature = "kube")]
    #[arg(
        long = "istio-namespace",
        env = "POD_NAMESPACE",
        default_value = "istio-system"
    )]
    pub istio_namespace: String,
    /// Upper bound of one admission request in seconds (the apiserver's ?timeout= lowers it).
    #[arg(long = "request-timeout", value_name = "SECONDS", default_value_t = 30)]
    pub request_timeout_seconds: u64,
    /// Most admission requests handled at once.
    #[arg(long = "max-concurrent-requests", default_value_t = 64)]
    pub max_concurrent_requests: usize,
    /// Run the engine on the async workers instead of the blocking pool (faster; a stuck call is not bounded).
    #[arg(long = "inline-engine")]
    pub inline_engine: bool,
    /// Keep template contexts and patches in /debug/requests (bypasses the patch cache).
    #[arg(long = "debug-payloads")]
    pub debug_payloads: bool,
    /// Memory for patches reused by identical admission requests (a ReplicaSet's pods), in KiB; 0 disables.
    #[arg(long = "patch-cache-kib", value_name = "KIB", default_value_t = webhook::config::DEFAULT_PATCH_CACHE_BYTES / 1024)]
    pub patch_cache_kib: usize,
    /// Log format: text or json.
    #[arg(long = "log-format", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,
    /// Log filter (RUST_LOG overrides).
    #[arg(long = "log-level", default_value = "info")]
    pub log_level: String,
}

/// `completions` arguments.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
