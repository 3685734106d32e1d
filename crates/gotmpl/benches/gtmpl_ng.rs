//! gotmpl against `gtmpl-ng` (crates.io, with its `helm-functions`) on Istio's `sidecar` injection template and
//! the hello-pod context of the `sidecar` bench.
//!
//! Both engines parse once and execute many times into a reused buffer; the data is built once. gtmpl-ng gets
//! the same host data converted to its own `Value` tree (JSON objects become maps, JSON numbers `float64`
//! numbers as Go's `encoding/json` decodes them), and BENCH-ONLY stand-ins for the Istio helpers and for the
//! few Sprig functions its Helm set lacks (`join`, `nindent`). Protobuf getters (`GetTracing`, `GetValue`, the
//! enum's `String`) are function-valued fields, which gtmpl-ng calls with the receiver.
//!
//! Before measuring, both outputs are compared; the bench reports the first difference (if any) and measures
//! the largest part of the template both engines execute identically (see `docs/performance.md`).

mod common;

use std::collections::HashMap;

use common::{bench_istio_funcs, context, inputs, sidecar_template, thread_cpu_ns};
use criterion::{criterion_main, Criterion};
use gtmpl_ng::{Context, Func, FuncError, Function, Template, Value as G};

/// A JSON tree as gtmpl-ng values: objects are maps, numbers `float64`.
fn g_json(v: &serde_json::Value) -> G {
    match v {
        serde_json::Value::Null => G::Nil,
        serde_json::Value::Bool(b) => G::Bool(*b),
        serde_json::Value::Number(n) => G::from(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => G::String(s.clone()),
        serde_json::Value::Array(a) => G::Array(a.iter().map(g_json).collect()),
        serde_json::Value::Object(o) => {
            G::Map(o.iter().map(|(k, v)| (k.clone(), g_json(v))).collect())
        }
    }
}

/// A Go struct: a gtmpl-ng object with these fields.
fn g_struct(fields: Vec<(&str, G)>) -> G {
    G::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<HashMap<_, _>>(),
    )
}

/// As a JSON object converted by [`g_json`], but a struct (gtmpl-ng's `Object`).
fn g_json_struct(v: &serde_json::Value) -> G {
    match g_json(v) {
        G::Map(m) => G::Object(m),
        other => other,
    }
}

fn method(f: Func) -> G {
    G::Function(Function { f })
}

fn is_true(v: &G) -> bool {
    match v {
        G::NoValue | G::Nil => false,
        G::Bool(b) => *b,
        G::String(s) => !s.is_empty(),
        G::Object(_) | G::Function(_) => true,
        G::Map(m) => !m.is_empty(),
        G::Array(a) => !a.is_empty(),
        G::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
    }
}

/// `fmt.Sprint` of one value: a `String()` method (a function-valued `String` field) is used when present.
fn sprint(v: &G) -> Result<String, FuncError> {
    if let G::Object(o) = v {
        if let Some(G::Function(f)) = o.get("String") {
            return Ok((f.f)(std::slice::from_ref(v))?.to_string());
        }
    }
    Ok(v.to_string())
}

fn str_arg(args: &[G], i: usize) -> String {
    match args.get(i) {
        Some(G::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

fn field<'v>(v: &'v G, name: &str) -> Option<&'v G> {
    match v {
        G::Object(m) | G::Map(m) => m.get(name),
        _ => None,
    }
}

// BENCH-ONLY stand-ins (the same behaviour as the gotmpl ones in `common`).
fn annotation(a: &[G]) -> Result<G, FuncError> {
    let name = str_arg(a, 1);
    if let Some(v) = a.first().and_then(|m| field(m, "Annotations")) {
        if let Some(found) = field(v, &name) {
            return Ok(found.clone());
        }
    }
    Ok(G::String(sprint(a.get(2).unwrap_or(&G::Nil))?))
}

fn value_or_default(a: &[G]) -> Result<G, FuncError> {
    let first = a.first().cloned().unwrap_or(G::Nil);
    Ok(if is_true(&first) {
        first
    } else {
        a.get(1).cloned().unwrap_or(G::Nil)
    })
}

fn isset(a: &[G]) -> Result<G, FuncError> {
    let name = str_arg(a, 1);
    Ok(G::Bool(a.first().and_then(|m| field(m, &name)).is_some()))
}

fn print_one(a: &[G]) -> Result<G, FuncError> {
    Ok(G::String(sprint(a.first().unwrap_or(&G::Nil))?))
}

fn first_arg(a: &[G]) -> Result<G, FuncError> {
    Ok(a.first().cloned().unwrap_or(G::Nil))
}

fn second_arg(a: &[G]) -> Result<G, FuncError> {
    Ok(a.get(1).cloned().unwrap_or(G::Nil))
}

fn empty_string(_: &[G]) -> Result<G, FuncError> {
    Ok(G::String(String::new()))
}

fn star(_: &[G]) -> Result<G, FuncError> {
    Ok(G::String("*".to_string()))
}

fn nil(_: &[G]) -> Result<G, FuncError> {
    Ok(G::Nil)
}

fn to_lower(a: &[G]) -> Result<G, FuncError> {
    Ok(G::String(str_arg(a, 0).to_lowercase()))
}

fn directory(a: &[G]) -> Result<G, FuncError> {
    let p = str_arg(a, 0);
    Ok(G::String(match p.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => p[..i].to_string(),
        None => ".".to_string(),
    }))
}

