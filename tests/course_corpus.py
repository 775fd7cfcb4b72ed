"""Derivations from public teaching material, in their authors' LaTeX and layout.

Each entry is one derivation as a course author would paste it into a ``derive``
directive: the function, the variable, the declarations its text states, the author's
claim (``expect``) and, where the source shows them, the author's steps. A comment
above each names the source and the equation. Nothing is rewritten to suit the reader:
an entry that uses a construct the reader does not read yet carries ``pending`` (the
construct), and its test is an expected failure that turns into a failure once the
construct is read (tests/test_course_corpus.py).

How the text was taken (the transcriptions are ours; no source text is reproduced beyond
the formulas):

* The Matrix Cookbook (Petersen & Pedersen, version of November 15, 2012): formulas from
  the typeset PDF, as transcribed in the Markdown of eric-wieser/lean-matrix-cookbook
  (md/main.md), with equation numbers as SymPy's tests cite them
  (sympy/matrices/expressions/tests/test_derivatives.py) and counted from them. The PDF
  sets matrices and vectors in bold: each bold letter is written ``\\mathbf{.}``. Its
  layout is the denominator layout (∂xᵀa/∂x = a).
* Deisenroth, Faisal & Ong, Mathematics for Machine Learning (2020), §5.5 (5.103–5.108),
  from the stored draft of 2021-07-29: numerator layout for vectors; a gradient with
  respect to a matrix has the matrix's shape (our denominator layout).
* d2l.ai (Zhang, Lipton, Li & Smola, Dive into Deep Learning): §2.4 rules as quoted in
  szlevinli/DiveIntoDeepLearning; denominator layout.
* Parr & Howard, The Matrix Calculus You Need For Deep Learning (/work/shared/PAPER.md
  and the paper): numerator layout.
* Goodfellow, Bengio & Courville, Deep Learning (2016); Stanford CS229 main notes (Ng,
  Ma); Bishop, PRML (2006); Hastie, Tibshirani & Friedman, ESL (2nd ed.): from the
  published texts; where the equation number could not be checked against a stored copy
  the comment says "(number unchecked)".
* Softmax and cross-entropy derivations from public blog posts (addresses given).

Wrong claims met in the sources are listed in ``WRONG_IN_SOURCES`` and not included as
right: the Cookbook's (94) writes xᵀBBx for xᵀBᵀBx in a denominator.
"""

from __future__ import annotations

from dataclasses import dataclass

#: conf.py of the corpus projects: CS229's g and Goodfellow et al.'s softplus by their formulas
FUNCTIONS = {"g": r"\frac{1}{1 + e^{-x}}", "softplus": r"\log(1 + \exp(x))"}


@dataclass(frozen=True)
class Derivation:
    """One derivation of the corpus."""

    name: str  # the page it is built on
    source: str  # where it comes from, with the equation
    function: str
    wrt: str
    where: str = ""
    expect: str = ""
    steps: tuple[str, ...] = ()
    layout: str = "numerator"
    pending: str = ""  # a construct the reader does not read yet


NUM, DEN = "numerator", "denominator"
CB = "The Matrix Cookbook"
MML = "Deisenroth, Faisal & Ong, Mathematics for Machine Learning"
PH = "Parr & Howard, The Matrix Calculus You Need For Deep Learning"
DL = "Goodfellow, Bengio & Courville, Deep Learning"
D2L = "d2l.ai, Dive into Deep Learning"
CS229 = "Stanford CS229 lecture notes (Ng, Ma)"
PRML = "Bishop, Pattern Recognition and Machine Learning"
ESL = "Hastie, Tibshirani & Friedman, The Elements of Statistical Learning"

# Cookbook declarations: its letters are square n×n matrices and n-vectors unless said
SQ = r"\mathbf{A}, \mathbf{B}, \mathbf{C}, \mathbf{D}, \mathbf{X} \in \mathbb{R}^{n \times n}"
VECS = r"\mathbf{a}, \mathbf{b}, \mathbf{c}, \mathbf{d}, \mathbf{x}, \mathbf{s} \in \mathbb{R}^{n}"
CBW = f"{SQ}; {VECS}"

