//! `sidecar-injector check-inject`: for each workload of a manifest, whether its pods would get a sidecar and why.
//!
//! Two stages, as in a cluster: the namespace and object selectors of the webhooks of Istio's default
//! MutatingWebhookConfiguration (chart `mutatingwebhook.yaml`, revision-aware), then the injector's own decision
//! (Istio's `injectRequired`, here [`injector::policy::decide`] with the settings' policy and selectors). Every
//! rule is listed in evaluation order with its outcome.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Result};
use injector::pod::PodRef;
use injector::policy::{decide, PolicyConfig, Reason, Source, IGNORED_NAMESPACES, SIDECAR_INJECT};
use injector::selector::{LabelSelector, LabelSelectorRequirement};
use injector::settings::Settings;
use serde_json::{json, Value};

use super::workloads::{workloads, Workload};
use crate::cli::{CheckInjectArgs, OutputFormat};
use crate::io::{read_input, write_stdout};
use crate::settings::SettingsConfig;

/// A validated `check-inject` invocation.
#[derive(Debug)]
pub struct CheckInjectConfig {
    /// Input path (`-` = stdin).
    pub input: PathBuf,
    /// Labels of the namespace.
    pub namespace_labels: BTreeMap<String, String>,
    /// Namespace for workloads naming none.
    pub namespace: String,
    /// Output format.
    pub output: OutputFormat,
    /// Settings.
    pub settings: SettingsConfig,
}

/// Parses `k=v,k2=v2` (an empty string is no labels).
pub fn parse_labels(text: &str) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = pair.split_once('=') else {
            bail!("--namespace-labels: {pair:?} is not key=value");
        };
        let k = k.trim();
        if k.is_empty() {
            bail!("--namespace-labels: {pair:?} has an empty key");
        }
        out.insert(k.to_string(), v.trim().to_string());
    }
    Ok(out)
}

impl CheckInjectConfig {
    /// Validates the raw arguments.
    pub fn from_args(args: &CheckInjectArgs) -> Result<Self> {
        Ok(CheckInjectConfig {
            input: args.filename.clone(),
            namespace_labels: parse_labels(&args.namespace_labels)?,
            namespace: args.namespace.clone(),
            output: args.output,
            settings: SettingsConfig::from_args(&args.settings)?,
        })
    }
}

/// One evaluated rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `webhook` or `injector`.
    pub stage: &'static str,
    /// What was evaluated.
    pub rule: String,
    /// `match`, `no match`, `inject`, `skip`, `no effect`, `not reached`, `invalid`.
    pub outcome: String,
    /// Why.
    pub detail: String,
}

/// The verdict for one workload.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// `Kind/[namespace/]name`.
    pub workload: String,
    /// The namespace the pods are created in.
    pub namespace: String,
    /// Whether the pods get a sidecar.
    pub injected: bool,
    /// The webhook that admits the pods, if any.
    pub webhook: Option<String>,
    /// The deciding reason.
    pub reason: String,
    /// Every rule, in order.
    pub rules: Vec<Rule>,
    /// Warnings (invalid inject values, several matching webhooks...).
    pub warnings: Vec<String>,
}

