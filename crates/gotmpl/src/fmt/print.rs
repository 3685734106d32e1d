//! Go's `fmt` printer (`fmt/print.go`) over [`Value`]s: `printArg`/`printValue` for every value kind, the
//! `Error()`/`String()` method rule, the `%!verb(type=value)` error forms, and the `Printf`/`Print`/`Println`
//! drivers (`doPrintf`, `doPrint`, `doPrintln`).

use std::sync::Arc;

use super::format::{Flags, Fmt, LDIGITS, UDIGITS};
use crate::value::{GoType, Key, Kind, List, ObjRef, TypeRef, Value};

/// One `Printf`/`Print` call in progress.
pub(super) struct Printer<'o> {
    pub fmt: Fmt<'o>,
    erroring: bool,
    reordered: bool,
    good_arg_num: bool,
}

/// The largest width or precision Go accepts.
fn too_large(x: i64) -> bool {
    !(-1_000_000..=1_000_000).contains(&x)
}

/// The `%T` text of a value (`<nil>` for the untyped nil).
pub(super) fn type_string(v: &Value<'_>) -> String {
    match v.go_type() {
        Some(t) => t.to_string(),
        None => "<nil>".to_string(),
    }
}

fn is_bytes_type(t: &GoType) -> bool {
    matches!(t, GoType::Slice(e) if **e == GoType::Basic(Kind::Uint8))
}

/// A map key as a value of the map's key type (interface-typed keys keep a default dynamic type).
fn key_value<'a>(k: &Key, key_type: Option<&TypeRef>) -> Value<'a> {
    let kind = key_type.map_or(Kind::Interface, |t| t.kind());
    match k {
        Key::Int(i) if !kind.is_signed_int() => Value::Int(*i, Kind::Int),
        Key::Uint(u) if !kind.is_unsigned_int() => Value::Uint(*u, Kind::Uint),
        Key::Float(f) if !kind.is_float() => Value::Float(*f, Kind::Float64),
        _ => k.to_value(key_type.unwrap_or(&GoType::interface())),
    }
}

/// The address Go would print for a pointer-like value; 0 for nil.
fn address(v: &Value<'_>) -> usize {
    match v {
        Value::Pointer(p) => p.target.as_ref().map_or(0, |t| Arc::as_ptr(t) as usize),
        Value::List(l) => l.addr(),
        Value::Map(m) => m.addr(),
        Value::Object(o) if !o.is_true() => 0,
        Value::Object(ObjRef::Borrowed(o)) => std::ptr::from_ref(*o).cast::<u8>() as usize,
        Value::Object(ObjRef::Shared(o)) => Arc::as_ptr(o).cast::<u8>() as usize,
        Value::Object(ObjRef::View(v)) => std::ptr::from_ref(v.data) as usize,
        _ => 0,
    }
}

impl<'o> Printer<'o> {
    pub fn new(out: &'o mut String) -> Self {
        Printer {
            fmt: Fmt {
                out,
                f: Flags::default(),
            },
            erroring: false,
            reordered: false,
            good_arg_num: true,
        }
    }

    fn write(&mut self, s: &str) {
        self.fmt.out.push_str(s);
    }

    fn write_char(&mut self, c: char) {
        self.fmt.out.push(c);
    }

    /// `%!verb(type=value)`, or `%!verb(<nil>)` for the untyped nil. `top` marks a `Printf` argument (printed
    /// with `printArg`) rather than a value reached inside another.
    fn bad_verb(&mut self, verb: char, v: &Value<'_>, top: bool) {
        self.erroring = true;
        self.write("%!");
        self.write_char(verb);
        self.write_char('(');
        if let Value::Nil = v {
            self.write("<nil>");
        } else {
            self.write(&type_string(v));
            self.write_char('=');
            if top {
                self.print_arg(v, 'v');
            } else {
                self.print_value(v, 'v', 0, false, None);
            }
        }
        self.write_char(')');
        self.erroring = false;
    }

    fn fmt_bool(&mut self, b: bool, verb: char, subject: &Value<'_>) {
        match verb {
            't' | 'v' => self.fmt.fmt_boolean(b),
            _ => self.bad_verb(verb, subject, false),
        }
    }

