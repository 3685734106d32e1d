//! The Kubernetes Go type schema: what Go's struct definitions (and `encoding/json`'s view of them) say about
//! every type reachable from the workload kinds the injector handles.
//!
//! The tables live in the generated `schema_gen` module (written by `tools/kube-schema-gen` from k8s.io/api
//! v0.36.1 by reflection). Struct fields are listed as `encoding/json` sees them: fields of embedded structs
//! without a JSON name (`TypeMeta`, `ProbeHandler`, `VolumeSource`, ...) are promoted into the embedding struct.
//! All lookups are binary searches over sorted static tables.

use serde_json::{Map, Value};

use super::schema_gen::{ROOTS, STRUCTS};

/// Width and signedness of a Go integer type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntKind {
    /// `int8`
    I8,
    /// `int16`
    I16,
    /// `int32`
    I32,
    /// `int64` and `int`
    I64,
    /// `uint8`
    U8,
    /// `uint16`
    U16,
    /// `uint32`
    U32,
    /// `uint64` and `uint`
    U64,
}

impl IntKind {
    /// The inclusive range of values the type holds.
    pub fn range(self) -> (i128, i128) {
        match self {
            IntKind::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntKind::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntKind::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntKind::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntKind::U8 => (0, u8::MAX.into()),
            IntKind::U16 => (0, u16::MAX.into()),
            IntKind::U32 => (0, u32::MAX.into()),
            IntKind::U64 => (0, u64::MAX.into()),
        }
    }

    /// Whether the type is unsigned.
    pub fn is_unsigned(self) -> bool {
        matches!(
            self,
            IntKind::U8 | IntKind::U16 | IntKind::U32 | IntKind::U64
        )
    }
}

/// The shape of a Go type, as far as JSON (de)serialisation is concerned.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// `bool`
    Bool,
    /// `string` or a named string type (e.g. `corev1.Protocol`).
    String,
    /// An integer type.
    Int(IntKind),
    /// `resource.Quantity`.
    Quantity,
    /// `intstr.IntOrString`.
    IntOrString,
    /// `metav1.Time` (RFC 3339, seconds precision, `null` when zero).
    Time,
    /// Raw JSON kept verbatim (`runtime.RawExtension`, `metav1.FieldsV1`).
    Raw,
    /// A struct; index into the struct table (resolve with [`GoType::struct_def`]).
    Struct(usize),
    /// `*X`
    Pointer(&'static GoType),
    /// `[]X`
    Slice(&'static GoType),
    /// `map[string]X` (every map in the schema has a string-kinded key).
    Map(&'static GoType),
}

/// A Go type reference.
#[derive(Debug)]
pub struct GoType {
    /// The type as `reflect.Type.String()` spells it (`v1.Container`, `*int32`, `[]v1.EnvVar`), used in errors.
    pub go_type: &'static str,
    /// The qualified name of a named type (`corev1.Protocol`, `metav1.Time`); empty for unnamed types.
    pub name: &'static str,
    /// The JSON-relevant shape.
    pub shape: Shape,
}

/// One JSON-visible field of a struct.
#[derive(Debug)]
pub struct FieldDef {
    /// The Go field name.
    pub go_name: &'static str,
    /// The JSON key.
    pub json_name: &'static str,
    /// The `omitempty` tag option.
    pub omit_empty: bool,
    /// The `omitzero` tag option.
    pub omit_zero: bool,
    /// Go names of the embedded structs the field is promoted through (empty for a direct field).
    pub via: &'static [&'static str],
    /// The field's type.
    pub ty: &'static GoType,
    /// The `patchStrategy` tag (`merge`, `retainKeys`, `merge,retainKeys`, `replace`) or empty.
    pub patch_strategy: &'static str,
    /// The `patchMergeKey` tag or empty.
    pub patch_merge_key: &'static str,
}

/// A struct type.
#[derive(Debug)]
pub struct StructDef {
    /// Qualified name, e.g. `corev1.PodSpec`, `appsv1.Deployment`, `openshiftappsv1.DeploymentConfig`.
    pub name: &'static str,
    /// The type as `reflect.Type.String()` spells it, e.g. `v1.PodSpec`.
    pub go_type: &'static str,
    /// JSON-visible fields (promoted ones included), sorted by JSON name.
    pub fields: &'static [FieldDef],
    /// Indexes into `fields`, sorted by Go name.
    pub by_go_name: &'static [u16],
    /// Indexes into `fields` in `encoding/json`'s output order (declaration order, embedded fields in place).
    pub decl_order: &'static [u16],
    /// Embedded structs whose fields are promoted: (Go field name, qualified type name).
    pub embeds: &'static [(&'static str, &'static str)],
}

/// A top-level kind.
#[derive(Debug)]
pub struct Root {
    /// `apiVersion` (`v1`, `apps/v1`, `batch/v1`, `apps.openshift.io/v1`).
    pub api_version: &'static str,
    /// `kind`.
    pub kind: &'static str,
    /// Index of the kind's struct.
    pub struct_index: usize,
}

/// The strategic-merge metadata of a field: what a `PatchMeta` lookup needs.
#[derive(Debug, Clone, Copy)]
pub struct PatchInfo {
    /// The `patchStrategy` tag, possibly empty or comma-separated.
    pub strategy: &'static str,
    /// The `patchMergeKey` tag, possibly empty.
    pub merge_key: &'static str,
    /// The field's type.
    pub ty: &'static GoType,
}

impl PatchInfo {
    /// Whether the strategy list names `s` (e.g. `merge` or `retainKeys`).
    pub fn has_strategy(&self, s: &str) -> bool {
        self.strategy.split(',').any(|x| x == s)
    }

    /// Slice element or map value type, seen through pointers.
    pub fn elem(&self) -> Option<&'static GoType> {
        self.ty.strip_pointers().elem()
    }
}

