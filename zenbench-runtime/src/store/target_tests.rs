//! Every kind of path a user may name, written by each writer: the
//! atomic replace (`--output`, `ZENBENCH_RESULT_PATH`, baselines) and the
//! append (`GITHUB_STEP_SUMMARY`, the history). Each case is built in a
//! folder of its own under the temporary folder (a character device with
//! `mknod` where the tests run as root, else skipped with a printed
//! reason); afterwards the test checks the kind of the named path
//! (`lstat`), the bytes its reader or final target got, and that nothing
//! else in the folder changed.

use super::atomic::{append_synced, write_atomically};
use super::target::check_writable;
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::os::unix::fs::{symlink, FileTypeExt, PermissionsExt};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

const OLD: &[u8] = b"old line\n";
const NEW: &[u8] = b"{\"new\": true}\n";

/// What a path is, as `lstat` tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    File,
    Link,
    Folder,
    Fifo,
    CharDevice,
    Socket,
    Missing,
}

fn kind(path: &Path) -> Kind {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Kind::Missing;
    };
    let t = meta.file_type();
    match () {
        _ if t.is_symlink() => Kind::Link,
        _ if t.is_dir() => Kind::Folder,
        _ if t.is_fifo() => Kind::Fifo,
        _ if t.is_char_device() => Kind::CharDevice,
        _ if t.is_socket() => Kind::Socket,
        _ => Kind::File,
    }
}

/// Where the written bytes should be found afterwards.
enum Receiving {
    /// A regular file (the path itself, or a link's final target) that held
    /// `old` before.
    File { path: PathBuf, old: Vec<u8> },
    /// A reader on the other end of a FIFO or socket, and how to free it
    /// if nothing ever reaches it (so a failing case fails, not hangs).
    Reader {
        bytes: Receiver<Vec<u8>>,
        unblock: Box<dyn Fn()>,
    },
    /// A sink that keeps nothing (a null device).
    Sink,
}

/// One prepared case: the path named, what it must still be afterwards,
/// and where the bytes go.
struct Made {
    named: PathBuf,
    kind_after: Kind,
    receiving: Receiving,
}

