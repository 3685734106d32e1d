//! Kubernetes Go types as data: the schema of every type reachable from the workload kinds the injector handles
//! (generated from k8s.io/api), `resource.Quantity`, and the typed JSON round-trip (`json.Unmarshal` into the Go
//! object, then `json.Marshal`) that normalises a document exactly as Istio's Go code would.

pub mod marshal;
pub mod normalize;
pub mod quantity;
pub mod schema;
pub mod time;
pub mod view;
#[allow(clippy::all, missing_docs)]
#[rustfmt::skip]
mod schema_gen;
