//! go-yaml v2's map key order (`keyList.Less`) for string keys: runs of digits compare
//! numerically, a letter sorts after a non-letter, letters compare by code point, and a
//! shorter string that is a prefix sorts first.
//!
//! Letters are Unicode letters (`unicode.IsLetter`, approximated by `char::is_alphabetic`)
//! and digits are ASCII digits here; Go's `unicode.IsDigit` also accepts other decimal
//! digits, which never appear in Kubernetes keys.

/// Whether `a` sorts before `b` in go-yaml v2's key order.
pub(crate) fn key_less(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        less_units(a.as_bytes(), b.as_bytes(), |c| c.is_ascii_alphabetic())
    } else {
        let ar: Vec<char> = a.chars().collect();
        let br: Vec<char> = b.chars().collect();
        less_units(&ar, &br, |c| c.is_alphabetic())
    }
}

/// Sorts `(key, value)` pairs in go-yaml v2's key order (stable bottom-up merge sort).
///
/// go-yaml's `Less` is not transitive for some key sets (mixes of zero-padded digit runs
/// such as `a0`, `a00`, `a01b`); Go then sorts keys taken in random map order, so its output
/// is not deterministic either. A merge sort is used because it never panics on such an
/// order (the standard library's sorts may) and yields the one true order whenever `Less`
/// is consistent.
pub(crate) fn sort_entries<V>(entries: &mut Vec<(&str, V)>) {
    if entries.len() <= 1 || entries.windows(2).all(|w| !key_less(w[1].0, w[0].0)) {
        return;
    }
    let mut src: Vec<(&str, V)> = std::mem::take(entries);
    let n = src.len();
    let mut width = 1;
    let mut dst: Vec<(&str, V)> = Vec::with_capacity(n);
    while width < n {
        let mut iter = src.into_iter().peekable();
        let mut left: Vec<(&str, V)> = Vec::with_capacity(width);
        let mut right: Vec<(&str, V)> = Vec::with_capacity(width);
        loop {
            left.clear();
            right.clear();
            left.extend(iter.by_ref().take(width));
            right.extend(iter.by_ref().take(width));
            if left.is_empty() {
                break;
            }
            let mut l = left.drain(..).peekable();
            let mut r = right.drain(..).peekable();
            loop {
                let take_right = match (l.peek(), r.peek()) {
                    (Some(a), Some(b)) => key_less(b.0, a.0),
                    (Some(_), None) => false,
                    (None, Some(_)) => true,
                    (None, None) => break,
                };
                let next = if take_right { r.next() } else { l.next() };
                if let Some(item) = next {
                    dst.push(item);
                }
            }
        }
        src = std::mem::replace(&mut dst, Vec::with_capacity(n));
        width *= 2;
    }
    *entries = src;
}

trait Unit: Copy + PartialEq + PartialOrd {
    fn digit(self) -> Option<i64>;
    fn is_zero(self) -> bool {
        self.digit() == Some(0)
    }
}

impl Unit for u8 {
    fn digit(self) -> Option<i64> {
        self.is_ascii_digit().then(|| i64::from(self - b'0'))
    }
}

impl Unit for char {
    fn digit(self) -> Option<i64> {
        self.to_digit(10).map(i64::from)
    }
}

fn less_units<T: Unit>(ar: &[T], br: &[T], is_letter: impl Fn(T) -> bool) -> bool {
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            continue;
        }
        let al = is_letter(ar[i]);
        let bl = is_letter(br[i]);
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i].is_zero() || br[i].is_zero() {
            // A zero inside a number (after a non-zero digit) counts as a digit, not padding.
            let mut j = i;
            while j > 0 {
                j -= 1;
                match ar[j].digit() {
                    Some(0) => {}
                    Some(_) => {
                        an = 1;
                        bn = 1;
                        break;
                    }
                    None => break,
                }
            }
        }
        let mut ai = i;
        while let Some(d) = ar.get(ai).and_then(|c| c.digit()) {
            an = an.wrapping_mul(10).wrapping_add(d);
            ai += 1;
        }
        let mut bi = i;
        while let Some(d) = br.get(bi).and_then(|c| c.digit()) {
            bn = bn.wrapping_mul(10).wrapping_add(d);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(keys: Vec<&str>) -> Vec<&str> {
        let mut entries: Vec<(&str, ())> = keys.into_iter().map(|k| (k, ())).collect();
        sort_entries(&mut entries);
        entries.into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn orders_like_go_yaml_v2() {
        assert_eq!(sorted(vec!["b", "a", "B", "A"]), vec!["A", "B", "a", "b"]);
        assert_eq!(sorted(vec!["a10", "a2", "a1"]), vec!["a1", "a2", "a10"]);
        assert_eq!(
            sorted(vec!["a-b", "ab", "a_b", "a.b"]),
            vec!["a-b", "a.b", "a_b", "ab"]
        );
        assert_eq!(sorted(vec!["ab", "a"]), vec!["a", "ab"]);
        assert_eq!(sorted(vec!["z", "1"]), vec!["1", "z"]);
    }
}
