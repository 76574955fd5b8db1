//! A result file (baseline, `--format json` report, history): read,
//! compared with itself and rendered in every format (see
//! `zenbench::fuzzing::result_file`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zenbench::fuzzing::result_file(data));
