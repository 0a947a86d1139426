//! The engine: previews, apply and compare.
//!
//! A preview walks only the references of the users involved (through the
//! workspace index), so its cost does not grow with the size of the workspace.
use crate::error::{Code, Error};
use crate::eval::{Budget, Scope};
use crate::limits::Limits;
use crate::model::{Action, Item, Refs, Request, Share, Snapshot, Status, User};
use crate::policy::{
    Billing, CompiledAction, CompiledEffect, EffectKind, FallbackOrder, FieldChangeDef, Policy,
    Scope as CScope, Severity,
};
use crate::preview::*;
use crate::value::{Map, Value};
use crate::workspace::{Slot, Workspace};
use std::collections::{BTreeMap, BTreeSet};

/// A user's display name: `fields.name`, else the id.
pub fn user_name(u: &User) -> String {
    match u.fields.get("name").and_then(Value::as_str) {
        Some(n) if !n.is_empty() => n.to_string(),
        _ => u.id.clone(),
    }
}

/// An item's display name: `fields.title`, `fields.name`, else the id.
pub fn item_name(it: &Item) -> String {
    ["title", "name"]
        .iter()
        .find_map(|k| it.fields.get(k).and_then(Value::as_str))
        .map_or_else(|| it.id.clone(), str::to_string)
}

/// Seats of `licence` held now, under the policy's seat accounting.
pub fn seats_held(ws: &Workspace, policy: &Policy, licence: &str) -> u64 {
    ws.statuses_of(licence)
        .filter(|(s, _)| policy.holds_seat(licence, s))
        .map(|(_, n)| n)
        .sum()
}

/// The status a built-in action leads to; a policy's own action without
/// `user.status` leaves the status as it is.
fn default_status(a: &Action) -> Option<Status> {
    match a.as_str() {
        "deactivate" => Some(Status::DEACTIVATED),
        "delete" => Some(Status::DELETED),
        "reactivate" => Some(Status::ACTIVE),
        _ => None,
    }
}

/// "reactivating", "deleting", "suspending"; a name that is not one
/// lowercase word is quoted: "the `blockSignIn` action on".
fn present_participle(a: &Action) -> String {
    let w = a.as_str();
    if !w.bytes().all(|b| b.is_ascii_lowercase()) || w.is_empty() {
        return format!("the `{w}` action on");
    }
    let stem = match w.strip_suffix('e') {
        Some(s) if !w.ends_with("ee") => s,
        _ => w,
    };
    format!("{stem}ing")
}

/// The statuses a built-in action takes a user from by default. A
/// policy's own action declares `fromStatuses` (the policy compiler insists).
fn default_from(a: &Action) -> Vec<Status> {
    match a.as_str() {
        "deactivate" => vec![Status::ACTIVE],
        "delete" => vec![Status::ACTIVE, Status::DEACTIVATED],
        "reactivate" => vec![Status::DEACTIVATED],
        _ => Vec::new(),
    }
}

fn pluralise(word: &str, n: u64) -> String {
    crate::text::plural(word, n)
}

struct Run<'a> {
    policy: &'a Policy,
    ws: &'a Workspace,
    req: &'a Request,
    now: f64,
    targets: Vec<usize>,
    actor: usize,
    budget: Budget,
    blockers: Vec<Finding>,
    warnings: Vec<Finding>,
    /// Targets the action cannot take from their current status
    /// (`prerequisiteStatus`): their transition cannot occur, so a blocked
    /// preview shows no change for them.
    impossible: BTreeSet<usize>,
    /// Targets whose successor is refused: nothing is shown going to it.
    refused: BTreeSet<usize>,
    /// Deleted items whose contents have been handled (see `contents`).
    cascaded: BTreeSet<String>,
    /// Snapshot items by the id of their container, built on first use.
    children: Option<BTreeMap<&'a str, Vec<usize>>>,
}

impl<'a> Run<'a> {
    fn scope(&'a self) -> Scope<'a> {
        Scope {
            ws: self.ws,
            policy: self.policy,
            req: self.req,
            now: self.now,
            targets: &self.targets,
            budget: &self.budget,
            actor: Some(self.actor),
            target: None,
            successor: None,
            item: None,
            rel: None,
            user: None,
            share: None,
            candidate: None,
        }
    }
    fn user(&self, i: usize) -> Option<&'a User> {
        self.ws.snapshot.users.get(i)
    }
    fn successor(&self, t: usize) -> Option<usize> {
        let id = self.ws.snapshot.users.get(t).map(|u| u.id.as_str())?;
        self.req
            .successor_of(id)
            .and_then(|s| self.ws.user_index(s))
    }
}

fn finding(
    code: &str,
    message: String,
    rule: &str,
    user: Option<&str>,
    item: Option<&str>,
) -> Finding {
    Finding {
        code: code.to_string(),
        message,
        rule: rule.to_string(),
        user: user.map(str::to_string),
        item: item.map(str::to_string),
        successor: None,
        licence: None,
        users: Vec::new(),
        name: None,
        paths: Vec::new(),
    }
}

fn push_unique(list: &mut Vec<Finding>, f: Finding) {
    if !list.iter().any(|x| {
        x.code == f.code
            && x.rule == f.rule
            && x.user == f.user
            && x.item == f.item
            && x.successor == f.successor
            && x.licence == f.licence
    }) {
        list.push(f);
    }
}

/// The code of the blocker for a target whose status the action does not take.
const PREREQUISITE: &str = "prerequisiteStatus";

