//! `engine::forecast`: Croston, SBA, TSB, Holt, Holt-Winters and the fitting
//! functions. Expected values come from hand calculation (shown beside them)
//! or from a reference implementation run with the same fixed parameters
//! (package, version and call cited beside them).

use engine::forecast::{
    classical_initial_states, croston, croston_sba, fit_croston, fit_holt, fit_holt_winters, fit_ses, fit_tsb, holt,
    holt_winters, one_season_initial_states, seasonal_naive, tsb, ForecastError, HoltParams, HoltStates,
    HoltWintersParams, HoltWintersStates, Seasonality, Trend,
};
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

// ---- Holt: statsmodels 0.15.0 ----
// Reference: /work/venv, statsmodels 0.15.0,
//   ExponentialSmoothing(y, trend="add", damped_trend=D, initialization_method="known",
//                        initial_level=9.0, initial_trend=1.5)
//   .fit(smoothing_level=0.5, smoothing_trend=0.3, [damping_trend=0.9,] optimized=False)
// with y = HOLT_Y; fittedvalues, forecast(4), level[-1], trend[-1].

const HOLT_Y: [f64; 8] = [10.0, 12.0, 13.0, 15.0, 14.0, 17.0, 19.0, 18.0];

#[test]
fn holt_matches_statsmodels_undamped() {
    let params = HoltParams { alpha: 0.5, beta: 0.3, phi: 1.0 };
    let fit = holt(&HOLT_Y, params, HoltStates { level: 9.0, trend: 1.5 }, 4).unwrap();
    // Hand check of the first two: fitted[0] = 9 + 1.5 = 10.5; l1 = .5·10 + .5·10.5 = 10.25,
    // b1 = .3·(10.25 − 9) + .7·1.5 = 1.425, fitted[1] = 11.675.
    all_close(
        &fit.fitted,
        &[
            10.5,
            11.675,
            13.311250000000001,
            14.5826875,
            16.281003124999998,
            16.28801046875,
            17.898312570312502,
            19.868716735546872,
        ],
    );
    close_to(fit.final_state.level, 18.934358367773434, 1e-12);
    close_to(fit.final_state.trend, 1.1392529400585927, 1e-12);
    all_close(&fit.forecast, &[20.073611307832028, 21.21286424789062, 22.35211718794921, 23.491370128007805]);
}

#[test]
fn holt_matches_statsmodels_damped() {
    let params = HoltParams { alpha: 0.5, beta: 0.3, phi: 0.9 };
    let fit = holt(&HOLT_Y, params, HoltStates { level: 9.0, trend: 1.5 }, 4).unwrap();
    // Hand check: fitted[0] = 9 + 0.9·1.5 = 10.35.
    all_close(
        &fit.fitted,
        &[
            10.35,
            11.34275,
            12.811078750000002,
            13.95677711875,
            15.56533761771875,
            15.549602382976719,
            17.16084508649211,
            19.126147962072995,
        ],
    );
    close_to(fit.final_state.level, 18.563073981036496, 1e-12);
    close_to(fit.final_state.trend, 0.8768032245159915, 1e-12);
    all_close(&fit.forecast, &[19.352196883100888, 20.06240749495884, 20.701597045630997, 21.276867641235942]);
}

#[test]
fn holt_may_forecast_below_zero() {
    // l0 = 2, b0 = −1, alpha 1, beta 1 on [1]: l1 = 1, b1 = 1 − 2 = −1; forecast h=1..3: 0, −1, −2 (textbook, not floored).
    let fit = holt(&[1.0], HoltParams { alpha: 1.0, beta: 1.0, phi: 1.0 }, HoltStates { level: 2.0, trend: -1.0 }, 3)
        .unwrap();
    all_close(&fit.forecast, &[0.0, -1.0, -2.0]);
}

