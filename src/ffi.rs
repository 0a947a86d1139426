//! The JSON-in, JSON-out contract shared by the wasm exports and native callers.
//!
//! Every function takes one JSON document and returns one JSON document, the
//! tagged answer `{"ok":true,"value":…}` or `{"ok":false,"errors":[{code,message,path,help?}]}`.
//! None of them panics, whatever it is fed: refusals are previews, only
//! malformed input is an error.
use crate::engine;
use crate::error::Error;
use crate::json::{json_struct, De, Obj, ObjWriter, ToJson, Value};
use crate::limits::Limits;
use crate::model::Request;
use crate::policy::Policy;
use crate::preview::PlanOf;
use crate::workspace::{Streamed, Workspace};
use std::cell::RefCell;

/// Writes an answer.
fn answer<T: ToJson>(r: Result<T, Vec<Error>>) -> String {
    match r {
        Ok(v) => {
            let mut out = String::from("{\"ok\":true,\"value\":");
            v.write_json(&mut out);
            out.push('}');
            out
        }
        Err(errors) => failure(errors),
    }
}

/// The failure answer `{"ok":false,"errors":[…]}`.
pub(crate) fn failure(errors: Vec<Error>) -> String {
    let errors = if errors.is_empty() {
        vec![Error::new("internal", "", "unknown failure")]
    } else {
        errors
    };
    let mut out = String::from("{\"ok\":false,\"errors\":");
    errors.write_json(&mut out);
    out.push('}');
    out
}

/// The call object, parsed; its members are taken by name.
struct Call {
    members: Obj,
    de: De,
    limits: Limits,
    /// The users and items of `snapshot`, read while parsing.
    streamed: Streamed,
}

impl Call {
    /// Reads the call object, whose members must be among `fields`, and its
    /// `limits`; `maxInputBytes` is checked once the host's limits are known.
    fn read(input: &[u8], fields: &[&str]) -> Result<Call, Vec<Error>> {
        let (v, streamed) = Streamed::parse(input, "", "/snapshot").map_err(|e| vec![e])?;
        let mut de = De::new("");
        let mut members = de.object(v, fields).map_err(|e| vec![e])?;
        let limits: Option<Limits> = members.or_default(&mut de, "limits").map_err(|e| vec![e])?;
        let limits = limits_of(limits, input.len())?;
        Ok(Call {
            members,
            de,
            limits,
            streamed,
        })
    }

    /// The `snapshot` member, loaded.
    fn workspace(&mut self) -> Result<Workspace, Vec<Error>> {
        let v = self.take("snapshot")?;
        let streamed = std::mem::take(&mut self.streamed);
        load_workspace(v, streamed, &self.limits)
    }

    /// A required member.
    fn take(&mut self, key: &str) -> Result<Value, Vec<Error>> {
        self.members.req(&mut self.de, key).map_err(|e| vec![e])
    }
}

