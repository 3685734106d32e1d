//! RFC 6902 JSON Patch creation: the role of Istio's `createPatch` (`pkg/kube/inject/webhook.go`, which calls
//! `gomodules.xyz/jsonpatch/v2.CreatePatch`), with a smaller, identity-aware diff.
//!
//! Objects are diffed key by key. Array elements are matched by *identity*: equal values, or objects with the
//! same `name` (or other well-known key such as `mountPath`). Arrays drop their common head and tail of
//! matching elements, then align the rest with a minimal edit script (Myers' diff), so a prepended container
//! becomes one `add` at index 0 rather than a cascade of `replace` operations morphing one element into
//! another. Matched elements that changed are diffed recursively; an element that only changed position is
//! `move`d; unmatched ones are removed or added; an unmatched removal next to an unmatched addition becomes
//! a single `replace` (or a recursive diff) only when neither element carries an identity. Operations are in
//! application order: applying them one after the other to the original yields exactly the modified
//! document.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// One RFC 6902 operation, borrowing its value from the modified document.
#[derive(Clone, Debug, PartialEq)]
pub enum PatchOp<'a> {
    /// Insert `value` at `path` (an array index shifts later elements).
    Add {
        /// JSON Pointer of the new member or element.
        path: String,
        /// The value to insert.
        value: &'a Value,
    },
    /// Remove the member or element at `path`.
    Remove {
        /// JSON Pointer of the removed member or element.
        path: String,
    },
    /// Replace the value at `path`.
    Replace {
        /// JSON Pointer of the replaced value.
        path: String,
        /// The new value.
        value: &'a Value,
    },
    /// Move the array element at `from` to `path` (used when an element only changes position).
    Move {
        /// JSON Pointer of the element moved.
        from: String,
        /// JSON Pointer it is moved to, evaluated after its removal from `from`.
        path: String,
    },
}

impl PatchOp<'_> {
    /// The operation name (`"add"`, `"remove"`, `"replace"` or `"move"`).
    pub fn op(&self) -> &'static str {
        match self {
            PatchOp::Add { .. } => "add",
            PatchOp::Remove { .. } => "remove",
            PatchOp::Replace { .. } => "replace",
            PatchOp::Move { .. } => "move",
        }
    }

    /// The JSON Pointer the operation targets.
    pub fn path(&self) -> &str {
        match self {
            PatchOp::Add { path, .. }
            | PatchOp::Remove { path }
            | PatchOp::Replace { path, .. }
            | PatchOp::Move { path, .. } => path,
        }
    }
}

impl Serialize for PatchOp<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (value, from) = match self {
            PatchOp::Add { value, .. } | PatchOp::Replace { value, .. } => (Some(*value), None),
            PatchOp::Remove { .. } => (None, None),
            PatchOp::Move { from, .. } => (None, Some(from)),
        };
        let mut map = serializer.serialize_map(Some(if value.is_some() || from.is_some() {
            3
        } else {
            2
        }))?;
        map.serialize_entry("op", self.op())?;
        if let Some(from) = from {
            map.serialize_entry("from", from)?;
        }
        map.serialize_entry("path", self.path())?;
        if let Some(value) = value {
            map.serialize_entry("value", value)?;
        }
        map.end()
    }
}

/// Serializes a patch as a JSON array (`[]` when empty), the body of an admission response patch.
///
/// The bytes are exactly `serde_json::to_vec(ops)`'s; strings without characters to escape are copied at once.
pub fn patch_to_json(ops: &[PatchOp<'_>]) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(4096);
    out.push(b'[');
    for (i, op) in ops.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"op\":");
        write_json_str(&mut out, op.op())?;
        if let PatchOp::Move { from, .. } = op {
            out.extend_from_slice(b",\"from\":");
            write_json_str(&mut out, from)?;
        }
        out.extend_from_slice(b",\"path\":");
        write_json_str(&mut out, op.path())?;
        if let PatchOp::Add { value, .. } | PatchOp::Replace { value, .. } = op {
            out.extend_from_slice(b",\"value\":");
            write_json_value(&mut out, value)?;
        }
        out.push(b'}');
    }
    out.push(b']');
    Ok(out)
}