#[test]
fn holt_refuses_bad_parameters() {
    let init = HoltStates { level: 1.0, trend: 0.0 };
    let refused = |alpha, beta, phi| holt(&[1.0, 2.0], HoltParams { alpha, beta, phi }, init, 1).unwrap_err();
    assert!(matches!(refused(0.0, 0.1, 1.0), ForecastError::InvalidParameter { name: "alpha", .. }));
    assert!(matches!(refused(0.5, -0.1, 1.0), ForecastError::InvalidParameter { name: "beta", .. }));
    assert!(matches!(refused(0.5, 0.1, 1.1), ForecastError::InvalidParameter { name: "phi", .. }));
    assert!(matches!(refused(0.5, 0.1, 0.0), ForecastError::InvalidParameter { name: "phi", .. }));
    let bad_init = HoltStates { level: f64::NAN, trend: 0.0 };
    assert!(matches!(
        holt(&[1.0], HoltParams { alpha: 0.5, beta: 0.1, phi: 1.0 }, bad_init, 1),
        Err(ForecastError::InvalidParameter { name: "initial_level", .. })
    ));
}

// ---- Holt-Winters: statsmodels 0.15.0 ----
// Reference: /work/venv, statsmodels 0.15.0,
//   ExponentialSmoothing(HW_Y, trend="add", damped_trend=D, seasonal="add"|"mul", seasonal_periods=4,
//                        initialization_method="known", initial_level=19.0, initial_trend=0.5,
//                        initial_seasonal=[-8, 1, 10, -3] | [0.6, 1.05, 1.5, 0.85])
//   .fit(smoothing_level=0.4, smoothing_trend=0.2, smoothing_seasonal=0.3, [damping_trend=0.9,] optimized=False)
// fittedvalues, forecast(9), level[-1], trend[-1], season[-4:] (= [s_{T−3}, …, s_T]).
// statsmodels 0.15.0's forecast at h = m, 2m uses s_{T−m}, not s_T (issue 7's pitfall: its season array shows
// forecast(9)[3] − level − 4·trend = season[-5]); at those horizons the expected value is FPP3's
// ℓ_T + φ_h·b_T (+ or ×) s_T, computed from statsmodels' own final states.

const HW_Y: [f64; 12] = [12.0, 20.0, 31.0, 15.0, 14.0, 23.0, 33.0, 17.0, 16.0, 25.0, 36.0, 18.0];
const HW_PARAMS: HoltWintersParams = HoltWintersParams { alpha: 0.4, beta: 0.2, gamma: 0.3, phi: 1.0 };

struct HwReference {
    fitted: [f64; 12],
    forecast: [f64; 9],
    level: f64,
    trend: f64,
    season: [f64; 4],
}

fn check_hw(seasonality: Seasonality, phi: f64, initial_seasonal: [f64; 4], want: HwReference) {
    let params = HoltWintersParams { phi, ..HW_PARAMS };
    let initial = HoltWintersStates { level: 19.0, trend: 0.5, seasonal: initial_seasonal.to_vec() };
    let fit = holt_winters(&HW_Y, seasonality, params, &initial, 9).unwrap();
    all_close(&fit.fitted, &want.fitted);
    close_to(fit.final_state.level, want.level, 1e-12);
    close_to(fit.final_state.trend, want.trend, 1e-12);
    all_close(&fit.final_state.seasonal, &want.season);
    let mut damped_sum = 0.0;
    for h in 1..=9usize {
        damped_sum += phi.powi(h as i32);
        let got = fit.forecast[h - 1];
        if h % 4 == 0 {
            // FPP3: k = ⌊(h − 1)/m⌋ = h/m − 1, so T + h − m(k + 1) = T: the state is s_T = season[3].
            let base = want.level + damped_sum * want.trend;
            let expected = match seasonality {
                Seasonality::Additive => base + want.season[3],
                Seasonality::Multiplicative => base * want.season[3],
            };
            close_to(got, expected, 1e-12);
            assert!((got - want.forecast[h - 1]).abs() > 1e-3, "h = {h} should differ from statsmodels' s_(T−m)");
        } else {
            close_to(got, want.forecast[h - 1], 1e-12);
        }
    }
}

