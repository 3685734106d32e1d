//! AdmissionReview decoding and encoding (Istio's `serveInject` deserializer, `kube.AdmissionReviewKubeToAdapter`,
//! `kube.AdmissionReviewAdapterToKube` and `toAdmissionResponse`), for `admission.k8s.io/v1` and `v1beta1`.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

/// The AdmissionReview API versions the webhook accepts; the response uses the request's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    /// `admission.k8s.io/v1`.
    V1,
    /// `admission.k8s.io/v1beta1`.
    V1Beta1,
}

impl ApiVersion {
    /// The `apiVersion` string.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "admission.k8s.io/v1",
            ApiVersion::V1Beta1 => "admission.k8s.io/v1beta1",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "admission.k8s.io/v1" => Some(ApiVersion::V1),
            "admission.k8s.io/v1beta1" => Some(ApiVersion::V1Beta1),
            _ => None,
        }
    }
}

/// A decoded pod admission request. The pod is kept as the bytes the apiserver sent until [`Review::pod`] parses
/// it, so that a request answered from the patch cache never builds it.
#[derive(Debug, Clone)]
pub struct Review {
    /// The request's API version (echoed in the response).
    pub api_version: ApiVersion,
    /// `request.uid` (echoed as `response.uid`).
    pub uid: String,
    /// `request.namespace` (empty when absent).
    pub namespace: String,
    /// `request.dryRun`.
    pub dry_run: bool,
    /// `request.object` as sent: a JSON object.
    pub object: Box<RawValue>,
}

impl Review {
    /// The pod: `request.object` parsed, refused unless its `kind` is absent or `Pod`.
    pub fn pod(&self) -> Result<Value, DecodeError> {
        let fail = |message: String| DecodeError {
            api_version: Some(self.api_version),
            uid: self.uid.clone(),
            message,
        };
        let pod: Value = serde_json::from_str(self.object.get())
            .map_err(|e| fail(format!("could not decode object: {e}")))?;
        if let Some(kind) = pod.get("kind") {
            if kind.as_str() != Some("Pod") {
                return Err(fail(format!(
                    "could not decode object: expected a Pod, got {kind}"
                )));
            }
        }
        Ok(pod)
    }
}

/// A body that could not be turned into a [`Review`]; still answered with an AdmissionReview (`allowed: false`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The API version, when the envelope got that far (the response then carries it).
    pub api_version: Option<ApiVersion>,
    /// The request uid, when known.
    pub uid: String,
    /// What was wrong, for `status.message`.
    pub message: String,
}

#[derive(Deserialize)]
struct RawReview {
    #[serde(rename = "apiVersion", default)]
    api_version: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    request: Option<RawRequest>,
}

#[derive(Deserialize)]
struct RawRequest {
    #[serde(default)]
    uid: Option<String>,
    #[serde(default)]
    namespace: Option<String>,
    #[serde(default)]
    kind: Option<RawGvk>,
    #[serde(default)]
    object: Option<Box<RawValue>>,
    #[serde(rename = "dryRun", default)]
    dry_run: Option<bool>,
}

#[derive(Deserialize)]
struct RawGvk {
    #[serde(default)]
    group: String,
    #[serde(default)]
    kind: String,
}

/// Decode an AdmissionReview body carrying a Pod.
pub fn decode_review(body: &[u8]) -> Result<Review, DecodeError> {
    let fail = |api_version, uid: &str, message: String| DecodeError {
        api_version,
        uid: uid.to_owned(),
        message,
    };
    let raw: RawReview = serde_json::from_slice(body)
        .map_err(|e| fail(None, "", format!("could not decode body: {e}")))?;
    let api = match raw.api_version.as_deref() {
        Some(v) => ApiVersion::parse(v).ok_or_else(|| {
            fail(None, "", format!("could not decode body: unsupported apiVersion {v:?}, want admission.k8s.io/v1 or v1beta1"))
        })?,
        None => return Err(fail(None, "", "could not decode body: apiVersion is missing".into())),
    };
    if raw.kind.as_deref() != Some("AdmissionReview") {
        let got = raw.kind.unwrap_or_default();
        return Err(fail(
            None,
            "",
            format!("could not decode body: kind {got:?}, want AdmissionReview"),
        ));
    }
    let Some(req) = raw.request else {
        return Err(fail(Some(api), "", "AdmissionReview has no request".into()));
    };
    let uid = req.uid.unwrap_or_default();
    if let Some(gvk) = &req.kind {
        // Istio's test requests carry the AdmissionRequest GVK here; only a different core kind is refused.
        if gvk.group.is_empty() && !gvk.kind.is_empty() && gvk.kind != "Pod" {
            return Err(fail(
                Some(api),
                &uid,
                format!("could not decode object: expected a Pod, got {}", gvk.kind),
            ));
        }
    }
    // A JSON `null` object deserializes as `None`; anything else is kept as sent.
    let Some(object) = req.object else {
        return Err(fail(
            Some(api),
            &uid,
            "could not decode object: request has no object".into(),
        ));
    };
    if !object.get().starts_with('{') {
        return Err(fail(
            Some(api),
            &uid,
            "could not decode object: object is not a JSON object".into(),
        ));
    }
    Ok(Review {
        api_version: api,
        uid,
        namespace: req.namespace.unwrap_or_default(),
        dry_run: req.dry_run.unwrap_or(false),
        object,
    })
}

