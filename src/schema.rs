//! The contract's JSON Schemas (`schema/*.schema.json`) and TypeScript
//! declarations (`js/types.gen.d.ts`), generated from the Rust types
//! (feature `schema`: schemars derives on every contract type).
//!
//! The types are the single source: their serde attributes say what is read
//! and written, their doc comments become the schemas' `description`s and the
//! declarations' doc comments. Schemas describe what the readers accept
//! (schemars's deserialize contract); the TypeScript declarations come from
//! the same schemas, those of the inputs as read and those of the answers as
//! written ([`crate::typescript`]). `cargo run --features schema --example
//! gen-schema` writes the files; `tests/schema.rs` fails when the checked-in
//! ones differ.
use crate::call::PolicyInfo;
use crate::engine::detail::{ComparisonSummary, Detail, PageRequest, PreviewSummary};
use crate::engine::sweep::{Sweep, SweepAnswer, SweepTotals};
use crate::engine::{ActionChoice, Comparison};
use crate::error::Error;
use crate::ffi::{PresetInfo, Stats};
use crate::limits::Limits;
use crate::model::{Request, Snapshot};
use crate::policy::PolicyDoc;
use crate::preview::Preview;
use crate::scenario::Outcome;
use schemars::generate::{Contract, SchemaSettings};
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{json, Map, Value};

/// The generated files: their paths from the repository root, and texts.
pub fn files() -> Vec<(&'static str, String)> {
    vec![
        (
            "schema/policy.schema.json",
            document::<PolicyDoc>(
                "offboard policy",
                "A product's offboarding rules as data: who may act on whom, what each action does to the user, to seats and to every item that references the user. See docs/policy.md. Fields typed as conditions or templates are strings checked and compiled when the policy is loaded.",
            ),
        ),
        (
            "schema/snapshot.schema.json",
            document::<Snapshot>(
                "offboard workspace snapshot",
                "The data a preview is computed on: users, items with their references to users, seat limits and account-wide facts. See docs/snapshot.md.",
            ),
        ),
        (
            "schema/request.schema.json",
            document::<Request>(
                "offboard request",
                "What the admin is about to do. Several targets make a bulk request. See docs/snapshot.md.",
            ),
        ),
        ("schema/call.schema.json", call()),
        ("js/types.gen.d.ts", typescript()),
    ]
}

fn generator(contract: Contract) -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .with(|s| s.contract = contract)
        .into_generator()
}

/// A schema document: `$ref` to `T`, every definition it uses under `$defs`.
fn document<T: JsonSchema>(title: &str, description: &str) -> String {
    let mut g = generator(Contract::Deserialize);
    let root = g.subschema_for::<T>();
    let defs = g.take_definitions(true);
    let mut doc = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": description,
        "$ref": root.as_value().get("$ref"),
        "$defs": defs,
    });
    reflow(&mut doc);
    pretty(&doc)
}

/// The members of a call object beside its documents.
fn call() -> String {
    let mut g = generator(Contract::Deserialize);
    g.subschema_for::<Detail>();
    g.subschema_for::<PageRequest>();
    g.subschema_for::<Sweep>();
    g.subschema_for::<Limits>();
    let mut defs = g.take_definitions(true);
    // A sweep call also holds its policy (read by the caller, not by
    // `Sweep`), and nothing else: `sweep::MEMBERS`.
    if let Some(Value::Object(sweep)) = defs.get_mut("Sweep") {
        let mut props = Map::new();
        props.insert(
            "policy".into(),
            json!({"description": "A policy document (policy.schema.json) or the name of a preset."}),
        );
        if let Some(Value::Object(rest)) = sweep.remove("properties") {
            props.extend(rest);
        }
        sweep.insert("properties".into(), Value::Object(props));
        if let Some(Value::Array(required)) = sweep.get_mut("required") {
            required.insert(0, "policy".into());
        }
        sweep.insert("additionalProperties".into(), false.into());
    }
    let mut doc = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "offboard call options",
        "description": "Members of a call object beside its documents: how much of a preview to answer (`detail`, `page`; see docs/preview.md, \"Detail and pages\"), a sweep (docs/npm.md, \"Sweeps\") and `limits`. The policy, snapshot and request themselves are in policy.schema.json, snapshot.schema.json and request.schema.json.",
        "$defs": defs,
    });
    reflow(&mut doc);
    pretty(&doc)
}

/// The TypeScript declarations of the inputs (as read) and the answers (as
/// written). A type both read and written is declared as read: it accepts
/// what the engine writes, and is what a caller may pass.
fn typescript() -> String {
    let mut input = generator(Contract::Deserialize);
    input.subschema_for::<PolicyDoc>();
    input.subschema_for::<Snapshot>();
    input.subschema_for::<Request>();
    input.subschema_for::<Limits>();
    input.subschema_for::<Detail>();
    input.subschema_for::<PageRequest>();
    input.subschema_for::<Sweep>();
    let mut output = generator(Contract::Serialize);
    output.subschema_for::<Error>();
    output.subschema_for::<Preview>();
    output.subschema_for::<PreviewSummary>();
    output.subschema_for::<Comparison>();
    output.subschema_for::<ComparisonSummary>();
    output.subschema_for::<ActionChoice>();
    output.subschema_for::<SweepAnswer>();
    output.subschema_for::<SweepTotals>();
    output.subschema_for::<PolicyInfo>();
    output.subschema_for::<PresetInfo>();
    output.subschema_for::<Stats>();
    output.subschema_for::<Outcome>();
    let mut defs = input.take_definitions(true);
    for (name, schema) in output.take_definitions(true) {
        defs.entry(name).or_insert(schema);
    }
    let mut defs = Value::Object(defs);
    reflow(&mut defs);
    let Value::Object(defs) = defs else {
        return String::new();
    };
    crate::typescript::declarations(&defs)
}

/// Doc comments wrap lines where the source does; descriptions are read as
/// text, so a single line break becomes a space (paragraphs stay apart).
fn reflow(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                match x {
                    Value::String(s) if k == "description" => {
                        *s = s
                            .split("\n\n")
                            .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    _ => reflow(x),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(reflow),
        _ => {}
    }
}

/// JSON with two-space indents and a final line break.
fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
