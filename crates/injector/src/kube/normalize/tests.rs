use serde_json::json;

use super::*;

#[test]
fn placeholder_compiles() {
    let pod = json!({"apiVersion": "v1", "kind": "Pod"});
    assert!(normalize_object(&pod).unwrap().is_some());
}
