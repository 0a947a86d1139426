//! JSON in and out, without generic deserialisation code.
//!
//! One parser turns bytes into a [`Value`] tree, tracking the JSON pointer of
//! what it reads so that even a syntax error names where it happened. Typed
//! values are then read from the tree by [`FromJson`] implementations that
//! share one small set of helpers ([`De`], [`Obj`]): every error carries a
//! stable code, a message and the pointer of the offending value. Output goes
//! through [`ToJson`], which writes compact JSON straight into a `String`.
//!
//! This module replaces serde for the crate: the derive-generated visitors of
//! some sixty types, instantiated once per input form, were most of the
//! `.wasm`. Here each type costs one short function.
use crate::error::Error;
use crate::expr::did_you_mean;
use std::fmt::Write as _;

/// Objects keep their keys sorted, so that writing a value is canonical.
pub type Map = Dict<Value>;

/// A map with string keys, kept as a vector sorted by key: the one map type
/// of the data model. Lookups are binary searches; it costs far less code per
/// value type than a `BTreeMap` (which matters in the `.wasm`), and reading a
/// JSON object into it needs no re-sorting.
#[derive(Debug, Clone, PartialEq)]
pub struct Dict<T> {
    entries: Vec<(String, T)>,
}

/// The iterator over a [`Dict`]'s entries, in key order.
pub type DictIter<'a, T> =
    std::iter::Map<std::slice::Iter<'a, (String, T)>, fn(&(String, T)) -> (&String, &T)>;

impl<T> Default for Dict<T> {
    fn default() -> Self {
        Dict {
            entries: Vec::new(),
        }
    }
}

impl<T> Dict<T> {
    pub fn new() -> Self {
        Dict::default()
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
    pub fn get(&self, key: &str) -> Option<&T> {
        let i = self.find(key).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        let i = self.find(key).ok()?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }
    /// Sets `key` to `v`, returning the value it replaces.
    pub fn insert(&mut self, key: String, v: T) -> Option<T> {
        match self.find(&key) {
            Ok(i) => self
                .entries
                .get_mut(i)
                .map(|(_, old)| std::mem::replace(old, v)),
            Err(i) => {
                self.entries.insert(i, (key, v));
                None
            }
        }
    }
    pub fn remove(&mut self, key: &str) -> Option<T> {
        let i = self.find(key).ok()?;
        Some(self.entries.remove(i).1)
    }
    /// Keeps the entries for which `f` holds.
    pub fn retain(&mut self, mut f: impl FnMut(&String, &mut T) -> bool) {
        self.entries.retain_mut(|(k, v)| f(k, v));
    }
    /// Entries in key order.
    pub fn iter(&self) -> DictIter<'_, T> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<'a, T> IntoIterator for &'a Dict<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = DictIter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> IntoIterator for Dict<T> {
    type Item = (String, T);
    type IntoIter = std::vec::IntoIter<(String, T)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<T> FromIterator<(String, T)> for Dict<T> {
    /// Sorted by key; of repeated keys the last one stays.
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        let mut entries: Vec<(String, T)> = iter.into_iter().collect();
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        Dict { entries }
    }
}

/// Containers nested deeper than this are refused (`limitExceeded`).
pub const MAX_DEPTH: usize = 128;

/// A JSON number, kept as written so that it round-trips exactly (large ids,
/// decimals), with its value as an `f64` for comparisons.
#[derive(Debug, Clone)]
pub struct Number {
    text: Box<str>,
    value: f64,
}

impl Number {
    pub fn as_f64(&self) -> f64 {
        self.value
    }
    /// The number as written in the input.
    pub fn as_str(&self) -> &str {
        &self.text
    }
    /// The number when it is written as an integer (no fraction, no exponent).
    fn integer(&self) -> Option<&str> {
        (!self.text.contains(['.', 'e', 'E'])).then_some(&*self.text)
    }
}

/// Numbers are equal when written alike: `1` and `1.0` differ, as they do
/// for the readers of this crate (`1.0` is not a count). Conditions compare
/// values ([`Number::as_f64`]).
impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.text == other.text
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Number {
        Number {
            text: n.to_string().into(),
            value: n as f64,
        }
    }
}

