package dev.descent.dataset;

import dev.descent.error.ConflictException;
import dev.descent.error.InvalidFieldException;
import dev.descent.error.NotFoundException;
import dev.descent.error.PayloadTooLargeException;
import dev.descent.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** The catalog clients see: built-in datasets and their uploads. */
@Service
public class DatasetService {

    private final BuiltInDatasets builtIns = new BuiltInDatasets();
    private final UploadedDatasetRepository uploads;
    private final DatasetLimits limits;

    public DatasetService(UploadedDatasetRepository uploads, DatasetLimits limits) {
        this.uploads = uploads;
        this.limits = limits;
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
            return parser().parse(id, new InputStreamReader(new java.io.ByteArrayInputStream(upload.content()),
                    StandardCharsets.UTF_8), upload.labelColumn(), upload.task());
        });
    }

    /**
     * Parses and stores an uploaded CSV.
     *
     * @param task the stated task, or null to infer it
     * @throws CsvFormatException naming the line and column of the first problem
     */
    @Transactional
    public DatasetInfo upload(String name, String labelColumn, Task task, byte[] content, Caller caller) {
        if (content.length > limits.maxUploadBytes()) {
            throw new PayloadTooLargeException("the upload has " + content.length + " bytes, more than the limit of "
                    + limits.maxUploadBytes());
        }
        if (content.length == 0) {
            throw new CsvFormatException(0, 0, "the file is empty");
        }
        if (!caller.admin()) {
            long owned = uploads.countByCreatedBy(caller.user());
            if (owned >= limits.maxUploadsPerUser()) {
                throw new InvalidFieldException("file", caller.user() + " has " + owned + " uploaded datasets, the "
                        + "limit per user is " + limits.maxUploadsPerUser() + "; delete one first");
            }
        }
        String id = UUID.randomUUID().toString();
        Dataset parsed = parser().parse(id, new InputStreamReader(new java.io.ByteArrayInputStream(content),
                StandardCharsets.UTF_8), labelColumn, task);
        uploads.save(new UploadedDataset(id, name, parsed.task(), labelColumn, parsed.rows(), parsed.features(),
                parsed.classNames(), content, Instant.now(), caller.user()));
        return info(id, caller);
    }

    @Transactional
    public void delete(String id, Caller caller) {
        if (builtIns.info(id).isPresent()) {
            throw new ConflictException("dataset '" + id + "' is built in and cannot be deleted");
        }
        info(id, caller);
        uploads.deleteById(id);
    }

    private CsvDatasetParser parser() {
        return new CsvDatasetParser(limits.maxUploadRows(), limits.maxUploadColumns());
    }
}
