//! Checks before any consequence: the request against the workspace, the
//! built-in blockers (self action, from-statuses, windows, successors) and
//! the policy's constraints.
use super::*;
use crate::error::own;

/// The code of the blocker for a target whose status the action does not take.
pub(super) const PREREQUISITE: &str = "prerequisiteStatus";

/// The rule id of that blocker: the action's `fromStatuses`.
pub(super) fn from_statuses_rule(action: &Action) -> String {
    format!("actions.{}.fromStatuses", action.as_str())
}

/// Checks the request against the workspace: unknown users and malformed fields are errors.
pub(super) fn check_request(
    ws: &Workspace,
    req: &Request,
) -> Result<(f64, usize, Vec<usize>), Vec<RequestError>> {
    let mut errors = Vec::new();
    let now = crate::time::parse_rfc3339(&req.now);
    if now.is_none() {
        errors.push(RequestError::InvalidTimestamp {
            path: "/request/now",
            value: own(&req.now),
        });
    }
    let find = |id: &str, path: String, errors: &mut Vec<RequestError>| -> Option<usize> {
        let r = ws.user_index(id);
        if r.is_none() {
            let suggestion = if ws.snapshot.users.len() <= 10_000 {
                crate::expr::did_you_mean(id, ws.user_ids()).map(own)
            } else {
                None
            };
            errors.push(RequestError::UnknownUser {
                path,
                id: own(id),
                suggestion,
            });
        }
        r
    };
    let actor = find(&req.actor, "/request/actor".into(), &mut errors);
    if req.targets.is_empty() {
        errors.push(RequestError::NoTargets);
    }
    let mut targets = Vec::new();
    for (i, t) in req.targets.iter().enumerate() {
        if let Some(u) = find(t, format!("/request/targets/{i}"), &mut errors) {
            if targets.contains(&u) {
                errors.push(RequestError::DuplicateTarget {
                    path: format!("/request/targets/{i}"),
                    id: own(t),
                });
            }
            targets.push(u);
        }
    }
    if let Some(s) = &req.successor {
        find(s, "/request/successor".into(), &mut errors);
    }
    for (t, s) in &req.successors {
        let p = format!("/request/successors/{}", crate::value::seg(t));
        if !req.targets.iter().any(|x| x == t) {
            errors.push(RequestError::SuccessorOfNonTarget {
                path: own(&p),
                id: own(t),
            });
        }
        find(s, p, &mut errors);
    }
    match (errors.is_empty(), now, actor) {
        (true, Some(now), Some(actor)) => Ok((now, actor, targets)),
        _ => Err(errors),
    }
}

impl<'a> Run<'a> {
    /// The status `t` has after the action: the action's `user.status`,
    /// a built-in action's own, else the status the user has now.
    pub(super) fn status_after(&self, act: &CompiledAction, t: usize) -> Status {
        act.def
            .user
            .status
            .clone()
            .or_else(|| default_status(&self.req.action))
            .or_else(|| self.user(t).map(|u| u.status.clone()))
            .unwrap_or_default()
    }

    /// The licence `t` holds after the action: the action's `user.licence`,
    /// else the one held now (also when the transition cannot occur).
    pub(super) fn licence_after(&self, act: &'a CompiledAction, t: usize) -> Option<&'a str> {
        let now = self.user(t).and_then(|u| u.licence.as_deref());
        match &act.def.user.licence {
            Some(l) if !self.impossible.contains(&(t as u64)) => l.as_deref(),
            _ => now,
        }
    }

    /// Whether the action acts on what `t` is referenced by: an action that
    /// leaves `t` without access, or one with rules of its own (a
    /// reactivation that restores memberships).
    pub(super) fn touches_items(&self, act: &CompiledAction, t: usize) -> bool {
        self.status_after(act, t) != Status::ACTIVE || !act.rules.is_empty()
    }

    /// The window the action must happen in, counted from the target's last
    /// status change: the action's `withinDays`, else, for an action that
    /// restores access, the `restoreWindowDays` of the action that led to
    /// the target's status.
    pub(super) fn window_of(
        &self,
        act: &CompiledAction,
        t: usize,
        u: &User,
    ) -> Option<(u32, String)> {
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
    pub(super) fn window(&mut self, act: &CompiledAction, t: usize, u: &User) {
        let Some((days, rule)) = self.window_of(act, t, u) else {
            return;
        };
        let name = u.display_name();
        let action = crate::text::words(self.req.action.as_str());
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

    pub(super) fn builtins(&mut self, act: &CompiledAction) -> Result<(), LimitError> {
        let action = &self.req.action;
        let targets = self.targets.clone();
        for &t in &targets {
            let leaving = self.touches_items(act, t);
            let Some(u) = self.user(t) else { continue };
            let name = u.display_name();
            if t == self.actor && !act.def.allow_self {
                self.blockers.push(finding(
                    "selfAction",
                    format!(
                        "{name} cannot {} their own account",
                        crate::text::words(action.as_str())
                    ),
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
                        crate::text::words(action.as_str()),
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
                self.impossible.insert(t as u64);
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
                self.refused.insert(t as u64);
                for f in self.blockers.iter_mut().skip(before) {
                    f.successor = Some(sid.to_string());
                }
            }
        }
        Ok(())
    }

    pub(super) fn constraints(&mut self) -> Result<(), LimitError> {
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
                                    refused.insert(t as u64);
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
}
