package io.tidemark.monitor;

/**
 * Percent thresholds of the resource policy (defaults in the README's "Resource policy": memory 80/90, CPU 85/95;
 * disk critical 95) and the hysteresis margin a reading must fall below a threshold by before its level is left.
 */
public record Thresholds(double memoryHigh, double memoryCritical, double cpuHigh, double cpuCritical,
                         double diskCritical, double margin) {
}
