//! A per-execution memo of host-object field reads (Go's `reflect.Value.FieldByName` in `evalField`).
//!
//! Templates read the same fields of the same objects over and over (`.Values`, `.ObjectMeta`, `.ProxyConfig`
//! start most chains). [`Object::field`](crate::value::Object::field) is required to answer the same for the same
//! name during an execution, so its results are remembered here, keyed by the object's identity and the address
//! of the (parser-interned) field name.

use std::sync::Arc;

use crate::value::{JsonType, ObjRef, Object, Value};

/// Slots of the cache (a power of two).
const SLOTS: usize = 64;

/// The identity of a host object: its address together with its vtable (or, for a JSON view, its data and
/// type description). Equal identities denote the same object for as long as the object is alive.
#[derive(Clone, Copy)]
enum Identity<'a> {
    Object(*const (dyn Object<'a> + 'a)),
    View(*const serde_json::Value, *const dyn JsonType),
}

impl<'a> Identity<'a> {
    fn of(o: &ObjRef<'a>) -> Self {
        match o {
            ObjRef::Borrowed(b) => Identity::Object(std::ptr::from_ref(*b)),
            ObjRef::Shared(s) => Identity::Object(Arc::as_ptr(s)),
            ObjRef::View(v) => Identity::View(std::ptr::from_ref(v.data), std::ptr::from_ref(v.ty)),
        }
    }

    fn addr(self) -> usize {
        match self {
            Identity::Object(p) => p.cast::<u8>() as usize,
            Identity::View(d, _) => d.cast::<u8>() as usize,
        }
    }

    fn same(self, other: Self) -> bool {
        match (self, other) {
            (Identity::Object(a), Identity::Object(b)) => std::ptr::eq(a, b),
            (Identity::View(d1, t1), Identity::View(d2, t2)) => {
                std::ptr::eq(d1, d2) && std::ptr::eq(t1, t2)
            }
            _ => false,
        }
    }
}

/// One remembered read. The object is held (a shared one stays alive, so its address cannot be reused).
struct Slot<'a> {
    obj: ObjRef<'a>,
    name: usize,
    value: Value<'a>,
}

/// A direct-mapped cache of `object.field(name)` results that were found.
pub(crate) struct FieldCache<'a> {
    slots: Vec<Option<Slot<'a>>>,
}

impl<'a> FieldCache<'a> {
    pub(crate) fn new() -> Self {
        FieldCache { slots: Vec::new() }
    }

    /// The slot and key of `obj.name`.
    fn key(obj: &ObjRef<'a>, name: &Arc<str>) -> (Identity<'a>, usize, usize) {
        let id = Identity::of(obj);
        let n = Arc::as_ptr(name).cast::<u8>() as usize;
        let h = (((id.addr() ^ n.rotate_left(17)) as u64 >> 3).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            >> 58) as usize
            % SLOTS;
        (id, n, h)
    }

    /// The remembered value of `obj.name`, if any.
    #[inline]
    fn hit(&self, id: Identity<'a>, n: usize, h: usize) -> Option<&Value<'a>> {
        match self.slots.get(h) {
            Some(Some(s)) if s.name == n && id.same(Identity::of(&s.obj)) => Some(&s.value),
            _ => None,
        }
    }

    /// `obj.field(name)`, remembered when found.
    #[inline]
    pub(crate) fn field(&mut self, obj: &ObjRef<'a>, name: &Arc<str>) -> Option<Value<'a>> {
        let (id, n, h) = Self::key(obj, name);
        if let Some(v) = self.hit(id, n, h) {
            return Some(v.clone());
        }
        self.read(obj, name, h, n)
    }

    /// The host JSON object `obj.field(name)` views (a map whose values are `interface {}`), if it is one;
    /// the field is not copied.
    #[inline]
    pub(crate) fn json_object(
        &mut self,
        obj: &ObjRef<'a>,
        name: &Arc<str>,
    ) -> Option<&'a serde_json::Map<String, serde_json::Value>> {
        let (id, n, h) = Self::key(obj, name);
        let json = |v: &Value<'a>| match v {
            Value::Map(m) => m.json_object(),
            _ => None,
        };
        if let Some(v) = self.hit(id, n, h) {
            return json(v);
        }
        json(&self.read(obj, name, h, n)?)
    }

