//! `types = [...]` and `consts = [...]`: one row per instance of a generic
//! bench fn, named by its type or value, compared within the fn's group.

use crate::define::registry::{registered, BenchDef};
use crate::measure::bencher::Bencher;
use crate::model::options::Options;

#[zenbench::bench(types = [u8, u64, Vec<u8>], bytes = std::mem::size_of::<T>())]
fn default_of<T: Default>(b: &mut Bencher) {
    b.iter(T::default)
}

#[zenbench::bench(consts = [1, 8, 64])]
fn sum_to<const N: usize>(b: &mut Bencher) {
    b.iter(|| (0..std::hint::black_box(N)).sum::<usize>())
}

#[zenbench::bench(group = "typed", types = [u32, u64], args = [10, 100])]
fn fill<T: From<u8> + Clone>(b: &mut Bencher, n: usize) {
    b.iter(|| vec![T::from(1); n])
}

fn rows(prefix: &str) -> Vec<BenchDef> {
    registered()
        .into_iter()
        .filter(|d| d.full_name.starts_with(prefix))
        .collect()
}

#[test]
fn each_type_is_a_row_of_the_fns_group_in_the_order_written() {
    let defs = rows("default_of/");
    let names: Vec<&str> = defs.iter().map(|d| d.full_name.as_str()).collect();
    assert_eq!(
        names,
        ["default_of/u8", "default_of/u64", "default_of/Vec<u8>"]
    );
    let bytes: Vec<u64> = defs.iter().map(|d| d.throughput.unwrap().count()).collect();
    assert_eq!(bytes, [1, 8, 24], "`bytes` sees each row's T");
    let plan = crate::plan::plan(defs, &Options::default(), &|_| true).unwrap();
    let g = &plan.groups[0];
    assert_eq!(g.name, "default_of");
    assert_eq!(g.baseline, 0, "the first type is the baseline");
    assert_eq!(g.comparisons, [(0, 1), (0, 2)]);
}

#[test]
fn each_const_is_a_row_named_by_its_value() {
    let names: Vec<String> = rows("sum_to/").into_iter().map(|d| d.full_name).collect();
    assert_eq!(names, ["sum_to/1", "sum_to/8", "sum_to/64"]);
}

#[test]
fn types_with_args_in_a_named_group_pair_each_arg_across_types() {
    let defs = rows("typed/");
    let names: Vec<&str> = defs.iter().map(|d| d.full_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "typed/fill/u32/10",
            "typed/fill/u32/100",
            "typed/fill/u64/10",
            "typed/fill/u64/100"
        ]
    );
    let plan = crate::plan::plan(defs, &Options::default(), &|_| true).unwrap();
    let g = &plan.groups[0];
    assert_eq!(
        g.comparisons,
        [(0, 2), (1, 3)],
        "u64/10 vs u32/10, u64/100 vs u32/100"
    );
}

#[test]
fn every_instance_runs() {
    let mut suite = crate::define::registry::Suite::new();
    suite.defs = registered()
        .into_iter()
        .filter(|d| ["default_of", "sum_to", "typed"].contains(&d.group.as_str()))
        .collect();
    let r = suite.run(&Options::default()).unwrap();
    let rows: usize = r.groups.iter().map(|g| g.benchmarks.len()).sum();
    assert_eq!(rows, 10);
    assert!(!r.any_failed());
}

// A bench group: its benches form one group and inherit its options.
#[zenbench::bench_group(max_time = 2.5)]
mod grouped {
    pub(super) use crate::Bencher;

    #[zenbench::bench]
    fn first(b: &mut Bencher) {
        b.iter(|| 1)
    }

    #[zenbench::bench(max_time = 1.0, baseline)]
    fn second(b: &mut Bencher) {
        b.iter(|| 2)
    }

    mod inner {
        use super::Bencher;

        #[zenbench::bench]
        fn third(b: &mut Bencher) {
            b.iter(|| 3)
        }
    }

    #[zenbench::bench_group(name = "nested_own", min_rounds = 5)]
    mod own {
        use super::Bencher;

        #[zenbench::bench]
        fn fourth(b: &mut Bencher) {
            b.iter(|| 4)
        }
    }
}

#[test]
fn a_bench_group_module_is_one_group_whose_options_its_benches_inherit() {
    let defs = rows("grouped/");
    let names: Vec<&str> = defs.iter().map(|d| d.full_name.as_str()).collect();
    assert_eq!(names, ["grouped/first", "grouped/second", "grouped/third"]);
    let max_time: Vec<Option<f64>> = defs.iter().map(|d| d.options.max_time).collect();
    assert_eq!(
        max_time,
        [Some(2.5), Some(1.0), Some(2.5)],
        "a bench's own option wins"
    );
    let plan = crate::plan::plan(defs, &Options::default(), &|_| true).unwrap();
    assert_eq!(plan.groups.len(), 1);
    assert_eq!(
        plan.groups[0].benches[plan.groups[0].baseline].name,
        "second"
    );
    assert_eq!(plan.groups[0].comparisons, [(1, 0), (1, 2)]);
    // The nested group is its own, with the outer options it does not set.
    let own = rows("nested_own/");
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].full_name, "nested_own/fourth");
    assert_eq!(
        (own[0].options.min_rounds, own[0].options.max_time),
        (Some(5), Some(2.5))
    );
}
