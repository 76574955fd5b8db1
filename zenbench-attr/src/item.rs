//! The annotated item: which of the three bench shapes the fn has.
//!
//! Only the signature is parsed; the body stays an opaque token tree, so a
//! syntax error inside it is reported by rustc, not by this macro.

use crate::options::BenchAttr;
use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{
    token, Attribute, Error, FnArg, GenericArgument, Ident, Lifetime, Pat, PathArguments, Result,
    ReturnType, Signature, Type, TypeParamBound, Visibility,
};

/// A fn with a body, as far as the macro needs to know it.
pub(crate) struct BenchFn {
    pub ident: Ident,
    /// The generic parameter `types` or `consts` fills: `T`, or `N` and
    /// its type.
    pub generic: Option<(Ident, Option<Type>)>,
    pub shape: Shape,
    /// What a thread bench's fn takes after the Bencher (and the arg).
    pub thread: ThreadParams,
}

/// The parameters a thread bench may add: `state: &S` (with `contended`)
/// and the thread index.
#[derive(Default)]
pub(crate) struct ThreadParams {
    /// `S` of a `&S` parameter receiving the contended state.
    pub state: Option<Box<Type>>,
    /// A last parameter receiving the thread index (`tid: usize`).
    pub tid: bool,
}

/// The three forms a bench fn may take.
pub(crate) enum Shape {
    /// `fn f() -> T`: the body is the routine.
    Plain,
    /// `fn f(b: &mut Bencher)`.
    Bencher,
    /// `fn f(b: &mut Bencher, arg: T)` with `args = [...]`. `ty` has its
    /// elided lifetimes made `'static`, so it can name a return type.
    BencherArg { pat: Box<Pat>, ty: Box<Type> },
}

/// The item as parsed: its signature. rustc has already applied any
/// `#[cfg]` on it (wherever it stands), so the attributes are not needed.
struct RawItem {
    sig: Signature,
}

impl Parse for RawItem {
    fn parse(input: ParseStream) -> Result<Self> {
        input.call(Attribute::parse_outer)?;
        input.parse::<Visibility>()?;
        let rest: TokenStream = input.fork().parse()?;
        let not_a_fn = || {
            Error::new_spanned(
                &rest,
                "`#[zenbench::bench]` applies to fn items only, like `fn parse() -> Config { ... }`",
            )
        };
        let sig: Signature = input.parse().map_err(|_| not_a_fn())?;
        if !input.peek(token::Brace) {
            return Err(not_a_fn());
        }
        input.parse::<TokenStream>()?;
        Ok(RawItem { sig })
    }
}

impl BenchFn {
    /// Parses the item and checks its signature against the attribute.
    pub fn parse(item: TokenStream, attr: &BenchAttr) -> Result<BenchFn> {
        let raw: RawItem = syn::parse2(item)?;
        let sig = raw.sig;
        check_qualifiers(&sig)?;
        let generic = check_generics(&sig, attr)?;
        let (shape, thread) = shape(&sig, attr)?;
        Ok(BenchFn {
            ident: sig.ident,
            generic,
            shape,
            thread,
        })
    }
}

fn check_qualifiers(sig: &Signature) -> Result<()> {
    // `const fn` is accepted: it is an ordinary fn when called at run time.
    if let Some(a) = &sig.asyncness {
        return Err(Error::new(
            a.span,
            "`#[zenbench::bench]` does not support `async fn`; time async code from a sync fn",
        ));
    }
    if let syn::Safety::Unsafe(u) = &sig.safety {
        return Err(Error::new(
            u.span,
            "`#[zenbench::bench]` does not support `unsafe fn`; call the unsafe code from a safe fn",
        ));
    }
    if let Some(v) = &sig.variadic {
        return Err(Error::new_spanned(v, "a bench fn cannot be variadic"));
    }
    Ok(())
}

