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
