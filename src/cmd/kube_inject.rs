//! `sidecar-injector kube-inject`: istioctl's `kube-inject` without a cluster (Istio's `IntoResourceFile` over the
//! input stream, through [`injector::kube_inject::kube_inject_stream`]).

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use injector::kube_inject::kube_inject_stream;

use crate::cli::KubeInjectArgs;
use crate::io::{read_input, write_file_atomic, write_stdout};
use crate::settings::SettingsConfig;

/// A validated `kube-inject` invocation.
#[derive(Debug)]
pub struct KubeInjectConfig {
    /// Input path (`-` = stdin).
    pub input: PathBuf,
    /// Output path; stdout when `None`.
    pub output: Option<PathBuf>,
    /// Settings.
    pub settings: SettingsConfig,
}

impl KubeInjectConfig {
    /// Validates the raw arguments.
    pub fn from_args(args: &KubeInjectArgs) -> Result<Self> {
        Ok(KubeInjectConfig {
            input: args.filename.clone(),
            output: args.output.clone(),
            settings: SettingsConfig::from_args(&args.settings)?,
        })
    }
}

/// Runs `kube-inject`: nothing is written unless the whole stream was injected.
pub fn run(cfg: &KubeInjectConfig) -> Result<()> {
    let settings = cfg.settings.load()?;
    let input = read_input(&cfg.input)?;
    let out = kube_inject_stream(&settings, cfg.settings.nodes.as_deref(), &input.text)
        .map_err(|e| anyhow!("{}: {e}", input.name))?;
    match &cfg.output {
        Some(path) => write_file_atomic(path, out.yaml.as_bytes())?,
        None => write_stdout(out.yaml.as_bytes())?,
    }
    if !out.warnings.is_empty() {
        let mut text = String::from("\n");
        for w in &out.warnings {
            text.push_str(w);
            if !w.ends_with('\n') {
                text.push('\n');
            }
        }
        eprint!("{text}");
    }
    Ok(())
}
