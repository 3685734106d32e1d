//! Go's `text/template` language and the Sprig v3 function library, implemented in Rust with Go's exact
//! semantics and output.
