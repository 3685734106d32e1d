//! Sprig's random functions (non-deterministic by design): `randAlphaNum`, `randAlpha`, `randAscii`,
//! `randNumeric` (goutils' `CryptoRandom*`: uniform over the character class, empty for counts ≤ 0) and
//! `shuffle` (xstrings' `Shuffle`: a random permutation of the string's characters).

use rand::seq::SliceRandom;
use rand::Rng;

use crate::func::{Func, FuncError, FuncMap, Signature};
use crate::value::{GoType, Value};

const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS: &[u8] = b"0123456789";
const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `count` characters drawn uniformly from `set` with a cryptographically seeded generator.
fn random_from(set: &[u8], count: i64) -> String {
    let mut rng = rand::thread_rng();
    (0..count.max(0))
        .map(|_| set[rng.gen_range(0..set.len())] as char)
        .collect()
}

/// `count` printable ASCII characters (32–126).
fn random_ascii(count: i64) -> String {
    let mut rng = rand::thread_rng();
    (0..count.max(0))
        .map(|_| char::from(rng.gen_range(32u8..127)))
        .collect()
}

/// A random permutation of the characters of `s`.
pub(crate) fn shuffle(s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    chars.shuffle(&mut rand::thread_rng());
    chars.into_iter().collect()
}

/// The most characters or bytes one call generates. Go would try any size and die out of memory; a larger
/// request is an error here.
pub(crate) const MAX_GENERATED: i64 = 1 << 26;

fn count_arg(args: &[Value<'_>]) -> Result<i64, FuncError> {
    let n = match args.first() {
        Some(Value::Int(n, _)) => *n,
        _ => 0,
    };
    if n > MAX_GENERATED {
        return Err(FuncError::new(format!(
            "cannot generate {n} random characters (at most {MAX_GENERATED})"
        )));
    }
    Ok(n)
}

/// Registers the random functions.
pub(crate) fn register(map: &mut FuncMap) {
    let sig = || Signature::new(vec![GoType::int()], GoType::string());
    map.insert(
        "randAlphaNum",
        Func::new(sig(), |a| {
            Ok(Value::string(random_from(ALPHANUMERIC, count_arg(a)?)))
        }),
    );
    map.insert(
        "randAlpha",
        Func::new(sig(), |a| {
            Ok(Value::string(random_from(LETTERS, count_arg(a)?)))
        }),
    );
    map.insert(
        "randNumeric",
        Func::new(sig(), |a| {
            Ok(Value::string(random_from(DIGITS, count_arg(a)?)))
        }),
    );
    map.insert(
        "randAscii",
        Func::new(sig(), |a| Ok(Value::string(random_ascii(count_arg(a)?)))),
    );
    map.insert(
        "shuffle",
        Func::new(
            Signature::new(vec![GoType::string()], GoType::string()),
            |a| {
                Ok(Value::string(shuffle(
                    a.first().and_then(Value::as_str).unwrap_or_default(),
                )))
            },
        ),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn strings_have_the_requested_shape() {
        let s = random_from(ALPHANUMERIC, 50);
        assert_eq!(s.len(), 50);
        assert!(s.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert!(random_from(DIGITS, 20).bytes().all(|c| c.is_ascii_digit()));
        assert!(random_from(LETTERS, 20)
            .bytes()
            .all(|c| c.is_ascii_alphabetic()));
        assert!(random_ascii(100).bytes().all(|c| (32..127).contains(&c)));
        assert_eq!(random_from(LETTERS, -3), "");
        assert!(count_arg(&[Value::int(MAX_GENERATED + 1)]).is_err());
    }

    #[test]
    fn shuffle_permutes() {
        let mut a: Vec<char> = shuffle("hello wörld").chars().collect();
        let mut b: Vec<char> = "hello wörld".chars().collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
    }
}
