//! Sprig's environment functions (depend on the process environment): `env` (Go's `os.Getenv`) and
//! `expandenv` (Go's `os.ExpandEnv`: `$NAME`, `${NAME}` and the shell's special one-character names).

use crate::func::{Func, FuncMap, Signature};
use crate::value::{GoType, Value};

/// Go's `os.Getenv`: the variable's value, empty when unset.
fn getenv(name: &str) -> String {
    std::env::var_os(name)
        .map(|v| v.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_shell_special(c: u8) -> bool {
    matches!(
        c,
        b'*' | b'#' | b'$' | b'@' | b'!' | b'?' | b'-' | b'0'..=b'9'
    )
}

fn is_name_char(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

/// Go's `getShellName`: the variable name after a `$` and how many bytes it used.
fn shell_name(s: &str) -> (&str, usize) {
    let b = s.as_bytes();
    if b[0] == b'{' {
        if b.len() > 2 && is_shell_special(b[1]) && b[2] == b'}' {
            return (&s[1..2], 3);
        }
        return match s[1..].find('}') {
            Some(0) => ("", 2),
            Some(i) => (&s[1..=i], i + 2),
            None => ("", 1),
        };
    }
    if is_shell_special(b[0]) {
        return (&s[..1], 1);
    }
    let n = b.iter().take_while(|&&c| is_name_char(c)).count();
    (&s[..n], n)
}

/// Go's `os.Expand` with `mapping`.
pub(crate) fn expand(s: &str, mapping: impl Fn(&str) -> String) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut i, mut j) = (0usize, 0usize);
    while j < b.len() {
        if b[j] == b'$' && j + 1 < b.len() {
            out.push_str(&s[i..j]);
            let (name, w) = shell_name(&s[j + 1..]);
            if name.is_empty() && w == 0 {
                out.push('$');
            } else if !name.is_empty() {
                out.push_str(&mapping(name));
            }
            j += w;
            i = j + 1;
        }
        j += 1;
    }
    out.push_str(s.get(i..).unwrap_or_default());
    out
}

/// Registers `env` and `expandenv`.
pub(crate) fn register(map: &mut FuncMap) {
    let sig = || Signature::new(vec![GoType::string()], GoType::string());
    map.insert(
        "env",
        Func::new(sig(), |a| {
            Ok(Value::string(getenv(
                a.first().and_then(Value::as_str).unwrap_or_default(),
            )))
        }),
    );
    map.insert(
        "expandenv",
        Func::new(sig(), |a| {
            let s = a.first().and_then(Value::as_str).unwrap_or_default();
            Ok(Value::string(expand(s, getenv)))
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn expands_like_go() {
        let m = |n: &str| format!("<{n}>");
        assert_eq!(expand("a $HOME b", m), "a <HOME> b");
        assert_eq!(expand("${A}x$1$$", m), "<A>x<1><$>");
        assert_eq!(expand("${}x", m), "x");
        assert_eq!(expand("${x", m), "x");
        assert_eq!(expand("$ x$", m), "$ x$");
        assert_eq!(expand("${@}", m), "<@>");
        assert_eq!(expand("é$é", m), "é$é");
    }
}
