//! Errors of the strategic merge, worded as apimachinery's `strategicpatch` / `mergepatch` errors.

use super::meta::LookupError;

/// A strategic merge patch could not be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// The original or the patch is not a JSON object (Go `ErrBadJSONDoc`).
    #[error("invalid JSON document")]
    BadJsonDoc,
    /// A list holds lists (Go `ErrNoListOfLists`).
    #[error("lists of lists are not supported")]
    NoListOfLists,
    /// A list holds `null`, which apimachinery cannot type (it panics; we report it).
    #[error("list element is null: {0}")]
    NullListElement(String),
    /// A `$deleteFromPrimitiveList/…` key is malformed (Go `ErrBadPatchFormatForPrimitiveList`).
    #[error("invalid patch format of primitive list")]
    BadPatchFormatForPrimitiveList,
    /// `$retainKeys` is not a list, or the patch sets a field it does not list (Go `ErrBadPatchFormatForRetainKeys`).
    #[error("invalid patch format of retainKeys")]
    BadPatchFormatForRetainKeys,
    /// A `$setElementOrder/…` key is malformed (Go `ErrBadPatchFormatForSetElementOrderList`).
    #[error("invalid patch format of setElementOrder list")]
    BadPatchFormatForSetElementOrderList,
    /// A list element lacks the list's merge key (Go `ErrNoMergeKey`).
    #[error("map: {map} does not contain declared merge key: {key}")]
    NoMergeKey {
        /// The element, as Go `%v` prints it.
        map: String,
        /// The merge key.
        key: String,
    },
    /// A value has the wrong JSON type (Go `ErrBadArgType`).
    #[error("expected a {expected}, but received a {actual}")]
    BadArgType {
        /// Go type expected.
        expected: &'static str,
        /// Go type found.
        actual: &'static str,
    },
    /// A `$patch` directive has an unknown or misplaced value (Go `ErrBadPatchType`).
    #[error("unknown patch type: {directive} in map: {map}")]
    BadPatchType {
        /// The directive value, as Go `%s` prints it.
        directive: String,
        /// The map holding it, as Go `%v` prints it.
        map: String,
    },
    /// `$patch: merge` inside a list.
    #[error("merging lists cannot yet be specified in the patch")]
    MergeDirectiveInList,
    /// A list mixes element types.
    #[error("list element types are not identical: {0}")]
    MixedElementTypes(String),
    /// A list with the merge strategy holds objects but its field declares no merge key.
    #[error("cannot merge lists without merge key for {0}")]
    NoMergeKeyForList(&'static str),
    /// A field declares an unsupported combination of patch strategies.
    #[error("unexpected patch strategy: {0}")]
    UnexpectedPatchStrategy(String),
    /// A `$setElementOrder` list disagrees with the patch list.
    #[error("The order in patch list:\n{patch}\n doesn't match $setElementOrder list:\n{order}\n")]
    SetElementOrderMismatch {
        /// The patch list, as Go `%v` prints it.
        patch: String,
        /// The order list, as Go `%v` prints it.
        order: String,
    },
    /// An element of a keyed list is not an object.
    #[error("value for key {0} is not a map")]
    NotAMap(usize),
    /// Both lists of a merge are empty where an element type is needed.
    #[error("no elements in any of the given slices")]
    NoElements,
    /// The schema could not describe a field.
    #[error(transparent)]
    Lookup(#[from] LookupError),
}