CORPUS: list[Derivation] = [
    # -- The Matrix Cookbook -------------------------------------------------------------
    # Cookbook (49), §2.1.2: ∂det(X)/∂X = det(X)(X^{-1})^T
    Derivation("cb-49", f"{CB} (49)", r"\det(\mathbf{X})", r"\mathbf{X}", CBW,
               r"\det(\mathbf{X})\left(\mathbf{X}^{-1}\right)^{T}", layout=DEN),
    # Cookbook (51): ∂det(AXB)/∂X = det(AXB)(X^{-1})^T = det(AXB)(X^T)^{-1}
    Derivation("cb-51", f"{CB} (51)", r"\det(\mathbf{A}\mathbf{X}\mathbf{B})", r"\mathbf{X}", CBW,
               r"\det(\mathbf{A}\mathbf{X}\mathbf{B})\left(\mathbf{X}^{T}\right)^{-1}", layout=DEN),
    # Cookbook (52), §2.1.3, X square and invertible
    Derivation("cb-52", f"{CB} (52)", r"\det\left(\mathbf{X}^{T}\mathbf{A}\mathbf{X}\right)",
               r"\mathbf{X}", CBW,
               r"2\det\left(\mathbf{X}^{T}\mathbf{A}\mathbf{X}\right)\mathbf{X}^{-T}", layout=DEN),
    # Cookbook (57), §2.1.4
    Derivation("cb-57", f"{CB} (57)", r"\ln|\det(\mathbf{X})|", r"\mathbf{X}", CBW,
               r"\left(\mathbf{X}^{-1}\right)^{T}", layout=DEN),
    # Cookbook (58), §2.1.4: a power k of X, k a symbol. The Cookbook leaves k's type unsaid;
    # a matrix power X^k is defined for whole k (X invertible when k < 0), and the reader
    # needs that said (docs/notation.rst, "Whole numbers"): k \in \mathbb{Z} is the only
    # declaration added to the Cookbook's own
    Derivation("cb-58", f"{CB} (58)", r"\det\left(\mathbf{X}^{k}\right)", r"\mathbf{X}",
               CBW + r"; k \in \mathbb{Z}", r"k\det\left(\mathbf{X}^{k}\right)\mathbf{X}^{-T}",
               layout=DEN),
    # Cookbook (121), §2.5.3, for a whole k (the Cookbook: k positive; \mathbb{N} adds 0)
    Derivation("cb-121", f"{CB} (121)", r"\operatorname{Tr}\left(\mathbf{X}^{k}\right)",
               r"\mathbf{X}", CBW + r"; k \in \mathbb{N}",
               r"k\left(\mathbf{X}^{k-1}\right)^{T}", layout=DEN),
    # Cookbook (61), §2.2
    Derivation("cb-61", f"{CB} (61)", r"\mathbf{a}^{T}\mathbf{X}^{-1}\mathbf{b}", r"\mathbf{X}",
               CBW, r"-\mathbf{X}^{-T}\mathbf{a}\mathbf{b}^{T}\mathbf{X}^{-T}", layout=DEN),
    # Cookbook (62)
    Derivation("cb-62", f"{CB} (62)", r"\det\left(\mathbf{X}^{-1}\right)", r"\mathbf{X}", CBW,
               r"-\det\left(\mathbf{X}^{-1}\right)\left(\mathbf{X}^{-1}\right)^{T}", layout=DEN),
    # Cookbook (63)
    Derivation("cb-63", f"{CB} (63)", r"\operatorname{Tr}\left(\mathbf{A}\mathbf{X}^{-1}\mathbf{B}\right)",
               r"\mathbf{X}", CBW,
               r"-\left(\mathbf{X}^{-1}\mathbf{B}\mathbf{A}\mathbf{X}^{-1}\right)^{T}", layout=DEN),
    # Cookbook (64)
    Derivation("cb-64", f"{CB} (64)", r"\operatorname{Tr}\left((\mathbf{X}+\mathbf{A})^{-1}\right)",
               r"\mathbf{X}", CBW,
               r"-\left((\mathbf{X}+\mathbf{A})^{-1}(\mathbf{X}+\mathbf{A})^{-1}\right)^{T}",
               layout=DEN),
    # Cookbook (69), §2.4.1 (both forms)
    Derivation("cb-69a", f"{CB} (69)", r"\mathbf{x}^{T}\mathbf{a}", r"\mathbf{x}", CBW,
               r"\mathbf{a}", layout=DEN),
    Derivation("cb-69b", f"{CB} (69)", r"\mathbf{a}^{T}\mathbf{x}", r"\mathbf{x}", CBW,
               r"\mathbf{a}", layout=DEN),
    # Cookbook (70)
    Derivation("cb-70", f"{CB} (70)", r"\mathbf{a}^{T}\mathbf{X}\mathbf{b}", r"\mathbf{X}", CBW,
               r"\mathbf{a}\mathbf{b}^{T}", layout=DEN),
    # Cookbook (71)
    Derivation("cb-71", f"{CB} (71)", r"\mathbf{a}^{T}\mathbf{X}^{T}\mathbf{b}", r"\mathbf{X}",
               CBW, r"\mathbf{b}\mathbf{a}^{T}", layout=DEN),
    # Cookbook (72) (both forms)
    Derivation("cb-72a", f"{CB} (72)", r"\mathbf{a}^{T}\mathbf{X}\mathbf{a}", r"\mathbf{X}", CBW,
               r"\mathbf{a}\mathbf{a}^{T}", layout=DEN),
    Derivation("cb-72b", f"{CB} (72)", r"\mathbf{a}^{T}\mathbf{X}^{T}\mathbf{a}", r"\mathbf{X}",
               CBW, r"\mathbf{a}\mathbf{a}^{T}", layout=DEN),
    # Cookbook (77), §2.4.2
    Derivation("cb-77", f"{CB} (77)", r"\mathbf{b}^{T}\mathbf{X}^{T}\mathbf{X}\mathbf{c}",
               r"\mathbf{X}", CBW,
               r"\mathbf{X}\left(\mathbf{b}\mathbf{c}^{T}+\mathbf{c}\mathbf{b}^{T}\right)", layout=DEN),
    # Cookbook (78)
    Derivation("cb-78", f"{CB} (78)",
               r"(\mathbf{B}\mathbf{x}+\mathbf{b})^{T}\mathbf{C}(\mathbf{D}\mathbf{x}+\mathbf{d})",
               r"\mathbf{x}", CBW,
               r"\mathbf{B}^{T}\mathbf{C}(\mathbf{D}\mathbf{x}+\mathbf{d})+\mathbf{D}^{T}"
               r"\mathbf{C}^{T}(\mathbf{B}\mathbf{x}+\mathbf{b})", layout=DEN),
    # Cookbook (81)
    Derivation("cb-81", f"{CB} (81)", r"\mathbf{x}^{T}\mathbf{B}\mathbf{x}", r"\mathbf{x}", CBW,
               r"\left(\mathbf{B}+\mathbf{B}^{T}\right)\mathbf{x}", layout=DEN),
    # Cookbook (82)
    Derivation("cb-82", f"{CB} (82)", r"\mathbf{b}^{T}\mathbf{X}^{T}\mathbf{D}\mathbf{X}\mathbf{c}",
               r"\mathbf{X}", CBW,
               r"\mathbf{D}^{T}\mathbf{X}\mathbf{b}\mathbf{c}^{T}+\mathbf{D}\mathbf{X}\mathbf{c}"
               r"\mathbf{b}^{T}", layout=DEN),
    # Cookbook (83)
    Derivation("cb-83", f"{CB} (83)",
               r"(\mathbf{X}\mathbf{b}+\mathbf{c})^{T}\mathbf{D}(\mathbf{X}\mathbf{b}+\mathbf{c})",
               r"\mathbf{X}", CBW,
               r"\left(\mathbf{D}+\mathbf{D}^{T}\right)(\mathbf{X}\mathbf{b}+\mathbf{c})"
               r"\mathbf{b}^{T}", layout=DEN),
    # Cookbook (84)-(88): "Assume W is symmetric"
    Derivation("cb-84", f"{CB} (84)",
               r"(\mathbf{x}-\mathbf{A}\mathbf{s})^{T}\mathbf{W}(\mathbf{x}-\mathbf{A}\mathbf{s})",
               r"\mathbf{s}", CBW + r"; \mathbf{W} \in \mathbb{S}^{n}",
               r"-2\mathbf{A}^{T}\mathbf{W}(\mathbf{x}-\mathbf{A}\mathbf{s})", layout=DEN),
    Derivation("cb-85", f"{CB} (85)",
               r"(\mathbf{x}-\mathbf{s})^{T}\mathbf{W}(\mathbf{x}-\mathbf{s})", r"\mathbf{x}",
               CBW + r"; \mathbf{W} \in \mathbb{S}^{n}", r"2\mathbf{W}(\mathbf{x}-\mathbf{s})",
               layout=DEN),
    Derivation("cb-86", f"{CB} (86)",
               r"(\mathbf{x}-\mathbf{s})^{T}\mathbf{W}(\mathbf{x}-\mathbf{s})", r"\mathbf{s}",
               CBW + r"; \mathbf{W} \in \mathbb{S}^{n}", r"-2\mathbf{W}(\mathbf{x}-\mathbf{s})",
               layout=DEN),
    Derivation("cb-87", f"{CB} (87)",
               r"(\mathbf{x}-\mathbf{A}\mathbf{s})^{T}\mathbf{W}(\mathbf{x}-\mathbf{A}\mathbf{s})",
               r"\mathbf{x}", CBW + r"; \mathbf{W} \in \mathbb{S}^{n}",
               r"2\mathbf{W}(\mathbf{x}-\mathbf{A}\mathbf{s})", layout=DEN),
    Derivation("cb-88", f"{CB} (88)",
               r"(\mathbf{x}-\mathbf{A}\mathbf{s})^{T}\mathbf{W}(\mathbf{x}-\mathbf{A}\mathbf{s})",
               r"\mathbf{A}", CBW + r"; \mathbf{W} \in \mathbb{S}^{n}",
               r"-2\mathbf{W}(\mathbf{x}-\mathbf{A}\mathbf{s})\mathbf{s}^{T}", layout=DEN),
    # Cookbook (95)-(96), §2.4.4: f = x^T A x + b^T x, ∇_x f = (A + A^T)x + b
    Derivation("cb-96", f"{CB} (95)-(96)",
               r"f = \mathbf{x}^{T}\mathbf{A}\mathbf{x}+\mathbf{b}^{T}\mathbf{x}", r"\mathbf{x}",
               CBW, r"\left(\mathbf{A}+\mathbf{A}^{T}\right)\mathbf{x}+\mathbf{b}", layout=DEN),
    # Cookbook (99), §2.5.1
    Derivation("cb-99", f"{CB} (99)", r"\operatorname{Tr}(\mathbf{X})", r"\mathbf{X}", CBW,
               r"\mathbf{I}", layout=DEN),
    # Cookbook (100)-(104)
    Derivation("cb-100", f"{CB} (100)", r"\operatorname{Tr}(\mathbf{X}\mathbf{A})", r"\mathbf{X}",
               CBW, r"\mathbf{A}^{T}", layout=DEN),
    Derivation("cb-101", f"{CB} (101)", r"\operatorname{Tr}(\mathbf{A}\mathbf{X}\mathbf{B})",
               r"\mathbf{X}", CBW, r"\mathbf{A}^{T}\mathbf{B}^{T}", layout=DEN),
    Derivation("cb-102", f"{CB} (102)",
               r"\operatorname{Tr}\left(\mathbf{A}\mathbf{X}^{T}\mathbf{B}\right)", r"\mathbf{X}",
               CBW, r"\mathbf{B}\mathbf{A}", layout=DEN),
    Derivation("cb-103", f"{CB} (103)", r"\operatorname{Tr}\left(\mathbf{X}^{T}\mathbf{A}\right)",
               r"\mathbf{X}", CBW, r"\mathbf{A}", layout=DEN),
    Derivation("cb-104", f"{CB} (104)", r"\operatorname{Tr}\left(\mathbf{A}\mathbf{X}^{T}\right)",
               r"\mathbf{X}", CBW, r"\mathbf{A}", layout=DEN),
    # Cookbook (106)-(119), §2.5.2
    Derivation("cb-106", f"{CB} (106)", r"\operatorname{Tr}\left(\mathbf{X}^{2}\right)",
               r"\mathbf{X}", CBW, r"2\mathbf{X}^{T}", layout=DEN),
    Derivation("cb-107", f"{CB} (107)", r"\operatorname{Tr}\left(\mathbf{X}^{2}\mathbf{B}\right)",
               r"\mathbf{X}", CBW, r"(\mathbf{X}\mathbf{B}+\mathbf{B}\mathbf{X})^{T}", layout=DEN),
    Derivation("cb-108", f"{CB} (108)",
               r"\operatorname{Tr}\left(\mathbf{X}^{T}\mathbf{B}\mathbf{X}\right)", r"\mathbf{X}",
               CBW, r"\mathbf{B}\mathbf{X}+\mathbf{B}^{T}\mathbf{X}", layout=DEN),
    Derivation("cb-109", f"{CB} (109)",
               r"\operatorname{Tr}\left(\mathbf{B}\mathbf{X}\mathbf{X}^{T}\right)", r"\mathbf{X}",
               CBW, r"\mathbf{B}\mathbf{X}+\mathbf{B}^{T}\mathbf{X}", layout=DEN),
    Derivation("cb-110", f"{CB} (110)",
               r"\operatorname{Tr}\left(\mathbf{X}\mathbf{X}^{T}\mathbf{B}\right)", r"\mathbf{X}",
               CBW, r"\mathbf{B}\mathbf{X}+\mathbf{B}^{T}\mathbf{X}", layout=DEN),
    Derivation("cb-111", f"{CB} (111)",
               r"\operatorname{Tr}\left(\mathbf{X}\mathbf{B}\mathbf{X}^{T}\right)", r"\mathbf{X}",
               CBW, r"\mathbf{X}\mathbf{B}^{T}+\mathbf{X}\mathbf{B}", layout=DEN),
    Derivation("cb-112", f"{CB} (112)",
               r"\operatorname{Tr}\left(\mathbf{B}\mathbf{X}^{T}\mathbf{X}\right)", r"\mathbf{X}",
               CBW, r"\mathbf{X}\mathbf{B}^{T}+\mathbf{X}\mathbf{B}", layout=DEN),
    Derivation("cb-113", f"{CB} (113)",
               r"\operatorname{Tr}\left(\mathbf{X}^{T}\mathbf{X}\mathbf{B}\right)", r"\mathbf{X}",
               CBW, r"\mathbf{X}\mathbf{B}^{T}+\mathbf{X}\mathbf{B}", layout=DEN),
    Derivation("cb-114", f"{CB} (114)",
               r"\operatorname{Tr}(\mathbf{A}\mathbf{X}\mathbf{B}\mathbf{X})", r"\mathbf{X}", CBW,
               r"\mathbf{A}^{T}\mathbf{X}^{T}\mathbf{B}^{T}+\mathbf{B}^{T}\mathbf{X}^{T}\mathbf{A}^{T}",
               layout=DEN),
    Derivation("cb-115", f"{CB} (115)", r"\operatorname{Tr}\left(\mathbf{X}^{T}\mathbf{X}\right)",
               r"\mathbf{X}", CBW, r"2\mathbf{X}", layout=DEN),
    Derivation("cb-116", f"{CB} (116)",
               r"\operatorname{Tr}\left(\mathbf{B}^{T}\mathbf{X}^{T}\mathbf{C}\mathbf{X}\mathbf{B}\right)",
               r"\mathbf{X}", CBW,
               r"\mathbf{C}^{T}\mathbf{X}\mathbf{B}\mathbf{B}^{T}+\mathbf{C}\mathbf{X}\mathbf{B}"
               r"\mathbf{B}^{T}", layout=DEN),
    Derivation("cb-117", f"{CB} (117)",
               r"\operatorname{Tr}\left[\mathbf{X}^{T}\mathbf{B}\mathbf{X}\mathbf{C}\right]",
               r"\mathbf{X}", CBW,
               r"\mathbf{B}\mathbf{X}\mathbf{C}+\mathbf{B}^{T}\mathbf{X}\mathbf{C}^{T}", layout=DEN),
    Derivation("cb-118", f"{CB} (118)",
               r"\operatorname{Tr}\left(\mathbf{A}\mathbf{X}\mathbf{B}\mathbf{X}^{T}\mathbf{C}\right)",
               r"\mathbf{X}", CBW,
               r"\mathbf{A}^{T}\mathbf{C}^{T}\mathbf{X}\mathbf{B}^{T}+\mathbf{C}\mathbf{A}\mathbf{X}"
               r"\mathbf{B}", layout=DEN),
    Derivation("cb-119", f"{CB} (119)",
               r"\operatorname{Tr}\left[(\mathbf{A}\mathbf{X}\mathbf{B}+\mathbf{C})(\mathbf{A}"
               r"\mathbf{X}\mathbf{B}+\mathbf{C})^{T}\right]", r"\mathbf{X}", CBW,
               r"2\mathbf{A}^{T}(\mathbf{A}\mathbf{X}\mathbf{B}+\mathbf{C})\mathbf{B}^{T}", layout=DEN),
    # Cookbook (124), §2.5.4
    Derivation("cb-124", f"{CB} (124)",
               r"\operatorname{Tr}\left(\mathbf{A}\mathbf{X}^{-1}\mathbf{B}\right)", r"\mathbf{X}",
               CBW, r"-\mathbf{X}^{-T}\mathbf{A}^{T}\mathbf{B}^{T}\mathbf{X}^{-T}", layout=DEN),
    # Cookbook (129), §2.6.1
    Derivation("cb-129", f"{CB} (129)", r"\|\mathbf{x}-\mathbf{a}\|_{2}", r"\mathbf{x}", CBW,
               r"\frac{\mathbf{x}-\mathbf{a}}{\|\mathbf{x}-\mathbf{a}\|_{2}}", layout=DEN),
    # Cookbook (131)
    Derivation("cb-131", f"{CB} (131)", r"\|\mathbf{x}\|_{2}^{2}", r"\mathbf{x}", CBW,
               r"2\mathbf{x}", layout=DEN),
    # Cookbook (132), §2.7.1 (real matrices: X^H = X^T)
    Derivation("cb-132", f"{CB} (132)", r"\|\mathbf{X}\|_{\mathrm{F}}^{2}", r"\mathbf{X}", CBW,
               r"2\mathbf{X}", layout=DEN),

    # -- Mathematics for Machine Learning, §5.5 --------------------------------------------
    Derivation("mml-5.103", f"{MML} (5.103)",
               r"\boldsymbol{a}^\top\boldsymbol{X}^{-1}\boldsymbol{b}", r"\boldsymbol{X}",
               r"\boldsymbol{X} \in \mathbb{R}^{n \times n}, \boldsymbol{a}, \boldsymbol{b} \in \mathbb{R}^{n}",
               r"-(\boldsymbol{X}^{-1})^\top\boldsymbol{a}\boldsymbol{b}^\top(\boldsymbol{X}^{-1})^\top",
               layout=DEN),
    Derivation("mml-5.104", f"{MML} (5.104)", r"\boldsymbol{x}^\top\boldsymbol{a}",
               r"\boldsymbol{x}", r"\boldsymbol{x}, \boldsymbol{a} \in \mathbb{R}^{n}",
               r"\boldsymbol{a}^\top"),
    Derivation("mml-5.105", f"{MML} (5.105)", r"\boldsymbol{a}^\top\boldsymbol{x}",
               r"\boldsymbol{x}", r"\boldsymbol{x}, \boldsymbol{a} \in \mathbb{R}^{n}",
               r"\boldsymbol{a}^\top"),
    Derivation("mml-5.106", f"{MML} (5.106)", r"\boldsymbol{a}^\top\boldsymbol{X}\boldsymbol{b}",
               r"\boldsymbol{X}",
               r"\boldsymbol{X} \in \mathbb{R}^{m \times n}, \boldsymbol{a} \in \mathbb{R}^{m}, \boldsymbol{b} \in \mathbb{R}^{n}",
               r"\boldsymbol{a}\boldsymbol{b}^\top", layout=DEN),
    Derivation("mml-5.107", f"{MML} (5.107)", r"\boldsymbol{x}^\top\boldsymbol{B}\boldsymbol{x}",
               r"\boldsymbol{x}", r"\boldsymbol{x} \in \mathbb{R}^{a}, \boldsymbol{B} \in \mathbb{R}^{a \times a}",
               r"\boldsymbol{x}^\top(\boldsymbol{B}+\boldsymbol{B}^\top)"),
    # (5.108): "for symmetric W"
    Derivation("mml-5.108", f"{MML} (5.108)",
               r"(\boldsymbol{x}-\boldsymbol{A}\boldsymbol{s})^\top\boldsymbol{W}(\boldsymbol{x}-\boldsymbol{A}\boldsymbol{s})",
               r"\boldsymbol{s}",
               r"\boldsymbol{x} \in \mathbb{R}^{m}, \boldsymbol{s} \in \mathbb{R}^{n}, \boldsymbol{A} \in \mathbb{R}^{m \times n}, \boldsymbol{W} \in \mathbb{S}^{m}",
               r"-2(\boldsymbol{x}-\boldsymbol{A}\boldsymbol{s})^\top\boldsymbol{W}\boldsymbol{A}"),

    # -- Parr & Howard ----------------------------------------------------------------------
    # §2, the table of scalar derivative rules, its examples
    Derivation("ph-2-constant", f"{PH} §2 (constant rule)", "99", "x", expect="0"),
    Derivation("ph-2-constant-multiple", f"{PH} §2 (multiplication by constant)", "3x", "x",
               expect="3"),
    Derivation("ph-2-power", f"{PH} §2 (power rule)", "x^3", "x", expect="3x^2"),
    Derivation("ph-2-sum", f"{PH} §2 (sum rule)", "x^2 + 3x", "x", expect="2x + 3"),
    Derivation("ph-2-difference", f"{PH} §2 (difference rule)", "x^2 - 3x", "x", expect="2x - 3"),
    Derivation("ph-2-product", f"{PH} §2 (product rule)", "x^2 x", "x",
               steps=("= x^2 + x 2x", "= 3x^2")),
    Derivation("ph-2-chain", f"{PH} §2 (chain rule)", r"\ln(x^2)", "x",
               steps=(r"= \frac{1}{x^2} 2x", r"= \frac{2}{x}")),
    # §3: partial derivatives of f(x, y) = 3x^2 y
    Derivation("ph-3-fx", f"{PH} §3", "f(x,y) = 3x^2y", "x", expect="6yx"),
    Derivation("ph-3-fy", f"{PH} §3", "f(x,y) = 3x^2y", "y", expect="3x^2"),
    # §4.1: g(x, y) = 2x + y^8
    Derivation("ph-4-gx", f"{PH} §4.1", "2x + y^8", "x", expect="2"),
    Derivation("ph-4-gy", f"{PH} §4.1", "2x + y^8", "y", expect="8y^7"),
    # §4.2: element-wise binary operators
    Derivation("ph-4.2-hadamard", f"{PH} §4.2", r"\mathbf{w} \otimes \mathbf{x}", r"\mathbf{w}",
               r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}", r"\operatorname{diag}(\mathbf{x})"),
    Derivation("ph-4.2-minus", f"{PH} §4.2", r"\mathbf{w} - \mathbf{x}", r"\mathbf{x}",
               r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}", "-I"),
    # §4.3: scalar expansion, y = x + z and y = xz
    Derivation("ph-4.3-sum", f"{PH} §4.3", r"\mathbf{x} + z", "z",
               r"\mathbf{x} \in \mathbb{R}^{n}", r"\vec{1}"),
    Derivation("ph-4.3-product", f"{PH} §4.3", r"\mathbf{x} z", r"\mathbf{x}",
               r"\mathbf{x} \in \mathbb{R}^{n}", "Iz"),
    # §4.4: vector sum reduction
    Derivation("ph-4.4-sum", f"{PH} §4.4", r"y = sum(\mathbf{x})", r"\mathbf{x}",
               r"\mathbf{x} \in \mathbb{R}^{n}", r"\vec{1}^T"),
    Derivation("ph-4.4-sum-z", f"{PH} §4.4", r"y = \operatorname{sum}(\mathbf{x} z)", "z",
               r"\mathbf{x} \in \mathbb{R}^{n}", r"\operatorname{sum}(\mathbf{x})"),
    # §4.4: the dot product through u = w ⊗ x
    Derivation("ph-4.4-dot", f"{PH} §4.4", r"y = \mathbf{w} \cdot \mathbf{x}", r"\mathbf{w}",
               r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}", r"\mathbf{x}^T",
               steps=(r"= \vec{1}^T \operatorname{diag}(\mathbf{x})", r"= \mathbf{x}^T")),
    # §4.5.1: single-variable chain rule examples
    Derivation("ph-4.5-sin", f"{PH} §4.5.1", r"y = \sin(x^2)", "x", expect=r"2x\cos(x^2)"),
    Derivation("ph-4.5-ln-sin", f"{PH} §4.5.1", r"y = \ln(\sin(x^3)^2)", "x",
               expect=r"\frac{6x^2\cos(x^3)}{\sin(x^3)}"),
    # §4.5.2: the total derivative, y = f(x) = x + x^2
    Derivation("ph-4.5-total", f"{PH} §4.5.2", "y = x + x^2", "x", expect="1 + 2x"),
    # §4.5.3: the vector chain rule example y = [ln(x^2), sin(3x)]
    Derivation("ph-4.5-vector", f"{PH} §4.5.3",
               r"\mathbf{y} = \begin{bmatrix} \ln(x^2) \\ \sin(3x) \end{bmatrix}", "x",
               expect=r"\begin{bmatrix} \frac{2}{x} \\ 3\cos(3x) \end{bmatrix}"),
    # §5: the neuron activation, the result in cases form
    Derivation("ph-5-w", f"{PH} §5", r"activation(\mathbf{x}) = \max(0, \mathbf{w} \cdot \mathbf{x} + b)",
               r"\mathbf{w}", r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}, b \in \mathbb{R}",
               r"\begin{cases} \vec{0}^T & \mathbf{w} \cdot \mathbf{x} + b \le 0 \\ "
               r"\mathbf{x}^T & \mathbf{w} \cdot \mathbf{x} + b > 0 \end{cases}"),
    Derivation("ph-5-b", f"{PH} §5", r"activation(\mathbf{x}) = \max(0, \mathbf{w} \cdot \mathbf{x} + b)",
               "b", r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^{n}, b \in \mathbb{R}",
               r"\begin{cases} 0 & \mathbf{w} \cdot \mathbf{x} + b \le 0 \\ "
               r"1 & \mathbf{w} \cdot \mathbf{x} + b > 0 \end{cases}"),
    # §6: the gradient of the loss with respect to b
    Derivation("ph-6-b", f"{PH} §6",
               r"C(\mathbf{w}, b, X, \mathbf{y}) = \frac{1}{N} \sum_{i=1}^{N} (y_i - \max(0, "
               r"\mathbf{w} \cdot \mathbf{x}_i + b))^2", "b",
               r"\mathbf{w}, \mathbf{x}_i \in \mathbb{R}^{n}, b \in \mathbb{R}",
               r"\frac{2}{N} \sum_{i=1}^{N} \mathbb{1}[\mathbf{w} \cdot \mathbf{x}_i + b > 0] "
               r"(\mathbf{w} \cdot \mathbf{x}_i + b - y_i)"),
    Derivation("ph-6-w", f"{PH} §6",
               r"C(\mathbf{w}, b, X, \mathbf{y}) = \frac{1}{N} \sum_{i=1}^{N} (y_i - \max(0, "
               r"\mathbf{w} \cdot \mathbf{x}_i + b))^2", r"\mathbf{w}",
               r"\mathbf{w}, \mathbf{x}_i \in \mathbb{R}^{n}, b \in \mathbb{R}",
               r"\frac{2}{N} \sum_{i=1}^{N} \mathbb{1}[\mathbf{w} \cdot \mathbf{x}_i + b > 0] "
               r"(\mathbf{w} \cdot \mathbf{x}_i + b - y_i) \mathbf{x}_i^T"),

    # -- Goodfellow, Bengio & Courville ----------------------------------------------------
    # §3.10, useful properties of σ and ζ, in the LaTeX of the summary at
    # nosarthur.github.io/math and physics/2016/05/28/math-tricks: σ'(x) = σ(x)(1 − σ(x)),
    # ζ'(x) = σ(x) with ζ(x) = log(1 + exp(x)) the softplus
    Derivation("dl-3.10-sigma", f"{DL} §3.10 (3.33, number unchecked), as quoted by "
               "nosarthur.github.io", r"\sigma(x)", "x", expect=r"\sigma(x)(1-\sigma(x))"),
    Derivation("dl-3.10-sigma-prime", f"{DL} §3.10, as quoted by nosarthur.github.io: "
               "σ'(x) = σ(x)(1 − σ(x)), the prime as the claim", r"\sigma(x)(1-\sigma(x))", "x",
               expect=r"\sigma'(x)(1-\sigma(x)) - \sigma(x)\sigma'(x)"),
    Derivation("dl-3.10-softplus", f"{DL} §3.10 (3.37, number unchecked), as quoted by "
               "nosarthur.github.io; ζ is written softplus, defined in conf.py as (3.31) defines it",
               r"\operatorname{softplus}(x)", "x", expect=r"\sigma(x)"),
    # mikel-mg.github.io/neural-networks-from-scratch/math_activations: the sigmoid's
    # derivative "step-by-step", each of the author's lines after the first
    Derivation("sigmoid-steps", "mikel-mg.github.io, neural-networks-from-scratch, Activation "
               "functions (sigmoid, step-by-step derivation)", r"\frac{1}{1 + e^{-x}}", "x",
               steps=(r"= \frac{d}{dx}\left((1 + e^{-x})^{-1}\right)",
                      r"= (-1)(1 + e^{-x})^{-2}\cdot \frac{d}{dx}(1 + e^{-x})",
                      r"= (-1)(1 + e^{-x})^{-2}\cdot(-e^{-x})",
                      r"= \frac{e^{-x}}{(1 + e^{-x})^2}",
                      r"= \frac{1}{1+e^{-x}} \cdot \frac{e^{-x}}{1+e^{-x}}",
                      r"= \sigma(x)\frac{e^{-x}}{1+e^{-x}}",
                      r"= \sigma(x)\frac{1+e^{-x}-1}{1+e^{-x}}",
                      r"= \sigma(x)\left(\frac{1+e^{-x}}{1+e^{-x}} - \frac{1}{1+e^{-x}}\right)",
                      r"= \sigma(x)\bigl(1-\sigma(x)\bigr)")),
    # §2.12 (PCA): the gradient that gives c = D^T x
    Derivation("dl-2.12-pca", f"{DL} §2.12, PCA (number unchecked)",
               r"-2\bm{x}^\top\bm{D}\bm{c} + \bm{c}^\top\bm{c}", r"\bm{c}",
               r"\bm{x} \in \mathbb{R}^{n}, \bm{c} \in \mathbb{R}^{l}, \bm{D} \in \mathbb{R}^{n \times l}",
               r"-2\bm{D}^\top\bm{x} + 2\bm{c}", layout=DEN),
    # §4.5, linear least squares: f(x) = 1/2 ||Ax - b||_2^2, ∇f = A^T(Ax - b) = A^T A x - A^T b
    Derivation("dl-4.5-lls", f"{DL} §4.5 (4.22–4.23, numbers unchecked)",
               r"f(\bm{x}) = \frac{1}{2}\|\bm{A}\bm{x} - \bm{b}\|_2^2", r"\bm{x}",
               r"\bm{A} \in \mathbb{R}^{m \times n}, \bm{x} \in \mathbb{R}^{n}, \bm{b} \in \mathbb{R}^{m}",
               r"\bm{A}^\top\bm{A}\bm{x} - \bm{A}^\top\bm{b}",
               steps=(r"= \bm{A}^\top(\bm{A}\bm{x} - \bm{b})",
                      r"= \bm{A}^\top\bm{A}\bm{x} - \bm{A}^\top\bm{b}"), layout=DEN),
    # §5.1.4, linear regression (5.10)–(5.11): ∇_w of the expanded squared error
    Derivation("dl-5.11", f"{DL} §5.1.4 (5.10)–(5.11)",
               r"\bm{w}^\top\bm{X}^{(\text{train})\top}\bm{X}^{(\text{train})}\bm{w} - "
               r"2\bm{w}^\top\bm{X}^{(\text{train})\top}\bm{y}^{(\text{train})} + "
               r"\bm{y}^{(\text{train})\top}\bm{y}^{(\text{train})}", r"\bm{w}",
               r"\bm{w} \in \mathbb{R}^{n}",
               r"2\bm{X}^{(\text{train})\top}\bm{X}^{(\text{train})}\bm{w} - "
               r"2\bm{X}^{(\text{train})\top}\bm{y}^{(\text{train})}", layout=DEN),
    # §5.1.4 (5.6)–(5.7): the mean squared error
    Derivation("dl-5.7", f"{DL} §5.1.4 (5.6)–(5.7)",
               r"\frac{1}{m}\|\bm{X}^{(\text{train})}\bm{w} - \bm{y}^{(\text{train})}\|_2^2",
               r"\bm{w}", r"\bm{w} \in \mathbb{R}^{n}",
               r"\frac{2}{m}\bm{X}^{(\text{train})\top}(\bm{X}^{(\text{train})}\bm{w} - "
               r"\bm{y}^{(\text{train})})", layout=DEN),
    # §6.2.2.3 (6.30): log softmax(z)_i = z_i − log Σ_j exp(z_j), its gradient
    Derivation("dl-6.30", f"{DL} §6.2.2.3 (6.30)",
               r"z_i - \log\sum_j \exp(z_j)", r"\bm{z}", r"\bm{z} \in \mathbb{R}^{n}",
               r"\bm{e}_i^\top - \operatorname{softmax}(\bm{z})^\top"),
    # §7.1.1 (7.4)–(7.5): weight decay, J̃(w) = α/2 w^T w + J(w), with J the squared error
    Derivation("dl-7.5", f"{DL} §7.1.1 (7.4)–(7.5) (numbers unchecked), J the squared error",
               r"\frac{\alpha}{2}\bm{w}^\top\bm{w} + \frac{1}{2}(\bm{X}\bm{w} - \bm{y})^\top"
               r"(\bm{X}\bm{w} - \bm{y})", r"\bm{w}",
               r"\bm{w} \in \mathbb{R}^{n}, \bm{X} \in \mathbb{R}^{m \times n}, \bm{y} \in \mathbb{R}^{m}",
               r"\alpha\bm{w} + \bm{X}^\top(\bm{X}\bm{w} - \bm{y})", layout=DEN),

    # -- d2l.ai -----------------------------------------------------------------------------
    # §2.4.3 (gradients): the rules, denominator layout
    Derivation("d2l-2.4-Ax", f"{D2L} §2.4.3", r"\mathbf{A}\mathbf{x}", r"\mathbf{x}",
               r"\mathbf{A} \in \mathbb{R}^{m \times n}, \mathbf{x} \in \mathbb{R}^{n}",
               r"\mathbf{A}^{\top}", layout=DEN),
    Derivation("d2l-2.4-xA", f"{D2L} §2.4.3", r"\mathbf{x}^{\top}\mathbf{A}", r"\mathbf{x}",
               r"\mathbf{A} \in \mathbb{R}^{n \times m}, \mathbf{x} \in \mathbb{R}^{n}",
               r"\mathbf{A}", layout=DEN),
    Derivation("d2l-2.4-xAx", f"{D2L} §2.4.3", r"\mathbf{x}^{\top}\mathbf{A}\mathbf{x}",
               r"\mathbf{x}", r"\mathbf{A} \in \mathbb{R}^{n \times n}, \mathbf{x} \in \mathbb{R}^{n}",
               r"(\mathbf{A} + \mathbf{A}^{\top})\mathbf{x}", layout=DEN),
    Derivation("d2l-2.4-norm", f"{D2L} §2.4.3", r"\|\mathbf{x}\|^2", r"\mathbf{x}",
               r"\mathbf{x} \in \mathbb{R}^{n}", r"2\mathbf{x}",
               steps=(r"= \nabla_{\mathbf{x}} \mathbf{x}^{\top}\mathbf{x}", r"= 2\mathbf{x}"),
               layout=DEN),
    Derivation("d2l-2.4-frobenius", f"{D2L} §2.4.3", r"\|\mathbf{X}\|_F^2", r"\mathbf{X}",
               r"\mathbf{X} \in \mathbb{R}^{m \times n}", r"2\mathbf{X}", layout=DEN),
    # §2.5.1 (autograd): y = 2 x^T x, the gradient 4x
    Derivation("d2l-2.5", f"{D2L} §2.5.1", r"y = 2\mathbf{x}^{\top}\mathbf{x}", r"\mathbf{x}",
               r"\mathbf{x} \in \mathbb{R}^{4}", r"4\mathbf{x}", layout=DEN),
    # §3.1.1 (analytic solution): ∂_w ||y − Xw||^2 = 2X^T(Xw − y)
    Derivation("d2l-3.1-analytic", f"{D2L} §3.1.1 (analytic solution)",
               r"\|\mathbf{y} - \mathbf{X}\mathbf{w}\|^2", r"\mathbf{w}",
               r"\mathbf{X} \in \mathbb{R}^{n \times d}, \mathbf{w} \in \mathbb{R}^{d}, \mathbf{y} \in \mathbb{R}^{n}",
               r"2 \mathbf{X}^\top (\mathbf{X} \mathbf{w} - \mathbf{y})", layout=DEN),
    # §3.1.1 (3.1.4): the squared error of one example
    Derivation("d2l-3.1.4", f"{D2L} §3.1.1 (3.1.4)",
               r"l^{(i)}(\mathbf{w}, b) = \frac{1}{2} \left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - "
               r"y^{(i)}\right)^2", r"\mathbf{w}", r"\mathbf{w}, \mathbf{x}^{(i)} \in \mathbb{R}^{d}",
               r"\mathbf{x}^{(i)} \left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - y^{(i)}\right)",
               layout=DEN),
    # §3.1.1 (3.1.5): the loss over the data set
    Derivation("d2l-3.1.5", f"{D2L} §3.1.1 (3.1.5)",
               r"L(\mathbf{w}, b) =\frac{1}{n}\sum_{i=1}^n \frac{1}{2}\left(\mathbf{w}^\top "
               r"\mathbf{x}^{(i)} + b - y^{(i)}\right)^2", "b",
               r"\mathbf{w}, \mathbf{x}^{(i)} \in \mathbb{R}^{d}",
               r"\frac{1}{n}\sum_{i=1}^n \left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - y^{(i)}\right)"),
    # §4.1.2 (4.1.10): ∂_{o_j} l(y, ŷ) = softmax(o)_j − y_j, y a probability vector
    Derivation("d2l-4.1.10", f"{D2L} §4.1.2 (4.1.10)",
               r"l(\mathbf{y}, \hat{\mathbf{y}}) = - \sum_{j=1}^q y_j \log \frac{\exp(o_j)}"
               r"{\sum_{k=1}^q \exp(o_k)}", r"\mathbf{o}",
               r"\mathbf{o} \in \mathbb{R}^{q}, \mathbf{y} \in \Delta^{q}",
               r"\operatorname{softmax}(\mathbf{o})^\top - \mathbf{y}^\top"),
    # §5.3.2: the regularization term s = λ/2 (||W^(1)||_F^2 + ||W^(2)||_F^2)
    Derivation("d2l-5.3", f"{D2L} §5.3.2",
               r"s = \frac{\lambda}{2} \left(\|\mathbf{W}^{(1)}\|_F^2 + \|\mathbf{W}^{(2)}\|_F^2\right)",
               r"\mathbf{W}^{(1)}", r"\mathbf{W}^{(1)} \in \mathbb{R}^{h \times d}",
               r"\lambda\mathbf{W}^{(1)}", layout=DEN),

    # -- Stanford CS229 ---------------------------------------------------------------------
    # Part I §2.2 (the normal equations): ∇_θ J(θ), with the notes' steps
    Derivation("cs229-normal", f"{CS229}, Part I §2.2 (normal equations)",
               r"J(\theta) = \frac{1}{2}(X\theta - \vec{y})^T(X\theta - \vec{y})", r"\theta",
               r"\theta \in \mathbb{R}^{d}, X \in \mathbb{R}^{n \times d}, \vec{y} \in \mathbb{R}^{n}",
               steps=(r"= \frac{1}{2}\nabla_\theta \left((X\theta)^TX\theta - (X\theta)^T\vec{y} - "
                      r"\vec{y}^T(X\theta) + \vec{y}^T\vec{y}\right)",
                      r"= \frac{1}{2}\nabla_\theta \left(\theta^T(X^TX)\theta - \vec{y}^T(X\theta) - "
                      r"\vec{y}^T(X\theta)\right)",
                      r"= \frac{1}{2}\nabla_\theta \left(\theta^T(X^TX)\theta - 2(X^T\vec{y})^T\theta\right)",
                      r"= \frac{1}{2}\left(2X^TX\theta - 2X^T\vec{y}\right)",
                      r"= X^TX\theta - X^T\vec{y}"), layout=DEN),
    # the notes' facts: ∇_x b^T x = b, ∇_x x^T A x = 2Ax for symmetric A
    Derivation("cs229-bx", f"{CS229}, Part I §2.2", r"b^Tx", "x",
               r"b, x \in \mathbb{R}^{d}", "b", layout=DEN),
    Derivation("cs229-xAx", f"{CS229}, Part I §2.2 (A symmetric)", r"x^TAx", "x",
               r"x \in \mathbb{R}^{d}, A \in \mathbb{S}^{d}", "2Ax", layout=DEN),
    # the earlier notes' matrix derivatives (1), (3), (4), in the LaTeX of the summary at
    # nosarthur.github.io/math and physics/2016/05/28/math-tricks ("derivative of traces")
    Derivation("cs229-trAB", f"{CS229}, Part I §2.1 (1), as quoted by nosarthur.github.io",
               "tr AB", "A", r"A \in \mathbb{R}^{m \times n}, B \in \mathbb{R}^{n \times m}", "B^T",
               layout=DEN),
    Derivation("cs229-trABAC", f"{CS229}, Part I §2.1 (3), as quoted by nosarthur.github.io",
               "trABA^TC", "A",
               r"A \in \mathbb{R}^{m \times n}, B \in \mathbb{R}^{n \times n}, C \in \mathbb{R}^{m \times m}",
               "CAB +C^TAB^T", layout=DEN),
    Derivation("cs229-detA", f"{CS229}, Part I §2.1 (4), as quoted by nosarthur.github.io",
               "|A|", "A", r"A \in \mathbb{R}^{n \times n}", r"|A|\left(A^{-1}\right)^T",
               layout=DEN),
    # the same derivatives with tr as an operator name, as the notes typeset them
    Derivation("cs229-trAB-operatorname", f"{CS229}, Part I §2.1 (1)", r"\operatorname{tr}AB",
               "A", r"A \in \mathbb{R}^{m \times n}, B \in \mathbb{R}^{n \times m}", "B^T",
               layout=DEN),
    Derivation("cs229-trABAC-operatorname", f"{CS229}, Part I §2.1 (3)",
               r"\operatorname{tr}ABA^TC", "A",
               r"A \in \mathbb{R}^{m \times n}, B \in \mathbb{R}^{n \times n}, C \in \mathbb{R}^{m \times m}",
               "CAB + C^TAB^T", layout=DEN),
    # Part II §5 (logistic regression): g'(z) = g(z)(1 − g(z)), with the notes' steps
    Derivation("cs229-sigmoid", f"{CS229}, Part II §5 (g' of the sigmoid)",
               r"\frac{1}{1 + e^{-z}}", "z",
               steps=(r"= \frac{1}{(1 + e^{-z})^2}\left(e^{-z}\right)",
                      r"= \frac{1}{(1 + e^{-z})} \cdot \left(1 - \frac{1}{(1 + e^{-z})}\right)",
                      "= g(z)(1 - g(z))")),
    Derivation("cs229-gprime", f"{CS229}, Part II §5", "g(z)", "z", expect="g'(z)"),
    # Part II §5: the log likelihood of one example, ∂ℓ/∂θ_j = (y − h_θ(x)) x_j
    Derivation("cs229-logistic", f"{CS229}, Part II §5 (one example)",
               r"y \log g(\theta^T x) + (1 - y) \log (1 - g(\theta^T x))", r"\theta_j",
               r"\theta, x \in \mathbb{R}^{d}", r"(y - g(\theta^T x)) x_j"),

    # -- Bishop, PRML -----------------------------------------------------------------------
    # Appendix C (C.19); (C.24)-(C.28) checked against a stored copy of p. 698
    Derivation("prml-c.19", f"{PRML} (C.19)", r"\mathbf{x}^{\mathrm{T}}\mathbf{a}", r"\mathbf{x}",
               r"\mathbf{x}, \mathbf{a} \in \mathbb{R}^{n}", r"\mathbf{a}", layout=DEN),
    # (C.24)–(C.28)
    Derivation("prml-c.24", f"{PRML} (C.24)", r"\mathrm{Tr}\left(\mathbf{A}\mathbf{B}\right)",
               r"\mathbf{A}", r"\mathbf{A} \in \mathbb{R}^{m \times n}, \mathbf{B} \in \mathbb{R}^{n \times m}",
               r"\mathbf{B}^{\mathrm{T}}", layout=DEN),
    Derivation("prml-c.25", f"{PRML} (C.25)",
               r"\mathrm{Tr}\left(\mathbf{A}^{\mathrm{T}}\mathbf{B}\right)", r"\mathbf{A}",
               r"\mathbf{A}, \mathbf{B} \in \mathbb{R}^{m \times n}", r"\mathbf{B}", layout=DEN),
    Derivation("prml-c.26", f"{PRML} (C.26)", r"\mathrm{Tr}(\mathbf{A})", r"\mathbf{A}",
               r"\mathbf{A} \in \mathbb{R}^{n \times n}", r"\mathbf{I}", layout=DEN),
    Derivation("prml-c.27", f"{PRML} (C.27)",
               r"\mathrm{Tr}\left(\mathbf{A}\mathbf{B}\mathbf{A}^{\mathrm{T}}\right)", r"\mathbf{A}",
               r"\mathbf{A} \in \mathbb{R}^{m \times n}, \mathbf{B} \in \mathbb{R}^{n \times n}",
               r"\mathbf{A}\left(\mathbf{B} + \mathbf{B}^{\mathrm{T}}\right)", layout=DEN),
    Derivation("prml-c.28", f"{PRML} (C.28)", r"\ln|\mathbf{A}|", r"\mathbf{A}",
               r"\mathbf{A} \in \mathbb{R}^{n \times n}",
               r"\left(\mathbf{A}^{-1}\right)^{\mathrm{T}}", layout=DEN),
    # (2.118) → (2.120): the mean of a Gaussian, ∂/∂μ ln p = Σ_n Σ^{-1}(x_n − μ)
    Derivation("prml-2.120", f"{PRML} (2.118), (2.120)",
               r"-\frac{ND}{2}\ln(2\pi) - \frac{N}{2}\ln|\boldsymbol{\Sigma}| - \frac{1}{2}"
               r"\sum_{n=1}^{N}(\mathbf{x}_n - \boldsymbol{\mu})^{\mathrm{T}}\boldsymbol{\Sigma}^{-1}"
               r"(\mathbf{x}_n - \boldsymbol{\mu})", r"\boldsymbol{\mu}",
               r"\mathbf{x}_n, \boldsymbol{\mu} \in \mathbb{R}^{D}, \boldsymbol{\Sigma} \in \mathbb{S}^{D}_{++}",
               r"\sum_{n=1}^{N}\boldsymbol{\Sigma}^{-1}(\mathbf{x}_n - \boldsymbol{\mu})", layout=DEN),
    # the same without the constant terms the gradient does not see
    Derivation("prml-2.120-quadratic", f"{PRML} (2.118), (2.120), the μ-dependent term",
               r"- \frac{1}{2}\sum_{n=1}^{N}(\mathbf{x}_n - \boldsymbol{\mu})^{\mathrm{T}}"
               r"\boldsymbol{\Sigma}^{-1}(\mathbf{x}_n - \boldsymbol{\mu})", r"\boldsymbol{\mu}",
               r"\mathbf{x}_n, \boldsymbol{\mu} \in \mathbb{R}^{D}, \boldsymbol{\Sigma} \in \mathbb{S}^{D}_{++}",
               r"\sum_{n=1}^{N}\boldsymbol{\Sigma}^{-1}(\mathbf{x}_n - \boldsymbol{\mu})", layout=DEN),
    # (3.12)–(3.13): the gradient of the log likelihood of linear regression
    Derivation("prml-3.13", f"{PRML} (3.11)–(3.13)",
               r"\frac{N}{2}\ln\beta - \frac{N}{2}\ln(2\pi) - \beta\frac{1}{2}\sum_{n=1}^{N}"
               r"\{t_n - \mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}(\mathbf{x}_n)\}^2", r"\mathbf{w}",
               r"\mathbf{w} \in \mathbb{R}^{M}",
               r"\beta\sum_{n=1}^{N}\{t_n - \mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}(\mathbf{x}_n)\}"
               r"\boldsymbol{\phi}(\mathbf{x}_n)^{\mathrm{T}}"),
    # (4.90)–(4.91): logistic regression, y_n = σ(w^T φ_n) written out as (4.87) defines it
    Derivation("prml-4.91", f"{PRML} (4.90)–(4.91), y_n = σ(a_n) written out",
               r"-\sum_{n=1}^{N}\{t_n\ln\sigma(\mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}_n) + (1 - t_n)"
               r"\ln(1 - \sigma(\mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}_n))\}", r"\mathbf{w}",
               r"\mathbf{w}, \boldsymbol{\phi}_n \in \mathbb{R}^{M}",
               r"\sum_{n=1}^{N}(\sigma(\mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}_n) - t_n)"
               r"\boldsymbol{\phi}_n", layout=DEN),

    # -- ESL ---------------------------------------------------------------------------------
    # (3.3)–(3.4): RSS(β) = (y − Xβ)^T(y − Xβ), ∂RSS/∂β = −2X^T(y − Xβ)
    Derivation("esl-3.4", f"{ESL} (3.3)–(3.4)",
               r"\mathrm{RSS}(\beta) = (\mathbf{y} - \mathbf{X}\beta)^T(\mathbf{y} - \mathbf{X}\beta)",
               r"\beta",
               r"\beta \in \mathbb{R}^{p}, \mathbf{X} \in \mathbb{R}^{N \times p}, \mathbf{y} \in \mathbb{R}^{N}",
               r"-2\mathbf{X}^T(\mathbf{y} - \mathbf{X}\beta)", layout=DEN),
    # (3.43): ridge, RSS(λ) = (y − Xβ)^T(y − Xβ) + λβ^Tβ; its gradient (leads to (3.44))
    Derivation("esl-3.43", f"{ESL} (3.43)–(3.44), the gradient set to zero",
               r"(\mathbf{y} - \mathbf{X}\beta)^T(\mathbf{y} - \mathbf{X}\beta) + \lambda\beta^T\beta",
               r"\beta",
               r"\beta \in \mathbb{R}^{p}, \mathbf{X} \in \mathbb{R}^{N \times p}, \mathbf{y} \in \mathbb{R}^{N}",
               r"-2\mathbf{X}^T(\mathbf{y} - \mathbf{X}\beta) + 2\lambda\beta", layout=DEN),
    # (3.3)–(3.4) in the LaTeX of a question quoting them (mathhelpforum.com/calculus/48692),
    # with its declarations: β ∈ R^{p+1}, X an N × (p+1) matrix
    Derivation("esl-3.4-quoted", f"{ESL} (3.3)–(3.4), as quoted at mathhelpforum.com",
               r"RSS(\beta) = (y - X\beta)^T(y-X\beta)", r"\beta",
               r"\beta \in \mathbb{R}^{p+1}, y \in \mathbb{R}^{N}, X \in \mathbb{R}^{N \times (p+1)}",
               r"-2X^T(y-X\beta)", layout=DEN),
    # an answer deriving (3.4) (stats.stackexchange.com/questions/336860), its steps
    Derivation("esl-3.4-answer", f"{ESL} (3.4), derived in stats.stackexchange.com/questions/336860",
               r"RSS(\beta) = y^T y - 2 \beta^T X^T y + \beta^T X^T X \beta", r"\beta",
               r"\beta \in \mathbb{R}^{p}, y \in \mathbb{R}^{N}, X \in \mathbb{R}^{N \times p}",
               steps=(r"= \frac{\partial}{\partial \beta} y^T y - 2 \frac{\partial}{\partial \beta} "
                      r"\beta^T X^T y + \frac{\partial}{\partial \beta} \beta^T X^T X \beta",
                      r"= 0 - 2 X^T y + 2 X^T X \beta"), layout=DEN),
    # (4.20)–(4.21): the logistic log likelihood and its score equations, with p(x; β) as
    # (4.18) defines it, a :where: definition
    Derivation("esl-4.21", f"{ESL} (4.20)–(4.21)",
               r"\ell(\beta) = \sum_{i=1}^{N} \left\{ y_i \beta^T x_i - \log(1 + e^{\beta^T x_i}) \right\}",
               r"\beta", r"\beta, x_i \in \mathbb{R}^{p}; "
               r"p(x; \beta) = \frac{e^{\beta^T x}}{1 + e^{\beta^T x}}",
               r"\sum_{i=1}^{N} x_i (y_i - p(x_i; \beta))", layout=DEN),

    # -- Math4ML (healthml.github.io/Math4ML, chapter_calculus/matrix_calculus) ---------------
    # "the two most important" rules, and 2Ax for a symmetric A (the transpose spaced with \!)
    Derivation("math4ml-ax", "healthml.github.io/Math4ML, Matrix calculus",
               r"\mathbf{a}^{\!\top\!}\mathbf{x}", r"\mathbf{x}",
               r"\mathbf{a}, \mathbf{x} \in \mathbb{R}^{n}", r"\mathbf{a}", layout=DEN),
    Derivation("math4ml-xAx", "healthml.github.io/Math4ML, Matrix calculus",
               r"\mathbf{x}^{\!\top\!}\mathbf{A}\mathbf{x}", r"\mathbf{x}",
               r"\mathbf{x} \in \mathbb{R}^{n}, \mathbf{A} \in \mathbb{R}^{n \times n}",
               r"(\mathbf{A} + \mathbf{A}^{\!\top\!})\mathbf{x}", layout=DEN),
    Derivation("math4ml-xAx-symmetric", "healthml.github.io/Math4ML, Matrix calculus "
               "(A symmetric)", r"\mathbf{x}^{\!\top\!}\mathbf{A}\mathbf{x}", r"\mathbf{x}",
               r"\mathbf{x} \in \mathbb{R}^{n}, \mathbf{A} \in \mathbb{S}^{n}",
               r"2\mathbf{A}\mathbf{x}", layout=DEN),

    # -- course notebooks -----------------------------------------------------------------
    # masinoa/machine_learning, REF_linear_algebra.ipynb, "Matrix Derivatives" 1
    Derivation("masinoa-xy", "masinoa/machine_learning REF_linear_algebra.ipynb, Matrix "
               "Derivatives 1", r"(\mathbf{x}^T \mathbf{y})", r"\mathbf{x}",
               r"\mathbf{x}, \mathbf{y} \in \mathbb{R}^{n}", r"\mathbf{y}", layout=DEN),
    Derivation("masinoa-yx", "masinoa/machine_learning REF_linear_algebra.ipynb, Matrix "
               "Derivatives 1", r"(\mathbf{y}^T \mathbf{x})", r"\mathbf{x}",
               r"\mathbf{x}, \mathbf{y} \in \mathbb{R}^{n}", r"\mathbf{y}", layout=DEN),
    # the same notebook, Trace Properties 3 and 7 (A as the variable)
    Derivation("masinoa-trAB", "masinoa/machine_learning REF_linear_algebra.ipynb, Trace "
               "Properties 3", r"tr AB", "A",
               r"A \in \mathbb{R}^{m \times n}, B \in \mathbb{R}^{n \times m}", "B^T", layout=DEN),

    # -- matrixcalculus.org ----------------------------------------------------------------
    # the site's opening example, x'*A*x + c*sin(y)'*x, its output (denominator layout)
    Derivation("mco-default", "matrixcalculus.org, the default example",
               r"x^\top \cdot A \cdot x + c \cdot \sin(y)^\top \cdot x", "x",
               r"x, y \in \mathbb{R}^{n}, A \in \mathbb{R}^{n \times n}, c \in \mathbb{R}",
               r"(A^\top + A) \cdot x + c \cdot \sin(y)", layout=DEN),

    # -- softmax and cross-entropy -------------------------------------------------------
    # the softmax Jacobian in vector form, ∂p/∂o = diag(p) − p p^T (numerator)
    Derivation("softmax-jacobian", "softmax Jacobian, vector form of p_i(δ_ik − p_k) "
               "(sunhaozhe.github.io/blogs/2019/10/03/matrix-calculus)",
               r"\operatorname{softmax}(\mathbf{o})", r"\mathbf{o}", r"\mathbf{o} \in \mathbb{R}^{C}",
               r"\operatorname{diag}(\operatorname{softmax}(\mathbf{o})) - \operatorname{softmax}"
               r"(\mathbf{o})\operatorname{softmax}(\mathbf{o})^T"),
    # the cross-entropy gradient, y a probability vector, in vector form
    Derivation("softmax-ce", "cross-entropy of softmax, ∂L/∂o = p − y with Σ y_i = 1 "
               "(sunhaozhe.github.io/blogs/2019/10/03/matrix-calculus), vector form",
               r"L = -\mathbf{y}^T \log(\operatorname{softmax}(\mathbf{o}))", r"\mathbf{o}",
               r"\mathbf{o} \in \mathbb{R}^{C}, \mathbf{y} \in \Delta^{C}",
               r"\operatorname{softmax}(\mathbf{o}) - \mathbf{y}", layout=DEN),
    # the same in the post's own components
    Derivation("softmax-ce-components", "sunhaozhe.github.io/blogs/2019/10/03/matrix-calculus, "
               "∂L/∂o_k = p_k − y_k",
               r"L = - \sum_i y_i \log \frac{ \exp (o_i) }{\sum_j \exp(o_j) }", r"\mathbf{o}",
               r"\mathbf{o} \in \mathbb{R}^{C}, \mathbf{y} \in \Delta^{C}",
               r"\operatorname{softmax}(\mathbf{o})^T - \mathbf{y}^T"),
    # postnetwork.co, "Gradient of Softmax + Cross-Entropy w.r.t Logits": ∂L/∂z_j = ŷ_j − y_j,
    # with the post's definition ŷ = softmax(z) as a :where: definition
    Derivation("softmax-ce-postnetwork", "postnetwork.co, Gradient of Softmax + Cross-Entropy "
               "w.r.t Logits",
               r"L = -\sum_{i=1}^{C} y_i \log \hat{y}_i", r"\mathbf{z}",
               r"\mathbf{z} \in \mathbb{R}^{C}, \mathbf{y} \in \Delta^{C}; "
               r"\hat{\mathbf{y}} = \operatorname{softmax}(\mathbf{z})",
               r"\hat{\mathbf{y}} - \mathbf{y}", layout=DEN),
    # log-sum-exp, the normaliser of attention scores: its gradient is the softmax
    Derivation("lse", "log-sum-exp, ∇ LSE(z) = softmax(z) (e.g. Goodfellow et al. §6.2.2.3)",
               r"\operatorname{logsumexp}(\mathbf{z})", r"\mathbf{z}", r"\mathbf{z} \in \mathbb{R}^{n}",
               r"\operatorname{softmax}(\mathbf{z})", layout=DEN),
    # scaled dot-product attention score of one query and key (Vaswani et al. 2017, (1)):
    # s = q^T k / sqrt(d_k), ∂s/∂q = k^T / sqrt(d_k)
    Derivation("attention-score", "Vaswani et al. 2017, (1): one score q·k/√d_k",
               r"\frac{\mathbf{q}^T\mathbf{k}}{\sqrt{d_k}}", r"\mathbf{q}",
               r"\mathbf{q}, \mathbf{k} \in \mathbb{R}^{d}, d_k \in \mathbb{R}",
               r"\frac{\mathbf{k}^T}{\sqrt{d_k}}"),
]

