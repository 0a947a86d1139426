//! The engine: previews, apply and compare.
//!
//! A preview walks only the references of the users involved (through the
//! workspace index), so its cost does not grow with the size of the workspace.
use crate::error::{wire, Code, Error, LimitError, RequestError};
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
    impossible: BTreeSet<u64>,
    /// Targets whose successor is refused: nothing is shown going to it.
    refused: BTreeSet<u64>,
    /// Deleted items whose contents have been handled (see `contents`).
    cascaded: BTreeSet<u64>,
    /// Snapshot items by the id of their container, built on first use.
    children: Option<BTreeMap<&'a str, Vec<u32>>>,
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

/// Computes the preview of `req` on `ws` under `policy`.
pub fn preview(
    policy: &Policy,
    ws: &Workspace,
    req: &Request,
    limits: &Limits,
) -> Result<Preview, Vec<Error>> {
    run(policy, ws, req, limits, |run, w| run.full(w))
}

/// Computes the preview of `req` in `summary` detail, with one page of its
/// effects and plan if asked: the same verdict, findings, seats, summary and
/// fingerprint as [`preview`], without writing out every effect.
pub fn preview_summary(
    policy: &Policy,
    ws: &Workspace,
    req: &Request,
    limits: &Limits,
    page: Option<PageRequest>,
) -> Result<PreviewSummary, Vec<Error>> {
    run(policy, ws, req, limits, |run, w| run.summarized(w, page))
}

/// Computes the preview of `req` in the detail `sizing` asks for.
pub fn preview_sized(
    policy: &Policy,
    ws: &Workspace,
    req: &Request,
    limits: &Limits,
    sizing: Sizing,
) -> Result<detail::SizedPreview, Vec<Error>> {
    match sizing.detail {
        Detail::Full => preview(policy, ws, req, limits).map(detail::Sized::Full),
        Detail::Summary => {
            preview_summary(policy, ws, req, limits, sizing.page).map(detail::Sized::Summary)
        }
    }
}

