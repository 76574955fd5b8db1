//! Empirical Big-O verdicts on synthetic timing tables.

use zenbench_stats::{
    best_fit, fit_complexity, ComplexityConfig, ComplexityFit, ComplexityVerdict, Model, Rung,
};

use ComplexityVerdict::{GrowsFaster, GrowsSlower, Holds, Inconclusive};

/// The ladder of input sizes used for a model: 2⁴..2¹⁶ in doublings, or 4..24 for
/// 2ⁿ (whose times overflow f64 long before 2¹⁶).
fn sizes(model: Model) -> Vec<f64> {
    match model {
        Model::Exponential => (4..=24).map(f64::from).collect(),
        _ => (4..=16).map(|k| f64::from(1u32 << k)).collect(),
    }
}

/// Noise-free table, time = c · f(n), one trial per rung.
fn exact(model: Model, c: f64, ns: &[f64]) -> Vec<Rung> {
    ns.iter()
        .map(|&n| Rung {
            n,
            per_call_ns: vec![c * model.ln_f(n).exp()],
        })
        .collect()
}

fn normal(rng: &mut fastrand::Rng) -> f64 {
    let u1 = 1.0 - rng.f64(); // (0, 1]
    let u2 = rng.f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Table with multiplicative lognormal noise of σ = `sigma` on every trial.
fn noisy(model: Model, ns: &[f64], trials: usize, sigma: f64, seed: u64) -> Vec<Rung> {
    let mut rng = fastrand::Rng::with_seed(seed);
    ns.iter()
        .map(|&n| Rung {
            n,
            per_call_ns: (0..trials)
                .map(|_| (3f64.ln() + model.ln_f(n) + sigma * normal(&mut rng)).exp())
                .collect(),
        })
        .collect()
}

fn cfg() -> ComplexityConfig {
    ComplexityConfig::default()
}

fn fit(rungs: &[Rung], model: Model) -> ComplexityFit {
    fit_complexity(rungs, model, &cfg())
}

#[test]
fn parse_every_form() {
    let cases: &[(&str, Model)] = &[
        ("1", Model::Constant),
        ("O(1)", Model::Constant),
        ("log n", Model::Log),
        ("logn", Model::Log),
        ("Log N", Model::Log),
        ("log(n)", Model::Log),
        ("n", Model::Linear),
        ("N", Model::Linear),
        (" n ", Model::Linear),
        ("n^1", Model::Linear),
        ("n log n", Model::NLogN),
        ("nlogn", Model::NLogN),
        ("N LOG N", Model::NLogN),
        ("n*log n", Model::NLogN),
        ("o(n log n)", Model::NLogN),
        ("n^2", Model::Quadratic),
        ("N^2", Model::Quadratic),
        ("n ^ 2", Model::Quadratic),
        ("n^2.0", Model::Quadratic),
        ("n^3", Model::Cubic),
        ("2^n", Model::Exponential),
        ("2^N", Model::Exponential),
        ("n^1.5", Model::Power(1.5)),
        ("n^0.5", Model::Power(0.5)),
        ("N^4", Model::Power(4.0)),
    ];
    for &(s, m) in cases {
        assert_eq!(Model::parse(s), Ok(m), "{s:?}");
    }
    for m in Model::CATALOGUE.iter().chain(&[Model::Power(1.5)]) {
        assert_eq!(Model::parse(&m.name()), Ok(*m), "{}", m.name());
    }
    for bad in [
        "n^0", "n^-1", "x", "", "   ", "n^", "n^inf", "n^NaN", "3^n", "n log",
    ] {
        let e = Model::parse(bad).unwrap_err();
        assert!(e.contains("accepted forms"), "{bad:?}: {e}");
        assert!(e.contains("n log n") && e.contains("2^n") && e.contains("n^K"));
        assert!(!e.contains('\n'));
    }
}

#[test]
fn ln_f_values() {
    let n = 1024.0f64;
    assert_eq!(Model::Constant.ln_f(n), 0.0);
    assert!((Model::Log.ln_f(n) - n.ln().ln()).abs() < 1e-12);
    assert!((Model::NLogN.ln_f(n) - (n * n.ln()).ln()).abs() < 1e-12);
    assert!((Model::Cubic.ln_f(n) - 3.0 * n.ln()).abs() < 1e-12);
    assert!((Model::Power(1.5).ln_f(n) - 1.5 * n.ln()).abs() < 1e-12);
    assert!(Model::Exponential.ln_f(1e6).is_finite());
    // The log floor: n = 1 costs as much as n = 2.
    assert_eq!(Model::Log.ln_f(1.0), std::f64::consts::LN_2.ln());
    assert_eq!(Model::NLogN.ln_f(1.0), std::f64::consts::LN_2.ln());
    for m in Model::CATALOGUE {
        assert!(m.ln_f(0.5).is_nan() && m.ln_f(f64::NAN).is_nan());
        assert!(m.ln_f(f64::INFINITY).is_nan());
    }
}

#[test]
fn exact_tables_hold_for_the_true_model() {
    for m in Model::CATALOGUE.iter().chain(&[Model::Power(1.5)]) {
        let ns = sizes(*m);
        let f = fit(&exact(*m, 3.0, &ns), *m);
        assert_eq!(f.verdict, Holds, "{}", m.name());
        assert!(!f.fallback);
        assert!(f.beta.abs() < 1e-9, "{}: {}", m.name(), f.beta);
        assert!(f.beta_ci.0.abs() < 1e-9 && f.beta_ci.1.abs() < 1e-9);
        assert!((f.c_min - 3.0).abs() < 1e-9 && (f.c_max - 3.0).abs() < 1e-9);
        assert_eq!(f.ratios.len(), ns.len());
        assert!(f.ratios.iter().all(|c| (c - 3.0).abs() < 1e-9));
        // ⌊0.2 · rungs⌋ leading rungs trimmed.
        let drop = ns.len() / 5;
        assert_eq!(f.trimmed.iter().filter(|&&t| t).count(), drop);
        assert!(f.trimmed[..drop].iter().all(|&t| t));
    }
}

/// (true, declared): declared a polynomial power or more too low.
const TOO_LOW: [(Model, Model); 5] = [
    (Model::Linear, Model::Log),
    (Model::Quadratic, Model::NLogN),
    (Model::Quadratic, Model::Linear),
    (Model::Cubic, Model::Quadratic),
    (Model::Exponential, Model::Cubic),
];

#[test]
fn exact_tables_declared_too_low_or_too_high() {
    for (truth, declared) in TOO_LOW {
        let rungs = exact(truth, 3.0, &sizes(truth));
        let low = fit(&rungs, declared);
        assert_eq!(
            low.verdict,
            GrowsFaster,
            "{} as {}",
            truth.name(),
            declared.name()
        );
        assert!(low.beta > 0.15);
        // The other way round: the truth declared too high.
        let rungs = exact(declared, 3.0, &sizes(truth));
        let high = fit(&rungs, truth);
        assert_eq!(
            high.verdict,
            GrowsSlower,
            "{} as {}",
            declared.name(),
            truth.name()
        );
        assert!(high.beta < -0.15);
    }
}

/// A log factor moves the exponent by 1/ln n, about 0.09–0.24 over 2⁴..2¹⁶: inside
/// the default ±0.15 band, so n log n and n are told apart only with a tighter band.
#[test]
fn a_log_factor_needs_a_tight_tolerance() {
    let ns = sizes(Model::Linear);
    let nlogn = exact(Model::NLogN, 3.0, &ns);
    let linear = exact(Model::Linear, 3.0, &ns);
    let tight = ComplexityConfig {
        slope_tolerance: 0.05,
        ..cfg()
    };
    let f = fit(&nlogn, Model::Linear);
    assert!(f.beta > 0.1 && f.beta < 0.2, "{}", f.beta);
    assert_ne!(f.verdict, GrowsSlower);
    assert_eq!(
        fit_complexity(&nlogn, Model::Linear, &tight).verdict,
        GrowsFaster
    );
    assert_eq!(
        fit_complexity(&linear, Model::NLogN, &tight).verdict,
        GrowsSlower
    );
    let constant = exact(Model::Constant, 3.0, &ns);
    assert_eq!(
        fit_complexity(&constant, Model::Log, &tight).verdict,
        GrowsSlower
    );
}

#[test]
fn warm_up_rungs_are_trimmed() {
    let ns = sizes(Model::Linear);
    let mut rungs = exact(Model::Linear, 3.0, &ns);
    let drop = ns.len() / 5;
    for r in &mut rungs[..drop] {
        r.per_call_ns[0] *= 10.0;
    }
    let f = fit(&rungs, Model::Linear);
    assert_eq!(f.verdict, Holds);
    assert_eq!(f.trimmed[..drop], vec![true; drop][..]);
    assert!(f.trimmed[drop..].iter().all(|&t| !t));
    assert!((f.ratios[0] - 30.0).abs() < 1e-9);
    assert!((f.c_max - 3.0).abs() < 1e-9);
    // Without the trim the warm-up would spoil the fit.
    let untrimmed = ComplexityConfig {
        warmup_fraction: 0.0,
        ..cfg()
    };
    assert_ne!(
        fit_complexity(&rungs, Model::Linear, &untrimmed).verdict,
        Holds
    );
}

#[test]
fn at_least_three_rungs_are_kept() {
    let ns = [16.0, 64.0, 256.0, 1024.0];
    let f = fit(&exact(Model::Linear, 3.0, &ns), Model::Linear);
    assert_eq!(f.trimmed, vec![false; 4]); // ⌊0.8⌋ = 0
    let heavy = ComplexityConfig {
        warmup_fraction: 0.9,
        ..cfg()
    };
    let f = fit_complexity(&exact(Model::Linear, 3.0, &ns), Model::Linear, &heavy);
    assert_eq!(f.trimmed, vec![true, false, false, false]);
    assert_eq!(f.verdict, Holds);
}

const TABLES: u64 = 2000;

/// Bootstrap resamples per noisy table: 500 rather than the default 2000 to keep
/// the test to a few seconds (the rates below were also measured at 2000: the same).
const NOISY_RESAMPLES: usize = 500;

/// Verdict counts over `TABLES` noisy tables (5% lognormal noise per trial, 5 outer
/// trials), threads over the tables.
fn noisy_rate(truth: Model, declared: Model, want: ComplexityVerdict) -> f64 {
    let ns = sizes(truth);
    let threads = 8u64;
    let hits: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let ns = &ns;
                s.spawn(move || {
                    (t..TABLES)
                        .step_by(threads as usize)
                        .filter(|&seed| {
                            let rungs = noisy(truth, ns, 5, 0.05, seed);
                            let c = ComplexityConfig {
                                seed,
                                resamples: NOISY_RESAMPLES,
                                ..cfg()
                            };
                            fit_complexity(&rungs, declared, &c).verdict == want
                        })
                        .count() as u64
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    hits as f64 / TABLES as f64
}

/// Measured over 2000 tables per model (5% lognormal noise, 5 trials, seeds 0..2000,
/// n = 2⁴..2¹⁶ or 4..24 for 2ⁿ), at both 500 and 2000 resamples: the true model
/// Holds in 100.0% (2000/2000) of tables for every catalogue model, and declared a
/// polynomial power too low ([`TOO_LOW`]) GrowsFaster in 100.0% (2000/2000). The
/// margin is wide: β's interval is about ±0.01 against the ±0.15 band. Pairs only a
/// log factor apart (1 vs log n, n vs n log n) are not asserted: their exponents
/// differ by about 0.14, inside the band (see `a_log_factor_needs_a_tight_tolerance`).
#[test]
fn noisy_tables() {
    for m in Model::CATALOGUE {
        let rate = noisy_rate(m, m, Holds);
        eprintln!("holds {}: {rate}", m.name());
        assert!(rate >= 0.95, "{}: {rate}", m.name());
    }
    for (truth, declared) in TOO_LOW {
        let rate = noisy_rate(truth, declared, GrowsFaster);
        eprintln!("faster {} as {}: {rate}", truth.name(), declared.name());
        assert!(
            rate >= 0.95,
            "{} as {}: {rate}",
            truth.name(),
            declared.name()
        );
    }
}

#[test]
fn narrow_range_falls_back_to_the_ratio_spread() {
    let ns: Vec<f64> = (0..=10).map(|i| 1000.0 + 100.0 * f64::from(i)).collect();
    let flat: Vec<Rung> = ns
        .iter()
        .map(|&n| Rung {
            n,
            per_call_ns: vec![50.0, 51.0, 49.0],
        })
        .collect();
    let f = fit(&flat, Model::Constant);
    assert!(f.fallback);
    assert!(f.beta.is_nan() && f.beta_ci.0.is_nan() && f.beta_ci.1.is_nan());
    assert_eq!(f.verdict, Holds);
    // Rising 3× over the ladder.
    let rising: Vec<Rung> = ns
        .iter()
        .enumerate()
        .map(|(i, &n)| Rung {
            n,
            per_call_ns: vec![50.0 * (1.0 + 0.2 * i as f64)],
        })
        .collect();
    let f = fit(&rising, Model::Constant);
    assert!(f.fallback && f.beta.is_nan());
    assert_eq!(f.verdict, GrowsFaster);
    let falling: Vec<Rung> = rising
        .iter()
        .rev()
        .zip(&ns)
        .map(|(r, &n)| Rung {
            n,
            per_call_ns: r.per_call_ns.clone(),
        })
        .collect();
    assert_eq!(fit(&falling, Model::Constant).verdict, GrowsSlower);
}

#[test]
fn the_fallback_reads_the_trend_not_one_stray_rung() {
    // C ∝ n over 1000..2000, declared constant: every pair's slope is 1, so
    // C changes across the kept span exactly as much as n does (the first two
    // of 11 rungs are warm-up: ×2000/1200).
    let ns: Vec<f64> = (0..=10).map(|i| 1000.0 + 100.0 * f64::from(i)).collect();
    let f = fit(&exact(Model::Linear, 3.0, &ns), Model::Constant);
    assert!(f.fallback);
    assert_eq!(f.trimmed.iter().filter(|&&t| t).count(), 2);
    assert!(
        (f.c_change - 2000.0 / 1200.0).abs() < 1e-9,
        "{}",
        f.c_change
    );
    assert_eq!(f.verdict, GrowsFaster);
    // Declared right, C is flat: no change at all.
    let f = fit(&exact(Model::Linear, 3.0, &ns), Model::Linear);
    assert!((f.c_change - 1.0).abs() < 1e-9 && f.verdict == Holds);
    // One rung twice as slow, in the middle or at either end of the kept
    // rungs, leaves C's trend flat: c_max/c_min is 2, but the change read
    // across the span stays near 1.
    for slow in [6, 2, 10] {
        let mut rungs = exact(Model::Linear, 3.0, &ns);
        rungs[slow].per_call_ns[0] *= 2.0;
        let f = fit(&rungs, Model::Linear);
        assert!((f.c_max / f.c_min - 2.0).abs() < 1e-9);
        assert!(f.c_change < 1.2, "slow rung {slow}: ×{}", f.c_change);
        assert_eq!(f.verdict, Holds, "slow rung {slow}");
    }
    // Without the fallback there is no change to read.
    let f = fit(
        &exact(Model::Linear, 3.0, &sizes(Model::Linear)),
        Model::Linear,
    );
    assert!(!f.fallback && f.c_change.is_nan());
}

/// A swept 2^n ladder as a real run makes it (n = 17..25, one trial per rung):
/// lognormal noise of σ = 3%, and each rung independently, with probability
/// `p_slow`, slowed ×1.5..2.5 as when the machine is busy for its whole call.
fn swept(truth: f64, p_slow: f64, seed: u64) -> Vec<Rung> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (17..=25)
        .map(|k| {
            let n = f64::from(k);
            let mut t = (truth * n.ln() + 0.03 * normal(&mut rng)).exp() * n.exp2();
            if rng.f64() < p_slow {
                t *= 1.5 + rng.f64();
            }
            Rung {
                n,
                per_call_ns: vec![t],
            }
        })
        .collect()
}

#[test]
fn a_swept_exponential_ladder_holds_on_a_busy_machine_and_a_trend_still_shows() {
    let runs = 1000;
    let mut held = 0;
    let mut spread_held = 0;
    let mut lower_found = 0;
    let mut trend_found = 0;
    for seed in 0..runs {
        let rungs = swept(0.0, 0.15, seed);
        let f = fit(&rungs, Model::Exponential);
        assert!(f.fallback);
        held += usize::from(f.verdict == Holds);
        // What the old rule (c_max/c_min within ×1.5) would have said.
        spread_held += usize::from(f.c_max / f.c_min <= 1.5);
        lower_found += usize::from(fit(&rungs, Model::Cubic).verdict == GrowsFaster);
        // C ∝ n^1.5 more than declared: ×1.7 across 18..25.
        let f = fit(&swept(1.5, 0.15, seed + runs), Model::Exponential);
        trend_found += usize::from(f.verdict == GrowsFaster);
    }
    let rate = |k: usize| k as f64 / runs as f64;
    assert!(rate(held) >= 0.97, "held {held}/{runs}");
    assert!(
        rate(spread_held) < 0.5,
        "the busy machine is busy enough to matter: {spread_held}/{runs}"
    );
    assert_eq!(lower_found, runs as usize);
    assert!(rate(trend_found) >= 0.9, "trend found {trend_found}/{runs}");
}

#[test]
fn best_fit_ranks_the_catalogue() {
    let ns = sizes(Model::NLogN);
    let (ranking, decisive) = best_fit(&exact(Model::NLogN, 3.0, &ns), &cfg());
    assert_eq!(ranking.len(), 7);
    assert_eq!(ranking[0].0, Model::NLogN);
    assert!(ranking[0].1 < 1e-9);
    assert!(decisive);
    assert!(ranking.windows(2).all(|w| w[0].1 <= w[1].1));
    for m in Model::CATALOGUE {
        let (r, d) = best_fit(&exact(m, 3.0, &sizes(m)), &cfg());
        assert_eq!(r[0].0, m, "{}", m.name());
        assert!(d);
    }
    // Two rungs: a ranking, never decisive.
    let (ranking, decisive) = best_fit(&exact(Model::NLogN, 3.0, &[64.0, 4096.0]), &cfg());
    assert!(!decisive);
    assert_eq!(ranking.len(), 7);
}

#[test]
fn a_step_is_not_constant() {
    let ns = sizes(Model::Constant);
    let mid = ns.len() / 2;
    let rungs: Vec<Rung> = ns
        .iter()
        .enumerate()
        .map(|(i, &n)| Rung {
            n,
            per_call_ns: vec![if i < mid { 10.0 } else { 40.0 }],
        })
        .collect();
    let f = fit(&rungs, Model::parse("1").unwrap());
    assert_ne!(f.verdict, Holds);
    assert!(f.beta > 0.15);
}

#[test]
fn degenerate_input_never_panics() {
    let f = fit(&[], Model::Linear);
    assert_eq!(f.verdict, Inconclusive);
    assert!(f.ratios.is_empty() && f.trimmed.is_empty());
    assert!(f.beta.is_nan() && f.c_min.is_nan() && f.c_max.is_nan());
    assert!(f.beta_ci.0.is_nan() && f.beta_ci.1.is_nan());
    let (r, d) = best_fit(&[], &cfg());
    assert!(!d && r.iter().all(|(_, s)| s.is_nan()));

    let one = [Rung {
        n: 100.0,
        per_call_ns: vec![5.0],
    }];
    let f = fit(&one, Model::Linear);
    assert_eq!(f.verdict, Inconclusive);
    assert!((f.c_min - 0.05).abs() < 1e-12);
    assert!(!best_fit(&one, &cfg()).1);

    let bad_values = [f64::NAN, 0.0, -1.0, f64::INFINITY, f64::NEG_INFINITY];
    let bad: Vec<Rung> = (4..=16)
        .map(|k| Rung {
            n: f64::from(1u32 << k),
            per_call_ns: bad_values.to_vec(),
        })
        .collect();
    let f = fit(&bad, Model::Linear);
    assert_eq!(f.verdict, Inconclusive);
    assert!(f.ratios.iter().all(|c| c.is_nan()));
    assert!(f.trimmed.iter().all(|&t| !t));
    assert!(f.beta.is_nan() && f.c_min.is_nan());
    assert!(!best_fit(&bad, &cfg()).1);

    // Bad rungs among good ones are skipped; bad n too.
    let mut mixed = exact(Model::Linear, 3.0, &sizes(Model::Linear));
    mixed[5].per_call_ns = vec![f64::NAN, -2.0];
    mixed[7].per_call_ns.clear();
    mixed[9].n = f64::NAN;
    mixed.push(Rung {
        n: 0.0,
        per_call_ns: vec![1.0],
    });
    let f = fit(&mixed, Model::Linear);
    assert_eq!(f.verdict, Holds);
    assert!(f.ratios[5].is_nan() && f.ratios[7].is_nan() && f.ratios[9].is_nan());
    assert!((f.c_max - 3.0).abs() < 1e-9);

    // All rungs at one n: range 0 → fallback, and no panic in any config.
    let same: Vec<Rung> = (0..5)
        .map(|_| Rung {
            n: 64.0,
            per_call_ns: vec![7.0, 8.0],
        })
        .collect();
    let f = fit(&same, Model::Linear);
    assert!(f.fallback && f.verdict == Holds);
    let odd = ComplexityConfig {
        warmup_fraction: f64::NAN,
        slope_tolerance: f64::NAN,
        level: 2.0,
        resamples: 0,
        seed: 1,
    };
    let g = fit_complexity(
        &exact(Model::Linear, 3.0, &sizes(Model::Linear)),
        Model::Linear,
        &odd,
    );
    assert_eq!(g.verdict, Inconclusive);
    let _ = best_fit(&mixed, &odd);
    let _ = fit_complexity(&same, Model::Linear, &odd);
}