/// Sprig's `join SEP LIST`.
fn join(a: &[G]) -> Result<G, FuncError> {
    let sep = str_arg(a, 0);
    let items: Vec<String> = match a.get(1) {
        Some(G::Array(items)) => items.iter().map(sprint).collect::<Result<_, _>>()?,
        Some(v) => vec![sprint(v)?],
        None => Vec::new(),
    };
    Ok(G::String(items.join(&sep)))
}

/// Sprig's `nindent N TEXT`.
fn nindent(a: &[G]) -> Result<G, FuncError> {
    let n = match a.first() {
        Some(G::Number(n)) => n.as_i64().unwrap_or(0).max(0) as usize,
        _ => 0,
    };
    let pad = " ".repeat(n);
    let text = str_arg(a, 1);
    Ok(G::String(format!(
        "\n{pad}{}",
        text.replace('\n', &format!("\n{pad}"))
    )))
}

fn get_value(_: &[G]) -> Result<G, FuncError> {
    // `HoldApplicationUntilProxyStarts` is a nil `*wrappers.BoolValue`; its getter answers false.
    Ok(G::Bool(false))
}

fn get_tracing(_: &[G]) -> Result<G, FuncError> {
    Ok(g_struct(vec![("GetTlsSettings", method(nil))]))
}

fn redirect(_: &[G]) -> Result<G, FuncError> {
    Ok(G::String("REDIRECT".to_string()))
}

fn istio_funcs() -> Vec<(&'static str, Func)> {
    vec![
        ("annotation", annotation as Func),
        ("valueOrDefault", value_or_default),
        ("isset", isset),
        ("structToJSON", print_one),
        ("protoToJSON", print_one),
        ("toYaml", print_one),
        ("omitNil", first_arg),
        ("appendMultusNetwork", second_arg),
        ("otelResourceAttributes", empty_string),
        ("excludeInboundPort", second_arg),
        ("includeInboundPorts", star),
        ("kubevirtInterfaces", first_arg),
        ("excludeInterfaces", first_arg),
        ("toLower", to_lower),
        ("directory", directory),
        ("fromJSON", nil),
        ("join", join),
        ("nindent", nindent),
    ]
}

/// The hello-pod context of the `sidecar` bench as gtmpl-ng values.
fn g_context() -> G {
    let i = inputs();
    let proxy_config = g_struct(vec![
        ("ProxyMetadata", g_json(i.proxy_metadata)),
        (
            "InterceptionMode",
            g_struct(vec![("String", method(redirect))]),
        ),
        (
            "HoldApplicationUntilProxyStarts",
            g_struct(vec![("GetValue", method(get_value))]),
        ),
        (
            "DiscoveryAddress",
            G::String("istiod.istio-system.svc:15012".into()),
        ),
        ("GetTracing", method(get_tracing)),
    ]);
    g_struct(vec![
        ("TypeMeta", g_json_struct(i.type_meta)),
        ("DeploymentMeta", g_json_struct(i.deployment_meta)),
        ("ObjectMeta", g_json_struct(i.object_meta)),
        ("Spec", g_json_struct(i.spec)),
        ("ProxyConfig", proxy_config),
        ("MeshConfig", g_json_struct(i.mesh)),
        ("Values", g_json(i.values)),
        ("Revision", G::String("default".into())),
        (
            "ProxyImage",
            G::String("docker.io/istio/proxyv2:latest".into()),
        ),
        (
            "ProxyInitImage",
            G::String("docker.io/istio/proxyv2:latest".into()),
        ),
        ("ProxyUID", G::from(1337i64)),
        ("ProxyGID", G::from(1337i64)),
        ("NativeSidecars", G::Bool(false)),
        ("CompliancePolicy", G::String(String::new())),
        ("InboundTrafficPolicyMode", G::String(String::new())),
    ])
}

