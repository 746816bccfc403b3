package dev.proverstaking.bench.core;

import dev.proverstaking.ledger.Ledger;
import dev.proverstaking.rounding.Profile;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code bench core} runs.
 *
 * @param sizes           staker counts M, ascending
 * @param provers         provers N; the first holds {@code mainShare} of the stakers
 * @param opsPerRun       transactions applied per run
 * @param warmupRuns      untimed runs before the measured ones, per size
 * @param throughputRuns  runs timed as a whole (ops/s): no per-operation timer
 * @param timedRuns       runs timing every operation (ns/op per type)
 * @param globalWarmupOps transactions applied once per profile before anything is measured (JIT)
 * @param jsonStakers     stakers of the JSON replay's scenario (0: no JSON replay)
 * @param jsonOps         mixed operations of the JSON replay's scenario, after its setup
 * @param stateHash       whether the measured ledgers keep their state hash ({@link Ledger.StateHashing#ON})
 * @param hashEvery       with {@code stateHash}, ask for the hash every this many transactions of the
 *                        throughput runs (a node answering after each log entry); 0: only the journal's
 *                        bound folds it
 */
public record CoreBenchConfig(String name, int[] sizes, List<Profile> profiles, int provers, double mainShare,
                              int opsPerRun, int warmupRuns, int throughputRuns, int timedRuns, int globalWarmupOps,
                              long unstakeDelay, int jsonStakers, int jsonOps, int jsonRuns, long seed,
                              boolean stateHash, int hashEvery) {
    public CoreBenchConfig {
        sizes = Arrays.stream(sizes).sorted().distinct().toArray(); // each size once, ascending
        profiles = List.copyOf(profiles);
        if (sizes.length == 0 || sizes[0] < 1) throw new IllegalArgumentException("sizes must be >= 1");
        if (provers < 1 || opsPerRun < 1 || throughputRuns < 1 || timedRuns < 1 || warmupRuns < 0 || jsonRuns < 1) {
            throw new IllegalArgumentException("provers, ops and runs must be >= 1");
        }
        if (hashEvery < 0) throw new IllegalArgumentException("the state hash interval must be >= 0");
        if (hashEvery > 0 && !stateHash) throw new IllegalArgumentException("a state hash interval needs the state hash kept");
    }

    /** Without the state hash (the default ledger). */
    public CoreBenchConfig(String name, int[] sizes, List<Profile> profiles, int provers, double mainShare,
                           int opsPerRun, int warmupRuns, int throughputRuns, int timedRuns, int globalWarmupOps,
                           long unstakeDelay, int jsonStakers, int jsonOps, int jsonRuns, long seed) {
        this(name, sizes, profiles, provers, mainShare, opsPerRun, warmupRuns, throughputRuns, timedRuns, globalWarmupOps,
                unstakeDelay, jsonStakers, jsonOps, jsonRuns, seed, false, 0);
    }

    /** How the measured ledgers keep their state hash. */
    public Ledger.StateHashing hashing() {
        return stateHash ? Ledger.StateHashing.ON : Ledger.StateHashing.OFF;
    }

    /** A copy: the record stays immutable. */
    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    public int smallestSize() {
        return sizes[0];
    }

    public int largestSize() {
        return sizes[sizes.length - 1];
    }

    /** This run's population of {@code stakers} stakers in {@code profile}. */
    Population population(Profile profile, int stakers) {
        return Population.skewed(profile, provers, stakers, mainShare, unstakeDelay);
    }

    /** M = 10^3 .. 10^6, both profiles. A few minutes on 2 cores. */
    public static CoreBenchConfig full() {
        return new CoreBenchConfig("full", new int[] {1_000, 10_000, 100_000, 1_000_000},
                List.of(Profile.SOLVENT, Profile.REFERENCE), 10, 0.9, 200_000, 1, 5, 3, 1_000_000, 3600,
                10_000, 200_000, 3, 42);
    }

    /** M = 10^3 and 10^5, both profiles, smaller runs: under a minute on 2 cores. */
    public static CoreBenchConfig quick() {
        return new CoreBenchConfig("quick", new int[] {1_000, 100_000},
                List.of(Profile.SOLVENT, Profile.REFERENCE), 10, 0.9, 100_000, 1, 5, 3, 500_000, 3600,
                5_000, 50_000, 3, 42);
    }
}
