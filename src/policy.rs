//! The policy language: a product's offboarding rules, as data.
//!
//! A policy document is JSON (see `docs/policy.md` and `schema/policy.schema.json`).
//! [`Policy::load`] parses it, checks every name and condition, and compiles
//! conditions and message templates once, so previews only evaluate.
use crate::error::{own, LimitError, PolicyError};
use crate::expr::{self, did_you_mean, Expr, Piece};
use crate::limits::Limits;
use crate::model::{is_empty, is_false};
use crate::model::{Action, Status};
use crate::value::{json_enum, seg, Dict, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn yes() -> bool {
    true
}

/// The policy document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "PolicyDocument")
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicyDoc {
    /// The schema this document follows; ignored by the engine and left out of the policy fingerprint.
    #[serde(rename = "$schema", default, skip_serializing)]
    pub schema: Option<String>,
    /// A non-empty identifier; previews name the policy by it.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the documented behaviour comes from (a help page URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// User roles and their ranks; higher ranks outrank lower ones.
    #[serde(default)]
    pub roles: Dict<RoleDef>,
    /// Share (access) roles from least to most access, for "raise to the higher of the two".
    #[serde(default)]
    pub share_roles: Vec<String>,
    /// Labels of item types for summaries.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub types: Dict<TypeDef>,
    /// Placeholder accounts that references can be re-attributed to, by user id.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub placeholders: Dict<PlaceholderDef>,
    #[serde(default)]
    pub seats: SeatsDef,
    /// What each action does. An action left out is not offered: its previews are blocked with `actionUnavailable`.
    pub actions: ActionsDef,
    /// Blockers and warnings, evaluated in order.
    #[serde(default)]
    pub constraints: Vec<ConstraintDef>,
    /// Names the policy knows beyond `roles`, `types`, `shareRoles` and
    /// `seats.licences`, and what a preview says of a snapshot using others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<VocabularyDef>,
}

/// The names a policy knows, checked against the snapshot's (`undeclaredName`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VocabularyDef {
    /// Item types, in addition to the keys of `types`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<String>>,
    /// Relation names; relations are checked only when this is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relations: Option<Vec<String>>,
    /// Item statuses; statuses are checked only when this is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statuses: Option<Vec<String>>,
    /// Licences, in addition to the keys of `seats.licences`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licences: Option<Vec<String>>,
    /// What a preview does with a snapshot using undeclared names.
    #[serde(default)]
    pub undeclared: Undeclared,
}

