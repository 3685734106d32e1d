//! Reuse of injection patches for identical admission requests.
//!
//! The apiserver generates a pod's name and uid only after admission, so a ReplicaSet's pods can reach the
//! webhook as byte-identical objects, and the engine, a pure function of the request and the active settings,
//! answers each with the same patch. This cache remembers recent patches by the exact request, so a repeat costs
//! a digest instead of a render.
//!
//! Replicas differ in one place: the name of the service-account token volume, which the ServiceAccount
//! admission plugin draws at random for each pod (see [`crate::token_volume`]). When the engine says that name is
//! opaque to injection ([`crate::engine::Engine::token_volume_name_is_opaque`]), pods are keyed with the name
//! replaced by a placeholder, and a reused patch gets the pod's own name back. Such a shared entry is confirmed
//! before it is relied on: the first pod with another name is rendered too, and the entry is used only if that
//! render gives the same patch up to the name; otherwise it is never used. Pods created in different seconds
//! also differ, in their managed fields' timestamp; a ReplicaSet creates each batch of pods at once.
//!
//! A patch is reused only when everything the engine read is the same: the pod object's bytes (up to the token
//! volume name, as above), the request namespace, the URL path and the dry-run flag (the key), and the settings version and the engine's
//! reuse scope (the epoch; see [`crate::engine::Engine::reuse_scope`]). A request is identified by the SHA-256
//! of all of these, so entries hold only the digest and the patch, and telling two requests apart does not rest
//! on a hash an attacker could collide. Memory is bounded by bytes, evicting the least recently used entry.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use lru::LruCache;
use sha2::{Digest as _, Sha256};

use crate::token_volume::{self, Suffix};

/// The settings and engine state a patch was computed under. Both counters only grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Epoch {
    /// The settings set's generation ([`crate::config_source::Snapshot::generation`]).
    pub settings: u64,
    /// The engine's reuse scope for those settings ([`crate::engine::Engine::reuse_scope`]).
    pub scope: u64,
}

impl Epoch {
    fn older_than(self, other: Epoch) -> bool {
        self.settings < other.settings || self.scope < other.scope
    }
}

/// What identifies one admission request to the engine.
#[derive(Debug, Clone, Copy)]
pub struct RequestKey<'a> {
    /// When the request is answered.
    pub epoch: Epoch,
    /// `request.object`, as sent.
    pub object: &'a [u8],
    /// `request.namespace`.
    pub namespace: &'a str,
    /// The URL path (`/inject/...` carries parameters).
    pub path: &'a str,
    /// `request.dryRun`.
    pub dry_run: bool,
    /// The suffix of the object's generated token volume name, keyed as a placeholder; `None` keys the object
    /// exactly.
    pub token: Option<Suffix>,
}

/// The SHA-256 identity of a [`RequestKey`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequestDigest([u8; 32]);

impl RequestDigest {
    /// Digests every field of `key`, each length-prefixed so that no two keys share an encoding.
    pub fn of(key: &RequestKey<'_>) -> Self {
        let mut h = Sha256::new();
        h.update(key.epoch.settings.to_le_bytes());
        h.update(key.epoch.scope.to_le_bytes());
        h.update([u8::from(key.dry_run), u8::from(key.token.is_some())]);
        for part in [key.namespace.as_bytes(), key.path.as_bytes()] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        // Last, so needs no length: the object with the token name, if any, replaced by the placeholder.
        token_volume::for_each_key_piece(key.object, key.token.as_ref(), &mut |piece| {
            h.update(piece)
        });
        RequestDigest(h.finalize().into())
    }
}

/// A remembered patch.
#[derive(Debug)]
pub struct CachedPatch {
    /// The patch (shared form: see [`token_volume::shareable_patch`]) followed by the pod's identity, in one
    /// allocation.
    data: Box<[u8]>,
    patch_len: usize,
    /// The token suffix of the pod it was rendered for.
    origin: Option<Suffix>,
    state: AtomicU8,
}

const CONFIRMED: u8 = 0;
const UNCONFIRMED: u8 = 1;
const REFUTED: u8 = 2;

/// What a remembered patch can do for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// Answer with [`CachedPatch::patch_for`].
    Serve,
    /// Render, then [`CachedPatch::confirm`] the entry with the result.
    Confirm,
    /// Render; the entry is not to be used.
    Refuted,
}