    /// `0x…` hexadecimal, with or without the prefix.
    fn fmt_0x64(&mut self, v: u64, leading_0x: bool) {
        let sharp = self.fmt.f.sharp;
        self.fmt.f.sharp = leading_0x;
        self.fmt.fmt_integer(v, 16, false, 'v', LDIGITS);
        self.fmt.f.sharp = sharp;
    }

    fn fmt_integer(&mut self, v: u64, signed: bool, verb: char, subject: &Value<'_>) {
        match verb {
            'v' => {
                if self.fmt.f.sharp_v && !signed {
                    self.fmt_0x64(v, true);
                } else {
                    self.fmt.fmt_integer(v, 10, signed, verb, LDIGITS);
                }
            }
            'd' => self.fmt.fmt_integer(v, 10, signed, verb, LDIGITS),
            'b' => self.fmt.fmt_integer(v, 2, signed, verb, LDIGITS),
            'o' | 'O' => self.fmt.fmt_integer(v, 8, signed, verb, LDIGITS),
            'x' => self.fmt.fmt_integer(v, 16, signed, verb, LDIGITS),
            'X' => self.fmt.fmt_integer(v, 16, signed, verb, UDIGITS),
            'c' => self.fmt.fmt_c(v),
            'q' => self.fmt.fmt_qc(v),
            'U' => self.fmt.fmt_unicode(v),
            _ => self.bad_verb(verb, subject, false),
        }
    }

    fn fmt_float(&mut self, v: f64, size: u32, verb: char, subject: &Value<'_>) {
        match verb {
            'v' => self.fmt.fmt_float(v, size, 'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt.fmt_float(v, size, verb, -1),
            'f' | 'e' | 'E' => self.fmt.fmt_float(v, size, verb, 6),
            'F' => self.fmt.fmt_float(v, size, 'f', 6),
            _ => self.bad_verb(verb, subject, false),
        }
    }

    fn fmt_string(&mut self, s: &str, verb: char, subject: &Value<'_>) {
        match verb {
            'v' => {
                if self.fmt.f.sharp_v {
                    self.fmt.fmt_q(s.as_bytes());
                } else {
                    self.fmt.fmt_s(s);
                }
            }
            's' => self.fmt.fmt_s(s),
            'x' => self.fmt.fmt_sbx(s.as_bytes(), LDIGITS),
            'X' => self.fmt.fmt_sbx(s.as_bytes(), UDIGITS),
            'q' => self.fmt.fmt_q(s.as_bytes()),
            _ => self.bad_verb(verb, subject, false),
        }
    }

    /// A byte slice or array; `type_name` is what `%#v` prints (`[]byte` for a `Printf` argument).
    fn fmt_bytes(&mut self, list: &List<'_>, verb: char, type_name: &str, subject: &Value<'_>) {
        let bytes: Vec<u8> = list
            .iter()
            .map(|b| match b {
                Value::Uint(u, _) => u8::try_from(u).unwrap_or(0),
                _ => 0,
            })
            .collect();
        match verb {
            'v' | 'd' => {
                if self.fmt.f.sharp_v {
                    self.write(type_name);
                    if list.is_nil() {
                        self.write("(nil)");
                        return;
                    }
                    self.write_char('{');
                    for (i, &c) in bytes.iter().enumerate() {
                        if i > 0 {
                            self.write(", ");
                        }
                        self.fmt_0x64(u64::from(c), true);
                    }
                    self.write_char('}');
                } else {
                    self.write_char('[');
                    for (i, &c) in bytes.iter().enumerate() {
                        if i > 0 {
                            self.write_char(' ');
                        }
                        self.fmt.fmt_integer(u64::from(c), 10, false, verb, LDIGITS);
                    }
                    self.write_char(']');
                }
            }
            's' => self.fmt.fmt_bs(&bytes),
            'x' => self.fmt.fmt_sbx(&bytes, LDIGITS),
            'X' => self.fmt.fmt_sbx(&bytes, UDIGITS),
            'q' => self.fmt.fmt_q(&bytes),
            _ => self.print_value(subject, verb, 0, false, None),
        }
    }

    fn fmt_pointer(&mut self, v: &Value<'_>, verb: char) {
        let pointer_like = match v {
            Value::Pointer(_) | Value::Map(_) => true,
            Value::List(l) => l.go_type().kind() == Kind::Slice,
            Value::Object(o) => matches!(
                o.go_type().kind(),
                Kind::Pointer
                    | Kind::Func
                    | Kind::Chan
                    | Kind::UnsafePointer
                    | Kind::Map
                    | Kind::Slice
            ),
            _ => false,
        };
        if !pointer_like {
            self.bad_verb(verb, v, false);
            return;
        }
        let u = address(v) as u64;
        match verb {
            'v' => {
                if self.fmt.f.sharp_v {
                    self.write_char('(');
                    self.write(&type_string(v));
                    self.write(")(");
                    if u == 0 {
                        self.write("nil");
                    } else {
                        self.fmt_0x64(u, true);
                    }
                    self.write_char(')');
                } else if u == 0 {
                    self.fmt.pad("<nil>");
                } else {
                    let sharp = self.fmt.f.sharp;
                    self.fmt_0x64(u, !sharp);
                }
            }
            'p' => {
                let sharp = self.fmt.f.sharp;
                self.fmt_0x64(u, !sharp);
            }
            'b' | 'o' | 'd' | 'x' | 'X' => self.fmt_integer(u, false, verb, v),
            _ => self.bad_verb(verb, v, false),
        }
    }

    /// Go's `handleMethods` for host objects: `Error()`/`String()` replace the value for `%v %s %x %X %q`.
    fn handle_methods(&mut self, o: &ObjRef<'_>, verb: char) -> bool {
        if self.erroring || self.fmt.f.sharp_v {
            return false;
        }
        if !matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
            return false;
        }
        match o.to_go_string() {
            Some(s) => {
                self.fmt_string(&s, verb, &Value::Nil);
                true
            }
            None => false,
        }
    }