/// Compact JSON of a value, as serde_json writes it.
fn write_json_value(out: &mut Vec<u8>, v: &Value) -> Result<(), serde_json::Error> {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => serde_json::to_writer(&mut *out, n)?,
        Value::String(s) => write_json_str(out, s)?,
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json_value(out, item)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            out.push(b'{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json_str(out, k)?;
                out.push(b':');
                write_json_value(out, item)?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

/// A JSON string: copied as is when nothing needs escaping (serde_json escapes only `"`, `\\` and control
/// characters), otherwise written by serde_json.
fn write_json_str(out: &mut Vec<u8>, s: &str) -> Result<(), serde_json::Error> {
    let plain = s
        .bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(&mut *out, s)
    }
}

/// Computes a JSON Patch that turns `original` into `modified`; equal documents give an empty patch.
pub fn create_patch<'m>(original: &Value, modified: &'m Value) -> Vec<PatchOp<'m>> {
    let mut ops = Vec::new();
    let mut path = Pointer {
        segments: Vec::with_capacity(8),
    };
    diff(&mut path, original, modified, &mut ops);
    ops
}

fn diff<'x, 'm: 'x>(
    path: &mut Pointer<'x>,
    a: &'x Value,
    b: &'m Value,
    ops: &mut Vec<PatchOp<'m>>,
) {
    match (a, b) {
        // An empty object in the base may be absent from the document the patch is applied to (a pod the
        // apiserver did not produce omits `resources: {}`), so it is filled with one `add`, which both creates
        // and replaces a member.
        (Value::Object(a), Value::Object(_)) if a.is_empty() && !path.is_root() => {
            ops.push(PatchOp::Add {
                path: path.render(),
                value: b,
            })
        }
        (Value::Object(a), Value::Object(b)) => diff_objects(path, a, b, ops),
        (Value::Array(a), Value::Array(b)) => diff_arrays(path, a, b, ops),
        _ if a == b => {}
        _ => ops.push(PatchOp::Replace {
            path: path.render(),
            value: b,
        }),
    }
}

fn diff_objects<'x, 'm: 'x>(
    path: &mut Pointer<'x>,
    a: &'x Map<String, Value>,
    b: &'m Map<String, Value>,
    ops: &mut Vec<PatchOp<'m>>,
) {
    let base = path.len();
    for key in a.keys() {
        if !b.contains_key(key) {
            path.push_key(key);
            ops.push(PatchOp::Remove {
                path: path.render(),
            });
            path.truncate(base);
        }
    }
    for (key, vb) in b {
        path.push_key(key);
        match a.get(key) {
            // Comparing first skips unchanged subtrees without walking them key by key.
            Some(va) if va == vb => {}
            Some(va) => diff(path, va, vb, ops),
            None => ops.push(PatchOp::Add {
                path: path.render(),
                value: vb,
            }),
        }
        path.truncate(base);
    }
}

/// A JSON Pointer under construction: segments are only rendered (and escaped) when an operation is emitted,
/// so walking unchanged parts of a document costs no formatting.
struct Pointer<'x> {
    segments: Vec<Segment<'x>>,
}

#[derive(Clone, Copy)]
enum Segment<'x> {
    Key(&'x str),
    Index(usize),
}

impl<'x> Pointer<'x> {
    fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    fn len(&self) -> usize {
        self.segments.len()
    }

    fn truncate(&mut self, len: usize) {
        self.segments.truncate(len);
    }

    fn push_key(&mut self, key: &'x str) {
        self.segments.push(Segment::Key(key));
    }

    fn push_index(&mut self, index: usize) {
        self.segments.push(Segment::Index(index));
    }

    /// Renders the pointer, escaping `~` as `~0` and `/` as `~1`.
    fn render(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for segment in &self.segments {
            out.push('/');
            match segment {
                Segment::Key(key) => {
                    for c in key.chars() {
                        match c {
                            '~' => out.push_str("~0"),
                            '/' => out.push_str("~1"),
                            c => out.push(c),
                        }
                    }
                }
                Segment::Index(i) => {
                    let _ = write!(out, "{i}");
                }
            }
        }
        out
    }
}

/// One step of an array alignment, with indexes into the middle parts of the two arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Equal elements.
    Keep,
    /// Same identity, different content: diff recursively.
    Pair(usize, usize),
    /// Remove the original element.
    Del,
    /// Insert the modified element.
    Ins(usize),
}

