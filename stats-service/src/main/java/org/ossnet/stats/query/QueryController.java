package org.ossnet.stats.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ossnet.service.auth.RequiresRole;
import org.ossnet.stats.query.QueryParameters.DateRange;
import org.ossnet.stats.query.RollupQueries.KindFilter;
import org.ossnet.stats.query.RollupQueries.Result;
import org.ossnet.stats.system.StatsProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * QA's queries (role {@code read}), as JSON or, with {@code Accept: text/csv}, as CSV. Every parameter is read as text
 * and checked by {@link QueryParameters}, so a bad one is a 400 naming it rather than a type conversion error.
 */
@RestController
@RequestMapping(
        path = "/api/v1",
        produces = {"application/json", "text/csv"})
@RequiresRole("read")
class QueryController {

    private static final String COLLECTION = "The collection's ossnet:// name";
    private static final String FROM = "The first UTC day, such as 2026-05-01; default 29 days before to";
    private static final String TO = "The last UTC day, included; default today";
    private static final String GRANULARITY = "day (default), week (Monday to Sunday) or month";
    private static final String PAGE = "The page, from 0";
    private static final String SIZE = "Rows per page, default 100, at most max-page-size";

    private final RollupQueries queries;
    private final StatsProperties properties;
    private final Clock clock;

    QueryController(RollupQueries queries, StatsProperties properties, Clock clock) {
        this.queries = queries;
        this.properties = properties;
        this.clock = clock;
    }

    @Operation(
            summary = "Downloads per day, week or month, optionally by path, version, region and client kind;"
                    + " mirror syncs only when clientKind names mirror")
    @GetMapping("/downloads")
    ResponseEntity<Page<DownloadRow>> downloads(
            HttpServletRequest request,
            @Parameter(description = COLLECTION) @RequestParam(required = false) String collection,
            @Parameter(description = FROM) @RequestParam(required = false) String from,
            @Parameter(description = TO) @RequestParam(required = false) String to,
            @Parameter(description = GRANULARITY) @RequestParam(required = false) String granularity,
            @Parameter(description = "Dimensions to group by, comma-separated: path, version, region, clientKind")
                    @RequestParam(required = false)
                    String groupBy,
            @Parameter(description = "Client kinds to count, comma-separated; default every kind but mirror")
                    @RequestParam(required = false)
                    String clientKind,
            @Parameter(description = PAGE) @RequestParam(required = false) String page,
            @Parameter(description = SIZE) @RequestParam(required = false) String size) {
        QueryParameters parameters =
                parameters(request, "collection", "from", "to", "granularity", "groupBy", "clientKind", "page", "size");
        String name = parameters.collection();
        DateRange range = parameters.range(QueryParameters.today(clock));
        String unit = parameters.granularity();
        List<String> dimensions = parameters.groupBy();
        KindFilter kinds = KindFilter.peopleUnless(parameters.clientKinds());
        int number = parameters.page();
        int rows = parameters.size();
        Result<DownloadRow> result = queries.downloads(name, range, unit, dimensions, kinds, number, rows);
        List<String> columns = new ArrayList<>(List.of("period"));
        columns.addAll(dimensions);
        columns.addAll(List.of("downloads", "bytes"));
        return page(request, result, number, rows, columns);
    }

    @Operation(summary = "The most downloaded files of a collection, all versions together, mirror syncs left out")
    @GetMapping("/downloads/top")
    TopFiles top(
            HttpServletRequest request,
            @Parameter(description = COLLECTION) @RequestParam(required = false) String collection,
            @Parameter(description = FROM) @RequestParam(required = false) String from,
            @Parameter(description = TO) @RequestParam(required = false) String to,
            @Parameter(description = "How many files, default 10, at most max-page-size")
                    @RequestParam(required = false)
                    String limit,
            @Parameter(description = "Client kinds to count, comma-separated; default every kind but mirror")
                    @RequestParam(required = false)
                    String clientKind) {
        QueryParameters parameters = parameters(request, "collection", "from", "to", "limit", "clientKind");
        String name = parameters.collection();
        DateRange range = parameters.range(QueryParameters.today(clock));
        int count = parameters.limit();
        KindFilter kinds = KindFilter.peopleUnless(parameters.clientKinds());
        return new TopFiles(queries.top(name, range, kinds, count));
    }

