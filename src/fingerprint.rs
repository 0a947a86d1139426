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

/// `sha256:` and the hex digest of the canonical JSON of `value`. serde's
/// many small writes reach the hasher in chunks of `chunk` bytes, through the
/// crate's one writer type ([`crate::write`]).
fn hash_with<T: Serialize + ?Sized>(value: &T, chunk: usize) -> String {
    let mut h = Sha256::new();
    crate::write::stream(value, chunk, &mut |bytes| h.update(bytes));
    format!("sha256:{}", hex(&h.finalize()))
}

/// `sha256:` and the hex digest of the canonical JSON of a small `value` (a
/// request, a policy): a small buffer, allocated per call.
pub fn hash_json<T: Serialize + ?Sized>(value: &T) -> String {
    hash_with(value, 512)
}

/// [`hash_json`] of a large value (a snapshot), through a larger buffer.
pub fn hash_json_large<T: Serialize + ?Sized>(value: &T) -> String {
    hash_with(value, 8192)
}

/// `sha256:` over several hashes, in order.
pub fn combine(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in [VERSION].iter().chain(parts) {
        h.update(p.as_bytes());
        h.update(b"\n");
    }
    format!("sha256:{}", hex(&h.finalize()))
}

/// The combined fingerprint hashed as far as a policy's and a snapshot's
/// hashes: what every preview of one workspace under one policy shares, so
/// that each preview hashes only its request's part ([`combine`] of the three).
#[derive(Debug, Clone)]
pub struct Prefix {
    snapshot: String,
    state: Sha256,
}

impl Prefix {
    pub fn new(policy: &str, snapshot: &str) -> Prefix {
        let mut state = Sha256::new();
        for p in [VERSION, policy, snapshot] {
            state.update(p.as_bytes());
            state.update(b"\n");
        }
        Prefix {
            snapshot: snapshot.to_string(),
            state,
        }
    }
    /// The snapshot hash it was made for.
    pub fn snapshot(&self) -> &str {
        &self.snapshot
    }
    /// `combine(&[policy, snapshot, request])`.
    pub fn combine(&self, request: &str) -> String {
        let mut h = self.state.clone();
        h.update(request.as_bytes());
        h.update(b"\n");
        format!("sha256:{}", hex(&h.finalize()))
    }
}
