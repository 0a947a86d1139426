//! Limits: an input or an evaluation over one of the host's [`Limits`](crate::limits::Limits).
use super::{says, Code};

/// An input or an evaluation over one of the host's limits (`limitExceeded`).
/// Limits met inside a condition are [`ConditionError`](super::ConditionError)s,
/// JSON nested too deep a [`ReadError::TooDeep`](super::ReadError::TooDeep).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// A snapshot over `limit` (`maxInputBytes`, `maxUsers`, `maxItems`,
    /// `maxRefsPerItem`, `maxStringBytes`): it has `value` where `max` are allowed.
    #[error("{value} exceeds the limit {limit} = {max}")]
    Exceeded {
        path: String,
        limit: &'static str,
        value: u64,
        max: u64,
    },
    /// A call of `bytes` bytes over `maxInputBytes`.
    #[error("{bytes} bytes exceeds the limit maxInputBytes = {max}")]
    CallBytes { bytes: u64, max: u64 },
    /// A policy document of `bytes` bytes, read on its own (a preset, a
    /// registered policy), over `maxInputBytes`.
    #[error("{bytes} bytes exceeds the limit maxInputBytes = {max}")]
    PolicyBytes { path: String, bytes: u64, max: u64 },
    /// A policy with `count` rules and constraints, over `maxRules`.
    #[error("{count} rules and constraints exceed the limit maxRules = {max}")]
    Rules { path: String, count: u64, max: u64 },
    /// An evaluation over `maxEvaluationSteps`; `path` is the condition's
    /// when the call gave it (a sweep's `where`), else empty.
    #[error("evaluation took more than {max} steps (limit maxEvaluationSteps)")]
    EvaluationSteps { path: &'static str, max: u64 },
}

impl LimitError {
    /// The code of the wire form: always `limitExceeded`.
    pub fn code(&self) -> Code {
        Code::LimitExceeded
    }

    /// The JSON pointer of what is over the limit.
    pub fn path(&self) -> &str {
        match self {
            LimitError::Exceeded { path, .. }
            | LimitError::PolicyBytes { path, .. }
            | LimitError::Rules { path, .. } => path,
            LimitError::CallBytes { .. } => "",
            LimitError::EvaluationSteps { path, .. } => path,
        }
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<String> {
        let limit = match self {
            LimitError::Exceeded { limit, .. } => limit,
            LimitError::CallBytes { .. } => "maxInputBytes",
            LimitError::EvaluationSteps { .. } => {
                return says(
                    "simplify the policy's conditions, or raise `limits.maxEvaluationSteps`",
                )
            }
            LimitError::PolicyBytes { .. } | LimitError::Rules { .. } => return None,
        };
        Some(format!(
            "raise `limits.{limit}` if this input is legitimate"
        ))
    }
}
