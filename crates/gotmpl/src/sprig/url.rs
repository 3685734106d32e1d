//! Sprig `urlParse` and `urlJoin`, built on a port of the parts of Go's `net/url` they use: `url.Parse`
//! (scheme, opaque data, authority with user info, host and port checks, percent-decoding) and `URL.String`
//! (Go's per-component escaping).

use std::collections::BTreeMap;

use crate::func::{Func, FuncError, FuncMap, Signature};
use crate::value::{GoType, Key, Value};

use crate::fmt::quote;

/// Go's `net/url` encoding modes (which characters a component keeps unescaped).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    Zone,
    UserPassword,
    QueryComponent,
    Fragment,
}

fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if matches!(mode, Mode::Host | Mode::Zone)
        && matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        )
    {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => match mode {
            Mode::Path => return c == b'?',
            Mode::UserPassword => return matches!(c, b'@' | b'/' | b'?' | b':'),
            Mode::QueryComponent => return true,
            Mode::Fragment => return false,
            Mode::Host | Mode::Zone => {}
        },
        _ => {}
    }
    !(mode == Mode::Fragment && matches!(c, b'!' | b'(' | b')' | b'*'))
}

fn unhex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c.wrapping_sub(b'A').wrapping_add(10),
    }
}

/// Go's `url.unescape`; errors are Go's `EscapeError`/`InvalidHostError` texts.
fn unescape(s: &str, mode: Mode) -> Result<String, String> {
    let b = s.as_bytes();
    let mut n = 0;
    let mut has_plus = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                n += 1;
                if i + 2 >= b.len()
                    || !b[i + 1].is_ascii_hexdigit()
                    || !b[i + 2].is_ascii_hexdigit()
                {
                    let end = (i + 3).min(b.len());
                    return Err(escape_error(&b[i..end]));
                }
                let v = (unhex(b[i + 1]) << 4) | unhex(b[i + 2]);
                if mode == Mode::Host && unhex(b[i + 1]) < 8 && &b[i..i + 3] != b"%25" {
                    return Err(escape_error(&b[i..i + 3]));
                }
                if mode == Mode::Zone
                    && &b[i..i + 3] != b"%25"
                    && v != b' '
                    && should_escape(v, Mode::Host)
                {
                    return Err(escape_error(&b[i..i + 3]));
                }
                i += 3;
            }
            b'+' => {
                has_plus = mode == Mode::QueryComponent;
                i += 1;
            }
            c => {
                if matches!(mode, Mode::Host | Mode::Zone) && c < 0x80 && should_escape(c, mode) {
                    return Err(format!(
                        "invalid character {} in host name",
                        quote(&(c as char).to_string())
                    ));
                }
                i += 1;
            }
        }
    }
    if n == 0 && !has_plus {
        return Ok(s.to_string());
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                out.push((unhex(b[i + 1]) << 4) | unhex(b[i + 2]));
                i += 3;
            }
            b'+' if mode == Mode::QueryComponent => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    // Decoded bytes may not be UTF-8; Go strings can hold them, ours show them as U+FFFD.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn escape_error(bytes: &[u8]) -> String {
    format!(
        "invalid URL escape {}",
        quote(&String::from_utf8_lossy(bytes))
    )
}

/// Go's `url.escape`.
fn escape(s: &str, mode: Mode) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        if c == b' ' && mode == Mode::QueryComponent {
            out.push('+');
        } else if should_escape(c, mode) {
            out.push('%');
            out.push(HEX[(c >> 4) as usize] as char);
            out.push(HEX[(c & 15) as usize] as char);
        } else {
            out.push(c as char);
        }
    }
    out
}

/// User name and optional password.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Userinfo {
    username: String,
    password: Option<String>,
}

impl Userinfo {
    /// Go's `Userinfo.String`.
    fn to_url_string(&self) -> String {
        let mut s = escape(&self.username, Mode::UserPassword);
        if let Some(p) = &self.password {
            s.push(':');
            s.push_str(&escape(p, Mode::UserPassword));
        }
        s
    }
}

/// Go's `url.URL` (the fields Sprig uses).
#[derive(Debug, Clone, Default)]
struct Url {
    scheme: String,
    opaque: String,
    user: Option<Userinfo>,
    host: String,
    path: String,
    raw_path: String,
    omit_host: bool,
    force_query: bool,
    raw_query: String,
    fragment: String,
    raw_fragment: String,
}

fn valid_optional_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => digits.bytes().all(|b| b.is_ascii_digit()),
    }
}

