//! The crate's value types for free-form JSON: [`Value`] (personal fields,
//! settings, options, attributes a plan sets) and [`Dict`], the one
//! string-keyed map of the data model.
//!
//! Both are read and written by serde. They exist, rather than
//! `serde_json::Value` and `BTreeMap`, for two promises of the contract:
//! a key repeated in one object is an error (serde_json keeps the last one
//! silently), and objects keep their keys sorted, so that writing a value is
//! canonical (what fingerprints hash).
pub use crate::name::Name;
use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;
use std::marker::PhantomData;

pub use serde_json::Number;

/// Objects keep their keys sorted, so that writing a value is canonical.
pub type Map = Dict<Value>;

/// A map with string keys, kept as a vector sorted by key. Lookups are
/// binary searches; reading refuses a repeated key (`invalidValue`). Keys are
/// [`Name`]s: the field keys and relation names of a snapshot's items are
/// read once and shared.
#[derive(Debug, Clone, PartialEq)]
pub struct Dict<T> {
    entries: Vec<(Name, T)>,
}

/// The iterator over a [`Dict`]'s entries, in key order.
pub type DictIter<'a, T> =
    std::iter::Map<std::slice::Iter<'a, (Name, T)>, fn(&(Name, T)) -> (&Name, &T)>;

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
        let at = |i: usize| self.entries.get(i).map_or("", |(k, _)| k.as_str());
        search(self.entries.len(), &at, key)
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
        self.insert_name(Name::from(key), v)
    }
    /// [`Dict::insert`] with a [`Name`] for key (shared, not copied).
    pub fn insert_name(&mut self, key: Name, v: T) -> Option<T> {
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
    pub fn retain(&mut self, mut f: impl FnMut(&Name, &mut T) -> bool) {
        self.entries.retain_mut(|(k, v)| f(k, v));
    }
    /// Entries in key order.
    pub fn iter(&self) -> DictIter<'_, T> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
    pub fn keys(&self) -> impl Iterator<Item = &Name> {
        self.entries.iter().map(|(k, _)| k)
    }
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<'a, T> IntoIterator for &'a Dict<T> {
    type Item = (&'a Name, &'a T);
    type IntoIter = DictIter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> IntoIterator for Dict<T> {
    type Item = (Name, T);
    type IntoIter = std::vec::IntoIter<(Name, T)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Into<Name>, T> FromIterator<(K, T)> for Dict<T> {
    /// Sorted by key; of repeated keys the last one stays.
    fn from_iter<I: IntoIterator<Item = (K, T)>>(iter: I) -> Self {
        let mut entries: Vec<(Name, T)> = iter.into_iter().map(|(k, v)| (k.into(), v)).collect();
        entries.reverse();
        sort_by_key(&mut entries);
        entries.dedup_by(|a, b| a.0 == b.0);
        Dict { entries }
    }
}

/// Where `key` is among the `len` sorted keys `at(0..len)`, or would be:
/// one binary search for every type of map, not one each.
fn search<'a>(len: usize, at: &dyn Fn(usize) -> &'a str, key: &str) -> Result<usize, usize> {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match at(mid).cmp(key) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Ok(mid),
        }
    }
    Err(lo)
}

/// Sorts entries by key, stably. Short lists by insertion; longer ones
/// through [`sorted_order`]. Neither is generic, only the closures that
/// compare and swap two entries: a `sort_by` here compiled the standard
/// library's sort once per `Dict` type and call site (about 2.5 KB of code
/// each, some thirty KB in all), and even the insertion sort and the moves
/// were a few hundred bytes per type.
fn sort_by_key<T>(entries: &mut [(Name, T)]) {
    let len = entries.len();
    if len <= 20 {
        insertion_sort(len, &mut |j| {
            let after = matches!(
                (entries.get(j - 1), entries.get(j)),
                (Some(a), Some(b)) if a.0 > b.0
            );
            if after {
                entries.swap(j - 1, j);
            }
            after
        });
        return;
    }
    let order = sorted_order(len, &|i| entries.get(i).map_or("", |(k, _)| k.as_str()));
    permute(&order, &mut |a, b| entries.swap(a, b));
}

/// Sorts a short list stably by insertion (`after(a, b)`: `a` goes after
/// `b`), through the one [`insertion_sort`]: each type sorted by the
/// standard library's sort compiles it again (about 2.5 KB each).
pub(crate) fn small_sort<T>(v: &mut [T], after: impl Fn(&T, &T) -> bool) {
    insertion_sort(v.len(), &mut |j| {
        let out = matches!((v.get(j - 1), v.get(j)), (Some(a), Some(b)) if after(a, b));
        if out {
            v.swap(j - 1, j);
        }
        out
    });
}

