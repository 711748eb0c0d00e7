"""The benchmark's models in PyTorch, for `Benchmark --vs-pytorch` (the reference MLP) and `--cnn` (the CNN).

Trains the model named by the sixth argument with SGD momentum 0.9 (lr 0.05), batch 128, rows reshuffled every epoch,
softmax cross-entropy, on the float32 MNIST features and int32 labels the Java side wrote, and prints one line per
epoch: "epoch <n> <seconds> <samples/s> <mean loss>".
- mlp: 784-256-128-10, ReLU.
- cnn: conv 32 5×5 same + ReLU, max-pool 2, conv 64 5×5 same + ReLU, max-pool 2, dense 128 ReLU, dropout 0.25, 10.
"""
import sys
import time

import numpy as np
import torch

features_path, labels_path, rows, epochs, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
kind = sys.argv[6] if len(sys.argv) > 6 else "mlp"
torch.set_num_threads(threads)
torch.manual_seed(1)
x = torch.from_numpy(np.fromfile(features_path, dtype="<f4").reshape(rows, 784))
y = torch.from_numpy(np.fromfile(labels_path, dtype="<i4").astype(np.int64))
nn = torch.nn
if kind == "cnn":
    x = x.reshape(rows, 1, 28, 28)
    model = nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10))
else:
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(1, epochs + 1):
    start = time.perf_counter()
    order = torch.randperm(rows)
    total = 0.0
    for begin in range(0, rows, 128):
        index = order[begin:begin + 128]
        optimizer.zero_grad()
        loss = loss_fn(model(x[index]), y[index])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(index)
    seconds = time.perf_counter() - start
    print(f"epoch {epoch} {seconds:.3f} {rows / seconds:.1f} {total / rows:.4f}", flush=True)