#[test]
fn holt_winters_additive_matches_statsmodels() {
    // Hand check of the first two fitted values: fitted[0] = 19 + 0.5 − 8 = 11.5; l1 = .4·(12 + 8) + .6·19.5 = 19.7,
    // b1 = .2·0.7 + .8·0.5 = 0.54, fitted[1] = 19.7 + 0.54 + 1 = 21.24.
    check_hw(
        Seasonality::Additive,
        1.0,
        [-8.0, 1.0, 10.0, -3.0],
        HwReference {
            fitted: [
                11.5,
                21.24,
                30.1848,
                18.016896,
                12.224801920000003,
                21.8195613184,
                32.409412051968005,
                19.044380727951363,
                15.199068499305273,
                24.267899638653194,
                34.50779895061929,
                20.791390439024795,
            ],
            forecast: [
                17.519575392334954,
                26.202017467336827,
                36.27317169000284,
                21.288911208719867,
                19.133652337639948,
                27.816094412641817,
                37.88724863530783,
                22.90298815402486,
                20.74772928294494,
            ],
            level: 24.193217281800287,
            trend: 0.40351923632624787,
            season: [-7.077161125791581, 1.2017617128840414, 10.86939669922381, -5.355800150092847],
        },
    );
}

#[test]
fn holt_winters_additive_damped_matches_statsmodels() {
    check_hw(
        Seasonality::Additive,
        0.9,
        [-8.0, 1.0, 10.0, -3.0],
        HwReference {
            fitted: [
                11.45,
                21.114600000000003,
                29.9886488,
                17.753906486400002,
                11.943708110579202,
                21.5286256792511,
                32.0965024502578,
                18.70076350225255,
                14.841258046151665,
                23.904795366615016,
                34.13656051084374,
                20.398883194166146,
            ],
            forecast: [
                17.11754373435672,
                25.614699669068617,
                35.484557615805215,
                20.16943879271642,
                17.774641722951777,
                26.20608785880417,
                36.01680698656722,
                20.64846322640222,
                18.205763713268997,
            ],
            level: 23.77573091309545,
            trend: 0.2358918536450304,
            season: [-6.87048984701926, 1.435593686240165, 11.133486471669535, -5.056065954845608],
        },
    );
}

#[test]
fn holt_winters_multiplicative_matches_statsmodels() {
    // Hand check: fitted[0] = (19 + 0.5)·0.6 = 11.7.
    check_hw(
        Seasonality::Multiplicative,
        1.0,
        [0.6, 1.05, 1.5, 0.85],
        HwReference {
            fitted: [
                11.7,
                21.252000000000002,
                30.311485714285716,
                17.741702552380954,
                11.974810344882222,
                22.317055001905505,
                33.8981467532155,
                18.404182368052982,
                14.21128614153334,
                25.06438564821345,
                36.905400890481765,
                19.738556607575852,
            ],
            forecast: [
                16.08481529251881,
                25.7447650769991,
                37.337974882798875,
                20.165965927964443,
                17.01944023810747,
                27.219272025560198,
                39.44628405235212,
                21.28879789138338,
                17.95406518369613,
            ],
            level: 24.04314680554473,
            trend: 0.3544113824003622,
            season: [0.6592797184296242, 1.0401097578854122, 1.4871906450027526, 0.7711113198597085],
        },
    );
}

#[test]
fn holt_winters_multiplicative_damped_matches_statsmodels() {
    check_hw(
        Seasonality::Multiplicative,
        0.9,
        [0.6, 1.05, 1.5, 0.85],
        HwReference {
            fitted: [
                11.67,
                21.120330000000003,
                30.016687485714286,
                17.519797351535242,
                11.809337609389019,
                22.016658119888316,
                33.42239890128086,
                18.11454568161494,
                13.99692885809244,
                24.67288606914147,
                36.31487835938085,
                19.405017027335965,
            ],
            forecast: [
                15.83512898371687,
                25.146459166654918,
                36.20304246347385,
                19.299331336793834,
                16.17784695060786,
                25.63321370353138,
                36.83020935889702,
                19.598723623883192,
                16.40270420868504,
            ],
            level: 23.603570518603252,
            trend: 0.18468146249643907,
            season: [0.6661873365672013, 1.0513008097052357, 1.505073148389794, 0.7809713660290162],
        },
    );
}

