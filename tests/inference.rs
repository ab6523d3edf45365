//! Permutation, QAP and CUG tests against R: statnet's sna 2.7-1 (`gcor`/`qaptest`,
//! `netlm`, `netlogit`, `cug.test`, `centralization`, `brokerage`), `lm` and `glm`, in
//! `tests/reference/expected/inference.json`, made by
//! `tests/reference/make_inference_expected.R`.
//!
//! Observed statistics and coefficients must equal R's to 1e-9 (Kith's logistic fits follow
//! the steps of R's `glm.fit`, so they stop where R stops). Monte Carlo p-values must agree within three standard
//! errors of the difference between two independent estimates; p-values from full
//! enumeration must be equal.

// Test helpers fail loudly: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use kith::analysis::inference::cug::{CugStatistic, Given, cug_test};
use kith::analysis::inference::groups::group_test;
use kith::analysis::inference::qap::{DyadicTerm, QapResult, mrqap, qap};
use kith::analysis::inference::regress::regress;
use kith::analysis::inference::{Control, Draws, InferenceError, PValues, Sampling};
use kith::analysis::{Graph, Grouping, TieSelection, brokerage};
use kith::model::Study;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn expected() -> Value {
    let path = root().join("tests/reference/expected/inference.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn read(path: &str) -> Study {
    kith::io::read_path(&root().join(path), &kith::io::ReadOptions::default()).unwrap()
}

fn with_attributes(mut study: Study, path: &str, key: &str) -> Study {
    let bytes = std::fs::read(root().join(path)).unwrap();
    let grid = kith::io::grid::read_delimited(path, &bytes).unwrap();
    kith::io::attributes::join(&mut study, &grid, key).unwrap();
    study
}

fn karate() -> Study {
    with_attributes(
        read("tests/data/karate/karate_matrix.csv"),
        "tests/data/karate/karate_attributes.csv",
        "id",
    )
}

fn florentine() -> Study {
    with_attributes(
        read("tests/data/florentine/florentine_matrix.csv"),
        "tests/data/florentine/florentine_attributes.csv",
        "family",
    )
}

fn groups_network() -> Study {
    with_attributes(
        read("tests/data/groups/groups_matrix.csv"),
        "tests/data/groups/groups_attributes.csv",
        "id",
    )
}

fn tiny() -> Study {
    read("tests/data/inference/tiny.csv")
}

fn sample() -> Study {
    kith::sample::bundled()
}

fn relation(study: &Study, name: &str) -> TieSelection {
    TieSelection::by_names(study, &[name.to_string()], &[], false).unwrap()
}

fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol * want.abs().max(1.0),
        "{what}: {got} != {want}"
    );
}

/// Two Monte Carlo estimates of one p-value agree within three standard errors of their
/// difference.
fn agrees(got: f64, n_got: usize, want: f64, n_want: usize, what: &str) {
    let n = n_got.min(n_want) as f64;
    let p = ((got + want) / 2.0).clamp(1.0 / n, 1.0 - 1.0 / n);
    let se = (p * (1.0 - p) / n_got as f64 + p * (1.0 - p) / n_want as f64).sqrt();
    assert!(
        (got - want).abs() <= 3.0 * se,
        "{what}: p {got} (of {n_got}) and R's {want} (of {n_want}) differ by more than 3 SE ({se})"
    );
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn fs(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(a) => a.iter().map(f).collect(),
        other => vec![f(other)],
    }
}

fn strs(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().map(|s| s.as_str().unwrap().to_string()).collect(),
        other => vec![other.as_str().unwrap().to_string()],
    }
}

const DRAWS: usize = 2_000;

fn draws(count: usize) -> Draws {
    Draws::new(count, 2026)
}

fn check_p(got: &PValues, n_got: usize, want: &Value, what: &str) {
    let n_want = want["reps"].as_u64().unwrap() as usize;
    agrees(
        got.p_greater,
        n_got,
        f(&want["p_greater"]),
        n_want,
        &format!("{what} p_greater"),
    );
    agrees(
        got.p_less,
        n_got,
        f(&want["p_less"]),
        n_want,
        &format!("{what} p_less"),
    );
    agrees(
        got.p_two_sided,
        n_got,
        f(&want["p_two_sided"]),
        n_want,
        &format!("{what} p_two_sided"),
    );
}

