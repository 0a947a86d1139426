//! A workspace snapshot loaded once and indexed, so that each preview costs
//! time proportional to the references of the users involved.
use crate::error::{Code, Error};
use crate::limits::Limits;
use crate::model::{Item, Snapshot, Status};
use crate::value::seg;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// Where a user appears on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    /// `refs[relation]`, position in the list.
    Ref { rel: u32, pos: u32 },
    /// `shares[pos]`.
    Share { pos: u32 },
}

/// One reference from an item to a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    pub item: u32,
    pub slot: Slot,
}

/// An indexed, validated snapshot.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub snapshot: Snapshot,
    users: HashMap<String, u32>,
    items: HashMap<String, u32>,
    relations: Vec<String>,
    /// The distinct item types, and each item's as a position in them: the
    /// engine matches rules and groups effects on these integers.
    kinds: Vec<String>,
    kind_of: Vec<u32>,
    /// For each user, its references in (item, relation, position) order.
    refs: Vec<Vec<Reference>>,
    /// For each user, the distinct items referencing it, in snapshot order.
    items_of: Vec<Vec<u32>>,
    /// Users per (licence, status).
    seat_holders: BTreeMap<(String, Status), u64>,
    references: u64,
    /// The distinct names the snapshot uses, for the vocabulary check.
    names: crate::vocabulary::Names,
    /// The snapshot's hash, computed when first asked for: hashing is about
    /// half the work of a load, and a host may load a workspace long before
    /// its first preview (or never preview it).
    hash: std::sync::OnceLock<String>,
}

fn too_many(limit: &str, value: usize, max: u64, path: &str) -> Error {
    Error::new(
        Code::LimitExceeded,
        path,
        format!("{value} exceeds the limit {limit} = {max}"),
    )
    .with_help(format!(
        "raise `limits.{limit}` if this input is legitimate"
    ))
}

/// The first cycle of containers among `items` (each item has at most one
/// container, every container an item of `index`), as a `containerCycle`
/// error at the container of the cycle's first item in snapshot order. One
/// pass over the items: each is walked once, without recursion.
fn container_cycle(items: &[Item], index: &HashMap<String, u32>, base: &str) -> Option<Error> {
    // 0: not seen; 1: on the walk that starts at `start`; 2: known to end outside a cycle.
    let mut state = vec![0u8; items.len()];
    let parent = |i: usize| {
        items
            .get(i)
            .and_then(|it| it.container.as_ref())
            .and_then(|c| index.get(c))
            .map(|&c| c as usize)
    };
    for start in 0..items.len() {
        let mut walk = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state.get(i).copied() {
                Some(0) => {
                    if let Some(s) = state.get_mut(i) {
                        *s = 1;
                    }
                    walk.push(i);
                    cur = parent(i);
                }
                Some(1) => {
                    // `i` is on this walk: the cycle is the walk from `i` on.
                    let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                    let cycle = walk.get(from..).unwrap_or(&[]);
                    let first = cycle.iter().copied().min().unwrap_or(i);
                    let at = cycle.iter().position(|&w| w == first).unwrap_or(0);
                    let names: Vec<String> = cycle
                        .iter()
                        .cycle()
                        .skip(at)
                        .take(cycle.len() + 1)
                        .filter_map(|&w| items.get(w).map(|it| format!("`{}`", it.id)))
                        .collect();
                    return Some(
                        Error::new(
                            Code::ContainerCycle,
                            format!("{base}/items/{first}/container"),
                            format!("items contain each other: {}", names.join(" is in ")),
                        )
                        .with_help("an item cannot be inside itself, directly or through other items; change the `container` of one of them"),
                    );
                }
                _ => break,
            }
        }
        for w in walk {
            if let Some(s) = state.get_mut(w) {
                *s = 2;
            }
        }
    }
    None
}

impl Workspace {
    /// Parses, checks and indexes a snapshot from JSON bytes.
    pub fn from_json(bytes: &[u8], limits: &Limits, base: &str) -> Result<Workspace, Vec<Error>> {
        if bytes.len() as u64 > limits.max_input_bytes {
            return Err(vec![too_many(
                "maxInputBytes",
                bytes.len(),
                limits.max_input_bytes,
                base,
            )]);
        }
        let snapshot: Snapshot = crate::read::parse(bytes, base).map_err(|e| vec![e])?;
        Workspace::new(snapshot, limits, base)
    }

