//! Small dense least squares: Householder QR for fits that must equal R's `lm` and `glm`,
//! Cholesky on a Gram matrix for the many refits of a permutation test, and logistic
//! regression by iteratively reweighted least squares.

// Triangular solves read best with the textbook's indices.
#![allow(clippy::needless_range_loop)]

/// Columns whose pivot falls below this share of the largest are collinear (R's `qr` uses
/// 1e-7).
const RANK_TOLERANCE: f64 = 1e-7;

/// A weighted least-squares fit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LsFit {
    /// Coefficients.
    pub beta: Vec<f64>,
    /// Weighted residual sum of squares.
    pub rss: f64,
    /// Diagonal of (X'WX)⁻¹.
    pub inv_diag: Vec<f64>,
    /// (X'WX)⁻¹, row-major p × p.
    pub inv: Vec<f64>,
    /// Weighted fitted values, row by row.
    pub fitted: Vec<f64>,
}

/// Least squares of `y` on the row-major `x` (`p` columns) with row weights `w`, by
/// Householder QR of √w·X. `Err(column)` names the first column that is a combination of the
/// ones before it.
pub(crate) fn weighted_ls(x: &[f64], y: &[f64], w: &[f64], p: usize) -> Result<LsFit, usize> {
    let rows = y.len();
    // Column-major √w·X and √w·y.
    let mut a = vec![0.0f64; rows * p];
    let mut b = vec![0.0f64; rows];
    for i in 0..rows {
        let s = w[i].max(0.0).sqrt();
        for j in 0..p {
            a[j * rows + i] = s * x[i * p + j];
        }
        b[i] = s * y[i];
    }
    let mut diag = vec![0.0f64; p];
    let mut largest = 0.0f64;
    for j in 0..p {
        let col = &a[j * rows..(j + 1) * rows];
        let norm = col[j..].iter().map(|v| v * v).sum::<f64>().sqrt();
        let full = col.iter().map(|v| v * v).sum::<f64>().sqrt();
        largest = largest.max(full);
        if norm <= RANK_TOLERANCE * largest.max(f64::MIN_POSITIVE) {
            return Err(j);
        }
        let alpha = if a[j * rows + j] > 0.0 { -norm } else { norm };
        // v = x - alpha e_j, stored in place below the diagonal.
        a[j * rows + j] -= alpha;
        let vnorm2: f64 = a[j * rows + j..(j + 1) * rows].iter().map(|v| v * v).sum();
        if vnorm2 > 0.0 {
            for k in j + 1..p {
                let dot: f64 = (j..rows).map(|i| a[j * rows + i] * a[k * rows + i]).sum();
                let f = 2.0 * dot / vnorm2;
                for i in j..rows {
                    a[k * rows + i] -= f * a[j * rows + i];
                }
            }
            let dot: f64 = (j..rows).map(|i| a[j * rows + i] * b[i]).sum();
            let f = 2.0 * dot / vnorm2;
            for i in j..rows {
                b[i] -= f * a[j * rows + i];
            }
        }
        diag[j] = alpha;
    }
    // R is upper triangular: diagonal in `diag`, above it in a[k*rows + j] for k > j.
    let r = |j: usize, k: usize| if j == k { diag[j] } else { a[k * rows + j] };
    let mut beta = vec![0.0f64; p];
    for j in (0..p).rev() {
        let mut s = b[j];
        for k in j + 1..p {
            s -= r(j, k) * beta[k];
        }
        beta[j] = s / r(j, j);
    }
    let rss: f64 = b[p..].iter().map(|v| v * v).sum();
    // R⁻¹ by back substitution, column by column; (X'WX)⁻¹ = R⁻¹R⁻ᵀ.
    let mut rinv = vec![0.0f64; p * p];
    for c in 0..p {
        for j in (0..=c).rev() {
            let mut s = if j == c { 1.0 } else { 0.0 };
            for k in j + 1..=c {
                s -= r(j, k) * rinv[k * p + c];
            }
            rinv[j * p + c] = s / r(j, j);
        }
    }
    let mut inv = vec![0.0f64; p * p];
    for j in 0..p {
        for k in 0..p {
            inv[j * p + k] = (j.max(k)..p)
                .map(|c| rinv[j * p + c] * rinv[k * p + c])
                .sum();
        }
    }
    let inv_diag = (0..p).map(|j| inv[j * p + j]).collect();
    let fitted = (0..rows)
        .map(|i| (0..p).map(|j| x[i * p + j] * beta[j]).sum())
        .collect();
    Ok(LsFit {
        beta,
        rss,
        inv_diag,
        inv,
        fitted,
    })
}

