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
//! on a hash an attacker could collide. Memory is one buffer of the budget's size, allocated once; the oldest
//! entries are overwritten first.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

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

/// A remembered patch, copied out of the cache.
#[derive(Debug, Clone)]
pub struct CachedPatch {
    /// The patch (shared form: see [`token_volume::shareable_patch`]) followed by the pod's identity.
    data: Vec<u8>,
    patch_len: usize,
    /// The token suffix of the pod it was rendered for.
    origin: Option<Suffix>,
    state: State,
    /// Which insertion this is a copy of.
    seq: u64,
}

/// Whether an entry may be served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Confirmed,
    /// Shared across token names but not yet checked against a second render.
    Unconfirmed,
    /// A second render disagreed: never served.
    Refuted,
}

/// What a remembered patch can do for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// Answer with [`CachedPatch::patch_for`].
    Serve,
    /// Render, then [`PatchCache::confirm`] the entry with the result.
    Confirm,
    /// Render; the entry is not to be used.
    Refuted,
}

impl CachedPatch {
    /// What this entry offers a request whose pod's token suffix is `token`.
    pub fn reuse(&self, token: Option<&Suffix>) -> Reuse {
        match self.state {
            State::Refuted => Reuse::Refuted,
            State::Unconfirmed if self.origin.as_ref() != token => Reuse::Confirm,
            _ => Reuse::Serve,
        }
    }

    /// The patch for a pod whose token suffix is `token` (once [`Self::reuse`] said [`Reuse::Serve`]).
    pub fn patch_for(&self, token: Option<&Suffix>) -> Cow<'_, [u8]> {
        token_volume::patch_for(&self.data[..self.patch_len], token)
    }

    /// The pod's `namespace/name` as the decision log shows it.
    pub fn pod(&self) -> &str {
        std::str::from_utf8(&self.data[self.patch_len..]).unwrap_or_default()
    }
}

/// Counters and sizes, for `/debug/inject`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Entries held.
    pub entries: usize,
    /// Bytes of the ring they occupy.
    pub bytes: usize,
    /// The byte budget (the ring's size).
    pub capacity: usize,
}

/// Where an entry lives in the ring, and what is known about it.
#[derive(Debug, Clone, Copy)]
struct Slot {
    start: usize,
    len: usize,
    patch_len: usize,
    origin: Option<Suffix>,
    state: State,
    seq: u64,
}

/// Entries are written one after another into one buffer allocated once, so the cache's memory is its budget
/// and stays put however fast entries come and go; the oldest entries are overwritten first.
struct Inner {
    ring: Vec<u8>,
    /// Where the next entry is written.
    head: usize,
    slots: HashMap<RequestDigest, Slot>,
    /// Live and replaced entries in ring order, oldest first: `(digest, seq, start)`.
    order: VecDeque<(RequestDigest, u64, usize)>,
    /// Bytes occupied by live entries.
    bytes: usize,
    next_seq: u64,
    epoch: Epoch,
}

impl Inner {
    fn clear(&mut self) {
        self.slots.clear();
        self.order.clear();
        self.head = 0;
        self.bytes = 0;
    }

    /// Drops the oldest entry in ring order (its bytes become free).
    fn pop_oldest(&mut self) -> Option<usize> {
        let (digest, seq, start) = self.order.pop_front()?;
        if self.slots.get(&digest).is_some_and(|s| s.seq == seq) {
            if let Some(slot) = self.slots.remove(&digest) {
                self.bytes -= slot.len;
            }
        }
        Some(start)
    }

    /// Makes `len` bytes free at `head` (wrapping to the start when the end is too short) and returns where.
    fn make_room(&mut self, len: usize) -> usize {
        let capacity = self.ring.len();
        if self.head + len > capacity {
            // The tail past `head` holds the oldest entries: drop them and start over at 0.
            while self
                .order
                .front()
                .is_some_and(|&(_, _, start)| start >= self.head)
            {
                self.pop_oldest();
            }
            self.head = 0;
        }
        let end = self.head + len;
        while self
            .order
            .front()
            .is_some_and(|&(_, _, start)| start >= self.head && start < end)
        {
            self.pop_oldest();
        }
        self.head
    }
}

