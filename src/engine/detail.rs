//! Answers sized to the question: a preview in `summary` detail (no per-item
//! effects, no plan, their counts instead) and its effects and plan read in
//! pages. Both details come from one computation (the engine's working form,
//! `work.rs`), so verdict, findings, seats, summary and fingerprint are those
//! of the full answer; only what is written out differs.
use super::compare::{CompareRow, Comparison};
use crate::policy::EffectKind;
use crate::preview::*;
use crate::value::{json_enum, Map, Value};
use serde::{Deserialize, Serialize};

/// How much of a preview a call wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Verdict, findings, seats, user changes, summary and counts.
    Summary,
    /// Everything, effects and plan included (the default).
    #[default]
    Full,
}

json_enum!(Detail {
    Summary = "summary",
    Full = "full",
});

/// A window over a preview's effects and plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PageRequest {
    #[serde(default)]
    pub offset: u64,
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub limit: u64,
}

/// The `detail` and `page` members of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sizing {
    pub detail: Detail,
    pub page: Option<PageRequest>,
}

impl Sizing {
    /// Reads the members; `page` needs `summary` detail (and implies it).
    pub fn new(
        detail: Option<Detail>,
        page: Option<PageRequest>,
    ) -> Result<Sizing, crate::error::RequestError> {
        use crate::error::RequestError;
        if page.is_some() && detail == Some(Detail::Full) {
            return Err(RequestError::PageInFullDetail);
        }
        if page.is_some_and(|p| p.limit == 0) {
            return Err(RequestError::PageLimitZero);
        }
        Ok(Sizing {
            detail: if page.is_some() {
                Detail::Summary
            } else {
                detail.unwrap_or_default()
            },
            page,
        })
    }
}

impl Sizing {
    /// Reads the `detail` and `page` members of a call, parsed.
    pub fn from_values(
        detail: Option<&crate::value::Value>,
        page: Option<&crate::value::Value>,
    ) -> Result<Sizing, crate::Error> {
        let (detail, page) = Sizing::read(detail, page)?;
        Ok(Sizing::new(detail, page)?)
    }

    /// The `detail` and `page` members as read, before they are checked together.
    fn read(
        detail: Option<&crate::value::Value>,
        page: Option<&crate::value::Value>,
    ) -> Result<(Option<Detail>, Option<PageRequest>), crate::error::ReadError> {
        use super::fields;
        let detail = match detail {
            Some(v) => Some(fields::variant(v, Detail::NAMES, Detail::ALL, "/detail")?),
            None => None,
        };
        let page = match page {
            Some(v) => {
                let m = fields::object(v, &["offset", "limit"], "/page")?;
                let offset = match m.get("offset") {
                    Some(o) => fields::count(o, "/page/offset")?,
                    None => 0,
                };
                let limit = m
                    .get("limit")
                    .ok_or_else(|| fields::missing("/page", "limit"))?;
                Some(PageRequest {
                    offset,
                    limit: fields::count(limit, "/page/limit")?,
                })
            }
            None => None,
        };
        Ok((detail, page))
    }
}

/// How many effects and plan operations the full preview has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PreviewCounts"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Counts {
    pub effects: u64,
    pub plan: u64,
    /// Effects by kind (`transfer`, `reattribute`…) as numbers, kinds with none left out.
    #[cfg_attr(feature = "schema", schemars(with = "crate::preview::EffectCounts"))]
    pub by_kind: Map,
}

impl Counts {
    pub fn of(p: &Preview) -> Counts {
        Counts {
            effects: p.effects.len() as u64,
            plan: p.plan.len() as u64,
            by_kind: kinds(&p.effects),
        }
    }
}

/// Effects counted by kind, as numbers in a [`Map`] (the one map type the
/// wasm module already writes), kinds with none left out, sorted.
pub fn kinds(effects: &[ItemEffect]) -> Map {
    kinds_of(&mut effects.iter().map(|e| e.kind))
}

/// [`kinds`] of effects' kinds.
pub fn kinds_of(effects: &mut dyn Iterator<Item = EffectKind>) -> Map {
    let mut n = [0u64; 7];
    for kind in effects {
        if let Some(i) = EffectKind::ALL.iter().position(|k| *k == kind) {
            if let Some(c) = n.get_mut(i) {
                *c += 1;
            }
        }
    }
    let mut out = Map::new();
    for (k, c) in EffectKind::ALL.iter().zip(n) {
        if c > 0 {
            out.insert(k.as_str().to_string(), Value::from(c));
        }
    }
    out
}

/// One window of the full preview's effects and plan, each sliced at the same
/// `offset` and `limit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PreviewPage"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Page {
    pub offset: u64,
    pub limit: u64,
    /// The `offset` of the next page, or `null` after the last one.
    pub next: Option<u64>,
    pub effects: Vec<ItemEffect>,
    pub plan: Vec<Op>,
}

/// A preview in `summary` detail: the full preview without `effects` and
/// `plan` (so `apply` refuses it), with their `counts`, and, when asked, one
/// `page` of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreviewSummary {
    pub action: crate::model::Action,
    pub policy: String,
    pub verdict: Verdict,
    pub blockers: Vec<Finding>,
    pub warnings: Vec<Finding>,
    pub seats: Vec<Seats>,
    pub users: Vec<UserChange>,
    pub summary: Summary,
    pub counts: Counts,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<Page>,
    pub fingerprint: Fingerprint,
}

/// A full preview cut down to `summary` detail (a comparison's two
/// previews: a single preview is computed in the detail asked, with its page,
/// by `engine::preview_summary`).
pub fn summarize(p: Preview) -> PreviewSummary {
    let counts = Counts::of(&p);
    PreviewSummary {
        action: p.action,
        policy: p.policy,
        verdict: p.verdict,
        blockers: p.blockers,
        warnings: p.warnings,
        seats: p.seats,
        users: p.users,
        summary: p.summary,
        counts,
        page: None,
        fingerprint: p.fingerprint,
    }
}

/// A preview in the detail a call asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Sized<F, S> {
    Full(F),
    Summary(S),
}

/// A preview answer in the size asked.
pub type SizedPreview = Sized<Preview, PreviewSummary>;

/// `compare` in `summary` detail: both previews cut down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ComparisonSummary {
    pub deactivate: PreviewSummary,
    pub delete: PreviewSummary,
    pub delete_after_deactivate: bool,
    pub rows: Vec<CompareRow>,
}

/// A comparison answer in the size asked (`page` is refused for `compare`).
pub type SizedComparison = Sized<Comparison, ComparisonSummary>;

pub fn size_comparison(c: Comparison, s: Sizing) -> SizedComparison {
    match s.detail {
        Detail::Full => Sized::Full(c),
        Detail::Summary => Sized::Summary(ComparisonSummary {
            deactivate: summarize(c.deactivate),
            delete: summarize(c.delete),
            delete_after_deactivate: c.delete_after_deactivate,
            rows: c.rows,
        }),
    }
}
