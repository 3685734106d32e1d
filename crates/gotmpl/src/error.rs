//! Template errors, formatted exactly like Go's `text/template` errors.
//!
//! Parse errors read `template: NAME:LINE: MESSAGE`; execution errors read
//! `template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE` (Go's `ExecError` with `ErrorContext`).

use std::fmt;

/// What went wrong, broadly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The template text does not parse.
    Parse,
    /// Execution failed.
    Exec,
    /// Misuse of the template set API (unknown option, missing template).
    Usage,
}

/// A template error whose `Display` is Go's message text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// An error of `kind` with Go's full message text.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The full message, as Go's `err.Error()` prints it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
