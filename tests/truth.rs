//! Every sentence a preview says is true: blocked previews, summary lines,
//! findings, labels, and the integrity of containers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use offboard::ffi;
use serde_json::{json, Value};

fn call(f: fn(&[u8]) -> String, input: &Value) -> Value {
    serde_json::from_str(&f(input.to_string().as_bytes())).unwrap()
}

fn preview(policy: &Value, snapshot: &Value, request: &Value) -> Value {
    let v = call(
        ffi::preview_json,
        &json!({"policy": policy, "snapshot": snapshot, "request": request}),
    );
    assert_eq!(v["ok"], true, "expected a preview, got {v}");
    v["value"].clone()
}

fn errors(policy: &Value, snapshot: &Value, request: &Value) -> Vec<Value> {
    let v = call(
        ffi::preview_json,
        &json!({"policy": policy, "snapshot": snapshot, "request": request}),
    );
    assert_eq!(v["ok"], false, "expected an error, got {v}");
    v["errors"].as_array().unwrap().clone()
}

fn preset(name: &str) -> (Value, Value) {
    let v: Value = serde_json::from_str(&ffi::preset_json(
        json!({"name": name}).to_string().as_bytes(),
    ))
    .unwrap();
    (v["value"]["policy"].clone(), v["value"]["sample"].clone())
}

fn texts(p: &Value) -> Vec<String> {
    p["summary"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap().to_string())
        .collect()
}

fn simple_policy() -> Value {
    json!({
        "id": "t",
        "roles": {"owner": {"rank": 2}, "member": {"rank": 1}},
        "shareRoles": ["viewer", "editor"],
        "actions": {"deactivate": {}, "delete": {}, "reactivate": {}}
    })
}

fn users() -> Value {
    json!([
        {"id": "u1", "role": "owner", "licence": "full", "fields": {"name": "Ann"}},
        {"id": "u2", "role": "member", "licence": "full", "fields": {"name": "Bob"}},
        {"id": "u3", "role": "member", "licence": "full", "fields": {"name": "Cy"}}
    ])
}

fn delete_u2() -> Value {
    json!({"action": "delete", "actor": "u1", "targets": ["u2"], "now": "2026-11-23T10:00:00Z"})
}

// ------------------------------------------------------------ 6. containers

#[test]
fn a_snapshot_whose_items_contain_each_other_is_an_error_naming_the_cycle() {
    let two = json!({"users": users(), "items": [
        {"id": "x", "type": "folder"},
        {"id": "d1", "type": "folder", "container": "d2"},
        {"id": "d2", "type": "folder", "container": "d1"}
    ]});
    let e = errors(&simple_policy(), &two, &delete_u2());
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0]["code"], "containerCycle");
    assert_eq!(e[0]["path"], "/snapshot/items/1/container");
    assert_eq!(
        e[0]["message"],
        "items contain each other: `d1` is in `d2` is in `d1`"
    );
    assert!(e[0]["help"].is_string());

    let three = json!({"users": users(), "items": [
        {"id": "a", "type": "folder", "container": "b"},
        {"id": "c", "type": "folder", "container": "a"},
        {"id": "b", "type": "folder", "container": "c"},
        {"id": "z", "type": "task", "container": "a"}
    ]});
    let e = errors(&simple_policy(), &three, &delete_u2());
    assert_eq!(e[0]["code"], "containerCycle");
    assert_eq!(e[0]["path"], "/snapshot/items/0/container");
    assert_eq!(
        e[0]["message"],
        "items contain each other: `a` is in `b` is in `c` is in `a`"
    );

    // A chain that ends is fine, and an item in itself is still `invalidValue`.
    let chain = json!({"users": users(), "items": [
        {"id": "a", "type": "folder", "container": "b"},
        {"id": "b", "type": "folder", "container": "c"},
        {"id": "c", "type": "folder"}
    ]});
    preview(&simple_policy(), &chain, &delete_u2());
    let own = json!({"users": users(), "items": [{"id": "a", "type": "folder", "container": "a"}]});
    assert_eq!(
        errors(&simple_policy(), &own, &delete_u2())[0]["code"],
        "invalidValue"
    );
}

