//! Generated patch metadata: every JSON field (embedded structs flattened, as encoding/json sees them) of
//! every Go type reachable from `k8s.io/api` v0.36.1 `core/v1.Pod`, with its `patchStrategy` and
//! `patchMergeKey` struct tags, whether it is a pointer, and its type. Produced by a Go program walking
//! `corev1.Pod` with `reflect`; edit only by regenerating.

use super::{field, TypeMeta};

/// Go `v1.Affinity`.
pub(super) static AFFINITY: TypeMeta = TypeMeta::Struct {
    name: "Affinity",
    fields: &[
        field("nodeAffinity", "", "", true, &NODE_AFFINITY),
        field("podAffinity", "", "", true, &POD_AFFINITY),
        field("podAntiAffinity", "", "", true, &POD_ANTI_AFFINITY),
    ],
};
/// Go `v1.AppArmorProfile`.
pub(super) static APP_ARMOR_PROFILE: TypeMeta = TypeMeta::Struct {
    name: "AppArmorProfile",
    fields: &[
        field("type", "", "", false, &PRIM_STRING),
        field("localhostProfile", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.AWSElasticBlockStoreVolumeSource`.
pub(super) static AWS_ELASTIC_BLOCK_STORE_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "AWSElasticBlockStoreVolumeSource",
    fields: &[
        field("volumeID", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
        field("partition", "", "", false, &PRIM_INT32),
        field("readOnly", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.AzureDiskVolumeSource`.
pub(super) static AZURE_DISK_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "AzureDiskVolumeSource",
    fields: &[
        field("diskName", "", "", false, &PRIM_STRING),
        field("diskURI", "", "", false, &PRIM_STRING),
        field("cachingMode", "", "", true, &PRIM_STRING),
        field("fsType", "", "", true, &PRIM_STRING),
        field("readOnly", "", "", true, &PRIM_BOOL),
        field("kind", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.AzureFileVolumeSource`.
pub(super) static AZURE_FILE_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "AzureFileVolumeSource",
    fields: &[
        field("secretName", "", "", false, &PRIM_STRING),
        field("shareName", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.Capabilities`.
pub(super) static CAPABILITIES: TypeMeta = TypeMeta::Struct {
    name: "Capabilities",
    fields: &[
        field("add", "", "", false, &SLICE_OF_PRIM_STRING),
        field("drop", "", "", false, &SLICE_OF_PRIM_STRING),
    ],
};
/// Go `v1.CephFSVolumeSource`.
pub(super) static CEPH_FS_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "CephFSVolumeSource",
    fields: &[
        field("monitors", "", "", false, &SLICE_OF_PRIM_STRING),
        field("path", "", "", false, &PRIM_STRING),
        field("user", "", "", false, &PRIM_STRING),
        field("secretFile", "", "", false, &PRIM_STRING),
        field("secretRef", "", "", true, &LOCAL_OBJECT_REFERENCE),
        field("readOnly", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.CinderVolumeSource`.
pub(super) static CINDER_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "CinderVolumeSource",
    fields: &[
        field("volumeID", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
        field("secretRef", "", "", true, &LOCAL_OBJECT_REFERENCE),
    ],
};
/// Go `v1.ClusterTrustBundleProjection`.
pub(super) static CLUSTER_TRUST_BUNDLE_PROJECTION: TypeMeta = TypeMeta::Struct {
    name: "ClusterTrustBundleProjection",
    fields: &[
        field("name", "", "", true, &PRIM_STRING),
        field("signerName", "", "", true, &PRIM_STRING),
        field("labelSelector", "", "", true, &LABEL_SELECTOR),
        field("optional", "", "", true, &PRIM_BOOL),
        field("path", "", "", false, &PRIM_STRING),
        field("user", "", "", true, &PRIM_INT64),
    ],
};
/// Go `v1.ConfigMapEnvSource`.
pub(super) static CONFIG_MAP_ENV_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "ConfigMapEnvSource",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("optional", "", "", true, &PRIM_BOOL),
    ],
};
/// Go `v1.ConfigMapKeySelector`.
pub(super) static CONFIG_MAP_KEY_SELECTOR: TypeMeta = TypeMeta::Struct {
    name: "ConfigMapKeySelector",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("key", "", "", false, &PRIM_STRING),
        field("optional", "", "", true, &PRIM_BOOL),
    ],
};
/// Go `v1.ConfigMapProjection`.
pub(super) static CONFIG_MAP_PROJECTION: TypeMeta = TypeMeta::Struct {
    name: "ConfigMapProjection",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("items", "", "", false, &SLICE_OF_KEY_TO_PATH),
        field("optional", "", "", true, &PRIM_BOOL),
    ],
};
/// Go `v1.ConfigMapVolumeSource`.
pub(super) static CONFIG_MAP_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "ConfigMapVolumeSource",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("items", "", "", false, &SLICE_OF_KEY_TO_PATH),
        field("defaultMode", "", "", true, &PRIM_INT32),
        field("optional", "", "", true, &PRIM_BOOL),
        field("defaultUser", "", "", true, &PRIM_INT64),
    ],
};
/// Go `v1.Container`.
pub(super) static CONTAINER: TypeMeta = TypeMeta::Struct {
    name: "Container",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("image", "", "", false, &PRIM_STRING),
        field("command", "", "", false, &SLICE_OF_PRIM_STRING),
        field("args", "", "", false, &SLICE_OF_PRIM_STRING),
        field("workingDir", "", "", false, &PRIM_STRING),
        field(
            "ports",
            "merge",
            "containerPort",
            false,
            &SLICE_OF_CONTAINER_PORT,
        ),
        field("envFrom", "", "", false, &SLICE_OF_ENV_FROM_SOURCE),
        field("env", "merge", "name", false, &SLICE_OF_ENV_VAR),
        field("resources", "", "", false, &RESOURCE_REQUIREMENTS),
        field(
            "resizePolicy",
            "",
            "",
            false,
            &SLICE_OF_CONTAINER_RESIZE_POLICY,
        ),
        field("restartPolicy", "", "", true, &PRIM_STRING),
        field(
            "restartPolicyRules",
            "",
            "",
            false,
            &SLICE_OF_CONTAINER_RESTART_RULE,
        ),
        field(
            "volumeMounts",
            "merge",
            "mountPath",
            false,
            &SLICE_OF_VOLUME_MOUNT,
        ),
        field(
            "volumeDevices",
            "merge",
            "devicePath",
            false,
            &SLICE_OF_VOLUME_DEVICE,
        ),
        field("livenessProbe", "", "", true, &PROBE),
        field("readinessProbe", "", "", true, &PROBE),
        field("startupProbe", "", "", true, &PROBE),
        field("lifecycle", "", "", true, &LIFECYCLE),
        field("terminationMessagePath", "", "", false, &PRIM_STRING),
        field("terminationMessagePolicy", "", "", false, &PRIM_STRING),
        field("imagePullPolicy", "", "", false, &PRIM_STRING),
        field("securityContext", "", "", true, &SECURITY_CONTEXT),
        field("stdin", "", "", false, &PRIM_BOOL),
        field("stdinOnce", "", "", false, &PRIM_BOOL),
        field("tty", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.ContainerExtendedResourceRequest`.
pub(super) static CONTAINER_EXTENDED_RESOURCE_REQUEST: TypeMeta = TypeMeta::Struct {
    name: "ContainerExtendedResourceRequest",
    fields: &[
        field("containerName", "", "", false, &PRIM_STRING),
        field("resourceName", "", "", false, &PRIM_STRING),
        field("requestName", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.ContainerPort`.
pub(super) static CONTAINER_PORT: TypeMeta = TypeMeta::Struct {
    name: "ContainerPort",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("hostPort", "", "", false, &PRIM_INT32),
        field("containerPort", "", "", false, &PRIM_INT32),
        field("protocol", "", "", false, &PRIM_STRING),
        field("hostIP", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.ContainerResizePolicy`.
pub(super) static CONTAINER_RESIZE_POLICY: TypeMeta = TypeMeta::Struct {
    name: "ContainerResizePolicy",
    fields: &[
        field("resourceName", "", "", false, &PRIM_STRING),
        field("restartPolicy", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.ContainerRestartRule`.
pub(super) static CONTAINER_RESTART_RULE: TypeMeta = TypeMeta::Struct {
    name: "ContainerRestartRule",
    fields: &[
        field("action", "", "", false, &PRIM_STRING),
        field(
            "exitCodes",
            "",
            "",
            true,
            &CONTAINER_RESTART_RULE_ON_EXIT_CODES,
        ),
    ],
};
/// Go `v1.ContainerRestartRuleOnExitCodes`.
pub(super) static CONTAINER_RESTART_RULE_ON_EXIT_CODES: TypeMeta = TypeMeta::Struct {
    name: "ContainerRestartRuleOnExitCodes",
    fields: &[
        field("operator", "", "", false, &PRIM_STRING),
        field("values", "", "", false, &SLICE_OF_PRIM_INT32),
    ],
};
/// Go `v1.ContainerState`.
pub(super) static CONTAINER_STATE: TypeMeta = TypeMeta::Struct {
    name: "ContainerState",
    fields: &[
        field("waiting", "", "", true, &CONTAINER_STATE_WAITING),
        field("running", "", "", true, &CONTAINER_STATE_RUNNING),
        field("terminated", "", "", true, &CONTAINER_STATE_TERMINATED),
    ],
};
/// Go `v1.ContainerStateRunning`.
pub(super) static CONTAINER_STATE_RUNNING: TypeMeta = TypeMeta::Struct {
    name: "ContainerStateRunning",
    fields: &[field("startedAt", "", "", false, &TIME)],
};
/// Go `v1.ContainerStateTerminated`.
pub(super) static CONTAINER_STATE_TERMINATED: TypeMeta = TypeMeta::Struct {
    name: "ContainerStateTerminated",
    fields: &[
        field("exitCode", "", "", false, &PRIM_INT32),
        field("signal", "", "", false, &PRIM_INT32),
        field("reason", "", "", false, &PRIM_STRING),
        field("message", "", "", false, &PRIM_STRING),
        field("startedAt", "", "", false, &TIME),
        field("finishedAt", "", "", false, &TIME),
        field("containerID", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.ContainerStateWaiting`.
pub(super) static CONTAINER_STATE_WAITING: TypeMeta = TypeMeta::Struct {
    name: "ContainerStateWaiting",
    fields: &[
        field("reason", "", "", false, &PRIM_STRING),
        field("message", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.ContainerStatus`.
pub(super) static CONTAINER_STATUS: TypeMeta = TypeMeta::Struct {
    name: "ContainerStatus",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("state", "", "", false, &CONTAINER_STATE),
        field("lastState", "", "", false, &CONTAINER_STATE),
        field("ready", "", "", false, &PRIM_BOOL),
        field("restartCount", "", "", false, &PRIM_INT32),
        field("image", "", "", false, &PRIM_STRING),
        field("imageID", "", "", false, &PRIM_STRING),
        field("containerID", "", "", false, &PRIM_STRING),
        field("started", "", "", true, &PRIM_BOOL),
        field("allocatedResources", "", "", false, &MAP_OF_QUANTITY),
        field("resources", "", "", true, &RESOURCE_REQUIREMENTS),
        field(
            "volumeMounts",
            "merge",
            "mountPath",
            false,
            &SLICE_OF_VOLUME_MOUNT_STATUS,
        ),
        field("user", "", "", true, &CONTAINER_USER),
        field(
            "allocatedResourcesStatus",
            "merge",
            "name",
            false,
            &SLICE_OF_RESOURCE_STATUS,
        ),
        field("stopSignal", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.ContainerUser`.
pub(super) static CONTAINER_USER: TypeMeta = TypeMeta::Struct {
    name: "ContainerUser",
    fields: &[field("linux", "", "", true, &LINUX_CONTAINER_USER)],
};
/// Go `v1.CSIVolumeSource`.
pub(super) static CSI_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "CSIVolumeSource",
    fields: &[
        field("driver", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", true, &PRIM_BOOL),
        field("fsType", "", "", true, &PRIM_STRING),
        field("volumeAttributes", "", "", false, &MAP_OF_PRIM_STRING),
        field(
            "nodePublishSecretRef",
            "",
            "",
            true,
            &LOCAL_OBJECT_REFERENCE,
        ),
    ],
};
/// Go `v1.DownwardAPIProjection`.
pub(super) static DOWNWARD_API_PROJECTION: TypeMeta = TypeMeta::Struct {
    name: "DownwardAPIProjection",
    fields: &[field(
        "items",
        "",
        "",
        false,
        &SLICE_OF_DOWNWARD_API_VOLUME_FILE,
    )],
};
/// Go `v1.DownwardAPIVolumeFile`.
pub(super) static DOWNWARD_API_VOLUME_FILE: TypeMeta = TypeMeta::Struct {
    name: "DownwardAPIVolumeFile",
    fields: &[
        field("path", "", "", false, &PRIM_STRING),
        field("fieldRef", "", "", true, &OBJECT_FIELD_SELECTOR),
        field("resourceFieldRef", "", "", true, &RESOURCE_FIELD_SELECTOR),
        field("mode", "", "", true, &PRIM_INT32),
        field("user", "", "", true, &PRIM_INT64),
    ],
};
/// Go `v1.DownwardAPIVolumeSource`.
pub(super) static DOWNWARD_API_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "DownwardAPIVolumeSource",
    fields: &[
        field("items", "", "", false, &SLICE_OF_DOWNWARD_API_VOLUME_FILE),
        field("defaultMode", "", "", true, &PRIM_INT32),
        field("defaultUser", "", "", true, &PRIM_INT64),
    ],
};
/// Go `v1.EmptyDirVolumeSource`.
pub(super) static EMPTY_DIR_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "EmptyDirVolumeSource",
    fields: &[
        field("medium", "", "", false, &PRIM_STRING),
        field("sizeLimit", "", "", true, &QUANTITY),
        field("mode", "", "", true, &PRIM_INT32),
    ],
};
/// Go `v1.EnvFromSource`.
pub(super) static ENV_FROM_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "EnvFromSource",
    fields: &[
        field("prefix", "", "", false, &PRIM_STRING),
        field("configMapRef", "", "", true, &CONFIG_MAP_ENV_SOURCE),
        field("secretRef", "", "", true, &SECRET_ENV_SOURCE),
    ],
};
/// Go `v1.EnvVar`.
pub(super) static ENV_VAR: TypeMeta = TypeMeta::Struct {
    name: "EnvVar",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("value", "", "", false, &PRIM_STRING),
        field("valueFrom", "", "", true, &ENV_VAR_SOURCE),
    ],
};
/// Go `v1.EnvVarSource`.
pub(super) static ENV_VAR_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "EnvVarSource",
    fields: &[
        field("fieldRef", "", "", true, &OBJECT_FIELD_SELECTOR),
        field("resourceFieldRef", "", "", true, &RESOURCE_FIELD_SELECTOR),
        field("configMapKeyRef", "", "", true, &CONFIG_MAP_KEY_SELECTOR),
        field("secretKeyRef", "", "", true, &SECRET_KEY_SELECTOR),
        field("fileKeyRef", "", "", true, &FILE_KEY_SELECTOR),
    ],
};
/// Go `v1.EphemeralContainer`.
pub(super) static EPHEMERAL_CONTAINER: TypeMeta = TypeMeta::Struct {
    name: "EphemeralContainer",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("image", "", "", false, &PRIM_STRING),
        field("command", "", "", false, &SLICE_OF_PRIM_STRING),
        field("args", "", "", false, &SLICE_OF_PRIM_STRING),
        field("workingDir", "", "", false, &PRIM_STRING),
        field(
            "ports",
            "merge",
            "containerPort",
            false,
            &SLICE_OF_CONTAINER_PORT,
        ),
        field("envFrom", "", "", false, &SLICE_OF_ENV_FROM_SOURCE),
        field("env", "merge", "name", false, &SLICE_OF_ENV_VAR),
        field("resources", "", "", false, &RESOURCE_REQUIREMENTS),
        field(
            "resizePolicy",
            "",
            "",
            false,
            &SLICE_OF_CONTAINER_RESIZE_POLICY,
        ),
        field("restartPolicy", "", "", true, &PRIM_STRING),
        field(
            "restartPolicyRules",
            "",
            "",
            false,
            &SLICE_OF_CONTAINER_RESTART_RULE,
        ),
        field(
            "volumeMounts",
            "merge",
            "mountPath",
            false,
            &SLICE_OF_VOLUME_MOUNT,
        ),
        field(
            "volumeDevices",
            "merge",
            "devicePath",
            false,
            &SLICE_OF_VOLUME_DEVICE,
        ),
        field("livenessProbe", "", "", true, &PROBE),
        field("readinessProbe", "", "", true, &PROBE),
        field("startupProbe", "", "", true, &PROBE),
        field("lifecycle", "", "", true, &LIFECYCLE),
        field("terminationMessagePath", "", "", false, &PRIM_STRING),
        field("terminationMessagePolicy", "", "", false, &PRIM_STRING),
        field("imagePullPolicy", "", "", false, &PRIM_STRING),
        field("securityContext", "", "", true, &SECURITY_CONTEXT),
        field("stdin", "", "", false, &PRIM_BOOL),
        field("stdinOnce", "", "", false, &PRIM_BOOL),
        field("tty", "", "", false, &PRIM_BOOL),
        field("targetContainerName", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.EphemeralVolumeSource`.
pub(super) static EPHEMERAL_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "EphemeralVolumeSource",
    fields: &[field(
        "volumeClaimTemplate",
        "",
        "",
        true,
        &PERSISTENT_VOLUME_CLAIM_TEMPLATE,
    )],
};
/// Go `v1.EvictionResponder`.
pub(super) static EVICTION_RESPONDER: TypeMeta = TypeMeta::Struct {
    name: "EvictionResponder",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("priority", "", "", true, &PRIM_INT32),
    ],
};
/// Go `v1.ExecAction`.
pub(super) static EXEC_ACTION: TypeMeta = TypeMeta::Struct {
    name: "ExecAction",
    fields: &[field("command", "", "", false, &SLICE_OF_PRIM_STRING)],
};
/// Go `v1.FCVolumeSource`.
pub(super) static FC_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "FCVolumeSource",
    fields: &[
        field("targetWWNs", "", "", false, &SLICE_OF_PRIM_STRING),
        field("lun", "", "", true, &PRIM_INT32),
        field("fsType", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
        field("wwids", "", "", false, &SLICE_OF_PRIM_STRING),
    ],
};
/// Go `v1.FieldsV1`.
pub(super) static FIELDS_V1: TypeMeta = TypeMeta::Struct {
    name: "FieldsV1",
    fields: &[],
};
/// Go `v1.FileKeySelector`.
pub(super) static FILE_KEY_SELECTOR: TypeMeta = TypeMeta::Struct {
    name: "FileKeySelector",
    fields: &[
        field("volumeName", "", "", false, &PRIM_STRING),
        field("path", "", "", false, &PRIM_STRING),
        field("key", "", "", false, &PRIM_STRING),
        field("optional", "", "", true, &PRIM_BOOL),
    ],
};
/// Go `v1.FlexVolumeSource`.
pub(super) static FLEX_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "FlexVolumeSource",
    fields: &[
        field("driver", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
        field("secretRef", "", "", true, &LOCAL_OBJECT_REFERENCE),
        field("readOnly", "", "", false, &PRIM_BOOL),
        field("options", "", "", false, &MAP_OF_PRIM_STRING),
    ],
};
/// Go `v1.FlockerVolumeSource`.
pub(super) static FLOCKER_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "FlockerVolumeSource",
    fields: &[
        field("datasetName", "", "", false, &PRIM_STRING),
        field("datasetUUID", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.GCEPersistentDiskVolumeSource`.
pub(super) static GCE_PERSISTENT_DISK_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "GCEPersistentDiskVolumeSource",
    fields: &[
        field("pdName", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
        field("partition", "", "", false, &PRIM_INT32),
        field("readOnly", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.GitRepoVolumeSource`.
pub(super) static GIT_REPO_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "GitRepoVolumeSource",
    fields: &[
        field("repository", "", "", false, &PRIM_STRING),
        field("revision", "", "", false, &PRIM_STRING),
        field("directory", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.GlusterfsVolumeSource`.
pub(super) static GLUSTERFS_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "GlusterfsVolumeSource",
    fields: &[
        field("endpoints", "", "", false, &PRIM_STRING),
        field("path", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.GRPCAction`.
pub(super) static GRPC_ACTION: TypeMeta = TypeMeta::Struct {
    name: "GRPCAction",
    fields: &[
        field("port", "", "", false, &PRIM_INT32),
        field("service", "", "", true, &PRIM_STRING),
        field("mode", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.HostAlias`.
pub(super) static HOST_ALIAS: TypeMeta = TypeMeta::Struct {
    name: "HostAlias",
    fields: &[
        field("ip", "", "", false, &PRIM_STRING),
        field("hostnames", "", "", false, &SLICE_OF_PRIM_STRING),
    ],
};
/// Go `v1.HostIP`.
pub(super) static HOST_IP: TypeMeta = TypeMeta::Struct {
    name: "HostIP",
    fields: &[field("ip", "", "", false, &PRIM_STRING)],
};
/// Go `v1.HostPathVolumeSource`.
pub(super) static HOST_PATH_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "HostPathVolumeSource",
    fields: &[
        field("path", "", "", false, &PRIM_STRING),
        field("type", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.HTTPGetAction`.
pub(super) static HTTP_GET_ACTION: TypeMeta = TypeMeta::Struct {
    name: "HTTPGetAction",
    fields: &[
        field("path", "", "", false, &PRIM_STRING),
        field("port", "", "", false, &INT_OR_STRING),
        field("host", "", "", false, &PRIM_STRING),
        field("scheme", "", "", false, &PRIM_STRING),
        field("httpHeaders", "", "", false, &SLICE_OF_HTTP_HEADER),
        field("protocol", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.HTTPHeader`.
pub(super) static HTTP_HEADER: TypeMeta = TypeMeta::Struct {
    name: "HTTPHeader",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("value", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.ImageVolumeSource`.
pub(super) static IMAGE_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "ImageVolumeSource",
    fields: &[
        field("reference", "", "", false, &PRIM_STRING),
        field("pullPolicy", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.ImageVolumeStatus`.
pub(super) static IMAGE_VOLUME_STATUS: TypeMeta = TypeMeta::Struct {
    name: "ImageVolumeStatus",
    fields: &[field("imageRef", "", "", false, &PRIM_STRING)],
};
/// Go `intstr.IntOrString`.
pub(super) static INT_OR_STRING: TypeMeta = TypeMeta::Struct {
    name: "IntOrString",
    fields: &[
        field("Type", "", "", false, &PRIM_INT64),
        field("IntVal", "", "", false, &PRIM_INT32),
        field("StrVal", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.ISCSIVolumeSource`.
pub(super) static ISCSI_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "ISCSIVolumeSource",
    fields: &[
        field("targetPortal", "", "", false, &PRIM_STRING),
        field("iqn", "", "", false, &PRIM_STRING),
        field("lun", "", "", false, &PRIM_INT32),
        field("iscsiInterface", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
        field("portals", "", "", false, &SLICE_OF_PRIM_STRING),
        field("chapAuthDiscovery", "", "", false, &PRIM_BOOL),
        field("chapAuthSession", "", "", false, &PRIM_BOOL),
        field("secretRef", "", "", true, &LOCAL_OBJECT_REFERENCE),
        field("initiatorName", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.KeyToPath`.
pub(super) static KEY_TO_PATH: TypeMeta = TypeMeta::Struct {
    name: "KeyToPath",
    fields: &[
        field("key", "", "", false, &PRIM_STRING),
        field("path", "", "", false, &PRIM_STRING),
        field("mode", "", "", true, &PRIM_INT32),
        field("user", "", "", true, &PRIM_INT64),
    ],
};
/// Go `v1.LabelSelector`.
pub(super) static LABEL_SELECTOR: TypeMeta = TypeMeta::Struct {
    name: "LabelSelector",
    fields: &[
        field("matchLabels", "", "", false, &MAP_OF_PRIM_STRING),
        field(
            "matchExpressions",
            "",
            "",
            false,
            &SLICE_OF_LABEL_SELECTOR_REQUIREMENT,
        ),
    ],
};
/// Go `v1.LabelSelectorRequirement`.
pub(super) static LABEL_SELECTOR_REQUIREMENT: TypeMeta = TypeMeta::Struct {
    name: "LabelSelectorRequirement",
    fields: &[
        field("key", "", "", false, &PRIM_STRING),
        field("operator", "", "", false, &PRIM_STRING),
        field("values", "", "", false, &SLICE_OF_PRIM_STRING),
    ],
};
/// Go `v1.Lifecycle`.
pub(super) static LIFECYCLE: TypeMeta = TypeMeta::Struct {
    name: "Lifecycle",
    fields: &[
        field("postStart", "", "", true, &LIFECYCLE_HANDLER),
        field("preStop", "", "", true, &LIFECYCLE_HANDLER),
        field("stopSignal", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.LifecycleHandler`.
pub(super) static LIFECYCLE_HANDLER: TypeMeta = TypeMeta::Struct {
    name: "LifecycleHandler",
    fields: &[
        field("exec", "", "", true, &EXEC_ACTION),
        field("httpGet", "", "", true, &HTTP_GET_ACTION),
        field("tcpSocket", "", "", true, &TCP_SOCKET_ACTION),
        field("sleep", "", "", true, &SLEEP_ACTION),
    ],
};
/// Go `v1.LinuxContainerUser`.
pub(super) static LINUX_CONTAINER_USER: TypeMeta = TypeMeta::Struct {
    name: "LinuxContainerUser",
    fields: &[
        field("uid", "", "", false, &PRIM_INT64),
        field("gid", "", "", false, &PRIM_INT64),
        field("supplementalGroups", "", "", false, &SLICE_OF_PRIM_INT64),
    ],
};
/// Go `v1.LocalObjectReference`.
pub(super) static LOCAL_OBJECT_REFERENCE: TypeMeta = TypeMeta::Struct {
    name: "LocalObjectReference",
    fields: &[field("name", "", "", false, &PRIM_STRING)],
};
/// Go `v1.ManagedFieldsEntry`.
pub(super) static MANAGED_FIELDS_ENTRY: TypeMeta = TypeMeta::Struct {
    name: "ManagedFieldsEntry",
    fields: &[
        field("manager", "", "", false, &PRIM_STRING),
        field("operation", "", "", false, &PRIM_STRING),
        field("apiVersion", "", "", false, &PRIM_STRING),
        field("time", "", "", true, &TIME),
        field("fieldsType", "", "", false, &PRIM_STRING),
        field("fieldsV1", "", "", true, &FIELDS_V1),
        field("subresource", "", "", false, &PRIM_STRING),
    ],
};
pub(super) static MAP_OF_PRIM_STRING: TypeMeta = TypeMeta::Map;
pub(super) static MAP_OF_QUANTITY: TypeMeta = TypeMeta::Map;
/// Go `v1.NFSVolumeSource`.
pub(super) static NFS_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "NFSVolumeSource",
    fields: &[
        field("server", "", "", false, &PRIM_STRING),
        field("path", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.NodeAffinity`.
pub(super) static NODE_AFFINITY: TypeMeta = TypeMeta::Struct {
    name: "NodeAffinity",
    fields: &[
        field(
            "requiredDuringSchedulingIgnoredDuringExecution",
            "",
            "",
            true,
            &NODE_SELECTOR,
        ),
        field(
            "preferredDuringSchedulingIgnoredDuringExecution",
            "",
            "",
            false,
            &SLICE_OF_PREFERRED_SCHEDULING_TERM,
        ),
    ],
};
/// Go `v1.NodeAllocatableMappedResources`.
pub(super) static NODE_ALLOCATABLE_MAPPED_RESOURCES: TypeMeta = TypeMeta::Struct {
    name: "NodeAllocatableMappedResources",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("quantity", "", "", true, &QUANTITY),
    ],
};
/// Go `v1.NodeAllocatableOverheadResources`.
pub(super) static NODE_ALLOCATABLE_OVERHEAD_RESOURCES: TypeMeta = TypeMeta::Struct {
    name: "NodeAllocatableOverheadResources",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("perPod", "", "", true, &QUANTITY),
        field("perContainer", "", "", true, &QUANTITY),
    ],
};
/// Go `v1.NodeAllocatableResourceClaimStatus`.
pub(super) static NODE_ALLOCATABLE_RESOURCE_CLAIM_STATUS: TypeMeta = TypeMeta::Struct {
    name: "NodeAllocatableResourceClaimStatus",
    fields: &[
        field("resourceClaimName", "", "", false, &PRIM_STRING),
        field("containers", "", "", false, &SLICE_OF_PRIM_STRING),
        field(
            "mapping",
            "merge",
            "name",
            false,
            &SLICE_OF_NODE_ALLOCATABLE_MAPPED_RESOURCES,
        ),
        field(
            "overhead",
            "merge",
            "name",
            false,
            &SLICE_OF_NODE_ALLOCATABLE_OVERHEAD_RESOURCES,
        ),
    ],
};
/// Go `v1.NodeSelector`.
pub(super) static NODE_SELECTOR: TypeMeta = TypeMeta::Struct {
    name: "NodeSelector",
    fields: &[field(
        "nodeSelectorTerms",
        "",
        "",
        false,
        &SLICE_OF_NODE_SELECTOR_TERM,
    )],
};
/// Go `v1.NodeSelectorRequirement`.
pub(super) static NODE_SELECTOR_REQUIREMENT: TypeMeta = TypeMeta::Struct {
    name: "NodeSelectorRequirement",
    fields: &[
        field("key", "", "", false, &PRIM_STRING),
        field("operator", "", "", false, &PRIM_STRING),
        field("values", "", "", false, &SLICE_OF_PRIM_STRING),
    ],
};
/// Go `v1.NodeSelectorTerm`.
pub(super) static NODE_SELECTOR_TERM: TypeMeta = TypeMeta::Struct {
    name: "NodeSelectorTerm",
    fields: &[
        field(
            "matchExpressions",
            "",
            "",
            false,
            &SLICE_OF_NODE_SELECTOR_REQUIREMENT,
        ),
        field(
            "matchFields",
            "",
            "",
            false,
            &SLICE_OF_NODE_SELECTOR_REQUIREMENT,
        ),
    ],
};
/// Go `v1.ObjectFieldSelector`.
pub(super) static OBJECT_FIELD_SELECTOR: TypeMeta = TypeMeta::Struct {
    name: "ObjectFieldSelector",
    fields: &[
        field("apiVersion", "", "", false, &PRIM_STRING),
        field("fieldPath", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.ObjectMeta`.
pub(super) static OBJECT_META: TypeMeta = TypeMeta::Struct {
    name: "ObjectMeta",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("generateName", "", "", false, &PRIM_STRING),
        field("namespace", "", "", false, &PRIM_STRING),
        field("selfLink", "", "", false, &PRIM_STRING),
        field("uid", "", "", false, &PRIM_STRING),
        field("resourceVersion", "", "", false, &PRIM_STRING),
        field("generation", "", "", false, &PRIM_INT64),
        field("creationTimestamp", "", "", false, &TIME),
        field("deletionTimestamp", "", "", true, &TIME),
        field("deletionGracePeriodSeconds", "", "", true, &PRIM_INT64),
        field("labels", "", "", false, &MAP_OF_PRIM_STRING),
        field("annotations", "", "", false, &MAP_OF_PRIM_STRING),
        field(
            "ownerReferences",
            "merge",
            "uid",
            false,
            &SLICE_OF_OWNER_REFERENCE,
        ),
        field("finalizers", "merge", "", false, &SLICE_OF_PRIM_STRING),
        field(
            "managedFields",
            "",
            "",
            false,
            &SLICE_OF_MANAGED_FIELDS_ENTRY,
        ),
    ],
};
/// Go `v1.OwnerReference`.
pub(super) static OWNER_REFERENCE: TypeMeta = TypeMeta::Struct {
    name: "OwnerReference",
    fields: &[
        field("apiVersion", "", "", false, &PRIM_STRING),
        field("kind", "", "", false, &PRIM_STRING),
        field("name", "", "", false, &PRIM_STRING),
        field("uid", "", "", false, &PRIM_STRING),
        field("controller", "", "", true, &PRIM_BOOL),
        field("blockOwnerDeletion", "", "", true, &PRIM_BOOL),
    ],
};
/// Go `v1.PersistentVolumeClaimSpec`.
pub(super) static PERSISTENT_VOLUME_CLAIM_SPEC: TypeMeta = TypeMeta::Struct {
    name: "PersistentVolumeClaimSpec",
    fields: &[
        field("accessModes", "", "", false, &SLICE_OF_PRIM_STRING),
        field("selector", "", "", true, &LABEL_SELECTOR),
        field("resources", "", "", false, &VOLUME_RESOURCE_REQUIREMENTS),
        field("volumeName", "", "", false, &PRIM_STRING),
        field("storageClassName", "", "", true, &PRIM_STRING),
        field("volumeMode", "", "", true, &PRIM_STRING),
        field("dataSource", "", "", true, &TYPED_LOCAL_OBJECT_REFERENCE),
        field("dataSourceRef", "", "", true, &TYPED_OBJECT_REFERENCE),
        field("volumeAttributesClassName", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.PersistentVolumeClaimTemplate`.
pub(super) static PERSISTENT_VOLUME_CLAIM_TEMPLATE: TypeMeta = TypeMeta::Struct {
    name: "PersistentVolumeClaimTemplate",
    fields: &[
        field("metadata", "", "", false, &OBJECT_META),
        field("spec", "", "", false, &PERSISTENT_VOLUME_CLAIM_SPEC),
    ],
};
/// Go `v1.PersistentVolumeClaimVolumeSource`.
pub(super) static PERSISTENT_VOLUME_CLAIM_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "PersistentVolumeClaimVolumeSource",
    fields: &[
        field("claimName", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.PhotonPersistentDiskVolumeSource`.
pub(super) static PHOTON_PERSISTENT_DISK_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "PhotonPersistentDiskVolumeSource",
    fields: &[
        field("pdID", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.Pod`.
pub(super) static POD: TypeMeta = TypeMeta::Struct {
    name: "Pod",
    fields: &[
        field("kind", "", "", false, &PRIM_STRING),
        field("apiVersion", "", "", false, &PRIM_STRING),
        field("metadata", "", "", false, &OBJECT_META),
        field("spec", "", "", false, &POD_SPEC),
        field("status", "", "", false, &POD_STATUS),
    ],
};
/// Go `v1.PodAffinity`.
pub(super) static POD_AFFINITY: TypeMeta = TypeMeta::Struct {
    name: "PodAffinity",
    fields: &[
        field(
            "requiredDuringSchedulingIgnoredDuringExecution",
            "",
            "",
            false,
            &SLICE_OF_POD_AFFINITY_TERM,
        ),
        field(
            "preferredDuringSchedulingIgnoredDuringExecution",
            "",
            "",
            false,
            &SLICE_OF_WEIGHTED_POD_AFFINITY_TERM,
        ),
    ],
};
/// Go `v1.PodAffinityTerm`.
pub(super) static POD_AFFINITY_TERM: TypeMeta = TypeMeta::Struct {
    name: "PodAffinityTerm",
    fields: &[
        field("labelSelector", "", "", true, &LABEL_SELECTOR),
        field("namespaces", "", "", false, &SLICE_OF_PRIM_STRING),
        field("topologyKey", "", "", false, &PRIM_STRING),
        field("namespaceSelector", "", "", true, &LABEL_SELECTOR),
        field("matchLabelKeys", "", "", false, &SLICE_OF_PRIM_STRING),
        field("mismatchLabelKeys", "", "", false, &SLICE_OF_PRIM_STRING),
    ],
};
/// Go `v1.PodAntiAffinity`.
pub(super) static POD_ANTI_AFFINITY: TypeMeta = TypeMeta::Struct {
    name: "PodAntiAffinity",
    fields: &[
        field(
            "requiredDuringSchedulingIgnoredDuringExecution",
            "",
            "",
            false,
            &SLICE_OF_POD_AFFINITY_TERM,
        ),
        field(
            "preferredDuringSchedulingIgnoredDuringExecution",
            "",
            "",
            false,
            &SLICE_OF_WEIGHTED_POD_AFFINITY_TERM,
        ),
    ],
};
/// Go `v1.PodCertificateProjection`.
pub(super) static POD_CERTIFICATE_PROJECTION: TypeMeta = TypeMeta::Struct {
    name: "PodCertificateProjection",
    fields: &[
        field("signerName", "", "", false, &PRIM_STRING),
        field("keyType", "", "", false, &PRIM_STRING),
        field("maxExpirationSeconds", "", "", true, &PRIM_INT32),
        field("credentialBundlePath", "", "", false, &PRIM_STRING),
        field("keyPath", "", "", false, &PRIM_STRING),
        field("certificateChainPath", "", "", false, &PRIM_STRING),
        field("userAnnotations", "", "", false, &MAP_OF_PRIM_STRING),
        field("user", "", "", true, &PRIM_INT64),
    ],
};
/// Go `v1.PodCondition`.
pub(super) static POD_CONDITION: TypeMeta = TypeMeta::Struct {
    name: "PodCondition",
    fields: &[
        field("type", "", "", false, &PRIM_STRING),
        field("observedGeneration", "", "", false, &PRIM_INT64),
        field("status", "", "", false, &PRIM_STRING),
        field("lastProbeTime", "", "", false, &TIME),
        field("lastTransitionTime", "", "", false, &TIME),
        field("reason", "", "", false, &PRIM_STRING),
        field("message", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.PodDNSConfig`.
pub(super) static POD_DNS_CONFIG: TypeMeta = TypeMeta::Struct {
    name: "PodDNSConfig",
    fields: &[
        field("nameservers", "", "", false, &SLICE_OF_PRIM_STRING),
        field("searches", "", "", false, &SLICE_OF_PRIM_STRING),
        field("options", "", "", false, &SLICE_OF_POD_DNS_CONFIG_OPTION),
    ],
};
/// Go `v1.PodDNSConfigOption`.
pub(super) static POD_DNS_CONFIG_OPTION: TypeMeta = TypeMeta::Struct {
    name: "PodDNSConfigOption",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("value", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.PodExtendedResourceClaimStatus`.
pub(super) static POD_EXTENDED_RESOURCE_CLAIM_STATUS: TypeMeta = TypeMeta::Struct {
    name: "PodExtendedResourceClaimStatus",
    fields: &[
        field(
            "requestMappings",
            "",
            "",
            false,
            &SLICE_OF_CONTAINER_EXTENDED_RESOURCE_REQUEST,
        ),
        field("resourceClaimName", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.PodIP`.
pub(super) static POD_IP: TypeMeta = TypeMeta::Struct {
    name: "PodIP",
    fields: &[field("ip", "", "", false, &PRIM_STRING)],
};
/// Go `v1.PodOS`.
pub(super) static POD_OS: TypeMeta = TypeMeta::Struct {
    name: "PodOS",
    fields: &[field("name", "", "", false, &PRIM_STRING)],
};
/// Go `v1.PodReadinessGate`.
pub(super) static POD_READINESS_GATE: TypeMeta = TypeMeta::Struct {
    name: "PodReadinessGate",
    fields: &[field("conditionType", "", "", false, &PRIM_STRING)],
};
/// Go `v1.PodResourceClaim`.
pub(super) static POD_RESOURCE_CLAIM: TypeMeta = TypeMeta::Struct {
    name: "PodResourceClaim",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("resourceClaimName", "", "", true, &PRIM_STRING),
        field("resourceClaimTemplateName", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.PodResourceClaimStatus`.
pub(super) static POD_RESOURCE_CLAIM_STATUS: TypeMeta = TypeMeta::Struct {
    name: "PodResourceClaimStatus",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("resourceClaimName", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.PodSchedulingGate`.
pub(super) static POD_SCHEDULING_GATE: TypeMeta = TypeMeta::Struct {
    name: "PodSchedulingGate",
    fields: &[field("name", "", "", false, &PRIM_STRING)],
};
/// Go `v1.PodSchedulingGroup`.
pub(super) static POD_SCHEDULING_GROUP: TypeMeta = TypeMeta::Struct {
    name: "PodSchedulingGroup",
    fields: &[field("podGroupName", "", "", true, &PRIM_STRING)],
};
/// Go `v1.PodSecurityContext`.
pub(super) static POD_SECURITY_CONTEXT: TypeMeta = TypeMeta::Struct {
    name: "PodSecurityContext",
    fields: &[
        field("seLinuxOptions", "", "", true, &SE_LINUX_OPTIONS),
        field(
            "windowsOptions",
            "",
            "",
            true,
            &WINDOWS_SECURITY_CONTEXT_OPTIONS,
        ),
        field("runAsUser", "", "", true, &PRIM_INT64),
        field("runAsGroup", "", "", true, &PRIM_INT64),
        field("runAsNonRoot", "", "", true, &PRIM_BOOL),
        field("supplementalGroups", "", "", false, &SLICE_OF_PRIM_INT64),
        field("supplementalGroupsPolicy", "", "", true, &PRIM_STRING),
        field("fsGroup", "", "", true, &PRIM_INT64),
        field("sysctls", "", "", false, &SLICE_OF_SYSCTL),
        field("fsGroupChangePolicy", "", "", true, &PRIM_STRING),
        field("seccompProfile", "", "", true, &SECCOMP_PROFILE),
        field("appArmorProfile", "", "", true, &APP_ARMOR_PROFILE),
        field("seLinuxChangePolicy", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.PodSpec`.
pub(super) static POD_SPEC: TypeMeta = TypeMeta::Struct {
    name: "PodSpec",
    fields: &[
        field(
            "volumes",
            "merge,retainKeys",
            "name",
            false,
            &SLICE_OF_VOLUME,
        ),
        field(
            "initContainers",
            "merge",
            "name",
            false,
            &SLICE_OF_CONTAINER,
        ),
        field("containers", "merge", "name", false, &SLICE_OF_CONTAINER),
        field(
            "ephemeralContainers",
            "merge",
            "name",
            false,
            &SLICE_OF_EPHEMERAL_CONTAINER,
        ),
        field("restartPolicy", "", "", false, &PRIM_STRING),
        field("terminationGracePeriodSeconds", "", "", true, &PRIM_INT64),
        field("activeDeadlineSeconds", "", "", true, &PRIM_INT64),
        field("dnsPolicy", "", "", false, &PRIM_STRING),
        field("nodeSelector", "", "", false, &MAP_OF_PRIM_STRING),
        field("serviceAccountName", "", "", false, &PRIM_STRING),
        field("serviceAccount", "", "", false, &PRIM_STRING),
        field("automountServiceAccountToken", "", "", true, &PRIM_BOOL),
        field("nodeName", "", "", false, &PRIM_STRING),
        field("hostNetwork", "", "", false, &PRIM_BOOL),
        field("hostPID", "", "", false, &PRIM_BOOL),
        field("hostIPC", "", "", false, &PRIM_BOOL),
        field("shareProcessNamespace", "", "", true, &PRIM_BOOL),
        field("securityContext", "", "", true, &POD_SECURITY_CONTEXT),
        field(
            "imagePullSecrets",
            "merge",
            "name",
            false,
            &SLICE_OF_LOCAL_OBJECT_REFERENCE,
        ),
        field("hostname", "", "", false, &PRIM_STRING),
        field("subdomain", "", "", false, &PRIM_STRING),
        field("affinity", "", "", true, &AFFINITY),
        field("schedulerName", "", "", false, &PRIM_STRING),
        field("tolerations", "", "", false, &SLICE_OF_TOLERATION),
        field("hostAliases", "merge", "ip", false, &SLICE_OF_HOST_ALIAS),
        field("priorityClassName", "", "", false, &PRIM_STRING),
        field("priority", "", "", true, &PRIM_INT32),
        field("dnsConfig", "", "", true, &POD_DNS_CONFIG),
        field(
            "readinessGates",
            "",
            "",
            false,
            &SLICE_OF_POD_READINESS_GATE,
        ),
        field("runtimeClassName", "", "", true, &PRIM_STRING),
        field("enableServiceLinks", "", "", true, &PRIM_BOOL),
        field("preemptionPolicy", "", "", true, &PRIM_STRING),
        field("overhead", "", "", false, &MAP_OF_QUANTITY),
        field(
            "topologySpreadConstraints",
            "merge",
            "topologyKey",
            false,
            &SLICE_OF_TOPOLOGY_SPREAD_CONSTRAINT,
        ),
        field("setHostnameAsFQDN", "", "", true, &PRIM_BOOL),
        field("os", "", "", true, &POD_OS),
        field("hostUsers", "", "", true, &PRIM_BOOL),
        field(
            "schedulingGates",
            "merge",
            "name",
            false,
            &SLICE_OF_POD_SCHEDULING_GATE,
        ),
        field(
            "resourceClaims",
            "merge,retainKeys",
            "name",
            false,
            &SLICE_OF_POD_RESOURCE_CLAIM,
        ),
        field("resources", "", "", true, &RESOURCE_REQUIREMENTS),
        field("hostnameOverride", "", "", true, &PRIM_STRING),
        field("schedulingGroup", "", "", true, &POD_SCHEDULING_GROUP),
        field(
            "evictionResponders",
            "merge",
            "name",
            false,
            &SLICE_OF_EVICTION_RESPONDER,
        ),
    ],
};
/// Go `v1.PodStatus`.
pub(super) static POD_STATUS: TypeMeta = TypeMeta::Struct {
    name: "PodStatus",
    fields: &[
        field("observedGeneration", "", "", false, &PRIM_INT64),
        field("phase", "", "", false, &PRIM_STRING),
        field(
            "conditions",
            "merge",
            "type",
            false,
            &SLICE_OF_POD_CONDITION,
        ),
        field("message", "", "", false, &PRIM_STRING),
        field("reason", "", "", false, &PRIM_STRING),
        field("nominatedNodeName", "", "", false, &PRIM_STRING),
        field("hostIP", "", "", false, &PRIM_STRING),
        field("hostIPs", "merge", "ip", false, &SLICE_OF_HOST_IP),
        field("podIP", "", "", false, &PRIM_STRING),
        field("podIPs", "merge", "ip", false, &SLICE_OF_POD_IP),
        field("startTime", "", "", true, &TIME),
        field(
            "initContainerStatuses",
            "",
            "",
            false,
            &SLICE_OF_CONTAINER_STATUS,
        ),
        field(
            "containerStatuses",
            "",
            "",
            false,
            &SLICE_OF_CONTAINER_STATUS,
        ),
        field("qosClass", "", "", false, &PRIM_STRING),
        field(
            "ephemeralContainerStatuses",
            "",
            "",
            false,
            &SLICE_OF_CONTAINER_STATUS,
        ),
        field("resize", "", "", false, &PRIM_STRING),
        field(
            "resourceClaimStatuses",
            "merge,retainKeys",
            "name",
            false,
            &SLICE_OF_POD_RESOURCE_CLAIM_STATUS,
        ),
        field(
            "extendedResourceClaimStatus",
            "",
            "",
            true,
            &POD_EXTENDED_RESOURCE_CLAIM_STATUS,
        ),
        field("allocatedResources", "", "", false, &MAP_OF_QUANTITY),
        field("resources", "", "", true, &RESOURCE_REQUIREMENTS),
        field(
            "nodeAllocatableResourceClaimStatuses",
            "merge",
            "resourceClaimName",
            false,
            &SLICE_OF_NODE_ALLOCATABLE_RESOURCE_CLAIM_STATUS,
        ),
        field("volumeHealth", "", "", false, &SLICE_OF_POD_VOLUME_HEALTH),
    ],
};
/// Go `v1.PodVolumeHealth`.
pub(super) static POD_VOLUME_HEALTH: TypeMeta = TypeMeta::Struct {
    name: "PodVolumeHealth",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field(
            "healthConditions",
            "merge",
            "status",
            false,
            &SLICE_OF_VOLUME_HEALTH_CONDITION,
        ),
        field("lastTransitionTime", "", "", false, &TIME),
    ],
};
/// Go `v1.PortworxVolumeSource`.
pub(super) static PORTWORX_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "PortworxVolumeSource",
    fields: &[
        field("volumeID", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.PreferredSchedulingTerm`.
pub(super) static PREFERRED_SCHEDULING_TERM: TypeMeta = TypeMeta::Struct {
    name: "PreferredSchedulingTerm",
    fields: &[
        field("weight", "", "", false, &PRIM_INT32),
        field("preference", "", "", false, &NODE_SELECTOR_TERM),
    ],
};
pub(super) static PRIM_BOOL: TypeMeta = TypeMeta::Primitive("bool");
pub(super) static PRIM_INT32: TypeMeta = TypeMeta::Primitive("int32");
pub(super) static PRIM_INT64: TypeMeta = TypeMeta::Primitive("int64");
pub(super) static PRIM_STRING: TypeMeta = TypeMeta::Primitive("string");
/// Go `v1.Probe`.
pub(super) static PROBE: TypeMeta = TypeMeta::Struct {
    name: "Probe",
    fields: &[
        field("exec", "", "", true, &EXEC_ACTION),
        field("httpGet", "", "", true, &HTTP_GET_ACTION),
        field("tcpSocket", "", "", true, &TCP_SOCKET_ACTION),
        field("grpc", "", "", true, &GRPC_ACTION),
        field("initialDelaySeconds", "", "", false, &PRIM_INT32),
        field("timeoutSeconds", "", "", false, &PRIM_INT32),
        field("periodSeconds", "", "", false, &PRIM_INT32),
        field("successThreshold", "", "", false, &PRIM_INT32),
        field("failureThreshold", "", "", false, &PRIM_INT32),
        field("terminationGracePeriodSeconds", "", "", true, &PRIM_INT64),
    ],
};
/// Go `v1.ProjectedVolumeSource`.
pub(super) static PROJECTED_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "ProjectedVolumeSource",
    fields: &[
        field("sources", "", "", false, &SLICE_OF_VOLUME_PROJECTION),
        field("defaultMode", "", "", true, &PRIM_INT32),
        field("defaultUser", "", "", true, &PRIM_INT64),
    ],
};
/// Go `resource.Quantity`.
pub(super) static QUANTITY: TypeMeta = TypeMeta::Struct {
    name: "Quantity",
    fields: &[field("Format", "", "", false, &PRIM_STRING)],
};
/// Go `v1.QuobyteVolumeSource`.
pub(super) static QUOBYTE_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "QuobyteVolumeSource",
    fields: &[
        field("registry", "", "", false, &PRIM_STRING),
        field("volume", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
        field("user", "", "", false, &PRIM_STRING),
        field("group", "", "", false, &PRIM_STRING),
        field("tenant", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.RBDVolumeSource`.
pub(super) static RBD_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "RBDVolumeSource",
    fields: &[
        field("monitors", "", "", false, &SLICE_OF_PRIM_STRING),
        field("image", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
        field("pool", "", "", false, &PRIM_STRING),
        field("user", "", "", false, &PRIM_STRING),
        field("keyring", "", "", false, &PRIM_STRING),
        field("secretRef", "", "", true, &LOCAL_OBJECT_REFERENCE),
        field("readOnly", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.ResourceClaim`.
pub(super) static RESOURCE_CLAIM: TypeMeta = TypeMeta::Struct {
    name: "ResourceClaim",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("request", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.ResourceFieldSelector`.
pub(super) static RESOURCE_FIELD_SELECTOR: TypeMeta = TypeMeta::Struct {
    name: "ResourceFieldSelector",
    fields: &[
        field("containerName", "", "", false, &PRIM_STRING),
        field("resource", "", "", false, &PRIM_STRING),
        field("divisor", "", "", false, &QUANTITY),
    ],
};
/// Go `v1.ResourceHealth`.
pub(super) static RESOURCE_HEALTH: TypeMeta = TypeMeta::Struct {
    name: "ResourceHealth",
    fields: &[
        field("resourceID", "", "", false, &PRIM_STRING),
        field("health", "", "", false, &PRIM_STRING),
        field("message", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.ResourceRequirements`.
pub(super) static RESOURCE_REQUIREMENTS: TypeMeta = TypeMeta::Struct {
    name: "ResourceRequirements",
    fields: &[
        field("limits", "", "", false, &MAP_OF_QUANTITY),
        field("requests", "", "", false, &MAP_OF_QUANTITY),
        field("claims", "", "", false, &SLICE_OF_RESOURCE_CLAIM),
    ],
};
/// Go `v1.ResourceStatus`.
pub(super) static RESOURCE_STATUS: TypeMeta = TypeMeta::Struct {
    name: "ResourceStatus",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("resources", "", "", false, &SLICE_OF_RESOURCE_HEALTH),
    ],
};
/// Go `v1.ScaleIOVolumeSource`.
pub(super) static SCALE_IO_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "ScaleIOVolumeSource",
    fields: &[
        field("gateway", "", "", false, &PRIM_STRING),
        field("system", "", "", false, &PRIM_STRING),
        field("secretRef", "", "", true, &LOCAL_OBJECT_REFERENCE),
        field("sslEnabled", "", "", false, &PRIM_BOOL),
        field("protectionDomain", "", "", false, &PRIM_STRING),
        field("storagePool", "", "", false, &PRIM_STRING),
        field("storageMode", "", "", false, &PRIM_STRING),
        field("volumeName", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
    ],
};
/// Go `v1.SeccompProfile`.
pub(super) static SECCOMP_PROFILE: TypeMeta = TypeMeta::Struct {
    name: "SeccompProfile",
    fields: &[
        field("type", "", "", false, &PRIM_STRING),
        field("localhostProfile", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.SecretEnvSource`.
pub(super) static SECRET_ENV_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "SecretEnvSource",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("optional", "", "", true, &PRIM_BOOL),
    ],
};
/// Go `v1.SecretKeySelector`.
pub(super) static SECRET_KEY_SELECTOR: TypeMeta = TypeMeta::Struct {
    name: "SecretKeySelector",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("key", "", "", false, &PRIM_STRING),
        field("optional", "", "", true, &PRIM_BOOL),
    ],
};
/// Go `v1.SecretProjection`.
pub(super) static SECRET_PROJECTION: TypeMeta = TypeMeta::Struct {
    name: "SecretProjection",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("items", "", "", false, &SLICE_OF_KEY_TO_PATH),
        field("optional", "", "", true, &PRIM_BOOL),
    ],
};
/// Go `v1.SecretVolumeSource`.
pub(super) static SECRET_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "SecretVolumeSource",
    fields: &[
        field("secretName", "", "", false, &PRIM_STRING),
        field("items", "", "", false, &SLICE_OF_KEY_TO_PATH),
        field("defaultMode", "", "", true, &PRIM_INT32),
        field("optional", "", "", true, &PRIM_BOOL),
        field("defaultUser", "", "", true, &PRIM_INT64),
    ],
};
/// Go `v1.SecurityContext`.
pub(super) static SECURITY_CONTEXT: TypeMeta = TypeMeta::Struct {
    name: "SecurityContext",
    fields: &[
        field("capabilities", "", "", true, &CAPABILITIES),
        field("privileged", "", "", true, &PRIM_BOOL),
        field("seLinuxOptions", "", "", true, &SE_LINUX_OPTIONS),
        field(
            "windowsOptions",
            "",
            "",
            true,
            &WINDOWS_SECURITY_CONTEXT_OPTIONS,
        ),
        field("runAsUser", "", "", true, &PRIM_INT64),
        field("runAsGroup", "", "", true, &PRIM_INT64),
        field("runAsNonRoot", "", "", true, &PRIM_BOOL),
        field("readOnlyRootFilesystem", "", "", true, &PRIM_BOOL),
        field("allowPrivilegeEscalation", "", "", true, &PRIM_BOOL),
        field("procMount", "", "", true, &PRIM_STRING),
        field("seccompProfile", "", "", true, &SECCOMP_PROFILE),
        field("appArmorProfile", "", "", true, &APP_ARMOR_PROFILE),
    ],
};
/// Go `v1.ServiceAccountTokenProjection`.
pub(super) static SERVICE_ACCOUNT_TOKEN_PROJECTION: TypeMeta = TypeMeta::Struct {
    name: "ServiceAccountTokenProjection",
    fields: &[
        field("audience", "", "", false, &PRIM_STRING),
        field("expirationSeconds", "", "", true, &PRIM_INT64),
        field("path", "", "", false, &PRIM_STRING),
        field("user", "", "", true, &PRIM_INT64),
    ],
};
/// Go `v1.SELinuxOptions`.
pub(super) static SE_LINUX_OPTIONS: TypeMeta = TypeMeta::Struct {
    name: "SELinuxOptions",
    fields: &[
        field("user", "", "", false, &PRIM_STRING),
        field("role", "", "", false, &PRIM_STRING),
        field("type", "", "", false, &PRIM_STRING),
        field("level", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.SleepAction`.
pub(super) static SLEEP_ACTION: TypeMeta = TypeMeta::Struct {
    name: "SleepAction",
    fields: &[field("seconds", "", "", false, &PRIM_INT64)],
};
pub(super) static SLICE_OF_CONTAINER: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &CONTAINER,
};
pub(super) static SLICE_OF_CONTAINER_EXTENDED_RESOURCE_REQUEST: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &CONTAINER_EXTENDED_RESOURCE_REQUEST,
};
pub(super) static SLICE_OF_CONTAINER_PORT: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &CONTAINER_PORT,
};
pub(super) static SLICE_OF_CONTAINER_RESIZE_POLICY: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &CONTAINER_RESIZE_POLICY,
};
pub(super) static SLICE_OF_CONTAINER_RESTART_RULE: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &CONTAINER_RESTART_RULE,
};
pub(super) static SLICE_OF_CONTAINER_STATUS: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &CONTAINER_STATUS,
};
pub(super) static SLICE_OF_DOWNWARD_API_VOLUME_FILE: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &DOWNWARD_API_VOLUME_FILE,
};
pub(super) static SLICE_OF_ENV_FROM_SOURCE: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &ENV_FROM_SOURCE,
};
pub(super) static SLICE_OF_ENV_VAR: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &ENV_VAR,
};
pub(super) static SLICE_OF_EPHEMERAL_CONTAINER: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &EPHEMERAL_CONTAINER,
};
pub(super) static SLICE_OF_EVICTION_RESPONDER: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &EVICTION_RESPONDER,
};
pub(super) static SLICE_OF_HOST_ALIAS: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &HOST_ALIAS,
};
pub(super) static SLICE_OF_HOST_IP: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &HOST_IP,
};
pub(super) static SLICE_OF_HTTP_HEADER: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &HTTP_HEADER,
};
pub(super) static SLICE_OF_KEY_TO_PATH: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &KEY_TO_PATH,
};
pub(super) static SLICE_OF_LABEL_SELECTOR_REQUIREMENT: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &LABEL_SELECTOR_REQUIREMENT,
};
pub(super) static SLICE_OF_LOCAL_OBJECT_REFERENCE: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &LOCAL_OBJECT_REFERENCE,
};
pub(super) static SLICE_OF_MANAGED_FIELDS_ENTRY: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &MANAGED_FIELDS_ENTRY,
};
pub(super) static SLICE_OF_NODE_ALLOCATABLE_MAPPED_RESOURCES: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &NODE_ALLOCATABLE_MAPPED_RESOURCES,
};
pub(super) static SLICE_OF_NODE_ALLOCATABLE_OVERHEAD_RESOURCES: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &NODE_ALLOCATABLE_OVERHEAD_RESOURCES,
};
pub(super) static SLICE_OF_NODE_ALLOCATABLE_RESOURCE_CLAIM_STATUS: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &NODE_ALLOCATABLE_RESOURCE_CLAIM_STATUS,
};
pub(super) static SLICE_OF_NODE_SELECTOR_REQUIREMENT: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &NODE_SELECTOR_REQUIREMENT,
};
pub(super) static SLICE_OF_NODE_SELECTOR_TERM: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &NODE_SELECTOR_TERM,
};
pub(super) static SLICE_OF_OWNER_REFERENCE: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &OWNER_REFERENCE,
};
pub(super) static SLICE_OF_POD_AFFINITY_TERM: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &POD_AFFINITY_TERM,
};
pub(super) static SLICE_OF_POD_CONDITION: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &POD_CONDITION,
};
pub(super) static SLICE_OF_POD_DNS_CONFIG_OPTION: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &POD_DNS_CONFIG_OPTION,
};
pub(super) static SLICE_OF_POD_IP: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &POD_IP,
};
pub(super) static SLICE_OF_POD_READINESS_GATE: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &POD_READINESS_GATE,
};
pub(super) static SLICE_OF_POD_RESOURCE_CLAIM: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &POD_RESOURCE_CLAIM,
};
pub(super) static SLICE_OF_POD_RESOURCE_CLAIM_STATUS: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &POD_RESOURCE_CLAIM_STATUS,
};
pub(super) static SLICE_OF_POD_SCHEDULING_GATE: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &POD_SCHEDULING_GATE,
};
pub(super) static SLICE_OF_POD_VOLUME_HEALTH: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &POD_VOLUME_HEALTH,
};
pub(super) static SLICE_OF_PREFERRED_SCHEDULING_TERM: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &PREFERRED_SCHEDULING_TERM,
};
pub(super) static SLICE_OF_PRIM_INT32: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &PRIM_INT32,
};
pub(super) static SLICE_OF_PRIM_INT64: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &PRIM_INT64,
};
pub(super) static SLICE_OF_PRIM_STRING: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &PRIM_STRING,
};
pub(super) static SLICE_OF_RESOURCE_CLAIM: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &RESOURCE_CLAIM,
};
pub(super) static SLICE_OF_RESOURCE_HEALTH: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &RESOURCE_HEALTH,
};
pub(super) static SLICE_OF_RESOURCE_STATUS: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &RESOURCE_STATUS,
};
pub(super) static SLICE_OF_SYSCTL: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &SYSCTL,
};
pub(super) static SLICE_OF_TOLERATION: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &TOLERATION,
};
pub(super) static SLICE_OF_TOPOLOGY_SPREAD_CONSTRAINT: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &TOPOLOGY_SPREAD_CONSTRAINT,
};
pub(super) static SLICE_OF_VOLUME: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &VOLUME,
};
pub(super) static SLICE_OF_VOLUME_DEVICE: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &VOLUME_DEVICE,
};
pub(super) static SLICE_OF_VOLUME_HEALTH_CONDITION: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &VOLUME_HEALTH_CONDITION,
};
pub(super) static SLICE_OF_VOLUME_MOUNT: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &VOLUME_MOUNT,
};
pub(super) static SLICE_OF_VOLUME_MOUNT_STATUS: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &VOLUME_MOUNT_STATUS,
};
pub(super) static SLICE_OF_VOLUME_PROJECTION: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &VOLUME_PROJECTION,
};
pub(super) static SLICE_OF_WEIGHTED_POD_AFFINITY_TERM: TypeMeta = TypeMeta::Slice {
    elem_ptr: false,
    elem: &WEIGHTED_POD_AFFINITY_TERM,
};
/// Go `v1.StorageOSVolumeSource`.
pub(super) static STORAGE_OS_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "StorageOSVolumeSource",
    fields: &[
        field("volumeName", "", "", false, &PRIM_STRING),
        field("volumeNamespace", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
        field("secretRef", "", "", true, &LOCAL_OBJECT_REFERENCE),
    ],
};
/// Go `v1.Sysctl`.
pub(super) static SYSCTL: TypeMeta = TypeMeta::Struct {
    name: "Sysctl",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("value", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.TCPSocketAction`.
pub(super) static TCP_SOCKET_ACTION: TypeMeta = TypeMeta::Struct {
    name: "TCPSocketAction",
    fields: &[
        field("port", "", "", false, &INT_OR_STRING),
        field("host", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.Time`.
pub(super) static TIME: TypeMeta = TypeMeta::Struct {
    name: "Time",
    fields: &[],
};
/// Go `v1.Toleration`.
pub(super) static TOLERATION: TypeMeta = TypeMeta::Struct {
    name: "Toleration",
    fields: &[
        field("key", "", "", false, &PRIM_STRING),
        field("operator", "", "", false, &PRIM_STRING),
        field("value", "", "", false, &PRIM_STRING),
        field("effect", "", "", false, &PRIM_STRING),
        field("tolerationSeconds", "", "", true, &PRIM_INT64),
    ],
};
/// Go `v1.TopologySpreadConstraint`.
pub(super) static TOPOLOGY_SPREAD_CONSTRAINT: TypeMeta = TypeMeta::Struct {
    name: "TopologySpreadConstraint",
    fields: &[
        field("maxSkew", "", "", false, &PRIM_INT32),
        field("topologyKey", "", "", false, &PRIM_STRING),
        field("whenUnsatisfiable", "", "", false, &PRIM_STRING),
        field("labelSelector", "", "", true, &LABEL_SELECTOR),
        field("minDomains", "", "", true, &PRIM_INT32),
        field("nodeAffinityPolicy", "", "", true, &PRIM_STRING),
        field("nodeTaintsPolicy", "", "", true, &PRIM_STRING),
        field("matchLabelKeys", "", "", false, &SLICE_OF_PRIM_STRING),
    ],
};
/// Go `v1.TypedLocalObjectReference`.
pub(super) static TYPED_LOCAL_OBJECT_REFERENCE: TypeMeta = TypeMeta::Struct {
    name: "TypedLocalObjectReference",
    fields: &[
        field("apiGroup", "", "", true, &PRIM_STRING),
        field("kind", "", "", false, &PRIM_STRING),
        field("name", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.TypedObjectReference`.
pub(super) static TYPED_OBJECT_REFERENCE: TypeMeta = TypeMeta::Struct {
    name: "TypedObjectReference",
    fields: &[
        field("apiGroup", "", "", true, &PRIM_STRING),
        field("kind", "", "", false, &PRIM_STRING),
        field("name", "", "", false, &PRIM_STRING),
        field("namespace", "", "", true, &PRIM_STRING),
    ],
};
/// Go `v1.Volume`.
pub(super) static VOLUME: TypeMeta = TypeMeta::Struct {
    name: "Volume",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("hostPath", "", "", true, &HOST_PATH_VOLUME_SOURCE),
        field("emptyDir", "", "", true, &EMPTY_DIR_VOLUME_SOURCE),
        field(
            "gcePersistentDisk",
            "",
            "",
            true,
            &GCE_PERSISTENT_DISK_VOLUME_SOURCE,
        ),
        field(
            "awsElasticBlockStore",
            "",
            "",
            true,
            &AWS_ELASTIC_BLOCK_STORE_VOLUME_SOURCE,
        ),
        field("gitRepo", "", "", true, &GIT_REPO_VOLUME_SOURCE),
        field("secret", "", "", true, &SECRET_VOLUME_SOURCE),
        field("nfs", "", "", true, &NFS_VOLUME_SOURCE),
        field("iscsi", "", "", true, &ISCSI_VOLUME_SOURCE),
        field("glusterfs", "", "", true, &GLUSTERFS_VOLUME_SOURCE),
        field(
            "persistentVolumeClaim",
            "",
            "",
            true,
            &PERSISTENT_VOLUME_CLAIM_VOLUME_SOURCE,
        ),
        field("rbd", "", "", true, &RBD_VOLUME_SOURCE),
        field("flexVolume", "", "", true, &FLEX_VOLUME_SOURCE),
        field("cinder", "", "", true, &CINDER_VOLUME_SOURCE),
        field("cephfs", "", "", true, &CEPH_FS_VOLUME_SOURCE),
        field("flocker", "", "", true, &FLOCKER_VOLUME_SOURCE),
        field("downwardAPI", "", "", true, &DOWNWARD_API_VOLUME_SOURCE),
        field("fc", "", "", true, &FC_VOLUME_SOURCE),
        field("azureFile", "", "", true, &AZURE_FILE_VOLUME_SOURCE),
        field("configMap", "", "", true, &CONFIG_MAP_VOLUME_SOURCE),
        field(
            "vsphereVolume",
            "",
            "",
            true,
            &VSPHERE_VIRTUAL_DISK_VOLUME_SOURCE,
        ),
        field("quobyte", "", "", true, &QUOBYTE_VOLUME_SOURCE),
        field("azureDisk", "", "", true, &AZURE_DISK_VOLUME_SOURCE),
        field(
            "photonPersistentDisk",
            "",
            "",
            true,
            &PHOTON_PERSISTENT_DISK_VOLUME_SOURCE,
        ),
        field("projected", "", "", true, &PROJECTED_VOLUME_SOURCE),
        field("portworxVolume", "", "", true, &PORTWORX_VOLUME_SOURCE),
        field("scaleIO", "", "", true, &SCALE_IO_VOLUME_SOURCE),
        field("storageos", "", "", true, &STORAGE_OS_VOLUME_SOURCE),
        field("csi", "", "", true, &CSI_VOLUME_SOURCE),
        field("ephemeral", "", "", true, &EPHEMERAL_VOLUME_SOURCE),
        field("image", "", "", true, &IMAGE_VOLUME_SOURCE),
    ],
};
/// Go `v1.VolumeDevice`.
pub(super) static VOLUME_DEVICE: TypeMeta = TypeMeta::Struct {
    name: "VolumeDevice",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("devicePath", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.VolumeHealthCondition`.
pub(super) static VOLUME_HEALTH_CONDITION: TypeMeta = TypeMeta::Struct {
    name: "VolumeHealthCondition",
    fields: &[
        field("status", "", "", false, &PRIM_STRING),
        field("reason", "", "", false, &PRIM_STRING),
        field("message", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.VolumeMount`.
pub(super) static VOLUME_MOUNT: TypeMeta = TypeMeta::Struct {
    name: "VolumeMount",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
        field("recursiveReadOnly", "", "", true, &PRIM_STRING),
        field("mountPath", "", "", false, &PRIM_STRING),
        field("subPath", "", "", false, &PRIM_STRING),
        field("mountPropagation", "", "", true, &PRIM_STRING),
        field("subPathExpr", "", "", false, &PRIM_STRING),
        field("bindMountOptions", "", "", false, &SLICE_OF_PRIM_STRING),
    ],
};
/// Go `v1.VolumeMountStatus`.
pub(super) static VOLUME_MOUNT_STATUS: TypeMeta = TypeMeta::Struct {
    name: "VolumeMountStatus",
    fields: &[
        field("name", "", "", false, &PRIM_STRING),
        field("mountPath", "", "", false, &PRIM_STRING),
        field("readOnly", "", "", false, &PRIM_BOOL),
        field("recursiveReadOnly", "", "", true, &PRIM_STRING),
        field("volumeStatus", "", "", true, &VOLUME_STATUS),
    ],
};
/// Go `v1.VolumeProjection`.
pub(super) static VOLUME_PROJECTION: TypeMeta = TypeMeta::Struct {
    name: "VolumeProjection",
    fields: &[
        field("secret", "", "", true, &SECRET_PROJECTION),
        field("downwardAPI", "", "", true, &DOWNWARD_API_PROJECTION),
        field("configMap", "", "", true, &CONFIG_MAP_PROJECTION),
        field(
            "serviceAccountToken",
            "",
            "",
            true,
            &SERVICE_ACCOUNT_TOKEN_PROJECTION,
        ),
        field(
            "clusterTrustBundle",
            "",
            "",
            true,
            &CLUSTER_TRUST_BUNDLE_PROJECTION,
        ),
        field("podCertificate", "", "", true, &POD_CERTIFICATE_PROJECTION),
    ],
};
/// Go `v1.VolumeResourceRequirements`.
pub(super) static VOLUME_RESOURCE_REQUIREMENTS: TypeMeta = TypeMeta::Struct {
    name: "VolumeResourceRequirements",
    fields: &[
        field("limits", "", "", false, &MAP_OF_QUANTITY),
        field("requests", "", "", false, &MAP_OF_QUANTITY),
    ],
};
/// Go `v1.VolumeStatus`.
pub(super) static VOLUME_STATUS: TypeMeta = TypeMeta::Struct {
    name: "VolumeStatus",
    fields: &[field("image", "", "", true, &IMAGE_VOLUME_STATUS)],
};
/// Go `v1.VsphereVirtualDiskVolumeSource`.
pub(super) static VSPHERE_VIRTUAL_DISK_VOLUME_SOURCE: TypeMeta = TypeMeta::Struct {
    name: "VsphereVirtualDiskVolumeSource",
    fields: &[
        field("volumePath", "", "", false, &PRIM_STRING),
        field("fsType", "", "", false, &PRIM_STRING),
        field("storagePolicyName", "", "", false, &PRIM_STRING),
        field("storagePolicyID", "", "", false, &PRIM_STRING),
    ],
};
/// Go `v1.WeightedPodAffinityTerm`.
pub(super) static WEIGHTED_POD_AFFINITY_TERM: TypeMeta = TypeMeta::Struct {
    name: "WeightedPodAffinityTerm",
    fields: &[
        field("weight", "", "", false, &PRIM_INT32),
        field("podAffinityTerm", "", "", false, &POD_AFFINITY_TERM),
    ],
};
/// Go `v1.WindowsSecurityContextOptions`.
pub(super) static WINDOWS_SECURITY_CONTEXT_OPTIONS: TypeMeta = TypeMeta::Struct {
    name: "WindowsSecurityContextOptions",
    fields: &[
        field("gmsaCredentialSpecName", "", "", true, &PRIM_STRING),
        field("gmsaCredentialSpec", "", "", true, &PRIM_STRING),
        field("runAsUserName", "", "", true, &PRIM_STRING),
        field("hostProcess", "", "", true, &PRIM_BOOL),
    ],
};
