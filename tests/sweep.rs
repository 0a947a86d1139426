//! `sweep`: one action previewed for every user matching a condition, with
//! rows and totals; each row is what a preview of that user alone says.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use offboard::ffi::{self, LoadedWorkspace};
use serde_json::{json, Value};

const NOW: &str = "2026-06-01T00:00:00Z";

fn policy() -> Value {
    json!({
        "id": "sweep-test",
        "roles": { "owner": { "rank": 3 }, "admin": { "rank": 2 }, "member": { "rank": 1 } },
        "types": { "deal": { "label": "deal" } },
        "seats": { "licences": { "full": { "label": "full seat" } } },
        "actions": {
            "deactivate": {
                "rules": [
                    { "id": "open-deals", "types": ["deal"], "relations": ["owner"], "when": "item.status == 'open'", "effect": { "kind": "transfer" } },
                    { "id": "closed-deals", "types": ["deal"], "relations": ["owner"], "effect": { "kind": "keep" } }
                ]
            },
            "delete": {}
        },
        "constraints": [
            { "id": "rank", "when": "actor.rank <= target.rank", "code": "rankTooLow", "message": "{actor.name} cannot act on {target.name}" }
        ]
    })
}

fn user(id: &str, role: &str, licence: &str, last: &str) -> Value {
    json!({ "id": id, "role": role, "licence": licence, "lastActiveAt": last, "fields": { "name": id.to_uppercase() } })
}

fn snapshot() -> Value {
    let mut users = vec![
        user("o1", "owner", "full", "2026-05-30T00:00:00Z"),
        user("a1", "admin", "full", "2025-01-01T00:00:00Z"),
        user("m1", "member", "full", "2025-12-01T00:00:00Z"),
        user("m2", "member", "light", "2026-05-01T00:00:00Z"),
        user("m3", "member", "full", "2025-10-01T00:00:00Z"),
        user("m4", "member", "light", "2024-01-01T00:00:00Z"),
    ];
    users.push(json!({ "id": "m5", "role": "member", "licence": "full", "status": "deactivated", "lastActiveAt": "2024-01-01T00:00:00Z" }));
    users.push(json!({ "id": "ghost", "placeholder": true }));
    json!({
        "seats": { "full": 10, "light": 5 },
        "users": users,
        "items": [
            { "id": "d1", "type": "deal", "status": "open", "refs": { "owner": "m1" } },
            { "id": "d2", "type": "deal", "status": "won", "refs": { "owner": "m1" } },
            { "id": "d3", "type": "deal", "status": "won", "refs": { "owner": "m3" } },
            { "id": "d4", "type": "deal", "status": "won", "refs": { "owner": "m4" } }
        ]
    })
}

fn load(snapshot: &Value) -> LoadedWorkspace {
    LoadedWorkspace::load(json!({ "snapshot": snapshot }).to_string().as_bytes()).unwrap()
}

fn sweep(ws: &LoadedWorkspace, input: Value) -> Value {
    serde_json::from_str(&ws.sweep_json(input.to_string().as_bytes())).unwrap()
}

fn ok(v: Value) -> Value {
    assert_eq!(v["ok"], true, "{v}");
    v["value"].clone()
}

const DORMANT: &str = "target.status == 'active' && daysSince(target.lastActiveAt) >= 90";

fn ids(rows: &Value) -> Vec<&str> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["user"].as_str().unwrap())
        .collect()
}

