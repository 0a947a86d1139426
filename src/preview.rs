//! The answer: a preview of what an action would do.
use crate::model::{is_empty, Action, Status};
use crate::policy::{Billing, EffectKind};
use crate::value::{json_enum, Map, Value};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Blocked,
}

/// A blocker or a warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Finding {
    /// Stable machine code, e.g. `lastOwner`.
    pub code: String,
    pub message: String,
    /// The id of the rule or constraint that produced it (`builtin.*` for the engine's own checks).
    pub rule: String,
    /// The target it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// For a finding about a successor: the successor (`user` is the target it takes over from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// For a finding about seats: the licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// For a finding about several users (the targets taking seats over a limit): their ids.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub users: Vec<String>,
    /// For an `undeclaredName` warning: the name the policy does not declare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For an `undeclaredName` warning: the first places the snapshot uses it (JSON pointers).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub paths: Vec<String>,
}

/// Seats of one licence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Seats {
    pub licence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    pub before: u64,
    pub after: u64,
    /// `after - before`: negative frees seats, positive consumes them.
    pub change: i64,
    pub over_limit: bool,
    /// Seats still paid for after the action, when freed seats stay billed
    /// (the licence's `billing` is `periodEnd` or `removed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billed: Option<u64>,
    /// Until when freed seats stay billed: `periodEnd` or `removed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billed_until: Option<Billing>,
}

/// A personal field erased or replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sessions {
    /// `revoked`, `kept`, `restored`, or `none` when the user had no access left to end.
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["revoked", "kept", "restored", "none"])))]
    pub login: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<String>,
    pub rule: String,
}

/// What happens to one target user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserChange {
    pub user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub status_before: Status,
    pub status_after: Status,
    /// The role before and after, when the action changes it (`user.role`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// The licence after, when the action changes it (`user.licence`):
    /// a licence, or `null` for none.
    #[serde(
        default,
        deserialize_with = "crate::model::given",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::model::string_or_null")
    )]
    pub licence_after: Option<Option<String>>,
    /// `freed`, `consumed`, `kept` or `none`: the seat of `licence` before
    /// against the seat of the licence after.
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["freed", "consumed", "kept", "none"])))]
    pub seat: String,
    pub sessions: Sessions,
    pub tokens_revoked: bool,
    pub new_assignments_blocked: bool,
    pub reversible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_window_days: Option<u32>,
    /// The end of the restore window: the request's `now` plus `restoreWindowDays`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_until: Option<String>,
    pub fields: Vec<FieldChange>,
    /// What happens to the user later (`user.later`), in order.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub later: Vec<LaterChange>,
    /// Access grants on items that end with the action.
    pub access_revoked: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub notes: Vec<String>,
    pub rule: String,
}

/// A change to the user scheduled after the action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LaterChange {
    pub after_days: u32,
    /// The request's `now` plus `afterDays`.
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Set when the step changes the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_before: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_after: Option<Status>,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub fields: Vec<FieldChange>,
    pub rule: String,
}

/// What happens to one reference from an item to a leaving user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemEffect {
    pub item: String,
    #[serde(rename = "type")]
    pub item_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The relation name, or `share` for an access grant.
    pub relation: String,
    pub kind: EffectKind,
    /// The leaving user referenced.
    pub from: String,
    /// The successor or placeholder the reference goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// How the successor was chosen: `request` or `fallback`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["request", "fallback", null])))]
    pub chosen_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_after: Option<String>,
    /// The id of the container the item moves into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_in: Option<String>,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub set: Map,
    /// The relation the reference is in afterwards: a removed reference
    /// kept for restoring (`keepAs`), or a restored one (`restore`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation_after: Option<String>,
    /// For an effect that happens later (`afterDays`): the days after the
    /// action, and when (RFC 3339). Its operations are in a `later` operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub rule: String,
}

/// One line of the summary: effects of one kind on one item type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SummaryLine {
    pub kind: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    pub count: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    pub text: String,
    /// For what happens later: when (RFC 3339); a timeline groups lines by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Summary {
    pub headline: String,
    pub lines: Vec<SummaryLine>,
    /// True for a blocked preview: the lines say what would happen once its
    /// blockers are resolved ("Once resolved, would …"), not what will happen.
    #[serde(default)]
    pub conditional: bool,
}

pub use crate::model::Op;

/// The JSON Schema of effects counted by kind, a [`Map`] in Rust (so that no
/// other map type is compiled into the wasm module).
#[cfg(feature = "schema")]
pub struct EffectCounts;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for EffectCounts {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EffectCounts".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Effects counted by kind; kinds with none are left out.",
            "type": "object",
            "propertyNames": g.subschema_for::<EffectKind>(),
            "additionalProperties": {"type": "integer", "minimum": 0},
        })
    }
}

/// Hashes of what the preview was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fingerprint {
    /// Over the three below: what a backend compares.
    pub value: String,
    pub policy: String,
    pub snapshot: String,
    pub request: String,
}

/// The preview of one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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

/// What `apply` reads of a preview: its verdict, the snapshot fingerprint and
/// the plan. The other members are for people; they are not read.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "PlanDoc")]
pub struct PlanOf {
    pub verdict: Verdict,
    /// `fingerprint.snapshot`.
    pub snapshot: String,
    pub plan: Vec<Op>,
}

#[derive(Deserialize)]
struct PlanDoc {
    verdict: Verdict,
    fingerprint: SnapshotHash,
    plan: Vec<Op>,
}

/// The snapshot member of a fingerprint, the others not read.
#[derive(Deserialize)]
struct SnapshotHash {
    snapshot: String,
}

impl From<PlanDoc> for PlanOf {
    fn from(d: PlanDoc) -> PlanOf {
        PlanOf {
            verdict: d.verdict,
            snapshot: d.fingerprint.snapshot,
            plan: d.plan,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Op, crate::Error> {
        crate::read::parse(text.as_bytes(), "/plan/0").map_err(crate::Error::from)
    }

    #[test]
    fn operations_round_trip_and_refuse_what_they_do_not_have() {
        let text = r#"{"op":"createItem","item":"f1","type":"folder","fields":{"name":"x"},"status":"open"}"#;
        assert_eq!(crate::write::to_string(&read(text).unwrap()), text);
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
