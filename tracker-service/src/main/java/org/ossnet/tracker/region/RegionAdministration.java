package org.ossnet.tracker.region;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ossnet.core.net.Cidr;
import org.ossnet.service.problem.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Defines, lists and deletes regions and sets the cost table. Every change runs under one advisory lock, so the check
 * that no two regions' prefixes overlap sees every other change whole (an exclusion constraint in the schema backs
 * it); each is logged at INFO with who made it once it has committed.
 */
@Service
class RegionAdministration {

    private static final Logger log = LoggerFactory.getLogger(RegionAdministration.class);

    /** Serialises every change to regions and costs, on every replica. */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('ossnet.tracker.regions'))";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    RegionAdministration(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** A region as stored, and whether this request created it. */
    record Put(Region region, boolean created) {}

    /**
     * Creates the region or replaces its prefixes. A prefix another region holds, or one overlapping it, is refused
     * with a 409 naming both.
     */
    Put put(String name, RegionRequest request, String caller) {
        String valid = RegionRules.name(name);
        List<Cidr> prefixes = RegionRules.prefixes(request);
        Put put = transactions.execute(status -> {
            jdbc.sql(LOCK).query().singleRow();
            for (int i = 0; i < prefixes.size(); i++) {
                Cidr prefix = prefixes.get(i);
                Optional<Map<String, Object>> taken = jdbc
                        .sql("SELECT region, prefix::text AS prefix FROM region_prefix"
                                + " WHERE region <> ? AND prefix && ?::cidr ORDER BY prefix LIMIT 1")
                        .params(valid, prefix.toString())
                        .query()
                        .listOfRows()
                        .stream()
                        .findFirst();
                if (taken.isPresent()) {
                    throw ApiProblem.conflict("prefixes[" + i + "] " + prefix + " overlaps "
                            + taken.get().get("prefix") + " of region "
                            + taken.get().get("region") + ".");
                }
            }
            boolean created = jdbc.sql(
                            "INSERT INTO region (name, updated_by) VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
                                    + " SET updated_at = now(), updated_by = EXCLUDED.updated_by RETURNING (xmax = 0)")
                    .params(valid, caller)
                    .query(Boolean.class)
                    .single();
            jdbc.sql("DELETE FROM region_prefix WHERE region = ?").param(valid).update();
            for (Cidr prefix : prefixes) {
                jdbc.sql("INSERT INTO region_prefix (region, prefix) VALUES (?, ?::cidr)")
                        .params(valid, prefix.toString())
                        .update();
            }
            return new Put(find(valid).orElseThrow(), created);
        });
        log.info(
                "'{}' {} region {} with {} prefixes",
                caller,
                put.created() ? "created" : "replaced",
                valid,
                put.region().prefixes().size());
        return put;
    }

    /** Deletes the region and the cost table's entries naming it; 404 when there is no such region. */
    void delete(String name, String caller) {
        int deleted = transactions.execute(status -> {
            jdbc.sql(LOCK).query().singleRow();
            return jdbc.sql("DELETE FROM region WHERE name = ?").param(name).update();
        });
        if (deleted == 0) {
            throw ApiProblem.notFound("There is no region " + name + ".");
        }
        log.info("'{}' deleted region {} and its costs", caller, name);
    }

    Optional<Region> find(String name) {
        List<String> prefixes = jdbc.sql("SELECT prefix::text FROM region_prefix WHERE region = ? ORDER BY prefix")
                .param(name)
                .query(String.class)
                .list();
        boolean exists = !prefixes.isEmpty()
                || jdbc.sql("SELECT count(*) FROM region WHERE name = ?")
                                .param(name)
                                .query(Long.class)
                                .single()
                        > 0;
        return exists ? Optional.of(new Region(name, prefixes)) : Optional.empty();
    }

    /** Every region, by name, with the cost table. */
    Region.Listing list() {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        jdbc.sql("SELECT name FROM region ORDER BY name")
                .query(String.class)
                .list()
                .forEach(name -> regions.put(name, new java.util.ArrayList<>()));
        jdbc.sql("SELECT region, prefix::text FROM region_prefix ORDER BY region, prefix")
                .query((rs, n) -> regions.get(rs.getString(1)).add(rs.getString(2)))
                .list();
        return new Region.Listing(
                regions.entrySet().stream()
                        .map(entry -> new Region(entry.getKey(), entry.getValue()))
                        .toList(),
                costs());
    }

    CostTable costs() {
        Long defaultCost = jdbc.sql("SELECT cost FROM region_cost_default")
                .query(Long.class)
                .single();
        List<CostTable.Cost> costs = jdbc.sql(
                        "SELECT from_region, to_region, cost FROM region_cost ORDER BY from_region, to_region")
                .query((rs, n) -> new CostTable.Cost(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
        return new CostTable(defaultCost, costs);
    }

    /** Replaces the cost table whole. */
    CostTable putCosts(CostTable table, String caller) {
        CostTable stored = transactions.execute(status -> {
            jdbc.sql(LOCK).query().singleRow();
            Set<String> regions = new TreeSet<>(
                    jdbc.sql("SELECT name FROM region").query(String.class).list());
            CostTable valid = RegionRules.costs(table, regions);
            jdbc.sql("UPDATE region_cost_default SET cost = ?")
                    .param(valid.defaultCost())
                    .update();
            jdbc.sql("DELETE FROM region_cost").update();
            for (CostTable.Cost cost : valid.costs()) {
                jdbc.sql("INSERT INTO region_cost (from_region, to_region, cost) VALUES (?, ?, ?)")
                        .params(cost.from(), cost.to(), cost.cost())
                        .update();
            }
            return costs();
        });
        log.info(
                "'{}' set the cost table: {} entries, default {}",
                caller,
                stored.costs().size(),
                stored.defaultCost());
        return stored;
    }
}