/// The one generic parameter `types` (a type parameter) or `consts` (a
/// const parameter) fills; no generics without them. Lifetime parameters
/// may stand beside it (`fn f<'a, T: From<&'a str>>`): the compiler infers them.
fn check_generics(sig: &Signature, attr: &BenchAttr) -> Result<Option<(Ident, Option<Type>)>> {
    use syn::GenericParam;
    let all: Vec<&GenericParam> = sig.generics.params.iter().collect();
    let lifetimes = all.iter().any(|p| matches!(p, GenericParam::Lifetime(_)));
    let filled = attr.types.is_some() || attr.consts.is_some();
    let params: Vec<&GenericParam> = if filled {
        all.into_iter()
            .filter(|p| !matches!(p, GenericParam::Lifetime(_)))
            .collect()
    } else {
        all
    };
    match (&attr.types, &attr.consts, params.as_slice()) {
        (None, None, []) => {
            if let Some(w) = &sig.generics.where_clause {
                return Err(Error::new_spanned(w, "a bench fn cannot have a `where` clause"));
            }
            Ok(None)
        }
        (None, None, _) => Err(Error::new_spanned(
            &sig.generics,
            "a bench fn cannot be generic unless the attribute says what to fill in: add `types = [u8, String]` for a type parameter or `consts = [1, 8]` for a const one",
        )),
        (Some(_), None, [GenericParam::Type(t)]) => Ok(Some((t.ident.clone(), None))),
        (None, Some(_), [GenericParam::Const(c)]) => {
            Ok(Some((c.ident.clone(), Some(c.ty.clone()))))
        }
        (Some((key, _)), None, _) => Err(Error::new(
            if params.is_empty() || lifetimes { key.span() } else { sig.generics.span() },
            "`types` needs a fn with exactly one type parameter, like `fn f<T: Hash>(b: &mut Bencher)`",
        )),
        (None, Some((key, _)), _) => Err(Error::new(
            if params.is_empty() || lifetimes { key.span() } else { sig.generics.span() },
            "`consts` needs a fn with exactly one const parameter, like `fn f<const N: usize>(b: &mut Bencher)`",
        )),
        (Some(_), Some(_), _) => unreachable!("the attribute refuses both"),
    }
}

const SHAPES: &str = "a bench is `fn f() -> T`, `fn f(b: &mut Bencher)`, or `fn f(b: &mut Bencher, arg: T)` with `args = [...]`";

/// The extra parameters of a thread bench.
const THREAD_SHAPES: &str = "with `threads` or `scaling`, a last `tid: usize` receives the thread index, and with `contended`, a `state: &S` before it";

fn shape(sig: &Signature, attr: &BenchAttr) -> Result<(Shape, ThreadParams)> {
    let mut params = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(r) => {
                return Err(Error::new_spanned(
                    r,
                    "a bench fn cannot take `self`; make it a free fn",
                ))
            }
            FnArg::Typed(t) => params.push(t),
        }
    }
    if let (Some(args), true) = (&attr.args, params.len() < 2) {
        return Err(Error::new(
            args.key.span(),
            "`args` needs a parameter to receive each arg: `fn f(b: &mut Bencher, arg: T)`",
        ));
    }
    if let (Some((key, _)), true) = (&attr.complexity, params.len() < 2) {
        return Err(Error::new(
            key.span(),
            "`complexity` needs a parameter to receive the input size: `fn f(b: &mut Bencher, n: usize)`",
        ));
    }
    let threaded = attr.threads.is_some() || attr.scaling.is_some();
    let Some(first) = params.first() else {
        if let Some((key, _)) = &attr.contended {
            return Err(Error::new(
                key.span(),
                "`contended` needs a parameter for the state: `fn f(b: &mut Bencher, state: &S, tid: usize)`",
            ));
        }
        return Ok((Shape::Plain, ThreadParams::default()));
    };
    if !is_bencher(&first.ty) {
        return Err(Error::new_spanned(
            &first.ty,
            format!("expected `&mut Bencher` as the first parameter; {SHAPES}"),
        ));
    }
    if let ReturnType::Type(_, ty) = &sig.output {
        if !is_unit(ty) {
            return Err(Error::new_spanned(
                ty,
                "a bench taking `&mut Bencher` must return `()`: hand the routine to `b.iter(...)`, which black-boxes its result",
            ));
        }
    }
    let core = if attr.args.is_some() || attr.complexity.is_some() {
        2
    } else {
        1
    };
    if attr.complexity.is_some() && !is_usize(&params[1].ty) {
        return Err(Error::new_spanned(
            &params[1].ty,
            "the input size of a complexity bench is a `usize`: `fn f(b: &mut Bencher, n: usize)`",
        ));
    }
    let shape = if core == 2 {
        let arg = params[1];
        let mut ty = (*arg.ty).clone();
        static_lifetimes(&mut ty)?;
        Shape::BencherArg {
            pat: arg.pat.clone(),
            ty: Box::new(ty),
        }
    } else {
        Shape::Bencher
    };
    let rest = &params[core.min(params.len())..];
    let mut thread = ThreadParams::default();
    let mut rest = rest.iter();
    if let Some((key, _)) = &attr.contended {
        match rest.next() {
            Some(p) => match &*p.ty {
                Type::Reference(r) if r.mutability.is_none() => {
                    thread.state = Some(r.elem.clone());
                }
                other => {
                    return Err(Error::new_spanned(
                        other,
                        "the contended state is shared: take it as `&S`",
                    ))
                }
            },
            None => {
                return Err(Error::new(
                    key.span(),
                    "`contended` needs a parameter for the state: `fn f(b: &mut Bencher, state: &S, tid: usize)`",
                ))
            }
        }
    }
    if threaded && rest.next().is_some() {
        thread.tid = true;
    }
    let extra = params[core.min(params.len())..]
        .get(usize::from(thread.state.is_some()) + usize::from(thread.tid));
    match extra {
        None => Ok((shape, thread)),
        Some(p) if !threaded && core == 1 => Err(Error::new_spanned(
            p,
            "a second parameter receives an arg: add `args = [...]` (or `complexity = \"n\"`) to the attribute",
        )),
        Some(p) if threaded => Err(Error::new_spanned(
            p,
            format!("too many parameters; {SHAPES}; {THREAD_SHAPES}"),
        )),
        Some(p) => Err(Error::new_spanned(
            p,
            format!("too many parameters; {SHAPES}"),
        )),
    }
}

