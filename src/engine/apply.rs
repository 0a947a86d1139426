//! `apply`: a preview's plan executed on a copy of the snapshot.
use super::*;
use crate::error::{own, ApplyError};
use crate::name::{At, Index, Name};

/// The workspace after the action: executes the preview's plan on a copy of the
/// snapshot, so that multi-step what-ifs (deactivate, then delete) compose.
///
/// The snapshot must be the one the preview was computed on (its fingerprint
/// is checked), and the preview must be allowed.
pub fn apply(snapshot: &Snapshot, preview: &Preview) -> Result<Snapshot, ApplyError> {
    apply_plan(
        snapshot,
        preview.verdict,
        &preview.fingerprint.snapshot,
        &preview.plan,
        None,
    )
}

/// [`apply`] on what it reads of a preview: its verdict, the fingerprint of
/// the snapshot it was computed on, and its plan.
pub fn apply_plan(
    snapshot: &Snapshot,
    verdict: Verdict,
    snapshot_hash: &str,
    plan: &[Op],
    at: Option<&str>,
) -> Result<Snapshot, ApplyError> {
    let at = match at {
        None => None,
        Some(t) => Some(
            crate::time::parse_rfc3339(t).ok_or_else(|| ApplyError::InvalidAt { value: own(t) })?,
        ),
    };
    let hash = crate::fingerprint::hash_json_large(snapshot);
    if hash != snapshot_hash {
        return Err(ApplyError::StaleSnapshot);
    }
    if verdict == Verdict::Blocked {
        return Err(ApplyError::BlockedPreview);
    }
    let mut s = snapshot.clone();
    let users = Ids::new(s.users.len(), &|p| user_id(&s.users, p));
    let items = Ids::new(s.items.len(), &|p| item_id(&s.items, p));
    let pending = std::mem::take(&mut s.scheduled);
    let mut st = State {
        s,
        users,
        items,
        deleted: BTreeSet::new(),
        at,
    };
    // What was scheduled before and is due by `at` happens first.
    for (n, op) in pending.iter().enumerate() {
        st.exec(op, &format!("/snapshot/scheduled/{n}"))?;
    }
    for (n, op) in plan.iter().enumerate() {
        st.exec(op, &format!("/preview/plan/{n}"))?;
    }
    let State {
        mut s,
        items,
        deleted,
        ..
    } = st;
    if !deleted.is_empty() {
        // Positions are those of `s.items` before any is removed, which the
        // plan's index of items still gives.
        let gone = |id: &str, list: &[Item]| {
            items
                .get(id, &|p| item_id(list, p))
                .is_some_and(|p| deleted.contains(&(p as u64)))
        };
        // An item left in a deleted container (a plan that does not cascade) is at the top level.
        let orphans: Vec<usize> = (0..s.items.len())
            .filter(|&n| {
                let c = s.items.get(n).and_then(|it| it.container.as_deref());
                c.is_some_and(|c| gone(c, &s.items))
            })
            .collect();
        for n in orphans {
            if let Some(it) = s.items.get_mut(n) {
                it.container = None;
            }
        }
        let mut n = 0u64;
        s.items.retain(|_| {
            n += 1;
            !deleted.contains(&(n - 1))
        });
        // References to deleted items are left to the host's own cascade rules.
    }
    // Empty relation lists and relations emptied by the plan are dropped, as a backend would.
    for it in &mut s.items {
        it.refs.retain(|_, r| !r.ids().is_empty());
    }
    Ok(s)
}

/// The snapshot being changed, with its indexes.
struct State {
    s: Snapshot,
    users: Ids,
    items: Ids,
    /// The positions of the items deleted (in `s.items` as it was read).
    deleted: BTreeSet<u64>,
    /// `apply`'s `at`: `later` operations due by then run; none: none do.
    at: Option<f64>,
}

