//! Full preview over structure-aware inputs: a small workspace, a policy (a
//! shipped preset or one generated with random conditions and effects) and a
//! request, all built from the fuzzer's bytes through `arbitrary`, sent as
//! JSON through the same contract the npm package uses.
//!
//! Beyond "never panics", it checks what must hold for every input: the answer
//! is the tagged union; the same call twice gives the same bytes; a loaded
//! workspace answers like the one-shot call; an allowed preview applies.
#![no_main]
use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

const IDS: &[&str] = &["u0", "u1", "u2", "u3", "u4", "u5", "__proto__", "constructor", "ghost", ""];
const ROLES: &[&str] = &["owner", "admin", "member", "ownr", "__proto__", "regular", "viewer"];
const STATUSES: &[&str] = &["active", "deactivated", "deleted"];
const LICENCES: &[&str] = &["full", "light", "__proto__"];
const TYPES: &[&str] = &["deal", "task", "article", "folder", "automation", "apiToken", "prototype"];
const ITEM_STATUSES: &[&str] = &["open", "closed", "done", "won", "published", "enabled"];
const RELS: &[&str] = &["owner", "assignees", "createdBy", "author", "followers", "__proto__"];
const SHARE_ROLES: &[&str] = &["viewer", "editor", "admin", "superuser"];
const TIMES: &[&str] = &[
    "2026-11-23T10:00:00Z",
    "2026-01-01T00:00:00Z",
    "2026-01-15",
    "1970-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2026-02-30T00:00:00Z",
    "not a time",
];
const PRESETS: &[&str] = &["pipedrive", "document360", "teamleader", "workfront", "wrike"];
const KINDS: &[&str] = &["keep", "transfer", "reassign", "remove", "reattribute", "delete", "share"];

/// A condition of the policy language, rendered to text.
#[derive(Arbitrary, Debug)]
enum Cond {
    True,
    RoleIs(u8, u8),
    StatusIs(u8, u8),
    ItemStatus(u8),
    ItemType(u8),
    Sso(u8),
    DaysSince(u8, i16),
    Count(u8, Box<Cond>, i8),
    Any(u8, Box<Cond>),
    Not(Box<Cond>),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    InGroups(u8),
    SuccessorNull(bool),
    Option(bool),
    Arith(i32, u8, i32),
    Raw(String),
}

const WHO: &[&str] = &["target", "actor", "successor", "candidate", "u"];

fn render(c: &Cond, depth: usize) -> String {
    if depth > 12 {
        return "true".into();
    }
    let w = |i: &u8| WHO[*i as usize % WHO.len()];
    let d = depth + 1;
    match c {
        Cond::True => "true".into(),
        Cond::RoleIs(who, r) => format!("{}.role == '{}'", w(who), ROLES[*r as usize % ROLES.len()]),
        Cond::StatusIs(who, s) => format!("{}.status == '{}'", w(who), STATUSES[*s as usize % STATUSES.len()]),
        Cond::ItemStatus(s) => format!("item.status == '{}'", ITEM_STATUSES[*s as usize % ITEM_STATUSES.len()]),
        Cond::ItemType(t) => format!("item.type == '{}'", TYPES[*t as usize % TYPES.len()]),
        Cond::Sso(who) => format!("{}.sso", w(who)),
        Cond::DaysSince(who, n) => format!("daysSince({}.lastActiveAt) > {n}", w(who)),
        Cond::Count(list, body, n) => format!(
            "count({}, u => {}) >= {n}",
            ["users", "targets", "items"][*list as usize % 3],
            render(body, d)
        ),
        Cond::Any(list, body) => format!(
            "any({}, u => {})",
            ["users", "targets"][*list as usize % 2],
            render(body, d)
        ),
        Cond::Not(x) => format!("not ({})", render(x, d)),
        Cond::And(a, b) => format!("({}) and ({})", render(a, d), render(b, d)),
        Cond::Or(a, b) => format!("({}) or ({})", render(a, d), render(b, d)),
        Cond::InGroups(who) => format!("item.fields.group in {}.groups", w(who)),
        Cond::SuccessorNull(b) => format!("successor {} null", if *b { "==" } else { "!=" }),
        Cond::Option(b) => format!("options.transfer == {b}"),
        Cond::Arith(a, op, b) => format!("{a} {} {b} > 0", ["+", "-", "*", "/"][*op as usize % 4]),
        Cond::Raw(s) => s.chars().take(200).collect(),
    }
}

