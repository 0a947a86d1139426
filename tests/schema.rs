//! Keeps the JSON Schemas in `schema/` honest against the serde types.
//!
//! The schemas (and `js/types.gen.d.ts`) are generated from the Rust types
//! by schemars (`src/schema.rs`, feature `schema`); with that feature, a test
//! here fails when a checked-in file differs from what the types generate.
//! schemars reads the serde attributes, not the hand-written readers
//! (`Refs`, `Value`, `Dict`, the plan's operations), so these tests also
//! check what the generated schemas say against what the engine does:
//!
//! - the maximal examples in `tests/data/` use every property the schemas
//!   declare, are valid against them and are accepted by the engine's loaders,
//!   so every schema property is a real field;
//! - a few thousand mutants of those examples (a value replaced by one of
//!   another type, an unknown property added, a property removed) are accepted
//!   by the schema exactly when serde accepts them, so the schemas are neither
//!   looser nor stricter than the types;
//! - the enums of the schemas list exactly the variants of the Rust enums;
//! - every shipped preset, sample workspace and example request is valid;
//! - the call schema's sweep lists exactly the members a sweep call reads.
//!
//! The TypeScript declarations are written from the same schemas, so what
//! holds of the schemas holds of them; `tests/js/types.test.mjs` checks real
//! answers against them with `tsc --strict`.
//!
//! Validation uses the small validator below, which knows the keywords the
//! schemas use and refuses any other, so a schema cannot silently pass by
//! using a keyword it does not check.
#![cfg(not(target_arch = "wasm32"))]
// A failed test reports through a panic, as every Rust test does.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use offboard::limits::Limits;
use offboard::model::{Action, Request, Snapshot, Status};
use offboard::policy::{EffectKind, FallbackOrder, Policy, PolicyDoc, Scope, Severity, Undeclared};
use offboard::workspace::Workspace;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

mod common;
use common::{read, root};

fn read_json(rel: &str) -> Value {
    serde_json::from_slice(&read(rel)).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

fn schema(name: &str) -> Value {
    read_json(&format!("schema/{name}.schema.json"))
}

// ---------------------------------------------------------------------------
// A validator for the subset of JSON Schema 2020-12 the schemas use.

/// Keywords that only annotate.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "title",
    "description",
    "default",
    "examples",
    "$defs",
    // An annotation in draft 2020-12 (schemars writes `uint32`, `int64`…,
    // whose ranges `minimum` and `maximum` state).
    "format",
    // The `$schema` member of a policy is read and never written.
    "writeOnly",
];
/// Keywords the validator checks.
const ASSERTIONS: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "anyOf",
    "oneOf",
    "minimum",
    "maximum",
    "propertyNames",
    "pattern",
];

struct Validator<'s> {
    root: &'s Value,
}

/// The outcome of validating one instance: errors, and the schema properties
/// the instance used (`#/$defs/Name/properties/field`), counted only on the
/// branches that matched.
#[derive(Default)]
struct Outcome {
    errors: Vec<String>,
    used: BTreeSet<String>,
}

impl<'s> Validator<'s> {
    fn resolve(&self, r: &str) -> (&'s Value, String) {
        let ptr = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local references are supported, found {r}"));
        let target = self
            .root
            .pointer(ptr)
            .unwrap_or_else(|| panic!("dangling reference {r}"));
        (target, r.to_string())
    }

