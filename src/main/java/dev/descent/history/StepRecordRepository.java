package dev.descent.history;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.util.List;
import java.util.UUID;

interface StepRecordRepository extends JpaRepository<StepRecord, StepRecord.Key> {

    List<StepRecord> findByJobIdOrderByStep(UUID jobId);

    long countByJobId(UUID jobId);

    @Modifying
    @Query("delete from StepRecord s where s.jobId = :jobId")
    void deleteByJobId(UUID jobId);
}
