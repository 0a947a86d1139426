//! [`Name`]: a shared, immutable string for the names a workspace repeats
//! on every item (item types, statuses, relation names, field keys, the user
//! ids of references and shares, share roles).
//!
//! A `Name` is an `Arc<str>`: cloning it counts a reference, and it reads,
//! compares, hashes, orders and is written exactly as its string, so a
//! snapshot written back, or hashed for a fingerprint, is byte for byte what
//! it would be with `String`s. While a snapshot's users or items are read
//! ([`interned`]), equal names are read once and shared: 100,000 items of
//! seven types hold seven type names, not 100,000.
use serde::de::{Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};
use std::borrow::Borrow;
use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

/// A shared string: see the [module](self) documentation.
#[derive(Clone, Default)]
pub struct Name(Arc<str>);

/// A `Name` is written as its string: its schema is a string's.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Name {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "String".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(g)
    }
}

impl Name {
    /// Not inlined: one copy of `Arc<str>`'s allocation for every caller.
    #[inline(never)]
    pub fn new(s: &str) -> Name {
        Name(Arc::from(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The address of the shared text: equal addresses are equal names.
    pub fn addr(&self) -> usize {
        self.0.as_ptr() as usize
    }
    /// The text as a `String`, copied as `str::to_string` copies it (the
    /// `ToString` of a `Display` type goes through the formatter).
    #[allow(clippy::inherent_to_string_shadow_display)]
    pub fn to_string(&self) -> String {
        String::from(&*self.0)
    }
    /// The name `s`, shared with the equal names read before it when a
    /// snapshot is being read ([`interned`]).
    pub fn intern(s: &str) -> Name {
        TABLE.with(|t| match t.try_borrow_mut().as_deref_mut() {
            Ok(Some(table)) => {
                let i = table.add(s);
                table.get(i).cloned().unwrap_or_else(|| Name::new(s))
            }
            _ => Name::new(s),
        })
    }
}

/// Distinct names in the order they were first added, found by their
/// string: a list and its [`Index`].
#[derive(Debug, Clone, Default)]
pub struct Distinct {
    names: Vec<Name>,
    index: Index,
}

impl Distinct {
    /// The position of `s`, added at the end when it is new.
    pub fn add(&mut self, s: &str) -> u32 {
        let names = &self.names;
        let at = |i: u32| names.get(i as usize).map(Name::as_str);
        match self.index.find(s, &at) {
            Ok(i) => i,
            Err(slot) => {
                self.names.push(Name::new(s));
                let names = &self.names;
                let pos = names.len() as u32 - 1;
                if self.index.full(names.len()) {
                    let at = |i: u32| names.get(i as usize).map(Name::as_str);
                    self.index = Index::build(names.len(), &at, &mut |_| {});
                } else {
                    self.index.put(slot, pos);
                }
                pos
            }
        }
    }
    /// The name at a position.
    pub fn get(&self, i: u32) -> Option<&Name> {
        self.names.get(i as usize)
    }
    /// The names, in the order they were first added.
    pub fn names(&self) -> &[Name] {
        &self.names
    }
    /// The names, in the order they were first added.
    pub fn into_names(self) -> Vec<Name> {
        self.names
    }
}

/// Positions already found for names, by the address of their text: the
/// names of a snapshot read with [`interned`] share one text per distinct
/// string, so a name met again is found without hashing or comparing text
/// (other names are simply looked up each time). Only for one pass over
/// names that all live through it (a borrowed snapshot): a freed text's
/// address could be reused by another.
pub struct Recent {
    /// (address, length, position); address 0 for none.
    slots: Vec<(usize, u32, u32)>,
    shift: u32,
}

impl Recent {
    /// A cache of `2^bits` entries (at most 2^16).
    pub fn new(bits: u32) -> Recent {
        let bits = bits.clamp(1, 16);
        Recent {
            slots: vec![(0, 0, 0); 1 << bits],
            shift: 32 - bits,
        }
    }
    /// The position of `n`: remembered, else `find(n)`.
    pub fn get(&mut self, n: &Name, find: &mut dyn FnMut(&str) -> Option<u32>) -> Option<u32> {
        let (addr, len) = (n.0.as_ptr() as usize, n.0.len() as u32);
        let i = ((addr as u32).wrapping_mul(0x9e37_79b9) >> self.shift) as usize;
        match self.slots.get_mut(i) {
            Some((a, l, pos)) if *a == addr && *l == len => Some(*pos),
            Some(slot) => {
                let pos = find(n)?;
                *slot = (addr, len, pos);
                Some(pos)
            }
            None => find(n),
        }
    }
}

thread_local! {
    /// The names read so far, while a snapshot is read; `None` otherwise.
    static TABLE: RefCell<Option<Distinct>> = const { RefCell::new(None) };
}

/// Reads `T` with equal [`Name`]s shared (`#[serde(deserialize_with)]`):
/// the names are looked up in a table that lives for this one read (and
/// any read it is part of). wasm is single-threaded; natively, the table is
/// the thread's own.
pub(crate) fn interned<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<T, D::Error> {
    let started = TABLE.with(|t| match t.try_borrow_mut().as_deref_mut() {
        Ok(table @ None) => {
            *table = Some(Distinct::default());
            true
        }
        _ => false,
    });
    let r = T::deserialize(d);
    if started {
        TABLE.with(|t| {
            if let Ok(mut table) = t.try_borrow_mut() {
                *table = None;
            }
        });
    }
    r
}

/// The positions of strings held elsewhere (user ids in the users, item ids
/// in the items, names in a list), found by hash without a copy of the
/// strings: a table of positions (open addressing, linear probing), each
/// checked against the string at that position. At most half full, 4 bytes
/// a slot.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Positions, `EMPTY` for a free slot; the length is a power of two.
    slots: Vec<u32>,
}

const EMPTY: u32 = u32::MAX;

/// A hash of a short string, 4 bytes a step with 32-bit arithmetic (the
/// standard and `rustc-hash` hashers multiply 64- or 128-bit numbers, which
/// wasm32 computes in several steps: hashing was a twentieth of a load).
fn hash(b: &[u8]) -> u32 {
    let mut h = b.len() as u32;
    let mut words = b.chunks_exact(4);
    for w in &mut words {
        let w = w.try_into().map_or(0, u32::from_le_bytes);
        h = (h.rotate_left(5) ^ w).wrapping_mul(0x9e37_79b9);
    }
    for &x in words.remainder() {
        h = (h.rotate_left(5) ^ x as u32).wrapping_mul(0x9e37_79b9);
    }
    // The high bits mixed into the low ones, which pick the slot.
    h ^ (h >> 15)
}

/// Equal bytes, compared 8 at a time (`==` on slices calls `memcmp`, a
/// loop over single bytes in wasm32).
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |w: &[u8]| w.try_into().map_or(0, u64::from_le_bytes);
    // The rest byte by byte: `==` on slices calls `memcmp`.
    (&mut x).zip(&mut y).all(|(p, q)| word(p) == word(q))
        && x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

/// The string at a position, for [`Index`].
pub type At<'a, 'b> = &'b dyn Fn(u32) -> Option<&'a str>;

impl Index {
    /// The index of the `len` strings `at(0..len)`; `repeated` is told the
    /// position of each string equal to one before it (which is not indexed).
    pub fn build(len: usize, at: At, repeated: &mut dyn FnMut(usize)) -> Index {
        let size = len.saturating_mul(2).max(8).next_power_of_two();
        let mut index = Index {
            slots: vec![EMPTY; size],
        };
        for pos in 0..len.min(EMPTY as usize) as u32 {
            let Some(key) = at(pos) else { continue };
            match index.find(key, at) {
                Ok(_) => repeated(pos as usize),
                Err(slot) => index.put(slot, pos),
            }
        }
        index
    }

    /// The position of `key`, or the free slot where it would go.
    pub fn find(&self, key: &str, at: At) -> Result<u32, usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = hash(key.as_bytes()) as usize & mask;
        loop {
            match self.slots.get(i) {
                Some(&EMPTY) => return Err(i),
                Some(&pos) if at(pos).is_some_and(|s| same(s.as_bytes(), key.as_bytes())) => {
                    return Ok(pos)
                }
                Some(_) => i = (i + 1) & mask,
                // No table yet (`Index::default()`): nothing is in it.
                None => return Err(usize::MAX),
            }
        }
    }

    /// Puts `pos` in the free `slot` [`Index::find`] gave.
    pub fn put(&mut self, slot: usize, pos: u32) {
        if let Some(s) = self.slots.get_mut(slot) {
            *s = pos;
        }
    }

    /// Whether `len` strings would fill more than half the table.
    pub fn full(&self, len: usize) -> bool {
        len.saturating_mul(2) > self.slots.len()
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq for Name {
    /// Not inlined, like `cmp`: names are compared in every map type's code.
    #[inline(never)]
    fn eq(&self, other: &Name) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}
impl Eq for Name {}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (*self.0).hash(h)
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Name {
    #[inline(never)]
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        (*self.0).cmp(&*other.0)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}
impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}
impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}
impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == &*other.0
    }
}
impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == &*other.0
    }
}
impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}
impl From<&String> for Name {
    fn from(s: &String) -> Name {
        Name::new(s)
    }
}
impl From<String> for Name {
    fn from(s: String) -> Name {
        Name::new(&s)
    }
}
impl From<&Name> for Name {
    fn from(s: &Name) -> Name {
        s.clone()
    }
}
impl From<Name> for String {
    fn from(n: Name) -> String {
        n.0.to_string()
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, s: &str) -> Result<Name, E> {
                Ok(Name::intern(s))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_its_string() {
        let n = Name::from("deal");
        assert_eq!(n, "deal");
        assert_eq!("deal", n);
        assert_eq!(n, String::from("deal"));
        assert_eq!(n.as_str(), "deal");
        assert_eq!(n.to_string(), "deal");
        assert_eq!(format!("{n}/{n:?}"), "deal/\"deal\"");
        let (a, b) = (Name::from("a"), Name::from("b"));
        assert!(a < b);
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"deal\"");
        let back: Name = serde_json::from_str("\"d\\u0065al\"").unwrap();
        assert_eq!(back, n);
        let mut set = std::collections::HashSet::new();
        set.insert(n.clone());
        assert!(set.contains("deal"));
    }

