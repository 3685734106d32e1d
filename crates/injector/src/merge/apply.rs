//! The strategic merge itself: apimachinery `strategicpatch.mergeMap`, `mergeSlice` and their helpers, as run
//! by `StrategicMergeMapPatchUsingLookupPatchMeta` (parallel deletion lists applied, unmatched nulls ignored).

use super::error::MergeError;
use super::go_fmt::{go_type, go_v, go_v_list};
use super::key::{go_eq, Key};
use super::meta::LookupPatchMeta;
use super::order::{normalize_element_order, ElemKind};
use serde_json::{Map, Value};

pub(super) const DIRECTIVE: &str = "$patch";
const RETAIN_KEYS: &str = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER: &str = "$setElementOrder";
const MAP_TYPE: &str = "map[string]interface {}";
const SLICE_TYPE: &str = "[]interface {}";

/// Merges `patch` into `original` (Go `mergeMap`).
pub(super) fn merge_map<S: LookupPatchMeta>(
    mut original: Map<String, Value>,
    mut patch: Map<String, Value>,
    schema: S,
) -> Result<Map<String, Value>, MergeError> {
    if let Some(directive) = patch.get(DIRECTIVE) {
        return match directive.as_str() {
            Some("replace") => {
                patch.remove(DIRECTIVE);
                Ok(patch)
            }
            Some("delete") => Ok(Map::new()),
            _ => Err(bad_patch_type(directive, &patch)),
        };
    }
    apply_retain_keys(&mut original, &mut patch)?;
    merge_ordered_lists(&mut original, &mut patch, schema)?;
    for (key, patch_value) in patch {
        merge_field(&mut original, key, patch_value, schema)?;
    }
    Ok(original)
}

fn bad_patch_type(directive: &Value, map: &Map<String, Value>) -> MergeError {
    let directive = match directive {
        Value::String(s) => s.clone(),
        other => format!("%!s({}={})", go_type(other), go_v(other)),
    };
    MergeError::BadPatchType {
        directive,
        map: go_v(&Value::Object(map.clone())),
    }
}

/// One key of the patch map (the loop body of Go `mergeMap`).
fn merge_field<S: LookupPatchMeta>(
    original: &mut Map<String, Value>,
    key: String,
    mut patch_value: Value,
    schema: S,
) -> Result<(), MergeError> {
    let (key, is_delete_list) = if key.starts_with(DELETE_FROM_PRIMITIVE_LIST) {
        let field = strip_directive_prefix(&key, DELETE_FROM_PRIMITIVE_LIST)
            .ok_or(MergeError::BadPatchFormatForPrimitiveList)?;
        (field.to_owned(), true)
    } else {
        (key, false)
    };
    if patch_value.is_null() {
        original.remove(&key);
        return Ok(());
    }
    let Some(original_value) = original.get_mut(&key) else {
        if !is_delete_list {
            discard_nulls(&mut patch_value);
            if strip_directives(&mut patch_value) {
                original.insert(key, patch_value);
            }
        }
        return Ok(());
    };
    let same_type = std::mem::discriminant(original_value) == std::mem::discriminant(&patch_value);
    if !same_type {
        if !is_delete_list {
            discard_nulls(&mut patch_value);
            replace_or_remove(original, key, patch_value);
        }
        return Ok(());
    }
    match (original_value, patch_value) {
        (Value::Object(orig), Value::Object(patch)) => {
            let (sub, meta) = schema.lookup_struct(&key)?;
            let (_, strategy) = split_retain_keys(meta.strategies)?;
            let orig = std::mem::take(orig);
            let merged = if strategy != "replace" {
                merge_map(orig, patch, sub)?
            } else {
                patch
            };
            original.insert(key, Value::Object(merged));
        }
        (Value::Array(orig), Value::Array(patch)) => {
            let (sub, meta) = schema.lookup_slice(&key)?;
            let (_, strategy) = split_retain_keys(meta.strategies)?;
            let orig = std::mem::take(orig);
            let merged =
                merge_slice_handler(orig, patch, sub, strategy, meta.merge_key, is_delete_list)?;
            original.insert(key, Value::Array(merged));
        }
        (_, scalar) => replace_or_remove(original, key, scalar),
    }
    Ok(())
}

