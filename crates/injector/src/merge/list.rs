//! Keyed and primitive list merging: apimachinery `mergeSliceHandler`, `mergeSlice`,
//! `mergeSliceWithSpecialElements` (`$patch` elements in lists) and `mergeSliceWithoutSpecialElements`.

use super::apply::{bad_patch_type, merge_key_value, merge_map, no_merge_key, DIRECTIVE, MAP_TYPE};
use super::error::MergeError;
use super::go_fmt::go_type;
use super::key::{go_eq, order_keys, Key, KeyIndex};
use super::meta::LookupPatchMeta;
use super::order::{normalize_element_order, order_by_slots, ElemKind, Slot};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Go `mergeSliceHandler`: merge lists with the merge strategy (or a deletion list), replace the others.
pub(super) fn merge_slice_handler<S: LookupPatchMeta>(
    original: Vec<Value>,
    patch: Vec<Value>,
    schema: S,
    strategy: &str,
    merge_key: &'static str,
    is_delete_list: bool,
) -> Result<Vec<Value>, MergeError> {
    if strategy == "merge" || is_delete_list {
        merge_slice(original, patch, schema, merge_key, is_delete_list)
    } else {
        Ok(patch)
    }
}

/// Go `mergeSlice`.
fn merge_slice<S: LookupPatchMeta>(
    original: Vec<Value>,
    patch: Vec<Value>,
    schema: S,
    merge_key: &'static str,
    is_delete_list: bool,
) -> Result<Vec<Value>, MergeError> {
    if original.is_empty() && patch.is_empty() {
        return Ok(original);
    }
    let kind = ElemKind::of_lists(&[&original, &patch])?;
    if kind != ElemKind::Object {
        if is_delete_list {
            let doomed: HashSet<Key<'_>> = patch.iter().map(Key::of).collect();
            let mut kept = original;
            kept.retain(|item| !doomed.contains(&Key::of(item)));
            return Ok(kept);
        }
        let server_order = order_keys(&original, "");
        let patch_order = order_keys(&patch, "");
        // The set union, each value once (its position is settled by the ordering below).
        let mut seen: HashSet<Key<'static>> = HashSet::with_capacity(original.len() + patch.len());
        let mut merged = Vec::with_capacity(original.len() + patch.len());
        for item in original.into_iter().chain(patch) {
            if seen.insert(Key::of(&item).into_owned()) {
                merged.push(item);
            }
        }
        return normalize_element_order(merged, &patch_order, &server_order, merge_key, kind);
    }
    if merge_key.is_empty() {
        return Err(MergeError::NoMergeKeyForList(schema.name()));
    }
    let (original, patch) = apply_list_directives(original, patch, merge_key)?;
    let original_len = original.len();
    let (merged, landed) = merge_keyed_items(original, patch, merge_key, schema)?;
    order_keyed_merge(merged, original_len, &landed, merge_key)
}

/// Orders the result of a keyed merge without copying keys: `merged[..original_len]` are the original items
/// in place and `landed[p]` is where patch item `p` was merged or appended (Go `normalizeElementOrder` with
/// the patch list and the original list as orders).
fn order_keyed_merge(
    merged: Vec<Value>,
    original_len: usize,
    landed: &[usize],
    merge_key: &str,
) -> Result<Vec<Value>, MergeError> {
    let keys = merged
        .iter()
        .map(|item| merge_key_value(item, merge_key).map(Key::of))
        .collect::<Result<Vec<Key<'_>>, MergeError>>()?;
    let slots: Vec<Slot> = {
        let patch_index = KeyIndex::new(landed.iter().filter_map(|&i| keys.get(i)).collect());
        let server_index = KeyIndex::new(keys.iter().take(original_len).collect());
        merged
            .iter()
            .zip(&keys)
            .map(|(item, key)| Slot {
                patch_pos: patch_index.get(key),
                server_pos: server_index.get(key),
                delete: item.get(DIRECTIVE).and_then(Value::as_str) == Some("delete"),
            })
            .collect()
    };
    drop(keys);
    Ok(order_by_slots(merged, &slots))
}

