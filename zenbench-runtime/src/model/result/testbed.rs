//! The machine a result was measured on, and what makes two of them differ.

use super::fnv1a;

/// What machine ran the benchmarks.
#[derive(Clone, Debug, PartialEq, Default)]
#[non_exhaustive]
pub struct Testbed {
    /// CPU model name.
    pub cpu_model: String,
    /// CPU architecture (`x86_64`, `aarch64`).
    pub arch: String,
    /// Operating system and distribution.
    pub os: String,
    /// Logical cores (hardware threads).
    pub logical_cores: usize,
    /// Physical cores.
    pub physical_cores: usize,
    /// Cache sizes of CPU 0 in bytes, when the OS tells.
    pub l1d_bytes: Option<u64>,
    /// L2 cache of CPU 0, bytes.
    pub l2_bytes: Option<u64>,
    /// L3 cache of CPU 0, bytes.
    pub l3_bytes: Option<u64>,
    /// The compiler that built the bench binary (`rustc 1.89.0 (…)`), when
    /// the binary records it.
    pub rustc: Option<String>,
    /// A short hash of the fields that make a different machine (CPU model,
    /// arch, OS, core counts, caches); equal ids mean comparable runs.
    pub id: String,
}

impl Testbed {
    /// The fingerprint `id` of these fields: 16 hex digits of a 64-bit
    /// FNV-1a hash of the CPU model, arch, OS, core counts and caches (the
    /// compiler is not part of it: a new compiler is a change to measure,
    /// not a different machine).
    ///
    /// ```
    /// let a = zenbench::result::Testbed::default();
    /// let mut b = a.clone();
    /// b.rustc = Some("rustc 1.90.0".into());
    /// assert_eq!(a.fingerprint(), b.fingerprint());
    /// assert_eq!(a.fingerprint().len(), 16);
    /// ```
    pub fn fingerprint(&self) -> String {
        let text = format!(
            "{}|{}|{}|{}|{}|{:?}|{:?}|{:?}",
            self.cpu_model,
            self.arch,
            self.os,
            self.logical_cores,
            self.physical_cores,
            self.l1d_bytes,
            self.l2_bytes,
            self.l3_bytes
        );
        format!("{:016x}", fnv1a(&text))
    }

    /// What makes `other` a different machine: one `field: this → other`
    /// line per differing CPU model, arch, OS or core count (empty when the
    /// two are comparable).
    ///
    /// ```
    /// let a = zenbench::result::Testbed::default();
    /// let mut b = a.clone();
    /// b.cpu_model = "Other CPU".into();
    /// assert_eq!(a.differences(&b), ["CPU `` → `Other CPU`"]);
    /// ```
    pub fn differences(&self, other: &Testbed) -> Vec<String> {
        let mut out = Vec::new();
        differ(&mut out, "CPU", &self.cpu_model, &other.cpu_model);
        differ(&mut out, "arch", &self.arch, &other.arch);
        differ(&mut out, "OS", &self.os, &other.os);
        differ(
            &mut out,
            "cores",
            &format!("{}/{}", self.physical_cores, self.logical_cores),
            &format!("{}/{}", other.physical_cores, other.logical_cores),
        );
        out
    }
}

/// One line of [`Testbed::differences`], when `a` and `b` differ.
fn differ(out: &mut Vec<String>, what: &str, a: &str, b: &str) {
    if a != b {
        out.push(format!("{what} `{a}` → `{b}`"));
    }
}
