package dev.descent.history;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.util.List;
import java.util.UUID;

interface EpochRecordRepository extends JpaRepository<EpochRecord, EpochRecord.Key> {

    List<EpochRecord> findByJobIdOrderByEpoch(UUID jobId);

    List<EpochRecord> findByJobIdAndStepsGreaterThanOrderByEpoch(UUID jobId, long steps);

    @Modifying
    @Query("delete from EpochRecord e where e.jobId = :jobId")
    void deleteByJobId(UUID jobId);
}