fn diff_arrays<'x, 'm: 'x>(
    path: &mut Pointer<'x>,
    a: &'x [Value],
    b: &'m [Value],
    ops: &mut Vec<PatchOp<'m>>,
) {
    // Common head and tail of matching elements. Equal ones need no operation; identified ones that
    // changed are diffed in place (the head right away, the tail once the middle is patched).
    let short = a.len().max(b.len()) <= SHORT_LIST;
    let base = path.len();
    let mut prefix = 0;
    while let (Some(x), Some(y)) = (a.get(prefix), b.get(prefix)) {
        match compare(x, y, short) {
            Match::Equal => {}
            Match::Changed => {
                path.push_index(prefix);
                diff(path, x, y, ops);
                path.truncate(base);
            }
            Match::Different => break,
        }
        prefix += 1;
    }
    let (a_rest, b_rest) = (&a[prefix..], &b[prefix..]);
    let mut suffix = 0;
    let mut changed_tail = Vec::new();
    for (x, y) in a_rest.iter().rev().zip(b_rest.iter().rev()) {
        match compare(x, y, short) {
            Match::Equal => {}
            Match::Changed => changed_tail.push(suffix),
            Match::Different => break,
        }
        suffix += 1;
    }
    let a_mid = &a_rest[..a_rest.len() - suffix];
    let b_mid = &b_rest[..b_rest.len() - suffix];
    if !a_mid.is_empty() || !b_mid.is_empty() {
        let steps = align(a_mid, b_mid).unwrap_or_else(|| positional(a_mid, b_mid));
        emit(path, prefix, a_mid, b_mid, &steps, ops);
    }
    // `k` counts from the end; tail elements sit at their final positions once the middle is patched.
    for &k in changed_tail.iter().rev() {
        let (x, y) = (&a[a.len() - 1 - k], &b[b.len() - 1 - k]);
        path.push_index(b.len() - 1 - k);
        diff(path, x, y, ops);
        path.truncate(base);
    }
}

/// Pairs each unmatched original element with an unmatched new element that is the same element (equal,
/// or same identity), so it can be moved instead of removed and re-added.
fn pair_moves(
    a: &[Value],
    b: &[Value],
    steps: &[Step],
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut move_to = vec![None; a.len()];
    let mut move_from = vec![None; b.len()];
    let mut inserted: Vec<usize> = steps
        .iter()
        .filter_map(|s| if let Step::Ins(j) = s { Some(*j) } else { None })
        .collect();
    if inserted.is_empty() {
        return (move_to, move_from);
    }
    let mut ai = 0;
    for step in steps {
        match step {
            Step::Del => {
                if let Some(pos) = inserted.iter().position(|&j| same_element(&a[ai], &b[j])) {
                    let j = inserted.remove(pos);
                    move_to[ai] = Some(j);
                    move_from[j] = Some(ai);
                }
                ai += 1;
            }
            Step::Keep | Step::Pair(..) => ai += 1,
            Step::Ins(_) => {}
        }
    }
    (move_to, move_from)
}

/// Turns an alignment into operations, walking it front to back while tracking where each element sits
/// in the partly patched array.
struct Emitter<'p, 'x, 'm, 'o> {
    path: &'p mut Pointer<'x>,
    base: usize,
    a: &'x [Value],
    b: &'m [Value],
    ops: &'o mut Vec<PatchOp<'m>>,
    /// Index in the working array where the next element of `b` goes.
    index: usize,
    /// Original elements already moved to an earlier position.
    moved_out: Vec<bool>,
    /// Original elements left in place (behind `index`) until they are moved to a later position:
    /// (original index, current position).
    ghosts: Vec<(usize, usize)>,
}

