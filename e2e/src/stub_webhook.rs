//! A minimal HTTPS mutating admission webhook for exercising the apiserver → webhook → patch
//! path: it answers every `AdmissionReview` (v1 or v1beta1) by allowing the object and adding the
//! annotation [`STUB_ANNOTATION`] through a JSONPatch, and records what it was asked.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use base64::Engine as _;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;

use crate::certs::TestCa;
use crate::WebhookEndpoint;

/// The annotation the stub adds to every object it admits.
pub const STUB_ANNOTATION: &str = "e2e.sidecar-injector.io/stub-injected";

/// One admission request the stub answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenReview {
    /// `apiVersion` of the AdmissionReview (`admission.k8s.io/v1` or `…/v1beta1`).
    pub api_version: String,
    /// `request.namespace`.
    pub namespace: String,
    /// `request.name`, or the object's `metadata.name` / `generateName` when the request has none.
    pub name: String,
    /// `request.dryRun`.
    pub dry_run: bool,
    /// `request.operation`.
    pub operation: String,
}

/// A running stub webhook on `https://127.0.0.1:<port>/inject`.
pub struct StubWebhook {
    endpoint: WebhookEndpoint,
    seen: Arc<Mutex<Vec<SeenReview>>>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl StubWebhook {
    /// Starts the stub with a fresh CA and a certificate for 127.0.0.1.
    pub async fn start() -> Result<Self> {
        let ca = TestCa::new("e2e-webhook-ca")?;
        let cert = ca.issue_server_cert(&["127.0.0.1", "localhost"])?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut tls = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(cert.cert_der.clone())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_der.clone())),
            )
            .context("stub TLS config")?;
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(tls));

        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .context("binding stub webhook")?;
        let port = listener.local_addr()?.port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = oneshot::channel();
        let task = tokio::spawn(serve(listener, acceptor, Arc::clone(&seen), rx));
        Ok(Self {
            endpoint: WebhookEndpoint {
                url: format!("https://127.0.0.1:{port}/inject"),
                ca_bundle_pem: ca.cert_pem(),
            },
            seen,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// Where the apiserver should call the stub, and the CA that signed its certificate.
    pub fn endpoint(&self) -> &WebhookEndpoint {
        &self.endpoint
    }

    /// Every review answered so far, in arrival order.
    pub fn reviews(&self) -> Vec<SeenReview> {
        self.seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Stops accepting and closes every open connection; afterwards the port refuses connections.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for StubWebhook {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

async fn serve(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    seen: Arc<Mutex<Vec<SeenReview>>>,
    mut shutdown: oneshot::Receiver<()>,
) {
    // Connection tasks live in the set so that dropping it (on shutdown) aborts them all.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => {
                let Ok((tcp, _)) = accepted else { continue };
                let acceptor = acceptor.clone();
                let seen = Arc::clone(&seen);
                connections.spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else { return };
                    let service = service_fn(move |req| handle(req, Arc::clone(&seen)));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn handle(
    req: Request<Incoming>,
    seen: Arc<Mutex<Vec<SeenReview>>>,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    if req.method() != hyper::Method::POST || req.uri().path() != "/inject" {
        return Ok(plain(StatusCode::NOT_FOUND, "not found"));
    }
    let body = req.into_body().collect().await?.to_bytes();
    let review: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return Ok(plain(StatusCode::BAD_REQUEST, &format!("bad body: {e}"))),
    };
    match respond(&review) {
        Ok((record, answer)) => {
            seen.lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(record);
            let mut resp = Response::new(Full::new(Bytes::from(answer.to_string())));
            resp.headers_mut().insert(
                hyper::header::CONTENT_TYPE,
                hyper::header::HeaderValue::from_static("application/json"),
            );
            Ok(resp)
        }
        Err(e) => Ok(plain(StatusCode::BAD_REQUEST, &format!("{e:#}"))),
    }
}

fn plain(status: StatusCode, msg: &str) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(msg.to_owned())));
    *resp.status_mut() = status;
    resp
}

/// Builds the AdmissionReview answer for `review` and the record of what was asked.
fn respond(review: &Value) -> Result<(SeenReview, Value)> {
    let api_version = review["apiVersion"]
        .as_str()
        .context("AdmissionReview without apiVersion")?;
    let request = &review["request"];
    let uid = request["uid"].as_str().context("request without uid")?;
    let object = &request["object"];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let name = [
        &request["name"],
        &object["metadata"]["name"],
        &object["metadata"]["generateName"],
    ]
    .into_iter()
    .map(text)
    .find(|s| !s.is_empty())
    .unwrap_or_default();
    let record = SeenReview {
        api_version: api_version.to_owned(),
        namespace: text(&request["namespace"]),
        name,
        dry_run: request["dryRun"].as_bool().unwrap_or(false),
        operation: text(&request["operation"]),
    };
    let patch = if object["metadata"]["annotations"].is_object() {
        json!([{ "op": "add", "path": format!("/metadata/annotations/{}", escape_pointer(STUB_ANNOTATION)), "value": "true" }])
    } else {
        json!([{ "op": "add", "path": "/metadata/annotations", "value": { STUB_ANNOTATION: "true" } }])
    };
    let patch = base64::engine::general_purpose::STANDARD.encode(patch.to_string());
    let answer = json!({
        "apiVersion": api_version,
        "kind": "AdmissionReview",
        "response": { "uid": uid, "allowed": true, "patchType": "JSONPatch", "patch": patch }
    });
    Ok((record, answer))
}

/// Escapes a JSON-pointer reference token (RFC 6901): `~` → `~0`, `/` → `~1`.
fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_patch(answer: &Value) -> Value {
        let b64 = answer["response"]["patch"].as_str().unwrap();
        let raw = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        serde_json::from_slice(&raw).unwrap()
    }

    #[test]
    fn answers_with_request_version_and_uid() {
        let review = json!({
            "apiVersion": "admission.k8s.io/v1beta1",
            "kind": "AdmissionReview",
            "request": {"uid": "abc", "namespace": "ns", "operation": "CREATE", "dryRun": true,
                        "object": {"metadata": {"generateName": "web-"}}}
        });
        let (seen, answer) = respond(&review).unwrap();
        assert_eq!(answer["apiVersion"], "admission.k8s.io/v1beta1");
        assert_eq!(answer["response"]["uid"], "abc");
        assert_eq!(answer["response"]["allowed"], true);
        assert_eq!(
            seen,
            SeenReview {
                api_version: "admission.k8s.io/v1beta1".into(),
                namespace: "ns".into(),
                name: "web-".into(),
                dry_run: true,
                operation: "CREATE".into(),
            }
        );
        assert_eq!(
            decode_patch(&answer),
            json!([{"op": "add", "path": "/metadata/annotations", "value": {STUB_ANNOTATION: "true"}}])
        );
    }

    #[test]
    fn adds_key_to_existing_annotations_with_escaped_pointer() {
        let review = json!({
            "apiVersion": "admission.k8s.io/v1",
            "request": {"uid": "u", "name": "p",
                        "object": {"metadata": {"name": "p", "annotations": {"a": "b"}}}}
        });
        let (_, answer) = respond(&review).unwrap();
        assert_eq!(
            decode_patch(&answer),
            json!([{"op": "add", "path": "/metadata/annotations/e2e.sidecar-injector.io~1stub-injected", "value": "true"}])
        );
    }

    #[test]
    fn rejects_review_without_uid() {
        let review = json!({"apiVersion": "admission.k8s.io/v1", "request": {}});
        assert!(respond(&review).is_err());
    }
}
