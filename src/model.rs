//! The input data: workspace snapshot and request.
use crate::name::Name;
use crate::value::{Dict, Map, Value};
use serde::{Deserialize, Serialize};

/// A name a policy may extend: built-in names are constants, a policy's
/// own (`suspended`, `freeze`…) are read as written.
macro_rules! open_name {
    ($(#[doc = $doc:literal])* $t:ident { $($c:ident = $s:literal),* $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $t(pub std::borrow::Cow<'static, str>);
        impl $t {
            $(pub const $c: $t = $t(std::borrow::Cow::Borrowed($s));)*
            /// The built-in names.
            pub const BUILT_IN: &'static [&'static str] = &[$($s),*];
            pub fn new(s: &str) -> $t {
                $t(std::borrow::Cow::Owned(s.to_string()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// One of the built-in names.
            pub fn is_built_in(&self) -> bool {
                Self::BUILT_IN.contains(&self.as_str())
            }
        }
        /// Any string; the built-in names are its `examples`.
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($t).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "description": $crate::value::doc_description(&[$($doc),*]),
                    "examples": Self::BUILT_IN,
                })
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

open_name!(
    /// A user's lifecycle status: `active`, `deactivated`, `deleted`, or one
    /// a policy's own action leads to (`suspended`, `frozen`…).
    Status {
        ACTIVE = "active",
        DEACTIVATED = "deactivated",
        DELETED = "deleted",
    }
);

impl Default for Status {
    fn default() -> Status {
        Status::ACTIVE
    }
}

/// A user of the workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct User {
    /// Non-empty and unique among users.
    pub id: String,
    /// A role of the policy's `roles`.
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
    /// RFC 3339 timestamp or date, e.g. `2026-11-23T10:00:00Z` or `2026-11-23`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_active_at: Option<String>,
    /// When the user's status last changed (RFC 3339); `apply` records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_changed_at: Option<String>,
    /// Personal fields (name, email, phone, avatar…).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub fields: Map,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub permissions: Vec<Name>,
    /// Groups or teams the user belongs to (used by fallback-successor rules).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub groups: Vec<Name>,
    /// A placeholder account references are re-attributed to ("(deleted user)", "Ghost User").
    #[serde(default, skip_serializing_if = "is_false")]
    pub placeholder: bool,
}

impl User {
    /// The display name: `fields.name`, else the id.
    pub fn display_name(&self) -> String {
        match self.fields.get("name").and_then(Value::as_str) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => self.id.clone(),
        }
    }
}

/// The value of a relation: one user id, a list of them, or nothing.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema), schemars(untagged))]
pub enum Refs {
    One(Name),
    Many(Vec<Name>),
    None(()),
}

impl Refs {
    pub fn ids(&self) -> &[Name] {
        match self {
            Refs::One(s) => std::slice::from_ref(s),
            Refs::Many(v) => v,
            Refs::None(()) => &[],
        }
    }
}

/// An access grant on an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Share {
    /// A user id of the snapshot.
    pub user: Name,
    /// The access role, ideally one of the policy's `shareRoles`.
    pub role: Name,
}

/// An item of any type (deal, task, article, folder, automation…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Item {
    /// Non-empty and unique among items.
    pub id: String,
    /// The item type: deal, task, article, folder, automation…
    #[serde(rename = "type")]
    pub kind: Name,
    /// The item's status: open, closed, done, published…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Name>,
    /// The id of another item that contains this one (a folder, a space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// Relations to users by relation name (owner, assignees, creator, followers…).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub refs: Dict<Refs>,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub shares: Vec<Share>,
    /// Other fields, any JSON values.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub fields: Map,
}

impl Item {
    /// The display name: `fields.title`, `fields.name`, else the id.
    pub fn display_name(&self) -> String {
        ["title", "name"]
            .iter()
            .find_map(|k| self.fields.get(k).and_then(Value::as_str))
            .map_or_else(|| self.id.clone(), str::to_string)
    }
    /// Whether `user` is among the users of `relation` already.
    pub fn holds(&self, relation: &str, user: &str) -> bool {
        self.refs
            .get(relation)
            .is_some_and(|r| r.ids().iter().any(|u| u == user))
    }
}

/// Account-wide facts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Account {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Single sign-on for the whole account, e.g. `"saml"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<String>,
    /// Account-wide toggles, any JSON values.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub settings: Map,
}

/// The workspace the preview is computed on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Snapshot {
    /// Seat limits per licence type.
    #[serde(default)]
    pub seats: Dict<u64>,
    #[serde(default, deserialize_with = "read_all")]
    pub users: Vec<User>,
    #[serde(default, deserialize_with = "read_all")]
    pub items: Vec<Item>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
    /// Plan operations `apply` has scheduled for later (`later` operations
    /// not yet due), applied by the first `apply` whose `at` reaches them.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub scheduled: Vec<Op>,
}

open_name!(
    /// What the admin is about to do: `deactivate`, `delete`, `reactivate`,
    /// or an action the policy declares (`suspend`, `freeze`…).
    Action {
        DEACTIVATE = "deactivate",
        DELETE = "delete",
        REACTIVATE = "reactivate",
    }
);

/// A request for a preview. Several targets make a bulk request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Request {
    pub action: Action,
    /// The id of the user performing the action.
    pub actor: String,
    /// The ids of the users acted on.
    pub targets: Vec<String>,
    /// The successor for every target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// Per-target successors, overriding `successor`.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub successors: Dict<String>,
    /// Free options the policy's conditions read as `options.<name>`, e.g. `{"transfer": false}`.
    #[serde(default, skip_serializing_if = "is_empty")]
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

