//! `compare` (deactivate and delete side by side) and `actions` (what a
//! selection allows), both built from previews.
use super::*;

/// One aspect of deactivation and deletion side by side.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ComparisonRow"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompareRow {
    pub aspect: String,
    pub deactivate: String,
    pub delete: String,
}

/// Deactivation and deletion of the same targets, computed on the same data.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Comparison {
    pub deactivate: Preview,
    pub delete: Preview,
    /// Set when the policy deletes only deactivated users: `delete` is then
    /// the preview of deleting after the deactivation has been applied.
    pub delete_after_deactivate: bool,
    pub rows: Vec<CompareRow>,
}

/// Compares deactivating and deleting the request's targets (its action is ignored).
pub fn compare(
    policy: &Policy,
    ws: &Workspace,
    req: &Request,
    limits: &Limits,
) -> Result<Comparison, Vec<Error>> {
    let mut r = req.clone();
    r.action = Action::DEACTIVATE;
    let deactivate = preview(policy, ws, &r, limits)?;
    r.action = Action::DELETE;
    let mut delete = preview(policy, ws, &r, limits)?;
    let mut after = false;
    // Only the engine's own status prerequisite blocks the delete: a
    // constraint of the policy may reuse the code, never the rule id too.
    let prerequisite = from_statuses_rule(&Action::DELETE);
    let only_prereq = !delete.blockers.is_empty()
        && delete
            .blockers
            .iter()
            .all(|b| b.code == PREREQUISITE && b.rule == prerequisite);
    if only_prereq && deactivate.verdict == Verdict::Allowed {
        let next = apply(&ws.snapshot, &deactivate)?;
        let ws2 = Workspace::new(next, limits, "/snapshot").map_err(crate::error::wire)?;
        delete = preview(policy, &ws2, &r, limits)?;
        after = true;
    }
    let rows = compare_rows(&deactivate, &delete);
    Ok(Comparison {
        deactivate,
        delete,
        delete_after_deactivate: after,
        rows,
    })
}

fn compare_rows(a: &Preview, b: &Preview) -> Vec<CompareRow> {
    let mut rows = Vec::new();
    // An action the policy does not offer changes nothing: its column says
    // so past the verdict, rather than "reversible: yes" or "none freed".
    let offered = |p: &Preview| !p.blockers.iter().any(|b| b.code == "actionUnavailable");
    let mut row = |aspect: &str, f: &dyn Fn(&Preview) -> String| {
        let cell = |p: &Preview| {
            if aspect == "verdict" || offered(p) {
                f(p)
            } else {
                "not offered".to_string()
            }
        };
        rows.push(CompareRow {
            aspect: aspect.into(),
            deactivate: cell(a),
            delete: cell(b),
        })
    };
    row("verdict", &|p| match p.verdict {
        Verdict::Allowed => "allowed".into(),
        Verdict::Blocked => format!(
            "blocked: {}",
            p.blockers
                .iter()
                .map(|b| b.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    });
    row("status", &|p| {
        p.users
            .iter()
            .map(|u| u.status_after.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    });
    row("access", &|p| {
        p.users
            .iter()
            .map(|u| {
                u.sessions.delay.as_ref().map_or_else(
                    || u.sessions.login.clone(),
                    |d| format!("{} {d}", u.sessions.login),
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    });
    row("reversible", &|p| {
        if p.users.iter().all(|u| u.reversible) {
            "yes".into()
        } else {
            "no".into()
        }
    });
    row("seats", &|p| {
        let freed: i64 = p.seats.iter().map(|s| -s.change).filter(|c| *c > 0).sum();
        if freed > 0 {
            format!("{freed} freed")
        } else {
            "none freed".into()
        }
    });
    row("personal fields", &|p| {
        let f: Vec<String> = p
            .users
            .iter()
            .flat_map(|u| u.fields.iter().map(|f| f.field.clone()))
            .collect();
        if f.is_empty() {
            "kept".into()
        } else {
            format!("changed: {}", f.join(", "))
        }
    });
    for kind in [
        EffectKind::Keep,
        EffectKind::Transfer,
        EffectKind::Reassign,
        EffectKind::Share,
        EffectKind::Remove,
        EffectKind::Reattribute,
        EffectKind::Delete,
        EffectKind::Restore,
    ] {
        let count = |p: &Preview| p.effects.iter().filter(|e| e.kind == kind).count();
        if count(a) + count(b) > 0 {
            row(&format!("references {}", kind.as_str()), &|p| {
                count(p).to_string()
            });
        }
    }
    rows
}

/// Whether one action is available for a selection, and why not.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActionChoice {
    pub action: Action,
    pub verdict: Verdict,
    pub blockers: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

/// The actions a selection allows (which buttons a user list shows for a bulk
/// selection): every action the policy offers, previewed for the request's
/// targets (its action is ignored).
pub fn actions(
    policy: &Policy,
    ws: &Workspace,
    req: &Request,
    limits: &Limits,
) -> Result<Vec<ActionChoice>, Vec<Error>> {
    let mut out = Vec::new();
    for (action, def) in policy.doc.actions.iter() {
        if !def.enabled {
            continue;
        }
        let mut r = req.clone();
        r.action = action.clone();
        let p = super::preview_summary(policy, ws, &r, limits, None)?;
        out.push(ActionChoice {
            action,
            verdict: p.verdict,
            blockers: p.blockers,
            warnings: p.warnings,
        });
    }
    Ok(out)
}
