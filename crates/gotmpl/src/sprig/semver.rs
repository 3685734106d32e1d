//! Sprig `semver` and `semverCompare`, with the version parsing (coercing `NewVersion`) and constraint
//! semantics of `github.com/Masterminds/semver/v3`: comparison operators, `~`, `^`, `x`/`*` wildcards, hyphen
//! ranges, `,`/space conjunctions, `||` alternatives and the prerelease exclusion rule.

use std::cmp::Ordering;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::func::{Func, FuncError, FuncMap, Signature};
use crate::value::{GoType, Kind, Object, TypeRef, Value};

use crate::fmt::quote;

const INVALID: &str = "invalid semantic version";

/// A parsed semantic version (`semver.Version`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    metadata: String,
    original: String,
}

/// Go's `\s` (ASCII white space).
const WS: &str = r"[\t\n\x0C\r ]";
/// One identifier list of a prerelease or build suffix.
const IDENTS: &str = r"[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*";

static LOOSE_VERSION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(?:-({IDENTS}))?(?:\+({IDENTS}))?$"
    ))
    .ok()
});

/// A constraint version: numeric parts may be wildcards (the `|` is accepted as the upstream grammar does).
fn constraint_version() -> String {
    let part = r"[0-9|xX*]+";
    format!(r"v?({part})(\.{part})?(\.{part})?(-{IDENTS})?(?:\+{IDENTS})?")
}

/// The comparison operators, in the upstream alternation order (it decides which operator a text matches).
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

struct ConstraintGrammar {
    single: Regex,
    find: Regex,
    valid: Regex,
    range: Regex,
}

static GRAMMAR: LazyLock<Option<ConstraintGrammar>> = LazyLock::new(|| {
    let cv = constraint_version();
    // Same grammar with no capture groups, for the whole-constraint checks.
    let cv_plain = cv.replace('(', "(?:").replace("(?:?:", "(?:");
    Some(ConstraintGrammar {
        single: Regex::new(&format!(r"^{WS}*({OPS}){WS}*({cv}){WS}*$")).ok()?,
        find: Regex::new(&format!(r"(?:{OPS}){WS}*{cv_plain}")).ok()?,
        valid: Regex::new(&format!(
            r"^{WS}*(?:{OPS}){WS}*{cv_plain}{WS}*(?:(?:{WS}+|,{WS}*)(?:{OPS}){WS}*{cv_plain}{WS}*)*$"
        ))
        .ok()?,
        range: Regex::new(&format!(r"{WS}*({cv_plain}){WS}+-{WS}+({cv_plain}){WS}*")).ok()?,
    })
});

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