impl State {
    fn exec(&mut self, op: &Op, path: &str) -> Result<(), ApplyError> {
        let bad = |what: &'static str| ApplyError::NotInSnapshot {
            path: own(path),
            what,
        };
        let State {
            s,
            users,
            items,
            deleted,
            ..
        } = self;
        match op {
            Op::Later { at, ops, .. } => {
                let due =
                    crate::time::parse_rfc3339(at).ok_or_else(|| ApplyError::InvalidLaterAt {
                        path: format!("{path}/at"),
                        value: own(at),
                    })?;
                if self.at.is_some_and(|t| t >= due) {
                    for (i, o) in ops.iter().enumerate() {
                        self.exec(o, &format!("{path}/ops/{i}"))?;
                    }
                } else {
                    self.s.scheduled.push(op.clone());
                }
            }
            Op::SetUserStatus { user, to, at, .. } => {
                let u = user_mut(&mut s.users, users, user).ok_or_else(|| bad("a user"))?;
                u.status = to.clone();
                if at.is_some() {
                    u.status_changed_at = at.clone();
                }
                // A new status cancels what the earlier one had scheduled.
                s.scheduled
                    .retain(|o| !matches!(o, Op::Later { user: x, .. } if x == user));
            }
            Op::SetUserRole { user, to, .. } => {
                user_mut(&mut s.users, users, user)
                    .ok_or_else(|| bad("a user"))?
                    .role = Some(to.clone())
            }
            Op::SetUserLicence { user, to, .. } => {
                user_mut(&mut s.users, users, user)
                    .ok_or_else(|| bad("a user"))?
                    .licence = to.clone()
            }
            Op::SetUserField {
                user, field, to, ..
            } => {
                let u = user_mut(&mut s.users, users, user).ok_or_else(|| bad("a user"))?;
                super::users::set_field(&mut u.fields, field, to);
            }
            Op::RevokeSessions { .. }
            | Op::RevokeTokens { .. }
            | Op::BlockNewAssignments { .. } => {}
            Op::CreatePlaceholder { user, name } => {
                if users.get(user, &|p| user_id(&s.users, p)).is_none() {
                    let mut fields = Map::new();
                    fields.insert("name".into(), Value::String(name.clone()));
                    s.users.push(User {
                        id: user.clone(),
                        role: None,
                        status: Status::DELETED,
                        licence: None,
                        sso: false,
                        last_active_at: None,
                        status_changed_at: None,
                        fields,
                        permissions: Vec::new(),
                        groups: Vec::new(),
                        placeholder: true,
                    });
                    users.added(user, s.users.len(), &|p| user_id(&s.users, p));
                }
            }
            Op::CreateItem {
                item,
                item_type,
                fields,
                container,
                refs,
                status,
            } => {
                if items.get(item, &|p| item_id(&s.items, p)).is_some() {
                    return Err(ApplyError::ItemExists {
                        path: own(path),
                        item: own(item),
                    });
                }
                s.items.push(Item {
                    id: item.clone(),
                    kind: item_type.into(),
                    status: status.as_deref().map(Name::from),
                    container: container.clone(),
                    refs: refs
                        .iter()
                        .map(|(k, v)| (k.clone(), Refs::One(v.into())))
                        .collect(),
                    shares: Vec::new(),
                    fields: fields.clone(),
                });
                items.added(item, s.items.len(), &|p| item_id(&s.items, p));
            }
            Op::SetRef {
                item,
                relation,
                from,
                to,
            } => {
                let it = item_mut(&mut s.items, items, item).ok_or_else(|| bad("an item"))?;
                let r = it.refs.remove(relation).unwrap_or(Refs::None(()));
                let r = match r {
                    Refs::One(x) if &x == from => to
                        .as_deref()
                        .map_or(Refs::None(()), |t| Refs::One(t.into())),
                    Refs::Many(list) => {
                        let mut out: Vec<Name> = Vec::with_capacity(list.len());
                        for x in list {
                            let x = if &x == from {
                                match to {
                                    Some(t) => t.into(),
                                    None => continue,
                                }
                            } else {
                                x
                            };
                            if !out.contains(&x) {
                                out.push(x);
                            }
                        }
                        Refs::Many(out)
                    }
                    other => other,
                };
                it.refs.insert(relation.clone(), r);
            }
            Op::AddRef {
                item,
                relation,
                user,
            } => {
                let it = item_mut(&mut s.items, items, item).ok_or_else(|| bad("an item"))?;
                let r = match it.refs.remove(relation).unwrap_or(Refs::None(())) {
                    Refs::None(()) => Refs::One(user.into()),
                    Refs::One(x) if &x == user => Refs::One(x),
                    Refs::One(x) => Refs::Many(vec![x, user.into()]),
                    Refs::Many(mut v) => {
                        if !v.iter().any(|x| x == user) {
                            v.push(user.into());
                        }
                        Refs::Many(v)
                    }
                };
                it.refs.insert(relation.clone(), r);
            }
            Op::SetShare { item, user, to, .. } => {
                let it = item_mut(&mut s.items, items, item).ok_or_else(|| bad("an item"))?;
                match (it.shares.iter().position(|x| &x.user == user), to) {
                    (Some(i), None) => {
                        it.shares.remove(i);
                    }
                    (Some(i), Some(r)) => {
                        if let Some(x) = it.shares.get_mut(i) {
                            x.role = r.into();
                        }
                    }
                    (None, Some(r)) => it.shares.push(Share {
                        user: user.into(),
                        role: r.into(),
                    }),
                    (None, None) => {}
                }
            }
            Op::MoveItem { item, to, .. } => {
                item_mut(&mut s.items, items, item)
                    .ok_or_else(|| bad("an item"))?
                    .container = Some(to.clone())
            }
            Op::AddLink { item, link } => {
                let it = item_mut(&mut s.items, items, item).ok_or_else(|| bad("an item"))?;
                if !it.fields.contains_key("links") {
                    it.fields.insert("links".into(), Value::Array(Vec::new()));
                }
                if let Some(Value::Array(a)) = it.fields.get_mut("links") {
                    a.push(Value::String(link.clone()));
                }
            }
            Op::SetItem {
                item,
                attribute,
                to,
                ..
            } => {
                let it = item_mut(&mut s.items, items, item).ok_or_else(|| bad("an item"))?;
                match attribute.strip_prefix("fields.") {
                    Some(f) => {
                        it.fields.insert(f.to_string(), to.clone());
                    }
                    None => it.status = to.as_str().map(Name::from),
                }
            }
            Op::DeleteItem { item } => {
                let i = items
                    .get(item, &|p| item_id(&s.items, p))
                    .ok_or_else(|| bad("an item"))?;
                deleted.insert(i as u64);
            }
        }
        Ok(())
    }
}

