"""Bad-input cases for every public dlmath function: valid arguments and the bad values to try.

Shared by the property-based suite (``test_bad_input.py``) and the counting sweep
(``python -m tests.math.bad_input_sweep``). A *case* is a public function (or a public
method or constructor of a public class) with one valid set of keyword arguments; a probe
replaces one argument by a bad value and classifies what happened:

``clear``       ValueError/TypeError whose message names the argument
``unclear``     any other exception, or a ValueError/TypeError not naming the argument
``nonfinite``   returned NaN/inf where the valid call returned finite numbers
``accepted``    returned a finite result although the value is invalid by definition
                (NaN, ±inf, complex, a string or None for a number, a non-integral or
                bool size, ...): a wrong finite result
``ok``          returned a finite result for a value that may be valid (0, -1, 1e308, ...)
``slow``        did not return within the time limit
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import re
import signal
import time
from typing import Any, Callable

import numpy as np
import sympy as sp

from dlmath import autodiff as ad
from dlmath import convolution as cv
from dlmath import diffusion as df
from dlmath import linear as ln
from dlmath import optim as op

MODULES = {"convolution": cv, "autodiff": ad, "linear": ln, "optim": op, "diffusion": df}

NAN, INF = float("nan"), float("inf")


class Timeout(Exception):
    """A probe ran past its time limit."""


# ---------------------------------------------------------------- valid calls


def _sched():
    return df.linear_schedule(10)


def _quad():
    return op.quadratic_cost([[2.0, 0.0], [0.0, 1.0]])


def _graph():
    return ad.neuron_loss_graph()


_VALUES = {"w": 0.5, "x": 1.0, "b": 0.1, "y": 1.0}
_W3 = [[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]
_X4 = [[1.0, 2.0], [3.0, 4.0], [-1.0, 0.0], [0.5, -2.0]]
_Y4 = [0, 1, 0, 1]
_X8 = [[1.0, 2.0], [3.0, 4.0], [-1.0, 0.0], [0.5, -2.0], [2.0, 2.0], [-2.0, 1.0],
       [0.0, -1.0], [1.5, 0.5]]
_Y8 = [0, 1, 0, 1, 1, 0, 0, 1]

# name -> (callable, factory of valid keyword arguments)
CASES: dict[str, tuple[Callable, Callable[[], dict]]] = {
    # ---- convolution
    "convolution.conv1d": (cv.conv1d, lambda: dict(x=[1.0, 2.0, 3.0], h=[1.0, -1.0], mode="full")),
    "convolution.conv1d_steps": (cv.conv1d_steps, lambda: dict(x=[1.0, 2.0, 3.0], h=[1.0, -1.0])),
    "convolution.correlate1d": (cv.correlate1d, lambda: dict(x=[1.0, 2.0, 3.0], h=[1.0, -1.0], mode="same")),
    "convolution.correlate1d_steps": (cv.correlate1d_steps, lambda: dict(x=[1.0, 2.0, 3.0], h=[1.0, -1.0])),
    "convolution.piecewise_fn": (cv.piecewise_fn, lambda: dict(pieces=[(cv.TAU, 0, 1)], name="f")),
    "convolution.rect": (cv.rect, lambda: dict(a=0.0, b=1.0, height=2.0, name="rect")),
    "convolution.exp_decay": (cv.exp_decay, lambda: dict(rate=1.0, name="exp")),
    "convolution.unit_step": (cv.unit_step, lambda: dict(name="step")),
    "convolution.continuous_conv": (cv.continuous_conv, lambda: dict(f=cv.rect(0, 1), g=cv.rect(0, 2))),
    "convolution.effective_kernel_size": (cv.effective_kernel_size, lambda: dict(k=3, d=2)),
    "convolution.conv_output_size": (cv.conv_output_size, lambda: dict(i=5, k=3, s=1, p=1, d=1)),
    "convolution.transposed_output_size": (cv.transposed_output_size, lambda: dict(i=3, k=3, s=2, p=0, a=1)),
    "convolution.correlate2d": (cv.correlate2d, lambda: dict(x=np.arange(16.0).reshape(4, 4), k=[[1.0, 0.0], [0.0, -1.0]], stride=1, padding=1, dilation=1, bias=None)),
    "convolution.conv2d": (cv.conv2d, lambda: dict(x=np.arange(16.0).reshape(4, 4), k=[[1.0, 0.0], [0.0, -1.0]], stride=2, padding=0, dilation=1, bias=None)),
    "convolution.correlate2d_steps": (cv.correlate2d_steps, lambda: dict(x=np.arange(9.0).reshape(3, 3), k=[[1.0, 2.0], [0.0, -1.0]], stride=1, padding=0, dilation=1)),
    "convolution.conv_matrix": (cv.conv_matrix, lambda: dict(input_shape=(3, 3), k=[[1.0, 2.0], [3.0, 4.0]], stride=1, padding=0, dilation=1)),
    "convolution.conv_matrix_taps": (cv.conv_matrix_taps, lambda: dict(input_shape=(3, 3), kernel_shape=(2, 2), stride=1, padding=0, dilation=1)),
    "convolution.conv_as_matrix": (cv.conv_as_matrix, lambda: dict(x=np.arange(9.0).reshape(3, 3), k=[[1.0, 2.0], [3.0, 4.0]], stride=1, padding=0, dilation=1)),
    "convolution.conv_transpose1d": (cv.conv_transpose1d, lambda: dict(y=[1.0, 2.0], w=[1.0, 1.0, 1.0], stride=2, padding=0, output_padding=1)),
    "convolution.conv_transpose2d": (cv.conv_transpose2d, lambda: dict(y=[[1.0, 2.0], [3.0, 4.0]], k=np.ones((3, 3)), stride=2, padding=0, output_padding=1)),
    "convolution.conv_transpose2d_steps": (cv.conv_transpose2d_steps, lambda: dict(y=[[1.0, 2.0], [3.0, 4.0]], k=np.ones((3, 3)), stride=2, padding=0)),
    "convolution.overlap_counts": (cv.overlap_counts, lambda: dict(input_shape=(3, 3), k=3, stride=2, padding=0)),
    "convolution.overlap_profile": (cv.overlap_profile, lambda: dict(input_shape=(4, 4), k=3, stride=2)),
    "convolution.conv_layer_cost": (cv.conv_layer_cost, lambda: dict(c_in=3, c_out=8, k=3, out_h=30, out_w=30, bias=True)),
    "convolution.dense_layer_cost": (cv.dense_layer_cost, lambda: dict(n_in=10, n_out=5, bias=True)),
    "convolution.conv_vs_dense": (cv.conv_vs_dense, lambda: dict(h=8, w=8, c_in=3, c_out=4, k=3, stride=1, padding=1, bias=True)),
    # ---- autodiff
    "autodiff.var": (ad.var, lambda: dict(name="w")),
    "autodiff.const": (ad.const, lambda: dict(value=2.0)),
    "autodiff.exp": (ad.exp, lambda: dict(a=ad.var("x"))),
    "autodiff.log": (ad.log, lambda: dict(a=ad.var("x"))),
    "autodiff.sigmoid": (ad.sigmoid, lambda: dict(a=ad.var("x"))),
    "autodiff.tanh": (ad.tanh, lambda: dict(a=ad.var("x"))),
    "autodiff.relu": (ad.relu, lambda: dict(a=ad.var("x"))),
    "autodiff.neuron_loss_graph": (ad.neuron_loss_graph, lambda: dict()),
    "autodiff.topological_order": (ad.topological_order, lambda: dict(output=_graph())),
    "autodiff.forward": (ad.forward, lambda: dict(output=_graph(), values=dict(_VALUES))),
    "autodiff.backward": (ad.backward, lambda: dict(output=_graph(), values=dict(_VALUES))),
    "autodiff.to_sympy": (ad.to_sympy, lambda: dict(output=_graph(), sigmoid_as="exp")),
    "autodiff.symbolic_gradient": (ad.symbolic_gradient, lambda: dict(output=_graph(), wrt="w", sigmoid_as="function")),
    "autodiff.symbolic_gradient_at": (ad.symbolic_gradient_at, lambda: dict(output=_graph(), wrt="w", values=dict(_VALUES))),
    "autodiff.activation": (ad.activation, lambda: dict(name="sigmoid", x=[-1.0, 0.0, 2.0])),
    "autodiff.activation_grad": (ad.activation_grad, lambda: dict(name="tanh", x=[-1.0, 0.0, 2.0])),
    "autodiff.activation_info": (ad.activation_info, lambda: dict(name="tanh")),
    "autodiff.derivative_bound": (ad.derivative_bound, lambda: dict(act="sigmoid", depth=5)),
    "autodiff.dense_forward": (ad.dense_forward, lambda: dict(W=[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], x=[1.0, -1.0], b=[0.0, 0.5, 0.0], act="relu")),
    "autodiff.dense_backward": (ad.dense_backward, lambda: dict(W=[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], x=[1.0, -1.0], b=[0.0, 0.5, 0.0], grad_a=[1.0, 1.0, 1.0], act="tanh")),
    "autodiff.dense_step": (ad.dense_step, lambda: dict(W=[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], x=[1.0, -1.0], b=[0.0, 0.5, 0.0], target=[0.0, 1.0, 0.0], act="sigmoid")),
    "autodiff.mlp_pass": (ad.mlp_pass, lambda: dict(weights=[[[1.0, 0.5], [0.0, 1.0]], [[1.0, -1.0]]], biases=[[0.0, 0.1], [0.0]], x=[1.0, 2.0], target=[1.0], act="tanh")),
    "autodiff.train_mlp": (ad.train_mlp, lambda: dict(weights=[[[1.0, 0.5], [0.0, 1.0]], [[1.0, -1.0]]], biases=[[0.0, 0.1], [0.0]], x=[1.0, 2.0], target=[1.0], act="tanh", lr=0.1, steps=3)),
    "autodiff.scalar_chain": (ad.scalar_chain, lambda: dict(weights=[1.0, 2.0, 0.5], biases=[0.0, 0.1, 0.0], x=0.5, act="sigmoid", residual=False)),
    "autodiff.init_weights": (ad.init_weights, lambda: dict(init="xavier", n_in=3, n_out=2, rng=np.random.default_rng(0))),
    "autodiff.init_mlp": (ad.init_mlp, lambda: dict(sizes=(2, 3, 1), init="he", seed=0)),
    "autodiff.deep_pass": (ad.deep_pass, lambda: dict(weights=[np.eye(2), np.eye(2)], biases=[[0.0, 0.0], [0.0, 0.0]], x=[[1.0, 2.0], [3.0, 4.0]], act="tanh", residual=True)),
    "autodiff.gradient_per_layer": (ad.gradient_per_layer, lambda: dict(depth=3, act="sigmoid", init="xavier", residual=False, width=4, batch=8, seed=0)),
    "autodiff.activation_stats": (ad.activation_stats, lambda: dict(depth=3, width=4, act="tanh", init="he", seed=0, batch=8, edges=[-1.0, 0.0, 1.0])),
    "autodiff.sigmoid_stack_weight_grads": (ad.sigmoid_stack_weight_grads, lambda: dict(x=1.0, weights=[1.0, 0.5, 2.0], biases=[0.0, 0.1, 0.0], hidden="sigmoid")),
    "autodiff.dead_relu_units": (ad.dead_relu_units, lambda: dict(weights=[[[1.0], [-1.0]], [[1.0, 2.0]]], biases=[[0.0, -3.0], [0.1]], x=[[-1.0, 0.0, 1.0]])),
    "autodiff.neuron_sgd_path": (ad.neuron_sgd_path, lambda: dict(inputs=[[0.5, 0.7], [0.2, 0.9]], targets=[0.1, -0.3], w0=[0.0, 0.0], lr=0.5, steps=4)),
    # ---- linear
    "linear.linear_map": (ln.linear_map, lambda: dict(W=[[1.0, 2.0], [0.0, 1.0]], extent=2, tol=1e-12)),
    "linear.scores": (ln.scores, lambda: dict(W=_W3, b=[0.0, 0.0, 0.5], X=[[1.0, 2.0], [3.0, 4.0]])),
    "linear.score_terms": (ln.score_terms, lambda: dict(W=_W3, b=[0.0, 0.0, 0.5], x=[1.0, 2.0])),
    "linear.decision_boundaries": (ln.decision_boundaries, lambda: dict(W=_W3, b=[0.0, 0.0, 0.5], xlim=(-2.0, 2.0), ylim=(-2.0, 2.0))),
    "linear.class_regions": (ln.class_regions, lambda: dict(W=_W3, b=[0.0, 0.0, 0.5], xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), resolution=10)),
    "linear.softmax": (ln.softmax, lambda: dict(Z=[[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])),
    "linear.softmax_loss_grads": (ln.softmax_loss_grads, lambda: dict(W=_W3, b=[0.0, 0.0, 0.5], X=[[1.0, 2.0], [3.0, 4.0]], y=[0, 2], l2=0.1)),
    "linear.train_softmax": (ln.train_softmax, lambda: dict(X=_X4, y=[0, 1, 2, 1], n_classes=3, lr=0.1, steps=5, seed=0, init_scale=0.5, l2=0.01)),
    "linear.make_dataset": (ln.make_dataset, lambda: dict(name="xor", n=20, noise=0.1, seed=0)),
    "linear.train_test_split": (ln.train_test_split, lambda: dict(X=_X4, y=_Y4, test_fraction=0.5, seed=0)),
    "linear.feature_map": (ln.feature_map, lambda: dict(X=[[1.0, 2.0], [0.5, -1.0]], features=("x1", "x2", "r^2"))),
    "linear.binary_boundary": (ln.binary_boundary, lambda: dict(W=[[1.0, 0.0], [0.0, 1.0]], b=[0.0, 1.0])),
    "linear.plane_height": (ln.plane_height, lambda: dict(w=[1.0, 1.0, 2.0], c=0.5, X=[[1.0, 2.0]])),
    "linear.feature_regions": (ln.feature_regions, lambda: dict(W=[[0.0, 0.0, 1.0], [1.0, 0.0, -1.0]], b=[0.0, 1.0], features=("x1", "x2", "r^2"), xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), resolution=8)),
    "linear.circle_boundary": (ln.circle_boundary, lambda: dict(w=[0.0, 0.0, 1.0], c=-1.0)),
    "linear.best_line_accuracy": (ln.best_line_accuracy, lambda: dict(X=_X4, y=_Y4, n_directions=36)),
    "linear.line_in_box": (ln.line_in_box, lambda: dict(normal=[1.0, 0.0], offset=0.5, xlim=(-2.0, 2.0), ylim=(-2.0, 2.0))),
    "linear.accuracy": (ln.accuracy, lambda: dict(S=[[1.0, 0.0], [0.0, 1.0], [2.0, 1.0]], y=[0, 1, 1])),
    "linear.init_mlp": (ln.init_mlp, lambda: dict(sizes=(2, 3, 2), seed=0)),
    "linear.mlp_forward": (ln.mlp_forward, lambda: dict(params=ln.init_mlp((2, 3, 2)), X=[[1.0, 2.0]], activation="tanh", dropout=0.5, training=True, rng=np.random.default_rng(0), masks=None)),
    "linear.mlp_loss_grads": (ln.mlp_loss_grads, lambda: dict(params=ln.init_mlp((2, 3, 2)), X=[[1.0, 2.0], [0.0, 1.0]], y=[0, 1], activation="relu", l2=0.1, masks=None)),
    "linear.train_mlp": (ln.train_mlp, lambda: dict(X=_X8, y=_Y8, hidden=(3,), activation="tanh", lr=0.1, epochs=2, batch_size=3, l2=0.01, dropout=0.1, seed=0, X_test=_X4, y_test=_Y4, n_classes=2, snapshot_epochs=(1,))),
    "linear.mlp_regions": (ln.mlp_regions, lambda: dict(params=ln.init_mlp((2, 3, 2)), activation="tanh", xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), resolution=8)),
    "linear.deformation_stages": (ln.deformation_stages, lambda: dict(params=ln.init_mlp((2, 2, 2)), activation="relu", points=[[1.0, 2.0], [0.0, -1.0]])),
    "linear.column_sum": (ln.column_sum, lambda: dict(W=[[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]], x=[2.0, -1.0], b=[0.5, 0.0, -1.0])),
    "linear.pixel_blobs": (ln.pixel_blobs, lambda: dict(centres=[[0.9, 0.2], [0.2, 0.9]], n_per_class=4, spread=0.1, seed=0)),
    "linear.mse_loss_grad": (ln.mse_loss_grad, lambda: dict(W=_W3, X=[[1.0, 2.0], [3.0, 4.0]], y=[0, 2])),
    "linear.train_mse": (ln.train_mse, lambda: dict(X=_X4, y=[0, 1, 2, 1], W0=_W3, lr=0.05, steps=5)),
    "linear.stacked_maps": (ln.stacked_maps, lambda: dict(W1=[[1.0, -1.0], [0.5, 1.0]], W2=[[0.5, 1.0], [-1.0, 0.5]], b=[1.0, -0.5], points=[[1.0, 2.0], [-1.0, 0.5]])),
    "linear.mlp_param_count": (ln.mlp_param_count, lambda: dict(sizes=(2, 3, 2))),
    "linear.l2_penalty": (ln.l2_penalty, lambda: dict(params=ln.init_mlp((2, 3, 2)), l2=0.01)),
    "linear.feature_mlp_regions": (ln.feature_mlp_regions, lambda: dict(params=ln.init_mlp((3, 3, 2)), activation="tanh", features=("x1", "x2", "sin_x1"), xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), resolution=8)),
    "linear.dropout_scaling": (ln.dropout_scaling, lambda: dict(keep_prob=0.7, activation=0.5)),
    "linear.ensemble_eval": (ln.ensemble_eval, lambda: dict(members=(ln.init_mlp((2, 3, 2), seed=0), ln.init_mlp((2, 3, 2), seed=1)), X=[[1.0, 2.0], [0.0, -1.0]], y=[0, 1], activation="tanh")),
    "linear.ensemble_regions": (ln.ensemble_regions, lambda: dict(members=(ln.init_mlp((2, 3, 2), seed=0), ln.init_mlp((2, 3, 2), seed=1)), activation="relu", xlim=(-2.0, 2.0), ylim=(-2.0, 2.0), resolution=8)),
    # ---- optim
    "optim.make_cost": (op.make_cost, lambda: dict(name="q", symbols=(sp.Symbol("u"),), expr=sp.Symbol("u") ** 2)),
    "optim.regression_cost_1d": (op.regression_cost_1d, lambda: dict(x=(1.0, 2.0, 3.0), y=(1.0, 2.0, 3.5))),
    "optim.linear_regression_cost": (op.linear_regression_cost, lambda: dict(x=[1.0, 2.0, 3.0], y=[2.0, 3.0, 5.0])),
    "optim.linear_regression_quadratic": (op.linear_regression_quadratic, lambda: dict(x=[1.0, 2.0, 3.0], y=[2.0, 3.0, 5.0])),
    "optim.quadratic_cost": (op.quadratic_cost, lambda: dict(hessian=[[2.0, 0.0], [0.0, 1.0]], center=[1.0, 0.0], offset=0.5, name="bowl")),
    "optim.rosenbrock": (op.rosenbrock, lambda: dict(a=1.0, b=100.0)),
    "optim.himmelblau": (op.himmelblau, lambda: dict()),
    "optim.quadratic_level_curve": (op.quadratic_level_curve, lambda: dict(hessian=[[2.0, 0.0], [0.0, 1.0]], level=1.0, center=[0.5, 0.0], offset=0.25, n=20)),
    "optim.rosenbrock_level_curve": (op.rosenbrock_level_curve, lambda: dict(level=1.0, a=1.0, b=100.0, n=20)),
    "optim.tangent_segment": (op.tangent_segment, lambda: dict(cost=op.regression_cost_1d(), w=0.5, half_width=0.5)),
    "optim.gradient_descent": (op.gradient_descent, lambda: dict(grad=_quad().grad, x0=[1.0, 1.0], lr=0.1, steps=10, bound=1e6)),
    "optim.momentum": (op.momentum, lambda: dict(grad=_quad().grad, x0=[1.0, 1.0], lr=0.1, steps=10, beta=0.9, bound=1e6)),
    "optim.nesterov": (op.nesterov, lambda: dict(grad=_quad().grad, x0=[1.0, 1.0], lr=0.1, steps=10, beta=0.9, bound=1e6)),
    "optim.rmsprop": (op.rmsprop, lambda: dict(grad=_quad().grad, x0=[1.0, 1.0], lr=0.1, steps=10, rho=0.9, eps=1e-8, bound=1e6)),
    "optim.adam": (op.adam, lambda: dict(grad=_quad().grad, x0=[1.0, 1.0], lr=0.1, steps=10, beta1=0.9, beta2=0.999, eps=1e-8, bound=1e6)),
    "optim.linear_data": (op.linear_data, lambda: dict(n=10, w=2.0, b=1.0, noise=0.1, seed=0, x_range=(-1.0, 1.0))),
    "optim.steps_per_epoch": (op.steps_per_epoch, lambda: dict(n=10, batch_size=3)),
    "optim.total_steps": (op.total_steps, lambda: dict(n=10, batch_size=3, epochs=2)),
    "optim.sgd": (op.sgd, lambda: dict(x=[0.0, 0.5, 1.0, -1.0, 0.2], y=[1.0, 2.0, 3.1, -1.0, 1.5], batch_size=2, epochs=2, lr=0.1, seed=0, w0=(0.0, 0.0))),
    "optim.contraction_factors": (op.contraction_factors, lambda: dict(lr=0.1, hessian=[[2.0, 0.0], [0.0, 1.0]])),
    "optim.analyze_lr": (op.analyze_lr, lambda: dict(lr=0.1, hessian=[[2.0, 0.0], [0.0, 1.0]])),
    "optim.lr_regime": (op.lr_regime, lambda: dict(lr=0.1, hessian=[[2.0, 0.0], [0.0, 1.0]])),
    "optim.max_stable_lr": (op.max_stable_lr, lambda: dict(hessian=[[2.0, 0.0], [0.0, 1.0]])),
    "optim.optimal_lr": (op.optimal_lr, lambda: dict(hessian=[[2.0, 0.0], [0.0, 1.0]])),
    "optim.optimal_rate": (op.optimal_rate, lambda: dict(hessian=[[2.0, 0.0], [0.0, 1.0]])),
    "optim.momentum_optimal": (op.momentum_optimal, lambda: dict(hessian=[[2.0, 0.0], [0.0, 1.0]])),
    "optim.condition_number": (op.condition_number, lambda: dict(hessian=[[2.0, 0.0], [0.0, 1.0]])),
    "optim.gd_cost_bound": (op.gd_cost_bound, lambda: dict(hessian=[[2.0, 0.0], [0.0, 1.0]], cost0=1.0, steps=5)),
    "optim.CostFunction.value": (lambda w: _quad().value(w), lambda: dict(w=[1.0, 1.0])),
    # ---- diffusion
    "diffusion.schedule_from_betas": (df.schedule_from_betas, lambda: dict(betas=[0.1, 0.2, 0.3])),
    "diffusion.linear_schedule": (df.linear_schedule, lambda: dict(T=10, beta_start=1e-4, beta_end=0.02)),
    "diffusion.cosine_schedule": (df.cosine_schedule, lambda: dict(T=10, s=0.008, max_beta=0.999)),
    "diffusion.q_sample": (df.q_sample, lambda: dict(x0=[[1.0, 2.0], [0.0, 1.0]], t=3, schedule=_sched(), rng=0, noise=None)),
    "diffusion.forward_chain": (df.forward_chain, lambda: dict(x0=[[1.0, 2.0]], schedule=_sched(), rng=0)),
    "diffusion.posterior": (df.posterior, lambda: dict(x0=[[1.0, 2.0]], xt=[[0.5, 1.0]], t=3, schedule=_sched())),
    "diffusion.mixture_marginal": (df.mixture_marginal, lambda: dict(mixture=df.eight_gaussians(), t=3, schedule=_sched())),
    "diffusion.marginal_density_1d": (df.marginal_density_1d, lambda: dict(mixture=df.GaussianMixture.create([0.5, 0.5], [[-1.0], [1.0]], [0.1, 0.1]), ts=[0, 5], xs=[-1.0, 0.0, 1.0], schedule=_sched())),
    "diffusion.ddpm_sample": (df.ddpm_sample, lambda: dict(denoiser=df.FiniteSetDenoiser.create([[1.0, 1.0], [-1.0, -1.0]]), schedule=_sched(), n=4, rng=0, return_trajectory=True, x_T=None)),
    "diffusion.ddim_timesteps": (df.ddim_timesteps, lambda: dict(T=10, steps=3)),
    "diffusion.ddim_sample": (df.ddim_sample, lambda: dict(denoiser=df.FiniteSetDenoiser.create([[1.0, 1.0], [-1.0, -1.0]]), schedule=_sched(), n=4, steps=3, eta=0.5, rng=0, return_trajectory=False, x_T=None)),
    "diffusion.ink_drop": (df.ink_drop, lambda: dict(n=10, steps=5, D=0.1, dt=0.1, sigma0=0.1, seed=0)),
    "diffusion.two_moons": (df.two_moons, lambda: dict(n=10, noise=0.05, seed=0)),
    "diffusion.swiss_roll": (df.swiss_roll, lambda: dict(n=10, noise=0.05, seed=0)),
    "diffusion.eight_gaussians": (df.eight_gaussians, lambda: dict(radius=2.0, sigma=0.05)),
    "diffusion.small_point_set": (df.small_point_set, lambda: dict(m=5, seed=0, spread=1.5)),
    "diffusion.nearest_distance": (df.nearest_distance, lambda: dict(x=[[0.0, 0.0], [1.0, 1.0]], points=[[1.0, 0.0]])),
    "diffusion.mode_shares": (df.mode_shares, lambda: dict(x=[[0.0, 0.0], [1.0, 1.0]], means=[[0.0, 0.0], [1.0, 1.0]])),
    "diffusion.mean_radius": (df.mean_radius, lambda: dict(x=[[0.0, 0.0], [1.0, 1.0]])),
    "diffusion.GaussianMixture.create": (df.GaussianMixture.create, lambda: dict(weights=[0.5, 0.5], means=[[0.0, 0.0], [1.0, 1.0]], covs=[0.1, 0.2])),
    "diffusion.GaussianMixture.sample": (lambda n, rng: df.eight_gaussians().sample(n, rng), lambda: dict(n=5, rng=0)),
    "diffusion.GaussianMixture.logpdf": (lambda x: df.eight_gaussians().logpdf(x), lambda: dict(x=[[0.0, 0.0], [2.0, 0.0]])),
    "diffusion.FiniteSetDenoiser.create": (df.FiniteSetDenoiser.create, lambda: dict(points=[[1.0, 1.0], [-1.0, -1.0]])),
    "diffusion.FiniteSetDenoiser.x0_hat": (lambda xt, t, schedule: df.FiniteSetDenoiser.create([[1.0, 1.0], [-1.0, -1.0]]).x0_hat(xt, t, schedule), lambda: dict(xt=[[0.0, 0.5]], t=3, schedule=_sched())),
    "diffusion.Schedule.alpha_bar": (lambda t: _sched().alpha_bar(t), lambda: dict(t=3)),
    "diffusion.pixels_to_unit": (df.pixels_to_unit, lambda: dict(p=[[0.0, 128.0], [255.0, 3.5]])),  # a resized image has fractional pixels
}


def public_functions() -> list[str]:
    """``module.name`` of every public function of every dlmath module (``__all__``)."""
    out = []
    for mname, mod in MODULES.items():
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isfunction(obj):
                out.append(f"{mname}.{name}")
    return out


# ---------------------------------------------------------------- bad values

INVALID = "invalid"   # never acceptable: a finite result is wrong
MAYBE = "maybe"       # may be a legitimate value (0, -1, 1e308, ...)


def _kind(valid: Any) -> str:
    if isinstance(valid, bool):
        return "bool"
    if isinstance(valid, (int, np.integer)):
        return "int"
    if isinstance(valid, (float, np.floating)):
        return "float"
    if isinstance(valid, str):
        return "str"
    if isinstance(valid, (list, tuple, np.ndarray)):
        try:
            arr = np.asarray(valid, dtype=float)
        except (TypeError, ValueError):
            return "other"
        if arr.size and np.issubdtype(np.asarray(valid).dtype, np.integer):
            return "intarray"
        return "array"
    return "other"


def _with_first(valid: Any, value: Any) -> Any:
    arr = np.array(valid, dtype=object)
    arr.flat[0] = value
    return arr.tolist()


PAIR_ARGS = {"stride", "padding", "dilation", "output_padding", "k", "t", "ts", "resolution"}
"""Arguments that take an int or a pair of ints (or, for ``t``, one step per point)."""

ALLOWED: dict[tuple[str, str, str], str] = {
    ("convolution.rect", "a", "-inf"): "a piece may start at -oo",
    ("convolution.rect", "b", "inf"): "a piece may end at +oo",
    ("diffusion.Schedule.alpha_bar", "t", "[1, 2]"): "alpha_bar takes an array of steps",
    ("diffusion.q_sample", "t", "[1, 2]"): "one step per point (x0 has 2 points)",
    ("linear.train_mlp", "snapshot_epochs", "[]"): "no snapshots is the default",
}
"""``(case, argument, value label)`` whose finite (or ±oo) result is correct, and why."""


def bad_values(valid: Any, optional: bool, arg: str = "") -> list[tuple[str, Any, str]]:
    """``(label, value, INVALID | MAYBE)`` for an argument whose valid value is ``valid``."""
    kind = _kind(valid)
    out: list[tuple[str, Any, str]] = []
    if not optional:
        out.append(("None", None, INVALID))
    if kind in ("int", "float"):
        integral = kind == "int"
        out += [("nan", NAN, INVALID), ("inf", INF, INVALID), ("-inf", -INF, INVALID),
                ("1e308", 1e308, INVALID if integral else MAYBE),
                ("-1e308", -1e308, INVALID if integral else MAYBE),
                ("1e-308", 1e-308, INVALID if integral else MAYBE),
                ("0", 0, MAYBE), ("-1", -1, MAYBE), ("2.7", 2.7, INVALID if integral else MAYBE),
                ("10**8", 10**8, MAYBE), ("-10**8", -10**8, MAYBE),
                ("True", True, INVALID), ("'a'", "a", INVALID), ("1+1j", 1 + 1j, INVALID),
                ("[1, 2]", [1, 2], MAYBE if arg in PAIR_ARGS else INVALID)]
    elif kind == "str":
        out += [("''", "", MAYBE), ("'bogus'", "bogus?", MAYBE), ("3", 3, INVALID),
                ("nan", NAN, INVALID)]
    elif kind == "bool":
        out += [("'yes'", "yes", INVALID), ("nan", NAN, INVALID)]
    elif kind in ("array", "intarray"):
        arr = np.asarray(valid)
        out += [("[nan]", _with_first(valid, NAN), INVALID),
                ("[inf]", _with_first(valid, INF), INVALID),
                ("[-inf]", _with_first(valid, -INF), INVALID),
                ("[1e308]", _with_first(valid, 1e308), INVALID if kind == "intarray" else MAYBE),
                ("[1+1j]", _with_first(valid, 1 + 1j), INVALID),
                ("[True]", _with_first(valid, True), MAYBE),  # numpy reads True as 1
                ("['a']", _with_first(valid, "a"), INVALID),
                ("[]", [], INVALID),
                ("ndim+1", [np.asarray(valid).tolist()], MAYBE),
                ("scalar 1.5", 1.5, MAYBE),
                ("'abc'", "abc", INVALID)]
        if kind == "intarray":
            out += [("[2.7]", _with_first(valid, 2.7), INVALID),
                    ("[-1]", _with_first(valid, -1), MAYBE),
                    ("[10**8]", _with_first(valid, 10**8), MAYBE)]
        if arr.ndim >= 1 and arr.shape[0] > 1:
            out.append(("shorter", np.asarray(valid)[:-1].tolist(), MAYBE))
    else:  # objects: nodes, schedules, callables, generators, params, mappings
        out += [("3", 3, MAYBE), ("'a'", "a", INVALID), ("nan", NAN, INVALID)]
    return out


# ---------------------------------------------------------------- probing


def _alarm(signum, frame):
    raise Timeout()


def call_with_limit(fn: Callable, kwargs: dict, seconds: float) -> tuple[str, Any, float]:
    """``("return", result | "raise", exc | "timeout", None)`` and the elapsed time."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    t0 = time.perf_counter()
    try:
        out = ("return", fn(**kwargs))
    except Timeout:
        out = ("timeout", None)
    except BaseException as exc:  # noqa: BLE001 - classified by the caller
        if isinstance(exc, KeyboardInterrupt):
            raise
        out = ("raise", exc)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return out[0], out[1], time.perf_counter() - t0


