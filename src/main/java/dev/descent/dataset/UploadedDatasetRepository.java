package dev.descent.dataset;

import org.springframework.data.jpa.repository.JpaRepository;

import java.time.Instant;
import java.util.List;

interface UploadedDatasetRepository extends JpaRepository<UploadedDataset, String> {

    /** An upload without its content: a closed projection, so the CSV bytes are not read. */
    interface Summary {
        String getId();

        String getName();

        Task getTask();

        String getLabelColumn();

        int getRowCount();

        int getFeatureCount();

        String getClassNames();

        Instant getCreatedAt();

        String getCreatedBy();

        default DatasetInfo info() {
            return UploadedDataset.info(getId(), getName(), getTask(), getLabelColumn(), getRowCount(),
                    getFeatureCount(), getClassNames(), getCreatedAt());
        }
    }

    List<Summary> findAllByOrderByCreatedAtAsc();

    List<Summary> findByCreatedByOrderByCreatedAtAsc(String createdBy);

    long countByCreatedBy(String createdBy);

    java.util.Optional<Summary> findSummaryById(String id);
}
