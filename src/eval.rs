//! Evaluation of conditions and templates against a workspace and a request.
//!
//! Evaluation is total: a missing attribute is `null`, a type mismatch is
//! `false` or `null`, and every step counts against `maxEvaluationSteps`.
use crate::attr::{AccountAttr, Attr, ItemAttr, ShareAttr, UserAttr};
use crate::error::LimitError;
use crate::expr::{BinOp, Expr, Func, Lit, Piece, Root};
use crate::model::{Account, Refs, Request, Share};
use crate::policy::Policy;
use crate::value::{Dict, Map, Name, Value};
use crate::workspace::Workspace;
use std::borrow::Cow;
use std::cell::Cell;

/// A runtime value.
#[derive(Debug, Clone)]
pub enum Val<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'a, str>),
    List(Vec<Val<'a>>),
    StrList(&'a [Name]),
    Json(&'a Value),
    Map(&'a Map),
    RefsMap(&'a Dict<Refs>),
    Shares(&'a [Share]),
    ItemList(&'a [u32]),
    Users,
    Items,
    Targets,
    User(usize),
    Item(usize),
    Share(&'a Share),
    Account(&'a Account),
}

/// The evaluation budget shared by every condition of one preview.
#[derive(Debug)]
pub struct Budget {
    used: Cell<u64>,
    max: u64,
    /// While set (a blocking constraint is evaluated), ranks that cannot be
    /// known are recorded in `unranked` instead of passing silently as `null`.
    watch_ranks: Cell<bool>,
    unranked: std::cell::RefCell<Vec<String>>,
}

impl Budget {
    pub fn new(max: u64) -> Self {
        Budget {
            used: Cell::new(0),
            max,
            watch_ranks: Cell::new(false),
            unranked: std::cell::RefCell::new(Vec::new()),
        }
    }
    /// Starts or stops recording ranks that cannot be known; starting forgets earlier ones.
    pub fn watch_ranks(&self, on: bool) {
        self.watch_ranks.set(on);
        if let Ok(mut u) = self.unranked.try_borrow_mut() {
            u.clear();
        }
    }
    /// What made a rank unknowable since [`Budget::watch_ranks`], each said once.
    pub fn unranked(&self) -> Vec<String> {
        self.unranked
            .try_borrow()
            .map(|u| u.clone())
            .unwrap_or_default()
    }
    fn unknown_rank(&self, why: &dyn Fn() -> String) {
        if self.watch_ranks.get() {
            if let Ok(mut u) = self.unranked.try_borrow_mut() {
                let why = why();
                if !u.contains(&why) {
                    u.push(why);
                }
            }
        }
    }
    /// Steps taken so far.
    pub fn used(&self) -> u64 {
        self.used.get()
    }
    /// Takes `n` steps at once: what evaluating a condition whose value is
    /// already known took (see `engine::effects`), against the same limit.
    pub fn charge(&self, n: u64) -> Result<(), LimitError> {
        let total = self.used.get().saturating_add(n);
        self.used.set(total);
        if total > self.max {
            return Err(LimitError::EvaluationSteps {
                path: "",
                max: self.max,
            });
        }
        Ok(())
    }
    /// Whether ranks that cannot be known are being recorded.
    pub fn watching(&self) -> bool {
        self.watch_ranks.get()
    }
    fn step(&self) -> Result<(), LimitError> {
        self.charge(1)
    }
}

/// The variables a condition sees.
#[derive(Clone)]
pub struct Scope<'a> {
    pub ws: &'a Workspace,
    pub policy: &'a Policy,
    pub req: &'a Request,
    pub now: f64,
    pub targets: &'a [usize],
    pub budget: &'a Budget,
    pub actor: Option<usize>,
    pub target: Option<usize>,
    pub successor: Option<usize>,
    pub item: Option<usize>,
    pub rel: Option<&'a str>,
    pub user: Option<usize>,
    pub share: Option<&'a Share>,
    pub candidate: Option<usize>,
}

fn json_val(v: &Value) -> Val<'_> {
    match v {
        Value::Null => Val::Null,
        Value::Bool(b) => Val::Bool(*b),
        Value::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Val::Str(Cow::Borrowed(s)),
        Value::Array(_) => Val::Json(v),
        Value::Object(m) => Val::Map(m),
    }
}

fn opt_str<S: AsRef<str>>(s: &Option<S>) -> Val<'_> {
    s.as_ref()
        .map_or(Val::Null, |s| Val::Str(Cow::Borrowed(s.as_ref())))
}

impl<'a> Scope<'a> {
    fn user_val(&self, i: Option<usize>) -> Val<'a> {
        i.map_or(Val::Null, Val::User)
    }

    /// Evaluates to a boolean.
    pub fn test(&self, e: &'a Expr, params: &mut Vec<Val<'a>>) -> Result<bool, LimitError> {
        Ok(self.truthy(&self.eval(e, params)?))
    }

    /// Truthiness, with the whole-workspace collections false when empty.
    pub fn truthy(&self, v: &Val<'a>) -> bool {
        match v {
            Val::Users => !self.ws.snapshot.users.is_empty(),
            Val::Items => !self.ws.snapshot.items.is_empty(),
            Val::Targets => !self.targets.is_empty(),
            other => truthy(other),
        }
    }

    /// Renders a template.
    pub fn render(&self, t: &'a [Piece]) -> Result<String, LimitError> {
        let mut out = String::new();
        let mut params = Vec::new();
        for p in t {
            match p {
                Piece::Text(s) => out.push_str(s),
                Piece::Hole(e) => {
                    let v = self.eval(e, &mut params)?;
                    out.push_str(&self.display(&v));
                }
            }
        }
        Ok(out)
    }

    /// A value as text in messages: users by name, items by title or name.
    pub fn display(&self, v: &Val<'a>) -> String {
        match v {
            Val::Null => String::new(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => crate::text::format_number(*n),
            Val::Str(s) => s.to_string(),
            Val::User(i) => self
                .ws
                .snapshot
                .users
                .get(*i)
                .map(crate::model::User::display_name)
                .unwrap_or_default(),
            Val::Item(i) => self
                .ws
                .snapshot
                .items
                .get(*i)
                .map(crate::model::Item::display_name)
                .unwrap_or_default(),
            Val::Json(j) => j.to_string(),
            Val::StrList(l) => l.iter().map(Name::as_str).collect::<Vec<_>>().join(", "),
            Val::List(l) => l
                .iter()
                .map(|x| self.display(x))
                .collect::<Vec<_>>()
                .join(", "),
            Val::Share(s) => format!("{} ({})", s.user, s.role),
            _ => String::new(),
        }
    }

    pub fn eval(&self, e: &'a Expr, params: &mut Vec<Val<'a>>) -> Result<Val<'a>, LimitError> {
        self.budget.step()?;
        Ok(match e {
            Expr::Lit(l) => match l {
                Lit::Null => Val::Null,
                Lit::Bool(b) => Val::Bool(*b),
                Lit::Num(n) => Val::Num(*n),
                Lit::Str(s) => Val::Str(Cow::Borrowed(s)),
            },
            Expr::List(xs) => {
                let mut out = Vec::with_capacity(xs.len());
                for x in xs {
                    out.push(self.eval(x, params)?);
                }
                Val::List(out)
            }
            Expr::Root(r) => match r {
                Root::Actor => self.user_val(self.actor),
                Root::Target => self.user_val(self.target),
                Root::Successor => self.user_val(self.successor),
                Root::User => self.user_val(self.user),
                Root::Candidate => self.user_val(self.candidate),
                Root::Item => self.item.map_or(Val::Null, Val::Item),
                Root::Rel => self.rel.map_or(Val::Null, |r| Val::Str(Cow::Borrowed(r))),
                Root::Share => self.share.map_or(Val::Null, Val::Share),
                Root::Account => self
                    .ws
                    .snapshot
                    .account
                    .as_ref()
                    .map_or(Val::Null, Val::Account),
                Root::Options => Val::Map(&self.req.options),
                Root::Now => Val::Num(self.now),
                Root::Action => Val::Str(Cow::Borrowed(self.req.action.as_str())),
                Root::Targets => Val::Targets,
                Root::Users => Val::Users,
                Root::Items => Val::Items,
                Root::Param(i) => params.get(*i).cloned().unwrap_or(Val::Null),
            },
            Expr::Get(inner, member) => {
                let v = self.eval(inner, params)?;
                match member.attr {
                    Some(a) => self.attr(v, a, &member.name),
                    None => self.get(v, &member.name),
                }
            }
            Expr::Not(x) => Val::Bool(!self.truthy(&self.eval(x, params)?)),
            Expr::Neg(x) => match self.eval(x, params)? {
                Val::Num(n) => Val::Num(-n),
                _ => Val::Null,
            },
            Expr::Bin(BinOp::And, a, b) => Val::Bool(
                self.truthy(&self.eval(a, params)?) && self.truthy(&self.eval(b, params)?),
            ),
            Expr::Bin(BinOp::Or, a, b) => Val::Bool(
                self.truthy(&self.eval(a, params)?) || self.truthy(&self.eval(b, params)?),
            ),
            Expr::Bin(op, a, b) => {
                let x = self.eval(a, params)?;
                let y = self.eval(b, params)?;
                self.binary(*op, &x, &y)?
            }
            Expr::Call(f, args) => {
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(self.eval(a, params)?);
                }
                self.call(*f, vals)?
            }
            Expr::Lambda(f @ (Func::Filter | Func::Map), coll, slot, body) => {
                let c = self.eval(coll, params)?;
                let elems = self.elements(&c)?;
                let mut out = Vec::new();
                params.truncate(*slot);
                for el in elems {
                    params.push(el.clone());
                    let v = self.eval(body, params)?;
                    params.truncate(*slot);
                    if *f == Func::Map {
                        out.push(v);
                    } else if self.truthy(&v) {
                        out.push(el);
                    }
                }
                Val::List(out)
            }
            Expr::Lambda(f, coll, slot, body) => {
                let c = self.eval(coll, params)?;
                let mut count = 0u64;
                let mut result = None;
                let elems = self.elements(&c)?;
                params.truncate(*slot);
                for el in elems {
                    params.push(el);
                    let hit = self.truthy(&self.eval(body, params)?);
                    params.truncate(*slot);
                    match (f, hit) {
                        (Func::Any, true) => {
                            result = Some(true);
                            break;
                        }
                        (Func::All, false) | (Func::None, true) => {
                            result = Some(false);
                            break;
                        }
                        (Func::Count, true) => count += 1,
                        _ => {}
                    }
                }
                match f {
                    Func::Count => Val::Num(count as f64),
                    Func::Any => Val::Bool(result.unwrap_or(false)),
                    _ => Val::Bool(result.unwrap_or(true)),
                }
            }
        })
    }

    /// The elements of a collection, each costing one step.
    fn elements(&self, c: &Val<'a>) -> Result<Vec<Val<'a>>, LimitError> {
        let out: Vec<Val<'a>> = match c {
            Val::List(l) => l.clone(),
            Val::StrList(l) => l
                .iter()
                .map(|s| Val::Str(Cow::Borrowed(s.as_str())))
                .collect(),
            Val::Json(Value::Array(a)) => a.iter().map(json_val).collect(),
            Val::Shares(s) => s.iter().map(Val::Share).collect(),
            Val::ItemList(l) => l.iter().map(|i| Val::Item(*i as usize)).collect(),
            Val::Users => (0..self.ws.snapshot.users.len()).map(Val::User).collect(),
            Val::Items => (0..self.ws.snapshot.items.len()).map(Val::Item).collect(),
            Val::Targets => self.targets.iter().map(|t| Val::User(*t)).collect(),
            Val::Map(m) => m
                .keys()
                .map(|k| Val::Str(Cow::Borrowed(k.as_str())))
                .collect(),
            _ => Vec::new(),
        };
        for _ in 0..out.len() {
            self.budget.step()?;
        }
        Ok(out)
    }

    /// `v.name` where the compiler did not know what `v` is: a user's, an
    /// item's, a grant's or the account's attribute by that name, or a key
    /// of a JSON object or of an item's `refs`.
    fn get(&self, v: Val<'a>, name: &str) -> Val<'a> {
        let attr = match v {
            Val::User(_) => UserAttr::named(name).map(Attr::User),
            Val::Item(_) => ItemAttr::named(name).map(Attr::Item),
            Val::Share(_) => ShareAttr::named(name).map(Attr::Share),
            Val::Account(_) => AccountAttr::named(name).map(Attr::Account),
            Val::Map(m) => return m.get(name).map_or(Val::Null, json_val),
            Val::RefsMap(m) => {
                return match m.get(name) {
                    Some(Refs::One(s)) => Val::Str(Cow::Borrowed(s)),
                    Some(Refs::Many(l)) => Val::StrList(l),
                    _ => Val::Null,
                }
            }
            _ => None,
        };
        attr.map_or(Val::Null, |a| self.attr(v, a, name))
    }

    /// An attribute resolved when the condition was compiled; a value of
    /// another kind than the compiler found is read by `name`.
    fn attr(&self, v: Val<'a>, attr: Attr, name: &str) -> Val<'a> {
        let snap = &self.ws.snapshot;
        match (v, attr) {
            (Val::User(i), Attr::User(a)) => {
                let Some(u) = snap.users.get(i) else {
                    return Val::Null;
                };
                match a {
                    UserAttr::Id => Val::Str(Cow::Borrowed(&u.id)),
                    UserAttr::Role => opt_str(&u.role),
                    UserAttr::Rank => self.rank(u),
                    UserAttr::Status => Val::Str(Cow::Borrowed(u.status.as_str())),
                    UserAttr::Licence => opt_str(&u.licence),
                    UserAttr::Sso => Val::Bool(u.sso),
                    UserAttr::LastActiveAt => opt_str(&u.last_active_at),
                    UserAttr::StatusChangedAt => opt_str(&u.status_changed_at),
                    UserAttr::Fields => Val::Map(&u.fields),
                    UserAttr::Permissions => Val::StrList(&u.permissions),
                    UserAttr::Groups => Val::StrList(&u.groups),
                    UserAttr::Placeholder => Val::Bool(u.placeholder),
                    UserAttr::Leaving => Val::Bool(self.targets.contains(&i)),
                    UserAttr::Items => Val::ItemList(self.ws.items_of(i)),
                    UserAttr::Name => Val::Str(Cow::Owned(u.display_name())),
                    UserAttr::RoleLabel => u.role.as_deref().map_or(Val::Null, |r| {
                        Val::Str(Cow::Owned(self.policy.role_label(r)))
                    }),
                }
            }
            (Val::Item(i), Attr::Item(a)) => {
                let Some(it) = snap.items.get(i) else {
                    return Val::Null;
                };
                match a {
                    ItemAttr::Id => Val::Str(Cow::Borrowed(&it.id)),
                    ItemAttr::Type => Val::Str(Cow::Borrowed(&it.kind)),
                    ItemAttr::Status => opt_str(&it.status),
                    ItemAttr::Container => opt_str(&it.container),
                    ItemAttr::Refs => Val::RefsMap(&it.refs),
                    ItemAttr::Shares => Val::Shares(&it.shares),
                    ItemAttr::Fields => Val::Map(&it.fields),
                }
            }
            (Val::Share(s), Attr::Share(a)) => match a {
                ShareAttr::User => self.ws.user_index(&s.user).map_or(Val::Null, Val::User),
                ShareAttr::Role => Val::Str(Cow::Borrowed(&s.role)),
            },
            (Val::Account(acc), Attr::Account(a)) => match a {
                AccountAttr::Plan => opt_str(&acc.plan),
                AccountAttr::Sso => opt_str(&acc.sso),
                AccountAttr::Settings => Val::Map(&acc.settings),
            },
            (Val::Null, _) => Val::Null,
            (v, _) => self.get(v, name),
        }
    }

    /// A user's rank in the policy's `roles`; `null`, and recorded while a
    /// blocking constraint is evaluated, when it cannot be known.
    fn rank(&self, u: &'a crate::model::User) -> Val<'a> {
        match u.role.as_deref().map(|r| (r, self.policy.rank(r))) {
            Some((_, Some(r))) => Val::Num(r as f64),
            Some((r, None)) => {
                self.budget.unknown_rank(&|| {
                    format!(
                        "the role `{r}` of {} is not declared in the policy's `roles`",
                        u.display_name()
                    )
                });
                Val::Null
            }
            None => {
                self.budget
                    .unknown_rank(&|| format!("{} has no role", u.display_name()));
                Val::Null
            }
        }
    }

    /// The item a value names: an item, or an item id.
    pub fn item_of(&self, v: &Val<'a>) -> Option<usize> {
        match v {
            Val::Item(i) => Some(*i),
            other => self.id_of(other).and_then(|id| self.ws.item_index(id)),
        }
    }

    fn id_of<'b>(&'b self, v: &'b Val<'a>) -> Option<&'b str> {
        match v {
            Val::Str(s) => Some(s),
            Val::User(i) => self.ws.snapshot.users.get(*i).map(|u| u.id.as_str()),
            Val::Item(i) => self.ws.snapshot.items.get(*i).map(|u| u.id.as_str()),
            _ => None,
        }
    }

    fn equal(&self, a: &Val<'a>, b: &Val<'a>) -> bool {
        match (a, b) {
            (Val::Null, Val::Null) => true,
            (Val::Null, _) | (_, Val::Null) => false,
            (Val::Bool(x), Val::Bool(y)) => x == y,
            (Val::Num(x), Val::Num(y)) => x == y,
            (Val::User(x), Val::User(y)) | (Val::Item(x), Val::Item(y)) => x == y,
            (Val::Json(x), Val::Json(y)) => x == y,
            _ => match (self.id_of(a), self.id_of(b)) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            },
        }
    }

    fn contains(&self, coll: &Val<'a>, x: &Val<'a>) -> Result<bool, LimitError> {
        Ok(match coll {
            Val::Null => false,
            Val::Map(m) => self.id_of(x).is_some_and(|k| m.contains_key(k)),
            Val::RefsMap(m) => self.id_of(x).is_some_and(|k| m.contains_key(k)),
            Val::Str(s) => match x {
                Val::Str(sub) => s == sub,
                _ => self.equal(coll, x),
            },
            Val::StrList(l) => self.id_of(x).is_some_and(|k| l.iter().any(|s| s == k)),
            Val::ItemList(l) => match x {
                Val::Item(i) => l.contains(&(*i as u32)),
                _ => self
                    .id_of(x)
                    .and_then(|k| self.ws.item_index(k))
                    .is_some_and(|i| l.contains(&(i as u32))),
            },
            Val::List(_)
            | Val::Json(_)
            | Val::Shares(_)
            | Val::Users
            | Val::Items
            | Val::Targets => {
                let mut found = false;
                for el in self.elements(coll)? {
                    if self.equal(&el, x) {
                        found = true;
                        break;
                    }
                }
                found
            }
            _ => self.equal(coll, x),
        })
    }

    fn binary(&self, op: BinOp, x: &Val<'a>, y: &Val<'a>) -> Result<Val<'a>, LimitError> {
        use std::cmp::Ordering;
        let ord = || -> Option<Ordering> {
            match (x, y) {
                (Val::Num(a), Val::Num(b)) => a.partial_cmp(b),
                (Val::Str(a), Val::Str(b)) => Some(a.cmp(b)),
                _ => None,
            }
        };
        Ok(match op {
            BinOp::Eq => Val::Bool(self.equal(x, y)),
            BinOp::Ne => Val::Bool(!self.equal(x, y)),
            BinOp::Lt => Val::Bool(ord() == Some(Ordering::Less)),
            BinOp::Le => Val::Bool(matches!(ord(), Some(Ordering::Less | Ordering::Equal))),
            BinOp::Gt => Val::Bool(ord() == Some(Ordering::Greater)),
            BinOp::Ge => Val::Bool(matches!(ord(), Some(Ordering::Greater | Ordering::Equal))),
            BinOp::In => Val::Bool(self.contains(y, x)?),
            BinOp::Index => match self.id_of(y) {
                Some(key) => self.get(x.clone(), key),
                None => Val::Null,
            },
            BinOp::Add => match (x, y) {
                (Val::Num(a), Val::Num(b)) => Val::Num(a + b),
                (Val::Str(a), Val::Str(b)) => Val::Str(Cow::Owned(format!("{a}{b}"))),
                _ => Val::Null,
            },
            BinOp::Sub | BinOp::Mul | BinOp::Div => match (x, y) {
                (Val::Num(a), Val::Num(b)) => {
                    let r = match op {
                        BinOp::Sub => a - b,
                        BinOp::Mul => a * b,
                        _ => a / b,
                    };
                    if r.is_finite() {
                        Val::Num(r)
                    } else {
                        Val::Null
                    }
                }
                // Timestamps (`now` is one, in seconds): the seconds between
                // them, as in `days(now - target.statusChangedAt)`.
                (a @ (Val::Str(_) | Val::Num(_)), b @ (Val::Str(_) | Val::Num(_)))
                    if op == BinOp::Sub =>
                {
                    let secs = |v: &Val| match v {
                        Val::Num(n) => Some(*n),
                        Val::Str(s) => crate::time::parse_rfc3339(s),
                        _ => None,
                    };
                    match (secs(a), secs(b)) {
                        (Some(a), Some(b)) => Val::Num(a - b),
                        _ => Val::Null,
                    }
                }
                _ => Val::Null,
            },
            BinOp::And | BinOp::Or => Val::Bool(if op == BinOp::And {
                self.truthy(x) && self.truthy(y)
            } else {
                self.truthy(x) || self.truthy(y)
            }),
        })
    }

    fn call(&self, f: Func, args: Vec<Val<'a>>) -> Result<Val<'a>, LimitError> {
        let mut it = args.into_iter();
        let a = it.next().unwrap_or(Val::Null);
        let b = it.next().unwrap_or(Val::Null);
        Ok(match f {
            Func::Count | Func::Len => match &a {
                Val::Str(s) => Val::Num(s.chars().count() as f64),
                Val::Null => Val::Num(0.0),
                other => Val::Num(self.len(other)? as f64),
            },
            Func::Any => Val::Bool(self.len(&a)? > 0),
            Func::All => Val::Bool(true),
            Func::None => Val::Bool(self.len(&a)? == 0),
            Func::Days => match &a {
                Val::Num(s) => Val::Num(s / 86_400.0),
                _ => Val::Null,
            },
            Func::DaysSince => match &a {
                Val::Str(s) => crate::time::parse_rfc3339(s)
                    .map_or(Val::Null, |t| Val::Num((self.now - t) / 86_400.0)),
                _ => Val::Null,
            },
            // Only reached with a lambda, which is evaluated above.
            Func::Filter | Func::Map => Val::List(Vec::new()),
            Func::Join => {
                let sep = match &b {
                    Val::Str(s) => s.to_string(),
                    _ => ", ".to_string(),
                };
                let parts: Vec<String> = match &a {
                    Val::Null => Vec::new(),
                    Val::Str(s) => vec![s.to_string()],
                    other => self
                        .elements(other)?
                        .iter()
                        .map(|v| self.display(v))
                        .collect(),
                };
                Val::Str(Cow::Owned(parts.join(&sep)))
            }
            Func::Article => match &a {
                Val::Str(s) => Val::Str(Cow::Owned(crate::text::with_article(s))),
                _ => Val::Null,
            },
            Func::Lower => match &a {
                Val::Str(s) => Val::Str(Cow::Owned(crate::text::lower(s))),
                _ => Val::Null,
            },
            Func::Contains => Val::Bool(self.contains(&a, &b)?),
            Func::StartsWith => match (&a, &b) {
                (Val::Str(s), Val::Str(p)) => Val::Bool(s.starts_with(p.as_ref())),
                _ => Val::Bool(false),
            },
            Func::Plural => match (&a, &b) {
                (Val::Num(n), Val::Str(word)) if *n >= 0.0 && n.fract() == 0.0 => {
                    Val::Str(Cow::Owned(format!(
                        "{} {}",
                        crate::text::format_number(*n),
                        crate::text::plural(word, *n as u64)
                    )))
                }
                _ => Val::Null,
            },
            Func::EndsWith => match (&a, &b) {
                (Val::Str(s), Val::Str(p)) => Val::Bool(s.ends_with(p.as_ref())),
                _ => Val::Bool(false),
            },
            Func::UserById => self
                .id_of(&a)
                .and_then(|id| self.ws.user_index(id))
                .map_or(Val::Null, Val::User),
            Func::ItemById => self
                .id_of(&a)
                .and_then(|id| self.ws.item_index(id))
                .map_or(Val::Null, Val::Item),
            Func::Coalesce => std::iter::once(a)
                .chain(std::iter::once(b))
                .chain(it)
                .find(|v| !matches!(v, Val::Null))
                .unwrap_or(Val::Null),
            Func::Rank => match &a {
                Val::Str(s) => self.policy.rank(s).map_or_else(
                    || {
                        self.budget.unknown_rank(&|| {
                            format!("the role `{s}` is not declared in the policy's `roles`")
                        });
                        Val::Null
                    },
                    |r| Val::Num(r as f64),
                ),
                _ => {
                    self.budget
                        .unknown_rank(&|| "`rank` was given no role name".to_string());
                    Val::Null
                }
            },
            Func::SeatsUsed => match &a {
                Val::Str(l) => Val::Num(self.ws.seats_held(self.policy, l) as f64),
                _ => Val::Null,
            },
            Func::SeatLimit => match &a {
                Val::Str(l) => self
                    .ws
                    .snapshot
                    .seats
                    .get(l.as_ref())
                    .map_or(Val::Null, |n| Val::Num(*n as f64)),
                _ => Val::Null,
            },
        })
    }

    fn len(&self, v: &Val<'a>) -> Result<usize, LimitError> {
        Ok(match v {
            Val::List(l) => l.len(),
            Val::StrList(l) => l.len(),
            Val::Json(Value::Array(a)) => a.len(),
            Val::Map(m) => m.len(),
            Val::RefsMap(m) => m.len(),
            Val::Shares(s) => s.len(),
            Val::ItemList(l) => l.len(),
            Val::Users => self.ws.snapshot.users.len(),
            Val::Items => self.ws.snapshot.items.len(),
            Val::Targets => self.targets.len(),
            Val::Null => 0,
            _ => 1,
        })
    }
}

/// Truthiness: null, false, 0, "" and empty collections are false.
pub fn truthy(v: &Val<'_>) -> bool {
    match v {
        Val::Null => false,
        Val::Bool(b) => *b,
        Val::Num(n) => *n != 0.0 && !n.is_nan(),
        Val::Str(s) => !s.is_empty(),
        Val::List(l) => !l.is_empty(),
        Val::StrList(l) => !l.is_empty(),
        Val::Json(Value::Array(a)) => !a.is_empty(),
        Val::Map(m) => !m.is_empty(),
        Val::ItemList(l) => !l.is_empty(),
        Val::Shares(s) => !s.is_empty(),
        Val::RefsMap(m) => !m.is_empty(),
        _ => true,
    }
}
