//! The vocabulary check: names a snapshot uses (roles, licences, item types,
//! relations, item statuses, share roles) that the policy does not declare.
//!
//! The names a snapshot uses are collected once, when the workspace is
//! loaded ([`Names`]); a preview compares those few distinct names with the
//! policy's declarations ([`check`]), so the check costs nothing per item.
use crate::error::{own, SnapshotError};
use crate::model::Status;
use crate::name::{Distinct, Name, Recent};
use crate::policy::{EffectDef, Policy, Undeclared};
use crate::preview::Finding;
use crate::value::{seg, Dict};

/// At most this many places are kept for each name.
const MAX_PATHS: usize = 3;

/// The kinds of names a policy can declare, in the order findings list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Roles,
    Licences,
    Types,
    Relations,
    Statuses,
    ShareRoles,
    UserStatuses,
}

impl Category {
    /// The rule id of its findings: `vocabulary.<category>`.
    fn rule(self) -> &'static str {
        match self {
            Category::Roles => "vocabulary.roles",
            Category::Licences => "vocabulary.licences",
            Category::Types => "vocabulary.types",
            Category::Relations => "vocabulary.relations",
            Category::Statuses => "vocabulary.statuses",
            Category::ShareRoles => "vocabulary.shareRoles",
            Category::UserStatuses => "vocabulary.userStatuses",
        }
    }
    /// What one name of the category is called in a sentence.
    fn what(self) -> &'static str {
        match self {
            Category::Roles => "role",
            Category::Licences => "licence",
            Category::Types => "item type",
            Category::Relations => "relation",
            Category::Statuses => "item status",
            Category::ShareRoles => "share role",
            Category::UserStatuses => "user status",
        }
    }
    /// Where the policy declares names of the category.
    fn declare_in(self) -> &'static str {
        match self {
            Category::Roles => "`roles`",
            Category::Licences => "`vocabulary.licences` (or `seats.licences`)",
            Category::Types => "`vocabulary.types` (or `types`)",
            Category::Relations => "`vocabulary.relations`",
            Category::Statuses => "`vocabulary.statuses`",
            Category::ShareRoles => "`shareRoles`",
            Category::UserStatuses => "an action's `user.status`",
        }
    }
}

/// How often, and where, a snapshot uses one name.
#[derive(Debug, Clone, Default)]
pub struct Used {
    pub count: u64,
    /// The first few places, as JSON pointers.
    pub paths: Vec<String>,
}

/// Every distinct name a snapshot uses, by category (indexed by `Category as usize`).
#[derive(Debug, Clone, Default)]
pub struct Names {
    map: [Dict<Used>; 7],
}

impl Names {
    /// Counts one use of `name`; `path` is written only for the first few.
    pub fn add(&mut self, c: Category, name: &str, path: &dyn Fn() -> String) {
        let Some(names) = self.map.get_mut(c as usize) else {
            return;
        };
        if names.get(name).is_none() {
            names.insert(name.to_string(), Used::default());
        }
        if let Some(used) = names.get_mut(name) {
            used.count += 1;
            if used.paths.len() < MAX_PATHS {
                used.paths.push(path());
            }
        }
    }

