struct S;

impl S {
    #[zenbench::bench]
    fn f(&self) -> u64 {
        1
    }
}

fn main() {
    let _ = S.f();
}
