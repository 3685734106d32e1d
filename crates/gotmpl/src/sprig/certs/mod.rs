//! Sprig key and certificate generation (random by nature): `genPrivateKey` (RSA, DSA, ECDSA P-256, Ed25519),
//! `genCA`, `genCAWithKey`, `genSelfSignedCert`, `genSelfSignedCertWithKey`, `genSignedCert`,
//! `genSignedCertWithKey` and `buildCustomCert`. Certificates follow Go's `x509.CreateCertificate` for Sprig's
//! templates (random positive serial of up to 127 bits where Go uses 128, CN-only subject, validity from now,
//! key usages, server+client extended key usage, basic constraints, subject/authority key identifiers, DNS/IP
//! alternative names) and are returned as Sprig's `certificate` struct with PEM `Cert` and `Key` fields. As in
//! Go, DSA keys can be generated and parsed but not used in certificates.

mod keys;

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
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};
use x509_cert::{Certificate, TbsCertificate};

use crate::func::{Func, FuncError, FuncMap, Signature};
use crate::value::{GoType, Object, TypeRef, Value};

use keys::{err, pem_decode, pem_encode, PrivateKey};

const OID_CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
const OID_CLIENT_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");

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
                    crate::fmt::quote(d)
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
        assert_eq!(
            e.0,
            format!("error creating certificate: {}", keys::NOT_A_SIGNER)
        );
        let bad = call("genPrivateKey", &[Value::str("dsa2")]).unwrap();
        assert_eq!(bad.as_str(), Some("Unknown type dsa2"));
        let e = call("buildCustomCert", &[Value::str("!"), Value::str("")]).unwrap_err();
        assert_eq!(e.0, "unable to decode base64 certificate");
    }
}
