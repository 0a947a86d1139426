//! The condition language: a small, total expression language over users,
//! items and the request.
//!
//! ```text
//! target.role == 'owner' and count(users, u => u.role == 'owner' and u.status == 'active' and not u.leaving) == 0
//! item.status == 'open' and successor != null
//! daysSince(target.lastActiveAt) < 90
//! ```
//!
//! Parsing counts depth and nodes against the [`Limits`](crate::limits::Limits);
//! evaluation counts steps. Neither recurses without a bound, and neither panics.
use crate::attr::{AccountAttr, ItemAttr, ShareAttr, UserAttr};
use crate::attr::{Attr, Member, ACCOUNT_ATTRS, ITEM_ATTRS, SHARE_ATTRS, USER_ATTRS};
use crate::error::{own, ConditionError};

// The JSON Schemas of the policy members that hold a condition or a template
// (a message, a name, a note): strings, named so that the schemas and the
// TypeScript declarations say what they are.

/// An expression of the condition language, e.g.
/// `target.role == 'owner' and successor != null`.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
pub struct Condition(pub String);

/// Text with `{expression}` holes; `{{` and `}}` stand for literal braces.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
pub struct Template(pub String);

/// Variables a condition may start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    Actor,
    Target,
    Successor,
    Item,
    Rel,
    User,
    Share,
    Candidate,
    Account,
    Options,
    Now,
    Action,
    Targets,
    Users,
    Items,
    Param(usize),
}

const ROOTS: &[(&str, Root)] = &[
    ("actor", Root::Actor),
    ("target", Root::Target),
    ("successor", Root::Successor),
    ("item", Root::Item),
    ("rel", Root::Rel),
    ("user", Root::User),
    ("share", Root::Share),
    ("candidate", Root::Candidate),
    ("account", Root::Account),
    ("options", Root::Options),
    ("now", Root::Now),
    ("action", Root::Action),
    ("targets", Root::Targets),
    ("users", Root::Users),
    ("items", Root::Items),
];

/// Built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    Count,
    Any,
    All,
    None,
    DaysSince,
    Days,
    Len,
    Lower,
    Contains,
    StartsWith,
    EndsWith,
    Plural,
    UserById,
    ItemById,
    Coalesce,
    Rank,
    SeatsUsed,
    SeatLimit,
    Article,
    Filter,
    Map,
    Join,
}

/// Name, function, minimum and maximum argument count, whether the second argument is a lambda.
const FUNCS: &[(&str, Func, usize, usize, bool)] = &[
    ("count", Func::Count, 1, 2, true),
    ("any", Func::Any, 2, 2, true),
    ("all", Func::All, 2, 2, true),
    ("none", Func::None, 2, 2, true),
    ("daysSince", Func::DaysSince, 1, 1, false),
    ("days", Func::Days, 1, 1, false),
    ("len", Func::Len, 1, 1, false),
    ("lower", Func::Lower, 1, 1, false),
    ("contains", Func::Contains, 2, 2, false),
    ("startsWith", Func::StartsWith, 2, 2, false),
    ("endsWith", Func::EndsWith, 2, 2, false),
    ("plural", Func::Plural, 2, 2, false),
    ("user", Func::UserById, 1, 1, false),
    ("item", Func::ItemById, 1, 1, false),
    ("coalesce", Func::Coalesce, 1, 16, false),
    ("rank", Func::Rank, 1, 1, false),
    ("seatsUsed", Func::SeatsUsed, 1, 1, false),
    ("seatLimit", Func::SeatLimit, 1, 1, false),
    ("article", Func::Article, 1, 1, false),
    ("filter", Func::Filter, 2, 2, true),
    ("map", Func::Map, 2, 2, true),
    ("join", Func::Join, 1, 2, false),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Add,
    Sub,
    Mul,
    Div,
    And,
    Or,
    /// `x[key]`: the member of `x` that `key` names (written, not an operator).
    Index,
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Lit(Lit),
    List(Vec<Expr>),
    Root(Root),
    /// `x.name`: resolved to an attribute by the checker when `x`'s kind is known.
    Get(Box<Expr>, Member),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
    /// A function whose second argument is a lambda `x => body`; the body sees `x` as `Param(slot)`.
    Lambda(Func, Box<Expr>, usize, Box<Expr>),
}