/// Insertion sort of `len` elements; `step(j)` swaps elements `j - 1` and
/// `j` if they are out of order, and says whether it did.
fn insertion_sort(len: usize, step: &mut dyn FnMut(usize) -> bool) {
    for i in 1..len {
        let mut j = i;
        while j > 0 && step(j) {
            j -= 1;
        }
    }
}

/// The positions of the `len` keys `key(0..len)` in sorted order (stable).
///
/// This is the one sort of the standard library the crate compiles: every
/// list it sorts is sorted by string keys through here (each element type
/// sorted by `sort`, `sort_by` or `sort_unstable` is another copy of the
/// standard library's sort, about 2.5 KB each). Pairs compare by key, then
/// by position, so the unstable sort gives the stable order.
pub(crate) fn sorted_order<'a>(len: usize, key: &dyn Fn(usize) -> &'a str) -> Vec<usize> {
    let mut keyed: Vec<(&str, usize)> = (0..len).map(|i| (key(i), i)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The distinct strings of `names`, sorted, through [`sorted_order`].
pub(crate) fn sorted_distinct<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = sorted_order(names.len(), &|i| names.get(i).copied().unwrap_or(""))
        .into_iter()
        .filter_map(|i| names.get(i).copied())
        .collect();
    out.dedup();
    out
}

/// Rearranges a list by swaps so that position `i` holds what was at
/// `order[i]`.
fn permute(order: &[usize], swap: &mut dyn FnMut(usize, usize)) {
    // `at[i]`: the first position of what is at `i` now; `pos[k]`: where
    // what was first at `k` is now.
    let mut at: Vec<usize> = (0..order.len()).collect();
    let mut pos = at.clone();
    for (i, &want) in order.iter().enumerate() {
        let cur = pos.get(want).copied().unwrap_or(i);
        if cur == i {
            continue;
        }
        swap(i, cur);
        let moved = at.get(i).copied().unwrap_or(i);
        let set = |list: &mut Vec<usize>, k: usize, v: usize| {
            if let Some(x) = list.get_mut(k) {
                *x = v;
            }
        };
        set(&mut at, cur, moved);
        set(&mut pos, moved, cur);
        set(&mut at, i, want);
        set(&mut pos, want, i);
    }
}

/// The first key of `key(0..len)` equal to the one before it.
fn repeated<'a>(len: usize, key: &dyn Fn(usize) -> &'a str) -> Option<&'a str> {
    (1..len)
        .map(key)
        .zip((0..len).map(key))
        .find(|(a, b)| a == b)
        .map(|(a, _)| a)
}

/// The message of a repeated key (`invalidValue` at the object's path).
const DUPLICATE_KEY: &str = "duplicate key `";

