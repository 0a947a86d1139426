//! Apply: a preview's plan that cannot be applied (`src/engine/apply.rs`).
use super::{says, Code, TIMESTAMP_HELP};

/// A plan that cannot be applied to a snapshot; apply stops at the first.
/// `path` is the JSON pointer into the call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// An `at` that is not an RFC 3339 timestamp (`invalidTimestamp`).
    #[error("`{value}` is not an RFC 3339 timestamp")]
    InvalidAt { value: String },
    /// A preview computed on another snapshot (`staleSnapshot`).
    #[error("the preview was computed on another snapshot")]
    StaleSnapshot,
    /// A blocked preview (`blockedPreview`).
    #[error("a blocked preview cannot be applied")]
    BlockedPreview,
    /// A `later` operation whose `at` is not an RFC 3339 timestamp
    /// (`invalidTimestamp`); `path` is that `at`.
    #[error("`{value}` is not an RFC 3339 timestamp")]
    InvalidLaterAt { path: String, value: String },
    /// An operation naming `what` ("a user", "an item") that is not in the
    /// snapshot (`invalidPlan`).
    #[error("the plan names {what} that is not in the snapshot")]
    NotInSnapshot { path: String, what: &'static str },
    /// An operation creating `item`, which already exists (`invalidPlan`).
    #[error("the plan creates item `{item}`, which already exists")]
    ItemExists { path: String, item: String },
}

impl ApplyError {
    /// The code of the wire form.
    pub fn code(&self) -> Code {
        match self {
            ApplyError::InvalidAt { .. } | ApplyError::InvalidLaterAt { .. } => {
                Code::InvalidTimestamp
            }
            ApplyError::StaleSnapshot => Code::StaleSnapshot,
            ApplyError::BlockedPreview => Code::BlockedPreview,
            ApplyError::NotInSnapshot { .. } | ApplyError::ItemExists { .. } => Code::InvalidPlan,
        }
    }

    /// The JSON pointer of the offending value.
    pub fn path(&self) -> &str {
        match self {
            ApplyError::InvalidAt { .. } => "/at",
            ApplyError::StaleSnapshot => "/snapshot",
            ApplyError::BlockedPreview => "/preview/verdict",
            ApplyError::InvalidLaterAt { path, .. }
            | ApplyError::NotInSnapshot { path, .. }
            | ApplyError::ItemExists { path, .. } => path,
        }
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            ApplyError::InvalidAt { .. } => says(TIMESTAMP_HELP),
            ApplyError::StaleSnapshot => says("compute the preview again on this snapshot"),
            ApplyError::BlockedPreview => says("resolve the preview's blockers first"),
            _ => None,
        }
    }
}
