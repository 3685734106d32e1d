//! Round-trip expectations observed from Go (k8s.io/api v0.36.1 decoded with apimachinery's JSON serializer and
//! re-marshalled with encoding/json) on inputs written for these tests.

use serde_json::{json, Value};

use super::*;

fn norm(v: Value) -> Value {
    normalize_object(&v).unwrap().unwrap()
}

fn err(v: Value) -> NormalizeError {
    normalize_object(&v).unwrap_err()
}

#[test]
fn drops_unknown_and_empty_fields_and_adds_required_ones() {
    let got = norm(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "web", "creationTimestamp": null, "labels": {}, "annotations": {"a": "b"}, "bogus": 1},
        "spec": {
            "containers": [{"name": "app", "image": "nginx", "Name": "dropped", "args": [], "ports": [
                {"containerPort": 80, "protocol": "", "hostPort": 0}
            ]}],
            "volumes": [],
            "hostNetwork": false,
            "restartPolicy": "",
            "extra": {"x": 1}
        },
        "unknownTopLevel": true
    }));
    assert_eq!(
        got,
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web", "annotations": {"a": "b"}},
            "spec": {"containers": [{"name": "app", "image": "nginx", "ports": [{"containerPort": 80}], "resources": {}}]},
            "status": {}
        })
    );
}

#[test]
fn zero_workloads_match_go() {
    assert_eq!(
        norm(json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}})),
        json!({"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "x"}, "spec": {"selector": null,
            "template": {"metadata": {}, "spec": {"containers": null}}, "strategy": {}}, "status": {}})
    );
    assert_eq!(
        norm(json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "x"}})),
        json!({"kind": "CronJob", "apiVersion": "batch/v1", "metadata": {"name": "x"}, "spec": {"schedule": "",
            "jobTemplate": {"metadata": {}, "spec": {"template": {"metadata": {}, "spec": {"containers": null}}}}},
            "status": {}})
    );
    assert_eq!(
        norm(
            json!({"apiVersion": "apps.openshift.io/v1", "kind": "DeploymentConfig", "metadata": {"name": "x"}})
        ),
        json!({"kind": "DeploymentConfig", "apiVersion": "apps.openshift.io/v1", "metadata": {"name": "x"},
            "spec": {"strategy": {"resources": {}}, "triggers": null, "replicas": 0, "test": false},
            "status": {"latestVersion": 0, "observedGeneration": 0, "replicas": 0, "updatedReplicas": 0,
                "availableReplicas": 0, "unavailableReplicas": 0}})
    );
}

#[test]
fn nulls_become_zero_values() {
    let got = norm(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"labels": {"a": null, "b": "c"}},
        "spec": {
            "containers": [null, {"name": "b", "resources": {"requests": {"memory": null}}, "env": null}],
            "initContainers": null,
            "securityContext": null
        }
    }));
    assert_eq!(
        got,
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"labels": {"a": "", "b": "c"}},
            "spec": {"containers": [{"name": "", "resources": {}}, {"name": "b", "resources": {"requests": {"memory": "0"}}}]},
            "status": {}
        })
    );
}

#[test]
fn non_omitempty_slices_keep_empty_and_null() {
    let empty = norm(json!({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": []}}));
    assert_eq!(empty["spec"], json!({"containers": []}));
    let null = norm(json!({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": null}}));
    assert_eq!(null["spec"], json!({"containers": null}));
}

#[test]
fn quantities_int_or_string_and_times() {
    let got = norm(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"creationTimestamp": "2020-01-02T03:04:05.123+02:00"},
        "spec": {"containers": [{
            "name": "a",
            "resources": {"limits": {"cpu": "2000m", "memory": "1024Mi"}, "requests": {"cpu": 0.5, "memory": " 1.5Gi "}},
            "livenessProbe": {"httpGet": {"port": "http"}, "tcpSocket": {"port": 8080}},
            "readinessProbe": {"httpGet": {"port": null}}
        }]},
        "status": {"startTime": "0001-01-01T00:00:00Z", "conditions": [{"type": "Ready", "status": "True",
            "lastTransitionTime": "2021-06-01T00:00:00-07:00"}]}
    }));
    assert_eq!(
        got,
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"creationTimestamp": "2020-01-02T01:04:05Z"},
            "spec": {"containers": [{
                "name": "a",
                "resources": {"limits": {"cpu": "2", "memory": "1Gi"}, "requests": {"cpu": "500m", "memory": "1536Mi"}},
                "livenessProbe": {"httpGet": {"port": "http"}, "tcpSocket": {"port": 8080}},
                "readinessProbe": {"httpGet": {"port": 0}}
            }]},
            "status": {"startTime": null, "conditions": [{"type": "Ready", "status": "True", "lastProbeTime": null,
                "lastTransitionTime": "2021-06-01T07:00:00Z"}]}
        })
    );
}

#[test]
fn list_items_are_raw() {
    let got = norm(
        json!({"apiVersion": "v1", "kind": "List", "items": [{"a": 1, "kind": "Whatever"}, null]}),
    );
    assert_eq!(
        got,
        json!({"apiVersion": "v1", "kind": "List", "metadata": {}, "items": [{"a": 1, "kind": "Whatever"}, null]})
    );
}