/// Reads a snapshot's users or items with their names shared
/// ([`crate::name::interned`]), into a vector of their exact length (serde
/// grows it by doubling: up to twice the items' size, for the whole load).
fn read_all<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    crate::name::interned::<D, Vec<T>>(d).map(|mut v| {
        v.shrink_to_fit();
        v
    })
}

/// Whether a collection is empty: such members are left out when written.
pub(crate) fn is_empty<T: IsEmpty + ?Sized>(v: &T) -> bool {
    v.is_empty()
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

/// Collections that are left out of the output when empty.
pub(crate) trait IsEmpty {
    fn is_empty(&self) -> bool;
}
impl<T> IsEmpty for Vec<T> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}
impl<T> IsEmpty for Dict<T> {
    fn is_empty(&self) -> bool {
        Dict::is_empty(self)
    }
}

impl Serialize for Refs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Refs::One(id) => s.serialize_str(id),
            Refs::Many(ids) => ids.serialize(s),
            Refs::None(()) => s.serialize_unit(),
        }
    }
}

/// Read by one visitor (not `untagged`, which would buffer every value first).
impl<'de> Deserialize<'de> for Refs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Refs;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a user id, an array of user ids or null")
            }
            fn visit_unit<E>(self) -> Result<Refs, E> {
                Ok(Refs::None(()))
            }
            fn visit_none<E>(self) -> Result<Refs, E> {
                Ok(Refs::None(()))
            }
            fn visit_str<E>(self, s: &str) -> Result<Refs, E> {
                Ok(Refs::One(Name::intern(s)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Refs, A::Error> {
                let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(id) = seq.next_element::<Name>()? {
                    ids.push(id);
                }
                ids.shrink_to_fit();
                Ok(Refs::Many(ids))
            }
        }
        d.deserialize_any(V)
    }
}

/// A member given, `null` included: absent is `None`, `null` is `Some(None)`
/// (`user.licence` of a policy, `licenceAfter` of a preview).
pub(crate) fn given<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<String>>, D::Error> {
    <Option<String> as serde::Deserialize>::deserialize(d).map(Some)
}

/// The schema of an operation's member that is always there (`plan_read`
/// refuses an operation without it), a string or `null`.
#[cfg(feature = "schema")]
pub(crate) fn string_or_null(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Option<String> as schemars::JsonSchema>::json_schema(g)
}

/// One operation of the machine plan a backend executes, in order.
/// Written tagged by `op`; read through one flat struct (`src/plan_read.rs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// `plan_read` refuses members an operation does not have.
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Op {
    SetUserStatus {
        user: String,
        from: Status,
        to: Status,
        /// When the change happens: `apply` records it as `statusChangedAt`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<String>,
    },
    /// Operations that happen `afterDays` after the action, at `at`: `apply`
    /// runs them once its own `at` reaches them, else keeps them in the
    /// snapshot's `scheduled`. A later status change of `user` cancels them.
    Later {
        at: String,
        #[serde(rename = "afterDays")]
        after_days: u32,
        user: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        ops: Vec<Op>,
    },
    /// Set a user's role (`from` null: the user had none).
    SetUserRole {
        user: String,
        #[cfg_attr(feature = "schema", schemars(required, schema_with = "string_or_null"))]
        from: Option<String>,
        to: String,
    },
    /// Set a user's licence (`from` or `to` null: none).
    SetUserLicence {
        user: String,
        #[cfg_attr(feature = "schema", schemars(required, schema_with = "string_or_null"))]
        from: Option<String>,
        #[cfg_attr(feature = "schema", schemars(required, schema_with = "string_or_null"))]
        to: Option<String>,
    },
    RevokeSessions {
        user: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        delay: Option<String>,
    },
    RevokeTokens {
        user: String,
    },
    BlockNewAssignments {
        user: String,
    },
    SetUserField {
        user: String,
        field: String,
        from: Value,
        to: Value,
    },
    CreatePlaceholder {
        user: String,
        name: String,
    },
    CreateItem {
        item: String,
        #[serde(rename = "type")]
        item_type: String,
        fields: Map,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        container: Option<String>,
        #[serde(default, skip_serializing_if = "is_empty")]
        // `plan_read` reads `null` as no references.
        #[cfg_attr(feature = "schema", schemars(with = "Option<Dict<String>>"))]
        refs: Dict<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<String>,
    },
    /// Add `user` to a relation of an item.
    AddRef {
        item: String,
        relation: String,
        user: String,
    },
    /// Replace `from` by `to` in a relation (`to` null removes it).
    SetRef {
        item: String,
        relation: String,
        from: String,
        #[cfg_attr(feature = "schema", schemars(required, schema_with = "string_or_null"))]
        to: Option<String>,
    },
    /// Set a user's access role on an item (`to` null revokes it).
    SetShare {
        item: String,
        user: String,
        #[cfg_attr(feature = "schema", schemars(required, schema_with = "string_or_null"))]
        from: Option<String>,
        #[cfg_attr(feature = "schema", schemars(required, schema_with = "string_or_null"))]
        to: Option<String>,
    },
    MoveItem {
        item: String,
        #[cfg_attr(feature = "schema", schemars(required, schema_with = "string_or_null"))]
        from: Option<String>,
        to: String,
    },
    AddLink {
        item: String,
        link: String,
    },
    SetItem {
        item: String,
        attribute: String,
        from: Value,
        to: Value,
    },
    DeleteItem {
        item: String,
    },
}
