//! `types` and `consts` compile under strict lints: a type list with paths
//! and a `where` clause, consts with `bytes`, and types with args.
#![forbid(unsafe_code)]
#![deny(warnings)]

use std::collections::hash_map::DefaultHasher;
use std::hash::{BuildHasherDefault, Hasher};
use zenbench::Bencher;

#[zenbench::bench(types = [DefaultHasher, std::collections::hash_map::DefaultHasher])]
fn hash_with<H>(b: &mut Bencher)
where
    H: Hasher + Default,
{
    b.iter(|| {
        let mut h = H::default();
        h.write_u64(7);
        h.finish()
    })
}

#[zenbench::bench(consts = [16, 256], bytes = N)]
fn zeroes<const N: usize>(b: &mut Bencher) {
    b.iter(|| [0u8; N])
}

#[zenbench::bench(types = [u8, u32], args = [1, 2])]
fn widen<T: From<u8>>(b: &mut Bencher, k: u8) {
    b.iter(|| T::from(k))
}

type Build = BuildHasherDefault<DefaultHasher>;

fn main() {
    let _ = Build::default();
    let entries = &zenbench::__private::ZENBENCH_ENTRIES;
    assert_eq!(entries.iter().filter(|e| e.name == "hash_with").count(), 2);
    assert_eq!(entries.iter().filter(|e| e.name == "zeroes").count(), 2);
    let labels: Vec<String> = entries
        .iter()
        .filter(|e| e.name == "zeroes")
        .map(|e| (e.variant.unwrap())())
        .collect();
    assert!(labels.contains(&"16".to_string()) && labels.contains(&"256".to_string()));
}
