//! `$setElementOrder/<field>` lists: apimachinery `mergePatchIntoOriginal` and
//! `validatePatchWithSetOrderList`, which merge a list and then order it by the directive's list.

use super::apply::{merge_key_value, no_merge_key, strip_directives, DIRECTIVE, SET_ELEMENT_ORDER};
use super::apply::{split_retain_keys, strip_directive_prefix, MAP_TYPE, SLICE_TYPE};
use super::error::MergeError;
use super::go_fmt::{go_type, go_v_list};
use super::key::{go_eq, order_keys, Key};
use super::list::merge_slice_handler;
use super::meta::LookupPatchMeta;
use super::order::{normalize_element_order, ElemKind};
use serde_json::{Map, Value};

/// Handles every `$setElementOrder/<field>` directive with its list (Go `mergePatchIntoOriginal`).
pub(super) fn merge_ordered_lists<S: LookupPatchMeta>(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
    schema: S,
) -> Result<(), MergeError> {
    if !patch.keys().any(|k| k.starts_with(SET_ELEMENT_ORDER)) {
        return Ok(());
    }
    let directive_keys: Vec<String> = patch
        .keys()
        .filter(|k| k.starts_with(SET_ELEMENT_ORDER))
        .cloned()
        .collect();
    for directive_key in directive_keys {
        let Some(order) = patch.remove(&directive_key) else {
            continue;
        };
        let Value::Array(order) = order else {
            return Err(MergeError::BadArgType {
                expected: SLICE_TYPE,
                actual: go_type(&order),
            });
        };
        let field = strip_directive_prefix(&directive_key, SET_ELEMENT_ORDER)
            .ok_or(MergeError::BadPatchFormatForSetElementOrderList)?;
        let original_list = take_list(original, field)?;
        let patch_list = take_list(patch, field)?;
        let (sub, meta) = schema.lookup_slice(field)?;
        let (_, strategy) = split_retain_keys(meta.strategies)?;
        validate_order_list(patch_list.as_deref().unwrap_or(&[]), &order, meta.merge_key)?;
        if original_list.is_none() && patch_list.is_none() {
            continue;
        }
        let kind = ElemKind::of_lists(&[
            original_list.as_deref().unwrap_or(&[]),
            patch_list.as_deref().unwrap_or(&[]),
        ]);
        let mut server_order = original_list
            .as_deref()
            .map(|l| order_keys(l, meta.merge_key))
            .unwrap_or_default();
        if let (Some(_), Some(patch_list), Ok(ElemKind::Object), "merge") =
            (&original_list, &patch_list, &kind, strategy)
        {
            if !meta.merge_key.is_empty() {
                server_order = aliased_server_order(server_order, patch_list, meta.merge_key);
            }
        }
        let merged = match (original_list, patch_list) {
            (Some(orig), None) => orig,
            (None, Some(mut patch_list)) => {
                patch_list.retain_mut(strip_directives);
                patch_list
            }
            (Some(orig), Some(patch_list)) => {
                merge_slice_handler(orig, patch_list, sub, strategy, meta.merge_key, false)?
            }
            (None, None) => continue,
        };
        let kind = kind?;
        let order_list_keys = strict_order_keys(&order, meta.merge_key)?;
        let merged = normalize_element_order(
            merged,
            &order_list_keys,
            &server_order,
            meta.merge_key,
            kind,
        )?;
        original.insert(field.to_owned(), Value::Array(merged));
    }
    Ok(())
}

fn take_list(map: &mut Map<String, Value>, field: &str) -> Result<Option<Vec<Value>>, MergeError> {
    match map.remove(field) {
        None => Ok(None),
        Some(Value::Array(list)) => Ok(Some(list)),
        Some(other) => Err(MergeError::BadArgType {
            expected: SLICE_TYPE,
            actual: go_type(&other),
        }),
    }
}