    fn validate(&self, schema: &'s Value, at: &str, v: &Value, path: &str, out: &mut Outcome) {
        let Some(s) = schema.as_object() else {
            if schema == &Value::Bool(false) {
                out.errors.push(format!("{path}: not allowed"));
            }
            return;
        };
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let (target, at) = self.resolve(r);
            self.validate(target, &at, v, path, out);
        }
        if let Some(t) = s.get("type") {
            let types: Vec<&str> = match t {
                Value::String(one) => vec![one.as_str()],
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                _ => panic!("{at}: bad type"),
            };
            if !types.iter().any(|t| has_type(v, t)) {
                out.errors.push(format!(
                    "{path}: expected {}, found {v}",
                    types.join(" or ")
                ));
                return;
            }
        }
        if let Some(e) = s.get("enum").and_then(Value::as_array) {
            if !e.contains(v) {
                out.errors.push(format!(
                    "{path}: {v} is not one of {}",
                    Value::Array(e.clone())
                ));
            }
        }
        if let Some(c) = s.get("const") {
            if c != v {
                out.errors.push(format!("{path}: expected {c}"));
            }
        }
        if let Some(n) = v.as_number() {
            if let Some(min) = s.get("minimum").and_then(Value::as_number) {
                if compare(n, min) == std::cmp::Ordering::Less {
                    out.errors.push(format!("{path}: {n} is below {min}"));
                }
            }
            if let Some(max) = s.get("maximum").and_then(Value::as_number) {
                if compare(n, max) == std::cmp::Ordering::Greater {
                    out.errors.push(format!("{path}: {n} is above {max}"));
                }
            }
        }
        if let (Some(p), Some(text)) = (s.get("pattern").and_then(Value::as_str), v.as_str()) {
            if !matches_pattern(p, text) {
                out.errors
                    .push(format!("{path}: `{text}` does not match {p}"));
            }
        }
        if let Some(branches) = s.get("anyOf").and_then(Value::as_array) {
            let mut best: Option<Outcome> = None;
            for (i, b) in branches.iter().enumerate() {
                let mut o = Outcome::default();
                self.validate(b, &format!("{at}/anyOf/{i}"), v, path, &mut o);
                if o.errors.is_empty() {
                    out.used.extend(o.used);
                    best = None;
                    break;
                }
                if best
                    .as_ref()
                    .map_or(true, |b| o.errors.len() < b.errors.len())
                {
                    best = Some(o);
                }
            }
            if let Some(b) = best {
                out.errors.push(format!(
                    "{path}: matches none of the alternatives ({})",
                    b.errors.join("; ")
                ));
            }
        }
        if let Some(branches) = s.get("oneOf").and_then(Value::as_array) {
            let mut matched = Vec::new();
            let mut best: Option<Outcome> = None;
            for (i, b) in branches.iter().enumerate() {
                let mut o = Outcome::default();
                self.validate(b, &format!("{at}/oneOf/{i}"), v, path, &mut o);
                if o.errors.is_empty() {
                    matched.push(o);
                } else if best
                    .as_ref()
                    .map_or(true, |b| o.errors.len() < b.errors.len())
                {
                    best = Some(o);
                }
            }
            match matched.len() {
                1 => out
                    .used
                    .extend(matched.pop().into_iter().flat_map(|o| o.used)),
                0 => out.errors.push(format!(
                    "{path}: matches none of the alternatives ({})",
                    best.map(|b| b.errors.join("; ")).unwrap_or_default()
                )),
                n => out
                    .errors
                    .push(format!("{path}: matches {n} of the oneOf alternatives")),
            }
        }
        if let Some(items) = s.get("items") {
            if let Some(a) = v.as_array() {
                for (i, x) in a.iter().enumerate() {
                    self.validate(
                        items,
                        &format!("{at}/items"),
                        x,
                        &format!("{path}/{i}"),
                        out,
                    );
                }
            }
        }
        if let Some(o) = v.as_object() {
            self.object(s, at, o, path, out);
        }
    }

    fn object(
        &self,
        s: &'s Map<String, Value>,
        at: &str,
        o: &Map<String, Value>,
        path: &str,
        out: &mut Outcome,
    ) {
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().unwrap();
            if !o.contains_key(r) {
                out.errors.push(format!("{path}: missing property `{r}`"));
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        for (k, x) in o {
            let p = format!("{path}/{}", k.replace('~', "~0").replace('/', "~1"));
            if let Some(names) = s.get("propertyNames") {
                self.validate(
                    names,
                    &format!("{at}/propertyNames"),
                    &Value::String(k.clone()),
                    &p,
                    out,
                );
            }
            match props.and_then(|ps| ps.get(k)) {
                Some(ps) => {
                    out.used.insert(format!("{at}/properties/{k}"));
                    self.validate(ps, &format!("{at}/properties/{k}"), x, &p, out);
                }
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => out.errors.push(format!("{p}: unknown property")),
                    Some(extra) => {
                        self.validate(extra, &format!("{at}/additionalProperties"), x, &p, out)
                    }
                    None => {}
                },
            }
        }
    }
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        // serde reads integers only from integer literals, so `1.0` is not one here
        // (JSON Schema itself would accept it; see docs/policy.md).
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        other => panic!("unknown type {other}"),
    }
}