fn replace_or_remove(original: &mut Map<String, Value>, key: String, mut value: Value) {
    if strip_directives(&mut value) {
        original.insert(key, value);
    } else {
        original.remove(&key);
    }
}

/// `"$prefix/field"` → `field` (Go `extractKey`).
fn strip_directive_prefix<'k>(key: &'k str, prefix: &str) -> Option<&'k str> {
    let (head, tail) = key.split_once('/')?;
    (head == prefix).then_some(tail)
}

/// Splits a field's patch strategies into (has retainKeys, other strategy) (Go `extractRetainKeysPatchStrategy`).
fn split_retain_keys(strategies: &'static str) -> Result<(bool, &'static str), MergeError> {
    let mut parts = strategies.split(',');
    let first = parts.next().unwrap_or("");
    let second = parts.next();
    let unexpected = || {
        let list: Vec<&str> = strategies.split(',').collect();
        MergeError::UnexpectedPatchStrategy(format!("[{}]", list.join(" ")))
    };
    if parts.next().is_some() {
        return Err(unexpected());
    }
    match second {
        None if first == "retainKeys" => Ok((true, "")),
        None => Ok((false, first)),
        Some(second) if first == "retainKeys" => Ok((true, second)),
        Some("retainKeys") => Ok((true, first)),
        Some(_) => Err(unexpected()),
    }
}

/// Drops null members of every object inside `v` (Go `discardNullValuesFromPatch`).
fn discard_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => map.retain(|_, member| {
            if member.is_null() {
                return false;
            }
            discard_nulls(member);
            true
        }),
        Value::Array(items) => items.iter_mut().for_each(discard_nulls),
        _ => {}
    }
}

/// Removes every object carrying `$patch` from `v`; returns false when `v` itself is such an object
/// (Go `removeDirectives`).
pub(super) fn strip_directives(v: &mut Value) -> bool {
    match v {
        Value::Object(map) => {
            if map.contains_key(DIRECTIVE) {
                return false;
            }
            map.retain(|_, member| strip_directives(member));
            true
        }
        Value::Array(items) => {
            items.retain_mut(strip_directives);
            true
        }
        _ => true,
    }
}

/// Applies `$retainKeys`: validates the patch against it and clears unlisted keys of `original`.
fn apply_retain_keys(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
) -> Result<(), MergeError> {
    let Some(retain) = patch.remove(RETAIN_KEYS) else {
        return Ok(());
    };
    let Value::Array(retain) = retain else {
        return Err(MergeError::BadPatchFormatForRetainKeys);
    };
    let retained = |k: &str| retain.iter().any(|r| r.as_str() == Some(k));
    for (k, v) in patch.iter() {
        if v.is_null()
            || k.starts_with(DELETE_FROM_PRIMITIVE_LIST)
            || k.starts_with(SET_ELEMENT_ORDER)
        {
            continue;
        }
        if !retained(k) {
            return Err(MergeError::BadPatchFormatForRetainKeys);
        }
    }
    original.retain(|k, _| retained(k));
    Ok(())
}

/// Handles every `$setElementOrder/<field>` directive with its list (Go `mergePatchIntoOriginal`).
fn merge_ordered_lists<S: LookupPatchMeta>(
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
        let order_keys = strict_order_keys(&order, meta.merge_key)?;
        let merged =
            normalize_element_order(merged, &order_keys, &server_order, meta.merge_key, kind)?;
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

fn merge_key_value<'v>(item: &'v Value, merge_key: &str) -> Result<&'v Value, MergeError> {
    let Value::Object(map) = item else {
        return Err(MergeError::BadArgType {
            expected: MAP_TYPE,
            actual: go_type(item),
        });
    };
    map.get(merge_key)
        .ok_or_else(|| no_merge_key(item, merge_key))
}

