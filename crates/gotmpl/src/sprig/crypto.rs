//! Sprig cryptographic functions: `derivePassword` (the Master Password algorithm: scrypt + HMAC-SHA256 and
//! its password templates), `encryptAES`/`decryptAES` (AES-256-CBC, PKCS#7 padding, random IV, base64),
//! `bcrypt`, `htpasswd`, `randBytes` and `uuidv4`. The last four and `encryptAES` are random by nature.
//! Certificate and key generation (`genPrivateKey`, `genCA`, …) is not provided.

use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::Engine as _;
use hmac::Mac as _;

use crate::func::{Func, FuncError, FuncMap, Signature};
use crate::value::{GoType, Kind, Value};

const MASTER_PASSWORD_SEED: &[u8] = b"com.lyndir.masterpassword";

/// The Master Password site-password templates by type.
fn password_templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

/// The characters a Master Password template letter stands for.
fn template_characters(c: u8) -> &'static [u8] {
    match c {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

/// Sprig's `derivePassword(counter, passwordType, password, user, site)`; problems are reported in the
/// returned text, as Sprig does.
pub(crate) fn derive_password(
    counter: u32,
    kind: &str,
    password: &str,
    user: &str,
    site: &str,
) -> String {
    let Some(templates) = password_templates(kind) else {
        return format!("cannot find password template {kind}");
    };
    let mut salt = MASTER_PASSWORD_SEED.to_vec();
    salt.extend_from_slice(&(user.len() as u32).to_be_bytes());
    salt.extend_from_slice(user.as_bytes());
    let mut key = [0u8; 64];
    let derived = scrypt::Params::new(15, 8, 2, 64)
        .map_err(|e| e.to_string())
        .and_then(|p| {
            scrypt::scrypt(password.as_bytes(), &salt, &p, &mut key).map_err(|e| e.to_string())
        });
    if let Err(e) = derived {
        return format!("failed to derive password: {e}");
    }
    let mut message = MASTER_PASSWORD_SEED.to_vec();
    message.extend_from_slice(&(site.len() as u32).to_be_bytes());
    message.extend_from_slice(site.as_bytes());
    message.extend_from_slice(&counter.to_be_bytes());
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key) else {
        return "failed to derive password: invalid key".to_string();
    };
    mac.update(&message);
    let seed = mac.finalize().into_bytes();
    let template = templates[usize::from(seed[0]) % templates.len()].as_bytes();
    template
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let chars = template_characters(c);
            chars[usize::from(seed[i + 1]) % chars.len()] as char
        })
        .collect()
}

/// A 32-byte AES key: the password's bytes, zero-padded or truncated.
fn aes_key(password: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    let n = password.len().min(32);
    key[..n].copy_from_slice(&password.as_bytes()[..n]);
    key
}

/// Sprig's `encryptAES`: base64 of a random IV followed by the AES-256-CBC ciphertext of the PKCS#7-padded
/// text.
pub(crate) fn encrypt_aes(password: &str, plaintext: &str) -> String {
    if plaintext.is_empty() {
        return String::new();
    }
    let mut iv = [0u8; 16];
    rand::Rng::fill(&mut rand::thread_rng(), &mut iv);
    let mut cipher = cbc::Encryptor::<aes::Aes256>::new(&aes_key(password).into(), &iv.into());
    let pad = 16 - plaintext.len() % 16;
    let mut ciphertext = plaintext.as_bytes().to_vec();
    ciphertext.resize(plaintext.len() + pad, pad as u8);
    for block in ciphertext.chunks_exact_mut(16) {
        cipher.encrypt_block_mut(block.into());
    }
    let mut out = iv.to_vec();
    out.extend_from_slice(&ciphertext);
    base64::engine::general_purpose::STANDARD.encode(out)
}