    /// Go's `printArg`: one `Printf`/`Print` operand.
    pub fn print_arg(&mut self, arg: &Value<'_>, verb: char) {
        if let Value::Nil = arg {
            match verb {
                'T' | 'v' => self.fmt.pad("<nil>"),
                _ => self.bad_verb(verb, arg, true),
            }
            return;
        }
        match verb {
            'T' => {
                let t = type_string(arg);
                self.fmt.fmt_s(&t);
                return;
            }
            'p' => {
                self.fmt_pointer(arg, 'p');
                return;
            }
            _ => {}
        }
        match arg {
            Value::List(l) if is_bytes_type(l.go_type()) => self.fmt_bytes(l, verb, "[]byte", arg),
            Value::Object(o) => {
                if verb == 'w' && !self.erroring {
                    self.bad_verb(verb, arg, true);
                } else if !self.handle_methods(o, verb) {
                    self.print_value(arg, verb, 0, false, None);
                }
            }
            Value::Bool(_)
            | Value::Int(..)
            | Value::Uint(..)
            | Value::Float(..)
            | Value::String(_) => {
                self.print_value(arg, verb, 0, false, None);
            }
            _ => {
                if verb == 'w' && !self.erroring {
                    self.bad_verb(verb, arg, true);
                } else {
                    self.print_value(arg, verb, 0, false, None);
                }
            }
        }
    }

