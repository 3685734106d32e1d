//! The values templates compute with, modelled on Go's: typed scalars, strings, slices, maps, structs, pointers
//! and host objects.
//!
//! A [`Value`] borrows host data for `'a`, the duration of one execution: strings, JSON trees
//! (`serde_json::Value` is Go's `map[string]interface{}`) and host objects are read in place, never copied.
//! Values created while executing (by functions, literals) own their data behind `Arc`s, so cloning a value is
//! always cheap.

mod object;
mod ops;
mod types;

pub use object::{JsonType, JsonView, ObjRef, Object};
pub use ops::deep_equal;
pub use types::{GoType, Kind, TypeRef};

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Bound, Deref};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A Go value.
#[derive(Clone)]
pub enum Value<'a> {
    /// The untyped nil interface: what a missing key or an absent `.` yields.
    Nil,
    /// A `bool`.
    Bool(bool),
    /// A signed integer of the given kind (`Kind::Int` … `Kind::Int64`).
    Int(i64, Kind),
    /// An unsigned integer of the given kind (`Kind::Uint` … `Kind::Uintptr`).
    Uint(u64, Kind),
    /// A float of the given kind (`Kind::Float32` or `Kind::Float64`). JSON numbers are `float64`.
    Float(f64, Kind),
    /// A `string`.
    String(Str<'a>),
    /// A slice or array.
    List(List<'a>),
    /// A map.
    Map(Map<'a>),
    /// A struct value with its fields in declaration order.
    Struct(Arc<Struct<'a>>),
    /// A pointer, possibly a typed nil.
    Pointer(Pointer<'a>),
    /// A host object exposing Go fields and methods.
    Object(ObjRef<'a>),
}

impl<'a> Value<'a> {
    /// An `int`.
    pub fn int(i: i64) -> Self {
        Value::Int(i, Kind::Int)
    }

    /// A `float64`.
    pub fn float(f: f64) -> Self {
        Value::Float(f, Kind::Float64)
    }

    /// A `string` owning its text.
    pub fn string(s: impl Into<Arc<str>>) -> Self {
        Value::String(Str::Owned(s.into()))
    }

    /// A `string` borrowing host text.
    pub fn str(s: &'a str) -> Self {
        Value::String(Str::Borrowed(s))
    }

    /// A `[]interface {}` holding `items`.
    pub fn list(items: Vec<Value<'a>>) -> Self {
        Value::List(List::new(items, GoType::slice_of_interface()))
    }

    /// A `map[string]interface {}` holding `entries`.
    pub fn map(entries: BTreeMap<Key, Value<'a>>) -> Self {
        Value::Map(Map::new(entries, GoType::map_string_interface()))
    }

    /// A host object shared behind an `Arc`.
    pub fn object(obj: Arc<dyn Object<'a> + 'a>) -> Self {
        Value::Object(ObjRef::Shared(obj))
    }

    /// Views a JSON tree as Go's `encoding/json` decodes it into `interface{}`: objects are
    /// `map[string]interface {}`, arrays `[]interface {}`, numbers `float64`, `null` the nil interface.
    /// Nothing is copied.
    pub fn from_json(json: &'a serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => {
                Value::Float(n.as_f64().unwrap_or(f64::NAN), Kind::Float64)
            }
            serde_json::Value::String(s) => Value::str(s),
            serde_json::Value::Array(items) => Value::List(List {
                repr: ListRepr::Json(items),
                ty: TyHandle::Static(GoType::slice_of_interface_static()),
            }),
            serde_json::Value::Object(map) => Value::Map(Map {
                repr: MapRepr::Json(map),
                ty: TyHandle::Static(GoType::map_string_interface_static()),
            }),
        }
    }

    /// Takes ownership of a JSON tree, decoded as `encoding/json` decodes into `interface{}` (objects are
    /// `map[string]interface {}`, arrays `[]interface {}`, numbers `float64`).
    pub fn from_json_owned(json: serde_json::Value) -> Value<'a> {
        match json {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => {
                Value::Float(n.as_f64().unwrap_or(f64::NAN), Kind::Float64)
            }
            serde_json::Value::String(s) => Value::string(s),
            serde_json::Value::Array(items) => {
                Value::list(items.into_iter().map(Value::from_json_owned).collect())
            }
            serde_json::Value::Object(map) => Value::map(
                map.into_iter()
                    .map(|(k, v)| (Key::String(Arc::from(k)), Value::from_json_owned(v)))
                    .collect(),
            ),
        }
    }

    /// Views a JSON tree as a value of static type `ty`, as `encoding/json` would decode it into that type:
    /// `map[string]string` stays a typed map, numbers in integer-typed positions become integers, and so on.
    /// A JSON `null` gives the type's nil or zero value. Struct-typed positions need a [`JsonType`] view and are
    /// decoded as `interface{}` here.
    pub fn from_json_typed(json: &'a serde_json::Value, ty: &TypeRef) -> Self {
        let kind = ty.kind();
        match (json, kind) {
            (_, Kind::Interface) => Value::from_json(json),
            (serde_json::Value::Null, _) => Value::zero(ty),
            (serde_json::Value::Bool(b), Kind::Bool) => Value::Bool(*b),
            (serde_json::Value::String(s), Kind::String) => Value::str(s),
            (serde_json::Value::Number(n), k) if k.is_signed_int() => match n.as_i64() {
                Some(i) => Value::Int(i, k),
                None => Value::from_json(json),
            },
            (serde_json::Value::Number(n), k) if k.is_unsigned_int() => match n.as_u64() {
                Some(u) => Value::Uint(u, k),
                None => Value::from_json(json),
            },
            (serde_json::Value::Number(n), k) if k.is_float() => {
                Value::Float(n.as_f64().unwrap_or(f64::NAN), k)
            }
            (serde_json::Value::Array(items), Kind::Slice | Kind::Array) => {
                Value::List(List::json(items, ty.clone()))
            }
            (serde_json::Value::Object(map), Kind::Map) => Value::Map(Map::json(map, ty.clone())),
            _ => Value::from_json(json),
        }
    }

    /// The zero value of a Go type: `0`, `""`, `false`, a nil slice/map/pointer, the nil interface.
    /// Struct types have no generic zero value here and give the nil interface.
    pub fn zero(ty: &TypeRef) -> Self {
        match ty.kind() {
            Kind::Bool => Value::Bool(false),
            k if k.is_signed_int() => Value::Int(0, k),
            k if k.is_unsigned_int() => Value::Uint(0, k),
            k if k.is_float() => Value::Float(0.0, k),
            Kind::String => Value::String(Str::Borrowed("")),
            Kind::Slice | Kind::Array => Value::List(List::nil(ty.clone())),
            Kind::Map => Value::Map(Map::nil(ty.clone())),
            Kind::Pointer => Value::Pointer(Pointer::nil(ty.clone())),
            _ => Value::Nil,
        }
    }

    /// This value's dynamic Go type (`%T`); `None` for the untyped nil.
    pub fn go_type(&self) -> Option<TypeRef> {
        Some(match self {
            Value::Nil => return None,
            Value::Bool(_) => GoType::bool(),
            Value::Int(_, k) | Value::Uint(_, k) | Value::Float(_, k) => GoType::basic(*k),
            Value::String(_) => GoType::string(),
            Value::List(l) => l.go_type().clone(),
            Value::Map(m) => m.go_type().clone(),
            Value::Struct(s) => s.ty.clone(),
            Value::Pointer(p) => p.ty.clone(),
            Value::Object(o) => o.go_type(),
        })
    }

    /// This value's kind (`reflect.Value.Kind()`); [`Kind::Invalid`] for the untyped nil.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Nil => Kind::Invalid,
            Value::Bool(_) => Kind::Bool,
            Value::Int(_, k) | Value::Uint(_, k) | Value::Float(_, k) => *k,
            Value::String(_) => Kind::String,
            Value::List(l) => l.go_type().kind(),
            Value::Map(_) => Kind::Map,
            Value::Struct(_) => Kind::Struct,
            Value::Pointer(_) => Kind::Pointer,
            Value::Object(o) => o.go_type().kind(),
        }
    }

    /// Go template truthiness (`text/template.IsTrue`): false, 0, nil, and empty strings, slices and maps are
    /// false; structs are true; pointers are true when non-nil.
    pub fn is_true(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i, _) => *i != 0,
            Value::Uint(u, _) => *u != 0,
            Value::Float(f, _) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Struct(_) => true,
            Value::Pointer(p) => !p.is_nil(),
            Value::Object(o) => o.is_true(),
        }
    }

    /// The string, if this is a `string`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Follows pointers to the value they point at (`reflect.Indirect` repeated); a nil pointer stays as it is.
    pub fn indirect(&self) -> &Value<'a> {
        let mut v = self;
        while let Value::Pointer(Pointer {
            target: Some(t), ..
        }) = v
        {
            v = t;
        }
        v
    }
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => f.write_str("nil"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i, k) => write!(f, "{k}({i})"),
            Value::Uint(u, k) => write!(f, "{k}({u})"),
            Value::Float(x, k) => write!(f, "{k}({x:?})"),
            Value::String(s) => write!(f, "{:?}", &**s),
            Value::List(l) => f.debug_list().entries(l.iter()).finish(),
            Value::Map(m) => f.debug_map().entries(m.iter()).finish(),
            Value::Struct(s) => {
                let mut d = f.debug_struct(&s.ty.to_string());
                for field in &s.fields {
                    d.field(&field.name, &field.value);
                }
                d.finish()
            }
            Value::Pointer(p) => match &p.target {
                Some(t) => write!(f, "&{t:?}"),
                None => write!(f, "({})(nil)", p.ty),
            },
            Value::Object(o) => write!(f, "<{}>", o.go_type()),
        }
    }
}