impl CachedPatch {
    /// What this entry offers a request whose pod's token suffix is `token`.
    pub fn reuse(&self, token: Option<&Suffix>) -> Reuse {
        match self.state.load(Ordering::Acquire) {
            REFUTED => Reuse::Refuted,
            UNCONFIRMED if self.origin.as_ref() != token => Reuse::Confirm,
            _ => Reuse::Serve,
        }
    }

    /// The patch for a pod whose token suffix is `token` (once [`Self::reuse`] said [`Reuse::Serve`]).
    pub fn patch_for(&self, token: Option<&Suffix>) -> Cow<'_, [u8]> {
        token_volume::patch_for(&self.data[..self.patch_len], token)
    }

    /// Checks the entry against `patch`, rendered for a pod whose token suffix is `token`: the entry is
    /// confirmed if they agree up to the token name, refuted otherwise. Returns whether they agree.
    pub fn confirm(&self, patch: &[u8], token: Option<&Suffix>) -> bool {
        let agrees = token_volume::shareable_patch(patch, token)
            .is_some_and(|shared| *shared == self.data[..self.patch_len]);
        // A refutation is final, whatever another request concluded meanwhile.
        if agrees {
            let _ = self.state.compare_exchange(
                UNCONFIRMED,
                CONFIRMED,
                Ordering::AcqRel,
                Ordering::Acquire,
            );
        } else {
            self.state.store(REFUTED, Ordering::Release);
        }
        agrees
    }

    /// The pod's `namespace/name` as the decision log shows it.
    pub fn pod(&self) -> &str {
        std::str::from_utf8(&self.data[self.patch_len..]).unwrap_or_default()
    }

    fn cost(&self) -> usize {
        ENTRY_OVERHEAD + self.data.len()
    }
}

/// Bookkeeping bytes charged per entry beyond its contents (map slot, list links, allocation headers).
const ENTRY_OVERHEAD: usize = 160;

/// Counters and sizes, for `/debug/inject`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Entries held.
    pub entries: usize,
    /// Bytes charged for them.
    pub bytes: usize,
    /// The byte budget.
    pub capacity: usize,
}

struct Inner {
    entries: LruCache<RequestDigest, Arc<CachedPatch>>,
    bytes: usize,
    epoch: Epoch,
}

/// A byte-bounded LRU of patches keyed by [`RequestDigest`].
pub struct PatchCache {
    inner: Mutex<Inner>,
    capacity: usize,
}

impl std::fmt::Debug for PatchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatchCache")
            .field("stats", &self.stats())
            .finish()
    }
}

impl PatchCache {
    /// A cache holding at most `capacity` bytes; `None` when `capacity` is 0 (reuse disabled).
    pub fn new(capacity: usize) -> Option<Self> {
        (capacity > 0).then(|| PatchCache {
            inner: Mutex::new(Inner {
                entries: LruCache::unbounded(),
                bytes: 0,
                epoch: Epoch::default(),
            }),
            capacity,
        })
    }

    /// The patch remembered for the request `digest` identifies.
    pub fn get(&self, digest: &RequestDigest) -> Option<Arc<CachedPatch>> {
        let mut inner = self.inner.lock().ok()?;
        inner.entries.get(digest).cloned()
    }