/// What the type checker knows of a value.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    User,
    Item,
    Share,
    Account,
    Any,
    ListOf(Box<Kind>),
}

/// A parse or check error, with its byte offset in the source (0 for what
/// the checker finds on the parsed condition).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error} at offset {offset}")]
pub struct ExprError {
    pub error: ConditionError,
    pub offset: usize,
}

fn err(offset: usize, error: ConditionError) -> ExprError {
    ExprError { error, offset }
}

/// The edit distance of two short names, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(c) = cur.get_mut(0) {
            *c = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(c) = cur.get_mut(j + 1) {
                *c = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.get(b.len()).copied().unwrap_or(usize::MAX)
}

/// The closest of `candidates` to `name`, if close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest(name, &mut candidates.into_iter())
}

/// Candidate names, one at a time: an iterator seen through a trait object
/// with just this method, so that [`closest`] is compiled once whatever
/// list the names come from.
trait Candidates<'a> {
    fn next_name(&mut self) -> Option<&'a str>;
}

impl<'a, I: Iterator<Item = &'a str>> Candidates<'a> for I {
    fn next_name(&mut self) -> Option<&'a str> {
        self.next()
    }
}

/// [`did_you_mean`]: the first of the closest candidates within a third of
/// the longer name's length.
#[inline(never)]
fn closest<'a>(name: &str, candidates: &mut dyn Candidates<'a>) -> Option<&'a str> {
    let lower = crate::text::lower(name);
    let mut best: Option<(usize, &'a str)> = None;
    while let Some(c) = candidates.next_name() {
        let d = edit_distance(&lower, &crate::text::lower(c));
        let close = d <= c.len().max(name.len()).div_ceil(3).max(1);
        if close && best.map_or(true, |(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Sym(&'static str),
}

/// White space between tokens: ASCII white space and the Unicode spaces a
/// pasted condition may carry (no-break, line and paragraph separators).
fn is_space(c: char) -> bool {
    c.is_ascii_whitespace()
        || matches!(
            c,
            '\u{85}' | '\u{a0}' | '\u{2000}'
                ..='\u{200a}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{202f}'
                    | '\u{205f}'
                    | '\u{3000}'
                    | '\u{feff}'
        )
}

/// Identifiers start with an ASCII letter, `_`, `$` or any non-ASCII
/// character that is not a space (so `fields.prénom` is one path), and go on
/// with those and digits.
fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$' || (!c.is_ascii() && !is_space(c))
}

fn lex(src: &str, max_string: usize) -> Result<Vec<(Tok, usize)>, ExprError> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    const SYMS: &[&str] = &[
        "==", "!=", "<=", ">=", "&&", "||", "=>", "<", ">", "(", ")", "[", "]", ",", ".", "+", "-",
        "*", "/", "!",
    ];
    while let Some(&(off, c)) = chars.get(i) {
        if is_space(c) {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|(_, c)| c.is_ascii_digit() || *c == '.' || *c == '_')
            {
                i += 1;
            }
            let text: String = chars
                .get(start..i)
                .unwrap_or_default()
                .iter()
                .map(|(_, c)| *c)
                .filter(|c| *c != '_')
                .collect();
            let n = serde_json::from_slice::<f64>(text.as_bytes())
                .ok()
                .ok_or_else(|| err(off, ConditionError::BadNumber { text }))?;
            out.push((Tok::Num(n), off));
        } else if c == '\'' || c == '"' {
            let quote = c;
            i += 1;
            let mut s = String::new();
            loop {
                match chars.get(i) {
                    None => return Err(err(off, ConditionError::UnterminatedString)),
                    Some((_, '\\')) => {
                        let e = chars
                            .get(i + 1)
                            .map(|(_, c)| *c)
                            .ok_or_else(|| err(off, ConditionError::UnterminatedString))?;
                        s.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                        i += 2;
                    }
                    Some((_, c)) if *c == quote => {
                        i += 1;
                        break;
                    }
                    Some((_, c)) => {
                        s.push(*c);
                        i += 1;
                    }
                }
                if s.len() > max_string {
                    return Err(err(off, ConditionError::LongString { max: max_string }));
                }
            }
            out.push((Tok::Str(s), off));
        } else if is_ident_start(c) {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|(_, c)| is_ident_start(*c) || c.is_ascii_digit())
            {
                i += 1;
            }
            out.push((
                Tok::Ident(
                    chars
                        .get(start..i)
                        .unwrap_or_default()
                        .iter()
                        .map(|(_, c)| *c)
                        .collect(),
                ),
                off,
            ));
        } else {
            let rest = src.get(off..).unwrap_or("");
            let sym = SYMS
                .iter()
                .find(|s| rest.starts_with(**s))
                .ok_or_else(|| err(off, ConditionError::UnexpectedCharacter { found: c }))?;
            out.push((Tok::Sym(sym), off));
            i += sym.chars().count();
        }
    }
    Ok(out)
}

