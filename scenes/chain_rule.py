"""Chain-rule scenes: backpropagation on a computation graph, vanishing gradients,
activations and their derivatives, initialisation, the dense layer's backward pass.

Every number on screen comes from :mod:`dlmath.autodiff`.
Render one with the plain Manim CLI: ``manim -ql scenes/chain_rule.py BackpropGraph``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    ArcBetweenPoints,
    Axes,
    LogBase,
    Rectangle,
    ReplacementTransform,
    GrowFromEdge,
    Create,
    FadeIn,
    FadeOut,
    FadeTransform,
    Indicate,
    LaggedStart,
    Line,
    MathTex,
    RoundedRectangle,
    ShowPassingFlash,
    SurroundingRectangle,
    VGroup,
    Matrix,
    Circle,
    VMobject,
    DashedLine,
    Dot,
    Write,
)

from dlmath import autodiff as ad
from scenes import style
from scenes.common import DLScene, fit_width, label, math, spread_apart, title
from scenes.style import fmt_num

__all__ = ["BackpropGraph", "VanishingGradients", "ActivationDerivatives", "InitHistograms",
           "ZeroInitSymmetry", "DenseLayerBackward"]

DIGITS = 3
"""Decimals of the numbers in the graph scene (3, so upstream × local visibly = product)."""


def _num(v: float) -> str:
    return fmt_num(v, DIGITS)


def _sci(v: float) -> str:
    """A dlmath number for MathTex: ``0.197`` or, when tiny, ``6.5 \\times 10^{-6}``."""
    if v == 0 or abs(v) >= 0.01:
        return fmt_num(v, DIGITS)
    mant, ex = f"{v:.1e}".split("e")
    return rf"{mant} \times 10^{{{int(ex)}}}"


# ---------------------------------------------------------------- graph drawing

_OP_TEX = {
    "add": "{0} + {1}", "sub": "{0} - {1}", "mul": "{0}{1}", "div": r"\frac{{{0}}}{{{1}}}",
    "neg": "-{0}", "exp": "e^{{{0}}}", "log": r"\log {0}", "sigmoid": r"\sigma({0})",
    "tanh": r"\tanh {0}", "relu": r"\max(0, {0})",
}
"""How each operation is written inside its node."""


def _op_tex(node: ad.Node) -> str:
    args = [a.label for a in node.args]
    if node.op == "pow":
        return f"{args[0]}^{{{fmt_num(node.value)}}}"
    return _OP_TEX[node.op].format(*args)


def _local_tex(node: ad.Node, arg_index: int) -> str:
    """The local derivative ∂node/∂arg as the formula a student would write."""
    out, args = node.label, [a.label for a in node.args]
    op = node.op
    if op == "add":
        return "1"
    if op == "sub":
        return "1" if arg_index == 0 else "(-1)"
    if op == "mul":
        return args[1 - arg_index]
    if op == "pow":
        p = node.value
        return f"{fmt_num(p)}{args[0]}" if p == 2 else f"{fmt_num(p)}{args[0]}^{{{fmt_num(p - 1)}}}"
    if op == "sigmoid":
        return f"{out}(1-{out})"
    if op == "tanh":
        return f"(1-{out}^2)"
    if op == "exp":
        return out
    if op == "log":
        return rf"\frac{{1}}{{{args[0]}}}"
    if op == "neg":
        return "(-1)"
    if op == "relu":
        return rf"[{args[0]}>0]"
    return rf"\frac{{\partial {out}}}{{\partial {args[arg_index]}}}"


def _dl(name: str) -> str:
    return rf"\frac{{\partial L}}{{\partial {name}}}"


class BackpropGraph(DLScene):
    """Forward then backward on L = (σ(wx + b) − y)²: upstream × local = downstream on each edge."""

    expected_duration = 52.0
    values = {"w": 0.8, "x": 1.5, "b": -0.5, "y": 1.0}
    """The inputs of the neuron and its target (the loss graph is dlmath's neuron_loss_graph)."""

    main_y = 0.6
    col = 2.4
    leaf_col = 2.0
    first_x = -3.9
    leaf_dy = 1.0
    eq_y = -2.75
    node_size = 34
    grad_size = 28

    def layout(self, nodes: tuple[ad.Node, ...]) -> dict[int, np.ndarray]:
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

    def node_box(self, node: ad.Node, value: float) -> VGroup:
        th = self.theme
        if not node.args:
            tex = f"{node.label} = {_num(value)}"
            color = th.kernel if node.label in ("w", "b") else th.signal
        else:
            tex = f"{node.label} = {_op_tex(node)}"
            color = th.output if node is self.output else th.foreground
        text = math(tex, self.node_size, color)
        box = RoundedRectangle(corner_radius=0.12, width=text.width + 0.35, height=0.7,
                               stroke_color=color, stroke_width=3, fill_color=th.panel,
                               fill_opacity=1.0).move_to(text)
        return VGroup(box, text)

    def construct(self) -> None:
        th = self.theme
        self.output = ad.neuron_loss_graph()
        res = ad.backward(self.output, self.values)
        nodes = res.nodes
        pos = self.layout(nodes)

        heading = title(self.t("graph_title"))
        formula = math(r"L = \big(\sigma(w x + b) - y\big)^2", style.MATH_SIZE_SMALL)
        formula.next_to(heading, DOWN, buff=0.25).to_edge(RIGHT, buff=0.5)
        self.play(Write(heading), run_time=style.RUN)
        self.play(Write(formula), run_time=style.RUN)

        boxes = {id(n): self.node_box(n, v).move_to(pos[id(n)]) for n, v in zip(nodes, res.values)}
        edges: dict[tuple[int, int], Arrow] = {}
        for n in nodes:
            for a in n.args:
                start, end = boxes[id(a)][0], boxes[id(n)][0]
                direction = end.get_center() - start.get_center()
                arrow = Arrow(start.get_boundary_point(direction),
                              end.get_boundary_point(-direction), buff=0.05, stroke_width=3,
                              color=th.muted, max_tip_length_to_length_ratio=0.12)
                edges[(id(a), id(n))] = arrow
        leaves = [n for n in nodes if not n.args]
        self.play(LaggedStart(*(FadeIn(boxes[id(n)]) for n in leaves), lag_ratio=0.2),
                  run_time=style.RUN)
        self.play(LaggedStart(*(FadeIn(boxes[id(n)]) for n in nodes if n.args), lag_ratio=0.2),
                  LaggedStart(*(Create(e) for e in edges.values()), lag_ratio=0.1),
                  run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("graph")

        # forward: values flow along the edges, node by node in topological order
        fwd_label = label(self.t("forward"), style.FONT_SIZE_BODY, th.signal)
        fwd_label.move_to([0, self.eq_y, 0])
        self.play(FadeIn(fwd_label), run_time=style.RUN_FAST)
        values = {}
        for n, v in zip(nodes, res.values):
            if not n.args:
                continue
            flashes = [ShowPassingFlash(edges[(id(a), id(n))].copy().set_color(th.signal)
                                        .set_stroke(width=7), time_width=0.6) for a in n.args]
            val = math(_num(v), self.grad_size, th.signal)
            val.next_to(boxes[id(n)], DOWN, buff=0.12)
            values[id(n)] = val
            self.play(*flashes, run_time=style.RUN)
            self.play(FadeIn(val, shift=DOWN * 0.15), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("forward", loss=_num(res.values[-1]))

        # backward: seed dL/dL = 1, then one edge at a time
        bwd_label = label(self.t("backward"), style.FONT_SIZE_BODY, th.output).move_to(fwd_label)
        grads = {}
        seed = math(rf"{_dl('L')} = 1", self.grad_size, th.output)
        seed.next_to(boxes[id(self.output)], UP, buff=0.12)
        grads[id(self.output)] = seed
        self.play(FadeOut(fwd_label), FadeIn(bwd_label), FadeIn(seed), run_time=style.RUN)
        self.wait(style.PAUSE)
        incoming = {}
        for step in res.trace:
            incoming[step.target] = incoming.get(step.target, 0) + 1
        received: dict[int, int] = {}
        work = bwd_label
        for i, step in enumerate(res.trace):
            src, tgt = nodes[step.source], nodes[step.target]
            first = i == 0
            shared = incoming[step.target] > 1
            received[step.target] = received.get(step.target, 0) + 1
            parts = [_dl(tgt.label), r"\mathrel{+}=" if shared and received[step.target] > 1
                     else "=", _dl(src.label), r"\cdot", _local_tex(src, src.args.index(tgt)),
                     r"\quad=\quad", _num(step.upstream), r"\quad\times\quad", _num(step.local),
                     r"\quad=\quad", _num(step.product)]
            eq = MathTex(*parts, font_size=style.MATH_SIZE_SMALL,
                         color=th.foreground).move_to([0, self.eq_y, 0])
            eq[6].set_color(th.output)
            eq[8].set_color(th.product)
            eq[10].set_color(th.output)
            tags = spread_apart([label(self.t(k), style.FONT_SIZE_SMALL, c).next_to(eq[j], DOWN, 0.15)
                                 for k, j, c in (("upstream", 6, th.output), ("local", 8, th.product),
                                                 ("downstream", 10, th.output))])
            arrow = edges[(id(tgt), id(src))]
            back = Line(arrow.get_end(), arrow.get_start()).set_stroke(th.output, width=7)
            grad_label = math(rf"{_dl(tgt.label)} = {_num(res.grads[step.target])}"
                              if received[step.target] == incoming[step.target] else
                              rf"{_dl(tgt.label)} \mathrel{{+}}= {_num(step.product)}",
                              self.grad_size, th.output)
            below = not tgt.args and pos[id(tgt)][1] < self.main_y + 0.5 * self.leaf_dy
            grad_label.next_to(boxes[id(tgt)], DOWN if below else UP, buff=0.12)
            run = style.RUN_SLOW if first else style.RUN
            self.play(FadeOut(work), ShowPassingFlash(back, time_width=0.6),
                      Indicate(grads[id(src)], color=th.highlight, scale_factor=1.1),
                      run_time=run)
            self.play(Write(eq), FadeIn(tags), run_time=run)
            anims = [FadeIn(grad_label, shift=UP * 0.1)]
            if id(tgt) in grads:
                anims.append(FadeOut(grads[id(tgt)]))
            self.play(*anims, run_time=style.RUN_FAST)
            grads[id(tgt)] = grad_label
            work = VGroup(eq, tags)
            self.wait(style.PAUSE if first else style.PAUSE * 0.6)
            self.beat("edge", target=tgt.label, source=src.label, upstream=_num(step.upstream),
                      local=_num(step.local), product=_num(step.product))

        # the same derivative, by sympy, written out
        sym = ad.symbolic_gradient_at(self.output, "w", self.values)
        check = math(rf"{_dl('w')} = {sym.latex}", style.MATH_SIZE_SMALL)
        fit_width(check, 12.5)
        check.move_to([0, self.eq_y + 0.1, 0])
        sym_tag = label(self.t("sympy"), style.FONT_SIZE_SMALL, th.muted)
        value = math(rf"= {_num(sym.value)}", style.MATH_SIZE_SMALL, th.output)
        same = label(self.t("same_as_backprop"), style.FONT_SIZE_SMALL, th.output)
        row = VGroup(sym_tag, value, same).arrange(RIGHT, buff=0.3).next_to(check, DOWN, buff=0.2)
        self.play(FadeOut(work), run_time=style.RUN_FAST)
        self.play(FadeIn(sym_tag), Write(check), run_time=style.RUN_SLOW)
        self.play(FadeIn(value), FadeIn(same), run_time=style.RUN)
        w_node = next(n for n in nodes if n.label == "w")
        self.play(Indicate(grads[id(w_node)], color=th.highlight),
                  Create(SurroundingRectangle(value, color=th.highlight, buff=0.06)),
                  run_time=style.RUN)
        self.wait(style.READ)
        self.beat("sympy", value=_num(sym.value))


# ---------------------------------------------------------------- vanishing gradients


class VanishingGradients(DLScene):
    """The chain rule as a product: σ′ ≤ 1/4 per layer makes the gradient vanish; ReLU and skips keep it."""

    expected_duration = 40.0
    depth = 8
    weights = (1.0,) * 8
    biases = (0.0,) * 8
    x = 1.0
    """A chain of one-unit layers with every weight 1: even so, sigmoid shrinks the gradient."""

    spacing = 1.3
    chain_y = 1.3
    chart_bottom = -3.25
    chart_top = 0.35
    box_w = 0.9
    slot = 0.3
    configs = (("sigmoid", False), ("relu", False), ("sigmoid", True))
    floor = 1e-6
    """Bottom of the log axis (every bar is above it: 0.225^8 ≈ 6.5e-6)."""

    def layer_x(self, k: int) -> float:
        """Centre of layer k = 1..D."""
        return (k - (self.depth + 1) / 2) * self.spacing

    def arrow_x(self, k: int) -> float:
        """Centre of the arrow carrying h_k (k = 0..D)."""
        return self.layer_x(k) + self.spacing / 2

    def box_label(self, act: str, residual: bool):
        tex = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}", "tanh": r"\tanh"}[act]
        return tex

    def chain(self, act: str, residual: bool) -> VGroup:
        th = self.theme
        boxes = VGroup()
        for k in range(1, self.depth + 1):
            text = math(self.box_label(act, residual), style.MATH_SIZE_SMALL, th.kernel)
            fit_width(text, 0.8 * self.box_w)
            box = RoundedRectangle(corner_radius=0.1, width=self.box_w, height=0.7,
                                   stroke_color=th.kernel, stroke_width=3, fill_color=th.panel,
                                   fill_opacity=1).move_to([self.layer_x(k), self.chain_y, 0])
            boxes.add(VGroup(box, text.move_to(box)))
        return boxes

    def skips(self) -> VGroup:
        th = self.theme
        arcs = VGroup()
        for k in range(1, self.depth + 1):
            a = [self.arrow_x(k - 1), self.chain_y + 0.2, 0]
            b = [self.arrow_x(k), self.chain_y + 0.2, 0]
            arcs.add(ArcBetweenPoints(a, b, angle=-2.2, color=th.output, stroke_width=3))
        return arcs

    def factor_labels(self, res: ad.ChainResult, color: str) -> VGroup:
        return VGroup(*(math(rf"\times {_num(g)}", style.MATH_SIZE_SMALL * 0.75, color)
                        .move_to([self.layer_x(k), self.chain_y - 0.62, 0])
                        for k, g in zip(range(1, self.depth + 1), res.gain)))

    def bar(self, axes: Axes, k: int, value: float, slot: int, color: str) -> Rectangle:
        x = self.arrow_x(k) + (slot - 1) * self.slot
        bottom, top = axes.c2p(k, self.floor), axes.c2p(k, value)
        return Rectangle(width=self.slot * 0.85, height=max(top[1] - bottom[1], 1e-3),
                         stroke_width=0, fill_color=color, fill_opacity=0.9).move_to(
            [x, (top[1] + bottom[1]) / 2, 0])

    def construct(self) -> None:
        th = self.theme
        results = [ad.scalar_chain(self.weights, self.biases, self.x, act, res)
                   for act, res in self.configs]
        colors = [th.classes[0], th.classes[1], th.classes[2]]
        names = [self.t("legend_sigmoid"), self.t("legend_relu"), self.t("legend_residual")]

        heading = title(self.t("vanish_title"))
        formula = math(r"\frac{\partial y}{\partial h_0} = \prod_{k=1}^{"
                       + str(self.depth) + r"} \frac{\partial h_k}{\partial h_{k-1}}"
                       r" = \prod_{k=1}^{" + str(self.depth) + r"} w_k\, \sigma'(z_k)",
                       style.MATH_SIZE_SMALL).next_to(heading, DOWN, buff=0.2)
        self.play(Write(heading), run_time=style.RUN)

        boxes = self.chain("sigmoid", False)
        arrows = VGroup(*(Arrow([self.arrow_x(k) - self.spacing / 2 + self.box_w / 2 - 0.05,
                                 self.chain_y, 0],
                                [self.arrow_x(k) + self.spacing / 2 - self.box_w / 2 + 0.05,
                                 self.chain_y, 0], buff=0, stroke_width=3, color=th.muted,
                                max_tip_length_to_length_ratio=0.3)
                          for k in range(self.depth + 1)))
        x_lab = math("x", style.MATH_SIZE_SMALL, th.signal).next_to(arrows[0], LEFT, buff=0.08)
        y_lab = math("y", style.MATH_SIZE_SMALL, th.output).next_to(arrows[-1], RIGHT, buff=0.08)
        self.play(FadeIn(boxes), Create(arrows), FadeIn(x_lab), FadeIn(y_lab),
                  run_time=style.RUN)
        self.play(Write(formula), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("chain", depth=self.depth)

        axes = Axes(x_range=[-0.6, self.depth + 0.6, 1], y_range=[-6, 1, 1],
                    x_length=(self.depth + 1.2) * self.spacing,
                    y_length=self.chart_top - self.chart_bottom,
                    y_axis_config={"scaling": LogBase(custom_labels=False),
                                   "include_ticks": True},
                    axis_config={"color": th.muted}, tips=False)
        axes.shift(np.array([self.arrow_x(0), self.chart_bottom, 0]) - axes.c2p(0, self.floor))
        axes.y_axis.set_opacity(0)  # Axes puts the y axis at x = 0 (the h_0 bars): grid lines instead
        ticks = VGroup(*(math(f"10^{{{e}}}", style.MATH_SIZE_SMALL * 0.6, th.muted)
                         .next_to(axes.c2p(-0.6, 10.0**e), LEFT, buff=0.08)
                         for e in range(-6, 2, 2)))
        grid = VGroup(*(Line(axes.c2p(-0.6, 10.0**e), axes.c2p(self.depth + 0.6, 10.0**e),
                             stroke_width=1, color=th.muted, stroke_opacity=0.35)
                        for e in range(-6, 2, 2)))
        h_labels = VGroup(*(math(f"h_{k}", style.MATH_SIZE_SMALL * 0.6, th.muted)
                            .next_to(axes.c2p(k, self.floor), DOWN, buff=0.1)
                            for k in range(self.depth + 1)))
        y_title = math(r"\left|\frac{\partial y}{\partial h_k}\right|",
                       style.MATH_SIZE_SMALL * 0.8, th.muted)
        y_title.next_to(axes.c2p(-0.6, 10.0), RIGHT, buff=0.05).shift(DOWN * 0.2)
        self.play(Create(axes), FadeIn(ticks), FadeIn(grid), FadeIn(h_labels), FadeIn(y_title),
                  run_time=style.RUN)

        legend = VGroup()
        for c, n in zip(colors, names):
            sw = Rectangle(width=0.25, height=0.25, fill_color=c, fill_opacity=0.9, stroke_width=0)
            legend.add(VGroup(sw, label(n, style.FONT_SIZE_SMALL, c)).arrange(RIGHT, buff=0.12))
        legend.arrange(RIGHT, buff=0.5).next_to(y_title, RIGHT, buff=0.6)

        first_value = VGroup()
        for slot, ((act, residual), res, color) in enumerate(zip(self.configs, results, colors)):
            first = slot == 0
            new_boxes = self.chain(act, residual)
            factors = self.factor_labels(res, color)
            step_anims = []
            if not first:
                step_anims.append(ReplacementTransform(boxes, new_boxes))
                boxes = new_boxes
            if residual:
                arcs = self.skips()
                step_anims.append(Create(arcs))
            if slot:
                step_anims.append(FadeOut(prev_factors))
            step_anims.append(FadeIn(legend[slot]))
            self.play(*step_anims, run_time=style.RUN)
            seed = self.bar(axes, self.depth, res.dh[-1], slot, color)
            self.play(GrowFromEdge(seed, DOWN), run_time=style.RUN_FAST)
            if first:  # the product builds up one layer at a time, right to left
                for k in range(self.depth, 0, -1):
                    bar = self.bar(axes, k - 1, res.dh[k - 1], slot, color)
                    self.play(FadeIn(factors[k - 1], shift=DOWN * 0.1),
                              Indicate(boxes[k - 1], color=th.highlight, scale_factor=1.08),
                              run_time=style.RUN_FAST)
                    self.play(GrowFromEdge(bar, DOWN), run_time=style.RUN_FAST)
            else:
                bars = [self.bar(axes, k - 1, res.dh[k - 1], slot, color)
                        for k in range(self.depth, 0, -1)]
                self.play(FadeIn(factors), run_time=style.RUN)
                self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in bars), lag_ratio=0.15),
                          run_time=style.RUN_SLOW)
            prev_factors = factors
            value = math(rf"\frac{{\partial y}}{{\partial h_0}} = {_sci(res.dh[0])}",
                         style.MATH_SIZE_SMALL * 0.8, color)
            first_value.add(value)
            self.wait(style.PAUSE)
            if first:
                quarter = math(r"\sigma'(z) \le \tfrac14", style.MATH_SIZE_SMALL, th.highlight)
                quarter.next_to(formula, RIGHT, buff=0.4)
                self.play(Write(quarter), run_time=style.RUN)
                self.wait(style.PAUSE)
                self.beat("sigmoid", value=f"{res.dh[0]:.1e}", depth=self.depth)
                self.play(FadeOut(quarter), run_time=style.RUN_FAST)
            elif residual:
                skip_formula = math(r"\frac{\partial h_k}{\partial h_{k-1}} = 1 + w_k\,\sigma'(z_k)",
                                    style.MATH_SIZE_SMALL, th.output).move_to(formula)
                self.play(ReplacementTransform(formula, skip_formula), run_time=style.RUN)
                formula = skip_formula
                self.wait(style.PAUSE)
                self.beat("residual", value=fmt_num(res.dh[0], DIGITS))
            else:
                relu_formula = math(r"\frac{\partial h_k}{\partial h_{k-1}} = w_k\,[z_k > 0]",
                                    style.MATH_SIZE_SMALL, th.classes[1]).move_to(formula)
                self.play(ReplacementTransform(formula, relu_formula), run_time=style.RUN)
                formula = relu_formula
                self.wait(style.PAUSE)
                self.beat("relu", value=fmt_num(res.dh[0], DIGITS))

        first_value.arrange(RIGHT, buff=0.8).move_to([0, self.chain_y - 0.7, 0])
        self.play(FadeOut(prev_factors), run_time=style.RUN_FAST)
        self.play(LaggedStart(*(FadeIn(v) for v in first_value), lag_ratio=0.3),
                  run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("summary")


# ---------------------------------------------------------------- activations


def _curve(axes: Axes, xs: np.ndarray, ys: np.ndarray, color: str, width: float = 4) -> VGroup:
    """A polyline through dlmath samples, broken where the function jumps (ReLU′ at 0)."""
    pieces = VGroup()
    breaks = np.flatnonzero(np.abs(np.diff(ys)) > 0.25) + 1
    for seg_x, seg_y in zip(np.split(xs, breaks), np.split(ys, breaks)):
        if seg_x.size < 2:
            continue
        pts = np.array([axes.c2p(a, b) for a, b in zip(seg_x, seg_y)])
        pieces.add(VMobject(stroke_color=color, stroke_width=width).set_points_as_corners(pts))
    return pieces


def _bound_tex(v: float) -> str:
    return r"\infty" if np.isinf(v) else fmt_num(v, DIGITS)


class ActivationDerivatives(DLScene):
    """σ′ peaks at 1/4, so stacked sigmoids multiply factors ≤ 1/4; tanh and ReLU compared."""

    expected_duration = 33.0
    acts = ("sigmoid", "tanh", "relu")
    x_max = 4.0
    samples = 161
    stack_depth = 10
    panel_x = (-4.7, 0.0, 4.7)
    panel_y = 0.35
    names = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}"}

    def panel(self, act: str, cx: float):
        th = self.theme
        axes = Axes(x_range=[-self.x_max, self.x_max, 2], y_range=[-1.2, 1.2, 0.5],
                    x_length=4.0, y_length=3.4, tips=False,
                    axis_config={"color": th.muted, "include_ticks": False})
        axes.move_to([cx, self.panel_y, 0])
        xs = np.linspace(-self.x_max, self.x_max, self.samples)
        f, df = ad.activation(act, xs), ad.activation_grad(act, xs)
        keep = f <= 1.2  # ReLU leaves the panel at x = 1.2: clip the drawing, not the math
        f_curve = _curve(axes, xs[keep], f[keep], th.signal)
        df_curve = _curve(axes, xs, df, th.product)
        name = self.names[act]
        f_lab = math(rf"{name}(x)", style.MATH_SIZE_SMALL * 0.75, th.signal)
        df_lab = math(rf"{name}'(x)", style.MATH_SIZE_SMALL * 0.75, th.product)
        df_lab.next_to(axes.c2p(self.x_max, -1.2), UP + LEFT, buff=0.05)
        f_lab.next_to(df_lab, UP, buff=0.1).align_to(df_lab, RIGHT)
        heading = label(self.t(f"name_{act}"), style.FONT_SIZE_LABEL, th.foreground)
        heading.next_to(axes, UP, buff=0.15)
        return axes, f_curve, df_curve, VGroup(f_lab, df_lab), heading

    def construct(self) -> None:
        th = self.theme
        heading = title(self.t("act_title"))
        self.play(Write(heading), run_time=style.RUN)
        info_y = self.panel_y - 2.05
        bound_y = self.panel_y - 2.75
        summary = []
        for i, (act, cx) in enumerate(zip(self.acts, self.panel_x)):
            first = i == 0
            info = ad.activation_info(act)
            axes, f_curve, df_curve, labels, name = self.panel(act, cx)
            self.play(FadeIn(name), Create(axes), run_time=style.RUN_FAST)
            self.play(Create(f_curve), FadeIn(labels[0]),
                      run_time=style.RUN_SLOW if first else style.RUN)
            self.play(Create(df_curve), FadeIn(labels[1]),
                      run_time=style.RUN_SLOW if first else style.RUN)
            # the derivative's maximum, from activation_info
            peak = Dot(axes.c2p(info.grad_argmax, info.grad_max), color=th.highlight, radius=0.07)
            level = DashedLine(axes.c2p(-self.x_max, info.grad_max),
                               axes.c2p(self.x_max, info.grad_max), color=th.highlight,
                               stroke_width=2, dash_length=0.08)
            n = self.names[act]
            opening = "[" if info.low_attained else "("
            rng_tex = rf"{n}(x) \in {opening}{_bound_tex(info.low)},\ {_bound_tex(info.high)})"
            max_tex = rf"\max {n}' = {fmt_num(info.grad_max, DIGITS)}"
            info_line = VGroup(math(rng_tex, style.MATH_SIZE_SMALL * 0.75, th.signal),
                               math(max_tex, style.MATH_SIZE_SMALL * 0.75, th.product))
            info_line.arrange(DOWN, buff=0.1).move_to([cx, info_y, 0])
            self.play(FadeIn(peak, scale=1.5), Create(level), run_time=style.RUN)
            self.play(FadeIn(info_line), run_time=style.RUN)
            if act == "sigmoid":
                deriv = math(r"\sigma'(x) = \sigma(x)\,\big(1-\sigma(x)\big)",
                             style.MATH_SIZE_SMALL * 0.8, th.product)
                deriv.next_to(axes.c2p(-self.x_max, -0.45), RIGHT, buff=0.1)
                deriv.add_background_rectangle(color=th.background, opacity=0.85, buff=0.05)
                peak_lab = math(rf"\sigma'(0) = {fmt_num(info.grad_max, DIGITS)}",
                                style.MATH_SIZE_SMALL * 0.75, th.highlight)
                peak_lab.next_to(peak, UP + RIGHT, buff=0.05)
                self.play(Write(peak_lab), Write(deriv), run_time=style.RUN)
                self.wait(style.PAUSE)
                self.beat("act_sigmoid", peak=fmt_num(info.grad_max, DIGITS))
                self.play(FadeOut(peak_lab), run_time=style.RUN_FAST)
            bound = ad.derivative_bound(act, self.stack_depth)
            stack = math(rf"({n}')^{{{self.stack_depth}}} \le {_sci(bound[-1])}",
                         style.MATH_SIZE_SMALL * 0.8, th.output)
            stack.move_to([cx, bound_y, 0])
            self.play(Write(stack), run_time=style.RUN)
            summary.append(stack)
            self.wait(style.READ)
            if act == "sigmoid":
                self.beat("stack", depth=self.stack_depth, bound=f"{bound[-1]:.2e}")
            else:
                self.beat(f"act_{act}")
        box = SurroundingRectangle(summary[0], color=th.highlight, buff=0.08)
        note = label(self.t("act_summary"), style.FONT_SIZE_SMALL, th.foreground)
        note.next_to(VGroup(*summary), DOWN, buff=0.25)
        self.play(Create(box), FadeIn(note), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("compare")


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


_INIT_TEX = {
    "small": lambda: rf"W \sim \mathcal{{N}}\big(0,\ {fmt_num(ad.SMALL_STD)}^2\big)",
    "large": lambda: rf"W \sim \mathcal{{N}}\big(0,\ {fmt_num(ad.LARGE_STD)}^2\big)",
    "xavier": lambda: r"\mathrm{Var}\,W = \frac{2}{n_\mathrm{in} + n_\mathrm{out}}",
    "he": lambda: r"\mathrm{Var}\,W = \frac{2}{n_\mathrm{in}}",
    "zero": lambda: r"W = 0",
}
"""The initialisation written as a formula (its constants are dlmath's)."""


class InitHistograms(DLScene):
    """Activations layer by layer under small, large, Xavier and He initialisation (tanh, ReLU)."""

    expected_duration = 37.0
    depth = 8
    width = 256
    batch = 256
    seed = 0
    configs = (("tanh", "zero"), ("tanh", "small"), ("tanh", "large"), ("tanh", "xavier"),
               ("relu", "xavier"), ("relu", "he"))
    edges = {"tanh": (-1.0, 1.0, 32), "relu": (0.05, 3.0, 31)}
    """Histogram range and edge count per activation; values outside are not drawn (ReLU's
    zeros, about half of its outputs, would flatten every other bar)."""

    panel_w = 1.35
    panel_h = 1.35
    panel_gap = 1.6
    base_y = 0.45

    def panel_x(self, k: int) -> float:
        return (k - (self.depth + 1) / 2) * self.panel_gap

    def construct(self) -> None:
        th = self.theme
        heading = title(self.t("init_title"))
        self.play(Write(heading), run_time=style.RUN)
        net = math(rf"h_k = f(W_k\, h_{{k-1}}),\quad W_k \in \mathbb{{R}}^{{{self.width}"
                   rf"\times {self.width}}},\quad k = 1, \dots, {self.depth}",
                   style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(heading, DOWN, buff=0.15)
        baselines = VGroup(*(Line([self.panel_x(k) - self.panel_w / 2, self.base_y, 0],
                                  [self.panel_x(k) + self.panel_w / 2, self.base_y, 0],
                                  color=th.muted, stroke_width=2)
                             for k in range(1, self.depth + 1)))
        k_labels = VGroup(*(math(f"h_{{{k}}}", style.MATH_SIZE_SMALL * 0.7, th.muted)
                            .move_to([self.panel_x(k), self.base_y + self.panel_h + 0.2, 0])
                            for k in range(1, self.depth + 1)))
        axes = Axes(x_range=[0.5, self.depth + 0.5, 1], y_range=[0, 1.0, 0.5], x_length=7.6,
                    y_length=2.6, tips=False, axis_config={"color": th.muted})
        axes.move_to([-2.6, -2.2, 0])
        y_name = math(r"\mathrm{std}(h_k)", style.MATH_SIZE_SMALL * 0.7, th.muted)
        y_name.next_to(axes.c2p(0.5, 1.0), UP, buff=0.1)
        x_name = math("k", style.MATH_SIZE_SMALL * 0.7, th.muted).next_to(
            axes.c2p(self.depth + 0.5, 0), RIGHT, buff=0.1)
        ticks = VGroup(*(math(fmt_num(v), style.MATH_SIZE_SMALL * 0.6, th.muted)
                         .next_to(axes.c2p(0.5, v), LEFT, buff=0.1) for v in (0.0, 0.5, 1.0)))
        self.play(FadeIn(net), FadeIn(baselines), FadeIn(k_labels), run_time=style.RUN)
        self.play(Create(axes), FadeIn(y_name), FadeIn(x_name), FadeIn(ticks),
                  run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("init_setup", depth=self.depth, width=self.width)

        hists = std_labels = cfg_line = None
        legend = VGroup()
        for i, (act, init) in enumerate(self.configs):
            color = th.classes[i % len(th.classes)]
            lo, hi, n_edges = self.edges[act]
            st = ad.activation_stats(self.depth, self.width, act, init, seed=self.seed,
                                     batch=self.batch, edges=np.linspace(lo, hi, n_edges))
            new_hists = VGroup()
            for k in range(1, self.depth + 1):
                bars = _histogram(st.fractions[k - 1], self.panel_w, self.panel_h, color)
                bars.shift([self.panel_x(k), self.base_y, 0])
                new_hists.add(bars)
            new_std = VGroup(*(math(_sci(v) if v < 0.01 else fmt_num(v, 2),
                                    style.MATH_SIZE_SMALL * 0.65, color)
                               .move_to([self.panel_x(k), self.base_y - 0.25, 0])
                               for k, v in zip(range(1, self.depth + 1), st.std)))
            name = label(self.t(f"cfg_{act}_{init}"), style.FONT_SIZE_LABEL, color)
            formula = math(_INIT_TEX[init](), style.MATH_SIZE_SMALL * 0.8, color)
            parts = [name, formula]
            if act == "relu":  # ReLU's zeros are left out of its histograms: say so
                parts.append(label(self.t("relu_zeros"), style.FONT_SIZE_SMALL, th.muted))
            new_line = VGroup(*parts).arrange(RIGHT, buff=0.4)
            new_line.move_to([0, self.base_y + self.panel_h + 0.75, 0])
            range_lab = VGroup(
                math(fmt_num(lo), style.MATH_SIZE_SMALL * 0.55, th.muted).next_to(
                    baselines[0].get_start(), DOWN, buff=0.05),
                math(fmt_num(hi), style.MATH_SIZE_SMALL * 0.55, th.muted).next_to(
                    baselines[0].get_end(), DOWN, buff=0.05))
            new_line.add(range_lab)
            if hists is None:
                self.play(FadeOut(net), FadeIn(new_line), run_time=style.RUN_FAST)
                self.play(LaggedStart(*(FadeIn(h, shift=UP * 0.2) for h in new_hists),
                                      lag_ratio=0.2), run_time=style.RUN_SLOW)
                self.play(FadeIn(new_std), run_time=style.RUN_FAST)
            else:
                self.play(FadeTransform(cfg_line, new_line), run_time=style.RUN_FAST)
                self.play(ReplacementTransform(hists, new_hists),
                          ReplacementTransform(std_labels, new_std), run_time=style.RUN)
            hists, std_labels, cfg_line = new_hists, new_std, new_line
            pts = [axes.c2p(k, v) for k, v in zip(range(1, self.depth + 1), st.std)]
            curve = VMobject(stroke_color=color, stroke_width=4).set_points_as_corners(pts)
            dots = VGroup(*(Dot(p, radius=0.05, color=color) for p in pts))
            entry = label(self.t(f"cfg_{act}_{init}"), style.FONT_SIZE_SMALL, color)
            legend.add(entry)
            legend.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(axes, RIGHT, buff=0.7)
            legend.align_to(axes, UP)
            self.play(Create(curve), FadeIn(dots), FadeIn(entry), run_time=style.RUN)
            self.wait(style.READ)
            self.beat(f"init_{act}_{init}", first=fmt_num(st.std[0], 2),
                      last=f"{st.std[-1]:.1e}" if st.std[-1] < 0.01 else fmt_num(st.std[-1], 2),
                      depth=self.depth)
        self.wait(style.PAUSE)



def _matrix(name: str, m: np.ndarray, colors: tuple[str, ...] | None = None,
            size: float = style.MATH_SIZE_SMALL) -> VGroup:
    """``name = [matrix]`` of dlmath numbers; row ``i`` coloured ``colors[i]`` if given."""
    mat = _mat(m, size=size)
    if colors:
        for row, c in zip(mat.get_rows(), colors):
            row.set_color(c)
    lhs = math(f"{name} =", size)
    return VGroup(lhs, mat).arrange(RIGHT, buff=0.15)


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


class ZeroInitSymmetry(DLScene):
    """Zero initialisation: both hidden units get the same gradient at every step, so they never differ."""

    expected_duration = 24.0
    x = ((1.0, -1.0, 0.5, -0.5), (0.5, 1.0, -1.0, -0.5))
    target = ((1.0, 0.0, 1.0, 0.0),)
    sizes = (2, 2, 1)
    act = "sigmoid"
    lr = 1.0
    steps = 30
    shown_steps = (0, 1, 2, 5, 10, 30)
    random_init = "xavier"
    seed = 0

    def network(self, cx: float) -> VGroup:
        th = self.theme
        unit_colors = (th.classes[0], th.classes[1])
        pos = {"x1": (-1.7, 0.75), "x2": (-1.7, -0.75), "h1": (0, 0.75), "h2": (0, -0.75),
               "y": (1.7, 0)}
        nodes = {}
        for key, (px, py) in pos.items():
            color = (th.signal if key.startswith("x") else th.output if key == "y"
                     else unit_colors[int(key[1]) - 1])
            tex = {"x1": "x_1", "x2": "x_2", "h1": "h_1", "h2": "h_2", "y": r"\hat y"}[key]
            c = Circle(radius=0.33, color=color, stroke_width=3, fill_color=th.panel,
                       fill_opacity=1).move_to([cx + px, 1.15 + py * 0.9, 0])
            nodes[key] = VGroup(c, math(tex, style.MATH_SIZE_SMALL * 0.8, color).move_to(c))
        edges = VGroup(*(Line(nodes[a][0].get_center(), nodes[b][0].get_center(),
                              buff=0.35, stroke_width=2, color=th.muted)
                         for a, b in (("x1", "h1"), ("x2", "h1"), ("x1", "h2"), ("x2", "h2"),
                                      ("h1", "y"), ("h2", "y"))))
        return VGroup(edges, *nodes.values())

    def matrices(self, tr: "ad.Training", step: int, cx: float) -> VGroup:
        th = self.theme
        cols = (th.classes[0], th.classes[1])
        size = style.MATH_SIZE_SMALL * 0.75
        W1 = _matrix("W_1", tr.weights[0][step], cols, size)
        W2 = _matrix("W_2", tr.weights[1][step], None, size)
        loss = math(rf"L = {fmt_num(tr.losses[step], DIGITS)}", size, th.output)
        return VGroup(W1, W2, loss).arrange(DOWN, buff=0.2).move_to([cx, -1.55, 0])

    def construct(self) -> None:
        th = self.theme
        zero_W, zero_b = ad.init_mlp(self.sizes, "zero")
        rand_W, rand_b = ad.init_mlp(self.sizes, self.random_init, seed=self.seed)
        runs = [ad.train_mlp(W, b, self.x, self.target, self.act, self.lr, self.steps)
                for W, b in ((zero_W, zero_b), (rand_W, rand_b))]
        centers = (-3.6, 3.6)

        heading = title(self.t("sym_title"))
        self.play(Write(heading), run_time=style.RUN)
        heads = [label(self.t(k), style.FONT_SIZE_BODY, c).move_to([cx, 2.55, 0])
                 for k, c, cx in (("sym_zero", th.negative, centers[0]),
                                  ("sym_random", th.output, centers[1]))]
        nets = [self.network(cx) for cx in centers]
        self.play(*(FadeIn(h) for h in heads), *(Create(n) for n in nets), run_time=style.RUN_SLOW)
        mats = [self.matrices(tr, 0, cx) for tr, cx in zip(runs, centers)]
        counter = math("t = 0", style.MATH_SIZE, th.highlight).move_to([0, 1.15, 0])
        self.play(FadeIn(counter), *(FadeIn(m) for m in mats), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("sym_start")
        for step in self.shown_steps[1:]:
            new_counter = math(f"t = {step}", style.MATH_SIZE, th.highlight).move_to(counter)
            new_mats = [self.matrices(tr, step, cx) for tr, cx in zip(runs, centers)]
            self.play(ReplacementTransform(counter, new_counter),
                      *(ReplacementTransform(m, n) for m, n in zip(mats, new_mats)),
                      run_time=style.RUN_SLOW if step == 1 else style.RUN)
            counter, mats = new_counter, new_mats
            if step == 2:  # why: equal rows give equal hidden units, hence equal gradients
                why = math(r"W_1^{(1,:)} = W_1^{(2,:)},\ W_2^{(1)} = W_2^{(2)}"
                           r"\;\Rightarrow\; h_1 = h_2"
                           r"\;\Rightarrow\; \frac{\partial L}{\partial W_1^{(1,:)}}"
                           r" = \frac{\partial L}{\partial W_1^{(2,:)}}",
                           style.MATH_SIZE_SMALL * 0.8, th.negative).move_to([0, -3.55, 0])
                self.play(Write(why), run_time=style.RUN_SLOW)
            self.wait(style.PAUSE if step > 2 else style.READ)
            if step in (1, 2):
                self.beat(f"sym_step{step}")
        last = self.shown_steps[-1]
        W1 = runs[0].weights[0][last]
        rows = mats[0][0][1]
        box = SurroundingRectangle(rows, color=th.negative, buff=0.08)
        note = label(self.t("sym_note"), style.FONT_SIZE_SMALL, th.negative)
        note.move_to([0, 0.05, 0])
        self.play(Create(box), FadeIn(note), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("sym_end", steps=last, w=fmt_num(W1[0, 0], DIGITS),
                  loss_zero=fmt_num(runs[0].losses[last], DIGITS),
                  loss_random=fmt_num(runs[1].losses[last], DIGITS))



# ---------------------------------------------------------------- the dense layer


class DenseLayerBackward(DLScene):
    """Keras' Dense: relu(Wx + b) with its shapes, then the backward pass dL/dW = δ xᵀ."""

    expected_duration = 28.0
    W = ((0.5, -1.0, 0.25, 1.0), (1.0, 0.5, -0.5, 0.0), (1.0, 0.25, 0.5, -0.5))
    x = (1.0, 2.0, -1.0, 0.5)
    b = (0.5, -1.0, 0.25)
    target = (0.5, 1.0, 2.0)
    size = style.MATH_SIZE_SMALL * 0.85
    fwd_y = 0.8
    back_y = -2.4

    def col(self, v, color):
        return _mat(np.asarray(v).reshape(-1, 1), color, self.size)

    def shape(self, mob, arr) -> "Mobject":
        rows, cols = (arr.shape + (1,))[:2]
        return math(rf"{rows} \times {cols}", style.MATH_SIZE_SMALL * 0.6, self.theme.muted
                    ).next_to(mob, DOWN, buff=0.12)

    def row(self, *items, y: float) -> VGroup:
        """Mobjects and formulas side by side, centred on height ``y``."""
        mobs = [math(i, self.size) if isinstance(i, str) else i for i in items]
        return VGroup(*mobs).arrange(RIGHT, buff=0.18).move_to([0, y, 0])

    def construct(self) -> None:
        th = self.theme
        st = ad.dense_step(self.W, self.x, self.b, self.target, "relu")
        W, x, b = np.array(self.W), np.array(self.x), np.array(self.b)

        heading = title(self.t("dense_title"))
        keras = math(r"\texttt{Dense(" + str(W.shape[0]) + r", activation='relu')}"
                     r"\quad\Longleftrightarrow\quad a = \mathrm{relu}(W x + b)",
                     style.MATH_SIZE_SMALL * 0.85).next_to(heading, DOWN, buff=0.25)
        self.play(Write(heading), run_time=style.RUN)
        self.play(Write(keras), run_time=style.RUN_SLOW)

        # forward: the shapes, then z = Wx + b and a = relu(z)
        Wm, xm, bm = _mat(W, th.kernel, self.size), self.col(x, th.signal), self.col(b, th.kernel)
        zm, am = self.col(st.z, th.product), self.col(st.a, th.foreground)
        for i, g in enumerate(st.local):
            if g == 0:  # relu' = 0: the unit is off, its output is 0
                am.get_entries()[i].set_color(th.negative)
        fwd = self.row(Wm, xm, "+", bm, "=", zm, r"\xrightarrow{\ \mathrm{relu}\ }", am,
                       y=self.fwd_y)
        names = VGroup(*(math(n, style.MATH_SIZE_SMALL * 0.8, c).next_to(m, UP, buff=0.12)
                         for n, m, c in (("W", Wm, th.kernel), ("x", xm, th.signal),
                                         ("b", bm, th.kernel), ("z", zm, th.product),
                                         ("a", am, th.foreground))))
        shapes = VGroup(*(self.shape(m, arr) for m, arr in
                          ((Wm, W), (xm, x), (bm, b), (zm, st.z), (am, st.a))))
        self.play(FadeIn(Wm), FadeIn(xm), FadeIn(bm), FadeIn(fwd[2]),
                  *(FadeIn(names[i]) for i in range(3)), *(FadeIn(shapes[i]) for i in range(3)),
                  run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("dense_shapes", n_out=W.shape[0], n_in=W.shape[1])
        row0 = SurroundingRectangle(Wm.get_rows()[0], color=th.highlight, buff=0.06)
        xbox = SurroundingRectangle(xm.get_entries(), color=th.highlight, buff=0.06)
        self.play(Create(row0), Create(xbox), run_time=style.RUN)
        self.play(FadeIn(fwd[4]), FadeIn(zm), FadeIn(names[3]), FadeIn(shapes[3]),
                  run_time=style.RUN)
        self.play(Indicate(zm.get_entries()[0], color=th.highlight), run_time=style.RUN)
        self.play(FadeOut(row0), FadeOut(xbox), run_time=style.RUN_FAST)
        self.play(FadeIn(fwd[6]), FadeIn(am), FadeIn(names[4]), FadeIn(shapes[4]),
                  run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("dense_forward", z=fmt_num(st.z[0], DIGITS))

        # backward 1: dL/da = a - t, times relu'(z), gives delta
        ga, loc, dm = (self.col(st.grad_a, th.output), self.col(st.local, th.product),
                       self.col(st.delta, th.output))
        loss = math(rf"L = \tfrac12 \lVert a - t \rVert^2 = {fmt_num(st.loss, DIGITS)}",
                    self.size, th.output)
        back1 = self.row(r"\frac{\partial L}{\partial a} = a - t =", ga, r"\odot",
                         r"\mathrm{relu}'(z) =", loc, "=", r"\delta =", dm, y=self.back_y)
        t_lab = math(r"t = \begin{bmatrix}" + r" & ".join(fmt_num(v, DIGITS) for v in self.target)
                     + r"\end{bmatrix}^{\top}", self.size)
        top = VGroup(t_lab, loss).arrange(RIGHT, buff=0.8).move_to([0, self.back_y + 1.55, 0])
        self.play(FadeIn(top), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.play(FadeIn(back1[0]), FadeIn(ga), run_time=style.RUN)
        self.play(FadeIn(back1[2]), FadeIn(back1[3]), FadeIn(loc), run_time=style.RUN)
        self.play(FadeIn(back1[5]), FadeIn(back1[6]), FadeIn(dm), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("dense_delta")

        # backward 2: dL/dW = delta x^T, an outer product with the shape of W
        dWm = _mat(st.dW, th.output, self.size)
        xt = _mat(x.reshape(1, -1), th.signal, self.size)
        dm2 = self.col(st.delta, th.output)
        back2 = self.row(r"\frac{\partial L}{\partial W} = \delta\, x^{\top} =", dm2, xt, "=",
                         dWm, y=self.back_y)
        dW_shape = math(rf"({W.shape[0]} \times 1)({1} \times {W.shape[1]}) = "
                        rf"{st.dW.shape[0]} \times {st.dW.shape[1]}",
                        style.MATH_SIZE_SMALL * 0.6, th.muted).next_to(dWm, DOWN, buff=0.12)
        self.play(FadeOut(back1), FadeOut(top), run_time=style.RUN_FAST)
        self.play(FadeIn(back2[0]), FadeIn(dm2), FadeIn(xt), run_time=style.RUN)
        self.play(FadeIn(back2[3]), FadeIn(dWm), FadeIn(dW_shape), run_time=style.RUN_SLOW)
        zero_row = SurroundingRectangle(dWm.get_rows()[0], color=th.negative, buff=0.06)
        self.play(Create(zero_row), Indicate(dm2.get_entries()[0], color=th.negative),
                  run_time=style.RUN)
        self.wait(style.READ)
        self.beat("dense_dW")

        # backward 3: dL/db = delta, dL/dx = W^T delta (what flows to the layer below)
        dbm, dxm = self.col(st.db, th.output), self.col(st.dx, th.output)
        left = self.row(r"\frac{\partial L}{\partial b} = \delta =", dbm, y=self.back_y)
        right = self.row(r"\frac{\partial L}{\partial x} = W^{\top}\delta =", dxm, y=self.back_y)
        VGroup(left, right).arrange(RIGHT, buff=1.2).move_to([0, self.back_y, 0])
        dx_shape = self.shape(dxm, st.dx)
        self.play(FadeOut(back2), FadeOut(dW_shape), FadeOut(zero_row), run_time=style.RUN_FAST)
        self.play(FadeIn(left), run_time=style.RUN)
        self.play(FadeIn(right), FadeIn(dx_shape), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("dense_dx")
