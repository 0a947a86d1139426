//! Item effects: each reference to a target matched against the rules,
//! successors resolved (request, fallback, otherwise), containers, and
//! the contents of deleted items.
use super::*;
use crate::value::Name;

impl<'a> Run<'a> {
    pub(super) fn item_effects(
        &mut self,
        act: &'a CompiledAction,
        t: usize,
        effects: &mut Vec<Eff<'a>>,
        containers: &mut Vec<Container>,
        placeholders: &mut BTreeSet<&'a str>,
    ) -> Result<(), LimitError> {
        let action = self.req.action.as_str();
        let ws = self.ws;
        // A refused successor takes nothing over, even conditionally.
        let refused = self.refused.contains(&(t as u64));
        let successor = self.successor(t).filter(|_| !refused);
        let tid = self.uid(t);
        let leaving = self.status_after(act, t) != Status::ACTIVE;
        let matchers: Vec<Matcher> = act.rules.iter().map(|r| Matcher::new(ws, r)).collect();
        // Worth its table only when a class can repeat.
        let mut by_class = (ws.references_to(t).len() > 1)
            .then(|| ByClass::new(ws))
            .flatten();
        // Relations named `share` are told as access grants too.
        let shares: Vec<bool> = ws
            .relations()
            .iter()
            .map(|r| r.as_str() == "share")
            .collect();
        // One effect per reference (and a few more for contents): reserved
        // once rather than grown, which in wasm means fresh pages each time.
        effects.reserve(ws.references_to(t).len());
        for r in ws.references_to(t) {
            let Some(item) = self.item(r.item) else {
                continue;
            };
            let (rel, share) = match r.slot {
                Slot::Ref { rel, .. } => (ws.relation_name(rel), None),
                Slot::Share { pos } => ("share", item.shares.get(pos as usize)),
            };
            let is_share = match r.slot {
                Slot::Ref { rel, .. } => shares.get(rel as usize).copied().unwrap_or(false),
                Slot::Share { .. } => true,
            };
            let kind = ws.kind_of(r.item);
            let mut s = self.scope();
            s.target = Some(t);
            s.successor = successor;
            s.item = Some(r.item as usize);
            s.rel = Some(rel);
            s.user = Some(t);
            s.share = share;
            // The first rule that matches: found once per class of items
            // when the rules consulted read only the item's type and status.
            let class = (
                kind,
                r.slot.relation(),
                item.status.as_ref().map_or(0, Name::addr),
            );
            let memo = by_class.as_mut().filter(|_| !self.budget.watching());
            let chosen_rule = match memo.as_ref().and_then(|c| c.get(class)) {
                Some((rule, steps)) => {
                    self.budget.charge(steps)?;
                    rule
                }
                None => {
                    let before = self.budget.used();
                    let mut same_for_class = true;
                    let mut found = None;
                    for (i, (rule, m)) in act.rules.iter().zip(&matchers).enumerate() {
                        if !m.matches(kind, r.slot) {
                            continue;
                        }
                        if let Some(w) = &rule.when {
                            same_for_class &= rule.by_class;
                            if !s.test(w, &mut Vec::new())? {
                                continue;
                            }
                        }
                        found = Some(i);
                        break;
                    }
                    if let Some(c) = memo.filter(|_| same_for_class) {
                        c.put(class, found, self.budget.used() - before);
                    }
                    found
                }
            };
            let chosen: Option<(&'a CompiledEffect, Option<&'a str>)> = chosen_rule
                .and_then(|i| act.rules.get(i))
                .map(|rule| (&rule.effect, Some(rule.def.id.as_str())));
            // An action that gives access back reports only what its rules match.
            if chosen.is_none() && !leaving && act.def.default.is_none() {
                continue;
            }
            let (mut eff, rule_id) = chosen.unwrap_or((&act.default, None));
            let rule = RuleRef {
                id: rule_id,
                contents: false,
            };
            // Resolve the successor: the request's, a fallback, or the `otherwise` effect.
            let mut to: Option<&'a str> = None;
            let mut chosen_by = None;
            loop {
                if !eff.def.kind.needs_successor() {
                    break;
                }
                if let Some(x) = successor {
                    to = Some(self.uid(x));
                    chosen_by = Some("request");
                    break;
                }
                if refused {
                    // Already blocked; what happens depends on the successor chosen instead.
                    break;
                }
                if let Some((among, order)) = &eff.fallback {
                    if let Some(c) = self.fallback(&s, among, *order)? {
                        to = Some(self.uid(c));
                        chosen_by = Some("fallback");
                        break;
                    }
                }
                match &eff.otherwise {
                    Some(o) => eff = o,
                    None => {
                        let name = self.uname(t);
                        push_unique(
                            &mut self.blockers,
                            finding(
                                "successorRequired",
                                format!(
                                    "{} of {name} must go to a successor, and none was given",
                                    self.policy.type_label(&item.kind, 2)
                                ),
                                &rule.text(action),
                                Some(tid),
                                None,
                            ),
                        );
                        break;
                    }
                }
            }
            let def = &eff.def;
            if def.kind == EffectKind::Reattribute {
                to = def.placeholder.as_deref();
                if let Some(p) = to {
                    placeholders.insert(p);
                }
            }
            let role_before = share.map(|x| x.role.as_str());
            let role_after = match (def.kind, &to) {
                (EffectKind::Transfer | EffectKind::Reassign | EffectKind::Share, Some(succ))
                    if share.is_some() || def.role.is_some() || def.kind == EffectKind::Share =>
                {
                    let existing = item
                        .shares
                        .iter()
                        .find(|x| x.user == *succ)
                        .map(|x| x.role.as_str());
                    // For a relation reference, the leaver's own grant on the item, if any.
                    let leaver = role_before.or_else(|| {
                        item.shares
                            .iter()
                            .find(|x| x.user == tid)
                            .map(|x| x.role.as_str())
                    });
                    let wanted = match def.role.as_deref() {
                        None | Some("raise") | Some("same") => leaver.or(existing).or(self
                            .policy
                            .doc
                            .share_roles
                            .first()
                            .map(String::as_str)),
                        Some(r) => Some(r),
                    };
                    let pick = match (def.role.as_deref(), existing, wanted) {
                        (Some("same"), _, w) => w,
                        (_, Some(e), Some(w)) => {
                            Some(if self.policy.share_rank(e) >= self.policy.share_rank(w) {
                                e
                            } else {
                                w
                            })
                        }
                        (_, e, w) => w.or(e),
                    };
                    pick
                }
                (EffectKind::Restore, _) if def.relation.as_deref() == Some("share") => {
                    def.role.as_deref()
                }
                _ => None,
            };
            let mut container = None;
            let mut indexed_in = None;
            // An effect that has no successor to go to moves nothing into a container.
            let stranded = def.kind.needs_successor() && to.is_none();
            for (key, slot) in [
                (&def.move_to, &mut container),
                (&def.index_in, &mut indexed_in),
            ] {
                if let (Some(key), false) = (key, stranded) {
                    // Owned by the request's successor, else by the one a
                    // fallback chose for the first item moved into it.
                    let owner = successor.or_else(|| to.and_then(|u| ws.user_index(u)));
                    *slot = self.container(act, t, key, owner, containers)?;
                }
            }
            let held = !is_share
                && matches!(
                    def.kind,
                    EffectKind::Transfer | EffectKind::Reassign | EffectKind::Reattribute
                )
                && to.is_some_and(|to| item.holds(rel, to));
            effects.push(Eff {
                held,
                item: r.item,
                relation: rel,
                share: is_share,
                kind: def.kind,
                from: tid,
                to,
                chosen_by,
                role_before,
                role_after,
                container,
                indexed_in,
                set: (!def.set.is_empty()).then_some(&def.set),
                after_days: def.after_days,
                relation_after: match def.kind {
                    EffectKind::Remove
                    | EffectKind::Transfer
                    | EffectKind::Reassign
                    | EffectKind::Reattribute => def.keep_as.as_deref(),
                    EffectKind::Restore => def.relation.as_deref(),
                    _ => None,
                },
                rule,
            });
            if def.kind == EffectKind::Delete && self.cascaded.insert(r.item.into()) {
                self.contents(act, t, def, successor, r.item, rule, effects, containers)?;
            }
        }
        Ok(())
    }

