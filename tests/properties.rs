//! Properties over random workspaces, policies and requests: conservation,
//! determinism, purity, seat arithmetic, apply consistency and idempotence.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use offboard::engine::{apply, preview};
use offboard::limits::Limits;
use offboard::model::{Action, Item, Refs, Request, Share, Snapshot, Status, User};
use offboard::name::Name;
use offboard::policy::{EffectKind, Policy};
use offboard::preview::Verdict;
use offboard::workspace::Workspace;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

const ROLES: [&str; 3] = ["owner", "admin", "member"];
const STATUSES: [Status; 3] = [Status::ACTIVE, Status::DEACTIVATED, Status::DELETED];
const RELS: [&str; 3] = ["owner", "assignees", "createdBy"];
const TYPES: [&str; 3] = ["deal", "task", "article"];
const KINDS: [&str; 7] = [
    "keep",
    "transfer",
    "reassign",
    "remove",
    "reattribute",
    "delete",
    "share",
];

fn user(i: usize, role: usize, status: usize, licence: bool) -> User {
    let mut fields = offboard::value::Map::new();
    fields.insert("name".into(), format!("User {i}").into());
    fields.insert("email".into(), format!("u{i}@example.com").into());
    User {
        id: format!("u{i}"),
        role: Some(ROLES[role % 3].into()),
        status: STATUSES[status % 3].clone(),
        licence: licence.then(|| "full".to_string()),
        sso: i % 4 == 0,
        last_active_at: Some("2026-01-01T00:00:00Z".into()),
        status_changed_at: None,
        fields,
        permissions: vec![],
        groups: vec![format!("g{}", i % 2).into()],
        placeholder: false,
    }
}

fn snapshot_strategy() -> impl Strategy<Value = Snapshot> {
    (2usize..8).prop_flat_map(|n| {
        let users = proptest::collection::vec((0usize..3, 0usize..3, any::<bool>()), n);
        let items = proptest::collection::vec(
            (
                0usize..3,
                any::<bool>(),
                proptest::collection::vec(
                    (0usize..3, proptest::collection::vec(0usize..n, 0..3)),
                    0..3,
                ),
                proptest::collection::vec((0usize..n, 0usize..3), 0..3),
            ),
            0..25,
        );
        (users, items, 0u64..8).prop_map(|(us, its, limit)| {
            let users: Vec<User> = us
                .iter()
                .enumerate()
                .map(|(i, (r, s, l))| user(i, *r, *s, *l))
                .collect();
            let items = its
                .iter()
                .enumerate()
                .map(|(i, (t, open, refs, shares))| {
                    let mut rm = offboard::value::Dict::new();
                    for (rel, ids) in refs {
                        let ids: Vec<Name> = ids
                            .iter()
                            .map(|u| format!("u{u}"))
                            .collect::<BTreeSet<_>>()
                            .into_iter()
                            .map(Name::from)
                            .collect();
                        let v = if *rel == 0 {
                            ids.first().cloned().map_or(Refs::None(()), Refs::One)
                        } else {
                            Refs::Many(ids)
                        };
                        rm.insert(RELS[*rel].to_string(), v);
                    }
                    let mut seen = BTreeSet::new();
                    let shares = shares
                        .iter()
                        .filter(|(u, _)| seen.insert(*u))
                        .map(|(u, r)| Share {
                            user: format!("u{u}").into(),
                            role: ["viewer", "editor", "admin"][*r].into(),
                        })
                        .collect();
                    Item {
                        id: format!("i{i}"),
                        kind: TYPES[*t].into(),
                        status: Some(if *open { "open" } else { "closed" }.into()),
                        container: None,
                        refs: rm,
                        shares,
                        fields: offboard::value::Map::new(),
                    }
                })
                .collect();
            let mut seats = offboard::value::Dict::new();
            seats.insert("full".to_string(), limit);
            Snapshot {
                seats,
                users,
                items,
                account: None,
                scheduled: Vec::new(),
            }
        })
    })
}

