//! The shipped presets: policy files under `presets/`, with a sample
//! workspace and example requests each, loaded by the same loader as any user
//! policy.
//!
//! A native build embeds them (cargo features `presets` and `samples`, on by
//! default). The npm package leaves them out of the `.wasm`, to keep it small,
//! and registers them once at start-up from JS data ([`register`]); every
//! lookup here sees both.
use crate::error::{own, wire, Code, Error, PolicyError};
use crate::limits::Limits;
use crate::policy::Policy;
use crate::value::{seg, Dict};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::cell::RefCell;

include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// An embedded preset: id, policy, sample workspace, example requests.
type Embedded = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

/// A preset registered at run time: its texts, compact JSON.
struct Registered {
    policy: String,
    sample: Option<String>,
    examples: Option<String>,
}

thread_local! {
    static REGISTERED: RefCell<Dict<Registered>> = RefCell::new(Dict::new());
}

/// Ids of the presets, embedded and registered, sorted.
pub fn names() -> Vec<String> {
    let mut out: Vec<String> = PRESETS.iter().map(|p| p.0.to_string()).collect();
    REGISTERED.with(|r| {
        if let Ok(r) = r.try_borrow() {
            out.extend(r.keys().map(|k| k.to_string()));
        }
    });
    let names: Vec<&str> = out.iter().map(String::as_str).collect();
    crate::value::sorted_distinct(&names)
        .into_iter()
        .map(String::from)
        .collect()
}

/// One text of a preset: registered first (a registered preset replaces an
/// embedded one of the same id), else embedded.
fn text(
    name: &str,
    embedded: fn(&Embedded) -> Option<&'static str>,
    registered: fn(&Registered) -> Option<&String>,
) -> Option<Cow<'static, str>> {
    let found = REGISTERED.with(|r| {
        let r = r.try_borrow().ok()?;
        let p = r.get(name)?;
        Some(registered(p).map(|t| Cow::Owned(t.clone())))
    });
    match found {
        Some(t) => t,
        None => PRESETS
            .iter()
            .find(|p| p.0 == name)
            .and_then(embedded)
            .map(Cow::Borrowed),
    }
}

/// The policy document of a preset, as JSON text.
pub fn policy_text(name: &str) -> Option<Cow<'static, str>> {
    text(name, |p| Some(p.1), |r| Some(&r.policy))
}

/// The sample workspace of a preset, as JSON text.
pub fn sample_text(name: &str) -> Option<Cow<'static, str>> {
    text(name, |p| p.2, |r| r.sample.as_ref())
}

/// Example requests on the sample workspace, as JSON text.
pub fn examples_text(name: &str) -> Option<Cow<'static, str>> {
    text(name, |p| p.3, |r| r.examples.as_ref())
}

/// The error for a name that is not a preset.
pub fn unknown(name: &str, path: &str) -> PolicyError {
    let presets = names();
    let suggestion = crate::expr::did_you_mean(name, presets.iter().map(String::as_str)).map(own);
    PolicyError::UnknownPreset {
        path: own(path),
        name: own(name),
        presets,
        suggestion,
    }
}

/// Loads a preset by name.
pub fn load(name: &str, limits: &Limits, path: &str) -> Result<Policy, Vec<PolicyError>> {
    let text = policy_text(name).ok_or_else(|| vec![unknown(name, path)])?;
    Policy::load_at(text.as_bytes(), limits, path)
}

/// One entry of [`register`]'s input: the JSON texts of a preset's files.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    policy: String,
    #[serde(default)]
    sample: Option<String>,
    #[serde(default)]
    examples: Option<String>,
}

