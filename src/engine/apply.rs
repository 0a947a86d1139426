//! `apply`: a preview's plan executed on a copy of the snapshot.
use super::*;

/// The workspace after the action: executes the preview's plan on a copy of the
/// snapshot, so that multi-step what-ifs (deactivate, then delete) compose.
///
/// The snapshot must be the one the preview was computed on (its fingerprint
/// is checked), and the preview must be allowed.
pub fn apply(snapshot: &Snapshot, preview: &Preview) -> Result<Snapshot, Vec<Error>> {
    apply_plan(
        snapshot,
        preview.verdict,
        &preview.fingerprint.snapshot,
        &preview.plan,
    )
}

/// [`apply`] on what it reads of a preview: its verdict, the fingerprint of
/// the snapshot it was computed on, and its plan.
pub fn apply_plan(
    snapshot: &Snapshot,
    verdict: Verdict,
    snapshot_hash: &str,
    plan: &[Op],
) -> Result<Snapshot, Vec<Error>> {
    let hash = crate::fingerprint::hash_json(snapshot);
    if hash != snapshot_hash {
        return Err(vec![Error::new(
            Code::StaleSnapshot,
            "/snapshot",
            "the preview was computed on another snapshot",
        )
        .with_help("compute the preview again on this snapshot")]);
    }
    if verdict == Verdict::Blocked {
        return Err(vec![Error::new(
            Code::BlockedPreview,
            "/preview/verdict",
            "a blocked preview cannot be applied",
        )
        .with_help("resolve the preview's blockers first")]);
    }
    let mut s = snapshot.clone();
    let mut users: std::collections::HashMap<String, usize> = s
        .users
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.clone(), i))
        .collect();
    let mut items: std::collections::HashMap<String, usize> = s
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.id.clone(), i))
        .collect();
    let mut deleted = BTreeSet::new();
    for (n, op) in plan.iter().enumerate() {
        let bad = |what: &str| {
            vec![Error::new(
                Code::InvalidPlan,
                format!("/preview/plan/{n}"),
                format!("the plan names {what} that is not in the snapshot"),
            )]
        };
        match op {
            Op::SetUserStatus { user, to, .. } => {
                entry_mut(&mut s.users, &users, user)
                    .ok_or_else(|| bad("a user"))?
                    .status = *to
            }
            Op::SetUserRole { user, to, .. } => {
                entry_mut(&mut s.users, &users, user)
                    .ok_or_else(|| bad("a user"))?
                    .role = Some(to.clone())
            }
            Op::SetUserField {
                user, field, to, ..
            } => {
                let u = entry_mut(&mut s.users, &users, user).ok_or_else(|| bad("a user"))?;
                if to.is_null() {
                    u.fields.remove(field);
                } else {
                    u.fields.insert(field.clone(), to.clone());
                }
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
                        status: Status::Deleted,
                        licence: None,
                        sso: false,
                        last_active_at: None,
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
                    return Err(vec![Error::new(
                        Code::InvalidPlan,
                        format!("/preview/plan/{n}"),
                        format!("the plan creates item `{item}`, which already exists"),
                    )]);
                }
                items.insert(item.clone(), s.items.len());
                s.items.push(Item {
                    id: item.clone(),
                    kind: item_type.clone(),
                    status: status.clone(),
                    container: container.clone(),
                    refs: refs
                        .iter()
                        .map(|(k, v)| (k.clone(), Refs::One(v.clone())))
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
                let it = entry_mut(&mut s.items, &items, item).ok_or_else(|| bad("an item"))?;
                let r = it.refs.remove(relation).unwrap_or(Refs::None(()));
                let r = match r {
                    Refs::One(x) if &x == from => to.clone().map_or(Refs::None(()), Refs::One),
                    Refs::Many(list) => {
                        let mut out: Vec<String> = Vec::with_capacity(list.len());
                        for x in list {
                            let x = if &x == from {
                                match to {
                                    Some(t) => t.clone(),
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
            Op::SetShare { item, user, to, .. } => {
                let it = entry_mut(&mut s.items, &items, item).ok_or_else(|| bad("an item"))?;
                match (it.shares.iter().position(|x| &x.user == user), to) {
                    (Some(i), None) => {
                        it.shares.remove(i);
                    }
                    (Some(i), Some(r)) => {
                        if let Some(x) = it.shares.get_mut(i) {
                            x.role = r.clone();
                        }
                    }
                    (None, Some(r)) => it.shares.push(Share {
                        user: user.clone(),
                        role: r.clone(),
                    }),
                    (None, None) => {}
                }
            }
            Op::MoveItem { item, to, .. } => {
                entry_mut(&mut s.items, &items, item)
                    .ok_or_else(|| bad("an item"))?
                    .container = Some(to.clone())
            }
            Op::AddLink { item, link } => {
                let it = entry_mut(&mut s.items, &items, item).ok_or_else(|| bad("an item"))?;
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
                let it = entry_mut(&mut s.items, &items, item).ok_or_else(|| bad("an item"))?;
                match attribute.strip_prefix("fields.") {
                    Some(f) => {
                        it.fields.insert(f.to_string(), to.clone());
                    }
                    None => it.status = to.as_str().map(str::to_string),
                }
            }
            Op::DeleteItem { item } => {
                items.get(item).ok_or_else(|| bad("an item"))?;
                deleted.insert(item.clone());
            }
        }
    }
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

/// The entry of `list` whose id `index` maps to `id`.
fn entry_mut<'s, T>(
    list: &'s mut [T],
    index: &std::collections::HashMap<String, usize>,
    id: &str,
) -> Option<&'s mut T> {
    index.get(id).and_then(|i| list.get_mut(*i))
}
