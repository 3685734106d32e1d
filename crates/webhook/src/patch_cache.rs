//! Reuse of injection patches for identical admission requests.
//!
//! The apiserver generates a pod's name and uid only after admission, so a ReplicaSet's pods can reach the
//! webhook as byte-identical objects, and the engine, a pure function of the request and the active settings,
//! answers each with the same patch. This cache remembers recent patches by the exact request, so a repeat costs
//! a digest instead of a render.
//!
//! Repeats need pods without a service-account token volume (`automountServiceAccountToken: false`, as hardened
//! clusters set on service accounts): the ServiceAccount admission plugin, which runs before webhooks, names that
//! volume `kube-api-access-` plus five random characters for each pod. Such pods are never repeated, so
//! [`may_repeat`] keeps them out of the cache at the cost of one substring search. Pods created in different
//! seconds also differ, in their managed fields' timestamp; a ReplicaSet creates each batch of pods at once.
//!
//! A patch is reused only when everything the engine read is provably the same: the pod object's bytes, the
//! request namespace, the URL path and the dry-run flag (the key), and the settings version and the engine's
//! reuse scope (the epoch; see [`crate::engine::Engine::reuse_scope`]). A request is identified by the SHA-256
//! of all of these, so entries hold only the digest and the patch, and telling two requests apart does not rest
//! on a hash an attacker could collide. Memory is bounded by bytes, evicting the least recently used entry.

use std::sync::{Arc, Mutex};

use lru::LruCache;
use sha2::{Digest as _, Sha256};

/// Whether a pod object could arrive again byte for byte: not if it carries a generated service-account token
/// volume, whose name is random per pod.
pub fn may_repeat(object: &[u8]) -> bool {
    memchr::memmem::find(object, br#""kube-api-access-"#).is_none()
}

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
        h.update([u8::from(key.dry_run)]);
        for part in [key.namespace.as_bytes(), key.path.as_bytes(), key.object] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        RequestDigest(h.finalize().into())
    }
}

/// A remembered patch.
#[derive(Debug)]
pub struct CachedPatch {
    /// The patch followed by the pod's identity, in one allocation.
    data: Box<[u8]>,
    patch_len: usize,
}

impl CachedPatch {
    /// The RFC 6902 patch (raw JSON).
    pub fn patch(&self) -> &[u8] {
        &self.data[..self.patch_len]
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

    /// Remembers `patch` for the request `digest` identifies, computed under `epoch`. Entries of an older epoch
    /// are dropped once a newer one is seen; a patch computed under an epoch that has since been superseded, or
    /// too large for an eighth of the budget, is not kept.
    pub fn insert(&self, epoch: Epoch, digest: RequestDigest, patch: &[u8], pod: &str) {
        let mut data = Vec::with_capacity(patch.len() + pod.len());
        data.extend_from_slice(patch);
        data.extend_from_slice(pod.as_bytes());
        let entry = CachedPatch {
            data: data.into_boxed_slice(),
            patch_len: patch.len(),
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
        }
    }

    fn put(c: &PatchCache, k: &RequestKey<'_>, patch: &str) {
        c.insert(k.epoch, RequestDigest::of(k), patch.as_bytes(), "demo/p-");
    }

    fn get(c: &PatchCache, k: &RequestKey<'_>) -> Option<String> {
        c.get(&RequestDigest::of(k)).map(|e| {
            assert_eq!(e.pod(), "demo/p-");
            String::from_utf8(e.patch().to_vec()).unwrap()
        })
    }

    #[test]
    fn pods_with_a_generated_token_volume_never_repeat() {
        assert!(may_repeat(br#"{"spec":{"volumes":[{"name":"data"}]}}"#));
        assert!(!may_repeat(
            br#"{"spec":{"volumes":[{"name":"kube-api-access-x7k2p","projected":{}}]}}"#
        ));
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
