#![allow(clippy::approx_constant, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use super::*;
use crate::value::{Field, GoType, Key, List, Map, Pointer, Struct};

fn s(x: &str) -> Value<'static> {
    Value::string(x)
}

fn i(x: i64) -> Value<'static> {
    Value::int(x)
}

fn person() -> Value<'static> {
    Value::Struct(Arc::new(Struct {
        ty: Arc::new(GoType::Named("P".into(), Arc::new(GoType::Struct))),
        fields: vec![
            Field {
                name: "Name".into(),
                ty: GoType::string(),
                value: s("n"),
            },
            Field {
                name: "Age".into(),
                ty: GoType::int(),
                value: i(3),
            },
        ],
    }))
}

#[test]
fn integers_and_flags() {
    assert_eq!(
        sprintf(
            "%d|%5d|%-5d|%05d|%+d|% d",
            &[i(42), i(42), i(42), i(-42), i(42), i(42)]
        ),
        "42|   42|42   |-0042|+42| 42"
    );
    assert_eq!(
        sprintf(
            "%x %X %#x %o %O %b %#o %#b",
            &[i(42), i(42), i(42), i(42), i(42), i(5), i(8), i(5)]
        ),
        "2a 2A 0x2a 52 0o52 101 010 0b101"
    );
    assert_eq!(
        sprintf("%c %q %U %#U", &[i(65), i(7), i(0x1F600), i(65)]),
        "A '\\a' U+1F600 U+0041 'A'"
    );
    assert_eq!(
        sprintf("%.0d|%.3d|%8.3d", &[i(0), i(7), i(-7)]),
        "|007|    -007"
    );
    assert_eq!(
        sprintf("%v", &[Value::Uint(u64::MAX, Kind::Uint64)]),
        "18446744073709551615"
    );
    assert_eq!(sprintf("%#v", &[Value::Uint(255, Kind::Uint8)]), "0xff");
}

#[test]
fn floats() {
    let f = Value::float;
    assert_eq!(
        sprintf("%v %v %v %v", &[f(1e6), f(3.5), f(1e-7), f(2.0)]),
        "1e+06 3.5 1e-07 2"
    );
    assert_eq!(
        sprintf(
            "%08.3f|%+.1e|%.3g|%6.2f",
            &[f(3.14159), f(3.14159), f(3.14159), f(3.14159)]
        ),
        "0003.142|+3.1e+00|3.14|  3.14"
    );
    assert_eq!(
        sprintf(
            "%5.1f|%-8v|%08v",
            &[f(f64::NAN), f(f64::INFINITY), f(f64::NEG_INFINITY)]
        ),
        "  NaN|+Inf    |    -Inf"
    );
    assert_eq!(
        sprintf("%#g %#.3x %#v", &[f(1.0), f(1.0), f(1.0)]),
        "1.00000 0x1.000p+00 1"
    );
    assert_eq!(sprintf("% .2f %+v", &[f(2.0), f(-0.0)]), " 2.00 -0");
    assert_eq!(
        sprintf("%v", &[Value::Float(f64::from(0.1f32), Kind::Float32)]),
        "0.1"
    );
}

#[test]
fn strings() {
    assert_eq!(
        sprintf(
            "%q %+q %#q %x % X %.2s|%5.1s|",
            &[
                s("héllo"),
                s("héllo"),
                s("héllo"),
                s("hi"),
                s("hi"),
                s("héllo"),
                s("héllo")
            ]
        ),
        "\"héllo\" \"h\\u00e9llo\" `héllo` 6869 68 69 hé|    h|"
    );
    assert_eq!(sprintf("%04s|%-4s|", &[s("ab"), s("ab")]), "00ab|ab  |");
    assert_eq!(sprintf("%#v", &[s("a\"b")]), "\"a\\\"b\"");
}

