//! The JSON-in, JSON-out contract shared by the wasm exports and native callers.
//!
//! Every function takes one JSON document and returns one JSON document, the
//! tagged answer `{"ok":true,"value":…}` or `{"ok":false,"errors":[{code,message,path,help?}]}`.
//! None of them panics, whatever it is fed: refusals are previews, only
//! malformed input is an error.
use crate::engine;
use crate::error::Error;
use crate::limits::Limits;
use crate::model::Request;
use crate::policy::Policy;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::cell::RefCell;

/// Serialises an answer.
fn answer<T: Serialize>(r: Result<T, Vec<Error>>) -> String {
    match r {
        Ok(v) => match serde_json::to_string(&v) {
            Ok(s) => format!("{{\"ok\":true,\"value\":{s}}}"),
            Err(e) => failure(vec![Error::new(
                "internal",
                "",
                format!("cannot serialise the answer: {e}"),
            )]),
        },
        Err(errors) => failure(errors),
    }
}

fn failure(errors: Vec<Error>) -> String {
    let errors = if errors.is_empty() {
        vec![Error::new("internal", "", "unknown failure")]
    } else {
        errors
    };
    serde_json::to_string(&errors).map_or_else(|_| r#"{"ok":false,"errors":[{"code":"internal","message":"cannot serialise errors","path":""}]}"#.to_string(), |e| format!("{{\"ok\":false,\"errors\":{e}}}"))
}

/// Reads the call object. `maxInputBytes` is checked once the host's `limits` are known (see `limits_of`).
fn envelope<'a, T: Deserialize<'a>>(input: &'a [u8]) -> Result<T, Vec<Error>> {
    crate::json::parse_borrowed(input, "").map_err(|e| vec![e])
}

fn limits_of(l: &Option<Limits>, input_len: usize) -> Result<Limits, Vec<Error>> {
    let limits = l.clone().unwrap_or_default();
    if input_len as u64 > limits.max_input_bytes {
        return Err(vec![Error::new(
            "limitExceeded",
            "",
            format!(
                "{input_len} bytes exceeds the limit maxInputBytes = {}",
                limits.max_input_bytes
            ),
        )
        .with_help("raise `limits.maxInputBytes` if this input is legitimate")]);
    }
    Ok(limits)
}

/// A policy given inline (object) or by preset name (string).
fn load_policy(raw: &RawValue, limits: &Limits) -> Result<Policy, Vec<Error>> {
    let text = raw.get();
    if text.starts_with('"') {
        let name: String = serde_json::from_str(text)
            .map_err(|e| vec![Error::new("invalidValue", "/policy", e.to_string())])?;
        return crate::presets::load(&name, limits, "/policy");
    }
    Policy::load_at(text.as_bytes(), limits, "/policy")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetRef {
    preset: String,
}

/// A snapshot given inline, or as `{"preset": "<name>"}` for the preset's sample.
fn load_workspace(raw: &RawValue, limits: &Limits) -> Result<Workspace, Vec<Error>> {
    let text = raw.get();
    if let Ok(p) = serde_json::from_str::<PresetRef>(text) {
        crate::presets::policy_text(&p.preset)
            .ok_or_else(|| vec![crate::presets::unknown(&p.preset, "/snapshot/preset")])?;
        let sample = crate::presets::sample_text(&p.preset).ok_or_else(|| {
            vec![Error::new(
                "sampleNotEmbedded",
                "/snapshot/preset",
                format!(
                    "this build does not embed the sample workspace of `{}`",
                    p.preset
                ),
            )
            .with_help("pass the snapshot itself, e.g. the `sample` of the preset export")]
        })?;
        return Workspace::from_json(sample.as_bytes(), limits, "/snapshot");
    }
    Workspace::from_json(text.as_bytes(), limits, "/snapshot")
}

fn load_request(raw: &RawValue) -> Result<Request, Vec<Error>> {
    crate::json::parse(raw.get().as_bytes(), "/request").map_err(|e| vec![e])
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyCall<'a> {
    #[serde(borrow)]
    policy: &'a RawValue,
    #[serde(default)]
    limits: Option<Limits>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicyInfo {
    id: String,
    name: Option<String>,
    actions: Vec<&'static str>,
    rules: usize,
    constraints: usize,
    fingerprint: String,
}

fn policy_info(p: &Policy) -> PolicyInfo {
    PolicyInfo {
        id: p.id().to_string(),
        name: p.doc.name.clone(),
        actions: p
            .actions
            .iter()
            .filter(|(_, a)| a.def.enabled)
            .map(|(k, _)| k.as_str())
            .collect(),
        rules: p.actions.values().map(|a| a.rules.len()).sum(),
        constraints: p.constraints.len(),
        fingerprint: p.hash().to_string(),
    }
}

/// Input: `{"policy": <policy object | preset name>, "limits"?: {…}}`. Value: `{id, name, actions, rules, constraints, fingerprint}`.
pub fn validate_policy_json(input: &[u8]) -> String {
    answer((|| {
        let call = envelope::<PolicyCall>(input)?;
        let limits = limits_of(&call.limits, input.len())?;
        load_policy(call.policy, &limits).map(|p| policy_info(&p))
    })())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviewCall<'a> {
    #[serde(borrow)]
    policy: &'a RawValue,
    #[serde(borrow)]
    snapshot: &'a RawValue,
    #[serde(borrow)]
    request: &'a RawValue,
    #[serde(default)]
    limits: Option<Limits>,
}

/// Loads policy, snapshot and request, collecting the errors of all three.
fn load_all(
    call: &PreviewCall,
    input_len: usize,
) -> Result<(Policy, Workspace, Request, Limits), Vec<Error>> {
    let limits = limits_of(&call.limits, input_len)?;
    let p = load_policy(call.policy, &limits);
    let w = load_workspace(call.snapshot, &limits);
    let r = load_request(call.request);
    match (p, w, r) {
        (Ok(p), Ok(w), Ok(r)) => Ok((p, w, r, limits)),
        (p, w, r) => Err([p.err(), w.err(), r.err()]
            .into_iter()
            .flatten()
            .flatten()
            .collect()),
    }
}

/// Input: `{"policy", "snapshot", "request", "limits"?}`. Value: the preview.
pub fn preview_json(input: &[u8]) -> String {
    answer((|| {
        let call = envelope::<PreviewCall>(input)?;
        let (p, w, r, limits) = load_all(&call, input.len())?;
        engine::preview(&p, &w, &r, &limits)
    })())
}

/// Loads a call whose request may leave its action out, and runs `f` on it.
fn with_selection<T: Serialize>(
    input: &[u8],
    f: impl FnOnce(&Policy, &Workspace, &Request, &Limits) -> Result<T, Vec<Error>>,
) -> String {
    answer((|| {
        let call = envelope::<PreviewCall>(input)?;
        let limits = limits_of(&call.limits, input.len())?;
        let p = load_policy(call.policy, &limits);
        let w = load_workspace(call.snapshot, &limits);
        let r = compare_request(call.request);
        match (p, w, r) {
            (Ok(p), Ok(w), Ok(r)) => f(&p, &w, &r, &limits),
            (p, w, r) => Err([p.err(), w.err(), r.err()]
                .into_iter()
                .flatten()
                .flatten()
                .collect()),
        }
    })())
}

/// Input: `{"policy", "snapshot", "request"}`; the request's action may be left out. Value: `{deactivate, delete, deleteAfterDeactivate, rows}`.
pub fn compare_json(input: &[u8]) -> String {
    with_selection(input, engine::compare)
}

/// Input: `{"policy", "snapshot", "request"}`; the request's action may be left out.
/// Value: `[{action, verdict, blockers, warnings}]`, one per action the policy offers.
pub fn actions_json(input: &[u8]) -> String {
    with_selection(input, engine::actions)
}

/// A compare request: a request whose `action` is optional.
fn compare_request(raw: &RawValue) -> Result<Request, Vec<Error>> {
    let mut v: serde_json::Value =
        crate::json::parse(raw.get().as_bytes(), "/request").map_err(|e| vec![e])?;
    if let Some(o) = v.as_object_mut() {
        o.entry("action")
            .or_insert_with(|| serde_json::Value::String("deactivate".into()));
    }
    crate::json::from_value(&v, "/request").map_err(|e| vec![e])
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ApplyCall<'a> {
    #[serde(borrow)]
    snapshot: &'a RawValue,
    #[serde(borrow)]
    preview: &'a RawValue,
    #[serde(default)]
    limits: Option<Limits>,
}

/// Input: `{"snapshot", "preview", "limits"?}`. Value: the snapshot after the action.
pub fn apply_json(input: &[u8]) -> String {
    answer((|| {
        let call = envelope::<ApplyCall>(input)?;
        let limits = limits_of(&call.limits, input.len())?;
        let w = load_workspace(call.snapshot, &limits)?;
        let preview =
            crate::json::parse(call.preview.get().as_bytes(), "/preview").map_err(|e| vec![e])?;
        engine::apply(&w.snapshot, &preview)
    })())
}

/// Input: a scenario file (see `tests/scenarios/README.md`). Value: `{name, passed, steps, failures}`.
pub fn run_scenario_json(input: &[u8]) -> String {
    answer(crate::scenario::run(input))
}

#[derive(Serialize)]
struct PresetInfo {
    id: &'static str,
    name: Option<String>,
    description: Option<String>,
    source: Option<String>,
}

/// Value: `[{"id","name","description","source"}]`.
pub fn list_presets_json() -> String {
    answer((|| {
        let mut out = Vec::new();
        for id in crate::presets::names() {
            let p = crate::presets::load(id, &Limits::default(), &format!("/presets/{id}"))?;
            out.push(PresetInfo {
                id,
                name: p.doc.name.clone(),
                description: p.doc.description.clone(),
                source: p.doc.source.clone(),
            });
        }
        Ok(out)
    })())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetCall {
    name: String,
}

/// Input: `{"name"}`. Value: `{"policy": {...}, "sample": {snapshot} | null, "examples": [{"name", "description", "request"}…]}`.
pub fn preset_json(input: &[u8]) -> String {
    let r = (|| {
        let call = envelope::<PresetCall>(input)?;
        let policy = crate::presets::policy_text(&call.name)
            .ok_or_else(|| vec![crate::presets::unknown(&call.name, "/name")])?;
        let sample = crate::presets::sample_text(&call.name).unwrap_or("null");
        let examples = crate::presets::examples_text(&call.name).unwrap_or("[]");
        Ok(format!(
            "{{\"policy\":{},\"sample\":{},\"examples\":{}}}",
            policy.trim(),
            sample.trim(),
            examples.trim()
        ))
    })();
    match r {
        Ok(s) => format!("{{\"ok\":true,\"value\":{s}}}"),
        Err(e) => failure(e),
    }
}

/// A workspace loaded and indexed once, previewed many times (hover previews,
/// bulk selections). Each preview costs time proportional to the references of
/// the users involved, not to the size of the workspace.
pub struct LoadedWorkspace {
    ws: Workspace,
    limits: Limits,
    /// The last policy compiled, by its JSON text, so repeated previews skip compilation.
    cache: RefCell<Option<(String, Policy)>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoadCall<'a> {
    #[serde(borrow)]
    snapshot: &'a RawValue,
    #[serde(default)]
    limits: Option<Limits>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoadedCall<'a> {
    #[serde(borrow)]
    policy: &'a RawValue,
    #[serde(borrow)]
    request: &'a RawValue,
}

impl LoadedWorkspace {
    /// Input: `{"snapshot": {...}, "limits"?: {...}}` as JSON bytes.
    pub fn load(input: &[u8]) -> Result<LoadedWorkspace, Vec<Error>> {
        let call = envelope::<LoadCall>(input)?;
        let limits = limits_of(&call.limits, input.len())?;
        let ws = load_workspace(call.snapshot, &limits)?;
        Ok(LoadedWorkspace {
            ws,
            limits,
            cache: RefCell::new(None),
        })
    }

    /// [`LoadedWorkspace::load`] as a tagged answer (for callers that want JSON back).
    pub fn load_answer(input: &[u8]) -> (Option<LoadedWorkspace>, String) {
        match LoadedWorkspace::load(input) {
            Ok(w) => {
                let s = w.stats_json();
                (Some(w), s)
            }
            Err(e) => (None, failure(e)),
        }
    }

    fn with_policy<T>(
        &self,
        raw: &RawValue,
        f: impl FnOnce(&Policy) -> Result<T, Vec<Error>>,
    ) -> Result<T, Vec<Error>> {
        let text = raw.get();
        if let Ok(cache) = self.cache.try_borrow() {
            if let Some((t, p)) = cache.as_ref() {
                if t == text {
                    return f(p);
                }
            }
        }
        let p = load_policy(raw, &self.limits)?;
        let r = f(&p);
        if let Ok(mut cache) = self.cache.try_borrow_mut() {
            *cache = Some((text.to_string(), p));
        }
        r
    }

    /// Input: `{"policy", "request"}`. Same answer as [`preview_json`].
    pub fn preview_json(&self, input: &[u8]) -> String {
        answer((|| {
            let call = envelope::<LoadedCall>(input)?;
            let req = load_request(call.request)?;
            self.with_policy(call.policy, |p| {
                engine::preview(p, &self.ws, &req, &self.limits)
            })
        })())
    }

    /// Input: `{"policy", "request"}`. Same answer as [`compare_json`].
    pub fn compare_json(&self, input: &[u8]) -> String {
        answer((|| {
            let call = envelope::<LoadedCall>(input)?;
            let req = compare_request(call.request)?;
            self.with_policy(call.policy, |p| {
                engine::compare(p, &self.ws, &req, &self.limits)
            })
        })())
    }

    /// Input: `{"policy", "request"}`. Same answer as [`actions_json`].
    pub fn actions_json(&self, input: &[u8]) -> String {
        answer((|| {
            let call = envelope::<LoadedCall>(input)?;
            let req = compare_request(call.request)?;
            self.with_policy(call.policy, |p| {
                engine::actions(p, &self.ws, &req, &self.limits)
            })
        })())
    }

    /// Value: `{"users": n, "items": n, "references": n, "fingerprint": "sha256:…"}`.
    pub fn stats_json(&self) -> String {
        answer(Ok(serde_json::json!({
            "users": self.ws.snapshot.users.len(),
            "items": self.ws.snapshot.items.len(),
            "references": self.ws.reference_count(),
            "fingerprint": self.ws.hash(),
        })))
    }

    /// The loaded workspace.
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }
}
