//! `engine::forecast`: models with given parameters and accuracy metrics.
//! Every expected value below is worked out by hand in the comment beside it.

use engine::forecast::{
    bias, mae, mape, mase, moving_average, naive, rmse, seasonal_naive, simple_exponential_smoothing, smape,
    ForecastError,
};

fn close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

fn all_close(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "got {got:?}, want {want:?}");
    for (g, w) in got.iter().zip(want) {
        close(*g, *w);
    }
}

// ---- models ----

#[test]
fn naive_repeats_the_last_observation() {
    // fitted[t] = y[t-1]: [-, 1, 4]; forecast = last value 2 for h = 1..3.
    let fit = naive(&[1.0, 4.0, 2.0], 3).unwrap();
    assert_eq!(fit.fitted, vec![None, Some(1.0), Some(4.0)]);
    assert_eq!(fit.forecast, vec![2.0, 2.0, 2.0]);
}

#[test]
fn seasonal_naive_repeats_the_last_season() {
    // m = 2 on [1, 2, 3, 4, 5]: fitted[t] = y[t-2] = [-, -, 1, 2, 3].
    // The next period (index 5) sits where index 3 sat a season earlier: 4; then index 4: 5; then 4 again.
    let fit = seasonal_naive(&[1.0, 2.0, 3.0, 4.0, 5.0], 2, 3).unwrap();
    assert_eq!(fit.fitted, vec![None, None, Some(1.0), Some(2.0), Some(3.0)]);
    assert_eq!(fit.forecast, vec![4.0, 5.0, 4.0]);
}

#[test]
fn seasonal_naive_refuses_less_than_one_season() {
    assert_eq!(seasonal_naive(&[1.0, 2.0], 3, 4), Err(ForecastError::TooShort { what: "demand", needed: 3, got: 2 }));
    assert!(matches!(seasonal_naive(&[1.0, 2.0], 0, 4), Err(ForecastError::InvalidParameter { name: "m", .. })));
}

#[test]
fn moving_average_averages_the_window_before_each_period() {
    // window 2 on [2, 4, 6, 8]: fitted[2] = (2+4)/2 = 3, fitted[3] = (4+6)/2 = 5; forecast (6+8)/2 = 7, flat.
    let fit = moving_average(&[2.0, 4.0, 6.0, 8.0], 2, 2).unwrap();
    assert_eq!(fit.fitted, vec![None, None, Some(3.0), Some(5.0)]);
    all_close(&fit.forecast, &[7.0, 7.0]);
}

#[test]
fn moving_average_refuses_a_bad_window() {
    assert!(matches!(moving_average(&[1.0, 2.0], 0, 1), Err(ForecastError::InvalidParameter { name: "window", .. })));
    assert_eq!(moving_average(&[1.0, 2.0], 5, 1), Err(ForecastError::TooShort { what: "demand", needed: 5, got: 2 }));
}

#[test]
fn ses_worked_example() {
    // FPP3 §8.1, alpha 0.5, l0 = 3 on [3, 5, 4]:
    // l1 = .5*3 + .5*3 = 3; l2 = .5*5 + .5*3 = 4; l3 = .5*4 + .5*4 = 4.
    // fitted = levels before each observation = [3, 3, 4]; final level 4; forecast flat at 4.
    let fit = simple_exponential_smoothing(&[3.0, 5.0, 4.0], 0.5, 3.0, 2).unwrap();
    all_close(&fit.fitted, &[3.0, 3.0, 4.0]);
    close(fit.final_level, 4.0);
    all_close(&fit.forecast, &[4.0, 4.0]);
}

#[test]
fn ses_second_worked_example() {
    // alpha 0.2, l0 = 10 on [10, 20]: l1 = 2 + 8 = 10; l2 = .2*20 + .8*10 = 4 + 8 = 12.
    let fit = simple_exponential_smoothing(&[10.0, 20.0], 0.2, 10.0, 1).unwrap();
    all_close(&fit.fitted, &[10.0, 10.0]);
    close(fit.final_level, 12.0);
    all_close(&fit.forecast, &[12.0]);
}

