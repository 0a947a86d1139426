//! The snapshot: what the indexing of `src/workspace.rs` refuses, and the
//! names a policy refuses (`src/vocabulary.rs`).
use super::{chain, did_you_mean, says, Code, LimitError, ReadError};
use std::fmt;

/// A snapshot that does not load: as JSON ([`SnapshotError::Read`]), over a
/// limit ([`SnapshotError::Limit`]), or refused when indexed (up to 100
/// problems at once). `path` is the JSON pointer into the snapshot (under
/// `/snapshot` in a call).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// The document does not read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The snapshot is over a limit.
    #[error(transparent)]
    Limit(#[from] LimitError),
    /// An empty user id (`emptyId`).
    #[error("user id is empty")]
    EmptyUserId { path: String },
    /// An empty item id (`emptyId`).
    #[error("item id is empty")]
    EmptyItemId { path: String },
    /// A user `id` given to more than one user (`duplicateId`).
    #[error("user id `{id}` appears more than once")]
    DuplicateUserId { path: String, id: String },
    /// An item `id` given to more than one item (`duplicateId`).
    #[error("item id `{id}` appears more than once")]
    DuplicateItemId { path: String, id: String },
    /// A `container` that is no item of the snapshot (`unknownItem`).
    #[error("container `{container}` is not an item of the snapshot")]
    UnknownContainer { path: String, container: String },
    /// An item whose `container` is itself (`invalidValue`).
    #[error("an item cannot contain itself")]
    ContainsItself { path: String },
    /// A reference or share to a user `id` that is not in the snapshot
    /// (`unknownUser`); `suggestion` is the closest id.
    #[error("`{id}` is not a user of the snapshot")]
    UnknownUser {
        path: String,
        id: String,
        suggestion: Option<String>,
    },
    /// `items` inside each other, each in the next (`containerCycle`), the
    /// first repeated at the end; `path` is the first one's `container`.
    #[error(fmt = cycle)]
    ContainerCycle { path: String, items: Vec<String> },
    /// A `what` ("role", "item type"…) `name` the policy does not declare,
    /// used `uses` times, under `"undeclared": "error"` (`undeclaredName`);
    /// `path` is its first place and `declare_in` where the policy would declare it.
    #[error(fmt = undeclared)]
    Undeclared {
        path: String,
        what: &'static str,
        name: String,
        uses: u64,
        suggestion: Option<String>,
        declare_in: &'static str,
    },
    /// A `{"preset": …}` snapshot whose sample this build does not embed
    /// (`sampleNotEmbedded`).
    #[error("this build does not embed the sample workspace of `{preset}`")]
    SampleNotEmbedded { path: String, preset: String },
}

fn cycle(_: &str, items: &[String], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str("items contain each other: ")?;
    chain(f, items, " is in ")
}

fn undeclared(
    _: &str,
    what: &str,
    name: &str,
    uses: &u64,
    _: &Option<String>,
    _: &str,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    write!(f, "the {what} `{name}` is not declared by the policy")?;
    if *uses > 1 {
        write!(f, " (used {uses} times)")?;
    }
    Ok(())
}

impl SnapshotError {
    /// The code of the wire form.
    pub fn code(&self) -> Code {
        use SnapshotError as E;
        match self {
            E::Read(e) => e.code(),
            E::Limit(e) => e.code(),
            E::EmptyUserId { .. } | E::EmptyItemId { .. } => Code::EmptyId,
            E::DuplicateUserId { .. } | E::DuplicateItemId { .. } => Code::DuplicateId,
            E::UnknownContainer { .. } => Code::UnknownItem,
            E::ContainsItself { .. } => Code::InvalidValue,
            E::UnknownUser { .. } => Code::UnknownUser,
            E::ContainerCycle { .. } => Code::ContainerCycle,
            E::Undeclared { .. } => Code::UndeclaredName,
            E::SampleNotEmbedded { .. } => Code::SampleNotEmbedded,
        }
    }

    /// The JSON pointer of the offending value.
    pub fn path(&self) -> &str {
        use SnapshotError as E;
        match self {
            E::Read(e) => e.path(),
            E::Limit(e) => e.path(),
            E::EmptyUserId { path }
            | E::EmptyItemId { path }
            | E::DuplicateUserId { path, .. }
            | E::DuplicateItemId { path, .. }
            | E::UnknownContainer { path, .. }
            | E::ContainsItself { path }
            | E::UnknownUser { path, .. }
            | E::ContainerCycle { path, .. }
            | E::Undeclared { path, .. }
            | E::SampleNotEmbedded { path, .. } => path,
        }
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<String> {
        use SnapshotError as E;
        match self {
            E::Read(e) => e.help(),
            E::Limit(e) => e.help(),
            E::ContainerCycle { .. } => says("an item cannot be inside itself, directly or through other items; change the `container` of one of them"),
            E::Undeclared {
                suggestion: None,
                declare_in,
                ..
            } => Some(format!(
                "declare it in {declare_in} or correct the snapshot"
            )),
            E::UnknownUser { suggestion, .. } | E::Undeclared { suggestion, .. } => {
                did_you_mean(suggestion.as_deref())
            }
            E::SampleNotEmbedded { .. } => says("pass the snapshot itself, e.g. the `sample` of the preset export"),
            _ => None,
        }
    }
}
