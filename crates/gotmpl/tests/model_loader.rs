//! Checks the corpus data-model loader (`support::model`) on the corpus fixtures and on every case's data.

#![allow(clippy::unwrap_used, clippy::expect_used)]
mod support;

use gotmpl::{GoType, Kind, Value};
use support::model::{parse_type, Model};
use support::yaml::scalar_text;

#[test]
fn loads_exec_t_fixture() {
    let file = support::load_corpus_file("exec.yaml").unwrap();
    let model = Model::new(&file);
    let t = model.fixture("T").unwrap();
    let Value::Pointer(p) = &t else {
        panic!("T is not a pointer: {t:?}")
    };
    assert_eq!(p.ty.to_string(), "*T");
    let Some(Value::Struct(s)) = p.target.as_deref() else {
        panic!("T does not point at a struct")
    };
    assert!(matches!(
        s.field("I").unwrap().value,
        Value::Int(17, Kind::Int)
    ));
    assert!(matches!(
        s.field("U16").unwrap().value,
        Value::Uint(16, Kind::Uint16)
    ));
    let si = &s.field("SI").unwrap().value;
    assert_eq!(si.go_type().unwrap().to_string(), "[]int");
    let Value::Map(msi) = &s.field("MSI").unwrap().value else {
        panic!("MSI")
    };
    assert_eq!(msi.go_type().to_string(), "map[string]int");
    assert!(matches!(msi.get("two"), Some(Value::Int(2, Kind::Int))));
    let empty = s.field("SIEmpty").unwrap();
    assert!(matches!(&empty.value, Value::List(l) if l.is_nil()));
    let e0 = s.field("Empty0").unwrap();
    assert!(matches!(e0.value, Value::Nil));
    assert_eq!(*e0.ty, GoType::Interface);
    let v2 = &s.field("V2").unwrap().value;
    assert!(matches!(v2, Value::Pointer(p) if p.is_nil() && p.ty.to_string() == "*V"));
    let mi32 = &s.field("MI32S").unwrap().value;
    assert_eq!(mi32.go_type().unwrap().to_string(), "map[int32]string");
    assert!(s.field("unexported").is_some_and(|f| !f.is_exported()));
    // The same fixture is shared, not rebuilt.
    let again = model.fixture("T").unwrap();
    let (Value::Pointer(a), Value::Pointer(b)) = (&t, &again) else {
        panic!()
    };
    assert!(std::sync::Arc::ptr_eq(
        a.target.as_ref().unwrap(),
        b.target.as_ref().unwrap()
    ));
}

#[test]
fn loads_istio_pod_fixture() {
    let file = support::load_corpus_file("istio-usage.yaml").unwrap();
    let pod = Model::new(&file).fixture("POD").unwrap();
    let Value::Struct(s) = &pod else {
        panic!("POD is not a struct")
    };
    assert_eq!(s.ty.to_string(), "SidecarTemplateData");
    let Value::Struct(meta) = &s.field("ObjectMeta").unwrap().value else {
        panic!("ObjectMeta")
    };
    let Value::Map(ann) = &meta.field("Annotations").unwrap().value else {
        panic!("Annotations")
    };
    assert_eq!(ann.go_type().to_string(), "map[string]string");
    assert_eq!(
        ann.get("traffic.sidecar.istio.io/excludeInboundPorts")
            .unwrap()
            .as_str(),
        Some("8080")
    );
}

#[test]
fn scalars_keep_their_text() {
    let doc = support::yaml::load_text(
        "a: {string: 0o52}\nb: {string: 1e+21}\nc: {float: .nan}\nd: {slice: null}\ne: 0o52\n",
    )
    .unwrap();
    assert_eq!(
        support::model::value(&doc["a"]).unwrap().as_str(),
        Some("0o52")
    );
    assert_eq!(
        support::model::value(&doc["b"]).unwrap().as_str(),
        Some("1e+21")
    );
    assert!(
        matches!(support::model::value(&doc["c"]).unwrap(), Value::Float(f, Kind::Float64) if f.is_nan())
    );
    assert!(matches!(support::model::value(&doc["d"]).unwrap(), Value::List(l) if l.is_nil()));
    assert_eq!(scalar_text(&doc["e"]).as_deref(), Some("0o52"));
}

#[test]
fn parses_go_type_names() {
    for t in [
        "[]int",
        "map[string]int",
        "*V",
        "[3]int",
        "map[int]string",
        "[]map[string]int",
        "map[interface {}]int",
        "*[]int",
        "map[string][]string",
        "func(string, string) string",
        "[]*T",
    ] {
        assert_eq!(parse_type(t).unwrap().to_string(), t);
    }
    assert_eq!(parse_type("error").unwrap().kind(), Kind::Interface);
    assert_eq!(
        parse_type("*V").unwrap().elem().unwrap().kind(),
        Kind::Struct
    );
    assert!(parse_type("map[string").is_err());
}

/// Every `data` value and fixture of every execution-style corpus file loads.
#[test]
fn every_corpus_value_loads() {
    let files = [
        "exec.yaml",
        "fmt.yaml",
        "istio-usage.yaml",
        "sprig/strings.yaml",
        "sprig/lists.yaml",
        "sprig/numeric.yaml",
        "sprig/defaults.yaml",
        "sprig/dicts.yaml",
        "sprig/encoding.yaml",
        "sprig/conversion.yaml",
        "sprig/semver.yaml",
        "sprig/reflect.yaml",
        "sprig/regex.yaml",
        "sprig/paths.yaml",
        "sprig/date.yaml",
        "sprig/crypto.yaml",
        "sprig/url.yaml",
        "sprig/flow.yaml",
    ];
    let mut loaded = 0;
    for name in files {
        let file = support::load_corpus_file(name).unwrap();
        let model = Model::new(&file);
        for case in file["cases"].as_vec().unwrap() {
            let data = &case["data"];
            if let Err(e) = model.value(data) {
                panic!("{name}: {:?}: {e}", case["name"]);
            }
            loaded += 1;
        }
    }
    assert!(loaded > 2000, "only {loaded} cases");
}
