//! What happens to each target user: status, role, sessions, personal
//! fields, later steps, and their plan operations.
use super::*;

impl<'a> Run<'a> {
    pub(super) fn user_change(
        &self,
        act: &'a CompiledAction,
        t: usize,
    ) -> Result<UserChange, Error> {
        let status_after = self.status_after(act, t);
        let action = self.req.action.as_str();
        let u = self
            .user(t)
            .ok_or_else(|| Error::new(Code::Internal, "", "target vanished"))?;
        let def = &act.def.user;
        let rule = format!("actions.{action}.user");
        if self.impossible.contains(&(t as u64)) {
            // The action cannot take the user from its status: nothing changes.
            return Ok(UserChange {
                user: u.id.clone(),
                name: Some(u.display_name()),
                status_before: u.status.clone(),
                status_after: u.status.clone(),
                role_before: None,
                role_after: None,
                licence: u.licence.clone(),
                licence_after: None,
                seat: "none".into(),
                sessions: Sessions {
                    login: "none".into(),
                    delay: None,
                    rule: format!("{rule}.sessions"),
                },
                tokens_revoked: false,
                new_assignments_blocked: false,
                reversible: true,
                restore_window_days: None,
                restore_until: None,
                fields: Vec::new(),
                later: Vec::new(),
                access_revoked: 0,
                successor: self.successor(t).map(|x| self.uid(x).to_string()),
                notes: Vec::new(),
                rule,
            });
        }
        let mut s = self.scope();
        s.target = Some(t);
        // A refused successor is not shown taking anything over.
        s.successor = self
            .successor(t)
            .filter(|_| !self.refused.contains(&(t as u64)));
        let licence_after = self.licence_after(act, t);
        let seat = match (
            u.licence
                .as_deref()
                .is_some_and(|l| self.policy.holds_seat(l, &u.status)),
            licence_after.is_some_and(|l| self.policy.holds_seat(l, &status_after)),
        ) {
            (true, false) => "freed",
            (false, true) => "consumed",
            (true, true) => "kept",
            (false, false) => "none",
        };
        let leaving = status_after != Status::ACTIVE;
        let revoke = def.sessions.as_ref().map_or(leaving, |x| x.revoke);
        let mut params = Vec::new();
        let delayed = match &act.session_delay {
            Some(e) if revoke => s.test(e, &mut params)?,
            _ => false,
        };
        let sessions = Sessions {
            login: if !leaving && u.status != Status::ACTIVE {
                "restored".into()
            } else if leaving && u.status != Status::ACTIVE {
                // A deactivated user has no sessions left to end.
                "none".into()
            } else if revoke && leaving {
                "revoked".into()
            } else {
                "kept".into()
            },
            delay: if delayed && u.status == Status::ACTIVE {
                def.sessions
                    .as_ref()
                    .and_then(|x| x.delay.clone())
                    .or_else(|| Some("later".into()))
            } else {
                None
            },
            rule: format!("{rule}.sessions"),
        };
        let fields = field_changes(
            &s,
            &def.fields,
            &act.field_templates,
            &u.fields,
            &format!("{rule}.fields"),
        )?;
        // Later steps change the fields as the action, and the steps before
        // them, left them.
        let mut current = u.fields.clone();
        set_fields(&mut current, &fields);
        let mut status = status_after.clone();
        let mut later = Vec::new();
        for (i, (step, templates)) in def.later.iter().zip(&act.later_templates).enumerate() {
            let changes = field_changes(
                &s,
                &step.fields,
                templates,
                &current,
                &format!("{rule}.later.{i}"),
            )?;
            set_fields(&mut current, &changes);
            let to = step.status.clone().filter(|st| *st != status);
            later.push(LaterChange {
                after_days: step.after_days,
                at: self.later(step.after_days),
                label: step.label.clone(),
                status_before: to.as_ref().map(|_| status.clone()),
                status_after: to.clone(),
                fields: changes,
                rule: format!("{rule}.later.{i}"),
            });
            if let Some(to) = to {
                status = to;
            }
        }
        // Counted from the effects once they are known (see `go`).
        let access_revoked = 0;
        let mut notes = Vec::new();
        for n in &act.notes {
            notes.push(s.render(n)?);
        }
        Ok(UserChange {
            user: u.id.clone(),
            name: Some(u.display_name()),
            status_before: u.status.clone(),
            status_after,
            role_before: def
                .role
                .as_ref()
                .filter(|r| u.role.as_ref() != Some(*r))
                .and(u.role.clone()),
            role_after: def.role.clone().filter(|r| u.role.as_ref() != Some(r)),
            licence: u.licence.clone(),
            licence_after: (licence_after != u.licence.as_deref())
                .then(|| licence_after.map(str::to_string)),
            seat: seat.into(),
            sessions,
            tokens_revoked: def.revoke_tokens,
            new_assignments_blocked: def.block_new_assignments,
            reversible: def
                .reversible
                .unwrap_or(self.req.action != Action::DELETE || def.restore_window_days.is_some()),
            restore_window_days: def.restore_window_days,
            restore_until: def
                .restore_window_days
                .filter(|_| leaving)
                .map(|d| self.later(d)),
            fields,
            later,
            access_revoked,
            successor: self.successor(t).map(|x| self.uid(x).to_string()),
            notes,
            rule,
        })
    }
}

