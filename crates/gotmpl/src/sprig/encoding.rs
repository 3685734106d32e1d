//! Sprig's encoding functions: `b64enc`/`b64dec`, `b32enc`/`b32dec` (decoding errors are returned as the result
//! text, as Sprig does), and the JSON functions of `defaults.go`: `toJson`, `toPrettyJson`, `toRawJson`,
//! `fromJson` and their `must*` variants (see [`super::json`]).

use base64::Engine as _;

use super::json::{decode, encode, EncodeOptions};
use super::util::{arg, def, str_arg, string};
use crate::func::{FuncError, FuncMap, Signature};
use crate::value::{GoType, Value};

/// Installs the encoding functions.
pub(crate) fn register(map: &mut FuncMap) {
    let s_to_s = || Signature::new(vec![GoType::string()], GoType::string());
    def(map, "b64enc", s_to_s(), |a| {
        Ok(string(
            base64::engine::general_purpose::STANDARD.encode(str_arg(a, 0)?),
        ))
    });
    def(map, "b64dec", s_to_s(), |a| {
        Ok(string(b64_decode(str_arg(a, 0)?)))
    });
    def(map, "b32enc", s_to_s(), |a| {
        Ok(string(base32_encode(str_arg(a, 0)?.as_bytes())))
    });
    def(map, "b32dec", s_to_s(), |a| {
        Ok(string(match base32_decode(str_arg(a, 0)?) {
            Ok(bytes) => super::util::bytes_to_string(bytes),
            Err(at) => format!("illegal base32 data at input byte {at}"),
        }))
    });

    let any_to_s = || Signature::new(vec![GoType::interface()], GoType::string());
    let forms = [
        ("Json", true, false),
        ("PrettyJson", true, true),
        ("RawJson", false, false),
    ];
    for (suffix, escape_html, pretty) in forms {
        let opts = EncodeOptions {
            escape_html,
            pretty,
            host_marshal_only: false,
        };
        // toRawJson panics on errors, which the template reports like mustToRawJson's error.
        let lenient = suffix != "RawJson";
        def(
            map,
            &format!("to{suffix}"),
            any_to_s(),
            move |a| match encode(arg(a, 0)?, opts) {
                Ok(text) => Ok(string(text)),
                Err(_) if lenient => Ok(Value::str("")),
                Err(e) => Err(FuncError::new(e)),
            },
        );
        def(
            map,
            &format!("mustTo{suffix}"),
            any_to_s().with_error(),
            move |a| encode(arg(a, 0)?, opts).map(string).map_err(FuncError::new),
        );
    }
    let s_to_any = || Signature::new(vec![GoType::string()], GoType::interface());
    def(
        map,
        "fromJson",
        s_to_any(),
        |a| Ok(decode(str_arg(a, 0)?).0),
    );
    def(
        map,
        "mustFromJson",
        s_to_any().with_error(),
        |a| match decode(str_arg(a, 0)?) {
            (v, None) => Ok(v),
            (_, Some(e)) => Err(FuncError::new(e)),
        },
    );
}