/// A parsed JSON document.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n.value),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(key))
    }
    /// How an error message names this value: `string "x"`, `number 5`, `an object`…
    fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Number(n) => format!("number `{}`", n.text),
            Value::String(s) if s.len() > 60 => "a string".into(),
            Value::String(s) => format!("string {}", to_string(s)),
            Value::Array(_) => "an array".into(),
            Value::Object(_) => "an object".into(),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}
impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(n.into())
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&to_string(self))
    }
}

/// Escapes one JSON pointer segment.
pub fn seg(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// Appends `/` and the escaped segment `s` to the pointer `path`.
pub fn push_seg(path: &mut String, s: &str) {
    path.push('/');
    push_escaped(path, s);
}

fn push_escaped(out: &mut String, s: &str) {
    if !s.contains(['~', '/']) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

// ---------------------------------------------------------------------------
// Parsing

struct Parser<'a, 's> {
    /// Arrays handed element by element to a reader instead of built (see [`Streams`]).
    streams: Option<Streams<'s>>,
    /// The first error of a stream reader: reported once the syntax is known good.
    deferred: Option<Error>,
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
    /// Where the value being read is, from `base`: written out only for an error.
    base: &'a str,
    frames: Vec<Frame>,
    // Members and elements of the open containers, innermost last: each
    // container is moved out in one exactly sized allocation when it closes,
    // rather than grown step by step (less work, and fewer freed blocks
    // scattered through the heap of a large workspace).
    members: Vec<(String, Value)>,
    elements: Vec<Value>,
}

/// One step of the path to the value being read.
enum Frame {
    /// The member whose key starts (with its `"`) at this offset.
    Key(usize),
    /// The element at this index.
    Index(usize),
}

/// Parses one JSON document. Errors: `invalidJson`, `truncatedJson` (the
/// input ends early), `limitExceeded` (nesting deeper than [`MAX_DEPTH`]) and
/// `invalidValue` (a key repeated in one object), each under `base` plus the
/// pointer of where it happened.
pub fn parse_value(bytes: &[u8], base: &str) -> Result<Value, Error> {
    parse_streaming(bytes, base, None).map(|(v, _)| v)
}

/// Arrays read element by element while parsing, instead of built in the
/// tree: the users and items of a large workspace. Each element becomes a
/// typed value as soon as it is complete, so that its tree is freed and its
/// memory reused by the next one (a tree of the whole workspace, freed after
/// conversion, left the heap fragmented and later allocations slow).
pub struct Streams<'s> {
    /// The JSON pointers of the arrays, `base` included.
    pub at: &'s [&'s str],
    /// Called with the index in `at`, the element and its pointer.
    pub each: &'s mut dyn FnMut(usize, Value, &str) -> Result<(), Error>,
}

/// [`parse_value`], with the arrays at `streams.at` handed to `streams.each`
/// and left empty in the tree. A syntax error anywhere is the error; the
/// first error of `each` comes back beside the tree, so that the caller can
/// report it with its other reading errors. After it, elements are only checked.
pub fn parse_streaming(
    bytes: &[u8],
    base: &str,
    streams: Option<Streams>,
) -> Result<(Value, Option<Error>), Error> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = position(bytes, e.valid_up_to());
            return Err(Error::new(
                "invalidJson",
                base,
                format!("invalid UTF-8 at line {line} column {column}"),
            ));
        }
    };
    let mut p = Parser {
        streams,
        deferred: None,
        text,
        bytes,
        at: 0,
        depth: 0,
        base,
        frames: Vec::new(),
        members: Vec::new(),
        elements: Vec::new(),
    };
    let v = p.value()?;
    p.space();
    if p.at < bytes.len() {
        return Err(p.syntax("trailing characters"));
    }
    Ok((v, p.deferred))
}