#[test]
fn holt_winters_uses_s_t_at_a_full_season_ahead() {
    // Hand case, m = 2, one step: states [s_{-1}, s_0] = [-1, 1], l0 = 10, b0 = 0,
    // gamma = 1, alpha = 1, beta = 0 on y = [12]: fitted[0] = 10 + (−1) = 9; l1 = 12 − (−1) = 13; s_1 = 12 − 10 = 2.
    // Final seasonal [s_0, s_1] = [1, 2]. Forecast: h = 1 → s_0: 14; h = 2 (= m) → s_1 = s_T: 15; h = 3 → 14; h = 4 → 15.
    let params = HoltWintersParams { alpha: 1.0, beta: 0.0, gamma: 1.0, phi: 1.0 };
    let initial = HoltWintersStates { level: 10.0, trend: 0.0, seasonal: vec![-1.0, 1.0] };
    let fit = holt_winters(&[12.0], Seasonality::Additive, params, &initial, 4).unwrap();
    all_close(&fit.fitted, &[9.0]);
    all_close(&fit.final_state.seasonal, &[1.0, 2.0]);
    all_close(&fit.forecast, &[14.0, 15.0, 14.0, 15.0]);
}

#[test]
fn holt_winters_refuses_bad_input() {
    let initial = HoltWintersStates { level: 10.0, trend: 0.0, seasonal: vec![1.0, 1.0] };
    assert_eq!(
        holt_winters(&[1.0, 0.0], Seasonality::Multiplicative, HW_PARAMS, &initial, 1),
        Err(ForecastError::NotPositive { what: "demand", index: 1, value: 0.0 })
    );
    let bad_season = HoltWintersStates { seasonal: vec![1.0, -1.0], ..initial.clone() };
    assert!(matches!(
        holt_winters(&[1.0, 2.0], Seasonality::Multiplicative, HW_PARAMS, &bad_season, 1),
        Err(ForecastError::NotPositive { what: "initial seasonal", .. })
    ));
    let no_season = HoltWintersStates { seasonal: vec![], ..initial.clone() };
    assert!(matches!(
        holt_winters(&[1.0], Seasonality::Additive, HW_PARAMS, &no_season, 1),
        Err(ForecastError::Empty { .. })
    ));
    let bad_gamma = HoltWintersParams { gamma: 1.5, ..HW_PARAMS };
    assert!(matches!(
        holt_winters(&[1.0], Seasonality::Additive, bad_gamma, &initial, 1),
        Err(ForecastError::InvalidParameter { name: "gamma", .. })
    ));
}

#[test]
fn classical_initialisation_by_hand() {
    // Season 1 = [12, 20, 31, 15], mean 19.5; season 2 = [14, 23, 33, 17], mean 21.75; b0 = 2.25 / 4 = 0.5625.
    let add = classical_initial_states(&HW_Y, 4, Seasonality::Additive).unwrap();
    close_to(add.level, 19.5, 1e-12);
    close_to(add.trend, 0.5625, 1e-12);
    all_close(&add.seasonal, &[-7.5, 0.5, 11.5, -4.5]);
    let mul = classical_initial_states(&HW_Y, 4, Seasonality::Multiplicative).unwrap();
    all_close(&mul.seasonal, &[12.0 / 19.5, 20.0 / 19.5, 31.0 / 19.5, 15.0 / 19.5]);
}

#[test]
fn classical_initialisation_refusals() {
    assert_eq!(
        classical_initial_states(&HW_Y[..7], 4, Seasonality::Additive),
        Err(ForecastError::TooShort { what: "demand", needed: 8, got: 7 })
    );
    let zero_start = [0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0];
    assert!(matches!(
        classical_initial_states(&zero_start, 4, Seasonality::Additive),
        Err(ForecastError::AllZero { .. })
    ));
    assert!(matches!(
        classical_initial_states(&[1.0, 2.0, 0.0, 4.0], 2, Seasonality::Multiplicative),
        Err(ForecastError::NotPositive { index: 2, .. })
    ));
    assert!(matches!(
        classical_initial_states(&HW_Y, 0, Seasonality::Additive),
        Err(ForecastError::InvalidParameter { name: "m", .. })
    ));
}

