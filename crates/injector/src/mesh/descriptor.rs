//! Static protobuf descriptors (the shape of `protoreflect` descriptors) for the messages reachable from
//! Istio's `meshconfig.MeshConfig` and `meshconfig.ProxyConfig`. The tables themselves live in
//! `descriptors_gen.rs`, written by `tools/proto-schema-gen`.

/// A protobuf enum type.
#[derive(Debug)]
pub struct EnumDescriptor {
    /// Fully qualified name, e.g. `istio.mesh.v1alpha1.ProxyConfig.InboundInterceptionMode`.
    pub full_name: &'static str,
    /// Go type as `%T` prints it, e.g. `v1alpha1.ProxyConfig_InboundInterceptionMode`.
    pub go_type: &'static str,
    /// Values in declaration order.
    pub values: &'static [EnumValue],
}

/// One value of an enum.
#[derive(Debug)]
pub struct EnumValue {
    /// Proto name, which is also what Go's `String()` and jsonpb print.
    pub name: &'static str,
    /// Wire number.
    pub number: i32,
}

impl EnumDescriptor {
    /// The name of the value with this number (the first declared one for aliases).
    pub fn name_of(&self, number: i32) -> Option<&'static str> {
        self.values
            .iter()
            .find(|v| v.number == number)
            .map(|v| v.name)
    }

    /// The number of the value with this name.
    pub fn number_of(&self, name: &str) -> Option<i32> {
        self.values
            .iter()
            .find(|v| v.name == name)
            .map(|v| v.number)
    }
}

/// Well-known `google.protobuf` messages with a special JSON mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WellKnown {
    /// `google.protobuf.Duration`: a string such as `"1.5s"`.
    Duration,
    /// `google.protobuf.Timestamp`: an RFC 3339 string.
    Timestamp,
    /// `google.protobuf.BoolValue`: a bare bool.
    BoolValue,
    /// `google.protobuf.BytesValue`: a bare base64 string.
    BytesValue,
    /// `google.protobuf.StringValue`: a bare string.
    StringValue,
    /// `google.protobuf.Int32Value`: a bare number.
    Int32Value,
    /// `google.protobuf.UInt32Value`: a bare number.
    UInt32Value,
    /// `google.protobuf.Int64Value`: a bare quoted number.
    Int64Value,
    /// `google.protobuf.UInt64Value`: a bare quoted number.
    UInt64Value,
    /// `google.protobuf.FloatValue`: a bare number.
    FloatValue,
    /// `google.protobuf.DoubleValue`: a bare number.
    DoubleValue,
    /// `google.protobuf.Struct`: any JSON object.
    Struct,
    /// `google.protobuf.Value`: any JSON value.
    Value,
    /// `google.protobuf.ListValue`: any JSON array.
    ListValue,
    /// `google.protobuf.Any`: an object with `@type`.
    Any,
    /// `google.protobuf.Empty`.
    Empty,
}

impl WellKnown {
    /// True for the scalar wrapper messages (`BoolValue`, `Int32Value`, ...).
    pub fn is_wrapper(self) -> bool {
        matches!(
            self,
            WellKnown::BoolValue
                | WellKnown::BytesValue
                | WellKnown::StringValue
                | WellKnown::Int32Value
                | WellKnown::UInt32Value
                | WellKnown::Int64Value
                | WellKnown::UInt64Value
                | WellKnown::FloatValue
                | WellKnown::DoubleValue
        )
    }
}

/// A protobuf message type.
#[derive(Debug)]
pub struct MessageDescriptor {
    /// Fully qualified name, e.g. `istio.mesh.v1alpha1.MeshConfig`.
    pub full_name: &'static str,
    /// Go type of a message pointer as `%T` prints it, e.g. `*v1alpha1.MeshConfig`.
    pub go_type: &'static str,
    /// Set for `google.protobuf` messages with a special JSON mapping.
    pub well_known: Option<WellKnown>,
    /// Oneofs in declaration order.
    pub oneofs: &'static [OneofDescriptor],
    /// Fields in `.proto` declaration order (the order jsonpb writes them in).
    pub fields: &'static [FieldDescriptor],
}

impl PartialEq for MessageDescriptor {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other) || self.full_name == other.full_name
    }
}

