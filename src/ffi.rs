//! The JSON-in, JSON-out contract shared by the wasm exports and native callers.
//!
//! Every function takes one JSON document and returns one JSON document, the
//! tagged answer `{"ok":true,"value":…}` or `{"ok":false,"errors":[{code,message,path,help?}]}`.
//! None of them panics, whatever it is fed: refusals are previews, only
//! malformed input is an error.
use crate::call::{
    self, all3, answer, compare_request, failure, load_policy, load_request, load_workspace,
    policy_info, ReadRequest,
};
use crate::engine;
use crate::error::{wire, Code, Error, LimitError, ReadError};
use crate::limits::Limits;
use crate::model::Request;
use crate::policy::Policy;
use crate::preview::PlanOf;
use crate::value::{Dict, Value};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::cell::RefCell;

/// The call object: its members, each kept as JSON text (borrowed from the
/// input, not parsed yet) and read by name with its own pointer.
struct Call<'a> {
    members: Dict<&'a RawValue>,
    limits: Limits,
}

impl<'a> Call<'a> {
    /// Reads the call object, whose members must be among `fields`, and its
    /// `limits`; `maxInputBytes` is checked once the host's limits are known.
    fn read(input: &'a [u8], fields: &[&str]) -> Result<Call<'a>, Vec<Error>> {
        let members = Call::members(input, fields)?;
        let limits = match members.get("limits") {
            Some(raw) => Some(crate::read::parse::<Limits>(
                raw.get().as_bytes(),
                "/limits",
            )?),
            None => None,
        };
        let limits = limits_of(limits, input.len())?;
        Ok(Call { members, limits })
    }

    /// The members of the call object, which must be among `fields`.
    fn members(input: &'a [u8], fields: &[&str]) -> Result<Dict<&'a RawValue>, ReadError> {
        let members: Dict<&RawValue> = crate::read::parse(input, "")?;
        if let Some(bad) = members.keys().find(|k| !fields.contains(&k.as_str())) {
            return Err(call::unknown_member(bad, fields));
        }
        Ok(members)
    }

    /// A required member, as JSON text.
    fn take(&self, key: &str) -> Result<&'a RawValue, Vec<Error>> {
        match self.members.get(key) {
            Some(raw) => Ok(raw),
            None => Err(engine::fields::missing("", key).into()),
        }
    }

    /// The optional `detail` and `page` members (see [`engine::detail`]).
    /// Read as [`Value`]s and converted by hand: no serde reader per option type.
    fn sizing(&self) -> Result<engine::Sizing, Vec<Error>> {
        let detail = self.read_value("detail")?;
        let page = self.read_value("page")?;
        engine::Sizing::from_values(detail.as_ref(), page.as_ref()).map_err(|e| vec![e])
    }

    /// An optional member, read as a [`Value`].
    fn read_value(&self, key: &str) -> Result<Option<Value>, Vec<Error>> {
        match self.members.get(key) {
            Some(raw) => Ok(Some(crate::read::parse(
                raw.get().as_bytes(),
                &format!("/{key}"),
            )?)),
            None => Ok(None),
        }
    }

    /// A required member, read as `T`.
    fn read_member<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<T, Vec<Error>> {
        let raw = self.take(key)?;
        crate::read::parse(raw.get().as_bytes(), &format!("/{key}")).map_err(Vec::from)
    }
}

fn limits_of(l: Option<Limits>, input_len: usize) -> Result<Limits, Vec<Error>> {
    let limits = l.unwrap_or_default();
    if input_len as u64 > limits.max_input_bytes {
        return Err(LimitError::CallBytes {
            bytes: input_len as u64,
            max: limits.max_input_bytes,
        }
        .into());
    }
    Ok(limits)
}

/// Input: `{"policy": <policy object | preset name>, "limits"?: {…}}`. Value: `{id, name, actions, rules, constraints, fingerprint}`.
pub fn validate_policy_json(input: &[u8]) -> String {
    answer((|| {
        let call = Call::read(input, &["policy", "limits"]).map_err(wrap_hint)?;
        load_policy(call.take("policy")?.get(), &call.limits).map(|p| policy_info(&p))
    })())
}

/// A policy passed bare (`validatePolicy(policy)`): its own fields are unknown
/// members of the call, so say to wrap it.
fn wrap_hint(mut errors: Vec<Error>) -> Vec<Error> {
    // The policy document's own member names, as serde lists them when it
    // meets a member that is not one of them: read from the type, never a
    // second list to keep in step.
    // Read through `read::parse`, the one reader of the type in the `.wasm`.
    let probe = match crate::read::parse::<crate::policy::PolicyDoc>(br#"{"\u0000":0}"#, "") {
        Err(ReadError::UnknownField { expected, .. }) => expected,
        _ => String::new(),
    };
    let fields = crate::read::expected_names(&probe);
    for e in &mut errors {
        let key = e.path.strip_prefix('/').unwrap_or_default();
        if e.code == Code::UnknownField && fields.contains(&key) {
            e.help = Some("wrap the policy: validatePolicy({ policy })".into());
        }
    }
    errors
}

const PREVIEW_CALL: &[&str] = &["policy", "snapshot", "request", "limits", "detail", "page"];
const COMPARE_CALL: &[&str] = &["policy", "snapshot", "request", "limits", "detail"];
const ACTIONS_CALL: &[&str] = &["policy", "snapshot", "request", "limits"];

/// A call whose snapshot is inline, read in one pass straight into typed
/// users and items. Every call that takes a snapshot reads it through this one
/// struct (one reader in the `.wasm`); a member the call does not take, or
/// any failure, sends the call the slower way, through [`Call`], which says
/// what is wrong and where.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InlineCall<'a> {
    #[serde(borrow, default)]
    policy: Option<&'a RawValue>,
    snapshot: crate::model::Snapshot,
    #[serde(borrow, default)]
    request: Option<&'a RawValue>,
    #[serde(default)]
    limits: Option<Limits>,
    #[serde(default)]
    detail: Option<Value>,
    #[serde(default)]
    page: Option<Value>,
}