#[test]
fn one_season_initialisation_by_hand() {
    // First season [12, 20, 31, 15]: level 19.5, trend 0, raw states [−7.5, 0.5, 11.5, −4.5].
    let raw = one_season_initial_states(&HW_Y[..4], 4, Seasonality::Additive, 1).unwrap();
    close_to(raw.level, 19.5, 1e-12);
    assert_eq!(raw.trend, 0.0);
    all_close(&raw.seasonal, &[-7.5, 0.5, 11.5, -4.5]);
    // Width 3, circular: (−4.5 − 7.5 + 0.5)/3 = −11.5/3; (−7.5 + 0.5 + 11.5)/3 = 1.5; (0.5 + 11.5 − 4.5)/3 = 2.5;
    // (11.5 − 4.5 − 7.5)/3 = −0.5/3. They sum to 0 already.
    let smooth = one_season_initial_states(&HW_Y, 4, Seasonality::Additive, 3).unwrap();
    all_close(&smooth.seasonal, &[-11.5 / 3.0, 1.5, 2.5, -0.5 / 3.0]);
    // Multiplicative on [10, 20, 30, 40]: level 25, raw [0.4, 0.8, 1.2, 1.6]; width 3:
    // (1.6 + 0.4 + 0.8)/3, (0.4 + 0.8 + 1.2)/3, (0.8 + 1.2 + 1.6)/3, (1.2 + 1.6 + 0.4)/3 → mean 1 already.
    let mul = one_season_initial_states(&[10.0, 20.0, 30.0, 40.0], 4, Seasonality::Multiplicative, 3).unwrap();
    close_to(mul.level, 25.0, 1e-12);
    all_close(&mul.seasonal, &[2.8 / 3.0, 0.8, 1.2, 3.2 / 3.0]);
}

#[test]
fn one_season_initialisation_refusals() {
    assert_eq!(
        one_season_initial_states(&HW_Y[..3], 4, Seasonality::Additive, 1),
        Err(ForecastError::TooShort { what: "demand", needed: 4, got: 3 })
    );
    for width in [0, 2, 5] {
        assert!(matches!(
            one_season_initial_states(&HW_Y, 4, Seasonality::Additive, width),
            Err(ForecastError::InvalidParameter { name: "smoothing_width", .. })
        ));
    }
    assert!(matches!(
        one_season_initial_states(&[0.0, 0.0, 5.0], 2, Seasonality::Additive, 1),
        Err(ForecastError::AllZero { .. })
    ));
}

fn finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite())
}

proptest! {
    #[test]
    fn holt_forecasts_a_constant_as_itself(c in -1e6f64..1e6, n in 1usize..60, a in 0.01f64..1.0, b in 0.0f64..1.0, phi in 0.8f64..1.0) {
        let fit = holt(&vec![c; n], HoltParams { alpha: a, beta: b, phi }, HoltStates { level: c, trend: 0.0 }, 5).unwrap();
        for f in fit.forecast.iter().chain(&fit.fitted) {
            close_to(*f, c, 1e-12);
        }
    }

    #[test]
    fn holt_continues_a_linear_trend(a0 in -100.0f64..100.0, slope in -10.0f64..10.0, n in 1usize..60, a in 0.01f64..1.0, b in 0.0f64..1.0) {
        // On y_t = a0 + slope·t with l0 = a0, b0 = slope the states stay on the line for any alpha, beta.
        let series: Vec<f64> = (1..=n).map(|t| a0 + slope * t as f64).collect();
        let fit = holt(&series, HoltParams { alpha: a, beta: b, phi: 1.0 }, HoltStates { level: a0, trend: slope }, 4).unwrap();
        for (h, f) in fit.forecast.iter().enumerate() {
            close_to(*f, a0 + slope * (n + h + 1) as f64, 1e-9);
        }
    }

    #[test]
    fn seasonal_models_continue_a_pure_seasonal_pattern(
        pattern in prop::collection::vec(1.0f64..100.0, 2..13),
        seasons in 1usize..4,
        a in 0.01f64..1.0,
        b in 0.0f64..1.0,
        g in 0.0f64..1.0,
    ) {
        let m = pattern.len();
        let series: Vec<f64> = (0..seasons * m).map(|t| pattern[t % m]).collect();
        let want: Vec<f64> = (0..2 * m).map(|h| pattern[h % m]).collect();
        let naive = seasonal_naive(&series, m, 2 * m).unwrap();
        prop_assert_eq!(&naive.forecast, &want);
        for seasonality in [Seasonality::Additive, Seasonality::Multiplicative] {
            let initial = one_season_initial_states(&series, m, seasonality, 1).unwrap();
            let params = HoltWintersParams { alpha: a, beta: b, gamma: g, phi: 1.0 };
            let fit = holt_winters(&series, seasonality, params, &initial, 2 * m).unwrap();
            for (got, want) in fit.forecast.iter().zip(&want) {
                close_to(*got, *want, 1e-9);
            }
        }
    }

    #[test]
    fn holt_winters_outputs_are_finite(
        series in prop::collection::vec(0.5f64..1e4, 8..40),
        a in 0.01f64..1.0,
        b in 0.0f64..1.0,
        g in 0.0f64..1.0,
        phi in 0.8f64..1.0,
    ) {
        let params = HoltWintersParams { alpha: a, beta: b, gamma: g, phi };
        let initial = classical_initial_states(&series, 4, Seasonality::Additive).unwrap();
        let fit = holt_winters(&series, Seasonality::Additive, params, &initial, 8).unwrap();
        prop_assert!(finite(&fit.fitted) && finite(&fit.forecast));
        let holt_fit = holt(&series, HoltParams { alpha: a, beta: b, phi }, HoltStates { level: series[0], trend: 0.0 }, 8).unwrap();
        prop_assert!(finite(&holt_fit.fitted) && finite(&holt_fit.forecast));
        // Multiplicative may become unstable (level + trend through 0) but never returns a non-finite value.
        let initial = classical_initial_states(&series, 4, Seasonality::Multiplicative).unwrap();
        match holt_winters(&series, Seasonality::Multiplicative, params, &initial, 8) {
            Ok(fit) => prop_assert!(finite(&fit.fitted) && finite(&fit.forecast)),
            Err(e) => prop_assert_eq!(e, ForecastError::Unstable { what: "Holt-Winters" }),
        }
    }
}