#[test]
fn a_plan_that_would_put_items_inside_each_other_is_refused() {
    // The container is created inside the leaver's own folder, and that folder is moved into it.
    let policy = json!({
        "id": "t",
        "roles": {"owner": {"rank": 2}, "member": {"rank": 1}},
        "actions": {"delete": {
            "containers": {"res": {"type": "folder", "name": "{target.name} - resources", "inItem": "target.fields.home"}},
            "rules": [{"id": "move", "types": ["folder"], "effect": {"kind": "transfer", "moveTo": "res"}}]
        }}
    });
    let snapshot = json!({
        "users": [
            {"id": "u1", "role": "owner", "fields": {"name": "Ann"}},
            {"id": "u2", "role": "member", "fields": {"name": "Bob", "home": "f1"}},
            {"id": "u3", "role": "member", "fields": {"name": "Cy"}}
        ],
        "items": [{"id": "f1", "type": "folder", "refs": {"owner": "u2"}}]
    });
    let mut request = delete_u2();
    request["successor"] = json!("u3");
    let e = errors(&policy, &snapshot, &request);
    assert_eq!(e[0]["code"], "containerCycle");
    assert_eq!(e[0]["path"], "/policy/actions/delete/containers/res");
    assert_eq!(
        e[0]["message"],
        "this delete would put items inside each other: `f1` would be in `u2:res` would be in `f1`"
    );
    // Created in someone else's folder, the same move is fine.
    let mut other = snapshot.clone();
    other["users"][1]["fields"]["home"] = json!("f0");
    other["items"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "f0", "type": "space"}));
    preview(&policy, &other, &request);
}

// ------------------------------------------------------------ 1. blocked previews

const NOW: &str = "2026-11-23T10:00:00Z";

fn ops(p: &Value) -> Vec<Value> {
    p["plan"].as_array().unwrap().clone()
}

#[test]
fn a_transition_that_cannot_occur_shows_no_seats_and_no_changes() {
    // Teamleader: a deleted user cannot be reactivated.
    let (policy, mut snapshot) = preset("teamleader");
    assert_eq!(snapshot["users"][7]["id"], "u-arne");
    snapshot["users"][7]["status"] = json!("deleted");
    let p = preview(
        &policy,
        &snapshot,
        &json!({"action": "reactivate", "actor": "u-sofie", "targets": ["u-arne"], "now": NOW}),
    );
    assert_eq!(p["verdict"], "blocked");
    assert_eq!(p["blockers"][0]["code"], "prerequisiteStatus");
    assert!(p["seats"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["change"] == 0));
    assert_eq!(p["users"][0]["statusAfter"], "deleted");
    assert_eq!(p["users"][0]["seat"], "none");
    assert_eq!(p["summary"]["conditional"], true);
    assert!(texts(&p).is_empty(), "{:?}", texts(&p));
    assert!(ops(&p).is_empty());

    // Pipedrive: an active user must be deactivated before being deleted.
    let (policy, snapshot) = preset("pipedrive");
    let p = preview(
        &policy,
        &snapshot,
        &json!({"action": "delete", "actor": "u-kadri", "targets": ["u-liisa"], "successor": "u-rasmus", "now": NOW}),
    );
    assert_eq!(p["verdict"], "blocked");
    assert_eq!(p["users"][0]["statusAfter"], "active");
    assert_eq!(p["users"][0]["fields"], json!([]));
    assert_eq!(p["effects"], json!([]));
    assert!(texts(&p).is_empty(), "{:?}", texts(&p));
    assert!(ops(&p).is_empty());

    // In a bulk selection, the targets that can make the transition still show it, conditionally.
    let p = preview(
        &policy,
        &snapshot,
        &json!({"action": "delete", "actor": "u-kadri", "targets": ["u-liisa", "u-tomas"], "now": NOW}),
    );
    assert_eq!(p["verdict"], "blocked");
    let lines = texts(&p);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Once resolved, would anonymise Tomas Novak")),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("Liisa")), "{lines:?}");
    assert!(ops(&p).iter().all(|o| o["user"] != "u-liisa"));
}