impl<'a> InlineCall<'a> {
    /// The call, when it reads and has no member outside `fields`.
    fn read(input: &'a [u8], fields: &[&str]) -> Option<InlineCall<'a>> {
        let doc: InlineCall = crate::read::from_slice(input).ok()?;
        let given = [
            ("policy", doc.policy.is_some()),
            ("request", doc.request.is_some()),
            ("limits", doc.limits.is_some()),
            ("detail", doc.detail.is_some()),
            ("page", doc.page.is_some()),
        ];
        given
            .iter()
            .all(|(k, g)| !g || fields.contains(k))
            .then_some(doc)
    }
}

/// Loads a call's policy, snapshot and request, collecting the errors of all
/// three, and runs `f` on them. `read_request` reads the request; `fields`
/// are the members the call may have.
fn with_call<T: Serialize>(
    input: &[u8],
    fields: &[&str],
    read_request: ReadRequest,
    f: impl FnOnce(&Policy, &Workspace, &Request, &Limits, engine::Sizing) -> Result<T, Vec<Error>>,
) -> String {
    answer((|| {
        if let Some(doc) = InlineCall::read(input, fields) {
            if let (Some(policy), Some(request)) = (doc.policy, doc.request) {
                let limits = limits_of(doc.limits, input.len())?;
                let sizing = engine::Sizing::from_values(doc.detail.as_ref(), doc.page.as_ref())
                    .map_err(|e| vec![e])?;
                let (p, w, r) = all3(
                    load_policy(policy.get(), &limits),
                    call::index_snapshot(doc.snapshot, &limits),
                    read_request(request.get()),
                )?;
                return f(&p, &w, &r, &limits, sizing);
            }
        }
        let call = Call::read(input, fields)?;
        let sizing = call.sizing()?;
        let (p, w, r) = all3(
            call.take("policy"),
            call.take("snapshot"),
            call.take("request"),
        )?;
        let (p, w, r) = all3(
            load_policy(p.get(), &call.limits),
            load_workspace(w.get(), &call.limits),
            read_request(r.get()),
        )?;
        f(&p, &w, &r, &call.limits, sizing)
    })())
}

/// A preview in the size a call asked for.
fn sized_preview(
    p: &Policy,
    w: &Workspace,
    r: &Request,
    l: &Limits,
    s: engine::Sizing,
) -> Result<engine::detail::SizedPreview, Vec<Error>> {
    engine::preview_sized(p, w, r, l, s)
}

/// A comparison in the size a call asked for.
fn sized_comparison(
    p: &Policy,
    w: &Workspace,
    r: &Request,
    l: &Limits,
    s: engine::Sizing,
) -> Result<engine::detail::SizedComparison, Vec<Error>> {
    engine::compare(p, w, r, l).map(|v| engine::detail::size_comparison(v, s))
}

fn unsized_actions(
    p: &Policy,
    w: &Workspace,
    r: &Request,
    l: &Limits,
    _: engine::Sizing,
) -> Result<Vec<engine::ActionChoice>, Vec<Error>> {
    engine::actions(p, w, r, l)
}

/// Input: `{"policy", "snapshot", "request", "limits"?, "detail"?, "page"?}`.
/// Value: the preview, in `full` detail by default.
pub fn preview_json(input: &[u8]) -> String {
    with_call(input, PREVIEW_CALL, load_request, sized_preview)
}

/// Input: `{"policy", "snapshot", "request"}`; the request's action may be left out. Value: `{deactivate, delete, deleteAfterDeactivate, rows}`.
pub fn compare_json(input: &[u8]) -> String {
    with_call(input, COMPARE_CALL, compare_request, sized_comparison)
}

/// Input: `{"policy", "snapshot", "request"}`; the request's action may be left out.
/// Value: `[{action, verdict, blockers, warnings}]`, one per action the policy offers.
pub fn actions_json(input: &[u8]) -> String {
    with_call(input, ACTIONS_CALL, compare_request, unsized_actions)
}

/// Input: `{"snapshot", "preview", "at"?, "limits"?}`. Value: the snapshot after the action.
pub fn apply_json(input: &[u8]) -> String {
    answer((|| {
        let call = Call::read(input, call::APPLY_CALL)?;
        let w = load_workspace(call.take("snapshot")?.get(), &call.limits)?;
        let preview: PlanOf = call.read_member("preview")?;
        let at = match call.read_value("at")? {
            None => None,
            Some(Value::String(s)) => Some(s),
            Some(v) => {
                return Err(engine::fields::invalid("/at", "an RFC 3339 timestamp", &v).into())
            }
        };
        Ok(engine::apply_plan(
            &w.snapshot,
            preview.verdict,
            &preview.snapshot,
            &preview.plan,
            at.as_deref(),
        )?)
    })())
}

/// A preset as `listPresets` lists it.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct PresetInfo {
    id: String,
    name: Option<String>,
    description: Option<String>,
    /// Where the product's documented behaviour comes from.
    source: Option<String>,
}

