//! Sprig key and certificate generation (random by nature): `genPrivateKey` (RSA, DSA, ECDSA P-256, Ed25519),
//! `genCA`, `genCAWithKey`, `genSelfSignedCert`, `genSelfSignedCertWithKey`, `genSignedCert`,
//! `genSignedCertWithKey` and `buildCustomCert`. Certificates follow Go's `x509.CreateCertificate` for Sprig's
//! templates (random 128-bit serial, CN-only subject, validity from now, key usages, server+client
//! extended key usage, basic constraints, subject/authority key identifiers, DNS/IP alternative names) and are
//! returned as Sprig's `certificate` struct with PEM `Cert` and `Key` fields. As in Go, DSA keys can be
//! generated and parsed but not used in certificates.

use std::sync::{Arc, LazyLock};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use x509_cert::der::asn1::{
    BitString, Ia5String, OctetString, PrintableStringRef, SetOfVec, Utf8StringRef,
};
use x509_cert::der::oid::{AssociatedOid, ObjectIdentifier};
use x509_cert::der::{Any, Decode, Encode};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::ext::Extension;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::time::{Time, Validity};
use x509_cert::{Certificate, TbsCertificate};

use crate::func::{Func, FuncError, FuncMap, Signature};
use crate::value::{GoType, Object, TypeRef, Value};

const NOT_A_SIGNER: &str = "x509: certificate private key does not implement crypto.Signer";
const OID_CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_SHA256_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const OID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
const OID_CLIENT_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");

/// A private key of one of the supported kinds.
enum PrivateKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    Ecdsa(p256::SecretKey),
    Ed25519(ed25519_dalek::SigningKey),
    /// DSA: Go can generate and parse these keys but not certify or sign with them.
    Dsa(Box<DsaKey>),
}