// ---- fitting ----
// References: /work/venv, statsmodels 0.15.0, which minimises the same in-sample SSE over the smoothing
// parameters (and, with initialization_method="estimated", the initial states) with a gradient optimiser.
// Our search is a bounded grid plus golden-section refinement, so it must come within a small margin of
// the reference SSE (it may also be lower), with parameters near the reference where the optimum is interior.

const LOCAL_LEVEL: [f64; 30] = [
    17.7, 19.6, 18.6, 17.9, 20.3, 16.5, 17.7, 20.4, 17.7, 17.8, 18.6, 18.9, 17.1, 18.1, 20.0, 16.3, 18.6, 17.0, 14.0,
    16.7, 13.0, 9.8, 10.4, 11.5, 10.5, 11.6, 8.0, 8.5, 9.6, 6.6,
];

#[test]
fn fit_ses_comes_within_half_a_percent_of_statsmodels() {
    // SimpleExpSmoothing(LOCAL_LEVEL, initialization_method="estimated").fit():
    // smoothing_level 0.5674018467640469, initial_level 18.31702745694515, sse 111.39847717910301.
    let fit = fit_ses(&LOCAL_LEVEL).unwrap();
    assert!(fit.sse <= 111.39847717910301 * 1.005, "sse {}", fit.sse);
    assert!((fit.alpha - 0.5674).abs() < 0.03, "alpha {}", fit.alpha);
    assert!((fit.initial_level - 18.317).abs() < 0.3, "initial level {}", fit.initial_level);
    // The reported SSE is the model's own, at the fitted values.
    let run = engine::forecast::simple_exponential_smoothing(&LOCAL_LEVEL, fit.alpha, fit.initial_level, 1).unwrap();
    let sse: f64 = run.fitted.iter().zip(&LOCAL_LEVEL).map(|(f, y)| (y - f) * (y - f)).sum();
    close_to(fit.sse, sse, 1e-9);
}

#[test]
fn fit_holt_comes_within_two_percent_of_statsmodels() {
    // Holt(TREND, initialization_method="estimated").fit(): smoothing_level 1.49e-08, smoothing_trend 0,
    // initial_level 18.397931364487725, initial_trend 0.7594882994670812, sse 57.75441242901802.
    // Its alpha sits below our lower bound 0.01, hence the margin; the states must be close.
    const TREND: [f64; 30] = [
        20.1, 21.6, 21.0, 23.2, 22.1, 23.6, 22.1, 26.1, 23.0, 22.8, 26.6, 25.3, 27.5, 31.3, 28.3, 29.8, 31.6, 32.6,
        32.3, 34.0, 35.9, 36.2, 34.9, 37.1, 37.9, 36.4, 39.2, 38.0, 42.3, 42.3,
    ];
    let fit = fit_holt(&TREND, Trend::Linear).unwrap();
    assert!(fit.sse <= 57.75441242901802 * 1.02, "sse {}", fit.sse);
    assert!((fit.initial.trend - 0.759).abs() < 0.1, "trend {}", fit.initial.trend);
    let run = holt(&TREND, fit.params, fit.initial, 0).unwrap();
    let sse: f64 = run.fitted.iter().zip(&TREND).map(|(f, y)| (y - f) * (y - f)).sum();
    close_to(fit.sse, sse, 1e-9);
    let damped = fit_holt(&TREND, Trend::Damped).unwrap();
    assert!((0.8..=0.98).contains(&damped.params.phi));
}

