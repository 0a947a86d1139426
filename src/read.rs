//! JSON in and out through serde: `serde_json` reads and writes, and every
//! failure becomes one structured [`Error`] with a stable code, a message
//! and the JSON pointer of the offending value (a syntax error also gives its
//! line and column in the message), found by [`crate::locate`] from
//! serde_json's position only when reading has failed.
use crate::error::{Code, Error};
use crate::expr::did_you_mean;
use crate::locate::{stop_at, Step, Stop};
use crate::value::push_seg;
use serde::{Deserialize, Serialize};

/// Containers nested deeper than this are refused (`limitExceeded`): serde_json's own limit.
pub const MAX_DEPTH: usize = 128;

/// Parses `bytes` as `T`; every failure is one structured error under `base`.
///
/// One reader per type, untracked: the path of a failure is worked out
/// afterwards from where serde_json stopped ([`crate::locate`]).
pub fn parse<'de, T: Deserialize<'de>>(bytes: &'de [u8], base: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match T::deserialize(&mut de).and_then(|v| de.end().map(|()| v)) {
        Ok(v) => Ok(v),
        Err(e) => Err(convert(&e, bytes, base)),
    }
}

/// Writes `v` as compact JSON (through [`crate::write`]).
pub fn to_string<T: Serialize + ?Sized>(v: &T) -> String {
    crate::write::to_string(v)
}

/// The JSON pointer of a path, under `base`.
fn pointer(path: &[Step], base: &str) -> String {
    let mut out = base.to_string();
    for s in path {
        match s {
            Step::Index(i) => {
                out.push('/');
                out.push_str(&i.to_string());
            }
            Step::Key(k) => push_seg(&mut out, k),
        }
    }
    out
}

/// The path of what a failure is about: the value being read when the
/// input was cut at the failure's position, or the value just finished there
/// (serde reports a value of the wrong type, a missing field or a repeated
/// key once the value or object has been read to its end).
fn failure_path(e: &serde_json::Error, read: &ReadError, bytes: &[u8]) -> Vec<Step> {
    if e.line() == 0 {
        return Vec::new();
    }
    let Stop {
        at,
        done,
        inner,
        last,
    } = stop_at(bytes, e.line(), e.column());
    let ReadError::Shape { message, .. } = read else {
        return at;
    };
    // A value checked once read (a plan operation's members), in a list or
    // an object: serde_json has already read the comma after it when it
    // places the error, and the next value has not begun.
    // After the last value of a list, the same: serde_json has read the
    // `]`, so the value done is the list, and the one checked is the last
    // value done inside it.
    let member = message.starts_with("missing field") || message.starts_with("unknown field");
    match last {
        b',' => return done,
        b']' if member && inner.len() > done.len() => return inner,
        _ => {}
    }
    let key = message.starts_with("unknown field") || message.starts_with("duplicate field");
    if key && last != b'}' {
        // Reported at the key itself: `at` ends with it.
        let mut at = at;
        if message.starts_with("duplicate field") {
            at.pop();
        }
        return at;
    }
    let after_value = matches!(last, b'"' | b'}' | b']' | b'0'..=b'9' | b'e' | b'l');
    if after_value {
        done
    } else {
        at
    }
}

/// The text between the first pair of backticks of `s`.
fn quoted(s: &str) -> Option<&str> {
    let start = s.find('`')? + 1;
    let len = s.get(start..)?.find('`')?;
    s.get(start..start + len)
}

/// The backticked names after "expected" in a serde message.
pub(crate) fn expected_names(message: &str) -> Vec<&str> {
    let Some(at) = message.find("expected") else {
        return Vec::new();
    };
    message
        .get(at..)
        .unwrap_or_default()
        .split('`')
        .skip(1)
        .step_by(2)
        .collect()
}

/// serde_json's message without its " at line L column C" suffix.
fn bare_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&suffix) {
        Some(m) => m.to_string(),
        None => full,
    }
}

/// What can go wrong reading a document, before it is placed at a path.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The input ends in the middle of a value.
    #[error("the input ends early: {0}")]
    Truncated(String),
    /// Containers nested deeper than [`MAX_DEPTH`].
    #[error("containers nested more than {MAX_DEPTH} deep {0}")]
    TooDeep(String),
    /// Not JSON.
    #[error("{0}")]
    Syntax(String),
    /// JSON, but not of the expected shape: `code` is the stable code.
    #[error("{message}")]
    Shape { code: Code, message: String },
}

