//! Writing JSON: every value the crate writes (answers, documents written
//! back, the canonical JSON that fingerprints hash) goes through serde_json
//! into one writer type, [`Sink`].
//!
//! serde_json compiles its serializer once per writer type and value type:
//! writing answers into a `Vec<u8>` and hashed documents into a buffered
//! hasher compiled every type written both ways twice in the `.wasm`. One
//! writer that either keeps its bytes or hands them on in chunks serves both.
use serde::Serialize;

/// A byte buffer that serde_json writes into: `buf[..len]` is written, the
/// rest is room (zeroed, so that the fast path is a bounds-checked copy and
/// not a call to `Vec::extend_from_slice`, which is not inlined at
/// `opt-level = "s"`). Kept whole when writing an answer; when hashing,
/// handed to `drain` each time it is full, so that the hasher sees a few
/// large writes rather than one per token.
struct Sink<'a> {
    buf: Vec<u8>,
    len: usize,
    /// Hashing: where the buffer's bytes go each time it is full.
    drain: Option<Drain<'a>>,
}

/// Where a hashing [`Sink`] hands its bytes.
type Drain<'a> = &'a mut dyn FnMut(&[u8]);

impl Sink<'_> {
    /// A write: copied into the room left, or room made first. One call per
    /// write, not inlined where serde_json writes: inlining even a
    /// single-byte store there cost about 2 KB of `.wasm`.
    #[inline(never)]
    fn push(&mut self, bytes: &[u8]) {
        // Most writes are one byte (quotes, commas, colons, brackets): stored
        // without a call to `memcpy`.
        if let [b] = bytes {
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = *b;
                self.len += 1;
                return;
            }
        }
        let end = self.len + bytes.len();
        match self.buf.get_mut(self.len..end) {
            Some(room) => {
                room.copy_from_slice(bytes);
                self.len = end;
            }
            None => self.push_more(bytes),
        }
    }

    /// No room left: an answer's buffer grows; a hash's is handed on first
    /// (and bytes longer than the buffer are handed on directly).
    #[inline(never)]
    fn push_more(&mut self, bytes: &[u8]) {
        match &mut self.drain {
            None => {
                self.buf.truncate(self.len);
                self.buf.extend_from_slice(bytes);
                self.len = self.buf.len();
                let room = self.len.max(256);
                self.buf.resize(self.len + room, 0);
            }
            Some(drain) => {
                drain(self.buf.get(..self.len).unwrap_or_default());
                self.len = 0;
                match self.buf.get_mut(..bytes.len()) {
                    Some(room) => {
                        room.copy_from_slice(bytes);
                        self.len = bytes.len();
                    }
                    None => drain(bytes),
                }
            }
        }
    }

    /// A sink that appends to `out`.
    #[inline(never)]
    fn answer(mut out: Vec<u8>) -> Sink<'static> {
        let len = out.len();
        out.resize(len + len.max(256), 0);
        Sink {
            buf: out,
            len,
            drain: None,
        }
    }

    /// A sink that hands its bytes to `drain` in chunks of `chunk` bytes.
    #[inline(never)]
    fn hashing(chunk: usize, drain: Drain<'_>) -> Sink<'_> {
        Sink {
            buf: vec![0; chunk.max(1)],
            len: 0,
            drain: Some(drain),
        }
    }

    /// Hands on what is left (hashing).
    #[inline(never)]
    fn end(self) {
        let last = self.buf.get(..self.len).unwrap_or_default();
        if let Some(drain) = self.drain {
            drain(last);
        }
    }

    /// What was written, and the buffer's room given back.
    #[inline(never)]
    fn written(mut self) -> Vec<u8> {
        self.buf.truncate(self.len);
        self.buf
    }
}

impl std::io::Write for Sink<'_> {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.push(bytes);
        Ok(bytes.len())
    }
    #[inline(always)]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.push(bytes);
        Ok(())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn write<T: Serialize + ?Sized>(sink: &mut Sink<'_>, v: &T) -> bool {
    serde_json::to_writer(sink, v).is_ok()
}

/// Appends `v` as compact JSON to `out`; false if it cannot be written (a
/// map with a key that is not a string, which no contract type has).
///
/// The functions generic over the value only call the serializer; the
/// buffer is set up and given back by non-generic functions, so that each
/// type written does not compile its own copy of them.
pub fn append<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> bool {
    let mut sink = Sink::answer(std::mem::take(out));
    let ok = write(&mut sink, v);
    *out = sink.written();
    ok
}

/// `v` as compact JSON (`null` if it cannot be written).
pub fn to_string<T: Serialize + ?Sized>(v: &T) -> String {
    let mut out = Vec::new();
    let ok = append(&mut out, v);
    into_string(out, ok)
}

/// What [`append`] wrote, as a string; `null` if it failed.
#[inline(never)]
fn into_string(out: Vec<u8>, ok: bool) -> String {
    if !ok {
        return String::from("null");
    }
    String::from_utf8(out).unwrap_or_else(|_| String::from("null"))
}

/// Hands the compact JSON of `v` to `drain` in chunks of at most `chunk`
/// bytes (and longer single writes whole), never keeping more than that.
pub fn stream<T: Serialize + ?Sized>(v: &T, chunk: usize, drain: &mut dyn FnMut(&[u8])) {
    let mut sink = Sink::hashing(chunk, drain);
    // A value that cannot be written hashes as far as it was written.
    let _ = write(&mut sink, v);
    sink.end();
}