#[test]
fn ses_with_alpha_one_is_naive_after_the_initial_level() {
    // alpha 1: l_t = y_t, so fitted = [l0, y0, y1] = [10, 2, 7] and the forecast is the last value 1.
    let fit = simple_exponential_smoothing(&[2.0, 7.0, 1.0], 1.0, 10.0, 1).unwrap();
    all_close(&fit.fitted, &[10.0, 2.0, 7.0]);
    close(fit.final_level, 1.0);
    all_close(&fit.forecast, &[1.0]);
}

#[test]
fn ses_refuses_alpha_outside_zero_one() {
    for alpha in [0.0, -0.1, 1.5, f64::NAN] {
        assert!(
            matches!(
                simple_exponential_smoothing(&[1.0, 2.0], alpha, 1.0, 1),
                Err(ForecastError::InvalidParameter { name: "alpha", .. })
            ),
            "alpha {alpha} was accepted"
        );
    }
    assert!(matches!(
        simple_exponential_smoothing(&[1.0], 0.5, f64::INFINITY, 1),
        Err(ForecastError::InvalidParameter { name: "initial_level", .. })
    ));
}

#[test]
fn a_constant_series_forecasts_the_constant() {
    let series = [5.0; 6];
    all_close(&naive(&series, 3).unwrap().forecast, &[5.0; 3]);
    all_close(&seasonal_naive(&series, 2, 3).unwrap().forecast, &[5.0; 3]);
    all_close(&moving_average(&series, 3, 3).unwrap().forecast, &[5.0; 3]);
    let ses = simple_exponential_smoothing(&series, 0.3, 5.0, 3).unwrap();
    all_close(&ses.fitted, &[5.0; 6]);
    all_close(&ses.forecast, &[5.0; 3]);
}

#[test]
fn models_refuse_empty_and_non_finite_series() {
    assert_eq!(naive(&[], 1), Err(ForecastError::Empty { what: "demand" }));
    assert!(matches!(naive(&[1.0, f64::NAN], 1), Err(ForecastError::NonFinite { index: 1, .. })));
    assert!(matches!(simple_exponential_smoothing(&[], 0.5, 1.0, 1), Err(ForecastError::Empty { .. })));
    assert!(matches!(moving_average(&[f64::INFINITY], 1, 1), Err(ForecastError::NonFinite { index: 0, .. })));
}

// ---- accuracy ----

// actual [2, 4, 0, 5], forecast [3, 2, 1, 5]: errors f − a = [1, −2, 1, 0].
const ACTUAL: [f64; 4] = [2.0, 4.0, 0.0, 5.0];
const FORECAST: [f64; 4] = [3.0, 2.0, 1.0, 5.0];

#[test]
fn mae_and_rmse_by_hand() {
    // MAE = (1 + 2 + 1 + 0) / 4 = 1; RMSE = sqrt((1 + 4 + 1 + 0) / 4) = sqrt(1.5).
    close(mae(&ACTUAL, &FORECAST).unwrap(), 1.0);
    close(rmse(&ACTUAL, &FORECAST).unwrap(), 1.5f64.sqrt());
}

#[test]
fn mape_skips_zero_actuals() {
    // Period 3 (actual 0) is excluded: (|1|/2 + |−2|/4 + 0/5) / 3 = (0.5 + 0.5 + 0) / 3 = 1/3 → 33.33 %.
    close(mape(&ACTUAL, &FORECAST).unwrap().unwrap(), 100.0 / 3.0);
    assert_eq!(mape(&[0.0, 0.0], &[1.0, 2.0]).unwrap(), None);
}

