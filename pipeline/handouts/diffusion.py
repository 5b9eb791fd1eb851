"""Print handouts of the diffusion topic."""

from __future__ import annotations

import importlib
from functools import wraps
from pathlib import Path
from typing import Callable, Sequence

import numpy as np  
from matplotlib import rc_context  
from matplotlib.axes import Axes  
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, to_rgb  
from matplotlib.figure import Figure  
from matplotlib.lines import Line2D  
from matplotlib.patches import Circle, Rectangle  

from scenes.style import fmt_num  

from dlmath import autodiff as ad
from dlmath import convolution as cv
from dlmath import diffusion as dm
from dlmath import linear as lm
from dlmath import optim as om
from pipeline.handouts.figure import *  # noqa: F401,F403
from pipeline.handouts.figure import TH, RC, FigData

# ---------------------------------------------------------------- diffusion


@styled
def diffusion_schedules() -> FigData:
    """ᾱ_t and β_t of the linear and cosine schedules (DiffusionSchedules)."""
    scene = scene_class("diffusion", "DiffusionSchedules")
    scheds = {"linear": dm.linear_schedule(scene.T), "cosine": dm.cosine_schedule(scene.T)}
    ts = np.arange(scene.T + 1)
    fig = figure(3.3, "Noise schedules: linear (Ho et al. 2020) vs cosine (Nichol & Dhariwal 2021)")
    axs = fig.subplots(1, 2)
    data: dict[str, np.ndarray] = {"t": ts}
    for i, (key, sch) in enumerate(scheds.items()):
        ab = np.asarray(sch.alpha_bar(ts), float)
        color = TH.classes[i]
        axs[0].plot(ts, ab, color=color, label=key)
        visible = sch.betas <= scene.beta_top
        axs[1].plot(ts[1:][visible], sch.betas[visible], color=color, label=key)
        t = scene.compare_t
        axs[0].plot(t, ab[t], "o", color=color, markersize=5)
        axs[0].annotate(rf"$\bar\alpha_{{{t}}} = {fmt_num(ab[t], 3)}$", (t, ab[t]),
                        xytext=(8, 4) if i else (-8, -14), ha="left" if i else "right",
                        textcoords="offset points", color=color)
        data[f"alpha_bar_{key}"], data[f"beta_{key}"] = ab, sch.betas
    axs[0].set_ylabel(r"$\bar\alpha_t$ (signal kept)")
    axs[1].set_ylabel(r"$\beta_t$ (noise added per step)")
    axs[1].set_ylim(0, scene.beta_top)
    axs[1].set_title(rf"cosine $\beta_t$ above {fmt_num(scene.beta_top)} (last steps, up to "
                     rf"{fmt_num(scheds['cosine'].betas[-1], 3)}) cut off", fontsize=8)
    axs[0].set_title(r"$\bar\alpha_t = \prod_{s \leq t} (1 - \beta_s)$", fontsize=9)
    for ax in axs:
        ax.set_xlabel("$t$")
        ax.set_xlim(0, scene.T)
        ax.grid(color=TH.muted, alpha=0.3, linewidth=0.6)
        ax.legend(frameon=False)
    return fig, data


