//! Errors: what went wrong, by area, and the one wire form they all leave the
//! engine in.
//!
//! Each area of the engine has its own error enum, one variant per kind of
//! failure, carrying what a caller needs to act on it (the offending name,
//! the names it could have been, the limit and the value, the JSON pointer of
//! the place in `path`):
//!
//! - [`ReadError`] — reading JSON: a document or call that does not parse or
//!   does not have the expected shape (`src/read.rs`, the members a call reads
//!   by hand, the wasm boundary's inputs);
//! - [`LimitError`] — the host's [`Limits`](crate::limits::Limits) on input
//!   sizes and on evaluation;
//! - [`PolicyError`] — the policy checker (`src/policy.rs`): undeclared names,
//!   options that do not apply, conditions and templates that do not parse or
//!   check ([`ConditionError`], from `src/expr.rs`), presets, and a plan that
//!   would put items inside each other;
//! - [`SnapshotError`] — a snapshot that does not index (`src/workspace.rs`):
//!   empty and repeated ids, references to no user or item, container cycles,
//!   and names the policy does not declare (`src/vocabulary.rs`);
//! - [`RequestError`] — a request, sweep or page that does not fit the
//!   snapshot or the call (`src/engine/checks.rs`, `sweep.rs`, `detail.rs`);
//! - [`ApplyError`] — a preview's plan that cannot be applied
//!   (`src/engine/apply.rs`).
//!
//! Each is a `std::error::Error` (thiserror) whose `Display` is the wire
//! message, with `code()` (one [`Code`]: the codes of all areas are one
//! enum), `path()` and `help()`. Where errors leave the engine (`src/ffi.rs`,
//! and the public functions that combine areas and answer `Vec<Error>`),
//! `From` flattens them into the wire [`Error`] `{code, message, path, help}`;
//! the wire answers are the same whichever way an error was built.
mod apply;
mod condition;
mod limits;
mod policy;
mod read;
mod request;
mod snapshot;

pub use apply::ApplyError;
pub use condition::ConditionError;
pub use limits::LimitError;
pub use policy::PolicyError;
pub use read::ReadError;
pub use request::RequestError;
pub use snapshot::SnapshotError;

/// One structured error: a stable machine `code`, a lowercase human `message`,
/// a JSON-pointer-like `path` to the offending value and an optional `help`.
///
/// It is a `std::error::Error` (through thiserror), displayed as
/// `code at path: message`, so Rust callers can `?` it into their own errors.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "OffboardError"))]
#[serde(deny_unknown_fields)]
#[error("{code} at {}: {message}", if path.is_empty() { "/" } else { path })]
pub struct Error {
    pub code: Code,
    pub message: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// Every error code: one enum, written as its camelCase name. In TypeScript,
/// `ErrorCode` is the union of these names (`js/types.gen.d.ts`, generated
/// by the `schema` feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    BadNumber,
    BlockedPreview,
    ContainerCycle,
    DuplicateId,
    DuplicateName,
    DuplicateRuleId,
    DuplicateTarget,
    EmptyId,
    ExpectedLambda,
    ExpectedToken,
    Internal,
    InvalidInput,
    InvalidJson,
    InvalidPlan,
    InvalidTimestamp,
    InvalidValue,
    LimitExceeded,
    MissingField,
    MissingShareRoles,
    NoActor,
    NotInitialized,
    ReservedName,
    SampleNotEmbedded,
    StaleSnapshot,
    TruncatedJson,
    UnbalancedBrace,
    UnboundVariable,
    UnexpectedCharacter,
    UnexpectedEnd,
    UnexpectedLambda,
    UnexpectedToken,
    UnknownAttribute,
    UnknownContainer,
    UnknownField,
    UnknownFunction,
    UnknownItem,
    UnknownPlaceholder,
    UnknownPreset,
    UnknownRole,
    UnknownShareRole,
    UnknownUser,
    UnknownVariable,
    UnknownVariant,
    UnterminatedHole,
    UndeclaredName,
    UnterminatedString,
    WorkspaceFreed,
    WrongArity,
}

