//! A dynamic protobuf message interpreted through the static descriptors: the Rust counterpart of a
//! generated Go message viewed with `protoreflect` (`Has`, `Get`, `Set`, `Clear`, `WhichOneof`, `proto.Equal`).

use std::collections::BTreeMap;

use super::descriptor::{FieldDescriptor, Kind, Label, MessageDescriptor};

/// A map key (protobuf allows integral, bool and string keys).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MapKey {
    /// A `bool` key (sorted false < true, as jsonpb does).
    Bool(bool),
    /// A signed integer key.
    Int(i64),
    /// An unsigned integer key.
    Uint(u64),
    /// A string key (sorted by bytes, as Go does).
    String(String),
}

impl std::fmt::Display for MapKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MapKey::Bool(b) => write!(f, "{b}"),
            MapKey::Int(i) => write!(f, "{i}"),
            MapKey::Uint(u) => write!(f, "{u}"),
            MapKey::String(s) => f.write_str(s),
        }
    }
}

/// A field value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `bool`.
    Bool(bool),
    /// 32-bit signed kinds.
    I32(i32),
    /// 64-bit signed kinds.
    I64(i64),
    /// 32-bit unsigned kinds.
    U32(u32),
    /// 64-bit unsigned kinds.
    U64(u64),
    /// `float`.
    F32(f32),
    /// `double`.
    F64(f64),
    /// `string`.
    String(String),
    /// `bytes`.
    Bytes(Vec<u8>),
    /// An enum number.
    Enum(i32),
    /// A message (including well-known types, held by their proto fields).
    Message(Box<Message>),
    /// A repeated field.
    List(Vec<Value>),
    /// A map field, ordered by key.
    Map(BTreeMap<MapKey, Value>),
}

impl Value {
    /// The zero value of a singular field of this kind (`None` for messages: nil pointers).
    pub fn zero(kind: Kind) -> Option<Value> {
        Some(match kind {
            Kind::Bool => Value::Bool(false),
            Kind::Int32 => Value::I32(0),
            Kind::Int64 => Value::I64(0),
            Kind::Uint32 => Value::U32(0),
            Kind::Uint64 => Value::U64(0),
            Kind::Float => Value::F32(0.0),
            Kind::Double => Value::F64(0.0),
            Kind::String => Value::String(String::new()),
            Kind::Bytes => Value::Bytes(Vec::new()),
            Kind::Enum(_) => Value::Enum(0),
            Kind::Message(_) => return None,
        })
    }

    /// Whether this is the zero value of its kind (an empty list or map counts as zero).
    pub fn is_zero(&self) -> bool {
        match self {
            Value::Bool(b) => !b,
            Value::I32(v) | Value::Enum(v) => *v == 0,
            Value::I64(v) => *v == 0,
            Value::U32(v) => *v == 0,
            Value::U64(v) => *v == 0,
            Value::F32(v) => *v == 0.0 && v.is_sign_positive(),
            Value::F64(v) => *v == 0.0 && v.is_sign_positive(),
            Value::String(s) => s.is_empty(),
            Value::Bytes(b) => b.is_empty(),
            Value::Message(_) => false,
            Value::List(l) => l.is_empty(),
            Value::Map(m) => m.is_empty(),
        }
    }

    /// The string, for string values.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The message, for message values.
    pub fn as_message(&self) -> Option<&Message> {
        match self {
            Value::Message(m) => Some(m),
            _ => None,
        }
    }
}

/// A message instance: one optional slot per descriptor field, in declaration order.
///
/// A slot is `Some` exactly when Go's `protoreflect.Message.Has` would be true: implicit-presence scalars
/// are never stored as zero, lists and maps never empty, and a oneof holds at most one member.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    desc: &'static MessageDescriptor,
    fields: Vec<Option<Value>>,
}

impl Message {
    /// An empty message of this type.
    pub fn new(desc: &'static MessageDescriptor) -> Message {
        Message {
            desc,
            fields: vec![None; desc.fields.len()],
        }
    }