def nonfinite_paths(obj: Any, path: str = "", seen: set | None = None, depth: int = 0) -> set[str]:
    """Paths inside a result (fields, items, array entries) that hold NaN or ±inf."""
    seen = set() if seen is None else seen
    out: set[str] = set()
    if depth > 6 or id(obj) in seen:
        return out
    if isinstance(obj, (bool, str, bytes, type(None))):
        return out
    if isinstance(obj, (int, float, complex, np.number)):
        try:
            if not np.isfinite(obj):
                out.add(path)
        except TypeError:
            pass
        return out
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fc" and not np.all(np.isfinite(obj)):
            out.add(path)
        elif obj.dtype == object:
            for i, v in enumerate(obj.ravel()[:50]):
                out |= nonfinite_paths(v, f"{path}[{i}]", seen, depth + 1)
        return out
    if isinstance(obj, sp.Basic):
        if obj.has(sp.nan, sp.zoo) or (obj.has(sp.oo, -sp.oo) and not isinstance(obj, sp.Piecewise)):
            out.add(path + "<sympy>")
        return out
    seen.add(id(obj))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            out |= nonfinite_paths(getattr(obj, f.name), f"{path}.{f.name}", seen, depth + 1)
    elif isinstance(obj, (tuple, list)):
        for i, v in enumerate(obj[:200]):
            out |= nonfinite_paths(v, f"{path}[{i}]", seen, depth + 1)
    elif isinstance(obj, dict):
        for k, v in list(obj.items())[:200]:
            out |= nonfinite_paths(v, f"{path}[{k!r}]", seen, depth + 1)
    return out