    /// Collects the names of a snapshot whose pointers start at `base`.
    pub fn of(s: &crate::model::Snapshot, base: &str) -> Names {
        // Found by hash while walking (four or five names an item), sorted
        // once at the end: a binary search per name was a tenth of a load.
        let mut n: Vec<Tally> = (0..7).map(|_| Tally::default()).collect();
        // An item's names are shared (`Name`): found by address once met.
        let mut add =
            |c: Category, name: &str, shared: Option<&Name>, path: &dyn Fn() -> String| {
                if let Some(t) = n.get_mut(c as usize) {
                    t.add(name, shared, path);
                }
            };
        for l in s.seats.keys() {
            add(Category::Licences, l, None, &|| {
                format!("{base}/seats/{}", seg(l))
            });
        }
        for (i, u) in s.users.iter().enumerate() {
            add(Category::UserStatuses, u.status.as_str(), None, &|| {
                format!("{base}/users/{i}/status")
            });
            if let Some(r) = &u.role {
                add(Category::Roles, r, None, &|| {
                    format!("{base}/users/{i}/role")
                });
            }
            if let Some(l) = &u.licence {
                add(Category::Licences, l, None, &|| {
                    format!("{base}/users/{i}/licence")
                });
            }
        }
        for (i, it) in s.items.iter().enumerate() {
            add(Category::Types, &it.kind, Some(&it.kind), &|| {
                format!("{base}/items/{i}/type")
            });
            if let Some(st) = &it.status {
                add(Category::Statuses, st, Some(st), &|| {
                    format!("{base}/items/{i}/status")
                });
            }
            for rel in it.refs.keys() {
                add(Category::Relations, rel, Some(rel), &|| {
                    format!("{base}/items/{i}/refs/{}", seg(rel))
                });
            }
            for (j, sh) in it.shares.iter().enumerate() {
                add(Category::ShareRoles, &sh.role, Some(&sh.role), &|| {
                    format!("{base}/items/{i}/shares/{j}/role")
                });
            }
        }
        let mut names = Names::default();
        for (m, t) in names.map.iter_mut().zip(n) {
            *m = t.into_dict();
        }
        names
    }
}

/// The names of one category, in the order first met, while a snapshot is walked.
struct Tally {
    names: Distinct,
    used: Vec<Used>,
    recent: Recent,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            names: Distinct::default(),
            used: Vec::new(),
            recent: Recent::new(5),
        }
    }
}

impl Tally {
    /// Counts one use of `name` (found by the address of its text when it
    /// is `shared`); `path` is written only for the first few.
    #[inline(never)]
    fn add(&mut self, name: &str, shared: Option<&Name>, path: &dyn Fn() -> String) {
        let names = &mut self.names;
        let i = match shared {
            Some(n) => self.recent.get(n, &mut |s| Some(names.add(s))),
            None => Some(names.add(name)),
        };
        let i = i.unwrap_or_default() as usize;
        if i == self.used.len() {
            self.used.push(Used::default());
        }
        if let Some(used) = self.used.get_mut(i) {
            used.count += 1;
            if used.paths.len() < MAX_PATHS {
                used.paths.push(path());
            }
        }
    }
    fn into_dict(self) -> Dict<Used> {
        let mut d = Dict::new();
        for (name, used) in self.names.into_names().into_iter().zip(self.used) {
            d.insert_name(name, used);
        }
        d
    }
}

fn list(l: Option<&Vec<String>>) -> Option<Vec<&str>> {
    l.map(|l| l.iter().map(String::as_str).collect())
}

