package org.ossnet.tracker.region;

import java.util.List;
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
    static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('ossnet.tracker.regions'))";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RegionDelegations delegations;

    RegionAdministration(JdbcClient jdbc, TransactionTemplate transactions, RegionDelegations delegations) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.delegations = delegations;
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
            String[] texts = prefixes.stream().map(Cidr::toString).toArray(String[]::new);
            jdbc.sql("SELECT n.i, p.region, p.prefix::text FROM unnest(?::cidr[]) WITH ORDINALITY AS n(prefix, i)"
                            + " JOIN region_prefix p ON p.prefix && n.prefix AND p.region <> ?"
                            + " ORDER BY n.i, p.prefix LIMIT 1")
                    .params(texts, valid)
                    .query((rs, n) ->
                            ApiProblem.conflict("prefixes[" + (rs.getInt(1) - 1) + "] " + texts[rs.getInt(1) - 1]
                                    + " overlaps " + rs.getString(3) + " of region " + rs.getString(2) + "."))
                    .optional()
                    .ifPresent(conflict -> {
                        throw conflict;
                    });
            boolean created = jdbc.sql(
                            "INSERT INTO region (name, updated_by) VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
                                    + " SET updated_at = now(), updated_by = EXCLUDED.updated_by RETURNING (xmax = 0)")
                    .params(valid, caller)
                    .query(Boolean.class)
                    .single();
            jdbc.sql("DELETE FROM region_prefix WHERE region = ?").param(valid).update();
            jdbc.sql("INSERT INTO region_prefix (region, prefix) SELECT ?, unnest(?::cidr[])")
                    .params(valid, texts)
                    .update();
            return new Put(find(valid).orElseThrow(), created);
        });
        delegations.changed();
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
        delegations.changed();
        if (deleted == 0) {
            throw ApiProblem.notFound("There is no region " + name + ".");
        }
        log.info("'{}' deleted region {} and its costs", caller, name);
    }

    Optional<Region> find(String name) {
        return regions(" WHERE r.name = ?", name).stream().findFirst();
    }

    /** Every region, by name, with the cost table. */
    Region.Listing list() {
        return new Region.Listing(regions("", null), costs());
    }

    /** Regions with their prefixes in canonical order (IPv4 first), one query. */
    private List<Region> regions(String where, String name) {
        var query = jdbc.sql("SELECT r.name, coalesce(array_agg(p.prefix::text ORDER BY p.prefix)"
                + " FILTER (WHERE p.prefix IS NOT NULL), '{}') FROM region r"
                + " LEFT JOIN region_prefix p ON p.region = r.name" + where + " GROUP BY r.name ORDER BY r.name");
        return (name == null ? query : query.param(name))
                .query((rs, n) -> new Region(
                        rs.getString(1), List.of((String[]) rs.getArray(2).getArray())))
                .list();
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