#: Claims of the sources that are wrong, and why (not in the corpus as right).
WRONG_IN_SOURCES = {
    f"{CB} (94)": "∂/∂x (xᵀAᵀAx)/(xᵀBᵀBx) is given with xᵀBBx in the first denominator; "
                  "the right one is xᵀBᵀBx",
}


def rst(d: Derivation) -> str:
    """The page of ``d`` in reStructuredText."""
    lines = [d.name, "=" * len(d.name), "", f".. derive:: {d.function}", f"   :wrt: {d.wrt}"]
    lines += [f"   :{k}: {v}" for k, v in (("where", d.where), ("expect", d.expect),
                                           ("layout", d.layout)) if v]
    if d.steps:
        lines += [""] + [f"   {s}" for s in d.steps]
    return "\n".join(lines) + "\n"


def _yaml(value: str) -> str:
    """An option value as MyST's YAML options take it: quoted where YAML would read it
    otherwise (|A| starts a block scalar), as an author of MyST notes has to write it."""
    if value[:1] in "|>!&*[]{}#%@`'\"" or ": " in value:
        return "'" + value.replace("'", "''") + "'"
    return value


def myst(d: Derivation) -> str:
    """The page of ``d`` in MyST Markdown."""
    lines = [f"# {d.name}", "", f"```{{derive}} {d.function}", f":wrt: {d.wrt}"]
    lines += [f":{k}: {_yaml(v)}" for k, v in (("where", d.where), ("expect", d.expect),
                                               ("layout", d.layout)) if v]
    if d.steps:
        lines += [""] + list(d.steps)
    return "\n".join(lines + ["```"]) + "\n"