#[test]
fn a_sweep_previews_every_matching_user_and_totals_what_it_frees() {
    let ws = load(&snapshot());
    let a = ok(sweep(
        &ws,
        json!({ "policy": policy(), "action": "deactivate", "where": DORMANT, "now": NOW }),
    ));
    // Dormant and active: a1 (>1 year), m1 (182 days), m3 (243 days), m4; not
    // o1 or m2 (recent), m5 (deactivated), ghost (a placeholder).
    assert_eq!(ids(&a["rows"]), ["a1", "m1", "m3", "m4"]);
    assert_eq!(a["matched"], 4);
    assert_eq!(a["next"], Value::Null);
    let rows = a["rows"].as_array().unwrap();
    // The default actor: the owner; the owner would be previewed by the admin.
    assert!(rows.iter().all(|r| r["actor"] == "o1"));
    let row = |id: &str| rows.iter().find(|r| r["user"] == id).unwrap();
    // m1 owns an open deal and no successor is given: blocked, still counting
    // the seat it would free once resolved.
    assert_eq!(row("m1")["verdict"], "blocked");
    assert_eq!(row("m1")["blockers"][0]["code"], "successorRequired");
    assert!(row("m1")["blockers"][0]["message"].as_str().unwrap().len() > 5);
    assert_eq!(row("m1")["effects"], json!({ "keep": 1, "transfer": 1 }));
    assert_eq!(
        row("m1")["seats"],
        json!([{ "licence": "full", "label": "full seat", "change": -1 }])
    );
    assert_eq!(row("m3")["verdict"], "allowed");
    assert_eq!(row("m3")["effects"], json!({ "keep": 1 }));
    assert_eq!(
        row("m4")["seats"],
        json!([{ "licence": "light", "label": "light seat", "change": -1 }])
    );
    assert_eq!(row("a1")["name"], "A1");
    let t = &a["totals"];
    assert_eq!(
        (
            t["users"].clone(),
            t["allowed"].clone(),
            t["blocked"].clone()
        ),
        (json!(4), json!(3), json!(1))
    );
    assert_eq!(
        t["seats"],
        json!([
            { "licence": "full", "label": "full seats", "reclaimable": 2, "blocked": 1 },
            { "licence": "light", "label": "light seats", "reclaimable": 1, "blocked": 0 }
        ])
    );
    assert_eq!(t["blockers"][0]["code"], "successorRequired");
    assert_eq!(t["blockers"][0]["users"], json!(["m1"]));

    // With a successor, m1's deals go to o1 and nothing blocks.
    let b = ok(sweep(
        &ws,
        json!({ "policy": policy(), "action": "deactivate", "where": DORMANT, "successor": "o1", "now": NOW }),
    ));
    assert_eq!(b["totals"]["blocked"], 0);
    assert_eq!(b["totals"]["seats"][0]["reclaimable"], 3);
}