#[derive(Arbitrary, Debug)]
struct RuleSpec {
    types: Option<u8>,
    relation: Option<u8>,
    when: Option<Cond>,
    kind: u8,
    otherwise: Option<u8>,
    fallback: Option<Cond>,
}

#[derive(Arbitrary, Debug)]
struct ConstraintSpec {
    scope: u8,
    when: Cond,
    warn: bool,
    action: Option<u8>,
}

#[derive(Arbitrary, Debug)]
enum PolicySpec {
    Preset(u8),
    Generated {
        ranks: [u8; 3],
        constraints: Vec<ConstraintSpec>,
        rules: Vec<(u8, RuleSpec)>,
        from_deactivated: bool,
        holding_deactivated: bool,
        over_limit_warn: bool,
    },
}

fn effect(kind: u8, otherwise: Option<u8>, fallback: Option<&Cond>) -> Value {
    let k = KINDS[kind as usize % KINDS.len()];
    let mut e = json!({ "kind": k });
    if k == "reattribute" {
        e["placeholder"] = json!("ghost");
    }
    if k == "share" {
        e["role"] = json!("raise");
    }
    if k == "reassign" {
        e["role"] = json!("editor");
    }
    if let Some(o) = otherwise {
        if k == "transfer" || k == "reassign" {
            e["otherwise"] = effect(o, None, None);
        }
    }
    if let Some(f) = fallback {
        if k == "transfer" {
            e["fallback"] = json!({ "among": render(f, 0), "order": "highestRank" });
        }
    }
    e
}

fn policy(spec: &PolicySpec) -> Value {
    match spec {
        PolicySpec::Preset(i) => json!(PRESETS[*i as usize % PRESETS.len()]),
        PolicySpec::Generated { ranks, constraints, rules, from_deactivated, holding_deactivated, over_limit_warn } => {
            let actions = ["deactivate", "delete", "reactivate"];
            let mut acts = Map::new();
            for a in actions {
                acts.insert(a.into(), json!({ "rules": [] }));
            }
            if *from_deactivated {
                acts["delete"]["fromStatuses"] = json!(["deactivated"]);
            }
            for (n, (a, r)) in rules.iter().take(8).enumerate() {
                let mut rule = json!({ "id": format!("r{n}"), "effect": effect(r.kind, r.otherwise, r.fallback.as_ref()) });
                if let Some(t) = r.types {
                    rule["types"] = json!([TYPES[t as usize % TYPES.len()]]);
                }
                if let Some(rel) = r.relation {
                    let rels: Vec<&str> = RELS.iter().copied().chain(["share"]).collect();
                    rule["relations"] = json!([rels[rel as usize % rels.len()]]);
                }
                if let Some(w) = &r.when {
                    rule["when"] = json!(render(w, 0));
                }
                let act = actions[*a as usize % 3];
                if let Some(list) = acts[act]["rules"].as_array_mut() {
                    list.push(rule);
                }
            }
            let cons: Vec<Value> = constraints
                .iter()
                .take(6)
                .enumerate()
                .map(|(n, c)| {
                    let mut v = json!({
                        "id": format!("c{n}"),
                        "scope": (["target", "successor", "request"][c.scope as usize % 3]),
                        "when": render(&c.when, 0),
                        "severity": if c.warn { "warn" } else { "block" },
                        "code": format!("c{n}"),
                        "message": "{target.name} is refused",
                    });
                    if let Some(a) = c.action {
                        v["actions"] = json!([actions[a as usize % 3]]);
                    }
                    v
                })
                .collect();
            json!({
                "id": "fuzz",
                "roles": {
                    "owner": { "rank": ranks[0] },
                    "admin": { "rank": ranks[1] },
                    "member": { "rank": ranks[2] }
                },
                "shareRoles": ["viewer", "editor", "admin"],
                "placeholders": { "ghost": { "name": "(deleted user)" } },
                "seats": {
                    "holdingStatuses": if *holding_deactivated { json!(["active", "deactivated"]) } else { json!(["active"]) },
                    "onOverLimit": if *over_limit_warn { "warn" } else { "block" }
                },
                "actions": acts,
                "constraints": cons,
            })
        }
    }
}

