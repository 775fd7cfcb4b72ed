"""The linear program of each step of ``feasible``: how deep into the linearised conditions a
step within the trust region can go, and the shortest step that goes most of the way.

max t over (e, t) with m_i + J_i e ≥ t‖J_i‖ and |e_j| ≤ r is solved by a log-barrier
method from the feasible e = 0 (Newton's method, the barrier's weight divided by 20 ten
times); the step taken is then the shortest in length that keeps nine tenths of the gain
(least squares on the conditions below it), not the barrier's centre.
"""

from __future__ import annotations

import numpy as np

DEPTH = 1e-2  # how far inside the linearised conditions a step aims at most (scaled units)
REACH = 1e4  # the box of a program, at most this many times the distance to the nearest boundary


def program(m: np.ndarray, jacobian: np.ndarray, norms: np.ndarray, radius: float
             ) -> tuple[np.ndarray | None, float]:
    """The shortest step e (|e_j| ≤ radius) of those that reach the largest t ≤ min(radius,
    DEPTH) with m_i + J_i e ≥ t‖J_i‖ for every i: the step, and t. One linear program over
    (e, w, t), |e_j| ≤ w_j: max t − SHORT·Σ w_j / n (a log-barrier method from the feasible
    e = 0). Rows are scaled to unit gradients; a row the box cannot reach is left out."""
    rows, bounds = jacobian / norms[:, None], m / norms
    violated = float(np.min(bounds))
    if violated < 0:  # a box far larger than the distance to go only costs the barrier digits
        radius = min(radius, REACH * -violated)
    near = bounds <= 2 * (np.sqrt(jacobian.shape[1]) + 1) * radius
    used = np.any(rows[near] != 0, axis=0)  # a coordinate no near row moves stays
    rows, bounds = rows[near][:, used], bounds[near]
    n = rows.shape[1]
    cap = min(radius, DEPTH)
    eye, zero, zeros = np.eye(n), np.zeros((n, 1)), np.zeros((len(rows), n))
    a = np.vstack([np.hstack([-rows, zeros, np.ones((len(rows), 1))]),
                   np.hstack([eye, -eye, zero]), np.hstack([-eye, -eye, zero]),
                   np.hstack([np.zeros((n, n)), eye, zero]),
                   np.hstack([np.zeros((1, 2 * n)), np.ones((1, 1))])])
    b = np.concatenate([bounds, np.zeros(2 * n), np.full(n, radius), [cap]])
    t0 = min(float(np.min(bounds)) if len(bounds) else cap, cap)
    z = np.concatenate([np.zeros(n), np.full(n, radius / 2), [t0 - radius / 2]])
    c = np.concatenate([np.zeros(n), np.full(n, -SHORT / max(n, 1)), [1.0]])
    found = _barrier(a, b, c, z, radius)
    if found is None:
        return None, -np.inf
    goal = t0 + 0.9 * (float(found[-1]) - t0)
    step = _least(rows, bounds, goal, radius)
    if step is None:
        step = _shortened(rows, bounds, found[:n], goal)
    best = min(float(np.min(bounds + rows @ step, initial=np.inf)), cap)
    out = np.zeros(jacobian.shape[1])
    out[used] = step
    return out, best


def _least(rows: np.ndarray, bounds: np.ndarray, goal: float, radius: float
           ) -> np.ndarray | None:
    """The shortest step (in length, all coordinates at once) that brings every linearised
    condition to ``goal``, by least squares on those below it, more joining as the step
    pushes them under (a ball in ten scalars is entered along its gradient, where one
    coordinate at a time never gets in); None if that does not settle within the box."""
    active = bounds < goal
    for _ in range(LEAST_ROUNDS):
        if not np.any(active):
            return np.zeros(rows.shape[1])
        e = np.linalg.lstsq(rows[active], goal - bounds[active], rcond=None)[0]
        reached = bounds + rows @ e
        if np.all(reached >= goal - 1e-9 * (1 + abs(goal))) and np.all(np.abs(e) <= radius):
            return e
        grown = active | (reached < goal)
        if np.array_equal(grown, active):
            return None
        active = grown
    return None


LEAST_ROUNDS = 6  # conditions joining the least-squares step, rounds at most


def _shortened(rows: np.ndarray, bounds: np.ndarray, e: np.ndarray, goal: float
               ) -> np.ndarray:
    """``e`` with each entry, largest first, set to 0 or shrunk while the linearised
    conditions keep nine tenths of the gain: a barrier leaves entries that no condition
    binds where its centre is, and those moves would take the point far for nothing."""
    e = e.copy()
    for j in np.argsort(-np.abs(e)):
        for factor in (0.0, 0.125, 0.5):
            trial = e.copy()
            trial[j] *= factor
            if float(np.min(bounds + rows @ trial, initial=np.inf)) >= goal:
                e = trial
                break
    return e


SHORT = 1e-6  # the weight of a step's length against its depth
ROUNDS = 10  # barrier weights per linear program


def _barrier(a: np.ndarray, b: np.ndarray, c: np.ndarray, z: np.ndarray, radius: float
             ) -> np.ndarray | None:
    """max c·z subject to a z ≤ b from the strictly feasible ``z``: Newton's method on the
    log barrier, its weight divided by 20 ROUNDS times (the gap left is 10⁻¹³ of the
    box); None if it breaks down."""
    tau = 1.0 / radius
    with np.errstate(all="ignore"):
        for _ in range(ROUNDS):
            for _ in range(40):
                slack = b - a @ z
                if not np.all(slack > 0):
                    return None
                grad = -tau * c + a.T @ (1 / slack)
                hess = (a.T * (1 / slack ** 2)) @ a
                try:
                    dz = -np.linalg.solve(hess, grad)
                except np.linalg.LinAlgError:
                    return None
                if not np.all(np.isfinite(dz)) or -grad @ dz < 1e-12:
                    break
                rate = a @ dz  # the largest step that keeps every slack positive, then Armijo
                ahead = rate > 0
                s = min(1.0, 0.99 * float(np.min(slack[ahead] / rate[ahead]))) \
                    if np.any(ahead) else 1.0
                f = -tau * (c @ z) - np.sum(np.log(slack))
                for _ in range(30):
                    trial = z + s * dz
                    if -tau * (c @ trial) - np.sum(np.log(b - a @ trial)) <= f + 0.25 * s * (grad @ dz):
                        break
                    s /= 2
                z = z + s * dz
            tau *= 20
    return z