/// A personal field set as a plan's `setUserField` sets it: `null` removes it.
pub(super) fn set_field(fields: &mut Map, field: &str, to: &Value) {
    if to.is_null() {
        fields.remove(field);
    } else {
        fields.insert(field.to_string(), to.clone());
    }
}

fn set_fields(fields: &mut Map, changes: &[FieldChange]) {
    for f in changes {
        set_field(fields, &f.field, &f.to);
    }
}

/// The personal fields a `fields` map of the policy erases or replaces.
pub(super) fn field_changes(
    s: &Scope,
    defs: &crate::value::Dict<FieldChangeDef>,
    templates: &crate::value::Dict<crate::policy::Template>,
    fields: &Map,
    rule: &str,
) -> Result<Vec<FieldChange>, LimitError> {
    let mut out = Vec::new();
    let star = defs.get("*");
    for (name, old) in fields {
        let (kind, to) = match defs.get(name).or(star) {
            Some(FieldChangeDef::Erase) => (FieldChangeKind::Erase, Value::Null),
            Some(FieldChangeDef::Replace(_)) => {
                let key = if defs.contains_key(name) {
                    name.as_str()
                } else {
                    "*"
                };
                let t = templates
                    .get(key)
                    .map(|t| s.render(t))
                    .transpose()?
                    .unwrap_or_default();
                (FieldChangeKind::Replace, Value::String(t))
            }
            _ => continue,
        };
        if &to == old {
            continue;
        }
        out.push(FieldChange {
            field: name.to_string(),
            kind,
            from: old.clone(),
            to,
            rule: rule.to_string(),
        });
    }
    Ok(out)
}

pub(super) fn field_ops(user: &str, fields: &[FieldChange], plan: &mut Vec<Op>) {
    for f in fields {
        plan.push(Op::SetUserField {
            user: user.to_string(),
            field: f.field.clone(),
            from: f.from.clone(),
            to: f.to.clone(),
        });
    }
}

pub(super) fn user_ops(u: &UserChange, now: &str, plan: &mut Vec<Op>) {
    if u.status_before != u.status_after {
        plan.push(Op::SetUserStatus {
            user: u.user.clone(),
            from: u.status_before.clone(),
            to: u.status_after.clone(),
            at: Some(now.to_string()),
        });
    }
    if let Some(to) = &u.role_after {
        plan.push(Op::SetUserRole {
            user: u.user.clone(),
            from: u.role_before.clone(),
            to: to.clone(),
        });
    }
    if let Some(to) = &u.licence_after {
        plan.push(Op::SetUserLicence {
            user: u.user.clone(),
            from: u.licence.clone(),
            to: to.clone(),
        });
    }
    if u.sessions.login == "revoked" {
        plan.push(Op::RevokeSessions {
            user: u.user.clone(),
            delay: u.sessions.delay.clone(),
        });
    }
    if u.tokens_revoked {
        plan.push(Op::RevokeTokens {
            user: u.user.clone(),
        });
    }
    if u.new_assignments_blocked {
        plan.push(Op::BlockNewAssignments {
            user: u.user.clone(),
        });
    }
    field_ops(&u.user, &u.fields, plan);
    for l in &u.later {
        let mut ops = Vec::new();
        if let (Some(from), Some(to)) = (&l.status_before, &l.status_after) {
            ops.push(Op::SetUserStatus {
                user: u.user.clone(),
                from: from.clone(),
                to: to.clone(),
                at: Some(l.at.clone()),
            });
        }
        field_ops(&u.user, &l.fields, &mut ops);
        plan.push(Op::Later {
            at: l.at.clone(),
            after_days: l.after_days,
            user: u.user.clone(),
            label: l.label.clone(),
            ops,
        });
    }
}
