"""A systematic corpus of right and wrong claims for the claim checker (the judge).

``BASES`` are right claims, each with an independent numpy model: the function
``f`` and the claim's value ``d`` (in the claim's layout) at a point. From them
the generators below derive

* ``wrong_claims()``: perturbations, each tagged with its class (``WRONG_CLASSES``),
  each kept only if numpy finds a valid point where it differs from ``d``;
* ``right_rewritings()``: rewritings of the base claims that are equal to them.

``verify_base`` checks ``d`` against central differences of ``f``;
``verify_wrong`` and ``verify_right`` check the generated claims' numpy models.
Nothing here calls the package: the models are written from the mathematics.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

Fn = Callable[[dict], Any]
Term = tuple[str, Fn]  # (LaTeX, numpy value at a point)


def sig(z):
    return 1 / (1 + np.exp(-z))


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def dot(a, b):
    return float((a.T @ b).item())


def inv(M):
    return np.linalg.inv(M)


# --------------------------------------------------------------------------- groups of symbols

VEC = (r"\mathbf{w}, \mathbf{x}, \mathbf{a} \in \mathbb{R}^{n}; b, y, z, \lambda \in \mathbb{R}; "
       r"A, B, X \in \mathbb{R}^{n \times n}")
VEC_VARS = {"w": ("n",), "x": ("n",), "a": ("n",), "b": (), "y": (), "z": (), "lam": (),
            "A": ("n", "n"), "B": ("n", "n"), "X": ("n", "n")}
LAYER = (r"W \in \mathbb{R}^{m \times n}; \mathbf{x} \in \mathbb{R}^{n}; "
         r"\mathbf{a}, \mathbf{b}, \mathbf{y} \in \mathbb{R}^{m}")
LAYER_VARS = {"W": ("m", "n"), "x": ("n",), "a": ("m",), "b": ("m",), "y": ("m",)}
RECT = r"A \in \mathbb{R}^{m \times n}; \mathbf{x} \in \mathbb{R}^{n}; \mathbf{b} \in \mathbb{R}^{m}"
RECT_VARS = {"A": ("m", "n"), "x": ("n",), "b": ("m",)}
SAMPLES = r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}; b, z, \lambda \in \mathbb{R}"
SAMPLE_VARS = {"w": ("n",), "b": (), "z": (), "lam": (), "xs": ("N", "n"), "ys": ("N",)}
SCALAR = ""
SCALAR_VARS = {"x": ()}
TEN = r"\mathbf{x}, \mathbf{a} \in \mathbb{R}^{10}; z \in \mathbb{R}"
TEN_VARS = {"x": (10,), "a": (10,), "z": ()}
FIVE = r"\mathbf{x} \in \mathbb{R}^{5}; z \in \mathbb{R}"
FIVE_VARS = {"x": (5,), "z": ()}


@dataclass(frozen=True)
class Sample:
    """A claim ``\\frac{coef}{N} \\sum_{i=1}^{N} body + rest`` over per-sample data."""

    coef: int  # the numerator c of c/N (the sign is written in front)
    body: str  # LaTeX of the summand, in i
    body_np: Callable[[dict, int], Any]  # its value for sample i (0-based)
    rest: str = ""  # LaTeX after the sum (starting with + or -), outside it
    rest_np: Fn | None = None
    mean: bool = True  # False: no 1/N in the right claim

    def latex(self, pre: str | None = None, lo: str = "1", hi: str = "N") -> str:
        pre = self.prefactor() if pre is None else pre
        return f"{pre}\\sum_{{i={lo}}}^{{{hi}}} {self.body}{self.rest}"

    def prefactor(self, count: str = "N", coef: str | None = None) -> str:
        sign = "-" if self.coef < 0 else ""
        c = coef if coef is not None else str(abs(self.coef))
        if not self.mean and count == "N":
            return f"{sign}{c if c != '1' else ''} " if c != "1" or sign else ""
        return f"{sign}\\frac{{{c}}}{{{count}}}"

    def value(self, v: dict, factor: float | None = None, lo: int = 0, hi: int | None = None):
        """The claim's value with prefactor ``factor`` (default c/N) over samples lo..hi-1."""
        N = v["N"]
        factor = (self.coef / N if self.mean else self.coef) if factor is None else factor
        hi = N if hi is None else hi
        total = sum((self.body_np(v, i) for i in range(lo, hi)), 0 * self.body_np(v, 0))
        return factor * total + (self.rest_np(v) if self.rest_np else 0)


@dataclass(frozen=True)
class Base:
    """A right claim with its numpy model."""

    name: str
    topic: str
    function: str
    wrt: str
    wrt_key: str
    where: str
    vars: dict
    claim: str
    f: Fn  # the function at a point
    d: Fn  # the right claim's value at a point, in the claim's layout
    layout: str = "numerator"
    domain: dict = field(default_factory=dict)  # var -> "pos" | "gt5" | "posdet" | "pdsym"
    term: Term | None = None  # a term of the claim's shape (for ε and far terms)
    probe: Term | None = None  # a scalar quantity of the point (for thresholds)
    dim: Term | None = None  # a scalar expression equal to the dimension n
    zero: Callable[[dict], dict] | None = None  # a point where probe = 0 and f is smooth
    rewrites: tuple = ()  # (LaTeX, numpy or None for "equal by construction")
    specials: tuple = ()  # (class, LaTeX, numpy, valid-if transform or None, note)
    sample: Sample | None = None

    @property
    def ident(self) -> str:
        return self.name


@dataclass(frozen=True)
class Claim:
    """A claim to be judged, derived from a base."""

    base: Base
    latex: str
    value: Fn
    kind: str  # a class of WRONG_CLASSES, or a kind of rewriting
    note: str = ""
    layout: str | None = None  # None: the base's layout
    valid_if: Callable[[dict], dict] | None = None  # wrong, but right where this holds

    @property
    def request_layout(self) -> str:
        return self.layout or self.base.layout

    @property
    def ident(self) -> str:
        return f"{self.base.name} | {self.kind} | {self.note or self.latex}"


# --------------------------------------------------------------------------- shorthands

XT: Term = (r"\mathbf{x}^T", lambda v: v["x"].T)
WT: Term = (r"\mathbf{w}^T", lambda v: v["w"].T)
AT: Term = (r"\mathbf{a}^T", lambda v: v["a"].T)
XCOL: Term = (r"\mathbf{x}", lambda v: v["x"])
WCOL: Term = (r"\mathbf{w}", lambda v: v["w"])
ONE: Term = ("1", lambda v: 1.0)
XS: Term = ("x", lambda v: v["x"])
EYE: Term = ("I", lambda v: np.eye(v["n"]))
EYE_M: Term = ("I", lambda v: np.eye(v["m"]))
MAT_A: Term = ("A", lambda v: v["A"])
MAT_W: Term = ("W", lambda v: v["W"])
MAT_WT: Term = ("W^T", lambda v: v["W"].T)
MAT_X: Term = ("X", lambda v: v["X"])
MAT_XT: Term = ("X^T", lambda v: v["X"].T)

U_WX: Term = (r"\mathbf{w} \cdot \mathbf{x}", lambda v: dot(v["w"], v["x"]))
U_AX: Term = (r"\mathbf{a} \cdot \mathbf{x}", lambda v: dot(v["a"], v["x"]))
U_SUMX: Term = (r"\operatorname{sum}(\mathbf{x})", lambda v: float(v["x"].sum()))
U_SUMW: Term = (r"\operatorname{sum}(\mathbf{w})", lambda v: float(v["w"].sum()))
U_X: Term = ("x", lambda v: v["x"])
U_Z: Term = ("z", lambda v: v["z"])
U_TRX: Term = (r"\operatorname{tr}(X)", lambda v: float(np.trace(v["X"])))
U_TRA: Term = (r"\operatorname{tr}(A)", lambda v: float(np.trace(v["A"])))

D_X: Term = (r"\operatorname{sum}(\mathbf{x} \oslash \mathbf{x})", lambda v: float(np.sum(v["x"] / v["x"])))
D_W: Term = (r"\operatorname{sum}(\mathbf{w} \oslash \mathbf{w})", lambda v: float(np.sum(v["w"] / v["w"])))
D_XX: Term = (r"\operatorname{tr}(X X^{-1})", lambda v: float(np.trace(v["X"] @ inv(v["X"]))))
D_AA: Term = (r"\operatorname{tr}(A A^{-1})", lambda v: float(np.trace(v["A"] @ inv(v["A"]))))


def set_zero(key: str) -> Callable[[dict], dict]:
    return lambda v: {**v, key: 0 * v[key]}


def symmetric(v: dict) -> dict:
    """The point with every square matrix replaced by its symmetric part."""
    out = dict(v)
    for k, val in v.items():
        if isinstance(val, np.ndarray) and val.ndim == 2 and val.shape[0] == val.shape[1] > 1:
            out[k] = (val + val.T) / 2
    return out


def diagonal(v: dict) -> dict:
    """The point with every square matrix replaced by its diagonal."""
    out = dict(v)
    for k, val in v.items():
        if isinstance(val, np.ndarray) and val.ndim == 2 and val.shape[0] == val.shape[1] > 1:
            out[k] = np.diag(np.diag(val))
    return out


def quad_grad(v):
    return v["x"].T @ (v["A"] + v["A"].T)


def relu_b(v):
    return float(dot(v["w"], v["x"]) + v["b"] > 0)


# per-sample pieces
def xi(v, i):
    return v["xs"][i]


def yi(v, i):
    return v["ys"][i]


def resid(v, i):  # w·x_i - y_i
    return dot(v["w"], xi(v, i)) - yi(v, i)


def mse_f(v):
    return float(np.mean([(yi(v, i) - dot(v["w"], xi(v, i))) ** 2 for i in range(v["N"])]))


# --------------------------------------------------------------------------- the base claims

MSE_W = Sample(2, r"(\mathbf{w}\cdot\mathbf{x}_i - y_i)\mathbf{x}_i^T",
               lambda v, i: resid(v, i) * xi(v, i).T)
RIDGE = replace(MSE_W, rest=r" + 2\lambda\mathbf{w}^T", rest_np=lambda v: 2 * v["lam"] * v["w"].T)
RIDGE_DEN = Sample(2, r"(\mathbf{w}\cdot\mathbf{x}_i - y_i)\mathbf{x}_i",
                   lambda v, i: resid(v, i) * xi(v, i), rest=r" + 2\lambda\mathbf{w}",
                   rest_np=lambda v: 2 * v["lam"] * v["w"])
MSE_B = Sample(2, r"(\mathbf{w}\cdot\mathbf{x}_i + b - y_i)",
               lambda v, i: resid(v, i) + v["b"])
MEAN = Sample(1, r"\mathbf{x}_i^T", lambda v, i: xi(v, i).T)
RELU_LOSS = Sample(2, r"\mathbb{1}[\mathbf{w}\cdot\mathbf{x}_i + b > 0]"
                      r"(\mathbf{w}\cdot\mathbf{x}_i + b - y_i)\mathbf{x}_i^T",
                   lambda v, i: float(dot(v["w"], xi(v, i)) + v["b"] > 0)
                   * (resid(v, i) + v["b"]) * xi(v, i).T)
LOGISTIC = Sample(-1, r"y_i \sigma(-y_i \mathbf{w}\cdot\mathbf{x}_i)\mathbf{x}_i^T",
                  lambda v, i: yi(v, i) * sig(-yi(v, i) * dot(v["w"], xi(v, i))) * xi(v, i).T)
