# Reference values for Kith's permutation, QAP and CUG tests (issue 15).
#
# R 4.2 with statnet's sna 2.7-1 and network 1.18.1 (Debian bookworm: apt-get install
# r-base-core r-cran-sna r-cran-network r-cran-jsonlite).  Run from the repository root:
#
#   Rscript tests/reference/make_inference_expected.R
#
# It writes
#   tests/data/inference/tiny.csv, tiny.nodes.csv   a 7-person directed network with two
#                                                   relations, small enough to enumerate
#   tests/reference/expected/inference.json          the values below
#
# and reads karate and florentine (tests/data/), the groups network (tests/data/groups/) and
# the sample study's ties and nodes as `kith convert` writes them
# (tests/data/inference/sample.csv and sample.nodes.csv).
#
# Observed statistics come from sna (gcor, netlm, netlogit, centralization, gden, grecip,
# gtrans, isolates, brokerage), lm and glm; Kith must equal them to 1e-9.  Monte Carlo
# p-values come from sna (qaptest, netlm, netlogit, cug.test) and from sample(); Kith's own
# draws use another generator, so they agree within Monte Carlo error (three standard errors
# at the number of draws).  "exact" values enumerate every permutation of the 7-person
# network: Kith's full enumeration must give the very same p-values.
#
# P-values follow sna: the share of permutations (or draws) whose statistic is at least as
# large as the observed one (p_greater), at most as large (p_less), and at least as large in
# absolute value (p_two_sided; for group tests, whose statistics are not signed, this is the
# share at least as large).  In enumeration, statistics within 1e-9 (relative) of the observed
# one count as equal, so that rounding does not decide a tie.

suppressMessages({
  library(sna)
  library(jsonlite)
})
set.seed(15)

root <- "."
data <- file.path(root, "tests", "data")
out_json <- file.path(root, "tests", "reference", "expected", "inference.json")
TOL <- 1e-9

ge <- function(a, b) a >= b - TOL * max(1, abs(b))
le <- function(a, b) a <= b + TOL * max(1, abs(b))

# ---------------------------------------------------------------------------------------
# Data

read_matrix <- function(path) {
  m <- as.matrix(read.csv(path, row.names = 1, check.names = FALSE))
  m[m != 0] <- 1
  m
}

karate <- read_matrix(file.path(data, "karate", "karate_matrix.csv"))
karate_club <- read.csv(file.path(data, "karate", "karate_attributes.csv"),
                        colClasses = "character")$club
florentine <- read_matrix(file.path(data, "florentine", "florentine_matrix.csv"))
flo_attr <- read.csv(file.path(data, "florentine", "florentine_attributes.csv"))
flo_wealth <- flo_attr$wealth[match(rownames(florentine), flo_attr$family)]
groups_net <- read_matrix(file.path(data, "groups", "groups_matrix.csv"))
groups_attr <- read.csv(file.path(data, "groups", "groups_attributes.csv"),
                        colClasses = c("character", "character", "numeric", "numeric", "numeric"),
                        na.strings = "")
groups_attr <- groups_attr[match(rownames(groups_net), groups_attr$id), ]

# The 7-person network: written here, read by the Rust tests.
tiny_ids <- paste0("t", 1:7)
tiny_nodes <- data.frame(
  id = tiny_ids,
  group = c("A", "A", "A", "B", "B", "C", "C"),
  sex = c("F", "M", "F", "M", "F", "M", "F"),
  score = c(40, 52, 47, 35, 44, 58, 39),
  x = c(1.5, 2.0, 0.5, 3.0, 2.5, 1.0, 4.0),
  age_band = c("18-24", "25-34", "35-44", "25-34", "45-54", "18-24", "35-44")
)
tiny_a <- rbind(c(1, 2), c(1, 3), c(2, 3), c(3, 1), c(4, 5), c(5, 4), c(6, 1), c(2, 5))
tiny_b <- rbind(c(1, 2), c(2, 1), c(3, 4), c(4, 3), c(5, 6), c(6, 7), c(1, 3), c(7, 1))
tiny_edges <- rbind(
  data.frame(source = tiny_ids[tiny_a[, 1]], target = tiny_ids[tiny_a[, 2]], weight = 1,
             relation = "a", type = "directed"),
  data.frame(source = tiny_ids[tiny_b[, 1]], target = tiny_ids[tiny_b[, 2]], weight = 1,
             relation = "b", type = "directed")
)
dir.create(file.path(data, "inference"), showWarnings = FALSE)
write.csv(tiny_edges, file.path(data, "inference", "tiny.csv"), row.names = FALSE, quote = FALSE)
write.csv(tiny_nodes, file.path(data, "inference", "tiny.nodes.csv"), row.names = FALSE,
          quote = FALSE)
