//! The machine plan of the item effects (and what happens later), and the
//! check that created containers do not contain each other.
use super::*;

pub(super) struct Container {
    pub(super) target: usize,
    pub(super) id: String,
    pub(super) key: String,
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) within: Option<String>,
    /// An existing item the container is created in (`inItem`).
    pub(super) parent: Option<String>,
    pub(super) owner: Option<(String, String)>,
    pub(super) status: Option<String>,
    /// Rendered `fields` templates, `name` excepted.
    pub(super) fields: Map,
}

impl Container {
    /// The id of what this container is created in: another container of
    /// the same target (`in`), else an existing item (`inItem`).
    pub(super) fn inside<'c>(&'c self, all: &'c [Container]) -> Option<&'c str> {
        self.within
            .as_ref()
            .and_then(|w| {
                all.iter()
                    .find(|x| &x.key == w && x.target == self.target)
                    .map(|x| x.id.as_str())
            })
            .or(self.parent.as_deref())
    }
}

impl<'a> Run<'a> {
    /// Refuses a plan that would put items inside each other: a container
    /// created in an existing item (`inItem`) into which that item, or an
    /// item containing it, is moved (`moveTo`).
    pub(super) fn check_plan_cycle(
        &self,
        containers: &[Container],
        effects: &[Eff<'a>],
    ) -> Result<(), Error> {
        if containers.is_empty() {
            return Ok(());
        }
        let cid = |c: u32| containers.get(c as usize).map_or("", |c| c.id.as_str());
        let mut deleted: BTreeSet<u64> = BTreeSet::new();
        for e in effects.iter().filter(|e| e.kind == EffectKind::Delete) {
            deleted.insert(e.item.into());
        }
        // Where each created or moved item is after the plan (the first move wins, as in the plan).
        let mut after: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        for c in containers {
            let inside = c.inside(containers);
            after.insert(c.id.as_str(), inside);
        }
        for e in effects {
            if let Some(c) = e.container {
                if !deleted.contains(&e.item.into()) {
                    after.entry(self.item_id(e.item)).or_insert(Some(cid(c)));
                }
            }
        }
        let parent = |id: &str| -> Option<&str> {
            match after.get(id) {
                Some(p) => *p,
                None => self
                    .ws
                    .item_index(id)
                    .and_then(|i| self.ws.snapshot.items.get(i))
                    .and_then(|it| it.container.as_deref()),
            }
        };
        for e in effects {
            if e.container.is_none() || deleted.contains(&e.item.into()) {
                continue;
            }
            let start = self.item_id(e.item);
            let mut path = vec![start];
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            let mut cur = parent(start);
            while let Some(c) = cur {
                if c == start {
                    path.push(c);
                    let action = self.req.action.as_str();
                    let key = path
                        .iter()
                        .find_map(|id| containers.iter().find(|x| x.id == *id))
                        .map_or_else(String::new, |x| x.key.clone());
                    return Err(crate::error::PolicyError::PlanCycle {
                        path: format!(
                            "/policy/actions/{}/containers/{}",
                            crate::value::seg(action),
                            crate::value::seg(&key)
                        ),
                        action: crate::error::own(action),
                        items: path.iter().map(|id| crate::error::own(id)).collect(),
                    }
                    .into());
                }
                if !seen.insert(c) {
                    break;
                }
                path.push(c);
                cur = parent(c);
            }
        }
        Ok(())
    }

    /// The operations of the item effects: those that happen at once, then
    /// one `later` operation per day and target for those that happen later.
    pub(super) fn item_ops(
        &self,
        effects: &[Eff<'a>],
        containers: &[Container],
    ) -> (Vec<IOp<'a>>, Vec<LaterOps<'a>>) {
        // About one operation per effect: reserved once.
        let mut now = Vec::with_capacity(effects.len());
        self.effect_ops(effects, containers, None, &mut now);
        // Built by `insert`: `collect()` into a `BTreeSet` compiles a sort per
        // element type.
        let mut days: BTreeSet<(u32, &'a str)> = BTreeSet::new();
        for e in effects {
            if let Some(d) = e.after_days {
                days.insert((d, e.from));
            }
        }
        let mut later = Vec::new();
        for (d, user) in days {
            let mut ops = Vec::new();
            self.effect_ops(effects, containers, Some((d, user)), &mut ops);
            later.push(LaterOps {
                after_days: d,
                user,
                ops,
            });
        }
        (now, later)
    }

    /// The operations of the effects that happen at once (`when` is
    /// `None`), or `days` after the action for `user`'s references.
    fn effect_ops(
        &self,
        effects: &[Eff<'a>],
        containers: &[Container],
        when: Option<(u32, &str)>,
        plan: &mut Vec<IOp<'a>>,
    ) {
        let effects = effects.iter().filter(|e| match when {
            None => e.after_days.is_none(),
            Some((d, user)) => e.after_days == Some(d) && e.from == user,
        });
        // Sets of items, and of items paired with a container (`pair`).
        let mut moved: BTreeSet<u64> = BTreeSet::new();
        let mut linked: BTreeSet<u64> = BTreeSet::new();
        let mut set_done: BTreeSet<(u32, &str)> = BTreeSet::new();
        let mut shares_done: BTreeSet<(u32, &str)> = BTreeSet::new();
        let mut deleted: BTreeSet<u64> = BTreeSet::new();
        for e in effects.clone() {
            if e.kind == EffectKind::Delete {
                deleted.insert(e.item.into());
            }
        }
        for e in effects {
            if deleted.contains(&e.item.into()) {
                continue;
            }
            let Some(it) = self.item(e.item) else {
                continue;
            };
            let item = e.item;
            let is_share = e.share;
            match (e.kind, e.to) {
                (EffectKind::Keep | EffectKind::Delete, _) => {}
                (EffectKind::Remove, _)
                | (EffectKind::Transfer | EffectKind::Reassign | EffectKind::Reattribute, _)
                    if is_share =>
                {
                    plan.push(IOp::SetShare {
                        item,
                        user: e.from,
                        from: e.role_before,
                        to: None,
                    });
                }
                (EffectKind::Remove | EffectKind::Restore, _) => plan.push(IOp::SetRef {
                    item,
                    relation: e.relation,
                    from: e.from,
                    to: None,
                }),
                // A successor already in the relation (an assignee among
                // others) is not added twice: the leaver is only removed.
                (
                    EffectKind::Transfer | EffectKind::Reassign | EffectKind::Reattribute,
                    Some(to),
                ) => plan.push(IOp::SetRef {
                    item,
                    relation: e.relation,
                    from: e.from,
                    to: (!e.held).then_some(to),
                }),
                _ => {}
            }
            match (e.kind, e.relation_after, e.role_after) {
                (EffectKind::Restore, Some("share"), Some(role)) => plan.push(IOp::SetShare {
                    item,
                    user: e.from,
                    from: it
                        .shares
                        .iter()
                        .find(|s| s.user == e.from)
                        .map(|s| s.role.as_str()),
                    to: Some(role),
                }),
                // Given back to a relation that holds one other user now (an
                // owner since the transfer): it goes back to the leaver.
                (EffectKind::Restore, Some(rel), _) if matches!(it.refs.get(rel), Some(Refs::One(cur)) if *cur != e.from) => {
                    if let Some(Refs::One(cur)) = it.refs.get(rel) {
                        plan.push(IOp::SetRef {
                            item,
                            relation: rel,
                            from: cur,
                            to: Some(e.from),
                        });
                    }
                }
                (_, Some(rel), _) => plan.push(IOp::AddRef {
                    item,
                    relation: rel,
                    user: e.from,
                }),
                _ => {}
            }
            if let (Some(to), Some(role)) = (e.to, e.role_after) {
                let existing = it
                    .shares
                    .iter()
                    .find(|s| s.user == to)
                    .map(|s| s.role.as_str());
                if existing != Some(role) && shares_done.insert((item, to)) {
                    plan.push(IOp::SetShare {
                        item,
                        user: to,
                        from: existing,
                        to: Some(role),
                    });
                }
            }
            if let Some(c) = e.container {
                let id = containers.get(c as usize).map(|c| c.id.as_str());
                let moves = id.is_some() && it.container.as_deref() != id;
                if moved.insert(item.into()) && moves {
                    plan.push(IOp::MoveItem { item, to: c });
                }
            }
            if let Some(c) = e.indexed_in {
                if linked.insert(u64::from(c) << 32 | u64::from(item)) {
                    plan.push(IOp::AddLink {
                        container: c,
                        link: item,
                    });
                }
            }
            for (k, v) in e.set.into_iter().flat_map(|s| s.iter()) {
                if set_done.insert((item, k.as_str())) {
                    let unchanged = match work::attribute(it, k) {
                        Some(now) => now.equals(v),
                        None => *v == Value::Null,
                    };
                    if !unchanged {
                        plan.push(IOp::SetItem {
                            item,
                            attribute: k,
                            to: v,
                        });
                    }
                }
            }
        }
        // Contained items before what contains them: deepest first.
        let depth = |i: u32| {
            let mut n = 0u32;
            let mut cur = Some(i as usize);
            while let Some(c) = cur
                .and_then(|i| self.ws.snapshot.items.get(i))
                .and_then(|it| it.container.as_deref())
            {
                n += 1;
                if n as usize > self.ws.snapshot.items.len() {
                    break;
                }
                cur = self.ws.item_index(c);
            }
            n
        };
        // Ordered by depth (deepest first), then id.
        let mut by_depth: BTreeSet<(u32, &str)> = BTreeSet::new();
        for d in deleted.into_iter().filter_map(|d| u32::try_from(d).ok()) {
            by_depth.insert((u32::MAX - depth(d), self.item_id(d)));
        }
        let deleted = by_depth;
        for (_, id) in deleted {
            if let Some(item) = self.ws.item_index(id).and_then(|i| u32::try_from(i).ok()) {
                plan.push(IOp::DeleteItem { item });
            }
        }
    }
}
