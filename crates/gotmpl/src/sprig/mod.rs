//! The Sprig v3 function library (`github.com/Masterminds/sprig/v3` `TxtFuncMap`).

mod date;
mod flow;
mod gotime;
mod paths;
mod quote;
mod reflect;
mod regex;
mod semver;
mod url;

use crate::func::FuncMap;

/// Installs the Sprig functions implemented so far into `map`.
pub fn register(map: &mut FuncMap) {
    date::register(map);
    flow::register(map);
    paths::register(map);
    reflect::register(map);
    regex::register(map);
    semver::register(map);
    url::register(map);
}

/// A new map holding the Sprig functions.
pub fn funcs() -> FuncMap {
    let mut m = FuncMap::new();
    register(&mut m);
    m
}