mat_of <- function(arcs, n) {
  m <- matrix(0, n, n)
  m[arcs] <- 1
  m
}
tiny_rel_a <- mat_of(tiny_a, 7)
tiny_rel_b <- mat_of(tiny_b, 7)

sample_edges <- read.csv(file.path(data, "inference", "sample.csv"), colClasses = "character")
sample_nodes <- read.csv(file.path(data, "inference", "sample.nodes.csv"),
                         colClasses = "character", na.strings = "")
sample_ids <- sample_nodes$id
relation_matrix <- function(rel, ids) {
  e <- sample_edges[sample_edges$relation == rel, ]
  m <- matrix(0, length(ids), length(ids))
  s <- match(e$source, ids)
  t <- match(e$target, ids)
  keep <- !is.na(s) & !is.na(t) & s != t
  m[cbind(s[keep], t[keep])] <- 1
  m
}
rely_on <- relation_matrix("rely_on", sample_ids)
advice <- relation_matrix("advice", sample_ids)

# Category order as Kith sorts labels: by byte (C locale).
levels_c <- function(x) sort(unique(x[!is.na(x)]), method = "radix")
same <- function(x) outer(x, x, "==") * 1
absdiff_rank <- function(x) {
  r <- match(x, levels_c(x))
  abs(outer(r, r, "-"))
}
absdiff <- function(x) abs(outer(x, x, "-"))

num <- function(x) {
  x <- unname(x)
  x[is.nan(x)] <- NA
  x
}

# ---------------------------------------------------------------------------------------
# Whole-network statistics as Kith defines them (sna conventions)

n_of <- function(d) if (!is.null(attr(d, "n"))) attr(d, "n") else NROW(d)
as_mat <- function(d) as.sociomatrix.sna(d)
stat_fun <- function(name, mode, attr = NULL) {
  switch(name,
    density = function(d) gden(d, mode = mode),
    isolates = function(d) length(isolates(d)) / n_of(d),
    reciprocity = function(d) grecip(d, measure = "edgewise"),
    transitivity = function(d) {
      m <- symmetrize(as_mat(d), rule = "weak")
      gtrans(m, mode = "graph", measure = "weak")
    },
    ei = function(d) {
      m <- as_mat(d)
      if (mode == "graph") m[lower.tri(m)] <- 0
      idx <- which(m != 0, arr.ind = TRUE)
      ga <- attr[idx[, 1]]
      gb <- attr[idx[, 2]]
      ok <- !is.na(ga) & !is.na(gb)
      e <- sum(ga[ok] != gb[ok])
      i <- sum(ga[ok] == gb[ok])
      (e - i) / (e + i)
    },
    degree_centralisation = function(d) centralization(d, degree, mode = mode),
    betweenness_centralisation = function(d) centralization(d, betweenness, mode = mode)
  )
}

cug <- function(net, mode, stat, given, reps, attr = NULL) {
  f <- stat_fun(stat, mode, attr)
  r <- cug.test(net, f, mode = mode, cmode = given, reps = reps)
  list(statistic = stat, given = given, reps = reps, observed = num(r$obs.stat),
       p_greater = r$pgteobs, p_less = r$plteobs,
       null_mean = mean(r$rep.stat), null_sd = sd(r$rep.stat))
}

# ---------------------------------------------------------------------------------------
# QAP

qap_cor <- function(y, x, mode, reps) {
  obs <- gcor(y, x, mode = mode)
  q <- qaptest(list(y, x), gcor, g1 = 1, g2 = 2, reps = reps, mode = mode)
  list(observed = num(obs), reps = reps, p_greater = q$pgreq, p_less = q$pleeq,
       p_two_sided = mean(abs(q$dist) >= abs(obs)))
}

# R-squared of netlm as sna's summary reports it.
netlm_r2 <- function(y, xs, mode) {
  yy <- gvectorize(y, mode = mode, diag = FALSE, censor.as.na = FALSE)
  X <- cbind(1, sapply(xs, function(m) gvectorize(m, mode = mode, diag = FALSE, censor.as.na = FALSE)))
  f <- lm.fit(X, yy)
  1 - sum(f$residuals^2) / sum((yy - mean(yy))^2)
}

