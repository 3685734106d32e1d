//! Private keys for Sprig's certificate functions: generation, Go's PEM encodings (`pemBlockForKey`) and
//! parsing (`parsePrivateKeyPEM`), public key info and certificate signatures.

use base64::Engine as _;
use x509_cert::der::oid::ObjectIdentifier;
use x509_cert::der::{Any, Decode};
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

pub(super) const NOT_A_SIGNER: &str =
    "x509: certificate private key does not implement crypto.Signer";
const OID_SHA256_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const OID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// A private key of one of the supported kinds.
pub(super) enum PrivateKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    Ecdsa(p256::SecretKey),
    Ed25519(ed25519_dalek::SigningKey),
    /// DSA: Go can generate and parse these keys but not certify or sign with them.
    Dsa(Box<DsaKey>),
}

/// A DSA key as Sprig's `DSAKeyFormat` stores it: big-endian P, Q, G, Y, X.
pub(super) struct DsaKey {
    params: [Vec<u8>; 5],
}

/// A DER INTEGER holding the unsigned big-endian `bytes`.
fn der_uint(bytes: &[u8]) -> Vec<u8> {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let mut body = bytes[first..].to_vec();
    if body.first().is_none_or(|&b| b & 0x80 != 0) {
        body.insert(0, 0);
    }
    let mut out = vec![0x02];
    out.extend(der_len(body.len()));
    out.extend(body);
    out
}

fn der_len(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}

impl DsaKey {
    fn generate() -> DsaKey {
        let mut rng = rand::thread_rng();
        let components = dsa::Components::generate(&mut rng, dsa::KeySize::DSA_2048_256);
        let key = dsa::SigningKey::generate(&mut rng, components);
        let c = key.verifying_key().components();
        DsaKey {
            params: [
                c.p().to_bytes_be(),
                c.q().to_bytes_be(),
                c.g().to_bytes_be(),
                key.verifying_key().y().to_bytes_be(),
                key.x().to_bytes_be(),
            ],
        }
    }

    /// `asn1.Marshal(DSAKeyFormat{Version: 0, P, Q, G, Y, X})`.
    fn to_der(&self) -> Vec<u8> {
        let mut body = der_uint(&[0]);
        for p in &self.params {
            body.extend(der_uint(p));
        }
        let mut out = vec![0x30];
        out.extend(der_len(body.len()));
        out.extend(body);
        out
    }

    fn from_der(der: &[u8]) -> Result<DsaKey, String> {
        // Like Go's asn1.Unmarshal, read the first element and ignore anything after it.
        let parsed = x509_cert::der::SliceReader::new(der)
            .and_then(|mut r| Vec::<x509_cert::der::asn1::Int>::decode(&mut r));
        let ints = parsed.map_err(|e| match e.kind() {
            // Go's encoding/asn1 wording for the common cases.
            x509_cert::der::ErrorKind::Incomplete { .. } => {
                "asn1: syntax error: truncated tag or length".to_string()
            }
            x509_cert::der::ErrorKind::TrailingData { .. } => {
                "asn1: syntax error: trailing data".to_string()
            }
            _ => format!("asn1: structure error: {e}"),
        })?;
        if ints.len() < 6 {
            return Err("asn1: syntax error: sequence truncated".into());
        }
        let get = |i: usize| ints[i].as_bytes().to_vec();
        Ok(DsaKey {
            params: [get(1), get(2), get(3), get(4), get(5)],
        })
    }
}

pub(super) fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Go's `pem.Encode`: base64 in 64-column lines between BEGIN/END markers.
pub(super) fn pem_encode(kind: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {kind}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {kind}-----\n"));
    out
}

/// The first PEM block of `text`: its type and decoded bytes (`pem.Decode`).
pub(super) fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + 11..];
    let type_end = rest.find("-----")?;
    let kind = &rest[..type_end];
    let body = &rest[type_end + 5..];
    let end_marker = format!("-----END {kind}-----");
    let end = body.find(&end_marker)?;
    let b64: String = body[..end]
        .lines()
        .filter(|l| !l.contains(':'))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect();
    let der = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    Some((kind.to_string(), der))
}

impl PrivateKey {
    pub(super) fn generate(kind: &str) -> Result<PrivateKey, String> {
        let mut rng = rand::thread_rng();
        Ok(match kind {
            "" | "rsa" => PrivateKey::Rsa(Box::new(
                rsa::RsaPrivateKey::new(&mut rng, 4096).map_err(err)?,
            )),
            "ecdsa" => PrivateKey::Ecdsa(p256::SecretKey::random(&mut rng)),
            "ed25519" => PrivateKey::Ed25519(ed25519_dalek::SigningKey::generate(&mut rng)),
            "dsa" => PrivateKey::Dsa(Box::new(DsaKey::generate())),
            _ => return Err(format!("Unknown type {kind}")),
        })
    }

