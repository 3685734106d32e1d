//! Injection settings for the command line: where `config`, `values` and `mesh` come from (flags, a mounted
//! ConfigMap directory, or the embedded defaults), the injector's process settings (flags over environment), and
//! the node kubelet versions used by `auto` native-sidecar mode. The counterpart of istioctl's
//! `setUpExternalInjector`/`getInjectConfigFromConfigMap` for the offline, cluster-less case.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use injector::native::{NativeSidecarMode, NodeInfo};
use injector::settings::{InjectorConfig, ProcessSettings, Settings, ValuesConfig};
use serde_json::Value;

use crate::cli::{ProcessArgs, SettingsArgs};

/// The embedded injector config (our own compact `sidecar` template).
pub const DEFAULT_CONFIG: &str = include_str!("../defaults/config.yaml");
/// The embedded Helm values.
pub const DEFAULT_VALUES: &str = include_str!("../defaults/values.json");
/// The embedded mesh config.
pub const DEFAULT_MESH: &str = include_str!("../defaults/mesh.yaml");

/// One settings text and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct Source {
    /// The text.
    pub text: String,
    /// A file path, or `embedded default <name>`.
    pub origin: String,
}

impl Source {
    fn embedded(name: &str, text: &str) -> Self {
        Source {
            text: text.to_string(),
            origin: format!("embedded default {name}"),
        }
    }

    fn file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read settings file {}", path.display()))?;
        Ok(Source {
            text,
            origin: path.display().to_string(),
        })
    }
}

/// Validated settings arguments, ready to load.
#[derive(Debug, Clone)]
pub struct SettingsConfig {
    /// Injector config.
    pub config: Source,
    /// Helm values.
    pub values: Source,
    /// Mesh config; `None` means Istio's built-in defaults.
    pub mesh: Option<Source>,
    /// Process settings (native sidecars, compliance policy, platform, revision, template env).
    pub process: ProcessSettings,
    /// Node kubelet versions; `None` when no node information was given.
    pub nodes: Option<Vec<NodeInfo>>,
    /// The revision as given (`""` and `default` both mean the default revision).
    pub revision: String,
}

impl SettingsConfig {
    /// Validates the raw flags, reading every settings file.
    pub fn from_args(args: &SettingsArgs) -> Result<Self> {
        let dir_file = |name: &str| args.config_dir.as_ref().map(|d| d.join(name));
        if let Some(dir) = &args.config_dir {
            if !dir.is_dir() {
                bail!("--config-dir {}: not a directory", dir.display());
            }
        }
        let pick = |flag: &Option<PathBuf>, key: &str, default: &str| -> Result<Source> {
            match (flag, dir_file(key)) {
                (Some(path), _) => Source::file(path),
                (None, Some(path)) => Source::file(&path)
                    .with_context(|| format!("--config-dir must hold a `{key}` file")),
                (None, None) => Ok(Source::embedded(key, default)),
            }
        };
        let config = pick(&args.inject_config_file, "config", DEFAULT_CONFIG)?;
        let values = pick(&args.values_file, "values", DEFAULT_VALUES)?;
        let mesh = match (&args.mesh_config_file, dir_file("mesh")) {
            (Some(path), _) => Some(Source::file(path)?),
            (None, Some(path)) if path.exists() => Some(Source::file(&path)?),
            (None, Some(_)) => None,
            (None, None) => Some(Source::embedded("mesh", DEFAULT_MESH)),
        };

        let revision = args.revision.clone();
        let (process, nodes) = process_settings(&args.process, &revision)?;
        Ok(SettingsConfig {
            config,
            values,
            mesh,
            process,
            nodes,
            revision,
        })
    }

    /// Parses and compiles the settings.
    pub fn load(&self) -> Result<Settings> {
        let config = parse_config(&self.config)?;
        let values = ValuesConfig::parse(&self.values.text)
            .with_context(|| format!("invalid values in {}", self.values.origin))?;
        let mesh = match &self.mesh {
            Some(src) => injector::mesh::apply_mesh_config_defaults(&src.text)
                .with_context(|| format!("invalid mesh config in {}", src.origin))?,
            None => injector::mesh::default_mesh_config(),
        };
        Settings::from_parts(config, values, mesh, self.process.clone())
            .with_context(|| format!("invalid templates in {}", self.config.origin))
    }

