//! [`LookupPatchMeta`] over the generated Kubernetes schema ([`crate::kube::schema`]): the patch strategies and
//! merge keys of `core/v1.Pod` and every type reachable from it, answering as apimachinery's
//! `PatchMetaFromStruct` does by reflection (including the case-insensitive field-name fallback and the
//! pointer/slice handling of `LookupPatchMetadataForSlice`).

use super::meta::{LookupError, LookupPatchMeta, PatchMeta};
use crate::kube::schema::{struct_by_name, GoType, IntKind, Shape, StructDef};

/// A schema node: a struct named by the schema, a Go type, or a missing root (every lookup fails).
#[derive(Clone, Copy, Debug)]
enum Node {
    Struct(&'static StructDef),
    Type(&'static GoType),
    Missing(&'static str),
}

/// Handle on one node of the `core/v1` schema, for strategic merge.
#[derive(Clone, Copy, Debug)]
pub struct CoreV1PatchMeta(Node);

static STRING: GoType = GoType {
    go_type: "string",
    name: "",
    shape: Shape::String,
};
static INT32: GoType = GoType {
    go_type: "int32",
    name: "",
    shape: Shape::Int(IntKind::I32),
};
static INT64: GoType = GoType {
    go_type: "int64",
    name: "",
    shape: Shape::Int(IntKind::I64),
};

/// The exported Go fields of the types the schema models as opaque values (they have no JSON field names, so
/// reflection sees the Go names).
fn opaque_fields(shape: &Shape) -> &'static [(&'static str, &'static GoType)] {
    static QUANTITY: [(&str, &GoType); 1] = [("Format", &STRING)];
    static INT_OR_STRING: [(&str, &GoType); 3] =
        [("Type", &INT64), ("IntVal", &INT32), ("StrVal", &STRING)];
    match shape {
        Shape::Quantity => &QUANTITY,
        Shape::IntOrString => &INT_OR_STRING,
        _ => &[],
    }
}

fn int_kind_name(k: IntKind) -> &'static str {
    match k {
        IntKind::I8 => "int8",
        IntKind::I16 => "int16",
        IntKind::I32 => "int32",
        IntKind::I64 => "int64",
        IntKind::U8 => "uint8",
        IntKind::U16 => "uint16",
        IntKind::U32 => "uint32",
        IntKind::U64 => "uint64",
    }
}

/// Go's kind name of a type (`reflect.Kind.String()`).
fn kind_of(t: &GoType) -> &'static str {
    match t.shape {
        Shape::Pointer(_) => "ptr",
        Shape::Slice(_) => "slice",
        Shape::Map(_) => "map",
        Shape::Bool => "bool",
        Shape::String => "string",
        Shape::Int(k) => int_kind_name(k),
        Shape::Struct(_) | Shape::Quantity | Shape::IntOrString | Shape::Time | Shape::Raw => {
            "struct"
        }
    }
}

/// `reflect.Type.Name()` from `reflect.Type.String()`: `v1.PodSpec` → `PodSpec`.
fn short_name(go_type: &'static str) -> &'static str {
    go_type.rsplit('.').next().unwrap_or(go_type)
}

/// One field found by a lookup.
struct Found {
    ty: &'static GoType,
    meta: PatchMeta,
}

impl CoreV1PatchMeta {
    fn root(name: &'static str) -> Self {
        CoreV1PatchMeta(struct_by_name(name).map_or(Node::Missing(name), Node::Struct))
    }

    /// Metadata for a whole `core/v1.Pod`.
    pub fn pod() -> Self {
        Self::root("corev1.Pod")
    }

    /// Metadata for a single `core/v1.Container` (as Istio uses when re-applying a user container).
    pub fn container() -> Self {
        Self::root("corev1.Container")
    }

    fn kind(&self) -> &'static str {
        match self.0 {
            Node::Struct(_) | Node::Missing(_) => "struct",
            Node::Type(t) => kind_of(t),
        }
    }

    fn find_field(&self, key: &str) -> Result<Found, LookupError> {
        let t = match self.0 {
            Node::Struct(def) => return Self::struct_field(def, key),
            Node::Missing(name) => return Err(LookupError::Other(format!("no schema for {name}"))),
            Node::Type(t) => t.strip_pointers(),
        };
        if let Some(def) = t.struct_def() {
            return Self::struct_field(def, key);
        }
        if kind_of(t) != "struct" {
            return Err(LookupError::NotStruct { kind: kind_of(t) });
        }
        let fields = opaque_fields(&t.shape);
        fields
            .iter()
            .find(|(n, _)| *n == key)
            .or_else(|| fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(key)))
            .map(|&(_, ty)| Found {
                ty,
                meta: PatchMeta::default(),
            })
            .ok_or_else(|| LookupError::FieldNotFound {
                type_name: short_name(t.go_type),
                field: key.to_owned(),
            })
    }

    fn struct_field(def: &'static StructDef, key: &str) -> Result<Found, LookupError> {
        // Exact name first, otherwise the first case-insensitive match in declaration order (as encoding/json).
        let field = def.field(key).or_else(|| {
            def.decl_order
                .iter()
                .filter_map(|&i| def.fields.get(usize::from(i)))
                .find(|f| f.json_name.eq_ignore_ascii_case(key))
        });
        field
            .map(|f| Found {
                ty: f.ty,
                meta: PatchMeta {
                    strategies: f.patch_strategy,
                    merge_key: f.patch_merge_key,
                },
            })
            .ok_or_else(|| LookupError::FieldNotFound {
                type_name: short_name(def.go_type),
                field: key.to_owned(),
            })
    }
}