/// Solves the normal equations G β = c (G = X'X, p × p, row-major) by Cholesky; returns β and
/// the last diagonal entry of G⁻¹ (the variance factor of the last coefficient). `None` when
/// G is not positive definite.
pub(crate) fn cholesky_last(g: &[f64], c: &[f64], p: usize) -> Option<(Vec<f64>, f64)> {
    let mut l = vec![0.0f64; p * p];
    for i in 0..p {
        for j in 0..=i {
            let mut s = g[i * p + j];
            for k in 0..j {
                s -= l[i * p + k] * l[j * p + k];
            }
            if i == j {
                if s <= 1e-12 * g[i * p + i].abs().max(f64::MIN_POSITIVE) {
                    return None;
                }
                l[i * p + i] = s.sqrt();
            } else {
                l[i * p + j] = s / l[j * p + j];
            }
        }
    }
    let mut z = vec![0.0f64; p];
    for i in 0..p {
        let mut s = c[i];
        for k in 0..i {
            s -= l[i * p + k] * z[k];
        }
        z[i] = s / l[i * p + i];
    }
    let mut beta = vec![0.0f64; p];
    for i in (0..p).rev() {
        let mut s = z[i];
        for k in i + 1..p {
            s -= l[k * p + i] * beta[k];
        }
        beta[i] = s / l[i * p + i];
    }
    // (G⁻¹)_{p-1,p-1} = 1 / L_{p-1,p-1}².
    let last = 1.0 / (l[p * p - 1] * l[p * p - 1]);
    Some((beta, last))
}

/// A logistic regression fit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LogitFit {
    /// Coefficients.
    pub beta: Vec<f64>,
    /// Standard errors, from the last weighted least-squares step (as R reports them).
    pub se: Vec<f64>,
    /// Residual deviance.
    pub deviance: f64,
    /// Deviance of the intercept-only model.
    pub null_deviance: f64,
    /// Some fitted probability is within 1e-8 of 0 or 1: the outcome is separated and the
    /// estimates are not finite in truth.
    pub separated: bool,
}

/// R's bounds of the logistic link (`family.c`): beyond ±30 the probability is clamped.
const THRESH: f64 = 30.0;

fn inverse_link(eta: f64) -> f64 {
    if eta < -THRESH {
        f64::EPSILON
    } else if eta > THRESH {
        1.0 - f64::EPSILON
    } else {
        1.0 / (1.0 + (-eta).exp())
    }
}

fn link_derivative(eta: f64) -> f64 {
    if !(-THRESH..=THRESH).contains(&eta) {
        f64::EPSILON
    } else {
        let e = eta.exp();
        e / ((1.0 + e) * (1.0 + e))
    }
}

