//! Scenario files: one policy, one snapshot, one or more requests and the
//! answers expected, as data. Policy authors test their policies with them
//! (`offboard test` in the npm CLI, `runScenario` in JS), and this crate's own
//! test corpus (`tests/scenarios/`) is written in the same form. The format is
//! documented in `tests/scenarios/README.md`.
use crate::error::{Code, Error};
use crate::value::{Map, Value};

/// The result of one scenario.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ScenarioOutcome"))]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub name: String,
    pub passed: bool,
    pub steps: usize,
    /// One line per mismatch: the step, the JSON pointer and what differs.
    pub failures: Vec<String>,
}

/// `expected` is a subset of `actual`: objects key by key (an expected `null`
/// also matches an absent key), arrays element by element with the same
/// length, unless the expected array starts with `"..."`, in which case its
/// other elements must appear in that order among others. Numbers match by
/// value (`1.5` matches `1.50`).
pub fn matches(expected: &Value, actual: &Value, path: &str, errors: &mut Vec<String>) {
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
        (Value::Object(e), Value::Null) if e.values().all(Value::is_null) => {}
        (Value::Array(e), Value::Array(a)) => match e.split_first() {
            Some((Value::String(dots), rest)) if dots == "..." => {
                let mut at = a.iter();
                for (n, ev) in rest.iter().enumerate() {
                    let found = at.by_ref().any(|av| {
                        let mut errs = Vec::new();
                        matches(ev, av, "", &mut errs);
                        errs.is_empty()
                    });
                    if !found {
                        errors.push(format!(
                            "{path}: no element (in order) matches expected #{n}: {ev}"
                        ));
                    }
                }
            }
            _ if e.len() != a.len() => errors.push(format!(
                "{path}: expected {} elements, found {}: {actual}",
                e.len(),
                a.len()
            )),
            _ => {
                for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                    matches(ev, av, &format!("{path}/{i}"), errors);
                }
            }
        },
        // Numbers match by value: an expected `1.5` matches `1.50` as written in the input.
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => {}
        (e, a) if e == a => {}
        (e, a) => errors.push(format!("{path}: expected {e}, found {a}")),
    }
}

/// A call object of the given members.
fn object(members: &[(&str, &Value)]) -> Value {
    Value::Object(
        members
            .iter()
            .map(|(k, v)| (k.to_string(), (*v).clone()))
            .collect::<Map>(),
    )
}

fn call(op: &str, input: &Value) -> Value {
    let bytes = input.to_string().into_bytes();
    let out = match op {
        "compare" => crate::ffi::compare_json(&bytes),
        "actions" => crate::ffi::actions_json(&bytes),
        "apply" => crate::ffi::apply_json(&bytes),
        "validate" => crate::ffi::validate_policy_json(&bytes),
        _ => crate::ffi::preview_json(&bytes),
    };
    crate::read::parse(out.as_bytes(), "").unwrap_or(Value::Null)
}

/// Runs one step; returns the snapshot after it when it was an allowed preview.
fn step(
    policy: &Value,
    snapshot: &Value,
    s: &Value,
    errors: &mut Vec<String>,
    label: &str,
) -> Option<Value> {
    let op = s.get("op").and_then(Value::as_str).unwrap_or("preview");
    let request = s.get("request").unwrap_or(&Value::Null);
    let answer = if op == "validate" {
        call(op, &object(&[("policy", policy)]))
    } else {
        call(
            op,
            &object(&[
                ("policy", policy),
                ("snapshot", snapshot),
                ("request", request),
            ]),
        )
    };
    let ok = answer.get("ok") == Some(&Value::Bool(true));
    if let Some(exp) = s.get("expectErrors") {
        match (ok, answer.get("errors")) {
            (false, Some(errs)) => matches(exp, errs, &format!("{label}:errors"), errors),
            _ => errors.push(format!("{label}: expected errors, got a value")),
        }
        return None;
    }
    let value = match (ok, answer.get("value")) {
        (true, Some(v)) => v,
        _ => {
            errors.push(format!(
                "{label}: unexpected errors {}",
                answer.get("errors").unwrap_or(&Value::Null)
            ));
            return None;
        }
    };
    if let Some(exp) = s.get("expect") {
        matches(exp, value, label, errors);
    }
    if op == "preview" && value.get("verdict").and_then(Value::as_str) == Some("allowed") {
        let mut input = object(&[("snapshot", snapshot), ("preview", value)]);
        if let (Some(at), Some(o)) = (s.get("applyAt"), input.as_object_mut()) {
            o.insert("at".into(), at.clone());
        }
        let after = call("apply", &input);
        match (after.get("ok"), after.get("value")) {
            (Some(Value::Bool(true)), Some(next)) => {
                if let Some(exp) = s.get("expectAfter") {
                    matches(exp, next, &format!("{label}:after"), errors);
                }
                return Some(next.clone());
            }
            _ => errors.push(format!(
                "{label}: apply failed {}",
                after.get("errors").unwrap_or(&Value::Null)
            )),
        }
    }
    None
}

