//! The summary of a preview: the headline and the lines a confirmation dialog shows.
//!
//! Lines are derived from what the plan does, not from the rules that matched:
//! a share that only raises an existing grant, or changes nothing, is counted
//! apart from a new one; an item kept but moved or changed is not "unchanged".
//! In a blocked preview every line says what would happen once the blockers
//! are resolved ("Once resolved, would …"), and `conditional` is true.
use super::*;

/// Summary groups: days after the action, order, line kind, item type, destination.
/// Summary groups: days after the action, line kind (its place in
/// [`LINES`]), item type (the workspace's number for it), destination.
#[derive(Clone, Copy)]
struct GroupKey<'a> {
    after: Option<u32>,
    line: u8,
    kind: u32,
    to: Option<&'a str>,
    /// The user a reference is removed from, when the preview has several
    /// targets: each is told on its own line ("Removes Bob from 2 tasks").
    from: Option<&'a str>,
}

impl GroupKey<'_> {
    /// Destinations are mostly the same few strings: compared by address first.
    #[inline]
    fn same(&self, o: &GroupKey) -> bool {
        self.after == o.after
            && self.line == o.line
            && self.kind == o.kind
            && same_name(self.to, o.to)
            && same_name(self.from, o.from)
    }
}

/// Equal names: mostly the same few strings, compared by address first.
#[inline]
fn same_name(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => std::ptr::eq(a, b) || a == b,
        _ => false,
    }
}

/// The kinds of effect lines, in the order the summary tells them.
const LINES: [&str; 12] = [
    "delete",
    "needsSuccessor",
    "transfer",
    "reassign",
    "share",
    "shareRaised",
    "shareUnchanged",
    "reattribute",
    "restore",
    "remove",
    "alreadyHeld",
    "keep",
];

/// Items whose attribute is set to one value.
struct SetGroup<'a> {
    after: Option<u32>,
    attribute: &'a str,
    /// `to` as JSON, the value's key.
    value: String,
    ty: &'a str,
    to: &'a Value,
    /// Item positions, as the sets of items elsewhere.
    items: BTreeSet<u64>,
}

/// The items of a group, in the order their effects come. A target's
/// references come in item order, so the items of one target's group come
/// sorted and each repeat follows its first: kept in a list, deduplicated as
/// they come, and put in a set only when an item comes out of order (several
/// targets, the contents of a deleted item).
#[derive(Default)]
struct Items {
    list: Vec<u32>,
    sorted: bool,
}

impl Items {
    fn add(&mut self, item: u32) {
        match self.list.last() {
            None => self.sorted = true,
            Some(&last) if last == item => return,
            Some(&last) if last > item => self.sorted = false,
            _ => {}
        }
        self.list.push(item);
    }
    /// The distinct items, in order (as numbers like the sets of items elsewhere).
    fn distinct(self) -> Vec<u64> {
        if self.sorted {
            return self.list.into_iter().map(u64::from).collect();
        }
        let mut set = BTreeSet::new();
        for i in self.list {
            set.insert(u64::from(i));
        }
        set.into_iter().collect()
    }
}

/// "draft " when every item has that status, else nothing.
fn same<'s>(mut statuses: impl Iterator<Item = Option<&'s str>>) -> String {
    match statuses.next() {
        Some(Some(s)) if statuses.all(|t| t == Some(s)) => format!("{s} "),
        _ => String::new(),
    }
}

/// "open deals": the common status before the type's label, unless the
/// label already starts with it ("linked device", not "linked linked device").
fn with_status(status: &str, label: String) -> String {
    let word = status.trim_end();
    let said = label
        .get(..word.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(word))
        && matches!(label.as_bytes().get(word.len()), None | Some(b' '));
    if word.is_empty() || said {
        label
    } else {
        format!("{status}{label}")
    }
}

/// A sentence in the present ("Frees 1 seat") or, for a blocked preview,
/// in the conditional ("Once resolved, would free 1 seat").
fn say(conditional: bool, third_person: &str, base: &str, rest: &str) -> String {
    if conditional {
        format!("Once resolved, would {base} {rest}")
    } else {
        format!("{third_person} {rest}")
    }
}