/// The id of the user at position `p`.
fn user_id(users: &[User], p: u32) -> Option<&str> {
    users.get(p as usize).map(|u| u.id.as_str())
}

/// The id of the item at position `p`.
fn item_id(items: &[Item], p: u32) -> Option<&str> {
    items.get(p as usize).map(|it| it.id.as_str())
}

/// Where each id is in a list that the plan grows (the placeholders and
/// items it creates): the workspace's kind of index, positions checked
/// against the ids in the list, so no id is copied.
struct Ids(Index);

impl Ids {
    fn new(len: usize, at: At) -> Ids {
        Ids(Index::build(len, at, &mut |_| {}))
    }
    fn get(&self, id: &str, at: At) -> Option<usize> {
        self.0.find(id, at).ok().map(|p| p as usize)
    }
    /// Indexes the last of `len` entries, just added.
    fn added(&mut self, id: &str, len: usize, at: At) {
        if self.0.full(len) {
            self.0 = Index::build(len, at, &mut |_| {});
        } else if let Err(slot) = self.0.find(id, at) {
            self.0.put(slot, u32::try_from(len - 1).unwrap_or(u32::MAX));
        }
    }
}

/// The user of `id`.
fn user_mut<'s>(users: &'s mut [User], ids: &Ids, id: &str) -> Option<&'s mut User> {
    let i = ids.get(id, &|p| user_id(users, p))?;
    users.get_mut(i)
}

/// The item of `id`.
fn item_mut<'s>(items: &'s mut [Item], ids: &Ids, id: &str) -> Option<&'s mut Item> {
    let i = ids.get(id, &|p| item_id(items, p))?;
    items.get_mut(i)
}
