//! Fingerprints: SHA-256 over canonical JSON.
//!
//! Canonical JSON is what [`crate::json::ToJson`] writes for the parsed, typed
//! value: object keys sorted (maps are `BTreeMap`s), members of a struct in a
//! fixed order, no whitespace, numbers as written, defaults made explicit or
//! omitted the same way every time. Two inputs that parse to the same value get
//! the same fingerprint whatever their formatting.
use crate::json::ToJson;
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(
            HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
        ));
        s.push(char::from(
            HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0'),
        ));
    }
    s
}

/// `sha256:` and the hex digest of the canonical JSON of `value`.
pub fn hash_json<T: ToJson + ?Sized>(value: &T) -> String {
    let text = crate::json::to_string(value);
    format!("sha256:{}", hex(&Sha256::digest(text.as_bytes())))
}

/// `sha256:` over several hashes, in order.
pub fn combine(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update(b"\n");
    }
    format!("sha256:{}", hex(&h.finalize()))
}