netlm_full <- function(y, xs, mode, reps, logit = FALSE) {
  # One predictor goes in as a matrix: sna's semi-partialling fails on a 1 x n x n array.
  x <- if (length(xs) == 1) xs[[1]] else {
    a <- array(0, dim = c(length(xs), nrow(y), ncol(y)))
    for (i in seq_along(xs)) a[i, , ] <- xs[[i]]
    a
  }
  fit <- if (logit) {
    netlogit(y, x, mode = mode, nullhyp = "qapspp", reps = reps)
  } else {
    netlm(y, x, mode = mode, nullhyp = "qapspp", reps = reps)
  }
  df <- fit$n - length(fit$coefficients)
  classical <- if (logit) {
    2 * pnorm(abs(fit$tstat), lower.tail = FALSE)
  } else {
    2 * pt(abs(fit$tstat), df, lower.tail = FALSE)
  }
  out <- list(terms = c("(intercept)", names(xs)), coefficients = num(fit$coefficients),
              statistic = num(fit$tstat), classical_p = num(classical),
              p_greater = fit$pgreq, p_less = fit$pleeq, p_two_sided = fit$pgreqabs,
              reps = reps, n = fit$n)
  if (logit) {
    out$deviance <- fit$deviance
    out$null_deviance <- fit$null.deviance
  } else {
    out$r_squared <- netlm_r2(y, xs, mode)
  }
  out
}

# Dekker's semi-partialling over every permutation of the nodes (the 7-person network).
all_perms <- function(n) {
  if (n == 1) return(matrix(1, 1, 1))
  p <- all_perms(n - 1)
  out <- NULL
  for (i in 1:n) out <- rbind(out, cbind(i, ifelse(p >= i, p + 1, p)))
  out
}
dsp_exact <- function(y, xs, mode, logit = FALSE) {
  n <- nrow(y)
  g <- c(list(matrix(1, n, n)), xs)
  vec <- function(m) gvectorize(m, mode = mode, diag = FALSE, censor.as.na = FALSE)
  yy <- vec(y)
  X <- sapply(g, vec)
  stat <- function(X) {
    if (logit) {
      f <- glm.fit(X, yy, family = binomial())
      cf <- f$coefficients
      se <- sqrt(diag(chol2inv(f$qr$qr)))
    } else {
      q <- qr(X)
      cf <- qr.coef(q, yy)
      r <- qr.resid(q, yy)
      se <- sqrt(diag(chol2inv(q$qr)) * sum(r^2) / (length(yy) - ncol(X)))
    }
    cf / se
  }
  obs <- stat(X)
  perms <- all_perms(n)
  k <- length(g)
  pg <- pl <- pa <- numeric(k)
  for (i in 1:k) {
    q <- qr(X[, -i, drop = FALSE])
    res <- g[[i]]
    sel <- matrix(TRUE, n, n)
    diag(sel) <- FALSE
    if (mode == "graph") sel[upper.tri(sel)] <- FALSE
    res[sel] <- qr.resid(q, X[, i])
    if (mode == "graph") res[upper.tri(res)] <- t(res)[upper.tri(res)]
    d <- apply(perms, 1, function(p) stat(cbind(X[, -i, drop = FALSE], vec(res[p, p])))[k])
    pg[i] <- mean(sapply(d, ge, obs[i]))
    pl[i] <- mean(sapply(d, le, obs[i]))
    pa[i] <- mean(sapply(abs(d), ge, abs(obs[i])))
  }
  list(terms = c("(intercept)", names(xs)), statistic = num(obs), p_greater = pg, p_less = pl,
       p_two_sided = pa, permutations = nrow(perms))
}
gcor_exact <- function(y, x, mode) {
  obs <- gcor(y, x, mode = mode)
  perms <- all_perms(nrow(y))
  d <- apply(perms, 1, function(p) gcor(y, x[p, p], mode = mode))
  list(observed = num(obs), p_greater = mean(sapply(d, ge, obs)),
       p_less = mean(sapply(d, le, obs)), p_two_sided = mean(sapply(abs(d), ge, abs(obs))),
       permutations = nrow(perms))
}

# ---------------------------------------------------------------------------------------
# Group permutation tests: F (numbers) and Pearson's chi-square (isolates), with eta
# squared and Cramer's V.

