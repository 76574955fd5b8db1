//! Sorting through one instance of the standard library's stable sort:
//! every caller sorts indices with a `&dyn` comparator, so no closure or
//! element type instantiates the sort anew.

use std::cmp::Ordering;

/// The indices `0..len` in a stable order by `cmp` (equal ones stay in
/// index order).
pub(crate) fn stable_order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// [`stable_order`] of `keys` by [`f64::total_cmp`].
pub(crate) fn order_by_f64(keys: &[f64]) -> Vec<usize> {
    stable_order(keys.len(), &|a, b| keys[a].total_cmp(&keys[b]))
}
