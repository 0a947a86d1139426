//! Structured errors.

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
