"""Classical reliability statistics on an item-score matrix, with missing answers.

Every function takes ``X``, an array of shape (n, k): n respondents by k items, keyed item scores
(reverse-keyed items already reversed), NaN where an item was not answered. Missing answers are
handled as R's ``psych::alpha`` does by default (``use="pairwise"``): each covariance uses the
respondents who answered both items, each variance the respondents who answered that item, and
every statistic is then computed from that one pairwise covariance matrix ``C`` (and from
``R = cov2cor(C)``, the correlations it implies). With complete data this is the textbook
Cronbach's alpha.

A statistic that the data cannot determine (fewer than two answers to an item or to a pair of
items, an item without variance) comes back as NaN rather than raising or warning, as R's
``NA`` would; `usable_items` tells which items can enter the computation.

References
----------
Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. Psychometrika,
16(3), 297-334.

Revelle, W. psych: Procedures for Psychological, Psychometric, and Personality Research,
``alpha`` ("Find two estimates of reliability: Cronbach's alpha and Guttman's Lambda 6"),
https://personality-project.org/r/psych/help/alpha.html
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "alpha_if_item_deleted",
    "corrected_item_total_correlation",
    "covariance_to_correlation",
    "cronbach_alpha",
    "item_means",
    "item_sds",
    "missing_rates",
    "pairwise_covariance",
    "standardized_alpha",
    "usable_items",
]


def _check_matrix(X: np.ndarray, min_items: int = 1) -> np.ndarray:
    """``X`` as a float (n, k) array; ValueError on a bad shape, infinities or too few items."""
    try:
        X = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("item scores must be numbers (NaN for a missing answer)") from None
    if X.ndim != 2:
        raise ValueError(f"item scores must be a 2-D array (respondents x items), got {X.ndim}-D")
    if np.isinf(X).any():
        raise ValueError("item scores must be finite (use NaN for a missing answer)")
    if X.shape[1] < min_items:
        raise ValueError(f"need at least {min_items} items, got {X.shape[1]}")
    return X


def _safe_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Elementwise ratio, NaN where the denominator is zero or NaN (no RuntimeWarning)."""
    numerator, denominator = np.broadcast_arrays(np.asarray(numerator, float), np.asarray(denominator, float))
    ok = np.isfinite(denominator) & (denominator != 0)
    return np.divide(numerator, denominator, out=np.full(numerator.shape, np.nan), where=ok)


def item_means(X: np.ndarray) -> np.ndarray:
    """Mean of each item over the respondents who answered it.

    Parameters
    ----------
    X : array_like, shape (n, k)
        Item scores, NaN for a missing answer.

    Returns
    -------
    means : ndarray, shape (k,)
        NaN for an item nobody answered.
    """
    X = _check_matrix(X)
    answered = ~np.isnan(X)
    return _safe_divide(np.where(answered, X, 0.0).sum(axis=0), answered.sum(axis=0))


def item_sds(X: np.ndarray) -> np.ndarray:
    r"""Standard deviation of each item over the respondents who answered it (n - 1 divisor).

    .. math:: s_i = \sqrt{\sum_{p \in A_i} (x_{pi} - \bar x_i)^2 / (n_i - 1)}

    where :math:`A_i` are the :math:`n_i` respondents who answered item i (R's
    ``sd(x, na.rm = TRUE)``, the ``sd`` column of psych's ``item.stats``).

    Parameters
    ----------
    X : array_like, shape (n, k)

    Returns
    -------
    sds : ndarray, shape (k,)
        NaN for an item with fewer than two answers.
    """
    return np.sqrt(np.diag(pairwise_covariance(X)))


def missing_rates(X: np.ndarray) -> np.ndarray:
    """Proportion of the n respondents who left each item unanswered (psych's ``miss``).

    Parameters
    ----------
    X : array_like, shape (n, k)

    Returns
    -------
    rates : ndarray, shape (k,)
        In [0, 1]; NaN for every item when n = 0.
    """
    X = _check_matrix(X)
    return _safe_divide(np.isnan(X).sum(axis=0), np.full(X.shape[1], X.shape[0]))


