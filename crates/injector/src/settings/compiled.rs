//! One complete, validated settings version: the injector config with its templates parsed, the values and the
//! mesh config. Built once per configuration change, shared by every request; never half-applied.

use std::collections::BTreeMap;
use std::sync::Arc;

use gotmpl::Templates;

use super::{InjectorConfig, ProcessSettings, ValuesConfig};
use crate::mesh::{self, MeshConfig, ProxyConfig, ProxyConfigBase, ProxyConfigSources};
use crate::template::funcs::injection_funcs;

/// The name Istio gives every injection template (it appears in template errors).
pub const TEMPLATE_NAME: &str = "inject";

/// Why a settings set was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// The injector config document is invalid.
    #[error("invalid injector config: {0}")]
    Config(#[from] super::ConfigError),
    /// The values are invalid.
    #[error("failed to process webhook config: {0}")]
    Values(#[from] super::ValuesError),
    /// The mesh config is invalid.
    #[error("invalid mesh config: {0}")]
    Mesh(#[from] mesh::MeshError),
    /// A template does not parse.
    #[error("failed to parse template {name:?}: {source}")]
    Template {
        /// The template's name in the config.
        name: String,
        /// The parse error (naming line and column).
        source: gotmpl::Error,
    },
}

/// A validated settings version.
pub struct Settings {
    /// The injector config document.
    pub config: InjectorConfig,
    /// The Helm values.
    pub values: ValuesConfig,
    /// The mesh config, defaults applied. Read-only: the cached ProxyConfig layers are derived from it.
    pub mesh: MeshConfig,
    /// Process-level settings.
    pub process: ProcessSettings,
    /// The workload-independent layers of the effective ProxyConfig, computed from `mesh` at construction.
    proxy_config_base: ProxyConfigBase,
    templates: BTreeMap<String, Arc<Templates>>,
    /// `(template, function)` for every nondeterministic function a template may call, sorted.
    nondeterministic_calls: Vec<(String, String)>,
    /// Every field name a template reads, sorted.
    template_fields: std::collections::BTreeSet<String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("templates", &self.templates.keys().collect::<Vec<_>>())
            .field("policy", &self.config.policy)
            .finish_non_exhaustive()
    }
}

impl Settings {
    /// Parses and validates a settings set: `config` and `values` texts of the injector ConfigMap, and the `mesh`
    /// text (MeshConfig YAML applied onto Istio's defaults; `None` for the defaults alone).
    pub fn load(
        config: &str,
        values: &str,
        mesh_text: Option<&str>,
        process: ProcessSettings,
    ) -> Result<Self, SettingsError> {
        let config = InjectorConfig::parse(config)?;
        let values = ValuesConfig::parse(values)?;
        let mesh = match mesh_text {
            Some(text) => mesh::apply_mesh_config_defaults(text)?,
            None => mesh::default_mesh_config(),
        };
        Self::from_parts(config, values, mesh, process)
    }

    /// Builds a settings set from already parsed parts, compiling every template.
    pub fn from_parts(
        config: InjectorConfig,
        values: ValuesConfig,
        mesh: MeshConfig,
        process: ProcessSettings,
    ) -> Result<Self, SettingsError> {
        let funcs = injection_funcs(process.env.clone());
        let mut templates = BTreeMap::new();
        for (name, text) in &config.templates {
            let mut t = Templates::with_funcs(&funcs);
            t.parse(TEMPLATE_NAME, text)
                .map_err(|source| SettingsError::Template {
                    name: name.clone(),
                    source,
                })?;
            templates.insert(name.clone(), Arc::new(t));
        }
        let nondeterministic_calls = templates
            .iter()
            .flat_map(|(name, t)| {
                t.nondeterministic_functions()
                    .into_iter()
                    .map(move |f| (name.clone(), f.to_owned()))
            })
            .collect();
        let template_fields = templates
            .values()
            .flat_map(|t| t.field_names().into_iter().map(str::to_owned))
            .collect();
        let proxy_config_base = ProxyConfigBase::new(&mesh);
        Ok(Settings {
            proxy_config_base,
            nondeterministic_calls,
            template_fields,
            config,
            values,
            mesh,
            process,
            templates,
        })
    }

    /// Istio's `EffectiveProxyConfig` under this settings' mesh config (workload-independent layers cached).
    pub fn effective_proxy_config(&self, sources: &ProxyConfigSources<'_>) -> ProxyConfig {
        self.proxy_config_base.effective(&self.mesh, sources)
    }

    /// The compiled template called `name`.
    pub fn template(&self, name: &str) -> Option<&Templates> {
        self.templates.get(name).map(Arc::as_ref)
    }

    /// Whether injecting equal inputs under these settings always gives an equal result: no template may call a
    /// function that reads the clock, a random source or the network. Only then may a caller reuse a result.
    pub fn is_deterministic(&self) -> bool {
        self.nondeterministic_calls.is_empty()
    }

    /// `(template, function)` for each nondeterministic function a template may call, sorted (empty when
    /// [`Self::is_deterministic`]).
    pub fn nondeterministic_calls(&self) -> &[(String, String)] {
        &self.nondeterministic_calls
    }

    /// Whether some template reads a field called `name` (e.g. `Volumes` through `.Spec.Volumes`). Values passed
    /// whole to a function are not followed.
    pub fn template_reads_field(&self, name: &str) -> bool {
        self.template_fields.contains(name)
    }

    /// The names of the compiled templates, sorted.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.templates.keys().map(String::as_str)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_the_templates_that_are_not_deterministic() {
        let load = |config: &str| Settings::load(config, "{}", None, ProcessSettings::default());
        let plain = load("templates:\n  sidecar: '{{ .Values | toJson }}'\n").unwrap();
        assert!(plain.is_deterministic());
        let stamped = load(
            "templates:\n  sidecar: 'x'\n  token: '{{ randAlphaNum 8 }}{{ now | date \"2006\" }}'\n",
        )
        .unwrap();
        assert!(!stamped.is_deterministic());
        let calls: Vec<_> = stamped
            .nondeterministic_calls()
            .iter()
            .map(|(t, f)| format!("{t}:{f}"))
            .collect();
        assert_eq!(calls, ["token:date", "token:now", "token:randAlphaNum"]);
    }

    #[test]
    fn knows_which_fields_templates_read() {
        let s = Settings::load(
            "templates:\n  a: '{{ range .Spec.Volumes }}{{ .Name }}{{ end }}'\n",
            "{}",
            None,
            ProcessSettings::default(),
        )
        .unwrap();
        assert!(s.template_reads_field("Volumes") && s.template_reads_field("Name"));
        assert!(!s.template_reads_field("VolumeMounts"));
    }
}
