//! Reading the plan's operations: one flat struct with every member any
//! operation has, then the operation its `op` names, checking that it has
//! exactly its own members.
//!
//! serde's internally tagged enums would buffer every operation into a
//! generic tree first (its `Content` type, about 11 KB of the `.wasm`) and
//! accept an operation written as an array; this reads each one in one pass.
use crate::model::Status;
use crate::preview::Op;
use crate::value::{json_enum, Dict, Map, Value};
use serde::de::{Deserializer, Error as _};
use serde::Deserialize;

/// The operation names, in declaration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    SetUserStatus,
    SetUserRole,
    SetUserLicence,
    RevokeSessions,
    RevokeTokens,
    BlockNewAssignments,
    SetUserField,
    CreatePlaceholder,
    CreateItem,
    SetRef,
    SetShare,
    MoveItem,
    AddLink,
    SetItem,
    DeleteItem,
    Later,
    AddRef,
}

json_enum!(Tag {
    SetUserStatus = "setUserStatus",
    SetUserRole = "setUserRole",
    SetUserLicence = "setUserLicence",
    RevokeSessions = "revokeSessions",
    RevokeTokens = "revokeTokens",
    BlockNewAssignments = "blockNewAssignments",
    SetUserField = "setUserField",
    CreatePlaceholder = "createPlaceholder",
    CreateItem = "createItem",
    SetRef = "setRef",
    SetShare = "setShare",
    MoveItem = "moveItem",
    AddLink = "addLink",
    SetItem = "setItem",
    DeleteItem = "deleteItem",
    Later = "later",
    AddRef = "addRef",
});

/// Every member of every operation; `from` and `to` keep an explicit `null`
/// apart from an absent member.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Flat {
    op: Tag,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    item: Option<String>,
    #[serde(default, deserialize_with = "present")]
    from: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    to: Option<Value>,
    #[serde(default)]
    delay: Option<String>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default, rename = "type")]
    item_type: Option<String>,
    #[serde(default)]
    fields: Option<Map>,
    #[serde(default)]
    container: Option<String>,
    #[serde(default)]
    refs: Option<Dict<String>>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    relation: Option<String>,
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    attribute: Option<String>,
    #[serde(default)]
    at: Option<String>,
    #[serde(default, rename = "afterDays")]
    after_days: Option<u32>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    ops: Option<Vec<Op>>,
}

/// A member that is there, `null` included.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// The members each operation has, `op` first.
fn members(tag: Tag) -> &'static [&'static str] {
    match tag {
        Tag::SetUserStatus => &["op", "user", "from", "to", "at"],
        Tag::Later => &["op", "at", "afterDays", "user", "label", "ops"],
        Tag::AddRef => &["op", "item", "relation", "user"],
        Tag::SetUserRole | Tag::SetUserLicence => &["op", "user", "from", "to"],
        Tag::RevokeSessions => &["op", "user", "delay"],
        Tag::RevokeTokens | Tag::BlockNewAssignments => &["op", "user"],
        Tag::SetUserField => &["op", "user", "field", "from", "to"],
        Tag::CreatePlaceholder => &["op", "user", "name"],
        Tag::CreateItem => &[
            "op",
            "item",
            "type",
            "fields",
            "container",
            "refs",
            "status",
        ],
        Tag::SetRef => &["op", "item", "relation", "from", "to"],
        Tag::SetShare => &["op", "item", "user", "from", "to"],
        Tag::MoveItem => &["op", "item", "from", "to"],
        Tag::AddLink => &["op", "item", "link"],
        Tag::SetItem => &["op", "item", "attribute", "from", "to"],
        Tag::DeleteItem => &["op", "item"],
    }
}