#[test]
fn unknown_kinds_and_non_objects_are_not_handled() {
    assert_eq!(
        normalize_object(&json!({"apiVersion": "v1", "kind": "Service"})).unwrap(),
        None
    );
    assert_eq!(normalize_object(&json!([1])).unwrap(), None);
    // Kinds resolve whatever the apiVersion, as in kube-inject's scheme.
    assert!(
        normalize_object(&json!({"apiVersion": "v1", "kind": "DeploymentConfig"}))
            .unwrap()
            .is_some()
    );
}

#[test]
fn go_type_error_messages() {
    let port = |p: Value| json!({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a", "ports": [{"containerPort": p}]}]}});
    let prefix = "json: cannot unmarshal";
    let field =
        "into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32";
    assert_eq!(
        err(port(json!("80"))).message,
        format!("{prefix} string {field}")
    );
    assert_eq!(
        err(port(json!(1.5))).message,
        format!("{prefix} number 1.5 {field}")
    );
    assert_eq!(
        err(port(json!(3_000_000_000u64))).message,
        format!("{prefix} number 3000000000 {field}")
    );
    let e = err(port(json!(true)));
    assert_eq!(e.message, format!("{prefix} bool {field}"));
    assert_eq!(e.path, "spec.containers[0].ports[0].containerPort");

    let e = err(json!({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": "x"}}));
    assert_eq!(e.message, "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container");
    let e = err(json!({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": ["x"]}}));
    assert_eq!(e.message, "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container");
    let e = err(json!({"apiVersion": "v1", "kind": "Pod", "metadata": "x"}));
    assert_eq!(
        e.message,
        "json: cannot unmarshal string into Go struct field Pod.metadata of type v1.ObjectMeta"
    );
    let e = err(json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"labels": {"a": 1}}}));
    assert_eq!(e.message, "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");
    assert_eq!(e.path, "metadata.labels[\"a\"]");
    let e = err(
        json!({"apiVersion": "v1", "kind": "Pod", "spec": {"volumes": [{"name": "v", "emptyDir": {"medium": 3}}]}}),
    );
    assert_eq!(
        e.message,
        "json: cannot unmarshal number into Go struct field EmptyDirVolumeSource.spec.volumes.VolumeSource.emptyDir.medium of type v1.StorageMedium"
    );
}

#[test]
fn errors_from_custom_unmarshalers() {
    let probe = |p: Value| json!({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a", "livenessProbe": {"httpGet": {"port": p}}}]}});
    assert_eq!(
        err(probe(json!(true))).message,
        "json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.livenessProbe.ProbeHandler.httpGet.port of type int32"
    );
    let e = err(
        json!({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a", "resources": {"limits": {"cpu": "abc"}}}]}}),
    );
    assert_eq!(e.message, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    assert_eq!(e.path, "spec.containers[0].resources.limits[\"cpu\"]");
    let e = err(
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"creationTimestamp": "2020-02-30T00:00:00Z"}}),
    );
    assert_eq!(
        e.message,
        "parsing time \"2020-02-30T00:00:00Z\": day out of range"
    );
    let e = err(json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"creationTimestamp": 5}}));
    assert_eq!(e.message, "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string");
}

#[test]
fn aborting_errors_win_over_recorded_type_errors() {
    // `metadata.name` (a recorded mismatch) comes first, but the quantity error aborts decoding and is reported.
    let e = err(json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": 5},
        "spec": {"containers": [{"name": "a", "resources": {"limits": {"cpu": "x"}}}]}
    }));
    assert!(
        e.message.starts_with("quantities must match"),
        "{}",
        e.message
    );
    // Among recorded mismatches the first one is reported.
    let e =
        err(json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": 5, "namespace": 6}}));
    assert_eq!(e.message, "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string");
}

#[test]
fn typed_entry_points() {
    let container = schema::struct_by_name("corev1.Container").unwrap();
    assert_eq!(
        normalize_struct(&json!({"name": "x", "tty": false}), container).unwrap(),
        json!({"name": "x", "resources": {}})
    );
    assert_eq!(
        normalize_struct(&Value::Null, container).unwrap(),
        json!({"name": "", "resources": {}})
    );
    assert_eq!(
        normalize_struct(&json!([]), container).unwrap_err().message,
        "json: cannot unmarshal array into Go value of type v1.Container"
    );
    let limits = schema::struct_by_name("corev1.ResourceRequirements")
        .unwrap()
        .field("limits")
        .unwrap();
    assert_eq!(
        normalize(&json!({"cpu": "1000m"}), limits.ty).unwrap(),
        json!({"cpu": "1"})
    );
}

#[test]
fn normalization_is_idempotent() {
    let once = norm(json!({
        "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "s"},
        "spec": {"template": {"spec": {"containers": [{"name": "c", "resources": {"limits": {"memory": "0.5Gi"}}}]}},
            "updateStrategy": {"rollingUpdate": {"maxUnavailable": "50%"}}}
    }));
    assert_eq!(norm(once.clone()), once);
    assert_eq!(
        once["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"],
        json!("512Mi")
    );
}
