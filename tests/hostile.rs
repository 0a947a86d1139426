//! The hostile-input battery, run natively through the JSON contract
//! (`offboard::ffi`): malformed and truncated JSON, wrong types at every field,
//! duplicate ids, dangling references, deep nesting, `__proto__` and friends,
//! huge numbers, bytes that are not UTF-8, an empty workspace, self-actions and
//! every limit. Each case must get a structured error or a correct refusal; a
//! panic anywhere fails the battery with the input that caused it.
//!
//! `tests/js/reliability.test.mjs` runs the same kinds of cases through the
//! wasm build in Node and checks them against the native answers.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod common;

use offboard::ffi;
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

fn read(path: &str) -> Value {
    serde_json::from_slice(&common::read(path)).unwrap()
}

/// The maximal examples use every field of policy, snapshot and request.
fn base() -> Value {
    let mut policy = read("tests/data/maximal-policy.json");
    policy.as_object_mut().unwrap().remove("$schema");
    let mut snapshot = read("tests/data/maximal-snapshot.json");
    snapshot.as_object_mut().unwrap().remove("$schema");
    let mut request = read("tests/data/maximal-request.json");
    request.as_object_mut().unwrap().remove("$schema");
    json!({"policy": policy, "snapshot": snapshot, "request": request})
}