/// Registers presets (a product's own policies, by name, or replacements of
/// shipped ones) given as `{"<id>": {"policy": "…", "sample"?: "…",
/// "examples"?: "…"}}`, each value the JSON text of that file (kept as
/// written, so that `preset()` answers the policy in its authored order).
/// Each policy must load and its `id` match its key; samples and examples
/// must be JSON. Registering an id again replaces it. Returns the ids
/// registered; nothing is registered when any of them is refused.
pub fn register(input: &[u8]) -> Result<Vec<String>, Vec<Error>> {
    let all: Dict<&RawValue> = crate::read::parse(input, "")?;
    let mut ready = Vec::new();
    let mut errors = Vec::new();
    for (id, entry) in all {
        let base = format!("/{}", seg(&id));
        let Entry {
            policy,
            sample,
            examples,
        } = match crate::read::parse(entry.get().as_bytes(), &base) {
            Ok(e) => e,
            Err(e) => {
                errors.push(e.into());
                continue;
            }
        };
        for (text, part) in [(&sample, "sample"), (&examples, "examples")] {
            if let Some(t) = text {
                let at = format!("{base}/{part}");
                if let Err(e) = crate::read::parse::<serde::de::IgnoredAny>(t.as_bytes(), &at) {
                    errors.push(e.into());
                }
            }
        }
        match Policy::load_at(
            policy.as_bytes(),
            &Limits::default(),
            &format!("{base}/policy"),
        ) {
            Ok(p) if p.id() == id => {}
            Ok(p) => errors.push(
                PolicyError::IdNotKey {
                    path: format!("{base}/policy/id"),
                    id: own(p.id()),
                    key: own(&id),
                }
                .into(),
            ),
            Err(e) => errors.extend(wire(e)),
        }
        let registered = Registered {
            policy,
            sample,
            examples,
        };
        ready.push((id, registered));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let ids = ready.iter().map(|(id, _)| id.to_string()).collect();
    REGISTERED.with(|r| match r.try_borrow_mut() {
        Ok(mut r) => {
            for (id, p) in ready {
                r.insert_name(id, p);
            }
            Ok(ids)
        }
        Err(_) => Err(vec![Error::new(
            Code::Internal,
            "",
            "the preset registry is in use",
        )]),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const ACME: &str = r#"{"acme": {"policy": "{\"id\": \"acme\", \"actions\": {\"deactivate\": {}}}",
        "sample": "{\"users\": [{\"id\": \"u1\"}]}", "examples": "[]"}}"#;

    #[test]
    fn registered_presets_are_found_like_embedded_ones() {
        assert_eq!(register(ACME.as_bytes()).unwrap(), vec!["acme".to_string()]);
        assert!(names().contains(&"acme".to_string()));
        assert_eq!(
            load("acme", &Limits::default(), "/policy").unwrap().id(),
            "acme"
        );
        assert_eq!(sample_text("acme").unwrap(), r#"{"users": [{"id": "u1"}]}"#);
        assert_eq!(examples_text("acme").unwrap(), "[]");
        assert_eq!(
            unknown("acmee", "/p").help().as_deref(),
            Some("did you mean `acme`?")
        );
    }

    #[test]
    fn a_registered_preset_replaces_an_embedded_one_wholly() {
        let before = policy_text("pipedrive").unwrap();
        let mine = r#"{"pipedrive": {"policy": "{\"id\": \"pipedrive\", \"actions\": {}}"}}"#;
        register(mine.as_bytes()).unwrap();
        assert_ne!(policy_text("pipedrive").unwrap(), before);
        // Its sample is its own: none, not the shipped one.
        assert!(sample_text("pipedrive").is_none());
    }

    #[test]
    fn a_bad_entry_registers_nothing() {
        let bad = r#"{"good": {"policy": "{\"id\": \"good\", \"actions\": {}}"},
            "bad": {"policy": "{\"id\": \"other\", \"actions\": {}}"},
            "worse": {"policy": "{\"id\": \"worse\"}", "sample": "{"},
            "worst": {"policy": {"id": "worst"}}}"#;
        let errors = register(bad.as_bytes()).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/bad/policy/id",
                "/worse/sample",
                "/worse/policy",
                "/worst/policy"
            ]
        );
        assert!(policy_text("good").is_none());
        assert_eq!(register(b"[]").unwrap_err()[0].code, "invalidValue");
    }
}