fn compare(a: &serde_json::Number, b: &serde_json::Number) -> std::cmp::Ordering {
    match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(x), Some(y), _, _) => x.cmp(&y),
        (_, _, Some(x), Some(y)) => x.cmp(&y),
        // One side is negative and the other above i64::MAX, or either is a float.
        (Some(_), None, _, Some(_)) => std::cmp::Ordering::Less,
        (None, Some(_), Some(_), _) => std::cmp::Ordering::Greater,
        _ => a
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&b.as_f64().unwrap_or(0.0)),
    }
}

/// The patterns the schemas use: `^` and a literal prefix (with `\.` escapes), then `.+`.
fn matches_pattern(p: &str, text: &str) -> bool {
    let prefix = pattern_prefix(p).unwrap_or_else(|| panic!("unsupported pattern {p}"));
    text.strip_prefix(prefix.as_str())
        .is_some_and(|rest| !rest.is_empty())
}

fn pattern_prefix(p: &str) -> Option<String> {
    let body = p.strip_prefix('^')?.strip_suffix(".+")?;
    let literal = body.replace("\\.", "\u{0}");
    if literal.chars().any(|c| "\\.*+?()[]{}|^$".contains(c)) {
        return None;
    }
    Some(literal.replace('\u{0}', "."))
}

fn validate(schema: &Value, v: &Value) -> Outcome {
    let validator = Validator { root: schema };
    let mut out = Outcome::default();
    validator.validate(schema, "#", v, "", &mut out);
    out
}

/// Every keyword of every schema object is one the validator knows.
fn check_keywords(s: &Value, at: &str, problems: &mut Vec<String>) {
    match s {
        Value::Object(o) => {
            for (k, v) in o {
                if !ANNOTATIONS.contains(&k.as_str()) && !ASSERTIONS.contains(&k.as_str()) {
                    problems.push(format!(
                        "{at}: keyword `{k}` is not checked by tests/schema.rs"
                    ));
                }
                match k.as_str() {
                    "properties" | "$defs" => {
                        for (name, sub) in v.as_object().into_iter().flatten() {
                            check_keywords(sub, &format!("{at}/{k}/{name}"), problems);
                        }
                    }
                    "anyOf" | "oneOf" => {
                        for (i, sub) in v.as_array().into_iter().flatten().enumerate() {
                            check_keywords(sub, &format!("{at}/{k}/{i}"), problems);
                        }
                    }
                    "items" | "additionalProperties" | "propertyNames" => {
                        check_keywords(v, &format!("{at}/{k}"), problems)
                    }
                    "pattern" if v.as_str().and_then(pattern_prefix).is_none() => {
                        problems.push(format!("{at}: unsupported pattern {v}"))
                    }
                    "$ref" if !v.as_str().is_some_and(|r| r.starts_with("#/$defs/")) => {
                        problems.push(format!("{at}: only `#/$defs/…` references are supported"))
                    }
                    _ => {}
                }
            }
        }
        Value::Bool(_) => {}
        other => problems.push(format!(
            "{at}: a schema is an object or a boolean, found {other}"
        )),
    }
}

/// Every `#/$defs/Name/properties/field` of a schema.
fn declared_properties(schema: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (name, def) in schema["$defs"].as_object().unwrap() {
        collect_properties(def, &format!("#/$defs/{name}"), &mut out);
    }
    out
}

