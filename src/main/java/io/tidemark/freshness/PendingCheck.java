package io.tidemark.freshness;

import io.tidemark.fivetran.TriggerOutcome;
import io.tidemark.fivetran.TriggerRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One freshness check between its two steps, which the {@code freshness-check} route keeps in the exchange
 * property {@link FreshnessCheck#CHECK}: when it ran, the groups it judged and the trigger request it made for
 * each of their connections (a group without a connection makes one request without one, to be recorded); or
 * why the check was skipped.
 */
public final class PendingCheck {
    private final String checkId;
    private final Instant checkedAt;
    private final String skipped;
    private final List<FreshnessGroup> groups;
    private final List<TriggerRequest> requests = new ArrayList<>();
    /** By identity: requests are records, and two groups may ask the same of the same connection. */
    private final Map<TriggerRequest, FreshnessGroup> groupOf = new IdentityHashMap<>();

    private PendingCheck(String checkId, Instant checkedAt, List<FreshnessGroup> groups, String skipped) {
        this.checkId = checkId;
        this.checkedAt = checkedAt;
        this.groups = List.copyOf(groups);
        this.skipped = skipped;
        for (FreshnessGroup group : groups) {
            if (group.connectionIds().isEmpty()) {
                request(group, null);
            }
            group.connectionIds().forEach(id -> request(group, id));
        }
    }

    static PendingCheck judged(String checkId, Instant checkedAt, List<FreshnessGroup> groups) {
        return new PendingCheck(checkId, checkedAt, groups, null);
    }

    /** @param why why the check does not run on this source (see {@link FreshnessQuery#check}) */
    static PendingCheck skipped(String why) {
        return new PendingCheck(null, null, List.of(), why);
    }

    private void request(FreshnessGroup group, String connectionId) {
        TriggerRequest request = new TriggerRequest(connectionId, group.decision().syncNeeded());
        requests.add(request);
        groupOf.put(request, group);
    }

    /** The requests to act on, one per connection and group, in the order of the groups. */
    public List<TriggerRequest> requests() {
        return List.copyOf(requests);
    }

    String checkId() {
        return checkId;
    }

    Instant checkedAt() {
        return checkedAt;
    }

    /** Null when the check ran. */
    String skipped() {
        return skipped;
    }

    /** Each judged group with what came of its requests, in the order of the groups. */
    List<GroupOutcomes> outcomesByGroup(List<TriggerOutcome> outcomes) {
        List<GroupOutcomes> byGroup = new ArrayList<>();
        for (FreshnessGroup group : groups) {
            byGroup.add(new GroupOutcomes(group, outcomes.stream()
                    .filter(outcome -> groupOf.get(outcome.request()) == group).toList()));
        }
        return byGroup;
    }
}