/// `a.cmp(b)` (byte order), deciding on the first byte when it differs without a `memcmp` call (the common
/// case in the binary searches over field and type names).
fn name_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    match a.as_bytes().first().cmp(&b.as_bytes().first()) {
        std::cmp::Ordering::Equal => a.cmp(b),
        other => other,
    }
}

/// Looks up a struct by qualified name (`corev1.Container`).
pub fn struct_by_name(name: &str) -> Option<&'static StructDef> {
    STRUCTS
        .binary_search_by(|s| name_cmp(s.name, name))
        .ok()
        .map(|i| &STRUCTS[i])
}

/// Looks up the struct of a top-level kind by `apiVersion` and `kind`.
pub fn root(api_version: &str, kind: &str) -> Option<&'static StructDef> {
    ROOTS
        .binary_search_by(|r| (r.api_version, r.kind).cmp(&(api_version, kind)))
        .ok()
        .and_then(|i| STRUCTS.get(ROOTS[i].struct_index))
}

/// Looks up the struct of a top-level kind by `kind` alone, as Istio's kube-inject scheme does (its kinds are
/// also registered unversioned, so any `apiVersion` resolves by kind).
pub fn root_by_kind(kind: &str) -> Option<&'static StructDef> {
    ROOTS
        .iter()
        .find(|r| r.kind == kind)
        .and_then(|r| STRUCTS.get(r.struct_index))
}

/// All root kinds, sorted by (apiVersion, kind).
pub fn roots() -> &'static [Root] {
    ROOTS
}

/// All struct types, sorted by qualified name.
pub fn structs() -> &'static [StructDef] {
    STRUCTS
}