    /// The contents of a deleted item: with `moveContentsTo`, the items directly
    /// in it move into that container; otherwise every item in it, at any
    /// depth, is deleted too. Each gets an effect of rule `<rule>.contents`
    /// (relation `container`). Iterative, and each item is handled once, so
    /// neither deep nesting nor a cycle of containers can loop.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn contents(
        &mut self,
        act: &'a CompiledAction,
        t: usize,
        def: &'a crate::policy::EffectDef,
        successor: Option<usize>,
        top: u32,
        rule: RuleRef<'a>,
        effects: &mut Vec<Eff<'a>>,
        containers: &mut Vec<Container>,
    ) -> Result<(), LimitError> {
        let ws = self.ws;
        let children = self.children.get_or_insert_with(|| {
            let mut m: BTreeMap<&'a str, Vec<u32>> = BTreeMap::new();
            for (i, it) in (0u32..).zip(&ws.snapshot.items) {
                if let Some(c) = &it.container {
                    m.entry(c.as_str()).or_default().push(i);
                }
            }
            m
        });
        let mut stack = vec![top];
        let mut found = Vec::new();
        while let Some(p) = stack.pop() {
            let id = ws
                .snapshot
                .items
                .get(p as usize)
                .map_or("", |it| it.id.as_str());
            for &i in children.get(id).into_iter().flatten() {
                if def.move_contents_to.is_some() {
                    found.push(i);
                } else if self.cascaded.insert(i.into()) {
                    found.push(i);
                    stack.push(i);
                }
            }
        }
        let to = match &def.move_contents_to {
            Some(k) => self.container(act, t, k, successor, containers)?,
            None => None,
        };
        let kind = if to.is_some() {
            EffectKind::Keep
        } else {
            EffectKind::Delete
        };
        for item in found {
            effects.push(Eff {
                held: false,
                item,
                relation: "container",
                share: false,
                kind,
                from: self.uid(t),
                to: None,
                chosen_by: None,
                role_before: None,
                role_after: None,
                container: to,
                indexed_in: None,
                set: None,
                relation_after: None,
                after_days: def.after_days,
                rule: RuleRef {
                    contents: true,
                    ..rule
                },
            });
        }
        Ok(())
    }

    pub(super) fn fallback(
        &self,
        s: &Scope<'a>,
        among: &crate::expr::Expr,
        order: FallbackOrder,
    ) -> Result<Option<usize>, LimitError> {
        let mut best: Option<usize> = None;
        for (i, u) in self.ws.snapshot.users.iter().enumerate() {
            if self.targets.contains(&i) || u.placeholder {
                continue;
            }
            let mut c = s.clone();
            c.candidate = Some(i);
            let mut params = Vec::new();
            if !c.test(among, &mut params)? {
                continue;
            }
            best = match best {
                None => Some(i),
                Some(b) => {
                    let bu = self.user(b);
                    let better = match order {
                        FallbackOrder::LowestId => {
                            bu.is_some_and(|bu| id_cmp(&u.id, &bu.id).is_lt())
                        }
                        FallbackOrder::HighestRank => {
                            let r = |x: &User| {
                                x.role
                                    .as_deref()
                                    .and_then(|r| self.policy.rank(r))
                                    .unwrap_or(i64::MIN)
                            };
                            bu.is_some_and(|bu| {
                                r(u) > r(bu) || (r(u) == r(bu) && id_cmp(&u.id, &bu.id).is_lt())
                            })
                        }
                    };
                    Some(if better { i } else { b })
                }
            };
        }
        Ok(best)
    }

    pub(super) fn container(
        &self,
        act: &CompiledAction,
        t: usize,
        key: &str,
        successor: Option<usize>,
        containers: &mut Vec<Container>,
    ) -> Result<Option<u32>, LimitError> {
        let tid = self.uid(t);
        if let Some(c) = containers
            .iter()
            .position(|c| c.target == t && c.key == key)
        {
            return Ok(u32::try_from(c).ok());
        }
        // Declared: the policy compiler checks every container key a rule names.
        let Some(def) = act.def.containers.get(key) else {
            return Ok(None);
        };
        let id = format!("{tid}:{key}");
        let mut unique = id.clone();
        let mut n = 2;
        while self.ws.item_index(&unique).is_some() {
            unique = format!("{id}:{n}");
            n += 1;
        }
        let mut s = self.scope();
        s.target = Some(t);
        s.successor = successor;
        let name = match act.container_names.get(key) {
            Some(tpl) => s.render(tpl)?,
            None => def.name.clone(),
        };
        let mut fields = Map::new();
        for (f, tpl) in act.container_fields.get(key).into_iter().flatten() {
            fields.insert_name(f.clone(), Value::String(s.render(tpl)?));
        }
        if let Some(w) = &def.within {
            if w != key && containers.len() < 64 {
                self.container(act, t, w, successor, containers)?;
            }
        }
        let owner = def
            .owner_relation
            .clone()
            .zip(successor.map(|x| self.uid(x).to_string()));
        let parent = match act.container_parents.get(key) {
            Some(e) => {
                let v = s.eval(e, &mut Vec::new())?;
                s.item_of(&v)
                    .and_then(|i| self.ws.snapshot.items.get(i))
                    .map(|it| it.id.clone())
            }
            None => None,
        };
        containers.push(Container {
            target: t,
            id: unique.clone(),
            key: key.to_string(),
            kind: def.kind.clone(),
            name,
            within: def.within.clone(),
            parent,
            owner,
            status: def.status.clone(),
            fields,
        });
        Ok(u32::try_from(containers.len() - 1).ok())
    }
}