    @Operation(summary = "Each snapshot version's share of each day's downloads (mirror syncs left out)")
    @GetMapping("/versions/adoption")
    ResponseEntity<Page<AdoptionRow>> adoption(
            HttpServletRequest request,
            @Parameter(description = COLLECTION) @RequestParam(required = false) String collection,
            @Parameter(description = FROM) @RequestParam(required = false) String from,
            @Parameter(description = TO) @RequestParam(required = false) String to,
            @Parameter(description = PAGE) @RequestParam(required = false) String page,
            @Parameter(description = SIZE) @RequestParam(required = false) String size) {
        QueryParameters parameters = parameters(request, "collection", "from", "to", "page", "size");
        String name = parameters.collection();
        DateRange range = parameters.range(QueryParameters.today(clock));
        int number = parameters.page();
        int rows = parameters.size();
        Result<AdoptionRow> result =
                queries.adoption(name, range, KindFilter.peopleUnless(Optional.empty()), number, rows);
        return page(request, result, number, rows, AdoptionRow.COLUMNS);
    }

    @Operation(
            summary = "Bytes by source (peers, HTTP mirrors, origin) and the fraction the origin was spared;"
                    + " every client kind, mirror syncs included, unless clientKind says otherwise")
    @GetMapping("/bytes-by-source")
    ResponseEntity<Page<SourceRow>> bytesBySource(
            HttpServletRequest request,
            @Parameter(description = COLLECTION) @RequestParam(required = false) String collection,
            @Parameter(description = FROM) @RequestParam(required = false) String from,
            @Parameter(description = TO) @RequestParam(required = false) String to,
            @Parameter(description = GRANULARITY) @RequestParam(required = false) String granularity,
            @Parameter(description = "Client kinds to count, comma-separated; default every kind")
                    @RequestParam(required = false)
                    String clientKind,
            @Parameter(description = PAGE) @RequestParam(required = false) String page,
            @Parameter(description = SIZE) @RequestParam(required = false) String size) {
        QueryParameters parameters =
                parameters(request, "collection", "from", "to", "granularity", "clientKind", "page", "size");
        String name = parameters.collection();
        DateRange range = parameters.range(QueryParameters.today(clock));
        String unit = parameters.granularity();
        KindFilter kinds = KindFilter.allUnless(parameters.clientKinds());
        int number = parameters.page();
        int rows = parameters.size();
        Result<SourceRow> result = queries.bytesBySource(name, range, unit, kinds, number, rows);
        return page(request, result, number, rows, SourceRow.COLUMNS);
    }

    private QueryParameters parameters(HttpServletRequest request, String... allowed) {
        return QueryParameters.of(
                request.getParameterMap(), Set.of(allowed), properties.maxQueryDays(), properties.maxPageSize());
    }

    /** The page with its next link, which also goes in a {@code Link} header for CSV clients. */
    private <R extends CsvRow> ResponseEntity<Page<R>> page(
            HttpServletRequest request, Result<R> result, int number, int size, List<String> columns) {
        boolean more = (long) (number + 1) * size < result.total();
        String next = more
                ? UriComponentsBuilder.fromUri(properties.publicUrl())
                        .path(request.getRequestURI())
                        .query(request.getQueryString())
                        .replaceQueryParam("page", number + 1)
                        .build()
                        .toUriString()
                : null;
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (next != null) {
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(new Page<>(result.rows(), number, size, result.total(), next, columns));
    }
}