def pairwise_covariance(X: np.ndarray) -> np.ndarray:
    r"""Covariance matrix from pairwise-complete observations (R's ``cov(X, use="pairwise")``).

    For items i and j, with :math:`P_{ij}` the :math:`n_{ij}` respondents who answered both,

    .. math:: C_{ij} = \frac{1}{n_{ij} - 1} \sum_{p \in P_{ij}}
              (x_{pi} - \bar x_{i \cdot P_{ij}})(x_{pj} - \bar x_{j \cdot P_{ij}})

    where the means are taken over :math:`P_{ij}` too; the diagonal is each item's variance over
    the respondents who answered it. The matrix need not be positive semi-definite when answers
    are missing.

    Parameters
    ----------
    X : array_like, shape (n, k)

    Returns
    -------
    C : ndarray, shape (k, k)
        NaN where a pair of items shares fewer than two respondents.
    """
    X = _check_matrix(X)
    answered = (~np.isnan(X)).astype(float)
    # Covariances do not change when a column is shifted, so centre first to keep the
    # sums-of-products formula below free of cancellation.
    means = np.nan_to_num(item_means(X))
    centred = np.where(answered > 0, X - means, 0.0)
    pairs = answered.T @ answered  # n_ij
    products = centred.T @ centred  # sum over P_ij of x_i x_j
    sums = centred.T @ answered  # [i, j]: sum of x_i over P_ij
    deviations = products - _safe_divide(sums * sums.T, pairs)
    return _safe_divide(deviations, pairs - 1.0)


def covariance_to_correlation(C: np.ndarray) -> np.ndarray:
    r"""Correlations implied by a covariance matrix (R's ``cov2cor``).

    .. math:: R_{ij} = C_{ij} / \sqrt{C_{ii} C_{jj}}

    psych::alpha takes its correlations this way from the pairwise covariance matrix, so with
    missing answers they use each item's own variance, not the variance within the pair.

    Parameters
    ----------
    C : array_like, shape (k, k)

    Returns
    -------
    R : ndarray, shape (k, k)
        NaN in the rows and columns of items with zero or unknown variance.
    """
    C = np.asarray(C, dtype=float)
    if C.ndim != 2 or C.shape[0] != C.shape[1]:
        raise ValueError(f"a covariance matrix must be square, got shape {C.shape}")
    sd = np.sqrt(np.where(np.diag(C) > 0, np.diag(C), np.nan))
    return _safe_divide(C, np.outer(sd, sd))


def usable_items(X: np.ndarray) -> np.ndarray:
    """Which items can enter the reliability computation: answered at least twice, with variance.

    psych::alpha drops the others, with a warning, before computing anything (``delete=TRUE``).

    Parameters
    ----------
    X : array_like, shape (n, k)

    Returns
    -------
    usable : ndarray of bool, shape (k,)
    """
    variances = np.diag(pairwise_covariance(X))
    return np.isfinite(variances) & (variances > 0)


def _alpha_from_covariance(C: np.ndarray) -> float:
    k = C.shape[0]
    return float(k / (k - 1) * (1.0 - _safe_divide(np.trace(C), C.sum())))


def cronbach_alpha(X: np.ndarray) -> float:
    r"""Cronbach's (raw) coefficient alpha from the pairwise covariance matrix.

    .. math:: \alpha = \frac{k}{k - 1} \left(1 - \frac{\operatorname{tr} C}{\sum_{ij} C_{ij}}\right)

    with C from `pairwise_covariance` (psych's ``raw_alpha``; Cronbach, 1951). With complete data
    :math:`\sum_{ij} C_{ij}` is the variance of the sum score, giving the textbook form
    :math:`\frac{k}{k-1}(1 - \sum_i s_i^2 / s_X^2)`.

    Parameters
    ----------
    X : array_like, shape (n, k), k >= 2

    Returns
    -------
    alpha : float
        NaN when a covariance is undefined (a pair shares fewer than two respondents) or
        the total variance is zero.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 3, 5], [5, 5, 4]])
    >>> round(cronbach_alpha(X), 4)
    0.8797
    """
    X = _check_matrix(X, min_items=2)
    return _alpha_from_covariance(pairwise_covariance(X))


