"""The chain rule, computed exactly: computation graphs, backpropagation, deep chains.

Reverse-mode differentiation of a scalar computation graph is the chain rule applied
edge by edge, from the output back to the inputs:

.. math::  \\frac{\\partial L}{\\partial u} = \\sum_{v \\,:\\, u \\to v}
           \\frac{\\partial L}{\\partial v}\\, \\frac{\\partial v}{\\partial u}

(downstream gradient = Σ upstream gradient × local derivative over the edges that
leave ``u``). :func:`backward` returns every node's gradient *and* the ordered trace
of those edge products, which is what a scene animates.

The module also holds the activations and their derivatives, a dense layer
``a = f(W x + b)`` with its hand-derived backward pass (``dL/dW = δ xᵀ``), a small MLP
trained by gradient descent (to show why zero initialisation never breaks symmetry),
and deep chains of layers: gradient magnitude per layer (vanishing gradients, ReLU,
residual connections) and activation statistics per layer under zero / small / large /
Xavier / He initialisation.
"""

from __future__ import annotations

import dataclasses
import numbers
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import sympy as sp

from dlmath import _validate as V

__all__ = [
    "OPS",
    "ACTIVATIONS",
    "INITS",
    "Node",
    "var",
    "const",
    "exp",
    "log",
    "sigmoid",
    "tanh",
    "relu",
    "topological_order",
    "neuron_loss_graph",
    "Forward",
    "BackwardStep",
    "Backward",
    "forward",
    "backward",
    "SympySigmoid",
    "to_sympy",
    "symbolic_gradient",
    "SymbolicGradient",
    "symbolic_gradient_at",
    "activation",
    "activation_grad",
    "ActivationInfo",
    "activation_info",
    "derivative_bound",
    "DenseForward",
    "DenseBackward",
    "dense_forward",
    "dense_backward",
    "DenseStep",
    "dense_step",
    "MLPPass",
    "mlp_pass",
    "Training",
    "train_mlp",
    "ChainResult",
    "scalar_chain",
    "init_weights",
    "init_mlp",
    "DeepPass",
    "deep_pass",
    "LayerGradients",
    "gradient_per_layer",
    "ActivationStats",
    "activation_stats",
    "StackWeightGrads",
    "sigmoid_stack_weight_grads",
    "DeadUnits",
    "dead_relu_units",
    "NeuronPath",
    "neuron_sgd_path",
]

OPS: tuple[str, ...] = ("var", "const", "add", "sub", "mul", "div", "pow", "neg", "exp",
                        "log", "sigmoid", "tanh", "relu")
"""Node operations of the computation graph."""

ACTIVATIONS: tuple[str, ...] = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu")
"""Activation functions known to :func:`activation` and the layer functions."""

INITS: tuple[str, ...] = ("zero", "small", "large", "xavier", "he")
"""Weight initialisations of :func:`init_weights` (variances in its docstring)."""

LEAKY_SLOPE: float = 0.01
"""Slope of leaky ReLU for negative inputs."""
ELU_ALPHA: float = 1.0
"""ELU's ``α``: ``f(x) = α(eˣ − 1)`` for ``x ≤ 0``, so ``f → −α`` as ``x → −∞``."""

SMALL_STD: float = 0.01
"""Standard deviation of the ``small`` initialisation."""
LARGE_STD: float = 1.0
"""Standard deviation of the ``large`` initialisation."""


# ---------------------------------------------------------------- the graph


@dataclass(frozen=True, eq=False)
class Node:
    """A node of a scalar computation graph (compared and hashed by identity).

    Build graphs with :func:`var`, :func:`const`, the operators ``+ - * / **`` (a
    constant exponent) and unary ``-``, and :func:`exp`, :func:`log`, :func:`sigmoid`,
    :func:`tanh`, :func:`relu`. A node used by several others is *shared*: its
    gradient is the sum over its outgoing edges.

    Attributes
    ----------
    op : str
        One of :data:`OPS`.
    args : tuple of Node
        Inputs of the operation (empty for ``var`` and ``const``).
    name : str
        Variable name for ``var``; an optional display name otherwise (see :meth:`named`).
    value : float
        The number of a ``const`` node, the exponent of a ``pow`` node.
    """

    op: str
    args: tuple["Node", ...] = ()
    name: str = ""
    value: float = 0.0

    def named(self, name: str) -> "Node":
        """The same operation with a display name (use it before the node is reused)."""
        return dataclasses.replace(self, name=name)

    @property
    def label(self) -> str:
        """The display name, else the variable name, constant or operation."""
        if self.name:
            return self.name
        if self.op == "const":
            return f"{self.value:g}"
        return self.op

    def __add__(self, other: object) -> "Node":
        return Node("add", (self, _node(other)))

    def __radd__(self, other: object) -> "Node":
        return Node("add", (_node(other), self))

    def __sub__(self, other: object) -> "Node":
        return Node("sub", (self, _node(other)))

    def __rsub__(self, other: object) -> "Node":
        return Node("sub", (_node(other), self))

    def __mul__(self, other: object) -> "Node":
        return Node("mul", (self, _node(other)))

    def __rmul__(self, other: object) -> "Node":
        return Node("mul", (_node(other), self))

    def __truediv__(self, other: object) -> "Node":
        return Node("div", (self, _node(other)))

    def __rtruediv__(self, other: object) -> "Node":
        return Node("div", (_node(other), self))

    def __pow__(self, exponent: object) -> "Node":
        if isinstance(exponent, (Node, bool)) or not isinstance(exponent, numbers.Real):
            raise ValueError(f"exponent must be a real number, got {exponent!r}")
        p = float(exponent)
        if not np.isfinite(p):
            raise ValueError(f"exponent must be finite, got {p}")
        return Node("pow", (self,), value=p)

    def __neg__(self) -> "Node":
        return Node("neg", (self,))


def _finite(name: str, value: object) -> float:
    """A finite real number (:func:`dlmath._validate.finite_float`)."""
    return V.finite_float(name, value)


def _node(x: object, name: str | None = None) -> Node:
    """A Node, or a finite real number as a constant; errors name ``name`` when given."""
    if isinstance(x, Node):
        return x
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        if name is None:
            raise V.ArgumentTypeError(f"graph operands must be Nodes or real numbers, got {x!r}")
        raise V.ArgumentTypeError(f"{name} must be a Node or a finite real number, got {V.show(x)}")
    return Node("const", value=_finite(name or "graph operands", x))