    /// A read the cache does not hold: asks the object and remembers a found field in slot `h`.
    #[cold]
    #[inline(never)]
    fn read(&mut self, obj: &ObjRef<'a>, name: &str, h: usize, n: usize) -> Option<Value<'a>> {
        let value = obj.field(name)?;
        if self.slots.is_empty() {
            self.slots.resize_with(SLOTS, || None);
        }
        if let Some(slot) = self.slots.get_mut(h) {
            *slot = Some(Slot {
                obj: obj.clone(),
                name: n,
                value: value.clone(),
            });
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use crate::value::{GoType, TypeRef};

    struct Counting {
        reads: AtomicUsize,
        tag: i64,
    }

    impl Object<'static> for Counting {
        fn go_type(&self) -> TypeRef {
            GoType::interface()
        }

        fn field(&self, name: &str) -> Option<Value<'static>> {
            self.reads.fetch_add(1, Ordering::Relaxed);
            (name == "X").then(|| Value::int(self.tag))
        }
    }

    fn counting(tag: i64) -> Arc<Counting> {
        Arc::new(Counting {
            reads: AtomicUsize::new(0),
            tag,
        })
    }

    #[test]
    fn found_fields_are_read_once_per_object() {
        let a = counting(1);
        let b = counting(2);
        let (ra, rb) = (ObjRef::Shared(a.clone()), ObjRef::Shared(b.clone()));
        let x: Arc<str> = Arc::from("X");
        let mut c = FieldCache::new();
        for _ in 0..3 {
            assert!(matches!(c.field(&ra, &x), Some(Value::Int(1, _))));
            assert!(matches!(c.field(&rb, &x), Some(Value::Int(2, _))));
        }
        assert_eq!(a.reads.load(Ordering::Relaxed), 1);
        assert_eq!(b.reads.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn missing_fields_are_asked_again() {
        let a = counting(1);
        let r = ObjRef::Shared(a.clone());
        let y: Arc<str> = Arc::from("Y");
        let mut c = FieldCache::new();
        assert!(c.field(&r, &y).is_none());
        assert!(c.field(&r, &y).is_none());
        assert_eq!(a.reads.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn equal_names_at_other_addresses_are_other_keys() {
        let a = counting(7);
        let r = ObjRef::Shared(a.clone());
        let (x1, x2): (Arc<str>, Arc<str>) = (Arc::from("X"), Arc::from("X"));
        let mut c = FieldCache::new();
        assert!(matches!(c.field(&r, &x1), Some(Value::Int(7, _))));
        assert!(matches!(c.field(&r, &x2), Some(Value::Int(7, _))));
        assert!(a.reads.load(Ordering::Relaxed) >= 1);
    }
}

/// Field chains over host JSON (which take the executor's fast paths) behave exactly as over maps built in Rust
/// (which take the general walk), also when reached through a host object.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod json_chains {
    use std::sync::Arc;

    use crate::template::Templates;
    use crate::value::{GoType, Object, TypeRef, Value};

    struct Root(Value<'static>);

    impl Object<'static> for Root {
        fn go_type(&self) -> TypeRef {
            Arc::new(GoType::Pointer(Arc::new(GoType::Named(
                "t.Root".into(),
                Arc::new(GoType::Struct),
            ))))
        }

        fn field(&self, name: &str) -> Option<Value<'static>> {
            (name == "V").then(|| self.0.clone())
        }
    }

    fn run(option: &str, text: &str, data: &Value<'_>) -> String {
        let mut t = Templates::new();
        t.set_option(option).unwrap();
        t.parse("t", text).unwrap();
        let mut out = String::new();
        match t.execute("t", data, &mut out) {
            Ok(()) => out,
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn json_and_owned_maps_agree() {
        let json: &'static serde_json::Value = Box::leak(Box::new(serde_json::json!({
            "a": {"b": {"c": 1, "s": "x", "n": null}, "e": {}},
            "t": true
        })));
        let owned = Value::from_json_owned(json.clone());
        let chains = [
            ".a.b.c",
            ".a.b",
            ".a.b.s",
            ".a.b.n",
            ".a.missing",
            ".a.missing.c",
            ".a.b.missing",
            ".missing.x.y",
            ".a.b.s.x",
            ".a.b.n.x",
            ".a.e.x",
            ".t.x",
            ".a.b.c.d",
        ];
        for option in ["missingkey=default", "missingkey=zero", "missingkey=error"] {
            for chain in chains {
                for text in [
                    format!("{{{{{chain}}}}}"),
                    format!("{{{{len {chain}}}}}"),
                    format!("{{{{if {chain}}}}}y{{{{end}}}}"),
                    format!("{{{{with {chain}}}}}{{{{.}}}}{{{{end}}}}"),
                ] {
                    let on_owned = run(option, &text, &owned);
                    let on_json = run(option, &text, &Value::from_json(json));
                    assert_eq!(on_json, on_owned, "{option} {text}");
                    let via_owned = run(
                        option,
                        &text.replacen('.', ".V.", 1),
                        &Value::object(Arc::new(Root(owned.clone()))),
                    );
                    let via_json = run(
                        option,
                        &text.replacen('.', ".V.", 1),
                        &Value::object(Arc::new(Root(Value::from_json(json)))),
                    );
                    assert_eq!(via_json, via_owned, "{option} {text} via an object");
                }
            }
        }
    }
}
