#[zenbench::bench]
fn f<T: Default>() -> T {
    T::default()
}

fn main() {}