def names_argument(message: str, arg: str) -> bool:
    """Whether an error message names the argument ``arg`` (as a word)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(arg)}(?![A-Za-z0-9_])", message) is not None


@dataclasses.dataclass
class Probe:
    case: str
    arg: str
    label: str
    validity: str
    outcome: str
    detail: str
    seconds: float


_BASELINE: dict[str, set[str]] = {}


def baseline_paths(case: str) -> set[str]:
    """Non-finite paths of the valid call's result (e.g. ActivationInfo.high = inf)."""
    if case not in _BASELINE:
        fn, factory = CASES[case]
        _BASELINE[case] = nonfinite_paths(fn(**factory()))
    return _BASELINE[case]


def probe(case: str, arg: str, label: str, value: Any, validity: str,
          seconds: float = 20.0) -> Probe:
    """Call ``case`` with ``arg`` replaced by ``value`` and classify the outcome."""
    fn, factory = CASES[case]
    base = baseline_paths(case)
    kwargs = factory()
    kwargs[arg] = value
    kind, res, dt = call_with_limit(fn, kwargs, seconds)
    if kind == "timeout":
        return Probe(case, arg, label, validity, "slow", f"> {seconds:g} s", dt)
    if kind == "raise":
        msg = f"{type(res).__name__}: {res}"
        if isinstance(res, (ValueError, TypeError)) and names_argument(str(res), arg):
            return Probe(case, arg, label, validity, "clear", msg[:300], dt)
        return Probe(case, arg, label, validity, "unclear", msg[:300], dt)
    extra = nonfinite_paths(res) - base
    if (case, arg, label) in ALLOWED:
        return Probe(case, arg, label, validity, "ok", ALLOWED[(case, arg, label)], dt)
    if extra:
        return Probe(case, arg, label, validity, "nonfinite", ", ".join(sorted(extra))[:300], dt)
    if validity == INVALID:
        return Probe(case, arg, label, validity, "accepted", repr(res)[:200], dt)
    return Probe(case, arg, label, validity, "ok", "", dt)


def arguments(case: str) -> list[tuple[str, Any, bool]]:
    """``(name, valid value, optional)`` of each argument of a case."""
    fn, factory = CASES[case]
    kwargs = factory()
    sig = inspect.signature(fn)
    out = []
    for name, value in kwargs.items():
        param = sig.parameters.get(name)
        optional = param is not None and param.default is None
        out.append((name, value, optional))
    return out


def all_probes() -> list[tuple[str, str, str, Any, str]]:
    """Every ``(case, arg, label, value, validity)`` of the fixed sweep."""
    out = []
    for case in CASES:
        for arg, valid, optional in arguments(case):
            for label, value, validity in bad_values(valid, optional, arg):
                out.append((case, arg, label, value, validity))
    return out
