import java.util.Arrays;

/** What one run moved and how long its peers took. Byte figures are in file copies (pieces / pieces per file). */
final class Result {

    final String label;
    final Scenario s;
    final int regionCount = Scenario.NAMES.length;
    long pieces;
    long originPieces;
    long crossPieces;
    long crossContinentPieces;
    long costWeighted;
    final long[] crossInto = new long[regionCount];
    long handouts;
    long announces;
    long announceNanos;
    long crossHandouts;
    int seconds;
    int unfinished;
    double[] times;
    final double[][] regionTimes = new double[regionCount][];
    double wallSeconds;

    Result(String label, Scenario s) {
        this.label = label;
        this.s = s;
    }

    void moved(int from, int to, boolean fromOrigin, long cost) {
        pieces++;
        if (fromOrigin) {
            originPieces++;
        }
        if (from != to) {
            crossPieces++;
            crossInto[to]++;
            if (Scenario.CONTINENT[from] != Scenario.CONTINENT[to]) {
                crossContinentPieces++;
            }
        }
        costWeighted += cost;
    }

    void announced(long nanos) {
        announces++;
        announceNanos += nanos;
    }

    void handedOut(boolean cross) {
        handouts++;
        if (cross) {
            crossHandouts++;
        }
    }

    void finish(int seconds, int[] region, double[] joinAt, int[] doneAt) {
        this.seconds = seconds;
        int peers = region.length - 1;
        times = new double[peers];
        double[][] byRegion = new double[regionCount][peers];
        int[] counts = new int[regionCount];
        for (int p = 1; p <= peers; p++) {
            double time = doneAt[p] < 0 ? Double.POSITIVE_INFINITY : doneAt[p] - joinAt[p];
            unfinished += doneAt[p] < 0 ? 1 : 0;
            times[p - 1] = time;
            byRegion[region[p]][counts[region[p]]++] = time;
        }
        Arrays.sort(times);
        for (int r = 0; r < regionCount; r++) {
            regionTimes[r] = Arrays.copyOf(byRegion[r], counts[r]);
            Arrays.sort(regionTimes[r]);
        }
    }

    double copies(long count) {
        return count / (double) s.pieces;
    }

    static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** The region whose p90 is highest, and that p90 over the swarm's p90. */
    int slowestRegion() {
        int worst = 0;
        for (int r = 1; r < regionCount; r++) {
            if (percentile(regionTimes[r], 0.9) > percentile(regionTimes[worst], 0.9)) {
                worst = r;
            }
        }
        return worst;
    }
}
