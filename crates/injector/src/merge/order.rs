//! Element order of merged lists: apimachinery `normalizeElementOrder`, `normalizeSliceOrder` and
//! `mergeSortedSlice`. Patch items keep the patch's order, server-only items keep the original's order, and
//! the two runs are interleaved by original position, with items new to the original placed first.

use super::apply::{no_merge_key, DIRECTIVE};
use super::error::MergeError;
use super::go_fmt::{go_type, go_v_list};
use super::key::{FirstIndex, Key};
use serde_json::Value;

/// JSON type shared by all elements of a list (Go `sliceElementType`, restricted to what JSON decodes to).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ElemKind {
    Bool,
    Number,
    String,
    Object,
}

impl ElemKind {
    /// The common element type of `lists`, or the error apimachinery reports.
    pub(super) fn of_lists(lists: &[&[Value]]) -> Result<ElemKind, MergeError> {
        let mut kind = None;
        for item in lists.iter().flat_map(|l| l.iter()) {
            let this = match item {
                Value::Bool(_) => Some(ElemKind::Bool),
                Value::Number(_) => Some(ElemKind::Number),
                Value::String(_) => Some(ElemKind::String),
                Value::Object(_) => Some(ElemKind::Object),
                Value::Null | Value::Array(_) => None,
            };
            match (kind, this) {
                (None, Some(k)) => kind = Some(k),
                (None, None) if item.is_array() => return Err(MergeError::NoListOfLists),
                (None, None) => return Err(MergeError::NullListElement(lists_text(lists))),
                (Some(prev), Some(k)) if prev == k => {}
                (Some(_), _) => return Err(MergeError::MixedElementTypes(lists_text(lists))),
            }
        }
        kind.ok_or(MergeError::NoElements)
    }
}

fn lists_text(lists: &[&[Value]]) -> String {
    let parts: Vec<String> = lists.iter().map(|l| go_v_list(l)).collect();
    format!("[{}]", parts.join(" "))
}

/// Where one merged item stands: its first position in the patch order and in the original order, and
/// whether it carries `$patch: delete` (such items sort last).
#[derive(Clone, Copy)]
pub(super) struct Slot {
    pub(super) patch_pos: Option<usize>,
    pub(super) server_pos: Option<usize>,
    pub(super) delete: bool,
}

/// Orders `merged`: items present in `patch_order` sorted by it, the rest sorted by `server_order`, then the
/// two runs interleaved by their position in `server_order`.
pub(super) fn normalize_element_order(
    merged: Vec<Value>,
    patch_order: &[Option<Key<'static>>],
    server_order: &[Option<Key<'static>>],
    merge_key: &str,
    kind: ElemKind,
) -> Result<Vec<Value>, MergeError> {
    // Like apimachinery, a declared merge key means items are partitioned as maps, whatever they are.
    let is_map = !merge_key.is_empty();
    let patch_index = FirstIndex::new(patch_order);
    let server_index = FirstIndex::new(server_order);
    let mut slots = Vec::with_capacity(merged.len());
    for item in &merged {
        let key = if is_map {
            let Value::Object(map) = item else {
                return Err(MergeError::BadArgType {
                    expected: "map[string]interface {}",
                    actual: go_type(item),
                });
            };
            Key::of(
                map.get(merge_key)
                    .ok_or_else(|| no_merge_key(item, merge_key))?,
            )
        } else {
            Key::of(item)
        };
        let delete = kind == ElemKind::Object
            && item.get(DIRECTIVE).and_then(Value::as_str) == Some("delete");
        slots.push(Slot {
            patch_pos: patch_index.get(&key),
            server_pos: server_index.get(&key),
            delete,
        });
    }
    Ok(order_by_slots(merged, &slots))
}

/// Applies the ordering rules to `merged`, given each item's positions in the patch and original orders.
pub(super) fn order_by_slots(merged: Vec<Value>, slots: &[Slot]) -> Vec<Value> {
    let (mut from_patch, mut server_only): (Vec<usize>, Vec<usize>) =
        (0..merged.len()).partition(|&i| slots[i].patch_pos.is_some());
    // Deleted items go last; the rest sort stably by their position in the ordering list.
    from_patch.sort_by_key(|&i| {
        let s = slots[i];
        (
            s.delete,
            if s.delete {
                0
            } else {
                s.patch_pos.unwrap_or(usize::MAX)
            },
        )
    });
    server_only.sort_by_key(|&i| {
        let s = slots[i];
        (
            s.delete,
            if s.delete {
                0
            } else {
                s.server_pos.unwrap_or(usize::MAX)
            },
        )
    });

    let mut items: Vec<Option<Value>> = merged.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(items.len());
    let (mut l, mut r) = (0, 0);
    while l < server_only.len() || r < from_patch.len() {
        let take_left = match (server_only.get(l), from_patch.get(r)) {
            (Some(_), None) => true,
            (None, _) => false,
            (Some(&li), Some(&ri)) => match (slots[li].server_pos, slots[ri].server_pos) {
                (Some(a), Some(b)) => a < b,
                _ => false,
            },
        };
        let idx = if take_left {
            l += 1;
            server_only[l - 1]
        } else {
            r += 1;
            from_patch[r - 1]
        };
        if let Some(v) = items.get_mut(idx).and_then(Option::take) {
            out.push(v);
        }
    }
    out
}