/// The rule id of that blocker: the action's `fromStatuses`.
fn from_statuses_rule(action: &Action) -> String {
    format!("actions.{}.fromStatuses", action.as_str())
}

/// Checks the request against the workspace: unknown users and malformed fields are errors.
fn check_request(ws: &Workspace, req: &Request) -> Result<(f64, usize, Vec<usize>), Vec<Error>> {
    let mut errors = Vec::new();
    let now = crate::time::parse_rfc3339(&req.now);
    if now.is_none() {
        errors.push(
            Error::new(
                Code::InvalidTimestamp,
                "/request/now",
                format!("`{}` is not an RFC 3339 timestamp", req.now),
            )
            .with_help("write it like 2026-11-23T10:00:00Z"),
        );
    }
    let find = |id: &str, path: String, errors: &mut Vec<Error>| -> Option<usize> {
        let r = ws.user_index(id);
        if r.is_none() {
            let mut e = Error::new(
                Code::UnknownUser,
                path,
                format!("`{id}` is not a user of the snapshot"),
            );
            if ws.snapshot.users.len() <= 10_000 {
                if let Some(c) = crate::expr::did_you_mean(id, ws.user_ids()) {
                    e = e.with_help(format!("did you mean `{c}`?"));
                }
            }
            errors.push(e);
        }
        r
    };
    let actor = find(&req.actor, "/request/actor".into(), &mut errors);
    if req.targets.is_empty() {
        errors.push(
            Error::new(
                Code::MissingField,
                "/request/targets",
                "the request names no target",
            )
            .with_help("add at least one user id to `targets`"),
        );
    }
    let mut targets = Vec::new();
    for (i, t) in req.targets.iter().enumerate() {
        if let Some(u) = find(t, format!("/request/targets/{i}"), &mut errors) {
            if targets.contains(&u) {
                errors.push(Error::new(
                    Code::DuplicateTarget,
                    format!("/request/targets/{i}"),
                    format!("`{t}` is listed twice"),
                ));
            }
            targets.push(u);
        }
    }
    if let Some(s) = &req.successor {
        find(s, "/request/successor".into(), &mut errors);
    }
    for (t, s) in &req.successors {
        let p = format!("/request/successors/{}", crate::value::seg(t));
        if !req.targets.contains(t) {
            errors.push(Error::new(
                Code::InvalidValue,
                p.clone(),
                format!("`{t}` has a successor but is not a target"),
            ));
        }
        find(s, p, &mut errors);
    }
    match (errors.is_empty(), now, actor) {
        (true, Some(now), Some(actor)) => Ok((now, actor, targets)),
        _ => Err(errors),
    }
}

/// Computes the preview of `req` on `ws` under `policy`.
pub fn preview(
    policy: &Policy,
    ws: &Workspace,
    req: &Request,
    limits: &Limits,
) -> Result<Preview, Vec<Error>> {
    let (now, actor, targets) = check_request(ws, req)?;
    let warnings = crate::vocabulary::check(policy, ws.names())?;
    let run = Run {
        policy,
        ws,
        req,
        now,
        targets,
        actor,
        budget: Budget::new(limits.max_evaluation_steps),
        blockers: Vec::new(),
        warnings,
        impossible: BTreeSet::new(),
        refused: BTreeSet::new(),
        cascaded: BTreeSet::new(),
        children: None,
    };
    run.go().map_err(|e| vec![e])
}

struct Container {
    target: usize,
    id: String,
    key: String,
    kind: String,
    name: String,
    within: Option<String>,
    /// An existing item the container is created in (`inItem`).
    parent: Option<String>,
    owner: Option<(String, String)>,
    status: Option<String>,
    /// Rendered `fields` templates, `name` excepted.
    fields: Map,
}

