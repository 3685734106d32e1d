//! Go's static types, as far as templates can observe them: `%T`, Sprig's `typeOf`/`kindOf`, printing rules,
//! the zero value of a missing map entry, and the argument conversions of function calls.

use std::fmt;
use std::sync::{Arc, LazyLock};

/// Go's `reflect.Kind`, the category of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The kind of an untyped nil (Go's `reflect.Invalid`).
    Invalid,
    /// `bool`.
    Bool,
    /// `int`.
    Int,
    /// `int8`.
    Int8,
    /// `int16`.
    Int16,
    /// `int32` (also `rune`).
    Int32,
    /// `int64`.
    Int64,
    /// `uint`.
    Uint,
    /// `uint8` (also `byte`).
    Uint8,
    /// `uint16`.
    Uint16,
    /// `uint32`.
    Uint32,
    /// `uint64`.
    Uint64,
    /// `uintptr`.
    Uintptr,
    /// `float32`.
    Float32,
    /// `float64`.
    Float64,
    /// `complex64`.
    Complex64,
    /// `complex128`.
    Complex128,
    /// Fixed-size arrays.
    Array,
    /// Channels.
    Chan,
    /// Functions.
    Func,
    /// Interfaces (only seen as the static type of an element or field).
    Interface,
    /// Maps.
    Map,
    /// Pointers.
    Pointer,
    /// Slices.
    Slice,
    /// `string`.
    String,
    /// Structs.
    Struct,
    /// `unsafe.Pointer`.
    UnsafePointer,
}

impl Kind {
    /// The name Go's `reflect.Kind.String()` gives this kind (`"int"`, `"slice"`, `"ptr"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Invalid => "invalid",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Int8 => "int8",
            Kind::Int16 => "int16",
            Kind::Int32 => "int32",
            Kind::Int64 => "int64",
            Kind::Uint => "uint",
            Kind::Uint8 => "uint8",
            Kind::Uint16 => "uint16",
            Kind::Uint32 => "uint32",
            Kind::Uint64 => "uint64",
            Kind::Uintptr => "uintptr",
            Kind::Float32 => "float32",
            Kind::Float64 => "float64",
            Kind::Complex64 => "complex64",
            Kind::Complex128 => "complex128",
            Kind::Array => "array",
            Kind::Chan => "chan",
            Kind::Func => "func",
            Kind::Interface => "interface",
            Kind::Map => "map",
            Kind::Pointer => "ptr",
            Kind::Slice => "slice",
            Kind::String => "string",
            Kind::Struct => "struct",
            Kind::UnsafePointer => "unsafe.Pointer",
        }
    }

    /// Whether this is one of the signed integer kinds.
    pub fn is_signed_int(self) -> bool {
        matches!(
            self,
            Kind::Int | Kind::Int8 | Kind::Int16 | Kind::Int32 | Kind::Int64
        )
    }

    /// Whether this is one of the unsigned integer kinds.
    pub fn is_unsigned_int(self) -> bool {
        matches!(
            self,
            Kind::Uint | Kind::Uint8 | Kind::Uint16 | Kind::Uint32 | Kind::Uint64 | Kind::Uintptr
        )
    }

    /// Whether this is `float32` or `float64`.
    pub fn is_float(self) -> bool {
        matches!(self, Kind::Float32 | Kind::Float64)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A Go type as templates can observe it.
///
/// Types are shared behind [`TypeRef`]; the common ones are available as cheap clones of statics
/// ([`GoType::interface`], [`GoType::string`], [`GoType::slice_of_interface`], …).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GoType {
    /// The empty interface `interface {}` (Go's `any`), as an element, field or parameter type.
    Interface,
    /// A non-empty interface type, by name (`error`, `fmt.Stringer`).
    NamedInterface(Arc<str>),
    /// A predeclared basic type: bool, the integer, float and complex kinds, string.
    Basic(Kind),
    /// `[]E`.
    Slice(TypeRef),
    /// `[N]E`.
    Array(usize, TypeRef),
    /// `map[K]V`.
    Map(TypeRef, TypeRef),
    /// `*E`.
    Pointer(TypeRef),
    /// A named (defined) type: its printed name (`main.T`, `v1.Container`, `time.Duration`) and its underlying type.
    /// The underlying type of a named struct is [`GoType::Struct`].
    Named(Arc<str>, TypeRef),
    /// An anonymous struct type (fields are described by the value, not the type).
    Struct,
    /// A function type, by its printed signature (`func(string) string`).
    Func(Arc<str>),
    /// A channel type, by its printed form (`chan int`).
    Chan(Arc<str>),
}

/// A shared, immutable [`GoType`].
pub type TypeRef = Arc<GoType>;

