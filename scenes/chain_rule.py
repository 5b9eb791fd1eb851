"""Chain-rule scenes: backpropagation on a computation graph, the notes' vanishing-gradient
example (three sigmoid layers, deeper, ReLU inside, dead ReLUs), skip connections,
activations and their derivatives, the zig-zag of all-positive inputs, initialisation, the
dense layer's backward pass.

Every number on screen comes from the topic's lessons (:mod:`lessons.chain_rule`), which
compute it with :mod:`dlmath.autodiff`.
Render one with the plain Manim CLI: ``manim -ql scenes/chain_rule.py BackpropGraph``.
"""

from __future__ import annotations

import math as pymath

import numpy as np
from manim import (
    Circumscribe,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    ArcBetweenPoints,
    Arrow,
    Axes,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowArrow,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    Line,
    LogBase,
    MathTex,
    Matrix,
    Rectangle,
    ReplacementTransform,
    RoundedRectangle,
    ShowPassingFlash,
    SurroundingRectangle,
    VGroup,
    VMobject,
    Write,
)

from dlmath.autodiff import ChainResult, Node, Training
from lessons.chain_rule import ActivationPanel, BackpropEdge, ChainRun, InitRun, StackRun
from scenes import style
from scenes.layout import allow
from scenes.common import DLScene, curve, fit_width, label, math, spread_apart, title
from scenes.style import fmt_num

__all__ = ["BackpropGraph", "SigmoidStackGradients", "VanishingGradients", "ActivationDerivatives",
           "ZigZagSteps", "InitHistograms",
           "ZeroInitSymmetry", "DenseLayerBackward"]

DIGITS = 3
"""Decimals of the numbers in the graph scene (3, so upstream × local visibly = product)."""


def _num(v: float) -> str:
    return fmt_num(v, DIGITS)


def _mantissa_exponent(v: float) -> tuple[str, int]:
    """``v`` as one-decimal mantissa (through fmt_num) and power of ten."""
    ex = pymath.floor(pymath.log10(abs(v)))
    mant = v / 10.0**ex
    if abs(round(mant, 1)) >= 10:  # 9.96 rounds up to the next power
        mant, ex = mant / 10, ex + 1
    return fmt_num(mant, 1), ex


def _sci(v: float) -> str:
    """A dlmath number for MathTex: ``0.197`` or, when tiny, ``6.5 \\times 10^{-6}``."""
    if v == 0 or abs(v) >= 0.01:
        return fmt_num(v, DIGITS)
    mant, ex = _mantissa_exponent(v)
    return rf"{mant} \times 10^{{{ex}}}"


def _sci_text(v: float) -> str:
    """The same number for a caption: ``0.197`` or ``6.5e-6``."""
    if v == 0 or abs(v) >= 0.01:
        return fmt_num(v, DIGITS)
    mant, ex = _mantissa_exponent(v)
    return f"{mant}e{ex}"


def _inside(mob):
    """Shift ``mob`` sideways, if needed, to keep it inside the safe margin."""
    edge = style.FRAME_HALF_WIDTH - style.SAFE_MARGIN
    over_right, over_left = mob.get_right()[0] - edge, -edge - mob.get_left()[0]
    if over_right > 0:
        mob.shift(LEFT * over_right)
    elif over_left > 0:
        mob.shift(RIGHT * over_left)
    return mob


def _dl(name: str) -> str:
    return rf"\frac{{\partial L}}{{\partial {name}}}"


# ---------------------------------------------------------------- graph drawing

_OP_TEX = {
    "add": "{0} + {1}", "sub": "{0} - {1}", "mul": "{0}{1}", "div": r"\frac{{{0}}}{{{1}}}",
    "neg": "-{0}", "exp": "e^{{{0}}}", "log": r"\log {0}", "sigmoid": r"\sigma({0})",
    "tanh": r"\tanh {0}", "relu": r"\max(0, {0})",
}
"""How each operation is written inside its node."""


def _op_tex(node: Node) -> str:
    args = [a.label for a in node.args]
    if node.op == "pow":
        return f"{args[0]}^{{{fmt_num(node.value)}}}"
    return _OP_TEX[node.op].format(*args)


_LOCAL_TEX = {
    "add": lambda out, args, i: "1",
    "sub": lambda out, args, i: "1" if i == 0 else "(-1)",
    "mul": lambda out, args, i: args[1 - i],
    "sigmoid": lambda out, args, i: f"{out}(1-{out})",
    "tanh": lambda out, args, i: f"(1-{out}^2)",
    "exp": lambda out, args, i: out,
    "log": lambda out, args, i: rf"\frac{{1}}{{{args[0]}}}",
    "neg": lambda out, args, i: "(-1)",
    "relu": lambda out, args, i: rf"[{args[0]}>0]",
}
"""The local derivative ∂node/∂arg as the formula a student would write."""


def _local_tex(node: Node, arg_index: int) -> str:
    out, args = node.label, [a.label for a in node.args]
    if node.op == "pow":
        p = node.value
        return f"{fmt_num(p)}{args[0]}" if p == 2 else f"{fmt_num(p)}{args[0]}^{{{fmt_num(p - 1)}}}"
    if node.op in _LOCAL_TEX:
        return _LOCAL_TEX[node.op](out, args, arg_index)
    return rf"\frac{{\partial {out}}}{{\partial {args[arg_index]}}}"


