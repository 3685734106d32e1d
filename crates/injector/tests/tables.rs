//! Istio's table-driven unit tests of `pkg/kube/inject` (the corpus `tables/` folder), run against the engine.
//!
//! Each table file has a runner here, except the webhook-server tables (`run_and_serve`, `configmap_watcher`),
//! which belong to the webhook crate. `multiple_injection_templates` and `strategic_merge` run the whole webhook
//! path with no mesh config (an empty MeshConfig, Go's nil). Prints `istio tables: N passed, M failed`; any
//! failure fails the test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use injector::containers::find_sidecar;
use injector::inject::{admit_pod, proxy_image, ClusterFacts, Outcome, PodRequest};
use injector::mesh::{
    default_proxy_config, merge_proxy_config, proxy_config_to_json_for_env, MeshConfig, ProxyConfig,
};
use injector::native::{detect_native_sidecar, NativeSidecarMode, NodeInfo};
use injector::path_envs::parse_inject_envs;
use injector::pod::PodRef;
use injector::policy::{decide, InjectionPolicy, PolicyConfig, IGNORED_NAMESPACES};
use injector::postprocess::{cluster_env, probes, prometheus, status};
use injector::selector::LabelSelector;
use injector::settings::{InjectorConfig, ProcessSettings, Settings, ValuesConfig};
use injector::template::helpers;
use injector::validate;
use serde_json::{json, Value};
use support::{apply_patch, load_yaml, strip_status, typed_pod, Tally};

