//! divan's `Bencher`, taken by value, over zenbench's `&mut Bencher`.

use crate::counter::{self, AsCountUInt, Counter, IntoCounter};
use std::marker::PhantomData;
use zenbench::Throughput;

/// Hands a benchmark's routine to zenbench; taken by value, as in divan.
///
/// Each method maps onto zenbench's Bencher: [`bench`](Bencher::bench) and
/// [`bench_local`](Bencher::bench_local) time the closure and drop its
/// outputs after the timed loop (zenbench's `iter_deferred_drop`);
/// [`with_inputs`](Bencher::with_inputs) prepares one input per iteration
/// outside the timed loop. Under a `threads` option zenbench calls the bench
/// fn once on each thread, so the code before the routine runs per thread.
///
/// ```
/// use divan::Bencher;
///
/// #[divan::bench]
/// fn sum(bencher: Bencher) {
///     let data: Vec<u64> = (0..1000).collect(); // not timed
///     bencher.bench_local(|| data.iter().sum::<u64>()); // timed
/// }
/// # fn main() {}
/// ```
#[must_use = "a Bencher does nothing until a `bench` method takes it"]
pub struct Bencher<'a, 'b, C = BencherConfig> {
    inner: &'a mut zenbench::Bencher,
    config: C,
    _scope: PhantomData<&'b ()>,
}

/// How a [`Bencher`] was configured: its input generator and input counter.
pub struct BencherConfig<GenI = NoInput, Count = NoInputCounter> {
    gen_input: GenI,
    count: Count,
}

/// No input generator: [`Bencher::with_inputs`] not called.
pub struct NoInput;

/// No per-input counter: [`Bencher::input_counter`] not called.
pub struct NoInputCounter;

/// A per-input counter: the mean over a sample's inputs is its throughput.
pub struct InputCounter<F> {
    make: F,
    total: u64,
    kind: Option<fn(u64) -> Throughput>,
}

/// What counts the inputs of a sample (hidden: named only in bounds).
#[doc(hidden)]
pub trait CountInputs<I> {
    /// Counts one input.
    fn add(&mut self, input: &I);
    /// The throughput of one iteration over `iterations` counted inputs.
    fn per_iteration(&self, iterations: u64) -> Option<Throughput>;
}

impl<I> CountInputs<I> for NoInputCounter {
    fn add(&mut self, _: &I) {}
    fn per_iteration(&self, _: u64) -> Option<Throughput> {
        None
    }
}

impl<I, C: IntoCounter, F: Fn(&I) -> C> CountInputs<I> for InputCounter<F> {
    fn add(&mut self, input: &I) {
        let t = counter::throughput_of((self.make)(input));
        self.total = self.total.saturating_add(t.count());
        self.kind = Some(match t {
            Throughput::Bytes(_) => Throughput::Bytes,
            Throughput::Elements(_) => Throughput::Elements,
        });
    }
    fn per_iteration(&self, iterations: u64) -> Option<Throughput> {
        let kind = self.kind?;
        let n = iterations.max(1);
        Some(kind((self.total + n / 2) / n))
    }
}

impl<'a> Bencher<'a, '_> {
    /// divan's Bencher over zenbench's (generated code calls it).
    pub(crate) fn new(inner: &'a mut zenbench::Bencher) -> Self {
        Bencher {
            inner,
            config: BencherConfig {
                gen_input: NoInput,
                count: NoInputCounter,
            },
            _scope: PhantomData,
        }
    }
}

impl<'a, 'b> Bencher<'a, 'b> {
    /// Times `benched`; its outputs are dropped after the timed loop.
    ///
    /// ```
    /// #[divan::bench]
    /// fn upper(bencher: divan::Bencher) {
    ///     bencher.bench(|| divan::black_box("hello").to_uppercase());
    /// }
    /// # fn main() {}
    /// ```
    pub fn bench<O, B>(self, benched: B)
    where
        B: Fn() -> O + Sync,
    {
        self.inner.iter_deferred_drop(benched);
    }

    /// Times `benched` on this thread; its outputs are dropped after the
    /// timed loop.
    ///
    /// ```
    /// #[divan::bench]
    /// fn push(bencher: divan::Bencher) {
    ///     let mut v = Vec::new();
    ///     bencher.bench_local(|| v.push(1u8));
    /// }
    /// # fn main() {}
    /// ```
    pub fn bench_local<O, B>(self, benched: B)
    where
        B: FnMut() -> O,
    {
        self.inner.iter_deferred_drop(benched);
    }

    /// Prepares one input per iteration with `gen_input`, outside the timed
    /// loop; finish with `bench_values`, `bench_refs` or their `_local` forms.
    ///
    /// ```
    /// #[divan::bench]
    /// fn sort(bencher: divan::Bencher) {
    ///     bencher
    ///         .with_inputs(|| vec![3, 1, 2])
    ///         .bench_refs(|v| v.sort());
    /// }
    /// # fn main() {}
    /// ```
    pub fn with_inputs<G>(self, gen_input: G) -> Bencher<'a, 'b, BencherConfig<G>> {
        Bencher {
            inner: self.inner,
            config: BencherConfig {
                gen_input,
                count: NoInputCounter,
            },
            _scope: PhantomData,
        }
    }
}

