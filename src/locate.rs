//! Where a failed read failed, as a JSON pointer.
//!
//! Documents are read by serde_json alone, untracked: one reader per type in
//! the `.wasm` and no bookkeeping per value. When reading fails, serde_json
//! says at which line and column; this module turns that position into the
//! pointer of the value there. It reads the input again, cut at that
//! position, with a reader that only follows keys and indexes (serde_json
//! still does all the parsing), and keeps the path it was on when the cut
//! input ended, and the path of the last value it finished.
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::fmt;

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

#[derive(Default)]
struct State {
    /// The path of the value being read.
    at: Vec<Step>,
    /// The path of the last value read to its end.
    done: Vec<Step>,
    /// The `done` before it: when the last value done is a list or an
    /// object, the last value read to its end inside it.
    inner: Vec<Step>,
}

/// Follows keys and indexes while serde_json reads.
#[derive(Clone, Copy)]
struct Follow<'s>(&'s RefCell<State>);

impl Follow<'_> {
    fn push(&self, s: Step) {
        if let Ok(mut st) = self.0.try_borrow_mut() {
            st.at.push(s);
        }
    }
    /// The value at the end of the path is read: it is the last one done.
    fn finish(&self) {
        if let Ok(mut st) = self.0.try_borrow_mut() {
            let done = st.at.clone();
            st.inner = std::mem::replace(&mut st.done, done);
            st.at.pop();
        }
    }
}

impl<'de> DeserializeSeed<'de> for Follow<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Follow<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            self.push(Step::Index(i));
            if seq.next_element_seed(self)?.is_none() {
                if let Ok(mut st) = self.0.try_borrow_mut() {
                    st.at.pop();
                }
                return Ok(());
            }
            self.finish();
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            self.push(Step::Key(key));
            map.next_value_seed(self)?;
            self.finish();
        }
        Ok(())
    }
}

/// Where reading stopped, when `bytes` is cut at line `line`, column
/// `column` (serde_json's 1-based position of an error).
pub struct Stop {
    /// The path of the value being read.
    pub at: Vec<Step>,
    /// The path of the last value read to its end.
    pub done: Vec<Step>,
    /// The last value read to its end before `done` (inside it, when `done`
    /// is a list or an object).
    pub inner: Vec<Step>,
    /// The last byte before the cut that is not white space (a space when none).
    pub last: u8,
}

/// Reads `bytes` cut at serde_json's position of an error, following keys
/// and indexes: see [`Stop`].
pub fn stop_at(bytes: &[u8], line: usize, column: usize) -> Stop {
    let mut start = 0;
    for _ in 1..line {
        match bytes
            .get(start..)
            .and_then(|rest| rest.iter().position(|b| *b == b'\n'))
        {
            Some(nl) => start += nl + 1,
            None => break,
        }
    }
    let cut = bytes
        .get(..(start + column).min(bytes.len()))
        .unwrap_or(bytes);
    let state = RefCell::new(State::default());
    let mut de = serde_json::Deserializer::from_slice(cut);
    let whole = Follow(&state).deserialize(&mut de).is_ok();
    let st = state.into_inner();
    let last = cut
        .iter()
        .rev()
        .find(|b| !b.is_ascii_whitespace())
        .copied()
        .unwrap_or(b' ');
    Stop {
        at: st.at,
        // A cut that reads to its end is one whole value: the last one done.
        done: if whole { Vec::new() } else { st.done },
        inner: st.inner,
        last,
    }
}
