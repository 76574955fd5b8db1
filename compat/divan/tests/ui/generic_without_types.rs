#[divan::bench]
fn make<T: Default>() -> T {
    T::default()
}

fn main() {}
