//! Help for policy authors from `validatePolicy` that a scenario file cannot
//! express: a policy passed without the `{ policy }` wrapper.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
use serde_json::{json, Value};

fn validate(input: &Value) -> Value {
    serde_json::from_str(&offboard::ffi::validate_policy_json(
        input.to_string().as_bytes(),
    ))
    .unwrap()
}

#[test]
fn a_bare_policy_is_told_to_wrap_it() {
    let policy = json!({"id": "p", "actions": {"delete": {}}});
    let answer = validate(&policy);
    assert_eq!(answer["ok"], json!(false));
    let e = &answer["errors"][0];
    assert_eq!(e["code"], json!("unknownField"));
    assert!(e["path"] == json!("/actions") || e["path"] == json!("/id"));
    assert_eq!(
        e["help"],
        json!("wrap the policy: validatePolicy({ policy })")
    );
    // Wrapped, the same policy is valid.
    let answer = validate(&json!({ "policy": policy }));
    assert_eq!(answer["ok"], json!(true), "{answer}");
}

#[test]
fn a_misspelt_call_member_keeps_its_did_you_mean() {
    let answer = validate(&json!({"polcy": {"id": "p", "actions": {}}}));
    let e = &answer["errors"][0];
    assert_eq!(e["path"], json!("/polcy"));
    assert_eq!(e["help"], json!("did you mean `policy`?"));
}