/// A DSA key as Sprig's `DSAKeyFormat` stores it: big-endian P, Q, G, Y, X.
struct DsaKey {
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
        let ints = Vec::<x509_cert::der::asn1::Int>::from_der(der)
            .map_err(|e| format!("asn1: structure error: {e}"))?;
        if ints.len() != 6 {
            return Err("asn1: structure error: sequence length mismatch".into());
        }
        let get = |i: usize| ints[i].as_bytes().to_vec();
        Ok(DsaKey {
            params: [get(1), get(2), get(3), get(4), get(5)],
        })
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Go's `pem.Encode`: base64 in 64-column lines between BEGIN/END markers.
fn pem_encode(kind: &str, der: &[u8]) -> String {
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
fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
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
    fn generate(kind: &str) -> Result<PrivateKey, String> {
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

    fn rsa2048() -> Result<PrivateKey, String> {
        rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|e| format!("error generating rsa key: {e}"))
    }

    /// Sprig's `pemBlockForKey`: PKCS#1 for RSA, SEC 1 for ECDSA, PKCS#8 for Ed25519.
    fn to_pem(&self) -> Result<String, String> {
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
    fn from_pem(text: &str) -> Result<PrivateKey, String> {
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

    fn public_key_info(&self) -> Result<SubjectPublicKeyInfoOwned, String> {
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
    fn signature_algorithm(&self) -> Result<AlgorithmIdentifierOwned, String> {
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

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, String> {
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

/// Go's `pkix.Name{CommonName: cn}`: PrintableString when possible, else UTF8String; empty when `cn` is.
fn common_name(cn: &str) -> Result<Name, String> {
    if cn.is_empty() {
        return Ok(RdnSequence(Vec::new()));
    }
    let value = match PrintableStringRef::new(cn) {
        Ok(p) => Any::encode_from(&p).map_err(err)?,
        Err(_) => Any::encode_from(&Utf8StringRef::new(cn).map_err(err)?).map_err(err)?,
    };
    let atv = x509_cert::attr::AttributeTypeAndValue { oid: OID_CN, value };
    let set = SetOfVec::try_from(vec![atv]).map_err(err)?;
    Ok(RdnSequence(vec![RelativeDistinguishedName(set)]))
}

fn extension(
    oid: ObjectIdentifier,
    critical: bool,
    value: &impl Encode,
) -> Result<Extension, String> {
    Ok(Extension {
        extn_id: oid,
        critical,
        extn_value: OctetString::new(value.to_der().map_err(err)?).map_err(err)?,
    })
}

/// What a new certificate says about its subject.
struct Template {
    cn: String,
    ips: Vec<std::net::IpAddr>,
    dns: Vec<String>,
    days_valid: i64,
    is_ca: bool,
}

/// The signer of a certificate: its subject and key identifier (`None` for a self-signed certificate).
struct Issuer<'k> {
    name: Option<Name>,
    key_id: Option<Vec<u8>>,
    /// The parent certificate's public key, which `key` must match.
    public_key: Option<SubjectPublicKeyInfoOwned>,
    key: &'k PrivateKey,
}

fn validity(days: i64) -> Result<Validity, String> {
    let now = SystemTime::now();
    let secs = days.saturating_mul(86_400);
    let end = if secs >= 0 {
        now.checked_add(Duration::from_secs(secs.unsigned_abs()))
    } else {
        now.checked_sub(Duration::from_secs(secs.unsigned_abs()))
    }
    .ok_or("error creating certificate: validity out of range")?;
    let time = |t: SystemTime| -> Result<Time, String> {
        let g = x509_cert::der::asn1::GeneralizedTime::from_system_time(t).map_err(err)?;
        // RFC 5280: UTCTime through 2049, as Go writes it.
        match x509_cert::der::asn1::UtcTime::from_system_time(t) {
            Ok(u) => Ok(Time::UtcTime(u)),
            Err(_) => Ok(Time::GeneralTime(g)),
        }
    };
    Ok(Validity {
        not_before: time(now)?,
        not_after: time(end)?,
    })
}

/// Go's `x509.CreateCertificate` for Sprig's templates; returns the certificate's DER.
fn create_certificate(
    t: &Template,
    subject_key: &PrivateKey,
    issuer: &Issuer<'_>,
) -> Result<Vec<u8>, String> {
    let alg = issuer.key.signature_algorithm()?;
    if let Some(parent_key) = &issuer.public_key {
        if issuer.key.public_key_info()? != *parent_key {
            return Err("x509: provided PrivateKey doesn't match parent's PublicKey".into());
        }
    }
    let mut serial = [0u8; 16];
    rand::Rng::fill(&mut rand::thread_rng(), &mut serial);
    serial[0] = serial[0].clamp(1, 0x7f);
    let subject = common_name(&t.cn)?;
    let spki = subject_key.public_key_info()?;
    let ski_from = |spki: &SubjectPublicKeyInfoOwned| -> Vec<u8> {
        // RFC 7093 method 1 (Go's default since 1.25): the leftmost 160 bits of SHA-256 of the key.
        use sha2::Digest;
        sha2::Sha256::digest(spki.subject_public_key.raw_bytes())[..20].to_vec()
    };
    let mut usages = KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment;
    if t.is_ca {
        usages |= KeyUsages::KeyCertSign;
    }
    let mut exts = vec![
        extension(KeyUsage::OID, true, &KeyUsage(usages))?,
        extension(
            ExtendedKeyUsage::OID,
            false,
            &ExtendedKeyUsage(vec![OID_SERVER_AUTH, OID_CLIENT_AUTH]),
        )?,
        extension(
            BasicConstraints::OID,
            true,
            &BasicConstraints {
                ca: t.is_ca,
                path_len_constraint: None,
            },
        )?,
    ];
    if t.is_ca {
        let id = OctetString::new(ski_from(&spki)).map_err(err)?;
        exts.push(extension(
            SubjectKeyIdentifier::OID,
            false,
            &SubjectKeyIdentifier(id),
        )?);
    }
    let issuer_differs = match &issuer.name {
        Some(name) => name.to_der().map_err(err)? != subject.to_der().map_err(err)?,
        None => false,
    };
    if let (true, Some(key_id)) = (issuer_differs, &issuer.key_id) {
        let akid = AuthorityKeyIdentifier {
            key_identifier: Some(OctetString::new(key_id.clone()).map_err(err)?),
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        };
        exts.push(extension(AuthorityKeyIdentifier::OID, false, &akid)?);
    }
    if !t.dns.is_empty() || !t.ips.is_empty() {
        let mut names = Vec::new();
        for d in &t.dns {
            let ia5 = Ia5String::new(d).map_err(|_| {
                format!(
                    "x509: {} cannot be encoded as an IA5String",
                    super::quote::go_quote(d)
                )
            })?;
            names.push(GeneralName::DnsName(ia5));
        }
        for ip in &t.ips {
            let bytes = match ip {
                std::net::IpAddr::V4(v4) => v4.octets().to_vec(),
                std::net::IpAddr::V6(v6) => v6.octets().to_vec(),
            };
            names.push(GeneralName::IpAddress(
                OctetString::new(bytes).map_err(err)?,
            ));
        }
        exts.push(extension(
            SubjectAltName::OID,
            subject.0.is_empty(),
            &SubjectAltName(names),
        )?);
    }
    let tbs = TbsCertificate {
        version: x509_cert::Version::V3,
        serial_number: SerialNumber::new(&serial).map_err(err)?,
        signature: alg.clone(),
        issuer: issuer.name.clone().unwrap_or_else(|| subject.clone()),
        validity: validity(t.days_valid)?,
        subject,
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(exts),
    };
    let tbs_der = tbs.to_der().map_err(err)?;
    let signature = issuer.key.sign(&tbs_der)?;
    let cert = Certificate {
        tbs_certificate: tbs,
        signature_algorithm: alg,
        signature: BitString::from_bytes(&signature).map_err(err)?,
    };
    cert.to_der().map_err(err)
}

/// Sprig's `certificate` struct.
struct CertObject {
    cert: String,
    key: String,
}

fn certificate_type() -> TypeRef {
    static T: LazyLock<TypeRef> = LazyLock::new(|| {
        Arc::new(GoType::Named(
            "sprig.certificate".into(),
            Arc::new(GoType::Struct),
        ))
    });
    T.clone()
}

impl<'a> Object<'a> for CertObject {
    fn go_type(&self) -> TypeRef {
        certificate_type()
    }

    fn field(&self, name: &str) -> Option<Value<'a>> {
        match name {
            "Cert" => Some(Value::string(self.cert.as_str())),
            "Key" => Some(Value::string(self.key.as_str())),
            _ => None,
        }
    }

    fn fields(&self) -> Vec<(Arc<str>, Value<'a>)> {
        vec![
            ("Cert".into(), Value::string(self.cert.as_str())),
            ("Key".into(), Value::string(self.key.as_str())),
        ]
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

fn cert_value<'a>(cert: String, key: String) -> Value<'a> {
    Value::object(Arc::new(CertObject { cert, key }))
}

/// Builds a certificate for the template with `key`, signed by `issuer` (self-signed when `None`). The
/// template is built after the issuer is read, so errors come in Go's order.
fn generate<'a>(
    template: impl FnOnce() -> Result<Template, String>,
    key: &PrivateKey,
    issuer: Option<&CertObject>,
) -> Result<Value<'a>, String> {
    let (der, signer_key);
    let signer = match issuer {
        None => Issuer {
            name: None,
            key_id: None,
            public_key: None,
            key,
        },
        Some(ca) => {
            let (_, ca_der) = pem_decode(&ca.cert).ok_or("unable to decode certificate")?;
            let parent = Certificate::from_der(&ca_der)
                .map_err(|e| format!("error parsing certificate: decodedSignerCert.Bytes: {e}"))?;
            signer_key = PrivateKey::from_pem(&ca.key)
                .map_err(|e| format!("error parsing private key: {e}"))?;
            let key_id = parent
                .tbs_certificate
                .extensions
                .iter()
                .flatten()
                .find(|e| e.extn_id == SubjectKeyIdentifier::OID)
                .and_then(|e| SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
                .map(|s| s.0.as_bytes().to_vec());
            Issuer {
                name: Some(parent.tbs_certificate.subject.clone()),
                public_key: Some(parent.tbs_certificate.subject_public_key_info.clone()),
                key_id,
                key: &signer_key,
            }
        }
    };
    let t = template()?;
    der = create_certificate(&t, key, &signer)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    Ok(cert_value(pem_encode("CERTIFICATE", &der), key.to_pem()?))
}

fn list_items<'a>(v: &Value<'a>) -> Vec<Value<'a>> {
    match v {
        Value::List(l) => l.iter().collect(),
        _ => Vec::new(),
    }
}

/// Sprig's `getNetIPs` and `getAlternateDNSStrs`.
fn ips_and_names(
    ips: &Value<'_>,
    dns: &Value<'_>,
) -> Result<(Vec<std::net::IpAddr>, Vec<String>), String> {
    let mut out_ips = Vec::new();
    for ip in list_items(ips) {
        let Some(s) = ip.as_str() else {
            return Err(format!(
                "error parsing ip: {} is not a string",
                crate::fmt::sprint(&[ip])
            ));
        };
        let parsed = s
            .parse::<std::net::IpAddr>()
            .map_err(|_| format!("error parsing ip: {s}"))?;
        out_ips.push(parsed);
    }
    let mut out_dns = Vec::new();
    for d in list_items(dns) {
        let Some(s) = d.as_str() else {
            return Err(format!(
                "error processing alternate dns name: {} is not a string",
                crate::fmt::sprint(&[d])
            ));
        };
        out_dns.push(s.to_string());
    }
    Ok((out_ips, out_dns))
}

fn str_at<'v>(args: &'v [Value<'_>], i: usize) -> &'v str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

fn int_at(args: &[Value<'_>], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Int(n, _)) => *n,
        _ => 0,
    }
}

fn cert_at<'v>(args: &'v [Value<'_>], i: usize) -> Option<&'v CertObject> {
    match args.get(i) {
        Some(Value::Object(o)) => o.as_any().and_then(|a| a.downcast_ref::<CertObject>()),
        _ => None,
    }
}

fn fe(msg: impl Into<String>) -> FuncError {
    FuncError::new(msg)
}

fn nil<'v, 'a>(args: &'v [Value<'a>], i: usize) -> &'v Value<'a> {
    args.get(i).unwrap_or(&Value::Nil)
}

/// Registers the key and certificate functions.
pub(crate) fn register(map: &mut FuncMap) {
    let s = GoType::string;
    let i = GoType::int;
    let list = GoType::slice_of_interface;
    let cert = certificate_type;
    map.insert(
        "genPrivateKey",
        Func::new(Signature::new(vec![s()], s()), |a| {
            let pem = PrivateKey::generate(str_at(a, 0)).and_then(|k| {
                k.to_pem()
                    .map_err(|e| format!("failed to generate private key: {e}"))
            });
            Ok(Value::string(match pem {
                Ok(p) => p,
                Err(e) if e.starts_with("Unknown type") || e.starts_with("failed") => e,
                Err(e) => format!("failed to generate private key: {e}"),
            }))
        }),
    );
    let ca_template = |a: &[Value<'_>]| {
        Ok(Template {
            cn: str_at(a, 0).to_string(),
            ips: Vec::new(),
            dns: Vec::new(),
            days_valid: int_at(a, 1),
            is_ca: true,
        })
    };
    map.insert(
        "genCA",
        Func::new(
            Signature::new(vec![s(), i()], cert()).with_error(),
            move |a| {
                let key = PrivateKey::rsa2048().map_err(fe)?;
                generate(|| ca_template(a), &key, None).map_err(fe)
            },
        ),
    );
    map.insert(
        "genCAWithKey",
        Func::new(
            Signature::new(vec![s(), i(), s()], cert()).with_error(),
            move |a| {
                let key = PrivateKey::from_pem(str_at(a, 2))
                    .map_err(|e| fe(format!("parsing private key: {e}")))?;
                generate(|| ca_template(a), &key, None).map_err(fe)
            },
        ),
    );
    let leaf = |a: &[Value<'_>]| -> Result<Template, String> {
        let (ips, dns) = ips_and_names(nil(a, 1), nil(a, 2))?;
        Ok(Template {
            cn: str_at(a, 0).to_string(),
            ips,
            dns,
            days_valid: int_at(a, 3),
            is_ca: false,
        })
    };
    map.insert(
        "genSelfSignedCert",
        Func::new(
            Signature::new(vec![s(), list(), list(), i()], cert()).with_error(),
            move |a| {
                let key = PrivateKey::rsa2048().map_err(fe)?;
                generate(|| leaf(a), &key, None).map_err(fe)
            },
        ),
    );
    map.insert(
        "genSelfSignedCertWithKey",
        Func::new(
            Signature::new(vec![s(), list(), list(), i(), s()], cert()).with_error(),
            move |a| {
                let key = PrivateKey::from_pem(str_at(a, 4))
                    .map_err(|e| fe(format!("parsing private key: {e}")))?;
                generate(|| leaf(a), &key, None).map_err(fe)
            },
        ),
    );
    map.insert(
        "genSignedCert",
        Func::new(
            Signature::new(vec![s(), list(), list(), i(), cert()], cert()).with_error(),
            move |a| {
                let key = PrivateKey::rsa2048().map_err(fe)?;
                let ca = cert_at(a, 4).ok_or_else(|| fe("unable to decode certificate"))?;
                generate(|| leaf(a), &key, Some(ca)).map_err(fe)
            },
        ),
    );
    map.insert(
        "genSignedCertWithKey",
        Func::new(
            Signature::new(vec![s(), list(), list(), i(), cert(), s()], cert()).with_error(),
            move |a| {
                let key = PrivateKey::from_pem(str_at(a, 5))
                    .map_err(|e| fe(format!("parsing private key: {e}")))?;
                let ca = cert_at(a, 4).ok_or_else(|| fe("unable to decode certificate"))?;
                generate(|| leaf(a), &key, Some(ca)).map_err(fe)
            },
        ),
    );
    map.insert(
        "buildCustomCert",
        Func::new(Signature::new(vec![s(), s()], cert()).with_error(), |a| {
            let std = base64::engine::general_purpose::STANDARD;
            let cert = std
                .decode(str_at(a, 0))
                .map_err(|_| fe("unable to decode base64 certificate"))?;
            let key = std
                .decode(str_at(a, 1))
                .map_err(|_| fe("unable to decode base64 private key"))?;
            let cert = String::from_utf8_lossy(&cert).into_owned();
            let key = String::from_utf8_lossy(&key).into_owned();
            let (_, der) = pem_decode(&cert).ok_or_else(|| fe("unable to decode certificate"))?;
            Certificate::from_der(&der)
                .map_err(|e| fe(format!("error parsing certificate: decodedCert.Bytes: {e}")))?;
            PrivateKey::from_pem(&key)
                .map_err(|e| fe(format!("error parsing private key: {e}")))?;
            Ok(cert_value(cert, key))
        }),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[Value<'static>]) -> Result<Value<'static>, FuncError> {
        let mut m = FuncMap::new();
        register(&mut m);
        m.get(name).unwrap().call(args)
    }

    fn parts(v: &Value<'_>) -> (String, String) {
        let Value::Object(o) = v else { panic!() };
        let f = |n| o.field(n).unwrap().as_str().unwrap().to_string();
        (f("Cert"), f("Key"))
    }

    fn parse(pem: &str) -> Certificate {
        let (kind, der) = pem_decode(pem).unwrap();
        assert_eq!(kind, "CERTIFICATE");
        Certificate::from_der(&der).unwrap()
    }

    #[test]
    fn ca_and_signed_certificates() {
        let ca = call("genCA", &[Value::str("my-ca"), Value::int(365)]).unwrap();
        let (ca_pem, ca_key) = parts(&ca);
        assert!(ca_key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
        let ca_cert = parse(&ca_pem);
        assert_eq!(ca_cert.tbs_certificate.subject.to_string(), "CN=my-ca");
        let hosts = Value::list(vec![Value::str("a.example"), Value::str("b.example")]);
        let ips = Value::list(vec![Value::str("10.0.0.1")]);
        let leaf = call(
            "genSignedCert",
            &[Value::str("leaf"), ips, hosts, Value::int(30), ca.clone()],
        )
        .unwrap();
        let leaf_cert = parse(&parts(&leaf).0);
        assert_eq!(leaf_cert.tbs_certificate.issuer.to_string(), "CN=my-ca");
        let exts = leaf_cert.tbs_certificate.extensions.unwrap();
        assert!(exts.iter().any(|e| e.extn_id == SubjectAltName::OID));
        assert!(exts
            .iter()
            .any(|e| e.extn_id == AuthorityKeyIdentifier::OID));
        let err = call(
            "genSelfSignedCert",
            &[
                Value::str("x"),
                Value::list(vec![Value::str("nope")]),
                Value::Nil,
                Value::int(1),
            ],
        )
        .unwrap_err();
        assert_eq!(err.0, "error parsing ip: nope");
    }

    #[test]
    fn keys_of_each_kind_round_trip() {
        for (kind, header) in [("ecdsa", "EC PRIVATE KEY"), ("ed25519", "PRIVATE KEY")] {
            let pem = match call("genPrivateKey", &[Value::str(kind)]).unwrap() {
                Value::String(s) => s.to_string(),
                other => panic!("{other:?}"),
            };
            assert!(
                pem.starts_with(&format!("-----BEGIN {header}-----\n")),
                "{pem}"
            );
            let c = call(
                "genSelfSignedCertWithKey",
                &[
                    Value::str("k"),
                    Value::Nil,
                    Value::Nil,
                    Value::int(1),
                    Value::string(pem.as_str()),
                ],
            )
            .unwrap();
            let (cert, key) = parts(&c);
            assert_eq!(key, pem);
            parse(&cert);
            let b64 = |s: &str| Value::string(base64::engine::general_purpose::STANDARD.encode(s));
            call("buildCustomCert", &[b64(&cert), b64(&key)]).unwrap();
        }
        let dsa = match call("genPrivateKey", &[Value::str("dsa")]).unwrap() {
            Value::String(s) => s.to_string(),
            other => panic!("{other:?}"),
        };
        assert!(dsa.starts_with("-----BEGIN DSA PRIVATE KEY-----\n"));
        let (_, der) = pem_decode(&dsa).unwrap();
        let ints = Vec::<x509_cert::der::asn1::Int>::from_der(&der).unwrap();
        assert_eq!(ints.len(), 6);
        let e = call(
            "genCAWithKey",
            &[Value::str("x"), Value::int(1), Value::string(dsa.as_str())],
        )
        .unwrap_err();
        assert_eq!(e.0, format!("error creating certificate: {NOT_A_SIGNER}"));
        let bad = call("genPrivateKey", &[Value::str("dsa2")]).unwrap();
        assert_eq!(bad.as_str(), Some("Unknown type dsa2"));
        let e = call("buildCustomCert", &[Value::str("!"), Value::str("")]).unwrap_err();
        assert_eq!(e.0, "unable to decode base64 certificate");
    }
}
