//! The policy: what the checker of `src/policy.rs` refuses in a policy document.
use super::{chain, did_you_mean, says, Code, ConditionError, LimitError, ReadError};
use std::fmt;

/// A policy that does not load: as JSON ([`PolicyError::Read`]), over a
/// limit ([`PolicyError::Limit`]), or refused by the checker, which reports
/// every problem it finds at once. `path` is the JSON pointer into the
/// policy document (under `/policy` in a call). `declared` lists the names
/// the policy declares where a name is not one of them, and `suggestion`
/// the closest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// The document does not read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The document is over `maxInputBytes` or `maxRules`.
    #[error(transparent)]
    Limit(#[from] LimitError),
    /// A condition or template that does not parse or check: `text` is its
    /// first 80 characters, `offset` the byte the parser stopped at (0 for
    /// an unknown attribute, found by the checker on the parsed condition).
    #[error(fmt = condition)]
    Condition {
        path: String,
        text: String,
        offset: usize,
        #[source]
        error: ConditionError,
    },
    /// A role a condition compares with a user's role, or passes to `rank`,
    /// that `roles` does not declare (`unknownRole`).
    #[error("`{role}` is not a role declared in `roles`")]
    UndeclaredRole {
        path: String,
        role: String,
        declared: Vec<String>,
        suggestion: Option<String>,
    },
    /// A root that is never set in `context` ("an item rule"), where the
    /// condition runs (`unboundVariable`).
    #[error("`{variable}` is never set in {context}")]
    UnboundVariable {
        path: String,
        variable: &'static str,
        context: &'static str,
    },
    /// `moveTo`, `indexIn`, `moveContentsTo` or `in` names no container of the action (`unknownContainer`).
    #[error("`{name}` is not a declared container")]
    UnknownContainer {
        path: String,
        name: String,
        declared: Vec<String>,
        suggestion: Option<String>,
    },
    /// `placeholder` is not a key of `placeholders` (`unknownPlaceholder`).
    #[error("`{name}` is not a declared placeholder")]
    UnknownPlaceholder {
        path: String,
        name: String,
        declared: Vec<String>,
        suggestion: Option<String>,
    },
    /// An effect's `role` is not `raise`, `same` or one of `shareRoles` (`unknownShareRole`).
    #[error("`{name}` is not a declared share role")]
    UnknownShareRole {
        path: String,
        name: String,
        declared: Vec<String>,
        suggestion: Option<String>,
    },
    /// An action's `user.role` is not one of `roles` (`unknownRole`).
    #[error("`{name}` is not a declared role")]
    UnknownRole {
        path: String,
        name: String,
        declared: Vec<String>,
        suggestion: Option<String>,
    },
    /// A status in a status list that no action leads to (`invalidValue`).
    #[error("`{name}` is not a declared user status")]
    UnknownStatus {
        path: String,
        name: String,
        declared: Vec<String>,
        suggestion: Option<String>,
    },
    /// A constraint's action that the policy does not have (`invalidValue`).
    #[error("`{name}` is not a declared action")]
    UnknownAction {
        path: String,
        name: String,
        declared: Vec<String>,
        suggestion: Option<String>,
    },
    /// An effect `option` (`moveContentsTo`, `keepAs`, `relation`,
    /// `placeholder`, `fallback`, `otherwise`) that does not apply to its
    /// `kind` (`invalidValue`).
    #[error(fmt = inapplicable)]
    InapplicableOption {
        path: String,
        option: &'static str,
        kind: &'static str,
    },
    /// A restore effect without `relation` (`missingField`).
    #[error("a restore effect names the relation the reference returns to")]
    RestoreWithoutRelation { path: String },
    /// A restore to `share` without `role` (`missingField`).
    #[error("a restore to `share` names the share role given back")]
    RestoreWithoutRole { path: String },
    /// A reattribute effect without `placeholder` (`missingField`).
    #[error("a reattribute effect names its placeholder")]
    MissingPlaceholder { path: String },
    /// `role: "raise"` in a policy without `shareRoles` (`missingShareRoles`).
    #[error("`raise` needs the policy's `shareRoles`, ordered from least to most access")]
    RaiseWithoutShareRoles { path: String },
    /// A `set` key other than `status` and `fields.<name>` (`unknownAttribute`).
    #[error("`{key}` cannot be set")]
    UnsettableKey {
        path: String,
        key: String,
        suggestion: Option<String>,
    },
    /// `otherwise` nested more than 8 deep (`limitExceeded`).
    #[error("`otherwise` nested more than 8 deep")]
    OtherwiseTooDeep { path: String },
    /// An empty policy `id` (`emptyId`).
    #[error("the policy id is empty")]
    EmptyPolicyId { path: String },
    /// An empty rule or constraint `id` (`emptyId`).
    #[error("rule id is empty")]
    EmptyRuleId { path: String },
    /// A rule or constraint `id` already used at `first` (`duplicateRuleId`).
    #[error("rule id `{id}` is already used at {first}")]
    DuplicateRuleId {
        path: String,
        id: String,
        first: String,
    },
    /// An action named by the empty string (`emptyId`).
    #[error("an action name is empty")]
    EmptyActionName { path: String },
    /// A policy's own `action` without `fromStatuses` (`missingField`);
    /// `suggestion` is the built-in action it may have meant.
    #[error(
        "`{action}` is not a built-in action, so it must say which statuses it takes users from"
    )]
    MissingFromStatuses {
        path: String,
        action: String,
        suggestion: Option<String>,
    },
    /// An empty `fromStatuses` (`invalidValue`).
    #[error("an empty `fromStatuses` would refuse the action for every user")]
    EmptyFromStatuses { path: String },
    /// A container whose `in` is itself (`invalidValue`).
    #[error("a container cannot be created in itself")]
    ContainerInItself { path: String },
    /// An empty constraint `code` (`emptyId`).
    #[error("constraint code is empty")]
    EmptyConstraintCode { path: String },
    /// `forEach` in a request-scope constraint (`invalidValue`).
    #[error("`forEach` runs over the target's items; a request-scope constraint has no target")]
    ForEachWithoutTarget { path: String },
    /// A share role listed twice in `shareRoles` (`duplicateName`).
    #[error("share role `{role}` is listed twice")]
    DuplicateShareRole { path: String, role: String },
    /// A policy named by a preset `name` that does not exist (`unknownPreset`);
    /// `presets` are the names that do.
    #[error("`{name}` is not a shipped preset")]
    UnknownPreset {
        path: String,
        name: String,
        presets: Vec<String>,
        suggestion: Option<String>,
    },
    /// A registered policy whose `id` is not its `key` (`invalidValue`).
    #[error("the policy's id `{id}` is not its key `{key}`")]
    IdNotKey {
        path: String,
        id: String,
        key: String,
    },
    /// A preview of `action` whose plan would put `items` inside each other,
    /// each in the next (`containerCycle`); `path` is the container's definition.
    #[error(fmt = plan_cycle)]
    PlanCycle {
        path: String,
        action: String,
        items: Vec<String>,
    },
}