CENTROID = Sample(2, r"(\mathbf{w} - \mathbf{x}_i)^T", lambda v, i: (v["w"] - xi(v, i)).T)
SSE_Z = Sample(1, r"2(z - y_i)", lambda v, i: 2 * (v["z"] - yi(v, i)), mean=False)


def sample_base(name, function, wrt, wrt_key, sample, f, layout="numerator", **kw) -> Base:
    return Base(name, "samples", function, wrt, wrt_key, SAMPLES, SAMPLE_VARS, sample.latex(),
                f, sample.value, layout=layout, sample=sample, **kw)


BASES: list[Base] = [
    # ---- linear and dot products
    Base("w.x by w", "linear", r"\mathbf{w} \cdot \mathbf{x}", r"\mathbf{w}", "w", VEC, VEC_VARS,
         r"\mathbf{x}^T", lambda v: dot(v["w"], v["x"]), lambda v: v["x"].T,
         term=WT, probe=U_WX, dim=D_X, zero=set_zero("x"),
         rewrites=((r"\mathbf{1}^T \operatorname{diag}(\mathbf{x})", None),
                   (r"(I \mathbf{x})^T", None))),
    Base("w.x by x", "linear", r"\mathbf{w} \cdot \mathbf{x}", r"\mathbf{x}", "x", VEC, VEC_VARS,
         r"\mathbf{w}^T", lambda v: dot(v["w"], v["x"]), lambda v: v["w"].T,
         term=XT, probe=U_WX, dim=D_X, zero=set_zero("w")),
    Base("w.x + b by w", "linear", r"\mathbf{w} \cdot \mathbf{x} + b", r"\mathbf{w}", "w", VEC,
         VEC_VARS, r"\mathbf{x}^T", lambda v: dot(v["w"], v["x"]) + v["b"], lambda v: v["x"].T,
         term=WT, probe=U_WX, dim=D_W, zero=set_zero("x")),
    Base("w.x + b by b", "linear", r"\mathbf{w} \cdot \mathbf{x} + b", "b", "b", VEC, VEC_VARS,
         "1", lambda v: dot(v["w"], v["x"]) + v["b"], lambda v: 1.0,
         term=(r"b", lambda v: v["b"]), probe=U_WX, dim=D_X, zero=set_zero("w"),
         rewrites=((r"\mathbf{x}^T \mathbf{0} + 1", None),)),
    Base("a^T x by x", "linear", r"\mathbf{a}^T \mathbf{x}", r"\mathbf{x}", "x", VEC, VEC_VARS,
         r"\mathbf{a}^T", lambda v: dot(v["a"], v["x"]), lambda v: v["a"].T,
         term=XT, probe=U_AX, dim=D_X, zero=set_zero("a")),
    Base("sum(x)", "linear", r"\operatorname{sum}(\mathbf{x})", r"\mathbf{x}", "x", VEC, VEC_VARS,
         r"\mathbf{1}^T", lambda v: float(v["x"].sum()), lambda v: np.ones((1, v["n"])),
         term=XT, probe=U_SUMX, dim=D_X,
         rewrites=((r"\mathbf{1}^T I", None),)),
    Base("w + x by w", "linear", r"\mathbf{w} + \mathbf{x}", r"\mathbf{w}", "w", VEC, VEC_VARS,
         "I", lambda v: v["w"] + v["x"], lambda v: np.eye(v["n"]),
         term=MAT_A, probe=U_WX, dim=D_X, zero=set_zero("w"),
         rewrites=(("I^T", None), (r"\operatorname{diag}(\mathbf{1})", None))),
    Base("3x - 2w by x", "linear", r"3\mathbf{x} - 2\mathbf{w}", r"\mathbf{x}", "x", VEC, VEC_VARS,
         "3I", lambda v: 3 * v["x"] - 2 * v["w"], lambda v: 3 * np.eye(v["n"]),
         term=MAT_A, probe=U_SUMW, dim=D_X,
         rewrites=(("I + 2I", None), (r"3 \operatorname{diag}(\mathbf{1})", None))),
    Base("Ax by x", "linear", r"A \mathbf{x}", r"\mathbf{x}", "x", VEC, VEC_VARS, "A",
         lambda v: v["A"] @ v["x"], lambda v: v["A"],
         term=EYE, probe=U_SUMX, dim=D_AA,
         rewrites=(("A I", None), ("(A^T)^T", None)),
         specials=(("diagonal-only", r"\operatorname{diag}(A\mathbf{1})",
                    lambda v: np.diag((v["A"] @ np.ones((v["n"], 1))).ravel()), diagonal,
                    "diag(A1)"),)),
    # ---- quadratic forms
    Base("x^T A x by x", "quadratic", r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", "x", VEC,
         VEC_VARS, r"\mathbf{x}^T (A + A^T)", lambda v: dot(v["x"], v["A"] @ v["x"]), quad_grad,
         term=XT, probe=U_SUMX, dim=D_X,
         rewrites=((r"\mathbf{x}^T A + \mathbf{x}^T A^T", None),
                   (r"\mathbf{x}^T A^T + \mathbf{x}^T A", None),
                   (r"((A + A^T)\mathbf{x})^T", None),
                   (r"\mathbf{x}^T (A + A^T)^T", None),
                   (r"(A \mathbf{x})^T + (A^T \mathbf{x})^T", None)),
         specials=(("symmetric-only", r"2\mathbf{x}^T A", lambda v: 2 * v["x"].T @ v["A"],
                    symmetric, "2x^T A"),
                   ("symmetric-only", r"2\mathbf{x}^T A^T", lambda v: 2 * v["x"].T @ v["A"].T,
                    symmetric, "2x^T A^T"),
                   ("symmetric-only", r"\mathbf{x}^T (A^T + A^T)",
                    lambda v: 2 * v["x"].T @ v["A"].T, symmetric, "x^T(A^T + A^T)"))),
    Base("x^T A x by x (den)", "quadratic", r"\mathbf{x}^T A \mathbf{x}", r"\mathbf{x}", "x",
         VEC, VEC_VARS, r"(A + A^T) \mathbf{x}", lambda v: dot(v["x"], v["A"] @ v["x"]),
         lambda v: quad_grad(v).T, layout="denominator",
         term=XCOL, probe=U_SUMX, dim=D_X,
         rewrites=((r"A\mathbf{x} + A^T\mathbf{x}", None),),
         specials=(("symmetric-only", r"2A\mathbf{x}", lambda v: 2 * v["A"] @ v["x"], symmetric,
                    "2Ax"),)),
    Base("x^T A x by A", "quadratic", r"\mathbf{x}^T A \mathbf{x}", "A", "A", VEC, VEC_VARS,
         r"\mathbf{x}\mathbf{x}^T", lambda v: dot(v["x"], v["A"] @ v["x"]),
         lambda v: v["x"] @ v["x"].T, term=EYE, probe=U_TRA, dim=D_X,
         rewrites=((r"(\mathbf{x}\mathbf{x}^T)^T", None),)),
    Base("a^T X w by X", "quadratic", r"\mathbf{a}^T X \mathbf{w}", "X", "X", VEC, VEC_VARS,
         r"\mathbf{w}\mathbf{a}^T", lambda v: dot(v["a"], v["X"] @ v["w"]),
         lambda v: v["w"] @ v["a"].T, term=EYE, probe=U_TRX, dim=D_X,
         rewrites=((r"(\mathbf{a}\mathbf{w}^T)^T", None),)),
    Base("x^T x", "quadratic", r"\mathbf{x}^T \mathbf{x}", r"\mathbf{x}", "x", VEC, VEC_VARS,
         r"2\mathbf{x}^T", lambda v: dot(v["x"], v["x"]), lambda v: 2 * v["x"].T,
         term=AT, probe=U_SUMX, dim=D_X,
         rewrites=((r"\mathbf{x}^T + \mathbf{x}^T", None), (r"\mathbf{x}^T 2", None),
                   (r"(2\mathbf{x})^T", None))),
    Base("(a^T x)^2", "quadratic", r"(\mathbf{a}^T \mathbf{x})^2", r"\mathbf{x}", "x", VEC,
         VEC_VARS, r"2(\mathbf{a}^T \mathbf{x})\mathbf{a}^T", lambda v: dot(v["a"], v["x"]) ** 2,
         lambda v: 2 * dot(v["a"], v["x"]) * v["a"].T, term=XT, probe=U_SUMX, dim=D_X,
         rewrites=((r"2\mathbf{x}^T \mathbf{a}\mathbf{a}^T", None),
                   (r"(\mathbf{a} \cdot \mathbf{x}) 2 \mathbf{a}^T", None))),
    Base("x^T A x + a^T x + b", "quadratic", r"\mathbf{x}^T A \mathbf{x} + \mathbf{a}^T \mathbf{x} + b",
         r"\mathbf{x}", "x", VEC, VEC_VARS, r"\mathbf{x}^T (A + A^T) + \mathbf{a}^T",
         lambda v: dot(v["x"], v["A"] @ v["x"]) + dot(v["a"], v["x"]) + v["b"],
         lambda v: quad_grad(v) + v["a"].T, term=XT, probe=U_SUMX, dim=D_X,
         rewrites=((r"\mathbf{a}^T + \mathbf{x}^T A^T + \mathbf{x}^T A", None),),
         specials=(("symmetric-only", r"2\mathbf{x}^T A + \mathbf{a}^T",
                    lambda v: 2 * v["x"].T @ v["A"] + v["a"].T, symmetric, "2x^T A + a^T"),)),
    Base("w^T A x by x", "quadratic", r"\mathbf{w}^T A \mathbf{x}", r"\mathbf{x}", "x", VEC,
         VEC_VARS, r"\mathbf{w}^T A", lambda v: dot(v["w"], v["A"] @ v["x"]),
         lambda v: v["w"].T @ v["A"], term=XT, probe=U_SUMX, dim=D_X,
         rewrites=((r"(A^T \mathbf{w})^T", None),),
         specials=(("symmetric-only", r"\mathbf{w}^T A^T", lambda v: v["w"].T @ v["A"].T,
                    symmetric, "w^T A^T"),)),
    Base("w^T A x by w", "quadratic", r"\mathbf{w}^T A \mathbf{x}", r"\mathbf{w}", "w", VEC,
         VEC_VARS, r"\mathbf{x}^T A^T", lambda v: dot(v["w"], v["A"] @ v["x"]),
         lambda v: v["x"].T @ v["A"].T, term=WT, probe=U_SUMW, dim=D_W,
         rewrites=((r"(A \mathbf{x})^T", None),),
         specials=(("symmetric-only", r"\mathbf{x}^T A", lambda v: v["x"].T @ v["A"], symmetric,
                    "x^T A"),)),
    Base("x (.) Ax", "elementwise", r"\mathbf{x} \odot A \mathbf{x}", r"\mathbf{x}", "x", VEC,
         VEC_VARS, r"\operatorname{diag}(A\mathbf{x}) + \operatorname{diag}(\mathbf{x}) A",
         lambda v: v["x"] * (v["A"] @ v["x"]),
         lambda v: np.diag((v["A"] @ v["x"]).ravel()) + np.diag(v["x"].ravel()) @ v["A"],
         term=EYE, probe=U_SUMX, dim=D_X,
         rewrites=((r"\operatorname{diag}(\mathbf{x}) A + \operatorname{diag}(A\mathbf{x})", None),),
         specials=(("diagonal-only", r"2\operatorname{diag}(A\mathbf{x})",
                    lambda v: 2 * np.diag((v["A"] @ v["x"]).ravel()), diagonal,
                    "2 diag(Ax)"),)),
    # ---- norms
    Base("||x||^2", "norm", r"\|\mathbf{x}\|_2^2", r"\mathbf{x}", "x", VEC, VEC_VARS,
         r"2\mathbf{x}^T", lambda v: dot(v["x"], v["x"]), lambda v: 2 * v["x"].T,
         term=AT, probe=U_SUMX, dim=D_X,
         rewrites=((r"2 \mathbf{x}^T I", None),)),
    Base("||x||", "norm", r"\|\mathbf{x}\|_2", r"\mathbf{x}", "x", VEC, VEC_VARS,
         r"\frac{\mathbf{x}^T}{\|\mathbf{x}\|_2}", lambda v: float(np.linalg.norm(v["x"])),
         lambda v: v["x"].T / np.linalg.norm(v["x"]), term=AT, probe=U_SUMX, dim=D_X,
         rewrites=((r"\frac{1}{\|\mathbf{x}\|_2}\mathbf{x}^T", None),
                   (r"\frac{\mathbf{x}^T}{\sqrt{\mathbf{x}\cdot\mathbf{x}}}", None),
                   (r"\mathbf{x}^T / \|\mathbf{x}\|", None))),
    Base("||x - a||^2", "norm", r"\|\mathbf{x} - \mathbf{a}\|_2^2", r"\mathbf{x}", "x", VEC,
         VEC_VARS, r"2(\mathbf{x} - \mathbf{a})^T", lambda v: dot(v["x"] - v["a"], v["x"] - v["a"]),
         lambda v: 2 * (v["x"] - v["a"]).T, term=AT, probe=U_SUMX, dim=D_X,
         rewrites=((r"2\mathbf{x}^T - 2\mathbf{a}^T", None), (r"-2(\mathbf{a} - \mathbf{x})^T", None))),
    Base("||Ax - b||^2", "norm", r"\|A\mathbf{x} - \mathbf{b}\|_2^2", r"\mathbf{x}", "x", RECT,
         RECT_VARS, r"2(A\mathbf{x} - \mathbf{b})^T A",
         lambda v: dot(v["A"] @ v["x"] - v["b"], v["A"] @ v["x"] - v["b"]),
         lambda v: 2 * (v["A"] @ v["x"] - v["b"]).T @ v["A"], term=XT, probe=U_SUMX, dim=D_X,
         rewrites=((r"2\mathbf{x}^T A^T A - 2\mathbf{b}^T A", None),
                   (r"(2A^T(A\mathbf{x} - \mathbf{b}))^T", None))),
    Base("||Ax - b||^2 (den)", "norm", r"\|A\mathbf{x} - \mathbf{b}\|_2^2", r"\mathbf{x}", "x",
         RECT, RECT_VARS, r"2A^T(A\mathbf{x} - \mathbf{b})",
         lambda v: dot(v["A"] @ v["x"] - v["b"], v["A"] @ v["x"] - v["b"]),
         lambda v: 2 * v["A"].T @ (v["A"] @ v["x"] - v["b"]), layout="denominator",
         term=XCOL, probe=U_SUMX, dim=D_X,
         rewrites=((r"2A^T A\mathbf{x} - 2A^T\mathbf{b}", None),)),
    Base("||X||_F^2", "norm", r"\|X\|_F^2", "X", "X", VEC, VEC_VARS, "2X^T",
         lambda v: float(np.sum(v["X"] ** 2)), lambda v: 2 * v["X"].T,
         term=EYE, probe=U_TRX, dim=D_XX,
         rewrites=(("X^T + X^T", None),),
         specials=(("diagonal-only", r"2 X \odot I", lambda v: 2 * v["X"] * np.eye(v["n"]),
                    diagonal, "2X (.) I"),)),
    Base("||x||_1", "norm", r"\|\mathbf{x}\|_1", r"\mathbf{x}", "x", VEC, VEC_VARS,
         r"\operatorname{sign}(\mathbf{x})^T", lambda v: float(np.abs(v["x"]).sum()),
         lambda v: np.sign(v["x"]).T, term=AT, probe=U_SUMX, dim=D_X,
         rewrites=((r"(\mathbb{1}[\mathbf{x} > 0] - \mathbb{1}[\mathbf{x} < 0])^T",
                    lambda v: ((v["x"] > 0).astype(float) - (v["x"] < 0)).T),),
         specials=(("swapped-branch", r"\operatorname{sign}(-\mathbf{x})^T",
                    lambda v: np.sign(-v["x"]).T, None, "sign(-x)"),
                   ("swapped-branch", r"(\mathbb{1}[\mathbf{x} < 0] - \mathbb{1}[\mathbf{x} > 0])^T",
                    lambda v: ((v["x"] < 0).astype(float) - (v["x"] > 0)).T, None, "1[x<0]-1[x>0]"))),
    Base("||Wx - y||^2 by W", "norm", r"\|W\mathbf{x} - \mathbf{y}\|_2^2", "W", "W", LAYER,
         LAYER_VARS, r"2\mathbf{x}(W\mathbf{x} - \mathbf{y})^T",
         lambda v: dot(v["W"] @ v["x"] - v["y"], v["W"] @ v["x"] - v["y"]),
         lambda v: 2 * v["x"] @ (v["W"] @ v["x"] - v["y"]).T, term=MAT_WT, probe=U_SUMX, dim=D_X,
         rewrites=((r"(2(W\mathbf{x} - \mathbf{y})\mathbf{x}^T)^T", None),
                   (r"2\mathbf{x}\mathbf{x}^T W^T - 2\mathbf{x}\mathbf{y}^T", None))),
    # ---- layers
    Base("Wx + b by x", "layer", r"W\mathbf{x} + \mathbf{b}", r"\mathbf{x}", "x", LAYER,
         LAYER_VARS, "W", lambda v: v["W"] @ v["x"] + v["b"], lambda v: v["W"],
         term=MAT_W, probe=U_SUMX, dim=D_X, rewrites=(("I W", None), ("W I", None))),
    Base("Wx by x (den)", "layer", r"W\mathbf{x}", r"\mathbf{x}", "x", LAYER, LAYER_VARS, "W^T",
         lambda v: v["W"] @ v["x"], lambda v: v["W"].T, layout="denominator",
         term=MAT_WT, probe=U_SUMX, dim=D_X),
    Base("a^T(Wx + b) by W", "layer", r"\mathbf{a}^T(W\mathbf{x} + \mathbf{b})", "W", "W", LAYER,
         LAYER_VARS, r"\mathbf{x}\mathbf{a}^T", lambda v: dot(v["a"], v["W"] @ v["x"] + v["b"]),
         lambda v: v["x"] @ v["a"].T, term=MAT_WT, probe=U_SUMX, dim=D_X,
         rewrites=((r"(\mathbf{a}\mathbf{x}^T)^T", None),)),
    Base("sigma(Wx + b) by x", "layer", r"\sigma(W\mathbf{x} + \mathbf{b})", r"\mathbf{x}", "x",
         LAYER, LAYER_VARS,
         r"\operatorname{diag}(\sigma(W\mathbf{x} + \mathbf{b}) \odot (\mathbf{1} - \sigma(W\mathbf{x} + \mathbf{b}))) W",
         lambda v: sig(v["W"] @ v["x"] + v["b"]),
         lambda v: np.diag((sig(v["W"] @ v["x"] + v["b"]) * (1 - sig(v["W"] @ v["x"] + v["b"]))).ravel()) @ v["W"],
         term=MAT_W, probe=U_SUMX, dim=D_X,
         rewrites=((r"\operatorname{diag}(\sigma(W\mathbf{x} + \mathbf{b}) - \sigma(W\mathbf{x} + \mathbf{b}) \odot \sigma(W\mathbf{x} + \mathbf{b})) W", None),)),
    Base("y^T sigma(Wx) by W", "layer", r"\mathbf{y}^T \sigma(W \mathbf{x})", "W", "W", LAYER,
         LAYER_VARS,
         r"\mathbf{x}(\mathbf{y} \odot \sigma(W\mathbf{x}) \odot (\mathbf{1} - \sigma(W\mathbf{x})))^T",
         lambda v: dot(v["y"], sig(v["W"] @ v["x"])),
         lambda v: v["x"] @ (v["y"] * sig(v["W"] @ v["x"]) * (1 - sig(v["W"] @ v["x"]))).T,
         term=MAT_WT, probe=U_SUMX, dim=D_X),
    Base("relu(Wx + b) by b", "piecewise", r"\max(0, W\mathbf{x} + \mathbf{b})", r"\mathbf{b}", "b",
         LAYER, LAYER_VARS, r"\operatorname{diag}(\mathbb{1}[W\mathbf{x} + \mathbf{b} > 0])",
         lambda v: np.maximum(0, v["W"] @ v["x"] + v["b"]),
         lambda v: np.diag(((v["W"] @ v["x"] + v["b"]) > 0).astype(float).ravel()),
         term=EYE_M, probe=U_SUMX,
         specials=(("swapped-branch", r"\operatorname{diag}(\mathbb{1}[W\mathbf{x} + \mathbf{b} < 0])",
                    lambda v: np.diag(((v["W"] @ v["x"] + v["b"]) < 0).astype(float).ravel()),
                    None, "< 0"),)),
    # ---- sums over samples
    sample_base("mse by w", r"\frac{1}{N}\sum_{i=1}^{N} (y_i - \mathbf{w}\cdot\mathbf{x}_i)^2",
                r"\mathbf{w}", "w", MSE_W, mse_f, term=WT, probe=U_SUMW, dim=D_W),
    sample_base("mse + b by b", r"\frac{1}{N}\sum_{i=1}^{N} (y_i - \mathbf{w}\cdot\mathbf{x}_i - b)^2",
                "b", "b", MSE_B,
                lambda v: float(np.mean([(yi(v, i) - dot(v["w"], xi(v, i)) - v["b"]) ** 2
                                         for i in range(v["N"])])),
                term=(r"b", lambda v: v["b"]), probe=U_SUMW, dim=D_W),
    sample_base("ridge by w", r"\frac{1}{N}\sum_{i=1}^{N} (y_i - \mathbf{w}\cdot\mathbf{x}_i)^2 "
                r"+ \lambda \mathbf{w}\cdot\mathbf{w}", r"\mathbf{w}", "w", RIDGE,
                lambda v: mse_f(v) + v["lam"] * dot(v["w"], v["w"]), term=WT, probe=U_SUMW, dim=D_W,
                rewrites=((r"2\lambda\mathbf{w}^T + \frac{2}{N}\sum_{i=1}^{N} (\mathbf{w}\cdot\mathbf{x}_i - y_i)\mathbf{x}_i^T", None),)),
    sample_base("ridge by w (den)", r"\frac{1}{N}\sum_{i=1}^{N} (y_i - \mathbf{w}\cdot\mathbf{x}_i)^2 "
                r"+ \lambda \mathbf{w}\cdot\mathbf{w}", r"\mathbf{w}", "w", RIDGE_DEN,
                lambda v: mse_f(v) + v["lam"] * dot(v["w"], v["w"]), layout="denominator",
                term=WCOL, probe=U_SUMW, dim=D_W),
    sample_base("mean w.x_i by w", r"\frac{1}{N}\sum_{i=1}^{N} \mathbf{w}\cdot\mathbf{x}_i",
                r"\mathbf{w}", "w", MEAN,
                lambda v: float(np.mean([dot(v["w"], xi(v, i)) for i in range(v["N"])])),
                term=WT, probe=U_SUMW, dim=D_W),
    sample_base("relu loss by w",
                r"\frac{1}{N} \sum_{i=1}^{N} (y_i - \max(0, \mathbf{w} \cdot \mathbf{x}_i + b))^2",
                r"\mathbf{w}", "w", RELU_LOSS,
                lambda v: float(np.mean([(yi(v, i) - max(0.0, dot(v["w"], xi(v, i)) + v["b"])) ** 2
                                         for i in range(v["N"])])),
                term=WT, probe=U_SUMW, dim=D_W,
                specials=(("swapped-branch", RELU_LOSS.latex().replace("> 0", "< 0"),
                           lambda v: 2 / v["N"] * sum(float(dot(v["w"], xi(v, i)) + v["b"] < 0)
                                                      * (resid(v, i) + v["b"]) * xi(v, i).T
                                                      for i in range(v["N"])), None, "< 0"),)),
    sample_base("logistic loss by w",
                r"\frac{1}{N}\sum_{i=1}^{N} \log(1 + \exp(-y_i \mathbf{w}\cdot\mathbf{x}_i))",
                r"\mathbf{w}", "w", LOGISTIC,
                lambda v: float(np.mean([np.log1p(np.exp(-yi(v, i) * dot(v["w"], xi(v, i))))
                                         for i in range(v["N"])])),
                term=WT, probe=U_SUMW, dim=D_W),
    sample_base("centroid by w", r"\frac{1}{N}\sum_{i=1}^{N} \|\mathbf{x}_i - \mathbf{w}\|_2^2",
                r"\mathbf{w}", "w", CENTROID,
                lambda v: float(np.mean([dot(xi(v, i) - v["w"], xi(v, i) - v["w"])
                                         for i in range(v["N"])])),
                term=WT, probe=U_SUMW, dim=D_W,
                rewrites=((r"2\mathbf{w}^T - \frac{2}{N}\sum_{i=1}^{N} \mathbf{x}_i^T", None),)),
    sample_base("sse by z", r"\sum_{i=1}^{N} (y_i - z)^2", "z", "z", SSE_Z,
                lambda v: float(sum((yi(v, i) - v["z"]) ** 2 for i in range(v["N"]))),
                term=ONE, probe=U_Z, zero=set_zero("z")),
    # ---- ReLU, max, indicators, cases
    Base("relu neuron by w", "piecewise", r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", r"\mathbf{w}",
         "w", VEC, VEC_VARS, r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 0] \mathbf{x}^T",
         lambda v: max(0.0, dot(v["w"], v["x"]) + v["b"]), lambda v: relu_b(v) * v["x"].T,
         term=WT, probe=U_SUMX, dim=D_X,
         rewrites=((r"\mathbf{x}^T \mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 0]", None),
                   (r"\mathbb{1}[b + \mathbf{w} \cdot \mathbf{x} > 0] \mathbf{x}^T", None),
                   (r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} > -b] \mathbf{x}^T", None),
                   (r"(1 - \mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b \le 0]) \mathbf{x}^T", None)),
         specials=(("swapped-branch", r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b < 0] \mathbf{x}^T",
                    lambda v: float(dot(v["w"], v["x"]) + v["b"] < 0) * v["x"].T, None, "< 0"),
                   ("swapped-branch", r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b \le 0] \mathbf{x}^T",
                    lambda v: float(dot(v["w"], v["x"]) + v["b"] <= 0) * v["x"].T, None, "<= 0"))),
    Base("relu neuron by b", "piecewise", r"\max(0, \mathbf{w} \cdot \mathbf{x} + b)", "b", "b",
         VEC, VEC_VARS,
         r"\begin{cases} 0 & \mathbf{w} \cdot \mathbf{x} + b \le 0 \\ 1 & \mathbf{w} \cdot \mathbf{x} + b > 0 \end{cases}",
         lambda v: max(0.0, dot(v["w"], v["x"]) + v["b"]), relu_b,
         term=ONE, probe=U_SUMX, dim=D_X,
         rewrites=((r"\mathbb{1}[\mathbf{w} \cdot \mathbf{x} + b > 0]", None),
                   (r"\begin{cases} 1 & \mathbf{w} \cdot \mathbf{x} + b > 0 \\ 0 & \mathbf{w} \cdot \mathbf{x} + b \le 0 \end{cases}", None)),
         specials=(("swapped-branch",
                    r"\begin{cases} 1 & \mathbf{w} \cdot \mathbf{x} + b \le 0 \\ 0 & \mathbf{w} \cdot \mathbf{x} + b > 0 \end{cases}",
                    lambda v: 1 - relu_b(v), None, "values swapped"),
                   ("swapped-branch",
                    r"\begin{cases} 0 & \mathbf{w} \cdot \mathbf{x} + b \ge 0 \\ 1 & \mathbf{w} \cdot \mathbf{x} + b < 0 \end{cases}",
                    lambda v: float(dot(v["w"], v["x"]) + v["b"] < 0), None, "relations swapped"))),
    Base("max(0, x)", "piecewise", r"\max(0, x)", "x", "x", SCALAR, SCALAR_VARS, r"\mathbb{1}[x > 0]",
         lambda v: max(0.0, v["x"]), lambda v: float(v["x"] > 0), term=ONE, probe=U_X,
         rewrites=((r"\begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}", None),
                   (r"1 - \mathbb{1}[x \le 0]", None), (r"\mathbb{1}[0 < x]", None)),
         specials=(("swapped-branch", r"\mathbb{1}[x < 0]", lambda v: float(v["x"] < 0), None, "< 0"),
                   ("swapped-branch", r"\mathbb{1}[-x > 0]", lambda v: float(-v["x"] > 0), None,
                    "-x > 0"))),
    Base("relu(x) vector", "piecewise", r"\operatorname{relu}(\mathbf{x})", r"\mathbf{x}", "x",
         VEC, VEC_VARS, r"\operatorname{diag}(\mathbb{1}[\mathbf{x} > 0])",
         lambda v: np.maximum(0, v["x"]), lambda v: np.diag((v["x"] > 0).astype(float).ravel()),
         term=EYE, probe=U_SUMX, dim=D_X,
         rewrites=((r"\operatorname{diag}(\mathbf{1} - \mathbb{1}[\mathbf{x} \le 0])", None),),
         specials=(("swapped-branch", r"\operatorname{diag}(\mathbb{1}[\mathbf{x} < 0])",
                    lambda v: np.diag((v["x"] < 0).astype(float).ravel()), None, "< 0"),)),
    Base("cases x^2 | -x", "piecewise", r"\begin{cases} x^2 & x > 0 \\ -x & x \le 0 \end{cases}",
         "x", "x", SCALAR, SCALAR_VARS, r"\begin{cases} 2x & x > 0 \\ -1 & x \le 0 \end{cases}",
         lambda v: v["x"] ** 2 if v["x"] > 0 else -v["x"],
         lambda v: 2 * v["x"] if v["x"] > 0 else -1.0, term=XS, probe=U_X,
         rewrites=((r"\begin{cases} -1 & x \le 0 \\ 2x & x > 0 \end{cases}", None),
                   (r"2x\mathbb{1}[x > 0] - \mathbb{1}[x \le 0]", None)),
         specials=(("swapped-branch", r"\begin{cases} -1 & x > 0 \\ 2x & x \le 0 \end{cases}",
                    lambda v: -1.0 if v["x"] > 0 else 2 * v["x"], None, "values swapped"),
                   ("swapped-branch", r"\begin{cases} 2x & x < 0 \\ -1 & x \ge 0 \end{cases}",
                    lambda v: 2 * v["x"] if v["x"] < 0 else -1.0, None, "relations swapped"))),
    Base("1[x>0] x^2", "piecewise", r"\mathbb{1}[x > 0] x^2", "x", "x", SCALAR, SCALAR_VARS,
         r"2x\mathbb{1}[x > 0]", lambda v: float(v["x"] > 0) * v["x"] ** 2,
         lambda v: 2 * v["x"] * float(v["x"] > 0), term=XS, probe=U_X,
         rewrites=((r"2\max(0, x)", None), (r"\mathbb{1}[x > 0] 2 x", None)),
         specials=(("swapped-branch", r"2x\mathbb{1}[x < 0]",
                    lambda v: 2 * v["x"] * float(v["x"] < 0), None, "< 0"),)),
    Base("max(0,x)^2", "piecewise", r"(\max(0, x))^2", "x", "x", SCALAR, SCALAR_VARS,
         r"2\max(0, x)", lambda v: max(0.0, v["x"]) ** 2, lambda v: 2 * max(0.0, v["x"]),
         term=XS, probe=U_X,
         rewrites=((r"2x\mathbb{1}[x > 0]", None),),
         specials=(("swapped-branch", r"-2\max(0, -x)", lambda v: -2 * max(0.0, -v["x"]), None,
                    "max(0, -x)"),)),
    Base("|x|", "piecewise", "|x|", "x", "x", SCALAR, SCALAR_VARS, r"\operatorname{sign}(x)",
         lambda v: abs(v["x"]), lambda v: float(np.sign(v["x"])), term=ONE, probe=U_X,
         rewrites=((r"\mathbb{1}[x > 0] - \mathbb{1}[x < 0]", None),
                   (r"\begin{cases} 1 & x > 0 \\ -1 & x < 0 \end{cases}", None),
                   (r"\frac{x}{|x|}", None)),
         specials=(("swapped-branch", r"\mathbb{1}[x < 0] - \mathbb{1}[x > 0]",
                    lambda v: float(v["x"] < 0) - float(v["x"] > 0), None, "swapped"),)),
    Base("|w.x| by w", "piecewise", r"|\mathbf{w} \cdot \mathbf{x}|", r"\mathbf{w}", "w", VEC,
         VEC_VARS, r"\operatorname{sign}(\mathbf{w} \cdot \mathbf{x}) \mathbf{x}^T",
         lambda v: abs(dot(v["w"], v["x"])), lambda v: np.sign(dot(v["w"], v["x"])) * v["x"].T,
         term=WT, probe=U_SUMX, dim=D_X,
         specials=(("swapped-branch",
                    r"(\mathbb{1}[\mathbf{w} \cdot \mathbf{x} < 0] - \mathbb{1}[\mathbf{w} \cdot \mathbf{x} > 0]) \mathbf{x}^T",
                    lambda v: -np.sign(dot(v["w"], v["x"])) * v["x"].T, None, "swapped"),)),
    Base("hinge by w", "piecewise", r"\max(0, 1 - y \mathbf{w} \cdot \mathbf{x})", r"\mathbf{w}",
         "w", VEC, VEC_VARS, r"-y \mathbb{1}[1 - y \mathbf{w} \cdot \mathbf{x} > 0] \mathbf{x}^T",
         lambda v: max(0.0, 1 - v["y"] * dot(v["w"], v["x"])),
         lambda v: -v["y"] * float(1 - v["y"] * dot(v["w"], v["x"]) > 0) * v["x"].T,
         term=WT, probe=U_SUMX, dim=D_X,
         rewrites=((r"-y \mathbb{1}[y \mathbf{w} \cdot \mathbf{x} < 1] \mathbf{x}^T", None),),
         specials=(("swapped-branch", r"-y \mathbb{1}[1 - y \mathbf{w} \cdot \mathbf{x} < 0] \mathbf{x}^T",
                    lambda v: -v["y"] * float(1 - v["y"] * dot(v["w"], v["x"]) < 0) * v["x"].T,
                    None, "< 0"),)),
    # ---- sigmoid and tanh
    Base("sigma(w.x) by w", "sigmoid", r"\sigma(\mathbf{w} \cdot \mathbf{x})", r"\mathbf{w}", "w",
         VEC, VEC_VARS,
         r"\sigma(\mathbf{w} \cdot \mathbf{x}) (1 - \sigma(\mathbf{w} \cdot \mathbf{x})) \mathbf{x}^T",
         lambda v: sig(dot(v["w"], v["x"])),
         lambda v: sig(dot(v["w"], v["x"])) * (1 - sig(dot(v["w"], v["x"]))) * v["x"].T,
         term=WT, probe=U_WX, dim=D_X, zero=set_zero("x"),
         rewrites=((r"(1 - \sigma(\mathbf{w} \cdot \mathbf{x})) \sigma(\mathbf{w} \cdot \mathbf{x}) \mathbf{x}^T", None),
                   (r"\sigma(\mathbf{w} \cdot \mathbf{x}) \sigma(-\mathbf{w} \cdot \mathbf{x}) \mathbf{x}^T", None),
                   (r"(\sigma(\mathbf{w} \cdot \mathbf{x}) - \sigma(\mathbf{w} \cdot \mathbf{x})^2) \mathbf{x}^T", None))),
    Base("sigma(x)", "sigmoid", r"\sigma(x)", "x", "x", SCALAR, SCALAR_VARS,
         r"\sigma(x)(1 - \sigma(x))", lambda v: sig(v["x"]),
         lambda v: sig(v["x"]) * (1 - sig(v["x"])), term=ONE, probe=U_X, zero=set_zero("x"),
         rewrites=((r"\sigma(x) - \sigma(x)^2", None), (r"\frac{e^{-x}}{(1 + e^{-x})^2}", None))),
    Base("sigma(w.x) by w (den)", "sigmoid", r"\sigma(\mathbf{w} \cdot \mathbf{x})", r"\mathbf{w}",
         "w", VEC, VEC_VARS,
         r"\sigma(\mathbf{w} \cdot \mathbf{x}) (1 - \sigma(\mathbf{w} \cdot \mathbf{x})) \mathbf{x}",
         lambda v: sig(dot(v["w"], v["x"])),
         lambda v: sig(dot(v["w"], v["x"])) * (1 - sig(dot(v["w"], v["x"]))) * v["x"],
         layout="denominator", term=WCOL, probe=U_WX, dim=D_X, zero=set_zero("x")),
    Base("tanh(w.x) by w", "sigmoid", r"\tanh(\mathbf{w} \cdot \mathbf{x})", r"\mathbf{w}", "w",
         VEC, VEC_VARS, r"(1 - \tanh(\mathbf{w} \cdot \mathbf{x})^2) \mathbf{x}^T",
         lambda v: np.tanh(dot(v["w"], v["x"])),
         lambda v: (1 - np.tanh(dot(v["w"], v["x"])) ** 2) * v["x"].T,
         term=WT, probe=U_WX, dim=D_X, zero=set_zero("x"),
         rewrites=((r"\mathbf{x}^T - \tanh(\mathbf{w} \cdot \mathbf{x})^2 \mathbf{x}^T", None),)),
    Base("tanh(x)", "sigmoid", r"\tanh(x)", "x", "x", SCALAR, SCALAR_VARS, r"1 - \tanh(x)^2",
         lambda v: np.tanh(v["x"]), lambda v: 1 - np.tanh(v["x"]) ** 2, term=ONE, probe=U_X,
         zero=set_zero("x"),
         rewrites=((r"(1 - \tanh(x))(1 + \tanh(x))", None),
                   (r"4\sigma(2x)(1 - \sigma(2x))", None))),
    Base("tanh(x) vector", "sigmoid", r"\tanh(\mathbf{x})", r"\mathbf{x}", "x", VEC, VEC_VARS,
         r"\operatorname{diag}(\mathbf{1} - \tanh(\mathbf{x}) \odot \tanh(\mathbf{x}))",
         lambda v: np.tanh(v["x"]), lambda v: np.diag((1 - np.tanh(v["x"]) ** 2).ravel()),
         term=EYE, probe=U_SUMX, dim=D_X,
         rewrites=((r"I - \operatorname{diag}(\tanh(\mathbf{x}) \odot \tanh(\mathbf{x}))", None),)),
    # ---- exp and log, with domains
    Base("log x", "exp-log", r"\log x", "x", "x", SCALAR, SCALAR_VARS, r"\frac{1}{x}",
         lambda v: np.log(v["x"]), lambda v: 1 / v["x"], domain={"x": "pos"},
         term=ONE, probe=U_X,
         rewrites=(("x^{-1}", None), (r"\frac{1}{|x|}", None))),  # |x| = x on the domain x > 0
    Base("sqrt x", "exp-log", r"\sqrt{x}", "x", "x", SCALAR, SCALAR_VARS, r"\frac{1}{2\sqrt{x}}",
         lambda v: np.sqrt(v["x"]), lambda v: 1 / (2 * np.sqrt(v["x"])), domain={"x": "pos"},
         term=ONE, probe=U_X,
         rewrites=((r"\frac{\sqrt{x}}{2x}", None), (r"\frac{1}{2} \frac{1}{\sqrt{x}}", None))),
    Base("log(x - 5)", "exp-log", r"\log(x - 5)", "x", "x", SCALAR, SCALAR_VARS, r"\frac{1}{x - 5}",
         lambda v: np.log(v["x"] - 5), lambda v: 1 / (v["x"] - 5), domain={"x": "gt5"},
         term=ONE, probe=U_X,
         rewrites=((r"(x - 5)^{-1}", None), (r"\frac{1}{|x - 5|}", None),
                   (r"\frac{1}{\sqrt{(x - 5)^2}}", None))),  # equal on the domain x > 5
    Base("x log x", "exp-log", r"x \log x", "x", "x", SCALAR, SCALAR_VARS, r"\log x + 1",
         lambda v: v["x"] * np.log(v["x"]), lambda v: np.log(v["x"]) + 1, domain={"x": "pos"},
         term=ONE, probe=U_X, rewrites=((r"1 + \ln x", None), (r"\log(x) + \frac{x}{x}", None))),
    Base("exp(a^T x)", "exp-log", r"\exp(\mathbf{a}^T \mathbf{x})", r"\mathbf{x}", "x", VEC,
         VEC_VARS, r"\exp(\mathbf{a}^T \mathbf{x}) \mathbf{a}^T", lambda v: np.exp(dot(v["a"], v["x"])),
         lambda v: np.exp(dot(v["a"], v["x"])) * v["a"].T, term=XT, probe=U_AX, dim=D_X, zero=set_zero("a"),
         rewrites=((r"\mathbf{a}^T e^{\mathbf{a} \cdot \mathbf{x}}", None),)),
    Base("sum(log x)", "exp-log", r"\operatorname{sum}(\log(\mathbf{x}))", r"\mathbf{x}", "x", VEC,
         VEC_VARS, r"(\mathbf{1} \oslash \mathbf{x})^T", lambda v: float(np.log(v["x"]).sum()),
         lambda v: (1 / v["x"]).T, domain={"x": "pos"}, term=XT, probe=U_SUMX, dim=D_X,
         rewrites=((r"\left(\frac{1}{\mathbf{x}}\right)^T", None),)),
    Base("log(x^T A x)", "exp-log", r"\log(\mathbf{x}^T A \mathbf{x})", r"\mathbf{x}", "x", VEC,
         VEC_VARS, r"\frac{\mathbf{x}^T (A + A^T)}{\mathbf{x}^T A \mathbf{x}}",
         lambda v: np.log(dot(v["x"], v["A"] @ v["x"])),
         lambda v: quad_grad(v) / dot(v["x"], v["A"] @ v["x"]), domain={"A": "pdsym"},
         term=XT, probe=U_SUMX, dim=D_X,
         rewrites=((r"\frac{1}{\mathbf{x}^T A \mathbf{x}} \mathbf{x}^T (A + A^T)", None),),
         specials=(("symmetric-only", r"\frac{2\mathbf{x}^T A}{\mathbf{x}^T A \mathbf{x}}",
                    lambda v: 2 * v["x"].T @ v["A"] / dot(v["x"], v["A"] @ v["x"]), symmetric,
                    "2x^T A / x^T A x"),)),
    Base("log(1 + exp(-y w.x))", "exp-log", r"\log(1 + \exp(-y \mathbf{w} \cdot \mathbf{x}))",
         r"\mathbf{w}", "w", VEC, VEC_VARS, r"-y \sigma(-y \mathbf{w} \cdot \mathbf{x}) \mathbf{x}^T",
         lambda v: np.log1p(np.exp(-v["y"] * dot(v["w"], v["x"]))),
         lambda v: -v["y"] * sig(-v["y"] * dot(v["w"], v["x"])) * v["x"].T,
         term=WT, probe=U_WX, dim=D_X, zero=set_zero("x"),
         rewrites=((r"-y (1 - \sigma(y \mathbf{w} \cdot \mathbf{x})) \mathbf{x}^T", None),)),
    # ---- trace, determinant, inverse
    Base("tr(X)", "trace-det", r"\operatorname{tr}(X)", "X", "X", VEC, VEC_VARS, "I",
         lambda v: float(np.trace(v["X"])), lambda v: np.eye(v["n"]), term=MAT_X, probe=U_TRX,
         dim=D_XX, rewrites=(("I^T I", None),)),
    Base("tr(AX)", "trace-det", r"\operatorname{tr}(A X)", "X", "X", VEC, VEC_VARS, "A",
         lambda v: float(np.trace(v["A"] @ v["X"])), lambda v: v["A"], term=EYE, probe=U_TRX,
         dim=D_XX, rewrites=(("(A^T)^T", None), ("I A", None)),
         specials=(("diagonal-only", r"A \odot I", lambda v: v["A"] * np.eye(v["n"]), diagonal,
                    "A (.) I"),)),
    Base("tr(X^T A)", "trace-det", r"\operatorname{tr}(X^T A)", "X", "X", VEC, VEC_VARS, "A^T",
         lambda v: float(np.trace(v["X"].T @ v["A"])), lambda v: v["A"].T, term=EYE, probe=U_TRX,
         dim=D_XX),
    Base("tr(AXB)", "trace-det", r"\operatorname{tr}(A X B)", "X", "X", VEC, VEC_VARS, "B A",
         lambda v: float(np.trace(v["A"] @ v["X"] @ v["B"])), lambda v: v["B"] @ v["A"],
         term=EYE, probe=U_TRX, dim=D_XX, rewrites=(("(A^T B^T)^T", None),),
         specials=(("diagonal-only", "A B", lambda v: v["A"] @ v["B"], diagonal, "AB"),
                   ("transpose", "B^T A", lambda v: v["B"].T @ v["A"], None, "B^T A"),
                   ("transpose", "B A^T", lambda v: v["B"] @ v["A"].T, None, "B A^T"))),
    Base("tr(X^T X)", "trace-det", r"\operatorname{tr}(X^T X)", "X", "X", VEC, VEC_VARS, "2X^T",
         lambda v: float(np.trace(v["X"].T @ v["X"])), lambda v: 2 * v["X"].T,
         term=EYE, probe=U_TRX, dim=D_XX,
         rewrites=(("X^T + X^T", None), ("2 I X^T", None))),
    Base("det X", "trace-det", r"\det X", "X", "X", VEC, VEC_VARS, r"\det(X) X^{-1}",
         lambda v: float(np.linalg.det(v["X"])), lambda v: np.linalg.det(v["X"]) * inv(v["X"]),
         term=EYE, probe=U_TRX, dim=D_XX,
         rewrites=((r"X^{-1} \det(X)", None), (r"(\det(X) X^{-T})^T", None)),
         specials=(("symmetric-only", r"\det(X) X^{-T}",
                    lambda v: np.linalg.det(v["X"]) * inv(v["X"]).T, symmetric, "det X^{-T}"),)),
    Base("det X (den)", "trace-det", r"\det X", "X", "X", VEC, VEC_VARS, r"\det(X) X^{-T}",
         lambda v: float(np.linalg.det(v["X"])), lambda v: np.linalg.det(v["X"]) * inv(v["X"]).T,
         layout="denominator", term=EYE, probe=U_TRX, dim=D_XX,
         rewrites=((r"\det(X) (X^{-1})^T", None),)),
    Base("log det X", "trace-det", r"\log\det X", "X", "X", VEC, VEC_VARS, "X^{-1}",
         lambda v: float(np.log(np.linalg.det(v["X"]))), lambda v: inv(v["X"]),
         domain={"X": "posdet"}, term=EYE, probe=U_TRX, dim=D_XX,
         rewrites=(("(X^{-T})^T", None),),
         specials=(("symmetric-only", "X^{-T}", lambda v: inv(v["X"]).T, symmetric, "X^{-T}"),)),
    Base("log det X (den)", "trace-det", r"\log\det X", "X", "X", VEC, VEC_VARS, "X^{-T}",
         lambda v: float(np.log(np.linalg.det(v["X"]))), lambda v: inv(v["X"]).T,
         layout="denominator", domain={"X": "posdet"}, term=EYE, probe=U_TRX, dim=D_XX,
         rewrites=(("(X^T)^{-1}", None),),
         specials=(("symmetric-only", "X^{-1}", lambda v: inv(v["X"]), symmetric, "X^{-1}"),)),
    Base("tr(A X^-1)", "trace-det", r"\operatorname{tr}(A X^{-1})", "X", "X", VEC, VEC_VARS,
         "-X^{-1} A X^{-1}", lambda v: float(np.trace(v["A"] @ inv(v["X"]))),
         lambda v: -inv(v["X"]) @ v["A"] @ inv(v["X"]), term=EYE, probe=U_TRX, dim=D_XX,
         rewrites=(("-(X^{-T} A^T X^{-T})^T", None),),
         specials=(("symmetric-only", "-X^{-T} A X^{-T}",
                    lambda v: -inv(v["X"]).T @ v["A"] @ inv(v["X"]).T,
                    lambda v: {**v, "X": (v["X"] + v["X"].T) / 2}, "X^{-T} A X^{-T}"),)),
    Base("tr(X^-1)", "trace-det", r"\operatorname{tr}(X^{-1})", "X", "X", VEC, VEC_VARS,
         "-X^{-1} X^{-1}", lambda v: float(np.trace(inv(v["X"]))),
         lambda v: -inv(v["X"]) @ inv(v["X"]), term=EYE, probe=U_TRX, dim=D_XX,
         rewrites=(("-(X^2)^{-1}", None),)),  # -X^{-2} is not read: only ^{-1} of a matrix
    Base("a^T X^-1 w by X", "trace-det", r"\mathbf{a}^T X^{-1} \mathbf{w}", "X", "X", VEC,
         VEC_VARS, r"-X^{-1} \mathbf{w} \mathbf{a}^T X^{-1}",
         lambda v: dot(v["a"], inv(v["X"]) @ v["w"]),
         lambda v: -inv(v["X"]) @ v["w"] @ v["a"].T @ inv(v["X"]), term=EYE, probe=U_TRX, dim=D_XX,
         rewrites=((r"-(X^{-T} \mathbf{a} \mathbf{w}^T X^{-T})^T", None),),
         specials=(("symmetric-only", r"-X^{-T} \mathbf{w} \mathbf{a}^T X^{-T}",
                    lambda v: -inv(v["X"]).T @ v["w"] @ v["a"].T @ inv(v["X"]).T,
                    lambda v: {**v, "X": (v["X"] + v["X"].T) / 2}, "X^{-T} w a^T X^{-T}"),)),
    Base("tr(X A X^T)", "trace-det", r"\operatorname{tr}(X A X^T)", "X", "X", VEC, VEC_VARS,
         "(A + A^T) X^T", lambda v: float(np.trace(v["X"] @ v["A"] @ v["X"].T)),
         lambda v: (v["A"] + v["A"].T) @ v["X"].T, term=EYE, probe=U_TRX, dim=D_XX,
         rewrites=(("A X^T + A^T X^T", None), ("(X (A + A^T))^T", None)),
         specials=(("symmetric-only", "2 A X^T", lambda v: 2 * v["A"] @ v["X"].T,
                    lambda v: {**v, "A": (v["A"] + v["A"].T) / 2}, "2AX^T"),)),
    Base("tr(AX) (den)", "trace-det", r"\operatorname{tr}(A X)", "X", "X", VEC, VEC_VARS, "A^T",
         lambda v: float(np.trace(v["A"] @ v["X"])), lambda v: v["A"].T, layout="denominator",
         term=EYE, probe=U_TRX, dim=D_XX),
    # ---- element-wise
    Base("w (.) x by w", "elementwise", r"\mathbf{w} \odot \mathbf{x}", r"\mathbf{w}", "w", VEC,
         VEC_VARS, r"\operatorname{diag}(\mathbf{x})", lambda v: v["w"] * v["x"],
         lambda v: np.diag(v["x"].ravel()), term=EYE, probe=U_SUMX, dim=D_X,
         rewrites=((r"\operatorname{diag}(\mathbf{x} \odot \mathbf{1})", None),
                   (r"I \operatorname{diag}(\mathbf{x})", None))),
    Base("w (/) x by x", "elementwise", r"\mathbf{w} \oslash \mathbf{x}", r"\mathbf{x}", "x", VEC,
         VEC_VARS, r"-\operatorname{diag}(\mathbf{w} \oslash (\mathbf{x} \odot \mathbf{x}))",
         lambda v: v["w"] / v["x"], lambda v: -np.diag((v["w"] / v["x"] ** 2).ravel()),
         term=EYE, probe=U_SUMX, dim=D_X,
         rewrites=((r"-\operatorname{diag}(\mathbf{w} \oslash \mathbf{x} \oslash \mathbf{x})", None),
                   (r"\operatorname{diag}(-\mathbf{w} \oslash (\mathbf{x} \odot \mathbf{x}))", None))),
    Base("sum(w (.) x (.) x)", "elementwise", r"\operatorname{sum}(\mathbf{w} \odot \mathbf{x} \odot \mathbf{x})",
         r"\mathbf{x}", "x", VEC, VEC_VARS, r"2(\mathbf{w} \odot \mathbf{x})^T",
         lambda v: float(np.sum(v["w"] * v["x"] ** 2)), lambda v: 2 * (v["w"] * v["x"]).T,
         term=AT, probe=U_SUMX, dim=D_X,
         rewrites=((r"2(\mathbf{x} \odot \mathbf{w})^T", None),
                   (r"2\mathbf{x}^T \operatorname{diag}(\mathbf{w})", None))),
    Base("sin(x) (.) w by x", "elementwise", r"\sin(\mathbf{x}) \odot \mathbf{w}", r"\mathbf{x}",
         "x", VEC, VEC_VARS, r"\operatorname{diag}(\mathbf{w} \odot \cos(\mathbf{x}))",
         lambda v: np.sin(v["x"]) * v["w"], lambda v: np.diag((v["w"] * np.cos(v["x"])).ravel()),
         term=EYE, probe=U_SUMX, dim=D_X,
         rewrites=((r"\operatorname{diag}(\mathbf{w}) \operatorname{diag}(\cos(\mathbf{x}))", None),)),
    Base("exp(x) vector", "elementwise", r"\exp(\mathbf{x})", r"\mathbf{x}", "x", VEC, VEC_VARS,
         r"\operatorname{diag}(\exp(\mathbf{x}))", lambda v: np.exp(v["x"]),
         lambda v: np.diag(np.exp(v["x"]).ravel()), term=EYE, probe=U_SUMX, dim=D_X),
    # ---- softmax and log-sum-exp
    Base("logsumexp", "softmax", r"\operatorname{logsumexp}(\mathbf{x})", r"\mathbf{x}", "x", VEC,
         VEC_VARS, r"\operatorname{softmax}(\mathbf{x})^T",
         lambda v: float(np.log(np.exp(v["x"]).sum())), lambda v: softmax(v["x"]).T,
         term=AT, probe=U_SUMX, dim=D_X,
         rewrites=((r"\frac{\exp(\mathbf{x})^T}{\mathbf{1}^T \exp(\mathbf{x})}", None),)),
    Base("softmax", "softmax", r"\operatorname{softmax}(\mathbf{x})", r"\mathbf{x}", "x", VEC,
         VEC_VARS,
         r"\operatorname{diag}(\operatorname{softmax}(\mathbf{x})) - \operatorname{softmax}(\mathbf{x}) \operatorname{softmax}(\mathbf{x})^T",
         lambda v: softmax(v["x"]),
         lambda v: np.diag(softmax(v["x"]).ravel()) - softmax(v["x"]) @ softmax(v["x"]).T,
         term=EYE, probe=U_SUMX, dim=D_X),
    Base("log(1^T exp x)", "softmax", r"\log(\mathbf{1}^T \exp(\mathbf{x}))", r"\mathbf{x}", "x",
         VEC, VEC_VARS, r"\frac{\exp(\mathbf{x})^T}{\mathbf{1}^T \exp(\mathbf{x})}",
         lambda v: float(np.log(np.exp(v["x"]).sum())), lambda v: softmax(v["x"]).T,
         term=AT, probe=U_SUMX, dim=D_X,
         rewrites=((r"\operatorname{softmax}(\mathbf{x})^T", None),)),
    Base("a^T softmax(x)", "softmax", r"\mathbf{a}^T \operatorname{softmax}(\mathbf{x})",
         r"\mathbf{x}", "x", VEC, VEC_VARS,
         r"(\mathbf{a} \odot \operatorname{softmax}(\mathbf{x}))^T - (\mathbf{a}^T \operatorname{softmax}(\mathbf{x})) \operatorname{softmax}(\mathbf{x})^T",
         lambda v: dot(v["a"], softmax(v["x"])),
         lambda v: (v["a"] * softmax(v["x"])).T - dot(v["a"], softmax(v["x"])) * softmax(v["x"]).T,
         term=AT, probe=U_SUMX, dim=D_X),
    # ---- large and tiny terms
    Base("e^{x - 100}", "large-tiny", "e^{x - 100}", "x", "x", SCALAR, SCALAR_VARS, "e^{x - 100}",
         lambda v: np.exp(v["x"] - 100), lambda v: np.exp(v["x"] - 100), term=XS, probe=U_X,
         rewrites=((r"e^{-100} e^{x}", None), (r"\exp(x - 100)", None))),
    Base("10^{-40} x^{40}", "large-tiny", r"10^{-40} x^{40}", "x", "x", SCALAR, SCALAR_VARS,
         r"4 \cdot 10^{-39} x^{39}", lambda v: 1e-40 * v["x"] ** 40, lambda v: 4e-39 * v["x"] ** 39,
         term=XS, probe=U_X, rewrites=((r"40 \cdot 10^{-40} x^{39}", None),)),
    Base("10^{8} x^2", "large-tiny", r"10^{8} x^2", "x", "x", SCALAR, SCALAR_VARS,
         r"2 \cdot 10^{8} x", lambda v: 1e8 * v["x"] ** 2, lambda v: 2e8 * v["x"], term=ONE,
         probe=U_X, zero=set_zero("x"), rewrites=((r"200000000 x", None),)),
    Base("sum(exp(x - 100))", "large-tiny", r"\operatorname{sum}(\exp(\mathbf{x} - 100))",
         r"\mathbf{x}", "x", VEC, VEC_VARS, r"\exp(\mathbf{x} - 100)^T",
         lambda v: float(np.exp(v["x"] - 100).sum()), lambda v: np.exp(v["x"] - 100).T,
         term=(r"e^{-100}\mathbf{x}^T", lambda v: np.exp(-100) * v["x"].T), probe=U_SUMX, dim=D_X),
    Base("10^{-6} w.x by w", "large-tiny", r"10^{-6} \mathbf{w} \cdot \mathbf{x}", r"\mathbf{w}",
         "w", VEC, VEC_VARS, r"10^{-6} \mathbf{x}^T", lambda v: 1e-6 * dot(v["w"], v["x"]),
         lambda v: 1e-6 * v["x"].T, term=(r"10^{-6}\mathbf{w}^T", lambda v: 1e-6 * v["w"].T),
         probe=U_WX, dim=D_X, zero=set_zero("x")),
    Base("10^{6} w.x by w", "large-tiny", r"10^{6} \mathbf{w} \cdot \mathbf{x}", r"\mathbf{w}",
         "w", VEC, VEC_VARS, r"10^{6} \mathbf{x}^T", lambda v: 1e6 * dot(v["w"], v["x"]),
         lambda v: 1e6 * v["x"].T, term=(r"10^{6}\mathbf{w}^T", lambda v: 1e6 * v["w"].T),
         probe=U_WX, dim=D_X, zero=set_zero("x")),
    # ---- declared literal sizes
    Base("sum(x), x in R^10", "declared-size", r"\operatorname{sum}(\mathbf{x})", r"\mathbf{x}",
         "x", TEN, TEN_VARS, r"\mathbf{1}^T", lambda v: float(v["x"].sum()),
         lambda v: np.ones((1, 10)), term=XT, probe=U_SUMX),
    Base("sum(x + z) by z, x in R^10", "declared-size", r"\operatorname{sum}(\mathbf{x} + z)", "z",
         "z", TEN, TEN_VARS, "10", lambda v: float((v["x"] + v["z"]).sum()), lambda v: 10.0,
         term=ONE, probe=U_Z, zero=set_zero("z"),
         rewrites=((r"\mathbf{1}^T \mathbf{1}", None), (r"2 \cdot 5", None))),
    Base("sum(x + z) by z, x in R^5", "declared-size", r"\operatorname{sum}(\mathbf{x} + z)", "z",
         "z", FIVE, FIVE_VARS, "5", lambda v: float((v["x"] + v["z"]).sum()), lambda v: 5.0,
         term=ONE, probe=U_Z, zero=set_zero("z")),
    Base("a.x by x, R^10", "declared-size", r"\mathbf{a} \cdot \mathbf{x}", r"\mathbf{x}", "x",
         TEN, TEN_VARS, r"\mathbf{a}^T", lambda v: dot(v["a"], v["x"]), lambda v: v["a"].T,
         term=XT, probe=U_AX),
    Base("||x + z1||^2 by z, R^10", "declared-size", r"\|\mathbf{x} + z\mathbf{1}\|_2^2", "z", "z",
         TEN, TEN_VARS, r"2\operatorname{sum}(\mathbf{x}) + 20 z",
         lambda v: float(np.sum((v["x"] + v["z"]) ** 2)), lambda v: 2 * float(v["x"].sum()) + 20 * v["z"],
         term=(r"z", lambda v: v["z"]), probe=U_Z,
         rewrites=((r"2\mathbf{1}^T(\mathbf{x} + z\mathbf{1})", None),)),
]