fn valid_userinfo(s: &str) -> bool {
    s.chars().all(|r| {
        r.is_ascii_alphanumeric()
            || matches!(
                r,
                '-' | '.'
                    | '_'
                    | ':'
                    | '~'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | '%'
                    | '@'
            )
    })
}

fn valid_encoded(s: &str, mode: Mode) -> bool {
    s.bytes().all(|c| {
        matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'['
                | b']'
                | b'%'
        ) || !should_escape(c, mode)
    })
}

/// Go's `getScheme`.
fn get_scheme(raw: &str) -> Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                if i == 0 {
                    return Ok(("", raw));
                }
            }
            b':' => {
                if i == 0 {
                    return Err("missing protocol scheme".into());
                }
                return Ok((&raw[..i], &raw[i + 1..]));
            }
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

fn parse_host(scheme: &str, host: &str) -> Result<String, String> {
    if let Some(open) = host.rfind('[') {
        if open > 0 {
            return Err("invalid IP-literal".into());
        }
        let close = host.rfind(']').ok_or("missing ']' in host")?;
        let colon_port = &host[close + 1..];
        if !valid_optional_port(colon_port) {
            return Err(format!("invalid port {} after host", quote(colon_port)));
        }
        let colon_port = unescape(colon_port, Mode::Host)?;
        let hostname = host.get(1..close).unwrap_or("");
        let unescaped = match hostname.find("%25") {
            Some(z) => {
                unescape(&hostname[..z], Mode::Host)? + &unescape(&hostname[z..], Mode::Zone)?
            }
            None => unescape(hostname, Mode::Host)?,
        };
        let addr_part = unescaped.split('%').next().unwrap_or("");
        match addr_part.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V6(_)) => {}
            Ok(std::net::IpAddr::V4(_)) => return Err("invalid IP-literal".into()),
            Err(_) => {
                return Err(format!(
                    "invalid host: ParseAddr({}): unable to parse IP",
                    quote(&unescaped)
                ))
            }
        }
        return Ok(format!("[{unescaped}]{colon_port}"));
    }
    if let Some(first) = host.find(':') {
        let last = host.rfind(':').unwrap_or(first);
        // Go's strict colon rule: for http(s) the port starts at the first colon.
        let i = if last != first && !(scheme == "http" || scheme == "https") {
            last
        } else {
            first
        };
        let colon_port = &host[i..];
        if !valid_optional_port(colon_port) {
            return Err(format!("invalid port {} after host", quote(colon_port)));
        }
    }
    unescape(host, Mode::Host)
}

fn parse_authority(scheme: &str, authority: &str) -> Result<(Option<Userinfo>, String), String> {
    let at = authority.rfind('@');
    let host = parse_host(scheme, at.map_or(authority, |i| &authority[i + 1..]))?;
    let Some(at) = at else {
        return Ok((None, host));
    };
    let info = &authority[..at];
    if !valid_userinfo(info) {
        return Err("net/url: invalid userinfo".into());
    }
    let user = match info.split_once(':') {
        None => Userinfo {
            username: unescape(info, Mode::UserPassword)?,
            password: None,
        },
        Some((u, p)) => Userinfo {
            username: unescape(u, Mode::UserPassword)?,
            password: Some(unescape(p, Mode::UserPassword)?),
        },
    };
    Ok((Some(user), host))
}

impl Url {
    /// Go's `url.Parse`; the error is Go's `*url.Error` text.
    fn parse(raw: &str) -> Result<Url, String> {
        let (u, frag) = raw.split_once('#').unwrap_or((raw, ""));
        let mut url = Url::parse_no_fragment(u).map_err(|e| format!("parse {}: {e}", quote(u)))?;
        if !frag.is_empty() {
            url.fragment =
                unescape(frag, Mode::Fragment).map_err(|e| format!("parse {}: {e}", quote(raw)))?;
            url.raw_fragment = if escape(&url.fragment, Mode::Fragment) == frag {
                String::new()
            } else {
                frag.to_string()
            };
        }
        Ok(url)
    }