struct Parser<'s> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end: usize,
    depth: usize,
    nodes: usize,
    max_depth: usize,
    max_nodes: usize,
    params: Vec<String>,
    src: &'s str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }
    fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(_, o)| *o)
    }
    fn eat_sym(&mut self, s: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Sym(x)) if *x == s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn eat_word(&mut self, w: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(x)) if x == w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect_sym(&mut self, s: &'static str) -> Result<(), ExprError> {
        if self.eat_sym(s) {
            Ok(())
        } else {
            Err(err(
                self.offset(),
                ConditionError::ExpectedToken {
                    expected: s,
                    found: self.found(),
                },
            ))
        }
    }
    fn found(&self) -> String {
        match self.peek() {
            None => " but the condition ended".into(),
            Some(Tok::Sym(s)) => format!(", found `{s}`"),
            Some(Tok::Ident(s)) => format!(", found `{s}`"),
            Some(Tok::Str(s)) => format!(", found '{s}'"),
            Some(Tok::Num(n)) => format!(", found {}", crate::text::format_number(*n)),
        }
    }
    fn node(&mut self) -> Result<(), ExprError> {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return Err(err(
                self.offset(),
                ConditionError::TooManyNodes {
                    max: self.max_nodes,
                },
            ));
        }
        Ok(())
    }
    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(err(
                self.offset(),
                ConditionError::TooDeep {
                    max: self.max_depth,
                },
            ));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Expr, ExprError> {
        self.binary(0)
    }

    /// The binary operator at the cursor, its precedence and its token count.
    fn peek_op(&self) -> Option<(BinOp, u8, usize, bool)> {
        let next_is_in =
            matches!(self.toks.get(self.pos + 1), Some((Tok::Ident(n), _)) if n == "in");
        Some(match self.peek()? {
            Tok::Ident(w) if w == "or" => (BinOp::Or, 1, 1, false),
            Tok::Sym("||") => (BinOp::Or, 1, 1, false),
            Tok::Ident(w) if w == "and" => (BinOp::And, 2, 1, false),
            Tok::Sym("&&") => (BinOp::And, 2, 1, false),
            Tok::Sym("==") => (BinOp::Eq, 3, 1, false),
            Tok::Sym("!=") => (BinOp::Ne, 3, 1, false),
            Tok::Sym("<") => (BinOp::Lt, 3, 1, false),
            Tok::Sym("<=") => (BinOp::Le, 3, 1, false),
            Tok::Sym(">") => (BinOp::Gt, 3, 1, false),
            Tok::Sym(">=") => (BinOp::Ge, 3, 1, false),
            Tok::Ident(w) if w == "in" => (BinOp::In, 3, 1, false),
            Tok::Ident(w) if w == "not" && next_is_in => (BinOp::In, 3, 2, true),
            Tok::Sym("+") => (BinOp::Add, 4, 1, false),
            Tok::Sym("-") => (BinOp::Sub, 4, 1, false),
            Tok::Sym("*") => (BinOp::Mul, 5, 1, false),
            Tok::Sym("/") => (BinOp::Div, 5, 1, false),
            _ => return None,
        })
    }

    /// Precedence climbing. Every operator applied makes the tree one level
    /// deeper, so operator chains count against the depth limit like
    /// parentheses do: checking, evaluating and dropping the tree recurse over
    /// its depth. Few frames per level keep the native stack small.
    fn binary(&mut self, min_prec: u8) -> Result<Expr, ExprError> {
        self.enter()?;
        let saved = self.depth;
        let mut l = self.prefix()?;
        while let Some((op, prec, len, negate)) = self.peek_op() {
            if prec < min_prec {
                break;
            }
            self.pos += len;
            self.node()?;
            self.enter()?;
            // Comparisons do not chain: `a < b < c` is an error.
            let r = self.binary(if prec == 3 { 4 } else { prec + 1 })?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
            if negate {
                l = Expr::Not(Box::new(l));
            }
            if prec == 3 && matches!(self.peek_op(), Some((_, 3, _, _))) {
                return Err(err(
                    self.offset(),
                    ConditionError::ChainedComparison {
                        found: self.found(),
                    },
                ));
            }
        }
        self.depth = saved - 1;
        Ok(l)
    }

    fn prefix(&mut self) -> Result<Expr, ExprError> {
        if self.eat_word("not") || self.eat_sym("!") {
            self.node()?;
            self.enter()?;
            let e = self.binary(3);
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(e?)));
        }
        if self.eat_sym("-") {
            self.node()?;
            self.enter()?;
            let e = self.prefix();
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(e?)));
        }
        let saved = self.depth;
        let mut e = self.primary()?;
        loop {
            if self.eat_sym("[") {
                self.node()?;
                self.enter()?;
                let closed =
                    matches!(self.toks.get(self.pos + 1), Some((Tok::Sym(s), _)) if *s == "]");
                if let (Some((Tok::Str(name), _)), true) =
                    (self.toks.get(self.pos).cloned(), closed)
                {
                    // `x["job-title"]`: a name that is not an identifier.
                    self.pos += 1;
                    self.expect_sym("]")?;
                    e = Expr::Get(Box::new(e), Member::new(name));
                } else {
                    // `options[item.type]`: the member a value names.
                    let key = self.expr()?;
                    self.expect_sym("]")?;
                    e = Expr::Bin(BinOp::Index, Box::new(e), Box::new(key));
                }
                continue;
            }
            if !self.eat_sym(".") {
                break;
            }
            self.node()?;
            self.enter()?;
            let off = self.offset();
            match self.toks.get(self.pos) {
                Some((Tok::Ident(name), _)) => {
                    let name = name.clone();
                    self.pos += 1;
                    e = Expr::Get(Box::new(e), Member::new(name));
                }
                _ => {
                    let found = self.found();
                    return Err(err(off, ConditionError::ExpectedName { found }));
                }
            }
        }
        self.depth = saved;
        Ok(e)
    }
    fn primary(&mut self) -> Result<Expr, ExprError> {
        self.node()?;
        let off = self.offset();
        let Some((tok, _)) = self.toks.get(self.pos).cloned() else {
            return Err(err(off, ConditionError::UnexpectedEnd));
        };
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok(Expr::Lit(Lit::Num(n))),
            Tok::Str(s) => Ok(Expr::Lit(Lit::Str(s))),
            Tok::Sym("(") => {
                let e = self.expr()?;
                self.expect_sym(")")?;
                Ok(e)
            }
            Tok::Sym("[") => {
                self.enter()?;
                let mut items = Vec::new();
                if !self.eat_sym("]") {
                    loop {
                        items.push(self.expr()?);
                        if self.eat_sym("]") {
                            break;
                        }
                        self.expect_sym(",")?;
                    }
                }
                self.depth -= 1;
                Ok(Expr::List(items))
            }
            Tok::Ident(name) if matches!(self.peek(), Some(Tok::Sym("=>"))) => Err(err(
                off,
                ConditionError::MisplacedLambda { parameter: name },
            )),
            Tok::Ident(name) => self.ident(name, off),
            Tok::Sym(symbol) => Err(err(off, ConditionError::UnexpectedSymbol { symbol })),
        }
    }
    fn ident(&mut self, name: String, off: usize) -> Result<Expr, ExprError> {
        match name.as_str() {
            "true" => return Ok(Expr::Lit(Lit::Bool(true))),
            "false" => return Ok(Expr::Lit(Lit::Bool(false))),
            "null" => return Ok(Expr::Lit(Lit::Null)),
            _ => {}
        }
        if self.eat_sym("(") {
            let Some(&(_, func, min, max, lambda)) = FUNCS.iter().find(|f| f.0 == name) else {
                let suggestion = did_you_mean(&name, FUNCS.iter().map(|f| f.0)).map(own);
                return Err(err(
                    off,
                    ConditionError::UnknownFunction { name, suggestion },
                ));
            };
            self.enter()?;
            let mut args = Vec::new();
            let mut lam: Option<(usize, Expr)> = None;
            if !self.eat_sym(")") {
                loop {
                    let is_lambda = matches!(self.peek(), Some(Tok::Ident(_)))
                        && matches!(self.toks.get(self.pos + 1), Some((Tok::Sym("=>"), _)));
                    if is_lambda {
                        if !lambda || args.len() != 1 {
                            return Err(err(
                                self.offset(),
                                ConditionError::LambdaNotTaken {
                                    function: name,
                                    takes_lambda: lambda,
                                },
                            ));
                        }
                        let Some((Tok::Ident(p), _)) = self.toks.get(self.pos).cloned() else {
                            return Err(err(self.offset(), ConditionError::ExpectedParameter));
                        };
                        self.pos += 2;
                        self.params.push(p);
                        let slot = self.params.len() - 1;
                        let body = self.expr();
                        self.params.pop();
                        lam = Some((slot, body?));
                    } else {
                        args.push(self.expr()?);
                    }
                    if self.eat_sym(")") {
                        break;
                    }
                    self.expect_sym(",")?;
                }
            }
            self.depth -= 1;
            let n = args.len() + usize::from(lam.is_some());
            if lambda && min == 2 && n == 1 && lam.is_none() {
                return Err(err(off, ConditionError::ExpectedLambda { function: name }));
            }
            if n < min || n > max {
                return Err(err(
                    off,
                    ConditionError::WrongArity {
                        function: name,
                        min,
                        max,
                        found: n,
                    },
                ));
            }
            if lambda && args.len() == 2 && lam.is_none() {
                return Err(err(off, ConditionError::ExpectedLambda { function: name }));
            }
            return Ok(match lam {
                Some((slot, body)) => Expr::Lambda(
                    func,
                    Box::new(args.into_iter().next().unwrap_or(Expr::Lit(Lit::Null))),
                    slot,
                    Box::new(body),
                ),
                None => Expr::Call(func, args),
            });
        }
        if let Some(slot) = self.params.iter().rposition(|p| *p == name) {
            return Ok(Expr::Root(Root::Param(slot)));
        }
        if let Some((_, r)) = ROOTS.iter().find(|(n, _)| *n == name) {
            return Ok(Expr::Root(*r));
        }
        let names: Vec<&str> = ROOTS
            .iter()
            .map(|(n, _)| *n)
            .chain(self.params.iter().map(String::as_str))
            .collect();
        let suggestion = did_you_mean(&name, names).map(own);
        let _ = self.src;
        Err(err(
            off,
            ConditionError::UnknownVariable { name, suggestion },
        ))
    }
}

