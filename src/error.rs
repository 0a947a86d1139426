//! Structured errors.

/// One structured error: a stable machine `code`, a lowercase human `message`,
/// a JSON-pointer-like `path` to the offending value and an optional `help`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
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
