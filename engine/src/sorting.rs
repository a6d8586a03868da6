//! Sorting with one shared copy of the sort code.
//!
//! The standard library's stable sort is generic over the element and the
//! comparison, so every `sort_by` call with its own closure compiles a fresh
//! copy of the whole algorithm (about 5 KB of WebAssembly each). The page and
//! the worker are one WebAssembly module with a size budget, and dozens of
//! such copies were a large share of it. Here only an index permutation is
//! sorted, through a `dyn` comparison, so the algorithm exists once; the
//! elements are then moved into place by following the permutation's cycles.

use std::cmp::Ordering;

/// The stable order of `len` items under `compare` (by index): one
/// instantiation of the sort for the whole program.
fn sorted_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Put `items` in the order `order` gives (`order[new] = old`), in place.
/// `order` is consumed as scratch.
fn apply<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..items.len() {
        let mut current = start;
        while order[current] != start {
            let source = order[current];
            items.swap(current, source);
            order[current] = current;
            current = source;
        }
        order[current] = current;
    }
}

/// Stable sort, like `slice::sort_by`.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    // Tables usually arrive in key order (an export is written that way), and
    // a stable sort leaves sorted items as they are: one pass proves it.
    if items.is_sorted_by(|a, b| compare(a, b) != Ordering::Greater) {
        return;
    }
    let mut order = sorted_order(items.len(), &|a, b| compare(&items[a], &items[b]));
    apply(items, &mut order);
}

/// Stable sort by a key, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Stable sort by a small integer key (`key(item) < n_keys`): a counting
/// sort, linear and without comparisons. For grouping rows by a rank, where
/// `sort_by` would spend n log n indirect comparisons of what are already
/// integers.
pub fn sort_by_small_key<T: Copy>(items: &mut Vec<T>, n_keys: usize, key: impl Fn(&T) -> usize) {
    if items.len() < 2 {
        return;
    }
    // start[k]: where the first item of key k goes.
    let mut start = vec![0usize; n_keys + 1];
    for item in items.iter() {
        start[key(item) + 1] += 1;
    }
    for k in 0..n_keys {
        start[k + 1] += start[k];
    }
    let mut sorted = Vec::with_capacity(items.len());
    // Every slot is written exactly once below; `first` stands in until then.
    let first = items[0];
    sorted.resize(items.len(), first);
    for item in items.iter() {
        let slot = &mut start[key(item)];
        sorted[*slot] = *item;
        *slot += 1;
    }
    *items = sorted;
}

/// Stable sort by a `u64` key: a least-significant-digit radix sort, a byte
/// at a time, skipping bytes that every key shares. Linear, for ordering many
/// rows by a number (ABC ranks 100,000 SKUs by value), where `sort_by` would
/// spend n log n indirect comparisons.
pub fn sort_by_u64_key<T: Copy>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    if items.len() < 2 {
        return;
    }
    let mut sorted = items.clone();
    for byte in 0..8 {
        let digit = |item: &T| ((key(item) >> (8 * byte)) & 0xFF) as usize;
        let mut start = [0usize; 257];
        for item in items.iter() {
            start[digit(item) + 1] += 1;
        }
        if start.contains(&items.len()) {
            continue;
        }
        for d in 0..256 {
            start[d + 1] += start[d];
        }
        for item in items.iter() {
            let slot = &mut start[digit(item)];
            sorted[*slot] = *item;
            *slot += 1;
        }
        std::mem::swap(items, &mut sorted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_exactly_like_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            let mut theirs = items;
            // Equal keys keep their input order: the second field tells them apart.
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            theirs.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, theirs);
        }
    }

    proptest! {
        #[test]
        fn counting_sort_is_the_stable_sort(items in proptest::collection::vec((0usize..9, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            let mut theirs = items;
            sort_by_small_key(&mut ours, 9, |item| item.0);
            theirs.sort_by_key(|item| item.0);
            prop_assert_eq!(ours, theirs);
        }
    }

    proptest! {
        #[test]
        fn radix_sort_is_the_stable_sort(items in proptest::collection::vec((any::<u64>(), 0u64..4, any::<u16>()), 0..300)) {
            // Keys drawn wide and from a handful of values, so both ties and every byte are exercised.
            let key = |item: &(u64, u64, u16)| if item.1 == 0 { item.0 } else { item.1 << 40 };
            let mut ours = items.clone();
            let mut theirs = items;
            sort_by_u64_key(&mut ours, key);
            theirs.sort_by_key(key);
            prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn a_rotation_and_a_reversal() {
        let mut rotated = vec!['c', 'a', 'b'];
        sort_by_key(&mut rotated, |c| *c);
        assert_eq!(rotated, vec!['a', 'b', 'c']);
        let mut reversed: Vec<u32> = (0..10).rev().collect();
        sort_by(&mut reversed, |a, b| a.cmp(b));
        assert_eq!(reversed, (0..10).collect::<Vec<_>>());
    }
}
