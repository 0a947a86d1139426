//! `sweep`: previews one action for every user matching a condition (who can
//! be offboarded now, and what it saves), one preview per user, answered in
//! rows of summary size with totals. Long sweeps are read in chunks
//! (`offset`, `limit` over the matching users; `next` says where to go on).
use super::detail::{kinds_of, Detail};
use super::fields;
use crate::error::{own, wire, Error, LimitError, ReadError, RequestError};
use crate::eval::{Budget, Scope};
use crate::expr::Expr;
use crate::limits::Limits;
use crate::model::{Action, Request, Status};
use crate::policy::Policy;
use crate::preview::Verdict;
use crate::value::{Dict, Map, Value};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};

/// What to sweep. The call object also holds `policy`, read by the caller
/// (so unknown members are refused there, with the call's other members).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Sweep {
    pub action: Action,
    /// A per-target condition of the policy language; every user (but
    /// placeholders) when absent.
    #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The admin acting; by default, for each user, the highest-ranked active
    /// user other than that one (lowest id on ties).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    #[serde(default, skip_serializing_if = "crate::model::is_empty")]
    pub options: Map,
    /// The current time, RFC 3339.
    pub now: String,
    /// The first matching user to preview (0-based).
    #[serde(default)]
    pub offset: u64,
    /// How many matching users to preview; all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Only `"summary"`: a sweep's rows are summary-sized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Detail>,
}

/// The members of a sweep call (`policy` is read by the caller).
pub const MEMBERS: &[&str] = &[
    "policy",
    "action",
    "where",
    "actor",
    "successor",
    "options",
    "now",
    "offset",
    "limit",
    "detail",
];

impl Sweep {
    /// Reads a sweep from its parsed call object, each error with its path.
    pub fn from_value(v: &Value) -> Result<Sweep, Vec<ReadError>> {
        let m = fields::object(v, MEMBERS, "").map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let mut opt_string = |key: &str| -> Option<String> {
            let v = m.get(key)?;
            fields::string(v, &format!("/{key}"))
                .map_err(|e| errors.push(e))
                .ok()
        };
        let condition = opt_string("where");
        let actor = opt_string("actor");
        let successor = opt_string("successor");
        let now = opt_string("now");
        let mut count = |key: &str| -> Option<u64> {
            let v = m.get(key)?;
            fields::count(v, &format!("/{key}"))
                .map_err(|e| errors.push(e))
                .ok()
        };
        let offset = count("offset").unwrap_or(0);
        let limit = count("limit");
        let action = match m.get("action") {
            Some(a) => match a.as_str() {
                Some(a) if !a.is_empty() => Some(Action::new(a)),
                _ => {
                    errors.push(fields::invalid("/action", "an action name", a));
                    None
                }
            },
            None => {
                errors.push(fields::missing("", "action"));
                None
            }
        };
        if now.is_none() && !m.contains_key("now") {
            errors.push(fields::missing("", "now"));
        }
        let detail = match m.get("detail") {
            Some(d) => fields::variant(d, Detail::NAMES, Detail::ALL, "/detail")
                .map_err(|e| errors.push(e))
                .ok(),
            None => None,
        };
        let options = match m.get("options") {
            Some(Value::Object(o)) => o.clone(),
            Some(other) => {
                errors.push(fields::invalid("/options", "an object", other));
                Map::new()
            }
            None => Map::new(),
        };
        match (action, now) {
            (Some(action), Some(now)) if errors.is_empty() => Ok(Sweep {
                action,
                condition,
                actor,
                successor,
                options,
                now,
                offset,
                limit,
                detail,
            }),
            _ => Err(errors),
        }
    }
}

/// A blocker of one user: code and message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RowBlocker {
    pub code: String,
    pub message: String,
}

/// Seats of one licence that one user's action changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeatChange {
    pub licence: String,
    /// How sentences name this many seats of the licence (as [`SeatTotal::label`]).
    pub label: String,
    /// Negative frees seats, positive consumes them (as `Seats.change`).
    pub change: i64,
}