    fn parse_no_fragment(raw: &str) -> Result<Url, String> {
        if raw.bytes().any(|b| b < b' ' || b == 0x7f) {
            return Err("net/url: invalid control character in URL".into());
        }
        let mut url = Url::default();
        if raw == "*" {
            url.path = "*".into();
            return Ok(url);
        }
        let (scheme, mut rest) = get_scheme(raw)?;
        url.scheme = scheme.to_ascii_lowercase();
        if rest.ends_with('?') && rest.matches('?').count() == 1 {
            url.force_query = true;
            rest = &rest[..rest.len() - 1];
        } else if let Some((r, q)) = rest.split_once('?') {
            url.raw_query = q.to_string();
            rest = r;
        }
        if !rest.starts_with('/') {
            if !url.scheme.is_empty() {
                url.opaque = rest.to_string();
                return Ok(url);
            }
            if rest.split('/').next().is_some_and(|seg| seg.contains(':')) {
                return Err("first path segment in URL cannot contain colon".into());
            }
        }
        if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
            let authority_and_path = &rest[2..];
            let (authority, path) = match authority_and_path.find('/') {
                Some(i) => (&authority_and_path[..i], &authority_and_path[i..]),
                None => (authority_and_path, ""),
            };
            let (user, host) = parse_authority(&url.scheme, authority)?;
            url.user = user;
            url.host = host;
            rest = path;
        } else if !url.scheme.is_empty() && rest.starts_with('/') {
            url.omit_host = true;
        }
        url.path = unescape(rest, Mode::Path)?;
        url.raw_path = if escape(&url.path, Mode::Path) == rest {
            String::new()
        } else {
            rest.to_string()
        };
        Ok(url)
    }

    fn escaped_path(&self) -> String {
        if !self.raw_path.is_empty()
            && valid_encoded(&self.raw_path, Mode::Path)
            && unescape(&self.raw_path, Mode::Path).is_ok_and(|p| p == self.path)
        {
            return self.raw_path.clone();
        }
        if self.path == "*" {
            return "*".into();
        }
        escape(&self.path, Mode::Path)
    }

    fn escaped_fragment(&self) -> String {
        if !self.raw_fragment.is_empty()
            && valid_encoded(&self.raw_fragment, Mode::Fragment)
            && unescape(&self.raw_fragment, Mode::Fragment).is_ok_and(|f| f == self.fragment)
        {
            return self.raw_fragment.clone();
        }
        escape(&self.fragment, Mode::Fragment)
    }

    /// Go's `URL.Hostname`.
    fn hostname(&self) -> &str {
        let mut host = self.host.as_str();
        if let Some(colon) = host.rfind(':') {
            if valid_optional_port(&host[colon..]) {
                host = &host[..colon];
            }
        }
        match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            Some(h) => h,
            None => host,
        }
    }

    /// Go's `URL.String`.
    fn to_url_string(&self) -> String {
        let mut buf = String::new();
        if !self.scheme.is_empty() {
            buf.push_str(&self.scheme);
            buf.push(':');
        }
        if !self.opaque.is_empty() {
            buf.push_str(&self.opaque);
        } else {
            let no_user = self.user.is_none();
            let has_authority = !(self.scheme.is_empty() && self.host.is_empty() && no_user);
            let omitted = self.omit_host && self.host.is_empty() && no_user;
            if has_authority && !omitted {
                if !self.host.is_empty() || !self.path.is_empty() || self.user.is_some() {
                    buf.push_str("//");
                }
                if let Some(u) = &self.user {
                    buf.push_str(&u.to_url_string());
                    buf.push('@');
                }
                buf.push_str(&escape(&self.host, Mode::Host));
            }
            let path = self.escaped_path();
            if !path.is_empty() && !path.starts_with('/') && !self.host.is_empty() {
                buf.push('/');
            }
            if buf.is_empty() && path.split('/').next().is_some_and(|s| s.contains(':')) {
                buf.push_str("./");
            }
            buf.push_str(&path);
        }
        if self.force_query || !self.raw_query.is_empty() {
            buf.push('?');
            buf.push_str(&self.raw_query);
        }
        if !self.fragment.is_empty() {
            buf.push('#');
            buf.push_str(&self.escaped_fragment());
        }
        buf
    }
}

fn url_parse<'a>(s: &str) -> Result<Value<'a>, FuncError> {
    let u = Url::parse(s).map_err(|e| FuncError::new(format!("unable to parse url: {e}")))?;
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        m.insert(Key::from(k), Value::string(v));
    };
    put("scheme", &u.scheme);
    put("host", &u.host);
    put("hostname", u.hostname());
    put("path", &u.path);
    put("query", &u.raw_query);
    put("opaque", &u.opaque);
    put("fragment", &u.fragment);
    put(
        "userinfo",
        &u.user
            .as_ref()
            .map(Userinfo::to_url_string)
            .unwrap_or_default(),
    );
    Ok(Value::map(m))
}

/// Sprig's `dictGetOrEmpty`: the string under `key`, "" when absent, a failure for other kinds.
fn dict_string(d: &Value<'_>, key: &str) -> Result<String, FuncError> {
    let Value::Map(m) = d else {
        return Ok(String::new());
    };
    match m.get(key) {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.to_string()),
        Some(Value::Nil) => Err(FuncError::new(
            "runtime error: invalid memory address or nil pointer dereference",
        )),
        Some(other) => Err(FuncError::new(format!(
            "unable to parse {key} key, must be of type string, but {} found",
            other.kind().name()
        ))),
    }
}

