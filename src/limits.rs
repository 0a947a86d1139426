//! Limits on input size and evaluation cost.
//!
//! They are counters checked as input is read and as conditions are evaluated,
//! never stack probing, so they behave the same natively and in wasm.

/// Safe defaults, each overridable by the host in the `limits` member of a call.
/// Each member left out keeps its default.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Limits {
    /// Bytes of one JSON input document.
    pub max_input_bytes: u64,
    pub max_users: u64,
    pub max_items: u64,
    /// User ids one item may reference through its relations and shares.
    pub max_refs_per_item: u64,
    /// Bytes of any one string (id, name, field value).
    pub max_string_bytes: u64,
    /// Nesting depth of one condition expression.
    pub max_condition_depth: u64,
    /// Nodes in one condition expression.
    pub max_condition_nodes: u64,
    /// Rules and constraints in one policy.
    pub max_rules: u64,
    /// Expression steps one preview may evaluate.
    pub max_evaluation_steps: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 256 * 1024 * 1024,
            max_users: 1_000_000,
            max_items: 5_000_000,
            max_refs_per_item: 10_000,
            max_string_bytes: 64 * 1024,
            max_condition_depth: 64,
            max_condition_nodes: 2_000,
            max_rules: 10_000,
            max_evaluation_steps: 50_000_000,
        }
    }
}