/// The preview of one matching user, in summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SweepRow {
    pub user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub actor: String,
    pub verdict: Verdict,
    pub blockers: Vec<RowBlocker>,
    pub warnings: u64,
    pub seats: Vec<SeatChange>,
    /// Effects by kind: `{"transfer": 14, …}` (numbers; a [`Map`] so that
    /// no other map type is compiled into the wasm module).
    #[cfg_attr(feature = "schema", schemars(with = "crate::preview::EffectCounts"))]
    pub effects: Map,
    pub fingerprint: String,
}

/// Seats of one licence over the rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeatTotal {
    pub licence: String,
    /// How sentences name these seats: the licence's `label` (or
    /// `plural`) in the policy's `seats.licences`, else "<licence> seats".
    pub label: String,
    /// When the licence's `billing` keeps freed seats billed: until the
    /// billing period ends (`periodEnd`) or an admin removes the licence
    /// (`removed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billed_until: Option<crate::policy::Billing>,
    /// Seats freed by the users whose action is allowed.
    pub reclaimable: u64,
    /// Seats the blocked users would free once their blockers are resolved.
    pub blocked: u64,
}

/// The users one blocker code stops.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BlockerTotal {
    pub code: String,
    /// The first such blocker's message.
    pub message: String,
    pub users: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SweepTotals {
    pub users: u64,
    pub allowed: u64,
    pub blocked: u64,
    /// By licence, sorted.
    pub seats: Vec<SeatTotal>,
    /// By code: most users first, then by code.
    pub blockers: Vec<BlockerTotal>,
}

/// The answer: the rows of `offset..offset+limit` of the matching users,
/// their totals, and where the next chunk starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SweepAnswer {
    pub action: Action,
    pub policy: String,
    /// Users matching `where`, over the whole workspace.
    pub matched: u64,
    pub offset: u64,
    /// The `offset` of the next chunk, or `null` after the last.
    pub next: Option<u64>,
    pub rows: Vec<SweepRow>,
    pub totals: SweepTotals,
}

/// Sweeps `ws` under `policy`.
pub fn sweep(
    policy: &Policy,
    ws: &Workspace,
    s: &Sweep,
    limits: &Limits,
) -> Result<SweepAnswer, Vec<Error>> {
    let (now, cond) = check(policy, ws, s, limits)?;
    let users = &ws.snapshot.users;
    let actors = Actors::new(policy, ws);
    let mut matched = Vec::new();
    for (i, u) in users.iter().enumerate() {
        if u.placeholder {
            continue;
        }
        let ok = match &cond {
            None => true,
            Some(e) => {
                let actor = s.actor.clone().or_else(|| actors.for_target(i));
                let req = request(s, &u.id, actor.as_deref().unwrap_or(&u.id));
                test(policy, ws, &req, now, i, e, limits)?
            }
        };
        if ok {
            matched.push(i);
        }
    }
    let total = matched.len() as u64;
    let start = usize::try_from(s.offset).unwrap_or(usize::MAX);
    let take = s
        .limit
        .map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
    let mut rows = Vec::new();
    for &i in matched.iter().skip(start).take(take) {
        let Some(u) = users.get(i) else { continue };
        let actor = match &s.actor {
            Some(a) => a.clone(),
            None => actors
                .for_target(i)
                .ok_or_else(|| Vec::from(RequestError::NoActor { user: own(&u.id) }))?,
        };
        let req = request(s, &u.id, &actor);
        rows.push(super::run(policy, ws, &req, limits, |run, w| {
            row(run, w, &u.id, actor)
        })?);
    }
    let end = s.offset.saturating_add(rows.len() as u64);
    Ok(SweepAnswer {
        action: s.action.clone(),
        policy: policy.id().to_string(),
        matched: total,
        offset: s.offset,
        next: (end < total && s.limit.is_some()).then_some(end),
        totals: totals(policy, &rows),
        rows,
    })
}