fn correlation(
    study: &Study,
    y: &str,
    x: &str,
    d: &Draws,
) -> kith::analysis::inference::qap::QapCorrelation {
    match qap(
        study,
        &TieSelection::default(),
        y,
        &[DyadicTerm::parse(x)],
        false,
        d,
        Control::none(),
    )
    .unwrap()
    {
        QapResult::Correlation(c) => c,
        QapResult::Regression(_) => panic!("one term gives a correlation"),
    }
}

#[test]
fn qap_correlations_equal_sna_gcor_and_qaptest() {
    let e = &expected()["qap"];
    let k = karate();
    let c = correlation(&k, "ties", "same:club", &draws(DRAWS));
    let w = &e["karate_same_club"];
    close(c.observed, f(&w["observed"]), 1e-9, "karate gcor");
    check_p(&c.p, DRAWS, w, "karate qaptest");
    assert!(c.method.contains("karate") || c.method.contains("ties"));

    let fl = florentine();
    let c = correlation(&fl, "ties", "diff:wealth", &draws(DRAWS));
    let w = &e["florentine_diff_wealth"];
    close(c.observed, f(&w["observed"]), 1e-9, "florentine gcor");
    check_p(&c.p, DRAWS, w, "florentine qaptest");

    let s = sample();
    let c = correlation(&s, "rely_on", "advice", &draws(DRAWS));
    let w = &e["sample_rely_on_advice"];
    close(c.observed, f(&w["observed"]), 1e-9, "sample gcor");
    assert_eq!(c.nodes, s.node_count());
    check_p(&c.p, DRAWS, w, "sample qaptest");

    let t = tiny();
    let c = correlation(&t, "a", "b", &Draws::default());
    let w = &e["tiny_a_b_exact"];
    close(c.observed, f(&w["observed"]), 1e-9, "tiny gcor");
    assert_eq!(c.sampling, Sampling::Exact { permutations: 5040 });
    for side in ["p_greater", "p_less", "p_two_sided"] {
        let got = match side {
            "p_greater" => c.p.p_greater,
            "p_less" => c.p.p_less,
            _ => c.p.p_two_sided,
        };
        close(got, f(&w[side]), 1e-12, &format!("tiny exact {side}"));
    }
}

fn check_mrqap(
    study: &Study,
    y: &str,
    x: &[&str],
    logit: bool,
    want: &Value,
    n_draws: usize,
    what: &str,
) {
    let terms: Vec<DyadicTerm> = x.iter().map(|t| DyadicTerm::parse(t)).collect();
    let d = Draws::new(n_draws, 7);
    let r = mrqap(
        study,
        &TieSelection::default(),
        y,
        &terms,
        logit,
        &d,
        Control::none(),
    )
    .unwrap();
    let names = strs(&want["terms"]);
    let coef = fs(&want["coefficients"]);
    let stat = fs(&want["statistic"]);
    let classical = fs(&want["classical_p"]);
    let tol = 1e-9;
    assert_eq!(r.coefficients.len(), names.len(), "{what}: terms");
    assert_eq!(r.dyads as u64, want["n"].as_u64().unwrap(), "{what}: dyads");
    for (j, c) in r.coefficients.iter().enumerate() {
        assert_eq!(c.term, names[j], "{what}: term {j}");
        close(
            c.estimate,
            coef[j],
            tol,
            &format!("{what} {} estimate", c.term),
        );
        close(
            c.statistic,
            stat[j],
            tol,
            &format!("{what} {} statistic", c.term),
        );
        close(
            c.classical_p,
            classical[j],
            1e-6,
            &format!("{what} {} classical p", c.term),
        );
    }
    if let Some(r2) = want.get("r_squared") {
        close(r.r_squared.unwrap(), f(r2), 1e-9, &format!("{what} R²"));
    }
    if let Some(dev) = want.get("deviance") {
        close(
            r.deviance.unwrap(),
            f(dev),
            1e-7,
            &format!("{what} deviance"),
        );
        close(
            r.null_deviance.unwrap(),
            f(&want["null_deviance"]),
            1e-9,
            &format!("{what} null deviance"),
        );
    }
    let n_want = want["reps"].as_u64().unwrap() as usize;
    for (j, c) in r.coefficients.iter().enumerate() {
        for (got, side) in [
            (c.p.p_greater, "p_greater"),
            (c.p.p_less, "p_less"),
            (c.p.p_two_sided, "p_two_sided"),
        ] {
            agrees(
                got,
                n_draws,
                fs(&want[side])[j],
                n_want,
                &format!("{what} {} {side}", c.term),
            );
        }
    }
}