/// A Go string: borrowed from host data or owned.
#[derive(Clone)]
pub enum Str<'a> {
    /// Text borrowed from the host data for the whole execution.
    Borrowed(&'a str),
    /// Text produced during execution.
    Owned(Arc<str>),
}

impl Deref for Str<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Str::Borrowed(s) => s,
            Str::Owned(s) => s,
        }
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// A map key. Go prints and ranges over maps in key order: numbers numerically, strings byte-wise,
/// `false` before `true`.
#[derive(Debug, Clone)]
pub enum Key {
    /// A `bool` key.
    Bool(bool),
    /// A signed integer key.
    Int(i64),
    /// An unsigned integer key.
    Uint(u64),
    /// A float key (NaN sorts first).
    Float(f64),
    /// A string key.
    String(Arc<str>),
}

impl Key {
    /// The key as a value of the map's key type.
    pub fn to_value<'a>(&self, key_type: &TypeRef) -> Value<'a> {
        match self {
            Key::Bool(b) => Value::Bool(*b),
            Key::Int(i) => Value::Int(*i, key_type.kind()),
            Key::Uint(u) => Value::Uint(*u, key_type.kind()),
            Key::Float(f) => Value::Float(*f, key_type.kind()),
            Key::String(s) => Value::String(Str::Owned(s.clone())),
        }
    }