fn url_join(d: &Value<'_>) -> Result<String, FuncError> {
    let mut u = Url {
        scheme: dict_string(d, "scheme")?,
        host: dict_string(d, "host")?,
        path: dict_string(d, "path")?,
        raw_query: dict_string(d, "query")?,
        opaque: dict_string(d, "opaque")?,
        fragment: dict_string(d, "fragment")?,
        ..Url::default()
    };
    let userinfo = dict_string(d, "userinfo")?;
    if !userinfo.is_empty() {
        let temp = Url::parse(&format!("proto://{userinfo}@host"))
            .map_err(|e| FuncError::new(format!("unable to parse userinfo in dict: {e}")))?;
        u.user = temp.user;
    }
    Ok(u.to_url_string())
}

/// Registers `urlParse` and `urlJoin`.
pub(crate) fn register(map: &mut FuncMap) {
    map.insert(
        "urlParse",
        Func::new(
            Signature::new(vec![GoType::string()], GoType::map_string_interface()),
            |args| url_parse(args.first().and_then(Value::as_str).unwrap_or_default()),
        ),
    );
    map.insert(
        "urlJoin",
        Func::new(
            Signature::new(vec![GoType::map_string_interface()], GoType::string()),
            |args| {
                Ok(Value::string(url_join(
                    args.first().unwrap_or(&Value::Nil),
                )?))
            },
        ),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn parsed(s: &str) -> Vec<(String, String)> {
        let Value::Map(m) = url_parse(s).unwrap() else {
            panic!()
        };
        m.iter()
            .map(|(k, v)| (format!("{k:?}"), v.as_str().unwrap().to_string()))
            .collect()
    }

    fn field(s: &str, k: &str) -> String {
        let Value::Map(m) = url_parse(s).unwrap() else {
            panic!()
        };
        m.get(k).unwrap().as_str().unwrap().to_string()
    }

    #[test]
    fn parses_like_go() {
        assert_eq!(parsed("https://user:pw@host.io:8080/p/a?q=1#frag").len(), 8);
        assert_eq!(
            field("proto://auth@host:80/path?query#fragment", "host"),
            "host:80"
        );
        assert_eq!(field("https://host.io:8080/p", "hostname"), "host.io");
        assert_eq!(field("https://u:p@h/", "userinfo"), "u:p");
        assert_eq!(field("mailto:a@b.c", "opaque"), "a@b.c");
        assert_eq!(field("http://[::1]:80/x%20y", "hostname"), "::1");
        assert_eq!(field("http://h/x%20y#a%20b", "path"), "/x y");
        assert_eq!(field("http://h/x%20y#a%20b", "fragment"), "a b");
    }

    #[test]
    fn parse_errors_match_go() {
        let e = url_parse("%%").unwrap_err();
        assert_eq!(
            e.0,
            r#"unable to parse url: parse "%%": invalid URL escape "%%""#
        );
        let e = url_parse("http://h:x/").unwrap_err();
        assert_eq!(
            e.0,
            r#"unable to parse url: parse "http://h:x/": invalid port ":x" after host"#
        );
        let e = url_parse(":x").unwrap_err();
        assert_eq!(
            e.0,
            r#"unable to parse url: parse ":x": missing protocol scheme"#
        );
    }

    #[test]
    fn joins_like_go() {
        let d = |pairs: &[(&str, &str)]| {
            Value::map(
                pairs
                    .iter()
                    .map(|(k, v)| (Key::from(*k), Value::string(*v)))
                    .collect(),
            )
        };
        let j = |pairs: &[(&str, &str)]| url_join(&d(pairs)).unwrap();
        assert_eq!(
            j(&[
                ("fragment", "fragment"),
                ("host", "host:80"),
                ("path", "/path"),
                ("query", "query"),
                ("scheme", "proto")
            ]),
            "proto://host:80/path?query#fragment"
        );
        assert_eq!(
            j(&[
                ("scheme", "http"),
                ("host", "h"),
                ("userinfo", "u:p"),
                ("fragment", "f")
            ]),
            "http://u:p@h#f"
        );
        assert_eq!(j(&[("path", "a b"), ("fragment", "x y")]), "a%20b#x%20y");
        let bad = Value::map([(Key::from("host"), Value::int(1))].into_iter().collect());
        assert_eq!(
            url_join(&bad).unwrap_err().0,
            "unable to parse host key, must be of type string, but int found"
        );
    }
}
