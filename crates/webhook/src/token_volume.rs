//! The service-account token volume name, the one part of a ReplicaSet's pods that differs between replicas when
//! they reach the webhook.
//!
//! The ServiceAccount admission plugin runs before webhooks and gives every pod a projected token volume named
//! `kube-api-access-` plus five characters drawn at random (from the alphabet of Kubernetes' generated names),
//! mounted into each container under the same name. The patch cache keys such pods with that name replaced by a
//! placeholder the generator can never produce, and puts the pod's own name back into a reused patch.

use std::borrow::Cow;

use memchr::memmem;

/// What precedes the random part of the name.
const PREFIX: &[u8] = b"kube-api-access-";
/// The characters Kubernetes draws generated name suffixes from (`k8s.io/apimachinery/pkg/util/rand`).
const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
/// Stands for any pod's suffix in keys and cached patches; `0` is not in [`ALPHABET`].
const PLACEHOLDER: [u8; 5] = *b"00000";

/// The random part of a token volume name.
pub type Suffix = [u8; 5];

/// What a pod object (or a patch) says about generated token volume names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenVolume {
    /// No `kube-api-access-` name at all.
    Absent,
    /// Every `kube-api-access-` name is this one generated name.
    Named(Suffix),
    /// Something else: two different generated names, a name that is not a generated one, or the placeholder.
    Unusable,
}

/// Finds the generated token volume name in `bytes` (raw JSON).
pub fn scan(bytes: &[u8]) -> TokenVolume {
    let mut found: Option<Suffix> = None;
    for at in memmem::find_iter(bytes, PREFIX) {
        let rest = &bytes[at + PREFIX.len()..];
        let Some((suffix, after)) = rest.split_first_chunk::<5>() else {
            return TokenVolume::Unusable;
        };
        // The name must end after the suffix: a DNS label character would continue it.
        let ends = after
            .first()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'-'));
        if !ends || !suffix.iter().all(|c| ALPHABET.contains(c)) {
            return TokenVolume::Unusable;
        }
        match found {
            None => found = Some(*suffix),
            Some(s) if s == *suffix => {}
            Some(_) => return TokenVolume::Unusable,
        }
    }
    found.map_or(TokenVolume::Absent, TokenVolume::Named)
}

/// Calls `f` with the pieces of `bytes` that make it up with every `kube-api-access-<from>` replaced by
/// `kube-api-access-<to>`.
pub fn for_each_piece_replaced(bytes: &[u8], from: &Suffix, to: &Suffix, f: &mut dyn FnMut(&[u8])) {
    let mut name = [0u8; PREFIX.len() + 5];
    name[..PREFIX.len()].copy_from_slice(PREFIX);
    name[PREFIX.len()..].copy_from_slice(from);
    let mut start = 0;
    for at in memmem::find_iter(bytes, &name) {
        f(&bytes[start..at + PREFIX.len()]);
        f(to);
        start = at + name.len();
    }
    f(&bytes[start..]);
}

fn replaced<'b>(bytes: &'b [u8], from: &Suffix, to: &Suffix) -> Cow<'b, [u8]> {
    let mut name = [0u8; PREFIX.len() + 5];
    name[..PREFIX.len()].copy_from_slice(PREFIX);
    name[PREFIX.len()..].copy_from_slice(from);
    if memmem::find(bytes, &name).is_none() {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    for_each_piece_replaced(bytes, from, to, &mut |piece| out.extend_from_slice(piece));
    Cow::Owned(out)
}

/// Calls `f` with the pieces of a pod object keyed for the cache: the token name's suffix, if any, replaced by
/// the placeholder.
pub fn for_each_key_piece(object: &[u8], token: Option<&Suffix>, f: &mut dyn FnMut(&[u8])) {
    match token {
        Some(s) => for_each_piece_replaced(object, s, &PLACEHOLDER, f),
        None => f(object),
    }
}

/// A patch computed for a pod whose token suffix is `token`, in the form shared by every such pod; `None` when
/// it cannot be shared (the patch already holds the placeholder name).
pub fn shareable_patch<'p>(patch: &'p [u8], token: Option<&Suffix>) -> Option<Cow<'p, [u8]>> {
    let Some(s) = token else {
        return Some(Cow::Borrowed(patch));
    };
    if scan(patch) == TokenVolume::Unusable {
        return None;
    }
    Some(replaced(patch, s, &PLACEHOLDER))
}

/// A shared patch (see [`shareable_patch`]) made the patch of a pod whose token suffix is `token`.
pub fn patch_for<'p>(shared: &'p [u8], token: Option<&Suffix>) -> Cow<'p, [u8]> {
    match token {
        Some(s) => replaced(shared, &PLACEHOLDER, s),
        None => Cow::Borrowed(shared),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn pod(names: &[&str]) -> String {
        let vols: Vec<String> = names
            .iter()
            .map(|n| format!(r#"{{"name":"{n}"}}"#))
            .collect();
        format!(
            r#"{{"spec":{{"volumes":[{}],"containers":[{{"volumeMounts":[{{"name":"{}"}}]}}]}}}}"#,
            vols.join(","),
            names.first().unwrap_or(&"")
        )
    }

    #[test]
    fn finds_the_one_generated_name() {
        assert_eq!(scan(pod(&["data"]).as_bytes()), TokenVolume::Absent);
        assert_eq!(
            scan(pod(&["kube-api-access-x7k2p", "data"]).as_bytes()),
            TokenVolume::Named(*b"x7k2p")
        );
        for unusable in [
            pod(&["kube-api-access-x7k2p", "kube-api-access-b4c5d"]),
            pod(&["kube-api-access-custom"]),
            pod(&["kube-api-access-x7k2pq"]),
            pod(&["kube-api-access-00000"]),
            pod(&["kube-api-access-x7k"]),
        ] {
            assert_eq!(
                scan(unusable.as_bytes()),
                TokenVolume::Unusable,
                "{unusable}"
            );
        }
    }

    #[test]
    fn replicas_share_one_key_and_one_patch() {
        let key = |p: &str| {
            let token = match scan(p.as_bytes()) {
                TokenVolume::Named(s) => Some(s),
                _ => None,
            };
            let mut out = Vec::new();
            for_each_key_piece(p.as_bytes(), token.as_ref(), &mut |b| {
                out.extend_from_slice(b)
            });
            String::from_utf8(out).unwrap()
        };
        let a = pod(&["kube-api-access-x7k2p"]);
        let b = pod(&["kube-api-access-b4c5d"]);
        assert_eq!(key(&a), key(&b));
        assert!(key(&a).contains("kube-api-access-00000"));
        assert_ne!(key(&a), key(&pod(&["data"])));

        let patch =
            br#"[{"op":"add","path":"/spec/volumes/1","value":{"name":"kube-api-access-x7k2p"}}]"#;
        let shared = shareable_patch(patch, Some(b"x7k2p")).unwrap();
        assert!(!shared.windows(5).any(|w| w == b"x7k2p"));
        assert_eq!(
            &*patch_for(&shared, Some(b"b4c5d")),
            &br#"[{"op":"add","path":"/spec/volumes/1","value":{"name":"kube-api-access-b4c5d"}}]"#
                [..]
        );
        assert_eq!(&*patch_for(&shared, Some(b"x7k2p")), &patch[..]);
        assert!(shareable_patch(br#"["kube-api-access-00000"]"#, Some(b"x7k2p")).is_none());
    }
}
