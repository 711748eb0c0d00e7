package dev.descent.store;

import dev.descent.dataset.Dataset;
import dev.descent.dataset.DatasetService;
import dev.descent.dataset.GeneratorOptions;
import dev.descent.dataset.Task;
import dev.descent.dataset.DatasetRef;
import dev.descent.model.Shape;
import dev.descent.watch.SvgHeatmaps;
import dev.descent.diagnostics.InputGradients;
import dev.descent.math.Softmax;
import dev.descent.error.ConflictException;
import dev.descent.error.InvalidFieldException;
import dev.descent.model.Model;
import dev.descent.model.Precision;
import dev.descent.security.Caller;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Uses stored models: prediction on raw rows, evaluation on a dataset. */
@Service
public class ModelService {

    private final ModelStore store;
    private final DatasetService datasets;
    private final StoreProperties properties;

    public ModelService(ModelStore store, DatasetService datasets, StoreProperties properties) {
        this.store = store;
        this.datasets = datasets;
        this.properties = properties;
    }

    /** @param modelPath the job's stored model, null if it has none */
    public ModelArtifact artifact(UUID jobId, String modelPath) {
        if (modelPath == null) {
            throw new ConflictException("job " + jobId + " has no trained model: only succeeded jobs store one");
        }
        return store.load(modelPath);
    }

    public byte[] download(UUID jobId, String modelPath) {
        artifact(jobId, modelPath);
        return store.bytes(modelPath);
    }

    /** Predicts raw, unscaled rows: the stored scaling applies. */
    public Predictions predict(ModelArtifact model, List<List<Double>> rows) {
        double[] values = rawValues(model, rows, properties.maxPredictRows());
        int d = model.features();
        double[] scaled = model.standardization().scaleFeatures(values);
        requireInPrecision(model, values, scaled, d);
        double[][] outputs = finiteOutputs(model, scaled, rows.size());
        List<Predictions.Prediction> predictions = new ArrayList<>(rows.size());
        for (double[] output : outputs) {
            if (model.task() == Task.REGRESSION) {
                predictions.add(new Predictions.Prediction(null, null, model.standardization().unscaleTarget(output[0])));
            } else {
                double[] p = Softmax.of(output);
                Map<String, Double> probabilities = new LinkedHashMap<>();
                for (int k = 0; k < p.length; k++) {
                    probabilities.put(model.classNames().get(k), p[k]);
                }
                predictions.add(new Predictions.Prediction(model.classNames().get(argMax(p)), probabilities, null));
            }
        }
        return new Predictions(predictions);
    }

    /**
     * Each raw row's predicted label (or value) and the gradient of one output, a class's logit or the regression
     * value, with respect to each raw feature: through the stored standardisation and projection.
     *
     * @param explained the class to explain in every row; null for each row's predicted class
     */
    public Explanations explain(ModelArtifact model, List<List<Double>> rows, String explained) {
        double[] values = rawValues(model, rows, properties.maxExplainRows());
        int d = model.features();
        double[] scaled = model.standardization().scaleFeatures(values);
        requireInPrecision(model, values, scaled, d);
        double[][] outputs = finiteOutputs(model, scaled, rows.size());
        boolean regression = model.task() == Task.REGRESSION;
        int requested = explained == null ? -1 : model.classNames().indexOf(explained);
        if (explained != null && (regression || requested < 0)) {
            throw new InvalidFieldException("label", regression ? "a regression model has one output, the value: "
                    + "omit label" : "'" + explained + "' is not one of the model's classes " + model.classNames());
        }
        int[] which = new int[outputs.length];
        for (int r = 0; r < outputs.length; r++) {
            which[r] = regression ? 0 : requested >= 0 ? requested : argMax(outputs[r]);
        }
        double scale = regression ? model.standardization().targetStd() : 1;
        double[][] gradients = new InputGradients(model.network(), model.standardization(), model.projection())
                .of(values, which, scale);
        List<Explanations.Explanation> explanations = new ArrayList<>(outputs.length);
        for (int r = 0; r < outputs.length; r++) {
            List<Double> gradient = Arrays.stream(gradients[r]).boxed().toList();
            explanations.add(regression
                    ? new Explanations.Explanation(null, null, model.standardization().unscaleTarget(outputs[r][0]),
                    gradient)
                    : new Explanations.Explanation(model.classNames().get(argMax(outputs[r])),
                    model.classNames().get(which[r]), outputs[r][which[r]], gradient));
        }
        return new Explanations(model.featureNames(), explanations);
    }