fn read(rel: &str) -> String {
    std::fs::read_to_string(support::corpus_dir().join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn cases(table: &Value) -> impl Iterator<Item = (String, &Value, &Value)> {
    table["cases"].as_array().into_iter().flatten().map(|c| {
        let name = match c.get("index") {
            Some(i) => format!("{}[{i}]", c["name"].as_str().unwrap_or("?")),
            None => c["name"].as_str().unwrap_or("?").to_string(),
        };
        (name, &c["input"], &c["expected"])
    })
}

fn selectors(v: &Value) -> Vec<LabelSelector> {
    serde_json::from_value(if v.is_null() { json!([]) } else { v.clone() }).expect("selector list")
}

fn inject_required(t: &mut Tally) {
    let table = load_yaml("tables/inject_required.yaml");
    for (name, input, expected) in cases(&table) {
        let cfg = &input["config"];
        let policy = InjectionPolicy::parse(cfg["policy"].as_str().unwrap_or(""));
        let never = selectors(&cfg["neverInjectSelector"]);
        let always = selectors(&cfg["alwaysInjectSelector"]);
        let pod = json!({"metadata": input["metadata"], "spec": input["pod_spec"]});
        let config = PolicyConfig {
            policy: &policy,
            never_inject_selector: &never,
            always_inject_selector: &always,
        };
        let got = decide(config, PodRef::new(&pod));
        let want = expected["inject_required"].as_bool();
        t.check(
            format!("inject_required/{name}"),
            Some(got.inject) == want,
            || format!("got {got:?}, want {want:?}"),
        );
    }
}

fn parse_envs(t: &mut Tally) {
    let table = load_yaml("tables/parse_inject_envs.yaml");
    for (name, input, expected) in cases(&table) {
        let got = parse_inject_envs(input["path"].as_str().unwrap_or(""));
        let got = serde_json::to_value(&got.envs).expect("envs to JSON");
        t.check(
            format!("parse_inject_envs/{name}"),
            got == expected["envs"],
            || format!("got {got}"),
        );
    }
}

fn native_sidecar(t: &mut Tally) {
    let table = load_yaml("tables/detect_native_sidecar.yaml");
    for (name, input, expected) in cases(&table) {
        let mode: NativeSidecarMode = input["native_sidecars"]
            .as_str()
            .unwrap_or("")
            .parse()
            .expect("mode");
        let nodes: Vec<NodeInfo> = input["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| NodeInfo {
                name: n["name"].as_str().unwrap_or("").into(),
                kubelet_version: n["kubeletVersion"].as_str().unwrap_or("").into(),
            })
            .collect();
        let got = detect_native_sidecar(
            mode,
            Some(&nodes),
            input["pod_node_name"].as_str().unwrap_or(""),
        );
        let want = expected["native_sidecar"].as_bool();
        t.check(
            format!("detect_native_sidecar/{name}"),
            Some(got) == want,
            || format!("got {got}"),
        );
    }
}

fn ignored_namespaces(t: &mut Tally) {
    let table = load_yaml("tables/ignored_namespaces.yaml");
    for (name, input, expected) in cases(&table) {
        let got = IGNORED_NAMESPACES.contains(&input["namespace"].as_str().unwrap_or(""));
        t.check(
            format!("ignored_namespaces/{name}"),
            Some(got) == expected["ignored"].as_bool(),
            || format!("got {got}"),
        );
    }
}

fn probe_tables(t: &mut Tally) {
    let table = load_yaml("tables/find_sidecar.yaml");
    for (name, input, expected) in cases(&table) {
        let got = find_sidecar(&input["pod"]).cloned().unwrap_or(Value::Null);
        t.check(
            format!("find_sidecar/{name}"),
            got == expected["container"],
            || format!("got {got}"),
        );
    }
    let table = load_yaml("tables/should_rewrite_app_http_probers.yaml");
    for (name, input, expected) in cases(&table) {
        let got = probes::should_rewrite(
            input["annotations"].as_object(),
            input["spec_setting"].as_bool().unwrap_or(false),
        );
        t.check(
            format!("should_rewrite_app_http_probers/{name}"),
            Some(got) == expected["rewrite"].as_bool(),
            || format!("got {got}"),
        );
    }
    let table = load_yaml("tables/dump_app_probers.yaml");
    for (name, input, expected) in cases(&table) {
        let got =
            probes::dump_app_probers(&input["pod"], input["status_port"].as_i64().unwrap_or(0));
        let got: Value = got.map_or(Value::Null, |s| {
            serde_json::from_str(&s).expect("valid JSON")
        });
        t.check(
            format!("dump_app_probers/{name}"),
            got == expected["json"],
            || format!("got {got}"),
        );
    }
    let table = load_yaml("tables/patch_rewrite_probe.yaml");
    for (name, input, expected) in cases(&table) {
        let mut pod = input["pod"].clone();
        if let Some(a) = input["annotations"].as_object().filter(|a| !a.is_empty()) {
            pod["metadata"] = json!({"annotations": a});
        }
        probes::patch_rewrite_probes(&mut pod, input["status_port"].as_i64().unwrap_or(0));
        if let Some(m) = pod.as_object_mut() {
            m.remove("metadata");
        }
        t.check(
            format!("patch_rewrite_probe/{name}"),
            pod == expected["pod"],
            || format!("got {pod}"),
        );
    }
    let table = load_yaml("tables/merge_or_append_probers.yaml");
    for (name, input, expected) in cases(&table) {
        let mut env = input["env"].as_array().cloned().unwrap_or_default();
        let previously = input["previously_injected"].as_bool().unwrap_or(false);
        probes::merge_or_append_probers(
            previously,
            &mut env,
            input["probers"].as_str().unwrap_or(""),
        );
        let got = Value::Array(env);
        t.check(
            format!("merge_or_append_probers/{name}"),
            got == expected["env"],
            || format!("got {got}"),
        );
    }
}

fn prometheus_tables(t: &mut Tally) {
    let table = load_yaml("tables/enable_prometheus_merge.yaml");
    for (name, input, expected) in cases(&table) {
        let mesh = input["mesh"]["enablePrometheusMerge"].as_bool();
        let got = prometheus::merge_enabled(mesh, input["annotations"].as_object());
        t.check(
            format!("enable_prometheus_merge/{name}"),
            Some(got) == expected["enabled"].as_bool(),
            || format!("got {got}"),
        );
    }
    let table = load_yaml("tables/prometheus_scrape_configuration.yaml");
    for (name, input, expected) in cases(&table) {
        let got = prometheus::scrape_config(
            input["pod_annotations"]
                .as_object()
                .unwrap_or(&Default::default()),
        );
        let targets: Vec<Value> = got
            .targets
            .iter()
            .map(|t| json!({"port": t.port, "path": t.path}))
            .collect();
        let want_targets = expected["targets"].as_array().cloned().unwrap_or_default();
        let ok = expected["port"] == got.port.as_str()
            && expected["path"] == got.path.as_str()
            && targets == want_targets;
        t.check(
            format!("prometheus_scrape_configuration/{name}"),
            ok,
            || format!("got {got:?}"),
        );
    }
    let table = load_yaml("tables/apply_prometheus_merge.yaml");
    for (name, input, expected) in cases(&table) {
        let mut pod = input["pod"].clone();
        let result = prometheus::apply_prometheus_merge(&mut pod, 15020, Some(true));
        let annotations = &pod["metadata"]["annotations"];
        let ok = match (&result, expected["error"].as_bool()) {
            (Err(e), Some(true)) => expected["error_contains"]
                .as_array()
                .into_iter()
                .flatten()
                .all(|s| e.contains(s.as_str().unwrap_or(""))),
            (Ok(()), Some(false)) => {
                let after_ok = expected["annotations_after"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .all(|(k, v)| &annotations[k] == v);
                let absent_ok = expected["annotations_absent"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .all(|k| annotations.get(k.as_str().unwrap_or("")).is_none());
                after_ok && absent_ok
            }
            _ => false,
        };
        t.check(format!("apply_prometheus_merge/{name}"), ok, || {
            format!("got {result:?}, annotations {annotations}")
        });
    }
    let table = load_yaml("tables/apply_secure_prometheus_annotation.yaml");
    for (name, input, expected) in cases(&table) {
        let mut pod = input["pod"].clone();
        prometheus::apply_secure_prometheus_annotation(&mut pod);
        let got = pod["metadata"]["annotations"]
            .get(prometheus::SECURE_PORT_ANNOTATION)
            .cloned()
            .unwrap_or(Value::Null);
        t.check(
            format!("apply_secure_prometheus_annotation/{name}"),
            got == expected["annotation_value"],
            || format!("got {got}"),
        );
    }
}

fn status_tables(t: &mut Tally) {
    let table = load_yaml("tables/parse_status.yaml");
    for (name, input, expected) in cases(&table) {
        let got = status::parse_status(input["status"].as_str().unwrap_or(""));
        let as_json = |names: Option<&Vec<String>>| {
            names.map_or(Value::Null, |n| {
                Value::Array(n.iter().map(|n| json!({"name": n})).collect())
            })
        };
        let ok = as_json(got.as_ref().map(|g| &g.containers)) == expected["containers"]
            && as_json(got.as_ref().map(|g| &g.init_containers)) == expected["initContainers"];
        t.check(format!("parse_status/{name}"), ok, || {
            format!("got {got:?}")
        });
    }
    let table = load_yaml("tables/update_cluster_envs.yaml");
    for (name, input, expected) in cases(&table) {
        let mut container = input["container"].clone();
        let envs = serde_json::from_value(input["new_kvs"].clone()).expect("string map");
        cluster_env::update_cluster_envs(&mut container, &envs);
        t.check(
            format!("update_cluster_envs/{name}"),
            container["env"] == expected["env"],
            || format!("got {container}"),
        );
    }
}

fn helper_tables(t: &mut Tally) {
    let table = load_yaml("tables/omit_nil.yaml");
    for (name, input, expected) in cases(&table) {
        let got = helpers::omit_nil(&input["value"]);
        t.check(format!("omit_nil/{name}"), got == expected["value"], || {
            format!("got {got}")
        });
    }
    let table = load_yaml("tables/skip_udp_ports.yaml");
    for (name, input, expected) in cases(&table) {
        let got = helpers::container_ports(&input["container"]);
        t.check(
            format!("skip_udp_ports/{name}"),
            json!(got) == expected["ports"],
            || format!("got {got:?}"),
        );
    }
    let table = load_yaml("tables/append_multus_network.yaml");
    for (name, input, expected) in cases(&table) {
        let network = input["network"].as_str().unwrap_or("");
        let got = helpers::append_multus_network(input["existing"].as_str().unwrap_or(""), network);
        let again = helpers::append_multus_network(&got, network);
        let idempotent = again == got;
        let ok = expected["value"] == got.as_str()
            && expected["idempotent"]
                .as_bool()
                .is_none_or(|w| w == idempotent);
        t.check(format!("append_multus_network/{name}"), ok, || {
            format!("got {got:?}, again {again:?}")
        });
    }
    let table = load_yaml("tables/otel_resource_attributes.yaml");
    for (name, input, expected) in cases(&table) {
        let containers: Vec<&Value> = input["containers"]
            .as_array()
            .into_iter()
            .flatten()
            .collect();
        let got = helpers::otel_resource_attributes(
            &input["mesh"],
            input["annotations"].as_object(),
            input["labels"].as_object(),
            input["namespace"].as_str().unwrap_or(""),
            &containers,
        );
        t.check(
            format!("otel_resource_attributes/{name}"),
            expected["value"] == got.as_str(),
            || format!("got {got:?}"),
        );
    }
}

fn validation_tables(t: &mut Tally) {
    let table = load_yaml("tables/validate_annotations.yaml");
    for (name, input, expected) in cases(&table) {
        let got = validate::validate_annotations(input["annotations"].as_object(), &[]);
        t.check(
            format!("validate_annotations/{name}"),
            Some(got.is_err()) == expected["error"].as_bool(),
            || format!("got {got:?}"),
        );
    }
    let table = load_yaml("tables/validate_resource_quantity.yaml");
    for (name, input, expected) in cases(&table) {
        let got = validate::resource_quantity(input["value"].as_str().unwrap_or(""));
        t.check(
            format!("validate_resource_quantity/{name}"),
            Some(got.is_err()) == expected["error"].as_bool(),
            || format!("got {got:?}"),
        );
    }
}

fn settings_from(
    config: &Value,
    values: &str,
    mesh: MeshConfig,
    env: Vec<(String, String)>,
) -> Settings {
    Settings::from_parts(
        InjectorConfig::from_json(config).expect("injector config"),
        ValuesConfig::parse(values).expect("values"),
        mesh,
        ProcessSettings::from_env(env).expect("process settings"),
    )
    .expect("settings")
}

fn admit(settings: &Settings, pod: &Value) -> Result<Value, String> {
    let req = PodRequest {
        object: pod,
        namespace: "",
        path: "",
    };
    match admit_pod(settings, &ClusterFacts::default(), &req) {
        Outcome::Injected(inj) => apply_patch(pod, &inj.patch()),
        Outcome::Skipped(d) => Err(format!("skipped: {d:?}")),
        Outcome::Failed(e) => Err(format!("failed: {e}")),
    }
}

/// `multiple_injection_templates.yaml` and `strategic_merge.yaml`: the webhook comparison of `cases.yaml`
/// (path B) with no mesh config at all (an empty MeshConfig, as Go's nil).
fn webhook_tables(t: &mut Tally) {
    for file in ["multiple_injection_templates", "strategic_merge"] {
        let table = load_yaml(&format!("tables/{file}.yaml"));
        let fixed = &table["fixed_inputs"];
        assert!(fixed["mesh"].is_null(), "{file}: mesh must be nil");
        let settings = settings_from(
            &fixed["injector_config"],
            fixed["values"].as_str().unwrap_or(""),
            MeshConfig::empty(),
            vec![],
        );
        for (name, input, expected) in cases(&table) {
            let pod = injector::yaml::from_str(input["pod_yaml"].as_str().unwrap()).unwrap();
            let want = injector::yaml::from_str(expected["pod_yaml"].as_str().unwrap()).unwrap();
            let result = admit(&settings, &pod).map(|got| {
                let (mut got, mut want) = (typed_pod(&got), typed_pod(&want));
                strip_status(&mut got);
                strip_status(&mut want);
                (got, want)
            });
            t.check(
                format!("{file}/{name}"),
                matches!(&result, Ok((g, w)) if g == w),
                || match &result {
                    Ok((g, w)) => format!("got {g}\nwant {w}"),
                    Err(e) => e.clone(),
                },
            );
        }
    }
}

/// Which pod list (`containers` / `initContainers`) holds a container called `name`.
fn lists_holding(pod: &Value, name: &str) -> Vec<&'static str> {
    ["containers", "initContainers"]
        .into_iter()
        .filter(|list| {
            pod["spec"][list]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| c["name"] == name)
        })
        .collect()
}

fn native_sidecar_annotation_override(t: &mut Tally) {
    let table = load_yaml("tables/native_sidecar_annotation_override.yaml");
    let fixed = &table["fixed_inputs"];
    let config = json!({
        "policy": "enabled",
        "defaultTemplates": fixed["default_templates"],
        "templates": {"sidecar": fixed["template_sidecar"]},
    });
    let values = read("settings/default/values");
    let mesh = injector::mesh::apply_mesh_config_defaults(&read("settings/default/mesh")).unwrap();
    for (name, input, expected) in cases(&table) {
        let native = input["native_sidecar"].as_bool().unwrap();
        let env = vec![("ENABLE_NATIVE_SIDECARS".to_string(), native.to_string())];
        let settings = settings_from(&config, &values, mesh.clone(), env);
        let result = admit(&settings, &input["pod"]);
        let want_in = expected["istio_proxy_in"].as_str().unwrap();
        let ok = matches!(&result, Ok(pod) if lists_holding(pod, "istio-proxy") == [want_in]);
        t.check(
            format!("native_sidecar_annotation_override/{name}"),
            ok,
            || format!("got {result:?}"),
        );
    }
}

fn proxy_image_table(t: &mut Tally) {
    let table = load_yaml("tables/proxy_image.yaml");
    for (name, input, expected) in cases(&table) {
        let values = ValuesConfig::parse(&input["values"].to_string()).expect("values");
        let image_type = input["proxy_config_image"]["imageType"]
            .as_str()
            .unwrap_or("");
        let got = proxy_image(&values, image_type, input["annotations"].as_object());
        t.check(
            format!("proxy_image/{name}"),
            expected["image"] == got.as_str(),
            || format!("got {got:?}"),
        );
    }
}

fn clean_proxy_config_table(t: &mut Tally) {
    let table = load_yaml("tables/clean_proxy_config.yaml");
    for (name, input, expected) in cases(&table) {
        let pc = ProxyConfig::from_json_strict(&input["proxy_config"]).expect("proxy config");
        let got = proxy_config_to_json_for_env(&pc);
        let round_trip = expected["round_trip_equal"].as_bool() != Some(true)
            || merge_proxy_config(&got, &default_proxy_config()).as_ref() == Ok(&pc);
        t.check(
            format!("clean_proxy_config/{name}"),
            expected["json"] == got.as_str() && round_trip,
            || format!("got {got:?}, round trip ok: {round_trip}"),
        );
    }
}

/// `new_webhook_config_parsing_*`: the initial settings load (values errors name the webhook config).
fn webhook_config_parsing(t: &mut Tally) {
    for file in [
        "new_webhook_config_parsing_error",
        "new_webhook_config_parsing_success",
    ] {
        let table = load_yaml(&format!("tables/{file}.yaml"));
        for (name, input, expected) in cases(&table) {
            let config = input["injector_config"].to_string();
            let values = input["values"].as_str().unwrap_or("");
            let mesh = (!input["mesh"].is_null()).then(|| input["mesh"].to_string());
            let got = Settings::load(&config, values, mesh.as_deref(), ProcessSettings::default());
            let ok = match (&got, expected["error"].as_bool()) {
                (Err(e), Some(true)) => expected["error_contains"]
                    .as_str()
                    .is_some_and(|s| e.to_string().contains(s)),
                (Ok(s), Some(false)) => {
                    expected["values_raw_kept_verbatim"].as_bool() != Some(true)
                        || s.values.raw() == values
                }
                _ => false,
            };
            t.check(format!("{file}/{name}"), ok, || format!("got {got:?}"));
        }
    }
}

#[test]
fn istio_tables() {
    let mut t = Tally::default();
    inject_required(&mut t);
    parse_envs(&mut t);
    native_sidecar(&mut t);
    ignored_namespaces(&mut t);
    probe_tables(&mut t);
    prometheus_tables(&mut t);
    status_tables(&mut t);
    helper_tables(&mut t);
    validation_tables(&mut t);
    webhook_tables(&mut t);
    native_sidecar_annotation_override(&mut t);
    proxy_image_table(&mut t);
    clean_proxy_config_table(&mut t);
    webhook_config_parsing(&mut t);
    for f in &t.failures {
        println!("FAIL {f}");
    }
    println!(
        "istio tables: {} passed, {} failed",
        t.passed,
        t.failures.len()
    );
    assert!(
        t.failures.is_empty(),
        "{} table cases failed",
        t.failures.len()
    );
}
