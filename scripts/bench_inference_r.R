# Times R's sna on the runs `cargo bench --bench inference` times in Kith (issue 15), for
# the comparison in the changelog and the README. R cannot read Kith's generated survey, so
# it draws networks of the same size and density: 4,000 people with 9,000 `rely_on` and
# 5,000 `advice` ties, a sex and one of six age bands each.
#
#   Rscript scripts/bench_inference_r.R [people]     (default 2000; 4000 needs ~8 GB)
#
# netlm is timed with a few permutations and scaled to 1,000 by the number of model fits;
# the node-level Freedman-Lane loop with 100 and scaled to 5,000; cug.test of betweenness
# centralisation runs its 1,000 draws on a 301-node network of the sample's density (sna
# cannot keep degrees: cmode = "dyad.census" keeps the dyad census, the nearest it has).

suppressMessages(library(sna))
set.seed(1)
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args) > 0) as.integer(args[1]) else 2000
scale <- n / 4000
rand_net <- function(n, m) {
  g <- matrix(0, n, n)
  idx <- sample(which(row(g) != col(g)), m)
  g[idx] <- 1
  g
}
y <- rand_net(n, round(9000 * scale))
advice <- rand_net(n, round(5000 * scale))
sex <- sample(c("F", "M"), n, replace = TRUE)
band <- sample(1:6, n, replace = TRUE)
x <- array(0, dim = c(3, n, n))
x[1, , ] <- advice
x[2, , ] <- outer(sex, sex, "==") * 1
x[3, , ] <- abs(outer(band, band, "-"))
reps <- 2
t <- system.time(netlm(y, x, nullhyp = "qapspp", reps = reps))[["elapsed"]]
# netlm fits the model once, each of the 4 coefficients' residual once, and 4 x reps
# permuted models, all of the same size: scale by fits.
fits <- 1 + 4 + 4 * reps
per_fit <- t / fits
cat(sprintf("netlm, %d people, 3 predictors: %.1f s for %d permutations (%.1f s a fit), so %.0f s (%.1f h) for 1,000\n",
            n, t, reps, per_fit, per_fit * (5 + 4 * 1000), per_fit * (5 + 4 * 1000) / 3600))

# Node-level least squares with Freedman-Lane permutations, 2,000 respondents.
m <- 2000
d <- data.frame(y = rnorm(m, 50, 8), degree = rpois(m, 4), constraint = runif(m),
                gender = factor(sample(c("F", "M"), m, replace = TRUE)))
X <- model.matrix(~ degree + constraint + gender, d)
tval <- function(q, yy) {
  cf <- qr.coef(q, yy)
  r <- qr.resid(q, yy)
  cf / sqrt(diag(chol2inv(q$qr)) * sum(r^2) / (length(yy) - ncol(X)))
}
perms <- 100
t <- system.time({
  q <- qr(X)
  for (j in seq_len(ncol(X))) {
    qj <- qr(X[, -j, drop = FALSE])
    fit <- qr.fitted(qj, d$y)
    res <- qr.resid(qj, d$y)
    for (k in 1:perms) tval(q, fit + sample(res))
  }
})[["elapsed"]]
cat(sprintf("Freedman-Lane lm, 2,000 respondents: %.2f s for %d permutations, so %.1f s for 5,000\n",
            t, perms, t / perms * 5000))

# CUG of betweenness centralisation, 301 nodes with the sample's 949 ties.
g <- rand_net(301, 949)
t <- system.time(cug.test(g, centralization, FUN.args = list(FUN = betweenness),
                          cmode = "dyad.census", reps = 1000))[["elapsed"]]
cat(sprintf("cug.test betweenness centralisation, 301 nodes, 1,000 draws: %.1f s\n", t))