impl LookupPatchMeta for CoreV1PatchMeta {
    fn lookup_struct(self, key: &str) -> Result<(Self, PatchMeta), LookupError> {
        let f = self.find_field(key)?;
        Ok((CoreV1PatchMeta(Node::Type(f.ty)), f.meta))
    }

    fn lookup_slice(self, key: &str) -> Result<(Self, PatchMeta), LookupError> {
        let f = self.find_field(key)?;
        let (is_ptr, inner) = match f.ty.shape {
            Shape::Pointer(p) => (true, p),
            _ => (false, f.ty),
        };
        let elem = match inner.shape {
            Shape::Slice(e) => {
                if !is_ptr && e.is_slice() {
                    return Err(LookupError::SliceOfSlice);
                }
                e
            }
            // A pointer to a non-slice type stands for its pointee.
            _ if is_ptr => inner,
            _ => return Err(LookupError::NotSlice { kind: self.kind() }),
        };
        Ok((CoreV1PatchMeta(Node::Type(elem)), f.meta))
    }

    fn name(self) -> &'static str {
        self.kind()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pod_list_fields_have_tags() {
        let spec = CoreV1PatchMeta::pod()
            .lookup_struct("spec")
            .map(|(s, _)| s)
            .unwrap();
        let (container, meta) = spec.lookup_slice("containers").unwrap();
        assert_eq!(
            meta,
            PatchMeta {
                strategies: "merge",
                merge_key: "name"
            }
        );
        let (_, env) = container.lookup_slice("env").unwrap();
        assert_eq!(env.merge_key, "name");
        let (_, ports) = container.lookup_slice("ports").unwrap();
        assert_eq!(
            ports,
            PatchMeta {
                strategies: "merge",
                merge_key: "containerPort"
            }
        );
        let (_, volumes) = spec.lookup_slice("volumes").unwrap();
        assert_eq!(volumes.strategies, "merge,retainKeys");
        let (_, args) = container.lookup_slice("args").unwrap();
        assert_eq!(args, PatchMeta::default());
        let meta = CoreV1PatchMeta::pod().lookup_struct("metadata").unwrap().0;
        assert_eq!(
            meta.lookup_slice("finalizers").unwrap().1.strategies,
            "merge"
        );
        assert_eq!(
            meta.lookup_slice("ownerReferences").unwrap().1.merge_key,
            "uid"
        );
    }

