//! The engine's working form of a preview: effects and item operations that
//! name items by their position in the snapshot, containers by their
//! position in the run's list, and borrow every other name from the
//! workspace and the policy. Nothing is copied per reference while a preview
//! is computed; strings are written only when an answer is built: all of it
//! (`full`), or counts and one page (`summary`).
use super::*;

/// The rule an effect comes from: a rule of the action (its id), or the
/// action's default (`None`); `contents` for the items inside a deleted one
/// (`<rule>.contents`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RuleRef<'a> {
    pub id: Option<&'a str>,
    pub contents: bool,
}

impl RuleRef<'_> {
    pub fn text(&self, action: &str) -> String {
        let base = match self.id {
            Some(id) => id.to_string(),
            None => format!("actions.{action}.default"),
        };
        if self.contents {
            format!("{base}.contents")
        } else {
            base
        }
    }
}

/// One reference from an item to a leaving user and what happens to it
/// (the working form of [`ItemEffect`]).
#[derive(Debug, Clone)]
pub(super) struct Eff<'a> {
    pub item: u32,
    pub relation: &'a str,
    /// The relation is `share`: an access grant.
    pub share: bool,
    pub kind: EffectKind,
    pub from: &'a str,
    pub to: Option<&'a str>,
    pub chosen_by: Option<&'static str>,
    pub role_before: Option<&'a str>,
    pub role_after: Option<&'a str>,
    /// Positions in the run's containers.
    pub container: Option<u32>,
    pub indexed_in: Option<u32>,
    pub set: Option<&'a crate::value::Dict<Value>>,
    pub after_days: Option<u32>,
    pub relation_after: Option<&'a str>,
    pub rule: RuleRef<'a>,
    /// `to` already holds the relation (an assignee among others): the
    /// plan only removes the leaver, and the summary says so.
    pub held: bool,
}

/// An operation on an item (the working form of the item variants of [`Op`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum IOp<'a> {
    SetShare {
        item: u32,
        user: &'a str,
        from: Option<&'a str>,
        to: Option<&'a str>,
    },
    SetRef {
        item: u32,
        relation: &'a str,
        from: &'a str,
        to: Option<&'a str>,
    },
    AddRef {
        item: u32,
        relation: &'a str,
        user: &'a str,
    },
    /// Into a container of the run.
    MoveItem {
        item: u32,
        to: u32,
    },
    /// `link` listed in a container of the run.
    AddLink {
        container: u32,
        link: u32,
    },
    SetItem {
        item: u32,
        attribute: &'a str,
        to: &'a Value,
    },
    DeleteItem {
        item: u32,
    },
}

/// The item operations that happen `after_days` after the action, for `user`'s references.
#[derive(Debug, Clone)]
pub(super) struct LaterOps<'a> {
    pub after_days: u32,
    pub user: &'a str,
    pub ops: Vec<IOp<'a>>,
}

/// A preview in working form.
pub(super) struct Work<'a> {
    pub action: Action,
    pub seats: Vec<Seats>,
    pub users: Vec<UserChange>,
    pub effects: Vec<Eff<'a>>,
    /// The plan's first operations: the users' own, placeholders and containers created.
    pub head: Vec<Op>,
    /// Item operations at once, then later.
    pub now: Vec<IOp<'a>>,
    pub later: Vec<LaterOps<'a>>,
    pub containers: Vec<Container>,
    pub fingerprint: Fingerprint,
}

impl Work<'_> {
    /// The number of operations of the plan.
    pub fn plan_len(&self) -> usize {
        self.head.len() + self.now.len() + self.later.len()
    }
}

/// The value an item attribute (`status` or `fields.<name>`) has now.
pub(super) fn attribute<'v>(it: &'v Item, attribute: &str) -> Option<AttrRef<'v>> {
    match attribute.strip_prefix("fields.") {
        Some(f) => it.fields.get(f).map(AttrRef::Value),
        None => it.status.as_deref().map(AttrRef::Text),
    }
}

/// An attribute's value, borrowed.
#[derive(Clone, Copy)]
pub(super) enum AttrRef<'v> {
    Value(&'v Value),
    Text(&'v str),
}

impl AttrRef<'_> {
    pub fn equals(self, v: &Value) -> bool {
        match self {
            AttrRef::Value(x) => x == v,
            AttrRef::Text(s) => v.as_str() == Some(s),
        }
    }
    pub fn owned(self) -> Value {
        match self {
            AttrRef::Value(x) => x.clone(),
            AttrRef::Text(s) => Value::String(s.to_string()),
        }
    }
}