pub(super) fn no_merge_key(item: &Value, merge_key: &str) -> MergeError {
    MergeError::NoMergeKey {
        map: go_v(item),
        key: merge_key.to_owned(),
    }
}

/// Identities of the items of an original list, `None` for items lacking the merge key.
fn order_keys(list: &[Value], merge_key: &str) -> Vec<Option<Key<'static>>> {
    list.iter()
        .map(|item| {
            if merge_key.is_empty() {
                Some(Key::of(item).into_owned())
            } else {
                item.get(merge_key).map(|v| Key::of(v).into_owned())
            }
        })
        .collect()
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

/// Go `mergeSliceHandler`: merge lists with the merge strategy (or a deletion list), replace the others.
fn merge_slice_handler<S: LookupPatchMeta>(
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
            let mut kept = original;
            kept.retain(|item| !patch.iter().any(|d| go_eq(item, d)));
            return Ok(kept);
        }
        let server_order = order_keys(&original, "");
        let patch_order = order_keys(&patch, "");
        let mut merged = original;
        for item in patch {
            if !merged.iter().any(|m| go_eq(m, &item)) {
                merged.push(item);
            }
        }
        dedup_scalars(&mut merged);
        return normalize_element_order(merged, &patch_order, &server_order, merge_key, kind);
    }
    if merge_key.is_empty() {
        return Err(MergeError::NoMergeKeyForList(schema.name()));
    }
    let (original, patch) = apply_list_directives(original, patch, merge_key)?;
    let mut patch_order = Vec::with_capacity(patch.len());
    for item in &patch {
        patch_order.push(Some(
            Key::of(merge_key_value(item, merge_key)?).into_owned(),
        ));
    }
    let server_order = order_keys(&original, merge_key);
    let merged = merge_keyed_items(original, patch, merge_key, schema)?;
    normalize_element_order(merged, &patch_order, &server_order, merge_key, kind)
}

