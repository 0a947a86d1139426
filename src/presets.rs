//! The shipped presets: policy files under `presets/`, embedded at build time
//! and loaded by the same loader as any user policy.
use crate::error::Error;
use crate::limits::Limits;
use crate::policy::Policy;

include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// Ids of the shipped presets, sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|p| p.0)
}

/// The policy document of a preset, as JSON text.
pub fn policy_text(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|p| p.0 == name).map(|p| p.1)
}

/// The sample workspace of a preset, as JSON text.
pub fn sample_text(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|p| p.0 == name).and_then(|p| p.2)
}

/// Example requests on the sample workspace, as JSON text.
pub fn examples_text(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|p| p.0 == name).and_then(|p| p.3)
}

/// The error for a name that is not a preset.
pub fn unknown(name: &str, path: &str) -> Error {
    let mut e = Error::new(
        "unknownPreset",
        path,
        format!("`{name}` is not a shipped preset"),
    );
    e = match crate::expr::did_you_mean(name, names()) {
        Some(c) => e.with_help(format!("did you mean `{c}`?")),
        None => e.with_help(format!(
            "presets: {}",
            names().collect::<Vec<_>>().join(", ")
        )),
    };
    e
}

/// Loads a preset by name.
pub fn load(name: &str, limits: &Limits, path: &str) -> Result<Policy, Vec<Error>> {
    let text = policy_text(name).ok_or_else(|| vec![unknown(name, path)])?;
    Policy::load_at(text.as_bytes(), limits, path)
}