impl Container {
    /// The id of what this container is created in: another container of
    /// the same target (`in`), else an existing item (`inItem`).
    fn inside<'c>(&'c self, all: &'c [Container]) -> Option<&'c str> {
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
    fn go(mut self) -> Result<Preview, Error> {
        let action = self.req.action.clone();
        let act = self.policy.actions.get(&action);
        let fingerprint = {
            let request = crate::fingerprint::hash_json(self.req);
            Fingerprint {
                value: crate::fingerprint::combine(&[self.policy.hash(), self.ws.hash(), &request]),
                policy: self.policy.hash().to_string(),
                snapshot: self.ws.hash().to_string(),
                request,
            }
        };
        let Some(act) = act.filter(|a| a.def.enabled) else {
            let label = action.as_str();
            let mut f = finding(
                "actionUnavailable",
                format!(
                    "{} does not offer {label}",
                    self.policy.doc.name.as_deref().unwrap_or(self.policy.id())
                ),
                &format!("actions.{label}"),
                None,
                None,
            );
            f.users = self.req.targets.clone();
            self.blockers.push(f);
            return Ok(self.finish(
                action,
                Vec::new(),
                Vec::new(),
                Vec::new(),
                Vec::new(),
                fingerprint,
            ));
        };
        self.builtins(act)?;
        self.constraints()?;
        let seats = self.seats(act)?;
        let mut users = Vec::new();
        let mut plan = Vec::new();
        let mut effects = Vec::new();
        let mut containers: Vec<Container> = Vec::new();
        let mut placeholders: BTreeSet<String> = BTreeSet::new();
        let targets = self.targets.clone();
        for &t in &targets {
            let uc = self.user_change(act, t)?;
            user_ops(&uc, &self.req.now, &mut plan);
            users.push(uc);
            if self.touches_items(act, t) && !self.impossible.contains(&t) {
                self.item_effects(act, t, &mut effects, &mut containers, &mut placeholders)?;
            }
        }
        for u in &mut users {
            u.access_revoked = effects
                .iter()
                .filter(|e| {
                    e.from == u.user
                        && e.after_days.is_none()
                        && e.relation == "share"
                        && matches!(
                            e.kind,
                            EffectKind::Remove
                                | EffectKind::Transfer
                                | EffectKind::Reassign
                                | EffectKind::Reattribute
                        )
                })
                .count() as u64;
        }
        self.check_plan_cycle(&containers, &effects)?;
        let mut item_plan = Vec::new();
        for p in &placeholders {
            if self.ws.user_index(p).is_none() {
                let name = self
                    .policy
                    .doc
                    .placeholders
                    .get(p)
                    .map_or_else(|| p.clone(), |d| d.name.clone());
                item_plan.push(Op::CreatePlaceholder {
                    user: p.clone(),
                    name,
                });
            }
        }
        for c in &containers {
            let mut fields = c.fields.clone();
            fields.insert("name".into(), Value::String(c.name.clone()));
            let refs = c.owner.iter().cloned().collect();
            let container = c.inside(&containers).map(str::to_string);
            item_plan.push(Op::CreateItem {
                item: c.id.clone(),
                item_type: c.kind.clone(),
                fields,
                container,
                refs,
                status: c.status.clone(),
            });
        }
        self.effect_ops(&effects, None, &mut item_plan);
        // Effects that happen later: one `later` operation per target and day.
        let mut later: Vec<(u32, &str)> = effects
            .iter()
            .filter_map(|e| e.after_days.map(|d| (d, e.from.as_str())))
            .collect();
        later.sort_unstable();
        later.dedup();
        for (d, user) in later {
            let mut ops = Vec::new();
            let of_user: Vec<ItemEffect> =
                effects.iter().filter(|e| e.from == user).cloned().collect();
            self.effect_ops(&of_user, Some(d), &mut ops);
            item_plan.push(Op::Later {
                at: self.later(d),
                after_days: d,
                user: user.to_string(),
                label: None,
                ops,
            });
        }
        plan.extend(item_plan);
        let mut p = self.finish(action, seats, users, effects, plan, fingerprint);
        p.summary = self.summary(&p);
        Ok(p)
    }

    fn finish(
        &self,
        action: Action,
        seats: Vec<Seats>,
        users: Vec<UserChange>,
        effects: Vec<ItemEffect>,
        plan: Vec<Op>,
        fingerprint: Fingerprint,
    ) -> Preview {
        let verdict = if self.blockers.is_empty() {
            Verdict::Allowed
        } else {
            Verdict::Blocked
        };
        let mut p = Preview {
            action,
            policy: self.policy.id().to_string(),
            verdict,
            blockers: self.blockers.clone(),
            warnings: self.warnings.clone(),
            seats,
            users,
            effects,
            summary: Summary {
                headline: String::new(),
                lines: Vec::new(),
                conditional: verdict == Verdict::Blocked,
            },
            plan,
            fingerprint,
        };
        p.summary = self.summary(&p);
        p
    }

    fn uid(&self, i: usize) -> &'a str {
        self.user(i).map_or("", |u| u.id.as_str())
    }
    fn uname(&self, i: usize) -> String {
        self.user(i).map(user_name).unwrap_or_default()
    }

    /// The status `t` has after the action: the action's `user.status`,
    /// a built-in action's own, else the status the user has now.
    fn status_after(&self, act: &CompiledAction, t: usize) -> Status {
        act.def
            .user
            .status
            .clone()
            .or_else(|| default_status(&self.req.action))
            .or_else(|| self.user(t).map(|u| u.status.clone()))
            .unwrap_or_default()
    }
    /// Whether the action acts on what `t` is referenced by: an action that
    /// leaves `t` without access, or one with rules of its own (a
    /// reactivation that restores memberships).
    fn touches_items(&self, act: &CompiledAction, t: usize) -> bool {
        self.status_after(act, t) != Status::ACTIVE || !act.rules.is_empty()
    }

    /// The window the action must happen in, counted from the target's last
    /// status change: the action's `withinDays`, else, for an action that
    /// restores access, the `restoreWindowDays` of the action that led to
    /// the target's status.
    fn window_of(&self, act: &CompiledAction, t: usize, u: &User) -> Option<(u32, String)> {
        let action = self.req.action.as_str();
        if let Some(d) = act.def.within_days {
            return Some((d, format!("actions.{action}.withinDays")));
        }
        if self.status_after(act, t) != Status::ACTIVE || u.status == Status::ACTIVE {
            return None;
        }
        self.policy.doc.actions.iter().find_map(|(a, d)| {
            let led_here =
                d.user.status.clone().or_else(|| default_status(&a)) == Some(u.status.clone());
            d.user.restore_window_days.filter(|_| led_here).map(|days| {
                (
                    days,
                    format!("actions.{}.user.restoreWindowDays", a.as_str()),
                )
            })
        })
    }