def var(name: str) -> Node:
    """An input variable; its value is given to :func:`forward` by ``name``."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be an identifier string, got {name!r}")
    return Node("var", name=name)


def const(value: float) -> Node:
    """A constant (no gradient flows into it from outside)."""
    return Node("const", value=_finite("value", value))


def exp(a: Node) -> Node:
    """``exp(a)``."""
    return Node("exp", (_node(a, "a"),))


def log(a: Node) -> Node:
    """Natural logarithm ``log(a)`` (``a > 0`` when evaluated)."""
    return Node("log", (_node(a, "a"),))


def sigmoid(a: Node) -> Node:
    """``σ(a) = 1 / (1 + e^{-a})``."""
    return Node("sigmoid", (_node(a, "a"),))


def tanh(a: Node) -> Node:
    """``tanh(a)``."""
    return Node("tanh", (_node(a, "a"),))


def relu(a: Node) -> Node:
    """``max(0, a)``; its derivative at 0 is taken as 0."""
    return Node("relu", (_node(a, "a"),))


def topological_order(output: Node) -> tuple[Node, ...]:
    """Every node ``output`` depends on, each once, inputs before the nodes using them."""
    if not isinstance(output, Node):
        raise V.ArgumentTypeError(f"output must be a Node, got {type(output).__name__}")
    order: list[Node] = []
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(output, False)]
    while stack:  # iterative post-order DFS (deep graphs do not hit the recursion limit)
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for arg in reversed(node.args):
            if id(arg) not in seen:
                stack.append((arg, False))
    return tuple(order)


def neuron_loss_graph() -> Node:
    """``L = (σ(w x + b) − y)²``: one sigmoid neuron and its squared error, nodes named
    ``u = w x``, ``z = u + b``, ``a = σ(z)``, ``d = a − y``, ``L = d²``."""
    w, x, b, y = var("w"), var("x"), var("b"), var("y")
    u = (w * x).named("u")
    z = (u + b).named("z")
    a = sigmoid(z).named("a")
    d = (a - y).named("d")
    return (d**2).named("L")


def _sigmoid(x):
    x = np.asarray(x, dtype=float)
    # split by sign so neither branch overflows
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _apply(node: Node, a: Sequence[float]) -> float:
    op = node.op
    if op == "add":
        return a[0] + a[1]
    if op == "sub":
        return a[0] - a[1]
    if op == "mul":
        return a[0] * a[1]
    if op == "div":
        if a[1] == 0:
            raise ValueError(f"division by zero at node {node.label!r}")
        return a[0] / a[1]
    if op == "pow":
        if a[0] < 0 and not float(node.value).is_integer():
            raise ValueError(f"negative base {a[0]} with non-integer exponent {node.value}")
        if a[0] == 0 and node.value < 1:
            raise ValueError(f"base 0 with exponent {node.value} < 1 has no derivative")
        return a[0] ** node.value
    if op == "neg":
        return -a[0]
    if op == "exp":
        return float(np.exp(a[0]))
    if op == "log":
        if a[0] <= 0:
            raise ValueError(f"log of non-positive value {a[0]} at node {node.label!r}")
        return float(np.log(a[0]))
    if op == "sigmoid":
        return float(_sigmoid(a[0]))
    if op == "tanh":
        return float(np.tanh(a[0]))
    if op == "relu":
        return max(0.0, a[0])
    raise ValueError(f"op must be one of {OPS}, got {op!r}")


def _local(node: Node, a: Sequence[float], out: float) -> tuple[float, ...]:
    """∂node/∂arg for each argument, at argument values ``a`` and node value ``out``."""
    op = node.op
    if op == "add":
        return (1.0, 1.0)
    if op == "sub":
        return (1.0, -1.0)
    if op == "mul":
        return (a[1], a[0])
    if op == "div":
        return (1.0 / a[1], -a[0] / a[1] ** 2)
    if op == "pow":
        return (node.value * a[0] ** (node.value - 1),)
    if op == "neg":
        return (-1.0,)
    if op == "exp":
        return (out,)
    if op == "log":
        return (1.0 / a[0],)
    if op == "sigmoid":
        return (out * (1.0 - out),)
    if op == "tanh":
        return (1.0 - out**2,)
    if op == "relu":
        return (1.0 if a[0] > 0 else 0.0,)
    raise ValueError(f"op must be one of {OPS}, got {op!r}")


@dataclass(frozen=True)
class Forward:
    """Every node's value, in topological order (inputs first, output last)."""

    nodes: tuple[Node, ...]
    values: np.ndarray

    def index(self, node: Node) -> int:
        """Position of ``node`` in :attr:`nodes`."""
        for i, n in enumerate(self.nodes):
            if n is node:
                return i
        raise ValueError(f"node {node.label!r} is not in this graph")

    def value(self, node: Node) -> float:
        """The value of ``node``."""
        return float(self.values[self.index(node)])

    @property
    def output(self) -> float:
        """The value of the output node."""
        return float(self.values[-1])


@dataclass(frozen=True)
class BackwardStep:
    """One edge of the backward pass: ``product = upstream × local`` flows into ``target``.

    Attributes
    ----------
    source : int
        Index (in topological order) of the node whose gradient is passed back.
    target : int
        Index of its input that receives ``product`` (added to its gradient).
    upstream : float
        ``∂L/∂source``, complete when this step runs.
    local : float
        ``∂source/∂target``, the local derivative of the operation.
    product : float
        ``upstream × local``.
    """

    source: int
    target: int
    upstream: float
    local: float
    product: float


@dataclass(frozen=True)
class Backward:
    """The backward pass: values, gradients ``∂L/∂node`` and the ordered edge trace."""

    nodes: tuple[Node, ...]
    values: np.ndarray
    grads: np.ndarray
    trace: tuple[BackwardStep, ...]

    def index(self, node: Node) -> int:
        """Position of ``node`` in :attr:`nodes`."""
        return Forward(self.nodes, self.values).index(node)

    def grad(self, node: Node | str) -> float:
        """``∂L/∂node``, the node given as a Node or a variable name."""
        if isinstance(node, str):
            found = [i for i, n in enumerate(self.nodes) if n.op == "var" and n.name == node]
            if not found:
                names = sorted(n.name for n in self.nodes if n.op == "var")
                raise ValueError(f"variable must be one of {names}, got {node!r}")
            return float(self.grads[found[0]])
        return float(self.grads[self.index(node)])


def forward(output: Node, values: Mapping[str, float]) -> Forward:
    """Evaluate every node of the graph of ``output`` at the given variable values.

    Parameters
    ----------
    output : Node
        The graph's output (usually the loss ``L``).
    values : mapping of str to float
        A finite value for every variable the graph uses.
    """
    order = topological_order(output)
    V.instance("values", values, Mapping, "a mapping of variable names to numbers")
    vals = np.empty(len(order))
    pos = {id(n): i for i, n in enumerate(order)}
    for i, node in enumerate(order):
        if node.op == "var":
            if node.name not in values:
                raise ValueError(f"values has no entry for variable {node.name!r}; "
                                 f"got {sorted(values)}")
            vals[i] = _finite(f"values[{node.name!r}]", values[node.name])
        elif node.op == "const":
            vals[i] = node.value
        else:
            with np.errstate(over="ignore"):  # overflow is reported below, naming the node
                vals[i] = _apply(node, [vals[pos[id(a)]] for a in node.args])
            if not np.isfinite(vals[i]):
                raise ValueError(f"node {node.label!r} overflowed to {vals[i]}")
    return Forward(order, vals)


def backward(output: Node, values: Mapping[str, float]) -> Backward:
    """Reverse-mode gradients of ``output`` with respect to every node, with the trace.

    Notes
    -----
    Seeds ``∂L/∂L = 1`` and visits the nodes in reverse topological order; each node
    ``v`` passes, along every edge to an input ``u``,

    .. math::  \\frac{\\partial L}{\\partial u} \\mathrel{+}=
               \\frac{\\partial L}{\\partial v}\\cdot\\frac{\\partial v}{\\partial u}

    so a node used twice accumulates two products. ``trace`` lists those edge products
    in the order they are computed (each ``upstream`` is complete when used).
    """
    fwd = forward(output, values)
    order, vals = fwd.nodes, fwd.values
    pos = {id(n): i for i, n in enumerate(order)}
    grads = np.zeros(len(order))
    grads[-1] = 1.0
    trace: list[BackwardStep] = []
    for j in range(len(order) - 1, -1, -1):
        node = order[j]
        if not node.args:
            continue
        idx = [pos[id(a)] for a in node.args]
        locals_ = _local(node, [vals[i] for i in idx], vals[j])
        for i, loc in zip(idx, locals_):
            prod = grads[j] * loc
            grads[i] += prod
            trace.append(BackwardStep(source=j, target=i, upstream=float(grads[j]),
                                      local=float(loc), product=float(prod)))
    return Backward(order, vals, grads, tuple(trace))