/// Line and column (1-based, in bytes) of offset `at`.
fn position(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = bytes.get(..at).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// The JSON pointer of the value being read.
    fn path(&self) -> String {
        let mut path = self.base.to_string();
        for f in &self.frames {
            match f {
                Frame::Index(i) => {
                    let _ = write!(path, "/{i}");
                }
                Frame::Key(at) => {
                    let mut keys = Parser {
                        streams: None,
                        deferred: None,
                        text: self.text,
                        bytes: self.bytes,
                        at: *at,
                        depth: 0,
                        base: "",
                        frames: Vec::new(),
                        members: Vec::new(),
                        elements: Vec::new(),
                    };
                    push_seg(&mut path, &keys.string().unwrap_or_default());
                }
            }
        }
        path
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// An error at the current position; `truncatedJson` when the input has ended.
    fn syntax(&self, what: &str) -> Error {
        let (line, column) = position(self.bytes, self.at);
        if self.at >= self.bytes.len() {
            return Error::new(
                "truncatedJson",
                self.path(),
                format!("EOF while parsing {what} at line {line} column {column}"),
            );
        }
        Error::new(
            "invalidJson",
            self.path(),
            format!("{what} at line {line} column {column}"),
        )
    }

    fn value(&mut self) -> Result<Value, Error> {
        self.space();
        match self.peek() {
            None => Err(self.syntax("a value")),
            Some(b'{') => self.nested(Parser::object),
            Some(b'[') => self.nested(Parser::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.syntax("expected value")),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Value, Error>) -> Result<Value, Error> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::new(
                "limitExceeded",
                self.path(),
                format!("input nested too deeply (limit {MAX_DEPTH} levels)"),
            ));
        }
        self.depth += 1;
        self.at += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, Error> {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        if rest.starts_with(word.as_bytes()) {
            self.at += word.len();
            return Ok(v);
        }
        // Stop at the first byte that differs, so a cut-off `tru` reads as truncated.
        let same = rest
            .iter()
            .zip(word.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        self.at += same;
        Err(self.syntax("expected value"))
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value, Error> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.syntax("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.syntax("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.syntax("invalid number"));
            }
        }
        let text = self.text.get(start..self.at).unwrap_or_default();
        match crate::text::parse_decimal(text) {
            Some(value) => Ok(Value::Number(Number {
                text: text.into(),
                value,
            })),
            None => {
                self.at = start;
                Err(self.syntax("number out of range"))
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.syntax("invalid escape")),
            };
            n = n * 16 + u32::from(d);
            self.at += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // `start..at` lies between ASCII bytes of valid UTF-8: a char boundary.
            out.push_str(self.text.get(start..self.at).unwrap_or_default());
            match self.peek() {
                None => return Err(self.syntax("a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.syntax("invalid escape")),
                    };
                    self.at += 1;
                    out.push(c);
                }
                Some(_) => {
                    return Err(self.syntax(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ))
                }
            }
        }
    }

    /// The character of `\uXXXX` (after the `u`), joining surrogate pairs.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                    return Err(self.syntax("lone leading surrogate in hex escape"));
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.syntax("lone leading surrogate in hex escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.syntax("lone trailing surrogate in hex escape")),
            c => c,
        };
        char::from_u32(code).ok_or_else(|| self.syntax("invalid escape"))
    }

    /// The index in `streams.at` of the array being opened, if streamed.
    fn stream_target(&self) -> Option<(usize, String)> {
        let streams = self.streams.as_ref()?;
        // Only an array as deep as a target can be one: the path, which
        // allocates, is not written for the arrays inside every item.
        let depth = self.frames.len();
        let deep_as = |t: &&str| {
            t.strip_prefix(self.base)
                .is_some_and(|rest| rest.matches('/').count() == depth)
        };
        if !streams.at.iter().any(deep_as) {
            return None;
        }
        let path = self.path();
        let i = streams.at.iter().position(|t| *t == path)?;
        Some((i, path))
    }

    fn array(&mut self) -> Result<Value, Error> {
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(Vec::new()));
        }
        if let Some((target, path)) = self.stream_target() {
            return self.streamed_array(target, &path);
        }
        let start = self.elements.len();
        loop {
            self.frames.push(Frame::Index(self.elements.len() - start));
            let v = self.value()?;
            self.elements.push(v);
            self.frames.pop();
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    let mut out = Vec::with_capacity(self.elements.len() - start);
                    out.extend(self.elements.drain(start..));
                    return Ok(Value::Array(out));
                }
                _ => return Err(self.syntax("expected `,` or `]`")),
            }
        }
    }

    /// An array whose elements go to the stream reader `target`; `path` is its pointer.
    fn streamed_array(&mut self, target: usize, path: &str) -> Result<Value, Error> {
        let mut i = 0;
        let mut at = String::with_capacity(path.len() + 8);
        loop {
            self.frames.push(Frame::Index(i));
            let v = self.value()?;
            self.frames.pop();
            if self.deferred.is_none() {
                if let Some(s) = self.streams.as_mut() {
                    at.clear();
                    at.push_str(path);
                    let _ = write!(at, "/{i}");
                    if let Err(e) = (s.each)(target, v, &at) {
                        self.deferred = Some(e);
                    }
                }
            }
            i += 1;
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(Vec::new()));
                }
                _ => return Err(self.syntax("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, Error> {
        let start = self.members.len();
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(Map::new()));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.syntax("key must be a string"));
            }
            let key_at = self.at;
            let key = self.string()?;
            self.space();
            if self.peek() != Some(b':') {
                return Err(self.syntax("expected `:`"));
            }
            self.at += 1;
            self.frames.push(Frame::Key(key_at));
            let v = self.value()?;
            self.members.push((key, v));
            self.frames.pop();
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    let mut out = Vec::with_capacity(self.members.len() - start);
                    out.extend(self.members.drain(start..));
                    out.sort_by(|a, b| a.0.cmp(&b.0));
                    if let Some(w) = out.windows(2).find(|w| matches!(w, [a, b] if a.0 == b.0)) {
                        let key = w.first().map_or("", |(k, _)| k.as_str());
                        return Err(Error::new(
                            "invalidValue",
                            self.path(),
                            format!("duplicate field `{key}`"),
                        )
                        .with_help("give each key once per object"));
                    }
                    return Ok(Value::Object(Dict { entries: out }));
                }
                _ => return Err(self.syntax("expected `,` or `}`")),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Reading typed values