class BackpropGraph(DLScene):
    """Forward then backward on L = (σ(wx + b) − y)²: upstream × local = downstream on each edge."""

    main_y = 0.6
    col = 2.4
    leaf_col = 2.0
    first_x = -3.9
    leaf_dy = 1.0
    eq_y = -2.75
    node_size = 34
    grad_size = 28

    def construct(self) -> None:
        self.show_graph()
        self.forward_pass()
        self.seed_backward()
        for i, edge in enumerate(self.data.edges):
            self.backward_edge(edge, first=i == 0)
        self.sympy_check()

    # -- layout

    def layout(self, nodes: tuple[Node, ...]) -> dict[int, np.ndarray]:
        """Positions: the chain of operations on one line, each input left of its consumer."""
        pos: dict[int, np.ndarray] = {}
        chain = [n for n in nodes if n.args]
        for i, n in enumerate(chain):
            pos[id(n)] = np.array([self.first_x + i * self.col, self.main_y, 0.0])
        for n in chain:
            leaves = [a for a in n.args if not a.args]
            if len(leaves) == len(n.args) == 2:   # both inputs are leaves: above and below
                offsets, x = [self.leaf_dy, -self.leaf_dy], pos[id(n)][0] - self.leaf_col
            else:                                  # one leaf beside the chain: below it
                offsets, x = [-1.5 * self.leaf_dy], pos[id(n)][0] - self.col
            for leaf, dy in zip(leaves, offsets):
                pos[id(leaf)] = np.array([x, self.main_y + dy, 0])
        return pos

    def node_box(self, node: Node, value: float) -> VGroup:
        th = self.theme
        if not node.args:
            tex = f"{node.label} = {_num(value)}"
            color = th.kernel if node.label in ("w", "b") else th.signal
        else:
            tex = f"{node.label} = {_op_tex(node)}"
            color = th.output if node is self.data.output else th.foreground
        text = math(tex, self.node_size, color)
        box = RoundedRectangle(corner_radius=0.12, width=text.width + 0.35, height=0.7,
                               stroke_color=color, stroke_width=3, fill_color=th.panel,
                               fill_opacity=1.0).move_to(text)
        return VGroup(box, text)

    def arrow(self, start: VGroup, end: VGroup) -> Arrow:
        direction = end.get_center() - start.get_center()
        return Arrow(start.get_boundary_point(direction), end.get_boundary_point(-direction),
                     buff=0.05, stroke_width=3, color=self.theme.muted,
                     max_tip_length_to_length_ratio=0.12)

    # -- beats

    def show_graph(self) -> None:
        res = self.data.backward
        self.nodes = res.nodes
        self.pos = self.layout(self.nodes)
        heading = title(self.t("graph_title"))
        formula = math(r"L = \big(\sigma(w x + b) - y\big)^2", style.MATH_SIZE_SMALL)
        formula.next_to(heading, DOWN, buff=0.25).to_edge(RIGHT, buff=0.5)
        self.play(Write(heading), run_time=style.RUN)
        self.play(Write(formula), run_time=style.RUN)
        self.boxes = {id(n): self.node_box(n, v).move_to(self.pos[id(n)])
                      for n, v in zip(self.nodes, res.values)}
        self.edges = {(id(a), id(n)): self.arrow(self.boxes[id(a)][0], self.boxes[id(n)][0])
                      for n in self.nodes for a in n.args}
        leaves = [n for n in self.nodes if not n.args]
        self.play(LaggedStart(*(FadeIn(self.boxes[id(n)]) for n in leaves), lag_ratio=0.2),
                  run_time=style.RUN)
        self.play(LaggedStart(*(FadeIn(self.boxes[id(n)]) for n in self.nodes if n.args),
                              lag_ratio=0.2),
                  LaggedStart(*(Create(e) for e in self.edges.values()), lag_ratio=0.1),
                  run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("graph")

    def forward_pass(self) -> None:
        """Values flow along the edges, node by node in topological order."""
        th, res = self.theme, self.data.backward
        self.work = label(self.t("forward"), style.FONT_SIZE_BODY, th.signal)
        self.work.move_to([0, self.eq_y, 0])
        self.play(FadeIn(self.work), run_time=style.RUN_FAST)
        for n, v in zip(self.nodes, res.values):
            if not n.args:
                continue
            flashes = [ShowPassingFlash(self.edges[(id(a), id(n))].copy().set_color(th.signal)
                                        .set_stroke(width=7), time_width=0.6) for a in n.args]
            val = math(_num(v), self.grad_size, th.signal).next_to(self.boxes[id(n)], DOWN,
                                                                    buff=0.12)
            self.play(*flashes, run_time=style.RUN)
            self.play(FadeIn(val, shift=DOWN * 0.15), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("forward", loss=_num(res.values[-1]))

    def seed_backward(self) -> None:
        """∂L/∂L = 1 above the loss node."""
        th = self.theme
        bwd_label = label(self.t("backward"), style.FONT_SIZE_BODY, th.output).move_to(self.work)
        seed = math(rf"{_dl('L')} = 1", self.grad_size, th.output)
        seed.next_to(self.boxes[id(self.data.output)], UP, buff=0.12)
        self.grads = {id(self.data.output): seed}
        self.play(FadeOut(self.work), FadeIn(bwd_label), FadeIn(seed), run_time=style.RUN)
        self.work = bwd_label
        self.wait(style.PAUSE)

    def edge_equation(self, edge: BackpropEdge) -> VGroup:
        """``∂L/∂t = ∂L/∂s · local = upstream × local = product``, with the three tags."""
        th, step = self.theme, edge.step
        src, tgt = self.nodes[step.source], self.nodes[step.target]
        parts = [_dl(tgt.label), r"\mathrel{+}=" if edge.accumulates else "=", _dl(src.label),
                 r"\cdot", _local_tex(src, src.args.index(tgt)), r"\quad=\quad",
                 _num(step.upstream), r"\quad\times\quad", _num(step.local), r"\quad=\quad",
                 _num(step.product)]
        eq = MathTex(*parts, font_size=style.MATH_SIZE_SMALL,
                     color=th.foreground).move_to([0, self.eq_y, 0])
        fit_width(eq, 2 * (style.FRAME_HALF_WIDTH - style.SAFE_MARGIN))
        for j, c in ((6, th.output), (8, th.product), (10, th.output)):
            eq[j].set_color(c)
        tags = [label(self.t(k), style.FONT_SIZE_SMALL, c).next_to(eq[j], DOWN, 0.15)
                for k, j, c in (("upstream", 6, th.output), ("local", 8, th.product),
                                ("downstream", 10, th.output))]
        for tag in tags:  # below the whole equation (its fractions reach lower than the numbers)
            tag.set_y(eq.get_bottom()[1] - 0.12 - tag.height / 2)
        return VGroup(eq, spread_apart(tags))

    def backward_edge(self, edge: BackpropEdge, first: bool) -> None:
        """Pass the gradient back along one edge: upstream × local into the target."""
        th, step = self.theme, edge.step
        src, tgt = self.nodes[step.source], self.nodes[step.target]
        eq = self.edge_equation(edge)
        arrow = self.edges[(id(tgt), id(src))]
        back = Line(arrow.get_end(), arrow.get_start()).set_stroke(th.output, width=7)
        grad_label = math(rf"{_dl(tgt.label)} = {_num(edge.grad)}" if edge.complete else
                          rf"{_dl(tgt.label)} \mathrel{{+}}= {_num(edge.grad)}",
                          self.grad_size, th.output)
        below = not tgt.args and self.pos[id(tgt)][1] < self.main_y + 0.5 * self.leaf_dy
        grad_label.next_to(self.boxes[id(tgt)], DOWN if below else UP, buff=0.12)
        run = style.RUN_SLOW if first else style.RUN
        self.play(FadeOut(self.work), ShowPassingFlash(back, time_width=0.6),
                  Indicate(self.grads[id(src)], color=th.highlight, scale_factor=1.1),
                  run_time=run)
        self.play(Write(eq[0]), FadeIn(eq[1]), run_time=run)
        old = [FadeOut(self.grads[id(tgt)])] if id(tgt) in self.grads else []
        self.play(FadeIn(grad_label, shift=UP * 0.1), *old, run_time=style.RUN_FAST)
        self.grads[id(tgt)] = grad_label
        self.work = eq
        self.wait(style.PAUSE if first else style.PAUSE * 0.6)
        self.beat("edge", target=tgt.label, source=src.label, upstream=_num(step.upstream),
                  local=_num(step.local), product=_num(step.product))

    def sympy_check(self) -> None:
        """The same derivative, by sympy, written out."""
        th, sym = self.theme, self.data.sympy
        check = math(rf"{_dl('w')} = {sym.latex}", style.MATH_SIZE_SMALL)
        sym_tag = label(self.t("sympy"), style.FONT_SIZE_SMALL, th.muted)
        lead = VGroup(sym_tag, check).arrange(RIGHT, buff=0.3)  # the tag before its formula
        fit_width(lead, 2 * (style.FRAME_HALF_WIDTH - style.SAFE_MARGIN))
        lead.move_to([0, self.eq_y + 0.1, 0])
        value = math(rf"= {_num(sym.value)}", style.MATH_SIZE_SMALL, th.output)
        same = label(self.t("same_as_backprop"), style.FONT_SIZE_SMALL, th.output)
        row = VGroup(value, same).arrange(RIGHT, buff=0.3).next_to(check, DOWN, buff=0.2)
        row.align_to(check, LEFT)
        self.play(FadeOut(self.work), run_time=style.RUN_FAST)
        self.play(FadeIn(sym_tag), Write(check), run_time=style.RUN_SLOW)
        self.play(FadeIn(value), FadeIn(same), run_time=style.RUN)
        w_node = next(n for n in self.nodes if n.label == "w")
        self.play(Indicate(self.grads[id(w_node)], color=th.highlight),
                  Create(SurroundingRectangle(value, color=th.highlight, buff=0.06)),
                  run_time=style.RUN)
        self.wait(style.READ)
        self.beat("sympy", value=_num(sym.value))


# ---------------------------------------------------------------- the notes' sigmoid stack


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
"""Digits as subscripts, for weight names in captions (prose, never beside LaTeX)."""


def _w_tex(j: int) -> str:
    """The weight ``j`` layers below the output: ``w_L``, ``w_{L-1}``, …"""
    return "w_L" if j == 0 else f"w_{{L-{j}}}"


class SigmoidStackGradients(DLScene):
    """The notes' y = σ(w₃σ(w₂σ(w₁x + b₁) + b₂) + b₃): ∂y/∂w_k shrinks away from the output."""

    chain_y = 1.75
    eq_x = -6.75
    eq_top = 0.45
    eq_gap = 0.95
    bar_x = (3.9, 5.05, 6.2)
    """The three bars: their base line ends ≥ 50 px from the right edge at 1080p, and each
    value above its bar clears the next bar."""
    bar_bottom = -3.3
    bar_height = 3.3
    chart_bottom = -3.2
    chart_top = 0.55
    slot_w = 1.12
    chart_right = 6.15
    small = style.MATH_SIZE_SMALL * 0.8

    def construct(self) -> None:
        self.show_network()
        self.backprop()
        self.deeper()
        self.relu_inside()
        self.dead_units()

    def run_color(self, i: int) -> str:
        return (self.theme.classes[0], self.theme.classes[1], self.theme.classes[3])[i]

    # -- the three-layer network, written out

    def show_network(self) -> None:
        th, d, first = self.theme, self.data, self.data.first
        self.heading = heading = title(self.t("stack_title"))
        L = first.depth
        inner = "x"
        for k in range(1, L + 1):
            inner = rf"\sigma(w_{k} {inner} + b_{k})"
        formula = math(rf"y = {inner}", style.MATH_SIZE_SMALL).next_to(heading, DOWN, buff=0.2)
        values = math(rf"w_k = {fmt_num(d.weight)},\ b_k = {fmt_num(d.bias)},\ "
                      rf"x = {fmt_num(d.x)}", self.small, th.muted)
        values.next_to(formula, RIGHT, buff=0.5)
        VGroup(formula, values).set_x(0)
        self.play(Write(heading), run_time=style.RUN)
        self.play(Write(formula), FadeIn(values), run_time=style.RUN_SLOW)
        g = first.grads
        xs = [-4.8 + 3.2 * k for k in range(L)]
        self.layers = VGroup()
        for k, cx in enumerate(xs):
            box = RoundedRectangle(corner_radius=0.1, width=0.9, height=0.7, stroke_color=th.kernel,
                                   stroke_width=3, fill_color=th.panel, fill_opacity=1
                                   ).move_to([cx, self.chain_y, 0])
            self.layers.add(VGroup(box, math(r"\sigma", style.MATH_SIZE_SMALL, th.kernel)
                                   .move_to(box)))
        ends = [xs[0] - 1.9] + xs + [xs[-1] + 1.9]
        arrows, names = VGroup(), VGroup()
        for k in range(L + 1):  # the arrow into layer k+1 carries h_k
            arrows.add(Arrow([ends[k] + (0.5 if k else 0), self.chain_y, 0],
                             [ends[k + 1] - (0.5 if k < L else 0), self.chain_y, 0], buff=0,
                             stroke_width=3, color=th.muted,
                             max_tip_length_to_length_ratio=0.12))
            tex = "x" if k == 0 else ("y" if k == L else f"h_{k}")
            color = th.signal if k == 0 else th.output if k == L else th.foreground
            names.add(math(rf"{tex} = {_num(g.h[k])}", self.small, color)
                      .next_to(arrows[k], DOWN, buff=0.12))
        weights = VGroup(*(math(f"w_{k + 1}", self.small, th.kernel)
                           .next_to(arrows[k], UP, buff=0.1) for k in range(L)))
        self.play(FadeIn(self.layers), Create(arrows), FadeIn(weights), run_time=style.RUN)
        self.play(LaggedStart(*(FadeIn(n, shift=RIGHT * 0.1) for n in names), lag_ratio=0.3),
                  run_time=style.RUN_SLOW)
        self.network = VGroup(self.layers, arrows, weights, names)
        self.formula = VGroup(formula, values)
        self.wait(style.PAUSE)
        self.beat("stack_net", depth=L, w=fmt_num(d.weight), b=fmt_num(d.bias),
                  x=fmt_num(d.x), y=_num(g.y))

    def gradient_line(self, k: int) -> MathTex:
        """∂y/∂w_k = its chain factors, their values, the product."""
        g, L = self.data.first.grads, self.data.first.depth
        sym, num = [rf"\sigma'(z_{L})"], [_num(g.local[L - 1])]
        for j in range(L, k, -1):
            sym += [f"w_{j}", rf"\sigma'(z_{j - 1})"]
            num += [fmt_num(self.data.weight), _num(g.local[j - 2])]
        sym.append("x" if k == 1 else f"h_{k - 1}")
        num.append(_num(g.h[k - 1]))
        eq = MathTex(rf"\frac{{\partial y}}{{\partial w_{k}}}", "=", r"\,".join(sym), "=",
                     r"\cdot".join(num), "=", _sci(g.dw[k - 1]), font_size=style.MATH_SIZE_SMALL,
                     color=self.theme.foreground)
        eq[2].set_color(self.theme.product)
        eq[6].set_color(self.run_color(0))  # its bars' colour, here and on the log chart
        return eq

    def backprop(self) -> None:
        """∂y/∂w_L … ∂y/∂w_1 by backpropagation, each with its bar (linear scale)."""
        th, g, L = self.theme, self.data.first.grads, self.data.first.depth
        top = max(g.dw)
        base = Line([self.bar_x[0] - 0.5, self.bar_bottom, 0],
                    [self.bar_x[-1] + 0.5, self.bar_bottom, 0], color=th.muted, stroke_width=2)
        self.play(Create(base), run_time=style.RUN_FAST)
        self.lines, self.bars = VGroup(), VGroup(base)
        for i, k in enumerate(range(L, 0, -1)):
            eq = self.gradient_line(k)
            eq.next_to([self.eq_x, self.eq_top - i * self.eq_gap, 0], RIGHT, buff=0)
            fit_width(eq, self.bar_x[0] - 0.7 - self.eq_x)
            eq.align_to([self.eq_x, 0, 0], LEFT)
            h = max(self.bar_height * g.dw[k - 1] / top, 0.02)
            bar = Rectangle(width=0.6, height=h, stroke_width=0, fill_color=self.run_color(0),
                            fill_opacity=0.9).move_to([self.bar_x[k - 1], self.bar_bottom + h / 2, 0])
            name = math(f"w_{k}", self.small, th.kernel).next_to(base, DOWN, buff=0.12)
            name.set_x(self.bar_x[k - 1])
            value = math(_sci(g.dw[k - 1]), style.MATH_SIZE_SMALL, self.run_color(0)).next_to(
                bar, UP, buff=0.08)
            arcs = [Indicate(self.layers[j], color=th.highlight, scale_factor=1.1)
                    for j in range(L - 1, k - 2, -1)]
            self.play(Write(eq), *arcs, run_time=style.RUN_SLOW if i == 0 else style.RUN)
            self.play(GrowFromEdge(bar, DOWN), FadeIn(name), FadeIn(value),
                      run_time=style.RUN_FAST)
            self.lines.add(eq)
            self.bars.add(bar, name, value)
            self.wait(style.PAUSE)
            if i == 0:
                self.beat("stack_out", w="w" + str(L).translate(_SUB), local=_num(g.local[L - 1]),
                          h=_num(g.h[L - 1]), value=_sci_text(g.dw[L - 1]))
        self.wait(style.READ)
        self.beat("stack_back", first=_sci_text(g.dw[0]), last=_sci_text(g.dw[-1]),
                  w="w" + str(L).translate(_SUB),
                  ratio=fmt_num(g.dw[-1] / g.dw[0], 0))

    # -- deeper stacks, log scale

    def slot_x(self, j: int) -> float:
        """Centre of the slot of the weight j layers below the output."""
        return self.chart_right - (j + 0.5) * self.slot_w

    def draw_chart(self) -> None:
        th, lo, hi = self.theme, self.data.low, self.data.high
        n = max(r.depth for r in self.data.runs)
        left, right = self.slot_x(n - 1) - self.slot_w / 2, self.chart_right
        self.axes = Axes(x_range=[0, 1, 1], y_range=[lo, hi, 1], x_length=right - left,
                         y_length=self.chart_top - self.chart_bottom, tips=False,
                         y_axis_config={"scaling": LogBase(custom_labels=False)},
                         axis_config={"color": th.muted, "include_ticks": False})
        self.axes.shift(np.array([left, self.chart_bottom, 0]) - self.axes.c2p(0, 10.0**lo))
        self.axes.y_axis.set_opacity(0)
        step = 1 if hi - lo <= 5 else 2
        decades = range(lo, hi, step)
        ticks = VGroup(*(math(f"10^{{{e}}}", self.small, th.muted)
                         .next_to(self.axes.c2p(0, 10.0**e), LEFT, buff=0.08) for e in decades))
        grid = VGroup(*(Line(self.axes.c2p(0, 10.0**e), self.axes.c2p(1, 10.0**e),
                             stroke_width=1, color=th.muted, stroke_opacity=0.35)
                        for e in decades))
        names = VGroup(*(math(_w_tex(j), self.small, th.kernel)
                         .move_to([self.slot_x(j), self.chart_bottom - 0.3, 0])
                         for j in range(n)))
        y_title = math(r"\left|\frac{\partial y}{\partial w_k}\right|", self.small, th.muted)
        y_title.next_to(self.axes.c2p(0, 10.0**hi), RIGHT, buff=0.1).shift(DOWN * 0.25)
        general = math(r"\frac{\partial y}{\partial w_k} = h_{k-1}\, f'(z_k)"
                       r"\prod_{j=k+1}^{L} w_j\, f'(z_j)", style.MATH_SIZE_SMALL, th.product)
        general.next_to(self.heading, DOWN, buff=0.15)
        self.play(FadeOut(self.lines), FadeOut(self.bars), FadeOut(self.network),
                  FadeOut(self.formula), FadeIn(general), run_time=style.RUN)
        self.formula = general
        self.play(Create(self.axes), FadeIn(ticks), FadeIn(grid), FadeIn(names),
                  FadeIn(y_title), run_time=style.RUN)
        self.chart = VGroup(self.axes, ticks, grid, names, y_title)
        runs = (*self.data.runs, self.data.relu)
        colors = [self.run_color(i) for i in range(len(self.data.runs))] + [th.output]
        self.legend = VGroup(*(self.legend_entry(r, c) for r, c in zip(runs, colors)))
        self.legend.arrange_in_grid(cols=2, buff=(0.6, 0.12), col_alignments="ll")
        self.legend.next_to(self.formula, DOWN, buff=0.2).set_x(0)

    def log_bars(self, run: StackRun, slot: int, color: str) -> VGroup:
        n_runs = len(self.data.runs) + 1
        width = 0.85 * self.slot_w / n_runs
        bars = VGroup()
        for k in range(run.depth, 0, -1):
            j = run.depth - k
            x = self.slot_x(j) + (slot - (n_runs - 1) / 2) * width
            bottom = self.axes.c2p(0, 10.0**self.data.low)[1]
            top = self.axes.c2p(0, abs(run.grads.dw[k - 1]))[1]
            bars.add(Rectangle(width=width * 0.9, height=max(top - bottom, 1e-3), stroke_width=0,
                               fill_color=color, fill_opacity=0.9)
                     .move_to([x, (top + bottom) / 2, 0]))
        return bars

    def legend_entry(self, run: StackRun, color: str) -> VGroup:
        sw = Rectangle(width=0.25, height=0.25, fill_color=color, fill_opacity=0.9,
                       stroke_width=0)
        key = "stack_legend_relu" if run.hidden == "relu" else "stack_legend"
        return VGroup(sw, label(self.t(key, depth=run.depth), style.FONT_SIZE_SMALL, color)
                      ).arrange(RIGHT, buff=0.12)

    def deeper(self) -> None:
        """Every sigmoid stack's bars on the log chart, aligned at the output."""
        self.draw_chart()
        for i, run in enumerate(self.data.runs):
            color = self.run_color(i)
            bars = self.log_bars(run, i, color)
            self.chart.add(bars)
            self.play(FadeIn(self.legend[i]), run_time=style.RUN_FAST)
            self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in bars), lag_ratio=0.1),
                      run_time=style.RUN_SLOW if i == 0 else style.RUN)
        self.wait(style.READ)
        runs = self.data.runs
        self.beat("stack_deep", depths=", ".join(str(r.depth) for r in runs),
                  firsts=", ".join(_sci_text(r.grads.dw[0]) for r in runs),
                  out=_sci_text(runs[-1].grads.dw[-1]))

    def relu_inside(self) -> None:
        th, run = self.theme, self.data.relu
        bars = self.log_bars(run, len(self.data.runs), th.output)
        self.play(FadeIn(self.legend[-1]), run_time=style.RUN_FAST)
        self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in bars), lag_ratio=0.1),
                  run_time=style.RUN_SLOW)
        self.wait(style.READ)
        g = run.grads
        self.beat("stack_relu", depth=run.depth, first=_sci_text(g.dw[0]),
                  last=_sci_text(g.dw[-1]))
        self.chart.add(bars)

    # -- dead ReLUs in a trained network

    def unit_grid(self, dead: tuple[np.ndarray, ...], cx: float) -> VGroup:
        """The hidden units, one column a layer: dead ones filled in the negative colour."""
        th = self.theme
        cols = VGroup()
        for li, layer in enumerate(dead):
            x = cx + (li - (len(dead) - 1) / 2) * 1.2
            n = layer.size
            col = VGroup(*(Circle(radius=0.17, stroke_width=3,
                                  color=th.negative if is_dead else th.output,
                                  fill_color=th.negative if is_dead else th.panel,
                                  fill_opacity=1).move_to([x, -0.45 + (n - 1 - 2 * i) * 0.21, 0])
                           for i, is_dead in enumerate(layer)))
            cols.add(col)
        return cols

    def dead_units(self) -> None:
        th, d = self.theme, self.data
        rule = math(r"z_i(x_b) \le 0 \ \ \forall b \;\Rightarrow\; \mathrm{ReLU}'(z_i) = 0"
                    r"\;\Rightarrow\; \frac{\partial L}{\partial W_{i,:}} = 0",
                    style.MATH_SIZE_SMALL, th.negative).next_to(self.heading, DOWN, buff=0.25)
        self.play(FadeOut(self.chart), FadeOut(self.legend), FadeOut(self.formula),
                  run_time=style.RUN)
        self.play(Write(rule), run_time=style.RUN_SLOW)
        sizes = "-".join(str(n) for n in d.sizes)
        panels = []
        for cx, dead, key in ((-3.4, d.dead_before, "stack_dead_init"),
                              (3.4, d.dead_after, "stack_dead_trained")):
            head = label(self.t(key, sizes=sizes, steps=d.steps), style.FONT_SIZE_LABEL,
                         th.foreground).move_to([cx, 1.6, 0])
            fit_width(head, 6.2)
            grid = self.unit_grid(dead.dead, cx)
            count = label(self.t("stack_dead_count", dead=dead.count, total=dead.n_hidden),
                          style.FONT_SIZE_LABEL, th.negative).move_to([cx, -2.55, 0])
            panels.append(VGroup(head, grid, count))
        arrow = Arrow([-1.6, -0.45, 0], [1.6, -0.45, 0], buff=0, color=th.muted, stroke_width=3)
        train = math(rf"t = {d.steps},\ \eta = {fmt_num(d.lr)}", self.small, th.muted)
        train.next_to(arrow, UP, buff=0.1)
        loss = math(rf"L: {_sci(d.losses[0])} \to {_sci(d.losses[-1])}", self.small, th.output)
        loss.next_to(arrow, DOWN, buff=0.1)
        self.play(FadeIn(panels[0]), run_time=style.RUN)
        self.play(GrowArrow(arrow), FadeIn(train), run_time=style.RUN)
        self.play(FadeIn(panels[1]), FadeIn(loss), run_time=style.RUN_SLOW)
        grads = VGroup(label(self.t("stack_dead_grad"), style.FONT_SIZE_SMALL, th.negative),
                       math(_sci(d.dead_grad_max), style.MATH_SIZE_SMALL, th.negative),
                       label(self.t("stack_live_grad"), style.FONT_SIZE_SMALL, th.output),
                       math(_sci(d.live_grad_max), style.MATH_SIZE_SMALL, th.output))
        grads.arrange(RIGHT, buff=0.2).move_to([0, -3.3, 0])
        fit_width(grads, 2 * (style.FRAME_HALF_WIDTH - style.SAFE_MARGIN))
        self.play(FadeIn(grads), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("stack_dead", before=d.dead_before.count, after=d.dead_after.count,
                  total=d.dead_after.n_hidden, steps=d.steps)


# ---------------------------------------------------------------- vanishing gradients

_ACT_TEX = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}",
            "leaky_relu": r"\mathrm{LReLU}", "elu": r"\mathrm{ELU}"}