/// A ceiling on condition depth that no host limit can raise: parsing,
/// checking, evaluating and dropping recurse over the tree, and a stack
/// overflow in wasm traps the instance. 128 levels fit a 1 MiB stack with
/// room to spare in release builds and in 2 MiB debug test threads.
pub const HARD_MAX_DEPTH: usize = 128;

/// Parses and type-checks a condition.
pub fn parse(
    src: &str,
    max_depth: usize,
    max_nodes: usize,
    max_string: usize,
) -> Result<Expr, ExprError> {
    let max_depth = max_depth.min(HARD_MAX_DEPTH);
    let toks = lex(src, max_string)?;
    if toks.len() > max_nodes.saturating_mul(4) {
        return Err(err(0, ConditionError::TooManyNodes { max: max_nodes }));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end: src.len(),
        depth: 0,
        nodes: 0,
        max_depth,
        max_nodes,
        params: Vec::new(),
        src,
    };
    let mut e = p.expr()?;
    if p.pos < p.toks.len() {
        let found = p.found();
        return Err(err(p.offset(), ConditionError::TrailingInput { found }));
    }
    let mut params = Vec::new();
    check(&mut e, &mut params, 0, max_depth)?;
    Ok(e)
}

fn root_kind(r: Root, params: &[Kind]) -> Kind {
    match r {
        Root::Actor | Root::Target | Root::Successor | Root::User | Root::Candidate => Kind::User,
        Root::Item => Kind::Item,
        Root::Share => Kind::Share,
        Root::Account => Kind::Account,
        Root::Targets | Root::Users => Kind::ListOf(Box::new(Kind::User)),
        Root::Items => Kind::ListOf(Box::new(Kind::Item)),
        Root::Param(i) => params.get(i).cloned().unwrap_or(Kind::Any),
        Root::Rel | Root::Options | Root::Now | Root::Action => Kind::Any,
    }
}