/// What the response says about the pod.
#[derive(Debug, Clone, Copy)]
pub enum Verdict<'a> {
    /// Admit unchanged.
    Allow,
    /// Admit with this raw JSON patch (base64-encoded in the response).
    Patch(&'a [u8]),
    /// Reject with this message.
    Deny(&'a str),
}

#[derive(Serialize)]
struct OutReview<'a> {
    #[serde(rename = "apiVersion", skip_serializing_if = "Option::is_none")]
    api_version: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    response: OutResponse<'a>,
}

#[derive(Serialize)]
struct OutResponse<'a> {
    uid: &'a str,
    allowed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<OutStatus<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    patch: Option<String>,
    #[serde(rename = "patchType", skip_serializing_if = "Option::is_none")]
    patch_type: Option<&'static str>,
}

#[derive(Serialize)]
struct OutStatus<'a> {
    metadata: Empty,
    message: &'a str,
}

#[derive(Serialize)]
struct Empty {}

/// Encode the AdmissionReview response. Without an API version the envelope has no apiVersion/kind, as Istio
/// answers undecodable bodies.
pub fn encode_response(
    api_version: Option<ApiVersion>,
    uid: &str,
    verdict: Verdict<'_>,
) -> Vec<u8> {
    let (allowed, status, patch, patch_type) = match verdict {
        Verdict::Allow => (true, None, None, None),
        Verdict::Patch(p) => return encode_patch_response(api_version, uid, p),
        Verdict::Deny(message) => (
            false,
            Some(OutStatus {
                metadata: Empty {},
                message,
            }),
            None,
            None,
        ),
    };
    let out = OutReview {
        api_version: api_version.map(ApiVersion::as_str),
        kind: api_version.map(|_| "AdmissionReview"),
        response: OutResponse {
            uid,
            allowed,
            status,
            patch,
            patch_type,
        },
    };
    // Serializing these plain structs cannot fail; fall back to an empty body rather than panic.
    serde_json::to_vec(&out).unwrap_or_default()
}

