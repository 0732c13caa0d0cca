//! Grouping of identical summaries, so likelihood evaluations cost in
//! proportion to distinct summaries rather than customers, and a tiny helper
//! to spread work over the machine's cores.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (as used inside rustc): plenty for hashing a few f64 bit patterns,
/// and several times faster than SipHash on a million keys.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Distinct `(x, a, b)` triples (f64 compared bitwise) with their counts.
/// `index[i]` maps input row `i` to its group.
pub(crate) struct Groups {
    pub x: Vec<f64>,
    pub a: Vec<f64>,
    pub b: Vec<f64>,
    pub w: Vec<f64>,
    pub index: Vec<u32>,
}

pub(crate) fn group3(rows: impl Iterator<Item = (u32, f64, f64)>) -> Groups {
    let (lo, _) = rows.size_hint();
    let mut map: FxMap<(u32, u64, u64), u32> = FxMap::default();
    let mut g = Groups {
        x: Vec::new(),
        a: Vec::new(),
        b: Vec::new(),
        w: Vec::new(),
        index: Vec::with_capacity(lo),
    };
    for (x, a, b) in rows {
        // +0.0 and -0.0 are the same summary.
        let key = (x, (a + 0.0).to_bits(), (b + 0.0).to_bits());
        let next = g.w.len() as u32;
        let id = *map.entry(key).or_insert(next);
        if id == next {
            g.x.push(x as f64);
            g.a.push(a);
            g.b.push(b);
            g.w.push(0.0);
        }
        g.w[id as usize] += 1.0;
        g.index.push(id);
    }
    g
}

/// Number of worker threads for `n` items: 1 below a size where spawning
/// does not pay, else the available cores (at most 8).
pub(crate) fn threads_for(n: usize) -> usize {
    if n < 20_000 {
        1
    } else {
        std::thread::available_parallelism()
            .map(|v| v.get())
            .unwrap_or(1)
            .clamp(1, 8)
    }
}

/// Runs `f` on contiguous chunks of `0..n` in parallel and returns the
/// per-chunk results in order.
pub(crate) fn par_chunks<T, F>(n: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(std::ops::Range<usize>) -> T + Sync,
{
    let k = threads_for(n);
    if k <= 1 {
        return vec![f(0..n)];
    }
    let chunk = n.div_ceil(k);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..k)
            .map(|i| {
                let f = &f;
                let range = (i * chunk).min(n)..((i + 1) * chunk).min(n);
                s.spawn(move || f(range))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker thread panicked"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_identical_rows() {
        let g =
            group3(vec![(1, 2.0, 3.0), (0, 0.0, 3.0), (1, 2.0, 3.0), (0, -0.0, 3.0)].into_iter());
        assert_eq!(g.w, vec![2.0, 2.0]);
        assert_eq!(g.index, vec![0, 1, 0, 1]);
    }

    #[test]
    fn par_chunks_covers_everything_once() {
        let parts = par_chunks(100_001, |r| r.len());
        assert_eq!(parts.iter().sum::<usize>(), 100_001);
    }
}
