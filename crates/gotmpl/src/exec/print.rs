//! Printing values for actions and the `print` family: the bridge from the executor to [`crate::fmt`].

use crate::value::Value;

/// `fmt.Sprint(args...)`.
pub(crate) fn sprint(args: &[Value<'_>]) -> String {
    crate::fmt::sprint(args)
}

/// `fmt.Sprintf(format, args...)`.
pub(crate) fn sprintf(format: &str, args: &[Value<'_>]) -> String {
    crate::fmt::sprintf(format, args)
}