/// `warn`: a warning per undeclared name; `error`: the preview is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Undeclared {
    #[default]
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoleDef {
    /// Higher ranks outrank lower ones.
    pub rank: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TypeDef {
    /// The singular label, e.g. "deal".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The plural label, e.g. "deals".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plural: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlaceholderDef {
    /// The display name shown instead of the user, e.g. "(deleted user)".
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Block,
    Warn,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct SeatsDef {
    /// Statuses that hold a seat of the user's licence.
    #[serde(default = "active_only")]
    pub holding_statuses: Vec<Status>,
    /// Per-licence overrides of `holdingStatuses`.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub licences: Dict<LicenceDef>,
    /// What a preview says when the seats held after the action exceed the plan's limit.
    #[serde(default)]
    pub on_over_limit: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::expr::Template>"))]
    pub over_limit_message: Option<String>,
}

fn active_only() -> Vec<Status> {
    vec![Status::ACTIVE]
}

impl Default for SeatsDef {
    fn default() -> Self {
        SeatsDef {
            holding_statuses: active_only(),
            licences: Dict::new(),
            on_over_limit: Severity::Block,
            over_limit_message: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LicenceDef {
    /// Statuses that hold a seat of this licence; `seats.holdingStatuses` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holding_statuses: Option<Vec<Status>>,
    /// How summaries name one seat of this licence, e.g. "full seat"; "<licence> seat" when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The plural of `label`; `label` with an English plural ending when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plural: Option<String>,
    /// Whether a freed seat stops being paid for at once (`released`, the
    /// default), at the end of the billing period (`periodEnd`), or only
    /// when an admin removes the licence from the account (`removed`).
    #[serde(default, skip_serializing_if = "is_released")]
    pub billing: Billing,
}

/// When a freed seat stops being billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Billing {
    #[default]
    Released,
    PeriodEnd,
    Removed,
}

json_enum!(
    /// When a freed seat stops being billed.
    Billing {
        Released = "released",
        PeriodEnd = "periodEnd",
        Removed = "removed",
    }
);

fn is_released(b: &Billing) -> bool {
    *b == Billing::Released
}

impl PolicyDoc {
    /// The user statuses the policy knows: the built-in three and every
    /// status one of its actions leads to.
    pub fn user_statuses(&self) -> Vec<Status> {
        let mut v: Vec<&str> = Status::BUILT_IN.to_vec();
        for (_, a) in self.actions.iter() {
            v.extend(a.user.status.iter().map(Status::as_str));
            v.extend(
                a.user
                    .later
                    .iter()
                    .filter_map(|l| l.status.as_ref().map(Status::as_str)),
            );
        }
        crate::value::sorted_distinct(&v)
            .into_iter()
            .map(Status::new)
            .collect()
    }
    /// The built-in actions and the policy's own.
    pub fn action_names(&self) -> Vec<Action> {
        let mut v: Vec<&str> = Action::BUILT_IN.to_vec();
        v.extend(self.actions.0.keys().map(|k| k.as_str()));
        crate::value::sorted_distinct(&v)
            .into_iter()
            .map(Action::new)
            .collect()
    }
    /// Every list of user statuses in the policy, with its path.
    fn status_lists(&self) -> Vec<(String, &[Status])> {
        let mut v: Vec<(String, &[Status])> = vec![(
            "/seats/holdingStatuses".into(),
            &self.seats.holding_statuses,
        )];
        for (l, d) in &self.seats.licences {
            if let Some(h) = &d.holding_statuses {
                v.push((format!("/seats/licences/{}/holdingStatuses", seg(l)), h));
            }
        }
        for (a, d) in self.actions.iter() {
            if let Some(f) = &d.from_statuses {
                v.push((format!("/actions/{}/fromStatuses", seg(a.as_str())), f));
            }
        }
        v
    }
}

/// The actions a product offers, by name: the built-in `deactivate`,
/// `delete` and `reactivate`, and any the policy declares (`suspend`,
/// `freeze`, `transferContent`…).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct ActionsDef(pub Dict<ActionDef>);

impl ActionsDef {
    /// The declared actions, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (Action, &ActionDef)> {
        self.0.iter().map(|(k, d)| (Action::new(k), d))
    }
    pub fn get(&self, a: &Action) -> Option<&ActionDef> {
        self.0.get(a.as_str())
    }
}

/// What one action does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActionDef {
    /// An action the product does not offer at all.
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Statuses the target must have (e.g. delete only after deactivate: `["deactivated"]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_statuses: Option<Vec<Status>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::expr::Template>"))]
    pub from_statuses_message: Option<String>,
    #[serde(default)]
    pub user: UserChangeDef,
    /// Items the action creates when an effect moves or indexes into them.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub containers: Dict<ContainerDef>,
    /// Item rules, first match wins, for every reference to a leaving user.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    /// The effect on references no rule matches; `keep` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<EffectDef>,
    /// The action is possible only within this many days of the target's
    /// last status change (`statusChangedAt`): a restore window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_days: Option<u32>,
    /// Users may take this action on their own account (Slack members
    /// deactivating themselves); by default the built-in `selfAction`
    /// blocker refuses it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_self: bool,
}

/// What happens to the target user.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserChangeDef {
    /// The status after the action; by default the action's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The role after the action (a key of `roles`); by default unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The licence after the action (`null`: none, as when an agent becomes
    /// an end user); by default unchanged. The seats follow it.
    #[serde(
        default,
        deserialize_with = "crate::model::given",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::model::string_or_null")
    )]
    pub licence: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions: Option<SessionsDef>,
    /// API tokens and keys are revoked.
    #[serde(default, skip_serializing_if = "is_false")]
    pub revoke_tokens: bool,
    /// The user can no longer be assigned new work.
    #[serde(default, skip_serializing_if = "is_false")]
    pub block_new_assignments: bool,
    /// Whether the action can be undone; by default deactivation can, deletion cannot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reversible: Option<bool>,
    /// Days during which the user can still be restored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_window_days: Option<u32>,
    /// Personal fields erased or replaced; the key `*` stands for every field not listed.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub fields: Dict<FieldChangeDef>,
    /// Extra notes for the confirmation dialog.
    #[serde(default, skip_serializing_if = "is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::expr::Template>"))]
    pub notes: Vec<String>,
    /// What happens to the user later, N days after the action (the end of
    /// a retention period, a permanent deletion, a purge).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub later: Vec<LaterDef>,
}

/// A change to the user scheduled `afterDays` after the action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LaterDef {
    /// Days after the action.
    pub after_days: u32,
    /// What the step is called in the timeline ("permanent deletion").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The status the user then has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Personal fields then erased or replaced (as in `user.fields`).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub fields: Dict<FieldChangeDef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionsDef {
    /// Sessions and login are revoked (true) or left alone (false).
    #[serde(default = "yes")]
    pub revoke: bool,
    /// A condition under which revocation is delayed (e.g. `target.sso`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::expr::Condition>"))]
    pub delayed_when: Option<String>,
    /// When a delayed revocation takes effect, e.g. "at SSO session end".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<String>,
}

/// A personal-field change: `"erase"` or `{"replace": "template"}`.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldChangeDef {
    Erase,
    Keep,
    Replace(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerDef {
    /// The item type created, e.g. `folder`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A template for the `name` field, e.g. `"{target.fields.name} - deleted user resources"`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::expr::Template"))]
    pub name: String,
    /// The key of another container of the action this one is created in.
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// A condition naming an existing item the container is created in
    /// (e.g. `successor.fields.personalSpace`); used when `in` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::expr::Condition>"))]
    pub in_item: Option<String>,
    /// Relation set to the successor on the created item (e.g. `owner`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_relation: Option<String>,
    /// The status of the created item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Templates for other fields of the created item, by field name (`name` wins over `fields.name`).
    #[serde(default, skip_serializing_if = "is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "Dict<crate::expr::Template>"))]
    pub fields: Dict<String>,
}

/// An item rule: for references matching `types`, `relations` and `when`, the effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleDef {
    /// Unique among all rules and constraints of the policy; findings and effects name it.
    pub id: String,
    /// Item types; empty matches every type.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub types: Vec<String>,
    /// Relation names, or `share` for access grants; empty matches every relation but not shares.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub relations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::expr::Condition>"))]
    pub when: Option<String>,
    pub effect: EffectDef,
    /// A sentence quoted from the product's documentation, or another explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// What happens to one reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EffectKind {
    // Declared in the order a confirmation dialog lists them: the most
    // consequential first, what stays unchanged last.
    /// The item itself is deleted.
    Delete,
    /// Ownership moves to the successor.
    Transfer,
    /// An assignment moves to the successor.
    Reassign,
    /// The reference stays and the successor gets access too.
    Share,
    /// The reference now points at a placeholder account.
    Reattribute,
    /// The reference (or access) is removed.
    Remove,
    /// The reference stays as it is.
    Keep,
    /// A reference an earlier action kept (`keepAs`) returns to `relation`.
    Restore,
}

impl EffectKind {
    /// Kinds that hand something to a successor.
    pub fn needs_successor(self) -> bool {
        matches!(
            self,
            EffectKind::Transfer | EffectKind::Reassign | EffectKind::Share
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EffectDef {
    pub kind: EffectKind,
    /// For `reattribute`: the placeholder's user id (a key of `placeholders`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// For successor kinds: how to choose a successor when the request names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<FallbackDef>,
    /// For successor kinds: the effect when there is no successor at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<Box<EffectDef>>,
    /// Access role the successor gets: `raise` (the higher of theirs and the leaver's), `same`, or a share role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// A container key of the action: the item moves into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_to: Option<String>,
    /// A container key of the action: the item is listed in it (field `links`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_in: Option<String>,
    /// For `delete`: a container key of the action the deleted item's contents
    /// move into; by default its contents are deleted with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_contents_to: Option<String>,
    /// For `remove`, `transfer`, `reassign`, `reattribute`: the leaver's
    /// reference is also kept in this relation (for example `formerMember`,
    /// `formerOwner`), so that a later action can restore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_as: Option<String>,
    /// For `restore`: the relation the reference returns to; `share` gives
    /// access back with `role`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// The effect happens this many days after the action (a retention
    /// period); at once when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_days: Option<u32>,
    /// Item attributes set: `status`, or `fields.<name>`. Values are literal
    /// JSON, not templates.
    #[serde(default, skip_serializing_if = "is_empty")]
    #[cfg_attr(feature = "schema", schemars(schema_with = "set_schema"))]
    pub set: Dict<Value>,
}

/// The keys of an effect's `set`, which the policy compiler checks by name
/// (`unknownAttribute`): `status` and `fields.<name>`.
#[cfg(feature = "schema")]
fn set_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut s = <Dict<Value> as schemars::JsonSchema>::json_schema(g);
    s.insert(
        "propertyNames".into(),
        serde_json::json!({"anyOf": [{"const": "status"}, {"pattern": "^fields\\..+"}]}),
    );
    s
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FallbackDef {
    /// A condition on `candidate` (and `item`, `user`…): who may be chosen.
    #[cfg_attr(feature = "schema", schemars(with = "crate::expr::Condition"))]
    pub among: String,
    #[serde(default)]
    pub order: FallbackOrder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FallbackOrder {
    #[default]
    LowestId,
    HighestRank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Once per target.
    #[default]
    Target,
    /// Once per target that has a successor.
    Successor,
    /// Once per request (bulk-selection rules).
    Request,
}

/// A constraint: when `when` holds, a blocker or a warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConstraintDef {
    /// Unique among all rules and constraints of the policy; findings name it.
    pub id: String,
    /// Actions it applies to; empty means all.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub actions: Vec<Action>,
    #[serde(default)]
    pub scope: Scope,
    /// A condition on `item`: the constraint runs once per item referencing
    /// the target for which it holds, and its findings name the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::expr::Condition>"))]
    pub for_each: Option<String>,
    /// When it holds, the finding is reported.
    #[cfg_attr(feature = "schema", schemars(with = "crate::expr::Condition"))]
    pub when: String,
    #[serde(default)]
    pub severity: Severity,
    /// A stable, non-empty machine code, e.g. `lastOwner`.
    pub code: String,
    #[cfg_attr(feature = "schema", schemars(with = "crate::expr::Template"))]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

json_enum!(
    /// What a preview does with a name the policy does not declare: `warn`, one
    /// `undeclaredName` warning per name; `error`, the preview fails with one
    /// `undeclaredName` error per name.
    Undeclared {
        Warn = "warn",
        Error = "error",
    }
);

json_enum!(Severity {
    Block = "block",
    Warn = "warn",
});

json_enum!(
    /// What happens to one reference.
    EffectKind {
        Delete = "delete",
        Transfer = "transfer",
        Reassign = "reassign",
        Share = "share",
        Reattribute = "reattribute",
        Remove = "remove",
        Keep = "keep",
        Restore = "restore",
    }
);

json_enum!(FallbackOrder {
    LowestId = "lowestId",
    HighestRank = "highestRank",
});

json_enum!(Scope {
    Target = "target",
    Successor = "successor",
    Request = "request",
});

/// `"erase"`, `"keep"` or `{"replace": "template"}`, read by one visitor.
impl<'de> Deserialize<'de> for FieldChangeDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Replace {
            replace: String,
        }
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = FieldChangeDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`\"erase\"`, `\"keep\"` or `{\"replace\": \"template\"}`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<FieldChangeDef, E> {
                match s {
                    "erase" => Ok(FieldChangeDef::Erase),
                    "keep" => Ok(FieldChangeDef::Keep),
                    _ => Err(E::unknown_variant(s, &["erase", "keep", "replace"])),
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                m: A,
            ) -> Result<FieldChangeDef, A::Error> {
                let r = Replace::deserialize(serde::de::value::MapAccessDeserializer::new(m))?;
                Ok(FieldChangeDef::Replace(r.replace))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for FieldChangeDef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FieldChangeDef".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let template = g.subschema_for::<crate::expr::Template>();
        schemars::json_schema!({
            "description": "A personal-field change: `\"erase\"`, `\"keep\"` or `{\"replace\": \"template\"}`.",
            "anyOf": [
                {"type": "string", "enum": ["erase", "keep"]},
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["replace"],
                    "properties": {"replace": template},
                },
            ]
        })
    }
}

impl Serialize for FieldChangeDef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            FieldChangeDef::Erase => s.serialize_str("erase"),
            FieldChangeDef::Keep => s.serialize_str("keep"),
            FieldChangeDef::Replace(t) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("replace", t)?;
                m.end()
            }
        }
    }
}