#[test]
fn errors() {
    assert_eq!(sprintf("%d", &[s("hi")]), "%!d(string=hi)");
    assert_eq!(sprintf("%d %d", &[i(1)]), "1 %!d(MISSING)");
    assert_eq!(
        sprintf("%d", &[i(1), i(2), Value::Nil]),
        "1%!(EXTRA int=2, <nil>)"
    );
    assert_eq!(sprintf("%z", &[i(1)]), "%!z(int=1)");
    assert_eq!(sprintf("%", &[]), "%!(NOVERB)");
    assert_eq!(sprintf("%*d", &[s("x"), i(1)]), "%!(BADWIDTH)1");
    assert_eq!(sprintf("%.*d", &[i(-1), i(1)]), "%!(BADPREC)1");
    assert_eq!(sprintf("%[3]d", &[i(1)]), "%!d(BADINDEX)");
    assert_eq!(sprintf("%[2]d %[1]d", &[i(1), i(2)]), "2 1");
    assert_eq!(sprintf("%[1]d %d", &[i(1), i(2)]), "1 2");
    assert_eq!(
        sprintf("%d %v %T", &[Value::Nil, Value::Nil, Value::Nil]),
        "%!d(<nil>) <nil> <nil>"
    );
    assert_eq!(sprintf("%5s", &[i(42)]), "%!s(int=   42)");
    assert_eq!(sprintf("%-*d|", &[i(-3), i(1)]), "1  |");
    assert_eq!(sprintf("%!", &[]), "%!!(MISSING)");
}

#[test]
fn composites() {
    let ints = Value::List(List::new(
        vec![i(1), i(2)],
        Arc::new(GoType::Slice(GoType::int())),
    ));
    assert_eq!(
        sprintf(
            "%v %d %s %03d %T",
            &[
                ints.clone(),
                ints.clone(),
                ints.clone(),
                ints.clone(),
                ints.clone()
            ]
        ),
        "[1 2] [1 2] [%!s(int=1) %!s(int=2)] [001 002] []int"
    );
    assert_eq!(sprintf("%#v", &[ints]), "[]int{1, 2}");
    let mixed = Value::list(vec![s("a"), i(1), Value::Nil]);
    assert_eq!(
        sprintf("%v|%d|%#v", &[mixed.clone(), mixed.clone(), mixed]),
        "[a 1 <nil>]|[%!d(string=a) 1 <nil>]|[]interface {}{\"a\", 1, interface {}(nil)}"
    );
    let nil_slice = Value::List(List::nil(GoType::slice_of_string()));
    assert_eq!(
        sprintf("%v %#v", &[nil_slice.clone(), nil_slice]),
        "[] []string(nil)"
    );
    let bytes_ty: TypeRef = Arc::new(GoType::Slice(GoType::basic(Kind::Uint8)));
    let bytes = Value::List(List::new(
        vec![Value::Uint(104, Kind::Uint8), Value::Uint(105, Kind::Uint8)],
        bytes_ty,
    ));
    assert_eq!(
        sprintf(
            "%v %s %q %x % X %#v",
            &[
                bytes.clone(),
                bytes.clone(),
                bytes.clone(),
                bytes.clone(),
                bytes.clone(),
                bytes
            ]
        ),
        "[104 105] hi \"hi\" 6869 68 69 []byte{0x68, 0x69}"
    );
    let mut m = BTreeMap::new();
    m.insert(Key::from("b"), i(2));
    m.insert(Key::from("a"), i(1));
    let m = Value::Map(Map::new(
        m,
        Arc::new(GoType::Map(GoType::string(), GoType::int())),
    ));
    assert_eq!(
        sprintf("%v %d %#v", &[m.clone(), m.clone(), m]),
        "map[a:1 b:2] map[%!d(string=a):1 %!d(string=b):2] map[string]int{\"a\":1, \"b\":2}"
    );
    let nil_map = Value::Map(Map::nil(GoType::map_string_string()));
    assert_eq!(
        sprintf("%v %#v", &[nil_map.clone(), nil_map]),
        "map[] map[string]string(nil)"
    );
    let p = person();
    assert_eq!(
        sprintf(
            "%v %+v %#v %x",
            &[p.clone(), p.clone(), p.clone(), p.clone()]
        ),
        "{n 3} {Name:n Age:3} P{Name:\"n\", Age:3} {6e 3}"
    );
    let ptr = Value::Pointer(Pointer::to(p));
    assert_eq!(
        sprintf("%v %+v", &[ptr.clone(), ptr.clone()]),
        "&{n 3} &{Name:n Age:3}"
    );
    assert_eq!(sprint(std::slice::from_ref(&ptr)), "&{n 3}");
    let mut out = String::new();
    print_value(&mut out, &ptr).unwrap();
    assert_eq!(out, "{n 3}");
    let nil_ptr = Value::Pointer(Pointer::nil(Arc::new(GoType::Pointer(GoType::int()))));
    assert_eq!(
        sprintf(
            "%v %s %d %x %T %#v %p",
            &[
                nil_ptr.clone(),
                nil_ptr.clone(),
                nil_ptr.clone(),
                nil_ptr.clone(),
                nil_ptr.clone(),
                nil_ptr.clone(),
                nil_ptr.clone()
            ]
        ),
        "<nil> %!s(*int=<nil>) 0 0 *int (*int)(nil) 0x0"
    );
    let to_int = Value::Pointer(Pointer::to(i(5)));
    assert!(sprintf("%v", std::slice::from_ref(&to_int)).starts_with("0x"));
    let mut out = String::new();
    print_value(&mut out, &to_int).unwrap();
    assert_eq!(out, "5");
}