/// Checks the sweep's own members (with their paths) and compiles `where`.
fn check(
    policy: &Policy,
    ws: &Workspace,
    s: &Sweep,
    limits: &Limits,
) -> Result<(f64, Option<Expr>), Vec<Error>> {
    let mut errors = Vec::new();
    let now = crate::time::parse_rfc3339(&s.now);
    if now.is_none() {
        errors.push(Error::from(RequestError::InvalidTimestamp {
            path: "/now",
            value: own(&s.now),
        }));
    }
    let names = policy.doc.action_names();
    if !names.contains(&s.action) {
        let list: Vec<&str> = names.iter().map(Action::as_str).collect();
        errors.push(fields::unknown_variant(s.action.as_str(), &list, "/action").into());
    }
    for (id, path) in [(&s.actor, "/actor"), (&s.successor, "/successor")] {
        if let Some(id) = id.as_deref().filter(|id| ws.user_index(id).is_none()) {
            errors.push(
                RequestError::UnknownUser {
                    path: own(path),
                    id: own(id),
                    suggestion: crate::expr::did_you_mean(id, ws.user_ids()).map(own),
                }
                .into(),
            );
        }
    }
    if s.detail == Some(Detail::Full) {
        errors.push(RequestError::SweepInFullDetail.into());
    }
    if s.limit == Some(0) {
        errors.push(RequestError::SweepLimitZero.into());
    }
    let cond = match &s.condition {
        Some(src) => match policy.target_condition(src, limits, "/where") {
            Ok(e) => Some(e),
            Err(e) => {
                errors.extend(wire(e));
                None
            }
        },
        None => None,
    };
    match (errors.is_empty(), now) {
        (true, Some(now)) => Ok((now, cond)),
        _ => Err(errors),
    }
}

fn request(s: &Sweep, target: &str, actor: &str) -> Request {
    Request {
        action: s.action.clone(),
        actor: actor.to_string(),
        targets: vec![target.to_string()],
        successor: s.successor.clone(),
        successors: Dict::new(),
        options: s.options.clone(),
        now: s.now.clone(),
    }
}

/// Evaluates `where` for one user, with its own step budget.
fn test(
    policy: &Policy,
    ws: &Workspace,
    req: &Request,
    now: f64,
    target: usize,
    e: &Expr,
    limits: &Limits,
) -> Result<bool, Vec<Error>> {
    let budget = Budget::new(limits.max_evaluation_steps);
    let targets = [target];
    let scope = Scope {
        ws,
        policy,
        req,
        now,
        targets: &targets,
        budget: &budget,
        actor: ws.user_index(&req.actor),
        target: Some(target),
        successor: req.successor.as_deref().and_then(|s| ws.user_index(s)),
        item: None,
        rel: None,
        user: None,
        share: None,
        candidate: None,
    };
    scope.test(e, &mut Vec::new()).map_err(|e| {
        Vec::from(match e {
            LimitError::EvaluationSteps { path: "", max } => LimitError::EvaluationSteps {
                path: "/where",
                max,
            },
            e => e,
        })
    })
}

