//! Seats: held before and after the action, per licence, and the seat limit.
use super::*;

impl<'a> Run<'a> {
    pub(super) fn seats(&mut self, act: &'a CompiledAction) -> Result<Vec<Seats>, LimitError> {
        let mut out = Vec::new();
        // The workspace's licences, and one the action gives that no user holds yet.
        let mut licences = self.ws.licences();
        if let Some(Some(l)) = &act.def.user.licence {
            if !licences.contains(l) {
                licences.push(l.clone());
                let names: Vec<&str> = licences.iter().map(String::as_str).collect();
                licences = crate::value::sorted_distinct(&names)
                    .into_iter()
                    .map(String::from)
                    .collect();
            }
        }
        for licence in licences {
            let before = self.ws.seats_held(self.policy, &licence);
            let mut after = before as i64;
            // The targets that take a seat of this licence.
            let mut taking = Vec::new();
            for &t in &self.targets {
                let Some(u) = self.user(t) else { continue };
                let (now, then) = (u.licence.as_deref(), self.licence_after(act, t));
                let this = Some(licence.as_str());
                // A transition that cannot occur changes no seat.
                if (now != this && then != this) || self.impossible.contains(&(t as u64)) {
                    continue;
                }
                let (held, holds) = (
                    now == this && self.policy.holds_seat(&licence, &u.status),
                    then == this && self.policy.holds_seat(&licence, &self.status_after(act, t)),
                );
                if holds && !held {
                    taking.push(t);
                }
                after -= i64::from(held);
                after += i64::from(holds);
            }
            let after = after.max(0) as u64;
            let limit = self.ws.snapshot.seats.get(&licence).copied();
            let over = limit.is_some_and(|l| after > l && after > before);
            if over {
                let names: Vec<String> = taking.iter().map(|&t| self.uname(t)).collect();
                let message = match &self.policy.over_limit_message {
                    Some(m) => self.scope().render(m)?,
                    None => format!(
                        "{after} {} would be in use after {} {}, over the plan's limit of {}",
                        self.policy.seats_label(&licence, after),
                        present_participle(&self.req.action),
                        crate::text::names(&names),
                        limit.unwrap_or(0)
                    ),
                };
                let mut f = finding(
                    "seatLimitExceeded",
                    message,
                    "seats.onOverLimit",
                    None,
                    None,
                );
                f.licence = Some(licence.clone());
                f.users = taking.iter().map(|&t| self.uid(t).to_string()).collect();
                match self.policy.doc.seats.on_over_limit {
                    Severity::Block => self.blockers.push(f),
                    Severity::Warn => self.warnings.push(f),
                }
            }
            let billing = self.policy.billing(&licence).filter(|_| after < before);
            let still_billed = billing.is_some();
            out.push(Seats {
                licence: licence.clone(),
                limit,
                before,
                after,
                change: after as i64 - before as i64,
                over_limit: over,
                billed: still_billed.then_some(before),
                billed_until: billing,
            });
        }
        Ok(out)
    }
}
