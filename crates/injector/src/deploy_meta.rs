//! The workload a pod belongs to, derived from its owner references and generated name: Istio's
//! `GetDeployMetaFromPod`. Templates use it for `ISTIO_META_WORKLOAD_NAME`, `ISTIO_META_OWNER` and canonical labels.

use serde_json::Value;

use crate::pod::PodRef;

/// The workload's name and namespace (Go's `types.NamespacedName` in `.DeploymentMeta`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployMeta {
    /// The workload name.
    pub name: String,
    /// The pod's namespace.
    pub namespace: String,
}

/// The workload's kind and API version (`.TypeMeta`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeMeta {
    /// e.g. `Deployment`.
    pub kind: String,
    /// e.g. `apps/v1`.
    pub api_version: String,
}

/// Derives the workload of `pod`.
///
/// Only pods with a `generateName` and a controller owner reference get owner-based metadata; a ReplicaSet named
/// `<name>-<pod-template-hash>` becomes Deployment `<name>` (Argo Rollouts likewise), a ReplicationController with a
/// `deploymentconfig` label becomes that DeploymentConfig, and a Job named `<name>-<8 to 10 digits>` becomes CronJob
/// `<name>`. Otherwise the pod itself is the workload.
pub fn deploy_meta_from_pod(pod: PodRef<'_>) -> (DeployMeta, TypeMeta) {
    let mut meta = DeployMeta {
        name: pod.name().to_string(),
        namespace: pod.namespace().to_string(),
    };
    let mut ty = TypeMeta {
        kind: "Pod".into(),
        api_version: "v1".into(),
    };

    let controller = pod.owner_references().iter().find(|r| {
        r.get("controller")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    });
    if let (false, Some(owner)) = (pod.generate_name().is_empty(), controller) {
        let field = |k: &str| {
            owner
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        ty = TypeMeta {
            kind: field("kind"),
            api_version: field("apiVersion"),
        };
        let owner_name = field("name");
        meta.name = owner_name.clone();
        let label = |k: &str| pod.label(k).unwrap_or("");
        let hash = label("pod-template-hash");
        let rollout_hash = label("rollouts-pod-template-hash");
        if ty.kind == "ReplicaSet" && !hash.is_empty() && owner_name.ends_with(hash) {
            meta.name = trim_suffix(&owner_name, &format!("-{hash}"));
            ty.kind = "Deployment".into();
        } else if ty.kind == "ReplicaSet"
            && !rollout_hash.is_empty()
            && owner_name.ends_with(rollout_hash)
        {
            meta.name = trim_suffix(&owner_name, &format!("-{rollout_hash}"));
            ty.kind = "Rollout".into();
            ty.api_version = "v1alpha1".into();
        } else if ty.kind == "ReplicationController" && !label("deploymentconfig").is_empty() {
            meta.name = label("deploymentconfig").to_string();
            ty.kind = "DeploymentConfig".into();
        } else if ty.kind == "Job" {
            if let Some(cron) = cronjob_name(&owner_name) {
                meta.name = cron.to_string();
                ty.kind = "CronJob".into();
                ty.api_version = "batch/v1".into();
            }
        }
    }
    if meta.name.is_empty() {
        meta.name = pod.name().to_string();
    }
    (meta, ty)
}

fn trim_suffix(s: &str, suffix: &str) -> String {
    s.strip_suffix(suffix).unwrap_or(s).to_string()
}

/// `(.+)-\d{8,10}$`: the CronJob behind a Job named with a scheduled-time suffix.
fn cronjob_name(job: &str) -> Option<&str> {
    let (prefix, digits) = job.rsplit_once('-')?;
    let digits_ok = (8..=10).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    (digits_ok && !prefix.is_empty()).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn owned(kind: &str, api: &str, name: &str, labels: Value) -> Value {
        json!({"metadata": {"generateName": "x-", "namespace": "ns", "labels": labels,
            "ownerReferences": [{"apiVersion": api, "kind": kind, "name": name, "controller": true}]}})
    }

    #[test]
    fn deployment_from_replicaset_hash() {
        let pod = owned(
            "ReplicaSet",
            "apps/v1",
            "hello-fake",
            json!({"pod-template-hash": "fake"}),
        );
        let (m, t) = deploy_meta_from_pod(PodRef::new(&pod));
        assert_eq!((m.name.as_str(), m.namespace.as_str()), ("hello", "ns"));
        assert_eq!(
            (t.kind.as_str(), t.api_version.as_str()),
            ("Deployment", "apps/v1")
        );
    }

    #[test]
    fn cronjob_from_job_suffix() {
        let pod = owned("Job", "batch/v1", "backup-28000000", json!({}));
        let (m, t) = deploy_meta_from_pod(PodRef::new(&pod));
        assert_eq!(
            (m.name.as_str(), t.kind.as_str(), t.api_version.as_str()),
            ("backup", "CronJob", "batch/v1")
        );
        assert_eq!(cronjob_name("j-1234567"), None);
        assert_eq!(cronjob_name("j-12345678901"), None);
    }

    #[test]
    fn deploymentconfig_and_plain_pods() {
        let pod = owned(
            "ReplicationController",
            "v1",
            "dc-1",
            json!({"deploymentconfig": "dc"}),
        );
        let (m, t) = deploy_meta_from_pod(PodRef::new(&pod));
        assert_eq!(
            (m.name.as_str(), t.kind.as_str()),
            ("dc", "DeploymentConfig")
        );
        let plain = json!({"metadata": {"name": "p"}});
        let (m, t) = deploy_meta_from_pod(PodRef::new(&plain));
        assert_eq!(
            (m.name.as_str(), t.kind.as_str(), t.api_version.as_str()),
            ("p", "Pod", "v1")
        );
    }
}