#[test]
fn smape_by_hand() {
    // 2|e|/(|a|+|f|): 2/5 = 0.4, 4/6 = 2/3, 2/1 = 2, 0/10 = 0 → sum 46/15, mean 46/60 → 76.67 %.
    close(smape(&ACTUAL, &FORECAST).unwrap(), 100.0 * 46.0 / 60.0);
    // A 0/0 period counts as 0: [0, 2] vs [0, 1] → (0 + 2/3) / 2 = 1/3 → 33.33 %.
    close(smape(&[0.0, 2.0], &[0.0, 1.0]).unwrap(), 100.0 / 3.0);
}

#[test]
fn bias_is_mean_forecast_minus_actual() {
    // (12−10 + 9−10 + 13−10) / 3 = (2 − 1 + 3) / 3 = 4/3: over-forecasting is positive.
    close(bias(&[10.0, 10.0, 10.0], &[12.0, 9.0, 13.0]).unwrap(), 4.0 / 3.0);
    close(bias(&ACTUAL, &FORECAST).unwrap(), 0.0);
}

#[test]
fn mase_with_naive_scale() {
    // m = 1, in-sample [1, 3, 2, 6]: |3−1| + |2−3| + |6−2| = 2 + 1 + 4 = 7 over 3 → scale 7/3.
    // actual [5, 7] vs forecast [6, 5]: MAE = (1 + 2) / 2 = 1.5 → MASE = 1.5 / (7/3) = 4.5/7.
    close(mase(&[5.0, 7.0], &[6.0, 5.0], &[1.0, 3.0, 2.0, 6.0], 1).unwrap().unwrap(), 4.5 / 7.0);
}

#[test]
fn mase_with_seasonal_scale() {
    // m = 2, in-sample [1, 3, 2, 6, 4]: |2−1| + |6−3| + |4−2| = 1 + 3 + 2 = 6 over 3 → scale 2.
    // MAE 1.5 as above → MASE 0.75.
    close(mase(&[5.0, 7.0], &[6.0, 5.0], &[1.0, 3.0, 2.0, 6.0, 4.0], 2).unwrap().unwrap(), 0.75);
}

#[test]
fn mase_is_none_when_the_scale_is_zero_and_refuses_a_short_insample() {
    // [1, 2, 1, 2] repeats exactly with period 2 → scale 0; with m = 1 the scale is 1 → MASE = MAE = 1.
    assert_eq!(mase(&[1.0], &[2.0], &[1.0, 2.0, 1.0, 2.0], 2).unwrap(), None);
    close(mase(&[1.0], &[2.0], &[1.0, 2.0, 1.0, 2.0], 1).unwrap().unwrap(), 1.0);
    assert_eq!(
        mase(&[1.0], &[2.0], &[1.0, 2.0], 2),
        Err(ForecastError::TooShort { what: "in-sample", needed: 3, got: 2 })
    );
    assert!(matches!(mase(&[1.0], &[2.0], &[1.0, 2.0], 0), Err(ForecastError::InvalidParameter { name: "m", .. })));
}

#[test]
fn metrics_refuse_unequal_lengths_and_empty_input() {
    let mismatch = Err(ForecastError::LengthMismatch { actual: 2, forecast: 1 });
    assert_eq!(mae(&[1.0, 2.0], &[1.0]), mismatch);
    assert_eq!(rmse(&[1.0, 2.0], &[1.0]), mismatch);
    assert_eq!(smape(&[1.0, 2.0], &[1.0]), mismatch);
    assert_eq!(bias(&[1.0, 2.0], &[1.0]), mismatch);
    assert_eq!(mape(&[1.0, 2.0], &[1.0]), Err(ForecastError::LengthMismatch { actual: 2, forecast: 1 }));
    assert_eq!(
        mase(&[1.0, 2.0], &[1.0], &[1.0, 2.0], 1),
        Err(ForecastError::LengthMismatch { actual: 2, forecast: 1 })
    );
    assert_eq!(mae(&[], &[]), Err(ForecastError::Empty { what: "actual" }));
    assert!(matches!(rmse(&[1.0], &[f64::NAN]), Err(ForecastError::NonFinite { what: "forecast", .. })));
}