/// Applies `$patch` elements of a keyed list (Go `mergeSliceWithSpecialElements`); returns the new original
/// and the patch items without directives.
fn apply_list_directives(
    mut original: Vec<Value>,
    patch: Vec<Value>,
    merge_key: &str,
) -> Result<(Vec<Value>, Vec<Value>), MergeError> {
    let mut plain = Vec::with_capacity(patch.len());
    let mut replace = false;
    for item in patch {
        let Some(directive) = item.get(DIRECTIVE) else {
            plain.push(item);
            continue;
        };
        match directive.as_str() {
            Some("delete") => {
                let Some(target) = item.get(merge_key) else {
                    return Err(no_merge_key(&item, merge_key));
                };
                original.retain(|o| !o.get(merge_key).is_some_and(|v| go_eq(v, target)));
            }
            Some("replace") => replace = true,
            Some("merge") => return Err(MergeError::MergeDirectiveInList),
            _ => {
                let map = item.as_object().cloned().unwrap_or_default();
                return Err(bad_patch_type(directive, &map));
            }
        }
    }
    if replace {
        Ok((plain, Vec::new()))
    } else {
        Ok((original, plain))
    }
}

/// Merges each patch item into the first original item with the same key, or appends it
/// (Go `mergeSliceWithoutSpecialElements`; later patch items also match earlier appended ones). Also returns
/// where each patch item landed.
fn merge_keyed_items<S: LookupPatchMeta>(
    mut original: Vec<Value>,
    patch: Vec<Value>,
    merge_key: &str,
    schema: S,
) -> Result<(Vec<Value>, Vec<usize>), MergeError> {
    let mut landed = Vec::with_capacity(patch.len());
    let mut index = if original.len() + patch.len() > INDEX_THRESHOLD {
        Some(key_index(&original, merge_key)?)
    } else {
        None
    };
    for item in patch {
        let Value::Object(item) = item else {
            return Err(MergeError::BadArgType {
                expected: MAP_TYPE,
                actual: go_type(&item),
            });
        };
        let Some(target) = item.get(merge_key) else {
            return Err(no_merge_key(&Value::Object(item), merge_key));
        };
        let found = match &index {
            Some(index) => {
                // `Key` is covariant, so the index can be queried with a borrowed key.
                let index: &HashMap<Key<'_>, usize> = index;
                index.get(&Key::of(target)).copied()
            }
            None => find_by_key(&original, merge_key, target)?,
        };
        match found.and_then(|i| original.get_mut(i).map(|slot| (i, slot))) {
            Some((i, Value::Object(slot))) => {
                let orig = std::mem::take(slot);
                *slot = merge_map(orig, item, schema)?;
                landed.push(i);
            }
            _ => {
                if let Some(index) = &mut index {
                    index.insert(Key::of(target).into_owned(), original.len());
                }
                landed.push(original.len());
                original.push(Value::Object(item));
            }
        }
    }
    Ok((original, landed))
}

/// Lists longer than this are merged through a key index instead of a linear search per patch item, so
/// large user-controlled lists cannot make the merge quadratic.
const INDEX_THRESHOLD: usize = 32;

/// First position of each merge-key value among the items of `list`.
fn key_index(list: &[Value], merge_key: &str) -> Result<HashMap<Key<'static>, usize>, MergeError> {
    let mut index = HashMap::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let Value::Object(item) = item else {
            return Err(MergeError::NotAMap(i));
        };
        if let Some(v) = item.get(merge_key) {
            index.entry(Key::of(v).into_owned()).or_insert(i);
        }
    }
    Ok(index)
}

/// Go `findMapInSliceBasedOnKeyValue`: the first item whose merge key equals `target`.
fn find_by_key(
    list: &[Value],
    merge_key: &str,
    target: &Value,
) -> Result<Option<usize>, MergeError> {
    for (i, o) in list.iter().enumerate() {
        let Value::Object(o) = o else {
            return Err(MergeError::NotAMap(i));
        };
        if o.get(merge_key).is_some_and(|v| go_eq(v, target)) {
            return Ok(Some(i));
        }
    }
    Ok(None)
}