impl<'x, 'm: 'x> Emitter<'_, 'x, 'm, '_> {
    fn at(&mut self, index: usize) -> String {
        self.path.push_index(index);
        let p = self.path.render();
        self.path.truncate(self.base);
        p
    }

    fn diff_at(&mut self, index: usize, i: usize, j: usize) {
        self.path.push_index(index);
        diff(self.path, &self.a[i], &self.b[j], self.ops);
        self.path.truncate(self.base);
    }

    fn remove(&mut self) {
        let path = self.at(self.index);
        self.ops.push(PatchOp::Remove { path });
    }

    fn add(&mut self, j: usize) {
        let path = self.at(self.index);
        self.ops.push(PatchOp::Add {
            path,
            value: &self.b[j],
        });
        self.index += 1;
    }

    /// Brings original element `i` (not yet consumed: `ai <= i`) to the current index as `b[j]`.
    fn move_here(&mut self, ai: usize, i: usize, j: usize) {
        if let Some(g) = self.ghosts.iter().position(|&(gi, _)| gi == i) {
            // Behind us: removing it shifts the insertion point back by one.
            let (_, from) = self.ghosts.remove(g);
            for ghost in &mut self.ghosts {
                if ghost.1 > from {
                    ghost.1 -= 1;
                }
            }
            let target = self.index - 1;
            let (from, path) = (self.at(from), self.at(target));
            self.ops.push(PatchOp::Move { from, path });
            self.diff_at(target, i, j);
        } else {
            // Ahead of us, after the original elements not yet consumed.
            let ahead = (ai..i).filter(|&x| !self.moved_out[x]).count();
            let (from, path) = (self.at(self.index + ahead), self.at(self.index));
            if from != path {
                self.ops.push(PatchOp::Move { from, path });
            }
            self.diff_at(self.index, i, j);
            self.moved_out[i] = true;
            self.index += 1;
        }
    }
}

fn emit<'x, 'm: 'x>(
    path: &mut Pointer<'x>,
    start: usize,
    a: &'x [Value],
    b: &'m [Value],
    steps: &[Step],
    ops: &mut Vec<PatchOp<'m>>,
) {
    let (move_to, move_from) = pair_moves(a, b, steps);
    let base = path.len();
    let mut em = Emitter {
        path,
        base,
        a,
        b,
        ops,
        index: start,
        moved_out: vec![false; a.len()],
        ghosts: Vec::new(),
    };
    let mut ai = 0;
    let mut s = 0;
    while s < steps.len() {
        // A run of plain removals directly followed by plain insertions: substitute identity-less pairs in
        // place instead of removing and adding.
        if steps[s] == Step::Del {
            let dels = steps[s..].iter().take_while(|st| **st == Step::Del).count();
            let ins: Vec<usize> = steps[s + dels..]
                .iter()
                .map_while(|st| {
                    if let Step::Ins(j) = st {
                        Some(*j)
                    } else {
                        None
                    }
                })
                .collect();
            let plain = (ai..ai + dels).all(|i| move_to[i].is_none() && !em.moved_out[i])
                && ins.iter().all(|&j| move_from[j].is_none());
            let subs = dels.min(ins.len());
            if plain && subs > 0 && (0..subs).all(|k| substitutable(&a[ai + k], &b[ins[k]])) {
                for (k, &j) in ins.iter().enumerate().take(subs) {
                    em.diff_at(em.index, ai + k, j);
                    em.index += 1;
                }
                for _ in subs..dels {
                    em.remove();
                }
                for &j in &ins[subs..] {
                    em.add(j);
                }
                ai += dels;
                s += dels + ins.len();
                continue;
            }
        }
        match steps[s] {
            Step::Keep => {
                em.index += 1;
                ai += 1;
            }
            Step::Pair(i, j) => {
                em.diff_at(em.index, i, j);
                em.index += 1;
                ai += 1;
            }
            Step::Del => {
                if em.moved_out[ai] {
                    // Already moved to an earlier position.
                } else if move_to[ai].is_some() {
                    em.ghosts.push((ai, em.index));
                    em.index += 1;
                } else {
                    em.remove();
                }
                ai += 1;
            }
            Step::Ins(j) => match move_from[j] {
                Some(i) => em.move_here(ai, i, j),
                None => em.add(j),
            },
        }
        s += 1;
    }
}

/// Whether a removed and an inserted element may be turned into one in place: scalars, arrays, or
/// objects that carry no identity (so nothing is renamed into something else).
fn substitutable(x: &Value, y: &Value) -> bool {
    match (x, y) {
        (Value::Object(_), Value::Object(_)) => identity(x).is_none() && identity(y).is_none(),
        (Value::Object(_), _) | (_, Value::Object(_)) => false,
        _ => true,
    }
}