/// Value: `[{"id","name","description","source"}]`.
pub fn list_presets_json() -> String {
    answer((|| {
        let mut out = Vec::new();
        for id in crate::presets::names() {
            let p = crate::presets::load(&id, &Limits::default(), &format!("/presets/{id}"))
                .map_err(wire)?;
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
    let text: Result<String, Vec<Error>> = (|| {
        let call = Call::read(input, &["name"])?;
        let name: String = call.read_member("name")?;
        let policy = crate::presets::policy_text(&name)
            .ok_or_else(|| crate::presets::unknown(&name, "/name"))?;
        let sample = crate::presets::sample_text(&name).unwrap_or("null".into());
        let examples = crate::presets::examples_text(&name).unwrap_or("[]".into());
        Ok(format!(
            "{{\"policy\":{},\"sample\":{},\"examples\":{}}}",
            policy.trim(),
            sample.trim(),
            examples.trim()
        ))
    })();
    // Checked with the slice reader every other input goes through:
    // `RawValue::from_string` would compile serde_json's string reader too.
    match text {
        Ok(text) if crate::read::parse::<&RawValue>(text.as_bytes(), "").is_ok() => {
            format!("{{\"ok\":true,\"value\":{text}}}")
        }
        Ok(_) => failure(&[Error::new(Code::Internal, "", "a preset text is not JSON")]),
        Err(errors) => failure(&errors),
    }
}

/// Input: `{"<id>": {"policy": {…}, "sample"?: {…}, "examples"?: […]}}`.
/// Value: the ids registered. See [`crate::presets::register`].
pub fn register_presets_json(input: &[u8]) -> String {
    answer(crate::presets::register(input))
}

/// The members of a preview, compare and actions call on a loaded workspace.
const LOADED_CALL: &[&str] = &["policy", "request", "detail", "page"];
const LOADED_COMPARE: &[&str] = &["policy", "request", "detail"];
const LOADED_ACTIONS: &[&str] = &["policy", "request"];

/// A workspace loaded and indexed once, previewed many times (hover previews,
/// bulk selections). Each preview costs time proportional to the references of
/// the users involved, not to the size of the workspace.
pub struct LoadedWorkspace {
    ws: Workspace,
    limits: Limits,
    /// The last policy compiled, by its JSON text, so repeated previews skip compilation.
    cache: RefCell<Option<(String, Policy)>>,
}

impl LoadedWorkspace {
    /// Input: `{"snapshot": {...}, "limits"?: {...}}` as JSON bytes.
    ///
    /// An inline snapshot is read in one pass, straight into its typed
    /// users and items; anything else (a preset's sample, an error to
    /// locate) goes through the call object's members.
    pub fn load(input: &[u8]) -> Result<LoadedWorkspace, Vec<Error>> {
        if let Some(doc) = InlineCall::read(input, &["snapshot", "limits"]) {
            return LoadedWorkspace::index(doc.snapshot, doc.limits, input.len());
        }
        LoadedWorkspace::load_call(input)
    }

    /// [`LoadedWorkspace::load`] from bytes it owns and frees as soon as the
    /// snapshot is read, before it is indexed: the index then takes their
    /// place in memory instead of growing it (a wasm module's memory never
    /// shrinks).
    pub fn load_owned(input: Vec<u8>) -> Result<LoadedWorkspace, Vec<Error>> {
        if let Some(doc) = InlineCall::read(&input, &["snapshot", "limits"]) {
            let len = input.len();
            let InlineCall {
                snapshot, limits, ..
            } = doc;
            drop(input);
            return LoadedWorkspace::index(snapshot, limits, len);
        }
        LoadedWorkspace::load_call(&input)
    }

    /// Checks and indexes the snapshot of an inline call of `len` bytes.
    fn index(
        snapshot: crate::model::Snapshot,
        limits: Option<Limits>,
        len: usize,
    ) -> Result<LoadedWorkspace, Vec<Error>> {
        let limits = limits_of(limits, len)?;
        let ws = call::index_snapshot(snapshot, &limits)?;
        Ok(LoadedWorkspace {
            ws,
            limits,
            cache: RefCell::new(None),
        })
    }

    /// A call that is not an inline snapshot (a preset's sample), or one
    /// whose error is to be located.
    fn load_call(input: &[u8]) -> Result<LoadedWorkspace, Vec<Error>> {
        let call = Call::read(input, &["snapshot", "limits"])?;
        let ws = load_workspace(call.take("snapshot")?.get(), &call.limits)?;
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
            Err(e) => (None, failure(&e)),
        }
    }

    fn with_policy<T>(
        &self,
        raw: &RawValue,
        f: impl FnOnce(&Policy) -> Result<T, Vec<Error>>,
    ) -> Result<T, Vec<Error>> {
        if let Ok(cache) = self.cache.try_borrow() {
            if let Some((cached, p)) = cache.as_ref() {
                if cached == raw.get() {
                    return f(p);
                }
            }
        }
        let p = load_policy(raw.get(), &self.limits)?;
        let r = f(&p);
        if let Ok(mut cache) = self.cache.try_borrow_mut() {
            *cache = Some((raw.get().to_string(), p));
        }
        r
    }

    /// Runs `f` on the call's policy and request (read by `read_request`);
    /// `fields` are the members the call may have.
    fn run<T: Serialize>(
        &self,
        input: &[u8],
        fields: &[&str],
        read_request: ReadRequest,
        f: impl FnOnce(&Policy, &Workspace, &Request, &Limits, engine::Sizing) -> Result<T, Vec<Error>>,
    ) -> String {
        answer((|| {
            let call = Call {
                members: Call::members(input, fields)?,
                limits: self.limits.clone(),
            };
            let sizing = call.sizing()?;
            let policy = call.take("policy")?;
            let request = read_request(call.take("request")?.get())?;
            self.with_policy(policy, |p| f(p, &self.ws, &request, &self.limits, sizing))
        })())
    }

    /// Input: `{"policy", "request", "detail"?, "page"?}`. Same answer as [`preview_json`].
    pub fn preview_json(&self, input: &[u8]) -> String {
        self.run(input, LOADED_CALL, load_request, sized_preview)
    }

    /// Input: `{"policy", "request", "detail"?}`. Same answer as [`compare_json`].
    pub fn compare_json(&self, input: &[u8]) -> String {
        self.run(input, LOADED_COMPARE, compare_request, sized_comparison)
    }

    /// Input: `{"policy", "request"}`. Same answer as [`actions_json`].
    pub fn actions_json(&self, input: &[u8]) -> String {
        self.run(input, LOADED_ACTIONS, compare_request, unsized_actions)
    }

    /// Input: `{"policy", "action", "where"?, "actor"?, "successor"?,
    /// "options"?, "now", "offset"?, "limit"?, "detail"?}`. Value: the
    /// [`engine::SweepAnswer`] of the matching users from `offset`.
    pub fn sweep_json(&self, input: &[u8]) -> String {
        answer((|| {
            let call = Call {
                members: Call::members(input, engine::sweep::MEMBERS)?,
                limits: self.limits.clone(),
            };
            let policy = call.take("policy")?;
            let whole: Value = crate::read::parse(input, "")?;
            let sweep = engine::Sweep::from_value(&whole).map_err(wire)?;
            self.with_policy(policy, |p| engine::sweep(p, &self.ws, &sweep, &self.limits))
        })())
    }

    /// Value: `{"users": n, "items": n, "references": n, "fingerprint": "sha256:…"}`.
    pub fn stats_json(&self) -> String {
        answer(Ok(self.stats()))
    }

    /// Counts and the fingerprint of the loaded workspace.
    pub fn stats(&self) -> Stats<'_> {
        let ws = &self.ws;
        Stats {
            users: ws.snapshot.users.len(),
            items: ws.snapshot.items.len(),
            references: ws.reference_count(),
            fingerprint: ws.hash(),
        }
    }

    /// The loaded workspace.
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }
}

/// What a loaded workspace holds.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WorkspaceStats"))]
pub struct Stats<'a> {
    pub users: usize,
    pub items: usize,
    pub references: u64,
    /// `sha256:…` of the snapshot.
    pub fingerprint: &'a str,
}
