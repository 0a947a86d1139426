//! The JSON-in, JSON-out contract shared by the wasm exports and native callers.
//!
//! Every function takes one JSON document and returns one JSON document, the
//! tagged answer `{"ok":true,"value":…}` or `{"ok":false,"errors":[{code,message,path,help?}]}`.
//! None of them panics, whatever it is fed.
use crate::error::Error;

fn not_yet(op: &str) -> String {
    let e = Error::new("notImplemented", "", format!("{op} is not implemented yet"));
    serde_json::json!({"ok": false, "errors": [e]}).to_string()
}

/// Input: `{"policy": <policy object | preset name>, "limits"?: {…}}`. Value: `{"id", "warnings": [...]}`.
pub fn validate_policy_json(input: &[u8]) -> String { let _ = input; not_yet("validatePolicy") }
/// Input: `{"policy", "snapshot", "request", "limits"?}`. Value: the preview.
pub fn preview_json(input: &[u8]) -> String { let _ = input; not_yet("preview") }
/// Input: `{"snapshot", "preview", "limits"?}`. Value: the snapshot after the action.
pub fn apply_json(input: &[u8]) -> String { let _ = input; not_yet("apply") }
/// Input: `{"policy", "snapshot", "request"}` (request.action ignored). Value: `{"deactivate": preview, "delete": preview, "rows": [...]}`.
pub fn compare_json(input: &[u8]) -> String { let _ = input; not_yet("compare") }
/// Value: `[{"id","name","description"}]`.
pub fn list_presets_json() -> String { not_yet("listPresets") }
/// Input: `{"name"}`. Value: `{"policy": {...}, "sample": {snapshot}, "examples": [request…]}`.
pub fn preset_json(input: &[u8]) -> String { let _ = input; not_yet("preset") }

/// A workspace loaded and indexed once, previewed many times (hover previews,
/// bulk selections). Each preview costs time proportional to the references of
/// the users involved, not to the size of the workspace.
pub struct LoadedWorkspace {
    _private: (),
}

impl LoadedWorkspace {
    /// Input: `{"snapshot": {...}, "limits"?: {...}}` as JSON bytes, or the bare snapshot.
    pub fn load(input: &[u8]) -> Result<LoadedWorkspace, Vec<Error>> {
        let _ = input;
        Err(vec![Error::new("notImplemented", "", "load is not implemented yet")])
    }
    /// Input: `{"policy", "request"}`. Same answer as [`preview_json`].
    pub fn preview_json(&self, input: &[u8]) -> String { let _ = input; not_yet("preview") }
    /// Input: `{"policy", "request"}`. Same answer as [`compare_json`].
    pub fn compare_json(&self, input: &[u8]) -> String { let _ = input; not_yet("compare") }
    /// Value: `{"users": n, "items": n, "references": n, "fingerprint": "sha256:…"}`.
    pub fn stats_json(&self) -> String { not_yet("stats") }
}