impl GoType {
    /// The struct this type is (not through pointers).
    pub fn struct_def(&self) -> Option<&'static StructDef> {
        match self.shape {
            Shape::Struct(i) => STRUCTS.get(i),
            _ => None,
        }
    }

    /// The type with all pointer levels removed.
    pub fn strip_pointers(&self) -> &GoType {
        let mut t = self;
        while let Shape::Pointer(inner) = t.shape {
            t = inner;
        }
        t
    }

    /// Slice element or map value type (not through pointers).
    pub fn elem(&self) -> Option<&'static GoType> {
        match self.shape {
            Shape::Slice(e) | Shape::Map(e) => Some(e),
            _ => None,
        }
    }

    /// The struct a strategic merge descends into for this type: pointers removed, then the slice element or
    /// map value (again without pointers) when the type is a slice or map.
    pub fn element_struct(&self) -> Option<&'static StructDef> {
        let t = self.strip_pointers();
        match t.elem() {
            Some(e) => e.strip_pointers().struct_def(),
            None => t.struct_def(),
        }
    }

    /// Whether the type is a pointer.
    pub fn is_pointer(&self) -> bool {
        matches!(self.shape, Shape::Pointer(_))
    }

    /// Whether the type is a plain (non-pointer) struct in the schema's struct table.
    pub fn is_struct(&self) -> bool {
        matches!(self.shape, Shape::Struct(_))
    }

    /// Whether the type is a slice.
    pub fn is_slice(&self) -> bool {
        matches!(self.shape, Shape::Slice(_))
    }

    /// Whether the type is a map.
    pub fn is_map(&self) -> bool {
        matches!(self.shape, Shape::Map(_))
    }

    /// The JSON `encoding/json` produces for the type's zero value.
    pub fn zero_value(&self) -> Value {
        match self.shape {
            Shape::Bool => Value::Bool(false),
            Shape::String => Value::String(String::new()),
            Shape::Int(_) | Shape::IntOrString => Value::from(0),
            Shape::Quantity => Value::String("0".to_string()),
            Shape::Time | Shape::Raw | Shape::Pointer(_) | Shape::Slice(_) | Shape::Map(_) => {
                Value::Null
            }
            Shape::Struct(i) => STRUCTS.get(i).map_or(Value::Null, StructDef::zero_value),
        }
    }
}

impl StructDef {
    /// A field by JSON name (case-sensitive, as Kubernetes decodes).
    pub fn field(&self, json_name: &str) -> Option<&'static FieldDef> {
        let fields = self.fields;
        self.field_index(json_name).map(|i| &fields[i])
    }

    /// The index in [`StructDef::fields`] of a field by JSON name.
    pub fn field_index(&self, json_name: &str) -> Option<usize> {
        self.fields
            .binary_search_by(|f| name_cmp(f.json_name, json_name))
            .ok()
    }

    /// The index of a field by JSON name, scanning `fields[from..]` in order (cheap length and first-byte checks
    /// before comparing names). For keys visited in sorted order, each scan starts after the previous key's
    /// field, so a whole object costs one pass over the fields.
    pub(crate) fn field_scan(&self, from: usize, json_name: &str) -> Option<usize> {
        let name = json_name.as_bytes();
        let first = name.first();
        self.fields
            .get(from..)?
            .iter()
            .position(|f| {
                let candidate = f.json_name.as_bytes();
                candidate.len() == name.len() && candidate.first() == first && candidate == name
            })
            .map(|i| from + i)
    }

    /// A field by Go name, promoted fields of embedded structs included.
    pub fn field_by_go_name(&self, go_name: &str) -> Option<&'static FieldDef> {
        let fields = self.fields;
        self.by_go_name
            .binary_search_by(|&i| {
                fields
                    .get(usize::from(i))
                    .map_or("", |f| f.go_name)
                    .cmp(go_name)
            })
            .ok()
            .and_then(|k| fields.get(usize::from(self.by_go_name[k])))
    }

    /// The fields in `encoding/json`'s output order.
    pub fn fields_in_decl_order(&self) -> impl Iterator<Item = &'static FieldDef> {
        let fields = self.fields;
        self.decl_order
            .iter()
            .filter_map(move |&i| fields.get(usize::from(i)))
    }

    /// Strategy, merge key and type of the field with this JSON name.
    pub fn patch_info(&self, json_name: &str) -> Option<PatchInfo> {
        self.field(json_name).map(FieldDef::patch_info)
    }

    /// The JSON `encoding/json` produces for the struct's zero value: omitted `omitempty`/`omitzero` fields
    /// left out, every other field at its type's zero.
    pub fn zero_value(&self) -> Value {
        let mut out = Map::new();
        for f in self.fields {
            if f.omit_zero || (f.omit_empty && f.ty.omitempty_applies()) {
                continue;
            }
            out.insert(f.json_name.to_string(), f.ty.zero_value());
        }
        Value::Object(out)
    }
}

