//! Starting a thread through one instance of the standard library's spawn
//! machinery: every caller hands over a boxed closure, so no closure type
//! instantiates it anew.

use std::thread::{Builder, JoinHandle};

/// Starts `f` on a thread `builder` describes.
pub(crate) fn spawn(
    builder: Builder,
    f: Box<dyn FnOnce() + Send>,
) -> std::io::Result<JoinHandle<()>> {
    builder.spawn(f)
}