/// Where a condition is evaluated, which decides the variables that are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Once per request: `actor`, `targets`, `users`, `items`, `account`, `options`, `now`, `action`.
    Request,
    /// Once per target: also `target` and `successor`.
    Target,
    /// Per reference: also `item`, `rel`, `user`, `share`.
    Rule,
    /// Per item of a `forEach` constraint: `target`, `successor` and `item`.
    Item,
    /// Per fallback candidate: also `candidate`.
    Fallback,
}

/// A compiled condition with where it came from.
#[derive(Debug, Clone)]
pub struct Cond {
    pub expr: Expr,
}

pub type Template = Vec<Piece>;

#[derive(Debug, Clone)]
pub struct CompiledEffect {
    pub def: EffectDef,
    pub fallback: Option<(Expr, FallbackOrder)>,
    pub otherwise: Option<Box<CompiledEffect>>,
}

#[derive(Debug, Clone)]
pub struct CompiledRule {
    pub def: RuleDef,
    pub when: Option<Expr>,
    pub effect: CompiledEffect,
    /// Whether `when` reads of the item its type and status only
    /// ([`expr::reads_item_class_only`]): the engine then evaluates it once
    /// per type, status and relation of the items a target holds.
    pub by_class: bool,
}

#[derive(Debug, Clone)]
pub struct CompiledAction {
    pub def: ActionDef,
    pub rules: Vec<CompiledRule>,
    pub default: CompiledEffect,
    pub from_message: Option<Template>,
    pub session_delay: Option<Expr>,
    pub field_templates: Dict<Template>,
    /// `field_templates` of each `user.later` step.
    pub later_templates: Vec<Dict<Template>>,
    pub container_names: Dict<Template>,
    /// Compiled `fields` templates by container key, then field name.
    pub container_fields: Dict<Dict<Template>>,
    /// Compiled `inItem` conditions by container key.
    pub container_parents: Dict<Expr>,
    /// Relations and types the rules filter on, for load-time hints.
    pub notes: Vec<Template>,
}

