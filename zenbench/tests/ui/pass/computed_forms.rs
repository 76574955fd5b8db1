//! Values the attribute cannot see written out compile under strict lints
//! and reach the bench: `args` computed at run time (a `const` slice, a
//! `Vec` of `String`s for a `&str`, a range, an inline list of a type the
//! parameter borrows), `threads` from a constant list, `name` and `group`
//! from constants, lifetimes beside a `types` parameter, and the hidden
//! `crate` option naming zenbench through a re-export.
#![forbid(unsafe_code)]
#![deny(warnings)]

use std::sync::Mutex;
use zenbench::Bencher;

const LENS: &[usize] = &[1, 8, 64];
const THREADS: &[usize] = &[1, 2];
const NAME: &str = "renamed";
const GROUP: &str = "computed";

static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn seen(what: String) {
    SEEN.lock().unwrap().push(what);
}

#[zenbench::bench(args = LENS)]
fn from_slice(b: &mut Bencher, len: usize) {
    seen(format!("len {len}"));
    b.iter(|| vec![0u8; len])
}

fn words() -> Vec<String> {
    vec!["ab".into(), "cde".into()]
}

#[zenbench::bench(args = words(), name = NAME, group = GROUP)]
fn from_strings(b: &mut Bencher, word: &str) {
    seen(format!("word {word}"));
    b.iter(|| word.len())
}

#[zenbench::bench(args = 2..=3, group = GROUP)]
fn from_range(b: &mut Bencher, n: u32) {
    seen(format!("n {n}"));
    b.iter(|| n * 2)
}

#[derive(Debug)]
enum Shape {
    Square,
    Circle,
}

#[zenbench::bench(args = { [Shape::Square, Shape::Circle] })]
fn by_reference(b: &mut Bencher, shape: &Shape) {
    seen(format!("shape {shape:?}"));
    b.iter(|| matches!(shape, Shape::Square))
}

#[zenbench::bench(threads = THREADS)]
fn threaded(b: &mut Bencher) {
    b.iter(|| 1)
}

#[zenbench::bench(types = [&'static str, String])]
fn from_str<'a, T>(b: &mut Bencher)
where
    T: From<&'a str>,
{
    b.iter(|| T::from("x"))
}

mod reexport {
    pub use zenbench as inner;
}

#[reexport::inner::bench(crate = reexport::inner, args = LENS)]
fn through_a_reexport(b: &mut reexport::inner::Bencher, len: usize) {
    b.iter(|| len)
}

const SIZES: &[usize] = &[1, 8, 64];

#[zenbench::bench(consts = SIZES, bytes = N)]
fn sized<const N: usize>(b: &mut Bencher) {
    b.iter(|| [0u8; N])
}

#[reexport::inner::bench_group(crate = reexport::inner)]
mod through_a_reexported_group {
    use super::reexport;

    #[reexport::inner::bench]
    fn member(b: &mut reexport::inner::Bencher) {
        b.iter(|| 2)
    }
}

fn main() {
    let entries = &zenbench::__private::ZENBENCH_ENTRIES;
    let entry = |name: &str| {
        entries
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name} is registered"))
    };
    let names = |name: &str| (entry(name).arg_names.unwrap())();
    assert_eq!(names("from_slice"), ["1", "8", "64"]);
    assert_eq!(names("renamed"), ["ab", "cde"]);
    assert_eq!(entry("renamed").group, Some("computed"));
    assert_eq!(names("from_range"), ["2", "3"]);
    assert_eq!(names("by_reference"), ["Square", "Circle"]);
    assert_eq!(names("through_a_reexport"), ["1", "8", "64"]);
    assert_eq!(entry("threaded").threads, Some(&[1usize, 2][..]));
    assert_eq!(entries.iter().filter(|e| e.name == "from_str").count(), 2);
    assert_eq!(entry("member").group, Some("through_a_reexported_group"));
    // `consts = SIZES`: every place the list may have is compiled; those
    // past its end are absent.
    let sized: Vec<_> = entries.iter().filter(|e| e.name == "sized").collect();
    assert_eq!(sized.len(), 20);
    let mut present: Vec<(u32, String)> = sized
        .iter()
        .filter(|e| !e.absent)
        .map(|e| (e.variant_index, (e.variant.unwrap())()))
        .collect();
    present.sort();
    assert_eq!(present, [(0, "1".into()), (1, "8".into()), (2, "64".into())]);
    let names = zenbench::Suite::from_registry().names();
    assert!(names.contains(&"sized/64".to_string()), "{names:?}");
    assert_eq!(names.iter().filter(|n| n.starts_with("sized/")).count(), 3);

    for (name, index) in [
        ("from_slice", 2),
        ("renamed", 1),
        ("from_range", 0),
        ("by_reference", 1),
    ] {
        (entry(name).run)(&mut Bencher::smoke(), index);
    }
    assert_eq!(
        *SEEN.lock().unwrap(),
        ["len 64", "word cde", "n 2", "shape Circle"]
    );
}
