package dev.proverstaking.bench.core;

/**
 * One operation type at one size: how many were timed per run, the median of the runs' mean
 * ns/op, and the bytes it allocates on average (measured in a separate, untimed run; NaN when
 * the JVM cannot tell).
 */
public record OpStat(long countPerRun, double nsPerOp, double bytesPerOp) {}
