//! Patch metadata lookup: the Rust counterpart of apimachinery's `strategicpatch.LookupPatchMeta` and
//! `strategicpatch.PatchMeta`. A schema answers, for one field of the type it describes, which patch
//! strategy and merge key apply and which schema describes the field's value (or its list elements).

use std::fmt;

/// Patch metadata of one field: its raw `patchStrategy` tag (comma-separated, e.g. `"merge,retainKeys"`)
/// and its `patchMergeKey` tag, both empty when the field has none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PatchMeta {
    /// Raw `patchStrategy` tag: `""`, `"merge"`, `"replace"`, `"retainKeys"` or `"merge,retainKeys"`.
    pub strategies: &'static str,
    /// The `patchMergeKey` tag: the field that identifies list elements (`""` for none).
    pub merge_key: &'static str,
}

/// A schema node that can describe the fields of the type it stands for (Go `LookupPatchMeta`).
///
/// Implementations are cheap handles (`Copy`), so the merge walks a schema without allocating.
pub trait LookupPatchMeta: Copy {
    /// Metadata of field `key` of this struct type, and the schema of the field's value
    /// (Go `LookupPatchMetadataForStruct`).
    fn lookup_struct(self, key: &str) -> Result<(Self, PatchMeta), LookupError>;
    /// Metadata of list field `key` of this struct type, and the schema of the list's elements
    /// (Go `LookupPatchMetadataForSlice`).
    fn lookup_slice(self, key: &str) -> Result<(Self, PatchMeta), LookupError>;
    /// The Go kind name of this node (`"struct"`, `"ptr"`, `"map"`, `"slice"`, `"string"`, …), used in errors.
    fn name(self) -> &'static str;
}

/// Why a schema lookup failed; messages follow apimachinery's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// A field was looked up on a node that is not a struct.
    NotStruct {
        /// Go kind of the node.
        kind: &'static str,
    },
    /// The struct has no field with that JSON name.
    FieldNotFound {
        /// Go type name of the struct.
        type_name: &'static str,
        /// The JSON field looked up.
        field: String,
    },
    /// A list lookup found a field that is not a list; `kind` is the Go kind of the node looked in.
    NotSlice {
        /// Go kind of the node the lookup ran on.
        kind: &'static str,
    },
    /// The field is a list of lists, which strategic merge does not support.
    SliceOfSlice,
    /// Any other failure reported by a schema implementation.
    Other(String),
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::NotStruct { kind } => {
                write!(
                    f,
                    "merging an object in json but data type is not struct, instead is: {kind}"
                )
            }
            LookupError::FieldNotFound { type_name, field } => {
                write!(
                    f,
                    "unable to find api field in struct {type_name} for the json field {field:?}"
                )
            }
            LookupError::NotSlice { kind } => {
                write!(f, "expected slice or array type, but got: {kind}")
            }
            LookupError::SliceOfSlice => f.write_str("unexpected slice of slice"),
            LookupError::Other(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for LookupError {}