/// Checks attribute names against what is known of each value, for "did
/// you mean" hints at load, and resolves each to its [`Attr`].
fn check(
    e: &mut Expr,
    params: &mut Vec<Kind>,
    depth: usize,
    max_depth: usize,
) -> Result<Kind, ExprError> {
    if depth > max_depth.saturating_mul(4) {
        return Err(err(0, ConditionError::NestedTooDeeply));
    }
    let d = depth + 1;
    Ok(match e {
        Expr::Lit(_) => Kind::Any,
        Expr::Root(r) => root_kind(*r, params),
        Expr::List(xs) => {
            for x in xs {
                check(x, params, d, max_depth)?;
            }
            Kind::Any
        }
        Expr::Get(inner, member) => {
            let k = check(inner, params, d, max_depth)?;
            let name = member.name.as_str();
            let (attr, attrs, what): (_, &'static [&'static str], &'static str) = match k {
                Kind::User => (UserAttr::named(name).map(Attr::User), USER_ATTRS, "a user"),
                Kind::Item => (ItemAttr::named(name).map(Attr::Item), ITEM_ATTRS, "an item"),
                Kind::Share => (
                    ShareAttr::named(name).map(Attr::Share),
                    SHARE_ATTRS,
                    "a share",
                ),
                Kind::Account => (
                    AccountAttr::named(name).map(Attr::Account),
                    ACCOUNT_ATTRS,
                    "the account",
                ),
                Kind::ListOf(_) => (None, &[], "a list"),
                Kind::Any => return Ok(Kind::Any),
            };
            let Some(attr) = attr else {
                return Err(err(
                    0,
                    ConditionError::UnknownAttribute {
                        object: what,
                        attribute: own(name),
                        // `target.items.count`: the function of that name.
                        suggestion: match what {
                            "a list" => FUNCS
                                .iter()
                                .any(|f| f.0 == name)
                                .then(|| format!("{name}(…)")),
                            _ => did_you_mean(name, attrs.iter().copied()).map(own),
                        },
                        known: attrs,
                    },
                ));
            };
            member.attr = Some(attr);
            match attr {
                Attr::User(UserAttr::Items) => Kind::ListOf(Box::new(Kind::Item)),
                Attr::Item(ItemAttr::Shares) => Kind::ListOf(Box::new(Kind::Share)),
                _ => Kind::Any,
            }
        }
        Expr::Not(x) | Expr::Neg(x) => {
            check(x, params, d, max_depth)?;
            Kind::Any
        }
        Expr::Bin(_, a, b) => {
            check(a, params, d, max_depth)?;
            check(b, params, d, max_depth)?;
            Kind::Any
        }
        Expr::Call(f, args) => {
            for a in args {
                check(a, params, d, max_depth)?;
            }
            match f {
                Func::UserById => Kind::User,
                Func::ItemById => Kind::Item,
                _ => Kind::Any,
            }
        }
        Expr::Lambda(f, coll, slot, body) => {
            let ck = check(coll, params, d, max_depth)?;
            let elem = match ck {
                Kind::ListOf(k) => *k,
                _ => Kind::Any,
            };
            params.truncate(*slot);
            params.push(elem.clone());
            check(body, params, d, max_depth)?;
            params.truncate(*slot);
            match f {
                Func::Filter => Kind::ListOf(Box::new(elem)),
                _ => Kind::Any,
            }
        }
    })
}

