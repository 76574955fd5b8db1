//! divan's forms compile cleanly under strict lints, register the names
//! divan's paths give them, and run.
#![forbid(unsafe_code)]
#![deny(warnings)]

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;

const LENS: &[usize] = &[2, 4];
const THREADS: &[usize] = &[1, 2];
const NAME: &str = "named";

#[divan::bench(args = LENS, name = NAME)]
fn by_name(bencher: Bencher, len: usize) {
    bencher.counter(BytesCount::new(len)).bench(|| vec![0u8; len]);
}

#[divan::bench(args = [String::from("a"), String::from("bc")])]
fn borrowed(s: &String) -> usize {
    s.len()
}

#[divan::bench(args = 1..=3)]
fn from_range(n: u32) -> u32 {
    n * 2
}

#[divan::bench(types = [u8, u64], counters = [ItemsCount::new(1u8), BytesCount::of::<u64>()])]
fn default_of<'a, T>() -> T
where
    T: Default + 'a,
{
    T::default()
}

const SIZES: &[usize] = &[1, 3];

#[divan::bench(consts = SIZES, threads)]
fn zeroes<const N: usize>() -> [u8; N] {
    [0; N]
}

#[divan::bench(threads = 0..=2, sample_count = 3, sample_size = 10, min_time = 1, max_time = 2.5)]
fn counted() -> u8 {
    divan::black_box(1)
}

#[divan::bench(max_time = std::time::Duration::from_secs(1), skip_ext_time = false)]
#[ignore]
fn later() {}

mod outer {
    #[divan::bench_group(threads = super::THREADS, bytes_count = 8u32, ignore = false)]
    pub mod group {
        #[divan::bench]
        fn first() -> u8 {
            1
        }

        mod inner {
            #[divan::bench]
            fn r#loop(bencher: divan::Bencher) {
                bencher.with_inputs(|| vec![1u8]).bench_local_values(|v| v);
            }
        }

        #[divan::bench_group(name = "renamed")]
        mod nested {
            #[divan::bench]
            fn last(bencher: divan::Bencher) {
                bencher.with_inputs(|| 3usize).count_inputs_as::<divan::counter::ItemsCount>().bench_values(|n| n);
            }
        }
    }
}

fn main() {
    use divan::__private::zenbench::__private::ZENBENCH_ENTRIES;
    let mut seen: Vec<(String, Option<&str>)> = ZENBENCH_ENTRIES
        .iter()
        .map(|e| (e.name.to_owned(), e.group))
        .collect();
    seen.sort();
    seen.dedup();
    let expected: Vec<(String, Option<&str>)> = vec![
        ("borrowed".into(), None),
        ("counted".into(), None),
        ("default_of".into(), None),
        ("first".into(), Some("outer::group")),
        ("from_range".into(), None),
        ("inner::loop".into(), Some("outer::group")),
        ("last".into(), Some("outer::group::renamed")),
        ("later".into(), None),
        ("named".into(), None),
        ("zeroes".into(), None),
    ];
    assert_eq!(seen, expected);
    let later = ZENBENCH_ENTRIES.iter().find(|e| e.name == "later").unwrap();
    assert!(later.ignore && later.options.max_time == Some(1.0));
    let counted = ZENBENCH_ENTRIES.iter().find(|e| e.name == "counted").unwrap();
    assert_eq!(counted.threads, Some(&[0usize, 1, 2][..]));
    assert_eq!((counted.options.min_rounds, counted.options.max_rounds), (Some(3), Some(3)));
    assert_eq!(counted.options.max_time, Some(2.5));
    let nested = ZENBENCH_ENTRIES.iter().find(|e| e.name == "last").unwrap();
    assert_eq!(nested.threads, Some(&[1usize, 2][..]));
    divan::Divan::default().test_benches();
}
