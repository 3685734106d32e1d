//! `sidecar-injector render`: every stage of one kube-inject injection (Istio's `RunTemplate` inputs and outputs,
//! the merged pod, and the `createPatch` JSON patch) for one workload of a manifest.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context, Result};
use injector::inject::{kube_inject_template_with, InjectOptions, Outcome};
use injector::settings::Settings;
use serde_json::Value;

use super::workloads::{workloads, Workload};
use crate::cli::{RenderArgs, Section};
use crate::io::{read_input, write_stdout};
use crate::settings::SettingsConfig;

/// A validated `render` invocation.
#[derive(Debug)]
pub struct RenderConfig {
    /// Input path (`-` = stdin).
    pub input: PathBuf,
    /// Which workload.
    pub index: usize,
    /// Sections to print, in the order given.
    pub show: Vec<Section>,
    /// Settings.
    pub settings: SettingsConfig,
}

impl RenderConfig {
    /// Validates the raw arguments.
    pub fn from_args(args: &RenderArgs) -> Result<Self> {
        Ok(RenderConfig {
            input: args.filename.clone(),
            index: args.index,
            show: args.show.clone(),
            settings: SettingsConfig::from_args(&args.settings)?,
        })
    }
}

/// Renders the requested sections for one workload.
pub fn render(settings: &Settings, cfg: &RenderConfig, w: &Workload) -> Result<String> {
    let options = InjectOptions {
        capture_context: cfg.show.contains(&Section::Context),
    };
    let injection = match kube_inject_template_with(
        settings,
        cfg.settings.nodes.as_deref(),
        &w.pod,
        w.identity().as_ref(),
        options,
    ) {
        Outcome::Injected(i) => i,
        Outcome::Skipped(d) => bail!("{} would not be injected: {}", w.display_name(), d.reason),
        Outcome::Failed(e) => {
            return Err(anyhow!(e)).with_context(|| format!("injecting {}", w.display_name()))
        }
    };
    let mut out = String::new();
    for section in &cfg.show {
        match section {
            Section::Context => {
                let ctx = injection.context.as_ref().unwrap_or(&Value::Null);
                out.push_str(
                    "# context: the template data (.Values, .MeshConfig, .ProxyConfig, ...)\n",
                );
                out.push_str(&injector::yaml::to_string(ctx));
            }
            Section::Templates => {
                for (name, text) in &injection.rendered {
                    let _ = writeln!(out, "# template {name:?}: rendered output");
                    out.push_str(text);
                    if !text.ends_with('\n') {
                        out.push('\n');
                    }
                }
            }
            Section::Merged => {
                out.push_str("# merged: the injected pod\n");
                out.push_str(&injector::yaml::to_string(&injection.pod));
            }
            Section::Patch => {
                out.push_str("# patch: RFC 6902 JSON patch against the original pod\n");
                let patch: Value = serde_json::from_slice(&injection.patch())?;
                out.push_str(&serde_json::to_string_pretty(&patch)?);
                out.push('\n');
            }
        }
        out.push_str("---\n");
    }
    Ok(out)
}

/// Runs `render`.
pub fn run(cfg: &RenderConfig) -> Result<()> {
    let settings = cfg.settings.load()?;
    let input = read_input(&cfg.input)?;
    let all = workloads(&input)?;
    let Some(w) = all.get(cfg.index) else {
        bail!(
            "{}: workload index {} out of range ({} workloads)",
            input.name,
            cfg.index,
            all.len()
        );
    };
    let text = render(&settings, cfg, w)
        .with_context(|| format!("{}: document {} (line {})", input.name, w.document, w.line))?;
    write_stdout(text.as_bytes())?;
    Ok(())
}