#[test]
fn nothing_goes_to_a_refused_successor() {
    // Wrike: a collaborator cannot receive a deleted user's data.
    let (policy, snapshot) = preset("wrike");
    let p = preview(
        &policy,
        &snapshot,
        &json!({"action": "delete", "actor": "u-olivia", "targets": ["u-chloe"], "successor": "u-zoe", "now": NOW}),
    );
    assert_eq!(p["verdict"], "blocked");
    assert_eq!(p["summary"]["conditional"], true);
    let b = &p["blockers"][0];
    assert_eq!(
        (&b["user"], &b["successor"]),
        (&json!("u-chloe"), &json!("u-zoe"))
    );
    for e in p["effects"].as_array().unwrap() {
        assert_ne!(e["to"], "u-zoe", "{e}");
        assert!(
            e.get("container").is_none() && e.get("roleAfter").is_none(),
            "{e}"
        );
    }
    for o in ops(&p) {
        assert!(
            o["op"] != "createItem" && o["to"] != "u-zoe" && o["user"] != "u-zoe",
            "{o}"
        );
    }
    for l in texts(&p) {
        assert!(
            l.starts_with("Once resolved, ") || l.starts_with("Needs a successor for "),
            "{l}"
        );
        assert!(
            !l.contains("Zoe") && !l.contains("Shares") && !l.contains("Creates"),
            "{l}"
        );
    }
}

#[test]
fn a_resolvable_blocker_shows_what_would_happen_conditionally() {
    // Pipedrive: an admin cannot deactivate themself; another admin could.
    let (policy, snapshot) = preset("pipedrive");
    let request =
        json!({"action": "deactivate", "actor": "u-martin", "targets": ["u-martin"], "now": NOW});
    let p = preview(&policy, &snapshot, &request);
    assert_eq!(p["verdict"], "blocked");
    assert_eq!(p["summary"]["conditional"], true);
    let lines = texts(&p);
    assert!(!lines.is_empty());
    assert!(
        lines.iter().all(|l| l.starts_with("Once resolved, ")),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"Once resolved, would free 1 user seat (7 of 10 used after)".to_string()),
        "{lines:?}"
    );
    assert!(p["summary"]["headline"]
        .as_str()
        .unwrap()
        .starts_with("Cannot deactivate Martin Kask: "));
    let mut allowed = request.clone();
    allowed["actor"] = json!("u-kadri");
    let p = preview(&policy, &snapshot, &allowed);
    assert_eq!(p["summary"]["conditional"], false);
    assert!(texts(&p).contains(&"Frees 1 user seat (7 of 10 used after)".to_string()));
}

// ------------------------------------------------------------ 2. summary lines from the plan

#[test]
fn share_lines_count_new_raised_and_unchanged_shares_apart() {
    let policy = json!({
        "id": "t",
        "roles": {"owner": {"rank": 2}, "member": {"rank": 1}},
        "shareRoles": ["viewer", "editor"],
        "types": {"project": {"label": "project"}},
        "actions": {"delete": {"rules": [
            {"id": "shares", "relations": ["share"], "effect": {"kind": "share", "role": "raise"}}
        ]}}
    });
    let snapshot = json!({"users": users(), "items": [
        {"id": "p1", "type": "project", "shares": [{"user": "u2", "role": "editor"}]},
        {"id": "p2", "type": "project", "shares": [{"user": "u2", "role": "editor"}, {"user": "u3", "role": "viewer"}]},
        {"id": "p3", "type": "project", "shares": [{"user": "u2", "role": "viewer"}, {"user": "u3", "role": "editor"}]}
    ]});
    let mut request = delete_u2();
    request["successor"] = json!("u3");
    let p = preview(&policy, &snapshot, &request);
    let lines = texts(&p);
    assert!(
        lines.contains(&"Shares 1 project with Cy".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"Raises Cy's access to 1 project".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"Leaves Cy's access to 1 project as it is".to_string()),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("3 projects")), "{lines:?}");
    let kinds: Vec<&str> = p["summary"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.ends_with(&["share", "shareRaised", "shareUnchanged"]),
        "{kinds:?}"
    );
}

