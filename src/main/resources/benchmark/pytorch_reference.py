"""The benchmark's reference MLP in PyTorch, for `Benchmark --vs-pytorch`.

Trains 784-256-128-10 (ReLU, softmax cross-entropy) with SGD momentum 0.9 (lr 0.05), batch 128, rows reshuffled every
epoch, on the float32 features and int32 labels the Java side wrote, and prints one line per epoch:
"epoch <n> <seconds> <samples/s> <mean loss>".
"""
import sys
import time

import numpy as np
import torch

features_path, labels_path, rows, epochs, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
torch.manual_seed(1)
x = torch.from_numpy(np.fromfile(features_path, dtype="<f4").reshape(rows, 784))
y = torch.from_numpy(np.fromfile(labels_path, dtype="<i4").astype(np.int64))
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                            torch.nn.Linear(128, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loss_fn = torch.nn.CrossEntropyLoss()
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