# --------------------------------------------------------------------------- sampling points

def draw(base: Base, rng: np.random.Generator, scale: float = 1.0, sizes=(2, 3, 4, 5),
         positive: bool = False) -> dict:
    """A random valid point of ``base``'s variables (my own draw, not the judge's)."""
    dims = {"n": int(rng.choice(sizes)), "m": int(rng.choice(sizes)), "N": int(rng.integers(2, 7))}
    v: dict = {"n": dims["n"], "m": dims["m"], "N": dims["N"]}
    for name, shape in base.vars.items():
        kind = base.domain.get(name)
        real = [d if isinstance(d, int) else dims[d] for d in shape]
        if shape and shape[0] == "N":
            real = real + ([1] if len(shape) == 2 else [])
        if isinstance(shape[0] if shape else None, int):
            v["n"] = real[0]
        raw = rng.normal(size=real) if real else float(rng.normal())
        if positive:
            raw = np.abs(raw) + 0.1
        if len(real) == 1 and not (shape and shape[0] == "N"):
            raw = np.asarray(raw).reshape(real[0], 1)
        value = scale * raw
        if kind == "pos":
            value = np.abs(value) + 1e-3 * scale
        elif kind == "gt5":
            value = 5 + np.abs(value) + 1e-3
        elif kind == "posdet":
            n = real[0]
            value = raw + 2 * n * np.eye(n)
            if np.linalg.det(value) <= 0:
                value = value @ value.T + np.eye(n)
            value = scale * value
        elif kind == "pdsym":
            n = real[0]
            g = rng.normal(size=(n, n))
            k = rng.normal(size=(n, n))
            value = scale * (g @ g.T + n * np.eye(n) + 0.5 * (k - k.T))
        v[name] = value
    return v