#[test]
fn print_spacing() {
    assert_eq!(sprint(&[i(1), i(2)]), "1 2");
    assert_eq!(sprint(&[s("a"), i(1)]), "a1");
    assert_eq!(sprint(&[i(1), s("a")]), "1a");
    assert_eq!(sprint(&[s("a"), s("b")]), "ab");
    assert_eq!(sprint(&[Value::float(1.5), Value::Bool(true)]), "1.5 true");
    assert_eq!(sprint(&[Value::Nil, Value::Nil]), "<nil> <nil>");
    assert_eq!(sprintln(&[s("a"), i(1), s("b")]), "a 1 b\n");
}

#[test]
fn executor_printing() {
    let mut out = String::new();
    print_value(&mut out, &Value::Nil).unwrap();
    print_value(&mut out, &s("|")).unwrap();
    print_value(
        &mut out,
        &Value::Pointer(Pointer::nil(Arc::new(GoType::Pointer(GoType::int())))),
    )
    .unwrap();
    assert_eq!(out, "<no value>|<nil>");
}

fn u8s(b: &[u8]) -> Value<'static> {
    Value::List(List::new(
        b.iter()
            .map(|&c| Value::Uint(u64::from(c), Kind::Uint8))
            .collect(),
        Arc::new(GoType::Slice(GoType::basic(Kind::Uint8))),
    ))
}

