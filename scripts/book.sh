#!/usr/bin/env bash
# Renders the book with a pinned mdbook into book/book/ (installed under
# .tools/ on first use; nothing global). The book's Rust samples are
# compiled and run by `cargo test` (crate book/tests-crate), not here.
#
#   scripts/book.sh          build book/book/
#   scripts/book.sh serve    build and serve on localhost:3000
set -euo pipefail
cd "$(dirname "$0")/.."
MDBOOK_VERSION=0.4.40
tools="$PWD/.tools"
mdbook="$tools/bin/mdbook"
if ! "$mdbook" --version 2>/dev/null | grep -q "v$MDBOOK_VERSION"; then
    echo "installing mdbook $MDBOOK_VERSION into $tools" >&2
    cargo install mdbook --version "$MDBOOK_VERSION" --locked --root "$tools" >&2
fi
case "${1:-build}" in
    build) "$mdbook" build book ;;
    serve) "$mdbook" serve book ;;
    *) echo "usage: scripts/book.sh [build|serve]" >&2; exit 2 ;;
esac
