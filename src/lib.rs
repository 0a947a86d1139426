//! offboard: preview the consequences of deactivating or deleting a user.
pub mod error;
pub mod ffi;

pub use error::{Error, Errors};