    #[test]
    fn lookups_fail_like_apimachinery() {
        let pod = CoreV1PatchMeta::pod();
        assert_eq!(
            pod.lookup_struct("nope").unwrap_err().to_string(),
            "unable to find api field in struct Pod for the json field \"nope\""
        );
        let labels = pod
            .lookup_struct("metadata")
            .unwrap()
            .0
            .lookup_struct("labels")
            .unwrap()
            .0;
        assert_eq!(
            labels.lookup_struct("x").unwrap_err().to_string(),
            "merging an object in json but data type is not struct, instead is: map"
        );
        assert_eq!(
            pod.lookup_slice("metadata").unwrap_err().to_string(),
            "expected slice or array type, but got: struct"
        );
        // Case-insensitive fallback, as Go's JSON field matching.
        assert!(pod.lookup_struct("SPEC").is_ok());
        // A pointer field looked up as a slice yields its pointee.
        let c = CoreV1PatchMeta::container();
        let (sc, _) = c.lookup_slice("securityContext").unwrap();
        assert_eq!(sc.name(), "struct");
        assert_eq!(c.lookup_struct("securityContext").unwrap().0.name(), "ptr");
    }

    fn describe(r: Result<(CoreV1PatchMeta, PatchMeta), LookupError>) -> String {
        match r {
            Ok((s, m)) => format!("{}|{}|{}", m.strategies, m.merge_key, s.name()),
            Err(e) => format!("E:{e}"),
        }
    }

    /// Every field of every type reachable from Pod, looked up as a struct field and as a list field, plus an
    /// unknown and an upper-cased name per type, against apimachinery's `PatchMetaFromStruct` answers
    /// (`testdata/core_v1_lookups.tsv`: path, field, struct lookup, slice lookup).
    ///
    /// The answers were recorded against `k8s.io/api` v0.37.2, while the schema is v0.36.1 (the version Istio
    /// pins): rows naming a field that v0.37.2 added (or lying below one) are skipped, and their number is
    /// pinned so that a field missing for any other reason still fails; the one field whose patch tags v0.37.2
    /// added (`PodStatus.nodeAllocatableResourceClaimStatuses`) is expected untagged.
    #[test]
    fn every_lookup_matches_apimachinery() {
        const NEWER_API_ROWS: usize = 60;
        const TAGGED_IN_V0_37: (&str, &str, &str) = (
            "/s:status",
            "nodeAllocatableResourceClaimStatuses",
            "merge|resourceClaimName|",
        );
        let table = include_str!("testdata/core_v1_lookups.tsv");
        let (mut checked, mut newer) = (0, 0);
        'rows: for line in table.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            let [path, field, want_struct, want_slice] = cols[..] else {
                panic!("bad line {line:?}")
            };
            let mut node = CoreV1PatchMeta::pod();
            for step in path.split('/').filter(|s| !s.is_empty()) {
                let next = match step.split_once(':').unwrap() {
                    ("s", f) => node.lookup_struct(f),
                    (_, f) => node.lookup_slice(f),
                };
                match next {
                    Ok((n, _)) => node = n,
                    Err(LookupError::FieldNotFound { .. }) => {
                        newer += 1;
                        continue 'rows;
                    }
                    Err(e) => panic!("{path}: {e}"),
                }
            }
            let got_struct = describe(node.lookup_struct(field));
            if got_struct.starts_with("E:unable to find api field")
                && !want_struct.starts_with("E:")
            {
                newer += 1;
                continue;
            }
            let (mut want_struct, mut want_slice) = (want_struct.to_owned(), want_slice.to_owned());
            if (path, field) == (TAGGED_IN_V0_37.0, TAGGED_IN_V0_37.1) {
                want_struct = want_struct.replace(TAGGED_IN_V0_37.2, "||");
                want_slice = want_slice.replace(TAGGED_IN_V0_37.2, "||");
            }
            assert_eq!(got_struct, want_struct, "{path} {field} (struct)");
            assert_eq!(
                describe(node.lookup_slice(field)),
                want_slice,
                "{path} {field} (slice)"
            );
            checked += 1;
        }
        assert_eq!(
            newer, NEWER_API_ROWS,
            "rows naming fields newer than v0.36.1"
        );
        assert!(checked > 1400, "{checked}");
    }

    #[test]
    fn ephemeral_containers_flatten_embedded_fields() {
        let spec = CoreV1PatchMeta::pod().lookup_struct("spec").unwrap().0;
        let (eph, _) = spec.lookup_slice("ephemeralContainers").unwrap();
        assert_eq!(eph.lookup_slice("env").unwrap().1.merge_key, "name");
        assert!(eph.lookup_struct("targetContainerName").is_ok());
        let (vol, _) = spec.lookup_slice("volumes").unwrap();
        assert!(vol.lookup_struct("configMap").is_ok());
    }
}
