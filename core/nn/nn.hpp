// core/nn in one include: layers, containers, heads, losses, distributions, optimisers, parameter utilities, I/O.
#pragma once
#include "core/nn/conv2d.hpp"
#include "core/nn/distributions.hpp"
#include "core/nn/heads.hpp"
#include "core/nn/layers.hpp"
#include "core/nn/losses.hpp"
#include "core/nn/minibatch_discrimination.hpp"
#include "core/nn/optim.hpp"
#include "core/nn/param_utils.hpp"
#include "core/nn/params_io.hpp"
#include "core/nn/sequential.hpp"