    /// The key for a value, if the value can be a map key.
    pub fn from_value(v: &Value<'_>) -> Option<Key> {
        Some(match v {
            Value::Bool(b) => Key::Bool(*b),
            Value::Int(i, _) => Key::Int(*i),
            Value::Uint(u, _) => Key::Uint(*u),
            Value::Float(f, _) => Key::Float(*f),
            Value::String(s) => Key::String(Arc::from(&**s)),
            _ => return None,
        })
    }
}

impl From<&str> for Key {
    fn from(s: &str) -> Self {
        Key::String(Arc::from(s))
    }
}

/// A map key seen without ownership, so maps can be searched by `&str` without allocating.
#[derive(Debug, Clone, Copy)]
pub enum KeyRef<'k> {
    /// A `bool` key.
    Bool(bool),
    /// A signed integer key.
    Int(i64),
    /// An unsigned integer key.
    Uint(u64),
    /// A float key.
    Float(f64),
    /// A string key.
    Str(&'k str),
}

impl KeyRef<'_> {
    fn rank(&self) -> u8 {
        match self {
            KeyRef::Bool(_) => 0,
            KeyRef::Int(_) => 1,
            KeyRef::Uint(_) => 2,
            KeyRef::Float(_) => 3,
            KeyRef::Str(_) => 4,
        }
    }

    /// Go's map key order (see [`Key`]).
    fn go_cmp(&self, other: &KeyRef<'_>) -> Ordering {
        match (self, other) {
            (KeyRef::Bool(a), KeyRef::Bool(b)) => a.cmp(b),
            (KeyRef::Int(a), KeyRef::Int(b)) => a.cmp(b),
            (KeyRef::Uint(a), KeyRef::Uint(b)) => a.cmp(b),
            (KeyRef::Float(a), KeyRef::Float(b)) => match (a.is_nan(), b.is_nan()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => a.total_cmp(b),
            },
            (KeyRef::Str(a), KeyRef::Str(b)) => a.as_bytes().cmp(b.as_bytes()),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

/// Anything that can be looked up in a map's keys (a [`Key`], or a string through [`StrKey`]).
pub trait AsKeyRef {
    /// The key as a [`KeyRef`].
    fn key_ref(&self) -> KeyRef<'_>;
}

impl AsKeyRef for Key {
    fn key_ref(&self) -> KeyRef<'_> {
        match self {
            Key::Bool(b) => KeyRef::Bool(*b),
            Key::Int(i) => KeyRef::Int(*i),
            Key::Uint(u) => KeyRef::Uint(*u),
            Key::Float(f) => KeyRef::Float(*f),
            Key::String(s) => KeyRef::Str(s),
        }
    }
}

/// A borrowed string key for allocation-free lookups.
pub struct StrKey<'k>(pub &'k str);