    pub(super) fn rsa2048() -> Result<PrivateKey, String> {
        rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|e| format!("error generating rsa key: {e}"))
    }

    /// Sprig's `pemBlockForKey`: PKCS#1 for RSA, SEC 1 for ECDSA, PKCS#8 for Ed25519.
    pub(super) fn to_pem(&self) -> Result<String, String> {
        match self {
            PrivateKey::Rsa(k) => {
                use rsa::pkcs1::EncodeRsaPrivateKey;
                let der = k.to_pkcs1_der().map_err(err)?;
                Ok(pem_encode("RSA PRIVATE KEY", der.as_bytes()))
            }
            PrivateKey::Ecdsa(k) => Ok(pem_encode("EC PRIVATE KEY", &ec_private_key_der(k))),
            PrivateKey::Ed25519(k) => {
                use ed25519_dalek::pkcs8::EncodePrivateKey;
                // Go writes PKCS#8 v1 (no embedded public key).
                let bytes = ed25519_dalek::pkcs8::KeypairBytes {
                    secret_key: k.to_bytes(),
                    public_key: None,
                };
                let der = bytes.to_pkcs8_der().map_err(err)?;
                Ok(pem_encode("PRIVATE KEY", der.as_bytes()))
            }
            PrivateKey::Dsa(k) => Ok(pem_encode("DSA PRIVATE KEY", &k.to_der())),
        }
    }

    /// Sprig's `parsePrivateKeyPEM`.
    pub(super) fn from_pem(text: &str) -> Result<PrivateKey, String> {
        let (kind, der) = pem_decode(text).ok_or("no PEM data in input")?;
        if kind == "PRIVATE KEY" {
            use ed25519_dalek::pkcs8::DecodePrivateKey;
            if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(&der) {
                return Ok(PrivateKey::Rsa(Box::new(k)));
            }
            if let Ok(k) = p256::SecretKey::from_pkcs8_der(&der) {
                return Ok(PrivateKey::Ecdsa(k));
            }
            return ed25519_dalek::SigningKey::from_pkcs8_der(&der)
                .map(PrivateKey::Ed25519)
                .map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
        }
        let Some(prefix) = kind.strip_suffix(" PRIVATE KEY") else {
            return Err(format!("no private key data in PEM block of type {kind}"));
        };
        match prefix {
            "RSA" => {
                use rsa::pkcs1::DecodeRsaPrivateKey;
                rsa::RsaPrivateKey::from_pkcs1_der(&der)
                    .map(|k| PrivateKey::Rsa(Box::new(k)))
                    .map_err(|e| format!("parsing RSA private key from PEM: {e}"))
            }
            "EC" => p256::SecretKey::from_sec1_der(&der)
                .map(PrivateKey::Ecdsa)
                .map_err(|e| format!("parsing EC private key from PEM: {e}")),
            "DSA" => DsaKey::from_der(&der)
                .map(|k| PrivateKey::Dsa(Box::new(k)))
                .map_err(|e| format!("parsing DSA private key from PEM: {e}")),
            _ => Err(format!("invalid private key type {kind}")),
        }
    }

    pub(super) fn public_key_info(&self) -> Result<SubjectPublicKeyInfoOwned, String> {
        use x509_cert::spki::EncodePublicKey;
        let der = match self {
            PrivateKey::Rsa(k) => k.to_public_key().to_public_key_der(),
            PrivateKey::Ecdsa(k) => k.public_key().to_public_key_der(),
            PrivateKey::Ed25519(k) => k.verifying_key().to_public_key_der(),
            PrivateKey::Dsa(_) => {
                return Err("x509: unsupported public key type: *dsa.PublicKey".into())
            }
        }
        .map_err(err)?;
        SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(err)
    }

    /// The certificate signature algorithm for this signing key; DSA keys cannot sign certificates.
    pub(super) fn signature_algorithm(&self) -> Result<AlgorithmIdentifierOwned, String> {
        Ok(match self {
            PrivateKey::Rsa(_) => AlgorithmIdentifierOwned {
                oid: OID_SHA256_RSA,
                parameters: Some(Any::null()),
            },
            PrivateKey::Ecdsa(_) => AlgorithmIdentifierOwned {
                oid: OID_ECDSA_SHA256,
                parameters: None,
            },
            PrivateKey::Ed25519(_) => AlgorithmIdentifierOwned {
                oid: OID_ED25519,
                parameters: None,
            },
            PrivateKey::Dsa(_) => return Err(NOT_A_SIGNER.into()),
        })
    }

    pub(super) fn sign(&self, data: &[u8]) -> Result<Vec<u8>, String> {
        use rsa::signature::{SignatureEncoding, Signer};
        Ok(match self {
            PrivateKey::Rsa(k) => {
                let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new((**k).clone());
                signer.try_sign(data).map_err(err)?.to_vec()
            }
            PrivateKey::Ecdsa(k) => {
                let signer = p256::ecdsa::SigningKey::from(k);
                let sig: p256::ecdsa::Signature = signer.try_sign(data).map_err(err)?;
                sig.to_der().as_bytes().to_vec()
            }
            PrivateKey::Ed25519(k) => k.try_sign(data).map_err(err)?.to_bytes().to_vec(),
            PrivateKey::Dsa(_) => return Err(NOT_A_SIGNER.into()),
        })
    }
}

/// Go's `x509.MarshalECPrivateKey` for P-256: SEC 1 `ECPrivateKey` with the named curve and public key.
fn ec_private_key_der(k: &p256::SecretKey) -> Vec<u8> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let secret = k.to_bytes();
    let public = k.public_key().to_encoded_point(false);
    let mut der = vec![0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20];
    der.extend_from_slice(&secret);
    // [0] namedCurve prime256v1
    der.extend_from_slice(&[
        0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
    ]);
    // [1] publicKey BIT STRING (uncompressed point)
    der.extend_from_slice(&[0xa1, 0x44, 0x03, 0x42, 0x00]);
    der.extend_from_slice(public.as_bytes());
    der
}
