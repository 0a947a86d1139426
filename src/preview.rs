//! The answer: a preview of what an action would do.
use crate::error::Error;
use crate::json::{json_enum, json_struct, json_tagged, De, Dict, FromJson, Map, Value};
use crate::model::{Action, Status};
use crate::policy::EffectKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Blocked,
}

/// A blocker or a warning.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable machine code, e.g. `lastOwner`.
    pub code: String,
    pub message: String,
    /// The id of the rule or constraint that produced it (`builtin.*` for the engine's own checks).
    pub rule: String,
    /// The target it is about.
    pub user: Option<String>,
    pub item: Option<String>,
    /// For a finding about a successor: the successor (`user` is the target it takes over from).
    pub successor: Option<String>,
    /// For a finding about seats: the licence.
    pub licence: Option<String>,
    /// For a finding about several users (the targets taking seats over a limit): their ids.
    pub users: Vec<String>,
}

/// Seats of one licence.
#[derive(Debug, Clone, PartialEq)]
pub struct Seats {
    pub licence: String,
    pub limit: Option<u64>,
    pub before: u64,
    pub after: u64,
    /// `after - before`: negative frees seats, positive consumes them.
    pub change: i64,
    pub over_limit: bool,
}

/// A personal field erased or replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub kind: FieldChangeKind,
    pub from: Value,
    pub to: Value,
    pub rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldChangeKind {
    Erase,
    Replace,
}

/// What happens to login and sessions.
#[derive(Debug, Clone, PartialEq)]
pub struct Sessions {
    /// `revoked`, `kept`, `restored`, or `none` when the user had no access left to end.
    pub login: String,
    pub delay: Option<String>,
    pub rule: String,
}

/// What happens to one target user.
#[derive(Debug, Clone, PartialEq)]
pub struct UserChange {
    pub user: String,
    pub name: Option<String>,
    pub status_before: Status,
    pub status_after: Status,
    pub licence: Option<String>,
    /// `freed`, `consumed`, `kept` or `none`.
    pub seat: String,
    pub sessions: Sessions,
    pub tokens_revoked: bool,
    pub new_assignments_blocked: bool,
    pub reversible: bool,
    pub restore_window_days: Option<u32>,
    /// The end of the restore window: the request's `now` plus `restoreWindowDays`.
    pub restore_until: Option<String>,
    pub fields: Vec<FieldChange>,
    /// Access grants on items that end with the action.
    pub access_revoked: u64,
    pub successor: Option<String>,
    pub notes: Vec<String>,
    pub rule: String,
}

/// What happens to one reference from an item to a leaving user.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemEffect {
    pub item: String,
    pub item_type: String,
    pub status: Option<String>,
    /// The relation name, or `share` for an access grant.
    pub relation: String,
    pub kind: EffectKind,
    /// The leaving user referenced.
    pub from: String,
    /// The successor or placeholder the reference goes to.
    pub to: Option<String>,
    /// How the successor was chosen: `request` or `fallback`.
    pub chosen_by: Option<String>,
    pub role_before: Option<String>,
    pub role_after: Option<String>,
    /// The id of the container the item moves into.
    pub container: Option<String>,
    pub indexed_in: Option<String>,
    pub set: Map,
    pub rule: String,
}

/// One line of the summary: effects of one kind on one item type.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryLine {
    pub kind: String,
    pub item_type: Option<String>,
    pub count: u64,
    pub to: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub headline: String,
    pub lines: Vec<SummaryLine>,
    /// True for a blocked preview: the lines say what would happen once its
    /// blockers are resolved ("Once resolved, would …"), not what will happen.
    pub conditional: bool,
}

/// One operation of the machine plan a backend executes, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    SetUserStatus {
        user: String,
        from: Status,
        to: Status,
    },
    RevokeSessions {
        user: String,
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
        item_type: String,
        fields: Map,
        container: Option<String>,
        refs: Dict<String>,
        status: Option<String>,
    },
    /// Replace `from` by `to` in a relation (`to` null removes it).
    SetRef {
        item: String,
        relation: String,
        from: String,
        to: Option<String>,
    },
    /// Set a user's access role on an item (`to` null revokes it).
    SetShare {
        item: String,
        user: String,
        from: Option<String>,
        to: Option<String>,
    },
    MoveItem {
        item: String,
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

/// Hashes of what the preview was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Fingerprint {
    /// Over the three below: what a backend compares.
    pub value: String,
    pub policy: String,
    pub snapshot: String,
    pub request: String,
}

/// The preview of one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub action: Action,
    pub policy: String,
    pub verdict: Verdict,
    pub blockers: Vec<Finding>,
    pub warnings: Vec<Finding>,
    pub seats: Vec<Seats>,
    pub users: Vec<UserChange>,
    pub effects: Vec<ItemEffect>,
    pub summary: Summary,
    pub plan: Vec<Op>,
    pub fingerprint: Fingerprint,
}

json_enum!(Verdict {
    Allowed = "allowed",
    Blocked = "blocked",
});

json_enum!(FieldChangeKind {
    Erase = "erase",
    Replace = "replace",
});

json_struct!(Finding {
    code: "code" req,
    message: "message" req,
    rule: "rule" req,
    user: "user" opt,
    item: "item" opt,
    successor: "successor" opt,
    licence: "licence" opt,
    users: "users" opt,
});

