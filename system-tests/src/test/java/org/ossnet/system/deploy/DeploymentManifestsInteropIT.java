package org.ossnet.system.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders both Kubernetes overlays with the real {@code kubectl kustomize} and checks them, and
 * {@code docker-compose.yml}, against what the build makes and the services need: the images, the probes and ports,
 * the configuration each service requires ({@link ServiceContract}), where secrets live, the NetworkPolicy in front
 * of signing-service, budgets, resources and pod hardening. It reads the manifests into fabric8's Kubernetes model,
 * never as text. An interop test because it needs kubectl, which a machine with only a JDK lacks.
 */
class DeploymentManifestsInteropIT {

    static final Path REPOSITORY =
            Path.of(System.getProperty("ossnet.repo", "..")).toAbsolutePath().normalize();
    static final String VERSION = Objects.requireNonNull(
            System.getProperty("ossnet.version"), "the pom passes the project version as ossnet.version");

    /** Which services each overlay runs. */
    static final Map<String, Set<String>> OVERLAYS = Map.of(
            "publisher", Set.of("tracker-service", "signing-service", "stats-service"),
            "region", Set.of("region-service"));

    static final int RUN_AS_USER = 65532;
    static final List<String> SECRET_WORDS = List.of("PASSWORD", "TOKEN", "PASSPHRASE", "SECRET");

    static final Map<String, RenderedManifests> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void renderBothOverlays(@TempDir Path work) throws IOException {
        for (String overlay : OVERLAYS.keySet()) {
            RENDERED.put(overlay, RenderedManifests.render(REPOSITORY, overlay, work.resolve(overlay)));
        }
    }

