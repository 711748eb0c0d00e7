package dev.descent.store;

import dev.descent.training.TrainingState;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** Model artifacts as files, written atomically, named by job id. */
@Component
public class ModelStore {

    private final Path dir;
    private final JsonMapper json;

    public ModelStore(StoreProperties properties, JsonMapper json) {
        this.dir = properties.dir();
        this.json = json;
    }

    /** Stores the artifact and returns the file name the database refers to. */
    public String save(ModelArtifact artifact) {
        return write(artifact.jobId() + ".json", artifact);
    }

    public ModelArtifact load(String name) {
        return json.readValue(file(name).toFile(), ModelArtifact.class);
    }

    /** Stores a job's latest checkpoint (replacing the one before) and returns its file name. */
    public String saveCheckpoint(UUID jobId, TrainingState state) {
        return write(jobId + ".checkpoint.json", state);
    }

    public TrainingState loadCheckpoint(String name) {
        return json.readValue(file(name).toFile(), TrainingState.class);
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

    /** Names come from the database, never from a request; still, nothing may resolve outside the directory. */
    private Path file(String name) {
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir.normalize()) || !name.matches("[0-9a-f-]{36}(\\.checkpoint)?\\.json")) {
            throw new IllegalArgumentException("not a model file name: " + name);
        }
        return file;
    }
}
