#!/usr/bin/env python3
"""Fits the rational approximation of erf that VectorMath.erf, VectorMath.gelu and their vector
loops in Activations evaluate, and measures the error of its float evaluation.

    erf(a) ~ a P(a^2) / Q(a^2),  a = min(|x|, C),  C = 3.92,  P of degree 6, Q of degree 5, Q(0) = 1

then the quotient is capped at 1 and given x's sign. erf(3.92) = 1 - 2.9e-8 rounds to 1 in float
(half an ulp below 1 is 2^-25 = 3.0e-8), so beyond C the clamped argument gives the right answer.

The fit minimizes the largest relative error over [0, C] (a Lawson-weighted, linearized least-squares
iteration on 8,000 Chebyshev points in a, with the linearization divided by the previous denominator,
as in the Sanathanan-Koerner method), with P(0) held at 2/sqrt(pi) rounded to float. What remains
after the fit is the rounding of the float evaluation, mostly in the Horner steps near a = C, where
P's and Q's high terms dominate: the second half of this script measures it over the floats the
tests sweep (every one where there are at most 4 million in a range), emulating Java's float
operations (an fma rounded once, then min, copySign).

The constants are printed as Java; the outputs are pasted into VectorMath. Needs numpy and scipy
(scipy.special.erf, in double precision, is the reference). Rerun after changing this script:

    python3 runtime/src/test/python/fit_erf.py
"""

import math

import numpy as np
from scipy.special import erf as erf64

C = 3.92
M, N = 6, 5  # degrees of P and Q in a^2
# P(0) is erf's slope at 0, 2/sqrt(pi) rounded to float, so that erf of a tiny x is 2x/sqrt(pi) rounded
# twice (the product and the quotient by Q(0) = 1 exactly) rather than carrying a fitted slope's error
P0 = float(np.float32(2 / math.sqrt(math.pi)))


def fit(m, n, iterations=200):
    k = np.arange(8000)
    a = np.concatenate([C * (0.5 - 0.5 * np.cos(np.pi * (k + 0.5) / len(k))), [C]])
    t = (a / C) ** 2  # the fit's variable, scaled to [0, 1] for a well-conditioned system
    g = np.array([math.erf(v) / v if v > 0 else 2 / math.sqrt(math.pi) for v in a])  # erf(a) / a
    vp = np.vander(t, m + 1, increasing=True)
    vq = np.vander(t, n + 1, increasing=True)
    weights = np.full(len(a), 1 / len(a))
    previous_q = np.ones(len(a))
    best = None
    for _ in range(iterations):
        # P(t) - g Q(t) = 0 with q0 = 1 and p0 = P0, relative to g Q_previous: the relative error,
        # linearized
        scale = np.sqrt(weights) / (g * previous_q)
        system = np.hstack([vp[:, 1:], -g[:, None] * vq[:, 1:]]) * scale[:, None]
        solution, *_ = np.linalg.lstsq(system, (g - P0) * scale, rcond=None)
        p, q = np.concatenate([[P0], solution[:m]]), np.concatenate([[1], solution[m:]])
        big_p, big_q = vp @ p, vq @ q
        error = big_p / (big_q * g) - 1
        if best is None or np.abs(error).max() < best[0]:
            best = (np.abs(error).max(), p, q, big_q.min())
        previous_q = big_q
        weights = weights * np.abs(error)
        weights /= weights.sum()
    error, p, q, q_min = best
    assert q_min > 0, "Q has a root in [0, C]"
    # back to the variable a^2
    return error, [np.float32(p[i] / C ** (2 * i)) for i in range(m + 1)], [np.float32(q[i] / C ** (2 * i)) for i in range(n + 1)]


def fma(x, y, z):
    # x * y is exact in double (24 + 24 bits); the sum is rounded once to double, then to float: a
    # double rounding that can differ from Java's Math.fma in rare ties, which the Java tests settle
    return (x.astype(np.float64) * y.astype(np.float64) + np.float64(z)).astype(np.float32)


