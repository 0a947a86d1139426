//! offboard: preview the consequences of deactivating or deleting a user.
#![doc = include_str!("../README.md")]
pub mod attr;
mod call;
pub mod error;
pub mod ffi;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use error::{
    ApplyError, Code, ConditionError, Error, Errors, LimitError, PolicyError, ReadError,
    RequestError, SnapshotError,
};
pub mod engine;
pub mod eval;
pub mod expr;
pub mod fingerprint;
pub mod limits;
pub mod locate;
pub mod model;
pub mod name;
mod objects;
pub mod plan_read;
pub mod policy;
pub mod presets;
pub mod preview;
pub mod read;
pub mod scenario;
#[cfg(feature = "schema")]
pub mod schema;
pub mod text;
pub mod time;
#[cfg(feature = "schema")]
pub mod typescript;
pub mod value;
pub mod vocabulary;
pub mod workspace;
pub mod write;