    /// Checks and indexes a parsed snapshot: duplicate ids, dangling references and limits are errors.
    pub fn new(snapshot: Snapshot, limits: &Limits, base: &str) -> Result<Workspace, Vec<Error>> {
        let mut errors = Vec::new();
        if snapshot.users.len() as u64 > limits.max_users {
            return Err(vec![too_many(
                "maxUsers",
                snapshot.users.len(),
                limits.max_users,
                &format!("{base}/users"),
            )]);
        }
        if snapshot.items.len() as u64 > limits.max_items {
            return Err(vec![too_many(
                "maxItems",
                snapshot.items.len(),
                limits.max_items,
                &format!("{base}/items"),
            )]);
        }
        let max_str = limits.max_string_bytes as usize;
        // The path is only written for an error: this runs for every string.
        let long = |s: &str, path: &dyn Fn() -> String, errors: &mut Vec<Error>| {
            if s.len() > max_str {
                let path = path();
                errors.push(too_many(
                    "maxStringBytes",
                    s.len(),
                    limits.max_string_bytes,
                    &path,
                ));
            }
        };
        let mut users = HashMap::with_capacity_and_hasher(snapshot.users.len(), Default::default());
        for (i, u) in snapshot.users.iter().enumerate() {
            let p = At(base, "users", i);
            long(&u.id, &|| format!("{p}/id"), &mut errors);
            if u.id.is_empty() {
                errors.push(Error::new(
                    Code::EmptyId,
                    format!("{p}/id"),
                    "user id is empty",
                ));
            }
            for (k, v) in &u.fields {
                long(k, &|| format!("{p}/fields/{}", seg(k)), &mut errors);
                if let Some(s) = v.as_str() {
                    long(s, &|| format!("{p}/fields/{}", seg(k)), &mut errors);
                }
            }
            if users.insert(u.id.clone(), i as u32).is_some() {
                errors.push(Error::new(
                    Code::DuplicateId,
                    format!("{p}/id"),
                    format!("user id `{}` appears more than once", u.id),
                ));
            }
        }
        let mut items = HashMap::with_capacity_and_hasher(snapshot.items.len(), Default::default());
        for (i, it) in snapshot.items.iter().enumerate() {
            long(&it.id, &|| format!("{base}/items/{i}/id"), &mut errors);
            if it.id.is_empty() {
                errors.push(Error::new(
                    Code::EmptyId,
                    format!("{base}/items/{i}/id"),
                    "item id is empty",
                ));
            }
            if items.insert(it.id.clone(), i as u32).is_some() {
                errors.push(Error::new(
                    Code::DuplicateId,
                    format!("{base}/items/{i}/id"),
                    format!("item id `{}` appears more than once", it.id),
                ));
            }
        }
        let mut relations: Vec<String> = Vec::new();
        let mut rel_ids: HashMap<String, u32> = HashMap::default();
        let mut refs: Vec<Vec<Reference>> = vec![Vec::new(); snapshot.users.len()];
        let mut references = 0u64;
        for (i, it) in snapshot.items.iter().enumerate() {
            let p = At(base, "items", i);
            if let Some(c) = &it.container {
                if !items.contains_key(c) {
                    errors.push(Error::new(
                        Code::UnknownItem,
                        format!("{p}/container"),
                        format!("container `{c}` is not an item of the snapshot"),
                    ));
                } else if c == &it.id {
                    errors.push(Error::new(
                        Code::InvalidValue,
                        format!("{p}/container"),
                        "an item cannot contain itself",
                    ));
                }
            }
            let count: usize =
                it.refs.values().map(|r| r.ids().len()).sum::<usize>() + it.shares.len();
            if count as u64 > limits.max_refs_per_item {
                errors.push(too_many(
                    "maxRefsPerItem",
                    count,
                    limits.max_refs_per_item,
                    &p.to_string(),
                ));
                continue;
            }
            for (rel, r) in &it.refs {
                let rid = match rel_ids.get(rel) {
                    Some(id) => *id,
                    None => {
                        let id = relations.len() as u32;
                        relations.push(rel.clone());
                        rel_ids.insert(rel.clone(), id);
                        id
                    }
                };
                for (pos, uid) in r.ids().iter().enumerate() {
                    match users.get(uid) {
                        Some(&u) => {
                            if let Some(list) = refs.get_mut(u as usize) {
                                list.push(Reference {
                                    item: i as u32,
                                    slot: Slot::Ref {
                                        rel: rid,
                                        pos: pos as u32,
                                    },
                                });
                                references += 1;
                            }
                        }
                        None => {
                            // A single id has no position in the input.
                            let at = match r {
                                crate::model::Refs::Many(_) => {
                                    format!("{p}/refs/{}/{pos}", seg(rel))
                                }
                                _ => format!("{p}/refs/{}", seg(rel)),
                            };
                            errors.push(unknown_user(uid, at, &users));
                        }
                    }
                }
            }
            for (pos, s) in it.shares.iter().enumerate() {
                match users.get(&s.user) {
                    Some(&u) => {
                        if let Some(list) = refs.get_mut(u as usize) {
                            list.push(Reference {
                                item: i as u32,
                                slot: Slot::Share { pos: pos as u32 },
                            });
                            references += 1;
                        }
                    }
                    None => errors.push(unknown_user(
                        &s.user,
                        format!("{p}/shares/{pos}/user"),
                        &users,
                    )),
                }
            }
            if errors.len() > 100 {
                break;
            }
        }
        if errors.is_empty() {
            errors.extend(container_cycle(&snapshot.items, &items, base));
        }
        if !errors.is_empty() {
            errors.truncate(100);
            return Err(errors);
        }
        let items_of = refs
            .iter()
            .map(|list| {
                let mut v: Vec<u32> = list.iter().map(|r| r.item).collect();
                v.dedup();
                v
            })
            .collect();
        let mut seat_holders = BTreeMap::new();
        for u in &snapshot.users {
            if let Some(l) = &u.licence {
                *seat_holders
                    .entry((l.clone(), u.status.clone()))
                    .or_insert(0) += 1;
            }
        }
        let mut kinds: Vec<String> = Vec::new();
        let mut kind_ids: HashMap<String, u32> = HashMap::default();
        let kind_of = snapshot
            .items
            .iter()
            .map(|it| match kind_ids.get(&it.kind) {
                Some(id) => *id,
                None => {
                    let id = kinds.len() as u32;
                    kinds.push(it.kind.clone());
                    kind_ids.insert(it.kind.clone(), id);
                    id
                }
            })
            .collect();
        let names = crate::vocabulary::Names::of(&snapshot, base);
        Ok(Workspace {
            kinds,
            kind_of,
            names,
            snapshot,
            users,
            items,
            relations,
            refs,
            items_of,
            seat_holders,
            references,
            hash: std::sync::OnceLock::new(),
        })
    }

