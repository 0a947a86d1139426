//! What the JSON entry points (`ffi`) and the scenario runner (`scenario`)
//! share: a call's members read from their JSON text into typed values (a
//! compiled policy, an indexed workspace, a request), with the errors and
//! paths every caller sees, and an answer written in the tagged form
//! `{"ok":true,"value":…}` or `{"ok":false,"errors":[…]}`.
//!
//! `ffi` takes the members' texts from a call object; `scenario` from the
//! scenario file, reading each once for all its steps.
use crate::error::{own, wire, Code, Error, ReadError, SnapshotError};
use crate::limits::Limits;
use crate::model::Request;
use crate::policy::Policy;
use crate::value::Value;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};

/// Writes an answer.
pub(crate) fn answer<T: Serialize>(r: Result<T, Vec<Error>>) -> String {
    match r {
        Ok(v) => value(&v),
        Err(errors) => failure(&errors),
    }
}

/// The answer of a value, `{"ok":true,"value":…}`. Only the serializer's
/// call is compiled per type of value.
pub(crate) fn value<T: Serialize + ?Sized>(v: &T) -> String {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(VALUE);
    let written = crate::write::append(&mut out, v);
    close(out, written)
}

const VALUE: &[u8] = b"{\"ok\":true,\"value\":";

/// The answer a value was written into, closed; a failure if it could not be written.
#[inline(never)]
fn close(mut out: Vec<u8>, written: bool) -> String {
    if !written {
        return failure(&[]);
    }
    out.push(b'}');
    String::from_utf8(out).unwrap_or_default()
}

/// The failure answer `{"ok":false,"errors":[…]}`.
pub(crate) fn failure(errors: &[Error]) -> String {
    let unknown;
    let errors = if errors.is_empty() {
        unknown = [Error::new(Code::Internal, "", "unknown failure")];
        &unknown[..]
    } else {
        errors
    };
    format!(
        "{{\"ok\":false,\"errors\":{}}}",
        crate::write::to_string(errors)
    )
}

/// The members of an `apply` call.
pub(crate) const APPLY_CALL: &[&str] = &["snapshot", "preview", "at", "limits"];

/// The error for a member `bad` of a call whose members are `fields`.
pub(crate) fn unknown_member(bad: &str, fields: &[&str]) -> ReadError {
    ReadError::UnknownField {
        path: format!("/{}", crate::value::seg(bad)),
        field: own(bad),
        expected: format!(", expected {}", one_of(fields)),
        suggestion: crate::expr::did_you_mean(bad, fields.iter().copied()).map(own),
    }
}

fn one_of(names: &[&str]) -> String {
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match list.as_slice() {
        [one] => one.clone(),
        _ => format!("one of {}", list.join(", ")),
    }
}

/// A policy given inline (object) or by preset name (string), as JSON text.
pub(crate) fn load_policy(text: &str, limits: &Limits) -> Result<Policy, Vec<Error>> {
    let loaded = if text.starts_with('"') {
        let name: String = crate::read::parse(text.as_bytes(), "/policy")?;
        crate::presets::load(&name, limits, "/policy")
    } else {
        Policy::load_at(text.as_bytes(), limits, "/policy")
    };
    loaded.map_err(wire)
}

/// `{"preset": "<name>"}` in place of a snapshot: the preset's sample.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetRef {
    preset: String,
}

/// A snapshot given inline, or as `{"preset": "<name>"}` for the preset's
/// sample, as JSON text.
pub(crate) fn load_workspace(text: &str, limits: &Limits) -> Result<Workspace, Vec<Error>> {
    let preset = if text.len() < 1024 && text.contains("\"preset\"") {
        crate::read::parse::<PresetRef>(text.as_bytes(), "/snapshot").ok()
    } else {
        None
    };
    let loaded = match preset {
        Some(PresetRef { preset: name }) => {
            if crate::presets::policy_text(&name).is_none() {
                return Err(crate::presets::unknown(&name, "/snapshot/preset").into());
            }
            let sample = crate::presets::sample_text(&name).ok_or_else(|| {
                SnapshotError::SampleNotEmbedded {
                    path: own("/snapshot/preset"),
                    preset: name,
                }
            })?;
            Workspace::from_json(sample.as_bytes(), limits, "/snapshot")
        }
        None => Workspace::from_json(text.as_bytes(), limits, "/snapshot"),
    };
    loaded.map_err(wire)
}

/// Checks and indexes a snapshot already read (inline in a call, or left by
/// an applied preview).
pub(crate) fn index_snapshot(
    snapshot: crate::model::Snapshot,
    limits: &Limits,
) -> Result<Workspace, Vec<Error>> {
    Workspace::new(snapshot, limits, "/snapshot").map_err(wire)
}

/// A request, as JSON text.
pub(crate) fn load_request(text: &str) -> Result<Request, Vec<Error>> {
    Ok(crate::read::parse(text.as_bytes(), "/request")?)
}

/// A compare request, as JSON text: a request whose `action` is optional.
pub(crate) fn compare_request(text: &str) -> Result<Request, Vec<Error>> {
    let mut v: Value = crate::read::parse(text.as_bytes(), "/request")?;
    if let Some(o) = v.as_object_mut() {
        if !o.contains_key("action") {
            o.insert("action".into(), Value::from("deactivate"));
        }
    }
    Ok(crate::read::parse(
        crate::write::to_string(&v).as_bytes(),
        "/request",
    )?)
}

/// Reads a request: [`load_request`] or [`compare_request`].
pub(crate) type ReadRequest = fn(&str) -> Result<Request, Vec<Error>>;

/// Collects the errors of several loads, or their values when all succeed.
pub(crate) fn all3<A, B, C>(
    a: Result<A, Vec<Error>>,
    b: Result<B, Vec<Error>>,
    c: Result<C, Vec<Error>>,
) -> Result<(A, B, C), Vec<Error>> {
    match (a, b, c) {
        (Ok(a), Ok(b), Ok(c)) => Ok((a, b, c)),
        (a, b, c) => Err([a.err(), b.err(), c.err()]
            .into_iter()
            .flatten()
            .flatten()
            .collect()),
    }
}

/// What `validatePolicy` reports about a valid policy.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PolicyCheck"))]
pub(crate) struct PolicyInfo {
    id: String,
    name: Option<String>,
    /// The actions the policy enables.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::model::Action>"))]
    actions: Vec<String>,
    rules: usize,
    constraints: usize,
    /// `sha256:…` of the policy.
    fingerprint: String,
}

pub(crate) fn policy_info(p: &Policy) -> PolicyInfo {
    PolicyInfo {
        id: p.id().to_string(),
        name: p.doc.name.clone(),
        actions: p
            .actions
            .iter()
            .filter(|(_, a)| a.def.enabled)
            .map(|(k, _)| k.as_str().to_string())
            .collect(),
        rules: p.actions.values().map(|a| a.rules.len()).sum(),
        constraints: p.constraints.len(),
        fingerprint: p.hash().to_string(),
    }
}