fn policy_strategy() -> impl Strategy<Value = Value> {
    proptest::collection::vec((0usize..4, 0usize..4, 0usize..7, any::<bool>(), any::<bool>()), 0..6).prop_map(|rules| {
        let rules: Vec<Value> = rules
            .iter()
            .enumerate()
            .map(|(i, (t, r, k, cond, fallback))| {
                let mut rule = json!({"id": format!("r{i}"), "effect": {"kind": KINDS[*k]}});
                if *t < 3 {
                    rule["types"] = json!([TYPES[*t]]);
                }
                if *r < 3 {
                    rule["relations"] = json!([RELS[*r]]);
                } else {
                    rule["relations"] = json!(["share"]);
                }
                if *cond {
                    rule["when"] = json!("item.status == 'open'");
                }
                if KINDS[*k] == "reattribute" {
                    rule["effect"]["placeholder"] = json!("ghost");
                }
                if ["transfer", "reassign", "share"].contains(&KINDS[*k]) {
                    if *fallback {
                        rule["effect"]["fallback"] = json!({"among": "candidate.status == 'active'"});
                    }
                    rule["effect"]["otherwise"] = json!({"kind": "keep"});
                    rule["effect"]["role"] = json!("raise");
                }
                rule
            })
            .collect();
        json!({
            "id": "random",
            "roles": {"owner": {"rank": 3}, "admin": {"rank": 2}, "member": {"rank": 1}},
            "shareRoles": ["viewer", "editor", "admin"],
            "placeholders": {"ghost": {"name": "(deleted user)"}},
            "actions": {
                "deactivate": {"rules": rules.iter().map(|r| { let mut r = r.clone(); r["id"] = json!(format!("deactivate.{}", r["id"].as_str().unwrap_or(""))); r }).collect::<Vec<_>>()},
                "delete": {"rules": rules, "user": {"fields": {"name": {"replace": "(deleted user)"}, "*": "erase"}}},
                "reactivate": {}
            },
            "constraints": [{"id": "rank", "when": "actor.rank < target.rank", "code": "rank", "message": "no"}]
        })
    })
}

fn request_strategy() -> impl Strategy<Value = (usize, Vec<usize>, Option<usize>, usize)> {
    (
        0usize..3,
        proptest::collection::vec(0usize..8, 1..4),
        proptest::option::of(0usize..8),
        0usize..8,
    )
}

fn build(s: &Snapshot, (a, t, succ, actor): &(usize, Vec<usize>, Option<usize>, usize)) -> Request {
    let n = s.users.len();
    let targets: Vec<String> = t
        .iter()
        .map(|i| format!("u{}", i % n))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Request {
        action: [Action::DEACTIVATE, Action::DELETE, Action::REACTIVATE][*a].clone(),
        actor: format!("u{}", actor % n),
        targets,
        successor: succ.map(|i| format!("u{}", i % n)),
        successors: offboard::value::Dict::new(),
        options: offboard::value::Map::new(),
        now: "2026-11-23T10:00:00Z".into(),
    }
}