/// String literals a condition compares with a user's role (`target.role == 'owner'`,
/// `actor.role in ['admin', 'owner']`, `u.role == 'owner'` over `users`,
/// `rank('owner')`), for load-time checks.
pub fn role_literals<'e>(e: &'e Expr, out: &mut Vec<&'e str>) {
    compared_literals(e, Attr::User(UserAttr::Role), true, out);
}

/// String literals a condition compares with a user's status
/// (`target.status == 'suspended'`, `u.status != 'active'`), for load-time checks.
pub fn user_status_literals<'e>(e: &'e Expr, out: &mut Vec<&'e str>) {
    compared_literals(e, Attr::User(UserAttr::Status), false, out);
}

/// String literals compared (`==`, `!=`, `in`) with `attr` of any value the
/// compiler knows the kind of, and with `rank`'s argument when `rank` is set.
fn compared_literals<'e>(e: &'e Expr, attr: Attr, rank: bool, out: &mut Vec<&'e str>) {
    let is = |x: &Expr| matches!(x, Expr::Get(_, m) if m.attr == Some(attr));
    fn strings<'e>(e: &'e Expr, out: &mut Vec<&'e str>) {
        match e {
            Expr::Lit(Lit::Str(s)) => out.push(s),
            Expr::List(xs) => xs.iter().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    match e {
        Expr::Bin(BinOp::Eq | BinOp::Ne, a, b) if is(a) => strings(b, out),
        Expr::Bin(BinOp::Eq | BinOp::Ne, a, b) if is(b) => strings(a, out),
        Expr::Bin(BinOp::In, a, b) if is(a) => strings(b, out),
        Expr::Call(Func::Rank, args) if rank => args.iter().for_each(|a| strings(a, out)),
        _ => {}
    }
    match e {
        Expr::Lit(_) | Expr::Root(_) => {}
        Expr::List(xs) | Expr::Call(_, xs) => xs
            .iter()
            .for_each(|x| compared_literals(x, attr, rank, out)),
        Expr::Get(x, _) | Expr::Not(x) | Expr::Neg(x) => compared_literals(x, attr, rank, out),
        Expr::Bin(_, a, b) | Expr::Lambda(_, a, _, b) => {
            compared_literals(a, attr, rank, out);
            compared_literals(b, attr, rank, out);
        }
    }
}