    /// Go's `printValue`. `ro` marks values reached through unexported fields (their methods are not called);
    /// `static_ty` is the declared type of the position holding the value (for `%#v` of a nil interface).
    pub fn print_value(
        &mut self,
        v: &Value<'_>,
        verb: char,
        depth: usize,
        ro: bool,
        static_ty: Option<&TypeRef>,
    ) {
        if depth > 0 && !ro && !matches!(v, Value::Nil) {
            if verb == 'w' && !self.erroring {
                self.bad_verb(verb, v, false);
                return;
            }
            if let Value::Object(o) = v {
                if self.handle_methods(o, verb) {
                    return;
                }
            }
        }
        match v {
            Value::Nil => {
                if depth == 0 {
                    self.write("<invalid reflect.Value>");
                } else if self.fmt.f.sharp_v {
                    let t = static_ty.map_or_else(|| "interface {}".to_string(), |t| t.to_string());
                    self.write(&t);
                    self.write("(nil)");
                } else {
                    self.write("<nil>");
                }
            }
            Value::Bool(b) => self.fmt_bool(*b, verb, v),
            Value::Int(i, _) => self.fmt_integer(*i as u64, true, verb, v),
            Value::Uint(u, _) => self.fmt_integer(*u, false, verb, v),
            Value::Float(f, k) => {
                let size = if *k == Kind::Float32 { 32 } else { 64 };
                self.fmt_float(*f, size, verb, v);
            }
            Value::String(s) => self.fmt_string(s, verb, v),
            Value::Map(m) => {
                let ty = m.go_type();
                if self.fmt.f.sharp_v {
                    self.write(&ty.to_string());
                    if m.is_nil() {
                        self.write("(nil)");
                        return;
                    }
                    self.write_char('{');
                } else {
                    self.write("map[");
                }
                let (kt, vt) = (ty.key(), ty.elem());
                let plain_keys = kt.is_some_and(|k| matches!(**k, GoType::Basic(Kind::String)));
                if let (true, Some(entries)) = (plain_keys, m.json_entries()) {
                    // Host JSON: string keys printed in place.
                    for (i, (k, val)) in entries.enumerate() {
                        if i > 0 {
                            if self.fmt.f.sharp_v {
                                self.write(", ");
                            } else {
                                self.write_char(' ');
                            }
                        }
                        self.print_value(&Value::str(k), verb, depth + 1, ro, kt);
                        self.write_char(':');
                        self.print_value(&val, verb, depth + 1, ro, vt);
                    }
                    self.write_char(if self.fmt.f.sharp_v { '}' } else { ']' });
                    return;
                }
                for (i, (k, val)) in m.iter().enumerate() {
                    if i > 0 {
                        if self.fmt.f.sharp_v {
                            self.write(", ");
                        } else {
                            self.write_char(' ');
                        }
                    }
                    self.print_value(&key_value(&k, kt), verb, depth + 1, ro, kt);
                    self.write_char(':');
                    self.print_value(&val, verb, depth + 1, ro, vt);
                }
                self.write_char(if self.fmt.f.sharp_v { '}' } else { ']' });
            }
            Value::Struct(s) => {
                if self.fmt.f.sharp_v {
                    self.write(&s.ty.to_string());
                }
                self.write_char('{');
                for (i, field) in s.fields.iter().enumerate() {
                    self.struct_separator(i);
                    if self.fmt.f.plus_v || self.fmt.f.sharp_v {
                        self.write(&field.name);
                        self.write_char(':');
                    }
                    let field_ro = ro || !field.is_exported();
                    self.print_value(&field.value, verb, depth + 1, field_ro, Some(&field.ty));
                }
                self.write_char('}');
            }
            Value::List(l) => self.print_list(l, v, verb, depth, ro),
            Value::Pointer(p) => {
                if depth == 0 {
                    if let Some(target) = &p.target {
                        let elem_kind = match &**target {
                            Value::Object(o) => o.go_type().kind(),
                            t => t.kind(),
                        };
                        if matches!(
                            elem_kind,
                            Kind::Array | Kind::Slice | Kind::Struct | Kind::Map
                        ) {
                            self.write_char('&');
                            self.print_value(target, verb, depth + 1, ro, None);
                            return;
                        }
                    }
                }
                self.fmt_pointer(v, verb);
            }
            Value::Object(o) => self.print_object(o, v, verb, depth, ro),
        }
    }

    fn struct_separator(&mut self, i: usize) {
        if i > 0 {
            if self.fmt.f.sharp_v {
                self.write(", ");
            } else {
                self.write_char(' ');
            }
        }
    }

