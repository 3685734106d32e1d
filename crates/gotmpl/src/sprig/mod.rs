//! The Sprig v3.3.0 function library (`sprig.TxtFuncMap()`), with Go's exact behaviour.
//!
//! Each module implements one Sprig category and installs its functions with `register`; [`register`] installs
//! them all. Shared Go conversion rules live in [`cast`] and Go's number parsing in [`parse`].

pub mod cast;
mod certs;
mod conversion;
mod crypto;
mod date;
mod decimal;
mod defaults;
mod dicts;
mod encoding;
mod env;
mod flow;
mod gotime;
mod json;
mod lists;
mod network;
mod numeric;
pub mod parse;
mod paths;
mod random;
mod reflect;
mod regex;
mod semver;
mod strings;
mod url;
mod util;

use crate::func::FuncMap;

/// Installs every Sprig function into `map`, replacing same-named entries.
pub fn register(map: &mut FuncMap) {
    strings::register(map);
    conversion::register(map);
    defaults::register(map);
    dicts::register(map);
    encoding::register(map);
    lists::register(map);
    certs::register(map);
    crypto::register(map);
    date::register(map);
    env::register(map);
    flow::register(map);
    network::register(map);
    random::register(map);
    numeric::register(map);
    paths::register(map);
    reflect::register(map);
    regex::register(map);
    semver::register(map);
    url::register(map);
    for name in NONDETERMINISTIC {
        if let Some(f) = map.get(name) {
            let marked = f.clone().nondeterministic();
            map.insert(*name, marked);
        }
    }
}

/// The Sprig functions whose result can differ between calls with equal arguments: they read the clock (the
/// date functions fall back to now for an argument that is not a time), a random source, or the resolver.
const NONDETERMINISTIC: &[&str] = &[
    "now",
    "ago",
    "date",
    "dateInZone",
    "date_in_zone",
    "htmlDate",
    "htmlDateInZone",
    "durationRound",
    "randAlphaNum",
    "randAlpha",
    "randNumeric",
    "randAscii",
    "randInt",
    "randBytes",
    "shuffle",
    "uuidv4",
    "encryptAES",
    "bcrypt",
    "htpasswd",
    "genPrivateKey",
    "genCA",
    "genCAWithKey",
    "genSelfSignedCert",
    "genSelfSignedCertWithKey",
    "genSignedCert",
    "genSignedCertWithKey",
    "getHostByName",
];

/// A function map holding exactly the Sprig functions.
pub fn funcs() -> FuncMap {
    let mut map = FuncMap::new();
    register(&mut map);
    map
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn clock_random_and_network_functions_are_marked() {
        let map = funcs();
        for name in NONDETERMINISTIC {
            let f = map.get(name);
            assert!(f.is_some(), "{name} is not a Sprig function");
            assert!(!f.unwrap().is_deterministic(), "{name} is not marked");
        }
        for name in ["upper", "toDate", "dateModify", "sha256sum", "env", "list"] {
            assert!(map.get(name).unwrap().is_deterministic(), "{name}");
        }
    }
}