/// Keeps the first copy of each scalar.
fn dedup_scalars(items: &mut Vec<Value>) {
    let mut i = 0;
    while i < items.len() {
        if items[..i].iter().any(|seen| go_eq(seen, &items[i])) {
            items.remove(i);
        } else {
            i += 1;
        }
    }
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
/// (Go `mergeSliceWithoutSpecialElements`; later patch items also match earlier appended ones).
fn merge_keyed_items<S: LookupPatchMeta>(
    mut original: Vec<Value>,
    patch: Vec<Value>,
    merge_key: &str,
    schema: S,
) -> Result<Vec<Value>, MergeError> {
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
        let mut found = None;
        for (i, o) in original.iter().enumerate() {
            let Value::Object(o) = o else {
                return Err(MergeError::NotAMap(i));
            };
            if o.get(merge_key).is_some_and(|v| go_eq(v, target)) {
                found = Some(i);
                break;
            }
        }
        match found.and_then(|i| original.get_mut(i)) {
            Some(Value::Object(slot)) => {
                let orig = std::mem::take(slot);
                *slot = merge_map(orig, item, schema)?;
            }
            _ => original.push(Value::Object(item)),
        }
    }
    Ok(original)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    //! One test per directive; expected values are what apimachinery v0.36.1 returns for the same input.
    use super::super::{merge_container, merge_pod, MergeError};
    use serde_json::json;

    #[test]
    fn patch_replace_and_delete_on_maps() {
        let pod = json!({"metadata": {"labels": {"a": "1"}}, "spec": {"containers": [{"name": "c", "securityContext": {"runAsUser": 1}}]}});
        let patch = json!({"metadata": {"labels": {"$patch": "replace", "b": "2"}},
            "spec": {"containers": [{"name": "c", "securityContext": {"$patch": "delete"}}]}});
        assert_eq!(
            merge_pod(pod, patch).unwrap(),
            json!({"metadata": {"labels": {"b": "2"}}, "spec": {"containers": [{"name": "c", "securityContext": {}}]}})
        );
        let err = merge_pod(
            json!({"metadata": {"labels": {}}}),
            json!({"metadata": {"labels": {"$patch": "merge"}}}),
        );
        assert_eq!(
            err.unwrap_err().to_string(),
            "unknown patch type: merge in map: map[$patch:merge]"
        );
    }

    #[test]
    fn patch_replace_and_delete_in_lists() {
        let pod = json!({"spec": {"containers": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}});
        let merged = merge_pod(
            pod.clone(),
            json!({"spec": {"containers": [{"name": "b", "$patch": "delete"}, {"name": "d"}]}}),
        );
        assert_eq!(
            merged.unwrap(),
            json!({"spec": {"containers": [{"name": "d"}, {"name": "a"}, {"name": "c"}]}})
        );
        let merged = merge_pod(
            pod.clone(),
            json!({"spec": {"containers": [{"name": "x", "image": "i"}, {"$patch": "replace"}]}}),
        );
        assert_eq!(
            merged.unwrap(),
            json!({"spec": {"containers": [{"name": "x", "image": "i"}]}})
        );
        let err = merge_pod(pod, json!({"spec": {"containers": [{"$patch": "merge"}]}}));
        assert_eq!(err, Err(MergeError::MergeDirectiveInList));
    }

    #[test]
    fn retain_keys() {
        let pod = json!({"spec": {"volumes": [{"name": "v", "emptyDir": {}}]}});
        let patch = json!({"spec": {"volumes": [{"name": "v", "configMap": {"name": "cm"}, "$retainKeys": ["configMap", "name"]}]}});
        assert_eq!(
            merge_pod(pod.clone(), patch).unwrap(),
            json!({"spec": {"volumes": [{"name": "v", "configMap": {"name": "cm"}}]}})
        );
        let bad = json!({"spec": {"volumes": [{"name": "v", "configMap": {"name": "cm"}, "$retainKeys": ["name"]}]}});
        assert_eq!(
            merge_pod(pod, bad),
            Err(MergeError::BadPatchFormatForRetainKeys)
        );
    }

    #[test]
    fn set_element_order() {
        let pod = json!({"spec": {"containers": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}});
        let patch = json!({"spec": {"$setElementOrder/containers": [{"name": "c"}, {"name": "a"}, {"name": "b"}],
            "containers": [{"name": "a", "image": "x"}]}});
        assert_eq!(
            merge_pod(pod.clone(), patch).unwrap(),
            json!({"spec": {"containers": [{"name": "c"}, {"name": "a", "image": "x"}, {"name": "b"}]}})
        );
        let bad = json!({"spec": {"$setElementOrder/containers": [{"name": "a"}], "containers": [{"name": "b"}]}});
        assert_eq!(
            merge_pod(pod, bad).unwrap_err().to_string(),
            "The order in patch list:\n[map[name:b]]\n doesn't match $setElementOrder list:\n[map[name:a]]\n"
        );
    }

    #[test]
    fn delete_from_primitive_list() {
        let pod = json!({"metadata": {"finalizers": ["a", "b", "c"]}});
        let patch = json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["b"], "finalizers": ["d"]}});
        assert_eq!(
            merge_pod(pod.clone(), patch).unwrap(),
            json!({"metadata": {"finalizers": ["d", "a", "c"]}})
        );
        let bad = json!({"metadata": {"$deleteFromPrimitiveListfinalizers": ["a"]}});
        assert_eq!(
            merge_pod(pod, bad),
            Err(MergeError::BadPatchFormatForPrimitiveList)
        );
    }

    #[test]
    fn container_reapply_merges_env_and_replaces_args() {
        let proxy = json!({"name": "istio-proxy", "args": ["proxy"], "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]});
        let user = json!({"name": "istio-proxy", "args": ["x"], "env": [{"name": "B", "value": "u"}, {"name": "U", "value": "u"}]});
        assert_eq!(
            merge_container(proxy, user).unwrap(),
            json!({"name": "istio-proxy", "args": ["x"],
                "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "u"}, {"name": "U", "value": "u"}]})
        );
    }
}