fn collect_properties(s: &Value, at: &str, out: &mut BTreeSet<String>) {
    if let Some(ps) = s.get("properties").and_then(Value::as_object) {
        for (k, sub) in ps {
            out.insert(format!("{at}/properties/{k}"));
            collect_properties(sub, &format!("{at}/properties/{k}"), out);
        }
    }
    for key in ["anyOf", "oneOf"] {
        for (i, b) in s
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            collect_properties(b, &format!("{at}/{key}/{i}"), out);
        }
    }
}

// ---------------------------------------------------------------------------
// What the engine accepts.

/// Whether the engine's reader accepts a policy document. Beyond the serde
/// types, the schema checks one thing the loader checks by name alone: the
/// keys of an effect's `set`.
fn engine_accepts_policy(v: &Value) -> Result<(), String> {
    let bytes = serde_json::to_vec(v).unwrap();
    let doc: PolicyDoc = offboard::read::parse(&bytes, "").map_err(|e| format!("{e:?}"))?;
    match Policy::compile(doc, &Limits::default(), "") {
        Ok(_) => Ok(()),
        Err(errors) => match errors
            .iter()
            .find(|e| e.code() == "unknownAttribute" && e.path().contains("/set/"))
        {
            Some(e) => Err(format!("{e:?}")),
            None => Ok(()),
        },
    }
}

fn engine_accepts_snapshot(v: &Value) -> Result<(), String> {
    offboard::read::parse::<Snapshot>(&serde_json::to_vec(v).unwrap(), "")
        .map(|_| ())
        .map_err(|e| format!("{e:?}"))
}

fn engine_accepts_request(v: &Value) -> Result<(), String> {
    offboard::read::parse::<Request>(&serde_json::to_vec(v).unwrap(), "")
        .map(|_| ())
        .map_err(|e| format!("{e:?}"))
}

// ---------------------------------------------------------------------------
// Mutants.

/// Every JSON pointer of a value, the root included.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                pointers(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// A variation of an example: a description, the value replaced and its
/// replacement (both null for added or removed properties), and the result.
type Mutant = (String, Value, Value, Value);

/// Variations of `v`.
fn mutants(v: &Value) -> Vec<Mutant> {
    let replacements = [
        json!(null),
        json!("zz"),
        json!(12345),
        json!(-1),
        json!(1.5),
        json!(true),
        json!([]),
        json!(["zz"]),
        json!({}),
        json!({"zz": "zz"}),
    ];
    let mut ptrs = Vec::new();
    pointers(v, String::new(), &mut ptrs);
    let mut out = Vec::new();
    for p in &ptrs {
        for r in &replacements {
            let mut m = v.clone();
            *m.pointer_mut(p).unwrap() = r.clone();
            out.push((
                format!("{p} = {r}"),
                v.pointer(p).unwrap().clone(),
                r.clone(),
                m,
            ));
        }
        let target = v.pointer(p).unwrap();
        if target.is_object() {
            let mut m = v.clone();
            m.pointer_mut(p)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .insert("zzUnknown".into(), json!(true));
            out.push((format!("{p} gains zzUnknown"), Value::Null, Value::Null, m));
        }
        if let Some((parent, key)) = p.rsplit_once('/') {
            let key = key.replace("~1", "/").replace("~0", "~");
            if v.pointer(parent).is_some_and(Value::is_object) {
                let mut m = v.clone();
                m.pointer_mut(parent)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove(&key);
                out.push((format!("{p} removed"), Value::Null, Value::Null, m));
            }
        }
    }
    out
}

/// Serde's derived structs also read the positional form, an array of the
/// field values in declaration order (`["(deleted user)"]` for a placeholder,
/// `[]` for a struct whose fields all have defaults). Nobody writes that on
/// purpose, and the schemas describe the object form only.
fn positional_struct(original: &Value, replacement: &Value) -> bool {
    original.is_object() && replacement.is_array()
}

