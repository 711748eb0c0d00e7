package dev.descent.dataset;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

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

        String getInputShape();

        Instant getCreatedAt();

        String getCreatedBy();

        default DatasetInfo info() {
            return UploadedDataset.info(getId(), getName(), getTask(), getLabelColumn(), getRowCount(),
                    getFeatureCount(), getClassNames(), getInputShape(), getCreatedAt());
        }
    }

    List<Summary> findAllByOrderByCreatedAtAsc();

    List<Summary> findByCreatedByOrderByCreatedAtAsc(String createdBy);

    long countByCreatedBy(String createdBy);

    /** Locks the upload's row until the transaction ends (see {@link DatasetService#lockUpload}). */
    @Query(value = "select id from uploaded_datasets where id = :id for update", nativeQuery = true)
    List<String> lockById(@Param("id") String id);

    java.util.Optional<Summary> findSummaryById(String id);
}
