//! The bench fn's shapes, qualifiers and generics.
use super::*;
use quote::{quote, ToTokens};

fn attr(tokens: TokenStream) -> BenchAttr {
    syn::parse2(tokens).unwrap()
}

fn shape_of(a: TokenStream, item: TokenStream) -> Result<Shape> {
    BenchFn::parse(item, &attr(a)).map(|f| f.shape)
}

fn err(a: TokenStream, item: TokenStream) -> String {
    match shape_of(a, item) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_three_shapes() {
    assert!(matches!(
        shape_of(
            quote!(),
            quote!(
                fn f() -> u64 {
                    1
                }
            )
        ),
        Ok(Shape::Plain)
    ));
    assert!(matches!(
        shape_of(
            quote!(),
            quote!(
                fn f() {}
            )
        ),
        Ok(Shape::Plain)
    ));
    assert!(matches!(
        shape_of(
            quote!(),
            quote!(
                pub fn f(b: &mut Bencher) {}
            )
        ),
        Ok(Shape::Bencher)
    ));
    assert!(matches!(
        shape_of(
            quote!(),
            quote!(
                fn f(_: &mut zenbench::Bencher) -> () {}
            )
        ),
        Ok(Shape::Bencher)
    ));
    let Ok(Shape::BencherArg { pat, ty }) = shape_of(
        quote!(args = [1]),
        quote!(
            fn f(b: &mut ::zenbench::Bencher, mut n: usize) {}
        ),
    ) else {
        panic!("expected BencherArg");
    };
    assert_eq!(pat.to_token_stream().to_string(), "mut n");
    assert_eq!(ty.to_token_stream().to_string(), "usize");
}

#[test]
fn const_fn_and_attributes_are_accepted() {
    let f = BenchFn::parse(
        quote!(
            #[inline(never)]
            #[cfg(unix)]
            /// doc
            pub(crate) const fn f() -> u32 {
                7
            }
        ),
        &attr(quote!()),
    )
    .unwrap();
    assert_eq!(f.ident, "f");
}

#[test]
fn arg_type_lifetimes_become_static() {
    let ty = |t: TokenStream| match shape_of(
        quote!(args = [x]),
        quote!(fn f(b: &mut Bencher, x: #t) {}),
    ) {
        Ok(Shape::BencherArg { ty, .. }) => ty.to_token_stream().to_string(),
        Ok(_) => panic!("wrong shape"),
        Err(e) => e.to_string(),
    };
    assert_eq!(ty(quote!(&str)), "& 'static str");
    assert_eq!(ty(quote!(&'_ [u8])), "& 'static [u8]");
    assert_eq!(
        ty(quote!((&str, Vec<&u8>))),
        "(& 'static str , Vec < & 'static u8 >)"
    );
    assert_eq!(ty(quote!(Cow<'_, str>)), "Cow < 'static , str >");
    assert_eq!(ty(quote!(fn(&str) -> &str)), "fn (& str) -> & str");
    assert_eq!(
        ty(quote!(impl Display)),
        "the arg parameter cannot be `impl Trait`; name the args' concrete type"
    );
}

#[test]
fn not_a_fn() {
    let msg = "`#[zenbench::bench]` applies to fn items only, like `fn parse() -> Config { ... }`";
    assert_eq!(
        err(
            quote!(),
            quote!(
                struct S;
            )
        ),
        msg
    );
    assert_eq!(
        err(
            quote!(),
            quote!(
                pub static X: u8 = 1;
            )
        ),
        msg
    );
    assert_eq!(
        err(
            quote!(),
            quote!(
                fn f();
            )
        ),
        msg
    );
}

#[test]
fn qualifiers_and_generics() {
    assert!(err(
        quote!(),
        quote!(
            async fn f() {}
        )
    )
    .contains("`async fn`"));
    assert!(err(
        quote!(),
        quote!(
            unsafe fn f() {}
        )
    )
    .contains("`unsafe fn`"));
    assert!(err(
        quote!(),
        quote!(
            fn f<T>() {}
        )
    )
    .starts_with("a bench fn cannot be generic"));
    assert!(err(
        quote!(),
        quote!(
            fn f<'a>(b: &'a mut Bencher) {}
        )
    )
    .starts_with("a bench fn cannot be generic"));
    assert!(err(
        quote!(),
        quote!(
            fn f()
            where
                u8: Copy,
            {
            }
        )
    )
    .contains("`where` clause"));
}

#[test]
fn parameter_shapes() {
    assert!(err(
        quote!(),
        quote!(
            fn f(&self) {}
        )
    )
    .contains("cannot take `self`"));
    assert!(err(
        quote!(),
        quote!(
            fn f(n: usize) {}
        )
    )
    .starts_with("expected `&mut Bencher` as the first parameter"));
    assert!(err(
        quote!(),
        quote!(
            fn f(b: &Bencher) {}
        )
    )
    .starts_with("expected `&mut Bencher`"));
    assert!(err(
        quote!(),
        quote!(
            fn f(b: Bencher) {}
        )
    )
    .starts_with("expected `&mut Bencher`"));
    assert!(err(
        quote!(),
        quote!(
            fn f(b: &mut Bencher, n: usize) {}
        )
    )
    .starts_with("a second parameter receives an arg"));
    assert!(err(
        quote!(args = [1]),
        quote!(
            fn f(b: &mut Bencher) {}
        )
    )
    .starts_with("`args` needs a parameter"));
    assert!(err(
        quote!(args = [1]),
        quote!(
            fn f() {}
        )
    )
    .starts_with("`args` needs a parameter"));
    assert!(err(
        quote!(args = [1]),
        quote!(
            fn f(b: &mut Bencher, n: usize, m: usize) {}
        )
    )
    .starts_with("too many parameters"));
    assert!(err(
        quote!(),
        quote!(
            fn f(b: &mut Bencher) -> u64 {
                1
            }
        )
    )
    .contains("must return `()`"));
}