#[derive(Debug, Clone)]
pub struct CompiledConstraint {
    pub def: ConstraintDef,
    /// The compiled `forEach`.
    pub for_each: Option<Expr>,
    pub when: Expr,
    pub message: Template,
}

/// A loaded, checked, compiled policy.
#[derive(Debug, Clone)]
pub struct Policy {
    pub doc: PolicyDoc,
    pub actions: BTreeMap<Action, CompiledAction>,
    pub constraints: Vec<CompiledConstraint>,
    pub over_limit_message: Option<Template>,
    /// [`PolicyDoc::user_statuses`], listed once when the policy is compiled.
    user_statuses: Vec<Status>,
    hash: String,
    /// The fingerprint's hash as far as this policy and the last snapshot
    /// previewed under it (see [`Policy::fingerprint`]).
    prefix: std::sync::OnceLock<crate::fingerprint::Prefix>,
}

/// What a name checked by `Compiler::name_in` should be one of.
#[derive(Clone, Copy)]
enum Declared {
    Container,
    Placeholder,
    ShareRole,
    Role,
    UserStatus,
    Action,
}

struct Compiler<'a> {
    limits: &'a Limits,
    /// Declared role names; conditions comparing a user's role with another name are errors.
    roles: Vec<String>,
    /// The user statuses the policy knows ([`PolicyDoc::user_statuses`]);
    /// conditions comparing a user's status with another name are errors.
    user_statuses: Vec<String>,
    /// Where the condition being compiled is evaluated, for unbound-variable checks.
    ctx: Ctx,
    errors: Vec<PolicyError>,
    base: String,
}