class SympySigmoid(sp.Function):
    """σ as a sympy function that prints as ``\\sigma`` and differentiates to σ(1 − σ)."""

    def fdiff(self, argindex: int = 1):
        s = SympySigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sp.exp(-arg))

    def _latex(self, printer, exp=None):
        body = rf"\sigma\left({printer._print(self.args[0])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


def to_sympy(output: Node, sigmoid_as: str = "exp") -> sp.Expr:
    """The graph of ``output`` as a sympy expression in real symbols named like the vars.

    ``sigmoid_as="exp"`` writes σ(a) as ``1/(1 + exp(-a))``; ``"function"`` keeps it as
    :class:`SympySigmoid` (prints as σ, for formulas on screen). ReLU is ``Max(0, a)``.
    """
    V.choice("sigmoid_as", sigmoid_as, ("exp", "function"))
    done: dict[int, sp.Expr] = {}
    for node in topological_order(output):
        a = [done[id(x)] for x in node.args]
        op = node.op
        if op == "var":
            e = sp.Symbol(node.name, real=True)
        elif op == "const":
            e = sp.nsimplify(node.value, rational=True) if float(node.value).is_integer() \
                else sp.Float(node.value)
        elif op == "add":
            e = a[0] + a[1]
        elif op == "sub":
            e = a[0] - a[1]
        elif op == "mul":
            e = a[0] * a[1]
        elif op == "div":
            e = a[0] / a[1]
        elif op == "pow":
            p = node.value
            e = a[0] ** (sp.Integer(int(p)) if float(p).is_integer() else sp.Float(p))
        elif op == "neg":
            e = -a[0]
        elif op == "exp":
            e = sp.exp(a[0])
        elif op == "log":
            e = sp.log(a[0])
        elif op == "sigmoid":
            e = 1 / (1 + sp.exp(-a[0])) if sigmoid_as == "exp" else SympySigmoid(a[0])
        elif op == "tanh":
            e = sp.tanh(a[0])
        elif op == "relu":
            e = sp.Max(0, a[0])
        else:  # pragma: no cover - Node ops are validated on evaluation
            raise ValueError(f"op must be one of {OPS}, got {op!r}")
        done[id(node)] = e
    return done[id(output)]


def symbolic_gradient(output: Node, wrt: str, sigmoid_as: str = "function") -> sp.Expr:
    """``∂output/∂wrt`` by sympy (with σ kept as σ by default, for the screen)."""
    expr = to_sympy(output, sigmoid_as=sigmoid_as)
    names = sorted(s.name for s in expr.free_symbols)
    if wrt not in names:
        raise ValueError(f"wrt must be one of {names}, got {wrt!r}")
    return sp.diff(expr, sp.Symbol(wrt, real=True))


@dataclass(frozen=True)
class SymbolicGradient:
    """A sympy derivative, its LaTeX (σ printed as σ) and its value at a point."""

    wrt: str
    expr: sp.Expr
    latex: str
    value: float


def symbolic_gradient_at(output: Node, wrt: str, values: Mapping[str, float]) -> SymbolicGradient:
    """``∂output/∂wrt`` by sympy, written out and evaluated at ``values`` (an independent
    check of :func:`backward`: no graph traversal is involved in the evaluation)."""
    expr = symbolic_gradient(output, wrt, sigmoid_as="function")
    V.instance("values", values, Mapping, "a mapping of variable names to numbers")
    subs = {}
    for sym in expr.free_symbols:
        if sym.name not in values:
            raise ValueError(f"values has no entry for variable {sym.name!r}; got {sorted(values)}")
        subs[sym] = _finite(f"values[{sym.name!r}]", values[sym.name])
    value = sp.N(expr.rewrite(sp.exp).subs(subs), 30)
    if not (value.is_real and value.is_finite):
        raise ValueError(f"values {dict(values)} make ∂{wrt} not a finite real number ({value})")
    value = float(value)
    return SymbolicGradient(wrt=wrt, expr=expr, latex=sp.latex(expr), value=value)


# ---------------------------------------------------------------- activations


def _check_activation(name: str, arg: str = "act") -> None:
    """``name`` is one of :data:`ACTIVATIONS`; errors name the argument ``arg``."""
    V.choice(arg, name, ACTIVATIONS)


def activation(name: str, x: object) -> np.ndarray:
    """``f(x)`` elementwise for an activation of :data:`ACTIVATIONS`.

    Notes
    -----
    .. math::  \\sigma(x) = \\frac{1}{1+e^{-x}},\\quad \\tanh x,\\quad
               \\mathrm{ReLU}(x) = \\max(0, x),\\quad
               \\mathrm{leaky}(x) = \\max(0.01x, x),\\quad \\mathrm{linear}(x) = x,\\quad
               \\mathrm{ELU}(x) = x \\text{ if } x > 0 \\text{ else } e^{x} - 1

    The sigmoid is evaluated without overflow (``e^{-|x|}`` on either side of 0). This is
    the one activation implementation of dlmath (:mod:`dlmath.linear` uses it too).
    """
    _check_activation(name, "name")
    return _activation_values(name, V.array("x", x))


def _activation_values(name: str, xa: np.ndarray) -> np.ndarray:
    """:func:`activation` on a checked float array (the inner loops' path)."""
    if name == "linear":
        return xa.copy()
    if name == "sigmoid":
        return _sigmoid(xa)
    if name == "tanh":
        return np.tanh(xa)
    if name == "relu":
        return np.maximum(xa, 0.0)
    if name == "elu":
        return np.where(xa > 0, xa, ELU_ALPHA * np.expm1(np.minimum(xa, 0.0)))
    return np.where(xa > 0, xa, LEAKY_SLOPE * xa)


def activation_grad(name: str, x: object) -> np.ndarray:
    """``f'(x)`` elementwise for an activation of :data:`ACTIVATIONS`.

    Notes
    -----
    .. math::  \\sigma'(x) = \\sigma(x)(1-\\sigma(x)) \\le \\tfrac14,\\quad
               \\tanh'(x) = 1 - \\tanh^2 x \\le 1,\\quad
               \\mathrm{ReLU}'(x) = [x > 0]

    At ``x = 0`` ReLU's derivative is taken as 0 and leaky ReLU's as 0.01; ELU's
    ``α eˣ`` equals 1 there (with ``α = 1`` it is continuous).
    """
    _check_activation(name, "name")
    return _activation_slopes(name, V.array("x", x))


def _activation_slopes(name: str, xa: np.ndarray) -> np.ndarray:
    """:func:`activation_grad` on a checked float array (the inner loops' path)."""
    if name == "linear":
        return np.ones_like(xa)
    if name == "sigmoid":
        s = _sigmoid(xa)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(xa) ** 2
    if name == "relu":
        return (xa > 0).astype(float)
    if name == "elu":
        return np.where(xa > 0, 1.0, ELU_ALPHA * np.exp(np.minimum(xa, 0.0)))
    return np.where(xa > 0, 1.0, LEAKY_SLOPE)


@dataclass(frozen=True)
class ActivationInfo:
    """Range of an activation and the maximum of its derivative.

    Attributes
    ----------
    low, high : float
        Infimum and supremum of ``f`` (``±inf`` when unbounded).
    grad_max : float
        ``max_x f'(x)``.
    grad_argmax : float
        An ``x`` where it is reached (``inf`` when only approached as ``x → ∞``; for
        ReLU every ``x > 0`` reaches it, 1.0 is reported).
    zero_centred : bool
        Whether ``f(0) = 0`` and ``f`` takes both signs.
    low_attained : bool
        Whether ``f`` reaches ``low`` (ReLU reaches 0: its range is ``[0, ∞)``).
    """

    name: str
    low: float
    high: float
    grad_max: float
    grad_argmax: float
    zero_centred: bool
    low_attained: bool


