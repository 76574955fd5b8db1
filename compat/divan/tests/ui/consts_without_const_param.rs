#[divan::bench(consts = [1, 2])]
fn zero<T: Default>() -> T {
    T::default()
}

fn main() {}