f_stat <- function(v, g) {
  m <- tapply(v, g, mean)
  k <- length(m)
  nn <- tapply(v, g, length)
  grand <- mean(v)
  ssb <- sum(nn * (m - grand)^2)
  ssw <- sum((v - m[g])^2)
  (ssb / (k - 1)) / (ssw / (length(v) - k))
}
eta2 <- function(v, g) {
  m <- tapply(v, g, mean)
  nn <- tapply(v, g, length)
  sum(nn * (m - mean(v))^2) / sum((v - mean(v))^2)
}
chi_stat <- function(iso, g) {
  suppressWarnings(unname(chisq.test(table(g, iso), correct = FALSE)$statistic))
}
group_test <- function(values, g, isolate, reps) {
  ok <- !is.na(values) & !is.na(g)
  v <- values[ok]
  gg <- factor(g[ok], levels = levels_c(g[ok]))
  if (isolate) {
    obs <- chi_stat(v, gg)
    d <- replicate(reps, chi_stat(v, sample(gg)))
    effect <- sqrt(obs / length(v))
    means <- tapply(v, gg, mean)
  } else {
    obs <- f_stat(v, gg)
    d <- replicate(reps, f_stat(v, sample(gg)))
    effect <- eta2(v, gg)
    means <- tapply(v, gg, mean)
  }
  list(observed = num(obs), effect_size = num(effect), groups = names(means),
       values = num(as.vector(means)), n = length(v), reps = reps,
       p_value = mean(sapply(d, ge, obs)))
}
multiset_perms <- function(g) {
  # Every distinct arrangement of the labels g.
  if (length(g) == 1) return(matrix(g, 1, 1))
  out <- NULL
  for (u in unique(g)) {
    rest <- g[-match(u, g)]
    sub <- multiset_perms(rest)
    out <- rbind(out, cbind(u, sub))
  }
  out
}
group_exact <- function(values, g, isolate) {
  arr <- multiset_perms(g)
  f <- if (isolate) chi_stat else f_stat
  obs <- f(values, factor(g))
  d <- apply(arr, 1, function(a) f(values, factor(a)))
  list(observed = num(obs), p_value = mean(sapply(d, ge, obs)), permutations = nrow(arr))
}

# Freedman and Lane's permutation of the reduced model's residuals, by enumeration.
freedman_lane_exact <- function(y, X) {
  n <- length(y)
  tval <- function(y) {
    q <- qr(X)
    cf <- qr.coef(q, y)
    r <- qr.resid(q, y)
    cf / sqrt(diag(chol2inv(q$qr)) * sum(r^2) / (n - ncol(X)))
  }
  obs <- tval(y)
  perms <- all_perms(n)
  p <- numeric(ncol(X))
  for (j in seq_len(ncol(X))) {
    q <- qr(X[, -j, drop = FALSE])
    fit <- qr.fitted(q, y)
    res <- qr.resid(q, y)
    d <- apply(perms, 1, function(pp) tval(fit + res[pp])[j])
    p[j] <- mean(sapply(abs(d), ge, abs(obs[j])))
  }
  list(terms = colnames(X), statistic = num(obs), p_two_sided = p, permutations = nrow(perms))
}

# Burt's constraint of an undirected binary graph (NetworkX's definition).
constraint <- function(m) {
  m <- ((m + t(m)) > 0) * 1
  deg <- rowSums(m)
  p <- m / ifelse(deg == 0, 1, deg)
  sapply(seq_len(nrow(m)), function(i) {
    if (deg[i] == 0) return(NA)
    js <- which(m[i, ] > 0)
    sum(sapply(js, function(j) (p[i, j] + sum(p[i, -c(i, j)] * p[-c(i, j), j]))^2))
  })
}

# ---------------------------------------------------------------------------------------
# Node-level regression on the groups network: OLS and logit, listwise.

