//! The built-in noisy neighbour: a child process (this program re-executed
//! with `--neighbour MODE`) that alternates loud and quiet phases of random
//! length, 50–500 ms each, so it competes like a foreign process would and
//! dies cleanly with [`Neighbour::stop`] (or on its own when the driver's end
//! of its stdin closes, should the driver die first).
//!
//! - `busy`: one spinning thread per logical core during loud phases: the
//!   benchmark thread gets a share of a core and is preempted at scheduler
//!   granularity.
//! - `cache`: threads each streaming read-modify-write over their own buffer
//!   of twice the last-level cache during loud phases: the benchmark's lines
//!   are evicted and memory bandwidth is shared. One thread fewer than the
//!   logical cores (at least one), so the effect is the cache's and the
//!   memory bus's more than lost CPU time.

use std::hint::black_box;
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// What the neighbour does in its loud phases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoiseMode {
    Busy,
    Cache,
}

impl NoiseMode {
    pub fn name(self) -> &'static str {
        match self {
            NoiseMode::Busy => "busy",
            NoiseMode::Cache => "cache",
        }
    }

    pub fn parse(s: &str) -> Option<NoiseMode> {
        [NoiseMode::Busy, NoiseMode::Cache]
            .into_iter()
            .find(|m| m.name() == s)
    }

    /// Threads the neighbour runs in its loud phases.
    pub fn threads(self) -> usize {
        let logical = logical_cores();
        match self {
            NoiseMode::Busy => logical,
            NoiseMode::Cache => logical.saturating_sub(1).max(1),
        }
    }
}

/// Shortest and longest phase, milliseconds.
pub const PHASE_MS: (u64, u64) = (50, 500);

pub fn logical_cores() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// Size of the last-level cache in bytes (Linux sysfs; 32 MiB when unknown).
pub fn llc_bytes() -> usize {
    let mut best = None;
    for index in 0..8 {
        let dir = format!("/sys/devices/system/cpu/cpu0/cache/index{index}");
        let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).ok();
        let (Some(level), Some(size)) = (read("level"), read("size")) else {
            continue;
        };
        let size = size.trim();
        let bytes = if let Some(k) = size.strip_suffix('K') {
            k.parse::<usize>().ok().map(|k| k << 10)
        } else if let Some(m) = size.strip_suffix('M') {
            m.parse::<usize>().ok().map(|m| m << 20)
        } else {
            size.parse().ok()
        };
        if let (Ok(level), Some(bytes)) = (level.trim().parse::<u32>(), bytes) {
            if best.is_none_or(|(l, _)| level > l) {
                best = Some((level, bytes));
            }
        }
    }
    best.map_or(32 << 20, |(_, b)| b)
}

/// A running neighbour process.
pub struct Neighbour {
    child: Child,
}

impl Neighbour {
    /// Starts `mode` in a child process (the current executable re-run).
    pub fn start(mode: NoiseMode, seed: u64) -> std::io::Result<Neighbour> {
        let exe = std::env::current_exe()?;
        let child = Command::new(exe)
            .args(["--neighbour", mode.name(), "--seed", &seed.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        // Let it allocate its buffers and start its first phase.
        thread::sleep(Duration::from_millis(300));
        Ok(Neighbour { child })
    }

    /// Kills the child and reaps it.
    pub fn stop(mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The neighbour's own main: runs until killed or until stdin closes.
pub fn run(mode: NoiseMode, seed: u64) -> ! {
    // The driver holds our stdin; end of file means it is gone.
    thread::spawn(|| {
        let mut sink = [0u8; 64];
        let mut stdin = std::io::stdin();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
        std::process::exit(0);
    });
    let loud = Arc::new(AtomicBool::new(false));
    for t in 0..mode.threads() {
        let loud = loud.clone();
        match mode {
            NoiseMode::Busy => thread::spawn(move || spin(&loud, t as u64)),
            NoiseMode::Cache => {
                let words = 2 * llc_bytes() / std::mem::size_of::<u64>();
                thread::spawn(move || stream(&loud, words))
            }
        };
    }
    let mut rng = fastrand::Rng::with_seed(seed);
    loop {
        for state in [true, false] {
            loud.store(state, Ordering::Relaxed);
            thread::sleep(Duration::from_millis(rng.u64(PHASE_MS.0..=PHASE_MS.1)));
        }
    }
}

/// Sleeps in 1 ms steps while the neighbour is quiet.
fn wait_loud(loud: &AtomicBool) {
    while !loud.load(Ordering::Relaxed) {
        thread::sleep(Duration::from_millis(1));
    }
}

fn spin(loud: &AtomicBool, seed: u64) {
    let mut x = seed | 1;
    loop {
        wait_loud(loud);
        for _ in 0..10_000 {
            x = black_box(x.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (x >> 7));
        }
    }
}

fn stream(loud: &AtomicBool, words: usize) {
    let mut buf = vec![1u64; words];
    const LINE: usize = 64 / std::mem::size_of::<u64>();
    loop {
        wait_loud(loud);
        for chunk in buf.chunks_mut(4096 * LINE) {
            for line in chunk.chunks_mut(LINE) {
                line[0] = line[0].wrapping_add(1);
            }
            if !loud.load(Ordering::Relaxed) {
                break;
            }
        }
        black_box(&buf);
    }
}