/// Expected outputs were produced by Go's fmt (Go 1.26) for the same operands.
#[test]
fn matches_go_reference_outputs() {
    let f = Value::float;
    let f32v = |x: f32| Value::Float(f64::from(x), Kind::Float32);
    let cases: Vec<(&str, Vec<Value<'static>>, &str)> = vec![
        (
            "%08.3e|%-08.2f|%+08d|%x|%X",
            vec![f(3.14159), f(2.5), i(42), i(-255), s("héllo")],
            "3.142e+00|2.50    |+0000042|-ff|68C3A96C6C6F",
        ),
        (
            "%6.2v|%.3v|%10.4v|",
            vec![f(3.14159), s("abcdef"), f(123456.789)],
            "   3.1|abc| 1.235e+05|",
        ),
        (
            "%e|%E|%.0e|%#.0e|%#.0f|%b",
            vec![f(1e-300), f(123456.0), f(5.5), f(5.5), f(5.0), f(1.0)],
            "1.000000e-300|1.234560E+05|6e+00|6.e+00|5.|4503599627370496p-52",
        ),
        (
            "%x|%.2x|%X",
            vec![f(1e-300), f(3.0), f(-1.5)],
            "0x1.56e1fc2f8f359p-997|0x1.80p+01|-0X1.8P+00",
        ),
        (
            "%t|%5t|%-6t|%v",
            vec![
                Value::Bool(false),
                Value::Bool(true),
                Value::Bool(true),
                Value::Bool(true),
            ],
            "false| true|true  |true",
        ),
        (
            "%U|%#U|%#U|%.6U",
            vec![i(-1), i(0x7f), i(0x1F600), i(65)],
            "U+FFFFFFFFFFFFFFFF|U+007F|U+1F600 '😀'|U+000041",
        ),
        (
            "%c|%c|%q|%+q",
            vec![i(0xD800), i(-1), i(0x1F600), i(0xe9)],
            "\u{FFFD}|\u{FFFD}|'😀'|'\\u00e9'",
        ),
        (
            "%q|%#q|%+q|%q",
            vec![
                s("\x00\x7f\u{a0}\u{feff}"),
                s("a`b"),
                s("😀"),
                s("\u{2028}"),
            ],
            "\"\\x00\\x7f\\u00a0\\ufeff\"|\"a`b\"|\"\\U0001f600\"|\"\\u2028\"",
        ),
        (
            "%08q|%-8q|%8.2q",
            vec![s("ab"), s("ab"), s("abcd")],
            "0000\"ab\"|\"ab\"    |    \"ab\"",
        ),
        (
            "%x|% x|%#x|%# x|%10x|%-10X|%.1x",
            vec![
                s("hi"),
                s("hi"),
                s("hi"),
                s("hi"),
                s("hi"),
                s("hi"),
                s("hi"),
            ],
            "6869|68 69|0x6869|0x68 0x69|      6869|6869      |68",
        ),
        (
            "%010.3f|%-010.3f|%+010.3f|% 010.3f",
            vec![f(-3.14159), f(3.14159), f(3.14159), f(3.14159)],
            "-00003.142|3.142     |+00003.142| 00003.142",
        ),
        (
            "%.3s|%.10s|%.0s|",
            vec![s("héllo"), s("ab"), s("abc")],
            "hél|ab||",
        ),
        (
            "%[2]*[1]d|%[3]*.[2]*[1]f|",
            vec![i(12), i(5), i(8)],
            "   12|%!f(int=   00012)|",
        ),
        ("%d %d %#[1]x %#x", vec![i(16), i(17)], "16 17 0x10 0x11"),
        (
            "%[0]d|%[x]d|%[1]",
            vec![i(1)],
            "%!d(BADINDEX)|%!d(BADINDEX)|%!(NOVERB)",
        ),
        ("%.[2]d", vec![i(1), i(2)], "2"),
        ("%[2]2d", vec![i(1), i(2)], "%!d(BADINDEX)"),
        (
            "%v %v",
            vec![f32v(1e6), f32v(3.402_823_5e38)],
            "1e+06 3.4028235e+38",
        ),
        (
            "%g|%G|%.3G|%e",
            vec![f(1e-5), f(1e21), f(1234567.0), f32v(0.1)],
            "1e-05|1E+21|1.23E+06|1.000000e-01",
        ),
        ("%w", vec![i(1)], "%!w(int=1)"),
        ("%s %v", vec![u8s(b"hi"), u8s(b"hi")], "hi [104 105]"),
        (
            "%5v|%-5v|%05v",
            vec![
                Value::List(List::new(
                    vec![i(1), i(2)],
                    Arc::new(GoType::Slice(GoType::int())),
                )),
                s("x"),
                s("ab"),
            ],
            "[    1     2]|x    |000ab",
        ),
        ("%o %O %#O", vec![i(-8), i(-8), i(8)], "-10 -0o10 0o010"),
        ("%x %X", vec![f(-1.0), f(255.5)], "-0x1p+00 0X1.FFP+07"),
        (
            "%v %v %v %v",
            vec![f(100000000.0), f(123456789.0), f(0.000012345), f(1e20)],
            "1e+08 1.23456789e+08 1.2345e-05 1e+20",
        ),
        (
            "%.1f %.1f %.2f %.2f",
            vec![f(0.05), f(0.15), f(1.005), f(2.675)],
            "0.1 0.1 1.00 2.67",
        ),
        (
            "%10.3q|%x",
            vec![Value::Int(120, Kind::Int32), f(3.0)],
            "       'x'|0x1.8p+01",
        ),
    ];
    for (format, args, want) in cases {
        assert_eq!(sprintf(format, &args), want, "format {format:?}");
    }
}

