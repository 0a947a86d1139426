//! Scenario files: one policy, one snapshot, one or more requests and the
//! answers expected, as data. Policy authors test their policies with them
//! (`offboard test` in the npm CLI, `runScenario` in JS), and this crate's own
//! test corpus (`tests/scenarios/`) is written in the same form. The format is
//! documented in `tests/scenarios/README.md`.
use crate::call::{self, ReadRequest};
use crate::engine;
use crate::engine::detail::{Sized, SizedComparison, SizedPreview};
use crate::error::{Code, Error};
use crate::limits::Limits;
use crate::model::Snapshot;
use crate::policy::Policy;
use crate::preview::{Preview, Verdict};
use crate::value::Value;
use crate::workspace::Workspace;

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

/// What the steps run on, each read when a step first needs it and kept
/// for the steps after it: the scenario's policy compiled, and the workspace
/// indexed until an applied preview changes it.
struct Inputs<'a> {
    limits: Limits,
    policy: &'a Value,
    compiled: Option<Result<Policy, Vec<Error>>>,
    snapshot: Current<'a>,
}

/// The workspace: the scenario's snapshot, then the one the last applied
/// preview left.
struct Current<'a> {
    given: &'a Value,
    applied: Option<Snapshot>,
    workspace: Option<Result<Workspace, Vec<Error>>>,
}

impl Current<'_> {
    /// The workspace, indexed when first asked for after a change.
    fn get(&mut self, limits: &Limits) -> Result<&Workspace, Vec<Error>> {
        if let Some(s) = self.applied.take() {
            self.workspace = Some(call::index_snapshot(s, limits));
        }
        let given = self.given;
        let w = self
            .workspace
            .get_or_insert_with(|| call::load_workspace(&given.to_string(), limits));
        w.as_ref().map_err(Vec::clone)
    }
}

/// The answer of one step's call, as the JSON entry points write it, and
/// its preview, if it is one, with the workspace it was computed on.
fn answer<'w>(
    inputs: &'w mut Inputs<'_>,
    op: &str,
    s: &Value,
) -> (String, Option<(Preview, &'w Workspace)>) {
    let Inputs {
        limits,
        policy,
        compiled,
        snapshot,
    } = inputs;
    if op == "apply" {
        // The `apply` call takes a snapshot and a preview, and no policy.
        let e = call::unknown_member("policy", call::APPLY_CALL);
        return (call::failure(&[e.into()]), None);
    }
    // A step's own policy is read for that step, the scenario's once (the
    // scenario's first step is the scenario itself, its policy the scenario's).
    let mut own = None;
    let (doc, slot) = match s.get("policy") {
        Some(doc) if !std::ptr::eq(doc, *policy) => (doc, &mut own),
        _ => (*policy, compiled),
    };
    let policy = &*slot.get_or_insert_with(|| call::load_policy(&doc.to_string(), limits));
    if op == "validate" {
        let answer = match policy {
            Ok(p) => call::value(&call::policy_info(p)),
            Err(e) => call::failure(e),
        };
        return (answer, None);
    }
    let read_request: ReadRequest = match op {
        "compare" | "actions" => call::compare_request,
        _ => call::load_request,
    };
    let request = read_request(&s.get("request").unwrap_or(&Value::Null).to_string());
    let (p, w, r) = match call::all3(
        policy.as_ref().map_err(Vec::clone),
        snapshot.get(limits),
        request,
    ) {
        Ok(loaded) => loaded,
        Err(e) => return (call::failure(&e), None),
    };
    // Written as the calls write theirs: a comparison and a preview as
    // their answers in full detail.
    let answer = match op {
        "compare" => call::answer(engine::compare(p, w, &r, limits).map(SizedComparison::Full)),
        "actions" => call::answer(engine::actions(p, w, &r, limits)),
        _ => match engine::preview(p, w, &r, limits).map(SizedPreview::Full) {
            Ok(v) => {
                let answer = call::value(&v);
                return match v {
                    Sized::Full(v) => (answer, Some((v, w))),
                    Sized::Summary(_) => (answer, None),
                };
            }
            Err(e) => call::failure(&e),
        },
    };
    (answer, None)
}

/// An answer read back, in the form expectations are matched against.
fn read(answer: &str) -> Value {
    crate::read::parse(answer.as_bytes(), "").unwrap_or(Value::Null)
}

/// Runs one step; returns the snapshot after it when it was an allowed preview.
fn step(
    inputs: &mut Inputs<'_>,
    s: &Value,
    errors: &mut Vec<String>,
    label: &str,
) -> Option<Snapshot> {
    let op = s.get("op").and_then(Value::as_str).unwrap_or("preview");
    let (text, preview) = answer(inputs, op, s);
    let answer = read(&text);
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
    let (preview, ws) =
        preview.filter(|(p, _)| op == "preview" && p.verdict == Verdict::Allowed)?;
    let at = match s.get("applyAt") {
        None => None,
        Some(Value::String(at)) => Some(at.as_str()),
        Some(v) => {
            let e = engine::fields::invalid("/at", "an RFC 3339 timestamp", v);
            return apply_failed(&[e.into()], errors, label);
        }
    };
    let snapshot_hash = &preview.fingerprint.snapshot;
    match engine::apply_plan(
        &ws.snapshot,
        preview.verdict,
        snapshot_hash,
        &preview.plan,
        at,
    ) {
        Ok(next) => {
            if let Some(exp) = s.get("expectAfter") {
                let after = read(&call::value(&next));
                let value = after.get("value").unwrap_or(&Value::Null);
                matches(exp, value, &format!("{label}:after"), errors);
            }
            Some(next)
        }
        Err(e) => apply_failed(&[e.into()], errors, label),
    }
}

/// Reports a failed apply; the step leaves no snapshot.
fn apply_failed(e: &[Error], errors: &mut Vec<String>, label: &str) -> Option<Snapshot> {
    let answer = read(&call::failure(e));
    let e = answer.get("errors").unwrap_or(&Value::Null);
    errors.push(format!("{label}: apply failed {e}"));
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
    let null = Value::Null;
    let policy = obj.get("policy").unwrap_or(&null);
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
    let mut inputs = Inputs {
        limits: Limits::default(),
        policy,
        compiled: None,
        snapshot: Current {
            given: &snapshot,
            applied: None,
            workspace: None,
        },
    };
    let mut failures = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        match step(&mut inputs, s, &mut failures, &format!("step {i}")) {
            Some(next) => {
                inputs.snapshot.applied = Some(next);
                inputs.snapshot.workspace = None;
            }
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
    call::answer(run(input))
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
