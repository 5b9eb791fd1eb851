"""Print handouts of the diffusion topic: each figure reads its scene's lesson."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle

import lessons
from lessons import Params
from pipeline.handouts.figure import FigData, TH, figure, image_row, lesson_data, sci, styled
from scenes.style import fmt_num

# ---------------------------------------------------------------- diffusion


def _params(scene: str, params: Params | None) -> Params:
    """``params``, or the lesson's defaults."""
    return params if params is not None else lessons.find(scene).params()


@styled
def diffusion_schedules(params: Params | None = None) -> FigData:
    """ᾱ_t and β_t of the linear and cosine schedules (DiffusionSchedules' lesson)."""
    p = _params("DiffusionSchedules", params)
    d = lesson_data("DiffusionSchedules", p)
    fig = figure(3.3, "Noise schedules: linear (Ho et al. 2020) vs cosine (Nichol & Dhariwal 2021)")
    axs = fig.subplots(1, 2)
    data: dict[str, np.ndarray] = {"t": d.ts}
    t = p.compare_t
    for i, (key, pan) in enumerate((("linear", d.linear), ("cosine", d.cosine))):
        color = TH.classes[i]
        axs[0].plot(d.ts, pan.alpha_bars, color=color, label=key)
        axs[1].plot(pan.beta_ts, pan.betas_shown, color=color, label=key)
        axs[0].plot(t, pan.alpha_bar_compare, "o", color=color, markersize=5)
        axs[0].annotate(rf"$\bar\alpha_{{{t}}} = {fmt_num(pan.alpha_bar_compare, 3)}$",
                        (t, pan.alpha_bar_compare), xytext=(8, 4) if i else (-8, -14),
                        ha="left" if i else "right", textcoords="offset points", color=color)
        data[f"alpha_bar_{key}"], data[f"beta_{key}"] = pan.alpha_bars, pan.schedule.betas
    axs[0].set_ylabel(r"$\bar\alpha_t$ (signal kept)")
    axs[1].set_ylabel(r"$\beta_t$ (noise added per step)")
    axs[1].set_ylim(0, p.beta_top)
    axs[1].set_title(rf"cosine $\beta_t$ above {fmt_num(p.beta_top)} (last steps, up to "
                     rf"{fmt_num(d.cosine.beta_T, 3)}) cut off", fontsize=8)
    axs[0].set_title(r"$\bar\alpha_t = \prod_{s \leq t} (1 - \beta_s)$", fontsize=9)
    for ax in axs:
        ax.set_xlabel("$t$")
        ax.set_xlim(0, p.T)
        ax.grid(color=TH.muted, alpha=0.3, linewidth=0.6)
        ax.legend(frameon=False)
    return fig, data


@styled
def diffusion_reverse(params: Params | None = None) -> FigData:
    """Exact reverse process onto 8 Gaussians: x_T, DDPM samples, DDIM samples (DiffusionReverse)."""
    p = _params("DiffusionReverse", params)
    d = lesson_data("DiffusionReverse", p)
    ddpm, ddim = d.ddpm.run, d.ddim.run
    fig = figure(3.7, f"Reverse process with the exact denoiser: {p.n_points} points\nonto "
                       f"8 Gaussians (ring radius {fmt_num(p.radius)}, σ = {fmt_num(p.sigma)})")
    axs = fig.subplots(1, 3, sharex=True, sharey=True)
    panels = ((ddpm.trajectory[0], f"$x_T$: pure noise, $T = {p.T}$", None, None),
              (ddpm.samples, f"DDPM, {p.T} stochastic steps", ddpm.trajectory, d.ddpm),
              (ddim.samples, f"DDIM, {p.ddim_steps} deterministic steps", None, d.ddim))
    for ax, (pts, name, traj, sampler) in zip(axs, panels):
        ax.add_patch(Circle((0, 0), p.radius, fill=False, edgecolor=TH.muted, linestyle="--",
                            linewidth=0.8))
        ax.scatter(pts[:, 0], pts[:, 1], s=2, color=TH.signal, alpha=0.5, linewidths=0)
        if traj is not None:
            for i in p.traced:
                ax.plot(traj[:, i, 0], traj[:, i, 1], color=TH.negative, linewidth=0.5, alpha=0.8)
        if sampler is not None:
            name += "\n" + rf"mean radius $\bar r = {fmt_num(sampler.mean_radius, 3)}$"
        ax.set_title(name, fontsize=9)
        ax.plot(d.mixture.means[:, 0], d.mixture.means[:, 1], "+", color=TH.foreground,
                markersize=6)
        ax.set_aspect("equal")
        ax.set_xlim(-d.half, d.half)
        ax.set_ylim(-d.half, d.half)
    axs[1].text(0.02, 0.02, f"lines: paths of {len(p.traced)} points", transform=axs[1].transAxes,
                fontsize=7, color=TH.negative)
    return fig, {"x_T": ddpm.trajectory[0], "ddpm": ddpm.samples, "ddim": ddim.samples,
                 "means": np.asarray(d.mixture.means, float)}


@styled
def diffusion_image_noising(params: Params | None = None) -> FigData:
    """The glyph through the forward chain at the steps of DiffusionImageNoising."""
    p = _params("DiffusionImageNoising", params)
    d = lesson_data("DiffusionImageNoising", p)
    images = np.stack(d.images)
    abars = np.array(d.alpha_bars)
    size = d.x0.shape[0]
    fig = figure(2.05, r"Forward noising $x_t = \sqrt{\alpha_t}\,x_{t-1} + \sqrt{\beta_t}\,"
                       rf"\varepsilon_t$ ({p.schedule} schedule), {size}×{size} pixels, "
                       rf"$x = 2p/255 - 1$ (pixel $p = {d.example_p}$: $x = {d.example_x:.3f}$)")
    axs = np.atleast_1d(fig.subplots(1, len(p.image_ts)))
    image_row(axs, images, [f"$t = {t}$\n" rf"$\bar\alpha_t = {sci(a)}$"
                            for t, a in zip(p.image_ts, abars)])
    return fig, {"x0": d.x0, "pixels": d.pixels, "images": images, "t": np.array(p.image_ts),
                 "alpha_bar": abars}


@styled
def diffusion_schedule_images(params: Params | None = None) -> FigData:
    """The same image and noise at equal t under both schedules (end of DiffusionSchedules)."""
    p = _params("DiffusionSchedules", params)
    d = lesson_data("DiffusionSchedules", p)
    fig = figure(3.6, r"$x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1-\bar\alpha_t}\,\varepsilon$"
                       r" with the same $x_0$ and $\varepsilon$")
    axs = np.atleast_2d(fig.subplots(2, len(p.image_ts), squeeze=False))
    data: dict[str, np.ndarray] = {"x0": d.x0, "eps": d.eps}
    for row, (key, pan) in zip(axs, (("linear", d.linear), ("cosine", d.cosine))):
        image_row(row, pan.images, [f"{key}, $t = {t}$\n" rf"$\bar\alpha_t = {sci(a)}$"
                                    for t, a in zip(p.image_ts, pan.image_alpha_bars)])
        data[f"images_{key}"] = np.stack(pan.images)
    return fig, data