fn gtmpl_template(text: &str) -> Result<Template, String> {
    let mut t = Template::default();
    t.add_funcs(gtmpl_ng::helm_functions::HELM_FUNCTIONS);
    t.add_funcs(&istio_funcs());
    t.parse(text).map_err(|e| format!("parse: {e}"))?;
    Ok(t)
}

fn gtmpl_run(t: &Template, ctx: &Context, out: &mut Vec<u8>) -> Result<(), String> {
    out.clear();
    t.execute(out, ctx).map_err(|e| format!("execute: {e}"))
}

fn gotmpl_template(text: &str) -> gotmpl::Templates {
    let mut funcs = gotmpl::sprig::funcs();
    funcs.extend(&bench_istio_funcs());
    let mut t = gotmpl::Templates::with_funcs(&funcs);
    t.parse("sidecar", text)
        .unwrap_or_else(|e| panic!("gotmpl parse: {e}"));
    t
}

/// The lines where two outputs differ, as `line N: ours | theirs` (the outputs have the same number of lines
/// when the engines agree on control flow).
fn differences(ours: &str, theirs: &str) -> Vec<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), theirs.lines().collect());
    let mut diffs = Vec::new();
    for n in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(n), b.get(n));
        if x != y {
            diffs.push(format!(
                "line {}: gotmpl {:?} | gtmpl-ng {:?}",
                n + 1,
                x.unwrap_or(&"<end>"),
                y.unwrap_or(&"<end>")
            ));
        }
    }
    diffs
}

/// Mean on-CPU microseconds of `n` runs of `f`.
fn on_cpu_us(n: u64, mut f: impl FnMut()) -> Option<f64> {
    let start = thread_cpu_ns()?;
    for _ in 0..n {
        f();
    }
    let end = thread_cpu_ns()?;
    Some((end - start) as f64 / n as f64 / 1000.0)
}

fn bench(c: &mut Criterion) {
    let text = sidecar_template();
    let ours = gotmpl_template(&text);
    let data = context();
    let mut out = String::with_capacity(16 * 1024);
    ours.execute("sidecar", &data, &mut out)
        .unwrap_or_else(|e| panic!("gotmpl execute: {e}"));

    let ctx = Context::from(g_context());
    let mut gout = Vec::with_capacity(16 * 1024);
    let theirs = gtmpl_template(&text).and_then(|t| gtmpl_run(&t, &ctx, &mut gout).map(|()| t));
    match &theirs {
        Ok(_) => {
            let g = String::from_utf8_lossy(&gout);
            let diffs = differences(&out, &g);
            println!(
                "gtmpl-ng output: {} of {} lines differ from gotmpl's ({} vs {} bytes)",
                diffs.len(),
                out.lines().count(),
                out.len(),
                g.len()
            );
            for d in &diffs {
                println!("  {d}");
            }
        }
        Err(e) => println!("gtmpl-ng cannot run the sidecar template: {e}"),
    }

    // On a shared machine wall-clock numbers include time spent descheduled; report on-CPU time as well.
    const N: u64 = 1000;
    let ours_cpu = on_cpu_us(N, || {
        out.clear();
        let r = ours.execute("sidecar", &data, &mut out);
        std::hint::black_box(&r);
    });
    if let Some(us) = ours_cpu {
        println!("gotmpl: {us:.2} µs on-CPU per execution (mean of {N})");
    }
    if let Ok(t) = &theirs {
        let theirs_cpu = on_cpu_us(N, || {
            let r = gtmpl_run(t, &ctx, &mut gout);
            std::hint::black_box(&r);
        });
        if let Some(us) = theirs_cpu {
            println!("gtmpl-ng: {us:.2} µs on-CPU per execution (mean of {N})");
            if let Some(o) = ours_cpu {
                println!("gtmpl-ng / gotmpl on-CPU: {:.2}x", us / o);
            }
        }
    }

    let mut group = c.benchmark_group("sidecar template");
    group.bench_function("gotmpl", |b| {
        b.iter(|| {
            out.clear();
            let r = ours.execute("sidecar", &data, &mut out);
            std::hint::black_box(&r);
        })
    });
    if let Ok(t) = &theirs {
        group.bench_function("gtmpl-ng", |b| {
            b.iter(|| {
                let r = gtmpl_run(t, &ctx, &mut gout);
                std::hint::black_box(&r);
            })
        });
    }
    group.finish();
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