    fn print_list(&mut self, l: &List<'_>, v: &Value<'_>, verb: char, depth: usize, ro: bool) {
        let ty = l.go_type();
        let elem = ty.elem();
        if matches!(verb, 's' | 'q' | 'x' | 'X') && elem.is_some_and(|e| e.kind() == Kind::Uint8) {
            self.fmt_bytes(l, verb, &ty.to_string(), v);
            return;
        }
        if self.fmt.f.sharp_v {
            self.write(&ty.to_string());
            if l.is_nil() && ty.kind() == Kind::Slice {
                self.write("(nil)");
                return;
            }
            self.write_char('{');
            for (i, item) in l.iter().enumerate() {
                if i > 0 {
                    self.write(", ");
                }
                self.print_value(&item, verb, depth + 1, ro, elem);
            }
            self.write_char('}');
        } else {
            self.write_char('[');
            for (i, item) in l.iter().enumerate() {
                if i > 0 {
                    self.write_char(' ');
                }
                self.print_value(&item, verb, depth + 1, ro, elem);
            }
            self.write_char(']');
        }
    }

    /// A host object without an applicable `String()`: its underlying basic value, its fields as a struct, or a
    /// pointer.
    fn print_object(&mut self, o: &ObjRef<'_>, v: &Value<'_>, verb: char, depth: usize, ro: bool) {
        let ty = o.go_type();
        if let Some(basic) = o.as_basic() {
            match basic {
                Value::Bool(b) => self.fmt_bool(b, verb, v),
                Value::Int(i, _) => self.fmt_integer(i as u64, true, verb, v),
                Value::Uint(u, _) => self.fmt_integer(u, false, verb, v),
                Value::Float(f, k) => {
                    let size = if k == Kind::Float32 { 32 } else { 64 };
                    self.fmt_float(f, size, verb, v);
                }
                Value::String(s) => self.fmt_string(&s, verb, v),
                other => self.print_value(&other, verb, depth, ro, None),
            }
            return;
        }
        match ty.kind() {
            Kind::Struct => self.print_fields(o, &ty, verb, depth, ro),
            Kind::Pointer => {
                let elem_kind = ty.elem().map_or(Kind::Invalid, |e| e.kind());
                if depth == 0
                    && o.is_true()
                    && matches!(
                        elem_kind,
                        Kind::Array | Kind::Slice | Kind::Struct | Kind::Map
                    )
                {
                    self.write_char('&');
                    let elem = ty.elem().cloned().unwrap_or_else(GoType::interface);
                    self.print_fields(o, &elem, verb, depth + 1, ro);
                } else {
                    self.fmt_pointer(v, verb);
                }
            }
            Kind::Map if o.is_true() => self.print_object_entries(o, &ty, verb, depth, ro, true),
            Kind::Slice | Kind::Array if o.is_true() => {
                self.print_object_entries(o, &ty, verb, depth, ro, false);
            }
            Kind::Func | Kind::Chan | Kind::UnsafePointer | Kind::Map | Kind::Slice => {
                self.fmt_pointer(v, verb);
            }
            _ => {
                self.write_char('?');
                self.write(&ty.to_string());
                self.write_char('?');
            }
        }
    }

    /// A map- or slice-kind host object, printed from its [`ObjRef::fields`] as entries (`name:value`) or elements.
    fn print_object_entries(
        &mut self,
        o: &ObjRef<'_>,
        ty: &TypeRef,
        verb: char,
        depth: usize,
        ro: bool,
        is_map: bool,
    ) {
        let sharp_v = self.fmt.f.sharp_v;
        if sharp_v {
            self.write(&ty.to_string());
            self.write_char('{');
        } else {
            self.write(if is_map { "map[" } else { "[" });
        }
        for (i, (name, value)) in o.fields().iter().enumerate() {
            self.struct_separator(i);
            if is_map {
                let key = Value::string(name.clone());
                self.print_value(&key, verb, depth + 1, ro, None);
                self.write_char(':');
            }
            self.print_value(value, verb, depth + 1, ro, ty.elem());
        }
        self.write_char(if sharp_v { '}' } else { ']' });
    }

    /// Prints what a host object of pointer type points at, as a struct of its fields.
    pub fn print_pointee(&mut self, o: &ObjRef<'_>) {
        let ty = o.go_type();
        let elem = ty.elem().cloned().unwrap_or_else(GoType::interface);
        self.print_fields(o, &elem, 'v', 1, false);
    }

