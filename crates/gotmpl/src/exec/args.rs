//! Argument conversion: Go's `evalArg`, `validateType`, `evalEmptyInterface` and the constant conversions
//! (`evalBool`, `evalString`, `evalInteger`, `evalUnsignedInteger`, `evalFloat`).

use super::{At, State, R};
use crate::parse::Arg;
use crate::value::{GoType, Kind, Pointer, Str, TypeRef, Value};

/// Go's `canBeNil` for a parameter type.
fn can_be_nil(t: &TypeRef) -> bool {
    matches!(
        t.kind(),
        Kind::Chan | Kind::Func | Kind::Interface | Kind::Map | Kind::Pointer | Kind::Slice
    )
}

/// Whether a value of dynamic type `have` may be passed where `want` is expected (Go's `AssignableTo` for the
/// types values can have here).
fn assignable(v: &Value<'_>, want: &TypeRef) -> bool {
    if want.is_interface() {
        return true;
    }
    // Basic types compare by kind without building the value's type.
    if let GoType::Basic(k) = &**want {
        return match v {
            Value::Bool(_) => *k == Kind::Bool,
            Value::Int(_, vk) | Value::Uint(_, vk) | Value::Float(_, vk) => vk == k,
            Value::String(_) => *k == Kind::String,
            Value::Object(o) => o.go_type() == *want,
            _ => false,
        };
    }
    match v.go_type() {
        Some(have) => have == *want,
        None => false,
    }
}

fn wrap_int(i: i64, k: Kind) -> i64 {
    match k {
        Kind::Int8 => i64::from(i as i8),
        Kind::Int16 => i64::from(i as i16),
        Kind::Int32 => i64::from(i as i32),
        _ => i,
    }
}

fn wrap_uint(u: u64, k: Kind) -> u64 {
    match k {
        Kind::Uint8 => u64::from(u as u8),
        Kind::Uint16 => u64::from(u as u16),
        Kind::Uint32 => u64::from(u as u32),
        _ => u,
    }
}