/// (item, relation) of every reference to `user`, with multiplicity.
fn references(s: &Snapshot, user: &str) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for it in &s.items {
        for (rel, r) in &it.refs {
            for id in r.ids() {
                if id == user {
                    *out.entry((it.id.clone(), rel.to_string())).or_insert(0) += 1;
                }
            }
        }
        for sh in &it.shares {
            if sh.user == user {
                *out.entry((it.id.clone(), "share".to_string())).or_insert(0) += 1;
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn conservation_determinism_purity_seats_apply(snap in snapshot_strategy(), pol in policy_strategy(), r in request_strategy()) {
        let limits = Limits::default();
        let policy = Policy::load(pol.to_string().as_bytes(), &limits).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let ws = Workspace::new(snap.clone(), &limits, "").map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let req = build(&snap, &r);
        let p = preview(&policy, &ws, &req, &limits).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;

        // Pure: the input is unchanged.
        prop_assert_eq!(&ws.snapshot, &snap);
        // Deterministic: the same input gives byte-identical output.
        let again = preview(&policy, &ws, &req, &limits).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(offboard::write::to_string(&p), offboard::write::to_string(&again));
        // Explained: every effect, blocker and warning names its rule.
        prop_assert!(p.effects.iter().all(|e| !e.rule.is_empty()));
        prop_assert!(p.blockers.iter().chain(&p.warnings).all(|f| !f.rule.is_empty() && !f.code.is_empty()));

        // Conservation: each reference to a leaving user appears in exactly one effect
        // (a target the action cannot take from its status is not leaving: no effects).
        let leaving = req.action != Action::REACTIVATE;
        for t in &req.targets {
            let refs = references(&snap, t);
            let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
            for e in p.effects.iter().filter(|e| &e.from == t) {
                *seen.entry((e.item.clone(), e.relation.clone())).or_insert(0) += 1;
            }
            let stays = p.blockers.iter().any(|b| b.code == "prerequisiteStatus" && b.user.as_deref() == Some(t.as_str()));
            if stays {
                prop_assert!(seen.is_empty());
                let u = p.users.iter().find(|x| &x.user == t).unwrap();
                prop_assert_eq!(&u.status_before, &u.status_after);
            } else if leaving {
                prop_assert_eq!(&refs, &seen, "references to {} vs effects", t);
            } else {
                prop_assert!(seen.is_empty());
            }
        }

        // Seat arithmetic: after - before is what the targets' status changes add up to.
        for s in &p.seats {
            let mut delta = 0i64;
            for u in &p.users {
                if u.licence.as_deref() == Some(s.licence.as_str()) {
                    delta += i64::from(policy.holds_seat(&s.licence, &u.status_after)) - i64::from(policy.holds_seat(&s.licence, &u.status_before));
                }
            }
            prop_assert_eq!(s.after as i64 - s.before as i64, delta);
            prop_assert_eq!(s.change, delta);
        }

        if p.verdict == Verdict::Allowed {
            let after = apply(&snap, &p).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(&ws.snapshot, &snap);
            // The result is itself a valid workspace.
            let ws2 = Workspace::new(after.clone(), &limits, "").map_err(|e| TestCaseError::fail(format!("apply made an invalid workspace: {e:?}")))?;
            let deleted: BTreeSet<&str> = p.effects.iter().filter(|e| e.kind == EffectKind::Delete).map(|e| e.item.as_str()).collect();
            for t in &req.targets {
                let left: usize = references(&after, t).values().sum();
                // Only the references the policy keeps remain (on items that still exist).
                let kept = p.effects.iter().filter(|e| &e.from == t && matches!(e.kind, EffectKind::Keep | EffectKind::Share) && !deleted.contains(e.item.as_str())).count();
                if leaving {
                    prop_assert_eq!(left, kept, "references left to {}", t);
                }
                // Re-attributed references point at the placeholder.
                for e in p.effects.iter().filter(|e| &e.from == t && e.kind == EffectKind::Reattribute && e.relation != "share" && !deleted.contains(e.item.as_str())) {
                    prop_assert!(references(&after, "ghost").contains_key(&(e.item.clone(), e.relation.clone())));
                }
                let u = after.users.iter().find(|u| &u.id == t).unwrap();
                prop_assert_eq!(&u.status, &p.users.iter().find(|x| &x.user == t).unwrap().status_after);
            }
            // Idempotence: previewing the same request on the result changes nothing more.
            let p2 = preview(&policy, &ws2, &req, &limits).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(p2.verdict, Verdict::Blocked);
            prop_assert!(p2.blockers.iter().any(|b| b.code == "prerequisiteStatus"));
        }
    }

    #[test]
    fn fingerprint_ignores_formatting(snap in snapshot_strategy()) {
        let limits = Limits::default();
        let compact = offboard::write::to_string(&snap).into_bytes();
        let pretty = serde_json::to_vec_pretty(&serde_json::from_slice::<Value>(&compact).unwrap()).unwrap();
        let a = Workspace::from_json(&compact, &limits, "").unwrap();
        let b = Workspace::from_json(&pretty, &limits, "").unwrap();
        prop_assert_eq!(a.hash(), b.hash());
    }
}

#[test]
fn fingerprint_changes_with_input() {
    let limits = Limits::default();
    let mut s = Snapshot::default();
    s.users.push(user(1, 0, 0, true));
    let a = Workspace::new(s.clone(), &limits, "").unwrap();
    s.users[0].fields.insert("name".into(), "Other".into());
    let b = Workspace::new(s, &limits, "").unwrap();
    assert_ne!(a.hash(), b.hash());
}
