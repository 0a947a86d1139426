//! Reading the small members of a call (`detail`, `page`, a sweep's) from an
//! already parsed [`Value`], by hand, with the codes and paths the serde
//! readers give. The wasm module stays small: no serde reader is compiled per
//! option type (see docs/npm.md, "Size").
use crate::error::{own, ReadError};
use crate::value::{Map, Value};

/// `invalidValue`: `v` at `path` is not what is `expected`.
pub fn invalid(path: &str, expected: &'static str, v: &Value) -> ReadError {
    let found = match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    ReadError::InvalidType {
        path: own(path),
        found,
        expected,
    }
}

/// The members of an object, all among `known` (else `unknownField`).
pub fn object<'a>(v: &'a Value, known: &[&str], path: &str) -> Result<&'a Map, ReadError> {
    let m = v.as_object().ok_or_else(|| invalid(path, "an object", v))?;
    if let Some(bad) = m.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ReadError::UnknownField {
            path: format!("{path}/{}", crate::value::seg(bad)),
            field: own(bad),
            expected: String::new(),
            suggestion: crate::expr::did_you_mean(bad, known.iter().copied()).map(own),
        });
    }
    Ok(m)
}

pub fn missing(path: &str, key: &str) -> ReadError {
    ReadError::MissingField {
        path: own(path),
        field: own(key),
    }
}

pub fn string(v: &Value, path: &str) -> Result<String, ReadError> {
    v.as_str()
        .map(own)
        .ok_or_else(|| invalid(path, "a string", v))
}

pub fn count(v: &Value, path: &str) -> Result<u64, ReadError> {
    match v {
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
    .ok_or_else(|| invalid(path, "a non-negative integer", v))
}

/// One of `names`, as the variant at the same index of `all`.
pub fn variant<T: Copy>(v: &Value, names: &[&str], all: &[T], path: &str) -> Result<T, ReadError> {
    let s = v.as_str().ok_or_else(|| invalid(path, "a string", v))?;
    names
        .iter()
        .position(|n| *n == s)
        .and_then(|i| all.get(i).copied())
        .ok_or_else(|| unknown_variant(s, names, path))
}

/// `unknownVariant`: `s` is none of `names`, with a did-you-mean hint.
pub fn unknown_variant(s: &str, names: &[&str], path: &str) -> ReadError {
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    ReadError::UnknownVariant {
        path: own(path),
        value: own(s),
        expected: format!(", expected one of {}", list.join(", ")),
        suggestion: crate::expr::did_you_mean(s, names.iter().copied()).map(own),
    }
}
