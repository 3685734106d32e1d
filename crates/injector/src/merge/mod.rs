//! Kubernetes strategic merge patch over JSON values: apimachinery `strategicpatch.StrategicMergePatch` /
//! `StrategicMergeMapPatchUsingLookupPatchMeta`, as Istio uses it to overlay rendered injection templates on a
//! Pod (`pkg/kube/inject/webhook.go:applyOverlayYAML`) and to re-apply user containers
//! (`reapplyOverwrittenContainers`).
//!
//! Field metadata (patch strategy, merge key) comes from a [`LookupPatchMeta`] schema; [`CoreV1PatchMeta`]
//! reads it from the generated Kubernetes schema ([`crate::kube::schema`], `k8s.io/api` v0.36.1) for
//! `core/v1.Pod`.
//!
//! Semantics follow apimachinery exactly where it is deterministic: maps merge recursively, `null` deletes,
//! keyed lists merge by merge key (new patch items are placed before the remaining original items, patch
//! order kept), primitive lists with the merge strategy merge as sets, other lists are replaced, and the
//! directives `$patch` (`replace`/`delete`/`merge`), `$retainKeys`, `$setElementOrder/<field>` and
//! `$deleteFromPrimitiveList/<field>` are honoured. Like apimachinery, values copied in as new list items or
//! through `$patch: replace` keep their nulls and nested directives, and the order of a `$setElementOrder`
//! list reflects Go's in-place mutation of the original list.
//!
//! Where Go is not deterministic we pick one answer: Go visits patch keys in random order, here they are
//! visited in the map's iteration order (sorted with serde_json's default map, so
//! `$deleteFromPrimitiveList/<f>` runs before `<f>`; patch order with `preserve_order`); with duplicate scalars in an
//! original merge list Go's order depends on slice capacity, here the original order is used. Inputs on
//! which apimachinery panics (a `null` list element, unhashable merge-key values) yield errors or compare
//! by value.

mod apply;
mod error;
mod go_fmt;
mod key;
mod list;
mod meta;
mod order;
mod schema;
mod set_order;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

pub use error::MergeError;
pub use meta::{LookupError, LookupPatchMeta, PatchMeta};
pub use schema::CoreV1PatchMeta;

use serde_json::{Map, Value};

/// Applies strategic merge `patch` to `original` (Go `StrategicMergePatchUsingLookupPatchMeta` on decoded
/// JSON). Both must be JSON objects (`null` counts as `{}`); the inputs are consumed and reused.
pub fn strategic_merge_patch<S: LookupPatchMeta>(
    original: Value,
    patch: Value,
    schema: S,
) -> Result<Value, MergeError> {
    let original = into_map(original)?;
    let patch = into_map(patch)?;
    strategic_merge_map_patch(original, patch, schema).map(Value::Object)
}

/// Applies strategic merge `patch` to the object `original` (Go `StrategicMergeMapPatchUsingLookupPatchMeta`).
pub fn strategic_merge_map_patch<S: LookupPatchMeta>(
    original: Map<String, Value>,
    patch: Map<String, Value>,
    schema: S,
) -> Result<Map<String, Value>, MergeError> {
    apply::merge_map(original, patch, schema)
}

/// Strategic-merges `patch` onto a Pod object using the built-in `core/v1.Pod` metadata.
pub fn merge_pod(original: Value, patch: Value) -> Result<Value, MergeError> {
    strategic_merge_patch(original, patch, CoreV1PatchMeta::pod())
}

/// Strategic-merges `patch` onto a Container object using the built-in `core/v1.Container` metadata.
pub fn merge_container(original: Value, patch: Value) -> Result<Value, MergeError> {
    strategic_merge_patch(original, patch, CoreV1PatchMeta::container())
}

fn into_map(v: Value) -> Result<Map<String, Value>, MergeError> {
    match v {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(MergeError::BadJsonDoc),
    }
}