    fn print_fields(&mut self, o: &ObjRef<'_>, ty: &TypeRef, verb: char, depth: usize, ro: bool) {
        if self.fmt.f.sharp_v {
            self.write(&ty.to_string());
        }
        self.write_char('{');
        for (i, (name, value)) in o.fields().iter().enumerate() {
            self.struct_separator(i);
            if self.fmt.f.plus_v || self.fmt.f.sharp_v {
                self.write(name);
                self.write_char(':');
            }
            let exported = name.chars().next().is_some_and(char::is_uppercase);
            self.print_value(value, verb, depth + 1, ro || !exported, None);
        }
        self.write_char('}');
    }

    /// Go's `doPrint`: operands separated by a space when neither side is a string.
    pub fn do_print(&mut self, args: &[Value<'_>]) {
        let mut prev_string = false;
        for (i, arg) in args.iter().enumerate() {
            // Only needed between two operands (a host object's kind costs a type look-up).
            let is_string = args.len() > 1 && arg.kind() == Kind::String;
            if i > 0 && !is_string && !prev_string {
                self.write_char(' ');
            }
            self.print_arg(arg, 'v');
            prev_string = is_string;
        }
    }

    /// Go's `doPrintln`: operands always separated by a space, then a newline.
    pub fn do_println(&mut self, args: &[Value<'_>]) {
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                self.write_char(' ');
            }
            self.print_arg(arg, 'v');
        }
        self.write_char('\n');
    }