#[derive(Arbitrary, Debug)]
struct UserSpec {
    role: Option<u8>,
    status: u8,
    licence: Option<u8>,
    sso: bool,
    last: Option<u8>,
    group: bool,
    placeholder: bool,
}

#[derive(Arbitrary, Debug)]
struct ItemSpec {
    kind: u8,
    status: Option<u8>,
    container: Option<u8>,
    refs: Vec<(u8, Vec<u8>)>,
    shares: Vec<(u8, u8)>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    users: Vec<UserSpec>,
    items: Vec<ItemSpec>,
    seats: Vec<(u8, u8)>,
    policy: PolicySpec,
    action: u8,
    actor: u8,
    targets: Vec<u8>,
    successor: Option<u8>,
    transfer: Option<bool>,
    now: u8,
    limits: Option<(u8, u16)>,
}

fn build(inp: &Input) -> Value {
    let n = inp.users.len().clamp(1, 8);
    let uid = |i: u8| IDS[i as usize % n.min(IDS.len())];
    let users: Vec<Value> = inp
        .users
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, u)| {
            let mut v = json!({
                "id": IDS[i % IDS.len()],
                "status": STATUSES[u.status as usize % 3],
                "fields": { "name": format!("User {i}"), "email": format!("u{i}@example.com") },
            });
            if let Some(r) = u.role {
                v["role"] = json!(ROLES[r as usize % ROLES.len()]);
            }
            if let Some(l) = u.licence {
                v["licence"] = json!(LICENCES[l as usize % LICENCES.len()]);
            }
            if u.sso {
                v["sso"] = json!(true);
            }
            if let Some(t) = u.last {
                v["lastActiveAt"] = json!(TIMES[t as usize % TIMES.len()]);
            }
            if u.group {
                v["groups"] = json!(["support"]);
            }
            if u.placeholder {
                v["placeholder"] = json!(true);
            }
            v
        })
        .collect();
    let m = inp.items.len().min(16);
    let items: Vec<Value> = inp
        .items
        .iter()
        .take(m)
        .enumerate()
        .map(|(i, it)| {
            let mut v = json!({ "id": format!("i{i}"), "type": TYPES[it.kind as usize % TYPES.len()], "fields": { "group": "support" } });
            if let Some(s) = it.status {
                v["status"] = json!(ITEM_STATUSES[s as usize % ITEM_STATUSES.len()]);
            }
            if let Some(c) = it.container {
                v["container"] = json!(format!("i{}", c as usize % m.max(1)));
            }
            let mut refs = Map::new();
            for (rel, ids) in it.refs.iter().take(4) {
                let rel = RELS[*rel as usize % RELS.len()];
                let ids: Vec<&str> = ids.iter().take(4).map(|u| uid(*u)).collect();
                let value = if ids.len() == 1 { json!(ids[0]) } else { json!(ids) };
                refs.insert(rel.into(), value);
            }
            if !refs.is_empty() {
                v["refs"] = Value::Object(refs);
            }
            let shares: Vec<Value> = it
                .shares
                .iter()
                .take(3)
                .map(|(u, r)| json!({ "user": uid(*u), "role": SHARE_ROLES[*r as usize % SHARE_ROLES.len()] }))
                .collect();
            if !shares.is_empty() {
                v["shares"] = json!(shares);
            }
            v
        })
        .collect();
    let mut seats = Map::new();
    for (l, s) in inp.seats.iter().take(3) {
        seats.insert(LICENCES[*l as usize % LICENCES.len()].into(), json!(s));
    }
    let mut request = json!({
        "action": (["deactivate", "delete", "reactivate"][inp.action as usize % 3]),
        "actor": uid(inp.actor),
        "targets": inp.targets.iter().take(4).map(|t| uid(*t)).collect::<Vec<_>>(),
        "now": TIMES[inp.now as usize % TIMES.len()],
    });
    if let Some(s) = inp.successor {
        request["successor"] = json!(uid(s));
    }
    if let Some(t) = inp.transfer {
        request["options"] = json!({ "transfer": t });
    }
    let mut call = json!({
        "policy": policy(&inp.policy),
        "snapshot": { "seats": seats, "users": users, "items": items, "account": { "plan": "business" } },
        "request": request,
    });
    if let Some((which, value)) = inp.limits {
        let name = ["maxEvaluationSteps", "maxConditionNodes", "maxConditionDepth", "maxRefsPerItem", "maxStringBytes"][which as usize % 5];
        call["limits"] = json!({ name: value });
    }
    call
}

