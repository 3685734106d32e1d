//! Host objects: caller-defined Go-like types that templates reach by Go field and method names.
//!
//! Two shapes exist. An [`Object`] is any Rust type; it is shared behind an `Arc` or borrowed from the caller for
//! the execution. A [`JsonType`] describes a Go type laid over JSON data (a Kubernetes `Container`, a protobuf
//! message); a [`JsonView`] pairs it with the data and costs no allocation, so walking `.Spec.Containers` over a
//! large pod copies nothing.

use std::sync::Arc;

use super::{TypeRef, Value};
use crate::func::FuncError;

/// A host object seen by templates as a Go value of type [`Object::go_type`].
///
/// Every method but `go_type` has a default, so a plain struct-like object implements only [`Object::field`].
/// Values returned may borrow host data for `'a`, but never the object itself.
pub trait Object<'a>: Send + Sync {
    /// The Go type, as `%T` prints it (e.g. `*v1.Container`). Its kind decides how `range`, `index`, `len` and
    /// comparisons treat the object.
    fn go_type(&self) -> TypeRef;

    /// The exported field called `name`, or `None` when the type has no such field.
    /// Absent-but-declared fields return their Go zero value, not `None`.
    ///
    /// The answer must not change during an execution: the executor may remember a field it has read.
    fn field(&self, name: &str) -> Option<Value<'a>> {
        let _ = name;
        None
    }

    /// Calls the method `name` with `args`; `None` when the type has no such method.
    /// A Go type cannot have a field and a method of the same name; the executor asks [`Object::field`] first.
    fn call_method(&self, name: &str, args: &[Value<'a>]) -> Option<Result<Value<'a>, FuncError>> {
        let _ = (name, args);
        None
    }

    /// The text of the type's `String()` (or `Error()`) method, which Go's printing uses instead of the value.
    fn to_go_string(&self) -> Option<String> {
        None
    }

    /// The underlying basic value, for objects whose Go type is a named basic type (a protobuf enum is an
    /// `int32`, a `time.Duration` an `int64`). Comparisons and arithmetic use it.
    fn as_basic(&self) -> Option<Value<'a>> {
        None
    }

    /// The exported and unexported fields in declaration order, for printing a struct with `%v`/`%+v`.
    fn fields(&self) -> Vec<(Arc<str>, Value<'a>)> {
        Vec::new()
    }

    /// Template truthiness. Structs and non-nil pointers are true.
    fn is_true(&self) -> bool {
        true
    }

    /// The JSON text Go's `encoding/json` produces for the value, if it can be marshalled.
    fn marshal_json(&self) -> Option<String> {
        None
    }

    /// The host data behind the object as [`Any`](std::any::Any), so that functions can recognise objects they
    /// know (`time.Time`, `*semver.Version`, a protobuf message); see [`ObjRef::downcast_ref`].
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }
}

/// A Go type laid over JSON data: the schema half of a [`JsonView`].
///
/// Implementations are usually `'static` tables (a Kubernetes type schema, protobuf descriptors).
pub trait JsonType: Send + Sync {
    /// The Go type of a value viewed through this type.
    fn go_type(&self) -> TypeRef;

    /// The exported field `name` of `data`: `None` when the type has no such field, the Go zero value when the
    /// field is declared but absent from the data.
    fn field<'a>(&'static self, data: &'a serde_json::Value, name: &str) -> Option<Value<'a>>;

    /// Calls method `name` on `data`; `None` when the type has no such method.
    fn call_method<'a>(
        &'static self,
        data: &'a serde_json::Value,
        name: &str,
        args: &[Value<'a>],
    ) -> Option<Result<Value<'a>, FuncError>> {
        let _ = (data, name, args);
        None
    }

    /// The text of the type's `String()` method for `data`, if it has one.
    fn to_go_string(&self, data: &serde_json::Value) -> Option<String> {
        let _ = data;
        None
    }

    /// The underlying basic value of `data` for named basic types (enums, durations).
    fn as_basic<'a>(&'static self, data: &'a serde_json::Value) -> Option<Value<'a>> {
        let _ = data;
        None
    }

    /// The fields of `data` in declaration order, for printing.
    fn fields<'a>(&'static self, data: &'a serde_json::Value) -> Vec<(Arc<str>, Value<'a>)> {
        let _ = data;
        Vec::new()
    }

    /// The JSON text Go's `encoding/json` produces for `data` seen as this type.
    fn marshal_json(&'static self, data: &serde_json::Value) -> Option<String> {
        let _ = data;
        None
    }
}

