//! TypeScript declarations written from JSON Schemas (the definitions
//! `src/schema.rs` generates from the contract types), so that the
//! declarations and the schemas have one source and cannot disagree.
//!
//! It knows the forms those schemas take, and no more: `$ref`, `type` (one or
//! several), `enum`, `const`, `anyOf` and `oneOf` (unions), `items`,
//! `properties` with `required`, `additionalProperties` and `propertyNames`
//! (records), a string's `examples` (an open set of names, written as the
//! names or any string) and `description` (doc comments). A property that
//! may be left out is optional (`name?: T`) and, as leaving it out and
//! `null` mean the same to the readers, not also `null` — unless its
//! description says what `null` means there (a user change's `licenceAfter`:
//! `null` is "no licence", absent is "unchanged"), when it is `T | null`.
use serde_json::{Map, Value};

/// Every definition as an exported TypeScript declaration, by name.
pub fn declarations(defs: &Map<String, Value>) -> String {
    let mut names: Vec<&String> = defs.keys().collect();
    names.sort();
    let mut out = String::from(
        "// Generated from the Rust types (feature `schema`, src/schema.rs) by\n\
         // `cargo run --features schema --example gen-schema`; do not edit by hand.\n\
         // tests/schema.rs fails when this file differs from what the types generate.\n",
    );
    for name in names {
        let Some(schema) = defs.get(name) else {
            continue;
        };
        out.push('\n');
        out.push_str(&doc(schema, ""));
        match schema.get("properties").and_then(Value::as_object) {
            Some(props) if schema.get("anyOf").is_none() && schema.get("oneOf").is_none() => {
                out.push_str(&format!(
                    "export interface {name} {}\n",
                    members(schema, props, "")
                ));
            }
            _ => {
                let e = wrap(expr(schema, ""));
                let sep = if e.starts_with('\n') { "" } else { " " };
                out.push_str(&format!("export type {name} ={sep}{e};\n"));
            }
        }
    }
    out
}

/// A long one-line union, one alternative a line.
fn wrap(e: String) -> String {
    if e.len() <= 100 || e.contains('\n') || e.contains('{') {
        return e;
    }
    e.split(" | ").map(|p| format!("\n  | {p}")).collect()
}

/// The doc comment of a schema's `description`, at `indent`.
fn doc(schema: &Value, indent: &str) -> String {
    let Some(text) = schema.get("description").and_then(Value::as_str) else {
        return String::new();
    };
    let text = text.replace("*/", "*\\/");
    if !text.contains('\n') {
        return format!("{indent}/** {text} */\n");
    }
    let mut s = format!("{indent}/**\n");
    for line in text.lines() {
        if line.is_empty() {
            s.push_str(&format!("{indent} *\n"));
        } else {
            s.push_str(&format!("{indent} * {line}\n"));
        }
    }
    s.push_str(&format!("{indent} */\n"));
    s
}