/// A type read from a [`Value`]. `d` knows the pointer of `v` for errors.
pub trait FromJson: Sized {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error>;
}

/// The reading state: the JSON pointer of the value being read.
pub struct De {
    path: String,
}

impl De {
    pub fn new(base: &str) -> De {
        De {
            path: base.to_string(),
        }
    }

    /// The pointer of the value being read.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// An error about the value being read.
    pub fn error(&self, code: &str, message: impl Into<String>) -> Error {
        Error::new(code, self.path.clone(), message)
    }

    /// `invalidValue`: `v` is not of the `expected` kind.
    pub fn invalid_type(&self, v: &Value, expected: &str) -> Error {
        self.error(
            "invalidValue",
            format!("invalid type: {}, expected {expected}", v.describe()),
        )
    }

    /// Reads `v`, the member `key` of the value being read.
    pub fn member<T: FromJson>(&mut self, key: &str, v: Value) -> Result<T, Error> {
        let len = self.path.len();
        push_seg(&mut self.path, key);
        let r = T::from_json(v, self);
        self.path.truncate(len);
        r
    }

    fn element<T: FromJson>(&mut self, i: usize, v: Value) -> Result<T, Error> {
        let len = self.path.len();
        let _ = write!(self.path, "/{i}");
        let r = T::from_json(v, self);
        self.path.truncate(len);
        r
    }

    /// An object whose keys are all among `fields`; `unknownField` (with a
    /// did-you-mean) names the first key that is not.
    pub fn object(&mut self, v: Value, fields: &[&str]) -> Result<Obj, Error> {
        let o = self.members(v)?;
        if let Some(bad) = o.map.keys().find(|k| !fields.contains(&k.as_str())) {
            let mut e = Error::new(
                "unknownField",
                format!("{}/{}", self.path, seg(bad)),
                format!("unknown field `{bad}`, expected {}", one_of(fields)),
            );
            if let Some(c) = did_you_mean(bad, fields.iter().copied()) {
                e = e.with_help(format!("did you mean `{c}`?"));
            }
            return Err(e);
        }
        Ok(o)
    }

    /// An object, whatever its keys; members not taken are ignored.
    pub fn members(&mut self, v: Value) -> Result<Obj, Error> {
        match v {
            Value::Object(map) => Ok(Obj { map }),
            other => Err(self.invalid_type(&other, "an object")),
        }
    }