#[test]
fn mrqap_equals_sna_netlm_and_netlogit() {
    let e = &expected()["mrqap"];
    let k = karate();
    check_mrqap(
        &k,
        "ties",
        &["same:club"],
        false,
        &e["karate_ols"],
        DRAWS,
        "karate netlm",
    );
    let fl = florentine();
    check_mrqap(
        &fl,
        "ties",
        &["diff:wealth"],
        false,
        &e["florentine_ols"],
        DRAWS,
        "florentine netlm",
    );
    check_mrqap(
        &fl,
        "ties",
        &["diff:wealth"],
        true,
        &e["florentine_logit"],
        500,
        "florentine netlogit",
    );
    let s = sample();
    let x = [
        "advice",
        "same:gender",
        "same:migration_status",
        "diff:age_band",
    ];
    check_mrqap(
        &s,
        "rely_on",
        &x,
        false,
        &e["sample_ols"],
        500,
        "sample netlm",
    );
    check_mrqap(
        &s,
        "rely_on",
        &x,
        true,
        &e["sample_logit"],
        30,
        "sample netlogit",
    );
}

#[test]
fn mrqap_enumerates_small_networks_exactly() {
    let e = &expected()["mrqap"];
    let t = tiny();
    for (x, logit, key) in [
        (
            vec!["b", "same:sex", "diff:age_band"],
            false,
            "tiny_ols_exact",
        ),
        (vec!["b", "same:sex"], true, "tiny_logit_exact"),
    ] {
        let want = &e[key];
        let terms: Vec<DyadicTerm> = x.iter().map(|s| DyadicTerm::parse(s)).collect();
        let QapResult::Regression(r) = qap(
            &t,
            &TieSelection::default(),
            "a",
            &terms,
            logit,
            &Draws::default(),
            Control::none(),
        )
        .unwrap() else {
            panic!("{key}: a regression");
        };
        assert_eq!(r.sampling, Sampling::Exact { permutations: 5040 });
        let stat = fs(&want["statistic"]);
        for (j, c) in r.coefficients.iter().enumerate() {
            close(c.statistic, stat[j], 1e-9, key);
            for (got, side) in [
                (c.p.p_greater, "p_greater"),
                (c.p.p_less, "p_less"),
                (c.p.p_two_sided, "p_two_sided"),
            ] {
                close(
                    got,
                    fs(&want[side])[j],
                    1e-12,
                    &format!("{key} {} {side}", c.term),
                );
            }
        }
    }
}