/// Keys that identify list elements of Kubernetes objects (the merge keys of core/v1 lists).
const IDENTITY_KEYS: [&str; 7] = [
    "name",
    "mountPath",
    "containerPort",
    "devicePath",
    "ip",
    "uid",
    "topologyKey",
];

/// The identity of an object element: its first well-known key holding a string or number.
fn identity(v: &Value) -> Option<(&'static str, &Value)> {
    let Value::Object(map) = v else { return None };
    IDENTITY_KEYS.iter().find_map(|&k| match map.get(k) {
        Some(id @ (Value::String(_) | Value::Number(_))) => Some((k, id)),
        _ => None,
    })
}

/// Lists up to this long compare elements by identity first (a few map lookups each) rather than by
/// equality first, so a changed element holding a large subtree is walked once, not twice.
const SHORT_LIST: usize = 16;

enum Match {
    Equal,
    /// Same identity, possibly different content: diff recursively.
    Changed,
    Different,
}

fn compare(x: &Value, y: &Value, identity_first: bool) -> Match {
    if identity_first {
        if same_identity(x, y) {
            Match::Changed
        } else if x == y {
            Match::Equal
        } else {
            Match::Different
        }
    } else if x == y {
        Match::Equal
    } else if same_identity(x, y) {
        Match::Changed
    } else {
        Match::Different
    }
}

/// Whether two elements are objects with the same identity.
fn same_identity(x: &Value, y: &Value) -> bool {
    match (identity(x), identity(y)) {
        (Some(ix), Some(iy)) => ix == iy,
        _ => false,
    }
}

/// Whether two elements are "the same element": equal, or objects with the same identity.
fn same_element(x: &Value, y: &Value) -> bool {
    match (identity(x), identity(y)) {
        (Some(ix), Some(iy)) => ix == iy,
        (None, None) => x == y,
        _ => false,
    }
}