fn limits_of(l: Option<Limits>, input_len: usize) -> Result<Limits, Vec<Error>> {
    let limits = l.unwrap_or_default();
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
fn load_policy(v: Value, limits: &Limits) -> Result<Policy, Vec<Error>> {
    match v {
        Value::String(name) => crate::presets::load(&name, limits, "/policy"),
        v => Policy::from_value(v, limits, "/policy"),
    }
}

/// A snapshot given inline, or as `{"preset": "<name>"}` for the preset's sample.
fn load_workspace(v: Value, streamed: Streamed, limits: &Limits) -> Result<Workspace, Vec<Error>> {
    let preset = match v.as_object() {
        Some(m) if m.len() == 1 => m.get("preset").and_then(Value::as_str),
        _ => None,
    };
    if let Some(name) = preset {
        if crate::presets::policy_text(name).is_none() {
            return Err(vec![crate::presets::unknown(name, "/snapshot/preset")]);
        }
        let sample = crate::presets::sample_text(name).ok_or_else(|| {
            vec![Error::new(
                "sampleNotEmbedded",
                "/snapshot/preset",
                format!("this build does not embed the sample workspace of `{name}`"),
            )
            .with_help("pass the snapshot itself, e.g. the `sample` of the preset export")]
        })?;
        return Workspace::from_json(sample.as_bytes(), limits, "/snapshot");
    }
    Workspace::from_parts(v, streamed, limits, "/snapshot")
}

fn load_request(v: Value) -> Result<Request, Vec<Error>> {
    crate::json::from_value(v, "/request").map_err(|e| vec![e])
}

/// What `validate` says of a policy.
struct PolicyInfo {
    id: String,
    name: Option<String>,
    actions: Vec<String>,
    rules: usize,
    constraints: usize,
    fingerprint: String,
}

impl ToJson for PolicyInfo {
    fn write_json(&self, out: &mut String) {
        let mut w = ObjWriter::new(out);
        w.field("id", &self.id);
        w.field("name", &self.name);
        w.field("actions", &self.actions);
        w.field("rules", &self.rules);
        w.field("constraints", &self.constraints);
        w.field("fingerprint", &self.fingerprint);
        w.end();
    }
}

fn policy_info(p: &Policy) -> PolicyInfo {
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

/// Input: `{"policy": <policy object | preset name>, "limits"?: {…}}`. Value: `{id, name, actions, rules, constraints, fingerprint}`.
pub fn validate_policy_json(input: &[u8]) -> String {
    answer((|| {
        let mut call = Call::read(input, &["policy", "limits"])?;
        let policy = call.take("policy")?;
        load_policy(policy, &call.limits).map(|p| policy_info(&p))
    })())
}

const PREVIEW_CALL: &[&str] = &["policy", "snapshot", "request", "limits"];

/// Collects the errors of several loads, or their values when all succeed.
fn all3<A, B, C>(
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

/// Loads a call's policy, snapshot and request, collecting the errors of all
/// three, and runs `f` on them. `read_request` reads the request.
fn with_call<T: ToJson>(
    input: &[u8],
    read_request: fn(Value) -> Result<Request, Vec<Error>>,
    f: impl FnOnce(&Policy, &Workspace, &Request, &Limits) -> Result<T, Vec<Error>>,
) -> String {
    answer((|| {
        let mut call = Call::read(input, PREVIEW_CALL)?;
        let (p, w, r) = all3(
            call.take("policy"),
            call.take("snapshot"),
            call.take("request"),
        )?;
        let streamed = std::mem::take(&mut call.streamed);
        let (p, w, r) = all3(
            load_policy(p, &call.limits),
            load_workspace(w, streamed, &call.limits),
            read_request(r),
        )?;
        f(&p, &w, &r, &call.limits)
    })())
}

/// Input: `{"policy", "snapshot", "request", "limits"?}`. Value: the preview.
pub fn preview_json(input: &[u8]) -> String {
    with_call(input, load_request, engine::preview)
}

/// Input: `{"policy", "snapshot", "request"}`; the request's action may be left out. Value: `{deactivate, delete, deleteAfterDeactivate, rows}`.
pub fn compare_json(input: &[u8]) -> String {
    with_call(input, compare_request, engine::compare)
}

/// Input: `{"policy", "snapshot", "request"}`; the request's action may be left out.
/// Value: `[{action, verdict, blockers, warnings}]`, one per action the policy offers.
pub fn actions_json(input: &[u8]) -> String {
    with_call(input, compare_request, engine::actions)
}

/// A compare request: a request whose `action` is optional.
fn compare_request(mut v: Value) -> Result<Request, Vec<Error>> {
    if let Some(o) = v.as_object_mut() {
        if !o.contains_key("action") {
            o.insert("action".into(), Value::from("deactivate"));
        }
    }
    load_request(v)
}

/// Input: `{"snapshot", "preview", "limits"?}`. Value: the snapshot after the action.
pub fn apply_json(input: &[u8]) -> String {
    answer((|| {
        let mut call = Call::read(input, &["snapshot", "preview", "limits"])?;
        let w = call.workspace()?;
        let preview = call.take("preview")?;
        let preview: PlanOf = crate::json::from_value(preview, "/preview").map_err(|e| vec![e])?;
        engine::apply_plan(
            &w.snapshot,
            preview.verdict,
            &preview.snapshot,
            &preview.plan,
        )
    })())
}

/// Input: a scenario file (see `tests/scenarios/README.md`). Value: `{name, passed, steps, failures}`.
pub fn run_scenario_json(input: &[u8]) -> String {
    answer(crate::scenario::run(input))
}

/// One entry of [`list_presets_json`].
struct PresetInfo {
    id: String,
    name: Option<String>,
    description: Option<String>,
    source: Option<String>,
}

json_struct!(PresetInfo {
    id: "id" req,
    name: "name" def,
    description: "description" def,
    source: "source" def,
});

/// Value: `[{"id","name","description","source"}]`.
pub fn list_presets_json() -> String {
    answer((|| {
        let mut out = Vec::new();
        for id in crate::presets::names() {
            let p = crate::presets::load(&id, &Limits::default(), &format!("/presets/{id}"))?;
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

/// Input: `{"name"}`. Value: `{"policy": {...}, "sample": {snapshot} | null, "examples": [{"name", "description", "request"}…]}`.
pub fn preset_json(input: &[u8]) -> String {
    answer((|| {
        let mut call = Call::read(input, &["name"])?;
        let name: String = call
            .members
            .req(&mut call.de, "name")
            .map_err(|e| vec![e])?;
        let policy = crate::presets::policy_text(&name)
            .ok_or_else(|| vec![crate::presets::unknown(&name, "/name")])?;
        let sample = crate::presets::sample_text(&name).unwrap_or("null".into());
        let examples = crate::presets::examples_text(&name).unwrap_or("[]".into());
        Ok(Raw(format!(
            "{{\"policy\":{},\"sample\":{},\"examples\":{}}}",
            policy.trim(),
            sample.trim(),
            examples.trim()
        )))
    })())
}

/// JSON text written as it is: the stored texts of a preset.
struct Raw(String);

impl ToJson for Raw {
    fn write_json(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

/// Input: `{"<id>": {"policy": {…}, "sample"?: {…}, "examples"?: […]}}`.
/// Value: the ids registered. See [`crate::presets::register`].
pub fn register_presets_json(input: &[u8]) -> String {
    answer(crate::presets::register(input))
}

/// A workspace loaded and indexed once, previewed many times (hover previews,
/// bulk selections). Each preview costs time proportional to the references of
/// the users involved, not to the size of the workspace.
pub struct LoadedWorkspace {
    ws: Workspace,
    limits: Limits,
    /// The last policy compiled, by its JSON value, so repeated previews skip compilation.
    cache: RefCell<Option<(Value, Policy)>>,
}

impl LoadedWorkspace {
    /// Input: `{"snapshot": {...}, "limits"?: {...}}` as JSON bytes.
    pub fn load(input: &[u8]) -> Result<LoadedWorkspace, Vec<Error>> {
        let mut call = Call::read(input, &["snapshot", "limits"])?;
        let ws = call.workspace()?;
        Ok(LoadedWorkspace {
            ws,
            limits: call.limits,
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
        v: Value,
        f: impl FnOnce(&Policy) -> Result<T, Vec<Error>>,
    ) -> Result<T, Vec<Error>> {
        if let Ok(cache) = self.cache.try_borrow() {
            if let Some((cached, p)) = cache.as_ref() {
                if *cached == v {
                    return f(p);
                }
            }
        }
        let p = load_policy(v.clone(), &self.limits)?;
        let r = f(&p);
        if let Ok(mut cache) = self.cache.try_borrow_mut() {
            *cache = Some((v, p));
        }
        r
    }

    /// Runs `f` on the call's policy and request (read by `read_request`).
    fn run<T: ToJson>(
        &self,
        input: &[u8],
        read_request: fn(Value) -> Result<Request, Vec<Error>>,
        f: impl FnOnce(&Policy, &Workspace, &Request, &Limits) -> Result<T, Vec<Error>>,
    ) -> String {
        answer((|| {
            let v = crate::json::parse_value(input, "").map_err(|e| vec![e])?;
            let mut de = De::new("");
            let mut call = de.object(v, &["policy", "request"]).map_err(|e| vec![e])?;
            let policy: Value = call.req(&mut de, "policy").map_err(|e| vec![e])?;
            let request = read_request(call.req(&mut de, "request").map_err(|e| vec![e])?)?;
            self.with_policy(policy, |p| f(p, &self.ws, &request, &self.limits))
        })())
    }

    /// Input: `{"policy", "request"}`. Same answer as [`preview_json`].
    pub fn preview_json(&self, input: &[u8]) -> String {
        self.run(input, load_request, engine::preview)
    }

    /// Input: `{"policy", "request"}`. Same answer as [`compare_json`].
    pub fn compare_json(&self, input: &[u8]) -> String {
        self.run(input, compare_request, engine::compare)
    }

    /// Input: `{"policy", "request"}`. Same answer as [`actions_json`].
    pub fn actions_json(&self, input: &[u8]) -> String {
        self.run(input, compare_request, engine::actions)
    }

    /// Value: `{"users": n, "items": n, "references": n, "fingerprint": "sha256:…"}`.
    pub fn stats_json(&self) -> String {
        answer(Ok(Stats(self)))
    }

    /// The loaded workspace.
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }
}

struct Stats<'a>(&'a LoadedWorkspace);

impl ToJson for Stats<'_> {
    fn write_json(&self, out: &mut String) {
        let ws = &self.0.ws;
        let mut w = ObjWriter::new(out);
        w.field("users", &ws.snapshot.users.len());
        w.field("items", &ws.snapshot.items.len());
        w.field("references", &ws.reference_count());
        w.field("fingerprint", ws.hash());
        w.end();
    }
}