#[test]
fn write_value_fast_paths_agree_with_printer() {
    for v in [
        Value::float(2.0),
        Value::float(-0.0),
        Value::float(999_999.0),
        Value::float(1e6),
        Value::float(-12.0),
        Value::Float(16_777_216.0, Kind::Float32),
        Value::Float(3.0, Kind::Float32),
        i(-5),
        Value::Uint(7, Kind::Uint8),
        Value::Bool(false),
        s("x"),
    ] {
        let mut fast = String::new();
        write_value(&mut fast, &v);
        assert_eq!(fast, sprintf("%v", std::slice::from_ref(&v)), "{v:?}");
    }
}

struct Obj {
    ty: TypeRef,
    text: Option<&'static str>,
    basic: Option<Value<'static>>,
    fields: Vec<(&'static str, Value<'static>)>,
}

impl crate::value::Object<'static> for Obj {
    fn go_type(&self) -> TypeRef {
        self.ty.clone()
    }

    fn to_go_string(&self) -> Option<String> {
        self.text.map(str::to_string)
    }

    fn as_basic(&self) -> Option<Value<'static>> {
        self.basic.clone()
    }

    fn fields(&self) -> Vec<(Arc<str>, Value<'static>)> {
        self.fields
            .iter()
            .map(|(n, v)| (Arc::from(*n), v.clone()))
            .collect()
    }
}

fn obj(
    ty: GoType,
    text: Option<&'static str>,
    basic: Option<Value<'static>>,
    fields: Vec<(&'static str, Value<'static>)>,
) -> Value<'static> {
    Value::object(Arc::new(Obj {
        ty: Arc::new(ty),
        text,
        basic,
        fields,
    }))
}

#[test]
fn host_objects() {
    let named = |n: &str, u: GoType| GoType::Named(n.into(), Arc::new(u));
    // An enum with String(): %v/%s/%q use it, %d the number, and method calls stop inside error forms.
    let mode = obj(
        named("v1.Mode", GoType::Basic(Kind::Int32)),
        Some("REDIRECT"),
        Some(Value::Int(1, Kind::Int32)),
        vec![],
    );
    assert_eq!(
        sprintf(
            "%v %s %q %d %x %T %t",
            &[
                mode.clone(),
                mode.clone(),
                mode.clone(),
                mode.clone(),
                mode.clone(),
                mode.clone(),
                mode.clone()
            ]
        ),
        "REDIRECT REDIRECT \"REDIRECT\" 1 5245444952454354 v1.Mode %!t(v1.Mode=1)"
    );
    assert_eq!(sprint(std::slice::from_ref(&mode)), "REDIRECT");
    let mut out = String::new();
    print_value(&mut out, &mode).unwrap();
    assert_eq!(out, "REDIRECT");
    // A struct-kind object prints its fields; nested objects use their String().
    let c = obj(
        named("v1.Container", GoType::Struct),
        None,
        None,
        vec![("Name", s("app")), ("Mode", mode.clone()), ("hidden", i(1))],
    );
    assert_eq!(
        sprintf("%v|%+v", &[c.clone(), c.clone()]),
        "{app REDIRECT 1}|{Name:app Mode:REDIRECT hidden:1}"
    );
    // A pointer-kind object prints &{…} at top level and its pointee from an action.
    let p = obj(
        GoType::Pointer(Arc::new(named("v1.Pod", GoType::Struct))),
        None,
        None,
        vec![("Name", s("p"))],
    );
    assert_eq!(sprint(std::slice::from_ref(&p)), "&{p}");
    let mut out = String::new();
    print_value(&mut out, &p).unwrap();
    assert_eq!(out, "{p}");
    // Map-kind objects print as maps.
    let m = obj(
        named("Labels", GoType::Map(GoType::string(), GoType::string())),
        None,
        None,
        vec![("a", s("1")), ("b", s("2"))],
    );
    assert_eq!(sprint(std::slice::from_ref(&m)), "map[a:1 b:2]");
    // Funcs cannot be printed by an action.
    let f = obj(GoType::Func("func()".into()), None, None, vec![]);
    let mut out = String::new();
    assert_eq!(
        print_value(&mut out, &f).unwrap_err().to_string(),
        "can't print value of type func()"
    );
}

