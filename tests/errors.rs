//! The errors of each area, matched by kind from Rust: the same failures the
//! JSON calls answer, as enum variants with their data, whose `Display` is
//! the wire message and whose wire form is the ffi's answer.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use offboard::engine;
use offboard::ffi;
use offboard::limits::Limits;
use offboard::policy::Policy;
use offboard::workspace::Workspace;
use offboard::{
    ApplyError, Code, ConditionError, Error, LimitError, PolicyError, ReadError, SnapshotError,
};
use serde_json::{json, Value};

/// The wire errors of a JSON call.
fn wire(f: fn(&[u8]) -> String, input: &Value) -> Vec<Error> {
    let answer: Value = serde_json::from_str(&f(input.to_string().as_bytes())).unwrap();
    assert_eq!(answer["ok"], false, "expected errors, got {answer}");
    serde_json::from_value(answer["errors"].clone()).unwrap()
}

/// An area's error flattens into `expected`, and displays as its message.
fn same<E: std::fmt::Display + Clone + Into<Error>>(e: &E, expected: &Error) {
    assert_eq!(e.to_string(), expected.message);
    assert_eq!(&e.clone().into(), expected);
}

/// The answer of loading a workspace.
fn load_workspace(input: &[u8]) -> String {
    ffi::LoadedWorkspace::load_answer(input).1
}

fn policy(actions: Value) -> Value {
    json!({"id": "p", "actions": actions})
}

fn load(policy: &Value) -> Vec<PolicyError> {
    Policy::load_at(policy.to_string().as_bytes(), &Limits::default(), "/policy").unwrap_err()
}

#[test]
fn an_unknown_container_is_a_policy_error_with_the_names_declared() {
    let p = policy(json!({"delete": {
        "containers": {"archive": {"type": "folder", "name": "Archive"}},
        "rules": [{"id": "r", "types": ["task"], "effect": {"kind": "keep", "moveTo": "archve"}}]
    }}));
    let errors = load(&p);
    let [e] = errors.as_slice() else {
        panic!("{errors:?}")
    };
    let PolicyError::UnknownContainer {
        path,
        name,
        declared,
        suggestion,
    } = e
    else {
        panic!("{e:?}")
    };
    assert_eq!(path, "/policy/actions/delete/rules/0/effect/moveTo");
    assert_eq!(name, "archve");
    assert_eq!(declared, &["archive"]);
    assert_eq!(suggestion.as_deref(), Some("archive"));
    assert_eq!(e.code(), Code::UnknownContainer);
    assert_eq!(e.path(), path);
    same(
        e,
        &wire(ffi::validate_policy_json, &json!({"policy": p}))[0],
    );
}

#[test]
fn a_condition_error_is_placed_in_the_policy_with_its_kind() {
    let p = json!({"id": "p", "actions": {"deactivate": {}}, "constraints": [
        {"id": "c", "code": "no", "message": "no", "when": "target.rol == 'owner'"},
        {"id": "d", "code": "no", "message": "no", "when": "count(users) > 1 +"}
    ]});
    let errors = load(&p);
    assert!(
        matches!(
            &errors[0],
            PolicyError::Condition {
                error: ConditionError::UnknownAttribute { attribute, suggestion: Some(s), .. },
                ..
            } if attribute == "rol" && s == "role"
        ),
        "{errors:?}"
    );
    assert!(
        matches!(
            &errors[1],
            PolicyError::Condition {
                offset: 18,
                error: ConditionError::UnexpectedEnd,
                ..
            }
        ),
        "{errors:?}"
    );
    let expected = wire(ffi::validate_policy_json, &json!({"policy": p}));
    assert_eq!(expected.len(), 2);
    for (e, w) in errors.iter().zip(&expected) {
        same(e, w);
    }
    // The condition's own error is the source of the policy's.
    let source = std::error::Error::source(&errors[1]).unwrap();
    assert_eq!(
        source.to_string(),
        "expected a value but the condition ended"
    );
}

#[test]
fn reading_and_limits_are_variants_of_the_area_that_reads() {
    let errors = Policy::load_at(
        br#"{"id": "p", "actons": {}}"#,
        &Limits::default(),
        "/policy",
    )
    .unwrap_err();
    let [PolicyError::Read(ReadError::UnknownField {
        path,
        field,
        suggestion,
        ..
    })] = errors.as_slice()
    else {
        panic!("{errors:?}")
    };
    assert_eq!(
        (path.as_str(), field.as_str()),
        ("/policy/actons", "actons")
    );
    assert_eq!(suggestion.as_deref(), Some("actions"));
    same(
        &errors[0],
        &wire(
            ffi::validate_policy_json,
            &json!({"policy": {"id": "p", "actons": {}}}),
        )[0],
    );

    let snapshot = json!({"users": [{"id": "a"}, {"id": "b"}]});
    let limits = Limits {
        max_users: 1,
        ..Limits::default()
    };
    let errors =
        Workspace::from_json(snapshot.to_string().as_bytes(), &limits, "/snapshot").unwrap_err();
    let [SnapshotError::Limit(LimitError::Exceeded {
        limit: "maxUsers",
        value: 2,
        max: 1,
        ..
    })] = errors.as_slice()
    else {
        panic!("{errors:?}")
    };
    assert_eq!(errors[0].code(), Code::LimitExceeded);
    same(
        &errors[0],
        &wire(
            load_workspace,
            &json!({"snapshot": snapshot, "limits": {"maxUsers": 1}}),
        )[0],
    );
}

#[test]
fn snapshot_and_apply_errors_carry_their_ids() {
    let snapshot = json!({"users": [{"id": "ann"}, {"id": "ann"}], "items": [
        {"id": "i", "type": "task", "refs": {"owner": "an"}}
    ]});
    let errors = Workspace::from_json(
        snapshot.to_string().as_bytes(),
        &Limits::default(),
        "/snapshot",
    )
    .unwrap_err();
    assert!(
        matches!(&errors[0], SnapshotError::DuplicateUserId { id, .. } if id == "ann"),
        "{errors:?}"
    );
    assert!(
        matches!(&errors[1], SnapshotError::UnknownUser { id, suggestion: Some(s), .. } if id == "an" && s == "ann"),
        "{errors:?}"
    );
    let expected = wire(load_workspace, &json!({ "snapshot": snapshot }));
    assert_eq!(expected.len(), errors.len());
    for (e, w) in errors.iter().zip(&expected) {
        same(e, w);
    }

    let ws = Workspace::from_json(br#"{"users": [{"id": "a"}]}"#, &Limits::default(), "").unwrap();
    let e = engine::apply_plan(
        &ws.snapshot,
        offboard::preview::Verdict::Allowed,
        "sha256:another",
        &[],
        None,
    )
    .unwrap_err();
    assert_eq!(e, ApplyError::StaleSnapshot);
    assert_eq!(
        e.to_string(),
        "the preview was computed on another snapshot"
    );
    assert_eq!((e.code(), e.path()), (Code::StaleSnapshot, "/snapshot"));
}