/// The class of an item for its rules: its type, the relation (`None` for
/// an access grant) and its status (by address: the workspace shares equal
/// names, and unequal addresses only make two classes of one).
type Class = (u32, Option<u32>, usize);

/// The rule chosen for each class of items, for one target, when every rule
/// consulted reads of an item its type and status only
/// ([`crate::expr::reads_item_class_only`]): the conditions are evaluated
/// for the first item of a class, and each later item of the class is
/// charged the steps they took, so that limits hold as if each were
/// evaluated. Slots by type and relation, each with its few statuses.
struct ByClass {
    relations: usize,
    slots: Vec<Vec<(usize, Option<usize>, u64)>>,
}

impl ByClass {
    /// Workspaces with very many types and relations go without.
    const MAX_SLOTS: usize = 4096;

    fn new(ws: &Workspace) -> Option<ByClass> {
        let relations = ws.relations().len() + 1;
        let n = ws.kinds().len().checked_mul(relations)?;
        (n <= Self::MAX_SLOTS).then(|| ByClass {
            relations,
            slots: vec![Vec::new(); n],
        })
    }
    fn slot(&self, (kind, rel, _): Class) -> usize {
        (kind as usize)
            .saturating_mul(self.relations)
            .saturating_add(rel.map_or(0, |r| r as usize + 1))
    }
    /// The rule found for `class` (`None`: none matched) and its steps.
    fn get(&self, class: Class) -> Option<(Option<usize>, u64)> {
        let slot = self.slots.get(self.slot(class))?;
        slot.iter()
            .find(|e| e.0 == class.2)
            .map(|&(_, rule, steps)| (rule, steps))
    }
    fn put(&mut self, class: Class, rule: Option<usize>, steps: u64) {
        let i = self.slot(class);
        if let Some(slot) = self.slots.get_mut(i) {
            slot.push((class.2, rule, steps));
        }
    }
}