def activation_info(name: str) -> ActivationInfo:
    """The range and the derivative maximum of an activation (σ′ peaks at 1/4 at 0)."""
    _check_activation(name, "name")
    table = {
        "linear": (-np.inf, np.inf, 1.0, 0.0, True, False),
        "sigmoid": (0.0, 1.0, 0.25, 0.0, False, False),
        "tanh": (-1.0, 1.0, 1.0, 0.0, True, False),
        "relu": (0.0, np.inf, 1.0, 1.0, False, True),
        "leaky_relu": (-np.inf, np.inf, 1.0, 1.0, True, False),
        "elu": (-ELU_ALPHA, np.inf, 1.0, 1.0, True, False),
    }
    low, high, gmax, arg, centred, attained = table[name]
    return ActivationInfo(name, low, high, gmax, arg, centred, attained)


def derivative_bound(act: str, depth: int) -> np.ndarray:
    """Upper bound of the product of ``k`` activation derivatives, for ``k = 1..depth``.

    Notes
    -----
    .. math::  \\prod_{j=1}^{k} f'(z_j) \\le \\big(\\max_x f'(x)\\big)^k

    For sigmoid this is ``(1/4)^k``: ``0.25^10 ≈ 9.54e-7``, reached when every
    pre-activation is 0. (Weights multiply in as well: ``|w| ≤ 1`` keeps the bound.)
    """
    _check_activation(act)
    info = activation_info(act)
    depth = _positive_int("depth", depth)
    return info.grad_max ** np.arange(1, depth + 1, dtype=float)


# ---------------------------------------------------------------- dense layers


def _matrix(name: str, a: object, ndim: Sequence[int]) -> np.ndarray:
    """A finite, non-empty, real float array with ``ndim`` dimensions (one of them)."""
    return V.array(name, a, ndim=tuple(ndim))


def _sequence(name: str, v: object) -> list:
    """A list, tuple or array of per-layer arrays, as a list."""
    if not isinstance(v, (list, tuple, np.ndarray)):
        raise V.ArgumentTypeError(f"{name} must be a list with one array per layer, got {V.show(v)}")
    return list(v)


class _Overflow:
    """Re-raise an inner overflow error naming the caller's public arguments ``names``."""

    def __init__(self, names: str) -> None:
        self.names = names

    def __enter__(self) -> "_Overflow":
        return self

    def __exit__(self, tp, exc, tb) -> bool:
        if tp is not None and issubclass(tp, ValueError) and "overflowed" in str(exc):
            raise ValueError(f"{self.names} are too large: the pass overflowed to inf/NaN") from None
        return False


def _finite_result(names: str, *arrays: np.ndarray) -> None:
    """Refuse a pass that overflowed (inputs too large), naming the inputs responsible."""
    for a in arrays:
        if not np.isfinite(a).all():
            raise ValueError(f"{names} are too large: the pass overflowed to inf/NaN")


def _columns(x: np.ndarray) -> np.ndarray:
    return x[:, None] if x.ndim == 1 else x


@dataclass(frozen=True)
class DenseForward:
    """``z = W x + b`` and ``a = f(z)`` (shapes ``(n_out,)``, or ``(n_out, batch)``)."""

    z: np.ndarray
    a: np.ndarray


@dataclass(frozen=True)
class DenseBackward:
    """Gradients of a dense layer given the upstream gradient ``∂L/∂a``.

    Attributes
    ----------
    delta : numpy.ndarray
        ``δ = ∂L/∂z = ∂L/∂a ⊙ f'(z)``.
    dW : numpy.ndarray
        ``∂L/∂W = δ xᵀ`` (summed over the batch columns), shape of ``W``.
    db : numpy.ndarray
        ``∂L/∂b = δ`` (summed over the batch), shape of ``b``.
    dx : numpy.ndarray
        ``∂L/∂x = Wᵀ δ``, shape of ``x``.
    """

    delta: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    dx: np.ndarray


def _dense_args(W, x, b):
    Wa = _matrix("W", W, (2,))
    xa = _matrix("x", x, (1, 2))
    ba = _matrix("b", b, (1,))
    if xa.shape[0] != Wa.shape[1]:
        raise ValueError(f"x must have {Wa.shape[1]} rows to match W of shape {Wa.shape}, "
                         f"got shape {xa.shape}")
    if ba.shape[0] != Wa.shape[0]:
        raise ValueError(f"b must have length {Wa.shape[0]} to match W of shape {Wa.shape}, "
                         f"got {ba.shape[0]}")
    return Wa, xa, ba


def dense_forward(W: object, x: object, b: object, act: str = "relu") -> DenseForward:
    """Keras' ``Dense``: ``a = f(W x + b)``; ``x`` a vector or a matrix of column samples.

    Notes
    -----
    .. math::  z_i = \\sum_{j=1}^{n_{in}} W_{ij} x_j + b_i,\\qquad a_i = f(z_i),
               \\qquad i = 1..n_{out}
    """
    Wa, xa, ba = _dense_args(W, x, b)
    _check_activation(act)
    with np.errstate(over="ignore", invalid="ignore"):
        z = Wa @ xa + (ba if xa.ndim == 1 else ba[:, None])
    _finite_result("W, x or b", z)
    return DenseForward(z=z, a=activation(act, z))


def dense_backward(W: object, x: object, b: object, grad_a: object,
                   act: str = "relu") -> DenseBackward:
    """Backward pass of ``a = f(W x + b)`` from the upstream gradient ``∂L/∂a``.

    Notes
    -----
    .. math::  \\delta = \\frac{\\partial L}{\\partial a}\\odot f'(z),\\quad
               \\frac{\\partial L}{\\partial W} = \\delta\\, x^{\\top},\\quad
               \\frac{\\partial L}{\\partial b} = \\delta,\\quad
               \\frac{\\partial L}{\\partial x} = W^{\\top}\\delta

    With a batch (``x`` of shape ``(n_in, B)``) the products sum over the columns.
    """
    Wa, xa, ba = _dense_args(W, x, b)
    fwd = dense_forward(Wa, xa, ba, act)
    ga = _matrix("grad_a", grad_a, (xa.ndim,))
    if ga.shape != fwd.z.shape:
        raise ValueError(f"grad_a must have shape {fwd.z.shape}, got {ga.shape}")
    delta = ga * activation_grad(act, fwd.z)
    dW = _columns(delta) @ _columns(xa).T
    db = delta if delta.ndim == 1 else delta.sum(axis=1)
    dx = Wa.T @ delta
    _finite_result("W, x, b or grad_a", delta, dW, dx)
    return DenseBackward(delta=delta, dW=dW, db=db, dx=dx)


@dataclass(frozen=True)
class DenseStep:
    """One dense layer ``a = f(W x + b)`` with the loss ``L = ½‖a − t‖²``, forward and back.

    Attributes
    ----------
    z, a : pre-activation and output.
    loss : ``½ Σ (a − t)²``.
    grad_a : ``∂L/∂a = a − t``.
    local : ``f'(z)``.
    delta, dW, db, dx : as in :class:`DenseBackward` (``dW = δ xᵀ``, ``dx = Wᵀ δ``).
    """

    z: np.ndarray
    a: np.ndarray
    loss: float
    grad_a: np.ndarray
    local: np.ndarray
    delta: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    dx: np.ndarray


