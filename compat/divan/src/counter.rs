//! Counts of what one iteration processes, for throughput: divan's
//! counters, reported by zenbench as its throughput.
//!
//! zenbench reports one throughput per bench: [`BytesCount`] is bytes per
//! second; [`ItemsCount`], [`CharsCount`] and [`CyclesCount`] are elements
//! per second. When a bench sets several, the first the attribute lists
//! wins, and a [`Bencher::counter`](crate::Bencher::counter) call wins over
//! the attribute.
//!
//! ```
//! use divan::counter::{BytesCount, CharsCount, ItemsCount};
//!
//! assert_eq!(BytesCount::of_str("héllo"), BytesCount::new(6u32));
//! assert_eq!(CharsCount::of_str("héllo"), CharsCount::new(5u32));
//! assert_eq!(BytesCount::of_slice(&[1u32, 2, 3]), BytesCount::u32(3));
//! assert_eq!(ItemsCount::of_iter(0..4), ItemsCount::from(4u8));
//! ```

use std::any::Any;
use zenbench::Throughput;

mod sealed {
    /// Keeps [`Counter`](super::Counter) to this crate's four counters.
    pub trait Sealed {
        /// zenbench's throughput for this count.
        fn throughput(&self) -> zenbench::Throughput;
        /// The counter of `count`.
        fn of_count(count: u64) -> Self;
    }
}

/// A count of what one iteration processes: [`BytesCount`],
/// [`CharsCount`], [`CyclesCount`] or [`ItemsCount`].
pub trait Counter: Sized + Any + sealed::Sealed {}

/// A value that names a counter: any [`Counter`], or an unsigned integer
/// (an [`ItemsCount`]).
///
/// ```
/// use divan::counter::IntoCounter;
///
/// assert_eq!(8usize.into_counter(), divan::counter::ItemsCount::new(8usize));
/// ```
pub trait IntoCounter {
    /// The counter it names.
    type Counter: Counter;
    /// The counter.
    fn into_counter(self) -> Self::Counter;
}

impl<C: Counter> IntoCounter for C {
    type Counter = C;
    fn into_counter(self) -> C {
        self
    }
}

/// An unsigned integer a counter is built from (`u8` to `u64`, `usize`).
pub trait CountUInt: Copy + Any {
    /// The count as a `u64`.
    fn into_count(self) -> u64;
}

/// A value (or a reference to one) whose integer is a count, for
/// [`Bencher::count_inputs_as`](crate::Bencher::count_inputs_as).
pub trait AsCountUInt {
    /// The count as a `u64`.
    fn as_count(&self) -> u64;
}

impl<T: AsCountUInt> AsCountUInt for &T {
    fn as_count(&self) -> u64 {
        T::as_count(self)
    }
}

macro_rules! uints {
    ($($t:ty),*) => {$(
        impl CountUInt for $t {
            fn into_count(self) -> u64 {
                self as u64
            }
        }
        impl AsCountUInt for $t {
            fn as_count(&self) -> u64 {
                *self as u64
            }
        }
        impl IntoCounter for $t {
            type Counter = ItemsCount;
            fn into_counter(self) -> ItemsCount {
                ItemsCount::new(self)
            }
        }
    )*};
}

uints!(u8, u16, u32, u64, usize);

macro_rules! counters {
    ($($(#[$doc:meta])* $name:ident => $throughput:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name {
            count: u64,
        }

        impl $name {
            /// A count of `count`.
            pub fn new<N: CountUInt>(count: N) -> Self {
                $name { count: count.into_count() }
            }

            /// The count.
            pub fn count(&self) -> u64 {
                self.count
            }
        }

        impl<C: AsCountUInt> From<C> for $name {
            fn from(count: C) -> Self {
                $name { count: count.as_count() }
            }
        }

        impl sealed::Sealed for $name {
            fn throughput(&self) -> Throughput {
                Throughput::$throughput(self.count)
            }
            fn of_count(count: u64) -> Self {
                $name { count }
            }
        }

        impl Counter for $name {}
    )*};
}

counters! {
    /// Bytes processed per iteration: zenbench's bytes per second.
    BytesCount => Bytes;
    /// `char`s (Unicode scalar values) per iteration: elements per second.
    CharsCount => Elements;
    /// Cycles per iteration (divan shows them as Hz): elements per second.
    CyclesCount => Elements;
    /// Items per iteration: elements per second.
    ItemsCount => Elements;
}

impl BytesCount {
    /// The size of one `T`.
    pub const fn of<T>() -> Self {
        BytesCount {
            count: std::mem::size_of::<T>() as u64,
        }
    }

    /// The size of `n` values of `T`.
    ///
    /// # Panics
    ///
    /// When the product overflows a `u64`.
    pub const fn of_many<T>(n: usize) -> Self {
        match (std::mem::size_of::<T>() as u64).checked_mul(n as u64) {
            Some(count) => BytesCount { count },
            None => panic!("divan: a byte count overflows u64"),
        }
    }

    /// The size of `value` (`size_of_val`).
    pub fn of_val<T: ?Sized>(value: &T) -> Self {
        BytesCount {
            count: std::mem::size_of_val(value) as u64,
        }
    }

    /// The size of the items of `iter`, counted.
    pub fn of_iter<T, I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self::of_many::<T>(iter.into_iter().count())
    }

    /// The length of a string in bytes.
    pub fn of_str<S: ?Sized + AsRef<str>>(s: &S) -> Self {
        Self::of_val(s.as_ref())
    }

    /// The size of a slice's items.
    pub fn of_slice<T, S: ?Sized + AsRef<[T]>>(s: &S) -> Self {
        Self::of_val(s.as_ref())
    }
}

macro_rules! bytes_of {
    ($($t:ident),*) => {
        impl BytesCount {$(
            #[doc = concat!("The size of `n` values of `", stringify!($t), "`.")]
            pub const fn $t(n: usize) -> Self {
                Self::of_many::<$t>(n)
            }
        )*}
    };
}

bytes_of!(f32, f64, i8, u8, i16, u16, i32, u32, i64, u64, i128, u128, isize, usize);

impl CharsCount {
    /// The number of `char`s of a string.
    pub fn of_str<S: ?Sized + AsRef<str>>(s: &S) -> Self {
        CharsCount {
            count: s.as_ref().chars().count() as u64,
        }
    }
}

impl ItemsCount {
    /// The number of items of `iter`.
    pub fn of_iter<T, I: IntoIterator<Item = T>>(iter: I) -> Self {
        ItemsCount {
            count: iter.into_iter().count() as u64,
        }
    }
}

/// How divan prints byte counts (powers of 1000 or 1024). zenbench's
/// report has its own units, so this is accepted and has no effect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum BytesFormat {
    /// Powers of 1000 (kB, MB).
    #[default]
    Decimal,
    /// Powers of 1024 (KiB, MiB).
    Binary,
}

impl sealed::Sealed for crate::__private::Fixed {
    fn throughput(&self) -> Throughput {
        self.0
    }
    fn of_count(count: u64) -> Self {
        crate::__private::Fixed(Throughput::Elements(count))
    }
}

impl Counter for crate::__private::Fixed {}

/// zenbench's throughput for a counter.
pub(crate) fn throughput_of<C: IntoCounter>(counter: C) -> Throughput {
    sealed::Sealed::throughput(&counter.into_counter())
}

/// The counter `C` of a count.
pub(crate) fn counter_of<C: Counter>(count: u64) -> C {
    <C as sealed::Sealed>::of_count(count)
}