#[test]
fn fit_holt_winters_comes_within_one_percent_of_statsmodels() {
    // ExponentialSmoothing(SEASONAL, trend="add", seasonal="add", seasonal_periods=4, initialization_method="known",
    //   initial_level=29.975, initial_trend=0.53125, initial_seasonal=[-5.875, 1.825, 9.925, -5.875]).fit():
    // smoothing_level 0.0778, smoothing_trend 0.0437, smoothing_seasonal 0.1423, sse 53.810211359377995.
    // Those initial states are the classical ones (checked below).
    const SEASONAL: [f64; 24] = [
        24.1, 31.8, 39.9, 24.1, 24.6, 34.9, 39.4, 29.5, 25.9, 37.4, 43.0, 31.4, 30.2, 36.7, 47.5, 34.2, 31.9, 40.2,
        47.8, 33.3, 35.3, 41.8, 49.9, 35.5,
    ];
    let initial = classical_initial_states(&SEASONAL, 4, Seasonality::Additive).unwrap();
    close_to(initial.level, 29.975, 1e-12);
    close_to(initial.trend, 0.53125, 1e-12);
    let fit = fit_holt_winters(&SEASONAL, Seasonality::Additive, Trend::Linear, &initial).unwrap();
    assert!(fit.sse <= 53.810211359377995 * 1.01, "sse {}", fit.sse);
    let run = holt_winters(&SEASONAL, Seasonality::Additive, fit.params, &fit.initial, 0).unwrap();
    let sse: f64 = run.fitted.iter().zip(&SEASONAL).map(|(f, y)| (y - f) * (y - f)).sum();
    close_to(fit.sse, sse, 1e-9);
    let none = fit_holt_winters(&SEASONAL, Seasonality::Additive, Trend::None, &initial).unwrap();
    assert_eq!((none.params.beta, none.initial.trend), (0.0, 0.0));
}

#[test]
fn fit_croston_matches_statsforecast_optimized() {
    // statsforecast 2.1.1: _optimized_ses_forecast(_demand(y))[2] = 0.11826506670428755,
    // _optimized_ses_forecast(_intervals(y))[2] = 0.10000000000032039 (its lower bound),
    // _croston_optimized(y, 2, False)["mean"] = [2.0311605687182492] * 2.
    let y = [
        0.0, 2.0, 0.0, 9.0, 0.0, 0.0, 3.0, 0.0, 8.0, 0.0, 2.0, 0.0, 0.0, 9.0, 0.0, 1.0, 0.0, 7.0, 0.0, 2.0, 0.0, 0.0,
        8.0, 3.0, 0.0, 1.0, 0.0, 9.0, 0.0, 0.0, 2.0, 0.0, 8.0, 0.0, 1.0, 0.0, 9.0, 2.0, 0.0, 0.0, 7.0, 0.0, 1.0,
    ];
    let fit = fit_croston(&y).unwrap();
    assert!((fit.alpha_size - 0.11826506670428755).abs() < 0.002, "{fit:?}");
    assert!((fit.alpha_interval - 0.1).abs() < 0.002, "{fit:?}");
    let forecast = croston(&y, fit.alpha_size, fit.alpha_interval, 2).unwrap().forecast;
    close_to(forecast[0], 2.0311605687182492, 1e-3);
    // Fewer than two demands: no error to minimise, statsforecast's fixed 0.1.
    let fit = fit_croston(&[0.0, 4.0, 0.0]).unwrap();
    assert_eq!((fit.alpha_size, fit.alpha_interval), (0.1, 0.1));
    let fit = fit_tsb(&y).unwrap();
    assert!((0.1..=0.3).contains(&fit.alpha_size) && (0.1..=0.3).contains(&fit.alpha_probability));
}