json_struct!(Seats {
    licence: "licence" req,
    limit: "limit" opt,
    before: "before" req,
    after: "after" req,
    change: "change" req,
    over_limit: "overLimit" req,
});

json_struct!(FieldChange {
    field: "field" req,
    kind: "kind" req,
    from: "from" req,
    to: "to" req,
    rule: "rule" req,
});

json_struct!(Sessions {
    login: "login" req,
    delay: "delay" opt,
    rule: "rule" req,
});

json_struct!(UserChange {
    user: "user" req,
    name: "name" opt,
    status_before: "statusBefore" req,
    status_after: "statusAfter" req,
    licence: "licence" opt,
    seat: "seat" req,
    sessions: "sessions" req,
    tokens_revoked: "tokensRevoked" req,
    new_assignments_blocked: "newAssignmentsBlocked" req,
    reversible: "reversible" req,
    restore_window_days: "restoreWindowDays" opt,
    restore_until: "restoreUntil" opt,
    fields: "fields" req,
    access_revoked: "accessRevoked" req,
    successor: "successor" opt,
    notes: "notes" opt,
    rule: "rule" req,
});

json_struct!(ItemEffect {
    item: "item" req,
    item_type: "type" req,
    status: "status" opt,
    relation: "relation" req,
    kind: "kind" req,
    from: "from" req,
    to: "to" opt,
    chosen_by: "chosenBy" opt,
    role_before: "roleBefore" opt,
    role_after: "roleAfter" opt,
    container: "container" opt,
    indexed_in: "indexedIn" opt,
    set: "set" opt,
    rule: "rule" req,
});

json_struct!(SummaryLine {
    kind: "kind" req,
    item_type: "type" opt,
    count: "count" req,
    to: "to" opt,
    text: "text" req,
});

json_struct!(Summary {
    headline: "headline" req,
    lines: "lines" req,
    conditional: "conditional" req,
});

json_struct!(Fingerprint {
    value: "value" req,
    policy: "policy" req,
    snapshot: "snapshot" req,
    request: "request" req,
});

json_struct!(Preview {
    action: "action" req,
    policy: "policy" req,
    verdict: "verdict" req,
    blockers: "blockers" req,
    warnings: "warnings" req,
    seats: "seats" req,
    users: "users" req,
    effects: "effects" req,
    summary: "summary" req,
    plan: "plan" req,
    fingerprint: "fingerprint" req,
});

json_tagged!(Op, "op" {
    SetUserStatus = "setUserStatus" { user: "user" req, from: "from" req, to: "to" req },
    RevokeSessions = "revokeSessions" { user: "user" req, delay: "delay" opt },
    RevokeTokens = "revokeTokens" { user: "user" req },
    BlockNewAssignments = "blockNewAssignments" { user: "user" req },
    SetUserField = "setUserField" {
        user: "user" req, field: "field" req, from: "from" req, to: "to" req,
    },
    CreatePlaceholder = "createPlaceholder" { user: "user" req, name: "name" req },
    CreateItem = "createItem" {
        item: "item" req, item_type: "type" req, fields: "fields" req,
        container: "container" opt, refs: "refs" opt, status: "status" opt,
    },
    SetRef = "setRef" { item: "item" req, relation: "relation" req, from: "from" req, to: "to" req },
    SetShare = "setShare" { item: "item" req, user: "user" req, from: "from" req, to: "to" req },
    MoveItem = "moveItem" { item: "item" req, from: "from" req, to: "to" req },
    AddLink = "addLink" { item: "item" req, link: "link" req },
    SetItem = "setItem" {
        item: "item" req, attribute: "attribute" req, from: "from" req, to: "to" req,
    },
    DeleteItem = "deleteItem" { item: "item" req },
});

/// What `apply` reads of a preview: its verdict, the snapshot fingerprint and
/// the plan. The other members are for people; they are not read.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOf {
    pub verdict: Verdict,
    /// `fingerprint.snapshot`.
    pub snapshot: String,
    pub plan: Vec<Op>,
}

/// The snapshot member of a fingerprint, the others not read.
struct SnapshotHash(String);

impl FromJson for SnapshotHash {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        d.members(v)?.req(d, "snapshot").map(SnapshotHash)
    }
}

impl FromJson for PlanOf {
    fn from_json(v: Value, d: &mut De) -> Result<Self, Error> {
        let mut o = d.members(v)?;
        Ok(PlanOf {
            verdict: o.req(d, "verdict")?,
            snapshot: o.req::<SnapshotHash>(d, "fingerprint")?.0,
            plan: o.req(d, "plan")?,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Op, Error> {
        crate::json::parse(text.as_bytes(), "/plan/0")
    }

    #[test]
    fn operations_round_trip_and_refuse_what_they_do_not_have() {
        let text = r#"{"op":"createItem","item":"f1","type":"folder","fields":{"name":"x"},"status":"open"}"#;
        assert_eq!(crate::json::to_string(&read(text).unwrap()), text);
        let e = read(r#"{"op":"setRfe","item":"i"}"#).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("unknownVariant", "/plan/0/op")
        );
        assert_eq!(e.help.as_deref(), Some("did you mean `setRef`?"));
        let e = read(r#"{"op":"deleteItem","item":"i","user":"u"}"#).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_str()),
            ("unknownField", "/plan/0/user")
        );
        assert_eq!(read(r#"{"item":"i"}"#).unwrap_err().code, "missingField");
        assert_eq!(read("[]").unwrap_err().code, "invalidValue");
    }
}
