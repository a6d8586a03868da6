//! `engine::forecast`: Croston, SBA, TSB, Holt, Holt-Winters and the fitting
//! functions. Expected values come from hand calculation (shown beside them)
//! or from a reference implementation run with the same fixed parameters
//! (package, version and call cited beside them).

use engine::forecast::{croston, croston_sba, tsb, ForecastError};
use proptest::prelude::*;

fn close_to(got: f64, want: f64, tol: f64) {
    assert!((got - want).abs() <= tol * (1.0 + want.abs()), "got {got}, want {want}");
}

fn all_close(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "got {got:?}, want {want:?}");
    for (g, w) in got.iter().zip(want) {
        close_to(*g, *w, 1e-12);
    }
}

/// Compares fitted values whose first entry is statsforecast's NaN.
fn fitted_close(got: &[Option<f64>], want_after_first: &[f64]) {
    assert_eq!(got[0], None);
    let got: Vec<f64> = got[1..].iter().map(|v| v.expect("fitted after t = 0")).collect();
    all_close(&got, want_after_first);
}

// ---- intermittent: statsforecast 2.1.1 ----
// Reference: /work/venv, statsforecast 2.1.1,
//   from statsforecast.models import _croston_classic, _croston_sba, _tsb
//   _croston_classic(y, 3, True); _croston_sba(y, 3, True); _tsb(y, 3, True, 0.2, 0.3)
// (CrostonClassic smooths both sizes and intervals with alpha 0.1; SBA multiplies by 0.95 = 1 − 0.1/2;
// TSB's arguments are alpha_d = 0.2, alpha_p = 0.3.) `fitted` lists values from t = 1 (t = 0 is NaN there).

const LATE_START: [f64; 12] = [0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 5.0, 2.0, 0.0, 0.0, 4.0, 0.0];
const EARLY_START: [f64; 8] = [2.0, 0.0, 0.0, 1.0, 0.0, 6.0, 0.0, 0.0];

#[test]
fn croston_matches_statsforecast_with_a_late_first_demand() {
    let fit = croston(&LATE_START, 0.1, 0.1, 3).unwrap();
    all_close(&fit.forecast, &[1.093416063426405; 3]);
    fitted_close(
        &fit.fitted,
        &[
            0.0,
            0.0,
            1.0,
            1.0,
            1.0,
            1.0,
            1.032258064516129,
            1.0657439446366783,
            1.0657439446366783,
            1.0657439446366783,
            1.093416063426405,
        ],
    );
    // First demand 3 at 1-based index 3: size 3, interval 3, so fitted[3] = 3 / 3 = 1 (hand check).
    let state = fit.final_state.unwrap();
    close_to(state.size / state.interval, 1.093416063426405, 1e-12);
}

#[test]
fn croston_matches_statsforecast_with_demand_in_the_first_period() {
    let fit = croston(&EARLY_START, 0.1, 0.1, 3).unwrap();
    all_close(&fit.forecast, &[1.8046875; 3]);
    fitted_close(&fit.fitted, &[2.0, 2.0, 2.0, 1.5833333333333333, 1.5833333333333333, 1.8046875, 1.8046875]);
    // Hand check: sizes 2, 1, 6 → z = 2, 1.9, 2.31; intervals 1, 3, 2 → p = 1, 1.2, 1.28; 2.31 / 1.28 = 1.8046875.
    let state = fit.final_state.unwrap();
    close_to(state.size, 2.31, 1e-12);
    close_to(state.interval, 1.28, 1e-12);
}

#[test]
fn sba_matches_statsforecast() {
    let fit = croston_sba(&LATE_START, 0.1, 0.1, 2).unwrap();
    all_close(&fit.forecast, &[1.0387452602550846; 2]);
    fitted_close(
        &fit.fitted,
        &[
            0.0,
            0.0,
            0.95,
            0.95,
            0.95,
            0.95,
            0.9806451612903225,
            1.0124567474048443,
            1.0124567474048443,
            1.0124567474048443,
            1.0387452602550846,
        ],
    );
    let fit = croston_sba(&EARLY_START, 0.1, 0.1, 1).unwrap();
    all_close(&fit.forecast, &[1.714453125]);
    fitted_close(&fit.fitted, &[1.9, 1.9, 1.9, 1.5041666666666664, 1.5041666666666664, 1.714453125, 1.714453125]);
}

#[test]
fn sba_factor_follows_the_interval_alpha() {
    // alpha_interval 0.4 → factor 1 − 0.4/2 = 0.8 on Croston's own values with the same alphas.
    let plain = croston(&EARLY_START, 0.3, 0.4, 1).unwrap();
    let sba = croston_sba(&EARLY_START, 0.3, 0.4, 1).unwrap();
    close_to(sba.forecast[0], 0.8 * plain.forecast[0], 1e-12);
}