impl Compiler<'_> {
    fn expr(&mut self, src: &str, path: &str) -> Option<Expr> {
        let l = self.limits;
        match expr::parse(
            src,
            l.max_condition_depth as usize,
            l.max_condition_nodes as usize,
            l.max_string_bytes as usize,
        ) {
            Ok(e) => {
                self.check_roles(&e, path);
                self.check_user_statuses(&e, path);
                self.check_bound(&e, path);
                Some(e)
            }
            Err(e) => {
                self.push_expr_error(e, src, path);
                None
            }
        }
    }
    /// Variables that are never bound where the condition is evaluated are errors, not silent nulls.
    fn check_bound(&mut self, e: &Expr, path: &str) {
        use expr::Root;
        let unbound: &[(Root, &str)] = match self.ctx {
            Ctx::Request => &[
                (Root::Target, "target"),
                (Root::Successor, "successor"),
                (Root::Item, "item"),
                (Root::Rel, "rel"),
                (Root::User, "user"),
                (Root::Share, "share"),
                (Root::Candidate, "candidate"),
            ],
            Ctx::Target => &[
                (Root::Item, "item"),
                (Root::Rel, "rel"),
                (Root::User, "user"),
                (Root::Share, "share"),
                (Root::Candidate, "candidate"),
            ],
            Ctx::Rule => &[(Root::Candidate, "candidate")],
            Ctx::Item => &[
                (Root::Rel, "rel"),
                (Root::User, "user"),
                (Root::Share, "share"),
                (Root::Candidate, "candidate"),
            ],
            Ctx::Fallback => &[],
        };
        for (root, name) in unbound {
            if expr::mentions(e, *root) {
                let where_ = match self.ctx {
                    Ctx::Request => "a request-level condition",
                    Ctx::Target => "a per-target condition or template",
                    Ctx::Rule => "an item rule",
                    Ctx::Item => "a `forEach` constraint",
                    Ctx::Fallback => "a fallback",
                };
                let path = self.at(path);
                self.push(PolicyError::UnboundVariable {
                    path,
                    variable: name,
                    context: where_,
                });
            }
        }
    }
    /// A role the policy does not declare is almost always a typo.
    fn check_roles(&mut self, e: &Expr, path: &str) {
        if self.roles.is_empty() {
            return;
        }
        let mut lits = Vec::new();
        expr::role_literals(e, &mut lits);
        for r in lits {
            if !self.roles.iter().any(|x| x == r) {
                let suggestion = did_you_mean(r, self.roles.iter().map(String::as_str)).map(own);
                let path = self.at(path);
                self.push(PolicyError::UndeclaredRole {
                    path,
                    role: own(r),
                    declared: self.roles.clone(),
                    suggestion,
                });
            }
        }
    }
    /// A user status compared in a condition that is not one the policy
    /// knows but close to one (`actve`) is a typo. One far from all of them
    /// (`invited`) is a status the snapshot's users may have without an
    /// action leading to it, and is accepted.
    fn check_user_statuses(&mut self, e: &Expr, path: &str) {
        let mut lits = Vec::new();
        expr::user_status_literals(e, &mut lits);
        let known: Vec<String> = std::mem::take(&mut self.user_statuses);
        let names: Vec<&str> = known.iter().map(String::as_str).collect();
        for s in lits {
            if did_you_mean(s, names.iter().copied()).is_some() {
                self.name_in(s, &names, Declared::UserStatus, path);
            }
        }
        self.user_statuses = known;
    }
    fn template(&mut self, src: &str, path: &str) -> Option<Template> {
        let l = self.limits;
        match expr::parse_template(
            src,
            l.max_condition_depth as usize,
            l.max_condition_nodes as usize,
            l.max_string_bytes as usize,
        ) {
            Ok(t) => {
                for p in &t {
                    if let Piece::Hole(e) = p {
                        self.check_roles(e, path);
                        self.check_user_statuses(e, path);
                        self.check_bound(e, path);
                    }
                }
                Some(t)
            }
            Err(e) => {
                self.push_expr_error(e, src, path);
                None
            }
        }
    }
    fn push_expr_error(&mut self, e: expr::ExprError, src: &str, path: &str) {
        let path = self.at(path);
        self.push(PolicyError::Condition {
            path,
            text: src.chars().take(80).collect(),
            offset: e.offset,
            error: e.error,
        });
    }
    /// Records an error; one call rather than a `Vec::push` of the error
    /// inlined at each of the checks.
    #[inline(never)]
    fn push(&mut self, e: PolicyError) {
        self.errors.push(e);
    }
    /// The pointer of `path` in the call (under `base`).
    #[inline(never)]
    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
    /// The compiled `replace` templates of a `fields` map at `at`.
    fn field_templates(&mut self, fields: &Dict<FieldChangeDef>, at: &str) -> Dict<Template> {
        let mut out = Dict::new();
        for (f, ch) in fields {
            if let FieldChangeDef::Replace(t) = ch {
                if let Some(t) = self.template(t, &format!("{at}/fields/{}/replace", seg(f))) {
                    out.insert_name(f.clone(), t);
                }
            }
        }
        out
    }

    /// `name` must be one of the `known` names of `what`.
    fn name_in(&mut self, name: &str, known: &[&str], what: Declared, path: &str) {
        if !known.contains(&name) {
            let path = self.at(path);
            let name = own(name);
            let suggestion = did_you_mean(&name, known.iter().copied()).map(own);
            let declared = known.iter().map(|k| own(k)).collect();
            self.push(match what {
                Declared::Container => PolicyError::UnknownContainer {
                    path,
                    name,
                    declared,
                    suggestion,
                },
                Declared::Placeholder => PolicyError::UnknownPlaceholder {
                    path,
                    name,
                    declared,
                    suggestion,
                },
                Declared::ShareRole => PolicyError::UnknownShareRole {
                    path,
                    name,
                    declared,
                    suggestion,
                },
                Declared::Role => PolicyError::UnknownRole {
                    path,
                    name,
                    declared,
                    suggestion,
                },
                Declared::UserStatus => PolicyError::UnknownStatus {
                    path,
                    name,
                    declared,
                    suggestion,
                },
                Declared::Action => PolicyError::UnknownAction {
                    path,
                    name,
                    declared,
                    suggestion,
                },
            });
        }
    }
    /// `option` of an effect that does not apply to its `kind`.
    fn inapplicable(&mut self, path: &str, option: &'static str, kind: EffectKind) {
        let path = format!("{}{path}/{option}", self.base);
        self.push(PolicyError::InapplicableOption {
            path,
            option,
            kind: kind.as_str(),
        });
    }

    fn effect(
        &mut self,
        def: &EffectDef,
        path: &str,
        doc: &PolicyDoc,
        action: &ActionDef,
        depth: usize,
    ) -> CompiledEffect {
        let containers: Vec<&str> = action.containers.keys().map(|k| k.as_str()).collect();
        if def.move_contents_to.is_some() && def.kind != EffectKind::Delete {
            self.inapplicable(path, "moveContentsTo", def.kind);
        }
        for (k, key) in [
            ("moveTo", &def.move_to),
            ("indexIn", &def.index_in),
            ("moveContentsTo", &def.move_contents_to),
        ] {
            if let Some(key) = key {
                self.name_in(
                    key,
                    &containers,
                    Declared::Container,
                    &format!("{path}/{k}"),
                );
            }
        }
        let takes_away = matches!(
            def.kind,
            EffectKind::Remove
                | EffectKind::Transfer
                | EffectKind::Reassign
                | EffectKind::Reattribute
        );
        if def.keep_as.is_some() && !takes_away {
            self.inapplicable(path, "keepAs", def.kind);
        }
        match (&def.relation, def.kind) {
            (None, EffectKind::Restore) => {
                let path = self.at(&format!("{path}/relation"));
                self.push(PolicyError::RestoreWithoutRelation { path });
            }
            (Some(r), EffectKind::Restore) if r == "share" && def.role.is_none() => {
                let path = self.at(&format!("{path}/role"));
                self.push(PolicyError::RestoreWithoutRole { path });
            }
            (Some(_), k) if k != EffectKind::Restore => self.inapplicable(path, "relation", k),
            _ => {}
        }
        if def.kind == EffectKind::Reattribute {
            let ph: Vec<&str> = doc.placeholders.keys().map(|k| k.as_str()).collect();
            match &def.placeholder {
                Some(p) => self.name_in(
                    p,
                    &ph,
                    Declared::Placeholder,
                    &format!("{path}/placeholder"),
                ),
                None => {
                    let path = self.at(&format!("{path}/placeholder"));
                    self.push(PolicyError::MissingPlaceholder { path });
                }
            }
        } else if def.placeholder.is_some() {
            self.inapplicable(path, "placeholder", def.kind);
        }
        if !def.kind.needs_successor() {
            for (k, present) in [
                ("fallback", def.fallback.is_some()),
                ("otherwise", def.otherwise.is_some()),
            ] {
                if present {
                    self.inapplicable(path, k, def.kind);
                }
            }
        }
        if let Some(role) = &def.role {
            if role != "raise" && role != "same" {
                let known: Vec<&str> = doc.share_roles.iter().map(String::as_str).collect();
                self.name_in(role, &known, Declared::ShareRole, &format!("{path}/role"));
            } else if role == "raise" && doc.share_roles.is_empty() {
                let path = self.at(&format!("{path}/role"));
                self.push(PolicyError::RaiseWithoutShareRoles { path });
            }
        }
        for key in def.set.keys() {
            let ok = key == "status" || key.strip_prefix("fields.").is_some_and(|f| !f.is_empty());
            if !ok {
                let path = self.at(&format!("{path}/set/{}", seg(key)));
                self.push(PolicyError::UnsettableKey {
                    path,
                    key: own(key),
                    suggestion: did_you_mean(key, ["status", "fields."]).map(own),
                });
            }
        }
        let fallback = def.fallback.as_ref().and_then(|f| {
            self.ctx = Ctx::Fallback;
            let e = self.expr(&f.among, &format!("{path}/fallback/among"));
            self.ctx = Ctx::Rule;
            e.map(|e| (e, f.order))
        });
        let otherwise = match &def.otherwise {
            Some(o) if depth < 8 => Some(Box::new(self.effect(
                o,
                &format!("{path}/otherwise"),
                doc,
                action,
                depth + 1,
            ))),
            Some(_) => {
                let path = self.at(&format!("{path}/otherwise"));
                self.push(PolicyError::OtherwiseTooDeep { path });
                None
            }
            None => None,
        };
        CompiledEffect {
            def: def.clone(),
            fallback,
            otherwise,
        }
    }
}

