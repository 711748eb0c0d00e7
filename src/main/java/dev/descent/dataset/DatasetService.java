package dev.descent.dataset;

import dev.descent.error.ConflictException;
import dev.descent.error.InUseException;
import dev.descent.error.InvalidFieldException;
import dev.descent.error.NotFoundException;
import dev.descent.error.PayloadTooLargeException;
import dev.descent.model.Shape;
import dev.descent.security.Caller;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** The catalog clients see: built-in datasets and their uploads. */
@Service
public class DatasetService {

    private final Clock clock;
    private final BuiltInDatasets builtIns = new BuiltInDatasets();
    private final UploadedDatasetRepository uploads;
    private final DatasetLimits limits;
    private final DatasetDependants dependants;
    private final UploadQuota quota;
    private final ApplicationEventPublisher events;

    public DatasetService(UploadedDatasetRepository uploads, DatasetLimits limits, DatasetDependants dependants,
                          UploadQuota quota, ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.uploads = uploads;
        this.limits = limits;
        this.dependants = dependants;
        this.quota = quota;
        this.clock = clock;
    }

    /** The built-in datasets, and the caller's uploads (an admin's list holds everyone's). */
    @Transactional(readOnly = true)
    public List<DatasetInfo> list(Caller caller) {
        List<DatasetInfo> all = new ArrayList<>(builtIns.list());
        (caller.admin() ? uploads.findAllByOrderByCreatedAtAsc()
                : uploads.findByCreatedByOrderByCreatedAtAsc(caller.user()))
                .forEach(summary -> all.add(summary.info()));
        return all;
    }

    /** A built-in dataset, or an upload the caller may see: someone else's is answered as missing (404). */
    @Transactional(readOnly = true)
    public DatasetInfo info(String id, Caller caller) {
        return find(id, caller::mayAccess).orElseThrow(() -> new NotFoundException("dataset", id));
    }

    private Optional<DatasetInfo> find(String id, Predicate<String> ownerVisible) {
        return builtIns.info(id).or(() -> uploads.findSummaryById(id)
                .filter(upload -> ownerVisible.test(upload.getCreatedBy()))
                .map(UploadedDatasetRepository.Summary::info));
    }

    /** As {@link #describe(String, GeneratorOptions, String, String)}, for a dataset the caller names in a request. */
    @Transactional(readOnly = true)
    public DatasetInfo describe(Caller caller, String id, GeneratorOptions options, String idField,
                                String generatorField) {
        return describe(caller::mayAccess, id, options, idField, generatorField);
    }

    /**
     * The shape a job will see, generator options applied: what limits are checked against before queueing. For a
     * dataset named by a stored job, whoever reads it.
     *
     * @param idField        the request field naming the dataset, for the error when it does not exist
     * @param generatorField the request field holding the generator options
     */
    @Transactional(readOnly = true)
    public DatasetInfo describe(String id, GeneratorOptions options, String idField, String generatorField) {
        return describe(anyone -> true, id, options, idField, generatorField);
    }

    private DatasetInfo describe(Predicate<String> ownerVisible, String id, GeneratorOptions options, String idField,
                                 String generatorField) {
        DatasetInfo info = find(id, ownerVisible).orElseThrow(() -> new InvalidFieldException(idField, "dataset '"
                + id + "' does not exist; GET /api/v1/datasets lists them"));
        if (options == null) {
            return info;
        }
        if (!builtIns.isSynthetic(id)) {
            throw new InvalidFieldException(generatorField, "generator options apply only to synthetic datasets "
                    + "(two-spirals, moons, blobs, linear-regression), not to '" + id + "'");
        }
        if (options.rows() != null && options.rows() > limits.maxGeneratedRows()) {
            throw new InvalidFieldException(generatorField + ".rows", "must be between 10 and "
                    + limits.maxGeneratedRows() + ", was " + options.rows());
        }
        Dataset generated = builtIns.load(id, new GeneratorOptions(10, options.noise(), options.classes(),
                options.features(), options.seed())).orElseThrow();
        int rows = options.rowsOr(info.rows());
        if ((long) rows * generated.features() > limits.maxGeneratedValues()) {
            throw new InvalidFieldException(generatorField, rows + " rows × " + generated.features() + " features = "
                    + (long) rows * generated.features() + " values, more than the limit of "
                    + limits.maxGeneratedValues());
        }
        return new DatasetInfo(id, info.description(), info.source(), info.task(), rows, generated.features(),
                generated.classNames(), true);
    }