#[test]
fn cug_tests_equal_sna_cug_test() {
    let e = expected();
    let k = karate();
    let fl = florentine();
    let s = sample();
    let rely = relation(&s, "rely_on");
    for case in e["cug"].as_array().unwrap() {
        let network = case["network"].as_str().unwrap();
        let stat_name = case["statistic"].as_str().unwrap();
        let stat = if stat_name == "ei" {
            CugStatistic::Ei("club".into())
        } else {
            CugStatistic::parse(stat_name).unwrap()
        };
        let given = Given::parse(case["given"].as_str().unwrap()).unwrap();
        let (study, sel) = match network {
            "karate" => (&k, TieSelection::default()),
            "florentine" => (&fl, TieSelection::default()),
            _ => (&s, rely.clone()),
        };
        let n = if network == "sample rely_on" {
            200
        } else {
            500
        };
        let t = cug_test(
            study,
            &sel,
            &stat,
            given,
            &Draws::new(n, 3),
            Control::none(),
        )
        .unwrap();
        let what = format!("{network} {stat_name} given {given:?}");
        close(t.observed, f(&case["observed"]), 1e-9, &what);
        let reps = case["reps"].as_u64().unwrap() as usize;
        agrees(
            t.p.p_greater,
            n,
            f(&case["p_greater"]),
            reps,
            &format!("{what} p_greater"),
        );
        agrees(
            t.p.p_less,
            n,
            f(&case["p_less"]),
            reps,
            &format!("{what} p_less"),
        );
        // The null mean within 4 of its standard errors.
        let sd = f(&case["null_sd"]).max(1e-12);
        let se = sd * (1.0 / n as f64 + 1.0 / reps as f64).sqrt();
        assert!(
            (t.null_mean - f(&case["null_mean"])).abs() <= 4.0 * se + 1e-12,
            "{what}: null mean {} vs R's {}",
            t.null_mean,
            f(&case["null_mean"])
        );
        assert_eq!(t.null.len(), n);
    }
}