fn run<T>(
    policy: &Policy,
    ws: &Workspace,
    req: &Request,
    limits: &Limits,
    answer: impl for<'a> FnOnce(&Run<'a>, work::Work<'a>) -> T,
) -> Result<T, Vec<Error>> {
    let (now, actor, targets, warnings) = checked(policy, ws, req)?;
    let mut run = Run {
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
    let w = run.go().map_err(|e| vec![e])?;
    Ok(answer(&run, w))
}

/// What [`checked`] finds: `now`, the actor, the targets and the warnings.
type Checked = (f64, usize, Vec<usize>, Vec<Finding>);

/// The request checked against the workspace, and the warnings (or errors)
/// of the names the snapshot uses that the policy does not declare. Not
/// inlined into each kind of answer (`run` is generic over it).
#[inline(never)]
fn checked(policy: &Policy, ws: &Workspace, req: &Request) -> Result<Checked, Vec<Error>> {
    let (now, actor, targets) = check_request(ws, req).map_err(wire)?;
    let warnings = crate::vocabulary::check(policy, ws.names()).map_err(wire)?;
    Ok((now, actor, targets, warnings))
}

impl<'a> Run<'a> {
    // Not inlined into each kind of answer (`run` is generic over it).
    #[inline(never)]
    fn go(&mut self) -> Result<work::Work<'a>, Error> {
        let action = self.req.action.clone();
        let act = self.policy.actions.get(&action);
        let fingerprint = {
            let request = crate::fingerprint::hash_json(self.req);
            Fingerprint {
                value: self.policy.fingerprint(self.ws.hash(), &request),
                policy: self.policy.hash().to_string(),
                snapshot: self.ws.hash().to_string(),
                request,
            }
        };
        let mut w = work::Work {
            action,
            seats: Vec::new(),
            users: Vec::new(),
            effects: Vec::new(),
            head: Vec::new(),
            now: Vec::new(),
            later: Vec::new(),
            containers: Vec::new(),
            fingerprint,
        };
        let Some(act) = act.filter(|a| a.def.enabled) else {
            let label = w.action.as_str();
            let mut f = finding(
                "actionUnavailable",
                format!(
                    "{} does not offer {}",
                    self.policy.doc.name.as_deref().unwrap_or(self.policy.id()),
                    crate::text::words(label)
                ),
                &format!("actions.{label}"),
                None,
                None,
            );
            f.users = self.req.targets.clone();
            self.blockers.push(f);
            return Ok(w);
        };
        self.builtins(act)?;
        self.constraints()?;
        w.seats = self.seats(act)?;
        let mut placeholders: BTreeSet<&'a str> = BTreeSet::new();
        let targets = self.targets.clone();
        for &t in &targets {
            let mut uc = self.user_change(act, t)?;
            user_ops(&uc, &self.req.now, &mut w.head);
            if self.touches_items(act, t) && !self.impossible.contains(&(t as u64)) {
                let start = w.effects.len();
                self.item_effects(act, t, &mut w.effects, &mut w.containers, &mut placeholders)?;
                // Access grants that end with the action.
                uc.access_revoked = w
                    .effects
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .filter(|e| {
                        e.after_days.is_none()
                            && e.share
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
            w.users.push(uc);
        }
        self.check_plan_cycle(&w.containers, &w.effects)?;
        for p in placeholders {
            if self.ws.user_index(p).is_none() {
                let name = self
                    .policy
                    .doc
                    .placeholders
                    .get(p)
                    .map_or_else(|| p.to_string(), |d| d.name.clone());
                w.head.push(Op::CreatePlaceholder {
                    user: p.to_string(),
                    name,
                });
            }
        }
        for c in &w.containers {
            let mut fields = c.fields.clone();
            fields.insert("name".into(), Value::String(c.name.clone()));
            let refs = c.owner.iter().cloned().collect();
            let container = c.inside(&w.containers).map(str::to_string);
            w.head.push(Op::CreateItem {
                item: c.id.clone(),
                item_type: c.kind.clone(),
                fields,
                container,
                refs,
                status: c.status.clone(),
            });
        }
        let (now, later) = self.item_ops(&w.effects, &w.containers);
        w.now = now;
        w.later = later;
        Ok(w)
    }

    fn verdict(&self) -> Verdict {
        if self.blockers.is_empty() {
            Verdict::Allowed
        } else {
            Verdict::Blocked
        }
    }

    /// The full answer: every effect and operation written out.
    #[inline(never)]
    fn full(&self, w: work::Work<'a>) -> Preview {
        let summary = self.summary(&w);
        let effects = self.effect_window(&w, 0, usize::MAX);
        let plan = self.plan_window(&w, 0, usize::MAX);
        Preview {
            action: w.action,
            policy: self.policy.id().to_string(),
            verdict: self.verdict(),
            blockers: self.blockers.clone(),
            warnings: self.warnings.clone(),
            seats: w.seats,
            users: w.users,
            effects,
            summary,
            plan,
            fingerprint: w.fingerprint,
        }
    }

    /// The answer in `summary` detail: counts, and one page if asked.
    #[inline(never)]
    fn summarized(&self, w: work::Work<'a>, page: Option<PageRequest>) -> PreviewSummary {
        let summary = self.summary(&w);
        let counts = detail::Counts {
            effects: w.effects.len() as u64,
            plan: w.plan_len() as u64,
            by_kind: detail::kinds_of(&mut w.effects.iter().map(|e| e.kind)),
        };
        let page = page.map(|r| {
            let end = r.offset.saturating_add(r.limit);
            let offset = usize::try_from(r.offset).unwrap_or(usize::MAX);
            let limit = usize::try_from(r.limit).unwrap_or(usize::MAX);
            detail::Page {
                offset: r.offset,
                limit: r.limit,
                next: (end < counts.effects.max(counts.plan)).then_some(end),
                effects: self.effect_window(&w, offset, limit),
                plan: self.plan_window(&w, offset, limit),
            }
        });
        PreviewSummary {
            action: w.action,
            policy: self.policy.id().to_string(),
            verdict: self.verdict(),
            blockers: self.blockers.clone(),
            warnings: self.warnings.clone(),
            seats: w.seats,
            users: w.users,
            summary,
            counts,
            page,
            fingerprint: w.fingerprint,
        }
    }

    /// `now` plus `days`, RFC 3339.
    fn later(&self, days: u32) -> String {
        crate::time::format_rfc3339(self.now + f64::from(days) * 86_400.0)
    }
    fn uid(&self, i: usize) -> &'a str {
        self.user(i).map_or("", |u| u.id.as_str())
    }
    fn uname(&self, i: usize) -> String {
        self.user(i).map(User::display_name).unwrap_or_default()
    }
}

fn type_label(policy: &Policy, ty: &str) -> String {
    policy.type_label(ty, 1)
}

mod apply;
mod checks;
mod compare;
pub mod detail;
mod effects;
pub(crate) mod fields;
mod plan;
mod seats;
mod summary;
pub mod sweep;
mod users;
mod work;
pub use apply::{apply, apply_plan};
use checks::{check_request, from_statuses_rule, PREREQUISITE};
pub use compare::{actions, compare, ActionChoice, CompareRow, Comparison};
pub use detail::{Detail, PageRequest, PreviewSummary, Sizing};
use plan::Container;
pub use sweep::{sweep, Sweep, SweepAnswer};
use users::user_ops;
use work::{Eff, IOp, LaterOps, RuleRef};