/// `&mut Bencher`, through any path ending in `Bencher`.
fn is_bencher(ty: &Type) -> bool {
    match ty {
        Type::Group(g) => is_bencher(&g.elem),
        Type::Paren(p) => is_bencher(&p.elem),
        Type::Reference(r) if r.mutability.is_some() => match &*r.elem {
            Type::Path(p) if p.qself.is_none() => p
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "Bencher" && s.arguments.is_none()),
            Type::Group(g) => is_bencher(&Type::Reference(syn::TypeReference {
                elem: g.elem.clone(),
                ..r.clone()
            })),
            _ => false,
        },
        _ => false,
    }
}

/// `usize`, as written.
fn is_usize(ty: &Type) -> bool {
    match ty {
        Type::Group(g) => is_usize(&g.elem),
        Type::Paren(p) => is_usize(&p.elem),
        Type::Path(p) => p.qself.is_none() && p.path.is_ident("usize"),
        _ => false,
    }
}

fn is_unit(ty: &Type) -> bool {
    match ty {
        Type::Tuple(t) => t.elems.is_empty(),
        Type::Group(g) => is_unit(&g.elem),
        Type::Paren(p) => is_unit(&p.elem),
        _ => false,
    }
}

/// Makes the arg type nameable as a return type: elided and `'_` lifetimes
/// become `'static` (`&str` -> `&'static str`). `impl Trait` is an error: the
/// args' type must be one concrete type. Fn-pointer and `Fn(..)` sugar keep
/// their elided lifetimes, which are higher-ranked there.
fn static_lifetimes(ty: &mut Type) -> Result<()> {
    match ty {
        Type::Reference(r) => {
            let span = r.and_token.span;
            match &r.lifetime {
                Some(l) if l.ident != "_" => {}
                _ => r.lifetime = Some(Lifetime::new("'static", span)),
            }
            static_lifetimes(&mut r.elem)
        }
        Type::Array(a) => static_lifetimes(&mut a.elem),
        Type::Slice(s) => static_lifetimes(&mut s.elem),
        Type::Ptr(p) => static_lifetimes(&mut p.elem),
        Type::Group(g) => static_lifetimes(&mut g.elem),
        Type::Paren(p) => static_lifetimes(&mut p.elem),
        Type::Tuple(t) => t.elems.iter_mut().try_for_each(static_lifetimes),
        Type::Path(p) => {
            if let Some(q) = &mut p.qself {
                static_lifetimes(&mut q.ty)?;
            }
            for seg in &mut p.path.segments {
                if let PathArguments::AngleBracketed(args) = &mut seg.arguments {
                    for arg in &mut args.args {
                        match arg {
                            GenericArgument::Lifetime(l) if l.ident == "_" => {
                                *l = Lifetime::new("'static", l.span());
                            }
                            GenericArgument::Type(t) => static_lifetimes(t)?,
                            GenericArgument::AssocType(a) => static_lifetimes(&mut a.ty)?,
                            _ => {}
                        }
                    }
                }
            }
            Ok(())
        }
        Type::TraitObject(o) => {
            for bound in &mut o.bounds {
                if let TypeParamBound::Lifetime(l) = bound {
                    if l.ident == "_" {
                        *l = Lifetime::new("'static", l.span());
                    }
                }
            }
            Ok(())
        }
        Type::ImplTrait(i) => Err(Error::new_spanned(
            &*i,
            "the arg parameter cannot be `impl Trait`; name the args' concrete type",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