    /**
     * {@link #explain} drawn: each row and its gradient as heatmaps side by side, for a model trained on images.
     *
     * @param trainedOn the dataset the model was trained on, whose shape says how a row is an image
     */
    public String explainImages(ModelArtifact model, DatasetRef trainedOn, List<List<Double>> rows, String explained,
                                String title) {
        Shape shape = datasets.describe(trainedOn.id(), trainedOn.generator(), "dataset", "dataset").inputShape();
        if (!shape.isImage()) {
            throw new ConflictException("the model was trained on '" + trainedOn.id() + "', whose rows are "
                    + shape + " features, not images: POST /explain gives their gradients as numbers");
        }
        Explanations explanations = explain(model, rows, explained);
        List<SvgHeatmaps.Panel> panels = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            Explanations.Explanation explanation = explanations.explanations().get(r);
            String caption = "row " + r + ": predicted " + explanation.label() + ", ∂logit(" + explanation.explained()
                    + ")/∂x";
            panels.add(new SvgHeatmaps.Panel(caption, rows.get(r).stream().mapToDouble(Double::doubleValue).toArray(),
                    explanation.gradient().stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return SvgHeatmaps.render(title, shape, panels);
    }

    /** Raw rows as one row-major array, each row checked to hold the model's features as finite numbers. */
    private static double[] rawValues(ModelArtifact model, List<List<Double>> rows, int maxRows) {
        if (rows.size() > maxRows) {
            throw new InvalidFieldException("rows", rows.size() + " rows, more than the limit of " + maxRows
                    + " per request");
        }
        int d = model.features();
        double[] values = new double[rows.size() * d];
        for (int r = 0; r < rows.size(); r++) {
            List<Double> row = rows.get(r);
            if (row == null || row.size() != d) {
                throw new InvalidFieldException("rows[" + r + "]", "has " + (row == null ? 0 : row.size())
                        + " values; the model takes " + d + " features " + model.featureNames());
            }
            for (int c = 0; c < d; c++) {
                Double v = row.get(c);
                if (v == null || !Double.isFinite(v)) {
                    throw new InvalidFieldException("rows[" + r + "][" + c + "]", "must be a finite number");
                }
                values[r * d + c] = v;
            }
        }
        return values;
    }

    /** The network's outputs for scaled rows, or 422 naming the first row whose outputs are not finite. */
    private static double[][] finiteOutputs(ModelArtifact model, double[] scaled, int rows) {
        double[][] outputs = outputs(model, scaled, rows);
        for (int r = 0; r < outputs.length; r++) {
            if (!Arrays.stream(outputs[r]).allMatch(Double::isFinite)) {
                throw new InvalidFieldException("rows[" + r + "]", "the model's outputs for this row are not finite: "
                        + "its values are too large for the model's " + model.model().dtype().id() + " arithmetic");
            }
        }
        return outputs;
    }

    /**
     * A float32 model computes in float32: a value beyond its range, as given or once scaled, would become infinite
     * and its outputs NaN.
     */
    private static void requireInPrecision(ModelArtifact model, double[] values, double[] scaled, int features) {
        if (model.model().dtype() != Precision.FLOAT32) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            if (Math.abs(values[i]) > Float.MAX_VALUE || Math.abs(scaled[i]) > Float.MAX_VALUE) {
                String cell = "rows[" + i / features + "][" + i % features + "]";
                throw new InvalidFieldException(cell, values[i] + (Math.abs(values[i]) > Float.MAX_VALUE ? ""
                        : " (scaled by the model's standardization to " + scaled[i] + ")") + " is beyond the range "
                        + "of this float32 model (magnitude at most " + Float.MAX_VALUE + ")");
            }
        }
    }

    /** The model's quality on every row of a dataset the caller may use, scaled with the model's own scaling. */
    public EvaluationReport evaluate(ModelArtifact model, String datasetId, GeneratorOptions generator, Caller caller) {
        datasets.describe(caller, datasetId, generator, "dataset", "generator");
        Dataset data = datasets.load(datasetId, generator);
        if (data.features() != model.features()) {
            throw new InvalidFieldException("dataset", "'" + datasetId + "' has " + data.features()
                    + " features; the model takes " + model.features());
        }
        if (data.task() != model.task() || !data.classNames().equals(model.classNames())) {
            throw new InvalidFieldException("dataset", "'" + datasetId + "' is " + data.task().id() + " with classes "
                    + data.classNames() + "; the model is " + model.task().id() + " with classes " + model.classNames());
        }
        double[] x = new double[data.x().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = data.x()[i];
        }
        double[][] outputs = outputs(model, model.standardization().scaleFeatures(x), data.rows());
        return model.task() == Task.CLASSIFICATION
                ? classification(datasetId, model.classNames(), outputs, data.y())
                : regression(datasetId, model, outputs, data.y());
    }

    private static EvaluationReport classification(String datasetId, List<String> classes, double[][] outputs, float[] y) {
        int k = classes.size();
        long[][] confusion = new long[k][k];
        double logLoss = 0;
        for (int i = 0; i < outputs.length; i++) {
            double[] p = Softmax.of(outputs[i]);
            int actual = (int) y[i];
            confusion[actual][argMax(p)]++;
            logLoss -= Math.log(Math.max(p[actual], 1e-300));
        }
        long correct = 0;
        List<EvaluationReport.ClassMetrics> perClass = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            long truePositives = confusion[c][c];
            long predicted = 0;
            long support = 0;
            for (int j = 0; j < k; j++) {
                predicted += confusion[j][c];
                support += confusion[c][j];
            }
            correct += truePositives;
            double precision = predicted > 0 ? (double) truePositives / predicted : 0;
            double recall = support > 0 ? (double) truePositives / support : 0;
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            perClass.add(new EvaluationReport.ClassMetrics(classes.get(c), precision, recall, f1, support));
        }
        List<List<Long>> matrix = new ArrayList<>();
        for (long[] row : confusion) {
            matrix.add(java.util.Arrays.stream(row).boxed().toList());
        }
        return new EvaluationReport(datasetId, outputs.length, logLoss / outputs.length,
                (double) correct / outputs.length, perClass, matrix, classes, null, null, null, null);
    }

