package org.ossnet.tracker.region;

import io.swagger.v3.oas.annotations.Operation;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.RequiresRole;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.tracker.auth.Roles;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Region administration: {@code /api/v1/regions} and {@code /api/v1/region-costs}, for the publisher's admins. */
@RestController
@RequiresRole(Roles.ADMIN)
class RegionController {

    private final RegionAdministration administration;
    private final RegionDelegations delegations;
    private final RegionHandout handout;
    private final TrackerProperties properties;

    RegionController(
            RegionAdministration administration,
            RegionDelegations delegations,
            RegionHandout handout,
            TrackerProperties properties) {
        this.administration = administration;
        this.delegations = delegations;
        this.handout = handout;
        this.properties = properties;
    }

    /** What follows every change of regions or costs: the hand-out and the authorities catch up at once. */
    private void changed() {
        handout.refresh();
        delegations.renew();
    }

    @Operation(summary = "Lists every region with its prefixes, and the cost table")
    @GetMapping("/api/v1/regions")
    Region.Listing list() {
        return administration.list();
    }

    @Operation(summary = "Shows one region", description = "404 for an unknown region.")
    @GetMapping("/api/v1/regions/{name}")
    Region get(@PathVariable String name) {
        return administration.find(name).orElseThrow(() -> ApiProblem.notFound("There is no region " + name + "."));
    }

    @Operation(
            summary = "Creates a region or replaces its prefixes",
            description = "201 when created, 200 when replaced. 400 naming name or prefixes[i] (not a CIDR prefix,"
                    + " bits set beyond the prefix, or overlapping another prefix of the request); 409 when a prefix"
                    + " overlaps one of another region, naming both.")
    @PutMapping("/api/v1/regions/{name}")
    ResponseEntity<Region> put(@PathVariable String name, @RequestBody RegionRequest request, ApiCaller caller) {
        RegionAdministration.Put put = administration.put(name, request, caller.name());
        changed();
        return put.created()
                ? ResponseEntity.created(properties.link(
                                "/api/v1/regions/" + put.region().name()))
                        .body(put.region())
                : ResponseEntity.ok(put.region());
    }

    @Operation(
            summary = "Deletes a region and the cost table's entries naming it",
            description = "404 for an unknown region.")
    @DeleteMapping("/api/v1/regions/{name}")
    ResponseEntity<Void> delete(@PathVariable String name, ApiCaller caller) {
        administration.delete(name, caller.name());
        changed();
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Shows the cost table")
    @GetMapping("/api/v1/region-costs")
    CostTable costs() {
        return administration.costs();
    }

    @Operation(
            summary = "Replaces the cost table whole",
            description = "400 naming defaultCost or costs[i].from / .to / .cost: a region not defined, a pair listed"
                    + " twice, a cost below 0 or above 1000000.")
    @PutMapping("/api/v1/region-costs")
    CostTable putCosts(@RequestBody CostTable table, ApiCaller caller) {
        CostTable stored = administration.putCosts(table, caller.name());
        changed();
        return stored;
    }

    @Operation(
            summary = "Delegates a region to a regional tracker and issues its signed region authority",
            description = "The authority names the region's prefixes, these URLs and key, the region's cost row and a"
                    + " validity window of regions.authority-validity; it is issued again whenever any of that changes"
                    + " and before it expires. Answers the authority issued. 404 for an unknown region; 400 naming"
                    + " trackers[i], announce[i] or trackerKey; 503 when signing-service cannot sign.")
    @PutMapping("/api/v1/regions/{name}/delegation")
    ResponseEntity<byte[]> putDelegation(
            @PathVariable String name, @RequestBody DelegationRequest request, ApiCaller caller) {
        return RegionAuthorityController.document(delegations.put(name, request, caller.name()));
    }

    @Operation(summary = "Shows a region's delegation", description = "404 when the region is not delegated.")
    @GetMapping("/api/v1/regions/{name}/delegation")
    DelegationRequest getDelegation(@PathVariable String name) {
        return delegations.find(name).orElseThrow(() -> ApiProblem.notFound("Region " + name + " is not delegated."));
    }

    @Operation(
            summary = "Ends a region's delegation",
            description = "Its authorities are no longer served; those clients hold run until they expire. 404 when"
                    + " the region is not delegated.")
    @DeleteMapping("/api/v1/regions/{name}/delegation")
    ResponseEntity<Void> deleteDelegation(@PathVariable String name, ApiCaller caller) {
        delegations.delete(name, caller.name());
        return ResponseEntity.noContent().build();
    }
}
