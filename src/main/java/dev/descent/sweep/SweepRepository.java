package dev.descent.sweep;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sweeps. A sweep's state changes (its next trials, its end) happen with its row locked ({@link #lockById}), so two
 * servers carrying the same sweep take turns and each sees what the other did.
 */
public interface SweepRepository extends JpaRepository<Sweep, UUID> {

    Page<Sweep> findByCreatedBy(String createdBy, Pageable pageable);

    @Query("select s.id from Sweep s where s.status = dev.descent.sweep.SweepStatus.RUNNING order by s.createdAt")
    List<UUID> findRunningIds();

    /** The sweep with its row locked until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Sweep s where s.id = :id")
    Optional<Sweep> lockById(@Param("id") UUID id);
}
