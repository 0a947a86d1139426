//! The request: a request, sweep or page that does not fit the snapshot or
//! the call (`src/engine/checks.rs`, `sweep.rs`, `detail.rs`).
use super::{did_you_mean, says, Code, TIMESTAMP_HELP};

/// A request that does not fit the snapshot, or a call's options that do not
/// fit each other. `path` is the JSON pointer into the call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// A `now` that is not an RFC 3339 timestamp (`invalidTimestamp`).
    #[error("`{value}` is not an RFC 3339 timestamp")]
    InvalidTimestamp { path: &'static str, value: String },
    /// An actor, target or successor `id` that is not a user of the
    /// snapshot (`unknownUser`); `suggestion` is the closest id.
    #[error("`{id}` is not a user of the snapshot")]
    UnknownUser {
        path: String,
        id: String,
        suggestion: Option<String>,
    },
    /// A request without `targets` (`missingField`).
    #[error("the request names no target")]
    NoTargets,
    /// A target `id` listed twice (`duplicateTarget`).
    #[error("`{id}` is listed twice")]
    DuplicateTarget { path: String, id: String },
    /// A successor given for `id`, which is not a target (`invalidValue`).
    #[error("`{id}` has a successor but is not a target")]
    SuccessorOfNonTarget { path: String, id: String },
    /// A sweep without `actor` where no active user other than `user` can
    /// act on it (`noActor`).
    #[error("no active user other than `{user}` can act")]
    NoActor { user: String },
    /// A sweep in `full` detail (`invalidValue`).
    #[error("a sweep answers in summary detail only")]
    SweepInFullDetail,
    /// A sweep's `limit` of 0 (`invalidValue`).
    #[error("a sweep's limit must be at least 1")]
    SweepLimitZero,
    /// A `page` with `detail: "full"` (`invalidValue`).
    #[error("a page is read with `detail: \"summary\"`, not `\"full\"`")]
    PageInFullDetail,
    /// A page's `limit` of 0 (`invalidValue`).
    #[error("a page's limit must be at least 1")]
    PageLimitZero,
}

impl RequestError {
    /// The code of the wire form.
    pub fn code(&self) -> Code {
        use RequestError as E;
        match self {
            E::InvalidTimestamp { .. } => Code::InvalidTimestamp,
            E::UnknownUser { .. } => Code::UnknownUser,
            E::NoTargets => Code::MissingField,
            E::DuplicateTarget { .. } => Code::DuplicateTarget,
            E::NoActor { .. } => Code::NoActor,
            E::SuccessorOfNonTarget { .. }
            | E::SweepInFullDetail
            | E::SweepLimitZero
            | E::PageInFullDetail
            | E::PageLimitZero => Code::InvalidValue,
        }
    }

    /// The JSON pointer of the offending value.
    pub fn path(&self) -> &str {
        use RequestError as E;
        match self {
            E::InvalidTimestamp { path, .. } => path,
            E::UnknownUser { path, .. }
            | E::DuplicateTarget { path, .. }
            | E::SuccessorOfNonTarget { path, .. } => path,
            E::NoTargets => "/request/targets",
            E::NoActor { .. } => "/actor",
            E::SweepInFullDetail => "/detail",
            E::SweepLimitZero => "/limit",
            E::PageInFullDetail => "/page",
            E::PageLimitZero => "/page/limit",
        }
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<String> {
        use RequestError as E;
        match self {
            E::InvalidTimestamp { .. } => says(TIMESTAMP_HELP),
            E::UnknownUser { suggestion, .. } => did_you_mean(suggestion.as_deref()),
            E::NoTargets => says("add at least one user id to `targets`"),
            E::NoActor { .. } => says("give `actor`"),
            E::SweepInFullDetail => says("preview a user with `preview` for the full answer"),
            E::PageInFullDetail => {
                says("leave `detail` out or set it to \"summary\" when giving `page`")
            }
            E::DuplicateTarget { .. }
            | E::SuccessorOfNonTarget { .. }
            | E::SweepLimitZero
            | E::PageLimitZero => None,
        }
    }
}