impl<T: Serialize> Serialize for Dict<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            // A `str` key: serde_json writes struct fields the same way, so
            // this shares their code for each value type.
            m.serialize_entry(k.as_str(), v)?;
        }
        m.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Dict<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Dict<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dict<T>, A::Error> {
                let mut entries: Vec<(Name, T)> = Vec::with_capacity(map.size_hint().unwrap_or(0));
                // Keys in increasing order are sorted and not repeated.
                let mut sorted = true;
                while let Some(k) = map.next_key::<Name>()? {
                    let v = map.next_value::<T>()?;
                    if let Some((last, _)) = entries.last() {
                        sorted &= *last < k;
                    }
                    entries.push((k, v));
                }
                if !sorted {
                    sort_by_key(&mut entries);
                    let key = |i: usize| entries.get(i).map_or("", |(k, _)| k.as_str());
                    if let Some(k) = repeated(entries.len(), &key) {
                        return Err(A::Error::custom(format_args!("{DUPLICATE_KEY}{k}`")));
                    }
                }
                // The vector grew by doubling (JSON gives no length first):
                // a snapshot holds hundreds of thousands of small maps.
                entries.shrink_to_fit();
                Ok(Dict { entries })
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// A JSON value. Numbers keep their kind: `1` and `1.0` differ, as they do
/// for the readers of this crate (`1.0` is not a count); conditions compare
/// values ([`Value::as_f64`]).
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
            Value::Number(n) => n.as_f64(),
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

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::write::to_string(self))
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.serialize(s),
            Value::String(v) => s.serialize_str(v),
            Value::Array(a) => a.serialize(s),
            Value::Object(m) => m.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
                Value::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
                Ok(Value::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
                Ok(Value::Number(n.into()))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
                Ok(Value::Number(n.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Value, E> {
                Number::from_f64(n)
                    .map(Value::Number)
                    .ok_or_else(|| E::custom("a number must be finite"))
            }
            fn visit_str<E>(self, s: &str) -> Result<Value, E> {
                Ok(Value::String(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Value, E> {
                Ok(Value::String(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(v) = seq.next_element()? {
                    out.push(v);
                }
                out.shrink_to_fit();
                Ok(Value::Array(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
                let m = serde::de::value::MapAccessDeserializer::new(map);
                Dict::deserialize(m).map(Value::Object)
            }
        }
        d.deserialize_any(V)
    }
}

/// The JSON Schema of a [`Dict`]: an object of `T`s (inline, unnamed).
#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Dict<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Dict_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "object", "additionalProperties": g.subschema_for::<T>()})
    }
}

/// The JSON Schema of a [`Value`], `JsonValue`: any JSON value, arrays and
/// objects of JSON values.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Value {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "JsonValue".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let this = g.subschema_for::<Value>();
        schemars::json_schema!({
            "description": "Any JSON value.",
            "anyOf": [
                {"type": "null"},
                {"type": "boolean"},
                {"type": "number"},
                {"type": "string"},
                {"type": "array", "items": this},
                {"type": "object", "additionalProperties": this},
            ]
        })
    }
}

/// A schema's `description` from doc comment lines, as schemars's derive
/// writes it: each line without its first space, joined by line breaks.
#[cfg(feature = "schema")]
pub fn doc_description(lines: &[&str]) -> String {
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    lines.join("\n").trim().to_string()
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

/// Declares, for an enum of unit variants written as strings
/// (`Type { Variant = "name", … }`), `ALL`, `NAMES`, `as_str` and its serde
/// implementations: one list, read and written the same way. With the
/// `schema` feature, also its JSON Schema: a string enum of `NAMES`, named
/// after the type (or the name after `as`), described by the doc comments
/// written before the type's name in the invocation.
macro_rules! json_enum {
    ($(#[doc = $doc:literal])* $t:ident $(as $name:literal)? { $($v:ident = $s:literal),* $(,)? }) => {
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                let names: &[&'static str] = &[$($name,)? stringify!($t)];
                names.first().copied().unwrap_or_default().into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut s = schemars::json_schema!({"type": "string", "enum": Self::NAMES});
                let doc = $crate::value::doc_description(&[$($doc),*]);
                if !doc.is_empty() {
                    s.insert("description".into(), doc.into());
                }
                s
            }
        }
        impl $t {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$t] = &[$($t::$v),*];
            /// The JSON names of the variants, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($s),*];
            pub fn as_str(self) -> &'static str {
                match self { $($t::$v => $s),* }
            }
        }
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::value::enum_from(d, Self::NAMES, Self::ALL)
            }
        }
    };
}
pub(crate) use json_enum;

/// Reads one of `names` as the variant at the same index of `all`.
pub(crate) fn enum_from<'de, D: Deserializer<'de>, T: Copy>(
    d: D,
    names: &'static [&'static str],
    all: &'static [T],
) -> Result<T, D::Error> {
    struct V<T: 'static>(&'static [&'static str], &'static [T]);
    impl<'de, T: Copy> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
            self.0
                .iter()
                .position(|n| *n == s)
                .and_then(|i| self.1.get(i).copied())
                .ok_or_else(|| E::unknown_variant(s, self.0))
        }
    }
    d.deserialize_str(V(names, all))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys<T>(d: &Dict<T>) -> Vec<&str> {
        d.keys().map(Name::as_str).collect()
    }

    #[test]
    fn maps_are_sorted_and_keep_the_last_of_a_repeated_key() {
        for n in [0, 1, 2, 5, 20, 21, 60] {
            // Descending, every key twice: the later one (odd value) stays.
            let d: Dict<u64> = (0..2 * n)
                .map(|i| (format!("k{:03}", n - 1 - i / 2), i as u64))
                .collect();
            let want: Vec<String> = (0..n).map(|i| format!("k{i:03}")).collect();
            assert_eq!(keys(&d), want);
            assert!(d.values().all(|v| v % 2 == 1), "{n}");
        }
    }

    #[test]
    fn reading_sorts_keys_and_refuses_a_repeated_one() {
        for n in [2, 20, 21, 50] {
            let members: Vec<String> = (0..n).rev().map(|i| format!("\"k{i:03}\":{i}")).collect();
            let text = format!("{{{}}}", members.join(","));
            let d: Dict<u64> = serde_json::from_str(&text).unwrap();
            let want: Vec<String> = (0..n).map(|i| format!("k{i:03}")).collect();
            assert_eq!(keys(&d), want);
            assert!(d.iter().all(|(k, v)| *k == format!("k{v:03}")));
            let text = format!("{{{},\"k001\":1}}", members.join(","));
            let e = serde_json::from_str::<Dict<u64>>(&text).unwrap_err();
            assert!(e.to_string().starts_with("duplicate key `k001`"), "{e}");
        }
    }
}