def finite(x) -> bool:
    return bool(np.all(np.isfinite(np.asarray(x, dtype=float))))


def jacobian(base: Base, v: dict, h: float) -> np.ndarray:
    """Numerator-layout Jacobian of ``base.f`` by central differences (numpy only)."""
    key = base.wrt_key
    x0 = np.asarray(v[key], dtype=float)
    cols = []
    for j in range(x0.size):
        step = np.zeros(x0.size)
        step[j] = h
        step = step.reshape(x0.shape)
        plus = np.asarray(base.f({**v, key: (x0 + step) if x0.ndim else float(x0 + step)}), float)
        minus = np.asarray(base.f({**v, key: (x0 - step) if x0.ndim else float(x0 - step)}), float)
        cols.append((plus - minus) / (2 * h))
    if x0.ndim == 0:
        return np.asarray(cols[0])
    if x0.ndim == 2 and x0.shape[1] != 1:  # scalar by matrix: gradient, transposed
        return np.array([float(c) for c in cols]).reshape(x0.shape).T
    return np.stack([np.asarray(c).reshape(-1) for c in cols], axis=1)


def in_layout(base: Base, jac: np.ndarray) -> np.ndarray:
    return jac.T if base.layout == "denominator" and jac.ndim == 2 else jac


def verify_base(base: Base, points: int = 4, seed: int = 0) -> None:
    """Assert the base claim's model equals central differences of the function's model."""
    rng = np.random.default_rng(seed)
    ok = 0
    for attempt in range(200):
        v = draw(base, rng, scale=1.0)
        if not finite(base.f(v)):
            continue
        fd = in_layout(base, jacobian(base, v, 1e-6))
        coarse = in_layout(base, jacobian(base, v, 1e-4))
        if not np.allclose(fd, coarse, rtol=1e-4, atol=1e-6):
            continue  # a kink between the two steps
        d = np.asarray(base.d(v), dtype=float)
        d = np.broadcast_to(d, fd.shape) if d.size == 1 else d.reshape(np.shape(fd)) \
            if d.size == np.size(fd) else d
        assert d.shape == np.shape(fd), (base.name, d.shape, np.shape(fd))
        scale = 1 + np.abs(fd)
        assert np.all(np.abs(d - fd) <= 1e-5 * scale), (base.name, d, fd)
        ok += 1
        if ok >= points:
            return
    raise AssertionError(f"{base.name}: no valid point to verify at")