    /** The rows of a dataset; for synthetic ones, generated with the given options. */
    @Transactional(readOnly = true)
    public Dataset load(String id, GeneratorOptions options) {
        return builtIns.load(id, options).orElseGet(() -> {
            UploadedDataset upload = uploads.findById(id).orElseThrow(() -> new NotFoundException("dataset", id));
            Dataset rows = upload.encoded() != null ? EncodedDataset.decode(id, upload.encoded())
                    : parse(new ByteArrayInputStream(upload.content()), upload.labelColumn(), upload.task()).decode(id);
            return rows.withInputShape(upload.shape());
        });
    }

    /**
     * Parses an uploaded CSV as it streams from {@code content} and stores it in its compact form. Not one
     * transaction: parsing may take seconds and holds no database connection.
     *
     * @param size       the upload's length in bytes
     * @param task       the stated task, or null to infer it
     * @param inputShape the image shape the client declared, or null for rows of features
     * @throws CsvFormatException naming the line and column of the first problem
     */
    public DatasetInfo upload(String name, String labelColumn, Task task, Shape inputShape, InputStream content,
                              long size, Caller caller) {
        if (size > limits.maxUploadBytes()) {
            throw new PayloadTooLargeException("the upload has " + size + " bytes, more than the limit of "
                    + limits.maxUploadBytes());
        }
        if (size == 0) {
            throw new CsvFormatException(0, 0, "the file is empty");
        }
        quota.check(caller, "file");
        String id = UUID.randomUUID().toString();
        EncodedDataset parsed = parse(content, labelColumn, task);
        if (inputShape != null && inputShape.size() != parsed.features()) {
            throw new InvalidFieldException("inputShape", "an image of " + inputShape.dims() + " holds "
                    + inputShape.size() + " values, but the file's rows hold " + parsed.features() + " features");
        }
        quota.store(new UploadedDataset(id, name, labelColumn, parsed,
                inputShape != null ? inputShape : Shape.features(parsed.features()), clock.instant(), caller.user()),
                caller, "file");
        return info(id, caller);
    }

    /**
     * Stores some rows of a dataset as a new dataset of the caller's, under the upload quota as an upload is: rows
     * of features with the source's names, classes, labels and input shape. {@code name} says
     * where the rows came from.
     *
     * @param rows the source's rows to keep, in the order to keep them
     */
    public DatasetInfo storeSubset(Dataset source, int[] rows, String name, Caller caller) {
        quota.check(caller, "scores");
        FloatChunks x = new FloatChunks();
        int d = source.features();
        for (int row : rows) {
            for (int c = 0; c < d; c++) {
                x.add(source.x()[row * d + c]);
            }
        }
        EncodedDataset subset = EncodedDataset.encode(source.task(), rows.length, source.featureNames(),
                source.classNames(), x, i -> source.y()[rows[i]]);
        String id = UUID.randomUUID().toString();
        quota.store(new UploadedDataset(id, name, "label", subset, source.inputShape(), clock.instant(),
                caller.user()), caller, "scores");
        return info(id, caller);
    }

    /**
     * Locks an upload's row until the transaction ends (a built-in dataset has none). A submission naming the upload
     * and its deletion both take it first, so they take turns: the deletion sees the new job, or the submission the
     * missing dataset.
     */
    @Transactional
    public void lockUpload(String id) {
        uploads.lockById(id);
    }

    /** Deletes an upload no job will still read (409 naming those that will). */
    @Transactional
    public void delete(String id, Caller caller) {
        if (builtIns.info(id).isPresent()) {
            throw new ConflictException("dataset '" + id + "' is built in and cannot be deleted");
        }
        lockUpload(id);
        info(id, caller);
        List<UUID> users = dependants.jobsUsing(id);
        if (!users.isEmpty()) {
            throw new InUseException("dataset '" + id + "'", "trained on", users);
        }
        uploads.deleteById(id);
        events.publishEvent(new DatasetDeleted(id));
    }

    private EncodedDataset parse(InputStream csv, String labelColumn, Task task) {
        return new CsvDatasetParser(limits.maxUploadRows(), limits.maxUploadColumns())
                .parse(new InputStreamReader(csv, StandardCharsets.UTF_8), labelColumn, task);
    }
}