def standardized_alpha(X: np.ndarray) -> float:
    r"""Standardised alpha: alpha of the standardised items, from the mean inter-item correlation.

    .. math:: \alpha_{std} = \frac{k \bar r}{1 + (k - 1) \bar r}, \qquad
              \bar r = \frac{\sum_{i \ne j} R_{ij}}{k (k - 1)}

    with :math:`R = \operatorname{cov2cor}(C)` (`covariance_to_correlation` of
    `pairwise_covariance`), as psych's ``std.alpha``. Equivalently
    :math:`\frac{k}{k-1}(1 - k / \sum_{ij} R_{ij})`.

    Parameters
    ----------
    X : array_like, shape (n, k), k >= 2

    Returns
    -------
    alpha : float
        NaN when a correlation is undefined (see `usable_items`).
    """
    X = _check_matrix(X, min_items=2)
    R = covariance_to_correlation(pairwise_covariance(X))
    k = R.shape[0]
    mean_r = (R.sum() - np.trace(R)) / (k * (k - 1))
    return float(_safe_divide(k * mean_r, 1.0 + (k - 1) * mean_r))


def corrected_item_total_correlation(X: np.ndarray) -> np.ndarray:
    r"""Correlation of each item with the sum of the other items (psych's ``r.drop``).

    Computed, as psych does, from the pairwise covariance matrix C alone:

    .. math:: r_{i,\,rest} = \frac{\sum_j C_{ij} - C_{ii}}
              {\sqrt{C_{ii} \sum_{j \ne i} \sum_{l \ne i} C_{jl}}}

    The numerator is the covariance of item i with the rest score, the second factor under the
    root the variance of the rest score. With complete data this is the Pearson correlation of
    item i with the sum of the other items.

    Parameters
    ----------
    X : array_like, shape (n, k), k >= 2

    Returns
    -------
    r : ndarray, shape (k,)
        NaN where a variance or covariance involved is undefined or zero.
    """
    X = _check_matrix(X, min_items=2)
    C = pairwise_covariance(X)
    variances = np.diag(C)
    with_rest = C.sum(axis=0) - variances
    rest_variance = C.sum() - 2.0 * C.sum(axis=0) + variances
    product = variances * rest_variance
    root = np.sqrt(np.where(product > 0, product, np.nan))
    return _safe_divide(with_rest, root)


def alpha_if_item_deleted(X: np.ndarray) -> np.ndarray:
    r"""Raw alpha of the other k - 1 items, for each item (psych's ``alpha.drop`` ``raw_alpha``).

    Taken from the same pairwise covariance matrix C with item i's row and column removed,
    as psych does (not recomputed from the data):

    .. math:: \alpha_{-i} = \frac{k - 1}{k - 2}\left(1 - \frac{\operatorname{tr} C - C_{ii}}
              {\sum_{jl} C_{jl} - 2 \sum_j C_{ij} + C_{ii}}\right)

    Parameters
    ----------
    X : array_like, shape (n, k), k >= 2

    Returns
    -------
    alpha : ndarray, shape (k,)
        All NaN when k = 2 (the alpha of a single item is undefined).
    """
    X = _check_matrix(X, min_items=2)
    C = pairwise_covariance(X)
    k = C.shape[0]
    if k == 2:
        return np.full(2, np.nan)
    variances = np.diag(C)
    rest_trace = np.trace(C) - variances
    rest_total = C.sum() - 2.0 * C.sum(axis=0) + variances
    return (k - 1) / (k - 2) * (1.0 - _safe_divide(rest_trace, rest_total))