impl GoType {
    /// Whether `omitempty` can ever omit a value of this type (Go never omits structs).
    pub(crate) fn omitempty_applies(&self) -> bool {
        !matches!(
            self.shape,
            Shape::Struct(_) | Shape::Quantity | Shape::IntOrString | Shape::Time | Shape::Raw
        )
    }
}

impl FieldDef {
    /// Strategic-merge metadata of the field.
    pub fn patch_info(&self) -> PatchInfo {
        PatchInfo {
            strategy: self.patch_strategy,
            merge_key: self.patch_merge_key,
            ty: self.ty,
        }
    }

    /// The merge key, if the field has one.
    pub fn merge_key(&self) -> Option<&'static str> {
        (!self.patch_merge_key.is_empty()).then_some(self.patch_merge_key)
    }

    /// Whether the field is promoted from an embedded struct.
    pub fn is_promoted(&self) -> bool {
        !self.via.is_empty()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn field_scan_finds_what_binary_search_finds() {
        for s in STRUCTS {
            for (i, f) in s.fields.iter().enumerate() {
                assert_eq!(s.field_index(f.json_name), Some(i));
                assert_eq!(s.field_scan(0, f.json_name), Some(i));
                assert_eq!(s.field_scan(i, f.json_name), Some(i));
                assert_eq!(s.field_scan(i + 1, f.json_name), None);
            }
            for unknown in ["", "x", "zzzzzz", "Name", "nam"] {
                assert_eq!(s.field_scan(0, unknown), s.field_index(unknown));
            }
            assert_eq!(s.field_scan(s.fields.len() + 1, "name"), None);
        }
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(STRUCTS.windows(2).all(|w| w[0].name < w[1].name));
        assert!(ROOTS
            .windows(2)
            .all(|w| (w[0].api_version, w[0].kind) < (w[1].api_version, w[1].kind)));
        for s in STRUCTS {
            assert!(
                s.fields.windows(2).all(|w| w[0].json_name < w[1].json_name),
                "{}",
                s.name
            );
            assert_eq!(s.by_go_name.len(), s.fields.len());
            let names: Vec<_> = s
                .by_go_name
                .iter()
                .map(|&i| s.fields[usize::from(i)].go_name)
                .collect();
            assert!(names.windows(2).all(|w| w[0] < w[1]), "{}", s.name);
        }
    }

    #[test]
    fn roots_resolve() {
        for (v, k, name) in [
            ("v1", "Pod", "corev1.Pod"),
            ("apps/v1", "Deployment", "appsv1.Deployment"),
            ("batch/v1", "CronJob", "batchv1.CronJob"),
            (
                "apps.openshift.io/v1",
                "DeploymentConfig",
                "openshiftappsv1.DeploymentConfig",
            ),
        ] {
            assert_eq!(root(v, k).map(|s| s.name), Some(name));
        }
        assert!(root("v1", "Service").is_none());
        assert_eq!(
            root_by_kind("DeploymentConfig").map(|s| s.name),
            Some("openshiftappsv1.DeploymentConfig")
        );
        assert!(root_by_kind("Service").is_none());
        assert!(root("apps/v1beta1", "Deployment").is_none());
    }

    #[test]
    fn promoted_fields_by_json_and_go_name() {
        let probe = struct_by_name("corev1.Probe").unwrap();
        let http = probe.field("httpGet").unwrap();
        assert_eq!(http.go_name, "HTTPGet");
        assert_eq!(http.via, &["ProbeHandler"]);
        assert!(http.ty.is_pointer());
        assert_eq!(
            http.ty.strip_pointers().struct_def().unwrap().name,
            "corev1.HTTPGetAction"
        );
        assert_eq!(
            probe.field_by_go_name("HTTPGet").unwrap().json_name,
            "httpGet"
        );
        assert!(
            probe.field("HTTPGet").is_none(),
            "JSON lookup is case-sensitive"
        );

        let pod = struct_by_name("corev1.Pod").unwrap();
        assert_eq!(pod.field("kind").unwrap().via, &["TypeMeta"]);
        assert_eq!(
            pod.field_by_go_name("APIVersion").unwrap().json_name,
            "apiVersion"
        );
        assert_eq!(pod.embeds, &[("TypeMeta", "metav1.TypeMeta")]);
        let meta = pod.field("metadata").unwrap();
        assert!(meta.ty.is_struct() && !meta.is_promoted());

        let volume = struct_by_name("corev1.Volume").unwrap();
        assert_eq!(volume.field("emptyDir").unwrap().via, &["VolumeSource"]);
    }

    #[test]
    fn patch_metadata() {
        let spec = struct_by_name("corev1.PodSpec").unwrap();
        let containers = spec.patch_info("containers").unwrap();
        assert!(containers.has_strategy("merge"));
        assert_eq!(containers.merge_key, "name");
        assert_eq!(
            containers.elem().unwrap().struct_def().unwrap().name,
            "corev1.Container"
        );
        let volumes = spec.patch_info("volumes").unwrap();
        assert!(volumes.has_strategy("merge") && volumes.has_strategy("retainKeys"));
        let meta = struct_by_name("metav1.ObjectMeta").unwrap();
        let finalizers = meta.field("finalizers").unwrap();
        assert!(finalizers.patch_info().has_strategy("merge"));
        assert_eq!(finalizers.merge_key(), None);
        assert!(matches!(finalizers.ty.elem().unwrap().shape, Shape::String));
        let strategy = struct_by_name("appsv1.DeploymentSpec")
            .unwrap()
            .patch_info("strategy")
            .unwrap();
        assert_eq!(strategy.strategy, "retainKeys");
    }

    #[test]
    fn field_shapes() {
        let c = struct_by_name("corev1.Container").unwrap();
        assert!(c.field("env").unwrap().ty.is_slice());
        assert!(c.field("resources").unwrap().ty.is_struct());
        assert!(c.field("securityContext").unwrap().ty.is_pointer());
        let port = struct_by_name("corev1.ContainerPort").unwrap();
        assert!(matches!(
            port.field("containerPort").unwrap().ty.shape,
            Shape::Int(IntKind::I32)
        ));
        let proto = port.field("protocol").unwrap().ty;
        assert_eq!(
            (proto.name, proto.go_type),
            ("corev1.Protocol", "v1.Protocol")
        );
        let limits = struct_by_name("corev1.ResourceRequirements")
            .unwrap()
            .field("limits")
            .unwrap();
        assert!(limits.ty.is_map());
        assert!(matches!(limits.ty.elem().unwrap().shape, Shape::Quantity));
        let meta = struct_by_name("metav1.ObjectMeta")
            .unwrap()
            .field("creationTimestamp")
            .unwrap();
        assert!(meta.omit_zero && meta.omit_empty && matches!(meta.ty.shape, Shape::Time));
    }

    #[test]
    fn zero_values() {
        let z = struct_by_name("corev1.Container").unwrap().zero_value();
        assert_eq!(z, serde_json::json!({"name": "", "resources": {}}));
        let z = struct_by_name("corev1.HTTPGetAction").unwrap().zero_value();
        assert_eq!(z, serde_json::json!({"port": 0}));
        let z = struct_by_name("corev1.PodSpec").unwrap().zero_value();
        assert_eq!(z, serde_json::json!({"containers": null}));
        let z = struct_by_name("appsv1.Deployment").unwrap().zero_value();
        assert_eq!(
            z,
            serde_json::json!({"metadata": {}, "spec": {"selector": null, "strategy": {}, "template": {
                "metadata": {}, "spec": {"containers": null}}}, "status": {}})
        );
    }
}