#[test]
fn each_row_is_what_a_preview_of_that_user_alone_says() {
    let snap = snapshot();
    let ws = load(&snap);
    for (action, cond) in [
        ("deactivate", None),
        ("delete", Some("target.role != 'owner'")),
        ("reactivate", None),
    ] {
        let mut input = json!({ "policy": policy(), "action": action, "now": NOW, "actor": "a1" });
        if let Some(c) = cond {
            input["where"] = json!(c);
        }
        let a = ok(sweep(&ws, input));
        let expect: usize = if cond.is_some() { 6 } else { 7 };
        assert_eq!(a["rows"].as_array().unwrap().len(), expect, "{action}");
        for r in a["rows"].as_array().unwrap() {
            let request =
                json!({ "action": action, "actor": "a1", "targets": [r["user"]], "now": NOW });
            let p: Value = serde_json::from_str(&ffi::preview_json(
                json!({ "policy": policy(), "snapshot": snap, "request": request })
                    .to_string()
                    .as_bytes(),
            ))
            .unwrap();
            let p = ok(p);
            assert_eq!(r["verdict"], p["verdict"], "{action} {}", r["user"]);
            assert_eq!(r["fingerprint"], p["fingerprint"]["value"]);
            let codes: Vec<&Value> = p["blockers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| &b["code"])
                .collect();
            let row_codes: Vec<&Value> = r["blockers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| &b["code"])
                .collect();
            assert_eq!(codes, row_codes);
            assert_eq!(
                r["warnings"],
                json!(p["warnings"].as_array().unwrap().len())
            );
            let changed: Vec<Value> = p["seats"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["change"] != 0)
                .map(|s| json!({ "licence": s["licence"], "change": s["change"] }))
                .collect();
            let row_seats: Vec<Value> = r["seats"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| json!({ "licence": s["licence"], "change": s["change"] }))
                .collect();
            assert_eq!(row_seats, changed);
            // Named as the preview's summary names them.
            for s in r["seats"].as_array().unwrap() {
                let label = s["label"].as_str().unwrap();
                assert!(
                    p["summary"]["lines"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|l| l["text"].as_str().unwrap().contains(label)),
                    "{label} not in the summary of {}",
                    r["user"]
                );
            }
            let n: u64 = r["effects"]
                .as_object()
                .unwrap()
                .values()
                .map(|v| v.as_u64().unwrap())
                .sum();
            assert_eq!(n as usize, p["effects"].as_array().unwrap().len());
        }
    }
    // The actor acting on themselves is blocked by the engine's own check.
    let a = ok(sweep(
        &ws,
        json!({ "policy": policy(), "action": "deactivate", "actor": "a1", "where": "target.id == 'a1'", "now": NOW }),
    ));
    assert_eq!(a["rows"][0]["blockers"][0]["code"], "selfAction");
}

#[test]
fn the_default_actor_of_the_owner_is_the_next_in_rank() {
    let ws = load(&snapshot());
    let a = ok(sweep(
        &ws,
        json!({ "policy": policy(), "action": "deactivate", "where": "target.role == 'owner'", "now": NOW }),
    ));
    assert_eq!(a["rows"][0]["user"], "o1");
    assert_eq!(a["rows"][0]["actor"], "a1");
    assert_eq!(a["rows"][0]["blockers"][0]["code"], "rankTooLow");
}

#[test]
fn chunks_concatenate_to_the_whole_sweep() {
    let ws = load(&snapshot());
    let base = json!({ "policy": policy(), "action": "delete", "now": NOW });
    let whole = ok(sweep(&ws, base.clone()));
    let mut rows = Vec::new();
    let mut offset = 0;
    let mut chunks = 0;
    loop {
        let mut input = base.clone();
        input["offset"] = json!(offset);
        input["limit"] = json!(3);
        let c = ok(sweep(&ws, input));
        assert_eq!(c["matched"], whole["matched"]);
        assert_eq!(c["offset"], json!(offset));
        assert_eq!(
            c["totals"]["users"],
            json!(c["rows"].as_array().unwrap().len())
        );
        rows.extend(c["rows"].as_array().unwrap().iter().cloned());
        chunks += 1;
        match c["next"].as_u64() {
            Some(n) => offset = n,
            None => break,
        }
    }
    assert_eq!(chunks, 3, "7 users in chunks of 3");
    assert_eq!(Value::Array(rows), whole["rows"]);
    // Past the end: no rows, no next.
    let mut input = base.clone();
    input["offset"] = json!(50);
    input["limit"] = json!(3);
    let c = ok(sweep(&ws, input));
    assert_eq!(c["rows"], json!([]));
    assert_eq!(c["next"], Value::Null);
}

#[test]
fn bad_sweeps_are_structured_errors_with_paths() {
    let ws = load(&snapshot());
    let err = |extra: Value| -> (String, String) {
        let mut input = json!({ "policy": policy(), "action": "deactivate", "now": NOW });
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        let v = sweep(&ws, input);
        assert_eq!(v["ok"], false, "{extra}: {v}");
        (
            v["errors"][0]["code"].as_str().unwrap().to_string(),
            v["errors"][0]["path"].as_str().unwrap().to_string(),
        )
    };
    let e = |c: &str, p: &str| (c.to_string(), p.to_string());
    assert_eq!(
        err(json!({ "where": "target.lastActivAt == null" })),
        e("unknownAttribute", "/where")
    );
    assert_eq!(
        err(json!({ "where": "item.status == 'open'" })),
        e("unboundVariable", "/where")
    );
    assert_eq!(
        err(json!({ "where": "target.role == 'ownr'" })),
        e("unknownRole", "/where")
    );
    assert_eq!(err(json!({ "where": "target.role ==" })).1, "/where");
    assert_eq!(
        err(json!({ "actor": "nobody" })),
        e("unknownUser", "/actor")
    );
    assert_eq!(
        err(json!({ "successor": "nobody" })),
        e("unknownUser", "/successor")
    );
    assert_eq!(
        err(json!({ "now": "yesterday" })),
        e("invalidTimestamp", "/now")
    );
    assert_eq!(
        err(json!({ "detail": "full" })),
        e("invalidValue", "/detail")
    );
    assert_eq!(err(json!({ "limit": 0 })), e("invalidValue", "/limit"));
    assert_eq!(
        err(json!({ "action": "archive" })),
        e("unknownVariant", "/action")
    );
    assert_eq!(err(json!({ "wehre": "true" })), e("unknownField", "/wehre"));
    // Limits are the loaded workspace's, not a sweep member.
    let v = sweep(
        &ws,
        json!({ "policy": policy(), "action": "deactivate", "now": NOW, "limits": {} }),
    );
    assert_eq!(v["ok"], false, "limits is not a sweep member");
}

#[test]
fn a_preset_sample_is_swept_for_dormant_users() {
    let ws = LoadedWorkspace::load(br#"{"snapshot":{"preset":"pipedrive"}}"#).unwrap();
    let a = ok(sweep(
        &ws,
        json!({ "policy": "pipedrive", "action": "deactivate", "where": "daysSince(target.lastActiveAt) >= 20", "now": "2025-10-01T09:00:00Z" }),
    ));
    // Active users last seen before 2025-09-11, and the deactivated ones
    // (whose deactivation cannot occur: prerequisiteStatus).
    assert_eq!(
        ids(&a["rows"]),
        ["u-kadri", "u-anna", "u-diego", "u-tomas", "u-jaan", "u-grete"]
    );
    let row = |id: &str| {
        a["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["user"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(row("u-tomas")["verdict"], "blocked");
    assert_eq!(row("u-tomas")["seats"], json!([]));
    let seats = &a["totals"]["seats"];
    let user = seats
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["licence"] == "user")
        .unwrap();
    let freed = |v: &str| {
        a["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["verdict"] == v)
            .map(|r| r["seats"].as_array().unwrap().len() as u64)
            .sum::<u64>()
    };
    assert_eq!(user["reclaimable"], json!(freed("allowed")));
    assert_eq!(user["blocked"], json!(freed("blocked")));
}
