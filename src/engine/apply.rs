//! `apply`: a preview's plan executed on a copy of the snapshot.
use super::*;
use crate::error::{own, ApplyError};
use crate::name::Name;

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
    let users: std::collections::HashMap<String, usize> = s
        .users
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.clone(), i))
        .collect();
    let items: std::collections::HashMap<String, usize> = s
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.id.clone(), i))
        .collect();
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
    let State { mut s, deleted, .. } = st;
    if !deleted.is_empty() {
        s.items.retain(|it| !deleted.contains(&it.id));
        // An item left in a deleted container (a plan that does not cascade) is at the top level.
        for it in &mut s.items {
            if it.container.as_ref().is_some_and(|c| deleted.contains(c)) {
                it.container = None;
            }
        }
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
    users: std::collections::HashMap<String, usize>,
    items: std::collections::HashMap<String, usize>,
    deleted: BTreeSet<String>,
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
                let u = entry_mut(&mut s.users, users, user).ok_or_else(|| bad("a user"))?;
                u.status = to.clone();
                if at.is_some() {
                    u.status_changed_at = at.clone();
                }
                // A new status cancels what the earlier one had scheduled.
                s.scheduled
                    .retain(|o| !matches!(o, Op::Later { user: x, .. } if x == user));
            }
            Op::SetUserRole { user, to, .. } => {
                entry_mut(&mut s.users, users, user)
                    .ok_or_else(|| bad("a user"))?
                    .role = Some(to.clone())
            }
            Op::SetUserField {
                user, field, to, ..
            } => {
                let u = entry_mut(&mut s.users, users, user).ok_or_else(|| bad("a user"))?;
                super::users::set_field(&mut u.fields, field, to);
            }
            Op::RevokeSessions { .. }
            | Op::RevokeTokens { .. }
            | Op::BlockNewAssignments { .. } => {}
            Op::CreatePlaceholder { user, name } => {
                if !users.contains_key(user) {
                    let mut fields = Map::new();
                    fields.insert("name".into(), Value::String(name.clone()));
                    users.insert(user.clone(), s.users.len());
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
                if items.contains_key(item) {
                    return Err(ApplyError::ItemExists {
                        path: own(path),
                        item: own(item),
                    });
                }
                items.insert(item.clone(), s.items.len());
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
            }
            Op::SetRef {
                item,
                relation,
                from,
                to,
            } => {
                let it = entry_mut(&mut s.items, items, item).ok_or_else(|| bad("an item"))?;
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
                let it = entry_mut(&mut s.items, items, item).ok_or_else(|| bad("an item"))?;
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
                let it = entry_mut(&mut s.items, items, item).ok_or_else(|| bad("an item"))?;
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
                entry_mut(&mut s.items, items, item)
                    .ok_or_else(|| bad("an item"))?
                    .container = Some(to.clone())
            }
            Op::AddLink { item, link } => {
                let it = entry_mut(&mut s.items, items, item).ok_or_else(|| bad("an item"))?;
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
                let it = entry_mut(&mut s.items, items, item).ok_or_else(|| bad("an item"))?;
                match attribute.strip_prefix("fields.") {
                    Some(f) => {
                        it.fields.insert(f.to_string(), to.clone());
                    }
                    None => it.status = to.as_str().map(Name::from),
                }
            }
            Op::DeleteItem { item } => {
                items.get(item).ok_or_else(|| bad("an item"))?;
                deleted.insert(item.clone());
            }
        }
        Ok(())
    }
}

/// The entry of `list` whose id `index` maps to `id`.
fn entry_mut<'s, T>(
    list: &'s mut [T],
    index: &std::collections::HashMap<String, usize>,
    id: &str,
) -> Option<&'s mut T> {
    index.get(id).and_then(|i| list.get_mut(*i))
}