    private static EvaluationReport regression(String datasetId, ModelArtifact model, double[][] outputs, float[] y) {
        double squared = 0;
        double absolute = 0;
        double mean = 0;
        for (float v : y) {
            mean += v;
        }
        mean /= y.length;
        double total = 0;
        for (int i = 0; i < outputs.length; i++) {
            double error = model.standardization().unscaleTarget(outputs[i][0]) - y[i];
            squared += error * error;
            absolute += Math.abs(error);
            total += (y[i] - mean) * (y[i] - mean);
        }
        double mse = squared / outputs.length;
        return new EvaluationReport(datasetId, outputs.length, null, null, null, null, null, mse, Math.sqrt(mse),
                absolute / outputs.length, total > 0 ? 1 - squared / total : 0);
    }

    /** The network's outputs for scaled rows, projected as in training (in the model's precision), in chunks. */
    private static double[][] outputs(ModelArtifact model, double[] scaled, int rows) {
        Model network = model.network();
        int features = model.features();
        double[][] out = new double[rows][];
        for (int start = 0; start < rows; start += network.chunkRows()) {
            int end = Math.min(rows, start + network.chunkRows());
            double[] chunk = java.util.Arrays.copyOfRange(scaled, start * features, end * features);
            INDArray x = Nd4j.create(chunk, new long[]{end - start, features},
                    org.nd4j.linalg.api.buffer.DataType.DOUBLE).castTo(network.dataType());
            double[][] y = network.predict(model.networkInputs(x)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                    .toDoubleMatrix();
            System.arraycopy(y, 0, out, start, y.length);
        }
        return out;
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
