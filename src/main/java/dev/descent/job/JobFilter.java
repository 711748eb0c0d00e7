package dev.descent.job;

import dev.descent.history.EpochRecord;
import dev.descent.security.Caller;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.MapJoin;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import org.springframework.data.jpa.domain.Specification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which jobs the list holds: each field that is set narrows it (null: any). A tag is {@code key} (the job has the
 * tag) or {@code key:value}; a job must have every tag given, and pass every threshold on its final metrics (at
 * its last epoch recorded). The caller sees their own jobs, an admin everyone's.
 */
public record JobFilter(JobStatus status, UUID sweep, String project, List<String> tags, String dataset,
                        String optimizer, Instant createdAfter, Instant createdBefore,
                        List<MetricThreshold> metrics) {

    public JobFilter {
        tags = tags != null ? List.copyOf(tags) : List.of();
        metrics = metrics != null ? List.copyOf(metrics) : List.of();
    }

    Specification<Job> specification(Caller caller) {
        return (root, query, cb) -> {
            List<Predicate> all = new ArrayList<>();
            if (!caller.admin()) {
                all.add(cb.equal(root.get("createdBy"), caller.user()));
            }
            equal(all, cb, root, "status", status);
            equal(all, cb, root, "sweepId", sweep);
            equal(all, cb, root, "project", project);
            equal(all, cb, root, "datasetId", dataset);
            equal(all, cb, root, "optimizerType", optimizer);
            if (createdAfter != null) {
                all.add(cb.greaterThanOrEqualTo(root.get("createdAt"), createdAfter));
            }
            if (createdBefore != null) {
                all.add(cb.lessThan(root.get("createdAt"), createdBefore));
            }
            for (String tag : tags) {
                all.add(cb.exists(tagged(root, query, cb, tag)));
            }
            for (MetricThreshold threshold : metrics) {
                all.add(cb.exists(passing(root, query, cb, threshold)));
            }
            return cb.and(all.toArray(Predicate[]::new));
        };
    }

    private static void equal(List<Predicate> all, CriteriaBuilder cb, Root<Job> root, String field, Object value) {
        if (value != null) {
            all.add(cb.equal(root.get(field), value));
        }
    }

    /** The job's tag {@code key}, with {@code value} when the tag reads key:value. */
    private static Subquery<Integer> tagged(Root<Job> root, CriteriaQuery<?> query, CriteriaBuilder cb, String tag) {
        int colon = tag.indexOf(':');
        Subquery<Integer> subquery = query.subquery(Integer.class);
        Root<Job> job = subquery.from(Job.class);
        MapJoin<Job, String, String> tags = job.joinMap("tags");
        Predicate key = cb.equal(tags.key(), colon < 0 ? tag : tag.substring(0, colon));
        Predicate match = colon < 0 ? key : cb.and(key, cb.equal(tags.value(), tag.substring(colon + 1)));
        return subquery.select(cb.literal(1)).where(cb.equal(job, root), match);
    }

    /** The job's last epoch, when its metric passes the threshold. */
    private static Subquery<Integer> passing(Root<Job> root, CriteriaQuery<?> query, CriteriaBuilder cb,
                                             MetricThreshold threshold) {
        Subquery<Integer> last = query.subquery(Integer.class);
        Root<EpochRecord> any = last.from(EpochRecord.class);
        last.select(cb.max(any.get("epoch"))).where(cb.equal(any.get("jobId"), root.get("id")));
        Subquery<Integer> subquery = query.subquery(Integer.class);
        Root<EpochRecord> epoch = subquery.from(EpochRecord.class);
        Expression<Double> value = epoch.get(threshold.field());
        Predicate passes = switch (threshold.operator()) {
            case ">" -> cb.greaterThan(value, threshold.value());
            case ">=" -> cb.greaterThanOrEqualTo(value, threshold.value());
            case "<" -> cb.lessThan(value, threshold.value());
            default -> cb.lessThanOrEqualTo(value, threshold.value());
        };
        return subquery.select(cb.literal(1)).where(cb.equal(epoch.get("jobId"), root.get("id")),
                cb.equal(epoch.get("epoch"), last), passes);
    }
}
