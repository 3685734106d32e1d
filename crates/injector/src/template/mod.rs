//! The template side of injection: Istio's template helper functions and the data templates see.

pub mod data;
pub mod funcs;
pub mod helpers;