#[test]
fn a_kept_item_that_the_plan_changes_is_not_unchanged() {
    let policy = json!({
        "id": "t",
        "roles": {"owner": {"rank": 2}, "member": {"rank": 1}},
        "types": {"article": {"label": "article"}},
        "actions": {"deactivate": {
            "containers": {"old": {"type": "folder", "name": "{target.name} - archive"}},
            "rules": [
                {"id": "unpublish", "types": ["article"], "when": "item.status == 'published'", "effect": {"kind": "keep", "set": {"status": "draft"}}},
                {"id": "archive", "types": ["article"], "when": "item.status == 'old'", "effect": {"kind": "keep", "moveTo": "old"}},
                {"id": "rest", "types": ["article"], "effect": {"kind": "keep"}}
            ]
        }}
    });
    let snapshot = json!({"users": users(), "items": [
        {"id": "a1", "type": "article", "status": "published", "refs": {"author": "u2"}},
        {"id": "a2", "type": "article", "status": "old", "refs": {"author": "u2"}},
        {"id": "a3", "type": "article", "status": "draft", "refs": {"author": "u2"}}
    ]});
    let p = preview(
        &policy,
        &snapshot,
        &json!({"action": "deactivate", "actor": "u1", "targets": ["u2"], "now": NOW}),
    );
    let lines = texts(&p);
    assert!(
        lines.contains(&"Sets status to 'draft' on 1 published article".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(
            &"Creates the folder 'Bob - archive' and moves 1 article into it".to_string()
        ),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"Keeps 1 draft article unchanged".to_string()),
        "{lines:?}"
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("published article unchanged") || l.contains("2 articles")),
        "{lines:?}"
    );
}

// ------------------------------------------------------------ 3. findings say whom and what

#[test]
fn seat_limit_findings_name_the_licence_and_the_users_taking_seats() {
    let mut policy = simple_policy();
    policy["seats"] = json!({"licences": {"full": {"label": "full licence"}}});
    let snapshot = json!({"seats": {"full": 2}, "users": [
        {"id": "u1", "role": "owner", "licence": "full", "fields": {"name": "Ann"}},
        {"id": "u2", "role": "member", "licence": "full", "fields": {"name": "Bob"}},
        {"id": "u3", "role": "member", "licence": "full", "status": "deactivated", "fields": {"name": "Cy"}},
        {"id": "u4", "role": "member", "licence": "full", "status": "deactivated", "fields": {"name": "Di"}}
    ]});
    let p = preview(
        &policy,
        &snapshot,
        &json!({"action": "reactivate", "actor": "u1", "targets": ["u3", "u4"], "now": NOW}),
    );
    let b = p["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["code"] == "seatLimitExceeded")
        .unwrap()
        .clone();
    assert_eq!(b["licence"], "full");
    assert_eq!(b["users"], json!(["u3", "u4"]));
    assert_eq!(
        b["message"],
        "4 full licences would be in use after reactivating Cy and Di, over the plan's limit of 2"
    );
}

#[test]
fn successor_findings_name_the_successor_in_a_field() {
    let (policy, snapshot) = preset("pipedrive");
    // Tomas is deactivated: the new owner must be active.
    let p = preview(
        &policy,
        &snapshot,
        &json!({"action": "deactivate", "actor": "u-kadri", "targets": ["u-liisa"], "successor": "u-tomas", "now": NOW}),
    );
    let b = &p["blockers"][0];
    assert_eq!(b["user"], "u-liisa");
    assert_eq!(b["successor"], "u-tomas");
    // The built-in checks too.
    let p = preview(
        &simple_policy(),
        &json!({"users": users()}),
        &json!({"action": "delete", "actor": "u1", "targets": ["u2", "u3"], "successor": "u3", "now": NOW}),
    );
    let b = p["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["code"] == "successorLeaving")
        .unwrap()
        .clone();
    assert_eq!(
        (b["user"].clone(), b["successor"].clone()),
        (json!("u2"), json!("u3"))
    );
}

#[test]
fn a_mixed_selection_headline_names_the_selection_rule() {
    let (policy, snapshot) = preset("document360");
    let users: Vec<(String, String)> = snapshot["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["id"].as_str().unwrap().to_string(),
                u["status"].as_str().unwrap_or("active").to_string(),
            )
        })
        .collect();
    let active = users
        .iter()
        .find(|u| u.1 == "active" && u.0 != "u-aisha")
        .unwrap()
        .0
        .clone();
    let inactive = users
        .iter()
        .find(|u| u.1 == "deactivated")
        .unwrap()
        .0
        .clone();
    let p = preview(
        &policy,
        &snapshot,
        &json!({"action": "deactivate", "actor": "u-aisha", "targets": [active, inactive], "now": NOW}),
    );
    let h = p["summary"]["headline"].as_str().unwrap();
    assert!(
        h.contains(": A selection of both active and inactive users does not offer Deactivate (and 1 more)"),
        "{h}"
    );
}

