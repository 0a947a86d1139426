//! The input data: workspace snapshot and request.
use crate::error::Error;
use crate::json::{json_enum, json_struct, De, Dict, FromJson, Map, ToJson, Value};

/// A user's lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Status {
    #[default]
    Active,
    Deactivated,
    Deleted,
}

json_enum!(Status {
    Active = "active",
    Deactivated = "deactivated",
    Deleted = "deleted",
});

/// A user of the workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: String,
    pub role: Option<String>,
    pub status: Status,
    /// The licence or seat type the user holds; none holds no seat.
    pub licence: Option<String>,
    /// The user signs in through single sign-on.
    pub sso: bool,
    pub last_active_at: Option<String>,
    /// Personal fields (name, email, phone, avatar…).
    pub fields: Map,
    pub permissions: Vec<String>,
    /// Groups or teams the user belongs to (used by fallback-successor rules).
    pub groups: Vec<String>,
    /// A placeholder account references are re-attributed to ("(deleted user)", "Ghost User").
    pub placeholder: bool,
}

/// The value of a relation: one user id, a list of them, or nothing.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub user: String,
    pub role: String,
}

/// An item of any type (deal, task, article, folder, automation…).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub kind: String,
    pub status: Option<String>,
    /// The id of another item that contains this one (a folder, a space).
    pub container: Option<String>,
    pub refs: Dict<Refs>,
    pub shares: Vec<Share>,
    pub fields: Map,
}

/// Account-wide facts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Account {
    pub plan: Option<String>,
    /// Single sign-on for the whole account, e.g. `"saml"`.
    pub sso: Option<String>,
    pub settings: Map,
}

/// The workspace the preview is computed on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    /// Seat limits per licence type.
    pub seats: Dict<u64>,
    pub users: Vec<User>,
    pub items: Vec<Item>,
    pub account: Option<Account>,
}

/// What the admin is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Deactivate,
    Delete,
    Reactivate,
}

json_enum!(Action {
    Deactivate = "deactivate",
    Delete = "delete",
    Reactivate = "reactivate",
});

/// A request for a preview. Several targets make a bulk request.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub action: Action,
    pub actor: String,
    pub targets: Vec<String>,
    /// The successor for every target.
    pub successor: Option<String>,
    /// Per-target successors, overriding `successor`.
    pub successors: Dict<String>,
    pub options: Map,
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

json_struct!(User {
    id: "id" req,
    role: "role" opt,
    status: "status" def,
    licence: "licence" opt,
    sso: "sso" opt,
    last_active_at: "lastActiveAt" opt,
    fields: "fields" opt,
    permissions: "permissions" opt,
    groups: "groups" opt,
    placeholder: "placeholder" opt,
});

impl FromJson for Refs {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        match v {
            Value::Null => Ok(Refs::None(())),
            Value::String(s) => Ok(Refs::One(s)),
            v @ Value::Array(_) => Vec::from_json(v, d).map(Refs::Many),
            other => Err(d.invalid_type(&other, "a user id, an array of user ids or null")),
        }
    }
}

impl ToJson for Refs {
    fn write_json(&self, out: &mut String) {
        match self {
            Refs::One(s) => s.write_json(out),
            Refs::Many(v) => v.write_json(out),
            Refs::None(()) => out.push_str("null"),
        }
    }
}

json_struct!(Share {
    user: "user" req,
    role: "role" req,
});

json_struct!(Item {
    id: "id" req,
    kind: "type" req,
    status: "status" opt,
    container: "container" opt,
    refs: "refs" opt,
    shares: "shares" opt,
    fields: "fields" opt,
});

json_struct!(Account {
    plan: "plan" opt,
    sso: "sso" opt,
    settings: "settings" opt,
});

json_struct!(Snapshot {
    seats: "seats" def,
    users: "users" def,
    items: "items" def,
    account: "account" opt,
});

json_struct!(Request {
    action: "action" req,
    actor: "actor" req,
    targets: "targets" req,
    successor: "successor" opt,
    successors: "successors" opt,
    options: "options" opt,
    now: "now" req,
});
