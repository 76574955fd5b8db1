//! Every thread form compiles under strict lints: parallel with and without
//! the thread index, with args, a scaling sweep, and contended state.
#![forbid(unsafe_code)]
#![deny(warnings)]

use std::collections::HashMap;
use std::sync::Mutex;
use zenbench::Bencher;

#[zenbench::bench(threads = [1, 2, 4])]
fn parallel(b: &mut Bencher) {
    b.iter(|| std::hint::black_box(3u64).pow(3))
}

#[zenbench::bench(threads = [1, 0])]
fn plain_fn() -> u64 {
    7
}

#[zenbench::bench(threads = [1, 2], elements = 1)]
fn with_index(b: &mut Bencher, tid: usize) {
    b.iter(|| tid * 2)
}

#[zenbench::bench(args = [16, 256], threads = [1, 2])]
fn with_args(b: &mut Bencher, len: usize, tid: usize) {
    let v = vec![tid as u8; len];
    b.iter(|| v.len())
}

#[zenbench::bench(scaling, elements = 1000)]
fn sweep(b: &mut Bencher) {
    b.iter(|| (0..1000u64).sum::<u64>())
}

fn new_map() -> Mutex<HashMap<usize, u64>> {
    Mutex::new(HashMap::new())
}

#[zenbench::bench(threads = [1, 2], contended = new_map)]
fn contended(b: &mut Bencher, map: &Mutex<HashMap<usize, u64>>, tid: usize) {
    b.iter(|| {
        map.lock().unwrap().insert(tid, 1);
    })
}

#[zenbench::bench(scaling, contended = new_map)]
fn contended_sweep(b: &mut Bencher, map: &Mutex<HashMap<usize, u64>>) {
    b.iter(|| map.lock().unwrap().len())
}

fn main() {
    let entries = &zenbench::__private::ZENBENCH_ENTRIES;
    let get = |name: &str| entries.iter().find(|e| e.name == name).unwrap();
    assert_eq!(get("parallel").threads, Some(&[1usize, 2, 4][..]));
    assert_eq!(get("plain_fn").threads, Some(&[1usize, 0][..]));
    assert!(get("sweep").scaling && get("sweep").threads.is_none());
    assert!(get("contended").contended.is_some());
    assert!(get("parallel").contended.is_none());
}