SEARCH_SCALES = (1.0, 0.003, 0.01, 0.1, 0.3, 3.0, 10.0, 30.0, 100.0, 1000.0, 3000.0)


def points_for(base: Base, rng: np.random.Generator, count: int = 300):
    """Valid points of every scale and size 1..6, for finding where a claim is wrong."""
    for k in range(count):
        scale = SEARCH_SCALES[k % len(SEARCH_SCALES)]
        v = draw(base, rng, scale=scale, sizes=(1, 2, 3, 4, 5, 6), positive=k % 4 == 3)
        yield v
        if base.zero is not None:
            yield base.zero(v)


def differs(a, b) -> bool:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.size == 1 and b.size != 1:
        a = np.broadcast_to(a.reshape(()), b.shape)
    if a.shape != b.shape:
        return True
    return bool(np.any(np.abs(a - b) > 1e-12 * (np.abs(a) + np.abs(b)) + 1e-300))


def witness(claim: Claim, seed: int = 0) -> dict | None:
    """A valid point where the claim's value differs from the right value, or None."""
    base = claim.base
    rng = np.random.default_rng(seed)
    with np.errstate(all="ignore"):
        for v in points_for(base, rng):
            try:
                fv = base.f(v)
                right = base.d(v)
                got = claim.value(v)
            except (np.linalg.LinAlgError, ZeroDivisionError, ValueError):
                continue
            if not (finite(fv) and finite(right) and finite(got)):
                continue
            if differs(got, right):
                return v
    return None


