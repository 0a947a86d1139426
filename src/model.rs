//! The input data: workspace snapshot and request.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A user's lifecycle status.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    #[default]
    Active,
    Deactivated,
    Deleted,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Deactivated => "deactivated",
            Status::Deleted => "deleted",
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A user of the workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct User {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default)]
    pub status: Status,
    /// The licence or seat type the user holds; none holds no seat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// The user signs in through single sign-on.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sso: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_active_at: Option<String>,
    /// Personal fields (name, email, phone, avatar…).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub fields: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<String>,
    /// Groups or teams the user belongs to (used by fallback-successor rules).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// A placeholder account references are re-attributed to ("(deleted user)", "Ghost User").
    #[serde(default, skip_serializing_if = "is_false")]
    pub placeholder: bool,
}

/// The value of a relation: one user id, a list of them, or nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Refs {
    One(String),
    Many(Vec<String>),
    None(()),
}

impl Refs {
    pub fn ids(&self) -> &[String] {
        match self {
            Refs::One(s) => std::slice::from_ref(s),
            Refs::Many(v) => v,
            Refs::None(()) => &[],
        }
    }
}

/// An access grant on an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Share {
    pub user: String,
    pub role: String,
}

/// An item of any type (deal, task, article, folder, automation…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Item {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The id of another item that contains this one (a folder, a space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub refs: BTreeMap<String, Refs>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shares: Vec<Share>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub fields: Map<String, Value>,
}

/// Account-wide facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Account {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Single sign-on for the whole account, e.g. `"saml"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub settings: Map<String, Value>,
}

/// The workspace the preview is computed on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Snapshot {
    /// Seat limits per licence type.
    #[serde(default)]
    pub seats: BTreeMap<String, u64>,
    #[serde(default)]
    pub users: Vec<User>,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
}

/// What the admin is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    Deactivate,
    Delete,
    Reactivate,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Deactivate => "deactivate",
            Action::Delete => "delete",
            Action::Reactivate => "reactivate",
        }
    }
    pub const ALL: [Action; 3] = [Action::Deactivate, Action::Delete, Action::Reactivate];
}

/// A request for a preview. Several targets make a bulk request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Request {
    pub action: Action,
    pub actor: String,
    pub targets: Vec<String>,
    /// The successor for every target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// Per-target successors, overriding `successor`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub successors: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub options: Map<String, Value>,
    /// The current time, RFC 3339. The engine reads no clock.
    pub now: String,
}

impl Request {
    pub fn successor_of(&self, target: &str) -> Option<&str> {
        self.successors
            .get(target)
            .or(self.successor.as_ref())
            .map(String::as_str)
    }
}
