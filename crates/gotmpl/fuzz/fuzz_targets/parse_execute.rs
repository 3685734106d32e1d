//! Fuzzes `Templates::parse` followed by `Templates::execute` on a fixed JSON context.
//!
//! Input: the template text (invalid UTF-8 is replaced). Functions whose cost grows with an argument
//! (`repeat`, `until`, key generation, …) or that read the environment are left out so that a run measures
//! robustness, not the size of an allocation requested by the input.
#![no_main]

use std::sync::OnceLock;

use gotmpl::{FuncMap, Templates, Value};
use libfuzzer_sys::fuzz_target;

/// Functions excluded from the fuzzed map: unbounded work/allocation driven by an argument, slow key
/// derivation, or host environment access.
const EXCLUDED: &[&str] = &[
    "repeat", "until", "untilStep", "seq", "randAlpha", "randAlphaNum", "randAscii", "randNumeric",
    "randBytes", "genPrivateKey", "genCA", "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey",
    "genSignedCert", "genSignedCertWithKey", "bcrypt", "htpasswd", "derivePassword", "env", "expandenv",
    "indent", "nindent", "abbrev", "abbrevboth", "wrap", "wrapWith", "fail", "now", "date_in_zone",
];

struct Fixture {
    funcs: FuncMap,
    data: serde_json::Value,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let all = gotmpl::sprig::funcs();
        let mut funcs = FuncMap::new();
        for name in all.names() {
            if !EXCLUDED.contains(&name) {
                if let Some(f) = all.get(name) {
                    funcs.insert(name, f.clone());
                }
            }
        }
        let data = serde_json::json!({
            "Name": "hello", "N": 3, "F": 1.5, "B": true, "Nil": null,
            "List": [1, "two", 3.0, false, null, {"k": "v"}],
            "Map": {"a": 1, "b": [1, 2], "c": {"d": "e"}, "": "empty"},
        });
        Fixture { funcs, data }
    })
}

fuzz_target!(|input: &[u8]| {
    if input.len() > 4096 {
        return;
    }
    let text = String::from_utf8_lossy(input);
    let fx = fixture();
    let mut t = Templates::with_funcs(&fx.funcs);
    if t.parse("fuzz", &text).is_err() {
        return;
    }
    let data = Value::from_json(&fx.data);
    let mut out = String::new();
    let _ = t.execute("fuzz", &data, &mut out);
});