    /// The member `key` of the object `v`, one of `names`: the tag of a
    /// tagged object ([`json_tagged!`]).
    pub fn tag(
        &mut self,
        v: &Value,
        key: &str,
        names: &[&'static str],
    ) -> Result<&'static str, Error> {
        let Some(m) = v.as_object() else {
            return Err(self.invalid_type(v, "an object"));
        };
        let Some(t) = m.get(key) else {
            return Err(self.error("missingField", format!("missing field `{key}`")));
        };
        let len = self.path.len();
        push_seg(&mut self.path, key);
        let i = self.variant(t, names);
        self.path.truncate(len);
        let i = i?;
        names
            .get(i)
            .copied()
            .ok_or_else(|| self.invalid_type(v, "a known tag"))
    }

    /// The index in `names` of the string `v`; `unknownVariant` otherwise.
    pub fn variant(&self, v: &Value, names: &[&str]) -> Result<usize, Error> {
        let Value::String(s) = v else {
            return Err(self.invalid_type(v, &format!("one of {}", one_of(names))));
        };
        if let Some(i) = names.iter().position(|n| n == s) {
            return Ok(i);
        }
        let mut e = self.error(
            "unknownVariant",
            format!("unknown variant `{s}`, expected {}", one_of(names)),
        );
        if let Some(c) = did_you_mean(s, names.iter().copied()) {
            e = e.with_help(format!("did you mean `{c}`?"));
        }
        Err(e)
    }
}

fn one_of(names: &[&str]) -> String {
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match list.as_slice() {
        [one] => one.clone(),
        _ => format!("one of {}", list.join(", ")),
    }
}

/// The members of an object being read into a struct.
pub struct Obj {
    map: Map,
}

impl Obj {
    /// A required member; `missingField` when absent.
    pub fn req<T: FromJson>(&mut self, d: &mut De, key: &str) -> Result<T, Error> {
        match self.map.remove(key) {
            Some(v) => d.member(key, v),
            None => Err(d.error("missingField", format!("missing field `{key}`"))),
        }
    }
    /// An optional member, `T::default()` when absent.
    pub fn or_default<T: FromJson + Default>(&mut self, d: &mut De, key: &str) -> Result<T, Error> {
        self.or_else(d, key, T::default)
    }
    /// An optional member, `f()` when absent.
    pub fn or_else<T: FromJson>(
        &mut self,
        d: &mut De,
        key: &str,
        f: impl FnOnce() -> T,
    ) -> Result<T, Error> {
        match self.map.remove(key) {
            Some(v) => d.member(key, v),
            None => Ok(f()),
        }
    }
}

impl FromJson for Value {
    fn from_json(v: Value, _: &mut De) -> Result<Self, Error> {
        Ok(v)
    }
}

impl FromJson for String {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(d.invalid_type(&other, "a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        match v {
            Value::Bool(b) => Ok(b),
            other => Err(d.invalid_type(&other, "a boolean")),
        }
    }
}

/// An integer written without fraction or exponent, in `T`'s range.
fn integer<T: std::str::FromStr>(v: Value, d: &mut De, expected: &str) -> Result<T, Error> {
    if let Value::Number(n) = &v {
        if let Some(t) = n.integer() {
            return t.parse().map_err(|_| {
                d.error(
                    "invalidValue",
                    format!("invalid value: number `{t}`, expected {expected}"),
                )
            });
        }
    }
    Err(d.invalid_type(&v, expected))
}

impl FromJson for u64 {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        integer(v, d, "a non-negative integer")
    }
}

impl FromJson for u32 {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        integer(v, d, "a non-negative integer below 2^32")
    }
}

impl FromJson for usize {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        integer(v, d, "a non-negative integer")
    }
}

impl FromJson for i64 {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        integer(v, d, "an integer")
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        match v {
            Value::Null => Ok(None),
            v => T::from_json(v, d).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        T::from_json(v, d).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        match v {
            Value::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for (i, x) in a.into_iter().enumerate() {
                    out.push(d.element(i, x)?);
                }
                Ok(out)
            }
            other => Err(d.invalid_type(&other, "an array")),
        }
    }
}

impl<T: FromJson> FromJson for Dict<T> {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        match v {
            Value::Object(m) => {
                let mut entries = Vec::with_capacity(m.len());
                for (k, x) in m {
                    let t = d.member(&k, x)?;
                    entries.push((k, t));
                }
                // Already sorted and unique: the keys of a parsed object.
                Ok(Dict { entries })
            }
            other => Err(d.invalid_type(&other, "an object")),
        }
    }
}

