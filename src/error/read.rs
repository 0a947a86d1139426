//! Reading: JSON that does not parse, or does not have the shape of what is read.
use super::{did_you_mean, says, Code};

/// A document or call that does not read: not JSON, or JSON without the
/// shape of what is read. serde's refusals (`src/read.rs`) and those of the
/// members read by hand (`src/engine/fields.rs`, the call object) are the
/// same variants; `path` is the JSON pointer of the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The input ends in the middle of a value (`truncatedJson`); `detail`
    /// is serde_json's message.
    #[error("the input ends early: {detail} at line {line} column {column}")]
    Truncated {
        path: String,
        detail: String,
        line: usize,
        column: usize,
    },
    /// Containers nested deeper than `max` (`limitExceeded`).
    #[error("containers nested more than {max} deep at line {line} column {column}")]
    TooDeep {
        path: String,
        max: usize,
        line: usize,
        column: usize,
    },
    /// Not JSON (`invalidJson`); `detail` is serde_json's message.
    #[error("{detail} at line {line} column {column}")]
    Syntax {
        path: String,
        detail: String,
        line: usize,
        column: usize,
    },
    /// A required member is absent (`missingField`); `path` is the object.
    #[error("missing field `{field}`")]
    MissingField { path: String, field: String },
    /// A member the object does not have (`unknownField`). `expected` lists
    /// the members it may have as the message does after the name (`,
    /// expected one of `a`, `b``; empty when it does not), and `suggestion`
    /// is the closest of them.
    #[error("unknown field `{field}`{expected}")]
    UnknownField {
        path: String,
        field: String,
        expected: String,
        suggestion: Option<String>,
    },
    /// A name outside an enum (`unknownVariant`); `expected` and `suggestion`
    /// as for [`ReadError::UnknownField`].
    #[error("unknown variant `{value}`{expected}")]
    UnknownVariant {
        path: String,
        value: String,
        expected: String,
        suggestion: Option<String>,
    },
    /// A member read by hand that is `found` ("a string") where `expected`
    /// is wanted (`invalidValue`).
    #[error("invalid type: {found}, expected {expected}")]
    InvalidType {
        path: String,
        found: &'static str,
        expected: &'static str,
    },
    /// serde's other refusals (`invalidValue`): a value of the wrong type or
    /// out of range, a key given twice; `message` is serde's.
    #[error("{message}")]
    Invalid { path: String, message: String },
    /// The wasm boundary was given no object, string or bytes (`invalidInput`).
    #[error("expected an object, a JSON string or a Uint8Array of JSON")]
    NotAnInput,
    /// The wasm boundary was given a value without a JSON form (`invalidInput`).
    #[error("the input has no JSON form")]
    NoJsonForm,
    /// The host's `JSON.stringify` refused the input (`invalidInput`): its `reason`.
    #[error("the input cannot be converted to JSON: {reason}")]
    NotConvertible { reason: String },
}

impl ReadError {
    /// The code of the wire form.
    pub fn code(&self) -> Code {
        match self {
            ReadError::Truncated { .. } => Code::TruncatedJson,
            ReadError::TooDeep { .. } => Code::LimitExceeded,
            ReadError::Syntax { .. } => Code::InvalidJson,
            ReadError::MissingField { .. } => Code::MissingField,
            ReadError::UnknownField { .. } => Code::UnknownField,
            ReadError::UnknownVariant { .. } => Code::UnknownVariant,
            ReadError::InvalidType { .. } | ReadError::Invalid { .. } => Code::InvalidValue,
            ReadError::NotAnInput | ReadError::NoJsonForm | ReadError::NotConvertible { .. } => {
                Code::InvalidInput
            }
        }
    }

    /// The JSON pointer of the value (empty: the whole input).
    pub fn path(&self) -> &str {
        match self {
            ReadError::Truncated { path, .. }
            | ReadError::TooDeep { path, .. }
            | ReadError::Syntax { path, .. }
            | ReadError::MissingField { path, .. }
            | ReadError::UnknownField { path, .. }
            | ReadError::UnknownVariant { path, .. }
            | ReadError::InvalidType { path, .. }
            | ReadError::Invalid { path, .. } => path,
            ReadError::NotAnInput | ReadError::NoJsonForm | ReadError::NotConvertible { .. } => "",
        }
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            ReadError::UnknownField { suggestion, .. }
            | ReadError::UnknownVariant { suggestion, .. } => did_you_mean(suggestion.as_deref()),
            ReadError::NotAnInput => {
                says("pass one call object, for example { policy, snapshot, request }")
            }
            ReadError::NotConvertible { .. } => {
                says("remove cycles, BigInt values and other values JSON cannot represent")
            }
            _ => None,
        }
    }
}