#[test]
fn tsb_matches_statsforecast() {
    let fit = tsb(&LATE_START, 0.2, 0.3, 3).unwrap();
    all_close(&fit.forecast, &[1.1356601426015998; 3]);
    fitted_close(
        &fit.fitted,
        &[
            0.0,
            0.0,
            0.9000000000000001,
            0.6300000000000001,
            0.44100000000000006,
            0.30870000000000003,
            1.264902,
            1.7485135200000002,
            1.223959464,
            0.8567716247999999,
            1.622371632288,
        ],
    );
    // Hand check of fitted[3]: d starts at the first period's indicator 0, the demand at t = 2 gives
    // d = 0.3·1 + 0.7·0 = 0.3 and z = 3, so 0.3 · 3 = 0.9; then d decays by 0.7 a period: 0.63.
    let fit = tsb(&EARLY_START, 0.2, 0.3, 1).unwrap();
    all_close(&fit.forecast, &[0.795654552]);
    fitted_close(
        &fit.fitted,
        &[2.0, 1.4, 0.9799999999999999, 1.1573999999999998, 0.8101799999999998, 1.6237848000000001, 1.13664936],
    );
}

#[test]
fn intermittent_models_forecast_zero_for_an_all_zero_series() {
    // statsforecast 2.1.1 on [0, 0, 0, 0]: mean [0, 0, 0], fitted [nan, 0, 0, 0] for all three.
    let zeros = [0.0; 4];
    for fit in [croston(&zeros, 0.1, 0.1, 3).unwrap(), croston_sba(&zeros, 0.1, 0.1, 3).unwrap()] {
        assert_eq!(fit.forecast, vec![0.0; 3]);
        assert_eq!(fit.fitted, vec![None, Some(0.0), Some(0.0), Some(0.0)]);
        assert_eq!(fit.final_state, None);
    }
    let fit = tsb(&zeros, 0.2, 0.3, 3).unwrap();
    assert_eq!(fit.forecast, vec![0.0; 3]);
    assert_eq!(fit.fitted, vec![None, Some(0.0), Some(0.0), Some(0.0)]);
    assert_eq!(fit.final_state, None);
}

#[test]
fn intermittent_models_refuse_bad_input() {
    assert_eq!(
        croston(&[1.0, -2.0], 0.1, 0.1, 1),
        Err(ForecastError::Negative { what: "demand", index: 1, value: -2.0 })
    );
    assert!(matches!(croston(&[], 0.1, 0.1, 1), Err(ForecastError::Empty { .. })));
    assert!(matches!(
        croston_sba(&[1.0], 0.0, 0.1, 1),
        Err(ForecastError::InvalidParameter { name: "alpha_size", .. })
    ));
    assert!(matches!(tsb(&[1.0], 0.1, 1.5, 1), Err(ForecastError::InvalidParameter { name: "alpha_probability", .. })));
    assert!(matches!(tsb(&[f64::NAN], 0.1, 0.1, 1), Err(ForecastError::NonFinite { .. })));
}

proptest! {
    #[test]
    fn intermittent_models_forecast_a_constant_as_itself(c in 0.01f64..1e6, n in 1usize..60, a in 0.01f64..1.0, b in 0.01f64..1.0) {
        // A constant c > 0 has size c in every period, interval 1 and probability 1.
        let series = vec![c; n];
        close_to(croston(&series, a, b, 1).unwrap().forecast[0], c, 1e-9);
        close_to(tsb(&series, a, b, 1).unwrap().forecast[0], c, 1e-9);
    }

    #[test]
    fn intermittent_models_forecast_zero_for_zeros(n in 1usize..60, a in 0.01f64..1.0, b in 0.01f64..1.0) {
        let series = vec![0.0; n];
        prop_assert_eq!(croston(&series, a, b, 2).unwrap().forecast, vec![0.0; 2]);
        prop_assert_eq!(croston_sba(&series, a, b, 2).unwrap().forecast, vec![0.0; 2]);
        prop_assert_eq!(tsb(&series, a, b, 2).unwrap().forecast, vec![0.0; 2]);
    }

    #[test]
    fn intermittent_outputs_are_finite_and_non_negative(
        series in prop::collection::vec(prop_oneof![Just(0.0), 0.0f64..1e6], 1..80),
        a in 0.01f64..1.0,
        b in 0.01f64..1.0,
    ) {
        for fit in [croston(&series, a, b, 3).unwrap(), croston_sba(&series, a, b, 3).unwrap()] {
            prop_assert!(fit.forecast.iter().chain(fit.fitted.iter().flatten()).all(|v| v.is_finite() && *v >= 0.0));
        }
        let fit = tsb(&series, a, b, 3).unwrap();
        prop_assert!(fit.forecast.iter().chain(fit.fitted.iter().flatten()).all(|v| v.is_finite() && *v >= 0.0));
    }
}