    #[test]
    fn names_read_together_are_shared() {
        #[derive(serde::Deserialize)]
        struct Two(#[serde(deserialize_with = "interned")] Vec<Name>, Vec<Name>);
        let Two(a, b) = serde_json::from_str(r#"[["x","y","x"],["x","x"]]"#).unwrap();
        // Within the interned read: one text for "x".
        assert!(Arc::ptr_eq(&a[0].0, &a[2].0));
        assert!(!Arc::ptr_eq(&a[0].0, &a[1].0));
        // Outside it, each name has its own (and the table is gone).
        assert!(!Arc::ptr_eq(&b[0].0, &b[1].0));
        assert!(TABLE.with(|t| t.borrow().is_none()));
    }

    #[test]
    fn an_index_finds_positions_and_repeats() {
        let ids: Vec<String> = (0..1000).map(|i| format!("item-{}", i % 900)).collect();
        let at = |i: u32| ids.get(i as usize).map(String::as_str);
        let mut repeats = Vec::new();
        let index = Index::build(ids.len(), &at, &mut |i| repeats.push(i));
        assert_eq!(repeats, (900..1000).collect::<Vec<_>>());
        for (i, id) in ids.iter().enumerate().take(900) {
            assert_eq!(index.find(id, &at), Ok(i as u32));
        }
        assert!(index.find("item-900", &at).is_err());
        assert!(index.find("", &at).is_err());
        assert!(Index::default().find("x", &at).is_err());
    }

    #[test]
    fn distinct_names_keep_their_first_position() {
        let mut d = Distinct::default();
        let words = ["b", "a", "b", "c", "a"];
        let pos: Vec<u32> = words.iter().map(|w| d.add(w)).collect();
        assert_eq!(pos, [0, 1, 0, 2, 1]);
        for i in 0..100 {
            d.add(&i.to_string());
        }
        assert_eq!(d.add("c"), 2);
        assert_eq!(d.get(2).map(Name::as_str), Some("c"));
        assert_eq!(d.into_names().len(), 103);
    }

    #[test]
    fn recent_names_are_found_by_address_or_looked_up() {
        let x = Name::from("x");
        let x2 = Name::from("x");
        let mut looked = 0;
        let mut recent = Recent::new(4);
        let mut find = |s: &str| {
            looked += 1;
            Some(s.len() as u32)
        };
        assert_eq!(recent.get(&x, &mut find), Some(1));
        assert_eq!(recent.get(&x.clone(), &mut find), Some(1));
        assert_eq!(recent.get(&x2, &mut find), Some(1));
        assert_eq!(looked, 2);
    }

    #[test]
    fn equal_bytes() {
        for (a, b) in [
            ("", ""),
            ("abcdefgh", "abcdefgh"),
            ("abcdefghi", "abcdefghi"),
        ] {
            assert!(same(a.as_bytes(), b.as_bytes()));
        }
        for (a, b) in [
            ("", "a"),
            ("abcdefgh", "abcdefgi"),
            ("abcdefghi", "abcdefghj"),
            ("ab", "ba"),
        ] {
            assert!(!same(a.as_bytes(), b.as_bytes()));
        }
    }
}