/// Parses `bytes` as `T`, every failure one structured error under `base`.
pub fn parse<T: FromJson>(bytes: &[u8], base: &str) -> Result<T, Error> {
    from_value(parse_value(bytes, base)?, base)
}

/// Reads an already-parsed value as `T`; `base` is the pointer of `v`.
pub fn from_value<T: FromJson>(v: Value, base: &str) -> Result<T, Error> {
    T::from_json(v, &mut De::new(base))
}

// ---------------------------------------------------------------------------
// Writing

/// A type written as compact JSON.
pub trait ToJson {
    fn write_json(&self, out: &mut String);
}

/// Whether a member is left out when written (`None`, empty, `false`).
pub trait Skip {
    fn skip(&self) -> bool;
}

impl<T> Skip for Option<T> {
    fn skip(&self) -> bool {
        self.is_none()
    }
}
impl<T> Skip for Vec<T> {
    fn skip(&self) -> bool {
        self.is_empty()
    }
}
impl<T> Skip for Dict<T> {
    fn skip(&self) -> bool {
        self.is_empty()
    }
}
impl Skip for bool {
    fn skip(&self) -> bool {
        !*self
    }
}

/// Writes `v` as compact JSON.
pub fn to_string<T: ToJson + ?Sized>(v: &T) -> String {
    let mut out = String::new();
    v.write_json(&mut out);
    out
}

/// Writes the members of one object.
pub struct ObjWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjWriter<'a> {
    pub fn new(out: &'a mut String) -> ObjWriter<'a> {
        out.push('{');
        ObjWriter { out, first: true }
    }
    pub fn field<T: ToJson + ?Sized>(&mut self, key: &str, v: &T) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        key.write_json(self.out);
        self.out.push(':');
        v.write_json(self.out);
    }
    /// Writes the member unless it is empty (see [`Skip`]).
    pub fn field_unless_empty<T: ToJson + Skip>(&mut self, key: &str, v: &T) {
        if !v.skip() {
            self.field(key, v);
        }
    }
    pub fn end(self) {
        self.out.push('}');
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        out.reserve(self.len() + 2);
        out.push('"');
        // Most strings need no escape: one scan, one copy.
        if !self.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
            out.push_str(self);
            out.push('"');
            return;
        }
        let mut start = 0;
        // Bytes that need an escape are all ASCII, so they are char boundaries.
        for (i, b) in self.bytes().enumerate() {
            let esc = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            out.push_str(self.get(start..i).unwrap_or_default());
            if esc.is_empty() {
                let _ = write!(out, "\\u{b:04x}");
            } else {
                out.push_str(esc);
            }
            start = i + 1;
        }
        out.push_str(self.get(start..).unwrap_or_default());
        out.push('"');
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out)
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

/// Writes the decimal digits of `n`, with a `-` when `negative`.
fn write_integer(out: &mut String, negative: bool, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    if negative {
        out.push('-');
    }
    for d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(*d));
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        write_integer(out, false, *self);
    }
}
impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        write_integer(out, false, u64::from(*self));
    }
}
impl ToJson for usize {
    fn write_json(&self, out: &mut String) {
        write_integer(out, false, *self as u64);
    }
}
impl ToJson for i64 {
    fn write_json(&self, out: &mut String) {
        write_integer(out, *self < 0, self.unsigned_abs());
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out)
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out)
    }
}

impl<T: ToJson> ToJson for Dict<T> {
    fn write_json(&self, out: &mut String) {
        let mut w = ObjWriter::new(out);
        for (k, v) in self {
            w.field(k, v);
        }
        w.end();
    }
}

impl ToJson for Value {
    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => b.write_json(out),
            Value::Number(n) => out.push_str(&n.text),
            Value::String(s) => s.write_json(out),
            Value::Array(a) => a.write_json(out),
            Value::Object(m) => m.write_json(out),
        }
    }
}