impl AsKeyRef for StrKey<'_> {
    fn key_ref(&self) -> KeyRef<'_> {
        KeyRef::Str(self.0)
    }
}

impl<'k> std::borrow::Borrow<dyn AsKeyRef + 'k> for Key {
    fn borrow(&self) -> &(dyn AsKeyRef + 'k) {
        self
    }
}

impl Ord for dyn AsKeyRef + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key_ref().go_cmp(&other.key_ref())
    }
}

impl PartialOrd for dyn AsKeyRef + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for dyn AsKeyRef + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for dyn AsKeyRef + '_ {}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key_ref().go_cmp(&other.key_ref())
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Key {}

/// A type shared by many values: a static reference for the common JSON types, else an `Arc`.
#[derive(Clone)]
enum TyHandle {
    Static(&'static TypeRef),
    Shared(TypeRef),
}

impl Deref for TyHandle {
    type Target = TypeRef;

    fn deref(&self) -> &TypeRef {
        match self {
            TyHandle::Static(t) => t,
            TyHandle::Shared(t) => t,
        }
    }
}

/// A Go slice or array.
#[derive(Clone)]
pub struct List<'a> {
    repr: ListRepr<'a>,
    ty: TyHandle,
}

#[derive(Clone)]
enum ListRepr<'a> {
    Nil,
    Owned(Arc<[Value<'a>]>),
    Json(&'a [serde_json::Value]),
}

impl<'a> List<'a> {
    /// The JSON array this slice views, if it is a view of host JSON.
    pub fn as_json(&self) -> Option<&'a [serde_json::Value]> {
        match self.repr {
            ListRepr::Json(items) => Some(items),
            _ => None,
        }
    }

    /// A slice (or array) of type `ty` holding `items`.
    pub fn new(items: Vec<Value<'a>>, ty: TypeRef) -> Self {
        List {
            repr: ListRepr::Owned(items.into()),
            ty: TyHandle::Shared(ty),
        }
    }

    /// A nil slice of type `ty`.
    pub fn nil(ty: TypeRef) -> Self {
        List {
            repr: ListRepr::Nil,
            ty: TyHandle::Shared(ty),
        }
    }

    /// A slice of type `ty` viewing JSON array elements in place; elements decode as `ty`'s element type.
    pub fn json(items: &'a [serde_json::Value], ty: TypeRef) -> Self {
        List {
            repr: ListRepr::Json(items),
            ty: TyHandle::Shared(ty),
        }
    }

    /// The slice type (`[]interface {}`, `[]string`, `[3]int`, …).
    pub fn go_type(&self) -> &TypeRef {
        &self.ty
    }

    /// Whether this is a nil slice.
    pub fn is_nil(&self) -> bool {
        matches!(self.repr, ListRepr::Nil)
    }

    /// The address of the backing storage (0 for a nil slice), standing in for Go's slice pointer (`%p`).
    pub fn addr(&self) -> usize {
        match &self.repr {
            ListRepr::Nil => 0,
            ListRepr::Owned(v) => v.as_ptr() as usize,
            ListRepr::Json(v) => v.as_ptr() as usize,
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        match &self.repr {
            ListRepr::Nil => 0,
            ListRepr::Owned(v) => v.len(),
            ListRepr::Json(v) => v.len(),
        }
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `i`.
    pub fn get(&self, i: usize) -> Option<Value<'a>> {
        match &self.repr {
            ListRepr::Nil => None,
            ListRepr::Owned(v) => v.get(i).cloned(),
            ListRepr::Json(v) => v.get(i).map(|j| self.elem_from_json(j)),
        }
    }

    /// The elements in order.
    pub fn iter(&self) -> impl Iterator<Item = Value<'a>> + '_ {
        (0..self.len()).filter_map(move |i| self.get(i))
    }

    /// A sub-slice `[lo:hi]` sharing nothing it does not need to (elements are cheap clones).
    pub fn slice(&self, lo: usize, hi: usize) -> List<'a> {
        match &self.repr {
            ListRepr::Json(v) => List {
                repr: ListRepr::Json(&v[lo..hi]),
                ty: self.ty.clone(),
            },
            _ => List::new(
                self.iter().skip(lo).take(hi.saturating_sub(lo)).collect(),
                (*self.ty).clone(),
            ),
        }
    }

    fn elem_from_json(&self, j: &'a serde_json::Value) -> Value<'a> {
        match self.ty.elem() {
            Some(e) => Value::from_json_typed(j, e),
            None => Value::from_json(j),
        }
    }
}

/// A Go map. Iteration is in Go's key order.
///
/// Like Go maps, maps built at run time are references: clones share the entries, so [`Map::insert`] and
/// [`Map::remove`] (Sprig's `set`, `unset`, `merge`) are seen through every copy. Maps viewing host JSON are
/// read-only.
#[derive(Clone)]
pub struct Map<'a> {
    repr: MapRepr<'a>,
    ty: TyHandle,
}

#[derive(Clone)]
enum MapRepr<'a> {
    Nil,
    Owned(Arc<RwLock<BTreeMap<Key, Value<'a>>>>),
    Json(&'a serde_json::Map<String, serde_json::Value>),
}

/// Why a map could not be modified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapWriteError {
    /// The map is nil (Go panics with `assignment to entry in nil map`).
    Nil,
    /// The map views host JSON data, which templates cannot modify.
    ReadOnly,
}

impl fmt::Display for MapWriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MapWriteError::Nil => "assignment to entry in nil map",
            MapWriteError::ReadOnly => "cannot modify a map of host data",
        })
    }
}

