// A bench must be a free fn. In an impl block the macro cannot see the
// `impl`, so the error comes from the registration it emits there.
struct S;

impl S {
    #[zenbench::bench]
    fn assoc() -> u8 {
        1
    }
}

fn main() {
    let _ = S::assoc();
}
