//! Dropping the operations of a JSON patch that change nothing on the document it is actually applied to.
//!
//! Istio's webhook (`Webhook.inject` in `pkg/kube/inject/webhook.go`) sometimes edits the pod before taking the
//! base of its patch (on OpenShift it clears the proxy's `runAsUser`/`runAsGroup` when they equal the
//! application's), while the apiserver applies the patch to the pod it sent. An operation that re-adds a value the
//! sent pod already has is then a no-op there. [`drop_noop_ops`] removes exactly those operations: applying the
//! filtered patch to the target yields the same document as applying the whole patch.

use serde_json::Value;

use crate::patch::PatchOp;

/// Removes from `ops` every operation that leaves `target` unchanged at the point of the patch where it is applied:
/// an `add` of an object member, or a `replace`, whose value equals what is already there. Array-index `add`s
/// insert, so they are always kept, as are `remove` and `move`. The operations are replayed on a copy of `target`
/// so that each one is judged against the document the earlier ones produce. When the patch does not apply to
/// `target`, every operation is kept (the apiserver reports the failure as it would for the full patch).
pub fn drop_noop_ops<'m>(ops: Vec<PatchOp<'m>>, target: &Value) -> Vec<PatchOp<'m>> {
    let mut doc = target.clone();
    let mut kept = Vec::with_capacity(ops.len());
    for op in &ops {
        match step(&mut doc, op) {
            Some(true) => kept.push(op.clone()),
            Some(false) => {}
            None => return ops,
        }
    }
    kept
}

/// Applies `op` to `doc`; `Some(false)` when it was a no-op (and `doc` is untouched), `None` when it does not apply.
fn step(doc: &mut Value, op: &PatchOp<'_>) -> Option<bool> {
    match op {
        PatchOp::Add { path, value } => {
            let (parent, token) = parent_of(doc, path)?;
            match parent {
                Value::Object(map) => {
                    if map.get(&token) == Some(*value) {
                        return Some(false);
                    }
                    map.insert(token, (*value).clone());
                }
                Value::Array(list) => {
                    let index = if token == "-" {
                        list.len()
                    } else {
                        array_index(&token, list.len() + 1)?
                    };
                    list.insert(index, (*value).clone());
                }
                _ => return None,
            }
            Some(true)
        }
        PatchOp::Replace { path, value } => {
            let slot = doc.pointer_mut(path)?;
            if slot == *value {
                return Some(false);
            }
            *slot = (*value).clone();
            Some(true)
        }
        PatchOp::Remove { path } => {
            take(doc, path)?;
            Some(true)
        }
        PatchOp::Move { from, path } => {
            let moved = take(doc, from)?;
            let (parent, token) = parent_of(doc, path)?;
            match parent {
                Value::Object(map) => {
                    map.insert(token, moved);
                }
                Value::Array(list) => {
                    let index = if token == "-" {
                        list.len()
                    } else {
                        array_index(&token, list.len() + 1)?
                    };
                    list.insert(index, moved);
                }
                _ => return None,
            }
            Some(true)
        }
    }
}

/// Removes and returns the value at `path`.
fn take(doc: &mut Value, path: &str) -> Option<Value> {
    let (parent, token) = parent_of(doc, path)?;
    match parent {
        Value::Object(map) => map.remove(&token),
        Value::Array(list) => {
            let index = array_index(&token, list.len())?;
            Some(list.remove(index))
        }
        _ => None,
    }
}

/// The container addressed by all but the last token of `path`, and that last token unescaped.
fn parent_of<'d>(doc: &'d mut Value, path: &str) -> Option<(&'d mut Value, String)> {
    let split = path.rfind('/')?;
    let token = path[split + 1..].replace("~1", "/").replace("~0", "~");
    Some((doc.pointer_mut(&path[..split])?, token))
}