/// JSON data seen through a [`JsonType`]: a zero-allocation host object.
#[derive(Clone, Copy)]
pub struct JsonView<'a> {
    /// The type describing the data.
    pub ty: &'static dyn JsonType,
    /// The data.
    pub data: &'a serde_json::Value,
}

/// How a [`Value::Object`] holds its object.
#[derive(Clone)]
pub enum ObjRef<'a> {
    /// Borrowed from the caller for the execution.
    Borrowed(&'a (dyn Object<'a> + 'a)),
    /// Shared ownership.
    Shared(Arc<dyn Object<'a> + 'a>),
    /// JSON data seen through a type description.
    View(JsonView<'a>),
}

impl<'a> ObjRef<'a> {
    /// See [`Object::go_type`].
    pub fn go_type(&self) -> TypeRef {
        match self {
            ObjRef::Borrowed(o) => o.go_type(),
            ObjRef::Shared(o) => o.go_type(),
            ObjRef::View(v) => v.ty.go_type(),
        }
    }

    /// See [`Object::field`].
    pub fn field(&self, name: &str) -> Option<Value<'a>> {
        match self {
            ObjRef::Borrowed(o) => o.field(name),
            ObjRef::Shared(o) => o.field(name),
            ObjRef::View(v) => v.ty.field(v.data, name),
        }
    }

    /// See [`Object::call_method`].
    pub fn call_method(
        &self,
        name: &str,
        args: &[Value<'a>],
    ) -> Option<Result<Value<'a>, FuncError>> {
        match self {
            ObjRef::Borrowed(o) => o.call_method(name, args),
            ObjRef::Shared(o) => o.call_method(name, args),
            ObjRef::View(v) => v.ty.call_method(v.data, name, args),
        }
    }

    /// See [`Object::to_go_string`].
    pub fn to_go_string(&self) -> Option<String> {
        match self {
            ObjRef::Borrowed(o) => o.to_go_string(),
            ObjRef::Shared(o) => o.to_go_string(),
            ObjRef::View(v) => v.ty.to_go_string(v.data),
        }
    }

    /// See [`Object::as_basic`].
    pub fn as_basic(&self) -> Option<Value<'a>> {
        match self {
            ObjRef::Borrowed(o) => o.as_basic(),
            ObjRef::Shared(o) => o.as_basic(),
            ObjRef::View(v) => v.ty.as_basic(v.data),
        }
    }

    /// See [`Object::fields`].
    pub fn fields(&self) -> Vec<(Arc<str>, Value<'a>)> {
        match self {
            ObjRef::Borrowed(o) => o.fields(),
            ObjRef::Shared(o) => o.fields(),
            ObjRef::View(v) => v.ty.fields(v.data),
        }
    }

    /// See [`Object::marshal_json`].
    pub fn marshal_json(&self) -> Option<String> {
        match self {
            ObjRef::Borrowed(o) => o.marshal_json(),
            ObjRef::Shared(o) => o.marshal_json(),
            ObjRef::View(v) => v.ty.marshal_json(v.data),
        }
    }

    /// The host data behind a borrowed or shared object, if it is a `T` (see [`Object::as_any`]).
    pub fn downcast_ref<T: 'static>(&self) -> Option<&T> {
        match self {
            ObjRef::Borrowed(o) => o.as_any()?.downcast_ref(),
            ObjRef::Shared(o) => o.as_any()?.downcast_ref(),
            ObjRef::View(_) => None,
        }
    }

    /// See [`Object::as_any`].
    pub fn as_any(&self) -> Option<&dyn std::any::Any> {
        match self {
            ObjRef::Borrowed(o) => o.as_any(),
            ObjRef::Shared(o) => o.as_any(),
            ObjRef::View(_) => None,
        }
    }

    /// See [`Object::is_true`].
    pub fn is_true(&self) -> bool {
        match self {
            ObjRef::Borrowed(o) => o.is_true(),
            ObjRef::Shared(o) => o.is_true(),
            ObjRef::View(_) => true,
        }
    }
}
