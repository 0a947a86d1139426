//! The wasm-bindgen boundary: converts JS values in and tagged answers out, nothing else.
//!
//! Every export takes one input — a JS object, a JSON string or a `Uint8Array`
//! of UTF-8 JSON — and hands the JSON bytes to the matching function of
//! [`crate::ffi`]. A preview-sized answer string is turned into a JS object
//! with `JSON.parse`, so the wasm answer is exactly the native one; answers
//! of a few fields (failures, workspace stats) are built directly as JS
//! objects by `serde-wasm-bindgen`, which is faster for them than writing and
//! re-parsing JSON (`node bench/input-forms.mjs`).
//!
//! # Design
//!
//! No export returns `Result<_, JsValue>`: a thrown error leaks a little of the
//! wasm stack in wasm-bindgen, and a module fed bad input often enough dies.
//! Bad input is an ordinary answer, `{ ok: false, errors: [...] }`. Objects are
//! serialised with the host's `JSON.stringify` rather than walked field by
//! field from Rust, because that is the faster way across the boundary (see
//! `docs/npm.md`, "Passing large inputs").
use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{Code, Error, ReadError};
use crate::ffi;

/// The JSON bytes of one input, or the answer explaining why there are none.
fn input_bytes(input: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = input.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if let Some(buffer) = input.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    if input.is_undefined() || input.is_null() || input.is_function() || input.is_symbol() {
        return Err(failure(ReadError::NotAnInput.into()));
    }
    match JSON::stringify(input) {
        Ok(json) => match json.as_string() {
            Some(s) => Ok(s.into_bytes()),
            None => Err(failure(ReadError::NoJsonForm.into())),
        },
        Err(thrown) => {
            let reason = thrown
                .dyn_ref::<js_sys::Error>()
                .and_then(|e| e.message().as_string())
                .unwrap_or_else(|| "JSON.stringify failed".to_string());
            // The host's message, first line only, starting lowercase like ours.
            let reason = reason.lines().next().unwrap_or_default();
            let mut chars = reason.chars();
            let reason: String = match chars.next() {
                Some(first) => std::iter::once(crate::text::lower_char(first))
                    .chain(chars)
                    .collect(),
                None => String::new(),
            };
            Err(failure(ReadError::NotConvertible { reason }.into()))
        }
    }
}

/// A small answer built directly as a JS object by serde-wasm-bindgen (maps
/// as plain objects, absent members left out, as `JSON.parse` would give).
fn small_answer<T: serde::Serialize>(r: Result<T, Vec<Error>>) -> JsValue {
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Tagged<T> {
        Ok { ok: bool, value: T },
        Err { ok: bool, errors: Vec<Error> },
    }
    let tagged = match r {
        Ok(value) => Tagged::Ok { ok: true, value },
        Err(errors) if errors.is_empty() => Tagged::Err {
            ok: false,
            errors: vec![Error::new(Code::Internal, "", "unknown failure")],
        },
        Err(errors) => Tagged::Err { ok: false, errors },
    };
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    match serde::Serialize::serialize(&tagged, &serializer) {
        Ok(v) => v,
        Err(_) => answer("not JSON"),
    }
}

/// A failure answer built directly as a JS object.
fn failure(errors: Vec<Error>) -> JsValue {
    small_answer::<()>(Err(errors))
}

/// Turns an answer string from [`crate::ffi`] into a JS value.
fn answer(json: &str) -> JsValue {
    match JSON::parse(json) {
        Ok(value) => value,
        // Unreachable while the engine emits valid JSON; built by hand so that
        // even this path cannot recurse or throw.
        Err(_) => {
            let error = Object::new();
            let _ = Reflect::set(&error, &"code".into(), &"internal".into());
            let _ = Reflect::set(
                &error,
                &"message".into(),
                &"the engine produced an answer that is not JSON".into(),
            );
            let _ = Reflect::set(&error, &"path".into(), &"".into());
            let out = Object::new();
            let _ = Reflect::set(&out, &"ok".into(), &JsValue::FALSE);
            let _ = Reflect::set(&out, &"errors".into(), &Array::of1(&error));
            out.into()
        }
    }
}

/// Runs one JSON-in, JSON-out function on a JS input.
fn call(input: &JsValue, f: impl FnOnce(&[u8]) -> String) -> JsValue {
    match input_bytes(input) {
        Ok(bytes) => answer(&f(&bytes)),
        Err(failure) => failure,
    }
}

/// Checks a policy: `{ policy, limits? }` → `{ ok, value: { id, warnings } }`.
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(input: JsValue) -> JsValue {
    call(&input, ffi::validate_policy_json)
}

/// Previews an action: `{ policy, snapshot, request, limits? }` → `{ ok, value: preview }`.
#[wasm_bindgen]
pub fn preview(input: JsValue) -> JsValue {
    call(&input, ffi::preview_json)
}

