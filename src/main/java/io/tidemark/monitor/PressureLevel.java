package io.tidemark.monitor;

/**
 * How strained one resource is, with hysteresis: a level is entered when the reading is strictly above its
 * threshold (80.0001 % &gt; 80 %), and left only once the reading falls below the threshold minus
 * the margin, so a reading wobbling around a threshold does not flap the level.
 */
public enum PressureLevel {
    NONE, HIGH, CRITICAL;

    /** The level after a reading of {@code percent}, coming from {@code this}. NaN (unknown) keeps the level. */
    public PressureLevel next(double percent, double high, double critical, double margin) {
        if (Double.isNaN(percent)) {
            return this;
        }
        if (percent > critical) {
            return CRITICAL;
        }
        if (this == CRITICAL && percent >= critical - margin) {
            return CRITICAL;
        }
        if (percent > high) {
            return HIGH;
        }
        if (this != NONE && percent >= high - margin) {
            return HIGH;
        }
        return NONE;
    }
}
