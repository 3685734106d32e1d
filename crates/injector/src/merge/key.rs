//! Comparable identities of list elements: Go compares merge-key values (and primitive list items) with
//! interface `==`, where every JSON number is a `float64`.

use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;

/// A hashable stand-in for a scalar JSON value, compared as Go compares decoded values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Key<'a> {
    Null,
    Bool(bool),
    /// The bits of the `float64`, with `-0` folded into `0`.
    Num(u64),
    Str(Cow<'a, str>),
    /// Objects and arrays (which Go cannot compare) are keyed by their JSON text.
    Other(String),
}

impl<'a> Key<'a> {
    /// Borrowing key of `v`.
    pub(super) fn of(v: &'a Value) -> Key<'a> {
        match v {
            Value::Null => Key::Null,
            Value::Bool(b) => Key::Bool(*b),
            Value::Number(n) => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Key::Num(if f == 0.0 { 0 } else { f.to_bits() })
            }
            Value::String(s) => Key::Str(Cow::Borrowed(s)),
            other => Key::Other(other.to_string()),
        }
    }

    /// Owned copy, for keys that must outlive the value they came from.
    pub(super) fn into_owned(self) -> Key<'static> {
        match self {
            Key::Null => Key::Null,
            Key::Bool(b) => Key::Bool(b),
            Key::Num(n) => Key::Num(n),
            Key::Str(s) => Key::Str(Cow::Owned(s.into_owned())),
            Key::Other(s) => Key::Other(s),
        }
    }
}

/// Go interface `==` between two decoded JSON values.
pub(super) fn go_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => Key::of(a) == Key::of(b),
        _ => a == b,
    }
}

/// Identities of the items of an original list, `None` for items lacking the merge key.
pub(super) fn order_keys(list: &[Value], merge_key: &str) -> Vec<Option<Key<'static>>> {
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

/// First position of each key in an ordering list (`None` entries are skipped).
pub(super) struct FirstIndex<'k> {
    keys: &'k [Option<Key<'static>>],
    map: Option<HashMap<&'k Key<'static>, usize>>,
}

const LINEAR_LIMIT: usize = 12;

impl<'k> FirstIndex<'k> {
    pub(super) fn new(keys: &'k [Option<Key<'static>>]) -> Self {
        let map = (keys.len() > LINEAR_LIMIT).then(|| {
            let mut map = HashMap::with_capacity(keys.len());
            for (i, k) in keys.iter().enumerate() {
                if let Some(k) = k {
                    map.entry(k).or_insert(i);
                }
            }
            map
        });
        FirstIndex { keys, map }
    }

    pub(super) fn get(&self, key: &Key<'_>) -> Option<usize> {
        match &self.map {
            Some(map) => {
                // `Key` is covariant, so the map can be viewed with the lookup key's lifetime.
                let map: &HashMap<&Key<'_>, usize> = map;
                map.get(key).copied()
            }
            None => self.keys.iter().position(|k| k.as_ref() == Some(key)),
        }
    }
}

/// First position of each key in a sequence of borrowed keys.
pub(super) enum KeyIndex<'a> {
    Linear(Vec<&'a Key<'a>>),
    Hashed(HashMap<&'a Key<'a>, usize>),
}

impl<'a> KeyIndex<'a> {
    pub(super) fn new(keys: Vec<&'a Key<'a>>) -> Self {
        if keys.len() <= LINEAR_LIMIT {
            return KeyIndex::Linear(keys);
        }
        let mut map = HashMap::with_capacity(keys.len());
        for (i, k) in keys.into_iter().enumerate() {
            map.entry(k).or_insert(i);
        }
        KeyIndex::Hashed(map)
    }

    pub(super) fn get(&self, key: &Key<'_>) -> Option<usize> {
        match self {
            KeyIndex::Linear(keys) => keys.iter().position(|k| *k == key),
            KeyIndex::Hashed(map) => {
                let map: &HashMap<&Key<'_>, usize> = map;
                map.get(key).copied()
            }
        }
    }
}