    /// Remembers `patch`, rendered for the request `key` describes (`digest` is its [`RequestDigest`]). Entries
    /// of an older epoch are dropped once a newer one is seen; a patch computed under an epoch that has since
    /// been superseded, too large for an eighth of the budget, or not shareable, is not kept. An entry shared by
    /// pods with different token names starts unconfirmed.
    pub fn insert(&self, key: &RequestKey<'_>, digest: RequestDigest, patch: &[u8], pod: &str) {
        let epoch = key.epoch;
        let Some(shared) = token_volume::shareable_patch(patch, key.token.as_ref()) else {
            return;
        };
        let mut data = Vec::with_capacity(shared.len() + pod.len());
        data.extend_from_slice(&shared);
        data.extend_from_slice(pod.as_bytes());
        let entry = CachedPatch {
            data: data.into_boxed_slice(),
            patch_len: shared.len(),
            origin: key.token,
            state: AtomicU8::new(if key.token.is_some() {
                UNCONFIRMED
            } else {
                CONFIRMED
            }),
        };
        let cost = entry.cost();
        if cost > self.capacity / 8 {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if epoch.older_than(inner.epoch) {
            return;
        }
        if epoch != inner.epoch {
            inner.entries.clear();
            inner.bytes = 0;
            inner.epoch = epoch;
        }
        if let Some(old) = inner.entries.put(digest, Arc::new(entry)) {
            inner.bytes -= old.cost();
        }
        inner.bytes += cost;
        while inner.bytes > self.capacity {
            match inner.entries.pop_lru() {
                Some((_, evicted)) => inner.bytes -= evicted.cost(),
                None => break,
            }
        }
    }

    /// Current size and budget.
    pub fn stats(&self) -> CacheStats {
        let (entries, bytes) = self
            .inner
            .lock()
            .map(|i| (i.entries.len(), i.bytes))
            .unwrap_or_default();
        CacheStats {
            entries,
            bytes,
            capacity: self.capacity,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn key<'a>(object: &'a [u8], epoch: (u64, u64)) -> RequestKey<'a> {
        RequestKey {
            epoch: Epoch {
                settings: epoch.0,
                scope: epoch.1,
            },
            object,
            namespace: "demo",
            path: "/inject",
            dry_run: false,
            token: None,
        }
    }

    fn put(c: &PatchCache, k: &RequestKey<'_>, patch: &str) {
        c.insert(k, RequestDigest::of(k), patch.as_bytes(), "demo/p-");
    }

    fn get(c: &PatchCache, k: &RequestKey<'_>) -> Option<String> {
        c.get(&RequestDigest::of(k)).map(|e| {
            assert_eq!(e.pod(), "demo/p-");
            assert_eq!(e.reuse(k.token.as_ref()), Reuse::Serve);
            String::from_utf8(e.patch_for(k.token.as_ref()).into_owned()).unwrap()
        })
    }

    fn replica(suffix: &str) -> (String, String) {
        let object = format!(r#"{{"spec":{{"volumes":[{{"name":"kube-api-access-{suffix}"}}]}}}}"#);
        let patch = format!(
            r#"[{{"op":"add","path":"/spec/volumes/1","value":{{"name":"istio-envoy"}}}},{{"mount":"kube-api-access-{suffix}"}}]"#
        );
        (object, patch)
    }

    fn token(s: &str) -> Option<Suffix> {
        s.as_bytes().try_into().ok()
    }

    #[test]
    fn replicas_differing_in_their_token_name_share_an_entry_once_confirmed() {
        let c = PatchCache::new(1 << 20).unwrap();
        let (a, patch_a) = replica("x7k2p");
        let (b, patch_b) = replica("b4c5d");
        let ka = RequestKey {
            token: token("x7k2p"),
            ..key(a.as_bytes(), (1, 0))
        };
        let kb = RequestKey {
            token: token("b4c5d"),
            ..key(b.as_bytes(), (1, 0))
        };
        assert_eq!(RequestDigest::of(&ka), RequestDigest::of(&kb));
        assert_ne!(
            RequestDigest::of(&ka),
            RequestDigest::of(&RequestKey { token: None, ..ka }),
            "an exact key never meets a shared one"
        );
        put(&c, &ka, &patch_a);
        // The pod it was rendered for gets its own patch back; another must render first.
        assert_eq!(get(&c, &ka).unwrap(), patch_a);
        let entry = c.get(&RequestDigest::of(&kb)).unwrap();
        assert_eq!(entry.reuse(kb.token.as_ref()), Reuse::Confirm);
        assert!(entry.confirm(patch_b.as_bytes(), kb.token.as_ref()));
        assert_eq!(get(&c, &kb).unwrap(), patch_b);
        let (c_object, patch_c) = replica("zz245");
        let kc = RequestKey {
            token: token("zz245"),
            ..key(c_object.as_bytes(), (1, 0))
        };
        assert_eq!(get(&c, &kc).unwrap(), patch_c);
    }

    #[test]
    fn a_render_that_disagrees_refutes_the_entry_for_good() {
        let c = PatchCache::new(1 << 20).unwrap();
        let (a, patch_a) = replica("x7k2p");
        let ka = RequestKey {
            token: token("x7k2p"),
            ..key(a.as_bytes(), (1, 0))
        };
        put(&c, &ka, &patch_a);
        let entry = c.get(&RequestDigest::of(&ka)).unwrap();
        // As a template hashing the volume name would: the other pod's patch differs beyond the name.
        assert!(!entry.confirm(
            br#"[{"op":"add","path":"/x","value":"9f86d0"}]"#,
            token("b4c5d").as_ref()
        ));
        assert!(matches!(
            entry.reuse(token("b4c5d").as_ref()),
            Reuse::Refuted
        ));
        assert!(matches!(
            entry.reuse(token("x7k2p").as_ref()),
            Reuse::Refuted
        ));
        entry.confirm(patch_a.as_bytes(), token("x7k2p").as_ref());
        assert_eq!(
            entry.reuse(token("x7k2p").as_ref()),
            Reuse::Refuted,
            "a refutation is final"
        );
    }

    #[test]
    fn disabled_at_zero_bytes() {
        assert!(PatchCache::new(0).is_none());
    }

    #[test]
    fn hits_only_the_exact_request() {
        let c = PatchCache::new(1 << 20).unwrap();
        let k = key(br#"{"a":1}"#, (1, 0));
        put(&c, &k, "[1]");
        assert_eq!(get(&c, &k).as_deref(), Some("[1]"));
        assert_eq!(get(&c, &key(br#"{"a":2}"#, (1, 0))), None);
        assert_eq!(
            get(
                &c,
                &RequestKey {
                    namespace: "other",
                    ..k
                }
            ),
            None
        );
        assert_eq!(
            get(
                &c,
                &RequestKey {
                    path: "/inject/net/n1",
                    ..k
                }
            ),
            None
        );
        assert_eq!(get(&c, &RequestKey { dry_run: true, ..k }), None);
        assert_eq!(get(&c, &key(br#"{"a":1}"#, (2, 0))), None);
        assert_eq!(get(&c, &key(br#"{"a":1}"#, (1, 1))), None);
    }

    #[test]
    fn fields_cannot_run_into_each_other() {
        let a = RequestKey {
            namespace: "ab",
            path: "c",
            ..key(b"{}", (1, 0))
        };
        let b = RequestKey {
            namespace: "a",
            path: "bc",
            ..a
        };
        assert_ne!(RequestDigest::of(&a), RequestDigest::of(&b));
    }

    #[test]
    fn a_newer_epoch_drops_older_entries_and_stale_inserts_are_ignored() {
        let c = PatchCache::new(1 << 20).unwrap();
        let old = key(b"{}", (1, 0));
        put(&c, &old, "[old]");
        let new = key(b"{}", (1, 1));
        put(&c, &new, "[new]");
        assert_eq!(c.stats().entries, 1);
        // An engine call that began before the facts changed finishes late: its patch is not kept.
        put(&c, &key(b"{\"late\":1}", (1, 0)), "[late]");
        assert_eq!(c.stats().entries, 1);
        assert_eq!(get(&c, &new).as_deref(), Some("[new]"));
    }

    #[test]
    fn stays_within_its_byte_budget_evicting_the_least_recently_used() {
        let object = vec![b' '; 1000];
        let budget = 8 * (200 + ENTRY_OVERHEAD + 32);
        let c = PatchCache::new(budget).unwrap();
        let objects: Vec<Vec<u8>> = (0..20)
            .map(|i| {
                let mut o = object.clone();
                o[0] = b'0' + i as u8;
                o
            })
            .collect();
        let patch = "x".repeat(200);
        put(&c, &key(&objects[0], (1, 0)), &patch);
        for o in &objects[1..] {
            // Keep the first entry recently used.
            assert!(get(&c, &key(&objects[0], (1, 0))).is_some());
            put(&c, &key(o, (1, 0)), &patch);
            assert!(c.stats().bytes <= budget);
        }
        assert!(get(&c, &key(&objects[0], (1, 0))).is_some());
        assert!(get(&c, &key(&objects[1], (1, 0))).is_none());
        assert!(get(&c, &key(&objects[19], (1, 0))).is_some());
        let stats = c.stats();
        assert!(stats.entries >= 2 && stats.entries < 20, "{stats:?}");
    }

    #[test]
    fn oversized_entries_are_not_kept() {
        let c = PatchCache::new(8000).unwrap();
        put(&c, &key(b"{}", (1, 0)), &"x".repeat(1000));
        assert_eq!(c.stats().entries, 0);
        put(&c, &key(b"{}", (1, 0)), "[]");
        assert_eq!(c.stats().entries, 1);
    }
}
