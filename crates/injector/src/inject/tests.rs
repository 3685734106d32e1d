//! Re-injection of an injected pod through [`admit_pod`] with small templates.

#![allow(clippy::unwrap_used)]

use serde_json::{json, Value};

use super::{admit_pod, ClusterFacts, Injection, Outcome, PodRequest};
use crate::native::NativeSidecarMode;
use crate::patch::create_patch;
use crate::settings::{Platform, ProcessSettings, Settings};

fn settings(config: &str, process: ProcessSettings) -> Settings {
    Settings::load(config, "{}", None, process).unwrap()
}

fn inject(settings: &Settings, pod: &Value) -> Injection {
    let req = PodRequest {
        object: pod,
        namespace: "ns",
        path: "",
    };
    match admit_pod(settings, &ClusterFacts::default(), &req) {
        Outcome::Injected(i) => *i,
        other => panic!("not injected: {other:?}"),
    }
}

fn apply(pod: &Value, patch: &[u8]) -> Value {
    let patch: json_patch::Patch = serde_json::from_slice(patch).unwrap();
    let mut pod = pod.clone();
    json_patch::patch(&mut pod, &patch).unwrap();
    pod
}

fn app_pod(annotations: Value) -> Value {
    json!({"metadata": {"name": "p", "namespace": "ns", "annotations": annotations},
        "spec": {"containers": [{"name": "app", "image": "app"}]}})
}

#[test]
fn openshift_reinjection_leaves_out_readding_the_reset_proxy_user() {
    let config = "policy: enabled\ntemplates:\n  sidecar: |\n    spec:\n      containers:\n      - name: istio-proxy\n        image: proxy\n        securityContext:\n          runAsUser: 0\n          runAsGroup: 1337\n";
    let s = settings(
        config,
        ProcessSettings {
            platform: Platform::OpenShift,
            ..Default::default()
        },
    );
    let pod = app_pod(json!({}));
    let first = inject(&s, &pod);
    assert!(first.received.is_none());
    let injected = apply(&pod, &first.patch());
    // Go omits an empty `labels` map, so the patch does not add one.
    assert!(injected["metadata"].get("labels").is_none());

    // The proxy's UID (0) equals the app's (unset), so Istio clears it before taking the patch base.
    let second = inject(&s, &injected);
    let received = second.received.as_ref().unwrap();
    assert_eq!(
        received.pointer("/spec/containers/1/securityContext/runAsGroup"),
        Some(&json!(1337))
    );
    let full = create_patch(&second.original, &second.pod);
    assert!(full.iter().any(|op| op.path().contains("/securityContext")));
    let full = crate::patch::patch_to_json(&full).unwrap();
    assert_eq!(apply(&injected, &full), injected);
    assert_eq!(second.patch(), b"[]");
}

#[test]
fn reinjecting_a_proxy_fragment_from_another_template_keeps_both_proxies() {
    let config = r#"policy: enabled
templates:
  sidecar: |
    spec:
      initContainers:
      - name: istio-proxy
        image: proxy
        restartPolicy: Always
        volumeMounts:
        - name: a
          mountPath: /a
        - name: b
          mountPath: /b
  spire: |
    spec:
      containers:
      - name: istio-proxy
        volumeMounts:
        - name: b
          mountPath: /b
          readOnly: true
"#;
    let s = settings(
        config,
        ProcessSettings {
            native_sidecars: NativeSidecarMode::Enabled,
            ..Default::default()
        },
    );
    let pod = app_pod(json!({"inject.istio.io/templates": "sidecar,spire"}));
    let injected = apply(&pod, &inject(&s, &pod).patch());
    let names = |key: &str| -> Vec<String> {
        injected["spec"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("containers"), ["app", "istio-proxy"]);
    assert_eq!(names("initContainers"), ["istio-proxy"]);
    assert_eq!(injected["spec"]["initContainers"][0]["image"], "proxy");

    let again = inject(&s, &injected);
    assert_eq!(String::from_utf8(again.patch()).unwrap(), "[]");
}

#[test]
fn template_context_is_captured_only_on_request() {
    let config = "policy: enabled\ntemplates:\n  sidecar: |\n    metadata:\n      labels:\n        workload: {{ .DeploymentMeta.Name }}\n";
    let s = Settings::load(
        config,
        r#"{"global": {"hub": "example.io"}}"#,
        None,
        ProcessSettings::default(),
    )
    .unwrap();
    let pod = app_pod(json!({}));
    assert!(inject(&s, &pod).context.is_none());
    let req = PodRequest {
        object: &pod,
        namespace: "ns",
        path: "",
    };
    let options = super::InjectOptions {
        capture_context: true,
    };
    let Outcome::Injected(i) = super::admit_pod_with(&s, &ClusterFacts::default(), &req, options)
    else {
        panic!("not injected");
    };
    let ctx = i.context.unwrap();
    assert_eq!(
        ctx["DeploymentMeta"],
        json!({"Name": "p", "Namespace": "ns"})
    );
    assert_eq!(ctx["Values"]["global"]["hub"], "example.io");
    assert_eq!(ctx["Spec"]["containers"][0]["name"], "app");
    assert_eq!(ctx["NativeSidecars"], false);
    assert!(ctx["ProxyConfig"].is_object() && ctx["MeshConfig"].is_object());
    assert_eq!(i.pod["metadata"]["labels"]["workload"], "p");
}

#[test]
fn a_mistyped_overlay_is_reported_as_istio_reports_it() {
    let config = "policy: enabled\ntemplates:\n  sidecar: |\n    spec:\n      containers:\n      - name: istio-proxy\n        ports:\n        - containerPort: not-a-number\n";
    let s = settings(config, ProcessSettings::default());
    let pod = app_pod(json!({}));
    let req = PodRequest {
        object: &pod,
        namespace: "ns",
        path: "",
    };
    match admit_pod(&s, &ClusterFacts::default(), &req) {
        Outcome::Failed(e) => {
            let text = e.to_string();
            assert!(text.contains("failed applying injection overlay"), "{text}");
            assert!(text.contains("containerPort"), "{text}");
        }
        other => panic!("expected a failure: {other:?}"),
    }
}