    pub fn user_index(&self, id: &str) -> Option<usize> {
        self.users.get(id).map(|i| *i as usize)
    }
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.get(id).map(|i| *i as usize)
    }
    pub fn user_ids(&self) -> impl Iterator<Item = &str> {
        self.snapshot.users.iter().map(|u| u.id.as_str())
    }
    /// References to a user, in item order then relation name then position.
    pub fn references_to(&self, user: usize) -> &[Reference] {
        self.refs.get(user).map_or(&[], Vec::as_slice)
    }
    /// Distinct items referencing a user.
    pub fn items_of(&self, user: usize) -> &[u32] {
        self.items_of.get(user).map_or(&[], Vec::as_slice)
    }
    pub fn relation_name(&self, rel: u32) -> &str {
        self.relations.get(rel as usize).map_or("", String::as_str)
    }
    /// The relation names, by the numbers [`Slot::Ref`] gives them.
    pub fn relations(&self) -> &[String] {
        &self.relations
    }
    /// The distinct item types, by the numbers [`Workspace::kind_of`] gives them.
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }
    /// The type of the item at position `item`, as a number.
    pub fn kind_of(&self, item: u32) -> u32 {
        self.kind_of.get(item as usize).copied().unwrap_or(u32::MAX)
    }
    /// Seats of `licence` held now, under `policy`'s seat accounting.
    pub fn seats_held(&self, policy: &crate::policy::Policy, licence: &str) -> u64 {
        self.statuses_of(licence)
            .filter(|(s, _)| policy.holds_seat(licence, s))
            .map(|(_, n)| n)
            .sum()
    }
    /// Users holding `licence`, counted by status.
    pub fn statuses_of<'s>(&'s self, licence: &'s str) -> impl Iterator<Item = (&'s Status, u64)> {
        self.seat_holders
            .iter()
            .filter(move |((l, _), _)| l == licence)
            .map(|((_, s), n)| (s, *n))
    }
    /// Licences mentioned by users or seat limits, sorted.
    pub fn licences(&self) -> Vec<String> {
        // Sorted as `&str`, whose sort is compiled already (one fewer copy of
        // the standard library's sort than sorting the `String`s).
        let mut v: Vec<&str> = self.snapshot.seats.keys().map(String::as_str).collect();
        v.extend(self.seat_holders.keys().map(|(l, _)| l.as_str()));
        v.sort_unstable();
        v.dedup();
        v.into_iter().map(String::from).collect()
    }
    pub fn reference_count(&self) -> u64 {
        self.references
    }
    /// The distinct roles, licences, item types, relations, item statuses
    /// and share roles the snapshot uses, with where.
    pub fn names(&self) -> &crate::vocabulary::Names {
        &self.names
    }
    /// The SHA-256 of the canonical snapshot, `sha256:…`.
    pub fn hash(&self) -> &str {
        self.hash
            .get_or_init(|| crate::fingerprint::hash_json_large(&self.snapshot))
    }
}

/// The pointer of one user or item, written only when an error needs it:
/// formatting it for every user and item was a measurable part of a load.
struct At<'a>(&'a str, &'static str, usize);

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.0, self.1, self.2)
    }
}

fn unknown_user(id: &str, path: String, users: &HashMap<String, u32>) -> Error {
    let mut e = Error::new(
        Code::UnknownUser,
        path,
        format!("`{id}` is not a user of the snapshot"),
    );
    if users.len() <= 10_000 {
        // The index is a HashMap, whose order changes from one map to the next:
        // sorted candidates make a tie between equally close ids give the same
        // hint every time, so the answer stays deterministic.
        let mut ids: Vec<&str> = users.keys().map(String::as_str).collect();
        ids.sort_unstable();
        if let Some(c) = crate::expr::did_you_mean(id, ids) {
            e = e.with_help(format!("did you mean `{c}`?"));
        }
    }
    e
}
