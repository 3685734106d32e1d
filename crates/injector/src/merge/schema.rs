//! A static [`LookupPatchMeta`] for `core/v1.Pod` and every type reachable from it, mirroring what
//! apimachinery's `PatchMetaFromStruct` derives from the Go struct tags by reflection (including the
//! case-insensitive field-name fallback and the pointer/slice handling of `LookupPatchMetadataForSlice`).

use super::core_v1_table as table;
use super::meta::{LookupError, LookupPatchMeta, PatchMeta};

/// One Go type of the static table.
#[derive(Debug)]
pub(super) enum TypeMeta {
    /// A struct with its JSON-visible fields (embedded structs flattened).
    Struct {
        /// Go type name.
        name: &'static str,
        /// Fields in declaration order.
        fields: &'static [FieldMeta],
    },
    /// A slice; `elem_ptr` tells whether the element type is a pointer.
    Slice {
        elem_ptr: bool,
        elem: &'static TypeMeta,
    },
    /// A Go map (e.g. labels, resource lists): it has no patch metadata of its own.
    Map,
    /// A scalar of the given Go kind.
    Primitive(&'static str),
}

/// One struct field of the static table.
#[derive(Debug)]
pub(super) struct FieldMeta {
    json: &'static str,
    meta: PatchMeta,
    ptr: bool,
    ty: &'static TypeMeta,
}

/// Builds a [`FieldMeta`] (used by the generated table).
pub(super) const fn field(
    json: &'static str,
    strategies: &'static str,
    merge_key: &'static str,
    ptr: bool,
    ty: &'static TypeMeta,
) -> FieldMeta {
    FieldMeta {
        json,
        meta: PatchMeta {
            strategies,
            merge_key,
        },
        ptr,
        ty,
    }
}

/// Handle on one node of the built-in `core/v1` patch metadata table.
#[derive(Clone, Copy, Debug)]
pub struct CoreV1PatchMeta {
    ty: &'static TypeMeta,
    ptr: bool,
}

impl CoreV1PatchMeta {
    /// Metadata for a whole `core/v1.Pod`.
    pub fn pod() -> Self {
        CoreV1PatchMeta {
            ty: &table::POD,
            ptr: false,
        }
    }

    /// Metadata for a single `core/v1.Container` (as Istio uses when re-applying a user container).
    pub fn container() -> Self {
        CoreV1PatchMeta {
            ty: &table::CONTAINER,
            ptr: false,
        }
    }

    fn kind(&self) -> &'static str {
        if self.ptr {
            return "ptr";
        }
        match self.ty {
            TypeMeta::Struct { .. } => "struct",
            TypeMeta::Slice { .. } => "slice",
            TypeMeta::Map => "map",
            TypeMeta::Primitive(kind) => kind,
        }
    }

    fn find_field(&self, key: &str) -> Result<&'static FieldMeta, LookupError> {
        let (name, fields) = match self.ty {
            TypeMeta::Struct { name, fields } => (*name, *fields),
            TypeMeta::Slice { .. } => return Err(LookupError::NotStruct { kind: "slice" }),
            TypeMeta::Map => return Err(LookupError::NotStruct { kind: "map" }),
            TypeMeta::Primitive(kind) => return Err(LookupError::NotStruct { kind }),
        };
        // Exact name first, otherwise the first case-insensitive match (as encoding/json does).
        fields
            .iter()
            .find(|f| f.json == key)
            .or_else(|| fields.iter().find(|f| f.json.eq_ignore_ascii_case(key)))
            .ok_or_else(|| LookupError::FieldNotFound {
                type_name: name,
                field: key.to_owned(),
            })
    }
}

impl LookupPatchMeta for CoreV1PatchMeta {
    fn lookup_struct(self, key: &str) -> Result<(Self, PatchMeta), LookupError> {
        let f = self.find_field(key)?;
        Ok((
            CoreV1PatchMeta {
                ty: f.ty,
                ptr: f.ptr,
            },
            f.meta,
        ))
    }

    fn lookup_slice(self, key: &str) -> Result<(Self, PatchMeta), LookupError> {
        let f = self.find_field(key)?;
        let elem = match (f.ptr, f.ty) {
            (_, TypeMeta::Slice { elem_ptr, elem }) => {
                if !f.ptr && !elem_ptr && matches!(elem, TypeMeta::Slice { .. }) {
                    return Err(LookupError::SliceOfSlice);
                }
                CoreV1PatchMeta {
                    ty: elem,
                    ptr: *elem_ptr,
                }
            }
            // A pointer to a non-slice type stands for its pointee.
            (true, ty) => CoreV1PatchMeta { ty, ptr: false },
            (false, _) => return Err(LookupError::NotSlice { kind: self.kind() }),
        };
        Ok((elem, f.meta))
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
    #[test]
    fn every_lookup_matches_apimachinery() {
        let table = include_str!("testdata/core_v1_lookups.tsv");
        let mut checked = 0;
        for line in table.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            let [path, field, want_struct, want_slice] = cols[..] else {
                panic!("bad line {line:?}")
            };
            let mut node = CoreV1PatchMeta::pod();
            for step in path.split('/').filter(|s| !s.is_empty()) {
                node = match step.split_once(':').unwrap() {
                    ("s", f) => node.lookup_struct(f).unwrap().0,
                    (_, f) => node.lookup_slice(f).unwrap().0,
                };
            }
            assert_eq!(
                describe(node.lookup_struct(field)),
                want_struct,
                "{path} {field} (struct)"
            );
            assert_eq!(
                describe(node.lookup_slice(field)),
                want_slice,
                "{path} {field} (slice)"
            );
            checked += 1;
        }
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