/// Sprig's `decryptAES`; errors and Go runtime panics are reported with Go's messages.
pub(crate) fn decrypt_aes(password: &str, crypt64: &str) -> Result<String, FuncError> {
    if crypt64.is_empty() {
        return Ok(String::new());
    }
    let crypt = super::encoding::base64_decode(crypt64.as_bytes())
        .map_err(|at| FuncError::new(format!("illegal base64 data at input byte {at}")))?;
    if crypt.len() < 16 {
        return Err(FuncError::new(format!(
            "runtime error: slice bounds out of range [:16] with capacity {}",
            crypt.len()
        )));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err(FuncError::new("crypto/cipher: input not full blocks"));
    }
    let mut buf = body.to_vec();
    let mut cipher = cbc::Decryptor::<aes::Aes256>::new(&aes_key(password).into(), iv.into());
    for block in buf.chunks_exact_mut(16) {
        cipher.decrypt_block_mut(block.into());
    }
    let Some(&pad) = buf.last() else {
        return Err(FuncError::new("runtime error: index out of range [-1]"));
    };
    let end = buf.len() as i64 - i64::from(pad);
    if end < 0 {
        return Err(FuncError::new(format!(
            "runtime error: slice bounds out of range [:{end}]"
        )));
    }
    buf.truncate(end as usize);
    // Go strings may hold any bytes; invalid UTF-8 is shown with U+FFFD here.
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Sprig's `bcrypt`: a `$2a$10$` hash, or Sprig's failure text.
pub(crate) fn bcrypt_hash(input: &str) -> String {
    if input.len() > 72 {
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
            .to_string();
    }
    match bcrypt::hash_with_result(input, 10) {
        Ok(h) => h.format_for_version(bcrypt::Version::TwoA),
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

fn str_at<'v>(args: &'v [Value<'_>], i: usize) -> &'v str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

/// Registers the crypto functions.
pub(crate) fn register(map: &mut FuncMap) {
    let s = GoType::string;
    map.insert(
        "derivePassword",
        Func::new(
            Signature::new(vec![GoType::basic(Kind::Uint32), s(), s(), s(), s()], s()),
            |a| {
                let counter = match a.first() {
                    Some(Value::Uint(n, _)) => *n as u32,
                    Some(Value::Int(n, _)) => *n as u32,
                    _ => 0,
                };
                Ok(Value::string(derive_password(
                    counter,
                    str_at(a, 1),
                    str_at(a, 2),
                    str_at(a, 3),
                    str_at(a, 4),
                )))
            },
        ),
    );
    map.insert(
        "encryptAES",
        Func::new(Signature::new(vec![s(), s()], s()).with_error(), |a| {
            Ok(Value::string(encrypt_aes(str_at(a, 0), str_at(a, 1))))
        }),
    );
    map.insert(
        "decryptAES",
        Func::new(Signature::new(vec![s(), s()], s()).with_error(), |a| {
            decrypt_aes(str_at(a, 0), str_at(a, 1)).map(Value::string)
        }),
    );
    map.insert(
        "bcrypt",
        Func::new(Signature::new(vec![s()], s()), |a| {
            Ok(Value::string(bcrypt_hash(str_at(a, 0))))
        }),
    );
    map.insert(
        "htpasswd",
        Func::new(Signature::new(vec![s(), s()], s()), |a| {
            let user = str_at(a, 0);
            Ok(Value::string(if user.contains(':') {
                format!("invalid username: {user}")
            } else {
                format!("{user}:{}", bcrypt_hash(str_at(a, 1)))
            }))
        }),
    );
    map.insert(
        "randBytes",
        Func::new(Signature::new(vec![GoType::int()], s()).with_error(), |a| {
            let count = match a.first() {
                Some(Value::Int(n, _)) => *n,
                _ => 0,
            };
            let count = usize::try_from(count)
                .map_err(|_| FuncError::new("runtime error: makeslice: len out of range"))?;
            if count as i64 > super::random::MAX_GENERATED {
                return Err(FuncError::new(format!(
                    "cannot generate {count} random bytes (at most {})",
                    super::random::MAX_GENERATED
                )));
            }
            let mut buf = vec![0u8; count];
            rand::Rng::fill(&mut rand::thread_rng(), buf.as_mut_slice());
            Ok(Value::string(
                base64::engine::general_purpose::STANDARD.encode(buf),
            ))
        }),
    );
    map.insert(
        "uuidv4",
        Func::new(Signature::new(vec![], s()), |_| {
            Ok(Value::string(uuid::Uuid::new_v4().to_string()))
        }),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn derive_password_matches_master_password() {
        assert_eq!(
            derive_password(1, "long", "password", "user", "example.com"),
            "ZedaFaxcZaso9*"
        );
        assert_eq!(
            derive_password(1, "pin", "password", "user", "example.com"),
            "6685"
        );
        assert_eq!(
            derive_password(1, "nope", "p", "u", "s"),
            "cannot find password template nope"
        );
    }

    #[test]
    fn aes_round_trip_and_errors() {
        let c = encrypt_aes("secretkey", "plaintext");
        assert_eq!(decrypt_aes("secretkey", &c).unwrap(), "plaintext");
        assert_eq!(encrypt_aes("k", ""), "");
        assert_eq!(
            decrypt_aes("secretkey", "bad").unwrap_err().0,
            "illegal base64 data at input byte 0"
        );
        assert_eq!(
            decrypt_aes("k", "YWJj").unwrap_err().0,
            "runtime error: slice bounds out of range [:16] with capacity 3"
        );
    }

    #[test]
    fn bcrypt_hashes_verify() {
        let h = bcrypt_hash("pw");
        assert!(h.starts_with("$2a$10$"));
        assert!(bcrypt::verify("pw", &h).unwrap());
        assert!(bcrypt_hash(&"x".repeat(73)).starts_with("failed to encrypt"));
    }
}