fn read_lock<T>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(PoisonError::into_inner)
}

fn write_lock<T>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(PoisonError::into_inner)
}

/// Iterates a shared map without holding its lock between steps (the map may be modified meanwhile, as in Go).
struct SharedMapIter<'a> {
    map: Arc<RwLock<BTreeMap<Key, Value<'a>>>>,
    last: Option<Key>,
}

impl<'a> Iterator for SharedMapIter<'a> {
    type Item = (Key, Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let m = read_lock(&self.map);
        let next = match &self.last {
            None => m.iter().next(),
            Some(k) => m
                .range::<Key, _>((Bound::Excluded(k), Bound::Unbounded))
                .next(),
        };
        let (k, v) = next.map(|(k, v)| (k.clone(), v.clone()))?;
        drop(m);
        self.last = Some(k.clone());
        Some((k, v))
    }
}

impl<'a> Map<'a> {
    /// The JSON object this map views, if it is a view of host JSON.
    pub fn as_json(&self) -> Option<&'a serde_json::Map<String, serde_json::Value>> {
        match self.repr {
            MapRepr::Json(m) => Some(m),
            _ => None,
        }
    }

    /// A map of type `ty` holding `entries`.
    pub fn new(entries: BTreeMap<Key, Value<'a>>, ty: TypeRef) -> Self {
        Map {
            repr: MapRepr::Owned(Arc::new(RwLock::new(entries))),
            ty: TyHandle::Shared(ty),
        }
    }

    /// A nil map of type `ty`.
    pub fn nil(ty: TypeRef) -> Self {
        Map {
            repr: MapRepr::Nil,
            ty: TyHandle::Shared(ty),
        }
    }

    /// A string-keyed map of type `ty` viewing a JSON object in place; values decode as `ty`'s value type.
    pub fn json(map: &'a serde_json::Map<String, serde_json::Value>, ty: TypeRef) -> Self {
        Map {
            repr: MapRepr::Json(map),
            ty: TyHandle::Shared(ty),
        }
    }

    /// The map type.
    pub fn go_type(&self) -> &TypeRef {
        &self.ty
    }

    /// Whether this is a nil map.
    pub fn is_nil(&self) -> bool {
        matches!(self.repr, MapRepr::Nil)
    }

    /// The address of the map's storage (0 for a nil map), standing in for Go's map pointer (`%p`).
    pub fn addr(&self) -> usize {
        match &self.repr {
            MapRepr::Nil => 0,
            MapRepr::Owned(m) => Arc::as_ptr(m) as usize,
            MapRepr::Json(m) => std::ptr::from_ref(*m) as usize,
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        match &self.repr {
            MapRepr::Nil => 0,
            MapRepr::Owned(m) => read_lock(m).len(),
            MapRepr::Json(m) => m.len(),
        }
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value under a string key.
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        match &self.repr {
            MapRepr::Nil => None,
            MapRepr::Owned(m) => read_lock(m).get(&StrKey(key) as &dyn AsKeyRef).cloned(),
            MapRepr::Json(m) => m.get(key).map(|j| self.value_from_json(j)),
        }
    }

    /// The JSON object behind a map whose values decode as `interface {}` (as [`Value::from_json`] views
    /// them), for walking field chains without building intermediate values.
    pub fn json_object(&self) -> Option<&'a serde_json::Map<String, serde_json::Value>> {
        match &self.repr {
            MapRepr::Json(m) if self.ty.elem().is_none_or(|e| e.is_interface()) => Some(m),
            _ => None,
        }
    }

    /// The value under a string key held in an `Arc` (no allocation for owned maps).
    pub fn get_shared(&self, key: &Arc<str>) -> Option<Value<'a>> {
        match &self.repr {
            MapRepr::Nil => None,
            MapRepr::Owned(m) => read_lock(m).get(&Key::String(key.clone())).cloned(),
            MapRepr::Json(m) => m.get(&**key).map(|j| self.value_from_json(j)),
        }
    }

    /// The value under any key.
    pub fn get_key(&self, key: &Key) -> Option<Value<'a>> {
        match (&self.repr, key) {
            (MapRepr::Owned(m), _) => read_lock(m).get(key).cloned(),
            (MapRepr::Json(_), Key::String(s)) => self.get(s),
            _ => None,
        }
    }

    /// The entries in Go's key order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = (Key, Value<'a>)> + '_> {
        match &self.repr {
            MapRepr::Nil => Box::new(std::iter::empty()),
            MapRepr::Owned(m) => Box::new(SharedMapIter {
                map: m.clone(),
                last: None,
            }),
            // serde_json's map is ordered by key bytes (the `preserve_order` feature must stay off; a test checks it).
            MapRepr::Json(m) => Box::new(
                m.iter()
                    .map(|(k, v)| (Key::from(k.as_str()), self.value_from_json(v))),
            ),
        }
    }

    /// The entries as an owned sorted map (for functions that build a modified copy).
    pub fn to_btree(&self) -> BTreeMap<Key, Value<'a>> {
        match &self.repr {
            MapRepr::Owned(m) => read_lock(m).clone(),
            _ => self.iter().collect(),
        }
    }

    /// Whether the map contains `key`.
    pub fn contains_key(&self, key: &Key) -> bool {
        match (&self.repr, key) {
            (MapRepr::Owned(m), _) => read_lock(m).contains_key(key),
            (MapRepr::Json(m), Key::String(s)) => m.contains_key(&**s),
            _ => false,
        }
    }

    /// Sets `key` to `value` in place, visible through every copy of this map (Go's `m[key] = value`).
    pub fn insert(&self, key: Key, value: Value<'a>) -> Result<(), MapWriteError> {
        match &self.repr {
            MapRepr::Owned(m) => {
                write_lock(m).insert(key, value);
                Ok(())
            }
            MapRepr::Nil => Err(MapWriteError::Nil),
            MapRepr::Json(_) => Err(MapWriteError::ReadOnly),
        }
    }

    /// Removes `key` in place (Go's `delete(m, key)`; a no-op on a nil map).
    pub fn remove(&self, key: &Key) -> Result<(), MapWriteError> {
        match &self.repr {
            MapRepr::Owned(m) => {
                write_lock(m).remove(key);
                Ok(())
            }
            MapRepr::Nil => Ok(()),
            MapRepr::Json(m) => match key {
                Key::String(s) if m.contains_key(&**s) => Err(MapWriteError::ReadOnly),
                _ => Ok(()),
            },
        }
    }

    /// Whether both maps are the same Go map (share their entries), like comparing map pointers.
    pub fn same_map(&self, other: &Map<'_>) -> bool {
        match (&self.repr, &other.repr) {
            (MapRepr::Owned(a), MapRepr::Owned(b)) => {
                std::ptr::eq(Arc::as_ptr(a).cast::<u8>(), Arc::as_ptr(b).cast::<u8>())
            }
            (MapRepr::Json(a), MapRepr::Json(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }

    /// The entries of a map viewing host JSON, in key order, without building keys; `None` for other maps.
    pub fn json_entries(&self) -> Option<impl Iterator<Item = (&'a str, Value<'a>)> + '_> {
        match self.repr {
            MapRepr::Json(m) => Some(
                m.iter()
                    .map(move |(k, v)| (k.as_str(), self.value_from_json(v))),
            ),
            _ => None,
        }
    }

    fn value_from_json(&self, j: &'a serde_json::Value) -> Value<'a> {
        match self.ty.elem() {
            Some(e) => Value::from_json_typed(j, e),
            None => Value::from_json(j),
        }
    }
}

/// A struct value.
#[derive(Clone, Debug)]
pub struct Struct<'a> {
    /// The struct's type (usually [`GoType::Named`] over [`GoType::Struct`]).
    pub ty: TypeRef,
    /// The fields in declaration order.
    pub fields: Vec<Field<'a>>,
}

impl<'a> Struct<'a> {
    /// The exported field called `name`.
    pub fn field(&self, name: &str) -> Option<&Field<'a>> {
        self.fields.iter().find(|f| f.name.as_ref() == name)
    }
}