#[test]
fn fitting_refuses_short_series() {
    assert_eq!(fit_ses(&[1.0]), Err(ForecastError::TooShort { what: "demand", needed: 2, got: 1 }));
    assert_eq!(
        fit_holt(&[1.0, 2.0], Trend::Linear),
        Err(ForecastError::TooShort { what: "demand", needed: 3, got: 2 })
    );
    assert!(matches!(fit_croston(&[-1.0]), Err(ForecastError::Negative { .. })));
}

proptest! {
    #[test]
    fn fitted_ses_and_holt_forecast_a_constant(c in -1e4f64..1e4, n in 3usize..60) {
        let series = vec![c; n];
        let ses = fit_ses(&series).unwrap();
        close_to(ses.initial_level, c, 1e-9);
        for trend in [Trend::None, Trend::Linear, Trend::Damped] {
            let fit = fit_holt(&series, trend).unwrap();
            for f in holt(&series, fit.params, fit.initial, 4).unwrap().forecast {
                close_to(f, c, 1e-6);
            }
        }
    }

    #[test]
    fn fitted_holt_recovers_a_linear_trend(a0 in -100.0f64..100.0, slope in -10.0f64..10.0, n in 3usize..60) {
        // Least-squares initial states put every candidate on the line: SSE 0, forecast continues it.
        let series: Vec<f64> = (1..=n).map(|t| a0 + slope * t as f64).collect();
        let fit = fit_holt(&series, Trend::Linear).unwrap();
        for (h, f) in holt(&series, fit.params, fit.initial, 4).unwrap().forecast.iter().enumerate() {
            close_to(*f, a0 + slope * (n + h + 1) as f64, 1e-6);
        }
    }

    #[test]
    fn fitted_holt_winters_recovers_a_pure_seasonal_pattern(
        pattern in prop::collection::vec(1.0f64..100.0, 2..13),
        seasons in 1usize..4,
    ) {
        let m = pattern.len();
        let series: Vec<f64> = (0..seasons * m).map(|t| pattern[t % m]).collect();
        for seasonality in [Seasonality::Additive, Seasonality::Multiplicative] {
            let initial = one_season_initial_states(&series, m, seasonality, 1).unwrap();
            for trend in [Trend::None, Trend::Linear, Trend::Damped] {
                let fit = fit_holt_winters(&series, seasonality, trend, &initial).unwrap();
                let run = holt_winters(&series, seasonality, fit.params, &fit.initial, 2 * m).unwrap();
                for (h, f) in run.forecast.iter().enumerate() {
                    close_to(*f, pattern[h % m], 1e-9);
                }
            }
        }
    }

    #[test]
    fn fitted_values_are_finite(series in prop::collection::vec(0.0f64..1e5, 8..60)) {
        let ses = fit_ses(&series).unwrap();
        prop_assert!(ses.alpha.is_finite() && ses.initial_level.is_finite() && ses.sse.is_finite());
        for trend in [Trend::None, Trend::Linear, Trend::Damped] {
            let fit = fit_holt(&series, trend).unwrap();
            prop_assert!(fit.sse.is_finite() && fit.initial.level.is_finite() && fit.initial.trend.is_finite());
            let run = holt(&series, fit.params, fit.initial, 8).unwrap();
            prop_assert!(finite(&run.fitted) && finite(&run.forecast));
            let initial = classical_initial_states(&series, 4, Seasonality::Additive);
            if let Ok(initial) = initial {
                let fit = fit_holt_winters(&series, Seasonality::Additive, trend, &initial).unwrap();
                let run = holt_winters(&series, Seasonality::Additive, fit.params, &fit.initial, 8).unwrap();
                prop_assert!(finite(&run.fitted) && finite(&run.forecast));
            }
        }
        let c = fit_croston(&series).unwrap();
        prop_assert!(finite(&croston(&series, c.alpha_size, c.alpha_interval, 3).unwrap().forecast));
        let t = fit_tsb(&series).unwrap();
        prop_assert!(finite(&tsb(&series, t.alpha_size, t.alpha_probability, 3).unwrap().forecast));
    }
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