/// Implements [`FromJson`] and [`ToJson`] for a struct, member by member:
/// `field: "jsonName" mode`, where the mode is
/// - `req`: required; always written;
/// - `opt`: absent reads as `Default::default()`; left out when empty ([`Skip`]);
/// - `def`: absent reads as `Default::default()`; always written;
/// - `def = f`: absent reads as `f()`; always written;
/// - `hide`: absent reads as `Default::default()`; never written.
///
/// Unknown members are `unknownField` errors.
macro_rules! json_struct {
    ($t:ident { $($f:ident : $k:literal $m:ident $(= $d:expr)?),* $(,)? }) => {
        impl $crate::json::FromJson for $t {
            fn from_json(
                v: $crate::json::Value,
                d: &mut $crate::json::De,
            ) -> Result<Self, $crate::error::Error> {
                let mut o = d.object(v, &[$($k),*])?;
                Ok($t { $($f: $crate::json::json_struct!(@get o d $k $m $(= $d)?),)* })
            }
        }
        impl $crate::json::ToJson for $t {
            fn write_json(&self, out: &mut String) {
                let mut w = $crate::json::ObjWriter::new(out);
                $($crate::json::json_struct!(@put w self.$f, $k $m);)*
                w.end();
            }
        }
    };
    (@get $o:ident $d:ident $k:literal req) => { $o.req($d, $k)? };
    (@get $o:ident $d:ident $k:literal def = $e:expr) => { $o.or_else($d, $k, $e)? };
    (@get $o:ident $d:ident $k:literal $m:ident) => { $o.or_default($d, $k)? };
    (@put $w:ident $v:expr, $k:literal opt) => { $w.field_unless_empty($k, &$v) };
    (@put $w:ident $v:expr, $k:literal hide) => { let _ = &$v; };
    (@put $w:ident $v:expr, $k:literal $m:ident) => { $w.field($k, &$v) };
}
pub(crate) use json_struct;

/// Implements [`FromJson`], [`ToJson`] and `NAMES` for an enum of struct
/// variants written as objects tagged by a member (`"op": "setRef"`):
/// `Type, "tag" { Variant = "name" { field: "jsonName" mode, … }, … }`, the
/// modes as for [`json_struct!`]. Members of other variants are `unknownField`.
macro_rules! json_tagged {
    ($t:ident, $tag:literal {
        $($v:ident = $name:literal { $($f:ident : $k:literal $m:ident),* $(,)? }),* $(,)?
    }) => {
        impl $t {
            /// The tags of the variants, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($name),*];
        }
        impl $crate::json::FromJson for $t {
            fn from_json(
                v: $crate::json::Value,
                d: &mut $crate::json::De,
            ) -> Result<Self, $crate::error::Error> {
                let tag = d.tag(&v, $tag, Self::NAMES)?;
                $(if tag == $name {
                    let mut o = d.object(v, &[$tag, $($k),*])?;
                    return Ok($t::$v { $($f: $crate::json::json_struct!(@get o d $k $m),)* });
                })*
                Err(d.invalid_type(&v, "a known tag"))
            }
        }
        impl $crate::json::ToJson for $t {
            fn write_json(&self, out: &mut String) {
                let mut w = $crate::json::ObjWriter::new(out);
                match self {
                    $($t::$v { $($f),* } => {
                        w.field($tag, $name);
                        $($crate::json::json_struct!(@put w (*$f), $k $m);)*
                    })*
                }
                w.end();
            }
        }
    };
}
pub(crate) use json_tagged;

