//! Benches declared by a `macro_rules!` (values arrive as invisible groups)
//! and inside a fn body.
#![deny(warnings)]

use zenbench::Bencher;

macro_rules! sized_bench {
    ($name:ident, $secs:expr, $len:expr, $group:literal) => {
        #[zenbench::bench(args = [$len, $len * 2], bytes = len, max_time = $secs, group = $group)]
        fn $name(b: &mut Bencher, len: usize) {
            let v = vec![1u8; len];
            b.iter(|| v.len())
        }
    };
}

sized_bench!(small, 0.5, 16, "sizes");
sized_bench!(large, 2, 4096, "sizes");

fn main() {
    #[zenbench::bench]
    fn local() -> u8 {
        7
    }

    let entries = &zenbench::__private::ZENBENCH_ENTRIES;
    assert_eq!(entries.len(), 3);
    let large = entries.iter().find(|e| e.name == "large").unwrap();
    assert_eq!(large.options.max_time, Some(2.0));
    assert_eq!(large.group, Some("sizes"));
    assert_eq!((large.arg_names.unwrap())(), ["4096", "8192"]);
    assert_eq!(
        (large.throughput.unwrap())(1),
        zenbench::Throughput::Bytes(8192)
    );
    (large.run)(&mut Bencher::smoke(), 1);
    let local_entry = entries.iter().find(|e| e.name == "local").unwrap();
    (local_entry.run)(&mut Bencher::smoke(), 0);
    assert_eq!(local(), 7);
}
