//! Runs every scenario file under `tests/scenarios/` (see its README.md).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// `expected` is a subset of `actual`: objects by key, arrays element-wise with
/// equal length unless the expected array starts with "...", in which case its
/// other elements must appear in order.
fn matches(expected: &Value, actual: &Value, path: &str, errors: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => matches(ev, av, &format!("{path}/{k}"), errors),
                    None if ev.is_null() => {}
                    None => errors.push(format!("{path}/{k}: missing, expected {ev}")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.first() == Some(&json!("...")) {
                let mut i = 0;
                for (n, ev) in e.iter().skip(1).enumerate() {
                    let mut found = false;
                    while i < a.len() {
                        let mut errs = Vec::new();
                        matches(ev, &a[i], "", &mut errs);
                        i += 1;
                        if errs.is_empty() {
                            found = true;
                            break;
                        }
                    }
                    if !found {
                        errors.push(format!(
                            "{path}: no element (in order) matches expected #{n}: {ev}"
                        ));
                    }
                }
            } else if e.len() != a.len() {
                errors.push(format!(
                    "{path}: expected {} elements, found {}: {}",
                    e.len(),
                    a.len(),
                    Value::Array(a.clone())
                ));
            } else {
                for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                    matches(ev, av, &format!("{path}/{i}"), errors);
                }
            }
        }
        (e, a) if e == a => {}
        (e, a) => errors.push(format!("{path}: expected {e}, found {a}")),
    }
}

fn call(op: &str, input: &Value) -> Value {
    let bytes = serde_json::to_vec(input).unwrap();
    let out = match op {
        "compare" => offboard::ffi::compare_json(&bytes),
        "actions" => offboard::ffi::actions_json(&bytes),
        "apply" => offboard::ffi::apply_json(&bytes),
        "validate" => offboard::ffi::validate_policy_json(&bytes),
        _ => offboard::ffi::preview_json(&bytes),
    };
    serde_json::from_str(&out).unwrap()
}

/// Runs one step; returns the snapshot after it when it was applied.
fn step(
    policy: &Value,
    snapshot: &Value,
    s: &Value,
    errors: &mut Vec<String>,
    label: &str,
) -> Option<Value> {
    let op = s.get("op").and_then(Value::as_str).unwrap_or("preview");
    let input = json!({"policy": policy, "snapshot": snapshot, "request": s["request"]});
    let answer = call(op, &input);
    if let Some(exp) = s.get("expectErrors") {
        if answer["ok"] != json!(false) {
            errors.push(format!("{label}: expected errors, got a value"));
        } else {
            matches(exp, &answer["errors"], &format!("{label}:errors"), errors);
        }
        return None;
    }
    if answer["ok"] != json!(true) {
        errors.push(format!("{label}: unexpected errors {}", answer["errors"]));
        return None;
    }
    let value = &answer["value"];
    if let Some(exp) = s.get("expect") {
        matches(exp, value, label, errors);
    }
    if op == "preview" && value["verdict"] == json!("allowed") {
        // Conservation: every reference to a leaving user has exactly one effect.
        let after = call("apply", &json!({"snapshot": snapshot, "preview": value}));
        if after["ok"] != json!(true) {
            errors.push(format!("{label}: apply failed {}", after["errors"]));
            return None;
        }
        if let Some(exp) = s.get("expectAfter") {
            matches(exp, &after["value"], &format!("{label}:after"), errors);
        }
        return Some(after["value"].clone());
    }
    None
}

#[test]
fn scenarios() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut list = Vec::new();
    files(&root, &mut list);
    assert!(
        list.len() >= 20,
        "expected the scenario corpus, found {} files",
        list.len()
    );
    let mut failures = Vec::new();
    for f in &list {
        let text = std::fs::read_to_string(f).unwrap();
        let sc: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: invalid JSON: {e}", f.display()));
                continue;
            }
        };
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        let mut errors = Vec::new();
        let policy = sc["policy"].clone();
        let mut snapshot = sc["snapshot"].clone();
        if let Some(p) = snapshot.get("preset").and_then(Value::as_str) {
            snapshot =
                serde_json::from_str(offboard::presets::sample_text(p).unwrap_or("null")).unwrap();
        }
        let mut steps: Vec<Value> = Vec::new();
        if sc.get("request").is_some() {
            steps.push(sc.clone());
        }
        if let Some(Value::Array(then)) = sc.get("then") {
            steps.extend(then.iter().cloned());
        }
        assert!(!steps.is_empty(), "{name}: no request");
        for (i, s) in steps.iter().enumerate() {
            let p = s.get("policy").cloned().unwrap_or_else(|| policy.clone());
            match step(&p, &snapshot, s, &mut errors, &format!("step {i}")) {
                Some(next) => snapshot = next,
                None if i + 1 < steps.len()
                    && s.get("expectErrors").is_none()
                    && errors.is_empty() =>
                {
                    errors.push(format!(
                        "step {i}: a later step needs this one to be allowed"
                    ));
                }
                None => {}
            }
        }
        if !errors.is_empty() {
            failures.push(format!(
                "{name} ({}):\n    {}",
                sc["name"].as_str().unwrap_or(""),
                errors.join("\n    ")
            ));
        }
    }
    println!("{} scenario files run", list.len());
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n{}",
        failures.len(),
        list.len(),
        failures.join("\n")
    );
}