def dense_step(W: object, x: object, b: object, target: object, act: str = "relu") -> DenseStep:
    """Forward and backward pass of one dense layer on one sample with the squared error.

    Notes
    -----
    .. math::  L = \\tfrac12 \\lVert f(Wx + b) - t \\rVert^2,\\qquad
               \\frac{\\partial L}{\\partial a} = a - t,\\qquad
               \\delta = (a - t) \\odot f'(z),\\qquad
               \\frac{\\partial L}{\\partial W} = \\delta\\, x^{\\top}
    """
    Wa, xa, ba = _dense_args(W, x, b)
    if xa.ndim != 1:
        raise ValueError(f"x must be one sample (1-D), got shape {xa.shape}")
    fwd = dense_forward(Wa, xa, ba, act)
    t = _matrix("target", target, (1,))
    if t.shape != fwd.a.shape:
        raise ValueError(f"target must have shape {fwd.a.shape}, got {t.shape}")
    grad_a = fwd.a - t
    with _Overflow("W, x, b or target"):
        _finite_result("target", grad_a ** 2)
        back = dense_backward(Wa, xa, ba, grad_a, act)
    return DenseStep(z=fwd.z, a=fwd.a, loss=float(0.5 * np.sum(grad_a**2)), grad_a=grad_a,
                     local=activation_grad(act, fwd.z), delta=back.delta, dW=back.dW,
                     db=back.db, dx=back.dx)


# ---------------------------------------------------------------- a small MLP


@dataclass(frozen=True)
class MLPPass:
    """Forward and backward pass of an MLP with the squared-error loss.

    ``zs[k]``, ``activations[k+1]`` are layer ``k``'s pre-activation and output
    (``activations[0]`` is the input); ``dW[k]``, ``db[k]`` the loss gradients.
    """

    zs: tuple[np.ndarray, ...]
    activations: tuple[np.ndarray, ...]
    loss: float
    dW: tuple[np.ndarray, ...]
    db: tuple[np.ndarray, ...]


def _layers(weights, biases):
    Ws = [_matrix(f"weights[{k}]", w, (2,)) for k, w in enumerate(_sequence("weights", weights))]
    bs = [_matrix(f"biases[{k}]", b, (1,)) for k, b in enumerate(_sequence("biases", biases))]
    if not Ws:
        raise ValueError("weights must hold at least one layer, got 0")
    if len(bs) != len(Ws):
        raise ValueError(f"biases must have one vector per layer of weights ({len(Ws)}), "
                         f"got {len(bs)}")
    for k, (W, b) in enumerate(zip(Ws, bs)):
        if b.shape != (W.shape[0],):
            raise ValueError(f"biases[{k}] must have length {W.shape[0]} like weights[{k}] "
                             f"{W.shape}, got shape {b.shape}")
    for k in range(1, len(Ws)):
        if Ws[k].shape[1] != Ws[k - 1].shape[0]:
            raise ValueError(f"weights[{k}] must have {Ws[k - 1].shape[0]} columns, "
                             f"got shape {Ws[k].shape}")
    return Ws, bs


def mlp_pass(weights: Sequence[object], biases: Sequence[object], x: object, target: object,
             act: str = "tanh") -> MLPPass:
    """An MLP ``a_k = f(W_k a_{k-1} + b_k)`` with a linear last layer, and its gradients.

    Parameters
    ----------
    weights, biases : sequences of array_like
        ``W_k`` of shape ``(n_k, n_{k-1})`` and ``b_k`` of shape ``(n_k,)``.
    x : array_like
        Inputs as columns, shape ``(n_0, B)`` (a vector is one sample).
    target : array_like
        Targets, the shape of the output.
    act : str
        Activation of the hidden layers.

    Notes
    -----
    .. math::  L = \\frac{1}{2B}\\sum_{b=1}^{B}\\lVert \\hat y_b - t_b\\rVert^2,\\qquad
               \\frac{\\partial L}{\\partial \\hat y} = \\frac{\\hat y - t}{B}

    and each layer's gradients by :func:`dense_backward`, from the last layer back.
    """
    _check_activation(act)
    Ws, bs = _layers(weights, biases)
    xa = _columns(_matrix("x", x, (1, 2)))
    ta = _columns(_matrix("target", target, (1, 2)))
    acts = [act] * (len(Ws) - 1) + ["linear"]
    hs, zs = [xa], []
    for W, b, f in zip(Ws, bs, acts):
        with _Overflow("weights, biases or x"):
            fwd = dense_forward(W, hs[-1], b, f)
        zs.append(fwd.z)
        hs.append(fwd.a)
    if ta.shape != hs[-1].shape:
        raise ValueError(f"target must have shape {hs[-1].shape}, got {ta.shape}")
    batch = xa.shape[1]
    loss = float(np.sum((hs[-1] - ta) ** 2) / (2 * batch))
    g = (hs[-1] - ta) / batch
    dW, db = [None] * len(Ws), [None] * len(Ws)
    for k in range(len(Ws) - 1, -1, -1):
        with _Overflow("weights, biases, x or target"):
            back = dense_backward(Ws[k], hs[k], bs[k], g, acts[k])
        dW[k], db[k], g = back.dW, back.db, back.dx
    _finite_result("weights, biases, x or target", np.array(loss), *dW, *db)
    return MLPPass(tuple(zs), tuple(hs), loss, tuple(dW), tuple(db))