    /// The revision the webhooks are installed for (`default` when none was given).
    pub fn webhook_revision(&self) -> &str {
        match self.revision.as_str() {
            "" => "default",
            r => r,
        }
    }
}

/// Validates the process flags: the injector's process settings (flags over the environment, which also feeds the
/// templates' `env`) and the node kubelet versions (`None` when none were given).
pub fn process_settings(
    args: &ProcessArgs,
    revision: &str,
) -> Result<(ProcessSettings, Option<Vec<NodeInfo>>)> {
    let native: NativeSidecarMode = match args.native_sidecars.as_deref() {
        None => NativeSidecarMode::Auto,
        Some(s) => s
            .parse()
            .map_err(|e: String| anyhow::anyhow!("--native-sidecars: {e}"))?,
    };
    let platform = match args.platform.as_deref().unwrap_or("") {
        "" | "kubernetes" => "",
        p if p.eq_ignore_ascii_case("openshift") => "openshift",
        other => bail!("--platform: invalid platform {other:?}: want kubernetes or openshift"),
    };
    for v in &args.kubelet_versions {
        if injector::native::kubelet_minor(v).is_none() {
            bail!("--kubelet-version {v:?}: not a Kubernetes version (want e.g. v1.33.1)");
        }
    }
    let mut env: BTreeMap<String, String> = std::env::vars().collect();
    env.insert("ENABLE_NATIVE_SIDECARS".into(), native.to_string());
    env.insert(
        "COMPLIANCE_POLICY".into(),
        args.compliance_policy.clone().unwrap_or_default(),
    );
    env.insert("PLATFORM".into(), platform.into());
    let revision = if revision.is_empty() {
        "default"
    } else {
        revision
    };
    env.insert("REVISION".into(), revision.into());
    let process = ProcessSettings::from_env(env).map_err(|e| anyhow::anyhow!(e))?;
    let nodes = (!args.kubelet_versions.is_empty()).then(|| {
        args.kubelet_versions
            .iter()
            .enumerate()
            .map(|(i, v)| NodeInfo {
                name: format!("node-{}", i + 1),
                kubelet_version: v.clone(),
            })
            .collect()
    });
    Ok((process, nodes))
}

/// istioctl's `--injectConfigFile` reading: a YAML document with non-empty `templates` is an injector config;
/// anything else is one raw template named `sidecar`.
fn parse_config(src: &Source) -> Result<InjectorConfig> {
    let doc = injector::yaml::from_str(&src.text).ok();
    let has_templates = doc
        .as_ref()
        .and_then(|d| d.get("templates"))
        .and_then(Value::as_object)
        .is_some_and(|t| !t.is_empty());
    if has_templates {
        return InjectorConfig::parse(&src.text)
            .with_context(|| format!("invalid injector config in {}", src.origin));
    }
    let mut config = InjectorConfig::parse("{}")
        .with_context(|| format!("invalid injector config in {}", src.origin))?;
    config
        .templates
        .insert("sidecar".to_string(), src.text.clone());
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_load() {
        let cfg = SettingsConfig::from_args(&SettingsArgs::default()).unwrap();
        let settings = cfg.load().unwrap();
        assert!(settings.template("sidecar").is_some());
        assert_eq!(cfg.webhook_revision(), "default");
        assert!(cfg.nodes.is_none());
    }

    #[test]
    fn raw_template_becomes_sidecar() {
        let src = Source {
            text: "spec:\n  containers: []\n".into(),
            origin: "t".into(),
        };
        let config = parse_config(&src).unwrap();
        assert_eq!(config.templates.len(), 1);
        assert!(config.templates.contains_key("sidecar"));
    }

    #[test]
    fn bad_native_mode_is_rejected() {
        let args = SettingsArgs {
            process: ProcessArgs {
                native_sidecars: Some("sometimes".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let err = SettingsConfig::from_args(&args).unwrap_err();
        assert!(format!("{err:#}").contains("--native-sidecars"));
    }

    #[test]
    fn bad_kubelet_version_is_rejected() {
        let args = SettingsArgs {
            process: ProcessArgs {
                kubelet_versions: vec!["banana".into()],
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(SettingsConfig::from_args(&args).is_err());
    }
}