/// Minimal alignment under `same_element` (Myers' O((N+M)·D) diff), with the removals of each gap placed
/// before its insertions. `None` when more edits are needed than `MAX_EDITS` (or the comparison budget) allows.
fn align(a: &[Value], b: &[Value]) -> Option<Vec<Step>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    // Bound the work, O((n + m) · d), for long arrays.
    let budget = (ALIGN_BUDGET / (n + m).max(1) as usize).max(16);
    let max_d = (n + m).min(MAX_EDITS.min(budget) as isize);
    let offset = max_d + 1;
    // v[k + offset] = furthest x reached on diagonal k = x - y.
    let mut v = vec![0isize; 2 * offset as usize + 1];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let at = |k: isize| (k + offset) as usize;
    let mut end = None;
    'outer: for d in 0..=max_d {
        for k in (-d..=d).step_by(2) {
            let mut x = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) {
                v[at(k + 1)]
            } else {
                v[at(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && same_element(&a[x as usize], &b[y as usize]) {
                x += 1;
                y += 1;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                end = Some(d);
                break 'outer;
            }
        }
        trace.push(v[at(-d)..=at(d)].to_vec());
    }
    let end = end?;
    // Walk back from (n, m), collecting steps in reverse.
    let mut rev = Vec::with_capacity((n + m) as usize);
    let (mut x, mut y) = (n, m);
    for d in (1..=end).rev() {
        let prev = &trace[(d - 1) as usize];
        let pv = |k: isize| prev[(k + d - 1) as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && pv(k - 1) < pv(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = pv(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            rev.push(matched(a, b, x as usize, y as usize));
        }
        if x == prev_x {
            y -= 1;
            rev.push(Step::Ins(y as usize));
        } else {
            x -= 1;
            rev.push(Step::Del);
        }
    }
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        rev.push(matched(a, b, x as usize, y as usize));
    }
    rev.reverse();
    // Within each gap between matches, removals first.
    let mut steps = Vec::with_capacity(rev.len());
    let mut gap_ins = Vec::new();
    for step in rev {
        match step {
            Step::Del => steps.push(Step::Del),
            Step::Ins(_) => gap_ins.push(step),
            _ => {
                steps.append(&mut gap_ins);
                steps.push(step);
            }
        }
    }
    steps.append(&mut gap_ins);
    Some(steps)
}

/// Most edits one array alignment may take before falling back to a positional diff.
const MAX_EDITS: usize = 512;

/// Most element comparisons (array length times edits) one alignment may spend.
const ALIGN_BUDGET: usize = 1 << 22;

fn matched(a: &[Value], b: &[Value], i: usize, j: usize) -> Step {
    if a[i] == b[j] {
        Step::Keep
    } else {
        Step::Pair(i, j)
    }
}

/// Fallback for arrays that differ too much: identity-matched elements at the same position are diffed, the rest
/// removed and re-added (still exact, just not minimal).
fn positional(a: &[Value], b: &[Value]) -> Vec<Step> {
    let common = a.len().min(b.len());
    let mut steps = Vec::with_capacity(a.len() + b.len());
    let mut dels = 0;
    let mut ins = Vec::new();
    for k in 0..common {
        if same_element(&a[k], &b[k]) {
            steps.extend(std::iter::repeat_n(Step::Del, dels));
            steps.extend(ins.drain(..).map(Step::Ins));
            dels = 0;
            steps.push(if a[k] == b[k] {
                Step::Keep
            } else {
                Step::Pair(k, k)
            });
        } else {
            dels += 1;
            ins.push(k);
        }
    }
    steps.extend(std::iter::repeat_n(Step::Del, dels + a.len() - common));
    steps.extend(ins.into_iter().chain(common..b.len()).map(Step::Ins));
    steps
}

/// Applies the serialized `ops` to a copy of `doc` with the independent `json-patch` crate (for tests).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn apply_independently(doc: &Value, ops: &[PatchOp<'_>]) -> Value {
    let patch: json_patch::Patch = serde_json::from_slice(&patch_to_json(ops).unwrap()).unwrap();
    let mut doc = doc.clone();
    json_patch::patch(&mut doc, &patch).unwrap();
    doc
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patch_json_is_serde_json_output() {
        let value = json!({"a\"b": ["x\ny", "tab\t", "back\\slash", "\u{1}", "ünï", 1, -2, 1.5, 1e300, null, true, false],
            "nested": {"": {}, "e": []}, "<&>": "</script>"});
        let ops = vec![
            PatchOp::Add {
                path: "/a~1b/0".into(),
                value: &value,
            },
            PatchOp::Remove {
                path: "/x\"y".into(),
            },
            PatchOp::Replace {
                path: "/r".into(),
                value: &value["nested"],
            },
            PatchOp::Move {
                from: "/m/0".into(),
                path: "/m/1".into(),
            },
        ];
        assert_eq!(
            patch_to_json(&ops).unwrap(),
            serde_json::to_vec(&ops).unwrap()
        );
        assert_eq!(patch_to_json(&[]).unwrap(), b"[]");
    }

    fn check(a: &Value, b: &Value) -> Vec<String> {
        let ops = create_patch(a, b);
        assert_eq!(&apply_independently(a, &ops), b, "ops: {ops:?}");
        ops.iter()
            .map(|o| match o {
                PatchOp::Move { from, path } => format!("move {from} {path}"),
                o => format!("{} {}", o.op(), o.path()),
            })
            .collect()
    }

    #[test]
    fn equal_documents_give_empty_patch() {
        let doc = json!({"a": [1, {"b": null}], "c": "d"});
        assert!(create_patch(&doc, &doc.clone()).is_empty());
        assert_eq!(patch_to_json(&[]).unwrap(), b"[]");
    }

    #[test]
    fn scalars_and_root() {
        assert_eq!(check(&json!(1), &json!("x")), ["replace "]);
        assert_eq!(check(&json!({"a": 1}), &json!([1])), ["replace "]);
        assert_eq!(
            check(&json!({"a": 1, "b": 2}), &json!({"a": 3, "c": 2})),
            ["remove /b", "replace /a", "add /c"]
        );
    }

    #[test]
    fn empty_objects_are_filled_whole() {
        // The target document may lack the empty object altogether.
        let a = json!({"spec": {"resources": {}}});
        let b = json!({"spec": {"resources": {"limits": {"cpu": "1"}}}});
        assert_eq!(check(&a, &b), ["add /spec/resources"]);
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        let a = json!({"metadata": {"annotations": {"keep": "1"}}});
        let b = json!({"metadata": {"annotations": {"keep": "1", "sidecar.istio.io/status": "x", "a~b": "y"}}});
        // Member order follows the map's iteration order, which depends on serde_json features.
        let mut ops = check(&a, &b);
        ops.sort();
        assert_eq!(
            ops,
            [
                "add /metadata/annotations/a~0b",
                "add /metadata/annotations/sidecar.istio.io~1status"
            ]
        );
    }

    #[test]
    fn prepending_is_one_add_at_index_zero() {
        let a =
            json!({"initContainers": [{"name": "a", "image": "1"}, {"name": "b", "image": "2"}]});
        let b = json!({"initContainers": [{"name": "istio-init"}, {"name": "istio-proxy"}, {"name": "a", "image": "1"},
            {"name": "b", "image": "2"}]});
        assert_eq!(
            check(&a, &b),
            ["add /initContainers/0", "add /initContainers/1"]
        );
    }

    #[test]
    fn renamed_elements_are_not_morphed() {
        let a = json!([{"name": "a", "image": "x"}]);
        let b = json!([{"name": "b", "image": "x"}]);
        assert_eq!(check(&a, &b), ["remove /0", "add /0"]);
    }

    #[test]
    fn same_name_elements_are_diffed_in_place() {
        let a = json!([{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]);
        let b = json!([{"name": "n"}, {"name": "a", "image": "x2"}, {"name": "b", "image": "y"}]);
        assert_eq!(check(&a, &b), ["add /0", "replace /1/image"]);
    }

    #[test]
    fn scalar_substitution_is_a_replace() {
        assert_eq!(
            check(&json!(["a", "b", "c"]), &json!(["a", "x", "c"])),
            ["replace /1"]
        );
        assert_eq!(
            check(&json!(["a", "b", "c"]), &json!(["a", "x", "y", "c"])),
            ["replace /1", "add /2"]
        );
        assert_eq!(
            check(&json!([1, 2, 3]), &json!([3])),
            ["remove /0", "remove /0"]
        );
        assert_eq!(
            check(&json!([{"k": 1}]), &json!([{"k": 2}])),
            ["replace /0/k"]
        );
    }

    #[test]
    fn reordered_elements_are_moved_not_recreated() {
        let a = json!([{"name": "a"}, {"name": "b"}, {"name": "c"}]);
        assert_eq!(
            check(&a, &json!([{"name": "c"}, {"name": "a"}, {"name": "b"}])),
            ["move /2 /0"]
        );
        assert_eq!(
            check(&a, &json!([{"name": "b"}, {"name": "c"}, {"name": "a"}])),
            ["move /0 /2"]
        );
        assert_eq!(
            check(
                &a,
                &json!([{"name": "b", "x": 1}, {"name": "c"}, {"name": "a", "y": 2}])
            ),
            ["add /1/x", "move /0 /2", "add /2/y"]
        );
        assert_eq!(
            check(&json!(["x", "y"]), &json!(["y", "x"])),
            ["move /0 /1"]
        );
        let reversed = json!([{"name": "c"}, {"name": "b"}, {"name": "a"}]);
        let ops = create_patch(&a, &reversed);
        assert!(ops.iter().all(|o| o.op() == "move"), "{ops:?}");
    }

    #[test]
    fn null_values_are_serialized() {
        let a = json!({});
        let b = json!({"x": null});
        let ops = create_patch(&a, &b);
        assert_eq!(
            String::from_utf8(patch_to_json(&ops).unwrap()).unwrap(),
            r#"[{"op":"add","path":"/x","value":null}]"#
        );
        let ops = create_patch(&b, &a);
        assert_eq!(
            String::from_utf8(patch_to_json(&ops).unwrap()).unwrap(),
            r#"[{"op":"remove","path":"/x"}]"#
        );
    }

    #[test]
    fn positional_fallback_is_exact() {
        let a: Vec<Value> = (0..300)
            .map(|i| json!({"name": format!("n{i}"), "v": i}))
            .collect();
        let mut b = a.clone();
        b.reverse();
        b[150] = json!("scalar");
        let (a, b) = (Value::Array(a), Value::Array(b));
        check(&a, &b);
        check(&b, &a);
    }
}