def verify_wrong(claim: Claim) -> None:
    assert witness(claim) is not None, f"not shown wrong: {claim.ident}"
    if claim.valid_if is not None:  # the class is named right: it holds where it says
        rng = np.random.default_rng(5)
        for _ in range(5):
            v = claim.valid_if(draw(claim.base, rng))
            got = np.asarray(claim.value(v), dtype=float)
            want = np.asarray(claim.base.d(v), dtype=float)
            assert np.allclose(got, want, rtol=1e-8, atol=1e-10), f"not right where valid: {claim.ident}"


def verify_right(claim: Claim) -> None:
    rng = np.random.default_rng(7)
    base = claim.base
    for _ in range(6):
        v = draw(base, rng)
        with np.errstate(all="ignore"):
            want = np.asarray(base.d(v), dtype=float)
            if claim.request_layout != base.layout:
                want = want.T
            got = np.asarray(claim.value(v), dtype=float)
        if not finite(want):
            continue
        got = np.broadcast_to(got, want.shape) if got.size == 1 else got
        assert got.shape == want.shape, claim.ident
        assert np.allclose(got, want, rtol=1e-9, atol=1e-12), claim.ident


# --------------------------------------------------------------------------- wrong claims

WRONG_CLASSES = (
    "coefficient-scale",  # the claim times 1 + 10^-k, k = 1..9
    "epsilon-term",  # + ε T, T of the claim's shape, ε small
    "transpose",  # a dropped or added transpose on a square, non-symmetric result
    "sample-count",  # 1/N replaced by 1/n, 1/3 (the judge's N), 1/(N-1), or added
    "far-term",  # a term that only matters far from the origin
    "threshold-term",  # a term that is non-zero only on one side of a far threshold
    "symmetric-only",  # right only for symmetric matrices
    "diagonal-only",  # right only for diagonal matrices
    "swapped-branch",  # > and < swapped, case values swapped, >= for > at a smooth point
    "off-by-one-sample",  # the sum from 2, to N-1, or an extra 1/N
    "dimension",  # wrong only at n = 1 or n >= 5
)


