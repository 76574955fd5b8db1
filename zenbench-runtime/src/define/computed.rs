//! What generated code needs for values the attribute cannot see written
//! out: `args = EXPR` (a list computed at run time) and `threads = EXPR` (a
//! constant count or list). Reached through `__private`.

use std::any::Any;
use std::sync::OnceLock;

/// The args of one `args = EXPR` bench: `EXPR` collected once, at its first
/// use, and kept for the rest of the process.
///
/// The items' type is the expression's, not the parameter's (a `const`
/// slice of `usize` yields `&usize` items): [`IntoArg`] hands each item to
/// the parameter.
pub struct ComputedArgs {
    items: OnceLock<Box<dyn Any + Send + Sync>>,
}

impl ComputedArgs {
    /// An empty list, for a `static`.
    pub const fn new() -> ComputedArgs {
        ComputedArgs {
            items: OnceLock::new(),
        }
    }

    /// The items of `make()`, collected by the first call.
    ///
    /// # Panics
    ///
    /// When a later call asks for items of another type: generated code
    /// calls it from one fn, with one expression, so that never happens.
    pub fn items<I>(&'static self, make: impl FnOnce() -> I) -> &'static [I::Item]
    where
        I: IntoIterator,
        I::Item: Send + Sync + 'static,
    {
        let items = self
            .items
            .get_or_init(|| Box::new(make().into_iter().collect::<Vec<I::Item>>()));
        items
            .downcast_ref::<Vec<I::Item>>()
            .expect("zenbench: the args of one bench changed type")
    }

    /// Ties the items' type to the parameter's `T` before anything else
    /// looks at the items (an integer literal's type is inferred from it).
    pub fn typed<T, X>(items: &'static [X]) -> &'static [X]
    where
        &'static X: IntoArg<T>,
    {
        items
    }
}

impl Default for ComputedArgs {
    fn default() -> Self {
        ComputedArgs::new()
    }
}

/// How an item of a computed args list reaches a parameter of type `T`:
/// the reference itself (`&Item`), a clone through it (`Item`), through a
/// reference to a reference (a slice of `&str` for a `&str` parameter), or
/// as a `&str` from a `String`, `Box<str>` or `Cow<str>`.
pub trait IntoArg<T> {
    /// The parameter's value.
    fn into_arg(self) -> T;
}

impl<T> IntoArg<T> for T {
    fn into_arg(self) -> T {
        self
    }
}

impl<T: Clone> IntoArg<T> for &T {
    fn into_arg(self) -> T {
        self.clone()
    }
}

impl<T: Clone> IntoArg<T> for &&T {
    fn into_arg(self) -> T {
        (*self).clone()
    }
}

impl<'a> IntoArg<&'a str> for &'a String {
    fn into_arg(self) -> &'a str {
        self
    }
}

impl<'a> IntoArg<&'a str> for &'a Box<str> {
    fn into_arg(self) -> &'a str {
        self
    }
}

impl<'a> IntoArg<&'a str> for &'a std::borrow::Cow<'a, str> {
    fn into_arg(self) -> &'a str {
        self
    }
}

/// The largest count a `threads = EXPR` constant may name; literals are
/// not bounded.
pub const MAX_COMPUTED_THREADS: usize = 1024;

/// `0, 1, 2, …, MAX`: the counts a constant `threads = N` or range is a
/// slice of, since a `const fn` cannot build a new `'static` slice.
static COUNTS: [usize; MAX_COMPUTED_THREADS + 1] = {
    let mut counts = [0; MAX_COMPUTED_THREADS + 1];
    let mut i = 0;
    while i <= MAX_COMPUTED_THREADS {
        counts[i] = i;
        i += 1;
    }
    counts
};

/// `threads = EXPR` for an expression that is not written out: a constant
/// `usize` (one count), `&[usize]` or `&[usize; N]` (a list), or a range of
/// counts, turned into the `&'static [usize]` a bench's registration holds.
pub struct ThreadCounts<T>(pub T);

/// `counts[start..end]` of [`COUNTS`], checked at compile time.
const fn span(start: usize, end: usize) -> &'static [usize] {
    if end > MAX_COMPUTED_THREADS + 1 || start > end {
        panic!(
            "zenbench: a computed `threads` count is at most 1024; write larger ones out as a list"
        );
    }
    COUNTS.split_at(end).0.split_at(start).1
}

impl ThreadCounts<usize> {
    /// One count.
    pub const fn counts(self) -> &'static [usize] {
        span(self.0, self.0 + 1)
    }
}

impl ThreadCounts<&'static [usize]> {
    /// The list as it is.
    pub const fn counts(self) -> &'static [usize] {
        self.0
    }
}

impl<const N: usize> ThreadCounts<&'static [usize; N]> {
    /// The list as it is.
    pub const fn counts(self) -> &'static [usize] {
        self.0
    }
}

impl ThreadCounts<std::ops::Range<usize>> {
    /// `start..end`.
    pub const fn counts(self) -> &'static [usize] {
        span(self.0.start, self.0.end)
    }
}

impl ThreadCounts<std::ops::RangeInclusive<usize>> {
    /// `start..=end`.
    pub const fn counts(self) -> &'static [usize] {
        span(*self.0.start(), *self.0.end() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computed_args_collect_once_and_hand_items_on() {
        static ARGS: ComputedArgs = ComputedArgs::new();
        static LENS: &[usize] = &[1, 8, 64];
        let mut calls = 0;
        for _ in 0..3 {
            let items = ARGS.items(|| {
                calls += 1;
                LENS
            });
            // A slice of `usize` yields `&usize` items, handed on as `&&usize`.
            let n: usize = IntoArg::<usize>::into_arg(items.get(2).unwrap());
            assert_eq!(n, 64);
        }
        assert_eq!(calls, 1);

        static WORDS: ComputedArgs = ComputedArgs::new();
        let items = WORDS.items(|| vec![String::from("a"), String::from("bc")]);
        let s: &str = IntoArg::<&str>::into_arg(&items[1]);
        let owned: String = IntoArg::<String>::into_arg(&items[0]);
        let same: &String = IntoArg::<&String>::into_arg(&items[0]);
        assert_eq!((s, owned.as_str(), same.as_str()), ("bc", "a", "a"));
    }

    #[test]
    fn thread_counts_of_constants() {
        const LIST: &[usize] = &[0, 1, 4];
        const ONE: &[usize] = ThreadCounts(4usize).counts();
        const RANGE: &[usize] = ThreadCounts(1..=3usize).counts();
        const HALF_OPEN: &[usize] = ThreadCounts(2..4usize).counts();
        const ARRAY: &[usize] = ThreadCounts(&[2usize, 8]).counts();
        assert_eq!(ThreadCounts(LIST).counts(), [0, 1, 4]);
        assert_eq!(ONE, [4]);
        assert_eq!(RANGE, [1, 2, 3]);
        assert_eq!(HALF_OPEN, [2, 3]);
        assert_eq!(ARRAY, [2, 8]);
        assert_eq!(ThreadCounts(1024usize).counts(), [1024]);
    }
}
