//! Reading the small members of a call (`detail`, `page`, a sweep's) from an
//! already parsed [`Value`], by hand, with the codes and paths the serde
//! readers give. The wasm module stays small: no serde reader is compiled per
//! option type (see docs/npm.md, "Size").
use crate::error::Error;
use crate::value::{Map, Value};

/// `invalidValue`: `v` at `path` is not what is `expected`.
pub fn invalid(path: &str, expected: &str, v: &Value) -> Error {
    let found = match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    Error::new(
        crate::error::Code::InvalidValue,
        path,
        format!("invalid type: {found}, expected {expected}"),
    )
}

/// The members of an object, all among `known` (else `unknownField`).
pub fn object<'a>(v: &'a Value, known: &[&str], path: &str) -> Result<&'a Map, Error> {
    let m = v.as_object().ok_or_else(|| invalid(path, "an object", v))?;
    if let Some(bad) = m.keys().find(|k| !known.contains(&k.as_str())) {
        let mut e = Error::new(
            crate::error::Code::UnknownField,
            format!("{path}/{}", crate::value::seg(bad)),
            format!("unknown field `{bad}`"),
        );
        if let Some(c) = crate::expr::did_you_mean(bad, known.iter().copied()) {
            e = e.with_help(format!("did you mean `{c}`?"));
        }
        return Err(e);
    }
    Ok(m)
}

pub fn missing(path: &str, key: &str) -> Error {
    Error::new(
        crate::error::Code::MissingField,
        path,
        format!("missing field `{key}`"),
    )
}

pub fn string(v: &Value, path: &str) -> Result<String, Error> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| invalid(path, "a string", v))
}

pub fn count(v: &Value, path: &str) -> Result<u64, Error> {
    match v {
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
    .ok_or_else(|| invalid(path, "a non-negative integer", v))
}

/// One of `names`, as the variant at the same index of `all`.
pub fn variant<T: Copy>(v: &Value, names: &[&str], all: &[T], path: &str) -> Result<T, Error> {
    let s = v.as_str().ok_or_else(|| invalid(path, "a string", v))?;
    names
        .iter()
        .position(|n| *n == s)
        .and_then(|i| all.get(i).copied())
        .ok_or_else(|| unknown_variant(s, names, path))
}

/// `unknownVariant`: `s` is none of `names`, with a did-you-mean hint.
pub fn unknown_variant(s: &str, names: &[&str], path: &str) -> Error {
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let e = Error::new(
        crate::error::Code::UnknownVariant,
        path,
        format!("unknown variant `{s}`, expected one of {}", list.join(", ")),
    );
    match crate::expr::did_you_mean(s, names.iter().copied()) {
        Some(c) => e.with_help(format!("did you mean `{c}`?")),
        None => e,
    }
}