    /// A blocker when the target's window has closed; a warning when the
    /// snapshot does not say when the target's status changed.
    fn window(&mut self, act: &CompiledAction, t: usize, u: &User) {
        let Some((days, rule)) = self.window_of(act, t, u) else {
            return;
        };
        let name = user_name(u);
        let action = self.req.action.as_str();
        let dd = pluralise("day", u64::from(days));
        match u.status_changed_at.as_deref().and_then(crate::time::parse_rfc3339) {
            Some(since) => {
                let until = since + f64::from(days) * 86_400.0;
                if self.now > until {
                    let ago = ((self.now - since) / 86_400.0).floor() as u64;
                    let mut f = finding(
                        "windowClosed",
                        format!(
                            "{name} became {} {ago} {} ago; {action} is possible only within {days} {dd} of that, until {}",
                            u.status,
                            pluralise("day", ago),
                            crate::time::format_rfc3339(until)
                        ),
                        &rule,
                        Some(&u.id),
                        None,
                    );
                    f.name = Some(crate::time::format_rfc3339(until));
                    self.blockers.push(f);
                }
            }
            None => self.warnings.push(finding(
                "windowUnknown",
                format!(
                    "the snapshot does not say when {name} became {}: the {days}-day window for {action} cannot be checked",
                    u.status
                ),
                &rule,
                Some(&u.id),
                None,
            )),
        }
    }

