//! Sprig path functions: `base`, `dir`, `clean`, `ext`, `isAbs` (Go's `path`) and `osBase`, `osDir`,
//! `osClean`, `osExt`, `osIsAbs` (Go's `path/filepath`, which on Linux behaves exactly like `path`).

use crate::func::{Func, FuncMap, Signature};
use crate::value::{GoType, Value};

/// Go's `path.Clean`: the shortest equivalent path, by purely lexical processing.
pub(crate) fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    // Leading `..` elements of a relative path that cannot be cancelled.
    let mut dotdots = 0usize;
    for elem in path.split('/') {
        match elem {
            "" | "." => {}
            ".." => {
                if parts.len() > dotdots {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                    dotdots += 1;
                }
            }
            e => parts.push(e),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Go's `path.Base`: the last element, trailing slashes removed.
pub(crate) fn base(path: &str) -> &str {
    if path.is_empty() {
        return ".";
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/";
    }
    match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

/// Go's `path.Dir`: all but the last element, cleaned.
pub(crate) fn dir(path: &str) -> String {
    let cut = path.rfind('/').map_or(0, |i| i + 1);
    clean(&path[..cut])
}

/// Go's `path.Ext`: the suffix from the final dot of the last element.
pub(crate) fn ext(path: &str) -> &str {
    for (i, c) in path.bytes().enumerate().rev() {
        match c {
            b'/' => break,
            b'.' => return &path[i..],
            _ => {}
        }
    }
    ""
}

fn string_fn(f: fn(&str) -> String) -> Func {
    Func::new(
        Signature::new(vec![GoType::string()], GoType::string()),
        move |args| {
            let s = args.first().and_then(Value::as_str).unwrap_or_default();
            Ok(Value::string(f(s)))
        },
    )
}

fn is_abs_fn() -> Func {
    Func::new(
        Signature::new(vec![GoType::string()], GoType::bool()),
        |args| {
            let s = args.first().and_then(Value::as_str).unwrap_or_default();
            Ok(Value::Bool(s.starts_with('/')))
        },
    )
}

/// Registers the path functions.
pub(crate) fn register(map: &mut FuncMap) {
    for prefix in ["", "os"] {
        let name = |n: &str| {
            if prefix.is_empty() {
                n.to_string()
            } else {
                format!("{prefix}{}{}", n[..1].to_uppercase(), &n[1..])
            }
        };
        map.insert(name("base"), string_fn(|s| base(s).to_string()));
        map.insert(name("dir"), string_fn(dir));
        map.insert(name("clean"), string_fn(clean));
        map.insert(name("ext"), string_fn(|s| ext(s).to_string()));
        map.insert(name("isAbs"), is_abs_fn());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn clean_matches_go() {
        for (input, want) in [
            ("", "."),
            ("/foo/../foo/../bar", "/bar"),
            ("a//b/../c/.", "a/c"),
            ("../../a/..", "../.."),
            ("/..", "/"),
            ("a/..", "."),
            ("./a/", "a"),
            ("//a//b//", "/a/b"),
        ] {
            assert_eq!(clean(input), want, "clean({input:?})");
        }
    }

    #[test]
    fn base_dir_ext_match_go() {
        assert_eq!(base(""), ".");
        assert_eq!(base("/"), "/");
        assert_eq!(base("a/b/"), "b");
        assert_eq!(dir("/a/b/"), "/a/b");
        assert_eq!(dir("b.txt"), ".");
        assert_eq!(dir("/a"), "/");
        assert_eq!(ext("a/b.tar.gz"), ".gz");
        assert_eq!(ext("a.b/c"), "");
    }

    #[test]
    fn registers_os_variants() {
        let mut m = FuncMap::new();
        register(&mut m);
        let r = m
            .get("osDir")
            .unwrap()
            .call(&[Value::str("foo/bar/baz")])
            .unwrap();
        assert_eq!(r.as_str(), Some("foo/bar"));
        let r = m.get("osIsAbs").unwrap().call(&[Value::str("/x")]).unwrap();
        assert!(matches!(r, Value::Bool(true)));
    }
}