impl<'a> Run<'a> {
    pub(super) fn item(&self, i: u32) -> Option<&'a Item> {
        self.ws.snapshot.items.get(i as usize)
    }
    pub(super) fn item_id(&self, i: u32) -> &'a str {
        self.item(i).map_or("", |it| it.id.as_str())
    }
    fn container_id(containers: &[Container], c: u32) -> String {
        containers
            .get(c as usize)
            .map_or_else(String::new, |c| c.id.clone())
    }

    /// An effect as the answer writes it.
    pub(super) fn item_effect(&self, e: &Eff<'a>, containers: &[Container]) -> ItemEffect {
        let it = self.item(e.item);
        ItemEffect {
            item: self.item_id(e.item).to_string(),
            item_type: it.map_or_else(String::new, |it| it.kind.to_string()),
            status: it.and_then(|it| it.status.as_deref()).map(String::from),
            relation: e.relation.to_string(),
            kind: e.kind,
            from: e.from.to_string(),
            to: e.to.map(str::to_string),
            chosen_by: e.chosen_by.map(str::to_string),
            role_before: e.role_before.map(str::to_string),
            role_after: e.role_after.map(str::to_string),
            container: e.container.map(|c| Self::container_id(containers, c)),
            indexed_in: e.indexed_in.map(|c| Self::container_id(containers, c)),
            set: e.set.map_or_else(Map::new, |s| {
                s.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
            }),
            relation_after: e.relation_after.map(str::to_string),
            after_days: e.after_days,
            at: e.after_days.map(|d| self.later(d)),
            rule: e.rule.text(self.req.action.as_str()),
        }
    }

    /// An item operation as the answer writes it.
    pub(super) fn op(&self, o: &IOp<'a>, containers: &[Container]) -> Op {
        let id = |i: u32| self.item_id(i).to_string();
        let s = |x: Option<&str>| x.map(str::to_string);
        match *o {
            IOp::SetShare {
                item,
                user,
                from,
                to,
            } => Op::SetShare {
                item: id(item),
                user: user.to_string(),
                from: s(from),
                to: s(to),
            },
            IOp::SetRef {
                item,
                relation,
                from,
                to,
            } => Op::SetRef {
                item: id(item),
                relation: relation.to_string(),
                from: from.to_string(),
                to: s(to),
            },
            IOp::AddRef {
                item,
                relation,
                user,
            } => Op::AddRef {
                item: id(item),
                relation: relation.to_string(),
                user: user.to_string(),
            },
            IOp::MoveItem { item, to } => Op::MoveItem {
                item: id(item),
                from: self.item(item).and_then(|it| it.container.clone()),
                to: Self::container_id(containers, to),
            },
            IOp::AddLink { container, link } => Op::AddLink {
                item: Self::container_id(containers, container),
                link: id(link),
            },
            IOp::SetItem {
                item,
                attribute: a,
                to,
            } => Op::SetItem {
                item: id(item),
                attribute: a.to_string(),
                from: self
                    .item(item)
                    .and_then(|it| attribute(it, a))
                    .map_or(Value::Null, AttrRef::owned),
                to: to.clone(),
            },
            IOp::DeleteItem { item } => Op::DeleteItem { item: id(item) },
        }
    }

    /// The plan's operations from `offset`, at most `limit` of them, as the answer writes them.
    pub(super) fn plan_window(&self, w: &Work<'a>, offset: usize, limit: usize) -> Vec<Op> {
        // Each part is cut to the window before anything is converted.
        let mut cut = {
            let (mut skip, mut take) = (offset, limit);
            move |len: usize| {
                let s = skip.min(len);
                skip -= s;
                let n = take.min(len - s);
                take -= n;
                s..s + n
            }
        };
        let mut out = Vec::new();
        out.extend(
            w.head
                .get(cut(w.head.len()))
                .unwrap_or_default()
                .iter()
                .cloned(),
        );
        let now = w.now.get(cut(w.now.len())).unwrap_or_default();
        out.extend(now.iter().map(|o| self.op(o, &w.containers)));
        let later = w.later.get(cut(w.later.len())).unwrap_or_default();
        out.extend(later.iter().map(|l| Op::Later {
            at: self.later(l.after_days),
            after_days: l.after_days,
            user: l.user.to_string(),
            label: None,
            ops: l.ops.iter().map(|o| self.op(o, &w.containers)).collect(),
        }));
        out
    }

    /// The effects from `offset`, at most `limit` of them, as the answer writes them.
    pub(super) fn effect_window(
        &self,
        w: &Work<'a>,
        offset: usize,
        limit: usize,
    ) -> Vec<ItemEffect> {
        w.effects
            .iter()
            .skip(offset)
            .take(limit)
            .map(|e| self.item_effect(e, &w.containers))
            .collect()
    }
}