/// Sprig's `base64decode`: the decoded text, or Go's error text (`illegal base64 data at input byte N`).
fn b64_decode(s: &str) -> String {
    match base64_decode(s.as_bytes()) {
        Ok(bytes) => super::util::bytes_to_string(bytes),
        Err(at) => format!("illegal base64 data at input byte {at}"),
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u8> {
    B64.iter().position(|&b| b == c).map(|p| p as u8)
}

/// `base64.StdEncoding.DecodeString`, quantum by quantum as Go decodes (newlines skipped, padding required),
/// failing with the byte offset Go reports.
pub(super) fn base64_decode(src: &[u8]) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    while si < src.len() {
        let mut dbuf = [0u8; 4];
        let mut dlen = 4;
        let mut trailing = None;
        let mut j = 0;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(v) = b64_value(c) {
                dbuf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' || j < 2 {
                return Err(si - 1);
            }
            if j == 2 {
                while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                    si += 1;
                }
                if si == src.len() {
                    return Err(src.len());
                }
                if src[si] != b'=' {
                    return Err(si - 1);
                }
                si += 1;
            }
            while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                si += 1;
            }
            if si < src.len() {
                trailing = Some(si);
            }
            dlen = j;
            break;
        }
        let val = (u32::from(dbuf[0]) << 18)
            | (u32::from(dbuf[1]) << 12)
            | (u32::from(dbuf[2]) << 6)
            | u32::from(dbuf[3]);
        let bytes = val.to_be_bytes();
        out.extend_from_slice(&bytes[1..dlen]);
        if let Some(at) = trailing {
            return Err(at);
        }
    }
    Ok(out)
}

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `base32.StdEncoding.EncodeToString`.
fn base32_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(5) * 8);
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = u64::from_be_bytes([0, 0, 0, buf[0], buf[1], buf[2], buf[3], buf[4]]);
        let chars = match chunk.len() {
            1 => 2,
            2 => 4,
            3 => 5,
            4 => 7,
            _ => 8,
        };
        for i in 0..8 {
            if i < chars {
                out.push(char::from(B32[((n >> (35 - 5 * i)) & 31) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `base32.StdEncoding.DecodeString` as Go decodes it (newlines removed first, padding required), failing
/// with the byte offset Go reports.
fn base32_decode(s: &str) -> Result<Vec<u8>, usize> {
    let src: Vec<u8> = s.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    let olen = src.len();
    let mut rest: &[u8] = &src;
    let mut out = Vec::with_capacity(olen * 5 / 8);
    let mut end = false;
    while !rest.is_empty() && !end {
        let mut vals = [0u8; 8];
        let mut dlen = 8;
        let mut j = 0;
        while j < 8 {
            let Some((&c, tail)) = rest.split_first() else {
                return Err(olen - j);
            };
            rest = tail;
            if c == b'=' && j >= 2 && rest.len() < 8 {
                if rest.len() + j < 7 {
                    return Err(olen);
                }
                for k in 0..(7 - j) {
                    if rest.len() > k && rest[k] != b'=' {
                        return Err(olen - rest.len() + k - 1);
                    }
                }
                dlen = j;
                end = true;
                if matches!(dlen, 1 | 3 | 6) {
                    return Err(olen - rest.len() - 1);
                }
                break;
            }
            match B32.iter().position(|&b| b == c) {
                Some(v) => vals[j] = v as u8,
                None => return Err(olen - rest.len() - 1),
            }
            j += 1;
        }
        let n = vals.iter().fold(0u64, |acc, &v| (acc << 5) | u64::from(v));
        let take = match dlen {
            2 => 1,
            4 => 2,
            5 => 3,
            7 => 4,
            _ => 5,
        };
        out.extend_from_slice(&n.to_be_bytes()[3..3 + take]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_errors_match_go() {
        assert_eq!(base64_decode(b"YWJj"), Ok(b"abc".to_vec()));
        assert_eq!(base64_decode(b"YQ=="), Ok(b"a".to_vec()));
        assert_eq!(base64_decode(b"YQ"), Err(0));
        assert_eq!(base64_decode(b"YQ="), Err(3));
        assert_eq!(base64_decode(b"YQ==x"), Err(4));
        assert_eq!(base64_decode(b"Y\nW\rJj"), Ok(b"abc".to_vec()));
    }

    #[test]
    fn base64_like_go() {
        assert_eq!(b64_decode("Y29mZmVl"), "coffee");
        assert_eq!(b64_decode("!!"), "illegal base64 data at input byte 0");
        assert_eq!(b64_decode("YQ"), "illegal base64 data at input byte 0");
        assert_eq!(b64_decode("YQ=="), "a");
        assert_eq!(b64_decode("YQ==x"), "illegal base64 data at input byte 4");
        assert_eq!(b64_decode("Y29m\nZmVl"), "coffee");
    }

    #[test]
    fn base32_like_go() {
        assert_eq!(base32_encode(b"coffee"), "MNXWMZTFMU======");
        assert_eq!(base32_encode(b"hello"), "NBSWY3DP");
        assert_eq!(base32_decode("MNXWMZTFMU======"), Ok(b"coffee".to_vec()));
        assert_eq!(base32_decode("NBSWY3DP"), Ok(b"hello".to_vec()));
        assert_eq!(base32_decode("x"), Err(0));
        assert_eq!(base32_decode("MY======MY"), Ok(b"f".to_vec()));
        assert_eq!(base32_decode("MY====="), Err(7));
        assert_eq!(base32_decode("MZXW6==="), Ok(b"foo".to_vec()));
        assert_eq!(base32_decode("MZXW6"), Err(0));
        assert_eq!(base32_decode("M======="), Err(1));
        assert_eq!(b64_decode("YQ="), "illegal base64 data at input byte 3");
        assert_eq!(b64_decode("Y==="), "illegal base64 data at input byte 1");
    }
}
