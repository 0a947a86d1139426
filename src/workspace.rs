//! A workspace snapshot loaded once and indexed, so that each preview costs
//! time proportional to the references of the users involved.
use crate::error::{LimitError, SnapshotError};
use crate::limits::Limits;
use crate::model::{Item, Snapshot, Status};
use crate::name::{Distinct, Index, Recent};
use crate::value::{seg, Name};
use std::collections::BTreeMap;

/// Where a user appears on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    /// `refs[relation]`, position in the list.
    Ref { rel: u32, pos: u32 },
    /// `shares[pos]`.
    Share { pos: u32 },
}

impl Slot {
    /// The relation of a `refs` slot; `None` for an access grant.
    pub fn relation(self) -> Option<u32> {
        match self {
            Slot::Ref { rel, .. } => Some(rel),
            Slot::Share { .. } => None,
        }
    }
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
    /// Positions of the users and items by id.
    users: Index,
    items: Index,
    relations: Distinct,
    /// The distinct item types, and each item's as a position in them: the
    /// engine matches rules and groups effects on these integers.
    kinds: Distinct,
    kind_of: Vec<u32>,
    /// Every reference, grouped by user: those of user `u` are
    /// `refs[ref_starts[u]..ref_starts[u + 1]]`, in (item, relation,
    /// position) order. One vector rather than one per user: no slack.
    refs: Vec<Reference>,
    ref_starts: Vec<u32>,
    /// For each user, the distinct items referencing it, in snapshot order,
    /// grouped the same way.
    items_of: Vec<u32>,
    items_of_starts: Vec<u32>,
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

fn too_many(limit: &'static str, value: usize, max: u64, path: &str) -> SnapshotError {
    SnapshotError::Limit(LimitError::Exceeded {
        path: crate::error::own(path),
        limit,
        value: value as u64,
        max,
    })
}

/// The first cycle of containers among `items` (each item has at most one
/// container, every container an item of `index`), as a `containerCycle`
/// error at the container of the cycle's first item in snapshot order. One
/// pass over the items: each is walked once, without recursion.
fn container_cycle(
    items: &[Item],
    index: impl Fn(&str) -> Option<usize>,
    base: &str,
) -> Option<SnapshotError> {
    // 0: not seen; 1: on the walk that starts at `start`; 2: known to end outside a cycle.
    let mut state = vec![0u8; items.len()];
    let parent = |i: usize| {
        items
            .get(i)
            .and_then(|it| it.container.as_deref())
            .and_then(&index)
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
                    let items = cycle
                        .iter()
                        .cycle()
                        .skip(at)
                        .take(cycle.len() + 1)
                        .filter_map(|&w| items.get(w).map(|it| crate::error::own(&it.id)))
                        .collect();
                    return Some(SnapshotError::ContainerCycle {
                        path: format!("{base}/items/{first}/container"),
                        items,
                    });
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
    pub fn from_json(
        bytes: &[u8],
        limits: &Limits,
        base: &str,
    ) -> Result<Workspace, Vec<SnapshotError>> {
        if bytes.len() as u64 > limits.max_input_bytes {
            return Err(vec![too_many(
                "maxInputBytes",
                bytes.len(),
                limits.max_input_bytes,
                base,
            )]);
        }
        let snapshot: Snapshot =
            crate::read::parse(bytes, base).map_err(|e| vec![SnapshotError::Read(e)])?;
        Workspace::new(snapshot, limits, base)
    }

    /// Checks and indexes a parsed snapshot: duplicate ids, dangling references and limits are errors.
    pub fn new(
        snapshot: Snapshot,
        limits: &Limits,
        base: &str,
    ) -> Result<Workspace, Vec<SnapshotError>> {
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
        let long = |s: &str, path: &dyn Fn() -> String, errors: &mut Vec<SnapshotError>| {
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
        let user_id = |i: u32| snapshot.users.get(i as usize).map(|u| u.id.as_str());
        let item_id = |i: u32| snapshot.items.get(i as usize).map(|it| it.id.as_str());
        let mut repeated_users = Vec::new();
        let users = Index::build(snapshot.users.len(), &user_id, &mut |i| {
            repeated_users.push(i)
        });
        let mut repeated_items = Vec::new();
        let items = Index::build(snapshot.items.len(), &item_id, &mut |i| {
            repeated_items.push(i)
        });
        let mut repeated_users = repeated_users.into_iter().peekable();
        for (i, u) in snapshot.users.iter().enumerate() {
            let p = At(base, "users", i);
            long(&u.id, &|| format!("{p}/id"), &mut errors);
            if u.id.is_empty() {
                errors.push(SnapshotError::EmptyUserId {
                    path: format!("{p}/id"),
                });
            }
            for (k, v) in &u.fields {
                long(k, &|| format!("{p}/fields/{}", seg(k)), &mut errors);
                if let Some(s) = v.as_str() {
                    long(s, &|| format!("{p}/fields/{}", seg(k)), &mut errors);
                }
            }
            if repeated_users.next_if_eq(&i).is_some() {
                errors.push(SnapshotError::DuplicateUserId {
                    path: format!("{p}/id"),
                    id: crate::error::own(&u.id),
                });
            }
        }
        let mut repeated_items = repeated_items.into_iter().peekable();
        for (i, it) in snapshot.items.iter().enumerate() {
            long(&it.id, &|| format!("{base}/items/{i}/id"), &mut errors);
            if it.id.is_empty() {
                errors.push(SnapshotError::EmptyItemId {
                    path: format!("{base}/items/{i}/id"),
                });
            }
            if repeated_items.next_if_eq(&i).is_some() {
                errors.push(SnapshotError::DuplicateItemId {
                    path: format!("{base}/items/{i}/id"),
                    id: crate::error::own(&it.id),
                });
            }
        }
        // References name a few users many times: each is found by its
        // text once (`Recent`), then by the address of its shared name.
        let mut recent_users = Recent::new(usize::BITS - snapshot.users.len().leading_zeros() + 1);
        let mut user_at = |id: &Name| recent_users.get(id, &mut |s| users.find(s, &user_id).ok());
        let mut recent_rels = Recent::new(6);
        let mut relations = Distinct::default();
        // The user of each reference, in item order; then, once counted, the
        // references are laid out by user (`refs`, `ref_starts`).
        let mut owners: Vec<u32> = Vec::new();
        let mut counts: Vec<u32> = vec![0; snapshot.users.len()];
        let mut own = |u: u32, owners: &mut Vec<u32>| {
            owners.push(u);
            if let Some(n) = counts.get_mut(u as usize) {
                *n += 1;
            }
        };
        for (i, it) in snapshot.items.iter().enumerate() {
            let p = At(base, "items", i);
            if let Some(c) = &it.container {
                if items.find(c, &item_id).is_err() {
                    errors.push(SnapshotError::UnknownContainer {
                        path: format!("{p}/container"),
                        container: crate::error::own(c),
                    });
                } else if c == &it.id {
                    errors.push(SnapshotError::ContainsItself {
                        path: format!("{p}/container"),
                    });
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
                recent_rels.get(rel, &mut |s| Some(relations.add(s)));
                for (pos, uid) in r.ids().iter().enumerate() {
                    match user_at(uid) {
                        Some(u) => own(u, &mut owners),
                        None => {
                            // A single id has no position in the input.
                            let at = match r {
                                crate::model::Refs::Many(_) => {
                                    format!("{p}/refs/{}/{pos}", seg(rel))
                                }
                                _ => format!("{p}/refs/{}", seg(rel)),
                            };
                            errors.push(unknown_user(uid, at, &snapshot.users));
                        }
                    }
                }
            }
            for (pos, s) in it.shares.iter().enumerate() {
                match user_at(&s.user) {
                    Some(u) => own(u, &mut owners),
                    None => errors.push(unknown_user(
                        &s.user,
                        format!("{p}/shares/{pos}/user"),
                        &snapshot.users,
                    )),
                }
            }
            if errors.len() > 100 {
                break;
            }
        }
        if errors.is_empty() {
            errors.extend(container_cycle(
                &snapshot.items,
                |c| items.find(c, &item_id).ok().map(|i| i as usize),
                base,
            ));
        }
        if !errors.is_empty() {
            errors.truncate(100);
            return Err(errors);
        }
        // Each user's references, at its place in one vector: the same walk
        // as above, now that every reference is known to be valid.
        let ref_starts = starts(&counts);
        let mut next: Vec<u32> = ref_starts.clone();
        let mut refs = vec![
            Reference {
                item: 0,
                slot: Slot::Share { pos: 0 },
            };
            owners.len()
        ];
        let mut owners = owners.into_iter();
        let mut place = |r: Reference| {
            let at = owners
                .next()
                .and_then(|u| next.get_mut(u as usize))
                .map(|n| {
                    *n += 1;
                    *n - 1
                });
            if let Some(slot) = at.and_then(|at| refs.get_mut(at as usize)) {
                *slot = r;
            }
        };
        for (i, it) in snapshot.items.iter().enumerate() {
            let item = i as u32;
            for (rel, r) in &it.refs {
                let rel = recent_rels
                    .get(rel, &mut |s| Some(relations.add(s)))
                    .unwrap_or_default();
                for pos in 0..r.ids().len() as u32 {
                    place(Reference {
                        item,
                        slot: Slot::Ref { rel, pos },
                    });
                }
            }
            for pos in 0..it.shares.len() as u32 {
                place(Reference {
                    item,
                    slot: Slot::Share { pos },
                });
            }
        }
        let references = refs.len() as u64;
        // The distinct items of each user's references (at most one per
        // reference: the unused end is given back).
        let mut items_of = Vec::with_capacity(refs.len());
        let mut items_of_starts = Vec::with_capacity(counts.len() + 1);
        for u in 0..counts.len() {
            items_of_starts.push(items_of.len() as u32);
            items_of.extend(distinct(group(&refs, &ref_starts, u)));
        }
        items_of_starts.push(items_of.len() as u32);
        items_of.shrink_to_fit();
        let mut seat_holders = BTreeMap::new();
        for u in &snapshot.users {
            if let Some(l) = &u.licence {
                *seat_holders
                    .entry((l.clone(), u.status.clone()))
                    .or_insert(0) += 1;
            }
        }
        let mut kinds = Distinct::default();
        let kind_of = snapshot
            .items
            .iter()
            .map(|it| kinds.add(&it.kind))
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
            ref_starts,
            items_of,
            items_of_starts,
            seat_holders,
            references,
            hash: std::sync::OnceLock::new(),
        })
    }

    pub fn user_index(&self, id: &str) -> Option<usize> {
        let users = &self.snapshot.users;
        let pos = self
            .users
            .find(id, &|i| users.get(i as usize).map(|u| u.id.as_str()));
        pos.ok().map(|i| i as usize)
    }
    pub fn item_index(&self, id: &str) -> Option<usize> {
        let items = &self.snapshot.items;
        let pos = self
            .items
            .find(id, &|i| items.get(i as usize).map(|it| it.id.as_str()));
        pos.ok().map(|i| i as usize)
    }
    pub fn user_ids(&self) -> impl Iterator<Item = &str> {
        self.snapshot.users.iter().map(|u| u.id.as_str())
    }
    /// References to a user, in item order then relation name then position.
    pub fn references_to(&self, user: usize) -> &[Reference] {
        group(&self.refs, &self.ref_starts, user)
    }
    /// Distinct items referencing a user.
    pub fn items_of(&self, user: usize) -> &[u32] {
        group(&self.items_of, &self.items_of_starts, user)
    }
    pub fn relation_name(&self, rel: u32) -> &str {
        self.relations.get(rel).map_or("", Name::as_str)
    }
    /// The relation names, by the numbers [`Slot::Ref`] gives them.
    pub fn relations(&self) -> &[Name] {
        self.relations.names()
    }
    /// The distinct item types, by the numbers [`Workspace::kind_of`] gives them.
    pub fn kinds(&self) -> &[Name] {
        self.kinds.names()
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
        let mut v: Vec<&str> = self.snapshot.seats.keys().map(|k| k.as_str()).collect();
        v.extend(self.seat_holders.keys().map(|(l, _)| l.as_str()));
        crate::value::sorted_distinct(&v)
            .into_iter()
            .map(String::from)
            .collect()
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
            .get_or_init(|| crate::fingerprint::hash_json(&self.snapshot))
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

/// The distinct items of a user's references (which are in item order).
fn distinct(list: &[Reference]) -> impl Iterator<Item = u32> + '_ {
    let mut last = None;
    list.iter()
        .filter(move |r| last.replace(r.item) != Some(r.item))
        .map(|r| r.item)
}

/// The offsets where each group of `counts` starts in one vector, and its end.
fn starts(counts: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(counts.len() + 1);
    let mut at = 0u32;
    out.push(0);
    for n in counts {
        at += n;
        out.push(at);
    }
    out
}

/// Group `i` of a vector laid out by [`starts`].
fn group<'a, T>(all: &'a [T], starts: &[u32], i: usize) -> &'a [T] {
    match (starts.get(i), starts.get(i + 1)) {
        (Some(&a), Some(&b)) => all.get(a as usize..b as usize).unwrap_or(&[]),
        _ => &[],
    }
}

fn unknown_user(id: &str, path: String, users: &[crate::model::User]) -> SnapshotError {
    let mut suggestion = None;
    if users.len() <= 10_000 {
        // Sorted candidates make a tie between equally close ids give the
        // same hint every time, so the answer stays deterministic.
        let ids: Vec<&str> = users.iter().map(|u| u.id.as_str()).collect();
        let ids = crate::value::sorted_distinct(&ids);
        suggestion = crate::expr::did_you_mean(id, ids).map(crate::error::own);
    }
    SnapshotError::UnknownUser {
        path,
        id: crate::error::own(id),
        suggestion,
    }
}