/// One struct field.
#[derive(Clone, Debug)]
pub struct Field<'a> {
    /// The Go field name; lower-case names are unexported (printed, not accessible).
    pub name: Arc<str>,
    /// The declared type, which matters when it is an interface type.
    pub ty: TypeRef,
    /// The field's value.
    pub value: Value<'a>,
}

impl Field<'_> {
    /// Whether templates may access the field (its name starts with an upper-case letter).
    pub fn is_exported(&self) -> bool {
        self.name.chars().next().is_some_and(char::is_uppercase)
    }
}

/// A pointer: to a value, or a typed nil.
#[derive(Clone)]
pub struct Pointer<'a> {
    /// What it points at; `None` for nil.
    pub target: Option<Arc<Value<'a>>>,
    /// The pointer type (`*T`).
    pub ty: TypeRef,
}

impl<'a> Pointer<'a> {
    /// A pointer to `target`.
    pub fn to(target: Value<'a>) -> Self {
        let elem = target.go_type().unwrap_or_else(GoType::interface);
        Pointer {
            target: Some(Arc::new(target)),
            ty: Arc::new(GoType::Pointer(elem)),
        }
    }

    /// A nil pointer of pointer type `ty`.
    pub fn nil(ty: TypeRef) -> Self {
        Pointer { target: None, ty }
    }

