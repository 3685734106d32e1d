//! TEST-ONLY fake Kubernetes apiserver for the `kube` feature's watchers: an in-process tower service that
//! answers list and watch requests for a few named collections.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use serde_json::Value;
use tokio::sync::mpsc;

type Body = http_body_util::combinators::UnsyncBoxBody<Bytes, Infallible>;

struct Collection {
    list: Value,
    watch: Mutex<Option<mpsc::UnboundedReceiver<Value>>>,
}

/// A fake apiserver. `route(path, query)` names the collection a request is for (a request it names none of
/// fails the test); that collection's list request answers `list`, its first watch streams the event lines sent
/// on the returned sender of that name, and later watches stay open without events.
pub fn fake_apiserver(
    collections: Vec<(String, Value)>,
    route: impl Fn(&str, &str) -> Option<String> + Clone + Send + Sync + 'static,
) -> (kube::Client, HashMap<String, mpsc::UnboundedSender<Value>>) {
    let mut senders = HashMap::new();
    let mut served = HashMap::new();
    for (name, list) in collections {
        let (tx, rx) = mpsc::unbounded_channel();
        senders.insert(name.clone(), tx);
        let watch = Mutex::new(Some(rx));
        served.insert(name, Arc::new(Collection { list, watch }));
    }
    let served = Arc::new(served);
    let service = tower::service_fn(move |req: hyper::Request<kube::client::Body>| {
        let (served, route) = (served.clone(), route.clone());
        async move {
            let query = req.uri().query().unwrap_or_default();
            let collection = route(req.uri().path(), query)
                .and_then(|name| served.get(&name).cloned())
                .unwrap_or_else(|| panic!("unexpected request {}", req.uri()));
            let body: Body = if query.contains("watch=true") {
                match collection.watch.lock().unwrap().take() {
                    Some(rx) => {
                        let lines = futures_util::stream::unfold(rx, |mut rx| async move {
                            let event = rx.recv().await?;
                            let mut line = serde_json::to_vec(&event).unwrap();
                            line.push(b'\n');
                            Some((Ok::<_, Infallible>(Frame::data(Bytes::from(line))), rx))
                        });
                        StreamBody::new(lines).boxed_unsync()
                    }
                    None => StreamBody::new(futures_util::stream::pending::<
                        Result<Frame<Bytes>, Infallible>,
                    >())
                    .boxed_unsync(),
                }
            } else {
                Full::new(Bytes::from(serde_json::to_vec(&collection.list).unwrap())).boxed_unsync()
            };
            Ok::<_, Infallible>(
                hyper::Response::builder()
                    .header("content-type", "application/json")
                    .body(body)
                    .unwrap(),
            )
        }
    });
    (kube::Client::new(service, "default"), senders)
}
