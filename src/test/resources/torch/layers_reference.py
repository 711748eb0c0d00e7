"""PyTorch's loss and gradients for a descent model, as the Java test gives it (stdin: JSON), in float64.

Input: {"input": [dims], "layers": [{"spec": {...}, "input": [dims], "parameters": [[...]], "buffers": [[...]]}],
        "x": [[...]] (rows of features), "labels": [class per row]}
Output (stdout): {"loss": float, "output": [[...]], "gradients": [[...]] in the layers' parameter order,
                  "buffers": [[...]] after the forward pass}
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def activation(name, z):
    return {
        "relu": F.relu,
        "leaky-relu": lambda v: F.leaky_relu(v, 0.01),
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "gelu": lambda v: F.gelu(v, approximate="tanh"),
        "identity": lambda v: v,
    }[name](z)


class Values:
    """The model's parameters and buffers as torch tensors, handed out in the order the layers use them."""

    def __init__(self, layers):
        self.parameters = []
        self.buffers = []
        self.queue = []
        for layer in layers:
            self.queue.extend(layer["parameters"])
        self.buffer_queue = []
        for layer in layers:
            self.buffer_queue.extend(layer.get("buffers", []))

    def take(self, shape):
        t = torch.tensor(self.queue.pop(0)).reshape(shape).requires_grad_(True)
        self.parameters.append(t)
        return t

    def take_buffer(self, shape):
        t = torch.tensor(self.buffer_queue.pop(0)).reshape(shape)
        self.buffers.append(t)
        return t


def same_pads(size, kernel, stride, dilation):
    extent = dilation * (kernel - 1) + 1
    out = (size + stride - 1) // stride
    total = max(0, (out - 1) * stride + extent - size)
    return total // 2, total - total // 2


def conv(spec, x, values):
    kh, kw = spec["kernel"]
    sh, sw = spec.get("stride") or [1, 1]
    dh, dw = spec.get("dilation") or [1, 1]
    w = values.take((spec["filters"], x.shape[1], kh, kw))
    b = values.take((spec["filters"],))
    if spec.get("padding") == "same":
        top, bottom = same_pads(x.shape[2], kh, sh, dh)
        left, right = same_pads(x.shape[3], kw, sw, dw)
        x = F.pad(x, (left, right, top, bottom))
    return F.conv2d(x, w, b, stride=(sh, sw), dilation=(dh, dw))


def forward(specs, x, values):
    for spec in specs:
        x = layer(spec, x, values)
    return x


def layer(spec, x, values):
    kind = spec["type"]
    if kind == "dense":
        w = values.take((x.shape[1], spec["units"]))
        b = values.take((1, spec["units"]))
        return activation(spec.get("activation", "relu"), x @ w + b)
    if kind == "conv2d":
        return activation(spec.get("activation", "relu"), conv(spec, x, values))
    if kind in ("max-pool2d", "avg-pool2d"):
        pool = F.max_pool2d if kind == "max-pool2d" else F.avg_pool2d
        return pool(x, tuple(spec["size"]), tuple(spec.get("stride") or spec["size"]))
    if kind == "global-avg-pool":
        return x.mean(dim=(2, 3))
    if kind == "flatten":
        return x.flatten(1)
    if kind == "layer-norm":
        shape = x.shape[1:]
        size = math.prod(shape)
        gamma = values.take((1, size)).reshape(shape)
        beta = values.take((1, size)).reshape(shape)
        return F.layer_norm(x, shape, gamma, beta, eps=1e-5)
    if kind == "batch-norm":
        channels = x.shape[1]
        gamma = values.take((1, channels)).reshape(channels)
        beta = values.take((1, channels)).reshape(channels)
        mean = values.take_buffer((channels,))
        var = values.take_buffer((channels,))
        return F.batch_norm(x, mean, var, gamma, beta, training=True, momentum=spec.get("momentum", 0.1), eps=1e-5)
    if kind == "residual":
        h = forward(spec["layers"], x, values)
        if h.shape == x.shape:
            return h + x
        if x.dim() == 2:
            w = values.take((x.shape[1], h.shape[1]))
            b = values.take((1, h.shape[1]))
            return h + (x @ w + b)
        stride = (-(-x.shape[2] // h.shape[2]), -(-x.shape[3] // h.shape[3]))
        w = values.take((h.shape[1], x.shape[1], 1, 1))
        b = values.take((h.shape[1],))
        return h + F.conv2d(x, w, b, stride=stride)
    raise ValueError("no reference for layer type " + kind)


def main():
    request = json.load(sys.stdin)
    values = Values(request["layers"])
    x = torch.tensor(request["x"]).reshape([len(request["x"])] + request["input"])
    specs = [layer["spec"] for layer in request["layers"]]
    output = forward(specs, x, values)
    loss = F.cross_entropy(output, torch.tensor(request["labels"]))
    loss.backward()
    json.dump({"loss": loss.item(), "output": output.detach().tolist(),
               "gradients": [p.grad.flatten().tolist() for p in values.parameters],
               "buffers": [b.flatten().tolist() for b in values.buffers]}, sys.stdout)


if __name__ == "__main__":
    main()