fn condition(
    _: &str,
    text: &str,
    offset: &usize,
    error: &ConditionError,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    match error {
        // The checker knows the expression, not the offset, of an unknown attribute.
        ConditionError::UnknownAttribute { .. } => write!(f, "{error} in `{text}`"),
        _ => write!(f, "{error} (at character {} of `{text}`)", offset + 1),
    }
}

fn inapplicable(_: &str, option: &str, kind: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let applies = match option {
        "moveContentsTo" => "only applies to delete",
        "keepAs" => {
            "applies to what takes the reference away (remove, transfer, reassign, reattribute)"
        }
        "relation" => "only applies to restore",
        "placeholder" => "only applies to reattribute",
        _ => "only applies to transfer, reassign and share",
    };
    write!(f, "`{option}` {applies}, not {kind}")
}

fn plan_cycle(_: &str, action: &str, items: &[String], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "this {action} would put items inside each other: ")?;
    chain(f, items, " would be in ")
}

/// The help of a name that is not among the `declared` names of `what`.
fn declared(what: &str, suggestion: &Option<String>, declared: &[String]) -> Option<String> {
    Some(match suggestion {
        Some(c) => format!("did you mean `{c}`?"),
        None if declared.is_empty() => format!("this policy declares no {what}s"),
        None => format!("declared: {}", declared.join(", ")),
    })
}

impl PolicyError {
    /// The code of the wire form.
    pub fn code(&self) -> Code {
        use PolicyError as E;
        match self {
            E::Read(e) => e.code(),
            E::Limit(e) => e.code(),
            E::Condition { error, .. } => error.code(),
            E::UndeclaredRole { .. } | E::UnknownRole { .. } => Code::UnknownRole,
            E::UnboundVariable { .. } => Code::UnboundVariable,
            E::UnknownContainer { .. } => Code::UnknownContainer,
            E::UnknownPlaceholder { .. } => Code::UnknownPlaceholder,
            E::UnknownShareRole { .. } => Code::UnknownShareRole,
            E::UnknownStatus { .. }
            | E::UnknownAction { .. }
            | E::InapplicableOption { .. }
            | E::EmptyFromStatuses { .. }
            | E::ContainerInItself { .. }
            | E::ForEachWithoutTarget { .. }
            | E::IdNotKey { .. } => Code::InvalidValue,
            E::RestoreWithoutRelation { .. }
            | E::RestoreWithoutRole { .. }
            | E::MissingPlaceholder { .. }
            | E::MissingFromStatuses { .. } => Code::MissingField,
            E::RaiseWithoutShareRoles { .. } => Code::MissingShareRoles,
            E::UnsettableKey { .. } => Code::UnknownAttribute,
            E::OtherwiseTooDeep { .. } => Code::LimitExceeded,
            E::EmptyPolicyId { .. }
            | E::EmptyRuleId { .. }
            | E::EmptyActionName { .. }
            | E::EmptyConstraintCode { .. } => Code::EmptyId,
            E::DuplicateRuleId { .. } => Code::DuplicateRuleId,
            E::DuplicateShareRole { .. } => Code::DuplicateName,
            E::UnknownPreset { .. } => Code::UnknownPreset,
            E::PlanCycle { .. } => Code::ContainerCycle,
        }
    }

