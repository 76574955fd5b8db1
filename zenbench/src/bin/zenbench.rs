//! The `zenbench` tool: `zenbench --help`.

fn main() {
    zenbench::tool::main()
}