@dataclass(frozen=True)
class Training:
    """Gradient-descent history: ``weights[k][s]`` is layer ``k``'s matrix after ``s`` steps."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    losses: np.ndarray


def train_mlp(weights: Sequence[object], biases: Sequence[object], x: object, target: object,
              act: str = "tanh", lr: float = 0.5, steps: int = 10) -> Training:
    """Full-batch gradient descent ``W ← W − lr ∂L/∂W`` on :func:`mlp_pass`'s loss.

    With every weight initialised to the same value (zero init), the hidden units of a
    layer receive identical gradients at every step, so they stay identical for ever:
    symmetry never breaks.
    """
    lr = V.positive("lr", lr)
    steps = V.integer("steps", steps, 0, V.MAX_TRAIN_STEPS, "dlmath's MAX_TRAIN_STEPS")
    _check_activation(act)
    Ws, bs = _layers(weights, biases)
    mlp_pass(Ws, bs, x, target, act)  # every argument checked before the loop
    Ws, bs = [w.copy() for w in Ws], [b.copy() for b in bs]
    hist_W = [[w.copy()] for w in Ws]
    hist_b = [[b.copy()] for b in bs]
    losses = []
    for _ in range(int(steps) + 1):
        try:
            p = mlp_pass(Ws, bs, x, target, act)
        except ValueError:
            raise ValueError(f"training diverged at step {len(losses)}: the pass overflowed to "
                             f"inf/NaN (lr = {lr:g} too large for these weights, biases, x and "
                             f"target)") from None
        losses.append(p.loss)
        if len(losses) > steps:
            break
        with np.errstate(over="ignore", invalid="ignore"):
            for k in range(len(Ws)):
                Ws[k] = Ws[k] - lr * p.dW[k]
                bs[k] = bs[k] - lr * p.db[k]
                hist_W[k].append(Ws[k].copy())
                hist_b[k].append(bs[k].copy())
        if not all(np.all(np.isfinite(w)) for w in Ws + bs):
            raise ValueError(f"training diverged at step {len(losses)}: the weights overflowed "
                             f"to inf/NaN (lr = {lr:g} too large for these weights, biases, x "
                             f"and target)")
    return Training(tuple(np.array(h) for h in hist_W), tuple(np.array(h) for h in hist_b),
                    np.array(losses))


# ---------------------------------------------------------------- deep scalar chain


@dataclass(frozen=True)
class ChainResult:
    """A scalar chain ``h_k = f(w_k h_{k-1} + b_k)`` (plus ``h_{k-1}`` if residual).

    Layers are numbered ``k = 1..D``; arrays of per-layer quantities have length ``D``
    (index ``k - 1``), ``h`` and ``dh`` have length ``D + 1`` (``h[0] = x``).

    Attributes
    ----------
    z : pre-activations ``z_k``.
    h : ``h_0 = x, h_1, …, h_D = y``.
    local : ``f'(z_k)``, the activation's derivative at layer ``k``.
    gain : ``∂h_k/∂h_{k-1} = w_k f'(z_k)`` (``1 + w_k f'(z_k)`` with a residual path).
    dh : ``∂y/∂h_k = Π_{j>k} gain_j``.
    dw, db : ``∂y/∂w_k = ∂y/∂h_k · f'(z_k) · h_{k-1}`` and ``∂y/∂b_k = ∂y/∂h_k · f'(z_k)``.
    """

    z: np.ndarray
    h: np.ndarray
    local: np.ndarray
    gain: np.ndarray
    dh: np.ndarray
    dw: np.ndarray
    db: np.ndarray


def scalar_chain(weights: object, biases: object, x: float, act: str = "sigmoid",
                 residual: bool = False) -> ChainResult:
    """A deep chain of one-unit layers, and ``∂y/∂w_k`` for every layer by the chain rule.

    Notes
    -----
    .. math::  \\frac{\\partial y}{\\partial w_k} = h_{k-1}\\, f'(z_k)
               \\prod_{j=k+1}^{D} w_j\\, f'(z_j)

    With sigmoid every factor ``f'(z_j) ≤ 1/4``, so the gradient of early layers shrinks
    geometrically; a residual layer ``h_k = h_{k-1} + f(z_k)`` has the factor
    ``1 + w_j f'(z_j)`` instead, which keeps the path open.
    """
    w = _matrix("weights", weights, (1,))
    b = _matrix("biases", biases, (1,))
    if b.shape != w.shape:
        raise ValueError(f"biases must have length {w.size} like weights, got {b.size}")
    x0 = _finite("x", x)
    _check_activation(act)
    residual = V.flag("residual", residual)
    V.check_elements("weights", w.size * 8, "values")
    depth = w.size
    h = np.empty(depth + 1)
    z = np.empty(depth)
    h[0] = x0
    for k in range(depth):  # sequential by nature: each layer needs the previous one
        z[k] = w[k] * h[k] + b[k]
        h[k + 1] = float(activation(act, z[k])) + (h[k] if residual else 0.0)
    local = activation_grad(act, z)
    gain = w * local + (1.0 if residual else 0.0)
    # dh[k] = prod_{j > k} gain_j : a reversed cumulative product, with dh[D] = 1
    dh = np.concatenate([np.cumprod(gain[::-1])[::-1], [1.0]])
    dw = dh[1:] * local * h[:-1]
    db = dh[1:] * local
    _finite_result("weights, biases or x", h, dh, dw, db)
    return ChainResult(z=z, h=h, local=local, gain=gain, dh=dh, dw=dw, db=db)


# ---------------------------------------------------------------- deep networks


def _check_init(init: str) -> None:
    V.choice("init", init, INITS)


def _positive_int(name: str, value: object) -> int:
    """A width, depth or batch size: an integer in ``1 .. MAX_STEPS``."""
    return V.count(name, value, 1)


def init_weights(init: str, n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """A weight matrix of shape ``(n_out, n_in)`` drawn from a zero-mean normal.

    Notes
    -----
    ============  ==================================
    ``zero``      all zeros
    ``small``     std 0.01
    ``large``     std 1
    ``xavier``    Var = 2 / (n_in + n_out)  (Glorot & Bengio, 2010)
    ``he``        Var = 2 / n_in            (He et al., 2015)
    ============  ==================================
    """
    _check_init(init)
    n_in, n_out = _positive_int("n_in", n_in), _positive_int("n_out", n_out)
    V.check_elements("n_in", n_in * n_out, "weights (n_in × n_out)")
    rng = V.rng("rng", rng)
    if init == "zero":
        return np.zeros((n_out, n_in))
    std = {"small": SMALL_STD, "large": LARGE_STD,
           "xavier": np.sqrt(2.0 / (n_in + n_out)), "he": np.sqrt(2.0 / n_in)}[init]
    return rng.normal(0.0, std, size=(n_out, n_in))


def init_mlp(sizes: Sequence[int], init: str, seed: int = 0
             ) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Weights (by :func:`init_weights`) and zero biases of an MLP with layer ``sizes``.

    ``sizes = (n_0, n_1, …, n_L)`` gives ``W_k`` of shape ``(n_k, n_{k-1})``.
    """
    if not isinstance(sizes, (list, tuple, np.ndarray)):
        raise V.ArgumentTypeError(f"sizes must be a sequence of layer widths, got {V.show(sizes)}")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least 2 layer widths, got {tuple(sizes)}")
    sizes = [_positive_int(f"sizes[{i}]", n) for i, n in enumerate(sizes)]
    _check_init(init)
    for a, b in zip(sizes[:-1], sizes[1:]):
        V.check_elements("sizes", a * b, "weights in one layer")
    rng = np.random.default_rng(V.seed("seed", seed))
    Ws = tuple(init_weights(init, a, b, rng) for a, b in zip(sizes[:-1], sizes[1:]))
    return Ws, tuple(np.zeros(n) for n in sizes[1:])


@dataclass(frozen=True)
class DeepPass:
    """Forward and backward pass of a deep stack of square layers.

    ``h[0]`` is the input, ``h[k]`` layer ``k``'s output, ``z[k-1]`` its pre-activation;
    ``dh[k] = ∂L/∂h_k``; ``dW[k-1]`` and ``db[k-1]`` the gradients of layer ``k``.
    """

    z: tuple[np.ndarray, ...]
    h: tuple[np.ndarray, ...]
    dh: tuple[np.ndarray, ...]
    dW: tuple[np.ndarray, ...]
    db: tuple[np.ndarray, ...]


def deep_pass(weights: Sequence[object], biases: Sequence[object], x: object, act: str,
              residual: bool = False) -> DeepPass:
    """``h_k = f(W_k h_{k-1} + b_k)`` (``+ h_{k-1}`` if residual), ``L = (1/B) Σ h_D``.

    Notes
    -----
    The loss sums the last layer's outputs and averages over the ``B`` input columns,
    so ``∂L/∂h_D = 1/B`` everywhere. Backward, with ``δ_k = ∂L/∂h_k ⊙ f'(z_k)``:

    .. math::  \\frac{\\partial L}{\\partial W_k} = \\delta_k h_{k-1}^{\\top},\\qquad
               \\frac{\\partial L}{\\partial h_{k-1}} = W_k^{\\top}\\delta_k
               \\;(+\\,\\frac{\\partial L}{\\partial h_k}\\text{ if residual})
    """
    _check_activation(act)
    residual = V.flag("residual", residual)
    Ws, bs = _layers(weights, biases)
    xa = _columns(_matrix("x", x, (1, 2)))
    if residual and any(W.shape[0] != W.shape[1] for W in Ws):
        raise ValueError("residual layers need square weights (x + F(x) must type-check)")
    hs, zs = [xa], []
    for W, b in zip(Ws, bs):
        with _Overflow("weights, biases or x"):
            fwd = dense_forward(W, hs[-1], b, act)
        zs.append(fwd.z)
        hs.append(fwd.a + hs[-1] if residual else fwd.a)
    batch = xa.shape[1]
    g = np.full_like(hs[-1], 1.0 / batch)
    dhs, dW, db = [g], [], []
    for k in range(len(Ws) - 1, -1, -1):
        with _Overflow("weights, biases or x"):
            back = dense_backward(Ws[k], hs[k], bs[k], g, act)
        dW.append(back.dW)
        db.append(back.db)
        g = back.dx + g if residual else back.dx
        dhs.append(g)
    _finite_result("weights, biases or x", *hs, *dhs, *dW)
    return DeepPass(tuple(zs), tuple(hs), tuple(dhs[::-1]), tuple(dW[::-1]), tuple(db[::-1]))