enum Expect {
    Written,
    /// Refused before writing, the reason containing these words.
    Refused(&'static str),
}

struct Case {
    name: &'static str,
    /// Builds the case in its folder; `Err` skips it with the reason.
    make: fn(&Path) -> Result<Made, String>,
    expect: Expect,
}

fn file_with_old(path: &Path) -> Receiving {
    fs::write(path, OLD).unwrap();
    Receiving::File {
        path: path.to_path_buf(),
        old: OLD.to_vec(),
    }
}

fn made(named: PathBuf, kind_after: Kind, receiving: Receiving) -> Result<Made, String> {
    Ok(Made {
        named,
        kind_after,
        receiving,
    })
}

fn fifo_with_reader(path: &Path) -> Receiving {
    let status = std::process::Command::new("mkfifo").arg(path).status();
    assert!(status.is_ok_and(|s| s.success()), "mkfifo works");
    let (tx, rx) = mpsc::channel();
    let at = path.to_path_buf();
    std::thread::spawn(move || {
        let mut got = Vec::new();
        fs::File::open(&at).unwrap().read_to_end(&mut got).unwrap();
        let _ = tx.send(got);
    });
    let at = path.to_path_buf();
    Receiving::Reader {
        bytes: rx,
        // The reader waits in `open` until a writer comes: be that writer.
        unblock: Box::new(move || drop(fs::OpenOptions::new().write(true).open(&at))),
    }
}

fn socket_with_listener(path: &Path) -> Receiving {
    let listener = UnixListener::bind(path).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut got = Vec::new();
        conn.read_to_end(&mut got).unwrap();
        let _ = tx.send(got);
    });
    let at = path.to_path_buf();
    Receiving::Reader {
        bytes: rx,
        unblock: Box::new(move || drop(std::os::unix::net::UnixStream::connect(&at))),
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "a missing file",
            make: |d| {
                let p = d.join("out.json");
                made(
                    p.clone(),
                    Kind::File,
                    Receiving::File {
                        path: p,
                        old: vec![],
                    },
                )
            },
            expect: Expect::Written,
        },
        Case {
            name: "a regular file",
            make: |d| {
                let p = d.join("out.json");
                made(p.clone(), Kind::File, file_with_old(&p))
            },
            expect: Expect::Written,
        },
        Case {
            name: "a relative link to a file in another folder",
            make: |d| {
                fs::create_dir(d.join("real")).unwrap();
                fs::create_dir(d.join("links")).unwrap();
                let target = d.join("real/out.json");
                let receiving = file_with_old(&target);
                symlink("../real/out.json", d.join("links/out.json")).unwrap();
                made(d.join("links/out.json"), Kind::Link, receiving)
            },
            expect: Expect::Written,
        },
        Case {
            name: "a link to a link to a file",
            make: |d| {
                let target = d.join("out.json");
                let receiving = file_with_old(&target);
                symlink(&target, d.join("first")).unwrap();
                symlink(d.join("first"), d.join("second")).unwrap();
                made(d.join("second"), Kind::Link, receiving)
            },
            expect: Expect::Written,
        },
        Case {
            name: "a dangling link into an existing folder",
            make: |d| {
                symlink("made-by-write.json", d.join("link")).unwrap();
                let receiving = Receiving::File {
                    path: d.join("made-by-write.json"),
                    old: vec![],
                };
                made(d.join("link"), Kind::Link, receiving)
            },
            expect: Expect::Written,
        },
        Case {
            name: "a FIFO with a reader",
            make: |d| {
                let p = d.join("fifo");
                made(p.clone(), Kind::Fifo, fifo_with_reader(&p))
            },
            expect: Expect::Written,
        },
        Case {
            name: "a link to a FIFO",
            make: |d| {
                let p = d.join("fifo");
                let receiving = fifo_with_reader(&p);
                symlink(&p, d.join("link")).unwrap();
                made(d.join("link"), Kind::Link, receiving)
            },
            expect: Expect::Written,
        },
        Case {
            name: "a socket with a listener",
            make: |d| {
                let p = d.join("socket");
                made(p.clone(), Kind::Socket, socket_with_listener(&p))
            },
            expect: Expect::Written,
        },
        Case {
            name: "a null character device",
            make: |d| {
                let p = d.join("null");
                let made_node = std::process::Command::new("mknod")
                    .arg(&p)
                    .args(["c", "1", "3"])
                    .stderr(std::process::Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                if !made_node {
                    return Err("mknod failed (the tests do not run as root)".into());
                }
                made(p, Kind::CharDevice, Receiving::Sink)
            },
            expect: Expect::Written,
        },
        Case {
            name: "a folder",
            make: |d| {
                fs::create_dir(d.join("sub")).unwrap();
                made(d.join("sub"), Kind::Folder, Receiving::Sink)
            },
            expect: Expect::Refused("it is a folder"),
        },
        Case {
            name: "a link to a folder",
            make: |d| {
                fs::create_dir(d.join("sub")).unwrap();
                symlink(d.join("sub"), d.join("link")).unwrap();
                made(d.join("link"), Kind::Link, Receiving::Sink)
            },
            expect: Expect::Refused("it is a folder"),
        },
        Case {
            name: "a dangling link into a missing folder",
            make: |d| {
                symlink("gone/out.json", d.join("link")).unwrap();
                made(d.join("link"), Kind::Link, Receiving::Sink)
            },
            expect: Expect::Refused("it is a symbolic link to"),
        },
        Case {
            name: "a file in a missing folder",
            make: |d| made(d.join("gone/out.json"), Kind::Missing, Receiving::Sink),
            expect: Expect::Refused("does not exist"),
        },
        Case {
            name: "a read-only file",
            make: |d| {
                let p = d.join("out.json");
                fs::write(&p, OLD).unwrap();
                fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
                made(p, Kind::File, Receiving::Sink)
            },
            expect: Expect::Refused("it is read-only"),
        },
        Case {
            name: "a file in a read-only folder",
            make: |d| {
                fs::create_dir(d.join("ro")).unwrap();
                let p = d.join("ro/out.json");
                fs::write(&p, OLD).unwrap();
                fs::set_permissions(d.join("ro"), fs::Permissions::from_mode(0o555)).unwrap();
                made(p, Kind::File, Receiving::Sink)
            },
            expect: Expect::Refused("is read-only"),
        },
    ]
}

/// Every entry under `dir`: its kind, and a file's bytes or a link's
/// target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Kind, Vec<u8>)> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let k = kind(&p);
            let body = match k {
                Kind::File => fs::read(&p).unwrap_or_default(),
                Kind::Link => fs::read_link(&p)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes(),
                _ => Vec::new(),
            };
            if k == Kind::Folder {
                stack.push(p.clone());
            }
            all.insert(p, (k, body));
        }
    }
    all
}

type Writer = fn(&Path, &[u8]) -> std::io::Result<()>;