/// A preset inline: the pipedrive policy, its sample and its first example.
fn pipedrive() -> Value {
    let v: Value = serde_json::from_str(&ffi::preset_json(br#"{"name":"pipedrive"}"#)).unwrap();
    let v = &v["value"];
    json!({"policy": v["policy"], "snapshot": v["sample"], "request": v["examples"][0]["request"]})
}

/// Runs one call, turning a panic into a test failure that shows the input.
fn run(op: &str, input: &[u8]) -> Value {
    let out = catch_unwind(AssertUnwindSafe(|| match op {
        "preview" => ffi::preview_json(input),
        "compare" => ffi::compare_json(input),
        "apply" => ffi::apply_json(input),
        "validate" => ffi::validate_policy_json(input),
        "preset" => ffi::preset_json(input),
        "load" => ffi::LoadedWorkspace::load_answer(input).1,
        _ => unreachable!("unknown op {op}"),
    }));
    let shown = String::from_utf8_lossy(&input[..input.len().min(400)]).to_string();
    let out = match out {
        Ok(s) => s,
        Err(_) => panic!("{op} panicked on input (first 400 bytes): {shown}"),
    };
    let v: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{op}: answer is not JSON ({e}): {out}\ninput: {shown}"));
    well_formed(&v, op, &shown);
    v
}

/// Checks the answer is the tagged union with well-formed errors.
fn well_formed(v: &Value, op: &str, shown: &str) {
    match v["ok"] {
        Value::Bool(true) => assert!(v.get("value").is_some(), "{op}: ok without value"),
        Value::Bool(false) => {
            let errs = v["errors"]
                .as_array()
                .unwrap_or_else(|| panic!("{op}: failure without errors: {v}\ninput: {shown}"));
            assert!(!errs.is_empty(), "{op}: empty errors for input {shown}");
            for e in errs {
                for k in ["code", "message", "path"] {
                    assert!(e[k].is_string(), "{op}: error without string {k}: {e}");
                }
                let code = e["code"].as_str().unwrap();
                assert!(
                    !code.is_empty() && code != "internal",
                    "{op}: internal error {e}\ninput: {shown}"
                );
                let m = e["message"].as_str().unwrap();
                assert!(!m.is_empty(), "{op}: empty message {e}");
            }
        }
        _ => panic!("{op}: answer without ok: {v}\ninput: {shown}"),
    }
}

fn call(op: &str, input: &Value) -> Value {
    run(op, &serde_json::to_vec(input).unwrap())
}

fn value(v: &Value) -> &Value {
    assert_eq!(v["ok"], json!(true), "expected a value, got {v}");
    &v["value"]
}

fn codes(v: &Value) -> Vec<String> {
    assert_eq!(
        v["ok"],
        json!(false),
        "expected errors, got {}",
        &v.to_string()[..v.to_string().len().min(600)]
    );
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect()
}

fn n_rules(v: &Value) -> usize {
    v["policy"]["actions"]["deactivate"]["rules"]
        .as_array()
        .unwrap()
        .len()
}

/// Asserts an error with `code` at `path` or under it.
fn has_error_under(v: &Value, code: &str, path: &str) -> Value {
    codes(v);
    let errs = v["errors"].as_array().unwrap();
    errs.iter()
        .find(|e| e["code"] == code && e["path"].as_str().unwrap().starts_with(path))
        .cloned()
        .unwrap_or_else(|| panic!("expected {code} under {path}, got {}", v["errors"]))
}

/// Asserts an error with `code` at `path`.
fn has_error(v: &Value, code: &str, path: &str) -> Value {
    codes(v);
    let errs = v["errors"].as_array().unwrap();
    errs.iter()
        .find(|e| e["code"] == code && e["path"] == path)
        .cloned()
        .unwrap_or_else(|| panic!("expected {code} at {path}, got {}", v["errors"]))
}

fn with(mut v: Value, ptr: &str, new: Value) -> Value {
    *v.pointer_mut(ptr)
        .unwrap_or_else(|| panic!("no {ptr} in the base call")) = new;
    v
}

#[test]
fn the_base_calls_are_valid() {
    for b in [base(), pipedrive()] {
        let p = value(&call("preview", &b)).clone();
        assert!(p["verdict"].is_string());
        value(&call("compare", &b));
        value(&call("validate", &json!({"policy": b["policy"]})));
        value(&call("load", &json!({"snapshot": b["snapshot"]})));
    }
}

#[test]
fn malformed_json_is_an_error() {
    let cases: &[&[u8]] = &[
        b"",
        b" ",
        b"{",
        b"[",
        b"}",
        b"nul",
        b"null",
        b"true",
        b"42",
        b"\"policy\"",
        b"[]",
        b"{}",
        b"{\"policy\":}",
        b"{\"policy\":1,}",
        b"{'policy': 1}",
        b"{\"policy\": \"pipedrive\"} trailing",
        b"{\"policy\": \"pipedrive\"}{}",
        b"{\"policy\": NaN}",
        b"{\"policy\": Infinity}",
        b"{\"policy\": undefined}",
        b"// comment\n{}",
        b"{\"a\":\"\x00\"}",
        b"\x00",
    ];
    for op in ["preview", "compare", "apply", "validate", "preset", "load"] {
        for c in cases {
            codes(&run(op, c));
        }
    }
    assert_eq!(
        codes(&run("preview", b"{\"policy\":")),
        vec!["truncatedJson"]
    );
    assert_eq!(
        codes(&run("preview", b"{'policy': 1}")),
        vec!["invalidJson"]
    );
}

#[test]
fn every_truncation_of_a_valid_call_is_an_error() {
    for b in [base(), pipedrive()] {
        let full = serde_json::to_vec(&b).unwrap();
        // Every cut in the first 4 KiB, then one every few bytes.
        let cuts = (0..full.len()).filter(|n| *n < 4096 || n % 7 == 0);
        for n in cuts {
            let prefix = &full[..n];
            // A prefix ending after the closing brace's whitespace cannot occur: the
            // document ends with `}`. Every shorter prefix is incomplete.
            let v = run("preview", prefix);
            let c = codes(&v);
            assert!(
                c.iter().all(|c| c == "truncatedJson" || c == "invalidJson"),
                "prefix of {n} bytes: {c:?}"
            );
        }
        value(&run("preview", &full));
    }
}

/// Every JSON pointer to a value inside `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}

fn kind(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

fn replacements() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(1e300),
        json!(""),
        json!("__proto__"),
        json!([]),
        json!([null]),
        json!({}),
        json!({"__proto__": {}}),
    ]
}

#[test]
fn wrong_types_at_every_field_never_panic() {
    let mut calls = 0;
    for b in [base(), pipedrive()] {
        let mut ptrs = Vec::new();
        pointers(&b, String::new(), &mut ptrs);
        // Every field of the first entries of each list, not all the repeats.
        ptrs.retain(|p| {
            !p.split('/')
                .any(|s| s.parse::<usize>().is_ok_and(|i| i > 1))
        });
        for p in &ptrs {
            let original = b.pointer(p).unwrap();
            for r in replacements() {
                if kind(&r) == kind(original) && !matches!(r, Value::String(_)) {
                    continue;
                }
                let v = with(b.clone(), p, r);
                let a = call("preview", &v);
                calls += 1;
                if a["ok"] == json!(false) {
                    // The error points into the part that was changed (or names it).
                    let top = p.split('/').nth(1).unwrap_or("");
                    let errs = a["errors"].as_array().unwrap();
                    assert!(
                        errs.iter().any(|e| {
                            let ep = e["path"].as_str().unwrap();
                            // Emptying a snapshot's users leaves the request's ids dangling.
                            ep.is_empty()
                                || ep.starts_with(&format!("/{top}"))
                                || e["code"] == "unknownUser"
                        }),
                        "{p}: errors point elsewhere: {}",
                        a["errors"]
                    );
                }
                if p.starts_with("/snapshot") {
                    call("load", &json!({"snapshot": v["snapshot"]}));
                }
                if p.starts_with("/request") {
                    call("compare", &v);
                }
            }
        }
    }
    assert!(calls > 1000, "only {calls} mutated calls");
}

#[test]
fn wrong_types_in_a_preview_given_to_apply_never_panic() {
    let b = pipedrive();
    let policy = b["policy"].clone();
    let snapshot = b["snapshot"].clone();
    let examples: Value =
        serde_json::from_str(&ffi::preset_json(br#"{"name":"pipedrive"}"#)).unwrap();
    let mut previews = Vec::new();
    for r in examples["value"]["examples"].as_array().unwrap() {
        let p = call(
            "preview",
            &json!({"policy": policy, "snapshot": snapshot, "request": r["request"]}),
        );
        if p["value"]["verdict"] == json!("allowed") {
            previews.push(p["value"].clone());
        }
    }
    assert!(!previews.is_empty());
    let mut calls = 0;
    for preview in previews.iter().take(2) {
        value(&call(
            "apply",
            &json!({"snapshot": snapshot, "preview": preview}),
        ));
        let mut ptrs = Vec::new();
        pointers(preview, String::new(), &mut ptrs);
        // Every field of the first entries of each list, not all the repeats.
        ptrs.retain(|p| {
            !p.split('/')
                .any(|s| s.parse::<usize>().is_ok_and(|i| i > 2))
        });
        for p in &ptrs {
            for r in replacements() {
                let mut pv = preview.clone();
                *pv.pointer_mut(p).unwrap() = r;
                call("apply", &json!({"snapshot": snapshot, "preview": pv}));
                calls += 1;
            }
        }
    }
    assert!(calls > 100);
}

#[test]
fn duplicate_ids_are_errors() {
    let b = pipedrive();
    for list in ["users", "items"] {
        let mut v = b.clone();
        let first = v["snapshot"][list][0].clone();
        v["snapshot"][list].as_array_mut().unwrap().push(first);
        let n = v["snapshot"][list].as_array().unwrap().len() - 1;
        has_error(
            &call("preview", &v),
            "duplicateId",
            &format!("/snapshot/{list}/{n}/id"),
        );
    }

    // A user id equal to an item id is allowed: they are different namespaces.
    let mut v = b.clone();
    let item_id = v["snapshot"]["items"][0]["id"].clone();
    let mut u = v["snapshot"]["users"][0].clone();
    u["id"] = item_id;
    v["snapshot"]["users"].as_array_mut().unwrap().push(u);
    value(&call("preview", &v));

    // Duplicate rule ids in the policy.
    let mut v = base();
    let rules = v["policy"]["actions"]["deactivate"]["rules"]
        .as_array_mut()
        .unwrap();
    let r = rules[0].clone();
    rules.push(r);
    has_error(
        &call("preview", &v),
        "duplicateRuleId",
        &format!("/policy/actions/deactivate/rules/{}/id", n_rules(&v) - 1),
    );

    // Duplicate keys in one JSON object: an error, not "last one wins".
    let text = serde_json::to_string(&b).unwrap();
    let dup = text.replacen("{\"policy\":", "{\"request\":{},\"policy\":", 1);
    assert!(codes(&run("preview", dup.as_bytes()))
        .iter()
        .any(|c| c == "invalidValue"));
    let dup_user = br#"{"policy":"pipedrive","snapshot":{"users":[{"id":"a","id":"b"}]},"request":{"action":"deactivate","actor":"a","targets":["a"],"now":"2026-01-01T00:00:00Z"}}"#;
    has_error(
        &run("preview", dup_user),
        "invalidValue",
        "/snapshot/users/0",
    );
}

#[test]
fn dangling_references_are_errors() {
    let b = pipedrive();
    let users = b["snapshot"]["users"].as_array().unwrap().clone();
    let items = b["snapshot"]["items"].as_array().unwrap().clone();
    assert!(users.len() >= 2 && !items.is_empty());

    // Item → unknown user, through a relation and through a share.
    let mut v = b.clone();
    v["snapshot"]["items"][0]["refs"]["owner"] = json!("nobody");
    has_error_under(
        &call("preview", &v),
        "unknownUser",
        "/snapshot/items/0/refs/owner",
    );
    let mut v = b.clone();
    v["snapshot"]["items"][0]["refs"]["followers"] = json!([users[0]["id"], "nobody"]);
    has_error(
        &call("preview", &v),
        "unknownUser",
        "/snapshot/items/0/refs/followers/1",
    );
    let mut v = b.clone();
    v["snapshot"]["items"][0]["shares"] = json!([{"user": "nobody", "role": "viewer"}]);
    let a = call("preview", &v);
    assert!(codes(&a).contains(&"unknownUser".to_string()), "{a}");

    // Container → unknown item, and an item containing itself.
    let mut v = b.clone();
    v["snapshot"]["items"][0]["container"] = json!("no-such-item");
    has_error(
        &call("preview", &v),
        "unknownItem",
        "/snapshot/items/0/container",
    );
    let mut v = b.clone();
    let id = v["snapshot"]["items"][0]["id"].clone();
    v["snapshot"]["items"][0]["container"] = id;
    has_error(
        &call("preview", &v),
        "invalidValue",
        "/snapshot/items/0/container",
    );

    // Request → unknown actor, target, successor, per-target successor.
    for (ptr, val, path) in [
        ("/request/actor", json!("nobody"), "/request/actor"),
        ("/request/targets", json!(["nobody"]), "/request/targets/0"),
        ("/request/successor", json!("nobody"), "/request/successor"),
    ] {
        let v = with(b.clone(), ptr, val);
        has_error(&call("preview", &v), "unknownUser", path);
    }
    let mut v = b.clone();
    let t = v["request"]["targets"][0].as_str().unwrap().to_string();
    v["request"]["successors"] = json!({ t.clone(): "nobody" });
    assert!(codes(&call("preview", &v)).contains(&"unknownUser".to_string()));
    // A per-target successor for a user who is not a target.
    let mut v = b.clone();
    let other = users
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .find(|id| *id != t)
        .unwrap();
    v["request"]["successors"] = json!({ other: t });
    let a = call("preview", &v);
    assert_eq!(
        a["ok"],
        json!(false),
        "a successor for a non-target is accepted: {a}"
    );
}

#[test]
fn unknown_roles_relations_and_licences() {
    // A user whose role the policy does not declare: a structured answer.
    let b = base();
    let mut v = b.clone();
    v["snapshot"]["users"][0]["role"] = json!("ownr");
    call("preview", &v);
    // Unknown licence on a user, and seats for an unknown licence.
    let mut v = b.clone();
    v["snapshot"]["users"][1]["licence"] = json!("platinum");
    v["snapshot"]["seats"]["__proto__"] = json!(1);
    value(&call("preview", &v));
    // A relation the policy never mentions is still accounted for (conservation).
    let mut v = pipedrive();
    let t = v["request"]["targets"][0].clone();
    v["snapshot"]["items"][0]["refs"]["watchers"] = json!([t]);
    let p = call("preview", &v);
    assert_eq!(p["ok"], json!(true), "{p}");
    // A share role the policy does not list.
    let mut v = b.clone();
    v["snapshot"]["items"][0]["shares"] =
        json!([{"user": v["snapshot"]["users"][0]["id"], "role": "superuser"}]);
    call("preview", &v);
}

fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    let mut s = String::with_capacity((open.len() + close.len()) * n + inner.len());
    for _ in 0..n {
        s.push_str(open);
    }
    s.push_str(inner);
    for _ in 0..n {
        s.push_str(close);
    }
    s
}

fn with_constraint(when: &str, limits: Option<Value>) -> Value {
    let mut v = base();
    v["policy"]["constraints"] =
        json!([{ "id": "deep", "when": when, "code": "deep", "message": "deep" }]);
    if let Some(l) = limits {
        v["limits"] = l;
    }
    v
}

fn deep_conditions() -> Vec<String> {
    vec![
        nested("(", "true", ")", 10_000),
        nested("not ", "true", "", 10_000),
        nested("-", "1", "", 10_000) + " == 1",
        nested("[", "1", "]", 10_000) + " == 1",
        nested("count([", "1", "], x => true)", 3_000) + " == 1",
        nested("(", "true", ")", 140),
        format!("{} true", "true and ".repeat(10_000)),
        format!("{} 1 > 0", "1 + ".repeat(10_000)),
        nested("any(users, u => ", "true", ")", 5_000),
    ]
}

fn deep_conditions_fail(limits: Option<Value>) {
    for when in &deep_conditions() {
        let v = with_constraint(when, limits.clone());
        let a = call("preview", &v);
        let e = has_error(&a, "limitExceeded", "/policy/constraints/0/when");
        let m = e["message"].as_str().unwrap();
        assert!(m.contains("maxCondition"), "message names the limit: {m}");
        call(
            "validate",
            &json!({"policy": v["policy"], "limits": v.get("limits")}),
        );
    }
    // Still answers after all that, in the same process.
    value(&call("preview", &base()));
}

#[test]
fn deep_nesting_in_conditions_is_a_limit_error() {
    deep_conditions_fail(None);
}

/// A host may raise the condition limits; the engine must still refuse nesting
/// it cannot recurse over rather than overflow the stack (a trap in wasm).
#[test]
fn deep_nesting_in_conditions_with_raised_limits_is_a_limit_error() {
    deep_conditions_fail(Some(json!({
        "maxConditionDepth": 1_000_000_000u64,
        "maxConditionNodes": 1_000_000_000u64,
        "maxEvaluationSteps": 1_000_000_000u64
    })));
}

#[test]
fn deep_nesting_in_input_json_is_a_limit_error() {
    let deep_array = nested("[", "", "]", 10_000);
    let deep_object = nested("{\"a\":", "1", "}", 10_000);
    let b = pipedrive();
    let text = serde_json::to_string(&b).unwrap();
    for deep in [&deep_array, &deep_object] {
        // The whole call, and each place a free-form value is allowed.
        for input in [
            deep.clone(),
            text.replacen(
                "{\"policy\":",
                &format!("{{\"extra\":{deep},\"policy\":"),
                1,
            ),
            text.replacen(
                "\"request\":{",
                &format!("\"request\":{{\"options\":{{\"x\":{deep}}},"),
                1,
            ),
            text.replacen(
                "\"snapshot\":{",
                &format!("\"snapshot\":{{\"account\":{{\"settings\":{{\"x\":{deep}}}}},"),
                1,
            ),
            format!("{{\"policy\":{deep},\"snapshot\":{{}},\"request\":{{}}}}"),
            format!("{{\"snapshot\":{{}},\"preview\":{deep}}}"),
        ] {
            for op in ["preview", "compare", "apply", "validate", "load"] {
                let a = run(op, input.as_bytes());
                assert_eq!(a["ok"], json!(false));
            }
        }
    }
    let deep_settings = format!(
        "{{\"policy\":\"pipedrive\",\"snapshot\":{{\"account\":{{\"settings\":{{\"x\":{deep_object}}}}}}},\"request\":{{}}}}"
    );
    let a = run("preview", deep_settings.as_bytes());
    let e = &a["errors"][0];
    assert_eq!(e["code"], "limitExceeded", "{a}");
    // Nesting just under the parser's limit in a free-form field is fine.
    let ok = nested("[", "", "]", 100);
    let mut v = b.clone();
    v["snapshot"]["users"][0]["fields"]["deep"] = serde_json::from_str(&ok).unwrap();
    value(&call("preview", &v));
}

#[test]
fn prototype_names_are_inert() {
    for name in [
        "__proto__",
        "constructor",
        "prototype",
        "toString",
        "hasOwnProperty",
        "__defineGetter__",
    ] {
        // As user ids, item ids, relation names, field names, roles, licences, types, statuses.
        let b = pipedrive();
        let mut v = b.clone();
        let uid = v["snapshot"]["users"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let text = serde_json::to_string(&v)
            .unwrap()
            .replace(&format!("\"{uid}\""), &format!("\"{name}\""));
        let renamed: Value = serde_json::from_str(&text).unwrap();
        let a = call("preview", &renamed);
        let original = call("preview", &b);
        assert_eq!(a["ok"], original["ok"], "{name} as a user id: {a}");
        if a["ok"] == json!(true) {
            // Same verdict and codes as the original: the name means nothing special.
            assert_eq!(a["value"]["verdict"], original["value"]["verdict"]);
            assert_eq!(
                a["value"]["blockers"].as_array().map(Vec::len),
                original["value"]["blockers"].as_array().map(Vec::len)
            );
        }
        v["snapshot"]["items"][0]["id"] = json!(name);
        v["snapshot"]["items"][0]["type"] = json!(name);
        v["snapshot"]["items"][0]["status"] = json!(name);
        v["snapshot"]["items"][0]["refs"][name] = json!(uid);
        v["snapshot"]["items"][0]["fields"][name] = json!({"polluted": true});
        v["snapshot"]["users"][0]["fields"][name] = json!({"polluted": true});
        v["snapshot"]["users"][0]["role"] = json!(name);
        v["snapshot"]["users"][0]["licence"] = json!(name);
        v["snapshot"]["seats"][name] = json!(1);
        v["request"]["options"][name] = json!({"polluted": true});
        call("preview", &v);
        call("compare", &v);
        call("load", &json!({"snapshot": v["snapshot"]}));
        // As keys where the schema names the fields: unknown fields with a path.
        for (ptr, path) in [
            ("", format!("/{name}")),
            ("/policy", format!("/policy/{name}")),
            ("/snapshot", format!("/snapshot/{name}")),
            ("/request", format!("/request/{name}")),
            ("/snapshot/users/0", format!("/snapshot/users/0/{name}")),
        ] {
            let mut v = b.clone();
            v.pointer_mut(ptr).unwrap()[name] = json!({"polluted": true});
            has_error(&call("preview", &v), "unknownField", &path);
        }
        let mut v = b.clone();
        v["limits"] = json!({ name: 1 });
        has_error(
            &call("preview", &v),
            "unknownField",
            &format!("/limits/{name}"),
        );
        // As a preset name and a policy id.
        codes(&call("preset", &json!({"name": name})));
        codes(&call("validate", &json!({"policy": name})));
        let mut p = base()["policy"].clone();
        p["id"] = json!(name);
        p["roles"][name] = json!({"rank": 1});
        assert_eq!(
            value(&call("validate", &json!({"policy": p})))["id"],
            json!(name)
        );
    }
}

#[test]
fn huge_numbers_are_answers() {
    let b = pipedrive();
    for n in [
        "1e400",
        "-1e400",
        "18446744073709551616",
        "-1",
        "1.5",
        "1e308",
        "-0",
        "99999999999999999999999999999",
    ] {
        let text = serde_json::to_string(&b).unwrap();
        // Seat limits.
        let t = text.replacen(
            "\"snapshot\":{",
            &format!("\"snapshot\":{{\"seats\":{{\"x\":{n}}},"),
            1,
        );
        let t = if t.matches("\"seats\"").count() > 1 {
            text.clone()
        } else {
            t
        };
        run("preview", t.as_bytes());
        // Limits.
        for l in [
            "maxInputBytes",
            "maxUsers",
            "maxItems",
            "maxEvaluationSteps",
            "maxConditionDepth",
        ] {
            let t = text.replacen(
                "{\"policy\":",
                &format!("{{\"limits\":{{\"{l}\":{n}}},\"policy\":"),
                1,
            );
            run("preview", t.as_bytes());
        }
        // Numbers in conditions and in free-form fields.
        let v = with_constraint(&format!("daysSince(target.lastActiveAt) > {n}"), None);
        call("preview", &v);
        let v = with_constraint(&format!("{n} * {n} > {n} / 0"), None);
        call("preview", &v);
        let t = text.replacen(
            "\"request\":{",
            &format!("\"request\":{{\"options\":{{\"x\":{n}}},"),
            1,
        );
        run("preview", t.as_bytes());
    }
    // Limits of zero refuse everything they count, with the limit named.
    for (l, path) in [
        ("maxUsers", "/snapshot/users"),
        ("maxItems", "/snapshot/items"),
    ] {
        let mut v = b.clone();
        v["limits"] = json!({ l: 0 });
        let e = has_error(&call("preview", &v), "limitExceeded", path);
        assert!(e["message"].as_str().unwrap().contains(l));
    }
    // Times far in the past and future, and not times at all.
    for now in [
        "9999-12-31T23:59:59Z",
        "0000-01-01T00:00:00Z",
        "+275760-09-13T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "",
        "now",
        "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00+99:99",
    ] {
        let v = with(b.clone(), "/request/now", json!(now));
        call("preview", &v);
        let mut v = b.clone();
        v["snapshot"]["users"][0]["lastActiveAt"] = json!(now);
        call("preview", &v);
    }
}

#[test]
fn bytes_that_are_not_utf8_are_errors() {
    let text = serde_json::to_string(&pipedrive()).unwrap();
    let uid = pipedrive()["snapshot"]["users"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let at = text.find(&format!("\"{uid}\"")).unwrap() + 1;
    for bad in [
        &b"\xff"[..],
        b"\xc0\xaf",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\x80",
        b"\xe2\x82",
    ] {
        let mut bytes = text.as_bytes().to_vec();
        bytes.splice(at..at, bad.iter().copied());
        for op in ["preview", "compare", "validate", "load"] {
            codes(&run(op, &bytes));
        }
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(text.as_bytes());
        codes(&run("preview", &bom));
    }
    // Escaped lone surrogates are invalid strings.
    let t = text.replacen(&format!("\"{uid}\""), "\"\\ud800\"", 1);
    codes(&run("preview", t.as_bytes()));
    // Escaped valid non-ASCII is fine and means the same as the raw characters.
    let t = text.replace(&format!("\"{uid}\""), "\"\\u00e9\\ud83d\\ude00\"");
    let raw = text.replace(&format!("\"{uid}\""), "\"é😀\"");
    assert_eq!(run("preview", t.as_bytes()), run("preview", raw.as_bytes()));
}

#[test]
fn empty_and_degenerate_workspaces() {
    let b = pipedrive();
    let request = b["request"].clone();
    for snapshot in [
        json!({}),
        json!({"users": [], "items": []}),
        json!({"users": [{"id": "a"}]}),
    ] {
        let v = json!({"policy": b["policy"], "snapshot": snapshot, "request": request});
        assert!(codes(&call("preview", &v)).contains(&"unknownUser".to_string()));
        value(&call("load", &json!({"snapshot": snapshot})));
    }
    // Empty ids.
    let v = with(b.clone(), "/snapshot/users/0/id", json!(""));
    assert!(codes(&call("preview", &v)).contains(&"emptyId".to_string()));
    // No targets: an error or an empty preview, never a panic.
    let v = with(b.clone(), "/request/targets", json!([]));
    call("preview", &v);
    call("compare", &v);
    // The same target twice.
    let t = b["request"]["targets"][0].clone();
    let v = with(b.clone(), "/request/targets", json!([t, t]));
    call("preview", &v);
    // Every user targeted at once.
    let all: Vec<Value> = b["snapshot"]["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].clone())
        .collect();
    let v = with(b.clone(), "/request/targets", json!(all));
    call("preview", &v);
    call("compare", &v);
}

#[test]
fn self_actions_are_refusals() {
    let b = pipedrive();
    let actor = b["request"]["actor"].clone();
    for action in ["deactivate", "delete", "reactivate"] {
        // A target who is the actor.
        let mut v = with(b.clone(), "/request/targets", json!([actor]));
        v["request"]["action"] = json!(action);
        v["request"].as_object_mut().unwrap().remove("successor");
        let p = call("preview", &v);
        let p = value(&p);
        assert_eq!(p["verdict"], "blocked", "{action}: {p}");
        assert!(
            p["blockers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["code"] == "selfAction"),
            "{action}: {p}"
        );
        // A successor who is the target.
        let t = b["request"]["targets"][0].clone();
        let mut v = b.clone();
        v["request"]["action"] = json!(action);
        v["request"]["successor"] = t.clone();
        let p = call("preview", &v);
        if action != "reactivate" {
            let p = value(&p);
            assert_eq!(p["verdict"], "blocked", "{action}: {p}");
            assert!(
                p["blockers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x["code"] == "successorIsTarget"),
                "{action}: {p}"
            );
        }
    }
}

/// The limit, a value over it, and where it is reported.
#[test]
fn every_limit_is_a_structured_error_naming_it() {
    let b = base();
    let size = serde_json::to_vec(&b).unwrap().len();
    let many_users = b["snapshot"]["users"].as_array().unwrap().len();
    let many_items = b["snapshot"]["items"].as_array().unwrap().len();
    let cases: Vec<(&str, Value, &str)> = vec![
        ("maxInputBytes", json!(size / 2), ""),
        ("maxUsers", json!(many_users - 1), "/snapshot/users"),
        ("maxItems", json!(many_items - 1), "/snapshot/items"),
        ("maxRefsPerItem", json!(0), "/snapshot/items/"),
        ("maxStringBytes", json!(1), "/"),
        ("maxConditionDepth", json!(0), "/policy"),
        ("maxConditionNodes", json!(1), "/policy"),
        ("maxRules", json!(0), "/policy"),
        ("maxEvaluationSteps", json!(1), ""),
    ];
    for (name, val, path) in cases {
        let mut v = b.clone();
        v["limits"] = json!({ name: val });
        let a = call("preview", &v);
        let errs = a["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no error: {}", &a.to_string()[..300]));
        let e = errs
            .iter()
            .find(|e| e["code"] == "limitExceeded" && e["message"].as_str().unwrap().contains(name))
            .unwrap_or_else(|| panic!("{name}: no limitExceeded in {}", a["errors"]));
        let m = e["message"].as_str().unwrap();
        assert!(
            m.contains(name),
            "{name}: the message does not name the limit: {m}"
        );
        assert!(
            m.chars().any(|c| c.is_ascii_digit()),
            "{name}: the message has no value: {m}"
        );
        assert!(
            e["path"].as_str().unwrap().starts_with(path),
            "{name}: path {} not under {path}",
            e["path"]
        );
        // The same limits on a loaded workspace, and the process still answers.
        call(
            "load",
            &json!({"snapshot": b["snapshot"], "limits": v["limits"]}),
        );
        value(&call("preview", &b));
    }
    // Raising a limit lifts the refusal.
    let mut v = b.clone();
    v["limits"] = json!({"maxInputBytes": size * 2});
    value(&call("preview", &v));
    // Limits with the wrong type or a negative value are errors, not defaults.
    for bad in [json!(-1), json!("10"), json!(1.5), json!(null), json!([])] {
        let mut v = b.clone();
        v["limits"] = json!({ "maxUsers": bad });
        let a = call("preview", &v);
        assert!(
            a["ok"] == json!(false) || bad.is_null(),
            "maxUsers = {bad}: {a}"
        );
    }
}

#[test]
fn the_evaluation_budget_stops_quadratic_policies() {
    // A condition whose cost grows with the square of the users, over many users.
    let mut v = pipedrive();
    let mut users = v["snapshot"]["users"].as_array().unwrap().clone();
    let template = users[users.len() - 1].clone();
    for i in 0..3000 {
        let mut u = template.clone();
        u["id"] = json!(format!("extra{i}"));
        users.push(u);
    }
    v["snapshot"]["users"] = json!(users);
    v["policy"]["constraints"] = json!([{
        "id": "slow",
        "when": "count(users, a => count(users, b => count(users, c => a.id == b.id and b.id == c.id) > 0) > 0) > 0",
        "code": "slow",
        "message": "slow"
    }]);
    let start = std::time::Instant::now();
    let a = call("preview", &v);
    let e = codes(&a);
    assert!(e.contains(&"limitExceeded".to_string()), "{e:?}");
    assert!(a["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("maxEvaluationSteps"));
    assert!(
        start.elapsed().as_secs() < 60,
        "the budget took {:?}",
        start.elapsed()
    );
}

#[test]
fn loaded_workspaces_survive_bad_calls() {
    let b = pipedrive();
    let (ws, _) = ffi::LoadedWorkspace::load_answer(
        &serde_json::to_vec(&json!({"snapshot": b["snapshot"]})).unwrap(),
    );
    let ws = ws.unwrap();
    let good =
        serde_json::to_vec(&json!({"policy": b["policy"], "request": b["request"]})).unwrap();
    let expected = ws.preview_json(&good);
    let deep = nested("(", "true", ")", 10_000);
    let mut policy = b["policy"].clone();
    policy["constraints"] =
        json!([{ "id": "deep", "when": deep, "code": "deep", "message": "deep" }]);
    let bad_inputs: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"{".to_vec(),
        b"\xff".to_vec(),
        nested("[", "", "]", 10_000).into_bytes(),
        serde_json::to_vec(&json!({"policy": policy, "request": b["request"]})).unwrap(),
        serde_json::to_vec(&json!({"policy": b["policy"], "request": {"action": "explode"}}))
            .unwrap(),
        serde_json::to_vec(&json!({"policy": "nope", "request": b["request"]})).unwrap(),
    ];
    for i in 0..2000 {
        let bad = &bad_inputs[i % bad_inputs.len()];
        let p: Value = serde_json::from_str(&ws.preview_json(bad)).unwrap();
        assert_eq!(p["ok"], json!(false));
        let c: Value = serde_json::from_str(&ws.compare_json(bad)).unwrap();
        assert_eq!(c["ok"], json!(false));
    }
    assert_eq!(ws.preview_json(&good), expected);
}

/// Found by fuzzing: the "did you mean" hint for an unknown user id was picked
/// from a hash map, so a tie between equally close ids gave different answers
/// to the same call.
#[test]
fn hints_for_unknown_ids_are_deterministic() {
    let mut v = pipedrive();
    let mut users = v["snapshot"]["users"].as_array().unwrap().clone();
    let template = users[0].clone();
    for id in ["u5", "u6", "u7", "u8", "u9"] {
        let mut u = template.clone();
        u["id"] = json!(id);
        users.push(u);
    }
    v["snapshot"]["users"] = json!(users);
    v["snapshot"]["items"][0]["refs"]["createdBy"] = json!(["u0"]);
    let first = call("preview", &v);
    assert!(codes(&first).contains(&"unknownUser".to_string()));
    for _ in 0..20 {
        assert_eq!(call("preview", &v), first);
    }
}

#[test]
fn loose_forms_are_refused_with_a_path() {
    let b = pipedrive();
    // A struct given as a positional array is refused at the array
    // (docs/reliability.md, "Objects only").
    let id = b["snapshot"]["users"][0]["id"].clone();
    let v = with(b.clone(), "/snapshot/users/0", json!([id, "admin"]));
    has_error(&call("preview", &v), "invalidValue", "/snapshot/users/0");
    // A field change is "erase", "keep" or {"replace": …}: not {"erase": null}.
    let mut v = b.clone();
    v["policy"]["actions"]["delete"]["user"]["fields"]["email"] = json!({"erase": null});
    has_error(
        &call("preview", &v),
        "unknownField",
        "/policy/actions/delete/user/fields/email/erase",
    );
    // A syntax error names the value being read, besides line and column.
    let text = serde_json::to_string(&b)
        .unwrap()
        .replacen("\"users\":[", "\"users\":[,", 1);
    let e = has_error(
        &run("preview", text.as_bytes()),
        "invalidJson",
        "/snapshot/users/0",
    );
    assert!(e["message"].as_str().unwrap().contains("line 1 column"));
    // A bad user read while streaming is reported with the other loads' errors.
    let mut v = b.clone();
    v["snapshot"]["users"][1]["status"] = json!(7);
    v["request"]["now"] = json!(5);
    let out = call("preview", &v);
    has_error(&out, "invalidValue", "/snapshot/users/1/status");
    has_error(&out, "invalidValue", "/request/now");
}

/// A plan operation missing a member, or with one it does not take, is
/// named by its own index: in the middle of its list (serde_json has read
/// the comma after it when it reports), last in it (the `]` read), and in a
/// pretty-printed input.
#[test]
fn plan_operation_errors_name_the_operation() {
    let op = |bad: bool| {
        if bad {
            json!({"op": "setUserStatus", "user": "u1", "to": "active"})
        } else {
            json!({"op": "revokeTokens", "user": "u1"})
        }
    };
    for (ops, at) in [
        (vec![op(false), op(true), op(false)], 1),
        (vec![op(false), op(false), op(true)], 2),
        (vec![op(true)], 0),
    ] {
        let input = json!({
            "policy": "pipedrive",
            "snapshot": {"users": [{"id": "u1"}], "items": [], "scheduled": [
                {"op": "later", "at": "2026-01-01T00:00:00Z", "afterDays": 1, "user": "u1", "ops": ops}
            ]},
            "request": {"action": "deactivate", "actor": "u1", "targets": ["u1"], "now": "2026-01-01T00:00:00Z"}
        });
        let path = format!("/snapshot/scheduled/0/ops/{at}");
        has_error(&call("preview", &input), "missingField", &path);
        let pretty = serde_json::to_string_pretty(&input).unwrap();
        has_error(&run("preview", pretty.as_bytes()), "missingField", &path);
        let mut extra = input.clone();
        extra["snapshot"]["scheduled"][0]["ops"][at]["to"] = json!(null);
        extra["snapshot"]["scheduled"][0]["ops"][at]["op"] = json!("revokeTokens");
        extra["snapshot"]["scheduled"][0]["ops"][at]["link"] = json!("x");
        has_error(
            &call("preview", &extra),
            "unknownField",
            &format!("{path}/to"),
        );
    }
}

/// serde_json would read a struct from an array of its fields in order; no
/// document of offboard is written that way, and an array where an object
/// belongs is refused with the path of the array.
#[test]
fn objects_written_as_arrays_are_refused() {
    let b = pipedrive();
    for ptr in [
        "/snapshot/users/0",
        "/request",
        "/policy/actions/deactivate/rules/0",
    ] {
        let fields: Vec<Value> = b
            .pointer(ptr)
            .unwrap()
            .as_object()
            .unwrap()
            .values()
            .cloned()
            .collect();
        let a = call("preview", &with(b.clone(), ptr, Value::Array(fields)));
        let e = has_error(&a, "invalidValue", ptr);
        let m = e["message"].as_str().unwrap();
        assert!(
            m.starts_with("invalid type: sequence, expected "),
            "{ptr}: {m}"
        );
    }
}
