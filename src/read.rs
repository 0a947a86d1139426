//! JSON in and out through serde: `serde_json` reads and writes, and every
//! failure becomes one [`ReadError`] with the JSON pointer of the offending
//! value (a syntax error also gives its line and column), found by
//! [`crate::locate`] from serde_json's position only when reading has failed.
use crate::error::{own, ReadError};
use crate::expr::did_you_mean;
use crate::locate::{stop_at, Step, Stop};
use crate::objects::Objects;
use crate::value::push_seg;
use serde::Deserialize;

/// Containers nested deeper than this are refused (`limitExceeded`): serde_json's own limit.
pub const MAX_DEPTH: usize = 128;

/// Parses `bytes` as `T`; every failure is one structured error under `base`.
///
/// One reader per type, untracked: the path of a failure is worked out
/// afterwards from where serde_json stopped ([`crate::locate`]).
pub fn parse<'de, T: Deserialize<'de>>(bytes: &'de [u8], base: &str) -> Result<T, ReadError> {
    from_slice(bytes).map_err(|e| convert(&e, bytes, base))
}

/// Reads `bytes` as `T` with serde_json, structs from objects only
/// ([`Objects`]), and nothing but whitespace after the value.
pub(crate) fn from_slice<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let v = T::deserialize(Objects(&mut de))?;
    de.end().map(|()| v)
}

/// The JSON pointer of a path, under `base`.
#[inline]
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
/// `message` is serde's for a value of the wrong shape, none for JSON that
/// does not parse.
#[inline]
fn failure_path(e: &serde_json::Error, message: Option<&str>, bytes: &[u8]) -> Vec<Step> {
    if e.line() == 0 {
        return Vec::new();
    }
    let Stop {
        at,
        done,
        inner,
        last,
    } = stop_at(bytes, e.line(), e.column());
    let Some(message) = message else {
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

/// The first name in backticks in `message`, and the rest of the message
/// after it (serde lists the names it expected there).
fn named(message: &str) -> Option<(&str, &str)> {
    message.split_once('`')?.1.split_once('`')
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

/// The [`ReadError`] of `e`, met reading `bytes` under `base`.
fn convert(e: &serde_json::Error, bytes: &[u8], base: &str) -> ReadError {
    use serde_json::error::Category;
    let detail = bare_message(e);
    let (line, column) = (e.line(), e.column());
    let category = e.classify();
    let shape = matches!(category, Category::Data).then_some(detail.as_str());
    let mut path = pointer(&failure_path(e, shape, bytes), base);
    match category {
        Category::Eof => {
            return ReadError::Truncated {
                path,
                detail,
                line,
                column,
            }
        }
        Category::Syntax if detail.starts_with("recursion limit") => {
            return ReadError::TooDeep {
                path,
                max: MAX_DEPTH,
                line,
                column,
            }
        }
        Category::Syntax | Category::Io => {
            return ReadError::Syntax {
                path,
                detail,
                line,
                column,
            }
        }
        Category::Data => {}
    }
    let (name, rest) = named(&detail).unwrap_or_default();
    if detail.starts_with("missing field `") && rest.is_empty() {
        return ReadError::MissingField {
            path,
            field: own(name),
        };
    }
    // The names serde expected come after the offending one, which may itself
    // contain the word "expected".
    let suggestion = did_you_mean(name, expected_names(rest)).map(own);
    if detail.starts_with("unknown field `") {
        let mut key = String::new();
        push_seg(&mut key, name);
        if !path.ends_with(&key) {
            path.push_str(&key);
        }
        return ReadError::UnknownField {
            path,
            field: own(name),
            expected: own(rest),
            suggestion,
        };
    }
    if detail.starts_with("unknown variant `") {
        return ReadError::UnknownVariant {
            path,
            value: own(name),
            expected: own(rest),
            suggestion,
        };
    }
    ReadError::Invalid {
        path,
        message: detail,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn expected_names_come_after_the_offending_name() {
        let m = "unknown field `unexpectedacton`, expected one of `action`, `actor`";
        let (name, rest) = named(m).unwrap();
        assert_eq!(name, "unexpectedacton");
        assert_eq!(expected_names(rest), ["action", "actor"]);
        // The whole message, searched from its first "expected", finds none.
        assert_ne!(expected_names(m), ["action", "actor"]);
    }
    use crate::value::{Dict, Value};

    fn err(text: &str) -> Error {
        parse::<Value>(text.as_bytes(), "/x").unwrap_err().into()
    }

    #[test]
    fn writes_compactly_with_sorted_keys() {
        let v: Value = parse(
            br#" { "b": [1, 2.50, -3e2, true, null], "a": "\u00e9\n\"\ud83d\ude00" } "#,
            "",
        )
        .unwrap();
        assert_eq!(
            crate::write::to_string(&v),
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
        let e = Error::from(parse::<Dict<u64>>(br#"{"z": 1, "z": 2}"#, "").unwrap_err());
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
        assert_eq!(crate::write::to_string(&one_f), "1.0");
        assert_eq!(
            crate::write::to_string(&parse::<Value>(b"0.1", "").unwrap()),
            "0.1"
        );
    }
}