impl ReadError {
    /// The stable code of the wire form.
    pub fn code(&self) -> Code {
        match self {
            ReadError::Truncated(_) => Code::TruncatedJson,
            ReadError::TooDeep(_) => Code::LimitExceeded,
            ReadError::Syntax(_) => Code::InvalidJson,
            ReadError::Shape { code, .. } => *code,
        }
    }

    /// Classifies a serde_json error.
    fn of(e: &serde_json::Error) -> ReadError {
        use serde_json::error::Category;
        let message = bare_message(e);
        let position = format!("at line {} column {}", e.line(), e.column());
        match e.classify() {
            Category::Eof => ReadError::Truncated(format!("{message} {position}")),
            Category::Syntax if message.starts_with("recursion limit") => {
                ReadError::TooDeep(position)
            }
            Category::Syntax | Category::Io => ReadError::Syntax(format!("{message} {position}")),
            Category::Data => {
                let code = if message.starts_with("missing field") {
                    Code::MissingField
                } else if message.starts_with("unknown field") {
                    Code::UnknownField
                } else if message.starts_with("unknown variant") {
                    Code::UnknownVariant
                } else {
                    Code::InvalidValue
                };
                ReadError::Shape { code, message }
            }
        }
    }
}

/// The wire error of `e`, met reading `bytes` under `base`.
fn convert(e: &serde_json::Error, bytes: &[u8], base: &str) -> Error {
    let read = ReadError::of(e);
    let mut at = pointer(&failure_path(e, &read, bytes), base);
    let code = read.code();
    let ReadError::Shape { message, .. } = &read else {
        return Error::new(code, at, read.to_string());
    };
    let name = quoted(message).unwrap_or_default().to_string();
    if code == Code::UnknownField {
        let mut key = String::new();
        push_seg(&mut key, &name);
        if !at.ends_with(&key) {
            at.push_str(&key);
        }
    }
    let mut err = Error::new(code, at, message.clone());
    if matches!(code, Code::UnknownField | Code::UnknownVariant) {
        if let Some(c) = did_you_mean(&name, expected_names(message)) {
            err = err.with_help(format!("did you mean `{c}`?"));
        }
    }
    err
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::value::{Dict, Value};

    fn err(text: &str) -> Error {
        parse::<Value>(text.as_bytes(), "/x").unwrap_err()
    }

    #[test]
    fn writes_compactly_with_sorted_keys() {
        let v: Value = parse(
            br#" { "b": [1, 2.50, -3e2, true, null], "a": "\u00e9\n\"\ud83d\ude00" } "#,
            "",
        )
        .unwrap();
        assert_eq!(
            to_string(&v),
            r#"{"a":"é\n\"😀","b":[1,2.5,-300.0,true,null]}"#
        );
        assert_eq!(
            v.get("b").unwrap().as_array().unwrap()[1].as_f64(),
            Some(2.5)
        );
    }

    #[test]
    fn syntax_errors_name_the_place_and_the_position() {
        let e = err(r#"{"a": [1, 2, }"#);
        assert_eq!(e.code, "invalidJson");
        assert_eq!(e.path, "/x/a/2");
        assert!(e.message.contains("at line 1 column 14"), "{}", e.message);
        assert_eq!(err(r#"{"a": [1"#).code, "truncatedJson");
        assert_eq!(err(r#"{"a": 1} x"#).code, "invalidJson");
    }

    #[test]
    fn repeated_keys_are_refused_at_any_depth() {
        let e = err(r#"{"a": {"b": 1, "c": 2, "b": 3}}"#);
        assert_eq!((e.code.as_str(), e.path.as_str()), ("invalidValue", "/x/a"));
        assert_eq!(e.message, "duplicate key `b`");
        let e = parse::<Dict<u64>>(br#"{"z": 1, "z": 2}"#, "").unwrap_err();
        assert_eq!((e.code.as_str(), e.path.as_str()), ("invalidValue", ""));
    }

    #[test]
    fn errors_display_as_code_path_and_message() {
        let e = err(r#"{"a": tru}"#);
        assert_eq!(e.to_string(), format!("invalidJson at /x/a: {}", e.message));
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().starts_with("invalidJson"));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(err(&deep).code, "limitExceeded");
        let ok = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        assert!(parse::<Value>(ok.as_bytes(), "").is_ok());
    }

    #[test]
    fn numbers_keep_their_kind() {
        let one: Value = parse(b"1", "").unwrap();
        let one_f: Value = parse(b"1.0", "").unwrap();
        assert_ne!(one, one_f);
        assert_eq!(to_string(&one_f), "1.0");
        assert_eq!(to_string(&parse::<Value>(b"0.1", "").unwrap()), "0.1");
    }
}