    @Test
    void eachOverlayRunsItsServicesFromTheImagesTheBuildMakes() {
        List<String> problems = new ArrayList<>();
        RENDERED.forEach((overlay, manifests) -> {
            Set<String> deployed = new TreeSet<>();
            for (Deployment deployment : manifests.all(Deployment.class)) {
                String name = deployment.getMetadata().getName();
                deployed.add(name);
                ServiceContract contract = contract(name);
                for (Container container : containers(deployment.getSpec().getTemplate())) {
                    if (contract == null || !contract.image(VERSION).equals(container.getImage())) {
                        problems.add(overlay + ": Deployment/" + name + " runs " + container.getImage()
                                + ", not an image the build makes (ossnet/" + name + ":" + VERSION + ")");
                    }
                }
            }
            if (!deployed.equals(OVERLAYS.get(overlay))) {
                problems.add(overlay + " deploys " + deployed + " instead of " + OVERLAYS.get(overlay));
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void probesAskTheActuatorGroupsOnThePortTheServiceListensOn() {
        List<String> problems = new ArrayList<>();
        forEachService((overlay, manifests, deployment, container, contract) -> {
            String where = overlay + ": Deployment/" + contract.module();
            int port = servedPort(container, manifests, contract);
            Set<String> served = contract.actuatorPaths();
            Map<String, Probe> probes = new LinkedHashMap<>();
            probes.put("startupProbe", container.getStartupProbe());
            probes.put("livenessProbe", container.getLivenessProbe());
            probes.put("readinessProbe", container.getReadinessProbe());
            probes.forEach((kind, probe) -> {
                String expected =
                        kind.equals("readinessProbe") ? "/actuator/health/readiness" : "/actuator/health/liveness";
                if (probe == null || probe.getHttpGet() == null) {
                    problems.add(where + " has no HTTP " + kind);
                    return;
                }
                String path = probe.getHttpGet().getPath();
                if (!expected.equals(path) || !served.contains(path)) {
                    problems.add(where + " " + kind + " asks " + path + "; it should ask " + expected
                            + " (the service serves " + served + ")");
                }
                Integer probed = portNumber(container, probe.getHttpGet().getPort());
                if (!Objects.equals(probed, port)) {
                    problems.add(where + " " + kind + " asks port " + probed + ", the service listens on " + port);
                }
            });
            Map<String, String> annotations = Optional.ofNullable(
                            deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .orElse(Map.of());
            if (annotations.containsKey("prometheus.io/path")
                    && (!served.contains(annotations.get("prometheus.io/path"))
                            || !String.valueOf(port).equals(annotations.get("prometheus.io/port")))) {
                problems.add(where + " asks Prometheus to scrape " + annotations.get("prometheus.io/port")
                        + annotations.get("prometheus.io/path") + ", which the service does not serve");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theAnnounceListenerHasAServiceOfItsOwn() {
        RenderedManifests manifests = RENDERED.get("publisher");
        Deployment tracker = manifests.find(Deployment.class, "tracker-service").orElseThrow();
        Container container = containers(tracker.getSpec().getTemplate()).getFirst();
        ContainerEnvironment environment = ContainerEnvironment.of(container, manifests);
        ServiceContract contract = contract("tracker-service");
        int announcePort =
                Integer.parseInt(Optional.ofNullable(environment.variables().get("OSSNET_TRACKER_ANNOUNCE_PORT"))
                        .orElse(contract.metadataDefault("ossnet.tracker.announce.port")));
        int httpPort = servedPort(container, manifests, contract);

        List<Service> announceServices = manifests.all(Service.class).stream()
                .filter(service -> selects(
                        service.getSpec().getSelector(),
                        labels(tracker.getSpec().getTemplate())))
                .filter(service -> service.getSpec().getPorts().stream()
                        .allMatch(port -> Objects.equals(portNumber(container, port.getTargetPort()), announcePort)))
                .toList();

        assertThat(announceServices)
                .as("a Service whose only port is the tracker's announce listener (%d)", announcePort)
                .isNotEmpty();
        assertThat(announcePort).isNotEqualTo(httpPort);
    }

    @Test
    void everyServiceGetsTheConfigurationItRequires() {
        List<String> problems = new ArrayList<>();
        Set<String> springBoot = ServiceContract.springBootProperties();
        for (ServiceContract contract : contracts()) {
            problems.addAll(contract.unknownRequiredProperties(springBoot).stream()
                    .map(name -> contract.module() + " requires " + name
                            + ", a property neither it nor Spring Boot describes")
                    .toList());
            problems.addAll(contract.unclassifiedProperties().stream()
                    .map(name -> contract.module() + " has " + name + " without a default: say in ServiceContract"
                            + " whether a deployment must set it")
                    .toList());
        }
        forEachService((overlay, manifests, deployment, container, contract) -> {
            ContainerEnvironment environment = ContainerEnvironment.of(container, manifests);
            environment
                    .brokenReferences()
                    .forEach(broken -> problems.add(overlay + ": Deployment/" + contract.module() + ": " + broken));
            for (String property : contract.required()) {
                if (!environment.sets(property)) {
                    problems.add(overlay + ": Deployment/" + contract.module() + " does not set " + property);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theDatabaseBootstrapCreatesADatabaseForEveryServiceOfTheOverlay() {
        List<String> problems = new ArrayList<>();
        RENDERED.forEach((overlay, manifests) -> {
            StatefulSet postgres =
                    manifests.find(StatefulSet.class, "ossnet-postgres").orElseThrow();
            Container container = containers(postgres.getSpec().getTemplate()).getFirst();
            ContainerEnvironment environment = ContainerEnvironment.of(container, manifests);
            problems.addAll(environment.brokenReferences());
            Set<String> databases = new TreeSet<>(List.of(
                    environment.variables().getOrDefault("OSSNET_DATABASES", "").split("\\s+")));
            Set<String> expected = new TreeSet<>();
            OVERLAYS.get(overlay).forEach(module -> expected.add(module.replace("-service", "")));
            if (!databases.equals(expected)) {
                problems.add(
                        overlay + ": OSSNET_DATABASES is " + databases + ", the overlay's services need " + expected);
            }
            for (String variable : Stream.concat(
                            Stream.of("POSTGRES_PASSWORD"),
                            expected.stream().map(db -> "OSSNET_" + db.toUpperCase(Locale.ROOT) + "_DB_PASSWORD"))
                    .toList()) {
                if (!environment.variables().containsKey(variable)) {
                    problems.add(overlay + ": the PostgreSQL container lacks " + variable);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void noSecretSitsInAConfigMapOrInTheManifests() {
        List<String> problems = new ArrayList<>();
        RENDERED.forEach((overlay, manifests) -> {
            for (ConfigMap map : manifests.all(ConfigMap.class)) {
                Optional.ofNullable(map.getData()).orElse(Map.of()).keySet().stream()
                        .filter(DeploymentManifestsInteropIT::looksSecret)
                        .forEach(key -> problems.add(overlay + ": ConfigMap/"
                                + map.getMetadata().getName() + " holds " + key + ", which belongs in a Secret"));
            }
            for (PodTemplateSpec template : templates(manifests)) {
                for (Container container : containers(template)) {
                    ContainerEnvironment environment = ContainerEnvironment.of(container, manifests);
                    environment.sources().forEach((name, source) -> {
                        if (looksSecret(name) && !source.startsWith("Secret/")) {
                            problems.add(overlay + ": container " + container.getName() + " gets " + name + " from "
                                    + source + ", not from a Secret");
                        }
                    });
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void onlyTheTrackerMayReachSigningService() {
        RenderedManifests manifests = RENDERED.get("publisher");
        Map<String, String> signing = labels(manifests
                .find(Deployment.class, "signing-service")
                .orElseThrow()
                .getSpec()
                .getTemplate());
        Map<String, String> tracker = labels(manifests
                .find(Deployment.class, "tracker-service")
                .orElseThrow()
                .getSpec()
                .getTemplate());
        List<Map<String, String>> others = templates(manifests).stream()
                .map(DeploymentManifestsInteropIT::labels)
                .filter(labels -> !labels.equals(tracker))
                .toList();

        List<NetworkPolicy> guarding = manifests.all(NetworkPolicy.class).stream()
                .filter(policy -> selects(policy.getSpec().getPodSelector(), signing))
                .filter(policy -> policy.getSpec().getPolicyTypes().contains("Ingress"))
                .toList();
        List<NetworkPolicyPeer> peers = guarding.stream()
                .flatMap(policy -> policy.getSpec().getIngress().stream())
                .flatMap(rule -> peersOf(rule).stream())
                .toList();

        assertThat(guarding).as("a NetworkPolicy for signing-service's ingress").isNotEmpty();
        assertThat(peers)
                .as("every source allowed into signing-service")
                .isNotEmpty()
                .allSatisfy(peer -> {
                    assertThat(peer.getNamespaceSelector())
                            .as("a namespace selector")
                            .isNull();
                    assertThat(peer.getIpBlock()).as("an IP block").isNull();
                    assertThat(peer.getPodSelector()).as("a pod selector").isNotNull();
                    assertThat(selects(peer.getPodSelector(), tracker))
                            .as("selects the tracker")
                            .isTrue();
                    assertThat(others).noneMatch(labels -> selects(peer.getPodSelector(), labels));
                });
    }

    @Test
    void everyDeploymentHasResourcesABudgetAndAHardenedPod() {
        List<String> problems = new ArrayList<>();
        forEachService((overlay, manifests, deployment, container, contract) -> {
            String where = overlay + ": Deployment/" + contract.module();
            PodTemplateSpec template = deployment.getSpec().getTemplate();
            var resources = container.getResources();
            for (String resource : List.of("cpu", "memory")) {
                if (resources == null
                        || resources.getRequests() == null
                        || !resources.getRequests().containsKey(resource)
                        || resources.getLimits() == null
                        || !resources.getLimits().containsKey(resource)) {
                    problems.add(where + " lacks a " + resource + " request or limit");
                }
            }
            boolean budgeted = manifests.all(PodDisruptionBudget.class).stream()
                    .anyMatch(budget -> selects(budget.getSpec().getSelector(), labels(template)));
            if (!budgeted) {
                problems.add(where + " has no PodDisruptionBudget");
            }
            PodSecurityContext pod = template.getSpec().getSecurityContext();
            if (pod == null
                    || !Boolean.TRUE.equals(pod.getRunAsNonRoot())
                    || !Objects.equals(pod.getRunAsUser(), (long) RUN_AS_USER)
                    || pod.getSeccompProfile() == null
                    || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
                problems.add(where + " pod does not run as non-root user " + RUN_AS_USER
                        + " with the RuntimeDefault seccomp profile");
            }
            SecurityContext own = container.getSecurityContext();
            if (own == null
                    || !Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())
                    || !Boolean.TRUE.equals(own.getReadOnlyRootFilesystem())
                    || own.getCapabilities() == null
                    || !own.getCapabilities().getDrop().contains("ALL")) {
                problems.add(where + " container may escalate, write its root filesystem or keep capabilities");
            }
            boolean tmpIsEmptyDir = container.getVolumeMounts().stream()
                    .filter(mount -> mount.getMountPath().equals("/tmp"))
                    .anyMatch(mount -> template.getSpec().getVolumes().stream()
                            .anyMatch(volume ->
                                    volume.getName().equals(mount.getName()) && volume.getEmptyDir() != null));
            if (!tmpIsEmptyDir) {
                problems.add(where + " has no emptyDir at /tmp, which Tomcat needs on a read-only root");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServiceSelectsAWorkloadsPodsAndTargetsTheirPorts() {
        List<String> problems = new ArrayList<>();
        RENDERED.forEach((overlay, manifests) -> {
            for (Service service : manifests.all(Service.class)) {
                String where = overlay + ": Service/" + service.getMetadata().getName();
                Optional<PodTemplateSpec> target = templates(manifests).stream()
                        .filter(template -> selects(service.getSpec().getSelector(), labels(template)))
                        .findFirst();
                if (target.isEmpty()) {
                    problems.add(where + " selects no workload's pods");
                    continue;
                }
                for (ServicePort port : service.getSpec().getPorts()) {
                    boolean served = containers(target.get()).stream()
                            .anyMatch(container -> portNumber(container, port.getTargetPort()) != null);
                    if (!served) {
                        problems.add(where + " targets port " + port.getTargetPort() + ", which its pods lack");
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void changingASecretRollsOnlyThePodsThatUseIt(@TempDir Path work) throws IOException {
        Path copy = RenderedManifests.copyWithExampleSecrets(REPOSITORY, work);
        RenderedManifests before = RenderedManifests.renderCopy(copy, "publisher");
        Path signingSecrets = copy.resolve("k8s/overlays/publisher/secrets/signing.env");
        Files.writeString(
                signingSecrets,
                Files.readString(signingSecrets)
                        .replace("OSSNET_SIGNING_KEY_PASSPHRASE=", "OSSNET_SIGNING_KEY_PASSPHRASE=rotated"));
        RenderedManifests after = RenderedManifests.renderCopy(copy, "publisher");

        assertThat(template(after, "signing-service"))
                .as("signing-service's pod template after its secret changed")
                .isNotEqualTo(template(before, "signing-service"));
        assertThat(template(after, "stats-service")).isEqualTo(template(before, "stats-service"));
        assertThat(template(after, "tracker-service")).isEqualTo(template(before, "tracker-service"));
    }

    @Test
    void composeRunsTheSameImagesWithTheSameRequiredSettings() throws IOException {
        ComposeFile compose = ComposeFile.read(REPOSITORY.resolve("docker-compose.yml"));
        Set<String> documented = envExampleVariables(REPOSITORY.resolve(".env.example"));
        List<String> problems = new ArrayList<>();
        for (ServiceContract contract : contracts()) {
            ComposeFile.Service service = compose.services().get(contract.module());
            if (service == null) {
                problems.add("docker-compose.yml has no " + contract.module());
                continue;
            }
            if (!contract.image(VERSION).equals(service.image())) {
                problems.add("compose " + contract.module() + " runs " + service.image() + ", not "
                        + contract.image(VERSION));
            }
            for (String property : contract.required()) {
                if (!ContainerEnvironment.sets(service.environment(), property)) {
                    problems.add("compose " + contract.module() + " does not set " + property);
                }
            }
        }
        compose.services()
                .forEach((name, service) -> service.environment().forEach((variable, value) -> {
                    Optional<ComposeFile.Interpolation> interpolation = ComposeFile.Interpolation.of(value);
                    if (looksSecret(variable) && interpolation.isEmpty()) {
                        problems.add("compose " + name + " sets " + variable + " in the file, not from .env");
                    }
                    interpolation.ifPresent(from -> {
                        if (!documented.contains(from.variable())) {
                            problems.add(
                                    "compose " + name + " reads " + from.variable() + ", which .env.example lacks");
                        }
                        boolean requiredSecret = looksSecret(variable) && isRequiredSomewhere(variable, name);
                        if (requiredSecret && !from.required()) {
                            problems.add("compose " + name + " starts without " + from.variable() + ": write ${"
                                    + from.variable() + ":?...} so compose refuses instead");
                        }
                    });
                }));
        assertThat(problems).isEmpty();
    }

    // ---- helpers

    /** One check of one service's container in one overlay. */
    interface ServiceCheck {
        void check(
                String overlay,
                RenderedManifests manifests,
                Deployment deployment,
                Container container,
                ServiceContract contract);
    }

    private static void forEachService(ServiceCheck check) {
        RENDERED.forEach((overlay, manifests) -> {
            for (Deployment deployment : manifests.all(Deployment.class)) {
                ServiceContract contract = contract(deployment.getMetadata().getName());
                if (contract == null) {
                    continue;
                }
                for (Container container : containers(deployment.getSpec().getTemplate())) {
                    check.check(overlay, manifests, deployment, container, contract);
                }
            }
        });
    }

    private static List<ServiceContract> contracts() {
        return ServiceContract.ALL.stream().map(c -> c.in(REPOSITORY)).toList();
    }

    private static ServiceContract contract(String module) {
        return contracts().stream()
                .filter(c -> c.module().equals(module))
                .findFirst()
                .orElse(null);
    }

    /** The port the service listens on: {@code SERVER_PORT} if the container sets it, else application.yml's. */
    private static int servedPort(Container container, RenderedManifests manifests, ServiceContract contract) {
        String configured =
                ContainerEnvironment.of(container, manifests).variables().get("SERVER_PORT");
        return configured != null ? Integer.parseInt(configured) : contract.defaultPort();
    }

    /** A probe's or Service's port as a number, a name resolved through the container's ports; null if unknown. */
    private static Integer portNumber(Container container, IntOrString port) {
        List<ContainerPort> ports = Optional.ofNullable(container.getPorts()).orElse(List.of());
        if (port == null) {
            return null;
        }
        if (port.getStrVal() != null) {
            return ports.stream()
                    .filter(candidate -> port.getStrVal().equals(candidate.getName()))
                    .map(ContainerPort::getContainerPort)
                    .findFirst()
                    .orElse(null);
        }
        return ports.stream()
                .map(ContainerPort::getContainerPort)
                .filter(number -> number.equals(port.getIntVal()))
                .findFirst()
                .orElse(null);
    }

    private static List<PodTemplateSpec> templates(RenderedManifests manifests) {
        return Stream.concat(
                        manifests.all(Deployment.class).stream()
                                .map(d -> d.getSpec().getTemplate()),
                        manifests.all(StatefulSet.class).stream()
                                .map(s -> s.getSpec().getTemplate()))
                .toList();
    }

    private static PodTemplateSpec template(RenderedManifests manifests, String deployment) {
        return manifests
                .find(Deployment.class, deployment)
                .orElseThrow()
                .getSpec()
                .getTemplate();
    }

    private static List<Container> containers(PodTemplateSpec template) {
        return template.getSpec().getContainers();
    }

    private static Map<String, String> labels(PodTemplateSpec template) {
        return Optional.ofNullable(template.getMetadata().getLabels()).orElse(Map.of());
    }

    /** Whether a Service's selector (a plain label map) selects pods with these labels; an empty one selects none. */
    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    /**
     * Whether a label selector selects pods with these labels. Only {@code matchLabels} is understood: a selector
     * with expressions fails the test rather than being half-read.
     */
    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        assertThat(selector.getMatchExpressions())
                .as("matchExpressions in %s", selector)
                .isNullOrEmpty();
        Map<String, String> match =
                Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
        // An empty selector selects every pod; that is exactly what the checks must see.
        return labels.entrySet().containsAll(match.entrySet());
    }

    /** The sources one ingress rule admits; a rule without {@code from} admits everyone, shown as an empty peer. */
    private static List<NetworkPolicyPeer> peersOf(NetworkPolicyIngressRule rule) {
        return rule.getFrom() == null || rule.getFrom().isEmpty() ? List.of(new NetworkPolicyPeer()) : rule.getFrom();
    }

    private static boolean looksSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT).replace('-', '_');
        return SECRET_WORDS.stream().anyMatch(upper::contains);
    }

    /** Whether the compose variable sets a property that the service's contract requires. */
    private static boolean isRequiredSomewhere(String variable, String composeService) {
        ServiceContract contract = contract(composeService);
        if (contract == null) {
            return true;
        }
        return contract.required().stream()
                .anyMatch(property -> ContainerEnvironment.sets(Map.of(variable, "x"), property));
    }

    private static Set<String> envExampleVariables(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                names.add(trimmed.substring(0, trimmed.indexOf('=')).strip());
            }
        }
        return names;
    }
}