fn req(key: &str, op: &str, values: &[&str]) -> LabelSelectorRequirement {
    LabelSelectorRequirement {
        key: key.into(),
        operator: op.into(),
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

fn selector(reqs: Vec<LabelSelectorRequirement>) -> LabelSelector {
    LabelSelector {
        match_labels: BTreeMap::new(),
        match_expressions: reqs,
    }
}

/// One webhook of the MutatingWebhookConfiguration.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Webhook name.
    pub name: String,
    /// namespaceSelector.
    pub namespace_selector: LabelSelector,
    /// objectSelector.
    pub object_selector: LabelSelector,
}

/// The webhooks of Istio's default injector MutatingWebhookConfiguration for `revision` (`default` adds the two
/// legacy `istio-injection` / object-label webhooks).
pub fn default_webhooks(revision: &str) -> Vec<Webhook> {
    const INJECT: &str = SIDECAR_INJECT;
    let mut hooks = vec![
        Webhook {
            name: "rev.namespace.sidecar-injector.istio.io".into(),
            namespace_selector: selector(vec![
                req("istio.io/rev", "In", &[revision]),
                req("istio-injection", "DoesNotExist", &[]),
            ]),
            object_selector: selector(vec![req(INJECT, "NotIn", &["false"])]),
        },
        Webhook {
            name: "rev.object.sidecar-injector.istio.io".into(),
            namespace_selector: selector(vec![
                req("istio.io/rev", "DoesNotExist", &[]),
                req("istio-injection", "DoesNotExist", &[]),
            ]),
            object_selector: selector(vec![
                req(INJECT, "NotIn", &["false"]),
                req("istio.io/rev", "In", &[revision]),
            ]),
        },
    ];
    if revision == "default" {
        hooks.push(Webhook {
            name: "namespace.sidecar-injector.istio.io".into(),
            namespace_selector: selector(vec![req("istio-injection", "In", &["enabled"])]),
            object_selector: selector(vec![req(INJECT, "NotIn", &["false"])]),
        });
        hooks.push(Webhook {
            name: "object.sidecar-injector.istio.io".into(),
            namespace_selector: selector(vec![
                req("istio-injection", "DoesNotExist", &[]),
                req("istio.io/rev", "DoesNotExist", &[]),
            ]),
            object_selector: selector(vec![
                req(INJECT, "In", &["true"]),
                req("istio.io/rev", "DoesNotExist", &[]),
            ]),
        });
    }
    hooks
}

fn describe_req(r: &LabelSelectorRequirement) -> String {
    if r.values.is_empty() {
        format!("{} {}", r.key, r.operator)
    } else {
        format!("{} {} [{}]", r.key, r.operator, r.values.join(","))
    }
}

/// The requirements of `sel` the labels fail (`Err` for an invalid selector).
fn failing(sel: &LabelSelector, labels: &BTreeMap<String, String>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut one = |s: LabelSelector, text: String| -> Result<(), String> {
        let compiled = s.to_selector().map_err(|e| e.to_string())?;
        if !compiled.matches(|k| labels.get(k).map(String::as_str)) {
            out.push(text);
        }
        Ok(())
    };
    for (k, v) in &sel.match_labels {
        let mut s = LabelSelector::default();
        s.match_labels.insert(k.clone(), v.clone());
        one(s, format!("{k}={v}"))?;
    }
    for r in &sel.match_expressions {
        one(selector(vec![r.clone()]), describe_req(r))?;
    }
    Ok(out)
}

fn string_map(v: Option<&serde_json::Map<String, Value>>) -> BTreeMap<String, String> {
    v.into_iter()
        .flatten()
        .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
        .collect()
}

/// Evaluates the webhooks in order; returns the rules and the admitting webhooks.
fn webhook_stage(
    hooks: &[Webhook],
    ns_labels: &BTreeMap<String, String>,
    pod_labels: &BTreeMap<String, String>,
) -> (Vec<Rule>, Vec<String>) {
    let mut rules = Vec::new();
    let mut admitted = Vec::new();
    for hook in hooks {
        let ns = failing(&hook.namespace_selector, ns_labels);
        let obj = failing(&hook.object_selector, pod_labels);
        let (outcome, detail) = match (ns, obj) {
            (Err(e), _) | (_, Err(e)) => ("invalid".to_string(), e),
            (Ok(ns), Ok(obj)) if ns.is_empty() && obj.is_empty() => {
                admitted.push(hook.name.clone());
                (
                    "match".to_string(),
                    "namespace and object selectors match".to_string(),
                )
            }
            (Ok(ns), Ok(obj)) => {
                let mut parts = Vec::new();
                if !ns.is_empty() {
                    parts.push(format!("namespace fails {}", ns.join(", ")));
                }
                if !obj.is_empty() {
                    parts.push(format!("pod fails {}", obj.join(", ")));
                }
                ("no match".to_string(), parts.join("; "))
            }
        };
        rules.push(Rule {
            stage: "webhook",
            rule: hook.name.clone(),
            outcome,
            detail,
        });
    }
    (rules, admitted)
}

/// Which injector rule decided (index into the rule list built by [`injector_stage`]).
fn decisive_index(reason: &Reason, never: usize, always: usize) -> usize {
    match reason {
        Reason::HostNetwork => 0,
        Reason::IgnoredNamespace(_) => 1,
        Reason::Explicit {
            source: Source::Label,
            ..
        } => 2,
        Reason::Explicit {
            source: Source::Annotation,
            ..
        } => 3,
        Reason::NeverInjectSelector(i) => 4 + i,
        Reason::AlwaysInjectSelector(i) => 4 + never + i,
        Reason::PolicyDefault(_) | Reason::InvalidPolicy(_) => 4 + never + always,
    }
}

/// The injector's decision, every rule in `injectRequired` order.
fn injector_stage(settings: &Settings, pod: &Value) -> (Vec<Rule>, bool, String, Vec<String>) {
    let config = &settings.config;
    let policy = PolicyConfig {
        policy: &config.policy,
        never_inject_selector: &config.never_inject_selector,
        always_inject_selector: &config.always_inject_selector,
    };
    let view = PodRef::new(pod);
    let decision = decide(policy, view);
    let labels = string_map(view.labels());
    let mut observed: Vec<(String, String)> = vec![
        (
            "hostNetwork".into(),
            format!("hostNetwork={}", view.host_network()),
        ),
        (
            "ignored namespaces".into(),
            format!(
                "namespace {:?} {} one of {}",
                view.namespace(),
                if IGNORED_NAMESPACES.contains(&view.namespace()) {
                    "is"
                } else {
                    "is not"
                },
                IGNORED_NAMESPACES.join(", ")
            ),
        ),
        (
            format!("label {SIDECAR_INJECT}"),
            view.label(SIDECAR_INJECT)
                .map_or("absent".into(), |v| format!("{v:?}")),
        ),
        (
            format!("annotation {SIDECAR_INJECT}"),
            view.annotation(SIDECAR_INJECT)
                .map_or("absent".into(), |v| format!("{v:?}")),
        ),
    ];
    for (list, sels) in [
        ("neverInjectSelector", &config.never_inject_selector),
        ("alwaysInjectSelector", &config.always_inject_selector),
    ] {
        for (i, sel) in sels.iter().enumerate() {
            let detail = match failing(sel, &labels) {
                Ok(f) if f.is_empty() => "pod labels match".to_string(),
                Ok(f) => format!("pod fails {}", f.join(", ")),
                Err(e) => format!("invalid selector: {e}"),
            };
            observed.push((format!("{list}[{i}]"), detail));
        }
    }
    observed.push((
        "policy".into(),
        format!("policy {:?}", config.policy.to_string()),
    ));
    let decisive = decisive_index(
        &decision.reason,
        config.never_inject_selector.len(),
        config.always_inject_selector.len(),
    );
    let verdict = if decision.inject { "inject" } else { "skip" };
    let rules = observed
        .into_iter()
        .enumerate()
        .map(|(i, (rule, detail))| Rule {
            stage: "injector",
            rule,
            outcome: match i.cmp(&decisive) {
                std::cmp::Ordering::Less => "no effect".into(),
                std::cmp::Ordering::Equal => verdict.into(),
                std::cmp::Ordering::Greater => "not reached".into(),
            },
            detail,
        })
        .collect();
    let warnings = decision.warnings.iter().map(ToString::to_string).collect();
    (
        rules,
        decision.inject,
        decision.reason.to_string(),
        warnings,
    )
}

/// Checks one workload.
pub fn check(
    settings: &Settings,
    hooks: &[Webhook],
    ns_labels: &BTreeMap<String, String>,
    default_namespace: &str,
    w: &Workload,
) -> Verdict {
    let mut pod = w.pod.clone();
    let namespace = match w.deploy_meta.namespace.as_str() {
        "" => default_namespace.to_string(),
        ns => ns.to_string(),
    };
    // The API server sets the request namespace; the webhook copies it into the pod.
    injector::pod::ensure_object(
        injector::pod::ensure_object(&mut pod)
            .entry("metadata")
            .or_insert(Value::Null),
    )
    .insert("namespace".into(), Value::from(namespace.clone()));
    let mut ns_labels = ns_labels.clone();
    ns_labels
        .entry("kubernetes.io/metadata.name".into())
        .or_insert_with(|| namespace.clone());
    let pod_labels = string_map(PodRef::new(&pod).labels());
    let (mut rules, admitted) = webhook_stage(hooks, &ns_labels, &pod_labels);
    let mut warnings = Vec::new();
    if admitted.len() > 1 {
        warnings.push(format!(
            "multiple webhooks match ({}), which can lead to errors",
            admitted.join(", ")
        ));
    }
    let (injected, reason) = if admitted.is_empty() {
        rules.push(Rule {
            stage: "injector",
            rule: "injector".into(),
            outcome: "not reached".into(),
            detail: "no webhook sends the pod to the injector".into(),
        });
        (
            false,
            "no injection webhook matches the namespace and pod labels".to_string(),
        )
    } else {
        let (r, inject, reason, w) = injector_stage(settings, &pod);
        rules.extend(r);
        warnings.extend(w);
        (inject, reason)
    };
    Verdict {
        workload: w.display_name(),
        namespace,
        injected,
        webhook: admitted.first().cloned(),
        reason,
        rules,
        warnings,
    }
}

/// Renders verdicts as a table.
pub fn table(verdicts: &[Verdict]) -> String {
    let mut out = String::new();
    for (n, v) in verdicts.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let via = v
            .webhook
            .as_deref()
            .map(|h| format!(" via {h}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} (namespace {}): {}{via}: {}",
            v.workload,
            v.namespace,
            if v.injected {
                "INJECTED"
            } else {
                "NOT INJECTED"
            },
            v.reason
        );
        let headers = ["#", "STAGE", "RULE", "OUTCOME", "DETAIL"];
        let rows: Vec<[String; 5]> = v
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                [
                    (i + 1).to_string(),
                    r.stage.to_string(),
                    r.rule.clone(),
                    r.outcome.clone(),
                    r.detail.clone(),
                ]
            })
            .collect();
        let mut widths = headers.map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut line = |cells: [&str; 5]| {
            let mut l = String::from("  ");
            for (i, cell) in cells.iter().enumerate() {
                if i == cells.len() - 1 {
                    l.push_str(cell);
                } else {
                    let _ = write!(l, "{cell:<w$}  ", w = widths[i]);
                }
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        line(headers);
        for row in &rows {
            line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
        }
        for w in &v.warnings {
            let _ = writeln!(out, "  warning: {w}");
        }
    }
    out
}

/// Renders verdicts as JSON.
pub fn to_json(verdicts: &[Verdict]) -> Value {
    Value::Array(
        verdicts
            .iter()
            .map(|v| {
                json!({
                    "workload": v.workload,
                    "namespace": v.namespace,
                    "injected": v.injected,
                    "webhook": v.webhook,
                    "reason": v.reason,
                    "rules": v.rules.iter().map(|r| json!({
                        "stage": r.stage,
                        "rule": r.rule,
                        "outcome": r.outcome,
                        "detail": r.detail,
                    })).collect::<Vec<_>>(),
                    "warnings": v.warnings,
                })
            })
            .collect(),
    )
}

/// Runs `check-inject`.
pub fn run(cfg: &CheckInjectConfig) -> Result<()> {
    let settings = cfg.settings.load()?;
    let input = read_input(&cfg.input)?;
    let hooks = default_webhooks(cfg.settings.webhook_revision());
    let verdicts: Vec<Verdict> = workloads(&input)?
        .iter()
        .map(|w| check(&settings, &hooks, &cfg.namespace_labels, &cfg.namespace, w))
        .collect();
    let text = match cfg.output {
        OutputFormat::Table if verdicts.is_empty() => format!("{}: no workloads\n", input.name),
        OutputFormat::Table => table(&verdicts),
        OutputFormat::Json => {
            let mut s = serde_json::to_string_pretty(&to_json(&verdicts))?;
            s.push('\n');
            s
        }
    };
    write_stdout(text.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::SettingsArgs;

    fn settings() -> Settings {
        SettingsConfig::from_args(&SettingsArgs::default())
            .unwrap()
            .load()
            .unwrap()
    }

    fn workload(labels: Value) -> Workload {
        let input = crate::io::Input {
            name: "t".into(),
            text: format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      labels: {labels}\n    spec:\n      containers:\n      - name: c\n        image: i\n"
            ),
        };
        workloads(&input).unwrap().remove(0)
    }

    #[test]
    fn labels_parse() {
        let l = parse_labels("a=b, c=").unwrap();
        assert_eq!(l["a"], "b");
        assert_eq!(l["c"], "");
        assert!(parse_labels("nope").is_err());
    }

    #[test]
    fn namespace_label_injects_via_legacy_webhook() {
        let s = settings();
        let hooks = default_webhooks("default");
        let ns = parse_labels("istio-injection=enabled").unwrap();
        let v = check(&s, &hooks, &ns, "default", &workload(json!({"app": "d"})));
        assert!(v.injected, "{v:?}");
        assert_eq!(
            v.webhook.as_deref(),
            Some("namespace.sidecar-injector.istio.io")
        );
        assert_eq!(
            v.rules.len(),
            4 + 4
                + s.config.never_inject_selector.len()
                + s.config.always_inject_selector.len()
                + 1
        );
    }

    #[test]
    fn opt_out_label_blocks_every_webhook() {
        let s = settings();
        let hooks = default_webhooks("default");
        let ns = parse_labels("istio-injection=enabled").unwrap();
        let v = check(
            &s,
            &hooks,
            &ns,
            "default",
            &workload(json!({"sidecar.istio.io/inject": "false"})),
        );
        assert!(!v.injected);
        assert!(v.webhook.is_none());
    }

    #[test]
    fn revision_label_selects_revision_webhook() {
        let s = settings();
        let hooks = default_webhooks("canary");
        assert_eq!(hooks.len(), 2);
        let ns = parse_labels("istio.io/rev=canary").unwrap();
        let v = check(&s, &hooks, &ns, "default", &workload(json!({"app": "d"})));
        assert!(v.injected);
        assert_eq!(
            v.webhook.as_deref(),
            Some("rev.namespace.sidecar-injector.istio.io")
        );
        let none = check(
            &s,
            &hooks,
            &BTreeMap::new(),
            "default",
            &workload(json!({"app": "d"})),
        );
        assert!(!none.injected);
    }

    #[test]
    fn ignored_namespace_is_decided_by_injector() {
        let s = settings();
        let hooks = default_webhooks("default");
        let ns = parse_labels("istio-injection=enabled").unwrap();
        let v = check(&s, &hooks, &ns, "kube-system", &workload(json!({})));
        assert!(!v.injected);
        let decisive: Vec<_> = v.rules.iter().filter(|r| r.outcome == "skip").collect();
        assert_eq!(decisive.len(), 1);
        assert_eq!(decisive[0].rule, "ignored namespaces");
        assert!(!table(&[v]).is_empty());
    }
}