/// The item types and relations a rule matches, by the workspace's numbers
/// for them: worked out once per target, then tested per reference without
/// comparing strings.
struct Matcher {
    /// By item type; `None`: every type.
    types: Option<Vec<bool>>,
    /// By relation; `None`: every relation (and no access grant).
    relations: Option<Vec<bool>>,
    /// Whether access grants (`share`) match.
    share: bool,
}

impl Matcher {
    fn new(ws: &Workspace, rule: &crate::policy::CompiledRule) -> Matcher {
        let d = &rule.def;
        let among = |names: &[crate::name::Name], list: &[String]| -> Option<Vec<bool>> {
            (!list.is_empty()).then(|| {
                names
                    .iter()
                    .map(|n| list.iter().any(|x| x == n.as_str()))
                    .collect()
            })
        };
        Matcher {
            types: among(ws.kinds(), &d.types),
            relations: among(ws.relations(), &d.relations),
            share: d.relations.iter().any(|r| r == "share"),
        }
    }
    fn matches(&self, kind: u32, slot: Slot) -> bool {
        let has = |set: &Option<Vec<bool>>, i: u32| {
            set.as_ref()
                .map_or(true, |s| s.get(i as usize).copied().unwrap_or(false))
        };
        has(&self.types, kind)
            && match slot {
                Slot::Ref { rel, .. } => has(&self.relations, rel),
                Slot::Share { .. } => self.share,
            }
    }
}

/// Orders ids numerically when both are numbers (`u2` < `u10` too), else as text.
pub(super) fn id_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let split = |s: &str| {
        let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (head, tail) = s.split_at(s.len() - digits);
        (head.to_string(), tail.parse::<u128>().ok())
    };
    let (ha, na) = split(a);
    let (hb, nb) = split(b);
    match (na, nb) {
        (Some(x), Some(y)) if ha == hb => x.cmp(&y).then_with(|| a.cmp(b)),
        _ => a.cmp(b),
    }
}
