"""Networks scenes: a perceptron learning gates, values flowing forward through a dense
network, real 8×8 digits flattened, one-hot labelled and classified, tensors and their shape
rules, a gradient tape, and the notes' Keras recipe counted.

Every number on screen comes from :mod:`lessons.networks` (which calls :mod:`dlmath`).
Render one with the plain Manim CLI: ``manim -ql scenes/networks.py Perceptron``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RESAMPLING_ALGORITHMS,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Brace,
    Circle,
    Create,
    CurvedArrow,
    FadeIn,
    FadeOut,
    Group,
    GrowArrow,
    GrowFromEdge,
    ImageMobject,
    Indicate,
    LaggedStart,
    Line,
    ManimColor,
    MathTex,
    Polygon,
    Rectangle,
    ReplacementTransform,
    Square,
    SurroundingRectangle,
    Transform,
    VGroup,
    VMobject,
    Write,
    interpolate_color,
)

from scenes import style
from scenes.common import DLScene, cell, fit_width, label, math, title
from scenes.style import fmt_int, fmt_num

__all__ = ["Perceptron", "ForwardPass", "FlattenOneHot", "Tensors", "GradientTape", "KerasRecipe"]

PANEL_WIDTH = style.LINE_MAX_WIDTH
"""Widest a centred line may be."""


def _vec(values, digits: int = 2) -> str:
    """``(a, b, …)`` with every entry through :func:`fmt_num`."""
    return "(" + ", ".join(fmt_num(v, digits) for v in values) + ")"


def _paren(value: float) -> str:
    """A factor of a product: negative numbers in parentheses."""
    text = fmt_num(value)
    return f"({text})" if text.startswith("-") else text


def _shape(shape, tex: bool = True) -> str:
    """A shape as numpy prints it: ``()``, ``(10,)``, ``(128, 28, 28, 3)`` (thousands
    separated)."""
    items = [fmt_int(n, tex=tex) for n in shape]
    return "(" + ", ".join(items) + (("{,}" if tex else ",") if len(items) == 1 else "") + ")"


def parts(pieces, colours, size: float = style.MATH_SIZE_SMALL) -> MathTex:
    """One formula from pieces, each piece in its own colour (None: the foreground), so a
    scene can point at a piece (``formula[i]``)."""
    tex = MathTex(*pieces, font_size=size, color=style.theme().foreground)
    for piece, colour in zip(tex, colours):
        if colour is not None:
            piece.set_color(colour)
    return tex


def grid_lines(width: float, height: float, cols: int, rows: int) -> VMobject:
    """The inner lines cutting a width × height box (centred at the origin) into rows × cols
    cells, as one mobject (one path per line)."""
    lines = VMobject()
    for k in range(1, cols):
        x = -width / 2 + k * width / cols
        lines.start_new_path(np.array([x, -height / 2, 0]))
        lines.add_line_to(np.array([x, height / 2, 0]))
    for k in range(1, rows):
        y = -height / 2 + k * height / rows
        lines.start_new_path(np.array([-width / 2, y, 0]))
        lines.add_line_to(np.array([width / 2, y, 0]))
    return lines


def grid_square(n: int, side: float, colour, fill, opacity: float = 1.0) -> VGroup:
    """A square of ``side`` units cut into n × n pixels by thin lines (an image's pixels)."""
    sq = Square(side_length=side, color=colour, stroke_width=3, fill_color=fill,
                fill_opacity=opacity)
    lines = grid_lines(side, side, n, n).set_stroke(colour, width=0.8, opacity=0.6)
    return VGroup(sq, lines)


def prose(text: str, size: float = style.FONT_SIZE_LABEL, colour: str | None = None) -> VGroup:
    """Prose with its math in MathTex (one typographic voice): the catalogue writes
    ``a batch of $B = {b}$ inputs``; text between ``$`` is set as a formula, the rest as
    Text, line by line (``\\n``), each line centred."""
    math_size = max(size * style.MATH_SIZE / style.FONT_SIZE_BODY, 24.0)  # CM reads smaller
    lines = VGroup()
    for line in text.split("\n"):
        pieces, gaps = [], []
        for k, piece in enumerate(line.split("$")):
            if not piece.strip():
                continue
            if pieces:  # a space in the text keeps a word gap; none (a Korean particle) a hairline
                gaps.append(0.14 if piece[0].isspace() or line.split("$")[k - 1][-1:].isspace()
                            else 0.04)
            pieces.append(math(piece, math_size, colour) if k % 2 else label(piece.strip(), size, colour))
        row = VGroup(*pieces)
        for prev, (mob, gap) in zip(pieces, zip(pieces[1:], gaps)):
            mob.next_to(prev, RIGHT, buff=gap)
        lines.add(row)
    return lines.arrange(DOWN, buff=0.18)


def _pct(fraction: float) -> str:
    return fmt_num(100 * fraction, 1)


def _mix(a: str, b: str, t: float) -> ManimColor:
    return interpolate_color(ManimColor(a), ManimColor(b), float(np.clip(t, 0.0, 1.0)))


def pixel_image(values: np.ndarray, side: float, colour) -> VGroup:
    """An image as a VGroup of filled squares, row by row (``colour(v)`` gives each fill)."""
    rows, cols = values.shape
    squares = VGroup()
    for r in range(rows):
        for c in range(cols):
            sq = Square(side_length=side, stroke_width=0, fill_color=colour(values[r, c]),
                        fill_opacity=1.0)
            squares.add(sq.move_to([(c - (cols - 1) / 2) * side, ((rows - 1) / 2 - r) * side, 0]))
    return squares


def pixel_picture(values: np.ndarray, side: float, colour) -> ImageMobject:
    """The picture :func:`pixel_image` draws, as one image (nearest-neighbour resampling keeps
    every pixel a crisp square): far cheaper to draw, for a picture that moves only as a whole.
    (:class:`scenes.common.ImageCamera` draws it over its own box only.)"""
    rows, cols = values.shape
    rgba = np.full((rows, cols, 4), 255, dtype=np.uint8)
    rgb = [[ManimColor(colour(v)).to_rgb() for v in row] for row in values]
    rgba[..., :3] = np.round(np.array(rgb) * 255)
    pic = ImageMobject(rgba)
    pic.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    return pic.stretch_to_fit_width(cols * side).stretch_to_fit_height(rows * side)


class _NetworksScene(DLScene):
    """The topic's base (its beats wait out their caption's reading time: :meth:`DLScene.beat`)."""


# ---------------------------------------------------------------- Perceptron


class Perceptron(_NetworksScene):
    """A perceptron: weighted sum, threshold → 1/0; the rule learns AND and OR, never XOR."""

    plot_center = np.array([3.6, -0.55, 0])
    plot_size = 5.2
    panel_x = -3.6
    """Centre of the left column (neuron, formula, state)."""

    def construct(self) -> None:
        self.show_neuron()
        self.show_corners()
        for gate in self.data.gates:
            self.learn(gate)
        self.try_xor()
        self.conclude()

    # helpers
    def p(self, x1: float, x2: float) -> np.ndarray:
        return self.axes.c2p(x1, x2)

    def line_for(self, segment) -> Line | None:
        if segment is None:
            return None
        return Line(self.p(*segment[0]), self.p(*segment[1]), color=self.theme.highlight,
                    stroke_width=5)

    def state_tex(self, w, b) -> str:
        return rf"w = {_vec(w)},\quad b = {fmt_num(b)}"

    def corner_dots(self, targets) -> VGroup:
        th = self.theme
        return VGroup(*(Circle(radius=0.16, stroke_width=3, color=th.output if t else th.negative,
                               fill_color=th.output if t else th.background, fill_opacity=1.0)
                        .move_to(self.p(*c)) for c, t in zip(self.data.corners, targets)))

    # beats
    def show_neuron(self) -> None:
        th = self.theme
        self.play(Write(title(self.t("perceptron_title"))), run_time=style.RUN)
        ins = VGroup(*(Circle(radius=0.32, color=th.signal).move_to([-5.9, 2.2 - 1.1 * i, 0])
                       for i in range(2)))
        in_labels = VGroup(*(math(f"x_{i + 1}", style.MATH_SIZE_SMALL, th.signal).move_to(c)
                             for i, c in enumerate(ins)))
        node = Circle(radius=0.42, color=th.kernel).move_to([-3.7, 1.65, 0])
        sigma = math(r"\Sigma", style.MATH_SIZE_SMALL, th.kernel).move_to(node)
        edges = VGroup(*(Line(c.get_right(), node.get_left(), color=th.kernel) for c in ins))
        w_labels = VGroup(*(math(f"w_{i + 1}", style.MATH_SIZE_SMALL * 0.85, th.kernel)
                            .next_to(e.get_center(), UP if i == 0 else DOWN, buff=0.12)
                            for i, e in enumerate(edges)))
        out = math(r"\hat y \in \{0, 1\}", style.MATH_SIZE_SMALL, th.output).move_to([-1.5, 1.65, 0])
        arrow = Line(node.get_right(), out.get_left() + LEFT * 0.1, color=th.muted)
        b_label = math("b", style.MATH_SIZE_SMALL, th.kernel).next_to(node, UP, buff=0.45)
        b_edge = Line(b_label.get_bottom() + DOWN * 0.08, node.get_top(), color=th.kernel)
        self.rule = math(r"\hat y = \begin{cases} 1 & w_1 x_1 + w_2 x_2 + b > 0 \\ "
                         r"0 & w_1 x_1 + w_2 x_2 + b \le 0 \end{cases}",
                         style.MATH_SIZE_SMALL).move_to([self.panel_x, 0.15, 0])
        fit_width(self.rule, 6.3)
        self.neuron = VGroup(ins, in_labels, node, sigma, edges, w_labels, out, arrow, b_label,
                             b_edge)
        self.play(Create(ins), FadeIn(in_labels), Create(edges), FadeIn(w_labels),
                  FadeIn(b_label), Create(b_edge), run_time=style.RUN)
        self.play(Create(node), FadeIn(sigma), Create(arrow), FadeIn(out), run_time=style.RUN)
        self.play(Write(self.rule), run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("neuron")

    def show_corners(self) -> None:
        th, d = self.theme, self.data
        lo, hi = d.box
        self.axes = Axes(x_range=[lo, hi, 0.5], y_range=[lo, hi, 0.5], x_length=self.plot_size,
                         y_length=self.plot_size, tips=False,
                         axis_config={"color": th.muted, "include_ticks": False})
        self.axes.move_to(self.plot_center)
        frame = Rectangle(width=self.plot_size, height=self.plot_size, color=th.muted,
                          stroke_width=2).move_to(self.plot_center)
        # tick values outside the box, under x_1's edge and left of x_2's, each axis's name
        # between its two ticks
        ticks = VGroup(*(math(fmt_num(v), style.MATH_SIZE_SMALL * 0.85, th.muted)
                         .next_to(self.p(v, lo), DOWN, buff=0.12) for v in (0, 1)),
                       *(math(fmt_num(v), style.MATH_SIZE_SMALL * 0.85, th.muted)
                         .next_to(self.p(lo, v), LEFT, buff=0.12) for v in (0, 1)))
        names = VGroup(math("x_1", style.MATH_SIZE_SMALL, th.muted).next_to(frame, DOWN, buff=0.12),
                       math("x_2", style.MATH_SIZE_SMALL, th.muted).next_to(frame, LEFT, buff=0.12))
        self.play(Create(frame), FadeIn(names), FadeIn(ticks), run_time=style.RUN)
        self.dots = self.corner_dots(d.gates[0].targets)
        self.play(FadeIn(self.dots), run_time=style.RUN_FAST)
        self.line = None
        self.gate_name = self.errors_text = self.state = None
        self.wait(style.PAUSE)
        self.beat("corners")

    def show_gate(self, gate) -> None:
        """The gate's name and targets, the starting line and state."""
        th = self.theme
        name = label(self.t("gate", gate=gate.name), style.FONT_SIZE_BODY, th.highlight)
        name.move_to([self.panel_x, -0.75, 0])
        state = math(self.state_tex(gate.run.weights[0], gate.run.biases[0]),
                     style.MATH_SIZE_SMALL, th.kernel).move_to([self.panel_x, -1.3, 0])
        line = self.line_for(gate.segments[0])
        old = [m for m in (self.gate_name, self.state, self.errors_text, self.line) if m is not None]
        self.play(*(FadeOut(m) for m in old), Transform(self.dots, self.corner_dots(gate.targets)),
                  FadeIn(name), FadeIn(state), *([Create(line)] if line else []),
                  run_time=style.RUN)
        self.gate_name, self.state, self.line, self.errors_text = name, state, line, None

    def update(self, gate, u: int, run_time: float, write_eq: bool) -> None:
        """Update ``u``: the misclassified corner, the rule's arithmetic, the line moving."""
        th, up = self.theme, gate.updates[u]
        w_old, b_old = gate.run.weights[u], gate.run.biases[u]
        x = self.data.corners[up.index]
        ring = Circle(radius=0.3, color=th.highlight, stroke_width=5).move_to(self.p(*x))
        anims = [FadeIn(ring)]
        if write_eq:
            eq = VGroup(
                math(rf"w \leftarrow {_vec(w_old)} + {fmt_num(self.params.lr)}\cdot "
                     rf"({fmt_num(up.error)})\cdot {_vec(x)} = {_vec(up.w)}", style.MATH_SIZE_SMALL),
                math(rf"b \leftarrow {fmt_num(b_old)} + {fmt_num(self.params.lr)}\cdot "
                     rf"({fmt_num(up.error)}) = {fmt_num(up.b)}", style.MATH_SIZE_SMALL))
            eq.arrange(DOWN, buff=0.15).move_to([self.panel_x, -2.25, 0])
            fit_width(eq, 6.6)
            anims.append(FadeIn(eq) if self.eq is None else ReplacementTransform(self.eq, eq))
            self.eq = eq
        self.play(*anims, run_time=run_time * 0.4)
        new_line = self.line_for(gate.segments[u + 1])
        state = math(self.state_tex(up.w, up.b), style.MATH_SIZE_SMALL, th.kernel).move_to(self.state)
        moves = [ReplacementTransform(self.state, state)]
        if self.line is not None and new_line is not None:
            moves.append(Transform(self.line, new_line))
        elif new_line is not None:
            moves.append(Create(new_line))
        elif self.line is not None:
            moves.append(FadeOut(self.line))
        self.play(*moves, FadeOut(ring), run_time=run_time * 0.6)
        self.state = state
        if new_line is not None and self.line is None:
            self.line = new_line
        elif new_line is None:
            self.line = None

    def show_errors(self, gate, epochs: int) -> None:
        """The mistakes of each epoch so far, under the update equations."""
        errs = ", ".join(fmt_num(e) for e in gate.run.errors[:epochs])
        text = label(self.t("errors", errors=errs), style.FONT_SIZE_LABEL)
        fit_width(text, 6.6).move_to([self.panel_x, -3.2, 0])
        self.play(FadeIn(text) if self.errors_text is None
                  else ReplacementTransform(self.errors_text, text), run_time=style.RUN_FAST)
        self.errors_text = text

    def learn(self, gate) -> None:
        self.show_gate(gate)
        self.eq = None
        for u in range(len(gate.updates)):
            self.update(gate, u, style.RUN_SLOW * 1.2 if u == 0 else style.RUN * 1.6, True)
        self.show_errors(gate, gate.run.errors.size)
        self.play(FadeOut(self.eq), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("learned", gate=gate.name, updates=fmt_num(len(gate.updates)),
                  epochs=fmt_num(gate.run.errors.size))

    def try_xor(self) -> None:
        xor = self.data.xor
        self.show_gate(xor)
        self.eq = None
        done = 0
        for epoch, wrong in enumerate(xor.run.errors, start=1):
            for u in range(done, done + int(wrong)):
                self.update(xor, u, style.RUN, False)
            done += int(wrong)
            self.show_errors(xor, epoch)
        self.wait(style.PAUSE)
        self.beat("xor", epochs=fmt_num(xor.run.errors.size),
                  errors=fmt_num(int(xor.run.errors.min())))

    def conclude(self) -> None:
        th = self.theme
        note = label(self.t("xor_note"), style.FONT_SIZE_LABEL, th.highlight)
        fit_width(note, 6.6)
        # the rule makes room: the gate and its weights move up into its place, and the note
        # stands midway between the weights and the mistakes per epoch, clear of both
        self.play(FadeOut(self.rule), self.gate_name.animate.move_to(self.rule.get_top() + DOWN * 0.25),
                  self.state.animate.move_to(self.rule.get_top() + DOWN * 0.85),
                  run_time=style.RUN_FAST)
        gap_top, gap_bottom = self.state.get_bottom()[1], self.errors_text.get_top()[1]
        note.move_to([self.panel_x, (gap_top + gap_bottom) / 2, 0])
        self.play(FadeIn(note), Indicate(self.dots, color=th.highlight), run_time=style.RUN)
        self.wait(style.READ * 2.2)
        self.beat("conclude")


# ---------------------------------------------------------------- ForwardPass


class ForwardPass(_NetworksScene):
    """Values flowing through a 2 → n₁ → n₂ dense network; the shapes chaining; deep vs wide."""

    columns = (-5.9, -3.9, -1.9)
    """x of the input, hidden and output columns."""
    box_w, box_h, gap = 1.0, 0.72, 0.95
    net_y = -0.45
    panel_x = 3.55
    panel_w = 6.5

    def construct(self) -> None:
        self.draw_network()
        self.show_input()
        self.first_neuron()
        self.hidden_layer()
        self.output_layer()
        self.shapes()
        self.deep_vs_wide()
        self.recipe()

    # helpers
    def box(self, colour: str) -> Rectangle:
        return Rectangle(width=self.box_w, height=self.box_h, stroke_color=colour, stroke_width=3,
                         fill_color=self.theme.panel, fill_opacity=1.0)

    def column(self, n: int, x: float, colour: str) -> VGroup:
        ys = (np.arange(n) - (n - 1) / 2) * -self.gap + self.net_y
        return VGroup(*(self.box(colour).move_to([x, y, 0]) for y in ys))

    def numbers(self, boxes: VGroup, values, colour: str | None = None) -> VGroup:
        return VGroup(*(fit_width(math(fmt_num(v), style.MATH_SIZE_SMALL, colour), 0.9 * self.box_w)
                        .move_to(b) for b, v in zip(boxes, values)))

    def edges(self, left: VGroup, right: VGroup, W: np.ndarray) -> VGroup:
        """One line per weight W[j, i] from left box i to right box j: colour by sign,
        width by size."""
        th, top = self.theme, max(float(np.abs(W).max()), 1e-9)
        out = VGroup()
        for j, rb in enumerate(right):
            for i, lb in enumerate(left):
                w = W[j, i]
                out.add(Line(lb.get_right(), rb.get_left(), stroke_width=0.8 + 4 * abs(w) / top,
                             color=th.kernel if w >= 0 else th.signal, stroke_opacity=0.75))
        return out

    def panel_line(self, tex: str, y: float, colour: str | None = None) -> VGroup:
        line = math(tex, style.MATH_SIZE_SMALL, colour)
        return fit_width(line, self.panel_w).move_to([self.panel_x, y, 0])

    # beats
    def draw_network(self) -> None:
        th, net = self.theme, self.data.net
        self.play(Write(title(self.t("forward_title"))), run_time=style.RUN)
        n1, n2 = net.weights[0].shape[0], net.weights[1].shape[0]
        self.cols = [self.column(2, self.columns[0], th.signal),
                     self.column(n1, self.columns[1], th.product),
                     self.column(n2, self.columns[2], th.output)]
        self.wires = [self.edges(self.cols[0], self.cols[1], net.weights[0]),
                      self.edges(self.cols[1], self.cols[2], net.weights[1])]
        top = max(c.get_top()[1] for c in self.cols) + 0.35
        heads = [math(t, style.MATH_SIZE_SMALL, c).move_to([x, top, 0]) for t, c, x in
                 zip(("x", r"z_1 \to a_1", r"z_2 \to p"), (th.signal, th.product, th.output),
                     self.columns)]
        self.heads = VGroup(*heads)
        self.play(Create(self.wires[0]), Create(self.wires[1]), *(FadeIn(c) for c in self.cols),
                  FadeIn(self.heads), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE * 2)
        self.beat("network", n0=fmt_num(2), n1=fmt_num(n1), n2=fmt_num(n2),
                  edges=fmt_num(2 * n1 + n1 * n2))

    def show_input(self) -> None:
        th, x = self.theme, self.data.forward.layers[0].inputs[0]
        self.vals = [self.numbers(self.cols[0], x), None, None]
        self.panel = VGroup(self.panel_line(rf"x = {_vec(x)}", 2.3, th.signal))
        self.play(FadeIn(self.vals[0]), Write(self.panel[0]), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("input", x=_vec(x))

    def first_neuron(self) -> None:
        """Hidden unit 1's weighted sum, term by term, on its incoming wires."""
        th, s = self.theme, self.data.first_sum
        n_in = len(s.inputs)
        wires = VGroup(*(self.wires[0][i] for i in range(n_in)))  # unit 0's wires come first
        terms = " + ".join(rf"{_paren(w)}\cdot{_paren(a)}" for w, a in zip(s.weights, s.inputs))
        eq = self.panel_line(rf"z_{{1,1}} = {terms} + {_paren(s.bias)} = {fmt_num(s.z)}", 1.5)
        act = self.panel_line(rf"a_{{1,1}} = \mathrm{{{self.params.activation}}}({fmt_num(s.z)})"
                              rf" = {fmt_num(s.a)}", 0.8, th.product)
        self.play(Indicate(wires, color=th.highlight), Write(eq), run_time=style.RUN_SLOW)
        first = self.numbers(self.cols[1][:1], [s.z])
        self.play(FadeIn(first), run_time=style.RUN_FAST)
        self.play(Write(act), run_time=style.RUN)
        self.panel.add(eq, act)
        self.first = first
        self.wait(style.PAUSE)
        self.beat("unit", z=fmt_num(s.z), a=fmt_num(s.a), act=self.params.activation)

    def hidden_layer(self) -> None:
        th, layer = self.theme, self.data.forward.layers[0]
        z_vals = self.numbers(self.cols[1], layer.z[0])
        self.play(FadeOut(self.first), FadeIn(z_vals), run_time=style.RUN)
        a_vals = self.numbers(self.cols[1], layer.a[0], th.product)
        rule = self.panel_line(rf"a_1 = \mathrm{{{self.params.activation}}}(W_1 x + b_1)", 0.0)
        self.play(Write(rule), run_time=style.RUN)
        self.play(ReplacementTransform(z_vals, a_vals), run_time=style.RUN_SLOW)
        self.vals[1] = a_vals
        self.panel.add(rule)
        self.wait(style.PAUSE)
        self.beat("hidden", act=self.params.activation)

    def output_layer(self) -> None:
        th, layer = self.theme, self.data.forward.layers[1]
        z_vals = self.numbers(self.cols[2], layer.z[0])
        rule = self.panel_line(r"p = \mathrm{softmax}(W_2 a_1 + b_2)", -0.8)
        self.play(Indicate(self.wires[1], color=th.highlight), FadeIn(z_vals), Write(rule),
                  run_time=style.RUN_SLOW)
        p_vals = self.numbers(self.cols[2], layer.a[0], th.output)
        total = self.panel_line(r"p = " + _vec(layer.a[0]) + r",\ \ \sum_c p_c = "
                                + fmt_num(layer.a[0].sum()), -1.6, th.output)
        self.play(ReplacementTransform(z_vals, p_vals), Write(total), run_time=style.RUN_SLOW)
        self.vals[2] = p_vals
        self.panel.add(rule, total)
        self.wait(style.PAUSE * 2)
        self.beat("output", top=fmt_num(int(np.argmax(layer.a[0])) + 1),
                  p=fmt_num(layer.a[0].max()))

    def shapes(self) -> None:
        """The same pass for a batch of B inputs: the shapes chain; each layer's parameters."""
        th, d = self.theme, self.data
        X, W1, H, W2, O = (rf"({', '.join(fmt_int(n, tex=True) for n in s)})" for s in d.shapes)
        n1, n2 = d.shapes[1][1], d.shapes[3][1]
        rows = [(rf"X W_1^\top + b_1:\ {X}\cdot{W1} \to {H}", th.product),
                (rf"W_1, b_1:\ 2\cdot{fmt_num(n1)} + {fmt_num(n1)} = {fmt_num(d.layer_params[0])}",
                 th.kernel),
                (rf"A_1 W_2^\top + b_2:\ {H}\cdot{W2} \to {O}", th.output),
                (rf"W_2, b_2:\ {fmt_num(n1)}\cdot{fmt_num(n2)} + {fmt_num(n2)} = "
                 rf"{fmt_num(d.layer_params[1])}", th.kernel)]
        lines = VGroup(*(self.panel_line(t, y, c) for (t, c), y in zip(rows, (1.5, 0.8, -0.5, -1.2))))
        head = prose(self.t("batch_head", b=fmt_int(d.shapes[0][0], tex=True)))
        fit_width(head, self.panel_w).move_to([self.panel_x, 2.3, 0])
        self.play(FadeOut(self.panel), FadeIn(head), run_time=style.RUN_FAST)
        for pair in (lines[:2], lines[2:]):
            self.play(Write(pair[0]), run_time=style.RUN)
            self.play(FadeIn(pair[1]), run_time=style.RUN_FAST)
        self.wait(style.PAUSE * 2)
        self.beat("shapes", b=fmt_int(d.shapes[0][0]), p1=fmt_num(d.layer_params[0]),
                  p2=fmt_num(d.layer_params[1]))
        self.panel = VGroup(head, lines)

    def deep_vs_wide(self) -> None:
        th, d, p = self.theme, self.data, self.params
        self.play(*(FadeOut(m) for m in (*self.cols, *self.wires, self.heads, self.panel,
                                          *self.vals)), run_time=style.RUN)
        self.compare = VGroup()
        for y, name, sizes, counts, colour in ((1.85, "deep", p.deep, d.deep_params, th.signal),
                                               (-0.05, "wide", p.wide, d.wide_params, th.kernel)):
            head = label(self.t(name), style.FONT_SIZE_BODY, colour)
            chain = math(r" \to ".join(fmt_int(n, tex=True) for n in sizes), style.MATH_SIZE, colour)
            total = math(" + ".join(fmt_int(c, tex=True) for c in counts) + " = "
                         + fmt_int(sum(counts), tex=True),
                         style.MATH_SIZE)
            row = VGroup(VGroup(head, chain).arrange(RIGHT, buff=0.4), total).arrange(DOWN, buff=0.25)
            fit_width(row, PANEL_WIDTH).move_to([0, y, 0])
            self.play(FadeIn(row[0]), run_time=style.RUN_FAST)
            self.play(Write(row[1]), run_time=style.RUN)
            self.compare.add(row)
        self.wait(style.PAUSE * 2)
        self.beat("deep_wide", deep=fmt_int(sum(d.deep_params)), wide=fmt_int(sum(d.wide_params)),
                  layers=fmt_num(len(p.deep) - 1), wide_layers=fmt_num(len(p.wide) - 1))

    def recipe(self) -> None:
        th, d, p = self.theme, self.data, self.params
        lines = VGroup(
            math(rf"\lceil {fmt_int(p.train_size, tex=True)} / {fmt_int(p.batch, tex=True)} \rceil = "
                 rf"{fmt_int(d.steps_per_epoch, tex=True)}", style.MATH_SIZE, th.output),
            math(rf"{fmt_int(p.epochs, tex=True)} \times {fmt_int(d.steps_per_epoch, tex=True)} = "
                 rf"{fmt_int(d.total_steps, tex=True)}", style.MATH_SIZE, th.output))
        notes = VGroup(label(self.t("steps_epoch"), style.FONT_SIZE_BODY),
                       label(self.t("steps_total", epochs=fmt_int(p.epochs)), style.FONT_SIZE_BODY))
        rows = VGroup(*(VGroup(m, n).arrange(RIGHT, buff=0.4) for m, n in zip(lines, notes)))
        rows.arrange(DOWN, buff=0.35).move_to([0, -2.5, 0])
        fit_width(rows, PANEL_WIDTH)
        self.play(FadeIn(rows[0]), run_time=style.RUN)
        self.play(FadeIn(rows[1]), run_time=style.RUN)
        self.wait(style.READ * 2.4)
        self.beat("recipe", n=fmt_int(p.train_size), b=fmt_int(p.batch),
                  s=fmt_int(d.steps_per_epoch), e=fmt_int(p.epochs), t=fmt_int(d.total_steps))


# ---------------------------------------------------------------- FlattenOneHot


class FlattenOneHot(_NetworksScene):
    """Real 8×8 digits: pixels flattened into 64 inputs, labels one-hot, a trained dense
    network's softmax against the one-hot target, and its first layer's weights as images."""

    grid_side = 0.45
    grid_center = np.array([-4.85, 0.05, 0])
    nums_shift = np.array([3.95, 0.0, 0])
    """From a pixel to its number in the grid of values beside the image."""
    right_x = 4.1
    strip_side = 0.19
    """Side of a pixel in the flattened strip: 64 × 0.19 = 12.2 units."""
    filter_side = 0.18
    losses_width = 4.1
    """Width of the losses beside the chart: MSE's formula and its value on one line."""
    """Side of a weight pixel: eight 8×8 images of 1.44 units with 0.25 gaps span 13.3."""

    def construct(self) -> None:
        self.show_digit()
        self.scale()
        self.flatten()
        self.integers()
        self.one_hot()
        self.trained()
        self.predict()
        self.weights()

    # helpers
    def grey(self, v: float) -> ManimColor:
        """Pixel value 0–16 as a shade from the panel colour (0) to the foreground (16)."""
        return _mix(self.theme.panel, self.theme.foreground, v / 16.0)

    def weight_colour(self, w: float) -> ManimColor:
        th, top = self.theme, self.data.filter_scale
        return _mix(th.panel, th.kernel if w >= 0 else th.signal, abs(w) / top)

    def clear(self, *mobs) -> None:
        self.play(*(FadeOut(m) for m in mobs), run_time=style.RUN_FAST)

    def right_text(self, key: str, y: float, colour: str | None = None, **fields) -> VGroup:
        text = prose(self.t(key, **fields), style.FONT_SIZE_LABEL, colour)
        return fit_width(text, 5.0).move_to([self.right_x, y, 0])

    # beats
    def show_digit(self) -> None:
        """The image and, beside it, the same 64 pixels as numbers (the notes' figure)."""
        th, d = self.theme, self.data
        self.play(Write(title(self.t("digits_title"))), run_time=style.RUN)
        self.image = pixel_image(d.pixels, self.grid_side, self.grey).move_to(self.grid_center)
        self.pixel_nums = VGroup(*(math(fmt_num(v), 25, th.foreground if v else th.muted)
                                   .move_to(sq.get_center() + self.nums_shift)
                                   for v, sq in zip(d.pixels.ravel(), self.image)))
        self.frame = SurroundingRectangle(self.image, color=th.muted, buff=0.02, stroke_width=2)
        self.play(FadeIn(self.image), Create(self.frame), run_time=style.RUN)
        self.play(FadeIn(self.pixel_nums), run_time=style.RUN)
        self.info = VGroup(self.right_text("pixels_note", 1.3),
                           self.right_text("mnist_note", 0.3, th.muted),
                           self.right_text("label_is", -0.55, th.output, label=fmt_num(d.label)))
        self.play(FadeIn(self.info), run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("pixels", label=fmt_num(d.label))

    def scale(self) -> None:
        th, d, r = self.theme, self.data, self.data.scale_row
        rings = VGroup(*(SurroundingRectangle(VGroup(*g[8 * r:8 * r + 8]), color=th.highlight,
                                              buff=0.03) for g in (self.image, self.pixel_nums)))
        rule = math(r"x = \text{pixel} / 16", style.MATH_SIZE_SMALL, th.signal)
        rule.move_to([self.grid_center[0], -2.75, 0])
        xs = 1.1 + (np.arange(8) - 3.5) * 0.82
        cells = VGroup(*(cell(v, th.signal, 0.78).move_to([x, -2.75, 0])
                         for v, x in zip(d.x[8 * r:8 * r + 8], xs)))
        self.play(Create(rings), Write(rule), run_time=style.RUN)
        self.play(FadeIn(cells, shift=DOWN * 0.2), run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("scale", row=fmt_num(r + 1))
        self.clear(rings, rule, cells, self.info, self.pixel_nums, self.frame)

    def flatten(self) -> None:
        """Rows slide one after another into a single strip of 64 inputs."""
        th = self.theme
        xs = (np.arange(64) - 31.5) * self.strip_side
        for r in range(8):
            self.play(*(self.image[8 * r + c].animate.scale(self.strip_side / self.grid_side)
                        .move_to([xs[8 * r + c], -0.2, 0]) for c in range(8)),
                      run_time=style.RUN_FAST if r else style.RUN)
        ends = VGroup(math("x_0", style.MATH_SIZE_SMALL, th.signal).next_to(self.image[0], UP, buff=0.2),
                      math("x_{63}", style.MATH_SIZE_SMALL, th.signal)
                      .next_to(self.image[63], UP, buff=0.2))
        note = math(r"x \in \mathbb{R}^{64}", style.MATH_SIZE, th.signal).move_to([0, 1.3, 0])
        words = label(self.t("flat_note"), style.FONT_SIZE_LABEL).move_to([0, -1.2, 0])
        strip = SurroundingRectangle(self.image, color=th.muted, buff=0.03, stroke_width=2)
        self.play(FadeIn(ends), Write(note), Create(strip), FadeIn(fit_width(words, PANEL_WIDTH)),
                  run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("flatten")
        self.flat = VGroup(self.image, strip)
        self.flat_notes = VGroup(ends, note, words)

    def integers(self) -> None:
        th, d = self.theme, self.data
        self.play(FadeOut(self.flat_notes), self.flat.animate.move_to([0, 2.45, 0]),
                  run_time=style.RUN)
        xs = (np.arange(10) - 4.5) * 1.1
        line = Line([xs[0] - 0.4, 0.6, 0], [xs[-1] + 0.4, 0.6, 0], color=th.muted)
        nums = VGroup(*(math(fmt_num(k), style.MATH_SIZE_SMALL,
                             th.output if k == d.label else th.foreground).move_to([x, 1.0, 0])
                        for k, x in zip(range(10), xs)))
        (near, dn), (far, df) = d.near, d.far
        dist = math(rf"|{fmt_num(d.label)} - {fmt_num(near)}| = {fmt_num(dn)},\qquad "
                    rf"|{fmt_num(d.label)} - {fmt_num(far)}| = {fmt_num(df)}",
                    style.MATH_SIZE_SMALL).move_to([0, -0.05, 0])
        note = label(self.t("integer_note"), style.FONT_SIZE_LABEL, th.negative).move_to([0, -0.8, 0])
        self.play(Create(line), FadeIn(nums), run_time=style.RUN)
        self.play(Write(dist), FadeIn(fit_width(note, PANEL_WIDTH)), run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("integers", label=fmt_num(d.label), near=fmt_num(near), far=fmt_num(far))
        self.clear(line, nums, dist, note)

    def one_hot(self) -> None:
        """The ten one-hot targets as rows of a 10 × 10 grid; the digit's row highlighted."""
        th, d = self.theme, self.data
        side = 0.44
        grid = VGroup()
        for k, row in enumerate(d.one_hots):
            for c, v in enumerate(row):
                colour = th.output if (v and k == d.label) else (th.signal if v else th.muted)
                grid.add(math(fmt_num(v), 25, colour).move_to(
                    [-3.9 + (c - 4.5) * side, 1.35 - k * side, 0]))
        names = VGroup(*(math(fmt_num(k), 25, th.output if k == d.label else th.muted)
                         .move_to([-3.9 - 5.5 * side - 0.2, 1.35 - k * side, 0])
                         for k in range(10)))
        ring = SurroundingRectangle(VGroup(*grid[10 * d.label:10 * d.label + 10]), color=th.output,
                                    buff=0.04)
        facts = VGroup(math(r"e_i \cdot e_j = 0", style.MATH_SIZE),
                       math(rf"\lVert e_i - e_j \rVert = {fmt_num(d.one_hot_distance)}",
                            style.MATH_SIZE),
                       label(self.t("one_hot_note"), style.FONT_SIZE_LABEL))
        facts.arrange(DOWN, buff=0.3).move_to([2.75, -0.5, 0])
        fit_width(facts, 7.0)
        self.play(FadeIn(grid), FadeIn(names), run_time=style.RUN)
        self.play(Create(ring), run_time=style.RUN_FAST)
        self.play(FadeIn(facts), run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("one_hot", label=fmt_num(d.label), dist=fmt_num(d.one_hot_distance))
        self.clear(grid, names, ring, facts, self.flat)

    def trained(self) -> None:
        th, net, p = self.theme, self.data.net, self.params
        arch = math(rf"64 \to {fmt_num(p.hidden)} \to 10", style.MATH_SIZE, th.kernel)
        how = label(self.t("train_note", n=fmt_num(net.n_train), epochs=fmt_num(p.epochs)),
                    style.FONT_SIZE_LABEL)
        correct = int(round(net.test_accuracy * net.n_test))
        acc = label(self.t("accuracy", acc=_pct(net.test_accuracy), k=fmt_num(correct),
                           n=fmt_num(net.n_test)), style.FONT_SIZE_BODY, th.output)
        block = VGroup(arch, how, acc).arrange(DOWN, buff=0.35).move_to([0, 0.6, 0])
        fit_width(block, PANEL_WIDTH)
        self.play(Write(arch), FadeIn(how), run_time=style.RUN)
        self.play(FadeIn(acc), run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("trained", acc=_pct(net.test_accuracy), n=fmt_num(net.n_test))
        self.play(FadeOut(how), FadeOut(arch), acc.animate.scale(0.8).move_to([0, 2.55, 0]),
                  run_time=style.RUN_FAST)
        self.block = acc

    def predict(self) -> None:
        """The shown digit through the trained network: softmax bars against the one-hot target."""
        th, d = self.theme, self.data
        small = pixel_picture(d.pixels, 0.24, self.grey).move_to([-5.4, -0.9, 0])
        axes = Axes(x_range=[-0.5, 9.5, 1], y_range=[0, 1, 0.5], x_length=6.0, y_length=3.0,
                    tips=False, axis_config={"color": th.muted, "include_ticks": False})
        axes.move_to([-0.7, -0.9, 0])  # room on the right for the losses
        unit = axes.c2p(0, 1)[1] - axes.c2p(0, 0)[1]
        bars = VGroup(*(Rectangle(width=0.42, height=max(p * unit, 0.001), stroke_width=0,
                                  fill_color=th.output, fill_opacity=0.9)
                        .move_to(axes.c2p(k, 0), aligned_edge=DOWN) for k, p in enumerate(d.probs)))
        target = Rectangle(width=0.56, height=unit, color=th.highlight, stroke_width=3)
        target.move_to(axes.c2p(d.label, 0), aligned_edge=DOWN)
        names = VGroup(*(math(fmt_num(k), 25, th.muted).next_to(axes.c2p(k, 0), DOWN, buff=0.15)
                         for k in range(10)))
        legend = VGroup(prose(self.t("softmax_legend"), style.FONT_SIZE_SMALL, th.output),
                        prose(self.t("target_legend"), style.FONT_SIZE_SMALL, th.highlight))
        legend.arrange(RIGHT, buff=0.5).next_to(axes, UP, buff=0.25)
        self.play(FadeIn(small), Create(axes), FadeIn(names), run_time=style.RUN)
        self.play(*(Create(b) for b in bars), FadeIn(legend[0]), run_time=style.RUN)
        self.play(Create(target), FadeIn(legend[1]), run_time=style.RUN)
        self.chart = Group(small, axes, bars, target, names, legend)
        self.losses()

    def losses(self) -> None:
        """Cross-entropy and MSE of the same prediction, side by side."""
        th, d = self.theme, self.data
        y = fmt_num(d.label)
        p_y = d.probs[d.label]
        lines = VGroup(math(rf"p_{y} = {fmt_num(p_y, 3)}", style.MATH_SIZE_SMALL, th.output),
                       math(rf"\mathrm{{CE}} = -\log p_{y} = {fmt_num(d.cross_entropy, 3)}",
                            style.MATH_SIZE_SMALL),
                       math(rf"\mathrm{{MSE}} = \tfrac{{1}}{{10}}\sum_c (p_c - t_c)^2 = {fmt_num(d.mse, 3)}",
                            style.MATH_SIZE_SMALL))  # the value stays on its formula's line
        lines.arrange(DOWN, buff=0.35, aligned_edge=LEFT).move_to([0, -0.9, 0])
        fit_width(lines, self.losses_width)
        lines.shift(RIGHT * (PANEL_WIDTH / 2 - lines.get_right()[0]))
        for part in lines:
            self.play(Write(part), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("predict", label=y, p=fmt_num(p_y, 3), guess=fmt_num(d.predicted),
                  ce=fmt_num(d.cross_entropy, 3), mse=fmt_num(d.mse, 3))
        self.chart.add(lines)

    def weights(self) -> None:
        """The first layer's weight rows, each reshaped to 8×8: what each hidden unit looks for."""
        th, d = self.theme, self.data
        self.clear(self.chart)
        images = Group(*(pixel_picture(f, self.filter_side, self.weight_colour) for f in d.filters))
        images.arrange(RIGHT, buff=0.25).move_to([0, -0.4, 0])
        frames = VGroup(*(SurroundingRectangle(im, color=th.muted, buff=0.02, stroke_width=1.5)
                          for im in images))
        head = prose(self.t("filters_note", k=fmt_num(len(d.filters))))
        head.next_to(images, UP, buff=0.5)
        keys = prose(self.t("filters_legend", top=fmt_num(d.filter_scale)), style.FONT_SIZE_SMALL,
                     th.muted).next_to(images, DOWN, buff=0.45)
        fit_width(head, PANEL_WIDTH)
        fit_width(keys, PANEL_WIDTH)
        self.play(FadeIn(images), FadeIn(frames), FadeIn(head), run_time=style.RUN_SLOW)
        self.play(FadeIn(keys), run_time=style.RUN)
        self.wait(style.READ * 2.4)
        self.beat("filters")


# ---------------------------------------------------------------- Tensors


class Tensors(_NetworksScene):
    """Rank and shape from a scalar to a batch of images; the tensor-product and broadcasting
    shape rules; reshape versus transpose, element by element."""

    columns = ((-6.0, 1.4), (-4.0, 2.2), (-1.45, 2.6), (1.6, 2.9), (5.0, 3.6))
    """(x, width) of the five rungs of the ladder."""
    ladder_y = 0.75
    grid_top, grid_height = 1.75, 3.4
    """Top and height of the broadcast grids."""

    def construct(self) -> None:
        self.ladder_small()
        self.ladder_big()
        self.tensor_product()
        self.broadcast_axis()
        self.broadcast_repeat()
        self.reshape()
        self.transpose()

    # helpers
    def rung_labels(self, i: int) -> VGroup:
        """Shape, rank and name under rung ``i`` of the ladder."""
        th, ex = self.theme, self.data.ladder[i]
        x, w = self.columns[i]
        shape = fit_width(math(_shape(ex.shape), style.MATH_SIZE, th.signal), w)
        rank = label(self.t("rank", r=fmt_num(ex.rank)), style.FONT_SIZE_LABEL, th.highlight)
        name = fit_width(label(self.t(f"rung_{ex.key}"), style.FONT_SIZE_SMALL, th.muted), w)
        return VGroup(shape.move_to([x, -1.75, 0]), rank.move_to([x, -2.4, 0]),
                      name.move_to([x, -3.0, 0]))

    def image(self, side: float, channels: int, step: float) -> VGroup:
        """A colour image: ``channels`` pixel planes, each a step up and to the right."""
        th, n = self.theme, self.params.side
        planes = VGroup(*(grid_square(n, side, th.classes[c % len(th.classes)], th.panel, 0.9)
                          .shift((channels - 1 - c) * step * (LEFT + DOWN))
                          for c in range(channels)))
        return planes

    def rung(self, i: int, mob) -> VGroup:
        mob.move_to([self.columns[i][0], self.ladder_y, 0])
        return VGroup(mob, self.rung_labels(i))

    # beats
    def ladder_small(self) -> None:
        th, d = self.theme, self.data
        self.play(Write(title(self.t("tensors_title"))), run_time=style.RUN)
        scalar = cell(d.label, th.signal, 0.7)
        vector = VGroup(*(cell(v, th.highlight if v else th.signal, 0.34) for v in d.one_hot))
        vector.arrange(DOWN, buff=0)
        side = self.params.side
        matrix = grid_square(side, 2.2, th.muted, th.panel)
        self.rungs = [self.rung(0, scalar), self.rung(1, vector), self.rung(2, matrix)]
        for r in self.rungs:
            self.play(FadeIn(r[0]), run_time=style.RUN)
            self.play(FadeIn(r[1]), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("ranks", label=fmt_num(d.label), n=fmt_num(d.one_hot.size),
                  side=fmt_num(side))

    def ladder_big(self) -> None:
        d, c = self.data, self.params.channels
        colour = self.rung(3, self.image(2.0, c, 0.22))
        count = min(self.params.batch, 4)
        tiles = VGroup(*(self.image(1.5, c, 0.12).shift((count - 1 - k) * 0.3 * (LEFT + DOWN))
                         for k in range(count)))
        batch = self.rung(4, tiles)
        self.play(FadeIn(colour[0]), run_time=style.RUN)
        self.play(FadeIn(colour[1]), run_time=style.RUN_FAST)
        self.play(LaggedStart(*(FadeIn(t) for t in tiles), lag_ratio=0.3), run_time=style.RUN_SLOW)
        self.play(FadeIn(batch[1]), run_time=style.RUN_FAST)
        self.rungs += [colour, batch]
        self.wait(style.PAUSE * 2)
        self.beat("ranks_big", c=fmt_num(c), b=fmt_int(self.params.batch),
                  shape=_shape(d.ladder[4].shape, tex=False))

    def tensor_product(self) -> None:
        """The rule in letters, then the batch times a (C, e) matrix: the contracted axis."""
        th, (a, b, out) = self.theme, self.data.dot_shapes
        hi = th.highlight
        self.play(*(FadeOut(r) for r in self.rungs), run_time=style.RUN_FAST)
        rule = parts([r"(a, b, c,\ ", "d", r")\cdot(", "d", r", e) = (a, b, c, e)"],
                     [None, hi, None, hi, None], style.MATH_SIZE).move_to([0, 2.2, 0])
        lead = ", ".join(fmt_int(n, tex=True) for n in a[:-1])
        tail = ", ".join(fmt_int(n, tex=True) for n in b[1:])
        inst = parts([f"({lead},\\ ", fmt_int(a[-1], tex=True), r")\cdot(",
                      fmt_int(b[0], tex=True), f", {tail}) = {_shape(out)}"],
                     [th.signal, hi, th.kernel, hi, th.output], style.MATH_SIZE)
        fit_width(inst.move_to([0, 0.55, 0]), PANEL_WIDTH)
        links = VGroup(*(CurvedArrow(f[1].get_bottom() + DOWN * 0.08, f[3].get_bottom() + DOWN * 0.08,
                                     angle=1.4, color=hi, tip_length=0.15) for f in (rule, inst)))
        note = label(self.t("contracted", n=fmt_num(a[-1])), style.FONT_SIZE_LABEL, hi)
        fit_width(note, PANEL_WIDTH).move_to([0, -0.75, 0])
        k = fmt_num(a[-1] - 1)
        sum_tex = math(rf"z_{{b,i,j,k}} = \sum_{{c=0}}^{{{k}}} x_{{b,i,j,c}}\, w_{{c,k}}",
                       style.MATH_SIZE).move_to([0, -2.0, 0])
        self.play(Write(rule), run_time=style.RUN)
        self.play(Create(links[0]), run_time=style.RUN_FAST)
        self.play(Write(inst), run_time=style.RUN)
        self.play(Create(links[1]), FadeIn(note), run_time=style.RUN)
        self.play(Write(sum_tex), run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("dot", a=_shape(a, tex=False), b=_shape(b, tex=False),
                  out=_shape(out, tex=False), n=fmt_num(a[-1]))
        self.clear_all(rule, inst, links, note, sum_tex)

    def clear_all(self, *mobs) -> None:
        self.play(*(FadeOut(m) for m in mobs), run_time=style.RUN_FAST)

    def strips(self, rows: int, cols: int, x: float, colour, fill: float) -> VGroup:
        """A rows × cols grid filling the broadcast area, centred at ``x``: one mobject a row
        (a filled bar cut into cells), so a row can move as one piece."""
        w, h = 0.36, self.grid_height / rows
        out = VGroup()
        for r in range(rows):
            y = self.grid_top - (r + 0.5) * h
            bar = Rectangle(width=w * cols, height=h, stroke_color=colour, stroke_width=1.2,
                            fill_color=colour, fill_opacity=fill)
            cuts = grid_lines(w * cols, h, cols, 1).set_stroke(colour, width=1.2)
            out.add(VGroup(bar, cuts).move_to([x, y, 0]))
        return out

    def broadcast_axis(self) -> None:
        """X and the row y; y gains an axis of length 1 in front."""
        th, d = self.theme, self.data
        rows, cols = d.x_shape
        self.x_grid = self.strips(rows, cols, -3.6, th.signal, 0.25)
        self.x_head = math(rf"X:\ {_shape(d.x_shape)}", style.MATH_SIZE_SMALL, th.signal)
        self.x_head.next_to(self.x_grid, UP, buff=0.25)
        self.y_row = VGroup(*(cell(v, th.kernel, 0.36) for v in d.y)).arrange(RIGHT, buff=0)
        self.y_row.move_to([2.2, self.grid_top - 0.18, 0])
        self.y_head = math(rf"y:\ {_shape(d.y_shape)}", style.MATH_SIZE_SMALL, th.kernel)
        self.y_head.move_to([2.2, self.x_head.get_y(), 0])
        self.play(FadeIn(self.x_grid), Write(self.x_head), run_time=style.RUN)
        self.play(FadeIn(self.y_row), Write(self.y_head), run_time=style.RUN)
        brace = Brace(self.y_row, LEFT, buff=0.1, color=th.highlight)
        one = math("1", style.MATH_SIZE_SMALL, th.highlight).next_to(brace, LEFT, buff=0.1)
        padded = parts([r"y:\ (", "1", rf",\ {fmt_int(d.y_padded[1], tex=True)})"],
                       [th.kernel, th.highlight, th.kernel]).move_to(self.y_head)
        note = label(self.t("new_axis"), style.FONT_SIZE_LABEL, th.highlight)
        fit_width(note, 5.0).move_to([2.2, 0.6, 0])
        self.play(GrowFromEdge(brace, RIGHT), FadeIn(one), run_time=style.RUN)
        self.play(ReplacementTransform(self.y_head, padded), FadeIn(note), run_time=style.RUN)
        self.y_head, self.axis_marks = padded, VGroup(brace, one, note)
        self.wait(style.PAUSE)
        self.beat("new_axis", y=_shape(d.y_shape, tex=False), p=_shape(d.y_padded, tex=False))

    def broadcast_repeat(self) -> None:
        """The row is repeated down the rows of X; then X + y has the broadcast shape."""
        th, d = self.theme, self.data
        rows, cols = d.broadcast
        y_grid = self.strips(rows, cols, 2.2, th.kernel, 0.35)
        first = y_grid[0]
        self.play(FadeOut(self.axis_marks), ReplacementTransform(self.y_row, first),
                  run_time=style.RUN)
        copies = list(y_grid[1:])
        self.play(LaggedStart(*(ReplacementTransform(first.copy(), c) for c in copies),
                              lag_ratio=0.15), run_time=style.RUN_SLOW * 1.5)
        brace = Brace(y_grid, RIGHT, buff=0.1, color=th.highlight)
        times = math(fmt_int(rows, tex=True), style.MATH_SIZE_SMALL, th.highlight)
        times.next_to(brace, RIGHT, buff=0.1)
        big = math(rf"Y:\ {_shape(d.broadcast)}", style.MATH_SIZE_SMALL, th.kernel).move_to(self.y_head)
        plus = math("+", style.MATH_SIZE, th.foreground).move_to([-0.7, self.grid_top - 1.7, 0])
        result = math(rf"X + y:\ {_shape(d.x_shape)} + {_shape(d.y_shape)} \to {_shape(d.broadcast)}",
                      style.MATH_SIZE_SMALL, th.output).move_to([0, -2.35, 0])
        note = label(self.t("no_copy"), style.FONT_SIZE_SMALL, th.muted).move_to([0, -3.05, 0])
        fit_width(note, PANEL_WIDTH)
        self.play(GrowFromEdge(brace, LEFT), FadeIn(times), ReplacementTransform(self.y_head, big),
                  run_time=style.RUN)
        self.play(FadeIn(plus), Write(result), FadeIn(note), run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("repeat", rows=fmt_int(rows), y=_shape(d.y_shape, tex=False),
                  out=_shape(d.broadcast, tex=False))
        self.clear_all(self.x_grid, self.x_head, first, *copies, brace, times, big, plus, result, note)

    def numbered(self, values: np.ndarray, x: float) -> VGroup:
        """A numbered matrix: each element's colour is its row in the original matrix (cells
        of at most 0.85 units, smaller when a side is long, so 6 cells span 3.6)."""
        th, cols0 = self.theme, self.data.reshaped.before.shape[1]
        rows, cols = values.shape
        size = min(0.85, 3.6 / max(self.data.reshaped.before.shape))
        return VGroup(*(cell(int(values[r, c]), th.classes[int(values[r, c]) // cols0], size)
                        .move_to([x + (c - (cols - 1) / 2) * size, 0.3 - (r - (rows - 1) / 2) * size, 0])
                        for r in range(rows) for c in range(cols)))

    def reading_order(self, cells: VGroup, order: np.ndarray) -> VGroup:
        """Arrows from element k to element k + 1: the row-major reading order."""
        th = self.theme
        where = {int(k): cells[i] for i, k in enumerate(order.ravel())}
        return VGroup(*(Arrow(where[k].get_center(), where[k + 1].get_center(), buff=0.22,
                              color=th.muted, stroke_width=3, tip_length=0.12,
                              max_tip_length_to_length_ratio=0.3)
                        for k in range(len(where) - 1)))

    def reshape(self) -> None:
        th, d = self.theme, self.data.reshaped
        self.src = self.numbered(d.before, -4.6)
        head = math(rf"x:\ {_shape(d.before.shape)}", style.MATH_SIZE_SMALL, th.signal)
        head.next_to(self.src, UP, buff=0.35)
        order = self.reading_order(self.src, d.before)
        self.play(FadeIn(self.src), Write(head), run_time=style.RUN)
        self.play(Create(order), run_time=style.RUN)
        target = self.numbered(d.after, 0.2)
        moving = self.src.copy()
        self.play(*(moving[i].animate.move_to(target[int(np.flatnonzero(d.after.ravel() == k)[0])])
                    for i, k in enumerate(d.before.ravel())), run_time=style.RUN_SLOW)
        order2 = self.reading_order(target, d.after)
        name = VGroup(label(self.t("reshape_name"), style.FONT_SIZE_LABEL, th.product),
                      math(_shape(d.after.shape), style.MATH_SIZE_SMALL, th.product))
        name.arrange(RIGHT, buff=0.2).next_to(target, UP, buff=0.35)
        note = label(self.t("reshape_note"), style.FONT_SIZE_SMALL, th.muted)
        fit_width(note, 4.2).next_to(target, DOWN, buff=0.4)
        self.play(Create(order2), FadeIn(name), FadeIn(note), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("reshape", old=_shape(d.before.shape, tex=False),
                  new=_shape(d.after.shape, tex=False))
        self.reshaped_group = VGroup(moving, order2, name, note)
        self.src_group = VGroup(self.src, head, order)

    def transpose(self) -> None:
        th, d = self.theme, self.data.transposed
        target = self.numbered(d.after, 4.75)
        moving = self.src.copy()
        self.play(*(moving[i].animate.move_to(target[int(np.flatnonzero(d.after.ravel() == k)[0])])
                    for i, k in enumerate(d.before.ravel())), run_time=style.RUN_SLOW)
        name = VGroup(label(self.t("transpose_name"), style.FONT_SIZE_LABEL, th.output),
                      math(_shape(d.after.shape), style.MATH_SIZE_SMALL, th.output))
        name.arrange(RIGHT, buff=0.2).next_to(target, UP, buff=0.35)
        note = label(self.t("transpose_note"), style.FONT_SIZE_SMALL, th.muted)
        fit_width(note, 3.9).next_to(target, DOWN, buff=0.4)
        rows = d.before.shape[0]
        cols_out = VGroup(*(SurroundingRectangle(VGroup(*(moving[r * d.before.shape[1] + c]
                                                          for c in range(d.before.shape[1]))),
                                                 color=th.classes[r], buff=0.05)
                            for r in range(rows)))
        self.play(FadeIn(name), FadeIn(note), Create(cols_out), run_time=style.RUN)
        same = VGroup(math(rf"{_shape(self.data.reshaped.after.shape)} = {_shape(d.after.shape)}",
                           style.MATH_SIZE_SMALL),
                      label(self.t("same_shape"), style.FONT_SIZE_LABEL)).arrange(RIGHT, buff=0.3)
        fit_width(same, PANEL_WIDTH).move_to([0, -2.9, 0])
        self.play(Write(same), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("transpose", old=_shape(d.before.shape, tex=False),
                  new=_shape(d.after.shape, tex=False))


# ---------------------------------------------------------------- GradientTape

_OP_TEX = {"mul": "{0} \\cdot {1}", "add": "{0} + {1}", "sub": "{0} - {1}",
           "sigmoid": "\\sigma({0})", "square": "{0}^2", "exp": "e^{{{0}}}", "log": "\\ln {0}",
           "tanh": "\\tanh {0}", "relu": "\\mathrm{{relu}}({0})"}
"""How each tape operation is written (inputs by name)."""


class GradientTape(_NetworksScene):
    """The forward pass writes its operations onto a tape; the tape plays backwards and
    each entry's gradient appears; finite differences agree."""

    rows_y = (1.25, 0.5, -0.25, -1.0, -1.75)
    """Tape rows, under the inputs line and the column heads."""
    inputs_y, heads_y = 2.55, 1.95
    cols_x = (-4.1, 1.0, 5.45)
    """Centres of the entry, local-derivative and gradient columns."""
    col_w = (5.2, 4.6, 2.3)

    def construct(self) -> None:
        self.headers()
        self.record()
        self.replay()
        self.input_gradients()
        self.check()

    def cell_tex(self, tex: str, col: int, y: float, colour: str | None = None):
        m = math(tex, style.MATH_SIZE_SMALL, colour)
        return fit_width(m, self.col_w[col]).move_to([self.cols_x[col], y, 0])

    def row_y(self, i: int) -> float:
        n = len(self.data.entries)
        top, span = self.rows_y[0], self.rows_y[0] - self.rows_y[-1]
        return self.rows_y[i] if n == len(self.rows_y) else top - i * span / max(n - 1, 1)

    def headers(self) -> None:
        th = self.theme
        self.play(Write(title(self.t("tape_title"))), run_time=style.RUN)
        heads = VGroup(*(fit_width(label(self.t(k), style.FONT_SIZE_SMALL, c), w)
                         .move_to([x, self.heads_y, 0])
                         for k, c, x, w in zip(("tape_head", "local_head"), (th.signal, th.product),
                                               self.cols_x, self.col_w)),
                       math(r"\bar v = \partial L / \partial v", style.MATH_SIZE_SMALL, th.output)
                       .move_to([self.cols_x[2], self.heads_y, 0]))
        values = ",\\ ".join(f"{n} = {fmt_num(self.data.values[n])}" for n in self.data.variables)
        # the inputs first, above the tape they feed
        self.inputs = self.cell_tex(values, 0, self.inputs_y, th.signal).move_to(
            [0, self.inputs_y, 0])
        self.play(Write(self.inputs), run_time=style.RUN)
        self.play(FadeIn(heads), run_time=style.RUN_FAST)
        self.heads = heads

    def record(self) -> None:
        """Forward: each operation is written on the tape as it runs, with its local derivatives."""
        th = self.theme
        self.entry_rows, self.local_rows = VGroup(), VGroup()
        for i, e in enumerate(self.data.entries):
            op = _OP_TEX[e.op].format(*e.inputs)
            entry = self.cell_tex(rf"{i + 1}:\ {e.output} = {op} = {fmt_num(e.value)}", 0,
                                  self.row_y(i), th.signal)
            local = self.cell_tex(",\\ ".join(rf"\partial {e.output}/\partial {n} = {fmt_num(g)}"
                                               for n, g in zip(e.inputs, e.local)), 1,
                                  self.row_y(i), th.product)
            self.play(Write(entry), run_time=style.RUN_FAST if i else style.RUN)
            self.play(FadeIn(local), run_time=style.RUN_FAST)
            self.entry_rows.add(entry)
            self.local_rows.add(local)
        self.wait(style.PAUSE)
        self.beat("record", n=fmt_num(len(self.data.entries)),
                  value=fmt_num(self.data.entries[-1].value))

    def replay(self) -> None:
        """Backward: the entries in reverse; each output's gradient times its local derivatives."""
        th, grad = self.theme, self.data.gradient
        self.grad_rows = VGroup()
        for step in grad.steps:
            i = step.entry.index
            ring = SurroundingRectangle(VGroup(self.entry_rows[i], self.local_rows[i]),
                                        color=th.highlight, buff=0.06)
            bar = self.cell_tex(rf"\bar {step.entry.output} = {fmt_num(step.upstream)}", 2,
                                self.row_y(i), th.output)
            self.play(Create(ring), FadeIn(bar), run_time=style.RUN_FAST * 1.5)
            self.play(FadeOut(ring), run_time=style.RUN_FAST)
            self.grad_rows.add(bar)
        self.wait(style.PAUSE)
        self.beat("replay", target=grad.target)

    def input_gradients(self) -> None:
        th, grads = self.theme, self.data.gradient.grads
        tex = ",\\ ".join(rf"\partial L/\partial {n} = {fmt_num(grads[n])}"
                            for n in self.data.variables)
        self.result = fit_width(math(tex, style.MATH_SIZE_SMALL, th.output), PANEL_WIDTH)
        self.result.move_to([0, -2.85, 0])
        self.play(Write(self.result), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("grads", gw=fmt_num(grads["w"]), gb=fmt_num(grads["b"]))

    def check(self) -> None:
        th, fd = self.theme, self.data.finite_differences
        values = math(",\\ ".join(fmt_num(fd[n]) for n in self.data.variables),
                      style.MATH_SIZE_SMALL, th.foreground)
        line = VGroup(label(self.t("fd_label"), style.FONT_SIZE_LABEL, th.muted), values)
        line.arrange(RIGHT, buff=0.3).move_to([0, -3.45, 0])
        fit_width(line, PANEL_WIDTH)
        self.play(FadeIn(line), run_time=style.RUN)
        self.wait(style.READ * 2)
        self.beat("check")


# ---------------------------------------------------------------- KerasRecipe


class KerasRecipe(_NetworksScene):
    """The notes' Keras model and model.fit, counted: each number tied to the layer or loop
    it comes from."""

    bar_x = (-3.9, -0.2, 4.6)
    """x of the input, hidden and output bars."""
    bar_h = (3.0, 2.4, 1.0)
    bar_y = 0.9
    seg_w, seg_h = 1.7, 0.8
    """A full batch in the epoch bar (a smaller last batch is narrower)."""

    def construct(self) -> None:
        self.model()
        self.layer_params(0)
        self.layer_params(1)
        self.total()
        self.batches()
        self.epochs()

    # helpers
    def bar(self, i: int, colour) -> Rectangle:
        return Rectangle(width=0.4, height=self.bar_h[i], color=colour, stroke_width=3,
                         fill_color=colour, fill_opacity=0.3).move_to([self.bar_x[i], self.bar_y, 0])

    def wires(self, left: Rectangle, right: Rectangle) -> Polygon:
        """Every input joined to every unit, drawn as one band: the layer's weight matrix."""
        th = self.theme
        return Polygon(left.get_corner(UP + RIGHT), right.get_corner(UP + LEFT),
                       right.get_corner(DOWN + LEFT), left.get_corner(DOWN + RIGHT),
                       color=th.kernel, stroke_width=2, fill_color=th.kernel, fill_opacity=0.18)

    # beats
    def model(self) -> None:
        th, p, d = self.theme, self.params, self.data
        self.play(Write(title(self.t("keras_title"))), run_time=style.RUN)
        img = grid_square(p.side, 1.6, th.muted, th.panel) if p.side <= 64 else \
            Square(side_length=1.6, color=th.muted, fill_color=th.panel, fill_opacity=1.0)
        img.move_to([-6.0, self.bar_y, 0])
        img_tex = math(rf"{fmt_int(p.side, tex=True)} \times {fmt_int(p.side, tex=True)}",
                       style.MATH_SIZE_SMALL, th.signal)
        fit_width(img_tex, 1.6).next_to(img, UP, buff=0.25)
        self.bars = [self.bar(0, th.signal), self.bar(1, th.product), self.bar(2, th.output)]
        counts = [d.inputs, p.hidden, p.classes]
        self.counts = VGroup(*(math(fmt_int(n, tex=True), style.MATH_SIZE_SMALL, c)
                               .next_to(b, UP, buff=0.25)
                               for n, b, c in zip(counts, self.bars, (th.signal, th.product, th.output))))
        flat = Arrow(img.get_right(), self.bars[0].get_left(), buff=0.12, color=th.muted,
                     stroke_width=3, tip_length=0.15)
        self.bands = [self.wires(self.bars[0], self.bars[1]), self.wires(self.bars[1], self.bars[2])]
        dense = VGroup(*(fit_width(label(self.t(k, units=fmt_int(n)), style.FONT_SIZE_LABEL, c), w)
                         .next_to(b, DOWN, buff=0.3).set_y(-0.95)
                         for k, n, b, c, w in (("dense_relu", p.hidden, self.bars[1], th.product, 3.4),
                                               ("dense_softmax", p.classes, self.bars[2], th.output,
                                                3.5))))
        flat_note = label(self.t("flatten_note"), style.FONT_SIZE_SMALL, th.muted)
        fit_width(flat_note, 2.6).move_to([-5.3, -0.95, 0])
        self.play(FadeIn(img), Write(img_tex), run_time=style.RUN)
        self.play(Create(flat), FadeIn(self.bars[0]), Write(self.counts[0]), FadeIn(flat_note),
                  run_time=style.RUN)
        for i in (1, 2):
            self.play(FadeIn(self.bands[i - 1]), FadeIn(self.bars[i]), Write(self.counts[i]),
                      FadeIn(dense[i - 1]), run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("model", side=fmt_num(p.side), n=fmt_int(d.inputs), h=fmt_int(p.hidden),
                  c=fmt_int(p.classes))
        self.network = VGroup(img, img_tex, flat, flat_note, *self.bars, self.counts,
                              *self.bands, dense)

    def layer_params(self, i: int) -> None:
        """Layer i's count, n_in · n_out + n_out, with an arrow to its band of weights."""
        th, p, d = self.theme, self.params, self.data
        n_in, n_out = ((d.inputs, p.hidden), (p.hidden, p.classes))[i]
        count = (d.params1, d.params2)[i]
        formula = parts([rf"{fmt_int(n_in, tex=True)} \cdot {fmt_int(n_out, tex=True)}",
                         rf"+ {fmt_int(n_out, tex=True)}", rf"= {fmt_int(count, tex=True)}"],
                        [th.kernel, th.product, th.output], style.MATH_SIZE)
        formula.move_to([(-3.3, 3.4)[i], -2.3, 0])
        fit_width(formula, 4.6)
        words = label(self.t("weights_biases"), style.FONT_SIZE_SMALL, th.muted)
        fit_width(words, 4.6).next_to(formula, DOWN, buff=0.25)
        band = self.bands[i]
        bottom = (band.get_vertices()[2] + band.get_vertices()[3]) / 2
        arrow = Arrow(formula.get_top(), bottom, buff=0.12, color=th.kernel, stroke_width=3,
                      tip_length=0.18)
        self.play(Indicate(band, color=th.highlight), Write(formula), run_time=style.RUN_SLOW)
        self.play(GrowArrow(arrow), FadeIn(words), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat(f"params{i + 1}", n_in=fmt_int(n_in), n_out=fmt_int(n_out), p=fmt_int(count))
        self.network.add(formula, words, arrow)

    def total(self) -> None:
        th, d = self.theme, self.data
        line = math(rf"{fmt_int(d.params1, tex=True)} + {fmt_int(d.params2, tex=True)} = "
                    rf"{fmt_int(d.total_params, tex=True)}", style.MATH_SIZE, th.output)
        words = label(self.t("total_params"), style.FONT_SIZE_LABEL, th.output)
        row = VGroup(line, words).arrange(RIGHT, buff=0.35)
        fit_width(row, PANEL_WIDTH).move_to([0, -3.45, 0])
        self.play(Write(row), run_time=style.RUN)
        self.wait(style.READ * 2)  # the count the model is built for stays ≥ 5 s before the clear
        self.beat("total", p=fmt_int(d.total_params))
        self.play(FadeOut(self.network), FadeOut(row), run_time=style.RUN_FAST)

    def segments(self, y: float, height: float, labelled: bool) -> VGroup:
        """One epoch's batches: the first ones, an ellipsis, the last two (the last may be
        smaller); every batch when there are at most five."""
        th, d, p = self.theme, self.data, self.params
        n = d.steps_per_epoch
        shown = list(range(1, n + 1)) if n <= 5 else [1, 2, 3, None, n - 1, n]
        items = VGroup()
        for k in shown:
            if k is None:
                items.add(math(r"\cdots", style.MATH_SIZE_SMALL, th.muted))
                continue
            size = d.last_batch if k == n else p.batch_size
            box = Rectangle(width=self.seg_w * size / p.batch_size, height=height,
                            color=th.signal, stroke_width=2, fill_color=th.signal, fill_opacity=0.25)
            group = VGroup(box)
            if labelled:
                group.add(fit_width(math(fmt_int(size, tex=True), style.MATH_SIZE_SMALL), 0.9 *
                                    box.width).move_to(box))
                group.add(math(fmt_int(k, tex=True), style.FONT_SIZE_SMALL, th.muted)
                          .next_to(box, UP, buff=0.12))
            items.add(group)
        return items.arrange(RIGHT, buff=0.08).move_to([0, y, 0])

    def batches(self) -> None:
        th, d, p = self.theme, self.data, self.params
        head = label(self.t("epoch_head", n=fmt_int(p.samples), b=fmt_int(p.batch_size)),
                     style.FONT_SIZE_BODY)
        fit_width(head, PANEL_WIDTH).move_to([0, 2.3, 0])
        bar = self.segments(0.8, self.seg_h, True)
        brace = Brace(bar, DOWN, buff=0.15, color=th.highlight)
        steps = parts([rf"\lceil {fmt_int(p.samples, tex=True)} / {fmt_int(p.batch_size, tex=True)}"
                       r" \rceil", rf"= {fmt_int(d.steps_per_epoch, tex=True)}"],
                      [None, th.highlight], style.MATH_SIZE)
        words = label(self.t("steps_epoch"), style.FONT_SIZE_LABEL, th.highlight)
        row = VGroup(steps, words).arrange(RIGHT, buff=0.3).next_to(brace, DOWN, buff=0.2)
        fit_width(row, PANEL_WIDTH)
        check = math(rf"{fmt_int(d.steps_per_epoch - 1, tex=True)} \cdot "
                     rf"{fmt_int(p.batch_size, tex=True)} + {fmt_int(d.last_batch, tex=True)} = "
                     rf"{fmt_int(p.samples, tex=True)}", style.MATH_SIZE_SMALL, th.muted)
        check.next_to(row, DOWN, buff=0.35)
        x_shape, _, h_shape, _, out = d.batch_shapes
        step = VGroup(label(self.t("one_step"), style.FONT_SIZE_LABEL, th.signal),
                      math(rf"{_shape(x_shape)} \to {_shape(h_shape)} \to {_shape(out)}",
                           style.MATH_SIZE_SMALL, th.signal)).arrange(RIGHT, buff=0.3)
        fit_width(step, PANEL_WIDTH).next_to(check, DOWN, buff=0.45)
        self.play(FadeIn(head), run_time=style.RUN)
        self.play(LaggedStart(*(FadeIn(s) for s in bar), lag_ratio=0.2), run_time=style.RUN_SLOW)
        self.play(GrowFromEdge(brace, UP), Write(row), run_time=style.RUN)
        self.play(FadeIn(check), run_time=style.RUN)
        self.play(FadeIn(step), run_time=style.RUN)
        self.wait(style.PAUSE * 2)
        self.beat("batches", n=fmt_int(p.samples), b=fmt_int(p.batch_size),
                  s=fmt_int(d.steps_per_epoch), last=fmt_int(d.last_batch))
        self.epoch_bar, self.epoch_notes = bar, VGroup(head, brace, row, check, step)

    def epochs(self) -> None:
        """model.fit repeats the epoch: every row is one pass, every box one gradient step."""
        th, d, p = self.theme, self.data, self.params
        gap = min(0.75, 4.6 / p.epochs)
        ys = [2.2 - k * gap for k in range(p.epochs)]
        rows = [self.segments(y, gap * 0.65, False).scale(0.8).shift(LEFT * 1.3) for y in ys]
        names = VGroup(*(label(self.t("epoch_n", k=fmt_num(k + 1)), style.FONT_SIZE_SMALL, th.muted)
                         .next_to(r, LEFT, buff=0.3) for k, r in enumerate(rows)))
        self.play(FadeOut(self.epoch_notes), ReplacementTransform(self.epoch_bar, rows[0]),
                  FadeIn(names[0]), run_time=style.RUN)
        if p.epochs > 1:
            self.play(LaggedStart(*(FadeIn(VGroup(r, n)) for r, n in zip(rows[1:], names[1:])),
                                  lag_ratio=0.3), run_time=style.RUN_SLOW)
        block = VGroup(*rows)
        brace = Brace(block, RIGHT, buff=0.2, color=th.highlight)
        total = parts([rf"{fmt_int(p.epochs, tex=True)} \times {fmt_int(d.steps_per_epoch, tex=True)}",
                       rf"= {fmt_int(d.total_steps, tex=True)}"], [None, th.highlight], style.MATH_SIZE)
        fit_width(total, 4.0).next_to(brace, RIGHT, buff=0.2)
        words = label(self.t("steps_total", epochs=fmt_int(p.epochs)), style.FONT_SIZE_LABEL,
                      th.highlight)
        fit_width(words, 3.3).next_to(total, DOWN, buff=0.2)
        self.play(GrowFromEdge(brace, LEFT), Write(total), FadeIn(words), run_time=style.RUN)
        each = label(self.t("each_step", p=fmt_int(d.total_params)), style.FONT_SIZE_LABEL)
        fit_width(each, PANEL_WIDTH).move_to([0, -2.6, 0])
        self.play(FadeIn(each), run_time=style.RUN)
        self.wait(style.READ * 2)
        self.beat("epochs", e=fmt_int(p.epochs), s=fmt_int(d.steps_per_epoch),
                  t=fmt_int(d.total_steps), p=fmt_int(d.total_params))