/// Checks that the patch list follows the `$setElementOrder` list (Go `validatePatchWithSetOrderList`).
fn validate_order_list(
    patch_list: &[Value],
    order: &[Value],
    merge_key: &str,
) -> Result<(), MergeError> {
    if order.is_empty() || patch_list.is_empty() {
        return Ok(());
    }
    let mut kept: Vec<&Value> = Vec::with_capacity(patch_list.len());
    for item in patch_list {
        if !merge_key.is_empty() {
            let Value::Object(map) = item else {
                return Err(MergeError::BadArgType {
                    expected: MAP_TYPE,
                    actual: go_type(item),
                });
            };
            if map.get(DIRECTIVE).and_then(Value::as_str) == Some("delete") {
                continue;
            }
        }
        kept.push(item);
    }
    let (mut p, mut o) = (0, 0);
    while p < kept.len() && o < order.len() {
        if kept[p]
            .as_object()
            .is_some_and(|m| m.contains_key(DIRECTIVE))
        {
            p += 1;
            continue;
        }
        if merge_key_value_equal(kept[p], &order[o], merge_key)? {
            p += 1;
        }
        o += 1;
    }
    if p < kept.len() && o >= order.len() {
        return Err(MergeError::SetElementOrderMismatch {
            patch: go_v_list(patch_list),
            order: go_v_list(order),
        });
    }
    Ok(())
}

fn merge_key_value_equal(left: &Value, right: &Value, merge_key: &str) -> Result<bool, MergeError> {
    if merge_key.is_empty() {
        return Ok(go_eq(left, right));
    }
    let l = merge_key_value(left, merge_key)?;
    let r = merge_key_value(right, merge_key)?;
    Ok(go_eq(l, r))
}

/// The original list as apimachinery's `mergePatchIntoOriginal` sees it after merging a keyed list: Go
/// deletes elements by shifting them left inside the original's backing array and appends new elements
/// into the freed slots, so the server order it then sorts by is that mutated array, not the original.
fn aliased_server_order(
    mut backing: Vec<Option<Key<'static>>>,
    patch: &[Value],
    merge_key: &str,
) -> Vec<Option<Key<'static>>> {
    let window = backing.len();
    let mut len = window;
    let mut replace = false;
    for item in patch {
        match item.get(DIRECTIVE).map(Value::as_str) {
            None => {}
            Some(Some("delete")) => {
                let Some(target) = item.get(merge_key).map(Key::of) else {
                    continue;
                };
                while let Some(at) = backing[..len]
                    .iter()
                    .position(|k| k.as_ref() == Some(&target))
                {
                    // Like Go's `append(s[:at], s[at+1:]...)`: later elements shift left and the vacated
                    // last slot keeps its old value.
                    if at + 1 < len {
                        backing[at..len].rotate_left(1);
                        backing[len - 1] = backing[len - 2].clone();
                    }
                    len -= 1;
                }
            }
            Some(Some("replace")) => replace = true,
            Some(_) => {}
        }
    }
    if replace {
        return backing;
    }
    let mut current: Vec<Option<Key<'static>>> = backing[..len].to_vec();
    for item in patch {
        if item.get(DIRECTIVE).is_some() {
            continue;
        }
        let Some(key) = item.get(merge_key).map(|v| Key::of(v).into_owned()) else {
            continue;
        };
        if current.iter().any(|k| k.as_ref() == Some(&key)) {
            continue;
        }
        if let Some(slot) = backing.get_mut(current.len()) {
            *slot = Some(key.clone());
        }
        current.push(Some(key));
    }
    backing.truncate(window);
    backing
}

/// Identities of an ordering list whose items must all carry the merge key.
fn strict_order_keys(
    list: &[Value],
    merge_key: &str,
) -> Result<Vec<Option<Key<'static>>>, MergeError> {
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            if merge_key.is_empty() {
                return Ok(Some(Key::of(item).into_owned()));
            }
            let Value::Object(map) = item else {
                return Err(MergeError::NotAMap(i));
            };
            let v = map
                .get(merge_key)
                .ok_or_else(|| no_merge_key(item, merge_key))?;
            Ok(Some(Key::of(v).into_owned()))
        })
        .collect()
}
