//! Runs every scenario file under `tests/scenarios/` (see its README.md)
//! through `offboard::scenario`, the runner policy authors use too.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod common;

#[test]
fn scenarios() {
    let root = common::root().join("tests/scenarios");
    let list = common::scenario_files();
    assert!(
        list.len() >= 20,
        "expected the scenario corpus, found {} files",
        list.len()
    );
    let mut failures = Vec::new();
    for f in &list {
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        // As the CLI does, a policy given as a `.json` path is read relative to the scenario.
        let mut sc: serde_json::Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        if let Some(p) = sc["policy"].as_str().filter(|p| p.ends_with(".json")) {
            let text = std::fs::read_to_string(f.parent().unwrap().join(p)).unwrap();
            sc["policy"] = serde_json::from_str(&text).unwrap();
        }
        match offboard::scenario::run(sc.to_string().as_bytes()) {
            Ok(o) if o.passed => {}
            Ok(o) => failures.push(format!(
                "{name} ({}):\n    {}",
                o.name,
                o.failures.join("\n    ")
            )),
            Err(e) => failures.push(format!("{name}: not a scenario: {e:?}")),
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

#[test]
fn a_wrong_expectation_fails() {
    let sc = std::fs::read_to_string(common::root().join("tests/scenarios/engine/rank-rule.json"))
        .unwrap();
    let mut wrong: serde_json::Value = serde_json::from_str(&sc).unwrap();
    wrong["expect"]["blockers"][0]["code"] = "somethingElse".into();
    let o = offboard::scenario::run(wrong.to_string().as_bytes()).unwrap();
    assert!(!o.passed);
    assert!(
        o.failures.iter().any(|f| f.contains("somethingElse")),
        "{:?}",
        o.failures
    );
    assert!(offboard::scenario::run(sc.as_bytes()).unwrap().passed);
}

/// The failure lines a runner writes (`offboard test` and `runScenario` show
/// them as they are): the step, the JSON pointer and what differs, for each
/// kind of mismatch, and the answer `run_json` writes for them.
#[test]
fn wrong_expectations_fail_with_their_lines() {
    let base: serde_json::Value =
        serde_json::from_slice(&common::read("tests/scenarios/engine/user-role-set.json")).unwrap();
    let failures = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut sc = base.clone();
        edit(&mut sc);
        let o = offboard::scenario::run(sc.to_string().as_bytes()).unwrap();
        assert_eq!(o.passed, o.failures.is_empty());
        o.failures
    };
    assert!(failures(&|_| {}).is_empty());
    assert_eq!(
        failures(&|sc| sc["expect"]["verdict"] = "nope".into()),
        [r#"step 0/verdict: expected "nope", found "allowed""#]
    );
    assert_eq!(
        failures(&|sc| sc["expect"]["plan"][1]["to"] = "agent".into()),
        [
            r#"step 0/plan: no element (in order) matches expected #0: {"from":"agent","op":"setUserRole","to":"agent","user":"u2"}"#
        ]
    );
    assert_eq!(
        failures(&|sc| sc["expectAfter"]["users"][1]["role"] = "agent".into()),
        [r#"step 0:after/users/1/role: expected "agent", found "contact""#]
    );
    assert_eq!(
        failures(&|sc| sc["expectAfter"]["users"][1]["placeholder"] = true.into()),
        [r#"step 0:after/users/1/placeholder: missing, expected true"#]
    );
    assert_eq!(
        failures(&|sc| sc["expectErrors"] = serde_json::json!([])),
        ["step 0: expected errors, got a value"]
    );
    assert_eq!(
        failures(&|sc| sc["request"]["targets"] = serde_json::json!(["ghost"])),
        [
            r#"step 0: unexpected errors [{"code":"unknownUser","message":"`ghost` is not a user of the snapshot","path":"/request/targets/0"}]"#
        ]
    );
    assert_eq!(
        failures(&|sc| sc["applyAt"] = "not a time".into()),
        [
            r#"step 0: apply failed [{"code":"invalidTimestamp","help":"write it like 2026-11-23T10:00:00Z","message":"`not a time` is not an RFC 3339 timestamp","path":"/at"}]"#
        ]
    );
    // A later step runs on the snapshot the first one left, under its own
    // policy if it gives one.
    let again = serde_json::json!({"request": base["request"], "expect": {"verdict": "allowed"}});
    assert_eq!(
        failures(&|sc| sc["then"] = serde_json::json!([again])),
        [r#"step 1/verdict: expected "allowed", found "blocked""#]
    );
    assert_eq!(
        failures(&|sc| {
            sc["then"] = serde_json::json!([{"op": "validate", "policy": {"id": 1}, "expect": {}}])
        }),
        [
            r#"step 1: unexpected errors [{"code":"invalidValue","message":"invalid type: integer `1`, expected a string","path":"/policy/id"}]"#
        ]
    );
    assert_eq!(
        failures(&|sc| {
            sc["op"] = "validate".into();
            sc["expect"] = serde_json::json!({"id": "desk", "rules": 0});
            sc["then"] =
                serde_json::json!([{"request": base["request"], "expect": {"verdict": "allowed"}}]);
        }),
        ["step 0: a later step needs this one to be an allowed preview"]
    );
    let mut wrong = base.clone();
    wrong["expect"]["verdict"] = "nope".into();
    assert_eq!(
        offboard::scenario::run_json(wrong.to_string().as_bytes()),
        r#"{"ok":true,"value":{"name":"a deleted agent becomes a contact: the user change sets the role","passed":false,"steps":1,"failures":["step 0/verdict: expected \"nope\", found \"allowed\""]}}"#
    );
}
