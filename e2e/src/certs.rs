//! Test PKI: a throw-away CA and the serving certificates and keys the control plane and the
//! webhook need (the equivalent of what `kubeadm init phase certs` would write), made with rcgen.

use anyhow::{Context, Result};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};

/// A self-signed certificate authority that issues serving certificates.
pub struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// A leaf certificate with its private key, both PEM-encoded.
#[derive(Clone, Debug)]
pub struct ServingCert {
    /// The certificate, PEM.
    pub cert_pem: String,
    /// The certificate, DER.
    pub cert_der: Vec<u8>,
    /// The PKCS#8 private key, PEM.
    pub key_pem: String,
    /// The PKCS#8 private key, DER.
    pub key_der: Vec<u8>,
}

impl TestCa {
    /// Creates a new CA whose subject common name is `common_name`.
    pub fn new(common_name: &str) -> Result<Self> {
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        let key = KeyPair::generate().context("generating CA key")?;
        let issuer = CertifiedIssuer::self_signed(params, key).context("self-signing CA")?;
        Ok(Self { issuer })
    }

    /// The CA certificate, PEM (what goes into a `caBundle` or a client's trust roots).
    pub fn cert_pem(&self) -> String {
        self.issuer.pem()
    }

    /// The CA certificate, DER.
    pub fn cert_der(&self) -> Vec<u8> {
        self.issuer.der().to_vec()
    }

    /// Issues a server certificate for `sans`: entries that parse as IP addresses become IP SANs,
    /// the rest DNS SANs. The first entry is also the subject common name.
    pub fn issue_server_cert(&self, sans: &[&str]) -> Result<ServingCert> {
        let names: Vec<String> = sans.iter().map(|s| (*s).to_owned()).collect();
        let mut params = CertificateParams::new(names).context("server certificate SANs")?;
        if let Some(first) = sans.first() {
            params.distinguished_name.push(DnType::CommonName, *first);
        }
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let key = KeyPair::generate().context("generating server key")?;
        let cert = params
            .signed_by(&key, &self.issuer)
            .context("signing server certificate")?;
        Ok(ServingCert {
            cert_pem: cert.pem(),
            cert_der: cert.der().to_vec(),
            key_pem: key.serialize_pem(),
            key_der: key.serialize_der(),
        })
    }
}

/// A service-account signing key pair, PEM-encoded.
#[derive(Clone, Debug)]
pub struct ServiceAccountKey {
    /// ECDSA P-256 private key, PKCS#8 (kube-apiserver `--service-account-signing-key-file`).
    pub private_pem: String,
    /// Its public key, PKIX (kube-apiserver `--service-account-key-file`).
    pub public_pem: String,
}

/// A fresh service-account signing key pair.
pub fn service_account_key() -> Result<ServiceAccountKey> {
    let key = KeyPair::generate().context("generating service-account key")?;
    Ok(ServiceAccountKey {
        private_pem: key.serialize_pem(),
        public_pem: key.public_key_pem(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_account_key_pair_is_pkcs8_and_pkix() {
        let key = service_account_key().unwrap();
        assert!(key.private_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(key.public_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
    }

    #[test]
    fn issued_cert_chains_to_ca_and_carries_ip_san() {
        let ca = TestCa::new("test-ca").unwrap();
        let leaf = ca.issue_server_cert(&["127.0.0.1", "localhost"]).unwrap();
        assert!(leaf.cert_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(leaf.key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        // A rustls verifier rooted at the CA accepts the leaf for 127.0.0.1 only.
        let mut roots = rustls::RootCertStore::empty();
        roots.add(ca.cert_der().into()).unwrap();
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let verifier =
            rustls::client::WebPkiServerVerifier::builder_with_provider(roots.into(), provider)
                .build()
                .unwrap();
        use rustls::client::danger::ServerCertVerifier;
        let end = rustls::pki_types::CertificateDer::from(leaf.cert_der.clone());
        let now = rustls::pki_types::UnixTime::now();
        let ok_name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
        assert!(verifier
            .verify_server_cert(&end, &[], &ok_name, &[], now)
            .is_ok());
        let bad_name = rustls::pki_types::ServerName::try_from("127.0.0.2").unwrap();
        assert!(verifier
            .verify_server_cert(&end, &[], &bad_name, &[], now)
            .is_err());
    }
}
