//! The start line of a thread row: the threads of one sample wait there
//! for each other right before their first clock read.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// Where the threads of one sample wait for each other before timing.
#[derive(Debug)]
pub(crate) struct StartLine {
    threads: usize,
    arrived: AtomicUsize,
    broken: AtomicBool,
}

impl StartLine {
    pub(crate) fn new(threads: usize) -> Arc<StartLine> {
        Arc::new(StartLine {
            threads,
            arrived: AtomicUsize::new(0),
            broken: AtomicBool::new(false),
        })
    }

    /// Arrives, then spins until every thread has arrived or the line is
    /// broken. Spinning keeps the start skew small; after a while it also
    /// yields, so threads outnumbering the cores still all arrive.
    pub(crate) fn wait(&self) {
        self.arrived.fetch_add(1, Ordering::AcqRel);
        let mut spins = 0u32;
        while self.arrived.load(Ordering::Acquire) < self.threads
            && !self.broken.load(Ordering::Acquire)
        {
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(1024) {
                std::thread::yield_now();
            } else {
                std::hint::spin_loop();
            }
        }
    }

    /// Lets everyone go: a thread failed or will never arrive.
    pub(crate) fn break_line(&self) {
        self.broken.store(true, Ordering::Release);
    }
}