// ------------------------------------------------------------ 4. labels, articles, plurals

#[test]
fn licences_are_labelled_and_never_read_seat_seat() {
    let mut policy = simple_policy();
    let snapshot = json!({"seats": {"seat": 5}, "users": [
        {"id": "u1", "role": "owner", "licence": "seat", "fields": {"name": "Ann"}},
        {"id": "u2", "role": "member", "licence": "seat", "fields": {"name": "Bob"}}
    ]});
    let p = preview(&policy, &snapshot, &delete_u2());
    assert!(
        texts(&p).contains(&"Frees 1 seat (1 of 5 used after)".to_string()),
        "{:?}",
        texts(&p)
    );
    policy["seats"] = json!({"licences": {"seat": {"label": "Creator licence"}}});
    let p = preview(&policy, &snapshot, &delete_u2());
    assert!(
        texts(&p).contains(&"Frees 1 Creator licence (1 of 5 used after)".to_string()),
        "{:?}",
        texts(&p)
    );
}

#[test]
fn role_sentences_take_the_right_article() {
    // Document360: a reviewer may not act; the message names the actor's role.
    let (policy, snapshot) = preset("document360");
    let find = |role: &str| {
        snapshot["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["role"] == role)
            .unwrap()["id"]
            .clone()
    };
    let p = preview(
        &policy,
        &snapshot,
        &json!({"action": "deactivate", "actor": find("admin"), "targets": [find("owner")], "now": NOW}),
    );
    let all = p["blockers"].to_string();
    assert!(
        !all.contains(" a admin") && !all.contains(" a owner"),
        "{all}"
    );
    let p = preview(
        &policy,
        &snapshot,
        &json!({"action": "deactivate", "actor": find("reviewer"), "targets": [find("reader")], "now": NOW}),
    );
    let all = p["blockers"].to_string();
    assert!(
        all.contains("is a Reviewer: only a Project Owner or Admin"),
        "{all}"
    );
    // Item type plurals come from the policy.
    let policy = json!({
        "id": "t",
        "roles": {"owner": {"rank": 2}, "member": {"rank": 1}},
        "types": {"person": {"label": "contact person", "plural": "contact people"}},
        "actions": {"delete": {"rules": [{"id": "r", "types": ["person"], "effect": {"kind": "transfer"}}]}}
    });
    let snapshot = json!({"users": users(), "items": [
        {"id": "p1", "type": "person", "refs": {"owner": "u2"}}
    ]});
    let p = preview(&policy, &snapshot, &delete_u2());
    assert_eq!(
        p["blockers"][0]["message"],
        "contact people of Bob must go to a successor, and none was given"
    );
    assert!(texts(&p).contains(&"Needs a successor for 1 contact person".to_string()));
}