node_models <- function() {
  d <- data.frame(
    degree = degree(groups_net, gmode = "graph"),
    betweenness = betweenness(groups_net, gmode = "graph"),
    constraint = constraint(groups_net),
    isolate = as.numeric(degree(groups_net, gmode = "graph") == 0),
    employment = factor(groups_attr$employment, levels = levels_c(groups_attr$employment)),
    wemwbs = groups_attr$wemwbs,
    life_satisfaction = groups_attr$life_satisfaction,
    age = groups_attr$age
  )
  ols <- lm(wemwbs ~ degree + constraint + employment, data = d)
  s <- summary(ols)$coefficients
  logit <- glm(isolate ~ age + life_satisfaction, data = d, family = binomial())
  sl <- summary(logit)$coefficients
  ols2 <- lm(life_satisfaction ~ degree + betweenness + age, data = d)
  s2 <- summary(ols2)$coefficients
  # Monte Carlo Freedman-Lane for the first model, R's generator.
  fl <- function(formula, reps) {
    mf <- model.frame(formula, d)
    X <- model.matrix(formula, mf)
    y <- model.response(mf)
    q <- qr(X)
    tv <- function(y) {
      cf <- qr.coef(q, y)
      r <- qr.resid(q, y)
      cf / sqrt(diag(chol2inv(q$qr)) * sum(r^2) / (length(y) - ncol(X)))
    }
    obs <- tv(y)
    sapply(seq_len(ncol(X)), function(j) {
      qj <- qr(X[, -j, drop = FALSE])
      fit <- qr.fitted(qj, y)
      res <- qr.resid(qj, y)
      mean(replicate(reps, abs(tv(fit + sample(res))[j])) >= abs(obs[j]))
    })
  }
  list(
    ols = list(formula = "wemwbs ~ degree + constraint + employment", terms = rownames(s),
               coefficients = num(s[, 1]), se = num(s[, 2]), statistic = num(s[, 3]),
               classical_p = num(s[, 4]), n = nrow(ols$model), dropped = nrow(d) - nrow(ols$model),
               r_squared = summary(ols)$r.squared, reps = 5000,
               p_permutation = fl(wemwbs ~ degree + constraint + employment, 5000)),
    ols_numeric = list(formula = "life_satisfaction ~ degree + betweenness + age",
                       terms = rownames(s2), coefficients = num(s2[, 1]),
                       statistic = num(s2[, 3]), classical_p = num(s2[, 4]),
                       n = nrow(ols2$model)),
    logit = list(formula = "isolate ~ age + life_satisfaction", terms = rownames(sl),
                 coefficients = num(sl[, 1]), se = num(sl[, 2]), statistic = num(sl[, 3]),
                 classical_p = num(sl[, 4]), n = nrow(logit$model),
                 deviance = logit$deviance, null_deviance = logit$null.deviance)
  )
}

# ---------------------------------------------------------------------------------------
# Brokerage (sna) on the sample's rely_on ties among respondents, by migration status.

brokerage_ref <- function() {
  resp <- which(sample_nodes$kind == "respondent" & !is.na(sample_nodes$migration_status))
  m <- rely_on[resp, resp]
  b <- brokerage(m, sample_nodes$migration_status[resp])
  raw <- b$raw.nli
  list(ids = sample_ids[resp], coordinator = unname(raw[, "w_I"]),
       itinerant = unname(raw[, "w_O"]), representative = unname(raw[, "b_IO"]),
       gatekeeper = unname(raw[, "b_OI"]), liaison = unname(raw[, "b_O"]))
}

# ---------------------------------------------------------------------------------------

cat("QAP correlations\n")
qap <- list(
  karate_same_club = qap_cor(karate, same(karate_club), "graph", 2000),
  florentine_diff_wealth = qap_cor(florentine, absdiff(flo_wealth), "graph", 2000),
  sample_rely_on_advice = qap_cor(rely_on, advice, "digraph", 1000),
  tiny_a_b_exact = gcor_exact(tiny_rel_a, tiny_rel_b, "digraph")
)

cat("MRQAP\n")
resp <- which(!is.na(sample_nodes$gender) & !is.na(sample_nodes$migration_status) &
                !is.na(sample_nodes$age_band))
sx <- list(advice = advice[resp, resp],
           "same:gender" = same(sample_nodes$gender[resp]),
           "same:migration_status" = same(sample_nodes$migration_status[resp]),
           "diff:age_band" = absdiff_rank(sample_nodes$age_band[resp]))
tx <- list(b = tiny_rel_b, "same:sex" = same(tiny_nodes$sex),
           "diff:age_band" = absdiff_rank(tiny_nodes$age_band))
mrqap <- list(
  karate_ols = netlm_full(karate, list("same:club" = same(karate_club)), "graph", 2000),
  florentine_ols = netlm_full(florentine, list("diff:wealth" = absdiff(flo_wealth)), "graph",
                              2000),
  florentine_logit = netlm_full(florentine, list("diff:wealth" = absdiff(flo_wealth)), "graph",
                                1000, logit = TRUE),
  sample_ols = c(netlm_full(rely_on[resp, resp], sx, "digraph", 500),
                 list(nodes = length(resp))),
  sample_logit = c(netlm_full(rely_on[resp, resp], sx, "digraph", 200, logit = TRUE),
                   list(nodes = length(resp))),
  tiny_ols_exact = dsp_exact(tiny_rel_a, tx, "digraph"),
  tiny_logit_exact = dsp_exact(tiny_rel_a, tx[1:2], "digraph", logit = TRUE)
)

