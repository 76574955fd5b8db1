//! Workloads shared by the example benchmarks.