/// An object type's members, `{ … }`, one a line at `indent` plus two spaces.
fn members(schema: &Value, props: &Map<String, Value>, indent: &str) -> String {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let inner = format!("{indent}  ");
    let mut s = String::from("{\n");
    for (name, p) in props {
        s.push_str(&doc(p, &inner));
        let key = if is_identifier(name) {
            name.clone()
        } else {
            format!("'{name}'")
        };
        if required.contains(&name.as_str()) {
            s.push_str(&format!("{inner}{key}: {};\n", expr(p, &inner)));
        } else {
            let says_null = p
                .get("description")
                .and_then(Value::as_str)
                .is_some_and(|d| d.contains("`null`"));
            let t = if says_null {
                p.clone()
            } else {
                without_null(p)
            };
            s.push_str(&format!("{inner}{key}?: {};\n", expr(&t, &inner)));
        }
    }
    s.push_str(indent);
    s.push('}');
    s
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A schema without `null` among its types, enum values and alternatives.
fn without_null(schema: &Value) -> Value {
    let mut s = schema.clone();
    let Some(m) = s.as_object_mut() else {
        return s;
    };
    if let Some(Value::Array(types)) = m.get_mut("type") {
        types.retain(|t| t != "null");
        if let [one] = types.as_slice() {
            let one = one.clone();
            m.insert("type".into(), one);
        }
    }
    if let Some(Value::Array(values)) = m.get_mut("enum") {
        values.retain(|v| !v.is_null());
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = m.get_mut(key) {
            branches.retain(|b| b.get("type").and_then(Value::as_str) != Some("null"));
            if let [one] = branches.as_slice() {
                let one = one.clone();
                m.remove(key);
                if let Value::Object(o) = one {
                    for (k, v) in o {
                        m.entry(k).or_insert(v);
                    }
                }
            }
        }
    }
    s
}

/// The TypeScript type of a schema, continuing lines at `indent`.
fn expr(schema: &Value, indent: &str) -> String {
    let Some(m) = schema.as_object() else {
        // `true`: any value.
        return "JsonValue".into();
    };
    if let Some(r) = m.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if let Some(c) = m.get("const") {
        return literal(c);
    }
    if let Some(values) = m.get("enum").and_then(Value::as_array) {
        return union(values.iter().map(literal).collect());
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = m.get(key).and_then(Value::as_array) {
            return alternatives(branches, indent);
        }
    }
    match m.get("type") {
        Some(Value::String(t)) => of_type(t, m, indent),
        Some(Value::Array(types)) => union(
            types
                .iter()
                .filter_map(Value::as_str)
                .map(|t| of_type(t, m, indent))
                .collect(),
        ),
        _ => "JsonValue".into(),
    }
}

/// A union of alternatives; object alternatives one a line, with their docs.
fn alternatives(branches: &[Value], indent: &str) -> String {
    if !branches.iter().any(|b| b.get("properties").is_some()) {
        return union(branches.iter().map(|b| expr(b, indent)).collect());
    }
    let inner = format!("{indent}  ");
    let mut s = String::new();
    for b in branches {
        s.push('\n');
        s.push_str(&doc(b, &inner));
        s.push_str(&format!("{inner}| {}", expr(b, &format!("{inner}  "))));
    }
    s
}

fn of_type(t: &str, m: &Map<String, Value>, indent: &str) -> String {
    match t {
        "string" => match m.get("examples").and_then(Value::as_array) {
            // An open set: the names listed, or any other string (`string & {}`
            // keeps the names as suggestions in editors).
            Some(names) => {
                let mut v: Vec<String> = names.iter().map(literal).collect();
                v.push("(string & {})".into());
                v.join(" | ")
            }
            None => "string".into(),
        },
        "integer" | "number" => "number".into(),
        "boolean" => "boolean".into(),
        "null" => "null".into(),
        "array" => {
            let item = m
                .get("items")
                .map_or_else(|| "JsonValue".into(), |i| expr(i, indent));
            if item.contains(' ') {
                format!("({item})[]")
            } else {
                format!("{item}[]")
            }
        }
        "object" => object(m, indent),
        _ => "JsonValue".into(),
    }
}

fn object(m: &Map<String, Value>, indent: &str) -> String {
    if let Some(props) = m.get("properties").and_then(Value::as_object) {
        return members(&Value::Object(m.clone()), props, indent);
    }
    let value = match m.get("additionalProperties") {
        Some(Value::Bool(false)) => return "Record<string, never>".into(),
        Some(v @ Value::Object(_)) => expr(v, indent),
        _ => "JsonValue".into(),
    };
    match m.get("propertyNames").and_then(|p| p.get("$ref")) {
        // Keys from a closed set, each present or not.
        Some(_) => format!(
            "Partial<Record<{}, {value}>>",
            m.get("propertyNames")
                .map_or_else(String::new, |p| expr(p, indent))
        ),
        None => format!("{{ [key: string]: {value} }}"),
    }
}

fn union(mut parts: Vec<String>) -> String {
    let mut seen = Vec::new();
    parts.retain(|p| {
        let new = !seen.contains(p);
        seen.push(p.clone());
        new
    });
    parts.join(" | ")
}

/// A JSON value as a TypeScript literal type (strings single-quoted).
fn literal(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        other => other.to_string(),
    }
}