impl MessageDescriptor {
    /// The field with this proto (snake_case) name.
    pub fn field_by_name(&self, name: &str) -> Option<&'static FieldDescriptor> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field with this JSON (lowerCamelCase) name.
    pub fn field_by_json_name(&self, name: &str) -> Option<&'static FieldDescriptor> {
        self.fields.iter().find(|f| f.json_name == name)
    }

    /// The field with this Go struct field name (e.g. `ProxyAdminPort`, or a oneof member `ServiceCluster`).
    pub fn field_by_go_name(&self, name: &str) -> Option<&'static FieldDescriptor> {
        self.fields.iter().find(|f| f.go_name == name)
    }

    /// The position of a field in [`MessageDescriptor::fields`].
    pub fn index_of(&self, field: &FieldDescriptor) -> Option<usize> {
        // Fields are elements of `self.fields`: the index follows from the address.
        let size = std::mem::size_of::<FieldDescriptor>();
        let base = self.fields.as_ptr() as usize;
        let addr = field as *const FieldDescriptor as usize;
        let offset = addr.checked_sub(base)?;
        let index = offset / size;
        (offset % size == 0
            && index < self.fields.len()
            && std::ptr::eq(&self.fields[index], field))
        .then_some(index)
    }

    /// The index of the (non-synthetic) oneof with this Go interface field name (e.g. `ClusterName`).
    pub fn oneof_by_go_name(&self, name: &str) -> Option<usize> {
        self.oneofs
            .iter()
            .position(|o| !o.synthetic && o.go_name == name)
    }
}

/// A oneof group.
#[derive(Debug)]
pub struct OneofDescriptor {
    /// Proto name, e.g. `cluster_name`.
    pub name: &'static str,
    /// Go interface field name, e.g. `ClusterName`.
    pub go_name: &'static str,
    /// True for the synthetic oneof of a proto3 `optional` field.
    pub synthetic: bool,
}

/// The type of a field's values (for maps: the value type).
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// `bool`.
    Bool,
    /// `int32`, `sint32`, `sfixed32`.
    Int32,
    /// `int64`, `sint64`, `sfixed64`.
    Int64,
    /// `uint32`, `fixed32`.
    Uint32,
    /// `uint64`, `fixed64`.
    Uint64,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `string`.
    String,
    /// `bytes`.
    Bytes,
    /// An enum type.
    Enum(&'static EnumDescriptor),
    /// A message type (including well-known types).
    Message(&'static MessageDescriptor),
}

/// Cardinality of a field.
#[derive(Debug, Clone, Copy)]
pub enum Label {
    /// A single value.
    Singular,
    /// `repeated`.
    Repeated,
    /// `map<K, V>`; the key kind is carried here, the value kind in [`FieldDescriptor::kind`].
    Map(Kind),
}

/// One field of a message.
#[derive(Debug)]
pub struct FieldDescriptor {
    /// Proto (snake_case) name.
    pub name: &'static str,
    /// JSON (lowerCamelCase) name.
    pub json_name: &'static str,
    /// Go struct field name (protoc-gen-go CamelCase, no initialism fixing).
    pub go_name: &'static str,
    /// Go type of the struct field as `%T` prints it (`int32`, `*durationpb.Duration`, `map[string]string`);
    /// for a oneof member, the type of the member inside its wrapper struct.
    pub go_type: &'static str,
    /// For a oneof member, the wrapper type the oneof interface field holds (`*v1alpha1.ProxyConfig_ServiceCluster`).
    pub go_wrapper: Option<&'static str>,
    /// Field number.
    pub number: u32,
    /// Value kind (for maps, the value kind).
    pub kind: Kind,
    /// Singular, repeated or map.
    pub label: Label,
    /// Index into [`MessageDescriptor::oneofs`] when the field is a oneof member.
    pub oneof: Option<usize>,
    /// Whether the field tracks presence (messages, oneof members, proto3 `optional`).
    pub has_presence: bool,
}

impl FieldDescriptor {
    /// The message type of a singular or repeated message field (or a map's message value).
    pub fn message(&self) -> Option<&'static MessageDescriptor> {
        match self.kind {
            Kind::Message(m) => Some(m),
            _ => None,
        }
    }

    /// True for `repeated` (non-map) fields.
    pub fn is_list(&self) -> bool {
        matches!(self.label, Label::Repeated)
    }

    /// True for map fields.
    pub fn is_map(&self) -> bool {
        matches!(self.label, Label::Map(_))
    }
}
