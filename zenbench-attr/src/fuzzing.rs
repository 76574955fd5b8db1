//! The attribute fuzz target's entry point. The target (`fuzz/`) compiles
//! this crate's modules into itself (a proc-macro crate exports nothing but
//! its macros), and the test below replays the target's corpus through it.

use proc_macro2::TokenStream;
use quote::quote;
use std::str::FromStr;

/// The item an input without one is expanded over.
const DEFAULT_ITEM: &str = "fn f(b: &mut Bencher) { b.iter(|| 1) }";

/// Any bytes as `ARGS`, or `ARGS` NUL `ITEM`: expanded as
/// `#[zenbench::bench(ARGS)] ITEM` and as `#[zenbench::bench_group(ARGS)]`
/// over a module holding `#[zenbench::bench] ITEM`. Text that is not
/// UTF-8 or does not lex never reaches a macro (the compiler refuses it
/// first). Must not panic: a panicking macro is a compiler error without a
/// span.
pub(crate) fn attribute(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let (args, item) = text.split_once('\0').unwrap_or((text, DEFAULT_ITEM));
    let (Ok(args), Ok(item)) = (TokenStream::from_str(args), TokenStream::from_str(item)) else {
        return;
    };
    if let Ok(attr) = syn::parse2::<crate::options::BenchAttr>(args.clone()) {
        let _ = attr.options_tokens().to_string();
    }
    let expanded = match crate::expand::bench(args.clone(), item.clone()) {
        Ok(tokens) => tokens,
        Err(e) => e.to_compile_error(),
    };
    let _ = expanded.to_string();
    let module = quote!(mod m { #[zenbench::bench] #item });
    let grouped = match crate::group::bench_group(args, module) {
        Ok(tokens) => tokens,
        Err(e) => e.to_compile_error(),
    };
    let _ = grouped.to_string();
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// The stack rustc runs a proc macro on (its main thread's, 8 MiB),
    /// not a test thread's 2 MiB: syn parses nested input recursively.
    const COMPILER_STACK: usize = 8 << 20;

    #[test]
    fn the_attribute_corpus_replays_without_a_panic() {
        std::thread::Builder::new()
            .stack_size(COMPILER_STACK)
            .spawn(replay)
            .unwrap()
            .join()
            .unwrap();
    }

    fn replay() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
        let mut n = 0;
        for dir in ["corpus/attribute", "regressions/attribute"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                let bytes = std::fs::read(e.path()).unwrap();
                eprintln!("{}", e.path().display());
                super::attribute(&bytes);
                n += 1;
            }
        }
        assert!(n >= 10, "{n} files");
    }

    #[test]
    fn an_input_without_an_item_expands_over_the_default_one() {
        super::attribute(b"group = \"g\", args = [1, 2]");
        super::attribute(b"threads = [1, 2]\0fn f(b: &mut Bencher) { b.iter(|| 1) }");
        super::attribute(b"\xff");
    }
}
