//! Fingerprints: SHA-256 over canonical JSON.
//!
//! Canonical JSON is what serde writes for the parsed, typed value: object
//! keys sorted ([`crate::value::Dict`]), members of a struct in declaration
//! order, no whitespace, integers as integers and other numbers in their
//! shortest round-trip form (`1.50` and `1.5` hash alike, `1` and `1.0` do
//! not), defaults made explicit or omitted the same way every time. Two inputs
//! that parse to the same value get the same fingerprint whatever their
//! formatting. The canonical form is written straight into the hasher: no
//! copy of the document is made.
//!
//! This is version 2 of the canonical form ([`VERSION`], mixed into every
//! combined fingerprint); version 1 hashed numbers as written.
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The version of the canonical form, part of every combined fingerprint.
pub const VERSION: &str = "offboard-fingerprint-v2";

/// Feeds what serde writes into the hash.
struct Hasher(Sha256);

impl std::io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

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
pub fn hash_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut h = Hasher(Sha256::new());
    crate::read::to_writer(std::io::BufWriter::with_capacity(8192, &mut h), value);
    format!("sha256:{}", hex(&h.0.finalize()))
}

/// `sha256:` over several hashes, in order.
pub fn combine(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(VERSION.as_bytes());
    h.update(b"\n");
    for p in parts {
        h.update(p.as_bytes());
        h.update(b"\n");
    }
    format!("sha256:{}", hex(&h.finalize()))
}
