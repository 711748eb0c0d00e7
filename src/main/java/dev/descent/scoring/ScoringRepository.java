package dev.descent.scoring;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Scorings. A scoring leaves RUNNING once, by one conditional UPDATE ({@code … where status = 'RUNNING'}): of
 * servers that finish, fail or cancel it at the same time, exactly one write holds, and the others change nothing.
 */
interface ScoringRepository extends JpaRepository<Scoring, UUID> {

    /** The ids of running scorings: a closed projection, so no scores are read. */
    @Query("select s.id from Scoring s where s.status = dev.descent.scoring.ScoringStatus.RUNNING order by s.createdAt")
    List<UUID> findRunningIds();

    long countByCreatedByAndStatus(String createdBy, ScoringStatus status);

    @Transactional
    @Modifying(clearAutomatically = true)
    @Query("update Scoring s set s.status = dev.descent.scoring.ScoringStatus.SUCCEEDED, s.rowCount = :rows, "
            + "s.scores = :scores, s.finishedAt = :now where s.id = :id "
            + "and s.status = dev.descent.scoring.ScoringStatus.RUNNING")
    int succeed(@Param("id") UUID id, @Param("rows") int rows, @Param("scores") byte[] scores,
                @Param("now") Instant now);

    /** @param status FAILED or CANCELLED */
    @Transactional
    @Modifying(clearAutomatically = true)
    @Query("update Scoring s set s.status = :status, s.error = :error, s.finishedAt = :now where s.id = :id "
            + "and s.status = dev.descent.scoring.ScoringStatus.RUNNING")
    int stop(@Param("id") UUID id, @Param("status") ScoringStatus status, @Param("error") String error,
             @Param("now") Instant now);
}