crate::value::json_enum!(
    /// Every error code the engine and this package answer with.
    Code as "ErrorCode" {
        BadNumber = "badNumber",
        BlockedPreview = "blockedPreview",
        ContainerCycle = "containerCycle",
        DuplicateId = "duplicateId",
        DuplicateName = "duplicateName",
        DuplicateRuleId = "duplicateRuleId",
        DuplicateTarget = "duplicateTarget",
        EmptyId = "emptyId",
        ExpectedLambda = "expectedLambda",
        ExpectedToken = "expectedToken",
        Internal = "internal",
        InvalidInput = "invalidInput",
        InvalidJson = "invalidJson",
        InvalidPlan = "invalidPlan",
        InvalidTimestamp = "invalidTimestamp",
        InvalidValue = "invalidValue",
        LimitExceeded = "limitExceeded",
        MissingField = "missingField",
        MissingShareRoles = "missingShareRoles",
        NoActor = "noActor",
        NotInitialized = "notInitialized",
        ReservedName = "reservedName",
        SampleNotEmbedded = "sampleNotEmbedded",
        StaleSnapshot = "staleSnapshot",
        TruncatedJson = "truncatedJson",
        UnbalancedBrace = "unbalancedBrace",
        UnboundVariable = "unboundVariable",
        UnexpectedCharacter = "unexpectedCharacter",
        UnexpectedEnd = "unexpectedEnd",
        UnexpectedLambda = "unexpectedLambda",
        UnexpectedToken = "unexpectedToken",
        UnknownAttribute = "unknownAttribute",
        UnknownContainer = "unknownContainer",
        UnknownField = "unknownField",
        UnknownFunction = "unknownFunction",
        UnknownItem = "unknownItem",
        UnknownPlaceholder = "unknownPlaceholder",
        UnknownPreset = "unknownPreset",
        UnknownRole = "unknownRole",
        UnknownShareRole = "unknownShareRole",
        UnknownUser = "unknownUser",
        UnknownVariable = "unknownVariable",
        UnknownVariant = "unknownVariant",
        UnterminatedHole = "unterminatedHole",
        UndeclaredName = "undeclaredName",
        UnterminatedString = "unterminatedString",
        WorkspaceFreed = "workspaceFreed",
        WrongArity = "wrongArity",
    }
);

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// A non-empty list of errors.
pub type Errors = Vec<Error>;

impl Error {
    /// A wire error built directly: for a host's own errors, and the
    /// engine's `internal` ones, which belong to no area.
    pub fn new(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
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

/// What the wire form reads of an area's error. One flattening for every
/// area, through this trait object, rather than a copy per area in the `.wasm`.
pub(crate) trait Area: std::fmt::Display {
    fn code(&self) -> Code;
    fn path(&self) -> &str;
    fn help(&self) -> Option<String>;
}

/// The wire form of an area's error.
#[inline(never)]
fn flatten(e: &dyn Area) -> Error {
    Error {
        code: e.code(),
        message: e.to_string(),
        path: own(e.path()),
        help: e.help(),
    }
}

/// An owned copy of `s`, made out of line: the areas' errors are built
/// with owned names in many places, and a copy inlined at each of them
/// would add up in the `.wasm`.
#[inline(never)]
pub(crate) fn own(s: &str) -> String {
    s.to_string()
}

/// A list of the one wire error of `e`.
#[inline(never)]
fn one(e: &dyn Area) -> Vec<Error> {
    vec![flatten(e)]
}

/// The wire errors of a list of one area's errors.
#[inline(never)]
pub(crate) fn wire<E: Area>(errors: Vec<E>) -> Vec<Error> {
    let mut out = Vec::with_capacity(errors.len());
    for e in &errors {
        out.push(flatten(e));
    }
    out
}

/// Each area's `code`, `path` and `help` for [`Area`]; `From` each area's
/// error into the wire [`Error`] (its code, its `Display` as the message, its
/// path and help), and into a list of one, so that `?` leaves a function
/// that answers `Vec<Error>`.
macro_rules! wire_from {
    ($($area:ident),*) => {$(
        impl Area for $area {
            fn code(&self) -> Code {
                $area::code(self)
            }
            fn path(&self) -> &str {
                $area::path(self)
            }
            fn help(&self) -> Option<String> {
                $area::help(self)
            }
        }
        impl From<$area> for Error {
            fn from(e: $area) -> Error {
                flatten(&e)
            }
        }
        impl From<$area> for Vec<Error> {
            fn from(e: $area) -> Vec<Error> {
                one(&e)
            }
        }
    )*};
}
wire_from!(
    ReadError,
    LimitError,
    PolicyError,
    SnapshotError,
    RequestError,
    ApplyError
);

/// A help that is a fixed text.
#[inline(never)]
fn says(help: &'static str) -> Option<String> {
    Some(own(help))
}

/// The help of a likely typo: "did you mean `c`?".
fn did_you_mean(suggestion: Option<&str>) -> Option<String> {
    suggestion.map(|c| format!("did you mean `{c}`?"))
}

/// The help of a timestamp that does not read.
const TIMESTAMP_HELP: &str = "write it like 2026-11-23T10:00:00Z";

/// Writes `items` quoted in backticks, joined by `by` (a chain of ids).
fn chain(f: &mut std::fmt::Formatter<'_>, items: &[String], by: &str) -> std::fmt::Result {
    for (i, id) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(by)?;
        }
        write!(f, "`{id}`")?;
    }
    Ok(())
}