@styled
def diffusion_reverse() -> FigData:
    """Exact reverse process onto 8 Gaussians: x_T, DDPM samples, DDIM samples (DiffusionReverse)."""
    scene = scene_class("diffusion", "DiffusionReverse")
    mix, ddpm, ddim = scene_call(scene, "runs")
    fig = figure(3.7, f"Reverse process with the exact denoiser: {scene.n_points} points\nonto "
                       f"8 Gaussians (ring radius {fmt_num(scene.radius)}, σ = {fmt_num(scene.sigma)})")
    axs = fig.subplots(1, 3, sharex=True, sharey=True)
    panels = ((ddpm.trajectory[0], f"$x_T$: pure noise, $T = {scene.T}$", None),
              (ddpm.samples, f"DDPM, {scene.T} stochastic steps", ddpm.trajectory),
              (ddim.samples, f"DDIM, {scene.ddim_steps} deterministic steps", None))
    for ax, (pts, name, traj) in zip(axs, panels):
        ax.add_patch(Circle((0, 0), scene.radius, fill=False, edgecolor=TH.muted, linestyle="--",
                            linewidth=0.8))
        ax.scatter(pts[:, 0], pts[:, 1], s=2, color=TH.signal, alpha=0.5, linewidths=0)
        if traj is not None:
            for i in scene.traced:
                ax.plot(traj[:, i, 0], traj[:, i, 1], color=TH.negative, linewidth=0.5, alpha=0.8)
        if pts is not panels[0][0]:
            name += "\n" + rf"mean radius $\bar r = {fmt_num(dm.mean_radius(pts), 3)}$"
        ax.set_title(name, fontsize=9)
        ax.plot(mix.means[:, 0], mix.means[:, 1], "+", color=TH.foreground, markersize=6)
        ax.set_aspect("equal")
        ax.set_xlim(-3.6, 3.6)
        ax.set_ylim(-3.6, 3.6)
    axs[1].text(0.02, 0.02, f"lines: paths of {len(scene.traced)} points", transform=axs[1].transAxes,
                fontsize=7, color=TH.negative)
    return fig, {"x_T": ddpm.trajectory[0], "ddpm": ddpm.samples, "ddim": ddim.samples,
                 "means": np.asarray(mix.means, float)}


@styled
def diffusion_image_noising() -> FigData:
    """The glyph through the forward chain at the steps of DiffusionImageNoising."""
    scene = scene_class("diffusion", "DiffusionImageNoising")
    sched = dm.linear_schedule(scene.T)
    img = dm.glyph_image(scene.glyph, scene.glyph_size)
    traj = dm.forward_chain(img.reshape(1, -1), sched, scene.seed)
    images = np.stack([traj[t, 0].reshape(img.shape) for t in scene.image_ts])
    abars = np.array([sched.alpha_bar(t) for t in scene.image_ts])
    fig = figure(2.05, r"Forward noising $x_t = \sqrt{\alpha_t}\,x_{t-1} + \sqrt{\beta_t}\,"
                       r"\varepsilon_t$ (linear schedule), " f"{scene.glyph_size}×{scene.glyph_size} "
                       "pixels")
    axs = fig.subplots(1, len(scene.image_ts))
    image_row(axs, images, [f"$t = {t}$\n" rf"$\bar\alpha_t = {sci(a)}$"
                             for t, a in zip(scene.image_ts, abars)])
    return fig, {"x0": img, "images": images, "t": np.array(scene.image_ts), "alpha_bar": abars}


@styled
def diffusion_schedule_images() -> FigData:
    """The same image and noise at equal t under both schedules (end of DiffusionSchedules)."""
    scene = scene_class("diffusion", "DiffusionSchedules")
    img = dm.glyph_image(scene.glyph, scene.glyph_size)
    x0 = img.reshape(1, -1)
    eps = np.random.default_rng(scene.noise_seed).standard_normal(x0.shape)
    fig = figure(3.6, r"$x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1-\bar\alpha_t}\,\varepsilon$"
                       r" with the same $x_0$ and $\varepsilon$")
    axs = fig.subplots(2, len(scene.image_ts))
    data: dict[str, np.ndarray] = {"x0": img, "eps": eps}
    for row, (key, sch) in zip(axs, (("linear", dm.linear_schedule(scene.T)),
                                     ("cosine", dm.cosine_schedule(scene.T)))):
        noisy = np.stack([dm.q_sample(x0, t, sch, noise=eps).reshape(img.shape)
                          for t in scene.image_ts])
        image_row(row, noisy, [f"{key}, $t = {t}$\n" rf"$\bar\alpha_t = {sci(sch.alpha_bar(t))}$"
                                for t in scene.image_ts])
        data[f"images_{key}"] = noisy
    return fig, data