/// The default actors: the two highest-ranked active users (lowest id on
/// ties), so that each target gets the best one other than itself.
struct Actors<'a> {
    best: [Option<(usize, &'a str)>; 2],
}

impl<'a> Actors<'a> {
    fn new(policy: &Policy, ws: &'a Workspace) -> Actors<'a> {
        // (rank, id, index) of the best two, by rank then lowest id.
        let mut best: [Option<(i64, &'a str, usize)>; 2] = [None, None];
        for (i, u) in ws.snapshot.users.iter().enumerate() {
            if u.status != Status::ACTIVE || u.placeholder {
                continue;
            }
            let rank = u
                .role
                .as_deref()
                .and_then(|r| policy.rank(r))
                .unwrap_or(i64::MIN);
            let c = (rank, u.id.as_str(), i);
            let beats = |o: &Option<(i64, &str, usize)>| match o {
                None => true,
                Some((r, id, _)) => rank > *r || (rank == *r && c.1 < *id),
            };
            let [first, second] = &mut best;
            if beats(first) {
                *second = *first;
                *first = Some(c);
            } else if beats(second) {
                *second = Some(c);
            }
        }
        Actors {
            best: best.map(|b| b.map(|(_, id, i)| (i, id))),
        }
    }
    fn for_target(&self, target: usize) -> Option<String> {
        self.best
            .iter()
            .flatten()
            .find(|(i, _)| *i != target)
            .map(|(_, id)| (*id).to_string())
    }
}

/// A user's row, from the preview in working form: what a row tells needs
/// neither the summary's sentences nor the effects written out.
fn row(run: &super::Run<'_>, w: super::work::Work<'_>, user: &str, actor: String) -> SweepRow {
    SweepRow {
        user: user.to_string(),
        name: w.users.first().and_then(|u| u.name.clone()),
        actor,
        verdict: run.verdict(),
        blockers: run
            .blockers
            .iter()
            .map(|b| RowBlocker {
                code: b.code.clone(),
                message: b.message.clone(),
            })
            .collect(),
        warnings: run.warnings.len() as u64,
        seats: w
            .seats
            .iter()
            .filter(|s| s.change != 0)
            .map(|s| SeatChange {
                licence: s.licence.clone(),
                label: run.policy.seats_label(&s.licence, s.change.unsigned_abs()),
                change: s.change,
            })
            .collect(),
        effects: kinds_of(&mut w.effects.iter().map(|e| e.kind)),
        fingerprint: w.fingerprint.value,
    }
}

/// Totals over rows. (Vectors searched in place rather than maps and
/// sorts: the wasm module stays small.)
pub fn totals(policy: &Policy, rows: &[SweepRow]) -> SweepTotals {
    let mut t = SweepTotals {
        users: rows.len() as u64,
        ..SweepTotals::default()
    };
    for r in rows {
        let allowed = r.verdict == Verdict::Allowed;
        if allowed {
            t.allowed += 1;
        } else {
            t.blocked += 1;
        }
        for s in &r.seats {
            let freed = u64::try_from(-s.change).unwrap_or(0);
            let at = match t.seats.iter().position(|x| x.licence >= s.licence) {
                Some(i) if t.seats.get(i).is_some_and(|x| x.licence == s.licence) => i,
                found => {
                    let i = found.unwrap_or(t.seats.len());
                    t.seats.insert(
                        i,
                        SeatTotal {
                            licence: s.licence.clone(),
                            // The plural: a total is of any number of seats.
                            label: policy.seats_label(&s.licence, 2),
                            billed_until: policy.billing(&s.licence),
                            reclaimable: 0,
                            blocked: 0,
                        },
                    );
                    i
                }
            };
            if let Some(st) = t.seats.get_mut(at) {
                if allowed {
                    st.reclaimable += freed;
                } else {
                    st.blocked += freed;
                }
            }
        }
        for b in &r.blockers {
            match t.blockers.iter_mut().find(|x| x.code == b.code) {
                Some(bt) if bt.users.last() == Some(&r.user) => {}
                Some(bt) => bt.users.push(r.user.clone()),
                None => t.blockers.push(BlockerTotal {
                    code: b.code.clone(),
                    message: b.message.clone(),
                    users: vec![r.user.clone()],
                }),
            }
        }
    }
    // Most users first, then by code: an insertion sort (a handful of codes).
    for i in 1..t.blockers.len() {
        let mut j = i;
        while j > 0 && before(t.blockers.get(j), t.blockers.get(j - 1)) {
            t.blockers.swap(j, j - 1);
            j -= 1;
        }
    }
    t
}

fn before(a: Option<&BlockerTotal>, b: Option<&BlockerTotal>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.users.len() > b.users.len() || (a.users.len() == b.users.len() && a.code < b.code)
        }
        _ => false,
    }
}