STACK_LIMIT: int = 10_000_000
"""Largest ``depth · width · (width + 2 batch)`` of a random deep stack (a few seconds)."""


def _random_stack(depth, width, init, seed, batch):
    if depth * width * (width + 2 * batch) > STACK_LIMIT:
        raise ValueError(f"depth, width and batch ask for depth·width·(width + 2·batch) = "
                         f"{depth * width * (width + 2 * batch)} weights and activations, more "
                         f"than dlmath's limit {STACK_LIMIT}")
    rng = np.random.default_rng(V.seed("seed", seed))
    Ws = [init_weights(init, width, width, rng) for _ in range(depth)]
    bs = [np.zeros(width) for _ in range(depth)]
    x = rng.normal(size=(width, batch))
    return Ws, bs, x


@dataclass(frozen=True)
class LayerGradients:
    """Per-layer gradient magnitudes of a deep stack (layer ``k`` at index ``k - 1``).

    Attributes
    ----------
    weight_norm : ``‖∂L/∂W_k‖_F``.
    signal_norm : ``‖∂L/∂h_{k-1}‖_F``, the gradient arriving below layer ``k``.
    mean_local : mean of ``f'(z_k)`` over units and samples (1/4 at most for sigmoid).
    """

    weight_norm: np.ndarray
    signal_norm: np.ndarray
    mean_local: np.ndarray


def gradient_per_layer(depth: int, act: str, init: str = "xavier", residual: bool = False,
                       width: int = 16, batch: int = 64, seed: int = 0) -> LayerGradients:
    """Gradient magnitude of every layer of a deep ``width``-unit stack.

    Weights are drawn with :func:`init_weights`, biases are 0, inputs are standard
    normal columns; the pass is :func:`deep_pass`. The norms compare sigmoid, tanh,
    ReLU and residual stacks: a vanishing gradient shows as norms falling towards the
    first layer.
    """
    depth, width, batch = (_positive_int("depth", depth), _positive_int("width", width),
                           _positive_int("batch", batch))
    _check_activation(act)
    _check_init(init)
    residual = V.flag("residual", residual)
    Ws, bs, x = _random_stack(depth, width, init, seed, batch)
    p = deep_pass(Ws, bs, x, act, residual)
    return LayerGradients(
        weight_norm=np.array([np.linalg.norm(d) for d in p.dW]),
        signal_norm=np.array([np.linalg.norm(d) for d in p.dh[:-1]]),
        mean_local=np.array([activation_grad(act, z).mean() for z in p.z]))


@dataclass(frozen=True)
class ActivationStats:
    """Per-layer statistics of a deep stack's activations (layer ``k`` at index ``k - 1``).

    Attributes
    ----------
    mean, std : mean and standard deviation of ``h_k`` over units and samples.
    grad_std : standard deviation of ``∂L/∂h_{k}`` over units and samples.
    edges : histogram bin edges (shared by all layers).
    counts : ``counts[k-1, i]`` = how many values of ``h_k`` fall into bin ``i``
        (numpy's convention: values outside the edges are not counted).
    n_values : how many values each layer has (``width × batch``).
    unit_spread : largest difference between two units of a layer in one sample
        (0 when all hidden units are identical, as with zero initialisation).
    """

    mean: np.ndarray
    std: np.ndarray
    grad_std: np.ndarray
    edges: np.ndarray
    counts: np.ndarray
    unit_spread: np.ndarray
    n_values: int

    @property
    def fractions(self) -> np.ndarray:
        """``counts / n_values``: the fraction of each layer's values in each bin (rows sum
        to the fraction inside the edges, 1 when the edges cover every value)."""
        return self.counts / self.n_values


def activation_stats(depth: int, width: int, act: str, init: str, seed: int = 0,
                     batch: int = 256, edges: object = None) -> ActivationStats:
    """Mean, std and histograms of every layer's activations for a given initialisation.

    Notes
    -----
    For a linear layer with zero-mean weights of variance ``v`` and ``n_in`` inputs,
    ``Var z = n_in · v · E[h²]``. Xavier's ``v = 2/(n_in + n_out)`` keeps ``Var z``
    constant for tanh (≈ linear near 0); with ReLU, ``E[h²] = Var z / 2``, so only He's
    ``v = 2/n_in`` keeps it constant (Xavier halves it each layer). Zero init makes all
    units equal (``unit_spread = 0``).
    """
    depth, width, batch = (_positive_int("depth", depth), _positive_int("width", width),
                           _positive_int("batch", batch))
    _check_activation(act)
    _check_init(init)
    if edges is None:
        edges = np.linspace(-1.0, 1.0, 41)
    e = _matrix("edges", edges, (1,))
    if e.size < 2 or np.any(np.diff(e) <= 0):
        raise ValueError(f"edges must be at least 2 strictly increasing numbers, got {V.show(e)}")
    Ws, bs, x = _random_stack(depth, width, init, seed, batch)
    p = deep_pass(Ws, bs, x, act)
    H = np.stack(p.h[1:])                   # (depth, width, batch)
    G = np.stack(p.dh[1:])
    flat = H.reshape(depth, -1)
    # vectorized histogram of every layer (numpy's bins: [e_i, e_{i+1}), the last closed;
    # values outside the edges are not counted): bin index per value, one bincount in all
    n_bins = e.size - 1
    idx = np.searchsorted(e, flat, side="right") - 1
    idx[flat == e[-1]] = n_bins - 1
    inside = (idx >= 0) & (idx < n_bins)
    offsets = np.arange(depth)[:, None] * n_bins
    counts = np.bincount((idx + offsets)[inside], minlength=depth * n_bins)
    return ActivationStats(
        mean=flat.mean(axis=1), std=flat.std(axis=1),
        grad_std=G.reshape(depth, -1).std(axis=1), edges=e,
        counts=counts.reshape(depth, e.size - 1),
        unit_spread=(H.max(axis=1) - H.min(axis=1)).max(axis=1), n_values=width * batch)


# ---------------------------------------------------------------- the notes' sigmoid stack


@dataclass(frozen=True)
class StackWeightGrads:
    """A stack of one-unit layers ending in a sigmoid, and ``∂y/∂w_k`` of every layer.

    Layers are numbered ``k = 1..L`` (index ``k - 1``); ``h`` and ``dh`` have length
    ``L + 1`` with ``h[0] = x`` and ``h[L] = y``.

    Attributes
    ----------
    hidden : the activation of layers ``1..L-1`` (layer ``L`` is always the sigmoid).
    z : pre-activations ``z_k = w_k h_{k-1} + b_k``.
    h : ``h_0 = x, h_1, …, h_L = y``.
    local : ``f_k'(z_k)`` (``σ'(z_L)`` for the last layer).
    dh : ``∂y/∂h_k = Π_{j>k} w_j f_j'(z_j)`` (``dh[L] = 1``).
    dw : ``∂y/∂w_k = ∂y/∂h_k · f_k'(z_k) · h_{k-1}``.
    db : ``∂y/∂b_k = ∂y/∂h_k · f_k'(z_k)``.
    """

    hidden: str
    z: np.ndarray
    h: np.ndarray
    local: np.ndarray
    dh: np.ndarray
    dw: np.ndarray
    db: np.ndarray

    @property
    def y(self) -> float:
        """The output ``y = h_L``."""
        return float(self.h[-1])


