//! Kubernetes-flavoured YAML, byte-compatible with `sigs.k8s.io/yaml` v1.6 (go-yaml v2
//! inside): [`from_str`] is `YAMLToJSON`, [`to_string`] is `Marshal` of the equivalent Go
//! value, [`split_documents`] is apimachinery's `YAMLReader`.
//!
//! # Parsing (`from_str`)
//! - Only the first document of the input is read (as `yaml.Unmarshal`); split streams
//!   first with [`split_documents`]. Empty input is `null`.
//! - Plain scalars resolve with YAML 1.1 rules: `y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE`
//!   and their negatives are booleans (`yES`, `oN` stay strings); `~`, `null`, `Null`,
//!   `NULL` and the empty scalar are null; integers take an optional sign, `_` separators and
//!   Go prefixes `0x`/`0o`/`0b` or a leading `0` for octal (`017` is 15). `08` is not an
//!   octal integer but matches the float syntax: it is the float 8. Integers above
//!   `i64::MAX` up to `u64::MAX` stay unsigned, larger ones become floats; a float that
//!   overflows to infinity (`1e400`) stays a string. `.inf`/`.nan` parse but cannot be
//!   represented in JSON, so they are errors as in `YAMLToJSON`.
//! - Timestamps (`2001-12-14`, `2001-12-14T21:59:43.1Z`) stay strings, as go-yaml v2 hands
//!   them to `interface{}`.
//! - Quoted and block scalars are always strings. Explicit `!!str`, `!!int`, `!!float`,
//!   `!!bool`, `!!null`, `!!timestamp`, `!!binary` tags are honoured (a mismatch is an
//!   error); other tags are ignored and leave the text a string.
//! - Map keys become JSON strings as sigs.k8s.io/yaml converts them: integers in decimal,
//!   floats with 32-bit `%g` (`1.5`, `.inf`), booleans `true`/`false`. Null keys, keys above
//!   `i64::MAX` and collection keys are errors.
//! - Duplicate keys: the later one wins silently (go-yaml v2 non-strict). Keys that only
//!   become equal after conversion (`1` and `"1"`) are resolved in document order here
//!   where Go's map iteration makes the outcome random.
//! - Merge keys `<<` apply go-yaml v2's order: a merged mapping overrides keys written
//!   before the `<<`, keys written after it override the merged ones; in a sequence of
//!   mappings the earlier mapping wins.
//! - Anchors may be redefined (an alias refers to the latest definition); excessive alias
//!   expansion is an error with go-yaml v2's ratio rule. Nesting is limited to 256 levels
//!   (go-yaml v2: 10000) to keep the recursive decoder within a small thread stack;
//!   saphyr-parser limits flow collections to about the same depth.
//! - Input characters libyaml refuses (C0 controls other than tab/CR/LF, DEL, C1 controls
//!   other than NEL, U+FFFE/U+FFFF) are errors; a leading byte order mark is skipped; `\/`
//!   is not an escape in double-quoted scalars (libyaml), an error.
//! - The tokenizer is `saphyr-parser` (YAML 1.2 syntax); inputs where YAML 1.1 and 1.2
//!   syntax differ (NEL/LS/PS as line breaks, tabs in odd places) may be accepted or
//!   rejected differently from libyaml. Error messages are saphyr's, not libyaml's.
//!
//! # Emitting (`to_string`)
//! - Keys sort in go-yaml v2's order (digit runs numerically, non-letters before letters).
//! - Block style, two-space indentation, sequences inside mappings at the key's
//!   indentation, `{}` and `[]` for empty collections, `null`, `true`/`false`.
//! - Numbers: integers as written; floats as Go's JSON text re-read by go-yaml, so
//!   integral floats below 1e21 print as integers and others with `%g` (`1.5`,
//!   `1.2345675e+06`, `1e+21`).
//! - Strings containing `\n` are literal blocks (`|`, `|-`, `|+`, with an indentation
//!   indicator `|2` when the text starts with a space or break) unless a line ends in a
//!   space, the text ends in a space, or it holds a non-printable character (tab, control
//!   characters, characters outside the BMP such as emoji): then double-quoted with escapes.
//! - Strings that would resolve to another type (`"true"`, `"1"`, `""`, `"2001-12-14"`,
//!   `"1:20"`) are double-quoted; strings that cannot be plain for syntax reasons (leading
//!   `*`, `: ` inside, leading/trailing space) are single-quoted when possible.
//! - Plain, single- and double-quoted scalars longer than 80 columns are folded at spaces
//!   (go-yaml v2's default width); literal blocks are never folded.
//! - Keys longer than 128 bytes or spanning lines are written as `? key` / `: value`.
//! - Where Go itself misbehaves the emitter does not follow: `Marshal` fails for strings
//!   holding U+007F–U+009F other than U+0085 (its YAML reader rejects the raw characters
//!   that `encoding/json` leaves in), turns U+0085 inside a string value into a folded space
//!   and fails on it (and on U+2028/U+2029) inside keys. These are written here as escaped
//!   double-quoted scalars, which read back to the original string.
//! - Key sets on which go-yaml's order is not transitive (mixes such as `1`, `01`, `0a`, or
//!   `a0`, `a00`, `a01b`) come out in a random order from Go (its input is a Go map); they
//!   come out in one fixed order here.
//! - `to_string` takes a `Value`, so a float is whatever Go's `encoding/json` writes for that
//!   `float64` (`1000000` for 1e6), not the spelling of some JSON text.

mod emit;
mod float;
mod parse;
mod resolve;
mod sort;
mod stream;

pub use emit::{to_string, write_document};
pub use parse::from_str;
pub use stream::{split_documents, to_string_stream, RawDocument};

/// A YAML input that could not be turned into JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("yaml: line {line}, column {column}: {message}")]
pub struct YamlError {
    /// 1-based line of the problem, relative to the parsed text.
    pub line: usize,
    /// 1-based column of the problem.
    pub column: usize,
    /// What went wrong.
    pub message: String,
}

impl YamlError {
    /// Shifts the line number for a document that starts on `start_line` (1-based) of a
    /// larger stream, so the error points into the stream.
    #[must_use]
    pub fn in_stream(mut self, start_line: usize) -> Self {
        self.line += start_line.saturating_sub(1);
        self
    }
}
