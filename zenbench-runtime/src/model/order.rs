//! Sorting through one small merge sort of our own: every caller sorts
//! indices with a `&dyn` comparator, so no closure or element type
//! instantiates a sort anew (the standard library's are generic and large).

use std::cmp::Ordering;

/// The indices `0..len` in a stable order by `cmp` (equal ones stay in
/// index order).
pub(crate) fn stable_order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = order.clone();
    // Bottom-up: sorted runs of `width` merged in pairs, widths doubling.
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = len.min(start + width);
            let end = len.min(start + 2 * width);
            let (mut left, mut right) = (start, mid);
            for slot in &mut merged[start..end] {
                // The right run's first goes first only when strictly less,
                // so equal ones keep their order.
                let take_right = left == mid
                    || (right < end && cmp(order[right], order[left]) == Ordering::Less);
                if take_right {
                    *slot = order[right];
                    right += 1;
                } else {
                    *slot = order[left];
                    left += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// [`stable_order`] of `keys` by [`f64::total_cmp`].
pub(crate) fn order_by_f64(keys: &[f64]) -> Vec<usize> {
    stable_order(keys.len(), &|a, b| keys[a].total_cmp(&keys[b]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_library() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for len in 0..70 {
            let keys: Vec<u64> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed % 8
                })
                .collect();
            let mut expected: Vec<usize> = (0..len).collect();
            expected.sort_by_key(|&i| keys[i]);
            assert_eq!(stable_order(len, &|a, b| keys[a].cmp(&keys[b])), expected);
        }
    }
}
