package io.tidemark.destination;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The key of a row of a table without a primary key: SHA-256 over the names and text forms of its non-NULL
 * values, 128 bits in hex. Deterministic, so a batch written again finds its rows already there; NULLs are left
 * out so that a column added to the source (NULL in the rows written before) does not change existing hashes.
 * Rows equal in every value have one hash: they are one row in the destination.
 */
final class RowHash {
    private static final HexFormat HEX = HexFormat.of();
    private final MessageDigest sha256;

    RowHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** {@code texts[i]} is column {@code names.get(i)}'s value as {@link CopyText#text} gives it; null for NULL. */
    String of(List<String> names, String[] texts) {
        for (int i = 0; i < texts.length; i++) {
            if (texts[i] != null) {
                sha256.update(names.get(i).getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
                sha256.update(texts[i].getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
            }
        }
        byte[] digest = sha256.digest();
        return HEX.formatHex(digest, 0, 16);
    }
}
