//! End-to-end: a bench binary driven as a worker (`ZENBENCH_WORKER=1`,
//! JSON lines over stdin/stdout, protocol 1).

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    fn start(exe: &str) -> Worker {
        let mut child = Command::new(exe)
            .env("ZENBENCH_WORKER", "1")
            .env("ZENBENCH_NO_GATE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Worker {
            child,
            stdin,
            stdout,
        }
    }

    fn read(&mut self) -> Value {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
    }

    fn ask(&mut self, request: &str) -> Value {
        writeln!(self.stdin, "{request}").unwrap();
        self.stdin.flush().unwrap();
        self.read()
    }

    fn sample(&mut self, bench: u64, iters: u64) -> Value {
        let req = json!({"sample": {"bench": bench, "iters": iters, "stack_offset": 64, "flush_cache": false}});
        self.ask(&req.to_string())
    }
}

fn id_of(hello: &Value, full_name: &str) -> u64 {
    hello["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["full_name"] == full_name)
        .unwrap_or_else(|| panic!("{full_name} in {hello}"))["id"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_worker_says_hello_runs_samples_and_says_bye() {
    let mut w = Worker::start(env!("CARGO_BIN_EXE_fixture_baseline"));
    let hello = w.read()["hello"].clone();
    assert_eq!(hello["protocol"], 1);
    assert!(hello["timer"]["resolution_ns"].as_f64().unwrap() > 0.0);
    assert!(hello["loop_overhead_ns"].is_number());
    let names: Vec<&str> = hello["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["full_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pair/steady", "pair/target", "alone"]);
    assert_eq!(hello["benchmarks"][1]["group"], "pair");
    assert_eq!(hello["benchmarks"][1]["name"], "target");

    let reply = w.sample(id_of(&hello, "alone"), 100);
    let sample = &reply["sample"]["sample"];
    assert_eq!(sample["iters"], 100, "{reply}");
    assert_eq!(sample["method"], "iter");
    assert!(sample["elapsed_ns"].as_f64().unwrap() > 0.0, "{reply}");

    for (request, why) in [
        (
            json!({"sample": {"bench": 99, "iters": 1, "stack_offset": 0, "flush_cache": false}})
                .to_string(),
            "no benchmark with id 99",
        ),
        (
            json!({"sample": {"bench": 0, "iters": 0, "stack_offset": 0, "flush_cache": false}})
                .to_string(),
            "at least one iteration",
        ),
        ("not json".to_owned(), "not a request"),
        ("{}".to_owned(), "a request names `sample` or `bye`"),
    ] {
        let reply = w.ask(&request);
        let error = reply["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{request}: {reply}"));
        assert!(error.contains(why), "{request}: {error}");
    }
    // Still serving after the errors.
    assert!(w.sample(0, 10)["sample"].is_object());
    writeln!(w.stdin, "{}", json!({"bye": true})).unwrap();
    assert_eq!(w.child.wait().unwrap().code(), Some(0));
}

#[test]
fn a_panicking_benchmark_is_an_error_reply_and_the_worker_goes_on() {
    let mut w = Worker::start(env!("CARGO_BIN_EXE_fixture_panic"));
    let hello = w.read()["hello"].clone();
    let benches = hello["benchmarks"].as_array().unwrap().clone();
    let mut errors = 0;
    let mut samples = 0;
    for b in &benches {
        let reply = w.sample(b["id"].as_u64().unwrap(), 1);
        if let Some(e) = reply["error"].as_str() {
            assert!(e.contains("panicked"), "{e}");
            errors += 1;
        } else {
            assert!(reply["sample"].is_object(), "{reply}");
            samples += 1;
        }
    }
    assert!(
        errors >= 1 && samples >= 1,
        "{errors} errors, {samples} samples"
    );
    // The end of stdin ends the worker.
    drop(w.stdin);
    assert_eq!(w.child.wait().unwrap().code(), Some(0));
}

#[test]
fn a_complexity_bench_is_listed_with_its_model_and_sampled_at_an_n() {
    let mut w = Worker::start(env!("CARGO_BIN_EXE_fixture_complexity"));
    let hello = w.read()["hello"].clone();
    let benches = hello["benchmarks"].as_array().unwrap();
    let sort = benches.iter().find(|b| b["full_name"] == "sort").unwrap();
    assert_eq!(sort["complexity"], "n log n");
    let plain = benches.iter().find(|b| b["full_name"] == "plain").unwrap();
    assert!(plain.get("complexity").is_none(), "{plain}");
    let id = sort["id"].as_u64().unwrap();
    let ask = |w: &mut Worker, n: Option<u64>| {
        let mut req = json!({"sample": {"bench": id, "iters": 3, "stack_offset": 0}});
        if let Some(n) = n {
            req["sample"]["n"] = json!(n);
        }
        w.ask(&req.to_string())
    };
    let small = ask(&mut w, Some(64));
    let large = ask(&mut w, Some(1 << 15));
    let ns = |r: &Value| r["sample"]["sample"]["elapsed_ns"].as_f64().unwrap();
    assert_eq!(small["sample"]["sample"]["method"], "with_input");
    assert!(ns(&large) > 50.0 * ns(&small), "{small} {large}");
    let err = ask(&mut w, None);
    assert!(
        err["error"].as_str().unwrap().contains("needs its `n`"),
        "{err}"
    );
    let plain_id = plain["id"].as_u64().unwrap();
    let req = json!({"sample": {"bench": plain_id, "iters": 3, "stack_offset": 0, "n": 8}});
    let err = w.ask(&req.to_string());
    assert!(
        err["error"].as_str().unwrap().contains("takes no `n`"),
        "{err}"
    );
    writeln!(w.stdin, r#"{{"bye": true}}"#).unwrap();
    w.stdin.flush().unwrap();
    assert!(w.child.wait().unwrap().success());
}