/// How a summary line tells personal field changes: "erases email, phone"
/// (`of` follows the erased list: " of Ann"), then "name becomes '…'".
fn field_parts(fields: &[FieldChange], of: &str) -> Vec<String> {
    let erased: Vec<&str> = fields
        .iter()
        .filter(|f| f.kind == FieldChangeKind::Erase)
        .map(|f| f.field.as_str())
        .collect();
    let mut parts = Vec::new();
    if !erased.is_empty() {
        parts.push(format!("erases {}{of}", erased.join(", ")));
    }
    parts.extend(
        fields
            .iter()
            .filter(|f| f.kind == FieldChangeKind::Replace)
            .map(|f| format!("{} becomes '{}'", f.field, f.to.as_str().unwrap_or(""))),
    );
    parts
}

/// A value set on an item, as a sentence shows it.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        v => v.to_string(),
    }
}

impl<'a> Run<'a> {
    pub(super) fn summary(&self, w: &work::Work<'a>) -> Summary {
        let cond = self.verdict() == Verdict::Blocked;
        let mut lines = Vec::new();
        let name_of = |id: &str| -> String {
            self.ws
                .user_index(id)
                .and_then(|i| self.user(i))
                .map(User::display_name)
                .or_else(|| self.policy.doc.placeholders.get(id).map(|p| p.name.clone()))
                .unwrap_or_else(|| id.to_string())
        };
        for s in &w.seats {
            if s.change != 0 {
                let n = s.change.unsigned_abs();
                let of = match s.limit {
                    None => format!("{} used after", s.after),
                    Some(l) if s.after > l => {
                        format!("{} used after, over the limit of {l}", s.after)
                    }
                    Some(l) => format!("{} of {l} used after", s.after),
                };
                let billed = match s.billed_until {
                    Some(Billing::PeriodEnd) => "; still billed until the billing period ends",
                    Some(Billing::Removed) => {
                        "; still billed until an admin removes the licence from the account"
                    }
                    _ => "",
                };
                let rest = format!(
                    "{n} {} ({of}){billed}",
                    self.policy.seats_label(&s.licence, n)
                );
                let (kind, text) = if s.change < 0 {
                    ("seatFreed", say(cond, "Frees", "free", &rest))
                } else {
                    ("seatConsumed", say(cond, "Uses", "use", &rest))
                };
                lines.push(SummaryLine {
                    kind: kind.into(),
                    item_type: None,
                    count: n,
                    to: None,
                    text,
                    at: None,
                });
            }
        }
        for u in &w.users {
            let name = u.name.clone().unwrap_or_else(|| u.user.clone());
            if !u.fields.is_empty() {
                let parts = field_parts(&u.fields, "");
                lines.push(SummaryLine {
                    kind: "anonymise".into(),
                    item_type: None,
                    count: u.fields.len() as u64,
                    to: None,
                    text: say(
                        cond,
                        "Anonymises",
                        "anonymise",
                        &format!("{name}: {}", parts.join("; ")),
                    ),
                    at: None,
                });
            }
            if u.sessions.login == "revoked" {
                let when = u
                    .sessions
                    .delay
                    .as_deref()
                    .map_or_else(|| "immediately".to_string(), str::to_string);
                lines.push(SummaryLine {
                    kind: "sessionsRevoked".into(),
                    item_type: None,
                    count: 1,
                    to: None,
                    text: say(cond, "Signs", "sign", &format!("{name} out {when}")),
                    at: None,
                });
            } else if u.sessions.login == "restored" {
                lines.push(SummaryLine {
                    kind: "signInRestored".into(),
                    item_type: None,
                    count: 1,
                    to: None,
                    text: say(cond, "Lets", "let", &format!("{name} sign in again")),
                    at: None,
                });
            }
            if let (Some(before), Some(after)) = (&u.role_before, &u.role_after) {
                if before != after {
                    let (b, a) = (
                        self.policy.role_label(before),
                        self.policy.role_label(after),
                    );
                    lines.push(SummaryLine {
                        kind: "roleChange".into(),
                        item_type: None,
                        count: 1,
                        to: None,
                        text: say(
                            cond,
                            "Changes",
                            "change",
                            &format!("the role of {name} from {b} to {a}"),
                        ),
                        at: None,
                    });
                }
            }
            let changes = u.status_after != u.status_before;
            if !u.reversible && changes && u.status_after != Status::ACTIVE {
                lines.push(SummaryLine {
                    kind: "irreversible".into(),
                    item_type: None,
                    count: 1,
                    to: None,
                    text: if cond {
                        format!("Once resolved, could not be undone for {name}")
                    } else {
                        format!("Cannot be undone for {name}")
                    },
                    at: None,
                });
            } else if let (Some(d), true) = (u.restore_window_days, changes) {
                let until = u
                    .restore_until
                    .as_ref()
                    .map_or_else(String::new, |until| format!(", until {until}"));
                let days = pluralise("day", u64::from(d));
                lines.push(SummaryLine {
                    kind: "restoreWindow".into(),
                    item_type: None,
                    count: u64::from(d),
                    to: None,
                    text: if cond {
                        format!("Once resolved, {name} could be restored for {d} {days}{until}")
                    } else {
                        format!("{name} can be restored for {d} {days}{until}")
                    },
                    at: None,
                });
            }
            for l in &u.later {
                let mut parts = Vec::new();
                if let Some(to) = &l.status_after {
                    parts.push(format!("{name} becomes {to}"));
                }
                parts.extend(field_parts(&l.fields, &format!(" of {name}")));
                if parts.is_empty() {
                    continue;
                }
                let label = l
                    .label
                    .as_ref()
                    .map_or_else(String::new, |x| format!(" {x}:"));
                let days = pluralise("day", u64::from(l.after_days));
                let date = l.at.get(..10).unwrap_or(&l.at);
                lines.push(SummaryLine {
                    kind: "later".into(),
                    item_type: None,
                    count: u64::from(l.after_days),
                    to: None,
                    text: format!(
                        "{} {} {days} ({date}),{label} {}",
                        if cond {
                            "Once resolved, after"
                        } else {
                            "After"
                        },
                        l.after_days,
                        parts.join("; ")
                    ),
                    at: Some(l.at.clone()),
                });
            }
        }
        // Items the action creates, with what moves into them or is listed in them.
        // "2 deals" when the items share a type, else "3 items".
        let named = |items: &[u32]| -> String {
            let n = items.len() as u64;
            let mut kinds = items
                .iter()
                .map(|&i| self.item(i).map_or("", |it| it.kind.as_str()));
            match kinds.next() {
                Some(kind) if !kind.is_empty() && kinds.all(|k| k == kind) => {
                    self.policy.type_label(kind, n)
                }
                _ => pluralise("item", n),
            }
        };
        for (c, container) in (0u32..).zip(&w.containers) {
            let moved_items: Vec<u32> = w
                .now
                .iter()
                .filter_map(|o| match o {
                    IOp::MoveItem { item, to, .. } if *to == c => Some(*item),
                    _ => None,
                })
                .collect();
            let linked_items: Vec<u32> = w
                .now
                .iter()
                .filter_map(|o| match o {
                    IOp::AddLink {
                        link, container: x, ..
                    } if *x == c => Some(*link),
                    _ => None,
                })
                .collect();
            let (moved, linked) = (moved_items.len() as u64, linked_items.len() as u64);
            let mut rest = format!(
                "the {} '{}'",
                type_label(self.policy, &container.kind),
                container.name
            );
            if moved > 0 {
                rest.push_str(&format!(
                    " and {} {moved} {} into it",
                    if cond { "move" } else { "moves" },
                    named(&moved_items)
                ));
            }
            if linked > 0 {
                rest.push_str(&format!(", listing {linked} {}", named(&linked_items)));
            }
            lines.push(SummaryLine {
                kind: "create".into(),
                item_type: Some(container.kind.clone()),
                count: 1 + moved,
                to: Some(container.id.clone()),
                text: say(cond, "Creates", "create", &rest),
                at: None,
            });
        }
        // What the plan does to each item, to tell changed items from unchanged ones.
        let kind_of = |i: u32| self.item(i).map_or("", |it| it.kind.as_str());
        let status_of = |i: u64| {
            u32::try_from(i)
                .ok()
                .and_then(|i| self.item(i))
                .and_then(|it| it.status.as_deref())
        };
        let mut touched: BTreeSet<u64> = BTreeSet::new();
        // A reference kept on an item that another effect changes at once
        // (a grant removed, an owner transferred) is told by that line: the
        // item is not "unchanged". One target's effects on one item are
        // adjacent (its references are in item order), so a keep is found in
        // its run; with several targets an item's effects may lie apart, and
        // the items changed go through the set.
        let changed_now = |e: &work::Eff<'a>| e.kind != EffectKind::Keep && e.after_days.is_none();
        let mut told_elsewhere: Vec<bool> = Vec::with_capacity(w.effects.len());
        for run in w.effects.chunk_by(|a, b| a.item == b.item) {
            let changed = run.iter().any(changed_now);
            told_elsewhere.extend(run.iter().map(|e| changed && e.kind == EffectKind::Keep));
        }
        if self.targets.len() > 1 {
            for e in w.effects.iter().filter(|e| changed_now(e)) {
                touched.insert(e.item.into());
            }
        }
        let mut deleted: BTreeSet<u64> = BTreeSet::new();
        // Shares granted or raised, with the role before: `(item, user)`.
        let mut granted: BTreeMap<(u32, &str), Option<&str>> = BTreeMap::new();
        // Items set, grouped by the days after the action (`None`: at once),
        // so that what a `later` operation sets is told with its date; then
        // by attribute, value and item type.
        let mut sets: Vec<SetGroup<'a>> = Vec::new();
        let ops = w.now.iter().map(|o| (None, o)).chain(
            w.later
                .iter()
                .flat_map(|l| l.ops.iter().map(|o| (Some(l.after_days), o))),
        );
        for (after, op) in ops {
            match *op {
                IOp::MoveItem { item, .. } | IOp::AddLink { link: item, .. } => {
                    touched.insert(item.into());
                }
                IOp::SetItem {
                    item,
                    attribute,
                    to,
                } => {
                    touched.insert(item.into());
                    let value = to.to_string();
                    let ty = kind_of(item);
                    match sets.iter_mut().find(|g| {
                        g.after == after
                            && g.attribute == attribute
                            && g.value == value
                            && g.ty == ty
                    }) {
                        Some(g) => {
                            g.items.insert(item.into());
                        }
                        None => sets.push(SetGroup {
                            after,
                            attribute,
                            value,
                            ty,
                            to,
                            items: BTreeSet::from([u64::from(item)]),
                        }),
                    }
                }
                IOp::DeleteItem { item } => {
                    deleted.insert(item.into());
                }
                IOp::SetShare {
                    item,
                    user,
                    from,
                    to: Some(_),
                } => {
                    granted.insert((item, user), from);
                }
                _ => {}
            }
        }
        crate::value::small_sort(&mut sets, |a, b| {
            (a.after, a.attribute, &a.value, a.ty) > (b.after, b.attribute, &b.value, b.ty)
        });
        // Item attributes set: "Sets status to 'draft' on 1 published article".
        for g in &sets {
            let n = g.items.len() as u64;
            let value = shown(g.to);
            let status = same(g.items.iter().map(|&i| status_of(i)));
            let field = g.attribute.strip_prefix("fields.").unwrap_or(g.attribute);
            let (text, at) = self.when(
                g.after,
                say(
                    cond,
                    "Sets",
                    "set",
                    &format!(
                        "{field} to {value} on {n} {}",
                        with_status(&status, self.policy.type_label(g.ty, n))
                    ),
                ),
            );
            lines.push(SummaryLine {
                kind: "set".into(),
                item_type: Some(g.ty.to_string()),
                count: n,
                to: None,
                text,
                at,
            });
        }
        // Effects grouped by what happens, item type and destination, counting distinct items.
        // Few groups: found by a scan, starting with the last one used.
        let mut groups: Vec<(GroupKey<'a>, Items)> = Vec::new();
        let types = self.ws.kinds();
        let mut last = 0;
        for (i, e) in w.effects.iter().enumerate() {
            let item = e.item;
            if e.kind != EffectKind::Delete && deleted.contains(&item.into()) {
                continue;
            }
            // Places in `LINES`.
            let line: u8 = match (e.kind, e.to) {
                (EffectKind::Delete, _) => 0,
                // Whatever it would have been, it waits for a successor.
                (k, None) if k.needs_successor() => 1,
                // The successor holds the relation already: the leaver is only removed.
                (_, Some(_)) if e.held => 10,
                (EffectKind::Transfer, _) => 2,
                (EffectKind::Reassign, _) => 3,
                (EffectKind::Share, None) => 1,
                (EffectKind::Share, Some(to)) => match granted.get(&(item, to)) {
                    Some(None) => 4,
                    Some(Some(_)) => 5,
                    None => 6,
                },
                (EffectKind::Reattribute, _) => 7,
                (EffectKind::Restore, _) => 8,
                (EffectKind::Remove, _) => 9,
                // Kept references on items the plan moves or changes are told by those lines.
                (EffectKind::Keep, _)
                    if touched.contains(&item.into()) || told_elsewhere.get(i) == Some(&true) =>
                {
                    continue
                }
                (EffectKind::Keep, _) => 11,
            };
            let key = GroupKey {
                after: e.after_days,
                line,
                kind: self.ws.kind_of(item),
                to: e.to,
                from: (matches!(line, 8..=10) && self.targets.len() > 1).then_some(e.from),
            };
            if groups.get(last).map_or(true, |g| !g.0.same(&key)) {
                last = match groups.iter().position(|g| g.0.same(&key)) {
                    Some(i) => i,
                    None => {
                        groups.push((key, Items::default()));
                        groups.len() - 1
                    }
                };
            }
            if let Some((_, items)) = groups.get_mut(last) {
                items.add(item);
            }
            // Access the successor gets with a reference (`role` on a
            // transfer): told as for a share, besides the transfer.
            let with_access = matches!(
                e.kind,
                EffectKind::Transfer | EffectKind::Reassign | EffectKind::Reattribute
            ) && !e.share
                && e.role_after.is_some();
            if let (true, Some(to)) = (with_access, e.to) {
                let line = match granted.get(&(item, to)) {
                    Some(None) => 4,
                    Some(Some(_)) => 5,
                    None => continue,
                };
                let key = GroupKey {
                    line,
                    from: None,
                    ..key
                };
                match groups.iter_mut().find(|g| g.0.same(&key)) {
                    Some((_, items)) => items.add(item),
                    None => {
                        let mut items = Items::default();
                        items.add(item);
                        groups.push((key, items));
                    }
                }
            }
        }
        let type_name = |k: u32| types.get(k as usize).map_or("", crate::name::Name::as_str);
        let order = |k: &GroupKey<'a>| (k.after, k.line, type_name(k.kind), k.to, k.from);
        crate::value::small_sort(&mut groups, |a, b| order(&a.0) > order(&b.0));
        // The user a remove line is about: the one target, or its own.
        let removed = |from: Option<&str>| match (from, self.targets.as_slice()) {
            (Some(u), _) => name_of(u),
            (None, [t]) => self.uname(*t),
            (None, _) => "the users".to_string(),
        };
        for (key, items) in groups {
            let items = items.distinct();
            let (after, kind, ty, to) = (
                key.after,
                LINES.get(usize::from(key.line)).copied().unwrap_or(""),
                type_name(key.kind),
                key.to,
            );
            let n = items.len() as u64;
            let status = same(items.iter().map(|&i| status_of(i)));
            let what = format!(
                "{n} {}",
                with_status(&status, self.policy.type_label(ty, n))
            );
            let text = match (kind, to.map(name_of)) {
                ("keep", _) => say(cond, "Keeps", "keep", &format!("{what} unchanged")),
                ("delete", _) => say(cond, "Deletes", "delete", &what),
                ("alreadyHeld", Some(t)) => say(
                    cond,
                    "Removes",
                    "remove",
                    &format!("{} from {what} {t} already holds", removed(key.from)),
                ),
                ("remove", _) => say(
                    cond,
                    "Removes",
                    "remove",
                    &format!("{} from {what}", removed(key.from)),
                ),
                ("restore", _) => say(
                    cond,
                    "Restores",
                    "restore",
                    &format!("{} to {what}", removed(key.from)),
                ),
                (_, None) => format!("Needs a successor for {what}"),
                ("transfer", Some(t)) => {
                    say(cond, "Transfers", "transfer", &format!("{what} to {t}"))
                }
                ("reassign", Some(t)) => {
                    say(cond, "Reassigns", "reassign", &format!("{what} to {t}"))
                }
                ("share", Some(t)) => say(cond, "Shares", "share", &format!("{what} with {t}")),
                ("shareRaised", Some(t)) => {
                    say(cond, "Raises", "raise", &format!("{t}'s access to {what}"))
                }
                ("shareUnchanged", Some(t)) => say(
                    cond,
                    "Leaves",
                    "leave",
                    &format!("{t}'s access to {what} as it is"),
                ),
                (_, Some(t)) => say(
                    cond,
                    "Re-attributes",
                    "re-attribute",
                    &format!("{what} to '{t}'"),
                ),
            };
            let (text, at) = self.when(after, text);
            lines.push(SummaryLine {
                kind: kind.into(),
                item_type: Some(ty.to_string()),
                count: n,
                to: to.map(str::to_string),
                text,
                at,
            });
        }
        Summary {
            headline: self.headline(w),
            lines,
            conditional: cond,
        }
    }

    /// What happens later says when: "After 30 days (2026-12-23): deletes 3
    /// files", with `at` set; what happens at once is left as it is.
    fn when(&self, after: Option<u32>, text: String) -> (String, Option<String>) {
        match after {
            Some(d) => {
                let at = self.later(d);
                let mut lower = text;
                // The sentence starts with an ASCII verb ("Deletes", "Once
                // resolved"); `str::to_lowercase` would pull in the Unicode
                // case tables (about 9 KB of the `.wasm`).
                if let Some(first) = lower.get_mut(..1) {
                    first.make_ascii_lowercase();
                }
                let date = at.get(..10).unwrap_or(&at).to_string();
                (
                    format!(
                        "After {d} {} ({date}): {lower}",
                        pluralise("day", u64::from(d))
                    ),
                    Some(at),
                )
            }
            None => (text, None),
        }
    }

    fn headline(&self, w: &work::Work<'a>) -> String {
        let who: Vec<String> = if w.users.is_empty() {
            // No user change (an action the policy does not offer): the
            // targets by name all the same.
            self.targets.iter().map(|&t| self.uname(t)).collect()
        } else {
            w.users
                .iter()
                .map(|u| u.name.clone().unwrap_or_else(|| u.user.clone()))
                .collect()
        };
        let who = crate::text::names(&who);
        let action = crate::text::words(w.action.as_str());
        // A rule about the whole selection says more than what it implies for one target.
        let selection = |b: &&Finding| {
            self.policy
                .constraints
                .iter()
                .any(|c| c.def.id == b.rule && c.def.scope == CScope::Request)
        };
        let blockers = &self.blockers;
        let first = blockers.iter().find(selection).or_else(|| blockers.first());
        match first {
            None => {
                let mut chars = action.chars();
                let first = chars.next().map(crate::text::upper_char);
                format!("{}{} {who}", first.unwrap_or(' '), chars.as_str())
            }
            Some(b) if blockers.len() == 1 => format!("Cannot {action} {who}: {}", b.message),
            Some(b) => format!(
                "Cannot {action} {who}: {} (and {} more)",
                b.message.strip_suffix('.').unwrap_or(&b.message),
                blockers.len() - 1
            ),
        }
    }
}
