//! A one-receiver channel: a queue under a mutex and a condition variable.
//!
//! The replay link and a worker's stdout reader need only `send`, `recv`
//! and `recv_timeout`, and the std channel brings its three flavours along
//! for every message type (a twentieth of the crate's compiled code for
//! four types; a user's clean build pays for it, see
//! `scripts/build-cost.sh`). This is that subset, with std's errors.

use std::collections::VecDeque;
use std::sync::mpsc::{RecvError, RecvTimeoutError, SendError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

struct State<T> {
    queue: VecDeque<T>,
    senders: usize,
    receiver: bool,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    ready: Condvar,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // A panic while holding the lock leaves the queue whole.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The sending end; cloned for more senders.
pub(crate) struct Sender<T>(Arc<Shared<T>>);

/// The receiving end.
pub(crate) struct Receiver<T>(Arc<Shared<T>>);

/// A new channel: messages arrive in the order they were sent.
pub(crate) fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::new(),
            senders: 1,
            receiver: true,
        }),
        ready: Condvar::new(),
    });
    (Sender(shared.clone()), Receiver(shared))
}

impl<T> Sender<T> {
    /// Queues `value`; an error (with the value) once the receiver is gone.
    pub(crate) fn send(&self, value: T) -> Result<(), SendError<T>> {
        let mut state = self.0.lock();
        if !state.receiver {
            return Err(SendError(value));
        }
        state.queue.push_back(value);
        drop(state);
        self.0.ready.notify_one();
        Ok(())
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.0.lock().senders += 1;
        Sender(self.0.clone())
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.senders -= 1;
        if state.senders == 0 {
            drop(state);
            self.0.ready.notify_all();
        }
    }
}

impl<T> Receiver<T> {
    /// The next message, waiting for it; an error once the queue is empty
    /// and every sender is gone.
    pub(crate) fn recv(&self) -> Result<T, RecvError> {
        let mut state = self.0.lock();
        loop {
            if let Some(value) = state.queue.pop_front() {
                return Ok(value);
            }
            if state.senders == 0 {
                return Err(RecvError);
            }
            state = self.0.ready.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// [`Receiver::recv`], giving up after `timeout`.
    pub(crate) fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        let deadline = Instant::now().checked_add(timeout);
        let mut state = self.0.lock();
        loop {
            if let Some(value) = state.queue.pop_front() {
                return Ok(value);
            }
            if state.senders == 0 {
                return Err(RecvTimeoutError::Disconnected);
            }
            let left = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                // A timeout past what an Instant holds: wait as `recv`.
                None => Duration::MAX,
            };
            if left.is_zero() {
                return Err(RecvTimeoutError::Timeout);
            }
            state = match deadline {
                Some(_) => {
                    self.0
                        .ready
                        .wait_timeout(state, left)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
                None => self.0.ready.wait(state).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.receiver = false;
        // What was never received goes with the receiver.
        let unread = std::mem::take(&mut state.queue);
        drop(state);
        drop(unread);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_arrive_in_order_across_threads_and_the_end_is_told() {
        let (tx, rx) = channel();
        let more = tx.clone();
        let a = std::thread::spawn(move || (0..500).for_each(|i| tx.send(i).unwrap()));
        let b = std::thread::spawn(move || (500..1000).for_each(|i| more.send(i).unwrap()));
        let mut got = Vec::new();
        while let Ok(v) = rx.recv() {
            got.push(v);
        }
        a.join().unwrap();
        b.join().unwrap();
        // Each sender's messages in its own order; all of them, once.
        let (low, high): (Vec<i32>, Vec<i32>) = got.iter().partition(|&&v| v < 500);
        assert_eq!(low, (0..500).collect::<Vec<_>>());
        assert_eq!(high, (500..1000).collect::<Vec<_>>());
        assert_eq!(rx.recv(), Err(RecvError), "every sender gone, queue empty");
    }

    #[test]
    fn a_timeout_a_late_message_and_a_gone_receiver() {
        let (tx, rx) = channel::<u8>();
        assert_eq!(
            rx.recv_timeout(Duration::from_millis(1)),
            Err(RecvTimeoutError::Timeout)
        );
        let sender = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            tx.send(7).unwrap();
            tx
        });
        assert_eq!(rx.recv_timeout(Duration::from_secs(60)), Ok(7));
        let tx = sender.join().unwrap();
        tx.send(8).unwrap();
        drop(tx);
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(60)),
            Ok(8),
            "queued before the end"
        );
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(60)),
            Err(RecvTimeoutError::Disconnected)
        );
        let (tx, rx) = channel::<String>();
        drop(rx);
        assert_eq!(tx.send("x".into()), Err(SendError("x".to_owned())));
        // A timeout past what an Instant holds still sees a message.
        let (tx, rx) = channel::<u8>();
        tx.send(1).unwrap();
        assert_eq!(rx.recv_timeout(Duration::MAX), Ok(1));
    }
}
