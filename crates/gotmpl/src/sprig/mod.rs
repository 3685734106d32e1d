//! The Sprig v3.3.0 function library (`sprig.TxtFuncMap()`), with Go's exact behaviour.
//!
//! Each module implements one Sprig category and installs its functions with `register`; [`register`] installs
//! them all. Shared Go conversion rules live in [`cast`] and Go's number parsing in [`parse`].

pub mod cast;
mod conversion;
mod defaults;
mod dicts;
mod encoding;
mod json;
mod lists;
pub mod parse;
mod strings;
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
}

/// A function map holding exactly the Sprig functions.
pub fn funcs() -> FuncMap {
    let mut map = FuncMap::new();
    register(&mut map);
    map
}