/// Runs a scenario given as JSON bytes.
pub fn run(bytes: &[u8]) -> Result<Outcome, Vec<Error>> {
    let sc = crate::read::parse::<Value>(bytes, "")?;
    let Some(obj) = sc.as_object() else {
        return Err(vec![Error::new(
            Code::InvalidValue,
            "",
            "a scenario is a JSON object",
        )]);
    };
    let name = obj
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let policy = obj.get("policy").cloned().unwrap_or(Value::Null);
    let mut snapshot = obj.get("snapshot").cloned().unwrap_or(Value::Null);
    if let Some(p) = snapshot.get("preset").and_then(Value::as_str) {
        if let Some(text) = crate::presets::sample_text(p) {
            snapshot = crate::read::parse(text.as_bytes(), "").unwrap_or(Value::Null);
        }
    }
    let mut steps: Vec<&Value> = Vec::new();
    if obj.contains_key("request") || obj.get("op").and_then(Value::as_str) == Some("validate") {
        steps.push(&sc);
    }
    if let Some(Value::Array(then)) = obj.get("then") {
        steps.extend(then.iter());
    }
    if steps.is_empty() {
        return Err(vec![Error::new(
            Code::MissingField,
            "/request",
            "a scenario needs a `request` (or `then` steps)",
        )]);
    }
    let mut failures = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let p = s.get("policy").unwrap_or(&policy);
        match step(p, &snapshot, s, &mut failures, &format!("step {i}")) {
            Some(next) => snapshot = next,
            None if i + 1 < steps.len()
                && s.get("expectErrors").is_none()
                && failures.is_empty() =>
            {
                failures.push(format!(
                    "step {i}: a later step needs this one to be an allowed preview"
                ));
            }
            None => {}
        }
    }
    Ok(Outcome {
        name,
        passed: failures.is_empty(),
        steps: steps.len(),
        failures,
    })
}

/// Input: a scenario file (see `tests/scenarios/README.md`). Value: `{name,
/// passed, steps, failures}`, as a tagged answer like every `ffi` function.
pub fn run_json(input: &[u8]) -> String {
    crate::ffi::answer(run(input))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn check(expected: &str, actual: &str) -> Vec<String> {
        let e = crate::read::parse::<Value>(expected.as_bytes(), "").unwrap();
        let a = crate::read::parse::<Value>(actual.as_bytes(), "").unwrap();
        let mut errors = Vec::new();
        matches(&e, &a, "", &mut errors);
        errors
    }

    #[test]
    fn expected_values_are_a_subset_and_numbers_match_by_value() {
        assert!(check(r#"{"a": 1.5, "b": null}"#, r#"{"a": 1.50, "c": 2}"#).is_empty());
        assert!(check(r#"["...", 3, 5]"#, r#"[1, 3, 4, 5]"#).is_empty());
        assert_eq!(
            check(r#"{"a": 2}"#, r#"{"a": 2.5}"#),
            ["/a: expected 2, found 2.5"]
        );
        assert_eq!(check(r#"["...", 5, 3]"#, r#"[3, 5]"#).len(), 1);
    }
}