cat("CUG\n")
stats_u <- c("density", "isolates", "transitivity", "degree_centralisation",
             "betweenness_centralisation")
cugs <- list()
for (s in stats_u) for (given in c("size", "edges")) {
  cugs[[paste("karate", s, given)]] <- c(list(network = "karate"),
                                         cug(karate, "graph", s, given, 1000))
  cugs[[paste("florentine", s, given)]] <- c(list(network = "florentine"),
                                             cug(florentine, "graph", s, given, 1000))
}
cugs[["karate ei edges"]] <- c(list(network = "karate"),
                               cug(karate, "graph", "ei", "edges", 1000, attr = karate_club))
# Graphs of the sample's size with every tie at probability 1/2 are dense, and their
# betweenness slow in R: the size condition is drawn for the cheap statistics only.
for (s in c(stats_u, "reciprocity")) for (given in c("size", "edges")) {
  if (given == "size" && !(s %in% c("density", "isolates", "reciprocity"))) next
  cugs[[paste("sample", s, given)]] <- c(list(network = "sample rely_on"),
                                         cug(rely_on, "digraph", s, given, 500))
}

cat("groups\n")
gdeg <- degree(groups_net, gmode = "graph")
gtests <- list(
  degree = group_test(gdeg, groups_attr$employment, FALSE, 5000),
  isolate = group_test(as.numeric(gdeg == 0), groups_attr$employment, TRUE, 5000),
  betweenness = group_test(betweenness(groups_net, gmode = "graph"), groups_attr$employment,
                           FALSE, 5000),
  wemwbs = group_test(groups_attr$wemwbs, groups_attr$employment, FALSE, 5000),
  karate_degree_by_club = group_test(degree(karate, gmode = "graph"), karate_club, FALSE, 5000)
)
tiny_deg <- degree(tiny_rel_a, gmode = "digraph")
gexact <- list(
  tiny_score = group_exact(tiny_nodes$score, tiny_nodes$group, FALSE),
  tiny_degree = group_exact(tiny_deg, tiny_nodes$group, FALSE),
  tiny_isolate = group_exact(as.numeric(tiny_deg == 0), tiny_nodes$group, TRUE)
)

cat("node models\n")
tiny_X <- cbind("(Intercept)" = 1, x = tiny_nodes$x, sexM = as.numeric(tiny_nodes$sex == "M"))
models <- node_models()
models$tiny_exact <- freedman_lane_exact(tiny_nodes$score, tiny_X)

out <- list(
  notes = list(
    versions = list(R = R.version.string, sna = as.character(packageVersion("sna")),
                    network = as.character(packageVersion("network"))),
    p_values = "share of draws with a statistic >= observed (p_greater), <= observed (p_less), >= in absolute value (p_two_sided); exact ones enumerate every permutation, counting statistics within 1e-9 (relative) of the observed as equal",
    qap = "gcor and qaptest (mode graph for karate and florentine, digraph for the sample's rely_on and advice over all of its nodes)",
    mrqap = "netlm / netlogit with nullhyp qapspp (Dekker's double semi-partialling), t or z statistics; the sample models run on the nodes with gender, migration status and age band; same:A is 1 when both ends share A; diff:A is the absolute difference of the category ranks (numeric attributes: of the values)",
    cug = "cug.test with cmode size and edges; transitivity of the underlying undirected graph; isolates as a share of nodes; ei = (E - I) / (E + I) over ties between known groups",
    groups = "F statistic (numbers) or Pearson chi-square without correction (isolate share), eta squared or Cramer's V; Monte Carlo with sample(), exact over every distinct arrangement of the group labels",
    node_models = "lm and glm(binomial) with listwise deletion; Freedman-Lane permutation of the reduced model's residuals, two-sided on |t|"
  ),
  qap = qap,
  mrqap = mrqap,
  cug = unname(cugs),
  groups = gtests,
  groups_exact = gexact,
  node_models = models,
  brokerage = brokerage_ref()
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), out_json)
cat("wrote", out_json, "\n")
