package dev.descent.dataset;

import java.util.List;
import java.util.UUID;

/** Which jobs will still read an uploaded dataset (the job feature knows; datasets do not know jobs). */
@FunctionalInterface
public interface DatasetDependants {

    /** The jobs that will still train on the dataset: queued, running, or cancelled with a checkpoint. */
    List<UUID> jobsUsing(String datasetId);
}