/// Budget bytes per entry the index may hold at most (a 1 MiB cache indexes at most 2,048 entries).
const MIN_ENTRY_BYTES: usize = 512;

/// A byte-bounded cache of patches keyed by [`RequestDigest`], evicting the oldest.
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
    /// A cache holding at most `capacity` bytes of patches; `None` when `capacity` is 0 (reuse disabled). The
    /// buffer is allocated on the first insert.
    pub fn new(capacity: usize) -> Option<Self> {
        (capacity > 0).then(|| PatchCache {
            inner: Mutex::new(Inner {
                ring: Vec::new(),
                head: 0,
                slots: HashMap::new(),
                order: VecDeque::new(),
                bytes: 0,
                next_seq: 0,
                epoch: Epoch::default(),
            }),
            capacity,
        })
    }

    /// A copy of the patch remembered for the request `digest` identifies.
    pub fn get(&self, digest: &RequestDigest) -> Option<CachedPatch> {
        let inner = self.inner.lock().ok()?;
        let slot = inner.slots.get(digest)?;
        Some(CachedPatch {
            data: inner.ring.get(slot.start..slot.start + slot.len)?.to_vec(),
            patch_len: slot.patch_len,
            origin: slot.origin,
            state: slot.state,
            seq: slot.seq,
        })
    }

    /// Checks `entry` (from [`Self::get`] with `digest`) against `patch`, rendered for a pod whose token suffix
    /// is `token`: the entry is confirmed if they agree up to the token name, refuted for good otherwise.
    /// Returns whether they agree.
    pub fn confirm(
        &self,
        digest: &RequestDigest,
        entry: &CachedPatch,
        patch: &[u8],
        token: Option<&Suffix>,
    ) -> bool {
        let agrees = token_volume::shareable_patch(patch, token)
            .is_some_and(|shared| *shared == entry.data[..entry.patch_len]);
        if let Ok(mut inner) = self.inner.lock() {
            if let Some(slot) = inner.slots.get_mut(digest).filter(|s| s.seq == entry.seq) {
                slot.state = match (agrees, slot.state) {
                    (_, State::Refuted) | (false, _) => State::Refuted,
                    (true, _) => State::Confirmed,
                };
            }
        }
        agrees
    }

    /// Remembers `patch`, rendered for the request `key` describes (`digest` is its [`RequestDigest`]). Entries
    /// of an older epoch are dropped once a newer one is seen; a patch computed under an epoch that has since
    /// been superseded, larger than an eighth of the budget, or not shareable, is not kept. An entry shared by
    /// pods with different token names starts unconfirmed.
    pub fn insert(&self, key: &RequestKey<'_>, digest: RequestDigest, patch: &[u8], pod: &str) {
        let epoch = key.epoch;
        let Some(shared) = token_volume::shareable_patch(patch, key.token.as_ref()) else {
            return;
        };
        let len = shared.len() + pod.len();
        if len > self.capacity / 8 {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if epoch.older_than(inner.epoch) {
            return;
        }
        if epoch != inner.epoch {
            inner.clear();
            inner.epoch = epoch;
        }
        if inner.ring.len() != self.capacity {
            inner.ring = vec![0; self.capacity];
        }
        if let Some(old) = inner.slots.remove(&digest) {
            inner.bytes -= old.len;
        }
        let start = inner.make_room(len);
        // Keep the index small next to the buffer, however small the patches.
        while inner.slots.len() >= (self.capacity / MIN_ENTRY_BYTES).max(1) {
            if inner.pop_oldest().is_none() {
                break;
            }
        }
        inner.ring[start..start + shared.len()].copy_from_slice(&shared);
        inner.ring[start + shared.len()..start + len].copy_from_slice(pod.as_bytes());
        let seq = inner.next_seq;
        inner.next_seq += 1;
        inner.slots.insert(
            digest,
            Slot {
                start,
                len,
                patch_len: shared.len(),
                origin: key.token,
                state: if key.token.is_some() {
                    State::Unconfirmed
                } else {
                    State::Confirmed
                },
                seq,
            },
        );
        inner.order.push_back((digest, seq, start));
        inner.head = start + len;
        inner.bytes += len;
    }

    /// Current size and budget.
    pub fn stats(&self) -> CacheStats {
        let (entries, bytes) = self
            .inner
            .lock()
            .map(|i| (i.slots.len(), i.bytes))
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
        let digest = RequestDigest::of(&kb);
        let entry = c.get(&digest).unwrap();
        assert_eq!(entry.reuse(kb.token.as_ref()), Reuse::Confirm);
        assert!(c.confirm(&digest, &entry, patch_b.as_bytes(), kb.token.as_ref()));
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
        let digest = RequestDigest::of(&ka);
        let entry = c.get(&digest).unwrap();
        // As a template hashing the volume name would: the other pod's patch differs beyond the name.
        let other = br#"[{"op":"add","path":"/x","value":"9f86d0"}]"#;
        assert!(!c.confirm(&digest, &entry, other, token("b4c5d").as_ref()));
        let now = c.get(&digest).unwrap();
        assert_eq!(now.reuse(token("b4c5d").as_ref()), Reuse::Refuted);
        assert_eq!(now.reuse(token("x7k2p").as_ref()), Reuse::Refuted);
        assert!(c.confirm(&digest, &entry, patch_a.as_bytes(), token("x7k2p").as_ref()));
        assert_eq!(
            c.get(&digest).unwrap().reuse(token("x7k2p").as_ref()),
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
    fn stays_within_its_buffer_overwriting_the_oldest() {
        let budget = 10_000;
        let c = PatchCache::new(budget).unwrap();
        let objects: Vec<String> = (0..40).map(|i| format!("{{\"n\":{i}}}")).collect();
        // 1,000 bytes per entry with the 7-byte pod identity: ten fit.
        let patch = "x".repeat(993);
        for (i, o) in objects.iter().enumerate() {
            put(&c, &key(o.as_bytes(), (1, 0)), &patch);
            let stats = c.stats();
            assert!(stats.bytes <= budget, "{stats:?}");
            assert_eq!(stats.entries, (i + 1).min(10), "after {i}");
        }
        for (i, o) in objects.iter().enumerate() {
            assert_eq!(
                get(&c, &key(o.as_bytes(), (1, 0))).is_some(),
                i >= 30,
                "{i}"
            );
        }
        // Entries that do not divide the buffer evenly wrap around without overlapping.
        let c = PatchCache::new(budget).unwrap();
        let patch_of = |i: usize| format!("{i:02}{}", "y".repeat(400 + (i * 37) % 700));
        for (i, o) in objects.iter().enumerate() {
            put(&c, &key(o.as_bytes(), (1, 0)), &patch_of(i));
            assert!(c.stats().bytes <= budget);
            // Every entry still held reads back whole: none was overwritten by a later one.
            for (j, held) in objects[..=i].iter().enumerate() {
                if let Some(p) = get(&c, &key(held.as_bytes(), (1, 0))) {
                    assert_eq!(p, patch_of(j), "entry {j} after insert {i}");
                }
            }
            assert!(get(&c, &key(o.as_bytes(), (1, 0))).is_some());
        }
        // Re-inserting a key replaces its entry.
        let k = key(objects[39].as_bytes(), (1, 0));
        put(&c, &k, "[again]");
        assert_eq!(get(&c, &k).as_deref(), Some("[again]"));
    }

    #[test]
    fn the_index_stays_small_with_tiny_patches() {
        let c = PatchCache::new(2048).unwrap();
        for i in 0..50 {
            let o = format!("{{\"n\":{i}}}");
            put(&c, &key(o.as_bytes(), (1, 0)), "[]");
        }
        assert_eq!(c.stats().entries, 4);
        assert!(get(&c, &key(b"{\"n\":49}", (1, 0))).is_some());
    }

    #[test]
    fn oversized_entries_are_not_kept() {
        let c = PatchCache::new(8000).unwrap();
        put(&c, &key(b"{}", (1, 0)), &"x".repeat(1001));
        assert_eq!(c.stats().entries, 0);
        put(&c, &key(b"{}", (1, 0)), "[]");
        assert_eq!(c.stats().entries, 1);
    }
}