fn assert_agreement(
    name: &str,
    schema: &Value,
    example: &Value,
    engine: fn(&Value) -> Result<(), String>,
) {
    let mut disagreements = Vec::new();
    let all = mutants(example);
    for (what, original, replacement, m) in &all {
        let by_schema = validate(schema, m).errors;
        let by_engine = engine(m);
        if !by_schema.is_empty() && by_engine.is_ok() && positional_struct(original, replacement) {
            continue;
        }
        if by_schema.is_empty() != by_engine.is_ok() {
            disagreements.push(format!(
                "{what}: schema {}, engine {}",
                if by_schema.is_empty() {
                    "accepts".to_string()
                } else {
                    format!("rejects ({})", by_schema.join("; "))
                },
                match by_engine {
                    Ok(()) => "accepts".to_string(),
                    Err(e) => format!("rejects ({e})"),
                }
            ));
        }
    }
    assert!(all.len() > 100, "{name}: only {} mutants", all.len());
    assert!(
        disagreements.is_empty(),
        "{name}: the schema and the serde types disagree on {} of {} mutants:\n{}",
        disagreements.len(),
        all.len(),
        disagreements.join("\n")
    );
}

fn assert_maximal(name: &str, schema: &Value, example: &Value) {
    let out = validate(schema, example);
    assert!(
        out.errors.is_empty(),
        "{name}: the maximal example is not valid against the schema:\n{}",
        out.errors.join("\n")
    );
    let unused: Vec<String> = declared_properties(schema)
        .difference(&out.used)
        .cloned()
        .collect();
    assert!(unused.is_empty(), "{name}: the maximal example does not use these schema properties, so nothing shows they are fields of the serde types:\n{}", unused.join("\n"));
}

// ---------------------------------------------------------------------------
// Tests.

