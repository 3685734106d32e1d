//! Benchmarks of the two JSON stages of an injection on a large pod (an app container with 2,000 env vars)
//! receiving an istio-proxy sidecar: the strategic merge of the rendered template, and the JSON patch
//! between the original and the injected pod.
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use injector::merge::{merge_container, merge_pod};
use injector::patch::{create_patch, patch_to_json};
use serde_json::{json, Value};

fn big_pod(env_count: usize) -> Value {
    let env: Vec<Value> = (0..env_count)
        .map(|i| json!({"name": format!("VAR_{i}"), "value": format!("value-{i}")}))
        .collect();
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "app", "namespace": "default", "labels": {"app": "app", "version": "v1"},
            "annotations": {"kubectl.kubernetes.io/default-container": "app"}},
        "spec": {
            "containers": [{"name": "app", "image": "app:1", "env": env,
                "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
                "volumeMounts": [{"name": "data", "mountPath": "/data"}]}],
            "volumes": [{"name": "data", "emptyDir": {}}],
            "serviceAccountName": "app"
        }
    })
}

fn proxy_container() -> Value {
    let env: Vec<Value> = (0..25)
        .map(|i| json!({"name": format!("ISTIO_META_{i}"), "value": format!("v{i}")}))
        .collect();
    json!({"name": "istio-proxy", "image": "docker.io/istio/proxyv2:1.28.0",
        "args": ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local", "--proxyLogLevel=warning"],
        "env": env,
        "ports": [{"containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"}],
        "readinessProbe": {"httpGet": {"path": "/healthz/ready", "port": 15021}, "periodSeconds": 15},
        "resources": {"limits": {"cpu": "2", "memory": "1Gi"}, "requests": {"cpu": "100m", "memory": "128Mi"}},
        "securityContext": {"allowPrivilegeEscalation": false, "runAsUser": 1337, "runAsGroup": 1337,
            "capabilities": {"drop": ["ALL"]}, "readOnlyRootFilesystem": true, "runAsNonRoot": true},
        "volumeMounts": [{"name": "workload-socket", "mountPath": "/var/run/secrets/workload-spiffe-uds"},
            {"name": "istio-envoy", "mountPath": "/etc/istio/proxy"},
            {"name": "istio-data", "mountPath": "/var/lib/istio/data"},
            {"name": "istio-token", "mountPath": "/var/run/secrets/tokens"}]})
}

fn sidecar_template() -> Value {
    json!({
        "metadata": {
            "labels": {"security.istio.io/tlsMode": "istio", "service.istio.io/canonical-name": "app",
                "service.istio.io/canonical-revision": "v1"},
            "annotations": {"istio.io/rev": "default", "kubectl.kubernetes.io/default-container": "app",
                "sidecar.istio.io/status": "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"]}"}
        },
        "spec": {
            "initContainers": [{"name": "istio-init", "image": "docker.io/istio/proxyv2:1.28.0",
                "args": ["istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT"]}],
            "containers": [proxy_container()],
            "volumes": [{"name": "workload-socket", "emptyDir": {}}, {"name": "istio-envoy", "emptyDir": {"medium": "Memory"}},
                {"name": "istio-data", "emptyDir": {}},
                {"name": "istio-token", "projected": {"sources": [{"serviceAccountToken": {"audience": "istio-ca",
                    "expirationSeconds": 43200, "path": "istio-token"}}]}}]
        }
    })
}

fn benches(c: &mut Criterion) {
    let pod = big_pod(2000);
    let template = sidecar_template();
    let injected = merge_pod(pod.clone(), template.clone()).unwrap();

    c.bench_function("strategic_merge_pod_2000_env", |bench| {
        bench.iter_batched(
            || (pod.clone(), template.clone()),
            |(p, t)| black_box(merge_pod(p, t).unwrap()),
            criterion::BatchSize::LargeInput,
        )
    });
    let user_proxy = json!({"name": "istio-proxy", "image": "", "env": [{"name": "ISTIO_META_3", "value": "user"}],
        "resources": {"requests": {"cpu": "10m"}}});
    c.bench_function("strategic_merge_container", |bench| {
        bench.iter_batched(
            || (proxy_container(), user_proxy.clone()),
            |(p, u)| black_box(merge_container(p, u).unwrap()),
            criterion::BatchSize::LargeInput,
        )
    });
    c.bench_function("create_patch_2000_env", |bench| {
        bench.iter(|| black_box(create_patch(black_box(&pod), black_box(&injected)).len()))
    });
    let mut rewritten = injected.clone();
    rewritten["spec"]["containers"][1]["readinessProbe"]["httpGet"] =
        json!({"path": "/app-health/app/readyz", "port": 15020});
    c.bench_function("create_patch_2000_env_probe_rewrite", |bench| {
        bench.iter(|| black_box(create_patch(black_box(&pod), black_box(&rewritten)).len()))
    });
    c.bench_function("create_patch_and_serialize_2000_env", |bench| {
        bench.iter(|| {
            black_box(patch_to_json(&create_patch(
                black_box(&pod),
                black_box(&injected),
            )))
        })
    });
}

criterion_group!(patch_benches, benches);
criterion_main!(patch_benches);