macro_rules! static_type {
    ($(#[$doc:meta])* $name:ident => $init:expr) => {
        $(#[$doc])*
        pub fn $name() -> TypeRef {
            static T: LazyLock<TypeRef> = LazyLock::new(|| Arc::new($init));
            T.clone()
        }
    };
}

impl GoType {
    static_type!(
        /// `interface {}`.
        interface => GoType::Interface
    );
    static_type!(
        /// `string`.
        string => GoType::Basic(Kind::String)
    );
    static_type!(
        /// `bool`.
        bool => GoType::Basic(Kind::Bool)
    );
    static_type!(
        /// `int`.
        int => GoType::Basic(Kind::Int)
    );
    static_type!(
        /// `int64`.
        int64 => GoType::Basic(Kind::Int64)
    );
    static_type!(
        /// `float64`.
        float64 => GoType::Basic(Kind::Float64)
    );
    static_type!(
        /// `[]interface {}`.
        slice_of_interface => GoType::Slice(GoType::interface())
    );
    static_type!(
        /// `[]string`.
        slice_of_string => GoType::Slice(GoType::string())
    );
    static_type!(
        /// `map[string]interface {}`.
        map_string_interface => GoType::Map(GoType::string(), GoType::interface())
    );
    static_type!(
        /// `map[string]string`.
        map_string_string => GoType::Map(GoType::string(), GoType::string())
    );

    /// `[]interface {}` as a shared static reference (no reference-count traffic).
    pub(crate) fn slice_of_interface_static() -> &'static TypeRef {
        static T: LazyLock<TypeRef> =
            LazyLock::new(|| Arc::new(GoType::Slice(GoType::interface())));
        &T
    }

    /// `map[string]interface {}` as a shared static reference (no reference-count traffic).
    pub(crate) fn map_string_interface_static() -> &'static TypeRef {
        static T: LazyLock<TypeRef> =
            LazyLock::new(|| Arc::new(GoType::Map(GoType::string(), GoType::interface())));
        &T
    }

    /// The basic type of a kind (`int`, `float32`, …). Composite kinds give `interface {}`.
    pub fn basic(kind: Kind) -> TypeRef {
        match kind {
            Kind::String => GoType::string(),
            Kind::Bool => GoType::bool(),
            Kind::Int => GoType::int(),
            Kind::Int64 => GoType::int64(),
            Kind::Float64 => GoType::float64(),
            k if k.is_signed_int() || k.is_unsigned_int() || k.is_float() => {
                Arc::new(GoType::Basic(k))
            }
            Kind::Complex64 | Kind::Complex128 => Arc::new(GoType::Basic(kind)),
            _ => GoType::interface(),
        }
    }

    /// This type's kind (for a named type, the kind of its underlying type).
    pub fn kind(&self) -> Kind {
        match self {
            GoType::Interface | GoType::NamedInterface(_) => Kind::Interface,
            GoType::Basic(k) => *k,
            GoType::Slice(_) => Kind::Slice,
            GoType::Array(..) => Kind::Array,
            GoType::Map(..) => Kind::Map,
            GoType::Pointer(_) => Kind::Pointer,
            GoType::Named(_, u) => u.kind(),
            GoType::Struct => Kind::Struct,
            GoType::Func(_) => Kind::Func,
            GoType::Chan(_) => Kind::Chan,
        }
    }

    /// The element type of a slice, array, map (its value type) or pointer, looking through named types.
    pub fn elem(&self) -> Option<&TypeRef> {
        match self {
            GoType::Slice(e) | GoType::Array(_, e) | GoType::Map(_, e) | GoType::Pointer(e) => {
                Some(e)
            }
            GoType::Named(_, u) => u.elem(),
            _ => None,
        }
    }

    /// The key type of a map, looking through named types.
    pub fn key(&self) -> Option<&TypeRef> {
        match self {
            GoType::Map(k, _) => Some(k),
            GoType::Named(_, u) => u.key(),
            _ => None,
        }
    }

    /// Whether this is an interface type (a value stored in it keeps its own dynamic type).
    pub fn is_interface(&self) -> bool {
        matches!(self, GoType::Interface | GoType::NamedInterface(_))
    }
}

impl fmt::Display for GoType {
    /// Prints the type as Go's `%T` / `reflect.Type.String()` does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoType::Interface => f.write_str("interface {}"),
            GoType::NamedInterface(n) | GoType::Named(n, _) | GoType::Func(n) | GoType::Chan(n) => {
                f.write_str(n)
            }
            GoType::Basic(k) => f.write_str(k.name()),
            GoType::Slice(e) => write!(f, "[]{e}"),
            GoType::Array(n, e) => write!(f, "[{n}]{e}"),
            GoType::Map(k, v) => write!(f, "map[{k}]{v}"),
            GoType::Pointer(e) => write!(f, "*{e}"),
            GoType::Struct => f.write_str("struct {}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_go() {
        assert_eq!(GoType::slice_of_interface().to_string(), "[]interface {}");
        assert_eq!(GoType::map_string_string().to_string(), "map[string]string");
        let named = Arc::new(GoType::Named(
            "v1.Container".into(),
            Arc::new(GoType::Struct),
        ));
        assert_eq!(GoType::Pointer(named.clone()).to_string(), "*v1.Container");
        assert_eq!(named.kind(), Kind::Struct);
        assert_eq!(GoType::Array(3, GoType::int()).to_string(), "[3]int");
    }
}