def erf32(x, p, q):
    """erf as VectorMath.erf computes it, operation by operation."""
    f = np.float32
    a = np.minimum(np.abs(x), f(C))
    u = a * a
    big_p = np.full_like(u, p[-1])
    for c in p[-2::-1]:
        big_p = fma(big_p, u, c)
    big_q = np.full_like(u, q[-1])
    for c in q[-2::-1]:
        big_q = fma(big_q, u, c)
    return np.copysign(np.minimum(a * big_p / big_q, f(1)), x)


def gelu32(x, p, q):
    """gelu as VectorMath.gelu computes it."""
    f = np.float32
    xl = np.maximum(x, f(-GELU_FLOOR))
    phi = fma(erf32(xl * f(math.sqrt(0.5)), p, q), np.full_like(xl, 0.5), f(0.5))
    return xl * phi


def floats(lo, hi, count=4_000_000):
    """Floats in [lo, hi), 0 <= lo < hi: every one if there are at most count of them, else every k-th."""
    first, last = np.float32(lo).view(np.int32), np.float32(hi).view(np.int32)
    step = max(1, (last - first) // count)
    return np.arange(first, last, step, dtype=np.int32).view(np.float32)


GELU_FLOOR = np.float32(C * math.sqrt(2))


def main():
    error, p, q = fit(M, N)
    a = np.linspace(0.5, C, 100_001)
    # the float coefficients in double arithmetic
    pd, qd = np.array(p, dtype=np.float64), np.array(q, dtype=np.float64)
    above = np.abs(a * np.polyval(pd[::-1], a * a) / np.polyval(qd[::-1], a * a) / erf64(a) - 1).max()
    print(f"// largest relative error of the fit: {error:.2e} over [0, {C}] (P0's rounding, near 0),")
    print(f"// {above:.2e} over [0.5, {C}] with the coefficients rounded to float")
    for i, c in enumerate(p):
        print(f"static final float P{i} = {repr(float(c))}f;")
    for i, c in enumerate(q):
        print(f"static final float Q{i} = {repr(float(c))}f;")
    print(f"// float erf(C) = {erf32(np.array([C], dtype=np.float32), p, q)[0]!r}")

    worst_ulps = 0.0
    for lo, hi in [(1e-30, 1e-3), (1e-3, 0.5), (0.5, 2), (2, 4)]:
        ulps = []
        for chunk in np.array_split(floats(lo, hi), 8):
            exact = erf64(chunk.astype(np.float64))
            # the ulp of the exact value's float neighbourhood; just below 1, the ulp below 1
            ulp = np.spacing(np.abs(exact).astype(np.float32)).astype(np.float64)
            ulp = np.where(np.abs(exact) >= 1 - 2.0**-25, 2.0**-24, ulp)
            ulps.append(np.abs(erf32(chunk, p, q).astype(np.float64) - exact) / ulp)
        ulps = np.concatenate(ulps)
        worst_ulps = max(worst_ulps, ulps.max())
        print(f"// erf over the floats in [{lo}, {hi}): max {ulps.max():.2f} ulps, rms {np.sqrt((ulps ** 2).mean()):.2f}")

    worst = 0.0
    for lo, hi in [(1e-30, 0.5), (0.5, 2), (2, 5.5), (5.5, 10)]:
        for sign in (1, -1):
            for chunk in np.array_split(floats(lo, hi) * np.float32(sign), 8):
                x = chunk.astype(np.float64)
                exact = 0.5 * x * (1 + erf64(x / math.sqrt(2)))
                error = np.abs(gelu32(chunk, p, q).astype(np.float64) - exact)
                worst = max(worst, (error / np.maximum(1e-5 * np.abs(exact), 1e-6)).max())
    print(f"// gelu over the floats in +-[1e-30, 10): max error / max(1e-5 |gelu|, 1e-6) = {worst:.3f}")


if __name__ == "__main__":
    main()