"""An activation's name in formulas."""
_ACT_NAME = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU"}
"""The same name in captions (notation, not prose)."""
_DERIV_TEX = {"sigmoid": r"\sigma'(z_k)", "tanh": r"\tanh'(z_k)", "relu": "[z_k > 0]"}
"""f′(z_k) as the factor of one layer is written."""


def _factor_tex(run: ChainRun) -> str:
    """∂h_k/∂h_{k−1} of a chain: ``w_k σ′(z_k)``, with a skip ``1 + w_k σ′(z_k)``."""
    core = rf"w_k\, {_DERIV_TEX[run.act]}"
    return f"1 + {core}" if run.residual else core


class VanishingGradients(DLScene):
    """The gradient reaching h_0 is a product of one factor per layer: σ′ ≤ 1/4 vanishes, tanh
    less so, a skip connection's 1 + w σ′(z) keeps it (SigmoidStackGradients covers ReLU)."""

    spacing = 1.3
    chain_y = 1.3
    chart_bottom = -3.25
    chart_top = 0.35
    box_w = 0.9
    slot = 0.3

    def construct(self) -> None:
        self.show_chain()
        self.draw_chart()
        self.factors = self.arcs = None
        for slot, run in enumerate(self.data.chains):
            self.run_chain(slot, run)
        self.summary()

    # -- layout

    def layer_x(self, k: int) -> float:
        """Centre of layer k = 1..D."""
        return (k - (self.data.depth + 1) / 2) * self.spacing

    def arrow_x(self, k: int) -> float:
        """Centre of the arrow carrying h_k (k = 0..D)."""
        return self.layer_x(k) + self.spacing / 2

    def color(self, slot: int) -> str:
        return self.theme.classes[slot]

    def chain(self, act: str) -> VGroup:
        th = self.theme
        boxes = VGroup()
        for k in range(1, self.data.depth + 1):
            text = fit_width(math(_ACT_TEX[act], style.MATH_SIZE_SMALL, th.kernel),
                             0.8 * self.box_w)
            box = RoundedRectangle(corner_radius=0.1, width=self.box_w, height=0.7,
                                   stroke_color=th.kernel, stroke_width=3, fill_color=th.panel,
                                   fill_opacity=1).move_to([self.layer_x(k), self.chain_y, 0])
            boxes.add(VGroup(box, text.move_to(box)))
        return boxes

    def skips(self) -> VGroup:
        return VGroup(*(ArcBetweenPoints([self.arrow_x(k - 1), self.chain_y + 0.2, 0],
                                         [self.arrow_x(k), self.chain_y + 0.2, 0], angle=-2.2,
                                         color=self.theme.output, stroke_width=3)
                        for k in range(1, self.data.depth + 1)))

    def factor_labels(self, res: ChainResult, color: str) -> VGroup:
        return VGroup(*(math(rf"\times {_num(g)}", style.MATH_SIZE_SMALL * 0.8, color)
                        .move_to([self.layer_x(k), self.chain_y - 0.62, 0])
                        for k, g in zip(range(1, self.data.depth + 1), res.gain)))

    def bar(self, k: int, value: float, slot: int) -> Rectangle:
        """|∂y/∂h_k| of chain ``slot`` on the log axis."""
        n = len(self.data.chains)
        x = self.arrow_x(k) + (slot - (n - 1) / 2) * self.slot
        bottom, top = self.axes.c2p(k, self.data.floor), self.axes.c2p(k, abs(value))
        return Rectangle(width=self.slot * 0.85, height=max(top[1] - bottom[1], 1e-3),
                         stroke_width=0, fill_color=self.color(slot), fill_opacity=0.9).move_to(
            [x, (top[1] + bottom[1]) / 2, 0])

    # -- beats

    def show_chain(self) -> None:
        th, d = self.theme, self.data.depth
        first = self.data.chains[0]
        heading = title(self.t("vanish_title"))
        self.formula = math(r"\frac{\partial y}{\partial h_0} = \prod_{k=1}^{" + str(d)
                            + r"} \frac{\partial h_k}{\partial h_{k-1}} = \prod_{k=1}^{" + str(d)
                            + "} " + (rf"\big({_factor_tex(first)}\big)" if first.residual
                                      else _factor_tex(first)),
                            style.MATH_SIZE_SMALL).next_to(heading, DOWN, buff=0.2)
        self.play(Write(heading), run_time=style.RUN)
        self.boxes = self.chain(first.act)
        arrows = VGroup(*(Arrow([self.arrow_x(k) - self.spacing / 2 + self.box_w / 2 - 0.05,
                                 self.chain_y, 0],
                                [self.arrow_x(k) + self.spacing / 2 - self.box_w / 2 + 0.05,
                                 self.chain_y, 0], buff=0, stroke_width=3, color=th.muted,
                                max_tip_length_to_length_ratio=0.3)
                          for k in range(d + 1)))
        x_lab = math("x", style.MATH_SIZE_SMALL, th.signal).next_to(arrows[0], LEFT, buff=0.08)
        y_lab = math("y", style.MATH_SIZE_SMALL, th.output).next_to(arrows[-1], RIGHT, buff=0.08)
        self.play(FadeIn(self.boxes), Create(arrows), FadeIn(x_lab), FadeIn(y_lab),
                  run_time=style.RUN)
        self.play(Write(self.formula), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("chain", depth=d, w=fmt_num(self.data.weight))

    def draw_chart(self) -> None:
        """The log axis of |∂y/∂h_k|, its decades, the h_k names and the legend."""
        th, d, lo, hi = self.theme, self.data.depth, self.data.low, self.data.high
        # one decade more than the bars need: the axis title and the legend sit in it, above
        # every bar (a skip chain's bars reach 10^hi)
        axes = Axes(x_range=[-0.6, d + 0.6, 1], y_range=[lo, hi + 1, 1],
                    x_length=(d + 1.2) * self.spacing, y_length=self.chart_top - self.chart_bottom,
                    y_axis_config={"scaling": LogBase(custom_labels=False), "include_ticks": True},
                    axis_config={"color": th.muted}, tips=False)
        axes.shift(np.array([self.arrow_x(0), self.chart_bottom, 0]) - axes.c2p(0, self.data.floor))
        axes.y_axis.set_opacity(0)  # Axes puts the y axis at x = 0 (the h_0 bars): grid lines instead
        self.axes = axes
        decades = range(lo, hi, 2)  # no line at the top decade: the axis title sits there
        ticks = VGroup(*(math(f"10^{{{e}}}", style.MATH_SIZE_SMALL * 0.8, th.muted)
                         .next_to(axes.c2p(-0.6, 10.0**e), LEFT, buff=0.08) for e in decades))
        grid = VGroup(*(Line(axes.c2p(-0.6, 10.0**e), axes.c2p(d + 0.6, 10.0**e),
                             stroke_width=1, color=th.muted, stroke_opacity=0.35)
                        for e in decades))
        h_labels = VGroup(*(math(f"h_{k}", style.MATH_SIZE_SMALL * 0.8, th.muted)
                            .next_to(axes.c2p(k, self.data.floor), DOWN, buff=0.1)
                            for k in range(d + 1)))
        y_title = math(r"\left|\frac{\partial y}{\partial h_k}\right|",
                       style.MATH_SIZE_SMALL * 0.8, th.muted)
        y_title.next_to(axes.c2p(-0.6, 10.0 * self.data.ceiling), RIGHT, buff=0.05)
        y_title.shift(DOWN * 0.2)
        self.y_title = y_title
        self.play(Create(axes), FadeIn(ticks), FadeIn(grid), FadeIn(h_labels), FadeIn(y_title),
                  run_time=style.RUN)
        self.legend = VGroup(*(self.legend_entry(run, slot)
                               for slot, run in enumerate(self.data.chains)))
        # at the right end of the chart's top decade: the left end, above the h_0 bars, is
        # where the summary names their values
        self.legend.arrange(RIGHT, buff=0.5).move_to(y_title).align_to(
            axes.c2p(d + 0.6, 1.0), RIGHT)

    def legend_entry(self, run: ChainRun, slot: int) -> VGroup:
        color = self.color(slot)
        """A swatch and the chain's name, every name in one font and size (σ, tanh, σ + skip)."""
        sw = Rectangle(width=0.25, height=0.25, fill_color=color, fill_opacity=0.9, stroke_width=0)
        name = _ACT_NAME[run.act] + (" " + self.t("legend_skip") if run.residual else "")
        return VGroup(sw, label(name, style.FONT_SIZE_SMALL, color)).arrange(RIGHT, buff=0.12)

    def run_chain(self, slot: int, run: ChainRun) -> None:
        """Swap in the chain's layers, show its factors, grow its bars, name its factor."""
        th, res, color = self.theme, run.result, self.color(slot)
        factors = self.factor_labels(res, color)
        anims = [FadeIn(self.legend[slot])]
        if slot:
            new_boxes = self.chain(run.act)
            anims += [ReplacementTransform(self.boxes, new_boxes), FadeOut(self.factors)]
            self.boxes = new_boxes
        if run.residual and self.arcs is None:
            self.arcs = self.skips()
            anims.append(Create(self.arcs))
        elif not run.residual and self.arcs is not None:  # a plain chain has no skips
            anims.append(FadeOut(self.arcs))
            self.arcs = None
        self.play(*anims, run_time=style.RUN)
        self.play(GrowFromEdge(self.bar(self.data.depth, res.dh[-1], slot), DOWN),
                  run_time=style.RUN_FAST)
        if slot == 0:
            self.build_product(res, factors)
        else:
            bars = [self.bar(k - 1, res.dh[k - 1], slot) for k in range(self.data.depth, 0, -1)]
            self.play(FadeIn(factors), run_time=style.RUN)
            self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in bars), lag_ratio=0.15),
                      run_time=style.RUN_SLOW)
        self.factors = factors
        self.wait(style.PAUSE)
        if slot == 0:
            self.name_bound(run)
        else:
            self.name_factor(run, color)

    def build_product(self, res: ChainResult, factors: VGroup) -> None:
        """The first chain: the product builds up one layer at a time, right to left."""
        for k in range(self.data.depth, 0, -1):
            self.play(FadeIn(factors[k - 1], shift=DOWN * 0.1),
                      Circumscribe(self.boxes[k - 1], color=self.theme.highlight),  # keeps σ legible
                      run_time=style.RUN_FAST)
            self.play(GrowFromEdge(self.bar(k - 1, res.dh[k - 1], 0), DOWN),
                      run_time=style.RUN_FAST)

    def name_bound(self, run: ChainRun) -> None:
        """f′ ≤ max f′ beside the product formula, for the first chain."""
        bound = math(rf"{_ACT_TEX[run.act]}'(z) \le {fmt_num(run.grad_max)}",
                     style.MATH_SIZE_SMALL, self.theme.highlight)
        bound.next_to(self.formula, RIGHT, buff=0.4)
        self.play(Write(bound), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("vanish_first", name=_ACT_NAME[run.act], bound=fmt_num(run.grad_max),
                  depth=self.data.depth, value=_sci_text(run.result.dh[0]))
        self.play(FadeOut(bound), run_time=style.RUN_FAST)

    def name_factor(self, run: ChainRun, color: str) -> None:
        """The factor of one layer of this chain replaces the product formula."""
        new = math(rf"\frac{{\partial h_k}}{{\partial h_{{k-1}}}} = {_factor_tex(run)}",
                   style.MATH_SIZE_SMALL, color).move_to(self.formula)
        self.play(ReplacementTransform(self.formula, new), run_time=style.RUN)
        self.formula = new
        self.wait(style.PAUSE)
        key = "vanish_skip" if run.residual else "vanish_plain"
        self.beat(key, name=_ACT_NAME[run.act], bound=fmt_num(run.grad_max),
                  value=_sci_text(run.result.dh[0]))

    def summary(self) -> None:
        """The h_0 bars ringed and, just above them, each chain's ∂y/∂h_0 in its colour."""
        th = self.theme
        h0 = VGroup(*(self.bar(0, run.result.dh[0], slot)
                      for slot, run in enumerate(self.data.chains)))
        ring = SurroundingRectangle(h0, color=th.highlight, buff=0.08)
        parts = [r"\frac{\partial y}{\partial h_0} ="]
        for slot, run in enumerate(self.data.chains):
            parts += ([r",\ "] if slot else []) + [_sci(run.result.dh[0])]
        values = MathTex(*parts, font_size=style.MATH_SIZE_SMALL, color=th.foreground)
        for slot in range(len(self.data.chains)):
            values[1 + 2 * slot].set_color(self.color(slot))
        values.next_to(ring, UP, buff=0.15).align_to(ring, LEFT)
        clash = self.y_title.get_right()[0] + 0.4 - values.get_left()[0]
        if clash > 0:  # right of the axis title, which sits above the h_0 bars' left half
            values.shift(RIGHT * clash)
        self.play(FadeOut(self.factors), run_time=style.RUN_FAST)
        self.play(Create(ring), Write(values), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("summary")


# ---------------------------------------------------------------- activations


def _bound_tex(v: float) -> str:
    """An end of an activation's range: a number, ``\infty`` or ``-\infty``."""
    if np.isinf(v):
        return r"-\infty" if v < 0 else r"\infty"
    return fmt_num(v, DIGITS)


class ActivationDerivatives(DLScene):
    """Sigmoid, tanh, ReLU, leaky ReLU and ELU with their derivatives: σ′ ≤ 1/4, ReLU's dead
    region, the slopes that avoid it."""

    panel_y = 0.35
    width = 2 * (style.FRAME_HALF_WIDTH - style.SAFE_MARGIN)
    small = style.MATH_SIZE_SMALL * 0.8

    def construct(self) -> None:
        self.play(Write(title(self.t("act_title"))), run_time=style.RUN)
        self.stacks = {}
        n = len(self.data.panels)
        self.gap = min(4.7, self.width / n)
        for i, panel in enumerate(self.data.panels):
            cx = (i - (n - 1) / 2) * self.gap
            self.draw_panel(panel, cx, first=i == 0)
            self.show_maximum(panel, cx)
            if panel.act == "sigmoid":
                self.explain_sigmoid()
            if panel.act == "relu":
                self.dead_region()
            self.show_stack(panel, cx)
        self.compare()

    def draw_panel(self, panel: ActivationPanel, cx: float, first: bool) -> None:
        """Axes, f and f′ with their names, the panel's heading."""
        th, x_max, y_max = self.theme, self.data.x_max, self.data.y_max
        axes = Axes(x_range=[-x_max, x_max, 2], y_range=[-y_max, y_max, 0.5],
                    x_length=min(4.0, 0.88 * self.gap), y_length=3.4, tips=False,
                    axis_config={"color": th.muted, "include_ticks": False})
        self.axes = axes.move_to([cx, self.panel_y, 0])
        f_curve = curve(axes, panel.xs[panel.inside], panel.f[panel.inside], th.signal, jump=0.25)
        df_curve = curve(axes, panel.xs, panel.df, th.product, jump=0.25)
        name = _ACT_TEX[panel.act]
        df_lab = math(rf"{name}'(x)", self.small, th.product)
        df_lab.next_to(axes.c2p(x_max, -y_max), UP + LEFT, buff=0.05)
        f_lab = math(rf"{name}(x)", self.small, th.signal)
        f_lab.next_to(df_lab, UP, buff=0.1).align_to(df_lab, RIGHT)
        heading = label(self.t(f"name_{panel.act}"), style.FONT_SIZE_LABEL, th.foreground)
        fit_width(heading.next_to(axes, UP, buff=0.15), self.gap - 0.15)
        run = style.RUN_SLOW if first else style.RUN
        self.play(FadeIn(heading), Create(axes), run_time=style.RUN_FAST)
        self.play(Create(f_curve), FadeIn(f_lab), run_time=run)
        self.play(Create(df_curve), FadeIn(df_lab), run_time=run)

    def show_maximum(self, panel: ActivationPanel, cx: float) -> None:
        """The derivative's maximum (dot and level line) and the function's range."""
        th, info, axes, x_max = self.theme, panel.info, self.axes, self.data.x_max
        self.peak = Dot(axes.c2p(info.grad_argmax, info.grad_max), color=th.highlight,
                        radius=0.07)
        level = DashedLine(axes.c2p(-x_max, info.grad_max), axes.c2p(x_max, info.grad_max),
                           color=th.highlight, stroke_width=2, dash_length=0.08)
        n = _ACT_TEX[panel.act]
        opening = "[" if info.low_attained else "("
        rng_tex = rf"{n}(x) \in {opening}{_bound_tex(info.low)},\ {_bound_tex(info.high)})"
        max_tex = rf"\max {n}' = {fmt_num(info.grad_max, DIGITS)}"
        info_line = VGroup(math(rng_tex, self.small, th.signal),
                           math(max_tex, self.small, th.product))
        info_line.arrange(DOWN, buff=0.1).move_to([cx, self.panel_y - 2.05, 0])
        fit_width(info_line, self.gap - 0.15)
        self.play(FadeIn(self.peak, scale=1.5), Create(level), run_time=style.RUN)
        self.play(FadeIn(info_line), run_time=style.RUN)
        self.grad_max = info.grad_max

    def explain_sigmoid(self) -> None:
        """σ′ = σ(1 − σ) and its peak σ′(0)."""
        th = self.theme
        deriv = math(r"\sigma' = \sigma\,(1-\sigma)", self.small, th.product)
        deriv.next_to(self.axes.c2p(-self.data.x_max, -0.45), RIGHT, buff=0.05)
        deriv.add_background_rectangle(color=th.background, opacity=0.85, buff=0.05)
        allow(deriv, "its opaque background masks the y axis it sits on")
        peak_lab = math(rf"\sigma'(0) = {fmt_num(self.grad_max, DIGITS)}", self.small,
                        th.highlight).next_to(self.peak, UP + RIGHT, buff=0.05)
        self.play(Write(peak_lab), Write(deriv), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("act_sigmoid", peak=fmt_num(self.grad_max, DIGITS))
        self.play(FadeOut(peak_lab), run_time=style.RUN_FAST)

    def dead_region(self) -> None:
        """ReLU′ = 0 for every x < 0: the region where a unit passes no gradient."""
        th, axes, x_max, y_max = self.theme, self.axes, self.data.x_max, self.data.y_max
        lo, hi = axes.c2p(-x_max, -y_max), axes.c2p(0, y_max)
        shade = Rectangle(width=hi[0] - lo[0], height=hi[1] - lo[1], stroke_width=0,
                          fill_color=th.negative, fill_opacity=0.18).move_to((lo + hi) / 2)
        allow(shade, "a translucent band behind the curves marks the dead region")
        # in the band's empty lower half (every curve runs along 0 there), clear of the
        # derivative's level line at the top
        tag = VGroup(label(self.t("dead_region"), style.FONT_SIZE_SMALL, th.foreground),
                     math(r"\mathrm{ReLU}' = 0", self.small, th.foreground)).arrange(DOWN, buff=0.1)
        tag.next_to(shade.get_bottom(), UP, buff=0.2)
        clash = tag.get_right()[0] + 0.12 - shade.get_right()[0]
        if clash > 0:  # wider than the band's half: keep clear of the y axis at its right
            tag.shift(LEFT * clash)
        self.play(FadeIn(shade), FadeIn(tag), run_time=style.RUN)

    def show_stack(self, panel: ActivationPanel, cx: float) -> None:
        """(f′)ⁿ ≤ (max f′)ⁿ under the panel."""
        depth = self.data.stack_depth
        stack = math(rf"({_ACT_TEX[panel.act]}')^{{{depth}}} \le {_sci(panel.bound)}",
                     self.small, self.theme.output)
        stack.move_to([cx, self.panel_y - 2.75, 0])
        fit_width(stack, self.gap - 0.15)
        self.play(Write(stack), run_time=style.RUN)
        self.stacks[panel.act] = stack
        self.wait(style.READ)
        if panel.act == "sigmoid":
            self.beat("stack", depth=depth, bound=_sci_text(panel.bound))
        else:
            self.beat(f"act_{panel.act}", slope=fmt_num(self.data.leaky_slope),
                      low=fmt_num(panel.info.low))

    def compare(self) -> None:
        th = self.theme
        box = SurroundingRectangle(self.stacks["sigmoid"], color=th.highlight, buff=0.08)
        note = label(self.t("act_summary"), style.FONT_SIZE_SMALL, th.foreground)
        note.next_to(VGroup(*self.stacks.values()), DOWN, buff=0.25)
        fit_width(note, self.width)
        self.play(Create(box), FadeIn(note), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("compare")


# ---------------------------------------------------------------- zig-zag steps


class ZigZagSteps(DLScene):
    """Sigmoid outputs are all positive, so a neuron's weight gradients share one sign and SGD
    zig-zags; zero-centred tanh inputs go straight."""

    centers = (-3.9, 3.9)
    """Panel centres: the legend of the step colours sits in the gap between them."""
    panel_y = -0.45
    size = 3.8
    """Side of a panel: with its two-line result and that result's box below, ≥ 50 px above
    the bottom edge at 1080p."""
    small = style.MATH_SIZE_SMALL * 0.8

    def construct(self) -> None:
        self.setup_neuron()
        self.results = []
        self.legend = VGroup(self.legend_entry("zig_same_step", self.theme.kernel),
                             self.legend_entry("zig_mixed_step", self.theme.product)
                             ).arrange(DOWN, buff=0.4).move_to([0, self.panel_y, 0])
        for i, run in enumerate(self.data.runs):
            self.show_path(i, run)
        self.compare()

    def setup_neuron(self) -> None:
        th = self.theme
        heading = title(self.t("zig_title"))
        neuron = math(r"\hat y = w_1 h_1 + w_2 h_2,\qquad L = \tfrac12(\hat y - t)^2"
                      r"\qquad\Rightarrow\qquad \frac{\partial L}{\partial w_i} = "
                      r"(\hat y - t)\, h_i", style.MATH_SIZE_SMALL).next_to(heading, DOWN,
                                                                            buff=0.2)
        self.play(Write(heading), run_time=style.RUN)
        self.play(Write(neuron), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("zig_setup", steps=self.data.steps, lr=fmt_num(self.data.lr))
        self.neuron = neuron

    def panel(self, i: int, run) -> VGroup:
        th, e = self.theme, self.data.extent
        axes = Axes(x_range=[-e, e, 0.5], y_range=[-e, e, 0.5], x_length=self.size,
                    y_length=self.size, tips=False,
                    axis_config={"color": th.muted, "include_ticks": True, "tick_size": 0.04})
        axes.move_to([self.centers[i], self.panel_y, 0])
        w1 = math("w_1", self.small, th.kernel).next_to(axes.x_axis.get_right(), UP, buff=0.1)
        w2 = math("w_2", self.small, th.kernel).next_to(axes.y_axis.get_top(), RIGHT, buff=0.1)
        head = label(self.t(f"zig_head_{run.act}"), style.FONT_SIZE_LABEL, th.foreground)
        head.next_to(axes, UP, buff=0.2)
        fit_width(head, 6.3)
        lines = ((r"h_i = \sigma(z_i) > 0",) if run.act == "sigmoid"
                 else (r"h_i = \tanh(z_i)", r"\in (-1, 1)"))
        sign = VGroup(*(math(t, self.small, th.signal) for t in lines)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.12)  # tanh's in two lines: left of the w_2 axis
        sign.next_to(axes.c2p(-e, -e), UP + RIGHT, buff=0.1)
        fit_width(sign, axes.c2p(0, 0)[0] - 0.15 - sign.get_left()[0])
        sign.add_background_rectangle(color=th.background, opacity=0.85, buff=0.05)
        allow(sign, "its opaque background sits on the axes' corner, away from the path")
        return VGroup(axes, w1, w2, head, sign)

    def legend_entry(self, key: str, color: str) -> VGroup:
        """A step arrow over its name, for the gap between the panels."""
        arrow = Arrow(LEFT * 0.35, RIGHT * 0.35, buff=0, stroke_width=3, color=color,
                      tip_length=0.12, max_tip_length_to_length_ratio=0.35)
        return VGroup(arrow, label(self.t(key), style.FONT_SIZE_SMALL, color)).arrange(
            DOWN, buff=0.1)

    def show_path(self, i: int, run) -> None:
        th, d = self.theme, self.data
        panel = self.panel(i, run)
        axes = panel[0]
        target = VGroup(Dot(axes.c2p(*d.w_target), radius=0.09, color=th.output),
                        Circle(radius=0.16, color=th.output, stroke_width=3)
                        .move_to(axes.c2p(*d.w_target)))
        t_lab = math("w^*", self.small, th.output).next_to(target, DOWN + RIGHT, buff=0.02)
        start = Dot(axes.c2p(*d.w_start), radius=0.08, color=th.kernel)
        self.play(FadeIn(panel), FadeIn(target), FadeIn(t_lab), FadeIn(start),
                  FadeIn(self.legend[i]), run_time=style.RUN)
        w, same = run.path.w, run.path.same_sign
        arrows = [Arrow(axes.c2p(*a), axes.c2p(*b), buff=0, stroke_width=3,
                        color=th.kernel if s else th.product, tip_length=0.12,
                        max_tip_length_to_length_ratio=0.35)
                  for a, b, s in zip(w[:-1], w[1:], same)]
        first = 4
        for arrow in arrows[:first]:
            self.play(GrowArrow(arrow), run_time=style.RUN_FAST)
        self.play(LaggedStart(*(GrowArrow(a) for a in arrows[first:]), lag_ratio=0.3),
                  run_time=style.RUN_SLOW * 1.5)
        result = label(self.t("zig_result", same=run.same_sign, steps=d.steps,
                              start=_num(d.start_distance), end=_num(run.distance)),
                       style.FONT_SIZE_SMALL, th.foreground)
        result.next_to(axes, DOWN, buff=0.3)  # its box (compare) clears the axes
        fit_width(result, 6.3)
        self.play(FadeIn(result), run_time=style.RUN_FAST)
        self.results.append(result)
        self.wait(style.READ)
        self.beat(f"zig_{run.act}", same=run.same_sign, steps=d.steps,
                  end=_num(run.distance), start=_num(d.start_distance))

    def compare(self) -> None:
        th = self.theme
        boxes = [SurroundingRectangle(r, color=th.highlight, buff=0.15) for r in self.results]
        self.play(*(Create(b) for b in boxes), run_time=style.RUN)
        self.wait(style.READ)
        sig, tanh = self.data.runs
        self.beat("zig_compare", sig=_num(sig.distance), tanh=_num(tanh.distance),
                  steps=self.data.steps)


# ---------------------------------------------------------------- initialisation


def _histogram(fractions: np.ndarray, width: float, height: float, color: str) -> VGroup:
    """Bars for one layer's histogram; the tallest bin fills the panel height."""
    n = fractions.size
    tallest = float(fractions.max()) or 1.0
    bars = VGroup()
    for i, f in enumerate(fractions):
        if f <= 0:
            continue
        h = height * float(f) / tallest
        bars.add(Rectangle(width=width / n, height=h, stroke_width=0, fill_color=color,
                           fill_opacity=0.9).move_to([(i + 0.5) * width / n - width / 2, h / 2, 0]))
    return bars


def _std_tex(v: float) -> str:
    """A layer's std under its histogram: two decimals, or scientific when tiny."""
    return _sci(v) if v < 0.01 else fmt_num(v, 2)


def _std_text(v: float) -> str:
    return _sci_text(v) if v < 0.01 else fmt_num(v, 2)


class InitHistograms(DLScene):
    """Activations layer by layer under small, large, Xavier and He initialisation (tanh, ReLU)."""

    panel_w = 1.35
    panel_h = 1.35
    panel_gap = 1.6
    base_y = 0.45
    panels_dx = 0.25
    std_y = base_y - 0.25
    """Height of the std row under the histograms; the histogram range sits below it."""

    def construct(self) -> None:
        self.setup_panels()
        self.hists = self.std_labels = self.cfg_line = None
        self.legend = VGroup()
        th = self.theme  # the sixth run (ReLU, He) in white: the sixth class colour is near orange
        palette = (*th.classes[:5], th.foreground)
        for i, run in enumerate(self.data.runs):
            self.show_run(run, palette[i % len(palette)])
        self.wait(style.PAUSE)

    def panel_x(self, k: int) -> float:
        """Centre of layer k's panel (shifted right: the std row is named at the left)."""
        return (k - (self.data.depth + 1) / 2) * self.panel_gap + self.panels_dx

    def setup_panels(self) -> None:
        """The network's formula, one empty histogram panel per layer, the std(h_k) plot."""
        th, d = self.theme, self.data.depth
        heading = title(self.t("init_title"))
        self.play(Write(heading), run_time=style.RUN)
        self.net = math(rf"h_k = f(W_k\, h_{{k-1}}),\quad W_k \in \mathbb{{R}}^{{{self.data.width}"
                        rf"\times {self.data.width}}},\quad k = 1, \dots, {d}",
                        style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(heading, DOWN, buff=0.15)
        self.baselines = VGroup(*(Line([self.panel_x(k) - self.panel_w / 2, self.base_y, 0],
                                       [self.panel_x(k) + self.panel_w / 2, self.base_y, 0],
                                       color=th.muted, stroke_width=2) for k in range(1, d + 1)))
        k_labels = VGroup(*(math(f"h_{{{k}}}", style.MATH_SIZE_SMALL * 0.8, th.muted)
                            .move_to([self.panel_x(k), self.base_y + self.panel_h + 0.2, 0])
                            for k in range(1, d + 1)))
        top = self.data.std_top
        self.axes = axes = Axes(x_range=[0.5, d + 0.5, 1], y_range=[0, top, 0.5], x_length=7.6,
                                y_length=2.6, tips=False, axis_config={"color": th.muted})
        axes.move_to([-2.6, -2.2, 0])
        y_name = math(r"\mathrm{std}(h_k)", style.MATH_SIZE_SMALL * 0.8, th.muted)
        y_name.next_to(axes.c2p(0.5, top), UP, buff=0.1)
        x_name = math("k", style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(
            axes.c2p(d + 0.5, 0), RIGHT, buff=0.1)
        ticks = VGroup(*(math(fmt_num(v), style.MATH_SIZE_SMALL * 0.8, th.muted)
                         .next_to(axes.c2p(0.5, v), LEFT, buff=0.1)
                         for v in np.arange(0.0, top + 0.25, 0.5)))
        self.std_name = std_name = math(r"\mathrm{std}", style.MATH_SIZE_SMALL * 0.8, th.muted
                                        ).next_to([self.panel_x(1) - self.panel_w / 2,
                                                   self.std_y, 0], LEFT, buff=0.1)
        self.play(FadeIn(self.net), FadeIn(self.baselines), FadeIn(k_labels), FadeIn(std_name),
                  run_time=style.RUN)
        self.play(Create(axes), FadeIn(y_name), FadeIn(x_name), FadeIn(ticks), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("init_setup", depth=d, width=self.data.width)

    def config_line(self, run: InitRun, color: str) -> VGroup:
        """The run's name and initialisation formula above the panels, the histogram range."""
        th = self.theme
        parts = [label(self.t(f"cfg_{run.act}_{run.init}"), style.FONT_SIZE_LABEL, color),
                 *self.init_parts(run, color)]
        if run.act == "relu":  # ReLU's zeros are left out of its histograms: say so
            parts.append(label(self.t("relu_zeros"), style.FONT_SIZE_SMALL, th.muted))
        line = VGroup(*parts).arrange(RIGHT, buff=0.3)
        line.move_to([0, self.base_y + self.panel_h + 0.75, 0])
        fit_width(line, 2 * (style.FRAME_HALF_WIDTH - style.SAFE_MARGIN))
        range_y = self.std_y - 0.36  # under the std row, clear of h_1's std and the std plot
        span = label(self.t("init_range", low=fmt_num(run.low), high=fmt_num(run.high)),
                     style.FONT_SIZE_SMALL, th.muted)  # what the histograms' horizontal axis spans
        line.add(span.move_to([0, range_y, 0]).align_to(self.std_name, LEFT))
        return line

    def init_parts(self, run: InitRun, color: str) -> list:
        """The initialisation as formulas (constants are dlmath's). Xavier is written both
        ways, named where tanh first meets it: the notes' 1/n_in and Glorot & Bengio's
        2/(n_in + n_out), equal for these square layers; He's 2/n_in is the same in both."""
        size, th = style.MATH_SIZE_SMALL * 0.8, self.theme

        def tex(s):
            return math(s, size, color)

        def tag(key):
            return label(self.t(key), style.FONT_SIZE_SMALL, th.muted)

        n = self.data.width
        if run.init == "xavier":
            named = run.act == "tanh"
            parts = [tex(r"\mathrm{Var}\,W = \frac{1}{n_\mathrm{in}}")]
            parts += [tag("init_notes_xavier")] if named else []
            parts += [tex(r"= \frac{2}{n_\mathrm{in} + n_\mathrm{out}}")]
            parts += [tag("init_glorot"), tex(rf"= \frac{{1}}{{{n}}}")] if named else []
            return parts
        if run.init == "he":
            return [tex(r"\mathrm{Var}\,W = \frac{2}{n_\mathrm{in}}"), tag("init_he_both")]
        return [tex({
            "small": rf"W \sim \mathcal{{N}}\big(0,\ {fmt_num(self.data.small_std)}^2\big)",
            "large": rf"W \sim \mathcal{{N}}\big(0,\ {fmt_num(self.data.large_std)}^2\big)",
            "zero": r"W = 0",
        }[run.init])]

    def run_panels(self, run: InitRun, color: str) -> tuple[VGroup, VGroup]:
        """One histogram a layer and the std under each."""
        st, d = run.stats, self.data.depth
        hists = VGroup(*(_histogram(st.fractions[k - 1], self.panel_w, self.panel_h, color)
                         .shift([self.panel_x(k), self.base_y, 0]) for k in range(1, d + 1)))
        stds = VGroup(*(math(_std_tex(v), style.MATH_SIZE_SMALL * 0.8, color)
                        .move_to([self.panel_x(k), self.std_y, 0])
                        for k, v in zip(range(1, d + 1), st.std)))
        return hists, stds

    def show_run(self, run: InitRun, color: str) -> None:
        """Histograms and stds of one run, its std curve on the plot, its legend entry."""
        hists, stds = self.run_panels(run, color)
        line = self.config_line(run, color)
        if self.hists is None:
            self.play(FadeOut(self.net), FadeIn(line), run_time=style.RUN_FAST)
            self.play(LaggedStart(*(FadeIn(h, shift=UP * 0.2) for h in hists), lag_ratio=0.2),
                      run_time=style.RUN_SLOW)
            self.play(FadeIn(stds), run_time=style.RUN_FAST)
        else:
            self.play(FadeTransform(self.cfg_line, line), run_time=style.RUN_FAST)
            self.play(ReplacementTransform(self.hists, hists),
                      ReplacementTransform(self.std_labels, stds), run_time=style.RUN)
        self.hists, self.std_labels, self.cfg_line = hists, stds, line
        st, d = run.stats, self.data.depth
        pts = [self.axes.c2p(k, v) for k, v in zip(range(1, d + 1), st.std)]
        std_curve = VMobject(stroke_color=color, stroke_width=4).set_points_as_corners(pts)
        dots = VGroup(*(Dot(p, radius=0.05, color=color) for p in pts))
        entry = label(self.t(f"cfg_{run.act}_{run.init}"), style.FONT_SIZE_SMALL, color)
        self.legend.add(entry)
        self.legend.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(self.axes, RIGHT, buff=0.7)
        self.legend.align_to(self.axes, UP)
        self.play(Create(std_curve), FadeIn(dots), FadeIn(entry), run_time=style.RUN)
        self.wait(style.READ)
        self.beat(f"init_{run.act}_{run.init}", first=_std_text(st.std[0]),
                  last=_std_text(st.std[-1]), depth=d)


# ---------------------------------------------------------------- zero initialisation


def _mat(m: np.ndarray, color: str | None = None, size: float = style.MATH_SIZE_SMALL) -> Matrix:
    """A bracketed matrix (or column, for an (n, 1) array) of dlmath numbers."""
    m = np.atleast_2d(m)
    mat = Matrix([[fmt_num(v, DIGITS) for v in row] for row in m],
                 element_to_mobject_config={"font_size": size},
                 h_buff=1.05 * size / style.MATH_SIZE_SMALL,
                 v_buff=0.62 * size / style.MATH_SIZE_SMALL)
    if color:
        mat.get_entries().set_color(color)
    return mat


def _matrix(name: str, m: np.ndarray, colors: tuple[str, ...] | None = None,
            size: float = style.MATH_SIZE_SMALL) -> VGroup:
    """``name = [matrix]`` of dlmath numbers; row ``i`` coloured ``colors[i]`` if given."""
    mat = _mat(m, size=size)
    if colors:
        for row, c in zip(mat.get_rows(), colors):
            row.set_color(c)
    return VGroup(math(f"{name} =", size), mat).arrange(RIGHT, buff=0.15)


_INIT_NAME = {"xavier": "Xavier", "he": "He"}
"""Initialisations by their authors' names (names, not prose)."""


class ZeroInitSymmetry(DLScene):
    """Zero initialisation: both hidden units get the same gradient at every step, so they never differ."""

    centers = (-3.6, 3.6)

    def construct(self) -> None:
        self.show_networks()
        for step in self.data.shown_steps[1:]:
            self.step_to(step)
        self.conclude()

    @property
    def runs(self) -> tuple[Training, Training]:
        return self.data.zero, self.data.random

    def network(self, cx: float) -> VGroup:
        th = self.theme
        unit_colors = (th.classes[0], th.classes[1])
        pos = {"x1": (-1.7, 0.75), "x2": (-1.7, -0.75), "h1": (0, 0.75), "h2": (0, -0.75),
               "y": (1.7, 0)}
        tex = {"x1": "x_1", "x2": "x_2", "h1": "h_1", "h2": "h_2", "y": r"\hat y"}
        nodes = {}
        for key, (px, py) in pos.items():
            color = (th.signal if key.startswith("x") else th.output if key == "y"
                     else unit_colors[int(key[1]) - 1])
            c = Circle(radius=0.33, color=color, stroke_width=3, fill_color=th.panel,
                       fill_opacity=1).move_to([cx + px, 1.15 + py * 0.9, 0])
            nodes[key] = VGroup(c, math(tex[key], style.MATH_SIZE_SMALL * 0.8, color).move_to(c))
        edges = VGroup(*(Line(nodes[a][0].get_center(), nodes[b][0].get_center(),
                              buff=0.35, stroke_width=2, color=th.muted)
                         for a, b in (("x1", "h1"), ("x2", "h1"), ("x1", "h2"), ("x2", "h2"),
                                      ("h1", "y"), ("h2", "y"))))
        return VGroup(edges, *nodes.values())

    def matrices(self, tr: Training, step: int, cx: float) -> VGroup:
        th = self.theme
        size = style.MATH_SIZE_SMALL * 0.8
        W1 = _matrix("W_1", tr.weights[0][step], (th.classes[0], th.classes[1]), size)
        W2 = _matrix("W_2", tr.weights[1][step], None, size)
        loss = math(rf"L = {fmt_num(tr.losses[step], DIGITS)}", size, th.output)
        return VGroup(W1, W2, loss).arrange(DOWN, buff=0.2).move_to([cx, -1.55, 0])

    def show_networks(self) -> None:
        th = self.theme
        self.play(Write(title(self.t("sym_title"))), run_time=style.RUN)
        heads = [label(self.t("sym_zero"), style.FONT_SIZE_BODY, th.negative),
                 label(self.t("sym_random", init=_INIT_NAME[self.data.random_init]),
                       style.FONT_SIZE_BODY, th.output)]
        for head, cx in zip(heads, self.centers):
            head.move_to([cx, 2.55, 0])
        nets = [self.network(cx) for cx in self.centers]
        self.play(*(FadeIn(h) for h in heads), *(Create(n) for n in nets), run_time=style.RUN_SLOW)
        self.mats = [self.matrices(tr, 0, cx) for tr, cx in zip(self.runs, self.centers)]
        self.counter = math("t = 0", style.MATH_SIZE, th.highlight).move_to([0, 1.15, 0])
        self.play(FadeIn(self.counter), *(FadeIn(m) for m in self.mats), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("sym_start")

    def step_to(self, step: int) -> None:
        """Both networks' weights and losses after ``step`` gradient steps."""
        th = self.theme
        counter = math(f"t = {step}", style.MATH_SIZE, th.highlight).move_to(self.counter)
        mats = [self.matrices(tr, step, cx) for tr, cx in zip(self.runs, self.centers)]
        self.play(ReplacementTransform(self.counter, counter),
                  *(ReplacementTransform(m, n) for m, n in zip(self.mats, mats)),
                  run_time=style.RUN_SLOW if step == 1 else style.RUN)
        self.counter, self.mats = counter, mats
        if step == 1:  # what the first step saw: W₁'s gradient is 0, W₂'s is not
            g = self.data.zero_grads
            dW2 = " & ".join(fmt_num(v, DIGITS) for v in g.dW[1].ravel())
            dW1 = "0" if not np.any(g.dW[0]) else _num(float(np.abs(g.dW[0]).max()))
            self.grad_line = math(
                rf"\frac{{\partial L}}{{\partial W_1}}\Big|_{{t=0}} = {dW1},\qquad"
                rf"\frac{{\partial L}}{{\partial W_2}}\Big|_{{t=0}} = "
                rf"\begin{{bmatrix}} {dW2} \end{{bmatrix}}",
                style.MATH_SIZE_SMALL * 0.8, th.negative).move_to([0, -3.35, 0])
            self.play(Write(self.grad_line), run_time=style.RUN)
        if step == 2:  # why: equal rows give equal hidden units, hence equal gradients
            why = math(r"W_1^{(1,:)} = W_1^{(2,:)},\ W_2^{(1)} = W_2^{(2)}"
                       r"\;\Rightarrow\; h_1 = h_2"
                       r"\;\Rightarrow\; \frac{\partial L}{\partial W_1^{(1,:)}}"
                       r" = \frac{\partial L}{\partial W_1^{(2,:)}}",
                       style.MATH_SIZE_SMALL * 0.8, th.negative).move_to([0, -3.35, 0])
            fit_width(why, style.LINE_MAX_WIDTH)
            self.play(FadeOut(self.grad_line), Write(why), run_time=style.RUN_SLOW)
            self.why = why
        self.wait(style.PAUSE if step > 2 else style.READ)
        if step in (1, 2):
            self.beat(f"sym_step{step}")

    def conclude(self) -> None:
        th, last = self.theme, self.data.shown_steps[-1]
        box = SurroundingRectangle(self.mats[0][0][1], color=th.negative, buff=0.08)
        note = label(self.t("sym_note"), style.FONT_SIZE_SMALL, th.negative).move_to([0, 0.05, 0])
        self.play(Create(box), FadeIn(note), run_time=style.RUN)
        self.wait(style.READ)
        zero, rand = self.runs
        self.beat("sym_end", steps=last, w=fmt_num(zero.weights[0][last][0, 0], DIGITS),
                  loss_zero=fmt_num(zero.losses[last], DIGITS),
                  loss_random=fmt_num(rand.losses[last], DIGITS))
        self.notes_vs_screen()

    def notes_vs_screen(self) -> None:
        """The notes' rule ("all gradients become 0") beside what the run shows."""
        th = self.theme
        notes = label(self.t("sym_notes"), style.FONT_SIZE_SMALL, th.foreground)
        notes.move_to([0, -3.27, 0])  # two lines, ≥ 50 px above the bottom edge, under L
        fit_width(notes, style.LINE_MAX_WIDTH)
        self.play(FadeOut(self.why), FadeIn(notes), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("sym_notes")


# ---------------------------------------------------------------- the dense layer


class DenseLayerBackward(DLScene):
    """Keras' Dense: relu(Wx + b) with its shapes, then the backward pass dL/dW = δ xᵀ."""

    size = style.MATH_SIZE_SMALL * 0.85
    fwd_y = 0.8
    back_y = -2.4

    def construct(self) -> None:
        self.show_layer()
        self.show_shapes()
        self.forward()
        self.backward_delta()
        self.backward_weights()
        self.backward_inputs()

    def col(self, v, color):
        return _mat(np.asarray(v).reshape(-1, 1), color, self.size)

    def shape(self, mob, arr) -> VGroup:
        rows, cols = (np.shape(arr) + (1,))[:2]
        return math(rf"{rows} \times {cols}", style.MATH_SIZE_SMALL * 0.8, self.theme.muted
                    ).next_to(mob, DOWN, buff=0.12)

    def row(self, *items, y: float) -> VGroup:
        """Mobjects and formulas side by side, centred on height ``y``."""
        mobs = [math(i, self.size) if isinstance(i, str) else i for i in items]
        row = VGroup(*mobs).arrange(RIGHT, buff=0.18).move_to([0, y, 0])
        return fit_width(row, 2 * (style.FRAME_HALF_WIDTH - style.SAFE_MARGIN))

    def show_layer(self) -> None:
        heading = title(self.t("dense_title"))
        keras = math(r"\texttt{Dense(" + str(self.data.W.shape[0]) + r", activation='relu')}"
                     r"\quad\Longleftrightarrow\quad a = \mathrm{relu}(W x + b)",
                     style.MATH_SIZE_SMALL * 0.85).next_to(heading, DOWN, buff=0.25)
        self.play(Write(heading), run_time=style.RUN)
        self.play(Write(keras), run_time=style.RUN_SLOW)

    def show_shapes(self) -> None:
        """W, x and b with their names and shapes; z and a are built, not yet shown."""
        th, d, st = self.theme, self.data, self.data.step
        self.Wm, self.xm, self.bm = _mat(d.W, th.kernel, self.size), self.col(d.x, th.signal), \
            self.col(d.b, th.kernel)
        self.zm, self.am = self.col(st.z, th.product), self.col(st.a, th.foreground)
        for i in d.off:  # relu' = 0: the unit is off, its output is 0
            self.am.get_entries()[i].set_color(th.negative)
        self.fwd = self.row(self.Wm, self.xm, "+", self.bm, "=", self.zm,
                            r"\xrightarrow{\ \mathrm{relu}\ }", self.am, y=self.fwd_y)
        mobs = ((self.Wm, d.W, "W", th.kernel), (self.xm, d.x, "x", th.signal),
                (self.bm, d.b, "b", th.kernel), (self.zm, st.z, "z", th.product),
                (self.am, st.a, "a", th.foreground))
        self.names = VGroup(*(math(n, style.MATH_SIZE_SMALL * 0.8, c).next_to(m, UP, buff=0.12)
                              for m, _, n, c in mobs))
        self.shapes = VGroup(*(self.shape(m, arr) for m, arr, _, _ in mobs))
        self.play(FadeIn(self.Wm), FadeIn(self.xm), FadeIn(self.bm), FadeIn(self.fwd[2]),
                  *(FadeIn(self.names[i]) for i in range(3)),
                  *(FadeIn(self.shapes[i]) for i in range(3)), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("dense_shapes", n_out=d.W.shape[0], n_in=d.W.shape[1])

    def forward(self) -> None:
        """z = Wx + b (row 1 of W times x highlighted), then a = relu(z)."""
        th = self.theme
        row0 = SurroundingRectangle(self.Wm.get_rows()[0], color=th.highlight, buff=0.06)
        xbox = SurroundingRectangle(self.xm.get_entries(), color=th.highlight, buff=0.06)
        self.play(Create(row0), Create(xbox), run_time=style.RUN)
        self.play(FadeIn(self.fwd[4]), FadeIn(self.zm), FadeIn(self.names[3]),
                  FadeIn(self.shapes[3]), run_time=style.RUN)
        self.play(Indicate(self.zm.get_entries()[0], color=th.highlight), run_time=style.RUN)
        self.play(FadeOut(row0), FadeOut(xbox), run_time=style.RUN_FAST)
        self.play(FadeIn(self.fwd[6]), FadeIn(self.am), FadeIn(self.names[4]),
                  FadeIn(self.shapes[4]), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("dense_forward", z=fmt_num(self.data.step.z[0], DIGITS))

    def backward_delta(self) -> None:
        """dL/da = a − t, times relu′(z), gives δ."""
        th, st = self.theme, self.data.step
        ga, loc, dm = (self.col(st.grad_a, th.output), self.col(st.local, th.product),
                       self.col(st.delta, th.output))
        loss = math(rf"L = \tfrac12 \lVert a - t \rVert^2 = {fmt_num(st.loss, DIGITS)}",
                    self.size, th.output)
        back1 = self.row(r"\frac{\partial L}{\partial a} = a - t =", ga, r"\odot",
                         r"\mathrm{relu}'(z) =", loc, "=", r"\delta =", dm, y=self.back_y)
        t_lab = math(r"t = \begin{bmatrix}" + r" & ".join(fmt_num(v, DIGITS)
                                                         for v in self.data.target)
                     + r"\end{bmatrix}^{\top}", self.size)
        top = VGroup(t_lab, loss).arrange(RIGHT, buff=0.8).move_to([0, self.back_y + 1.55, 0])
        self.play(FadeIn(top), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.play(FadeIn(back1[0]), FadeIn(ga), run_time=style.RUN)
        self.play(FadeIn(back1[2]), FadeIn(back1[3]), FadeIn(loc), run_time=style.RUN)
        self.play(FadeIn(back1[5]), FadeIn(back1[6]), FadeIn(dm), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("dense_delta")
        self.work = VGroup(back1, top)

    def backward_weights(self) -> None:
        """dL/dW = δ xᵀ, an outer product with the shape of W; an off unit's row is 0."""
        th, d, st = self.theme, self.data, self.data.step
        dWm = _mat(st.dW, th.output, self.size)
        xt = _mat(d.x.reshape(1, -1), th.signal, self.size)
        dm2 = self.col(st.delta, th.output)
        back2 = self.row(r"\frac{\partial L}{\partial W} = \delta\, x^{\top} =", dm2, xt, "=",
                         dWm, y=self.back_y)
        dW_shape = math(rf"({d.W.shape[0]} \times 1)(1 \times {d.W.shape[1]}) = "
                        rf"{st.dW.shape[0]} \times {st.dW.shape[1]}",
                        style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(dWm, DOWN, buff=0.12)
        _inside(dW_shape)
        self.play(FadeOut(self.work), run_time=style.RUN_FAST)
        self.play(FadeIn(back2[0]), FadeIn(dm2), FadeIn(xt), run_time=style.RUN)
        self.play(FadeIn(back2[3]), FadeIn(dWm), FadeIn(dW_shape), run_time=style.RUN_SLOW)
        off = d.off[0]
        zero_row = SurroundingRectangle(dWm.get_rows()[off], color=th.negative, buff=0.06)
        self.play(Create(zero_row), Indicate(dm2.get_entries()[off], color=th.negative),
                  run_time=style.RUN)
        self.wait(style.READ)
        self.beat("dense_dW")
        self.work = VGroup(back2, dW_shape, zero_row)

    def backward_inputs(self) -> None:
        """dL/db = δ and dL/dx = Wᵀδ, what flows to the layer below; then the three gradients
        of the layer side by side, the conclusion."""
        th, st = self.theme, self.data.step
        back2, dW_shape, zero_row = self.work
        dWm = back2[4]
        dbm, dxm = self.col(st.db, th.output), self.col(st.dx, th.output)
        w_row = self.row(r"\frac{\partial L}{\partial W} = \delta\, x^{\top} =",
                         _mat(st.dW, th.output, self.size), y=self.back_y)
        b_row = self.row(r"\frac{\partial L}{\partial b} = \delta =", dbm, y=self.back_y)
        x_row = self.row(r"\frac{\partial L}{\partial x} = W^{\top}\delta =", dxm, y=self.back_y)
        VGroup(w_row, b_row, x_row).arrange(RIGHT, buff=0.9).move_to([0, self.back_y, 0])
        fit_width(VGroup(w_row, b_row, x_row), 2 * (style.FRAME_HALF_WIDTH - style.SAFE_MARGIN))
        shapes = VGroup(*(self.shape(m, arr) for m, arr in ((w_row[1], st.dW), (dbm, st.db),
                                                            (dxm, st.dx))))
        low = VGroup(w_row, b_row, x_row, shapes).get_bottom()[1] \
            + style.FRAME_HALF_HEIGHT - style.SAFE_MARGIN - style.BUFF / 2
        if low < 0:  # the tallest column (dL/dx) and its shape stay ≥ 50 px above the bottom
            VGroup(w_row, b_row, x_row, shapes).shift(UP * -low)
        self.play(FadeOut(back2[1:4]), FadeOut(dW_shape), FadeOut(zero_row),
                  ReplacementTransform(back2[0], w_row[0]), ReplacementTransform(dWm, w_row[1]),
                  run_time=style.RUN)
        self.play(FadeIn(b_row), run_time=style.RUN)
        self.play(FadeIn(x_row), run_time=style.RUN)
        self.play(FadeIn(shapes), run_time=style.RUN_FAST)
        self.wait(style.READ * 2)  # the layer's three gradients together stay ≥ 5 s
        self.beat("dense_dx")
