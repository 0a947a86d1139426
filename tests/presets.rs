//! The shipped presets: every preset loads and validates with the loader users
//! call, every sample workspace loads, and every example request names users of
//! its sample. The behaviour each help page documents is proven by the scenario
//! files under `tests/scenarios/presets/<preset>/`, run by `tests/scenarios.rs`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use offboard::limits::Limits;
use offboard::policy::Policy;
use offboard::workspace::Workspace;
use serde_json::Value;
use std::path::PathBuf;

const PRESETS: [&str; 5] = [
    "teamleader",
    "workfront",
    "wrike",
    "pipedrive",
    "document360",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> Vec<u8> {
    let p = root().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

fn policy(name: &str) -> Policy {
    Policy::load(&read(&format!("presets/{name}.json")), &Limits::default())
        .unwrap_or_else(|e| panic!("preset {name} does not load: {e:#?}"))
}

fn sample(name: &str) -> Workspace {
    Workspace::from_json(
        &read(&format!("presets/samples/{name}.json")),
        &Limits::default(),
        "",
    )
    .unwrap_or_else(|e| panic!("sample {name} does not load: {e:#?}"))
}

fn examples(name: &str) -> Vec<Value> {
    let v: Value =
        serde_json::from_slice(&read(&format!("presets/samples/{name}.requests.json"))).unwrap();
    v.as_array().expect("the examples file is an array").clone()
}

#[test]
fn every_preset_loads_and_its_id_is_its_file_name() {
    for name in PRESETS {
        let p = policy(name);
        assert_eq!(p.id(), name);
        assert!(p.doc.name.is_some(), "{name}: a preset has a display name");
        assert!(
            p.doc.source.is_some(),
            "{name}: a preset names its help page"
        );
    }
}

#[test]
fn every_preset_file_is_listed() {
    let mut found: Vec<String> = std::fs::read_dir(root().join("presets"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".json"))
                .map(str::to_string)
        })
        .collect();
    found.sort();
    let mut expected: Vec<String> = PRESETS.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn every_rule_and_constraint_quotes_or_explains_its_source() {
    for name in PRESETS {
        let doc: Value = serde_json::from_slice(&read(&format!("presets/{name}.json"))).unwrap();
        let actions = doc["actions"].as_object().unwrap();
        for (action, a) in actions {
            for r in a["rules"].as_array().into_iter().flatten() {
                let id = r["id"].as_str().unwrap();
                assert!(r["doc"].as_str().is_some_and(|d| !d.trim().is_empty()), "{name}: rule {id} of {action} has no doc");
                assert!(id.starts_with(&format!("{name}.")), "{name}: rule id {id} is prefixed with the preset id");
            }
        }
        for c in doc["constraints"].as_array().into_iter().flatten() {
            let id = c["id"].as_str().unwrap();
            assert!(c["doc"].as_str().is_some_and(|d| !d.trim().is_empty()), "{name}: constraint {id} has no doc");
            assert!(id.starts_with(&format!("{name}.")), "{name}: constraint id {id} is prefixed with the preset id");
        }
    }
}

#[test]
fn every_sample_loads() {
    for name in PRESETS {
        let ws = sample(name);
        let snap = &ws.snapshot;
        assert!(
            snap.users.len() >= 8,
            "{name}: a sample has a few users of each role"
        );
        assert!(
            snap.items.len() >= 50,
            "{name}: a sample has a few dozen items"
        );
        for u in &snap.users {
            if !u.placeholder {
                assert!(
                    u.fields
                        .get("name")
                        .and_then(Value::as_str)
                        .is_some_and(|n| n.contains(' ')),
                    "{name}: user {} has a realistic full name",
                    u.id
                );
            }
        }
    }
}

#[test]
fn every_sample_has_a_few_users_of_each_role_and_a_few_dozen_items_of_each_type() {
    for name in PRESETS {
        let p = policy(name);
        let ws = sample(name);
        for role in p.doc.roles.keys() {
            let n = ws
                .snapshot
                .users
                .iter()
                .filter(|u| u.role.as_deref() == Some(role.as_str()) && !u.placeholder)
                .count();
            assert!(n >= 2, "{name}: role {role} has {n} users in the sample");
        }
        for ty in p.doc.types.keys() {
            let n = ws.snapshot.items.iter().filter(|i| &i.kind == ty).count();
            assert!(n >= 3, "{name}: type {ty} has {n} items in the sample");
        }
        for u in &ws.snapshot.users {
            if let Some(role) = &u.role {
                assert!(
                    p.doc.roles.contains_key(role),
                    "{name}: user {} has role {role} the preset does not declare",
                    u.id
                );
            }
        }
        for it in &ws.snapshot.items {
            assert!(
                p.doc.types.contains_key(&it.kind),
                "{name}: item {} has type {} the preset does not label",
                it.id,
                it.kind
            );
        }
    }
}

#[test]
fn every_example_request_is_well_formed_and_names_users_of_its_sample() {
    for name in PRESETS {
        let ws = sample(name);
        let ex = examples(name);
        assert!(ex.len() >= 3, "{name}: a few example requests");
        for e in ex {
            let label = e
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{name}: an example has a name"));
            assert!(
                e.get("description").and_then(Value::as_str).is_some(),
                "{name}: example {label} has a description"
            );
            let req: offboard::model::Request =
                serde_json::from_value(e.get("request").cloned().unwrap())
                    .unwrap_or_else(|err| panic!("{name}: example {label}: {err}"));
            let mut ids: Vec<&str> = vec![req.actor.as_str()];
            ids.extend(req.targets.iter().map(String::as_str));
            ids.extend(req.successor.as_deref());
            ids.extend(req.successors.values().map(String::as_str));
            for id in ids {
                assert!(
                    ws.user_index(id).is_some(),
                    "{name}: example {label} names unknown user {id}"
                );
            }
            assert!(
                offboard::time::parse_rfc3339(&req.now).is_some(),
                "{name}: example {label} has an RFC 3339 `now`"
            );
        }
    }
}

/// Every example request previews on its sample; an example whose name says
/// "(blocked)" is blocked and every other one is allowed and applies cleanly.
/// Set `OFFBOARD_DUMP=<dir>` to write each preview there for reading.
#[test]
fn every_example_previews_as_its_name_says() {
    for name in PRESETS {
        let sample: Value = serde_json::from_slice(&read(&format!("presets/samples/{name}.json"))).unwrap();
        for (i, e) in examples(name).iter().enumerate() {
            let label = e["name"].as_str().unwrap();
            let input = serde_json::json!({"policy": name, "snapshot": sample, "request": e["request"]});
            let out: Value = serde_json::from_str(&offboard::ffi::preview_json(&serde_json::to_vec(&input).unwrap())).unwrap();
            assert_eq!(out["ok"], Value::Bool(true), "{name}: example {label}: {}", out["errors"]);
            let preview = &out["value"];
            if let Ok(dir) = std::env::var("OFFBOARD_DUMP") {
                std::fs::write(format!("{dir}/{name}-{i}.json"), serde_json::to_string_pretty(preview).unwrap()).unwrap();
            }
            let expected = if label.contains("(blocked)") { "blocked" } else { "allowed" };
            assert_eq!(preview["verdict"], Value::from(expected), "{name}: example {label}: blockers {}", preview["blockers"]);
            if expected == "allowed" {
                let after: Value = serde_json::from_str(&offboard::ffi::apply_json(&serde_json::to_vec(&serde_json::json!({"snapshot": sample, "preview": preview})).unwrap())).unwrap();
                assert_eq!(after["ok"], Value::Bool(true), "{name}: example {label} does not apply: {}", after["errors"]);
            }
        }
    }
}