def _is_matrix_valued(base: Base) -> bool:
    v = draw(base, np.random.default_rng(0))
    d = np.asarray(base.d(v))
    return d.ndim == 2 and d.shape[0] == d.shape[1] and d.shape[0] > 1


def _scalar_result(base: Base) -> bool:
    return np.ndim(base.d(draw(base, np.random.default_rng(0)))) == 0


def times(coef: str, term: Term) -> str:
    return coef if term[0] == "1" else f"{coef} {term[0]}"


def _add(base: Base, latex: str, fn: Fn, kind: str, note: str, valid_if=None) -> Claim:
    return Claim(base, f"{base.claim} + {latex}", lambda v: np.asarray(base.d(v)) + fn(v), kind,
                 note, valid_if=valid_if)


def scale_claims(base: Base, ks) -> list[Claim]:
    out = []
    for k in ks:
        factor = 1 + 10.0 ** -k
        if k % 2:
            text = f"1.{'0' * (k - 1)}1 \\left({base.claim}\\right)"
        else:
            text = f"(1 + 10^{{-{k}}}) \\left({base.claim}\\right)"
        out.append(Claim(base, text, lambda v, f=factor: f * np.asarray(base.d(v)),
                         "coefficient-scale", f"k={k}"))
        if base.sample and not base.sample.rest and base.sample.mean and k in (3, 6):
            c = abs(base.sample.coef)
            scaled = f"{c}.{'0' * (k - 1)}{c}"
            text = base.sample.latex(pre=base.sample.prefactor(coef=scaled))
            out.append(Claim(base, text, lambda v, f=factor: f * np.asarray(base.d(v)),
                             "coefficient-scale", f"constant k={k}"))
    return out