    fn builtins(&mut self, act: &CompiledAction) -> Result<(), Error> {
        let action = &self.req.action;
        let targets = self.targets.clone();
        for &t in &targets {
            let leaving = self.touches_items(act, t);
            let Some(u) = self.user(t) else { continue };
            let name = user_name(u);
            if t == self.actor && !act.def.allow_self {
                self.blockers.push(finding(
                    "selfAction",
                    format!("{name} cannot {} their own account", action.as_str()),
                    "builtin.self-action",
                    Some(&u.id),
                    None,
                ));
            }
            let from: Vec<Status> = act
                .def
                .from_statuses
                .clone()
                .unwrap_or_else(|| default_from(action));
            if !from.contains(&u.status) {
                let message = match &act.from_message {
                    Some(m) => {
                        let mut s = self.scope();
                        s.target = Some(t);
                        s.successor = self.successor(t);
                        s.render(m)?
                    }
                    None => format!(
                        "{name} is {}; {} applies only to {} users",
                        u.status.as_str(),
                        action.as_str(),
                        from.iter()
                            .map(Status::as_str)
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                };
                self.blockers.push(finding(
                    PREREQUISITE,
                    message,
                    &from_statuses_rule(action),
                    Some(&u.id),
                    None,
                ));
                self.impossible.insert(t);
            } else {
                self.window(act, t, u);
            }
            if !leaving {
                continue;
            }
            let Some(s) = self.successor(t) else { continue };
            let sid = self.uid(s);
            let before = self.blockers.len();
            if s == t {
                self.blockers.push(finding(
                    "successorIsTarget",
                    format!("{name} cannot be their own successor"),
                    "builtin.successor",
                    Some(&u.id),
                    None,
                ));
            } else if self.targets.contains(&s) {
                // Follow the chain of successors to tell a cycle from a chain.
                let mut seen = vec![t];
                let mut cur = s;
                let mut cycle = false;
                while self.targets.contains(&cur) && !seen.contains(&cur) {
                    seen.push(cur);
                    match self.successor(cur) {
                        Some(n) if n == t => {
                            cycle = true;
                            break;
                        }
                        Some(n) => cur = n,
                        None => break,
                    }
                }
                let (code, msg) = if cycle {
                    (
                        "successorCycle",
                        format!(
                            "the successors of {name} form a cycle through {}",
                            self.uname(s)
                        ),
                    )
                } else {
                    (
                        "successorLeaving",
                        format!(
                            "{} cannot take over from {name}: {} is also in this selection",
                            self.uname(s),
                            self.uname(s)
                        ),
                    )
                };
                self.blockers
                    .push(finding(code, msg, "builtin.successor", Some(&u.id), None));
            } else if self.user(s).is_some_and(|x| x.placeholder) {
                self.blockers.push(finding(
                    "successorIneligible",
                    format!("{sid} is a placeholder account and cannot be a successor"),
                    "builtin.successor",
                    Some(&u.id),
                    None,
                ));
            }
            if self.blockers.len() > before {
                self.refused.insert(t);
                for f in self.blockers.iter_mut().skip(before) {
                    f.successor = Some(sid.to_string());
                }
            }
        }
        Ok(())
    }

    fn constraints(&mut self) -> Result<(), Error> {
        let action = &self.req.action;
        let policy = self.policy;
        let mut refused = BTreeSet::new();
        for c in &policy.constraints {
            if !c.def.actions.is_empty() && !c.def.actions.contains(action) {
                continue;
            }
            let subjects: Vec<Option<usize>> = match c.def.scope {
                CScope::Request => vec![None],
                _ => self.targets.iter().map(|t| Some(*t)).collect(),
            };
            for t in subjects {
                let mut s = self.scope();
                s.target = t;
                s.successor = t.and_then(|t| self.successor(t));
                if c.def.scope == CScope::Successor && s.successor.is_none() {
                    continue;
                }
                // `forEach`: once per item of the target's that it selects.
                let items: Vec<Option<usize>> = match (&c.for_each, t) {
                    (Some(sel), Some(t)) => {
                        let mut v = Vec::new();
                        for &i in self.ws.items_of(t) {
                            s.item = Some(i as usize);
                            if s.test(sel, &mut Vec::new())? {
                                v.push(Some(i as usize));
                            }
                        }
                        v
                    }
                    _ => vec![None],
                };
                let mut found = Vec::new();
                for item in items {
                    s.item = item;
                    let item_id = item
                        .and_then(|i| self.ws.snapshot.items.get(i))
                        .map(|it| it.id.as_str());
                    let mut params = Vec::new();
                    let blocking = c.def.severity == Severity::Block;
                    self.budget.watch_ranks(blocking);
                    let holds = s.test(&c.when, &mut params)?;
                    let unranked = self.budget.unranked();
                    self.budget.watch_ranks(false);
                    let user = t.map(|t| self.uid(t));
                    if holds {
                        let msg = s.render(&c.message)?;
                        let mut f = finding(&c.def.code, msg, &c.def.id, user, item_id);
                        let about_successor = c.def.scope == CScope::Successor;
                        if about_successor {
                            f.successor = s.successor.map(|x| self.uid(x).to_string());
                        }
                        match c.def.severity {
                            Severity::Block => {
                                if let (true, Some(t)) = (about_successor, t) {
                                    refused.insert(t);
                                }
                                found.push((true, f))
                            }
                            Severity::Warn => found.push((false, f)),
                        }
                    }
                    if !unranked.is_empty() {
                        // A rank that cannot be known never lets an action
                        // through: `null <= 2` would be false, and allow it.
                        let msg =
                            format!("`{}` cannot be decided: {}", c.def.id, unranked.join("; "));
                        let f = finding("unknownRank", msg, &c.def.id, user, item_id);
                        found.push((true, f));
                    }
                }
                for (block, f) in found {
                    let list = if block {
                        &mut self.blockers
                    } else {
                        &mut self.warnings
                    };
                    push_unique(list, f);
                }
            }
        }
        self.refused.extend(refused);
        Ok(())
    }

    fn seats(&mut self, act: &CompiledAction) -> Result<Vec<Seats>, Error> {
        let mut out = Vec::new();
        for licence in self.ws.licences() {
            let before = seats_held(self.ws, self.policy, &licence);
            let mut after = before as i64;
            // The targets that take a seat of this licence.
            let mut taking = Vec::new();
            for &t in &self.targets {
                let Some(u) = self.user(t) else { continue };
                // A transition that cannot occur changes no seat.
                if u.licence.as_deref() != Some(licence.as_str()) || self.impossible.contains(&t) {
                    continue;
                }
                let (held, holds) = (
                    self.policy.holds_seat(&licence, &u.status),
                    self.policy.holds_seat(&licence, &self.status_after(act, t)),
                );
                if holds && !held {
                    taking.push(t);
                }
                after -= i64::from(held);
                after += i64::from(holds);
            }
            let after = after.max(0) as u64;
            let limit = self.ws.snapshot.seats.get(&licence).copied();
            let over = limit.is_some_and(|l| after > l && after > before);
            if over {
                let names: Vec<String> = taking.iter().map(|&t| self.uname(t)).collect();
                let message = match &self.policy.over_limit_message {
                    Some(m) => self.scope().render(m)?,
                    None => format!(
                        "{after} {} would be in use after {} {}, over the plan's limit of {}",
                        self.policy.seats_label(&licence, after),
                        present_participle(&self.req.action),
                        crate::text::names(&names),
                        limit.unwrap_or(0)
                    ),
                };
                let mut f = finding(
                    "seatLimitExceeded",
                    message,
                    "seats.onOverLimit",
                    None,
                    None,
                );
                f.licence = Some(licence.clone());
                f.users = taking.iter().map(|&t| self.uid(t).to_string()).collect();
                match self.policy.doc.seats.on_over_limit {
                    Severity::Block => self.blockers.push(f),
                    Severity::Warn => self.warnings.push(f),
                }
            }
            let billing = self
                .policy
                .doc
                .seats
                .licences
                .get(&licence)
                .map_or(Billing::Released, |l| l.billing);
            let still_billed = billing != Billing::Released && after < before;
            out.push(Seats {
                licence: licence.clone(),
                limit,
                before,
                after,
                change: after as i64 - before as i64,
                over_limit: over,
                billed: still_billed.then_some(before),
                billed_until: still_billed.then_some(billing),
            });
        }
        Ok(out)
    }

    fn user_change(&self, act: &CompiledAction, t: usize) -> Result<UserChange, Error> {
        let status_after = self.status_after(act, t);
        let action = self.req.action.as_str();
        let u = self
            .user(t)
            .ok_or_else(|| Error::new(Code::Internal, "", "target vanished"))?;
        let def = &act.def.user;
        let rule = format!("actions.{action}.user");
        if self.impossible.contains(&t) {
            // The action cannot take the user from its status: nothing changes.
            return Ok(UserChange {
                user: u.id.clone(),
                name: Some(user_name(u)),
                status_before: u.status.clone(),
                status_after: u.status.clone(),
                role_before: None,
                role_after: None,
                licence: u.licence.clone(),
                seat: "none".into(),
                sessions: Sessions {
                    login: "none".into(),
                    delay: None,
                    rule: format!("{rule}.sessions"),
                },
                tokens_revoked: false,
                new_assignments_blocked: false,
                reversible: true,
                restore_window_days: None,
                restore_until: None,
                fields: Vec::new(),
                later: Vec::new(),
                access_revoked: 0,
                successor: self.successor(t).map(|x| self.uid(x).to_string()),
                notes: Vec::new(),
                rule,
            });
        }
        let mut s = self.scope();
        s.target = Some(t);
        // A refused successor is not shown taking anything over.
        s.successor = self.successor(t).filter(|_| !self.refused.contains(&t));
        let seat = match &u.licence {
            None => "none",
            Some(l) => match (
                self.policy.holds_seat(l, &u.status),
                self.policy.holds_seat(l, &status_after),
            ) {
                (true, false) => "freed",
                (false, true) => "consumed",
                (true, true) => "kept",
                (false, false) => "none",
            },
        };
        let leaving = status_after != Status::ACTIVE;
        let revoke = def.sessions.as_ref().map_or(leaving, |x| x.revoke);
        let mut params = Vec::new();
        let delayed = match &act.session_delay {
            Some(e) if revoke => s.test(e, &mut params)?,
            _ => false,
        };
        let sessions = Sessions {
            login: if !leaving && u.status != Status::ACTIVE {
                "restored".into()
            } else if leaving && u.status != Status::ACTIVE {
                // A deactivated user has no sessions left to end.
                "none".into()
            } else if revoke && leaving {
                "revoked".into()
            } else {
                "kept".into()
            },
            delay: if delayed && u.status == Status::ACTIVE {
                def.sessions
                    .as_ref()
                    .and_then(|x| x.delay.clone())
                    .or_else(|| Some("later".into()))
            } else {
                None
            },
            rule: format!("{rule}.sessions"),
        };
        let fields = field_changes(
            &s,
            &def.fields,
            &act.field_templates,
            &u.fields,
            &format!("{rule}.fields"),
        )?;
        // Later steps change the fields as the action left them.
        let mut current = u.fields.clone();
        let mut status = status_after.clone();
        let mut later = Vec::new();
        for (i, (step, templates)) in def.later.iter().zip(&act.later_templates).enumerate() {
            for f in fields
                .iter()
                .chain(later.iter().flat_map(|l: &LaterChange| &l.fields))
            {
                if f.to.is_null() {
                    current.remove(&f.field);
                } else {
                    current.insert(f.field.clone(), f.to.clone());
                }
            }
            let changes = field_changes(
                &s,
                &step.fields,
                templates,
                &current,
                &format!("{rule}.later.{i}"),
            )?;
            let to = step.status.clone().filter(|st| *st != status);
            later.push(LaterChange {
                after_days: step.after_days,
                at: crate::time::format_rfc3339(self.now + f64::from(step.after_days) * 86_400.0),
                label: step.label.clone(),
                status_before: to.as_ref().map(|_| status.clone()),
                status_after: to.clone(),
                fields: changes,
                rule: format!("{rule}.later.{i}"),
            });
            if let Some(to) = to {
                status = to;
            }
        }
        // Counted from the effects once they are known (see `go`).
        let access_revoked = 0;
        let mut notes = Vec::new();
        for n in &act.notes {
            notes.push(s.render(n)?);
        }
        Ok(UserChange {
            user: u.id.clone(),
            name: Some(user_name(u)),
            status_before: u.status.clone(),
            status_after,
            role_before: def
                .role
                .as_ref()
                .filter(|r| u.role.as_ref() != Some(*r))
                .and(u.role.clone()),
            role_after: def.role.clone().filter(|r| u.role.as_ref() != Some(r)),
            licence: u.licence.clone(),
            seat: seat.into(),
            sessions,
            tokens_revoked: def.revoke_tokens,
            new_assignments_blocked: def.block_new_assignments,
            reversible: def
                .reversible
                .unwrap_or(self.req.action != Action::DELETE || def.restore_window_days.is_some()),
            restore_window_days: def.restore_window_days,
            restore_until: def
                .restore_window_days
                .filter(|_| leaving)
                .map(|d| crate::time::format_rfc3339(self.now + f64::from(d) * 86_400.0)),
            fields,
            later,
            access_revoked,
            successor: self.successor(t).map(|x| self.uid(x).to_string()),
            notes,
            rule,
        })
    }

    fn item_effects(
        &mut self,
        act: &'a CompiledAction,
        t: usize,
        effects: &mut Vec<ItemEffect>,
        containers: &mut Vec<Container>,
        placeholders: &mut BTreeSet<String>,
    ) -> Result<(), Error> {
        let action = self.req.action.as_str();
        let ws = self.ws;
        // A refused successor takes nothing over, even conditionally.
        let refused = self.refused.contains(&t);
        let successor = self.successor(t).filter(|_| !refused);
        let tid = self.uid(t).to_string();
        let leaving = self.status_after(act, t) != Status::ACTIVE;
        for r in ws.references_to(t) {
            let Some(item) = ws.snapshot.items.get(r.item as usize) else {
                continue;
            };
            let (rel, share) = match r.slot {
                Slot::Ref { rel, .. } => (ws.relation_name(rel), None),
                Slot::Share { pos } => ("share", item.shares.get(pos as usize)),
            };
            let mut s = self.scope();
            s.target = Some(t);
            s.successor = successor;
            s.item = Some(r.item as usize);
            s.rel = Some(rel);
            s.user = Some(t);
            s.share = share;
            let mut chosen: Option<(&CompiledEffect, String)> = None;
            for (i, rule) in act.rules.iter().enumerate() {
                let d = &rule.def;
                if !d.types.is_empty() && !d.types.iter().any(|x| x == &item.kind) {
                    continue;
                }
                let rel_ok = if d.relations.is_empty() {
                    share.is_none()
                } else {
                    d.relations.iter().any(|x| x == rel)
                };
                if !rel_ok {
                    continue;
                }
                let mut params = Vec::new();
                if let Some(w) = &rule.when {
                    if !s.test(w, &mut params)? {
                        continue;
                    }
                }
                let _ = i;
                chosen = Some((&rule.effect, d.id.clone()));
                break;
            }
            // An action that gives access back reports only what its rules match.
            if chosen.is_none() && !leaving && act.def.default.is_none() {
                continue;
            }
            let (mut eff, rule_id) =
                chosen.unwrap_or((&act.default, format!("actions.{action}.default")));
            // Resolve the successor: the request's, a fallback, or the `otherwise` effect.
            let mut to: Option<String> = None;
            let mut chosen_by = None;
            loop {
                if !eff.def.kind.needs_successor() {
                    break;
                }
                if let Some(x) = successor {
                    to = Some(self.uid(x).to_string());
                    chosen_by = Some("request".to_string());
                    break;
                }
                if refused {
                    // Already blocked; what happens depends on the successor chosen instead.
                    break;
                }
                if let Some((among, order)) = &eff.fallback {
                    if let Some(c) = self.fallback(&s, among, *order)? {
                        to = Some(self.uid(c).to_string());
                        chosen_by = Some("fallback".to_string());
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
                                &rule_id,
                                Some(&tid),
                                None,
                            ),
                        );
                        break;
                    }
                }
            }
            let def = &eff.def;
            if def.kind == EffectKind::Reattribute {
                to = def.placeholder.clone();
                if let Some(p) = &def.placeholder {
                    placeholders.insert(p.clone());
                }
            }
            let role_before = share.map(|x| x.role.clone());
            let role_after = match (def.kind, &to) {
                (EffectKind::Transfer | EffectKind::Reassign | EffectKind::Share, Some(succ))
                    if share.is_some() || def.role.is_some() || def.kind == EffectKind::Share =>
                {
                    let existing = item
                        .shares
                        .iter()
                        .find(|x| &x.user == succ)
                        .map(|x| x.role.as_str());
                    // For a relation reference, the leaver's own grant on the item, if any.
                    let leaver = role_before.as_deref().or_else(|| {
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
                    pick.map(str::to_string)
                }
                (EffectKind::Restore, _) if def.relation.as_deref() == Some("share") => {
                    def.role.clone()
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
                    *slot = Some(self.container(act, t, key, successor, containers)?);
                }
            }
            let set: Map = def
                .set
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            effects.push(ItemEffect {
                item: item.id.clone(),
                item_type: item.kind.clone(),
                status: item.status.clone(),
                relation: rel.to_string(),
                kind: def.kind,
                from: tid.clone(),
                to,
                chosen_by,
                role_before,
                role_after,
                container,
                indexed_in,
                set,
                after_days: def.after_days,
                at: def.after_days.map(|d| self.later(d)),
                relation_after: match def.kind {
                    EffectKind::Remove
                    | EffectKind::Transfer
                    | EffectKind::Reassign
                    | EffectKind::Reattribute => def.keep_as.clone(),
                    EffectKind::Restore => def.relation.clone(),
                    _ => None,
                },
                rule: rule_id,
            });
            if def.kind == EffectKind::Delete && self.cascaded.insert(item.id.clone()) {
                let rule = effects.last().map(|e| e.rule.clone()).unwrap_or_default();
                self.contents(act, t, def, successor, &item.id, &rule, effects, containers)?;
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
    fn contents(
        &mut self,
        act: &'a CompiledAction,
        t: usize,
        def: &crate::policy::EffectDef,
        successor: Option<usize>,
        top: &str,
        rule: &str,
        effects: &mut Vec<ItemEffect>,
        containers: &mut Vec<Container>,
    ) -> Result<(), Error> {
        let ws = self.ws;
        let children = self.children.get_or_insert_with(|| {
            let mut m: BTreeMap<&'a str, Vec<usize>> = BTreeMap::new();
            for (i, it) in ws.snapshot.items.iter().enumerate() {
                if let Some(c) = &it.container {
                    m.entry(c.as_str()).or_default().push(i);
                }
            }
            m
        });
        let mut stack = vec![top.to_string()];
        let mut found = Vec::new();
        while let Some(p) = stack.pop() {
            for &i in children.get(p.as_str()).into_iter().flatten() {
                let Some(it) = ws.snapshot.items.get(i) else {
                    continue;
                };
                if def.move_contents_to.is_some() {
                    found.push(it);
                } else if self.cascaded.insert(it.id.clone()) {
                    found.push(it);
                    stack.push(it.id.clone());
                }
            }
        }
        let to = match &def.move_contents_to {
            Some(k) => Some(self.container(act, t, k, successor, containers)?),
            None => None,
        };
        let kind = if to.is_some() {
            EffectKind::Keep
        } else {
            EffectKind::Delete
        };
        for it in found {
            effects.push(ItemEffect {
                item: it.id.clone(),
                item_type: it.kind.clone(),
                status: it.status.clone(),
                relation: "container".into(),
                kind,
                from: self.uid(t).to_string(),
                to: None,
                chosen_by: None,
                role_before: None,
                role_after: None,
                container: to.clone(),
                indexed_in: None,
                set: Map::new(),
                relation_after: None,
                after_days: def.after_days,
                at: def.after_days.map(|d| self.later(d)),
                rule: format!("{rule}.contents"),
            });
        }
        Ok(())
    }

    fn fallback(
        &self,
        s: &Scope<'a>,
        among: &crate::expr::Expr,
        order: FallbackOrder,
    ) -> Result<Option<usize>, Error> {
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

    fn container(
        &self,
        act: &CompiledAction,
        t: usize,
        key: &str,
        successor: Option<usize>,
        containers: &mut Vec<Container>,
    ) -> Result<String, Error> {
        let tid = self.uid(t);
        let id = format!("{tid}:{key}");
        if let Some(c) = containers.iter().find(|c| c.target == t && c.key == key) {
            return Ok(c.id.clone());
        }
        let Some(def) = act.def.containers.get(key) else {
            return Ok(id);
        };
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
            fields.insert(f.clone(), Value::String(s.render(tpl)?));
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
        Ok(unique)
    }

    /// Refuses a plan that would put items inside each other: a container
    /// created in an existing item (`inItem`) into which that item, or an
    /// item containing it, is moved (`moveTo`).
    fn check_plan_cycle(
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

    /// `now` plus `days`, RFC 3339.
    fn later(&self, days: u32) -> String {
        crate::time::format_rfc3339(self.now + f64::from(days) * 86_400.0)
    }

    /// The operations of the effects that happen `when` days after the
    /// action (`None`: at once).
    fn effect_ops(&self, effects: &[ItemEffect], when: Option<u32>, plan: &mut Vec<Op>) {
        let effects = effects.iter().filter(|e| e.after_days == when);
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
                        .map(|s| s.role.clone()),
                    to: Some(role.clone()),
                }),
                // Given back to a relation that holds one other user now (an
                // owner since the transfer): it goes back to the leaver.
                (EffectKind::Restore, Some(rel), _) if matches!(it.refs.get(rel), Some(Refs::One(cur)) if *cur != e.from) => {
                    if let Some(Refs::One(cur)) = it.refs.get(rel) {
                        plan.push(Op::SetRef {
                            item: e.item.clone(),
                            relation: rel.to_string(),
                            from: cur.clone(),
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
                    .map(|s| s.role.clone());
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
                if set_done.insert((e.item.clone(), k.clone())) {
                    let from = match k.strip_prefix("fields.") {
                        Some(f) => it.fields.get(f).cloned().unwrap_or(Value::Null),
                        None => it.status.clone().map_or(Value::Null, Value::String),
                    };
                    if &from != v {
                        plan.push(Op::SetItem {
                            item: e.item.clone(),
                            attribute: k.clone(),
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

fn type_label(policy: &Policy, ty: &str) -> String {
    policy.type_label(ty, 1)
}

/// Orders ids numerically when both are numbers (`u2` < `u10` too), else as text.
fn id_cmp(a: &str, b: &str) -> std::cmp::Ordering {
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

/// The personal fields a `fields` map of the policy erases or replaces.
fn field_changes(
    s: &Scope,
    defs: &crate::value::Dict<FieldChangeDef>,
    templates: &crate::value::Dict<crate::policy::Template>,
    fields: &Map,
    rule: &str,
) -> Result<Vec<FieldChange>, Error> {
    let mut out = Vec::new();
    let star = defs.get("*");
    for (name, old) in fields {
        let (kind, to) = match defs.get(name).or(star) {
            Some(FieldChangeDef::Erase) => (FieldChangeKind::Erase, Value::Null),
            Some(FieldChangeDef::Replace(_)) => {
                let key = if defs.contains_key(name) {
                    name.as_str()
                } else {
                    "*"
                };
                let t = templates
                    .get(key)
                    .map(|t| s.render(t))
                    .transpose()?
                    .unwrap_or_default();
                (FieldChangeKind::Replace, Value::String(t))
            }
            _ => continue,
        };
        if &to == old {
            continue;
        }
        out.push(FieldChange {
            field: name.clone(),
            kind,
            from: old.clone(),
            to,
            rule: rule.to_string(),
        });
    }
    Ok(out)
}

fn field_ops(user: &str, fields: &[FieldChange], plan: &mut Vec<Op>) {
    for f in fields {
        plan.push(Op::SetUserField {
            user: user.to_string(),
            field: f.field.clone(),
            from: f.from.clone(),
            to: f.to.clone(),
        });
    }
}

fn user_ops(u: &UserChange, now: &str, plan: &mut Vec<Op>) {
    if u.status_before != u.status_after {
        plan.push(Op::SetUserStatus {
            user: u.user.clone(),
            from: u.status_before.clone(),
            to: u.status_after.clone(),
            at: Some(now.to_string()),
        });
    }
    if let Some(to) = &u.role_after {
        plan.push(Op::SetUserRole {
            user: u.user.clone(),
            from: u.role_before.clone(),
            to: to.clone(),
        });
    }
    if u.sessions.login == "revoked" {
        plan.push(Op::RevokeSessions {
            user: u.user.clone(),
            delay: u.sessions.delay.clone(),
        });
    }
    if u.tokens_revoked {
        plan.push(Op::RevokeTokens {
            user: u.user.clone(),
        });
    }
    if u.new_assignments_blocked {
        plan.push(Op::BlockNewAssignments {
            user: u.user.clone(),
        });
    }
    field_ops(&u.user, &u.fields, plan);
    for l in &u.later {
        let mut ops = Vec::new();
        if let (Some(from), Some(to)) = (&l.status_before, &l.status_after) {
            ops.push(Op::SetUserStatus {
                user: u.user.clone(),
                from: from.clone(),
                to: to.clone(),
                at: Some(l.at.clone()),
            });
        }
        field_ops(&u.user, &l.fields, &mut ops);
        plan.push(Op::Later {
            at: l.at.clone(),
            after_days: l.after_days,
            user: u.user.clone(),
            label: l.label.clone(),
            ops,
        });
    }
}

mod apply;
mod compare;
pub mod detail;
pub(crate) mod fields;
mod summary;
pub mod sweep;
pub use apply::{apply, apply_plan};
pub use compare::{actions, compare, ActionChoice, CompareRow, Comparison};
pub use detail::{Detail, PageRequest, PreviewSummary, Sizing};
pub use sweep::{sweep, Sweep, SweepAnswer};