/// Precisions beyond Rust's formatter limit (found by fuzzing); expected values from Go 1.26's `fmt.Sprintf`.
#[test]
fn huge_float_precisions_match_go() {
    use sha2::Digest as _;
    let cases: [(&str, Value<'static>, usize, &str, &str); 6] = [
        (
            "%.999999v",
            Value::float(1.5),
            3,
            "1.5",
            "9f29a130438b81170b92a42650f9a94291ecad60bd47af2a3886e75f7f728725",
        ),
        (
            "%.70000f",
            Value::float(0.1),
            70002,
            "0.10000000000000000555",
            "4af298c39dfef62e44f64f8fbf505acb81cd8712259bfb111e48bb6edf4f42b3",
        ),
        (
            "%.70000e",
            Value::float(1.5),
            70006,
            "1.5000000000",
            "5661738022e99101cddcf938e341076f16edd028cc307cf436eec0fa70f81584",
        ),
        (
            "%.100000g",
            Value::float(0.1),
            57,
            "0.10000000000000000555",
            "96db2f78fe4cd6af75a1ad444060e0f5bc0c712c17e8356f0355e09980b10716",
        ),
        (
            "%.66000g",
            Value::Float(f64::from(0.1f32), Kind::Float32),
            29,
            "0.100000001490116119384765625",
            "ff32814c83b7a5e03ba4bf841c22ec188dad0aa0ca430514115793ef5311cec8",
        ),
        (
            "%.999999v",
            Value::float(5e-324),
            757,
            "4.94065645841246544176568792868221372365",
            "2198de8c8c837525f1589888efaa929d1e9930ed3f6d882fa10fbe6af3de9d79",
        ),
    ];
    for (format, v, len, prefix, sha) in cases {
        let out = sprintf(format, &[v]);
        assert_eq!(out.len(), len, "{format}");
        assert!(
            out.starts_with(prefix),
            "{format}: {}",
            &out[..40.min(out.len())]
        );
        assert_eq!(
            hex::encode(sha2::Sha256::digest(out.as_bytes())),
            sha,
            "{format}"
        );
    }
}

#[test]
fn write_value_prints_integers_like_sprint() {
    for n in [0, 7, -7, 10, 1337, -1_000_000, i64::MAX, i64::MIN] {
        let mut out = String::new();
        write_value(&mut out, &Value::Int(n, Kind::Int64));
        assert_eq!(out, n.to_string());
        assert_eq!(out, sprint(&[Value::Int(n, Kind::Int64)]));
    }
    for n in [0, 9, u64::MAX] {
        let mut out = String::new();
        write_value(&mut out, &Value::Uint(n, Kind::Uint64));
        assert_eq!(out, n.to_string());
    }
    let mut out = String::new();
    write_value(&mut out, &Value::float(-15006.0));
    assert_eq!(out, "-15006");
}

#[test]
fn sprint_value_matches_sprint_and_keeps_strings() {
    let text = String::from("borrowed");
    let one = [Value::str(&text)];
    match sprint_value(&one) {
        Value::String(crate::value::Str::Borrowed(t)) => assert!(std::ptr::eq(t, text.as_str())),
        other => panic!("{other:?}"),
    }
    for args in [
        vec![Value::Bool(true)],
        vec![i(3), i(4)],
        vec![s("a"), i(1), s("b")],
        vec![Value::Nil],
        vec![],
    ] {
        assert_eq!(sprint_value(&args).as_str(), Some(sprint(&args).as_str()));
    }
}

#[test]
fn string_value_can_nest() {
    let v = string_value(|out| {
        out.push_str("outer ");
        let inner = string_value(|o| o.push_str("inner"));
        out.push_str(inner.as_str().unwrap());
    });
    assert_eq!(v.as_str(), Some("outer inner"));
    assert_eq!(string_value(|o| o.push('x')).as_str(), Some("x"));
}
