//! Values of the structural keys: what kind each one must be.

use proc_macro2::{Literal, TokenStream};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::{Error, Expr, ExprLit, Ident, Lit, LitStr, Result, UnOp};

/// A count: a literal checked here, or an expression the compiler types.
pub(crate) enum Value<T> {
    /// The value and the tokens it was written as (for error spans).
    Lit(T, TokenStream),
    Expr(Box<Expr>),
}

#[cfg(test)]
impl<T: Copy> Value<T> {
    /// The value, when it was written as a literal.
    pub fn literal(&self) -> Option<T> {
        match self {
            Value::Lit(v, _) => Some(*v),
            Value::Expr(_) => None,
        }
    }
}

/// A literal is emitted suffixed (`10u64`); an expression is emitted as
/// written, without a cast, so the compiler checks its type.
impl ToTokens for Value<u64> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Value::Lit(v, written) => spanned_literal(Literal::u64_suffixed(*v), written, tokens),
            Value::Expr(e) => e.to_tokens(tokens),
        }
    }
}

fn spanned_literal(mut lit: Literal, written: &TokenStream, tokens: &mut TokenStream) {
    lit.set_span(crate::expand::first_span(written));
    lit.to_tokens(tokens);
}

/// The value of a key that needs one, or an error on the key.
pub(crate) fn need(key: &Ident, value: Option<Expr>, example: &str) -> Result<Expr> {
    value.ok_or_else(|| {
        Error::new(
            key.span(),
            format!("`{}` needs a value, like `{example}`", key.unraw()),
        )
    })
}

/// Strips the invisible groups and parentheses macros wrap around expressions.
pub(crate) fn peel(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(g) => peel(&g.expr),
        Expr::Paren(p) => peel(&p.expr),
        e => e,
    }
}

/// A name: a string literal, checked here, or any other expression, which
/// the compiler checks is a `&'static str` constant (`name = NAME`).
pub(crate) enum Text {
    Lit(LitStr),
    Expr(Box<Expr>),
}

#[cfg(test)]
impl Text {
    /// The value, when it was written as a literal.
    pub fn literal(&self) -> Option<String> {
        match self {
            Text::Lit(lit) => Some(lit.value()),
            Text::Expr(_) => None,
        }
    }
}

impl ToTokens for Text {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Text::Lit(lit) => lit.to_tokens(tokens),
            Text::Expr(e) => e.to_tokens(tokens),
        }
    }
}

/// A name (`name`, `group`): a non-blank string literal, or an expression
/// that is not a literal of another kind.
pub(crate) fn parse_text(key: &Ident, value: Option<Expr>, example: &str) -> Result<Text> {
    let expr = need(key, value, example)?;
    match peel(&expr) {
        Expr::Lit(ExprLit {
            lit: Lit::Str(_), ..
        }) => parse_str(key, Some(expr), example).map(Text::Lit),
        Expr::Lit(_) => Err(Error::new_spanned(
            &expr,
            format!("expected a string literal, like `{example}`"),
        )),
        _ => Ok(Text::Expr(Box::new(expr))),
    }
}

/// `args = [e1, e2, ...]`, not empty.
pub(crate) fn parse_args(key: &Ident, expr: Expr) -> Result<Vec<Expr>> {
    match peel(&expr) {
        Expr::Array(array) if array.elems.is_empty() && key == "consts" => Err(Error::new_spanned(
            &expr,
            "`consts` is empty; give at least one value, like `consts = [1, 8, 64]`",
        )),
        Expr::Array(array) if array.elems.is_empty() => Err(Error::new_spanned(
            &expr,
            "`args` is empty; give at least one arg, like `args = [64, 4096]`",
        )),
        Expr::Array(array) => Ok(array.elems.iter().cloned().collect()),
        _ => Err(Error::new_spanned(
            &expr,
            format!(
                "expected `{}` to be an array of args, like `args = [64, 4096]`",
                key.unraw()
            ),
        )),
    }
}

/// A non-blank string literal.
pub(crate) fn parse_str(key: &Ident, value: Option<Expr>, example: &str) -> Result<LitStr> {
    let expr = need(key, value, example)?;
    match peel(&expr) {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) if s.value().trim().is_empty() => Err(Error::new(
            s.span(),
            format!("`{}` cannot be empty", key.unraw()),
        )),
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(s.clone()),
        _ => Err(Error::new_spanned(
            &expr,
            format!("expected a string literal, like `{example}`"),
        )),
    }
}

/// A bare flag is `true`; otherwise the value must be `true` or `false`.
pub(crate) fn parse_flag(value: Option<Expr>) -> Result<bool> {
    let Some(expr) = value else {
        return Ok(true);
    };
    match peel(&expr) {
        Expr::Lit(ExprLit {
            lit: Lit::Bool(b), ..
        }) => Ok(b.value),
        _ => Err(Error::new_spanned(
            &expr,
            "expected `true` or `false` (or the bare flag, meaning `true`)",
        )),
    }
}

/// A numeric literal, possibly negated. `None` for any other expression; an
/// error for a literal that is not a number (`"2s"`, `true`).
fn numeric_literal<'e>(expr: &'e Expr, what: &str) -> Result<Option<(bool, &'e Lit)>> {
    let (negative, lit) = match peel(expr) {
        Expr::Lit(ExprLit { lit, .. }) => (false, lit),
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => match peel(&u.expr) {
            Expr::Lit(ExprLit { lit, .. }) => (true, lit),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    match lit {
        Lit::Int(_) | Lit::Float(_) => Ok(Some((negative, lit))),
        _ => Err(Error::new_spanned(
            expr,
            format!("expected {what}, not this literal"),
        )),
    }
}

/// A count: a non-negative integer literal, or a `u64` expression.
pub(crate) fn parse_u64(expr: Expr, what: &str) -> Result<Value<u64>> {
    let Some((negative, lit)) = numeric_literal(&expr, what)? else {
        return Ok(Value::Expr(Box::new(expr)));
    };
    let Lit::Int(int) = lit else {
        return Err(Error::new_spanned(
            &expr,
            format!("expected {what} (a whole number), not a float"),
        ));
    };
    // Parsed as u64 directly: exact up to u64::MAX.
    let v: u64 = int.base10_parse()?;
    if negative && v != 0 {
        return Err(Error::new_spanned(
            &expr,
            format!("expected {what}, not a negative number"),
        ));
    }
    Ok(Value::Lit(v, expr.to_token_stream()))
}