fuzz_target!(|data: &[u8]| {
    // Inputs that start with `{` are whole JSON calls (the seeds are the
    // scenario files); the others are turned into a call by `arbitrary`.
    let call = if data.first() == Some(&b'{') {
        match serde_json::from_slice::<Value>(data) {
            Ok(v) if v.get("snapshot").is_some_and(Value::is_object) => v,
            _ => {
                let _ = offboard::ffi::preview_json(data);
                let _ = offboard::ffi::compare_json(data);
                return;
            }
        }
    } else {
        let mut u = Unstructured::new(data);
        let Ok(inp) = Input::arbitrary(&mut u) else { return };
        build(&inp)
    };
    let Ok(bytes) = serde_json::to_vec(&call) else { return };
    let answer = offboard::ffi::preview_json(&bytes);
    let parsed: Value = serde_json::from_str(&answer).unwrap_or_else(|e| panic!("answer is not JSON ({e}): {answer}"));
    assert!(parsed["ok"].is_boolean(), "not a tagged answer: {answer}");
    // Determinism: the same bytes in, the same bytes out.
    assert_eq!(answer, offboard::ffi::preview_json(&bytes), "two answers for one call");
    // A loaded workspace answers like the one-shot call (when that one
    // succeeded: a malformed call envelope has no loaded equivalent).
    let load = json!({ "snapshot": call["snapshot"], "limits": call.get("limits") });
    let loaded_ws = if parsed["ok"] == json!(true) {
        offboard::ffi::LoadedWorkspace::load_answer(&serde_json::to_vec(&load).unwrap_or_default()).0
    } else {
        None
    };
    if let Some(ws) = loaded_ws {
        let again = json!({ "policy": call["policy"], "request": call["request"] });
        let loaded = ws.preview_json(&serde_json::to_vec(&again).unwrap_or_default());
        assert_eq!(answer, loaded, "the loaded workspace answers differently");
        let _ = ws.compare_json(&serde_json::to_vec(&again).unwrap_or_default());
    }
    let _ = offboard::ffi::compare_json(&bytes);
    // An allowed preview applies to its snapshot.
    if parsed["ok"] == json!(true) && parsed["value"]["verdict"] == json!("allowed") {
        let apply = json!({ "snapshot": call["snapshot"], "preview": parsed["value"] });
        let after = offboard::ffi::apply_json(&serde_json::to_vec(&apply).unwrap_or_default());
        assert!(after.starts_with("{\"ok\":true"), "an allowed preview does not apply: {after}");
    }
});
