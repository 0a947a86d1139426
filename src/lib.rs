//! offboard: preview the consequences of deactivating or deleting a user.
pub mod error;
pub mod ffi;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use error::{Error, Errors};
pub mod expr;
pub mod limits;
pub mod model;
pub mod time;
pub mod fingerprint;
pub mod json;
pub mod workspace;
pub mod policy;
pub mod preview;
