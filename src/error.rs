//! Structured errors.

/// One structured error: a stable machine `code`, a lowercase human `message`,
/// a JSON-pointer-like `path` to the offending value and an optional `help`.
///
/// It is a `std::error::Error` (through thiserror), displayed as
/// `code at path: message`, so Rust callers can `?` it into their own errors.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[serde(deny_unknown_fields)]
#[error("{code} at {}: {message}", if path.is_empty() { "/" } else { path })]
pub struct Error {
    pub code: String,
    pub message: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// A non-empty list of errors.
pub type Errors = Vec<Error>;

impl Error {
    pub fn new(code: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code: code.to_string(),
            message: message.into(),
            path: path.into(),
            help: None,
        }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
