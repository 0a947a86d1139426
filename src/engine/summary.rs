//! The summary of a preview: the headline and the lines a confirmation dialog shows.
use super::*;

/// Summary groups: effect kind, item type, destination.
type GroupKey = (EffectKind, String, Option<String>);

impl Run<'_> {
    pub(super) fn summary(&self, p: &Preview) -> Summary {
        let mut lines = Vec::new();
        let name_of = |id: &str| -> String {
            self.ws
                .user_index(id)
                .and_then(|i| self.user(i))
                .map(user_name)
                .or_else(|| self.policy.doc.placeholders.get(id).map(|p| p.name.clone()))
                .unwrap_or_else(|| id.to_string())
        };
        for s in &p.seats {
            if s.change != 0 {
                let verb = if s.change < 0 { "Frees" } else { "Uses" };
                let n = s.change.unsigned_abs();
                let of = s.limit.map_or_else(
                    || format!("{} used after", s.after),
                    |l| format!("{} of {l} used after", s.after),
                );
                lines.push(SummaryLine {
                    kind: if s.change < 0 {
                        "seatFreed"
                    } else {
                        "seatConsumed"
                    }
                    .into(),
                    item_type: None,
                    count: n,
                    to: None,
                    text: format!("{verb} {n} {} {} ({of})", s.licence, pluralise("seat", n)),
                });
            }
        }
        for u in &p.users {
            let name = u.name.clone().unwrap_or_else(|| u.user.clone());
            if !u.fields.is_empty() {
                let erased: Vec<&str> = u
                    .fields
                    .iter()
                    .filter(|f| f.kind == FieldChangeKind::Erase)
                    .map(|f| f.field.as_str())
                    .collect();
                let replaced: Vec<String> = u
                    .fields
                    .iter()
                    .filter(|f| f.kind == FieldChangeKind::Replace)
                    .map(|f| format!("{} becomes '{}'", f.field, f.to.as_str().unwrap_or("")))
                    .collect();
                let mut parts = Vec::new();
                if !erased.is_empty() {
                    parts.push(format!("erases {}", erased.join(", ")));
                }
                parts.extend(replaced);
                lines.push(SummaryLine {
                    kind: "anonymise".into(),
                    item_type: None,
                    count: u.fields.len() as u64,
                    to: None,
                    text: format!("Anonymises {name}: {}", parts.join("; ")),
                });
            }
            if u.sessions.login == "revoked" {
                let when = u
                    .sessions
                    .delay
                    .as_deref()
                    .map_or_else(|| "immediately".to_string(), str::to_string);
                lines.push(SummaryLine {
                    kind: "sessionsRevoked".into(),
                    item_type: None,
                    count: 1,
                    to: None,
                    text: format!("Signs {name} out {when}"),
                });
            }
            if !u.reversible && u.status_after != Status::Active {
                lines.push(SummaryLine {
                    kind: "irreversible".into(),
                    item_type: None,
                    count: 1,
                    to: None,
                    text: format!("Cannot be undone for {name}"),
                });
            } else if let Some(d) = u.restore_window_days {
                lines.push(SummaryLine {
                    kind: "restoreWindow".into(),
                    item_type: None,
                    count: u64::from(d),
                    to: None,
                    text: match &u.restore_until {
                        Some(until) => {
                            format!("{name} can be restored for {d} days, until {until}")
                        }
                        None => format!("{name} can be restored for {d} days"),
                    },
                });
            }
        }
        // Items the action creates, with what moves into them or is listed in them.
        for op in &p.plan {
            if let Op::CreateItem {
                item,
                item_type,
                fields,
                ..
            } = op
            {
                let moved = p
                    .plan
                    .iter()
                    .filter(|o| matches!(o, Op::MoveItem { to, .. } if to == item))
                    .count() as u64;
                let linked = p
                    .plan
                    .iter()
                    .filter(|o| matches!(o, Op::AddLink { item: c, .. } if c == item))
                    .count() as u64;
                let name = fields.get("name").and_then(Value::as_str).unwrap_or(item);
                let mut text = format!(
                    "Creates the {} '{name}'",
                    type_label(self.policy, item_type)
                );
                if moved > 0 {
                    text.push_str(&format!(
                        " and moves {moved} {} into it",
                        pluralise("item", moved)
                    ));
                }
                if linked > 0 {
                    text.push_str(&format!(", listing {linked} {}", pluralise("item", linked)));
                }
                lines.push(SummaryLine {
                    kind: "create".into(),
                    item_type: Some(item_type.clone()),
                    count: 1 + moved,
                    to: Some(item.clone()),
                    text,
                });
            }
        }
        // Effects grouped by kind, type and destination, counting distinct items.
        let mut groups: BTreeMap<GroupKey, (BTreeSet<String>, BTreeSet<Option<String>>)> =
            BTreeMap::new();
        for e in &p.effects {
            let g = groups
                .entry((e.kind, e.item_type.clone(), e.to.clone()))
                .or_default();
            g.0.insert(e.item.clone());
            g.1.insert(e.status.clone());
        }
        for ((kind, ty, to), (items, statuses)) in groups {
            let n = items.len() as u64;
            let status = match statuses.iter().next() {
                Some(Some(s)) if statuses.len() == 1 => format!("{s} "),
                _ => String::new(),
            };
            let label = pluralise(&type_label(self.policy, &ty), n);
            let label = if n == 1 {
                label
            } else {
                self.policy
                    .doc
                    .types
                    .get(&ty)
                    .and_then(|t| t.plural.clone())
                    .unwrap_or(label)
            };
            let to_name = to.as_deref().map(name_of);
            let text = match (kind, &to_name) {
                (EffectKind::Keep, _) => format!("Keeps {n} {status}{label} unchanged"),
                (EffectKind::Transfer, Some(t)) => format!("Transfers {n} {status}{label} to {t}"),
                (EffectKind::Reassign, Some(t)) => format!("Reassigns {n} {status}{label} to {t}"),
                (EffectKind::Share, Some(t)) => format!("Shares {n} {status}{label} with {t}"),
                (EffectKind::Reattribute, Some(t)) => {
                    format!("Re-attributes {n} {status}{label} to '{t}'")
                }
                (EffectKind::Remove, _) => format!("Removes the user from {n} {status}{label}"),
                (EffectKind::Delete, _) => format!("Deletes {n} {status}{label}"),
                (_, None) => format!("Needs a successor for {n} {status}{label}"),
            };
            lines.push(SummaryLine {
                kind: kind.as_str().into(),
                item_type: Some(ty),
                count: n,
                to,
                text,
            });
        }
        let who = p
            .users
            .iter()
            .map(|u| u.name.clone().unwrap_or_else(|| u.user.clone()))
            .collect::<Vec<_>>();
        let who = if who.len() > 3 {
            format!("{} users", who.len())
        } else {
            who.join(", ")
        };
        let verb = crate::text::pascal_case(p.action.as_str());
        let who = if who.is_empty() {
            self.req.targets.join(", ")
        } else {
            who
        };
        let headline = match p.blockers.first() {
            Some(b) if p.blockers.len() == 1 => {
                format!("Cannot {} {who}: {}", p.action.as_str(), b.message)
            }
            Some(b) => format!(
                "Cannot {} {who}: {} (and {} more)",
                p.action.as_str(),
                b.message,
                p.blockers.len() - 1
            ),
            None => format!("{verb} {who}"),
        };
        Summary { headline, lines }
    }
}