impl Policy {
    /// Parses, checks and compiles a policy document from JSON bytes.
    pub fn load(bytes: &[u8], limits: &Limits) -> Result<Policy, Vec<PolicyError>> {
        Policy::load_at(bytes, limits, "")
    }

    pub fn load_at(bytes: &[u8], limits: &Limits, base: &str) -> Result<Policy, Vec<PolicyError>> {
        if bytes.len() as u64 > limits.max_input_bytes {
            return Err(vec![PolicyError::Limit(LimitError::PolicyBytes {
                path: own(base),
                bytes: bytes.len() as u64,
                max: limits.max_input_bytes,
            })]);
        }
        let doc: PolicyDoc =
            crate::read::parse(bytes, base).map_err(|e| vec![PolicyError::Read(e)])?;
        Policy::compile(doc, limits, base)
    }

    /// Checks and compiles a parsed document.
    pub fn compile(
        doc: PolicyDoc,
        limits: &Limits,
        base: &str,
    ) -> Result<Policy, Vec<PolicyError>> {
        let mut c = Compiler {
            limits,
            roles: doc.roles.keys().map(|k| k.to_string()).collect(),
            user_statuses: doc.user_statuses().iter().map(Status::to_string).collect(),
            ctx: Ctx::Target,
            errors: Vec::new(),
            base: base.to_string(),
        };
        let rule_count = doc.constraints.len()
            + doc
                .actions
                .iter()
                .map(|(_, a)| a.rules.len())
                .sum::<usize>();
        if rule_count as u64 > limits.max_rules {
            return Err(vec![PolicyError::Limit(LimitError::Rules {
                path: own(base),
                count: rule_count as u64,
                max: limits.max_rules,
            })]);
        }
        if doc.id.trim().is_empty() {
            let path = c.at("/id");
            c.push(PolicyError::EmptyPolicyId { path });
        }
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        let mut check_id = |c: &mut Compiler, id: &str, path: String| {
            if id.trim().is_empty() {
                let path = c.at(&path);
                c.push(PolicyError::EmptyRuleId { path });
            } else if let Some(prev) = seen_ids.insert(id.to_string(), path.clone()) {
                let (path, first) = (c.at(&path), c.at(&prev));
                c.push(PolicyError::DuplicateRuleId {
                    path,
                    id: own(id),
                    first,
                });
            }
        };
        let user_statuses = doc.user_statuses();
        let statuses: Vec<&str> = user_statuses.iter().map(|s| s.as_str()).collect();
        let action_names = doc.action_names();
        let action_names: Vec<&str> = action_names.iter().map(|s| s.as_str()).collect();
        for (p, list) in doc.status_lists() {
            for (i, st) in list.iter().enumerate() {
                c.name_in(
                    st.as_str(),
                    &statuses,
                    Declared::UserStatus,
                    &format!("{p}/{i}"),
                );
            }
        }
        let mut actions = BTreeMap::new();
        for (action, def) in doc.actions.iter() {
            let ap = format!("/actions/{}", seg(action.as_str()));
            if action.as_str().trim().is_empty() {
                let path = c.at(&ap);
                c.push(PolicyError::EmptyActionName { path });
            }
            if !action.is_built_in() && def.from_statuses.is_none() {
                let path = c.at(&format!("{ap}/fromStatuses"));
                c.push(PolicyError::MissingFromStatuses {
                    path,
                    action: own(action.as_str()),
                    suggestion: did_you_mean(action.as_str(), Action::BUILT_IN.iter().copied())
                        .map(own),
                });
            }
            let mut rules = Vec::new();
            for (i, r) in def.rules.iter().enumerate() {
                let rp = format!("{ap}/rules/{i}");
                check_id(&mut c, &r.id, format!("{rp}/id"));
                c.ctx = Ctx::Rule;
                let when = r
                    .when
                    .as_ref()
                    .and_then(|w| c.expr(w, &format!("{rp}/when")));
                let effect = c.effect(&r.effect, &format!("{rp}/effect"), &doc, def, 0);
                c.ctx = Ctx::Target;
                let by_class = when.as_ref().map_or(true, expr::reads_item_class_only);
                rules.push(CompiledRule {
                    def: r.clone(),
                    when,
                    effect,
                    by_class,
                });
            }
            if def.from_statuses.as_ref().is_some_and(Vec::is_empty) {
                let path = c.at(&format!("{ap}/fromStatuses"));
                c.push(PolicyError::EmptyFromStatuses { path });
            }
            let default_def = def.default.clone().unwrap_or(EffectDef {
                kind: EffectKind::Keep,
                placeholder: None,
                fallback: None,
                otherwise: None,
                role: None,
                move_to: None,
                index_in: None,
                move_contents_to: None,
                keep_as: None,
                relation: None,
                after_days: None,
                set: Dict::new(),
            });
            c.ctx = Ctx::Rule;
            let default = c.effect(&default_def, &format!("{ap}/default"), &doc, def, 0);
            c.ctx = Ctx::Target;
            let from_message = def
                .from_statuses_message
                .as_ref()
                .and_then(|m| c.template(m, &format!("{ap}/fromStatusesMessage")));
            let session_delay = def
                .user
                .sessions
                .as_ref()
                .and_then(|s| s.delayed_when.as_ref())
                .and_then(|w| c.expr(w, &format!("{ap}/user/sessions/delayedWhen")));
            if let Some(r) = &def.user.role {
                let known: Vec<&str> = doc.roles.keys().map(|k| k.as_str()).collect();
                c.name_in(r, &known, Declared::Role, &format!("{ap}/user/role"));
            }
            let field_templates = c.field_templates(&def.user.fields, &format!("{ap}/user"));
            let later_templates = def
                .user
                .later
                .iter()
                .enumerate()
                .map(|(i, l)| c.field_templates(&l.fields, &format!("{ap}/user/later/{i}")))
                .collect();
            let mut container_names = Dict::new();
            let mut container_parents = Dict::new();
            let mut container_fields = Dict::new();
            let keys: Vec<&str> = def.containers.keys().map(|k| k.as_str()).collect();
            for (k, cd) in &def.containers {
                if let Some(t) = c.template(&cd.name, &format!("{ap}/containers/{}/name", seg(k))) {
                    container_names.insert_name(k.clone(), t);
                }
                let mut fields = Dict::new();
                for (f, src) in &cd.fields {
                    let p = format!("{ap}/containers/{}/fields/{}", seg(k), seg(f));
                    if let Some(t) = c.template(src, &p) {
                        fields.insert_name(f.clone(), t);
                    }
                }
                container_fields.insert_name(k.clone(), fields);
                if let Some(src) = &cd.in_item {
                    if let Some(e) = c.expr(src, &format!("{ap}/containers/{}/inItem", seg(k))) {
                        container_parents.insert_name(k.clone(), e);
                    }
                }
                if let Some(w) = &cd.within {
                    if w == k {
                        let path = c.at(&format!("{ap}/containers/{}/in", seg(k)));
                        c.push(PolicyError::ContainerInItself { path });
                    } else {
                        c.name_in(
                            w,
                            &keys,
                            Declared::Container,
                            &format!("{ap}/containers/{}/in", seg(k)),
                        );
                    }
                }
            }
            let notes = def
                .user
                .notes
                .iter()
                .enumerate()
                .filter_map(|(i, n)| c.template(n, &format!("{ap}/user/notes/{i}")))
                .collect();
            actions.insert(
                action,
                CompiledAction {
                    def: def.clone(),
                    rules,
                    default,
                    from_message,
                    session_delay,
                    field_templates,
                    later_templates,
                    container_names,
                    container_fields,
                    container_parents,
                    notes,
                },
            );
        }
        let mut constraints = Vec::new();
        for (i, k) in doc.constraints.iter().enumerate() {
            let p = format!("/constraints/{i}");
            check_id(&mut c, &k.id, format!("{p}/id"));
            if k.code.trim().is_empty() {
                let path = c.at(&format!("{p}/code"));
                c.push(PolicyError::EmptyConstraintCode { path });
            }
            for (j, a) in k.actions.iter().enumerate() {
                c.name_in(
                    a.as_str(),
                    &action_names,
                    Declared::Action,
                    &format!("{p}/actions/{j}"),
                );
            }
            c.ctx = match (k.scope, &k.for_each) {
                (Scope::Request, Some(_)) => {
                    let path = c.at(&format!("{p}/forEach"));
                    c.push(PolicyError::ForEachWithoutTarget { path });
                    Ctx::Request
                }
                (Scope::Request, None) => Ctx::Request,
                (_, Some(_)) => Ctx::Item,
                (_, None) => Ctx::Target,
            };
            let for_each = k
                .for_each
                .as_ref()
                .and_then(|f| c.expr(f, &format!("{p}/forEach")));
            let when = c.expr(&k.when, &format!("{p}/when"));
            let message = c.template(&k.message, &format!("{p}/message"));
            if let (Some(when), Some(message)) = (when, message) {
                constraints.push(CompiledConstraint {
                    def: k.clone(),
                    for_each,
                    when,
                    message,
                });
            }
        }
        c.ctx = Ctx::Request;
        let over_limit_message = doc
            .seats
            .over_limit_message
            .as_ref()
            .and_then(|m| c.template(m, "/seats/overLimitMessage"));
        for (i, r) in doc.share_roles.iter().enumerate() {
            if doc.share_roles.iter().take(i).any(|x| x == r) {
                let path = c.at(&format!("/shareRoles/{i}"));
                c.push(PolicyError::DuplicateShareRole { path, role: own(r) });
            }
        }
        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        let hash = crate::fingerprint::hash_json(&doc);
        Ok(Policy {
            doc,
            actions,
            constraints,
            over_limit_message,
            user_statuses,
            hash,
            prefix: std::sync::OnceLock::new(),
        })
    }

