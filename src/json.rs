//! Reading JSON input into typed values with structured, path-carrying errors.
use crate::error::Error;
use crate::expr::did_you_mean;
use serde::de::DeserializeOwned;

/// Converts a serde path (`actions.delete.rules[3].when`) into a JSON pointer (`/actions/delete/rules/3/when`).
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push_str(&format!("/{}", key.replace('~', "~0").replace('/', "~1")))
            }
            Segment::Enum { variant } => out.push_str(&format!("/{variant}")),
            Segment::Unknown => {}
        }
    }
    out
}

/// Escapes one JSON pointer segment.
pub fn seg(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Parses `bytes` as `T`, mapping every failure to one structured error under `base`.
pub fn parse<T: DeserializeOwned>(bytes: &[u8], base: &str) -> Result<T, Error> {
    parse_borrowed(bytes, base)
}

/// Parses `bytes` as `T`, which may borrow from them (raw sub-documents).
pub fn parse_borrowed<'a, T: serde::Deserialize<'a>>(
    bytes: &'a [u8],
    base: &str,
) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let r: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let v = r.map_err(|e| describe(pointer(e.path()), e.inner(), base))?;
    de.end().map_err(|e| describe(String::new(), &e, base))?;
    Ok(v)
}

/// Parses an already-parsed JSON value as `T`.
pub fn from_value<T: DeserializeOwned>(v: &serde_json::Value, base: &str) -> Result<T, Error> {
    let r: Result<T, _> = serde_path_to_error::deserialize(v);
    r.map_err(|e| describe(pointer(e.path()), e.inner(), base))
}

fn describe(ptr: String, inner: &serde_json::Error, base: &str) -> Error {
    let mut path = format!("{base}{ptr}");
    let text = inner.to_string();
    // serde_json appends " at line L column C" for syntax errors; keep it, it helps with hand-edited files.
    let msg = text.clone();
    use serde_json::error::Category;
    let code = match inner.classify() {
        Category::Syntax => "invalidJson",
        Category::Eof => "truncatedJson",
        Category::Io => "invalidJson",
        Category::Data => "invalidValue",
    };
    if code != "invalidValue" {
        if msg.contains("recursion limit") {
            return Error::new(
                "limitExceeded",
                base.to_string(),
                format!("input nested too deeply (limit 128 levels): {msg}"),
            );
        }
        return Error::new(code, base.to_string(), msg);
    }
    // Unknown names: serde says "unknown field `x`, expected one of `a`, `b`".
    let quoted: Vec<&str> = text.split('`').skip(1).step_by(2).collect();
    for (kind, code) in [
        ("unknown field", "unknownField"),
        ("unknown variant", "unknownVariant"),
    ] {
        if text.starts_with(kind) {
            if let Some((bad, rest)) = quoted.split_first() {
                if kind == "unknown field" && !path.ends_with(&format!("/{}", seg(bad))) {
                    path.push_str(&format!("/{}", seg(bad)));
                }
                let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                let mut e = Error::new(code, path, msg);
                if let Some(c) = did_you_mean(bad, rest.iter().copied()) {
                    e = e.with_help(format!("did you mean `{c}`?"));
                } else if !rest.is_empty() {
                    e = e.with_help(format!(
                        "expected one of {}",
                        rest.iter()
                            .map(|r| format!("`{r}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                return e;
            }
        }
    }
    let code = if text.starts_with("missing field") {
        "missingField"
    } else {
        "invalidValue"
    };
    Error::new(
        code,
        path,
        msg.split(" at line ").next().unwrap_or(&msg).to_string(),
    )
}
