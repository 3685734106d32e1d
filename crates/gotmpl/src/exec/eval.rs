//! Evaluating pipelines, commands, field chains and calls: Go's `evalPipeline`, `evalCommand`, `evalField`,
//! `evalFunction` and `evalCall`.

use super::{At, State, R};
use crate::builtins::{self, Builtin};
use crate::func::Func;
use crate::parse::quote::quote;
use crate::parse::{Arg, ChainNode, CommandNode, FieldNode, NumberNode, PipeNode, VariableNode};
use crate::template::Resolved;
use crate::value::{GoType, Kind, ObjRef, Value};

use super::MissingKey;

/// What a command calls.
#[derive(Clone, Copy)]
pub(crate) enum Callee<'t> {
    User(&'t Func),
    Builtin(Builtin),
}

impl<'t, 'a> State<'t, 'a, '_> {
    /// Go's `evalPipeline`: runs the commands, feeding each result to the next as its final argument, then
    /// declares or assigns the pipeline's variables.
    pub(crate) fn eval_pipeline(&mut self, dot: &Value<'a>, pipe: &'t PipeNode) -> R<Value<'a>> {
        self.at(At::Pipe(pipe));
        let mut value: Option<Value<'a>> = None;
        for cmd in &pipe.cmds {
            value = Some(self.eval_command(dot, cmd, value)?);
        }
        let value = value.unwrap_or(Value::Nil);
        for v in &pipe.decl {
            if pipe.is_assign {
                self.set_var(&v.ident[0], value.clone())?;
            } else {
                self.vars.push((&v.ident[0], value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&mut self, args: &'t [Arg], fin: &Option<Value<'a>>) -> R<()> {
        if args.len() > 1 || fin.is_some() {
            let first = args.first().map(|a| a.to_string()).unwrap_or_default();
            return Err(self.error(format_args!("can't give argument to non-function {first}")));
        }
        Ok(())
    }

    fn eval_command(
        &mut self,
        dot: &Value<'a>,
        cmd: &'t CommandNode,
        fin: Option<Value<'a>>,
    ) -> R<Value<'a>> {
        let Some(first) = cmd.args.first() else {
            self.at(At::Cmd(cmd));
            return Err(self.error("empty command"));
        };
        match first {
            Arg::Field(f) => return self.eval_field_node(dot, first, f, &cmd.args, fin),
            Arg::Chain(c) => return self.eval_chain_node(dot, first, c, &cmd.args, fin),
            Arg::Identifier(id) => {
                return self.eval_function(dot, first, At::Cmd(cmd), &id.ident, &cmd.args, fin);
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &fin)?;
                return self.eval_pipeline_nested(dot, p);
            }
            Arg::Variable(v) => return self.eval_variable_node(dot, first, v, &cmd.args, fin),
            _ => {}
        }
        self.at(At::Arg(first));
        self.not_a_function(&cmd.args, &fin)?;
        match first {
            Arg::Bool(b) => Ok(Value::Bool(b.value)),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Err(self.error("nil is not a command")),
            Arg::Number(n) => self.ideal_constant(first, n),
            Arg::String(s) => Ok(Value::String(crate::value::Str::Owned(s.text.clone()))),
            _ => Err(self.error(format_args!(
                "can't evaluate command {}",
                quote(&first.to_string())
            ))),
        }
    }

    /// A parenthesised pipeline, counted against the nesting limit.
    pub(crate) fn eval_pipeline_nested(
        &mut self,
        dot: &Value<'a>,
        pipe: &'t PipeNode,
    ) -> R<Value<'a>> {
        self.enter()?;
        let r = self.eval_pipeline(dot, pipe);
        self.depth -= 1;
        r
    }

    /// Go's `idealConstant`: an untyped numeric constant becomes an `int` or a `float64`.
    pub(crate) fn ideal_constant(&mut self, at: &'t Arg, n: &NumberNode) -> R<Value<'a>> {
        self.at(At::Arg(at));
        let text = &*n.text;
        let is_hex_int =
            text.len() > 2 && text.starts_with('0') && matches!(text.as_bytes()[1], b'x' | b'X');
        let is_hex_int = is_hex_int && !text.contains(['p', 'P']);
        let is_rune = text.starts_with('\'');
        if n.is_complex {
            return Err(self.error(format_args!("complex constant {text} is not supported")));
        }
        if n.is_float && !is_hex_int && !is_rune && text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Ok(Value::float(n.float64));
        }
        if n.is_int {
            return Ok(Value::int(n.int64));
        }
        if n.is_uint {
            return Err(self.error(format_args!("{text} overflows int")));
        }
        Ok(Value::Nil)
    }

    pub(crate) fn eval_field_node(
        &mut self,
        dot: &Value<'a>,
        at: &'t Arg,
        field: &'t FieldNode,
        args: &'t [Arg],
        fin: Option<Value<'a>>,
    ) -> R<Value<'a>> {
        self.at(At::Arg(at));
        self.eval_field_chain(dot, start(dot), at, &field.ident, args, fin)
    }

    pub(crate) fn eval_chain_node(
        &mut self,
        dot: &Value<'a>,
        at: &'t Arg,
        chain: &'t ChainNode,
        args: &'t [Arg],
        fin: Option<Value<'a>>,
    ) -> R<Value<'a>> {
        self.at(At::Arg(at));
        if chain.field.is_empty() {
            return Err(self.error("internal error: no fields in evalChainNode"));
        }
        if let Arg::Nil(_) = chain.node {
            return Err(self.error(format_args!("indirection through explicit nil in {at}")));
        }
        let pipe = self.eval_arg(dot, None, &chain.node)?;
        self.eval_field_chain(dot, start(&pipe), at, &chain.field, args, fin)
    }

    pub(crate) fn eval_variable_node(
        &mut self,
        dot: &Value<'a>,
        at: &'t Arg,
        var: &'t VariableNode,
        args: &'t [Arg],
        fin: Option<Value<'a>>,
    ) -> R<Value<'a>> {
        self.at(At::Arg(at));
        let value = self.var_value(&var.ident[0])?;
        if var.ident.len() == 1 {
            self.not_a_function(args, &fin)?;
            return Ok(value);
        }
        self.eval_field_chain(dot, start(&value), at, &var.ident[1..], args, fin)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Value<'a>,
        first: Option<&Value<'a>>,
        at: &'t Arg,
        ident: &'t [std::sync::Arc<str>],
        args: &'t [Arg],
        fin: Option<Value<'a>>,
    ) -> R<Value<'a>> {
        let n = ident.len();
        let plain_last = args.len() <= 1 && fin.is_none();
        // Fast paths for the most common shapes: `.key…` on host JSON, and `.Field.key…` where `Field` of a host
        // object is host JSON. Anything else takes the general walk below (from the start).
        if plain_last {
            let walked = match first {
                Some(Value::Map(m)) => match m.json_object() {
                    Some(obj) => self.walk_json(obj, ident),
                    None => None,
                },
                Some(Value::Object(o)) if n >= 2 => {
                    match self.field_cache.json_object(o, &ident[0]) {
                        Some(obj) => self.walk_json(obj, &ident[1..]),
                        None => None,
                    }
                }
                _ => None,
            };
            if let Some(v) = walked {
                return Ok(v);
            }
        }
        let mut iface = false;
        let mut i = 0;
        // The receiver is borrowed until the first step produces an owned value.
        let mut held: Option<Value<'a>> = None;
        let mut use_held = false;
        loop {
            let recv = if use_held { held.as_ref() } else { first };
            // Fast path: walk JSON objects directly while every step finds a key, building only the value
            // where the walk stops.
            if let Some(Value::Map(m)) = recv {
                if let Some(mut obj) = m.json_object() {
                    let walk_to = if plain_last { n } else { n - 1 };
                    let mut found: Option<&'a serde_json::Value> = None;
                    while i < walk_to {
                        let Some(v) = self.json_cache.get(obj, &ident[i]) else {
                            break;
                        };
                        i += 1;
                        found = Some(v);
                        match v {
                            serde_json::Value::Object(o) if i < walk_to => obj = o,
                            _ => break,
                        }
                    }
                    if let Some(v) = found {
                        if i == n {
                            // A JSON null is a nil interface found in a container.
                            self.nil_iface = v.is_null();
                            return Ok(Value::from_json(v));
                        }
                        held = Some(Value::from_json(v));
                        use_held = true;
                        iface = true;
                    }
                }
            }
            let recv = if use_held { held.as_ref() } else { first };
            if i + 1 >= n {
                let (last, _) = self.eval_field(dot, &ident[n - 1], at, args, fin, recv, iface)?;
                self.nil_iface = matches!(last, Some(Value::Nil));
                return Ok(last.unwrap_or(Value::Nil));
            }
            let (next, next_iface) = self.eval_field(dot, &ident[i], at, &[], None, recv, iface)?;
            held = next;
            use_held = true;
            iface = next_iface;
            i += 1;
        }
    }

    /// Walks the keys `ident` through nested host JSON objects from `obj`, as the general walk would: the value
    /// found, or the invalid value for a missing key under `missingkey=default`. `None` when a step reaches
    /// something other than an object (or a key is missing under another `missingkey` option).
    fn walk_json(
        &mut self,
        mut obj: &'a serde_json::Map<String, serde_json::Value>,
        ident: &[std::sync::Arc<str>],
    ) -> Option<Value<'a>> {
        let n = ident.len();
        let mut i = 0;
        loop {
            let Some(v) = self.json_cache.get(obj, ident.get(i)?) else {
                if self.set.missing_key() == MissingKey::Invalid {
                    self.nil_iface = false;
                    return Some(Value::Nil);
                }
                return None;
            };
            i += 1;
            if i == n {
                // A JSON null is a nil interface found in a container.
                self.nil_iface = v.is_null();
                return Some(Value::from_json(v));
            }
            match v {
                serde_json::Value::Object(next) => obj = next,
                _ => return None,
            }
        }
    }

    /// Go's `evalField`. `recv` is `None` for an invalid receiver (missing key, nil data) and `Some(Nil)` for a
    /// nil interface value found in a container. The result follows the same convention. `iface` says the
    /// receiver's static type is `interface {}` (it came out of an interface-typed element or field); the result
    /// carries the same fact about the value returned.
    #[allow(clippy::too_many_arguments)]
    fn eval_field(
        &mut self,
        dot: &Value<'a>,
        name: &std::sync::Arc<str>,
        at: &'t Arg,
        args: &'t [Arg],
        fin: Option<Value<'a>>,
        recv: Option<&Value<'a>>,
        iface: bool,
    ) -> R<(Option<Value<'a>>, bool)> {
        // The common case first: a plain field (or method without arguments) of a host object.
        if let (Some(recv @ Value::Object(o)), true) = (recv, args.len() <= 1 && fin.is_none()) {
            if let Some(v) = self.field_cache.field(o, name) {
                return Ok((Some(v), false));
            }
            if let Some(res) = self.call_method(dot, o, name, at, args, None)? {
                return Ok((Some(res), false));
            }
            let typ = if iface {
                "interface {}".to_string()
            } else {
                type_name(recv)
            };
            return Err(self.error(format_args!("can't evaluate field {name} in type {typ}")));
        }
        let Some(recv) = recv else {
            if self.set.missing_key() == MissingKey::Error {
                return Err(self.error(format_args!("nil data; no entry for key {}", quote(name))));
            }
            return Ok((None, false));
        };
        // The receiver's static type, for error messages only.
        let typ = |recv: &Value<'a>| {
            if iface {
                "interface {}".to_string()
            } else {
                type_name(recv)
            }
        };
        let target = recv.indirect();
        if let Value::Nil = target {
            let typ = typ(recv);
            return Err(self.error(format_args!("nil pointer evaluating {typ}.{name}")));
        }
        let has_args = args.len() > 1 || fin.is_some();
        match target {
            Value::Object(o) => {
                // Go types cannot have a field and a method of the same name, so the (more common) field is
                // looked up first.
                if let Some(v) = self.field_cache.field(o, name) {
                    if has_args {
                        return Err(self.error(format_args!(
                            "{name} has arguments but cannot be invoked as function"
                        )));
                    }
                    return Ok((Some(v), false));
                }
                if let Some(res) = self.call_method(dot, o, name, at, args, fin)? {
                    return Ok((Some(res), false));
                }
            }
            Value::Struct(s) => {
                if let Some(f) = s.field(name) {
                    if !f.is_exported() {
                        let typ = typ(recv);
                        return Err(self.error(format_args!(
                            "{name} is an unexported field of struct type {typ}"
                        )));
                    }
                    if has_args {
                        return Err(self.error(format_args!(
                            "{name} has arguments but cannot be invoked as function"
                        )));
                    }
                    return Ok((Some(f.value.clone()), f.ty.is_interface()));
                }
            }
            Value::Map(m) => {
                let key_kind = m.go_type().key().map(|k| k.kind());
                if matches!(key_kind, Some(Kind::String) | Some(Kind::Interface)) {
                    if has_args {
                        return Err(
                            self.error(format_args!("{name} is not a method but has arguments"))
                        );
                    }
                    let elem_iface = m.go_type().elem().is_none_or(|e| e.is_interface());
                    if let Some(v) = m.get_shared(name) {
                        return Ok((Some(v), elem_iface));
                    }
                    return match self.set.missing_key() {
                        MissingKey::Invalid => Ok((None, false)),
                        MissingKey::Zero => {
                            let elem = m
                                .go_type()
                                .elem()
                                .cloned()
                                .unwrap_or_else(GoType::interface);
                            Ok((Some(Value::zero(&elem)), elem_iface))
                        }
                        MissingKey::Error => {
                            Err(self
                                .error(format_args!("map has no entry for key {}", quote(name))))
                        }
                    };
                }
            }
            Value::Pointer(p) if p.is_nil() => {
                let typ = typ(recv);
                return Err(self.error(format_args!("nil pointer evaluating {typ}.{name}")));
            }
            _ => {}
        }
        let typ = typ(recv);
        Err(self.error(format_args!("can't evaluate field {name} in type {typ}")))
    }

    /// Calls method `name` of a host object, if it has one: arguments are evaluated as `interface {}` values.
    fn call_method(
        &mut self,
        dot: &Value<'a>,
        obj: &ObjRef<'a>,
        name: &str,
        at: &'t Arg,
        args: &'t [Arg],
        fin: Option<Value<'a>>,
    ) -> R<Option<Value<'a>>> {
        // Methods of host objects take `interface {}` arguments; no conversion is needed.
        let base = self.args.len();
        for a in args.iter().skip(1) {
            let v = self.eval_arg(dot, None, a)?;
            self.args.push(v);
        }
        if let Some(f) = fin {
            self.args.push(f);
        }
        let res = obj.call_method(name, &self.args[base..]);
        self.args.truncate(base);
        match res {
            None => Ok(None),
            Some(Ok(v)) => Ok(Some(v)),
            Some(Err(e)) => {
                self.at(At::Arg(at));
                Err(self.error(format_args!("error calling {name}: {e}")))
            }
        }
    }

    pub(crate) fn eval_function(
        &mut self,
        dot: &Value<'a>,
        at: &'t Arg,
        call_at: At<'t>,
        name: &'t str,
        args: &'t [Arg],
        fin: Option<Value<'a>>,
    ) -> R<Value<'a>> {
        self.at(At::Arg(at));
        let slot = match at {
            Arg::Identifier(id) => id.slot,
            _ => crate::parse::UNRESOLVED,
        };
        let callee = match self.set.resolve_func(name, slot) {
            Some(Resolved::User(f)) => Callee::User(f),
            Some(Resolved::Builtin(b)) => Callee::Builtin(*b),
            None => {
                return Err(self.error(format_args!("{} is not a defined function", quote(name))))
            }
        };
        self.eval_call(dot, callee, call_at, name, args, fin)
    }

    /// Go's `evalCall`: checks the argument count, converts arguments to the parameter types, calls.
    fn eval_call(
        &mut self,
        dot: &Value<'a>,
        callee: Callee<'t>,
        call_at: At<'t>,
        name: &str,
        args: &'t [Arg],
        fin: Option<Value<'a>>,
    ) -> R<Value<'a>> {
        let args = if args.is_empty() { args } else { &args[1..] };
        let sig = match callee {
            Callee::User(f) => &f.sig,
            Callee::Builtin(b) => b.signature(),
        };
        let num_in = args.len() + usize::from(fin.is_some());
        let num_fixed = if sig.variadic.is_some() {
            if num_in < sig.params.len() {
                return Err(self.error(format_args!(
                    "wrong number of args for {name}: want at least {} got {}",
                    sig.params.len(),
                    args.len()
                )));
            }
            sig.params.len()
        } else {
            if num_in != sig.params.len() {
                return Err(self.error(format_args!(
                    "wrong number of args for {name}: want {} got {num_in}",
                    sig.params.len()
                )));
            }
            args.len()
        };

        if let Callee::Builtin(b @ (Builtin::And | Builtin::Or)) = callee {
            let want = b == Builtin::Or;
            let mut v = Value::Nil;
            for a in args {
                v = self.eval_arg(dot, None, a)?;
                if v.is_true() == want {
                    return Ok(v);
                }
            }
            if let Some(f) = fin {
                v = f;
            }
            return Ok(v);
        }

        let base = self.args.len();
        let mut i = 0;
        let mut first_nil_iface = false;
        while i < num_fixed && i < args.len() {
            self.nil_iface = false;
            let v = self.eval_arg(dot, Some(&sig.params[i]), &args[i])?;
            if i == 0 {
                first_nil_iface = self.nil_iface && matches!(v, Value::Nil);
            }
            self.args.push(v);
            i += 1;
        }
        if let Some(elem) = &sig.variadic {
            while i < args.len() {
                let v = self.eval_arg(dot, Some(elem), &args[i])?;
                self.args.push(v);
                i += 1;
            }
        }
        if let Some(f) = fin {
            let t = match &sig.variadic {
                Some(elem) if num_in > num_fixed => elem,
                _ => &sig.params[num_in - 1],
            };
            let v = self.validate_type(f, Some(t))?;
            self.args.push(v);
        }

        let argv = &self.args[base..];
        let result = match callee {
            Callee::User(f) => f.call(argv).map_err(|e| e.0),
            Callee::Builtin(Builtin::Call) => {
                let callee_name = match args.first() {
                    Some(a) => a.to_string(),
                    // Go's reflect.Value.String() of the piped-in value.
                    None => match argv.first() {
                        Some(Value::String(s)) => s.to_string(),
                        Some(v) => match v.go_type() {
                            Some(t) => format!("<{t} Value>"),
                            None => "<invalid Value>".to_string(),
                        },
                        None => String::new(),
                    },
                };
                Err(builtins::call_error(&callee_name, argv.first()))
            }
            Callee::Builtin(Builtin::Len) if first_nil_iface => {
                Err(builtins::LEN_OF_NIL_INTERFACE.to_string())
            }
            Callee::Builtin(b) => builtins::call(b, argv),
        };
        self.args.truncate(base);
        match result {
            Ok(v) => Ok(v),
            Err(msg) => {
                self.at(call_at);
                Err(self.error(format_args!("error calling {name}: {msg}")))
            }
        }
    }
}

/// The receiver a field chain starts from: dot or a variable; the untyped nil is an invalid receiver.
fn start<'v, 'a>(v: &'v Value<'a>) -> Option<&'v Value<'a>> {
    match v {
        Value::Nil => None,
        v => Some(v),
    }
}

/// The static type name Go reports for a receiver (`interface {}` for a nil interface value).
fn type_name(v: &Value<'_>) -> String {
    match v.go_type() {
        Some(t) => t.to_string(),
        None => "interface {}".to_string(),
    }
}