/// Implements [`FromJson`], [`ToJson`], `as_str` and `NAMES` for an enum of
/// unit variants written as strings: `Type { Variant = "name", … }`.
macro_rules! json_enum {
    ($t:ident { $($v:ident = $s:literal),* $(,)? }) => {
        impl $t {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$t] = &[$($t::$v),*];
            /// The JSON names of the variants, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($s),*];
            pub fn as_str(self) -> &'static str {
                match self { $($t::$v => $s),* }
            }
        }
        impl $crate::json::FromJson for $t {
            fn from_json(
                v: $crate::json::Value,
                d: &mut $crate::json::De,
            ) -> Result<Self, $crate::error::Error> {
                let i = d.variant(&v, Self::NAMES)?;
                Self::ALL
                    .get(i)
                    .copied()
                    .ok_or_else(|| d.invalid_type(&v, "a known name"))
            }
        }
        impl $crate::json::ToJson for $t {
            fn write_json(&self, out: &mut String) {
                $crate::json::ToJson::write_json(self.as_str(), out)
            }
        }
    };
}
pub(crate) use json_enum;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn err(text: &str) -> Error {
        parse_value(text.as_bytes(), "/x").unwrap_err()
    }

    #[test]
    fn round_trips_compactly_with_sorted_keys() {
        let v = parse_value(
            br#" { "b": [1, 2.50, -3e2, true, null], "a": "\u00e9\n\"\ud83d\ude00" } "#,
            "",
        )
        .unwrap();
        assert_eq!(
            to_string(&v),
            r#"{"a":"é\n\"😀","b":[1,2.50,-3e2,true,null]}"#
        );
        assert_eq!(
            v.get("b").unwrap().as_array().unwrap()[1].as_f64(),
            Some(2.5)
        );
    }

    #[test]
    fn big_integers_keep_every_digit() {
        let v = parse_value(b"12345678901234567890123", "").unwrap();
        assert_eq!(to_string(&v), "12345678901234567890123");
    }

    #[test]
    fn syntax_errors_name_the_place_and_the_position() {
        let e = err("{\"a\": [1, 2,]}");
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("invalidJson", "/x/a/2")
        );
        assert!(e.message.ends_with("at line 1 column 13"), "{}", e.message);
        let e = err("{\"a\": {\"b\": tru");
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("truncatedJson", "/x/a/b")
        );
        assert_eq!(err("{\"a\": 1} x").code, "invalidJson");
        assert_eq!(err("\"\u{1}\"").code, "invalidJson");
        assert_eq!(err("\"\\ud800\"").code, "invalidJson");
        assert_eq!(err("01").code, "invalidJson");
        assert_eq!(err("1e999").code, "invalidJson");
        assert_eq!(err("").code, "truncatedJson");
    }

    #[test]
    fn duplicate_keys_and_deep_nesting_are_refused() {
        let e = err("{\"u\": {\"id\": 1, \"id\": 2}}");
        assert_eq!((e.code.as_str(), e.path.as_str()), ("invalidValue", "/x/u"));
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(err(&deep).code, "limitExceeded");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_value(ok.as_bytes(), "").is_ok());
    }

    #[test]
    fn streamed_arrays_go_to_the_reader_and_syntax_errors_win() {
        let run = |text: &str| {
            let mut seen = Vec::new();
            let mut each = |i: usize, v: Value, path: &str| {
                seen.push(format!("{i}{path}={v}"));
                match v.as_f64() {
                    Some(n) if n < 0.0 => Err(Error::new("invalidValue", path, "negative")),
                    _ => Ok(()),
                }
            };
            let r = parse_streaming(
                text.as_bytes(),
                "/c",
                Some(Streams {
                    at: &["/c/s/a", "/c/b"],
                    each: &mut each,
                }),
            );
            (r, seen)
        };
        let (r, seen) = run(r#"{"s": {"a": [1, [2]], "x": [3]}, "b": [4]}"#);
        let (v, stream_error) = r.unwrap();
        assert_eq!(to_string(&v), r#"{"b":[],"s":{"a":[],"x":[3]}}"#);
        assert!(stream_error.is_none());
        assert_eq!(seen, ["0/c/s/a/0=1", "0/c/s/a/1=[2]", "1/c/b/0=4"]);
        let (r, seen) = run(r#"{"b": [-1, 5]}"#);
        assert_eq!(r.unwrap().1.unwrap().path, "/c/b/0");
        assert_eq!(seen.len(), 1, "after an error, elements are only checked");
        let (r, _) = run(r#"{"b": [-1, 5], "x": tru}"#);
        assert_eq!(r.unwrap_err().code, "invalidJson");
    }

    #[test]
    fn integers_write_every_digit() {
        for n in [0i64, 7, -7, 10, 1234567890, i64::MIN, i64::MAX] {
            assert_eq!(to_string(&n), n.to_string());
        }
        assert_eq!(to_string(&u64::MAX), u64::MAX.to_string());
    }

    #[test]
    fn strings_escape_control_characters() {
        assert_eq!(to_string("a\u{1}\u{7f}b"), "\"a\\u0001\u{7f}b\"");
    }

    #[test]
    fn integers_are_read_in_range_and_without_fraction() {
        let read = |t: &str| parse::<u32>(t.as_bytes(), "/n");
        assert_eq!(read("7").unwrap(), 7);
        assert_eq!(read("-1").unwrap_err().code, "invalidValue");
        assert_eq!(read("1.0").unwrap_err().code, "invalidValue");
        assert_eq!(read("4294967296").unwrap_err().path, "/n");
    }
}
