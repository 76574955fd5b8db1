// tango's compare mode loads the other build's bench executable as a shared
// library, which on Linux needs the executable's symbols exported: link the
// bench targets with -rdynamic (tango-bench's README, "Getting started").
fn main() {
    println!("cargo:rustc-link-arg-benches=-rdynamic");
    println!("cargo:rerun-if-changed=build.rs");
}