/// Whether an expression mentions a root anywhere.
pub fn mentions(e: &Expr, root: Root) -> bool {
    match e {
        Expr::Root(r) => *r == root,
        Expr::Lit(_) => false,
        Expr::List(xs) | Expr::Call(_, xs) => xs.iter().any(|x| mentions(x, root)),
        Expr::Get(x, _) | Expr::Not(x) | Expr::Neg(x) => mentions(x, root),
        Expr::Bin(_, a, b) | Expr::Lambda(_, a, _, b) => mentions(a, root) || mentions(b, root),
    }
}

/// Whether a condition reads of the item in hand (`item`) its type and
/// status only, and nothing of the access grant or candidate in hand: its
/// value is then the same for every item of one type and status under one
/// relation while everything else in scope stays (the target, the request,
/// the workspace), and the engine evaluates it once per such class of items.
pub fn reads_item_class_only(e: &Expr) -> bool {
    match e {
        Expr::Get(inner, m) if matches!(**inner, Expr::Root(Root::Item)) => {
            matches!(m.attr, Some(Attr::Item(ItemAttr::Type | ItemAttr::Status)))
        }
        Expr::Root(Root::Item | Root::Share | Root::Candidate) => false,
        Expr::Root(_) | Expr::Lit(_) => true,
        Expr::List(xs) | Expr::Call(_, xs) => xs.iter().all(reads_item_class_only),
        Expr::Get(x, _) | Expr::Not(x) | Expr::Neg(x) => reads_item_class_only(x),
        Expr::Bin(_, a, b) | Expr::Lambda(_, a, _, b) => {
            reads_item_class_only(a) && reads_item_class_only(b)
        }
    }
}