    /// The message type.
    pub fn descriptor(&self) -> &'static MessageDescriptor {
        self.desc
    }

    fn slot(&self, field: &FieldDescriptor) -> Option<usize> {
        self.desc.index_of(field)
    }

    /// Whether the field is populated (Go's `Has`).
    pub fn has(&self, field: &FieldDescriptor) -> bool {
        self.get(field).is_some()
    }

    /// The populated value of a field, `None` when unset (Go would return the zero value or nil).
    pub fn get(&self, field: &FieldDescriptor) -> Option<&Value> {
        self.slot(field).and_then(|i| self.fields[i].as_ref())
    }

    /// Mutable access to a populated field.
    pub fn get_mut(&mut self, field: &FieldDescriptor) -> Option<&mut Value> {
        let i = self.slot(field)?;
        self.fields[i].as_mut()
    }

    /// The populated value of the field with this proto name.
    pub fn get_by_name(&self, name: &str) -> Option<&Value> {
        self.desc.field_by_name(name).and_then(|f| self.get(f))
    }

    /// Sets a field (Go's `Set`): a oneof member clears its siblings; a zero value of an implicit-presence
    /// field, an empty list and an empty map clear the field instead.
    pub fn set(&mut self, field: &FieldDescriptor, value: Value) {
        let Some(i) = self.slot(field) else { return };
        if let Some(oneof) = field.oneof {
            for (j, f) in self.desc.fields.iter().enumerate() {
                if f.oneof == Some(oneof) {
                    self.fields[j] = None;
                }
            }
        }
        let clear = match (&field.label, &value) {
            (Label::Singular, v) => !field.has_presence && v.is_zero(),
            (_, v) => v.is_zero(),
        };
        self.fields[i] = if clear { None } else { Some(value) };
    }

    /// Sets the field with this proto name; returns false when there is no such field.
    pub fn set_by_name(&mut self, name: &str, value: Value) -> bool {
        match self.desc.field_by_name(name) {
            Some(f) => {
                self.set(f, value);
                true
            }
            None => false,
        }
    }

    /// Clears a field (Go's `Clear`).
    pub fn clear(&mut self, field: &FieldDescriptor) {
        if let Some(i) = self.slot(field) {
            self.fields[i] = None;
        }
    }

    /// Removes and returns a field's value.
    pub fn take(&mut self, field: &FieldDescriptor) -> Option<Value> {
        let i = self.slot(field)?;
        self.fields[i].take()
    }

    /// The member currently set in oneof number `oneof` (Go's `WhichOneof`).
    pub fn which_oneof(&self, oneof: usize) -> Option<&'static FieldDescriptor> {
        self.desc
            .fields
            .iter()
            .zip(&self.fields)
            .find(|(f, v)| f.oneof == Some(oneof) && v.is_some())
            .map(|(f, _)| f)
    }

    /// Populated fields in declaration order.
    pub fn populated(&self) -> impl Iterator<Item = (&'static FieldDescriptor, &Value)> + '_ {
        self.desc
            .fields
            .iter()
            .zip(&self.fields)
            .filter_map(|(f, v)| v.as_ref().map(|v| (f, v)))
    }

    /// True when no field is populated.
    pub fn is_empty(&self) -> bool {
        self.fields.iter().all(Option::is_none)
    }

    /// A sub-message field, if set.
    pub fn message_field(&self, name: &str) -> Option<&Message> {
        self.get_by_name(name).and_then(Value::as_message)
    }

    /// A string field's value (`""` when unset).
    pub fn string_field(&self, name: &str) -> &str {
        self.get_by_name(name).and_then(Value::as_str).unwrap_or("")
    }

    /// An int32 field's value (0 when unset).
    pub fn i32_field(&self, name: &str) -> i32 {
        match self.get_by_name(name) {
            Some(Value::I32(v)) => *v,
            _ => 0,
        }
    }

    /// A uint32 field's value (0 when unset).
    pub fn u32_field(&self, name: &str) -> u32 {
        match self.get_by_name(name) {
            Some(Value::U32(v)) => *v,
            _ => 0,
        }
    }

    /// A bool field's value (false when unset).
    pub fn bool_field(&self, name: &str) -> bool {
        matches!(self.get_by_name(name), Some(Value::Bool(true)))
    }

    /// An enum field's number (0 when unset).
    pub fn enum_field(&self, name: &str) -> i32 {
        match self.get_by_name(name) {
            Some(Value::Enum(v)) => *v,
            _ => 0,
        }
    }

    /// The name of an enum field's value (the zero value's name when unset; `None` for unknown numbers).
    pub fn enum_name(&self, name: &str) -> Option<&'static str> {
        let field = self.desc.field_by_name(name)?;
        match field.kind {
            Kind::Enum(e) => e.name_of(self.enum_field(name)),
            _ => None,
        }
    }

    /// A repeated string field's values (empty when unset).
    pub fn string_list(&self, name: &str) -> Vec<&str> {
        match self.get_by_name(name) {
            Some(Value::List(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// A `map<string, string>` field (empty when unset).
    pub fn string_map(&self, name: &str) -> BTreeMap<&str, &str> {
        match self.get_by_name(name) {
            Some(Value::Map(m)) => m
                .iter()
                .filter_map(|(k, v)| match (k, v) {
                    (MapKey::String(k), Value::String(v)) => Some((k.as_str(), v.as_str())),
                    _ => None,
                })
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// The value held by a wrapper-typed field (`BoolValue`, `Int32Value`, ...), `None` when the
    /// wrapper is nil. A set wrapper holding its zero value yields that zero value.
    pub fn wrapper_field(&self, name: &str) -> Option<Value> {
        let field = self.desc.field_by_name(name)?;
        let inner = self.get(field)?.as_message()?;
        let value_field = inner.desc.fields.first()?;
        inner
            .get(value_field)
            .cloned()
            .or_else(|| Value::zero(value_field.kind))
    }

    /// A Duration-typed field as `(seconds, nanos)`, `None` when nil.
    pub fn duration_field(&self, name: &str) -> Option<(i64, i32)> {
        let d = self.message_field(name)?;
        let seconds = match d.get_by_name("seconds") {
            Some(Value::I64(s)) => *s,
            _ => 0,
        };
        let nanos = d.i32_field("nanos");
        Some((seconds, nanos))
    }
}