impl Flat {
    /// The names of the members given.
    fn given(&self) -> impl Iterator<Item = &'static str> + '_ {
        let all: [(&'static str, bool); 19] = [
            ("user", self.user.is_some()),
            ("item", self.item.is_some()),
            ("from", self.from.is_some()),
            ("to", self.to.is_some()),
            ("delay", self.delay.is_some()),
            ("field", self.field.is_some()),
            ("name", self.name.is_some()),
            ("type", self.item_type.is_some()),
            ("fields", self.fields.is_some()),
            ("container", self.container.is_some()),
            ("refs", self.refs.is_some()),
            ("status", self.status.is_some()),
            ("relation", self.relation.is_some()),
            ("link", self.link.is_some()),
            ("attribute", self.attribute.is_some()),
            ("at", self.at.is_some()),
            ("afterDays", self.after_days.is_some()),
            ("label", self.label.is_some()),
            ("ops", self.ops.is_some()),
        ];
        all.into_iter().filter(|(_, g)| *g).map(|(n, _)| n)
    }
}

fn req<T, E: serde::de::Error>(v: Option<T>, name: &'static str) -> Result<T, E> {
    v.ok_or_else(|| E::missing_field(name))
}

/// A `from`/`to` that is a string, or `null` when `nullable`.
fn text<E: serde::de::Error>(v: Value, nullable: bool) -> Result<Option<String>, E> {
    match v {
        Value::String(s) => Ok(Some(s)),
        Value::Null if nullable => Ok(None),
        _ => Err(E::custom(format_args!(
            "invalid type: {v}, expected a string{}",
            if nullable { " or null" } else { "" }
        ))),
    }
}

fn status<E: serde::de::Error>(v: Value) -> Result<Status, E> {
    match text::<E>(v, false)?.unwrap_or_default() {
        s if s.is_empty() => Err(E::invalid_value(
            serde::de::Unexpected::Str(""),
            &"a status name",
        )),
        s => Ok(Status::new(&s)),
    }
}

impl<'de> Deserialize<'de> for Op {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = Flat::deserialize(d)?;
        let own = members(f.op);
        if let Some(extra) = f.given().find(|n| !own.contains(n)) {
            return Err(D::Error::unknown_field(extra, own));
        }
        let (from, to) = (f.from, f.to);
        Ok(match f.op {
            Tag::SetUserStatus => Op::SetUserStatus {
                user: req(f.user, "user")?,
                from: status(req(from, "from")?)?,
                to: status(req(to, "to")?)?,
                at: f.at,
            },
            Tag::AddRef => Op::AddRef {
                item: req(f.item, "item")?,
                relation: req(f.relation, "relation")?,
                user: req(f.user, "user")?,
            },
            Tag::Later => Op::Later {
                at: req(f.at, "at")?,
                after_days: req(f.after_days, "afterDays")?,
                user: req(f.user, "user")?,
                label: f.label,
                ops: req(f.ops, "ops")?,
            },
            Tag::SetUserRole => Op::SetUserRole {
                user: req(f.user, "user")?,
                from: text(req(from, "from")?, true)?,
                to: text(req(to, "to")?, false)?.unwrap_or_default(),
            },
            Tag::SetUserLicence => Op::SetUserLicence {
                user: req(f.user, "user")?,
                from: text(req(from, "from")?, true)?,
                to: text(req(to, "to")?, true)?,
            },
            Tag::RevokeSessions => Op::RevokeSessions {
                user: req(f.user, "user")?,
                delay: f.delay,
            },
            Tag::RevokeTokens => Op::RevokeTokens {
                user: req(f.user, "user")?,
            },
            Tag::BlockNewAssignments => Op::BlockNewAssignments {
                user: req(f.user, "user")?,
            },
            Tag::SetUserField => Op::SetUserField {
                user: req(f.user, "user")?,
                field: req(f.field, "field")?,
                from: req(from, "from")?,
                to: req(to, "to")?,
            },
            Tag::CreatePlaceholder => Op::CreatePlaceholder {
                user: req(f.user, "user")?,
                name: req(f.name, "name")?,
            },
            Tag::CreateItem => Op::CreateItem {
                item: req(f.item, "item")?,
                item_type: req(f.item_type, "type")?,
                fields: req(f.fields, "fields")?,
                container: f.container,
                refs: f.refs.unwrap_or_default(),
                status: f.status,
            },
            Tag::SetRef => Op::SetRef {
                item: req(f.item, "item")?,
                relation: req(f.relation, "relation")?,
                from: text(req(from, "from")?, false)?.unwrap_or_default(),
                to: text(req(to, "to")?, true)?,
            },
            Tag::SetShare => Op::SetShare {
                item: req(f.item, "item")?,
                user: req(f.user, "user")?,
                from: text(req(from, "from")?, true)?,
                to: text(req(to, "to")?, true)?,
            },
            Tag::MoveItem => Op::MoveItem {
                item: req(f.item, "item")?,
                from: text(req(from, "from")?, true)?,
                to: text(req(to, "to")?, false)?.unwrap_or_default(),
            },
            Tag::AddLink => Op::AddLink {
                item: req(f.item, "item")?,
                link: req(f.link, "link")?,
            },
            Tag::SetItem => Op::SetItem {
                item: req(f.item, "item")?,
                attribute: req(f.attribute, "attribute")?,
                from: req(from, "from")?,
                to: req(to, "to")?,
            },
            Tag::DeleteItem => Op::DeleteItem {
                item: req(f.item, "item")?,
            },
        })
    }
}