    /// Go's `doPrintf`.
    pub fn do_printf(&mut self, format: &str, args: &[Value<'_>]) {
        let bytes = format.as_bytes();
        let end = bytes.len();
        let mut arg_num = 0usize;
        let mut after_index;
        self.reordered = false;
        let mut i = 0usize;
        while i < end {
            self.good_arg_num = true;
            let last = i;
            while i < end && bytes[i] != b'%' {
                i += 1;
            }
            if i > last {
                self.write(&format[last..i]);
            }
            if i >= end {
                break;
            }
            i += 1; // skip %
            self.fmt.f = Flags::default();
            while i < end {
                match bytes[i] {
                    b'#' => self.fmt.f.sharp = true,
                    b'0' => self.fmt.f.zero = true,
                    b'+' => self.fmt.f.plus = true,
                    b'-' => self.fmt.f.minus = true,
                    b' ' => self.fmt.f.space = true,
                    _ => break,
                }
                i += 1;
            }
            (arg_num, i, after_index) = self.arg_number(arg_num, format, i, args.len());

            // Width.
            if i < end && bytes[i] == b'*' {
                i += 1;
                let (wid, ok, next) = int_from_arg(args, arg_num);
                arg_num = next;
                self.fmt.f.wid_present = ok;
                if !ok {
                    self.write("%!(BADWIDTH)");
                }
                if wid < 0 {
                    self.fmt.f.minus = true;
                    self.fmt.f.zero = false;
                }
                self.fmt.f.wid = usize::try_from(wid.unsigned_abs()).unwrap_or(0);
                after_index = false;
            } else {
                let (wid, ok, next) = parse_num(bytes, i, end);
                self.fmt.f.wid = wid;
                self.fmt.f.wid_present = ok;
                i = next;
                if after_index && ok {
                    self.good_arg_num = false;
                }
            }

            // Precision.
            if i + 1 < end && bytes[i] == b'.' {
                i += 1;
                if after_index {
                    self.good_arg_num = false;
                }
                (arg_num, i, after_index) = self.arg_number(arg_num, format, i, args.len());
                if i < end && bytes[i] == b'*' {
                    i += 1;
                    let (prec, ok, next) = int_from_arg(args, arg_num);
                    arg_num = next;
                    self.fmt.f.prec_present = ok && prec >= 0;
                    self.fmt.f.prec = usize::try_from(prec.max(0)).unwrap_or(0);
                    if !self.fmt.f.prec_present {
                        self.write("%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (prec, ok, next) = parse_num(bytes, i, end);
                    i = next;
                    self.fmt.f.prec = if ok { prec } else { 0 };
                    self.fmt.f.prec_present = true;
                }
            }

            if !after_index {
                (arg_num, i, _) = self.arg_number(arg_num, format, i, args.len());
            }

            if i >= end {
                self.write("%!(NOVERB)");
                break;
            }

            let verb = format[i..].chars().next().unwrap_or('%');
            i += verb.len_utf8();

            if verb == '%' {
                self.write_char('%');
            } else if !self.good_arg_num {
                self.write("%!");
                self.write_char(verb);
                self.write("(BADINDEX)");
            } else if arg_num >= args.len() {
                self.write("%!");
                self.write_char(verb);
                self.write("(MISSING)");
            } else {
                if verb == 'v' || verb == 'w' {
                    self.fmt.f.sharp_v = self.fmt.f.sharp;
                    self.fmt.f.sharp = false;
                    self.fmt.f.plus_v = self.fmt.f.plus;
                    self.fmt.f.plus = false;
                }
                self.print_arg(&args[arg_num], verb);
                arg_num += 1;
            }
        }

        if !self.reordered && arg_num < args.len() {
            self.fmt.f = Flags::default();
            self.write("%!(EXTRA ");
            for (i, arg) in args[arg_num..].iter().enumerate() {
                if i > 0 {
                    self.write(", ");
                }
                if let Value::Nil = arg {
                    self.write("<nil>");
                } else {
                    self.write(&type_string(arg));
                    self.write_char('=');
                    self.print_arg(arg, 'v');
                }
            }
            self.write_char(')');
        }
    }

    /// Go's `argNumber`: an explicit `[n]` argument index at `i`, if any.
    fn arg_number(
        &mut self,
        arg_num: usize,
        format: &str,
        i: usize,
        num_args: usize,
    ) -> (usize, usize, bool) {
        let bytes = format.as_bytes();
        if bytes.len() <= i || bytes[i] != b'[' {
            return (arg_num, i, false);
        }
        self.reordered = true;
        let (index, wid, ok) = parse_arg_number(&bytes[i..]);
        if ok && index.is_some_and(|x| x < num_args) {
            return (index.unwrap_or(0), i + wid, true);
        }
        self.good_arg_num = false;
        (arg_num, i + wid, ok)
    }
}

/// Go's `parsenum`: a decimal number in `s[start..end]`, if there is one and it is not absurdly large.
fn parse_num(s: &[u8], start: usize, end: usize) -> (usize, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num = 0usize;
    let mut is_num = false;
    let mut i = start;
    while i < end && s[i].is_ascii_digit() {
        if num > 1_000_000 {
            return (0, false, end);
        }
        num = num * 10 + usize::from(s[i] - b'0');
        is_num = true;
        i += 1;
    }
    (num, is_num, i)
}

/// Go's `parseArgNumber` on text starting with `[`: the zero-based index (None when `[0]`), the length consumed,
/// and whether it parsed.
fn parse_arg_number(s: &[u8]) -> (Option<usize>, usize, bool) {
    if s.len() < 3 {
        return (None, 1, false);
    }
    for i in 1..s.len() {
        if s[i] == b']' {
            let (width, ok, next) = parse_num(s, 1, i);
            if !ok || next != i {
                return (None, i + 1, false);
            }
            return (width.checked_sub(1), i + 1, true);
        }
    }
    (None, 1, false)
}

/// Go's `intFromArg`: the operand at `arg_num` as a `*` width or precision.
fn int_from_arg(args: &[Value<'_>], arg_num: usize) -> (i64, bool, usize) {
    let Some(arg) = args.get(arg_num) else {
        return (0, false, arg_num);
    };
    let basic = match arg {
        Value::Object(o) => o.as_basic(),
        _ => None,
    };
    let (num, ok) = match basic.as_ref().unwrap_or(arg) {
        Value::Int(i, _) => (*i, true),
        Value::Uint(u, _) => match i64::try_from(*u) {
            Ok(i) => (i, true),
            Err(_) => (0, false),
        },
        _ => (0, false),
    };
    if too_large(num) {
        return (0, false, arg_num + 1);
    }
    (num, ok, arg_num + 1)
}