def sigmoid_stack_weight_grads(x: float, weights: object, biases: object,
                               hidden: str = "sigmoid") -> StackWeightGrads:
    """The notes' vanishing-gradient example: ``y = σ(w_3 σ(w_2 σ(w_1 x + b_1) + b_2) + b_3)``.

    Parameters
    ----------
    x : float
        The input.
    weights, biases : array_like
        ``w_1..w_L`` and ``b_1..b_L`` (scalars: one unit a layer), ``L ≥ 1``.
    hidden : str
        Activation of layers ``1..L-1`` (one of :data:`ACTIVATIONS`); the output layer is
        the sigmoid. ``"relu"`` gives the notes' fix: ReLU inside, a sigmoid at the end.

    Notes
    -----
    Backpropagation from the output, one factor a layer:

    .. math::  \\frac{\\partial y}{\\partial w_k}
               = h_{k-1}\\, f_k'(z_k) \\prod_{j=k+1}^{L} w_j\\, f_j'(z_j),\\qquad
               k = 1, \\dots, L

    With sigmoids every ``f'(z) ≤ 1/4``, so for ``|w_j| ≤ 1`` ``∂y/∂w_k`` shrinks by at
    least 4× a layer away from the output; a ReLU layer whose ``z ≤ 0`` passes nothing.
    """
    x0 = _finite("x", x)
    w = _matrix("weights", weights, (1,))
    b = _matrix("biases", biases, (1,))
    if b.shape != w.shape:
        raise ValueError(f"biases must have length {w.size} like weights, got {b.size}")
    _check_activation(hidden, "hidden")
    V.check_elements("weights", w.size * 8, "values")
    depth = w.size
    acts = [hidden] * (depth - 1) + ["sigmoid"]
    h, z = np.empty(depth + 1), np.empty(depth)
    h[0] = x0
    with _Overflow("weights, biases or x"):
        for k in range(depth):  # sequential: each layer needs the previous one
            z[k] = w[k] * h[k] + b[k]
            h[k + 1] = float(_activation_values(acts[k], np.array(z[k])))
        local = np.array([float(_activation_slopes(a, np.array(v))) for a, v in zip(acts, z)])
        gain = w * local
        dh = np.append(np.cumprod(gain[::-1])[::-1], 1.0)  # dh[k] = Π_{j>k} gain_j
        dw = dh[1:] * local * h[:-1]
        db = dh[1:] * local
    _finite_result("weights, biases or x", h, dh, dw, db)
    return StackWeightGrads(hidden=hidden, z=z, h=h, local=local, dh=dh, dw=dw, db=db)


@dataclass(frozen=True)
class DeadUnits:
    """Hidden ReLU units that are off for every input (a "dead ReLU").

    Attributes
    ----------
    dead : ``dead[k][i]`` — hidden unit ``i`` of layer ``k + 1`` has ``z ≤ 0`` on every
        column of ``x``, so ``ReLU'(z) = 0`` everywhere and its weights get no gradient.
    max_z : the largest pre-activation of each hidden unit over the inputs (``≤ 0`` when dead).
    count : the number of dead units, all hidden layers together.
    n_hidden : the number of hidden units.
    """

    dead: tuple[np.ndarray, ...]
    max_z: tuple[np.ndarray, ...]
    count: int
    n_hidden: int


def dead_relu_units(weights: Sequence[object], biases: Sequence[object], x: object) -> DeadUnits:
    """The dead units of a ReLU MLP (:func:`mlp_pass`'s layout: ReLU hidden layers, a
    linear output) on the inputs ``x`` (columns).

    Notes
    -----
    Unit ``i`` of hidden layer ``k`` is dead when ``max_b z_{k,i}(x_b) ≤ 0``: then
    ``∂L/∂W_k[i, :] = Σ_b δ_{k,i,b}\\, h_{k-1,b}^{\\top} = 0`` with
    ``δ_{k,i,b} = (∂L/∂h_{k,i,b})\\, [z_{k,i,b} > 0] = 0``, so gradient descent never moves
    its incoming weights again.
    """
    Ws, bs = _layers(weights, biases)
    if len(Ws) < 2:
        raise ValueError(f"weights must hold at least 2 layers (a hidden layer), got {len(Ws)}")
    h = _columns(_matrix("x", x, (1, 2)))
    if h.shape[0] != Ws[0].shape[1]:
        raise ValueError(f"x must have {Ws[0].shape[1]} rows (inputs), got shape {h.shape}")
    dead, max_z = [], []
    with _Overflow("weights, biases or x"):
        for W, b in zip(Ws[:-1], bs[:-1]):
            z = W @ h + b[:, None]
            _finite_result("weights, biases or x", z)
            max_z.append(z.max(axis=1))
            dead.append(max_z[-1] <= 0)
            h = np.maximum(z, 0.0)
    return DeadUnits(dead=tuple(dead), max_z=tuple(max_z),
                     count=int(sum(int(d.sum()) for d in dead)),
                     n_hidden=int(sum(d.size for d in dead)))


@dataclass(frozen=True)
class NeuronPath:
    """Stochastic gradient descent on one linear neuron ``ŷ = wᵀh`` (no bias).

    Attributes
    ----------
    w : ``w[s]``, the weights after ``s`` steps (shape ``(steps + 1, n)``).
    grads : ``grads[s] = (w[s]ᵀh_b − t_b)\\, h_b``, the step's gradient (sample ``b``).
    sample : ``b`` of each step (``s mod B``).
    losses : full-batch loss ``½ mean_b (wᵀh_b − t_b)²`` after each step.
    same_sign : whether every entry of ``grads[s]`` has the same sign (zeros excluded).
    """

    w: np.ndarray
    grads: np.ndarray
    sample: np.ndarray
    losses: np.ndarray
    same_sign: np.ndarray


def neuron_sgd_path(inputs: object, targets: object, w0: object, lr: float,
                    steps: int) -> NeuronPath:
    """SGD, one sample a step in order, on ``L_b = ½(wᵀh_b − t_b)²``.

    Parameters
    ----------
    inputs : array_like, shape (B, n)
        The neuron's inputs ``h_b`` (rows), e.g. the outputs of the layer below.
    targets : array_like, shape (B,)
    w0 : array_like, shape (n,)
    lr : float
    steps : int

    Notes
    -----
    .. math::  w \\leftarrow w - \\eta\\,(w^{\\top}h_b - t_b)\\, h_b

    The step is ``h_b`` times one scalar: when every input is positive (sigmoid outputs)
    all its entries share one sign, so in 2-D each step points into the first or the
    third quadrant and reaching a ``w`` up-left or down-right takes a zig-zag.
    """
    H = _matrix("inputs", inputs, (2,))
    t = _matrix("targets", targets, (1,))
    if t.size != H.shape[0]:
        raise ValueError(f"targets must have one entry per row of inputs ({H.shape[0]}), "
                         f"got {t.size}")
    w = _matrix("w0", w0, (1,))
    if w.size != H.shape[1]:
        raise ValueError(f"w0 must have {H.shape[1]} entries (columns of inputs), got {w.size}")
    lr = V.positive("lr", lr)
    steps = V.integer("steps", steps, 0, V.MAX_TRAIN_STEPS, "dlmath's MAX_TRAIN_STEPS")
    V.check_elements("steps", steps * w.size, "path values")
    path, grads = [w.copy()], []
    with _Overflow("inputs, targets, w0 or lr"), np.errstate(over="ignore", invalid="ignore"):
        for s in range(steps):  # sequential: each step starts where the last one ended
            hb = H[s % H.shape[0]]
            g = (path[-1] @ hb - t[s % H.shape[0]]) * hb
            grads.append(g)
            path.append(path[-1] - lr * g)
        W = np.array(path)
        G = np.array(grads).reshape(steps, w.size)
        losses = 0.5 * np.mean((W @ H.T - t[None, :]) ** 2, axis=1)
    _finite_result("inputs, targets, w0 or lr", W, G, losses)
    signs = np.sign(G)
    same = np.array([len(set(r[r != 0].tolist())) <= 1 for r in signs], dtype=bool)
    return NeuronPath(w=W, grads=G, sample=np.arange(steps) % H.shape[0], losses=losses,
                      same_sign=same)