/// The patched response, written directly: the base64 patch (the bulk of the body) is encoded straight into the
/// output, with no intermediate string and no escape scan (base64 never needs JSON escaping). Byte for byte what
/// serializing the envelope structs gives.
fn encode_patch_response(api_version: Option<ApiVersion>, uid: &str, patch: &[u8]) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut out = Vec::with_capacity(160 + uid.len() + patch.len().div_ceil(3) * 4);
    out.push(b'{');
    if let Some(api) = api_version {
        out.extend_from_slice(b"\"apiVersion\":\"");
        out.extend_from_slice(api.as_str().as_bytes());
        out.extend_from_slice(b"\",\"kind\":\"AdmissionReview\",");
    }
    out.extend_from_slice(b"\"response\":{\"uid\":");
    // A uid needs escaping only if the apiserver sent something odd; serde_json handles that.
    if serde_json::to_writer(&mut out, uid).is_err() {
        return Vec::new();
    }
    out.extend_from_slice(b",\"allowed\":true,\"patch\":\"");
    let start = out.len();
    out.resize(start + patch.len().div_ceil(3) * 4, 0);
    match b64.encode_slice(patch, &mut out[start..]) {
        Ok(n) => out.truncate(start + n),
        Err(_) => return Vec::new(),
    }
    out.extend_from_slice(b"\",\"patchType\":\"JSONPatch\"}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patch_response_is_what_serde_writes() {
        let patch = br#"[{"op":"add","path":"/metadata/labels/a\u00e9","value":"x\ny"}]"#;
        for api in [None, Some(ApiVersion::V1), Some(ApiVersion::V1Beta1)] {
            for uid in ["", "0d6c2d1e-uid", "we\"ird\u{1}"] {
                let expected = serde_json::to_vec(&OutReview {
                    api_version: api.map(ApiVersion::as_str),
                    kind: api.map(|_| "AdmissionReview"),
                    response: OutResponse {
                        uid,
                        allowed: true,
                        status: None,
                        patch: Some(base64::engine::general_purpose::STANDARD.encode(patch)),
                        patch_type: Some("JSONPatch"),
                    },
                })
                .unwrap();
                let got = encode_response(api, uid, Verdict::Patch(patch));
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(expected).unwrap()
                );
            }
        }
        let empty = encode_response(Some(ApiVersion::V1), "u", Verdict::Patch(b""));
        let v: Value = serde_json::from_slice(&empty).unwrap();
        assert_eq!(v["response"]["patch"], "");
    }

    fn body(v: Value) -> Vec<u8> {
        serde_json::to_vec(&v).unwrap()
    }

    #[test]
    fn decodes_v1_and_v1beta1() {
        for (av, want) in [
            ("admission.k8s.io/v1", ApiVersion::V1),
            ("admission.k8s.io/v1beta1", ApiVersion::V1Beta1),
        ] {
            let r = decode_review(&body(json!({"apiVersion": av, "kind": "AdmissionReview",
                "request": {"uid": "u1", "namespace": "ns", "dryRun": true, "object": {"metadata": {"name": "p"}}}})))
            .unwrap();
            assert_eq!(r.api_version, want);
            assert_eq!(
                (r.uid.as_str(), r.namespace.as_str(), r.dry_run),
                ("u1", "ns", true)
            );
            assert_eq!(r.object.get(), r#"{"metadata":{"name":"p"}}"#);
            assert_eq!(r.pod().unwrap()["metadata"]["name"], "p");
        }
    }

    #[test]
    fn rejects_bad_envelopes() {
        let e = decode_review(b"\x00\x01\x02").unwrap_err();
        assert_eq!(e.api_version, None);
        assert!(e.message.starts_with("could not decode body"));
        let e = decode_review(&body(
            json!({"apiVersion": "v1", "kind": "AdmissionReview"}),
        ))
        .unwrap_err();
        assert!(e.message.contains("unsupported apiVersion"));
        let e = decode_review(&body(
            json!({"apiVersion": "admission.k8s.io/v1", "kind": "Pod"}),
        ))
        .unwrap_err();
        assert!(e.message.contains("want AdmissionReview"));
        let e = decode_review(&body(
            json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}),
        ))
        .unwrap_err();
        assert_eq!(e.api_version, Some(ApiVersion::V1));
        let e = decode_review(&body(json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": {"uid": "x", "kind": {"group": "", "version": "v1", "kind": "Service"}, "object": {}}})))
        .unwrap_err();
        assert_eq!(e.uid, "x");
        assert!(e.message.contains("got Service"));
        let e = decode_review(&body(
            json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": {"uid": "x", "object": {"kind": "Service"}}}),
        ))
        .and_then(|r| r.pod())
        .unwrap_err();
        assert!(e.message.contains("expected a Pod"));
        assert_eq!((e.api_version, e.uid.as_str()), (Some(ApiVersion::V1), "x"));
        let e = decode_review(&body(
            json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": {"uid": "x", "object": [1]}}),
        ))
        .unwrap_err();
        assert!(e.message.contains("not a JSON object"));
    }

    #[test]
    fn encodes_each_verdict() {
        let v: Value = serde_json::from_slice(&encode_response(
            Some(ApiVersion::V1),
            "u",
            Verdict::Patch(b"[]"),
        ))
        .unwrap();
        assert_eq!(
            v,
            json!({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "response": {"uid": "u", "allowed": true, "patch": "W10=", "patchType": "JSONPatch"}})
        );
        let v: Value = serde_json::from_slice(&encode_response(
            Some(ApiVersion::V1Beta1),
            "u",
            Verdict::Allow,
        ))
        .unwrap();
        assert_eq!(
            v,
            json!({"apiVersion": "admission.k8s.io/v1beta1", "kind": "AdmissionReview",
            "response": {"uid": "u", "allowed": true}})
        );
        let v: Value =
            serde_json::from_slice(&encode_response(None, "", Verdict::Deny("bad"))).unwrap();
        assert_eq!(
            v,
            json!({"response": {"uid": "", "allowed": false, "status": {"metadata": {}, "message": "bad"}}})
        );
    }
}