/// A message template: text with `{expression}` holes; `{{` and `}}` escape braces.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    Hole(Expr),
}

/// Parses a template such as `"{target.fields.name} - deleted user resources"`.
pub fn parse_template(
    src: &str,
    max_depth: usize,
    max_nodes: usize,
    max_string: usize,
) -> Result<Vec<Piece>, ExprError> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = src;
    let mut base = 0;
    while let Some(i) = rest.find(['{', '}']) {
        let (before, after) = rest.split_at(i);
        text.push_str(before);
        if let Some(tail) = after.strip_prefix("{{") {
            text.push('{');
            base += i + 2;
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("}}") {
            text.push('}');
            base += i + 2;
            rest = tail;
        } else if let Some(tail) = after.strip_prefix('{') {
            let close = tail
                .find('}')
                .ok_or_else(|| err(base + i, ConditionError::UnterminatedHole))?;
            let inner = tail.get(..close).unwrap_or("");
            let e = parse(inner, max_depth, max_nodes, max_string).map_err(|mut e| {
                e.offset += base + i + 1;
                e
            })?;
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(Piece::Hole(e));
            base += i + 1 + close + 1;
            rest = tail.get(close + 1..).unwrap_or("");
        } else {
            return Err(err(base + i, ConditionError::UnbalancedBrace));
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn p(s: &str) -> Result<Expr, ExprError> {
        parse(s, 64, 2000, 1000)
    }
    #[test]
    fn parses_and_checks() {
        assert!(p("target.role == 'owner' and count(users, u => u.role == 'owner' and not u.leaving) == 0").is_ok());
        assert!(p("item.status in ['open', 'draft'] && successor != null").is_ok());
        assert!(p("daysSince(target.lastActiveAt) >= 90").is_ok());
        assert!(p("item.fields.group not in candidate.groups").is_ok());
        let e = p("target.rol == 'owner'").unwrap_err().error;
        assert_eq!(e.code(), "unknownAttribute");
        assert_eq!(e.help().as_deref(), Some("did you mean `role`?"));
        let e = p("targt.role == 'x'").unwrap_err().error;
        assert_eq!(e.help().as_deref(), Some("did you mean `target`?"));
        let e = p("cuont(users)").unwrap_err().error;
        assert_eq!(e.help().as_deref(), Some("did you mean `count`?"));
        assert_eq!(
            p("any(target.items, i => i.statsu == 'open')")
                .unwrap_err()
                .error
                .help()
                .as_deref(),
            Some("did you mean `status`?")
        );
        assert_eq!(p("(1").unwrap_err().error.code(), "expectedToken");
        assert_eq!(p("1 2").unwrap_err().error.code(), "unexpectedToken");
    }
    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(p(&deep).unwrap_err().error.code(), "limitExceeded");
        let nots = "not ".repeat(10_000) + "true";
        assert_eq!(p(&nots).unwrap_err().error.code(), "limitExceeded");
        let negs = "-".repeat(10_000) + "1";
        assert_eq!(p(&negs).unwrap_err().error.code(), "limitExceeded");
        let wide = vec!["1"; 5000].join(" + ");
        assert_eq!(p(&wide).unwrap_err().error.code(), "limitExceeded");
    }
    #[test]
    fn templates() {
        let t = parse_template(
            "{target.fields.name} - deleted user resources {{x}}",
            64,
            2000,
            1000,
        )
        .unwrap();
        assert_eq!(t.len(), 2);
        assert!(parse_template("{oops", 64, 2000, 1000).is_err());
    }
}