fn valid_ident_chars(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn validate_prerelease(p: &str) -> Result<(), String> {
    for part in p.split('.') {
        if part.is_empty() {
            return Err("invalid prerelease string".into());
        }
        if all_digits(part) {
            if part.len() > 1 && part.starts_with('0') {
                return Err("version segment starts with 0".into());
            }
        } else if !valid_ident_chars(part) {
            return Err("invalid prerelease string".into());
        }
    }
    Ok(())
}

fn validate_metadata(m: &str) -> Result<(), String> {
    if m.split('.').any(|p| p.is_empty() || !valid_ident_chars(p)) {
        return Err("invalid metadata string".into());
    }
    Ok(())
}

fn parse_segment(s: &str) -> Result<u64, String> {
    s.parse::<u64>().map_err(|_| {
        format!(
            "error parsing version segment: strconv.ParseUint: parsing {}: value out of range",
            quote(s)
        )
    })
}

impl Version {
    /// `semver.NewVersion` (coercing mode): `v` prefix, missing minor/patch default to 0.
    pub(crate) fn parse(v: &str) -> Result<Version, String> {
        let re = LOOSE_VERSION.as_ref().ok_or(INVALID)?;
        let caps = re.captures(v).ok_or(INVALID)?;
        let group = |i: usize| caps.get(i).map_or("", |m| m.as_str());
        let major = parse_segment(group(1))?;
        let minor = match group(2) {
            "" => 0,
            s => parse_segment(&s[1..])?,
        };
        let patch = match group(3) {
            "" => 0,
            s => parse_segment(&s[1..])?,
        };
        let (pre, metadata) = (group(4), group(5));
        if !pre.is_empty() {
            validate_prerelease(pre)?;
        }
        if !metadata.is_empty() {
            validate_metadata(metadata)?;
        }
        Ok(Version {
            major,
            minor,
            patch,
            pre: pre.to_string(),
            metadata: metadata.to_string(),
            original: v.to_string(),
        })
    }

    /// Semantic version precedence (metadata ignored).
    pub(crate) fn compare(&self, o: &Version) -> Ordering {
        self.major
            .cmp(&o.major)
            .then(self.minor.cmp(&o.minor))
            .then(self.patch.cmp(&o.patch))
            .then_with(|| match (self.pre.is_empty(), o.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.pre, &o.pre),
            })
    }

    fn v_prefix(&self) -> &'static str {
        if self.original.starts_with('v') {
            "v"
        } else {
            ""
        }
    }

    fn with_original(mut self, prefix: &str) -> Version {
        self.original = format!("{prefix}{self}");
        self
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    for i in 0..pa.len().max(pb.len()) {
        let x = pa.get(i).copied().unwrap_or("");
        let y = pb.get(i).copied().unwrap_or("");
        let d = compare_pre_part(x, y);
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    match (s.parse::<u64>(), o.parse::<u64>()) {
        (Err(_), Err(_)) => {
            if s > o {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        // Numeric identifiers sort before alphanumeric ones.
        (Err(_), Ok(_)) => Ordering::Greater,
        (Ok(_), Err(_)) => Ordering::Less,
        (Ok(x), Ok(y)) => {
            if x > y {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterEqual,
    LessEqual,
    Tilde,
    Caret,
}

impl Op {
    fn from_text(s: &str) -> Option<Op> {
        Some(match s {
            "" | "=" => Op::TildeOrEqual,
            "!=" => Op::NotEqual,
            ">" => Op::Greater,
            "<" => Op::Less,
            ">=" | "=>" => Op::GreaterEqual,
            "<=" | "=<" => Op::LessEqual,
            "~" | "~>" => Op::Tilde,
            "^" => Op::Caret,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
struct Constraint {
    op: Op,
    con: Version,
    minor_dirty: bool,
    patch_dirty: bool,
    dirty: bool,
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "X" | "*")
}

impl Constraint {
    fn parse(text: &str, g: &ConstraintGrammar) -> Result<Constraint, String> {
        let caps = g
            .single
            .captures(text)
            .ok_or_else(|| format!("improper constraint: {}", quote(text)))?;
        let group = |i: usize| caps.get(i).map_or("", |m| m.as_str());
        let op = Op::from_text(group(1)).ok_or("constraint parser error")?;
        let (major, minor, patch, pre) = (group(3), group(4), group(5), group(6));
        let (mut minor_dirty, mut patch_dirty, mut dirty) = (false, false, false);
        let ver = if is_x(major) || major.is_empty() {
            dirty = true;
            format!("0.0.0{pre}")
        } else if minor.is_empty() || is_x(&minor[1..]) {
            minor_dirty = true;
            dirty = true;
            format!("{major}.0.0{pre}")
        } else if patch.is_empty() || is_x(&patch[1..]) {
            dirty = true;
            patch_dirty = true;
            format!("{major}{minor}.0{pre}")
        } else {
            group(2).to_string()
        };
        let con = Version::parse(&ver).map_err(|_| "constraint parser error".to_string())?;
        Ok(Constraint {
            op,
            con,
            minor_dirty,
            patch_dirty,
            dirty,
        })
    }

    fn check(&self, v: &Version, include_pre: bool) -> bool {
        if !v.pre.is_empty() && !include_pre {
            return false;
        }
        let c = &self.con;
        match self.op {
            Op::NotEqual => {
                if self.dirty {
                    if c.major != v.major {
                        return true;
                    }
                    if c.minor != v.minor && !self.minor_dirty {
                        return true;
                    } else if self.minor_dirty {
                        return false;
                    } else if c.patch != v.patch && !self.patch_dirty {
                        return true;
                    } else if self.patch_dirty {
                        if !v.pre.is_empty() || !c.pre.is_empty() {
                            return compare_prerelease(&v.pre, &c.pre) != Ordering::Equal;
                        }
                        return false;
                    }
                }
                v.compare(c) != Ordering::Equal
            }
            Op::Greater => {
                if !self.dirty {
                    return v.compare(c) == Ordering::Greater;
                }
                if v.major != c.major {
                    return v.major > c.major;
                }
                if self.minor_dirty {
                    return false;
                }
                if self.patch_dirty {
                    return v.minor > c.minor;
                }
                v.compare(c) == Ordering::Greater
            }
            Op::Less => v.compare(c) == Ordering::Less,
            Op::GreaterEqual => v.compare(c) != Ordering::Less,
            Op::LessEqual => {
                if !self.dirty {
                    return v.compare(c) != Ordering::Greater;
                }
                if v.major > c.major {
                    return false;
                }
                !(v.major == c.major && v.minor > c.minor && !self.minor_dirty)
            }
            Op::Tilde => self.tilde(v),
            Op::TildeOrEqual => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.compare(c) == Ordering::Equal
                }
            }
            Op::Caret => {
                if v.compare(c) == Ordering::Less {
                    return false;
                }
                if c.major > 0 || self.minor_dirty {
                    return v.major == c.major;
                }
                if v.major > 0 {
                    return false;
                }
                if c.minor > 0 || self.patch_dirty {
                    return v.minor == c.minor;
                }
                if v.minor > 0 {
                    return false;
                }
                c.patch == v.patch
            }
        }
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        if v.major != c.major {
            return false;
        }
        v.minor == c.minor || self.minor_dirty
    }
}

/// `semver.Constraints`: alternatives (`||`) of conjunctions.
struct Constraints {
    alternatives: Vec<(Vec<Constraint>, bool)>,
}

impl Constraints {
    /// `semver.NewConstraint`.
    fn parse(text: &str) -> Result<Constraints, String> {
        let g = GRAMMAR.as_ref().ok_or("constraint parser error")?;
        let rewritten = rewrite_ranges(text, g);
        let mut alternatives = Vec::new();
        for alt in rewritten.split("||") {
            if !g.valid.is_match(alt) {
                return Err(format!("improper constraint: {}", quote(alt)));
            }
            let found: Vec<&str> = g.find.find_iter(alt).map(|m| m.as_str()).collect();
            let parts = if found.is_empty() { vec![alt] } else { found };
            let mut conj = Vec::with_capacity(parts.len());
            let mut has_pre = false;
            for p in parts {
                let c = if p.is_empty() {
                    Constraint {
                        op: Op::TildeOrEqual,
                        con: Version::parse("0.0.0")?,
                        minor_dirty: false,
                        patch_dirty: false,
                        dirty: true,
                    }
                } else {
                    Constraint::parse(p, g)?
                };
                has_pre |= !c.con.pre.is_empty();
                conj.push(c);
            }
            alternatives.push((conj, has_pre));
        }
        Ok(Constraints { alternatives })
    }

    /// `Constraints.Check`.
    fn check(&self, v: &Version) -> bool {
        self.alternatives
            .iter()
            .any(|(conj, has_pre)| conj.iter().all(|c| c.check(v, *has_pre)))
    }
}

/// Rewrites hyphen ranges `a - b` as `>= a, <= b `.
fn rewrite_ranges(text: &str, g: &ConstraintGrammar) -> String {
    let mut out = text.to_string();
    let found: Vec<(String, String)> = g
        .range
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?.as_str();
            let repl = format!(">= {}, <= {} ", c.get(1)?.as_str(), c.get(2)?.as_str());
            Some((whole.to_string(), repl))
        })
        .collect();
    for (whole, repl) in found {
        out = out.replacen(&whole, &repl, 1);
    }
    out
}

/// A `*semver.Version` (what `semver` returns) or a `semver.Version` value (what `IncPatch` & co. return;
/// Go's templates can call only its value-receiver methods).
struct VersionObject {
    version: Version,
    pointer: bool,
}

fn struct_type() -> TypeRef {
    static T: LazyLock<TypeRef> = LazyLock::new(|| {
        Arc::new(GoType::Named(
            "semver.Version".into(),
            Arc::new(GoType::Struct),
        ))
    });
    T.clone()
}

fn version_type() -> TypeRef {
    static T: LazyLock<TypeRef> = LazyLock::new(|| Arc::new(GoType::Pointer(struct_type())));
    T.clone()
}

fn version_value<'a>(v: Version) -> Value<'a> {
    Value::object(Arc::new(VersionObject {
        version: v,
        pointer: true,
    }))
}

fn version_struct_value<'a>(v: Version) -> Value<'a> {
    Value::object(Arc::new(VersionObject {
        version: v,
        pointer: false,
    }))
}

/// The `*semver.Version` passed to a method.
fn version_arg(v: Option<&Value<'_>>) -> Result<Version, FuncError> {
    match v {
        Some(Value::Object(o)) => o
            .as_any()
            .and_then(|a| a.downcast_ref::<VersionObject>())
            .filter(|vo| vo.pointer)
            .map(|vo| vo.version.clone()),
        _ => None,
    }
    .ok_or_else(|| {
        let got = v
            .and_then(Value::go_type)
            .map_or_else(|| "<nil>".to_string(), |t| t.to_string());
        FuncError::new(format!(
            "wrong type for value; expected *semver.Version; got {got}"
        ))
    })
}

impl<'a> Object<'a> for VersionObject {
    fn go_type(&self) -> TypeRef {
        if self.pointer {
            version_type()
        } else {
            struct_type()
        }
    }

    fn call_method(&self, name: &str, args: &[Value<'a>]) -> Option<Result<Value<'a>, FuncError>> {
        let v = &self.version;
        let pointer_method = matches!(
            name,
            "Original"
                | "Compare"
                | "LessThan"
                | "LessThanEqual"
                | "GreaterThan"
                | "GreaterThanEqual"
                | "Equal"
        );
        if pointer_method && !self.pointer {
            return None;
        }
        let cmp = |args: &[Value<'a>]| version_arg(args.first()).map(|o| v.compare(&o));
        let set = |pre: bool, args: &[Value<'a>]| {
            let s = args.first().and_then(Value::as_str).unwrap_or_default();
            if !s.is_empty() {
                if pre {
                    validate_prerelease(s).map_err(FuncError::new)?;
                } else {
                    validate_metadata(s).map_err(FuncError::new)?;
                }
            }
            let mut next = v.clone();
            if pre {
                next.pre = s.to_string();
            } else {
                next.metadata = s.to_string();
            }
            Ok(version_struct_value(next.with_original(v.v_prefix())))
        };
        Some(match name {
            "Major" => Ok(Value::Uint(v.major, Kind::Uint64)),
            "Minor" => Ok(Value::Uint(v.minor, Kind::Uint64)),
            "Patch" => Ok(Value::Uint(v.patch, Kind::Uint64)),
            "Prerelease" => Ok(Value::string(v.pre.as_str())),
            "Metadata" => Ok(Value::string(v.metadata.as_str())),
            "Original" => Ok(Value::string(v.original.as_str())),
            "String" => Ok(Value::string(v.to_string())),
            "Compare" => cmp(args).map(|o| Value::int(o as i64)),
            "LessThan" => cmp(args).map(|o| Value::Bool(o.is_lt())),
            "LessThanEqual" => cmp(args).map(|o| Value::Bool(o.is_le())),
            "GreaterThan" => cmp(args).map(|o| Value::Bool(o.is_gt())),
            "GreaterThanEqual" => cmp(args).map(|o| Value::Bool(o.is_ge())),
            "Equal" => cmp(args).map(|o| Value::Bool(o.is_eq())),
            "IncPatch" | "IncMinor" | "IncMajor" => {
                let mut next = v.clone();
                let pre_only = name == "IncPatch" && !v.pre.is_empty();
                next.pre.clear();
                next.metadata.clear();
                if !pre_only {
                    let bumped = match name {
                        "IncPatch" => next.patch.checked_add(1).map(|p| next.patch = p),
                        "IncMinor" => next.minor.checked_add(1).map(|m| {
                            next.minor = m;
                            next.patch = 0;
                        }),
                        _ => next.major.checked_add(1).map(|m| {
                            next.major = m;
                            next.minor = 0;
                            next.patch = 0;
                        }),
                    };
                    if bumped.is_none() {
                        return Some(Err(FuncError::new(format!(
                            "{} version increment would overflow uint64",
                            name[3..].to_lowercase()
                        ))));
                    }
                }
                Ok(version_struct_value(next.with_original(v.v_prefix())))
            }
            "SetPrerelease" => set(true, args),
            "SetMetadata" => set(false, args),
            _ => return None,
        })
    }

    fn to_go_string(&self) -> Option<String> {
        Some(self.version.to_string())
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }

    fn fields(&self) -> Vec<(Arc<str>, Value<'a>)> {
        let v = &self.version;
        vec![
            ("major".into(), Value::Uint(v.major, Kind::Uint64)),
            ("minor".into(), Value::Uint(v.minor, Kind::Uint64)),
            ("patch".into(), Value::Uint(v.patch, Kind::Uint64)),
            ("pre".into(), Value::string(v.pre.as_str())),
            ("metadata".into(), Value::string(v.metadata.as_str())),
            ("original".into(), Value::string(v.original.as_str())),
        ]
    }
}

/// Registers `semver` and `semverCompare`.
pub(crate) fn register(map: &mut FuncMap) {
    map.insert(
        "semver",
        Func::new(
            Signature::new(vec![GoType::string()], version_type()).with_error(),
            |args| {
                let s = args.first().and_then(Value::as_str).unwrap_or_default();
                Version::parse(s).map(version_value).map_err(FuncError::new)
            },
        ),
    );
    map.insert(
        "semverCompare",
        Func::new(
            Signature::new(vec![GoType::string(), GoType::string()], GoType::bool()).with_error(),
            |args| {
                let c = args.first().and_then(Value::as_str).unwrap_or_default();
                let v = args.get(1).and_then(Value::as_str).unwrap_or_default();
                let c = Constraints::parse(c).map_err(FuncError::new)?;
                let v = Version::parse(v).map_err(FuncError::new)?;
                Ok(Value::Bool(c.check(&v)))
            },
        ),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn sc(c: &str, v: &str) -> Result<bool, String> {
        Ok(Constraints::parse(c)?.check(&Version::parse(v)?))
    }

    #[test]
    fn parses_and_prints_versions() {
        let v = Version::parse("v1.2.3-beta.1+c0ff33").unwrap();
        assert_eq!((v.major, v.minor, v.patch), (1, 2, 3));
        assert_eq!(v.pre, "beta.1");
        assert_eq!(v.metadata, "c0ff33");
        assert_eq!(Version::parse("1.2").unwrap().to_string(), "1.2.0");
        assert_eq!(Version::parse("x.y").unwrap_err(), INVALID);
        assert_eq!(
            Version::parse("1.2.3-01").unwrap_err(),
            "version segment starts with 0"
        );
    }

    #[test]
    fn compares_versions() {
        let p = |s| Version::parse(s).unwrap();
        assert_eq!(p("1.2.3").compare(&p("1.3.3")), Ordering::Less);
        assert_eq!(
            p("1.0.0-alpha").compare(&p("1.0.0-alpha.1")),
            Ordering::Less
        );
        assert_eq!(
            p("1.0.0-alpha.1").compare(&p("1.0.0-alpha.beta")),
            Ordering::Less
        );
        assert_eq!(p("1.0.0-rc.1").compare(&p("1.0.0")), Ordering::Less);
        assert_eq!(p("1.0.0+a").compare(&p("1.0.0+b")), Ordering::Equal);
    }

    #[test]
    fn checks_constraints() {
        for (c, v, want) in [
            ("1.2.3", "1.2.3", true),
            ("^1.2.0", "1.2.3", true),
            ("^1.2.0", "2.2.3", false),
            (">=1.2.3", "1.2.4", true),
            ("~1.2.0", "1.3.0", false),
            ("1.2.x", "1.2.7", true),
            (">=1.0.0", "1.1.0-alpha", false),
            (">=1.0.0-0", "1.1.0-alpha", true),
            (">1.0 <2.0", "1.5.0", true),
            ("<1.0 || >=2.0", "2.1.0", true),
            (">=1.20", "v1.21.3", true),
            (">=1.20", "1.19.0-gke.100", false),
            ("!=1.2.3", "1.2.3", false),
            ("1.2.3 - 1.4.5", "1.3.0", true),
            ("1.2.3 - 1.4.5", "1.4.6", false),
            ("^0.2.3", "0.2.9", true),
            ("^0.2.3", "0.3.0", false),
            ("^0.0.3", "0.0.4", false),
            ("~1", "1.9.0", true),
            ("*", "3.0.0", true),
            (">1.x", "1.9.0", false),
            ("<=1.2", "1.2.9", true),
            (">= 1.2, < 1.4", "1.3.1", true),
        ] {
            assert_eq!(sc(c, v), Ok(want), "{c} {v}");
        }
    }

    #[test]
    fn constraint_errors_match_go() {
        assert_eq!(
            sc("badConstraint", "1.2.3"),
            Err("improper constraint: \"badConstraint\"".into())
        );
        assert_eq!(sc("1.2.0", "badVersion"), Err(INVALID.into()));
        assert_eq!(sc("", "1.0.0"), Err("improper constraint: \"\"".into()));
    }

    #[test]
    fn version_object_methods() {
        let mut m = FuncMap::new();
        register(&mut m);
        let v = m
            .get("semver")
            .unwrap()
            .call(&[Value::str("1.2.3-beta.1+b5")])
            .unwrap();
        let w = m
            .get("semver")
            .unwrap()
            .call(&[Value::str("1.3.0")])
            .unwrap();
        let Value::Object(o) = &v else { panic!() };
        assert!(matches!(
            o.call_method("Major", &[]),
            Some(Ok(Value::Uint(1, Kind::Uint64)))
        ));
        assert!(matches!(
            o.call_method("Compare", std::slice::from_ref(&w)),
            Some(Ok(Value::Int(-1, _)))
        ));
        assert!(matches!(
            o.call_method("LessThan", &[w]),
            Some(Ok(Value::Bool(true)))
        ));
        assert_eq!(o.to_go_string().as_deref(), Some("1.2.3-beta.1+b5"));
        assert_eq!(o.go_type().to_string(), "*semver.Version");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod template_tests {
    use crate::{Templates, Value};

    fn run(text: &str) -> String {
        let mut t = Templates::with_funcs(&crate::sprig::funcs());
        t.parse("t", text).unwrap();
        let mut out = String::new();
        match t.execute("t", &Value::Nil, &mut out) {
            Ok(()) => out,
            Err(e) => format!("ERR {e}"),
        }
    }

    #[test]
    fn value_versions_lack_pointer_methods() {
        let out = run(r#"{{ ((semver "v1.2.3").IncMajor).Original }}"#);
        assert!(
            out.contains("can't evaluate field Original in type semver.Version"),
            "{out}"
        );
        let out = run(r#"{{ (semver "1.2.3").Compare ((semver "1.2.3").IncMajor) }}"#);
        assert!(
            out.contains("wrong type for value; expected *semver.Version; got semver.Version"),
            "{out}"
        );
        let out = run(r#"{{ (semver "1.2.3").SetPrerelease "01" }}"#);
        assert!(
            out.contains("error calling SetPrerelease: version segment starts with 0"),
            "{out}"
        );
    }

    #[test]
    fn version_methods_in_templates() {
        for (text, want) in [
            (r#"{{ (semver "1.2.3-beta.1+build.5").Major }}"#, "1"),
            (r#"{{ (semver "v1.2.3").Minor }}"#, "2"),
            (r#"{{ (semver "1.2.3").Patch }}"#, "3"),
            (r#"{{ (semver "1.2.3-beta.1+b5").Prerelease }}"#, "beta.1"),
            (r#"{{ (semver "1.2.3-beta.1+b5").Metadata }}"#, "b5"),
            (r#"{{ (semver "1.2").Original }}"#, "1.2"),
            (r#"{{ (semver "1.2.3").Compare (semver "1.3.0") }}"#, "-1"),
            (
                r#"{{ (semver "1.2.3").LessThan (semver "1.3.0") }}"#,
                "true",
            ),
            (r#"{{ semver "1.2.3" | (semver "1.4.3").Compare }}"#, "1"),
            (r#"{{ semver "1.2" }}"#, "1.2.0"),
            (r#"{{ typeOf (semver "1.2") }}"#, "*semver.Version"),
            (
                r#"{{ typeOf ((semver "1.2").IncMinor) }}"#,
                "semver.Version",
            ),
            (r#"{{ (semver "v1.2.3-x").IncPatch }}"#, "1.2.3"),
            (r#"{{ (semver "v1.2.3").IncMajor }}"#, "2.0.0"),
            (
                r#"{{ ((semver "v1.2.3").SetPrerelease "b").Prerelease }}"#,
                "b",
            ),
            (r#"{{ (semver "1.2.3").Equal (semver "1.2.3+x") }}"#, "true"),
            (r#"{{ printf "%v" (semver "1.2.3") }}"#, "1.2.3"),
        ] {
            assert_eq!(run(text), want, "{text}");
        }
    }
}
