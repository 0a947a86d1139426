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
        effects: &[ItemEffect],
    ) -> Result<(), Error> {
        if containers.is_empty() {
            return Ok(());
        }
        let mut deleted: BTreeSet<&str> = BTreeSet::new();
        for e in effects.iter().filter(|e| e.kind == EffectKind::Delete) {
            deleted.insert(e.item.as_str());
        }
        // Where each created or moved item is after the plan (the first move wins, as in the plan).
        let mut after: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        for c in containers {
            let inside = c.inside(containers);
            after.insert(c.id.as_str(), inside);
        }
        for e in effects {
            if let Some(c) = &e.container {
                if !deleted.contains(e.item.as_str()) {
                    after.entry(e.item.as_str()).or_insert(Some(c.as_str()));
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
            if e.container.is_none() || deleted.contains(e.item.as_str()) {
                continue;
            }
            let start = e.item.as_str();
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
                    let names: Vec<String> = path.iter().map(|id| format!("`{id}`")).collect();
                    return Err(Error::new(
                        Code::ContainerCycle,
                        format!("/policy/actions/{action}/containers/{}", crate::value::seg(&key)),
                        format!(
                            "this {action} would put items inside each other: {}",
                            names.join(" would be in ")
                        ),
                    )
                    .with_help(
                        "a container created in an item (`inItem`) cannot receive that item, or an item containing it, through `moveTo`; change the rule's `moveTo` or the container's `inItem`",
                    ));
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
    pub(super) fn item_ops(&self, effects: &[ItemEffect], plan: &mut Vec<Op>) {
        self.effect_ops(effects, None, plan);
        let mut later: Vec<(u32, &str)> = effects
            .iter()
            .filter_map(|e| e.after_days.map(|d| (d, e.from.as_str())))
            .collect();
        later.sort_unstable();
        later.dedup();
        for (d, user) in later {
            let mut ops = Vec::new();
            self.effect_ops(effects, Some((d, user)), &mut ops);
            plan.push(Op::Later {
                at: self.later(d),
                after_days: d,
                user: user.to_string(),
                label: None,
                ops,
            });
        }
    }

    /// The operations of the effects that happen at once (`when` is
    /// `None`), or `days` after the action for `user`'s references.
    fn effect_ops(&self, effects: &[ItemEffect], when: Option<(u32, &str)>, plan: &mut Vec<Op>) {
        let effects = effects.iter().filter(|e| match when {
            None => e.after_days.is_none(),
            Some((d, user)) => e.after_days == Some(d) && e.from == user,
        });
        let mut moved = BTreeSet::new();
        let mut linked = BTreeSet::new();
        let mut set_done = BTreeSet::new();
        let mut deleted = BTreeSet::new();
        let mut shares_done: BTreeSet<(String, String)> = BTreeSet::new();
        for e in effects.clone() {
            if e.kind == EffectKind::Delete {
                deleted.insert(e.item.clone());
            }
        }
        for e in effects {
            if deleted.contains(&e.item) {
                continue;
            }
            let Some(it) = self
                .ws
                .item_index(&e.item)
                .and_then(|i| self.ws.snapshot.items.get(i))
            else {
                continue;
            };
            let is_share = e.relation == "share";
            match (e.kind, &e.to) {
                (EffectKind::Keep | EffectKind::Delete, _) => {}
                (EffectKind::Remove, _)
                | (EffectKind::Transfer | EffectKind::Reassign | EffectKind::Reattribute, _)
                    if is_share =>
                {
                    plan.push(Op::SetShare {
                        item: e.item.clone(),
                        user: e.from.clone(),
                        from: e.role_before.clone(),
                        to: None,
                    });
                }
                (EffectKind::Remove | EffectKind::Restore, _) => plan.push(Op::SetRef {
                    item: e.item.clone(),
                    relation: e.relation.clone(),
                    from: e.from.clone(),
                    to: None,
                }),
                (
                    EffectKind::Transfer | EffectKind::Reassign | EffectKind::Reattribute,
                    Some(to),
                ) => plan.push(Op::SetRef {
                    item: e.item.clone(),
                    relation: e.relation.clone(),
                    from: e.from.clone(),
                    to: Some(to.clone()),
                }),
                _ => {}
            }
            match (e.kind, e.relation_after.as_deref(), &e.role_after) {
                (EffectKind::Restore, Some("share"), Some(role)) => plan.push(Op::SetShare {
                    item: e.item.clone(),
                    user: e.from.clone(),
                    from: it
                        .shares
                        .iter()
                        .find(|s| s.user == e.from)
                        .map(|s| s.role.to_string()),
                    to: Some(role.clone()),
                }),
                // Given back to a relation that holds one other user now (an
                // owner since the transfer): it goes back to the leaver.
                (EffectKind::Restore, Some(rel), _) if matches!(it.refs.get(rel), Some(Refs::One(cur)) if *cur != e.from) => {
                    if let Some(Refs::One(cur)) = it.refs.get(rel) {
                        plan.push(Op::SetRef {
                            item: e.item.clone(),
                            relation: rel.to_string(),
                            from: cur.to_string(),
                            to: Some(e.from.clone()),
                        });
                    }
                }
                (_, Some(rel), _) => plan.push(Op::AddRef {
                    item: e.item.clone(),
                    relation: rel.to_string(),
                    user: e.from.clone(),
                }),
                _ => {}
            }
            if let (Some(to), Some(role)) = (&e.to, &e.role_after) {
                let existing = it
                    .shares
                    .iter()
                    .find(|s| &s.user == to)
                    .map(|s| s.role.to_string());
                if existing.as_ref() != Some(role)
                    && shares_done.insert((e.item.clone(), to.clone()))
                {
                    plan.push(Op::SetShare {
                        item: e.item.clone(),
                        user: to.clone(),
                        from: existing,
                        to: Some(role.clone()),
                    });
                }
            }
            if let Some(c) = &e.container {
                if moved.insert(e.item.clone()) && it.container.as_ref() != Some(c) {
                    plan.push(Op::MoveItem {
                        item: e.item.clone(),
                        from: it.container.clone(),
                        to: c.clone(),
                    });
                }
            }
            if let Some(c) = &e.indexed_in {
                if linked.insert((c.clone(), e.item.clone())) {
                    plan.push(Op::AddLink {
                        item: c.clone(),
                        link: e.item.clone(),
                    });
                }
            }
            for (k, v) in &e.set {
                if set_done.insert((e.item.clone(), k.to_string())) {
                    let from = match k.strip_prefix("fields.") {
                        Some(f) => it.fields.get(f).cloned().unwrap_or(Value::Null),
                        None => it.status.as_deref().map_or(Value::Null, Value::from),
                    };
                    if &from != v {
                        plan.push(Op::SetItem {
                            item: e.item.clone(),
                            attribute: k.to_string(),
                            from,
                            to: v.clone(),
                        });
                    }
                }
            }
        }
        // Contained items before what contains them: deepest first.
        let depth = |id: &str| {
            let mut n = 0usize;
            let mut cur = self.ws.item_index(id);
            while let Some(c) = cur
                .and_then(|i| self.ws.snapshot.items.get(i))
                .and_then(|it| it.container.as_deref())
            {
                n += 1;
                if n > self.ws.snapshot.items.len() {
                    break;
                }
                cur = self.ws.item_index(c);
            }
            n
        };
        let mut deleted: Vec<(usize, String)> =
            deleted.into_iter().map(|d| (depth(&d), d)).collect();
        deleted.sort_by_key(|d| std::cmp::Reverse(d.0));
        for (_, d) in deleted {
            plan.push(Op::DeleteItem { item: d });
        }
    }
}
