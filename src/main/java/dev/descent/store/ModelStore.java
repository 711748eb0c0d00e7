package dev.descent.store;

import dev.descent.training.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Model artifacts and checkpoints as files, written atomically, named by job id and by the claim (attempt) that wrote
 * them: two attempts at one job never write the same file, so one that lost its claim cannot replace the other's; the
 * job's row, updated under the claim's token, says which file is the job's. A file is removed only after the
 * transaction that stopped referring to it has committed, so a row never names a missing file; what a kill leaves
 * instead (a temporary file, or a file no row names) is swept at the next start (see docs/storage.md).
 */
@Component
public class ModelStore {

    private static final Logger log = LoggerFactory.getLogger(ModelStore.class);
    /**
     * What this store names its files: a job id, then the claim's (absent in files written before claims had tokens),
     * then {@code .json} (a model) or {@code .checkpoint.json}.
     */
    private static final Pattern STORED = Pattern.compile("[0-9a-f-]{36}(\\.[0-9a-f-]{36})?(\\.checkpoint)?\\.json");
    /** {@link #write}'s temporary files: the stored name, the random digits of {@link Files#createTempFile}, .tmp. */
    private static final Pattern TEMPORARY = Pattern.compile(STORED.pattern() + "[0-9]*\\.tmp");

    private final Path dir;
    private final JsonMapper json;

    public ModelStore(StoreProperties properties, JsonMapper json) {
        this.dir = properties.dir();
        this.json = json;
    }

    /** Stores the artifact and returns the file name the database refers to. */
    public String save(ModelArtifact artifact, UUID claim) {
        return write(artifact.jobId() + "." + claim + ".json", artifact);
    }

    public ModelArtifact load(String name) {
        return json.treeToValue(DenseLayersV1.upgradeArtifact(json.readTree(file(name).toFile()), json),
                ModelArtifact.class);
    }

    /** Stores a job's latest checkpoint and returns its file name. */
    public String saveCheckpoint(UUID jobId, UUID claim, TrainingState state) {
        return write(jobId + "." + claim + ".checkpoint.json", state);
    }

    public TrainingState loadCheckpoint(String name) {
        return json.treeToValue(DenseLayersV1.upgradeCheckpoint(json.readTree(file(name).toFile()), json),
                TrainingState.class);
    }

    /** Writes to a temporary file first, so a reader never sees half a file. */
    private String write(String name, Object value) {
        try {
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, name, ".tmp");
            json.writeValue(temporary.toFile(), value);
            Files.move(temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored JSON as is, for download. */
    public byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes the files once the current transaction has committed the change that stopped naming them. A rollback
     * keeps them, as the rows still name them; a kill between the commit and the deletion leaves orphans, which
     * {@link #sweep} removes at the next start.
     */
    public void deleteAfterCommit(Collection<String> names) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                for (String name : names) {
                    try {
                        delete(name);
                    } catch (UncheckedIOException e) {
                        // the rows are gone already: the file is an orphan now, for the next start's sweep
                        log.warn("could not delete {}; it is removed at the next start", name, e);
                    }
                }
            }
        });
    }

    /**
     * Removes what a killed server can leave behind, once it was last written before {@code writtenBefore} (younger
     * ones may be another replica's, being written or about to be named): temporary files of interrupted writes, and
     * models or checkpoints that no row names. Files of other names are not this store's and stay.
     *
     * @param named whether a row names the stored file
     * @return the names removed
     */
    public List<String> sweep(Predicate<String> named, Instant writtenBefore) {
        return StaleFiles.remove(dir, name -> TEMPORARY.matcher(name).matches()
                || STORED.matcher(name).matches() && !named.test(name), writtenBefore);
    }

    /** Names come from the database, never from a request; still, nothing may resolve outside the directory. */
    private Path file(String name) {
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir.normalize()) || !STORED.matcher(name).matches()) {
            throw new IllegalArgumentException("not a model file name: " + name);
        }
        return file;
    }
}
