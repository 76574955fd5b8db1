//! Measure: everything that touches a single sample — the timer, the
//! Bencher, stack and iteration jitter, the cache firewall, allocation
//! counting, calibration probes, the resource gate and the testbed; and
//! `spawn`, the crate's one thread start.

pub(crate) mod alloc;
#[cfg(feature = "async")]
pub(crate) mod async_runtime;
pub(crate) mod bencher;
pub(crate) mod calibration;
pub(crate) mod firewall;
pub(crate) mod gate;
pub(crate) mod spawn;
pub(crate) mod stack;
pub(crate) mod start_line;
pub(crate) mod testbed;
pub(crate) mod timer;
