//! Map merging: apimachinery `strategicpatch.mergeMap` and its directive helpers (`$patch` on maps,
//! `$retainKeys`, `$deleteFromPrimitiveList`), as run by `StrategicMergeMapPatchUsingLookupPatchMeta`
//! (parallel deletion lists applied, unmatched nulls ignored).

use super::error::MergeError;
use super::go_fmt::{go_type, go_v};
use super::list::merge_slice_handler;
use super::meta::LookupPatchMeta;
use super::set_order::merge_ordered_lists;
use serde_json::{Map, Value};

pub(super) const DIRECTIVE: &str = "$patch";
const RETAIN_KEYS: &str = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList";
pub(super) const SET_ELEMENT_ORDER: &str = "$setElementOrder";
pub(super) const MAP_TYPE: &str = "map[string]interface {}";
pub(super) const SLICE_TYPE: &str = "[]interface {}";

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

pub(super) fn bad_patch_type(directive: &Value, map: &Map<String, Value>) -> MergeError {
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
pub(super) fn strip_directive_prefix<'k>(key: &'k str, prefix: &str) -> Option<&'k str> {
    let (head, tail) = key.split_once('/')?;
    (head == prefix).then_some(tail)
}

/// Splits a field's patch strategies into (has retainKeys, other strategy) (Go `extractRetainKeysPatchStrategy`).
pub(super) fn split_retain_keys(
    strategies: &'static str,
) -> Result<(bool, &'static str), MergeError> {
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

pub(super) fn merge_key_value<'v>(
    item: &'v Value,
    merge_key: &str,
) -> Result<&'v Value, MergeError> {
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