/// Logistic regression of `y` (0/1) on the row-major `x`, each row standing for `w`
/// observations, by iteratively reweighted least squares exactly as R's `glm.fit` runs it
/// (same start, link bounds, convergence at a relative deviance change below 1e-8, at most
/// 25 iterations), so that estimates and standard errors equal R's, `sna::netlogit`'s
/// included. `Err(column)` names a collinear column.
pub(crate) fn logit(x: &[f64], y: &[f64], w: &[f64], p: usize) -> Result<LogitFit, usize> {
    const EPSILON: f64 = 1e-8;
    const MAX_ITERATIONS: usize = 25;
    let rows = y.len();
    let deviance = |mu: &[f64]| -> f64 {
        (0..rows)
            .map(|i| {
                let (yi, m) = (y[i], mu[i]);
                let t1 = if yi > 0.0 { yi * (yi / m).ln() } else { 0.0 };
                let t2 = if yi < 1.0 {
                    (1.0 - yi) * ((1.0 - yi) / (1.0 - m)).ln()
                } else {
                    0.0
                };
                2.0 * w[i] * (t1 + t2)
            })
            .sum()
    };
    // R's binomial start with prior weight 1: (y + 0.5) / 2.
    let mut mu: Vec<f64> = y.iter().map(|&yi| (yi + 0.5) / 2.0).collect();
    let mut eta: Vec<f64> = mu.iter().map(|&m| (m / (1.0 - m)).ln()).collect();
    for (m, &e) in mu.iter_mut().zip(&eta) {
        *m = inverse_link(e);
    }
    let mut devold = deviance(&mu);
    let mut zw = vec![0.0f64; rows];
    let mut ww = vec![0.0f64; rows];
    let mut last: Option<LsFit> = None;
    let mut dev = devold;
    for _ in 0..MAX_ITERATIONS {
        for i in 0..rows {
            let d = link_derivative(eta[i]);
            let var = mu[i] * (1.0 - mu[i]);
            zw[i] = eta[i] + (y[i] - mu[i]) / d;
            ww[i] = w[i] * d * d / var;
        }
        let f = weighted_ls(x, &zw, &ww, p)?;
        eta.clone_from(&f.fitted);
        for (m, &e) in mu.iter_mut().zip(&eta) {
            *m = inverse_link(e);
        }
        dev = deviance(&mu);
        last = Some(f);
        if (dev - devold).abs() / (dev.abs() + 0.1) < EPSILON {
            break;
        }
        devold = dev;
    }
    let Some(f) = last else {
        return Err(0);
    };
    // Under separation R's iterations stop with some linear predictor beyond about ±18,
    // where no real fit puts a probability.
    let separated = mu
        .iter()
        .zip(w)
        .any(|(&m, &wi)| wi > 0.0 && !(1e-8..=1.0 - 1e-8).contains(&m));
    let total: f64 = w.iter().sum();
    let ybar = (0..rows).map(|i| w[i] * y[i]).sum::<f64>() / total;
    let null_mu = vec![ybar; rows];
    Ok(LogitFit {
        se: f.inv_diag.iter().map(|v| v.sqrt()).collect(),
        beta: f.beta,
        deviance: dev,
        null_deviance: deviance(&null_mu),
        separated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_squares_solves_a_known_line() {
        // y = 1 + 2x exactly, then with noise whose fit is known.
        let x = [1.0, 0.0, 1.0, 1.0, 1.0, 2.0, 1.0, 3.0];
        let y = [1.0, 3.0, 5.0, 7.0];
        let f = weighted_ls(&x, &y, &[1.0; 4], 2).unwrap();
        assert!((f.beta[0] - 1.0).abs() < 1e-12 && (f.beta[1] - 2.0).abs() < 1e-12);
        assert!(f.rss < 1e-20);
        // (X'X)^-1 for x = 0..3: [[7/10, -3/10], [-3/10, 1/5]].
        assert!((f.inv_diag[0] - 0.7).abs() < 1e-12 && (f.inv_diag[1] - 0.2).abs() < 1e-12);
        let g = [4.0, 6.0, 6.0, 14.0];
        let (b, last) = cholesky_last(&g, &[16.0, 34.0], 2).unwrap();
        assert!((b[0] - 1.0).abs() < 1e-12 && (b[1] - 2.0).abs() < 1e-12);
        assert!((last - 0.2).abs() < 1e-12);
    }

    #[test]
    fn collinear_columns_are_named() {
        let x = [1.0, 2.0, 1.0, 2.0, 1.0, 2.0];
        assert_eq!(weighted_ls(&x, &[1.0, 2.0, 3.0], &[1.0; 3], 2), Err(1));
    }

    #[test]
    fn logit_of_grouped_counts_is_the_log_odds() {
        // Two groups: 3 of 10 and 6 of 10; the slope is the log odds ratio.
        let x = [1.0, 0.0, 1.0, 1.0];
        let y = [0.3, 0.6];
        let f = logit(&x, &y, &[10.0, 10.0], 2).unwrap();
        let want = (0.6f64 / 0.4).ln() - (0.3f64 / 0.7).ln();
        assert!((f.beta[1] - want).abs() < 1e-7, "{}", f.beta[1]);
        assert!((f.beta[0] - (0.3f64 / 0.7).ln()).abs() < 1e-7);
        assert!(f.deviance.abs() < 1e-9);
        assert!(!f.separated);
        // Everyone with x = 1 has the outcome: separated.
        let f = logit(&x, &[0.3, 1.0], &[10.0, 10.0], 2).unwrap();
        assert!(f.separated);
    }
}