#[test]
fn every_kind_of_path_is_written_through_or_refused_by_each_writer() {
    let writers: [(&str, Writer, bool); 2] = [
        ("replace", write_atomically, false),
        ("append", append_synced, true),
    ];
    let root = std::env::temp_dir().join(format!("zb-paths-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let mut skipped = Vec::new();
    for (writer, write, appends) in writers {
        for (i, case) in cases().into_iter().enumerate() {
            let dir = root.join(format!("{writer}-{i}"));
            fs::create_dir_all(&dir).unwrap();
            let label = format!("{writer} to {}", case.name);
            let m = match (case.make)(&dir) {
                Ok(m) => m,
                Err(why) => {
                    skipped.push(format!("{label}: {why}"));
                    continue;
                }
            };
            let before = snapshot(&dir);
            let checked = check_writable(&m.named);
            assert_eq!(snapshot(&dir), before, "{label}: the check changes nothing");
            let written = write(&m.named, NEW);
            let mut after = snapshot(&dir);
            match case.expect {
                Expect::Refused(words) => {
                    for (what, result) in [("check", &checked), ("write", &written)] {
                        let err = result.as_ref().expect_err(&label);
                        assert!(
                            err.to_string().contains(words),
                            "{label}: the {what}'s reason `{err}` says `{words}`"
                        );
                    }
                    assert_eq!(after, before, "{label}: nothing in the folder changed");
                }
                Expect::Written => {
                    checked.unwrap_or_else(|e| panic!("{label}: check: {e}"));
                    written.unwrap_or_else(|e| panic!("{label}: write: {e}"));
                    let mut expected = before.clone();
                    match m.receiving {
                        Receiving::File { path, old } => {
                            let want = if appends {
                                [old, NEW.to_vec()].concat()
                            } else {
                                NEW.to_vec()
                            };
                            assert_eq!(fs::read(&path).unwrap(), want, "{label}: the file's bytes");
                            // The receiving file is the one entry that changed.
                            after.remove(&path);
                            expected.remove(&path);
                        }
                        Receiving::Reader { bytes, unblock } => {
                            let got =
                                bytes
                                    .recv_timeout(Duration::from_secs(30))
                                    .unwrap_or_else(|_| {
                                        unblock();
                                        panic!("{label}: the reader got nothing")
                                    });
                            assert_eq!(got, NEW, "{label}: the reader's bytes");
                        }
                        Receiving::Sink => {}
                    }
                    assert_eq!(
                        after, expected,
                        "{label}: nothing else in the folder changed"
                    );
                }
            }
            assert_eq!(
                kind(&m.named),
                m.kind_after,
                "{label}: the named path's kind"
            );
            // Writable again, so the folder can be removed.
            for p in snapshot(&dir).keys() {
                if matches!(kind(p), Kind::File | Kind::Folder) {
                    let _ = fs::set_permissions(p, fs::Permissions::from_mode(0o755));
                }
            }
        }
    }
    for s in &skipped {
        println!("skipped: {s}");
    }
    fs::remove_dir_all(&root).unwrap();
}

#[test]
fn state_files_behind_links_stay_links() {
    use super::state::State;
    let root = std::env::temp_dir().join(format!("zb-state-links-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let real = root.join("real-state");
    fs::create_dir_all(real.join("baselines")).unwrap();
    fs::create_dir_all(root.join("elsewhere")).unwrap();
    // The state folder is a link, and so is a baseline file inside it.
    symlink(&real, root.join("state")).unwrap();
    let kept = root.join("elsewhere/main.json");
    fs::write(&kept, OLD).unwrap();
    symlink(&kept, real.join("baselines/main.json")).unwrap();
    let state = State::at(root.join("state"));
    let lock = state.lock().unwrap();
    let baseline = state.baselines_dir().join("main.json");
    lock.write(&baseline, NEW).unwrap();
    lock.append(&state.history_dir().join("bench.jsonl"), "{}\n")
        .unwrap();
    assert_eq!(kind(&root.join("state")), Kind::Link);
    assert_eq!(kind(&baseline), Kind::Link, "the baseline is still a link");
    assert_eq!(
        fs::read(&kept).unwrap(),
        NEW,
        "its target got the new bytes"
    );
    assert_eq!(fs::read(real.join("history/bench.jsonl")).unwrap(), b"{}\n");
    assert_eq!(super::baseline::saved_names(&state), ["main"]);
    drop(lock);
    fs::remove_dir_all(&root).unwrap();
}
