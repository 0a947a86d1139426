//! Conditions and templates: what the parser and checker of `src/expr.rs` refuse.
use super::{did_you_mean, says, Code};
use std::fmt;

/// A condition or template hole that does not parse or check. The parser
/// gives it with its byte offset (`expr::ExprError`); the policy checker
/// places it in the policy as a [`PolicyError::Condition`](super::PolicyError::Condition).
///
/// `found` members say what stood where something else was expected, as
/// the message says it: ``, found `x` `` or ` but the condition ended`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConditionError {
    /// A number literal that does not read (`badNumber`).
    #[error("`{text}` is not a number")]
    BadNumber { text: String },
    /// A string literal without its closing quote (`unterminatedString`).
    #[error("unterminated string")]
    UnterminatedString,
    /// A string literal over `max` bytes, `maxStringBytes` (`limitExceeded`).
    #[error("string literal longer than {max} bytes (limit maxStringBytes)")]
    LongString { max: usize },
    /// A character that starts no token (`unexpectedCharacter`).
    #[error("unexpected character `{found}`")]
    UnexpectedCharacter { found: char },
    /// A symbol, `expected`, missing (`expectedToken`).
    #[error("expected `{expected}`{found}")]
    ExpectedToken {
        expected: &'static str,
        found: String,
    },
    /// `x[` not followed by a quoted name (`expectedToken`).
    #[error("expected a quoted name after `[`{found}")]
    ExpectedQuotedName { found: String },
    /// `x.` not followed by a name (`expectedToken`).
    #[error("expected a name after `.`{found}")]
    ExpectedName { found: String },
    /// `=>` without a parameter name before it (`expectedToken`).
    #[error("expected a parameter name")]
    ExpectedParameter,
    /// The condition ends where a value is expected (`unexpectedEnd`).
    #[error("expected a value but the condition ended")]
    UnexpectedEnd,
    /// A symbol where a value is expected (`unexpectedToken`).
    #[error("unexpected `{symbol}`")]
    UnexpectedSymbol { symbol: &'static str },
    /// `a < b < c` (`unexpectedToken`).
    #[error("comparisons do not chain; add parentheses{found}")]
    ChainedComparison { found: String },
    /// More after a whole condition (`unexpectedToken`).
    #[error("expected the end of the condition{found}")]
    TrailingInput { found: String },
    /// More than `max` nodes, `maxConditionNodes` (`limitExceeded`).
    #[error("condition has more than {max} nodes (limit maxConditionNodes)")]
    TooManyNodes { max: usize },
    /// Nested deeper than `max`, `maxConditionDepth` (`limitExceeded`).
    #[error("condition nested deeper than {max} (limit maxConditionDepth)")]
    TooDeep { max: usize },
    /// Nested too deep for the attribute check (`limitExceeded`).
    #[error("condition nested too deeply")]
    NestedTooDeeply,
    /// A lambda `parameter => …` where a value is expected (`unexpectedLambda`).
    #[error("a lambda `{parameter} => …` is used where a value is expected")]
    MisplacedLambda { parameter: String },
    /// A lambda given to `function`, which takes none there
    /// (`unexpectedLambda`); `takes_lambda`: it takes one as its second argument.
    #[error("`{function}` takes no lambda here")]
    LambdaNotTaken {
        function: String,
        takes_lambda: bool,
    },
    /// `function` called without the lambda it takes (`expectedLambda`).
    #[error("`{function}` takes a lambda as second argument, as in `{function}(users, u => u.status == 'active')`")]
    ExpectedLambda { function: String },
    /// `function` called with `found` arguments, not `min` to `max` (`wrongArity`).
    #[error(fmt = arity)]
    WrongArity {
        function: String,
        min: usize,
        max: usize,
        found: usize,
    },
    /// A function that does not exist (`unknownFunction`).
    #[error("unknown function `{name}`")]
    UnknownFunction {
        name: String,
        suggestion: Option<String>,
    },
    /// A name that is not a root or a lambda parameter (`unknownVariable`).
    #[error("unknown variable `{name}`")]
    UnknownVariable {
        name: String,
        suggestion: Option<String>,
    },
    /// An attribute `object` ("a user", "an item"…) does not have
    /// (`unknownAttribute`); `known` are the ones it has.
    #[error("{object} has no attribute `{attribute}`")]
    UnknownAttribute {
        object: &'static str,
        attribute: String,
        suggestion: Option<String>,
        known: &'static [&'static str],
    },
    /// A template's `{` without its `}` (`unterminatedHole`).
    #[error("`{{` without a closing `}}` in template")]
    UnterminatedHole,
    /// A template's `}` without its `{` (`unbalancedBrace`).
    #[error("`}}` without an opening `{{` in template (write `}}}}`)")]
    UnbalancedBrace,
}