#[test]
fn degree_conditioned_graphs_keep_degrees() {
    // With every degree kept, density and degree centralisation cannot move.
    let k = karate();
    for stat in [CugStatistic::Density, CugStatistic::DegreeCentralisation] {
        let t = cug_test(
            &k,
            &TieSelection::default(),
            &stat,
            Given::Degree,
            &Draws::new(50, 1),
            Control::none(),
        )
        .unwrap();
        assert_eq!((t.p.p_greater, t.p.p_less), (1.0, 1.0), "{stat:?}");
    }
    // Transitivity of the karate club is far above that of networks with its degrees.
    let t = cug_test(
        &k,
        &TieSelection::default(),
        &CugStatistic::Transitivity,
        Given::Degree,
        &Draws::new(200, 1),
        Control::none(),
    )
    .unwrap();
    assert!(t.observed > t.null_mean);
    assert!(
        t.method.contains("everyone keeps their number of ties"),
        "{}",
        t.method
    );
    let err = cug_test(
        &k,
        &TieSelection::default(),
        &CugStatistic::Reciprocity,
        Given::Size,
        &Draws::new(10, 1),
        Control::none(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("undirected"), "{err}");
}

#[test]
fn group_tests_equal_r() {
    let e = expected();
    let g = groups_network();
    let sel = TieSelection::default();
    for key in ["degree", "isolate", "betweenness", "wemwbs"] {
        let want = &e["groups"][key];
        let t = group_test(&g, &sel, "employment", key, &draws(5000), Control::none()).unwrap();
        close(t.observed, f(&want["observed"]), 1e-9, key);
        close(t.effect, f(&want["effect_size"]), 1e-9, key);
        assert_eq!(t.n as u64, want["n"].as_u64().unwrap(), "{key} n");
        let values = fs(&want["values"]);
        let names = strs(&want["groups"]);
        for (gv, (name, v)) in t.groups.iter().zip(names.iter().zip(values)) {
            assert_eq!(&gv.group, name);
            close(gv.value, v, 1e-9, &format!("{key} {name}"));
            assert!(gv.ci_low <= gv.value + 1e-12 && gv.value <= gv.ci_high + 1e-12);
        }
        agrees(t.p_value, 5000, f(&want["p_value"]), 5000, key);
        assert!(t.contrast.difference >= 0.0);
        assert!(t.contrast.difference_ci[0] <= t.contrast.difference_ci[1]);
        assert!(t.effect_ci[0] <= t.effect && t.effect <= t.effect_ci[1] + 1e-12);
        let c = t.classical.as_ref().unwrap();
        if key == "isolate" {
            close(
                c.statistic,
                t.observed,
                1e-9,
                "chi-square is the observed statistic",
            );
        } else {
            close(c.statistic, t.observed, 1e-9, "F is the observed statistic");
        }
    }
    let k = karate();
    let want = &e["groups"]["karate_degree_by_club"];
    let t = group_test(&k, &sel, "club", "degree", &draws(5000), Control::none()).unwrap();
    close(t.observed, f(&want["observed"]), 1e-9, "karate F");
    agrees(t.p_value, 5000, f(&want["p_value"]), 5000, "karate by club");
    assert!(matches!(
        t.sampling,
        Sampling::MonteCarlo { draws: 5000, .. }
    ));
}

#[test]
fn group_tests_enumerate_small_groups_exactly() {
    let e = &expected()["groups_exact"];
    let t = tiny();
    let sel = relation(&t, "a");
    for (measure, key) in [
        ("score", "tiny_score"),
        ("degree", "tiny_degree"),
        ("isolate", "tiny_isolate"),
    ] {
        let r = group_test(
            &t,
            &sel,
            "group",
            measure,
            &Draws::default(),
            Control::none(),
        )
        .unwrap();
        let want = &e[key];
        close(r.observed, f(&want["observed"]), 1e-9, key);
        assert_eq!(r.sampling, Sampling::Exact { permutations: 210 });
        close(r.p_value, f(&want["p_value"]), 1e-12, key);
        assert!(r.method.contains("all 210 permutations"), "{}", r.method);
    }
}

#[test]
fn group_tests_are_reproducible_and_name_what_is_wrong() {
    let g = groups_network();
    let sel = TieSelection::default();
    let a = group_test(
        &g,
        &sel,
        "employment",
        "degree",
        &draws(300),
        Control::none(),
    )
    .unwrap();
    let b = group_test(
        &g,
        &sel,
        "employment",
        "degree",
        &draws(300),
        Control::none(),
    )
    .unwrap();
    assert_eq!(a, b);
    let c = group_test(
        &g,
        &sel,
        "employment",
        "degree",
        &Draws::new(300, 1),
        Control::none(),
    )
    .unwrap();
    assert_ne!(a.p_value, c.p_value, "another seed, other draws");
    let err = group_test(
        &g,
        &sel,
        "employment",
        "happiness",
        &draws(10),
        Control::none(),
    )
    .unwrap_err();
    assert!(matches!(err, InferenceError::UnknownTerm { .. }), "{err}");
    assert!(err.to_string().contains("happiness") && err.to_string().contains("wemwbs"));
    let err = group_test(&g, &sel, "job", "degree", &draws(10), Control::none()).unwrap_err();
    assert!(err.to_string().contains("\"job\""), "{err}");
}

fn r_term(name: &str) -> String {
    name.replace(['[', ']'], "")
}

#[test]
fn node_regression_equals_lm_and_glm() {
    let e = &expected()["node_models"];
    let g = groups_network();
    let sel = TieSelection::default();
    let want = &e["ols"];
    let r = regress(
        &g,
        &sel,
        "wemwbs ~ degree + constraint + employment",
        false,
        &draws(5000),
        Control::none(),
    )
    .unwrap();
    assert_eq!(r.n as u64, want["n"].as_u64().unwrap());
    assert_eq!(r.dropped as u64, want["dropped"].as_u64().unwrap());
    close(r.r_squared.unwrap(), f(&want["r_squared"]), 1e-9, "R²");
    let names = strs(&want["terms"]);
    let perm = fs(&want["p_permutation"]);
    for (j, c) in r.coefficients.iter().enumerate() {
        assert_eq!(r_term(&c.term), names[j]);
        close(c.estimate, fs(&want["coefficients"])[j], 1e-9, &c.term);
        close(c.se, fs(&want["se"])[j], 1e-9, &c.term);
        close(c.statistic, fs(&want["statistic"])[j], 1e-9, &c.term);
        close(c.classical_p, fs(&want["classical_p"])[j], 1e-9, &c.term);
        agrees(
            c.permutation_p,
            5000,
            perm[j],
            5000,
            &format!("Freedman-Lane {}", c.term),
        );
    }
    assert!(r.method.contains("Freedman-Lane"));
    assert!(r.method.contains(&format!("{} left out", r.dropped)));

    let want = &e["ols_numeric"];
    let r = regress(
        &g,
        &sel,
        "life_satisfaction ~ degree + betweenness + age",
        false,
        &draws(200),
        Control::none(),
    )
    .unwrap();
    for (j, c) in r.coefficients.iter().enumerate() {
        close(c.estimate, fs(&want["coefficients"])[j], 1e-9, &c.term);
        close(c.statistic, fs(&want["statistic"])[j], 1e-9, &c.term);
    }

    let want = &e["logit"];
    let r = regress(
        &g,
        &sel,
        "isolate ~ age + life_satisfaction",
        true,
        &draws(100),
        Control::none(),
    )
    .unwrap();
    assert_eq!(r.n as u64, want["n"].as_u64().unwrap());
    let names = strs(&want["terms"]);
    for (j, c) in r.coefficients.iter().enumerate() {
        assert_eq!(r_term(&c.term), names[j]);
        close(c.estimate, fs(&want["coefficients"])[j], 1e-9, &c.term);
        close(c.se, fs(&want["se"])[j], 1e-9, &c.term);
        close(c.classical_p, fs(&want["classical_p"])[j], 1e-9, &c.term);
    }
    close(r.deviance.unwrap(), f(&want["deviance"]), 1e-9, "deviance");
}

#[test]
fn freedman_lane_enumerates_small_samples_exactly() {
    let want = &expected()["node_models"]["tiny_exact"];
    let t = tiny();
    let r = regress(
        &t,
        &TieSelection::default(),
        "score ~ x + sex",
        false,
        &Draws::default(),
        Control::none(),
    )
    .unwrap();
    assert_eq!(r.sampling, Sampling::Exact { permutations: 5040 });
    for (j, c) in r.coefficients.iter().enumerate() {
        close(c.statistic, fs(&want["statistic"])[j], 1e-9, &c.term);
        close(c.permutation_p, fs(&want["p_two_sided"])[j], 1e-12, &c.term);
    }
}

#[test]
fn models_name_unknown_terms() {
    let g = groups_network();
    let sel = TieSelection::default();
    let err = regress(
        &g,
        &sel,
        "wemwbs ~ degre",
        false,
        &draws(10),
        Control::none(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown term \"degre\""), "{err}");
    let err = regress(
        &g,
        &sel,
        "employment ~ degree",
        false,
        &draws(10),
        Control::none(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not numeric"), "{err}");
    // Nobody employed is isolated: the logistic estimates run off to infinity.
    let err = regress(
        &g,
        &sel,
        "isolate ~ employment + age",
        true,
        &draws(10),
        Control::none(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("separates"), "{err}");
    let s = sample();
    let err = qap(
        &s,
        &TieSelection::default(),
        "rely_on",
        &[DyadicTerm::parse("adivce")],
        false,
        &draws(10),
        Control::none(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("relation \"adivce\"") && err.to_string().contains("advice"),
        "{err}"
    );
    let err = qap(
        &s,
        &TieSelection::default(),
        "rely_on",
        &[DyadicTerm::parse("same:sex")],
        false,
        &draws(10),
        Control::none(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("\"sex\""), "{err}");
}

#[test]
fn brokerage_equals_sna() {
    let want = &expected()["brokerage"];
    let s = sample();
    let g = Graph::new(&s, &relation(&s, "rely_on"));
    let grouping = Grouping::by(&s, "migration_status").unwrap();
    let roles = brokerage::brokerage(&g, &grouping);
    let ids = strs(&want["ids"]);
    for (role, got) in [
        ("coordinator", &roles.coordinator),
        ("itinerant", &roles.itinerant),
        ("representative", &roles.representative),
        ("gatekeeper", &roles.gatekeeper),
        ("liaison", &roles.liaison),
    ] {
        let w = fs(&want[role]);
        for (id, w) in ids.iter().zip(w) {
            let v = s.find(id).unwrap().index();
            close(got[v] as f64, w, 1e-9, &format!("{role} of {id}"));
        }
    }
}