#[test]
fn schema_files_are_json_and_use_only_checked_keywords() {
    for name in ["policy", "snapshot", "request"] {
        let s = schema(name);
        assert_eq!(
            s["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        assert!(
            s["$defs"].is_object(),
            "{name}: definitions live under $defs"
        );
        let mut problems = Vec::new();
        check_keywords(&s, "#", &mut problems);
        assert!(
            problems.is_empty(),
            "schema/{name}.schema.json:\n{}",
            problems.join("\n")
        );
    }
}

#[test]
fn maximal_policy_loads_and_uses_every_schema_property() {
    let bytes = read("tests/data/maximal-policy.json");
    let policy = Policy::load(&bytes, &Limits::default())
        .unwrap_or_else(|e| panic!("the maximal policy does not load: {e:#?}"));
    let s = schema("policy");
    let example: Value = serde_json::from_slice(&bytes).unwrap();
    assert_maximal("policy", &s, &example);
    // What the engine writes back (the canonical form the fingerprint hashes) is valid too.
    let written = to_value(&policy.doc);
    let out = validate(&s, &written);
    assert!(
        out.errors.is_empty(),
        "the serialised policy is not valid:\n{}",
        out.errors.join("\n")
    );
}

#[test]
fn maximal_snapshot_loads_and_uses_every_schema_property() {
    let bytes = read("tests/data/maximal-snapshot.json");
    let ws = Workspace::from_json(&bytes, &Limits::default(), "")
        .unwrap_or_else(|e| panic!("the maximal snapshot does not load: {e:#?}"));
    let s = schema("snapshot");
    assert_maximal("snapshot", &s, &serde_json::from_slice(&bytes).unwrap());
    let out = validate(&s, &to_value(&ws.snapshot));
    assert!(
        out.errors.is_empty(),
        "the serialised snapshot is not valid:\n{}",
        out.errors.join("\n")
    );
}

#[test]
fn maximal_request_parses_and_uses_every_schema_property() {
    let bytes = read("tests/data/maximal-request.json");
    let request: Request = offboard::read::parse(&bytes, "")
        .unwrap_or_else(|e| panic!("the maximal request does not parse: {e:#?}"));
    let s = schema("request");
    assert_maximal("request", &s, &serde_json::from_slice(&bytes).unwrap());
    let out = validate(&s, &to_value(&request));
    assert!(
        out.errors.is_empty(),
        "the serialised request is not valid:\n{}",
        out.errors.join("\n")
    );
}

#[test]
fn policy_schema_accepts_exactly_what_the_types_accept() {
    assert_agreement(
        "policy",
        &schema("policy"),
        &read_json("tests/data/maximal-policy.json"),
        engine_accepts_policy,
    );
}

#[test]
fn snapshot_schema_accepts_exactly_what_the_types_accept() {
    assert_agreement(
        "snapshot",
        &schema("snapshot"),
        &read_json("tests/data/maximal-snapshot.json"),
        engine_accepts_snapshot,
    );
}

#[test]
fn request_schema_accepts_exactly_what_the_types_accept() {
    assert_agreement(
        "request",
        &schema("request"),
        &read_json("tests/data/maximal-request.json"),
        engine_accepts_request,
    );
}

/// What the engine writes for a value, read back as JSON.
fn to_value<T: Serialize + ?Sized>(v: &T) -> Value {
    serde_json::from_str(&offboard::write::to_string(v)).unwrap()
}

/// The JSON names of a list of variants.
fn names<T: Serialize>(variants: &[T]) -> Vec<Value> {
    variants.iter().map(|v| to_value(v)).collect()
}

/// Statuses and actions are open (a policy adds its own); the schema lists
/// the built-in ones as `examples`.
fn all_statuses() -> Vec<Value> {
    Status::BUILT_IN.iter().map(|s| json!(s)).collect()
}
fn all_actions() -> Vec<Value> {
    Action::BUILT_IN.iter().map(|s| json!(s)).collect()
}
// These matches have no wildcard, so adding a variant to a Rust enum stops this
// file compiling until the list below, and so the schema check, includes it.
fn all_effect_kinds() -> Vec<Value> {
    use EffectKind::*;
    let all = [
        Keep,
        Transfer,
        Reassign,
        Remove,
        Reattribute,
        Delete,
        Share,
        Restore,
    ];
    for k in all {
        match k {
            Keep | Transfer | Reassign | Remove | Reattribute | Delete | Share | Restore => {}
        }
    }
    names(&all)
}
fn all_severities() -> Vec<Value> {
    let all = [Severity::Block, Severity::Warn];
    for s in all {
        match s {
            Severity::Block | Severity::Warn => {}
        }
    }
    names(&all)
}
fn all_undeclared() -> Vec<Value> {
    let all = [Undeclared::Warn, Undeclared::Error];
    for u in all {
        match u {
            Undeclared::Warn | Undeclared::Error => {}
        }
    }
    names(&all)
}
fn all_scopes() -> Vec<Value> {
    let all = [Scope::Target, Scope::Successor, Scope::Request];
    for s in all {
        match s {
            Scope::Target | Scope::Successor | Scope::Request => {}
        }
    }
    names(&all)
}
fn all_fallback_orders() -> Vec<Value> {
    let all = [FallbackOrder::LowestId, FallbackOrder::HighestRank];
    for o in all {
        match o {
            FallbackOrder::LowestId | FallbackOrder::HighestRank => {}
        }
    }
    names(&all)
}

#[test]
fn schema_enums_list_exactly_the_rust_variants() {
    let policy = schema("policy");
    let snapshot = schema("snapshot");
    let request = schema("request");
    for (s, def, names) in [
        (&policy, "Status", all_statuses()),
        (&policy, "Action", all_actions()),
        (&snapshot, "Status", all_statuses()),
        (&request, "Action", all_actions()),
    ] {
        assert_eq!(s["$defs"][def]["examples"], json!(names), "$defs/{def}");
        assert_eq!(s["$defs"][def]["type"], json!("string"), "$defs/{def}");
    }
    let cases: [(&Value, &str, Vec<Value>); 5] = [
        (&policy, "EffectKind", all_effect_kinds()),
        (&policy, "Severity", all_severities()),
        (&policy, "Scope", all_scopes()),
        (&policy, "FallbackOrder", all_fallback_orders()),
        (&policy, "Undeclared", all_undeclared()),
    ];
    let sorted = |v: &[Value]| -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(Value::to_string).collect();
        v.sort();
        v
    };
    for (s, def, variants) in cases {
        let listed = s["$defs"][def]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("$defs/{def} has no enum"));
        assert_eq!(sorted(listed), sorted(&variants), "$defs/{def}");
    }
    // A policy's actions are a map of action names.
    assert_eq!(
        policy["$defs"]["ActionsDef"]["additionalProperties"]["$ref"],
        json!("#/$defs/ActionDef")
    );
}