impl<GenI, Count> Bencher<'_, '_, BencherConfig<GenI, Count>> {
    /// Sets the count one iteration processes (zenbench's throughput);
    /// replaces the attribute's counters and an earlier call.
    ///
    /// ```
    /// use divan::counter::BytesCount;
    ///
    /// #[divan::bench]
    /// fn count_chars(bencher: divan::Bencher) {
    ///     let s = "divan, then zenbench";
    ///     bencher
    ///         .counter(BytesCount::of_str(s))
    ///         .bench(|| divan::black_box(s).chars().count());
    /// }
    /// # fn main() {}
    /// ```
    pub fn counter<C: IntoCounter>(self, counter: C) -> Self {
        self.inner.throughput(counter::throughput_of(counter));
        self
    }
}

impl<'a, 'b, I, GenI, Count> Bencher<'a, 'b, BencherConfig<GenI, Count>>
where
    GenI: FnMut() -> I,
{
    /// Counts each generated input with `make_counter`; the mean count over
    /// a sample's inputs is the throughput of one iteration.
    ///
    /// ```
    /// use divan::counter::BytesCount;
    ///
    /// #[divan::bench]
    /// fn lowercase(bencher: divan::Bencher) {
    ///     bencher
    ///         .with_inputs(|| String::from("MiXeD"))
    ///         .input_counter(BytesCount::of_str)
    ///         .bench_refs(|s| s.to_lowercase());
    /// }
    /// # fn main() {}
    /// ```
    pub fn input_counter<C, F>(
        self,
        make_counter: F,
    ) -> Bencher<'a, 'b, BencherConfig<GenI, InputCounter<F>>>
    where
        F: Fn(&I) -> C + Sync,
        C: IntoCounter,
    {
        Bencher {
            inner: self.inner,
            config: BencherConfig {
                gen_input: self.config.gen_input,
                count: InputCounter {
                    make: make_counter,
                    total: 0,
                    kind: None,
                },
            },
            _scope: PhantomData,
        }
    }

    /// Counts each input, an unsigned integer, as a `C` (like
    /// `ItemsCount`).
    ///
    /// ```
    /// use divan::counter::ItemsCount;
    ///
    /// #[divan::bench]
    /// fn collect(bencher: divan::Bencher) {
    ///     bencher
    ///         .with_inputs(|| 100usize)
    ///         .count_inputs_as::<ItemsCount>()
    ///         .bench_values(|n| (0..n).collect::<Vec<_>>());
    /// }
    /// # fn main() {}
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn count_inputs_as<C>(
        self,
    ) -> Bencher<'a, 'b, BencherConfig<GenI, InputCounter<fn(&I) -> C>>>
    where
        C: Counter,
        I: AsCountUInt,
    {
        let make: fn(&I) -> C = |input| counter::counter_of::<C>(input.as_count());
        self.input_counter(make)
    }
}

impl<I, GenI, Count> Bencher<'_, '_, BencherConfig<GenI, Count>>
where
    GenI: FnMut() -> I,
    Count: CountInputs<I>,
{
    /// Times `benched` over the inputs, each taken by value; outputs are
    /// dropped after the timed loop.
    pub fn bench_values<O, B>(self, benched: B)
    where
        B: Fn(I) -> O + Sync,
        GenI: Fn() -> I + Sync,
    {
        self.values(benched);
    }

    /// [`Bencher::bench_values`] on this thread.
    pub fn bench_local_values<O, B>(self, benched: B)
    where
        B: FnMut(I) -> O,
    {
        self.values(benched);
    }

    /// Times `benched` over the inputs, each taken by `&mut`; inputs and
    /// outputs are dropped after the timed loop.
    pub fn bench_refs<O, B>(self, benched: B)
    where
        B: Fn(&mut I) -> O + Sync,
        GenI: Fn() -> I + Sync,
    {
        self.refs(benched);
    }

    /// [`Bencher::bench_refs`] on this thread.
    pub fn bench_local_refs<O, B>(self, benched: B)
    where
        B: FnMut(&mut I) -> O,
    {
        self.refs(benched);
    }

    fn values<O>(self, benched: impl FnMut(I) -> O) {
        let Bencher { inner, config, .. } = self;
        let BencherConfig {
            mut gen_input,
            mut count,
        } = config;
        inner
            .with_input(|| {
                let input = gen_input();
                count.add(&input);
                input
            })
            .run(benched);
        declare(inner, &count);
    }

    fn refs<O>(self, mut benched: impl FnMut(&mut I) -> O) {
        let Bencher { inner, config, .. } = self;
        let BencherConfig {
            mut gen_input,
            mut count,
        } = config;
        let n = usize::try_from(inner.iterations()).unwrap_or(usize::MAX);
        let mut inputs: Vec<I> = (0..n)
            .map(|_| {
                let input = gen_input();
                count.add(&input);
                input
            })
            .collect();
        {
            let mut slots = inputs.iter_mut();
            inner.iter_deferred_drop(|| match slots.next() {
                Some(input) => benched(input),
                None => unreachable!("divan: one input per iteration"),
            });
        }
        drop(inputs);
        declare(inner, &count);
    }
}

/// Declares the counted inputs' throughput, when they were counted.
fn declare<I>(inner: &mut zenbench::Bencher, count: &impl CountInputs<I>) {
    if let Some(t) = count.per_iteration(inner.iterations()) {
        inner.throughput(t);
    }
}

impl<C> std::fmt::Debug for Bencher<'_, '_, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bencher")
            .field("iterations", &self.inner.iterations())
            .finish_non_exhaustive()
    }
}