impl<'t, 'a> State<'t, 'a, '_> {
    /// Go's `validateType`: checks that `value` can be passed as `typ`, dereferencing pointers when that helps.
    pub(crate) fn validate_type(
        &mut self,
        value: Value<'a>,
        typ: Option<&TypeRef>,
    ) -> R<Value<'a>> {
        let Some(typ) = typ else {
            return Ok(value);
        };
        // Anything goes into an interface (the nil interface stays nil).
        if typ.is_interface() {
            return Ok(value);
        }
        if let Value::Nil = value {
            if can_be_nil(typ) {
                return Ok(Value::zero(typ));
            }
            return Err(self.error(format_args!("invalid value; expected {typ}")));
        }
        if assignable(&value, typ) {
            return Ok(value);
        }
        if let Value::Pointer(p) = &value {
            let elem_ok =
                p.ty.elem()
                    .is_some_and(|e| e.is_interface() || typ.is_interface() || **e == **typ);
            if elem_ok {
                return match &p.target {
                    Some(t) => Ok((**t).clone()),
                    None => {
                        Err(self.error(format_args!("dereference of nil pointer of type {typ}")))
                    }
                };
            }
        }
        if let crate::value::GoType::Pointer(elem) = &**typ {
            if value.go_type().is_some_and(|t| t == *elem) {
                return Ok(Value::Pointer(Pointer::to(value)));
            }
        }
        let got = value
            .go_type()
            .map(|t| t.to_string())
            .unwrap_or_else(|| "interface {}".into());
        Err(self.error(format_args!(
            "wrong type for value; expected {typ}; got {got}"
        )))
    }

    /// Go's `evalArg`: evaluates an argument for a parameter of type `typ` (`None`: no conversion).
    pub(crate) fn eval_arg(
        &mut self,
        dot: &Value<'a>,
        typ: Option<&TypeRef>,
        n: &'t Arg,
    ) -> R<Value<'a>> {
        self.at(At::Arg(n));
        match n {
            Arg::Dot(_) => return self.validate_type(dot.clone(), typ),
            Arg::Nil(_) => {
                let Some(t) = typ else {
                    return Ok(Value::Nil);
                };
                if can_be_nil(t) {
                    return Ok(Value::zero(t));
                }
                return Err(self.error(format_args!("cannot assign nil to {t}")));
            }
            Arg::Field(f) => {
                let v = self.eval_field_node(dot, n, f, std::slice::from_ref(n), None)?;
                return self.validate_type(v, typ);
            }
            Arg::Variable(v) => {
                let v = self.eval_variable_node(dot, n, v, &[], None)?;
                return self.validate_type(v, typ);
            }
            Arg::Pipe(p) => {
                let v = self.eval_pipeline_nested(dot, p)?;
                return self.validate_type(v, typ);
            }
            Arg::Identifier(id) => {
                let v = self.eval_function(dot, n, At::Arg(n), &id.ident, &[], None)?;
                return self.validate_type(v, typ);
            }
            Arg::Chain(c) => {
                let v = self.eval_chain_node(dot, n, c, &[], None)?;
                return self.validate_type(v, typ);
            }
            _ => {}
        }
        let Some(typ) = typ else {
            return self.eval_empty_interface(dot, n);
        };
        let kind = typ.kind();
        match kind {
            Kind::Bool => match n {
                Arg::Bool(b) => Ok(Value::Bool(b.value)),
                _ => Err(self.error(format_args!("expected bool; found {n}"))),
            },
            Kind::String => match n {
                Arg::String(s) => Ok(Value::String(Str::Owned(s.text.clone()))),
                _ => Err(self.error(format_args!("expected string; found {n}"))),
            },
            k if k.is_signed_int() => match n {
                Arg::Number(num) if num.is_int => Ok(Value::Int(wrap_int(num.int64, k), k)),
                _ => Err(self.error(format_args!("expected integer; found {n}"))),
            },
            k if k.is_unsigned_int() => match n {
                Arg::Number(num) if num.is_uint => Ok(Value::Uint(wrap_uint(num.uint64, k), k)),
                _ => Err(self.error(format_args!("expected unsigned integer; found {n}"))),
            },
            Kind::Float32 | Kind::Float64 => match n {
                Arg::Number(num) if num.is_float => {
                    let f = if kind == Kind::Float32 {
                        f64::from(num.float64 as f32)
                    } else {
                        num.float64
                    };
                    Ok(Value::Float(f, kind))
                }
                _ => Err(self.error(format_args!("expected float; found {n}"))),
            },
            Kind::Complex64 | Kind::Complex128 => {
                Err(self.error(format_args!("expected complex; found {n}")))
            }
            Kind::Interface if matches!(**typ, crate::value::GoType::Interface) => {
                self.eval_empty_interface(dot, n)
            }
            _ => Err(self.error(format_args!("can't handle {n} for arg of type {typ}"))),
        }
    }

    /// Go's `evalEmptyInterface`: a constant argument for an `interface {}` parameter.
    fn eval_empty_interface(&mut self, dot: &Value<'a>, n: &'t Arg) -> R<Value<'a>> {
        self.at(At::Arg(n));
        match n {
            Arg::Bool(b) => Ok(Value::Bool(b.value)),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Field(f) => self.eval_field_node(dot, n, f, &[], None),
            Arg::Identifier(id) => self.eval_function(dot, n, At::Arg(n), &id.ident, &[], None),
            Arg::Nil(_) => Err(self.error("evalEmptyInterface: nil (can't happen)")),
            Arg::Number(num) => self.ideal_constant(n, num),
            Arg::String(s) => Ok(Value::String(Str::Owned(s.text.clone()))),
            Arg::Variable(v) => self.eval_variable_node(dot, n, v, &[], None),
            Arg::Pipe(p) => self.eval_pipeline_nested(dot, p),
            Arg::Chain(_) => Err(self.error(format_args!(
                "can't handle assignment of {n} to empty interface argument"
            ))),
        }
    }
}