    pub fn id(&self) -> &str {
        &self.doc.id
    }
    /// The statuses users may have under this policy (see
    /// [`PolicyDoc::user_statuses`]).
    pub fn user_statuses(&self) -> &[Status] {
        &self.user_statuses
    }
    /// The rank of a role, if the policy declares it.
    pub fn rank(&self, role: &str) -> Option<i64> {
        self.doc.roles.get(role).map(|r| r.rank)
    }
    /// Whether a user of `status` holding `licence` occupies a seat.
    /// Until when a freed seat of `licence` stays billed; `None` when it
    /// is released at once.
    pub fn billing(&self, licence: &str) -> Option<Billing> {
        self.doc
            .seats
            .licences
            .get(licence)
            .map(|l| l.billing)
            .filter(|b| *b != Billing::Released)
    }
    pub fn holds_seat(&self, licence: &str, status: &Status) -> bool {
        match self
            .doc
            .seats
            .licences
            .get(licence)
            .and_then(|l| l.holding_statuses.as_ref())
        {
            Some(h) => h.contains(status),
            None => self.doc.seats.holding_statuses.contains(status),
        }
    }
    /// How a sentence names `n` seats of `licence`: its `label` (or `plural`),
    /// else "<licence> seat(s)", or just "seat(s)" for a licence itself named
    /// like a seat ("seat", "Full seat").
    pub fn seats_label(&self, licence: &str, n: u64) -> String {
        let def = self.doc.seats.licences.get(licence);
        let label = def.and_then(|d| d.label.clone()).unwrap_or_else(|| {
            if crate::text::lower(licence).ends_with("seat") {
                licence.to_string()
            } else {
                format!("{licence} seat")
            }
        });
        if n == 1 {
            return label;
        }
        def.and_then(|d| d.plural.clone())
            .unwrap_or_else(|| crate::text::plural(&label, n))
    }
    /// How a sentence names `n` items of type `ty`: the type's `label` (or
    /// `plural`), else the type name with an English plural ending.
    pub fn type_label(&self, ty: &str, n: u64) -> String {
        let def = self.doc.types.get(ty);
        let label = def
            .and_then(|t| t.label.clone())
            .unwrap_or_else(|| ty.to_string());
        if n == 1 {
            return label;
        }
        def.and_then(|t| t.plural.clone())
            .unwrap_or_else(|| crate::text::plural(&label, n))
    }
    /// How a sentence names a role: its `label`, else its name.
    pub fn role_label(&self, role: &str) -> String {
        self.doc
            .roles
            .get(role)
            .and_then(|r| r.label.clone())
            .unwrap_or_else(|| role.to_string())
    }
    /// Position of a share role in `shareRoles` (higher is more access).
    pub fn share_rank(&self, role: &str) -> Option<usize> {
        self.doc.share_roles.iter().position(|r| r == role)
    }
    /// The SHA-256 of the canonical policy, `sha256:…`.
    pub fn hash(&self) -> &str {
        &self.hash
    }
    /// The combined fingerprint of a preview under this policy: its hash,
    /// the snapshot's and the request's. The part of the hash that depends on
    /// the policy and the snapshot is computed once for the first snapshot.
    pub fn fingerprint(&self, snapshot: &str, request: &str) -> String {
        let prefix = self
            .prefix
            .get_or_init(|| crate::fingerprint::Prefix::new(&self.hash, snapshot));
        if prefix.snapshot() == snapshot {
            prefix.combine(request)
        } else {
            crate::fingerprint::combine(&[&self.hash, snapshot, request])
        }
    }
    /// Compiles a condition evaluated once per target (`target`, `successor`,
    /// `actor`, `now`… bound; no `item`), checked like the policy's own, such
    /// as a sweep's `where`. Errors carry `path`.
    pub fn target_condition(
        &self,
        src: &str,
        limits: &Limits,
        path: &str,
    ) -> Result<Expr, Vec<PolicyError>> {
        let mut c = Compiler {
            limits,
            roles: self.doc.roles.keys().map(|k| k.to_string()).collect(),
            user_statuses: self.user_statuses.iter().map(Status::to_string).collect(),
            ctx: Ctx::Target,
            errors: Vec::new(),
            base: String::new(),
        };
        match c.expr(src, path) {
            Some(e) if c.errors.is_empty() => Ok(e),
            _ => Err(c.errors),
        }
    }
}