#[test]
fn field_changes_are_erase_keep_or_replace() {
    let s = schema("policy");
    let fields =
        |v: Value| json!({"id": "p", "actions": {"delete": {"user": {"fields": {"name": v}}}}});
    for ok in [
        json!("erase"),
        json!("keep"),
        json!({"replace": "(deleted user)"}),
    ] {
        let doc = fields(ok.clone());
        assert!(validate(&s, &doc).errors.is_empty(), "{ok} is valid");
        assert!(engine_accepts_policy(&doc).is_ok(), "{ok} is accepted");
    }
    for bad in [
        json!("replace"),
        json!({"erase": "x"}),
        json!({"replace": 1}),
        json!({"keep": null, "erase": null}),
    ] {
        let doc = fields(bad.clone());
        assert!(!validate(&s, &doc).errors.is_empty(), "{bad} is invalid");
        assert!(engine_accepts_policy(&doc).is_err(), "{bad} is refused");
    }
}

/// Presets: `presets/*.json` are policies, `presets/samples/*.requests.json`
/// arrays of requests, and the other `presets/samples/*.json` snapshots.
#[test]
fn shipped_presets_samples_and_requests_are_valid() {
    let json_files = |dir: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "json"))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let (policy, snapshot, request) = (schema("policy"), schema("snapshot"), schema("request"));
    let mut problems = Vec::new();
    let mut check = |what: &Path, s: &Value, v: &Value| {
        let out = validate(s, v);
        if !out.errors.is_empty() {
            problems.push(format!(
                "{}:\n  {}",
                what.display(),
                out.errors.join("\n  ")
            ));
        }
    };
    let presets = json_files(&root().join("presets"));
    for p in &presets {
        let v: Value = serde_json::from_slice(&std::fs::read(p).unwrap())
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", p.display()));
        check(p, &policy, &v);
        if let Err(e) = Policy::load(&std::fs::read(p).unwrap(), &Limits::default()) {
            panic!("{} does not load: {e:#?}", p.display());
        }
    }
    for p in json_files(&root().join("presets/samples")) {
        let v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap())
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", p.display()));
        if p.to_string_lossy().ends_with(".requests.json") {
            for r in v.as_array().into_iter().flatten() {
                // An example may carry a title or an expectation beside the request itself.
                let r = r.get("request").unwrap_or(r);
                check(&p, &request, r);
            }
        } else {
            check(&p, &snapshot, &v);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    if presets.is_empty() {
        eprintln!("no presets/*.json yet: only the schemas and the maximal examples were checked");
    }
}

/// The generated call schema's sweep holds exactly the members a sweep call
/// reads (its `policy` is added to what `Sweep` derives).
#[test]
fn call_schema_sweep_has_the_members_a_sweep_call_reads() {
    let s = schema("call");
    let props: BTreeSet<&str> = s["$defs"]["Sweep"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let members: BTreeSet<&str> = offboard::engine::sweep::MEMBERS.iter().copied().collect();
    assert_eq!(props, members);
    assert_eq!(s["$defs"]["Sweep"]["additionalProperties"], json!(false));
}

/// The checked-in schemas and TypeScript declarations are what the Rust
/// types generate (`offboard::schema`, feature `schema`).
#[cfg(feature = "schema")]
#[test]
fn checked_in_schemas_and_declarations_are_generated_from_the_types() {
    let mut stale = Vec::new();
    for (path, want) in offboard::schema::files() {
        let have = std::fs::read_to_string(root().join(path)).unwrap_or_default();
        if have != want {
            let line = have
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| have.lines().count().min(want.lines().count()))
                + 1;
            stale.push(format!("{path} (first difference at line {line})"));
        }
    }
    assert!(
        stale.is_empty(),
        "these files differ from what the Rust types generate:\n  {}\n\
         regenerate them with `cargo run --features schema --example gen-schema`",
        stale.join("\n  ")
    );
}