/// Applies a preview to its snapshot: `{ snapshot, preview }` → `{ ok, value: snapshot }`.
#[wasm_bindgen]
pub fn apply(input: JsValue) -> JsValue {
    call(&input, ffi::apply_json)
}

/// Previews deactivating and deleting side by side: `{ policy, snapshot, request }`.
#[wasm_bindgen]
pub fn compare(input: JsValue) -> JsValue {
    call(&input, ffi::compare_json)
}

/// Which actions a selection allows: `{ policy, snapshot, request }` →
/// `{ ok, value: [{ action, verdict, blockers, warnings }] }`.
#[wasm_bindgen]
pub fn actions(input: JsValue) -> JsValue {
    call(&input, ffi::actions_json)
}

/// Runs a scenario file (a policy test): `{ ok, value: { name, passed, steps, failures } }`.
#[wasm_bindgen(js_name = runScenario)]
pub fn run_scenario(input: JsValue) -> JsValue {
    call(&input, crate::scenario::run_json)
}

/// Lists the shipped presets: `{ ok, value: [{ id, name, description }] }`.
#[wasm_bindgen(js_name = listPresets)]
pub fn list_presets() -> JsValue {
    answer(&ffi::list_presets_json())
}

/// One shipped preset: `{ name }` → `{ ok, value: { policy, sample, examples } }`.
#[wasm_bindgen]
pub fn preset(input: JsValue) -> JsValue {
    call(&input, ffi::preset_json)
}

/// Registers presets: the shipped ones, kept outside the `.wasm` (the
/// package's `presets.js`, once at start-up), and a host's own.
/// `{ "<id>": { policy, sample?, examples? } }`, each part JSON text →
/// `{ ok, value: [ids] }`.
#[wasm_bindgen(js_name = registerPresets)]
pub fn register_presets(input: JsValue) -> JsValue {
    call(&input, ffi::register_presets_json)
}

/// Grows linear memory once before a load, by twice the input (with the
/// input's copy, about what the loaded workspace takes): one `memory.grow`
/// instead of hundreds while the snapshot is read. The block is freed at
/// once and reused by the load's allocations. Measured on the first load in
/// a fresh Node process (`node bench/scale.mjs`, first-load row): 1M items
/// 13.5 s without it against 2.8 s with it, for 2.8× against 3.0× the input
/// in memory; at 100k items the two were within the noise.
fn reserve_memory(len: usize) {
    let mut block: Vec<u8> = Vec::new();
    let _ = block.try_reserve_exact(len.saturating_mul(2));
}

/// A workspace loaded and indexed once, previewed many times.
#[wasm_bindgen]
pub struct Workspace {
    inner: ffi::LoadedWorkspace,
}

impl Workspace {
    /// Loads a workspace from a JS input; the failure is the answer to return.
    /// Rust callers (the wasm tests) use this to get the handle itself.
    pub fn try_load(input: &JsValue) -> Result<Workspace, JsValue> {
        let bytes = input_bytes(input)?;
        reserve_memory(bytes.len());
        match ffi::LoadedWorkspace::load_owned(bytes) {
            Ok(inner) => Ok(Workspace { inner }),
            Err(errors) => Err(failure(errors)),
        }
    }
}

#[wasm_bindgen]
impl Workspace {
    /// Loads `{ snapshot, limits? }`:
    /// `{ ok: true, value: Workspace } | { ok: false, errors }`.
    pub fn load(input: JsValue) -> JsValue {
        match Workspace::try_load(&input) {
            Ok(workspace) => {
                let out = Object::new();
                let _ = Reflect::set(&out, &"ok".into(), &JsValue::TRUE);
                let _ = Reflect::set(&out, &"value".into(), &JsValue::from(workspace));
                out.into()
            }
            Err(failure) => failure,
        }
    }

    /// Previews `{ policy, request }` over the loaded workspace.
    pub fn preview(&self, input: JsValue) -> JsValue {
        call(&input, |bytes| self.inner.preview_json(bytes))
    }

    /// Compares deactivating and deleting for `{ policy, request }`.
    pub fn compare(&self, input: JsValue) -> JsValue {
        call(&input, |bytes| self.inner.compare_json(bytes))
    }

    /// Which actions `{ policy, request }` allows over the loaded workspace.
    pub fn actions(&self, input: JsValue) -> JsValue {
        call(&input, |bytes| self.inner.actions_json(bytes))
    }

    /// Previews `{ policy, action, where?, … }` for every matching user.
    pub fn sweep(&self, input: JsValue) -> JsValue {
        call(&input, |bytes| self.inner.sweep_json(bytes))
    }

    /// Counts and the fingerprint of the loaded workspace.
    pub fn stats(&self) -> JsValue {
        small_answer(Ok(self.inner.stats()))
    }
}