/// A decimal array index below `len` (no sign, no leading zeros, as RFC 6901 requires).
fn array_index(token: &str, len: usize) -> Option<usize> {
    if token.is_empty()
        || !token.bytes().all(|b| b.is_ascii_digit())
        || (token.len() > 1 && token.starts_with('0'))
    {
        return None;
    }
    token.parse().ok().filter(|i| *i < len)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::patch::{apply_independently as apply, create_patch};
    use serde_json::json;

    fn paths(ops: &[PatchOp<'_>]) -> Vec<String> {
        ops.iter()
            .map(|o| format!("{} {}", o.op(), o.path()))
            .collect()
    }

    #[test]
    fn readding_present_values_is_dropped() {
        // The base had the proxy's UID cleared; the pod actually sent still carries it.
        let base =
            json!({"spec": {"containers": [{"name": "istio-proxy", "securityContext": {}}]}});
        let sent = json!({"spec": {"containers": [{"name": "istio-proxy",
            "securityContext": {"runAsUser": 0, "runAsGroup": 1337}}]}});
        let injected = json!({"spec": {"containers": [{"name": "istio-proxy",
            "securityContext": {"runAsUser": 0, "runAsGroup": 1337}}]}});
        let ops = create_patch(&base, &injected);
        assert_eq!(ops.len(), 1, "{ops:?}");
        let kept = drop_noop_ops(ops.clone(), &sent);
        assert!(kept.is_empty(), "{kept:?}");
        assert_eq!(apply(&sent, &ops), sent);
    }

    #[test]
    fn changed_and_absent_values_are_kept() {
        let base = json!({"a": {}, "b": 1, "c": 2});
        let sent = json!({"a": {"x": 5}, "b": 1, "c": 3});
        let modified = json!({"a": {"x": 6, "y": 1}, "b": 7, "c": 2});
        let ops = create_patch(&base, &modified);
        let kept = drop_noop_ops(ops.clone(), &sent);
        // `replace /c` is a real change on the sent pod (3 → 2) even though the base already had 2 there.
        assert_eq!(apply(&sent, &kept), apply(&sent, &ops));
        assert_eq!(paths(&kept), paths(&ops));
    }

    #[test]
    fn array_index_adds_insert_and_are_kept() {
        // Adding an element equal to the one already at that index still inserts a second copy.
        let base = json!({"l": []});
        let sent = json!({"l": [{"name": "x"}]});
        let modified = json!({"l": [{"name": "x"}]});
        let ops = create_patch(&base, &modified);
        assert_eq!(paths(&ops), ["add /l/0"]);
        let kept = drop_noop_ops(ops.clone(), &sent);
        assert_eq!(paths(&kept), ["add /l/0"]);
        assert_eq!(
            apply(&sent, &kept),
            json!({"l": [{"name": "x"}, {"name": "x"}]})
        );
    }

    #[test]
    fn ops_are_judged_in_sequence() {
        // The member is removed first, so adding it back is not a no-op even though the target has it.
        let sent = json!({"m": {"k": 1}});
        let one = json!(1);
        let ops = vec![
            PatchOp::Remove {
                path: "/m/k".into(),
            },
            PatchOp::Add {
                path: "/m/k".into(),
                value: &one,
            },
            PatchOp::Replace {
                path: "/m/k".into(),
                value: &one,
            },
        ];
        let kept = drop_noop_ops(ops.clone(), &sent);
        assert_eq!(paths(&kept), ["remove /m/k", "add /m/k"]);
        assert_eq!(apply(&sent, &kept), apply(&sent, &ops));
    }

    #[test]
    fn escaped_tokens_and_moves_are_followed() {
        let sent = json!({"a/b": {"~": 1}, "l": [1, 2, 3]});
        let one = json!(1);
        let ops = vec![
            PatchOp::Add {
                path: "/a~1b/~0".into(),
                value: &one,
            },
            PatchOp::Move {
                from: "/l/0".into(),
                path: "/l/2".into(),
            },
            PatchOp::Replace {
                path: "/l/2".into(),
                value: &one,
            },
        ];
        let kept = drop_noop_ops(ops.clone(), &sent);
        assert_eq!(paths(&kept), ["move /l/2"]);
        assert_eq!(apply(&sent, &kept), apply(&sent, &ops));
    }

    #[test]
    fn a_patch_that_does_not_apply_is_kept_whole() {
        let sent = json!({"a": 1});
        let (one, two) = (json!(1), json!(2));
        let ops = vec![
            PatchOp::Replace {
                path: "/a".into(),
                value: &one,
            },
            PatchOp::Replace {
                path: "/missing/x".into(),
                value: &two,
            },
        ];
        assert_eq!(drop_noop_ops(ops.clone(), &sent), ops);
        assert_eq!(array_index("01", 5), None);
        assert_eq!(array_index("4", 5), Some(4));
        assert_eq!(array_index("5", 5), None);
    }
}