EPSILONS = (3, 5, 7, 9)


def epsilon_claims(base: Base, k: int) -> list[Claim]:
    if base.term is None:
        return []
    eps = 10.0 ** -k
    return [_add(base, times(f"10^{{-{k}}}", base.term), lambda v: eps * np.asarray(base.term[1](v)),
                 "epsilon-term", f"10^-{k} {base.term[0]}")]


def far_claims(base: Base) -> list[Claim]:
    if base.term is None or base.probe is None:
        return []
    u, T = base.probe, base.term
    kinds = [
        (times(f"10^{{-12}} ({u[0]})^4", T), lambda v: 1e-12 * np.asarray(u[1](v)) ** 4 * T[1](v),
         "1e-12 u^4"),
        (times(f"e^{{{u[0]} - 100}}", T), lambda v: np.exp(np.asarray(u[1](v)) - 100) * T[1](v),
         "e^(u-100)"),
        (times(f"10^{{-20}} ({u[0]})^{{6}}", T), lambda v: 1e-20 * np.asarray(u[1](v)) ** 6 * T[1](v),
         "1e-20 u^6"),
    ]
    return [_add(base, text, fn, "far-term", note) for text, fn, note in kinds]


def threshold_claims(base: Base) -> list[Claim]:
    if base.term is None or base.probe is None:
        return []
    u, T = base.probe, base.term
    kinds = [
        (times(f"\\mathbb{{1}}[{u[0]} > 1000]", T), lambda v: (np.asarray(u[1](v)) > 1000) * T[1](v),
         "u > 1000"),
        (times(f"\\mathbb{{1}}[{u[0]} < -50]", T), lambda v: (np.asarray(u[1](v)) < -50) * T[1](v),
         "u < -50"),
        (times(f"\\mathbb{{1}}[{u[0]} > 0] \\mathbb{{1}}[{u[0]} \\le 0.01]", T),
         lambda v: ((np.asarray(u[1](v)) > 0) & (np.asarray(u[1](v)) <= 0.01)) * T[1](v),
         "0 < u <= 0.01"),
        ((f"\\begin{{cases}} {T[0]} & {u[0]} > 500 \\\\ "
          f"{'0' if T[0] == '1' else '0 ' + T[0]} & {u[0]} \\le 500 \\end{{cases}}"),
         lambda v: (np.asarray(u[1](v)) > 500) * T[1](v), "cases u > 500"),
    ]
    if not _scalar_result(base):  # cases with matrix values are not read (an internal error)
        kinds = kinds[:3]
    return [_add(base, text, fn, "threshold-term", note) for text, fn, note in kinds]


def boundary_claims(base: Base) -> list[Claim]:
    """>= for > on a smooth function: wrong exactly on the boundary u = 0."""
    if base.zero is None or base.term is None or base.probe is None:
        return []
    u, T = base.probe, base.term
    ge = times("\\mathbb{1}[" + u[0] + " \\ge 0]", T)
    gt = times("\\mathbb{1}[" + u[0] + " > 0]", T)
    text = f"{ge} - {gt}"
    return [_add(base, text, lambda v: ((np.asarray(u[1](v)) >= 0) * 1.0
                                        - (np.asarray(u[1](v)) > 0)) * T[1](v),
                 "swapped-branch", ">= vs > at u = 0")]


def transpose_claims(base: Base) -> list[Claim]:
    if not _is_matrix_valued(base):
        return []
    return [Claim(base, f"\\left({base.claim}\\right)^T", lambda v: np.asarray(base.d(v)).T,
                  "transpose", "(claim)^T")]


def dimension_claims(base: Base) -> list[Claim]:
    if base.dim is None or base.term is None:
        return []
    dl, dn = base.dim
    T = base.term
    kinds = [
        (times(f"({dl} - 2)({dl} - 3)({dl} - 4)", T),
         lambda v: (dn(v) - 2) * (dn(v) - 3) * (dn(v) - 4) * np.asarray(T[1](v)), "(n-2)(n-3)(n-4)"),
        (times(f"\\mathbb{{1}}[{dl} < 2]", T), lambda v: (dn(v) < 2) * np.asarray(T[1](v)), "n = 1"),
        (times(f"\\mathbb{{1}}[{dl} > 4]", T), lambda v: (dn(v) > 4) * np.asarray(T[1](v)), "n >= 5"),
    ]
    return [_add(base, text, fn, "dimension", note) for text, fn, note in kinds]


def sample_claims(base: Base) -> list[Claim]:
    s = base.sample
    if s is None:
        return []
    c = s.coef
    rest = lambda v: s.rest_np(v) if s.rest_np else 0
    body = lambda v, lo=0, hi=None: sum(
        (s.body_np(v, i) for i in range(lo, v["N"] if hi is None else hi)), 0 * s.body_np(v, 0))
    out = []
    counts = [("n", lambda v: v["n"], "1/n"), ("3", lambda v: 3, "1/3 (the judge's N)"),
              ("N-1", lambda v: v["N"] - 1, "1/(N-1)"), ("N+1", lambda v: v["N"] + 1, "1/(N+1)")]
    if not s.mean:
        counts = [("N", lambda v: v["N"], "added 1/N"), ("3", lambda v: 3, "added 1/3")]
    for count, value, note in counts:
        pre = f"{'-' if c < 0 else ''}\\frac{{{abs(c)}}}{{{count}}}"
        out.append(Claim(base, s.latex(pre=pre),
                         lambda v, value=value: c / value(v) * body(v) + rest(v),
                         "sample-count", note))
    factor = (lambda v: c / v["N"]) if s.mean else (lambda v: c)
    out.append(Claim(base, s.latex(lo="2"), lambda v: factor(v) * body(v, lo=1) + rest(v),
                     "off-by-one-sample", "from i=2"))
    out.append(Claim(base, s.latex(hi="N-1"), lambda v: factor(v) * body(v, hi=v["N"] - 1) + rest(v),
                     "off-by-one-sample", "to N-1"))
    if s.mean:  # (without 1/N, an extra 1/N is the sample-count claim "added 1/N")
        extra = f"{'-' if c < 0 else ''}\\frac{{{abs(c)}}}{{N^2}}"
        out.append(Claim(base, s.latex(pre=extra), lambda v: factor(v) / v["N"] * body(v) + rest(v),
                         "off-by-one-sample", "extra 1/N"))
    return out


def special_claims(base: Base) -> list[Claim]:
    return [Claim(base, text, fn, kind, note, valid_if=valid)
            for kind, text, fn, valid, note in base.specials]


def wrong_claims(verified: bool = True) -> list[Claim]:
    """Every generated wrong claim; with ``verified``, only those numpy shows wrong."""
    out: list[Claim] = []
    for index, base in enumerate(BASES):
        ks = list(range(1, 10)) if index < 2 else [1 + index % 9]
        candidates = scale_claims(base, ks)
        if index % 2 == 0:
            candidates += epsilon_claims(base, EPSILONS[index // 2 % len(EPSILONS)])
        candidates += transpose_claims(base)
        candidates += sample_claims(base)
        candidates += special_claims(base)
        candidates += boundary_claims(base)
        if index % 3 == 0:
            kind = index // 3 % 3
            candidates += dimension_claims(base)[kind:kind + 1]
        # a far term or a threshold term per base, the first that is wrong on its domain
        for family in ((far_claims(base),) if index % 2 else (threshold_claims(base),)):
            start = index // 2 % len(family) if family else 0
            for claim in family[start:] + family[:start]:
                if not verified or witness(claim) is not None:
                    candidates.append(claim)
                    break
        for claim in candidates:
            if not verified or claim.kind in ("far-term", "threshold-term") or witness(claim) is not None:
                out.append(claim)
    return out


# --------------------------------------------------------------------------- right rewritings

def _swap_transpose(text: str) -> str | None:
    new = re.sub(r"\^T(?![a-zA-Z])", lambda m: r"^\top", text)
    return new if new != text else None


def right_rewritings() -> list[Claim]:
    """Rewritings of the base claims that are equal to them (as shown by construction or numpy)."""
    out: list[Claim] = []
    for index, base in enumerate(BASES):
        c = base.claim
        same = base.d
        generic: list[tuple[str, str]] = []
        if not _scalar_result(base):
            generic.append((f"(({c})^T)^T", "transposed twice"))
        top = _swap_transpose(c)
        if top:
            generic.append((top, "\\top for T"))
        if r"\odot" in c:
            generic.append((c.replace(r"\odot", r"\circ"), "\\circ for \\odot"))
        generic.append((f"\\left({c}\\right)", "\\left( \\right)"))
        generic.append((f"\\frac{{1}}{{2}} \\left({c}\\right) + \\frac{{1}}{{2}} \\left({c}\\right)",
                        "halves"))
        generic.append((f"2 \\left({c}\\right) - \\left({c}\\right)", "2c - c"))
        keep = 1
        picks = [generic[(index + j) % len(generic)] for j in range(min(keep, len(generic)))]
        for text, note in picks:
            out.append(Claim(base, text, same, "rewriting", note))
        # the other layout: its transpose, requested in that layout
        other = "denominator" if base.layout == "numerator" else "numerator"
        if index % 3 == 1 or base.layout == "denominator":
            text = c if _scalar_result(base) else f"\\left({c}\\right)^T"
            out.append(Claim(base, text, lambda v, d=same: np.asarray(d(v)).T, "other-layout",
                             f"as {other}", layout=other))
        for text, fn in base.rewrites:
            out.append(Claim(base, text, fn or same, "rewriting", "specific: " + text))
        if base.sample is not None and base.sample.mean:
            s = base.sample
            c_ = s.coef
            inside = f"\\sum_{{i=1}}^{{N}} ({s.prefactor()} {s.body}){s.rest}"
            out.append(Claim(base, inside, same, "rewriting", "1/N inside the sum"))
            j = s.latex().replace("_i", "_j").replace("{i=1}", "{j=1}")
            out.append(Claim(base, j, same, "rewriting", "index renamed i to j"))
            doubled = s.latex(pre=f"{'-' if c_ < 0 else ''}\\frac{{{2 * abs(c_)}}}{{2N}}")
            out.append(Claim(base, doubled, same, "rewriting", "c/N as 2c/(2N)"))
    return out


def all_right_claims() -> list[Claim]:
    """The base claims themselves, as claims."""
    return [Claim(b, b.claim, b.d, "base") for b in BASES]