    /// The JSON pointer of the offending value.
    pub fn path(&self) -> &str {
        use PolicyError as E;
        match self {
            E::Read(e) => e.path(),
            E::Limit(e) => e.path(),
            E::Condition { path, .. }
            | E::UndeclaredRole { path, .. }
            | E::UnboundVariable { path, .. }
            | E::UnknownContainer { path, .. }
            | E::UnknownPlaceholder { path, .. }
            | E::UnknownShareRole { path, .. }
            | E::UnknownRole { path, .. }
            | E::UnknownStatus { path, .. }
            | E::UnknownAction { path, .. }
            | E::InapplicableOption { path, .. }
            | E::RestoreWithoutRelation { path }
            | E::RestoreWithoutRole { path }
            | E::MissingPlaceholder { path }
            | E::RaiseWithoutShareRoles { path }
            | E::UnsettableKey { path, .. }
            | E::OtherwiseTooDeep { path }
            | E::EmptyPolicyId { path }
            | E::EmptyRuleId { path }
            | E::DuplicateRuleId { path, .. }
            | E::EmptyActionName { path }
            | E::MissingFromStatuses { path, .. }
            | E::EmptyFromStatuses { path }
            | E::ContainerInItself { path }
            | E::EmptyConstraintCode { path }
            | E::ForEachWithoutTarget { path }
            | E::DuplicateShareRole { path, .. }
            | E::UnknownPreset { path, .. }
            | E::IdNotKey { path, .. }
            | E::PlanCycle { path, .. } => path,
        }
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<String> {
        use PolicyError as E;
        match self {
            E::Read(e) => e.help(),
            E::Limit(e) => e.help(),
            E::Condition { error, .. } => error.help(),
            E::UndeclaredRole {
                declared,
                suggestion: None,
                ..
            } => Some(format!("declared roles: {}", declared.join(", "))),
            E::UnknownPreset {
                presets,
                suggestion: None,
                ..
            } => Some(format!("presets: {}", presets.join(", "))),
            E::UnsettableKey {
                suggestion: None, ..
            } => says("set `status` or `fields.<name>`"),
            E::UndeclaredRole { suggestion, .. }
            | E::UnknownPreset { suggestion, .. }
            | E::UnsettableKey { suggestion, .. } => did_you_mean(suggestion.as_deref()),
            E::UnboundVariable { variable, .. } => {
                let bound_in = match *variable {
                    "candidate" => "fallback `among` conditions",
                    "target" | "successor" => "per-target conditions",
                    _ => "item rules",
                };
                Some(format!("`{variable}` is set in {bound_in}"))
            }
            E::UnknownContainer {
                declared: d,
                suggestion: s,
                ..
            } => declared("container", s, d),
            E::UnknownPlaceholder {
                declared: d,
                suggestion: s,
                ..
            } => declared("placeholder", s, d),
            E::UnknownShareRole {
                declared: d,
                suggestion: s,
                ..
            } => declared("share role", s, d),
            E::UnknownRole {
                declared: d,
                suggestion: s,
                ..
            } => declared("role", s, d),
            E::UnknownStatus {
                declared: d,
                suggestion: s,
                ..
            } => declared("user status", s, d),
            E::UnknownAction {
                declared: d,
                suggestion: s,
                ..
            } => declared("action", s, d),
            E::RestoreWithoutRelation { .. } => {
                says("add `\"relation\": \"member\"`, or `\"share\"` with a `role`")
            }
            E::MissingPlaceholder { .. } => {
                says("add `\"placeholder\": \"<key of placeholders>\"`")
            }
            E::MissingFromStatuses { suggestion, .. } => match suggestion {
                Some(b) => Some(format!("did you mean the built-in action `{b}`?")),
                None => says("add `\"fromStatuses\": [\"active\"]` (the statuses the action takes users from)"),
            },
            E::EmptyFromStatuses { .. } => says("list the statuses the target may have, or leave `fromStatuses` out for the default; to withdraw the action, write `\"enabled\": false`"),
            E::ForEachWithoutTarget { .. } => says("use `\"scope\": \"target\"`, or iterate in `when` with any(targets, t => …)"),
            E::PlanCycle { .. } => says("a container created in an item (`inItem`) cannot receive that item, or an item containing it, through `moveTo`; change the rule's `moveTo` or the container's `inItem`"),
            _ => None,
        }
    }
}
