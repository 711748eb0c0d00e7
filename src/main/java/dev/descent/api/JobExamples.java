package dev.descent.api;

/** Request bodies shown in Swagger UI; each is a job that trains as it stands. */
final class JobExamples {

    private JobExamples() {
    }

    static final String IRIS = """
            {
              "name": "iris-mlp",
              "project": "tutorial",
              "tags": {"model": "mlp"},
              "dataset": {"id": "iris", "validationSplit": 0.2, "splitSeed": 0, "standardize": true},
              "model": {"hiddenLayers": [{"units": 16, "activation": "relu"}], "init": "he", "dtype": "float32"},
              "optimizer": {"type": "adam", "learningRate": 0.01},
              "training": {"epochs": 50, "batchSize": 16, "sampling": "reshuffle", "seed": 42}
            }""";

    static final String MNIST = """
            {
              "name": "mnist-reference-mlp",
              "dataset": {"id": "mnist", "validationSplit": 0.1, "standardize": false},
              "model": {"hiddenLayers": [{"units": 256, "activation": "relu"}, {"units": 128, "activation": "relu"}]},
              "optimizer": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9},
              "training": {"epochs": 3, "batchSize": 128, "seed": 1}
            }""";

    /** The CNN of docs/layers.md: two 5×5 convolutions with pooling, a dense layer and dropout. */
    static final String CNN_LAYERS = """
            [{"type": "conv2d", "filters": 32, "kernel": [5, 5], "padding": "same"},
             {"type": "max-pool2d", "size": [2, 2]},
             {"type": "conv2d", "filters": 64, "kernel": [5, 5], "padding": "same"},
             {"type": "max-pool2d", "size": [2, 2]},
             {"type": "flatten"},
             {"type": "dense", "units": 128},
             {"type": "dropout", "rate": 0.25}]""";

    static final String MNIST_CNN = """
            {
              "name": "mnist-cnn",
              "dataset": {"id": "mnist", "validationSplit": 0.1, "standardize": false},
              "model": {"layers":\s""" + CNN_LAYERS + """
            },
              "optimizer": {"type": "adam", "learningRate": 0.001},
              "training": {"epochs": 10, "batchSize": 128, "seed": 1}
            }""";

    static final String CNN_SUMMARY = "{\"dataset\": {\"id\": \"mnist\"}, \"model\": {\"layers\": " + CNN_LAYERS + "}}";

    static final String PRIVATE_DIGITS = """
            {
              "name": "digits-dp-sgd",
              "dataset": {"id": "digits"},
              "model": {"hiddenLayers": [{"units": 32}]},
              "optimizer": {"type": "sgd", "learningRate": 0.5, "momentum": 0.9},
              "training": {"epochs": 20, "batchSize": 64,
                           "privacy": {"clipNorm": 1.0, "targetEpsilon": 3, "delta": 1e-5, "sampling": "poisson"}}
            }""";

    static final String DIABETES = """
            {
              "name": "diabetes-regression",
              "dataset": {"id": "diabetes", "validationSplit": 0.2},
              "model": {"hiddenLayers": [{"units": 32, "activation": "tanh", "dropout": 0.1}]},
              "optimizer": {"type": "sgd", "learningRate": 0.01, "momentum": 0.9, "nesterov": true},
              "training": {"epochs": 100, "batchSize": 32, "seed": 7}
            }""";

    static final String SPIRALS = """
            {
              "name": "two-spirals-full-batch",
              "dataset": {"id": "two-spirals", "generator": {"rows": 600, "noise": 0.1, "seed": 3}},
              "model": {"hiddenLayers": [{"units": 64, "activation": "tanh"}, {"units": 64, "activation": "tanh"}],
                        "init": "xavier", "dtype": "float64"},
              "optimizer": {"type": "adam", "learningRate": 0.01},
              "training": {"epochs": 300, "batchSize": 480, "seed": 5}
            }""";

    static final String MULTI_MIX = """
            {
              "name": "digits-multi-mix",
              "dataset": {"id": "digits"},
              "model": {"hiddenLayers": [{"units": 64}]},
              "optimizer": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9},
              "training": {"epochs": 60, "batchSize": 32, "seed": 1,
                           "augmentation": {"type": "multi-mix", "alpha": 1, "interpolations": 4}}
            }""";
}