fn arity(
    function: &str,
    min: &usize,
    max: &usize,
    found: &usize,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    if min == max {
        write!(f, "`{function}` takes {min} argument(s), found {found}")
    } else {
        write!(
            f,
            "`{function}` takes {min} to {max} argument(s), found {found}"
        )
    }
}

impl ConditionError {
    /// The code of the wire form.
    pub fn code(&self) -> Code {
        use ConditionError as E;
        match self {
            E::BadNumber { .. } => Code::BadNumber,
            E::UnterminatedString => Code::UnterminatedString,
            E::LongString { .. }
            | E::TooManyNodes { .. }
            | E::TooDeep { .. }
            | E::NestedTooDeeply => Code::LimitExceeded,
            E::UnexpectedCharacter { .. } => Code::UnexpectedCharacter,
            E::ExpectedToken { .. }
            | E::ExpectedQuotedName { .. }
            | E::ExpectedName { .. }
            | E::ExpectedParameter => Code::ExpectedToken,
            E::UnexpectedEnd => Code::UnexpectedEnd,
            E::UnexpectedSymbol { .. } | E::ChainedComparison { .. } | E::TrailingInput { .. } => {
                Code::UnexpectedToken
            }
            E::MisplacedLambda { .. } | E::LambdaNotTaken { .. } => Code::UnexpectedLambda,
            E::ExpectedLambda { .. } => Code::ExpectedLambda,
            E::WrongArity { .. } => Code::WrongArity,
            E::UnknownFunction { .. } => Code::UnknownFunction,
            E::UnknownVariable { .. } => Code::UnknownVariable,
            E::UnknownAttribute { .. } => Code::UnknownAttribute,
            E::UnterminatedHole => Code::UnterminatedHole,
            E::UnbalancedBrace => Code::UnbalancedBrace,
        }
    }

    /// What to do about it, if there is something to say.
    pub fn help(&self) -> Option<String> {
        use ConditionError as E;
        match self {
            E::UnexpectedCharacter { found: '=' } => {
                says("did you mean `==`? `=` alone is not an operator")
            }
            E::UnexpectedCharacter { found: '&' } => says("did you mean `&&` (or `and`)?"),
            E::UnexpectedCharacter { found: '|' } => says("did you mean `||` (or `or`)?"),
            E::ExpectedQuotedName { .. } => says("write a field name in quotes, as in `target.fields[\"job-title\"]`"),
            E::MisplacedLambda { parameter } => Some(format!("a lambda can only be the second argument of count, any, all or none, as in `any(users, {parameter} => …)`")),
            E::LambdaNotTaken {
                function,
                takes_lambda: true,
            } => Some(format!(
                "the lambda is the second argument, after the list: `{function}(users, u => …)`"
            )),
            E::LambdaNotTaken { .. } => says("a lambda can only be the second argument of count, any, all or none"),
            E::UnknownAttribute {
                suggestion: None,
                known,
                object,
                ..
            } => {
                if known.is_empty() && *object == "a list" {
                    // A list is read through functions (a function's name
                    // comes back as `suggestion`, "did you mean `count(…)`?").
                    Some("a list has no attributes: read it with a function such as `count(…)`, `any(…)` or `map(…)`".to_string())
                } else if known.is_empty() {
                    None
                } else {
                    Some(format!("known attributes: {}", known.join(", ")))
                }
            }
            E::UnknownFunction { suggestion, .. }
            | E::UnknownVariable { suggestion, .. }
            | E::UnknownAttribute { suggestion, .. } => did_you_mean(suggestion.as_deref()),
            _ => None,
        }
    }
}
