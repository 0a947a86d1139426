//! Fingerprints: SHA-256 over canonical JSON.
//!
//! Canonical JSON is what serde_json writes for the parsed, typed value: object
//! keys sorted (maps are `BTreeMap`s), no whitespace, defaults made explicit or
//! omitted the same way every time. Two inputs that parse to the same value get
//! the same fingerprint whatever their formatting.
use serde::Serialize;
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
pub fn hash_json<T: Serialize>(value: &T) -> String {
    let mut h = Sha256::new();
    // Writing into the hasher cannot fail; a serialisation error leaves a distinct digest.
    if serde_json::to_writer(HashWriter(&mut h), value).is_err() {
        h.update(b"\x00unserialisable");
    }
    format!("sha256:{}", hex(&h.finalize()))
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

struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