    /// Whether the pointer is nil.
    pub fn is_nil(&self) -> bool {
        self.target.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_maps_iterate_in_byte_order() {
        // gotmpl relies on serde_json's map being a BTreeMap: Go ranges over maps in sorted key order.
        let j = json!({"b": 1, "a": 2, "B": 3, "aa": 4});
        let Value::Map(m) = Value::from_json(&j) else {
            panic!("not a map")
        };
        let keys: Vec<_> = m.iter().map(|(k, _)| format!("{k:?}")).collect();
        assert_eq!(
            keys,
            [
                "String(\"B\")",
                "String(\"a\")",
                "String(\"aa\")",
                "String(\"b\")"
            ]
        );
    }

    #[test]
    fn json_numbers_are_float64_unless_typed() {
        let j = json!({"n": 3});
        let Value::Map(m) = Value::from_json(&j) else {
            panic!()
        };
        assert!(matches!(m.get("n"), Some(Value::Float(f, Kind::Float64)) if f == 3.0));
        let typed = Arc::new(GoType::Map(GoType::string(), GoType::int64()));
        let Value::Map(m) = Value::from_json_typed(&j, &typed) else {
            panic!()
        };
        assert!(matches!(m.get("n"), Some(Value::Int(3, Kind::Int64))));
    }

    #[test]
    fn truthiness_follows_go() {
        assert!(!Value::Nil.is_true());
        assert!(!Value::int(0).is_true());
        assert!(Value::float(0.5).is_true());
        assert!(!Value::str("").is_true());
        assert!(!Value::List(List::nil(GoType::slice_of_string())).is_true());
        assert!(Value::list(vec![Value::Nil]).is_true());
        assert!(!Value::Pointer(Pointer::nil(Arc::new(GoType::Pointer(GoType::int())))).is_true());
        let s = Struct {
            ty: Arc::new(GoType::Struct),
            fields: vec![],
        };
        assert!(Value::Struct(Arc::new(s)).is_true());
    }

    #[test]
    fn runtime_maps_are_shared_references() {
        let m = Map::new(BTreeMap::new(), GoType::map_string_interface());
        let copy = m.clone();
        assert_eq!(m.insert(Key::from("b"), Value::int(2)), Ok(()));
        assert_eq!(m.insert(Key::from("a"), Value::int(1)), Ok(()));
        assert_eq!(copy.len(), 2);
        assert!(matches!(copy.get("b"), Some(Value::Int(2, _))));
        assert!(copy.get("c").is_none());
        assert!(copy.same_map(&m));
        let keys: Vec<_> = copy.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, vec![Key::from("a"), Key::from("b")]);
        assert_eq!(copy.remove(&Key::from("a")), Ok(()));
        assert!(!m.contains_key(&Key::from("a")));
        let nil = Map::nil(GoType::map_string_interface());
        assert_eq!(
            nil.insert(Key::from("x"), Value::Nil),
            Err(MapWriteError::Nil)
        );
        assert_eq!(nil.remove(&Key::from("x")), Ok(()));
    }

    #[test]
    fn string_lookup_matches_key_order() {
        let mut entries = BTreeMap::new();
        entries.insert(Key::Int(1), Value::int(1));
        entries.insert(Key::Bool(true), Value::int(2));
        entries.insert(Key::from("a"), Value::int(3));
        entries.insert(Key::from("b"), Value::int(4));
        let m = Map::new(entries, GoType::map_string_interface());
        assert!(matches!(m.get("a"), Some(Value::Int(3, _))));
        assert!(matches!(m.get("b"), Some(Value::Int(4, _))));
        assert!(m.get("1").is_none());
    }

    #[test]
    fn keys_sort_like_go() {
        let mut keys = vec![Key::Int(10), Key::Int(-1), Key::Int(2)];
        keys.sort();
        assert_eq!(keys, vec![Key::Int(-1), Key::Int(2), Key::Int(10)]);
        let mut f = [Key::Float(1.0), Key::Float(f64::NAN), Key::Float(-3.0)];
        f.sort();
        assert!(matches!(f[0], Key::Float(x) if x.is_nan()));
    }
}
