//! Serving certificate handling (istiod's `bootstrap/webhook.go` TLS setup with its certificate watcher):
//! PEM chain and key loaded into a rustls [`CertifiedKey`], served through a resolver whose key is swapped
//! atomically on reload, so existing connections and in-flight handshakes are unaffected.

use std::sync::{Arc, RwLock};

use rustls::crypto::CryptoProvider;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// The ring-based crypto provider used by the server.
pub fn crypto_provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Parse a PEM certificate chain and private key, checking that the key matches the leaf certificate.
pub fn load_certified_key(
    cert_pem: &[u8],
    key_pem: &[u8],
    provider: &CryptoProvider,
) -> Result<CertifiedKey, String> {
    let chain = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("parsing certificate PEM: {e}"))?;
    if chain.is_empty() {
        return Err("no CERTIFICATE block in certificate file".into());
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem)
        .map_err(|e| format!("parsing private key PEM: {e}"))?;
    CertifiedKey::from_der(chain, key, provider).map_err(|e| format!("certificate and key: {e}"))
}

/// Holds the current serving certificate; rustls asks it for the certificate on every handshake.
#[derive(Debug, Default)]
pub struct CertStore {
    current: RwLock<Option<Arc<CertifiedKey>>>,
}

impl CertStore {
    /// Replace the served certificate (new handshakes use it at once).
    pub fn set(&self, key: CertifiedKey) {
        let key = Arc::new(key);
        match self.current.write() {
            Ok(mut slot) => *slot = Some(key),
            Err(poisoned) => *poisoned.into_inner() = Some(key),
        }
    }

    /// The served certificate, if one is loaded.
    pub fn get(&self) -> Option<Arc<CertifiedKey>> {
        match self.current.read() {
            Ok(slot) => slot.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

impl ResolvesServerCert for CertStore {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.get()
    }
}

/// A rustls server configuration: TLS 1.2 and 1.3, ALPN `h2` then `http/1.1`, certificate from `store`.
pub fn server_config(
    store: Arc<CertStore>,
    provider: Arc<CryptoProvider>,
) -> Result<rustls::ServerConfig, String> {
    let mut cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| format!("TLS configuration: {e}"))?
        .with_no_client_auth()
        .with_cert_resolver(store);
    cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_matching_pair_and_rejects_mismatch() {
        let provider = crypto_provider();
        let a = rcgen::generate_simple_self_signed(vec!["a".into()]).unwrap();
        let b = rcgen::generate_simple_self_signed(vec!["b".into()]).unwrap();
        let cert_a = a.cert.pem();
        let key_a = a.key_pair.serialize_pem();
        assert!(load_certified_key(cert_a.as_bytes(), key_a.as_bytes(), &provider).is_ok());
        let mismatch = load_certified_key(
            cert_a.as_bytes(),
            b.key_pair.serialize_pem().as_bytes(),
            &provider,
        );
        assert!(mismatch.is_err());
        assert!(load_certified_key(b"", key_a.as_bytes(), &provider).is_err());
        assert!(load_certified_key(cert_a.as_bytes(), b"garbage", &provider).is_err());
        let store = CertStore::default();
        assert!(store.get().is_none());
        store.set(load_certified_key(cert_a.as_bytes(), key_a.as_bytes(), &provider).unwrap());
        assert!(store.get().is_some());
    }
}