/// The names a policy declares, by category; a category absent from the map is not checked.
fn declared(p: &Policy) -> Vec<(Category, Vec<&str>)> {
    let doc = &p.doc;
    let voc = doc.vocabulary.as_ref();
    let mut out = Vec::new();
    if !doc.roles.is_empty() {
        out.push((
            Category::Roles,
            doc.roles.keys().map(|k| k.as_str()).collect(),
        ));
    }
    // Labels (`types`) and seat overrides (`seats.licences`) name only some
    // types and licences: those categories, like relations and statuses, are
    // checked when `vocabulary` lists them. Names the rules and containers
    // use are known too.
    let mut licences = list(voc.and_then(|v| v.licences.as_ref()));
    if let Some(l) = licences.as_mut() {
        l.extend(doc.seats.licences.keys().map(|k| k.as_str()));
    }
    let mut types = list(voc.and_then(|v| v.types.as_ref()));
    if let Some(t) = types.as_mut() {
        t.extend(doc.types.keys().map(|k| k.as_str()));
    }
    let mut relations = list(voc.and_then(|v| v.relations.as_ref()));
    let mut statuses = list(voc.and_then(|v| v.statuses.as_ref()));
    for (_, a) in doc.actions.iter() {
        for c in a.containers.values() {
            if let Some(t) = types.as_mut() {
                t.push(&c.kind);
            }
            if let (Some(r), Some(rel)) = (relations.as_mut(), &c.owner_relation) {
                r.push(rel);
            }
            if let (Some(s), Some(st)) = (statuses.as_mut(), &c.status) {
                s.push(st);
            }
        }
        let mut effects: Vec<&EffectDef> = a.default.iter().collect();
        for r in &a.rules {
            if let Some(t) = types.as_mut() {
                t.extend(r.types.iter().map(String::as_str));
            }
            if let Some(rels) = relations.as_mut() {
                rels.extend(r.relations.iter().map(String::as_str));
            }
            effects.push(&r.effect);
        }
        while let Some(e) = effects.pop() {
            // A relation a removed reference is kept in, or restored to.
            if let Some(rels) = relations.as_mut() {
                rels.extend(e.keep_as.iter().chain(&e.relation).map(String::as_str));
            }
            if let (Some(s), Some(st)) = (
                statuses.as_mut(),
                e.set.get("status").and_then(crate::value::Value::as_str),
            ) {
                s.push(st);
            }
            effects.extend(e.otherwise.as_deref());
        }
    }
    for (c, names) in [
        (Category::Licences, licences),
        (Category::Types, types),
        (Category::Relations, relations),
        (Category::Statuses, statuses),
    ] {
        if let Some(n) = names {
            out.push((c, n));
        }
    }
    if !doc.share_roles.is_empty() {
        out.push((
            Category::ShareRoles,
            doc.share_roles.iter().map(String::as_str).collect(),
        ));
    }
    out.push((
        Category::UserStatuses,
        p.user_statuses().iter().map(Status::as_str).collect(),
    ));
    out
}

/// The undeclared names of a snapshot under a policy: warnings, or errors
/// when the policy says `"undeclared": "error"`.
pub fn check(p: &Policy, names: &Names) -> Result<Vec<Finding>, Vec<SnapshotError>> {
    let strict = p
        .doc
        .vocabulary
        .as_ref()
        .is_some_and(|v| v.undeclared == Undeclared::Error);
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for (c, known) in declared(p) {
        let Some(used) = names.map.get(c as usize) else {
            continue;
        };
        for (name, u) in used.iter().filter(|(n, _)| !known.contains(&n.as_str())) {
            let more = u.count.saturating_sub(u.paths.len() as u64);
            let suggestion = crate::expr::did_you_mean(name, known.iter().copied());
            let what = c.what();
            if strict {
                errors.push(SnapshotError::Undeclared {
                    path: u.paths.first().cloned().unwrap_or_default(),
                    what,
                    name: own(name),
                    uses: u.count,
                    suggestion: suggestion.map(own),
                    declare_in: c.declare_in(),
                });
                continue;
            }
            let hint = suggestion.map(|k| format!("did you mean `{k}`?"));
            let mut at = u.paths.join(", ");
            if more > 0 {
                at.push_str(&format!(" and {more} more"));
            }
            let hint = hint.map(|h| format!("; {h}")).unwrap_or_default();
            let uses = crate::text::plural("place", u.count);
            warnings.push(Finding {
                code: "undeclaredName".into(),
                message: format!(
                    "the snapshot uses the {what} `{name}`, which the policy does not declare ({} {uses}: {at}){hint}",
                    u.count
                ),
                rule: c.rule().into(),
                user: None,
                item: None,
                successor: None,
                licence: None,
                users: Vec::new(),
                name: Some(name.to_string()),
                paths: u.paths.clone(),
            });
        }
    }
    if errors.is_empty() {
        Ok(warnings)
    } else {
        Err(errors)
    }
}
